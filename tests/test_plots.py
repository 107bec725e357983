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
from glutelab.diagrams import HipDiagram, hip_diagram
from glutelab.scenarios import SCENARIOS, measure, simulate_scenario

from .conftest import ROOT
from .drawn import bar_spans, bar_values, floating_bars

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
