"""Handouts are the website's chapter pages (``make handouts`` builds the site): one page per
notebook, executed, figures embedded with alt text and a caption, explorers drawn in their
starting state, no error output and no live-widget placeholder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def calls(notebook: Path, pattern: str) -> bool:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return re.search(pattern, code) is not None


def test_every_notebook_has_a_handout(built_site: Path) -> None:
    pages = {p.stem for p in (built_site / "notebooks").glob("*.html")}
    assert pages == {nb.stem for nb in NOTEBOOKS}


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_handout_embeds_figures_with_alt_text_and_draws_explorers(
    built_site: Path, notebook: Path
) -> None:
    html = (built_site / "notebooks" / f"{notebook.name[:-6]}.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    images = re.findall(r"<img [^>]*>", article)
    # a notebook that draws a chart (a plots/diagram/explorer call) shows it as an embedded PNG
    if calls(notebook, r"\b(plots|emg_plots)\.\w+\(|hip_diagram\("):
        assert images, f"{notebook.stem}: no figures embedded"
    for tag in images:
        assert 'src="data:image/png;base64,' in tag, "figures are embedded, not linked"
        assert re.search(r'alt="[^"]{20,}"', tag), f"{notebook.stem}: image without alt text"
    charts = re.findall(r'<figure class="glutelab-chart".*?</figure>', article, re.DOTALL)
    assert all("<figcaption><b>Figure " in chart for chart in charts)
    assert "Traceback" not in article  # execution errors would also have stopped the build
    assert "application/vnd.jupyter.widget" not in html  # no empty widget box
    explorers = article.count('class="glutelab-static-widget"')
    shown = "|".join(APP_FUNCTIONS)
    assert explorers == len(re.findall(rf"\b(?:{shown})\(", _code(notebook)))
    if calls(notebook, r"\bquiz\("):
        assert 'class="glutelab-quiz"' in article


APP_FUNCTIONS = sorted(
    re.search(r"glutelab\.(\w+)\(", _app_code).group(1)  # type: ignore[union-attr]
    for _app_code in (
        "".join("".join(c["source"]) for c in json.loads(p.read_text("utf-8"))["cells"])
        for p in (ROOT / "apps").glob("*.ipynb")
    )
)
"""The explorer each app notebook shows (read from apps/, not from the site's code)."""


def _code(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
