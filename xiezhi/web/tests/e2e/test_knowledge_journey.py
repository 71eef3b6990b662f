"""Statutes and search in a real browser: the public looks up an article and checks citations; a
judge finds one of their cases by its number and narrows a search by its facets.

Runs on the demo data, whose loader imports the statutes and builds the search index.
"""

from __future__ import annotations

import re

import pytest

from .fixtures import axe_violations, log_in

pytestmark = pytest.mark.e2e


def test_the_public_looks_up_an_article_and_checks_the_citations_of_a_text(page):
    page.goto("/laws/")
    assert int(re.sub(r"\D", "", page.get_by_test_id("law-count").inner_text()) or 0) > 300
    lookup = page.get_by_test_id("law-lookup")
    lookup.locator("input[name=q]").fill("刑法 264")
    with page.expect_navigation():
        lookup.locator("button[type=submit]").click()
    assert "/articles/" in page.url
    assert "盗窃公私财物" in page.get_by_test_id("article-text").inner_text()
    assert axe_violations(page) == []

    page.goto("/laws/check/")
    text = "依照《中华人民共和国刑法》第二百六十四条、第九百九十九条之规定，判决如下："
    page.get_by_test_id("check-form").locator("textarea").fill(text)
    with page.expect_navigation():
        page.get_by_test_id("check-form").locator("button[type=submit]").click()
    checked = page.get_by_test_id("checked-text")
    good = checked.locator("a.cite-ok")
    assert good.count() == 1 and good.inner_text() == "第二百六十四条"
    flagged = page.get_by_test_id("flagged")
    assert flagged.count() == 1 and "第九百九十九条" in flagged.inner_text()
    assert page.get_by_test_id("check-form").locator("textarea").input_value() == text  # kept
    assert axe_violations(page) == []


def test_searching_statutes_with_highlights_and_a_syntax_error_kept_in_the_box(page):
    page.goto("/search/")
    box = page.get_by_test_id("search-box")
    box.fill("正当防卫 不法侵害")
    box.press("Enter")
    page.get_by_test_id("hits").wait_for()
    first = page.get_by_test_id("hit").first
    assert first.locator("mark").count() >= 1
    assert "/laws/" in first.locator("h3 a").get_attribute("href")
    assert axe_violations(page) == []

    box = page.get_by_test_id("search-box")
    box.fill('"正当防卫')
    box.press("Enter")
    error = page.get_by_test_id("search-error")
    error.wait_for()
    assert "1" in error.inner_text()  # where the unbalanced quote is
    assert page.get_by_test_id("search-box").input_value() == '"正当防卫'


def test_a_judge_finds_a_case_by_its_number_and_narrows_by_a_facet(page):
    log_in(page, "xh-ms1-judge1")
    page.wait_for_url(re.compile(r"/workspace/"))
    page.goto("/workspace/cases/?status=all")
    number = page.locator("#case-list tr[data-number]").first.get_attribute("data-number")
    assert number

    page.goto("/search/")
    page.get_by_test_id("search-box").fill(number)
    page.get_by_test_id("search-box").press("Enter")
    first = page.get_by_test_id("hit").first
    first.wait_for()
    assert number in first.inner_text()
    with page.expect_navigation():
        first.locator("h3 a").click()
    assert page.get_by_test_id("case-number").inner_text().strip() == number

    # A broad search over statutes and the judge's cases, narrowed to statute articles.
    page.goto("/search/?q=合同")
    page.get_by_test_id("facets").wait_for()
    statute = page.get_by_test_id("facet-kind").locator('a[data-value="statute"]')
    expected = int(statute.locator("xpath=..").get_by_test_id("facet-count").inner_text())
    statute.click()
    page.get_by_test_id("active-filters").wait_for()
    count = page.get_by_test_id("result-count").inner_text()
    assert int(re.sub(r"\D", "", count.split("·")[0])) == expected
    kinds = page.get_by_test_id("hit").locator(".tag").all_inner_texts()
    assert kinds and len(set(kinds)) == 1
    assert axe_violations(page) == []
