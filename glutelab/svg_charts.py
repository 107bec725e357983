"""Small charts as SVG markup, drawn by the browser.

An explorer whose chart changes on every control (the hip mechanics explorer's bars and
curves) sends a few kilobytes of SVG instead of a new raster: the kernel writes numbers into
markup, and the browser draws lines, bars and text at whatever width the page has. Nothing is
loaded from another host, so it shows the same in JupyterLab, Voilà and the classroom page.

Coordinates are those of the SVG's ``viewBox``; a :class:`Frame` maps data values into the
plot area. Every text from a caller is escaped.

>>> frame = Frame(300, 200, left=50, top=20, right=290, bottom=160, x=(0, 10), y=(-1, 1))
>>> frame.px(5), frame.py(0)
(170.0, 90.0)
>>> markup = svg_figure(frame, polyline(frame, [0, 10], [-1, 1]), label="A rising line")
>>> markup.startswith('<figure class="glutelab-chart glutelab-html-chart" role="img"')
True
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "EDGE",
    "FONT",
    "GRID",
    "Frame",
    "axes",
    "hatch_defs",
    "marker",
    "nice_ticks",
    "polyline",
    "svg_figure",
    "text",
]

FONT = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Geneva, sans-serif"
"""The charts' typeface (matplotlib's), with look-alikes where it is not installed."""
EDGE = "#222222"
"""Outlines, whiskers, hatching and curves: near black, so pale bars and hatching show."""
GRID = "#DDDDDD"
"""Grid lines: pale grey, under the data."""
DASHES = {"-": "", "--": "7 4", ":": "2 3"}
"""SVG ``stroke-dasharray`` for matplotlib's line styles."""


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _num(value: float) -> str:
    """A coordinate, to 0.1 of a viewBox unit.

    >>> _num(12.345), _num(-0.04), _num(3.0)
    ('12.3', '0', '3')
    """
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Frame:
    """A chart's size (``viewBox`` units), its plot area, and the data ranges it spans."""

    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float
    x: tuple[float, float]
    y: tuple[float, float]

    def px(self, value: float) -> float:
        """Where ``value`` on the x axis is drawn."""
        low, high = self.x
        return self.left + (value - low) / (high - low) * (self.right - self.left)

    def py(self, value: float) -> float:
        """Where ``value`` on the y axis is drawn (up is smaller in SVG)."""
        low, high = self.y
        return self.bottom - (value - low) / (high - low) * (self.bottom - self.top)


def nice_ticks(low: float, high: float, most: int = 8) -> list[float]:
    """Round tick values within ``low``..``high``, 1, 2 or 5 times a power of ten apart,
    with at most ``most`` steps between the lowest and highest.

    >>> nice_ticks(-100, 100)
    [-100, -50, 0, 50, 100]
    >>> nice_ticks(-20, 120)
    [-20, 0, 20, 40, 60, 80, 100, 120]
    >>> nice_ticks(185, 340, most=4)
    [200, 250, 300]
    """
    span = high - low
    power = 10 ** math.floor(math.log10(span))
    step = next(
        s * p for p in (power / 10, power, power * 10) for s in (1, 2, 5) if span / (s * p) <= most
    )
    first = math.ceil(low / step - 1e-9)
    values = [(first + i) * step for i in range(int(span / step) + 2)]
    return [int(v) if float(v).is_integer() else v for v in values if v <= high + 1e-9]


def text(
    x: float,
    y: float,
    words: str,
    *,
    size: float = 12,
    anchor: str = "start",
    baseline: str = "auto",
    fill: str = "#000000",
    rotate: bool = False,
    weight: str = "normal",
    halo: str = "",
) -> str:
    """One line of text at (x, y); ``rotate`` turns it to read upwards (a y-axis label);
    ``halo``: a colour drawn round the letters, so they read over a drawing.

    >>> text(10, 20, "Length <mm>", anchor="middle")  # doctest: +ELLIPSIS
    '<text x="10" y="20" font-size="12" text-anchor="middle" ...>Length &lt;mm&gt;</text>'
    """
    turn = f' transform="rotate(-90 {_num(x)} {_num(y)})"' if rotate else ""
    bold = ' font-weight="bold"' if weight != "normal" else ""
    if halo:
        bold += f' stroke="{halo}" stroke-width="3" paint-order="stroke" stroke-linejoin="round"'
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" text-anchor="{anchor}" '
        f'dominant-baseline="{baseline}" fill="{fill}"{bold}{turn}>{html.escape(words)}</text>'
    )


