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
import struct
import textwrap
import threading
import zlib
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from isal import isal_zlib
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from glutelab.agg_text import CachedTextCanvas

__all__ = [
    "BAND_SHADES",
    "MUSCLE_COLOURS",
    "OKABE_ITO",
    "SOURCE_HATCHES",
    "Band",
    "Chart",
    "Layer",
    "Layers",
    "figure_title",
    "new_chart",
    "panels",
    "set_margins",
    "text_width",
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

PNG_COMPRESS_LEVEL = 1
"""zlib level of ``savefig``'s PNG encoder (a chart at another dpi than its own): the
course's charts come out about as small as with the default (6), in a third of the time."""
PNG_DEFLATE_LEVEL = 1
"""ISA-L's deflate level (0-3) in :func:`encode_png`: at 0 the charts are about 15 % larger,
and 2 or 3 gain little on them."""
SOURCE_FONTSIZE = 9
LINE_HEIGHT_IN = 1.25 / 72
"""Height of one line of text per point of font size, in inches (line spacing 1.25)."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(pixels: Any) -> bytes:
    """RGBA pixels (height x width x 4, e.g. a canvas buffer) as PNG bytes.

    The simplest valid PNG: 8-bit RGBA exactly as the canvas holds it (no conversion), no
    row filter, compressed by ISA-L's deflate (:mod:`isal`) at its level 1. For the course's
    charts (large flat areas) that is about 10 % larger than zlib at level 1 and five times
    quicker, which matters when a widget sends a new chart on every change: for the EMG
    explorer's 900 x 780 px chart, about 3 ms instead of 20 ms.

    >>> png = encode_png(np.full((2, 3, 4), 255, dtype=np.uint8))
    >>> png[:8] == PNG_SIGNATURE, png[16:24].hex()  # width 3, height 2
    (True, '0000000300000002')
    """
    rgba = np.asarray(pixels, dtype=np.uint8)
    if rgba.ndim != 3 or rgba.shape[2] != 4:
        raise ValueError(f"encode_png needs height x width x 4 RGBA pixels, got {rgba.shape}")
    height, width = rgba.shape[:2]
    rows = np.empty((height, 1 + 4 * width), dtype=np.uint8)
    rows[:, 0] = 0  # each row starts with its filter type: 0, none
    rows[:, 1:] = rgba.reshape(height, 4 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, no interlace
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", isal_zlib.compress(rows.data, PNG_DEFLATE_LEVEL))
        + _png_chunk(b"IEND", b"")
    )


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
        """The figure as PNG bytes.

        At the figure's own dpi it is drawn once on its Agg canvas and encoded by
        :func:`encode_png`. A layout engine, if the figure has one, places the axes at the
        start of that draw, so the pixels are the ones ``savefig`` gives; ``savefig`` draws
        such a figure twice (once to place the axes, once to render) and its encoder is
        slower. At another dpi the figure goes through ``savefig``.
        """
        figure = self.figure
        if dpi == figure.dpi:
            canvas: Any = figure.canvas  # keep an Agg canvas already there (see Layers)
            if not isinstance(canvas, FigureCanvasAgg):
                canvas = CachedTextCanvas(figure)
            canvas.draw()
            return encode_png(canvas.buffer_rgba())
        buffer = io.BytesIO()
        # No bbox_inches="tight": it draws the figure twice. The layout engine keeps
        # everything inside the figure; add_source_line reserves the bottom.
        figure.savefig(
            buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL}
        )
        return buffer.getvalue()

    def html(self, png: bytes | None = None, *, style: str = "max-width:100%;height:auto") -> str:
        """An ``<img>`` with alt text (inline PNG) inside a ``<figure>``; ``style``: the
        picture's CSS (by default it shrinks to a narrower page, never grows)."""
        png = self.png() if png is None else png
        width, height = struct.unpack(">II", png[16:24])  # from the PNG header
        encoded = base64.b64encode(png).decode("ascii")
        # width and height: the browser lays the page out before the picture is decoded
        return (
            '<figure class="glutelab-chart" style="margin:0">'
            f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(self.alt)}" '
            f'width="{width}" height="{height}" style="{style}"/></figure>'
        )

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        png = self.png()  # render once; the HTML and the PNG are the same image
        encoded = base64.b64encode(png).decode("ascii")
        data = {"text/html": self.html(png), "image/png": encoded, "text/plain": self.alt}
        return data, {"image/png": {"alt": self.alt}}


