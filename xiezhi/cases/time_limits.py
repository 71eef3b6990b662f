"""Trial time limits (审限) and procedural periods (期间), as pure functions of plain values.

Framework-free on purpose (no Django, no other Xiezhi app): the cases app supplies the
dates it stores, the approved extensions and suspensions, and — through the
:class:`HolidayCalendar` protocol — the admin's overrides of the official calendar.

Everything statutory lives in ONE versioned table, :data:`RULES`: each row names a
procedure key (``"civil-ordinary"``, ``"criminal-appeal-ruling"``, …), its limit, its
legal source, the extension steps and who approves them, and the dates it is in force.

Counting rules (CPL Art. 85; Civil Code Arts. 201–203; CrimPL Art. 105):

* the start day is not counted: a day period of N days ends on ``start + N``;
* a month period ends on the corresponding day of the final month, or on that month's
  last day if there is no such day (Civil Code Art. 202); half a month is 15 days
  (CrimPL Interp. Art. 202);
* if the last day is a rest day (weekend or public holiday; adjusted working weekends
  count as working days) the period ends on the next working day (CPL Art. 85 ¶3,
  CrimPL Art. 105 ¶3).  Whether this applies to court-internal limits is a local
  configuration choice (time-limits.md §9 ex. 4): by default it applies to the periods
  in which a *party* must act and not to the court's own limits, so that monitoring
  never shows a limit as still open on a day the court may consider passed.  Every
  call can override the default with ``roll_forward=``;
* suspended periods (公告, 鉴定, settlement, jurisdiction disputes, …; CPL Interp.
  Art. 243; SPC 2000 Provisions Art. 9) are not counted and push the end date back.
"""

from __future__ import annotations

import calendar as _monthcal
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Literal, Protocol, runtime_checkable

import chinese_calendar

__all__ = [
    "RULES",
    "CalendarCoverageError",
    "ChineseHolidayCalendar",
    "Deadline",
    "Extension",
    "ExtensionStep",
    "HolidayCalendar",
    "Period",
    "PeriodRule",
    "Suspension",
    "TimeLimitError",
    "add_period",
    "appeal_deadline",
    "compute_deadline",
    "electronic_service_date",
    "latest_hearing_notice_date",
    "next_workday",
    "public_notice_service_date",
    "rule_for",
]

Approver = Literal["court_president", "higher_court", "high_court", "spc"]
Kind = Literal["trial_limit", "court_act", "party_window", "service", "notice"]
Status = Literal["normal", "approaching", "overdue"]


class TimeLimitError(ValueError):
    """A period cannot be computed from the values given (unknown rule, bad extension, …)."""


class CalendarCoverageError(TimeLimitError):
    """The holiday calendar has no official data for the date asked about."""


# ---------------------------------------------------------------------------
# Periods and calendar
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """A length of time in months and/or days (months are applied first)."""

    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if self.months < 0 or self.days < 0:
            raise TimeLimitError(f"a period cannot be negative: {self.months} months, {self.days} days")

    def __add__(self, other: Period) -> Period:
        return Period(self.months + other.months, self.days + other.days)

    def __bool__(self) -> bool:
        return bool(self.months or self.days)

    def __str__(self) -> str:
        parts = []
        if self.months:
            parts.append(f"{self.months} month" + ("s" if self.months != 1 else ""))
        if self.days or not parts:
            parts.append(f"{self.days} day" + ("s" if self.days != 1 else ""))
        return " ".join(parts)


def add_period(start: date, period: Period) -> date:
    """Last day of ``period`` counted from ``start`` (the start day itself is not counted).

    Months land on the corresponding day of the final month, clamped to its last day
    (Civil Code Art. 202: 2024-08-31 + 6 months = 2025-02-28); days are then added.
    No holiday roll-forward here: see :func:`next_workday`.
    """
    year, month0 = divmod(start.month - 1 + period.months, 12)
    year += start.year
    day = min(start.day, _monthcal.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day) + timedelta(days=period.days)


@runtime_checkable
class HolidayCalendar(Protocol):
    """Which days are working days (工作日) for the roll-forward rule.

    ``is_official`` is False when the answer is a fallback guess rather than the State
    Council's published arrangement; deadlines computed on such a day are flagged
    provisional.
    """

    def is_workday(self, day: date) -> bool: ...

    def is_official(self, day: date) -> bool: ...


