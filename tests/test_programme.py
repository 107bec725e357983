"""Exercise shortlists: the exercise table's loading columns and the selection rules.

Expected sets are computed here with pandas from the CSV files, independently of
``glutelab.programme``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from glutelab.data import load_dosage, load_emg, load_exercises
from glutelab.programme import (
    CLIENT_CASES,
    EQUIPMENT_LEVELS,
    GOALS,
    HEAVY_LEFT_OUT,
    HOLDS_LYING_FIRST,
    STAGES,
    SYMPTOMS_SET_THE_LOAD,
    TRAINING_DAYS,
    ProgrammeChoice,
    client_case_exercises,
    dose_notes,
    dose_rows,
    heavy_loading,
    rules_applied,
    select_exercises,
)
from glutelab.programme_widget import client_case_table, shortlist_html

DATA = Path(__file__).resolve().parent.parent / "data"
SINGLE_VALUES = {"mean", "median", "pooled_mean", "not_stated", "peak"}


@pytest.fixture(scope="module")
def csv_exercises() -> pd.DataFrame:
    return pd.read_csv(DATA / "exercises.csv", keep_default_na=False)


@pytest.fixture(scope="module")
def with_emg(csv_exercises: pd.DataFrame) -> pd.DataFrame:
    emg = pd.read_csv(DATA / "emg_activation.csv")
    ids = set(emg.loc[emg["statistic"].isin(SINGLE_VALUES), "exercise_id"])
    return csv_exercises[csv_exercises["exercise_id"].isin(ids)]


# --- the exercise table ------------------------------------------------------------------


def test_weight_bearing_means_weight_through_the_feet(csv_exercises: pd.DataFrame) -> None:
    """The schema's definition: feet on the floor or a support (standing, bridges, planks)."""
    on_feet = {"standing", "supine", "side_plank", "front_plank"}
    expected = csv_exercises["position"].isin(on_feet)
    # a supine exercise counts only because the feet are on the floor: every one is a bridge
    supine = csv_exercises[csv_exercises["position"] == "supine"]
    assert set(supine["family"]) == {"hip_thrust_bridge"}
    assert (csv_exercises["weight_bearing"].astype(str).str.lower() == "true").tolist() == (
        expected.tolist()
    )
    by_id = csv_exercises.set_index("exercise_id")["weight_bearing"].astype(str).str.lower()
    assert by_id["glute_bridge"] == "true" and by_id["quadruped_hip_extension"] == "false"


def test_side_lying_and_side_planks_are_the_compressive_positions(
    csv_exercises: pd.DataFrame,
) -> None:
    compressive = csv_exercises[csv_exercises["adduction_compression"] == "yes"]
    assert set(compressive["position"]) == {"side_lying", "side_plank"}
    lying_on_side = csv_exercises[csv_exercises["position"].isin(["side_lying", "side_plank"])]
    assert (lying_on_side["adduction_compression"] == "yes").all()


def test_knee_bent_prone_extension_is_a_variant_not_a_regression(
    csv_exercises: pd.DataFrame,
) -> None:
    prone = csv_exercises.set_index("exercise_id").loc["prone_hip_extension"]
    assert "knee bent" not in prone["regressions"]
    assert "knee bent" in prone["variants"]


# --- notebook 05's client with lateral hip pain ------------------------------------------


def test_the_hip_pain_client_case_suggests_no_compressive_exercise(
    with_emg: pd.DataFrame,
) -> None:
    rows = client_case_exercises("lateral_hip_pain", load_exercises(), load_emg())
    suggested = set(rows["exercise_id"])
    compressive = set(with_emg.loc[with_emg["adduction_compression"] == "yes", "exercise_id"])
    assert suggested and not suggested & compressive
    expected = with_emg[
        (with_emg["position"] != "standing")
        & (with_emg["adduction_compression"] != "yes")
        & (with_emg["equipment"] == "none")
    ]
    assert suggested == set(expected["exercise_id"])
    assert {"glute_bridge", "single_leg_bridge"} <= suggested  # bridges are no longer hidden


