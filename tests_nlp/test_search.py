"""The search core (xiezhi.nlp.search): analyzer, query language, snippets, Tantivy backend."""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Iterator
from datetime import date
from itertools import count
from pathlib import Path

import pytest

from xiezhi.nlp.search import (
    And,
    EmptyQueryError,
    FieldFilter,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    SearchBackend,
    SearchDoc,
    SearchQuery,
    TantivyBackend,
    Term,
    boost_exact,
    index_bigrams,
    index_terms,
    parse_query,
    query_terms,
    snippet,
    substring_pattern,
    substring_tsquery,
    tsvector_literal,
    words_tsquery,
)
from xiezhi.nlp.search import tantivy_backend as tantivy_module
from xiezhi.nlp.search.analysis import TSVECTOR_MAX_POSITION, SubstringPattern, case_number_key
from xiezhi.nlp.search.query import MAX_NESTING, MAX_QUERY_CHARS, MAX_TERM_CHARS, MAX_TERMS
from xiezhi.nlp.search.tantivy_backend import IndexVersionError
from xiezhi.nlp.segment import fold

# --------------------------------------------------------------------------------------------------
# Analyzer
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("盗窃罪，判处", "盗窃 窃罪 罪 判处 处"),
        ("盜竊罪", "盗窃 窃罪 罪"),
        ("（２０２４）浙0106", "20 02 24 4 浙0 01 10 06 6"),
        ("VIVO X5", "vi iv vo o x5 5"),
        ("罪", "罪"),
        ("，。！", ""),
        ("", ""),
        ("a_b", "a b"),  # the underscore separates like punctuation
    ],
)
def test_index_bigrams(text: str, expected: str) -> None:
    assert index_bigrams(text) == expected


def _reference_bigrams(text: str) -> str:
    """The character field as specified, written the slow obvious way."""
    out = []
    for run in re.findall(r"[^\W_]+", fold(text)):
        out.extend(run[i : i + 2] for i in range(len(run)))
    return " ".join(out)


@pytest.mark.parametrize(
    "text",
    [
        "公诉机关指控：2016年3月28日20时许，被告人颜某在本市洪山区马湖新村足球场马路边捡拾到被害人谢某的VIVOX5手机一部。",
        "  多个   空格\n\n换行\t制表  ",
        "全角ＡＢＣ１２３（括号）【方括号】《书名号》——破折号……省略号",
        "繁體字與簡體字混排：盜竊、詐騙、危險駕駛",
        "Emoji 😀 and astral 𠀀𰀁 characters İstanbul ß",
        "x",
    ],
)
def test_vectorised_bigrams_match_the_reference(text: str) -> None:
    assert index_bigrams(text) == _reference_bigrams(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("被告人犯危险驾驶罪。", "被告 被告人 犯 危险 驾驶 危险驾驶罪 危险驾驶"),
        ("犯盗窃罪", "犯 盗窃 盗窃罪"),
        ("，。", ""),
    ],
)
def test_index_terms(text: str, expected: str) -> None:
    assert index_terms(text).split() == expected.split()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("危險駕駛 手機", "危险驾驶 手机"),
        ("非法吸收公众存款罪", "非法吸收公众存款罪"),
        ("***", ""),
    ],
)
def test_query_terms(text: str, expected: str) -> None:
    assert query_terms(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("盗窃罪", SubstringPattern(("盗窃", "窃罪"))),
        ("盗窃", SubstringPattern(("盗窃",))),
        ("罪", SubstringPattern((), "罪")),
        ("盗窃、罪", SubstringPattern(("盗窃", "窃"), "罪")),
        ("盗窃、抢夺", SubstringPattern(("盗窃", "窃", "抢夺"))),
        ("「」", None),
    ],
)
def test_substring_pattern(text: str, expected: SubstringPattern | None) -> None:
    assert substring_pattern(text) == expected


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (substring_tsquery, "盗窃罪", "'盗窃' <-> '窃罪'"),
        (substring_tsquery, "罪", "'罪':*"),
        (substring_tsquery, "盗窃、罪", "'盗窃' <-> '窃' <-> '罪':*"),
        (substring_tsquery, "！", ""),
        (lambda t: substring_tsquery(t, exact=False), "公诉机关", "'公诉' & '诉机' & '机关'"),
        (lambda t: substring_tsquery(t, exact=False), "哈哈哈", "'哈哈'"),
        (lambda t: substring_tsquery(t, exact=False), "罪", "'罪':*"),
        (words_tsquery, "危险驾驶 手机", "'危险驾驶' & '手机'"),
        (tsvector_literal, "盗窃 窃罪 罪", "'盗窃':1 '窃罪':2 '罪':3"),
        (tsvector_literal, "  盗窃   罪 ", "'盗窃':1 '罪':2"),
        (tsvector_literal, "it's a\\b", "'it''s':1 'a\\\\b':2"),
        (tsvector_literal, "   ", ""),
    ],
)
def test_postgresql_helpers(function, text: str, expected: str) -> None:
    assert function(text) == expected


