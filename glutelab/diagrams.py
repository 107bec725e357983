"""Drawings of the gluteal muscles on a right hip, with one muscle (or region) highlighted.

The bones are the OpenSim Gait 2392 model's pelvis, sacrum and femur meshes and each muscle
compartment is a band along the model's path for it (``glutelab.hip_drawing``).

>>> chart = hip_diagram("gluteus_medius")
>>> sorted(chart.data["highlighted"])[:2]
['lateral:gluteus_medius:anterior', 'lateral:gluteus_medius:middle']
"""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import Polygon
from matplotlib.transforms import Bbox

from glutelab.anatomy import DEEP, MUSCLES, VIEWS, compartment_ids, regions
from glutelab.hip_drawing import (
    BandStyle,
    draw_bones,
    draw_compartments,
    label_directions,
    set_view_limits,
)
from glutelab.hip_model import compartments
from glutelab.style import (
    MUSCLE_COLOURS,
    Chart,
    Layers,
    add_source_line,
    new_chart,
    source_height,
)

__all__ = ["MODEL_CREDIT", "MUSCLE_NAMES", "HipDiagram", "hip_diagram"]

MUSCLE_NAMES = {
    "gluteus_maximus": "Gluteus maximus",
    "gluteus_medius": "Gluteus medius",
    "gluteus_minimus": "Gluteus minimus",
}
VIEW_TITLES = {"posterior": "From behind (right hip)", "lateral": "From the side (right hip)"}
MODEL_CREDIT = (
    "Drawn from OpenSim's Gait 2392 model (Delp et al. 1990; CC BY 3.0): its bone meshes, and "
    "each muscle compartment as a band along the model's straight-line path."
)
LIMITS = {
    "posterior": ((-60.0, 250.0), (-300.0, 140.0)),
    "lateral": ((-300.0, 80.0), (-300.0, 140.0)),
}
"""Each view's extent in mm (pelvis frame), with room beside the bones for the labels."""
LABEL_X = {"posterior": 195.0, "lateral": -245.0}
LABEL_Y = {"gluteus_medius": 95.0, "gluteus_minimus": 30.0, "gluteus_maximus": -150.0}
"""Where each muscle's name sits, beside the drawing, joined to the muscle by a line."""
HALF_WIDTH_MM = {"gluteus_maximus": 17.0, "gluteus_medius": 13.0, "gluteus_minimus": 9.0}
DRAW_ORDER = ("gluteus_minimus", "gluteus_medius", "gluteus_maximus")
"""Deep first: gluteus maximus covers the others, as it does in the body."""
MUTED = "#BFBFBF"
FEMUR_FROM = -240.0
"""The femur is drawn down to this height in its own frame (mm), just below the drawing's
lower edge: the shaft and knee further down would be drawn and then cut away."""


def _style(muscle: str, chosen: bool, related: bool, anything: bool) -> BandStyle:
    """How a compartment of ``muscle`` is drawn, given what is highlighted."""
    colour = MUSCLE_COLOURS[muscle]
    base = {"half_width_mm": HALF_WIDTH_MM[muscle], "dashed": muscle in DEEP}
    if not anything:
        return BandStyle(colour, 0.6, "#333333", 0.8, zorder=3, **base)  # type: ignore[arg-type]
    if chosen:
        return BandStyle(colour, 0.95, "#000000", 2.2, zorder=5, **base)  # type: ignore[arg-type]
    if related:
        return BandStyle(colour, 0.35, "#333333", 0.8, zorder=3, **base)  # type: ignore[arg-type]
    return BandStyle(MUTED, 0.45, "#777777", 0.6, zorder=3, **base)  # type: ignore[arg-type]


def _centre(patch: Polygon) -> tuple[float, float]:
    """Mean of a band's outline points (where a label's leader line ends)."""
    x, y = np.asarray(patch.get_xy(), dtype=float).mean(axis=0)
    return float(x), float(y)


def _draw_static(ax: Axes, view: str) -> None:
    """What every state of a view shares: the bones, the limits, the directions, the title."""
    draw_bones(ax, view, (0, 0, 0), lowest_mm=FEMUR_FROM)
    set_view_limits(ax, view, LIMITS[view])
    label_directions(ax, view)
    ax.set_title(VIEW_TITLES[view], fontsize=12)


@cache
def _region_of() -> dict[str, str]:
    """Each gluteal compartment's fibre region (``glut_med1_r`` -> ``anterior``)."""
    table = compartments()
    return dict(zip(table["muscle_id"], table["region"].astype(str), strict=True))


