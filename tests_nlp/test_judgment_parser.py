"""Table-driven tests for the judgment parser (xiezhi.nlp.judgments): exact values on hand-written
judgments (tests_nlp/judgments) and on the anonymizer's gold judgments (tests_nlp/anonymize_cases)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from xiezhi.nlp.judgments import (
    ParsedJudgment,
    chinese_date,
    duration_months,
    parse_judgment,
    read_case_number,
)
from xiezhi.nlp.judgments.text import compact

HERE = Path(__file__).parent
SAMPLES = HERE / "judgments"
GOLD = HERE / "anonymize_cases"


def _read(folder: Path, name: str) -> str:
    return (folder / f"{name}.txt").read_text(encoding="utf-8")


def _summary(p: ParsedJudgment) -> dict:
    cn = p.case_number
    return {
        "court": p.court and p.court.value,
        "document": p.document and (p.document.title, p.document.kind, p.document.case_type),
        "number": cn and (cn.text, cn.year, cn.court_code, cn.type_code, cn.sequence, cn.suffix, cn.legacy),
        "parties": [
            (
                x.role,
                x.name,
                x.kind,
                x.sex,
                x.birth_date,
                x.ethnicity,
                x.legal_representative,
                x.original_role,
            )
            for x in p.parties
        ],
        "representatives": [(r.kind, r.name, r.law_firm, r.parties, r.appointed) for r in p.representatives],
        "panel": [(o.role, o.name) for o in p.panel],
        "clerks": [(o.role, o.name) for o in p.clerks],
        "date": p.decision_date and p.decision_date.value,
        "statutes": [s.label for s in p.statutes],
        "outcome": p.outcome and p.outcome.key,
        "final": p.final,
        "sentences": [
            (s.defendant, s.charges, s.penalty, s.months, s.probation_months, s.fine_yuan, s.additional)
            for s in p.sentences
        ],
        "cause": p.cause and p.cause.value,
        "procedure": p.procedure and p.procedure.value,
        "collegial": p.collegial,
        "operative": p.operative and (p.operative.value[:14], p.operative.value[-14:]),
        "problems": p.problems,
    }


# Every value the parser reads from the hand-written samples, exactly.
EXPECTED: dict[str, dict] = {
    "01_criminal_several_defendants": {
        "court": "浙江省杭州市西湖区人民法院",
        "document": ("刑事判决书", "judgment", "criminal"),
        "number": ("（2023）浙0106刑初587号", 2023, "浙0106", "刑初", 587, "", False),
        "parties": [
            ("prosecutor", "杭州市西湖区人民检察院", "legal", "", None, "", "", None),
            ("accused", "钱卫东", "natural", "M", date(1985, 3, 14), "汉族", "", None),
            ("accused", "孙美玲", "natural", "F", date(1990, 7, 30), "汉族", "", None),
            ("accused", "吴天宇", "natural", "M", date(2002, 1, 5), "汉族", "", None),
        ],
        "representatives": [
            ("defender", "孔令辉", "浙江六和律师事务所", (1,), False),
            ("defender", "严小芳", "浙江六和律师事务所", (1,), False),
            ("defender", "沈晓东", "浙江星韵律师事务所", (2,), True),
            ("guardian", "吴建平", "", (3,), False),
        ],
        "panel": [("presiding", "陆明远"), ("judge", "方静怡"), ("assessor", "胡国华")],
        "clerks": [("judge_assistant", "倪晨"), ("clerk", "任晓雪")],
        "date": date(2023, 8, 15),
        "statutes": [
            "中华人民共和国刑法第二百六十六条",
            "中华人民共和国刑法第三百一十二条第一款",
            "中华人民共和国刑法第二百八十七条之二第一款",
            "中华人民共和国刑法第二十五条第一款",
            "中华人民共和国刑法第二十六条第一款",
            "中华人民共和国刑法第二十七条",
            "中华人民共和国刑法第十七条第一款",
            "中华人民共和国刑法第六十七条第三款",
            "中华人民共和国刑法第六十九条",
            "中华人民共和国刑法第七十二条第一款",
            "中华人民共和国刑法第七十三条第二款",
            "中华人民共和国刑法第七十三条第三款",
            "中华人民共和国刑法第五十二条",
            "中华人民共和国刑法第六十四条",
        ],
        "outcome": "convicted",
        "final": False,
        "sentences": [
            ("钱卫东", ("诈骗罪", "掩饰、隐瞒犯罪所得罪"), "fixed_term", 90, None, 60000, ()),
            ("孙美玲", ("诈骗罪",), "fixed_term", 34, 36, 20000, ()),
            ("吴天宇", ("帮助信息网络犯罪活动罪",), "control", 8, None, 3000, ()),
        ],
        "cause": "诈骗罪",
        "procedure": None,
        "collegial": True,
        "operative": ("一、被告人钱卫东犯诈骗罪，判", "济损失人民币三十三万六千元。"),
        "problems": (),
    },
    "02_civil_first_instance": {
        "court": "上海市闵行区人民法院",
        "document": ("民事判决书", "judgment", "civil"),
        "number": ("（2022）沪0112民初31527号", 2022, "沪0112", "民初", 31527, "", False),
        "parties": [
            ("plaintiff", "上海恒通建材贸易有限公司", "legal", "", None, "", "邵建国", None),
            ("defendant", "江苏华盛建设工程有限公司", "legal", "", None, "", "钟志华", None),
            ("defendant", "钟志华", "natural", "M", date(1971, 9, 21), "汉族", "", None),
        ],
        "representatives": [
            ("lawyer", "苗雨晴", "上海市建纬律师事务所", (0,), False),
            ("lawyer", "叶凡", "上海市建纬律师事务所", (0,), False),
            ("agent", "喻文", "", (1,), False),
        ],
        "panel": [("presiding", "柏晓青"), ("assessor", "朱建民"), ("assessor", "顾雅琳")],
        "clerks": [("clerk", "汤圆")],
        "date": date(2022, 11, 30),
        "statutes": [
            "中华人民共和国民法典第五百七十七条",
            "中华人民共和国民法典第六百二十六条",
            "中华人民共和国民法典第六百八十六条第二款",
            "中华人民共和国民事诉讼法第一百四十七条",
        ],
        "outcome": "claims_partly_upheld",
        "final": False,
        "sentences": [],
        "cause": "买卖合同纠纷",
        "procedure": "ordinary",
        "collegial": True,
        "operative": ("一、被告江苏华盛建设工程有限", "设工程有限公司、钟志华负担。"),
        "problems": (),
    },
    "03_civil_second_instance": {
        "court": "四川省成都市中级人民法院",
        "document": ("民事判决书", "judgment", "civil"),
        "number": ("（2023）川01民终14208号", 2023, "川01", "民终", 14208, "", False),
        "parties": [
            ("appellant", "成都锦华物业服务有限公司", "legal", "", None, "", "蒲晓东", "defendant"),
            ("appellee", "向玉兰", "natural", "F", date(1956, 2, 12), "土家族", "", "plaintiff"),
            (
                "original_third_party",
                "中国人寿财产保险股份有限公司成都市中心支公司",
                "legal",
                "",
                None,
                "",
                "甘立新",
                "third_party",
            ),
        ],
        "representatives": [
            ("lawyer", "雷鸣", "四川君合律师事务所", (0,), False),
            ("agent", "向小川", "", (1,), False),
        ],
        "panel": [("presiding", "宋雨桐"), ("judge", "骆驰"), ("judge", "谯鑫")],
        "clerks": [("judge_assistant", "衡宇"), ("clerk", "苟丹")],
        "date": date(2023, 10, 9),
        "statutes": [
            "中华人民共和国民法典第一千一百九十八条第一款",
            "中华人民共和国民法典第一千一百七十三条",
            "中华人民共和国民事诉讼法第一百七十七条第一款第二项",
        ],
        "outcome": "amended",
        "final": True,
        "sentences": [],
        "cause": "物业服务合同纠纷",
        "procedure": None,
        "collegial": True,
        "operative": ("一、撤销四川省成都市锦江区人", "72元，向玉兰负担588元。"),
        "problems": (),
    },
    "04_civil_ruling_withdrawal": {
        "court": "广东省深圳市南山区人民法院",
        "document": ("民事裁定书", "ruling", "civil"),
        "number": ("（2024）粤0305民初2291号", 2024, "粤0305", "民初", 2291, "", False),
        "parties": [
            ("plaintiff", "深圳市前海云帆科技有限公司", "legal", "", None, "", "邝子健", None),
            ("defendant", "黎晓峰", "natural", "M", date(1988, 10, 8), "汉族", "", None),
        ],
        "representatives": [("lawyer", "庄明月", "广东华商律师事务所", (0,), False)],
        "panel": [("judge", "冼志刚")],
        "clerks": [("clerk", "岑晓")],
        "date": date(2024, 3, 6),
        "statutes": [
            "中华人民共和国民事诉讼法第一百四十八条第一款",
            "中华人民共和国民事诉讼法第一百五十七条第一款第五项",
        ],
        "outcome": "withdrawal",
        "final": False,
        "sentences": [],
        "cause": "劳动合同纠纷",
        "procedure": None,
        "collegial": False,
        "operative": ("准许原告深圳市前海云帆科技有", "市前海云帆科技有限公司负担。"),
        "problems": (),
    },
    "05_mediation": {
        "court": "北京市海淀区人民法院",
        "document": ("民事调解书", "mediation", "civil"),
        "number": ("（2023）京0108民初66016号", 2023, "京0108", "民初", 66016, "", False),
        "parties": [
            ("plaintiff", "于静", "natural", "F", date(1992, 4, 18), "满族", "", None),
            ("defendant", "北京智联家政服务有限公司", "legal", "", None, "", "路远", None),
        ],
        "representatives": [("lawyer", "石岩", "北京市中伦文德律师事务所", (1,), False)],
        "panel": [("judge", "边疆")],
        "clerks": [("clerk", "齐悦")],
        "date": date(2023, 11, 2),
        "statutes": [],
        "outcome": "mediated",
        "final": True,
        "sentences": [],
        "cause": "服务合同纠纷",
        "procedure": "summary",
        "collegial": False,
        "operative": ("一、被告北京智联家政服务有限", "违反法律规定，本院予以确认。"),
        "problems": (),
    },
    "06_administrative": {
        "court": "江苏省南京市鼓楼区人民法院",
        "document": ("行政判决书", "judgment", "administrative"),
        "number": ("（2022）苏0106行初188号", 2022, "苏0106", "行初", 188, "", False),
        "parties": [
            ("plaintiff", "钮立新", "natural", "M", date(1969, 12, 1), "汉族", "", None),
            ("defendant", "南京市鼓楼区市场监督管理局", "legal", "", None, "", "赫连杰", None),
        ],
        "representatives": [
            ("agent", "钮佳", "", (0,), False),
            ("official", "季海峰", "", (1,), False),
            ("lawyer", "阙明", "江苏东恒律师事务所", (1,), False),
        ],
        "panel": [("presiding", "濮阳明"), ("judge", "景瑜"), ("assessor", "戈文")],
        "clerks": [("clerk", "宁宁")],
        "date": date(2022, 7, 22),
        "statutes": ["中华人民共和国行政诉讼法第七十条第三项", "中华人民共和国行政处罚法第六十三条第一款"],
        "outcome": "administrative_act_revoked",
        "final": False,
        "sentences": [],
        "cause": None,
        "procedure": None,
        "collegial": True,
        "operative": ("一、撤销被告南京市鼓楼区市场", "市鼓楼区市场监督管理局负担。"),
        "problems": (),
    },
    "07_criminal_second_instance": {
        "court": "河南省郑州市中级人民法院",
        "document": ("刑事判决书", "judgment", "criminal"),
        "number": ("（2022）豫01刑终733号", 2022, "豫01", "刑终", 733, "", False),
        "parties": [
            ("prosecutor", "河南省郑州市金水区人民检察院", "legal", "", None, "", "", "prosecutor"),
            ("appellant", "贺长青", "natural", "M", date(1979, 11, 2), "汉族", "", "accused"),
            ("appellant", "贺长生", "natural", "M", date(1982, 4, 20), "汉族", "", "accused"),
            ("accused", "贺小军", "natural", "M", date(2000, 3, 8), "汉族", "", "accused"),
        ],
        "representatives": [
            ("defender", "桑卫国", "河南泽槿律师事务所", (1,), False),
            ("defender", "鲁一鸣", "河南大河律师事务所", (2,), False),
        ],
        "panel": [("presiding", "阮红军"), ("judge", "鄢静"), ("judge", "樊涛")],
        "clerks": [("clerk", "郜敏")],
        "date": date(2022, 9, 26),
        "statutes": [
            "中华人民共和国刑事诉讼法第二百三十六条第一款第二项",
            "中华人民共和国刑法第二百三十二条",
            "中华人民共和国刑法第二百三十四条第一款",
            "中华人民共和国刑法第四十八条第一款",
            "中华人民共和国刑法第五十七条第一款",
            "中华人民共和国刑法第二十七条",
        ],
        "outcome": "amended",
        "final": True,
        "sentences": [
            ("贺长青", ("故意杀人罪",), "death_suspended", None, None, None, ("剥夺政治权利终身",)),
            ("贺长生", ("故意杀人罪",), "fixed_term", 180, None, None, ("剥夺政治权利五年",)),
        ],
        "cause": "故意杀人罪",
        "procedure": None,
        "collegial": True,
        "operative": ("一、维持河南省郑州市金水区人", "刑十五年，剥夺政治权利五年。"),
        "problems": (),
    },
    "08_enforcement_objection": {
        "court": "福建省厦门市思明区人民法院",
        "document": ("执行裁定书", "ruling", "enforcement"),
        "number": ("（2023）闽0203执异412号", 2023, "闽0203", "执异", 412, "", False),
        "parties": [
            ("third_party", "厦门鹭岛文化传媒有限公司", "legal", "", None, "", "颜晓光", None),
            ("enforcement_applicant", "林秀珍", "natural", "F", date(1975, 12, 9), "汉族", "", None),
            ("judgment_debtor", "厦门海韵贸易有限公司", "legal", "", None, "", "洪大海", None),
        ],
        "representatives": [("lawyer", "卓立", "福建天衡联合律师事务所", (0,), False)],
        "panel": [("presiding", "黄丽娟"), ("judge", "施展"), ("judge", "蔡文杰")],
        "clerks": [("clerk", "龚莉")],
        "date": date(2023, 6, 19),
        "statutes": [
            "中华人民共和国民事诉讼法第二百三十八条",
            "最高人民法院关于人民法院办理执行异议和复议案件若干问题的规定第二十四条",
        ],
        "outcome": "objection_dismissed",
        "final": False,
        "sentences": [],
        "cause": "买卖合同纠纷",
        "procedure": None,
        "collegial": True,
        "operative": ("驳回案外人厦门鹭岛文化传媒有", "文化传媒有限公司的异议请求。"),
        "problems": (),
    },
    "09_irregular_spacing": {
        "court": "湖北省武汉市洪山区人民法院",
        "document": ("民事判决书", "judgment", "civil"),
        "number": ("（2021）鄂0111民初8802号", 2021, "鄂0111", "民初", 8802, "", False),
        "parties": [
            ("plaintiff", "滕云飞", "natural", "M", date(1990, 1, 1), "汉族", "", None),
            ("defendant", "武汉江城二手车经纪有限公司", "legal", "", None, "", "邰刚", None),
        ],
        "representatives": [],
        "panel": [("judge", "闵捷")],
        "clerks": [],
        "date": None,
        "statutes": ["中华人民共和国民法典第五百八十七条"],
        "outcome": "claims_upheld",
        "final": True,
        "sentences": [],
        "cause": "买卖合同纠纷",
        "procedure": "small_claims",
        "collegial": False,
        "operative": ("被告武汉江城二手车经纪有限公", "江城二手车经纪有限公司负担."),
        "problems": (
            "decision date: no date line (二〇二四年三月五日) in the tail",
            "clerk: no 书记员 line in the tail",
        ),
    },
    "10_enforcement_ruling_suffix": {
        "court": "浙江省杭州市西湖区人民法院",
        "document": ("执行裁定书", "ruling", "enforcement"),
        "number": ("（2024）浙0106执恢88号", 2024, "浙0106", "执恢", 88, "之一", False),
        "parties": [
            ("enforcement_applicant", "杭州联华小额贷款股份有限公司", "legal", "", None, "", "施国强", None),
            ("judgment_debtor", "鲍小雨", "natural", "F", date(1987, 8, 8), "汉族", "", None),
        ],
        "representatives": [],
        "panel": [("enforcement_officer", "庄严")],
        "clerks": [("clerk", "闻笛")],
        "date": date(2024, 5, 10),
        "statutes": ["中华人民共和国民事诉讼法第二百六十八条第六项"],
        "outcome": "enforcement_terminated",
        "final": True,
        "sentences": [],
        "cause": "金融借款合同纠纷",
        "procedure": None,
        "collegial": False,
        "operative": ("终结（2024）浙0106执", "106执恢88号案件的执行。"),
        "problems": (),
    },
    "11_legacy_number": {
        "court": "陕西省西安市碑林区人民法院",
        "document": ("民事判决书", "judgment", "civil"),
        "number": ("（2015）碑民初字第01234号", 2015, "碑", "民初", 1234, "", True),
        "parties": [
            ("plaintiff", "惠长安", "natural", "M", date(1960, 10, 10), "汉族", "", None),
            ("defendant", "西安古城置业有限公司", "legal", "", None, "", "党建设", None),
        ],
        "representatives": [],
        "panel": [("judge", "种亮")],
        "clerks": [("clerk", "寇瑾")],
        "date": date(2015, 7, 2),
        "statutes": ["中华人民共和国合同法第一百零七条", "中华人民共和国合同法第一百一十四条"],
        "outcome": "claims_upheld",
        "final": False,
        "sentences": [],
        "cause": "房屋买卖合同纠纷",
        "procedure": None,
        "collegial": False,
        "operative": ("被告西安古城置业有限公司于本", "逾期交房违约金36000元。"),
        "problems": (),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hand_written_judgments_parse_exactly(name):
    expected = EXPECTED[name]
    got = _summary(parse_judgment(_read(SAMPLES, name)))
    for key, value in expected.items():
        assert got[key] == value, key


def test_every_sample_has_an_expectation():
    assert {p.stem for p in SAMPLES.glob("*.txt")} == set(EXPECTED)
    assert len(EXPECTED) >= 8


# (file, case number, title, party roles, representatives, panel size, date, outcome, sentences, problems)
GOLD_TABLE = [
    (
        "01_theft_multi",
        "（2019）京0105刑初1234号",
        "刑事判决书",
        ("prosecutor", "accused", "accused", "accused"),
        2,
        3,
        "2019-05-20",
        "convicted",
        3,
        0,
    ),
    (
        "02_injury_appeal",
        "（2020）湘01刑终356号",
        "刑事附带民事裁定书",
        ("prosecutor", "appellant", "appellant", "appellant", "civil_defendant_in_criminal"),
        2,
        3,
        "2020-04-28",
        "appeal_dismissed",
        0,
        0,
    ),
    (
        "03_civil_loan",
        "（2021）粤0304民初45872号",
        "民事判决书",
        ("plaintiff", "defendant", "defendant"),
        2,
        1,
        "2021-11-09",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "04_divorce",
        "（2022）浙0106民初3318号",
        "民事判决书",
        ("plaintiff", "defendant"),
        1,
        3,
        "2022-06-30",
        "claims_upheld",
        0,
        0,
    ),
    (
        "05_inheritance",
        "（2023）鲁0102民初7751号",
        "民事判决书",
        ("plaintiff", "plaintiff", "defendant", "third_party"),
        2,
        3,
        "2023-07-18",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "06_traffic_civil",
        "（2022）川0107民初11203号",
        "民事判决书",
        ("plaintiff", "defendant", "defendant"),
        3,
        1,
        "2022-05-12",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "07_traffic_crime",
        "（2021）冀0606刑初211号",
        "刑事判决书",
        ("prosecutor", "accused"),
        1,
        1,
        "2021-04-07",
        "convicted",
        1,
        0,
    ),
    (
        "08_labour",
        "（2020）苏0506民初9088号",
        "民事判决书",
        ("plaintiff", "defendant"),
        2,
        1,
        "2020-10-26",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "09_minor_victim",
        "（2021）渝0112刑初1507号",
        "刑事判决书",
        ("prosecutor", "accused"),
        2,
        3,
        "2021-10-15",
        "convicted",
        1,
        0,
    ),
    (
        "10_telecom_fraud",
        "（2022）闽0503刑初402号",
        "刑事判决书",
        ("prosecutor", "accused", "accused"),
        2,
        3,
        "2022-08-02",
        "convicted",
        2,
        0,
    ),
    (
        "11_drugs",
        "（2020）云0111刑初1877号",
        "刑事判决书",
        ("prosecutor", "accused", "accused"),
        1,
        3,
        "2020-11-03",
        "convicted",
        2,
        0,
    ),
    (
        "12_commutation",
        "（2022）黑01刑更2391号",
        "刑事裁定书",
        ("convict",),
        0,
        3,
        "2022-10-20",
        "commutation",
        0,
        0,
    ),
    (
        "13_administrative",
        "（2021）皖01行初215号",
        "行政判决书",
        ("plaintiff", "defendant", "third_party"),
        4,
        3,
        "2021-09-10",
        "claims_dismissed",
        0,
        0,
    ),
    (
        "14_enforcement",
        "（2023）豫0105执12045号",
        "执行裁定书",
        ("enforcement_applicant", "judgment_debtor", "judgment_debtor"),
        0,
        1,
        "2023-09-01",
        "enforcement_terminated_this_round",
        0,
        0,
    ),
    (
        "15_child_support",
        "（2022）陕0113民初20417号",
        "民事判决书",
        ("plaintiff", "defendant"),
        2,
        1,
        "2022-12-20",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "16_homicide_minority",
        "（2019）新01刑初88号",
        "刑事附带民事判决书",
        ("prosecutor", "civil_plaintiff_in_criminal", "civil_plaintiff_in_criminal", "accused"),
        2,
        3,
        "2019-06-17",
        "convicted",
        1,
        0,
    ),
    (
        "17_contract_guarantor",
        "（2021）沪0115民初60321号",
        "民事判决书",
        ("plaintiff", "defendant", "defendant", "defendant"),
        3,
        3,
        "2021-12-03",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "18_foreigner",
        "（2019）粤0111刑初2046号",
        "刑事判决书",
        ("prosecutor", "accused"),
        1,
        1,
        "2019-08-06",
        "convicted",
        1,
        0,
    ),
    (
        "19_robbery_appeal",
        "（2021）赣01刑终412号",
        "刑事裁定书",
        ("prosecutor", "appellant", "accused"),
        1,
        3,
        "2021-08-19",
        "appeal_dismissed",
        0,
        0,
    ),
    (
        "20_casino",
        "（2020）桂0902刑初633号",
        "刑事判决书",
        ("prosecutor", "accused", "accused", "accused", "accused", "accused"),
        1,
        3,
        "2020-09-25",
        "convicted",
        5,
        0,
    ),
    (
        "21_personal_injury",
        "（2022）辽0211民初7713号",
        "民事判决书",
        ("plaintiff", "defendant"),
        2,
        1,
        "2022-06-07",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "22_lease",
        "（2023）津0104民初5120号",
        "民事判决书",
        ("plaintiff", "defendant", "defendant"),
        0,
        1,
        "2023-04-11",
        "claims_partly_upheld",
        0,
        0,
    ),
    ("23_unstructured", None, None, (), 0, 0, None, None, 0, 8),
    (
        "24_spacing",
        "（2020）晋0105刑初756号",
        "刑事判决书",
        ("prosecutor", "accused", "accused"),
        1,
        3,
        "2020-07-03",
        "convicted",
        2,
        0,
    ),
    (
        "25_dangerous_driving",
        "（2022）浙0212刑初1999号",
        "刑事判决书",
        ("prosecutor", "accused"),
        0,
        1,
        "2022-10-14",
        "convicted",
        1,
        0,
    ),
    (
        "26_will",
        "（2022）鄂0102民初4410号",
        "民事判决书",
        ("plaintiff", "defendant", "defendant"),
        3,
        3,
        "2022-08-08",
        "claims_upheld",
        0,
        0,
    ),
    (
        "27_partial_anon",
        "（2021）吉0104刑初390号",
        "刑事判决书",
        ("prosecutor", "accused"),
        1,
        3,
        "2021-07-01",
        "convicted",
        1,
        0,
    ),
    (
        "28_juvenile_fight",
        "（2020）黔0103刑初905号",
        "刑事判决书",
        ("prosecutor", "accused", "accused"),
        3,
        3,
        "2020-10-09",
        "convicted",
        2,
        0,
    ),
    (
        "29_civil_appeal",
        "（2021）豫03民终6021号",
        "民事判决书",
        ("appellant", "appellee", "original_defendant"),
        2,
        3,
        "2021-11-29",
        "appeal_dismissed",
        0,
        0,
    ),
    (
        "30_rape",
        "（2019）甘0102刑初1123号",
        "刑事判决书",
        ("prosecutor", "accused"),
        1,
        3,
        "2019-11-21",
        "convicted",
        1,
        0,
    ),
    (
        "31_robbery_gang",
        "（2018）豫1403刑初502号",
        "刑事判决书",
        ("prosecutor", "accused", "accused", "accused"),
        1,
        3,
        "2018-07-12",
        "convicted",
        3,
        0,
    ),
    (
        "32_old_style_theft",
        "（2014）玄刑初字第0233号",
        "刑事判决书",
        ("prosecutor", "accused"),
        0,
        1,
        "2014-06-03",
        "convicted",
        1,
        0,
    ),
    (
        "33_divorce_property",
        "（2020）京0108民初39011号",
        "民事判决书",
        ("plaintiff", "defendant"),
        2,
        1,
        "2020-09-08",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "34_fraud_loan_crime",
        "（2022）川0703刑初318号",
        "刑事判决书",
        ("prosecutor", "accused"),
        2,
        3,
        "2022-12-28",
        "convicted",
        1,
        0,
    ),
    (
        "35_fight_narrative",
        "（2019）鄂0502刑初271号",
        "刑事判决书",
        ("prosecutor", "accused"),
        1,
        3,
        "2019-06-20",
        "convicted",
        1,
        0,
    ),
    (
        "36_work_injury",
        "（2021）粤1972民初15520号",
        "民事判决书",
        ("plaintiff", "defendant", "defendant"),
        2,
        1,
        "2021-05-20",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "37_fraud_table",
        "（2020）浙0302刑初1215号",
        "刑事判决书",
        ("prosecutor", "accused", "accused"),
        1,
        3,
        "2020-08-14",
        "convicted",
        2,
        0,
    ),
    (
        "38_civil_multi_agents",
        "（2022）苏0213民初3456号",
        "民事判决书",
        ("plaintiff", "plaintiff", "defendant", "defendant"),
        2,
        1,
        "2022-06-23",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "39_injury_narrative",
        "（2021）皖1202刑初377号",
        "刑事附带民事判决书",
        ("prosecutor", "civil_plaintiff_in_criminal", "accused"),
        0,
        1,
        "2021-04-02",
        "convicted",
        1,
        0,
    ),
    (
        "40_testimony_quotes",
        "（2021）鲁0211刑初1880号",
        "刑事判决书",
        ("prosecutor", "accused"),
        1,
        3,
        "2021-09-16",
        "convicted",
        1,
        0,
    ),
    (
        "41_admin_penalty",
        "（2020）粤0303行初188号",
        "行政判决书",
        ("plaintiff", "defendant"),
        2,
        3,
        "2020-07-07",
        "claims_dismissed",
        0,
        0,
    ),
    (
        "42_wechat_loan",
        "（2023）冀0102民初2290号",
        "民事判决书",
        ("plaintiff", "defendant"),
        0,
        1,
        "2023-04-18",
        "claims_upheld",
        0,
        0,
    ),
    (
        "43_drug_sales",
        "（2022）湘0203刑初140号",
        "刑事判决书",
        ("prosecutor", "accused"),
        1,
        1,
        "2022-04-11",
        "convicted",
        1,
        0,
    ),
    (
        "44_subrogation_inheritance",
        "（2021）渝0101民初9911号",
        "民事判决书",
        ("plaintiff", "plaintiff", "defendant", "defendant"),
        2,
        3,
        "2022-01-20",
        "claims_upheld",
        0,
        0,
    ),
    (
        "45_traffic_relatives",
        "（2020）赣0702刑初488号",
        "刑事附带民事判决书",
        (
            "prosecutor",
            "civil_plaintiff_in_criminal",
            "civil_plaintiff_in_criminal",
            "civil_plaintiff_in_criminal",
            "accused",
            "civil_defendant_in_criminal",
        ),
        2,
        3,
        "2020-06-10",
        "convicted",
        1,
        0,
    ),
    (
        "46_appeal_codefendants",
        "（2021）粤06刑终1021号",
        "刑事判决书",
        ("prosecutor", "appellant", "appellant", "accused", "accused"),
        1,
        3,
        "2021-08-30",
        "amended",
        1,
        0,
    ),
    (
        "47_labour_appeal",
        "（2022）京03民终8811号",
        "民事判决书",
        ("appellant", "appellee"),
        2,
        3,
        "2022-08-22",
        "amended",
        0,
        0,
    ),
    (
        "48_fraud_aliases",
        "（2023）苏0506刑初612号",
        "刑事判决书",
        ("prosecutor", "accused", "accused", "accused"),
        2,
        3,
        "2023-08-18",
        "convicted",
        3,
        0,
    ),
    (
        "49_post_divorce_property",
        "（2024）湘0104民初3391号",
        "民事判决书",
        ("plaintiff", "defendant"),
        2,
        1,
        "2024-05-20",
        "claims_partly_upheld",
        0,
        0,
    ),
    (
        "50_admin_demolition",
        "（2022）豫01行初245号",
        "行政判决书",
        ("plaintiff", "defendant", "third_party"),
        5,  # two agents of the plaintiff; the responsible official and two agents of the government
        3,
        "2022-09-26",
        "administrative_act_revoked",
        0,
        0,
    ),
    (
        "51_loan_guarantors",
        "（2023）浙0302民初10457号",
        "民事判决书",
        ("plaintiff", "defendant", "defendant", "defendant", "defendant"),
        1,
        3,
        "2023-11-06",
        "claims_upheld",
        0,
        0,
    ),
]


@pytest.mark.parametrize(
    ("name", "number", "title", "roles", "reps", "panel", "day", "outcome", "sentences", "problems"),
    GOLD_TABLE,
)
def test_gold_judgments(name, number, title, roles, reps, panel, day, outcome, sentences, problems):
    p = parse_judgment(_read(GOLD, name))
    assert (p.case_number.text if p.case_number else None) == number
    assert (p.document.title if p.document else None) == title
    assert tuple(x.role for x in p.parties) == roles
    assert len(p.representatives) == reps
    assert len(p.panel) == panel
    assert (p.decision_date.value.isoformat() if p.decision_date else None) == day
    assert (p.outcome.key if p.outcome else None) == outcome
    assert len(p.sentences) == sentences
    assert len(p.problems) == problems, p.problems


def test_gold_table_covers_every_gold_judgment():
    assert {row[0] for row in GOLD_TABLE} == {p.stem for p in GOLD.glob("*.txt")}


# --- spans -----------------------------------------------------------------------------------------


def _collapse(text: str) -> str:
    """The text as the parser compares it: no spaces, punctuation and digits normalised."""
    return compact(text).text


@pytest.mark.parametrize(
    "path", sorted(SAMPLES.glob("*.txt")) + sorted(GOLD.glob("*.txt")), ids=lambda p: p.stem
)
def test_every_span_points_at_its_value(path):
    text = path.read_text(encoding="utf-8")
    p = parse_judgment(text)
    if p.court:
        assert _collapse(text[p.court.start : p.court.end]) == p.court.value
    if p.case_number:
        assert text[p.case_number.start : p.case_number.end] == p.case_number.raw
        assert _collapse(p.case_number.raw).startswith(p.case_number.text[:6])
    for person in (*p.parties, *p.representatives, *p.panel, *p.clerks):
        assert _collapse(text[person.start : person.end]) == person.name.replace(" ", "")
    if p.decision_date:
        assert _collapse(text[p.decision_date.start : p.decision_date.end]) == p.decision_date.text
    for statute in p.statutes:
        assert text[statute.start : statute.end] == statute.text
    if p.operative:
        assert _collapse(text[p.operative.start : p.operative.end]) == _collapse(p.operative.value)
    for sentence in p.sentences:
        assert _collapse(text[sentence.start : sentence.end]) == _collapse(sentence.text)
    if p.outcome:
        assert _collapse(text[p.outcome.start : p.outcome.end]) == p.outcome.phrase


# --- missing and broken parts ------------------------------------------------------------------------


def test_a_judgment_cut_after_the_parties_names_every_missing_part():
    text = _read(SAMPLES, "02_civil_first_instance").split("原告上海恒通建材贸易有限公司（以下简称")[0]
    p = parse_judgment(text)
    assert p.case_number.text == "（2022）沪0112民初31527号"
    assert len(p.parties) == 3
    assert p.problems == (
        "operative part: no 判决如下/裁定如下 (or 达成如下协议) before the signatures",
        "decision date: no date line (二〇二四年三月五日) in the tail",
        "panel: no 审判长/审判员/人民陪审员 line in the tail",
        "clerk: no 书记员 line in the tail",
    )


def test_a_judgment_without_header_reports_court_and_number_missing():
    text = _read(SAMPLES, "04_civil_ruling_withdrawal")
    body = text.split("\n", 3)[3]  # court, title and case number lines removed
    p = parse_judgment(body)
    assert p.court is None and p.case_number is None and p.document is None
    assert p.problems[:3] == (
        "court: no court name (…法院) in the header",
        "document type: no title such as 民事判决书 or 刑事裁定书 in the header",
        "case number: none in the header",
    )


def test_an_invalid_case_number_is_a_problem_not_a_guess():
    text = _read(SAMPLES, "04_civil_ruling_withdrawal").replace(
        "（2024）粤0305民初2291号", "（2024）粤0305民甲2291号"
    )
    p = parse_judgment(text)
    assert p.case_number.number is None and p.case_number.sequence is None
    assert p.case_number.error == "unknown type code '民甲'"
    assert "case number （2024）粤0305民甲2291号: unknown type code '民甲'" in p.problems


def test_a_title_that_contradicts_the_case_number_is_reported():
    text = _read(SAMPLES, "04_civil_ruling_withdrawal").replace("民事裁定书", "刑事裁定书", 1)
    assert (
        "document type: 刑事裁定书 does not fit case number type 民初 (civil)"
        in parse_judgment(text).problems
    )


def test_an_impossible_date_is_a_problem():
    text = _read(SAMPLES, "04_civil_ruling_withdrawal").replace("二〇二四年三月六日", "二〇二四年二月三十日")
    p = parse_judgment(text)
    assert p.decision_date is None
    assert "decision date: 二〇二四年二月三十日 is not a date (day is out of range for month)" in p.problems


def test_a_sentence_that_cannot_be_read_is_reported():
    text = _read(GOLD, "30_rape").replace("判处有期徒刑六年", "判处有期徒刑若干年")
    p = parse_judgment(text)
    assert p.sentences == ()
    assert "sentence: none found for defendant 马德福" in p.problems


def test_empty_and_wrong_input():
    assert parse_judgment("").problems == ("the text is empty",)
    assert parse_judgment(" \n\u3000\n").problems == ("the text is empty",)
    with pytest.raises(TypeError):
        parse_judgment(b"bytes")  # type: ignore[arg-type]


def test_windows_line_ends_and_full_width_digits():
    text = _read(SAMPLES, "05_mediation").replace("\n", "\r\n").replace("66016", "６６０１６")
    p = parse_judgment(text)
    assert p.case_number.text == "（2023）京0108民初66016号"
    assert p.decision_date.value == date(2023, 11, 2)
    assert [o.name for o in p.clerks] == ["齐悦"]


def test_as_dict_is_plain_json():
    p = parse_judgment(_read(SAMPLES, "01_criminal_several_defendants"))
    data = json.loads(json.dumps(p.as_dict(), ensure_ascii=False))
    assert data["case_number"]["canonical"] == "（2023）浙0106刑初587号"
    assert data["decision_date"]["value"] == "2023-08-15"
    assert data["parties"][1]["birth_date"] == "1985-03-14"
    assert data["sentences"][0]["months"] == 90
    assert data["statutes"][0] == {
        "law": "中华人民共和国刑法",
        "article": "第二百六十六条",
        "text": "第二百六十六条",
        "start": data["statutes"][0]["start"],
        "end": data["statutes"][0]["end"],
    }


# --- helpers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("二〇二四", "三", "五"), date(2024, 3, 5)),
        (("二〇二三", "十二", "三十一"), date(2023, 12, 31)),
        (("二〇一九", "十", "二十"), date(2019, 10, 20)),
        (("2021", "11", "9"), date(2021, 11, 9)),
        (("二零二一", "一", "十"), date(2021, 1, 10)),
    ],
)
def test_chinese_date(parts, expected):
    assert chinese_date(*parts) == expected


@pytest.mark.parametrize(
    ("parts", "message"),
    [(("二〇二四", "二", "三十"), "day is out of range"), (("二四", "一", "一"), "four digits")],
)
def test_chinese_date_refuses(parts, message):
    with pytest.raises(ValueError, match=message):
        chinese_date(*parts)


@pytest.mark.parametrize(
    ("text", "months"),
    [("一年六个月", 18), ("十二年", 144), ("八个月", 8), ("两年", 24), ("6个月", 6), ("一年零六个月", 18),
     ("十五年", 180), ("", None), ("若干年", None)],
)  # fmt: skip
def test_duration_months(text, months):
    assert duration_months(text) == months


@pytest.mark.parametrize(
    ("text", "canonical", "suffix", "legacy", "error"),
    [
        ("（2024）京0105民初123号", "（2024）京0105民初123号", "", False, None),
        ("(2024) 京0105 民初 123号", "（2024）京0105民初123号", "", False, None),
        ("（2023）豫0105执12045号之一", "（2023）豫0105执12045号", "之一", False, None),
        ("（2015）朝民初字第00123号", "（2015）朝民初字第00123号", "", True, None),
        (
            "（2024）京0105民初0123号",
            "（2024）京0105民初0123号",
            "",
            False,
            "sequence must not be zero-padded, got '0123'",
        ),
    ],
)
def test_read_case_number(text, canonical, suffix, legacy, error):
    ref = read_case_number(text)
    assert (ref.text, ref.suffix, ref.legacy, ref.error) == (canonical, suffix, legacy, error)


def test_read_case_number_of_nothing():
    assert read_case_number("判决书") is None


def test_legacy_number_keeps_the_abbreviation_and_maps_the_type():
    ref = read_case_number("（2013）二中商终字第1234号")
    assert (ref.year, ref.court_code, ref.legacy_type, ref.type_code, ref.sequence) == (
        2013,
        "二中",
        "商终",
        "民终",
        1234,
    )


# --- the core stays framework-free and fast -------------------------------------------------------------


def test_importing_the_parser_loads_no_django():
    code = "import sys, xiezhi.nlp.judgments; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=HERE.parent
    )
    assert result.stdout.strip() == "False"


def test_parsing_is_fast():
    texts = [
        p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")) + sorted(GOLD.glob("*.txt"))
    ]
    started = time.perf_counter()
    for _ in range(5):
        for text in texts:
            parse_judgment(text)
    per_second = 5 * len(texts) / (time.perf_counter() - started)
    # Hundreds a second even on a busy 2-core machine; the import needs 100 a second in all.
    assert per_second > 300, per_second


def _wrap(text: str, width: int = 30) -> str:
    """The text as a PDF's text layer gives it: every line broken at the page width."""
    out = []
    for line in text.split("\n"):
        out.extend(line[i : i + width] for i in range(0, max(len(line), 1), width))
    return "\n".join(out)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lines_wrapped_at_the_page_width_parse_the_same(name):
    text = _read(SAMPLES, name)
    wrapped = _summary(parse_judgment(_wrap(text)))
    plain = _summary(parse_judgment(text))
    keys = ("court", "document", "number", "parties", "representatives", "panel", "clerks", "date")
    keys += ("outcome", "sentences", "statutes", "cause", "final")
    for key in keys:
        assert wrapped[key] == plain[key], key
