"""The ORM-backed lookup of the citation engine and check_text (statuses, links, segments)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from xiezhi.laws import citations as citations_module
from xiezhi.laws.citations import MAX_CHECKED_CITATIONS, OrmStatuteLookup, check_text
from xiezhi.laws.models import Law
from xiezhi.laws.services import import_laws
from xiezhi.nlp.citations import StatuteLookup, check_citations, sqlite_lookup

pytestmark = pytest.mark.django_db


def test_the_orm_lookup_answers_the_engines_protocol(laws):
    lookup: StatuteLookup = OrmStatuteLookup()
    info = lookup.law("中华人民共和国刑法", None)
    # First in force 1980-01-01 (the engine's table); the text we hold applies from 2020-12-26.
    assert info.name == "中华人民共和国刑法" and info.effective_from == date(1980, 1, 1)
    assert info.text_from == date(2020, 12, 26)
    assert not info.repealed and info.articles_known
    article = lookup.article("中华人民共和国刑法", 133, 1, None)
    assert article.text.startswith("在道路上驾驶机动车") and article.suffix == 1
    assert lookup.article("中华人民共和国刑法", 999, 0, None) is None
    assert lookup.law("中华人民共和国不存在法", None) is None
    assert lookup.law("中华人民共和国乡镇企业法", None).repealed
    # Repealed before our source was compiled: known by name and dates only (the engine's list).
    contract = lookup.law("中华人民共和国合同法", date(2020, 1, 1))
    assert contract.repealed_on == date(2021, 1, 1) and not contract.articles_known


@pytest.mark.parametrize(
    ("text", "on"),
    [
        ("依照《中华人民共和国刑法》第二百六十四条、第一百三十三条之一、第九百九十九条之规定", None),
        ("根据《民法典》第一千一百六十五条第一款、第三款的规定", date(2024, 1, 1)),
        ("依据《仲裁法》第五十八条", date(2020, 1, 1)),
        ("根据《合同法》第五十二条", date(2019, 1, 1)),
    ],
)
def test_the_orm_lookup_agrees_with_the_engines_sqlite_lookup(laws, text, on):
    ours = [(c.status, c.citation.article) for c in check_citations(text, OrmStatuteLookup(), on=on)]
    theirs = [(c.status, c.citation.article) for c in check_citations(text, sqlite_lookup(), on=on)]
    assert ours == theirs


def test_check_text_links_every_citation_and_flags_the_wrong_ones(laws):
    text = "依照《中华人民共和国刑法》第二百六十四条、第六十七条第三款、第九百九十九条之规定，判决如下。"
    result = check_text(text, on=date(2024, 5, 1))
    assert [c.status for c in result.citations] == ["ok", "ok", "no_such_article"]
    law = Law.objects.get(name="中华人民共和国刑法")
    ok, paragraph, missing = result.citations
    assert ok.url == reverse("laws:article", args=[law.pk, "第二百六十四条"])
    assert paragraph.url == reverse("laws:article", args=[law.pk, "第六十七条"]) + "#para-3"
    assert missing.url is None and missing.law_url == reverse("laws:detail", args=[law.pk])
    assert result.flagged == [missing]
    assert "".join(s.text for s in result.segments) == text  # nothing lost, nothing added
    pieces = [(s.text, s.ok) for s in result.segments if s.citations]
    assert pieces == [("第二百六十四条", True), ("第六十七条第三款", True), ("第九百九十九条", False)]
    assert any(s.law_url for s in result.segments if s.text == "《中华人民共和国刑法》")


def test_check_text_on_a_day_before_a_law_took_effect(laws):
    result = check_text("根据《中华人民共和国民法典》第一条", on=date(2019, 6, 1))
    (citation,) = result.citations
    assert citation.status == "not_in_force"
    assert "2021" in citation.checked.message


def test_an_unknown_law_is_flagged_without_links(laws):
    result = check_text("依照《中华人民共和国不存在法》第一条之规定")
    (citation,) = result.citations
    assert citation.status == "unknown_law" and citation.url is None and citation.law_url is None


def test_a_version_that_is_not_the_current_one_is_linked_as_such(sample_source):
    import_laws(sample_source, today=date(2027, 2, 1))
    result = check_text("依照《中华人民共和国示例法》第三条之规定", on=date(2020, 1, 1))
    (citation,) = result.citations
    assert citation.ok and "?version=" in citation.url
    assert citation.version_date == date(2015, 4, 24)


def test_no_citations_no_segments_but_the_text(db):
    result = check_text("本案事实清楚。")
    assert result.citations == [] and [s.text for s in result.segments] == ["本案事实清楚。"]


# --- bounded work -----------------------------------------------------------------------------------------

MANY_LAWS = ["刑法", "民法典", "刑事诉讼法", "民事诉讼法", "公司法"]


def _many_citations(articles_per_law: int) -> str:
    from xiezhi.nlp.citations import int_to_chinese

    return "".join(
        f"依照《{law}》"
        + "、".join(f"第{int_to_chinese(n)}条" for n in range(1, articles_per_law + 1))
        + "。"
        for law in MANY_LAWS
    )


def test_queries_grow_with_the_laws_cited_not_with_the_citations(laws, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        small = check_text(_many_citations(2), on=date(2024, 5, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = check_text(_many_citations(200), on=date(2024, 5, 1))
    assert len(small.citations) == 10 and len(large.citations) == 1000
    # About three per law (the law, its versions, the version's articles), however many citations.
    assert len(few.captured_queries) <= 4 * len(MANY_LAWS)
    assert all(c.url for c in large.citations if c.ok)


def test_a_range_of_hundreds_of_articles_is_not_expanded_but_flagged(laws):
    result = check_text("依照《刑法》第一条至第三百条之规定。")
    assert [(c.citation.article.number, c.status) for c in result.citations] == [
        (1, "suspicious_range"),
        (300, "suspicious_range"),
    ]
    assert result.flagged == result.citations and not result.truncated


def test_the_auditors_text_is_checked_quickly_and_capped(laws):
    import time

    started = time.perf_counter()
    result = check_text("《刑法》第一条至第三百条。" * 1000)  # 13,000 characters: 251 s and 300,000 citations
    assert time.perf_counter() - started < 10
    assert len(result.citations) == 2000 and not result.truncated
    more = check_text("《刑法》第一条至第三百条。" * 1001)
    assert len(more.citations) == MAX_CHECKED_CITATIONS and more.truncated


def test_check_text_checks_at_most_the_limit_and_says_so(laws, monkeypatch):
    monkeypatch.setattr(citations_module, "MAX_CHECKED_CITATIONS", 3)
    result = check_text("依照《刑法》第一条、第二条、第三条、第四条、第五条。")
    assert [c.citation.article.number for c in result.citations] == [1, 2, 3]
    assert result.truncated and result.limit == 3
    assert "".join(s.text for s in result.segments) == "依照《刑法》第一条、第二条、第三条、第四条、第五条。"
    exact = check_text("依照《刑法》第一条、第二条、第三条。")
    assert len(exact.citations) == 3 and not exact.truncated


# --- versions: a day before the earliest text held --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "on"),
    [
        ("依照《中华人民共和国刑事诉讼法》第二百零一条之规定", date(2017, 6, 1)),
        ("依照《中华人民共和国民事诉讼法》第一百四十四条之规定", date(2020, 6, 1)),
        ("依照《中华人民共和国公司法》第二百六十六条之规定", date(2020, 1, 1)),
        ("依照《中华人民共和国刑法》第一百三十三条之二", date(2016, 6, 1)),
    ],
)
def test_a_day_before_the_earliest_version_held_cannot_be_verified_not_flagged(laws, text, on):
    result = check_text(text, on=on)
    (citation,) = result.citations
    assert citation.status == "unverified" and citation.state == "info"
    assert result.flagged == []
    assert "无法核对" in citation.checked.message_zh
    assert "有效" not in citation.checked.message_zh and "尚未生效" not in citation.checked.message_zh


def test_a_law_that_first_took_effect_after_the_day_is_still_not_in_force(laws):
    result = check_text("依照《中华人民共和国公司法》第二百六十六条之规定", on=date(1993, 1, 1))
    (citation,) = result.citations
    assert citation.status == "not_in_force" and "1994年7月1日" in citation.checked.message_zh
    amendment = check_text("依照《中华人民共和国刑法修正案（十一）》第一条", on=date(2020, 6, 1))
    assert amendment.citations[0].status == "not_in_force"


def test_the_article_is_checked_in_the_version_in_force_on_the_day(sample_source):
    import_laws(sample_source, today=date(2027, 2, 1))
    # 第二条之一 was added by the version in force from 2027-01-01.
    before = check_text("依照《中华人民共和国示例法》第二条之一", on=date(2020, 1, 1))
    assert before.citations[0].status == "no_such_article"
    after = check_text("依照《中华人民共和国示例法》第二条之一", on=date(2027, 6, 1))
    assert after.citations[0].status == "ok"


# --- judicial interpretations -----------------------------------------------------------------------------


def test_judicial_interpretations_are_not_in_the_knowledge_base_not_unknown(laws):
    text = (
        "依照《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第二百八十条、"
        "《最高人民法院、最高人民检察院关于办理盗窃刑事案件适用法律若干问题的解释》第一条，"
        "《中华人民共和国不存在法》第一条之规定"
    )
    result = check_text(text, on=date(2024, 5, 1))
    assert [c.status for c in result.citations] == ["not_in_source", "not_in_source", "unknown_law"]
    first, second, unknown = result.citations
    assert first.url is None and first.law_url is None and first.state == "info"
    assert second.url is None and second.state == "info"
    assert result.flagged == [unknown]
    assert [s.state for s in result.segments if s.citations] == ["info", "info", "bad"]
