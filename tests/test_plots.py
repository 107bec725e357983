"""Charts are checked against the data they draw, not against pixels.

Each test draws its own chart (no chart fixture shared across tests): mutation testing runs,
for each changed line, the tests that call the changed function, and a chart drawn once for
the whole module would be called by its first test only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgba
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.text import Annotation

import glutelab
from glutelab import plots
from glutelab.bands import band_table
from glutelab.data import study_names
from glutelab.diagrams import HipDiagram, hip_diagram
from glutelab.scenarios import SCENARIOS, measure, simulate_scenario
from glutelab.style import MUSCLE_COLOURS, RC, Chart, text_width

from .conftest import ROOT
from .drawn import bar_spans, bar_values, floating_bars
from .test_bar_drawing import _bands

GMAX, GMED, GMIN = "gluteus_maximus", "gluteus_medius", "gluteus_minimus"
MUSCLE_TICKS = ["Gluteus maximus", "Gluteus medius", "Gluteus minimus"]

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
    assert chart.ax.get_title(loc="left") or chart.figure.get_suptitle()
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
    expected = sorted(zip(low, high.loc[low.index], strict=True))
    assert expected, "neto2020 reports ranges"
    assert sorted(floating_bars(chart.ax)) == expected  # each drawn from its low to its high end
    central = rows[~rows["statistic"].isin(["range_low", "range_high"])]["pct_mvic"]
    assert sorted(bar_values(chart.ax)) == sorted(central)  # single values drawn from zero
    assert len(bar_spans(chart.ax)) == len(expected) + len(central)
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
    assert not [line for line in chart.ax.lines if line.get_gid() == "value"]
    assert any("No EMG values" in t.get_text() for t in chart.ax.texts)


def test_heatmap_leaves_missing_cells_missing(emg: pd.DataFrame) -> None:
    chart = plots.overview_heatmap(emg, glutelab.load_exercises())
    muscles = [t.get_text() for t in chart.ax.get_xticklabels()]
    exercises = glutelab.load_exercises().set_index("exercise_id")["name"]
    rows = [t.get_text().replace("\n", " ") for t in chart.ax.get_yticklabels()]
    # Hip thrust: gluteus maximus only, so medius and minimus are "no data", not zero.
    i = rows.index(str(exercises["hip_thrust"]))
    cell = {
        muscles[round(t.get_position()[0])]: t.get_text()
        for t in chart.ax.texts
        if round(t.get_position()[1]) == i
    }
    assert cell["Gluteus medius"] == cell["Gluteus minimus"] == "no data"
    values = emg[(emg["exercise_id"] == "hip_thrust") & (emg["muscle"] == "gluteus_maximus")]
    spread = f"{values['pct_mvic'].min():.0f}-{values['pct_mvic'].max():.0f}"
    assert cell["Gluteus maximus"] == spread
    present = emg.groupby(["exercise_id", "muscle"], observed=True).size()
    no_data_labels = [t for t in chart.ax.texts if t.get_text() == "no data"]
    assert len(no_data_labels) == len(rows) * 3 - len(present)
    image = chart.ax.images[0].get_array()
    assert image.mask.sum() == len(no_data_labels)
    _has_basics_heatmap(chart)
    _save(chart, "overview_heatmap")


def _has_basics_heatmap(chart) -> None:
    assert chart.figure.get_suptitle()
    assert "no data" in chart.alt


def test_gta_chart_values(emg: pd.DataFrame) -> None:
    gta = glutelab.load_gta_index()
    chart = plots.gta_chart(gta, citations=study_names())
    assert sorted(_bars(chart)) == sorted(gta["gta_index"].tolist())
    _has_basics(chart)
    _save(chart, "gta_index")


# --- the ranked chart (exercise and myth explorers): readable labels, nothing covered --------


def _ranked_row_sets() -> dict[str, pd.DataFrame]:
    """The rows the explorers rank: every family, muscle and study, and every myth."""
    from glutelab.evidence import EvidenceFilter, evidence_table, filter_evidence, myth_rows, rank

    table = evidence_table(glutelab.load_emg(), glutelab.load_exercises())
    sets = {"all": rank(filter_evidence(table, EvidenceFilter()))}
    for column, setting in (("family", "family"), ("muscle", "muscle"), ("study_id", "study_id")):
        for value in sorted(set(table[column].astype(str))):
            rows = rank(filter_evidence(table, EvidenceFilter(**{setting: value})))
            sets[f"{setting}={value}"] = rows
    myths = glutelab.load_myths()
    for myth_id, emg_filter in myths["emg_filter"].items():
        rows = rank(myth_rows(table, emg_filter if isinstance(emg_filter, dict) else None))
        if not rows.empty:
            sets[f"myth={myth_id}"] = rows
    return {name: rows for name, rows in sets.items() if not rows.empty}


RANKED_SETS = _ranked_row_sets()


@pytest.mark.parametrize("name", sorted(RANKED_SETS))
def test_ranked_labels_are_unique_and_never_cut(name: str) -> None:
    rows = RANKED_SETS[name]
    chart = plots.ranked_chart(rows, bands=band_table(), citations=study_names())
    labels = chart.data["labels"]
    assert len(set(labels)) == len(labels), f"two bars read the same: {labels}"
    shown = rows.sort_values("pct_mvic", ascending=False).head(25)
    assert not any("..." in label for label in labels)
    words = " ".join(label.replace("\n", " ") for label in labels)
    for exercise in shown["exercise_label"].astype(str):
        assert " ".join(exercise.split()) in words  # the whole exercise name, never shortened
    assert [t.get_text() for t in chart.ax.get_yticklabels()] == labels


def test_rows_that_read_the_same_get_their_condition_or_a_number() -> None:
    rows = RANKED_SETS["study_id=boren2011"]
    labels = plots.ranked_labels(rows, study_names())
    assert any("[dominant leg down]" in label for label in labels)
    assert any("[dominant leg up]" in label for label in labels)
    clams = RANKED_SETS["study_id=distefano2009"]
    clam_labels = [label for label in plots.ranked_labels(clams) if label.startswith("hip clam")]
    assert [label.split("\n")[0] for label in clam_labels if "GMed" in label] == [
        "hip clam (value 1 of 2)",
        "hip clam (value 2 of 2)",
    ]


def _extents(chart) -> dict[str, list]:
    """Window extents (pixels) of what a ranked chart draws, after a real draw."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Annotation

    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = chart.ax
    low, high = ax.get_xlim()
    drawn_ticks = [  # only ticks inside the axis are drawn
        tick.label1 for tick in ax.xaxis.get_major_ticks() if low <= tick.get_loc() <= high
    ]
    everything = [*chart.figure.texts, *ax.texts, *ax.get_yticklabels(), *drawn_ticks]
    everything += [ax.title, ax._left_title, ax.xaxis.label, *ax.get_legend().get_texts()]
    texts = [t for t in everything if t.get_visible() and t.get_text().strip()]
    return {
        "texts": [t.get_window_extent(renderer) for t in texts],
        "values": [
            t.get_window_extent(renderer) for t in ax.texts if not isinstance(t, Annotation)
        ],
        "bands": [t.get_window_extent(renderer) for t in ax.texts if isinstance(t, Annotation)],
        "bars": [
            p.get_window_extent(renderer)
            for c in ax.containers
            if isinstance(c, BarContainer)
            for p in c.patches
        ],
        "legend": [ax.get_legend().get_window_extent(renderer)],
        "title": [ax.title.get_window_extent(renderer), ax._left_title.get_window_extent(renderer)],
        "xlabel": [ax.xaxis.label.get_window_extent(renderer)],
        "figure": [chart.figure.bbox],
    }


@pytest.mark.parametrize(
    "name", ["all", "study_id=boren2011", "myth=never_fire", "muscle=gluteus_medius"]
)
def test_ranked_chart_keeps_everything_inside_and_uncovered(name: str) -> None:
    chart = plots.ranked_chart(RANKED_SETS[name], bands=band_table(), citations=study_names())
    boxes = _extents(chart)
    figure = boxes["figure"][0]
    for box in boxes["texts"]:  # the x label, row labels, source line: none cut at an edge
        assert figure.x0 - 1 <= box.x0 and box.x1 <= figure.x1 + 1, box
        assert figure.y0 - 1 <= box.y0 and box.y1 <= figure.y1 + 1, box
    (legend,) = boxes["legend"]
    for box in boxes["values"] + boxes["bars"] + boxes["bands"]:
        assert not legend.overlaps(box), "the legend covers a bar, its value or a band name"
    for band in boxes["bands"]:  # a clear gap (at least 3 px) between band names and title
        for title in boxes["title"]:
            if title.width > 0:
                assert band.y1 + 3 <= title.y0, (band, title)
    assert boxes["bands"], "no band is labelled"
    for i, one in enumerate(boxes["bands"]):
        for other in boxes["bands"][i + 1 :]:
            assert not one.overlaps(other), "two band names run into each other"
    _save(chart, f"ranked_{name.replace('=', '_')}")


def _savefig_pixels(chart) -> np.ndarray:
    import io

    import matplotlib.image as mpimg

    buffer = io.BytesIO()
    chart.figure.savefig(buffer, format="png", dpi=chart.figure.dpi)
    return mpimg.imread(io.BytesIO(buffer.getvalue()), format="png")[..., :3]


@pytest.mark.parametrize(
    "build",
    [
        lambda emg: plots.study_chart(emg, "neto2020", bands=band_table()),
        lambda emg: plots.exercise_forest(emg, ["hip_thrust"], citations=study_names()),
        lambda emg: plots.overview_heatmap(emg, glutelab.load_exercises()),
        lambda emg: plots.empty_chart("Nothing matches these filters."),
    ],
    ids=["study", "forest", "heatmap", "empty"],
)
def test_a_chart_drawn_once_has_the_pixels_savefig_gives(emg: pd.DataFrame, build) -> None:
    """Chart.png draws a figure with a layout engine once (the layout runs in that draw)."""
    import io

    import matplotlib.image as mpimg

    chart = build(emg)
    assert chart.figure.get_layout_engine() is not None
    ours = mpimg.imread(io.BytesIO(chart.png()), format="png")
    assert ours.shape[:2] == (
        round(chart.figure.bbox.height),
        round(chart.figure.bbox.width),
    )
    assert np.all(ours[..., 3] == 1)  # RGBA, opaque
    assert np.array_equal(ours[..., :3], _savefig_pixels(build(emg)))


