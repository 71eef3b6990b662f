"""Test data for publication: an effective case with a judgment whose text names private persons,
identity numbers, a phone and a street address beside judges, a clerk and a lawyer."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import factory

from xiezhi.cases.factories import CaseFactory
from xiezhi.judgments.models import JudgmentDocument

#: Names and identifiers the published text must never contain (under both policies: parties in a
#: civil case are hidden by ``full``; the witness and the identifiers under both).
PROTECTED = (
    "王建国",
    "赵德胜",
    "孙丽华",
    "330106196003020019",
    "330105197205090036",
    "13800001111",
    "文三路12号",
)
#: Names that must stay: the judges, the assessor, the clerk, the lawyer and the firm.
KEPT = ("周立平", "吴海燕", "郑小英", "李明远", "浙江天册律师事务所")

JUDGMENT_TEXT = """{court}
民 事 判 决 书
{number}
原告：王建国，男，1960年3月2日出生，汉族，住浙江省杭州市西湖区文三路12号3单元401室，公民身份号码330106196003020019，电话13800001111。
委托诉讼代理人：李明远，浙江天册律师事务所律师。
被告：赵德胜，男，1972年5月9日出生，汉族，住浙江省杭州市拱墅区湖墅南路88号，公民身份号码330105197205090036。
原告王建国与被告赵德胜民间借贷纠纷一案，本院于2024年3月1日立案后，依法适用普通程序，公开开庭进行了审理。原告王建国及其委托诉讼代理人李明远，被告赵德胜到庭参加诉讼。本案现已审理终结。
原告王建国向本院提出诉讼请求：判令被告赵德胜归还借款50000元。事实和理由：2023年1月，赵德胜向王建国借款50000元，约定半年内归还，证人孙丽华在场。
本院认为，合法的借贷关系受法律保护。被告赵德胜向原告王建国借款后未按约归还，应承担还款责任。依照《中华人民共和国民法典》第六百七十五条、第六百七十六条之规定，判决如下：
被告赵德胜于本判决生效之日起十日内归还原告王建国借款50000元。
如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，上诉于浙江省杭州市中级人民法院。
审判长　陈　静
审判员　周立平
人民陪审员　吴海燕
二〇二四年六月十日
书记员　郑小英
"""

UNSTRUCTURED_TEXT = "关于借款的说明：张伟明于2023年向刘芳借款，身份证号330106196003020019，电话13912345678。"


def judgment_text(court_name: str, number: str) -> str:
    return JUDGMENT_TEXT.format(court=court_name, number=number)


class EffectiveCaseFactory(CaseFactory):
    """A civil case whose judgment has taken effect."""

    status = "effective"
    outcome = "judgment"
    registered_on = factory.LazyFunction(lambda: date.today() - timedelta(days=120))
    received_on = factory.LazyFunction(lambda: date.today() - timedelta(days=121))
    closed_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    effective_on = factory.LazyFunction(lambda: date.today() - timedelta(days=10))


class JudgmentDocumentFactory(factory.django.DjangoModelFactory):
    """The judgment of an effective case, its text naming the court and number of the case."""

    class Meta:
        model = JudgmentDocument

    case = factory.SubFactory(EffectiveCaseFactory)
    kind = "judgment"
    title = "民事判决书"
    document_number = factory.LazyAttribute(lambda o: o.case.number)
    text = factory.LazyAttribute(lambda o: judgment_text(o.case.court.name, o.case.number))
    decided_on = date(2024, 6, 10)
    source = "drafted"
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.text.encode("utf-8")).hexdigest())