def test_tsvector_literal_stops_at_postgresqls_last_position() -> None:
    literal = tsvector_literal(" ".join(f"t{i}" for i in range(1, 20_001)))
    entries = literal.split()
    assert len(entries) == TSVECTOR_MAX_POSITION == 16_383
    assert entries[0] == "'t1':1"
    assert entries[-1] == "'t16383':16383"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" (2024)浙0106刑初123号 ", "（2024）浙0106刑初123号"),
        ("（2024）浙0106刑初123号", "（2024）浙0106刑初123号"),
        ("（2015）西刑初字第12号", "(2015)西刑初字第12号"),
        ("not a number", "notanumber"),
    ],
)
def test_case_number_key(text: str, expected: str) -> None:
    assert case_number_key(text) == expected


@pytest.mark.parametrize(
    ("text", "case_number", "title"),
    [
        ("(2024)浙0106刑初123号", "（2024）浙0106刑初123号", "(2024)浙0106刑初123号"),
        ("张某盗窃罪  一审判决", None, "张某盗窃罪 一审判决"),
    ],
)
def test_boost_exact(text: str, case_number: str | None, title: str) -> None:
    rule = boost_exact(text)
    assert rule.case_number == case_number
    assert rule.title == title


# --------------------------------------------------------------------------------------------------
# Query language
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("盗窃", Term("盗窃", 0)),
        ("盗窃 手机", And((Term("盗窃", 0), Term("手机", 3)))),
        ('"信用卡 套现"', Phrase("信用卡 套现", 0)),
        ("“信用卡套现”", Phrase("信用卡套现", 0)),
        ("-缓刑 盗窃", And((Not(Term("缓刑", 1), 0), Term("盗窃", 4)))),
        ("盗窃 OR 抢夺 手机", And((Or((Term("盗窃", 0), Term("抢夺", 6))), Term("手机", 9)))),
        ("(盗窃 OR 抢夺) -(缓刑)", And((Or((Term("盗窃", 1), Term("抢夺", 7))), Not(Term("缓刑", 13), 11)))),
        ("court:浙0106", FieldFilter("court", "浙0106", 0)),
        ("法院：浙０１０６", FieldFilter("court", "浙0106", 0)),
        ("Year:2024", FieldFilter("year", "2024", 0)),
        ('cause:"危险驾驶"', FieldFilter("cause", "危险驾驶", 0)),
        # Unknown field and Tantivy syntax: plain text, and punctuation separates words.
        ("a:b^2~", And((Term("a", 0), Term("b", 2), Term("2", 4)))),
        ("（盗窃）", Term("盗窃", 1)),
        ("2020-2024", And((Term("2020", 0), Term("2024", 5)))),
        ("--盗窃", Term("盗窃", 2)),
        ("盗窃 *", Term("盗窃", 0)),  # nothing searchable in "*": dropped
        ("or 盗窃", And((Term("or", 0), Term("盗窃", 3)))),  # only upper-case OR is an operator
    ],
)
def test_parse_query(text: str, expected: object) -> None:
    parsed = parse_query(text)
    assert parsed.root == expected
    assert parsed.notes == ()


