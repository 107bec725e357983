"""Layered redraws (glutelab.style.Layers): saved backgrounds are restored, never stale.

Expected pictures are full draws of the same figure state on matplotlib's own Agg canvas.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from glutelab.style import Layers


def _figure() -> tuple[Figure, object, object]:
    figure = Figure(figsize=(3, 2), dpi=50)
    ax = figure.add_axes((0.2, 0.2, 0.7, 0.7))
    (line,) = ax.plot([0, 1, 2], [0, 1, 0], color="#0072B2")
    return figure, ax, line


def _decoded(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _full(figure: Figure) -> np.ndarray:
    """The figure drawn whole on a canvas of its own (then given back its own canvas, which
    its layers draw on)."""
    own = figure.canvas
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba()).copy()
    figure.set_canvas(own)
    return pixels


def _show(layers: Layers, figure: Figure, ax: object, line: object, scale: float) -> bytes:
    ax.set_ylim(0, scale)  # type: ignore[attr-defined]  # the background: axis and ticks
    line.set_ydata([0, scale / 2, 0])  # type: ignore[attr-defined]
    return layers.png([(figure.bbox, [(scale, [line])])], background=scale)


def test_a_background_seen_before_is_restored_and_the_picture_is_a_full_draw() -> None:
    figure, ax, line = _figure()
    layers = Layers(figure)
    drawn: list[int] = []
    original = layers._draw_background

    def count(bands: object) -> None:
        drawn.append(1)
        original(bands)  # type: ignore[arg-type]

    layers._draw_background = count  # type: ignore[method-assign]
    for scale in (1.0, 5.0, 1.0, 5.0):
        png = _show(layers, figure, ax, line, scale)
        np.testing.assert_array_equal(_decoded(png), _full(figure))
    assert len(drawn) == 2, "each background is drawn once, then restored"


def test_only_the_most_recent_backgrounds_are_kept() -> None:
    figure, ax, line = _figure()
    layers = Layers(figure)
    scales = [float(s) for s in range(1, Layers.SAVED_BACKGROUNDS + 3)]
    for scale in scales:
        _show(layers, figure, ax, line, scale)
    assert [key for key, _ in layers._saved] == scales[-Layers.SAVED_BACKGROUNDS :]
    png = _show(layers, figure, ax, line, scales[0])  # forgotten: drawn again, correctly
    np.testing.assert_array_equal(_decoded(png), _full(figure))
    layers.reset()
    assert not layers._saved