def test_the_client_case_table_shows_the_shortlist_and_not_side_lying_work() -> None:
    html = client_case_table("lateral_hip_pain")._repr_html_()
    names = load_exercises().set_index("exercise_id")["name"]
    assert "Glute bridge (both legs)" in html
    assert names["side_lying_hip_abduction"] not in html
    assert names["clam"] not in html


def test_unknown_client_case_and_choices_are_named() -> None:
    with pytest.raises(ValueError, match="unknown client case 'x'") as raised:
        client_case_exercises("x", load_exercises(), load_emg())
    known = sorted(str(raised.value).split("known: ")[1].split(", "))
    assert known == sorted(CLIENT_CASES)  # every case named, separated by commas
    with pytest.raises(ValueError, match="unknown stage 'acute'"):
        ProgrammeChoice(stage="acute")
    with pytest.raises(ValueError, match="unknown equipment 'pool'"):
        ProgrammeChoice(equipment="pool")
    with pytest.raises(ValueError, match="unknown goal 'speed'"):
        ProgrammeChoice(goal="speed")


# --- every combination of choices, against pandas ----------------------------------------


def _expected(with_emg: pd.DataFrame, stage: str, equipment: str, pain: bool) -> set[str]:
    rows = with_emg
    if stage == "high":
        rows = rows[rows["position"] != "standing"]
    if stage != "low":
        rows = rows[rows["exercise_id"] != "hop"]
    if equipment == "bodyweight":
        rows = rows[rows["equipment"] == "none"]
    elif equipment == "home":
        rows = rows[
            rows["equipment"].isin(["none", "elastic band", "box or step", "elastic band or cable"])
        ]
    if pain:
        rows = rows[rows["adduction_compression"] != "yes"]
    return set(rows["exercise_id"])


@pytest.mark.parametrize(
    ("goal", "stage", "equipment", "pain"),
    list(itertools.product(GOALS, STAGES, EQUIPMENT_LEVELS, (False, True))),
)
def test_every_combination_matches_pandas(
    with_emg: pd.DataFrame, goal: str, stage: str, equipment: str, pain: bool
) -> None:
    choice = ProgrammeChoice(goal=goal, stage=stage, equipment=equipment, lateral_hip_pain=pain)
    rows = select_exercises(load_exercises(), load_emg(), choice)
    assert set(rows["exercise_id"]) == _expected(with_emg, stage, equipment, pain)
    flagged = set(rows.loc[rows["compression_flag"], "exercise_id"])
    csv = with_emg.set_index("exercise_id")["adduction_compression"]
    may_compress = {e for e in rows["exercise_id"] if csv[e] == "if_hip_adducts"}
    assert flagged == (may_compress if pain else set())


def test_both_ends_of_the_ranges() -> None:
    """Low irritability with a gym is the widest choice; high, bodyweight and pain the narrowest."""
    exercises, emg = load_exercises(), load_emg()
    widest = select_exercises(exercises, emg, ProgrammeChoice(stage="low", equipment="gym"))
    narrowest = select_exercises(
        exercises, emg, ProgrammeChoice(stage="high", equipment="bodyweight", lateral_hip_pain=True)
    )
    assert "hop" in set(widest["exercise_id"]) and "hop" not in set(narrowest["exercise_id"])
    assert set(narrowest["exercise_id"]) < set(widest["exercise_id"])


def test_evidence_summary_is_the_highest_single_value_per_muscle() -> None:
    emg = pd.read_csv(DATA / "emg_activation.csv")
    single = emg[emg["statistic"].isin(SINGLE_VALUES)]
    rows = select_exercises(load_exercises(), load_emg(), ProgrammeChoice()).set_index(
        "exercise_id"
    )
    bridge = single[single["exercise_id"] == "glute_bridge"]
    gmed = bridge.loc[bridge["muscle"] == "gluteus_medius", "pct_mvic"].max()
    assert rows.loc["glute_bridge", "max_gmed_pct_mvic"] == gmed
    assert rows.loc["glute_bridge", "emg_values"] == len(bridge)
    assert rows.loc["glute_bridge", "emg_studies"] == bridge["study_id"].nunique()


