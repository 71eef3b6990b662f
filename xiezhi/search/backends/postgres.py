"""The PostgreSQL search backend: full-text search in the database itself, for deployments on
PostgreSQL (``XIEZHI_SEARCH_BACKEND=postgres``). Same queries, same result shape as the Tantivy
backend; no second system to run, back up or keep in step.

Storage — the table ``search_document`` (model :class:`~xiezhi.search.models.SearchDocument`
plus the PostgreSQL-only columns of migration 0002), one row per document:

=====================  =============================================================================
``doc_id`` (unique)    the document's id
``kind`` ``court``     facet columns (btree on kind, court, year), compared after ``facet_key``
``year`` ``case_type``
``cause`` ``procedure``
``title`` ``body``     the text as given: hits and highlighted snippets are made from it
``case_number_key``    canonical case number — equal to a case-number query → first
``title_key``          folded title — equal to the query → first (after a case-number match)
``access text[]``      access tokens (GIN): a search keeps rows with ``access && <user's tokens>``
``words tsvector``     word tokens of the title (weight A) and the body (weight B) (GIN)
``title_chars``        character tokens of the title / body with positions (GIN): exact
``body_chars``         substrings as phrase queries ``'盗窃' <-> '窃罪'``
``sort_date``          ``sort=date``: newest first, undated last, then id (btree)
=====================  =============================================================================

The tokens come from the search core's analyzer (:mod:`xiezhi.nlp.search.analysis`, the same
strings Tantivy indexes) and are stored as ``tsvector`` literals with explicit positions; queries
are ``tsquery`` literals built by the core's helpers (every lexeme quoted and escaped) and cast
with ``::tsquery``. PostgreSQL's own text-search parser never sees the text: ``to_tsquery`` would
run it, and whether it keeps CJK characters depends on the database's locale. User text is never
put into SQL; it travels as a bound parameter.

Queries — the core's AST is compiled to a SQL condition, as the Tantivy backend compiles it: a
bare word is ``words @@ q OR title_chars @@ s OR body_chars @@ s`` — all its words, or all its
character pairs anywhere (``'盗窃' & '窃罪'``: a superset of "contains it" without position
checks); a quoted phrase is the character part with ``<->`` (exactly "contains it");
``field:value`` a column comparison; ``-x`` ``NOT``; ``OR`` and grouping as written.

Ranking is ``ts_rank_cd`` (cover density, length-normalised), **not BM25**: words (of bare words
and of phrases) count with title weight 1.0 and body weight 1/3, character matches in the title
×1.5; a case-number match adds 10⁶ and an exact title 10⁵. The body's character tokens decide
*whether* a document matches, never its rank: ranking by them read each match's largest column
(≈ 15 kB out of line per judgment) and cost more than all the rest; a match by them alone scores
:data:`BODY_ONLY_SCORE` and ranks after the others. Equal scores are ordered by id
(``COLLATE "C"``: code-point order, as Tantivy), so paging is stable.

Facets are one ``GROUP BY GROUPING SETS`` over the same condition, access filter included.

Time budget — each statement runs with ``statement_timeout`` set (``set_config(…, true)``, i.e.
``SET LOCAL``) to what is left of ``budget_ms``, inside a savepoint. When the page query is
cancelled the result is empty with ``partial=True``; when the facet query is, the hits come
without facets (``partial=True``); snippets past the budget show the start of the text.

Writes are buffered per thread until :meth:`PostgresBackend.commit`, which applies them in one
transaction: the documents' old rows deleted by id, the new ones sent with ``COPY`` (tsvector
literals built here, so that PostgreSQL parses one row while Python analyses the next); writers take
turns on a table lock that searches do not wait for. :meth:`~PostgresBackend.clear` truncates the
table (a full reindex starts from nothing, without dead rows to vacuum). PostgreSQL keeps at most
16,383 positions per ``tsvector``: substrings after about the first 16,000 characters of a body
are not found by this backend (Tantivy has no such limit).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from psycopg.errors import QueryCanceled

from xiezhi.nlp.search import (
    FACET_FIELDS,
    Hit,
    ParsedQuery,
    Phrase,
    SearchDoc,
    SearchQuery,
    SearchResult,
    analyse,
    boost_exact,
    parse_query,
    snippet,
    substring_tsquery,
    tsvector_literal,
    words_tsquery,
)
from xiezhi.nlp.search.analysis import TSVECTOR_MAX_POSITION, case_number_key, title_key
from xiezhi.nlp.search.query import (
    And,
    FieldFilter,
    Node,
    Not,
    Or,
    Term,
    facet_key,
    highlight_terms,
    is_scoring,
)

__all__ = ["BODY_ONLY_SCORE", "MAX_POSITIONS", "MAX_RESULT_WINDOW", "PostgresBackend"]

MAX_POSITIONS = TSVECTOR_MAX_POSITION  # PostgreSQL's largest tsvector position
MAX_RESULT_WINDOW = 10_000  # as the Tantivy backend: deepest result reachable by paging
FACET_SIZE = 50
CASE_NUMBER_SCORE = 1e6
CASE_RECORD_SCORE = 5e5  # as the Tantivy backend: the case record before its judgments and files
BODY_ONLY_SCORE = 1e-6  # the score of a match by body characters alone (see _score)
TITLE_SCORE = 1e5
_WORD_WEIGHTS = "{0,0,0.3333,1}"  # ts_rank_cd weights {D,C,B,A}: body (B) one third of title (A)
_PLAIN_WEIGHTS = "{1,1,1,1}"
_TEXT_FACETS = ("kind", "court", "case_type", "cause", "procedure")
_COLUMNS = (
    "doc_id",
    "kind",
    "title",
    "body",
    "case_number",
    "case_number_key",
    "title_key",
    "court",
    "year",
    "case_type",
    "cause",
    "procedure",
    "sort_date",
    "extra",
    "indexed_at",
    "access",
    "words",
    "title_chars",
    "body_chars",
)
_COPY = "COPY search_document (" + ", ".join(_COLUMNS) + ") FROM STDIN"
# Writers take turns (searches do not wait): a commit deletes its documents' old rows and copies the
# new ones in; another writer adding the same id in between would break the copy's unique check.
_LOCK_WRITES = "LOCK TABLE search_document IN SHARE ROW EXCLUSIVE MODE"
# For this transaction only: no sequential scans where the full-text indexes can answer. A word found
# in 40 % of the documents makes the planner prefer reading the table, and the condition then
# fetches every row's out-of-line tsvectors (about 10 µs a row); the GIN bitmaps answer "contains"
# without touching them (counting 13,000 matches of 案件受理费 in 32,000 judgments: 516 ms by a
# sequential scan, 12 ms by bitmap index scans).  Conditions no index serves (exclusions alone,
# facet filters) still scan: the setting only makes that the last resort.
# And no JIT compilation: PostgreSQL compiles a plan whose estimated cost passes jit_above_cost, and
# a plan that must scan the table anyway carries the setting's penalty cost (10¹⁰), so every such
# search paid for compiling with full optimisation — 72 of 108 ms for `year:2021 -盗窃` over 12,000
# documents. Searches are short statements; compiling never pays for itself here.
_SEARCH_SETTINGS = "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
_CURRENT_SETTINGS = "SELECT current_setting('enable_seqscan'), current_setting('jit')"
_RESTORE_SETTINGS = "SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)"


@contextmanager
def _index_scans(cursor: Any) -> Iterator[None]:
    """:data:`_SEARCH_SETTINGS` for the statements inside; the previous settings are put back after
    them, as a search may run inside a caller's transaction (an error rolls the savepoint back instead)."""
    cursor.execute(_CURRENT_SETTINGS)
    previous = list(cursor.fetchone())
    cursor.execute(_SEARCH_SETTINGS)
    yield
    cursor.execute(_RESTORE_SETTINGS, previous)


