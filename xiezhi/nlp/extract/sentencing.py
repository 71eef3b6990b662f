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
    """One sentencing fact: its kind, its numeric value (if any) and where it is in the text.

    ``negated`` marks a circumstance the text denies ("不构成自首", "未取得谅解"); such findings are
    only returned by ``circumstances(..., include_negated=True)`` and never count as present.
    """

    kind: str
    text: str
    start: int
    end: int
    value: float | None = None
    negated: bool = False


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


# Negation of a circumstance (否定表述): "不构成自首", "未取得被害人谅解", "亦未退赃", "拒不认罪认罚",
# "并非从犯", "无前科". A negator counts when it stands in the same clause before the keyword, at most
# _NEAR characters before it for a one-character negator (不/未/无/没) and _FAR for a longer one, with no
# word between them that starts a new statement (但, 并, 时, 前...: "尚未掌握其犯罪事实前主动投案" is a
# surrender). Words such as 未被, 不法, 无人, 抢救无效 contain a negator character but deny nothing.
_CLAUSE_BREAK = re.compile(r"[。；;，,：:！!？?\n]")
_NEGATOR = re.compile(
    r"不构成|不属于|不具有|不具备|不符合|不应认定|不能认定|不予认定|不认定|不宜认定|不成立|不是|并非|而非|非系|"
    r"并不|绝非|没有|拒不|拒绝|不予|无法|不能|不愿|不宜|不同意|否认|未能|尚未|亦未|均未|并未|从未|"
    r"未取得|未获得|未获|未得到|未达成|未与|未向|未对|未主动|未积极|未发现|没有发现|不要求|"
    r"不|未|无|没"
)
# Words that contain a negator character but deny nothing; they are masked before negators are sought.
_NOT_NEGATORS = re.compile(
    r"未被|未经|未满|未成年|未遂|未得逞|未果|未婚|未知|未来|"
    r"不久|不慎|不法|不满|不足|不仅|不但|不断|不论|不顾|不特定|不明|不等|不详|不少|不低于|不超过|不料|不停|"
    r"不堪|不正当|不当|不轨|不良|不思悔改|不讳|不知|不止|不治|"
    r"无业|无固定|无效|无异议|没有异议|无缝|罚没|不到案|不到庭|无故|无证|无照|无号牌|无牌|无视|无辜|无关|无人|无意|毫无|没收"
)
_RESTART = re.compile(r"但|却|而|并|且|又|时|前|因|由于|故(?!意)|依法|可以|应当|具有")
_NEAR, _FAR = 4, 12
# Denials after the keyword in the same clause ("自首情节不成立", "系从犯的意见不予采纳"); when the keyword
# is in a party's argument ("辩护人提出…有自首情节的意见"), a denial anywhere later in the sentence
# ("…经查，…不能认定为自首", "…，本院不予采纳") rejects it.
_DENIAL = (
    r"不成立|不能成立|不予认定|不能认定|不应认定|不予采纳|不予支持|不予采信|不能采信|不属实|无法认定|"
    r"证据不足|与事实不符|与查明的事实不符"
)
_DENIED_AFTER = re.compile(r"[^。；;，,：:！!？?\n]{0,10}?(?:" + _DENIAL + ")")
_ARGUMENT = re.compile(r"辩护|辩称|辩解|意见|提出")
_DENIED_LATER = re.compile(r"[^。；;\n]{0,200}?(?:" + _DENIAL + ")")


def is_negated(text: str, start: int, end: int) -> bool:
    """Whether the circumstance at ``text[start:end]`` is denied by the words around it (否定表述).

    Before the keyword: a negator in the same clause ("被告人不构成自首", "未取得被害人谅解", "亦未退赃",
    "拒不认罪认罚"). After it: a denial in the same clause ("自首情节不成立"), or later in the sentence
    when the keyword's clause states a party's argument ("辩护人提出…系从犯的意见，本院不予采纳").
    """
    clause_start = max(0, start - 60)
    for brk in _CLAUSE_BREAK.finditer(text, max(0, start - 60), start):
        clause_start = brk.end()
    if re.search(r"(未|没有|没)被$", text[clause_start:start]):  # "赃款未被追回"
        return True
    prefix = _NOT_NEGATORS.sub(lambda m: "＿" * len(m.group(0)), text[clause_start:start])
    last = None
    for m in _NEGATOR.finditer(prefix):
        last = m
    if last is not None:
        gap = prefix[last.end() :]
        reach = _NEAR if len(last.group(0)) == 1 else _FAR
        if len(gap) <= reach and not _RESTART.search(gap):
            return True
    if _DENIED_AFTER.match(text, end):
        return True
    clause_end = _CLAUSE_BREAK.search(text, end)
    clause = text[clause_start : clause_end.start() if clause_end else len(text)]
    return bool(_ARGUMENT.search(clause) and _DENIED_LATER.match(text, end))


def circumstances(text: str, limit: int = 3, include_negated: bool = False) -> list[Finding]:
    """Sentencing circumstances (量刑情节) the text states (up to ``limit`` occurrences of each kind).

    A denied circumstance ("不构成自首", "未取得被害人谅解", "未退赃") is not one: it is left out, or
    returned with ``negated=True`` when ``include_negated`` (it does not count toward ``limit``).
    """
    out = []
    for kind, pattern in _CIRCUMSTANCE_PATTERNS:
        kept = 0
        for m in pattern.finditer(text):
            negated = is_negated(text, m.start(), m.end())
            if negated and not include_negated:
                continue
            if not negated:
                if kept >= limit:
                    break
                kept += 1
            out.append(Finding(kind, m.group(0), m.start(), m.end(), negated=negated))
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
