"""The search page, ``/search/``: statutes for everyone, and for staff and parties the cases and case
file documents they may see — results with highlighted snippets, facet counts as filter links,
pagination, and syntax errors shown next to the search box with their position (HTTP 400, the box
keeping the query as typed).

Server-rendered; with htmx (``hx-boost`` on the results), following a facet, sort or page link
replaces only the results block — the page works the same without JavaScript.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from xiezhi import policy
from xiezhi.nlp.search import FACET_FIELDS

from . import services
from .selectors import FACET_LABELS, FACET_ORDER, court_names, present_hits, value_label

MAX_QUERY_ECHO = 20_000  # the box keeps what was typed, up to the longest query the parser accepts


def _url(params: dict[str, str], **changes: str | None) -> str:
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _note(note: str) -> str:
    """The core writes notes as "English. / 中文。": the half in the page's language."""
    english, _sep, chinese = note.partition(" / ")
    return chinese if chinese and (get_language() or "").startswith("zh") else english


def _localised(exc: services.QuerySyntaxError) -> str:
    return exc.message_zh if (get_language() or "").startswith("zh") else exc.message


def _facet_groups(result: Any, params: dict[str, str], filters: dict[str, list[str]]) -> list[dict[str, Any]]:
    courts = court_names(
        [value for value, _count in result.facets.get("court", [])] + filters.get("court", [])
    )
    groups = []
    for field in FACET_ORDER:
        active = filters.get(field, [])
        values = []
        for value, count in result.facets.get(field, []):
            selected = value in active
            values.append(
                {
                    "value": value,
                    "label": value_label(field, value, courts),
                    "count": count,
                    "selected": selected,
                    "url": _url(params, **{field: None if selected else value, "page": None}),
                }
            )
        # A chosen filter stays visible (to remove it) even when it matches nothing now.
        for value in active:
            if not any(v["value"] == value for v in values):
                values.append(
                    {
                        "value": value,
                        "label": value_label(field, value, courts),
                        "count": 0,
                        "selected": True,
                        "url": _url(params, **{field: None, "page": None}),
                    }
                )
        if values:
            groups.append({"field": field, "label": FACET_LABELS[field], "values": values})
    return groups


def _page_links(params: dict[str, str], page: int, last: int) -> list[dict[str, Any]]:
    """Numbers around the current page, with the first and last (None marks a gap)."""
    shown = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    links: list[dict[str, Any]] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append({"gap": True})
        links.append({"number": number, "url": _url(params, page=str(number)), "current": number == page})
        previous = number
    return links


def _params(query: QueryDict) -> dict[str, str]:
    params = {"q": query.get("q", "")[:MAX_QUERY_ECHO]}
    for name in (*FACET_FIELDS, "sort"):
        value = query.get(name, "").strip()[:100]
        if value:
            params[name] = value
    return params


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """The search page (检索). Anyone may search; what is found depends on who asks."""
    policy.require(request.user, "site.view")
    params = _params(request.GET)
    text = params["q"]
    filters: dict[str, list[str]] = {}
    context: dict[str, Any] = {
        "q": text,
        "sort": params.get("sort", "relevance"),
        "params": params,
        "result": None,
        "hits": [],
        "facets": [],
        "error": None,
        "empty": False,
        "base_template": "workspace_base.html" if policy.can(request.user, "workspace.view") else "base.html",
        "sort_urls": {
            "relevance": _url(params, sort=None, page=None),
            "date": _url(params, sort="date", page=None),
        },
    }
    try:
        filters = services.normalise_filters({k: params[k] for k in FACET_FIELDS if k in params})
        if not text.strip():
            raise services.EmptyQueryError("empty query", 0)
        result = services.search(
            request.user,
            text,
            filters,
            request.GET.get("page", 1),
            services.DEFAULT_PER_PAGE,
            params.get("sort", ""),
        )
    except services.EmptyQueryError:
        context["empty"] = True
    except services.QuerySyntaxError as exc:
        position = max(0, min(exc.position, len(text)))
        context["error"] = {
            "message": _localised(exc),
            "position": position + 1,
            "before": text[:position][-40:],
            "at": text[position : position + 1],
            "after": text[position + 1 :][:40],
        }
    except services.InvalidFilter:
        context["error"] = {"message": _("The year must be four digits, such as 2024.")}
    except services.SearchUnavailable:
        context["unavailable"] = True
    else:
        last = services.pages(result)
        context.update(
            result=result,
            hits=present_hits(result, request.user),
            facets=_facet_groups(result, params, filters),
            last_page=last,
            page_links=_page_links(params, result.page, last) if last > 1 else [],
            previous_url=_url(params, page=str(result.page - 1)) if result.page > 1 else "",
            next_url=_url(params, page=str(result.page + 1)) if result.page < last else "",
            total=services.reachable(result),
            capped=services.more_than_reachable(result),
            first_number=(result.page - 1) * result.per_page + 1,
            notes=[_note(note) for note in result.notes],
            window=services.RESULT_WINDOW,
        )
    context["filters"] = [
        {
            "label": FACET_LABELS[f],
            "value": value_label(f, v, court_names(filters.get("court", []))),
            "url": _url(params, **{f: None, "page": None}),
        }
        for f in FACET_ORDER
        for v in filters.get(f, [])
    ]
    # A malformed query or filter is the client's error: 400, with the form keeping what was typed.
    status = 400 if context["error"] else 200
    return render(request, "search/search.html", context, status=status)
