"""The hip model in numbers: bones and muscle paths in a pose, and a single-leg stance balance.

Everything here comes from the tables built from OpenSim's Gait 2392 model
(``data/hip_model_geometry.json``, ``data/hip_moment_arms.csv``); nothing needs OpenSim.
Coordinates are millimetres in the pelvis frame: x anterior, y superior, z to the right
(lateral for the right hip). A pose is (flexion, adduction, rotation) in degrees, positive
toward flexion, adduction and internal rotation.

>>> paths = compartment_paths((0, 0, 0))
>>> paths["glut_med1_r"].shape
(2, 3)
>>> flexed = compartment_paths((90, 0, 0))
>>> bool(flexed["glut_max1_r"][-1, 0] > paths["glut_max1_r"][-1, 0])  # insertion moves forward
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from glutelab.data import load_hip_geometry, load_hip_moment_arms

__all__ = [
    "ABBREVIATIONS",
    "ACTIONS",
    "COMPARISON_LABELS",
    "COMPARTMENT_NAMES",
    "GRAVITY",
    "HIP_EXTENSORS",
    "LEG_BODIES",
    "MODEL_QUANTITIES",
    "STANCE_ABDUCTORS",
    "VIEW_AXES",
    "Pose",
    "StanceBalance",
    "actions_at",
    "arm_columns",
    "bone_mesh",
    "comparison_summary",
    "compartment_paths",
    "compartments",
    "exercise_lengths",
    "extension_moment_arms",
    "femur_rotation",
    "flexion_sweep",
    "hip_centre",
    "lean_sweep",
    "length_at",
    "model_quantity",
    "moment_arms",
    "moment_arms_at",
    "path_lengths",
    "project",
    "single_leg_stance",
    "to_pelvis_frame",
]

Pose = tuple[float, float, float]
Array = NDArray[np.float64]

GRAVITY = 9.81
"""m/s², to turn the model's masses into weights."""
COMPARTMENT_NAMES = {
    "glut_max1_r": "upper, from the ilium",
    "glut_max2_r": "middle, from the sacrum",
    "glut_max3_r": "lowest, from the coccyx",
    "glut_med1_r": "anterior",
    "glut_med2_r": "middle",
    "glut_med3_r": "posterior",
    "glut_min1_r": "anterior",
    "glut_min2_r": "middle",
    "glut_min3_r": "posterior",
}
"""What the course calls each gluteal compartment in charts and tables: its position within the
muscle, front to back (medius, minimus) or top to bottom (maximus). The ``region`` column
instead links a compartment to a row of anatomy.csv (upper and middle gluteus maximus are both
its superior portion; anterior and middle gluteus minimus both its anterior portion)."""
LEG_BODIES = ("femur_r", "tibia_r", "talus_r", "calcn_r", "toes_r")
"""The stance leg's bodies: the weight the right hip does not carry in single-leg stance."""
STANCE_ABDUCTORS = (
    "glut_med1_r",
    "glut_med2_r",
    "glut_med3_r",
    "glut_min1_r",
    "glut_min2_r",
    "glut_min3_r",
)
"""The compartments the classic single-leg stance model lets hold the pelvis level."""
HIP_EXTENSORS = {
    "gluteus_maximus": ("glut_max1_r", "glut_max2_r", "glut_max3_r"),
    "adductor_magnus": ("add_mag1_r", "add_mag2_r", "add_mag3_r"),
    "hamstrings": ("semimem_r", "semiten_r", "bifemlh_r"),
}
"""The hip extensors the course compares, by muscle (group), with their model compartments."""
ACTIONS = {
    "flexion_moment_arm_mm": ("flexion", "extension"),
    "adduction_moment_arm_mm": ("adduction", "abduction"),
    "rotation_moment_arm_mm": ("internal rotation", "external rotation"),
}
"""Per moment-arm column, the action of a positive and of a negative value."""
VIEW_AXES = {"posterior": (2, 1, 0), "lateral": (0, 1, 2)}
"""Per view, the pelvis-frame axes drawn across, up, and the one pointing away from the viewer
(posterior: the right side to the right, seen from behind; lateral: anterior to the right,
seen from the right)."""


def _axis_rotation(axis: Sequence[float], degrees: float) -> Array:
    """Rotation matrix about a unit ``axis`` (Rodrigues' formula)."""
    k = np.asarray(axis, dtype=float)
    k = k / np.linalg.norm(k)
    angle = np.radians(degrees)
    cross = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    matrix: Array = np.eye(3) + np.sin(angle) * cross + (1 - np.cos(angle)) * cross @ cross
    return matrix