RC_LOCK = threading.Lock()
"""Held while the course style is applied (``matplotlib.rc_context`` changes global settings),
so that charts drawn in a background thread (``ChartView.prefetch``) cannot leave it applied."""


def new_chart(
    *,
    alt: str,
    source: str,
    width: float = 9.0,
    height: float = 5.5,
    layout: Literal["constrained"] | None = "constrained",
) -> Chart:
    """An empty chart in the course style (a figure not managed by pyplot, so nothing leaks).

    ``layout=None`` makes a figure with fixed margins (see :func:`set_margins`): quicker to
    redraw, because nothing is measured again on each draw.
    """
    import matplotlib as mpl

    with RC_LOCK, mpl.rc_context(RC):  # type: ignore[arg-type]
        figure = Figure(figsize=(width, height), layout=layout)
        ax = figure.add_subplot()
    ax.tick_params(labelsize=RC["xtick.labelsize"])
    return Chart(figure=figure, ax=ax, alt=alt, source=source)


def set_margins(
    figure: Figure,
    *,
    left: float,
    right: float,
    top: float,
    bottom: float,
    gap: float = 0.0,
    rows: int = 1,
) -> None:
    """Place the axes with fixed margins, in inches (for a figure without a layout engine).

    ``gap`` is the space between ``rows`` stacked panels, also in inches.

    >>> chart = new_chart(alt="x", source="", width=10, height=5, layout=None)
    >>> set_margins(chart.figure, left=2, right=0.5, top=1, bottom=1)
    >>> [round(float(v), 2) for v in chart.ax.get_position().bounds]
    [0.2, 0.2, 0.75, 0.6]
    """
    width, height = figure.get_size_inches()
    panel = (height - top - bottom - gap * (rows - 1)) / rows
    figure.subplots_adjust(
        left=left / width,
        right=1 - right / width,
        bottom=bottom / height,
        top=1 - top / height,
        hspace=gap / panel if rows > 1 else 0.0,
    )


def source_text(chart: Chart) -> str:
    """``chart.source`` wrapped to the figure's width (paragraphs split on blank lines)."""
    # 9-pt type runs about 14 characters per inch; 12 leaves a margin, so a figure shown a
    # little narrower or cropped at its edge keeps the whole line.
    width_chars = int(chart.figure.get_figwidth() * 12)
    return "\n".join(
        textwrap.fill(" ".join(paragraph.split()), width_chars)
        for paragraph in chart.source.split("\n\n")
    )


def text_height(text: str, fontsize: float) -> float:
    """Height in inches of ``text`` (one or more lines) at ``fontsize`` points.

    >>> round(text_height("one\\ntwo", 9), 3)
    0.312
    """
    return (text.count("\n") + 1) * fontsize * LINE_HEIGHT_IN


@lru_cache(maxsize=1024)
def _advance(character: str, fontsize: float) -> float:
    """How far one character moves the pen, in points, in the course font."""
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=fontsize)
    return float(text_to_path.get_text_width_height_descent(character, font, ismath=False)[0])


def text_width(text: str, fontsize: float) -> float:
    """Width in inches of the widest line of ``text`` at ``fontsize`` points (course font).

    The sum of the characters' advances (kerning left out, so at most a few per cent wide):
    measuring each character once keeps laying out a chart fast.

    >>> text_width("Gluteus medius", 10) < text_width("Gluteus medius (posterior)", 10) < 2
    True
    """
    return max(sum(_advance(c, fontsize) for c in line) for line in text.split("\n")) / 72


def source_height(chart: Chart) -> float:
    """Inches the source line takes under the plot (with its gap above), 0 without one."""
    if not chart.source:
        return 0.0
    return text_height(source_text(chart), SOURCE_FONTSIZE) + 0.12


