"""Fixtures for the browser tests: one JupyterLab server and one Chromium for the session,
a fresh browser context and page for each test, kernels shut down after each test. (The Voilà
tests start their own server per module: ``voila.py``, ``test_voila_apps.py``.)

Needs Debian's Chromium at /usr/bin/chromium (``make browser-deps``) and the ``playwright``
Python package (the ``test`` extra); Playwright's own browser downloads are never used.
Without them the tests are skipped on a developer's machine and fail under CI.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
from collections.abc import Iterator
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
if MISSING and not os.environ.get("CI"):
    # helpers.py and the tests import playwright: do not even collect them
    collect_ignore_glob = ["helpers.py", "test_*.py"]

VIEWPORT: dict[str, int] = {"width": 1366, "height": 900}
TIMEOUT_MS = 60_000  # generous: kernel start and widget round trips on a busy 2-core machine


def require_browser() -> None:
    """Fail (under CI: never skip) when Chromium or Playwright is missing."""
    if MISSING:
        pytest.fail(f"browser tests need {' and '.join(MISSING)} (run `make browser-deps`)")


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
