"""Sentencing facts found in fact descriptions: numbers, amounts, drug weights, circumstances, proposals."""

from __future__ import annotations

import pytest

from xiezhi.nlp.extract.sentencing import (
    chinese_number,
    circumstances,
    drug_quantities,
    money_amounts,
    sentencing_proposal,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3723", 3723),
        ("1.5万", 15000),
        ("三千二百", 3200),
        ("两万五千", 25000),
        ("十五", 15),
        ("一亿", 1e8),
        ("12,000", 12000),
        ("abc", None),
    ],
)
def test_chinese_number(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("盗走人民币3723元", [3723]),
        ("骗取1.2万元，后又骗取三千余元", [12000, 3000]),
        ("价值人民币12,500元", [12500]),
        ("没有金额", []),
    ],
)
def test_money_amounts(text, values):
    found = money_amounts(text)
    assert [f.value for f in found] == values
    for f in found:
        assert text[f.start : f.end] == f.text


def test_drug_quantities_convert_to_grams():
    text = "查获甲基苯丙胺净重12.5克，另有海洛因1.2千克"
    assert [f.value for f in drug_quantities(text)] == [12.5, 1200.0]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("被告人到案后如实供述自己的罪行，并取得被害人谅解", {"confession", "forgiveness"}),
        ("被告人系累犯，且主动投案", {"recidivism", "surrender"}),
        ("因意志以外的原因未得逞", {"attempt"}),
    ],
)
def test_circumstances(text, kinds):
    assert kinds <= {f.kind for f in circumstances(text)}


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("建议判处被告人有期徒刑三年以上五年以下", 36),
        ("建议判处一年以下有期徒刑", 6),
        ("建议判处拘役四个月", 4),
        ("没有量刑建议", None),
    ],
)
def test_sentencing_proposal(text, months):
    found = sentencing_proposal(text)
    assert (found.value if found else None) == months