@pytest.mark.parametrize(
    ("text", "error", "position"),
    [
        ('"盗窃', QuerySyntaxError, 0),
        ('盗窃 "手机', QuerySyntaxError, 3),
        ("盗窃 “手机", QuerySyntaxError, 3),
        ("(盗窃 OR 抢夺", QuerySyntaxError, 0),
        ("盗窃 （抢夺", QuerySyntaxError, 3),
        ("盗窃)", QuerySyntaxError, 2),
        ("盗窃 ）", QuerySyntaxError, 3),
        ("()", QuerySyntaxError, 0),
        ("OR 盗窃", QuerySyntaxError, 0),
        ("盗窃 OR", QuerySyntaxError, 3),
        ("盗窃 OR OR 抢夺", QuerySyntaxError, 3),
        ("year:20x4", QuerySyntaxError, 5),
        ("court: 盗窃", QuerySyntaxError, 6),
        ("", EmptyQueryError, 0),
        ("   \u3000\n", EmptyQueryError, 0),
        ("***", EmptyQueryError, 0),
        ('""', EmptyQueryError, 0),
        ("-", EmptyQueryError, 0),
        ("x" * (MAX_QUERY_CHARS + 1), QuerySyntaxError, MAX_QUERY_CHARS),
    ],
)
def test_parse_errors_say_where(text: str, error: type[Exception], position: int) -> None:
    with pytest.raises(error) as raised:
        parse_query(text)
    assert type(raised.value) is error
    assert raised.value.position == position
    assert raised.value.message and raised.value.message_zh
    assert f"character {position + 1}" in str(raised.value)


def test_unclosed_quote_message() -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query('盗窃 "手机')
    assert raised.value.message == "unclosed quote: the phrase that starts here has no closing quote"
    assert raised.value.message_zh == "引号未闭合：第 4 个字符处开始的短语缺少右引号"


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 250, 600])
def test_parentheses_nested_too_deeply_are_a_syntax_error_at_the_first_too_deep(depth: int) -> None:
    text = "(" * depth + "盗窃" + ")" * depth
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query(text)
    assert type(raised.value) is QuerySyntaxError
    assert raised.value.position == MAX_NESTING
    assert "nested too deeply" in raised.value.message
    assert "括号嵌套过深" in raised.value.message_zh


def test_parentheses_nested_up_to_the_limit_are_accepted() -> None:
    text = "(" * MAX_NESTING + "盗窃" + ")" * MAX_NESTING
    assert parse_query(text).root == Term("盗窃", MAX_NESTING)
    negated = "-(" * MAX_NESTING + "盗窃" + ")" * MAX_NESTING  # 32 minus signs cancel
    assert parse_query(negated).root == Term("盗窃", 2 * MAX_NESTING)


@pytest.mark.parametrize(("minus_signs", "negated"), [(3000, False), (3001, True), (19_990, False)])
def test_thousands_of_minus_signs_cancel_in_pairs_without_recursion(minus_signs: int, negated: bool) -> None:
    root = parse_query("-" * minus_signs + "盗窃 手机").root
    word = Term("盗窃", minus_signs)
    first = Not(word, 0) if negated else word
    assert root == And((first, Term("手机", minus_signs + 3)))


def test_minus_signs_without_a_term_say_where_the_last_one_is() -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query("盗窃 " + "-" * 5000 + "OR 抢夺")
    assert raised.value.position == 3 + 4999


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("盗窃 AND 手机", "盗窃 手机"),
        ("盗窃 NOT 缓刑", "盗窃 -缓刑"),
        ("NOT (缓刑 OR 管制) AND 盗窃", "-(缓刑 OR 管制) 盗窃"),
        ("NOT NOT 盗窃", "盗窃"),
    ],
)
def test_and_and_not_typed_as_words_are_operators_not_text(text: str, same_as: str) -> None:
    def shape(node: object) -> object:  # the tree without positions
        if isinstance(node, Term | Phrase):
            return node.text
        if isinstance(node, Not):
            return ("not", shape(node.child))
        if isinstance(node, And | Or):
            return (type(node).__name__, tuple(shape(c) for c in node.children))
        return node

    assert shape(parse_query(text).root) == shape(parse_query(same_as).root)


def test_lower_case_and_not_are_words_and_a_dangling_not_says_where() -> None:
    assert parse_query("and not").root == And((Term("and", 0), Term("not", 4)))
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query("盗窃 NOT")
    assert raised.value.position == 3 and raised.value.message == "NOT needs a term after it"


