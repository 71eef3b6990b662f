"""What every search backend provides, and the pieces they share (snippets, exact-match rule)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, runtime_checkable

from xiezhi.nlp.segment import fold

from .analysis import case_number_key, looks_like_case_number, title_key
from .types import SearchDoc, SearchQuery, SearchResult

__all__ = ["REINDEX_BATCH", "ExactBoost", "SearchBackend", "boost_exact", "snippet"]

#: Documents per ``index()`` + ``commit()`` of a rebuild (``xiezhi search reindex``; the benchmark
#: feeds its engines the same way).  A commit waits for the writer's threads to flush, so the
#: analysis in the calling thread and Tantivy's indexing overlap only between commits: at 1,000
#: documents per commit a rebuild ran ~20 % slower than at 5,000.
REINDEX_BATCH = 5000


@runtime_checkable
class SearchBackend(Protocol):
    """An index of :class:`SearchDoc` values that answers :class:`SearchQuery` values.

    Writes are buffered: :meth:`index` and :meth:`delete` take effect for searches after
    :meth:`commit`.  Implementations: :class:`~xiezhi.nlp.search.tantivy_backend.TantivyBackend`
    (embedded default) and the PostgreSQL backend of the search app.
    """

    def index(self, docs: Iterable[SearchDoc]) -> int:
        """Add or replace (same ``id``) documents; returns how many were given."""
        ...

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; returns how many of them were in the index."""
        ...

    def commit(self) -> None:
        """Make all earlier writes durable and visible to searches."""
        ...

    def search(self, query: SearchQuery) -> SearchResult:
        """Run a query; raises :class:`~xiezhi.nlp.search.types.QuerySyntaxError` for bad syntax."""
        ...

    def count(self) -> int:
        """Number of documents visible to searches (committed)."""
        ...

    def clear(self) -> None:
        """Remove every document (committed immediately)."""
        ...


# --------------------------------------------------------------------------------------------------
# Exact-match rule
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExactBoost:
    """Keys that put a document first when they equal its stored key.

    ``case_number`` — the :func:`~xiezhi.nlp.search.analysis.case_number_key` of the query when the
    whole query is a case number (else None); compare with the key of ``SearchDoc.case_number``.
    ``title`` — the :func:`~xiezhi.nlp.search.analysis.title_key` of the query; compare with the key
    of ``SearchDoc.title``.  A backend ranks a case-number match above a title match above
    everything else, and searches a case-number query as one exact phrase (so its parentheses are
    not query syntax).
    """

    case_number: str | None
    title: str


def boost_exact(query_text: str) -> ExactBoost:
    """The exact-match rule for a query (see :class:`ExactBoost`).

    >>> boost_exact("(2024)浙0106刑初123号").case_number
    '（2024）浙0106刑初123号'
    >>> boost_exact("张某盗窃案").case_number is None
    True
    """
    number = case_number_key(query_text) if looks_like_case_number(query_text) else None
    return ExactBoost(number, title_key(query_text))


# --------------------------------------------------------------------------------------------------
# Snippets
# --------------------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_RUN = re.compile(r"[^\W_]+")
_MAX_OCCURRENCES = 64  # per needle: enough to place a window, bounded for long texts


@lru_cache(maxsize=256)
def _needles(terms: tuple[str, ...]) -> tuple[str, ...]:
    # Cached: a results page calls snippet() once per hit with the same terms.
    found: dict[str, None] = {}
    for term in terms:
        folded = _WS.sub(" ", fold(term)).strip()
        if folded:
            found[folded] = None
        for piece in _RUN.findall(folded):  # text with punctuation matches by its runs
            found[piece] = None
    # Longest first, so that 危险驾驶罪 wins over 危险驾驶 where both match.
    return tuple(sorted(found, key=len, reverse=True))


def _spans(folded: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Non-overlapping match spans, in text order; at a shared start the longest match wins."""
    found: list[tuple[int, int]] = []
    for needle in needles:
        size, hits = len(needle), 0
        start = folded.find(needle)
        while start != -1 and hits < _MAX_OCCURRENCES:
            found.append((start, start + size))
            hits += 1
            start = folded.find(needle, start + size)
    found.sort(key=lambda span: (span[0], span[0] - span[1]))
    spans: list[tuple[int, int]] = []
    end = -1
    for span in found:
        if span[0] >= end:
            spans.append(span)
            end = span[1]
    return spans


def _window(spans: list[tuple[int, int]], length: int, width: int) -> tuple[int, int]:
    """Start and end of the ``width``-character window holding the most spans."""
    if not spans:
        return 0, min(length, width)
    lead = min(width // 6, 20)  # a little context before the first match
    best_start, best_count, j = 0, 0, 0
    for i, (s, _e) in enumerate(spans):
        window_start = s - lead if s > lead else 0
        j = j if j > i else i
        while j < len(spans) and spans[j][1] <= window_start + width:
            j += 1
        if j - i > best_count:
            best_start, best_count = window_start, j - i
    # Near the end of the text, use the room on the left rather than showing a short excerpt.
    start = max(0, min(best_start, length - width))
    end = min(length, start + width)
    for s, e in spans:  # do not cut a match in two at the right edge
        if s < end < e:
            return start, s
    return start, end


def snippet(text: str, terms: Sequence[str], width: int = 120) -> str:
    """An HTML excerpt of ``text`` of about ``width`` characters around the densest cluster of
    ``terms``, escaped, with ``<mark>…</mark>`` around each match and ``…`` where text was cut.

    Matching is on folded text (half-width, simplified, case-insensitive), so a traditional or
    full-width query highlights simplified text; a term with punctuation also matches by its runs
    of letters/digits/CJK; whitespace runs are shown as one space.  Without a match, the start of
    ``text``.

    >>> snippet("被告人<b>张某</b>犯盗窃罪。", ["盜竊"])
    '被告人&lt;b&gt;张某&lt;/b&gt;犯<mark>盗窃</mark>罪。'
    """
    if not text:
        return ""
    # fold() never changes the length, so offsets in the folded text are offsets in ``text``.
    spans = _spans(fold(text), _needles(tuple(terms))) if terms else []
    start, end = _window(spans, len(text), width)
    out: list[str] = ["…"] if start > 0 else []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        out.append(html.escape(_WS.sub(" ", text[pos:s])))
        out.append("<mark>" + html.escape(_WS.sub(" ", text[s:e])) + "</mark>")
        pos = e
    out.append(html.escape(_WS.sub(" ", text[pos:end])))
    if end < len(text):
        out.append("…")
    return "".join(out)