def test_encode_png_gives_back_the_exact_pixels() -> None:
    import io

    from PIL import Image

    from glutelab.style import encode_png

    pixels = np.random.default_rng(3).integers(0, 256, (37, 53, 4), dtype=np.uint8)
    image = Image.open(io.BytesIO(encode_png(pixels)))
    assert image.mode == "RGBA" and image.size == (53, 37)
    assert np.array_equal(np.asarray(image), pixels)
    with pytest.raises(ValueError, match=r"height x width x 4 RGBA pixels, got \(37, 53, 3\)"):
        encode_png(pixels[..., :3])


@pytest.mark.parametrize("count", [1, 24, 25, 26])
def test_ranked_chart_draws_at_most_its_limit_of_the_highest_values(count: int) -> None:
    rows = RANKED_SETS["all"].head(count)  # ranked: highest first
    chart = plots.ranked_chart(rows, bands=band_table(), limit=25)
    expected = sorted(rows["pct_mvic"].tolist(), reverse=True)[:25]
    assert bar_values(chart.ax) == sorted(expected)
    assert (f"top 25 of {count}" in chart.alt) is (count > 25)


def test_the_hip_drawing_redrawn_in_place_has_the_pixels_of_a_new_one() -> None:
    """HipDiagram redraws only the bands and labels over saved bones; after several states
    its PNG must be the picture savefig gives for a drawing made afresh for the last one."""
    import io

    import matplotlib.image as mpimg

    drawing = HipDiagram()
    for state in [(None, None), ("gluteus_maximus", "inferior"), ("gluteus_minimus", None)]:
        drawing.update(*state)
        drawing.png()
    drawing.update("gluteus_medius", "anterior")
    ours = mpimg.imread(io.BytesIO(drawing.png()), format="png")[..., :3]
    fresh = hip_diagram("gluteus_medius", "anterior")
    buffer = io.BytesIO()
    fresh.figure.savefig(buffer, format="png", dpi=fresh.figure.dpi)
    theirs = mpimg.imread(io.BytesIO(buffer.getvalue()), format="png")[..., :3]
    assert ours.shape == theirs.shape
    differing = np.abs(ours - theirs).max(axis=2) > 0.1
    assert differing.sum() == 0, differing.sum()  # nothing of an earlier state is left over


def test_the_hip_drawing_keeps_one_band_per_compartment_and_one_region_label() -> None:
    """The bands and muscle labels are drawn once and restyled; only the shown region has a
    label: after many states no view holds a leftover or a duplicate."""
    drawing = HipDiagram()
    states = [
        ("gluteus_maximus", "inferior"),
        ("gluteus_medius", None),
        ("gluteus_minimus", "posterior"),
        (None, None),
        ("gluteus_medius", "middle"),
    ]
    for muscle, region in states:
        chart = drawing.update(muscle, region)
        drawing.png()
        for ax in chart.data["axes"]:
            gids = [str(patch.get_gid()) for patch in ax.patches]
            assert len(gids) == len(set(gids)) == 9
            region_labels = [t for t in ax.texts if str(t.get_gid()).startswith("region:")]
            assert [t.get_text() for t in region_labels] == ([region] if region else [])
            bold = [
                str(t.get_gid()).split(":")[-1]
                for t in ax.texts
                if str(t.get_gid()).startswith("label:") and t.get_fontweight() == "bold"
            ]
            assert bold == ([muscle] if muscle else [])


def test_scenario_chart_reports_what_was_measured() -> None:
    trials = [simulate_scenario(s, seed=1) for s in SCENARIOS.values()]
    results = [measure(t) for t in trials]
    chart = plots.scenario_chart(trials, results)
    axes = chart.figure.axes
    assert len(axes) == len(trials)
    top = 1.15 * max(float(t.glute_pct_mvic.max()) for t in trials)
    for ax, trial, result in zip(axes, trials, results, strict=True):
        drawn = {line.get_label(): line for line in ax.lines}
        assert np.array_equal(drawn["gluteus maximus"].get_ydata(), trial.glute_pct_mvic)
        assert np.array_equal(drawn["hamstrings"].get_ydata(), trial.hamstring_pct_mvic)
        assert ax.get_ylim() == pytest.approx((0, top))
        # a vertical line at each detected onset: hamstrings dashed, gluteus maximus solid
        verticals = {
            line.get_linestyle(): line.get_xdata()[0]
            for line in ax.lines
            if line.get_label().startswith("_")  # axvline: not in the legend
        }
        onsets = {"--": result.hamstring_onset_s, "-": result.glute_onset_s}
        assert verticals == {style: s for style, s in onsets.items() if s is not None}
        # the panel title gives the delay, worked out here from the two onsets, in ms
        if result.glute_onset_s is None:
            timing = "no gluteal onset detected"
        else:
            timing = (
                f"glute onset {(result.glute_onset_s - result.hamstring_onset_s) * 1000:+.0f} ms"
            )
        assert ax.get_title(loc="left") == (
            f"{trial.scenario.name}: {timing} vs hamstrings, "
            f"amplitude x{result.amplitude_ratio:.2f} of typical"
        )
    assert sum("no gluteal onset" in ax.get_title(loc="left") for ax in axes) < len(axes)
    assert "SIMULATED" in chart.alt and "SIMULATED" in chart.source
    assert chart.ax.get_ylabel() == "%MVIC"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "scenarios.png").write_bytes(chart.png())


def test_an_empty_chart_says_why_in_readable_centred_text() -> None:
    chart = plots.empty_chart("Pick a muscle.")
    title, message = chart.ax.texts
    assert (title.get_text(), message.get_text()) == ("No data to show", "Pick a muscle.")
    for text in (title, message):
        x, y = text.get_position()
        assert 0 < x < 1 and 0 < y < 1  # inside the axes (axes fractions)
        assert (text.get_horizontalalignment(), text.get_verticalalignment()) == (
            "center",
            "center",
        )
    assert title.get_position()[1] > message.get_position()[1]  # the title above
    assert title.get_fontweight() == "bold" and title.get_fontsize() > message.get_fontsize()
    assert message.get_fontsize() >= 12 and message.get_wrap()
    assert not chart.ax.axison  # no empty axes drawn
    assert chart.alt == "No data to show. Pick a muscle." and chart.source == ""
    assert chart.data == {"values": [], "message": "Pick a muscle."}
    width, height = chart.figure.get_size_inches()
    assert width > height > 0
    titled = plots.empty_chart("Try another study.", title="Nothing here")
    assert titled.ax.texts[0].get_text() == "Nothing here"
    assert titled.alt == "Nothing here. Try another study."


ONCE = "A value that a second source reports again is drawn once"
SUMMARY = "A review's summary that includes a study drawn here is marked as a review summary"


@pytest.mark.parametrize(
    ("also_in", "summary_of", "starts"),
    [
        ([None, None], [None, None], []),
        (["neto2020", None], [None, None], [ONCE]),
        ([None, None], [None, "a"], [SUMMARY]),
        (["neto2020", None], [None, "a"], [ONCE, SUMMARY]),
    ],
)
def test_the_dataset_sentence_says_what_was_merged(
    also_in: list[str | None], summary_of: list[str | None], starts: list[str]
) -> None:
    rows = pd.DataFrame({"also_in": also_in, "summary_of": summary_of}, dtype="string")
    sentence = plots.dataset_sentence(rows, {})
    found = [start for start in (ONCE, SUMMARY) if start in sentence]
    assert found == starts
    if starts == [ONCE, SUMMARY]:
        assert ". A review's summary" in sentence  # two sentences, one space between
    if SUMMARY in starts:
        assert sentence.endswith("(open marks, pale band), not counted as another lab.")
    if starts == [ONCE]:
        assert sentence.endswith(
            "on the first source's line, and its label names the second source."
        )
    if not starts:
        assert sentence == ""


def test_the_dataset_sentence_of_rows_without_those_columns_is_empty() -> None:
    assert plots.dataset_sentence(pd.DataFrame({"study_id": ["a"]}), {}) == ""


def test_gta_chart_draws_each_index_with_its_label_and_value() -> None:
    gta = pd.DataFrame(
        {
            "exercise_label": ["Side plank", "Clam", "Bridge (band)", "x" * 70],
            "condition": [None, "band", "band", None],
            "gta_index": [30.0, 90.0, 60.0, 45.5],
            "study_id": ["s1", "s2", "s1", "s1"],
        }
    )
    chart = plots.gta_chart(gta, citations={"s1": "Study One", "s2": "Study Two"})
    ax = chart.ax
    # lowest at the bottom: bar i sits at y = i, as long as its index
    bars = sorted((p.get_y() + p.get_height() / 2, p.get_width()) for p in ax.patches)
    assert bars == [(0.0, 30.0), (1.0, 45.5), (2.0, 60.0), (3.0, 90.0)]
    assert all(p.get_hatch() for p in ax.patches)  # a pattern, not colour alone
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Side plank" and labels[2] == "Bridge (band)"  # condition in the name
    assert labels[3] == "Clam [band]"  # condition added where the name lacks it
    assert len(labels[1]) <= 60 and labels[1].endswith("...")  # a long name is shortened
    values = {(t.get_position(), t.get_text()) for t in ax.texts}
    assert values == {((v + 1, i), f"{v:g}") for i, v in enumerate([30.0, 45.5, 60.0, 90.0])}
    assert all(t.get_verticalalignment() == "center" for t in ax.texts)
    low, high = ax.get_xlim()
    assert low == 0 and 90.0 + 1 < high <= 1.2 * 90.0  # the longest bar and its value fit
    assert chart.alt == (
        "Bar chart of the gluteal-to-TFL index for 4 exercises from Study One, Study Two; "
        "highest: Clam [band] at 90."
    )
    assert chart.source.startswith("Source: Study One, Study Two (abstract).")
    assert chart.source.endswith("%MVIC values and has no unit.")
    assert ax.get_xlabel() == "Gluteal-to-TFL activation index (no unit)"
    assert "Glutes relative to TFL" in ax.get_title(loc="left") + ax.get_title()
    assert chart.data == {"labels": labels, "values": [30.0, 45.5, 60.0, 90.0]}


