"""Every loader returns exactly the rows and values of its file (read here with pandas only)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import glutelab

from .conftest import DATA

TABLES: dict[str, tuple[Callable[[], pd.DataFrame], str]] = {
    "studies.csv": (glutelab.load_studies, "study_id"),
    "exercises.csv": (glutelab.load_exercises, "exercise_id"),
    "emg_activation.csv": (glutelab.load_emg, "row_id"),
    "gta_index.csv": (glutelab.load_gta_index, "row_id"),
    "activation_bands.csv": (glutelab.load_activation_bands, "scheme_id"),
    "anatomy.csv": (glutelab.load_anatomy, "muscle"),
    "citation_audit.csv": (glutelab.load_citation_audit, "ref_no"),
    "task_demands.csv": (glutelab.load_task_demands, "row_id"),
    "hip_function.csv": (glutelab.load_hip_function, "row_id"),
    "model_comparison.csv": (glutelab.load_model_comparison, "comparison_id"),
}


@pytest.mark.parametrize("file", sorted(TABLES))
def test_loader_returns_the_files_rows_and_columns(file: str) -> None:
    load, key = TABLES[file]
    raw = pd.read_csv(DATA / file, dtype=str, keep_default_na=False)
    frame = load()
    assert list(frame.columns) == list(raw.columns)
    assert len(frame) == len(raw)
    assert [str(v) for v in frame[key]] == raw[key].tolist()
    for column in raw.columns:  # blank cells are missing values, every other cell is kept
        assert frame[column].isna().tolist() == (raw[column].str.strip() == "").tolist(), column


def test_numbers_are_the_files_numbers() -> None:
    raw = pd.read_csv(DATA / "emg_activation.csv")
    emg = glutelab.load_emg()
    assert emg["pct_mvic"].tolist() == raw["pct_mvic"].tolist()
    assert emg["sd"].fillna(-1).tolist() == raw["sd"].fillna(-1).tolist()
    assert str(emg["pct_mvic"].dtype) == "float64" and str(emg["n"].dtype) == "Int64"


FLAT = {  # flattened column -> CSL-JSON field
    "title": "title",
    "container_title": "container-title",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "doi": "DOI",
    "pmid": "PMID",
    "url": "URL",
    "note": "note",
}


def test_references_are_the_json_items_flattened() -> None:
    items = json.loads((DATA / "references.json").read_text(encoding="utf-8"))
    refs = glutelab.load_references()
    assert refs.index.tolist() == [item["id"] for item in items]
    assert list(refs.columns) == [
        "authors", "title", "container_title", "year", "volume", "issue", "page", "doi", "pmid",
        "url", "note", "csl",
    ]  # fmt: skip
    for item in items:
        row = refs.loc[item["id"]]
        assert row["csl"] == item
        for column, key in FLAT.items():
            expected = item.get(key)
            assert pd.isna(row[column]) if expected is None else row[column] == expected, (
                item["id"],
                column,
            )
        issued = item.get("issued", {}).get("date-parts", [[None]])[0][0]
        assert pd.isna(row["year"]) if issued is None else row["year"] == issued, item["id"]
        names = [
            ", ".join(p for p in (a.get("family", ""), a.get("given", "")) if p)
            for a in item.get("author", [])
        ]
        assert row["authors"] == "; ".join(names), item["id"]
    assert str(refs["year"].dtype) == "Int64" and str(refs["title"].dtype) == "string"


def test_data_stamp_lists_every_data_file_with_its_size_and_time() -> None:
    from glutelab.data import data_stamp

    files = sorted(p for p in DATA.iterdir() if p.is_file())
    expected = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    assert data_stamp() == expected
    assert any(p.is_dir() for p in DATA.iterdir())  # folders (schemas, models) are left out


# --- the walking trial's gait events: every check at its inclusive end ------------------------


def _recording_ends() -> tuple[float, float]:
    times = pd.read_csv(DATA / "gait_emg_recording.csv")["time_s"]
    return float(times.iloc[0]), float(times.iloc[-1])


def _events_with(folder: Path, row: int, column: str, value: float) -> None:
    """The course's gait events with one cell changed (``row`` 1-based)."""
    events = pd.read_csv(DATA / "gait_events.csv")
    events.loc[row - 1, column] = value
    events.to_csv(folder / "gait_events.csv", index=False)


def _events_error(folder: Path, row: int, column: str, value: float) -> str:
    _events_with(folder, row, column, value)
    with pytest.raises(glutelab.DataError) as caught:
        glutelab.load_gait_events()
    return str(caught.value)