@cache
def _muscle_of() -> dict[str, str]:
    """Each gluteal compartment's muscle (``glut_med1_r`` -> ``gluteus_medius``)."""
    return {muscle_id: name for name in MUSCLES for muscle_id in compartment_ids(name)}


def _styles(muscle: str | None, region: str | None) -> dict[str, BandStyle]:
    """How every compartment is drawn for one state, deep muscles first (the drawing order)."""
    region_of = _region_of()
    return {
        muscle_id: _style(
            name,
            name == muscle and region in (None, region_of[muscle_id]),
            name == muscle,
            muscle is not None,
        )
        for name in DRAW_ORDER
        for muscle_id in compartment_ids(name)
    }


def _restyle(patch: Polygon, style: BandStyle) -> None:
    """Give a band drawn before another state's style (its outline stays)."""
    patch.set_alpha(style.alpha)
    patch.set_facecolor(style.colour)
    patch.set_edgecolor(style.edge)
    patch.set_linewidth(style.linewidth)
    patch.set_zorder(style.zorder)


class _View:
    """One view's bands and muscle labels, drawn once and restyled from state to state; the
    region's label, drawn for each state that names a region."""

    def __init__(self, ax: Axes, view: str) -> None:
        self.ax, self.view = ax, view
        self.patches = draw_compartments(ax, view, (0, 0, 0), _styles(None, None))
        self.labels: dict[str, Artist] = {}
        for name in MUSCLES:
            anchor = np.mean([_centre(self.patches[m]) for m in compartment_ids(name)], axis=0)
            self.labels[name] = ax.annotate(
                MUSCLE_NAMES[name] + (" (deep)" if name in DEEP else ""),
                xy=(float(anchor[0]), float(anchor[1])),
                xytext=(LABEL_X[view], LABEL_Y[name]),
                fontsize=10,
                ha="center",
                va="center",
                arrowprops={"arrowstyle": "-", "color": "#333333", "linewidth": 0.8},
                bbox={"facecolor": "white", "edgecolor": "#999999", "pad": 2},
                zorder=9,
                gid=f"label:{view}:{name}",
            )
        self.region_label: Artist | None = None

    def show(
        self, muscle: str | None, region: str | None, styles: dict[str, BandStyle]
    ) -> tuple[list[str], list[Artist]]:
        """Restyle for one state (``styles``: :func:`_styles` of it): the highlighted keys and
        the state's artists, in the order a new drawing would hold them (bands, region label,
        muscle labels)."""
        region_of = _region_of()
        highlighted = []
        for muscle_id, patch in self.patches.items():
            _restyle(patch, styles[muscle_id])
            if styles[muscle_id].linewidth > 2:
                highlighted.append(f"{self.view}:{_muscle_of()[muscle_id]}:{region_of[muscle_id]}")
        if self.region_label is not None:
            self.region_label.remove()
            self.region_label = None
        artists: list[Artist] = list(self.patches.values())
        if region is not None and muscle is not None:
            chosen = [self.patches[m] for m in compartment_ids(muscle, region)]
            x, y = np.mean([_centre(p) for p in chosen], axis=0)
            self.region_label = self.ax.text(
                x,
                y,
                region,
                ha="center",
                va="center",
                fontsize=9,
                zorder=8,
                bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1},
                gid=f"region:{self.view}",
            )
            artists.append(self.region_label)
        for name, label in self.labels.items():
            label.set_fontweight("bold" if name == muscle else "normal")  # type: ignore[attr-defined]
            artists.append(label)
        return sorted(set(highlighted)), artists


def _check(muscle: str | None, region: str | None) -> None:
    if muscle is not None:
        known = regions(muscle)
        if region is not None and region not in known:
            raise ValueError(f"{muscle} has no region {region!r}; choose one of {', '.join(known)}")
    elif region is not None:
        raise ValueError("choose a muscle before a region")


