"""The ORM-backed lookup of the citation engine and check_text (statuses, links, segments)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from xiezhi.laws.citations import OrmStatuteLookup, check_text
from xiezhi.laws.models import Law
from xiezhi.laws.services import import_laws
from xiezhi.nlp.citations import StatuteLookup, check_citations, sqlite_lookup

pytestmark = pytest.mark.django_db


def test_the_orm_lookup_answers_the_engines_protocol(laws):
    lookup: StatuteLookup = OrmStatuteLookup()
    info = lookup.law("中华人民共和国刑法", None)
    assert info.name == "中华人民共和国刑法" and info.effective_from == date(1997, 10, 1)
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