def axes(
    frame: Frame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    xticks: Sequence[float] | None = None,
    yticks: Sequence[float] = (),
    xtick_labels: Sequence[str] | None = None,
    grid: str = "y",
    zero_line: bool = False,
) -> str:
    """The plot area's frame, grid lines, ticks and their labels, the axis labels and the
    title (above the plot area, left-aligned).

    ``xticks``: positions on the x axis (data values), labelled by ``xtick_labels`` (lines
    split on newlines) or their values; ``grid``: ``'x'``, ``'y'``, ``'both'`` or ``''``.

    >>> frame = Frame(300, 200, left=50, top=20, right=290, bottom=160, x=(0, 10), y=(0, 1))
    >>> markup = axes(frame, title="Length", xlabel="Hip flexion (deg)", ylabel="mm",
    ...               xticks=[0, 5, 10], yticks=[0, 1])
    >>> markup.count("<line"), markup.count("<text")  # 2 grid lines, 5 ticks; 5 + 3 labels
    (7, 8)
    """
    parts = []
    xs = list(xticks or [])
    labels = list(xtick_labels) if xtick_labels is not None else [f"{v:g}" for v in xs]
    for value in yticks:
        y = frame.py(value)
        if grid in ("y", "both"):
            parts.append(_line(frame.left, y, frame.right, y, GRID))
        parts.append(_line(frame.left - 4, y, frame.left, y, "#000000"))
        parts.append(
            text(frame.left - 7, y, f"{value:g}", size=11, anchor="end", baseline="central")
        )
    for value, label in zip(xs, labels, strict=True):
        x = frame.px(value)
        if grid in ("x", "both"):
            parts.append(_line(x, frame.top, x, frame.bottom, GRID))
        parts.append(_line(x, frame.bottom, x, frame.bottom + 4, "#000000"))
        for row, line in enumerate(label.split("\n")):
            parts.append(text(x, frame.bottom + 18 + 13 * row, line, size=11, anchor="middle"))
    if zero_line:
        y = frame.py(0)
        parts.append(_line(frame.left, y, frame.right, y, "#333333"))
    parts.append(
        f'<rect x="{_num(frame.left)}" y="{_num(frame.top)}" '
        f'width="{_num(frame.right - frame.left)}" height="{_num(frame.bottom - frame.top)}" '
        'fill="none" stroke="#000000" stroke-width="0.8"/>'
    )
    rows = max((label.count("\n") for label in labels), default=0)
    if xlabel:
        parts.append(
            text(
                (frame.left + frame.right) / 2,
                frame.bottom + 38 + 13 * rows,
                xlabel,
                size=12,
                anchor="middle",
            )
        )
    middle = (frame.top + frame.bottom) / 2
    parts.append(
        text(16, middle, ylabel, size=12, anchor="middle", baseline="central", rotate=True)
    )
    parts.append(text(frame.left, frame.top - 10, title, size=14))
    return "".join(parts)


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 0.8) -> str:
    return (
        f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
        f'stroke="{colour}" stroke-width="{_num(width)}"/>'
    )


def _data(attributes: dict[str, str] | None) -> str:
    """``data-*`` attributes naming what an element shows (values escaped).

    >>> _data({"compartment": "glut_med1_r", "value": "<1"})
    ' data-compartment="glut_med1_r" data-value="&lt;1"'
    """
    return "".join(f' data-{key}="{_attr(value)}"' for key, value in (attributes or {}).items())


