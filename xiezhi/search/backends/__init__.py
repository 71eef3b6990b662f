"""Which search backend this site uses: :func:`get_backend`.

``XIEZHI_SEARCH_BACKEND`` chooses:

- ``tantivy`` (default) — :class:`~xiezhi.search.backends.tantivy.TantivyIndex`, an embedded index
  in ``XIEZHI_SEARCH_INDEX_DIR`` (default ``<XIEZHI_VAR_DIR>/search``);
- ``postgres`` — :class:`~xiezhi.search.backends.postgres.PostgresBackend`, full-text search in
  the database itself; only with a PostgreSQL database (the settings refuse to start otherwise).

Both implement the core's :class:`~xiezhi.nlp.search.SearchBackend` protocol and answer the same
queries with the same result shape.

One backend object per process, made on first use (never at import time). An index belongs to
the database it was built from: when the process runs on another database than the configured
one — a test database made by pytest-django or Django's test runner — or when
``XIEZHI_SEARCH_INDEX_DIR`` is None (the test profile), a Tantivy index goes to a temporary
directory of the process (removed at exit), so tests never write the development index.
:func:`set_backend` replaces the backend (tests).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from xiezhi.nlp.search import SearchBackend

__all__ = ["get_backend", "index_dir", "remember_database", "reset", "set_backend"]

_lock = threading.Lock()
_cached: tuple[tuple[str, str], SearchBackend] | None = None
_override: SearchBackend | None = None
_configured_database: str | None = None
_scratch_dir: Path | None = None


def remember_database() -> None:
    """Note the configured database (called when the app loads, before any test database exists)."""
    global _configured_database
    if _configured_database is None:
        _configured_database = str(connection.settings_dict.get("NAME") or "")


def _on_other_database() -> bool:
    return _configured_database is not None and str(connection.settings_dict.get("NAME") or "") != (
        _configured_database
    )


def index_dir() -> Path:
    """The Tantivy index directory in use (see the module docstring)."""
    global _scratch_dir
    configured = settings.XIEZHI_SEARCH_INDEX_DIR
    if configured is not None and not _on_other_database():
        return Path(configured)
    with _lock:
        if _scratch_dir is None:
            _scratch_dir = Path(tempfile.mkdtemp(prefix="xiezhi-search-"))
            atexit.register(shutil.rmtree, _scratch_dir, ignore_errors=True)
        return _scratch_dir


def _create(name: str, path: Path) -> SearchBackend:
    if name == "postgres":
        if connection.vendor != "postgresql":
            raise ImproperlyConfigured(
                "XIEZHI_SEARCH_BACKEND=postgres needs a PostgreSQL database; this one is "
                f"{connection.vendor}. Use XIEZHI_SEARCH_BACKEND=tantivy."
            )
        from .postgres import PostgresBackend

        return PostgresBackend()
    if name == "tantivy":
        from .tantivy import TantivyIndex

        return TantivyIndex(path)
    raise ImproperlyConfigured(f"XIEZHI_SEARCH_BACKEND must be tantivy or postgres; got {name!r}.")


def get_backend() -> SearchBackend:
    """The site's search backend (made on first use, then shared by the process's threads)."""
    global _cached
    if _override is not None:
        return _override
    name = settings.XIEZHI_SEARCH_BACKEND
    path = index_dir()
    key = (name, str(path) if name == "tantivy" else "")
    with _lock:
        if _cached is None or _cached[0] != key:
            if _cached is not None:
                _close(_cached[1])
            _cached = (key, _create(name, path))
        return _cached[1]


def set_backend(backend: SearchBackend | None) -> None:
    """Use ``backend`` for every search and index update of this process (None: back to the
    configured one). For tests."""
    global _override
    _override = backend


def reset() -> None:
    """Forget the backend made by :func:`get_backend` (closed; the next call makes a new one)."""
    global _cached
    with _lock:
        if _cached is not None:
            _close(_cached[1])
        _cached = None


def _close(backend: SearchBackend) -> None:
    close = getattr(backend, "close", None)
    if close is not None:
        close()
