"""A judgment from draft to files, in a real browser: the civil judge drafts the decision of one of
their cases in trial, flags it as major and submits; the head of 民事审判第一庭 finds it in the
approval queue and approves; the DOCX and PDF appear, and the PDF says the case number and the
operative part. axe-core checks the editor and the final page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from xiezhi.web.tests.e2e.fixtures import axe_violations, log_in

pytestmark = pytest.mark.e2e

JUDGES = ["xh-ms1-judge1", "xh-ms1-judge2", "xh-ms1-presiding"]
OPERATIVE = "被告于本判决生效之日起十日内偿还原告借款本金八万元。"


def switch_user(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    log_in(page, username)
    page.wait_for_url(re.compile(r"/workspace/"))


def test_judge_drafts_head_approves_files_appear(page):
    case_id = number = None
    for username in JUDGES:  # the first civil judge in charge of a civil case in trial
        switch_user(page, username)
        page.goto("/workspace/cases/?status=in_trial&case_type=civil")
        rows = page.locator("#case-list tr[data-number]")
        if not rows.count():
            continue
        number = rows.first.get_attribute("data-number")
        with page.expect_navigation():
            rows.first.get_by_role("link", name=number).click()
        me = page.locator(".user-link").inner_text().strip()
        if page.get_by_test_id("judge").inner_text().strip() == me:
            case_id = re.search(r"/workspace/cases/(\d+)/$", page.url).group(1)
            break
    assert case_id, "no demo civil judge has a civil case in trial"

    page.goto(f"/workspace/judgments/cases/{case_id}/draft/")
    start = page.get_by_test_id("start-draft")
    start.get_by_label("一审判决书").check()
    start.locator("input[name=major]").check()
    with page.expect_navigation():
        start.locator("button[type=submit]").click()
    assert page.get_by_test_id("draft-heading").inner_text().strip() == "民事判决书"
    assert axe_violations(page) == []

    form = page.get_by_test_id("draft-form")
    form.locator("#id_s_claims").fill("原告向本院提出诉讼请求：判令被告偿还借款本金八万元。")
    form.locator("#id_s_defence").fill("被告辩称：无异议。")
    form.locator("#id_s_facts").fill("本院经审理认定事实如下：被告向原告借款八万元，到期未还。")
    form.locator("#id_s_reasoning").fill("本院认为，合法的借贷关系受法律保护。")
    form.locator("#id_s_statutes").fill("依照《中华人民共和国民法典》第六百七十五条之规定")
    form.locator("#id_s_operative").fill(OPERATIVE)
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    assert "庭长审核" in page.get_by_test_id("draft-status").inner_text()

    switch_user(page, "xh-ms1-head")
    page.goto("/workspace/judgments/approvals/")
    with page.expect_navigation():
        page.get_by_test_id("approval-queue").locator(f'a[href="/workspace/judgments/cases/{case_id}/draft/"]').click()
    with page.expect_navigation():
        page.get_by_test_id("approve").click()
    files = page.get_by_test_id("final-files")
    assert files.get_by_test_id("pdf-link").count() == 1 and files.get_by_test_id("docx-link").count() == 1
    assert axe_violations(page) == []
    pdf = page.request.get(files.get_by_test_id("pdf-link").get_attribute("href"))
    assert pdf.ok
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).replace("\n", "")
    assert number in text and OPERATIVE in text