def test_long_query_is_limited_with_a_note() -> None:
    parsed = parse_query("盗窃 " * 3334)  # 10,002 characters, 3,334 terms
    assert isinstance(parsed.root, And)
    assert len(parsed.root.children) == MAX_TERMS
    assert len(parsed.notes) == 1 and "first 32 search terms" in parsed.notes[0]

    parsed = parse_query("盗" * 10_000)
    assert parsed.root == Term("盗" * MAX_TERM_CHARS, 0)
    assert "shortened" in parsed.notes[0]


# --------------------------------------------------------------------------------------------------
# Snippets
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        ("被告人张某犯盗窃罪。", ["盗窃"], "被告人张某犯<mark>盗窃</mark>罪。"),
        ("被告人张某犯盗窃罪。", ["盜竊"], "被告人张某犯<mark>盗窃</mark>罪。"),
        ("犯危险驾驶罪", ["危险驾驶", "危险驾驶罪"], "犯<mark>危险驾驶罪</mark>"),
        ("<script>alert(1)</script>存款", ["存款"], "&lt;script&gt;alert(1)&lt;/script&gt;<mark>存款</mark>"),
        ("A & B 合同", ["合同"], "A &amp; B <mark>合同</mark>"),
        ("第一行\n\n第二行 盗窃", ["盗窃"], "第一行 第二行 <mark>盗窃</mark>"),
        ("无匹配的文字", ["盗窃"], "无匹配的文字"),
        ("", ["盗窃"], ""),
    ],
)
def test_snippet(text: str, terms: list[str], expected: str) -> None:
    assert snippet(text, terms) == expected


def test_snippet_window_around_the_matches() -> None:
    text = "前文。" * 100 + "被告人张某盗窃他人手机一部。" + "后文。" * 100
    result = snippet(text, ["盗窃", "手机"], width=40)
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>盗窃</mark>他人<mark>手机</mark>" in result
    assert len(re.sub(r"</?mark>", "", result)) == 40 + 2  # the window and two ellipses


# --------------------------------------------------------------------------------------------------
# Tantivy backend
# --------------------------------------------------------------------------------------------------

CASE_NUMBER = "（2024）浙0106刑初123号"

CORPUS = [
    SearchDoc(
        id="j1",
        kind="judgment",
        title="张某一审刑事判决书",
        body="被告人张某犯盗窃罪，判处有期徒刑六个月，缓刑一年，并处罚金人民币二千元。",
        case_number=CASE_NUMBER,
        court="浙0106",
        year=2024,
        case_type="criminal",
        cause="盗窃",
        procedure="first_instance",
        sort_date=date(2024, 3, 1),
    ),
    SearchDoc(
        id="j2",
        kind="judgment",
        title="李某危险驾驶罪一审刑事判决书",
        body=(
            "被告人李某醉酒驾驶机动车，血液酒精含量为180mg/100ml，犯危险驾驶罪，判处拘役二个月，缓刑三个月。"
            f"本案与{CASE_NUMBER}案无关，{CASE_NUMBER}已审结。"
        ),
        case_number="（2023）浙0106刑初88号",
        court="浙0106",
        year=2023,
        case_type="criminal",
        cause="危险驾驶",
        procedure="first_instance",
        sort_date=date(2023, 5, 1),
    ),
    SearchDoc(
        id="j3",
        kind="judgment",
        title="王某非法吸收公众存款罪一审刑事判决书",
        body="被告人王某以高息为诱饵非法吸收公众存款三百万元。<script>alert(1)</script>",
        court="京0105",
        year=2024,
        case_type="criminal",
        cause="非法吸收公众存款",
        procedure="first_instance",
        access=("court:1",),
        sort_date=date(2024, 6, 1),
    ),
    SearchDoc(
        id="j4",
        kind="ruling",
        title="赵某诈骗罪二审刑事裁定书",
        body="上诉人赵某冒充客服，骗取被害人手机验证码，诈骗钱款五万元。驳回上诉，维持原判。",
        court="京0105",
        year=2022,
        case_type="criminal",
        cause="诈骗",
        procedure="second_instance",
        sort_date=date(2022, 9, 1),
    ),
    SearchDoc(
        id="law-264",
        kind="statute",
        title="中华人民共和国刑法 第二百六十四条",
        body="盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，处三年以下有期徒刑、拘役或者管制。",
    ),
    SearchDoc(
        id="j6",
        kind="judgment",
        title="陈某交通肇事罪一审刑事判决书",
        body="被告人陈某驾驶重型货车违反交通运输管理法规，因而发生重大事故，致一人死亡，犯交通肇事罪，判处有期徒刑一年。",
        court="浙0102",
        year=2024,
        case_type="criminal",
        cause="交通肇事",
        procedure="first_instance",
        sort_date=date(2024, 2, 1),
    ),
    SearchDoc(
        id="j7",
        kind="mediation",
        title="周某与吴某民间借贷纠纷民事调解书",
        body="双方自愿达成如下协议：吴某于2024年5月31日前归还周某借款人民币十万元。",
        court="浙0106",
        year=2024,
        case_type="civil",
        cause="民间借贷纠纷",
        procedure="first_instance",
        sort_date=date(2024, 5, 20),
        extra={"parties": ["周某", "吴某"]},
    ),
]


