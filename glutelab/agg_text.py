"""Text drawn from cached glyphs: an Agg canvas that lays out and rasterises each string once.

Drawing a chart again for the next state of an explorer mostly redraws the same words in the
same places: tick labels, axis labels, titles, legends, the source line. matplotlib's Agg
renderer lays out every string and asks FreeType to rasterise every glyph on every draw,
which is most of the time a figure takes to draw. :class:`CachedTextCanvas` keeps

- each string's layout (which glyphs, where), per font, size and resolution, and
- each rasterised glyph, per font, size, angle and position *within* a pixel (FreeType's
  1/64 px grid): a glyph moved by whole pixels is the same bitmap, moved;
- each drawn string as one bitmap of its glyphs, per the same positions within a pixel, so
  that a label is one image to blend instead of one per letter. Where two glyphs cover the
  same pixel (blending them one after the other differs from blending them once), the
  second starts another bitmap, blended after the first.

The pixels are exactly those of matplotlib's own Agg canvas (a test compares them), and
:data:`AVAILABLE` is false (the stock renderer is used) on a matplotlib whose Agg renderer
does not draw text glyph by glyph (before 3.11).

>>> from matplotlib.figure import Figure
>>> figure = Figure(figsize=(2, 1), dpi=50)
>>> _ = figure.text(0.1, 0.5, "gluteus medius")
>>> canvas = CachedTextCanvas(figure)
>>> canvas.draw()
>>> canvas.buffer_rgba().shape
(50, 100, 4)
"""

from __future__ import annotations

import math
import threading
from typing import Any

import numpy as np
from matplotlib import font_manager
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

__all__ = ["AVAILABLE", "CachedTextCanvas", "CachedTextRenderer", "clear_text_cache"]

_AGG: Any = backend_agg
"""matplotlib's Agg backend module (its helpers are untyped)."""

AVAILABLE = all(
    hasattr(RendererAgg, name) for name in ("_draw_text_glyphs_and_boxes", "_prepare_font")
) and hasattr(backend_agg, "RenderMode")
"""Whether this matplotlib draws Agg text glyph by glyph (3.11 and later): the cache's premise."""

MAX_ENTRIES = 40_000
"""Entries each cache keeps at most; a cache starts afresh when it passes this. A glyph
entry holds about half a KiB (measured with ``tracemalloc`` over the exercise explorer's
charts: 23 charts left about 10,000 glyphs), so the glyph cache stays under about 20 MiB."""

_LOCK = threading.Lock()
_LAYOUTS: dict[tuple[Any, ...], tuple[Any, tuple[tuple[Any, int, float, float], ...]]] = {}
"""(font id, size, dpi, text, flags, features, language) -> (font, glyphs: font, index, x, y)."""
_EXTENTS: dict[tuple[Any, ...], tuple[Any, tuple[float, float, float]]] = {}
"""(font id, size, dpi, text, flags) -> (font, the string's width, height and descent in px)."""
_METRICS: dict[tuple[Any, ...], tuple[float | None, float | None, float | None]] = {}
"""(font files, size, dpi) -> the font's ascent, descent and line gap in pixels."""
_GLYPHS: dict[tuple[Any, ...], tuple[np.ndarray, int, int]] = {}
"""(font file and face, size, dpi, glyph, transform, x and y within a pixel, flags, mode) ->
(bitmap, left and top relative to the whole-pixel position). Keyed by the font's file, not
its object: matplotlib opens a font once per thread, and a glyph rasterised in a
background thread (an explorer drawing ahead) serves the thread that shows it."""
MAX_LINES = 4_000
"""Strings the line cache keeps at most (a 9-point label of 40 letters is about 3 KiB, so
the cache stays under about 12 MiB)."""
_LINES: dict[tuple[Any, ...], tuple[tuple[np.ndarray, int, int], ...]] = {}
"""(size, dpi, the string's glyphs (font file and face, glyph), transform, flags, mode, each
glyph's position relative to the first's whole pixel) -> the string's bitmaps (see
:func:`_runs`), each with its left and top relative to that pixel."""


def clear_text_cache() -> None:
    """Forget every cached layout and glyph.

    >>> clear_text_cache()
    """
    with _LOCK:
        _LAYOUTS.clear()
        _EXTENTS.clear()
        _METRICS.clear()
        _GLYPHS.clear()
        _LINES.clear()


def _remember(cache: dict[Any, Any], key: Any, value: Any, limit: int | None = None) -> None:
    with _LOCK:
        if len(cache) >= (MAX_ENTRIES if limit is None else limit):
            cache.clear()
        cache[key] = value


