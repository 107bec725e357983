"""What a chart actually drew, read back from its matplotlib artists.

Tests compare these with values worked out from the data files, never with the chart's own
record of its input (``Chart.data``).
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.container import BarContainer


def bar_spans(ax: Axes) -> list[tuple[float, float, float]]:
    """``(y centre, left end, right end)`` of every drawn bar, bottom to top."""
    spans = []
    for container in ax.containers:
        if isinstance(container, BarContainer):
            for patch in container.patches:
                y = patch.get_y() + patch.get_height() / 2
                spans.append((y, patch.get_x(), patch.get_x() + patch.get_width()))
    return sorted(spans)


def bar_values(ax: Axes) -> list[float]:
    """The right ends of the bars that start at zero (single values), bottom to top."""
    return [right for _, left, right in bar_spans(ax) if left == 0]


def floating_bars(ax: Axes) -> list[tuple[float, float]]:
    """``(left, right)`` of the bars that do not start at zero (a review's range)."""
    return [(left, right) for _, left, right in bar_spans(ax) if left != 0]


def luminance(colour: Any) -> float:
    """WCAG relative luminance of a matplotlib colour (``#RRGGBB``, a name, RGB(A))."""
    channels = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgba(colour)[:3]
    ]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(foreground: Any, background: Any = "#FFFFFF") -> float:
    """WCAG contrast ratio of two colours (against white by default)."""
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def html_bars(markup: str) -> list[tuple[float, float, str]]:
    """``(left %, width %, number written at its end)`` of every bar of an HTML chart
    (:mod:`glutelab.html_charts`), bottom to top as :func:`bar_spans`."""
    import re

    rows = re.findall(
        r'class="glutelab-bar" style="position:absolute;left:([0-9.]+)%;width:([0-9.]+)%;'
        r'.*?class="glutelab-value"[^>]*>([^<]*)<',
        markup,
    )
    return [(float(left), float(width), text) for left, width, text in rows][::-1]


def html_bar_values(markup: str) -> list[float]:
    """The numbers written at the bars of an HTML chart, bottom to top (as :func:`bar_values`)."""
    return [float(text) for _, _, text in html_bars(markup)]
