"""The recorded walking trial: its conversion is rebuilt, its loaders validate.

The conversion test runs ``tools/convert_emg_recording.py`` on the committed R file (no
network) and compares the result byte for byte with the committed CSV files. It needs the
``rdata`` package, which the ``test`` extra installs (a missing package fails, not skips).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import itertools
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import glutelab
from glutelab import DataError

from .conftest import DATA, ROOT

TOOL = ROOT / "tools" / "convert_emg_recording.py"
SOURCE_DIR = ROOT / "tools" / "sources" / "musclesyneRgies"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("convert_emg_recording", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_source_is_committed_with_its_licence_and_checksum() -> None:
    raw = (SOURCE_DIR / "RAW_DATA.RData").read_bytes()
    assert len(raw) == 156_768  # the size of the git blob in the source repository
    assert hashlib.sha256(raw).hexdigest() == _tool().SOURCE_SHA256
    licence = (SOURCE_DIR / "LICENSE.md").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Copyright (c) 2021 Alessandro Santuz" in licence


def test_conversion_rebuilds_the_committed_files(tmp_path: Path) -> None:
    written = _tool().convert(out_dir=tmp_path)
    assert sorted(p.name for p in written) == ["gait_emg_recording.csv", "gait_events.csv"]
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name


def test_conversion_refuses_a_changed_source(tmp_path: Path) -> None:
    changed = tmp_path / "RAW_DATA.RData"
    changed.write_bytes((SOURCE_DIR / "RAW_DATA.RData").read_bytes() + b"\0")
    with pytest.raises(ValueError, match="SHA-256"):
        _tool().convert(changed, tmp_path)


def test_the_course_does_not_import_the_build_tool() -> None:
    for module in (ROOT / "glutelab").glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "rdata" not in text and "convert_emg_recording" not in text, module.name


# --- what the committed files hold (read with the csv module, not the loaders) -------------


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_recording_is_1000_hz_over_the_documented_span() -> None:
    rows = _csv("gait_emg_recording.csv")
    times = [float(r["time_s"]) for r in rows]
    assert len(rows) == 7618
    assert (times[0], times[-1]) == (0.014, 7.631)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(times)}
    assert steps == {0.001}  # 1000 samples per second
    # the first sample is the one the package's README prints for ME and MA
    assert (rows[0]["gluteus_medius"], rows[0]["gluteus_maximus"]) == ("0.201416", "-6.445313")


def test_events_are_the_documented_cycle_timings() -> None:
    rows = _csv("gait_events.csv")
    # the six rows the package's README prints for RAW_DATA[[1]]$cycles
    assert [(r["touchdown_s"], r["lift_off_s"]) for r in rows] == [
        ("1.414", "2.074"),
        ("2.448", "3.115"),
        ("3.488", "4.141"),
        ("4.515", "5.168"),
        ("5.549", "6.216"),
        ("6.596", "7.249"),
    ]


# --- loaders ------------------------------------------------------------------------------


def test_loaders_return_the_files_values() -> None:
    recording = glutelab.load_gait_recording()
    expected = pd.read_csv(DATA / "gait_emg_recording.csv")
    pd.testing.assert_frame_equal(recording, expected, check_dtype=False)
    events = glutelab.load_gait_events()
    assert events["touchdown_s"].tolist() == [1.414, 2.448, 3.488, 4.515, 5.549, 6.596]


def _edit(path: Path, row: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[row - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "message"),
    [
        ("gait_emg_recording.csv", 5, "gluteus_medius", "loud", "value 'loud'"),
        ("gait_emg_recording.csv", 5, "time_s", "0.0185", "row 5 (line 6), column 'time_s'"),
        ("gait_emg_recording.csv", 7618, "time_s", "7.6305", "row 7618 (line 7619)"),
        ("gait_events.csv", 2, "lift_off_s", "2.3", "is not after this row's touchdown"),
        ("gait_events.csv", 1, "lift_off_s", "2.5", "is not before the next touchdown"),
        ("gait_events.csv", 6, "lift_off_s", "7.9", "is outside the recording"),
        ("gait_events.csv", 1, "touchdown_s", "0.001", "is outside the recording"),
        ("gait_events.csv", 3, "touchdown_s", "2.0", "not after the previous touchdown"),
    ],
)
def test_broken_files_are_named_with_row_column_and_value(
    data_copy: Path, file: str, row: int, column: str, value: str, message: str
) -> None:
    _edit(data_copy / file, row, column, value)
    with pytest.raises(DataError) as caught:
        glutelab.load_gait_recording()
        glutelab.load_gait_events()
    text = str(caught.value)
    assert text.startswith(file) and message in text
    assert f"row {row}" in text and f"column {column!r}" in text and repr(value) in text
