"""Build the course website and its PDF.

``python -m book.build site [OUT]``   the website (``build/site`` by default; ``make site``)
``python -m book.build pdf [OUT]``    one PDF of the whole course (``build/glutelab-course.pdf``)
``python -m book.build linkcheck``    check the external links (DOIs, URLs; needs the internet)

Both run Sphinx with MyST-NB on the staged sources (:mod:`book.sources`). Notebooks are run
once and their results cached in ``build/jupyter_cache`` (keyed by the code cells), so an
unchanged course is rebuilt in seconds. The PDF is the single-page build printed by Debian's
Chromium (no TeX).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from book.links import ROOT
from book.sources import SOURCE_DIR, stage

CONF_DIR = ROOT / "book"
SITE_DIR = ROOT / "build" / "site"
SINGLE_DIR = ROOT / "build" / "site-single"
PDF_PATH = ROOT / "build" / "glutelab-course.pdf"
CHROMIUM = "/usr/bin/chromium"


def sphinx(builder: str, out: Path, *, doctrees: Path | None = None) -> None:
    """Run Sphinx's ``builder`` on the staged sources into ``out``; fail on any warning."""
    from sphinx.cmd.build import build_main

    stage(SOURCE_DIR)
    trees = doctrees or out.parent / f".doctrees-{out.name}"
    args = ["-b", builder, "-c", str(CONF_DIR), "-d", str(trees), "-W", "--keep-going", "-q"]
    status = build_main([*args, str(SOURCE_DIR), str(out)])
    if status != 0:
        raise SystemExit(f"sphinx-build -b {builder} failed (exit status {status})")


def build_site(out: Path = SITE_DIR) -> Path:
    """The website: ``out/index.html`` and one page per chapter."""
    sphinx("html", out)
    return out / "index.html"


PRINT_CSS = """
details { display: block; }
details > summary { list-style: none; font-weight: bold; }
"""


def build_pdf(out: Path = PDF_PATH, single: Path = SINGLE_DIR, browser: Any = None) -> Path:
    """The whole course in one PDF: the single-page build printed by Chromium.

    ``browser``: a Playwright ``Browser`` already running (the tests'); else one is started.
    """
    sphinx("singlehtml", single)
    if browser is not None:
        return print_pdf(browser, single / "index.html", out)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM)
        try:
            return print_pdf(chromium, single / "index.html", out)
        finally:
            chromium.close()


def print_pdf(browser: Any, html_file: Path, out: Path) -> Path:
    """Print ``html_file`` to ``out`` (A4, page numbers, an outline, tagged), answers open."""
    out.parent.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    try:
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file:") else route.abort()
            ),
        )
        page.goto(html_file.resolve().as_uri(), wait_until="load")
        page.add_style_tag(content=PRINT_CSS)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.emulate_media(media="print")
        page.pdf(
            path=str(out),
            format="A4",
            print_background=True,
            margin={"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=(
                '<div style="font-size:8px;width:100%;text-align:center">'
                'glutelab · page <span class="pageNumber"></span> of '
                '<span class="totalPages"></span></div>'
            ),
            outline=True,
            tagged=True,
        )
    finally:
        page.close()
    return out


LAUNCH_HOSTS = ("mybinder.org", "hub.example.org")
"""Launch links start a server when opened: not checked."""


def external_links(site: Path) -> dict[str, list[str]]:
    """Every external link of the built site: URL -> the pages that have it."""
    import html
    import re

    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a\b[^>]*\bhref="(https?://[^"]+)"', text):
            url = html.unescape(href)
            if not any(host in url for host in LAUNCH_HOSTS):
                found.setdefault(url, []).append(page.relative_to(site).as_posix())
    return found


def check_url(url: str, timeout: float = 20.0) -> str:
    """``ok`` or what went wrong (a HEAD request, then GET when HEAD is refused)."""
    import urllib.error
    import urllib.request

    headers = {"User-Agent": "glutelab-linkcheck (course website; https://github.com/glutelab)"}
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return "ok"
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return f"unreachable ({error})"
    return "refused"


def linkcheck(out: Path = ROOT / "build" / "linkcheck.txt") -> Path:
    """Check every external link of the site (DOIs, URLs); the report is ``out``.

    Needs the internet, so it is a separate command (``make linkcheck``), not a test.
    Exits with status 1 when a link is broken.
    """
    from concurrent.futures import ThreadPoolExecutor

    build_site(SITE_DIR)
    links = external_links(SITE_DIR)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(links, pool.map(check_url, links), strict=True))
    broken = {url: why for url, why in results.items() if why != "ok"}
    lines = [f"{len(results)} external links, {len(broken)} broken"]
    lines += [
        f"{why}  {url}  (on {', '.join(sorted(set(links[url])))})"
        for url, why in sorted(broken.items())
    ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if broken:
        raise SystemExit(1)
    return out


def main(argv: list[str]) -> int:
    """Command line: ``site``, ``pdf`` or ``linkcheck``, and an optional output path."""
    if not argv or argv[0] not in {"site", "pdf", "linkcheck"}:
        print(__doc__)
        return 2
    start = time.perf_counter()
    target = Path(argv[1]) if len(argv) > 1 else None
    if argv[0] == "site":
        result = build_site(target or SITE_DIR)
    elif argv[0] == "linkcheck":
        result = linkcheck(target or ROOT / "build" / "linkcheck.txt")
    else:
        result = build_pdf(target or PDF_PATH)
    print(f"{result} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":  # pragma: no cover - command-line entry point
    sys.exit(main(sys.argv[1:]))
