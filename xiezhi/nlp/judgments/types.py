"""Values produced by the judgment parser: frozen dataclasses, every one with its character span.

``start``/``end`` always index the text given to :func:`~xiezhi.nlp.judgments.parse_judgment`
(``text[start:end]`` is where the value was read, spaces and all); ``value``/``name`` fields hold the
cleaned value (spaces inside Chinese names removed, half-width punctuation made full-width).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from xiezhi.nlp.case_numbers import CaseNumber
from xiezhi.nlp.citations import ArticleRef

__all__ = [
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
]


@dataclass(frozen=True, slots=True)
class TextField:
    """A piece of text found in the document: its cleaned ``value`` and where it was read."""

    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateField:
    """A date written in the document (二〇二四年三月五日 or 2024年3月5日)."""

    value: date
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DocumentType:
    """The document's title (文书名称), e.g. 刑事附带民事判决书.

    ``kind`` is judgment (判决书), ruling (裁定书), mediation (调解书), decision (决定书), payment_order
    (支付令) or notice (通知书). ``case_type`` is criminal, civil, administrative, state_compensation or
    enforcement, read from the title's prefix (``None`` when the title has none, e.g. a bare 判决书).
    """

    title: str
    kind: str
    case_type: str | None
    incidental_civil: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CaseNumberRef:
    """The document's case number (案号) as written in its header.

    ``text`` is the number without spaces and with full-width parentheses; ``suffix`` is a trailing
    之一/之二 (several documents of one case), kept out of ``text``. For a current-format number
    ``number`` is the validated :class:`~xiezhi.nlp.case_numbers.CaseNumber` and the parts repeat its
    values. A pre-2016 number (``legacy``: （2014）玄刑初字第233号) is never normalised: ``court_code`` is
    then the free-form court abbreviation as written (玄), ``legacy_type`` the type as written (刑初,
    商终 …) and ``type_code`` its current equivalent (刑初, 民终 …) or ``None``. ``error`` says why a
    number that looks like a case number could not be read; the parts are then ``None``.
    """

    raw: str
    text: str
    number: CaseNumber | None
    legacy: bool
    year: int | None
    court_code: str | None
    type_code: str | None
    sequence: int | None
    special: str
    suffix: str
    legacy_type: str
    error: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Party:
    """A party (当事人) as listed in the header.

    ``role`` is the role in this proceeding (accused, plaintiff, appellant, original_defendant …, see
    :data:`~xiezhi.nlp.judgments.ROLES`); ``role_label`` the label as written, with its parenthesis
    (上诉人（原审被告人）); ``original_role`` the role at the earlier instance when the label says it
    (原审被告人 → accused). ``kind`` is natural (自然人), legal (法人: companies, agencies, banks …) or
    other (其他组织: branches, sole traders, partnerships); ``legal_representative`` the name given as
    法定代表人/负责人/经营者 of an organisation. Sex is ``"M"``/``"F"``/``""``.
    """

    role: str
    role_label: str
    original_role: str | None
    name: str
    kind: str
    sex: str
    birth_date: date | None
    ethnicity: str
    legal_representative: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Representative:
    """Someone acting for one or more parties: defender, lawyer, other agent, guardian, official.

    ``kind`` is defender (辩护人), lawyer (委托诉讼代理人 who is a practising lawyer), agent (any other
    委托/指定代理人), guardian (法定代理人) or official (行政机关出庭负责人). ``parties`` are indexes into
    :attr:`ParsedJudgment.parties`: the party listed just before, or every party a joint label names
    (二上诉人共同委托诉讼代理人 …). ``appointed`` marks a defender assigned by the court (指定辩护人,
    法律援助).
    """

    kind: str
    role_label: str
    name: str
    law_firm: str
    parties: tuple[int, ...]
    appointed: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Officer:
    """A member of the bench or its staff named in the tail.

    Panel roles: presiding (审判长), judge (审判员), acting_judge (代理审判员), assessor (人民陪审员),
    enforcement_officer (执行员). Clerks: clerk (书记员), judge_assistant (法官助理).
    """

    role: str
    role_label: str
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Statute:
    """A statute article cited as the basis of the decision (依照《…》第…条之规定)."""

    law: str
    article: ArticleRef
    text: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return f"{self.law}{self.article.label}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the operative part decides, as one key (convicted, appeal_dismissed, withdrawal …).

    ``phrase`` is the wording the key was read from; see :data:`~xiezhi.nlp.judgments.OUTCOMES`.
    """

    key: str
    phrase: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One defendant's sentence in a criminal judgment (the executed penalty after 决定执行).

    ``penalty`` is fixed_term (有期徒刑), detention (拘役), control (管制), life (无期徒刑), death (死刑),
    death_suspended (死刑，缓期二年执行), fine_only (单处罚金), exempt (免予刑事处罚) or acquitted (无罪).
    ``months`` is the term for fixed_term, detention and control; ``probation_months`` the probation
    (缓刑) period; ``fine_yuan`` the fine (罚金) in yuan; ``additional`` the accessory penalties as
    written (剥夺政治权利三年, 没收个人全部财产, 驱逐出境 …).
    """

    defendant: str
    charges: tuple[str, ...]
    penalty: str
    months: int | None
    probation_months: int | None
    fine_yuan: int | None
    additional: tuple[str, ...]
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ParsedJudgment:
    """Everything the parser read from one judgment; ``problems`` says what it could not read.

    A field that could not be read is ``None`` (or empty) and has a line in ``problems``: the parser
    never fills a gap with a guess. ``final`` is true when the document states it is final (本判决为
    终审判决, 本裁定送达后即发生法律效力 …) or is a mediation statement. ``procedure`` is the
    procedure the text names (ordinary, summary, small_claims, fast_track), ``collegial`` whether it
    was heard by a collegial panel (合议庭) as the text or the tail shows, ``None`` if neither says.
    """

    length: int
    court: TextField | None
    document: DocumentType | None
    case_number: CaseNumberRef | None
    parties: tuple[Party, ...]
    representatives: tuple[Representative, ...]
    panel: tuple[Officer, ...]
    clerks: tuple[Officer, ...]
    decision_date: DateField | None
    statutes: tuple[Statute, ...]
    operative: TextField | None
    outcome: Outcome | None
    final: bool
    sentences: tuple[Sentence, ...]
    cause: TextField | None
    procedure: TextField | None
    collegial: bool | None
    problems: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values (dates as ISO strings, the operative part as its span only)."""
        return _jsonable(
            {
                "length": self.length,
                "court": self.court,
                "document": self.document,
                "case_number": _case_number_dict(self.case_number),
                "parties": self.parties,
                "representatives": self.representatives,
                "panel": self.panel,
                "clerks": self.clerks,
                "decision_date": self.decision_date,
                "statutes": [
                    {"law": s.law, "article": s.article.label, "text": s.text, "start": s.start, "end": s.end}
                    for s in self.statutes
                ],
                "operative": (
                    {"start": self.operative.start, "end": self.operative.end} if self.operative else None
                ),
                "outcome": self.outcome,
                "final": self.final,
                "sentences": self.sentences,
                "cause": self.cause,
                "procedure": self.procedure,
                "collegial": self.collegial,
                "problems": list(self.problems),
            }
        )


def _case_number_dict(ref: CaseNumberRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    data = {name: _jsonable(getattr(ref, name)) for name in ref.__dataclass_fields__ if name != "number"}
    data["canonical"] = str(ref.number) if ref.number else None
    return data


def _jsonable(value: Any) -> Any:
    # Hand-rolled rather than dataclasses.asdict: the import converts every judgment it stores, and
    # asdict's deep copies cost more than the parse itself.
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: _jsonable(getattr(value, name)) for name in fields}
    return str(value)
