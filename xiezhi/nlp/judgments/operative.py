"""The operative part (判决主文): where it is, what it decides, and each defendant's sentence.

The operative part starts after the last 判决如下/裁定如下/决定如下 (a mediation statement: 达成如下
协议) and ends at the appeal notice (如不服本判决…), the statement of finality (本判决为终审判决,
本裁定送达后即发生法律效力 …) or the signatures, whichever comes first.
"""

from __future__ import annotations

import re

from xiezhi.nlp.extract.sentencing import chinese_number

from .text import NUMERAL, Compact, compact, duration_months
from .types import Outcome, Sentence, TextField

__all__ = ["OUTCOMES", "PENALTIES", "Operative", "find_operative", "read_outcome", "read_sentences"]

_START = re.compile(r"(?:判决|裁定|决定)如下：?")
_MEDIATION_START = re.compile(r"(?:自愿)?达成(?:如下|以下)(?:调解)?协议：?|调解协议如下：?|协议如下：?")
# The notices that follow the decision: appeal (如不服本判决…), objection to an enforcement ruling
# (案外人、当事人对裁定不服…), renewed enforcement (申请执行人发现被执行人有可供执行财产的…).
_APPEAL = re.compile(
    r"如(?:当事人)?不服本(?:判决|裁定|决定)|(?:案外人、)?当事人对(?:本)?裁定不服|对本(?:判决|裁定)不服"
    r"|申请执行人发现被执行人有可供执行(?:的)?财产"
)
_FINAL = re.compile(
    r"本(?:判决|裁定)为终审(?:判决|裁定)"
    r"|本(?:裁定|决定|调解书|判决)(?:书)?(?:送达后|经[^。]{0,20}?签收后|一经作出|自[^。]{0,12}?起)，?"
    r"(?:即|立即)?(?:发生法律效力|生效|具有法律效力)"
)

#: Outcome key → pattern on the operative part, tried in this order (the first that matches wins).
#: convicted, claims_* and the administrative keys are read only for judgments.
OUTCOMES: tuple[tuple[str, str], ...] = (
    ("withdrawal", r"准[许予][^。；]{0,40}?撤(?:回)?(?:起诉|上诉|诉讼|诉|申请|再审申请|执行申请|异议|"
                   r"复议申请|抗诉)|按[^。；]{0,20}?撤(?:回上诉|回起诉|诉)处理|按撤回[^。；]{0,10}?处理"),
    ("retrial_ordered", r"(?:本案)?由本院(?:提审|再审)|指令[^。；]{0,30}?再审|再审本案"),
    ("retrial_application_dismissed", r"驳回[^。；]{0,40}?再审申请"),
    ("appeal_dismissed", r"驳回上诉，?维持原(?:判|裁定|判决)"),
    ("remanded", r"发回[^。；]{0,30}?重(?:新)?审"),
    ("dismissal", r"驳回[^。；]{0,40}?起诉"),
    ("objection_dismissed", r"驳回[^。；]{0,40}?异议"),
    ("reconsideration_dismissed", r"驳回[^。；]{0,40}?复议申请"),
    ("enforcement_terminated_this_round", r"终结本次执行程序"),
    ("enforcement_terminated", r"终结[^。；]{0,20}?执行"),
    ("transfer", r"移送[^。；]{0,30}?(?:法院|机关|审理|处理|管辖)"),
    ("commutation", r"减去[^。；]{0,10}?(?:有期徒刑|无期徒刑|拘役|管制)|减为(?:有期徒刑|无期徒刑)"),
    ("parole", r"假释"),
    ("amended", r"撤销[^。；]{0,80}?(?:判决|裁定)"),
    ("acquitted", r"无罪"),
    ("exempted", r"免予刑事处罚"),
    ("convicted", r"犯[^。；，]{1,30}?罪"),
    ("administrative_act_revoked", r"撤销[^。；]{0,60}?(?:决定|行为|处罚|批复|复议|登记|许可|通知|答复)"),
    ("administrative_act_unlawful", r"确认[^。；]{0,60}?(?:违法|无效)"),
    ("claims_dismissed", r"^驳回[^。；]{0,60}?诉讼请求"),
    ("claims_partly_upheld", r"驳回[^。；]{0,60}?其他(?:诉讼)?请求"),
    ("claims_upheld", r"(?:支付|偿还|返还|赔偿|给付|履行|解除|准予|准许|确认|归|交付|腾退|停止|继续|继承|"
                      r"所有|抚养|分割|变更|撤销|恢复|排除|消除|赔礼道歉)"),
)  # fmt: skip
_OUTCOME_RES = tuple((key, re.compile(pattern)) for key, pattern in OUTCOMES)
_JUDGMENT_ONLY = frozenset(
    {"claims_dismissed", "claims_partly_upheld", "claims_upheld", "administrative_act_revoked"}
)

