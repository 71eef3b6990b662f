"""The embedded backend: the core's :class:`~xiezhi.nlp.search.TantivyBackend`, made fit for a site
where several processes use one index directory.

Tantivy allows one index writer per directory, across processes. A web server has several worker
processes and the operator runs ``xiezhi search reindex`` beside them, so no process may keep the
writer: :class:`TantivyIndex` takes it for a write and gives it back after every :meth:`commit`
(or :meth:`clear`). A write that finds the writer taken by another process waits for it, up to
``lock_wait`` seconds, then fails with :class:`IndexBusy`; an incremental update that fails this
way is logged and the document is picked up by the next update of it or by a reindex.

Searches never need the writer; a process sees another's commits within about a second.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from xiezhi.nlp.search import SearchDoc, SearchQuery, SearchResult

__all__ = ["IndexBusy", "IndexVersionError", "TantivyIndex"]


class IndexBusy(RuntimeError):
    """Another process holds the index writer for longer than we may wait."""


def _is_lock_error(exc: Exception) -> bool:
    return isinstance(exc, ValueError) and "LockBusy" in str(exc)


try:  # the core module loads the tantivy extension; import it only where this backend is used
    from xiezhi.nlp.search.tantivy_backend import IndexVersionError
except ImportError:  # pragma: no cover — tantivy not installed

    class IndexVersionError(RuntimeError):  # type: ignore[no-redef]
        pass


class TantivyIndex:
    """:class:`~xiezhi.nlp.search.SearchBackend` over a Tantivy index directory (``None``: in memory).

    Raises :class:`IndexVersionError` on first use when the directory holds an index of another
    schema or analyzer version; :meth:`recreate` (used by ``xiezhi search reindex``) deletes it.
    """

    def __init__(self, path: str | Path | None, *, lock_wait: float = 30.0) -> None:
        self.path = Path(path) if path is not None else None
        self.lock_wait = lock_wait
        self._core: Any = None
        self._lock = threading.RLock()
        self._held = 0  # nesting depth of holding(): while held, commits keep the writer

    @property
    def core(self) -> Any:
        """The core backend, opened on first use."""
        with self._lock:
            if self._core is None:
                from xiezhi.nlp.search import TantivyBackend

                self._core = TantivyBackend(self.path)
            return self._core

    def recreate(self) -> None:
        """Delete the index directory and start an empty index (a rebuild after a version change)."""
        with self._lock:
            if self._core is not None:
                self._core.close()
                self._core = None
            if self.path is not None and self.path.exists():
                shutil.rmtree(self.path)

    def _writing(self, action: Any) -> Any:
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                return action()
            except ValueError as exc:
                if not _is_lock_error(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"the search index at {self.path} is being written by another process"
                    ) from None
                time.sleep(0.2)

    @contextmanager
    def holding(self, *, wait: bool = True) -> Iterator[None]:
        """Keep the writer for a series of writes and commits (several commits, one lock).

        Raises :class:`IndexBusy` at once when ``wait`` is false and another process holds it.
        """
        with self._lock:
            if not wait:
                try:
                    self.core._get_writer()
                except ValueError as exc:
                    if _is_lock_error(exc):
                        raise IndexBusy(f"the search index at {self.path} is being written") from None
                    raise
            else:
                self._writing(self.core._get_writer)
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1
                if not self._held:
                    self.core.close()

    def index(self, docs: Iterable[SearchDoc]) -> int:
        docs = list(docs)
        with self._lock:
            return self._writing(lambda: self.core.index(docs))

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        with self._lock:
            return self._writing(lambda: self.core.delete(ids))

    def commit(self) -> None:
        with self._lock:
            self.core.commit()
            if not self._held:
                self.core.close()  # hand the writer (and its lock) back: see the module docstring

    def clear(self) -> None:
        with self._lock:
            self._writing(self.core.clear)
            self.core.close()

    def close(self) -> None:
        """Drop uncommitted writes and release the writer."""
        with self._lock:
            if self._core is not None:
                self._core.close()

    def search(self, query: SearchQuery) -> SearchResult:
        return self.core.search(query)

    def count(self) -> int:
        return self.core.count()

    def describe(self) -> str:
        return f"tantivy ({self.path if self.path is not None else 'in memory'})"
