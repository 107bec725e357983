"""Benchmark 4: Python-side update latency of every explorer, versus a naive redraw.

For each explorer the script makes seeded random changes to its controls (a drop-down gets
another option, a slider moves 1-4 steps, a check box flips, a text box gets a client phrase
or a search word; disabled controls are left alone, as a learner cannot move them; a change
that leaves the view saying "nothing matches" is undone by the next one) and times
``control.value = new`` until the observer returns, which is when the view's HTML widgets
hold their new values. No kernel or browser is involved: this is the Python half of
the latency a learner sees (a real-browser benchmark is a separate task).

Baseline, per explorer, run right after each change on the same state (so both see the same
noise): an ``ipywidgets.interactive``-style function that recomputes the content, builds a
NEW figure with the same chart (a pyplot figure for ``plots.ranked_chart``; the chart
functions that create their own figure - ``hip_diagram``, ``pipeline_chart``,
``study_chart`` - are called as they are) and renders it to PNG the way IPython's inline
backend does (``bbox_inches="tight"``), then puts the base64 image into an HTML widget.
The citation-audit explorer draws no chart; its baseline is ``plots.study_chart`` of a
random study. Targets: p95 <= 100 ms and p95 <= 0.5x the baseline's p95.

The explorer with the worst p95 is then profiled (cProfile, further seeded changes).

Usage: .venv/bin/python benchmarks/bench_widget_latency.py [--quick] [--changes N]
       [--only NAME ...] [--json FILE]
"""

from __future__ import annotations

import base64
import cProfile
import io
import os
import pstats
import random
import sys
import time
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

import ipywidgets as w
import matplotlib.pyplot as plt
from _common import Result, finish, ms, parser, ratio, summary, table
from report import Figure

import glutelab
from glutelab import emg_widget
from glutelab.anatomy_widget import UNDRAWN, fact_card_html
from glutelab.diagrams import hip_diagram
from glutelab.emg_plots import pipeline_chart
from glutelab.evidence import filter_evidence, myth_rows, rank
from glutelab.plots import empty_chart, ranked_chart, study_chart
from glutelab.style import Chart

P95_MS = 100.0
MAX_RATIO = 0.5
EXPLORERS = (
    "exercise_explorer",
    "myth_explorer",
    "anatomy_explorer",
    "emg_pipeline_explorer",
    "citation_audit_explorer",
)
CONTROLS = {
    "exercise_explorer": (
        "muscle",
        "region",
        "family",
        "equipment",
        "weight_bearing",
        "unilateral",
        "min_pct",
        "study",
        "peaks",
    ),
    "myth_explorer": ("myth", "phrase"),
    "anatomy_explorer": ("muscle", "region"),
    "emg_pipeline_explorer": (
        "level",
        "noise",
        "hum",
        "artefact",
        "low",
        "high",
        "smoothing",
        "cutoff",
        "window",
    ),
    "citation_audit_explorer": ("match_quality", "supports", "search", "citation"),
}
WARMUP = 5


# --- random control changes ------------------------------------------------------------


def option_values(control: w.Dropdown) -> list[Any]:
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def new_value(control: w.DOMWidget, rng: random.Random, texts: list[str]) -> Any:
    """A value different from the control's current one, as a learner could choose it.

    Drop-downs jump to any other option; sliders move 1 to 4 steps either way (a drag or a
    few arrow-key presses; they update on release); text boxes get a phrase from ``texts``.
    """
    current = control.value
    if isinstance(control, w.Dropdown):
        choices = [v for v in option_values(control) if v != current]
        return rng.choice(choices) if choices else None
    if isinstance(control, w.IntSlider | w.FloatSlider):
        move = rng.randint(1, 4) * rng.choice((-1, 1))
        value = current + move * control.step
        if not control.min <= value <= control.max:
            value = current - move * control.step
        value = min(max(value, control.min), control.max)
        value = int(value) if isinstance(control, w.IntSlider) else round(value, 6)
        return value if value != current else None
    if isinstance(control, w.Checkbox):
        return not current
    if isinstance(control, w.Text):
        choices = [t for t in texts if t != current]
        return rng.choice(choices) if choices else None
    raise TypeError(f"no random value for {type(control).__name__}")  # pragma: no cover


