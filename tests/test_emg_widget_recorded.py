"""The pipeline explorer's recorded signal: switching, stepping through cycles, messages.

Expected values come from the committed CSV files processed here with pandas and SciPy
(not through glutelab), and from what the explorer's figure drew.
"""

from __future__ import annotations

import base64
import html
import io
import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from PIL import Image
from scipy.signal import butter, sosfiltfilt

from glutelab.emg_widget import (
    EmgPipelineExplorer,
    PipelineSettings,
    emg_pipeline_explorer,
    run_recorded,
)
from glutelab.style import MUSCLE_COLOURS

from .conftest import DATA

FS = 1000.0
EVENTS = pd.read_csv(DATA / "gait_events.csv")
RECORDING = pd.read_csv(DATA / "gait_emg_recording.csv")


def _status(view: EmgPipelineExplorer) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", view.status.value))


def _png(view: EmgPipelineExplorer) -> np.ndarray:
    encoded = re.search(r'base64,([^"]+)"', view.chart.value)
    assert encoded is not None
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded.group(1)))))


def _independent_cycle(muscle: str, number: int, cutoff_hz: float = 6.0) -> np.ndarray:
    """Cycle ``number``'s envelope as % of the recording's peak at 0-100 % (SciPy, pandas)."""
    t = RECORDING["time_s"].to_numpy()
    downs = EVENTS["touchdown_s"].to_numpy()
    band = butter(4, [20.0, 450.0], btype="bandpass", fs=FS, output="sos")
    low = butter(4, cutoff_hz, btype="lowpass", fs=FS, output="sos")
    envelope = np.maximum(sosfiltfilt(low, np.abs(sosfiltfilt(band, RECORDING[muscle]))), 0)
    inside = (t >= downs[0]) & (t <= downs[-1])
    pct = 100 * envelope / envelope[inside].max()
    start, end = downs[number - 1], downs[number]
    return np.interp(np.linspace(start, end, 101), t, pct)


def test_the_explorer_starts_simulated_and_the_recorded_controls_are_locked() -> None:
    view = emg_pipeline_explorer()
    assert view.signal.value == "simulated"
    assert view.muscle.disabled and view.cycle.disabled
    assert not view.level.disabled
    assert "SIMULATED signals." in _status(view)
    assert view.recorded_figure is None  # nothing drawn for the recording yet


def test_switching_to_the_recording_locks_the_simulation_controls() -> None:
    view = emg_pipeline_explorer()
    view.signal.value = "recorded"
    for control in (view.level, view.noise, view.hum, view.artefact):
        assert control.disabled
    assert not view.muscle.disabled and not view.cycle.disabled
    assert not view.low.disabled and not view.high.disabled  # the processing still applies
    status = _status(view)
    assert status.startswith("Recorded walking, gluteus medius, cycle 1 of 5")
    assert "not %MVIC" in status and "RECORDED signal." in status
    view.signal.value = "simulated"
    assert "SIMULATED signals." in _status(view) and view.muscle.disabled


def test_the_cycle_slider_covers_every_complete_cycle() -> None:
    view = emg_pipeline_explorer("recorded")
    # six touchdowns in gait_events.csv close five complete cycles
    assert (view.cycle.min, view.cycle.max) == (1, len(EVENTS) - 1) == (1, 5)
    assert view.cycle.continuous_update is False
    assert view.cycle.description == "Recorded gait cycle"


