"""Browser journeys, a pytest plugin registered in the root conftest.py: a real Xiezhi server (its
own SQLite database with the demo data) driven by Debian's Chromium through Playwright. Nothing is
mocked: the server is started as an operator would."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DEMO_PASSWORD = "xiezhi-demo-2026"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _xiezhi(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "xiezhi.cli", *args], env=env, check=True, capture_output=True, timeout=300
    )


def demo_env(var: Path) -> dict[str, str]:
    """The environment of a server on its own var directory (no XIEZHI_* of the test run)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XIEZHI_")}
    env.update(
        {"XIEZHI_ENV": "development", "XIEZHI_VAR_DIR": str(var), "XIEZHI_DEMO_PASSWORD": DEMO_PASSWORD}
    )
    return env


@contextmanager
def serving(var: Path, env: dict[str, str]) -> Iterator[str]:
    """Run ``xiezhi run`` on a free port until the block ends; yields its URL once it answers."""
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
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("e2e-var")
    env = demo_env(var)
    _xiezhi(["migrate", "-v0"], env)
    _xiezhi(["demo"], env)
    with serving(var, env) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Chromium is not installed: run `bash scripts/system-deps.sh` (make test does).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_url):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_url):  # type: ignore[no-untyped-def]
    """A 360 px wide phone screen."""
    context = browser.new_context(base_url=live_url, viewport={"width": 360, "height": 740}, is_mobile=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """WCAG 2.2 A/AA violations on the current page, as axe-core reports them."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci` (make test does).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
