"""Element extraction (要素抽取): people, times, places, money, items, drugs, blood alcohol, injuries, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.extract import char_f1, lawbench_answer, parse_prediction, parse_reference, sentence_score
from xiezhi.nlp.extract import extract_elements
from xiezhi.nlp.extract.__main__ import main as cli_main
from xiezhi.nlp.extract.sentencing import chinese_number, money_amounts


def _of(text: str, kind: str) -> list:
    elements = extract_elements(text)
    for e in elements:  # every span points into the text
        assert text[e.start : e.end] == e.text
    return [e for e in elements if e.type == kind]


def _values(text: str, kind: str) -> list:
    return [e.value for e in _of(text, kind)]


# -- money ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("窃得现金人民币352元。", 352),
        ("盗走现金1.5万元。", 15_000),
        ("窃得现金3万元。", 30_000),
        ("盗走现金三千余元。", 3000),
        ("价值人民币一万二千元。", 12_000),
        ("共计价值人民币2，266.00元。", 2266),
        ("价值人民币1,200元。", 1200),
        ("以2万余元的价格销售给他人。", 20_000),
        ("窃得现金两千五百元。", 2500),
    ],
)
def test_amounts_are_numbers(text, value):
    assert _values(text, "amount") == [value]


def test_amount_roles_follow_the_words_around_them():
    text = "被告人王某某窃得现金500元及手机一部，经鉴定手机价值人民币1200元，后以800元的价格销赃。"
    roles = {e.value: e.role for e in _of(text, "amount")}
    assert roles == {500: "stolen_money", 1200: "item_value", 800: "theft_proceeds"}


def test_a_unit_price_and_a_watch_are_not_amounts():
    assert _of("将电动机以4.6元每公斤的价格卖给废品收购站，窃得手表一块。", "amount") == []


def test_sentencing_helpers_keep_their_api():
    assert chinese_number("1.5万") == 15_000
    assert [f.value for f in money_amounts("盗窃三千余元")] == [3000]


# -- people --------------------------------------------------------------------------------------------


def test_names_after_defendant_and_victim_cues():
    text = "被告人张某某、李某甲窃得被害人王某某的手机，后将手机发还被害人赵某乙。"
    assert set(_values(text, "defendant")) == {"张某某", "李某甲"}
    assert set(_values(text, "victim")) == {"王某某", "赵某乙"}


def test_a_name_keeps_its_role_in_every_mention():
    text = "被告人黄某某在公司宿舍，窃得郭某某停放的电动车电瓶4只，黄某某到案后如实供述。"
    assert [e.start for e in _of(text, "defendant")] == [text.index("黄某某"), text.rindex("黄某某")]
    assert _values(text, "victim") == ["郭某某"]


def test_plain_names_and_dates_that_look_like_names():
    text = "2018年2月初某日，被告人张三在本市某超市盗窃香烟两条。"
    assert _values(text, "defendant") == ["张三"]
    assert _of("被告人家属退赔戚某某损失，获谅解。", "defendant") == []


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("趁被害人李四不备，盗走其手机一部。", "victim", "李四"),
        ("被告人赵六醉酒后驾驶小型轿车行驶至某路口。", "defendant", "赵六"),
        ("被告人钱七因琐事与被害人孙八发生争执。", "victim", "孙八"),
        ("被害人周九受轻微伤。", "victim", "周九"),
        ("被告人王小明在某超市盗窃香烟两条。", "defendant", "王小明"),
    ],
)
def test_a_plain_name_ends_before_the_word_that_follows_it(text, kind, name):
    assert set(_values(text, kind)) == {name}


def test_compound_surnames_keep_the_whole_name():
    text = "被告人欧阳娜娜与被害人司马光明发生争吵后将其推倒。"
    assert _values(text, "defendant") == ["欧阳娜娜"] and _values(text, "victim") == ["司马光明"]
    assert _values("被告人欧阳某某窃得被害人上官某的手机。", "defendant") == ["欧阳某某"]
    assert _values("被告人欧阳某某窃得被害人上官某的手机。", "victim") == ["上官某"]
    assert _values("被告人欧阳明在某超市盗窃香烟两条。", "defendant") == ["欧阳明"]


def test_a_place_stops_before_the_act():
    text = "2020年6月1日，被告人王五在昆明市盘龙区贩卖甲基苯丙胺（冰毒）三包。"
    assert _values(text, "place") == ["昆明市盘龙区"]
    assert _values("被告人在本市某小区殴打被害人。", "place") == ["本市某小区"]


def test_a_driven_vehicle_stops_before_driving_on():
    text = "被告人赵六醉酒后驾驶小型轿车行驶至杭州市西湖区文三路时被查获。"
    assert _values(text, "tool") == ["小型轿车"]


# -- times and places ----------------------------------------------------------------------------------


def test_time_with_hour_and_approximation():
    [time] = _of("2019年3月5日21时许，被告人张某某在某市某区某小区3栋内盗窃。", "time")
    assert time.text == "2019年3月5日21时许"
    assert time.value == {"year": 2019, "month": 3, "day": 5, "hour": 21, "approx": True}
    assert time.role is None


def test_afternoon_hours_and_ranges():
    [time] = _of("2018年8月4日下午4时许，被告人李某某来到重庆市某区一家废品收购站盗窃。", "time")
    assert time.value["hour"] == 16
    [span] = _of("同年5月至7月期间，被告人孙某某多次盗窃。", "time")
    assert span.text == "同年5月至7月期间"
    assert span.value["from"] == {"relative_year": "same", "month": 5}


def test_the_arrest_time_is_marked_as_procedure():
    [time] = _of("2018年3月26日被告人黄某某被抓获归案。", "time")
    assert time.role == "procedure"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("被告人张某某在某市某区某小区3栋内，窃得手机一部。", "某市某区某小区3栋内"),
        (
            "被告人黄某某走至本市七星区**小学对面人行道上，见被害人林某某停放的电动车。",
            "本市七星区**小学对面人行道上",
        ),
        ("被告人刘某某来到湘潭市岳塘区***天桥处，采用套锁方式盗走电动车一辆。", "湘潭市岳塘区***天桥处"),
    ],
)
def test_places_after_a_movement_or_at_cue(text, place):
    assert place in _values(text, "place")


def test_put_on_is_not_a_place():
    text = "被告人李某某将其放在摊位案板上的一部手机盗走。"
    assert _of(text, "place") == []
    assert _values(text, "stolen_item") == ["一部手机"]


# -- items, tools, organisations -----------------------------------------------------------------------


def test_stolen_items_after_and_around_the_verb():
    assert _values("扳开坐垫后，窃得戚某某电动自行车上的电瓶4只，计价值人民币352元。", "stolen_item") == [
        "电瓶4只"
    ]
    items = _values("窃得“韩束洁面乳”1瓶、“韩束乳液”1瓶，共计价值人民币126元。", "stolen_item")
    assert items == ["“韩束洁面乳”1瓶", "“韩束乳液”1瓶"]
    assert "被盗手机" in _values("经鉴定，被盗手机价值1950元。", "stolen_item")


def test_tools_and_organisations():
    text = "被告人张某某用扳手和自制钥匙打开卷闸门，后被嵊州市公安局民警抓获，经湘潭县价格认证中心鉴定。"
    assert "扳手和自制钥匙" in _values(text, "tool")
    assert set(_values(text, "organization")) >= {"嵊州市公安局", "湘潭县价格认证中心"}


# -- drugs, blood alcohol, injuries --------------------------------------------------------------------


def test_drug_kinds_and_grams():
    text = "被告人刘某某贩卖甲基苯丙胺净重12.5克，另查获海洛因0.3千克、冰毒3克。"
    assert _values(text, "drug") == ["甲基苯丙胺", "海洛因", "甲基苯丙胺"]
    quantities = _of(text, "drug_quantity")
    assert [(q.value, q.role) for q in quantities] == [
        (12.5, "甲基苯丙胺"),
        (300.0, "海洛因"),
        (3.0, "甲基苯丙胺"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("血液中乙醇含量为186.5mg/100ml。", 186.5),
        ("血液酒精含量为92毫克/100毫升。", 92.0),
        ("血液中乙醇含量为 80 mg / 100mL。", 80.0),
        ("经检测其血液酒精含量为每100毫升血液中含乙醇一百二十毫克。", 120.0),
        ("其血液中乙醇含量为每一百毫升八十点五毫克。", 80.5),
        ("血液中乙醇含量为一百八十毫克/100毫升。", 180.0),
    ],
)
def test_blood_alcohol_readings(text, value):
    assert _values(text, "blood_alcohol") == [value]


def test_injuries():
    text = "经鉴定，被害人赵某某的损伤程度为轻伤一级，钱某某为轻微伤，孙某某构成十级伤残，李某某重伤二级。"
    assert _values(text, "injury") == ["轻伤一级", "轻微伤", "十级伤残", "重伤二级"]


# -- odd input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "The defendant stole a phone.", "刑事判决书", None])
def test_nothing_to_extract(text):
    assert extract_elements(text) == []


def test_long_text_is_handled():
    text = (
        "2019年3月5日21时许，被告人张某某在某市某区某小区3栋内，窃得被害人李某某的手机一部，价值人民币三千余元。"
        * 1000
    )
    elements = extract_elements(text)
    assert len([e for e in elements if e.type == "amount"]) == 1000


# -- LawBench 2-6 metric (benchmarks/extract.py) -------------------------------------------------------


def test_lawbench_soft_f1_matches_its_definition():
    assert char_f1("人民币352元", "352元") == pytest.approx(2 * 1.0 * (4 / 7) / (1 + 4 / 7))
    assert char_f1("严某某、肖某某", "严某某肖某某") == 1.0  # punctuation does not count
    gold = parse_reference("受害人:严某某、肖某某;被盗物品:查获手机")
    pred = parse_prediction("受害人:严某某、肖某某\n地点:公安局\n")
    # one of two gold types matched exactly, one of two predicted types right: P = R = 0.5
    assert sentence_score(gold, pred) == pytest.approx(0.5)
    assert sentence_score({}, {}) == 1.0
    assert sentence_score({}, pred) == 0.0


def test_lawbench_answer_is_parsed_back():
    text = "破案后，公安机关将查获手机依法返还给了被害人严某某、肖某某。"
    answer = parse_prediction(lawbench_answer(extract_elements(text)))
    assert answer["受害人"] == "严某某、肖某某"
    assert answer["组织机构"] == "公安机关"


# -- CLI -----------------------------------------------------------------------------------------------


def test_cli_answers_each_line(tmp_path: Path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "被告人张某某窃得现金1.5万元。"}, ensure_ascii=False)
        + "\nnot json\n\n"
        + json.dumps({"id": "c"})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert cli_main(["--in", str(src), "--out", str(out)]) == 0  # bad lines are reported, not fatal
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", None, "c"]
    assert {"type": "amount", "start": 8, "end": 15, "text": "现金1.5万元", "value": 15000.0} | {
        "role": "stolen_money"
    } in lines[0]["elements"]
    assert lines[1]["error"].startswith("not JSON") and lines[2]["error"] == "no 'text' string"
    assert "line 2" in capsys.readouterr().err


def test_cli_as_a_module(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "x", "text": "被害人李某某"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "xiezhi.nlp.extract", "--in", str(src), "--out", "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["elements"][0]["type"] == "victim"
    missing = subprocess.run(
        [sys.executable, "-m", "xiezhi.nlp.extract", "--in", str(tmp_path / "nope.jsonl"), "--out", "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_the_xiezhi_command_runs_the_extractor(tmp_path):
    import json

    from xiezhi.cli import main

    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "被告人张三窃取现金三千余元。"}, ensure_ascii=False) + "\n")
    try:
        main(["extract", "--in", str(src), "--out", str(out)])
    except SystemExit as exc:
        assert exc.code == 0
    line = json.loads(out.read_text().splitlines()[0])
    assert line["id"] == "a"
    assert {"type": "amount", "value": 3000.0}.items() <= next(
        e for e in line["elements"] if e["type"] == "amount"
    ).items()
