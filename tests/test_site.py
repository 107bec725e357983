"""The course website (``make site``): every notebook a page in learning order, the home page's
path and times, the references page, launch links from the one repository setting, no asset
from another host, every internal link and anchor resolving, quizzes with hidden answers.

Expected values come from the files (the notebooks folder, README, ``data/references.json``,
``data/quizzes.yaml``, ``pyproject.toml``) read here with plain parsing, never from ``book``.
The browser checks (failed requests, console, axe, search) are in ``tests/browser/test_site.py``.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlparse

import pytest
import yaml

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SETTINGS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["glutelab"]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def cells(notebook: Path) -> list[dict[str, object]]:
    cells_: list[dict[str, object]] = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return cells_


def text_of(cell: dict[str, object]) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else str(source)


def title(notebook: Path) -> str:
    first = text_of(cells(notebook)[0])
    return next(line[2:].strip() for line in first.splitlines() if line.startswith("# "))


def plain(fragment: str) -> str:
    """Text without tags, white space collapsed, typographic quotes as typed ones."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return " ".join(text.translate(QUOTES).split())


QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def binder_url(path: str, prefix: str = "lab/tree/") -> str:
    slug = urlparse(SETTINGS["repository_url"]).path.strip("/")
    base = f"{SETTINGS['binderhub_url']}/v2/gh/{slug}/{SETTINGS['binder_ref']}"
    return f"{base}?urlpath={quote(prefix + path, safe='')}"


# --- pages and the learning path ----------------------------------------------------------------


def test_every_notebook_is_a_page_listed_in_learning_order(built_site: Path) -> None:
    home = page(built_site, "index.html")
    article = home[home.index('id="the-learning-path"') :]
    linked = re.findall(r'href="notebooks/([0-9][0-9]_[^"#]+)\.html"', article)
    order = list(dict.fromkeys(linked))
    assert order == [nb.stem for nb in NOTEBOOKS]
    for notebook in NOTEBOOKS:
        chapter = page(built_site, f"notebooks/{notebook.stem}.html")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", chapter, re.DOTALL)
        assert h1 and plain(h1.group(1)).startswith(title(notebook)), notebook.stem


def test_home_page_times_come_from_the_course_table(built_site: Path) -> None:
    """Each row of the learning path shows the README's time for that notebook (or, for a
    notebook the README does not list yet, the time in the notebook's first cell)."""
    home = page(built_site, "index.html")
    rows = {
        re.search(r'href="notebooks/([^"]+)\.html"', row).group(1): plain(row)  # type: ignore[union-attr]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", home, re.DOTALL)
        if 'href="notebooks/' in row
    }
    readme_times = dict(re.findall(r"^\| \d\d \| `([^`]+)\.ipynb`.*\| ([^|]+?) \|$", README, re.M))
    for notebook in NOTEBOOKS:
        time = readme_times.get(notebook.stem)
        if time is None:
            found = re.search(
                r"\*\*Time:\*\*\s*(?:about\s+)?([^.\n]+)", text_of(cells(notebook)[0])
            )
            assert found, f"{notebook.name}: no time in the README table or the first cell"
            time = found.group(1).strip()
        assert rows[notebook.stem].endswith(time), (notebook.stem, rows[notebook.stem])


def test_references_page_lists_every_record(built_site: Path) -> None:
    records = json.loads((ROOT / "data" / "references.json").read_text(encoding="utf-8"))
    references = page(built_site, "references.html")
    items = re.findall(r'<li id="ref-([^"]+)">(.*?)</li>', references, re.DOTALL)
    assert sorted(ident for ident, _ in items) == sorted(r["id"] for r in records)
    text = {ident: plain(item) for ident, item in items}
    for record in records:
        assert record["title"].split()[0] in text[record["id"]], record["id"]
        if record.get("DOI"):
            assert f"doi.org/{record['DOI']}" in references


# --- launch links from one setting --------------------------------------------------------------


