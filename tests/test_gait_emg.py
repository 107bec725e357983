"""Gait-cycle EMG: segmentation, time normalisation, mean +/- SD, peak normalisation, figures.

Expected values come from hand-worked cases, or from the committed CSV files processed here
with pandas and SciPy directly (not through glutelab), so a bug in the code under test
cannot also be in its expectation.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from scipy.signal import butter, sosfiltfilt

from glutelab import gait_emg, gait_plots

from .conftest import DATA

FS = 1000.0


# --- hand-worked cases ----------------------------------------------------------------------


def test_gait_cycles_pair_each_touchdown_with_the_next() -> None:
    cycles = gait_emg.gait_cycles([1.0, 2.0, 3.5], [1.6, 2.9, 4.0])
    assert cycles == [gait_emg.GaitCycle(1.0, 1.6, 2.0), gait_emg.GaitCycle(2.0, 2.9, 3.5)]
    assert [c.duration_s for c in cycles] == [1.0, 1.5]
    assert cycles[0].stance_pct == pytest.approx(60.0)
    assert cycles[1].stance_pct == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("downs", "offs", "message"),
    [
        ([1.0, 2.0], [1.5], "2 touchdowns but 1 lift-offs"),
        ([1.0], [1.5], "needs two touchdowns"),
        ([1.0, 2.0], [2.0, 2.5], "cycle 1: lift-off at 2 s"),  # lift-off at the next touchdown
        ([1.0, 2.0], [1.0, 2.5], "cycle 1: lift-off at 1 s"),  # lift-off at its own touchdown
    ],
)
def test_gait_cycles_reject_impossible_events(
    downs: list[float], offs: list[float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        gait_emg.gait_cycles(downs, offs)


def test_time_normalise_maps_both_ends_of_the_cycle() -> None:
    t = np.arange(0, 3.001, 0.001)
    values = gait_emg.time_normalise(t**2, t, 1.0, 2.0)
    assert values.size == 101
    assert values[0] == pytest.approx(1.0)  # 0 % at touchdown
    assert values[-1] == pytest.approx(4.0)  # 100 % at the next touchdown
    assert values[50] == pytest.approx(1.5**2, abs=1e-6)


@pytest.mark.parametrize(("start", "end"), [(-0.1, 1.0), (1.0, 3.1), (2.0, 1.0)])
def test_time_normalise_refuses_intervals_outside_the_signal(start: float, end: float) -> None:
    t = np.arange(0, 3.001, 0.001)
    with pytest.raises(ValueError, match="must lie within the signal"):
        gait_emg.time_normalise(t, t, start, end)


def test_cycles_of_different_length_line_up_on_the_percent_axis() -> None:
    # a burst at 10 % of each cycle, whatever the cycle's duration
    downs, offs = [0.0, 1.0, 2.5], [0.6, 1.9, 3.4]
    t = np.arange(0, 2.5001, 0.0005)
    signal = np.zeros_like(t)
    for start, end in ((0.0, 1.0), (1.0, 2.5)):
        signal += np.exp(-(((t - (start + 0.1 * (end - start))) / 0.01) ** 2))
    profile = gait_emg.cycle_profile(signal, t, gait_emg.gait_cycles(downs, offs))
    assert profile.n_cycles == 2
    assert gait_emg.peak_in_cycle(profile) == 10.0
    assert [int(np.argmax(row)) for row in profile.cycles] == [10, 10]
    assert profile.stance_pct == pytest.approx((60.0 + 60.0) / 2)


def test_mean_and_sample_sd_across_cycles() -> None:
    t = np.arange(0, 3.0001, 0.001)
    level = np.where(t < 1.0, 1.0, np.where(t < 2.0, 3.0, 5.0))  # 1, 3 then 5 in each cycle
    profile = gait_emg.cycle_profile(
        level, t, gait_emg.gait_cycles([0, 1, 2, 3], [0.5, 1.5, 2.5, 3])
    )
    assert profile.mean[50] == pytest.approx(3.0)
    assert profile.sd[50] == pytest.approx(2.0)  # sample SD of 1, 3, 5


def test_cycle_profile_needs_two_cycles() -> None:
    t = np.arange(0, 2.001, 0.001)
    with pytest.raises(ValueError, match="at least two cycles"):
        gait_emg.cycle_profile(t, t, gait_emg.gait_cycles([0.0, 1.0], [0.5, 1.5]))


def test_peak_normalisation_uses_only_the_complete_cycles() -> None:
    t = np.arange(0, 4.001, 0.001)
    envelope = np.where(t > 3.5, 100.0, 1.0 + t)  # a spike after the last cycle is ignored
    cycles = gait_emg.gait_cycles([1.0, 2.0, 3.0], [1.5, 2.5, 3.2])
    pct = gait_emg.normalise_to_peak(envelope, t, cycles)
    assert pct[3000] == pytest.approx(100.0)  # 4.0 at t = 3 s is the peak inside
    assert pct[1000] == pytest.approx(50.0)
    with pytest.raises(ValueError, match="no positive value"):
        gait_emg.normalise_to_peak(np.zeros_like(t), t, cycles)


def test_active_share_in_stance_of_a_stance_only_burst() -> None:
    t = np.arange(0, 2.0001, 0.0005)
    cycles = gait_emg.gait_cycles([0.0, 1.0, 2.0], [0.6, 1.6, 2.6])
    in_stance = np.where((t % 1.0) < 0.5, 1.0, 0.0)  # active 0-50 %, stance to 60 %
    share = gait_emg.active_share_in_stance(gait_emg.cycle_profile(in_stance, t, cycles))
    assert share == pytest.approx(100.0, abs=1.0)
    in_swing = np.where((t % 1.0) > 0.7, 1.0, 0.0)
    share = gait_emg.active_share_in_stance(gait_emg.cycle_profile(in_swing, t, cycles))
    assert share == pytest.approx(0.0, abs=1.0)


# --- the recording, processed independently ----------------------------------------------


def _independent_profiles() -> tuple[dict[str, np.ndarray], float, list[float]]:
    """Mean peak-normalised envelopes (101 points), mean stance %, cycle durations."""
    recording = pd.read_csv(DATA / "gait_emg_recording.csv")
    events = pd.read_csv(DATA / "gait_events.csv")
    t = recording["time_s"].to_numpy()
    downs, offs = events["touchdown_s"].to_numpy(), events["lift_off_s"].to_numpy()
    band = butter(4, [20.0, 450.0], btype="bandpass", fs=FS, output="sos")
    low = butter(4, 6.0, btype="lowpass", fs=FS, output="sos")
    means = {}
    for muscle in ("gluteus_medius", "gluteus_maximus"):
        envelope = np.maximum(sosfiltfilt(low, np.abs(sosfiltfilt(band, recording[muscle]))), 0)
        inside = (t >= downs[0]) & (t <= downs[-1])
        pct = 100 * envelope / envelope[inside].max()
        rows = [np.interp(np.linspace(a, b, 101), t, pct) for a, b in itertools.pairwise(downs)]
        means[muscle] = np.mean(rows, axis=0)
    stance = float(np.mean(100 * (offs[:-1] - downs[:-1]) / np.diff(downs)))
    return means, stance, list(np.diff(downs))


def test_recorded_profiles_match_an_independent_computation() -> None:
    means, stance, _ = _independent_profiles()
    profiles = gait_emg.recorded_profiles(gait_emg.recorded_trial())
    for muscle, mean in means.items():
        np.testing.assert_allclose(profiles[muscle].mean, mean, atol=1e-9)
        assert profiles[muscle].stance_pct == pytest.approx(stance)


# --- figures: what was drawn --------------------------------------------------------------


@pytest.fixture(scope="module")
def profiles() -> dict[str, gait_emg.CycleProfile]:
    return gait_emg.recorded_profiles(gait_emg.recorded_trial())


def test_profile_chart_draws_mean_band_cycles_and_phases(
    profiles: dict[str, gait_emg.CycleProfile],
) -> None:
    means, stance, _ = _independent_profiles()
    chart = gait_plots.cycle_profile_chart(profiles)
    axes = chart.figure.axes
    assert len(axes) == 2
    for ax, muscle in zip(axes, ("gluteus_medius", "gluteus_maximus"), strict=True):
        lines = [line for line in ax.get_lines() if line.get_linewidth() > 2]
        assert len(lines) == 1  # the mean
        np.testing.assert_allclose(lines[0].get_ydata(), means[muscle], atol=1e-9)
        thin = [line for line in ax.get_lines() if line.get_linewidth() < 1]
        assert len(thin) == 5  # one per cycle
        dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
        assert dashed[0].get_xdata()[0] == pytest.approx(stance)
        texts = {t.get_text() for t in ax.texts}
        assert {"stance", "swing"} <= texts
        assert any(isinstance(c, PolyCollection) for c in ax.collections)  # the SD band
        assert ax.get_ylabel().startswith("Envelope (% of this")
    # the title states where each mean peaks, measured here from the drawn data
    assert "7 %" in axes[0].get_title(loc="left") and "3 %" in axes[1].get_title(loc="left")
    assert "early stance" in chart.figure.get_suptitle()
    assert "Recorded data" in chart.alt and "MIT licence" in chart.source


def test_figures_keep_their_text_inside_the_canvas(
    profiles: dict[str, gait_emg.CycleProfile],
) -> None:
    trial = gait_emg.recorded_trial()
    envelope = gait_emg.gait_envelope(trial.raw["gluteus_medius"], FS)
    filtered = envelope  # any array of the right length: this test is about layout
    charts = [
        gait_plots.cycle_profile_chart(profiles),
        gait_plots.raw_gait_chart(trial.time_s, trial.raw, trial.cycles),
        gait_plots.gait_steps_chart(
            trial.time_s,
            trial.raw["gluteus_medius"],
            filtered,
            envelope,
            trial.cycles,
            "gluteus_medius",
        ),
    ]
    for chart in charts:
        figure = chart.figure
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        renderer = canvas.get_renderer()
        box = figure.bbox
        texts = [
            t
            for ax in figure.axes
            for t in (ax._left_title, ax.xaxis.label, ax.yaxis.label, *ax.texts)
        ]
        texts += [*figure.texts, figure._suptitle]
        for text in texts:
            if text is None or not text.get_text():
                continue
            extent = text.get_window_extent(renderer)
            assert extent.x0 >= box.x0 - 1 and extent.x1 <= box.x1 + 1, text.get_text()
            assert extent.y0 >= box.y0 - 1 and extent.y1 <= box.y1 + 1, text.get_text()


def test_raw_chart_draws_both_signals_and_every_touchdown() -> None:
    trial = gait_emg.recorded_trial()
    chart = gait_plots.raw_gait_chart(trial.time_s, trial.raw, trial.cycles)
    recording = pd.read_csv(DATA / "gait_emg_recording.csv")
    for ax, muscle in zip(chart.figure.axes, ("gluteus_medius", "gluteus_maximus"), strict=True):
        solid = [line for line in ax.get_lines() if line.get_linestyle() == "-"]
        np.testing.assert_array_equal(solid[0].get_ydata(), recording[muscle].to_numpy())
        dotted = sorted(
            line.get_xdata()[0] for line in ax.get_lines() if line.get_linestyle() == ":"
        )
        assert dotted == pd.read_csv(DATA / "gait_events.csv")["touchdown_s"].tolist()


def test_steps_chart_window_holds_the_first_two_cycles() -> None:
    trial = gait_emg.recorded_trial()
    raw = trial.raw["gluteus_maximus"]
    envelope = gait_emg.gait_envelope(raw, FS)
    chart = gait_plots.gait_steps_chart(
        trial.time_s, raw, raw, envelope, trial.cycles, "gluteus_maximus"
    )
    left, right = chart.figure.axes[-1].get_xlim()
    assert (left, right) == (1.414, 3.488)  # first touchdown to the third, from gait_events.csv
    drawn = chart.figure.axes[2].get_lines()[-1].get_xdata()
    assert drawn[0] >= 1.414 and drawn[-1] <= 3.488
