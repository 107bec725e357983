"""The evidence base as shipped: valid, traced, and covering what the course promises."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

import glutelab
from glutelab.data import load_exercises, load_studies

from .conftest import DATA

MUSCLES = {"gluteus_maximus", "gluteus_medius", "gluteus_minimus"}
FAMILIES = {"hip_thrust_bridge", "side_bridge", "step_up_single_leg_squat", "lunge_split_squat"}


def test_frictionless_validates_the_package_with_no_errors() -> None:
    from frictionless import Package

    report = Package(str(DATA / "datapackage.json")).validate()
    errors = [e.message for task in report.tasks for e in task.errors]
    assert report.valid, errors
    resources = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert report.stats["tasks"] == len(resources) >= 12  # every table validated


def test_frictionless_catches_a_broken_foreign_key(data_copy) -> None:
    from frictionless import Package

    path = data_copy / "emg_activation.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["study_id"] = "nosuchstudy1999"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = Package(str(data_copy / "datapackage.json")).validate()
    assert not report.valid
    assert any(e.type == "foreign-key" for task in report.tasks for e in task.errors)


def test_every_emg_row_is_traced() -> None:
    emg = glutelab.load_emg()
    for column in ("locator", "source_kind", "source_url", "study_id", "exercise_label"):
        assert emg[column].notna().all(), column
        assert (emg[column].astype(str).str.strip() != "").all(), column


def test_every_foreign_key_resolves() -> None:
    emg = glutelab.load_emg()
    studies = set(load_studies()["study_id"])
    exercises = set(load_exercises()["exercise_id"])
    references = set(glutelab.load_references().index)
    assert set(emg["study_id"]) <= studies
    assert set(emg["exercise_id"]) <= exercises
    assert set(glutelab.load_gta_index()["study_id"]) <= studies
    assert set(glutelab.load_activation_bands()["study_id"]) <= studies
    audit = glutelab.load_citation_audit()
    assert set(audit["matched_id"].dropna()) <= studies
    better = {i for ids in audit["better_evidence_ids"].dropna() for i in ids.split(";")}
    assert better <= references
    assert studies <= references, sorted(studies - references)
    anatomy_sources = {s for ids in glutelab.load_anatomy()["source_ids"] for s in ids.split(";")}
    assert anatomy_sources <= references, sorted(anatomy_sources - references)
    myths = glutelab.load_myths()
    cited = {e["ref"] for items in myths["evidence"] for e in items}
    assert cited <= references


def test_coverage_promised_by_the_course() -> None:
    emg = glutelab.load_emg()
    exercises = load_exercises().set_index("exercise_id")
    assert emg["study_id"].nunique() >= 8
    assert len(emg) >= 60
    assert set(emg["muscle"].astype(str)) == MUSCLES
    families = emg.join(exercises["family"], on="exercise_id")
    per_family = families.groupby("family", observed=True)["study_id"].nunique()
    for family in FAMILIES:
        assert per_family.get(family, 0) >= 2, family


def test_values_are_kept_as_published() -> None:
    emg = glutelab.load_emg().set_index("row_id")
    # Contreras et al. 2015 abstract: peak lower gluteus maximus 216% in the hip thrust.
    row = emg[
        (emg["study_id"] == "contreras2015a")
        & (emg["region"] == "lower")
        & (emg["exercise_id"] == "hip_thrust")
        & (emg["statistic"] == "peak")
    ]
    assert row["pct_mvic"].tolist() == [216.0]
    assert (emg["pct_mvic"] > 100).any()


def test_the_article_has_nine_audited_citations() -> None:
    audit = glutelab.load_citation_audit()
    assert audit["ref_no"].tolist() == list(range(1, 10))
    assert (audit["supports_claim"] == "yes").sum() == 0


def test_myths_include_the_articles_five_and_at_least_two_more() -> None:
    myths = glutelab.load_myths()
    five = {
        "never_fire",
        "sitting_switches_off",
        "back_pain_from_sleeping_glutes",
        "no_burn_no_activation",
        "knee_valgus_means_glutes_off",
    }
    assert five <= set(myths.index)
    assert len(myths) >= 7
    assert all(len(p) >= 6 for p in myths["client_phrases"])


def test_anatomy_covers_each_muscle_as_a_whole() -> None:
    anatomy = glutelab.load_anatomy()
    wholes = anatomy[anatomy["region"] == "whole"]
    assert set(wholes["muscle"].astype(str)) == MUSCLES | {"tensor_fasciae_latae"}
    assert wholes["nerve"].notna().all()


@pytest.mark.parametrize(
    "loader",
    [
        "load_emg",
        "load_studies",
        "load_exercises",
        "load_anatomy",
        "load_citation_audit",
        "load_activation_bands",
        "load_gta_index",
        "load_references",
        "load_myths",
    ],
)
def test_loaders_return_fresh_frames(loader: str) -> None:
    first = getattr(glutelab, loader)()
    first.iloc[0, 0] = None
    second = getattr(glutelab, loader)()
    assert isinstance(second, pd.DataFrame)
    assert second.iloc[0, 0] is not None


def test_numbers_quoted_in_notebook_prose_match_the_data() -> None:
    """Notebooks are stored without outputs, so numbers their prose quotes are checked here."""
    emg = glutelab.load_emg()
    distefano = emg[
        (emg["study_id"] == "distefano2009")
        & (emg["muscle"] == "gluteus_medius")
        & (emg["exercise_id"] == "clam")
    ]
    assert (40.0, 38.0) in set(zip(distefano["pct_mvic"], distefano["sd"], strict=True))  # 04
    assert (emg["pct_mvic"] > 0).all()  # 03: "every value is above zero"
    assert (emg[emg["study_id"] == "contreras2015a"]["pct_mvic"] > 100).any()  # 04
    minimus = emg[emg["muscle"] == "gluteus_minimus"]
    assert set(minimus["electrode"].astype(str)) == {"fine_wire"}  # 04: fine-wire only
    studies = glutelab.load_studies().set_index("study_id")
    assert "12 trained young women" in studies.loc["bezerra2021", "sample"]  # 05
    assert "30% of body weight" in studies.loc["bezerra2021", "design"]  # 05
    side = emg.merge(load_exercises(), on="exercise_id")
    side = side[side["family"] == "side_bridge"]
    assert set(side["source_kind"].astype(str)) == {"secondary_summary"}  # 04, 05
