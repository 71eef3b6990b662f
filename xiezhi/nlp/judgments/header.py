"""The header of a judgment: court, document title and case number.

Only the first lines are read (up to the case number, at most :data:`HEADER_LINES` lines): a case
number or court named further down belongs to another proceeding (the first-instance judgment, the
judgment being enforced) and must never be taken for the document's own.
"""

from __future__ import annotations

import re

from xiezhi.nlp.case_numbers import CaseNumberError, is_legacy_case_number, parse_case_number, type_code_info

from .text import Line
from .types import CaseNumberRef, DocumentType, TextField

__all__ = ["DOCUMENT_KINDS", "HEADER_LINES", "Header", "read_case_number", "read_header"]

HEADER_LINES = 8

#: Title ending → kind of document.
DOCUMENT_KINDS: dict[str, str] = {
    "判决书": "judgment",
    "裁定书": "ruling",
    "调解书": "mediation",
    "决定书": "decision",
    "支付令": "payment_order",
    "通知书": "notice",
}
#: Title prefix → case type.
_TITLE_CASE_TYPES: dict[str, str] = {
    "刑事附带民事": "criminal",
    "刑事": "criminal",
    "民事": "civil",
    "行政赔偿": "state_compensation",
    "国家赔偿": "state_compensation",
    "司法赔偿": "state_compensation",
    "行政": "administrative",
    "执行": "enforcement",
}
_TITLE = re.compile(
    "(?P<prefix>" + "|".join(sorted(_TITLE_CASE_TYPES, key=len, reverse=True)) + ")?"
    "(?P<kind>" + "|".join(DOCUMENT_KINDS) + ")"
)
_COURT = re.compile(r"^(?:中华人民共和国)?(?P<court>[\u4e00-\u9fff（）]{2,40}?法院)")
_CASE_NO = re.compile(
    r"（(?P<year>\d{4})）(?P<body>[^（）。，；：]{1,30}?号)(?P<suffix>之[一二三四五六七八九十\d]+)?"
)
_LEGACY_BODY = re.compile(
    r"(?P<court>.*?)(?P<type>[刑民商行执赔知海破][初终再申监抗更他特催督撤复异恢保]?)字第(?P<seq>\d+)号"
)
_LEGACY_FIRST = {
    "刑": "刑",
    "民": "民",
    "商": "民",
    "知": "民",
    "海": "民",
    "行": "行",
    "执": "执",
    "赔": "委赔",
}

# Which case types a title may carry for a type code's case type (a civil-law ruling of a bankruptcy
# or preservation case is titled 民事裁定书).
_COMPATIBLE: dict[str, frozenset[str]] = {
    "criminal": frozenset({"criminal"}),
    "civil": frozenset(
        {"civil", "enforcement", "preservation", "bankruptcy", "liquidation", "special_procedure"}
    ),
    "administrative": frozenset({"administrative", "state_compensation"}),
    "state_compensation": frozenset({"state_compensation"}),
    "enforcement": frozenset({"enforcement", "preservation"}),
}


class Header:
    """What the header yields, with the index of the first line after it."""

    __slots__ = ("body_line", "case_number", "court", "document", "problems")

    def __init__(self) -> None:
        self.court: TextField | None = None
        self.document: DocumentType | None = None
        self.case_number: CaseNumberRef | None = None
        self.body_line = 0
        self.problems: list[str] = []