def femur_rotation(pose: Pose) -> Array:
    """The femur's orientation in the pelvis frame at ``pose``.

    The hip joint's three rotations are body-fixed, in the model's order (flexion about the
    pelvis z axis, then adduction about the rotated x, then rotation about the femur's long
    axis y), so the matrix is their product in that order.

    >>> np.allclose(femur_rotation((0, 0, 0)), np.eye(3))
    True
    >>> (np.round(femur_rotation((90, 0, 0)) @ [0, -1, 0], 6) + 0.0).tolist()  # shaft forward
    [1.0, 0.0, 0.0]
    """
    joint = load_hip_geometry()["hip_joint"]
    matrix = np.eye(3)
    for axis, degrees in zip(joint["axes"], pose, strict=True):
        matrix = matrix @ _axis_rotation(axis["axis"], degrees)
    return matrix


def hip_centre() -> Array:
    """The hip joint centre in the pelvis frame (mm).

    Examples
    --------
    Behind (x < 0), below (y < 0) and to the right of (z > 0) the pelvis frame's origin:

    >>> hip_centre().tolist()
    [-70.7, -66.1, 83.5]
    """
    return np.asarray(load_hip_geometry()["hip_joint"]["centre_in_pelvis_mm"], dtype=float)


def to_pelvis_frame(points: Array, body: str, pose: Pose) -> Array:
    """Points (n x 3, mm) fixed in ``body`` ('pelvis' or 'femur_r') in the pelvis frame.

    Examples
    --------
    A point 400 mm down the femur's long axis is below the hip standing, and in front of it
    with the hip flexed to 90 degrees:

    >>> point = np.array([[0.0, -400.0, 0.0]])
    >>> (to_pelvis_frame(point, "femur_r", (0, 0, 0)) - hip_centre()).round(6).tolist()
    [[0.0, -400.0, 0.0]]
    >>> ((to_pelvis_frame(point, "femur_r", (90, 0, 0)) - hip_centre()).round(6) + 0.0).tolist()
    [[400.0, 0.0, 0.0]]
    >>> to_pelvis_frame(point, "tibia_r", (0, 0, 0))
    Traceback (most recent call last):
    ValueError: no body 'tibia_r' in the drawing; use 'pelvis' or 'femur_r'
    """
    if body == "pelvis":
        return points
    if body != "femur_r":
        raise ValueError(f"no body {body!r} in the drawing; use 'pelvis' or 'femur_r'")
    centre, offset, _ = _joint()
    moved: Array = centre + (points - offset) @ femur_rotation(pose).T
    return moved


@cache
def _bone(bone: str) -> tuple[str, Array, NDArray[np.int64]]:
    item = load_hip_geometry()["bones"][bone]
    vertices = np.asarray(item["vertices_mm"], dtype=float)
    triangles = [
        (polygon[0], polygon[i], polygon[i + 1])  # a fan splits quads into triangles
        for polygon in item["polygons"]
        for i in range(1, len(polygon) - 1)
    ]
    return item["body"], vertices, np.asarray(triangles, dtype=np.int64)


def bone_mesh(
    bone: str, pose: Pose = (0, 0, 0), lowest_mm: float | None = None
) -> tuple[Array, NDArray[np.int64]]:
    """A bone's vertices in the pelvis frame at ``pose`` (mm) and its triangles (n x 3 indices).

    ``lowest_mm`` keeps only the triangles with a corner at or above that height in the bone's
    own frame (e.g. the upper femur, for a drawing that shows no more of it).

    >>> vertices, triangles = bone_mesh("pelvis")
    >>> vertices.shape[1], triangles.shape[1]
    (3, 3)
    >>> len(bone_mesh("femur_r", lowest_mm=-300)[1]) < len(bone_mesh("femur_r")[1])
    True
    """
    body, vertices, triangles = _bone(bone)
    if lowest_mm is not None:
        triangles = triangles[(vertices[triangles][:, :, 1] >= lowest_mm).any(axis=1)]
    return to_pelvis_frame(vertices, body, pose), triangles


@cache
def compartments() -> pd.DataFrame:
    """One row per compartment: model id, course muscle and region, maximum force (N).

    The model splits each gluteal muscle into three compartments:

    >>> table = compartments()
    >>> table.loc[table["muscle"] == "gluteus_medius", ["muscle_id", "region"]].values.tolist()
    [['glut_med1_r', 'anterior'], ['glut_med2_r', 'middle'], ['glut_med3_r', 'posterior']]
    >>> bool((table["max_isometric_force_n"] > 0).all())
    True
    """
    return pd.DataFrame(
        [
            {
                "muscle_id": p["muscle_id"],
                "muscle": p["muscle"],
                "region": p["region"],
                "max_isometric_force_n": p["max_isometric_force_n"],
            }
            for p in load_hip_geometry()["paths"]
        ]
    )


