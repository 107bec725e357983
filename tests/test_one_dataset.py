"""One dataset is drawn once in every cross-study view.

Each test adds to the real evidence table a row that repeats a primary study's value
(``dependence`` ``same_value``), the way a review quotes a study, and checks what
each view drew, counted from the artists, against a count made with pandas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer

import glutelab
from glutelab import plots
from glutelab.data import study_names
from glutelab.evidence import evidence_table, filter_evidence, one_per_dataset, rank

PRIMARY = "distefano2009-06"  # gluteus medius, single-leg squat (abstract value)
QUOTER = "neto2020"  # any known study id: the row stands for a review that quotes it


@pytest.fixture(scope="module")
def emg() -> pd.DataFrame:
    return glutelab.load_emg()


def _with_repeat(emg: pd.DataFrame, dependence: str = "same_value") -> pd.DataFrame:
    primary = emg[emg["row_id"] == PRIMARY]
    repeat = primary.copy()
    repeat["row_id"] = "neto2020-99"
    repeat["study_id"] = QUOTER
    repeat["includes"] = PRIMARY
    repeat["dependence"] = dependence
    return pd.concat([emg, repeat], ignore_index=True)


def _value(emg: pd.DataFrame) -> float:
    return float(emg.loc[emg["row_id"] == PRIMARY, "pct_mvic"].iloc[0])


def test_the_known_duplicates_are_recorded(emg: pd.DataFrame) -> None:
    """The datasets stored twice are linked to their original rows, with equal values."""
    linked = emg[emg["includes"].notna()].set_index("row_id")
    assert {"neto2020-14", "lehecka2021-01", "lehecka2021-02"} <= set(
        linked.index[linked["dependence"] == "same_value"]
    )
    values = emg.set_index("row_id")["pct_mvic"]
    for row_id, row in linked.iterrows():
        if row["dependence"] == "same_value":
            assert row["pct_mvic"] == values[row["includes"]], row_id


def test_forest_draws_a_repeated_value_once(emg: pd.DataFrame) -> None:
    doubled = _with_repeat(emg)
    value = _value(emg)
    chart = plots.exercise_forest(doubled, ["single_leg_squat"], citations=study_names())
    at_value = [
        line
        for line in chart.ax.lines
        if line.get_gid() == "value" and float(line.get_xdata()[0]) == value
    ]
    same_in_data = doubled[
        (doubled["exercise_id"] == "single_leg_squat") & (doubled["pct_mvic"] == value)
    ]
    assert len(same_in_data) == 2  # Distefano's value, and the repeat
    assert len(at_value) == 1  # the repeat is not drawn
    labels = [t.get_text().replace("\n", " ") for t in chart.ax.get_yticklabels()]
    quoter = study_names()[QUOTER]
    assert sum(f"also reported by {quoter}" in label for label in labels) == 1
    assert "drawn once" in chart.source


def test_forest_marks_a_pooled_summary_and_keeps_it(emg: pd.DataFrame) -> None:
    pooled = _with_repeat(emg, dependence="pooled")
    chart = plots.exercise_forest(pooled, ["single_leg_squat"], citations=study_names())
    open_marks = [line for line in chart.ax.lines if line.get_gid() == "summary_value"]
    assert len(open_marks) == 1
    assert open_marks[0].get_markerfacecolor() == "white"
    labels = [t.get_text().replace("\n", " ") for t in chart.ax.get_yticklabels()]
    assert any("review summary that includes Distefano" in label for label in labels)


def test_real_modified_single_leg_squat_is_one_value(emg: pd.DataFrame) -> None:
    """McCurdy 2018's value, also in Krause Neto 2020's table, is one marker."""
    rows = emg[emg["exercise_id"] == "modified_single_leg_squat"]
    assert len(rows) == 2 and rows["pct_mvic"].nunique() == 1
    chart = plots.exercise_forest(rows, ["modified_single_leg_squat"], citations=study_names())
    drawn = [line for line in chart.ax.lines if line.get_gid() in ("value", "summary_value")]
    assert len(drawn) == 1


def test_heatmap_counts_a_repeated_value_as_one_source(emg: pd.DataFrame) -> None:
    exercises = glutelab.load_exercises()
    before = plots.overview_heatmap(emg, exercises)
    after = plots.overview_heatmap(_with_repeat(emg), exercises)

    def sources(chart) -> float:
        names = [t.get_text().replace("\n", " ") for t in chart.ax.get_yticklabels()]
        muscles = [t.get_text() for t in chart.ax.get_xticklabels()]
        row = names.index(str(exercises.set_index("exercise_id").loc["single_leg_squat", "name"]))
        column = muscles.index("Gluteus medius")
        return float(chart.ax.images[0].get_array()[row, column])

    studies = emg[(emg["exercise_id"] == "single_leg_squat") & (emg["muscle"] == "gluteus_medius")]
    assert sources(before) == studies["study_id"].nunique()
    assert sources(after) == sources(before)
    # Adding an independent study does raise the count (the check can fail).
    independent = _with_repeat(emg)
    independent.loc[independent["row_id"] == "neto2020-99", ["includes", "dependence"]] = None
    assert sources(plots.overview_heatmap(independent, exercises)) == sources(before) + 1


def test_ranking_shows_a_repeated_value_once(emg: pd.DataFrame) -> None:
    table = evidence_table(_with_repeat(emg), glutelab.load_exercises())
    rows = rank(one_per_dataset(filter_evidence(table, muscle="gluteus_medius")))
    chart = plots.ranked_chart(rows, citations=study_names(), limit=200)
    widths = [
        patch.get_width()
        for container in chart.ax.containers
        if isinstance(container, BarContainer)
        for patch in container
    ]
    value = _value(emg)
    expected = emg[(emg["muscle"] == "gluteus_medius") & (emg["pct_mvic"] == value)]
    expected = expected[expected["statistic"] != "range_low"]
    assert sum(np.isclose(w, value) for w in widths) == len(expected)


def test_explorer_status_says_what_it_merged_and_that_statistics_are_mixed() -> None:
    from glutelab.exercises_widget import exercise_explorer

    view = exercise_explorer()
    view.family.value = "step_up_single_leg_squat"
    assert "also reported by a second source and is shown once" in view.status.value
    assert "The list mixes" in view.status.value
    view.study.value = "distefano2009"  # one study, means only
    assert "The list mixes" not in view.status.value


def test_bands_apply_only_to_the_muscle_their_scheme_was_defined_for(emg: pd.DataFrame) -> None:
    table = evidence_table(emg, glutelab.load_exercises())
    bands = glutelab.load_activation_bands()
    defined = set(bands.loc[bands["scheme_id"] == "ebert2017", "muscle"].astype(str))
    assert defined == {"gluteus_medius"}
    single = ~table["statistic"].isin(["range_low", "range_high"]) & table["pct_mvic"].notna()
    assert table.loc[single & (table["muscle"] == "gluteus_medius"), "band"].notna().all()
    assert table.loc[table["muscle"] != "gluteus_medius", "band"].isna().all()
    assert "do not grade gluteus maximus or gluteus minimus" in plots.bands_note(
        glutelab.band_table()
    )
