"""Litigation-fee engine (诉讼费用) — pure rules, no Django, no other Xiezhi app.

Implements the State Council's *Measures on the Payment of Litigation Costs*
(诉讼费用交纳办法, Decree No. 481, in force 2007-04-01) as summarised in
``/work/shared/domain/fees.md``. "Art." below always means an article of those Measures.

Every number (bands, rates, fixed fees, ranges, caps, halving factors) lives in a
versioned :class:`FeeSchedule` with its effective dates and the article it comes from;
the code only says how the pieces combine. Money is :class:`~decimal.Decimal`
throughout; the result is rounded once, at the end, by a configurable
:class:`RoundingPolicy`.

Typical use::

    >>> from decimal import Decimal
    >>> a = calculate_fee(FeeRequest(kind="property", amount=Decimal("350000")))
    >>> a.amount
    Decimal('6550.00')
    >>> a.explain()[-1]
    'Fee payable (应交纳): 6,550.00 yuan'

Amounts that the law leaves to provinces or to the court within a range (e.g. other
non-property cases 50–100 yuan) come from :class:`LocalStandards`; when a value is not
configured the schedule's documented default — the statutory minimum — is used and the
explanation says so.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

__all__ = [
    "SCHEDULES",
    "Band",
    "BandTable",
    "ClaimRole",
    "FeeAssessment",
    "FeeFactor",
    "FeeInputError",
    "FeeKind",
    "FeeKindInfo",
    "FeeLine",
    "FeeRange",
    "FeeRequest",
    "FeeSchedule",
    "FeeSettings",
    "LocalStandards",
    "Outcome",
    "Procedure",
    "RetrialGround",
    "RoundingPolicy",
    "Stage",
    "StatutoryAmount",
    "calculate_fee",
    "fee_kinds",
    "schedule_for",
]

_D = Decimal
_ZERO = Decimal(0)
# China has observed UTC+8 without daylight saving since 1991, so a fixed offset gives the
# same calendar date as Asia/Shanghai without needing tzdata on the host.
_CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
# Enough digits for 10^13 yuan × a 3-decimal rate and for the 1/3 payment-order factor,
# independent of whatever the caller did to the thread's decimal context.
_CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)


# --------------------------------------------------------------------------- errors


class FeeInputError(ValueError):
    """Invalid input to the fee engine; ``field`` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --------------------------------------------------------------------------- enums


class FeeKind(StrEnum):
    """What is being charged: a kind of case (案件受理费) or of application (申请费)."""

    PROPERTY = "property"
    DIVORCE = "divorce"
    PERSONALITY_RIGHTS = "personality_rights"
    OTHER_NON_PROPERTY = "other_non_property"
    IP = "ip"
    LABOUR = "labour"
    ADMINISTRATIVE_IP_MARITIME = "administrative_ip_maritime"
    ADMINISTRATIVE_OTHER = "administrative_other"
    ADMINISTRATIVE_COMPENSATION = "administrative_compensation"
    SPECIAL_PROCEDURE = "special_procedure"
    JURISDICTION_OBJECTION = "jurisdiction_objection"
    ENFORCEMENT = "enforcement"
    PRESERVATION = "preservation"
    PAYMENT_ORDER = "payment_order"
    PUBLIC_SUMMONS = "public_summons"
    ARBITRATION_REVIEW = "arbitration_review"
    BANKRUPTCY = "bankruptcy"
    MARITIME_LIMITATION_FUND = "maritime_limitation_fund"
    MARITIME_INJUNCTION = "maritime_injunction"
    SHIP_LIEN_SUMMONS = "ship_lien_summons"
    MARITIME_CLAIMS_REGISTRATION = "maritime_claims_registration"
    GENERAL_AVERAGE_ADJUSTMENT = "general_average_adjustment"


class Stage(StrEnum):
    """Instance at which the acceptance fee (案件受理费) is charged."""

    FIRST_INSTANCE = "first_instance"  # 一审
    APPEAL = "appeal"  # 二审: fee on the contested amount (Art. 17)
    APPEAL_AGAINST_RULING = "appeal_against_ruling"  # 对不予受理、驳回起诉、管辖权异议裁定上诉 (Art. 8(3))
    RETRIAL = "retrial"  # 再审: free unless Art. 9 applies


class Procedure(StrEnum):
    """Trial procedure (审理程序); only first instance can be summary or small claims."""

    ORDINARY = "ordinary"  # 普通程序
    SUMMARY = "summary"  # 简易程序 (Art. 16: halved)
    SMALL_CLAIMS = "small_claims"  # 小额诉讼程序, a form of summary procedure


class Outcome(StrEnum):
    """How the case ended; ``JUDGMENT`` also covers a case not yet concluded (the prepaid fee)."""

    JUDGMENT = "judgment"  # 判决 / 尚未审结
    MEDIATION = "mediation"  # 调解结案 (Art. 15: halved)
    WITHDRAWAL = "withdrawal"  # 撤诉 (Art. 15: halved)
    DISMISSED = "dismissed"  # 裁定不予受理、驳回起诉、驳回上诉 (Art. 8(2): no fee)


class ClaimRole(StrEnum):
    """Whose claim the fee is for (Art. 18)."""

    ORIGINAL = "claim"  # 本诉
    COUNTERCLAIM = "counterclaim"  # 反诉 heard together: halved
    THIRD_PARTY = "third_party_claim"  # 有独立请求权的第三人 heard together: halved


class RetrialGround(StrEnum):
    """The two Art. 9 exceptions under which a retrial (再审) is charged."""

    NEW_EVIDENCE = "new_evidence"  # 有新的证据，足以推翻原判决、裁定 (Art. 9(1))
    NO_FIRST_INSTANCE_APPEAL = "no_first_instance_appeal"  # 一审未上诉后申请再审 (Art. 9(2))


# --------------------------------------------------------------------------- versioned data


@dataclass(frozen=True)
class Band:
    """One band of a progressive table: the part of the amount above the previous band's
    upper bound and up to and including ``upper`` ("超过A至B的部分": B belongs here).

    Exactly one of ``rate`` (proportion of the part) or ``fixed`` (per case, first band
    only) is set. ``upper=None`` marks the open top band.
    """

    upper: Decimal | None
    rate: Decimal | None = None
    fixed: Decimal | None = None


