"""Cached text draws exactly the pixels matplotlib's own Agg canvas draws, and is reused.

Each figure is drawn once on a plain ``FigureCanvasAgg`` and twice on a
:class:`glutelab.agg_text.CachedTextCanvas` (the second draw takes every layout and glyph
from the cache); the three pictures must be equal to the last byte.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from glutelab import agg_text
from glutelab.agg_text import CachedTextCanvas, clear_text_cache


def _pixels(canvas: FigureCanvasAgg) -> np.ndarray:
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def _texts() -> Figure:
    """Text at several angles, sizes, weights, colours and sub-pixel positions, one unicode."""
    figure = Figure(figsize=(4, 3), dpi=87)
    for i, angle in enumerate((0, 90, 33, -17.5, 180)):
        figure.text(
            0.05 + 0.173 * i,
            0.1 + 0.151 * i,
            f"Gluteus medius {i}\n· ±1 SD, two lines" if i == 2 else f"Gluteus medius {i} · ±1 SD",
            rotation=angle,
            fontsize=7 + 1.7 * i,
            weight="bold" if i % 2 else "normal",
            color=("#0072B2", "#D55E00", "#000000", "#009E73", "#CC79A7")[i],
        )
    return figure


def _chart() -> Figure:
    """Axes with ticks, labels, a legend and a title, the course's kind of chart."""
    figure = Figure(figsize=(5, 3.2), dpi=100)
    ax = figure.add_axes((0.15, 0.18, 0.8, 0.7))
    ax.plot([0, 1, 2, 3], [10, 34.5, 21, 60], label="gluteus maximus (%MVIC)")
    ax.bar([0.5, 1.5], [12, 48], label="side bridge")
    ax.set_xlabel("Exercise number")
    ax.set_ylabel("%MVIC")
    ax.set_title("Mean activation", loc="left")
    ax.legend()
    return figure


def _unhinted_mono() -> Figure:
    """Text without anti-aliasing (FreeType's monochrome bitmaps)."""
    figure = Figure(figsize=(2, 1), dpi=72)
    figure.text(0.1, 0.4, "hip abduction", antialiased=False)
    return figure


def _math() -> Figure:
    """Mathtext goes through matplotlib's own path (not cached)."""
    figure = Figure(figsize=(2, 1), dpi=72)
    figure.text(0.1, 0.4, r"$\alpha = 5\,\%$ MVIC")
    return figure


@pytest.mark.skipif(not agg_text.AVAILABLE, reason="this matplotlib's Agg does not draw glyphs")
@pytest.mark.parametrize("make", [_texts, _chart, _unhinted_mono, _math])
def test_cached_text_gives_the_stock_pixels(make: Callable[[], Figure]) -> None:
    clear_text_cache()
    expected = _pixels(FigureCanvasAgg(make()))
    assert expected[..., :3].min() < 128, "nothing dark was drawn: the comparison is vacuous"
    first = _pixels(CachedTextCanvas(make()))
    again = _pixels(CachedTextCanvas(make()))  # every layout and glyph from the cache
    np.testing.assert_array_equal(first, expected)
    np.testing.assert_array_equal(again, expected)


def test_a_moved_string_reuses_its_glyphs_at_the_same_sub_pixel_offset() -> None:
    clear_text_cache()
    figure = Figure(figsize=(3, 1), dpi=64)  # 1 figure unit = 192 px: 1/192 moves a pixel
    label = figure.text(0.1, 0.4, "medius")
    canvas = CachedTextCanvas(figure)
    canvas.draw()
    glyphs = len(agg_text._GLYPHS)
    assert glyphs >= len(set("medius")), "each glyph is cached"
    label.set_x(0.1 + 5 / 192)  # five whole pixels to the right
    moved = _pixels(canvas)
    assert len(agg_text._GLYPHS) == glyphs, "a whole-pixel move renders no new glyph"
    np.testing.assert_array_equal(moved, _pixels(FigureCanvasAgg(figure)))
    label.set_x(0.1 + 5.5 / 192)  # half a pixel more: new bitmaps
    canvas.draw()
    assert len(agg_text._GLYPHS) > glyphs