class HipDiagram:
    """The drawing of :func:`hip_diagram`, kept from one state to the next.

    The bones, the view titles, the direction words and the source line are drawn once;
    the bands and the muscles' labels are drawn once too. A new state restyles the bands,
    sets the labels' weight, places the region's label and sets the title, and :meth:`png`
    redraws only those over the saved bones (:class:`glutelab.style.Layers`). The margins
    are fixed (no layout engine), so nothing is measured again on a redraw.

    >>> drawing = HipDiagram()
    >>> drawing.update("gluteus_maximus", "superior").data["focus"]
    'Gluteus maximus, superior fibres'
    >>> drawing.png()[1:4]
    b'PNG'
    """

    WIDTH_IN = 11.0
    HEIGHT_IN = 7.5
    TOP_IN = 0.85
    """Room above the drawings for the figure title and each view's title."""
    SIDE_IN = 0.15
    GAP_IN = 0.3

    def __init__(self) -> None:
        chart = new_chart(
            alt="", source=MODEL_CREDIT, width=self.WIDTH_IN, height=self.HEIGHT_IN, layout=None
        )
        figure = chart.figure
        figure.delaxes(chart.ax)
        bottom = source_height(chart) + 0.05
        width = (self.WIDTH_IN - 2 * self.SIDE_IN - self.GAP_IN) / 2
        height = self.HEIGHT_IN - self.TOP_IN - bottom
        self.axes: list[Axes] = []
        for index, view in enumerate(VIEWS):
            left = self.SIDE_IN + index * (width + self.GAP_IN)
            ax = figure.add_axes(
                (
                    left / self.WIDTH_IN,
                    bottom / self.HEIGHT_IN,
                    width / self.WIDTH_IN,
                    height / self.HEIGHT_IN,
                )
            )
            _draw_static(ax, view)
            self.axes.append(ax)
        chart.ax = self.axes[0]
        add_source_line(chart)
        self.chart = chart
        self.title = figure.text(
            0.02, 1 - 0.12 / self.HEIGHT_IN, "", fontsize=14, ha="left", va="top"
        )
        self.layers = Layers(figure)
        self._views = [_View(ax, view) for ax, view in zip(self.axes, VIEWS, strict=True)]
        self._state: list[Artist] = []
        self._key: tuple[str | None, str | None] = (None, None)

    def update(self, muscle: str | None = None, region: str | None = None) -> Chart:
        """Highlight ``muscle`` (and ``region``); the chart, with its alt text and data."""
        _check(muscle, region)
        if muscle is None:
            focus = "all three gluteal muscles"
        else:
            focus = MUSCLE_NAMES[muscle] + (f", {region} fibres" if region else "")
        highlighted: list[str] = []
        drawn: list[Artist] = []
        styles = _styles(muscle, region)  # the same in every view
        for view in self._views:
            keys, artists = view.show(muscle, region, styles)
            highlighted += keys
            drawn += artists
        self.title.set_text(f"Gluteal muscles: {focus}")
        self._state = drawn
        self._key = (muscle, region)
        chart = self.chart
        chart.alt = _alt(focus)
        chart.data = {"highlighted": highlighted, "axes": list(self.axes), "focus": focus}
        return chart

    def png(self) -> bytes:
        """The drawing as PNG bytes, redrawing only the bands, the labels and the title."""
        figure = self.chart.figure
        width, height = figure.bbox.size
        ordered = sorted(self._state, key=lambda artist: artist.get_zorder())  # as Axes.draw
        layer = [*ordered, self.title]
        return self.layers.png([(Bbox.from_extents(0, 0, width, height), [(self._key, layer)])])


def _alt(focus: str) -> str:
    return (
        "Drawing of a right hip made from a musculoskeletal model's bones, seen from behind "
        "(midline on the left, lateral on the right) and from the side (back on the left, "
        f"front on the right), with the three gluteal muscles; highlighted: {focus}. Each "
        "muscle is drawn as bands from its origin on the pelvis to its insertion on the "
        "femur. Gluteus maximus is the most superficial and runs from the back of the pelvis "
        "and sacrum down and out past the greater trochanter to the upper femur; gluteus "
        "medius fans from the outer ilium above it to the greater trochanter; gluteus "
        "minimus (dashed) lies deepest, under medius, and also ends on the greater "
        "trochanter."
    )


def hip_diagram(muscle: str | None = None, region: str | None = None) -> Chart:
    """A right hip from behind and from the side, highlighting ``muscle`` (and ``region``).

    Drawn from the hip model's bones and muscle paths. Gluteus minimus, the deepest, has
    dashed outlines. With no muscle chosen all three are drawn in their colours. A figure
    of its own each time; :class:`HipDiagram` redraws one in place.

    Raises
    ------
    ValueError
        For an unknown muscle, or a region the muscle does not have.
    """
    _check(muscle, region)
    return HipDiagram().update(muscle, region)
