"""Kernel-side half of ``bench_browser_latency.py``; not a benchmark of its own.

``bench_browser_latency.py`` copies this file next to the temporary notebooks it writes, and
their cells import it. It wraps one explorer for the browser to drive:

- :class:`Bench` shows the explorer (``.bench-subject``), a hidden *probe* (``.bench-probe``)
  and a button that replaces the explorer with a fresh instance (``.bench-fresh``: empty
  caches, for first visits). It watches every control of the explorer: when the handling of a
  change has finished (the outermost control's observers have all run), it writes into the
  probe which of the explorer's view widgets (HTML, and Image should a chart become one)
  changed value and how often (once per ``hold_sync`` block), the controls'
  new state, and how long the kernel spent in the observers. The browser then knows exactly
  which parts of the view must change before the update is complete, with no guessing and no
  fixed waits. The probe's own message is sent after all of the explorer's.
- :class:`Baseline` is the naive version: ``ipywidgets.interact`` with ``%matplotlib inline``
  over a *Step* drop-down; step ``k`` shows the state the explorer had after its ``k``-th
  change (recorded by :class:`Bench`), redrawing the same chart with the same glutelab chart
  function into a new figure on every change (the inline backend renders it to PNG with
  ``bbox_inches="tight"``), and the same kind of text above it. Its probe says whether the
  step drew a chart.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import ipywidgets as w
from IPython.display import HTML, display

import glutelab

FACTORIES = {
    "anatomy": "anatomy_explorer",
    "scenario": "scenario_explorer",
    "myth": "myth_explorer",
    "exercise": "exercise_explorer",
    "emg": "emg_pipeline_explorer",
    "emg_recorded": "emg_pipeline_explorer",
    "audit": "citation_audit_explorer",
    "programme": "programme_builder",
    "hip": "hip_mechanics_explorer",
}
FACTORY_ARGS: dict[str, dict[str, Any]] = {"emg_recorded": {"signal": "recorded"}}
"""Arguments for a factory: the EMG explorer started on the recorded walking trial."""
CONTROL_TYPES = (w.Dropdown, w.IntSlider, w.FloatSlider, w.Checkbox, w.Text)
VIEW_TYPES = (w.HTML, w.Image)
"""What a view shows: in the DOM ``.widget-html-content`` (replaced on update) and
``img.widget-image`` (new ``src`` on update)."""
"""The controls a learner changes; in the DOM: ``select``, ``.widget-readout``,
``input[type=checkbox]``, ``input[type=text]`` (in this order of kinds)."""


def walk(widget: Any) -> list[Any]:
    """``widget`` and everything inside it, depth first (the order of the DOM)."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += walk(child)
    return found


def kind(control: Any) -> str:
    if isinstance(control, w.Dropdown):
        return "dropdown"
    if isinstance(control, w.IntSlider | w.FloatSlider):
        return "slider"
    if isinstance(control, w.Checkbox):
        return "checkbox"
    return "text"


def control_info(control: Any, name: str) -> dict[str, Any]:
    info: dict[str, Any] = {"name": name, "kind": kind(control), "disabled": control.disabled}
    if info["kind"] == "dropdown":
        info.update(n=len(control.options), index=control.index)
    elif info["kind"] == "slider":
        info.update(
            value=control.value,
            min=control.min,
            max=control.max,
            step=control.step,
            int=isinstance(control, w.IntSlider),
        )
    else:
        info["value"] = control.value
    return info


def shows_image(widget: Any) -> bool:
    if isinstance(widget, w.Image):
        return bool(widget.value)
    return "<img" in widget.value


def image_source(value: Any) -> Any:
    """The picture a view widget's value shows: an Image's bytes, or the ``src`` of the first
    ``<img>`` in an HTML widget's markup (None without one)."""
    if not isinstance(value, str):
        return value or None
    image = value.find("<img")
    start = value.find('src="', image) if image >= 0 else -1
    if start < 0:
        return None
    return value[start + 5 : value.find('"', start + 5)]


def shows_chart(widget: Any) -> bool:
    """A chart: an image, or a chart the browser draws (``glutelab.html_charts``)."""
    return shows_image(widget) or "glutelab-html-chart" in widget.value


def _to_front(control: Any, handler: Callable[..., None]) -> bool:
    """Move ``handler`` to the front of the control's value observers (for the kernel time)."""
    try:
        notifiers = control._trait_notifiers["value"]["change"]
        notifiers.remove(handler)
        notifiers.insert(0, handler)
    except (AttributeError, KeyError, ValueError):
        return False
    return True


# --- what the naive baseline draws: the explorer's state, then text + chart ----------------