@dataclass(frozen=True)
class BandTable:
    """A cumulative progressive table (分段累计) with the article it comes from."""

    key: str
    name_en: str
    name_zh: str
    article: str
    bands: tuple[Band, ...]
    cap: Decimal | None = None  # maximum of the table's result, if any

    def __post_init__(self) -> None:
        # The data is hand-typed from the law: refuse a table that cannot be right.
        if not self.bands or self.bands[-1].upper is not None:
            raise ValueError(f"{self.key}: the last band must be open (upper=None)")
        previous = _ZERO
        for index, band in enumerate(self.bands):
            if (band.rate is None) == (band.fixed is None):
                raise ValueError(f"{self.key}: band {index} needs exactly one of rate/fixed")
            if band.fixed is not None and index != 0:
                raise ValueError(f"{self.key}: only the first band may be a per-case amount")
            if band.upper is not None:
                if band.upper <= previous:
                    raise ValueError(f"{self.key}: band uppers must increase")
                previous = band.upper
            elif index != len(self.bands) - 1:
                raise ValueError(f"{self.key}: only the last band may be open")


@dataclass(frozen=True)
class StatutoryAmount:
    """A fixed amount set by the law: a per-case fee or a cap."""

    amount: Decimal
    article: str
    name_en: str
    name_zh: str


@dataclass(frozen=True)
class FeeRange:
    """A range within which a province (Art. 13 last ¶) or the court fixes the amount.

    ``default`` is what the engine uses when :class:`LocalStandards` has no value; it is
    the statutory minimum, so an unconfigured court never charges more than the law allows.
    """

    minimum: Decimal
    maximum: Decimal
    default: Decimal
    article: str
    name_en: str
    name_zh: str
    provincial: bool  # True when Art. 13 last ¶ lets the province fix the amount


@dataclass(frozen=True)
class FeeFactor:
    """A multiplier on a computed fee (halving, one third)."""

    factor: Fraction
    article: str
    name_en: str
    name_zh: str
    verify: str = ""  # non-empty when fees.md marks the rule "(verify)"


@dataclass(frozen=True)
class FeeSchedule:
    """All numbers of one version of the fee law, with its period of validity."""

    id: str
    title_zh: str
    title_en: str
    effective_from: date
    effective_to: date | None  # inclusive; None while in force
    tables: Mapping[str, BandTable]
    amounts: Mapping[str, StatutoryAmount]
    ranges: Mapping[str, FeeRange]
    factors: Mapping[str, FeeFactor]

    def in_force_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def _table(key: str, name_en: str, name_zh: str, article: str, rows: list[tuple[str | None, str, str]],
           cap: str | None = None) -> BandTable:
    """Build a table from (upper, "rate"|"fixed", value) rows typed as strings, to keep the
    data below as close as possible to the wording of the article."""
    bands = tuple(
        Band(upper=None if upper is None else _D(upper), **{what: _D(value)})
        for upper, what, value in rows
    )
    return BandTable(key, name_en, name_zh, article, bands, None if cap is None else _D(cap))


def _range(low: str, high: str, article: str, name_en: str, name_zh: str, provincial: bool) -> FeeRange:
    return FeeRange(_D(low), _D(high), _D(low), article, name_en, name_zh, provincial)


def _amount(value: str, article: str, name_en: str, name_zh: str) -> StatutoryAmount:
    return StatutoryAmount(_D(value), article, name_en, name_zh)


_HALF = Fraction(1, 2)

