"""The course website in Chromium, served as a static host would, every other host blocked.

Each page (home, references, every chapter): no failed request, no console error or warning,
axe-core finds no violation, every image has alt text, every chart a caption. On chapters:
each explorer shows its drawn starting view and its "open live" link, and the launch links
point to Binder, the hub and the chapter's Voilà apps. Search finds a word that only the
latest chapter uses (taken from the notebooks, so it follows the course as chapters are added).
The PDF (``make pdf``) holds every chapter title and the references.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from .helpers import axe_problems
from .lab import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PAGES = ["index.html", "references.html", *(f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS)]
WORD = re.compile(r"[A-Za-z][a-z]{7,}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """``build/test-site`` served over HTTP on localhost, as a static host serves it."""
    handler = functools.partial(_Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Visit:
    """A page opened with every request to another host blocked, and what went wrong."""

    def __init__(self, page: Page, base: str) -> None:
        self.page, self.base = page, base
        self.failed: list[str] = []
        self.blocked: list[str] = []
        self.console: list[str] = []
        page.route("**/*", self._route)
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on(
            "response",
            lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.on(
            "console",
            lambda m: (
                self.console.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith((self.base, "data:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]


def open_page(browser: Browser, base: str, name: str) -> Visit:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    visit = Visit(page, base)
    page.goto(base + name, wait_until="load")
    page.wait_for_load_state("networkidle")
    return visit


def binder(path: str, prefix: str) -> str:
    """The Binder link, from ``[tool.glutelab]`` read here."""
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["glutelab"]
    slug = settings["repository_url"].removeprefix("https://github.com/")
    base = f"{settings['binderhub_url']}/v2/gh/{slug}/{settings['binder_ref']}"
    return f"{base}?urlpath={quote(prefix + path, safe='')}"


def explorer_apps(notebook: Path) -> list[str]:
    """The app notebooks whose explorer function this chapter calls."""

    def code(path: Path) -> str:
        cells = json.loads(path.read_text("utf-8"))["cells"]
        return "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")

    mine = code(notebook)
    found = []
    for app in sorted((ROOT / "apps").glob("*.ipynb")):
        function = re.search(r"glutelab\.(\w+)\(", code(app))
        if function and re.search(rf"\b{function.group(1)}\(", mine):
            found.append(f"apps/{app.name}")
    return found


@pytest.mark.parametrize("name", PAGES)
def test_page_offline_clean_accessible(browser: Browser, site_url: str, name: str) -> None:
    visit = open_page(browser, site_url, name)
    page = visit.page
    try:
        # what loading the page did, before axe (which fetches style sheets its own way)
        assert visit.blocked == [], "requests to other hosts"
        assert visit.failed == [], "failed requests"
        assert visit.console == [], "console errors or warnings"
        images = page.locator("article img")
        for i in range(images.count()):
            alt = images.nth(i).get_attribute("alt") or ""
            assert len(alt.strip()) >= 20, f"image {i} without a useful alt text: {alt!r}"
        charts = page.locator("article figure.glutelab-chart")
        for i in range(charts.count()):
            caption = charts.nth(i).locator("figcaption")
            assert re.match(r"Figure \S+\. \S", caption.inner_text()), f"chart {i}: no caption"
        launch = page.locator("nav.glutelab-launch a")
        hrefs = [launch.nth(i).get_attribute("href") for i in range(launch.count())]
        notebook = (
            f"{name.removesuffix('.html')}.ipynb" if "/" in name else "notebooks/00_index.ipynb"
        )
        assert binder(notebook, "lab/tree/") in hrefs
        problems = axe_problems(page)
        assert problems == [], "axe-core:\n" + "\n".join(problems)
    finally:
        page.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_explorers_drawn_with_open_live_link(
    browser: Browser, site_url: str, notebook: Path
) -> None:
    from playwright.sync_api import expect

    apps = explorer_apps(notebook)
    visit = open_page(browser, site_url, f"notebooks/{notebook.stem}.html")
    page = visit.page
    try:
        launch = page.locator("nav.glutelab-launch a")
        hrefs = {launch.nth(i).get_attribute("href") for i in range(launch.count())}
        app_links = {h for h in hrefs if h and "voila" in h}
        assert app_links == {binder(app, "voila/render/") for app in apps}
        explorers = page.locator(".glutelab-static-widget")
        assert explorers.count() >= len(apps)
        for i in range(explorers.count()):
            explorer = explorers.nth(i)
            live = explorer.locator(".glutelab-open-live a").first
            expect(live).to_be_visible()
            if apps:
                assert live.get_attribute("href") in {binder(a, "voila/render/") for a in apps}
            # drawn: a chart image, loaded and of a readable size, an HTML chart's bars, or a
            # table with rows
            chart = explorer.locator("figure.glutelab-chart img")
            if chart.count():
                expect(chart.first).to_be_visible()
                box = chart.first.bounding_box()
                assert box and box["width"] > 200 and box["height"] > 100, "chart not drawn"
                assert chart.first.evaluate("img => img.complete && img.naturalWidth > 0")
            elif explorer.locator("figure.glutelab-html-chart").count():  # drawn by the browser
                bars = explorer.locator("figure.glutelab-html-chart .glutelab-bar")
                expect(bars.first).to_be_visible()
                box = bars.first.bounding_box()
                assert box and box["width"] > 20 and box["height"] > 10, "chart not drawn"
            else:
                expect(explorer.locator("table tbody tr").first).to_be_visible()
        assert page.locator("script[type*='jupyter.widget']").count() == 0
    finally:
        page.close()


def latest_chapter_word() -> tuple[str, str]:
    """A word of the latest chapter's prose that no other chapter uses (the longest, first)."""

    def words(path: Path) -> set[str]:
        cells = json.loads(path.read_text("utf-8"))["cells"]
        prose = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        return {w.lower() for w in WORD.findall(prose)}

    latest = NOTEBOOKS[-1]
    others = set().union(*(words(nb) for nb in NOTEBOOKS[:-1]))
    own = sorted(words(latest) - others, key=lambda w: (-len(w), w))
    assert own, f"{latest.name}: no word of its own to search for"
    return own[0], latest.stem