@cache
def _path_points(muscle_id: str) -> tuple[tuple[str, Array], ...]:
    """Runs of consecutive path points on one body: (body, points n x 3)."""
    (item,) = [p for p in load_hip_geometry()["paths"] if p["muscle_id"] == muscle_id]
    runs: list[tuple[str, list[list[float]]]] = []
    for point in item["points"]:
        if runs and runs[-1][0] == point["body"]:
            runs[-1][1].append(point["location_mm"])
        else:
            runs.append((point["body"], [point["location_mm"]]))
    return tuple((body, np.asarray(points, dtype=float)) for body, points in runs)


def compartment_paths(pose: Pose, muscle_ids: Sequence[str] | None = None) -> dict[str, Array]:
    """Each compartment's path (n x 3, mm, pelvis frame) at ``pose``, origin first."""
    ids = list(compartments()["muscle_id"]) if muscle_ids is None else list(muscle_ids)
    return {
        muscle_id: np.vstack(
            [to_pelvis_frame(points, body, pose) for body, points in _path_points(muscle_id)]
        )
        for muscle_id in ids
    }


@cache
def _joint() -> tuple[Array, Array, tuple[Array, ...]]:
    """The hip joint read once: its centre in the pelvis frame (mm), the femur's origin in the
    joint frame (mm) and, per rotation axis in the model's order, the cross-product matrix
    of its unit vector."""
    joint = load_hip_geometry()["hip_joint"]
    crosses = []
    for axis in joint["axes"]:
        k = np.asarray(axis["axis"], dtype=float)
        k = k / np.linalg.norm(k)
        crosses.append(np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]]))
    centre = np.asarray(joint["centre_in_pelvis_mm"], dtype=float)
    offset = np.asarray(joint["femur_origin_in_joint_mm"], dtype=float)
    return centre, offset, tuple(crosses)


def _rotations(poses: Array) -> Array:
    """Femur orientations (n x 3 x 3) for poses (n x 3, degrees); see :func:`femur_rotation`."""
    result = np.broadcast_to(np.eye(3), (len(poses), 3, 3)).copy()
    for index, cross in enumerate(_joint()[2]):
        angle = np.radians(poses[:, index])[:, None, None]
        step = np.eye(3) + np.sin(angle) * cross + (1 - np.cos(angle)) * (cross @ cross)
        result = result @ step
    return result


def path_lengths(muscle_id: str, poses: Array) -> Array:
    """Length (mm) of a compartment's path at each pose (n x 3 degrees): the sum of its
    straight segments, the way the model measures a path without wrapping.

    Examples
    --------
    The upper part of gluteus maximus lengthens as the hip flexes:

    >>> path_lengths("glut_max1_r", np.array([[0.0, 0, 0], [90.0, 0, 0]])).round(1).tolist()
    [199.9, 245.3]
    """
    return _lengths(muscle_id, _rotations(np.atleast_2d(np.asarray(poses, dtype=float))))


def _lengths(muscle_id: str, rotations: Array) -> Array:
    """:func:`path_lengths` with the femur's orientations (n x 3 x 3) already worked out."""
    centre, offset, _ = _joint()
    parts = []
    for body, points in _path_points(muscle_id):
        if body == "pelvis":
            parts.append(np.broadcast_to(points, (len(rotations), *points.shape)))
        else:
            parts.append(centre + np.einsum("nij,pj->npi", rotations, points - offset))
    path = np.concatenate(parts, axis=1)
    lengths: Array = np.linalg.norm(np.diff(path, axis=1), axis=2).sum(axis=1)
    return lengths


STEP_DEG = 0.5
"""Half the angle step of the central differences that give moment arms from lengths."""
ARM_COLUMNS = ("flexion_moment_arm_mm", "adduction_moment_arm_mm", "rotation_moment_arm_mm")


def moment_arms(poses: Array, muscle_ids: Sequence[str]) -> pd.DataFrame:
    """Moment arms and lengths of compartments at poses, computed from the path geometry.

    A moment arm is minus the change of the muscle's length per radian of the joint angle
    (positive: the muscle moves the hip toward flexion, adduction or internal rotation), the
    definition OpenSim uses; for the model's straight-line paths it gives the values of
    ``hip_moment_arms.csv`` at its poses (a test checks every row) and any other pose.

    Returns one row per pose and compartment: the pose, ``muscle_id``, the three moment
    arms (mm) and ``mtu_length_mm``.

    >>> arms = moment_arms(np.array([[0.0, 0.0, 0.0]]), ["glut_med2_r"])
    >>> bool(arms.loc[0, "adduction_moment_arm_mm"] < 0)  # an abductor
    True
    """
    grid = np.atleast_2d(np.asarray(poses, dtype=float))
    frames = [
        pd.DataFrame(
            {
                "hip_flexion_deg": grid[:, 0],
                "hip_adduction_deg": grid[:, 1],
                "hip_rotation_deg": grid[:, 2],
                "muscle_id": muscle_id,
                **columns,
            }
        )
        for muscle_id, columns in arm_columns(grid, muscle_ids).items()
    ]
    return pd.concat(frames, ignore_index=True)


