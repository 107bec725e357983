"""Static handouts build for every notebook, with figures (and their alt text) embedded."""

from __future__ import annotations

import re

import pytest

from glutelab.handouts import NOTEBOOKS, WIDGET_NOTE, build_handouts


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("handouts")
    return {p.stem: p.read_text(encoding="utf-8") for p in build_handouts(out)}


def test_every_notebook_has_a_handout(handouts: dict[str, str]) -> None:
    assert set(handouts) == {p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}


@pytest.mark.parametrize("name", sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")))
def test_handout_embeds_figures_with_alt_text_and_notes_widgets(
    handouts: dict[str, str], name: str
) -> None:
    html = handouts[name]
    images = re.findall(r"<img [^>]*>", html)
    # 00 and 07 have tables, not figures; 03's figures live in its explorer
    if name not in ("00_index", "03_myths_vs_evidence", "07_checking_a_source"):
        assert images, f"{name}: no figures embedded"
    for tag in images:
        assert 'src="data:image/png;base64,' in tag, "figures are embedded, not linked"
        assert re.search(r'alt="[^"]{20,}"', tag), f"{name}: image without alt text"
    assert "Traceback" not in html  # execution errors would also have stopped the build
    if name not in ("00_index",):
        assert WIDGET_NOTE in html  # every notebook after the map ends with an interactive quiz
