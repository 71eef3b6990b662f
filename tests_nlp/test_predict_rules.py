"""Legal knowledge used when picking charges: competing charges (此罪与彼罪) and the elements that decide
between them (the defendant's status, the victim's age, making vs holding a gun, intent vs negligence)."""

from __future__ import annotations

import numpy as np
import pytest

from xiezhi.nlp.predict import cold_start_model
from xiezhi.nlp.predict.knowledge import COMPETING_GROUPS, competing, knowledge_base, resolve_exclusive
from xiezhi.nlp.predict.model import _choose


def test_competing_groups_name_only_known_charges():
    names = set(knowledge_base().names)
    for group in COMPETING_GROUPS:
        assert group <= names, group - names
    assert competing("受贿", "非国家工作人员受贿")
    assert not competing("盗窃", "危险驾驶")
    assert not competing("盗窃", "盗窃")


@pytest.mark.parametrize(
    ("fact", "chosen", "expected"),
    [
        # A company manager and no state-functionary cue: Art. 163, not Art. 385.
        (
            "被告人张某系某某贸易有限公司销售经理，利用职务上的便利，收受供应商王某给予的好处费人民币8万元。",
            ["受贿"],
            ["非国家工作人员受贿"],
        ),
        # A state functionary: Art. 385 even if the model preferred the private-sector charge.
        (
            "被告人李某身为国家工作人员，在担任某县国土资源局科长期间，收受他人财物共计人民币20万元。",
            ["非国家工作人员受贿"],
            ["受贿"],
        ),
        # Both listed and the facts decide: the rival is dropped, not added twice.
        (
            "被告人赵某系某镇人民政府工作人员，利用职务便利侵吞公款人民币5万元。",
            ["职务侵占", "贪污"],
            ["贪污"],
        ),
        (
            "被告人钱某系某超市收银员，利用收银的职务便利，将超市货款人民币3万元据为己有。",
            ["贪污"],
            ["职务侵占"],
        ),
        # Art. 237: the victim is under 14.
        (
            "被告人孙某在小区楼道内对被害人周某（女，9岁）强行搂抱、抚摸其胸部。",
            ["强制猥亵、侮辱妇女"],
            ["猥亵儿童"],
        ),
        (
            "被告人孙某在公交车上对被害人周某（女，25岁）强行搂抱、抚摸其胸部。",
            ["猥亵儿童"],
            ["强制猥亵、侮辱妇女"],
        ),
        # Art. 125 vs 128: selling a gun is more than holding it.
        (
            "被告人吴某将自制的火药枪一支以800元的价格出售给郑某。",
            ["非法持有、私藏枪支、弹药"],
            ["非法制造、买卖、运输、邮寄、储存枪支、弹药、爆炸物"],
        ),
        # Arts. 114/115: a fire from carelessness is 失火.
        (
            "被告人王某在自家承包地烧荒时用火不慎，引燃山林，造成过火有林地面积20公顷。",
            ["放火"],
            ["失火"],
        ),
        # A village committee head leasing village land is no state functionary (Art. 93 interpretation);
        # one handling land compensation on the government's behalf is.
        (
            "被告人盛某利用担任某村党支部副书记、村委会主任的职权，为顾某承租该村土地提供便利，收受现金3万元。",
            ["受贿"],
            ["非国家工作人员受贿"],
        ),
        (
            "被告人盛某系某村村委会主任，在协助政府发放征地补偿费过程中，收受他人现金3万元。",
            ["非国家工作人员受贿"],
            ["受贿"],
        ),
        # Medical staff taking kickbacks from suppliers.
        (
            "被告人康某利用身为医院医务人员的职务便利，非法收受医疗器械公司给予的回扣共计人民币68000元。",
            ["受贿"],
            ["非国家工作人员受贿"],
        ),
        # Art. 134 is the special provision for deaths from safety breaches at work.
        (
            "被告人谭某未按照操作规程要求工人佩戴安全帽，施工过程中李某从脚手架上摔至地面死亡。",
            ["过失致人死亡"],
            ["重大责任事故"],
        ),
        ("被告人王某在家中与其妻争执时推搡，致其摔倒撞击桌角死亡。", ["过失致人死亡"], ["过失致人死亡"]),
        # Art. 345: others' trees are stolen (盗伐); one's own without a permit are 滥伐.
        ("被告人黄某未经许可，偷伐村集体所有的杉木林，立木蓄积12立方米。", ["滥伐林木"], ["盗伐林木"]),
        (
            "被告人黄某未办理林木采伐许可证，砍伐自家承包的责任山上杉木，立木蓄积30立方米。",
            ["盗伐林木", "滥伐林木"],
            ["滥伐林木"],
        ),
        # Art. 271: taking the employer's goods by means of one's post; then the status rule (no state
        # functionary) keeps it 职务侵占 rather than 贪污.
        (
            "被告人刘某系某物流有限公司仓库保管员，利用其保管货物的职务便利，将仓库内手机30部据为己有。",
            ["盗窃"],
            ["职务侵占"],
        ),
        ("被告人刘某趁被害人不备，秘密窃取其手机一部。", ["盗窃"], ["盗窃"]),
        # Art. 274 vs 266: threats, not deception.
        (
            "被告人陈某以将被害人的隐私照片发到网上相要挟，迫使被害人向其转账人民币2万元。",
            ["诈骗"],
            ["敲诈勒索"],
        ),
        # Art. 292: a group fight without serious injury or death stays 聚众斗殴.
        (
            "被告人杨某纠集十余人持棍棒与对方人员在街头互殴，致两人轻微伤。",
            ["故意伤害"],
            ["聚众斗殴"],
        ),
        ("被告人杨某纠集十余人与对方斗殴，致对方一人重伤。", ["故意伤害"], ["故意伤害"]),
        # Nothing decides: a single charge is left alone, an unrelated second charge is kept.
        ("被告人某某收受他人财物。", ["受贿"], ["受贿"]),
        (
            "被告人张某系某某贸易有限公司销售经理，收受好处费8万元，后醉酒驾驶机动车。",
            ["非国家工作人员受贿", "危险驾驶"],
            ["非国家工作人员受贿", "危险驾驶"],
        ),
    ],
)
def test_exclusive_rules_pick_the_charge_the_elements_decide(fact, chosen, expected):
    assert resolve_exclusive(fact, chosen) == expected


