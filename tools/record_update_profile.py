"""Record the small cProfile fixture that tests the benchmark report's PNG rule.

Profiles three changes of the EMG pipeline explorer's activation slider (the explorer the
widget-latency benchmark profiled last) and writes ``tests/data/emg_update.prof``
(``pstats`` format). Rerun it only when the fixture must show a new rendering path:

    .venv/bin/python tools/record_update_profile.py
"""

from __future__ import annotations

import cProfile
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import glutelab

TARGET = Path(__file__).resolve().parent.parent / "tests" / "data" / "emg_update.prof"


def main() -> int:
    view = glutelab.emg_pipeline_explorer()
    slider = view.level
    values = [slider.min, slider.max, slider.min + slider.step]  # three new states
    profiler = cProfile.Profile()
    for value in values:
        profiler.enable()
        slider.value = value
        profiler.disable()
    profiler.dump_stats(TARGET)
    print(f"wrote {TARGET} ({len(values)} changes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