def arm_columns(poses: Array, muscle_ids: Sequence[str]) -> dict[str, dict[str, Array]]:
    """:func:`moment_arms` as arrays: per compartment, each moment arm column and
    ``mtu_length_mm``, one value per pose (n x 3 degrees). Quicker when no table is needed.

    >>> columns = arm_columns(np.array([[0.0, 0.0, 0.0]]), ["glut_med2_r"])["glut_med2_r"]
    >>> list(columns) == [*ARM_COLUMNS, "mtu_length_mm"]
    True
    >>> bool(columns["adduction_moment_arm_mm"][0] < 0)  # an abductor
    True
    """
    grid = np.atleast_2d(np.asarray(poses, dtype=float))
    step = np.radians(2 * STEP_DEG)
    shifts = STEP_DEG * np.eye(3)
    # every pose, then each angle half a step up and down: one length computation per muscle
    stacked = np.vstack([grid, *(grid + sign * shift for shift in shifts for sign in (1, -1))])
    rotations = _rotations(stacked)
    result: dict[str, dict[str, Array]] = {}
    for muscle_id in muscle_ids:
        lengths = _lengths(muscle_id, rotations).reshape(7, len(grid))
        columns: dict[str, Array] = {}
        for index, column in enumerate(ARM_COLUMNS):
            longer, shorter = lengths[1 + 2 * index], lengths[2 + 2 * index]
            columns[column] = -(longer - shorter) / step
        columns["mtu_length_mm"] = lengths[0]
        result[muscle_id] = columns
    return result


def project(points: Array, view: str) -> tuple[Array, Array]:
    """2-D drawing coordinates (n x 2, mm) and depth (n, larger = farther from the viewer).

    Posterior view (from behind): across = z (medial left, lateral right), depth = x (front is
    far). Lateral view (from the right): across = x (posterior left, anterior right),
    depth = -z (the midline is far).

    >>> xy, depth = project(np.array([[10.0, 20.0, 30.0]]), "posterior")
    >>> xy.tolist(), depth.tolist()
    ([[30.0, 20.0]], [10.0])
    """
    across, up, away = VIEW_AXES[view]
    sign = -1.0 if view == "lateral" else 1.0
    return points[:, [across, up]], sign * points[:, away]


def moment_arms_at(arms: pd.DataFrame, pose: Pose) -> pd.DataFrame:
    """Rows of ``arms`` (``load_hip_moment_arms()``) at exactly ``pose``, one per compartment.

    Raises
    ------
    ValueError
        When the table has no row at that pose.

    Examples
    --------
    Standing, the middle part of gluteus medius has a negative adduction moment arm: it
    abducts the hip.

    >>> arms = load_hip_moment_arms()
    >>> standing = moment_arms_at(arms, (0, 0, 0))
    >>> round(float(standing.loc["glut_med2_r", "adduction_moment_arm_mm"]), 1)
    -44.1

    The table has rows every 5 degrees only:

    >>> moment_arms_at(arms, (3, 0, 0))
    Traceback (most recent call last):
    ValueError: no moment arms at flexion 3, adduction 0, rotation 0 deg in hip_moment_arms.csv
    """
    flexion, adduction, rotation = pose
    rows = arms[
        (arms["hip_flexion_deg"] == flexion)
        & (arms["hip_adduction_deg"] == adduction)
        & (arms["hip_rotation_deg"] == rotation)
    ]
    if rows.empty:
        raise ValueError(
            f"no moment arms at flexion {flexion}, adduction {adduction}, "
            f"rotation {rotation} deg in hip_moment_arms.csv"
        )
    return rows.set_index("muscle_id")


@dataclass(frozen=True)
class StanceBalance:
    """The frontal-plane balance of the pelvis on one hip (standing on the right leg).

    All forces in newtons, lever arms in millimetres.
    """

    body_weight_n: float
    supported_weight_n: float
    """Body weight minus the stance leg: what the hip carries."""
    weight_lever_arm_mm: float
    """Horizontal distance from the hip centre to the supported weight's line of action."""
    abductor_lever_arm_mm: float
    """The abductors' moment arm (force-weighted mean of :data:`STANCE_ABDUCTORS`)."""
    abductor_force_n: float
    contact_force_n: float
    """The hip joint contact force: supported weight plus abductor pull (vector sum)."""

    @property
    def contact_force_bw(self) -> float:
        """Contact force as a multiple of body weight."""
        return self.contact_force_n / self.body_weight_n

    @property
    def abductor_force_bw(self) -> float:
        """Abductor force as a multiple of body weight."""
        return self.abductor_force_n / self.body_weight_n


