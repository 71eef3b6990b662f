"""Public reads of published judgments, shared by the portal pages, the API and the export.

Everything here reads ``Publication.redacted_text`` of publications in state ``published`` and
public facts of the case (number, court, type, cause, procedure, dates) — never the original text,
the case title (which names the parties), the parsed metadata or the replacements.

:func:`search_published` asks the shared search index (source ``public_judgments``, as an anonymous
user, so only ``public`` documents can match) and then keeps only hits whose publication is
published at this moment: an unpublished judgment disappears at the commit, before the index has
caught up. Without words, the list comes from the database, newest first.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Publication
from .sources import KIND

__all__ = [
    "MAX_PER_PAGE",
    "PublicPage",
    "SearchFailed",
    "export_records",
    "public_queryset",
    "public_record",
    "published",
    "published_for_case",
    "search_published",
]

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 50
SNIPPET_CHARS = 160


class SearchFailed(Exception):
    """Bad query or filter input; ``code`` (empty_query, query_syntax, invalid_input,
    search_unavailable), ``message`` and, for syntax errors, ``position``."""

    def __init__(self, code: str, message: str, position: int | None = None, field: str = "q") -> None:
        super().__init__(message)
        self.code, self.message, self.position, self.field = code, message, position, field


def public_queryset() -> QuerySet[Publication]:
    return Publication.objects.published().select_related(
        "document", "document__case", "document__case__court", "document__case__cause"
    )


def published(pk: int) -> Publication | None:
    """The published publication ``pk``, or None (unknown, withheld, unpublished …)."""
    return public_queryset().filter(pk=pk).first()


def public_record(publication: Publication, *, with_text: bool = True) -> dict[str, Any]:
    """The public facts of a published judgment (and its redacted text), as plain JSON values."""
    document = publication.document
    case = document.case
    day = document.decided_on
    data: dict[str, Any] = {
        "id": publication.pk,
        "title": document.title,
        "kind": document.kind,
        "case_number": case.number or "",
        "document_number": document.document_number or case.number or "",
        "court_code": case.court.code,
        "court_name": case.court.name,
        "case_type": case.case_type,
        "cause": case.cause.name if case.cause_id else "",
        "procedure": case.procedure,
        "decided_on": day.isoformat() if day else None,
        "effective_on": publication.effective_on.isoformat() if publication.effective_on else None,
        "published_at": publication.published_at.isoformat() if publication.published_at else None,
        "anonymization": {"policy": publication.policy, "pipeline_version": publication.pipeline_version},
        "url": reverse("disclosure:public_detail", args=[publication.pk]),
    }
    if with_text:
        data["text"] = publication.redacted_text
    return data


def _filters(court: str | None, year: Any, case_type: str | None) -> dict[str, str]:
    clean: dict[str, str] = {}
    if court and court.strip():
        clean["court"] = court.strip()[:40]
    if year not in (None, ""):
        text = str(year).strip()
        if not (len(text) == 4 and text.isascii() and text.isdigit()):
            raise SearchFailed("invalid_input", "year must be four digits, such as 2024", field="year")
        clean["year"] = text
    if case_type and case_type.strip():
        clean["case_type"] = case_type.strip()[:40]
    return clean


def _clamp(value: Any, low: int, high: int, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return max(low, min(high, number))


@dataclass
class PublicPage:
    """One page of published judgments: each item is :func:`public_record` without the text, plus
    ``snippet`` (HTML: escaped text, ``<mark>`` around matches)."""

    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int
    query: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.per_page) if self.total else 0


def _plain_snippet(text: str) -> SafeString:
    body = " ".join(text.split())
    cut = body[:SNIPPET_CHARS] + ("…" if len(body) > SNIPPET_CHARS else "")
    return escape(cut)


def search_published(
    text: str = "",
    *,
    court: str | None = None,
    year: Any = None,
    case_type: str | None = None,
    page: Any = 1,
    per_page: Any = DEFAULT_PER_PAGE,
) -> PublicPage:
    """Published judgments matching ``text`` (the search language of ``/search/``) and filters.

    Raises :class:`SearchFailed` for a malformed query or filter.
    """
    filters = _filters(court, year, case_type)
    per_page = _clamp(per_page, 1, MAX_PER_PAGE, DEFAULT_PER_PAGE)
    page = _clamp(page, 1, 10_000, 1)
    text = text if isinstance(text, str) else ""
    if not text.strip():
        return _browse(filters, page, per_page)
    from xiezhi.search import services as search_services

    try:
        result = search_services.search(
            AnonymousUser(), text, {"kind": [KIND], **filters}, page, per_page, "relevance"
        )
    except search_services.EmptyQueryError:
        return _browse(filters, page, per_page, query=text)
    except search_services.QuerySyntaxError as exc:
        raise SearchFailed("query_syntax", exc.message, exc.position) from None
    except search_services.InvalidFilter as exc:
        raise SearchFailed("invalid_input", exc.message, field=exc.field) from None
    except search_services.SearchUnavailable as exc:
        raise SearchFailed("search_unavailable", str(exc)) from None
    ids = [
        (hit.fields.get("extra") or {}).get("publication_id")
        for hit in result.hits
        if hit.fields.get("kind") == KIND
    ]
    live = {p.pk: p for p in public_queryset().filter(pk__in=[i for i in ids if i])}
    items = []
    for hit in result.hits:
        publication = live.get((hit.fields.get("extra") or {}).get("publication_id"))
        if publication is None:
            continue  # unpublished since it was indexed: gone at once, whatever the index says
        item = public_record(publication, with_text=False)
        # The core escapes the text and adds only <mark> elements (xiezhi.nlp.search.snippet).
        item["snippet"] = mark_safe(hit.snippet) if hit.snippet else _plain_snippet(publication.redacted_text)  # noqa: S308
        items.append(item)
    dropped = len(result.hits) - len(items)
    return PublicPage(
        items, max(0, result.total - dropped), result.page, result.per_page, text, list(result.notes)
    )


def _browse(filters: Mapping[str, str], page: int, per_page: int, query: str = "") -> PublicPage:
    queryset = public_queryset()
    if "court" in filters:
        queryset = queryset.filter(document__case__court__code=filters["court"])
    if "year" in filters:
        queryset = queryset.filter(document__decided_on__year=int(filters["year"]))
    if "case_type" in filters:
        queryset = queryset.filter(document__case__case_type=filters["case_type"])
    total = queryset.count()
    last = max(1, math.ceil(total / per_page))
    page = min(page, last)
    rows = queryset.order_by("-published_at", "-pk")[(page - 1) * per_page : page * per_page]
    items = []
    for publication in rows:
        item = public_record(publication, with_text=False)
        item["snippet"] = _plain_snippet(publication.redacted_text)
        items.append(item)
    return PublicPage(items, total, page, per_page, query)


def published_for_case(case_id: int) -> list[dict[str, Any]]:
    """The case's judgments published now: title, number and public URL (for the parties' portal)."""
    return [
        {
            "title": p.document.title,
            "document_number": p.document.document_number or p.document.case.number or "",
            "url": reverse("disclosure:public_detail", args=[p.pk]),
        }
        for p in public_queryset().filter(document__case_id=case_id).order_by("pk")
    ]


def export_records() -> Iterator[dict[str, Any]]:
    """Every published judgment with its metadata and redacted text, oldest publication first."""
    for publication in public_queryset().order_by("pk").iterator(chunk_size=200):
        yield public_record(publication)


def withheld_notices(limit: int = 200) -> list[dict[str, Any]]:
    """Art. 6: for a document that is not published the court still publishes its number, court,
    date and the ground — unless that would itself leak a state secret (those are left out). Only
    the ground's label is shown, never the reviewer's own words (they may name people)."""
    from .models import PublicationState, WithholdGround

    rows = (
        Publication.objects.filter(state=PublicationState.WITHHELD)
        .exclude(ground__in=("", WithholdGround.STATE_SECRET))
        .select_related("document", "document__case", "document__case__court")
        .order_by("-document__decided_on", "-pk")[:limit]
    )
    return [
        {
            "document_number": p.document.document_number or p.document.case.number or "",
            "title": p.document.title,
            "court_name": p.document.case.court.name,
            "decided_on": p.document.decided_on,
            "ground": p.get_ground_display(),
        }
        for p in rows
    ]


def court_choices() -> list[tuple[str, str]]:
    """Courts that have published judgments: (code, name)."""
    rows = (
        public_queryset()
        .order_by("document__case__court__code")
        .values_list("document__case__court__code", "document__case__court__name")
        .distinct()
    )
    return list(rows)


def year_choices() -> list[int]:
    years = public_queryset().exclude(document__decided_on__isnull=True).dates("document__decided_on", "year")
    return sorted({d.year for d in years}, reverse=True)
