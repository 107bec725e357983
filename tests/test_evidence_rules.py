"""The evidence rules on small hand-made tables, with expectations worked by hand.

Each table here is a few rows written out in the test, so the expected result can be
read off the table itself: which rows a review repeats, which band a value falls in,
what the ranking's status line says. None of the expected values is computed by the
function under test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from glutelab.evidence import _ids, evidence_table, one_per_dataset, ranking_status


def _rows(*rows: tuple[str, str, str | None, str | None]) -> pd.DataFrame:
    """Rows of (row_id, study_id, includes, dependence)."""
    return pd.DataFrame(rows, columns=["row_id", "study_id", "includes", "dependence"])


def _kept(rows: pd.DataFrame, column: str) -> dict[str, str | None]:
    kept = one_per_dataset(rows)
    return {
        str(r): (None if pd.isna(v) else str(v))
        for r, v in zip(kept["row_id"], kept[column], strict=True)
    }


# ---- one_per_dataset ------------------------------------------------------------------


def test_a_repeat_is_dropped_and_its_study_named_on_the_original() -> None:
    rows = _rows(("a-1", "a", None, None), ("r-1", "r", "a-1", "same_value"))
    assert _kept(rows, "also_in") == {"a-1": "r"}


def test_a_repeat_of_a_repeat_is_credited_to_the_original() -> None:
    rows = _rows(
        ("a-1", "a", None, None),
        ("r-1", "r", "a-1", "same_value"),
        ("s-1", "s", "r-1", "same_value"),
    )
    assert _kept(rows, "also_in") == {"a-1": "r;s"}


def test_a_repeat_whose_original_is_not_shown_stays() -> None:
    rows = _rows(("b-1", "b", None, None), ("r-1", "r", "a-1", "same_value"))
    assert _kept(rows, "also_in") == {"b-1": None, "r-1": None}


def test_a_repeat_of_two_rows_stays_when_only_one_is_shown() -> None:
    rows = _rows(("a-1", "a", None, None), ("r-1", "r", "a-1;b-1", "same_value"))
    assert list(_kept(rows, "also_in")) == ["a-1", "r-1"]
    assert _kept(rows, "summary_of") == {"a-1": None, "r-1": None}  # a repeat, not a summary


@pytest.mark.parametrize(
    ("cell", "ids"),
    [
        (None, []),
        (float("nan"), []),
        (pd.NA, []),
        ("", []),
        ("a-1", ["a-1"]),
        ("a-1;b-2", ["a-1", "b-2"]),
    ],
)
def test_an_includes_cell_lists_row_ids_separated_by_semicolons(
    cell: object, ids: list[str]
) -> None:
    assert _ids(cell) == ids


def test_rows_without_links_get_empty_string_columns() -> None:
    """The added columns are text columns even when every value is missing."""
    plain = _rows(("a-1", "a", None, None), ("b-1", "b", None, None))
    ranged = _range_rows(None, None).assign(dependence=None)
    for rows in (plain, ranged):
        kept = one_per_dataset(rows)
        for column in ("also_in", "also_as", "summary_of"):
            assert kept[column].dtype == "string", column
            assert kept[column].isna().all(), column


def test_no_rows_give_no_rows_with_the_same_columns() -> None:
    empty = _rows().astype(object)
    kept = one_per_dataset(empty)
    assert kept.empty
    assert kept.columns.tolist()[:4] == ["row_id", "study_id", "includes", "dependence"]


def test_a_repeat_of_two_rows_is_dropped_when_both_are_shown() -> None:
    rows = _rows(
        ("a-1", "a", None, None),
        ("b-1", "b", None, None),
        ("r-1", "r", "a-1;b-1", "same_value"),
    )
    assert _kept(rows, "also_in") == {"a-1": "r", "b-1": "r"}


def test_a_row_with_includes_but_no_dependence_is_kept() -> None:
    rows = _rows(("a-1", "a", None, None), ("r-1", "r", "a-1", None))
    assert _kept(rows, "also_in") == {"a-1": None, "r-1": None}
    assert _kept(rows, "summary_of") == {"a-1": None, "r-1": None}


def test_an_empty_includes_cell_is_no_link() -> None:
    rows = _rows(("a-1", "a", "", None), ("r-1", "r", "", "same_value"))
    assert _kept(rows, "also_in") == {"a-1": None, "r-1": None}


def test_two_repeats_by_one_study_name_it_once() -> None:
    rows = _rows(
        ("a-1", "a", None, None),
        ("r-1", "r", "a-1", "same_value"),
        ("r-2", "r", "a-1", "same_value"),
    )
    assert _kept(rows, "also_in") == {"a-1": "r"}


def test_a_pooled_row_names_the_shown_studies_it_summarises() -> None:
    rows = _rows(
        ("a-1", "a", None, None),
        ("b-1", "b", None, None),
        ("p-1", "p", "a-1;b-1;c-1", "pooled"),
    )
    assert _kept(rows, "summary_of") == {"a-1": None, "b-1": None, "p-1": "a;b"}
    assert _kept(rows, "also_in") == {"a-1": None, "b-1": None, "p-1": None}


def test_a_pooled_row_of_studies_not_shown_summarises_nothing_shown() -> None:
    rows = _rows(("b-1", "b", None, None), ("p-1", "p", "a-1", "pooled"))
    assert _kept(rows, "summary_of") == {"b-1": None, "p-1": None}


def test_a_same_value_row_is_not_a_summary() -> None:
    rows = _rows(("b-1", "b", None, None), ("r-1", "r", "a-1", "same_value"))
    assert _kept(rows, "summary_of") == {"b-1": None, "r-1": None}


def test_the_statistic_a_repeat_gives_is_recorded() -> None:
    rows = _rows(
        ("a-1", "a", None, None),
        ("r-1", "r", "a-1", "same_value"),
        ("s-1", "s", "a-1", "same_value"),
    ).assign(statistic=["mean", "peak", "mean"])
    assert _kept(rows, "also_as") == {"a-1": "peak;mean"}


def test_without_a_statistic_column_the_repeat_gives_an_empty_statistic() -> None:
    rows = _rows(("a-1", "a", None, None), ("r-1", "r", "a-1", "same_value"))
    assert _kept(rows, "also_as") == {"a-1": ""}


def test_the_kept_rows_keep_their_order_and_index() -> None:
    rows = _rows(
        ("c-1", "c", None, None),
        ("r-1", "r", "a-1", "same_value"),
        ("a-1", "a", None, None),
    )
    rows.index = [10, 20, 30]
    kept = one_per_dataset(rows)
    assert kept["row_id"].tolist() == ["c-1", "a-1"]
    assert kept.index.tolist() == [10, 30]
    assert rows.columns.tolist() == ["row_id", "study_id", "includes", "dependence"]


def _range_rows(low_includes: str | None, high_includes: str | None) -> pd.DataFrame:
    """A shown study and a review's range (two ends) for the same exercise."""
    return pd.DataFrame(
        {
            "row_id": ["a-1", "p-1", "p-2"],
            "study_id": ["a", "p", "p"],
            "includes": [None, low_includes, high_includes],
            "dependence": [None, "pooled" if low_includes else None, "pooled"],
            "statistic": ["mean", "range_low", "range_high"],
            "muscle": ["gluteus_medius"] * 3,
            "region": ["whole"] * 3,
            "exercise_id": ["side_plank"] * 3,
            "condition": ["", "", ""],
        }
    )


