"""The clinical notebooks' figures: what is drawn, checked against the CSV files with pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.patches import Rectangle

import glutelab
from glutelab.style import SOURCE_HATCHES

DATA = Path(__file__).resolve().parent.parent / "data"


def _bars(chart) -> list[Rectangle]:
    return [p for p in chart.ax.patches if isinstance(p, Rectangle)]


def _texts(chart) -> list[str]:
    return [t.get_text() for t in chart.ax.texts]


def _inside(chart) -> None:
    """Every text artist lies inside the figure (nothing clipped)."""
    figure = chart.figure
    renderer = figure.canvas.get_renderer()
    box = figure.bbox
    for text in [*chart.ax.texts, *figure.texts, chart.ax.title]:
        extent = text.get_window_extent(renderer)
        assert extent.x0 >= box.x0 - 1 and extent.x1 <= box.x1 + 1, text.get_text()


def test_nerve_block_bars_are_the_percent_changes_from_the_csv() -> None:
    raw = pd.read_csv(DATA / "nerve_block_abduction.csv")
    force = raw.set_index(["hip_position", "block"])["abduction_force_n"]
    chart = glutelab.nerve_block_figure()
    chart.png()
    widths = sorted(round(b.get_width()) for b in _bars(chart))
    expected = sorted(
        round((force[p, b] - force[p, "none"]) / force[p, "none"] * 100)
        for p in ("flexion_30", "neutral", "extension_30")
        for b in ("tfl", "gmed_gmin", "gmax")
    )
    assert widths == expected
    assert all(b.get_hatch() == SOURCE_HATCHES["abstract"] for b in _bars(chart))
    assert "+26%" in _texts(chart) and "-62%" in _texts(chart)
    assert "Change in abduction force" in chart.ax.get_xlabel() and "(%)" in chart.ax.get_xlabel()
    assert "gluteus medius and minimus -62%" in chart.alt
    _inside(chart)


def test_trial_success_bars_are_events_over_total() -> None:
    trials = pd.read_csv(DATA / "trials.csv", keep_default_na=False)
    leap = trials[(trials["study_id"] == "mellor2018") & (trials["events"] != "")]
    chart = glutelab.trial_success_figure("mellor2018")
    chart.png()
    expected = [
        round(int(e) / int(t) * 100) for e, t in zip(leap["events"], leap["total"], strict=True)
    ]
    assert [round(b.get_width()) for b in _bars(chart)] == expected
    labels = [t.get_text() for t in chart.ax.get_yticklabels()]
    assert labels[0].startswith("education plus exercise")
    assert "51/66 (77%)" in _texts(chart)
    assert chart.ax.get_title(loc="left").startswith("Most success at 8 weeks: education plus")
    _inside(chart)


@pytest.mark.parametrize("study", ["schoenfeld2018", "kendall2015"])
def test_single_value_bars_are_the_reported_values(study: str) -> None:
    trials = pd.read_csv(DATA / "trials.csv")
    rows = trials[(trials["study_id"] == study) & trials["value"].notna()]
    chart = glutelab.trial_values_figure(study, "A title")
    chart.png()
    assert [b.get_width() for b in _bars(chart)] == rows["value"].tolist()
    assert rows["value_unit"].iloc[0] in chart.ax.get_xlabel()
    _inside(chart)


def test_an_unknown_study_is_named() -> None:
    with pytest.raises(ValueError, match="no rows for study 'nobody'"):
        glutelab.trial_values_figure("nobody", "x")


def test_mixed_units_are_refused() -> None:
    from glutelab.practice_plots import arm_values_chart

    trials = glutelab.load_trials()
    rows = trials[trials["study_id"].astype(str).isin(["schoenfeld2018", "kendall2015"])]
    with pytest.raises(ValueError, match="mix units"):
        arm_values_chart(rows, title="x")
