"""Figures for the clinical notebooks (09-12), drawn from tidy frames in the course style.

Bars read from an abstract are hatched ``//`` and from a secondary summary ``..``, so the kind
of source never depends on colour alone; every chart has alt text and a source line.

>>> from glutelab.data import load_nerve_block_abduction
>>> from glutelab.practice import abduction_force_change
>>> chart = nerve_block_chart(abduction_force_change(load_nerve_block_abduction()))
>>> len(chart.ax.patches)
9
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd

from glutelab.style import (
    MUSCLE_COLOURS,
    OKABE_ITO,
    SOURCE_HATCHES,
    Chart,
    add_source_line,
    new_chart,
    style_axes,
)

__all__ = ["arm_values_chart", "nerve_block_chart", "trial_success_chart"]

BLOCKS = {
    "gmed_gmin": ("gluteus medius and minimus", MUSCLE_COLOURS["gluteus_medius"]),
    "gmax": ("gluteus maximus", MUSCLE_COLOURS["gluteus_maximus"]),
    "tfl": ("tensor fasciae latae", OKABE_ITO["reddish_purple"]),
}
POSITIONS = {"flexion_30": "30° flexion", "neutral": "Neutral", "extension_30": "30° extension"}


def _finish(chart: Chart, *, title: str, xlabel: str) -> None:
    style_axes(chart.ax, title=title, xlabel=xlabel, ylabel="")
    add_source_line(chart)


def nerve_block_chart(change: pd.DataFrame, *, citation: str = "Hoch et al.") -> Chart:
    """Change in abduction force with each nerve block, grouped by hip position.

    ``change`` is :func:`glutelab.practice.abduction_force_change`'s frame.
    """
    frame = change.reset_index()
    positions = [p for p in POSITIONS if p in set(frame["hip_position"].astype(str))]
    summary = "; ".join(
        f"{POSITIONS[p]}: "
        + ", ".join(
            f"{BLOCKS[str(r['block'])][0]} {r['pct_change']:+.0f}%"
            for r in frame[frame["hip_position"] == p].to_dict("records")
        )
        for p in positions
    )
    chart = new_chart(
        alt="Horizontal bar chart of the change in hip abduction force with a nerve block of "
        f"each muscle group, by hip position. {summary}.",
        source=f"Source: {citation} (abstract): average force of 10 people without and with "
        "each block; percentages computed by the course.",
        height=5.5,
    )
    ax = chart.ax
    labels: list[str] = []
    values: list[float] = []
    y = 0.0
    ticks: list[float] = []
    for position in positions:
        rows = frame[frame["hip_position"] == position].set_index("block")
        start = y
        for block, (name, colour) in BLOCKS.items():
            if block not in rows.index:
                continue
            value = float(rows.at[block, "pct_change"])  # type: ignore[arg-type]
            ax.barh(
                y,
                value,
                color=colour,
                hatch=SOURCE_HATCHES["abstract"],
                edgecolor="#222222",
                label=name if position == positions[0] else None,
            )
            ax.text(
                value + (2 if value >= 0 else -2),
                y,
                f"{value:+.0f}%",
                va="center",
                ha="left" if value >= 0 else "right",
                fontsize=10,
            )
            labels.append(f"{POSITIONS[position]}: {name}")
            values.append(value)
            y += 1
        ticks.append((start + y - 1) / 2)
        y += 0.8
    ax.set_yticks(ticks, [POSITIONS[p] for p in positions])
    ax.invert_yaxis()
    ax.axvline(0, color="#222222", linewidth=1)
    low = min([*values, 0.0])
    high = max([*values, 0.0])
    ax.set_xlim(low - 15, high + 15)
    ax.legend(loc="lower left", frameon=False)
    _finish(
        chart,
        title="Blocking gluteus medius and minimus cut abduction force most in every position",
        xlabel="Change in abduction force with the block (%)",
    )
    chart.data = {"labels": labels, "values": values}
    return chart


def trial_success_chart(rows: pd.DataFrame, names: Mapping[str, str] | None = None) -> Chart:
    """Share of each arm with the outcome, from ``events`` and ``total`` (in percent).

    ``rows`` is :func:`glutelab.practice.trial_proportions`' frame for one trial.

    Examples
    --------
    Each bar is as long as the share of its arm with the outcome, events / total:

    >>> from glutelab.data import load_trials
    >>> from glutelab.practice import trial_proportions
    >>> trials = load_trials()
    >>> rows = trial_proportions(trials[trials["study_id"] == "mellor2018"])
    >>> chart = trial_success_chart(rows)
    >>> expected = (100 * rows["events"] / rows["total"]).round().tolist()
    >>> [round(bar.get_width()) for bar in chart.ax.patches] == expected
    True
    >>> tuple(map(float, chart.ax.get_xlim()))  # percent
    (0.0, 100.0)
    """
    cite = ", ".join(sorted({(names or {}).get(str(s), str(s)) for s in rows["study_id"]}))
    records = rows.to_dict("records")
    summary = "; ".join(
        f"{r['arm']}: {int(r['events'])} of {int(r['total'])} ({r['pct']:.0f}%)" for r in records
    )
    outcome = str(records[0]["outcome"]) if records else ""
    when = str(records[0]["time_point"]) if records else ""
    chart = new_chart(
        alt=f"Horizontal bar chart of the percentage of each arm reporting {outcome} at {when}. "
        f"{summary}.",
        source=f"Source: {cite} (abstract); percentages computed from the reported counts.",
        height=max(3.0, 0.9 * len(records) + 2),
    )
    ax = chart.ax
    colours = [OKABE_ITO["bluish_green"], OKABE_ITO["orange"], OKABE_ITO["sky_blue"]]
    for i, r in enumerate(records):
        ax.barh(
            i,
            r["pct"],
            color=colours[i % len(colours)],
            hatch=SOURCE_HATCHES.get(str(r["source_kind"]), ""),
            edgecolor="#222222",
        )
        ax.text(
            r["pct"] + 1,
            i,
            f"{int(r['events'])}/{int(r['total'])} ({r['pct']:.0f}%)",
            va="center",
            fontsize=10,
        )
    ax.set_yticks(range(len(records)), [textwrap.fill(str(r["arm"]), 28) for r in records])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    best = max(records, key=lambda r: r["pct"]) if records else None
    title = (
        f"Most success at {when}: {best['arm']}" if best is not None else "No proportions reported"
    )
    _finish(chart, title=title, xlabel=f"Participants reporting {outcome} (%)")
    chart.data = {
        "labels": [str(r["arm"]) for r in records],
        "values": [float(r["pct"]) for r in records],
    }
    return chart


def _abstract_kind(rows: pd.DataFrame) -> str:
    """'conference abstract' when every row was read in one, else 'abstract'.

    >>> _abstract_kind(pd.DataFrame({"locator": ["conference abstract, results"]}))
    'conference abstract'
    """
    locators = rows["locator"].astype(str)
    if len(locators) and locators.str.contains("conference abstract").all():
        return "conference abstract"
    return "abstract"


def arm_values_chart(
    rows: pd.DataFrame, *, title: str, names: Mapping[str, str] | None = None
) -> Chart:
    """One bar per row of ``trials.csv`` that reports a single ``value``, labelled by arm.

    Examples
    --------
    Rows without a single value (a between-group comparison, say) get no bar:

    >>> from glutelab.data import load_trials
    >>> trials = load_trials()
    >>> rows = trials[trials["study_id"] == "kendall2015"]
    >>> chart = arm_values_chart(rows, title="Pain fell in both arms")
    >>> len(chart.ax.patches) == int(rows["value"].notna().sum())
    True
    >>> [float(bar.get_width()) for bar in chart.ax.patches] == rows["value"].dropna().tolist()
    True

    Bars in different units cannot share an axis:

    >>> mixed = rows.dropna(subset=["value"]).assign(value_unit=["mm", "points"])
    >>> arm_values_chart(mixed, title="")
    Traceback (most recent call last):
    ValueError: rows mix units ['mm', 'points']; chart one unit at a time
    """
    rows = rows[rows["value"].notna()]
    records = rows.to_dict("records")
    units = sorted({str(r["value_unit"]) for r in records})
    if len(units) > 1:
        raise ValueError(f"rows mix units {units}; chart one unit at a time")
    unit = units[0] if units else ""
    cite = ", ".join(sorted({(names or {}).get(str(s), str(s)) for s in rows["study_id"]}))
    outcome = str(records[0]["outcome"]) if records else ""
    summary = "; ".join(f"{r['arm']}: {r['value']:+g} {unit}" for r in records)
    chart = new_chart(
        alt=f"Horizontal bar chart of {outcome} per arm. {summary}.",
        source=f"Source: {cite} ({_abstract_kind(rows)}). Values as reported.",
        height=max(3.0, 0.9 * len(records) + 2),
    )
    ax = chart.ax
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"]]
    for i, r in enumerate(records):
        value = float(r["value"])
        ax.barh(
            i,
            value,
            color=colours[i % len(colours)],
            hatch=SOURCE_HATCHES.get(str(r["source_kind"]), ""),
            edgecolor="#222222",
        )
        ax.text(
            value + (0.5 if value >= 0 else -0.5),
            i,
            f"{value:+g}",
            va="center",
            ha="left" if value >= 0 else "right",
            fontsize=10,
        )
    ax.set_yticks(range(len(records)), [textwrap.fill(str(r["arm"]), 28) for r in records])
    ax.invert_yaxis()
    values = [float(r["value"]) for r in records]
    span = max([abs(v) for v in values] + [1.0])
    ax.set_xlim(min([*values, 0.0]) - 0.25 * span, max([*values, 0.0]) + 0.25 * span)
    ax.axvline(0, color="#222222", linewidth=1)
    _finish(chart, title=title, xlabel=f"{outcome[:1].upper()}{outcome[1:]} ({unit})")
    chart.data = {"labels": [str(r["arm"]) for r in records], "values": values}
    return chart
