"""Browser tests never vanish silently: each file that cannot run is reported as SKIPPED.

Where Chromium or Playwright is missing, ``conftest.py`` does not import the browser test files
(they import playwright); this file then stands in for each of them, skipped with the reason.
Under CI (``CI`` set) a missing browser is a failure instead.
"""

from __future__ import annotations

import os

import pytest

from .conftest import BROWSER_TEST_FILES, MISSING, NOT_RUN, missing_reason


def test_the_browser_test_files_are_found() -> None:
    assert {"test_lab_explorers.py", "test_lab_widgets.py", "test_voila_apps.py"} <= set(
        BROWSER_TEST_FILES
    )


@pytest.mark.parametrize("test_file", BROWSER_TEST_FILES)
def test_browser_test_file_runs_here(test_file: str) -> None:
    if MISSING and os.environ.get("CI"):
        pytest.fail(f"{test_file}: {missing_reason()}")
    if NOT_RUN:
        pytest.skip(f"{test_file} not run: {missing_reason()}")
    assert not MISSING  # the file itself is collected and runs