def test_both_ends_of_a_range_are_one_summary() -> None:
    summary = _kept(_range_rows(None, "a-1"), "summary_of")
    assert summary == {"a-1": None, "p-1": "a", "p-2": "a"}


def test_range_ends_of_different_exercises_are_not_partners() -> None:
    rows = _range_rows(None, "a-1")
    rows.loc[1, "exercise_id"] = "clam"
    assert _kept(rows, "summary_of") == {"a-1": None, "p-1": None, "p-2": "a"}


def test_a_single_value_is_not_a_range_partner() -> None:
    rows = _range_rows(None, "a-1")
    rows.loc[1, "statistic"] = "mean"
    assert _kept(rows, "summary_of") == {"a-1": None, "p-1": None, "p-2": "a"}


def test_a_range_end_keeps_its_own_summary() -> None:
    rows = pd.concat(
        [_range_rows("a-1", "b-1"), _rows(("b-1", "b", None, None))], ignore_index=True
    )
    assert _kept(rows, "summary_of") == {"a-1": None, "p-1": "a", "p-2": "b", "b-1": None}


# ---- ranking_status ---------------------------------------------------------------------


def _ranked(studies: list[str], statistics: list[str], also_in: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame({"study_id": studies, "statistic": statistics, "also_in": also_in})


def test_status_of_one_value_from_one_source() -> None:
    status = ranking_status(_ranked(["a"], ["mean"], [None]))
    assert status == "1 reported value from 1 source."


def test_status_counts_sources_not_rows() -> None:
    status = ranking_status(_ranked(["a", "a", "b"], ["mean"] * 3, [None] * 3))
    assert status == "3 reported values from 2 sources."


def test_status_names_one_repeated_value() -> None:
    status = ranking_status(_ranked(["a", "b"], ["mean"] * 2, ["c", None]))
    assert status == (
        "2 reported values from 2 sources; 1 value is also reported by a second source "
        "and is shown once."
    )


def test_status_counts_several_repeated_values() -> None:
    status = ranking_status(_ranked(["a", "b", "d"], ["mean"] * 3, ["c", "c", None]))
    assert status == (
        "3 reported values from 3 sources; 2 values are also reported by a second source "
        "and shown once."
    )


def test_status_without_an_also_in_column_counts_no_repeats() -> None:
    rows = pd.DataFrame({"study_id": ["a"], "statistic": ["mean"]})
    assert ranking_status(rows) == "1 reported value from 1 source."


def test_status_of_means_and_medians_warns_without_the_peak_sentence() -> None:
    status = ranking_status(_ranked(["a", "b"], ["median", "mean"], [None, None]))
    assert status == (
        "2 reported values from 2 sources. The list mixes means and medians: "
        "compare rows of the same statistic, and exercises within a study."
    )


def test_status_lists_three_kinds_in_a_fixed_order() -> None:
    rows = _ranked(["a", "b", "c"], ["not_stated", "peak", "pooled_mean"], [None] * 3)
    assert ranking_status(rows) == (
        "3 reported values from 3 sources. The list mixes pooled means, peaks and values "
        "whose statistic the source does not state: a peak is higher than a mean of the "
        "same signal, so compare rows of the same statistic, and exercises within a study."
    )


# ---- evidence_table ---------------------------------------------------------------------

EXERCISES = pd.DataFrame(
    {
        "exercise_id": ["side_plank", "bridge"],
        "name": ["Side plank", "Bridge"],
        "family": ["plank", "bridge"],
        "equipment": ["bodyweight", "bodyweight"],
        "weight_bearing": [True, False],
        "unilateral": [False, False],
        "cue": ["not joined", "not joined"],
    }
)


def _emg(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """EMG rows of (exercise_id, muscle, statistic, pct_mvic)."""
    return pd.DataFrame(rows, columns=["exercise_id", "muscle", "statistic", "pct_mvic"])


def test_evidence_rows_carry_their_exercise_attributes() -> None:
    table = evidence_table(
        _emg(
            [
                ("bridge", "gluteus_maximus", "mean", 20.0),
                ("side_plank", "gluteus_medius", "mean", 20.0),
            ]
        ),
        EXERCISES,
    )
    assert table["name"].tolist() == ["Bridge", "Side plank"]
    assert table["family"].tolist() == ["bridge", "plank"]
    assert table["weight_bearing"].tolist() == [False, True]
    assert table["unilateral"].tolist() == [False, False]
    assert table["equipment"].tolist() == ["bodyweight", "bodyweight"]
    assert "cue" not in table.columns


@pytest.mark.parametrize(
    ("muscle", "statistic", "pct_mvic", "band"),
    [
        ("gluteus_medius", "mean", 45.0, "high"),  # Ebert 2017: 41-60
        ("gluteus_medius", "peak", 12.0, "low"),  # 0-20
        ("gluteus_medius", "median", 61.0, "very_high"),  # 61 and over
        ("gluteus_medius", "range_low", 45.0, None),  # a range end is never banded
        ("gluteus_medius", "range_high", 45.0, None),
        ("gluteus_maximus", "mean", 45.0, None),  # the scheme grades gluteus medius only
    ],
)
def test_only_single_values_of_the_schemes_muscle_get_a_band(
    muscle: str, statistic: str, pct_mvic: float, band: str | None
) -> None:
    table = evidence_table(_emg([("side_plank", muscle, statistic, pct_mvic)]), EXERCISES)
    value = table["band"].iloc[0]
    assert (None if pd.isna(value) else value) == band


def test_another_scheme_bands_its_own_muscle() -> None:
    """neto2020's one band: gluteus maximus at 60 %MVIC and over is 'very high'."""
    emg = _emg(
        [
            ("bridge", "gluteus_maximus", "mean", 60.0),
            ("bridge", "gluteus_maximus", "mean", 59.0),
            ("bridge", "gluteus_medius", "mean", 80.0),
        ]
    )
    bands = evidence_table(emg, EXERCISES, scheme="neto2020")["band"]
    assert [None if pd.isna(v) else v for v in bands] == ["very_high", None, None]