def test_gta_chart_without_citations_names_the_study_ids() -> None:
    gta = pd.DataFrame(
        {"exercise_label": ["Clam"], "condition": [None], "gta_index": [9.0], "study_id": ["s9"]}
    )
    assert "from s9;" in plots.gta_chart(gta).alt


def test_gta_chart_of_no_rows_says_so() -> None:
    chart = plots.gta_chart(glutelab.load_gta_index().iloc[0:0])
    assert chart.ax.texts[1].get_text() == (
        "No study in the evidence base reported a gluteal-to-TFL index."
    )


def _forest_rows(emg: pd.DataFrame) -> pd.DataFrame:
    """Five hand-made rows for one exercise: three labs' values and a review's range."""
    rows = pd.concat([emg.iloc[[0]]] * 5, ignore_index=True)
    rows["row_id"] = ["s1-1", "s2-1", "s1-2", "r-1", "r-2"]
    rows["study_id"] = ["s1", "s2", "s1", "r", "r"]
    rows["exercise_id"] = "x_ex"
    rows["muscle"] = ["gluteus_medius", "gluteus_maximus", "gluteus_maximus"] + [
        "gluteus_maximus"
    ] * 2
    rows["region"] = [None, "upper", None, None, None]
    rows["statistic"] = ["mean", "mean", "mean", "range_low", "range_high"]
    rows["pct_mvic"] = [40.0, 90.0, 30.0, 20.0, 80.0]
    rows["sd"] = [10.0, 5.0, None, None, None]
    rows["n"] = [12, 9, None, None, None]
    for column in ("condition", "includes", "dependence"):
        rows[column] = None
    return rows


def test_forest_draws_each_lab_on_its_own_line_grouped_by_muscle(emg: pd.DataFrame) -> None:
    names = {"s1": "One", "s2": "Two", "r": "Review"}
    chart = plots.exercise_forest(_forest_rows(emg), ["x_ex"], citations=names)
    ax = chart.ax
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    # gluteus maximus first, each muscle's values from low to high (the range by its top)
    assert [label.split(" · ")[0:2] for label in labels] == [
        ["One", "GMax"],
        ["Review", "GMax"],
        ["Two", "GMax upper"],
        ["One", "GMed"],
    ]
    dots = sorted(
        (float(line.get_ydata()[0]), float(line.get_xdata()[0]))
        for line in ax.lines
        if line.get_gid() == "value"
    )
    assert dots == [(0.0, 30.0), (2.0, 90.0), (3.0, 40.0)]
    (segment,) = [line for line in ax.lines if line.get_gid() == "range"]
    assert list(segment.get_xdata()) == [20.0, 80.0] and list(segment.get_ydata()) == [1, 1]
    notes = sorted((t.get_position()[1], t.get_text()) for t in ax.texts)
    assert notes == [(0, "30"), (1, "range 20-80"), (2, "90, n=9"), (3, "40, n=12")]
    low, high = ax.get_xlim()
    assert low == 0 and 95 * 1.2 < high <= 95 * 1.3  # room beyond the longest whisker (90 + 5)
    assert chart.alt == (
        "Dot-and-whisker plot of 4 %MVIC values for x_ex from 3 sources, "
        "ranging from 20 to 90 %MVIC."
    )
    assert chart.source.startswith("Each lab used its own MVIC test, electrode placement")
    assert "A review's range may also include studies drawn on other lines" in chart.source
    assert chart.source.endswith(" GMax, GMed, GMin: gluteus maximus, medius, minimus.")


def test_forest_without_a_range_has_no_range_caveat(emg: pd.DataFrame) -> None:
    rows = _forest_rows(emg).iloc[:3]
    chart = plots.exercise_forest(rows, ["x_ex"])
    assert "A review's range" not in chart.source
    assert chart.ax.get_yticklabels()[0].get_text().startswith("s1 · GMax")  # ids without names


def test_forest_of_an_unknown_exercise_says_so(emg: pd.DataFrame) -> None:
    chart = plots.exercise_forest(emg, ["no_such", "nor_this"])
    assert chart.ax.texts[1].get_text() == (
        "No EMG values for no_such, nor_this in the evidence base."
    )


def test_forest_encodes_muscle_by_colour_statistic_by_marker_and_spread_by_whiskers(
    emg: pd.DataFrame,
) -> None:
    from matplotlib.colors import to_hex

    from glutelab.plots import STATISTIC_MARKERS
    from glutelab.style import MUSCLE_COLOURS

    rows = _forest_rows(emg)
    rows.loc[1, "statistic"] = "peak"  # Two's value is a peak
    chart = plots.exercise_forest(rows, ["x_ex"])
    ax = chart.ax
    dots = {int(line.get_ydata()[0]): line for line in ax.lines if line.get_gid() == "value"}
    expected = {  # line: (muscle, statistic), in the order worked out above
        0: ("gluteus_maximus", "mean"),
        2: ("gluteus_maximus", "peak"),
        3: ("gluteus_medius", "mean"),
    }
    for y, (muscle, statistic) in expected.items():
        assert to_hex(dots[y].get_color()) == to_hex(MUSCLE_COLOURS[muscle])
        assert to_hex(dots[y].get_markerfacecolor()) == to_hex(MUSCLE_COLOURS[muscle])
        assert dots[y].get_marker() == STATISTIC_MARKERS[statistic]
    (segment,) = [line for line in ax.lines if line.get_gid() == "range"]
    assert to_hex(segment.get_color()) == to_hex(MUSCLE_COLOURS["gluteus_maximus"])
    # whiskers: value +/- SD, only where an SD is given (Two: 90 +/- 5, One GMed: 40 +/- 10)
    whiskers = sorted(
        (float(seg[0][1]), float(seg[0][0]), float(seg[1][0]))
        for collection in ax.collections
        for seg in collection.get_segments()
        if len(seg) == 2 and seg[0][1] == seg[1][1]
    )
    assert whiskers == [(2.0, 85.0, 95.0), (3.0, 30.0, 50.0)]
    # each note starts right of its whisker or range end
    ends = {0: 30.0, 1: 80.0, 2: 95.0, 3: 50.0}
    for note in ax.texts:
        x, y = note.get_position()
        assert x > ends[int(y)], note.get_text()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["mean", "peak"]  # the statistics drawn, no others
    taller = plots.exercise_forest(
        pd.concat([rows] * 3, ignore_index=True).assign(row_id=[f"x-{i}" for i in range(15)]),
        ["x_ex"],
    )
    assert taller.figure.get_size_inches()[1] > chart.figure.get_size_inches()[1]


def test_scenario_chart_alt_text_gives_each_scenarios_level_and_onset() -> None:
    trials = [simulate_scenario(s, seed=1) for s in SCENARIOS.values()]
    results = [measure(t) for t in trials]
    chart = plots.scenario_chart(trials, results)
    assert chart.alt.startswith(
        f"{len(trials)} stacked line charts of SIMULATED EMG envelopes (%MVIC) over 3 seconds: "
    )
    parts = chart.alt.split(": ", 1)[1].removesuffix(".").split("; ")
    assert len(parts) == len(trials)
    for part, trial, result in zip(parts, trials, results, strict=True):
        level = f"{trial.scenario.name}: gluteus maximus {result.glute_mean_pct_mvic:.0f} %MVIC, "
        assert part.startswith(level), part
        if result.glute_onset_s is None:
            assert part.endswith("no onset")
        else:
            delay_ms = (result.glute_onset_s - result.hamstring_onset_s) * 1000
            assert part.endswith(f"onset {delay_ms:+.0f} ms relative to hamstrings")
    assert chart.source.startswith("SIMULATED signals for teaching (glutelab.scenarios)")


def test_scenario_chart_of_no_trials_says_so() -> None:
    chart = plots.scenario_chart([], [])
    assert chart.ax.texts[1].get_text() == "No scenarios to draw."


def _summary_rows(emg: pd.DataFrame) -> pd.DataFrame:
    """The hand-made rows, plus a review that repeats one value and one that pools another.

    ``r2`` gives s2's GMax value again (``same_value``, as a pooled mean): drawn once, on
    s2's line. ``r3`` gives a pooled mean that includes s1's GMed value: a review summary
    (open marker). The range of ``r`` is made to pool s1's GMax value: a pale band.
    """
    rows = _forest_rows(emg)
    rows.loc[3:4, "includes"], rows.loc[3:4, "dependence"] = "s1-2", "pooled"
    pooled = rows.iloc[[0]].copy()
    pooled["row_id"], pooled["study_id"], pooled["statistic"] = "r3-1", "r3", "pooled_mean"
    pooled["pct_mvic"], pooled["sd"], pooled["n"] = 55.0, None, None
    pooled["includes"], pooled["dependence"] = "s1-1", "pooled"
    repeat = rows.iloc[[1]].copy()
    repeat["row_id"], repeat["study_id"], repeat["statistic"] = "r2-1", "r2", "pooled_mean"
    repeat["includes"], repeat["dependence"] = "s2-1", "same_value"
    return pd.concat([rows, pooled, repeat], ignore_index=True)


def test_forest_record_is_what_was_drawn(emg: pd.DataFrame) -> None:
    """``chart.data`` (read by the explorers) lists the dots, whiskers, labels and studies drawn."""
    chart = plots.exercise_forest(_forest_rows(emg), ["x_ex"])
    ax = chart.ax
    dots = sorted(
        (float(line.get_ydata()[0]), float(line.get_xdata()[0]))
        for line in ax.lines
        if line.get_gid() == "value"
    )
    assert chart.data["values"] == [x for _, x in dots]  # drawn bottom-up in the same order
    whiskers = [
        (float(seg[1][0]) - float(seg[0][0])) / 2
        for collection in ax.collections
        for seg in collection.get_segments()
        if len(seg) == 2 and seg[0][1] == seg[1][1]
    ]
    assert sorted(chart.data["sd"]) == sorted(whiskers) == [5.0, 10.0]
    assert chart.data["labels"] == [t.get_text() for t in ax.get_yticklabels()]
    assert chart.data["studies"] == ["r", "s1", "s2"]