def _supported_weight() -> tuple[float, float, float]:
    """Body weight (N), supported weight (N) and its centre's z (mm) in the pelvis frame."""
    segments = load_hip_geometry()["segments"]
    total = sum(s["mass_kg"] for s in segments)
    upper = [s for s in segments if s["body"] not in LEG_BODIES]
    mass = sum(s["mass_kg"] for s in upper)
    z = sum(s["mass_kg"] * s["com_mm"][2] for s in upper) / mass
    return total * GRAVITY, mass * GRAVITY, z


def single_leg_stance(
    lean_mm: float = 0.0,
    arms: pd.DataFrame | None = None,
    forces: Mapping[str, float] | None = None,
) -> StanceBalance:
    """Abductor and hip contact force holding the pelvis level over the right leg.

    A static frontal-plane model: the weight of everything but the stance leg acts at its
    centre of mass, on the far side of the hip from the abductors; the abductors must pull
    with a moment equal and opposite. ``lean_mm`` moves that centre of mass toward the stance
    hip (a trunk lean over the stance leg), shortening the weight's lever arm.

    Parameters
    ----------
    lean_mm
        Sideways shift of the supported weight's centre toward the stance hip, mm (0: upright).
    arms
        The moment-arm table (default: ``load_hip_moment_arms()``); the neutral pose is used.
    forces
        Maximum force per compartment (N) to weight the abductor lever arm (default: the
        model's).

    Examples
    --------
    >>> upright, leaning = single_leg_stance(), single_leg_stance(lean_mm=40)
    >>> leaning.abductor_force_n < upright.abductor_force_n
    True
    >>> round(upright.supported_weight_n / upright.body_weight_n, 2) < 1
    True
    """
    table = load_hip_moment_arms() if arms is None else arms
    neutral = moment_arms_at(table, (0, 0, 0)).loc[list(STANCE_ABDUCTORS)]
    weights = (
        compartments().set_index("muscle_id")["max_isometric_force_n"]
        if forces is None
        else pd.Series(forces)
    ).loc[list(STANCE_ABDUCTORS)]
    lever = float(-(neutral["adduction_moment_arm_mm"] * weights).sum() / weights.sum())
    body, supported, z_weight = _supported_weight()
    weight_lever = float(hip_centre()[2] - z_weight) - lean_mm
    if lever <= 0:
        raise ValueError("the abductors have no abduction moment arm in this table")
    force = max(supported * weight_lever / lever, 0.0)
    direction = _abductor_direction()
    contact = np.array([0.0, -supported, 0.0]) + force * direction
    return StanceBalance(
        body_weight_n=body,
        supported_weight_n=supported,
        weight_lever_arm_mm=weight_lever,
        abductor_lever_arm_mm=lever,
        abductor_force_n=force,
        contact_force_n=float(np.linalg.norm(contact)),
    )


def _abductor_direction() -> Array:
    """Unit vector of the abductors' pull on the pelvis in the frontal plane (force-weighted).

    The pull on the pelvis runs from each origin toward its insertion on the femur: down and
    out. Only its frontal-plane part (y, z) is kept, as in the classic diagram.
    """
    paths = compartment_paths((0, 0, 0), STANCE_ABDUCTORS)
    weights = compartments().set_index("muscle_id")["max_isometric_force_n"]
    total = np.zeros(3)
    for muscle_id, points in paths.items():
        pull = points[1] - points[0]
        pull[0] = 0.0
        total += weights[muscle_id] * pull / np.linalg.norm(pull)
    return total / np.linalg.norm(total)


# --- quantities compared with published measurements (data/model_comparison.csv) ---------------

GLUTEAL = ("gluteus_maximus", "gluteus_medius", "gluteus_minimus")


def _neutral_column(
    arms: pd.DataFrame, column: str, flexion: int, muscles: Sequence[str]
) -> pd.Series:
    rows = moment_arms_at(arms, (flexion, 0, 0))
    return rows[rows["muscle"].isin(muscles)][column].astype(float)


def _share_toward_internal_rotation(arms: pd.DataFrame) -> float:
    before = _neutral_column(arms, "rotation_moment_arm_mm", 0, GLUTEAL)
    after = _neutral_column(arms, "rotation_moment_arm_mm", 90, GLUTEAL)
    return float((after > before).mean())


def _switch_external_to_internal(arms: pd.DataFrame) -> float:
    before = _neutral_column(arms, "rotation_moment_arm_mm", 0, GLUTEAL)
    after = _neutral_column(arms, "rotation_moment_arm_mm", 90, GLUTEAL)
    return float(((before < 0) & (after > 0)).sum())


def _gmax_external_rotators(flexion: int) -> Callable[[pd.DataFrame], float]:
    def count(arms: pd.DataFrame) -> float:
        column = _neutral_column(arms, "rotation_moment_arm_mm", flexion, ["gluteus_maximus"])
        return float((column < 0).sum())

    return count


