"""Charts of the gluteal EMG evidence, drawn from tidy frames.

Each function takes the tables the loaders return (it never reads files),
draws one figure in the course style, and returns a :class:`~glutelab.style.Chart`
(``chart.figure``, ``chart.ax``, ``chart.alt``, ``chart.source`` and
``chart.data``, a record of what was drawn).

>>> from glutelab.data import load_emg
>>> from glutelab.bands import band_table
>>> chart = study_chart(load_emg(), "macaskill2014", bands=band_table())
>>> max(chart.data["values"])  # MacAskill et al. 2014: prone 10RM hip extension, GMax
100.7
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.patches import Patch, Rectangle

from glutelab.style import (
    BAND_SHADES,
    MUSCLE_COLOURS,
    OKABE_ITO,
    RC,
    SOURCE_HATCHES,
    Chart,
    add_source_line,
    figure_title,
    new_chart,
    set_margins,
    source_height,
    style_axes,
    text_height,
    text_width,
)

__all__ = [
    "CENTRAL_STATISTICS",
    "dataset_sentence",
    "empty_chart",
    "evidence_coverage",
    "exercise_forest",
    "gta_chart",
    "overview_heatmap",
    "ranked_chart",
    "ranked_labels",
    "scenario_chart",
    "study_chart",
]

CENTRAL_STATISTICS = ("mean", "median", "pooled_mean", "not_stated")
"""Statistics that describe a typical level (peaks and range ends are shown separately)."""

MUSCLE_ABBREVIATIONS = {
    "gluteus_maximus": "GMax",
    "gluteus_medius": "GMed",
    "gluteus_minimus": "GMin",
}
MUSCLE_NAMES = {
    "gluteus_maximus": "Gluteus maximus",
    "gluteus_medius": "Gluteus medius",
    "gluteus_minimus": "Gluteus minimus",
}
KIND_NAMES = {
    "full_text_table": "full-text table",
    "full_text": "full text",
    "abstract": "abstract only",
    "secondary_summary": "secondary summary",
    "figure_read": "read off a figure",
}
STATISTIC_MARKERS = {
    "mean": "o",
    "median": "s",
    "pooled_mean": "D",
    "peak": "^",
    "not_stated": "X",
    "range": "|",
}
BAND_SOURCES = {"ebert2017": "Ebert et al. 2017", "neto2020": "Krause Neto et al. 2020"}
"""How the band schemes' sources are named in a chart's note (the plots never read files)."""
PCT_LABEL = "EMG amplitude (% of maximal voluntary isometric contraction, %MVIC)"
BAND_LABEL_FONTSIZE = 9
BAND_LABEL_HEIGHT_IN = 0.2
"""Room above the axes for the band names (9-point type two points above the frame)."""


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts (string keys) of Python values, for drawing one mark per row.

    The same as ``frame.to_dict("records")``, read a column at a time (quicker on a redraw).

    >>> frame = pd.DataFrame({"pct_mvic": [40.5, 61.0], "n": [12, 9],
    ...                       "condition": pd.array(["knee bent", None], dtype="string")})
    >>> _records(frame) == frame.to_dict("records")
    True
    >>> _records(frame)[1]
    {'pct_mvic': 61.0, 'n': 9, 'condition': None}
    """
    keys = [str(k) for k in frame.columns]
    columns = [
        [None if v is pd.NA else v for v in column.tolist()]  # as to_dict does
        for _, column in frame.items()
    ]
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]


def _text(value: object) -> str:
    return (
        ""
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA
        else str(value)
    )


def _muscle_label(muscle: str, region: str) -> str:
    name = MUSCLE_NAMES.get(muscle, muscle)
    return f"{name} ({region})" if region else name


def _row_label(row: Mapping[str, Any], *, width: int | None = 38) -> str:
    """Exercise, condition and (unless a mean or range) statistic, shortened to ``width``
    characters (``None``: in full)."""
    label = _text(row["exercise_label"])
    condition = _text(row["condition"])
    if condition:
        label += f" [{condition}]"
    statistic = _text(row["statistic"])
    if statistic and statistic not in ("mean", "range"):
        shown = "statistic not stated" if statistic == "not_stated" else statistic.replace("_", " ")
        label += f" ({shown})"
    return label if width is None else textwrap.shorten(label, width=width, placeholder="...")


