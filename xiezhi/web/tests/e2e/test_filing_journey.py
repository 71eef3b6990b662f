"""Online filing (网上立案) from the litigant's first click to a registered, paid and served case,
in a real browser, by the people who do each step.

litigant1 files a civil claim with the Xihu court (浙0106): the form is prefilled from the account,
the draft survives a closed browser, the browser refuses what the server would refuse, the complaint
is uploaded, the summary itemises the fee and a double click submits once. The filing officer asks
for corrections; the litigant uploads the missing evidence and resubmits; the officer accepts and
the case is registered, numbered and assigned. The litigant's tracking page shows the case number
and the fee notice. Then the fee is paid at the counter (recorded by the filing officer), the
judge in charge serves a notice electronically, and the litigant opens it and sees the date of
service. axe-core checks every page of the filing on the way.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from xiezhi.filing.tests.factories import tiny_pdf

from .fixtures import axe_violations, log_in

pytestmark = pytest.mark.e2e

CIVIL_DIVISION_JUDGES = ["xh-ms1-judge1", "xh-ms1-judge2", "xh-ms1-presiding", "xh-ms1-head"]
COURT = "杭州市西湖区人民法院（浙0106）"


def switch_user(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    log_in(page, username)
    page.wait_for_url(re.compile(r"/(workspace|portal)/"))


def click_and_wait(page, locator) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        locator.click()


def no_errors(page) -> None:  # type: ignore[no-untyped-def]
    summary = page.get_by_test_id("error-summary")
    assert not summary.count(), summary.inner_text()


def upload(page, path, kind: str, title: str, purpose: str = "") -> None:  # type: ignore[no-untyped-def]
    page.select_option("#id_evidence-kind", kind)
    page.fill("#id_evidence-title", title)
    page.fill("#id_evidence-purpose", purpose)
    page.set_input_files("#id_evidence-file", str(path))
    click_and_wait(page, page.get_by_test_id("upload"))
    no_errors(page)


def submit_from_edit_page(page) -> None:  # type: ignore[no-untyped-def]
    click_and_wait(page, page.get_by_test_id("continue"))
    no_errors(page)
    assert re.search(r"/portal/filings/\d+/review/$", page.url), page.url
    click_and_wait(page, page.get_by_test_id("submit"))
    assert re.search(r"/portal/filings/\d+/$", page.url), page.url


def test_a_civil_claim_filed_online_corrected_accepted_paid_and_served(page, tmp_path):
    complaint = tmp_path / "complaint.pdf"
    complaint.write_bytes(tiny_pdf("民事起诉状"))
    iou = tmp_path / "iou.pdf"
    iou.write_bytes(tiny_pdf("借条"))
    notice = tmp_path / "notice.pdf"
    notice.write_bytes(tiny_pdf("受理案件通知书"))

    # 1. The litigant starts an application from the portal; the form knows who they are.
    switch_user(page, "litigant1")
    page.goto("/portal/")
    page.get_by_test_id("file-a-case").click()
    page.wait_for_url(re.compile(r"/portal/filings/new/$"))
    assert axe_violations(page) == []
    click_and_wait(page, page.get_by_test_id("start-filing"))
    edit_url = re.search(r"/portal/filings/(\d+)/edit/$", page.url)
    assert edit_url, page.url
    filing_id = edit_url.group(1)
    litigant_name = page.locator(".user-link").inner_text().strip()
    assert page.locator("#id_parties-0-name").input_value() == litigant_name
    assert re.fullmatch(r"\d{17}[\dX]", page.locator("#id_parties-0-id_number").input_value())
    assert page.locator("#id_parties-0-phone").input_value().startswith("1380571")
    assert page.locator("#id_parties-0-is_filer").is_checked()

    page.select_option("#id_court", label=COURT)
    page.select_option("#id_kind", "civil:first_instance_ordinary")
    page.select_option("#id_cause", label="民间借贷纠纷")
    page.fill("#id_claim_amount", "86000")
    page.fill("#id_claims", "判令被告偿还借款本金86000元及逾期利息。")
    page.fill("#id_parties-1-name", "李大伟")
    page.fill("#id_parties-1-address", "浙江省杭州市西湖区文三路1号")
    click_and_wait(page, page.get_by_test_id("save-draft"))
    assert page.locator(".messages").count() and page.get_by_test_id("saved-at").is_visible()

    # 2. The draft is on the server: after closing the browser, everything typed is still there.
    switch_user(page, "litigant1")
    page.goto(f"/portal/filings/{filing_id}/edit/")
    assert page.locator("#id_claims").input_value() == "判令被告偿还借款本金86000元及逾期利息。"
    assert page.locator("#id_parties-1-name").input_value() == "李大伟"
    assert page.locator("#id_claim_amount").input_value() in ("86000", "86000.00")

    # 3. The browser applies the server's rules: the facts are missing and the phone is malformed.
    page.fill("#id_parties-0-phone", "138-abc")
    page.get_by_test_id("continue").click()
    assert page.url.endswith("/edit/")  # not sent
    assert page.locator("#id_facts").evaluate("el => el.validity.valueMissing")
    assert page.locator("#id_parties-0-phone").evaluate("el => el.validity.patternMismatch")
    page.fill("#id_parties-0-phone", "13805710001")
    page.fill("#id_facts", "2025年3月1日被告向原告借款86000元，约定半年内归还，到期后经多次催讨仍未归还。")

    # 4. Continue without the complaint: the server says so on the page, nothing typed is lost.
    click_and_wait(page, page.get_by_test_id("continue"))
    assert page.get_by_test_id("error-summary").is_visible()
    assert "起诉状" in page.get_by_test_id("evidence-errors").inner_text()
    assert page.locator("#id_facts").input_value().startswith("2025年3月1日")
    assert axe_violations(page) == []

    # 5. Upload the complaint, then review the summary with the fee itemised.
    upload(page, complaint, "complaint", "民事起诉状")
    assert page.get_by_test_id("evidence-row").count() == 1
    assert axe_violations(page) == []
    click_and_wait(page, page.get_by_test_id("continue"))
    assert page.url.endswith(f"/portal/filings/{filing_id}/review/"), page.url
    assert page.get_by_test_id("fee-amount").inner_text().strip() == "1,950.00"  # 50 + 76,000 × 2.5%
    assert page.get_by_test_id("fee-working").locator("tbody tr").count() >= 2
    assert "西湖区人民法院" in page.get_by_test_id("jurisdiction-advice").inner_text()
    assert "李大伟" in page.get_by_test_id("summary-parties").inner_text()
    assert axe_violations(page) == []

    # 6. A double click submits once: one receipt, one "submitted" step.
    with page.expect_navigation(url=re.compile(rf"/portal/filings/{filing_id}/$")):
        page.get_by_test_id("submit").dblclick()
    page.wait_for_load_state()
    receipt = page.get_by_test_id("receipt").inner_text().strip()
    assert re.fullmatch(r"XZ\d{14}", receipt), receipt
    assert re.fullmatch(r"[0-9a-f]{64}", page.get_by_test_id("sha256").first.inner_text().strip())
    kinds = page.locator("[data-testid=events] li").evaluate_all("items => items.map(i => i.dataset.kind)")
    assert kinds == ["draft_created", "submitted"]
    assert axe_violations(page) == []

    # 7. The filing officer finds it in the queue and asks for the missing evidence.
    switch_user(page, "xh-la-officer1")
    page.goto("/workspace/")
    click_and_wait(page, page.locator("nav.main-nav").get_by_role("link", name="立案审查"))
    assert page.url.endswith("/workspace/filings/")
    assert axe_violations(page) == []
    click_and_wait(page, page.locator(f'tr[data-reference="{receipt}"]').get_by_role("link", name=receipt))
    assert litigant_name in page.get_by_test_id("summary-parties").inner_text()
    assert axe_violations(page) == []
    page.fill("#id_corrections-defects", "请上传借条照片（证明借贷关系）")
    click_and_wait(page, page.get_by_test_id("request-corrections"))
    assert page.url.endswith("/workspace/filings/")

    # 8. The litigant sees the defect, uploads the IOU and resubmits.
    switch_user(page, "litigant1")
    page.goto(f"/portal/filings/{filing_id}/")
    assert "请上传借条照片" in page.get_by_test_id("defects").inner_text()
    assert axe_violations(page) == []
    click_and_wait(page, page.get_by_test_id("edit-link"))
    assert "请上传借条照片" in page.get_by_test_id("corrections").inner_text()
    upload(page, iou, "evidence", "借条", "证明原告与被告之间存在借贷关系")
    assert page.get_by_test_id("evidence-row").count() == 2
    submit_from_edit_page(page)
    kinds = page.locator("[data-testid=events] li").evaluate_all("items => items.map(i => i.dataset.kind)")
    assert kinds[-2:] == ["corrections_requested", "resubmitted"]

    # 9. The officer sees both versions and what changed, and accepts: the case is registered.
    switch_user(page, "xh-la-officer1")
    page.goto(f"/workspace/filings/{filing_id}/")
    versions = page.get_by_test_id("versions")
    assert versions.locator("li").first.get_attribute("data-number") == "2"
    assert "借条" in versions.locator("li").first.inner_text()
    click_and_wait(page, page.get_by_test_id("accept"))
    case_url = re.search(r"/workspace/cases/(\d+)/$", page.url)
    assert case_url, page.url
    case_id = case_url.group(1)
    number = page.get_by_test_id("case-number").inner_text().strip()
    assert re.fullmatch(r"（\d{4}）浙0106民初\d+号", number), number
    judge_name = page.get_by_test_id("judge").inner_text().strip()

    # 10. The litigant's tracking page shows the case number and the fee notice.
    switch_user(page, "litigant1")
    page.goto(f"/portal/filings/{filing_id}/")
    assert page.get_by_test_id("filing-status").inner_text().strip() == "已受理立案"
    assert page.get_by_test_id("case-number").inner_text().strip() == number
    assert page.get_by_test_id("fee-notice-amount").inner_text().strip() == "1,950.00"
    assert "未交纳" in page.get_by_test_id("fee-notice").inner_text()
    assert axe_violations(page) == []
    click_and_wait(page, page.get_by_test_id("case-number"))
    assert page.url.endswith(f"/portal/cases/{case_id}/")
    assert page.get_by_test_id("case-number").inner_text().strip() == number

    # 11. The fee is paid at the counter: the filing officer records it from the application page.
    switch_user(page, "xh-la-officer1")
    page.goto(f"/workspace/filings/{filing_id}/")
    assert page.get_by_test_id("fees").count(), page.locator("main").inner_text()
    page.locator("details[id^=action-fee-payment] > summary").click()
    form = page.get_by_test_id("fee-payment-form")
    form.locator("input[name=reference]").fill("POS-20260301-0001")
    click_and_wait(page, form.locator("button[type=submit]"))
    assert "1,950.00" in page.locator(".messages").inner_text()

    # 12. The litigant agrees to electronic service on the portal.
    switch_user(page, "litigant1")
    page.goto("/portal/documents/")
    click_and_wait(page, page.get_by_role("link", name=re.compile(re.escape(number))).first)
    page.locator("main input[type=radio][value=yes]").check()
    click_and_wait(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith("/portal/documents/") and page.locator(".messages").count()

    # 13. The judge in charge (found by name) adds a notice to the volume and serves it electronically.
    judge = None
    for username in CIVIL_DIVISION_JUDGES:
        switch_user(page, username)
        if page.locator(".user-link").inner_text().strip() == judge_name:
            judge = username
            break
    assert judge, f"no demo judge of the civil division is called {judge_name}"
    page.goto(f"/workspace/files/cases/{case_id}/")
    # Opening the section fetches the form (htmx).
    page.get_by_test_id("upload-section").locator("summary").click()
    upload_form = page.get_by_test_id("upload-form")
    upload_form.locator("input[type=file]").set_input_files(str(notice))
    upload_form.locator("select[name=kind]").select_option("other")
    upload_form.locator("input[name=title]").fill("受理案件通知书")
    click_and_wait(page, upload_form.locator("button[type=submit]"))
    party = page.get_by_test_id("service-party").filter(has_text=litigant_name)
    party.get_by_test_id("serve-section").locator("summary").click()
    serve = party.get_by_test_id("serve-form")
    choose = serve.locator("select[name$=case_file]")
    choose.wait_for()  # fetched when the section opened
    options = choose.locator("option").evaluate_all("os => os.map(o => [o.value, o.textContent])")
    value = next((v for v, text in options if "受理案件通知书" in text), None)
    assert value, (options, page.locator("main").inner_text()[:3000])
    choose.select_option(value)
    serve.locator("input[type=radio][value=electronic]").check()
    click_and_wait(page, serve.locator("button[type=submit]"))
    assert "受理案件通知书" in page.locator(".messages").inner_text()  # sent to the litigant

    # 14. The litigant opens the notice; the day they opened it is the date of service.
    switch_user(page, "litigant1")
    page.goto("/portal/documents/")
    row = page.get_by_test_id("served-list").locator("tr").filter(has_text="受理案件通知书")
    with page.expect_download():
        row.get_by_role("link").click()
    page.reload()
    row = page.get_by_test_id("served-list").locator("tr").filter(has_text="受理案件通知书")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()  # the court's time zone
    assert row.locator("td").nth(4).inner_text().strip() == today, row.inner_text()
    assert row.locator("td").nth(5).inner_text().strip() == "已送达"
    page.goto(f"/portal/filings/{filing_id}/")
    assert "已交纳" in page.get_by_test_id("fee-notice").inner_text()  # the notice is paid
    assert axe_violations(page) == []
