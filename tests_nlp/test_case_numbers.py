"""Table-driven tests for case numbers (案号), see docs/domain case-numbers.md."""

from __future__ import annotations

from datetime import date

import pytest

from xiezhi.nlp.case_numbers import (
    PROVINCE_CODES,
    TYPE_CODES,
    CaseNumber,
    CaseNumberError,
    check_court_code,
    court_code_level,
    format_case_number,
    is_legacy_case_number,
    parse_case_number,
    province_of,
    type_code_info,
    type_codes,
)

# (text, year, court, special, type, sequence) — every worked example of case-numbers.md §6.
WORKED_EXAMPLES = [
    ("（2017）沪0120刑初684号", 2017, "沪0120", "", "刑初", 684),
    ("（2017）京04民终367号", 2017, "京04", "", "民终", 367),
    ("（2019）最高法知民终1号", 2019, "最高法", "知", "民终", 1),
    ("（2023）京0105民初1000号", 2023, "京0105", "", "民初", 1000),
    ("（2024）京0105执5000号", 2024, "京0105", "", "执", 5000),
    ("（2024）京0105执异200号", 2024, "京0105", "", "执异", 200),
    ("（2024）京01执复50号", 2024, "京01", "", "执复", 50),
    ("（2025）京0105执恢30号", 2025, "京0105", "", "执恢", 30),
    ("（2024）粤0304财保12号", 2024, "粤0304", "", "财保", 12),
    ("（2024）粤0304执保34号", 2024, "粤0304", "", "执保", 34),
    ("（2024）粤0304民初8800号", 2024, "粤0304", "", "民初", 8800),
    ("（2021）苏05破申3号", 2021, "苏05", "", "破申", 3),
    ("（2021）苏05破7号", 2021, "苏05", "", "破", 7),
    ("（2024）京0105民初123号", 2024, "京0105", "", "民初", 123),
]


@pytest.mark.parametrize(("text", "year", "court", "special", "type_code", "seq"), WORKED_EXAMPLES)
def test_worked_examples_parse_and_round_trip(text, year, court, special, type_code, seq):
    parsed = parse_case_number(text)
    assert parsed == CaseNumber(year, court, type_code, seq, special)
    assert str(parsed) == text
    assert format_case_number(year, court, type_code, seq, special) == text
    assert parse_case_number(str(parsed)) == parsed


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("(2017)沪0120刑初684号", "（2017）沪0120刑初684号"),
        ("  (2019)最高法知民终1号\n", "（2019）最高法知民终1号"),
        ("（2024)京民终5号", "（2024）京民终5号"),
        ("\t（2020）兵01民初9号 ", "（2020）兵01民初9号"),
        ("(2022)内0102行初3号", "（2022）内0102行初3号"),
        ("(2023)京73民初100号", "（2023）京73民初100号"),
        ("(2021)最高法刑核12345678号", "（2021）最高法刑核12345678号"),
        ("(2021)最高法刑核01234567号", "（2021）最高法刑核01234567号"),
        ("(2024)浙0192民初1号", "（2024）浙0192民初1号"),
        ("(2024)最高法司救民2号", "（2024）最高法司救民2号"),
    ],
)
def test_half_width_and_whitespace_are_accepted_and_canonicalised(text, canonical):
    assert str(parse_case_number(text)) == canonical


MALFORMED = [
    ("", "empty case number"),
    ("   ", "empty case number"),
    ("京0105民初123号", "missing year"),
    ("（）京0105民初123号", "missing year inside"),
    ("（24）京0105民初123号", "year must be 4 Arabic digits"),
    ("（２０２４）京0105民初123号", "year must be 4 Arabic digits"),
    ("（2024京0105民初123号", "unclosed parenthesis"),
    ("（2015）京0105民初123号", "year 2015 out of range"),
    ("（2999）京0105民初123号", "year 2999 out of range"),
    ("（2024）京0105民初123", "missing 号"),
    ("（2024）号", "missing court code"),
    ("（2024）X0105民初123号", "unknown province character 'X'"),
    ("（2024）0105民初123号", "unknown court code shape"),
    ("（2024）京105民初123号", "has 3 digits"),
    ("（2024）京010501民初123号", "has 6 digits"),
    ("（2024）京00民初123号", "prefecture part must not be 00"),
    ("（2024）京0100民初123号", "county part of a basic court must not be 00"),
    ("（2024）京0105123号", "missing type code"),
    ("（2024）京0105民初号", "missing sequence number"),
    ("（2024）京0105民123号", "unknown type code '民'"),
    ("（2024）京0105赔123号", "unknown type code '赔'"),
    ("（2024）京0105民民初一123号", "at most 3 characters"),
    ("（2024）京0105民初0号", "sequence must start at 1"),
    ("（2024）京0105民初0123号", "must not be zero-padded"),
    ("（2024）京0105民初12a号", "sequence must be Arabic digits"),
    ("（2024）京0105民初12号号", "sequence must be Arabic digits"),
    ("（2021）最高法刑核1234号", "random 8-digit number"),
    ("（2018）最高法知民终1号", "not in use before 2019"),
    ("（2015）京0105民初字第123号", "legacy pre-2016"),
]


