"""A reviewer publishes a judgment; an anonymous visitor finds it by search and reads it with the
parties' names and identity numbers gone and the judges and the lawyer still named."""

from __future__ import annotations

import os
import re

import pytest

from xiezhi.disclosure.factories import KEPT, PROTECTED
from xiezhi.web.tests.e2e.fixtures import axe_violations, log_in

pytestmark = pytest.mark.e2e


def test_a_reviewer_publishes_and_the_public_finds_it(context_factory):
    reviewer = context_factory()
    log_in(reviewer, "xh-ms1-clerk")
    reviewer.wait_for_url(re.compile(r"/workspace/"))
    reviewer.goto("/workspace/disclosure/")
    row = reviewer.get_by_test_id("publication-row").filter(has_text="浙0106民初90001号")
    with reviewer.expect_navigation():
        row.locator("a").click()
    assert "王建国" in reviewer.get_by_test_id("original-text").inner_text()
    redacted = reviewer.get_by_test_id("redacted-text")
    assert "王某" in redacted.inner_text() and "王建国" not in redacted.inner_text()
    assert redacted.locator("mark").count() > 5
    assert axe_violations(reviewer) == []
    if os.environ.get("XIEZHI_E2E_SCREENSHOTS"):
        reviewer.screenshot(path=os.environ["XIEZHI_E2E_SCREENSHOTS"] + "/review.png", full_page=True)
    with reviewer.expect_navigation():
        reviewer.get_by_test_id("publish-form").locator("button[type=submit]").click()
    assert reviewer.get_by_test_id("publication-state").get_attribute("data-state") == "published"

    visitor = context_factory()
    visitor.goto("/public/judgments/")
    visitor.get_by_test_id("public-search-box").fill("借款 王某")
    with visitor.expect_navigation():
        visitor.get_by_test_id("public-search-box").press("Enter")
    hit = visitor.get_by_test_id("public-hit").filter(has_text="浙0106民初90001号")
    for _attempt in range(20):  # the index is updated by a background thread right after the commit
        if hit.count():
            break
        visitor.wait_for_timeout(250)
        visitor.reload()
    assert hit.locator("mark").count() >= 1
    assert axe_violations(visitor) == []
    if os.environ.get("XIEZHI_E2E_SCREENSHOTS"):
        visitor.screenshot(path=os.environ["XIEZHI_E2E_SCREENSHOTS"] + "/search.png", full_page=True)
    with visitor.expect_navigation():
        hit.locator("h2 a").click()
    text = visitor.locator("main").inner_text()
    for secret in PROTECTED:
        assert secret not in text
    for name in KEPT:
        assert name in text
    assert visitor.locator("a.cite-ok").count() >= 1 or "第六百七十五条" in text
    assert axe_violations(visitor) == []
