"""The programme builder: a client's situation in, a shortlist and a dose card out.

The learner picks a goal, an irritability level, the equipment and whether the client has
lateral hip pain; the builder shows the exercises that fit (with their EMG evidence, easier
and harder versions and compression flags), the rules it applied, and a dose card from the
dosage table with its source. It teaches the reasoning, not a prescription, and says so.

>>> view = programme_builder()
>>> view.pain.value = True
>>> view.stage.value = "high"
>>> "Side-lying" in view.shortlist.value
False
>>> block = client_case_table("lateral_hip_pain")
>>> "Glute bridge" in block._repr_html_() and "Side-lying" not in block._repr_html_()
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from glutelab.data import load_dosage, load_emg, load_exercises
from glutelab.practice_widget import dose_rows_html
from glutelab.programme import (
    ProgrammeChoice,
    client_case_exercises,
    dose_notes,
    dose_rows,
    rules_applied,
    select_exercises,
)
from glutelab.widgets import HtmlBlock, escape, settled, status_html

__all__ = [
    "NOT_A_PRESCRIPTION",
    "ProgrammeBuilder",
    "client_case_table",
    "programme_builder",
    "shortlist_html",
]

NOT_A_PRESCRIPTION = (
    "This builder teaches the reasoning behind exercise choice; it is not a prescription. "
    "Pain, irritability, the diagnosis, the client's goals and how they respond decide the "
    "programme."
)

CELL = 'style="padding:4px 10px 4px 0;vertical-align:top;text-align:left"'
POSITION_WORDS = {
    "standing": "standing",
    "supine": "lying on the back",
    "prone": "lying face down",
    "side_lying": "lying on the side",
    "side_plank": "side plank",
    "front_plank": "front plank",
    "quadruped": "on hands and knees",
}
FLAG = (
    "Keep the pelvis level and the knee over the foot: compressive if the hip drops into adduction."
)


def _pct(value: object) -> str:
    return "— (no data)" if value is None or pd.isna(value) else f"{value:g}"  # type: ignore[call-overload]


def shortlist_html(rows: pd.DataFrame) -> str:
    """The shortlisted exercises as an escaped HTML table.

    Columns: exercise, position, highest reported gluteus maximus and medius %MVIC with the
    number of values and studies, make it easier, make it harder, and the compression flag.

    Examples
    --------
    >>> rows = client_case_exercises("lateral_hip_pain", load_exercises(), load_emg())
    >>> html = shortlist_html(rows)
    >>> html.count("<tr><td") == len(rows)  # one row per exercise that fits
    True

    A single-leg bridge compresses the lateral hip only if the hip drops into adduction, so
    for a client with lateral hip pain it carries the warning:

    >>> bool(rows.set_index("exercise_id").loc["single_leg_bridge", "compression_flag"])
    True
    >>> FLAG in html
    True
    >>> shortlist_html(rows.head(0))[:53]
    "<p>No exercise in the course's data fits all of these"
    """
    if rows.empty:
        return (
            "<p>No exercise in the course's data fits all of these choices. "
            "Loosen one of them (for example choose more equipment or a lower irritability).</p>"
        )
    body = []
    for row in rows.to_dict("records"):
        studies = int(row["emg_studies"])
        evidence = (
            f"maximus {_pct(row['max_gmax_pct_mvic'])} / medius {_pct(row['max_gmed_pct_mvic'])} "
            f"<small>({int(row['emg_values'])} values, {studies} "
            f"{'study' if studies == 1 else 'studies'})</small>"
        )
        flag = escape(FLAG) if bool(row["compression_flag"]) else ""
        cells = (
            escape(row["name"]),
            escape(POSITION_WORDS.get(str(row["position"]), str(row["position"]))),
            evidence,
            escape(row["regressions"] if pd.notna(row["regressions"]) else ""),
            escape(row["progressions"] if pd.notna(row["progressions"]) else ""),
            flag,
        )
        body.append("<tr>" + "".join(f"<td {CELL}>{c}</td>" for c in cells) + "</tr>")
    head = "".join(
        f'<th scope="col" {CELL}>{h}</th>'
        for h in (
            "Exercise",
            "Position",
            "Highest reported %MVIC (gluteus maximus / medius)",
            "Make it easier",
            "Make it harder",
            "Lateral hip pain",
        )
    )
    return (
        '<table class="glutelab-shortlist" style="border-collapse:collapse;font-size:0.9em">'
        "<caption>Exercises that fit (easier and harder options are teaching suggestions, "
        "not study data)</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def client_case_table(case: str) -> HtmlBlock:
    """The worked shortlist for a client case of ``05_training.ipynb``."""
    rows = client_case_exercises(case, load_exercises(), load_emg())
    return HtmlBlock(shortlist_html(rows), text=f"shortlist for client case {case}")


GOAL_OPTIONS = [
    ("Rehabilitation", "rehabilitation"),
    ("Strength", "strength"),
    ("Hypertrophy (muscle size)", "hypertrophy"),
]
STAGE_OPTIONS = [
    ("High (flares easily, settles slowly)", "high"),
    ("Moderate", "moderate"),
    ("Low (tolerates load well)", "low"),
]
EQUIPMENT_OPTIONS = [
    ("Body weight only", "bodyweight"),
    ("Home: bands and a step", "home"),
    ("Gym", "gym"),
]
EMPTY = (
    "No exercise in the course's data fits all of these choices. Choose more equipment or a "
    "lower irritability, or untick lateral hip pain."
)


class ProgrammeBuilder(w.VBox):  # type: ignore[misc]
    """Goal, irritability, equipment and lateral hip pain in; rules, shortlist and dose card out."""

    def __init__(self) -> None:
        self.exercises = load_exercises()
        self.emg = load_emg()
        self.dosage = load_dosage()
        label = {"description_width": "initial"}
        self.goal = w.Dropdown(
            options=GOAL_OPTIONS, value="rehabilitation", description="Goal:", style=label
        )
        self.stage = w.Dropdown(
            options=STAGE_OPTIONS, value="moderate", description="Irritability:", style=label
        )
        self.equipment = w.Dropdown(
            options=EQUIPMENT_OPTIONS, value="bodyweight", description="Equipment:", style=label
        )
        self.pain = w.Checkbox(value=False, description="Lateral hip pain", indent=False)
        self.notice = w.HTML(f"<p><b>{escape(NOT_A_PRESCRIPTION)}</b></p>")
        self.status = w.HTML()
        self.rules = w.HTML()
        self.shortlist = w.HTML()
        self.dose = w.HTML()
        controls = [self.goal, self.stage, self.equipment, self.pain]
        for control in controls:
            control.observe(self._changed, names="value")
        grid = w.GridBox(
            controls, layout=w.Layout(grid_template_columns="repeat(2, minmax(260px, 1fr))")
        )
        super().__init__([self.notice, grid, self.status, self.rules, self.shortlist, self.dose])
        self.update()

    def choice(self) -> ProgrammeChoice:
        """The client's situation, read from the controls."""
        return ProgrammeChoice(
            goal=str(self.goal.value),
            stage=str(self.stage.value),
            equipment=str(self.equipment.value),
            lateral_hip_pain=bool(self.pain.value),
        )

    def _changed(self, _change: dict[str, Any]) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the shortlist and dose card and redraw them together."""
        choice = self.choice()
        rows = select_exercises(self.exercises, self.emg, choice)
        items = "".join(f"<li>{escape(rule)}</li>" for rule in rules_applied(choice))
        self.rules.value = f"<p><b>Rules applied</b></p><ul>{items}</ul>"
        if rows.empty:
            self.status.value = status_html(EMPTY, kind="warn")
            self.shortlist.value = ""
        else:
            flagged = int(rows["compression_flag"].sum())
            flags = f", {flagged} flagged for lateral hip compression" if flagged else ""
            self.status.value = status_html(
                f"{len(rows)} exercise{'s' if len(rows) != 1 else ''} fit{flags}."
            )
            self.shortlist.value = shortlist_html(rows)
        dose = dose_rows(self.dosage, choice)
        notes = "".join(f"<p>{escape(note)}</p>" for note in dose_notes(choice))
        self.dose.value = (
            "<h3>Dose card</h3>"
            + notes
            + dose_rows_html(dose, f"Doses for {choice.goal}, as the sources word them")
        )


def programme_builder() -> ProgrammeBuilder:
    """The programme builder used in ``11_programming_and_cueing.ipynb``."""
    return settled(ProgrammeBuilder())
