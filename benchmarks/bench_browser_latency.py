"""Benchmark 6: widget latency in a real browser (JupyterLab + Chromium), versus naive interact.

For each explorer (anatomy 01, scenario 02, myth 03, exercise 04, EMG pipeline 06 on its
simulated signal and, as ``emg_recorded``, on the recorded walking trial, citation audit 07)
the script writes a temporary notebook (never into ``notebooks/``) with three cells:
``%matplotlib inline``; the explorer, instrumented by ``_latency_kernel.Bench``; and the naive
baseline, ``_latency_kernel.Baseline`` (``ipywidgets.interact`` that redraws the same chart with
the same glutelab chart function into a new figure on every change). It starts a private
JupyterLab (``tests/browser/lab.py``: temporary Jupyter dirs, no network, no saving, kernel
websockets as ``make course`` has them), opens the notebook in Debian's Chromium with
Playwright, runs all cells, then makes the changes.

One change, measured inside the page: ``performance.now()``, then the control is changed the
way the browser's own events change it (a drop-down's ``change`` event, a slider readout's
typed value + Enter, a click on a check box, a text box's ``change``), and a
``MutationObserver`` records when each HTML widget of the view is replaced. The kernel-side
probe says which HTML widgets the change altered (and how often); the update is complete when
all of them have been replaced in the DOM, so the figure is the time of the *last* one (text,
chart ``<img>``, or the charts the browser draws: the myth and exercise explorers' HTML chart,
the hip mechanics explorer's SVG over its picture of the bones). *Painted* adds decoding a new
PNG and the next animation frame. No fixed waits: the page waits on DOM
mutations, with a timeout that counts as a failure.

Changes: the anatomy, scenario and myth explorers have a handful of states, so they cycle
through all of them (the myth explorer every third time through a client phrase typed into
its text box); after two passes the explorer is replaced by a fresh instance (button in the
notebook), so first visits (an empty cache) and revisits (cached, if the explorer caches) are
both measured. The exercise, EMG and audit explorers get seeded random changes (a drop-down
jumps to another option, a slider moves 1-4 steps, a check box flips, a text box gets a
phrase); every fourth change undoes the previous one (a revisit), and a change that leaves the
view saying "nothing matches" / "cannot process" is undone by the next one. Disabled
controls are left alone. Changes after which no part of the view changed are counted but not
timed (there is no update to wait for).

Baseline: right after each change of the explorer (every third with ``--quick``), the
baseline's *Step* drop-down moves to the state the explorer now shows, in the same page and
kernel; it is timed the same way (until its new ``<img>``, or its new text when there is no
chart, is in the DOM). Targets: p95 <= 100 ms and p95 <= 0.5x the baseline's p95.

Usage: .venv/bin/python benchmarks/bench_browser_latency.py [--quick] [--changes N]
       [--baseline-every N] [--only NAME ...] [--json FILE]
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from _common import (
    BENCH,
    Result,
    finish,
    ms,
    parser,
    percentile,
    project_module,
    ratio,
    summary,
    table,
)
from _latency_kernel import FACTORY_ARGS
from report import Figure

P95_MS = 100.0
MAX_RATIO = 0.5
EXPLORERS = {
    # name: (factory, course notebook, strategy)
    "anatomy": ("anatomy_explorer", "01_anatomy", "cycle"),
    "scenario": ("scenario_explorer", "02_weakness_motor_control_inhibition", "cycle"),
    "myth": ("myth_explorer", "03_myths_vs_evidence", "cycle"),
    "exercise": ("exercise_explorer", "04_emg_evidence", "random"),
    "emg": ("emg_pipeline_explorer", "06_emg_methods", "random"),
    # the same explorer switched to the recorded walking trial: cycle, muscle and processing
    "emg_recorded": ("emg_pipeline_explorer", "06_emg_methods", "random"),
    "audit": ("citation_audit_explorer", "07_checking_a_source", "random"),
    "programme": ("programme_builder", "11_programming_and_cueing", "cycle"),
    "hip": ("hip_mechanics_explorer", "08_hip_mechanics", "random"),
}


def call(name: str) -> str:
    """How a notebook calls the explorer ``name``: ``emg_pipeline_explorer(signal="recorded")``."""
    arguments = ", ".join(f"{k}={v!r}" for k, v in FACTORY_ARGS.get(name, {}).items())
    return f"{EXPLORERS[name][0]}({arguments})".replace("'", '"')


def figure_name(name: str) -> str:
    """The explorer's name in figure names: its factory, and the signal when it is not the
    default one (the two EMG rows must not share a name)."""
    signal = FACTORY_ARGS.get(name, {}).get("signal")
    return EXPLORERS[name][0] + (f" ({signal} signal)" if signal else "")


LEFT_ALONE = {"emg": {"signal"}, "emg_recorded": {"signal"}}
"""Controls a random explorer never changes: each EMG case stays on its own signal (the
simulated one, or the recording), so that each row measures one kind of update."""
PASSES = 2
"""Cycling explorers: passes through every state per instance (the first pass: first visits)."""
UNDO_EVERY = 4
"""Random explorers: every fourth change undoes the previous one (a revisit)."""
VIEWPORT = {"width": 1366, "height": 1000}
STEP_TIMEOUT_MS = 30_000
KERNEL_CODE = BENCH / "_latency_kernel.py"

# --- the page side ---------------------------------------------------------------------------

FRAME_JS = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"

SUBJECT_JS = """
async ([area, action, timeoutMs]) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const subject = area.querySelector('.bench-subject');
  const probeBox = area.querySelector('.bench-probe .widget-html-content');
  const readProbe = () => JSON.parse(probeBox.textContent);
  const before = readProbe();
  subject.scrollIntoView({block: 'start'});
  await frame(); await frame();
  const contents = [...subject.querySelectorAll('.widget-html-content, img.widget-image')];
  const imgOf = el => el.tagName === 'IMG' ? el : el.querySelector('img');
  if (contents.length !== before.n_html) {
    return {error: `the page shows ${contents.length} HTML/Image widgets, `
                   + `the kernel has ${before.n_html}`};
  }
  const selector = {dropdown: 'select', slider: '.widget-readout',
                    checkbox: 'input[type=checkbox]', text: 'input[type=text]'}[action.kind];
  const control = subject.querySelectorAll(selector)[action.ordinal];
  if (!control) return {error: `no ${action.kind} number ${action.ordinal} in the page`};
  const index = new Map(contents.map((c, i) => [c, i]));
  const oldSrc = contents.map(c => { const i = imgOf(c); return i && i.src; });
  const seen = new Map();
  let info = null, probeAt = null, finished = false, timer = null, t0 = 0;
  return await new Promise(resolve => {
    const complete = () => info !== null && Object.entries(info.changed).every(
      ([i, n]) => seen.has(+i) && seen.get(+i).count >= n);
    const finish = async (timedOut) => {
      finished = true;
      observer.disconnect();
      clearTimeout(timer);
      const result = {timedOut, info, probe: probeAt === null ? null : probeAt - t0};
      if (timedOut) { resolve(result); return; }
      let last = probeAt;
      if (Object.keys(info.changed).length) {
        last = Math.max(...Object.keys(info.changed).map(i => seen.get(+i).last));
      }
      result.view = last - t0;
      result.srcSame = info.img.filter(i => {
        const img = imgOf(contents[i]);
        return !img || img.src === oldSrc[i];
      });
      const imgs = info.img.map(i => imgOf(contents[i])).filter(Boolean);
      await Promise.all(imgs.map(img => img.decode().catch(() => null)));
      await frame();
      result.paint = performance.now() - t0;
      resolve(result);
    };
    const observer = new MutationObserver(records => {
      const now = performance.now();
      let probed = false;
      for (const r of records) {
        const i = index.get(r.target);
        const replaced = r.type === 'childList' || r.attributeName === 'src';
        if (i !== undefined && replaced) {
          const s = seen.get(i) || {count: 0, last: 0};
          s.count += 1; s.last = now; seen.set(i, s);
        } else if (probeBox.contains(r.target) || r.target === probeBox) {
          probed = true;
        }
      }
      if (probed && info === null) {
        const p = readProbe();
        if (p.seq > before.seq) { info = p; probeAt = now; }
      }
      if (!finished && complete()) finish(false);
    });
    observer.observe(area, {subtree: true, childList: true, characterData: true,
                            attributes: true, attributeFilter: ['src']});
    timer = setTimeout(() => finish(true), timeoutMs);
    t0 = performance.now();
    if (action.kind === 'dropdown') {
      control.selectedIndex = action.index;
      control.dispatchEvent(new Event('change', {bubbles: true}));
    } else if (action.kind === 'slider') {
      control.textContent = action.text;
      control.dispatchEvent(new KeyboardEvent('keydown',
        {key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true}));
    } else if (action.kind === 'checkbox') {
      control.click();
    } else {
      control.value = action.text;
      control.dispatchEvent(new Event('change', {bubbles: true}));
    }
  });
}
"""

BASELINE_JS = """
async ([area, probeArea, step, timeoutMs]) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const probeBox = probeArea.querySelector('.widget-html-content');
  const select = area.querySelector('select');
  const out = area.querySelector('.widget-output') || area;
  area.scrollIntoView({block: 'start'});
  await frame(); await frame();
  const oldImg = out.querySelector('img');
  const oldText = out.querySelector('.jp-RenderedHTMLCommon');
  let info = null, imgAt = null, textAt = null, finished = false, timer = null, t0 = 0;
  return await new Promise(resolve => {
    const finish = async (timedOut) => {
      finished = true;
      observer.disconnect();
      clearTimeout(timer);
      const result = {timedOut, info};
      if (!timedOut) {
        result.view = (info.img ? imgAt : textAt) - t0;
        const img = out.querySelector('img');
        if (img) await img.decode().catch(() => null);
        await frame();
        result.paint = performance.now() - t0;
      }
      resolve(result);
    };
    const observer = new MutationObserver(() => {
      const now = performance.now();
      const img = out.querySelector('img');
      const text = out.querySelector('.jp-RenderedHTMLCommon');
      if (imgAt === null && img && img !== oldImg && img.getAttribute('src')) imgAt = now;
      if (textAt === null && text && text !== oldText) textAt = now;
      if (info === null && probeBox.textContent) {
        const p = JSON.parse(probeBox.textContent);
        if (p.step === step) info = p;
      }
      if (!finished && info !== null && (info.img ? imgAt !== null : textAt !== null && !img)) {
        finish(false);
      }
    });
    observer.observe(area, {subtree: true, childList: true, attributes: true});
    observer.observe(probeArea, {subtree: true, childList: true, characterData: true});
    timer = setTimeout(() => finish(true), timeoutMs);
    t0 = performance.now();
    select.selectedIndex = step;
    select.dispatchEvent(new Event('change', {bubbles: true}));
  });
}
"""


# --- the notebooks ---------------------------------------------------------------------------


def write_notebook(folder: Path, name: str, steps: int) -> str:
    """A temporary notebook: %matplotlib inline, the explorer, the baseline; its file name."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            "%matplotlib inline\nfrom _latency_kernel import Baseline, Bench"
        ),
        nbformat.v4.new_code_cell(f"bench = Bench({name!r})\nbench.show()"),
        nbformat.v4.new_code_cell(f"Baseline(bench, steps={steps}).show()"),
    ]
    path = folder / f"latency_{name}.ipynb"
    nbformat.write(nb, path)
    return path.name