@pytest.fixture(scope="module")
def backend() -> Iterator[TantivyBackend]:
    with TantivyBackend() as index:
        assert index.index(CORPUS) == len(CORPUS)
        index.commit()
        yield index


def ids(backend: TantivyBackend, text: str, **options) -> set[str]:
    result = backend.search(SearchQuery(text, per_page=100, **options))
    assert result.total == len(result.hits)
    return {hit.id for hit in result.hits}


def test_backend_satisfies_the_protocol(backend: TantivyBackend) -> None:
    assert isinstance(backend, SearchBackend)
    assert backend.count() == len(CORPUS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("盗窃", {"j1", "law-264"}),  # j1 only says 盗窃罪
        ("窃罪", {"j1"}),  # not a word anywhere: found by the character field alone
        ("罪", {"j1", "j2", "j3", "j4", "j6"}),  # one character (j3, j4: in the title)
        ("危险驾驶", {"j2"}),
        ("非法吸收公众存款", {"j3"}),
        ("吸收公众存", {"j3"}),
        ('"醉酒驾驶"', {"j2"}),
        ('"驾驶醉酒"', set()),
        ('"多次盗窃，入户盗窃"', {"law-264"}),  # punctuation inside a phrase matches any punctuation
        ("驾驶", {"j2", "j6"}),
        ("驾驶 -缓刑", {"j6"}),
        ("-缓刑 驾驶", {"j6"}),
        ("盗窃 OR 诈骗", {"j1", "law-264", "j4"}),
        ("(盗窃 OR 诈骗) 手机", {"j4"}),
        ("被告人 -(盗窃 OR 驾驶)", {"j3"}),
        ("court:浙0106", {"j1", "j2", "j7"}),
        ("court:浙0106 -kind:mediation", {"j1", "j2"}),
        ("被告人 court:浙0106", {"j1", "j2"}),
        ("被告人 year:2024", {"j1", "j3", "j6"}),
        ("罪名:诈骗", {"j4"}),
        ("借款 2024年5月31日", {"j7"}),
        ("180mg", {"j2"}),
        ("不存在的词语", set()),
    ],
)
def test_search_matches(backend: TantivyBackend, text: str, expected: set[str]) -> None:
    assert ids(backend, text) == expected


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("盜竊", "盗窃"), ("危險駕駛", "危险驾驶"), ("詐騙", "诈骗"), ("借貸", "借贷"), ("ＶＩＶＯ", "vivo")],
)
def test_traditional_and_full_width_queries_find_simplified_text(
    backend: TantivyBackend, traditional: str, simplified: str
) -> None:
    assert ids(backend, traditional) == ids(backend, simplified)


def test_every_substring_of_a_document_finds_it(backend: TantivyBackend) -> None:
    # The recall guarantee: a query that occurs in a document as an exact substring returns it.
    syntax = set('"“”＂()（）-－ ')
    for doc in CORPUS:
        text = doc.body
        for length in (1, 2, 3, 5):
            for start in range(0, len(text) - length + 1, 3):
                query = text[start : start + length]
                if set(query) & syntax or query.startswith("OR") or not re.search(r"[^\W_]", query):
                    continue
                assert doc.id in ids(backend, query), query  # as words
                assert doc.id in ids(backend, f'"{query}"'), query  # as an exact phrase