def _ranges_as_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Merge each range_low/range_high pair into one row with ``low`` and ``high`` columns."""
    keys = ["study_id", "muscle", "region", "exercise_id", "exercise_label", "condition"]
    central = rows[~rows["statistic"].isin(["range_low", "range_high"])].copy()
    central["low"] = np.nan
    central["high"] = np.nan
    ranges = rows[rows["statistic"].isin(["range_low", "range_high"])]
    if ranges.empty:
        return central
    group_keys = [ranges[k].astype(str).fillna("") for k in keys]
    merged = []
    for _, pair in ranges.groupby(group_keys, sort=False):
        values = dict(zip(pair["statistic"].astype(str), pair["pct_mvic"], strict=True))
        first = pair.iloc[0].to_dict()
        for column in ("also_in", "summary_of"):
            if column in pair:
                found = [v for cell in pair[column].dropna() for v in str(cell).split(";")]
                first[column] = ";".join(dict.fromkeys(found)) if found else None
        if "also_in" in pair:  # which end a second source repeats, e.g. "low end (74)"
            repeated = pair[pair["also_in"].notna()]
            first["also_end"] = "; ".join(
                f"{str(s).removeprefix('range_')} end ({v:g})"
                for s, v in zip(repeated["statistic"], repeated["pct_mvic"], strict=True)
            )
        first.update(
            statistic="range",
            pct_mvic=np.nan,
            sd=np.nan,
            low=values.get("range_low", np.nan),
            high=values.get("range_high", np.nan),
        )
        merged.append(first)
    combined = pd.concat([central, pd.DataFrame(merged)], ignore_index=True)
    combined["statistic"] = combined["statistic"].astype(str)
    return combined


def _shade_bands(
    chart: Chart, bands: pd.DataFrame | None, xmax: float, *, axes_width_in: float | None = None
) -> list[tuple[float, float]]:
    """Shade the activation bands behind the data, each labelled along the top edge.

    A band is labelled only where its name fits: with ``axes_width_in`` known, where the
    band is wider than its name; otherwise where it spans at least 9 % of the axis. The
    source line lists every band.
    """
    if bands is None or bands.empty:
        return []
    drawn = []
    for _, band in bands.sort_values("lower_pct_mvic").iterrows():
        # Limits are whole percentages; a value is banded after rounding to a whole
        # percent (glutelab.bands.activation_band), so each band spans +/- 0.5 around them.
        low = max(0.0, float(band["lower_pct_mvic"]) - 0.5)
        high = float(band["upper_pct_mvic"]) + 0.5 if pd.notna(band["upper_pct_mvic"]) else xmax
        if low >= xmax:
            continue
        high = min(high, xmax)
        name = str(band["band"])
        words = name.replace("_", " ")
        chart.ax.axvspan(low, high, color=BAND_SHADES.get(name, "#EEEEEE"), zorder=0, lw=0)
        share = (high - low) / xmax
        if axes_width_in is None:
            fits = share >= 0.09
        else:
            fits = share * axes_width_in >= text_width(words, BAND_LABEL_FONTSIZE) + 0.12
        if fits:
            chart.ax.annotate(
                words,
                ((low + high) / 2, 1.0),
                xycoords=chart.ax.get_xaxis_transform(),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=BAND_LABEL_FONTSIZE,
                color="#333333",
            )
        drawn.append((low, high))
    return drawn


def bands_note(bands: pd.DataFrame | None) -> str:
    """One sentence listing the shaded bands and their source scheme, e.g. for a source line.

    >>> from glutelab.bands import band_table
    >>> bands_note(band_table())[:60]
    "Shading: Ebert et al. 2017's activation bands for gluteus me"
    """
    if bands is None or bands.empty:
        return ""
    parts = []
    for band in _records(bands.sort_values("lower_pct_mvic")):
        name = str(band["band"]).replace("_", " ")
        if pd.isna(band["upper_pct_mvic"]):
            parts.append(f"{name} >={band['lower_pct_mvic']:g}")
        else:
            parts.append(f"{name} {band['lower_pct_mvic']:g}-{band['upper_pct_mvic']:g}")
    sources = ", ".join(sorted({BAND_SOURCES.get(str(s), str(s)) for s in bands["study_id"]}))
    muscles = {str(m) for m in bands["muscle"]}
    others = " or ".join(MUSCLE_NAMES[m].lower() for m in MUSCLE_NAMES if m not in muscles)
    named = " and ".join(MUSCLE_NAMES[m].lower() for m in MUSCLE_NAMES if m in muscles)
    return (
        f"Shading: {sources}'s activation bands for {named} ({', '.join(parts)} %MVIC); "
        f"they do not grade {others}."
    )


def empty_chart(message: str, *, title: str = "No data to show") -> Chart:
    """A chart that says why there is nothing to draw (never an empty axes).

    >>> chart = empty_chart("No reported values match these filters.")
    >>> [text.get_text() for text in chart.ax.texts]
    ['No data to show', 'No reported values match these filters.']
    """
    chart = new_chart(alt=f"{title}. {message}", source="", width=8, height=2.5)
    chart.ax.axis("off")
    chart.ax.text(0.5, 0.6, title, ha="center", va="center", fontsize=14, weight="bold")
    chart.ax.text(0.5, 0.3, message, ha="center", va="center", fontsize=12, wrap=True)
    chart.data = {"values": [], "message": message}
    return chart


def study_chart(
    emg: pd.DataFrame,
    study_id: str,
    *,
    bands: pd.DataFrame | None = None,
    citation: str | None = None,
) -> Chart:
    """One study's %MVIC values as horizontal bars, grouped by muscle and sorted.

    Bars show the reported value with ± SD whiskers (when reported); a
    review's range is a floating bar from its low to its high end. Bars read
    from an abstract are hatched ``//`` and those from a secondary summary
    ``..``. Activation bands (``bands``, e.g. :func:`glutelab.bands.band_table`)
    are shaded behind. The source line gives n, the normalisation and the kind
    of source.

    Raises
    ------
    ValueError
        When ``study_id`` has no rows in ``emg``.
    """
    rows = emg[emg["study_id"] == study_id]
    if rows.empty:
        known = ", ".join(sorted(emg["study_id"].unique()))
        raise ValueError(f"unknown study {study_id!r}: no EMG rows; known studies: {known}")
    rows = _ranges_as_rows(rows)
    rows["top"] = rows["pct_mvic"].fillna(rows["high"])
    rows["muscle_label"] = [
        _muscle_label(str(m), _text(r)) for m, r in zip(rows["muscle"], rows["region"], strict=True)
    ]
    rows = rows.sort_values(["muscle_label", "top"], ascending=[False, True]).reset_index(drop=True)
    name = citation or study_id
    height = max(3.5, 0.42 * len(rows) + 2.2)
    kinds = sorted({str(k) for k in rows["source_kind"]})
    n_values = sorted({int(n) for n in rows["n"].dropna()})
    norms = sorted({_text(v) for v in rows["normalisation"] if _text(v)})
    source = (
        f"Source: {name}. n = {', '.join(map(str, n_values)) or 'not stated'}. "
        f"MVIC method: {'; '.join(norms) or 'not stated in the source seen'}. "
        f"Read from: {', '.join(KIND_NAMES.get(k, k) for k in kinds)}."
    )
    top = _records(rows)[int(np.nanargmax(rows["top"].to_numpy(dtype=float)))]
    alt = (
        f"Horizontal bar chart of {len(rows)} %MVIC values from {name}, grouped by muscle. "
        f"Highest: {_row_label(top, width=80)} "
        f"({_muscle_label(str(top['muscle']), _text(top['region']))}) at {top['top']:g} %MVIC."
    )
    chart = new_chart(
        alt=alt, source=_with_bands_note(textwrap.fill(source, 120), bands), height=height
    )
    labels = [  # in full, wrapped
        textwrap.fill(_row_label(r, width=None), 36, break_on_hyphens=False) for r in _records(rows)
    ]
    _bar_panel(chart, rows, labels, bands, title=f"{name}: gluteal EMG by exercise")
    chart.ax.legend(  # outside the frame, so it never covers a bar or its value
        handles=_bar_legend(rows), loc="upper left", bbox_to_anchor=(1.01, 1.0), framealpha=0.95
    )
    add_source_line(chart)
    return chart


def _bar_panel(
    chart: Chart,
    rows: pd.DataFrame,
    labels: list[str],
    bands: pd.DataFrame | None,
    *,
    title: str,
    xmax: float | None = None,
    axes_width_in: float | None = None,
) -> None:
    """Draw one horizontal bar per row (value ± SD, or a review's range) with bands behind.

    ``rows`` needs ``pct_mvic``, ``sd``, ``low``, ``high``, ``statistic``,
    ``muscle`` and ``source_kind``; bars are drawn bottom-up in row order. The x axis
    ends at ``xmax`` (default: the next 20 above the highest whisker, plus 10). Records
    what was drawn in ``chart.data``; the caller adds the legend (:func:`_bar_legend`) and
    the source line (with :func:`_with_bands_note`). ``axes_width_in``: see
    :func:`_shade_bands`.
    """
    ax = chart.ax
    if xmax is None:
        tops = rows["pct_mvic"].fillna(rows["high"]) + rows["sd"].fillna(0)
        xmax = max(100.0, float(np.ceil(np.nanmax(tops) / 20) * 20 + 10))
    shaded = bool(_shade_bands(chart, bands, xmax, axes_width_in=axes_width_in))
    records = _records(rows)
    ranges = [i for i, row in enumerate(records) if row["statistic"] == "range"]
    singles = [i for i, row in enumerate(records) if row["statistic"] != "range"]
    # One barh call per kind of bar and one errorbar call: the same marks as a call per row
    # (no two overlap), made in a fraction of the time.
    if ranges:  # a review's range floats from its low to its high end, thinner and paler
        ax.barh(
            ranges,
            [records[i]["high"] - records[i]["low"] for i in ranges],
            left=[records[i]["low"] for i in ranges],
            height=0.5,
            color=[_bar_colour(records[i]) for i in ranges],
            alpha=0.45,
            hatch=[_bar_hatch(records[i]) for i in ranges],
            edgecolor="#222222",
            linewidth=0.6,
        )
    if singles:
        ax.barh(
            singles,
            [records[i]["pct_mvic"] for i in singles],
            height=0.6,
            color=[_bar_colour(records[i]) for i in singles],
            hatch=[_bar_hatch(records[i]) for i in singles],
            edgecolor="#222222",
            linewidth=0.6,
        )
    whiskers = [i for i in singles if pd.notna(records[i]["sd"])]
    if whiskers:
        ax.errorbar(
            [records[i]["pct_mvic"] for i in whiskers],
            whiskers,
            xerr=[records[i]["sd"] for i in whiskers],
            fmt="none",
            ecolor="#111111",
            capsize=3,
            linewidth=1,
        )
    for i, row in enumerate(records):
        ax.text(_value_end(row) + 1.5, i, _value_text(row), va="center", fontsize=9)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_xlim(0, xmax)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    style_axes(ax, title=title, xlabel=PCT_LABEL, ylabel="")
    if shaded:  # the title sits clear of the band names above the frame
        ax.set_title(title, fontsize=RC["axes.titlesize"], loc="left", pad=12 + 72 * 0.2)
    chart.data = {
        "labels": labels,
        "values": [float(v) for v in rows["pct_mvic"] if pd.notna(v)],
        "sd": [float(v) for v in rows["sd"] if pd.notna(v)],
        "ranges": [
            (float(a), float(b))
            for a, b in zip(rows["low"], rows["high"], strict=True)
            if pd.notna(a)
        ],
        "row_count": len(rows),
    }


def _bar_colour(row: Mapping[str, Any]) -> str:
    """A bar's fill: its muscle's colour (grey for a muscle without one)."""
    return MUSCLE_COLOURS.get(str(row["muscle"]), "#777777")


def _bar_hatch(row: Mapping[str, Any]) -> str:
    """A bar's hatching: by where its value was read (none for a full text)."""
    return SOURCE_HATCHES.get(str(row["source_kind"]), "")


def _with_bands_note(source: str, bands: pd.DataFrame | None) -> str:
    """A source line with the shaded bands listed at its end (when there are bands), the
    whole rewrapped at 120 characters a line (as :func:`study_chart` wraps its source)."""
    if bands is None or bands.empty:
        return source
    return textwrap.fill(" ".join(source.split()) + " " + bands_note(bands), 120)


def _value_text(row: Mapping[str, Any]) -> str:
    """The number written at the end of a bar: the value, or a range's low-high."""
    if row["statistic"] == "range":
        return f"{row['low']:g}-{row['high']:g}"
    return f"{row['pct_mvic']:g}"


def _value_end(row: Mapping[str, Any]) -> float:
    """Where a bar's drawing ends on the x axis: its whisker, its value or its range's end."""
    if row["statistic"] == "range":
        return float(row["high"])
    return float(row["pct_mvic"]) + (float(row["sd"]) if pd.notna(row["sd"]) else 0.0)


def _bar_legend(rows: pd.DataFrame) -> list[Patch]:
    """Legend entries for the muscles drawn and for the hatched kinds of source."""
    muscles = set(rows["muscle"].astype(str))
    kinds = sorted({str(k) for k in rows["source_kind"]})
    handles = [
        Patch(facecolor=MUSCLE_COLOURS[m], edgecolor="#222222", label=_muscle_label(m, ""))
        for m in MUSCLE_COLOURS
        if m in muscles
    ]
    handles += [
        Patch(facecolor="white", edgecolor="#222222", hatch=SOURCE_HATCHES[k], label=KIND_NAMES[k])
        for k in kinds
        if SOURCE_HATCHES.get(k)
    ]
    return handles


RANKED_WIDTH_IN = 10.0
ROW_LABEL_FONTSIZE = 10
ROW_LABEL_CHARS = 56
"""An exercise name wraps at this many characters (about 3.8 inches of 10-point type), or at
the length of the longest second line if that is longer."""
NO_BREAK = "\u00a0"
"""Joins the words of a condition while wrapping, so ``[dominant leg down]`` stays whole."""


def _ranked_detail(row: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The second line of a bar label: study, muscle (and region), statistic unless a mean."""
    muscle = MUSCLE_ABBREVIATIONS.get(str(row["muscle"]), str(row["muscle"]))
    region = _text(row["region"])
    statistic = str(row["statistic"])
    shown = "" if statistic == "mean" else f" ({statistic.replace('_', ' ')})"
    study = names.get(str(row["study_id"]), str(row["study_id"]))
    return f"{study} · {muscle}{' ' + region if region else ''}{shown}" + _dataset_note(row, names)


def _duplicated(labels: Sequence[str]) -> set[str]:
    """The labels that occur more than once."""
    return {label for label, count in Counter(labels).items() if count > 1}


def ranked_labels(rows: pd.DataFrame, citations: Mapping[str, str] | None = None) -> list[str]:
    """Two-line bar labels, each one different and none cut short.

    Line 1 is the exercise as the study named it, wrapped (never truncated); line 2 the
    study, muscle and statistic. Where two rows would still read the same, line 1 adds the
    study's condition (e.g. ``[dominant leg up]``), then, for values the source does not
    tell apart, which of them it is in the source's order (``value 1 of 2``).

    >>> rows = pd.DataFrame({"exercise_label": ["hip clam", "hip clam"],
    ...     "condition": [None, None], "study_id": ["distefano2009"] * 2,
    ...     "muscle": ["gluteus_medius"] * 2, "region": [None, None],
    ...     "statistic": ["mean", "mean"], "row_id": ["d-02", "d-03"]})
    >>> for label in ranked_labels(rows, {"distefano2009": "Distefano et al. 2009"}):
    ...     print(label)
    hip clam (value 1 of 2)
    Distefano et al. 2009 · GMed
    hip clam (value 2 of 2)
    Distefano et al. 2009 · GMed
    """
    names = citations or {}
    records = _records(rows)
    exercises = [_text(r["exercise_label"]) for r in records]
    details = [_ranked_detail(r, names) for r in records]

    def joined() -> list[str]:
        return [f"{e}\n{d}" for e, d in zip(exercises, details, strict=True)]

    clashes = _duplicated(joined())
    for i, record in enumerate(records):
        condition = _text(record["condition"])
        if joined()[i] in clashes and condition:
            exercises[i] += " [" + condition.replace(" ", NO_BREAK) + "]"  # wrapped whole
    clashes = _duplicated(joined())
    for label in clashes:
        same = [i for i, text in enumerate(joined()) if text == label]
        order = sorted(same, key=lambda i: (str(records[i].get("row_id", "")), i))
        for number, i in enumerate(order, start=1):
            exercises[i] += f" (value {number} of {len(order)})"
    width = max(ROW_LABEL_CHARS, *(len(d) for d in details))  # as wide as line 2 needs
    return [
        textwrap.fill(e, width, break_on_hyphens=False).replace(NO_BREAK, " ") + "\n" + d
        for e, d in zip(exercises, details, strict=True)
    ]


def _one_line(label: str) -> str:
    """A two-line bar label as one line, for alt text."""
    return label.replace("\n", " · ")


def _ranked_xmax(records: list[dict[str, Any]], axes_width_in: float) -> float:
    """The x-axis end that leaves room for every bar's number inside the frame."""
    needed = 100.0
    for row in records:
        room = 1 - (text_width(_value_text(row), 9) + 0.08) / axes_width_in
        needed = max(needed, (_value_end(row) + 1.5) / room)
    return float(np.ceil(needed / 10) * 10)


def ranked_chart(
    rows: pd.DataFrame,
    *,
    bands: pd.DataFrame | None = None,
    citations: dict[str, str] | None = None,
    title: str = "Highest reported gluteal EMG first",
    chart: Chart | None = None,
    limit: int = 25,
) -> Chart:
    """Filtered EMG values ranked from highest, one bar per reported value.

    ``rows`` are single values (e.g. from :func:`glutelab.evidence.filter_evidence`);
    at most ``limit`` are drawn (the top ones), each labelled by :func:`ranked_labels`.
    The legend sits in a row under the title and the band names above the frame, so
    neither covers a bar; the margins are fixed from the labels' measured width (no layout
    engine: a redraw measures nothing again). Pass ``chart`` to redraw an existing figure
    in place (the explorers do this on every change); a figure with a layout engine cannot
    take fixed margins, so a new chart is made instead.

    The highest value is the top bar (bars are drawn bottom-up):

    >>> from glutelab.data import load_emg, load_exercises
    >>> from glutelab.evidence import evidence_table, filter_evidence
    >>> table = evidence_table(load_emg(), load_exercises())
    >>> rows = filter_evidence(table, family="hip_thrust_bridge")
    >>> chart = ranked_chart(rows, limit=5)
    >>> bars = sorted((p.get_y(), p.get_width()) for p in chart.ax.patches if p.get_width() > 0)
    >>> [width for _, width in bars] == sorted(rows["pct_mvic"])[-5:]
    True
    """
    if rows.empty:
        return empty_chart("No reported values match these filters. Try widening them.")
    shown = rows.sort_values("pct_mvic", ascending=False).head(limit).iloc[::-1].copy()
    shown["low"] = np.nan
    shown["high"] = np.nan
    shown["statistic"] = shown["statistic"].astype(str)
    labels = ranked_labels(shown, citations)
    records = _records(shown)
    best, worst = records[-1], records[0]
    alt = (
        f"Ranked bar chart of {len(shown)} reported %MVIC values"
        + (f" (top {limit} of {len(rows)})" if len(rows) > limit else "")
        + f"; highest: {_one_line(labels[-1])} at {best['pct_mvic']:g} %MVIC; lowest shown: "
        f"{_one_line(labels[0])} at {worst['pct_mvic']:g} %MVIC."
    )
    source = _with_bands_note(
        "Each bar is one value a study reported; hatching shows values read from an abstract (//) "
        "or a secondary summary (..). Values from different labs are not directly comparable. "
        "GMax, GMed, GMin: gluteus maximus, medius, minimus.",
        bands,
    )
    if chart is None or chart.figure.get_layout_engine() is not None:  # fixed margins only
        chart = new_chart(alt=alt, source=source, width=RANKED_WIDTH_IN, layout=None)
    else:
        _clear_marks(chart)
        chart.alt, chart.source = alt, source
    layout = _RankedLayout.for_rows(chart, shown, labels)
    chart.figure.set_size_inches(RANKED_WIDTH_IN, layout.height)
    frame_width = RANKED_WIDTH_IN - layout.left - layout.right
    _bar_panel(
        chart, shown, labels, bands, title=title, xmax=layout.xmax, axes_width_in=frame_width
    )
    layout.apply(chart, _bar_legend(shown))
    return chart


def _clear_marks(chart: Chart) -> None:
    """Remove what a chart's rows drew (bars, whiskers, numbers, bands, legend, source line),
    keeping its axes: the axis ticks are made once and reused, not made again per redraw."""
    ax = chart.ax
    for artist in [*ax.patches, *ax.lines, *ax.collections, *ax.texts, *chart.figure.texts]:
        artist.remove()
    ax.containers.clear()
    if ax.legend_ is not None:
        ax.legend_.remove()


def _fit(text: str, width_in: float, fontsize: float) -> str:
    """``text`` wrapped into as few lines as fit ``width_in`` inches at ``fontsize`` points."""
    for chars in range(len(text), 10, -1):
        wrapped = textwrap.fill(text, chars)
        if text_width(wrapped, fontsize) <= width_in:
            return wrapped
    return textwrap.fill(text, 10)


@dataclass(frozen=True)
class _RankedLayout:
    """Where everything in a ranked chart goes, in inches (figure width: RANKED_WIDTH_IN).

    From the top: the title, the legend row, the band names, the bars (one row pitch per
    bar), the x tick labels, the x label (wrapped to the frame's width) and the source line.
    """

    left: float
    right: float
    top: float
    bottom: float
    height: float
    pitch: float
    xmax: float
    xlabel: str
    rows: int

    PAD = 0.12
    TITLE = 0.3
    LEGEND = 0.3
    TICKS = 0.28

    @classmethod
    def for_rows(cls, chart: Chart, rows: pd.DataFrame, labels: list[str]) -> _RankedLayout:
        """The layout for these rows and labels (and the chart's source line)."""
        # The frame's edges and the row pitch fall on whole pixels, so a label drawn again
        # (in another selection) lands at the same place within a pixel and its glyphs come
        # from the text cache (glutelab.agg_text) rather than being rasterised again.
        dpi = float(chart.figure.dpi)

        def whole(inches: float) -> float:
            return float(np.ceil(inches * dpi - 1e-6)) / dpi

        lines = max(label.count("\n") + 1 for label in labels)
        pitch = whole(max(0.34, 0.1 + 0.165 * lines))
        left = whole(cls.PAD + text_width("\n".join(labels), ROW_LABEL_FONTSIZE) + 0.12)
        right = 0.25
        width = RANKED_WIDTH_IN - left - right
        xlabel = _fit(PCT_LABEL, width, RC["axes.labelsize"])
        bottom = whole(
            cls.TICKS + text_height(xlabel, RC["axes.labelsize"]) + 0.08 + source_height(chart)
        )
        top = whole(cls.PAD + cls.TITLE + cls.LEGEND + BAND_LABEL_HEIGHT_IN + 0.08)
        height = top + bottom + pitch * len(rows)
        xmax = _ranked_xmax(_records(rows), width)
        return cls(left, right, top, bottom, height, pitch, xmax, xlabel, len(rows))

    def apply(self, chart: Chart, handles: list[Patch]) -> None:
        """Fixed margins, the wrapped x label, the title and legend placed above the frame."""
        figure, ax = chart.figure, chart.ax
        set_margins(figure, left=self.left, right=self.right, top=self.top, bottom=self.bottom)
        ax.tick_params(axis="y", labelsize=ROW_LABEL_FONTSIZE)
        # the first row's centre about 0.7 rows above the frame's bottom, on a whole pixel
        # (so is every row's: the pitch is whole pixels)
        pitch_px = round(self.pitch * figure.dpi)
        below = round(0.7 * pitch_px) / pitch_px
        ax.set_ylim(-below, self.rows - below)
        ax.set_xlabel(self.xlabel, fontsize=RC["axes.labelsize"])
        frame_width = RANKED_WIDTH_IN - self.left - self.right
        title_x = (self.PAD - self.left) / frame_width  # the figure's left edge, in axes units
        above = BAND_LABEL_HEIGHT_IN + self.LEGEND + 0.08  # from the frame to the title
        ax.set_title(
            ax.get_title(loc="left"),
            loc="left",
            x=title_x,
            pad=72 * above,
            fontsize=RC["axes.titlesize"],
        )
        legend_bottom = (self.height - self.top + BAND_LABEL_HEIGHT_IN + 0.04) / self.height
        ax.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(self.PAD / RANKED_WIDTH_IN, legend_bottom),
            bbox_transform=figure.transFigure,
            ncols=len(handles),
            frameon=False,
            borderaxespad=0,
            fontsize=RC["legend.fontsize"],
        )
        add_source_line(chart)


def _dataset_note(row: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """' · also reported by X' or ' · review summary, includes X' for a row's label."""

    def who(ids: object) -> str:
        return ", ".join(names.get(s, s) for s in _text(ids).split(";") if s)

    if _text(row.get("summary_of")):
        return f" · review summary that includes {who(row['summary_of'])}"
    if _text(row.get("also_end")):
        return f" · the {row['also_end']} is the value {who(row['also_in'])} reports"
    if _text(row.get("also_in")):
        shown = _text(row.get("also_as")).replace("_", " ").replace("not stated", "")
        as_ = f" (as a {shown})" if shown and shown != _text(row.get("statistic")) else ""
        return f" · also reported by {who(row['also_in'])}{as_}"
    return ""


def dataset_sentence(rows: pd.DataFrame, names: Mapping[str, str]) -> str:
    """What :func:`~glutelab.evidence.one_per_dataset` did to ``rows``, in one sentence.

    ``rows`` are rows it returned; empty text when no row repeats or summarises another.

    >>> rows = pd.DataFrame({"also_in": ["neto2020", None], "summary_of": [None, None]})
    >>> print(textwrap.fill(dataset_sentence(rows, {"neto2020": "Krause Neto et al. 2020"}), 70))
    A value that a second source reports again is drawn once, on the first
    source's line, and its label names the second source.
    """
    parts = []
    if rows.get("also_in") is not None and rows["also_in"].notna().any():
        parts.append(
            "A value that a second source reports again is drawn once, on the first source's "
            "line, and its label names the second source."
        )
    if rows.get("summary_of") is not None and rows["summary_of"].notna().any():
        parts.append(
            "A review's summary that includes a study drawn here is marked as a review summary "
            "(open marks, pale band), not counted as another lab."
        )
    del names
    return " ".join(parts)


def exercise_forest(
    emg: pd.DataFrame,
    exercise_ids: Sequence[str],
    *,
    citations: dict[str, str] | None = None,
    title: str | None = None,
) -> Chart:
    """Every dataset's value for one exercise (or family) as dots with ± SD whiskers.

    One line per dataset, labelled with study, muscle and statistic and annotated
    with n. A value that a review reports again is drawn once, on its original
    study's line ("also reported by"); a review's range or pooled mean that includes
    a study drawn here is marked as a review summary (open marker, pale band).
    Ranges are horizontal segments. Marker shape shows the statistic, colour the
    muscle. The source line says why values from different labs are not directly
    comparable, and what was merged.

    Drawing rules: a range is a 4-point band (a review summary's paler than a lab's);
    whiskers take the muscle's colour and end in 3-point caps; the note after each
    mark (value and n) is 9-point dark grey (#222222) text centred on its line; the
    statistic key uses grey (#555555) markers in a box of opacity 0.95.

    Examples
    --------
    >>> from glutelab.data import load_emg, study_names
    >>> chart = exercise_forest(load_emg(), ["modified_single_leg_squat"], citations=study_names())
    >>> [t.get_text().split(chr(10)) for t in chart.ax.get_yticklabels()]  # one line
    ... # doctest: +NORMALIZE_WHITESPACE
    [['McCurdy et al. 2018 · GMax · modified single-leg squat (MSLS)',
      '[8RM load, 3 repetitions] (statistic not stated) · also',
      'reported by Krause Neto et al. 2020 (as a pooled mean)']]
    """
    from glutelab.evidence import one_per_dataset

    rows = emg[emg["exercise_id"].isin(list(exercise_ids))]
    if rows.empty:
        return empty_chart(f"No EMG values for {', '.join(exercise_ids)} in the evidence base.")
    rows = _ranges_as_rows(one_per_dataset(rows))
    names = citations or {}
    rows["who"] = [names.get(s, s) for s in rows["study_id"]]
    rows["top"] = rows["pct_mvic"].fillna(rows["high"])
    rows = rows.sort_values(["muscle", "top"], ascending=[True, True]).reset_index(drop=True)
    labels = [
        textwrap.fill(
            f"{r['who']} · {MUSCLE_ABBREVIATIONS.get(str(r['muscle']), r['muscle'])}"
            + (f" {_text(r['region'])}" if _text(r["region"]) else "")
            + f" · {_row_label(r, width=None)}"
            + _dataset_note(r, names),
            width=62,
            break_long_words=False,
        )
        for r in _records(rows)
    ]
    lines = sum(label.count("\n") + 1 for label in labels)
    xmax = max(100.0, float(np.nanmax(rows["top"] + rows["sd"].fillna(0))) * 1.25)
    summaries = int(rows["summary_of"].notna().sum())
    repeats = int(rows["also_in"].notna().sum())
    chart = new_chart(
        alt=(
            f"Dot-and-whisker plot of {len(rows)} %MVIC values for {', '.join(exercise_ids)} "
            f"from {rows['study_id'].nunique()} sources, ranging from "
            f"{np.nanmin(rows['pct_mvic'].fillna(rows['low'])):g} to "
            f"{np.nanmax(rows['top']):g} %MVIC"
            + (
                f"; {repeats} value(s) also reported by a second source drawn once"
                if repeats
                else ""
            )
            + (f"; {summaries} review summary(ies) marked" if summaries else "")
            + "."
        ),
        source=(
            "Each lab used its own MVIC test, electrode placement, load and population, so values "
            "from different studies are not directly comparable; compare exercises within a study. "
            + dataset_sentence(rows, names)
            + (
                " A review's range may also include studies drawn on other lines; the course "
                "could not always tell which."
                if (rows["statistic"] == "range").any()
                else ""
            )
            + " GMax, GMed, GMin: gluteus maximus, medius, minimus."
        ),
        width=12,
        height=max(3.5, 0.3 * lines + 0.15 * len(rows) + 2.6),
    )
    ax = chart.ax
    for i, row in enumerate(_records(rows)):
        colour = MUSCLE_COLOURS.get(str(row["muscle"]), "#777777")
        summary = bool(_text(row.get("summary_of")))
        if row["statistic"] == "range":
            ax.plot(
                [row["low"], row["high"]],
                [i, i],
                color=colour,
                linewidth=4,
                alpha=0.3 if summary else 0.6,
                solid_capstyle="butt",
                gid="summary_range" if summary else "range",
            )
            note = f"range {row['low']:g}-{row['high']:g}"
        else:
            marker = STATISTIC_MARKERS.get(str(row["statistic"]), "o")
            if pd.notna(row["sd"]):
                ax.errorbar(
                    row["pct_mvic"], i, xerr=row["sd"], fmt="none", ecolor=colour, capsize=3
                )
            ax.plot(
                row["pct_mvic"],
                i,
                marker=marker,
                color=colour,
                markerfacecolor="white" if summary else colour,
                markersize=8,
                markeredgecolor="#111111",
                linestyle="none",
                gid="summary_value" if summary else "value",
            )
            note = f"{row['pct_mvic']:g}"
        n = f", n={int(row['n'])}" if pd.notna(row["n"]) else ""
        right = (
            row["high"]
            if row["statistic"] == "range"
            else row["pct_mvic"] + (row["sd"] if pd.notna(row["sd"]) else 0)
        )
        ax.text(
            right + xmax * 0.025, i, note + n, ha="left", va="center", fontsize=9, color="#222222"
        )
    ax.set_yticks(range(len(rows)), labels)
    ax.tick_params(axis="y", labelsize=9)
    ax.set_xlim(0, xmax)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    style_axes(ax, title="", xlabel=PCT_LABEL, ylabel="")
    figure_title(
        chart, title or "Same exercise, different labs: compare within a study, not across labs"
    )
    handles = [
        ax.plot(
            [],
            [],
            marker=STATISTIC_MARKERS[s],
            linestyle="none",
            color="#555555",
            label=s.replace("_", " "),
        )[0]
        for s in ("mean", "median", "pooled_mean", "peak", "not_stated")
        if s in set(rows["statistic"].astype(str))
    ]
    if handles:
        ax.legend(
            handles=handles,
            title="statistic",
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            framealpha=0.95,
        )
    add_source_line(chart)
    chart.data = {
        "labels": labels,
        "values": [float(v) for v in rows["pct_mvic"] if pd.notna(v)],
        "sd": [float(v) for v in rows["sd"] if pd.notna(v)],
        "studies": sorted(set(rows["study_id"])),
    }
    return chart


def evidence_coverage(emg: pd.DataFrame) -> pd.DataFrame:
    """Per exercise and muscle: how many independent sources, and the spread they reported.

    Each dataset is counted once (:func:`~glutelab.evidence.one_per_dataset`): a value a
    review repeats counts with its original study, and a review's summary that includes
    a study already counted adds no source. ``lowest``/``highest`` span every value
    reported (means, medians, peaks, pooled means, range ends), so they show spread
    between sources, never a typical level.

    Returns
    -------
    pandas.DataFrame
        One row per exercise and muscle with data: ``exercise_id``, ``muscle``,
        ``sources`` (count), ``lowest`` and ``highest`` (%MVIC), ``statistics``
        (the kinds of value, sorted, joined by ", ") and ``electrodes`` (likewise).

    Examples
    --------
    >>> from glutelab.data import load_emg
    >>> cover = evidence_coverage(load_emg()).set_index(["exercise_id", "muscle"])
    >>> cover.loc[("modified_single_leg_squat", "gluteus_maximus"), "sources"]  # not 2
    np.int64(1)
    """
    from glutelab.evidence import one_per_dataset

    kept = one_per_dataset(emg).dropna(subset=["pct_mvic"])
    independent = kept[kept["summary_of"].isna()]
    keys = ["exercise_id", "muscle"]
    spread = kept.groupby(keys, observed=True).agg(
        lowest=("pct_mvic", "min"),
        highest=("pct_mvic", "max"),
        statistics=("statistic", lambda v: ", ".join(sorted({str(x) for x in v}))),
        electrodes=("electrode", lambda v: ", ".join(sorted({str(x) for x in v}))),
    )
    sources = independent.groupby(keys, observed=True)["study_id"].nunique().rename("sources")
    table = spread.join(sources).fillna({"sources": 0}).reset_index()
    table["exercise_id"] = table["exercise_id"].astype(str)
    table["muscle"] = table["muscle"].astype(str)
    table["sources"] = table["sources"].astype("int64")
    return table


def overview_heatmap(emg: pd.DataFrame, exercises: pd.DataFrame) -> Chart:
    """Muscle-by-exercise map of how much EMG evidence there is, and its spread.

    Colour is the number of independent sources for each exercise and muscle (each
    dataset counted once); the text in a cell gives the lowest and highest value any
    source reported. No number is pooled across studies: the values mix statistics
    (mean, median, peak, range ends) and electrode types, so the cell shows their
    spread, not a typical level. A cell with no value is hatched and marked "no data".

    Examples
    --------
    >>> from glutelab.data import load_emg, load_exercises
    >>> chart = overview_heatmap(load_emg(), load_exercises())
    >>> [label.get_text() for label in chart.ax.get_xticklabels()]
    ['Gluteus maximus', 'Gluteus medius', 'Gluteus minimus']

    Every cell says something: the spread of the values reported, or "no data":

    >>> spreads = [t for t in chart.ax.texts if t.get_gid() == "spread"]
    >>> empty = [t for t in chart.ax.texts if t.get_text() == "no data"]
    >>> len(spreads) + len(empty) == 3 * len(chart.ax.get_yticks())
    True
    """
    cover = evidence_coverage(emg)
    names = exercises.set_index("exercise_id")["name"]
    muscles = list(MUSCLE_COLOURS)
    count = cover.pivot(index="exercise_id", columns="muscle", values="sources").reindex(
        columns=muscles
    )
    low = cover.pivot(index="exercise_id", columns="muscle", values="lowest").reindex(
        index=count.index, columns=muscles
    )
    high = cover.pivot(index="exercise_id", columns="muscle", values="highest").reindex(
        index=count.index, columns=muscles
    )
    totals = count.fillna(0).sum(axis=1)
    order = sorted(count.index, key=lambda e: (-float(totals[e]), str(e)))
    count, low, high = count.loc[order], low.loc[order], high.loc[order]
    missing = int(count.isna().to_numpy().sum())
    top = int(np.nanmax(count.to_numpy(dtype=float)))
    chart = new_chart(
        alt=(
            f"Map of {len(count)} exercises by three gluteal muscles: colour gives the number "
            f"of sources (1 to {top}), each cell the lowest and highest %MVIC any "
            f"source reported; {missing} of {count.size} cells have no data and are hatched "
            "and labelled 'no data'."
        ),
        source=(
            "Colour: number of sources; a value that a second source repeats counts once, with "
            "the first, and a review's summary the course could match to a study already "
            "counted adds none (a review may still include studies counted here). Text: "
            "lowest-highest value reported, across means, medians, peaks, pooled means and "
            "review ranges from surface and fine-wire studies, so it shows how far sources "
            "differ, not a typical level: compare exercises within a study. Hatched 'no data': "
            "no source in the evidence base reported it."
        ),
        width=10,
        height=max(4.0, 0.4 * len(count) + 2.8),
    )
    ax = chart.ax
    import matplotlib as mpl
    from matplotlib.colors import BoundaryNorm, ListedColormap

    shades = mpl.colormaps["cividis"](np.linspace(0.15, 0.95, top))
    cmap = ListedColormap(shades).with_extremes(bad="white")
    norm = BoundaryNorm(np.arange(0.5, top + 1.5), cmap.N)
    values = np.ma.masked_invalid(count.to_numpy(dtype=float))
    image = ax.imshow(values, aspect="auto", cmap=cmap, norm=norm)
    for (i, j), sources in np.ndenumerate(count.to_numpy(dtype=float)):
        if np.isnan(sources):
            ax.add_patch(
                Rectangle(
                    (j - 0.5, i - 0.5),
                    1,
                    1,
                    facecolor="white",
                    hatch="///",
                    edgecolor="#BBBBBB",
                    linewidth=0,
                )
            )
            ax.text(
                j,
                i,
                "no data",
                ha="center",
                va="center",
                fontsize=8,
                color="#222222",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
            continue
        lo, hi = float(low.to_numpy()[i, j]), float(high.to_numpy()[i, j])
        spread = f"{lo:.0f}" if round(lo) == round(hi) else f"{lo:.0f}-{hi:.0f}"
        shade = "black" if sources > 0.55 * top else "white"
        ax.text(j, i, spread, ha="center", va="center", fontsize=9, color=shade, gid="spread")
    ax.set_xticks(range(len(muscles)), [MUSCLE_NAMES[m] for m in muscles])
    ax.set_yticks(
        range(len(count)),
        [textwrap.fill(str(names.get(e, e)), 34) for e in count.index],
    )
    ax.tick_params(axis="y", labelsize=9)
    ax.tick_params(axis="x", top=True, labeltop=True, bottom=False, labelbottom=False)
    ax.grid(False)
    figure_title(chart, "Where the gluteal EMG evidence is: sources per exercise, and their spread")
    bar = chart.figure.colorbar(image, ax=ax, shrink=0.8, ticks=range(1, top + 1))
    bar.set_label("sources")
    add_source_line(chart)
    chart.data = {"sources": count, "lowest": low, "highest": high, "missing_cells": missing}
    return chart


def gta_chart(gta: pd.DataFrame, *, citations: dict[str, str] | None = None) -> Chart:
    """Gluteal-to-TFL (GTA) index per exercise, highest first.

    A higher index means the gluteal muscles were more active relative to
    tensor fasciae latae (TFL) in that exercise.

    One bar per reported index, its length the index:

    >>> from glutelab.data import load_gta_index
    >>> gta = load_gta_index()
    >>> chart = gta_chart(gta)
    >>> widths = sorted(p.get_width() for p in chart.ax.patches if p.get_width() > 0)
    >>> widths == sorted(gta["gta_index"])
    True
    """
    if gta.empty:
        return empty_chart("No study in the evidence base reported a gluteal-to-TFL index.")
    names = citations or {}
    rows = gta.sort_values("gta_index").reset_index(drop=True)
    labels = [
        textwrap.shorten(
            str(r["exercise_label"])
            + (
                f" [{r['condition']}]"
                if _text(r["condition"]) and _text(r["condition"]) not in str(r["exercise_label"])
                else ""
            ),
            60,
            placeholder="...",
        )
        for r in _records(rows)
    ]
    studies = ", ".join(sorted({names.get(s, s) for s in rows["study_id"]}))
    chart = new_chart(
        alt=f"Bar chart of the gluteal-to-TFL index for {len(rows)} exercises from {studies}; "
        f"highest: {labels[-1]} at {rows['gta_index'].iloc[-1]:g}.",
        source=f"Source: {studies} (abstract). Index as published; it combines the gluteal and TFL "
        "%MVIC values and has no unit.",
        height=max(3.0, 0.5 * len(rows) + 2),
    )
    ax = chart.ax
    ax.barh(
        range(len(rows)),
        rows["gta_index"],
        color=MUSCLE_COLOURS["gluteus_medius"],
        hatch="//",
        edgecolor="#222222",
    )
    for i, value in enumerate(rows["gta_index"]):
        ax.text(value + 1, i, f"{value:g}", va="center", fontsize=10)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_xlim(0, float(rows["gta_index"].max()) * 1.15)
    style_axes(
        ax,
        title="Glutes relative to TFL: which exercises favour the glutes",
        xlabel="Gluteal-to-TFL activation index (no unit)",
        ylabel="",
    )
    add_source_line(chart)
    chart.data = {"labels": labels, "values": [float(v) for v in rows["gta_index"]]}
    return chart


def scenario_chart(trials: Sequence[Any], measured: Sequence[Any]) -> Chart:
    """Simulated gluteus maximus and hamstring envelopes (%MVIC) for each scenario, stacked.

    ``trials`` and ``measured`` come from :mod:`glutelab.scenarios`
    (``simulate_scenario`` and ``measure``). Detected onsets are marked with
    vertical lines, labelled in the legend; the panel title gives the measured
    delay and amplitude relative to typical.

    Drawing rules: 10 in wide, 2.3 in per panel plus 1.2 in; gluteus maximus a 2-point
    solid line, hamstrings a 1.6-point dashed one, each onset a 1-point line in its
    muscle's colour; panel titles in 11-point type; one legend, in the first panel's
    upper right corner.

    >>> from glutelab.scenarios import SCENARIOS, measure, simulate_scenario
    >>> trials = [simulate_scenario(scenario, seed=1) for scenario in SCENARIOS.values()]
    >>> chart = scenario_chart(trials, [measure(trial) for trial in trials])
    >>> chart.ax.get_ylabel(), "SIMULATED" in chart.alt
    ('%MVIC', True)
    """
    if not trials:
        return empty_chart("No scenarios to draw.")
    chart = new_chart(
        alt=(
            f"{len(trials)} stacked line charts of SIMULATED EMG envelopes (%MVIC) over 3 seconds: "
            + "; ".join(
                f"{t.scenario.name}: gluteus maximus {m.glute_mean_pct_mvic:.0f} %MVIC, "
                + (
                    "no onset"
                    if np.isnan(m.onset_delay_s)
                    else f"onset {m.onset_delay_s * 1000:+.0f} ms relative to hamstrings"
                )
                for t, m in zip(trials, measured, strict=True)
            )
            + "."
        ),
        source="SIMULATED signals for teaching (glutelab.scenarios), not recorded data. "
        "Onsets: threshold method on a 50 Hz envelope.",
        width=10,
        height=2.3 * len(trials) + 1.2,
    )
    chart.figure.delaxes(chart.ax)
    axes = chart.figure.subplots(len(trials), 1, sharex=True, squeeze=False)[:, 0]
    top = max(float(np.max(t.glute_pct_mvic)) for t in trials) * 1.15
    for ax, trial, result in zip(axes, trials, measured, strict=True):
        ax.plot(
            trial.time_s,
            trial.hamstring_pct_mvic,
            color=OKABE_ITO["vermillion"],
            linestyle="--",
            linewidth=1.6,
            label="hamstrings",
        )
        ax.plot(
            trial.time_s,
            trial.glute_pct_mvic,
            color=MUSCLE_COLOURS["gluteus_maximus"],
            linewidth=2.0,
            label="gluteus maximus",
        )
        for onset, colour, style in (
            (result.hamstring_onset_s, OKABE_ITO["vermillion"], "--"),
            (result.glute_onset_s, MUSCLE_COLOURS["gluteus_maximus"], "-"),
        ):
            if onset is not None:
                ax.axvline(onset, color=colour, linestyle=style, linewidth=1)
        ax.set_ylim(0, top)
        ax.set_ylabel("%MVIC")
        ax.set_title(
            f"{trial.scenario.name}: "
            + (
                "no gluteal onset detected"
                if np.isnan(result.onset_delay_s)
                else f"glute onset {result.onset_delay_s * 1000:+.0f} ms"
            )
            + " "
            "vs hamstrings, "
            f"amplitude x{result.amplitude_ratio:.2f} of typical",
            loc="left",
            fontsize=11,
        )
        ax.grid(axis="y", color="#DDDDDD")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    axes[0].legend(loc="upper right", framealpha=0.95)
    axes[-1].set_xlabel("Time (s)")
    chart.figure.suptitle(
        "SIMULATED: different stories, different EMG pictures", x=0.01, ha="left", fontsize=14
    )
    chart.ax = axes[0]
    add_source_line(chart)
    chart.data = {
        "onset_delays_s": [m.onset_delay_s for m in measured],
        "amplitude_ratios": [m.amplitude_ratio for m in measured],
    }
    return chart