#: Main penalties (主刑 and the alternatives to them), as read into :attr:`Sentence.penalty`.
PENALTIES: tuple[tuple[str, str], ...] = (
    ("death_suspended", r"死刑，?缓期(?:二|两)年执行"),
    ("death", r"死刑"),
    ("life", r"无期徒刑"),
    ("fixed_term", rf"有期徒刑(?P<t_fixed_term>(?:{NUMERAL}+年)?零?(?:{NUMERAL}+个月)?)"),
    ("detention", rf"拘役(?P<t_detention>{NUMERAL}+个月)?"),
    ("control", rf"管制(?P<t_control>(?:{NUMERAL}+年)?(?:{NUMERAL}+个月)?)"),
    ("fine_only", r"单处罚金"),
    ("exempt", r"免予刑事处罚"),
    ("acquitted", r"无罪"),
)
_PENALTY = re.compile("|".join(f"(?P<{key}>{pattern})" for key, pattern in PENALTIES))
_PROBATION = re.compile(rf"缓刑(?P<term>(?:{NUMERAL}+年)?(?:{NUMERAL}+个月)?)")
_FINE = re.compile(r"罚金(?:人民币)?(?P<amount>[\d.，,]+万?|[零〇一二两三四五六七八九十百千万亿]+)元")
_ADDITIONAL = re.compile(
    rf"剥夺政治权利(?:终身|{NUMERAL}+年)|没收个人(?:全部)?财产(?:人民币[^，；。]{{1,12}}元)?|驱逐出境"
)
_CHARGE = re.compile(r"犯([^，。；：（）]{1,30}?罪)(?=[，。；、：）判免并一案]|$)")
_PAREN = re.compile(r"（[^（）]*）")
_AFTER_NAME = re.compile(r"(?:（[^（）]*）)?(?=犯|无罪)")


class Operative:
    __slots__ = ("end", "field", "final", "marker", "start", "view")

    def __init__(self, field: TextField, view: Compact, final: bool, marker: TextField) -> None:
        self.field, self.view, self.final, self.marker = field, view, final, marker
        self.start, self.end = field.start, field.end


def find_operative(text: str, body_start: int, tail_start: int, mediation: bool) -> Operative | None:
    """Locate the operative part between ``body_start`` and ``tail_start`` (offsets in ``text``)."""
    region = compact(text, body_start, tail_start)
    starts = list(_START.finditer(region.text))
    if not starts and mediation:
        starts = list(_MEDIATION_START.finditer(region.text))
    if not starts:
        return None
    opening = starts[-1]
    begin = opening.end()
    end = len(region.text)
    final = False
    appeal = _APPEAL.search(region.text, begin)
    if appeal is not None:
        end = appeal.start()
    finality = _FINAL.search(region.text, begin)
    if finality is not None:
        final = True
        end = min(end, finality.start())
    start, stop = region.span(begin, end)
    body = text[start:stop].strip()
    if not body:
        return None
    start = text.index(body, start)
    view = compact(text, start, start + len(body))
    marker = TextField(opening.group(), *region.span(opening.start(), opening.end()))
    return Operative(TextField(view.text, start, start + len(body)), view, final, marker)