class CachedTextRenderer(RendererAgg):
    """matplotlib's Agg renderer, with string layouts and glyph bitmaps reused between draws."""

    def _font(self, prop: Any) -> Any:
        """The font for ``prop``, cleared and sized (Agg's ``_prepare_font``)."""
        prepare: Any = RendererAgg._prepare_font
        return prepare(self, prop)

    def _get_font_height_metrics(self, prop: Any) -> tuple[float | None, ...]:
        """A font's ascent, descent and line gap (px), read from its tables once.

        matplotlib's text layout asks the renderer for these first (and otherwise reads the
        font's ``OS/2`` or ``hhea`` table itself on every layout); the same tables, the same
        arithmetic.
        """
        files = tuple(map(str, font_manager.fontManager._find_fonts_by_props(prop)))
        size = prop.get_size_in_points()
        key = (files, size, self.dpi)
        found = _METRICS.get(key)
        if found is None:
            font: Any = font_manager.get_font(files)
            found = (None, None, None)
            for table_name, gap, ascent, descent in (
                ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                ("hhea", "lineGap", "ascent", "descent"),
            ):
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * size * self.dpi / 72
                found = (table[ascent] * scale, -table[descent] * scale, table[gap] * scale)
                break
            _remember(_METRICS, key, found)
        return found

    def get_text_width_height_descent(
        self, s: str, prop: Any, ismath: Any
    ) -> tuple[float, float, float]:
        """A string's width, height and descent (px), measured once per font and size."""
        if ismath or not AVAILABLE:
            stock: Any = super()
            return stock.get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-any-return]
        font = self._font(prop)
        flags = _AGG.get_hinting_flag()
        key = (id(font), prop.get_size_in_points(), self.dpi, s, flags)
        found = _EXTENTS.get(key)
        if found is None or found[0] is not font:
            font.set_text(s, 0.0, flags=flags)
            width, height = font.get_width_height()  # unrotated, in 1/64 px
            found = (font, (width / 64.0, height / 64.0, font.get_descent() / 64.0))
            _remember(_EXTENTS, key, found)
        return found[1]

    def draw_text(
        self,
        gc: Any,
        x: float,
        y: float,
        s: str,
        prop: Any,
        angle: float,
        ismath: Any = False,
        mtext: Any = None,
    ) -> None:
        if ismath or not AVAILABLE:
            stock: Any = super()
            stock.draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
            return
        font = self._font(prop)
        flags = _AGG.get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        size = prop.get_size_in_points()
        key = (id(font), size, self.dpi, s, flags, features, language)
        found = _LAYOUTS.get(key)
        if found is None or found[0] is not font:
            items = font._layout(s, flags=flags, features=features, language=language)
            glyphs = tuple((item.ft_object, item.glyph_index, item.x, item.y) for item in items)
            _remember(_LAYOUTS, key, (font, glyphs))
        else:
            glyphs = found[1]
        self._draw_glyphs(gc, x, y, angle, size, glyphs, flags)

    def _draw_glyphs(
        self,
        gc: Any,
        x: float,
        y: float,
        angle: float,
        size: float,
        glyphs: tuple[tuple[Any, int, float, float], ...],
        flags: Any,
    ) -> None:
        """Agg's ``_draw_text_glyphs_and_boxes`` for plain text, from cached bitmaps."""
        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        antialiased = gc.get_antialiased()
        transform = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        matrix = tuple(transform.ravel().tolist())
        height = self.height
        # where FreeType puts each glyph, in 1/64 px (its y is upwards)
        places = [
            (
                round(0x40 * (x + dx * cos - dy * sin)),
                round(0x40 * (height - y + dx * sin + dy * cos)),
            )
            for _, _, dx, dy in glyphs
        ]
        if not places:
            return
        base_x, base_y = places[0][0] >> 6, places[0][1] >> 6
        relative = tuple((px - 64 * base_x, py - 64 * base_y) for px, py in places)
        key = (
            size,
            self.dpi,
            tuple((*_face(font), index) for font, index, _, _ in glyphs),
            matrix,
            flags,
            antialiased,
            relative,
        )
        found = _LINES.get(key)
        if found is None:
            bitmaps = [
                self._glyph(font, index, size, transform, matrix, px, py, flags, antialiased)
                for (font, index, _, _), (px, py) in zip(glyphs, places, strict=True)
            ]
            found = _runs(bitmaps, base_x, base_y)
            _remember(_LINES, key, found, MAX_LINES)
        for run, left, top in found:
            self._blit(gc, run, base_x + left, base_y + top)

    def _blit(self, gc: Any, buffer: np.ndarray, left: int, top: int) -> None:
        """Blend a coverage bitmap whose top-left pixel is at (``left``, ``top``), FreeType's
        coordinates (y upwards), in the current colour."""
        # draw_text_image's y is downwards and the bitmap's bottom side
        self._renderer.draw_text_image(
            buffer, left, int(self.height) - top + buffer.shape[0], 0, gc
        )

    def _glyph(
        self,
        font: Any,
        index: int,
        size: float,
        transform: np.ndarray,
        matrix: tuple[int, ...],
        px: int,
        py: int,
        flags: Any,
        antialiased: bool,
    ) -> tuple[np.ndarray, int, int]:
        """Glyph ``index`` placed at (``px``, ``py``) / 64 px: its bitmap, left and top (px)."""
        key = (*_face(font), size, self.dpi, index, matrix, px & 63, py & 63, flags, antialiased)
        found = _GLYPHS.get(key)
        if found is None:
            mode = _AGG.RenderMode.NORMAL if antialiased else _AGG.RenderMode.MONO
            font.set_size(size, self.dpi)
            font._set_transform(transform, [px & 63, py & 63])
            bitmap = font._render_glyph(index, flags, mode)
            buffer = bitmap.buffer
            if not antialiased:
                buffer *= 0xFF
            found = (np.array(buffer), bitmap.left, bitmap.top)
            _remember(_GLYPHS, key, found)
        buffer, left, top = found
        return buffer, left + (px >> 6), top + (py >> 6)


