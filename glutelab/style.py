"""The course's figure style, and how a figure is shown with its alt text.

Every chart uses the Okabe-Ito colour-blind-safe palette, large enough type
to read on a projector, labelled axes with units, a title that states the
finding, a source line under the plot, and alt text. :class:`Chart` carries
a figure together with its alt text and source line; a notebook cell that
returns a chart shows it as an image with ``alt`` set (in the HTML and in the
PNG's display metadata).

>>> chart = new_chart(alt="An empty test chart.", source="Source: none")
>>> chart.alt
'An empty test chart.'
>>> chart.png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
from dataclasses import dataclass, field
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "BAND_SHADES",
    "MUSCLE_COLOURS",
    "OKABE_ITO",
    "SOURCE_HATCHES",
    "Chart",
    "new_chart",
]

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies."""

MUSCLE_COLOURS = {
    "gluteus_maximus": OKABE_ITO["blue"],
    "gluteus_medius": OKABE_ITO["orange"],
    "gluteus_minimus": OKABE_ITO["bluish_green"],
}

SOURCE_HATCHES = {
    "full_text_table": "",
    "full_text": "",
    "abstract": "//",
    "secondary_summary": "..",
    "figure_read": "xx",
}
"""Bars read from an abstract or a secondary summary are hatched: colour is never the only cue."""

BAND_SHADES = {"low": "#F7F7F7", "moderate": "#ECECEC", "high": "#DFDFDF", "very_high": "#CFCFCF"}

RC: dict[str, Any] = {
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.labelsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 10,
    "figure.dpi": 100,
}


@dataclass
class Chart:
    """A matplotlib figure with the alt text and source line a learner needs."""

    figure: Figure
    ax: Axes
    alt: str
    source: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    """What was drawn, for tests and for screen-reader tables (e.g. the plotted values)."""

    def png(self, dpi: int = 100) -> bytes:
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        # No bbox_inches="tight": it draws the figure twice. The layout engine already keeps
        # everything inside the figure, and add_source_line reserves the bottom margin.
        self.figure.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()

    def html(self, png: bytes | None = None) -> str:
        """An ``<img>`` with alt text (inline PNG) inside a ``<figure>``."""
        encoded = base64.b64encode(self.png() if png is None else png).decode("ascii")
        return (
            '<figure class="glutelab-chart" style="margin:0">'
            f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(self.alt)}" '
            'style="max-width:100%;height:auto"/></figure>'
        )

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        png = self.png()  # render once; the HTML and the PNG are the same image
        encoded = base64.b64encode(png).decode("ascii")
        data = {"text/html": self.html(png), "image/png": encoded, "text/plain": self.alt}
        return data, {"image/png": {"alt": self.alt}}


def new_chart(*, alt: str, source: str, width: float = 9.0, height: float = 5.5) -> Chart:
    """An empty chart in the course style (a figure not managed by pyplot, so nothing leaks)."""
    import matplotlib as mpl

    with mpl.rc_context(RC):  # type: ignore[arg-type]
        figure = Figure(figsize=(width, height), layout="constrained")
        ax = figure.add_subplot()
    ax.tick_params(labelsize=RC["xtick.labelsize"])
    return Chart(figure=figure, ax=ax, alt=alt, source=source)


def add_source_line(chart: Chart) -> None:
    """Write ``chart.source`` in small grey type under the plot."""
    if not chart.source:
        return
    width_chars = int(chart.figure.get_figwidth() * 14)  # 9-pt type: about 14 characters per inch
    text = "\n".join(
        textwrap.fill(" ".join(paragraph.split()), width_chars)
        for paragraph in chart.source.split("\n\n")
    )
    lines = text.count("\n") + 1
    margin = min(0.4, (0.17 * lines + 0.12) / chart.figure.get_figheight())
    engine = chart.figure.get_layout_engine()
    if engine is not None:
        engine.set(rect=(0, margin, 1, 1 - margin))  # type: ignore[call-arg]
    chart.figure.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=9, color="#444444")


def style_axes(ax: Axes, *, title: str, xlabel: str, ylabel: str) -> None:
    """Title, axis labels and a light grid in the course style."""
    ax.set_title(title, fontsize=RC["axes.titlesize"], loc="left", pad=12)
    ax.set_xlabel(xlabel, fontsize=RC["axes.labelsize"])
    ax.set_ylabel(ylabel, fontsize=RC["axes.labelsize"])
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
