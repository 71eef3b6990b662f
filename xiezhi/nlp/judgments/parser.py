"""``parse_judgment``: read the structure of one Chinese judgment, ruling or mediation statement.

One pass over the lines, regular expressions only (no word segmentation): the header (court, title,
case number), the parties section, the tail (bench, date, clerk), then the operative part between
them, the statutes cited in the reasoning before it, and for criminal judgments each defendant's
sentence. Whatever cannot be read is named in ``problems``; nothing is filled in by guessing.
"""

from __future__ import annotations

import re

from xiezhi.nlp.case_numbers import type_code_info
from xiezhi.nlp.citations import find_citations

from .header import read_header
from .operative import find_operative, read_outcome, read_sentences
from .parties import read_parties
from .tail import read_tail
from .text import Line, compact, lines
from .types import ParsedJudgment, Party, Sentence, Statute, TextField

__all__ = ["PARSER_VERSION", "parse_judgment"]

#: Stored with every parsed judgment; raise it when the parser reads documents differently.
PARSER_VERSION = "1"

_REASONING = re.compile(r"本\s*院\s*认\s*为")
_CIVIL_CAUSE = re.compile(
    r"((?:[\u4e00-\u9fff、，]|（[^（）]{1,20}）){2,60}?(?:纠纷|争议|之诉))(?:上诉|再审|申请|执行)?一?案"
)
_LEADING = re.compile(r"^(?:（[^（）]*）|[、，的])+")
_CRIMINAL_CAUSE = re.compile(r"犯([^，。；：（）]{1,30}?罪)(?=[，。；、：）判免并一案]|$)")
_PROCEDURES = (
    ("ordinary", re.compile(r"(?:转为|转换为|转入|适用)普通程序")),
    ("small_claims", re.compile(r"小额诉讼程序")),
    ("fast_track", re.compile(r"速裁程序")),
    ("summary", re.compile(r"简易程序")),
)
_COLLEGIAL = re.compile(r"组成合议庭")
_SOLE = re.compile(r"独任审(?:判|理)")
_ACCUSED_ROLES = frozenset({"accused", "convict"})
_NARRATIVE_WINDOW = 2500