def test_shortlist_html_escapes_and_says_when_nothing_fits() -> None:
    rows = select_exercises(load_exercises(), load_emg(), ProgrammeChoice()).head(1).copy()
    rows["name"] = "<script>alert(1)</script>"
    html = shortlist_html(rows)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "No exercise in the course's data fits" in shortlist_html(rows.iloc[0:0])


# ---------------------------------------------------------------- dose card safety rules


@pytest.fixture(scope="module")
def csv_dosage() -> pd.DataFrame:
    return pd.read_csv(DATA / "dosage.csv", keep_default_na=False)


def test_heavy_loading_rows_are_the_ones_reaching_1_to_6_rm(csv_dosage: pd.DataFrame) -> None:
    expected = set(csv_dosage.loc[csv_dosage["intensity"].str.contains("1-6 RM"), "row_id"])
    assert expected  # the data has heavy-loading rows, so the rule can fail
    assert set(csv_dosage.loc[heavy_loading(load_dosage()), "row_id"]) == expected


@pytest.mark.parametrize(("stage", "pain"), list(itertools.product(STAGES, (False, True))))
def test_strength_dose_card_hides_heavy_loading_for_pain_or_high_irritability(
    csv_dosage: pd.DataFrame, stage: str, pain: bool
) -> None:
    choice = ProgrammeChoice(goal="strength", stage=stage, lateral_hip_pain=pain)
    shown = set(dose_rows(load_dosage(), choice)["row_id"])
    strength = csv_dosage[csv_dosage["goal"].isin(["strength", "progression"])]
    heavy = set(strength.loc[strength["intensity"].str.contains("1-6 RM"), "row_id"])
    novice = set(strength.loc[strength["population"].str.startswith("novice"), "row_id"])
    assert novice <= shown  # both ends: the novice dose is always there
    if pain or stage == "high":
        assert not heavy & shown
        assert HEAVY_LEFT_OUT in dose_notes(choice)
    else:
        assert heavy <= shown
        assert HEAVY_LEFT_OUT not in dose_notes(choice)
    assert (SYMPTOMS_SET_THE_LOAD in dose_notes(choice)) == (pain or stage != "low")


def test_rehabilitation_dose_card_says_what_the_trial_programmes_are() -> None:
    without = dose_notes(ProgrammeChoice(goal="rehabilitation"))
    with_pain = dose_notes(ProgrammeChoice(goal="rehabilitation", lateral_hip_pain=True))
    # the only rehabilitation rows with a dose are the static holds of the LEAP programme
    dose = pd.read_csv(DATA / "dosage.csv", keep_default_na=False)
    rehab = dose[dose["goal"] == "rehabilitation"]
    given = rehab[(rehab["repetitions"] != "") | (rehab["intensity"] != "")]
    assert list(given["study_id"]) == ["mellor2016"]
    assert "(static hip abduction)" in given["repetitions"].iloc[0]
    assert given["intensity"].iloc[0].startswith("light")
    assert (given[["sets"]] == "").all().all()
    assert "light static holds" in " ".join(without) and "light static holds" in " ".join(with_pain)
    assert "loads of the other exercises are not given" in " ".join(without)
    assert "its other exercises are not given" in " ".join(with_pain)