def test_filters_argument(backend: TantivyBackend) -> None:
    assert ids(backend, "被告人", filters={"court": ["浙0106"]}) == {"j1", "j2"}
    assert ids(backend, "被告人", filters={"court": ["浙0106", "浙0102"]}) == {"j1", "j2", "j6"}
    assert ids(backend, "被告人", filters={"court": ["浙0106"], "year": ["2024"]}) == {"j1"}
    assert ids(backend, "判决书", filters={"kind": ["judgment"], "cause": ["交通肇事"]}) == {"j6"}
    assert ids(backend, "被告人", filters={"court": []}) == set()
    with pytest.raises(ValueError, match="unknown filter field"):
        SearchQuery("被告人", filters={"judge": ["x"]})


def test_facets_count_all_matches(backend: TantivyBackend) -> None:
    result = backend.search(SearchQuery("被告人", per_page=1))
    assert result.total == 4 and len(result.hits) == 1
    assert result.facets == {
        "court": [("浙0106", 2), ("京0105", 1), ("浙0102", 1)],
        "year": [("2024", 3), ("2023", 1)],
        "case_type": [("criminal", 4)],
        "cause": [("交通肇事", 1), ("危险驾驶", 1), ("盗窃", 1), ("非法吸收公众存款", 1)],
        "procedure": [("first_instance", 4)],
        "kind": [("judgment", 4)],
    }


def test_facets_count_only_accessible_documents(backend: TantivyBackend) -> None:
    # j3 is visible to court:1 only.
    hidden = backend.search(SearchQuery("存款", access=("court:2",)))
    assert (hidden.total, hidden.hits) == (0, [])
    assert hidden.facets == {
        name: [] for name in ("court", "year", "case_type", "cause", "procedure", "kind")
    }

    visible = backend.search(SearchQuery("存款", access=("court:1",)))
    assert [h.id for h in visible.hits] == ["j3"]
    assert visible.facets["court"] == [("京0105", 1)]

    public = backend.search(SearchQuery("被告人", access=("public", "court:2"), facets=("court",)))
    assert public.total == 3
    assert {h.id for h in public.hits} == {"j1", "j2", "j6"}
    assert public.facets == {"court": [("浙0106", 2), ("浙0102", 1)]}

    assert backend.search(SearchQuery("被告人", access=())).total == 0


@pytest.mark.parametrize("text", ["(2024)浙0106刑初123号", CASE_NUMBER, "  （2024）浙0106刑初123号 "])
def test_case_number_query_ranks_that_case_first(backend: TantivyBackend, text: str) -> None:
    result = backend.search(SearchQuery(text))
    # j2 quotes the number twice in its text, but j1 *is* that case.
    assert [h.id for h in result.hits] == ["j1", "j2"]


def test_exact_title_ranks_first(backend: TantivyBackend) -> None:
    result = backend.search(SearchQuery("李某危险驾驶罪一审刑事判决书"))
    assert result.hits[0].id == "j2"
    assert result.hits[0].score > 1e5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("盗窃:罪", {"j1"}),
        ("盗窃^", {"j1", "law-264"}),
        ("盗窃^2", set()),  # = 盗窃 2, and no document with 盗窃 has a 2
        ("盗窃~", {"j1", "law-264"}),
        ("盗窃*", {"j1", "law-264"}),
        ("[盗窃", {"j1", "law-264"}),
        ("盗窃 (罪)", {"j1"}),
        ("盗窃 AND NOT 罪 &&", {"law-264"}),  # AND is a space and NOT a minus: 盗窃 -罪
        ("title:盗窃", set()),
        ("\\盗窃/ <罪> {诈骗} !", set()),
    ],
)
def test_query_syntax_characters_are_plain_text(
    backend: TantivyBackend, text: str, expected: set[str]
) -> None:
    assert ids(backend, text) == expected


def test_malformed_query_raises_with_position(backend: TantivyBackend) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        backend.search(SearchQuery('缓刑 "醉酒驾驶'))
    assert raised.value.position == 3
    with pytest.raises(QuerySyntaxError) as raised:
        backend.search(SearchQuery("(盗窃 OR 诈骗"))
    assert raised.value.position == 0


@pytest.mark.parametrize("text", ["", "   ", "\u3000", "！？。", "*"])
def test_empty_query_raises_empty_query_error(backend: TantivyBackend, text: str) -> None:
    with pytest.raises(EmptyQueryError):
        backend.search(SearchQuery(text))