def test_forest_frames_its_lines_and_states_its_rule(emg: pd.DataFrame) -> None:
    """Half a line of room above and below, %MVIC on x, the title saying compare within a study."""
    chart = plots.exercise_forest(_forest_rows(emg), ["x_ex"])
    assert chart.ax.get_ylim() == pytest.approx((-0.7, 4 - 0.3))
    assert chart.ax.get_xlabel() == plots.PCT_LABEL and chart.ax.get_ylabel() == ""
    assert chart.ax.get_title() == "" and chart.ax.get_title(loc="left") == ""
    title = chart.figure.get_suptitle().replace("\n", " ")
    assert title == "Same exercise, different labs: compare within a study, not across labs"
    own = plots.exercise_forest(_forest_rows(emg), ["x_ex"], title="Hip thrust")
    assert own.figure.get_suptitle() == "Hip thrust"
    assert {t.get_fontsize() for t in chart.ax.get_yticklabels()} == {9.0}
    assert {t.get_fontsize() for t in chart.ax.texts} == {9.0}  # notes read with their labels


def test_forest_marks_review_summaries_and_repeats(emg: pd.DataFrame) -> None:
    """A review summary is an open marker or a pale band; a repeat is drawn once and named."""
    from matplotlib.colors import to_hex

    rows = _summary_rows(emg)
    names = {"s1": "One", "s2": "Two", "r": "Review", "r2": "Pooled", "r3": "Third"}
    chart = plots.exercise_forest(rows, ["x_ex"], citations=names)
    ax = chart.ax
    (summary_dot,) = [line for line in ax.lines if line.get_gid() == "summary_value"]
    assert float(summary_dot.get_xdata()[0]) == 55.0
    assert to_hex(summary_dot.get_markerfacecolor()) == "#ffffff"  # open
    assert summary_dot.get_marker() == plots.STATISTIC_MARKERS["pooled_mean"]
    (band,) = [line for line in ax.lines if line.get_gid() == "summary_range"]
    assert band.get_alpha() == 0.3
    full = [line for line in ax.lines if line.get_gid() == "value"]
    assert all(to_hex(line.get_markerfacecolor()) != "#ffffff" for line in full)
    assert 90.0 in [float(line.get_xdata()[0]) for line in full]  # the repeat: one dot
    assert [float(line.get_xdata()[0]) for line in full].count(90.0) == 1
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert any("also reported by Pooled (as a pooled mean)" in label for label in labels), labels
    assert any("review summary that includes One" in label for label in labels), labels
    assert chart.alt.endswith(
        "; 1 value(s) also reported by a second source drawn once; 2 review summary(ies) marked."
    )
    assert "drawn once, on the first source's line" in chart.source
    assert "marked as a review summary" in chart.source
    legend = chart.ax.get_legend()
    assert legend.get_title().get_text() == "statistic"
    assert [t.get_text() for t in legend.get_texts()] == ["mean", "pooled mean"]


def test_forest_legend_sits_beside_the_lines_inside_the_figure(emg: pd.DataFrame) -> None:
    """The statistics legend starts just right of the frame, at its top, and fits the figure."""
    chart = plots.exercise_forest(_forest_rows(emg), ["x_ex"])
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    frame = chart.ax.get_window_extent(renderer)
    legend = chart.ax.get_legend().get_window_extent(renderer)
    figure = chart.figure.bbox
    assert frame.x1 < legend.x0 < frame.x1 + 0.05 * frame.width
    assert frame.y1 - 0.1 * frame.height < legend.y1 <= frame.y1  # at the frame's top
    assert legend.x1 <= figure.x1 and legend.y0 >= figure.y0


def test_forest_draws_an_unlisted_muscle_in_grey_and_an_unlisted_statistic_as_a_dot(
    emg: pd.DataFrame,
) -> None:
    """A muscle or statistic the course has no style for is still drawn, plainly."""
    from matplotlib.colors import to_hex

    rows = _forest_rows(emg).iloc[:1].copy()
    rows["muscle"], rows["statistic"] = "tensor_fasciae_latae", "trimmed_mean"
    chart = plots.exercise_forest(rows, ["x_ex"])
    (dot,) = [line for line in chart.ax.lines if line.get_gid() == "value"]
    assert to_hex(dot.get_color()) == "#777777"
    assert dot.get_marker() == "o"
    (label,) = chart.ax.get_yticklabels()
    assert " · tensor_fasciae_latae · " in label.get_text().replace("\n", " ")
    assert chart.ax.get_legend() is None  # no statistic the legend knows


def test_scenario_chart_panels_share_time_and_one_legend() -> None:
    """Panels share the time axis, labelled once at the bottom; one legend names both muscles."""
    from matplotlib.colors import to_hex

    from glutelab.style import MUSCLE_COLOURS, OKABE_ITO

    trials = [simulate_scenario(s, seed=1) for s in SCENARIOS.values()]
    results = [measure(t) for t in trials]
    chart = plots.scenario_chart(trials, results)
    axes = chart.figure.axes
    assert chart.ax is axes[0]
    assert [ax.get_xlabel() for ax in axes] == [""] * (len(axes) - 1) + ["Time (s)"]
    assert all(ax.get_shared_x_axes().joined(axes[0], ax) for ax in axes)
    legends = [ax.get_legend() for ax in axes]
    assert legends[0] is not None and all(legend is None for legend in legends[1:])
    assert sorted(t.get_text() for t in legends[0].get_texts()) == [
        "gluteus maximus",
        "hamstrings",
    ]
    for ax in axes:
        lines = {line.get_label(): line for line in ax.lines}
        assert to_hex(lines["gluteus maximus"].get_color()) == to_hex(
            MUSCLE_COLOURS["gluteus_maximus"]
        )
        assert to_hex(lines["hamstrings"].get_color()) == to_hex(OKABE_ITO["vermillion"])
        assert lines["hamstrings"].get_linestyle() == "--"
        assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
        assert ax.spines["left"].get_visible()
    title = chart.figure.get_suptitle()
    assert title.startswith("SIMULATED:")
    assert chart.figure._suptitle.get_horizontalalignment() == "left"
    assert chart.figure._suptitle.get_position()[0] < 0.05
    assert sorted(chart.data) == ["amplitude_ratios", "onset_delays_s"]
    np.testing.assert_array_equal(chart.data["onset_delays_s"], [m.onset_delay_s for m in results])
    assert chart.data["amplitude_ratios"] == [m.amplitude_ratio for m in results]
    assert "threshold method on a 50 Hz envelope" in chart.source
    assert chart.source.startswith("SIMULATED signals for teaching")
    taller = plots.scenario_chart(trials * 2, results * 2)
    per_panel = (taller.figure.get_size_inches()[1] - chart.figure.get_size_inches()[1]) / len(
        trials
    )
    assert per_panel == pytest.approx(2.3)


# --- What the overview, ranked, GTA, study and empty charts draw, read from their artists --
#
# Every expectation comes from a few hand-made rows (the numbers in the comments), from a
# count made here with pandas, or from the geometry of the drawn figure; never from the
# chart's own record (``chart.data``) or from calling the function under test again.


def _squash(text: str) -> str:
    """Text without whitespace, so wrapped lines compare with the unwrapped phrase."""
    return "".join(text.split())


def _figure_words(chart: Chart) -> str:
    """Every text written on the figure itself (title, source line), whitespace removed."""
    return _squash(" ".join(t.get_text() for t in chart.figure.texts))


def _emg_row(study: str, exercise: str, muscle: str, value: float, **extra: Any) -> dict:
    row = {
        "row_id": f"{study}-{exercise}-{muscle}",
        "study_id": study,
        "muscle": muscle,
        "region": None,
        "exercise_id": exercise,
        "exercise_label": exercise,
        "condition": None,
        "statistic": "mean",
        "pct_mvic": value,
        "sd": np.nan,
        "n": 10,
        "normalisation": "prone hip extension",
        "electrode": "surface",
        "source_kind": "full_text_table",
        "includes": None,
        "dependence": None,
    }
    row.update(extra)
    return row


def _cells(cells: list[tuple[str, str, list[float]]]) -> pd.DataFrame:
    """One row per value; the k-th value of a cell comes from study ``s<k>``."""
    rows = [
        _emg_row(f"s{k:02d}", exercise, muscle, value)
        for exercise, muscle, values in cells
        for k, value in enumerate(values, start=1)
    ]
    return pd.DataFrame(rows)


# --- overview heatmap -------------------------------------------------------------------------

THRUST_NAME = "Barbell hip thrust, shoulders up on bench"  # 41 characters
HEAT_CELLS = [
    ("hip_thrust", GMAX, list(np.linspace(12.4, 88.6, 20))),  # 20 sources: 12-89
    ("hip_thrust", GMED, list(np.linspace(20.0, 60.0, 11))),  # 11 sources: 20-60
    ("clam", GMED, list(np.linspace(30.2, 70.8, 12))),  # 12 sources: 30-71
    ("clam", GMIN, [39.6, 40.4]),  # 2 sources, both 40 once rounded: "40"
    ("zz_unlisted", GMAX, [55.0]),  # 1 source; not in the exercise table
]
# Totals: hip thrust 31, clam 14, zz_unlisted 1 (alphabetically: clam, hip_thrust, zz...).
HEAT_ORDER = ["hip_thrust", "clam", "zz_unlisted"]
HEAT_COUNTS = {(0, 0): 20, (0, 1): 11, (1, 1): 12, (1, 2): 2, (2, 0): 1}  # (row, column)
HEAT_SPREADS = {(0, 0): "12-89", (0, 1): "20-60", (1, 1): "30-71", (1, 2): "40", (2, 0): "55"}
HEAT_EMPTY = {(0, 2), (1, 0), (2, 1), (2, 2)}


@pytest.fixture
def heat_emg() -> pd.DataFrame:
    return _cells(HEAT_CELLS)


@pytest.fixture
def heat(heat_emg: pd.DataFrame) -> Chart:
    exercises = pd.DataFrame({"exercise_id": ["hip_thrust", "clam"], "name": [THRUST_NAME, "Clam"]})
    return plots.overview_heatmap(heat_emg, exercises)