def baseline_state(name: str, view: Any) -> Any:
    """What the baseline needs to draw what the explorer shows now."""
    if name == "anatomy":
        return (view.muscle.value, view.region.value)
    if name == "scenario":
        return view.scenario.value
    if name == "myth":
        return view.myth.value
    if name in ("exercise", "emg", "emg_recorded"):
        return view.settings()
    if name == "hip":
        return (view.muscle.value, view.pose(), view.axis.value)
    return None  # audit: no chart; the baseline draws a study chart (see make_draw)


def is_empty(name: str, view: Any) -> bool:
    """Whether the view says "nothing matches" / "cannot process" instead of a result."""
    if name == "exercise":
        return not getattr(view, "chart_view", view).value
    if name == "emg":
        return getattr(view, "last_run", True) is None
    if name == "emg_recorded":
        return getattr(view, "last_recorded_run", True) is None
    if name == "audit":
        return not getattr(view, "table", view).value
    return False


Drawn = tuple[str, Any]
"""(HTML text, matplotlib figure or None)."""


def hip_figure(muscle: str, pose: Any, axis: str, data: dict[str, Any]) -> Any:
    """The hip mechanics view drawn the naive way: one matplotlib figure of the two drawings
    with the compartments, the bars and the two curve panels, all drawn anew."""
    from matplotlib.figure import Figure

    from glutelab.hip_drawing import BandStyle, draw_bones, draw_compartments, set_view_limits
    from glutelab.hip_mechanics_plots import (
        AXES_OF_ACTION,
        FLEXION_GRID,
        LINESTYLES,
        NEGATIVE,
        POSITIVE,
        VIEW_LIMITS,
        flexion_curves,
    )
    from glutelab.hip_model import ARM_COLUMNS

    ids, column = data["compartments"], AXES_OF_ACTION[axis]
    figure = Figure(figsize=(12, 8.6))
    grid = figure.add_gridspec(2, 6)
    for place, view in enumerate(("posterior", "lateral")):
        ax = figure.add_subplot(grid[0, 2 * place : 2 * place + 2])
        draw_bones(ax, view, pose)
        arm = {m: data["moment_arms_mm"][m][ARM_COLUMNS.index(column)] for m in ids}
        styles = {m: BandStyle(POSITIVE if arm[m] > 0 else NEGATIVE, 0.85) for m in ids}
        draw_compartments(ax, view, pose, styles)
        set_view_limits(ax, view, VIEW_LIMITS[view])
    bars = figure.add_subplot(grid[0, 4:])
    for index, muscle_id in enumerate(ids):
        values = data["moment_arms_mm"][muscle_id]
        colours = [POSITIVE if v > 0 else NEGATIVE for v in values]
        bars.bar([g + 0.25 * index for g in range(3)], values, width=0.22, color=colours)
    bars.set_ylim(-100, 100)
    curves = flexion_curves(tuple(ids), float(pose[1]), float(pose[2]))
    for place, values in enumerate((column, "mtu_length_mm")):
        ax = figure.add_subplot(grid[1, 3 * place : 3 * place + 3])
        for index, muscle_id in enumerate(ids):
            ax.plot(FLEXION_GRID, curves[muscle_id][values], LINESTYLES[index], color="#222222")
        ax.axvline(pose[0], color="#777777", linestyle="--")
    figure.suptitle(f"{muscle} at {pose}, coloured by {axis}")
    return figure