SCHEDULE_2007 = FeeSchedule(
    id="gwy-481-2007",
    title_zh="诉讼费用交纳办法（国务院令第481号）",
    title_en="Measures on the Payment of Litigation Costs (State Council Decree No. 481)",
    effective_from=date(2007, 4, 1),
    effective_to=None,
    tables=MappingProxyType({
        # Art. 13(1): 财产案件根据诉讼请求的金额或者价额，按照下列比例分段累计交纳.
        "property": _table("property", "Property case acceptance fee", "财产案件受理费", "Art. 13(1)", [
            ("10000", "fixed", "50"),
            ("100000", "rate", "0.025"),
            ("200000", "rate", "0.02"),
            ("500000", "rate", "0.015"),
            ("1000000", "rate", "0.01"),
            ("2000000", "rate", "0.009"),
            ("5000000", "rate", "0.008"),
            ("10000000", "rate", "0.007"),
            ("20000000", "rate", "0.006"),
            (None, "rate", "0.005"),
        ]),
        # Art. 13(2)1: divorce — property total ≤ 200,000 no extra; the part above at 0.5%.
        "divorce_property": _table("divorce_property", "Divorce: division of property", "离婚案件财产分割",
                                   "Art. 13(2)1", [("200000", "fixed", "0"), (None, "rate", "0.005")]),
        # Art. 13(2)2: personality rights — damages ≤ 50,000 no extra; 50,000–100,000 at 1%;
        # above 100,000 at 0.5%.
        "personality_damages": _table("personality_damages", "Personality rights: damages",
                                      "人格权案件损害赔偿", "Art. 13(2)2", [
                                          ("50000", "fixed", "0"),
                                          ("100000", "rate", "0.01"),
                                          (None, "rate", "0.005"),
                                      ]),
        # Art. 14(1)2: 执行金额或者价额 bands.
        "enforcement": _table("enforcement", "Enforcement application fee", "执行申请费", "Art. 14(1)", [
            ("10000", "fixed", "50"),
            ("500000", "rate", "0.015"),
            ("5000000", "rate", "0.01"),
            ("10000000", "rate", "0.005"),
            (None, "rate", "0.001"),
        ]),
        # Art. 14(2): on the amount actually preserved; "最多不超过5000元".
        "preservation": _table("preservation", "Preservation application fee", "保全申请费", "Art. 14(2)", [
            ("1000", "fixed", "30"),
            ("100000", "rate", "0.01"),
            (None, "rate", "0.005"),
        ], cap="5000"),
    }),
    amounts=MappingProxyType({
        "labour": _amount("10", "Art. 13(4)", "Labour dispute, per case", "劳动争议案件每件"),
        "administrative_ip_maritime": _amount(
            "100", "Art. 13(5)1", "Administrative case (trademark, patent, maritime), per case",
            "商标、专利、海事行政案件每件"),
        "administrative_other": _amount("50", "Art. 13(5)2", "Other administrative case, per case",
                                        "其他行政案件每件"),
        "public_summons": _amount("100", "Art. 14(4)", "Public summons, per case", "公示催告每件"),
        "arbitration_review": _amount(
            "400", "Art. 14(5)", "Set aside an arbitral award / confirm an arbitration agreement, per case",
            "申请撤销仲裁裁决或者认定仲裁协议效力每件"),
        "bankruptcy_cap": _amount("300000", "Art. 14(6)", "Bankruptcy fee cap", "破产案件申请费最高限额"),
        "maritime_claims_registration": _amount(
            "1000", "Art. 14(7)4", "Maritime claims registration, per case", "申请海事债权登记每件"),
        "general_average_adjustment": _amount(
            "1000", "Art. 14(7)5", "General-average adjustment, per case", "申请共同海损理算每件"),
    }),
    ranges=MappingProxyType({
        "divorce_base": _range("50", "300", "Art. 13(2)1", "Divorce, per case", "离婚案件每件", True),
        "personality_base": _range("100", "500", "Art. 13(2)2", "Personality rights case, per case",
                                   "人格权案件每件", True),
        "other_non_property": _range("50", "100", "Art. 13(2)3", "Other non-property case, per case",
                                     "其他非财产案件每件", True),
        "ip_without_amount": _range(
            "500", "1000", "Art. 13(3)", "IP case without a disputed amount, per case",
            "知识产权民事案件（无争议金额）每件", True),
        "jurisdiction_objection": _range(
            "50", "100", "Art. 13(6)", "Failed jurisdiction objection, per case",
            "管辖权异议不成立每件", True),
        "enforcement_without_amount": _range(
            "50", "500", "Art. 14(1)1", "Enforcement without an amount, per case",
            "没有执行金额或者价额的每件", False),
        "maritime_limitation_fund": _range("1000", "10000", "Art. 14(7)1",
                                           "Maritime liability-limitation fund, per case",
                                           "申请设立海事赔偿责任限制基金每件", False),
        "maritime_injunction": _range("1000", "5000", "Art. 14(7)2", "Maritime injunction, per case",
                                      "申请海事强制令每件", False),
        "ship_lien_summons": _range("1000", "5000", "Art. 14(7)3", "Ship-lien summons, per case",
                                    "申请船舶优先权催告每件", False),
    }),
    factors=MappingProxyType({
        "mediation": FeeFactor(_HALF, "Art. 15", "halved: case ended by mediation", "调解结案，减半交纳"),
        "withdrawal": FeeFactor(_HALF, "Art. 15", "halved: claim withdrawn", "申请撤诉，减半交纳"),
        "summary": FeeFactor(_HALF, "Art. 16", "halved: summary procedure", "适用简易程序，减半交纳"),
        # fees.md: "small claims are a form of summary procedure and are also charged half (verify)".
        "small_claims": FeeFactor(
            _HALF, "Art. 16", "halved: small-claims procedure (a form of summary procedure)",
            "小额诉讼程序（属简易程序），减半交纳", verify="small claims halved as summary procedure"),
        "counterclaim": FeeFactor(
            _HALF, "Art. 18", "halved: counterclaim heard together", "反诉合并审理，减半交纳"),
        "third_party_claim": FeeFactor(
            _HALF, "Art. 18", "halved: independent third-party claim heard together",
            "有独立请求权的第三人诉讼请求合并审理，减半交纳"),
        "payment_order": FeeFactor(
            Fraction(1, 3), "Art. 14(3)", "payment order: one third of the property fee",
            "支付令：比照财产案件受理费标准的1/3交纳"),
        "bankruptcy": FeeFactor(_HALF, "Art. 14(6)", "bankruptcy: half the property fee on total assets",
                                "破产案件：按照财产案件受理费标准减半交纳"),
    }),
)

#: Every version of the fee law, oldest first. A new regulation is added here with its dates
#: (closing the previous one's ``effective_to``); the 1989 诉讼收费办法 is not modelled.
SCHEDULES: tuple[FeeSchedule, ...] = (SCHEDULE_2007,)


def schedule_for(on: date) -> FeeSchedule:
    """Return the fee schedule in force on ``on`` or raise :class:`FeeInputError` (field ``on``)."""
    for schedule in SCHEDULES:
        if schedule.in_force_on(on):
            return schedule
    raise FeeInputError("on", f"no fee schedule is in force on {on.isoformat()} "
                              f"(the earliest modelled starts {SCHEDULES[0].effective_from.isoformat()})")


# --------------------------------------------------------------------------- settings


_ROUNDING_MODES = frozenset({
    decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN, decimal.ROUND_HALF_DOWN,
    decimal.ROUND_UP, decimal.ROUND_DOWN, decimal.ROUND_CEILING, decimal.ROUND_FLOOR,
})
_FEN = _D("0.01")
_QUANTA = frozenset({_FEN, _D("0.1"), _D("1")})
_UNITS = {"0.01": "the fen (0.01 yuan)", "0.1": "the jiao (0.1 yuan)", "1": "the yuan"}
# Above any claim or bankruptcy estate seen in Chinese courts; catches unit and typing errors.
_DEFAULT_MAX_AMOUNT = _D("10000000000000")


@dataclass(frozen=True)
class RoundingPolicy:
    """How the final fee is rounded; applied once, after every factor and cap.

    Default: to the fen (0.01 yuan), half up — the precision of the worked examples in
    fees.md (payment order on 8,000 = 16.67). Courts that charge whole yuan use
    ``RoundingPolicy(quantum=Decimal("1"))``. Local practice varies (fees.md: verify).
    """

    quantum: Decimal = _FEN
    mode: str = ROUND_HALF_UP

    def __post_init__(self) -> None:
        if not isinstance(self.quantum, Decimal) or self.quantum not in _QUANTA:
            raise FeeInputError("rounding.quantum", "must be Decimal('0.01'), Decimal('0.1') or Decimal('1')")
        if self.mode not in _ROUNDING_MODES:
            raise FeeInputError("rounding.mode", "must be one of the decimal.ROUND_* constants")

    def apply(self, value: Decimal) -> Decimal:
        return value.quantize(self.quantum, rounding=self.mode)

    def describe(self) -> str:
        return f"{_UNITS[str(self.quantum)]}, {self.mode.removeprefix('ROUND_').replace('_', ' ').lower()}"


