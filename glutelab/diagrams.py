"""Schematic drawings of the gluteal muscles, with one muscle (or region) highlighted.

>>> chart = hip_diagram("gluteus_medius")
>>> sorted(chart.data["highlighted"])[:2]
['lateral:gluteus_medius:anterior', 'lateral:gluteus_medius:middle']
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Circle, Polygon

from glutelab.anatomy import MUSCLES, VIEWS, bone_shapes, centroid, muscle_shapes, regions
from glutelab.style import MUSCLE_COLOURS, Chart, add_source_line, new_chart

__all__ = ["MUSCLE_NAMES", "hip_diagram"]

MUSCLE_NAMES = {
    "gluteus_maximus": "Gluteus maximus",
    "gluteus_medius": "Gluteus medius",
    "gluteus_minimus": "Gluteus minimus",
}
VIEW_TITLES = {"posterior": "From behind (right hip)", "lateral": "From the side (right hip)"}
LABEL_POSITIONS = {
    "posterior": {
        "gluteus_medius": (4.0, 13.3),
        "gluteus_minimus": (11.2, 10.2),
        "gluteus_maximus": (10.8, 2.6),
    },
    "lateral": {
        "gluteus_medius": (4.0, 13.3),
        "gluteus_minimus": (10.8, 8.6),
        "gluteus_maximus": (1.2, 1.8),
    },
}
"""Where each muscle's name sits, outside the drawing, joined to the muscle by a line."""
BONE_COLOUR = "#F2EAD8"
MUTED = "#D9D9D9"


def _draw_view(ax: Axes, view: str, muscle: str | None, region: str | None) -> list[str]:
    for bone in bone_shapes(view):
        if bone.centre is not None:
            ax.add_patch(
                Circle(
                    bone.centre,
                    bone.radius,
                    facecolor=BONE_COLOUR,
                    edgecolor="#8C7B5A",
                    linewidth=1.2,
                    zorder=1,
                )
            )
        else:
            ax.add_patch(
                Polygon(
                    bone.points,
                    closed=True,
                    facecolor=BONE_COLOUR,
                    edgecolor="#8C7B5A",
                    linewidth=1.2,
                    zorder=1,
                )
            )
    highlighted = []
    for shape in muscle_shapes(view):
        chosen = shape.muscle == muscle and (region is None or shape.region == region)
        related = shape.muscle == muscle
        colour = MUSCLE_COLOURS[shape.muscle]
        if muscle is None:
            face, alpha, edge, width = colour, 0.55, "#333333", 0.8
        elif chosen:
            face, alpha, edge, width = colour, 0.95, "#000000", 2.5
        elif related:
            face, alpha, edge, width = colour, 0.35, "#333333", 0.8
        else:
            face, alpha, edge, width = MUTED, 0.45, "#777777", 0.6
        patch = Polygon(
            shape.points,
            closed=True,
            facecolor=face,
            alpha=alpha,
            edgecolor=edge,
            linewidth=width,
            linestyle="--" if shape.deep else "-",
            zorder=3 if chosen else 2,
            gid=f"{view}:{shape.key}",
        )
        ax.add_patch(patch)
        if chosen:
            highlighted.append(f"{view}:{shape.key}")
            if region is not None:
                x, y = centroid(shape.points)
                ax.text(
                    x,
                    y,
                    shape.region,
                    ha="center",
                    va="center",
                    fontsize=9,
                    zorder=5,
                    bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1},
                )
    for name in MUSCLES:
        shapes = [s for s in muscle_shapes(view) if s.muscle == name]
        anchor = centroid(tuple(p for s in shapes for p in s.points))
        label = MUSCLE_NAMES[name] + (" (deep)" if shapes[0].deep else "")
        ax.annotate(
            label,
            xy=anchor,
            xytext=LABEL_POSITIONS[view][name],
            fontsize=10,
            weight="bold" if name == muscle else "normal",
            ha="center",
            va="center",
            arrowprops={"arrowstyle": "-", "color": "#333333", "linewidth": 0.8},
            bbox={"facecolor": "white", "edgecolor": "#999999", "pad": 2},
            zorder=6,
            gid=f"label:{view}:{name}",
        )
    ax.set_xlim(-1.5, 13.5)
    ax.set_ylim(-0.3, 14.0)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(VIEW_TITLES[view], fontsize=12)
    return highlighted


def hip_diagram(muscle: str | None = None, region: str | None = None) -> Chart:
    """Posterior and lateral schematic views, highlighting ``muscle`` (and ``region``).

    Deep muscles (gluteus minimus) are drawn with dashed outlines. With no
    muscle chosen all three are drawn in their colours.

    Raises
    ------
    ValueError
        For an unknown muscle, or a region the muscle does not have.
    """
    if muscle is not None:
        known = regions(muscle)
        if region is not None and region not in known:
            raise ValueError(f"{muscle} has no region {region!r}; choose one of {', '.join(known)}")
    elif region is not None:
        raise ValueError("choose a muscle before a region")
    if muscle is None:
        focus = "all three gluteal muscles"
    else:
        focus = MUSCLE_NAMES[muscle] + (f", {region} fibres" if region else "")
    chart = new_chart(
        alt=(
            "Schematic drawing of a right hip from behind and from the side, showing pelvis, "
            f"femur and the three gluteal muscles; highlighted: {focus}. Gluteus maximus is "
            "the most superficial, gluteus medius lies under it and above it on the side of the "
            "pelvis, and gluteus minimus (dashed) lies deepest; medius and minimus converge on the "
            "greater trochanter, while maximus inserts lower on the femur and the iliotibial band."
        ),
        source="Schematic drawing, not to scale; drawn from coordinates in glutelab/anatomy.py.",
        width=11,
        height=6.5,
    )
    chart.figure.delaxes(chart.ax)
    axes = chart.figure.subplots(1, 2)
    highlighted: list[str] = []
    for ax, view in zip(axes, VIEWS, strict=True):
        highlighted += _draw_view(ax, view, muscle, region)
    chart.ax = axes[0]
    chart.figure.suptitle(f"Gluteal muscles: {focus}", fontsize=14, x=0.02, ha="left")
    add_source_line(chart)
    chart.data = {"highlighted": highlighted, "axes": list(axes), "focus": focus}
    return chart
