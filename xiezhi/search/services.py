"""Search: asking the index (:func:`search`) and keeping it up to date (:func:`reindex`,
:func:`index_case`, :func:`remove_case`, :func:`index_statutes`).

Searching applies the user's access tokens inside the query, so totals, pages and facet counts
only ever cover documents the user may see (:mod:`xiezhi.search.access`). As a second line, the
case documents of each page are checked against the policy before they are shown: a hit the
policy refuses (an index that fell behind a change) is dropped, not counted, logged, and its case
re-indexed.

Updating compares each source's documents with the ledger (:class:`IndexedDocument`): unchanged
fingerprints are skipped, new and changed documents indexed, vanished ones deleted. A document
that cannot be indexed (unreadable file, broken encoding) is skipped and reported; it never stops
an update. Updates after a change of a case run after its transaction commits (see
:mod:`xiezhi.search.signals`); the statutes are indexed by :func:`index_statutes`, which the laws
import calls after an import (see the README).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from xiezhi import policy
from xiezhi.nlp.search import (
    FACET_FIELDS,
    REINDEX_BATCH,
    EmptyQueryError,
    QuerySyntaxError,
    SearchBackend,
    SearchDoc,
    SearchQuery,
    SearchResult,
    boost_exact,
    parse_query,
)

from .access import access_tokens_for_user
from .backends import get_backend
from .backends.tantivy import IndexBusy
from .models import IndexedDocument, QueuedCase
from .sources import SOURCES, Pending, SkipDocument

__all__ = [
    "DEFAULT_PER_PAGE",
    "MAX_PER_PAGE",
    "RESULT_WINDOW",
    "EmptyQueryError",
    "IndexReport",
    "InvalidFilter",
    "QuerySyntaxError",
    "SearchUnavailable",
    "Skipped",
    "index_case",
    "index_statutes",
    "index_statutes_after_commit",
    "more_than_reachable",
    "normalise_filters",
    "reachable",
    "reindex",
    "remove_case",
    "search",
    "stats",
]

logger = logging.getLogger(__name__)

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 50
#: Deepest result reachable by paging (both backends); the UI offers pages up to here only.
RESULT_WINDOW = 10_000
BATCH = REINDEX_BATCH  # documents per commit of a rebuild (each commit also records them in the ledger)
QUEUE_BATCH = 200  # queued cases re-indexed per pass of drain_queue
CASE_KINDS = frozenset({"case", "case_document"})

Progress = Callable[[str, int, int], None]  # (source, done, total)


class SearchUnavailable(Exception):
    """The index cannot be searched (e.g. built by another version: it needs a reindex)."""


class InvalidFilter(ValueError):
    """A filter value that cannot be used (a year that is not a year)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


# --- searching --------------------------------------------------------------------------------


