"""Charts are checked against the data they draw, not against pixels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer, ErrorbarContainer

import glutelab
from glutelab import plots
from glutelab.bands import band_table
from glutelab.data import study_names

from .conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def emg() -> pd.DataFrame:
    return glutelab.load_emg()


def _bars(chart) -> list[float]:
    return [
        patch.get_width()
        for container in chart.ax.containers
        if isinstance(container, BarContainer)
        for patch in container.patches
    ]


def _error_spans(chart) -> list[tuple[float, float]]:
    spans = []
    for container in chart.ax.containers:
        if isinstance(container, ErrorbarContainer):
            for segment in container.lines[2][0].get_segments():
                spans.append((float(segment[0][0]), float(segment[1][0])))
    return spans


def _save(chart, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    path.write_bytes(chart.png())
    return path


def _has_basics(chart) -> None:
    assert chart.ax.get_title(loc="left")
    assert "%MVIC" in chart.ax.get_xlabel() or "index" in chart.ax.get_xlabel()
    assert len(chart.alt) > 40
    assert chart.source
    bundle, metadata = chart._repr_mimebundle_()
    assert f'alt="{chart.alt}"' in bundle["text/html"].replace("&#x27;", "'")
    assert metadata["image/png"]["alt"] == chart.alt


@pytest.mark.parametrize(
    "study_id", ["macaskill2014", "distefano2009", "contreras2015a", "moore2019b"]
)
def test_study_chart_bars_equal_the_table(emg: pd.DataFrame, study_id: str) -> None:
    chart = plots.study_chart(emg, study_id, bands=band_table(), citation=study_names()[study_id])
    rows = emg[emg["study_id"] == study_id]
    assert sorted(_bars(chart)) == sorted(rows["pct_mvic"].tolist())
    expected_spans = sorted(
        (v - sd, v + sd) for v, sd in zip(rows["pct_mvic"], rows["sd"], strict=True) if pd.notna(sd)
    )
    assert np.allclose(sorted(_error_spans(chart)), expected_spans)
    _has_basics(chart)
    _save(chart, f"study_{study_id}")


def test_review_ranges_are_floating_bars(emg: pd.DataFrame) -> None:
    chart = plots.study_chart(emg, "neto2020", bands=band_table())
    rows = emg[emg["study_id"] == "neto2020"]
    low = rows[rows["statistic"] == "range_low"].set_index("exercise_label")["pct_mvic"]
    high = rows[rows["statistic"] == "range_high"].set_index("exercise_label")["pct_mvic"]
    assert sorted(chart.data["ranges"]) == sorted(zip(low, high.loc[low.index], strict=True))
    central = rows[~rows["statistic"].isin(["range_low", "range_high"])]["pct_mvic"]
    widths = sorted(_bars(chart))
    for value in central:
        assert value in widths
    _save(chart, "study_neto2020")


def test_band_shading_sits_at_the_band_limits(emg: pd.DataFrame) -> None:
    bands = band_table()
    chart = plots.study_chart(emg, "macaskill2014", bands=bands)
    spans = sorted(
        (round(p.get_x(), 6), round(p.get_x() + p.get_width(), 6))
        for p in chart.ax.patches
        if p.get_zorder() == 0
    )
    lower = bands["lower_pct_mvic"].tolist()
    assert [s[0] for s in spans] == [max(0.0, v - 0.5) for v in lower]
    uppers = [u + 0.5 for u in bands["upper_pct_mvic"].dropna()]
    assert [s[1] for s in spans[:-1]] == uppers
    assert spans[-1][1] == chart.ax.get_xlim()[1]
    labels = {t.get_text() for t in chart.ax.texts}
    assert {"low", "moderate", "high", "very high"} <= labels


def test_abstract_values_are_hatched(emg: pd.DataFrame) -> None:
    chart = plots.study_chart(emg, "macaskill2014")
    hatches = {p.get_hatch() for c in chart.ax.containers if isinstance(c, BarContainer) for p in c}
    assert hatches == {"//"}
    full_text = plots.study_chart(emg, "neto2020")
    assert {
        p.get_hatch() for c in full_text.ax.containers if isinstance(c, BarContainer) for p in c
    } <= {None, ""}


def test_unknown_study_names_the_study(emg: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="unknown study 'nobody2020'"):
        plots.study_chart(emg, "nobody2020")


def test_forest_plots_every_value_with_its_sd(emg: pd.DataFrame) -> None:
    chart = plots.exercise_forest(emg, ["hip_thrust"], citations=study_names())
    rows = emg[
        (emg["exercise_id"] == "hip_thrust") & ~emg["statistic"].isin(["range_low", "range_high"])
    ]
    plotted = sorted(
        float(line.get_xdata()[0]) for line in chart.ax.lines if line.get_gid() == "value"
    )
    assert plotted == sorted(rows["pct_mvic"].tolist())
    assert np.allclose(
        sorted(_error_spans(chart)),
        sorted(
            (v - s, v + s) for v, s in zip(rows["pct_mvic"], rows["sd"], strict=True) if pd.notna(s)
        ),
    )
    assert "not directly comparable" in " ".join(chart.source.split())
    _has_basics(chart)
    _save(chart, "forest_hip_thrust")


def test_forest_without_data_says_so(emg: pd.DataFrame) -> None:
    chart = plots.exercise_forest(emg, ["moonwalk"])
    assert chart.data["values"] == []
    assert any("No EMG values" in t.get_text() for t in chart.ax.texts)


def test_heatmap_leaves_missing_cells_missing(emg: pd.DataFrame) -> None:
    chart = plots.overview_heatmap(emg, glutelab.load_exercises())
    grid = chart.data["grid"]
    central = emg[emg["statistic"].isin(plots.CENTRAL_STATISTICS)]
    # Hip thrust: gluteus maximus only, so medius and minimus are missing, not zero.
    assert np.isnan(grid.loc["hip_thrust", "gluteus_medius"])
    assert grid.loc["hip_thrust", "gluteus_maximus"] == pytest.approx(
        central[
            (central["exercise_id"] == "hip_thrust") & (central["muscle"] == "gluteus_maximus")
        ]["pct_mvic"].median()
    )
    no_data_labels = [t for t in chart.ax.texts if t.get_text() == "no data"]
    assert len(no_data_labels) == chart.data["missing_cells"] == int(grid.isna().sum().sum())
    image = chart.ax.images[0].get_array()
    assert image.mask.sum() == chart.data["missing_cells"]
    _has_basics_heatmap(chart)
    _save(chart, "overview_heatmap")


def _has_basics_heatmap(chart) -> None:
    assert chart.ax.get_title(loc="left")
    assert "no data" in chart.alt


def test_gta_chart_values(emg: pd.DataFrame) -> None:
    gta = glutelab.load_gta_index()
    chart = plots.gta_chart(gta, citations=study_names())
    assert sorted(_bars(chart)) == sorted(gta["gta_index"].tolist())
    _has_basics(chart)
    _save(chart, "gta_index")