# Five exercises, one source per cell, and no gluteus medius value at all.
FIVE_CELLS = [
    ("a_one", GMAX, [50.0]),
    ("b_both", GMAX, [60.0]),
    ("b_both", GMIN, [20.0]),
    ("c_both", GMAX, [61.0]),
    ("c_both", GMIN, [21.0]),
    ("d_min", GMIN, [30.0]),
    ("e_max", GMAX, [70.0]),
]


@pytest.fixture
def five() -> Chart:
    names = ["a_one", "b_both", "c_both", "d_min", "e_max"]
    exercises = pd.DataFrame({"exercise_id": names, "name": [n.upper() for n in names]})
    return plots.overview_heatmap(_cells(FIVE_CELLS), exercises)


def _drawn(chart: Chart) -> Any:
    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    return canvas.get_renderer()


def test_heatmap_counts_come_from_the_data(heat: Chart, heat_emg: pd.DataFrame) -> None:
    """The map's cells hold the number of studies per exercise and muscle (a pandas count)."""
    counts = heat_emg.groupby(["exercise_id", "muscle"])["study_id"].nunique()
    image = heat.ax.images[0].get_array()
    assert image.shape == (3, 3)
    for (i, j), value in HEAT_COUNTS.items():
        assert counts[(HEAT_ORDER[i], [GMAX, GMED, GMIN][j])] == value
        assert image[i, j] == value
    assert {tuple(c) for c in np.argwhere(image.mask)} == HEAT_EMPTY


def test_heatmap_rows_are_sorted_by_total_sources_then_id(five: Chart) -> None:
    """Most sources first; equal totals in the order of their ids (not by missing cells)."""
    rows = [t.get_text() for t in five.ax.get_yticklabels()]
    assert rows == ["B_BOTH", "C_BOTH", "A_ONE", "D_MIN", "E_MAX"]  # totals 2, 2, 1, 1, 1


def test_heatmap_row_labels_wrap_at_34_characters_and_fall_back_to_the_id(heat: Chart) -> None:
    """Names wrap at 34 characters; an exercise missing from the table shows its id."""
    rows = [t.get_text() for t in heat.ax.get_yticklabels()]
    assert rows == ["Barbell hip thrust, shoulders up\non bench", "Clam", "zz_unlisted"]
    assert list(heat.ax.get_yticks()) == [0, 1, 2]


def test_heatmap_keeps_a_column_for_a_muscle_without_any_value(five: Chart) -> None:
    """Three muscle columns always, a muscle nobody measured is hatched 'no data' all along."""
    assert [t.get_text() for t in five.ax.get_xticklabels()] == MUSCLE_TICKS
    image = five.ax.images[0].get_array()
    assert image.shape == (5, 3)
    assert image.mask[:, 1].all() and not image.mask[:, 0].all()
    spreads = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
        for t in five.ax.texts
        if t.get_gid() == "spread"
    }
    # rows B_BOTH, C_BOTH, A_ONE, D_MIN, E_MAX; minimus is the third column
    assert spreads == {
        (0, 0): "60",
        (0, 2): "20",
        (1, 0): "61",
        (1, 2): "21",
        (2, 0): "50",
        (3, 2): "30",
        (4, 0): "70",
    }
    no_data = {
        (round(t.get_position()[1]), round(t.get_position()[0]))
        for t in five.ax.texts
        if t.get_text() == "no data"
    }
    assert {(i, 1) for i in range(5)} <= no_data


def test_heatmap_colour_steps_through_cividis_one_shade_per_count(heat: Chart) -> None:
    """Each count 1..top has its own cividis shade between 0.15 and 0.95; empty cells white."""
    image = heat.ax.images[0]
    shades = mpl.colormaps["cividis"](np.linspace(0.15, 0.95, 20))  # top = 20 sources
    drawn = image.to_rgba(image.get_array())
    for (i, j), count in HEAT_COUNTS.items():
        assert np.allclose(drawn[i, j], shades[count - 1]), (i, j)
    for i, j in HEAT_EMPTY:
        assert np.allclose(drawn[i, j], to_rgba("white"))
    assert heat.ax.get_aspect() == "auto"  # the cells fill the frame


def test_heatmap_of_one_source_per_cell_uses_the_first_shade(five: Chart) -> None:
    """With at most one source the only shade is cividis at 0.15."""
    image = five.ax.images[0]
    drawn = image.to_rgba(image.get_array())
    assert np.allclose(drawn[0, 0], mpl.colormaps["cividis"](0.15))
    assert np.allclose(drawn[0, 1], to_rgba("white"))
    assert list(image.colorbar.get_ticks()) == [1]


def test_heatmap_colour_of_a_count_does_not_depend_on_the_lowest_count_drawn() -> None:
    """Counts 2 and 3 (no cell with 1) take the 2nd and 3rd of three cividis shades."""
    chart = plots.overview_heatmap(
        _cells([("p", GMAX, [10.0, 20.0, 30.0]), ("p", GMED, [40.0, 50.0])]),
        pd.DataFrame({"exercise_id": ["p"], "name": ["P"]}),
    )
    image = chart.ax.images[0]
    shades = mpl.colormaps["cividis"](np.linspace(0.15, 0.95, 3))
    drawn = image.to_rgba(image.get_array())
    assert np.allclose(drawn[0, 0], shades[2]) and np.allclose(drawn[0, 1], shades[1])
    assert list(image.colorbar.get_ticks()) == [1, 2, 3]


def test_heatmap_spread_text_gives_lowest_and_highest(heat: Chart) -> None:
    """Each cell with data shows lowest-highest (one number when both round alike), centred."""
    spreads = {}
    for text in heat.ax.texts:
        if text.get_gid() == "spread":
            x, y = text.get_position()
            spreads[(y, x)] = text
            assert (text.get_horizontalalignment(), text.get_verticalalignment()) == (
                "center",
                "center",
            )
            assert text.get_fontsize() == 9  # at least the course's 8 pt
    assert {key: t.get_text() for key, t in spreads.items()} == HEAT_SPREADS


def test_heatmap_text_is_dark_on_light_cells_and_light_on_dark_ones(heat: Chart) -> None:
    """Black on cells above 55 % of the top count (11 of 20 is not above), white below."""
    colours = {
        (round(t.get_position()[1]), round(t.get_position()[0])): to_hex(t.get_color())
        for t in heat.ax.texts
        if t.get_gid() == "spread"
    }
    black, white = to_hex("black"), to_hex("white")
    assert colours == {(0, 0): black, (0, 1): white, (1, 1): black, (1, 2): white, (2, 0): white}


def test_heatmap_hatches_exactly_the_missing_cells(heat: Chart) -> None:
    """A white, hatched, borderless square covers each cell without data, and says so."""
    squares = sorted((p.get_x(), p.get_y(), p.get_width(), p.get_height()) for p in heat.ax.patches)
    assert squares == sorted((j - 0.5, i - 0.5, 1, 1) for i, j in HEAT_EMPTY)
    for patch in heat.ax.patches:
        assert patch.get_hatch() == "///"
        assert patch.get_facecolor() == to_rgba("white")
        assert patch.get_edgecolor() == to_rgba("#BBBBBB")  # the hatch lines: light grey
        assert patch.get_linewidth() == 0
    labels = [t for t in heat.ax.texts if t.get_text() == "no data"]
    assert {(round(t.get_position()[1]), round(t.get_position()[0])) for t in labels} == HEAT_EMPTY
    for label in labels:
        assert (label.get_horizontalalignment(), label.get_verticalalignment()) == (
            "center",
            "center",
        )
        assert label.get_fontsize() == 8  # the course's smallest type
        assert to_hex(label.get_color()) == "#222222"
        box = label.get_bbox_patch()
        assert box is not None and box.get_facecolor() == to_rgba("white")
        assert box.get_edgecolor()[3] == 0  # no outline
        assert box.get_boxstyle().pad * label.get_fontsize() == pytest.approx(1, abs=0.1)  # 1 pt


def test_heatmap_muscles_are_labelled_along_the_top(heat: Chart) -> None:
    """Muscle names and their ticks at the top of the map, none at the bottom; no grid."""
    assert [t.get_text() for t in heat.ax.get_xticklabels()] == MUSCLE_TICKS
    for tick in heat.ax.xaxis.get_major_ticks():
        assert tick.tick2line.get_visible() and tick.label2.get_visible()
        assert not tick.tick1line.get_visible() and not tick.label1.get_visible()
    gridlines = heat.ax.get_xgridlines() + heat.ax.get_ygridlines()
    assert not any(line.get_visible() for line in gridlines)
    assert {t.get_fontsize() for t in heat.ax.get_yticklabels()} == {9}
    assert {t.get_fontsize() for t in heat.ax.get_xticklabels()} == {RC["xtick.labelsize"]}


def test_heatmap_colour_key_counts_whole_sources(heat: Chart) -> None:
    """The colour bar is labelled 'sources', ticked at 1..top and 80 % of the map's height."""
    bar = heat.ax.images[0].colorbar
    assert list(bar.get_ticks()) == list(range(1, 21))
    assert bar.ax.get_ylabel() == "sources"
    _drawn(heat)
    map_box, key_box = heat.ax.get_position(), bar.ax.get_position()
    assert key_box.height == pytest.approx(0.8 * map_box.height, rel=0.02)
    assert key_box.x0 > map_box.x1  # beside the map, not over it


def test_heatmap_alt_text_and_source_line_say_what_is_counted(heat: Chart) -> None:
    """Alt text gives the numbers; the source line teaches how to read (and not read) it."""
    alt = heat.alt
    assert alt.startswith("Map of 3 exercises by three gluteal muscles")
    assert "number of sources (1 to 20)" in alt
    assert "4 of 9 cells have no data and are hatched and labelled 'no data'." in alt
    assert _squash(heat.figure.get_suptitle()) == _squash(
        "Where the gluteal EMG evidence is: sources per exercise, and their spread"
    )
    words = _figure_words(heat)
    for phrase in (
        "Colour: number of sources; a value that a second source repeats counts once, with",
        "with the first, and a review's summary the course could match",
        "match to a study already counted adds none",
        "studies counted here). Text: lowest-highest value reported",
        "pooled means and review ranges from surface and fine-wire studies",
        "how far sources differ, not a typical level: compare exercises within a study.",
        "Hatched 'no data': no source in the evidence base reported it.",
    ):
        assert _squash(phrase) in words, phrase


