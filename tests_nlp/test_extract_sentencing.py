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


# Sentencing circumstances stated and denied (否定表述), one pair per circumstance the opinions name.
STATED_AND_DENIED = [
    (
        "surrender",
        "案发后，被告人张某主动到派出所投案，如实供述了自己的罪行，系自首。",
        "被告人张某系被公安机关抓获归案，不构成自首。",
    ),
    (
        "surrender",
        "被告人李某在未被公安机关发现的情况下主动投案。",
        "辩护人提出被告人李某有自首情节的意见，经查，李某系被民警抓获，不能认定为自首。",
    ),
    ("surrender", "被告人王某于次日投案自首。", "被告人王某的自首情节不成立。"),
    ("confession", "被告人到案后如实供述自己的罪行，系坦白。", "被告人到案后拒不供述，未如实供述犯罪事实。"),
    (
        "plea_bargain",
        "被告人自愿认罪认罚，在辩护人见证下签署了认罪认罚具结书。",
        "被告人拒不认罪，未签署认罪认罚具结书。",
    ),
    (
        "recidivism",
        "被告人曾因犯盗窃罪被判处有期徒刑一年，刑满释放后五年内再犯应当判处有期徒刑以上刑罚之罪，系累犯。",
        "被告人前罪系过失犯罪，不构成累犯。",
    ),
    ("restitution", "案发后被告人积极退赃，赃款已全部发还被害人。", "被告人至今未退赔被害人损失，亦未退赃。"),
    ("restitution", "被盗手机已追回并发还被害人。", "被盗手机已被销赃，赃物未被追回。"),
    (
        "forgiveness",
        "被告人家属赔偿了被害人经济损失并取得了被害人的谅解。",
        "被告人未能取得被害人及其家属的谅解。",
    ),
    ("forgiveness", "被害人出具谅解书，对被告人表示谅解。", "被害人家属表示不予谅解，要求从重处罚。"),
    (
        "attempt",
        "被告人已经着手实行犯罪，由于意志以外的原因而未得逞，系犯罪未遂。",
        "被告人已将财物转移出商场，其行为系犯罪既遂，不构成犯罪未遂。",
    ),
    (
        "accomplice",
        "被告人赵某在共同犯罪中起次要作用，系从犯。",
        "被告人赵某并非从犯，辩护人的该项意见不予采纳。",
    ),
    (
        "minor",
        "被告人作案时已满十六周岁不满十八周岁，系未成年人。",
        "被告人作案时已满十八周岁，不属于未成年人。",
    ),
]


@pytest.mark.parametrize(
    ("kind", "stated", "denied"),
    STATED_AND_DENIED,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(STATED_AND_DENIED)],
)
def test_a_denied_circumstance_is_not_found_but_the_stated_one_is(kind, stated, denied):
    assert kind in {f.kind for f in circumstances(stated)}
    assert kind not in {f.kind for f in circumstances(denied)}
    flagged = [f for f in circumstances(denied, include_negated=True) if f.kind == kind]
    assert flagged and all(f.negated for f in flagged)
    assert not any(f.negated for f in circumstances(stated, include_negated=True) if f.kind == kind)


def test_the_audited_negated_sentence_has_no_lenient_circumstance():
    text = "被告人张某盗窃手机一部，价值5000元。被告人不构成自首，未取得被害人谅解，亦未退赃。"
    assert {f.kind for f in circumstances(text)} & {"surrender", "forgiveness", "restitution"} == set()
    assert {f.kind for f in circumstances(text, include_negated=True) if f.negated} == {
        "surrender",
        "forgiveness",
        "restitution",
    }


def test_a_denied_circumstance_does_not_hide_a_stated_one_in_the_next_clause():
    text = "被告人虽不具有自首情节，但到案后如实供述自己的罪行，且退赔了被害人的损失。"
    kinds = {f.kind for f in circumstances(text)}
    assert {"confession", "restitution"} <= kinds and "surrender" not in kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("在公安机关尚未掌握其犯罪事实前，被告人主动投案", "surrender"),
        ("在未受到讯问、未被采取强制措施时主动投案", "surrender"),
        ("被告人趁无人之机入户盗窃", "burglary"),
        ("被害人经抢救无效死亡", "death"),
        ("被害人送医后不治身亡", "death"),
        ("被告人对指控的事实无异议并当庭认罪", "guilty_plea"),
        ("被告人赵某某不但如实供述了自己的罪行", "confession"),
    ],
)
def test_words_with_a_negation_character_that_deny_nothing_keep_the_circumstance(text, kind):
    assert kind in {f.kind for f in circumstances(text)}


def test_no_prior_record_is_not_a_prior_record():
    assert "prior_record" not in {f.kind for f in circumstances("被告人无前科劣迹。")}
    assert "prior_record" in {f.kind for f in circumstances("被告人有盗窃前科。")}


def test_denied_circumstances_do_not_reach_the_term_features():
    from xiezhi.nlp.predict.term import FEATURES, term_features

    base = "被告人张某在某超市盗窃手机一部，价值人民币5000元。"
    stated, _ = term_features(base + "被告人构成自首，取得被害人谅解，已退赃。", [2.0], ["盗窃"])
    denied, _ = term_features(base + "被告人不构成自首，未取得被害人谅解，亦未退赃。", [2.0], ["盗窃"])
    for kind in ("surrender", "forgiveness", "restitution"):
        column = FEATURES.index(f"c_{kind}")
        assert stated[column] == 1.0 and denied[column] == 0.0
