"""Browser journey: the clerk schedules a hearing on the demo court, a clash is refused with the
input kept, the lawyer finds the hearing on the portal and the public sees the announcement."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from xiezhi.web.tests.e2e.fixtures import axe_violations, log_in

pytestmark = pytest.mark.e2e


def _working_day_ahead(days: int = 10):
    from django.utils import timezone

    from xiezhi.cases.time_limits import ChineseHolidayCalendar

    cal = ChineseHolidayCalendar(unknown_years="weekends")
    day = timezone.localdate() + timedelta(days=days)
    while not cal.is_workday(day):
        day += timedelta(days=1)
    return day


def _schedulable_cases(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto("/workspace/cases/")
    ids = []
    for href in page.locator("a[href*='/workspace/cases/']").evaluate_all("els => els.map(e => e.href)"):
        match = re.search(r"/workspace/cases/(\d+)/$", href)
        if match and match.group(1) not in ids:
            ids.append(match.group(1))
    found = []
    for case_id in ids:
        response = page.goto(f"/workspace/hearings/cases/{case_id}/schedule/")
        if response is not None and response.status == 200:
            found.append(case_id)
        if len(found) == 2:
            break
    return found


def _fill(page, day) -> None:  # type: ignore[no-untyped-def]
    page.fill("#id_day", day.isoformat())
    page.fill("#id_start", "09:00")
    page.fill("#id_end", "10:30")
    page.select_option("#id_courtroom", index=1)


def test_schedule_a_hearing(page):
    log_in(page, "xh-ms1-clerk")
    page.wait_for_url(re.compile(r"/workspace/"))
    first, second = _schedulable_cases(page)[:2]

    page.goto(f"/workspace/hearings/cases/{first}/schedule/")
    assert axe_violations(page) == []
    # The demo data has hearings of its own in the coming weeks: the first morning free of them.
    for offset in range(10, 40):
        day = _working_day_ahead(offset)
        page.goto(f"/workspace/hearings/cases/{first}/schedule/")
        _fill(page, day)
        room = page.locator("#id_courtroom option:checked").inner_text().strip().split("（")[0]
        with page.expect_navigation():
            page.get_by_test_id("schedule-form").locator("button[type=submit]").click()
        if re.search(r"/workspace/hearings/\d+/$", page.url):
            break
        assert page.get_by_test_id("error-summary").count() == 1  # a clash, named: try the next day
    page.wait_for_url(re.compile(r"/workspace/hearings/\d+/$"))
    assert page.get_by_test_id("hearing-status").inner_text().strip() in ("已排期", "Scheduled")
    assert axe_violations(page) == []

    # the same room at the same time for another case: refused, naming the clash, input kept
    page.goto(f"/workspace/hearings/cases/{second}/schedule/")
    _fill(page, day)
    page.fill("#id_closed_note", "保留")
    with page.expect_navigation():
        page.get_by_test_id("schedule-form").locator("button[type=submit]").click()
    summary = page.get_by_test_id("error-summary").inner_text()
    assert room in summary
    assert page.locator("#id_day").input_value() == day.isoformat()
    assert page.locator("#id_start").input_value() == "09:00"
    assert page.locator("#id_closed_note").input_value() == "保留"
    assert axe_violations(page) == []

    # the calendar of the week shows it
    page.goto(f"/workspace/hearings/?week={day.isoformat()}")
    assert page.get_by_test_id("hearing").count() >= 1
    assert axe_violations(page) == []

    # the public announcement, without logging in
    page.context.clear_cookies()
    page.goto("/public/hearings/")
    assert page.get_by_test_id("announcement").count() >= 1
    assert axe_violations(page) == []