@dataclass(frozen=True)
class LocalStandards:
    """Amounts the province (Art. 13 last ¶) or the court fixes within a statutory range.

    Each field is named after a range key of the schedule; ``None`` means "use the
    schedule's default" (the statutory minimum). Values are checked against the range of
    the schedule in force when the fee is calculated.
    """

    region: str = ""  # label only, e.g. "北京市"
    divorce_base: Decimal | None = None  # 离婚案件每件 50–300 (Art. 13(2)1)
    personality_base: Decimal | None = None  # 人格权案件每件 100–500 (Art. 13(2)2)
    other_non_property: Decimal | None = None  # 其他非财产案件每件 50–100 (Art. 13(2)3)
    ip_without_amount: Decimal | None = None  # 知识产权无争议金额每件 500–1,000 (Art. 13(3))
    jurisdiction_objection: Decimal | None = None  # 管辖权异议不成立每件 50–100 (Art. 13(6))
    enforcement_without_amount: Decimal | None = None  # 无执行金额每件 50–500 (Art. 14(1)1)
    maritime_limitation_fund: Decimal | None = None  # 1,000–10,000 (Art. 14(7)1)
    maritime_injunction: Decimal | None = None  # 1,000–5,000 (Art. 14(7)2)
    ship_lien_summons: Decimal | None = None  # 1,000–5,000 (Art. 14(7)3)


@dataclass(frozen=True)
class FeeSettings:
    """Per-court configuration of the engine.

    ``halve_once``: a case that qualifies for halving under both Art. 15 (mediation /
    withdrawal) and Art. 16 (summary procedure) is halved once, not twice — fees.md
    (verify). ``stack_joinder_halving``: the Art. 18 halving of a counterclaim or
    third-party claim is a different ground and is applied on top of Arts. 15/16
    (not addressed by fees.md; our reading). ``small_claims_halved``: small claims are
    charged as summary procedure — fees.md (verify). ``max_amount`` rejects amounts no
    real case reaches (10 trillion yuan by default), catching unit and typing errors.
    """

    local: LocalStandards = field(default_factory=LocalStandards)
    rounding: RoundingPolicy = field(default_factory=RoundingPolicy)
    halve_once: bool = True
    stack_joinder_halving: bool = True
    small_claims_halved: bool = True
    max_amount: Decimal = _DEFAULT_MAX_AMOUNT


# --------------------------------------------------------------------------- kinds


AmountUse = Literal["required", "optional", "not_used"]


@dataclass(frozen=True)
class FeeKindInfo:
    """What a UI form or CLI needs to know about one :class:`FeeKind`."""

    kind: FeeKind
    name_en: str
    name_zh: str
    category: Literal["acceptance", "application", "free"]  # 案件受理费 / 申请费 / 不交纳
    article: str
    amount: AmountUse
    amount_label_en: str
    amount_label_zh: str
    local_standard: str | None  # LocalStandards field used, if any
    case_options: bool  # whether stage / procedure / outcome / claim_role / retrial_ground apply

    @property
    def inputs(self) -> tuple[str, ...]:
        """Names of the FeeRequest fields this kind reads besides ``kind``."""
        names: list[str] = [] if self.amount == "not_used" else ["amount"]
        if self.case_options:
            names += ["stage", "procedure", "outcome", "claim_role", "retrial_ground"]
        return tuple(names)


def _info(kind: FeeKind, en: str, zh: str, category: Literal["acceptance", "application", "free"],
          article: str, amount: AmountUse = "not_used", label_en: str = "", label_zh: str = "",
          local: str | None = None, case_options: bool = False) -> FeeKindInfo:
    return FeeKindInfo(kind, en, zh, category, article, amount, label_en, label_zh, local, case_options)


_KINDS: Mapping[FeeKind, FeeKindInfo] = MappingProxyType({i.kind: i for i in (
    _info(FeeKind.PROPERTY, "Property case", "财产案件", "acceptance", "Art. 13(1)", "required",
          "claimed amount", "诉讼请求的金额或者价额", case_options=True),
    _info(FeeKind.DIVORCE, "Divorce case", "离婚案件", "acceptance", "Art. 13(2)1", "optional",
          "total property to divide", "财产分割总额", "divorce_base", True),
    _info(FeeKind.PERSONALITY_RIGHTS, "Name, title, portrait, reputation, honour or other personality rights",
          "侵害姓名权、名称权、肖像权、名誉权、荣誉权以及其他人格权案件", "acceptance", "Art. 13(2)2",
          "optional", "damages claimed", "损害赔偿金额", "personality_base", True),
    _info(FeeKind.OTHER_NON_PROPERTY, "Other non-property case", "其他非财产案件", "acceptance",
          "Art. 13(2)3", local="other_non_property", case_options=True),
    _info(FeeKind.IP, "Intellectual-property civil case", "知识产权民事案件", "acceptance", "Art. 13(3)",
          "optional", "disputed amount (leave empty if none)", "争议金额或者价额", "ip_without_amount", True),
    _info(FeeKind.LABOUR, "Labour dispute", "劳动争议案件", "acceptance", "Art. 13(4)", case_options=True),
    _info(FeeKind.ADMINISTRATIVE_IP_MARITIME, "Administrative case: trademark, patent, maritime",
          "商标、专利、海事行政案件", "acceptance", "Art. 13(5)1", case_options=True),
    _info(FeeKind.ADMINISTRATIVE_OTHER, "Other administrative case", "其他行政案件", "acceptance",
          "Art. 13(5)2", case_options=True),
    _info(FeeKind.ADMINISTRATIVE_COMPENSATION, "Administrative compensation case", "行政赔偿案件", "free",
          "Art. 8(4)"),
    _info(FeeKind.SPECIAL_PROCEDURE, "Special-procedure case", "特别程序案件", "free", "Art. 8(1)"),
    _info(FeeKind.JURISDICTION_OBJECTION, "Failed jurisdiction objection", "管辖权异议不成立", "acceptance",
          "Art. 13(6)", local="jurisdiction_objection"),
    _info(FeeKind.ENFORCEMENT, "Enforcement application (also recognition and enforcement of foreign "
          "judgments and awards)", "申请执行（含申请承认和执行外国法院判决、国外仲裁裁决）", "application",
          "Art. 14(1)", "optional", "amount enforced (leave empty if none)", "执行金额或者价额",
          "enforcement_without_amount"),
    _info(FeeKind.PRESERVATION, "Preservation application", "申请保全措施", "application", "Art. 14(2)",
          "optional", "amount actually preserved", "实际保全的财产数额"),
    _info(FeeKind.PAYMENT_ORDER, "Payment order application", "申请支付令", "application", "Art. 14(3)",
          "required", "amount claimed", "请求给付的金额"),
    _info(FeeKind.PUBLIC_SUMMONS, "Public summons application", "申请公示催告", "application", "Art. 14(4)"),
    _info(FeeKind.ARBITRATION_REVIEW, "Set aside an arbitral award / confirm an arbitration agreement",
          "申请撤销仲裁裁决或者认定仲裁协议效力", "application", "Art. 14(5)"),
    _info(FeeKind.BANKRUPTCY, "Bankruptcy case", "破产案件", "application", "Art. 14(6)", "required",
          "total bankruptcy assets", "破产财产总额"),
    _info(FeeKind.MARITIME_LIMITATION_FUND, "Maritime liability-limitation fund",
          "申请设立海事赔偿责任限制基金", "application", "Art. 14(7)1", local="maritime_limitation_fund"),
    _info(FeeKind.MARITIME_INJUNCTION, "Maritime injunction", "申请海事强制令", "application", "Art. 14(7)2",
          local="maritime_injunction"),
    _info(FeeKind.SHIP_LIEN_SUMMONS, "Ship-lien summons", "申请船舶优先权催告", "application", "Art. 14(7)3",
          local="ship_lien_summons"),
    _info(FeeKind.MARITIME_CLAIMS_REGISTRATION, "Maritime claims registration", "申请海事债权登记",
          "application", "Art. 14(7)4"),
    _info(FeeKind.GENERAL_AVERAGE_ADJUSTMENT, "General-average adjustment", "申请共同海损理算", "application",
          "Art. 14(7)5"),
)})