@pytest.mark.parametrize("number", [1, 5])  # both ends of the slider
@pytest.mark.parametrize("muscle", ["gluteus_medius", "gluteus_maximus"])
def test_each_cycle_draws_that_cycles_samples_and_its_normalised_envelope(
    muscle: str, number: int
) -> None:
    view = emg_pipeline_explorer("recorded")
    view.muscle.value = muscle
    view.cycle.value = number
    figure = view.recorded_figure
    assert figure is not None
    start, end = EVENTS["touchdown_s"][number - 1], EVENTS["touchdown_s"][number]
    lift_off = EVENTS["lift_off_s"][number - 1]
    # panel 1: the raw samples of this cycle, time from its touchdown
    x, y = figure.raw_line.get_data()
    rows = RECORDING[(RECORDING["time_s"] >= start) & (RECORDING["time_s"] <= end)]
    np.testing.assert_allclose(x, rows["time_s"] - start)
    np.testing.assert_array_equal(y, rows[muscle])
    # the stance shading ends at this cycle's lift-off
    assert figure.spans[0].get_width() == pytest.approx(lift_off - start)
    # panel 4: this cycle's envelope as % of the recording's peak
    _, drawn = figure.cycle_line.get_data()
    np.testing.assert_allclose(drawn, _independent_cycle(muscle, number), atol=1e-9)
    name = muscle.replace("_", " ")
    assert f"{name}, cycle {number} of 5" in _status(view)
    peak_at = int(np.argmax(_independent_cycle(muscle, number)))
    assert f"peaks at {peak_at} % of the cycle" in _status(view)
    assert f"gait cycle {number} of 5" in figure.title.get_text()


def test_stepping_cycles_keeps_every_scale_so_cycles_can_be_compared() -> None:
    view = emg_pipeline_explorer("recorded")
    figure = view.recorded_figure
    assert figure is not None
    limits = [ax.get_ylim() for ax in figure.axes] + [figure.axes[0].get_xlim()]
    first = view.chart.value
    view.cycle.value = 4
    assert view.chart.value != first
    assert [ax.get_ylim() for ax in figure.axes] + [figure.axes[0].get_xlim()] == limits
    # the time axes hold the longest cycle (touchdown to next touchdown, from the CSV)
    longest = float(np.diff(EVENTS["touchdown_s"]).max())
    assert figure.axes[0].get_xlim()[1] == pytest.approx(longest)


def test_the_layered_picture_matches_a_full_redraw_of_the_lines() -> None:
    view = emg_pipeline_explorer("recorded")
    view.cycle.value = 3  # only the cycle's layer is redrawn
    shown = _png(view)
    figure = view.recorded_figure
    assert figure is not None
    canvas = FigureCanvasAgg(figure.chart.figure)
    canvas.draw()
    full = np.asarray(canvas.buffer_rgba())
    assert shown.shape == full.shape
    # the translucent stance shading lies over the grid instead of under it; nothing else differs
    assert (shown != full).any(axis=2).mean() < 0.03


def test_a_picture_reached_through_other_states_equals_one_drawn_afresh() -> None:
    """Layers leave no trace of an earlier cycle, processing or muscle."""
    travelled = emg_pipeline_explorer("recorded")
    travelled.cycle.value = 3
    travelled.low.value = 60  # the processing layer
    travelled.muscle.value = "gluteus_maximus"  # the background
    travelled.cycle.value = 2
    travelled.smoothing.value = "rms"
    travelled.muscle.value = "gluteus_medius"
    travelled.cycle.value = 4
    fresh = EmgPipelineExplorer("recorded")
    fresh.low.value = 60
    fresh.smoothing.value = "rms"
    fresh.cycle.value = 4
    assert travelled.settings() == fresh.settings()
    np.testing.assert_array_equal(_png(travelled), _png(fresh))


def test_the_legends_show_the_colour_of_the_muscle_shown() -> None:
    view = emg_pipeline_explorer("recorded")
    figure = view.recorded_figure
    assert figure is not None
    for muscle in ("gluteus_maximus", "gluteus_medius", "gluteus_maximus"):
        view.muscle.value = muscle
        view.low.value = 30 if view.low.value != 30 else 25  # a new processing as well
        for ax, line in (
            (figure.axes[2], figure.amplitude_line),
            (figure.axes[3], figure.cycle_line),
        ):
            legend = ax.get_legend()
            assert legend is not None
            swatches = {
                t.get_text(): h for t, h in zip(legend.texts, legend.legend_handles, strict=True)
            }
            swatch = swatches[str(line.get_label())]
            assert to_hex(swatch.get_color()) == to_hex(line.get_color())
        assert to_hex(figure.amplitude_line.get_color()) == MUSCLE_COLOURS[muscle].lower()


