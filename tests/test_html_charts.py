"""The exercise explorer's ranked chart as HTML: the same facts as the PNG chart, drawn.

Each check reads the markup back (bar positions, numbers, whiskers, hatching, bands) and
compares it with values worked out from the data files.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

from glutelab import plots
from glutelab.bands import band_table
from glutelab.data import load_emg, load_exercises, study_names
from glutelab.evidence import EvidenceFilter, evidence_table, filter_evidence, one_per_dataset, rank
from glutelab.html_charts import HATCH_CSS, ranked_chart_html
from glutelab.style import MUSCLE_COLOURS, SOURCE_HATCHES

from .drawn import html_bar_values, html_bars

TABLE = evidence_table(load_emg(), load_exercises())
CHOICES = [
    EvidenceFilter(),
    EvidenceFilter(muscle="gluteus_medius"),
    EvidenceFilter(family="side_bridge", include_peaks=False),
    EvidenceFilter(muscle="gluteus_minimus"),
    EvidenceFilter(study_id="neto2020"),
]


def _rows(choice: EvidenceFilter) -> pd.DataFrame:
    return rank(one_per_dataset(filter_evidence(TABLE, choice)))


def _shown(rows: pd.DataFrame, limit: int = 25) -> pd.DataFrame:
    """The rows drawn, bottom to top (the highest ``limit``, lowest first)."""
    return rows.sort_values("pct_mvic", ascending=False).head(limit).iloc[::-1]


@pytest.mark.parametrize("choice", CHOICES, ids=lambda c: str(c.muscle or c.family or c.study_id))
def test_the_html_chart_says_what_the_png_chart_says(choice: EvidenceFilter) -> None:
    rows = _rows(choice)
    assert not rows.empty
    as_html = ranked_chart_html(rows, bands=band_table(), citations=study_names())
    as_png = plots.ranked_chart(rows, bands=band_table(), citations=study_names())
    assert (as_html.alt, as_html.data) == (as_png.alt, as_png.data)
    assert f'aria-label="{as_html.alt}"' in as_html.html.replace("&#x27;", "'")
    assert 'role="img"' in as_html.html


@pytest.mark.parametrize("choice", CHOICES, ids=lambda c: str(c.muscle or c.family or c.study_id))
def test_each_bar_is_as_long_as_its_value_with_its_number_inside_the_frame(
    choice: EvidenceFilter,
) -> None:
    rows = _rows(choice)
    shown = _shown(rows)
    markup = ranked_chart_html(rows).html
    bars = html_bars(markup)
    assert html_bar_values(markup) == [float(v) for v in shown["pct_mvic"]]
    scales = [width / value for (_, width, _), value in zip(bars, shown["pct_mvic"], strict=True)]
    scale = scales[-1]
    assert scales == [pytest.approx(scale, rel=1e-3) for _ in scales]  # widths in 0.001 %
    assert all(left == 0 for left, _, _ in bars)
    ends = shown["pct_mvic"] + shown["sd"].fillna(0)
    assert float(ends.max()) * scale <= 100 / 1.15 + 1e-6  # room for the number after it


def test_whiskers_span_plus_and_minus_one_sd() -> None:
    rows = _rows(EvidenceFilter(muscle="gluteus_medius"))
    shown = _shown(rows)
    markup = ranked_chart_html(rows).html
    bars = html_bars(markup)
    scale = bars[0][1] / float(shown["pct_mvic"].iloc[0])
    found = [
        (float(left) / scale, float(width) / scale)
        for left, width in re.findall(
            r'class="glutelab-whisker" style="position:absolute;left:([0-9.]+)%;width:([0-9.]+)%',
            markup,
        )
    ][::-1]
    with_sd = shown[shown["sd"].notna()]
    assert len(with_sd) > 3
    expected = [(m - s, 2 * s) for m, s in zip(with_sd["pct_mvic"], with_sd["sd"], strict=True)]
    assert found == [pytest.approx(e, abs=0.01) for e in expected]  # positions in 0.001 %


def test_bars_take_their_muscle_colour_and_their_source_hatching() -> None:
    rows = _rows(EvidenceFilter())
    shown = _shown(rows)
    styles = re.findall(r'class="glutelab-bar" style="([^"]*)"', ranked_chart_html(rows).html)[::-1]
    assert len(styles) == len(shown)
    kinds = set()
    for style, (_, row) in zip(styles, shown.iterrows(), strict=True):
        assert MUSCLE_COLOURS[str(row["muscle"])] in style
        hatch = SOURCE_HATCHES[str(row["source_kind"])]
        kinds.add(hatch)
        if hatch:
            assert HATCH_CSS[hatch] in style
        else:
            assert "gradient" not in style
    assert {"", "//"} <= kinds  # plain and hatched bars both checked


def test_bands_are_shaded_at_their_limits_and_named() -> None:
    rows = _rows(EvidenceFilter(muscle="gluteus_medius"))
    markup = ranked_chart_html(rows, bands=band_table()).html
    gradients = re.findall(r"linear-gradient\(to right, (#\w+ [0-9.%, #\w]+)\)", markup)
    gradient = gradients[0]
    assert set(gradients) == {gradient}  # every row shaded alike
    stops = [(float(a), float(b)) for a, b in re.findall(r"#\w+ ([0-9.]+)% ([0-9.]+)%", gradient)]
    assert stops[0][0] == 0 and stops[-1][1] == 100
    assert all(a[1] == b[0] for a, b in itertools.pairwise(stops))  # no gap
    named = re.findall(r"translateX\(-50%\);white-space:nowrap\">([a-z ]+)</span>", markup)
    words = [name.replace("_", " ") for name in band_table()["band"].astype(str)]
    assert named and set(named) <= set(words)  # a name where it fits a 480 px track
    for band in band_table().to_dict("records"):  # the source line lists every band
        limits = f"{band['lower_pct_mvic']:g}-{band['upper_pct_mvic']:g}"
        if pd.isna(band["upper_pct_mvic"]):
            limits = f"&gt;={band['lower_pct_mvic']:g}"
        assert f"{band['band'].replace('_', ' ')} {limits}" in markup


def test_text_from_the_data_is_escaped() -> None:
    rows = _rows(EvidenceFilter(family="side_bridge")).copy()
    rows["exercise_label"] = rows["exercise_label"].astype(object)
    rows.loc[rows.index[0], "exercise_label"] = "<script>alert(1)</script>"
    markup = ranked_chart_html(rows).html
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_an_empty_selection_says_to_widen_the_filters() -> None:
    chart = ranked_chart_html(_rows(EvidenceFilter()).head(0))
    assert "Try widening them" in chart.html and chart.data["values"] == []