def _face(font: Any) -> tuple[str, int]:
    """A font's file and face: the same glyphs whichever thread's copy of it draws them."""
    return str(font.fname), int(font.face_index)


def _runs(
    bitmaps: list[tuple[np.ndarray, int, int]], base_x: int, base_y: int
) -> tuple[tuple[np.ndarray, int, int], ...]:
    """A string's glyph ``bitmaps`` (each: bitmap, left, top in pixels, y upwards) joined
    into as few bitmaps as keep the blending order, each with its left and top relative to
    (``base_x``, ``base_y``).

    Glyphs go into one bitmap while none of them covers a pixel another already covers;
    a glyph that would is the first of the next bitmap. Blended in order, the bitmaps give
    the pixels that blending the glyphs one by one gives: no pixel is covered twice within
    one, and two glyphs that share a pixel are blended in their own order.

    >>> dot = np.full((1, 1), 200, dtype=np.uint8)
    >>> [(run.tolist(), left, top) for run, left, top in _runs([(dot, 10, 5), (dot, 12, 5)], 10, 5)]
    [([[200, 0, 200]], 0, 0)]
    >>> len(_runs([(dot, 10, 5), (dot, 12, 5), (dot, 10, 5)], 10, 5))  # the third covers the first
    2
    """
    shown = [(b, left, top) for b, left, top in bitmaps if b.size]
    if not shown:
        return ()
    left = min(glyph_left for _, glyph_left, _ in shown)
    top = max(glyph_top for _, _, glyph_top in shown)
    width = max(glyph_left - left + b.shape[1] for b, glyph_left, _ in shown)
    rows = max(top - glyph_top + b.shape[0] for b, _, glyph_top in shown)
    runs: list[tuple[np.ndarray, int, int]] = []
    joined = np.zeros((rows, width), dtype=np.uint8)
    covered = np.zeros((rows, width), dtype=bool)

    def close() -> None:
        ys, xs = np.nonzero(covered)
        if ys.size:
            y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
            runs.append(
                (joined[y0:y1, x0:x1].copy(), int(left + x0 - base_x), int(top - y0 - base_y))
            )

    for bitmap, glyph_left, glyph_top in shown:
        row, column = top - glyph_top, glyph_left - left
        window = (slice(row, row + bitmap.shape[0]), slice(column, column + bitmap.shape[1]))
        ink = bitmap > 0
        if (covered[window] & ink).any():
            close()
            joined[:] = 0
            covered[:] = False
        joined[window] = np.where(ink, bitmap, joined[window])
        covered[window] |= ink
    close()
    return tuple(runs)


class CachedTextCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer reuses text layouts and glyphs (:class:`CachedTextRenderer`)."""

    def get_renderer(self) -> Any:
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key:
            renderer: Any = CachedTextRenderer
            self.renderer = renderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer
