"""Which exercises load which gluteal muscle? Filter the evidence and rank it.

Filters: muscle (and region), exercise family, equipment, weight-bearing,
unilateral, minimum %MVIC, study. The view shows a ranked table (exercise,
study, %MVIC ± SD, n, band, where the value was read) and the matching chart,
both updated on every change. One figure is redrawn in place; an empty
result shows a message instead of an empty chart.

>>> view = exercise_explorer()
>>> view.muscle.value = "gluteus_minimus"
>>> "Moore et al. 2019 (gluteus minimus)" in view.table.value
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from glutelab.bands import DEFAULT_SCHEME, band_table
from glutelab.data import load_emg, load_exercises, study_names
from glutelab.evidence import EvidenceFilter, evidence_table, filter_evidence, rank
from glutelab.plots import ranked_chart
from glutelab.style import Chart
from glutelab.widgets import ANY, ChartView, HtmlBlock, any_option, chosen, escape, status_html

__all__ = [
    "ExerciseExplorer",
    "exercise_explorer",
    "family_exercises_html",
    "family_ids",
    "family_table",
    "ranked_table_html",
]

FAMILY_NAMES = {
    "hip_thrust_bridge": "Hip thrust / glute bridge",
    "side_bridge": "Single-leg side bridge",
    "step_up_single_leg_squat": "Step-up / single-leg squat",
    "lunge_split_squat": "Lunge / split squat",
    "other": "Other exercises",
}
MUSCLE_NAMES = {
    "gluteus_maximus": "Gluteus maximus",
    "gluteus_medius": "Gluteus medius",
    "gluteus_minimus": "Gluteus minimus",
}
KIND_WORDS = {
    "full_text_table": "full-text table",
    "full_text": "full text",
    "abstract": "abstract",
    "secondary_summary": "secondary summary",
    "figure_read": "figure",
}


def _fmt(value: object, suffix: str = "") -> str:
    return "" if value is None or pd.isna(value) else f"{value:g}{suffix}"  # type: ignore[call-overload]


def ranked_table_html(rows: pd.DataFrame, names: dict[str, str], *, limit: int = 40) -> str:
    """The ranked rows as an escaped HTML table (highest first)."""
    if rows.empty:
        return ""
    body = []
    for rank_no, row in enumerate(rows.head(limit).to_dict("records"), start=1):
        sd = f" ± {_fmt(row['sd'])}" if pd.notna(row["sd"]) else ""
        statistic = str(row["statistic"]).replace("_", " ")
        muscle = MUSCLE_NAMES.get(str(row["muscle"]), str(row["muscle"]))
        region = f" ({row['region']})" if pd.notna(row["region"]) else ""
        band = str(row["band"]).replace("_", " ") if pd.notna(row["band"]) else "no band"
        body.append(
            "<tr>"
            f"<td>{rank_no}</td>"
            f"<td>{escape(row['exercise_label'])}"
            + (
                f" <small>[{escape(row['condition'])}]</small>"
                if pd.notna(row["condition"])
                else ""
            )
            + f"</td><td>{escape(muscle + region)}</td>"
            f"<td>{escape(names.get(str(row['study_id']), row['study_id']))}</td>"
            f"<td><b>{escape(_fmt(row['pct_mvic']))}</b>{escape(sd)} "
            f"<small>({escape(statistic)})</small></td>"
            f"<td>{escape(_fmt(row['n']))}</td>"
            f"<td>{escape(band)}</td>"
            f"<td>{escape(KIND_WORDS.get(str(row['source_kind']), row['source_kind']))}: "
            f"{escape(row['locator'])}</td>"
            "</tr>"
        )
    more = (
        f"<p><small>Showing {limit} of {len(rows)} rows.</small></p>" if len(rows) > limit else ""
    )
    return (
        '<table class="glutelab-ranked" style="border-collapse:collapse;font-size:0.9em">'
        "<caption>Reported gluteal EMG, highest first (%MVIC ± SD)</caption>"
        "<thead><tr><th>#</th><th>Exercise (study's label)</th><th>Muscle</th><th>Study</th>"
        "<th>%MVIC</th><th>n</th><th>Band</th><th>Read from</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{more}"
    )


class ExerciseExplorer(w.VBox):  # type: ignore[misc]
    """Filters, a status line, the ranked chart and the ranked table."""

    def __init__(self, *, scheme: str = DEFAULT_SCHEME) -> None:
        self.names = study_names()
        self.bands = band_table(scheme)
        self.evidence = evidence_table(load_emg(), load_exercises(), scheme=scheme)
        table = self.evidence
        options = {
            "muscle": sorted(set(table["muscle"].astype(str))),
            "family": [f for f in FAMILY_NAMES if f in set(table["family"].astype(str))],
            "equipment": sorted(set(table["equipment"].dropna().astype(str))),
            "study_id": sorted(
                set(table["study_id"].astype(str)), key=lambda s: self.names.get(s, s)
            ),
        }
        label = {"description_width": "initial"}
        self.muscle = w.Dropdown(
            options=[any_option("Any muscle")] + [(MUSCLE_NAMES[m], m) for m in options["muscle"]],
            description="Muscle:",
            style=label,
        )
        self.region = w.Dropdown(
            options=[any_option("Any region")], description="Region:", style=label
        )
        self.family = w.Dropdown(
            options=[any_option("Any family")] + [(FAMILY_NAMES[f], f) for f in options["family"]],
            description="Exercise family:",
            style=label,
        )
        self.equipment = w.Dropdown(
            options=[any_option("Any equipment")] + [(e, e) for e in options["equipment"]],
            description="Equipment:",
            style=label,
        )
        choices = [any_option("Either"), ("Yes", True), ("No", False)]
        self.weight_bearing = w.Dropdown(
            options=choices, description="Weight-bearing:", style=label
        )
        self.unilateral = w.Dropdown(options=choices, description="One leg:", style=label)
        self.min_pct = w.IntSlider(
            value=0,
            min=0,
            max=200,
            step=5,
            description="Minimum %MVIC:",
            style=label,
            continuous_update=False,
        )
        self.study = w.Dropdown(
            options=[any_option("Any study")]
            + [(self.names.get(s, s), s) for s in options["study_id"]],
            description="Study:",
            style=label,
        )
        self.peaks = w.Checkbox(value=True, description="Include peak values", indent=False)
        self.status = w.HTML()
        self.chart_view = ChartView()
        self.table = w.HTML()
        self._chart: Chart | None = None
        self._updating = False
        controls = [
            self.muscle,
            self.region,
            self.family,
            self.equipment,
            self.weight_bearing,
            self.unilateral,
            self.min_pct,
            self.study,
            self.peaks,
        ]
        for control in controls:
            control.observe(self._changed, names="value")
        grid = w.GridBox(
            controls, layout=w.Layout(grid_template_columns="repeat(3, minmax(220px, 1fr))")
        )
        super().__init__([grid, self.status, self.chart_view, self.table])
        self.update()

    def settings(self) -> EvidenceFilter:
        """The current filter, read from the controls."""
        return EvidenceFilter(
            muscle=chosen(self.muscle.value),
            region=chosen(self.region.value),
            family=chosen(self.family.value),
            equipment=chosen(self.equipment.value),
            weight_bearing=chosen(self.weight_bearing.value),
            unilateral=chosen(self.unilateral.value),
            min_pct_mvic=float(self.min_pct.value),
            study_id=chosen(self.study.value),
            include_peaks=bool(self.peaks.value),
        )

    def _changed(self, change: dict[str, Any]) -> None:
        if self._updating:
            return
        if change["owner"] is self.muscle:
            self._set_regions()
        self.update()

    def _set_regions(self) -> None:
        rows = self.evidence
        muscle = chosen(self.muscle.value)
        if muscle is not None:
            rows = rows[rows["muscle"].astype(str) == muscle]
        regions = sorted(set(rows["region"].dropna().astype(str)))
        self._updating = True
        try:
            self.region.options = [any_option("Any region")] + [(r, r) for r in regions]
            self.region.value = ANY
        finally:
            self._updating = False

    def update(self) -> None:
        """Recompute the rows and redraw the status, chart and table together."""
        rows = rank(filter_evidence(self.evidence, self.settings()))
        if rows.empty:
            self.status.value = status_html(
                "No reported values match these filters. Widen one of them (for example set "
                "Minimum %MVIC lower, or choose 'Any' for muscle or study).",
                kind="warn",
            )
            self.chart_view.clear()
            self.table.value = ""
            return
        studies = rows["study_id"].nunique()
        self.status.value = status_html(
            f"{len(rows)} reported values from {studies} source{'s' if studies != 1 else ''}."
        )

        def draw() -> Chart:
            self._chart = ranked_chart(
                rows, bands=self.bands, citations=self.names, chart=self._chart
            )
            return self._chart

        self.chart_view.show_cached(self.settings(), draw, keep=True)
        self.table.value = ranked_table_html(rows, self.names)


def exercise_explorer() -> ExerciseExplorer:
    """The exercise explorer used in ``04_emg_evidence.ipynb``."""
    return ExerciseExplorer()


def family_exercises_html(family: str) -> str:
    """The exercises of one family with regressions and progressions (course suggestions)."""
    exercises = load_exercises()
    rows = exercises[exercises["family"].astype(str) == family]
    if rows.empty:
        known = ", ".join(FAMILY_NAMES)
        raise ValueError(f"unknown exercise family {family!r}; known: {known}")
    body = "".join(
        f"<tr><td>{escape(r['name'])}</td><td>{escape(r['equipment'])}</td>"
        f"<td>{escape(r['regressions'])}</td><td>{escape(r['progressions'])}</td></tr>"
        for r in rows.fillna("").to_dict("records")
    )
    return (
        f"<table><caption>{escape(FAMILY_NAMES[family])}: easier and harder options "
        "(teaching suggestions, not study data)</caption><thead><tr><th>Exercise</th>"
        "<th>Equipment</th><th>Make it easier</th><th>Make it harder</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def family_ids(family: str) -> list[str]:
    """Exercise ids in a family (for :func:`glutelab.plots.exercise_forest`)."""
    exercises = load_exercises()
    return [str(e) for e in exercises.loc[exercises["family"].astype(str) == family, "exercise_id"]]


def family_table(family: str) -> HtmlBlock:
    """Show :func:`family_exercises_html` in a notebook cell."""
    return HtmlBlock(family_exercises_html(family), text=f"exercises of family {family}")
