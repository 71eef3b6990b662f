"""Pure filing rules: what may be filed online, level jurisdiction, refusal grounds (no Django)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = [
    "FILEABLE",
    "LEVEL_THRESHOLDS",
    "REFUSAL_REASONS",
    "JurisdictionAdvice",
    "level_for_claim",
]

#: (case type, procedure) pairs a litigant or lawyer may file online (网上立案): first-instance
#: civil and administrative suits, private criminal prosecutions, enforcement and preservation
#: applications. Appeals are filed through the first-instance court; retrials have their own path.
FILEABLE: frozenset[tuple[str, str]] = frozenset(
    {
        ("civil", "first_instance_ordinary"),
        ("civil", "first_instance_summary"),
        ("civil", "small_claims"),
        ("administrative", "first_instance_ordinary"),
        ("administrative", "first_instance_summary"),
        ("enforcement", "enforcement"),
        ("preservation", "property_preservation"),
    }
)


@dataclass(frozen=True)
class LevelThreshold:
    """First-instance civil cases with a claim of at least ``minimum`` go to an intermediate court.

    SPC notice on adjusting the level jurisdiction of first-instance civil cases (法发〔2021〕27号,
    in force 2021-10-01): intermediate courts hear cases of 50 million yuan or more where a party
    is domiciled in the province, 10 million yuan where not (verify provincial variations).
    """

    valid_from: date
    minimum: Decimal
    source: str


LEVEL_THRESHOLDS: tuple[LevelThreshold, ...] = (
    LevelThreshold(date(2021, 10, 1), Decimal("50000000"), "法发〔2021〕27号 (verify)"),
)


def level_for_claim(amount: Decimal | None, on: date) -> str:
    """The court level that hears a first-instance civil claim of ``amount`` filed ``on``."""
    rule = max((t for t in LEVEL_THRESHOLDS if t.valid_from <= on), key=lambda t: t.valid_from, default=None)
    if rule is None or amount is None or amount < rule.minimum:
        return "basic"
    return "intermediate"


@dataclass(frozen=True)
class JurisdictionAdvice:
    ok: bool
    message: str = ""
    suggested_level: str = ""


#: Refusal grounds (不予受理): code → (Chinese, English, legal ground).
REFUSAL_REASONS: dict[str, tuple[str, str, str]] = {
    "not_civil_matter": ("不属于人民法院受理民事诉讼的范围", "Not a civil matter for the courts", "《民事诉讼法》第一百二十二条、第一百二十七条第（一）项"),
    "no_proper_plaintiff": ("原告与本案没有直接利害关系", "The plaintiff has no direct interest", "《民事诉讼法》第一百二十二条第（一）项"),
    "no_defendant": ("没有明确的被告", "No identified defendant", "《民事诉讼法》第一百二十二条第（二）项"),
    "no_specific_claim": ("没有具体的诉讼请求和事实、理由", "No specific claim, facts and reasons", "《民事诉讼法》第一百二十二条第（三）项"),
    "no_jurisdiction": ("不属于本院管辖", "Not within this court's jurisdiction", "《民事诉讼法》第一百二十二条第（四）项、第一百二十七条"),
    "res_judicata": ("重复起诉", "Already decided (repeated suit)", "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百四十七条"),
    "arbitration_agreement": ("当事人有书面仲裁协议", "The parties agreed to arbitrate", "《民事诉讼法》第一百二十七条第（二）项"),
    "other": ("其他不符合起诉条件的情形", "Other grounds", "《民事诉讼法》第一百二十六条"),
}  # fmt: skip
