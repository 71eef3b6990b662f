"""The browser fixtures of the project's journeys (a real server with the demo data, Chromium)."""

from xiezhi.web.tests.e2e.conftest import browser, live_url, page  # noqa: F401
