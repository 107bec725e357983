"""Reliability: widget fuzzing, escaping of instructor files, offline notebooks, determinism.

1. **Widget fuzz.** Seeded sequences of random control changes (a random enabled control,
   then a random valid value: a drop-down or radio option, a slider position on its step
   grid, a check-box state, a phrase from :data:`PHRASES`, or a button press). Changes per
   explorer (:data:`FUZZ_CHANGES`): exercise 220, myth 200, anatomy 150, EMG pipeline 60
   (each redraw costs about 0.3 s), citation audit 200, scenario 100, hip mechanics 60, and
   30 for each of the 8 notebook quizzes (240): **1230 in total**. After every change: no exception
   (button callbacks are called directly, because ipywidgets only logs their
   exceptions), the same widget objects in the same tree, no output that accumulates, at
   most one ``<img>`` per HTML widget, and no chart view that shows nothing while its
   ``.data`` still describes a chart. After the sequence, every widget's value,
   options and disabled state, and every chart's data, equal those of a *fresh* explorer
   set to the same final control values (for the myth explorer, the phrase is matched
   again if the sequence matched one; for a quiz, each question's last checked answer is
   checked again). ``GLUTELAB_FUZZ_SEED`` changes the seeds; a failure names the seed,
   the step and the last actions.
2. **Injection.** Instructor files (an extra myth, reference, study and EMG rows) whose
   text fields hold HTML, JavaScript, Markdown and template injections are shown in the
   myth explorer, the exercise explorer, ``ranked_table_html`` and the citation audit
   explorer: no tag, event handler or ``javascript:`` link from the data reaches the
   HTML, and the reader sees the injected text literally.
3. **Offline.** Every notebook in ``notebooks/`` and ``apps/`` is executed (nbclient, kernel
   ``python3``) in a subprocess whose ``sitecustomize.py`` blocks every non-loopback
   ``connect``, ``connect_ex``, ``sendto``, ``create_connection`` and name lookup; the
   kernels inherit it. Every notebook must run without error, every kernel must have
   loaded the blocker, and no code may even try to reach the network. A separate test
   checks that the blocker really blocks (and leaves loopback alone).
4. **Determinism.** The offline runs execute each notebook twice (two runner processes
   in parallel, module-scoped fixture: each notebook runs exactly twice in this module);
   text/plain, text/html, stream text and widget views (model ids aside) must be
   identical between the runs, and so must PNGs (bytes that differ while the decoded
   pixels are equal only warn). Text is first put through the project's own
   ``nbval_sanitize.cfg`` (memory addresses, figure sizes), as nbval does.
"""

from __future__ import annotations

import base64
import configparser
import csv
import html
import io
import json
import os
import random
import re
import subprocess
import sys
import warnings
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import ipywidgets as w
import nbformat
import numpy as np
import pytest
import yaml

import glutelab
from glutelab.anatomy_widget import anatomy_explorer
from glutelab.audit_widget import CitationAuditExplorer, citation_audit_explorer
from glutelab.emg_widget import emg_pipeline_explorer
from glutelab.evidence import evidence_table, filter_evidence, rank
from glutelab.exercises_widget import ranked_table_html
from glutelab.hip_mechanics_widget import hip_mechanics_explorer
from glutelab.myths_widget import myth_explorer
from glutelab.programme_widget import programme_builder
from glutelab.quiz_widget import quiz
from glutelab.scenarios_widget import scenario_explorer
from glutelab.widgets import ChartView

from .conftest import DATA, ROOT
from .drawn import html_bar_values
from .reliability_helpers import BLOCK_MESSAGE, SITECUSTOMIZE

HELPERS = Path(__file__).with_name("reliability_helpers.py")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "apps").glob("*.ipynb"))
"""The course notebooks and the explorers' Voilà apps (``make apps``), all run offline."""
QUIZ_NOTEBOOKS = sorted(set(glutelab.load_quizzes()["notebook"]))
BASE_SEED = int(os.environ.get("GLUTELAB_FUZZ_SEED", "20240611"))

# --- 1. widget fuzz ---------------------------------------------------------------------

