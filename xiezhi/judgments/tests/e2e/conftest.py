"""The browser-journey fixtures (a real server on the demo data, Chromium) of xiezhi.web's e2e tests."""

from xiezhi.web.tests.e2e.conftest import browser, live_url, page  # noqa: F401
