"""Every number the recorded-walking section of notebook 06 (and its quiz) quotes.

Each value is computed here from the committed CSV files with pandas and SciPy
(``test_gait_emg._independent_profiles``), then looked for, as the prose writes it, in the
notebook's markdown and in the quiz explanations.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml

from .conftest import DATA, ROOT
from .test_gait_emg import _independent_profiles

NOTEBOOK = ROOT / "notebooks" / "06_emg_methods.ipynb"


def _section() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    text = "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "markdown"
    )
    start = text.index("## A real recording")
    return " ".join(text[start : text.index("## Key points")].split())


def _quiz(question_id: str) -> str:
    items = yaml.safe_load((DATA / "quizzes.yaml").read_text(encoding="utf-8"))
    (item,) = [i for i in items if i["id"] == question_id]
    return " ".join(f"{item['question']} {item['explanation']}".split())


@pytest.fixture(scope="module")
def numbers() -> dict[str, float]:
    means, stance, durations = _independent_profiles()
    medius, maximus = means["gluteus_medius"], means["gluteus_maximus"]
    x = np.linspace(0, 100, 101)

    def share_in_stance(mean: np.ndarray) -> float:
        stance_x = np.append(x[x < stance], stance)
        return 100 * np.trapezoid(np.interp(stance_x, x, mean), stance_x) / np.trapezoid(mean, x)

    def rise(mean: np.ndarray) -> float:
        return float(x[(x > stance) & (mean > 20)][0])

    return {
        "cycles": len(durations),
        "shortest_s": min(durations),
        "longest_s": max(durations),
        "stance_pct": stance,
        "medius_peak_at": float(x[np.argmax(medius)]),
        "maximus_peak_at": float(x[np.argmax(maximus)]),
        "medius_share": share_in_stance(medius),
        "maximus_share": share_in_stance(maximus),
        "medius_rise": rise(medius),
        "maximus_rise": rise(maximus),
        "medius_mean_peak": float(medius.max()),
        "medius_support_mean": float(medius[(x >= 15) & (x <= 30)].mean()),
        "medius_support_end": float(x[(x > x[np.argmax(medius)]) & (medius < 20)][0]),
        "maximus_mean_peak": float(maximus.max()),
    }


def test_cycles_durations_and_stance(numbers: dict[str, float]) -> None:
    text = _section()
    assert numbers["cycles"] == 5 and "six touchdowns, so five complete cycles" in text
    assert (round(numbers["shortest_s"], 2), round(numbers["longest_s"], 2)) == (1.03, 1.05)
    assert "The cycles last 1.03 to 1.05 s" in text
    assert round(numbers["stance_pct"]) == 64
    assert "stance takes about 64 % of each" in text


def test_where_each_muscle_peaks_and_how_much_falls_in_stance(numbers: dict[str, float]) -> None:
    text = _section()
    assert numbers["medius_peak_at"] == 7 and "peaks at 7 % of the cycle, in early stance" in text
    assert numbers["maximus_peak_at"] == 3 and "peaks even earlier, at 3 % of the cycle" in text
    assert round(numbers["medius_share"]) == 87 and "87 % of its activity" in text
    assert round(numbers["maximus_share"]) == 69 and "only 69 % of its activity" in text
    # both switch on again before the next touchdown
    assert numbers["maximus_rise"] == 94 and numbers["medius_rise"] == 98
    assert "rises past 20 % of the recording's peak at 94 % of the cycle" in text
    assert "(gluteus medius at 98 %)" in text


def test_the_mean_curves_peak_below_the_recordings_peak(numbers: dict[str, float]) -> None:
    text = _section()
    assert (round(numbers["medius_mean_peak"]), round(numbers["maximus_mean_peak"])) == (84, 88)
    assert "peak at 84 % and 88 % of their own peaks" in text
    assert "88 % of a walking peak is not 88 %MVIC" in text


def test_sampling_rate_and_nyquist_frequency_quoted() -> None:
    times = np.loadtxt(DATA / "gait_emg_recording.csv", delimiter=",", skiprows=1, usecols=0)
    rate = 1 / np.median(np.diff(times))
    assert round(rate) == 1000
    text = _section()
    assert "sampled 1000 times a second" in text and "Nyquist frequency is 500 Hz" in text


def test_quiz_explanations_quote_the_same_numbers(numbers: dict[str, float]) -> None:
    assert "last 1.03 to 1.05 s" in _quiz("meth_09")
    assert "peaks at 7 % of the cycle" in _quiz("meth_10")
    assert round(numbers["maximus_mean_peak"]) == 88 and "reaches 88 %" in _quiz("meth_11")


def test_medius_stays_moderately_active_into_single_leg_support(numbers: dict[str, float]) -> None:
    text = _section()
    # 15-30 % of the cycle: after the loading peak, in single-leg support
    assert 20 <= numbers["medius_support_mean"] <= 30  # "about a quarter"
    assert numbers["medius_support_end"] == 30  # below 20 % of the recording's peak from 30 %
    assert "(about a quarter of the recording's peak) into single-leg support" in text
    assert "up to about 30 % of the cycle" in text


def test_kubinski_is_cited_without_a_year_and_with_its_abstract_numbers() -> None:
    text = _section()
    assert "Kubinski et al. 2014" not in text
    assert "in 14 young adults on a treadmill" in text and "(47 %) with wide steps" in text
    refs = json.loads((DATA / "references.json").read_text(encoding="utf-8"))
    items = refs if isinstance(refs, list) else refs["references"]
    (kubinski,) = [i for i in items if i["id"] == "kubinski2014"]
    assert "issued" not in kubinski  # the year is not confirmed
    assert "Fourteen young" in kubinski["note"] and "47% higher with Wide steps" in kubinski["note"]


def test_one_recording_is_not_called_typical() -> None:
    text = _section()
    assert "typical pattern" not in text
    assert "one example, not a norm" in text