_WINDOW_NOTE = (
    f"Only the first {MAX_RESULT_WINDOW:,} results can be paged through; refine the query. "
    f"/ 只能翻阅前 {MAX_RESULT_WINDOW} 条结果，请缩小检索范围。"
)


def _sql(*parts: str) -> str:
    """Join SQL made here: constant text, column names from FACET_FIELDS and conditions compiled
    from the AST whose user values are all ``%s`` parameters — never user text."""
    return " ".join(parts)


def _clean(text: str) -> str:
    return text.replace("\x00", "")  # PostgreSQL text cannot hold NUL


def _row(doc: SearchDoc, indexed_at: datetime) -> list[Any]:
    """The document's values in :data:`_COLUMNS` order, for ``COPY`` (tsvector columns as literals;
    ``words`` is the title's words with weight A followed by the body's with weight B)."""
    title, body = analyse(doc.title), analyse(doc.body)
    number_key = case_number_key(doc.case_number)[:200] if doc.case_number.strip() else ""
    title_words = tsvector_literal(title.words, weight="A")
    title_count = min(len(title.words.split()), MAX_POSITIONS)
    body_words = tsvector_literal(body.words, weight="B", first=title_count + 1)
    return [
        _clean(doc.id),
        _clean(facet_key(doc.kind)),
        _clean(doc.title),
        _clean(doc.body),
        _clean(doc.case_number),
        _clean(number_key),
        _clean(title_key(doc.title)),
        _clean(facet_key(doc.court)),
        int(doc.year) if doc.year is not None else None,
        _clean(facet_key(doc.case_type)),
        _clean(facet_key(doc.cause)),
        _clean(facet_key(doc.procedure)),
        doc.sort_date,
        json.dumps(dict(doc.extra), ensure_ascii=False, default=str),
        indexed_at,
        sorted({_clean(token) for token in doc.access}),
        f"{title_words} {body_words}".strip(),
        tsvector_literal(title.bigrams),
        tsvector_literal(body.bigrams),
    ]