@pytest.mark.parametrize(("stage", "pain"), list(itertools.product(STAGES, (False, True))))
def test_the_standing_hold_waits_for_standing_only_with_high_irritability(
    stage: str, pain: bool
) -> None:
    # The card's trial holds include a standing one, while the high-irritability rule lists
    # nothing standing: the card says to start lying down exactly when both are shown.
    choice = ProgrammeChoice(goal="rehabilitation", stage=stage, lateral_hip_pain=pain)
    card = dose_rows(load_dosage(), choice)
    standing_hold = card["repetitions"].astype(str).str.contains("standing").any()
    says_lying_first = HOLDS_LYING_FIRST in dose_notes(choice)
    nothing_standing = "nothing standing" in rules_applied(choice)[0]
    assert says_lying_first == (pain and standing_hold and nothing_standing)
    assert says_lying_first == (pain and stage == "high")


def test_high_irritability_rule_names_side_positions_only_without_lateral_hip_pain(
    with_emg: pd.DataFrame,
) -> None:
    with_pain = rules_applied(ProgrammeChoice(stage="high", lateral_hip_pain=True))[0]
    without = rules_applied(ProgrammeChoice(stage="high"))[0]
    assert "front-plank" in with_pain and "side planks stay out" in with_pain
    assert "side-plank" in without and "side" in without
    # the rule text matches what is listed: side positions only without lateral hip pain
    listed = select_exercises(load_exercises(), load_emg(), ProgrammeChoice(stage="high"))
    side = with_emg[with_emg["position"].isin(["side_lying", "side_plank"])]
    assert set(side["exercise_id"]) <= set(listed["exercise_id"])
    listed_pain = select_exercises(
        load_exercises(), load_emg(), ProgrammeChoice(stage="high", lateral_hip_pain=True)
    )
    assert not set(side["exercise_id"]) & set(listed_pain["exercise_id"])


def test_shortlist_names_the_muscles_in_words() -> None:
    rows = select_exercises(load_exercises(), load_emg(), ProgrammeChoice())
    html = shortlist_html(rows)
    assert "maximus " in html and "medius " in html and "max " not in html
    blank = rows.head(1).copy()
    blank["max_gmax_pct_mvic"] = float("nan")
    assert "— (no data)" in shortlist_html(blank)


def test_training_days_note_only_for_strength() -> None:
    for goal in GOALS:
        for stage in STAGES:
            notes = dose_notes(ProgrammeChoice(goal=goal, stage=stage))
            assert notes.count(TRAINING_DAYS) == (goal == "strength"), (goal, stage)
            assert None not in notes
    assert dose_notes(ProgrammeChoice(goal="hypertrophy", stage="low")) == []


def test_rules_end_with_the_evidence_rule_and_name_the_lateral_hip_pain_rule() -> None:
    plain = rules_applied(ProgrammeChoice(stage="low"))
    pain = rules_applied(ProgrammeChoice(stage="low", lateral_hip_pain=True))
    assert len(pain) == len(plain) + 1
    assert plain[-1] == pain[-1]
    assert plain[-1].startswith("Only exercises with at least one EMG value")
    assert pain[-2].startswith("Lateral hip pain: positions that load the lateral hip")
    assert pain[-2].endswith("single-leg positions are flagged.")


def test_unknown_choices_list_the_known_ones() -> None:
    with pytest.raises(ValueError, match=f"; known: {', '.join(STAGES)}$"):
        ProgrammeChoice(stage="acute")
    with pytest.raises(ValueError, match=r"; known: lateral_hip_pain$"):
        client_case_exercises("knee_pain", load_exercises(), load_emg())


def test_evidence_summary_gives_the_highest_gluteus_maximus_value() -> None:
    emg = pd.read_csv(DATA / "emg_activation.csv")
    single = emg[emg["statistic"].isin(SINGLE_VALUES)]
    gmax = single[single["muscle"] == "gluteus_maximus"].groupby("exercise_id")["pct_mvic"].max()
    rows = select_exercises(load_exercises(), load_emg(), ProgrammeChoice(stage="low"))
    shown = rows.set_index("exercise_id")["max_gmax_pct_mvic"].dropna()
    assert len(shown) > 5
    assert shown.to_dict() == gmax.loc[shown.index].to_dict()
    assert set(gmax.index) & set(rows["exercise_id"]) == set(shown.index)
