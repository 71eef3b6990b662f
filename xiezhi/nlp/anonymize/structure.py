"""Document structure: title, case number, parties section, document type, cause, decision date.

Only as much structure as the policy needs. A document where none of it is found is still
redacted (names and identifiers are looked for everywhere) but flagged for manual review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import lexicon
from .patterns import HAN
from .roles import PARTY_LINE_RE
from .view import is_han

# （2019）京0105刑初123号, (2022)浙0106民初3318号, （2023）豫0105执12045号之一
CASE_NO_RE = re.compile(
    r"[（(〔\[]\s*(?:19|20)\d{2}\s*[）)〕\]]\s*" + HAN + r"{1,3}\s*\d{0,6}\s*" + HAN + r"{1,6}\s*\d{1,7}\s*号"
    r"(?:之[一二三四五六七八九十\d]+)?"
)
# 京朝检刑诉〔2019〕1021号, 法释〔2016〕19号, 吴劳人仲案字〔2020〕第312号: document numbers, never masked.
# Matched from the bracketed year, then extended to the left over the issuing prefix (the regex
# engine has no fast way to start a match with "1 to 14 Han characters").
DOC_NO_TAIL_RE = re.compile(
    r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*" + HAN + r"{0,6}\s*第?\s*\d{1,7}\s*号"
)


def _doc_numbers(text: str) -> list[tuple[int, int]]:
    out = []
    for m in DOC_NO_TAIL_RE.finditer(text):
        i = m.start()
        j = i
        while j > 0 and i - j < 14 and is_han(text[j - 1]):
            j -= 1
        if j < i:
            out.append((j, m.end()))
    return out


TITLE_RE = re.compile(
    r"(?:刑事|民事|行政|执行|国家赔偿|赔偿)?(?:附带民事)?\s*(?:判\s*决\s*书|裁\s*定\s*书|决\s*定\s*书|调\s*解\s*书|"
    r"支\s*付\s*令|通\s*知\s*书)"
)
_CN_DIGIT = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_DATE_RE = re.compile(
    r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
AR_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CERT_RE = re.compile(r"不动产|产权|房权|权证|土地证|所有权")
_PROC_RE = re.compile(
    r"一案|本院|提起公诉|起诉书|不服|立案|审理终结|向本院|诉称|辩称|述称|请求|提出|认为|上诉称"
)


def _cn_number(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGIT.get(s[1], 0)
    if "十" in s:
        a, _, b = s.partition("十")
        return _CN_DIGIT.get(a, 0) * 10 + (_CN_DIGIT.get(b, 0) if b else 0)
    return _CN_DIGIT.get(s, 0)


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int


@dataclass(slots=True)
class Structure:
    paragraphs: list[Paragraph] = field(default_factory=list)
    title_found: bool = False
    case_numbers: list[tuple[int, int]] = field(default_factory=list)
    doc_numbers: list[tuple[int, int]] = field(default_factory=list)
    parties: list[Paragraph] = field(default_factory=list)
    doc_type: str = "unknown"  # criminal | civil | administrative | enforcement | unknown
    cause: str | None = None
    family_case: bool = False
    decision_date: tuple[int, int, int] | None = None

    @property
    def recognised(self) -> bool:
        """Enough structure to trust role cues and the case type."""
        return bool(self.case_numbers) and self.title_found and bool(self.parties)


_SENTENCE_END_RE = re.compile(r"[。；;]")
# What may follow the first sentence of a party paragraph: custody history, detention.
_PARTY_TAIL_RE = re.compile(
    r"^(?:[^。]*(?:羁押|逮捕|拘留|取保候审|监视居住|刑满释放|判处|服刑|出生)[^。]*。)+$"
)
_OPENERS = ("公诉机关", "原公诉机关", "抗诉机关", "执行机关")


def _paragraphs(text: str, case_numbers: list[tuple[int, int]]) -> list[Paragraph]:
    """Lines; within a line, also a break after a sentence that is followed by a party designation
    (and after the case number in the header), because some sources lose their line breaks and
    deliver a whole judgment as one line."""
    cuts = {len(text)}
    for i, ch in enumerate(text):
        if ch == "\n":
            cuts.add(i)
    for m in _SENTENCE_END_RE.finditer(text):
        nxt = text[m.end() : m.end() + 14].lstrip()
        r = PARTY_LINE_RE.search(nxt[:14])
        if (r and r.start() <= 8) or nxt.startswith(_OPENERS):
            cuts.add(m.end())
    if case_numbers and case_numbers[0][0] < 600:
        cuts.add(case_numbers[0][1])
    out: list[Paragraph] = []
    pos = 0
    for cut in sorted(cuts):
        start = pos
        while start < cut and text[start] in "\n\r \t\u3000":
            start += 1
        if cut > start and text[start:cut].strip():
            out.append(Paragraph(start, cut))
        pos = cut + 1 if cut < len(text) and text[cut] == "\n" else cut
    return out


def _doc_type(text: str, head: str, case_no: str | None) -> str:
    if "刑事" in head:
        return "criminal"
    if "行政" in head:
        return "administrative"
    if "执行" in head:
        return "enforcement"
    if "民事" in head:
        return "civil"
    if case_no:
        inner = re.sub(r"[（(〔\[].*?[）)〕\]]", "", case_no)
        kinds = (("刑", "criminal"), ("行", "administrative"), ("执", "enforcement"), ("民", "civil"))
        for ch, kind in kinds:
            if ch in inner:
                return kind
    if re.search(r"被告人|公诉机关|判处|有期徒刑", text):
        return "criminal"
    if re.search(r"原告|被告", text):
        return "civil"
    return "unknown"


def _family_cause(text: str) -> str | None:
    """The cause of action if it is a marriage/family or inheritance dispute (Art. 8(1)).

    Only the cause named in the case sentence or title ("…继承纠纷一案", "…纠纷二审民事判决书") counts;
    a word such as 婚姻 in the facts of a loan case does not.
    """
    words = lexicon().family_causes
    m = re.search(r"纠纷(?:一案|二审|一审|再审|执行|民事|案|$)", text, re.M)
    if not m:
        return None
    window = re.split(r"[。；;\n]", text[max(0, m.start() - 24) : m.start()])[-1]
    if any(w in window for w in words):
        return window + "纠纷"
    return None


def _decision_date(text: str) -> tuple[int, int, int] | None:
    tail = text[-800:]
    found = list(CN_DATE_RE.finditer(tail))
    if found:
        y, mo, d = found[-1].groups()
        year = int("".join(str(_CN_DIGIT[c]) for c in y))
        return year, _cn_number(mo), _cn_number(d)
    found2 = list(AR_DATE_RE.finditer(tail))
    if found2:
        y, mo, d = found2[-1].groups()
        return int(y), int(mo), int(d)
    return None


def analyse(text: str) -> Structure:
    st = Structure()
    # A title certificate number (浙(2018)杭州市不动产权第0156789号) has the shape of a case number
    # but is personal data to delete (Art. 10(1)).
    st.case_numbers = [m.span() for m in CASE_NO_RE.finditer(text) if not _CERT_RE.search(m.group())]
    st.doc_numbers = [(a, b) for a, b in _doc_numbers(text) if not _CERT_RE.search(text[a:b])]
    st.paragraphs = _paragraphs(text, st.case_numbers)
    head_end = 0
    head = ""
    for p in st.paragraphs[:8]:
        line = text[p.start : min(p.end, p.start + 200)]
        tm = TITLE_RE.search(line)
        if tm:
            st.title_found = True
            head += line[: tm.end()]
            head_end = max(head_end, p.start + tm.end())
    first_case = None
    if st.case_numbers:
        cs, ce = st.case_numbers[0]
        if cs < 600:
            first_case = text[cs:ce]
            head_end = max(head_end, ce)
    # Parties section: consecutive paragraphs after the header that open with a party designation.
    started = False
    for p in st.paragraphs:
        if p.end <= head_end:
            continue
        line = text[p.start : p.end].lstrip()
        window = line[:16]
        m = PARTY_LINE_RE.search(window)
        first = line[: line.find("。") + 1] or line  # one sentence: lines may have been lost
        opens = m is not None and (m.start() <= 10) and not _PROC_RE.search(first[m.end() : m.end() + 60])
        if opens or line.startswith(_OPENERS):
            st.parties.append(p)
            started = True
            if _PROC_RE.search(line[len(first) :]) and "\n" not in text[p.start : p.end]:
                # A line-less source: the procedural history is glued to the last party paragraph.
                if not _PARTY_TAIL_RE.search(line[len(first) :]):
                    break
            continue
        if started and (len(line) > 150 or _PROC_RE.search(line)):
            break
        if started and len(line) <= 150:
            # Short continuation lines such as "（以上被告人均羁押于…）" stay in the section.
            continue
        if not started and p.start - head_end > 400:
            break
    st.doc_type = _doc_type(text, head, first_case)
    if st.doc_type in ("civil", "enforcement", "unknown"):
        st.cause = _family_cause(text[:3000])
        st.family_case = st.cause is not None
    st.decision_date = _decision_date(text)
    if st.decision_date is None and first_case:
        y = re.search(r"(?:19|20)\d{2}", first_case)
        if y:
            st.decision_date = (int(y.group()), 7, 1)
    return st
