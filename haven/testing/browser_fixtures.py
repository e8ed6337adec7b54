"""Fixtures for every app's browser tests: one server per run, one Chromium per module.

Imported by haven/conftest.py, so `haven/<app>/tests/test_browser.py` can use them.
"""

import os
from collections.abc import Iterator

import pytest

from haven.testing.browser import (
    CHROMIUM_ARGS,
    HarnessError,
    HavenServer,
    clear_screenshots,
    find_chromium,
    haven_server,
    missing_prerequisites,
)


def _unavailable(reason: str) -> None:
    """Fail when the run demands a browser (HAVEN_REQUIRE_BROWSER=1), skip otherwise."""
    if os.environ.get("HAVEN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"HAVEN_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason} (set HAVEN_REQUIRE_BROWSER=1 to make this fail)")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    path = find_chromium()
    if path is None:
        _unavailable(
            "no Chromium found (install it: apt-get install chromium; looked for `chromium` "
            "on PATH and /usr/bin/chromium)"
        )
    problems = missing_prerequisites()
    if problems:
        pytest.fail(" ".join(problems), pytrace=False)
    return path


@pytest.fixture(scope="session")
def server(chromium_path: str) -> Iterator[HavenServer]:
    """Haven behind gunicorn, on a database of its own, for the whole test session."""
    clear_screenshots()
    try:
        with haven_server() as running:
            yield running
    except HarnessError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="module")
def browser(chromium_path: str):
    """One Chromium for the browser test module.

    Module-scoped, not session-scoped, on purpose: while Playwright's sync API is running it
    marks an asyncio loop as running in this thread, and Django then refuses database access
    ("SynchronousOnlyOperation") to every ordinary test that runs after this module.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser, server: HavenServer):
    """new_context() -> a fresh browser context (own cookies) pointed at the server."""
    contexts = []

    def _new_context(**options):
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "en-US"} | options
        context = browser.new_context(base_url=server.base_url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        context.close()
