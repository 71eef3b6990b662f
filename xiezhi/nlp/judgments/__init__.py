"""Reading Chinese judgments (裁判文书): header, parties, bench, date, statutes, outcome, sentences.

Framework-free: no Django, no database. One call::

    from xiezhi.nlp.judgments import parse_judgment

    parsed = parse_judgment(text)
    parsed.court.value                  # 北京市朝阳区人民法院
    parsed.document.title, parsed.document.kind     # 刑事判决书, judgment
    str(parsed.case_number.number)      # （2019）京0105刑初1234号
    [(p.role, p.name) for p in parsed.parties]
    parsed.decision_date.value          # date(2019, 5, 20)
    [(s.defendant, s.penalty, s.months) for s in parsed.sentences]
    parsed.problems                     # what could not be read, e.g. ("clerk: no 书记员 line in the tail",)

Every value carries its character span in ``text``. The parser reads by regular expressions over
lines (no word segmentation), so it parses thousands of documents a second; ``problems`` names every
part it could not read instead of guessing (a missing case number or court included).
"""

from .header import DOCUMENT_KINDS, read_case_number
from .operative import OUTCOMES, PENALTIES
from .parser import PARSER_VERSION, parse_judgment
from .parties import ROLES
from .tail import OFFICER_ROLES
from .text import chinese_date, duration_months
from .types import (
    CaseNumberRef,
    DateField,
    DocumentType,
    Officer,
    Outcome,
    ParsedJudgment,
    Party,
    Representative,
    Sentence,
    Statute,
    TextField,
)

__all__ = [
    "DOCUMENT_KINDS",
    "OFFICER_ROLES",
    "OUTCOMES",
    "PARSER_VERSION",
    "PENALTIES",
    "ROLES",
    "CaseNumberRef",
    "DateField",
    "DocumentType",
    "Officer",
    "Outcome",
    "ParsedJudgment",
    "Party",
    "Representative",
    "Sentence",
    "Statute",
    "TextField",
    "chinese_date",
    "duration_months",
    "parse_judgment",
    "read_case_number",
]