def test_gait_events_are_the_files_rows() -> None:
    """The loader returns the file's events, as numbers."""
    raw = pd.read_csv(DATA / "gait_events.csv")
    events = glutelab.load_gait_events()
    assert events["touchdown_s"].tolist() == raw["touchdown_s"].tolist()
    assert events["lift_off_s"].tolist() == raw["lift_off_s"].tolist()


def test_events_on_the_first_and_last_sample_are_inside_the_recording(data_copy: Path) -> None:
    """The recording's first and last sample times are allowed event times."""
    first, last = _recording_ends()
    events = pd.read_csv(DATA / "gait_events.csv")
    events.loc[0, "touchdown_s"] = first
    events.loc[len(events) - 1, "lift_off_s"] = last
    events.to_csv(data_copy / "gait_events.csv", index=False)
    loaded = glutelab.load_gait_events()
    assert loaded["touchdown_s"].iloc[0] == first and loaded["lift_off_s"].iloc[-1] == last


@pytest.mark.parametrize(
    ("row", "column", "offset"),
    [(1, "touchdown_s", -0.001), (6, "lift_off_s", 0.001)],
)
def test_an_event_a_millisecond_outside_the_recording_is_named(
    data_copy: Path, row: int, column: str, offset: float
) -> None:
    """One millisecond before the first sample or after the last is outside the recording."""
    first, last = _recording_ends()
    value = round((first if offset < 0 else last) + offset, 3)
    assert _events_error(data_copy, row, column, value) == (
        f"gait_events.csv, row {row} (line {row + 1}), column {column!r}, "
        f"value {repr(value)!r}: is outside the recording ({first:g}-{last:g} s)"
    )


def test_a_touchdown_before_the_previous_one_is_named(data_copy: Path) -> None:
    """Touchdowns must increase: one a millisecond before the previous is an error on its row.

    (The same time twice is caught first, as a repeated key of the table.)
    """
    events = pd.read_csv(DATA / "gait_events.csv")
    earlier = round(float(events.loc[1, "touchdown_s"]) - 0.001, 3)  # just before row 2's
    assert _events_error(data_copy, 3, "touchdown_s", earlier) == (
        f"gait_events.csv, row 3 (line 4), column 'touchdown_s', value {repr(earlier)!r}: "
        "is not after the previous touchdown"
    )
    same = float(events.loc[1, "touchdown_s"])
    assert _events_error(data_copy, 3, "touchdown_s", same).endswith("repeats the key of row 2")


@pytest.mark.parametrize("row", [2, 6])
def test_the_first_and_last_touchdowns_are_checked_against_the_one_before(
    data_copy: Path, row: int
) -> None:
    """A touchdown a millisecond before the previous one is named on row 2 and on row 6."""
    events = pd.read_csv(DATA / "gait_events.csv")
    assert len(events) == 6
    earlier = round(float(events["touchdown_s"].iloc[row - 2]) - 0.001, 3)
    assert _events_error(data_copy, row, "touchdown_s", earlier) == (
        f"gait_events.csv, row {row} (line {row + 1}), column 'touchdown_s', "
        f"value {repr(earlier)!r}: is not after the previous touchdown"
    )


def test_a_lift_off_at_its_own_touchdown_is_not_after_it(data_copy: Path) -> None:
    """A lift-off at the very time of its touchdown is an error."""
    events = pd.read_csv(DATA / "gait_events.csv")
    down = float(events.loc[1, "touchdown_s"])
    assert _events_error(data_copy, 2, "lift_off_s", down) == (
        f"gait_events.csv, row 2 (line 3), column 'lift_off_s', value {repr(down)!r}: "
        "is not after this row's touchdown"
    )


def test_a_lift_off_at_the_next_touchdown_is_not_before_it(data_copy: Path) -> None:
    """A lift-off at the very time of the next touchdown is an error."""
    events = pd.read_csv(DATA / "gait_events.csv")
    following = float(events.loc[2, "touchdown_s"])
    assert _events_error(data_copy, 2, "lift_off_s", following) == (
        f"gait_events.csv, row 2 (line 3), column 'lift_off_s', value {repr(following)!r}: "
        "is not before the next touchdown"
    )


def test_the_last_lift_off_has_no_next_touchdown_to_come_before(data_copy: Path) -> None:
    """The last cycle's lift-off is checked against the recording only."""
    _, last = _recording_ends()
    events = pd.read_csv(DATA / "gait_events.csv")
    late = round((float(events["touchdown_s"].iloc[-1]) + last) / 2, 3)
    _events_with(data_copy, len(events), "lift_off_s", late)
    assert glutelab.load_gait_events()["lift_off_s"].iloc[-1] == late