def make_draw(name: str) -> Callable[[Any], Drawn]:
    """The baseline's drawing function for one explorer (data loaded once, up front)."""
    from glutelab import plots

    if name == "anatomy":
        from glutelab.anatomy_widget import UNDRAWN, fact_card_html

        anatomy = glutelab.load_anatomy()

        def anatomy_draw(state: tuple[str, str]) -> Drawn:
            muscle, region = state
            if muscle in UNDRAWN:  # the explorer shows the fact card alone, and so does this
                return fact_card_html(anatomy, muscle, region), None
            chart = glutelab.hip_diagram(muscle, None if region == "whole" else region)
            return fact_card_html(anatomy, muscle, region), chart.figure

        return anatomy_draw
    if name == "scenario":
        from glutelab.scenarios import SCENARIOS, measure, simulate_scenario

        def scenario_draw(state: str) -> Drawn:
            scenario = SCENARIOS[state]
            trials = [
                simulate_scenario(SCENARIOS["typical"], seed=42),
                simulate_scenario(scenario, seed=42),
            ]
            chart = plots.scenario_chart(trials, [measure(t) for t in trials])
            text = (
                f"<p><b>{html.escape(scenario.name)}:</b> {html.escape(scenario.summary)}</p>"
                f"<p><b>A clinician could conclude:</b> {html.escape(scenario.conclude)}<br>"
                f"<b>It cannot tell them:</b> {html.escape(scenario.cannot_conclude)}</p>"
            )
            return text, chart.figure

        return scenario_draw
    bands, names = glutelab.band_table(), glutelab.study_names()
    if name in ("myth", "exercise"):
        from glutelab.evidence import evidence_table, filter_evidence, myth_rows, rank

        evidence = evidence_table(glutelab.load_emg(), glutelab.load_exercises())
        if name == "myth":
            from glutelab.myths_widget import evidence_html, verdict_html

            myths, references = glutelab.load_myths(), glutelab.load_references()

            def myth_draw(state: str) -> Drawn:
                myth = myths.loc[state]
                text = verdict_html(str(myth["verdict"])) + evidence_html(
                    list(myth["evidence"]), references
                )
                filt = myth.get("emg_filter")
                rows = rank(myth_rows(evidence, filt if isinstance(filt, dict) else None))
                if rows.empty:
                    return text, None
                chart = plots.ranked_chart(
                    rows,
                    bands=bands,
                    citations=names,
                    title="Gluteal EMG in the exercises behind this myth",
                )
                return text, chart.figure

            return myth_draw
        from glutelab.exercises_widget import ranked_table_html

        def exercise_draw(state: Any) -> Drawn:
            rows = rank(filter_evidence(evidence, state))
            if rows.empty:
                return "<p>No reported values match these filters.</p>", None
            text = f"<p>{len(rows)} reported values.</p>" + ranked_table_html(rows, names)
            chart = plots.ranked_chart(rows, bands=bands, citations=names)
            return text, chart.figure

        return exercise_draw
    if name == "emg":
        from glutelab.emg_plots import pipeline_chart
        from glutelab.emg_widget import REPETITION_S, SAMPLING_RATE_HZ, run_pipeline

        def emg_draw(settings: Any) -> Drawn:
            try:
                run = run_pipeline(settings)
            except ValueError as error:
                chart = plots.empty_chart(str(error), title="No chart for these settings")
                return f"<p>Cannot process with these settings: {error}</p>", chart.figure
            chart = pipeline_chart(
                run.raw,
                run.filtered,
                run.rectified,
                run.envelope,
                run.pct_mvic,
                SAMPLING_RATE_HZ,
                repetition_s=REPETITION_S,
                band_hz=(settings.low_hz, settings.high_hz),
                envelope_label=settings.smoothing_label(),
                onset_s=run.onset_s,
                compact=True,
            )
            text = (
                f"<p>Mean {run.summary.mean_pct_mvic:.0f} %MVIC, peak "
                f"{run.summary.peak_pct_mvic:.0f} %MVIC. SIMULATED signals.</p>"
            )
            return text, chart.figure

        return emg_draw
    if name == "emg_recorded":
        from glutelab.emg_widget import draw_recorded_cycle, recorded_status, run_recorded

        def recorded_draw(settings: Any) -> Drawn:
            try:
                run = run_recorded(settings)
            except ValueError as error:
                chart = plots.empty_chart(str(error), title="No chart for these settings")
                return f"<p>Cannot process with these settings: {error}</p>", chart.figure
            chart = draw_recorded_cycle(run, settings)  # a new figure every time
            return f"<p>{html.escape(recorded_status(run, settings))}</p>", chart.figure

        return recorded_draw
    if name == "hip":
        from glutelab.hip_mechanics_plots import MechanicsFigure

        def hip_draw(state: Any) -> Drawn:
            muscle, pose, axis = state
            view = MechanicsFigure().update(muscle, pose, axis, drawings=False)  # the numbers
            figure = hip_figure(muscle, pose, axis, view.data)  # a new figure every time
            return f"<p>{html.escape(view.alt)}</p>", figure

        return hip_draw
    # audit: the explorer draws no chart; as in bench_widget_latency.py the baseline is the
    # course's study chart, of the next study on every change
    emg = glutelab.load_emg()
    studies = sorted(emg["study_id"].unique())
    counter = iter(range(10**9))

    def audit_draw(_: Any) -> Drawn:
        study = studies[next(counter) % len(studies)]
        citation = names.get(study)
        chart = plots.study_chart(emg, study, bands=bands, citation=citation)
        return f"<p>{html.escape(str(citation or study))}</p>", chart.figure

    return audit_draw


# --- the measured explorer -----------------------------------------------------------------