class ChineseHolidayCalendar:
    """China's official calendar (package ``chinesecalendar``) plus an override table.

    ``overrides`` maps a date to ``True`` (working day) or ``False`` (rest day) and wins
    over the package, so admins can correct or pre-publish a year before the package
    is updated.  For a year the package does not know (it only covers years whose
    State Council notice was published when it was released):

    * ``unknown_years="error"`` (default) raises :class:`CalendarCoverageError`;
    * ``unknown_years="weekends"`` treats Saturdays/Sundays as rest days and all other
      days as working days, and reports the answer as not official.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        *,
        unknown_years: Literal["error", "weekends"] = "error",
    ) -> None:
        if unknown_years not in ("error", "weekends"):
            raise ValueError(f"unknown_years must be 'error' or 'weekends', got {unknown_years!r}")
        self._overrides = dict(overrides or {})
        self._unknown_years = unknown_years

    def _package_is_workday(self, day: date) -> bool | None:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return None

    def is_official(self, day: date) -> bool:
        return day in self._overrides or self._package_is_workday(day) is not None

    def is_workday(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        answer = self._package_is_workday(day)
        if answer is not None:
            return answer
        if self._unknown_years == "weekends":
            return day.weekday() < 5
        raise CalendarCoverageError(
            f"no official holiday data for {day.isoformat()} (year {day.year}): update the "
            "chinesecalendar package, add overrides for that year, or use unknown_years='weekends'"
        )


_DEFAULT_CALENDAR = ChineseHolidayCalendar()


def next_workday(day: date, calendar: HolidayCalendar | None = None) -> date:
    """``day`` itself if it is a working day, else the first working day after it.

    This is the roll-forward of CPL Art. 85 ¶3 / CrimPL Art. 105 ¶3 (以法定休假日后的第一日
    为期间届满的日期); an adjusted working Saturday (调休上班日) is a working day.
    """
    cal = calendar or _DEFAULT_CALENDAR
    while not cal.is_workday(day):
        day += timedelta(days=1)
    return day


# ---------------------------------------------------------------------------
# The rules table
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExtensionStep:
    """One rung of the extension ladder (延长审限): who approves and how much at most.

    ``max_period=None`` means the law sets no maximum for this step.  A ``repeatable``
    step may be granted again (e.g. SPC grants of 1–3 months each).
    """

    approvers: frozenset[str]
    max_period: Period | None
    source: str
    repeatable: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class PeriodRule:
    """One row of :data:`RULES`: a statutory limit or window and where it comes from.

    ``target`` is a shorter period the law asks for before the hard limit (criminal
    first instance: 2 months, at the latest 3).  ``max_total`` caps limit + extensions.
    ``rolls_forward`` is the default for the holiday roll-forward (see module doc).
    """

    key: str
    title_zh: str
    title_en: str
    branch: str
    kind: Kind
    limit: Period
    source: str
    valid_from: date
    valid_to: date | None = None
    extensions: tuple[ExtensionStep, ...] = ()
    max_total: Period | None = None
    target: Period | None = None
    rolls_forward: bool = False
    note: str = ""

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


#: Earliest date the table covers: the platform's case numbers start on 2016-01-01; the
#: rules below without a later ``valid_from`` were unchanged in substance at that date.
TABLE_FROM = date(2016, 1, 1)
CPL_2021_AMENDMENT = date(2022, 1, 1)  # small claims / summary reform (CPL 2021 revision)
CRIMPL_2018 = date(2018, 10, 26)  # fast-track procedure enters the CrimPL

PRESIDENT = frozenset({"court_president"})
HIGHER = frozenset({"higher_court"})
HIGH = frozenset({"high_court"})
SPC = frozenset({"spc"})
HIGH_OR_SPC = frozenset({"high_court", "spc"})


def _m(n: int) -> Period:
    return Period(months=n)


def _d(n: int) -> Period:
    return Period(days=n)


def _criminal_ladder(
    first: Period, first_approvers: frozenset[str], first_source: str
) -> tuple[ExtensionStep, ...]:
    return (
        ExtensionStep(first_approvers, first, first_source),
        # Beyond the first extension only the SPC may extend, 1–3 months per grant, and a
        # new application may follow (CrimPL Interp. Art. 210).
        ExtensionStep(SPC, _m(3), "CrimPL Interp. Art. 210", repeatable=True),
    )


_ENFORCEMENT_LADDER = (
    ExtensionStep(PRESIDENT, _m(3), "SPC 2000 Provisions Art. 5"),
    ExtensionStep(
        HIGH,
        None,
        "SPC 2000 Provisions Art. 5",
        repeatable=True,
        note="层报高级人民法院备案: reported up to the high court for the record (verify whether a "
        "president's approval suffices)",
    ),
)

# fmt: off
#: THE rules table.  Article numbers: CPL 2023, CrimPL 2018, ALL 2017 (time-limits.md).
RULES: tuple[PeriodRule, ...] = (
    # --- filing (立案) ---------------------------------------------------------------
    PeriodRule("filing-review", "立案审查", "decision on registering a civil/administrative filing",
               "civil", "court_act", _d(7),
               "CPL Art. 126; ALL Art. 51; SPC Registration Provisions Art. 8", TABLE_FROM,
               note="if undecided within the period, register first"),
    PeriodRule("filing-review-private-prosecution", "自诉立案审查",
               "decision on a private prosecution filing",
               "criminal", "court_act", _d(15), "SPC Registration Provisions Art. 8", TABLE_FROM),
    PeriodRule("filing-review-third-party-revocation", "第三人撤销之诉立案审查",
               "decision on a third-party set-aside filing", "civil", "court_act", _d(30),
               "SPC Registration Provisions Art. 8", TABLE_FROM),
    PeriodRule("filing-review-enforcement-objection-suit", "执行异议之诉立案审查",
               "decision on an enforcement-objection suit filing", "civil", "court_act", _d(15),
               "SPC Registration Provisions Art. 8", TABLE_FROM),
    # --- civil trial limits (民事审限) ---------------------------------------------------
    PeriodRule("civil-ordinary", "民事普通程序一审", "civil first instance, ordinary procedure", "civil",
               "trial_limit", _m(6), "CPL Art. 152", TABLE_FROM,
               extensions=(
                   ExtensionStep(PRESIDENT, _m(6), "CPL Art. 152"),
                   ExtensionStep(HIGHER, _m(3), "CPL Art. 152; SPC 2018 Provisions Art. 1",
                                 note="maximum of 3 months from the SPC rule (verify)"),
               )),
    PeriodRule("civil-summary", "民事简易程序", "civil summary procedure", "civil", "trial_limit", _m(3),
               "CPL 2017 Art. 161; CPL Interp. 2015 Art. 258", TABLE_FROM, CPL_2021_AMENDMENT - timedelta(1),
               extensions=(ExtensionStep(PRESIDENT, _m(3), "CPL Interp. 2015 Art. 258",
                                         note="with both parties' consent (verify)"),),
               max_total=_m(6)),
    PeriodRule("civil-summary", "民事简易程序", "civil summary procedure", "civil", "trial_limit", _m(3),
               "CPL Art. 164; CPL Interp. Art. 258", CPL_2021_AMENDMENT,
               extensions=(ExtensionStep(PRESIDENT, _m(1), "CPL Art. 164"),), max_total=_m(4)),
    PeriodRule("civil-small-claims", "小额诉讼", "civil small claims", "civil", "trial_limit", _m(3),
               "CPL 2017 Arts. 161-162 (small claims under the summary procedure)", TABLE_FROM,
               CPL_2021_AMENDMENT - timedelta(1),
               extensions=(ExtensionStep(PRESIDENT, _m(3), "CPL Interp. 2015 Art. 258",
                                         note="with both parties' consent (verify)"),),
               max_total=_m(6)),
    PeriodRule("civil-small-claims", "小额诉讼", "civil small claims", "civil", "trial_limit", _m(2),
               "CPL Art. 168", CPL_2021_AMENDMENT,
               extensions=(ExtensionStep(PRESIDENT, _m(1), "CPL Art. 168"),), max_total=_m(3)),
    PeriodRule("civil-second-instance-judgment", "民事二审（判决上诉）", "civil appeal against a judgment",
               "civil", "trial_limit", _m(3), "CPL Art. 183", TABLE_FROM,
               extensions=(ExtensionStep(PRESIDENT, _m(3), "CPL Art. 183; SPC 2018 Provisions Art. 1",
                                         note="3-month maximum from the SPC rule (verify)"),)),
    PeriodRule("civil-second-instance-ruling", "民事二审（裁定上诉）", "civil appeal against a ruling",
               "civil", "trial_limit", _d(30), "CPL Art. 183", TABLE_FROM,
               extensions=(ExtensionStep(PRESIDENT, None, "CPL Interp. Art. 339 (verify)"),)),
    PeriodRule("civil-special-procedure", "特别程序", "civil special procedure", "civil", "trial_limit",
               _d(30), "CPL Art. 187", TABLE_FROM,
               extensions=(ExtensionStep(PRESIDENT, None, "CPL Art. 187"),),
               note="runs from filing, or from the end of the public-notice period where there is one"),
    PeriodRule("civil-retrial-review", "民事再审审查", "review of a civil retrial application", "civil",
               "trial_limit", _m(3), "CPL Art. 215", TABLE_FROM,
               extensions=(ExtensionStep(PRESIDENT, None, "CPL Art. 215"),),
               note="runs from receipt of the application"),
    PeriodRule("civil-complaint-copy", "起诉状副本送达", "sending the complaint copy to the defendant",
               "civil", "court_act", _d(5), "CPL Art. 128", TABLE_FROM),
    PeriodRule("civil-judgment-delivery", "宣判后送达判决书", "delivery of a judgment pronounced in court",
               "civil", "court_act", _d(10), "CPL Art. 151", TABLE_FROM),
    PeriodRule("civil-payment-order-acceptance", "支付令受理",
               "decision to accept a payment-order application",
               "civil", "court_act", _d(5), "CPL Art. 226", TABLE_FROM),
    PeriodRule("civil-payment-order-issue", "发出支付令", "issuing a payment order after acceptance",
               "civil", "court_act", _d(15), "CPL Art. 227", TABLE_FROM),
    # --- civil party windows (民事当事人期间) --------------------------------------------
    PeriodRule("civil-defence", "答辩期", "defence after receiving the complaint copy", "civil",
               "party_window", _d(15), "CPL Art. 128", TABLE_FROM, rolls_forward=True),
    PeriodRule("civil-appeal-judgment", "民事判决上诉期", "appeal against a civil judgment", "civil",
               "party_window", _d(15), "CPL Art. 171", TABLE_FROM, rolls_forward=True),
    PeriodRule("civil-appeal-ruling", "民事裁定上诉期", "appeal against a civil ruling", "civil",
               "party_window", _d(10), "CPL Art. 171", TABLE_FROM, rolls_forward=True),
    PeriodRule("civil-appeal-no-domicile", "涉外上诉期", "appeal by a party without domicile in China",
               "civil", "party_window", _d(30), "CPL Art. 286", TABLE_FROM, rolls_forward=True),
    PeriodRule("civil-payment-order-objection", "支付令异议期", "debtor's time to pay or object",
               "civil", "party_window", _d(15), "CPL Art. 227", TABLE_FROM, rolls_forward=True),
    PeriodRule("civil-retrial-application", "申请再审期限", "applying for a civil retrial", "civil",
               "party_window", _m(6), "CPL Art. 216", TABLE_FROM, rolls_forward=True,
               note="runs from the judgment taking effect"),
    PeriodRule("civil-enforcement-application", "申请执行期间", "applying for enforcement", "civil",
               "party_window", _m(24), "CPL Art. 250", TABLE_FROM, rolls_forward=True),
    PeriodRule("civil-late-application", "期间耽误后申请顺延", "applying to extend a missed period",
               "civil", "party_window", _d(10), "CPL Art. 86", TABLE_FROM, rolls_forward=True,
               note="runs from the end of the obstacle (force majeure or other good reason)"),
    PeriodRule("civil-hearing-notice", "开庭通知", "minimum notice of a hearing", "civil", "notice", _d(3),
               "CPL Art. 139", TABLE_FROM),
    # --- service (送达) --------------------------------------------------------------
    PeriodRule("service-public-notice", "公告送达", "deemed service after public notice", "civil",
               "service", _d(30), "CPL Art. 95", TABLE_FROM),
    PeriodRule("service-public-notice-abroad", "涉外公告送达", "deemed service after public notice abroad",
               "civil", "service", _d(60), "CPL Art. 283", TABLE_FROM),
    # --- criminal (刑事) ---------------------------------------------------------------
    PeriodRule("criminal-first-instance", "刑事公诉一审", "criminal first instance, public prosecution",
               "criminal", "trial_limit", _m(3), "CrimPL Art. 208", TABLE_FROM,
               extensions=_criminal_ladder(_m(3), HIGHER, "CrimPL Art. 208; CrimPL Interp. Art. 210"),
               target=_m(2),
               note="extension only for possible death sentence, incidental civil action or Art. 158 "
                    "situations; the limit restarts after supplementary investigation or transfer"),
    PeriodRule("criminal-private-prosecution-custody", "自诉（被告人在押）",
               "criminal private prosecution, defendant in custody", "criminal", "trial_limit", _m(3),
               "CrimPL Art. 212 (applying Art. 208)", TABLE_FROM,
               extensions=_criminal_ladder(_m(3), HIGHER, "CrimPL Arts. 208, 212; CrimPL Interp. Art. 210"),
               target=_m(2)),
    PeriodRule("criminal-private-prosecution", "自诉（被告人未在押）",
               "criminal private prosecution, defendant not in custody", "criminal", "trial_limit", _m(6),
               "CrimPL Art. 212", TABLE_FROM),
    PeriodRule("criminal-summary", "刑事简易程序", "criminal summary procedure", "criminal", "trial_limit",
               _d(20), "CrimPL Art. 220", TABLE_FROM),
    PeriodRule("criminal-summary-serious", "刑事简易程序（可能判处三年以上）",
               "criminal summary procedure, sentence may exceed 3 years", "criminal", "trial_limit",
               Period(months=1, days=15), "CrimPL Art. 220; half a month = 15 days (CrimPL Interp. Art. 202)",
               TABLE_FROM),
    PeriodRule("criminal-fast-track", "速裁程序", "criminal fast-track procedure", "criminal", "trial_limit",
               _d(10), "CrimPL Art. 225", CRIMPL_2018),
    PeriodRule("criminal-fast-track-serious", "速裁程序（可能判处一年以上）",
               "criminal fast-track procedure, sentence may exceed 1 year", "criminal", "trial_limit",
               _d(15), "CrimPL Art. 225", CRIMPL_2018),
    PeriodRule("criminal-second-instance", "刑事二审", "criminal second instance", "criminal", "trial_limit",
               _m(2), "CrimPL Art. 243", TABLE_FROM,
               extensions=_criminal_ladder(_m(2), HIGH, "CrimPL Art. 243")),
    PeriodRule("criminal-retrial", "刑事再审", "criminal retrial", "criminal", "trial_limit", _m(3),
               "CrimPL Art. 258", TABLE_FROM,
               extensions=(ExtensionStep(PRESIDENT, _m(3), "CrimPL Art. 258",
                                         note="Art. 258 does not name the approver (verify)"),),
               max_total=_m(6), note="runs from the decision to retry"),
    PeriodRule("criminal-appeal-judgment", "刑事判决上诉期", "appeal/protest against a criminal judgment",
               "criminal", "party_window", _d(10), "CrimPL Art. 230", TABLE_FROM, rolls_forward=True,
               note="CrimPL Art. 105 ¶4 (no roll-forward in custody) may apply to detained defendants: "
                    "pass roll_forward=False if the court so decides (verify)"),
    PeriodRule("criminal-appeal-ruling", "刑事裁定上诉期", "appeal/protest against a criminal ruling",
               "criminal", "party_window", _d(5), "CrimPL Art. 230", TABLE_FROM, rolls_forward=True,
               note="see criminal-appeal-judgment on detained defendants (verify)"),
    PeriodRule("criminal-late-application", "期间耽误后申请顺延", "applying to extend a missed period",
               "criminal", "party_window", _d(5), "CrimPL Art. 106", TABLE_FROM, rolls_forward=True),
    PeriodRule("criminal-hearing-notice", "开庭传票、通知", "minimum notice of a criminal hearing",
               "criminal", "notice", _d(3), "CrimPL Art. 187", TABLE_FROM),
    PeriodRule("criminal-indictment-copy", "起诉书副本送达", "indictment copy to the defendant before trial",
               "criminal", "notice", _d(10), "CrimPL Art. 187", TABLE_FROM),
    # --- administrative (行政) ----------------------------------------------------------
    PeriodRule("administrative-first-instance", "行政一审", "administrative first instance",
               "administrative", "trial_limit", _m(6), "ALL Art. 81", TABLE_FROM,
               extensions=(ExtensionStep(HIGH_OR_SPC, None, "ALL Art. 81", repeatable=True,
                                         note="the SPC approves for a high court's own cases"),)),
    PeriodRule("administrative-summary", "行政简易程序", "administrative summary procedure",
               "administrative", "trial_limit", _d(45), "ALL Art. 83", TABLE_FROM,
               note="no extension; convert to the ordinary procedure instead"),
    PeriodRule("administrative-second-instance", "行政二审", "administrative second instance",
               "administrative", "trial_limit", _m(3), "ALL Art. 88", TABLE_FROM,
               extensions=(ExtensionStep(HIGH_OR_SPC, None, "ALL Art. 88", repeatable=True,
                                         note="the SPC approves for a high court's own cases"),),
               note="runs from receipt of the appeal"),
    PeriodRule("administrative-defence", "行政答辩期", "defendant agency's evidence and defence",
               "administrative", "party_window", _d(15), "ALL Art. 67", TABLE_FROM, rolls_forward=True),
    PeriodRule("administrative-appeal-judgment", "行政判决上诉期",
               "appeal against an administrative judgment",
               "administrative", "party_window", _d(15), "ALL Art. 85", TABLE_FROM, rolls_forward=True),
    PeriodRule("administrative-appeal-ruling", "行政裁定上诉期", "appeal against an administrative ruling",
               "administrative", "party_window", _d(10), "ALL Art. 85", TABLE_FROM, rolls_forward=True),
    PeriodRule("administrative-hearing-notice", "行政开庭通知", "minimum notice of an administrative hearing",
               "administrative", "notice", _d(3), "ALL Art. 101 applying CPL Art. 139", TABLE_FROM),
    # --- enforcement (执行) -------------------------------------------------------------
    PeriodRule("enforcement", "执行案件", "enforcement case", "enforcement", "trial_limit", _m(6),
               "SPC 2000 Provisions Art. 5", TABLE_FROM, extensions=_ENFORCEMENT_LADDER),
    PeriodRule("enforcement-non-litigation", "非诉执行案件", "non-litigation enforcement case",
               "enforcement", "trial_limit", _m(3), "SPC 2000 Provisions Art. 5", TABLE_FROM,
               extensions=_ENFORCEMENT_LADDER),
    PeriodRule("enforcement-objection-review", "执行异议审查", "review of an objection to an enforcement act",
               "enforcement", "trial_limit", _d(15), "CPL Art. 236", TABLE_FROM),
    PeriodRule("enforcement-reconsideration-application", "执行复议申请期",
               "applying to the higher court for reconsideration", "enforcement", "party_window", _d(10),
               "CPL Art. 236", TABLE_FROM, rolls_forward=True),
    PeriodRule("enforcement-outsider-objection-review", "案外人异议审查", "review of an outsider's objection",
               "enforcement", "trial_limit", _d(15), "CPL Art. 238", TABLE_FROM),
    PeriodRule("enforcement-outsider-suit", "案外人异议之诉起诉期",
               "outsider's suit after the objection ruling",
               "enforcement", "party_window", _d(15), "CPL Art. 238", TABLE_FROM, rolls_forward=True),
)
# fmt: on


def _check_table(rules: Iterable[PeriodRule]) -> None:
    by_key: dict[str, list[PeriodRule]] = {}
    for row in rules:
        by_key.setdefault(row.key, []).append(row)
    for key, rows in by_key.items():
        rows.sort(key=lambda r: r.valid_from)
        for before, after in itertools.pairwise(rows):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                raise RuntimeError(f"overlapping versions of time-limit rule {key!r}")


_check_table(RULES)


def rule_for(procedure: str, on: date) -> PeriodRule:
    """The version of rule ``procedure`` in force on ``on`` (normally the start date)."""
    rows = [row for row in RULES if row.key == procedure]
    if not rows:
        known = ", ".join(sorted({row.key for row in RULES}))
        raise TimeLimitError(f"unknown procedure {procedure!r}; known: {known}")
    for row in rows:
        if row.in_force_on(on):
            return row
    raise TimeLimitError(
        f"no version of rule {procedure!r} is in force on {on.isoformat()} "
        f"(the table covers dates from {min(r.valid_from for r in rows).isoformat()})"
    )


# ---------------------------------------------------------------------------
# Inputs: suspensions and extensions
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suspension:
    """A period not counted in the limit (扣除审限), both ends inclusive.

    ``end=None`` means still running: it is counted up to ``as_of``.  ``reason`` is free
    text (e.g. "public notice", "appraisal"; CPL Interp. Art. 243).
    """

    start: date
    end: date | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise TimeLimitError(f"suspension ends ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True, slots=True)
class Extension:
    """An approved extension of the limit (延长审限)."""

    approver: Approver
    months: int = 0
    days: int = 0
    approved_on: date | None = None
    reference: str = ""

    @property
    def period(self) -> Period:
        return Period(self.months, self.days)


SuspensionLike = Suspension | tuple[date, date | None] | tuple[date, date | None, str]


def _as_suspension(item: SuspensionLike) -> Suspension:
    if isinstance(item, Suspension):
        return item
    return Suspension(*item)


# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline with everything needed to show and explain it.

    ``due`` is the last day (it ends at 24:00, Civil Code Art. 203).  ``statutory_end``
    is the raw end of the statutory limit; ``unrolled_due`` the end after suspensions
    and extensions, before the holiday roll-forward.
    """

    rule: PeriodRule
    start: date
    statutory_end: date
    unrolled_due: date
    due: date
    excluded_days: int
    suspensions: tuple[Suspension, ...]
    extensions: tuple[Extension, ...]
    roll_forward: bool
    target: date | None = None
    provisional: bool = False
    _steps: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def procedure(self) -> str:
        return self.rule.key

    @property
    def limit(self) -> Period:
        """The statutory limit (法定期限) before extensions."""
        return self.rule.limit

    def days_left(self, today: date) -> int:
        """Days from ``today`` to the due date: 0 on the last day, negative once overdue."""
        return (self.due - today).days

    def status(self, today: date, approaching_days: int = 15) -> Status:
        """``"overdue"`` after the due date, ``"approaching"`` within ``approaching_days``.

        15 days by default because extension requests must reach the approver at least
        15 days before expiry (SPC 2019 rule Art. 1; CrimPL Interp. Art. 210).
        """
        left = self.days_left(today)
        if left < 0:
            return "overdue"
        if left <= approaching_days:
            return "approaching"
        return "normal"

    def explain(self) -> list[str]:
        """Step-by-step English explanation of how ``due`` was reached."""
        return list(self._steps)