def add_source_line(chart: Chart) -> Text | None:
    """Write ``chart.source`` in small grey type under the plot; the text (``None`` if none).

    With a layout engine the engine keeps the plot above it; with fixed margins the caller
    reserves :func:`source_height` at the bottom.
    """
    if not chart.source:
        return None
    margin = min(0.4, source_height(chart) / chart.figure.get_figheight())
    engine = chart.figure.get_layout_engine()
    if engine is not None:
        engine.set(rect=(0, margin, 1, 1 - margin))  # type: ignore[call-arg]
    # 1 % in from the bottom-left corner, on a whole pixel: the same lines on a figure of
    # another height are drawn from the text cache's bitmaps (glutelab.agg_text)
    width, height = chart.figure.bbox.width, chart.figure.bbox.height
    return chart.figure.text(
        round(0.01 * width) / width,
        round(0.01 * height) / height,
        source_text(chart),
        ha="left",
        va="bottom",
        fontsize=SOURCE_FONTSIZE,
        color="#444444",
    )


Layer = tuple[Hashable, Sequence[Artist]]
"""What a layer shows now (any value that changes when it does), and the artists that draw it."""

Band = tuple[Bbox, Sequence[Layer]]
"""A part of the figure (display coordinates, e.g. a strip as wide as the figure) and its
layers, bottom up. No artist of a band reaches outside it."""


class Layers:
    """Redraw only what changed: a figure drawn in layers over saved copies of its pixels.

    Everything in the figure that no layer lists is the *background*, drawn once. The
    figure is cut into bands (for example one strip per panel), each with its own stack of
    layers; a layer is a key (what it shows now) and its artists. For each band,
    :meth:`png` restores the pixels saved under its first layer whose key changed and draws
    that layer and every layer above it again ("blitting"), so unchanged titles, axis labels
    and source lines are not rasterised again on each change, and a change in one panel
    redraws nothing in the others. The picture is the same as a full redraw.

    The figure must have fixed margins (no layout engine): a layer never moves the axes.
    Call :meth:`reset` after changing the background or the layout.

    Examples
    --------
    >>> figure = Figure(figsize=(2, 2), dpi=50)
    >>> ax = figure.add_axes((0.2, 0.2, 0.7, 0.7))
    >>> (line,) = ax.plot([0, 1], [0, 1])
    >>> layers = Layers(figure)
    >>> first = layers.png([(figure.bbox, [(1, [line])])])
    >>> layers.png([(figure.bbox, [(1, [line])])]) is first  # same key: not drawn again
    True
    >>> _ = line.set_ydata([1, 0])
    >>> layers.png([(figure.bbox, [(2, [line])])]) != first
    True
    """

    def __init__(self, figure: Figure) -> None:
        if figure.get_layout_engine() is not None:
            raise ValueError("Layers needs a figure with fixed margins (layout=None)")
        self.figure = figure
        self.canvas: Any = CachedTextCanvas(figure)  # Agg's blitting methods are untyped
        self._regions: list[tuple[float, ...]] = []
        self._keys: list[list[Hashable]] = []
        self._under: list[list[Any]] = []
        """Per band, the saved pixels under each layer drawn last time (``[0]``: the
        background)."""
        self._png = b""
        self._background: Hashable = None
        self._saved: OrderedDict[Hashable, list[Any]] = OrderedDict()
        """Backgrounds drawn before, by (background key, bands): each band's pixels."""

    SAVED_BACKGROUNDS = 4
    """Backgrounds kept for :meth:`png`'s ``background`` key (the most recently used)."""

    def reset(self) -> None:
        """Forget the saved pixels: the next :meth:`png` draws everything again."""
        self._regions, self._keys, self._under, self._png = [], [], [], b""
        self._background = None
        self._saved.clear()

    def _draw_background(self, bands: Sequence[Band]) -> None:
        """Draw everything except the layers' artists, and save each band's pixels."""
        layered = [a for _, layers in bands for _, artists in layers for a in artists]
        for artist in layered:
            artist.set_animated(True)  # matplotlib leaves animated artists out of a draw
        try:
            self.canvas.draw()
        finally:
            for artist in layered:  # so that savefig (Chart.png) still draws everything
                artist.set_animated(False)
        self._under = [[self.canvas.copy_from_bbox(region)] for region, _ in bands]
        self._keys = [[] for _ in bands]

    def png(self, bands: Sequence[Band], background: Hashable = None) -> bytes:
        """The figure as PNG bytes, redrawing each band from its first layer whose key
        changed.

        ``background``: a key for what the background shows now (e.g. the muscle whose
        scales it has). A figure that switches between a few backgrounds passes it: a
        background drawn before (under the same key and bands) is restored from its saved
        pixels instead of being drawn again, and every layer is drawn over it. The figure's
        artists must be as they were when that background was drawn.
        """
        regions = [(*region.bounds, len(layers)) for region, layers in bands]
        if regions != self._regions or background != self._background:
            key = (background, tuple(regions))
            saved = self._saved.get(key) if background is not None else None
            if saved is None:
                self._draw_background(bands)
                if background is not None:
                    self._saved[key] = [under[0] for under in self._under]
            else:
                self._saved.move_to_end(key)
                self._under = [[pixels] for pixels in saved]
                self._keys = [[] for _ in bands]
            while len(self._saved) > self.SAVED_BACKGROUNDS:
                self._saved.popitem(last=False)
            self._regions, self._background = regions, background
        drawn = False
        for (region, layers), keys, under in zip(bands, self._keys, self._under, strict=True):
            new = [key for key, _ in layers]
            changed = [old != key for old, key in zip(keys, new, strict=False)]
            first = changed.index(True) if True in changed else len(keys)
            if first == len(new):
                continue
            del under[first + 1 :]
            self.canvas.restore_region(under[first])
            for index in range(first, len(layers)):
                if index > first:
                    under.append(self.canvas.copy_from_bbox(region))
                for artist in layers[index][1]:
                    self.figure.draw_artist(artist)
            keys[:] = new
            drawn = True
        if drawn:
            self._png = encode_png(self.canvas.buffer_rgba())
        return self._png