def test_ten_thousand_character_queries(backend: TantivyBackend) -> None:
    words = backend.search(SearchQuery("盗窃 " * 3334))
    assert {h.id for h in words.hits} == {"j1", "law-264"}
    assert len(words.notes) == 1

    unbroken = backend.search(SearchQuery("盗窃" * 5000))
    # Cut to 64 characters: no document has 盗窃盗窃…, but its words (盗窃) still match.
    assert {h.id for h in unbroken.hits} == {"j1", "law-264"}
    assert "shortened" in unbroken.notes[0]

    junk = backend.search(SearchQuery(("(x) " + '"y" ' + "-z " + "a:b ") * 625))
    assert junk.total == 0 and junk.notes


def test_snippets_mark_matches_and_escape_html(backend: TantivyBackend) -> None:
    result = backend.search(SearchQuery("存款"))
    (hit,) = result.hits
    assert hit.snippet == (
        "被告人王某以高息为诱饵非法吸收公众<mark>存款</mark>三百万元。&lt;script&gt;alert(1)&lt;/script&gt;"
    )
    assert "<script>" not in hit.snippet
    assert hit.title == "王某非法吸收公众存款罪一审刑事判决书"

    (statute,) = backend.search(SearchQuery("入户盗窃")).hits
    assert "<mark>入户盗窃</mark>" in statute.snippet


def test_hit_fields(backend: TantivyBackend) -> None:
    (hit,) = backend.search(SearchQuery("借款")).hits
    assert hit.fields == {
        "kind": "mediation",
        "case_number": "",
        "court": "浙0106",
        "year": 2024,
        "case_type": "civil",
        "cause": "民间借贷纠纷",
        "procedure": "first_instance",
        "sort_date": "2024-05-20",
        "extra": {"parties": ["周某", "吴某"]},
    }


def test_sort_by_date(backend: TantivyBackend) -> None:
    result = backend.search(SearchQuery("有期徒刑", sort="date"))
    assert [h.id for h in result.hits] == ["j1", "j6", "law-264"]  # newest first, undated last


