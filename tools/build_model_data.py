"""Build the hip tables and drawing geometry from the committed OpenSim Gait 2392 model.

Run ``make model-data`` (or ``python tools/build_model_data.py [--out DIR]``). Needs the
``opensim`` package (the ``build`` extra); nothing the course imports uses this script.

It writes, into ``data/`` unless ``--out`` is given:

* ``hip_moment_arms.csv``: one row per muscle compartment and hip pose, with the model's three
  hip moment arms and the muscle-tendon length, in millimetres;
* ``hip_model_geometry.json``: the bone meshes (pelvis, sacrum, right femur, each in its own
  body frame, millimetres), the hip joint (centre and rotation axes) and each compartment's path
  points in the frame of the bone they sit on, for the course's drawings.

Sign convention (the model's): a positive moment arm means the muscle moves the hip toward
flexion, adduction or internal rotation; negative toward extension, abduction or external
rotation. The knee and ankle stay at 0 degrees (knee extended).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = ROOT / "data" / "models" / "gait2392"
MODEL_FILE = MODEL_DIR / "gait2392_millard2012muscle.osim"
MODEL_ID = "gait2392"
BONES = {"pelvis": "pelvis.vtp", "sacrum": "sacrum.vtp", "femur_r": "femur_r.vtp"}
"""Mesh file of each drawn bone; the sacrum mesh hangs on the model's pelvis body."""
BONE_BODY = {"pelvis": "pelvis", "sacrum": "pelvis", "femur_r": "femur_r"}

# (model name, course muscle id, course region). How each compartment was given a region is
# explained in data/README.md ("Compartments and regions").
COMPARTMENTS = (
    ("glut_max1_r", "gluteus_maximus", "superior"),
    ("glut_max2_r", "gluteus_maximus", "superior"),
    ("glut_max3_r", "gluteus_maximus", "inferior"),
    ("glut_med1_r", "gluteus_medius", "anterior"),
    ("glut_med2_r", "gluteus_medius", "middle"),
    ("glut_med3_r", "gluteus_medius", "posterior"),
    ("glut_min1_r", "gluteus_minimus", "anterior"),
    ("glut_min2_r", "gluteus_minimus", "anterior"),
    ("glut_min3_r", "gluteus_minimus", "posterior"),
    ("tfl_r", "tensor_fasciae_latae", "whole"),
    ("add_mag1_r", "adductor_magnus", "upper"),
    ("add_mag2_r", "adductor_magnus", "middle"),
    ("add_mag3_r", "adductor_magnus", "ischiocondylar"),
    ("semimem_r", "semimembranosus", "whole"),
    ("semiten_r", "semitendinosus", "whole"),
    ("bifemlh_r", "biceps_femoris", "long_head"),
)
COORDINATES = ("hip_flexion_r", "hip_adduction_r", "hip_rotation_r")
COLUMNS = (
    "model_id",
    "muscle_id",
    "muscle",
    "region",
    "hip_flexion_deg",
    "hip_adduction_deg",
    "hip_rotation_deg",
    "flexion_moment_arm_mm",
    "adduction_moment_arm_mm",
    "rotation_moment_arm_mm",
    "mtu_length_mm",
)
FLEXION_SWEEP = range(-20, 125, 5)
ADDUCTION_SWEEP = range(-30, 35, 5)
"""Hip adduction, degrees (negative: abduction)."""
ROTATION_SWEEP = range(-40, 45, 5)
"""Hip rotation, degrees (positive: internal rotation)."""
SWEEP_FLEXIONS = (0, 90)


def poses() -> list[tuple[int, int, int]]:
    """The grid: flexion at neutral, then adduction and rotation sweeps at 0 and 90 deg flexion.

    Each pose once, in that order: (flexion, adduction, rotation) in degrees.
    """
    found: list[tuple[int, int, int]] = [(f, 0, 0) for f in FLEXION_SWEEP]
    for flexion in SWEEP_FLEXIONS:
        found += [(flexion, a, 0) for a in ADDUCTION_SWEEP]
        found += [(flexion, 0, r) for r in ROTATION_SWEEP]
    return list(dict.fromkeys(found))


