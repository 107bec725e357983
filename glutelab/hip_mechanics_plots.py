"""The hip mechanics figure: a muscle drawn on the hip in a pose, its moment arms and lengths.

The explorer's view: the right hip from behind and from the side in the chosen pose, the
chosen muscle's compartments coloured by what they do about the chosen axis (a figure redrawn
in place, only what changed: :class:`glutelab.style.Layers`); bars of each compartment's three
moment arms at that pose; and moment arm and muscle-tendon length against hip flexion, with
the current angle marked. The bars and curves are SVG the browser draws
(:mod:`glutelab.svg_charts`): they change on every control, and markup is quicker to write and
to send than pixels.

Sign convention (the model's): positive moment arms move the hip toward flexion, adduction
and internal rotation; blue marks those, vermilion the opposite actions.

>>> figure = MechanicsFigure()
>>> view = figure.update("gluteus_medius", (90, 0, 0), "rotation")
>>> view.data["compartments"]
['glut_med1_r', 'glut_med2_r', 'glut_med3_r']
>>> view.html.count('role="img"')  # the bars and the two curve charts; the drawings: an <img>
3
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from html import escape

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox
from numpy.typing import NDArray

from glutelab.hip_drawing import (
    band_outline,
    bone_faces,
    draw_bones,
    label_directions,
    set_view_limits,
)
from glutelab.hip_model import (
    ACTIONS,
    ARM_COLUMNS,
    COMPARTMENT_NAMES,
    HIP_EXTENSORS,
    Pose,
    arm_columns,
    compartment_paths,
    compartments,
    extension_moment_arms,
    flexion_sweep,
    project,
)
from glutelab.html_charts import HtmlChart
from glutelab.style import (
    OKABE_ITO,
    Band,
    Chart,
    Layers,
    add_source_line,
    new_chart,
    style_axes,
)
from glutelab.svg_charts import (
    EDGE,
    FONT,
    Frame,
    axes,
    hatch_defs,
    marker,
    nice_ticks,
    polyline,
    svg_figure,
    text,
)

__all__ = [
    "AXES_OF_ACTION",
    "FLEXION_GRID",
    "MUSCLE_CHOICES",
    "MechanicsFigure",
    "action",
    "arm_words",
    "compartment_label",
    "extensor_chart",
    "extensor_table",
    "fill_for",
    "flexion_curves",
    "length_chart",
    "muscle_compartments",
    "rotation_chart",
    "stance_chart",
]

MUSCLE_CHOICES = {
    "gluteus_maximus": ("Gluteus maximus", ("gluteus_maximus",)),
    "gluteus_medius": ("Gluteus medius", ("gluteus_medius",)),
    "gluteus_minimus": ("Gluteus minimus", ("gluteus_minimus",)),
    "tensor_fasciae_latae": ("Tensor fasciae latae", ("tensor_fasciae_latae",)),
    "adductor_magnus": ("Adductor magnus", ("adductor_magnus",)),
    "hamstrings": ("Hamstrings", ("semimembranosus", "semitendinosus", "biceps_femoris")),
}
"""Choice id -> (name shown, the course muscle ids whose compartments it draws)."""
AXES_OF_ACTION = {
    "flexion": "flexion_moment_arm_mm",
    "adduction": "adduction_moment_arm_mm",
    "rotation": "rotation_moment_arm_mm",
}
AXIS_NAMES = {
    "flexion": "Flexion (+) / extension (-)",
    "adduction": "Adduction (+) / abduction (-)",
    "rotation": "Internal (+) / external (-) rotation",
}
CURVE_TITLES = {
    "flexion": "Flexion moment arm (+ flexion / \u2212 extension)",
    "adduction": "Adduction moment arm (+ adduction / \u2212 abduction)",
    "rotation": "Rotation moment arm (+ internal / \u2212 external)",
}
"""Title of the moment-arm curve for each axis (short enough for the explorer's half width)."""
POSITIVE, NEGATIVE = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
NEUTRAL = "#BBBBBB"
"""The colour of a moment arm shown as 0 mm: no turning effect about that axis."""
NO_ACTION = "no leverage (0 mm)"
"""A compartment's action about the chosen axis when its moment arm is shown as 0 mm."""
HATCHES = ("", "//", "..")
LINESTYLES = ("-", "--", ":")
MARKERS = ("o", "s", "^")
FLEXION_GRID = np.arange(-20.0, 121.0, 5.0)
"""Hip flexion angles of the curves, degrees (the range of hip_moment_arms.csv)."""
ARM_LIMIT_MM = 100.0
"""The bars' and moment-arm curves' fixed scale, +/- mm (the model's largest is below it)."""
VIEW_LIMITS = {
    "posterior": ((-60.0, 230.0), (-340.0, 150.0)),
    "lateral": ((-240.0, 260.0), (-340.0, 150.0)),
}
SOURCE = (
    "Computed from OpenSim's Gait 2392 model (Delp et al. 1990; CC BY 3.0): moment arms as the "
    "change of each compartment's path length with the joint angle; knee extended. One generic "
    "adult; muscles as lines (bent only at fixed via points)."
)
WIDTH_IN, HEIGHT_IN = 7.05, 4.05
"""The drawings' figure, inches (at 100 dpi, pixels / 100)."""
Values = dict[str, dict[str, float]]
"""Per compartment, its three moment arms and its length at the current pose (mm)."""
FEMUR_FROM = -340.0
"""The femur is drawn from its head down to this height in its own frame (mm): the drawings
show no more of it, and fewer triangles redraw faster."""


def muscle_compartments(choice: str) -> list[str]:
    """The model compartments drawn for a muscle choice (:data:`MUSCLE_CHOICES`).

    Examples
    --------
    >>> muscle_compartments("gluteus_maximus")
    ['glut_max1_r', 'glut_max2_r', 'glut_max3_r']
    >>> muscle_compartments("hamstrings")  # one choice, three muscles
    ['semimem_r', 'semiten_r', 'bifemlh_r']
    >>> muscle_compartments("piriformis")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: unknown muscle 'piriformis'; choose one of gluteus_maximus, ...
    """
    if choice not in MUSCLE_CHOICES:
        raise ValueError(f"unknown muscle {choice!r}; choose one of {', '.join(MUSCLE_CHOICES)}")
    table = compartments()
    return list(table[table["muscle"].isin(MUSCLE_CHOICES[choice][1])]["muscle_id"])


@cache
def compartment_label(muscle_id: str) -> str:
    """A short name for a compartment, e.g. ``'upper, from the ilium'``.

    Gluteal compartments are named by their position in the muscle
    (:data:`glutelab.hip_model.COMPARTMENT_NAMES`), other muscles by their region.

    >>> compartment_label("glut_max1_r"), compartment_label("semimem_r")
    ('upper, from the ilium', 'semimembranosus')
    """
    if muscle_id in COMPARTMENT_NAMES:
        return COMPARTMENT_NAMES[muscle_id]
    row = compartments().set_index("muscle_id").loc[muscle_id]
    if row["region"] == "whole":
        return str(row["muscle"]).replace("_", " ")
    if row["region"] == "long_head":
        return "biceps femoris (long head)"
    return str(row["region"])


Curves = dict[str, dict[str, NDArray[np.float64]]]
"""Per compartment, each moment arm column and ``mtu_length_mm`` along :data:`FLEXION_GRID`."""


@lru_cache(maxsize=256)
def flexion_curves(ids: tuple[str, ...], adduction: float, rotation: float) -> Curves:
    """Moment arms and lengths of ``ids`` along :data:`FLEXION_GRID` at one adduction and
    rotation (cached: the widget asks again whenever only flexion changes).

    Examples
    --------
    The lowest part of gluteus maximus extends the hip (a negative flexion moment arm); at 90
    degrees of flexion its moment arm is shorter and the muscle longer:

    >>> curves = flexion_curves(("glut_max3_r",), 0.0, 0.0)["glut_max3_r"]
    >>> len(curves["mtu_length_mm"]) == len(FLEXION_GRID)
    True
    >>> at = [int(np.flatnonzero(FLEXION_GRID == angle)[0]) for angle in (0, 90)]
    >>> [[round(float(curves[c][i]), 1) for c in ("flexion_moment_arm_mm", "mtu_length_mm")]
    ...  for i in at]
    [[-73.2, 234.9], [-33.5, 329.0]]
    """
    poses = np.column_stack(
        [FLEXION_GRID, np.full(FLEXION_GRID.size, adduction), np.full(FLEXION_GRID.size, rotation)]
    )
    return arm_columns(poses, ids)


def warm_curves(choices: Iterable[str], adduction: float, rotation: float) -> None:
    """Compute (and cache) what showing each muscle in ``choices`` needs at this adduction
    and rotation: its length axis (:func:`length_limits`) and flexion curves.

    >>> warm_curves(["gluteus_minimus"], 0.0, 0.0)
    >>> length_limits.cache_info().currsize > 0
    True
    """
    for choice in choices:
        ids = tuple(muscle_compartments(choice))
        length_limits(ids)
        flexion_curves(ids, float(adduction), float(rotation))


@lru_cache(maxsize=16)
def length_limits(ids: tuple[str, ...]) -> tuple[float, float]:
    """Length axis limits (mm) that hold ``ids`` at every flexion for adduction -30..30 and
    rotation -40..40 degrees, so the axis stays put while the sliders move."""
    curves = [flexion_curves(ids, a, r) for a in (-30.0, 0.0, 30.0) for r in (-40.0, 0.0, 40.0)]
    lengths = np.concatenate([c[m]["mtu_length_mm"] for c in curves for m in ids])
    low, high = float(lengths.min()), float(lengths.max())
    pad = max(10.0, 0.05 * (high - low))
    return float(np.floor((low - pad) / 10) * 10), float(np.ceil((high + pad) / 10) * 10)


def _fraction(ax_box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    left, bottom, width, height = ax_box
    return (left / WIDTH_IN, bottom / HEIGHT_IN, width / WIDTH_IN, height / HEIGHT_IN)


class MechanicsFigure:
    """The explorer's view of one state, drawn anew for each (see the module docstring).

    The two drawings are one matplotlib figure redrawn in place, only its changed layers
    (:class:`glutelab.style.Layers`); the bars and curves are SVG
    (:mod:`glutelab.svg_charts`), which the browser draws.
    """

    def __init__(self) -> None:
        self.chart = new_chart(alt="", source="", width=WIDTH_IN, height=HEIGHT_IN, layout=None)
        figure = self.chart.figure
        figure.delaxes(self.chart.ax)
        self.views: dict[str, Axes] = {
            "posterior": figure.add_axes(_fraction((0.05, 0.05, 3.3, 3.65))),
            "lateral": figure.add_axes(_fraction((3.4, 0.05, 3.6, 3.65))),
        }
        self.chart.ax = self.views["posterior"]
        for view, ax in self.views.items():
            draw_bones(ax, view, (0, 0, 0), bones=("sacrum", "pelvis"))
            set_view_limits(ax, view, VIEW_LIMITS[view])
            label_directions(ax, view, fontsize=8)
            ax.set_title("From behind" if view == "posterior" else "From the side", fontsize=11)
        self.femurs = {
            view: draw_bones(
                ax, view, (0, 0, 0), zorder=1.5, bones=("femur_r",), lowest_mm=FEMUR_FROM
            )[0]
            for view, ax in self.views.items()
        }
        for ax in self.views.values():
            ax.apply_aspect()  # the equal scales fix where each drawing sits: the bands' frame
        self.layers = Layers(figure)
        self._femur_pose: tuple[float, ...] = ()
        """The pose the femurs were last placed at (another muscle or axis leaves them)."""

    # --- one state -----------------------------------------------------------------------

    def update(self, choice: str, pose: Pose, axis: str, *, drawings: bool = True) -> HtmlChart:
        """The view of muscle ``choice`` at ``pose`` (degrees), coloured by its action about
        ``axis`` (``'flexion'``, ``'adduction'`` or ``'rotation'``): the drawings' PNG, the
        bars, the curves, and what they show (``data``).

        ``drawings=False`` places the drawings' artists but leaves their picture out of the
        markup, for a caller that renders :attr:`chart` itself."""
        if axis not in AXES_OF_ACTION:
            raise ValueError(f"unknown axis {axis!r}; choose one of {', '.join(AXES_OF_ACTION)}")
        ids = muscle_compartments(choice)
        column = AXES_OF_ACTION[axis]
        flexion, adduction, rotation = (float(v) for v in pose)
        now: Values = {
            muscle_id: {column: float(values[0]) for column, values in columns.items()}
            for muscle_id, columns in arm_columns(
                np.array([[flexion, adduction, rotation]]), ids
            ).items()
        }
        curves = flexion_curves(tuple(ids), adduction, rotation)
        pose = (flexion, adduction, rotation)
        self._place_femurs(pose)
        positive, negative = ACTIONS[column]
        name = MUSCLE_CHOICES[choice][0]
        doing = [action(column, now[m][column]) or NO_ACTION for m in ids]
        summary = (
            f"all {len(ids)} compartments: {doing[0]}"
            if len(set(doing)) == 1 and len(ids) > 1
            else "; ".join(f"{n + 1} {d}" for n, d in enumerate(doing))
        )
        angles = f"flexion {flexion:g}°, adduction {adduction:g}°, rotation {rotation:g}°"
        self.chart.alt = (
            f"{name} drawn on a right hip at {angles}, from behind and from the side, each "
            f"compartment coloured by its action about the {axis} axis: "
            + "; ".join(
                f"{n + 1}, {compartment_label(m)}: {d}"
                for n, (m, d) in enumerate(zip(ids, doing, strict=True))
            )
            + "."
        )
        data = {
            "choice": choice,
            "pose": pose,
            "axis": axis,
            "compartments": ids,
            "moment_arms_mm": {m: [now[m][c] for c in ARM_COLUMNS] for m in ids},
            "mtu_length_mm": {m: now[m]["mtu_length_mm"] for m in ids},
            "actions": dict(zip(ids, doing, strict=True)),
        }
        markup = view_html(
            title=f"{name} at {angles}. About the {axis} axis: {summary}",
            key=_key_html(axis, positive, negative, flexion),
            drawing=self._drawing_html(
                self.png() if drawings else None,
                self.bands_svg(ids, pose, {m: now[m][column] for m in ids}),
            ),
            bars=bars_svg(ids, now),
            curves=curves_svg(ids, curves, column, flexion, axis),
            legend=_legend_html(ids),
        )
        return HtmlChart(markup, self.chart.alt, data)

    def _place_femurs(self, pose: Pose) -> None:
        """Turn the femurs to ``pose`` (the drawings' only part that moves)."""
        if pose == self._femur_pose:
            return
        self._femur_pose = tuple(pose)
        for view in self.views:
            faces, colours = bone_faces("femur_r", view, pose, FEMUR_FROM)
            femur: PolyCollection = self.femurs[view]
            femur.set_verts(faces)  # type: ignore[arg-type]  # an array: the quick path
            femur.set_facecolor(colours)  # type: ignore[arg-type]
            femur.set_edgecolor(colours)  # type: ignore[arg-type]

    def bands_svg(self, ids: Sequence[str], pose: Pose, arms: dict[str, float]) -> str:
        """The compartments as bands over the drawings, in the picture's pixels: each view
        clipped to its drawing, each band coloured by its action (its moment arm in ``arms``)
        and numbered 1-3."""
        width, height = self.chart.figure.bbox.width, self.chart.figure.bbox.height
        paths = compartment_paths(pose, ids)
        views = []
        for view, ax in self.views.items():
            x0, y0, x1, y1 = ax.bbox.extents
            box = f"{x0:.1f} {height - y1:.1f} {x1 - x0:.1f} {y1 - y0:.1f}"
            parts = []
            for index, muscle_id in enumerate(ids):
                xy, _ = project(paths[muscle_id], view)
                outline = _pixels(ax, band_outline(xy, 10.0), height)
                middle = _pixels(ax, xy[:1] + 0.3 * (xy[-1:] - xy[:1]), height)[0]
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in outline)
                colour = fill_for(arms[muscle_id])
                parts.append(
                    f'<polygon class="glutelab-band" data-view="{view}" '
                    f'data-compartment="{muscle_id}" points="{points}" fill="{colour}" '
                    'fill-opacity="0.85" stroke="#000000" stroke-width="1"/>'
                )
                parts.append(
                    text(
                        middle[0],
                        middle[1],
                        str(index + 1),
                        size=12.5,
                        anchor="middle",
                        baseline="central",
                        weight="bold",
                        halo="#FFFFFF",
                    )
                )
            views.append(
                f'<svg x="{x0:.1f}" y="{height - y1:.1f}" width="{x1 - x0:.1f}" '
                f'height="{y1 - y0:.1f}" viewBox="{box}">{"".join(parts)}</svg>'
            )
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            'aria-hidden="true" style="position:absolute;left:0;top:0;width:100%;height:100%;'
            f'font-family:{FONT}">{"".join(views)}</svg>'
        )

    def _drawing_html(self, png: bytes | None, bands: str) -> str:
        """The drawings' picture (``None``: left out) with the bands laid over it: the
        picture fills the box the bands fill, so they scale together."""
        width = int(self.chart.figure.bbox.width)
        fill = "display:block;width:100%;height:auto"
        picture = "" if png is None else self.chart.html(png, style=fill)
        return f'<div style="position:relative;max-width:{width}px">{picture}{bands}</div>'

    # --- pixels --------------------------------------------------------------------------

    def bands_for_layers(self) -> list[Band]:
        """One band, the whole figure, with one layer: the femurs, which change with the
        pose alone (the compartments are drawn over the picture by the browser)."""
        return [
            (
                Bbox.from_extents(*self.chart.figure.bbox.extents),
                [(self._femur_pose, list(self.femurs.values()))],
            )
        ]

    def png(self) -> bytes:
        """The drawings as PNG bytes, redrawing the femurs only when the pose changed."""
        return self.layers.png(self.bands_for_layers())


