"""Which exercises load which gluteal muscle? Filter the evidence and rank it.

Filters: muscle (and region), exercise family, equipment, weight-bearing,
unilateral, minimum %MVIC, study. The view shows a ranked table (exercise,
study, %MVIC ± SD, n, band, where the value was read) and the matching chart,
both updated on every change. The chart is HTML the browser lays out
(:func:`glutelab.html_charts.ranked_chart_html`): a new selection is a few kilobytes of
markup, not a new picture. An empty result shows a message instead of an empty chart.

>>> view = exercise_explorer()
>>> view.muscle.value = "gluteus_minimus"
>>> "Moore et al. 2019 (gluteus minimus)" in view.table.value
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import pandas as pd

from glutelab.bands import DEFAULT_SCHEME, band_table
from glutelab.data import load_emg, load_exercises, study_names
from glutelab.evidence import (
    EvidenceFilter,
    evidence_table,
    filter_evidence,
    one_per_dataset,
    rank,
    ranking_status,
)
from glutelab.html_charts import HtmlChart, ranked_chart_html
from glutelab.widgets import (
    ANY,
    ChartView,
    HtmlBlock,
    any_option,
    chosen,
    escape,
    settled,
    source_details_html,
    status_html,
)

__all__ = [
    "ExerciseExplorer",
    "chart_key",
    "exercise_explorer",
    "family_exercises_html",
    "family_ids",
    "family_table",
    "ranked_table_html",
    "source_notes",
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


CELL = 'style="padding:4px 10px 4px 0;vertical-align:top;text-align:left"'
"""Every cell of the ranked table: room between columns, text aligned at the top."""
KEEP_TOGETHER = (
    'style="padding:4px 10px 4px 0;vertical-align:top;text-align:left;white-space:nowrap"'
)
"""A short cell that must not wrap (the band, where a value was read)."""
LINES = "line-height:1.4"
"""Wrapped lines spaced for reading (an HTML widget's own line height is a 28 px row)."""
RULE = 'style="border-top:1px solid #ddd"'
"""Each row of the ranked table starts with a thin rule, so long rows stay apart."""
MIN_SLIDER_WIDTH = "min(100%, 640px)"
"""The Minimum %MVIC slider gets a row of its own under the drop-downs: a track of about
500 px, some 12 px per 5 %MVIC step (in a 220 px grid cell it was about 90 px)."""
CHART_ROWS = 25
"""How many of the highest values the chart draws (the table lists up to 40)."""


def _fmt(value: object, suffix: str = "") -> str:
    return "" if value is None or pd.isna(value) else f"{value:g}{suffix}"  # type: ignore[call-overload]


def _td(content: str, style: str = CELL) -> str:
    return f"<td {style}>{content}</td>"


def source_notes(rows: pd.DataFrame, names: dict[str, str]) -> dict[tuple[str, str, str], int]:
    """Number each place a value was read from (study, kind of source, locator), in order.

    The ranked table shows the number in its *Read from* column and lists each place
    once under the table, so a long locator is not repeated on every row.

    >>> rows = pd.DataFrame({"study_id": ["a", "b", "a"], "source_kind": ["abstract"] * 3,
    ...                      "locator": ["results", "Table 2", "results"]})
    >>> source_notes(rows, {})
    {('a', 'abstract', 'results'): 1, ('b', 'abstract', 'Table 2'): 2}
    """
    notes: dict[tuple[str, str, str], int] = {}
    for row in rows.to_dict("records"):
        key = (str(row["study_id"]), str(row["source_kind"]), str(row["locator"]))
        notes.setdefault(key, len(notes) + 1)
    return notes


def _notes_html(notes: dict[tuple[str, str, str], int], names: dict[str, str]) -> str:
    items = "".join(
        f"<li>{escape(names.get(study, study))} \u2013 {escape(KIND_WORDS.get(kind, kind))}: "
        f"{escape(locator)}</li>"
        for (study, kind, locator) in notes
    )
    return source_details_html(
        '<p style="margin:6px 0 2px"><small><b>Read from</b>: where each value was read '
        "(the numbers in the last column)</small></p>"
        f'<ol class="glutelab-read-from" style="margin-top:0;font-size:0.85em;{LINES}">{items}</ol>'
    )


def _also(row: Mapping[Any, Any], names: dict[str, str]) -> str:
    """'also reported by' under a study whose value a second source repeats (escaped)."""
    also = row.get("also_in")
    if also is None or pd.isna(also):
        return ""
    who = ", ".join(names.get(s, s) for s in str(also).split(";"))
    return f"<br><small>also reported by {escape(who)}</small>"


def ranked_table_html(rows: pd.DataFrame, names: dict[str, str], *, limit: int = 40) -> str:
    """The ranked rows as an escaped HTML table (highest first), with padded cells.

    The *Read from* column gives the kind of source (abstract, secondary summary, ...) and
    a note number; the notes under the table, in a closed "Source details" disclosure, say
    once where in that source each value was read.

    Examples
    --------
    >>> import re
    >>> from glutelab.evidence import filter_evidence, rank
    >>> table = evidence_table(load_emg(), load_exercises())
    >>> rows = rank(filter_evidence(table, muscle="gluteus_minimus"))
    >>> html = ranked_table_html(rows, study_names(), limit=2)
    >>> html.count('<tr style="border-top')  # one body row per listed value
    2
    >>> shown = [float(v) for v in re.findall(r"<td[^>]*><b>([0-9.]+)</b>", html)]
    >>> shown == rows["pct_mvic"].head(2).tolist()  # highest first
    True
    >>> f"Showing 2 of {len(rows)} rows" in html
    True
    """
    if rows.empty:
        return ""
    listed = rows.head(limit)
    notes = source_notes(listed, names)
    body = []
    for rank_no, row in enumerate(listed.to_dict("records"), start=1):
        sd = f" ± {_fmt(row['sd'])}" if pd.notna(row["sd"]) else ""
        statistic = str(row["statistic"]).replace("_", " ")
        muscle = MUSCLE_NAMES.get(str(row["muscle"]), str(row["muscle"]))
        region = f" ({row['region']})" if pd.notna(row["region"]) else ""
        band = (
            str(row["band"]).replace("_", " ")
            if pd.notna(row["band"])
            else ("no band" if str(row["muscle"]) == "gluteus_medius" else "not graded")
        )
        kind = str(row["source_kind"])
        note = notes[(str(row["study_id"]), kind, str(row["locator"]))]
        condition = (
            f" <small>[{escape(row['condition'])}]</small>" if pd.notna(row["condition"]) else ""
        )
        body.append(
            f"<tr {RULE}>"
            + _td(str(rank_no))
            + _td(escape(row["exercise_label"]) + condition)
            + _td(escape(muscle + region))
            + _td(escape(names.get(str(row["study_id"]), row["study_id"])) + _also(row, names))
            + _td(
                f"<b>{escape(_fmt(row['pct_mvic']))}</b>{escape(sd)} "
                f"<small>({escape(statistic)})</small>"
            )
            + _td(escape(_fmt(row["n"])))
            + _td(escape(band), KEEP_TOGETHER)
            + _td(f"{escape(KIND_WORDS.get(kind, kind))} [{note}]", KEEP_TOGETHER)
            + "</tr>"
        )
    more = (
        f"<p><small>Showing {limit} of {len(rows)} rows.</small></p>" if len(rows) > limit else ""
    )
    head = "".join(
        f'<th scope="col" {CELL}>{h}</th>'
        for h in (
            "#",
            "Exercise (study's label)",
            "Muscle",
            "Study",
            "%MVIC",
            "n",
            "Band (gluteus medius)",
            "Read from",
        )
    )
    return (
        '<table class="glutelab-ranked" '
        f'style="border-collapse:collapse;font-size:0.9em;{LINES}">'
        "<caption>Reported gluteal EMG, highest first (%MVIC ± SD)</caption>"
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{more}{_notes_html(notes, names)}"
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
            layout=w.Layout(width=MIN_SLIDER_WIDTH),
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
        self._updating = False
        controls = [
            self.muscle,
            self.region,
            self.family,
            self.equipment,
            self.weight_bearing,
            self.unilateral,
            self.study,
            self.peaks,
            self.min_pct,
        ]
        for control in controls:
            control.observe(self._changed, names="value")
        grid = w.GridBox(
            controls[:-1], layout=w.Layout(grid_template_columns="repeat(3, minmax(220px, 1fr))")
        )
        super().__init__([grid, self.min_pct, self.status, self.chart_view, self.table])
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
        rows = rank(one_per_dataset(filter_evidence(self.evidence, self.settings())))
        if rows.empty:
            self.status.value = status_html(
                "No reported values match these filters. Widen one of them (for example set "
                "Minimum %MVIC lower, or choose 'Any' for muscle or study).",
                kind="warn",
            )
            self.chart_view.clear()
            self.table.value = ""
            return
        self.status.value = status_html(ranking_status(rows))

        def draw() -> HtmlChart:
            return ranked_chart_html(rows, bands=self.bands, citations=self.names, limit=CHART_ROWS)

        self.chart_view.show_markup(chart_key(rows), draw)
        self.table.value = ranked_table_html(rows, self.names)


def chart_key(rows: pd.DataFrame, limit: int = CHART_ROWS) -> tuple[object, ...]:
    """What the ranked chart of these (ranked) rows shows: its rows, and how many matched.

    Different filter settings often select the same rows; keyed by what is drawn, the
    chart is drawn once for all of them.

    >>> chart_key(pd.DataFrame({"row_id": ["b-1", "a-2", "c-3"]}), limit=2)
    (('b-1', 'a-2'), 3)
    """
    return (tuple(str(r) for r in rows["row_id"].head(limit)), len(rows))


def exercise_explorer() -> ExerciseExplorer:
    """The exercise explorer used in ``04_emg_evidence.ipynb``."""
    return settled(ExerciseExplorer())


def family_exercises_html(family: str) -> str:
    """The exercises of one family with regressions and progressions (course suggestions).

    Examples
    --------
    >>> import re
    >>> html = family_exercises_html("hip_thrust_bridge")
    >>> re.findall("<tr><td>(.*?)</td>", html)
    ['Glute bridge (both legs)', 'Single-leg bridge', 'Barbell hip thrust (back on a bench)']
    >>> family_exercises_html("lunge")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: unknown exercise family 'lunge'; known: hip_thrust_bridge, side_bridge, ...
    """
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
    """Exercise ids in a family (for :func:`glutelab.plots.exercise_forest`).

    >>> family_ids("hip_thrust_bridge")
    ['glute_bridge', 'single_leg_bridge', 'hip_thrust']
    """
    exercises = load_exercises()
    return [str(e) for e in exercises.loc[exercises["family"].astype(str) == family, "exercise_id"]]


def family_table(family: str) -> HtmlBlock:
    """Show :func:`family_exercises_html` in a notebook cell.

    Examples
    --------
    >>> block = family_table("side_bridge")
    >>> block  # the plain-text fallback; a notebook shows the HTML table
    exercises of family side_bridge
    >>> block._repr_html_() == family_exercises_html("side_bridge")
    True
    """
    return HtmlBlock(family_exercises_html(family), text=f"exercises of family {family}")
