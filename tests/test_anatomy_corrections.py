"""Anatomy statements an educator corrected stay corrected (quiz 01, anatomy.csv, notebook 01).

Expected values come from ``data/anatomy.csv`` (the traced record), read with pandas and
regular expressions, never from the code that shows them.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import glutelab

from .conftest import ROOT
from .test_learner_text import curation_terms


@pytest.fixture(scope="module")
def anatomy() -> pd.DataFrame:
    return glutelab.load_anatomy().set_index(["muscle", "region"])


@pytest.fixture(scope="module")
def quizzes() -> pd.DataFrame:
    return glutelab.load_quizzes()


def _key(quizzes: pd.DataFrame, quiz_id: str) -> str:
    row = quizzes.loc[quiz_id]
    return str(list(row["choices"])[int(row["answer"])])


def _quiz_text(quizzes: pd.DataFrame, quiz_id: str) -> str:
    row = quizzes.loc[quiz_id]
    return " ".join([str(row["question"]), *map(str, row["choices"]), str(row["explanation"])])


def _notebook_markdown() -> list[str]:
    notebook = json.loads((ROOT / "notebooks" / "01_anatomy.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def _drops(text: str) -> list[tuple[int, int]]:
    """Each 'from 220 N to 83 N' in ``text`` as (220, 83)."""
    return [(int(a), int(b)) for a, b in re.findall(r"from (\d+) N to (\d+) N", text)]


# --- tensor fasciae latae and blood supply ---------------------------------------------------


def test_tensor_fasciae_latae_has_a_row_with_its_nerve_roots_and_actions(
    anatomy: pd.DataFrame,
) -> None:
    tfl = anatomy.loc[("tensor_fasciae_latae", "whole")]
    assert str(tfl["nerve"]).startswith("Superior gluteal nerve")
    assert {"L4", "L5"} <= set(re.findall(r"\b[LS]\d\b", str(tfl["nerve_roots"])))
    actions = str(tfl["primary_actions"]).lower()
    assert "iliotibial band" in actions and "tenses" in actions
    assert "abducts" in actions and "inward" in actions
    assert "hoch_abduction" in str(tfl["source_ids"]).split(";")


def test_the_superior_gluteal_nerve_muscles_match_quiz_anat_01(
    anatomy: pd.DataFrame, quizzes: pd.DataFrame
) -> None:
    wholes = anatomy.xs("whole", level="region")
    supplied = {m for m, nerve in wholes["nerve"].items() if str(nerve).startswith("Superior")}
    assert supplied == {"gluteus_medius", "gluteus_minimus", "tensor_fasciae_latae"}
    key = _key(quizzes, "anat_01").lower()
    for muscle in supplied:
        assert muscle.replace("_", " ") in key
    assert "maximus" not in key
    assert "trendelenburg" in str(quizzes.loc["anat_01", "explanation"]).lower()


def test_blood_supply_names_the_gluteal_arteries(anatomy: pd.DataFrame) -> None:
    blood = anatomy.xs("whole", level="region")["blood_supply"].astype(str)
    assert "Superior gluteal artery" in blood["gluteus_maximus"]
    assert "inferior gluteal artery" in blood["gluteus_maximus"]
    for muscle in ("gluteus_medius", "gluteus_minimus"):
        assert blood[muscle].startswith("Superior gluteal artery"), muscle
    assert "superior gluteal artery" in blood["tensor_fasciae_latae"]


# --- gluteus maximus nerve supply: classically, with variations ------------------------------


def test_gluteus_maximus_nerve_is_not_taught_as_settled(
    anatomy: pd.DataFrame, quizzes: pd.DataFrame
) -> None:
    nerve = str(anatomy.loc[("gluteus_maximus", "whole"), "nerve"])
    assert re.search(r"\b(classically|predominantly)\b", nerve)
    assert "variation" in nerve and "Awori 2011" in nerve
    assert "only motor supply" not in nerve
    key = _key(quizzes, "anat_02")
    assert re.search(r"\b(classically|predominantly)\b", key) and "variation" in key
    assert not re.search(r"\b(only|alone)\b", key)
    assert "awori2011" in list(quizzes.loc["anat_02", "refs"])


# --- the Hoch nerve-block result, whole ------------------------------------------------------


def test_anat_07_uses_the_full_hoch_result_stored_in_anatomy_csv(
    anatomy: pd.DataFrame, quizzes: pd.DataFrame
) -> None:
    medius_minimus = _drops(str(anatomy.loc[("gluteus_medius", "whole"), "actions_in_hip_flexion"]))
    maximus = _drops(str(anatomy.loc[("gluteus_maximus", "whole"), "actions_in_hip_flexion"]))
    tfl_text = str(anatomy.loc[("tensor_fasciae_latae", "whole"), "actions_in_hip_flexion"])
    flexed_tfl = re.search(r"(\d+) N to (\d+) N", tfl_text)  # the first: hip flexed
    assert len(medius_minimus) == 3 and len(maximus) == 3  # flexed, neutral, extended
    baselines = [before for before, _ in medius_minimus]
    assert [before for before, _ in maximus] == baselines  # the same unblocked forces
    # the medius/minimus block leaves the least force in every position (from the data)
    assert all(m[1] < g[1] for m, g in zip(medius_minimus, maximus, strict=True))
    text = _quiz_text(quizzes, "anat_07")
    for before, after in medius_minimus:
        assert f"{before} N to {after} N" in text
    for _, after in maximus:
        assert f"{after} N" in text
    assert flexed_tfl is not None and f"{flexed_tfl.group(2)} N" in text
    assert "medius and minimus" in _key(quizzes, "anat_07")
    assert "says nothing about gluteus medius" not in text


def test_notebook_01_teaches_the_full_hoch_result(anatomy: pd.DataFrame) -> None:
    medius_minimus = _drops(str(anatomy.loc[("gluteus_medius", "whole"), "actions_in_hip_flexion"]))
    maximus = _drops(str(anatomy.loc[("gluteus_maximus", "whole"), "actions_in_hip_flexion"]))
    prose = "\n".join(_notebook_markdown())
    assert f"from {medius_minimus[0][0]} N to {medius_minimus[0][1]} N" in prose
    assert f"from {maximus[0][0]} N to {maximus[0][1]} N" in prose
    assert "15%" in prose and "15%" in str(
        anatomy.loc[("tensor_fasciae_latae", "whole"), "actions_in_hip_flexion"]
    )


# --- notebook 01 answers its nerve-injury question -------------------------------------------


def test_notebook_01_answers_its_nerve_injury_question() -> None:
    cells = _notebook_markdown()
    asked = [c for c in cells if "after an injury to that nerve" in c]
    assert len(asked) == 1
    answers = [c for c in cells if "Answer to question 1" in c]
    assert len(answers) == 1
    answer = answers[0]
    assert cells.index(answer) > cells.index(asked[0])
    for words in ("tensor fasciae latae", "Trendelenburg", "StatPearls", "spared"):
        assert words.lower() in answer.lower(), words
    notebook = (ROOT / "notebooks" / "01_anatomy.ipynb").read_text(encoding="utf-8")
    for ident in ("statpearls_sgn", "wvu_sgn", "grays1918_nerves", "awori2011"):
        assert f'\\"{ident}\\"' in notebook, ident  # listed in the notebook's references


def test_notebook_01_prose_has_no_curation_vocabulary() -> None:
    assert curation_terms("\n".join(_notebook_markdown())) == []


# --- the same numbers as the traced nerve-block table ----------------------------------------

POSITIONS = ("flexion_30", "neutral", "extension_30")
"""Hip positions in the order the anatomy text gives them (flexed, neutral, extended)."""
ROWS_WITH_BLOCK = {
    ("gluteus_medius", "whole"): "gmed_gmin",
    ("gluteus_maximus", "whole"): "gmax",
}


def _traced_force(block: str, position: str) -> int:
    """Average force (N) from data/nerve_block_abduction.csv, read with pandas."""
    table = pd.read_csv(ROOT / "data" / "nerve_block_abduction.csv")
    match = table[(table["block"] == block) & (table["hip_position"] == position)]
    assert len(match) == 1, (block, position)
    return int(match["abduction_force_n"].iloc[0])


@pytest.mark.parametrize("row", list(ROWS_WITH_BLOCK), ids=lambda r: r[0])
def test_anatomy_nerve_block_numbers_equal_the_traced_table(
    anatomy: pd.DataFrame, row: tuple[str, str]
) -> None:
    drops = _drops(str(anatomy.loc[row, "actions_in_hip_flexion"]))
    expected = [
        (_traced_force("none", p), _traced_force(ROWS_WITH_BLOCK[row], p)) for p in POSITIONS
    ]
    assert drops == expected


def test_anat_07_and_the_tfl_row_use_the_traced_table(
    anatomy: pd.DataFrame, quizzes: pd.DataFrame
) -> None:
    text = _quiz_text(quizzes, "anat_07")
    for block in ("none", "tfl", "gmed_gmin", "gmax"):
        assert f"{_traced_force(block, 'flexion_30')} N" in text, block
    tfl = str(anatomy.loc[("tensor_fasciae_latae", "whole"), "actions_in_hip_flexion"])
    for position in POSITIONS:
        assert f"{_traced_force('tfl', position)} N" in tfl, position