def _pixels(ax: Axes, xy: NDArray[np.float64], height: float) -> NDArray[np.float64]:
    """Points in ``ax``'s data coordinates (mm) as pixels of the picture, y down."""
    pixels = ax.transData.transform(xy)
    pixels[:, 1] = height - pixels[:, 1]
    return pixels


# --- the bars and curves, as SVG ---------------------------------------------------------------

BARS = Frame(420, 330, left=62, top=34, right=410, bottom=262, x=(-0.5, 2.5), y=(-100, 100))
"""The bars' chart: three groups (flexion, adduction, rotation) on a fixed +/- 100 mm scale."""
BAR_GROUPS = (
    "Flexion (+)\nExtension (\u2212)",
    "Adduction (+)\nAbduction (\u2212)",
    "Int. rotation (+)\nExt. rotation (\u2212)",
)
CURVE_FRAME = dict(width=560, height=300, left=62, top=34, right=548, bottom=240)
MARKER_SIZE = 8


def bars_svg(ids: Sequence[str], now: Values) -> str:
    """Each compartment's three moment arms at this pose as bars (blue positive, vermilion
    negative; hatched and numbered 1-3 as in the drawings), with the numbers as the label."""
    frame = BARS
    defs, hatches = hatch_defs(repr([(m, now[m]) for m in ids]))
    width = 0.8 / max(len(ids), 1)
    body = [
        defs,
        axes(
            frame,
            title="Moment arms at this pose",
            xlabel="",
            ylabel="Moment arm (mm)",
            xticks=[0, 1, 2],
            xtick_labels=BAR_GROUPS,
            yticks=nice_ticks(*frame.y),
            zero_line=True,
        ),
    ]
    for group, column in enumerate(ARM_COLUMNS):
        for index, muscle_id in enumerate(ids):
            value = now[muscle_id][column]
            left = frame.px(group - 0.4 + index * width)
            right = frame.px(group - 0.4 + index * width + width * 0.9)
            top, bottom = sorted((frame.py(value), frame.py(0.0)))
            box = (
                f'x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" '
                f'height="{bottom - top:.1f}"'
            )
            body.append(
                f'<rect class="glutelab-bar" data-compartment="{muscle_id}" '
                f'data-column="{column}" data-mm="{value:.2f}" {box} '
                f'fill="{fill_for(value)}" stroke="{EDGE}" '
                'stroke-width="0.8"/>'
            )
            if HATCHES[index]:
                body.append(f'<rect {box} fill="{hatches[HATCHES[index]]}" stroke="none"/>')
            below = value > 0
            body.append(
                text(
                    (left + right) / 2,
                    frame.py(0.0) + (12 if below else -5),
                    str(index + 1),
                    size=10,
                    anchor="middle",
                    fill=EDGE,
                )
            )
    parts = [
        f"{index + 1}, {compartment_label(m)}: {arm_words(now[m])}; muscle-tendon length "
        f"{now[m]['mtu_length_mm']:.0f} mm"
        for index, m in enumerate(ids)
    ]
    label = (
        "Bar chart of each compartment's three moment arms at this pose (bars up: flexion, "
        "adduction, internal rotation; down: the opposite). " + ". ".join(parts) + "."
    )
    return svg_figure(frame, "".join(body), label=label)