def _gmax_abduction_moment(flexion: int) -> Callable[[pd.DataFrame], float]:
    def moment(arms: pd.DataFrame) -> float:
        column = _neutral_column(arms, "adduction_moment_arm_mm", flexion, ["gluteus_maximus"])
        forces = compartments().set_index("muscle_id")["max_isometric_force_n"]
        return float(-(column * forces.loc[column.index]).sum() / 1000)

    return moment


def _stance_contact_bw(arms: pd.DataFrame) -> float:
    return single_leg_stance(arms=arms).contact_force_bw


def _hip_centre_to_midline(arms: pd.DataFrame) -> float:
    return float(hip_centre()[2])


MODEL_QUANTITIES: dict[str, tuple[Callable[[pd.DataFrame], float], str, str]] = {
    "share_gluteal_toward_internal_rotation_0_to_90": (
        _share_toward_internal_rotation,
        "share of 9 compartments",
        "Share of the 9 gluteal compartments whose rotation moment arm is more internal at 90 "
        "than at 0 degrees of flexion (neutral adduction and rotation).",
    ),
    "gluteal_switching_external_to_internal_0_to_90": (
        _switch_external_to_internal,
        "compartments",
        "Gluteal compartments that rotate externally at 0 and internally at 90 degrees of flexion.",
    ),
    "gmax_external_rotators_at_0": (
        _gmax_external_rotators(0),
        "compartments of 3",
        "Gluteus maximus compartments with an external-rotation moment arm at 0 degrees.",
    ),
    "gmax_external_rotators_at_90": (
        _gmax_external_rotators(90),
        "compartments of 3",
        "Gluteus maximus compartments with an external-rotation moment arm at 90 degrees.",
    ),
    "gmax_abduction_moment_at_30_nm": (
        _gmax_abduction_moment(30),
        "N m",
        "Gluteus maximus net abduction moment at 30 degrees of flexion with every compartment "
        "at its maximum isometric force (positive: abduction).",
    ),
    "gmax_abduction_moment_at_0_nm": (
        _gmax_abduction_moment(0),
        "N m",
        "Gluteus maximus net abduction moment with the hip straight, every compartment at its "
        "maximum isometric force (positive: abduction; negative: a net adduction moment).",
    ),
    "single_leg_stance_contact_force_bw": (
        _stance_contact_bw,
        "body weights",
        "Hip contact force in the static single-leg stance model (single_leg_stance()), upright.",
    ),
    "hip_centre_to_midline_mm": (
        _hip_centre_to_midline,
        "mm",
        "Distance from the hip joint centre to the pelvis midline (sagittal plane).",
    ),
}
"""Name -> (function of the moment-arm table, unit, what it is)."""


COMPARISON_LABELS: dict[str, str] = {
    "share_gluteal_toward_internal_rotation_0_to_90": (
        "Gluteal compartments turning toward internal rotation from 0° to 90° of flexion: "
        "{:.0%} of 9"
    ),
    "gluteal_switching_external_to_internal_0_to_90": (
        "Gluteal compartments switching from external to internal rotation, 0° to 90°: {:.0f}"
    ),
    "gmax_external_rotators_at_0": "Gluteus maximus compartments rotating externally, hip "
    "straight: {:.0f} of 3",
    "gmax_external_rotators_at_90": "Gluteus maximus compartments rotating externally, hip "
    "flexed 90°: {:.0f} of 3",
    "gmax_abduction_moment_at_30_nm": "Gluteus maximus net abduction moment, hip flexed 30°: "
    "{:.1f} N m (a negative value is adduction)",
    "gmax_abduction_moment_at_0_nm": "Gluteus maximus net abduction moment, hip straight: "
    "{:.1f} N m (a negative value is adduction)",
    "single_leg_stance_contact_force_bw": "Hip contact force in single-leg stance: "
    "{:.1f} body weights",
    "hip_centre_to_midline_mm": "Hip centre to the body's midline: {:.1f} mm",
}
"""A plain sentence for each model quantity, with a place for its value."""

ABBREVIATIONS = {"BWLA": "BWLA (body weight lever arm)", "BW": "BW (body weight)"}
"""Abbreviations in the traced quotes, spelled out for learners."""


