"""Issue #6's journey in a real browser, on one demo case: the civil clerk schedules its hearing (the
summons is filed in the case volume), the judge in charge drafts the judgment, flags it major and
submits it, the head of 民事审判第一庭 approves it from the approval queue, and the DOCX and PDF appear
— the PDF saying the case number and the operative part. (Service and effectiveness depend on the
calendar: ``test_whole_journey.py`` follows them on the real 2025 holiday boundary.)"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from xiezhi.web.tests.e2e.fixtures import axe_violations, log_in

pytestmark = pytest.mark.e2e

JUDGES = ["xh-ms1-judge1", "xh-ms1-judge2", "xh-ms1-presiding"]
OPERATIVE = "被告于本判决生效之日起十日内向原告支付货款五万元。"


def switch_user(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    log_in(page, username)
    page.wait_for_url(re.compile(r"/workspace/"))


def _working_days_ahead(days: int):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from xiezhi.cases.time_limits import ChineseHolidayCalendar

    cal = ChineseHolidayCalendar(unknown_years="weekends")
    day = timezone.localdate() + timedelta(days=days)
    while True:
        if cal.is_workday(day):
            yield day
        day += timedelta(days=1)


def _case_of_a_judge(page) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """(case id, number, judge's username): a civil case in trial of a demo judge, not drafted yet
    (the last in the judge's list: the judgment journey takes the first)."""
    for username in JUDGES:
        switch_user(page, username)
        page.goto("/workspace/cases/?status=in_trial&case_type=civil")
        me = page.locator(".user-link").inner_text().strip()
        numbers = page.locator("#case-list tr[data-number]").evaluate_all(
            "rows => rows.map(r => r.dataset.number)"
        )
        for number in reversed(numbers):
            page.goto("/workspace/cases/?status=in_trial&case_type=civil")
            row = page.locator(f'#case-list tr[data-number="{number}"]')
            with page.expect_navigation():
                row.get_by_role("link", name=number).click()
            if page.get_by_test_id("judge").inner_text().strip() != me:
                continue
            case_id = re.search(r"/workspace/cases/(\d+)/$", page.url).group(1)
            page.goto(f"/workspace/judgments/cases/{case_id}/draft/")
            if page.get_by_test_id("start-draft").count():
                return case_id, number, username
    raise AssertionError("no demo civil judge has an undrafted civil case in trial")


def test_schedule_hear_draft_approve_in_the_browser(page):
    case_id, number, judge = _case_of_a_judge(page)

    # The clerk schedules the hearing: the first free afternoon slot at least 12 days ahead.
    switch_user(page, "xh-ms1-clerk")
    scheduled = False
    for day, _attempt in zip(_working_days_ahead(12), range(8)):
        page.goto(f"/workspace/hearings/cases/{case_id}/schedule/")
        page.fill("#id_day", day.isoformat())
        page.fill("#id_start", "14:00")
        page.fill("#id_end", "15:30")
        page.select_option("#id_courtroom", index=1)
        with page.expect_navigation():
            page.get_by_test_id("schedule-form").locator("button[type=submit]").click()
        if re.search(r"/workspace/hearings/\d+/$", page.url):
            scheduled = True
            break
        assert page.get_by_test_id("error-summary").count() == 1  # a clash, named: try the next day
    assert scheduled, "no free afternoon for the hearing in eight working days"
    assert page.get_by_test_id("hearing-status").inner_text().strip() in ("已排期", "Scheduled")
    assert page.get_by_test_id("notifications").count() == 1
    page.goto(f"/workspace/files/cases/{case_id}/")
    assert page.get_by_text(re.compile("传票")).count() >= 1  # the summonses are in the volume

    # The judge in charge drafts, flags the judgment major and submits it.
    switch_user(page, judge)
    page.goto(f"/workspace/judgments/cases/{case_id}/draft/")
    start = page.get_by_test_id("start-draft")
    start.get_by_label("一审判决书").check()
    start.locator("input[name=major]").check()
    with page.expect_navigation():
        start.locator("button[type=submit]").click()
    form = page.get_by_test_id("draft-form")
    form.locator("#id_s_claims").fill("原告向本院提出诉讼请求：判令被告支付货款五万元。")
    form.locator("#id_s_defence").fill("被告辩称：对货款金额无异议。")
    form.locator("#id_s_facts").fill("本院经审理认定事实如下：原告向被告供货，被告尚欠货款五万元。")
    form.locator("#id_s_reasoning").fill("本院认为，当事人应当按照约定全面履行自己的义务。")
    form.locator("#id_s_statutes").fill("依照《中华人民共和国民法典》第五百零九条之规定")
    form.locator("#id_s_operative").fill(OPERATIVE)
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    assert "庭长审核" in page.get_by_test_id("draft-status").inner_text()

    # The division head approves from the queue; the files appear.
    switch_user(page, "xh-ms1-head")
    page.goto("/workspace/judgments/approvals/")
    queue = page.get_by_test_id("approval-queue")
    with page.expect_navigation():
        queue.locator(f'a[href="/workspace/judgments/cases/{case_id}/draft/"]').click()
    with page.expect_navigation():
        page.get_by_test_id("approve").click()
    files = page.get_by_test_id("final-files")
    assert files.get_by_test_id("pdf-link").count() == 1 and files.get_by_test_id("docx-link").count() == 1
    assert axe_violations(page) == []
    pdf = page.request.get(files.get_by_test_id("pdf-link").get_attribute("href"))
    assert pdf.ok
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).replace("\n", "")
    assert number in text and OPERATIVE in text
    docx = page.request.get(files.get_by_test_id("docx-link").get_attribute("href"))
    assert docx.ok and docx.body()[:2] == b"PK"