def curves_svg(ids: Sequence[str], curves: Curves, column: str, flexion: float, axis: str) -> str:
    """Two line charts against hip flexion, the current angle marked on each: the moment arm
    about ``axis`` (fixed +/- 100 mm scale) and the muscle-tendon length (an axis that holds
    the muscle at every adduction and rotation)."""
    positive, negative = ACTIONS[column]
    arm = Frame(
        **CURVE_FRAME, x=(FLEXION_GRID[0], FLEXION_GRID[-1]), y=(-ARM_LIMIT_MM, ARM_LIMIT_MM)
    )
    length = Frame(**CURVE_FRAME, x=arm.x, y=length_limits(tuple(ids)))
    charts, marked = [], {}
    for frame, values, title, ylabel in (
        (arm, column, CURVE_TITLES[axis], "Moment arm (mm)"),
        (length, "mtu_length_mm", "Muscle-tendon length (knee straight)", "Length (mm)"),
    ):
        body = [
            axes(
                frame,
                title=title,
                xlabel="Hip flexion (deg; negative = extension)",
                ylabel=ylabel,
                xticks=nice_ticks(*frame.x),
                yticks=nice_ticks(*frame.y),
                grid="both",
                zero_line=frame is arm,
            ),
            _now_line(frame, flexion),
        ]
        if frame is arm:
            body.append(
                text(frame.left + 6, frame.top + 14, f"\u2191 {positive}", size=11, fill=POSITIVE)
            )
            body.append(
                text(frame.left + 6, frame.bottom - 6, f"\u2193 {negative}", size=11, fill=NEGATIVE)
            )
        for index, muscle_id in enumerate(ids):
            ys = curves[muscle_id][values]
            body.append(
                polyline(
                    frame,
                    FLEXION_GRID,
                    ys,
                    style=LINESTYLES[index],
                    data={"compartment": muscle_id, "column": values},
                )
            )
            at = marked[values, muscle_id] = float(np.interp(flexion, FLEXION_GRID, ys))
            body.append(
                marker(
                    frame,
                    flexion,
                    at,
                    MARKERS[index],
                    size=MARKER_SIZE,
                    data={"compartment": muscle_id, "column": values, "value": f"{at:.2f}"},
                )
            )
        charts.append((frame, "".join(body)))
    now_words = {
        values: "; ".join(
            f"{i + 1} {compartment_label(m)} {marked[values, m]:.0f} mm" for i, m in enumerate(ids)
        )
        for values in (column, "mtu_length_mm")
    }
    label_arm = (
        f"Line chart of each compartment's {axis} moment arm (above zero: {positive}; below: "
        f"{negative}) against hip flexion from -20 to 120 degrees; at the marked "
        f"{flexion:g} degrees: {now_words[column]}."
    )
    label_length = (
        "Line chart of each compartment's muscle-tendon length, knee straight, against hip "
        f"flexion from -20 to 120 degrees; at the marked {flexion:g} degrees: "
        f"{now_words['mtu_length_mm']}."
    )
    (arm_frame, arm_body), (length_frame, length_body) = charts
    return _row(
        svg_figure(arm_frame, arm_body, label=label_arm, css="flex:1 1 420px;max-width:600px"),
        svg_figure(
            length_frame, length_body, label=label_length, css="flex:1 1 420px;max-width:600px"
        ),
    )


