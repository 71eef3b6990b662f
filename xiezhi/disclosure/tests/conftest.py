"""Fixtures: a fresh search index per test (Tantivy; and the PostgreSQL backend when the tests run
on PostgreSQL), and an effective judgment of the personas' court."""

from __future__ import annotations

import pytest
from django.db import connection

from xiezhi.search import backends


@pytest.fixture
def index(db, tmp_path):
    """The search backend for the test: a new Tantivy index directory, so nothing of another test
    (with the same publication ids) can answer."""
    from xiezhi.search.backends.tantivy import TantivyIndex

    chosen = TantivyIndex(tmp_path / "index")
    backends.set_backend(chosen)
    yield chosen
    backends.set_backend(None)
    chosen.close()


@pytest.fixture(params=["tantivy", "postgres"])
def any_index(request, db, tmp_path):
    """Both search backends (PostgreSQL only on a PostgreSQL test database)."""
    if request.param == "postgres":
        if connection.vendor != "postgresql":
            pytest.skip("the PostgreSQL search backend is tested on PostgreSQL only")
        from xiezhi.search.backends.postgres import PostgresBackend

        chosen = PostgresBackend()
    else:
        from xiezhi.search.backends.tantivy import TantivyIndex

        chosen = TantivyIndex(tmp_path / "index")
    backends.set_backend(chosen)
    yield chosen
    backends.set_backend(None)
    chosen.close()


@pytest.fixture
def judgment(personas):
    """An effective civil judgment of the personas' court (civil division)."""
    from xiezhi.disclosure.factories import EffectiveCaseFactory, JudgmentDocumentFactory

    case = EffectiveCaseFactory(court=personas.court, division=personas.civil)
    return JudgmentDocumentFactory(case=case)
