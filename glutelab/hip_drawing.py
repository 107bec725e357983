"""Draw the right hip from the model: shaded bone meshes and muscle compartments as bands.

The drawings are made from the Gait 2392 model's pelvis, sacrum and femur meshes and the
muscle paths (``glutelab.hip_model``), in two views oriented as an anatomy atlas shows them:

* ``posterior``: seen from behind; medial (the midline) left, lateral right, superior up;
* ``lateral``: seen from the right side; posterior left, anterior right, superior up.

Coordinates on the axes are millimetres in the pelvis frame.

>>> from matplotlib.figure import Figure
>>> ax = Figure().add_subplot()
>>> bones = draw_bones(ax, "posterior", (0, 0, 0))
>>> sorted(c.get_gid() for c in bones)
['bone:femur_r', 'bone:pelvis', 'bone:sacrum']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.patches import Polygon

from glutelab.hip_model import Array, Pose, bone_mesh, compartment_paths, project

__all__ = [
    "BONE_RGB",
    "DIRECTIONS",
    "BandStyle",
    "band_outline",
    "bone_faces",
    "draw_bones",
    "draw_compartments",
    "label_directions",
    "set_view_limits",
]

BONE_RGB = np.array([0.95, 0.91, 0.83])
"""Bone colour in full light."""
BONE_EDGE = "#8C7B5A"
LIGHT = np.array([0.25, 0.45, 0.85])
"""Where the light comes from, in the view's (across, up, toward the viewer) axes."""
TENDON = 0.25
"""Width of a band at its insertion, as a share of its width at the origin."""
DIRECTIONS = {
    "posterior": ("medial", "lateral", "superior", "inferior"),
    "lateral": ("posterior", "anterior", "superior", "inferior"),
}
"""Per view: the words for left, right, up and down on the drawing."""
LIMITS = {
    "posterior": ((-20.0, 175.0), (-300.0, 130.0)),
    "lateral": ((-215.0, 60.0), (-300.0, 130.0)),
}
"""Default (x, y) limits of each view in mm: iliac crest to below the gluteal tuberosity."""


@dataclass(frozen=True)
class BandStyle:
    """How one compartment is drawn."""

    colour: str
    alpha: float = 0.6
    edge: str = "#333333"
    linewidth: float = 0.8
    dashed: bool = False
    half_width_mm: float = 9.0
    zorder: float = 3.0


def _shade(normals: Array) -> Array:
    """RGB per face: bone colour times a soft Lambert term (faces seen from either side)."""
    light = LIGHT / np.linalg.norm(LIGHT)
    lambert = np.abs(normals @ light)
    shaded: Array = np.clip(BONE_RGB[None, :] * (0.55 + 0.45 * lambert[:, None]), 0, 1)
    return shaded


def _view_frame(points: Array, view: str) -> Array:
    """Points in the view's frame: (across, up, toward the viewer)."""
    xy, depth = project(points, view)
    return np.column_stack([xy, -depth])


def bone_faces(
    bone: str, view: str, pose: Pose, lowest_mm: float | None = None
) -> tuple[Array, Array]:
    """A bone's triangles as drawn in ``view`` at ``pose``: 2-D corners (n x 3 x 2, mm),
    far ones first, and their shaded RGB colours (n x 3). ``lowest_mm``: see
    :func:`glutelab.hip_model.bone_mesh`.

    Examples
    --------
    >>> faces, colours = bone_faces("femur_r", "lateral", (0, 0, 0))
    >>> faces.shape[1:], colours.shape[1]  # triangles of 2-D corners, one colour each
    ((3, 2), 3)
    >>> bool((colours <= BONE_RGB).all())  # shading only darkens the bone colour
    True

    Seen from the right (anterior to the right), the flexed femur reaches forward:

    >>> flexed, _ = bone_faces("femur_r", "lateral", (90, 0, 0))
    >>> round(float(faces[..., 0].max())), round(float(flexed[..., 0].max()))  # mm
    (-35, 360)
    """
    vertices, triangles = bone_mesh(bone, pose, lowest_mm)
    corners = _view_frame(vertices, view)[triangles]  # n x 3 x 3: across, up, toward viewer
    normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    lengths = np.linalg.norm(normals, axis=1)
    keep = lengths > 0
    corners, normals = corners[keep], normals[keep] / lengths[keep, None]
    order = np.argsort(corners[:, :, 2].mean(axis=1), kind="stable")  # far (low) first
    faces: Array = corners[order, :, :2]
    return faces, _shade(normals)[order]


def draw_bones(
    ax: Axes,
    view: str,
    pose: Pose,
    zorder: float = 1.0,
    bones: Sequence[str] = ("sacrum", "pelvis", "femur_r"),
    lowest_mm: float | None = None,
) -> list[PolyCollection]:
    """The pelvis, sacrum and femur at ``pose``, shaded, far faces first.

    One :class:`~matplotlib.collections.PolyCollection` per bone (gid ``bone:<name>``), in
    the order given (each drawn over the one before).
    """
    drawn = []
    for bone in bones:
        faces, colours = bone_faces(bone, view, pose, lowest_mm)
        collection = PolyCollection(
            faces,  # type: ignore[arg-type]  # an n x 3 x 2 array: matplotlib's quick path
            facecolors=colours,
            edgecolors=colours,
            linewidths=0.3,
            zorder=zorder,
            gid=f"bone:{bone}",
        )
        ax.add_collection(collection)
        drawn.append(collection)
    return drawn


