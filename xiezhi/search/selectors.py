"""Reads for showing search results: where a hit links to, and the names of facet values.

Shared by the search page and the API, so both link a hit to the same place and name a court the
same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from xiezhi import policy
from xiezhi.nlp.search import Hit, SearchResult

__all__ = [
    "FACET_LABELS",
    "FACET_ORDER",
    "KIND_LABELS",
    "court_names",
    "hit_url",
    "present_hits",
    "value_label",
]

#: Facets in the order the page shows them.
FACET_ORDER: tuple[str, ...] = ("kind", "court", "year", "case_type", "cause", "procedure")

FACET_LABELS = {
    "kind": _("Document kind"),
    "court": _("Court"),
    "year": _("Year"),
    "case_type": _("Case type"),
    "cause": _("Cause of action or charge"),
    "procedure": _("Procedure"),
}

KIND_LABELS = {
    "statute": _("Statute article"),
    "case": _("Case"),
    "case_document": _("Case file document"),
    "judgment": _("Judgment"),
    "ruling": _("Ruling"),
    "mediation": _("Mediation statement"),
    "decision": _("Decision"),
    "published_judgment": _("Published decision document"),
}


JUDGMENT_KINDS = ("judgment", "ruling", "mediation", "decision")


def court_names(codes: Iterable[str]) -> dict[str, str]:
    """Court code → name, for the codes given (one query)."""
    from xiezhi.courts.models import Court

    codes = {c for c in codes if c}
    if not codes:
        return {}
    return dict(Court.objects.filter(code__in=codes).values_list("code", "name"))


def value_label(field: str, value: str, courts: dict[str, str] | None = None) -> str:
    """How a facet value is shown: court names for codes, labels for kinds, types and procedures."""
    from xiezhi.cases.models import CaseType, Procedure

    if field == "kind":
        return str(KIND_LABELS.get(value, value))
    if field == "court":
        return (courts or {}).get(value, value)
    if field == "case_type":
        return str(dict(CaseType.choices).get(value, value))
    if field == "procedure":
        return str(dict(Procedure.choices).get(value, value))
    return value


def hit_url(hit: Hit, user: Any) -> str:
    """Where a hit leads: a statute to its article in the statute browser; a case and its
    documents to the case page — the workspace's for staff, the portal's for parties."""
    extra = hit.fields.get("extra") or {}
    kind = hit.fields.get("kind")
    try:
        if kind == "statute" and extra.get("law_id") and extra.get("label"):
            return reverse("laws:article", args=[extra["law_id"], extra["label"]])
        if kind == "published_judgment" and extra.get("publication_id"):
            return reverse("disclosure:public_detail", args=[extra["publication_id"]])
        if kind in JUDGMENT_KINDS and extra.get("document_id"):
            return reverse("judgments:detail", args=[extra["document_id"]])
        if kind in ("case", "case_document") and extra.get("case_id"):
            name = "cases:detail" if policy.can(user, "workspace.view") else "cases:portal_detail"
            url = reverse(name, args=[extra["case_id"]])
            return url + "#case-files" if kind == "case_document" else url
    except NoReverseMatch:
        return ""
    return ""


def present_hits(result: SearchResult, user: Any) -> list[dict[str, Any]]:
    """The hits of a page as plain values for templates and the API."""
    courts = court_names(hit.fields.get("court") or "" for hit in result.hits)
    out = []
    for hit in result.hits:
        fields = hit.fields
        extra = dict(fields.get("extra") or {})
        kind = fields.get("kind") or ""
        court = fields.get("court") or ""
        out.append(
            {
                "id": hit.id,
                "kind": kind,
                "kind_label": str(KIND_LABELS.get(kind, kind)),
                "title": hit.title,
                # The core escapes the text and adds only <mark> elements (xiezhi.nlp.search.snippet).
                "snippet": mark_safe(hit.snippet),  # noqa: S308
                "score": float(hit.score),
                "url": hit_url(hit, user),
                "case_number": fields.get("case_number") or extra.get("case_number") or "",
                "court": court,
                "court_name": courts.get(court, extra.get("court_name", "")),
                "year": fields.get("year"),
                "case_type": fields.get("case_type") or "",
                "case_type_label": value_label("case_type", fields.get("case_type") or ""),
                "cause": fields.get("cause") or "",
                "procedure": fields.get("procedure") or "",
                "date": fields.get("sort_date"),
                "internal": bool(extra.get("internal")),
                "extra": extra,
            }
        )
    return out
