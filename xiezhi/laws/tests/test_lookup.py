"""Finding laws and articles: aliases, Chinese and Arabic numerals, 之一, 款 and 项, versions by day."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from xiezhi.laws import selectors
from xiezhi.laws.services import import_laws
from xiezhi.laws.structure import paragraphs


@pytest.fixture(autouse=True)
def english():
    """The notes and errors asserted here are the English msgids (the default UI language is
    Chinese)."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["刑法", "中华人民共和国刑法", "《中华人民共和国刑法》", "《刑法》", " 刑 法 "],
)
def test_find_law_by_name_short_name_and_title(laws, name):
    assert selectors.find_law(name).name == "中华人民共和国刑法"


@pytest.mark.parametrize(
    ("alias", "full"),
    [
        ("民诉法", "中华人民共和国民事诉讼法"),
        ("刑诉法", "中华人民共和国刑事诉讼法"),
        ("民法典", "中华人民共和国民法典"),
    ],
)
def test_find_law_by_alias(laws, alias, full):
    assert selectors.find_law(alias).name == full


@pytest.mark.parametrize("name", ["刑罚", "", "x" * 500, "中华人民共和国不存在法"])
def test_unknown_laws_are_none(laws, name):
    assert selectors.find_law(name) is None


@pytest.mark.parametrize(
    ("label", "number", "suffix"),
    [
        ("第二百六十四条", 264, 0),
        ("264", 264, 0),
        ("２６４", 264, 0),
        ("第264条", 264, 0),
        ("第一百三十三条之一", 133, 1),
        ("133条之二", 133, 2),
        ("第 二百六十四 条", 264, 0),
    ],
)
def test_find_article_by_chinese_or_arabic_numerals(laws, label, number, suffix):
    hit = selectors.find_article("刑法", label)
    assert (hit.article.number, hit.article.suffix) == (number, suffix)
    assert hit.paragraph is None and hit.item is None and hit.notes == ()
    assert hit.text == hit.article.text


def test_find_article_with_a_paragraph_returns_the_paragraph_text(laws):
    hit = selectors.find_article("刑法", "第六十七条第三款")
    assert hit.article.label == "第六十七条"
    assert hit.paragraph.number == 3
    assert hit.text.startswith("犯罪嫌疑人虽不具有前两款规定的自首情节")
    assert hit.label == "第六十七条第三款"
    assert hit.url.endswith("#para-3")


def test_a_paragraph_the_article_does_not_have_is_a_note_not_an_error(laws):
    hit = selectors.find_article("刑法", "第六十七条第五款")
    assert hit.paragraph is None and hit.missing == "paragraph"
    assert "3 paragraph" in hit.notes[0]
    assert hit.text == hit.article.text


def test_items_are_found_with_or_without_their_paragraph(laws):
    hit = selectors.find_article("刑法", "第二百六十三条第（四）项")
    assert hit.item.number == 4 and hit.text == "（四）多次抢劫或者抢劫数额巨大的；"
    assert hit.url.endswith("#para-1-item-4")
    hit = selectors.find_article("刑法", "第一百三十三条之一第一款第二项")
    assert hit.text == "（二）醉酒驾驶机动车的；"
    # Items are not paragraphs: the second paragraph of 第一百三十三条之一 comes after its four items.
    assert selectors.find_article("刑法", "第一百三十三条之一第二款").text.startswith("机动车所有人、管理人")
    missing = selectors.find_article("刑法", "第二百六十三条第（九）项")
    assert missing.item is None and missing.missing == "item"


@pytest.mark.parametrize(
    ("law", "label", "code"),
    [
        ("刑罚", "第一条", "unknown_law"),
        ("刑法", "第一千条", "no_such_article"),
        ("刑法", "第二百六十四条之九", "no_such_article"),
        ("刑法", "abc", "bad_label"),
        ("刑法", "", "bad_label"),
        ("刑法", "第" * 100, "bad_label"),
    ],
)
def test_lookup_problems_say_what_was_wrong(laws, law, label, code):
    with pytest.raises(selectors.LookupProblem) as caught:
        selectors.find_article(law, label)
    assert caught.value.code == code
    assert caught.value.message


def test_the_version_in_force_on_the_day_is_used(sample_source):
    import_laws(sample_source, today=date(2026, 11, 27))
    # 第二条之一 was added by the version in force from 2027-01-01.
    with pytest.raises(selectors.LookupProblem):
        selectors.find_article("示例法", "第二条之一", on=date(2026, 12, 31))
    hit = selectors.find_article("示例法", "第二条之一", on=date(2027, 1, 1))
    assert hit.version.version_date == date(2026, 6, 30)
    assert (
        selectors.find_article("示例法", "第三条第二款", on=date(2027, 1, 1)).text == "情节严重的，从重处理。"
    )
    assert selectors.find_article("示例法", "第三条第二款", on=date(2020, 1, 1)).missing == "paragraph"
    # Before the first version we hold: the earliest text, with a note saying so.
    early = selectors.find_article("示例法", "第一条", on=date(2010, 1, 1))
    assert early.version.version_date == date(2015, 4, 24)
    assert "earliest" in early.notes[0]


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("刑法 264", "264"),
        ("刑法264", "264"),
        ("《刑法》第二百六十四条", "第二百六十四条"),
        ("中华人民共和国刑法第一百三十三条之一", "第一百三十三条之一"),
        ("刑法：第六十七条第三款", "第六十七条第三款"),
        ("刑法", None),
    ],
)
def test_the_lookup_box_splits_law_and_article(laws, text, article):
    law, found = selectors.parse_lookup(text)
    assert law.name == "中华人民共和国刑法"
    assert found == article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲。", [("甲。", [])]),
        ("甲：\n（一）子；\n（二）丑。\n乙。", [("甲：", ["（一）子；", "（二）丑。"]), ("乙。", [])]),
        ("（一）子；\n（二）丑。", [("", ["（一）子；", "（二）丑。"])]),
        ("甲。\n\n  乙。  ", [("甲。", []), ("乙。", [])]),
    ],
)
def test_paragraphs_and_items_of_an_article(text, expected):
    parts = paragraphs(text)
    assert [(p.text, [i.text for i in p.items]) for p in parts] == expected
    assert [p.number for p in parts] == list(range(1, len(expected) + 1))


def test_the_lookup_command(laws):
    out = io.StringIO()
    call_command("laws", "lookup", "刑法", "第六十七条第三款", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("中华人民共和国刑法 第六十七条第三款 (2020-12-26 version)")
    assert lines[1].startswith("犯罪嫌疑人虽不具有")
    with pytest.raises(CommandError, match="No law called"):
        call_command("laws", "lookup", "刑罚", "1", stdout=io.StringIO())
    out = io.StringIO()
    call_command("laws", "stats", stdout=out)
    assert "laws," in out.getvalue() and "legislative_interpretation" in out.getvalue()
