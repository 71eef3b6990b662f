"""Typed input and output of the search API (``GET /api/v1/search``)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class SearchParams(Schema):
    """Query-string parameters. Filters take one value each; ``per_page`` is clamped to 1..50 and
    ``page`` to the pages there are, never refused."""

    q: str = ""
    kind: str = ""
    court: str = ""
    year: str = ""
    case_type: str = ""
    cause: str = ""
    procedure: str = ""
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"


class HitOut(Schema):
    id: str
    kind: str
    title: str
    snippet: str  # HTML: escaped text with <mark> around matches
    score: float
    url: str
    case_number: str
    court: str
    court_name: str
    year: int | None
    case_type: str
    cause: str
    procedure: str
    date: str | None
    extra: dict[str, Any]


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    query: str
    total: int = Field(
        description="Hits that can be paged through: all of them, or the first 10,000 when `more` is true."
    )
    more: bool = Field(
        description="True when more documents matched than `total`; only the first 10,000 can be paged "
        "through (narrow the query to reach the rest)."
    )
    page: int
    per_page: int
    pages: int
    partial: bool
    took_ms: float
    notes: list[str]
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]


class SearchErrorInfo(Schema):
    status: int
    code: str
    message: str
    message_zh: str = ""
    position: int | None = None
    details: list[dict[str, Any]] = []


class SearchErrorOut(Schema):
    error: SearchErrorInfo