CHART_WIDGET = {
    "exercise_explorer": "chart_view",
    "myth_explorer": "chart_view",
    "anatomy_explorer": "diagram",
    "emg_pipeline_explorer": "chart",
}
"""The HTML widget that holds each explorer's chart (the audit explorer has none)."""


def nothing_shown(name: str, view: Any) -> bool:
    """Whether the view now says "nothing matches" or "cannot process" instead of a result."""
    if name == "exercise_explorer":
        return not view.chart_view.value
    if name == "emg_pipeline_explorer":
        return view.last_run is None
    if name == "citation_audit_explorer":
        return not view.table.value
    return False  # every myth and every muscle/region has something to show


def html_widgets(widget: w.Widget) -> list[w.HTML]:
    """Every HTML widget inside a view (these carry the status, tables, cards and charts)."""
    found = [widget] if isinstance(widget, w.HTML) else []
    for child in getattr(widget, "children", ()):
        found += html_widgets(child)
    return found


def texts_for(name: str) -> list[str]:
    """What a learner might type into the explorer's text box."""
    if name == "myth_explorer":
        phrases = [p for ps in glutelab.load_myths()["client_phrases"] for p in ps]
        return [*phrases, "", "my hamstrings are tight", "how many sets should I do?"]
    if name == "citation_audit_explorer":
        audit = glutelab.load_citation_audit()
        words = sorted(
            {t.strip(".,():") for s in audit["as_printed"] for t in s.split() if len(t) > 4}
        )
        return [*words, "", "Spine", "sitting", "Hollman", "zzz-no-match"]
    return []


# --- naive baselines: same state, new figure, PNG like the inline backend ----------------


class Naive:
    """The ``interactive``-style redraw for one explorer's current state."""

    def __init__(self, name: str, view: Any) -> None:
        self.name, self.view = name, view
        self.out = w.HTML()
        self.rng = random.Random(99)
        self.emg = glutelab.load_emg()
        self.studies = sorted(self.emg["study_id"].unique())
        self.names = glutelab.study_names()
        self.bands = glutelab.band_table()

    def state(self) -> Any:
        """What the baseline needs to draw what the explorer shows now."""
        v = self.view
        if self.name == "exercise_explorer":
            return v.settings()
        if self.name == "myth_explorer":
            return v.myth.value
        if self.name == "anatomy_explorer":
            return (v.muscle.value, v.region.value)
        if self.name == "emg_pipeline_explorer":
            return v.settings()
        return self.rng.choice(self.studies)

    def render(self, draw: Callable[[Chart | None], Chart], *, pyplot: bool) -> None:
        figure = plt.figure(layout="constrained") if pyplot else None
        given = Chart(figure=figure, ax=None, alt="", source="") if figure is not None else None
        chart = draw(given)
        buffer = io.BytesIO()
        chart.figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
        self.out.value = f'<img src="data:image/png;base64,{encoded}" alt="{chart.alt}"/>'
        if figure is not None:
            plt.close(figure)

    def __call__(self, state: Any) -> None:
        v = self.view
        if self.name == "exercise_explorer":
            rows = rank(filter_evidence(v.evidence, state))
            self.render(
                lambda c: ranked_chart(rows, bands=self.bands, citations=self.names, chart=c),
                pyplot=True,
            )
        elif self.name == "myth_explorer":
            filt = v.myths.loc[state].get("emg_filter")
            rows = rank(myth_rows(v.evidence, filt if isinstance(filt, dict) else None))
            self.render(
                lambda c: ranked_chart(
                    rows,
                    bands=self.bands,
                    citations=self.names,
                    chart=c,
                    title="Gluteal EMG in the exercises behind this myth",
                ),
                pyplot=True,
            )
        elif self.name == "anatomy_explorer":
            muscle, region = state
            card = fact_card_html(v.anatomy, muscle, region)
            if muscle in UNDRAWN:  # the explorer shows the fact card alone, and so does this
                self.out.value = card
                return
            self.render(
                lambda _: hip_diagram(muscle, None if region == "whole" else region),
                pyplot=False,
            )
        elif self.name == "emg_pipeline_explorer":
            self.render(lambda _: self._pipeline(state), pyplot=False)
        else:
            self.render(
                lambda _: study_chart(
                    self.emg, state, bands=self.bands, citation=self.names.get(state)
                ),
                pyplot=False,
            )

    @staticmethod
    def _pipeline(settings: emg_widget.PipelineSettings) -> Chart:
        try:
            run = emg_widget.run_pipeline(settings)
        except ValueError as error:
            return empty_chart(str(error), title="No chart for these settings")
        return pipeline_chart(
            run.raw,
            run.filtered,
            run.rectified,
            run.envelope,
            run.pct_mvic,
            emg_widget.SAMPLING_RATE_HZ,
            repetition_s=emg_widget.REPETITION_S,
            band_hz=(settings.low_hz, settings.high_hz),
            envelope_label=settings.smoothing_label(),
            onset_s=run.onset_s,
            compact=True,
        )