def read_outcome(operative: Operative, kind: str | None) -> Outcome | None:
    """The outcome key of the operative part (see :data:`OUTCOMES`), or ``None`` if none fits."""
    view = operative.view
    if kind == "mediation":
        marker = operative.marker
        return Outcome("mediated", marker.value, marker.start, marker.end)
    for key, pattern in _OUTCOME_RES:
        if key in _JUDGMENT_ONLY and kind != "judgment":
            continue
        if key == "convicted" and kind not in ("judgment", None):
            continue
        match = pattern.search(view.text)
        if match is not None:
            start, end = view.span(match.start(), match.end())
            return Outcome(key, match.group(), start, end)
    return None


def read_sentences(operative: Operative, defendants: list[str]) -> tuple[list[Sentence], list[str]]:
    """Each defendant's charges and executed penalty, and problems for charges without a penalty."""
    view = operative.view
    text = view.text
    anchors: list[tuple[int, str]] = []
    # Names are matched without their spaces, as the compact view has none (OKAFOR JOHN → OKAFORJOHN).
    written = {n.replace(" ", ""): n for n in defendants if n}
    for key in sorted(written, key=len, reverse=True):
        at = text.find(key)
        while at != -1:
            inside = any(start <= at < start + len(other.replace(" ", "")) for start, other in anchors)
            if not inside and _AFTER_NAME.match(text, at + len(key)):
                anchors.append((at, written[key]))
            at = text.find(key, at + 1)
    anchors.sort()
    best: dict[str, Sentence] = {}
    unread: dict[str, str] = {}
    for number, (at, name) in enumerate(anchors):
        limit = anchors[number + 1][0] if number + 1 < len(anchors) else len(text)
        stop = text.find("。", at, limit)
        segment_end = stop if stop != -1 else limit
        segment = text[at:segment_end]
        sentence = _sentence(name, segment, view, at, segment_end)
        if sentence is None:
            if _CHARGE.search(segment):
                unread.setdefault(name, segment)
            continue
        best[name] = sentence  # a later statement (改判) replaces an earlier mention
    problems = [
        f"sentence: the penalty of {name} could not be read in “{segment[:60]}”"
        for name, segment in unread.items()
        if name not in best
    ]
    ordered = sorted(best.values(), key=lambda s: s.start)
    return ordered, problems


def _sentence(name: str, segment: str, view: Compact, at: int, end: int) -> Sentence | None:
    plain = _PAREN.sub("", segment)
    charges = tuple(dict.fromkeys(m.group(1) for m in _CHARGE.finditer(plain)))
    executed = plain.rfind("决定执行")
    main = plain[executed:] if executed != -1 else plain
    penalty = _PENALTY.search(main)
    if penalty is None:
        return None
    key = next(k for k, _ in PENALTIES if penalty.group(k) is not None)
    months = None
    if key in ("fixed_term", "detention", "control"):
        term = penalty.group(f"t_{key}")
        months = duration_months(term) if term else None
        if months is None:
            return None
    probation = _PROBATION.search(main)
    probation_months = duration_months(probation["term"]) if probation and probation["term"] else None
    fines = list(_FINE.finditer(main))
    fine = None
    if fines:
        value = chinese_number(fines[-1]["amount"].replace("，", "").replace(",", ""))
        fine = round(value) if value is not None else None
    additional = tuple(dict.fromkeys(m.group() for m in _ADDITIONAL.finditer(main)))
    start, stop = view.span(at, end)
    return Sentence(
        defendant=name,
        charges=charges,
        penalty=key,
        months=months,
        probation_months=probation_months,
        fine_yuan=fine,
        additional=additional,
        text=segment,
        start=start,
        end=stop,
    )