def test_procedural_mentions_of_courts_and_police_are_no_state_functionary_cue():
    fact = (
        "被告人钱某系某超市收银员，将货款人民币3万元据为己有。后被公安局抓获，某县人民检察院以职务侵占罪"
        "提起公诉，本院依法审理。"
    )
    assert resolve_exclusive(fact, ["贪污"]) == ["职务侵占"]


def test_choose_keeps_the_top_charge_and_can_hold_back_a_rival():
    names = ["受贿", "非国家工作人员受贿", "危险驾驶"]
    probs = np.array([0.9, 0.5, 0.5])
    assert _choose(probs, 0.4) == [0, 1, 2]
    # A competing second charge needs the stricter threshold; an unrelated one does not.
    assert _choose(probs, 0.4, names=names, rival_threshold=0.8) == [0, 2]
    assert _choose(np.array([0.1, 0.05, 0.01]), 0.4) == [0]


def test_cold_start_prediction_applies_the_status_rule():
    model = cold_start_model()
    fact = (
        "被告人张某系某某贸易有限公司销售经理，利用职务上的便利，非法收受供应商王某给予的好处费人民币8万元，"
        "为其在货款结算方面谋取利益。"
    )
    names = [c.name for c in model.predict(fact).charges]
    assert "受贿" not in names


def test_cold_start_reads_a_secret_taking_as_theft():
    # 秘密窃取 is the element of theft (Art. 264); "秘密盗走" says it without the word 窃取.
    from xiezhi.nlp.predict import cold_start_model, sqlite_statutes

    model = cold_start_model(statutes=sqlite_statutes())
    fact = (
        "公诉机关指控：2016年3月28日20时许，被告人颜某捡拾到被害人谢某的手机一部，并分多次通过支付宝"
        "小额免密支付功能，秘密盗走被害人谢某支付宝内人民币3723元。"
    )
    assert model.predict(fact).charges[0].name == "盗窃"