# --- the measurement ---------------------------------------------------------------------


class Learner:
    """Seeded random changes; after a change that empties the view, the next one undoes it.

    A learner who sees "no values match" or "cannot process with these settings" moves the
    control back; without that, random filters soon leave every view empty and the benchmark
    would time only the trivial message path.
    """

    def __init__(self, view: Any, name: str, rng: random.Random, texts: list[str]) -> None:
        self.view, self.name, self.rng, self.texts = view, name, rng, texts
        self.controls = {c: getattr(view, c) for c in CONTROLS[name]}
        self.undo: tuple[str, Any] | None = None

    def next(self) -> tuple[str, Any, Any]:
        """``(control name, control, new value)``."""
        if self.undo is not None:
            chosen, value = self.undo
            self.undo = None
            control = self.controls[chosen]
            if value != control.value and (
                not isinstance(control, w.Dropdown) or value in option_values(control)
            ):
                return chosen, control, value
        while True:
            enabled = [c for c, control in self.controls.items() if not control.disabled]
            chosen = self.rng.choice(enabled)
            value = new_value(self.controls[chosen], self.rng, self.texts)
            if value is not None:
                return chosen, self.controls[chosen], value

    def changed(self, chosen: str, old: Any) -> bool:
        """Call after each change; returns whether the view is now empty (and plans the undo)."""
        empty = nothing_shown(self.name, self.view)
        if empty:
            self.undo = (chosen, old)
        return empty


def measure(name: str, count: int, seed: int) -> dict[str, Any]:
    start = time.perf_counter()
    view = getattr(glutelab, name)()
    build = time.perf_counter() - start
    naive = Naive(name, view)
    texts = texts_for(name)
    warm = Learner(view, name, random.Random(seed + 1000), texts)
    for _ in range(WARMUP):
        chosen, control, value = warm.next()
        old, control.value = control.value, value
        warm.changed(chosen, old)
        naive(naive.state())
    learner = Learner(view, name, random.Random(seed), texts)
    learner.undo = warm.undo
    updates: list[float] = []
    baseline: list[float] = []
    per_control: dict[str, list[float]] = {}
    drawn: list[float] = []
    unchanged = empty = 0
    outputs = html_widgets(view)
    chart = getattr(view, CHART_WIDGET[name]) if name in CHART_WIDGET else None
    for _ in range(count):
        chosen, control, value = learner.next()
        old = control.value
        before = [h.value for h in outputs]
        chart_before = chart.value if chart is not None else None
        t0 = time.perf_counter()
        control.value = value
        elapsed = time.perf_counter() - t0
        if all(a is b or a == b for a, b in zip(before, (h.value for h in outputs), strict=True)):
            unchanged += 1
        if chart is not None and chart.value and chart.value != chart_before:
            drawn.append(elapsed)
        empty += learner.changed(chosen, old)
        updates.append(elapsed)
        per_control.setdefault(chosen, []).append(elapsed)
        state = naive.state()
        t0 = time.perf_counter()
        naive(state)
        baseline.append(time.perf_counter() - t0)
    plt.close("all")
    return {
        "build": build,
        "updates": updates,
        "baseline": baseline,
        "per_control": per_control,
        "unchanged": unchanged,
        "empty": empty,
        "drawn": drawn,
    }


