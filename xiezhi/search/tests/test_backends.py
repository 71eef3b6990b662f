"""Backend wiring and what only the PostgreSQL backend does: the settings, the index directory of a
test database, statement timeouts, the PostgreSQL-only columns, long and odd documents."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from xiezhi.nlp.search import SearchDoc, SearchQuery
from xiezhi.search import backends

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backend is tested on PostgreSQL only"
)


def test_the_default_backend_is_tantivy_in_a_directory_of_its_own(settings, db):
    from xiezhi.search.backends.tantivy import TantivyIndex

    backends.reset()
    try:
        backend = backends.get_backend()
        assert isinstance(backend, TantivyIndex)
        assert backends.get_backend() is backend  # one per process
        # Tests run on a test database: never the configured (development) index directory.
        assert backend.path != settings.XIEZHI_SEARCH_INDEX_DIR
        assert backend.path == backends.index_dir()
    finally:
        backends.reset()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the refusal on SQLite")
def test_the_postgres_backend_is_refused_on_sqlite(settings, db):
    settings.XIEZHI_SEARCH_BACKEND = "postgres"
    backends.reset()
    with pytest.raises(ImproperlyConfigured, match="needs a PostgreSQL database"):
        backends.get_backend()
    backends.reset()


def test_startup_refuses_the_postgres_backend_without_postgresql(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("XIEZHI_")}
    env.update(
        {
            "XIEZHI_VAR_DIR": str(tmp_path),
            "XIEZHI_SEARCH_BACKEND": "postgres",
            "XIEZHI_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "xiezhi.cli", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "XIEZHI_SEARCH_BACKEND=postgres needs a PostgreSQL database" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_tantivy_index_of_another_version_is_rebuilt_by_reindex(tmp_path, db):
    from xiezhi.search import services
    from xiezhi.search.backends.tantivy import IndexVersionError, TantivyIndex

    path = tmp_path / "old-index"
    path.mkdir()
    (path / "xiezhi-search.json").write_text('{"schema_version": "0", "analyzer_version": "0"}')
    backend = TantivyIndex(path)
    backends.set_backend(backend)
    try:
        with pytest.raises(IndexVersionError):
            backend.count()
        with pytest.raises(services.SearchUnavailable, match="xiezhi search reindex"):
            services.search(None, "盗窃")
        services.reindex()
        assert backend.count() == 0
        assert services.search(None, "盗窃").total == 0
    finally:
        backends.set_backend(None)
        backend.close()


# --- PostgreSQL ---------------------------------------------------------------------------------


@postgres_only
def test_the_migration_adds_the_full_text_columns_and_gin_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'search_document' "
            "AND column_name IN ('access', 'words', 'title_chars', 'body_chars')"
        )
        columns = dict(cursor.fetchall())
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_document'")
        indexes = dict(cursor.fetchall())
    assert columns == {
        "access": "ARRAY",
        "words": "tsvector",
        "title_chars": "tsvector",
        "body_chars": "tsvector",
    }
    for column in ("access", "words", "title_chars", "body_chars"):
        assert f"USING gin ({column})" in indexes[f"search_document_{column}_gin"]


@postgres_only
def test_a_statement_past_the_budget_is_cancelled_and_the_transaction_goes_on(db):
    from xiezhi.search.backends.postgres import PostgresBackend, _Cancelled

    backend = PostgresBackend()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
        started = time.perf_counter()
        with pytest.raises(_Cancelled):
            backend._timed(cursor, "SELECT pg_sleep(5)", [], time.perf_counter() + 0.05)
        assert time.perf_counter() - started < 2
        # Still usable, and the timeout is what it was.
        assert backend._timed(cursor, "SELECT 1", [], time.perf_counter() + 5) == [(1,)]
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


@postgres_only
def test_long_and_odd_documents(db):
    from xiezhi.search.backends.postgres import PostgresBackend

    backend = PostgresBackend()
    long_body = "判决如下。" * 8000 + "末尾的独特短语"  # 40,000 characters: past 16,383 positions
    backend.index(
        [
            SearchDoc(id="long", kind="judgment", title="很长的判决", body=long_body),
            SearchDoc(id="nul", kind="judgment", title="含空字符\x00的文书", body="盗窃\x00罪"),
            SearchDoc(id="quote", kind="judgment", title="O'Brien 案", body="他说：'盗窃' <-> & | !"),
        ]
    )
    backend.commit()
    assert backend.count() == 3
    assert [h.id for h in backend.search(SearchQuery("判决如下")).hits] == ["long"]
    # Substrings past PostgreSQL's last position are not found (documented); the text is still there.
    assert backend.search(SearchQuery('"末尾的独特短语"')).total == 0
    assert [h.id for h in backend.search(SearchQuery("O'Brien")).hits] == ["quote"]
    assert backend.search(SearchQuery("盗窃")).total == 2
    # Writes are visible only after commit; a delete counts what was there.
    backend.index([SearchDoc(id="later", kind="judgment", title="稍后", body="盗窃")])
    assert backend.search(SearchQuery("盗窃")).total == 2
    assert backend.delete(["nul", "missing"]) == 1
    backend.commit()
    assert {h.id for h in backend.search(SearchQuery("盗窃")).hits} == {"quote", "later"}
    backend.clear()
    assert backend.count() == 0


@postgres_only
def test_a_match_by_body_characters_alone_ranks_last_with_a_positive_score(db):
    from xiezhi.search.backends.postgres import BODY_ONLY_SCORE, PostgresBackend

    backend = PostgresBackend()
    backend.index(
        [
            # 信用卡诈骗 is cut 信用卡 / 诈骗: a search for 卡诈 finds it by its characters only.
            SearchDoc(id="a-chars", kind="judgment", title="判决书", body="被告人犯信用卡诈骗罪。"),
            SearchDoc(id="b-title", kind="judgment", title="卡诈案", body="本院认为。"),
            # A phrase ranks by its words too: the one that repeats them comes first.
            SearchDoc(id="c-words", kind="judgment", title="判决书", body="入户盗窃。入户盗窃。"),
            SearchDoc(id="d-words", kind="judgment", title="判决书", body="入户盗窃。本院认为。"),
        ]
    )
    backend.commit()
    hits = backend.search(SearchQuery("卡诈")).hits
    assert [h.id for h in hits] == ["b-title", "a-chars"]
    assert hits[0].score > BODY_ONLY_SCORE and hits[1].score == pytest.approx(BODY_ONLY_SCORE)
    phrase = backend.search(SearchQuery('"入户盗窃"')).hits
    assert [h.id for h in phrase] == ["c-words", "d-words"]
    assert phrase[0].score > phrase[1].score > BODY_ONLY_SCORE


@postgres_only
def test_a_search_reads_common_words_through_the_gin_indexes_not_the_table(db):
    from xiezhi.search.backends.postgres import _SEARCH_SETTINGS, PostgresBackend

    rows = [(f"d{n}", "盗窃" if n % 2 else "诈骗") for n in range(400)]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_document (doc_id, kind, title, body, case_number, case_number_key, "
            "title_key, court, case_type, cause, procedure, extra, indexed_at, access, words, "
            "title_chars, body_chars) VALUES (%s, 'judgment', '', '', '', '', '', '', '', '', '', "
            "'{}', now(), '{public}', %s::tsvector, ''::tsvector, ''::tsvector)",
            [(doc_id, f"'{word}':1") for doc_id, word in rows],
        )
        cursor.execute("ANALYZE search_document")
        query = "EXPLAIN SELECT count(*) FROM search_document d WHERE d.words @@ '''盗窃'''::tsquery"
        with transaction.atomic():
            cursor.execute(query)
            default_plan = "\n".join(r[0] for r in cursor.fetchall())
        with transaction.atomic():
            cursor.execute(_SEARCH_SETTINGS)
            cursor.execute(query)
            search_plan = "\n".join(r[0] for r in cursor.fetchall())
            transaction.set_rollback(True)  # and the setting with it
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
    # Half the rows match: left alone, the planner reads the whole table.
    assert "Seq Scan" in default_plan
    assert "Bitmap Index Scan on search_document_words_gin" in search_plan
    # A search sets it before its statements and puts it back for the rest of the transaction.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit_before = cursor.fetchone()[0]
    with CaptureQueriesContext(connection) as queries:
        result = PostgresBackend().search(SearchQuery("盗窃"))
    assert result.total == 200
    statements = [q["sql"] for q in queries.captured_queries]
    page = next(i for i, sql in enumerate(statements) if "count(*) OVER ()" in sql)
    assert _SEARCH_SETTINGS in statements[:page]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == jit_before


@postgres_only
def test_a_search_that_must_scan_the_table_is_not_jit_compiled(db):
    """Without sequential scans a plan that still scans carries a 10¹⁰ penalty cost, far past
    jit_above_cost: the search's settings turn compiling off with them."""
    from xiezhi.search.backends.postgres import _SEARCH_SETTINGS

    query = (
        "EXPLAIN (ANALYZE) SELECT count(*) FROM search_document d WHERE NOT d.words @@ '''盗窃'''::tsquery"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_jit_available()")
        jit_available = cursor.fetchone()[0]
        with transaction.atomic():  # jit on (PostgreSQL's default), as a search must not inherit it
            cursor.execute("SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'on', true)")
            cursor.execute(query)
            seqscan_off_plan = "\n".join(r[0] for r in cursor.fetchall())
            transaction.set_rollback(True)
        with transaction.atomic():
            cursor.execute(_SEARCH_SETTINGS)
            cursor.execute(query)
            search_plan = "\n".join(r[0] for r in cursor.fetchall())
            transaction.set_rollback(True)
    assert "Seq Scan" in search_plan
    assert "JIT:" not in search_plan
    assert ("JIT:" in seqscan_off_plan) == jit_available


SAME_QUERIES = [
    "盗窃",
    "盜竊 OR 驾驶",
    '"入户盗窃"',
    "盗窃入户",
    "第二百六十四条",
    "中华人民共和国刑法 第二百六十四条",
    "借贷 -kind:statute",
    "kind:case",
    "(诈骗 OR 盗窃) 数额较大",
    "卡诈",
    "罪",
    "纠纷 court:浙0106",
]


@postgres_only
def test_both_backends_find_the_same_documents_with_the_same_facets(db, tmp_path, personas, docket, statutes):
    """Same queries, same results: totals, the set of hits and every facet count agree (ranking
    differs: BM25 there, ts_rank_cd here), for a user with access to some cases."""
    from xiezhi.search import services
    from xiezhi.search.access import access_tokens_for_user
    from xiezhi.search.backends.postgres import PostgresBackend
    from xiezhi.search.backends.tantivy import TantivyIndex

    pg, tv = PostgresBackend(), TantivyIndex(tmp_path / "index")
    for chosen in (pg, tv):
        backends.set_backend(chosen)
        services.reindex()
    backends.set_backend(None)
    access = access_tokens_for_user(personas.president)
    for text in SAME_QUERIES:
        a = pg.search(SearchQuery(text, access=access, per_page=50))
        b = tv.search(SearchQuery(text, access=access, per_page=50))
        assert a.total == b.total, text
        assert {h.id for h in a.hits} == {h.id for h in b.hits}, text
        assert a.facets == b.facets, text
        assert all(h.score > 0 for h in a.hits) or text == "kind:case", text
    tv.close()


@postgres_only
def test_the_words_vector_is_the_title_with_weight_a_then_the_body_with_weight_b(db):
    """The backend builds the words column as one literal; it equals what PostgreSQL makes of
    ``setweight(title, 'A') || setweight(body, 'B')`` (body positions after the title's)."""
    from xiezhi.nlp.search import analyse, tsvector_literal
    from xiezhi.search.backends.postgres import PostgresBackend

    docs = [
        SearchDoc("w1", "judgment", "张某盗窃一案", "被告人张某盗窃他人财物，数额较大，其行为已构成盗窃罪。"),
        SearchDoc("w2", "judgment", "", "只有正文：O'Brien 说 a\\b 盗窃"),
        SearchDoc("w3", "judgment", "标题里的盗窃 盗窃", ""),
    ]
    backend = PostgresBackend()
    backend.index(docs)
    backend.commit()
    vectors = {}
    with connection.cursor() as cursor:
        for doc in docs:
            title, body = analyse(doc.title), analyse(doc.body)
            cursor.execute(
                "SELECT words = setweight(%s::tsvector, 'A') || setweight(%s::tsvector, 'B'), words::text "
                "FROM search_document WHERE doc_id = %s",
                [tsvector_literal(title.words), tsvector_literal(body.words), doc.id],
            )
            same, vectors[doc.id] = cursor.fetchone()
            assert same, (doc.id, vectors[doc.id])
    # Weights and positions are kept: the title's words first (A), the body's after them (B).
    assert "'一案':4A" in vectors["w1"]  # the title's four words: 张 某 盗窃 一案
    assert "'盗窃':3A,9B,20B" in vectors["w1"]
    assert "B" in vectors["w1"] and "B" in vectors["w2"] and "A" not in vectors["w2"]


@postgres_only
def test_a_document_indexed_again_replaces_its_row(db):
    from xiezhi.search.backends.postgres import PostgresBackend

    backend = PostgresBackend()
    backend.index([SearchDoc("r1", "case_document", "起诉状", "原告请求返还借款十万元。")])
    backend.commit()
    backend.index(
        [
            SearchDoc("r1", "case_document", "起诉状（变更）", "原告变更诉讼请求为解除合同。"),
            SearchDoc("r2", "case_document", "a", "第一版答辩状"),
            SearchDoc("r2", "case_document", "b", "第二版答辩状"),  # the same id twice: the last wins
        ]
    )
    backend.commit()
    assert backend.count() == 2
    assert backend.search(SearchQuery("借款")).total == 0
    assert [h.id for h in backend.search(SearchQuery("解除合同")).hits] == ["r1"]
    assert backend.search(SearchQuery("第一版")).total == 0
    assert [h.title for h in backend.search(SearchQuery("第二版")).hits] == ["b"]
    # Ids that are equal once NULs are removed (PostgreSQL text cannot hold them) are one document.
    backend.index(
        [SearchDoc("r\x003", "case_document", "c", "第三版"), SearchDoc("r3", "case_document", "d", "第四版")]
    )
    backend.commit()
    assert backend.count() == 3
    assert backend.search(SearchQuery("第三版")).total == 0
    assert [h.id for h in backend.search(SearchQuery("第四版")).hits] == ["r3"]


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # two connections, both committing
def test_a_commit_waits_for_another_writer_of_the_same_document():
    """Another transaction adds the same id and has not committed: the commit waits for it, then
    replaces its row (without the writers' lock the copy broke the id's unique index)."""
    import threading

    import psycopg
    from django.db import connections

    from xiezhi.search.backends.postgres import PostgresBackend

    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
    other.execute(
        "INSERT INTO search_document (doc_id, kind, title, body, case_number, case_number_key, "
        "title_key, court, case_type, cause, procedure, extra, indexed_at, access, words, "
        "title_chars, body_chars) VALUES ('c1', 'judgment', '旧标题', '', '', '', '', '', '', '', '', "
        "'{}', now(), '{public}', '', '', '')"
    )  # the transaction stays open
    errors: list[BaseException] = []

    def write() -> None:
        try:
            backend = PostgresBackend()
            backend.index([SearchDoc("c1", "judgment", "新标题", "盗窃")])
            backend.commit()
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(1.0)
    try:
        assert writer.is_alive()  # waiting for the other writer
    finally:
        other.commit()
        other.close()
        writer.join(20)
    assert not writer.is_alive()
    assert errors == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM search_document WHERE doc_id = 'c1'")
        assert cursor.fetchall() == [("新标题",)]
