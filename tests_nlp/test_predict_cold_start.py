"""Cold start (no decided case): the statute documents alone must not let numbers or the words of
procedure decide the charge."""

from __future__ import annotations

import pytest

from xiezhi.nlp.predict import cold_start_model, sqlite_statutes
from xiezhi.nlp.predict.features import TfidfSpace


@pytest.fixture(scope="module")
def cold():
    return cold_start_model(sqlite_statutes())


@pytest.mark.parametrize(
    "fact, charge",
    [
        # Dates and amounts once made this a counterfeit-money or drunk-driving case (their statute
        # documents hold "面额100元" and "80毫克/100毫升").
        ("被告人张某于2020年5月1日在某超市盗窃手机一部，价值3000元。", "盗窃"),
        ("被告人李某于2019年3月2日20时许，在某小区门口持刀将被害人王某捅伤，经鉴定为轻伤一级。", "故意伤害"),
        # 脱逃's article names 罪犯、被告人、犯罪嫌疑人: words every fact holds.
        (
            "人民检察院指控，犯罪嫌疑人王某在某工地趁无人看管，窃取钢筋若干，被公安机关抓获，"
            "被告人王某如实供述。",
            "盗窃",
        ),
    ],
)
def test_cold_start_is_not_decided_by_numbers_or_procedure_words(cold, fact, charge):
    p = cold.predict(fact)
    assert p.cold_start
    assert p.charges[0].name == charge


def test_space_without_numbers_or_neutral_words_keeps_the_rest():
    docs = ["盗窃手机价值3000元", "被告人醉酒驾驶80毫克"]
    full = TfidfSpace.fit(docs, min_df=1)
    assert any("0" in t for t in full.terms) and "告人" in full.terms
    lean = TfidfSpace.fit(docs, min_df=1, numbers=False, neutral=("被告人",))
    assert not any("0" in t for t in lean.terms)
    assert not {"被", "告", "人", "被告", "告人", "被告人"} & set(lean.terms)
    assert {"盗窃", "醉酒", "毫克", "元"} <= set(lean.terms)


def test_the_cold_start_version_is_stable_across_builds_and_names_its_statutes():
    from xiezhi.nlp.predict import mapping_statutes

    first, second = cold_start_model(sqlite_statutes()), cold_start_model(sqlite_statutes())
    assert first.version == second.version and first.version.startswith("cold-start-")
    theft = "第二百六十四条　盗窃公私财物，数额较大的，处三年以下有期徒刑。"
    other = cold_start_model(mapping_statutes({264: theft}))
    assert other.version != first.version