def profile(name: str, count: int, seed: int) -> tuple[pstats.Stats, float, int]:
    """cProfile over ``count`` further changes (only the ``.value`` assignments)."""
    view = getattr(glutelab, name)()
    texts = texts_for(name)
    profiler = cProfile.Profile()
    wall = 0.0
    learner = Learner(view, name, random.Random(seed), texts)
    for _ in range(count):
        chosen, control, value = learner.next()
        old = control.value
        t0 = time.perf_counter()
        profiler.enable()
        control.value = value
        profiler.disable()
        wall += time.perf_counter() - t0
        learner.changed(chosen, old)
    return pstats.Stats(profiler), wall, count


def where(func: tuple[str, int, str]) -> str:
    filename, line, function = func
    if filename == "~":
        return function
    for marker in ("site-packages" + os.sep, "lib" + os.sep + "python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    else:
        filename = os.path.relpath(filename, start=os.path.dirname(os.path.dirname(__file__)))
    return f"{filename}:{line}({function})"


def top_entries(stats: pstats.Stats, n: int = 15) -> list[dict[str, Any]]:
    stats.sort_stats("cumulative")
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = []
    for func in stats.fcn_list[:n]:  # type: ignore[attr-defined]
        cc, nc, tt, ct, _ = raw[func]
        rows.append(
            {"function": where(func), "ncalls": nc, "tottime": tt, "cumtime": ct, "primitive": cc}
        )
    return rows


PNG_PATTERNS = ("(png)", "(savefig)")
"""Functions that produce an update's PNG: ``Chart.png`` and the other ``png`` methods of the
package (``glutelab/style.py``, ``glutelab/emg_plots.py``), which draw on the figure's Agg
canvas and encode the pixels; ``Figure.savefig`` only for a chart at another dpi. They nest
(one ``png`` calls another), so the outermost one, with the largest cumulative time, counts."""


def png_entry(raw: dict[Any, Any]) -> tuple[float, int]:
    """(cumulative seconds, calls) of the outermost PNG-producing function in a profile.

    ``raw`` is ``pstats.Stats.stats``: function -> (primitive calls, calls, own time,
    cumulative time, callers). (0.0, 0) when the profile made no PNG.
    """
    hits = [v for f, v in raw.items() if any(p in where(f) for p in PNG_PATTERNS)]
    if not hits:
        return 0.0, 0
    outer = max(hits, key=lambda v: v[3])
    return float(outer[3]), int(outer[0])


def draws_per_png(raw: dict[Any, Any]) -> float:
    """How many times ``Figure.draw`` ran per PNG made (NaN when no PNG was made)."""
    draws = sum(v[1] for f, v in raw.items() if f[2] == "draw" and f[0].endswith("figure.py"))
    _, pngs = png_entry(raw)
    return draws / pngs if pngs else float("nan")


HOT_SPOTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # key: (words, "cum" = largest cumulative time of a match | "own" = summed own time, patterns)
    "png": ("PNG render (`Chart.png`)", "cum", PNG_PATTERNS),
    "layout": ("constrained layout", "cum", ("(do_constrained_layout)",)),
    "text": ("text layout (`Text._get_layout`)", "cum", ("text.py:", "(_get_layout)")),
    "glyphs": ("FreeType glyph work (`ft2font`, own time)", "own", ("ft2font",)),
    "encode": (
        "PNG compression (`encode_png`'s deflate or Pillow's encoder, own time)",
        "own",
        ("ImagingEncoder", "isal_zlib.compress", "zlib.compress"),
    ),
    "build": (
        "building the chart's artists",
        "cum",
        ("(ranked_chart)", "(pipeline_chart)", "(hip_diagram)", "(empty_chart)"),
    ),
    "clear": ("`Figure.clear`", "cum", ("figure.py:", "(clear)")),
    "pipeline": ("signal processing (`run_pipeline`)", "cum", ("(run_pipeline)",)),
    "rows": ("filtering rows (pandas)", "cum", ("(filter_evidence)", "(myth_rows)")),
    "html": ("tables and cards as HTML", "cum", ("(ranked_table_html)", "(citation_card_html)")),
}


