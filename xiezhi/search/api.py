"""The search API, ``GET /api/v1/search``: the same search as the search page, as JSON.

Authentication is optional: without an ``Authorization`` header the caller is anonymous and finds
public documents (statutes); with a bearer token, what the token's user may see. A token that is
sent but not valid is refused (401) rather than silently treated as anonymous.

Bad input is never a 500: a malformed query is a 400 whose error says where the problem is
(``{"error": {"code": "query_syntax", "message", "message_zh", "position"}}``, ``position`` 0-based
in the query as sent); an empty query a 400 ``empty_query``; a bad year a 400 ``invalid_input``;
non-numeric ``page``/``per_page`` a 422. ``per_page`` is clamped to 1..50 and ``page`` to the pages
there are.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.security import HttpBearer

from xiezhi.api.auth import token_auth
from xiezhi.api.schemas import ErrorOut
from xiezhi.nlp.search import FACET_FIELDS

from . import services
from .schemas import SearchErrorOut, SearchOut, SearchParams
from .selectors import court_names, present_hits, value_label

router = Router(tags=["search"])


class OptionalTokenAuth(HttpBearer):
    """Bearer token if one is sent (then it must be valid), else an anonymous caller."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get(self.header):
            return AnonymousUser()
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return token_auth.authenticate(request, token)


optional_token = OptionalTokenAuth()


def _error(status: int, code: str, message: str, **extra: Any) -> Status:
    return Status(status, {"error": {"status": status, "code": code, "message": message, **extra}})


@router.get(
    "",
    response={200: SearchOut, 400: SearchErrorOut, 401: ErrorOut, 422: ErrorOut, 503: SearchErrorOut},
    auth=optional_token,
    summary="Search statutes, cases and case file documents",
)
def search(request: HttpRequest, params: Query[SearchParams]):  # type: ignore[no-untyped-def]
    """Full-text search with facets. Every hit carries its score; ``total`` is the number of hits
    that can be paged through — every match, or the first 10,000 when more matched, and then
    ``more`` is true ("more than 10,000"); ``pages`` is the number of pages those fill. ``partial``
    is true when the time budget ran out and facet counts or highlights may be missing. Facet counts
    cover every match the caller may see."""
    user = request.auth
    filters = {name: getattr(params, name) for name in FACET_FIELDS if getattr(params, name)}
    try:
        result = services.search(user, params.q, filters, params.page, params.per_page, params.sort)
    except services.EmptyQueryError as exc:
        return _error(
            400,
            "empty_query",
            "The query has nothing to search for.",
            message_zh=exc.message_zh,
            position=exc.position,
            details=[{"field": "q", "message": exc.message}],
        )
    except services.QuerySyntaxError as exc:
        return _error(
            400,
            "query_syntax",
            exc.message,
            message_zh=exc.message_zh,
            position=exc.position,
            details=[{"field": "q", "message": f"{exc.message} (at character {exc.position + 1})"}],
        )
    except services.InvalidFilter as exc:
        return _error(
            400, "invalid_input", exc.message, details=[{"field": exc.field, "message": exc.message}]
        )
    except services.SearchUnavailable as exc:
        return _error(503, "search_unavailable", str(exc))
    courts = court_names(value for value, _count in result.facets.get("court", []))
    hits = present_hits(result, user)
    return {
        "query": params.q,
        "total": services.reachable(result),
        "more": services.more_than_reachable(result),
        "page": result.page,
        "per_page": result.per_page,
        "pages": services.pages(result),
        "partial": result.partial,
        "took_ms": round(result.took_ms, 2),
        "notes": list(result.notes),
        "hits": [{**hit, "snippet": str(hit["snippet"])} for hit in hits],
        "facets": {
            field: [
                {"value": value, "label": value_label(field, value, courts), "count": count}
                for value, count in pairs
            ]
            for field, pairs in result.facets.items()
        },
    }