PHRASES = [
    # what clients say (several match a myth, some match nothing)
    "my butt's asleep",
    "sitting all day turned my glutes off",
    "knees cave because my glutes are off",
    "I don't feel it in my glutes, so they're not working",
    "dead butt syndrome",
    "my bum is completely dead",
    "Sittin at my desk turned my booty off",
    "My back aches and my knees cave in, because my glutes are switched off",
    "GLUTES NOT FIRING WHEN I RUN!!!",
    "how many sets?",
    "what time is the class tomorrow",
    "Spine",
    "Hollman",
    "sitting",
    # junk
    "",
    " ",
    "\t\n ",
    "?",
    "...",
    "(.*[",
    "\\",
    "%s %d {0}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>bold</b> &amp; &lt;",
    "[link](javascript:alert(1))",
    "**bold**",
    "{{7*7}}",
    "'; DROP TABLE myths; --",
    "\x00",
    "\u200b",
    "\U0001f634\U0001f351\U0001f4a4",
    "\uff27\uff2c\uff35\uff34\uff25\uff33 \uff2f\uff26\uff26",
    "gl\u00fct\u00e9\u00fcs m\u00e9d\u00ef\u00fcs",
    "\u042f\u0433\u043e\u0434\u0438\u0446\u044b \u0441\u043f\u044f\u0442",
    "\u81c0\u90e8\u304c\u7720\u3063\u3066\u3044\u308b",
    "\u202eRTL override glutes off",
    "\u0645\u0624\u062e\u0631\u062a\u064a \u0646\u0627\u0626\u0645\u0629",
    "e\u0301\u0301\u0301\u0301",
    "glutes off " * 500,
    "x" * 20000,
    "sitting. " * 300,
]
"""Text typed into the search and phrase boxes: client-like remarks and junk."""

FUZZ_CHANGES = {
    "exercise": 220,
    "myth": 200,
    "anatomy": 150,
    "emg": 60,
    "audit": 200,
    "scenario": 100,
    "programme": 60,
    "hip": 60,
    **{f"quiz:{nb}": 30 for nb in QUIZ_NOTEBOOKS},
}

CONTROL_TYPES = (w.Dropdown, w.RadioButtons, w.IntSlider, w.FloatSlider, w.Checkbox, w.Text)


def _make(name: str) -> w.Widget:
    makers: dict[str, Callable[[], w.Widget]] = {
        "exercise": glutelab.exercise_explorer,
        "myth": myth_explorer,
        "anatomy": anatomy_explorer,
        "emg": emg_pipeline_explorer,
        "audit": citation_audit_explorer,
        "scenario": scenario_explorer,
        "programme": programme_builder,
        "hip": hip_mechanics_explorer,
    }
    if name.startswith("quiz:"):
        return quiz(name.removeprefix("quiz:"))
    return makers[name]()


