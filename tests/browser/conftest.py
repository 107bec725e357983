"""Fixtures for the browser tests: one JupyterLab server and one Chromium for the session,
a fresh browser context and page for each test, kernels shut down after each test. (The Voilà
tests start their own server per module: ``voila.py``, ``test_voila_apps.py``.)

Needs Debian's Chromium at /usr/bin/chromium (``make browser-deps``; ``GLUTELAB_CHROMIUM``
names another path) and the ``playwright`` Python package (the ``test`` extra); Playwright's own
browser downloads are never used. Without them, on a developer's machine, the browser test files
are not imported (they import playwright) and ``test_browser_available.py`` reports each of them
as SKIPPED with the reason; under CI (``CI`` set) a missing browser fails the run.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .lab import CHROMIUM, CHROMIUM_ARGS, LabServer, start_lab

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from .helpers import LabPage

HAVE_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None
MISSING = [
    what
    for what, ok in (
        ("the playwright package", HAVE_PLAYWRIGHT),
        (str(CHROMIUM), CHROMIUM.exists()),
    )
    if not ok
]
BROWSER_TEST_FILES = sorted(
    p.name for p in Path(__file__).parent.glob("test_*.py") if p.name != "test_browser_available.py"
)
NOT_RUN = MISSING and not os.environ.get("CI")
if NOT_RUN:
    # These import playwright: they are not imported, and test_browser_available.py reports
    # every test file as skipped with the reason.
    collect_ignore = ["helpers.py", "explorers.py", *BROWSER_TEST_FILES]

VIEWPORT: dict[str, int] = {"width": 1366, "height": 900}
TIMEOUT_MS = 60_000  # generous: kernel start and widget round trips on a busy 2-core machine


def missing_reason() -> str:
    """Why the browser tests cannot run here (empty when they can)."""
    if not MISSING:
        return ""
    return f"browser tests need {' and '.join(MISSING)} (run `make browser-deps`)"


def require_browser() -> None:
    """Fail (under CI: never skip) when Chromium or Playwright is missing."""
    if MISSING:
        pytest.fail(missing_reason())


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab serving the project folder, with private settings; stopped at the end."""
    require_browser()
    server = start_lab(tmp_path_factory.mktemp("jupyter-home"))
    atexit.register(server.stop)  # also if the session is interrupted before the teardown
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (for JupyterLab and Voilà alike)."""
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def lab(browser: Browser, lab_server: LabServer) -> Iterator[LabPage]:
    """A new page (own context: no shared storage) on the server; console errors recorded.

    Afterwards the page is closed without saving and every kernel is shut down.
    """
    from .helpers import ConsoleLog, LabPage

    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    console = ConsoleLog()
    console.attach(page)
    try:
        yield LabPage(page=page, server=lab_server, console=console)
    finally:
        context.close()
        lab_server.shutdown_kernels()
