"""The programme builder widget: every control, compared with pandas on the CSV files."""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

import pandas as pd
import pytest

from glutelab import programme_widget
from glutelab.programme_widget import NOT_A_PRESCRIPTION, programme_builder

DATA = Path(__file__).resolve().parent.parent / "data"
SINGLE_VALUES = {"mean", "median", "pooled_mean", "not_stated", "peak"}
HOME = {"none", "elastic band", "box or step", "elastic band or cable"}


@pytest.fixture(scope="module")
def exercises() -> pd.DataFrame:
    table = pd.read_csv(DATA / "exercises.csv", keep_default_na=False)
    emg = pd.read_csv(DATA / "emg_activation.csv")
    with_emg = set(emg.loc[emg["statistic"].isin(SINGLE_VALUES), "exercise_id"])
    return table[table["exercise_id"].isin(with_emg)]


@pytest.fixture(scope="module")
def dosage() -> pd.DataFrame:
    return pd.read_csv(DATA / "dosage.csv", keep_default_na=False)


def _expected_names(table: pd.DataFrame, stage: str, equipment: str, pain: bool) -> set[str]:
    rows = table
    if stage == "high":
        rows = rows[rows["position"] != "standing"]
    if stage != "low":
        rows = rows[rows["exercise_id"] != "hop"]
    if equipment == "bodyweight":
        rows = rows[rows["equipment"] == "none"]
    elif equipment == "home":
        rows = rows[rows["equipment"].isin(HOME)]
    if pain:
        rows = rows[rows["adduction_compression"] != "yes"]
    return set(rows["name"])


def _listed(html: str) -> set[str]:
    """Exercise names in the shortlist table (first cell of each body row)."""
    body = html.split("<tbody>", 1)[1] if "<tbody>" in html else ""
    cells = re.findall(r"<tr><td[^>]*>(.*?)</td>", body)
    return {c.replace("&#x27;", "'").replace("&amp;", "&") for c in cells}


def _expected_sources(dosage: pd.DataFrame, goal: str, stage: str, pain: bool) -> set[str]:
    rows = dosage[dosage["goal"] == goal]
    if goal == "rehabilitation" and pain:
        # the LEAP trial and its protocol (the static holds the programme began with)
        rows = rows[rows["study_id"].isin({"mellor2018", "mellor2016"})]
    if goal in ("strength", "hypertrophy"):
        rows = pd.concat([rows, dosage[dosage["goal"] == "progression"]])
    if pain or stage == "high":
        # heavy loading: an intensity range that reaches down to 1-6 RM
        rows = rows[~rows["intensity"].str.contains("1-6 RM", regex=False)]
    return set(rows["row_id"])


@pytest.mark.parametrize(
    ("goal", "stage", "equipment", "pain"),
    list(
        itertools.product(
            ("rehabilitation", "strength", "hypertrophy"),
            ("high", "moderate", "low"),
            ("bodyweight", "home", "gym"),
            (False, True),
        )
    ),
)
def test_every_setting_of_every_control_matches_pandas(
    exercises: pd.DataFrame,
    dosage: pd.DataFrame,
    goal: str,
    stage: str,
    equipment: str,
    pain: bool,
) -> None:
    view = programme_builder()
    view.goal.value = goal
    view.stage.value = stage
    view.equipment.value = equipment
    view.pain.value = pain
    expected = _expected_names(exercises, stage, equipment, pain)
    assert _listed(view.shortlist.value) == expected
    assert f"{len(expected)} exercise" in view.status.value
    # the dose card lists exactly the rows pandas selects, each with its source details
    shown = set(re.findall(r'data-row="([a-z0-9_]+-\d{2})"', view.dose.value))
    assert shown == _expected_sources(dosage, goal, stage, pain)
    # no internal row id is shown as text to the learner
    assert not re.search(r">[^<]*[a-z]+\d{4}-\d{2}", view.dose.value)
    heavy_shown = "heavy loading (1-6 RM)" in view.dose.value
    assert heavy_shown == (goal == "strength" and not pain and stage != "high")
    symptoms = html.escape("set the load by the client's symptoms") in view.dose.value
    assert symptoms == (goal != "rehabilitation" and (pain or stage != "low"))
    flagged = view.shortlist.value.count("compressive if the hip drops into adduction")
    by_name = exercises.set_index("name")["adduction_compression"]
    assert flagged == (sum(by_name[n] == "if_hip_adducts" for n in expected) if pain else 0)
    assert html.escape(NOT_A_PRESCRIPTION) in view.notice.value


def test_both_ends_of_each_control(exercises: pd.DataFrame) -> None:
    view = programme_builder()
    view.stage.value, view.equipment.value = "low", "gym"
    widest = _listed(view.shortlist.value)
    assert "Single-leg hop" in widest and "Side-lying hip abduction" in widest
    view.stage.value, view.equipment.value, view.pain.value = "high", "bodyweight", True
    narrowest = _listed(view.shortlist.value)
    assert narrowest < widest
    assert "Side-lying hip abduction" not in narrowest and "Glute bridge (both legs)" in narrowest
    assert "High irritability" in view.rules.value and "Lateral hip pain" in view.rules.value


def test_no_fit_shows_a_message_not_an_empty_table(monkeypatch: pytest.MonkeyPatch) -> None:
    view = programme_builder()
    view.exercises = view.exercises.iloc[0:0]
    view.update()
    assert "No exercise in the course&#x27;s data fits" in view.status.value
    assert view.shortlist.value == ""
    assert "Dose card" in view.dose.value  # the dose card still shows


def test_text_from_the_data_is_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    real = programme_widget.load_dosage

    def injected() -> pd.DataFrame:
        table = real()
        table["population"] = table["population"].astype(str) + "<img src=x onerror=alert(1)>"
        return table

    monkeypatch.setattr(programme_widget, "load_dosage", injected)
    view = programme_builder()
    assert "<img src=x" not in view.dose.value and "&lt;img src=x" in view.dose.value
    view.exercises = view.exercises.assign(name=view.exercises["name"].astype(str) + "<b>x</b>")
    view.update()
    assert "<b>x</b>" not in view.shortlist.value and "&lt;b&gt;x&lt;/b&gt;" in view.shortlist.value
