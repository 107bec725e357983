"""Numbers quoted in the prose and quizzes of notebooks 09-12, checked against data/ with pandas."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _markdown(name: str) -> str:
    notebook = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return "\n".join(
        "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
    )


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", keep_default_na=False).set_index("row_id")


def _quiz(notebook: str) -> str:
    items = yaml.safe_load((DATA / "quizzes.yaml").read_text(encoding="utf-8"))
    return "\n".join(
        i["question"] + " " + i["explanation"] for i in items if i["notebook"] == notebook
    )


def test_lateral_hip_pain_numbers_match_the_data() -> None:
    text = _markdown("10_lateral_hip_pain.ipynb")
    trials, dose, tests = _csv("trials"), _csv("dosage"), _csv("assessment_tests")
    for row, quoted in (
        ("mellor2018-01", "77%"),
        ("mellor2018-02", "58%"),
        ("mellor2018-03", "29%"),
    ):
        events, total = int(trials.loc[row, "events"]), int(trials.loc[row, "total"])
        assert f"{round(events / total * 100)}%" == quoted
        assert quoted in text
    assert "49.1%" in trials.loc["mellor2018-04", "result"] and "49.1 percentage points" in text
    assert "number needed to treat 2.0" in trials.loc["mellor2018-04", "result"]
    assert "needed to treat of 2.0" in text
    assert "19.9%" in trials.loc["mellor2018-06", "result"] and "19.9 points" in text
    assert "number needed to treat 5.0" in trials.loc["mellor2018-06", "result"]
    assert "needed to treat of 5.0" in text
    assert "14 physiotherapy sessions over 8 weeks" in dose.loc["mellor2018-01", "frequency"]
    assert "14 sessions over 8 weeks" in text
    assert "aged 35-70" in dose.loc["mellor2018-01", "population"] and "aged 35-70" in text
    # 52 weeks: percentages as reported, one row per arm
    for row, arm in (("mellor2018-07", "78%"), ("mellor2018-08", "57%"), ("mellor2018-09", "52%")):
        assert trials.loc[row, "time_point"] == "52 weeks"
        assert trials.loc[row, "result"] == f"{arm} reported success"
    assert "success in 78% with education plus exercise, 57% with the injection and 52%" in text
    # the confidence interval of the EDX-against-CSI number needed to treat
    assert "5.0 (2.9 to 21.1)" in trials.loc["mellor2018-06", "result"]
    assert "95% CI 2.9 to 21.1" in text
    # NNT = 100 / risk difference (percentage points), as the definition says
    for row, nnt in (("mellor2018-04", 2.0), ("mellor2018-06", 5.0)):
        rd = float(trials.loc[row, "result"].split("risk difference ")[1].split("%")[0])
        assert round(100 / rd, 1) == nnt
    assert "100 divided by the risk difference" in text
    # who took part: 167 of 204 were women
    studies = pd.read_csv(DATA / "studies.csv").set_index("study_id")
    assert "167 of the 204 participants were women" in studies.loc["mellor2018", "note"]
    assert studies.loc["mellor2018", "sample"].startswith("204 adults aged 35-70")
    assert f"{round(167 / 204 * 100)}% were women" in text and "randomised 204 adults" in text
    assert "reassurance" in trials.loc["mellor2018-03", "note"] and "reassurance" in text
    lequesne, grimaldi = tests.loc["lequesne2008-01"], tests.loc["grimaldi2017-01"]
    grimaldi_sens = tests.loc["grimaldi2017-02"]
    assert int(lequesne["n"]) == 17 and "In 17 patients".lower() in text.lower()
    assert lequesne["value_reported"] == "sensitivity 100%; specificity 97.3%"
    assert "sensitivity was 100% and specificity 97.3%" in text
    assert "mean age 68.1" in lequesne["note"] and "mean age of 68" in text
    assert "without hip pain" in lequesne["note"] and "measured in people without hip pain" in text
    assert int(grimaldi["n"]) == 65 and "in 65 people" in text
    assert grimaldi["source_kind"] == "abstract"
    assert grimaldi["value_reported"].startswith("specificity 100%")
    assert "50% pre-test probability rises to 98%" in grimaldi["value_reported"]
    assert "specificity of 100%" in text and "50% pre-test probability" in text
    assert "to about 98%" in text
    assert grimaldi_sens["value_reported"] == "sensitivity 38%"
    assert grimaldi_sens["source_kind"] == "secondary_summary"
    assert "Its sensitivity was 38%, according to a published summary" in text
    assert "30 seconds" in lequesne["test"] and "30 seconds" in grimaldi["test"]


def test_lateral_hip_pain_quiz_numbers_match_the_data() -> None:
    text = _quiz("10_lateral_hip_pain")
    trials = _csv("trials")
    for row in ("mellor2018-01", "mellor2018-02", "mellor2018-03"):
        assert f"{int(trials.loc[row, 'events'])} of {int(trials.loc[row, 'total'])}" in text
    assert "sensitivity was 38%" in text
    assert "38%" in _csv("assessment_tests").loc["grimaldi2017-02", "value_reported"]
    # isometric holds: the borrowed evidence and the pilot trial
    assert int(trials.loc["rio2015-01", "n_arm"]) == 6 and "6 volleyball players" in text
    assert trials.loc["rio2015-01", "condition"] == "patellar tendinopathy"
    assert "with patellar tendinopathy" in text
    assert "12 weeks" in trials.loc["clifford2019-01", "arm"] and "between 12 weeks" in text
    assert trials.loc["clifford2019-07", "result"].startswith("no difference")
    assert "found no difference" in text


def test_hip_function_numbers_match_the_data() -> None:
    text = _markdown("09_hip_function_assessment.ipynb") + _quiz("09_hip_function_assessment")
    raw = pd.read_csv(DATA / "nerve_block_abduction.csv")
    force = raw.set_index(["hip_position", "block"])["abduction_force_n"]

    def change(position: str, block: str) -> int:
        return round(
            (force[position, block] - force[position, "none"]) / force[position, "none"] * 100
        )

    assert (change("flexion_30", "gmed_gmin"), change("neutral", "gmed_gmin")) == (-62, -62)
    assert change("extension_30", "gmed_gmin") == -47
    assert "62% in flexion and in neutral, and by 47% in extension" in text
    gmax = (change("flexion_30", "gmax"), change("neutral", "gmax"), change("extension_30", "gmax"))
    assert gmax == (-56, -46, -19)
    assert "56% in flexion, 46% in neutral and 19% in extension" in text
    # the authors' range does not contain the computed extension value, and the prose says so
    assert not 43 <= -gmax[2] <= 56 and "does not match these averages exactly" in text
    assert "sequential" in raw.loc[0, "note"] and "one after another" in text
    tfl = (change("flexion_30", "tfl"), change("neutral", "tfl"), change("extension_30", "tfl"))
    assert tfl == (-15, -6, 26)
    assert "-15% in flexion and -6% in neutral" in text and "26% *higher*" in text
    assert "43%-56%" in raw.loc[0, "note"] and "a 43-56% loss depending on the position" in text
    assert raw["row_id"].str.startswith("hoch").all() and "Ten people" in text
    studies = pd.read_csv(DATA / "studies.csv").set_index("study_id")
    assert studies.loc["hoch_abduction", "sample"] == "10 participants"
    tests = _csv("assessment_tests")
    thorborg = tests.loc["thorborg2010-01"]
    assert int(thorborg["n"]) == 9 and "In 9 active adults" in text
    assert "3-12%" in thorborg["value_reported"] and "by 3-12% between sessions" in text
    assert "below 5% for abduction and below 8% for extension" in thorborg["value_reported"]
    assert "below 5% for abduction and below 8% for extension" in text
    krause = tests.loc["krause2014-01"]
    assert krause["value_reported"] == "intrarater 0.82 to 0.97; interrater 0.81 to 0.98"
    assert "were 0.82 to 0.97 and interrater ICCs 0.81 to 0.98" in text
    assert "intrarater ICCs (intraclass correlation coefficients" in text
    ressman = tests.loc["ressman2019-01"]
    assert ressman["population"] == "31 reliability studies" and "Across 31 studies" in text
    assert "inter-rater 0.58" in ressman["value_reported"] and "0.58 (moderate)" in text
    assert "intrarater 0.68" in ressman["value_reported"] and "0.68 (substantial)" in text
    kendall = tests.loc["kendall2013-01"]
    assert int(kendall["n"]) == 9 and "In 9 healthy men" in text
    assert "52%" in kendall["value_reported"] and "by 52% on average" in text
    assert "30% of body weight" in kendall["note"] and "30% of body weight" in text


def test_what_hip_training_changes_numbers_match_the_data() -> None:
    text = _markdown("12_what_hip_training_changes.ipynb") + _quiz("12_what_hip_training_changes")
    trials, dose = _csv("trials"), _csv("dosage")
    studies = pd.read_csv(DATA / "studies.csv").set_index("study_id")
    samples = {
        "ferber2015": ("199 patients", "In 199 patients"),
        "palmer2015": ("29 asymptomatic", "In 29 volunteers"),
        "willy2011": ("20 healthy female runners", "In 20 healthy female runners"),
        "kendall2015": ("80 adults", "In 80 adults"),
        "fukuda2021": ("70 patients", "In 70 patients"),
        "bennell2014": ("102 community volunteers", "In 102 people"),
    }
    for study, (in_data, in_text) in samples.items():
        assert studies.loc[study, "sample"].startswith(in_data), study
        assert in_text in text, study
    assert trials.loc["ferber2015-01", "time_point"] == "6 weeks" and "6 weeks of hip" in text
    assert "1 week earlier" in trials.loc["ferber2015-01", "result"] and "1 week earlier" in text
    assert trials.loc["palmer2015-01", "time_point"] == "5 weeks" and "5 weeks of either" in text
    assert (
        trials.loc["willy2011-01", "time_point"] == "6 weeks"
        and "6 weeks of hip strengthening" in text
    )
    willy = trials.loc["willy2011-01"]
    assert willy["source_kind"] == "abstract"
    assert "pelvic drop decreased" in willy["result"] and "pelvic drop in the trained" in text
    assert "no significant change in hip or knee mechanics during running" in willy["result"]
    assert "running mechanics did not change" in text
    assert int(trials.loc["willy2011-02", "n_arm"]) == 10 and "10 untrained controls" in text
    assert "conference abstract" in trials.loc["kendall2015-03", "locator"]
    assert "2014 conference abstract" in text
    assert trials.loc["bennell2014-01", "source_kind"] == "secondary_summary"
    assert "news report" in trials.loc["bennell2014-01", "locator"] and "news report" in text
    assert trials.loc["kendall2015-01", "result"].startswith("-20.9 mm") and "-20.9 mm" in text
    assert trials.loc["kendall2015-02", "result"].startswith("-24.9 mm") and "-24.9 mm" in text
    assert "-4.0 mm (95% CI -11.5 to 3.5)" in trials.loc["kendall2015-03", "result"]
    assert "-4.0 mm (95% CI -11.5 to 3.5)" in text
    assert trials.loc["kendall2015-01", "time_point"] == "6 weeks" and "over 6 weeks" in text
    assert "6 and 12 months" in trials.loc["fukuda2021-01", "time_point"]
    assert "6 months or 12 months" in text
    active, sham = trials.loc["bennell2014-01"], trials.loc["bennell2014-02"]
    assert (
        (int(active["n_arm"]), int(sham["n_arm"])) == (49, 53)
        and "49 had" in text
        and "53 a sham" in text
    )
    assert active["result"] == "58.8 at baseline, 40.1 at 13 weeks"
    assert sham["result"] == "58.0 at baseline, 35.2 at 13 weeks"
    assert "from 58.8 to 40.1" in text and "from 58.0 to 35.2" in text and "at 13 weeks" in text
    assert (
        "12 weeks" in dose.loc["bennell2014-01", "duration"]
        and "12 weeks of physical therapy" in text
    )


def test_programming_numbers_match_the_data() -> None:
    text = _markdown("11_programming_and_cueing.ipynb") + _quiz("11_programming_and_cueing")
    dose, trials = _csv("dosage"), _csv("trials")
    novice, intermediate, advanced = (dose.loc[f"acsm2009-0{i}"] for i in (1, 2, 3))
    assert "8-12 repetition maximum" in novice["intensity"] and "loads of 8-12 RM" in text
    assert novice["frequency"] == "2-3 days per week" and "2-3 days a week" in text
    assert intermediate["frequency"] == "3-4 days per week" and "3-4 days a week" in text
    assert advanced["frequency"] == "4-5 days per week" and "4-5 days a week" in text
    assert "1 to 12 RM" in intermediate["intensity"] and "range of 1-12 RM" in text
    assert "(1-6 RM)" in intermediate["intensity"] and "(1-6 RM)" in text
    assert intermediate["rest"].startswith("3-5 min") and "3-5 minutes of rest" in text
    progression = dose.loc["acsm2009-04", "progression"]
    assert "2-10%" in progression and "one to two repetitions" in progression
    assert "by 2-10% when" in text and "one to two repetitions" in text
    refalo = dose.loc["refalo2023-01"]
    assert "(15 studies)" in refalo["population"] and "Across 15 studies" in text
    assert "0.19 (95% CI 0.00 to 0.37)" in refalo["proximity_to_failure"]
    assert "95% CI 0.00 to 0.37" in text
    assert "effect size 0.19, a standardised difference" in text
    assert "0.12 (95% CI -0.13 to 0.37)" in refalo["proximity_to_failure"]
    assert "0.12, -0.13 to 0.37" in text
    first, second, strength = (trials.loc[f"seynnes2007-0{i}"] for i in (1, 2, 3))
    assert int(first["n_arm"]) == 7 and "In 7 young volunteers" in text
    assert "3 times a week" in first["arm"] and "3 times a week" in text
    assert (first["time_point"], second["time_point"]) == ("20 days", "35 days")
    assert first["result"].startswith("+3.5% and +5.2%") and "3.5% and 5.2%" in text
    assert second["result"] == "+6.5% and +7.4%" and "6.5% and 7.4% after 35 days" in text
    assert strength["result"] == "+38.9% and +34.8%"
    assert "strength rose by 38.9% and EMG activity by 34.8%" in text
    kristiansen = trials.loc["kristiansen2018-01"]
    assert (
        "60% of 3-repetition maximum" in kristiansen["outcome"]
        and "13 muscles" in kristiansen["outcome"]
    )
    assert "in 6 upper-body muscles" in kristiansen["result"] and "in 6 of 13 muscles" in text
    assert "21 participants" in kristiansen["note"] and "In 21 resistance-trained men" in text
    internal, external = trials.loc["schoenfeld2018-01"], trials.loc["schoenfeld2018-02"]
    assert (int(internal["n_arm"]), int(external["n_arm"])) == (15, 15) and "(15 per group)" in text
    studies = pd.read_csv(DATA / "studies.csv").set_index("study_id")
    assert (
        studies.loc["schoenfeld2018", "sample"].startswith("30 untrained")
        and "30 untrained men" in text
    )
    assert (internal["result"], external["result"]) == ("+12.4%", "+6.9%")
    assert "by 12.4% with an internal focus and by 6.9% with an external focus" in text
    assert internal["time_point"] == "8 weeks" and "for 8 weeks" in text
    assert "4 sets of 8-12 repetitions" in internal["note"] and "4 sets of 8-12 repetitions" in text


def test_gluteus_maximus_task_findings_match_the_data() -> None:
    text = _markdown("09_hip_function_assessment.ipynb")
    tasks = _csv("task_demands")
    assert tasks.loc["lieberman2006-01", "task"] == "level and uphill walking"
    assert "mostly quiescent" in tasks.loc["lieberman2006-01", "finding"]
    assert "mostly quiet in level and uphill walking" in text
    assert "increases substantially" in tasks.loc["lieberman2006-02", "finding"]
    assert "rises substantially in running" in text
    assert "decelerate the swing leg" in tasks.loc["lieberman2006-03", "finding"]
    assert "slows the swinging leg" in text
    assert "greatest" in tasks.loc["bartlett2013-01", "finding"] and "greatest in sprinting" in text
    assert "both greater than in walking" in tasks.loc["bartlett2013-02", "finding"]
    assert "similar in running and climbing, both above walking" in text


def test_gait_patterns_are_taught_from_the_traced_rows() -> None:
    """Trendelenburg gait, its compensated form and the gluteus maximus lurch, as the rows say."""
    text = _markdown("09_hip_function_assessment.ipynb")
    rows = _csv("hip_function")
    gait = rows[rows["topic"] == "gait_pattern"]
    assert set(gait["study_id"]) == {
        "statpearls_trendelenburg_gait",
        "mskmedicine_trendelenburg",
        "wikimsk_gmax",
    }
    drop = rows.loc["statpearls_trendelenburg_gait-01"]
    assert drop["source_kind"] == "abstract"  # only the chapter's summary was read
    assert "drooping of the pelvis to the contralateral side" in drop["finding"]
    assert "let the pelvis drop to the opposite side during each stance phase" in text
    lean = rows.loc["mskmedicine_trendelenburg-01"]
    assert lean["source_kind"] == "secondary_summary"
    assert "leans to the affected side during stance" in lean["finding"]
    assert "does not sag" in lean["finding"] and "does not sag" in text
    assert "**compensated Trendelenburg gait** [MSK Medicine: Trendelenburg gait]" in text
    heel, lurch = rows.loc["wikimsk_gmax-01"], rows.loc["wikimsk_gmax-02"]
    assert "arresting hip flexion" in heel["finding"] and "stops the hip flexing further" in text
    assert "slowing the forward motion of the trunk" in heel["finding"]
    assert "slows the forward movement of the trunk" in text
    assert "backward lurch of the trunk" in lurch["finding"] and "heel strike" in lurch["finding"]
    assert "the trunk lurches backward at heel strike on the weak side" in text
    assert {heel["source_kind"], lurch["source_kind"]} == {"secondary_summary"}
    assert "clinical teaching sources, not from measurement studies" in text
    # every source cited in the gait section is in the notebook's reference list
    notebook = json.loads(
        (ROOT / "notebooks" / "09_hip_function_assessment.ipynb").read_text(encoding="utf-8")
    )
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    listed = code[code.index("glutelab.reference_list(") :]
    for study in set(rows["study_id"]):
        assert f'"{study}"' in listed, study


def test_sit_to_stand_and_lifting_findings_match_the_data() -> None:
    text = _markdown("09_hip_function_assessment.ipynb")
    tasks = _csv("task_demands")
    studies = pd.read_csv(DATA / "studies.csv", keep_default_na=False).set_index("study_id")
    gavin = tasks.loc["gavin2018-01"]
    assert gavin["source_kind"] == "abstract" and gavin["task"].startswith("sit-to-stand")
    assert studies.loc["gavin2018", "sample"].startswith("24 healthy older adults")
    assert "In 24 healthy older adults" in text
    assert "all five recorded muscles, gluteus maximus among them" in gavin["finding"]
    assert "over 40% of maximal" in gavin["finding"]
    assert "all five recorded muscles, gluteus maximus among them, above 40% of their maximum" in (
        text
    )
    assert "four isometric bed exercises" in gavin["finding"] and "four isometric exercises" in text
    assert "chair rising phase" in gavin["finding"] and "peaked as they rose from the chair" in text
    assert "ten, ~5 s submaximal contractions" in gavin["note"]
    assert "The bed exercises were deliberately held below maximum" in text
    assert "no value for gluteus maximus alone" in gavin["note"]
    assert "the study's summary gives no value for gluteus maximus alone" in text
    vakos = tasks.loc["vakos1994-01"]
    assert studies.loc["vakos1994", "sample"] == "17 healthy men" and "In 17 healthy men" in text
    assert "157-N crate" in vakos["task"] and "lifting a 157-N crate" in text
    newtons = float(re.search(r"(\d+)-N crate", vakos["task"]).group(1))  # type: ignore[union-attr]
    kilograms = round(newtons / 9.80665)  # standard gravity
    assert f"crate (a mass of about {kilograms} kg)" in text
    assert "least in the first quarter" in vakos["finding"] and "first quarter of the lift" in text
    assert "biceps femoris and semitendinosus" in vakos["finding"]
    assert "biceps femoris and semitendinosus" in text
    leinonen, pain = tasks.loc["leinonen2000-01"], tasks.loc["leinonen2000-02"]
    assert studies.loc["leinonen2000", "sample"] == (
        "19 women with chronic low back pain and 19 without"
    )
    assert "in the 19 with chronic low back pain" in text and "than in the 19 without pain" in text
    assert "activated before gluteus maximus" in leinonen["finding"]
    assert "switched on after the lumbar paraspinal muscles and biceps femoris" in text
    assert "shorter" in pain["finding"] and "ended earlier during extension" in pain["finding"]
    assert "its activity was shorter during the bend, and ended earlier on the way up" in text
    assert {gavin["source_kind"], vakos["source_kind"], pain["source_kind"]} == {"abstract"}


def test_the_hip_extensors_are_taught_from_the_traced_rows() -> None:
    text = _markdown("09_hip_function_assessment.ipynb")
    rows = _csv("hip_function")
    partners, group = rows.loc["neumann2010-01"], rows.loc["neumann2010-02"]
    assert {partners["source_kind"], group["source_kind"]} == {"secondary_summary"}
    assert "according to a published summary of a review [Neumann 2010]" in text
    assert "recognised assistant to hip extension" in partners["finding"]
    assert "The hamstrings (semimembranosus, semitendinosus and the long head of biceps" in text
    assert (
        "posterior head of adductor magnus has a greater cross-sectional area"
        in (partners["finding"])
    )
    # the summary's comparison is ambiguous, so the notebook states only a large cross-section
    assert "has a greater cross-sectional area" in partners["finding"]
    assert "adductor magnus, a muscle with a large cross-section" in text
    assert "than the hamstrings" not in text
    assert "more torque than any other muscle group of the hip" in group["finding"]
    assert "torque potential increases with hip flexion" in group["finding"]
    assert "more torque than any other muscle group of the hip, and more with the hip flexed" in (
        text
    )


def test_prone_hip_extension_finding_matches_the_data() -> None:
    text = _markdown("09_hip_function_assessment.ipynb")
    row = _csv("hip_function").loc["pmid29601221-01"]
    studies = pd.read_csv(DATA / "studies.csv", keep_default_na=False).set_index("study_id")
    assert studies.loc["pmid29601221", "sample"] == "22 healthy participants"
    assert "22 healthy participants" in row["note"] and "In 22 healthy people" in text
    assert row["source_kind"] == "abstract"
    assert (
        "did not differ significantly" in row["finding"] and "did not differ significantly" in text
    )
    assert (
        "adductor magnus and the hamstrings were more active than gluteus maximus"
        in (row["finding"])
    )
    assert "(adduction), adductor magnus and the hamstrings were more active than gluteus" in text
    assert "gluteus maximus was more active than adductor magnus" in row["finding"]
    assert "(abduction), gluteus maximus was the more active" in text


def _extension_arms_mm() -> pd.DataFrame:
    """Extension moment arms (mm, positive extends) at 0 and 90 degrees of hip flexion, neutral
    adduction and rotation, read from the CSV with pandas (not with glutelab)."""
    arms = pd.read_csv(DATA / "hip_moment_arms.csv")
    neutral = arms[
        (arms["hip_adduction_deg"] == 0)
        & (arms["hip_rotation_deg"] == 0)
        & arms["hip_flexion_deg"].isin([0, 90])
    ].copy()
    neutral["extension_mm"] = -neutral["flexion_moment_arm_mm"]
    groups = {
        "gluteus_maximus": "gluteus_maximus",
        "adductor_magnus": "adductor_magnus",
        "semimembranosus": "hamstrings",
        "semitendinosus": "hamstrings",
        "biceps_femoris": "hamstrings",
    }
    neutral = neutral[neutral["muscle"].isin(list(groups))]
    neutral["group"] = neutral["muscle"].map(groups)
    return neutral


def test_hip_extensor_moment_arms_in_the_prose_match_the_model_table() -> None:
    text = _markdown("09_hip_function_assessment.ipynb")
    arms = _extension_arms_mm()
    assert arms.groupby("group")["muscle_id"].nunique().to_dict() == {
        "adductor_magnus": 3,
        "gluteus_maximus": 3,
        "hamstrings": 3,
    }

    def span(group: str, flexion: int) -> str:
        values = arms[(arms["group"] == group) & (arms["hip_flexion_deg"] == flexion)]
        low, high = values["extension_mm"].min(), values["extension_mm"].max()
        return f"{round(low)} to {round(high)} mm"

    assert span("gluteus_maximus", 0) == "46 to 73 mm"  # a hand check of the reading itself
    straight = (
        f"the three gluteus maximus compartments have extension moment arms of "
        f"{span('gluteus_maximus', 0)}, the hamstrings {span('hamstrings', 0)} and adductor "
        f"magnus {span('adductor_magnus', 0)}"
    )
    assert straight in text
    flexed = (
        f"At 90° of flexion gluteus maximus keeps {span('gluteus_maximus', 90)}, its upper "
        f"compartment least, while adductor magnus has {span('adductor_magnus', 90)} and the "
        f"hamstrings {span('hamstrings', 90)}."
    )
    assert flexed in text
    at = arms.set_index(["muscle_id", "hip_flexion_deg"])["extension_mm"]
    # its largest (with the hip straight) is the ischiocondylar part of adductor magnus
    straight_magnus = arms[(arms["muscle"] == "adductor_magnus") & (arms["hip_flexion_deg"] == 0)]
    largest = straight_magnus.sort_values("extension_mm")["region"].iloc[-1]
    assert largest == "ischiocondylar" and "its largest is the ischiocondylar part" in text
    # the upper gluteus maximus compartment has the least at 90 degrees
    flexed_gmax = arms[(arms["group"] == "gluteus_maximus") & (arms["hip_flexion_deg"] == 90)]
    assert flexed_gmax.sort_values("extension_mm")["muscle_id"].iloc[0] == "glut_max1_r"
    # more leverage than any part of gluteus maximus; hamstrings more than its upper and middle
    magnus90 = [at[m, 90] for m in ("add_mag1_r", "add_mag2_r", "add_mag3_r")]
    gmax90 = {m: at[m, 90] for m in ("glut_max1_r", "glut_max2_r", "glut_max3_r")}
    hamstrings90 = [at[m, 90] for m in ("semimem_r", "semiten_r", "bifemlh_r")]
    assert min(magnus90) > max(gmax90.values())
    assert min(hamstrings90) > max(gmax90["glut_max1_r"], gmax90["glut_max2_r"])
    assert min(hamstrings90) < gmax90["glut_max3_r"]  # ... but not more than its lowest part
    assert "adductor magnus has more leverage for extension than any part of gluteus maximus" in (
        text
    )
    assert "and the hamstrings more than its upper and middle parts" in text
    quiz = _quiz("09_hip_function_assessment")
    assert "every adductor magnus compartment has a longer extension moment arm than any" in quiz


def test_terms_are_defined_where_they_first_appear() -> None:
    """Each statistical term is explained at or before its first use in the chapter."""
    cases = {
        "10_lateral_hip_pain.ipynb": [
            ("**number needed to treat (NNT)**", "needed to treat of"),
            ("**risk difference**", "percentage points"),
            ("**95% confidence interval (CI)**", "95% CI"),
            ("**Sensitivity:**", "sensitivity was"),
            ("**Specificity:**", "specificity 97.3%"),
        ],
        "09_hip_function_assessment.ipynb": [
            ("ICCs (intraclass correlation coefficients", "ICC"),
            ("kappa or ICC (0 means", "kappa"),
        ],
        "11_programming_and_cueing.ipynb": [
            ("effect size 0.19, a standardised difference", "effect size"),
            ("a confidence interval, the range of values", "confidence interval"),
        ],
    }
    for name, pairs in cases.items():
        text = _markdown(name)
        for definition, term in pairs:
            assert definition in text, (name, definition)
            assert text.index(definition) <= text.index(term), (name, term)
    text12 = _markdown("12_what_hip_training_changes.ipynb")
    first = text12.index("95% CI")
    paragraph_end = text12.index("\n", first)
    assert "A 95% confidence interval (CI) is the range" in text12[first:paragraph_end]


def test_no_curation_words_or_row_ids_in_learner_text() -> None:
    """Prose and quiz explanations of the clinical chapters carry no reading log or row ids."""
    names = [
        "05_training.ipynb",
        "09_hip_function_assessment.ipynb",
        "10_lateral_hip_pain.ipynb",
        "11_programming_and_cueing.ipynb",
        "12_what_hip_training_changes.ipynb",
    ]
    text = "\n".join(_markdown(n) for n in names)
    text += "\n".join(_quiz(n.removesuffix(".ipynb")) for n in names)
    for phrase in ("not seen", "every copy", "not reachable", "copy seen", "[English title"):
        assert phrase not in text, phrase
    rows = pd.concat(
        [_csv(t) for t in ("trials", "dosage", "assessment_tests", "task_demands", "hip_function")]
    ).index
    assert not [r for r in rows if r in text]


EN_DASH = "\u2013"


def _range(text: str) -> tuple[float, float]:
    """The two ends of a reported range: '55', en dash, '65'; or '7.0±2.04 to 0.17±0.41'."""
    if " to " in text:
        first, second = text.split(" to ")
        return float(first.split("±")[0]), float(second.split("±")[0])
    first, second = text.rsplit(", ", 1)[-1].split(EN_DASH)
    return float(first), float(second)


def test_isometric_holds_numbers_match_the_data() -> None:
    """The isometric passage of notebook 10: every number comes from a traced row."""
    text = _markdown("10_lateral_hip_pain.ipynb")
    trials, dose = _csv("trials"), _csv("dosage")
    studies = pd.read_csv(DATA / "studies.csv", keep_default_na=False).set_index("study_id")
    # LEAP's static holds: the shortest and longest hold in the protocol table
    holds = dose.loc["mellor2016-01"]
    assert holds["goal"] == "rehabilitation" and holds["source_kind"] == "full_text_table"
    assert "Table 3" in holds["locator"] and "s12891-016-1043-6" in holds["source_url"]
    # the table's own words are kept in the note ('Hold 5 to 10 s', 'Hold 5 to 15 s', 'BD')
    quoted = [
        float(x)
        for part in holds["note"].split("'Hold ")[1:]
        for x in part.split(" s'")[0].split(EN_DASH)
    ]
    shown = [
        float(x)
        for part in holds["repetitions"].split(" s ")[:-1]
        for x in part.split(" ")[-1].split(EN_DASH)
    ]
    assert sorted(shown) == sorted(quoted) and (min(quoted), max(quoted)) == (5.0, 15.0)
    assert f"holds of {min(quoted):.0f} to {max(quoted):.0f} seconds" in text
    assert "'BD'" in holds["note"] and holds["frequency"] == "twice a day" and "twice a day" in text
    assert "lying on the back and" in holds["repetitions"] and "standing" in holds["repetitions"]
    assert "lying on the back and standing" in text
    for word in ("bridging", "squats", "side-stepping"):
        assert word in holds["progression"] and word in text
    # the pilot trial: 30 randomised, 23 completed, 12 weeks
    assert studies.loc["clifford2019", "sample"].startswith("30 participants")
    assert "23 completed" in studies.loc["clifford2019", "sample"]
    assert "randomised 30 people" in text and "23 finished" in text
    assert "12 weeks" in trials.loc["clifford2019-01", "arm"] and "to 12 weeks of isometric" in text
    iso, ton = (
        _range(trials.loc["clifford2019-01", "result"]),
        _range(trials.loc["clifford2019-02", "result"]),
    )
    assert iso == (55.0, 65.0) and ton == (62.0, 72.0)
    assert f"from {iso[0]:.0f} to {iso[1]:.0f} with isometric" in text
    assert f"from {ton[0]:.0f} to {ton[1]:.0f} with isotonic" in text
    assert "higher scores mean less pain" in trials.loc["clifford2019-01", "note"]
    assert "higher is better" in text
    pain_iso, pain_ton = trials.loc["clifford2019-03"], trials.loc["clifford2019-04"]
    assert "at least 2 points" in pain_iso["outcome"] and "isometric" in pain_iso["arm"]
    assert "isotonic" in pain_ton["arm"]
    assert f"{float(pain_iso['value']):.0f}% and {float(pain_ton['value']):.0f}%" == "55% and 58%"
    assert "55% and 58% of the groups" in text
    assert trials.loc["clifford2019-07", "result"].startswith(
        "no difference was found between groups"
    )
    assert "found no difference between them" in text
    over = re.search(
        r"over (\d+)% of patients in both groups did not improve",
        trials.loc["clifford2019-07", "result"],
    )
    assert over is not None and float(over.group(1)) > 100 / 3
    assert "more than a third in each group did not improve" in text
    assert "one side-lying" in trials.loc["clifford2019-01", "note"]
    assert "included an exercise lying on the side" in text
    # borrowed evidence: patellar tendinopathy
    rio_iso, rio_ton = trials.loc["rio2015-01"], trials.loc["rio2015-02"]
    assert rio_iso["condition"] == "patellar tendinopathy" == rio_ton["condition"]
    assert int(rio_iso["n_arm"]) == 6 and "in 6 volleyball players" in text
    assert studies.loc["rio2015", "sample"] == "6 volleyball players with patellar tendinopathy"
    assert "(0-10)" in rio_iso["outcome"] and "out of 10" in text
    assert _range(rio_iso["result"]) == (7.0, 0.17) and "from 7.0 to 0.17 out of 10" in text
    assert _range(rio_ton["result"]) == (6.33, 3.75) and "against 6.33 to 3.75" in text
    assert "isometric" in rio_iso["arm"] and "isotonic" in rio_ton["arm"]
    # the review across tendons
    review = trials.loc["clifford2020-01"]
    assert studies.loc["clifford2020", "kind"] == "review"
    assert "10 randomised trials" in review["note"] and "review of 10 randomised trials" in text
    assert "not superior to isotonic" in review["result"]
    assert "limited evidence" in review["result"] and "found limited evidence that" in text
    poor = re.search(r"(\d+) of poor", review["note"])
    gluteal = re.search(r"gluteal \((\d+)\)", review["note"])
    assert poor is not None and f"{poor.group(1)} of them of poor quality" in text
    assert gluteal is not None and int(gluteal.group(1)) == 1
    assert "only one of the 10 was in gluteal tendons" in text
    assert "12 weeks or less" in review["time_point"] and "over up to 12 weeks" in text
    # the passage is cited
    for citation in (
        "[Mellor et al. 2016]",
        "[Clifford et al. 2019]",
        "[Rio et al. 2015]",
        "[Clifford et al. 2020]",
    ):
        assert citation in text
