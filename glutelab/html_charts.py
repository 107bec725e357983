"""The ranked bar chart as HTML and CSS, laid out and drawn by the browser.

The exercise explorer redraws its ranked chart for every new selection of values. As a
PNG that is a new raster of up to 25 bars and 50 lines of label text on each change; as
HTML the kernel writes a few kilobytes of markup and the browser lays it out in a few
milliseconds. Nothing is loaded from another host: the markup carries its own styles (the
same colours, hatching, activation bands and source line as :func:`glutelab.plots.ranked_chart`),
so it shows the same in JupyterLab, Voilà and the classroom page.

Because the browser lays the labels out in whatever font it has, the label column is as
wide as its longest label (never cut), and the bars take the rest of the width.

>>> from glutelab.data import load_emg, load_exercises
>>> from glutelab.evidence import evidence_table, filter_evidence, rank
>>> rows = rank(filter_evidence(evidence_table(load_emg(), load_exercises()),
...             family="side_bridge"))
>>> chart = ranked_chart_html(rows, limit=3)
>>> chart.html.startswith('<figure class="glutelab-chart glutelab-html-chart"')
True
>>> chart.data["values"] == sorted(rows["pct_mvic"])[-3:]  # bottom-up, as the PNG chart
True
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from glutelab.plots import (
    BAND_LABEL_FONTSIZE,
    KIND_NAMES,
    PCT_LABEL,
    _bar_colour,
    _bar_hatch,
    _muscle_label,
    _one_line,
    _records,
    _value_end,
    _value_text,
    _with_bands_note,
    ranked_labels,
)
from glutelab.style import BAND_SHADES, MUSCLE_COLOURS, SOURCE_HATCHES, text_width
from glutelab.svg_charts import EDGE, FONT, GRID

__all__ = ["HtmlChart", "ranked_chart_html"]

TITLE = "Highest reported gluteal EMG first"
HATCH_CSS = {
    "//": f"repeating-linear-gradient(135deg, {EDGE} 0 1px, transparent 1px 6px)",
    "..": f"radial-gradient(circle, {EDGE} 0 1px, transparent 1.5px) 0 0 / 5px 5px",
    "xx": (
        f"repeating-linear-gradient(45deg, {EDGE} 0 1px, transparent 1px 6px), "
        f"repeating-linear-gradient(135deg, {EDGE} 0 1px, transparent 1px 6px)"
    ),
}
"""CSS backgrounds for the hatching of :data:`glutelab.style.SOURCE_HATCHES`."""
ROW_EM = 1.35
"""Height of one label line, in ems of the label type."""
MIN_TRACK_PX = 480
"""The bars' column is at least this wide (the chart scrolls sideways in a narrower window);
the labels' column takes at most 42 % of the chart and wraps within it."""
CSS_PX_PER_INCH = 96


