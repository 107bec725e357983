"""The programme builder in a real JupyterLab, driven with the mouse and with the keyboard only.

Notebook 11 is opened and run as a learner would; every control of the builder (goal,
irritability, equipment, lateral hip pain) is then changed once with the mouse and once from
the keyboard (Tab, Shift+Tab, Alt+ArrowDown, ArrowDown, Enter, Space). After each change the
test reads what the page shows: the shortlisted exercise names, the rows flagged as compressive
for lateral hip pain, the status line and the dose card.

The expected values are worked out here with pandas, straight from ``data/exercises.csv``,
``data/emg_activation.csv`` and ``data/dosage.csv``, following the rules the builder states on
the page; nothing is read back from the widget or computed with ``glutelab.programme``.

No combination of the real controls and data leaves the shortlist empty, and the data carry no
markup; the empty-result message and the escaping are therefore checked on a small generated
notebook (under ``test-artifacts/``, deleted afterwards) that gives one builder a text with
markup and another only standing exercises.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import pytest
from playwright.sync_api import Locator, expect

from glutelab.programme_widget import EQUIPMENT_OPTIONS, GOAL_OPTIONS, STAGE_OPTIONS

from .helpers import (
    ARTIFACTS,
    LabPage,
    cell_output,
    choose_with_keyboard,
    choose_with_mouse,
    dropdown,
    run_all_and_check,
    save_screenshot,
    tab_to,
)
from .lab import ROOT

NB_11 = "notebooks/11_programming_and_cueing.ipynb"
DATA = ROOT / "data"

# The rules as the builder states them (glutelab/programme.py's docstring), restated here.
SINGLE_VALUES = {"mean", "median", "pooled_mean", "not_stated", "peak"}  # no range ends
HIGH_IRRITABILITY_POSITIONS = {
    "supine",
    "prone",
    "side_lying",
    "side_plank",
    "front_plank",
    "quadruped",
}
# A drop-down's options in the page are the labels the learner reads.
GOAL = {value: label for label, value in GOAL_OPTIONS}
STAGE = {value: label for label, value in STAGE_OPTIONS}
KIT = {value: label for label, value in EQUIPMENT_OPTIONS}
EQUIPMENT = {
    "bodyweight": {"none"},
    "home": {"none", "elastic band", "box or step", "elastic band or cable"},
    "gym": None,
}


@dataclass(frozen=True)
class Expected:
    names: list[str]
    flagged: list[str]
    dose_rows: int
    dose_frequencies: list[str]

    def status(self) -> str:
        count = len(self.names)
        flags = f", {len(self.flagged)} flagged for lateral hip compression" if self.flagged else ""
        return f"{count} exercise{'s' if count != 1 else ''} fit{flags}."


def expected(goal: str, stage: str, equipment: str, pain: bool) -> Expected:
    """What the builder should show for one choice, from the CSV files with pandas."""
    ex = pd.read_csv(DATA / "exercises.csv", keep_default_na=False)
    emg = pd.read_csv(DATA / "emg_activation.csv", keep_default_na=False)
    with_evidence = set(emg.loc[emg["statistic"].isin(SINGLE_VALUES), "exercise_id"])
    keep = ex["exercise_id"].isin(with_evidence)
    if stage == "high":
        keep &= ex["position"].isin(HIGH_IRRITABILITY_POSITIONS)
    if stage != "low":
        keep &= ex["exercise_id"] != "hop"
    available = EQUIPMENT[equipment]
    if available is not None:
        keep &= ex["equipment"].isin(available)
    if pain:
        keep &= ex["adduction_compression"] != "yes"
    rows = ex[keep]
    flagged = rows[rows["adduction_compression"] == "if_hip_adducts"] if pain else rows.iloc[:0]
    dose = pd.read_csv(DATA / "dosage.csv", keep_default_na=False)
    card = dose[dose["goal"] == goal]
    if goal == "rehabilitation" and pain:
        card = card[card["study_id"].isin({"mellor2018", "mellor2016"})]  # LEAP, protocol
    if goal in ("strength", "hypertrophy"):
        card = pd.concat([card, dose[dose["goal"] == "progression"]])
    if pain or stage == "high":
        card = card[~card["intensity"].str.lower().str.contains("heavy loading")]
    return Expected(
        names=list(rows["name"]),
        flagged=list(flagged["name"]),
        dose_rows=len(card),
        dose_frequencies=[f for f in card["frequency"] if f],
    )


def shown_names(builder: Locator) -> list[str]:
    rows = builder.locator("table.glutelab-shortlist tbody tr")
    return [n.strip() for n in rows.locator("td:nth-child(1)").all_inner_texts()]


def expect_names(builder: Locator, names: list[str]) -> None:
    """Wait until the shortlist lists exactly ``names``, in order (the status line and the
    table are separate widgets, so one can be redrawn a moment before the other)."""
    cells = builder.locator("table.glutelab-shortlist tbody tr td:nth-child(1)")
    expect(cells).to_have_text(names)


def shown_flagged(builder: Locator) -> list[str]:
    rows = builder.locator("table.glutelab-shortlist tbody tr").all()
    return [
        r.locator("td").nth(0).inner_text().strip()
        for r in rows
        if "compressive if the hip drops into adduction" in r.locator("td").nth(5).inner_text()
    ]


def dose_card(builder: Locator, goal: str) -> Locator:
    return builder.locator("table").filter(
        has=builder.page.locator("caption", has_text=f"Doses for {goal}, as the sources word them")
    )


def expect_view(builder: Locator, goal: str, stage: str, equipment: str, pain: bool) -> None:
    """The shortlist, flags, status and dose card the page shows match the data."""
    want = expected(goal, stage, equipment, pain)
    assert want.names, "this helper is for choices that leave exercises"
    status = builder.locator("[role=status]")
    expect(status).to_have_text(want.status())  # waits for the redraw
    expect_names(builder, want.names)
    assert shown_flagged(builder) == want.flagged
    card = dose_card(builder, goal)
    expect(card).to_have_count(1)
    expect(card.locator("tbody tr")).to_have_count(want.dose_rows)
    for frequency in want.dose_frequencies:
        expect(card).to_contain_text(frequency)


def test_programme_builder_in_lab_with_mouse_and_keyboard(lab: LabPage) -> None:
    page = lab.page
    panel = run_all_and_check(lab, NB_11)
    builder = cell_output(panel, "glutelab.programme_builder()")
    goal, stage = dropdown(builder, "Goal:"), dropdown(builder, "Irritability:")
    equipment = dropdown(builder, "Equipment:")
    pain = builder.get_by_role("checkbox", name="Lateral hip pain")
    expect(builder).to_contain_text("it is not a prescription")

    # as it opens: rehabilitation, moderate irritability, body weight only, no lateral hip pain
    expect(goal).to_have_value(GOAL["rehabilitation"])
    expect(stage).to_have_value(STAGE["moderate"])
    expect(equipment).to_have_value(KIT["bodyweight"])
    expect(pain).not_to_be_checked()
    expect_view(builder, "rehabilitation", "moderate", "bodyweight", pain=False)
    assert "Side-lying hip abduction" in shown_names(builder)
    save_screenshot(builder, "programme_builder_lab_1_initial")

    # mouse: tick lateral hip pain; side-lying work leaves, single-leg work is flagged
    pain.scroll_into_view_if_needed()
    pain.click()
    expect(pain).to_be_checked()
    expect_view(builder, "rehabilitation", "moderate", "bodyweight", pain=True)
    assert "Side-lying hip abduction" not in shown_names(builder)
    assert shown_flagged(builder), "single-leg positions are flagged"
    # the dose card for lateral hip pain: the LEAP programme, static holds included
    expect(dose_card(builder, "rehabilitation")).to_contain_text("(static hip abduction)")

    # mouse: equipment -> home
    choose_with_mouse(page, equipment, KIT["home"])
    expect_view(builder, "rehabilitation", "moderate", "home", pain=True)
    save_screenshot(builder, "programme_builder_lab_2_mouse_pain_home")

    # keyboard only, from the equipment drop-down: Shift+Tab to irritability, choose High
    expect(equipment).to_be_focused()
    tab_to(page, stage, max_presses=3, backwards=True)
    choose_with_keyboard(page, stage, STAGE["high"])
    expect_view(builder, "rehabilitation", "high", "home", pain=True)
    assert not [n for n in shown_names(builder) if "squat" in n.lower()], "nothing standing"

    # keyboard: Tab on to the check box, Space unticks it
    tab_to(page, pain, max_presses=4)
    page.keyboard.press("Space")
    expect(pain).not_to_be_checked()
    expect_view(builder, "rehabilitation", "high", "home", pain=False)

    # keyboard: back to the goal (Shift+Tab), Strength; the dose card follows
    tab_to(page, goal, max_presses=6, backwards=True)
    choose_with_keyboard(page, goal, GOAL["strength"])
    expect_view(builder, "strength", "high", "home", pain=False)

    # keyboard: Tab to equipment, Gym; Shift+Tab to irritability, Low (everything allowed)
    tab_to(page, equipment, max_presses=4)
    choose_with_keyboard(page, equipment, KIT["gym"])
    expect_view(builder, "strength", "high", "gym", pain=False)
    tab_to(page, stage, max_presses=3, backwards=True)
    choose_with_keyboard(page, stage, STAGE["low"])
    expect_view(builder, "strength", "low", "gym", pain=False)
    save_screenshot(builder, "programme_builder_lab_3_keyboard_strength_low_gym")

    # mouse again: the goal's other end
    choose_with_mouse(page, goal, GOAL["hypertrophy"])
    expect_view(builder, "hypertrophy", "low", "gym", pain=False)
    lab.console.assert_clean()


# --- the empty-result message and escaping, on a generated notebook ----------------------------

MARKUP = '<b>bold?</b> & <img src="x" alt="injected">'
CHECK_CELLS = [
    "import glutelab",
    # one builder whose glute bridge carries markup in its "make it easier" text
    "marked = glutelab.programme_builder()\n"
    "table = marked.exercises\n"
    f"table.loc[table['exercise_id'] == 'glute_bridge', 'regressions'] = {MARKUP!r}\n"
    "marked.update()\n"
    "marked",
    # one builder that knows only standing exercises: High irritability leaves none
    "standing = glutelab.programme_builder()\n"
    "standing.exercises = standing.exercises[standing.exercises['position'] == 'standing']\n"
    "standing.update()\n"
    "standing",
]


@pytest.fixture
def check_notebook() -> Iterator[str]:
    """A small notebook under test-artifacts/ (ignored by git); removed afterwards."""
    path = ARTIFACTS / f"programme-builder-check-{uuid.uuid4().hex[:8]}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    cells: list[dict[str, object]] = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"c{i}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for i, source in enumerate(CHECK_CELLS)
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")
    try:
        yield str(path.relative_to(ROOT))
    finally:
        path.unlink(missing_ok=True)


def test_programme_builder_escapes_text_and_says_when_nothing_fits(
    lab: LabPage, check_notebook: str
) -> None:
    page = lab.page
    panel = run_all_and_check(lab, check_notebook)

    # escaping: the markup is shown as the characters it is made of, and makes no element
    marked = cell_output(panel, "marked = glutelab.programme_builder()")
    bridge = marked.locator("table.glutelab-shortlist tbody tr").filter(
        has=page.locator("td:nth-child(1)", has_text="Glute bridge (both legs)")
    )
    expect(bridge).to_have_count(1)
    expect(bridge.locator("td").nth(3)).to_have_text(MARKUP)
    expect(marked.locator("table.glutelab-shortlist b")).to_have_count(0)
    expect(marked.locator("table.glutelab-shortlist img")).to_have_count(0)
    expect(marked.locator("img[alt=injected]")).to_have_count(0)

    # the empty result: keyboard to High irritability, the message replaces the table
    standing = cell_output(panel, "standing = glutelab.programme_builder()")
    stage = dropdown(standing, "Irritability:")
    status = standing.locator("[role=status]")
    want = expected("rehabilitation", "moderate", "bodyweight", pain=False)
    ex = pd.read_csv(DATA / "exercises.csv", keep_default_na=False)
    standing_names = set(ex.loc[ex["position"] == "standing", "name"])
    moderate = [n for n in want.names if n in standing_names]
    assert moderate, "some standing exercises fit a moderate irritability"
    expect(status).to_have_text(f"{len(moderate)} exercise{'s' if len(moderate) != 1 else ''} fit.")
    expect_names(standing, moderate)
    dropdown(standing, "Goal:").focus()
    tab_to(page, stage, max_presses=2)
    choose_with_keyboard(page, stage, STAGE["high"])
    expect(status).to_contain_text("No exercise in the course's data fits all of these choices.")
    expect(standing.locator("table.glutelab-shortlist")).to_have_count(0)
    # the rules stay on the page, so the learner sees why
    expect(standing).to_contain_text("Rules applied")
    save_screenshot(standing, "programme_builder_lab_4_nothing_fits")

    # mouse: back to Low, and the exercises return (both ends of the irritability range)
    choose_with_mouse(page, stage, STAGE["low"])
    low = expected("rehabilitation", "low", "bodyweight", pain=False).names
    low_standing = [n for n in low if n in standing_names]
    expect(status).to_have_text(f"{len(low_standing)} exercises fit.")
    expect_names(standing, low_standing)
    lab.console.assert_clean()
