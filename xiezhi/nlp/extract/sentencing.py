"""Sentencing facts in a fact description: money amounts, drug quantities, injuries and circumstances.

The circumstance list follows the SPC/SPP Guiding Opinions on Sentencing for Common Crimes
(关于常见犯罪的量刑指导意见（试行）, 法发〔2021〕21号) and the Criminal Law articles they implement
(Art. 17 minors, 23 attempt, 27 accomplice, 65 recidivism, 67 surrender and confession, 68 meritorious
service). Every finding carries offsets into the text so that it can be shown as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_NUM = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


def chinese_number(text: str) -> float | None:
    """Value of a number written in Arabic digits, Chinese numerals or a mix ("3.5万", "三千二百")."""
    text = text.replace(",", "").replace("，", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(万|亿)?", text)
    if m:
        return float(m.group(1)) * (_CN_UNIT[m.group(2)] if m.group(2) else 1)
    total, section, digit = 0.0, 0.0, 0.0
    seen = False
    for ch in text:
        if ch in _CN_NUM:
            digit = _CN_NUM[ch]
            seen = True
        elif ch in ("十", "百", "千"):
            section += (digit or (1 if ch == "十" else 0)) * _CN_UNIT[ch]
            digit = 0
            seen = True
        elif ch in ("万", "亿"):
            total = (total + section + digit) * _CN_UNIT[ch]
            section, digit = 0.0, 0.0
            seen = True
        else:
            return None
    return total + section + digit if seen else None


@dataclass(frozen=True)
class Finding:
    """One sentencing fact: its kind, its numeric value (if any) and where it is in the text."""

    kind: str
    text: str
    start: int
    end: int
    value: float | None = None


_NUMBER = r"(\d+(?:[.,]\d+)*(?:万|亿)?|[零〇一二两三四五六七八九十百千万亿]+)"
_AMOUNT = re.compile(_NUMBER + r"\s*(余|多)?\s*元")
_DRUG = re.compile(
    r"(甲基苯丙胺|冰毒|海洛因|麻古|氯胺酮|K粉|可卡因|大麻|鸦片|吗啡|摇头丸|毒品)[^。；]{0,40}?"
    + r"(\d+(?:\.\d+)?)\s*(千克|公斤|克|kg|g)(?![a-z])"
)
_DRUG_UNIT = {"千克": 1000.0, "公斤": 1000.0, "kg": 1000.0, "克": 1.0, "g": 1.0}

# (kind, pattern). Kinds are stable identifiers used as model feature names: rename with care.
CIRCUMSTANCES: tuple[tuple[str, str], ...] = (
    ("surrender", r"自首|主动投案|投案自首|主动到.{0,10}(投案|派出所|公安)"),
    ("confession", r"如实供述|坦白|供认不讳"),
    ("plea_bargain", r"认罪认罚|签署.{0,6}具结书|具结书"),
    ("guilty_plea", r"自愿认罪|当庭认罪|认罪态度(较)?好|表示认罪"),
    ("forgiveness", r"谅解"),
    ("compensation", r"赔偿|赔付|补偿"),
    ("restitution", r"退赃|退赔|退还|返还|追回|已发还|归还"),
    ("recidivism", r"累犯"),
    ("prior_record", r"前科|曾因.{0,20}(被判处|判处|刑事处罚|劳动教养|行政拘留)|刑满释放"),
    ("attempt", r"未遂|未得逞|意志以外"),
    ("accomplice", r"从犯|次要作用|辅助作用"),
    ("principal", r"主犯|主要作用|起组织|首要分子"),
    ("meritorious", r"立功|检举|揭发"),
    ("minor", r"未成年|不满十八周岁|未满十八周岁|已满十[四五六七]周岁"),
    ("repeated", r"多次|[三四五六七八九十]次|[0-9]{1,3}次"),
    ("serious", r"情节严重|后果严重|严重后果"),
    ("especially_serious", r"情节特别严重|特别严重|特别恶劣"),
    ("amount_large", r"数额较大"),
    ("amount_huge", r"数额巨大"),
    ("amount_especially_huge", r"数额特别巨大"),
    ("minor_injury", r"轻伤"),
    ("serious_injury", r"重伤"),
    ("slight_injury", r"轻微伤"),
    ("death", r"死亡|身亡|致死"),
    ("disability", r"[一二三四五六七八九十]级伤残|伤残"),
    ("weapon", r"持刀|菜刀|匕首|砍刀|水果刀|刀具|凶器|铁棍|木棒|钢管"),
    ("burglary", r"入户|翻窗|撬门|撬锁|破窗"),
    ("fled", r"逃逸|潜逃|逃跑|在逃|网上追逃"),
    ("detention_only", r"拘役"),
    ("probation", r"缓刑|社区矫正"),
    ("fine_only", r"单处罚金|免予刑事处罚"),
    ("life", r"无期徒刑"),
    ("death_sentence", r"死刑"),
)
_CIRCUMSTANCE_PATTERNS = tuple((kind, re.compile(p)) for kind, p in CIRCUMSTANCES)


def money_amounts(text: str) -> list[Finding]:
    """Every money amount in yuan ("3723元", "1.2万元", "三千余元")."""
    out = []
    for m in _AMOUNT.finditer(text):
        value = chinese_number(m.group(1))
        if value is not None and value > 0:
            out.append(Finding("amount", m.group(0), m.start(), m.end(), value))
    return out


def drug_quantities(text: str) -> list[Finding]:
    """Drug weights in grams, taken after a drug name ("甲基苯丙胺…净重12.5克")."""
    out = []
    for m in _DRUG.finditer(text):
        grams = float(m.group(2)) * _DRUG_UNIT[m.group(3)]
        out.append(Finding("drug_grams", m.group(0), m.start(), m.end(), grams))
    return out


def circumstances(text: str, limit: int = 3) -> list[Finding]:
    """Sentencing circumstances found in the text (up to ``limit`` occurrences of each kind)."""
    out = []
    for kind, pattern in _CIRCUMSTANCE_PATTERNS:
        for n, m in enumerate(pattern.finditer(text)):
            if n >= limit:
                break
            out.append(Finding(kind, m.group(0), m.start(), m.end()))
    return out


_PROPOSAL = re.compile(
    r"建议.{0,30}?(判处|处以|处)?.{0,12}?"
    r"([零〇一二两三四五六七八九十]+|\d+)\s*(年|个月)(?:[零〇一二两三四五六七八九十\d]+个月)?\s*(以上|以下|至|到)?"
)


def sentencing_proposal(text: str) -> Finding | None:
    """The prosecutor's sentencing proposal (量刑建议) as a month count, when the fact states one.

    A range "三年以上五年以下" yields its lower bound; "一年以下" its upper bound, halved, because
    proposals stated as a ceiling are usually met well below it.
    """
    m = _PROPOSAL.search(text)
    if not m:
        return None
    number = chinese_number(m.group(2))
    if number is None:
        return None
    months = number * 12 if m.group(3) == "年" else number
    if m.group(4) == "以下":
        months = months / 2
    return Finding("proposal_months", m.group(0), m.start(), m.end(), months)