@dataclass
class HtmlChart:
    """A chart as HTML: the markup (with its alt text) and what it drew."""

    html: str
    alt: str
    data: dict[str, Any] = field(default_factory=dict)
    """As :attr:`glutelab.style.Chart.data`: labels, values, sd, ranges, row_count."""


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def _ticks(xmax: float) -> list[float]:
    """Tick values from 0 to ``xmax``: 5 to 8 of them, at 10, 20, 25, 50 or 100 apart.

    >>> _ticks(130)
    [0, 20, 40, 60, 80, 100, 120]
    >>> _ticks(240)
    [0, 50, 100, 150, 200]
    """
    step = next(s for s in (10, 20, 25, 50, 100, 200) if xmax / s <= 7)
    return [step * i for i in range(int(xmax // step) + 1)]


def _xmax(records: list[dict[str, Any]]) -> float:
    """The axis end: 15 % past the furthest bar end (room for its number), at least 100."""
    furthest = max(_value_end(r) for r in records)
    return float(max(100, math.ceil(furthest * 1.15 / 10) * 10))


def _pct(value: float, xmax: float) -> str:
    return f"{100 * value / xmax:.3f}%"


def _band_layers(bands: pd.DataFrame | None, xmax: float) -> tuple[list[str], str]:
    """The shaded bands as CSS colour stops, and their names placed above the track,
    centred on their bands: a name only where it fits a track :data:`MIN_TRACK_PX` wide (the
    source line lists every band)."""
    if bands is None or bands.empty:
        return [], ""
    stops, names = [], []
    for band in _records(bands.sort_values("lower_pct_mvic")):
        low = max(0.0, float(band["lower_pct_mvic"]) - 0.5)  # as plots._shade_bands
        upper = band["upper_pct_mvic"]
        high = xmax if upper is None or pd.isna(upper) else float(upper) + 0.5
        if low >= xmax:
            continue
        high = min(high, xmax)
        name = str(band["band"])
        stops.append(f"{BAND_SHADES.get(name, '#EEEEEE')} {_pct(low, xmax)} {_pct(high, xmax)}")
        words = name.replace("_", " ")
        needed = text_width(words, BAND_LABEL_FONTSIZE) * CSS_PX_PER_INCH + 8
        if (high - low) / xmax * MIN_TRACK_PX >= needed:
            names.append(
                f'<span style="position:absolute;left:{_pct((low + high) / 2, xmax)};'
                f'transform:translateX(-50%);white-space:nowrap">{_escape(words)}</span>'
            )
    return stops, "".join(names)


def _track_background(stops: list[str], ticks: list[float], xmax: float) -> str:
    """A row's background: a 1 px grid line at each tick over the shaded bands."""
    lines = [
        f"linear-gradient(to right, transparent calc({_pct(t, xmax)} - 0.5px), {GRID} "
        f"calc({_pct(t, xmax)} - 0.5px) calc({_pct(t, xmax)} + 0.5px), transparent "
        f"calc({_pct(t, xmax)} + 0.5px))"
        for t in ticks[1:]
    ]
    shading = [f"linear-gradient(to right, {', '.join(stops)})"] if stops else []
    return ", ".join(lines + shading) or "#fff"


def _bar_style(row: dict[str, Any]) -> str:
    """A bar's fill: its muscle's colour under its source's hatching (pale for a range)."""
    colour = _bar_colour(row)
    hatch = HATCH_CSS.get(_bar_hatch(row), "")
    fill = f"{hatch}, {colour}" if hatch else colour
    pale = "opacity:0.55;" if row["statistic"] == "range" else ""
    return f"background:{fill};{pale}border:1px solid {EDGE};box-sizing:border-box"


def _row_html(row: dict[str, Any], xmax: float) -> str:
    """One bar (or range), its ± SD whisker and its number, in a row of the track."""
    if row["statistic"] == "range":
        left, width = float(row["low"]), float(row["high"]) - float(row["low"])
        top, bar_height = "calc(50% - 0.75em)", "1.5em"
    else:
        left, width = 0.0, float(row["pct_mvic"])
        top, bar_height = "calc(50% - 0.9em)", "1.8em"
    parts = [
        f'<div class="glutelab-bar" style="position:absolute;left:{_pct(left, xmax)};'
        f'width:{_pct(width, xmax)};top:{top};height:{bar_height};{_bar_style(row)}"></div>'
    ]
    sd = row.get("sd")
    if row["statistic"] != "range" and sd is not None and not pd.isna(sd):
        low, high = float(row["pct_mvic"]) - float(sd), float(row["pct_mvic"]) + float(sd)
        cap = f"border-left:1px solid {EDGE};border-right:1px solid {EDGE};"
        parts.append(
            f'<div class="glutelab-whisker" style="position:absolute;left:{_pct(low, xmax)};'
            f"width:{_pct(high - low, xmax)};top:calc(50% - 4px);height:8px;{cap}"
            'box-sizing:border-box">'
            f'<div style="position:absolute;left:0;right:0;top:3.5px;border-top:1px solid {EDGE}">'
            "</div></div>"
        )
    parts.append(
        f'<span class="glutelab-value" style="position:absolute;'
        f"left:calc({_pct(_value_end(row), xmax)} + 4px);top:50%;transform:translateY(-50%);"
        f'font-size:0.9em">{_escape(_value_text(row))}</span>'
    )
    return "".join(parts)


def _legend_html(rows: pd.DataFrame) -> str:
    """Swatches for the muscles drawn and the hatched kinds of source (as the PNG chart's)."""
    muscles = set(rows["muscle"].astype(str))
    kinds = sorted({str(k) for k in rows["source_kind"]})
    entries = [
        (MUSCLE_COLOURS[m], _muscle_label(m, "")) for m in MUSCLE_COLOURS if m in muscles
    ] + [
        (f"{HATCH_CSS[SOURCE_HATCHES[k]]}, white", KIND_NAMES[k])
        for k in kinds
        if SOURCE_HATCHES.get(k)
    ]
    swatch = f"display:inline-block;width:1.6em;height:0.9em;border:1px solid {EDGE};"
    return "".join(
        f'<span style="margin-right:1.2em;white-space:nowrap">'
        f'<span style="{swatch}background:{fill};vertical-align:-0.1em"></span> '
        f"{_escape(label)}</span>"
        for fill, label in entries
    )


def ranked_chart_html(
    rows: pd.DataFrame,
    *,
    bands: pd.DataFrame | None = None,
    citations: dict[str, str] | None = None,
    title: str = TITLE,
    limit: int = 25,
) -> HtmlChart:
    """:func:`glutelab.plots.ranked_chart` as HTML: the ``limit`` highest values, ranked.

    Each bar is one reported value (its muscle's colour, hatched by the kind of source it
    was read from, ± SD whiskers), labelled by :func:`glutelab.plots.ranked_labels`, over the
    shaded activation ``bands``; the legend, the x axis in %MVIC and the source line are
    those of the PNG chart. The figure has ``role="img"`` and the alt text as its label.

    >>> from glutelab.plots import ranked_chart
    >>> from glutelab.data import load_emg, load_exercises
    >>> from glutelab.evidence import evidence_table, filter_evidence, rank
    >>> rows = rank(filter_evidence(evidence_table(load_emg(), load_exercises()),
    ...             muscle="gluteus_minimus"))
    >>> as_html, as_png = ranked_chart_html(rows), ranked_chart(rows)
    >>> (as_html.alt, as_html.data) == (as_png.alt, as_png.data)
    True
    >>> ranked_chart_html(rows.head(0)).data
    {'values': [], 'message': 'No reported values match these filters. Try widening them.'}
    """
    if rows.empty:
        message = "No reported values match these filters. Try widening them."
        alt = f"No data to show. {message}"
        markup = (
            f'<figure class="glutelab-chart glutelab-html-chart" role="img" '
            f'aria-label="{_escape(alt)}" style="margin:0"><p>{_escape(message)}</p></figure>'
        )
        return HtmlChart(markup, alt, {"values": [], "message": message})
    shown = rows.sort_values("pct_mvic", ascending=False).head(limit).iloc[::-1].copy()
    shown["low"] = float("nan")
    shown["high"] = float("nan")
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
    xmax = _xmax(records)
    ticks = _ticks(xmax)
    stops, band_names = _band_layers(bands, xmax)
    background = _track_background(stops, ticks, xmax)
    rows_html = "".join(
        f'<div style="text-align:right;white-space:pre-line;line-height:{ROW_EM};'
        f'padding:4px 0;align-self:center">{_escape(label)}</div>'
        f'<div style="position:relative;min-height:{ROW_EM * 2 + 0.6:.2f}em;'
        f'background:{background};border-left:1px solid #000">{_row_html(row, xmax)}</div>'
        for label, row in list(zip(labels, records, strict=True))[::-1]  # highest first
    )
    tick_labels = "".join(
        f'<span style="position:absolute;left:{_pct(t, xmax)};transform:translateX(-50%)">'
        f"{t:g}</span>"
        for t in ticks
    )
    markup = (
        '<figure class="glutelab-chart glutelab-html-chart" role="img" '
        f'aria-label="{_escape(alt)}" style="margin:0;max-width:1000px;overflow-x:auto;'
        f"font-family:{FONT};color:#000;background:#fff;padding:8px 24px 8px 12px;"
        'box-sizing:border-box">'
        f'<div style="font-size:14pt;margin-bottom:4px">{_escape(title)}</div>'
        f'<div style="font-size:10pt;margin-bottom:6px">{_legend_html(shown)}</div>'
        '<div style="display:grid;grid-template-columns:fit-content(42%) '
        f'minmax({MIN_TRACK_PX}px, 1fr);column-gap:8px;font-size:10pt">'
        f'<div></div><div style="position:relative;height:1.5em;'
        f'font-size:{BAND_LABEL_FONTSIZE}pt;color:#333">{band_names}</div>'
        f"{rows_html}"
        '<div></div><div style="position:relative;height:1.6em;font-size:11pt;'
        f'border-top:1px solid #000">{tick_labels}</div>'
        f'<div></div><div style="text-align:center;font-size:12pt;line-height:1.35">'
        f"{_escape(PCT_LABEL)}</div>"
        "</div>"
        '<p class="glutelab-chart-source" style="font-size:9pt;color:#444;margin:8px 0 0;'
        'white-space:pre-line;line-height:1.35">'
        f"{_escape(source)}</p></figure>"
    )
    data = {
        "labels": labels,
        "values": [float(r["pct_mvic"]) for r in records],
        "sd": [float(r["sd"]) for r in records if r["sd"] is not None and not pd.isna(r["sd"])],
        "ranges": [],
        "row_count": len(shown),
    }
    return HtmlChart(markup, alt, data)
