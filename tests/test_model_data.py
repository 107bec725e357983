"""The tables built from the OpenSim hip model: rebuilt from the committed model, they match."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from .conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
TABLE = DATA / "hip_moment_arms.csv"
GEOMETRY = DATA / "hip_model_geometry.json"
KEY = ["muscle_id", "hip_flexion_deg", "hip_adduction_deg", "hip_rotation_deg"]
COLUMNS = [
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
]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two files, built again from data/models/gait2392 with opensim."""
    out = tmp_path_factory.mktemp("model-data")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_model_data.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=out,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list((ROOT / "data").rglob("opensim.log")), "opensim wrote a log into data/"
    return out


def test_opensim_is_installed_by_the_test_extra() -> None:
    import opensim

    assert opensim.__version__.startswith("4.")


def test_rebuilt_table_equals_the_committed_one(rebuilt: Path) -> None:
    assert list(pd.read_csv(rebuilt / TABLE.name).columns) == COLUMNS
    committed = pd.read_csv(TABLE).set_index(KEY).sort_index()
    fresh = pd.read_csv(rebuilt / TABLE.name).set_index(KEY).sort_index()
    assert fresh.index.equals(committed.index)
    text = ["model_id", "muscle", "region"]
    assert fresh[text].equals(committed[text])
    numbers = COLUMNS[7:]
    np.testing.assert_allclose(fresh[numbers], committed[numbers], rtol=1e-6, atol=1e-5)


def _close(a: Any, b: Any) -> bool:
    """JSON values equal, numbers to 1e-6 relative (or 0.01 mm, the rounding step)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_close, a, b))
    if isinstance(a, float) or isinstance(b, float):
        return bool(np.isclose(a, b, rtol=1e-6, atol=0.011))
    return bool(a == b)


def test_rebuilt_geometry_equals_the_committed_one(rebuilt: Path) -> None:
    committed = json.loads(GEOMETRY.read_text(encoding="utf-8"))
    fresh = json.loads((rebuilt / GEOMETRY.name).read_text(encoding="utf-8"))
    assert _close(fresh, committed)


def test_a_changed_value_would_be_caught(rebuilt: Path) -> None:
    """The comparison above is not vacuous: one moment arm off by 0.1 mm fails it."""
    committed = pd.read_csv(TABLE)
    committed.loc[5, "rotation_moment_arm_mm"] += 0.1
    fresh = pd.read_csv(rebuilt / TABLE.name)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(
            fresh["rotation_moment_arm_mm"], committed["rotation_moment_arm_mm"], atol=1e-5
        )


# --- what the table covers ----------------------------------------------------------------


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(TABLE)


def test_columns_are_the_documented_ones(table: pd.DataFrame) -> None:
    assert list(table.columns) == COLUMNS
    assert not table.duplicated(KEY).any()


def test_every_compartment_the_course_needs_is_there(table: pd.DataFrame) -> None:
    ids = set(table["muscle_id"])
    for muscle in ("glut_max", "glut_med", "glut_min", "add_mag"):
        assert {f"{muscle}{n}_r" for n in (1, 2, 3)} <= ids
    assert "tfl_r" in ids
    assert {"semimem_r", "semiten_r", "bifemlh_r"} & ids
    regions = table.groupby("muscle")["region"].agg(set)
    assert regions["gluteus_medius"] == {"anterior", "middle", "posterior"}
    assert regions["gluteus_minimus"] == {"anterior", "posterior"}
    assert regions["gluteus_maximus"] == {"superior", "inferior"}


def test_flexion_sweep_at_neutral(table: pd.DataFrame) -> None:
    neutral = table[(table["hip_adduction_deg"] == 0) & (table["hip_rotation_deg"] == 0)]
    for _, rows in neutral.groupby("muscle_id"):
        flexions = sorted(rows["hip_flexion_deg"])
        assert flexions[0] == -20 and flexions[-1] == 120
        assert set(range(-20, 125, 5)) == set(flexions)


@pytest.mark.parametrize("flexion", [0, 90])
def test_adduction_and_rotation_sweeps_at_0_and_90_degrees(
    table: pd.DataFrame, flexion: int
) -> None:
    at = table[table["hip_flexion_deg"] == flexion]
    for _, rows in at.groupby("muscle_id"):
        adduction = rows[rows["hip_rotation_deg"] == 0]["hip_adduction_deg"]
        rotation = rows[rows["hip_adduction_deg"] == 0]["hip_rotation_deg"]
        assert set(adduction) == set(range(-30, 35, 5))  # both ends: -30 (abducted), 30
        assert set(rotation) == set(range(-40, 45, 5))  # -40 (external), 40 (internal)
    elsewhere = table[~table["hip_flexion_deg"].isin([0, 90])]
    assert (elsewhere[["hip_adduction_deg", "hip_rotation_deg"]] == 0).all().all()


def test_signs_follow_the_model_convention(table: pd.DataFrame) -> None:
    """Hand-checkable anatomy at the neutral pose: the convention is the one documented."""
    neutral = table[(table[KEY[1:]] == 0).all(axis=1)].set_index("muscle_id")
    assert neutral.loc["glut_max2_r", "flexion_moment_arm_mm"] < 0  # extensor
    assert neutral.loc["tfl_r", "flexion_moment_arm_mm"] > 0  # flexor
    assert neutral.loc["glut_med2_r", "adduction_moment_arm_mm"] < 0  # abductor
    assert neutral.loc["add_mag1_r", "adduction_moment_arm_mm"] > 0  # adductor


# --- the course never needs opensim --------------------------------------------------------


def test_no_course_module_imports_opensim() -> None:
    for module in sorted((ROOT / "glutelab").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "opensim" for n in names), module.name


def test_importing_the_course_does_not_load_opensim() -> None:
    code = (
        "import sys, pkgutil, importlib, glutelab\n"
        "for m in pkgutil.iter_modules(glutelab.__path__):\n"
        "    importlib.import_module('glutelab.' + m.name)\n"
        "print('opensim' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