def band_outline(points: Array, half_width: float) -> Array:
    """A band either side of a 2-D polyline shaped like a muscle: 0.7 x ``half_width`` at its
    start (the origin), the full ``half_width`` a third of the way along (the belly), narrowing
    to :data:`TENDON` x ``half_width`` at its end (the insertion).

    >>> band_outline(np.array([[0.0, 0.0], [0.0, 10.0]]), 2.0).round(2).tolist()
    [[1.4, 0.0], [1.57, 5.0], [0.5, 10.0], [-0.5, 10.0], [-1.57, 5.0], [-1.4, 0.0]]
    """
    points = np.asarray(points, dtype=float)
    if len(points) == 2:
        points = np.vstack([points[0], points.mean(axis=0), points[1]])
    tangents = np.gradient(points, axis=0)
    lengths = np.linalg.norm(tangents, axis=1, keepdims=True)
    tangents = tangents / np.where(lengths > 0, lengths, 1)
    normals = np.column_stack([tangents[:, 1], -tangents[:, 0]])
    along = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(points, axis=0), axis=1))])
    fraction = along / along[-1] if along[-1] > 0 else along
    widths = half_width * np.interp(fraction, [0.0, 0.3, 1.0], [0.7, 1.0, TENDON])
    left = points + normals * widths[:, None]
    right = points - normals * widths[:, None]
    outline: Array = np.vstack([left, right[::-1]])
    return outline


def draw_compartments(
    ax: Axes,
    view: str,
    pose: Pose,
    styles: Mapping[str, BandStyle],
    order: Sequence[str] | None = None,
) -> dict[str, Polygon]:
    """Each compartment in ``styles`` as a band along its path (gid ``<view>:<muscle_id>``).

    ``order`` gives the drawing order (deep first); by default the order of ``styles``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> styles = {"glut_max1_r": BandStyle("#0072B2"), "glut_med1_r": BandStyle("#E69F00")}
    >>> deep_first = ["glut_med1_r", "glut_max1_r"]
    >>> bands = draw_compartments(ax, "posterior", (0, 0, 0), styles, order=deep_first)
    >>> [patch.get_gid() for patch in ax.patches]  # gluteus medius is deeper: drawn first
    ['posterior:glut_med1_r', 'posterior:glut_max1_r']
    >>> from matplotlib.colors import to_hex
    >>> to_hex(bands["glut_max1_r"].get_facecolor()), bands["glut_max1_r"].get_alpha()
    ('#0072b2', 0.6)
    """
    ids = list(styles) if order is None else [m for m in order if m in styles]
    paths = compartment_paths(pose, ids)
    drawn = {}
    for muscle_id in ids:
        style = styles[muscle_id]
        xy, _ = project(paths[muscle_id], view)
        patch = Polygon(
            band_outline(xy, style.half_width_mm),
            closed=True,
            facecolor=style.colour,
            alpha=style.alpha,
            edgecolor=style.edge,
            linewidth=style.linewidth,
            linestyle="--" if style.dashed else "-",
            zorder=style.zorder,
            gid=f"{view}:{muscle_id}",
        )
        ax.add_patch(patch)
        drawn[muscle_id] = patch
    return drawn


def set_view_limits(
    ax: Axes, view: str, limits: tuple[tuple[float, float], tuple[float, float]] | None = None
) -> None:
    """Equal scales, the view's limits and no axis lines (the drawing is the picture).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> set_view_limits(ax, "lateral")
    >>> tuple(map(float, ax.get_xlim())), ax.get_aspect(), len(ax.get_xticks())  # mm, equal
    ((-215.0, 60.0), 1.0, 0)
    """
    (x0, x1), (y0, y1) = LIMITS[view] if limits is None else limits
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def label_directions(ax: Axes, view: str, fontsize: float = 9) -> None:
    """Write the atlas directions at the drawing's edges (gid ``direction:<view>:<word>``).

    Examples
    --------
    Seen from behind, the midline (medial) is on the left of the right hip:

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> label_directions(ax, "posterior")
    >>> [t.get_text() for t in ax.texts]
    ['← medial', 'lateral →', '↑ superior', '↓ inferior']
    """
    left, right, up, down = DIRECTIONS[view]
    places = (
        (0.01, 0.01, f"\u2190 {left}", "left", "bottom", left),
        (0.99, 0.01, f"{right} \u2192", "right", "bottom", right),
        (0.01, 0.99, f"\u2191 {up}", "left", "top", up),
        (0.01, 0.08, f"\u2193 {down}", "left", "bottom", down),
    )
    for x, y, text, ha, va, word in places:
        ax.text(
            x,
            y,
            text,
            ha=ha,
            va=va,
            fontsize=fontsize,
            color="#444444",
            transform=ax.transAxes,
            zorder=7,
            gid=f"direction:{view}:{word}",
        )
