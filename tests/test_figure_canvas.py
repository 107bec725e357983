"""Nothing a chart writes falls off its canvas, and no label is cut short.

Every chart the course shows is drawn here the way the notebooks draw it. While it draws,
each text artist records where it was drawn; every one must lie inside the figure. A title
or label that runs off the edge (as a long axes title beside long tick labels did) fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import glutelab
from glutelab import emg, emg_plots, plots, scenarios
from glutelab.bands import band_table
from glutelab.data import study_names
from glutelab.diagrams import hip_diagram
from glutelab.evidence import evidence_table, filter_evidence, one_per_dataset, rank
from glutelab.exercises_widget import FAMILY_NAMES
from glutelab.hip_mechanics_plots import extensor_chart

TOLERANCE_PX = 1.0
FS = 2000.0


@contextmanager
def drawn_texts() -> Iterator[list[tuple[str, object]]]:
    """Record (text, window extent) of every non-empty text artist drawn meanwhile."""
    drawn: list[tuple[str, object]] = []
    original = Text.draw

    def draw(self: Text, renderer: object) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append((self.get_text(), self.get_window_extent(renderer)))

    Text.draw = draw  # type: ignore[method-assign]
    try:
        yield drawn
    finally:
        Text.draw = original  # type: ignore[method-assign]


def outside(figure: Figure) -> list[str]:
    """The texts drawn partly outside ``figure`` (with their overhang in pixels)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = (
        figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    )
    with drawn_texts() as drawn:
        canvas.draw()
    assert drawn, "nothing was drawn: the check would pass vacuously"
    width, height = figure.bbox.width, figure.bbox.height
    problems = []
    for text, box in drawn:
        over = max(-box.x0, -box.y0, box.x1 - width, box.y1 - height)  # type: ignore[attr-defined]
        if over > TOLERANCE_PX:
            problems.append(f"{text[:50]!r} by {over:.0f} px")
    return problems


def _emg_charts() -> dict[str, Callable[[], object]]:
    activation = emg.activation_profile(3.0, FS, onset_s=1.0, offset_s=2.4, level=0.6, ramp_s=0.7)
    raw = emg.simulate_emg(activation, FS, seed=6, motion_artefact=True)
    filtered = emg.bandpass(raw, FS)
    rectified = emg.rectify(filtered)
    envelope = emg.linear_envelope(filtered, FS, cutoff_hz=6.0)
    mvic = emg.linear_envelope(
        emg.bandpass(
            emg.simulate_emg(emg.activation_profile(3.0, FS, 0.5, 2.5, 1.0), FS, seed=11), FS
        ),
        FS,
        cutoff_hz=6.0,
    )
    reference = emg.mvic_reference(mvic, FS, method="mean", window_s=1.0)
    pct = emg.normalise_to_mvic(envelope, reference)
    return {
        "raw": lambda: emg_plots.raw_chart(raw, FS, activation=activation),
        "bandpass": lambda: emg_plots.bandpass_chart(raw, filtered, FS),
        "rectify": lambda: emg_plots.rectify_chart(filtered, rectified, FS),
        "envelope": lambda: emg_plots.envelope_chart(
            rectified, {"linear envelope, 6 Hz low-pass": envelope}, FS
        ),
        "onset": lambda: emg_plots.onset_chart({"envelope": envelope}, FS, true_onset_s=1.0),
        "mvic": lambda: emg_plots.mvic_chart(mvic, envelope, FS, reference),
        "pipeline": lambda: emg_plots.pipeline_chart(
            raw, filtered, rectified, envelope, pct, FS, repetition_s=(1.0, 2.4)
        ),
    }


def _charts() -> dict[str, Callable[[], object]]:
    data = glutelab.load_emg()
    names = study_names()
    bands = band_table()
    charts: dict[str, Callable[[], object]] = {}
    for study in sorted(set(data["study_id"].astype(str))):
        charts[f"study-{study}"] = lambda s=study: plots.study_chart(
            data, s, bands=bands, citation=names[s]
        )
    for family in FAMILY_NAMES:
        charts[f"forest-{family}"] = lambda f=family: plots.exercise_forest(
            data, glutelab.family_ids(f), citations=names
        )
    charts["heatmap"] = lambda: plots.overview_heatmap(data, glutelab.load_exercises())
    table = evidence_table(data, glutelab.load_exercises())
    charts["ranked"] = lambda: plots.ranked_chart(
        rank(one_per_dataset(filter_evidence(table))), bands=bands, citations=names
    )
    charts["gta"] = lambda: plots.gta_chart(glutelab.load_gta_index(), citations=names)
    trials = [scenarios.simulate_scenario(s, seed=42) for s in scenarios.SCENARIOS.values()]
    charts["scenarios"] = lambda: plots.scenario_chart(
        trials, [scenarios.measure(t) for t in trials]
    )
    charts["empty"] = lambda: plots.empty_chart("Nothing matches these filters.")
    charts["hip-diagram"] = lambda: hip_diagram()
    charts["hip-diagram-gmed"] = lambda: hip_diagram("gluteus_medius", "anterior")
    charts["hip-extensors"] = lambda: extensor_chart(glutelab.load_hip_moment_arms())
    charts.update(_emg_charts())
    return charts


CHARTS = _charts()


@pytest.mark.parametrize("name", CHARTS)
def test_every_text_lies_inside_the_figure(name: str) -> None:
    chart = CHARTS[name]()
    figure = chart.figure  # type: ignore[attr-defined]
    assert outside(figure) == []


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_forest_labels_are_wrapped_never_cut(family: str) -> None:
    chart = plots.exercise_forest(glutelab.load_emg(), glutelab.family_ids(family))
    labels = [t.get_text() for t in chart.ax.get_yticklabels()]
    assert labels and not [label for label in labels if label.endswith(("...", "…"))]


def test_the_check_catches_a_title_that_runs_off_the_figure() -> None:
    """The old forest layout: long one-line tick labels, a legend outside, an axes title."""
    from glutelab.style import new_chart, style_axes

    chart = new_chart(alt="old layout", source="", width=9, height=3.5)
    chart.ax.set_yticks(
        [0, 1], ["Boren et al. 2011 · GMed · side plank with hip abduction [dominant..."] * 2
    )
    style_axes(
        chart.ax,
        title="Same exercise, different labs: compare within a study, not across",
        xlabel="%MVIC",
        ylabel="",
    )
    chart.ax.plot([], [], marker="X", linestyle="none", label="not stated")
    chart.ax.legend(title="statistic", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    problems = outside(chart.figure)
    assert len(problems) == 1 and problems[0].startswith("'Same exercise")
