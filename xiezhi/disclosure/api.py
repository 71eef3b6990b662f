"""Open data: ``/api/v1/public/judgments`` — published judgments, redacted content only, no login.

- ``GET /api/v1/public/judgments?q=&court=&year=&case_type=&page=&per_page=`` — search (or, without
  ``q``, the newest first): metadata and a highlighted snippet of the redacted text;
- ``GET /api/v1/public/judgments/{id}`` — one published judgment with its redacted text (404 for
  anything not published now: never published, withheld, unpublished);
- ``GET /api/v1/public/judgments/export.jsonl`` — every published judgment, one JSON object per
  line (the fields of the detail), streamed.

Errors are structured (``xiezhi.api.errors``): a malformed query 400 ``query_syntax`` with its
``position`` in ``details``, a bad year 400 ``invalid_input``, non-numeric ``page`` 422.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router

from xiezhi.api.errors import ApiError
from xiezhi.api.schemas import ErrorOut

from . import selectors
from .schemas import PublicJudgmentDetailOut, PublicSearchOut, PublicSearchParams

router = Router(tags=["open data"])

ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 503: ErrorOut}


def _lines() -> Iterator[bytes]:
    for record in selectors.export_records():
        yield (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


@router.get("/export.jsonl", auth=None, summary="All published judgments as JSON Lines (streamed)")
def export(request: HttpRequest):  # type: ignore[no-untyped-def]
    """One line per published judgment: the detail's fields including the redacted ``text``."""
    response = StreamingHttpResponse(_lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="judgments.jsonl"'
    return response


SEARCH_DESCRIPTION = (
    "Open data (no login): search the judgments published now, redacted content only (names the "
    "publication rules protect, identity numbers, phones and street addresses are removed; judges, "
    "clerks, lawyers and the case number are kept). `q` uses the search language of `/search/`; "
    "without `q` the newest come first. Filters: `court` (court code), `year` (of the decision), "
    "`case_type`; `page`, `per_page` (at most 50). Each item has the public metadata, the "
    "anonymization policy and a highlighted `snippet` (HTML). Errors: 400 `query_syntax` (with the "
    "position) or `invalid_input`, 422 for a non-numeric page, 503 `search_unavailable`. One judgment: "
    "`/api/v1/public/judgments/{id}`; everything as JSON Lines: `/api/v1/public/judgments/export.jsonl`."
)


@router.get(
    "",
    response={200: PublicSearchOut, **ERRORS},
    auth=None,
    summary="Search published judgments",
    description=SEARCH_DESCRIPTION,
)
def search(request: HttpRequest, params: Query[PublicSearchParams]):  # type: ignore[no-untyped-def]
    try:
        page = selectors.search_published(
            params.q,
            court=params.court,
            year=params.year,
            case_type=params.case_type,
            page=params.page,
            per_page=params.per_page,
        )
    except selectors.SearchFailed as exc:
        status = 503 if exc.code == "search_unavailable" else 400
        detail = exc.message if exc.position is None else f"{exc.message} (at character {exc.position + 1})"
        raise ApiError(status, exc.code, exc.message, [{"field": exc.field, "message": detail}]) from None
    return {
        "query": page.query,
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "notes": page.notes,
        "items": [{**item, "snippet": str(item["snippet"])} for item in page.items],
    }


@router.get(
    "/{int:pk}",
    response={200: PublicJudgmentDetailOut, **ERRORS},
    auth=None,
    summary="A published judgment",
    description="One judgment published now, with its redacted `text`; 404 `not_found` for anything else.",
)
def detail(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    publication = selectors.published(pk)
    if publication is None:
        raise ApiError(404, "not_found", "No published judgment has this id.")
    return selectors.public_record(publication)
