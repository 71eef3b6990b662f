"""Fact text handling for prediction: offset-preserving normalisation and the sufficiency check.

Normalisation keeps the text length unchanged so that every offset found on the normalised text is an
offset into the caller's original text (evidence spans must point at what the judge typed).
"""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# Parts of a judgment that carry no facts: headers, titles, case numbers, court and procuratorate names.
_HEADER_PARTS = re.compile(
    r"[（(]\s*\d{4}\s*[）)][^。，；\s]{0,20}?号"
    r"|[^。，；\s]{0,20}人民(法院|检察院)"
    r"|刑事(附带民事)?(判决书|裁定书|调解书)|判决书|裁定书|起诉书"
    r"|公诉机关|审判长|审判员|书记员|人民陪审员"
)
# Words that only appear when something happened: time expressions, actors, acts, quantities, findings.
_EVENT_MARKERS = re.compile(
    r"时许|期间|左右|\d+日|[一二三四五六七八九十]+日|被告人|嫌疑人|被害人|将|把|致|\d+元|克|驾驶|殴打|盗|骗|"
    r"持|经鉴定|价值|案发|抓获|指控|查明|收受|贩卖|吸食|伤|死亡|持有|非法|违反|拒不|故意|过失"
)

# Party details (当事人基本情况): a sentence made only of a role and a name ("被告人张某"), personal details
# (sex, birth, ethnicity, education, address, occupation, ID number), custody status, prior punishment,
# counsel and the prosecution's appearance names people, never an act: such sentences carry no fact.
_ROLE = (
    r"(?:原审|原)?(?:公诉机关|被告人|被告单位|被告|被害人|被害单位|犯罪嫌疑人|上诉人|附带民事诉讼原告人|"
    r"原告人|辩护人|诉讼代理人|法定代理人|诉讼代表人|证人)"
)
_ROLE_AND_NAME = re.compile(
    rf"(?:{_ROLE})+\s*[\u4e00-\u9fffA-Za-z0-9×＊*]{{1,6}}(?:[（(][^（）()]{{0,24}}[）)])?"
)
_SHORT_NAME = r"[\u4e00-\u9fff]{1,3}[某甲乙丙丁\d×]*"
_NUM = r"[\d一二三四五六七八九十]{1,3}"
_DATE = rf"(?:\d{{2,4}}|[〇零一二三四五六七八九十]{{2,4}})\s*年(?:\s*{_NUM}\s*月)?(?:\s*{_NUM}\s*日)?"
_WHEN = rf"(?:于|在)?(?:{_DATE}|同年[^，,]{{0,8}}|次日|当日|当天)"
_PARTY_DETAIL = re.compile(
    "|".join(
        (
            r"[男女]性?",
            rf"{_DATE}\s*(?:出生|生)(?:于[^，,]{{0,20}})?|生于[^，,]{{0,24}}|出生于[^，,]{{0,24}}",
            r"[\u4e00-\u9fff]{1,5}族",
            r"[^\s，,]{0,8}(?:文化|学历|文盲|毕业|肄业)(?:程度)?",
            r"(?:住|现住|户籍(?:所在)?地|户籍|住址|住所地|暂住|出生地|籍贯|原籍)[^，,]{0,40}",
            r"(?:公民)?身份(?:证|号码)[^，,]{0,30}",
            r"(?:无业|农民|务农|个体|个体工商户|职工|工人|学生|务工人员|无固定职业|退休|群众)[^，,]{0,10}",
            r"捕前[^，,]{0,24}",
            r"(?:曾用名|绰号|别名|化名)[^，,]{0,12}",
            r"系[^，,]{0,20}(?:员工|职工|工人|干部|法定代表人|负责人|经理|股东|人员|学生|村民|居民)",
            r"[^，,]{0,24}(?:律师事务所|法律援助中心)[^，,]{0,8}",
            r"(?:年龄)?\d{1,3}岁|(?:中共党员|党员|团员|人大代表|政协委员)",
        )
    )
)
_CUSTODY = re.compile(
    "|".join(
        (
            # "因涉嫌盗窃罪于2020年5月3日被刑事拘留", "同年5月10日经检察院批准被逮捕", "现羁押于某看守所",
            # "被告人王某于2020年5月3日被抓获归案"
            rf"(?:{_ROLE}{_SHORT_NAME})?(?:因(?:涉嫌)?[^，,]{{0,30}}?)?(?:{_WHEN})?\s*(?:被(?!告|害)|经|由)[^，,]{{0,30}}?"
            r"(?:刑事拘留|行政拘留|拘留|逮捕|取保候审|监视居住|羁押|抓获|决定|批准|执行)[^，,]{0,12}",
            r"(?:现)?(?:羁押|在押|押)(?:于[^，,]{0,30})?|现在押|在逃",
            # prior punishment: "曾因犯盗窃罪于2015年被判处有期徒刑一年", "2016年3月刑满释放"
            rf"(?:曾)?(?:因[^，,]{{0,30}}?)?(?:{_WHEN})?\s*被(?!告|害)[^，,]{{0,24}}?"
            r"(?:判处|处以|刑事处罚|行政处罚|行政拘留|劳动教养)[^，,]{0,30}",
            rf"(?:{_WHEN})?\s*(?:刑满释放|假释|释放|解除[^，,]{{0,10}})[^，,]{{0,10}}",
        )
    )
)
_PROSECUTION = re.compile(
    r"[^，,]{0,30}(?:指派|以[^，,]{0,24}起诉书|提起公诉|出庭支持公诉|到庭参加诉讼|公开开庭|审理终结)[^，,]{0,30}"
)
_SENTENCES = re.compile(r"[^。；;\n]+")
_CLAUSES = re.compile(r"[^，,、：:]+")