def fee_kinds() -> list[FeeKindInfo]:
    """Every fee kind with its Chinese and English names and the inputs it needs."""
    return list(_KINDS.values())


# --------------------------------------------------------------------------- request / result


@dataclass(frozen=True)
class FeeRequest:
    """Input to :func:`calculate_fee`. Strings are accepted for every enum field (CLI/forms).

    ``amount`` is the claimed amount (诉讼请求金额) for a property case, the contested part
    on appeal (Art. 17) or retrial (Art. 19), the property total for divorce, the damages
    for personality rights, the enforced / preserved amount, or the bankruptcy assets —
    see :func:`fee_kinds`. Pass a ``Decimal``, an ``int`` or a numeric string, never a float.
    """

    kind: FeeKind | str
    amount: Decimal | int | str | None = None
    stage: Stage | str = Stage.FIRST_INSTANCE
    procedure: Procedure | str = Procedure.ORDINARY
    outcome: Outcome | str = Outcome.JUDGMENT
    claim_role: ClaimRole | str = ClaimRole.ORIGINAL
    retrial_ground: RetrialGround | str | None = None


@dataclass(frozen=True)
class FeeLine:
    """One step of the computation. The fee before rounding is the sum of ``subtotal``.

    Band lines carry ``band_from``/``band_to`` (the part of the amount in the band) and
    ``rate`` or ``fixed``; factor and cap lines carry the running ``base`` they act on and a
    negative ``subtotal`` (the reduction).
    """

    description_en: str
    description_zh: str
    article: str
    subtotal: Decimal
    base: Decimal | None = None
    rate: Decimal | None = None
    fixed: Decimal | None = None
    factor: Fraction | None = None
    cap: Decimal | None = None
    band_from: Decimal | None = None
    band_to: Decimal | None = None


@dataclass(frozen=True)
class FeeAssessment:
    """Result of :func:`calculate_fee`: ``amount`` is the rounded fee payable."""

    request: FeeRequest  # normalised: enums, Decimal amount
    amount: Decimal
    unrounded: Decimal
    lines: list[FeeLine]
    schedule_id: str
    rounding: RoundingPolicy
    notes: list[str] = field(default_factory=list)

    def explain(self) -> list[str]:
        """The working, step by step, in English with the Chinese terms."""
        info = _KINDS[FeeKind(self.request.kind)]
        schedule = next(s for s in SCHEDULES if s.id == self.schedule_id)
        steps = [f"{info.name_en} ({info.name_zh}) — {schedule.title_zh}, "
                 f"in force from {schedule.effective_from.isoformat()}."]
        if self.request.amount is not None:
            steps.append(f"{info.amount_label_en.capitalize()} ({info.amount_label_zh}): "
                         f"{_fmt(Decimal(self.request.amount))} yuan.")
        running = _ZERO
        group: list[FeeLine] = []

        def flush() -> None:
            # A run of band/fixed lines is one cumulative sum: show it as a single formula.
            nonlocal group
            terms = [_term(line) for line in group if line.subtotal != 0 or len(group) == 1]
            if len(terms) > 1:
                steps.append(f"  {' + '.join(terms)} = {_fmt(running)}")
            group = []

        for line in self.lines:
            if line.factor is not None:
                flush()
                assert line.base is not None
                steps.append(f"{_fmt(line.base)} × {line.factor} = {_fmt(line.base + line.subtotal)} — "
                             f"{line.description_en} ({line.description_zh}, {line.article})")
            elif line.cap is not None:
                flush()
                assert line.base is not None
                steps.append(f"{_fmt(line.base)} exceeds the cap: {_fmt(line.cap)} — "
                             f"{line.description_en} ({line.description_zh}, {line.article})")
            else:
                group.append(line)
                working = "" if line.fixed is not None else f"{_term(line)} = "
                steps.append(f"  {line.description_en} ({line.description_zh}, {line.article}): "
                             f"{working}{_fmt(line.subtotal)}")
            running += line.subtotal
        flush()
        steps.append(f"Rounded to {self.rounding.describe()}: "
                     f"{_fmt(self.unrounded)} → {_fmt_money(self.amount)}")
        steps.extend(f"Note: {note}" for note in self.notes)
        steps.append(f"Fee payable (应交纳): {_fmt_money(self.amount)} yuan")
        return steps


# --------------------------------------------------------------------------- formatting


def _fmt(value: Decimal) -> str:
    """Human form of an exact value: thousands separators, no useless zeros, at most 4 decimals."""
    if value == value.to_integral_value():
        return f"{value.to_integral_value():,f}"
    normal = value.normalize()
    if normal.as_tuple().exponent < -4:  # type: ignore[operator]
        return "≈" + f"{value.quantize(_D('0.0001'), rounding=ROUND_HALF_UP):,f}"
    return f"{normal:,f}"


def _fmt_money(value: Decimal) -> str:
    return f"{value:,f}"


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _term(line: FeeLine) -> str:
    if line.fixed is not None:
        return _fmt(line.fixed)
    assert line.rate is not None and line.band_from is not None and line.band_to is not None
    if line.band_from == 0:
        return f"{_fmt(line.band_to)} × {_pct(line.rate)}"
    return f"({_fmt(line.band_to)} − {_fmt(line.band_from)}) × {_pct(line.rate)}"