def comparison_summary(
    comparison: pd.DataFrame, references: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The model comparison as a learner reads it: study, what it reported, the model, verdict.

    Studies are named author-year (without a year the record does not give), the model's
    quantity is one plain sentence with its value, and abbreviations are spelled out.

    >>> from glutelab.data import load_model_comparison
    >>> summary = comparison_summary(load_model_comparison())
    >>> list(summary.columns)
    ['Study', 'Reported', 'Model', 'Verdict']
    >>> summary.loc[2, "Model"]
    'Gluteus maximus compartments rotating externally, hip straight: 3 of 3'
    """
    from glutelab.citations import short_citation
    from glutelab.data import load_references

    refs = load_references() if references is None else references
    rows = []
    for _, row in comparison.iterrows():
        quantity = str(row["model_quantity"])
        if quantity not in COMPARISON_LABELS:
            raise ValueError(
                f"model_comparison.csv, comparison {row['comparison_id']}, column "
                f"model_quantity: no plain label for {quantity!r}"
            )
        item: dict[str, Any] = dict(cast(Mapping[str, Any], refs.at[str(row["study_id"]), "csl"]))
        authors = list(item.get("author", []))
        if len(authors) == 1 and ";" in str(authors[0].get("literal", "")):
            names = str(authors[0]["literal"]).split(";")  # "Given Family; Given Family"
            item["author"] = [{"family": n.split()[-1]} for n in names if n.strip()]
        reported = str(row["reported"])
        for short, spelled in ABBREVIATIONS.items():
            reported = re.sub(rf"\b{short}\b", spelled, reported)
        rows.append(
            {
                "Study": short_citation(item).removesuffix(" n.d."),
                "Reported": reported,
                "Model": COMPARISON_LABELS[quantity].format(float(row["model_value"])),
                "Verdict": str(row["verdict"]),
            }
        )
    return pd.DataFrame(rows, index=comparison.index)


def model_quantity(name: str, arms: pd.DataFrame | None = None) -> float:
    """The model's value of quantity ``name`` (see :data:`MODEL_QUANTITIES`).

    >>> model_quantity("gmax_external_rotators_at_0")
    3.0
    """
    if name not in MODEL_QUANTITIES:
        raise ValueError(
            f"unknown model quantity {name!r}; choose one of {sorted(MODEL_QUANTITIES)}"
        )
    return MODEL_QUANTITIES[name][0](load_hip_moment_arms() if arms is None else arms)


# --- teaching tables (08_hip_mechanics) ------------------------------------------------------


def flexion_sweep(arms: pd.DataFrame, muscle_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The neutral-pose flexion sweep of the table (adduction and rotation 0), sorted.

    >>> sweep = flexion_sweep(load_hip_moment_arms(), ["glut_max1_r"])
    >>> int(sweep["hip_flexion_deg"].min()), int(sweep["hip_flexion_deg"].max())
    (-20, 120)
    """
    rows = arms[(arms["hip_adduction_deg"] == 0) & (arms["hip_rotation_deg"] == 0)]
    if muscle_ids is not None:
        rows = rows[rows["muscle_id"].isin(list(muscle_ids))]
    return rows.sort_values(["muscle_id", "hip_flexion_deg"]).reset_index(drop=True)


def actions_at(arms: pd.DataFrame, muscle: str, flexions: Sequence[int] = (0, 90)) -> pd.DataFrame:
    """What each compartment of ``muscle`` does about each axis at each flexion angle.

    One row per compartment and flexion: the three moment arms (mm) and, per axis, the action
    they give (e.g. ``'internal rotation'``).

    >>> table = actions_at(load_hip_moment_arms(), "gluteus_maximus")
    >>> table.loc[("glut_max3_r", 0), "adduction"]
    'adduction'
    >>> table.loc[("glut_max2_r", 90), ["compartment", "region", "rotation"]].tolist()
    ['middle, from the sacrum', 'superior', 'internal rotation']
    """
    sweep = flexion_sweep(arms)
    rows = sweep[(sweep["muscle"] == muscle) & sweep["hip_flexion_deg"].isin(list(flexions))]
    table = rows.set_index(["muscle_id", "hip_flexion_deg"])[
        ["region", *ARM_COLUMNS, "mtu_length_mm"]
    ].copy()
    table.insert(0, "compartment", [COMPARTMENT_NAMES.get(m, "") for m, _ in table.index])
    for column, (positive, negative) in ACTIONS.items():
        axis = column.split("_")[0]
        table[axis] = np.where(table[column] > 0, positive, negative)
    return table


def extension_moment_arms(
    arms: pd.DataFrame, flexions: Sequence[int] | None = None
) -> pd.DataFrame:
    """Hip extension moment arm (mm) of each compartment of :data:`HIP_EXTENSORS` against hip
    flexion, adduction and rotation neutral: the flexion moment arm with its sign turned, so
    that a positive value extends the hip.

    One row per compartment and flexion angle (all of the table's angles, or ``flexions``):
    ``group`` (a key of :data:`HIP_EXTENSORS`), ``muscle_id``, ``hip_flexion_deg`` and
    ``extension_moment_arm_mm``.

    >>> table = extension_moment_arms(load_hip_moment_arms(), [0, 90])
    >>> table.groupby("group")["muscle_id"].nunique().to_dict()
    {'adductor_magnus': 3, 'gluteus_maximus': 3, 'hamstrings': 3}
    >>> sorted(int(a) for a in set(table["hip_flexion_deg"]))
    [0, 90]
    """
    order = {m: g for g, ids in HIP_EXTENSORS.items() for m in ids}
    rows = flexion_sweep(arms, list(order))
    if flexions is not None:
        missing = sorted(set(flexions) - set(rows["hip_flexion_deg"]))
        if missing:
            raise ValueError(f"no hip flexion angle {missing} in the moment-arm table")
        rows = rows[rows["hip_flexion_deg"].isin(list(flexions))]
    table = pd.DataFrame(
        {
            "group": rows["muscle_id"].map(order),
            "muscle_id": rows["muscle_id"],
            "hip_flexion_deg": rows["hip_flexion_deg"],
            "extension_moment_arm_mm": -rows["flexion_moment_arm_mm"],
        }
    )
    rank = {m: i for i, m in enumerate(order)}
    return table.sort_values(
        ["muscle_id", "hip_flexion_deg"], key=lambda c: c.map(rank) if c.name == "muscle_id" else c
    ).reset_index(drop=True)


def length_at(arms: pd.DataFrame, muscle_id: str, flexion: float) -> float:
    """A compartment's muscle-tendon length (mm) at a hip flexion angle, neutral otherwise
    (linear between the table's 5-degree steps).

    Examples
    --------
    >>> arms = load_hip_moment_arms()
    >>> round(length_at(arms, "glut_max1_r", 0), 1), round(length_at(arms, "glut_max1_r", 90), 1)
    (199.9, 245.3)

    Between two rows of the table, the length is read off the straight line joining them:

    >>> at_90, at_95 = length_at(arms, "glut_max1_r", 90), length_at(arms, "glut_max1_r", 95)
    >>> bool(np.isclose(length_at(arms, "glut_max1_r", 92.5), (at_90 + at_95) / 2))
    True
    """
    rows = flexion_sweep(arms, [muscle_id])
    return float(np.interp(flexion, rows["hip_flexion_deg"], rows["mtu_length_mm"]))


def exercise_lengths(
    arms: pd.DataFrame, ranges: pd.DataFrame, muscle_ids: Sequence[str]
) -> pd.DataFrame:
    """Where each exercise's hip flexion range puts each compartment on its length curve.

    One row per exercise and compartment: the length at the least and the most hip flexion of
    the exercise (mm) and as a percentage of the length standing upright (0 degrees).

    Examples
    --------
    An exercise that takes the hip from upright to 90 degrees of flexion stretches the upper
    part of gluteus maximus to about 123 % of its standing length:

    >>> ranges = pd.DataFrame(
    ...     {"exercise_id": ["squat"], "hip_flexion_low_deg": [0], "hip_flexion_high_deg": [90]}
    ... )
    >>> row = exercise_lengths(load_hip_moment_arms(), ranges, ["glut_max1_r"]).iloc[0]
    >>> round(row["length_low_pct"]), round(row["length_high_pct"])
    (100, 123)
    """
    found = []
    for _, exercise in ranges.iterrows():
        for muscle_id in muscle_ids:
            standing = length_at(arms, muscle_id, 0)
            low = length_at(arms, muscle_id, float(exercise["hip_flexion_low_deg"]))
            high = length_at(arms, muscle_id, float(exercise["hip_flexion_high_deg"]))
            found.append(
                {
                    "exercise_id": exercise["exercise_id"],
                    "muscle_id": muscle_id,
                    "hip_flexion_low_deg": int(exercise["hip_flexion_low_deg"]),
                    "hip_flexion_high_deg": int(exercise["hip_flexion_high_deg"]),
                    "length_low_mm": low,
                    "length_high_mm": high,
                    "length_low_pct": 100 * low / standing,
                    "length_high_pct": 100 * high / standing,
                }
            )
    return pd.DataFrame(found)


def lean_sweep(leans_mm: Sequence[float]) -> pd.DataFrame:
    """The single-leg stance balance for each sideways shift of the trunk toward the stance
    hip (mm): abductor and contact force in body weights.

    Examples
    --------
    Leaning the trunk toward the stance hip shortens the lever arm of body weight, so the
    abductors need less force and the hip is compressed less:

    >>> sweep = lean_sweep([0, 20, 40])
    >>> sweep[["lean_mm", "abductor_force_bw", "contact_force_bw"]].round(2).values.tolist()
    [[0.0, 1.98, 2.73], [20.0, 1.6, 2.35], [40.0, 1.22, 1.97]]
    """
    rows = []
    for lean in leans_mm:
        balance = single_leg_stance(lean_mm=float(lean))
        rows.append(
            {
                "lean_mm": float(lean),
                "weight_lever_arm_mm": balance.weight_lever_arm_mm,
                "abductor_force_bw": balance.abductor_force_bw,
                "contact_force_bw": balance.contact_force_bw,
            }
        )
    return pd.DataFrame(rows)