def polyline(
    frame: Frame,
    xs: Iterable[float],
    ys: Iterable[float],
    *,
    style: str = "-",
    colour: str = EDGE,
    width: float = 2.0,
    data: dict[str, str] | None = None,
) -> str:
    """A line through the points (``style``: ``'-'``, ``'--'`` or ``':'``), with ``data-*``
    attributes naming what it shows.

    >>> frame = Frame(100, 100, left=0, top=0, right=100, bottom=100, x=(0, 1), y=(0, 1))
    >>> line = polyline(frame, [0, 1], [0, 0.5], style="--", data={"compartment": "glut_med1_r"})
    >>> line  # doctest: +ELLIPSIS
    '<polyline class="glutelab-curve" data-compartment="glut_med1_r" points="0,100 100,50" ...'
    >>> 'stroke-dasharray="7 4"' in line
    True
    """
    points = " ".join(
        f"{_num(frame.px(x))},{_num(frame.py(y))}" for x, y in zip(xs, ys, strict=True)
    )
    extra = _data(data)
    dash = DASHES[style]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline class="glutelab-curve"{extra} points="{points}" fill="none" '
        f'stroke="{colour}" stroke-width="{_num(width)}"{dashes}/>'
    )


def marker(
    frame: Frame,
    x: float,
    y: float,
    shape: str,
    *,
    colour: str = EDGE,
    size: float = 7,
    data: dict[str, str] | None = None,
) -> str:
    """A filled marker centred on (x, y): ``shape`` ``'o'`` (circle), ``'s'`` (square) or
    ``'^'`` (triangle), ``size`` across.

    >>> frame = Frame(100, 100, left=0, top=0, right=100, bottom=100, x=(0, 1), y=(0, 1))
    >>> marker(frame, 0.5, 0.5, "o")
    '<circle class="glutelab-mark" cx="50" cy="50" r="3.5" fill="#222222"/>'
    """
    cx, cy, half = frame.px(x), frame.py(y), size / 2
    extra = _data(data)
    if shape == "o":
        return (
            f'<circle class="glutelab-mark"{extra} cx="{_num(cx)}" cy="{_num(cy)}" '
            f'r="{_num(half)}" fill="{colour}"/>'
        )
    if shape == "s":
        return (
            f'<rect class="glutelab-mark"{extra} x="{_num(cx - half)}" y="{_num(cy - half)}" '
            f'width="{_num(size)}" height="{_num(size)}" fill="{colour}"/>'
        )
    if shape == "^":
        corners = [
            (cx, cy - half * 1.15),
            (cx - half * 1.1, cy + half),
            (cx + half * 1.1, cy + half),
        ]
        points = " ".join(f"{_num(a)},{_num(b)}" for a, b in corners)
        return f'<polygon class="glutelab-mark"{extra} points="{points}" fill="{colour}"/>'
    raise ValueError(f"unknown marker shape {shape!r}; choose one of o, s, ^")


def hatch_defs(chart: str) -> tuple[str, dict[str, str]]:
    """Hatching patterns (``'//'`` and ``'..'``, as matplotlib's) with ids of their own, and
    the ``fill`` value that draws each (``''``: no hatching).

    The ids are made from ``chart``, a text naming what the chart shows: two charts that show
    different things have different ids, and the same chart drawn twice is the same markup.

    >>> defs, fills = hatch_defs("gluteus medius at 90 degrees")
    >>> sorted(fills), fills[""]
    (['', '..', '//'], 'none')
    >>> hatch_defs("gluteus medius at 90 degrees")[1] == fills != hatch_defs("at 45")[1]
    True
    """
    digest = hashlib.blake2b(chart.encode("utf-8"), digest_size=6).hexdigest()
    prefix = f"glutelab-hatch-{digest}"
    defs = (
        f'<defs><pattern id="{prefix}-a" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{EDGE}" '
        f'stroke-width="1"/></pattern>'
        f'<pattern id="{prefix}-b" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<circle cx="2.5" cy="2.5" r="0.9" fill="{EDGE}"/></pattern></defs>'
    )
    return defs, {"": "none", "//": f"url(#{prefix}-a)", "..": f"url(#{prefix}-b)"}


def svg_figure(frame: Frame, body: str, *, label: str, css: str = "") -> str:
    """The chart as a ``<figure role="img">`` labelled by ``label`` (its alt text), holding an
    SVG that scales to the width it is given."""
    return (
        '<figure class="glutelab-chart glutelab-html-chart" role="img" '
        f'aria-label="{_attr(label)}" '
        f'style="margin:0;{css}">'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(frame.width)} '
        f'{_num(frame.height)}" width="100%" aria-hidden="true" '
        f'style="display:block;height:auto;font-family:{FONT}">{body}</svg></figure>'
    )