def load_model() -> tuple[Any, Any]:
    """The model and its initialised state (OpenSim's log file and warnings switched off)."""
    import opensim as osim

    osim.Logger.removeFileSink()  # otherwise opensim.log is written beside the model file
    osim.Logger.setLevelString("error")  # meshes of bodies the course does not draw are absent
    model = osim.Model(str(MODEL_FILE))
    state = model.initSystem()
    return model, state


def set_pose(model: Any, state: Any, pose: tuple[float, float, float]) -> None:
    """Set the three hip angles (degrees) and realise positions."""
    coordinates = model.getCoordinateSet()
    for name, degrees in zip(COORDINATES, pose, strict=True):
        coordinates.get(name).setValue(state, math.radians(degrees), False)
    model.assemble(state)
    model.realizePosition(state)


def _mm(value: float) -> str:
    """Metres as millimetres with six decimals (a nanometre)."""
    return f"{value * 1000:.6f}"


def moment_arm_rows(model: Any, state: Any) -> list[dict[str, str]]:
    """One row per compartment and pose (strings, ready for ``csv``)."""
    muscles = model.getMuscles()
    coordinates = [model.getCoordinateSet().get(name) for name in COORDINATES]
    rows = []
    for pose in poses():
        set_pose(model, state, pose)
        for muscle_id, muscle, region in COMPARTMENTS:
            path = muscles.get(muscle_id)
            arms = [path.computeMomentArm(state, c) for c in coordinates]
            values = [MODEL_ID, muscle_id, muscle, region, *map(str, pose)]
            values += [_mm(a) for a in arms] + [_mm(path.getLength(state))]
            rows.append(dict(zip(COLUMNS, values, strict=True)))
    return rows


def read_mesh(path: Path) -> tuple[list[list[float]], list[list[int]]]:
    """Points (metres) and polygons (point indices) of an ASCII VTK PolyData file."""
    piece = ET.parse(path).getroot().find("PolyData/Piece")
    assert piece is not None, path
    points_text = piece.findtext("Points/DataArray") or ""
    numbers = [float(v) for v in points_text.split()]
    points = [numbers[i : i + 3] for i in range(0, len(numbers), 3)]
    arrays = {a.get("Name"): a.text or "" for a in piece.iterfind("Polys/DataArray")}
    connectivity = [int(v) for v in arrays["connectivity"].split()]
    offsets = [int(v) for v in arrays["offsets"].split()]
    starts = [0, *offsets[:-1]] if offsets else []  # a mesh of points only has no polygons
    polygons = [connectivity[a:b] for a, b in zip(starts, offsets, strict=True)]
    return points, polygons


def _round_mm(point: Any) -> list[float]:
    """A point in metres as millimetres rounded to a hundredth."""
    return [round(float(point[i]) * 1000, 2) + 0.0 for i in range(3)]


def bone_geometry() -> dict[str, Any]:
    """Each drawn bone's mesh: its body, vertices (mm, body frame) and polygons."""
    bones = {}
    for bone, mesh in BONES.items():
        points, polygons = read_mesh(MODEL_DIR / "Geometry" / mesh)
        bones[bone] = {
            "body": BONE_BODY[bone],
            "mesh_file": f"models/gait2392/Geometry/{mesh}",
            "vertices_mm": [_round_mm(p) for p in points],
            "polygons": polygons,
        }
    return bones