def _year_values(values: Iterable[str]) -> list[int]:
    years = []
    for value in values:
        key = facet_key(value)
        if not key.isascii() or not key.lstrip("-").isdigit():
            raise ValueError(f"year filter values must be integers, got {value!r}")
        years.append(int(key))
    return years


def _positives(node: Node) -> list[Term | Phrase]:
    """The words and phrases a document is ranked by (not those under a NOT)."""
    if isinstance(node, Term | Phrase):
        return [node]
    if isinstance(node, FieldFilter | Not):
        return []
    return [leaf for child in node.children for leaf in _positives(child)]


def _chars_tsquery(node: Term | Phrase) -> str:
    """The character-column query of a word or phrase, as the Tantivy backend: a phrase needs its
    character tokens at consecutive positions (it occurs in the text); a bare word needs them all,
    anywhere (a superset of "occurs", without position checks)."""
    return substring_tsquery(node.text, exact=isinstance(node, Phrase))


class _Cancelled(Exception):
    pass


class PostgresBackend:
    """:class:`~xiezhi.nlp.search.SearchBackend` on the ``search_document`` table (see the module
    docstring). ``clock`` (seconds, monotonic) is the time source of the budget — tests pass one."""

    def __init__(
        self, using: str = DEFAULT_DB_ALIAS, *, clock: Callable[[], float] = time.perf_counter
    ) -> None:
        self.using = using
        self._clock = clock
        self._local = threading.local()

    @property
    def _pending(self) -> list[tuple[str, Any]]:
        pending = getattr(self._local, "pending", None)
        if pending is None:
            pending = self._local.pending = []
        return pending

    def describe(self) -> str:
        return "postgres (table search_document)"

    # -- writes --------------------------------------------------------------------------------

    def index(self, docs: Iterable[SearchDoc]) -> int:
        """Add or replace documents (visible after :meth:`commit`)."""
        count = 0
        for doc in docs:
            self._pending.append(("index", doc))
            count += 1
        return count

    def delete(self, ids: Iterable[str]) -> int:
        """Delete by id (after :meth:`commit`); returns how many of them are in the table now."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return 0
        with connections[self.using].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_document WHERE doc_id = ANY(%s)", [ids])
            present = cursor.fetchone()[0]
        self._pending.extend(("delete", doc_id) for doc_id in ids)
        return int(present)

    def commit(self) -> None:
        """Apply the buffered writes, in order, in one transaction. Documents go in by ``COPY`` (their
        old rows deleted first): the rows are made while PostgreSQL parses the previous ones, on the
        other core — 36 % faster than ``INSERT … ON CONFLICT`` of the same rows (5,000 judgments)."""
        ops, self._local.pending = self._pending, []
        if not ops:
            return
        with transaction.atomic(using=self.using), connections[self.using].cursor() as cursor:
            cursor.execute(_LOCK_WRITES)
            cursor.execute("SELECT now()")
            indexed_at = cursor.fetchone()[0]
            i = 0
            while i < len(ops):
                kind = ops[i][0]
                j = i
                while j < len(ops) and ops[j][0] == kind:
                    j += 1
                if kind == "index":
                    # The same id twice (also once NULs are removed, as stored): the last wins.
                    latest = {_clean(doc.id): doc for _, doc in ops[i:j]}
                    cursor.execute("DELETE FROM search_document WHERE doc_id = ANY(%s)", [list(latest)])
                    with cursor.copy(_COPY) as copy:
                        for doc in latest.values():
                            copy.write_row(_row(doc, indexed_at))
                else:
                    cursor.execute(
                        "DELETE FROM search_document WHERE doc_id = ANY(%s)",
                        [[_clean(doc_id) for _, doc_id in ops[i:j]]],
                    )
                i = j

    def clear(self) -> None:
        """Delete every document (at once) and drop buffered writes."""
        self._local.pending = []
        with transaction.atomic(using=self.using), connections[self.using].cursor() as cursor:
            cursor.execute("TRUNCATE search_document")

    def count(self) -> int:
        with connections[self.using].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_document")
            return int(cursor.fetchone()[0])

    def close(self) -> None:
        self._local.pending = []

    def optimize(self) -> None:
        """Refresh the planner's statistics after a rebuild: without them PostgreSQL may scan by
        the access index (every row is public) instead of the full-text indexes — 150 ms instead
        of 2 ms for one word over 25,000 statutes."""
        with connections[self.using].cursor() as cursor:
            cursor.execute("ANALYZE search_document")

    # -- query compilation ---------------------------------------------------------------------

    def _compile(self, node: Node) -> tuple[str, list[Any]]:
        if isinstance(node, Term | Phrase):
            parts: list[str] = []
            params: list[Any] = []
            words = words_tsquery(node.text) if isinstance(node, Term) else ""
            if words:
                parts.append("d.words @@ %s::tsquery")
                params.append(words)
            chars = _chars_tsquery(node)
            if chars:
                parts += ["d.title_chars @@ %s::tsquery", "d.body_chars @@ %s::tsquery"]
                params += [chars, chars]
            return ("(" + " OR ".join(parts) + ")" if parts else "FALSE"), params
        if isinstance(node, FieldFilter):
            if node.field == "year":
                return "COALESCE(d.year = %s, FALSE)", _year_values([node.value])
            return f"d.{node.field} = %s", [_clean(facet_key(node.value))]  # field: one of FACET_FIELDS
        if isinstance(node, Not):
            sql, params = self._compile(node.child)
            return f"NOT {sql}", params
        joiner = " OR " if isinstance(node, Or) else " AND "
        assert isinstance(node, And | Or)
        compiled = [self._compile(child) for child in node.children]
        return "(" + joiner.join(sql for sql, _ in compiled) + ")", [p for _, ps in compiled for p in ps]

    def _score(
        self, parsed: ParsedQuery, exact_number: str | None, exact_title: str
    ) -> tuple[str, list[Any]]:
        leaves = _positives(parsed.root)
        words = [w for leaf in leaves if (w := words_tsquery(leaf.text))]
        chars = [c for leaf in leaves if (c := _chars_tsquery(leaf))]
        parts: list[str] = []
        params: list[Any] = []
        if words:
            parts.append(f"ts_rank_cd('{_WORD_WEIGHTS}'::float4[], d.words, %s::tsquery, 1)::float8")
            params.append(" | ".join(f"({w})" for w in words))
        if chars:
            either = " | ".join(f"({c})" for c in chars)
            parts.append(
                f"1.5 * ts_rank_cd('{_PLAIN_WEIGHTS}'::float4[], d.title_chars, %s::tsquery, 1)::float8"
            )
            params.append(either)
        if exact_number:
            parts.append(
                f"CASE WHEN d.case_number_key = %s THEN {CASE_NUMBER_SCORE}::float8 + "
                f"CASE WHEN d.kind = 'case' THEN {CASE_RECORD_SCORE}::float8 ELSE 0 END ELSE 0 END"
            )
            params.append(exact_number[:200])
        if exact_title:
            parts.append(f"CASE WHEN d.title_key = %s THEN {TITLE_SCORE}::float8 ELSE 0 END")
            params.append(exact_title)
        if not parts:
            return "0::float8", params
        # Every scored match gets at least BODY_ONLY_SCORE: one found only by character pairs in
        # its body (a word the segmenter cut differently there) ranks after the rest, by id.
        return f"GREATEST({' + '.join(parts)}, {BODY_ONLY_SCORE})", params

    def _where(self, query: SearchQuery, parsed: ParsedQuery) -> tuple[str, list[Any]]:
        condition, params = self._compile(parsed.root)
        clauses = [condition]
        for field, values in query.filters.items():
            if not values:
                clauses.append("FALSE")
            elif field == "year":
                clauses.append("d.year = ANY(%s)")
                params.append(_year_values(values))
            else:
                clauses.append(f"d.{field} = ANY(%s)")  # field: one of FACET_FIELDS (SearchQuery checks)
                params.append([_clean(facet_key(v)) for v in values])
        if query.access is not None:
            tokens = [_clean(t) for t in dict.fromkeys(query.access)]
            if tokens:
                clauses.append("d.access && %s::text[]")
                params.append(tokens)
            else:
                clauses.append("FALSE")
        return " AND ".join(clauses), params

    # -- running statements within the budget ----------------------------------------------

    def _timed(self, cursor: Any, sql: str, params: Sequence[Any], deadline: float) -> list[tuple]:
        """Run one statement with statement_timeout = what is left of the budget; raises
        :class:`_Cancelled` when the budget is spent before or during it."""
        left_ms = int((deadline - self._clock()) * 1000)
        if left_ms <= 0:
            raise _Cancelled
        try:
            # A savepoint: a cancelled statement must not abort the caller's transaction, and its
            # rollback also undoes the timeout; after success the timeout is set back explicitly.
            with transaction.atomic(using=self.using):
                cursor.execute("SELECT current_setting('statement_timeout')")
                previous = cursor.fetchone()[0]
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{left_ms}ms"])
                cursor.execute(sql, params)
                rows = cursor.fetchall()
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
                return rows
        except OperationalError as exc:
            if isinstance(exc.__cause__, QueryCanceled):
                raise _Cancelled from None
            raise

    # -- search --------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Run ``query`` (see the module docstring for ranking, facets and the time budget).

        Raises :class:`~xiezhi.nlp.search.QuerySyntaxError` / ``EmptyQueryError`` for bad text;
        a bad query never runs as match-all.
        """
        started = self._clock()
        deadline = started + query.budget_ms / 1000
        exact = boost_exact(query.text)
        if exact.case_number is not None:
            parsed = ParsedQuery(Phrase(query.text.strip(), 0))  # its parentheses are not grouping
        else:
            parsed = parse_query(query.text)
        scoring = is_scoring(parsed.root)
        where, where_params = self._where(query, parsed)
        notes = list(parsed.notes)
        partial = False
        offset = (query.page - 1) * query.per_page
        need = offset + query.per_page

        if query.sort == "date":
            score_sql, score_params = "0::float8", []
            order = 'd.sort_date DESC NULLS LAST, d.doc_id COLLATE "C"'
        elif scoring:
            number = _clean(exact.case_number) if exact.case_number else None
            score_sql, score_params = self._score(parsed, number, _clean(exact.title))
            order = 'score DESC, d.doc_id COLLATE "C"'
        else:
            score_sql, score_params = "0::float8", []
            order = 'd.doc_id COLLATE "C"'

        total = 0
        page: list[tuple[str, float]] = []
        facets: dict[str, list[tuple[str, int]]] = {}
        rows_by_id: dict[str, tuple] = {}
        connection = connections[self.using]
        count_sql = _sql("SELECT count(*) FROM search_document d WHERE", where)
        with transaction.atomic(using=self.using), connection.cursor() as cursor, _index_scans(cursor):
            try:
                if need > MAX_RESULT_WINDOW:
                    total = self._timed(cursor, count_sql, where_params, deadline)[0][0]
                    notes.append(_WINDOW_NOTE)
                else:
                    page_sql = _sql(
                        "SELECT d.doc_id,",
                        score_sql,
                        "AS score, count(*) OVER () AS total FROM search_document d WHERE",
                        where,
                        "ORDER BY",
                        order,
                        "LIMIT %s OFFSET %s",
                    )
                    page_params = [*score_params, *where_params, query.per_page, offset]
                    rows = self._timed(cursor, page_sql, page_params, deadline)
                    page = [(doc_id, float(score)) for doc_id, score, _ in rows]
                    if rows:
                        total = int(rows[0][2])
                    elif offset:
                        total = self._timed(cursor, count_sql, where_params, deadline)[0][0]
            except _Cancelled:
                return self._cut_short(query, started, notes)

            if page:
                cursor.execute(
                    "SELECT doc_id, kind, title, body, case_number, court, year, case_type, cause, "
                    "procedure, sort_date, extra FROM search_document WHERE doc_id = ANY(%s)",
                    [[doc_id for doc_id, _ in page]],
                )
                rows_by_id = {row[0]: row for row in cursor.fetchall()}

            if query.facets and total:
                try:
                    facets = self._facets(cursor, where, where_params, query.facets, deadline)
                except _Cancelled:
                    partial = True
            elif query.facets:
                facets = {name: [] for name in query.facets}

        terms = highlight_terms(parsed.root)
        hits: list[Hit] = []
        for doc_id, score in page:
            row = rows_by_id.get(doc_id)
            if row is None:  # deleted between the two statements
                continue
            (
                _,
                kind,
                title,
                body,
                case_number,
                court,
                year,
                case_type,
                cause,
                procedure,
                sort_date,
                extra,
            ) = row
            if self._clock() < deadline:
                excerpt = snippet(body, terms)
            else:
                excerpt, partial = snippet(body, []), True
            if isinstance(extra, str):
                extra = json.loads(extra)
            fields = {
                "kind": kind,
                "case_number": case_number,
                "court": court,
                "year": year,
                "case_type": case_type,
                "cause": cause,
                "procedure": procedure,
                "sort_date": sort_date.isoformat() if isinstance(sort_date, date) else None,
                "extra": extra or {},
            }
            hits.append(
                Hit(doc_id, score if scoring and query.sort != "date" else 0.0, title, excerpt, fields)
            )
        return SearchResult(
            total=int(total),
            hits=hits,
            facets=facets,
            partial=partial,
            took_ms=(self._clock() - started) * 1000,
            page=query.page,
            per_page=query.per_page,
            notes=tuple(notes),
        )

    def _cut_short(self, query: SearchQuery, started: float, notes: list[str]) -> SearchResult:
        notes.append(
            "The search ran out of time before any result was found; try again or narrow the query. "
            "/ 检索超时，尚未得到结果；请重试或缩小检索范围。"
        )
        return SearchResult(
            total=0,
            hits=[],
            facets={},
            partial=True,
            took_ms=(self._clock() - started) * 1000,
            page=query.page,
            per_page=query.per_page,
            notes=tuple(notes),
        )

    def _facets(
        self, cursor: Any, where: str, params: list[Any], names: Sequence[str], deadline: float
    ) -> dict[str, list[tuple[str, int]]]:
        """Counts per value of each facet field over every matching, accessible row (one scan)."""
        names = [n for n in names if n in FACET_FIELDS]
        if not names:
            return {}
        columns = ", ".join(f"d.{n}" for n in names)
        flags = ", ".join(f"GROUPING(d.{n})" for n in names)
        sets = ", ".join(f"(d.{n})" for n in names)
        facet_sql = _sql(
            "SELECT",
            columns,
            ",",
            flags,
            ", count(*) FROM search_document d WHERE",
            where,
            "GROUP BY GROUPING SETS (",
            sets,
            ")",
        )
        rows = self._timed(cursor, facet_sql, params, deadline)
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in names}
        width = len(names)
        for row in rows:
            values, grouping, count = row[:width], row[width : 2 * width], row[-1]
            for name, value, flag in zip(names, values, grouping, strict=True):
                if flag == 0 and value is not None and value != "":
                    facets[name].append((str(value), int(count)))
        return {
            name: sorted(pairs, key=lambda p: (-p[1], p[0]))[:FACET_SIZE] for name, pairs in facets.items()
        }