def _now_line(frame: Frame, flexion: float) -> str:
    x = frame.px(flexion)
    return (
        f'<line class="glutelab-now" data-flexion="{flexion:g}" x1="{x:.1f}" y1="{frame.top:.1f}" '
        f'x2="{x:.1f}" y2="{frame.bottom:.1f}" stroke="#777777" stroke-width="1" '
        'stroke-dasharray="5 3"/>'
    )


def _row(*items: str) -> str:
    """Items side by side; on a narrow page they wrap, each line centred (no empty right
    half under a picture that may not be stretched)."""
    return (
        '<div style="display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-start;'
        'justify-content:center">' + "".join(items) + "</div>"
    )


def _key_html(axis: str, positive: str, negative: str, flexion: float) -> str:
    """The colour keys and how to read the numbers (under the title)."""
    swatch = (
        "display:inline-block;width:1.4em;height:0.9em;vertical-align:-0.1em;border:1px solid #222"
    )
    hidden = (
        " From behind, the flexed thigh points away from you and the pelvis hides it."
        if flexion > 45
        else ""
    )
    return (
        f"Drawings: each compartment coloured by its action about the {escape(axis)} axis, "
        f'<span style="{swatch};background:{POSITIVE}"></span> blue = {escape(positive)}, '
        f'<span style="{swatch};background:{NEGATIVE}"></span> vermilion = {escape(negative)}, '
        f'<span style="{swatch};background:{NEUTRAL}"></span> grey = 0 mm when rounded: a '
        "negligible turning effect about this axis in this position (a small change of "
        "position can reverse it). "
        "Bars: blue = flexion, adduction or internal rotation; vermilion = the opposite. A "
        "moment arm (mm) is the muscle's leverage about an axis: the longer it is, the more "
        "turning effect each newton of muscle force has. Numbers 1-3: the same compartment in "
        "the drawings, bars and curves." + hidden
    )