def normalise_filters(filters: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """Facet filters from a form or the API: known fields only, blank values dropped, values
    stripped and at most 100 characters; ``year`` must be four digits (else :class:`InvalidFilter`)."""
    clean: dict[str, list[str]] = {}
    for name in FACET_FIELDS:
        raw = (filters or {}).get(name)
        if raw is None:
            continue
        values = [raw] if isinstance(raw, str | int) else list(raw)
        kept = [str(v).strip()[:100] for v in values if str(v).strip()]
        if name == "year":
            for value in kept:
                if not (len(value) == 4 and value.isascii() and value.isdigit()):
                    raise InvalidFilter("year", f"year must be four digits, got {value!r}")
        if kept:
            clean[name] = list(dict.fromkeys(kept))
    return clean


def check_query(text: str) -> None:
    """Raise :class:`QuerySyntaxError` (``EmptyQueryError`` for nothing to search) as the backends
    would, before any of them is asked. A whole case number is always valid."""
    if boost_exact(text).case_number is None:
        parse_query(text)


def _clamp(value: Any, low: int, high: int, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return max(low, min(high, number))


def _run(query: SearchQuery) -> SearchResult:
    from .backends.tantivy import IndexVersionError

    try:
        return get_backend().search(query)
    except IndexVersionError as exc:
        logger.error("search index unusable: %s", exc)
        raise SearchUnavailable(
            "The search index was built by another version of Xiezhi; run `xiezhi search reindex`."
        ) from None


def search(
    user: Any,
    text: str,
    filters: Mapping[str, Any] | None = None,
    page: Any = 1,
    per_page: Any = DEFAULT_PER_PAGE,
    sort: str = "relevance",
    *,
    budget_ms: int | None = None,
) -> SearchResult:
    """The page ``page`` of what ``user`` may see that matches ``text`` and ``filters``.

    ``per_page`` is clamped to 1..:data:`MAX_PER_PAGE`, ``page`` to 1..the last page that can
    hold results (a page past the last result answers the last page). ``sort``: ``relevance``
    (default) or ``date`` (newest first). ``budget_ms`` defaults to ``XIEZHI_SEARCH_BUDGET_MS``.

    Raises :class:`QuerySyntaxError` with the position of the problem, :class:`EmptyQueryError`
    when there is nothing to search for, :class:`InvalidFilter`, :class:`SearchUnavailable`.
    """
    text = text if isinstance(text, str) else ""
    check_query(text)
    clean = normalise_filters(filters)
    per_page = _clamp(per_page, 1, MAX_PER_PAGE, DEFAULT_PER_PAGE)
    last_page = RESULT_WINDOW // per_page
    page = _clamp(page, 1, last_page, 1)
    budget = budget_ms if budget_ms is not None else settings.XIEZHI_SEARCH_BUDGET_MS
    query = SearchQuery(
        text=text,
        filters=clean,
        access=access_tokens_for_user(user),
        page=page,
        per_page=per_page,
        sort=sort if sort in ("relevance", "date") else "relevance",
        budget_ms=max(1, int(budget)),
    )
    result = _run(query)
    if not result.hits and result.total and page > 1:
        last = max(1, math.ceil(reachable(result) / per_page))
        if last < page:
            result = _run(dataclasses.replace(query, page=last))
    return _verified(user, result)


def reachable(result: SearchResult) -> int:
    """How many results can be paged through (可翻阅的结果数): all matches, up to the whole pages
    that fit in :data:`RESULT_WINDOW`. This is the count to show; :func:`more_than_reachable` says
    whether more documents matched."""
    return min(result.total, RESULT_WINDOW // result.per_page * result.per_page)


def more_than_reachable(result: SearchResult) -> bool:
    """Whether more documents matched than can be paged through (show "more than N")."""
    return result.total > reachable(result)


def pages(result: SearchResult) -> int:
    """How many pages the reachable results fill (see :func:`reachable`)."""
    return math.ceil(reachable(result) / result.per_page) if result.total else 0


def _verified(user: Any, result: SearchResult) -> SearchResult:
    from xiezhi.cases.models import Case

    case_ids = {
        hit.fields.get("extra", {}).get("case_id")
        for hit in result.hits
        if hit.fields.get("kind") in CASE_KINDS
    }
    case_ids.discard(None)
    if not case_ids:
        return result
    cases = {
        case.pk: case
        for case in Case.objects.filter(pk__in=case_ids)
        .select_related("court")
        .prefetch_related("panel", "parties", "representatives")
    }
    kept, refused = [], set()
    for hit in result.hits:
        extra = hit.fields.get("extra", {})
        if hit.fields.get("kind") not in CASE_KINDS:
            kept.append(hit)
            continue
        case = cases.get(extra.get("case_id"))
        action = "case.view_internal" if extra.get("internal") else "case.view"
        if case is not None and policy.can(user, action, case):
            kept.append(hit)
        else:
            refused.add(extra.get("case_id"))
    if not refused:
        return result
    logger.warning("search index behind the policy for cases %s: hits dropped, re-indexing", sorted(refused))
    for case_id in refused:
        index_case_after_commit(case_id)  # never index what a caller's open transaction may undo
    dropped = len(result.hits) - len(kept)
    return dataclasses.replace(result, hits=kept, total=max(0, result.total - dropped))


# --- indexing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    """A document that was not indexed, and why."""

    doc_id: str
    source: str
    reason: str


@dataclass
class IndexReport:
    """What an update did: documents indexed per source, unchanged, removed, skipped with reasons."""

    indexed: Counter = field(default_factory=Counter)
    unchanged: int = 0
    removed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total_indexed(self) -> int:
        return sum(self.indexed.values())

    def summary(self) -> str:
        per_source = ", ".join(f"{name} {n}" for name, n in sorted(self.indexed.items())) or "none"
        return (
            f"indexed {self.total_indexed} ({per_source}); unchanged {self.unchanged}; "
            f"removed {self.removed}; skipped {len(self.skipped)}; {self.seconds:.1f} s"
        )


def _check_text(doc: SearchDoc) -> None:
    for value in (doc.title, doc.body, doc.case_number, doc.cause, doc.court):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise SkipDocument(
                "the text has characters that are not valid Unicode (broken encoding)"
            ) from None


def _save_ledger(pendings: Sequence[Pending], *, fresh: bool = False) -> None:
    """Record what was indexed. ``fresh``: the ledger was emptied for a rebuild (plain inserts)."""
    now = timezone.now()
    rows = [
        IndexedDocument(
            doc_id=p.doc_id, source=p.source, case_id=p.case_id, fingerprint=p.fingerprint, indexed_at=now
        )
        for p in pendings
    ]
    if fresh:
        IndexedDocument.objects.bulk_create(rows, batch_size=1000)
        return
    IndexedDocument.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["doc_id"],
        update_fields=["source", "case_id", "fingerprint", "indexed_at"],
        batch_size=500,
    )


def _remove(backend: SearchBackend, ids: Iterable[str], report: IndexReport) -> None:
    ids = sorted(set(ids))
    if not ids:
        return
    backend.delete(ids)
    backend.commit()
    for start in range(0, len(ids), 500):
        IndexedDocument.objects.filter(doc_id__in=ids[start : start + 500]).delete()
    report.removed += len(ids)


def _sync(
    backend: SearchBackend,
    pendings: Iterable[Pending],
    report: IndexReport,
    *,
    known: Mapping[str, str],
    force: bool,
    progress: Callable[[], None] | None = None,
    fresh: bool = False,
) -> set[str]:
    """Index what is new or changed; returns the ids that should no longer be in the index
    (known to the ledger but not produced any more, or produced but now skipped)."""
    seen: set[str] = set()
    gone: set[str] = set()
    batch: list[tuple[SearchDoc, Pending]] = []

    def flush() -> None:
        if not batch:
            return
        backend.index([doc for doc, _ in batch])
        backend.commit()
        _save_ledger([p for _, p in batch], fresh=fresh)
        report.indexed.update(p.source for _, p in batch)
        batch.clear()

    for pending in pendings:
        seen.add(pending.doc_id)
        if progress is not None:
            progress()
        if not force and known.get(pending.doc_id) == pending.fingerprint:
            report.unchanged += 1
            continue
        try:
            doc = pending.build()
            _check_text(doc)
        except SkipDocument as exc:
            report.skipped.append(Skipped(pending.doc_id, pending.source, exc.reason))
            gone.add(pending.doc_id)
            continue
        except Exception as exc:  # one bad document must not stop the others
            logger.exception("building search document %s failed", pending.doc_id)
            report.skipped.append(
                Skipped(pending.doc_id, pending.source, f"{type(exc).__name__}: {exc}"[:300])
            )
            gone.add(pending.doc_id)
            continue
        batch.append((doc, pending))
        if len(batch) >= BATCH:
            flush()
    flush()
    return (set(known) - seen) | (gone & set(known))


def _ledger(**filters: Any) -> dict[str, str]:
    return dict(IndexedDocument.objects.filter(**filters).values_list("doc_id", "fingerprint"))


def _ledger_in_step(backend: SearchBackend) -> bool:
    """Whether the ledger describes the index (else fingerprints cannot be trusted)."""
    return backend.count() == IndexedDocument.objects.count()


def reindex(progress: Progress | None = None, sources: Sequence[str] | None = None) -> IndexReport:
    """Rebuild the index from the database. Without ``sources``: everything, from an empty
    index; with names of sources (``statutes``, ``cases``, ``files``): those sources' documents,
    all re-indexed, and their documents that no longer exist removed.

    ``progress(source, done, total)`` is called for each document. A document that cannot be
    indexed is skipped and listed in the report.
    """
    started = time.perf_counter()
    names = list(sources) if sources else list(SOURCES)
    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        raise ValueError(f"unknown source(s) {', '.join(unknown)}; use {', '.join(SOURCES)}")
    backend = get_backend()
    report = IndexReport()
    if not sources:
        _empty(backend)
        IndexedDocument.objects.all().delete()
    for name in names:
        source = SOURCES[name]
        total = source.count()
        done = 0

        def tick(name: str = name, total: int = total) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(name, done, total)

        if progress is not None:
            progress(name, 0, total)
        known = _ledger(source=name) if sources else {}
        gone = _sync(
            backend, source.documents(), report, known=known, force=True, progress=tick, fresh=not sources
        )
        _remove(backend, gone, report)
    optimize = getattr(backend, "optimize", None)
    if optimize is not None:
        optimize()
    report.seconds = time.perf_counter() - started
    return report


def _empty(backend: SearchBackend) -> None:
    from .backends.tantivy import IndexVersionError

    try:
        backend.clear()
    except IndexVersionError:
        recreate = getattr(backend, "recreate", None)
        if recreate is None:
            raise
        recreate()  # built by another version: start a new index directory


def index_source(name: str) -> IndexReport:
    """Bring one source in the index up to date with the database without emptying it: changed
    documents re-indexed, the unchanged skipped, vanished ones removed (after a bulk write that
    sent no model signals: a laws import, a judgments import)."""
    started = time.perf_counter()
    backend = get_backend()
    report = IndexReport()
    force = not _ledger_in_step(backend)
    gone = _sync(backend, SOURCES[name].documents(), report, known=_ledger(source=name), force=force)
    _remove(backend, gone, report)
    report.seconds = time.perf_counter() - started
    return report


def index_statutes() -> IndexReport:
    """Bring the statutes in the index up to date with the laws tables (after ``xiezhi laws import``):
    changed articles re-indexed, articles no longer current removed."""
    return index_source("statutes")


def index_case(case_id: int) -> IndexReport:
    """Re-index one case's documents (its case record and case files) as they are now; a case
    that no longer exists has its documents removed."""
    return index_cases([case_id])


def remove_case(case_id: int) -> int:
    """Remove every document of a case from the index; returns how many were removed."""
    backend = get_backend()
    report = IndexReport()
    ids = set(_ledger(case_id=case_id)) | {f"case:{case_id}"}
    _remove(backend, ids, report)
    return report.removed


def index_cases(case_ids: Iterable[int]) -> IndexReport:
    """Re-index several cases' documents in one pass (one commit per batch of documents)."""
    started = time.perf_counter()
    ids = sorted(set(case_ids))
    backend = get_backend()
    report = IndexReport()
    force = not _ledger_in_step(backend)
    pendings = chain.from_iterable(source.for_case(i) for i in ids for source in SOURCES.values())
    gone = _sync(backend, pendings, report, known=_ledger(case_id__in=ids), force=force)
    _remove(backend, gone, report)
    report.seconds = time.perf_counter() - started
    return report


def drain_queue(*, wait: bool = False) -> int:
    """Re-index the queued cases; returns how many queue entries were handled.

    Tantivy lets one process at a time hold an index's writer. A process that finds it taken
    (``wait=False``) leaves its cases in the queue and returns at once: the holder drains the queue
    until it is empty, and looks again after giving the writer back, so every queued case is
    indexed — concurrent changes in batches, instead of each waiting for the writer and committing
    alone (which made concurrent registrations ten times slower).
    """
    backend = get_backend()
    holding = getattr(backend, "holding", None)
    done = 0
    while True:
        try:
            held = holding(wait=wait) if holding is not None else nullcontext()
            held.__enter__()
        except IndexBusy:
            return done
        try:
            while True:
                rows = list(QueuedCase.objects.order_by("id").values_list("id", "case_id")[:QUEUE_BATCH])
                if not rows:
                    break
                index_cases(case_id for _, case_id in rows)
                QueuedCase.objects.filter(id__in=[row_id for row_id, _ in rows]).delete()
                done += len(rows)
        finally:
            held.__exit__(None, None, None)
        if holding is None or not QueuedCase.objects.exists():
            return done


_inline = threading.local()


@contextmanager
def inline_updates() -> Iterator[None]:
    """Within this block, queued cases are indexed in the calling thread after each commit, as in
    the ``immediate`` mode: for commands that write many changes and then rebuild the index
    themselves (``xiezhi demo``), where a background drainer would only compete for the database
    (SQLite has one writer) and the index writer."""
    depth = getattr(_inline, "depth", 0)
    _inline.depth = depth + 1
    try:
        yield
    finally:
        _inline.depth = depth


def index_case_after_commit(case_id: int) -> None:
    """Queue the case for re-indexing when the current transaction commits (now, outside one), and
    drain the queue if this process can take the index writer (see :func:`drain_queue`). A failure
    is logged, never raised: the change itself is committed by then."""

    def run() -> None:
        try:
            QueuedCase.objects.create(case_id=case_id)
            if settings.XIEZHI_SEARCH_UPDATES == "immediate" or getattr(_inline, "depth", 0):
                drain_queue()
            else:
                _drainer.wake()
        except Exception:
            logger.exception("search: re-indexing case %s failed; run `xiezhi search drain`", case_id)

    transaction.on_commit(run)


class _Drainer:
    """One background thread per process that drains the queue whenever woken, so a request that
    changed a case does not wait for the index (segmentation and a Tantivy commit take a good part
    of a second). It stops after a minute without work and starts again when woken. A process that
    exits with cases still queued leaves them for the next drain (any process's, or
    ``xiezhi search drain``)."""

    IDLE_SECONDS = 60.0

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.busy = False  # draining right now (read by tests and `xiezhi search stats`)

    def wake(self) -> None:
        self._event.set()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="xiezhi-search-drain", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        from django.db import connection

        try:
            while self._event.wait(self.IDLE_SECONDS):
                self._event.clear()
                self.busy = True
                try:
                    drain_queue()
                except Exception:
                    logger.exception("search: draining the queue failed; run `xiezhi search drain`")
                finally:
                    # Not held while idle: a waiting thread kept a database connection open for a
                    # minute (and PostgreSQL refuses to drop a database in use, e.g. after tests).
                    connection.close()
                    self.busy = self._event.is_set()  # woken meanwhile: another round follows
        finally:
            with self._lock:
                self._thread = None
            if self._event.is_set():  # woken while stopping
                self.wake()


_drainer = _Drainer()


def index_statutes_after_commit() -> None:
    """Schedule :func:`index_statutes` for when the current transaction (a laws import) commits.
    A failure is logged, never raised."""

    def run() -> None:
        try:
            report = index_statutes()
        except Exception:
            logger.exception(
                "search: indexing statutes failed; run `xiezhi search reindex --source statutes`"
            )
            return
        logger.info("search: statutes after the laws import: %s", report.summary())

    transaction.on_commit(run)


def index_sources_after_commit(*names: str) -> None:
    """Schedule :func:`index_source` for each of ``names`` for when the current transaction commits
    (at once outside one). A failure is logged, never raised: the bulk write has committed."""

    def run() -> None:
        for name in names:
            try:
                report = index_source(name)
            except Exception:
                logger.exception(
                    "search: indexing %s failed; run `xiezhi search reindex --source %s`", name, name
                )
                continue
            logger.info("search: %s brought up to date: %s", name, report.summary())

    transaction.on_commit(run)


def stats() -> dict[str, Any]:
    """The backend in use, how many documents it holds, and the ledger per source."""
    backend = get_backend()
    describe = getattr(backend, "describe", None)
    by_source = dict(IndexedDocument.objects.order_by().values_list("source").annotate(n=Count("id")))
    documents = backend.count()
    return {
        "backend": describe() if describe else type(backend).__name__,
        "documents": documents,
        "ledger": {name: by_source.get(name, 0) for name in SOURCES},
        "in_step": documents == sum(by_source.values()),
        "last_indexed": IndexedDocument.objects.order_by("-indexed_at")
        .values_list("indexed_at", flat=True)
        .first(),
    }