def read_header(all_lines: list[Line]) -> Header:
    """Court, title and case number from the first lines; ``body_line`` indexes the line after them."""
    header = Header()
    head = all_lines[:HEADER_LINES]
    titles: list[tuple[DocumentType, bool]] = []
    last_used = -1
    for index, line in enumerate(head):
        text = line.text
        used = False
        if header.court is None:
            court = _COURT.match(text)
            if court is not None and not _looks_like_sentence(text, court.end()):
                start, end = line.compact.span(court.start("court"), court.end("court"))
                header.court = TextField(court["court"], start, end)
                used = True
        title = _TITLE.search(text)
        if title is not None and len(text) - title.end() <= 1:
            # A line that is only the title (民事判决书), or the court and the title.
            standalone = title.start() == 0 or (used and header.court is not None)
            titles.append((_document(line, title), standalone))
            used = True
        number = _CASE_NO.search(text)
        if number is not None:
            header.case_number = _case_number(line, number)
            last_used = index
            break
        if used:
            last_used = index
    header.body_line = last_used + 1
    # The title line proper (民事判决书) wins over a long descriptive title line above the court
    # (屈海峰、边红梅民间借贷纠纷二审民事判决书); either gives the same kind of document.
    header.document = next((t for t, alone in titles if alone), titles[0][0] if titles else None)
    if header.court is None:
        header.problems.append("court: no court name (…法院) in the header")
    if header.document is None:
        header.problems.append("document type: no title such as 民事判决书 or 刑事裁定书 in the header")
    elif header.document.case_type is None:
        header.problems.append(f"document type: the title {header.document.title} does not name a case type")
    if header.case_number is None:
        header.problems.append("case number: none in the header")
    elif header.case_number.error:
        header.problems.append(f"case number {header.case_number.text}: {header.case_number.error}")
    _check_consistency(header)
    return header


def _looks_like_sentence(text: str, end: int) -> bool:
    # A narrative line opening with a court name ("北京市朝阳区人民法院于…") is not the header.
    return len(text) - end > 14 and not _TITLE.match(text, end)


def _document(line: Line, match: re.Match[str]) -> DocumentType:
    prefix = match["prefix"] or ""
    start, end = line.compact.span(match.start(), match.end())
    return DocumentType(
        title=prefix + match["kind"],
        kind=DOCUMENT_KINDS[match["kind"]],
        case_type=_TITLE_CASE_TYPES.get(prefix),
        incidental_civil=prefix == "刑事附带民事",
        start=start,
        end=end,
    )


def _case_number(line: Line, match: re.Match[str]) -> CaseNumberRef:
    start, end = line.compact.span(match.start(), match.end())
    raw = line.source[start:end]
    suffix = match["suffix"] or ""
    text = match.group()[: len(match.group()) - len(suffix)]
    common = {"raw": raw, "text": text, "suffix": suffix, "start": start, "end": end}
    if is_legacy_case_number(text):
        return _legacy(text, match["year"], common)
    try:
        number = parse_case_number(text)
    except CaseNumberError as exc:
        return CaseNumberRef(
            number=None, legacy=False, year=None, court_code=None, type_code=None, sequence=None,
            special="", legacy_type="", error=str(exc), **common,
        )  # fmt: skip
    return CaseNumberRef(
        number=number, legacy=False, year=number.year, court_code=number.court_code,
        type_code=number.type_code, sequence=number.sequence, special=number.special, legacy_type="",
        error=None, **common,
    )  # fmt: skip


def _legacy(text: str, year: str, common: dict) -> CaseNumberRef:
    body = text[6:]  # after （YYYY）
    match = _LEGACY_BODY.fullmatch(body)
    if match is None:
        return CaseNumberRef(
            number=None, legacy=True, year=int(year), court_code=None, type_code=None, sequence=None,
            special="", legacy_type="", error="legacy case number whose type cannot be read", **common,
        )  # fmt: skip
    written = match["type"]
    modern = _LEGACY_FIRST.get(written[0], "") + written[1:]
    try:
        type_code_info(modern)
    except CaseNumberError:
        modern = ""
    return CaseNumberRef(
        number=None, legacy=True, year=int(year), court_code=match["court"] or None,
        type_code=modern or None, sequence=int(match["seq"]), special="", legacy_type=written, error=None,
        **common,
    )  # fmt: skip


def _check_consistency(header: Header) -> None:
    ref, document = header.case_number, header.document
    if ref is None or document is None or document.case_type is None or ref.type_code is None:
        return
    case_type = type_code_info(ref.type_code).case_type
    if case_type not in _COMPATIBLE.get(document.case_type, frozenset()):
        header.problems.append(
            f"document type: {document.title} does not fit case number type {ref.type_code} ({case_type})"
        )


def read_case_number(text: str) -> CaseNumberRef | None:
    """Read a case number written on its own (from metadata, a form): ``None`` if there is none.

    Spacing and half-width parentheses are tolerated as in a document's header; the result is the
    same :class:`CaseNumberRef` the parser gives (``error`` set when it cannot be validated).
    """
    line = Line(text, 0, len(text))
    match = _CASE_NO.search(line.text)
    return _case_number(line, match) if match is not None else None