def action(column: str, value: float) -> str | None:
    """The action a moment arm gives about its axis; None when it rounds to 0 mm (the whole
    millimetres shown): the line of pull passes within about half a millimetre of that axis,
    so its turning effect about it is negligible in this position (and a small change of
    position can reverse it). A display rule, not a physiological threshold.

    >>> action("rotation_moment_arm_mm", 20.8), action("rotation_moment_arm_mm", -0.4)
    ('internal rotation', None)
    """
    if _shows_as_zero(value):
        return None
    positive, negative = ACTIONS[column]
    return positive if value > 0 else negative


def fill_for(value: float) -> str:
    """The colour of a moment arm: blue for flexion, adduction or internal rotation,
    vermilion for the opposite, grey when it is shown as 0 mm.

    >>> fill_for(-45.7) == NEGATIVE, fill_for(0.3) == NEUTRAL
    (True, True)
    """
    return NEUTRAL if _shows_as_zero(value) else POSITIVE if value > 0 else NEGATIVE


def _shows_as_zero(value: float) -> bool:
    """Whether a moment arm reads 0 at the whole millimetres shown."""
    return f"{abs(value):.0f}" == "0"


def arm_words(arms: dict[str, float]) -> str:
    """A compartment's three moment arms in words: each named by the action it gives.

    >>> arm_words({"flexion_moment_arm_mm": -45.7, "adduction_moment_arm_mm": -27.9,
    ...            "rotation_moment_arm_mm": 20.8})
    'extension 46 mm, abduction 28 mm, internal rotation 21 mm'
    >>> arm_words({"flexion_moment_arm_mm": -45.7, "adduction_moment_arm_mm": 0.3,
    ...            "rotation_moment_arm_mm": 20.8})
    'extension 46 mm, neither adduction nor abduction (0 mm), internal rotation 21 mm'
    """
    words = []
    for column in ARM_COLUMNS:
        doing = action(column, arms[column])
        if doing is None:
            words.append("neither {} nor {} (0 mm)".format(*ACTIONS[column]))
        else:
            words.append(f"{doing} {abs(arms[column]):.0f} mm")
    return ", ".join(words)


