"""The practice tables (dosage, trials, assessment tests, nerve-block forces): traced and valid.

Numbers that notebooks 09-12 quote are asserted here against the CSV files, read with pandas.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import glutelab
from glutelab.errors import DataError
from glutelab.practice import abduction_force_change, trial_proportions

DATA = Path(__file__).resolve().parent.parent / "data"
TABLES = (
    "dosage",
    "trials",
    "assessment_tests",
    "nerve_block_abduction",
    "task_demands",
    "hip_function",
)
LOADERS = {
    "dosage": glutelab.load_dosage,
    "trials": glutelab.load_trials,
    "assessment_tests": glutelab.load_assessment_tests,
    "nerve_block_abduction": glutelab.load_nerve_block_abduction,
    "task_demands": glutelab.load_task_demands,
    "hip_function": glutelab.load_hip_function,
}


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", keep_default_na=False)


@pytest.mark.parametrize("name", TABLES)
def test_every_row_is_traced_to_a_referenced_source(name: str) -> None:
    rows = _csv(name)
    assert len(rows) > 0
    for column in ("study_id", "source_kind", "locator", "source_url"):
        assert (rows[column].str.strip() != "").all(), (name, column)
    assert rows["source_url"].str.match(r"^https?://\S+$").all()
    references = set(glutelab.load_references().index)
    studies = set(glutelab.load_studies()["study_id"])
    assert set(rows["study_id"]) <= studies <= references


@pytest.mark.parametrize("name", TABLES)
def test_loader_matches_the_csv(name: str) -> None:
    loaded = LOADERS[name]()
    assert list(loaded["row_id"]) == list(_csv(name)["row_id"])


def test_an_unknown_study_is_named_with_file_row_and_value(data_copy: Path) -> None:
    path = data_copy / "trials.csv"
    text = path.read_text(encoding="utf-8").replace(
        "mellor2018-02,mellor2018,", "mellor2018-02,nobody,"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"trials\.csv.*study_id.*nobody"):
        glutelab.load_trials()


def test_a_negative_force_is_rejected(data_copy: Path) -> None:
    path = data_copy / "nerve_block_abduction.csv"
    text = path.read_text(encoding="utf-8").replace(
        ",none,flexion_30,220,", ",none,flexion_30,-220,"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"nerve_block_abduction\.csv.*abduction_force_n"):
        glutelab.load_nerve_block_abduction()


# --- derived numbers, checked by hand from the CSV ---------------------------------------


def test_abduction_force_change_against_the_csv() -> None:
    raw = _csv("nerve_block_abduction")
    change = abduction_force_change(glutelab.load_nerve_block_abduction())
    assert len(change) == 9  # three blocks in three positions
    for position in ("flexion_30", "neutral", "extension_30"):
        here = raw[raw["hip_position"] == position].set_index("block")["abduction_force_n"]
        for block in ("tfl", "gmed_gmin", "gmax"):
            expected = round((here[block] - here["none"]) / here["none"] * 100)
            assert change.loc[(position, block), "pct_change"] == expected


def test_trial_proportions_against_the_csv() -> None:
    raw = _csv("trials")
    with_counts = raw[raw["events"] != ""]
    rows = trial_proportions(glutelab.load_trials()).set_index("row_id")
    assert set(rows.index) == set(with_counts["row_id"])
    for record in with_counts.to_dict("records"):
        assert rows.loc[record["row_id"], "pct"] == round(
            int(record["events"]) / int(record["total"]) * 100
        )