# --- choosing changes ------------------------------------------------------------------------


@dataclass
class Action:
    kind: str
    ordinal: int
    """Which control of this kind (document order)."""
    name: str
    index: int | None = None
    text: str | None = None

    def js(self) -> dict[str, Any]:
        return {"kind": self.kind, "ordinal": self.ordinal, "index": self.index, "text": self.text}


def ordinals(controls: list[dict[str, Any]]) -> list[int]:
    counts: dict[str, int] = {}
    found = []
    for c in controls:
        found.append(counts.get(c["kind"], 0))
        counts[c["kind"]] = found[-1] + 1
    return found


def slider_text(control: dict[str, Any], value: float) -> str:
    return str(round(value)) if control["int"] else repr(round(value, 6))


def texts_for(name: str) -> list[str]:
    """What a learner might type into the explorer's text box."""
    import glutelab

    if name == "audit":
        audit = glutelab.load_citation_audit()
        words = sorted(
            {t.strip(".,():") for s in audit["as_printed"] for t in s.split() if len(t) > 4}
        )
        return [*words, "", "Spine", "sitting", "Hollman", "zzz-no-match"]
    return []


class Chooser:
    """Picks the next change from the probe's description of the controls."""

    def __init__(self, name: str, rng: random.Random) -> None:
        self.name, self.rng = name, rng
        self.strategy = EXPLORERS[name][2]
        self.texts = texts_for(name)
        self.undo: Action | None = None
        self.count = 0
        self.wraps = 0
        self.initial: str | None = None
        if name == "myth":
            import glutelab

            self.myths = glutelab.load_myths()
            self.myth_ids = [str(i) for i in self.myths.index]
            self.match = glutelab.match_phrase

    def fresh(self, info: dict[str, Any]) -> None:
        """A new explorer instance is shown (or the first)."""
        self.initial, self.wraps, self.undo = info["view"], 0, None

    def needs_fresh(self, info: dict[str, Any]) -> bool:
        if self.strategy != "cycle":
            return False
        if info["view"] == self.initial and self.count > 0:
            self.wraps += 1
        return self.wraps >= PASSES

    def next(self, info: dict[str, Any]) -> Action:
        self.count += 1
        controls = info["controls"]
        order = ordinals(controls)
        if self.strategy == "cycle":
            return self._cycle(controls, order)
        return self._random(info, controls, order)

    def _dropdown(self, controls: list[dict[str, Any]], order: list[int], name: str) -> int:
        return next(i for i, c in enumerate(controls) if c["name"] == name)

    def _cycle(self, controls: list[dict[str, Any]], order: list[int]) -> Action:
        def step(i: int) -> Action:
            c = controls[i]
            return Action("dropdown", order[i], c["name"], index=(c["index"] + 1) % c["n"])

        if self.name == "anatomy":  # an odometer: every region of a muscle, then the next muscle
            muscle = self._dropdown(controls, order, "muscle")
            region = self._dropdown(controls, order, "region")
            r = controls[region]
            return step(region) if r["index"] < r["n"] - 1 else step(muscle)
        if self.name == "myth" and self.count % 3 == 0:  # what a client said, typed in
            myth = self._dropdown(controls, order, "myth")
            phrase = next(i for i, c in enumerate(controls) if c["kind"] == "text")
            target = self.myth_ids[(controls[myth]["index"] + 1) % controls[myth]["n"]]
            for text in self.myths.at[target, "client_phrases"]:
                found = self.match(str(text), self.myths)
                if found and found[0].myth_id == target and text != controls[phrase]["value"]:
                    return Action("text", order[phrase], "phrase", text=str(text))
            return step(myth)
        first = next(i for i, c in enumerate(controls) if c["kind"] == "dropdown")
        return step(self._dropdown(controls, order, "myth") if self.name == "myth" else first)

    def _random(
        self, info: dict[str, Any], controls: list[dict[str, Any]], order: list[int]
    ) -> Action:
        undo, self.undo = self.undo, None
        if undo is not None and (info["empty"] or self.count % UNDO_EVERY == 0):
            same = [
                c
                for c, o in zip(controls, order, strict=True)
                if c["kind"] == undo.kind and o == undo.ordinal
            ]
            c = same[0] if same else None
            if c is not None and not c["disabled"] and (undo.index is None or undo.index < c["n"]):
                return undo  # back to where it was: a revisit
        for _ in range(1000):
            left_alone = LEFT_ALONE.get(self.name, set())
            i = self.rng.choice(
                [
                    i
                    for i, c in enumerate(controls)
                    if not c["disabled"] and c["name"] not in left_alone
                ]
            )
            c, kind = controls[i], controls[i]["kind"]
            action, back = None, None
            if kind == "dropdown" and c["n"] > 1:
                new = self.rng.choice([k for k in range(c["n"]) if k != c["index"]])
                action = Action(kind, order[i], c["name"], index=new)
                back = Action(kind, order[i], c["name"], index=c["index"])
            elif kind == "slider":
                move = self.rng.randint(1, 4) * self.rng.choice((-1, 1))
                value = c["value"] + move * c["step"]
                if not c["min"] <= value <= c["max"]:
                    value = c["value"] - move * c["step"]
                value = min(max(value, c["min"]), c["max"])
                if abs(value - c["value"]) > 1e-9:
                    action = Action(kind, order[i], c["name"], text=slider_text(c, value))
                    back = Action(kind, order[i], c["name"], text=slider_text(c, c["value"]))
            elif kind == "checkbox":
                action = Action(kind, order[i], c["name"])
                back = action
            elif kind == "text":
                choices = [t for t in self.texts if t != c["value"]]
                if choices:
                    action = Action(kind, order[i], c["name"], text=self.rng.choice(choices))
                    back = Action(kind, order[i], c["name"], text=c["value"])
            if action is not None:
                self.undo = back
                return action
        raise RuntimeError(f"{self.name}: no control can be changed: {controls}")