def _legend_html(ids: Sequence[str]) -> str:
    """The curves' legend: each compartment's line style and marker, numbered."""
    entries = []
    for index, muscle_id in enumerate(ids):
        frame = Frame(44, 14, left=0, top=0, right=44, bottom=14, x=(0, 1), y=(0, 1))
        sample = polyline(frame, [0, 1], [0.5, 0.5], style=LINESTYLES[index]) + marker(
            frame, 0.5, 0.5, MARKERS[index], size=MARKER_SIZE
        )
        entries.append(
            '<span style="margin-right:1.4em;white-space:nowrap">'
            f'<svg viewBox="0 0 44 14" width="44" height="14" aria-hidden="true" '
            f'style="vertical-align:-0.15em">{sample}</svg> '
            f"{index + 1} {escape(compartment_label(muscle_id))}</span>"
        )
    return "".join(entries)


def view_html(*, title: str, key: str, drawing: str, bars: str, curves: str, legend: str) -> str:
    """The explorer's view: title and colour key, the drawings beside the bars, the curves
    with their legend, and the source line."""
    return (
        f'<div class="glutelab-hip-view" style="font-family:{FONT};color:#000;background:#fff;'
        'padding:8px 12px;box-sizing:border-box;max-width:1200px">'
        f'<div style="font-size:14pt;margin-bottom:4px">{escape(title)}</div>'
        f'<div style="font-size:10pt;margin-bottom:6px;line-height:1.4">{key}</div>'
        + _row(
            f'<div style="flex:1 1 560px;max-width:710px">{drawing}</div>',
            f'<div style="flex:1 1 340px;max-width:460px">{bars}</div>',
        )
        + curves
        + f'<div style="font-size:10pt;margin:4px 0 0;text-align:center">{legend}</div>'
        + '<p class="glutelab-chart-source" style="font-size:9pt;color:#444;margin:8px 0 0;'
        f'line-height:1.35">{escape(SOURCE)}</p></div>'
    )


# --- teaching charts (08_hip_mechanics) -------------------------------------------------------


def _three_panels(alt: str, height: float) -> tuple[Chart, list[Axes]]:
    """A 12-inch-wide chart of three side-by-side panels sharing one y-axis."""
    chart = new_chart(alt=alt, source=SOURCE, width=12, height=height)
    chart.figure.delaxes(chart.ax)
    return chart, list(chart.figure.subplots(1, 3, sharey=True))


def _finish_panels(
    chart: Chart, axes: list[Axes], lines: dict[str, Line2D], ylabel: str, title: str
) -> Chart:
    """The y label on the first panel, a left-aligned title, the source line and the record."""
    axes[0].set_ylabel(ylabel)
    chart.figure.suptitle(title, x=0.01, ha="left", fontsize=14)
    add_source_line(chart)
    chart.ax = axes[0]
    chart.data = {"lines": lines, "axes": axes}
    return chart


def rotation_chart(arms: pd.DataFrame) -> Chart:
    """Rotation moment arm against hip flexion for each gluteal compartment (one panel each
    for maximus, medius and minimus), from the table's neutral flexion sweep.

    >>> from glutelab.data import load_hip_moment_arms
    >>> chart = rotation_chart(load_hip_moment_arms())
    >>> len(chart.data["lines"])
    9
    """
    sweep = flexion_sweep(arms)
    chart, axes = _three_panels(
        alt=(
            "Three line charts, one each for gluteus maximus, medius and minimus: the rotation "
            "moment arm of each compartment of the model against hip flexion from -20 to 120 "
            "degrees. Above zero a compartment rotates the hip internally, below zero "
            "externally. Most lines rise as the hip flexes: several compartments that rotate "
            "externally with the hip straight rotate internally with it bent."
        ),
        height=4.6,
    )
    lines: dict[str, Line2D] = {}
    for ax, muscle in zip(
        axes, ("gluteus_maximus", "gluteus_medius", "gluteus_minimus"), strict=True
    ):
        rows = sweep[sweep["muscle"] == muscle]
        for index, (muscle_id, own) in enumerate(rows.groupby("muscle_id", sort=True)):
            (line,) = ax.plot(
                own["hip_flexion_deg"],
                own["rotation_moment_arm_mm"],
                LINESTYLES[index],
                color="#222222",
                linewidth=2,
                label=f"{index + 1} {compartment_label(str(muscle_id))}",
                gid=f"rotation:{muscle_id}",
            )
            lines[str(muscle_id)] = line
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.axhspan(0, ARM_LIMIT_MM, color=POSITIVE, alpha=0.06)
        ax.axhspan(-ARM_LIMIT_MM, 0, color=NEGATIVE, alpha=0.06)
        ax.set_xlim(FLEXION_GRID[0], FLEXION_GRID[-1])
        ax.set_ylim(-60, 60)
        style_axes(ax, title=MUSCLE_CHOICES[muscle][0], xlabel="Hip flexion (deg)", ylabel="")
        ax.legend(fontsize=8, loc="lower right")
    return _finish_panels(
        chart,
        axes,
        lines,
        "Rotation moment arm (mm)\n\u2191 internal   \u2193 external",
        "As the hip flexes, most gluteal compartments turn toward internal rotation",
    )


