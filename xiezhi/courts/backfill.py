"""Fill in what court records lack from their codes (法院代字): the region and the court above.

Courts created from judgment headers by the judgment import had no region and, below the high
courts, no parent; the similar-case search could then neither filter their cases by region nor tier
a court above them "higher". :func:`backfill_courts` sets, for every court,

* an empty ``region_code`` to the region its code implies (:func:`.rules.region_from_code`);
* an empty ``parent`` to the court its code names (:func:`.rules.parent_code_from_code`), when that
  court exists and the pair passes :func:`.rules.court_code_problems`.

Nothing already set is changed. Used by the data migration ``0003`` and by ``xiezhi courts_backfill``
(which can be run again after an import created the missing parent courts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .rules import court_code_problems, parent_code_from_code, region_from_code


@dataclass(frozen=True)
class CourtChange:
    """One court's filled-in fields: ``{field: (before, after)}`` (parent given by court code)."""

    court: Any
    changes: dict[str, tuple[str, str]]


def planned_changes(courts: list[Any]) -> list[CourtChange]:
    """What :func:`backfill_courts` would change in ``courts`` (court records with ``code``,
    ``level``, ``region_code``, ``parent_id``), without saving anything."""
    by_code = {c.code: c for c in courts}
    out = []
    for court in courts:
        changes: dict[str, tuple[str, str]] = {}
        if not court.region_code:
            region = region_from_code(court.code)
            if region:
                changes["region_code"] = ("", region)
        if court.parent_id is None and court.level != "supreme":
            parent = by_code.get(parent_code_from_code(court.code) or "")
            fits = parent is not None and not court_code_problems(
                court.code, court.level, parent.code, parent.level
            )
            if fits:
                changes["parent"] = ("", parent.code)
        if changes:
            out.append(CourtChange(court, changes))
    return out


def backfill_courts(court_model: Any, *, dry_run: bool = False) -> list[CourtChange]:
    """Fill empty regions and parents of ``court_model``'s records from their codes; the changes made
    (or, with ``dry_run``, that would be made)."""
    courts = list(court_model.objects.order_by("code"))
    by_code = {c.code: c for c in courts}
    planned = planned_changes(courts)
    if dry_run:
        return planned
    for change in planned:
        court = change.court
        fields = []
        if "region_code" in change.changes:
            court.region_code = change.changes["region_code"][1]
            fields.append("region_code")
        if "parent" in change.changes:
            court.parent = by_code[change.changes["parent"][1]]
            fields.append("parent")
        court.save(update_fields=fields)
    return planned