def test_the_cache_starts_afresh_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_text_cache()
    monkeypatch.setattr(agg_text, "MAX_ENTRIES", 3)
    figure = Figure(figsize=(3, 1), dpi=64)
    figure.text(0.1, 0.4, "abcdefgh")
    canvas = CachedTextCanvas(figure)
    expected = _pixels(FigureCanvasAgg(figure))
    np.testing.assert_array_equal(_pixels(canvas), expected)
    assert 1 <= len(agg_text._GLYPHS) <= 3
    assert len(agg_text._LAYOUTS) == 1


def test_course_charts_are_drawn_on_the_caching_canvas() -> None:
    from glutelab.style import Layers, new_chart

    chart = new_chart(alt="a", source="b")
    chart.png()
    assert isinstance(chart.figure.canvas, CachedTextCanvas)
    figure = Figure(figsize=(2, 2))
    assert isinstance(Layers(figure).canvas, CachedTextCanvas)


def test_the_installed_matplotlib_gets_the_cache() -> None:
    """The premise holds for the matplotlib the course installs, so the cache is not idle."""
    major, minor = (int(part) for part in matplotlib.__version__.split(".")[:2])
    expected = (major, minor) >= (3, 11)
    assert expected == agg_text.AVAILABLE


def test_a_string_is_blended_once_unless_two_of_its_glyphs_overlap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A label is one bitmap to blend; where two glyphs cover one pixel ("ry" in DejaVu Sans:
    the y tucks under the r) the second glyph starts a second bitmap, blended after the first;
    both give the stock pixels."""
    clear_text_cache()
    figure = Figure(figsize=(3, 1), dpi=100)
    figure.text(0.05, 0.6, "gluteus medius")
    figure.text(0.05, 0.2, "ry", fontsize=9)
    blits: list[tuple[int, int]] = []
    original = agg_text.CachedTextRenderer._blit

    def counted(self: Any, gc: Any, buffer: np.ndarray, left: int, top: int) -> None:
        blits.append(buffer.shape)
        original(self, gc, buffer, left, top)

    monkeypatch.setattr(agg_text.CachedTextRenderer, "_blit", counted)
    np.testing.assert_array_equal(
        _pixels(CachedTextCanvas(figure)), _pixels(FigureCanvasAgg(figure))
    )
    runs = [len(found) for found in agg_text._LINES.values()]
    assert runs == [1, 2]  # "gluteus medius" in one bitmap; "ry" in two
    assert len(blits) == 3


def test_text_drawn_in_another_thread_is_not_rasterised_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """matplotlib opens a font once per thread; the cache serves every thread's copy, so
    text an explorer drew ahead in the background is not rasterised again when shown."""
    import threading

    clear_text_cache()

    def figure() -> Figure:
        made = Figure(figsize=(3, 1), dpi=100)
        made.text(0.05, 0.5, "Gluteus maximus · 57 %MVIC")
        return made

    ahead = threading.Thread(target=lambda: _pixels(CachedTextCanvas(figure())))
    ahead.start()
    ahead.join()
    assert agg_text._GLYPHS and agg_text._LINES
    rendered: list[int] = []
    original = agg_text.CachedTextRenderer._glyph

    def counted(self: Any, font: Any, index: int, *args: Any) -> Any:
        rendered.append(index)
        return original(self, font, index, *args)

    monkeypatch.setattr(agg_text.CachedTextRenderer, "_glyph", counted)
    shown = figure()
    np.testing.assert_array_equal(_pixels(CachedTextCanvas(shown)), _pixels(FigureCanvasAgg(shown)))
    assert rendered == []  # the string's bitmap came from the line cache