def test_heatmap_is_ten_inches_wide_with_0_4_inch_per_exercise(heat: Chart, five: Chart) -> None:
    """10 in wide; 0.4 in per exercise row plus 2.8 in, never under 4 in."""
    assert tuple(heat.figure.get_size_inches()) == pytest.approx((10, 4.0))  # 3 rows: 4.0
    assert tuple(five.figure.get_size_inches()) == pytest.approx((10, 4.8))  # 5 rows: 4.8
    one = plots.overview_heatmap(
        _cells([("only", GMAX, [10.0])]), pd.DataFrame({"exercise_id": [], "name": []})
    )
    assert one.figure.get_figheight() == pytest.approx(4.0)  # 1 row: 3.2, raised to 4


# --- evidence_coverage ------------------------------------------------------------------------


def test_coverage_counts_independent_sources_and_lists_what_was_reported() -> None:
    """A repeat counts once, a review's summary adds no source; the spread spans every value."""
    rows = pd.DataFrame(
        [
            _emg_row("lab1", "clam", GMED, 30.0, row_id="lab1-01"),
            _emg_row("lab2", "clam", GMED, 50.0, row_id="lab2-01", statistic="peak"),
            _emg_row("lab2", "clam", GMED, 45.0, row_id="lab2-02", electrode="fine_wire"),
            _emg_row(  # repeats lab1's value: dropped
                "rev", "clam", GMED, 30.0, row_id="rev-01", includes="lab1-01"
            )
            | {"dependence": "same_value"},
            _emg_row(  # a pooled value for another exercise that includes lab1: no source
                "rev", "bridge", GMAX, 60.0, row_id="rev-02", statistic="pooled_mean"
            )
            | {"includes": "lab1-01", "dependence": "pooled"},
        ]
    )
    table = plots.evidence_coverage(rows)
    assert sorted(table.columns) == sorted(
        ["exercise_id", "muscle", "sources", "lowest", "highest", "statistics", "electrodes"]
    )
    assert table["sources"].dtype == np.dtype("int64")
    found = sorted(
        (
            r["exercise_id"],
            r["muscle"],
            r["sources"],
            r["lowest"],
            r["highest"],
            r["statistics"],
            r["electrodes"],
        )
        for r in table.to_dict("records")
    )
    assert found == [
        ("bridge", GMAX, 0, 60.0, 60.0, "pooled_mean", "surface"),
        ("clam", GMED, 2, 30.0, 50.0, "mean, peak", "fine_wire, surface"),
    ]


# --- gta_chart --------------------------------------------------------------------------------


def _gta(values: list[float], labels: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "exercise_label": labels or [f"E{i}" for i in range(len(values))],
            "condition": [None] * len(values),
            "gta_index": values,
            "study_id": ["s1"] * len(values),
        }
    )


@pytest.fixture
def gta() -> Chart:
    return plots.gta_chart(_gta([30.0, 90.0, 60.0, 45.5]))


def test_gta_bars_are_hatched_gluteal_bars_with_a_dark_outline(gta: Chart) -> None:
    """Abstract values hatched //, the gluteal (GMed) colour, outlined #222222."""
    bars = [p for c in gta.ax.containers if isinstance(c, BarContainer) for p in c.patches]
    assert len(bars) == 4
    for bar in bars:
        assert bar.get_hatch() == "//"
        assert bar.get_facecolor() == to_rgba(MUSCLE_COLOURS[GMED])
        assert bar.get_edgecolor() == to_rgba("#222222")


def test_gta_axis_ends_15_percent_past_the_longest_bar(gta: Chart) -> None:
    """x from 0 to 1.15 x the highest index (90 -> 103.5); numbers at 10 pt."""
    assert gta.ax.get_xlim() == pytest.approx((0, 103.5))
    assert {t.get_fontsize() for t in gta.ax.texts} == {10}


def test_gta_title_and_axis_labels(gta: Chart) -> None:
    """The title states the finding; no y axis label (the exercises are the tick labels)."""
    assert (
        gta.ax.get_title(loc="left") == "Glutes relative to TFL: which exercises favour the glutes"
    )
    assert gta.ax.get_ylabel() == ""


@pytest.mark.parametrize(("rows", "height"), [(1, 3.0), (4, 4.0), (6, 5.0)])
def test_gta_chart_grows_half_an_inch_per_bar(rows: int, height: float) -> None:
    """0.5 in per bar plus 2 in, never under 3 in."""
    chart = plots.gta_chart(_gta([10.0 + i for i in range(rows)]))
    assert chart.figure.get_figheight() == pytest.approx(height)


def test_gta_labels_are_shortened_beyond_60_characters() -> None:
    """A 60-character label is kept whole; a 61-character one is cut with '...'."""
    sixty = "a" * 27 + " " + "b" * 32
    sixty_one = "c" * 27 + " " + "d" * 33
    chart = plots.gta_chart(_gta([10.0, 20.0], [sixty, sixty_one]))
    labels = [t.get_text() for t in chart.ax.get_yticklabels()]
    assert labels == [sixty, "c" * 27 + "..."]


# --- empty_chart ------------------------------------------------------------------------------


def test_empty_chart_is_a_banner_with_title_and_message_at_course_sizes() -> None:
    """An 8 x 2.5 in banner; title at the title size (14 pt), message at body size (12 pt)."""
    chart = plots.empty_chart("Pick a muscle.")
    assert tuple(chart.figure.get_size_inches()) == (8, 2.5)
    title, message = chart.ax.texts
    assert title.get_fontsize() == RC["axes.titlesize"] == 14
    assert message.get_fontsize() == RC["font.size"] == 12


# --- ranked_chart -----------------------------------------------------------------------------


def _ranked_rows(values: list[float], **extra: Any) -> pd.DataFrame:
    rows = [
        _emg_row("made2020", f"ex{i}", GMAX, v, row_id=f"m-{i:02d}", exercise_label=f"Exercise {i}")
        for i, v in enumerate(values)
    ]
    frame = pd.DataFrame(rows)
    for column, value in extra.items():
        frame[column] = value
    return frame


@pytest.fixture
def ranked() -> Chart:
    return plots.ranked_chart(
        _ranked_rows([30.0, 85.0, 50.0]), citations={"made2020": "Made et al. 2020"}
    )


def test_ranked_chart_default_title_and_citations(ranked: Chart) -> None:
    """The default title states the order; line 2 of a label names the study as cited."""
    assert ranked.ax.get_title(loc="left") == "Highest reported gluteal EMG first"
    labels = [t.get_text() for t in ranked.ax.get_yticklabels()]
    assert labels[-1] == "Exercise 1\nMade et al. 2020 · GMax"  # 85, the top bar; a mean


def test_ranked_chart_alt_text_names_highest_and_lowest(ranked: Chart) -> None:
    """All three values shown: no 'top N of M' note, highest and lowest named."""
    assert ranked.alt == (
        "Ranked bar chart of 3 reported %MVIC values; highest: Exercise 1 · Made et al. 2020 · "
        "GMax at 85 %MVIC; lowest shown: Exercise 0 · Made et al. 2020 · GMax at 30 %MVIC."
    )


def test_ranked_chart_source_line_warns_values_are_not_comparable(ranked: Chart) -> None:
    """The drawn source line explains the hatching, the caveat and the abbreviations."""
    words = _figure_words(ranked)
    for phrase in (
        "Each bar is one value a study reported; hatching shows values read from an abstract",
        "an abstract (//) or a secondary summary (..).",
        "Values from different labs are not directly comparable.",
        "comparable. GMax, GMed, GMin: gluteus maximus, medius, minimus.",
    ):
        assert _squash(phrase) in words, phrase


def test_ranked_chart_axis_stops_at_100_when_every_number_fits(ranked: Chart) -> None:
    """85 and its number (about 3 %MVIC of type) end well before 100: the axis ends at 100."""
    assert ranked.ax.get_xlim() == (0, 100)
    renderer = _drawn(ranked)
    frame = ranked.ax.get_window_extent(renderer)
    for text in ranked.ax.texts:
        if not isinstance(text, Annotation):
            assert text.get_window_extent(renderer).x1 < frame.x1


def test_ranked_chart_source_line_sits_just_under_the_axis_label(ranked: Chart) -> None:
    """The room kept for the source line (wrapped to the 10 in figure) leaves no empty band."""
    renderer = _drawn(ranked)
    label = ranked.ax.xaxis.label.get_window_extent(renderer)
    (source,) = [t for t in ranked.figure.texts if "Each bar" in t.get_text()]
    box = source.get_window_extent(renderer)
    assert box.y1 < label.y0  # below the label
    assert label.y0 - box.y1 < 0.25 * ranked.figure.dpi  # a quarter inch, not an empty line


def test_ranked_chart_draws_25_values_by_default() -> None:
    """Without a limit the 25 highest of 26 values are drawn."""
    values = [float(v) for v in range(10, 36)]  # 26 values
    chart = plots.ranked_chart(_ranked_rows(values))
    assert bar_values(chart.ax) == values[1:]
    assert "(top 25 of 26)" in chart.alt


def test_ranked_chart_with_no_rows_says_to_widen_the_filters() -> None:
    """An empty selection gives the empty chart's message, not an empty axes."""
    chart = plots.ranked_chart(_ranked_rows([]))
    assert [t.get_text() for t in chart.ax.texts] == [
        "No data to show",
        "No reported values match these filters. Try widening them.",
    ]


def test_ranked_chart_redraws_a_fixed_margin_figure_in_place(ranked: Chart) -> None:
    """A ranked chart passed in is redrawn in its own figure; a laid-out one is replaced."""
    first = plots.ranked_chart(_ranked_rows([40.0, 20.0]))
    again = plots.ranked_chart(_ranked_rows([10.0, 70.0, 30.0]), chart=first)
    assert again.figure is first.figure
    assert bar_values(again.ax) == [10.0, 30.0, 70.0]
    laid_out = plots.empty_chart("x")
    replaced = plots.ranked_chart(_ranked_rows([10.0]), chart=laid_out)
    assert replaced.figure is not laid_out.figure