def figure_title(chart: Chart, title: str) -> Text:
    """The chart's title across the whole figure, left-aligned and wrapped to its width.

    An axes title starts at the axes' left edge, so beside long tick labels a long
    title runs off the figure; a figure title starts at the figure's left edge.

    >>> chart = new_chart(alt="x", source="", width=4, height=3)
    >>> title = figure_title(chart, "A long title that states the finding of this chart")
    >>> title.get_text().splitlines()
    ['A long title that states the finding', 'of this chart']
    """
    width_chars = max(20, int(chart.figure.get_figwidth() * 72 / (0.55 * RC["axes.titlesize"])))
    return chart.figure.suptitle(
        textwrap.fill(title, width_chars),
        x=0.01,
        ha="left",
        fontsize=RC["axes.titlesize"],
    )


def panels(chart: Chart, n_rows: int, n_cols: int = 1, **kwargs: Any) -> list[Axes]:
    """Replace the chart's single axes with a grid of panels in the course style.

    ``kwargs`` go to :meth:`matplotlib.figure.Figure.subplots` (e.g. ``sharex=True``).
    ``chart.ax`` becomes the first panel.

    >>> chart = new_chart(alt="x", source="")
    >>> len(panels(chart, 2, sharex=True)), chart.ax is chart.figure.axes[0]
    (2, True)
    """
    import matplotlib as mpl

    chart.figure.delaxes(chart.ax)
    with mpl.rc_context(RC):  # type: ignore[arg-type]
        grid = chart.figure.subplots(n_rows, n_cols, squeeze=False, **kwargs)
    axes: list[Axes] = [ax for row in grid for ax in row]
    for ax in axes:
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.tick_params(labelsize=RC["xtick.labelsize"])
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    chart.ax = axes[0]
    return axes


def style_axes(ax: Axes, *, title: str, xlabel: str, ylabel: str) -> None:
    """Title, axis labels and a light grid in the course style."""
    ax.set_title(title, fontsize=RC["axes.titlesize"], loc="left", pad=12)
    ax.set_xlabel(xlabel, fontsize=RC["axes.labelsize"])
    ax.set_ylabel(ylabel, fontsize=RC["axes.labelsize"])
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
