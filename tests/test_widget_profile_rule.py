"""The widget-latency report's arithmetic, checked on a recorded profile (no benchmark is run).

``tests/data/emg_update.prof`` is a cProfile of three changes of the EMG pipeline explorer's
activation slider (``tools/record_update_profile.py``): each change redraws and makes one PNG.
"""

from __future__ import annotations

import importlib
import math
import pstats
from types import ModuleType
from typing import Any

import pytest

from .conftest import ROOT

PROFILE = ROOT / "tests" / "data" / "emg_update.prof"
CHANGES = 3  # slider changes recorded in the profile, one PNG each


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT / "benchmarks"))
        return importlib.import_module("bench_widget_latency")


@pytest.fixture(scope="module")
def stats() -> pstats.Stats:
    return pstats.Stats(str(PROFILE))


def _entry(raw: dict[Any, Any], file_end: str, function: str) -> tuple[Any, ...]:
    (value,) = [v for f, v in raw.items() if f[0].endswith(file_end) and f[2] == function]
    return value


def test_png_share_is_the_explorers_png_call(bench: ModuleType, stats: pstats.Stats) -> None:
    raw = stats.stats  # type: ignore[attr-defined]
    # By hand: the explorer's redraw makes its PNG in emg_plots.py's png(), which calls
    # style.py's png(); the profile never calls savefig (the old rule's only pattern).
    assert not [f for f in raw if f[2] == "savefig"]
    outer = _entry(raw, "emg_plots.py", "png")
    assert outer[0] == CHANGES
    total = stats.total_tt  # type: ignore[attr-defined]
    shares = bench.hot_spots(stats, total)
    assert shares["png"] == pytest.approx(outer[3] / total)
    assert shares["png"] > 0.5  # most of an update is the PNG in this recording
    assert bench.png_entry(raw) == (pytest.approx(outer[3]), CHANGES)


def test_draws_per_png_is_finite(bench: ModuleType, stats: pstats.Stats) -> None:
    raw = stats.stats  # type: ignore[attr-defined]
    figure_draws = sum(
        v[1] for f, v in raw.items() if f[2] == "draw" and f[0].endswith("matplotlib/figure.py")
    )
    assert bench.draws_per_png(raw) == figure_draws / CHANGES
    assert math.isfinite(bench.draws_per_png(raw))
    assert math.isnan(bench.draws_per_png({}))


def test_the_report_sentence_states_the_png_share(bench: ModuleType, stats: pstats.Stats) -> None:
    raw = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    share = _entry(raw, "emg_plots.py", "png")[3] / total
    text = bench.explain(
        "emg_pipeline_explorer",
        bench.hot_spots(stats, total),
        total / CHANGES,
        1.0,
        bench.draws_per_png(raw),
    )
    assert f"{100 * share:.0f}% of an update is making its PNG" in text
    assert "inf times" not in text


def test_nested_png_functions_count_once(bench: ModuleType) -> None:
    """A savefig inside a png() (a chart at another dpi) is not added on top of it."""
    raw = {
        ("/x/glutelab/style.py", 10, "png"): (2, 2, 0.01, 0.8, {}),
        ("/x/matplotlib/figure.py", 20, "savefig"): (2, 2, 0.01, 0.7, {}),
        ("/x/matplotlib/figure.py", 30, "draw"): (4, 4, 0.01, 0.6, {}),
    }
    assert bench.png_entry(raw) == (0.8, 2)
    assert bench.draws_per_png(raw) == 2.0