def parse_judgment(text: str) -> ParsedJudgment:
    """Parse a judgment's header, parties, bench, date, statutes, operative part and sentences.

    ``text`` is the whole document as plain text (any spacing; half- or full-width punctuation).
    Every value carries its span in ``text``. What could not be read is listed in
    ``ParsedJudgment.problems`` — a missing court or case number included — and the field is left
    empty: callers decide what a problem means for them (the judgment import refuses a judgment
    without a case number or court, and stores the other problems with it).
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_judgment expects a str, got {type(text).__name__}")
    all_lines = lines(text)
    if not all_lines:
        return _empty(text)
    problems: list[str] = []
    header = read_header(all_lines)
    problems += header.problems
    section = read_parties(all_lines, header.body_line)
    problems += section.problems
    body_start = _line_start(all_lines, section.end_line, len(text))
    tail = read_tail(all_lines, section.end_line)
    tail_start = _line_start(all_lines, tail.start_line, len(text))
    document = header.document
    kind = document.kind if document else None
    operative = find_operative(text, body_start, tail_start, mediation=kind == "mediation")
    if operative is None:
        problems.append("operative part: no 判决如下/裁定如下 (or 达成如下协议) before the signatures")
    statutes = _statutes(text, body_start, operative.start if operative else tail_start)
    outcome = read_outcome(operative, kind) if operative else None
    if operative is not None and outcome is None:
        problems.append("outcome: the operative part says nothing this parser recognises")
    case_type = _case_type(header)
    sentences: list[Sentence] = []
    if operative is not None and case_type == "criminal":
        defendants = [p.name for p in section.parties if _is_accused(p)]
        sentences, sentence_problems = read_sentences(operative, defendants)
        problems += sentence_problems
        if kind == "judgment" and outcome is not None and outcome.key == "convicted":
            named = {s.defendant for s in sentences}
            for name in defendants:
                if name not in named and _first_instance(header):
                    problems.append(f"sentence: none found for defendant {name}")
    problems += tail.problems
    return ParsedJudgment(
        length=len(text),
        court=header.court,
        document=document,
        case_number=header.case_number,
        parties=section.parties,
        representatives=section.representatives,
        panel=tuple(tail.panel),
        clerks=tuple(tail.clerks),
        decision_date=tail.date,
        statutes=statutes,
        operative=operative.field if operative else None,
        outcome=outcome,
        final=bool(operative and operative.final) or kind == "mediation",
        sentences=tuple(sentences),
        cause=_cause(text, body_start, case_type, section.parties, sentences),
        procedure=_procedure(text, body_start, tail_start),
        collegial=_collegial(text, body_start, tail_start, tail.panel),
        problems=tuple(problems),
    )


def _empty(text: str) -> ParsedJudgment:
    return ParsedJudgment(
        length=len(text), court=None, document=None, case_number=None, parties=(), representatives=(),
        panel=(), clerks=(), decision_date=None, statutes=(), operative=None, outcome=None, final=False,
        sentences=(), cause=None, procedure=None, collegial=None, problems=("the text is empty",),
    )  # fmt: skip


def _line_start(all_lines: list[Line], index: int | None, default: int) -> int:
    if index is None or index >= len(all_lines):
        return default
    return all_lines[index].start


def _case_type(header) -> str | None:  # type: ignore[no-untyped-def]
    ref = header.case_number
    if ref is not None and ref.type_code:
        return type_code_info(ref.type_code).case_type
    return header.document.case_type if header.document else None


def _first_instance(header) -> bool:  # type: ignore[no-untyped-def]
    ref = header.case_number
    return ref is None or ref.type_code in (None, "刑初")


def _is_accused(party: Party) -> bool:
    return party.role in _ACCUSED_ROLES or party.original_role == "accused"


def _statutes(text: str, body_start: int, end: int) -> tuple[Statute, ...]:
    """Citations in the reasoning (from the last 本院认为 to the operative part)."""
    start = body_start
    for match in _REASONING.finditer(text, body_start, end):
        start = match.start()
    found = find_citations(text[start:end])
    return tuple(
        Statute(c.law, c.article, c.text, start + c.start, start + c.end) for c in found if c.law is not None
    )


def _cause(
    text: str, body_start: int, case_type: str | None, parties: tuple[Party, ...], sentences: list[Sentence]
) -> TextField | None:
    """The cause of action (…纠纷一案) or, for a criminal case, the first charge (犯…罪)."""
    if case_type == "criminal":
        for sentence in sentences:
            if sentence.charges:
                return TextField(sentence.charges[0], sentence.start, sentence.end)
        view = compact(text, body_start, min(len(text), body_start + _NARRATIVE_WINDOW))
        match = _CRIMINAL_CAUSE.search(view.text)
        if match is None:
            return None
        start, end = view.span(match.start(1), match.end(1))
        return TextField(match.group(1), start, end)
    view = compact(text, body_start, min(len(text), body_start + _NARRATIVE_WINDOW))
    match = _CIVIL_CAUSE.search(view.text)
    if match is None:
        return None
    phrase, offset = match.group(1), match.start(1)
    # The phrase runs on from the parties' names (原告X与被告Y民间借贷纠纷): cut after the last name.
    cut = 0
    for party in parties:
        name = party.name.replace(" ", "")
        if name and (at := phrase.rfind(name)) != -1:
            cut = max(cut, at + len(name))
    cause = _LEADING.sub("", phrase[cut:])
    if not 2 <= len(cause) <= 30 or cut == 0:
        return None
    start, end = view.span(offset + len(phrase) - len(cause), offset + len(phrase))
    return TextField(cause, start, end)


def _procedure(text: str, body_start: int, tail_start: int) -> TextField | None:
    window = text[body_start : min(tail_start, body_start + _NARRATIVE_WINDOW)]
    for key, pattern in _PROCEDURES:
        match = pattern.search(window)
        if match is not None:
            return TextField(key, body_start + match.start(), body_start + match.end())
    return None


def _collegial(text: str, body_start: int, tail_start: int, panel: list) -> bool | None:  # type: ignore[type-arg]
    window = text[body_start : min(tail_start, body_start + _NARRATIVE_WINDOW)]
    if _COLLEGIAL.search(window):
        return True
    if _SOLE.search(window):
        return False
    if panel:
        return len(panel) >= 3 or any(member.role == "presiding" for member in panel)
    return None