def test_time_budget_gives_partial_results(backend: TantivyBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = count()

    class FakeTime:
        @staticmethod
        def perf_counter() -> float:
            return float(next(ticks))  # every reading one second later than the last

    monkeypatch.setattr(tantivy_module, "time", FakeTime)
    result = backend.search(SearchQuery("盗窃", budget_ms=1000))
    assert result.partial is True
    assert result.facets == {}
    assert result.total == 2 and len(result.hits) == 2  # hits and total are never cut
    assert all("<mark>" not in h.snippet for h in result.hits)


# --------------------------------------------------------------------------------------------------
# Paging, updates, persistence
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def empty_backend() -> Iterator[TantivyBackend]:
    with TantivyBackend() as index:
        yield index


def test_paging_is_complete_and_stable(empty_backend: TantivyBackend) -> None:
    docs = [
        SearchDoc(
            id=f"p{n:02d}",
            kind="judgment",
            title=f"第{n}号文书",
            # Groups of five identical texts: equal scores, so the id decides the order.
            body="本院认为，合同有效。" + "合同" * (n % 5),
            sort_date=date(2024, 1, 1 + n % 3),
        )
        for n in range(25)
    ]
    empty_backend.index(reversed(docs))
    empty_backend.commit()

    seen: list[tuple[float, str]] = []
    for page in (1, 2, 3):
        result = empty_backend.search(SearchQuery("合同", page=page, per_page=10))
        assert result.total == 25
        assert len(result.hits) == (10 if page < 3 else 5)
        seen.extend((hit.score, hit.id) for hit in result.hits)
    assert len({doc_id for _, doc_id in seen}) == 25
    assert seen == sorted(seen, key=lambda pair: (-pair[0], pair[1]))
    assert [doc_id for _, doc_id in seen[:5]] == ["p04", "p09", "p14", "p19", "p24"]
    assert empty_backend.search(SearchQuery("合同", page=4, per_page=10)).hits == []

    by_date = [
        hit.id
        for page in (1, 2, 3)
        for hit in empty_backend.search(SearchQuery("合同", page=page, per_page=10, sort="date")).hits
    ]
    assert by_date == sorted(by_date, key=lambda i: (-(int(i[1:]) % 3), i))

    too_deep = empty_backend.search(SearchQuery("合同", page=2000, per_page=10))
    assert (too_deep.total, too_deep.hits) == (25, [])
    assert "10,000" in too_deep.notes[0]


def test_small_tie_groups_straddling_page_ends_are_in_id_order_on_every_page(
    empty_backend: TantivyBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Groups of four equal scores (the limit), pages of three: every group crosses a page end, and
    # the documents of a group sit in three segments, added in reverse id order.
    monkeypatch.setattr(tantivy_module, "TIE_GROUP_LIMIT", 4)
    for batch in range(3):
        empty_backend.index(
            SearchDoc(f"s{n:02d}", "judgment", "文书", "本院认为，合同有效。" + "合同" * (n % 6))
            for n in reversed(range(24))
            if n % 3 == batch
        )
        empty_backend.commit()
    seen = [
        (hit.score, hit.id)
        for page in range(1, 9)
        for hit in empty_backend.search(SearchQuery("合同", page=page, per_page=3)).hits
    ]
    assert len({doc_id for _, doc_id in seen}) == 24
    assert seen == sorted(seen, key=lambda pair: (-pair[0], pair[1]))


def test_paging_through_a_large_group_of_equal_scores(
    empty_backend: TantivyBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Groups larger than TIE_GROUP_LIMIT keep Tantivy's order; paging must still be exact.
    monkeypatch.setattr(tantivy_module, "TIE_GROUP_LIMIT", 3)
    for batch in range(3):  # three commits: three segments
        empty_backend.index(
            SearchDoc(f"t{batch}{n:02d}", "judgment", "文书", "本院认为，合同有效。") for n in range(9)
        )
        empty_backend.commit()
    seen = [
        hit.id
        for page in range(1, 5)
        for hit in empty_backend.search(SearchQuery("合同", page=page, per_page=7)).hits
    ]
    assert len(seen) == 27
    assert len(set(seen)) == 27


def test_reindexing_replaces_the_document(empty_backend: TantivyBackend) -> None:
    empty_backend.index([SearchDoc("d1", "case_document", "起诉状", "原告请求返还借款十万元。")])
    empty_backend.commit()
    assert ids(empty_backend, "借款") == {"d1"}

    empty_backend.index([SearchDoc("d1", "case_document", "起诉状（变更）", "原告变更诉讼请求为解除合同。")])
    assert ids(empty_backend, "借款") == {"d1"}  # not visible before commit
    empty_backend.commit()
    assert ids(empty_backend, "借款") == set()
    assert ids(empty_backend, "解除合同") == {"d1"}
    assert empty_backend.count() == 1

    # The same id twice in one batch: the last version wins.
    empty_backend.index(
        [
            SearchDoc("d2", "case_document", "a", "第一版答辩状"),
            SearchDoc("d2", "case_document", "b", "第二版答辩状"),
        ]
    )
    empty_backend.commit()
    assert ids(empty_backend, "答辩状") == {"d2"}
    assert ids(empty_backend, "第一版") == set()
    assert empty_backend.count() == 2


def test_search_doc_pickles() -> None:
    doc = CORPUS[-1]
    copy = pickle.loads(pickle.dumps(doc))
    assert copy == doc
    assert copy.extra == {"parties": ["周某", "吴某"]}


def test_delete_and_clear(empty_backend: TantivyBackend) -> None:
    empty_backend.index([SearchDoc(f"d{n}", "statute", f"第{n}条", "法律条文") for n in range(3)])
    empty_backend.commit()
    assert empty_backend.delete(["d0", "missing"]) == 1
    empty_backend.commit()
    assert empty_backend.count() == 2
    assert ids(empty_backend, "法律条文") == {"d1", "d2"}
    empty_backend.clear()
    assert empty_backend.count() == 0


def test_index_on_disk_is_reopened(tmp_path: Path) -> None:
    path = tmp_path / "index"
    with TantivyBackend(path) as first:
        first.index(CORPUS[:2])
        first.commit()
    with TantivyBackend(path) as second:
        assert second.count() == 2
        assert ids(second, "盗窃") == {"j1"}

    meta = path / "xiezhi-search.json"
    meta.write_text(json.dumps({"schema_version": "0", "analyzer_version": "0"}))
    with pytest.raises(IndexVersionError, match="re-index"):
        TantivyBackend(path)
