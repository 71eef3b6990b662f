"""First user journeys in a real browser (issue: foundation §9), with axe-core accessibility checks."""

from __future__ import annotations

import re

import pytest

from .fixtures import axe_violations, log_in

pytestmark = pytest.mark.e2e


def test_judge_logs_in_sees_the_workspace_in_chinese_and_switches_to_english(page):
    log_in(page, "xh-ms1-judge1")
    page.wait_for_url(re.compile(r"/workspace/$"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "工作台"
    assert "法官" in page.get_by_test_id("staff-role").inner_text()
    assert "杭州市西湖区人民法院" in page.get_by_test_id("staff-role").inner_text()

    page.get_by_test_id("switch-language").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Workspace"
    assert "Judge" in page.get_by_test_id("staff-role").inner_text()
    assert axe_violations(page) == []


def test_litigant_logs_in_and_sees_the_service_site(page):
    log_in(page, "litigant1")
    page.wait_for_url(re.compile(r"/portal/$"))
    assert page.locator("h1").inner_text() == "我的诉讼"
    assert page.get_by_test_id("verification").inner_text()
    assert axe_violations(page) == []
    page.click("text=查看和管理您的账号")
    page.wait_for_url(re.compile(r"/accounts/me/$"))
    masked = page.locator("#identity-number").inner_text()
    assert "*" in masked
    page.click("#identity-number button")
    page.wait_for_function("!document.querySelector('#identity-number').innerText.includes('*')")
    assert axe_violations(page) == []


def test_three_wrong_passwords_get_the_account_throttled(page):
    for _ in range(3):
        log_in(page, "xh-xs-clerk", "not-the-password")
    assert page.get_by_test_id("locked-out").is_visible()
    log_in(page, "xh-xs-clerk")  # even the right password is refused while locked
    assert page.get_by_test_id("locked-out").is_visible()
    assert "/workspace/" not in page.url


PUBLIC_PAGES = ["/", "/courts/", "/courts/浙0106/", "/accounts/login/", "/accounts/register/", "/fees/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_accessibility_violations(page, path):
    page.goto(path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_fit_a_360px_phone(phone, path):
    phone.goto(path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways at 360 px ({width} px wide)"
    assert axe_violations(phone) == []


def test_registration_errors_are_announced_and_typed_input_is_kept(page):
    page.goto("/accounts/register/")
    page.fill("#id_full_name", "林小雨")
    page.fill("#id_mobile", "12345")
    page.fill("#id_password1", "west-lake-2026-rain")
    page.fill("#id_password2", "west-lake-2026-rain")
    page.click("main button[type=submit]")
    summary = page.get_by_test_id("error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "手机号" in summary.inner_text()
    assert page.input_value("#id_full_name") == "林小雨"
    assert page.input_value("#id_mobile") == "12345"
    assert page.locator("#id_mobile").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []

    page.fill("#id_mobile", "13600571111")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/portal/$"))
    assert page.locator("h1").inner_text() == "我的诉讼"


def test_court_directory_filters_in_place(page):
    page.goto("/courts/")
    assert page.locator(".court-tree a", has_text="宁波市海曙区人民法院").count() == 1
    page.fill("#id_q", "西湖")
    page.wait_for_function("!document.querySelector('#court-list').innerText.includes('海曙')")
    assert "杭州市西湖区人民法院" in page.locator("#court-list").inner_text()
    assert "q=" in page.url  # the filter is in the address, so it can be shared or reloaded


def test_large_text_mode_enlarges_the_page(page):
    page.goto("/")
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_test_id("large-text").click()
    page.wait_for_load_state()
    after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after > before
    assert page.get_by_test_id("large-text").get_attribute("aria-pressed") == "true"