def test_search_finds_a_word_of_the_latest_chapter(browser: Browser, site_url: str) -> None:
    from playwright.sync_api import expect

    word, stem = latest_chapter_word()
    visit = open_page(browser, site_url, f"search.html?q={quote(word)}")
    page = visit.page
    try:
        result = page.locator(f"#search-results a[href*='notebooks/{stem}.html']")
        expect(result.first).to_be_visible(timeout=30_000)
        assert visit.blocked == [] and visit.console == []
    finally:
        page.close()


def test_pdf_has_every_chapter_and_the_references(
    browser: Browser, built_site: Path, tmp_path: Path
) -> None:
    from book.build import build_pdf

    assert shutil.which("pdftotext"), "pdftotext (Debian's poppler-utils) is needed"
    single = built_site.parent / "test-site-single"
    pdf = build_pdf(tmp_path / "course.pdf", single=single, browser=browser)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.translate(str.maketrans("\u201c\u201d\u2019", '""\'')).split())
    for notebook in NOTEBOOKS:
        cells = json.loads(notebook.read_text("utf-8"))["cells"]
        heading = next(ln for ln in "".join(cells[0]["source"]).splitlines() if ln[:2] == "# ")
        assert " ".join(heading[2:].split()) in flat, notebook.stem
    assert "References" in flat
    records = json.loads((ROOT / "data" / "references.json").read_text("utf-8"))
    # A title may wrap at a hyphen ("sit-to-" / "stands"): compare without any white space.
    squashed = "".join(flat.split())
    for record in records:
        assert "".join(record["title"].split()[:3]) in squashed, record["id"]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert pages > len(NOTEBOOKS)
    # internal links: the contents' entries point at places inside the document
    dests = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True)
    for notebook in NOTEBOOKS:
        assert f"document-notebooks/{notebook.stem}" in dests.stdout, notebook.stem