def _zh_yuan(value: Decimal) -> str:
    if value >= 10000 and value % 10000 == 0:
        return f"{(value / 10000).normalize():f}万元"
    return f"{value.normalize():f}元"


# --------------------------------------------------------------------------- validation


_ENUM_FIELDS: tuple[tuple[str, type[StrEnum]], ...] = (
    ("kind", FeeKind), ("stage", Stage), ("procedure", Procedure), ("outcome", Outcome),
    ("claim_role", ClaimRole), ("retrial_ground", RetrialGround),
)


def _parse_amount(value: object, name: str, maximum: Decimal) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise FeeInputError(name, "pass a Decimal, an int or a numeric string; "
                                  "floats cannot hold money exactly")
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise FeeInputError(name, f"{value!r} is not a number") from None
    elif isinstance(value, int):
        value = Decimal(value)
    if not isinstance(value, Decimal):
        raise FeeInputError(name, f"expected a Decimal, got {type(value).__name__}")
    if not value.is_finite():
        raise FeeInputError(name, "must be a finite number")
    if value < 0:
        raise FeeInputError(name, "must not be negative")
    if value > maximum:
        raise FeeInputError(name, f"{_fmt(value)} yuan exceeds the plausible maximum of {_fmt(maximum)} yuan")
    # A court's ledger is kept in fen; more decimals means a unit or parsing error upstream.
    if value.as_tuple().exponent < -2 and value != value.quantize(_D("0.01")):  # type: ignore[operator]
        raise FeeInputError(name, "must have at most 2 decimal places (fen)")
    return value


def _normalise(request: FeeRequest, settings: FeeSettings) -> tuple[FeeRequest, Decimal | None]:
    values: dict[str, object] = {}
    for name, enum in _ENUM_FIELDS:
        raw = getattr(request, name)
        if raw is None and name == "retrial_ground":
            values[name] = None
            continue
        try:
            values[name] = enum(raw)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise FeeInputError(name, f"unknown value {raw!r}; expected one of: {allowed}") from None
    clean = replace(request, **values)  # type: ignore[arg-type]
    info = _KINDS[FeeKind(clean.kind)]

    amount: Decimal | None = None
    if request.amount is not None:
        if info.amount == "not_used":
            raise FeeInputError("amount", f"{info.name_en} ({info.name_zh}) is charged per case; "
                                          "omit the amount")
        amount = _parse_amount(request.amount, "amount", settings.max_amount)
    elif info.amount == "required":
        raise FeeInputError("amount", f"{info.name_en} ({info.name_zh}) needs the {info.amount_label_en} "
                                      f"({info.amount_label_zh})")

    defaults = FeeRequest(kind=clean.kind)
    if not info.case_options:
        for name in ("stage", "procedure", "outcome", "claim_role", "retrial_ground"):
            if getattr(clean, name) != getattr(defaults, name):
                raise FeeInputError(name, f"does not apply to {info.name_en} ({info.name_zh})")
    else:
        if clean.procedure != Procedure.ORDINARY and clean.stage != Stage.FIRST_INSTANCE:
            raise FeeInputError("procedure", "summary and small-claims procedures exist only at "
                                             "first instance")
        if clean.retrial_ground is not None and clean.stage != Stage.RETRIAL:
            raise FeeInputError("retrial_ground", "only applies when stage is 'retrial'")
        if info.kind in (FeeKind.ADMINISTRATIVE_IP_MARITIME, FeeKind.ADMINISTRATIVE_OTHER):
            # The defendant in administrative litigation is always the administrative organ,
            # which cannot counterclaim; small claims is a civil procedure only.
            if clean.claim_role != ClaimRole.ORIGINAL:
                raise FeeInputError("claim_role", "administrative cases have no counterclaim or "
                                                  "third-party claim")
            if clean.procedure == Procedure.SMALL_CLAIMS:
                raise FeeInputError("procedure", "small-claims procedure does not exist in "
                                                 "administrative cases")
    return replace(clean, amount=amount), amount


def _local_amount(schedule: FeeSchedule, settings: FeeSettings, key: str) -> tuple[Decimal, str]:
    """The province's / court's amount for a range, and how it was chosen (for explain)."""
    spec = schedule.ranges[key]
    configured = getattr(settings.local, key)
    where = f"range {_fmt(spec.minimum)}–{_fmt(spec.maximum)}, {spec.article}"
    if configured is None:
        return spec.default, f"local standard not configured; statutory minimum used ({where})"
    value = _parse_amount(configured, f"local.{key}", settings.max_amount)
    if not spec.minimum <= value <= spec.maximum:
        raise FeeInputError(f"local.{key}", f"{_fmt(value)} is outside the statutory {where}")
    region = f" for {settings.local.region}" if settings.local.region else ""
    return value, f"local standard{region} ({where})"


# --------------------------------------------------------------------------- computation


def _bands(table: BandTable, amount: Decimal) -> list[FeeLine]:
    """Cumulative band lines for ``amount`` (分段累计), the cap applied if the table has one."""
    lines: list[FeeLine] = []
    lower = _ZERO
    for index, band in enumerate(table.bands):
        if index > 0 and amount <= lower:
            break  # "超过A的部分": nothing of the amount lies above this band's floor
        top = amount if band.upper is None else min(amount, band.upper)
        if band.fixed is not None:
            assert band.upper is not None  # first band, never open (checked by BandTable)
            if band.fixed:
                en, zh = f"up to {_fmt(band.upper)}, per case", f"不超过{_zh_yuan(band.upper)}的，每件交纳"
            else:
                en = f"up to {_fmt(band.upper)}: no extra fee"
                zh = f"不超过{_zh_yuan(band.upper)}的，不另行交纳"
            lines.append(FeeLine(en, zh, table.article, band.fixed, fixed=band.fixed,
                                 band_from=lower, band_to=top))
        else:
            assert band.rate is not None
            upper_en = "" if band.upper is None else f" up to {_fmt(band.upper)}"
            upper_zh = "" if band.upper is None else f"至{_zh_yuan(band.upper)}"
            lines.append(FeeLine(
                f"part over {_fmt(lower)}{upper_en} at {_pct(band.rate)}",
                f"超过{_zh_yuan(lower)}{upper_zh}的部分，按照{_pct(band.rate)}交纳",
                table.article, (top - lower) * band.rate, base=top - lower, rate=band.rate,
                band_from=lower, band_to=top,
            ))
        if band.upper is None:
            break
        lower = band.upper
    if table.cap is not None:
        lines.extend(_cap(sum((line.subtotal for line in lines), _ZERO), table.cap, table.article,
                          f"{table.name_en}: at most {_fmt(table.cap)}",
                          f"{table.name_zh}最多不超过{_fmt(table.cap)}元"))
    return lines


