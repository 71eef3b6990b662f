"""A live Xiezhi server with the demo data plus one effective judgment of 浙0106 queued for
publication (made with the app's factories in ``xiezhi shell``, then ``xiezhi disclosure enqueue``,
as an operator would). The browser fixtures are the web app's."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from xiezhi.web.tests.e2e.fixtures import DEMO_PASSWORD, _free_port, _xiezhi

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
    env = {k: v for k, v in os.environ.items() if not k.startswith("XIEZHI_")}
    env.update(
        {"XIEZHI_ENV": "development", "XIEZHI_VAR_DIR": str(var), "XIEZHI_DEMO_PASSWORD": DEMO_PASSWORD}
    )
    _xiezhi(["migrate", "-v0"], env)
    _xiezhi(["demo"], env)
    _xiezhi(["shell", "-c", SETUP], env)
    _xiezhi(["disclosure", "enqueue"], env)
    port = _free_port()
    log = (var / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "xiezhi.cli", "run", "--no-migrate", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("The Xiezhi server did not start:\n" + (var / "server.log").read_text())
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=10)
    log.close()


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