def walk(widget: w.Widget) -> list[w.Widget]:
    """The widget and all its descendants, depth first, in display order."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(walk(child))
    return found


def interactive(tree: list[w.Widget]) -> list[w.Widget]:
    """The controls a learner can operate, in display order."""
    return [x for x in tree if isinstance(x, (*CONTROL_TYPES, w.Button))]


def valid_values(control: w.Widget) -> list[Any]:
    """Every value a learner can give this control."""
    if isinstance(control, w.Dropdown | w.RadioButtons):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    if isinstance(control, w.IntSlider):
        return list(range(control.min, control.max + 1, control.step))
    if isinstance(control, w.FloatSlider):
        steps = round((control.max - control.min) / control.step)
        return [round(control.min + k * control.step, 10) for k in range(steps + 1)]
    if isinstance(control, w.Checkbox):
        return [False, True]
    if isinstance(control, w.Text):
        return PHRASES
    raise TypeError(f"no values for {type(control).__name__}")


def press(button: w.Button) -> None:
    """Click ``button``, letting exceptions of its callbacks propagate.

    ``Button.click()`` catches them (and only logs them, or prints them under IPython).
    """
    callbacks = button._click_handlers.callbacks
    assert callbacks, f"button {button.description!r} does nothing"
    for callback in callbacks:
        callback(button)


CLICK = "<click>"


@dataclass
class Event:
    """One fuzz action: control position (display order), the value set or CLICK."""

    position: int
    value: Any
    changed: bool


@dataclass
class FuzzRun:
    name: str
    seed: int
    view: w.Widget
    history: list[Event] = field(default_factory=list)
    stale: dict[int, str] = field(default_factory=dict)
    """Chart views found empty but holding chart data: widget number -> first such step."""

    def describe(self, tail: int = 8) -> str:
        controls = interactive(walk(self.view))
        lines = [
            f"  #{len(self.history) - len(self.history[-tail:]) + i}: "
            f"{type(controls[e.position]).__name__} {controls[e.position].description!r} "
            f"<- {e.value!r:.80}"
            for i, e in enumerate(self.history[-tail:])
        ]
        return f"explorer {self.name}, seed {self.seed}; last actions:\n" + "\n".join(lines)


def _images(value: str) -> int:
    return value.count("<img")


def check_tree(run: FuzzRun, tree: list[w.Widget], outputs: list[int]) -> None:
    """The same widget objects, no accumulating output, at most one image per HTML widget."""
    now = walk(run.view)
    assert len(now) == len(tree) and all(a is b for a, b in zip(now, tree, strict=True)), (
        f"the widget tree changed\n{run.describe()}"
    )
    assert [len(x.outputs) for x in now if isinstance(x, w.Output)] == outputs, (
        f"an Output widget accumulated output\n{run.describe()}"
    )
    for item in now:
        if isinstance(item, w.HTML):
            assert _images(item.value) <= 1, (
                f"{type(item).__name__} holds {_images(item.value)} images\n{run.describe()}"
            )


def fuzz(name: str, changes: int) -> FuzzRun:
    seed = BASE_SEED + zlib.crc32(name.encode())
    rng = random.Random(seed)
    run = FuzzRun(name, seed, _make(name))
    tree = walk(run.view)
    outputs = [len(x.outputs) for x in tree if isinstance(x, w.Output)]
    controls = interactive(tree)
    for _ in range(changes):
        enabled = [i for i, c in enumerate(controls) if not c.disabled]
        position = rng.choice(enabled)
        control = controls[position]
        if isinstance(control, w.Button):
            event = Event(position, CLICK, True)
        else:
            value = rng.choice(valid_values(control))
            event = Event(position, value, value != control.value)
        run.history.append(event)
        try:
            if isinstance(control, w.Button):
                press(control)
            else:
                control.value = event.value
        except Exception as exc:
            raise AssertionError(f"{type(exc).__name__}: {exc}\n{run.describe()}") from exc
        check_tree(run, tree, outputs)
        for number, item in enumerate(tree):
            if isinstance(item, ChartView) and not item.value and item.data:
                run.stale.setdefault(number, f"step {len(run.history) - 1}: {_plain(item.data)}")
    return run


def _plain(value: Any) -> Any:
    """A comparable form of widget values and chart data (arrays as lists, NaN as text)."""
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value != value:
        return "nan"
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return f"<{type(value).__name__}>"  # e.g. matplotlib Axes: compared by kind only


def snapshot(view: w.Widget) -> list[tuple[str, str, Any]]:
    """Everything the learner sees (and the charts' data), widget by widget."""
    shown = []
    for number, item in enumerate(walk(view)):
        where = f"{number}:{type(item).__name__}:{getattr(item, 'description', '')!s:.40}"
        for trait in ("value", "options", "disabled"):
            if item.has_trait(trait):
                shown.append((where, trait, _plain(getattr(item, trait))))
        if isinstance(item, ChartView):
            shown.append((where, "data", _plain(item.data)))
    for attribute in ("last_chart_data",):
        if hasattr(view, attribute):
            shown.append(("view", attribute, _plain(getattr(view, attribute))))
    return shown


def _first_difference(a: Any, b: Any) -> str:
    if isinstance(a, str) and isinstance(b, str):
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
        at = min(len(a), len(b)) if at is None else at
        start = max(0, at - 80)
        return f"at character {at}: {a[start : at + 80]!r} versus {b[start : at + 80]!r}"
    return f"{a!r:.400} versus {b!r:.400}"


def assert_same_view(run: FuzzRun, fresh: w.Widget) -> None:
    """The fuzzed view equals the fresh one, and no chart view keeps data it does not show."""
    got, want = snapshot(run.view), snapshot(fresh)
    assert [g[:2] for g in got] == [x[:2] for x in want], f"structure differs\n{run.describe()}"
    problems = [
        f"{where} {trait} differs from a fresh explorer set to the same controls: "
        f"{_first_difference(a, b)}"
        for (where, trait, a), (_, _, b) in zip(got, want, strict=True)
        if a != b
    ]
    problems += [
        f"{number}:ChartView showed no chart but its .data still held the last chart's data "
        f"(first at {first:.300})"
        for number, first in run.stale.items()
    ]
    assert not problems, "\n".join(problems) + f"\n{run.describe()}"


def replay(run: FuzzRun) -> w.Widget:
    """A fresh explorer brought to the fuzzed explorer's final control state."""
    fresh = _make(run.name)
    final = interactive(walk(run.view))
    controls = interactive(walk(fresh))
    if run.name.startswith("quiz:"):
        _replay_quiz(run, final, controls)
        return fresh
    matched = False
    if run.name == "myth":  # typing a phrase or pressing Find runs the matcher
        phrase = next(i for i, c in enumerate(final) if isinstance(c, w.Text))
        find = next(i for i, c in enumerate(final) if isinstance(c, w.Button))
        matched = any(
            (e.position == phrase and e.changed) or e.position == find for e in run.history
        )
    for mine, theirs in zip(controls, final, strict=True):  # display order: parents first
        if isinstance(mine, w.Button):
            if matched:
                press(mine)
        else:
            mine.value = theirs.value
    return fresh


def _replay_quiz(run: FuzzRun, final: list[w.Widget], controls: list[w.Widget]) -> None:
    """Check each question's last checked answer (since the last Try again), then choose."""
    radios = [i for i, c in enumerate(final) if isinstance(c, w.RadioButtons)]
    checks = {i + 1: i for i in radios}  # each question's Check button follows its choices
    again = len(final) - 1
    assert isinstance(final[again], w.Button) and all(
        isinstance(final[c], w.Button) for c in checks
    )
    chosen: dict[int, Any] = dict.fromkeys(radios)
    checked: dict[int, Any] = dict.fromkeys(radios)
    for event in run.history:
        if event.position == again:
            chosen, checked = dict.fromkeys(radios), dict.fromkeys(radios)
        elif event.position in checks:
            checked[checks[event.position]] = chosen[checks[event.position]]
        else:
            chosen[event.position] = event.value
    for position in radios:
        assert final[position].value == chosen[position], "the quiz model lost track"
        if checked[position] is not None:
            controls[position].value = checked[position]
            press(controls[position + 1])
    for position in radios:
        controls[position].value = chosen[position]


def test_fuzz_budget() -> None:
    assert sum(FUZZ_CHANGES.values()) >= 1000
    assert len(QUIZ_NOTEBOOKS) >= 7


def test_press_surfaces_callback_errors() -> None:
    """``Button.click()`` would swallow this error; the fuzz must see it."""
    button = w.Button(description="broken")
    button.on_click(lambda _: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        press(button)


@pytest.mark.parametrize(("name", "changes"), list(FUZZ_CHANGES.items()))
def test_widget_fuzz(name: str, changes: int) -> None:
    run = fuzz(name, changes)
    tree = walk(run.view)
    covered = {e.position for e in run.history}
    controls = interactive(tree)
    assert len(covered) >= min(len(controls), 3), f"the fuzz touched few controls: {covered}"
    assert_same_view(run, replay(run))


# --- 2. injection ---------------------------------------------------------------------

INJECTIONS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
    "**bold**",
    "{{7*7}}",
]
ALL = " ".join(INJECTIONS)
STUDY = "injstudy"


class _Parsed(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_safe(markup: str, *, shows: tuple[str, ...] = ()) -> _Parsed:
    """No tag, handler or script link from the data; ``shows`` reach the reader literally."""
    parsed = _Parsed(markup)
    for tag, attrs in parsed.tags:
        assert tag not in {"script", "iframe", "object", "embed", "svg", "math"}, tag
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name}={value!r} on <{tag}>"
            if name in {"href", "src"}:
                assert not (value or "").strip().lower().startswith("javascript:"), value
        if tag == "img":
            assert (dict(attrs).get("src") or "").startswith("data:image/png;base64,"), attrs
    for raw in INJECTIONS[:2]:
        assert raw not in markup, f"raw {raw!r} in the HTML"
    text = "".join(parsed.text)
    for literal in shows:
        assert literal in text, f"{literal!r} is not shown as text"
        assert html.escape(literal) in markup, f"{html.escape(literal)!r} not in the HTML"
    return parsed


@dataclass
class Instructor:
    references: Path
    myths: Path
    studies: Path
    emg: Path
    exercise_id: str


def _csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def instructor(tmp_path: Path) -> Instructor:
    """Instructor extra files whose text fields hold injections."""
    references = tmp_path / "my_refs.json"
    item = {
        "id": STUDY,
        "type": "article-journal",
        "author": [{"family": "<b>Evil</b> {{7*7}}", "given": "**Bold**"}],
        "title": ALL,
        "container-title": "<img src=x onerror=alert(1)>",
        "issued": {"date-parts": [[2026]]},
        "volume": "**1**",
        "page": "[p](javascript:alert(1))",
        "DOI": '10.1234/"><script>alert(1)</script>',
        "note": ALL,
    }
    references.write_text(json.dumps([item]), encoding="utf-8")
    with (DATA / "emg_activation.csv").open(encoding="utf-8", newline="") as fh:
        course_row = next(csv.DictReader(fh))
    exercise_id = course_row["exercise_id"]
    myth = {
        "id": "injected_myth",
        "claim": f"Zebra quokka {ALL}",
        "client_phrases": [f"zebra quokka wombat {s}" for s in INJECTIONS] + ["zebra quokka"],
        "verdict": "false",
        "whats_true": ALL,
        "evidence": [
            {
                "ref": STUDY,
                "finding": ALL,
                "direction": "contradicts",
                "design": ALL,
                "sample": ALL,
                "n": 7,
            }
        ],
        "strength": ALL,
        "say_instead": ALL,
        "emg_filter": {"exercise_ids": [exercise_id]},
    }
    myths = tmp_path / "my_myths.yaml"
    myths.write_text(yaml.safe_dump([myth], allow_unicode=True), encoding="utf-8")
    with (DATA / "studies.csv").open(encoding="utf-8", newline="") as fh:
        study = next(csv.DictReader(fh))
    study.update(study_id=STUDY, short_citation=ALL, design=ALL, sample=ALL, note=ALL)
    studies = tmp_path / "my_sources.csv"
    _csv(studies, [study])
    rows = []
    for number, (label, condition, locator) in enumerate(
        [
            (INJECTIONS[0], INJECTIONS[1], " ".join(INJECTIONS[2:])),
            (" ".join(INJECTIONS[3:]), INJECTIONS[2], INJECTIONS[0]),
        ],
        start=1,
    ):
        row = dict(course_row)
        row.update(
            row_id=f"{STUDY}-0{number}",
            study_id=STUDY,
            exercise_label=label,
            condition=condition,
            locator=locator,
            statistic="mean",
            pct_mvic=str(400 - number),
            sd="1",
            n="7",
            population=ALL,
            note=ALL,
        )
        rows.append(row)
    emg = tmp_path / "my_emg.csv"
    _csv(emg, rows)
    return Instructor(references, myths, studies, emg, exercise_id)


def _extra_names(files: Instructor) -> dict[str, str]:
    studies = glutelab.load_studies(extra=files.studies)
    return dict(
        zip(studies["study_id"].astype(str), studies["short_citation"].astype(str), strict=True)
    )


def test_injected_myth_reference_and_emg_are_escaped_in_the_myth_explorer(
    instructor: Instructor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glutelab import myths_widget

    myths = glutelab.load_myths(extra=instructor.myths, extra_references=instructor.references)
    references = glutelab.load_references(extra=instructor.references)
    emg = glutelab.load_emg(extra=instructor.emg, extra_studies=instructor.studies)
    names = _extra_names(instructor)
    monkeypatch.setattr(myths_widget, "load_myths", lambda: myths)
    monkeypatch.setattr(myths_widget, "load_references", lambda: references)
    monkeypatch.setattr(myths_widget, "load_emg", lambda: emg)
    monkeypatch.setattr(myths_widget, "study_names", lambda: names)
    view = myth_explorer()
    view.myth.value = "injected_myth"
    assert_safe(view.text.value, shows=(*INJECTIONS, ALL, "<b>Evil</b> {{7*7}}"))
    assert_safe(view.verdict.value)
    assert_safe(view.chart_note.value)
    chart = assert_safe(view.chart_view.value)
    (label,) = [dict(a)["aria-label"] for tag, a in chart.tags if tag == "figure"]
    assert INJECTIONS[0] in (label or ""), label  # the injected bar is the highest: named
    drawn = set(html_bar_values(view.chart_view.value))
    assert {399.0, 398.0} <= drawn
    view.phrase.value = "zebra quokka wombat <script>alert(1)</script>"
    assert_safe(view.matches.value, shows=("Zebra quokka <script>alert(1)</script>",))
    assert view.myth.value == "injected_myth"


def test_injected_emg_rows_are_escaped_in_the_ranked_table_and_exercise_explorer(
    instructor: Instructor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glutelab import exercises_widget

    emg = glutelab.load_emg(extra=instructor.emg, extra_studies=instructor.studies)
    names = _extra_names(instructor)
    rows = rank(filter_evidence(evidence_table(emg, glutelab.load_exercises()), study_id=STUDY))
    assert len(rows) == 2
    table = ranked_table_html(rows, names)
    assert_safe(table, shows=(*INJECTIONS, ALL))

    monkeypatch.setattr(exercises_widget, "load_emg", lambda: emg)
    monkeypatch.setattr(exercises_widget, "study_names", lambda: names)
    view = glutelab.exercise_explorer()
    assert STUDY in [value for _, value in view.study.options]
    view.study.value = STUDY
    assert_safe(view.table.value, shows=(*INJECTIONS, ALL))
    assert_safe(view.status.value)
    assert "2 reported values" in view.status.value
    chart = assert_safe(view.chart_view.value)
    (label,) = [dict(a)["aria-label"] for tag, a in chart.tags if tag == "figure"]
    assert INJECTIONS[0] in (label or ""), label  # the HTML chart's accessible name, as text
    assert INJECTIONS[0] in "".join(chart.text)  # and its bar label


def test_injected_reference_and_study_are_escaped_in_the_citation_audit(
    instructor: Instructor,
) -> None:
    references = glutelab.load_references(extra=instructor.references)
    studies = glutelab.load_studies(extra=instructor.studies)
    audit = glutelab.load_citation_audit().copy()
    first = audit.index[0]
    for column in ("as_printed", "claim_in_article", "fields_differing", "reason"):
        audit.loc[first, column] = ALL
    audit.loc[first, "matched_id"] = STUDY
    audit.loc[first, "better_evidence_ids"] = STUDY
    view = CitationAuditExplorer(audit=audit, references=references, studies=studies)
    view.citation.value = int(audit.loc[first, "ref_no"])
    assert_safe(view.table.value, shows=(*INJECTIONS, ALL))
    assert_safe(view.card.value, shows=(*INJECTIONS, ALL, "<b>Evil</b> {{7*7}}"))
    view.search.value = "<script>"
    assert "1 of 9 citations" in view.status.value
    assert_safe(view.table.value, shows=(ALL,))


# --- 3. offline and 4. determinism ------------------------------------------------------


@dataclass
class NotebookRuns:
    out: Path
    results: list[dict[str, Any]]
    log: list[list[str]]

    def notebook(self, name: str, run: int) -> nbformat.NotebookNode:
        return nbformat.read(self.out / f"{Path(name).stem}.run{run}.ipynb", as_version=4)


def _offline_env(base: Path) -> tuple[dict[str, str], Path]:
    site = base / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = base / "netblock.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    env["GLUTELAB_NETBLOCK_LOG"] = str(log)
    return env, log


def _read_log(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [line.split("\t", 2) for line in log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def notebook_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NotebookRuns]:
    """Each notebook executed exactly twice, offline: two runner processes in parallel."""
    base = tmp_path_factory.mktemp("offline")
    env, log = _offline_env(base)
    out = base / "executed"
    processes = []
    for run in (0, 1):
        output = (base / f"output.run{run}.txt").open("w", encoding="utf-8")
        command = [sys.executable, str(HELPERS), str(out), str(run), *map(str, NOTEBOOKS)]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        processes.append((process, output))
    try:
        for process, output in processes:
            code = process.wait(timeout=1200)
            output.close()
            assert code == 0, f"the notebook runner failed: see {output.name}"
    finally:
        for process, _ in processes:
            if process.poll() is None:
                process.kill()
    results = [
        item
        for run in (0, 1)
        for item in json.loads((out / f"results.run{run}.json").read_text(encoding="utf-8"))
    ]
    yield NotebookRuns(out, results, _read_log(log))


def test_network_blocker_really_blocks(tmp_path: Path) -> None:
    env, log = _offline_env(tmp_path)
    probe = r"""
import json, socket, urllib.request
attempts = {
    "create_connection": lambda: socket.create_connection(("93.184.216.34", 80), timeout=5),
    "connect": lambda: socket.socket().connect(("93.184.216.34", 80)),
    "connect_ex": lambda: socket.socket().connect_ex(("93.184.216.34", 80)),
    "ipv6": lambda: socket.socket(socket.AF_INET6).connect(("2606:2800:220:1::", 80)),
    "dns": lambda: socket.getaddrinfo("example.com", 80),
    "udp": lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53)),
    "urllib": lambda: urllib.request.urlopen("http://93.184.216.34/", timeout=5),
}
outcome = {}
for name, attempt in attempts.items():
    try:
        attempt()
        outcome[name] = "connected"
    except OSError as error:
        outcome[name] = f"{type(error).__name__}: {error}"
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
socket.create_connection(server.getsockname(), timeout=5).close()
outcome["loopback"] = "connected"
print(json.dumps(outcome))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome.pop("loopback") == "connected"
    for name, result in outcome.items():
        assert BLOCK_MESSAGE in result, f"{name}: {result}"
    assert outcome["create_connection"].startswith("OSError")
    kinds = [entry[0] for entry in _read_log(log)]
    assert kinds.count("loaded") == 1 and kinds.count("blocked") == len(outcome)


def test_every_notebook_runs_offline(notebook_runs: NotebookRuns) -> None:
    assert sorted({r["notebook"] for r in notebook_runs.results}) == sorted(
        n.name for n in NOTEBOOKS
    )
    assert len(notebook_runs.results) == 2 * len(NOTEBOOKS)
    failed = [
        f"{r['notebook']} (run {r['run']}): {r['error']}"
        for r in notebook_runs.results
        if r["error"]
    ]
    assert not failed, "\n".join(failed)
    kernels = [e for e in notebook_runs.log if e[0] == "loaded" and "ipykernel" in e[2]]
    assert len(kernels) == 2 * len(NOTEBOOKS), "a kernel ran without the network blocker"
    blocked = [e[2] for e in notebook_runs.log if e[0] == "blocked"]
    assert not blocked, f"notebook code tried to reach the network: {blocked}"


def _sanitizers() -> list[tuple[re.Pattern[str], str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / "nbval_sanitize.cfg", encoding="utf-8")
    return [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]


def _png_pixels(encoded: str) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded))).convert("RGBA"))


ANTI_ALIASING = (8, 1e-4)
"""How far two renderings of the same chart may differ and still count as the same picture:
at most this difference in any colour channel (of 255) on at most this share of the pixels.

Cause (found in session 2): the axes positions that matplotlib's constrained layout computes
(with the kiwisolver constraint solver) differ in the 16th significant digit between processes
given identical data (seen by printing them over 24 runs). The band-pass chart of notebook 06
showed it: 16 pixels of an arrow differed by at most 3 of 255 in about one run in ten.
Anything a learner could see (a moved bar, another number, a changed label) changes far more
pixels, or by far more."""

_DATA_URI = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")


def _pixel_difference(a: str, b: str) -> tuple[int, int] | None:
    """(pixels that differ, largest channel difference), or None when the sizes differ.

    >>> _pixel_difference(_tiny_png(0), _tiny_png(0)), _pixel_difference(_tiny_png(0), _tiny_png(9))
    ((0, 0), (1, 9))
    """
    x, y = _png_pixels(a).astype(int), _png_pixels(b).astype(int)
    if x.shape != y.shape:
        return None
    delta = np.abs(x - y).max(axis=-1)
    return int(np.count_nonzero(delta)), int(delta.max(initial=0))


def _tiny_png(level: int) -> str:
    """A 2 x 2 grey PNG, base64, with one pixel at ``level`` (for the doctest above)."""
    from PIL import Image

    pixels = np.zeros((2, 2, 3), dtype=np.uint8)
    pixels[0, 0] = level
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _compare_pngs(where: str, a: str, b: str) -> str | None:
    """None when the pictures are the same up to ANTI_ALIASING; else what differs."""
    difference = _pixel_difference(a, b)
    if difference is None:
        return f"{where}: image sizes differ"
    changed, largest = difference
    total = _png_pixels(a).shape[0] * _png_pixels(a).shape[1]
    limit, share = ANTI_ALIASING
    if changed > share * total or largest > limit:
        return f"{where}: image pixels differ ({changed} pixels, up to {largest}/255)"
    return None


def _comparable(
    output: dict[str, Any], sanitize: Callable[[str], str]
) -> tuple[dict[str, Any], list[str]]:
    """The parts of an output that must match exactly, and its images (base64 PNG)."""
    kind = output["output_type"]
    if kind == "stream":
        return {"stream": output["name"], "text": sanitize(output["text"])}, []
    if kind == "error":
        return {"error": output["ename"], "value": output["evalue"]}, []
    data, images = {}, []
    for mime, value in output.get("data", {}).items():
        if mime == "application/vnd.jupyter.widget-view+json":
            value = {k: v for k, v in value.items() if k != "model_id"}
        elif mime == "image/png":
            images.append(value)
            continue
        elif mime.startswith("text/"):
            value = sanitize(value if isinstance(value, str) else "".join(value))
            images.extend(_DATA_URI.findall(value))  # inline images compared by pixels
            value = _DATA_URI.sub("data:image/png;base64,[compared by pixels]", value)
        data[mime] = value
    comparable = {
        "type": kind,
        "data": data,
        "metadata": dict(output.get("metadata", {})),
        "count": output.get("execution_count"),
    }
    return comparable, images


def test_notebook_outputs_are_identical_between_runs(notebook_runs: NotebookRuns) -> None:
    """All text identical; every image the same picture (up to ANTI_ALIASING)."""
    rules = _sanitizers()

    def sanitize(text: str) -> str:
        for pattern, replacement in rules:
            text = pattern.sub(replacement, text)
        return text

    differences: list[str] = []
    anti_aliased: list[str] = []
    pngs = 0
    for path in NOTEBOOKS:
        first, second = (notebook_runs.notebook(path.name, run) for run in (0, 1))
        for number, (a, b) in enumerate(zip(first.cells, second.cells, strict=True)):
            if a.cell_type != "code":
                continue
            where = f"{path.name} cell {number}"
            if len(a.outputs) != len(b.outputs):
                differences.append(f"{where}: {len(a.outputs)} versus {len(b.outputs)} outputs")
                continue
            for x, y in zip(a.outputs, b.outputs, strict=True):
                (cx, images_x), (cy, images_y) = _comparable(x, sanitize), _comparable(y, sanitize)
                if cx != cy:
                    differences.append(f"{where}: {_first_difference(cx, cy)}")
                if len(images_x) != len(images_y):
                    differences.append(f"{where}: {len(images_x)} versus {len(images_y)} images")
                    continue
                for png_x, png_y in zip(images_x, images_y, strict=True):
                    pngs += 1
                    if png_x == png_y:
                        continue
                    problem = _compare_pngs(where, png_x, png_y)
                    if problem:
                        differences.append(problem)
                    elif _pixel_difference(png_x, png_y) != (0, 0):
                        anti_aliased.append(where)
    assert pngs > 0, "no PNG output to compare"
    if anti_aliased:
        warnings.warn(
            f"same pictures, anti-aliasing differs (see ANTI_ALIASING): {anti_aliased}",
            UserWarning,
            stacklevel=1,
        )
    assert not differences, "notebook outputs differ between two runs:\n" + "\n".join(differences)


def test_image_comparison_tolerates_anti_aliasing_but_not_a_changed_chart() -> None:
    """The tolerance above is too small to hide a real change: one bar 2 % longer fails."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def bar_png(value: float) -> str:
        fig, ax = plt.subplots(figsize=(5, 3), dpi=100)
        ax.barh(["clam", "side bridge"], [value, 40.0])
        ax.set_xlabel("%MVIC")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
        return base64.b64encode(buffer.getvalue()).decode()

    assert _compare_pngs("same", bar_png(50.0), bar_png(50.0)) is None
    problem = _compare_pngs("changed", bar_png(50.0), bar_png(51.0))
    assert problem is not None
    assert problem.startswith("changed: image pixels differ")
