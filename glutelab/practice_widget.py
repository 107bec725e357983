"""Tables for the clinical notebooks: trials, tests, nerve-block forces and compression.

Every cell that comes from a data file is escaped. Each table is followed by a
"source details" disclosure: where each row was read and what could not be seen.

>>> html = trial_table("gluteal tendinopathy")._repr_html_()
>>> "wait and see" in html and "<details" in html
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from glutelab.data import (
    load_assessment_tests,
    load_dosage,
    load_exercises,
    load_hip_function,
    load_nerve_block_abduction,
    load_studies,
    load_task_demands,
    load_trials,
    study_names,
)
from glutelab.practice import abduction_force_change, trial_proportions
from glutelab.practice_plots import arm_values_chart, nerve_block_chart, trial_success_chart
from glutelab.style import Chart
from glutelab.widgets import HtmlBlock, escape

__all__ = [
    "assessment_table",
    "compression_table",
    "dose_rows_html",
    "dose_table",
    "hip_function_table",
    "nerve_block_figure",
    "nerve_block_table",
    "source_details_html",
    "table_html",
    "task_demand_table",
    "trial_success_figure",
    "trial_table",
    "trial_values_figure",
]

CELL = 'style="padding:4px 10px 4px 0;vertical-align:top;text-align:left"'
KIND_WORDS = {
    "full_text_table": "full-text table",
    "full_text": "full text",
    "abstract": "from the abstract",
    "secondary_summary": "secondary source (someone else's summary, not the original work)",
    "figure_read": "read from a figure",
}
BLOCK_NAMES = {
    "tfl": "tensor fasciae latae",
    "gmed_gmin": "gluteus medius and minimus",
    "gmax": "gluteus maximus",
}
POSITION_NAMES = {
    "flexion_30": "30° flexion",
    "neutral": "neutral",
    "extension_30": "30° extension",
}
COMPRESSION_WORDS = {
    "yes": "Compressive: the position itself loads the lateral hip in adduction",
    "if_hip_adducts": "Compressive only if the pelvis drops or the thigh crosses the midline",
    "no": "Keeps both hips out of adduction",
}


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table_html(caption: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A captioned HTML table; every cell is escaped.

    >>> table_html("C", ["a"], [["<b>"]]).count("&lt;b&gt;")
    1
    """
    head = "".join(f'<th scope="col" {CELL}>{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td {CELL}>{escape(_text(c))}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return (
        '<table style="border-collapse:collapse;font-size:0.9em;line-height:1.4">'
        f"<caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def source_details_html(rows: pd.DataFrame) -> str:
    """A closed "Source details" disclosure: for each row, the kind of source, locator and note.

    The row's id is kept in a ``data-row`` attribute for checking, not shown to the learner.
    """
    names = study_names()
    items = "".join(
        f'<li data-row="{escape(r["row_id"])}">'
        f"{escape(names.get(str(r['study_id']), str(r['study_id'])))}: "
        f"{escape(KIND_WORDS.get(str(r['source_kind']), str(r['source_kind'])))}; "
        f"{escape(r['locator'])}; <code>{escape(r['source_url'])}</code>"
        + (f". {escape(r['note'])}" if _text(r.get("note")) else "")
        + "</li>"
        for r in rows.to_dict("records")
    )
    return f"<details><summary>Source details</summary><ul>{items}</ul></details>"


def single_group_studies() -> set[str]:
    """Studies whose design (``studies.csv``) is neither randomised nor crossover: one group.

    >>> "seynnes2007" in single_group_studies(), "mellor2018" in single_group_studies()
    (True, False)
    """
    design = load_studies().set_index("study_id")["design"].fillna("").astype(str).str.lower()
    one_group = ~design.str.contains("random") & ~design.str.contains("crossover")
    return {str(study) for study in design.index[one_group]}


def trial_table(*conditions: str, title: str | None = None) -> HtmlBlock:
    """The trials of one or more conditions: arm, participants, outcome, time point and result.

    ``title`` replaces the caption's "Trials in ..." where a list of conditions reads badly.

    Raises
    ------
    ValueError
        If a condition matches no trial in ``trials.csv``.
    """
    trials = load_trials()
    known = set(trials["condition"].astype(str))
    for condition in conditions:
        if condition not in known:
            raise ValueError(
                f"no trials for condition {condition!r}; known: {', '.join(sorted(known))}"
            )
    rows = trials[trials["condition"].astype(str).isin(conditions)]
    condition = " and ".join(conditions)
    names = study_names()
    pct = trial_proportions(rows).set_index("row_id")["pct"]
    single = single_group_studies()
    body = [
        (
            names.get(str(r["study_id"]), r["study_id"]),
            r["arm"],
            _text(r["n_arm"])
            + (" (single group, no control)" if str(r["study_id"]) in single else ""),
            r["outcome"],
            r["time_point"],
            r["result"] + (f" ({pct[r['row_id']]:.0f}%)" if r["row_id"] in pct.index else ""),
        )
        for r in rows.to_dict("records")
    ]
    computed = " (percentages computed from the counts)" if len(pct) else ""
    html = table_html(
        f"{title or f'Trials in {condition}'}: results as reported{computed}",
        ["Trial", "Arm or comparison", "Participants (per arm)", "Outcome", "When", "Result"],
        body,
    )
    return HtmlBlock(html + source_details_html(rows), text=f"trials in {condition}")


def assessment_table(study_ids: Sequence[str] | None = None) -> HtmlBlock:
    """Reliability or accuracy of the clinical tests (all, or those of ``study_ids``).

    Examples
    --------
    >>> block = assessment_table(["krause2014"])
    >>> block  # the plain-text fallback; a notebook shows the HTML table
    clinical hip tests
    >>> html = block._repr_html_()
    >>> "intrarater ICC(3,1)" in html, "single-leg stance" in html  # only that study's test
    (True, False)
    """
    tests = load_assessment_tests()
    if study_ids is not None:
        tests = tests[tests["study_id"].astype(str).isin(study_ids)]
    names = study_names()
    body = [
        (
            r["test"],
            r["population"] + (f" (n = {r['n']})" if pd.notna(r["n"]) else ""),
            r["statistic"],
            r["value_reported"],
            names.get(str(r["study_id"]), r["study_id"]),
        )
        for r in tests.to_dict("records")
    ]
    html = table_html(
        "Clinical hip tests: reliability and accuracy as reported",
        ["Test", "Who was tested", "Statistic", "Result", "Study"],
        body,
    )
    return HtmlBlock(html + source_details_html(tests), text="clinical hip tests")


def nerve_block_table() -> HtmlBlock:
    """Abduction force without and with each block, and the change (computed), per hip position.

    Examples
    --------
    The change is worked out from the two forces: (187 - 220) / 220 is -15 %.

    >>> import re
    >>> cells = re.findall(r"<td[^>]*>(.*?)</td>", nerve_block_table()._repr_html_())
    >>> cells[:5]  # position, muscle blocked, force without and with the block (N), change
    ['30° flexion', 'tensor fasciae latae', '220', '187', '-15%']
    """
    change = abduction_force_change(load_nerve_block_abduction())
    body = [
        (
            POSITION_NAMES[str(r["hip_position"])],
            BLOCK_NAMES[str(r["block"])],
            f"{r['baseline_n']:.0f}",
            f"{r['force_n']:.0f}",
            f"{r['pct_change']:+.0f}%",
        )
        for r in change.reset_index().to_dict("records")
    ]
    html = table_html(
        "Hip abduction force (N, average of 10 people) without and with a nerve block",
        ["Hip position", "Muscle blocked", "No block (N)", "With block (N)", "Change"],
        body,
    )
    raw = load_nerve_block_abduction()
    return HtmlBlock(html + source_details_html(raw.head(1)), text="abduction force after blocks")


def compression_table() -> HtmlBlock:
    """The course's exercises grouped by how they load the lateral hip in adduction.

    Examples
    --------
    >>> import re
    >>> cells = re.findall(r"<td[^>]*>(.*?)</td>", compression_table()._repr_html_())
    >>> for group in cells[0::2]:
    ...     print(group)
    Compressive: the position itself loads the lateral hip in adduction
    Compressive only if the pelvis drops or the thigh crosses the midline
    Keeps both hips out of adduction
    >>> "Clam (side-lying hip external rotation)" in cells[1]
    True
    """
    exercises = load_exercises()
    body = [
        (
            COMPRESSION_WORDS[level],
            ", ".join(
                str(n)
                for n in exercises.loc[
                    exercises["adduction_compression"].astype(str) == level, "name"
                ]
            ),
        )
        for level in COMPRESSION_WORDS
    ]
    html = table_html(
        "The course's exercises and lateral hip compression (a teaching classification)",
        ["How the position loads the lateral hip", "Exercises"],
        body,
    )
    return HtmlBlock(html, text="exercises by lateral hip compression")


DOSE_COLUMNS = {
    "sets": "Sets",
    "repetitions": "Repetitions",
    "intensity": "Load",
    "proximity_to_failure": "Proximity to failure",
    "frequency": "Frequency",
    "duration": "Duration",
    "rest": "Rest",
    "progression": "Progression",
}
"""Dose fields shown, in order; a field no selected row fills is left out of the table."""


def dose_rows_html(rows: pd.DataFrame, caption: str) -> str:
    """Dose rows as a table: who, goal, the dose fields any row fills, and the source.

    Examples
    --------
    The ACSM advice for novices gives repetitions, load and frequency, so the table has
    those columns and no empty "Sets" or "Rest" column:

    >>> import re
    >>> dosage = load_dosage()
    >>> html = dose_rows_html(dosage[dosage["row_id"] == "acsm2009-01"], "Novices")
    >>> re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    ['Who', 'Goal', 'Repetitions', 'Load', 'Frequency', 'Source']
    >>> "8-12 repetition maximum" in html
    True
    """
    filled = [c for c in DOSE_COLUMNS if rows[c].fillna("").astype(str).str.strip().ne("").any()]
    names = study_names()
    body = [
        [r["population"], str(r["goal"])]
        + [r[c] for c in filled]
        + [names.get(str(r["study_id"]), r["study_id"])]
        for r in rows.to_dict("records")
    ]
    header = ["Who", "Goal", *(DOSE_COLUMNS[c] for c in filled), "Source"]
    return table_html(caption, header, body) + source_details_html(rows)


def dose_table(*goals: str) -> HtmlBlock:
    """Dose recommendations and trial programmes for the given goals (all when none given).

    Examples
    --------
    >>> html = dose_table("strength")._repr_html_()
    >>> "2-3 days per week" in html, ">hypertrophy<" in html
    (True, False)
    >>> dose_table("endurance")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: unknown goal 'endurance'; known: strength, hypertrophy, ...
    """
    dosage = load_dosage()
    known = [str(g) for g in dosage["goal"].cat.categories]
    for goal in goals:
        if goal not in known:
            raise ValueError(f"unknown goal {goal!r}; known: {', '.join(known)}")
    rows = dosage[dosage["goal"].astype(str).isin(goals or known)]
    html = dose_rows_html(
        rows, "Doses as the sources word them (empty where a source does not say)"
    )
    return HtmlBlock(html, text="dose recommendations")


def task_demand_table() -> HtmlBlock:
    """What the sources found about how hard each task works a gluteal muscle.

    Examples
    --------
    >>> import re
    >>> html = task_demand_table()._repr_html_()
    >>> re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    ['Muscle', 'Task', 'Finding', 'Study']
    >>> "<td" in html and "sprinting" in html and "<details" in html  # with source details
    True
    """
    rows = load_task_demands()
    names = study_names()
    body = [
        (
            str(r["muscle"]).replace("_", " "),
            r["task"],
            r["finding"],
            names.get(str(r["study_id"]), r["study_id"]),
        )
        for r in rows.to_dict("records")
    ]
    html = table_html(
        "Gluteal activity across tasks, as reported", ["Muscle", "Task", "Finding", "Study"], body
    )
    return HtmlBlock(html + source_details_html(rows), text="gluteal activity across tasks")


HIP_FUNCTION_TOPICS = {
    "gait_pattern": "What weak gluteal muscles do to walking, as the sources describe it",
    "hip_extensors": (
        "The muscles that extend the hip with gluteus maximus, as the sources describe them"
    ),
}
"""Per topic of ``hip_function.csv``, the caption of its table."""


def hip_function_table(topic: str) -> HtmlBlock:
    """The findings of one topic of ``hip_function.csv`` (see :data:`HIP_FUNCTION_TOPICS`).

    >>> html = hip_function_table("gait_pattern")._repr_html_()
    >>> "lurch" in html and "<details" in html
    True
    """
    if topic not in HIP_FUNCTION_TOPICS:
        raise ValueError(f"unknown topic {topic!r}; known: {', '.join(HIP_FUNCTION_TOPICS)}")
    table = load_hip_function()
    rows = table[table["topic"].astype(str) == topic]
    names = study_names()
    body = [
        (r["muscle"], r["finding"], names.get(str(r["study_id"]), r["study_id"]))
        for r in rows.to_dict("records")
    ]
    html = table_html(HIP_FUNCTION_TOPICS[topic], ["Muscle", "Finding", "Source"], body)
    return HtmlBlock(html + source_details_html(rows), text=HIP_FUNCTION_TOPICS[topic].lower())


def nerve_block_figure() -> Chart:
    """The change in abduction force with each nerve block, as a chart.

    Examples
    --------
    One bar per block and hip position, as long as the computed change:

    >>> from glutelab.practice import abduction_force_change
    >>> chart = nerve_block_figure()
    >>> change = abduction_force_change(load_nerve_block_abduction())["pct_change"]
    >>> sorted(round(bar.get_width(), 6) for bar in chart.ax.patches) == sorted(change.round(6))
    True
    >>> chart.ax.get_title(loc="left")
    'Blocking gluteus medius and minimus cut abduction force most in every position'
    """
    return nerve_block_chart(abduction_force_change(load_nerve_block_abduction()))


def _study_rows(study_id: str) -> pd.DataFrame:
    trials = load_trials()
    rows = trials[trials["study_id"].astype(str) == study_id]
    if rows.empty:
        known = ", ".join(sorted(set(trials["study_id"].astype(str))))
        raise ValueError(f"no rows for study {study_id!r} in trials.csv; known: {known}")
    return rows


def trial_success_figure(study_id: str) -> Chart:
    """The share of each arm of one trial with the outcome, as a chart.

    Examples
    --------
    >>> chart = trial_success_figure("mellor2018")
    >>> [label.get_text() for label in chart.ax.texts]  # successes of the arm's total
    ['51/66 (77%)', '38/65 (58%)', '20/68 (29%)']
    >>> chart.ax.get_title(loc="left")
    'Most success at 8 weeks: education plus exercise (EDX)'
    """
    return trial_success_chart(trial_proportions(_study_rows(study_id)), study_names())


def trial_values_figure(study_id: str, title: str) -> Chart:
    """One bar per arm of one study that reported a single value; ``title`` states the finding.

    Examples
    --------
    >>> chart = trial_values_figure("kendall2015", "Pain fell by a similar amount in both arms")
    >>> [float(bar.get_width()) for bar in chart.ax.patches]  # change in pain, mm of 100
    [-20.9, -24.9]
    >>> chart.ax.get_title(loc="left")
    'Pain fell by a similar amount in both arms'
    >>> trial_values_figure("nobody2020", "")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: no rows for study 'nobody2020' in trials.csv; known: ...
    """
    return arm_values_chart(_study_rows(study_id), title=title, names=study_names())
