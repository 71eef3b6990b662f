"""Table-driven tests for time limits (审限) and periods, on the real 2024–2026 calendar.

Calendar facts used below (State Council notices): 2024 National Day off 1–7 Oct, 29 Sep
(Sun) and 12 Oct (Sat) working; 2024 Mid-Autumn off 15–17 Sep, 14 Sep (Sat) working;
2025 Spring Festival off 28 Jan–4 Feb, 26 Jan (Sun) and 8 Feb (Sat) working; 2025
Dragon Boat off 31 May–2 Jun; 2025 National Day off 1–8 Oct, 28 Sep (Sun) and 11 Oct
(Sat) working; 2026 Spring Festival off 15–23 Feb, 14 Feb and 28 Feb (Sat) working;
2026 National Day off 1–7 Oct.  The package knows no year after 2026.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from xiezhi.cases.time_limits import (
    RULES,
    CalendarCoverageError,
    ChineseHolidayCalendar,
    Extension,
    HolidayCalendar,
    Period,
    Suspension,
    TimeLimitError,
    add_period,
    appeal_deadline,
    compute_deadline,
    electronic_service_date,
    latest_hearing_notice_date,
    next_workday,
    public_notice_service_date,
    rule_for,
)

D = date


# ---------------------------------------------------------------------------
# Appeal windows and holiday roll-forward
# ---------------------------------------------------------------------------

APPEALS = [
    # (served, branch, decision, expected due, why)
    (D(2024, 9, 18), "civil", "judgment", D(2024, 10, 8), "day 15 = 10-03 National Day → Tue 10-08"),
    (D(2024, 10, 2), "civil", "ruling", D(2024, 10, 12), "day 10 = Sat 10-12, adjusted working day"),
    (D(2024, 9, 26), "criminal", "ruling", D(2024, 10, 8), "day 5 = 10-01 → 10-08"),
    (D(2024, 9, 20), "criminal", "judgment", D(2024, 9, 30), "day 10 = Mon 09-30, working day"),
    (D(2024, 9, 19), "criminal", "judgment", D(2024, 9, 29), "day 10 = Sun 09-29, adjusted working day"),
    (D(2024, 8, 30), "civil", "judgment", D(2024, 9, 14), "day 15 = Sat 09-14, adjusted working day"),
    (D(2024, 6, 7), "civil", "judgment", D(2024, 6, 24), "day 15 = Sat 06-22 → Mon 06-24"),
    (D(2025, 1, 20), "criminal", "judgment", D(2025, 2, 5), "day 10 = 01-30 Spring Festival → Wed 02-05"),
    (D(2025, 1, 29), "civil", "ruling", D(2025, 2, 8), "day 10 = Sat 02-08, adjusted working day"),
    (D(2025, 5, 21), "civil", "ruling", D(2025, 6, 3), "day 10 = Sat 05-31 Dragon Boat → Tue 06-03"),
    (D(2025, 9, 13), "civil", "judgment", D(2025, 9, 28), "day 15 = Sun 09-28, adjusted working day"),
    (D(2025, 9, 21), "administrative", "ruling", D(2025, 10, 9), "day 10 = 10-01 → Thu 10-09"),
    (D(2026, 2, 1), "civil", "judgment", D(2026, 2, 24), "day 15 = 02-16 Spring Festival → Tue 02-24"),
    (D(2026, 2, 4), "administrative", "ruling", D(2026, 2, 14), "day 10 = Sat 02-14, adjusted working day"),
    (D(2026, 9, 16), "administrative", "judgment", D(2026, 10, 8), "day 15 = 10-01 → Thu 10-08"),
]


@pytest.mark.parametrize(("served", "branch", "decision", "due", "why"), APPEALS)
def test_appeal_windows_on_the_real_calendar(served, branch, decision, due, why):
    deadline = appeal_deadline(served, branch=branch, decision=decision)
    assert deadline.due == due, why


def test_rolled_and_unrolled_ends_are_both_kept():
    deadline = appeal_deadline(D(2024, 9, 18))
    assert (deadline.unrolled_due, deadline.due) == (D(2024, 10, 3), D(2024, 10, 8))
    assert deadline.limit == Period(days=15)
    assert deadline.procedure == "civil-appeal-judgment"


@pytest.mark.parametrize(
    ("served", "roll", "due"),
    [
        (D(2024, 9, 26), None, D(2024, 10, 8)),
        (D(2024, 9, 26), True, D(2024, 10, 8)),
        # Detained defendant, court applying CrimPL Art. 105 ¶4: no roll-forward.
        (D(2024, 9, 26), False, D(2024, 10, 1)),
    ],
)
def test_criminal_custody_roll_forward_is_configurable(served, roll, due):
    deadline = appeal_deadline(served, branch="criminal", decision="ruling", roll_forward=roll)
    assert deadline.due == due


@pytest.mark.parametrize(
    ("served", "due"),
    [(D(2024, 9, 1), D(2024, 10, 8)), (D(2024, 5, 1), D(2024, 5, 31))],
)
def test_appeal_by_party_without_domicile_in_china(served, due):
    assert appeal_deadline(served, domicile_abroad=True).due == due


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"branch": "criminal", "domicile_abroad": True}, "CPL Art. 286"),
        ({"decision": "order"}, "judgment' or 'ruling"),
        ({"branch": "military"}, "branch must be"),
    ],
)
def test_appeal_deadline_rejects_bad_arguments(kwargs, message):
    with pytest.raises(TimeLimitError, match=message):
        appeal_deadline(D(2024, 9, 1), **kwargs)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 10, 1), D(2024, 10, 8)),
        (D(2024, 10, 12), D(2024, 10, 12)),
        (D(2024, 9, 29), D(2024, 9, 29)),
        (D(2024, 9, 15), D(2024, 9, 18)),
        (D(2025, 1, 28), D(2025, 2, 5)),
        (D(2025, 10, 4), D(2025, 10, 9)),
        (D(2026, 2, 15), D(2026, 2, 24)),
        (D(2026, 2, 28), D(2026, 2, 28)),
        (D(2026, 3, 1), D(2026, 3, 2)),
    ],
)
def test_next_workday(day, expected):
    assert next_workday(day) == expected


# ---------------------------------------------------------------------------
# Calendar coverage and overrides
# ---------------------------------------------------------------------------


def test_year_outside_the_package_raises_a_clear_error():
    with pytest.raises(CalendarCoverageError, match="no official holiday data for 2027-01-04"):
        appeal_deadline(D(2026, 12, 25), decision="ruling")


def test_weekend_fallback_for_unknown_years_is_flagged_provisional():
    cal = ChineseHolidayCalendar(unknown_years="weekends")
    deadline = appeal_deadline(D(2026, 12, 25), decision="ruling", calendar=cal)
    assert deadline.due == D(2027, 1, 4)
    assert deadline.provisional
    assert any("provisional" in line for line in deadline.explain())
    assert not appeal_deadline(D(2024, 9, 18), calendar=cal).provisional


def test_admin_override_for_an_unpublished_year():
    cal = ChineseHolidayCalendar({D(2027, 1, 4): False}, unknown_years="weekends")
    assert appeal_deadline(D(2026, 12, 25), decision="ruling", calendar=cal).due == D(2027, 1, 5)


@pytest.mark.parametrize(
    ("overrides", "due"),
    [
        ({}, D(2024, 10, 8)),
        ({D(2024, 10, 8): False}, D(2024, 10, 9)),  # e.g. a local emergency closure
        ({D(2024, 10, 3): True}, D(2024, 10, 3)),
    ],
)
def test_overrides_win_over_the_package(overrides, due):
    cal = ChineseHolidayCalendar(overrides)
    assert appeal_deadline(D(2024, 9, 18), calendar=cal).due == due


def test_any_object_with_the_protocol_methods_is_a_calendar():
    class WeekendsOnly:
        def is_workday(self, day: date) -> bool:
            return day.weekday() < 5

        def is_official(self, day: date) -> bool:
            return False

    cal = WeekendsOnly()
    assert isinstance(cal, HolidayCalendar)
    # Without the State Council calendar, 2024-10-03 (Thu) is just a working day.
    assert appeal_deadline(D(2024, 9, 18), calendar=cal).due == D(2024, 10, 3)


def test_bad_fallback_option():
    with pytest.raises(ValueError, match="unknown_years"):
        ChineseHolidayCalendar(unknown_years="guess")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Trial limits: worked examples, month-end clamping, day periods
# ---------------------------------------------------------------------------

LIMITS = [
    # (procedure, start, expected due, why)
    ("civil-ordinary", D(2024, 3, 15), D(2024, 9, 15), "time-limits.md §9 ex. 4"),
    ("civil-small-claims", D(2024, 6, 3), D(2024, 8, 3), "§9 ex. 5"),
    ("criminal-first-instance", D(2024, 5, 10), D(2024, 8, 10), "§9 ex. 6 hard cap"),
    ("civil-summary", D(2024, 1, 31), D(2024, 4, 30), "3 months, clamped to 30 April"),
    ("civil-ordinary", D(2024, 8, 31), D(2025, 2, 28), "month-end clamping (Civil Code Art. 202)"),
    ("civil-second-instance-judgment", D(2023, 11, 30), D(2024, 2, 29), "leap-year clamping"),
    ("civil-small-claims", D(2025, 12, 31), D(2026, 2, 28), "clamping across the year end"),
    ("criminal-second-instance", D(2024, 12, 31), D(2025, 2, 28), "2 months, clamped"),
    ("administrative-first-instance", D(2024, 3, 31), D(2024, 9, 30), "6 months, clamped"),
    ("enforcement", D(2025, 5, 31), D(2025, 11, 30), "6 months, clamped"),
    ("enforcement-non-litigation", D(2025, 1, 15), D(2025, 4, 15), "3 months"),
    ("civil-second-instance-ruling", D(2024, 1, 1), D(2024, 1, 31), "30 days"),
    ("civil-special-procedure", D(2024, 2, 1), D(2024, 3, 2), "30 days across a leap February"),
    ("criminal-summary", D(2024, 9, 20), D(2024, 10, 10), "20 days, holidays inside count"),
    ("criminal-summary-serious", D(2024, 1, 31), D(2024, 3, 15), "1 month (clamped) + 15 days"),
    ("criminal-fast-track", D(2024, 9, 27), D(2024, 10, 7), "10 days, court limit not rolled"),
    ("criminal-fast-track-serious", D(2024, 9, 27), D(2024, 10, 12), "15 days"),
    ("criminal-private-prosecution", D(2024, 2, 29), D(2024, 8, 29), "6 months"),
    ("administrative-summary", D(2024, 1, 1), D(2024, 2, 15), "45 days"),
    ("administrative-second-instance", D(2025, 11, 30), D(2026, 2, 28), "3 months, clamped"),
    ("filing-review", D(2024, 9, 30), D(2024, 10, 7), "7 days"),
    ("filing-review-third-party-revocation", D(2024, 1, 1), D(2024, 1, 31), "30 days"),
]


@pytest.mark.parametrize(("procedure", "start", "due", "why"), LIMITS)
def test_trial_limits(procedure, start, due, why):
    deadline = compute_deadline(procedure, start)
    assert deadline.due == due, why
    assert deadline.statutory_end == due
    assert not deadline.roll_forward  # court-internal limits are not rolled by default


@pytest.mark.parametrize(
    ("procedure", "start", "due"),
    [
        # 2024-09-15 is a Sunday inside the Mid-Autumn holiday (15–17 Sep).
        ("civil-ordinary", D(2024, 3, 15), D(2024, 9, 18)),
        # 2025-05-31 (Sat) starts the Dragon Boat holiday (31 May–2 Jun).
        ("civil-small-claims", D(2025, 3, 31), D(2025, 6, 3)),
        # 2024-10-12 is an adjusted working Saturday: unchanged.
        ("criminal-fast-track-serious", D(2024, 9, 27), D(2024, 10, 12)),
    ],
)
def test_court_limits_roll_forward_when_configured(procedure, start, due):
    assert compute_deadline(procedure, start, roll_forward=True).due == due


def test_criminal_first_instance_target_and_extension():
    # time-limits.md §9 ex. 6: target 07-10, cap 08-10, higher-court extension → 11-10.
    deadline = compute_deadline(
        "criminal-first-instance", D(2024, 5, 10), extensions=[Extension("higher_court", months=3)]
    )
    assert deadline.target == D(2024, 7, 10)
    assert deadline.statutory_end == D(2024, 8, 10)
    assert deadline.due == D(2024, 11, 10)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period(months=1), D(2024, 1, 31), D(2024, 2, 29)),
        (Period(months=1), D(2023, 1, 31), D(2023, 2, 28)),
        (Period(months=12), D(2024, 2, 29), D(2025, 2, 28)),
        (Period(months=24), D(2024, 2, 29), D(2026, 2, 28)),
        (Period(months=1, days=15), D(2024, 1, 31), D(2024, 3, 15)),
        (Period(days=15), D(2024, 12, 20), D(2025, 1, 4)),
        (Period(), D(2024, 1, 1), D(2024, 1, 1)),
    ],
)
def test_add_period(period, start, end):
    assert add_period(start, period) == end


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period(months=6), "6 months"),
        (Period(months=1, days=15), "1 month 15 days"),
        (Period(days=1), "1 day"),
    ],
)
def test_period_str(period, text):
    assert str(period) == text


def test_negative_period_is_rejected():
    with pytest.raises(TimeLimitError):
        Period(days=-1)


# ---------------------------------------------------------------------------
# Suspensions (扣除审限)
# ---------------------------------------------------------------------------

# fmt: off
SUSPENSIONS = [
    # (procedure, start, suspensions, as_of, excluded days, due, why)
    ("civil-ordinary", D(2024, 3, 15), [Suspension(D(2024, 5, 1), D(2024, 5, 30), "public notice")], None,
     30, D(2024, 10, 15), "§9 ex. 4: 30-day public notice"),
    ("civil-ordinary", D(2024, 3, 15), [(D(2024, 4, 1), D(2024, 4, 10)), (D(2024, 4, 5), D(2024, 4, 20))],
     None, 20, D(2024, 10, 5), "overlapping suspensions counted once"),
    ("civil-ordinary", D(2024, 3, 15), [(D(2024, 4, 1), D(2024, 4, 10)), (D(2024, 4, 11), D(2024, 4, 20))],
     None, 20, D(2024, 10, 5), "adjacent suspensions"),
    ("civil-ordinary", D(2024, 3, 15), [(D(2024, 3, 10), D(2024, 3, 20))], None,
     5, D(2024, 9, 20), "only days after the start day count"),
    ("civil-ordinary", D(2024, 3, 15), [(D(2024, 10, 1), D(2024, 10, 10))], None,
     0, D(2024, 9, 15), "a suspension after the due date changes nothing"),
    ("civil-second-instance-ruling", D(2024, 1, 1), [(D(2024, 1, 25), D(2024, 2, 10), "appraisal")], None,
     17, D(2024, 2, 17), "suspension straddling the end: 23 + 7 counted days = 30"),
    ("civil-ordinary", D(2024, 3, 15), [Suspension(D(2024, 6, 1), None, "appraisal")], D(2024, 6, 10),
     10, D(2024, 9, 25), "open suspension counted up to as_of"),
    ("civil-ordinary", D(2024, 3, 15), [Suspension(D(2024, 6, 1))], D(2024, 5, 1),
     0, D(2024, 9, 15), "open suspension not yet begun on as_of"),
]
# fmt: on


@pytest.mark.parametrize(("procedure", "start", "susp", "as_of", "excluded", "due", "why"), SUSPENSIONS)
def test_suspensions(procedure, start, susp, as_of, excluded, due, why):
    deadline = compute_deadline(procedure, start, suspensions=susp, as_of=as_of)
    assert (deadline.excluded_days, deadline.due) == (excluded, due), why


def test_open_suspension_needs_as_of():
    with pytest.raises(TimeLimitError, match="pass as_of"):
        compute_deadline("civil-ordinary", D(2024, 3, 15), suspensions=[Suspension(D(2024, 6, 1))])


def test_suspension_must_not_end_before_it_starts():
    with pytest.raises(TimeLimitError):
        Suspension(D(2024, 6, 10), D(2024, 6, 1))


def test_suspensions_also_move_the_criminal_target():
    deadline = compute_deadline(
        "criminal-first-instance",
        D(2024, 5, 10),
        suspensions=[(D(2024, 6, 1), D(2024, 6, 30), "psychiatric evaluation")],
    )
    assert deadline.target == D(2024, 8, 9)
    assert deadline.due == D(2024, 9, 9)


# ---------------------------------------------------------------------------
# Extensions (延长审限)
# ---------------------------------------------------------------------------

# fmt: off
EXTENSIONS_OK = [
    ("civil-ordinary", D(2024, 3, 15), [Extension("court_president", months=6)], D(2025, 3, 15)),
    ("civil-ordinary", D(2024, 3, 15),
     [Extension("court_president", months=6), Extension("higher_court", months=3)], D(2025, 6, 15)),
    ("civil-small-claims", D(2024, 6, 3), [Extension("court_president", months=1)], D(2024, 9, 3)),
    ("civil-summary", D(2024, 6, 3), [Extension("court_president", months=1)], D(2024, 10, 3)),
    # Before the 2021 CPL amendment: summary extensible to 6 months in total.
    ("civil-summary", D(2021, 6, 1), [Extension("court_president", months=3)], D(2021, 12, 1)),
    ("civil-small-claims", D(2021, 6, 1), [Extension("court_president", months=3)], D(2021, 12, 1)),
    ("civil-second-instance-ruling", D(2024, 1, 1), [Extension("court_president", days=30)], D(2024, 3, 1)),
    ("criminal-first-instance", D(2024, 5, 10),
     [Extension("higher_court", months=3), Extension("spc", months=3), Extension("spc", months=2)],
     D(2025, 4, 10)),
    ("criminal-second-instance", D(2024, 5, 10), [Extension("high_court", months=2)], D(2024, 9, 10)),
    ("criminal-retrial", D(2024, 5, 10), [Extension("court_president", months=3)], D(2024, 11, 10)),
    ("administrative-first-instance", D(2024, 1, 10),
     [Extension("high_court", months=3), Extension("high_court", months=3)], D(2025, 1, 10)),
    ("administrative-second-instance", D(2024, 1, 10), [Extension("spc", months=1)], D(2024, 5, 10)),
    ("enforcement", D(2024, 1, 10),
     [Extension("court_president", months=3), Extension("high_court", months=2)], D(2024, 12, 10)),
    # An extension runs from the previous end, so month-end clamping is not undone.
    ("civil-ordinary", D(2024, 8, 31), [Extension("court_president", months=6)], D(2025, 8, 28)),
]
# fmt: on


@pytest.mark.parametrize(("procedure", "start", "exts", "due"), EXTENSIONS_OK)
def test_allowed_extensions(procedure, start, exts, due):
    deadline = compute_deadline(procedure, start, extensions=exts)
    assert deadline.due == due
    assert deadline.extensions == tuple(exts)


def test_worked_example_4_suspension_then_extension():
    deadline = compute_deadline(
        "civil-ordinary",
        D(2024, 3, 15),
        suspensions=[Suspension(D(2024, 5, 1), D(2024, 5, 30), "public notice")],
        extensions=[Extension("court_president", months=6, approved_on=D(2024, 9, 1))],
    )
    assert deadline.due == D(2025, 4, 15)


# fmt: off
EXTENSIONS_BAD = [
    ("civil-ordinary", [Extension("higher_court", months=6)], "must be approved by court_president"),
    ("civil-ordinary", [Extension("court_president", months=7)], "more than the 6 months"),
    ("civil-ordinary",
     [Extension("court_president", months=6), Extension("higher_court", months=3),
      Extension("higher_court", months=3)], "at most 2 extension"),
    ("civil-summary", [Extension("court_president", months=1)] * 2, "at most 1 extension"),
    ("civil-summary", [Extension("court_president", months=2)], "more than the 1 month"),
    ("civil-small-claims", [Extension("court_president", days=45)], "more than the 1 month"),
    ("criminal-summary", [Extension("court_president", days=5)], "cannot be extended"),
    ("administrative-summary", [Extension("high_court", days=15)], "cannot be extended"),
    ("criminal-first-instance", [Extension("court_president", months=3)], "must be approved by higher_court"),
    ("criminal-first-instance", [Extension("higher_court", months=3), Extension("higher_court", months=3)],
     "must be approved by spc"),
    ("criminal-second-instance", [Extension("higher_court", months=2)], "must be approved by high_court"),
    ("criminal-retrial", [Extension("court_president", months=4)], "more than the 3 months"),
    ("administrative-first-instance", [Extension("court_president", months=3)], "high_court or spc"),
    ("enforcement", [Extension("court_president", months=3)] * 2, "must be approved by high_court"),
    ("civil-ordinary", [Extension("court_president")], "has no length"),
]
# fmt: on


@pytest.mark.parametrize(("procedure", "exts", "message"), EXTENSIONS_BAD)
def test_disallowed_extensions(procedure, exts, message):
    with pytest.raises(TimeLimitError, match=message):
        compute_deadline(procedure, D(2024, 5, 10), extensions=exts)


def test_old_summary_rule_total_cap():
    with pytest.raises(TimeLimitError, match="more than the 3 months"):
        compute_deadline("civil-summary", D(2021, 6, 1), extensions=[Extension("court_president", months=4)])


# ---------------------------------------------------------------------------
# Status and days left
# ---------------------------------------------------------------------------

STATUSES = [
    # due 2024-10-08 (civil judgment served 2024-09-18)
    (D(2024, 9, 20), 15, 18, "normal"),
    (D(2024, 9, 22), 15, 16, "normal"),
    (D(2024, 9, 23), 15, 15, "approaching"),
    (D(2024, 10, 8), 15, 0, "approaching"),
    (D(2024, 10, 9), 15, -1, "overdue"),
    (D(2024, 10, 1), 5, 7, "normal"),
    (D(2024, 10, 3), 5, 5, "approaching"),
]


@pytest.mark.parametrize(("today", "window", "left", "status"), STATUSES)
def test_status_and_days_left(today, window, left, status):
    deadline = appeal_deadline(D(2024, 9, 18))
    assert deadline.days_left(today) == left
    assert deadline.status(today, approaching_days=window) == status


def test_default_approaching_window_is_15_days():
    deadline = compute_deadline("civil-ordinary", D(2024, 3, 15))
    assert deadline.status(D(2024, 8, 30)) == "normal"
    assert deadline.status(D(2024, 8, 31)) == "approaching"
    assert deadline.status(D(2024, 9, 16)) == "overdue"


# ---------------------------------------------------------------------------
# Explanation
# ---------------------------------------------------------------------------


def test_explain_walks_through_every_step():
    lines = compute_deadline(
        "civil-ordinary",
        D(2024, 3, 15),
        suspensions=[Suspension(D(2024, 5, 1), D(2024, 5, 30), "public notice")],
        extensions=[Extension("court_president", months=6, reference="president's approval no. 12")],
        roll_forward=True,
    ).explain()
    text = "\n".join(lines)
    assert lines[0].startswith("Rule civil-ordinary")
    assert "CPL Art. 152" in lines[0]
    assert "Start: 2024-03-15" in text and "not counted" in text
    assert "Raw end: 2024-03-15 + 6 months = 2024-09-15" in text
    assert "30 day(s)" in text and "public notice" in text and "2024-10-15" in text
    assert "Extension 1: +6 months approved by court_president" in text and "2025-04-15" in text
    assert "is a working day" in text  # 2025-04-15 is a Tuesday
    assert lines[-1].startswith("Due: 2025-04-15")


# fmt: off
EXPLAIN_CASES = [
    ((("civil-appeal-judgment", D(2024, 9, 18)), {}),
     ["CPL Art. 171", "2024-10-03 (Thu) is a rest day", "2024-10-08", "Suspensions: none",
      "Extensions: none"]),
    ((("civil-appeal-ruling", D(2024, 10, 2)), {}), ["2024-10-12 (Sat) is a working day"]),
    ((("civil-ordinary", D(2024, 8, 31)), {}), ["no corresponding day", "2025-02-28", "not applied"]),
    ((("criminal-appeal-ruling", D(2024, 9, 26)), {"roll_forward": False}),
     ["CrimPL Art. 230", "not applied by configuration", "CrimPL Art. 105"]),
    ((("criminal-first-instance", D(2024, 5, 10)), {}), ["Target: 2 months → 2024-07-10"]),
]
# fmt: on


@pytest.mark.parametrize(("deadline_args", "expected_fragments"), EXPLAIN_CASES)
def test_explain_fragments(deadline_args, expected_fragments):
    args, kwargs = deadline_args
    text = "\n".join(compute_deadline(*args, **kwargs).explain())
    for fragment in expected_fragments:
        assert fragment in text


# ---------------------------------------------------------------------------
# Service and notice helpers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reached", "served"),
    [
        (datetime(2024, 9, 30, 17, 0, tzinfo=UTC), D(2024, 10, 1)),  # 01:00 in Beijing
        (datetime(2024, 9, 30, 15, 59, tzinfo=UTC), D(2024, 9, 30)),
        (datetime(2024, 9, 30, 23, 59), D(2024, 9, 30)),  # naive = China time
        (datetime(2024, 10, 1, 8, 0, tzinfo=timezone(timedelta(hours=-5))), D(2024, 10, 1)),
        (D(2024, 10, 2), D(2024, 10, 2)),
    ],
)
def test_electronic_service_date(reached, served):
    assert electronic_service_date(reached) == served


def test_electronic_service_feeds_the_appeal_window():
    # §9 ex. 2: e-served 2024-10-02 → day 10 is the adjusted working Saturday 10-12.
    served = electronic_service_date(datetime(2024, 10, 2, 9, 30))
    assert appeal_deadline(served, decision="ruling").due == D(2024, 10, 12)


@pytest.mark.parametrize(
    ("published", "abroad", "effective"),
    [
        (D(2024, 5, 1), False, D(2024, 5, 31)),
        (D(2024, 5, 1), True, D(2024, 6, 30)),
        (D(2024, 9, 1), False, D(2024, 10, 1)),  # a deemed date: not rolled
    ],
)
def test_public_notice_service_date(published, abroad, effective):
    assert public_notice_service_date(published, abroad=abroad) == effective


@pytest.mark.parametrize(
    ("hearing", "branch", "indictment", "latest"),
    [
        (D(2024, 10, 10), "civil", False, D(2024, 10, 7)),
        (D(2024, 10, 10), "administrative", False, D(2024, 10, 7)),
        (D(2024, 10, 10), "criminal", False, D(2024, 10, 7)),
        (D(2024, 10, 10), "criminal", True, D(2024, 9, 30)),
        (D(2025, 3, 1), "civil", False, D(2025, 2, 26)),
    ],
)
def test_latest_hearing_notice_date(hearing, branch, indictment, latest):
    assert latest_hearing_notice_date(hearing, branch=branch, indictment=indictment) == latest


def test_hearing_notice_errors():
    with pytest.raises(TimeLimitError, match="criminal rule"):
        latest_hearing_notice_date(D(2024, 10, 10), indictment=True)
    with pytest.raises(TimeLimitError, match="latest_hearing_notice_date"):
        compute_deadline("civil-hearing-notice", D(2024, 10, 10))


# ---------------------------------------------------------------------------
# The rules table
# ---------------------------------------------------------------------------

REQUIRED_KEYS = [
    "filing-review", "filing-review-private-prosecution", "filing-review-third-party-revocation",
    "filing-review-enforcement-objection-suit",
    "civil-ordinary", "civil-summary", "civil-small-claims", "civil-second-instance-judgment",
    "civil-second-instance-ruling", "civil-special-procedure", "civil-retrial-review",
    "civil-appeal-judgment", "civil-appeal-ruling", "civil-defence", "civil-hearing-notice",
    "criminal-first-instance", "criminal-private-prosecution", "criminal-private-prosecution-custody",
    "criminal-summary", "criminal-fast-track", "criminal-second-instance", "criminal-retrial",
    "criminal-appeal-judgment", "criminal-appeal-ruling",
    "administrative-first-instance", "administrative-summary", "administrative-second-instance",
    "administrative-appeal-judgment", "administrative-appeal-ruling",
    "enforcement", "enforcement-non-litigation", "enforcement-objection-review",
    "service-public-notice",
]  # fmt: skip


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_table_has_the_documented_procedures(key):
    rule = rule_for(key, D(2024, 6, 1))
    assert rule.key == key
    assert rule.source and rule.title_zh and rule.title_en
    assert rule.limit


def test_every_row_cites_a_source_and_has_sane_dates():
    for rule in RULES:
        assert "Art" in rule.source, rule.key
        assert rule.valid_to is None or rule.valid_to >= rule.valid_from
        for step in rule.extensions:
            assert step.approvers <= {"court_president", "higher_court", "high_court", "spc"}
            assert "Art" in step.source


@pytest.mark.parametrize(
    ("key", "on", "limit"),
    [
        ("civil-small-claims", D(2021, 12, 31), Period(months=3)),
        ("civil-small-claims", D(2022, 1, 1), Period(months=2)),
        ("civil-summary", D(2021, 12, 31), Period(months=3)),
        ("criminal-fast-track", D(2018, 10, 26), Period(days=10)),
    ],
)
def test_rule_versions_follow_effective_dates(key, on, limit):
    assert rule_for(key, on).limit == limit


@pytest.mark.parametrize(
    ("key", "on", "message"),
    [
        ("criminal-fast-track", D(2018, 1, 1), "no version"),
        ("civil-ordinary", D(2015, 6, 1), "no version"),
        ("civil-extraordinary", D(2024, 1, 1), "unknown procedure"),
    ],
)
def test_rule_lookup_errors(key, on, message):
    with pytest.raises(TimeLimitError, match=message):
        rule_for(key, on)
