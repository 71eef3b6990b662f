"""The rank-aware second stage of charge prediction: boosted trees kept as plain arrays in the artifact."""

from __future__ import annotations

import random

import numpy as np
import pytest

import xiezhi.nlp.predict.model as model_module
from xiezhi.nlp.predict import Model, TrainOptions, mapping_statutes, train
from xiezhi.nlp.predict.model import STAGE2_FEATURES, Trees, _stage2_rows

STATUTES = mapping_statutes(
    {
        264: "第二百六十四条　盗窃公私财物，数额较大的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金。",
        234: "第二百三十四条　故意伤害他人身体的，处三年以下有期徒刑、拘役或者管制。",
        266: "第二百六十六条　诈骗公私财物，数额较大的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金。",
    }
)
THEFT = "被告人{n}某在{p}趁无人之机，秘密窃取被害人{v}某的手机一部，价值人民币{a}元。"
HURT = "被告人{n}某在{p}因琐事与被害人{v}某发生争执，持木棒将其殴打致轻伤二级。"
FRAUD = "被告人{n}某以帮助办理贷款为由，虚构事实，骗取被害人{v}某人民币{a}元。"


def _records(seed: int = 3) -> list[dict]:
    """Single-charge facts and facts holding two offences, so that the stage has something to learn."""
    rng = random.Random(seed)
    names, places = "张李王赵刘陈杨黄周吴", ["某小区", "某超市", "某路口", "某网吧"]
    parts = {"盗窃": (THEFT, 264), "故意伤害": (HURT, 234), "诈骗": (FRAUD, 266)}
    out = []
    combos = [("盗窃",), ("故意伤害",), ("诈骗",), ("盗窃", "故意伤害"), ("盗窃", "诈骗")]
    for k in range(60):
        charges = combos[k % len(combos)]
        fact = "".join(
            parts[c][0].format(
                n=rng.choice(names), v=rng.choice(names), p=rng.choice(places), a=rng.randint(900, 9000)
            )
            for c in charges
        )
        out.append(
            {
                "id": f"c{k}",
                "fact": "公诉机关指控：" + fact,
                "charges": list(charges),
                "articles": [parts[c][1] for c in charges],
                "term_months": 6 + 6 * len(charges) + rng.randint(0, 3),
                "life_imprisonment": False,
                "death_penalty": False,
            }
        )
    return out


@pytest.fixture(scope="module")
def model() -> Model:
    """Trained with the stage kept on these 60 facts (by default it needs 200 decided cases and an
    out-of-fold gain over the first stage)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(model_module, "STAGE2_MIN_CASES", 0)
        mp.setattr(model_module, "STAGE2_REQUIRE_GAIN", False)
        return train(_records(), statutes=STATUTES, options=TrainOptions(folds=3))


def test_exported_trees_learn_an_interaction_a_linear_score_cannot():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(2000, 3))
    y = ((X[:, 0] > 0) ^ (X[:, 1] > 0)).astype(float)  # exclusive or: no linear separation
    trees = Trees.fit(X, y)
    test = rng.uniform(-1, 1, size=(500, 3))
    truth = (test[:, 0] > 0) ^ (test[:, 1] > 0)
    assert np.mean((trees.raw(test) > 0) == truth) > 0.95
    assert trees.raw(np.zeros((0, 3))).shape == (0,)


def test_stage2_rows_mark_the_best_the_runner_up_and_its_rival():
    rows = np.arange(6, dtype=float).reshape(3, 2)
    out = _stage2_rows(["诈骗", "合同诈骗", "盗窃"], np.array([0.3, 0.9, 0.5]), rows)
    col = {name: out[:, k] for k, name in enumerate(STAGE2_FEATURES)}
    assert col["top"].tolist() == [0, 1, 0]
    assert col["second"].tolist() == [0, 0, 1]
    assert col["rival"].tolist() == [1, 0, 0]  # 诈骗 competes with the best, 合同诈骗; 盗窃 does not
    assert np.allclose(col["gap"], [-0.6, 0.0, -0.4])
    assert np.array_equal(out[:, len(STAGE2_FEATURES) :], rows)


def test_trained_model_has_a_second_stage_and_the_artifact_keeps_it(model, tmp_path):
    assert model.stage2 is not None
    path = tmp_path / "model.zip"
    model.save(str(path))
    loaded = Model.load(str(path), statutes=STATUTES)
    assert loaded.stage2 is not None
    for record in _records(seed=11)[:15]:
        a, b = model.predict(record["fact"]), loaded.predict(record["fact"])
        assert [(c.name, c.score) for c in a.charges] == [(c.name, c.score) for c in b.charges]
        assert a.to_contract("x") == b.to_contract("x")


def test_second_stage_scores_are_what_the_model_answers(model):
    """The charge scores come from the second stage: without it the same fact scores differently."""
    fact = _records(seed=5)[3]["fact"]  # a fact with two offences
    with_stage = [(c.name, c.score) for c in model.predict(fact).charges]
    kept, model.stage2 = model.stage2, None
    try:
        without = [(c.name, c.score) for c in model.predict(fact).charges]
    finally:
        model.stage2 = kept
    assert with_stage != without


@pytest.mark.parametrize("n", [1, 2, 3])
def test_tiny_training_sets_train_without_a_second_stage(n, monkeypatch):
    """With too few facts to hold any out, training still gives a working model (no second stage)."""
    monkeypatch.setattr(model_module, "STAGE2_MIN_CASES", 0)
    m = train(_records()[:n], statutes=STATUTES, options=TrainOptions(folds=2))
    assert m.stage2 is None
    assert m.predict(_records()[0]["fact"]).charges


def test_fewer_cases_than_the_minimum_train_without_a_second_stage():
    m = train(_records(), statutes=STATUTES, options=TrainOptions(folds=3))
    assert len(_records()) < model_module.STAGE2_MIN_CASES and m.stage2 is None
    assert "oof_charge_set_f1_first_stage" not in m.meta["metrics"]


def test_a_second_stage_that_does_not_beat_the_first_out_of_fold_is_dropped(monkeypatch):
    monkeypatch.setattr(model_module, "STAGE2_MIN_CASES", 0)
    m = train(_records(), statutes=STATUTES, options=TrainOptions(folds=3))
    # These facts are easy: the first stage is already perfect out of fold, so the trees cannot win.
    assert m.meta["metrics"]["oof_charge_set_f1"] == 1.0
    assert m.stage2 is None
