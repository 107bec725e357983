"""Shared fixtures: a private copy of the data folder for tests that break files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of ``data/`` that the loaders use for the duration of one test."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("GLUTELAB_DATA", str(target))
    yield target


SITE_DIR = ROOT / "build" / "test-site"
"""The website the tests build: kept between runs (with Sphinx's and MyST-NB's caches), so a
second run only reads what changed."""


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The course website built once per session (``book.build.build_site``) into ``SITE_DIR``."""
    from book.build import build_site

    build_site(SITE_DIR)
    return SITE_DIR