def test_ranked_chart_names_a_band_where_its_name_fits_on_the_drawn_frame() -> None:
    """Band names follow the frame's real width in inches, not a share of the axis."""
    rows = _ranked_rows([30.0, 50.0, 70.0])
    plain = plots.ranked_chart(rows)
    width_in = plain.ax.get_position().width * plain.figure.get_figwidth()
    need_low = text_width("low", plots.BAND_LABEL_FONTSIZE) + 0.12
    need_high = text_width("high", plots.BAND_LABEL_FONTSIZE) + 0.12
    low_top = 100 * (need_low - 0.01) / width_in  # just too narrow for "low"
    high_share = (need_high + 0.05) / width_in  # wide enough for "high", but under 9 %
    assert high_share < 0.09
    high_low = 40.5
    high_top = high_low + 100 * high_share
    bands = _bands(
        ("low", 0.5, low_top - 0.5),
        ("moderate", low_top + 0.5, 40.0),
        ("high", 41.0, high_top - 0.5),
        ("very_high", high_top + 0.5, None),
    )
    chart = plots.ranked_chart(rows, bands=bands)
    named = {t.get_text() for t in chart.ax.texts if isinstance(t, Annotation)}
    assert named == {"moderate", "high", "very high"}
    assert "Shading:Ebertetal.2017'sactivationbands" in _figure_words(chart)


# --- study_chart ------------------------------------------------------------------------------


def _study(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_study_chart_groups_bars_by_muscle_and_region_before_value() -> None:
    """Bottom up: gluteus medius, then maximus (upper), then maximus (lower), each by value."""
    emg = _study(
        _emg_row("made2020", "a", GMED, 95.0),
        _emg_row("made2020", "b", GMAX, 90.0, region="upper"),
        _emg_row("made2020", "c", GMAX, 50.0, region="upper"),
        _emg_row("made2020", "d", GMAX, 30.0, region="lower"),
    )
    chart = plots.study_chart(emg, "made2020")
    assert bar_values(chart.ax) == [95.0, 50.0, 90.0, 30.0]


def test_study_chart_alt_text_shortens_the_highest_label_to_80_characters() -> None:
    """A highest label of 81 characters is cut to its first word and '...' in the alt text."""
    label = "a" * 40 + " " + "b" * 40  # 81 characters
    emg = _study(_emg_row("made2020", "x", GMAX, 50.0, exercise_label=label))
    chart = plots.study_chart(emg, "made2020")
    assert chart.alt.endswith(f"Highest: {'a' * 40}... (Gluteus maximus) at 50 %MVIC.")


def test_study_chart_tick_labels_wrap_at_36_characters() -> None:
    """A 37-character exercise name takes two lines; 36 characters stay on one."""
    long = "a" * 31 + " " + "b" * 5  # 37
    short = "c" * 30 + " " + "d" * 5  # 36
    emg = _study(
        _emg_row("made2020", "x", GMAX, 50.0, exercise_label=long),
        _emg_row("made2020", "y", GMAX, 60.0, exercise_label=short),
    )
    labels = [t.get_text() for t in plots.study_chart(emg, "made2020").ax.get_yticklabels()]
    assert labels == ["a" * 31 + "\n" + "b" * 5, short]


def test_study_chart_source_line_says_when_n_and_method_are_not_stated() -> None:
    """Without n or an MVIC method the drawn source line says they were not stated."""
    emg = _study(_emg_row("made2020", "x", GMAX, 50.0, n=np.nan, normalisation=None))
    words = _figure_words(plots.study_chart(emg, "made2020"))
    assert "n=notstated." in words
    assert "MVICmethod:notstatedinthesourceseen." in words


# --- _bar_panel whiskers -----------------------------------------------------------------------


def test_study_chart_whiskers_are_1_point_lines_with_3_point_caps() -> None:
    """SD whiskers: 1-pt lines ending in caps 6 points across (capsize 3)."""
    from matplotlib.container import ErrorbarContainer

    emg = _study(_emg_row("made2020", "x", GMAX, 50.0, sd=10.0))
    chart = plots.study_chart(emg, "made2020")
    (container,) = [c for c in chart.ax.containers if isinstance(c, ErrorbarContainer)]
    _, caps, (segments,) = container.lines
    assert list(segments.get_linewidths()) == [1]
    assert [cap.get_markersize() for cap in caps] == [6, 6]


def test_forest_source_line_gives_the_caveats_a_reader_needs(emg: pd.DataFrame) -> None:
    """Why labs differ, the review-range caveat (a range is drawn) and the abbreviations."""
    chart = plots.exercise_forest(_forest_rows(emg), ["x_ex"])
    assert " ".join(chart.source.split()) == (
        "Each lab used its own MVIC test, electrode placement, load and population, so values "
        "from different studies are not directly comparable; compare exercises within a "
        "study. A review's range may also include studies drawn on other lines; the course "
        "could not always tell which. GMax, GMed, GMin: gluteus maximus, medius, minimus."
    )


def test_forest_of_two_exercises_names_both_in_its_alt_text(emg: pd.DataFrame) -> None:
    """A forest of an exercise family names every exercise drawn."""
    rows = _forest_rows(emg)
    rows.loc[0, "exercise_id"] = "y_ex"
    chart = plots.exercise_forest(rows, ["x_ex", "y_ex"])
    assert chart.alt.startswith("Dot-and-whisker plot of 4 %MVIC values for x_ex, y_ex from ")


@pytest.mark.parametrize(
    ("values", "sds", "xmax"),
    [
        ([40.0, 150.0], [10.0, None], 150.0 * 1.25),  # the largest value has no whisker
        ([40.0, 150.0], [10.0, 8.0], 158.0 * 1.25),  # ... or one of 8
        ([20.0, 30.0], [5.0, None], 100.0),  # small values: the axis still runs to 100
    ],
)
def test_forest_axis_leaves_a_quarter_beyond_the_longest_whisker(
    emg: pd.DataFrame, values: list[float], sds: list[float | None], xmax: float
) -> None:
    """Room for the notes: the axis ends 1.25 times past the furthest whisker, at least at 100."""
    rows = _forest_rows(emg).iloc[:2].copy()
    rows["pct_mvic"], rows["sd"] = values, sds
    chart = plots.exercise_forest(rows, ["x_ex"])
    assert chart.ax.get_xlim() == pytest.approx((0.0, xmax))


def test_forest_marks_read_at_their_values_and_labels_wrap_at_62_characters(
    emg: pd.DataFrame,
) -> None:
    """A range bar ends exactly at its ends (butt caps, no line style on dots); dots are 8-point
    marks with a dark outline, so an open (summary) mark stays visible; labels wrap at 62
    characters on a 12-inch figure."""
    from matplotlib.colors import to_hex

    rows = _forest_rows(emg)
    rows["exercise_label"] = "single-leg hip thrust, shoulders on a bench, band around the knees"
    chart = plots.exercise_forest(rows, ["x_ex"])
    (segment,) = [line for line in chart.ax.lines if line.get_gid() == "range"]
    assert segment.get_solid_capstyle() == "butt"
    for dot in [line for line in chart.ax.lines if line.get_gid() == "value"]:
        assert dot.get_linestyle() == "None"
        assert dot.get_markersize() == 8
        assert to_hex(dot.get_markeredgecolor()) == "#111111"
    lines = [line for t in chart.ax.get_yticklabels() for line in t.get_text().split("\n")]
    assert max(len(line) for line in lines) <= 62
    assert len(lines) > len(chart.ax.get_yticklabels())  # the long labels were wrapped
    assert chart.figure.get_figwidth() == 12


# --- exercise_forest: labels, size, marks and key, read from the drawn artists ---------------


def _forest_clam(*rows: tuple[str, str, float, dict]) -> pd.DataFrame:
    """Hand-made rows for the exercise ``clam``: (study, muscle, value, other columns)."""
    return pd.DataFrame(
        [
            _emg_row(study, "clam", muscle, value, exercise_label="Clam") | extra
            for study, muscle, value, extra in rows
        ]
    )


def test_forest_labels_wrap_at_62_characters_without_breaking_a_word() -> None:
    """'W · GMax · ' is 11 characters: a 52-letter word after it would make a 63-character
    line, so it starts the second line; a 70-letter word is never cut."""
    rows = _forest_clam(
        ("w", GMAX, 30.0, {"exercise_label": "b" * 52 + " end"}),
        ("w", GMED, 40.0, {"exercise_label": "c" * 70}),
    )
    chart = plots.exercise_forest(rows, ["clam"], citations={"w": "W"})
    labels = [t.get_text() for t in chart.ax.get_yticklabels()]
    assert labels == ["W · GMax ·\n" + "b" * 52 + " end", "W · GMed ·\n" + "c" * 70]
    # 4 label lines and 2 rows: 0.3 * 4 + 0.15 * 2 + 2.6 = 4.1 in
    assert chart.figure.get_figheight() == pytest.approx(4.1)


def test_forest_is_at_least_3_5_inches_and_grows_with_rows_and_label_lines() -> None:
    """0.3 in per label line, 0.15 in per row and 2.6 in, never under 3.5 in."""
    one = plots.exercise_forest(_forest_clam(("s1", GMAX, 30.0, {})), ["clam"])
    assert one.figure.get_figheight() == pytest.approx(3.5)  # 0.3 + 0.15 + 2.6 = 3.05
    four = _forest_clam(
        ("s1", GMAX, 30.0, {}),
        ("s2", GMAX, 50.0, {}),
        ("s3", GMED, 40.0, {}),
        ("s4", GMIN, 20.0, {}),
    )
    chart = plots.exercise_forest(four, ["clam"])
    assert [t.get_text() for t in chart.ax.get_yticklabels()] == [
        "s1 · GMax · Clam",
        "s2 · GMax · Clam",
        "s3 · GMed · Clam",
        "s4 · GMin · Clam",
    ]  # one line each
    assert chart.figure.get_figheight() == pytest.approx(0.3 * 4 + 0.15 * 4 + 2.6)  # 4.4


def test_forest_ranges_are_4_point_bands_paler_for_a_review_summary(emg: pd.DataFrame) -> None:
    """A lab's range and a review summary's range are 4-point bands; the summary's is paler."""
    (lab,) = [
        line
        for line in plots.exercise_forest(_forest_rows(emg), ["x_ex"]).ax.lines
        if line.get_gid() == "range"
    ]
    (summary,) = [
        line
        for line in plots.exercise_forest(_summary_rows(emg), ["x_ex"]).ax.lines
        if line.get_gid() == "summary_range"
    ]
    assert lab.get_linewidth() == summary.get_linewidth() == 4
    assert summary.get_alpha() < lab.get_alpha() <= 1


def test_forest_whiskers_take_the_muscle_colour_with_3_point_caps_and_no_extra_mark(
    emg: pd.DataFrame,
) -> None:
    """Each whisker (One GMed 40 +/- 10, Two GMax 90 +/- 5) is drawn in its muscle's colour,
    ends in caps 6 points across, and adds no second mark at the value."""
    chart = plots.exercise_forest(_forest_rows(emg), ["x_ex"])
    found = {}
    for container in chart.ax.containers:
        assert isinstance(container, ErrorbarContainer)
        data_line, caps, (segments,) = container.lines
        assert data_line is None  # the value is marked once, by its dot
        assert [cap.get_markersize() for cap in caps] == [6, 6]
        ((left, _), (right, _)) = segments.get_segments()[0]
        (colour,) = {to_hex(c) for c in segments.get_colors()}
        found[(left + right) / 2] = colour
    assert found == {
        40.0: to_hex(MUSCLE_COLOURS[GMED]),
        90.0: to_hex(MUSCLE_COLOURS[GMAX]),
    }


def test_forest_notes_sit_one_gap_right_of_their_marks_centred_and_inside_the_frame(
    emg: pd.DataFrame,
) -> None:
    """Every note starts the same distance right of where its mark ends (whisker, dot or
    range end), is centred on its line, stays inside the frame, in 9-pt #222222 type."""
    chart = plots.exercise_forest(_forest_rows(emg), ["x_ex"])
    ends = {0: 30.0, 1: 80.0, 2: 95.0, 3: 50.0}  # One GMax dot, range end, 90 + 5, 40 + 10
    gaps = {round(t.get_position()[0] - ends[int(t.get_position()[1])], 9) for t in chart.ax.texts}
    assert len(gaps) == 1 and 0 < gaps.pop() < 0.05 * chart.ax.get_xlim()[1]
    renderer = _drawn(chart)
    frame = chart.ax.get_window_extent(renderer)
    for note in chart.ax.texts:
        box = note.get_window_extent(renderer)
        line_y = chart.ax.transData.transform(note.get_position())[1]
        assert (box.y0 + box.y1) / 2 == pytest.approx(line_y, abs=0.5), note.get_text()
        assert frame.x0 < box.x0 and box.x1 < frame.x1, note.get_text()
        assert to_hex(note.get_color()) == "#222222"
        assert note.get_fontsize() == 9


def test_forest_key_names_every_statistic_drawn_with_grey_markers() -> None:
    """The key lists the statistics drawn in a fixed order, each with its marker alone
    (no line) in grey, since colour means the muscle; the x ticks keep the course size."""
    rows = _forest_clam(
        ("s1", GMAX, 30.0, {}),
        ("s2", GMAX, 50.0, {"statistic": "median"}),
        ("s3", GMED, 40.0, {"statistic": "not_stated"}),
        ("s4", GMED, 60.0, {"statistic": "peak"}),
        ("s5", GMIN, 20.0, {"statistic": "pooled_mean"}),
    )
    chart = plots.exercise_forest(rows, ["clam"])
    legend = chart.ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "mean",
        "median",
        "pooled mean",
        "peak",
        "not stated",
    ]
    handles = legend.legend_handles
    assert [h.get_marker() for h in handles] == [
        plots.STATISTIC_MARKERS[s] for s in ("mean", "median", "pooled_mean", "peak", "not_stated")
    ]
    for handle in handles:
        assert handle.get_linestyle() == "None"
        assert to_hex(handle.get_color()) == "#555555"
        assert to_hex(handle.get_color()) not in {to_hex(c) for c in MUSCLE_COLOURS.values()}
    assert legend.get_frame().get_alpha() == 0.95
    assert {t.get_fontsize() for t in chart.ax.get_xticklabels()} == {RC["xtick.labelsize"]}
    assert {t.get_fontsize() for t in chart.ax.get_yticklabels()} == {9}