def length_chart(arms: pd.DataFrame, ranges: pd.DataFrame, names: dict[str, str]) -> Chart:
    """Gluteus maximus length against hip flexion (percentage of its length standing), with
    each exercise's hip flexion range drawn under the curves.

    ``ranges``: :func:`glutelab.data.load_exercise_hip_flexion`; ``names``: exercise names.

    Examples
    --------
    >>> from glutelab.data import load_exercise_hip_flexion, load_exercises, load_hip_moment_arms
    >>> exercises, ranges = load_exercises(), load_exercise_hip_flexion()
    >>> names = dict(zip(exercises["exercise_id"], exercises["name"], strict=True))
    >>> chart = length_chart(load_hip_moment_arms(), ranges, names)
    >>> [line.get_gid() for line in chart.ax.lines if line.get_gid()]  # one curve per part
    ['length:glut_max1_r', 'length:glut_max2_r', 'length:glut_max3_r']

    Each exercise's bar spans its hip flexion range:

    >>> bar = next(b for b in chart.figure.axes[1].lines if b.get_gid() == "range:hip_thrust")
    >>> hip_thrust = ranges.set_index("exercise_id").loc["hip_thrust"]
    >>> low, high = hip_thrust["hip_flexion_low_deg"], hip_thrust["hip_flexion_high_deg"]
    >>> bar.get_xdata().tolist() == [low, high]
    True
    """
    ids = muscle_compartments("gluteus_maximus")
    sweep = flexion_sweep(arms, ids)
    chart = new_chart(
        alt=(
            "Line chart of the length of each gluteus maximus compartment in the model against "
            "hip flexion, as a percentage of its length standing upright, with horizontal bars "
            "below showing the hip flexion range of each exercise (course authors' estimates). "
            "All three compartments lengthen as the hip flexes, most in the lowest compartment; "
            "exercises that reach deep hip flexion load the muscle at long lengths."
        ),
        source=SOURCE + " Exercise ranges: course authors' typical estimates, not measured.",
        width=10,
        height=6.4,
    )
    figure = chart.figure
    figure.delaxes(chart.ax)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    lines = {}
    for index, (muscle_id, own) in enumerate(sweep.groupby("muscle_id", sort=True)):
        standing = float(own.loc[own["hip_flexion_deg"] == 0, "mtu_length_mm"].iloc[0])
        (line,) = top.plot(
            own["hip_flexion_deg"],
            100 * own["mtu_length_mm"] / standing,
            LINESTYLES[index],
            color=MUSCLE_COLOURS_FOR_LENGTH[index],
            linewidth=2,
            label=f"{index + 1} {compartment_label(str(muscle_id))}",
            gid=f"length:{muscle_id}",
        )
        lines[str(muscle_id)] = line
    top.axhline(100, color="#777777", linewidth=0.8, linestyle="--")
    style_axes(
        top,
        title="Gluteus maximus lengthens as the hip flexes",
        xlabel="",
        ylabel="Length (% of standing)",
    )
    top.legend(fontsize=9, loc="upper left")
    ordered = ranges.sort_values(["hip_flexion_high_deg", "hip_flexion_low_deg"]).reset_index()
    bars = {}
    for row, exercise in ordered.iterrows():
        low, high = int(exercise["hip_flexion_low_deg"]), int(exercise["hip_flexion_high_deg"])
        (bar,) = bottom.plot(
            [low, high] if high > low else [low - 1, high + 1],
            [row, row],
            color=OKABE_ITO["bluish_green"],
            linewidth=7,
            solid_capstyle="butt",
            gid=f"range:{exercise['exercise_id']}",
        )
        bars[str(exercise["exercise_id"])] = bar
    bottom.set_yticks(
        range(len(ordered)), [names.get(str(e), str(e)) for e in ordered["exercise_id"]]
    )
    bottom.set_ylim(-0.7, len(ordered) - 0.3)
    bottom.set_xlim(FLEXION_GRID[0], FLEXION_GRID[-1])
    bottom.set_xlabel("Hip flexion (deg)")
    bottom.set_title(
        "Typical hip flexion range of each exercise (estimates)", loc="left", fontsize=12
    )
    bottom.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    add_source_line(chart)
    chart.ax = top
    chart.data = {"lines": lines, "ranges": bars}
    return chart