# --- the walking recording's sampling: one step from row to row -------------------------------


def _sampling_error(times: list[float]) -> str:
    from glutelab.data import _check_even_sampling

    with pytest.raises(glutelab.DataError) as caught:
        _check_even_sampling(pd.DataFrame({"time_s": times}), "walk.csv")
    return str(caught.value)


def test_a_recording_needs_two_samples() -> None:
    """One sample gives no sampling interval."""
    assert _sampling_error([0.5]) == "walk.csv: needs at least two samples"


@pytest.mark.parametrize("second", [0.5, 0.25])
def test_the_second_sample_must_come_after_the_first(second: float) -> None:
    """A second time equal to or before the first is named on row 2."""
    assert _sampling_error([0.5, second, 0.75]) == (
        f"walk.csv, row 2 (line 3), column 'time_s', value {repr(second)!r}: "
        "must be later than row 1"
    )


def test_a_gap_in_the_samples_is_named_at_the_row_after_it() -> None:
    """Steps of 0.25 s, then 0.5 s: the sample after the gap (row 4) is reported."""
    assert _sampling_error([0.0, 0.25, 0.5, 1.0, 1.25]) == (
        "walk.csv, row 4 (line 5), column 'time_s', value '1.0': "
        "is not 0.25 s after the previous sample (samples must be evenly spaced)"
    )


def test_samples_may_drift_from_the_step_within_the_tolerance_but_not_beyond() -> None:
    """A step off by just under the tolerance is accepted; off by just under twice it is not.

    Times in whole multiples of 2**-20 s (just under 1 microsecond, the tolerance) are exact
    in binary, so the steps compared are exactly 1, 1 + 2**-20 and 1 + 2**-19 seconds.
    """
    from glutelab.data import SAMPLE_STEP_TOLERANCE_S, _check_even_sampling

    tiny = 2.0**-20
    assert tiny < SAMPLE_STEP_TOLERANCE_S < 2 * tiny
    _check_even_sampling(pd.DataFrame({"time_s": [0.0, 1.0, 2.0 + tiny]}), "walk.csv")
    assert _sampling_error([0.0, 1.0, 2.0 + 2 * tiny]).startswith(
        "walk.csv, row 3 (line 4), column 'time_s'"
    )


def test_an_even_recording_passes_as_it_is() -> None:
    """The course's recording is evenly sampled, and the loader returns it unchanged."""
    raw = pd.read_csv(DATA / "gait_emg_recording.csv")
    recording = glutelab.load_gait_recording()
    assert recording["time_s"].tolist() == raw["time_s"].tolist()
    assert recording["gluteus_medius"].tolist() == raw["gluteus_medius"].tolist()


def test_an_uneven_recording_is_named_by_its_file(data_copy: Path) -> None:
    """The loader's sampling check names the course's file, the row and the time."""
    recording = pd.read_csv(DATA / "gait_emg_recording.csv")
    late = round(float(recording.loc[4, "time_s"]) + 0.0005, 4)  # row 5, half a step late
    recording.loc[4, "time_s"] = late
    recording.to_csv(data_copy / "gait_emg_recording.csv", index=False)
    with pytest.raises(glutelab.DataError) as caught:
        glutelab.load_gait_recording()
    assert str(caught.value).startswith(
        f"gait_emg_recording.csv, row 5 (line 6), column 'time_s', value {repr(late)!r}: is not "
    )


def test_two_samples_are_enough() -> None:
    """Two samples give one sampling interval, and nothing to compare it with."""
    from glutelab.data import _check_even_sampling

    _check_even_sampling(pd.DataFrame({"time_s": [0.5, 0.75]}), "walk.csv")


def test_a_step_off_by_exactly_the_tolerance_is_accepted() -> None:
    """Times 1, 2 and 4 microseconds: the steps are 1 and 2 microseconds, both exact in binary
    (each time is 1e-6 times a power of two), so the second is off by exactly the tolerance."""
    from glutelab.data import SAMPLE_STEP_TOLERANCE_S, _check_even_sampling

    times = [1e-6, 2e-6, 4e-6]
    assert (times[2] - times[1]) - (times[1] - times[0]) == SAMPLE_STEP_TOLERANCE_S == 1e-6
    _check_even_sampling(pd.DataFrame({"time_s": times}), "walk.csv")