def test_forest_source_line_without_a_range_ends_with_the_abbreviations(
    emg: pd.DataFrame,
) -> None:
    """No range drawn: the lab caveat and then the abbreviations, nothing between them."""
    chart = plots.exercise_forest(_forest_rows(emg).iloc[:3], ["x_ex"])
    assert " ".join(chart.source.split()) == (
        "Each lab used its own MVIC test, electrode placement, load and population, so values "
        "from different studies are not directly comparable; compare exercises within a "
        "study. GMax, GMed, GMin: gluteus maximus, medius, minimus."
    )


# --- overview_heatmap: the record read by screen-reader tables --------------------------------


def test_heatmap_record_is_what_was_drawn(heat: Chart) -> None:
    """``chart.data`` holds the counts coloured, the spreads written and the empty cells."""
    image = heat.ax.images[0].get_array()
    sources = heat.data["sources"].to_numpy(dtype=float)
    assert np.array_equal(np.isnan(sources), image.mask)
    assert np.array_equal(sources[~image.mask], image.data[~image.mask])
    low, high = heat.data["lowest"].to_numpy(), heat.data["highest"].to_numpy()
    for text in heat.ax.texts:
        if text.get_gid() == "spread":
            x, y = (round(v) for v in text.get_position())
            ends = [float(v) for v in text.get_text().split("-")]
            assert round(low[y, x]) == ends[0] and round(high[y, x]) == ends[-1]
    no_data = [t for t in heat.ax.texts if t.get_text() == "no data"]
    assert heat.data["missing_cells"] == len(no_data) == len(HEAT_EMPTY)


# --- scenario_chart: what each panel draws ----------------------------------------------------


def _scenarios(*keys: str) -> tuple[list, list]:
    trials = [simulate_scenario(SCENARIOS[key], seed=1) for key in keys or SCENARIOS]
    return trials, [measure(t) for t in trials]


def test_scenario_chart_draws_envelopes_against_time_and_onsets_in_their_muscles_colour() -> None:
    """Both envelopes run over the trial's time; gluteus maximus 2-pt solid over 1.6-pt
    dashed hamstrings; each onset a thinner 1-pt line in the colour of its muscle."""
    trials, results = _scenarios()
    chart = plots.scenario_chart(trials, results)
    for ax, trial, result in zip(chart.figure.axes, trials, results, strict=True):
        lines = {line.get_label(): line for line in ax.lines}
        glute, hamstrings = lines["gluteus maximus"], lines["hamstrings"]
        assert np.array_equal(glute.get_xdata(), trial.time_s)
        assert np.array_equal(hamstrings.get_xdata(), trial.time_s)
        assert glute.get_linewidth() > hamstrings.get_linewidth()  # the subject stands out
        assert (glute.get_linewidth(), hamstrings.get_linewidth()) == (2.0, 1.6)
        onsets = [line for line in ax.lines if line.get_label().startswith("_")]
        expected = {hamstrings.get_color(): result.hamstring_onset_s}
        if result.glute_onset_s is not None:
            expected[glute.get_color()] = result.glute_onset_s
        assert {line.get_color(): line.get_xdata()[0] for line in onsets} == expected
        assert {line.get_linewidth() for line in onsets} == {1}


def test_scenario_chart_is_10_inches_wide_with_2_3_inches_per_panel_and_1_2_more() -> None:
    """One panel: 2.3 + 1.2 = 3.5 in tall; 10 in wide whatever the number of panels."""
    chart = plots.scenario_chart(*_scenarios("typical"))
    assert tuple(chart.figure.get_size_inches()) == pytest.approx((10, 3.5))


def test_scenario_chart_titles_and_source_line_at_course_sizes() -> None:
    """The figure title at the course's title size (14 pt) over 11-pt panel titles."""
    chart = plots.scenario_chart(*_scenarios("typical", "switched_off"))
    assert chart.figure.get_suptitle() == "SIMULATED: different stories, different EMG pictures"
    assert chart.figure._suptitle.get_fontsize() == RC["axes.titlesize"]
    for ax in chart.figure.axes:
        assert ax._left_title.get_fontsize() == 11 < RC["axes.titlesize"]
    assert chart.source == (
        "SIMULATED signals for teaching (glutelab.scenarios), not recorded data. "
        "Onsets: threshold method on a 50 Hz envelope."
    )


def test_scenario_chart_grid_is_the_course_grid_and_horizontal_only() -> None:
    """Only %MVIC levels are gridded (an onset is a vertical line), in the course's grey."""
    from glutelab.style import new_chart, style_axes

    course = new_chart(alt="x", source="")
    style_axes(course.ax, title="", xlabel="", ylabel="")
    grey = to_hex(course.ax.get_xgridlines()[0].get_color())
    chart = plots.scenario_chart(*_scenarios("typical", "weakness"))
    for ax in chart.figure.axes:
        assert not any(line.get_visible() for line in ax.get_xgridlines())
        assert all(line.get_visible() for line in ax.get_ygridlines())
        assert {to_hex(line.get_color()) for line in ax.get_ygridlines()} == {grey}


def test_scenario_chart_legend_sits_in_the_upper_right_in_a_near_opaque_box() -> None:
    """In the first panel's top-right corner, even where the envelopes leave the lower right
    emptier; the box hides the lines behind it (opacity at least 0.9)."""
    chart = plots.scenario_chart(*_scenarios("switched_off"))
    legend = chart.ax.get_legend()
    renderer = _drawn(chart)
    box, frame = legend.get_window_extent(renderer), chart.ax.get_window_extent(renderer)
    assert frame.x1 - box.x1 < 0.05 * frame.width and box.x0 > frame.x0 + frame.width / 2
    assert frame.y1 - box.y1 < 0.05 * frame.height and box.y0 > frame.y0 + frame.height / 2
    assert legend.get_frame().get_alpha() >= 0.9


def test_scenario_chart_of_unequal_lists_raises() -> None:
    """A measurement for every trial: lists of different lengths are an error."""
    trials, results = _scenarios("typical", "weakness")
    with pytest.raises(ValueError):
        plots.scenario_chart(trials, results[:1])
    with pytest.raises(ValueError):
        plots.scenario_chart(trials[:1], results)
