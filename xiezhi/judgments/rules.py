"""Pure rules of judgment drafting: the document templates and the approval table.

No Django import: the services, the policy, the API and the tests read these tables.

* :data:`TEMPLATES` — one row per kind of document Xiezhi drafts (case types it serves, the title,
  the narrative sections the judge edits with their default lead phrases, the operative lead, and
  whether and how the decision can be appealed).
* :data:`APPROVAL_STEPS` — who signs a draft off before it becomes final, and when a step applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = [
    "APPROVAL_STEPS",
    "PLACEHOLDER",
    "TEMPLATES",
    "ApprovalStep",
    "Section",
    "Template",
    "chinese_date",
    "chinese_number",
    "required_steps",
    "template",
    "templates_for",
    "title_for",
]

#: Marks a part the judge still has to write; a draft containing it cannot be submitted.
PLACEHOLDER = "【待填写】"


@dataclass(frozen=True)
class Section:
    """A narrative part of the document that the judge edits (the rest is filled from the case)."""

    key: str
    label_zh: str
    label_en: str
    required: bool = True


@dataclass(frozen=True)
class Template:
    """One kind of drafted document (文书样式)."""

    key: str
    label_zh: str
    label_en: str
    case_types: tuple[str, ...]
    document_kind: str  # a JudgmentKind value
    title: str  # the part after the case-type prefix: 判决书, 裁定书, 调解书
    sections: tuple[Section, ...]
    operative_lead: str  # joined to the statutes sentence: "判决如下："
    decision: str | None  # "judgment" / "ruling": the appeal window that applies; None: not appealable
    outcome: str  # the case outcome (cases.rules.OUTCOMES) when the case is closed by this document
    closing: str = ""  # a fixed sentence after the operative part (mediation statements)


_PROCEDURAL = Section("procedural_history", "诉讼经过", "Procedural history")
_FACTS = Section("facts", "经审理查明", "Facts found")
_REASONING = Section("reasoning", "本院认为", "Reasoning")
_STATUTES = Section("statutes", "法律依据", "Statutes applied")
_OPERATIVE = Section("operative", "裁判主文", "Operative part")

TEMPLATES: tuple[Template, ...] = (
    Template(
        "criminal_judgment", "刑事一审判决书", "Criminal judgment (first instance)", ("criminal",),
        "judgment", "判决书",
        (_PROCEDURAL, Section("charge", "公诉机关指控", "The charge"),
         Section("defence", "被告人辩解及辩护意见", "Defence"), _FACTS, _REASONING, _STATUTES, _OPERATIVE),
        "判决如下：", "judgment", "judgment",
    ),
    Template(
        "civil_judgment", "一审判决书", "Judgment (first instance)", ("civil", "administrative"),
        "judgment", "判决书",
        (_PROCEDURAL, Section("claims", "诉讼请求", "Claims"), Section("defence", "被告辩称", "Defence"),
         _FACTS, _REASONING, _STATUTES, _OPERATIVE),
        "判决如下：", "judgment", "judgment",
    ),
    Template(
        "ruling_not_to_accept", "不予受理裁定书", "Ruling not to accept the action",
        ("civil", "administrative"),
        "ruling", "裁定书",
        (_PROCEDURAL, Section("claims", "起诉请求", "Claims"), _REASONING, _STATUTES, _OPERATIVE),
        "裁定如下：", "ruling", "ruling",
    ),
    Template(
        "civil_mediation", "民事调解书", "Mediation statement", ("civil",),
        "mediation", "调解书",
        (_PROCEDURAL, Section("claims", "诉讼请求及事实", "Claims and facts"),
         Section("operative", "调解协议", "The agreement")),
        "经本院主持调解，当事人自愿达成如下协议：", None, "mediation",
        # CPL Art. 100-101: a mediation statement takes effect once every party has signed for it.
        "上述协议，不违反法律规定，本院予以确认。\n本调解书经双方当事人签收后，即具有法律效力。",
    ),
)  # fmt: skip

_BY_KEY = {t.key: t for t in TEMPLATES}

_TYPE_PREFIX = {"criminal": "刑事", "civil": "民事", "administrative": "行政", "special_procedure": "民事"}


def template(key: str) -> Template:
    """The template ``key``; ``KeyError`` names it when there is none."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"no judgment template {key!r}; known: {', '.join(_BY_KEY)}") from None


def templates_for(case_type: str) -> list[Template]:
    """The templates a case of this type can be decided with."""
    return [t for t in TEMPLATES if case_type in t.case_types]


def title_for(tpl: Template, case_type: str) -> str:
    """The document title: 民事判决书, 刑事判决书, 行政裁定书 …"""
    return _TYPE_PREFIX.get(case_type, "") + tpl.title


# --- approval (审核签发) -------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalStep:
    """One sign-off. ``relations`` are relations to the case (see ``xiezhi.policy.case_relations``)
    that may give it; ``when`` names the condition under which the step is required."""

    key: str
    label_zh: str
    label_en: str
    relations: frozenset[str]
    when: str  # "always" | "collegial_or_major"


#: The approval table, in order. The judge in charge (for a panel: the presiding judge) signs every
#: document; a case heard by a collegial panel or flagged as major (重大、疑难、复杂) also goes to the
#: head of the division (庭长审核签发), following the SPC's rules on the responsibility system of
#: judges (法发〔2015〕13号, Art. 21 ff.: the division head supervises such cases).
#:
#: A criminal case flagged major goes on to the judicial committee (审判委员会): the panel asks the
#: president to refer a difficult, complex or major case to the committee (CrimPL Art. 185; CrimPL
#: Interp. Art. 216 ¶3), and the committee's decision binds the panel. In Xiezhi the president holds
#: that step (the president presides over the committee): approving records the committee's decision
#: to adopt the draft; returning it — with the reason: referral refused, or the committee decided
#: otherwise — sends it back to the judge. Cases the committee must discuss under Interp.
#: Art. 216 ¶2 (death sentences in intermediate and high courts, retrials of the court's own effective
#: decisions, protests under trial supervision) are flagged major by the judge.
APPROVAL_STEPS: tuple[ApprovalStep, ...] = (
    ApprovalStep("sign", "承办法官签发", "Signed by the judge", frozenset({"judge_in_charge", "presiding"}),
                 "always"),
    ApprovalStep("division_head", "庭长审核", "Approved by the division head", frozenset({"division_head"}),
                 "collegial_or_major"),
    ApprovalStep("committee", "审判委员会讨论决定", "Decided by the judicial committee",
                 frozenset({"president"}), "criminal_major"),
)  # fmt: skip

STEP_BY_KEY = {s.key: s for s in APPROVAL_STEPS}


def required_steps(*, collegial: bool, major: bool, case_type: str = "") -> list[ApprovalStep]:
    """The steps a draft of such a case needs, in order."""
    conditions = {
        "always": True,
        "collegial_or_major": collegial or major,
        "criminal_major": major and case_type == "criminal",
    }
    return [s for s in APPROVAL_STEPS if conditions[s.when]]


# --- Chinese numerals for dates and windows ---------------------------------------------------------

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals as judgments write counts of days: 五, 十, 十五, 二十一."""
    if not 0 < n < 100:
        raise ValueError(f"only 1..99 are written this way, got {n}")
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[ones] if ones else "")


def chinese_date(day: date) -> str:
    """The date as judgments write it: 二〇二五年十月九日."""
    year = "".join(_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"