def _peak(values: np.ndarray, inside: np.ndarray) -> float:
    return float(np.abs(values[inside]).max())


def test_the_band_passed_panels_keep_one_scale_while_the_processing_changes() -> None:
    """One scale per muscle: 5 % above its raw or default band-passed peak (SciPy here),
    unless a processing's own peak is higher."""
    view = emg_pipeline_explorer("recorded")
    figure = view.recorded_figure
    assert figure is not None
    t = RECORDING["time_s"].to_numpy()
    downs = EVENTS["touchdown_s"].to_numpy()
    inside = (t >= downs[0]) & (t <= downs[-1])
    for muscle in ("gluteus_medius", "gluteus_maximus"):
        view.muscle.value = muscle
        raw = RECORDING[muscle].to_numpy()
        band = butter(4, [20.0, 450.0], btype="bandpass", fs=FS, output="sos")
        scale = 1.05 * max(_peak(raw, inside), _peak(sosfiltfilt(band, raw), inside))
        for low in (20, 100, 10):
            view.low.value = low
            sos = butter(4, [low, 450.0], btype="bandpass", fs=FS, output="sos")
            narrow = sosfiltfilt(sos, raw)
            expected = max(scale, _peak(narrow, inside))
            assert figure.axes[1].get_ylim() == pytest.approx((-1.1 * expected, 1.1 * expected))
            assert figure.axes[2].get_ylim() == pytest.approx((0, 1.1 * expected))
            assert figure.axes[0].get_ylim() == pytest.approx(
                (-1.1 * _peak(raw, inside), 1.1 * _peak(raw, inside))
            )
        view.low.value = 20


def test_changing_the_processing_reprocesses_the_recording() -> None:
    view = emg_pipeline_explorer("recorded")
    view.cycle.value = 2
    view.cutoff.value = 20
    figure = view.recorded_figure
    assert figure is not None
    _, drawn = figure.cycle_line.get_data()
    np.testing.assert_allclose(drawn, _independent_cycle("gluteus_medius", 2, 20.0), atol=1e-9)
    assert "20 Hz low-pass" in _status(view)
    assert "20 Hz low-pass" in figure.axes[2].get_title(loc="left")


def test_a_cut_off_at_the_recordings_nyquist_frequency_gives_a_message() -> None:
    view = emg_pipeline_explorer("recorded")
    view.high.value = 500  # half of 1000 Hz; the simulation (2000 Hz) would accept it
    status = _status(view)
    assert "Cannot process with these settings" in status and "Nyquist" in status
    assert "500.0 Hz" in status
    assert "No chart for these settings" in view.chart.value
    view.high.value = 490  # just below: a chart again
    assert "cycle 1 of 5" in _status(view)
    view.signal.value = "simulated"  # the same 490 Hz is fine for the simulation too
    assert "SIMULATED signals." in _status(view)


def test_run_recorded_rejects_an_unknown_muscle_or_cycle() -> None:
    with pytest.raises(ValueError, match="no recorded muscle 'gluteus_minimus'"):
        run_recorded(PipelineSettings(signal="recorded", muscle="gluteus_minimus"))
    for cycle in (0, 6):
        with pytest.raises(ValueError, match="cycle must be between 1 and 5"):
            run_recorded(PipelineSettings(signal="recorded", cycle=cycle))


def test_the_chart_has_alt_text_naming_the_recording() -> None:
    view = emg_pipeline_explorer("recorded")
    alt = html.unescape(re.search(r'alt="([^"]*)"', view.chart.value).group(1))  # type: ignore[union-attr]
    assert alt.startswith("Recorded data, Gluteus medius, gait cycle 1 of 5")
    assert "Shading marks stance" in alt