# --- driving one explorer ----------------------------------------------------------------------


def read_probe(area: Any) -> dict[str, Any]:
    text = area.evaluate("a => a.querySelector('.bench-probe .widget-html-content').textContent")
    info: dict[str, Any] = json.loads(text)
    return info


def new_instance(lab: Any, area: Any, before: dict[str, Any]) -> dict[str, Any]:
    """Click the notebook's "New explorer" button; wait until the fresh view is drawn."""
    page = lab.page
    area.evaluate("a => a.querySelector('.bench-fresh button, button.bench-fresh').click()")
    page.wait_for_function(
        """([a, instance]) => {
            const p = JSON.parse(a.querySelector('.bench-probe .widget-html-content').textContent);
            if (p.instance <= instance) return false;
            const s = a.querySelector('.bench-subject');
            const c = s.querySelectorAll('.widget-html-content, img.widget-image');
            const imgOf = el => el.tagName === 'IMG' ? el : el.querySelector('img');
            return c.length === p.n_html
                && p.has_img.every((has, i) => !has || imgOf(c[i]) !== null);
        }""",
        arg=[area, before["instance"]],
        timeout=STEP_TIMEOUT_MS * 2,
    )
    page.evaluate(FRAME_JS)
    return read_probe(area)


def wait_idle(lab: Any, notebook: str, timeout: float = 120.0) -> None:
    """After a timeout: wait until the notebook's kernel is idle (server REST API)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for session in lab.server.api("GET", "/api/sessions"):
            if session["path"] == notebook and session["kernel"]["execution_state"] == "idle":
                return
        time.sleep(0.2)


def drive(
    lab: Any, helpers: Any, notebook: str, name: str, changes: int, every: int, seed: int
) -> dict[str, Any]:
    """Open the notebook, run it, make the changes; every timing, subject and baseline."""
    page = lab.page
    panel = helpers.open_notebook(lab, notebook)
    helpers.run_all_cells(lab, panel)
    helpers.wait_for_widgets(panel)
    errors = helpers.error_outputs(panel)
    if errors:
        raise RuntimeError(f"{notebook}: error output after Run All:\n" + "\n".join(errors))
    area = panel.locator(".bench-area").element_handle()
    baseline = panel.locator(".bench-baseline").element_handle()
    baseline_probe = panel.locator(".bench-baseline-probe").element_handle()
    info = read_probe(area)
    chooser = Chooser(name, random.Random(seed))
    chooser.fresh(info)
    seen_kernel = {info["view"]}
    seen_instance = {info["view"]}
    steps: list[dict[str, Any]] = []
    base: list[dict[str, Any]] = []
    instances = 1
    attempts = 0
    while sum(not s["noop"] and not s["timed_out"] for s in steps) < changes:
        attempts += 1
        if attempts > changes * 3:  # mostly changes that altered nothing: report what there is
            break
        if chooser.needs_fresh(info):
            info = new_instance(lab, area, info)
            instances += 1
            chooser.fresh(info)
            seen_instance = {info["view"]}
        action = chooser.next(info)
        result = page.evaluate(SUBJECT_JS, [area, action.js(), STEP_TIMEOUT_MS])
        if "error" in result:
            raise RuntimeError(f"{name}: {result['error']}")
        if result["timedOut"]:
            steps.append(
                {"control": action.name, "kind": action.kind, "timed_out": True, "noop": False}
            )
            print(f"  {name}: change {len(steps)} ({action.name}) timed out", flush=True)
            wait_idle(lab, notebook)
            info = read_probe(area)
            continue
        info = result["info"]
        state = info["view"]
        step = {
            "control": action.name,
            "kind": action.kind,
            "timed_out": False,
            "noop": not info["changed"],
            "view": result["view"],
            "paint": result["paint"],
            "probe": result["probe"],
            "kernel": info["kernel_ms"],
            "first_visit": state not in seen_instance,
            "new_in_kernel": state not in seen_kernel,
            "chart": bool(info["charts"]),
            "src_same": len(result["srcSame"]),
            "empty": info["empty"],
        }
        seen_instance.add(state)
        seen_kernel.add(state)
        steps.append(step)
        if not step["noop"] and len(steps) % every == 0:
            b = page.evaluate(
                BASELINE_JS, [baseline, baseline_probe, info["baseline_index"], STEP_TIMEOUT_MS]
            )
            if b["timedOut"]:
                base.append({"timed_out": True})
                print(f"  {name}: baseline step {info['baseline_index']} timed out", flush=True)
                wait_idle(lab, notebook)
            else:
                base.append(
                    {
                        "timed_out": False,
                        "view": b["view"],
                        "paint": b["paint"],
                        "img": b["info"]["img"],
                    }
                )
        if len(steps) % 25 == 0:
            done = [s["view"] for s in steps if not s["noop"] and not s["timed_out"]]
            print(f"  {name}: {len(done)} changes, p50 {statistics_ms(done)}", flush=True)
    return {
        "steps": steps,
        "baseline": base,
        "instances": instances,
        "kernel_time_complete": info.get("kernel_time_complete", False),
        "console_errors": list(lab.console.errors),
    }


def statistics_ms(values: list[float]) -> str:
    return f"{percentile(values, 50):.0f} ms" if values else "-"


# --- the report -------------------------------------------------------------------------------


def summarise(name: str, r: dict[str, Any]) -> dict[str, Any]:
    real = [s for s in r["steps"] if not s["timed_out"] and not s["noop"]]
    b_ok = [b for b in r["baseline"] if not b["timed_out"]]

    def sec(values: list[float]) -> dict[str, float]:
        return summary([v / 1000 for v in values])

    out = {
        "all": sec([s["view"] for s in real]),
        "paint": sec([s["paint"] for s in real]),
        "first": sec([s["view"] for s in real if s["first_visit"]]),
        "revisit": sec([s["view"] for s in real if not s["first_visit"]]),
        "new_in_kernel": sec([s["view"] for s in real if s["new_in_kernel"]]),
        "chart": sec([s["view"] for s in real if s["chart"]]),
        "kernel": sec([s["kernel"] for s in real if s["kernel"] is not None]),
        "kernel_first": sec([s["kernel"] for s in real if s["first_visit"] and s["chart"]]),
        "kernel_revisit": sec([s["kernel"] for s in real if not s["first_visit"] and s["chart"]]),
        "overhead": sec([s["view"] - s["kernel"] for s in real if s["kernel"] is not None]),
        "baseline": sec([b["view"] for b in b_ok]),
        "baseline_paint": sec([b["paint"] for b in b_ok]),
        "timeouts": sum(s["timed_out"] for s in r["steps"])
        + sum(b["timed_out"] for b in r["baseline"]),
        "noop": sum(s["noop"] for s in r["steps"]),
        "empty": sum(s["empty"] for s in real),
        "charts": sum(s["chart"] for s in real),
        "src_same": sum(s["src_same"] for s in real),
    }
    k1, k2 = out["kernel_first"], out["kernel_revisit"]
    out["caches"] = None if not (k1["n"] and k2["n"]) else bool(k2["median"] < 0.5 * k1["median"])
    per_control: dict[str, list[float]] = {}
    for s in real:
        per_control.setdefault(s["control"], []).append(s["view"] / 1000)
    out["per_control"] = {c: summary(v) for c, v in per_control.items()}
    return out


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--changes", type=int, default=100, help="timed changes per explorer")
    p.add_argument(
        "--baseline-every", type=int, help="time the baseline after every Nth change (1; quick 3)"
    )
    p.add_argument("--only", nargs="*", choices=list(EXPLORERS), help="measure only these")
    p.add_argument("--seed", type=int, default=20240611)
    args = p.parse_args()
    # run_all.py's timeout sends SIGTERM: end like Ctrl+C, so `finally` stops the server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    every = args.baseline_every or (3 if args.quick else 1)
    names = args.only or list(EXPLORERS)
    lab_module = project_module("tests.browser.lab")
    if not lab_module.CHROMIUM.exists():
        sys.exit(f"needs Chromium at {lab_module.CHROMIUM} (make browser-deps)")
    helpers = project_module("tests.browser.helpers")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)
    results: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="glutelab-browser-latency-") as tmp:
        root, home = Path(tmp) / "root", Path(tmp) / "home"
        root.mkdir()
        home.mkdir()
        shutil.copy(KERNEL_CODE, root / KERNEL_CODE.name)
        notebooks = {n: write_notebook(root, n, 2 * args.changes + 100) for n in names}
        server = lab_module.start_lab(home, root_dir=root)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(lab_module.CHROMIUM),
                    args=lab_module.CHROMIUM_ARGS,
                    headless=True,
                )
                try:
                    for index, name in enumerate(names):
                        print(
                            f"{name} ({EXPLORERS[name][0]}): {args.changes} changes, "
                            f"baseline every {every} ...",
                            flush=True,
                        )
                        context = browser.new_context(viewport=VIEWPORT)
                        context.set_default_timeout(120_000)
                        page = context.new_page()
                        console = helpers.ConsoleLog()
                        console.attach(page)
                        lab = helpers.LabPage(page=page, server=server, console=console)
                        try:
                            results[name] = drive(
                                lab,
                                helpers,
                                notebooks[name],
                                name,
                                args.changes,
                                every,
                                args.seed + index,
                            )
                        except Exception as error:  # report it, go on with the next one
                            traceback.print_exc()
                            errors[name] = f"{type(error).__name__}: {str(error)[:300]}"
                        finally:
                            context.close()
                            server.shutdown_kernels()
                        if name in results:
                            s = summarise(name, results[name])
                            print(
                                f"  {name}: p50 {ms(s['all']['median'])} p95 {ms(s['all']['p95'])}"
                                f"; baseline p50 {ms(s['baseline']['median'])} "
                                f"p95 {ms(s['baseline']['p95'])}",
                                flush=True,
                            )
                finally:
                    browser.close()
        finally:
            server.stop()
    report(names, results, errors, args, every, started)


def figures(explorer: str, s: dict[str, Any]) -> list[Figure]:
    """An explorer's rows: all changes (the target), first visits and revisits apart.

    Each is compared with the baseline's p50 / p95 over the whole run (the baseline draws
    every state anew, so it has no revisits). Timeouts are an error.
    """
    a, b = s["all"], s["baseline"]
    error = f"{s['timeouts']} change(s) timed out" if s["timeouts"] else ""
    if not (a["n"] and b["n"]):
        error = error or "nothing measured"
    rows = [
        Figure(
            name=f"{explorer}: p95, all changes",
            unit="ms",
            measured=a["p95"] * 1000,
            baseline=b["p95"] * 1000,
            max_value=P95_MS,
            max_ratio=MAX_RATIO,
            note=f"n = {a['n']}",
            error=error,
        )
    ]
    for key, words in (
        ("first", "first visits"),
        ("new_in_kernel", "states new in the kernel"),
        ("revisit", "revisits"),
    ):
        part = s[key]
        if not part["n"] or (key == "new_in_kernel" and part["n"] == s["first"]["n"]):
            continue  # (one instance: the states new in the kernel are its first visits)
        rows.append(
            Figure(
                name=f"{explorer}: p50, {words}",
                unit="ms",
                measured=part["median"] * 1000,
                baseline=b["median"] * 1000,
                note=f"n = {part['n']}",
            )
        )
        rows.append(
            Figure(
                name=f"{explorer}: p95, {words}",
                unit="ms",
                measured=part["p95"] * 1000,
                baseline=b["p95"] * 1000,
                max_value=P95_MS,
                note=f"n = {part['n']}",
            )
        )
    return rows


def report(
    names: list[str],
    results: dict[str, dict[str, Any]],
    errors: dict[str, str],
    args: Any,
    every: int,
    started: float,
) -> None:
    result = Result(name="browser_latency", title="Widget latency in the browser")
    rows, split_rows, detail_rows, control_rows = [], [], [], []
    summaries = {n: summarise(n, results[n]) for n in names if n in results}
    for name in names:
        label = f"`{call(name)}` ({EXPLORERS[name][1][:2]})"
        if name not in summaries:
            rows.append([label, "ERROR", "", "", "", "", "", "", "", "**ERROR**"])
            result.figures.append(
                Figure(
                    name=f"{figure_name(name)}: p95, all changes",
                    unit="ms",
                    measured=float("nan"),
                    max_value=P95_MS,
                    max_ratio=MAX_RATIO,
                    error=errors.get(name, "not measured"),
                )
            )
            continue
        s = summaries[name]
        a, b = s["all"], s["baseline"]
        p95_ratio, p50_ratio = ratio(a["p95"], b["p95"]), ratio(a["median"], b["median"])
        ok = (
            a["n"] > 0
            and b["n"] > 0
            and a["p95"] * 1000 <= P95_MS
            and p95_ratio <= MAX_RATIO
            and not s["timeouts"]
        )
        rows.append(
            [
                label,
                a["n"],
                ms(a["median"]),
                ms(a["p95"]),
                ms(s["paint"]["p95"]),
                b["n"],
                ms(b["median"]),
                ms(b["p95"]),
                f"{p50_ratio:.2f}x / {p95_ratio:.2f}x",
                f"**{'PASS' if ok else 'FAIL'}**",
            ]
        )

        def cell(x: dict[str, float]) -> str:
            return f"{x['n']}: {ms(x['median'])} / {ms(x['p95'])}" if x["n"] else "-"

        split_rows.append(
            [
                label,
                {True: "yes", False: "no", None: "no chart"}[s["caches"]],
                cell(s["first"]),
                cell(s["revisit"]),
                cell(s["new_in_kernel"]),
                cell(s["chart"]),
                results[name]["instances"],
            ]
        )
        detail_rows.append(
            [
                label,
                cell(s["kernel"]),
                ms(s["overhead"]["median"]),
                s["charts"],
                s["empty"],
                s["noop"],
                s["timeouts"],
                s["src_same"],
                ms(s["baseline_paint"]["p95"]),
            ]
        )
        for control, c in sorted(s["per_control"].items()):
            control_rows.append([label, f"`{control}`", c["n"], ms(c["median"]), ms(c["p95"])])
        result.figures += figures(figure_name(name), s)
    import playwright

    try:
        from importlib.metadata import version

        pw = version("playwright")
    except Exception:  # pragma: no cover - playwright is importable, so it has metadata
        pw = getattr(playwright, "__version__", "?")
    chromium = "unknown"
    try:
        import subprocess

        lab_module = project_module("tests.browser.lab")
        chromium = subprocess.run(
            [str(lab_module.CHROMIUM), "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    result.markdown = "\n\n".join(
        [
            "## 6. Widget latency in the browser\n\n"
            f"JupyterLab with headless {chromium} (Playwright {pw}), the server started as "
            "`make course` starts it (kernel websockets with Nagle's algorithm off, "
            "`glutelab/websocket.py`), one temporary notebook per explorer holding the "
            "explorer and its naive baseline in the same page and kernel. "
            f"{args.changes} timed changes per explorer (changes after which nothing in the view "
            "changed are not timed); the baseline is timed right after "
            + ("every change" if every == 1 else f"one change in {every}")
            + " on the state the explorer then shows. Time = from `performance.now()` just "
            "before the control's DOM event until the last HTML widget the change altered "
            "(text, chart `<img>`, or the charts the browser draws: the myth and exercise "
            "explorers' HTML chart, the hip mechanics explorer's SVG) is "
            "replaced in the DOM (`MutationObserver`); *painted* adds decoding a new PNG and "
            "the next frame. Baseline: `interact` with "
            "`%matplotlib inline`, same chart function, new figure and `bbox_inches='tight'` "
            "PNG every time, with the same kind of text (the audit explorer has no chart: its "
            "baseline draws `study_chart`, as in section 4; the hip mechanics explorer's draws "
            "its drawings, bars and curves as one figure). Ratios: p50 / p95.",
            table(
                [
                    "Explorer (notebook)",
                    "Changes",
                    "p50",
                    "p95",
                    "Painted p95",
                    "Baseline changes",
                    "Baseline p50",
                    "Baseline p95",
                    "Ratio p50 / p95",
                    "Target",
                ],
                rows,
            ),
            "First visits (a state this explorer instance has not shown) versus revisits "
            "(shown before by this instance). A fresh instance starts with an empty cache of its "
            "own, except for the anatomy, scenario and myth explorers, whose instances in one "
            "kernel share what they drew or drew ahead (a re-run cell shows those states at "
            "once): for them *New in kernel*, states no instance had shown, is the strict first "
            "visit, and it has its own target row above. *Caches* is yes "
            "when, among changes that showed a chart, the kernel time of revisits is under half "
            "that of first visits. *New in "
            "kernel*: states no instance in this kernel had shown (uncached even with a cache "
            "shared between instances). *Chart shown*: changes after which a chart was (re)shown "
            "(the others changed only text, or emptied the view). The cycling explorers are "
            "replaced by a fresh instance "
            f"after {PASSES} passes through their states. Cells: n: p50 / p95.",
            table(
                [
                    "Explorer",
                    "Caches",
                    "First visit",
                    "Revisit",
                    "New in kernel",
                    "Chart shown",
                    "Instances",
                ],
                split_rows,
            ),
            "Where the time goes: *kernel* is the time the kernel spent in the control's "
            "observers (from the first to the last; the comm message's decoding is not in it); "
            "*browser + transport* is the median of (time - kernel time): the websocket round "
            "trip, the widget manager and the DOM update. Also: changes that drew a chart, that "
            "left the view empty, that changed nothing (not timed), timeouts (not timed; target "
            "0), pictures whose `src` did not change in the page although the kernel drew a "
            "new one (target 0), and the baseline's painted p95.",
            table(
                [
                    "Explorer",
                    "Kernel n: p50 / p95",
                    "Browser + transport p50",
                    "Charts",
                    "Empty",
                    "No change",
                    "Timeouts",
                    "Same src",
                    "Baseline painted p95",
                ],
                detail_rows,
            ),
            "<details><summary>Per control</summary>\n\n"
            + table(["Explorer", "Control", "Changes", "p50", "p95"], control_rows)
            + "\n\n</details>",
        ]
        + (["Errors: " + "; ".join(f"`{n}`: {e}" for n, e in errors.items())] if errors else [])
        + [
            f"Browser console errors in `{n}`: "
            + "; ".join(e[:200] for e in results[n]["console_errors"][:5])
            for n in names
            if n in results and results[n]["console_errors"]
        ]
    )
    result.data = {
        "summaries": summaries,
        "errors": errors,
        "raw": results,
        "changes": args.changes,
        "baseline_every": every,
    }
    finish(result, args.json, started)


if __name__ == "__main__":
    sys.exit(main())
