"""The hip model's computations: poses against OpenSim, comparisons and the stance balance."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from glutelab.data import load_model_comparison, load_references
from glutelab.hip_model import (
    LEG_BODIES,
    compartment_paths,
    femur_rotation,
    model_quantity,
    project,
    single_leg_stance,
)

from .conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
ARMS = pd.read_csv(DATA / "hip_moment_arms.csv")
GEOMETRY = json.loads((DATA / "hip_model_geometry.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "pose", [(0, 0, 0), (90, 0, 0), (45, -20, 30), (-20, 30, -40), (120, 0, 40)]
)
def test_paths_in_a_pose_match_opensim(pose: tuple[int, int, int]) -> None:
    """The course's own joint kinematics put every path point where OpenSim does."""
    sys.path.insert(0, str(ROOT / "tools"))
    import build_model_data as build

    model, state = build.load_model()
    build.set_pose(model, state, pose)
    pelvis = model.getBodySet().get("pelvis")
    ours = compartment_paths(pose)
    for muscle_id, points in ours.items():
        path = model.getMuscles().get(muscle_id).getGeometryPath().getCurrentPath(state)
        theirs = []
        for index in range(path.getSize()):
            point = path.get(index)
            location = point.getParentFrame().findStationLocationInAnotherFrame(
                state, point.getLocation(state), pelvis
            )
            theirs.append([location.get(k) * 1000 for k in range(3)])
        np.testing.assert_allclose(points, np.array(theirs), atol=0.02)  # rounding: 0.01 mm


def test_femur_rotation_is_a_rotation_and_flexes_forward() -> None:
    matrix = femur_rotation((30, -10, 20))
    np.testing.assert_allclose(matrix @ matrix.T, np.eye(3), atol=1e-12)
    shaft = femur_rotation((90, 0, 0)) @ np.array([0.0, -1.0, 0.0])
    np.testing.assert_allclose(shaft, [1.0, 0.0, 0.0], atol=1e-12)  # knee forward (+x)
    abducted = femur_rotation((0, -30, 0)) @ np.array([0.0, -1.0, 0.0])
    assert abducted[2] > 0.4  # abduction swings the knee out to the right (+z)


def test_views_put_lateral_and_anterior_to_the_right() -> None:
    point = np.array([[5.0, 7.0, 9.0]])
    assert project(point, "posterior")[0].tolist() == [[9.0, 7.0]]
    assert project(point, "lateral")[0].tolist() == [[5.0, 7.0]]


# --- model against measurement -----------------------------------------------------------


def test_comparison_table_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_model_comparison.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_every_comparison_cites_a_known_source() -> None:
    table = load_model_comparison()
    assert set(table["study_id"]) <= set(load_references().index)
    assert {"delp1999", "kotzar1991", "bergmann2001"} <= set(table["study_id"])


def test_verdicts_follow_the_ranges() -> None:
    table = pd.read_csv(DATA / "model_comparison.csv")
    low = table["agree_low"].fillna(-np.inf)
    high = table["agree_high"].fillna(np.inf)
    inside = (table["model_value"] >= low) & (table["model_value"] <= high)
    assert (table["verdict"] == np.where(inside, "agree", "disagree")).all()
    assert set(table["verdict"]) == {"agree", "disagree"}  # both kinds recorded


def _neutral(flexion: int) -> pd.DataFrame:
    rows = ARMS[(ARMS["hip_flexion_deg"] == flexion) & (ARMS["hip_adduction_deg"] == 0)]
    rows = rows[rows["hip_rotation_deg"] == 0]
    return rows[rows["muscle"].str.startswith("gluteus")].set_index("muscle_id")


def test_rotation_quantities_from_the_table() -> None:
    before = _neutral(0)["rotation_moment_arm_mm"]
    after = _neutral(90)["rotation_moment_arm_mm"]
    assert len(before) == 9
    share = (after > before).sum() / 9
    assert model_quantity("share_gluteal_toward_internal_rotation_0_to_90") == pytest.approx(share)
    switching = ((before < 0) & (after > 0)).sum()
    assert model_quantity("gluteal_switching_external_to_internal_0_to_90") == switching
    gmax_90 = after[after.index.str.startswith("glut_max")]
    assert model_quantity("gmax_external_rotators_at_90") == (gmax_90 < 0).sum()


# --- single-leg stance ---------------------------------------------------------------------


def test_stance_balance_is_a_moment_balance() -> None:
    balance = single_leg_stance()
    segments = pd.DataFrame(GEOMETRY["segments"])
    upper = segments[~segments["body"].isin(LEG_BODIES)]
    assert balance.supported_weight_n == pytest.approx(upper["mass_kg"].sum() * 9.81)
    assert balance.body_weight_n == pytest.approx(segments["mass_kg"].sum() * 9.81)
    assert balance.abductor_force_n * balance.abductor_lever_arm_mm == pytest.approx(
        balance.supported_weight_n * balance.weight_lever_arm_mm
    )
    # the contact force is at least weight plus abductor pull projected on the vertical
    assert balance.contact_force_n > balance.abductor_force_n
    assert balance.contact_force_n <= balance.abductor_force_n + balance.supported_weight_n


def test_leaning_over_the_stance_hip_lowers_the_demand() -> None:
    upright = single_leg_stance()
    leaning = single_leg_stance(lean_mm=upright.weight_lever_arm_mm / 2)
    assert leaning.abductor_force_n == pytest.approx(upright.abductor_force_n / 2)
    over_the_hip = single_leg_stance(lean_mm=upright.weight_lever_arm_mm)
    assert over_the_hip.abductor_force_n == pytest.approx(0.0, abs=1e-9)
    assert over_the_hip.contact_force_n == pytest.approx(over_the_hip.supported_weight_n)
