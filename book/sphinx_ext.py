"""Sphinx extension of the course website: static explorers, quizzes, captions, launch links.

Runs on each page once it is read (``doctree-read``), so its result is cached with the page:

* every widget output becomes its starting view drawn as HTML (:mod:`book.snapshot`), under a
  line saying how to open it live (the explorer as an app, or the notebook); the widget
  state and the widget JavaScript are dropped, so nothing is loaded from a CDN;
* a quiz becomes its questions, with each answer and its explanation in a closed
  ``<details>`` (works without a kernel or JavaScript, and in print);
* each chart (``figure.glutelab-chart``) gets a numbered caption;
* every page gets launch links at its top: Binder, a JupyterHub via nbgitpuller, and the
  page's explorers as Voilà apps.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from book.course import App, apps, apps_called, calls_in
from book.links import Links, load_links
from book.snapshot import decode, draw

WIDGET_VIEW = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.DOTALL
)
QUIZ_CALL = re.compile(r"""\bquiz\(\s*["']([^"']+)["']\s*\)""")
CHART = re.compile(r'<figure class="(glutelab-chart[^"]*)"([^>]*)>(.*?)</figure>', re.DOTALL)
"""A chart: an image (``Chart.html``) or HTML the browser lays out (``glutelab.html_charts``)."""
EMPTY_HEADER = re.compile(r"<th([^>]*)>(?:\s|&nbsp;|<p>\s*</p>)*</th>")
"""A table's empty corner cell (pandas' unnamed index): a header cell with no text is an
accessibility fault (axe: empty-table-header); an empty data cell is not."""
ALT = re.compile(r'(?:alt|aria-label)="([^"]*)"')
HOME_NOTEBOOK = "notebooks/00_index.ipynb"


def _link(url: str, text: str, kind: str) -> str:
    return f'<a class="glutelab-launch-{kind}" href="{html.escape(url)}">{text}</a>'


def launch_bar(links: Links, notebook: str, page_apps: list[App], *, chapter: bool) -> str:
    """The launch links at the top of a page (on other pages: the course map notebook)."""
    what = "this notebook" if chapter else "the course"
    items = [
        _link(links.binder(notebook), f"Run {what} on Binder", "binder"),
        _link(links.hub(notebook), f"Run {what} on your JupyterHub", "hub"),
    ]
    for app in page_apps:
        text = f"Explorer as an app: {html.escape(app.title)}"
        items.append(_link(links.binder_app(app.path), text, "app"))
    lis = "".join(f"<li>{item}</li>" for item in items)
    return (
        '<nav class="glutelab-launch" aria-label="Launch this page">'
        f"<p>Run it live:</p><ul>{lis}</ul></nav>"
    )


def open_live(links: Links, notebook: str, shown: list[App]) -> str:
    """The line above an explorer's drawn starting view."""
    if shown:
        app = shown[0]
        how = (
            f"{_link(links.binder_app(app.path), 'open the explorer live as an app', 'app')}"
            f" (Voilà on Binder; {_link(links.hub_app(app.path), 'or on your JupyterHub', 'hub')})"
        )
    else:
        how = _link(links.binder(notebook), "run this notebook live on Binder", "binder")
    return (
        '<p class="glutelab-open-live"><strong>Interactive explorer, shown in its starting '
        f"state.</strong> To change its settings, {how}.</p>"
    )