@pytest.mark.parametrize(("text", "reason"), MALFORMED)
def test_malformed_numbers_are_rejected_with_the_reason(text, reason):
    with pytest.raises(CaseNumberError, match=reason.replace("(", r"\(")):
        parse_case_number(text)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ((2024, "京0105", "民初", 0), "natural number"),
        ((2024, "京0105", "民初", -3), "natural number"),
        ((2024, "京0105", "民初", True), "sequence must be an integer"),
        ((2024, "京0105", "民初", "12"), "sequence must be an integer"),
        (("2024", "京0105", "民初", 1), "year must be an integer"),
        ((2012, "京0105", "民初", 1), "out of range"),
        ((2024, "京0105", "民破産", 1), "unknown type code"),
        ((2024, "最高", "民终", 1), "unknown court code shape"),
        ((2024, "", "民终", 1), "missing court code"),
        ((2024, "京", "民终", 1, "商"), "unknown special-adjudication code"),
        ((2021, "最高法", "刑核", 123456789), "random 8-digit number"),
    ],
)
def test_format_validates_every_part(args, reason):
    with pytest.raises(CaseNumberError, match=reason):
        format_case_number(*args)


def test_case_number_is_frozen():
    number = CaseNumber(2024, "京0105", "民初", 1)
    with pytest.raises(AttributeError):
        number.year = 2025  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（2015）X民初字第123号", True),
        ("(2014)海民初字第12345号", True),
        ("（2013）一中民终字第1234号", True),
        ("（2014）民提字第1号", True),
        ("（2024）京0105民初123号", False),
        ("（2015）京0105民初123号", False),
        ("民初字第123号", False),
    ],
)
def test_is_legacy_case_number(text, expected):
    assert is_legacy_case_number(text) is expected


@pytest.mark.parametrize(
    ("code", "level", "province"),
    [
        ("最高法", "supreme", None),
        ("京", "high", "北京市"),
        ("内", "high", "内蒙古自治区"),
        ("军", "high", "中国人民解放军军事法院"),
        ("兵", "high", "新疆生产建设兵团"),
        ("京01", "intermediate", "北京市"),
        ("粤07", "intermediate", "广东省"),
        ("京73", "intermediate", "北京市"),  # IP court (Art. 5 special range)
        ("沪72", "intermediate", "上海市"),  # maritime court
        ("兵08", "intermediate", "新疆生产建设兵团"),
        ("粤0703", "basic", "广东省"),
        ("京0105", "basic", "北京市"),
        ("沪0120", "basic", "上海市"),
        ("京7101", "basic", "北京市"),  # railway transport court
        ("浙0192", "basic", "浙江省"),  # internet court
    ],
)
def test_court_codes(code, level, province):
    assert court_code_level(code) == level
    assert check_court_code(code) == level
    assert province_of(code) == province


@pytest.mark.parametrize("code", ["", "最高", "X01", "京1", "京123", "京00", "京0100", "京01a", "01"])
def test_bad_court_codes(code):
    with pytest.raises(CaseNumberError):
        check_court_code(code)


def test_province_codes_cover_the_standard_list():
    chars = "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新军兵"
    assert set(PROVINCE_CODES) == set(chars)


# Every code listed in case-numbers.md §3 (and the notes).
SECTION_3_CODES = (
    "刑辖 民辖 行辖 赔辖 民辖终 行辖终 赔辖终 民辖监 "
    "刑初 刑终 刑监 刑申 刑抗 刑再 刑核 刑没 刑医 刑医解 刑医复 刑医监 刑止 刑止调 刑止核 "
    "刑更 刑更监 刑更备 刑教 刑教解 刑教复 刑教监 刑他 "
    "民初 民终 民监 民申 民抗 民再 民撤 民特 民特监 民催 民督 民督监 民保令 民保更 民他 "
    "行初 行终 行监 行申 行抗 行再 行审 行审复 "
    "行赔初 行赔终 行赔监 行赔申 行赔抗 行赔再 法赔 委赔 委赔监 委赔提 委赔再 赔确监 赔他 "
    "司救刑 司救民 司救行 司救赔 司救执 司救访 司救他 认台 认港 认澳 协外认 "
    "司惩 司惩复 财保 行保 行保复 证保 "
    "执 执恢 执保 执异 执复 执监 执协 执他 "
    "破申 破 破终 破监 清申 强清 清终 清监 民破 民算"
).split()


@pytest.mark.parametrize("code", SECTION_3_CODES)
def test_type_code_table_covers_section_3(code):
    info = type_code_info(code)
    assert info.code == code
    assert info.meaning_zh and info.meaning_en and info.case_type
    assert len(code) <= 3


@pytest.mark.parametrize(
    ("code", "case_type", "procedure"),
    [
        ("民初", "civil", "first_instance"),
        ("民终", "civil", "second_instance"),
        ("民申", "civil", "retrial_review"),
        ("民再", "civil", "retrial"),
        ("刑初", "criminal", "first_instance"),
        ("行终", "administrative", "second_instance"),
        ("行赔初", "state_compensation", "first_instance"),
        ("执", "enforcement", "first_enforcement"),
        ("财保", "preservation", "property_preservation"),
        ("破", "bankruptcy", "bankruptcy"),
        ("民特", "civil", "special_procedure"),
    ],
)
def test_type_code_classification(code, case_type, procedure):
    info = type_code_info(code)
    assert (info.case_type, info.procedure) == (case_type, procedure)


def test_type_code_table_is_consistent():
    codes = [row.code for row in TYPE_CODES]
    assert len(codes) == len(set(codes))
    for row in TYPE_CODES:
        assert row.valid_to is None or row.valid_to >= row.valid_from
    assert [row.code for row in TYPE_CODES if row.random_sequence] == ["刑核"]
    assert type_codes() == TYPE_CODES
    assert "民初" in {row.code for row in type_codes(on=date(2016, 1, 1))}
    assert type_codes(on=date(2015, 12, 31)) == ()


def test_unknown_type_code_info():
    with pytest.raises(CaseNumberError, match="unknown type code '赔'"):
        type_code_info("赔")


def test_case_number_properties():
    number = parse_case_number("（2024）京01执复50号")
    assert number.court_level == "intermediate"
    assert number.type_info.case_type == "enforcement"