def joint_geometry(model: Any) -> dict[str, Any]:
    """The right hip joint: centre in the pelvis frame, the femur's origin offset, the axes."""
    joint = model.getJointSet().get("hip_r")
    parent, child = joint.getParentFrame(), joint.getChildFrame()
    custom = model.getJointSet().get("hip_r")
    import opensim as osim

    transform = osim.CustomJoint.safeDownCast(custom).getSpatialTransform()
    axes = []
    for index in range(3):
        axis = transform.getTransformAxis(index)
        vector = axis.getAxis()
        axes.append(
            {
                "coordinate": axis.getCoordinateNames().getValue(0),
                "axis": [float(vector.get(i)) + 0.0 for i in range(3)],
            }
        )
    return {
        "name": "hip_r",
        "centre_in_pelvis_mm": _round_mm(parent.findTransformInBaseFrame().p()),
        "femur_origin_in_joint_mm": _round_mm(child.findTransformInBaseFrame().p()),
        "rotation_sequence": "body-fixed, in the order listed (OpenSim CustomJoint)",
        "axes": axes,
    }


def path_geometry(model: Any, state: Any) -> list[dict[str, Any]]:
    """Each compartment's path points at the neutral pose, in the pelvis or femur frame.

    Points on the tibia are given in the femur frame (the knee stays extended), so every point
    moves with one of the two drawn bodies.
    """
    set_pose(model, state, (0, 0, 0))
    pelvis, femur = model.getBodySet().get("pelvis"), model.getBodySet().get("femur_r")
    found = []
    for muscle_id, muscle, region in COMPARTMENTS:
        path = model.getMuscles().get(muscle_id).getGeometryPath().getCurrentPath(state)
        points = []
        for index in range(path.getSize()):
            point = path.get(index)
            body = point.getBodyName()
            frame = pelvis if body == "pelvis" else femur
            location = point.getParentFrame().findStationLocationInAnotherFrame(
                state, point.getLocation(state), frame
            )
            points.append({"body": frame.getName(), "location_mm": _round_mm(location)})
        force = model.getMuscles().get(muscle_id).getMaxIsometricForce()
        found.append(
            {
                "muscle_id": muscle_id,
                "muscle": muscle,
                "region": region,
                "max_isometric_force_n": round(force, 3),
                "points": points,
            }
        )
    return found


def segment_geometry(model: Any, state: Any) -> list[dict[str, Any]]:
    """Every body's mass (kg) and centre of mass in the pelvis frame (mm), standing upright.

    Used for the single-leg stance balance: how much body weight the stance hip carries and
    how far from it that weight acts.
    """
    set_pose(model, state, (0, 0, 0))
    pelvis = model.getBodySet().get("pelvis")
    found = []
    for index in range(model.getBodySet().getSize()):
        body = model.getBodySet().get(index)
        centre = body.findStationLocationInAnotherFrame(state, body.getMassCenter(), pelvis)
        found.append(
            {
                "body": body.getName(),
                "mass_kg": round(body.getMass(), 6),
                "com_mm": _round_mm(centre),
            }
        )
    return found


def geometry(model: Any, state: Any) -> dict[str, Any]:
    """Everything the drawings need, as one JSON-ready dictionary."""
    return {
        "model_id": MODEL_ID,
        "source": "OpenSim Gait 2392 (gait2392_millard2012muscle.osim), CC BY 3.0; see README.md",
        "units": "millimetres; each body's own frame: x anterior, y superior, z to the right",
        "bones": bone_geometry(),
        "hip_joint": joint_geometry(model),
        "paths": path_geometry(model, state),
        "segments": segment_geometry(model, state),
    }


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    """Rows as a CSV with the columns of :data:`COLUMNS` (Unix line ends)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_json(data: dict[str, Any], path: Path) -> None:
    """Compact JSON: one line per bone array, so the file stays small and diffable."""
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


def build(out: Path) -> list[Path]:
    """Write both files into ``out``; their paths."""
    model, state = load_model()
    out.mkdir(parents=True, exist_ok=True)
    table, shapes = out / "hip_moment_arms.csv", out / "hip_model_geometry.json"
    write_csv(moment_arm_rows(model, state), table)
    write_json(geometry(model, state), shapes)
    return [table, shapes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="folder to write into")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