def hot_spots(stats: pstats.Stats, total: float) -> dict[str, float]:
    """Share of the profiled time of each hot spot that occurs (see ``HOT_SPOTS``)."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    shares = {}
    for key, (_, mode, patterns) in HOT_SPOTS.items():
        if key in ("text", "clear"):  # file and function name must both match
            hits = [v for f, v in raw.items() if all(p in where(f) for p in patterns)]
        else:
            hits = [v for f, v in raw.items() if any(p in where(f) for p in patterns)]
        seconds = sum(v[2] for v in hits) if mode == "own" else max((v[3] for v in hits), default=0)
        if seconds > 0:
            shares[key] = seconds / total
    return shares


def explain(
    worst: str, shares: dict[str, float], per_update: float, p50_ratio: float, draws: float
) -> str:
    """One paragraph: where an update's time goes, and what would reduce it."""

    def pct(key: str) -> str:
        return f"{100 * shares.get(key, 0.0):.0f}%"

    own = 1 - shares.get("png", 0) - shares.get("build", 0) - shares.get("clear", 0)
    what = {
        "emg_pipeline_explorer": "simulating and filtering both trials (`run_pipeline`, "
        f"{pct('pipeline')})",
        "exercise_explorer": f"filtering and ranking the rows ({pct('rows')}) and the table HTML",
        "myth_explorer": f"selecting the myth's rows ({pct('rows')}) and the text HTML",
        "anatomy_explorer": "the fact card",
        "citation_audit_explorer": "filtering the audit and writing the table and card HTML",
    }[worst]
    text = (
        f"**Where the time goes.** In `{worst}()` (about {ms(per_update)} per profiled update, "
        f"profiler overhead included) {pct('png')} of an update is making its PNG "
        f"(`Chart.png()`: drawing the figure on its canvas and encoding the pixels). "
        f"`Figure.draw` runs {draws:.1f} times per PNG"
        + (
            ": because the figure has a layout engine, `savefig` first draws it with rendering "
            "disabled so that constrained layout can measure every text and solve the layout, "
            "then draws it for real. "
            if draws >= 1.5
            else " (only the layers that changed are drawn, artist by artist). "
            if draws < 0.5
            else ". "
        )
        + f"Constrained layout is {pct('layout')}, "
        f"text layout alone (`Text._get_layout`) is {pct('text')}, FreeType glyph "
        f"rasterisation and metrics take {pct('glyphs')} (own time), and the PNG encoder "
        f"{pct('encode')}. Building the artists after `figure.clear()` is "
        f"{pct('build')}; everything else ({what}, traitlets, base64) is "
        + (f"about {100 * own:.0f}%" if own >= 0.005 else "under 1%")
        + (
            ". So the update is bound by rasterising the figure to PNG. "
            if shares.get("png", 0) >= 0.5
            else f". So making the PNG is the largest single part of an update ({pct('png')}). "
        )
        + "The naive baseline "
        "does that too, and also creates a new figure, lays it out and draws all of it, "
        f"hence a p50 ratio of {p50_ratio:.2f}x for this explorer. What is left to take off "
        "is the rasterising itself: states shown before are served from saved pictures, "
        "and the ranked charts of the exercise and myth explorers are drawn by the browser "
        "(`glutelab.html_charts`), which moves that work out of the kernel."
    )
    return text


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--changes", type=int, default=100, help="timed changes per explorer")
    p.add_argument("--profile-changes", type=int, help="profiled changes (default 40, quick 25)")
    p.add_argument("--only", nargs="*", choices=EXPLORERS, help="measure only these explorers")
    p.add_argument("--seed", type=int, default=20240611)
    args = p.parse_args()
    started = time.perf_counter()
    names = args.only or list(EXPLORERS)
    results: dict[str, dict[str, Any]] = {}
    for index, name in enumerate(names):
        print(f"{name}: {args.changes} changes ...", flush=True)
        results[name] = measure(name, args.changes, args.seed + index)
        u, b = summary(results[name]["updates"]), summary(results[name]["baseline"])
        print(
            f"  update p50 {ms(u['median'])} p95 {ms(u['p95'])}; "
            f"baseline p50 {ms(b['median'])} p95 {ms(b['p95'])}",
            flush=True,
        )

    result = Result(name="widget_latency", title="Widget update latency")
    rows = []
    for name in names:
        r = results[name]
        u, b = summary(r["updates"]), summary(r["baseline"])
        p95_ratio = ratio(u["p95"], b["p95"])
        p50_ratio = ratio(u["median"], b["median"])
        ok_abs = u["p95"] * 1000 <= P95_MS
        ok_rel = p95_ratio <= MAX_RATIO
        d = summary(r["drawn"])
        rows.append(
            [
                f"`{name}()`",
                ms(r["build"]),
                len(r["updates"]),
                ms(u["median"]),
                ms(u["p95"]),
                ms(u["max"]),
                f"{d['n']}: {ms(d['median'])} / {ms(d['p95'])}" if d["n"] else "no chart",
                ms(b["median"]),
                ms(b["p95"]),
                f"{p50_ratio:.2f}x",
                f"{p95_ratio:.2f}x",
                "PASS" if ok_abs and ok_rel else "FAIL",
            ]
        )
        result.figures.append(
            Figure(
                name=f"{name}: update p50",
                unit="ms",
                measured=u["median"] * 1000,
                baseline=b["median"] * 1000,
                note=f"n = {u['n']}",
            )
        )
        result.figures.append(
            Figure(
                name=f"{name}: update p95",
                unit="ms",
                measured=u["p95"] * 1000,
                baseline=b["p95"] * 1000,
                max_value=P95_MS,
                max_ratio=MAX_RATIO,
                note=f"n = {u['n']}",
            )
        )
    control_rows = []
    for name in names:
        for control, times in sorted(results[name]["per_control"].items()):
            s = summary(times)
            control_rows.append(
                [f"`{name}`", f"`{control}`", s["n"], ms(s["median"]), ms(s["p95"])]
            )

    worst = max(names, key=lambda n: summary(results[n]["updates"])["p95"])
    profile_count = args.profile_changes or (25 if args.quick else 40)
    print(f"profiling {worst}: {profile_count} changes ...", flush=True)
    stats, wall, count = profile(worst, profile_count, args.seed + 777)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    profiled_total = max((v[3] for v in raw.values()), default=wall)
    entries = top_entries(stats)
    shares = hot_spots(stats, profiled_total)
    stats.sort_stats("tottime")
    leaf_rows = []
    for func in stats.fcn_list[:10]:  # type: ignore[attr-defined]
        _, nc, tt, _, _ = raw[func]
        leaf_rows.append([f"`{where(func)}`", nc, f"{tt:.3f}", f"{100 * tt / profiled_total:.0f}%"])
    profile_rows = [
        [
            i + 1,
            f"`{e['function']}`",
            e["ncalls"] if e["ncalls"] == e["primitive"] else f"{e['ncalls']}/{e['primitive']}",
            f"{e['tottime']:.3f}",
            f"{e['cumtime']:.3f}",
            f"{100 * e['cumtime'] / profiled_total:.0f}%",
        ]
        for i, e in enumerate(entries)
    ]
    shares_text = "; ".join(
        f"{HOT_SPOTS[key][0]} {100 * share:.0f}%" for key, share in shares.items()
    )
    result.markdown = "\n\n".join(
        [
            "## 4. Widget update latency (Python side)\n\n"
            f"{args.changes} seeded random control changes per explorer after {WARMUP} untimed "
            "warm-up changes (drop-downs jump to any option, sliders move 1-4 steps, check "
            "boxes flip, text boxes get a client phrase or search word); each is timed from "
            "`control.value = new` until the observer returns. "
            "The naive baseline redraws the same state right after each change (new figure, "
            "PNG with `bbox_inches='tight'`, base64 into an HTML widget; the audit explorer, "
            "which has no chart, is compared with `study_chart`). *Build* is constructing the "
            "explorer once. *Chart redrawn* restricts the update times to the changes after "
            "which the chart's `<img>` was replaced (the others showed a message or the same "
            "chart); the targets use all changes. This is the Python half of what a learner "
            "waits for: the browser's share (comm message, decoding and laying out the PNG) is "
            "measured separately.",
            table(
                [
                    "Explorer",
                    "Build",
                    "Changes",
                    "Update p50",
                    "Update p95",
                    "Update max",
                    "Chart redrawn: n, p50 / p95",
                    "Baseline p50",
                    "Baseline p95",
                    "p50 ratio",
                    "p95 ratio",
                    "Target",
                ],
                rows,
            ),
            "Changes that left the view saying *nothing matches* / *cannot process* (the next "
            "change then undoes it, as a learner would): "
            + ", ".join(f"`{n}` {results[n]['empty']}" for n in names)
            + ". Changes after which no HTML value differed (e.g. a phrase that matches the myth "
            "already shown, a filter that keeps the same rows still redraws the same PNG): "
            + ", ".join(f"`{n}` {results[n]['unchanged']}" for n in names)
            + ".",
            "<details><summary>Per control</summary>\n\n"
            + table(["Explorer", "Control", "Changes", "p50", "p95"], control_rows)
            + "\n\n</details>",
            f"### Profile of the slowest explorer: `{worst}()`\n\n"
            f"cProfile over {count} further seeded changes: {profiled_total:.2f} s in the "
            f"profiled calls, {ms(profiled_total / count)} per update with the profiler on "
            f"(unprofiled p50 {ms(summary(results[worst]['updates'])['median'])}; shares are what "
            "matter). Top 15 entries by cumulative time (share = cumulative / total profiled "
            "time):",
            table(["#", "Function", "Calls", "tottime (s)", "cumtime (s)", "Share"], profile_rows),
            "Top 10 by own time (leaves):",
            table(["Function", "Calls", "tottime (s)", "Share"], leaf_rows),
            f"Hot spots (share of the profiled update time; cumulative unless marked): "
            f"{shares_text}.",
            explain(
                worst,
                shares,
                profiled_total / count,
                ratio(
                    summary(results[worst]["updates"])["median"],
                    summary(results[worst]["baseline"])["median"],
                ),
                draws_per_png(raw),
            ),
        ]
    )
    result.data = {
        "results": {
            n: {k: v for k, v in r.items() if k != "per_control"} for n, r in results.items()
        },
        "per_control": {n: r["per_control"] for n, r in results.items()},
        "worst": worst,
        "profile_top": entries,
        "profile_total": profiled_total,
        "hot_spots": shares,
    }
    finish(result, args.json, started)


if __name__ == "__main__":
    sys.exit(main())
