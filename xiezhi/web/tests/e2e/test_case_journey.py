"""A case from the filing counter to the archive, in a real browser, by the people who do each step.

The filing officer of the Xihu court registers a civil case; the head of 民事审判第一庭 has it
assigned at random; the judge it fell to (read from the page) starts the trial, closes it with a
judgment, marks the judgment effective and archives the case. axe-core checks the workbench, the
registration form and the case page on the way.
"""

from __future__ import annotations

import random
import re

import pytest

from xiezhi.lib import fake

from .fixtures import axe_violations, log_in

pytestmark = pytest.mark.e2e

CIVIL_DIVISION_JUDGES = ["xh-ms1-judge1", "xh-ms1-judge2", "xh-ms1-presiding"]  # and the head


def switch_user(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    log_in(page, username)
    page.wait_for_url(re.compile(r"/(workspace|portal)/"))


def status_of(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_test_id("case-status").inner_text().strip()


def do(page, action: str) -> None:  # type: ignore[no-untyped-def]
    """Submit one action form of the case page and wait for the page to come back."""
    with page.expect_navigation():
        page.locator(f"#action-{action} button[type=submit]").click()
    assert not page.get_by_test_id("action-error").count(), page.get_by_test_id("action-error").inner_text()


def test_a_civil_case_from_registration_to_archive(page):
    plaintiff_id = fake.identity_number(random.Random())

    # 1. The filing officer registers the case.
    switch_user(page, "xh-la-officer1")
    page.goto("/workspace/cases/")
    assert axe_violations(page) == []
    page.get_by_test_id("register-case").click()
    page.wait_for_url(re.compile(r"/workspace/cases/new/$"))
    assert page.locator("#id_kind").input_value() == "civil:first_instance_ordinary"
    page.select_option("#id_division", label="民事审判第一庭")
    page.select_option("#id_cause", label="民间借贷纠纷")
    page.fill("#id_claim_amount", "86000")
    page.fill("#id_summary", "原告借给被告人民币八万六千元，到期未还。")
    page.fill("#id_parties-0-name", "王小明")
    page.fill("#id_parties-0-id_number", plaintiff_id)
    page.fill("#id_parties-0-rep_name", "陈律师")
    page.fill("#id_parties-0-rep_law_firm", "浙江天册律师事务所")
    page.fill("#id_parties-1-name", "李大伟")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_test_id("submit-registration").click()
    found = re.search(r"/workspace/cases/\d+/$", page.url)
    assert found, page.url
    case_url = found.group(0)
    number = page.get_by_test_id("case-number").inner_text().strip()
    assert re.fullmatch(r"（\d{4}）浙0106民初\d+号", number), number
    assert page.get_by_test_id("case-title").inner_text().strip() == "王小明诉李大伟民间借贷纠纷"
    assert status_of(page) == "已立案"
    assert plaintiff_id not in page.content()  # masked on the page

    # 2. The division head has it assigned at random from the pending list.
    switch_user(page, "xh-ms1-head")
    head_name = page.locator(".user-link").inner_text().strip()
    page.goto("/workspace/cases/")
    row = page.get_by_test_id("pending-assignments").locator(f'tr[data-number="{number}"]')
    with page.expect_navigation():
        row.get_by_test_id("auto-assign").click()
    assert page.url.endswith("/workspace/cases/")
    assert page.locator(".messages").inner_text().strip()  # "assigned at random to …"
    assert not page.get_by_test_id("pending-assignments").locator(f'tr[data-number="{number}"]').count()
    page.goto(case_url)
    assert status_of(page) == "已分案"
    judge_name = page.get_by_test_id("judge").inner_text().strip()

    # 3. The judge it fell to, found by the name shown on the case page.
    judge = "xh-ms1-head" if judge_name == head_name else None
    for username in CIVIL_DIVISION_JUDGES:
        if judge:
            break
        switch_user(page, username)
        if page.locator(".user-link").inner_text().strip() == judge_name:
            judge = username
    assert judge, f"no demo judge of the civil division is called {judge_name}"

    page.goto("/workspace/cases/")
    page.fill("#id_q", number)
    page.wait_for_function(
        "n => document.querySelectorAll('#case-list tr[data-number]').length === 1 && "
        "document.querySelector('#case-list tr[data-number]').dataset.number === n",
        arg=number,
    )
    assert "/workspace/cases/?" in page.url  # the filter is in the address, for back and bookmarks
    assert axe_violations(page) == []
    page.locator("#case-list").get_by_role("link", name=number).click()
    page.wait_for_url(re.compile(re.escape(case_url) + "$"))
    assert axe_violations(page) == []

    do(page, "start_trial")
    assert status_of(page) == "审理中"
    # A collapsed action fetches its form when opened (htmx): the form arrives, filled with nothing.
    extension = page.get_by_test_id("side-extension")
    assert not extension.locator("#id_extension-months").count()
    extension.locator("summary").click()
    extension.locator("#id_extension-months").wait_for()
    assert extension.get_by_role("button").count() == 1
    assert axe_violations(page) == []
    page.select_option("#id_close-outcome", "judgment")
    do(page, "close")
    assert status_of(page) == "已结案"
    assert page.get_by_test_id("case-outcome").inner_text().strip() == "判决"
    do(page, "make_effective")
    assert status_of(page) == "已生效"
    do(page, "archive")
    assert status_of(page) == "已归档"
    assert not page.get_by_test_id("actions").count()

    # 4. Every step is on the timeline, in order.
    kinds = page.locator("[data-testid=timeline] li").evaluate_all("items => items.map(i => i.dataset.kind)")
    assert kinds == ["received", "registered", "assigned", "trial_started", "closed", "effective", "archived"]
    timeline = page.get_by_test_id("timeline").inner_text()
    for label in ("立案", "分案", "开始审理", "结案", "裁判生效", "归档"):
        assert label in timeline
    assert axe_violations(page) == []
