"""Convert the walking EMG recording (an R data file) into the course's tidy CSV files.

Input: ``tools/sources/musclesyneRgies/RAW_DATA.RData`` (musclesyneRgies, MIT licence; see the
README beside it). Output, in ``data/``:

- ``gait_emg_recording.csv``: one row per sample, ``time_s`` and the two gluteal channels
  (``gluteus_medius`` from the source's ``ME``, ``gluteus_maximus`` from ``MA``), values exactly
  as in the source (its amplitude unit is not stated there);
- ``gait_events.csv``: one row per recorded gait cycle start, ``touchdown_s`` and ``lift_off_s``.

A build-time script: it needs the ``rdata`` package (``pip install -e '.[build]'``), which
nothing the course imports uses. Run ``python tools/convert_emg_recording.py`` from the
repository root; ``tests/test_gait_recording.py`` runs it again and compares the files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "sources" / "musclesyneRgies" / "RAW_DATA.RData"
SOURCE_SHA256 = "1b861c987a9a6d5e10733d80f509f58e4b1499ccbd3f26034c424f28321afac8"
TRIAL = "ID0012_TW_01"
CHANNELS = {"ME": "gluteus_medius", "MA": "gluteus_maximus"}
"""Source column -> our column (the package's ``R/data.R``: ME = gluteus medius, MA = gluteus
maximus)."""
EMG_FILE = "gait_emg_recording.csv"
EVENTS_FILE = "gait_events.csv"


def _number(value: Any) -> str:
    """A float written so that reading it back gives exactly the same float."""
    return repr(float(value))


def read_source(path: Path = SOURCE) -> dict[str, Any]:
    """The trial's ``emg`` and ``cycles`` data frames, after checking the file's checksum."""
    import rdata  # build-time only

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        raise ValueError(f"{path}: SHA-256 {digest} is not the recorded {SOURCE_SHA256}")
    with warnings.catch_warnings():  # the R class "EMG" has no Python counterpart: a dict
        warnings.filterwarnings("ignore", message="Missing constructor for R class")
        converted = rdata.read_rda(path, default_encoding="utf8")
    trial = converted["RAW_DATA"][TRIAL]
    return {"emg": trial["emg"], "cycles": trial["cycles"]}


def emg_csv(emg: Any) -> str:
    """The tidy recording: time and the gluteal channels, one row per sample."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["time_s", *CHANNELS.values()])
    columns = [emg["time"], *(emg[name] for name in CHANNELS)]
    for values in zip(*columns, strict=True):
        writer.writerow([_number(v) for v in values])
    return out.getvalue()


def events_csv(cycles: Any) -> str:
    """The gait events: touchdown and lift-off of each recorded cycle, in seconds."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["cycle", "touchdown_s", "lift_off_s"])
    touchdowns, lift_offs = cycles.iloc[:, 0], cycles.iloc[:, 1]
    for number, (down, off) in enumerate(zip(touchdowns, lift_offs, strict=True), start=1):
        writer.writerow([number, _number(down), _number(off)])
    return out.getvalue()


def convert(source: Path = SOURCE, out_dir: Path = ROOT / "data") -> list[Path]:
    """Write both CSV files into ``out_dir``; return their paths."""
    frames = read_source(source)
    written = []
    for name, text in (
        (EMG_FILE, emg_csv(frames["emg"])),
        (EVENTS_FILE, events_csv(frames["cycles"])),
    ):
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="output folder")
    for path in convert(out_dir=parser.parse_args().out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
