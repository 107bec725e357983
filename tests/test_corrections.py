"""Teaching statements an educator corrected stay corrected.

Each test reads the data file or notebook a learner sees and checks the corrected
statement against the traced record in ``data/`` (not against a copy of the text).
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import glutelab

from .conftest import ROOT


@pytest.fixture(scope="module")
def quizzes() -> pd.DataFrame:
    return glutelab.load_quizzes()


@pytest.fixture(scope="module")
def myths() -> pd.DataFrame:
    return glutelab.load_myths()


def _quiz_text(quizzes: pd.DataFrame, quiz_id: str) -> str:
    row = quizzes.loc[quiz_id]
    return " ".join([str(row["question"]), *map(str, row["choices"]), str(row["explanation"])])


def _finding(myths: pd.DataFrame, myth_id: str, ref: str) -> dict[str, object]:
    return next(e for e in myths.loc[myth_id, "evidence"] if e["ref"] == ref)


def test_a_myth_rated_on_weak_evidence_is_not_called_false(myths: pd.DataFrame) -> None:
    weak = myths[myths["strength"].str.match(r"\s*Weak\b")]
    assert "sitting_switches_off" in weak.index
    assert (weak["verdict"] != "false").all(), weak["verdict"].to_dict()
    assert myths.loc["sitting_switches_off", "verdict"] == "unsupported"


def test_parr_2017_is_reported_whole(myths: pd.DataFrame, quizzes: pd.DataFrame) -> None:
    """Lower EMG, forces not significantly different with a trend up, and the authors' reading."""
    parr = _finding(myths, "activate_before_lifting", "parr2017")
    finding = str(parr["finding"])
    p_values = re.findall(r"p\s*=\s*(0\.\d+)", finding)
    assert p_values, finding
    assert "trend" in finding and "potentiation" in finding and "lower" in finding
    assert parr["direction"] == "mixed"
    explanation = _quiz_text(quizzes, "myth_06")
    assert all(p in explanation for p in p_values)
    assert "potentiation" in explanation


def test_boren_2011_values_are_the_average_of_peaks(quizzes: pd.DataFrame) -> None:
    emg = glutelab.load_emg()
    boren = emg[emg["study_id"] == "boren2011"]
    assert len(boren) == 4
    assert (boren["statistic"] == "peak").all()
    assert boren["note"].str.contains("average percent MVIC peak activity").all()
    assert boren["n"].isna().all()  # the number analysed was not visible
    references = json.loads((ROOT / "data" / "references.json").read_text(encoding="utf-8"))
    record = next(r for r in references if r["id"] == "boren2011")
    assert record["PMID"] == "22034614" and "NOTHING CONFIRMED" not in record["note"]
    answer = quizzes.loc["emg_08"]
    right = str(answer["choices"][int(answer["answer"])])
    assert "average of peaks" in right and "not stated" not in right


def test_source_and_order_quizzes_say_probable_and_common(quizzes: pd.DataFrame) -> None:
    assert "most likely" in str(quizzes.loc["src_01", "question"])
    wmi = quizzes.loc["wmi_06"]
    right = str(wmi["choices"][int(wmi["answer"])])
    assert "not a fault" in right and "normal order" not in right.lower()


def test_no_quiz_speaks_of_curators(quizzes: pd.DataFrame) -> None:
    text = " ".join(_quiz_text(quizzes, q) for q in quizzes.index)
    assert "curator" not in text.lower()


def test_the_weakness_panel_is_called_an_assumption_of_the_simulation() -> None:
    notebook = json.loads(
        (ROOT / "notebooks" / "02_weakness_motor_control_inhibition.ipynb").read_text("utf-8")
    )
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    weakness = next(c for c in cells if "- **Weakness:** the gluteal trace" in c)
    assert "assumption" in weakness and "Freeman et al. 2013" in weakness