# ---------------------------------------------------------------------------
# Computation
# ---------------------------------------------------------------------------


def _merge(intervals: list[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _days_within(intervals: list[tuple[date, date]], after: date, until: date) -> int:
    """Suspended days in (after, until]; the start day is never counted anyway."""
    total = 0
    for lo, hi in intervals:
        lo, hi = max(lo, after + timedelta(days=1)), min(hi, until)
        if hi >= lo:
            total += (hi - lo).days + 1
    return total


def _end_with_suspensions(
    start: date, limit: Period, extensions: tuple[Extension, ...], intervals: list[tuple[date, date]]
) -> tuple[date, date, int]:
    """(end before extensions, end after extensions, excluded days), at the fixed point.

    Suspended days push the end back, and a later end may take in more suspended days,
    so iterate until the count is stable (it only grows and is bounded).
    """
    excluded = 0
    while True:
        base = add_period(start, limit) + timedelta(days=excluded)
        end = base
        for ext in extensions:
            end = add_period(end, ext.period)
        counted = _days_within(intervals, start, end)
        if counted == excluded:
            return base, end, excluded
        excluded = counted


def _check_extensions(rule: PeriodRule, start: date, extensions: tuple[Extension, ...]) -> list[str]:
    notes: list[str] = []
    if extensions and not rule.extensions:
        raise TimeLimitError(f"{rule.key} cannot be extended ({rule.source})")
    for i, ext in enumerate(extensions):
        if not ext.period:
            raise TimeLimitError(f"extension {i + 1} of {rule.key} has no length")
        if i < len(rule.extensions):
            step = rule.extensions[i]
        elif rule.extensions[-1].repeatable:
            step = rule.extensions[-1]
        else:
            raise TimeLimitError(
                f"{rule.key} allows at most {len(rule.extensions)} extension(s) "
                f"({rule.extensions[-1].source})"
            )
        if ext.approver not in step.approvers:
            raise TimeLimitError(
                f"extension {i + 1} of {rule.key} must be approved by {' or '.join(sorted(step.approvers))} "
                f"({step.source}), not {ext.approver}"
            )
        if step.max_period is not None and add_period(start, ext.period) > add_period(start, step.max_period):
            raise TimeLimitError(
                f"extension {i + 1} of {rule.key} is {ext.period}, more than the {step.max_period} "
                f"allowed ({step.source})"
            )
        notes.append(step.source)
    if rule.max_total is not None:
        total = rule.limit
        for ext in extensions:
            total = total + ext.period
        if add_period(start, total) > add_period(start, rule.max_total):
            raise TimeLimitError(
                f"{rule.key}: limit plus extensions ({total}) exceed the total of {rule.max_total} "
                f"allowed ({rule.source})"
            )
    return notes


#: Where the counting rules (start day not counted, rest-day roll-forward) come from.
_COUNTING_SOURCE = {
    "civil": "CPL Art. 85",
    "enforcement": "CPL Art. 85",
    "criminal": "CrimPL Art. 105",
    "administrative": "ALL Art. 101 applying CPL Art. 85",
}
_MONTH_SOURCE = "Civil Code Art. 202; CrimPL Interp. Art. 202"


def _fmt(day: date) -> str:
    return f"{day.isoformat()} ({day.strftime('%a')})"


def compute_deadline(
    procedure: str,
    start: date,
    suspensions: Iterable[SuspensionLike] = (),
    extensions: Iterable[Extension] = (),
    as_of: date | None = None,
    calendar: HolidayCalendar | None = None,
    *,
    roll_forward: bool | None = None,
) -> Deadline:
    """Compute a time limit (审限) or period (期间) of rule ``procedure`` from ``start``.

    ``start`` is the day of the triggering event (filing/acceptance, service, …); it is
    not counted.  ``suspensions`` are not counted (an open one, ``end=None``, runs to
    ``as_of``, which is then required).  ``extensions`` are approved extensions in the
    order granted; each is checked against the rule's extension ladder.  ``calendar``
    defaults to the official Chinese calendar; ``roll_forward`` overrides the rule's
    default for moving a last day that is a rest day to the next working day.

    Raises :class:`TimeLimitError` for an unknown rule, an extension the rule does not
    allow, or a date outside the calendar's coverage (:class:`CalendarCoverageError`).
    """
    rule = rule_for(procedure, start)
    if rule.kind == "notice":
        raise TimeLimitError(f"{procedure} is counted back from the hearing: use latest_hearing_notice_date")
    cal = calendar or _DEFAULT_CALENDAR
    exts = tuple(extensions)
    susp = tuple(_as_suspension(s) for s in suspensions)
    ext_sources = _check_extensions(rule, start, exts)

    intervals: list[tuple[date, date]] = []
    for s in susp:
        if s.end is None:
            if as_of is None:
                raise TimeLimitError(f"suspension from {s.start} is still running: pass as_of")
            if as_of < s.start:
                continue
        intervals.append((s.start, s.end if s.end is not None else as_of))  # type: ignore[arg-type]
    intervals = _merge(intervals)

    steps: list[str] = []
    version = f"in force from {rule.valid_from.isoformat()}" + (
        f" to {rule.valid_to.isoformat()}" if rule.valid_to else ""
    )
    steps.append(
        f"Rule {rule.key} — {rule.title_en} ({rule.title_zh}): {rule.limit} ({rule.source}); "
        f"rule version {version}."
    )
    if rule.note:
        steps.append(f"Note: {rule.note}.")
    counting = _COUNTING_SOURCE.get(rule.branch, _COUNTING_SOURCE["civil"])
    steps.append(f"Start: {_fmt(start)}; the start day is not counted ({counting}).")

    statutory_end = add_period(start, rule.limit)
    raw = f"Raw end: {start.isoformat()} + {rule.limit} = {_fmt(statutory_end)}"
    if rule.limit.months and statutory_end.day != start.day and not rule.limit.days:
        raw += f" (no corresponding day in the final month, so its last day: {_MONTH_SOURCE})"
    elif rule.limit.months:
        raw += f" (corresponding day of the final month: {_MONTH_SOURCE})"
    steps.append(raw + ".")

    target = None
    if rule.target is not None:
        _, target, _ = _end_with_suspensions(start, rule.target, (), intervals)
        steps.append(f"Target: {rule.target} → {_fmt(target)}; {rule.limit} is the latest ({rule.source}).")

    base, end, excluded = _end_with_suspensions(start, rule.limit, exts, intervals)
    if intervals:
        listed = "; ".join(
            f"{s.start.isoformat()} to {(s.end or as_of).isoformat()}"  # type: ignore[union-attr]
            + (" (still running)" if s.end is None else "")
            + (f" ({s.reason})" if s.reason else "")
            for s in susp
            if s.end is not None or (as_of is not None and as_of >= s.start)
        )
        steps.append(
            f"Suspensions: {listed}; {excluded} day(s) within the period are not counted "
            f"(CPL Interp. Art. 243; SPC 2000 Provisions Art. 9) → {_fmt(base)}."
        )
    else:
        steps.append("Suspensions: none.")

    running = base
    for i, (ext, source) in enumerate(zip(exts, ext_sources, strict=True)):
        running = add_period(running, ext.period)
        when = f" on {ext.approved_on.isoformat()}" if ext.approved_on else ""
        ref = f", {ext.reference}" if ext.reference else ""
        steps.append(
            f"Extension {i + 1}: +{ext.period} approved by {ext.approver}{when}{ref} ({source})"
            f" → {_fmt(running)}."
        )
    if not exts:
        steps.append("Extensions: none.")

    do_roll = rule.rolls_forward if roll_forward is None else roll_forward
    due = end
    provisional = False
    if do_roll:
        due = next_workday(end, cal)
        provisional = not all(cal.is_official(end + timedelta(days=n)) for n in range((due - end).days + 1))
        if due != end:
            steps.append(
                f"Holiday roll-forward: {_fmt(end)} is a rest day, so the period ends on the first working "
                f"day after it, {_fmt(due)} ({counting})."
            )
        else:
            steps.append(f"Holiday roll-forward: {_fmt(end)} is a working day; no change.")
        if provisional:
            steps.append(
                "Calendar: no official holiday data for that date; weekends-only fallback, provisional."
            )
    else:
        steps.append(
            "Holiday roll-forward: not applied"
            + (
                " by configuration."
                if roll_forward is False
                else f" by default to this kind of period ({rule.kind})."
            )
        )
    steps.append(f"Due: {_fmt(due)}, ending at 24:00 (Civil Code Art. 203).")

    return Deadline(
        rule=rule,
        start=start,
        statutory_end=statutory_end,
        unrolled_due=end,
        due=due,
        excluded_days=excluded,
        suspensions=susp,
        extensions=exts,
        roll_forward=do_roll,
        target=target,
        provisional=provisional,
        _steps=tuple(steps),
    )


# ---------------------------------------------------------------------------
# Short windows used by later issues (appeals, service, hearing notices)
# ---------------------------------------------------------------------------

Branch = Literal["civil", "criminal", "administrative"]


def appeal_deadline(
    service_date: date,
    *,
    branch: Branch = "civil",
    decision: Literal["judgment", "ruling"] = "judgment",
    domicile_abroad: bool = False,
    roll_forward: bool | None = None,
    calendar: HolidayCalendar | None = None,
) -> Deadline:
    """Last day to appeal (上诉期) counted from the day the decision was served.

    Civil and administrative: 15 days for judgments, 10 for rulings (CPL Art. 171, ALL
    Art. 85); civil party without domicile in China: 30 days (CPL Art. 286).  Criminal:
    10 / 5 days (CrimPL Art. 230).  For a detained criminal defendant, whether CrimPL
    Art. 105 ¶4 stops the holiday roll-forward is unsettled: pass ``roll_forward=False``
    if the court applies it.
    """
    if decision not in ("judgment", "ruling"):
        raise TimeLimitError(f"decision must be 'judgment' or 'ruling', got {decision!r}")
    if branch not in ("civil", "criminal", "administrative"):
        raise TimeLimitError(f"branch must be civil, criminal or administrative, got {branch!r}")
    if domicile_abroad:
        if branch != "civil":
            raise TimeLimitError("the 30-day appeal period for parties abroad is a civil rule (CPL Art. 286)")
        key = "civil-appeal-no-domicile"
    else:
        key = f"{branch}-appeal-{decision}"
    return compute_deadline(key, service_date, calendar=calendar, roll_forward=roll_forward)


#: China has used UTC+8 without daylight saving since 1991.
CHINA_TZ = timezone(timedelta(hours=8), "CST")


def electronic_service_date(reached_at: datetime | date) -> date:
    """Date of electronic service: the day the document reached the recipient's system.

    CPL Art. 90 (电子送达以送达信息到达受送达人特定系统的日期为送达日期).  An aware
    datetime is converted to China time first (a message arriving at 2024-09-30 17:00
    UTC is served on 1 October in China); a naive datetime is taken as China time.
    """
    if isinstance(reached_at, datetime):
        if reached_at.tzinfo is not None:
            reached_at = reached_at.astimezone(CHINA_TZ)
        return reached_at.date()
    return reached_at


def public_notice_service_date(published: date, *, abroad: bool = False) -> date:
    """Date on which service by public notice (公告送达) is deemed effective.

    30 days after publication (CPL Art. 95), 60 days for parties abroad (Art. 283).
    This is the date of a legal fiction, not the end of a period for acting, so no
    holiday roll-forward is applied; periods that run from it (e.g. the appeal period)
    roll forward themselves.
    """
    rule = rule_for("service-public-notice-abroad" if abroad else "service-public-notice", published)
    return add_period(published, rule.limit)


def latest_hearing_notice_date(hearing: date, *, branch: Branch = "civil", indictment: bool = False) -> date:
    """Latest day to serve the hearing notice so that the statutory notice period is kept.

    Civil and administrative: 3 days before the hearing (CPL Art. 139; ALL Art. 101).
    Criminal: summons and notices 3 days before, the indictment copy 10 days before
    (``indictment=True``; CrimPL Art. 187).  Counted back from the hearing without
    holiday adjustment, since moving the day later would shorten the notice.
    """
    if indictment and branch != "criminal":
        raise TimeLimitError("the indictment-copy period is a criminal rule (CrimPL Art. 187)")
    if branch not in ("civil", "criminal", "administrative"):
        raise TimeLimitError(f"branch must be civil, criminal or administrative, got {branch!r}")
    key = "criminal-indictment-copy" if indictment else f"{branch}-hearing-notice"
    rule = rule_for(key, hearing)
    return hearing - timedelta(days=rule.limit.days)
