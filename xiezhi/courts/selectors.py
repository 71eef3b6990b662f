"""Reads about courts that pages and the API share."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Court, CourtLevel

LEVELS = [
    (CourtLevel.HIGH, _("High courts")),
    (CourtLevel.INTERMEDIATE, _("Intermediate courts")),
    (CourtLevel.BASIC, _("Basic courts")),
]


@dataclass
class CourtNode:
    court: Court
    children: list[CourtNode] = field(default_factory=list)


def directory(query: str = "", level: str = "") -> list[CourtNode]:
    """Active courts as a tree (high → intermediate → basic), filtered by name/code and level.

    A court that matches keeps its ancestors so that it is shown in context.
    """
    courts = list(Court.objects.active().select_related("parent").order_by("code"))
    by_id = {court.pk: court for court in courts}
    matched = set()
    q = query.strip()
    for court in courts:
        if (not q or q in court.name or q.upper() in court.code.upper()) and (
            not level or court.level == level
        ):
            matched.add(court.pk)
    keep = set(matched)
    for pk in matched:
        parent_id = by_id[pk].parent_id
        while parent_id and parent_id in by_id:
            keep.add(parent_id)
            parent_id = by_id[parent_id].parent_id
    nodes = {pk: CourtNode(by_id[pk]) for pk in keep}
    roots: list[CourtNode] = []
    for pk in sorted(keep, key=lambda key: by_id[key].code):
        node = nodes[pk]
        parent_id = by_id[pk].parent_id
        if parent_id in nodes:
            nodes[parent_id].children.append(node)
        else:
            roots.append(node)
    return roots