MIN_CJK_CHARS = 12
MIN_CJK_RATIO = 0.3


def normalise(text: str) -> str:
    """Fold full-width forms to half-width, one character for one character (offsets are preserved)."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)

#: The checks :func:`insufficiency` names, each the start of its reason (before any ": …" detail), so
#: that a caller can map a reason to its own message without parsing prose.
REASON_EMPTY = "empty text"
REASON_NOT_CHINESE = "not Chinese text"
REASON_TOO_LITTLE = "too little text"
REASON_NO_FACTS = "no facts"
REASONS = (REASON_EMPTY, REASON_NOT_CHINESE, REASON_TOO_LITTLE, REASON_NO_FACTS)


def reason_code(reason: str | None) -> str:
    """The check a reason of :func:`insufficiency` names (one of :data:`REASONS`, or ``""``)."""
    code = (reason or "").split(":", 1)[0].strip()
    return code if code in REASONS else ""


def insufficiency(text: str | None) -> str | None:
    """Why ``text`` cannot support a prediction, or ``None`` when it can.

    The answer is an English reason naming the failed check, so that the caller can show it. Headers
    (court, case number, prosecutor) and sentences that only introduce the parties ("被告人张某，男，
    1980年1月1日出生，汉族，…因涉嫌盗窃罪被刑事拘留") are set aside before the checks.
    """
    if text is None or not text.strip():
        return REASON_EMPTY
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0 or cjk / max(1, cjk + latin) < MIN_CJK_RATIO:
        return REASON_NOT_CHINESE
    remainder = _without_party_details(_HEADER_PARTS.sub("", text))
    if len(_CJK.findall(remainder)) < MIN_CJK_CHARS:
        return f"{REASON_TOO_LITTLE}: no fact description beyond a header and the parties' details"
    if not _EVENT_MARKERS.search(remainder):
        return f"{REASON_NO_FACTS}: the text names no act, actor, time or quantity"
    return None


def _is_party_sentence(sentence: str) -> bool:
    """Whether a sentence only introduces people: roles and names, personal details, custody, counsel.

    A clause that is only a role and a name ("被告人张某") counts when another clause of the sentence is
    a personal detail: "被告人李四盗窃" alone is a fact.
    """
    detail = False
    for raw in _CLAUSES.findall(sentence):
        clause = raw.strip(" \t“”\"'")
        if not _CJK.search(clause):
            continue
        if _PARTY_DETAIL.fullmatch(clause) or _CUSTODY.fullmatch(clause) or _PROSECUTION.fullmatch(clause):
            detail = True
        elif not _ROLE_AND_NAME.fullmatch(clause):
            return False
    return detail


def _without_party_details(text: str) -> str:
    """``text`` without the sentences that only introduce the parties (当事人基本情况)."""
    return "。".join(s for s in _SENTENCES.findall(text) if not _is_party_sentence(s))
