"""Plain values exchanged with every search backend (frozen dataclasses, no framework types)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

__all__ = [
    "DOC_KINDS",
    "FACET_FIELDS",
    "EmptyQueryError",
    "Hit",
    "QuerySyntaxError",
    "SearchDoc",
    "SearchQuery",
    "SearchResult",
]

#: Fields that can be filtered on (``SearchQuery.filters``, ``court:浙0106`` in the query text)
#: and counted (``SearchQuery.facets``).
FACET_FIELDS: tuple[str, ...] = ("court", "year", "case_type", "cause", "procedure", "kind")

#: Document kinds in use; ``SearchDoc.kind`` is free text, these are the ones the platform writes.
DOC_KINDS: tuple[str, ...] = ("judgment", "ruling", "mediation", "decision", "statute", "case_document")

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One document to index: a judgment, ruling, mediation statement, statute article, case file …

    ``id`` is the caller's stable key (re-indexing the same id replaces the document).  ``access``
    holds the tokens of who may see it (``'public'``, ``'court:12'``, ``'case:345'`` …): a query
    restricted to some tokens finds the document only if it shares at least one of them; an empty
    tuple makes the document visible to unrestricted queries only.  ``extra`` is stored and
    handed back in :attr:`Hit.fields` (JSON-serialisable values), never searched.
    """

    id: str
    kind: str
    title: str
    body: str
    case_number: str = ""
    court: str = ""
    year: int | None = None
    case_type: str = ""
    cause: str = ""
    procedure: str = ""
    access: tuple[str, ...] = ("public",)
    sort_date: date | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError("SearchDoc.id must be a non-empty string")
        if isinstance(self.access, str):  # a bare string would be split into characters
            object.__setattr__(self, "access", (self.access,))
        else:
            object.__setattr__(self, "access", tuple(self.access))
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    def __reduce__(self) -> tuple[type[SearchDoc], tuple[Any, ...]]:
        # A mapping proxy cannot be pickled; rebuild from a plain dict (worker processes).
        values = [getattr(self, f.name) for f in fields(self)]
        values[-1] = dict(self.extra)
        return (SearchDoc, tuple(values))


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search request.

    ``text`` uses the query language of :mod:`xiezhi.nlp.search.query` (words, ``"phrases"``,
    ``-exclude``, ``OR``, parentheses, ``court:浙0106``).  ``filters`` maps a facet field to the
    values allowed for it (values of one field are OR-ed, fields AND-ed).  ``access=None`` searches
    everything; otherwise only documents sharing at least one access token are returned *and
    counted* (totals and facets never reveal inaccessible documents).  ``budget_ms`` is the time
    after which the backend stops optional work and answers with ``partial=True``.
    """

    text: str
    filters: Mapping[str, Sequence[str]] = field(default_factory=lambda: _EMPTY)
    access: Sequence[str] | None = None
    page: int = 1
    per_page: int = 10
    facets: Sequence[str] = FACET_FIELDS
    sort: Literal["relevance", "date"] = "relevance"
    budget_ms: int = 1000

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError("SearchQuery.text must be a string")
        filters: dict[str, tuple[str, ...]] = {}
        for name, values in self.filters.items():
            if name not in FACET_FIELDS:
                raise ValueError(f"unknown filter field {name!r}; use one of {', '.join(FACET_FIELDS)}")
            filters[name] = (values,) if isinstance(values, str | int) else tuple(values)
            filters[name] = tuple(str(v) for v in filters[name])
        object.__setattr__(self, "filters", MappingProxyType(filters))
        if self.access is not None:
            access = (self.access,) if isinstance(self.access, str) else tuple(self.access)
            object.__setattr__(self, "access", access)
        facets = tuple(self.facets)
        unknown = [f for f in facets if f not in FACET_FIELDS]
        if unknown:
            raise ValueError(f"unknown facet field(s) {unknown}; use {', '.join(FACET_FIELDS)}")
        object.__setattr__(self, "facets", facets)
        if self.page < 1:
            raise ValueError("page starts at 1")
        if not 1 <= self.per_page <= 100:
            raise ValueError("per_page must be between 1 and 100")
        if self.sort not in ("relevance", "date"):
            raise ValueError("sort must be 'relevance' or 'date'")
        if self.budget_ms <= 0:
            raise ValueError("budget_ms must be positive")


@dataclass(frozen=True, slots=True)
class Hit:
    """One result.  ``snippet`` is HTML: escaped text with ``<mark>…</mark>`` around matches (safe to
    insert as-is); ``title`` is plain text (escape it).  ``fields`` holds kind, case_number, court,
    year, case_type, cause, procedure, sort_date (ISO string or None) and extra."""

    id: str
    score: float
    title: str
    snippet: str
    fields: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of results.

    ``total`` is the number of accessible matching documents; ``facets`` maps each requested facet
    field to ``(value, count)`` pairs, most frequent first, counted over all ``total`` documents.
    ``partial`` is True when the time budget ran out before the optional work was done — see the
    backend for exactly what is then missing.  ``notes`` explains any simplification of the query
    (e.g. a 10,000-character query shortened to its first terms).
    """

    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    partial: bool
    took_ms: float
    page: int
    per_page: int
    notes: tuple[str, ...] = ()


class QuerySyntaxError(ValueError):
    """Malformed query text.  ``position`` is the 0-based character offset in the query as typed;
    ``message`` (English) and ``message_zh`` (Chinese) say what is wrong, for showing to the user."""

    def __init__(self, message: str, position: int, message_zh: str = "") -> None:
        self.message = message
        self.position = position
        self.message_zh = message_zh or message
        super().__init__(f"{message} (at character {position + 1})")


class EmptyQueryError(QuerySyntaxError):
    """The query has nothing to search for (empty, whitespace or punctuation only); callers
    usually show no results rather than an error."""