def test_readme_and_site_use_the_one_repository_setting(built_site: Path) -> None:
    badge = re.search(r"\(https://mybinder\.org/v2/gh/([^)?]+)\?urlpath=([^)]+)\)", README)
    assert badge, "README: no Binder badge"
    slug = urlparse(SETTINGS["repository_url"]).path.strip("/")
    assert badge.group(1) == f"{slug}/{SETTINGS['binder_ref']}"
    assert SETTINGS["binderhub_url"] == "https://mybinder.org"
    pull = re.search(r"/hub/user-redirect/git-pull\?(\S+)", README)
    assert pull, "README: no nbgitpuller link"
    query = parse_qs(pull.group(1))
    assert query["repo"] == [SETTINGS["repository_url"]]
    assert query["branch"] == [SETTINGS["branch"]]
    assert SETTINGS["repository_url"] in page(built_site, "index.html")  # the repository button


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_launch_links(built_site: Path, notebook: Path) -> None:
    chapter = page(built_site, f"notebooks/{notebook.stem}.html")
    bar = re.search(r'<nav class="glutelab-launch".*?</nav>', chapter, re.DOTALL)
    assert bar, "no launch links"
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', bar.group(0))]
    path = f"notebooks/{notebook.name}"
    assert binder_url(path) in hrefs
    hub = [urlparse(h) for h in hrefs if "/hub/user-redirect/git-pull" in h]
    assert len(hub) == 1
    assert f"{hub[0].scheme}://{hub[0].netloc}" == SETTINGS["jupyterhub_url"].rstrip("/")
    query = parse_qs(hub[0].query)
    repo_name = SETTINGS["repository_url"].rstrip("/").split("/")[-1]
    assert query["repo"] == [SETTINGS["repository_url"]]
    assert query["urlpath"] == [f"lab/tree/{repo_name}/{path}"]
    # the explorers this chapter shows, as Voilà apps: the apps whose code this chapter calls
    code = "".join(text_of(c) for c in cells(notebook) if c["cell_type"] == "code")
    expected = set()
    for app in sorted((ROOT / "apps").glob("*.ipynb")):
        app_code = "".join(text_of(c) for c in cells(app) if c["cell_type"] == "code")
        function = re.search(r"glutelab\.(\w+)\(", app_code).group(1)  # type: ignore[union-attr]
        if re.search(rf"\b{function}\(", code):
            expected.add(binder_url(f"apps/{app.name}", "voila/render/"))
    assert {h for h in hrefs if "voila" in unquote(h)} == expected


# --- offline: nothing from another host ---------------------------------------------------------

ASSET = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=\"([^\"]+)\""
    r"|<link\b[^>]*\bhref=\"([^\"]+)\"[^>]*>"
)