MUSCLE_COLOURS_FOR_LENGTH = (OKABE_ITO["blue"], OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"])
EXTENSOR_NAMES = {
    "gluteus_maximus": "Gluteus maximus",
    "adductor_magnus": "Adductor magnus",
    "hamstrings": "Hamstrings",
}
EXTENSOR_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"])
"""One colour per compartment within a panel (Okabe-Ito), doubled by a line style."""


def extensor_table(arms: pd.DataFrame, flexions: Sequence[int] = (0, 45, 90)) -> pd.DataFrame:
    """Hip extension moment arms (mm, whole numbers) of gluteus maximus, adductor magnus and the
    hamstrings at a few hip flexion angles: one row per compartment (indexed by muscle and
    compartment), one column per angle.

    >>> from glutelab.data import load_hip_moment_arms
    >>> table = extensor_table(load_hip_moment_arms())
    >>> list(table.columns)
    ['0° flexion (mm)', '45° flexion (mm)', '90° flexion (mm)']
    >>> int(table.loc[("Adductor magnus", "ischiocondylar"), "0° flexion (mm)"]) > 0
    True
    """
    long = extension_moment_arms(arms, list(flexions))
    wide = long.pivot(
        index="muscle_id", columns="hip_flexion_deg", values="extension_moment_arm_mm"
    )
    ids = [m for group in HIP_EXTENSORS.values() for m in group]
    groups = {m: g for g, members in HIP_EXTENSORS.items() for m in members}
    table = pd.DataFrame(
        {
            "Muscle": [EXTENSOR_NAMES[groups[m]] for m in ids],
            "Compartment": [compartment_label(m) for m in ids],
        }
    )
    for angle in flexions:
        table[f"{angle}° flexion (mm)"] = wide.loc[ids, angle].round(0).astype(int).to_numpy()
    return table.set_index(["Muscle", "Compartment"])


def extensor_chart(arms: pd.DataFrame) -> Chart:
    """Hip extension moment arm against hip flexion for each compartment of gluteus maximus,
    adductor magnus and the hamstrings (one panel each), from the table's neutral sweep.

    >>> from glutelab.data import load_hip_moment_arms
    >>> chart = extensor_chart(load_hip_moment_arms())
    >>> len(chart.data["lines"])
    9
    """
    table = extension_moment_arms(arms)
    chart, axes = _three_panels(
        alt=(
            "Three line charts, one each for gluteus maximus, adductor magnus and the hamstrings: "
            "the hip extension moment arm of each compartment of the model, in millimetres, "
            "against hip flexion from -20 to 120 degrees, with the knee straight. The gluteus "
            "maximus lines fall as the hip flexes; the lines of the upper and middle parts of "
            "adductor magnus rise from near zero with the hip straight to their largest values "
            "with the hip well flexed; the hamstring lines, and the ischiocondylar part of "
            "adductor magnus, rise to a peak part-way through the range and then fall."
        ),
        height=4.8,
    )
    lines: dict[str, Line2D] = {}
    for ax, (group, ids) in zip(axes, HIP_EXTENSORS.items(), strict=True):
        for index, muscle_id in enumerate(ids):
            own = table[table["muscle_id"] == muscle_id]
            (line,) = ax.plot(
                own["hip_flexion_deg"],
                own["extension_moment_arm_mm"],
                LINESTYLES[index],
                color=EXTENSOR_COLOURS[index],
                linewidth=2.2,
                label=compartment_label(muscle_id),
                gid=f"extension:{muscle_id}",
            )
            lines[muscle_id] = line
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.set_xlim(FLEXION_GRID[0], FLEXION_GRID[-1])
        ax.set_ylim(-20, 110)
        style_axes(ax, title=EXTENSOR_NAMES[group], xlabel="Hip flexion (deg)", ylabel="")
        ax.legend(fontsize=8, loc="upper right")
    return _finish_panels(
        chart,
        axes,
        lines,
        "Hip extension moment arm (mm)\n\u2191 extends the hip",
        "As the hip flexes, gluteus maximus loses leverage for extension; "
        "adductor magnus keeps or gains it",
    )


def stance_chart(sweep: pd.DataFrame, measured: pd.DataFrame) -> Chart:
    """Abductor and hip contact force (body weights) in single-leg stance against a sideways
    lean of the trunk over the stance hip, with the measured contact forces beside them.

    ``sweep``: :func:`glutelab.hip_model.lean_sweep`; ``measured``: rows of
    ``model_comparison.csv`` to mark (their agreement ranges as shaded bands).

    Examples
    --------
    >>> from glutelab.data import load_model_comparison
    >>> from glutelab.hip_model import lean_sweep
    >>> comparison = load_model_comparison()
    >>> measured = comparison[comparison["model_quantity"] == "single_leg_stance_contact_force_bw"]
    >>> chart = stance_chart(lean_sweep(range(0, 101, 10)), measured)
    >>> [line.get_gid() for line in chart.ax.lines]
    ['abductor_force', 'contact_force']
    >>> chart.ax.lines[0].get_xdata()[[0, -1]].tolist()  # trunk lean, mm
    [0.0, 100.0]

    A band for each measured row that gives a range (rows with one bound are not drawn):

    >>> bounded = measured.dropna(subset=["agree_low", "agree_high"])
    >>> [band.get_gid() for band in chart.ax.patches] == [
    ...     f"measured:{c}" for c in bounded["comparison_id"]
    ... ]
    True
    """
    chart = new_chart(
        alt=(
            "Line chart of the force the hip abductors need to hold the pelvis level in "
            "single-leg stance, and of the resulting hip contact force, both in body weights, "
            "against how far the trunk leans over the stance hip. Both fall in a straight line "
            "as the lean grows; the shaded band is the range of contact forces measured with "
            "instrumented hip implants in single-leg stance."
        ),
        source=SOURCE + " Static frontal-plane model; measured forces: see the references.",
        width=9,
        height=5.2,
    )
    ax = chart.ax
    bounded = measured.dropna(subset=["agree_low", "agree_high"])
    for comparison, low, high in zip(
        bounded["comparison_id"], bounded["agree_low"], bounded["agree_high"], strict=True
    ):
        ax.axhspan(
            float(low),
            float(high),
            color=OKABE_ITO["sky_blue"],
            alpha=0.25,
            gid=f"measured:{comparison}",
            label=(
                "Measured in 2 patients with\ninstrumented hip replacements,\nsingle-leg stance "
                "(Kotzar 1991); their lean\nwas not controlled"
            ),
        )
    (abductors,) = ax.plot(
        sweep["lean_mm"],
        sweep["abductor_force_bw"],
        "-",
        color=OKABE_ITO["vermillion"],
        linewidth=2.2,
        label="Abductor force",
        gid="abductor_force",
    )
    (contact,) = ax.plot(
        sweep["lean_mm"],
        sweep["contact_force_bw"],
        "--",
        color=OKABE_ITO["blue"],
        linewidth=2.2,
        label="Hip contact force",
        gid="contact_force",
    )
    ax.set_ylim(0, max(3.2, float(sweep["contact_force_bw"].max()) + 0.2))
    ax.set_xlim(float(sweep["lean_mm"].min()), float(sweep["lean_mm"].max()))
    style_axes(
        ax,
        title="Leaning over the stance hip lowers the abductor force and the hip's load",
        xlabel="Trunk lean toward the stance hip (mm the body's centre moves)",
        ylabel="Force (body weights)",
    )
    ax.legend(fontsize=10, loc="lower left")
    add_source_line(chart)
    chart.data = {"abductors": abductors, "contact": contact}
    return chart
