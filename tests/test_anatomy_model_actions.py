"""The hip model's statements in anatomy.csv's *with the hip flexed* column match the model.

Every angle and leverage quoted is derived here from ``data/hip_moment_arms.csv`` with pandas
(neutral adduction and rotation, 0 to 90 degrees of flexion), and every qualitative claim
("at every angle", "shrink", "throughout") is checked over the same range. Signs follow the
model: positive = flexion, adduction, internal rotation.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from .conftest import DATA

HEDGE = "in a published hip model (Gait 2392, Delp et al. 1990)"
MODEL_ROWS = [
    ("gluteus_maximus", "whole"),
    ("gluteus_maximus", "superior"),
    ("gluteus_maximus", "inferior"),
    ("gluteus_medius", "whole"),
    ("gluteus_medius", "anterior"),
    ("gluteus_medius", "middle"),
    ("gluteus_medius", "posterior"),
    ("gluteus_minimus", "whole"),
    ("gluteus_minimus", "anterior"),
    ("gluteus_minimus", "posterior"),
    ("tensor_fasciae_latae", "whole"),
]


@pytest.fixture(scope="module")
def anatomy() -> pd.DataFrame:
    return pd.read_csv(DATA / "anatomy.csv").set_index(["muscle", "region"])


@pytest.fixture(scope="module")
def sweep() -> pd.DataFrame:
    """Neutral-pose rows from 0 to 90 degrees of flexion, indexed by compartment and angle."""
    table = pd.read_csv(DATA / "hip_moment_arms.csv")
    neutral = table[
        (table["hip_adduction_deg"] == 0)
        & (table["hip_rotation_deg"] == 0)
        & table["hip_flexion_deg"].between(0, 90)
    ]
    return neutral.set_index(["muscle_id", "hip_flexion_deg"]).sort_index()


def _arm(sweep: pd.DataFrame, muscle_id: str, axis: str) -> pd.Series:
    return sweep.loc[muscle_id, f"{axis}_moment_arm_mm"]


def _crossing(arm: pd.Series) -> float:
    """The flexion angle (deg) where ``arm`` changes sign, linear between table rows."""
    signs = np.sign(arm.to_numpy())
    (changes,) = np.nonzero(np.diff(signs))
    assert len(changes) == 1, f"expected one sign change, found {len(changes)}"
    i = int(changes[0])
    x0, x1 = float(arm.index[i]), float(arm.index[i + 1])
    y0, y1 = float(arm.iloc[i]), float(arm.iloc[i + 1])
    return x0 - y0 * (x1 - x0) / (y1 - y0)


def _text(anatomy: pd.DataFrame, muscle: str, region: str) -> str:
    return str(anatomy.loc[(muscle, region), "actions_in_hip_flexion"])


@pytest.mark.parametrize("row", MODEL_ROWS, ids=lambda r: f"{r[0]}-{r[1]}")
def test_model_statements_are_hedged_and_cited(anatomy: pd.DataFrame, row: tuple[str, str]) -> None:
    text = _text(anatomy, *row)
    assert "Gait 2392" in text and "Delp et al. 1990" in text
    assert "delp1990" in str(anatomy.loc[row, "source_ids"]).split(";")
    assert "delp1990" in str(anatomy.loc[row, "source_details"])


def test_upper_gluteus_maximus_crossings(anatomy: pd.DataFrame, sweep: pd.DataFrame) -> None:
    ilium = round(_crossing(_arm(sweep, "glut_max1_r", "rotation")))
    sacrum = round(_crossing(_arm(sweep, "glut_max2_r", "rotation")))
    for region in ("whole", "superior"):
        text = _text(anatomy, "gluteus_maximus", region)
        assert f"about {ilium}° (the part from the ilium)" in text
        assert f"{sacrum}° (the part from the sacrum)" in text
    for muscle_id in ("glut_max1_r", "glut_max2_r"):  # "still extends and abducts"
        assert (_arm(sweep, muscle_id, "flexion") < 0).all()
        assert (_arm(sweep, muscle_id, "adduction") < 0).all()
        rotation = _arm(sweep, muscle_id, "rotation")
        assert rotation.loc[0] < 0 < rotation.loc[90]


def test_lower_gluteus_maximus(anatomy: pd.DataFrame, sweep: pd.DataFrame) -> None:
    adduction = _arm(sweep, "glut_max3_r", "adduction")
    rotation = _arm(sweep, "glut_max3_r", "rotation")
    assert (adduction > 0).all() and (rotation < 0).all()  # adducts, rotates externally
    assert (adduction.diff().dropna() < 0).all()  # adduction leverage shrinks
    assert (rotation.abs().diff().dropna() < 0).all()  # external-rotation leverage shrinks
    assert "rotates it externally at every angle from straight to 90°" in _text(
        anatomy, "gluteus_maximus", "inferior"
    )
    assert "shrink as the hip flexes" in _text(anatomy, "gluteus_maximus", "inferior")
    assert "its lowest part stays an external rotator" in _text(anatomy, "gluteus_maximus", "whole")


def test_gluteus_maximus_as_a_whole_abducts_only_once_flexed(sweep: pd.DataFrame) -> None:
    geometry = json.loads((DATA / "hip_model_geometry.json").read_text(encoding="utf-8"))
    force = {p["muscle_id"]: p["max_isometric_force_n"] for p in geometry["paths"]}
    ids = ["glut_max1_r", "glut_max2_r", "glut_max3_r"]
    moment = sum(_arm(sweep, m, "adduction") * force[m] for m in ids) / 1000  # N m, + adduction
    assert 0 < moment.loc[0] < 5  # straight: a slight net adduction moment
    assert (moment.loc[5:90] < 0).all()  # flexed: a net abduction moment


def test_gluteus_medius(anatomy: pd.DataFrame, sweep: pd.DataFrame) -> None:
    for muscle_id in ("glut_med1_r", "glut_med2_r", "glut_med3_r"):  # all turn toward internal
        rotation = _arm(sweep, muscle_id, "rotation")
        assert rotation.loc[90] > rotation.loc[0]
    anterior = _arm(sweep, "glut_med1_r", "rotation")
    assert (anterior > 0).all()
    straight, flexed = round(anterior.loc[0]), round(anterior.loc[90])
    adducts_from = round(_crossing(_arm(sweep, "glut_med1_r", "adduction")))
    text = _text(anatomy, "gluteus_medius", "anterior")
    assert f"about {straight} mm of leverage straight, about {flexed} mm at 90°" in text
    assert f"adducts from about {adducts_from}° of flexion" in text
    assert _arm(sweep, "glut_med1_r", "flexion").loc[90] > 0  # "also flexes ... by 90°"
    assert _arm(sweep, "glut_med1_r", "adduction").loc[90] > 0  # "and adducts"
    assert "By 90° the model's anterior part also flexes and adducts" in _text(
        anatomy, "gluteus_medius", "whole"
    )
    for muscle_id, region in (("glut_med2_r", "middle"), ("glut_med3_r", "posterior")):
        rotation = _arm(sweep, muscle_id, "rotation")
        assert rotation.loc[0] < 0  # external with the hip straight
        assert (_arm(sweep, muscle_id, "adduction") < 0).all()  # abducts throughout
        crossing = round(_crossing(rotation))
        assert f"internally from about {crossing}° of flexion" in _text(
            anatomy, "gluteus_medius", region
        )
    posterior = _arm(sweep, "glut_med3_r", "rotation").loc[30:45]
    assert (posterior.abs() <= 8).all()  # "around 30° to 45° its rotation leverage is small"


def test_gluteus_minimus(anatomy: pd.DataFrame, sweep: pd.DataFrame) -> None:
    for muscle_id in ("glut_min1_r", "glut_min2_r"):  # the anterior portion
        rotation = _arm(sweep, muscle_id, "rotation")
        adduction = _arm(sweep, muscle_id, "adduction")
        assert (rotation > 0).all() and rotation.loc[90] > rotation.loc[0]
        assert adduction.loc[0] < 0 < adduction.loc[90]  # abducts less, adducts by 90
    assert "by 90° of flexion it adducts rather than abducts" in _text(
        anatomy, "gluteus_minimus", "anterior"
    )
    posterior = _arm(sweep, "glut_min3_r", "rotation")
    crossing = round(_crossing(posterior))
    assert posterior.loc[0] < 0 and crossing <= 15  # "early in flexion"
    assert (_arm(sweep, "glut_min3_r", "adduction") < 0).all()
    assert f"internally from about {crossing}° of flexion, and abducts throughout" in _text(
        anatomy, "gluteus_minimus", "posterior"
    )
    assert "its posterior part switching from external to internal rotation early" in _text(
        anatomy, "gluteus_minimus", "whole"
    )


def test_tensor_fasciae_latae(anatomy: pd.DataFrame, sweep: pd.DataFrame) -> None:
    flexion = _arm(sweep, "tfl_r", "flexion")
    adduction = _arm(sweep, "tfl_r", "adduction")
    rotation = _arm(sweep, "tfl_r", "rotation")
    assert (flexion > 0).all() and (adduction < 0).all() and (rotation > 0).all()
    assert (flexion.diff().dropna() > 0).all() and (rotation.diff().dropna() > 0).all()
    assert (adduction.abs().diff().dropna() < 0).all()
    text = _text(anatomy, "tensor_fasciae_latae", "whole")
    assert "flexes, abducts and rotates the hip internally at every angle" in text
    assert "flexion and internal-rotation leverage grow and its abduction leverage shrinks" in text


def test_delp_1999_is_a_cadaver_study_without_angles(anatomy: pd.DataFrame) -> None:
    medius = _text(anatomy, "gluteus_medius", "whole")
    maximus = _text(anatomy, "gluteus_maximus", "whole")
    assert "model study" not in medius and "cadaver measurements" in medius
    assert "Keeps a large external-rotation capacity as the hip flexes" not in maximus
    assert "without saying at which hip angles (Delp et al. 1999)" in maximus
    assert HEDGE in _text(anatomy, "gluteus_maximus", "superior")


def test_notebook_01_quotes_the_same_crossings(sweep: pd.DataFrame) -> None:
    notebook = json.loads((DATA.parent / "notebooks" / "01_anatomy.ipynb").read_text("utf-8"))
    cells = notebook["cells"]
    prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    ilium = round(_crossing(_arm(sweep, "glut_max1_r", "rotation")))
    sacrum = round(_crossing(_arm(sweep, "glut_max2_r", "rotation")))
    assert f"between about {ilium}° and {sacrum}° of flexion" in prose
    assert "Gait 2392, Delp et al. 1990" in prose
    assert '"delp1990"' in "".join("".join(c["source"]) for c in cells)  # in its references