def _cap(running: Decimal, cap: Decimal, article: str, en: str, zh: str) -> list[FeeLine]:
    if running <= cap:
        return []
    return [FeeLine(en, zh, article, cap - running, base=running, cap=cap)]


def _apply_factor(lines: list[FeeLine], factor: FeeFactor, en: str | None = None, zh: str | None = None,
                  article: str | None = None) -> None:
    running = sum((line.subtotal for line in lines), _ZERO)
    reduced = running * factor.factor.numerator / factor.factor.denominator
    if reduced.as_tuple().exponent < -20:  # type: ignore[operator]
        # A third has no finite decimal form; 20 places is far below a fen, and quantizing here
        # keeps the lines summing exactly to the unrounded total.
        reduced = reduced.quantize(_D("1e-20"), rounding=ROUND_HALF_UP)
    lines.append(FeeLine(en or factor.name_en, zh or factor.name_zh, article or factor.article,
                         reduced - running, base=running, factor=factor.factor))


def _per_case(en: str, zh: str, article: str, amount: Decimal) -> FeeLine:
    return FeeLine(en, zh, article, amount, fixed=amount)


_Computer = Callable[[FeeRequest, Decimal | None, FeeSchedule, FeeSettings, list[str]], list[FeeLine]]


def _property(req: FeeRequest, amount: Decimal | None, s: FeeSchedule, cfg: FeeSettings,
              notes: list[str]) -> list[FeeLine]:
    assert amount is not None
    return _bands(s.tables["property"], amount)


def _with_local_base(key: str, table: str | None) -> _Computer:
    """Per-case amount within a range, plus an optional banded extra on the amount
    (divorce property above 200,000; personality-rights damages above 50,000)."""

    def compute(req: FeeRequest, amount: Decimal | None, s: FeeSchedule, cfg: FeeSettings,
                notes: list[str]) -> list[FeeLine]:
        value, how = _local_amount(s, cfg, key)
        spec = s.ranges[key]
        notes.append(f"{spec.name_en} ({spec.name_zh}): {_fmt(value)} — {how}")
        lines = [_per_case(spec.name_en, spec.name_zh, spec.article, value)]
        if table is not None and amount is not None:
            lines.extend(_bands(s.tables[table], amount))
        return lines

    return compute


def _ip(req: FeeRequest, amount: Decimal | None, s: FeeSchedule, cfg: FeeSettings,
        notes: list[str]) -> list[FeeLine]:
    # Art. 13(3): with a disputed amount the property schedule applies; without, a range.
    if amount is not None:
        return _bands(s.tables["property"], amount)
    return _with_local_base("ip_without_amount", None)(req, amount, s, cfg, notes)


def _statutory(key: str) -> _Computer:
    def compute(req: FeeRequest, amount: Decimal | None, s: FeeSchedule, cfg: FeeSettings,
                notes: list[str]) -> list[FeeLine]:
        spec = s.amounts[key]
        return [_per_case(spec.name_en, spec.name_zh, spec.article, spec.amount)]

    return compute


def _free(article: str, en: str, zh: str) -> _Computer:
    def compute(req: FeeRequest, amount: Decimal | None, s: FeeSchedule, cfg: FeeSettings,
                notes: list[str]) -> list[FeeLine]:
        return [_per_case(en, zh, article, _ZERO)]

    return compute


def _enforcement(req: FeeRequest, amount: Decimal | None, s: FeeSchedule, cfg: FeeSettings,
                 notes: list[str]) -> list[FeeLine]:
    notes.append("Not prepaid: collected from the judgment debtor after enforcement (Arts. 20, 38).")
    if amount is None:
        return _with_local_base("enforcement_without_amount", None)(req, amount, s, cfg, notes)
    return _bands(s.tables["enforcement"], amount)


def _preservation(req: FeeRequest, amount: Decimal | None, s: FeeSchedule, cfg: FeeSettings,
                  notes: list[str]) -> list[FeeLine]:
    notes.append("Borne by the applicant, recoverable as part of the claim (Art. 38).")
    # Art. 14(2): "不超过1000元或者不涉及财产数额的，每件交纳30元" — no amount is the first band.
    return _bands(s.tables["preservation"], _ZERO if amount is None else amount)


def _payment_order(req: FeeRequest, amount: Decimal | None, s: FeeSchedule, cfg: FeeSettings,
                   notes: list[str]) -> list[FeeLine]:
    assert amount is not None
    lines = _bands(s.tables["property"], amount)
    _apply_factor(lines, s.factors["payment_order"])
    return lines


def _bankruptcy(req: FeeRequest, amount: Decimal | None, s: FeeSchedule, cfg: FeeSettings,
                notes: list[str]) -> list[FeeLine]:
    assert amount is not None
    notes.append("Paid after liquidation, not by the applicant in advance (Art. 20).")
    lines = _bands(s.tables["property"], amount)
    _apply_factor(lines, s.factors["bankruptcy"])
    cap = s.amounts["bankruptcy_cap"]
    lines.extend(_cap(sum((line.subtotal for line in lines), _ZERO), cap.amount, cap.article,
                      f"{cap.name_en}: {_fmt(cap.amount)}", f"最高不超过{_zh_yuan(cap.amount)}"))
    return lines