def quiz_html(notebook: str) -> str:
    """A notebook's quiz: questions and choices, each answer in a closed ``<details>``."""
    from glutelab.data import load_references
    from glutelab.quizzes import Quiz
    from glutelab.widgets import escape, references_html

    quiz = Quiz.for_notebook(notebook)
    references = load_references()
    parts = ['<div class="glutelab-quiz"><p class="glutelab-quiz-title">Check yourself</p>']
    total = len(quiz.questions)
    for number, question in enumerate(quiz.questions, 1):
        choices = "".join(f"<li>{escape(choice)}</li>" for choice in question.choices)
        letter = chr(ord("A") + question.answer)
        refs = references_html(question.refs, references)
        parts.append(
            f'<div class="glutelab-question"><p><b>Question {number} of {total}.</b> '
            f'{escape(question.text)}</p><ol type="A">{choices}</ol>'
            f"<details><summary>Answer to question {number}</summary>"
            f"<p><b>{letter}: {escape(question.choices[question.answer])}</b></p>"
            f"<p>{escape(question.explanation)}</p>{refs}</details></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _cell_source(cell: nodes.Element) -> str:
    blocks = [n for n in cell.findall(nodes.literal_block) if "output" not in n["classes"]]
    return blocks[0].astext() if blocks else ""


def _caption(match: re.Match[str], chapter: str, counter: list[int]) -> str:
    classes, attrs, inner = match.group(1), match.group(2), match.group(3)
    if "<figcaption" in inner:
        return match.group(0)
    counter[0] += 1
    alt = ALT.search(attrs) or ALT.search(inner)
    text = html.unescape(alt.group(1)) if alt else ""
    first = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
    label = f"Figure {chapter}.{counter[0]}" if chapter else f"Figure {counter[0]}"
    caption = f"<figcaption><b>{label}.</b> {html.escape(first)}</figcaption>"
    return f'<figure class="{classes}"{attrs}>{inner}{caption}</figure>'


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Rewrite one page (see the module's docstring)."""
    from myst_nb.sphinx_ import NbMetadataCollector

    env = app.env
    docname = env.docname
    links: Links = app.config.glutelab_links
    known: list[App] = app.config.glutelab_apps
    is_chapter = docname.startswith("notebooks/")
    notebook = f"{docname}.ipynb" if is_chapter else HOME_NOTEBOOK
    chapter_no = str(int(docname.split("/")[-1][:2])) if is_chapter else ""

    js_files = NbMetadataCollector.get_js_files(env, docname)
    state = js_files.pop("ipywidgets_state", None)
    for key in [k for k in js_files if k.startswith("ipywidgets_")]:
        js_files.pop(key)
    models = decode(state[1]["body"]) if state else {}

    counter = [0]
    page_apps: list[App] = []
    for cell in list(doctree.findall(nodes.container)):
        if "cell" not in cell["classes"]:
            continue
        source = _cell_source(cell)
        shown = apps_called(source, known)
        page_apps += [a for a in shown if a not in page_apps]
        quiz = QUIZ_CALL.search(source) if "quiz" in calls_in(source) else None
        for raw in list(cell.findall(nodes.raw)):
            text = raw.astext()
            view = WIDGET_VIEW.search(text)
            if view:
                model_id = json.loads(view.group(1).replace("<\\/", "</"))["model_id"]
                if quiz:
                    new = quiz_html(quiz.group(1))
                else:
                    drawn = CHART.sub(
                        lambda m: _caption(m, chapter_no, counter), draw(model_id, models)
                    )
                    new = (
                        '<div class="glutelab-static-widget">'
                        f"{open_live(links, notebook, shown)}{drawn}</div>"
                    )
                raw.replace_self(nodes.raw("", new, format="html", classes=["output"]))
            elif "glutelab-chart" in text:
                new = CHART.sub(lambda m: _caption(m, chapter_no, counter), text)
                raw.replace_self(nodes.raw("", new, format="html", classes=raw["classes"]))

    bar = nodes.raw("", launch_bar(links, notebook, page_apps, chapter=is_chapter), format="html")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, bar)


def empty_headers_as_cells(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Write a table's empty header cells (a blank corner) as empty data cells."""
    if "body" in context:
        context["body"] = EMPTY_HEADER.sub(r"<td\1></td>", context["body"])


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension."""
    app.add_config_value("glutelab_links", load_links(), "env", types=[Links])
    app.add_config_value("glutelab_apps", apps(), "env", types=[list])
    app.connect("doctree-read", on_doctree_read)
    app.connect("html-page-context", empty_headers_as_cells)
    return {
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "version": "1",
        "env_version": code_version(),
    }


def code_version() -> int:
    """A number that changes when the site's code changes, so Sphinx reads every page again."""
    import hashlib
    from pathlib import Path

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.name != "build.py":
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:8], 16)