class Bench:
    """One explorer, instrumented for the browser (see the module docstring)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.factory: Callable[[], Any] = partial(
            getattr(glutelab, FACTORIES[name]), **FACTORY_ARGS.get(name, {})
        )
        self.probe = w.HTML(layout=w.Layout(display="none"))
        self.probe.add_class("bench-probe")
        self.holder = w.VBox()
        self.holder.add_class("bench-subject")
        self.fresh = w.Button(description="New explorer (benchmark)")
        self.fresh.add_class("bench-fresh")
        self.fresh.on_click(self.new)
        self.area = w.VBox([self.fresh, self.probe, self.holder])
        self.area.add_class("bench-area")
        self.states: list[Any] = []
        self.seq = self.instance = self.depth = 0
        self.started = 0.0
        self.front = True
        self.changed: dict[int, int] = {}
        self.held: set[int] = set()
        self.view: Any = None
        self.new()

    def new(self, _: object = None) -> None:
        """Show a fresh instance of the explorer (empty caches)."""
        view = self.factory()
        self.view, self.instance, self.depth = view, self.instance + 1, 0
        everything = walk(view)
        self.htmls = [x for x in everything if isinstance(x, VIEW_TYPES)]
        self.controls = [x for x in everything if isinstance(x, CONTROL_TYPES)]
        attributes = {id(v): k for k, v in vars(view).items() if isinstance(v, w.Widget)}
        self.names = [attributes.get(id(c), f"control {i}") for i, c in enumerate(self.controls)]
        for index, widget in enumerate(self.htmls):
            widget.observe(partial(self._html_changed, index), names="value")
        for control in self.controls:
            control.observe(self._start, names="value")
            self.front = _to_front(control, self._start) and self.front
            control.observe(self._end, names="value")
        self.changed = {}
        self.before = [h.value for h in self.htmls]
        self.holder.children = [view]
        self.report(None)

    def _html_changed(self, index: int, _: dict[str, Any]) -> None:
        """Count the messages the browser will get: one per change, one per hold_sync."""
        if self.depth <= 0:
            return
        if getattr(self.htmls[index], "_holding_sync", False):
            if index in self.held:
                return
            self.held.add(index)
        else:
            self.held.discard(index)
        self.changed[index] = self.changed.get(index, 0) + 1

    def _start(self, _: dict[str, Any]) -> None:
        if self.depth == 0:
            self.started, self.changed, self.held = time.perf_counter(), {}, set()
            self.before = [h.value for h in self.htmls]  # references: nothing is copied
        self.depth += 1

    def _end(self, _: dict[str, Any]) -> None:
        self.depth -= 1
        if self.depth <= 0:
            self.depth = 0
            self.report(time.perf_counter() - self.started)

    def report(self, kernel_s: float | None) -> None:
        """Write the probe: what changed, the controls' state, the kernel time."""
        self.seq += 1
        self.states.append(baseline_state(self.name, self.view))
        values = [c.value for c in self.controls]
        shown = self.states[-1]
        info = {
            "seq": self.seq,
            "instance": self.instance,
            "kernel_ms": None if kernel_s is None else kernel_s * 1000,
            "kernel_time_complete": self.front,
            "changed": {str(i): n for i, n in sorted(self.changed.items())},
            # a new picture to wait for: a widget whose picture differs (a view may redraw
            # its text and charts around a picture that stays the same)
            "img": [
                i
                for i in sorted(self.changed)
                if shows_image(self.htmls[i])
                and image_source(self.htmls[i].value) != image_source(self.before[i])
            ],
            "charts": [i for i in sorted(self.changed) if shows_chart(self.htmls[i])],
            "n_html": len(self.htmls),
            "has_img": [shows_image(h) for h in self.htmls],
            "controls": [
                control_info(c, n) for c, n in zip(self.controls, self.names, strict=True)
            ],
            "state": json.dumps(values, default=str),
            "view": json.dumps(values if shown is None else shown, default=str),
            "empty": is_empty(self.name, self.view),
            "baseline_index": len(self.states) - 1,
        }
        self.probe.value = html.escape(json.dumps(info, default=str))

    def show(self) -> None:
        display(self.area)


class Baseline:
    """``interact`` over the explorer's recorded states, redrawing text and chart each time."""

    def __init__(self, bench: Bench, steps: int) -> None:
        self.bench, self.steps = bench, steps
        self.draw = make_draw(bench.name)
        self.probe = w.HTML(layout=w.Layout(display="none"))
        self.probe.add_class("bench-baseline-probe")

    def update(self, step: int) -> None:
        text, figure = self.draw(self.bench.states[step])
        display(HTML(text))
        if figure is not None:
            display(figure)  # %matplotlib inline: PNG with bbox_inches="tight"
        self.probe.value = html.escape(json.dumps({"step": step, "img": figure is not None}))

    def show(self) -> None:
        from ipywidgets import interact

        control = w.Dropdown(options=list(range(self.steps)), value=0, description="Step:")
        shown = interact(self.update, step=control)
        shown.widget.add_class("bench-baseline")  # type: ignore[attr-defined]
        display(self.probe)