_COMPUTERS: Mapping[FeeKind, _Computer] = MappingProxyType({
    FeeKind.PROPERTY: _property,
    FeeKind.DIVORCE: _with_local_base("divorce_base", "divorce_property"),
    FeeKind.PERSONALITY_RIGHTS: _with_local_base("personality_base", "personality_damages"),
    FeeKind.OTHER_NON_PROPERTY: _with_local_base("other_non_property", None),
    FeeKind.IP: _ip,
    FeeKind.LABOUR: _statutory("labour"),
    FeeKind.ADMINISTRATIVE_IP_MARITIME: _statutory("administrative_ip_maritime"),
    FeeKind.ADMINISTRATIVE_OTHER: _statutory("administrative_other"),
    FeeKind.ADMINISTRATIVE_COMPENSATION: _free(
        "Art. 8(4)", "No acceptance fee for administrative compensation", "行政赔偿案件不交纳案件受理费"),
    FeeKind.SPECIAL_PROCEDURE: _free("Art. 8(1)", "No acceptance fee for special-procedure cases",
                                     "特别程序审理的案件不交纳案件受理费"),
    FeeKind.JURISDICTION_OBJECTION: _with_local_base("jurisdiction_objection", None),
    FeeKind.ENFORCEMENT: _enforcement,
    FeeKind.PRESERVATION: _preservation,
    FeeKind.PAYMENT_ORDER: _payment_order,
    FeeKind.PUBLIC_SUMMONS: _statutory("public_summons"),
    FeeKind.ARBITRATION_REVIEW: _statutory("arbitration_review"),
    FeeKind.BANKRUPTCY: _bankruptcy,
    FeeKind.MARITIME_LIMITATION_FUND: _with_local_base("maritime_limitation_fund", None),
    FeeKind.MARITIME_INJUNCTION: _with_local_base("maritime_injunction", None),
    FeeKind.SHIP_LIEN_SUMMONS: _with_local_base("ship_lien_summons", None),
    FeeKind.MARITIME_CLAIMS_REGISTRATION: _statutory("maritime_claims_registration"),
    FeeKind.GENERAL_AVERAGE_ADJUSTMENT: _statutory("general_average_adjustment"),
})


def _no_fee_ground(req: FeeRequest) -> FeeLine | None:
    """Art. 8 / Art. 9 cases in which no acceptance fee is charged at all."""
    if req.outcome == Outcome.DISMISSED:
        return _per_case("No acceptance fee: ruled inadmissible, claim or appeal dismissed (any prepaid fee "
                         "is refunded, Art. 27)", "裁定不予受理、驳回起诉、驳回上诉的案件不交纳案件受理费",
                         "Art. 8(2)", _ZERO)
    if req.stage == Stage.APPEAL_AGAINST_RULING:
        return _per_case("No acceptance fee: appeal against a ruling of inadmissibility, dismissal or on "
                         "jurisdiction",
                         "对不予受理、驳回起诉和管辖权异议裁定不服提起上诉的案件不交纳案件受理费",
                         "Art. 8(3)", _ZERO)
    if req.stage == Stage.RETRIAL and req.retrial_ground is None:
        return _per_case("No acceptance fee for a retrial outside the Art. 9 exceptions",
                         "审判监督程序审理的案件不交纳案件受理费", "Art. 9", _ZERO)
    return None


def _case_reductions(req: FeeRequest, s: FeeSchedule, cfg: FeeSettings, lines: list[FeeLine],
                     notes: list[str]) -> None:
    """Art. 18 joinder halving, then the Art. 15 / Art. 16 halvings."""
    group: list[FeeFactor] = []
    if req.outcome in (Outcome.MEDIATION, Outcome.WITHDRAWAL):
        group.append(s.factors[str(req.outcome)])
    small_claims_halved = req.procedure == Procedure.SMALL_CLAIMS and cfg.small_claims_halved
    if req.procedure == Procedure.SUMMARY or small_claims_halved:
        group.append(s.factors[str(req.procedure)])
        notes.append("If converted to ordinary procedure, the plaintiff pays the other half within 7 days of "
                     "notice (CPL Interpretation Art. 199).")
    if req.claim_role != ClaimRole.ORIGINAL:
        joinder = s.factors[str(req.claim_role)]
        if cfg.stack_joinder_halving:
            _apply_factor(lines, joinder)
        else:
            group.insert(0, joinder)
    notes.extend(f"Rule not yet verified against the official text: {f.verify} (fees.md)."
                 for f in group if f.verify)
    if cfg.halve_once and len(group) > 1:
        # Several halving grounds, one halving (fees.md: halved once, not twice — verify).
        notes.append("Rule not yet verified against the official text: several halving grounds "
                     "halve the fee once (fees.md).")
        _apply_factor(lines, group[0],
                      en="halved once: " + "; ".join(f.name_en.removeprefix("halved: ") for f in group),
                      zh="；".join(f.name_zh for f in group) + "（只减半一次）",
                      article=", ".join(dict.fromkeys(f.article for f in group)))
    else:
        for factor in group:
            _apply_factor(lines, factor)
    if req.stage == Stage.APPEAL:
        notes.append("Appeal fee is on the part of the first-instance decision the appellant contests; each "
                     "appellant pays separately (Art. 17).")
    if req.stage == Stage.RETRIAL:
        notes.append("Retrial fee is on the part of the original decision contested (Art. 19).")


def calculate_fee(request: FeeRequest, on: date | None = None, settings: FeeSettings | None = None,
                  ) -> FeeAssessment:
    """Compute the litigation fee (诉讼费用) for ``request`` under the schedule in force ``on``.

    ``on`` defaults to today in China (UTC+8); it selects the versioned :class:`FeeSchedule`
    (the day the court accepts the case is the usual choice). ``settings`` carries the
    court's :class:`LocalStandards`, :class:`RoundingPolicy` and halving options.

    Raises :class:`FeeInputError` naming the offending field for any invalid input.
    """
    settings = settings or FeeSettings()
    if not isinstance(settings.max_amount, Decimal) or not settings.max_amount.is_finite() \
            or settings.max_amount <= 0:
        raise FeeInputError("max_amount", "must be a positive finite Decimal")
    if on is None:
        on = datetime.now(_CHINA_TZ).date()
    schedule = schedule_for(on)
    with decimal.localcontext(_CONTEXT):
        clean, amount = _normalise(request, settings)
        info = _KINDS[FeeKind(clean.kind)]
        notes: list[str] = []
        no_fee = _no_fee_ground(clean) if info.case_options else None
        if no_fee is not None:
            lines = [no_fee]
        else:
            lines = _COMPUTERS[info.kind](clean, amount, schedule, settings, notes)
            if info.case_options:
                _case_reductions(clean, schedule, settings, lines, notes)
        unrounded = sum((line.subtotal for line in lines), _ZERO)
        rounded = settings.rounding.apply(unrounded)
    return FeeAssessment(clean, rounded, unrounded, lines, schedule.id, settings.rounding, notes)


# Keep the dataclass field list of LocalStandards and the schedule's ranges in step: a new
# range added to a schedule without a LocalStandards field would silently be unconfigurable.
_local_fields = {f.name for f in fields(LocalStandards)} - {"region"}
for _schedule in SCHEDULES:
    if set(_schedule.ranges) != _local_fields:  # pragma: no cover - import-time data check
        raise RuntimeError(f"{_schedule.id}: ranges and LocalStandards fields differ")
