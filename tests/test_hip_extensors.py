"""The hip extensors of notebook 09: moment arms, their chart and table, and the hip function table.

Expected values are read from ``data/hip_moment_arms.csv`` and ``data/hip_function.csv`` with
pandas; the chart is checked on what it drew (line data, axis labels), not on its own record.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import glutelab
from glutelab.hip_mechanics_plots import extensor_chart, extensor_table
from glutelab.hip_model import extension_moment_arms
from glutelab.practice_widget import hip_function_table

from .conftest import DATA
from .test_learner_text import curation_terms

# In the order the table lists them: gluteus maximus, adductor magnus, hamstrings.
ORDER = [
    "glut_max1_r",
    "glut_max2_r",
    "glut_max3_r",
    "add_mag1_r",
    "add_mag2_r",
    "add_mag3_r",
    "semimem_r",
    "semiten_r",
    "bifemlh_r",
]
EXTENSORS = set(ORDER)


def _neutral_sweep() -> pd.DataFrame:
    """Neutral-pose rows of the extensors, straight from the CSV, extension positive."""
    arms = pd.read_csv(DATA / "hip_moment_arms.csv")
    rows = arms[
        (arms["hip_adduction_deg"] == 0)
        & (arms["hip_rotation_deg"] == 0)
        & arms["muscle_id"].isin(EXTENSORS)
    ].copy()
    rows["extension_mm"] = -rows["flexion_moment_arm_mm"]
    return rows


def test_extension_moment_arms_turn_the_sign_of_the_flexion_moment_arm() -> None:
    expected = _neutral_sweep().set_index(["muscle_id", "hip_flexion_deg"])["extension_mm"]
    table = extension_moment_arms(glutelab.load_hip_moment_arms())
    got = table.set_index(["muscle_id", "hip_flexion_deg"])["extension_moment_arm_mm"]
    assert set(got.index) == set(expected.index)
    assert np.allclose(got.sort_index().to_numpy(), expected.sort_index().to_numpy())
    # both ends of the flexion range are there
    assert table["hip_flexion_deg"].min() == -20 and table["hip_flexion_deg"].max() == 120
    groups = table.drop_duplicates("muscle_id").set_index("muscle_id")["group"].to_dict()
    assert groups["add_mag3_r"] == "adductor_magnus" and groups["bifemlh_r"] == "hamstrings"


def test_extension_moment_arms_keep_only_the_angles_asked_for() -> None:
    arms = glutelab.load_hip_moment_arms()
    table = extension_moment_arms(arms, [-20, 120])
    assert sorted(set(table["hip_flexion_deg"].astype(int))) == [-20, 120]
    assert len(table) == 2 * len(EXTENSORS)
    with pytest.raises(ValueError, match="no hip flexion angle"):
        extension_moment_arms(arms, [0, 91])


def test_extensor_table_holds_rounded_values_from_the_csv() -> None:
    sweep = _neutral_sweep().set_index(["muscle_id", "hip_flexion_deg"])["extension_mm"]
    table = extensor_table(glutelab.load_hip_moment_arms(), (0, 90)).reset_index()
    assert list(table.columns) == ["Muscle", "Compartment", "0° flexion (mm)", "90° flexion (mm)"]
    assert (
        list(table["Muscle"])
        == ["Gluteus maximus"] * 3 + ["Adductor magnus"] * 3 + ["Hamstrings"] * 3
    )
    for angle in (0, 90):
        expected = [round(float(sweep[m, angle])) for m in ORDER]
        assert list(table[f"{angle}° flexion (mm)"]) == expected
    assert "ischiocondylar" in list(table["Compartment"])


def test_extensor_chart_draws_each_compartment_from_the_csv() -> None:
    chart = extensor_chart(glutelab.load_hip_moment_arms())
    sweep = _neutral_sweep()
    axes = chart.figure.axes
    drawn = {
        str(line.get_gid()).split(":")[1]: line
        for ax in axes
        for line in ax.get_lines()
        if str(line.get_gid()).startswith("extension:")
    }
    assert set(drawn) == EXTENSORS
    for muscle_id, line in drawn.items():
        own = sweep[sweep["muscle_id"] == muscle_id].sort_values("hip_flexion_deg")
        assert list(line.get_xdata()) == list(own["hip_flexion_deg"])
        assert np.allclose(line.get_ydata(), own["extension_mm"])
    titles = [ax.get_title(loc="left") for ax in axes]
    assert titles == ["Gluteus maximus", "Adductor magnus", "Hamstrings"]
    assert "(mm)" in axes[0].get_ylabel()
    assert all(ax.get_xlabel() == "Hip flexion (deg)" for ax in axes)
    low, high = axes[0].get_ylim()
    assert low <= sweep["extension_mm"].min() and high >= sweep["extension_mm"].max()
    assert "adductor magnus" in chart.alt and "millimetres" in chart.alt


def test_hip_function_table_shows_each_topic_with_its_sources() -> None:
    rows = pd.read_csv(DATA / "hip_function.csv", keep_default_na=False)
    for topic in ("gait_pattern", "hip_extensors"):
        html = hip_function_table(topic)._repr_html_()
        own = rows[rows["topic"] == topic]
        assert len(own) > 0
        for row in own.to_dict("records"):
            assert f'data-row="{row["row_id"]}"' in html
        others = rows[rows["topic"] != topic]
        for row in others.to_dict("records"):
            assert f'data-row="{row["row_id"]}"' not in html
        assert curation_terms(html) == []  # curation notes stay in the disclosure
    with pytest.raises(ValueError, match="unknown topic 'gait'"):
        hip_function_table("gait")


def test_hip_function_table_escapes_text_from_the_data(data_copy: Path) -> None:
    path = data_copy / "hip_function.csv"
    text = path.read_text(encoding="utf-8").replace(
        "gluteus maximus lurch:", "<b>gluteus</b> maximus lurch:", 1
    )
    path.write_text(text, encoding="utf-8")
    html = hip_function_table("gait_pattern")._repr_html_()
    assert "&lt;b&gt;gluteus&lt;/b&gt; maximus lurch" in html and "<b>gluteus</b>" not in html


def test_the_leverage_quiz_is_keyed_to_the_model_at_90_degrees() -> None:
    """haf_07: adductor magnus out-levers every part of gluteus maximus at 90°, the other
    choices do not (worked from the CSV, not from the course's functions)."""
    at_90 = _neutral_sweep().set_index(["muscle_id", "hip_flexion_deg"])["extension_mm"]
    best_gmax = max(at_90[m, 90] for m in ORDER[:3])
    assert all(at_90[m, 90] > best_gmax for m in ORDER[3:6])  # adductor magnus, all parts
    assert at_90["semimem_r", 90] < best_gmax
    quiz = next(
        q for q in yaml.safe_load((DATA / "quizzes.yaml").read_text()) if q["id"] == "haf_07"
    )
    assert quiz["choices"][quiz["answer"]] == "Adductor magnus"
    assert set(quiz["choices"]) == {
        "Semimembranosus",
        "Adductor magnus",
        "None: gluteus maximus always has the most",
    }
