"""A live Xiezhi server with the demo data plus one effective judgment of 浙0106 queued for
publication (made with the app's factories in ``xiezhi shell``, then ``xiezhi disclosure enqueue``,
as an operator would). The browser fixtures are the web app's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from xiezhi.web.tests.e2e.fixtures import _xiezhi, demo_env, serving

SETUP = """
from xiezhi.courts.models import Court
from xiezhi.disclosure.factories import EffectiveCaseFactory, JudgmentDocumentFactory
court = Court.objects.get(code="浙0106")
case = EffectiveCaseFactory(court=court, year=2024, sequence=90001, number="（2024）浙0106民初90001号")
JudgmentDocumentFactory(case=case)
"""


@pytest.fixture(scope="session")
def disclosure_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("e2e-disclosure")
    env = demo_env(var)
    _xiezhi(["migrate", "-v0"], env)
    _xiezhi(["demo"], env)
    _xiezhi(["shell", "-c", SETUP], env)
    _xiezhi(["disclosure", "enqueue"], env)
    with serving(var, env) as url:
        yield url


@pytest.fixture
def context_factory(browser, disclosure_url):  # type: ignore[no-untyped-def]
    contexts = []

    def make():  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=disclosure_url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