def test_pages_load_nothing_from_other_hosts(built_site: Path) -> None:
    found = []
    for path in built_site.rglob("*.html"):
        for match in ASSET.finditer(path.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            tag = match.group(0)
            if match.group(2) and not re.search(
                r'rel="(stylesheet|icon|preload|modulepreload)', tag
            ):
                continue  # <link rel="next"> and the like are links, not loads
            if re.match(r"(https?:)?//", url):
                found.append(f"{path.relative_to(built_site)}: {url}")
    for path in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", path.read_text("utf-8")):
            found.append(f"{path.relative_to(built_site)}: {url}")
    assert found == []
    pages = " ".join(p.read_text(encoding="utf-8") for p in built_site.rglob("*.html"))
    for name in ("require.js", "mathjax", "html-manager", "widget-state+json", "fonts.googleapis"):
        assert name not in pages.lower(), name


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    ids: dict[Path, set[str]] = {}
    broken = []
    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for href in re.findall(r'<a\b[^>]*\bhref="([^"]*)"', text):
            href = html.unescape(href)
            if re.match(r"[a-z]+:", href):
                continue  # https:, mailto:: external
            target_part, _, anchor = href.partition("#")
            target = (path.parent / unquote(target_part.split("?")[0])).resolve()
            if not target_part:
                target = path.resolve()
            if not target.is_file():
                broken.append(f"{path.relative_to(built_site)}: {href}")
                continue
            if anchor and target.suffix == ".html":
                if target not in ids:
                    found = re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8"))
                    ids[target] = set(map(html.unescape, found))
                if unquote(anchor) not in ids[target]:
                    broken.append(f"{path.relative_to(built_site)}: {href} (no such anchor)")
    assert broken == []


# --- quizzes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_quiz_questions_shown_with_answers_in_closed_details(
    built_site: Path, notebook: Path
) -> None:
    quizzes = yaml.safe_load((ROOT / "data" / "quizzes.yaml").read_text(encoding="utf-8"))
    entries = quizzes.get("questions", quizzes) if isinstance(quizzes, dict) else quizzes
    mine = [q for q in entries if q.get("notebook") == notebook.stem]
    chapter = page(built_site, f"notebooks/{notebook.stem}.html")
    if not mine:
        assert "glutelab-quiz" not in chapter
        return
    blocks = re.findall(r'<div class="glutelab-question">(.*?)</details></div>', chapter, re.DOTALL)
    assert len(blocks) == len(mine)
    for question, block in zip(mine, blocks, strict=True):
        shown, answer = block.split("<details>", 1)
        assert " ".join(question["question"].split()) in plain(shown)
        for choice in question["choices"]:
            assert " ".join(str(choice).split()) in plain(shown)
        right = " ".join(str(question["choices"][question["answer"]]).split())
        assert right in plain(answer)
        assert "<details open" not in block


# --- an explorer's starting view, drawn from saved widget state (book.snapshot) -----------------


def test_snapshot_draws_shown_parts_escaped_and_leaves_out_hidden_ones_and_buttons() -> None:
    from book.snapshot import draw

    models = {
        "root": {
            "model_name": "VBoxModel",
            "state": {"children": [f"IPY_MODEL_{c}" for c in "abcde"]},
        },
        "a": {
            "model_name": "DropdownModel",
            "state": {"description": "Muscle", "_options_labels": ["<max>", "med"], "index": 0},
        },
        "b": {"model_name": "ButtonModel", "state": {"description": "Check answer"}},
        "c": {
            "model_name": "HTMLModel",
            "state": {"value": "<p>shown</p>", "layout": "IPY_MODEL_L"},
        },
        "d": {
            "model_name": "HTMLModel",
            "state": {"value": "<p>hidden</p>", "layout": "IPY_MODEL_H"},
        },
        "e": {
            "model_name": "OutputModel",
            "state": {
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {"image/png": "AAAA"},
                        "metadata": {"image/png": {"alt": "A bar chart"}},
                    }
                ]
            },
        },
        "L": {"model_name": "LayoutModel", "state": {"display": None}},
        "H": {"model_name": "LayoutModel", "state": {"display": "none"}},
    }
    drawn = draw("root", models)
    assert "<span>Muscle:</span> &lt;max&gt;" in drawn  # the chosen option, escaped
    assert "<p>shown</p>" in drawn and "hidden" not in drawn
    assert "Check answer" not in drawn  # nothing to press on a static page
    assert '<img src="data:image/png;base64,AAAA" alt="A bar chart"/>' in drawn
    assert draw("missing", models) == ""


def test_linkcheck_collects_every_doi_and_skips_launch_links(built_site: Path) -> None:
    """``make linkcheck`` (needs the internet) checks these; here only what it would check."""
    from book.build import external_links

    links = external_links(built_site)
    records = json.loads((ROOT / "data" / "references.json").read_text(encoding="utf-8"))
    for record in records:
        if record.get("DOI"):
            assert f"https://doi.org/{record['DOI']}" in links, record["id"]
    assert not [url for url in links if "mybinder.org" in url or "/hub/user-redirect/" in url]
