"""The EMG pipeline explorer: change the signal or the processing and watch %MVIC change.

By default the signals are **SIMULATED** (:func:`glutelab.emg.simulate_emg`, fixed
seeds): an MVIC test and one exercise repetition. Both go through the same
processing (band-pass, rectify, linear envelope or moving RMS); the
exercise envelope is divided by the MVIC reference and summarised as mean
and peak %MVIC over the repetition. The *Signal* control switches to a
**RECORDED** walking trial (:mod:`glutelab.gait_emg`): the same processing on
real gluteus medius or maximus EMG, one gait cycle at a time, normalised to the
recording's own peak because no MVIC test was recorded. All signal processing is
done by :mod:`glutelab.emg` and :mod:`glutelab.gait_emg`; this module only wires
controls to them.

>>> view = emg_pipeline_explorer()
>>> view.level.value = 0.5
>>> "%MVIC" in view.status.value
True
>>> view.high.value = 1000  # the Nyquist frequency at 2000 Hz: a message, not a crash
>>> "Nyquist" in view.status.value
True
>>> view.high.value, view.signal.value = 450, "recorded"
>>> "cycle 1 of 5" in view.status.value and "RECORDED" in view.status.value
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal, NamedTuple

import ipywidgets as w
import numpy as np
import numpy.typing as npt

from glutelab import emg, gait_emg
from glutelab.emg_plots import PipelineFigure
from glutelab.gait_plots import RecordedCycleFigure
from glutelab.plots import empty_chart
from glutelab.style import Chart
from glutelab.widgets import ChartView, settled, status_html

__all__ = [
    "EmgPipelineExplorer",
    "PipelineRun",
    "PipelineSettings",
    "RecordedRun",
    "draw_recorded_cycle",
    "emg_pipeline_explorer",
    "highest_activation_run",
    "recorded_cycle_count",
    "recorded_status",
    "run_pipeline",
    "run_recorded",
    "show_run",
]

FloatArray = npt.NDArray[np.float64]

SAMPLING_RATE_HZ = 2000.0
"""Samples per second of the simulated signals (Nyquist frequency 1000 Hz)."""
DURATION_S = 2.0
REPETITION_S = (0.5, 1.7)
"""When the simulated exercise repetition starts and ends (s): the window for mean and peak."""
RAMP_S = 0.4
"""The repetition builds up and fades over 0.4 s, so its mean is clearly below its peak."""
MVIC_HOLD_S = (0.3, 1.9)
MVIC_WINDOW_S = 0.5
"""The MVIC reference is the mean envelope over the best 0.5 s of the test."""
LEVEL_MAX = 1.2
"""Highest exercise activation offered, as a multiple of the activation in the MVIC test."""
MVIC_AMPLITUDE_MV = 1.0
"""RMS amplitude of the simulated EMG during the MVIC test (mV)."""
HUM_HZ: Literal[50] = 50
HUM_AMPLITUDE_MV = 0.2
EXERCISE_SEED = 2024
MVIC_SEED = 7


@dataclass(frozen=True)
class PipelineSettings:
    """Everything the explorer lets you change (defaults: a typical lab pipeline)."""

    level: float = 0.6
    """Exercise activation as a multiple of the MVIC test's (0 to 1.2)."""
    noise_rms_mv: float = 0.01
    """Baseline noise (mV RMS), present in both trials."""
    hum: bool = False
    """Add 50 Hz mains hum (0.2 mV) to both trials."""
    motion_artefact: bool = False
    """Add slow movement artefact to the exercise (the MVIC test is isometric, so not to it)."""
    low_hz: float = 20.0
    """Band-pass low cut-off (Hz)."""
    high_hz: float = 450.0
    """Band-pass high cut-off (Hz)."""
    smoothing: Literal["envelope", "rms"] = "envelope"
    """``"envelope"``: rectify and low-pass; ``"rms"``: moving root mean square."""
    envelope_cutoff_hz: float = 6.0
    """Low-pass cut-off of the linear envelope (Hz)."""
    rms_window_ms: float = 100.0
    """Window of the moving RMS (ms)."""
    signal: Literal["simulated", "recorded"] = "simulated"
    """``"simulated"``: the MVIC test and repetition; ``"recorded"``: the walking trial."""
    muscle: str = "gluteus_medius"
    """The recorded muscle shown (``"gluteus_medius"`` or ``"gluteus_maximus"``)."""
    cycle: int = 1
    """The recorded gait cycle shown (1 to the number of complete cycles)."""

    def smoothing_label(self) -> str:
        """How the amplitude was smoothed, for chart labels."""
        if self.smoothing == "rms":
            return f"moving RMS, {self.rms_window_ms:g} ms window"
        return f"linear envelope, {self.envelope_cutoff_hz:g} Hz low-pass"


class PipelineRun(NamedTuple):
    """Every step of one run of the pipeline (arrays in mV unless stated)."""

    raw: FloatArray
    filtered: FloatArray
    rectified: FloatArray
    envelope: FloatArray
    pct_mvic: FloatArray
    """The exercise envelope in %MVIC."""
    reference_mv: float
    """The MVIC reference amplitude."""
    onset_s: float | None
    """Onset detected on the exercise envelope (``None`` if not found)."""
    summary: emg.RepetitionSummary


@dataclass(frozen=True)
class Trial:
    """What one simulated raw trial depends on (the key of the caches below)."""

    level: float
    """Activation as a multiple of the MVIC test's (1.0 for the MVIC test itself)."""
    noise_rms_mv: float
    hum: bool
    motion_artefact: bool
    mvic: bool
    """The MVIC test (a steady hold) rather than the exercise repetition."""


def _trials(settings: PipelineSettings) -> tuple[Trial, Trial]:
    """The exercise repetition and the MVIC test for these settings.

    The MVIC test is isometric, so it never gets the motion artefact.
    """
    exercise = Trial(
        settings.level, settings.noise_rms_mv, settings.hum, settings.motion_artefact, mvic=False
    )
    mvic = Trial(1.0, settings.noise_rms_mv, settings.hum, False, mvic=True)
    return exercise, mvic


def _read_only(values: FloatArray) -> FloatArray:
    """A cached array, protected from changes by whoever receives it."""
    values.setflags(write=False)
    return values


@lru_cache(maxsize=32)
def _raw(trial: Trial) -> FloatArray:
    """A simulated raw trial: the MVIC test (a steady hold) or the exercise repetition.

    Cached, like each processing step below: a change to the processing reuses the
    simulated signals, and a change to the exercise reuses the processed MVIC test.
    """
    if trial.mvic:
        onset, offset = MVIC_HOLD_S
        profile = emg.activation_profile(DURATION_S, SAMPLING_RATE_HZ, onset, offset, 1.0, 0.2)
        amplitude, seed = MVIC_AMPLITUDE_MV, MVIC_SEED
    else:
        # The profile may not exceed 1, so a level above the MVIC test's is reached by
        # scaling the amplitude: activation level/LEVEL_MAX of LEVEL_MAX times the MVIC amplitude.
        onset, offset = REPETITION_S
        profile = emg.activation_profile(
            DURATION_S, SAMPLING_RATE_HZ, onset, offset, trial.level / LEVEL_MAX, RAMP_S
        )
        amplitude, seed = LEVEL_MAX * MVIC_AMPLITUDE_MV, EXERCISE_SEED
    raw = emg.simulate_emg(
        profile,
        SAMPLING_RATE_HZ,
        seed=seed,
        noise_rms_mv=trial.noise_rms_mv,
        powerline_hz=HUM_HZ if trial.hum else None,
        powerline_amplitude_mv=HUM_AMPLITUDE_MV if trial.hum else 0.0,
        motion_artefact=trial.motion_artefact,
        max_amplitude_mv=amplitude,
    )
    return _read_only(raw)


@lru_cache(maxsize=32)
def _band_passed(trial: Trial, low_hz: float, high_hz: float) -> FloatArray:
    """The trial band-passed (cached)."""
    return _read_only(emg.bandpass(_raw(trial), SAMPLING_RATE_HZ, low_hz, high_hz))


Smoothing = tuple[Literal["envelope", "rms"], float]
"""How the amplitude is smoothed: ``("envelope", cut-off in Hz)`` or ``("rms", window in ms)``."""


def _smoothing(settings: PipelineSettings) -> Smoothing:
    if settings.smoothing == "rms":
        return ("rms", settings.rms_window_ms)
    return ("envelope", settings.envelope_cutoff_hz)


@lru_cache(maxsize=32)
def _amplitude(trial: Trial, low_hz: float, high_hz: float, smoothing: Smoothing) -> FloatArray:
    """The trial's amplitude over time: linear envelope or moving RMS (cached)."""
    filtered = _band_passed(trial, low_hz, high_hz)
    method, value = smoothing
    if method == "rms":
        amplitude = emg.moving_rms(filtered, SAMPLING_RATE_HZ, window_s=value / 1000)
    else:
        amplitude = emg.linear_envelope(filtered, SAMPLING_RATE_HZ, cutoff_hz=value)
    return _read_only(amplitude)


def run_pipeline(settings: PipelineSettings | None = None) -> PipelineRun:
    """Simulate an MVIC test and an exercise repetition and process both identically.

    Parameters
    ----------
    settings
        The signal and processing settings (``None``: the defaults).

    Returns
    -------
    PipelineRun
        Every step for the exercise trial, the MVIC reference, the onset and
        the mean and peak %MVIC over the repetition.

    Raises
    ------
    ValueError
        From :mod:`glutelab.emg` when a setting is impossible, e.g. a cut-off at
        or above the Nyquist frequency (1000 Hz) or a low cut-off above the high one.

    Examples
    --------
    >>> run = run_pipeline(PipelineSettings(level=1.0))
    >>> 60 < run.summary.mean_pct_mvic < run.summary.peak_pct_mvic
    True
    """
    settings = settings or PipelineSettings()
    if not 0 <= settings.level <= LEVEL_MAX:
        raise ValueError(f"level must be between 0 and {LEVEL_MAX}, got {settings.level}")
    fs = SAMPLING_RATE_HZ
    exercise, mvic = _trials(settings)
    band = (settings.low_hz, settings.high_hz)
    smoothing = _smoothing(settings)
    filtered = _band_passed(exercise, *band)
    envelope = _amplitude(exercise, *band, smoothing)
    reference = emg.mvic_reference(
        _amplitude(mvic, *band, smoothing), fs, method="mean", window_s=MVIC_WINDOW_S
    )
    pct = emg.normalise_to_mvic(envelope, reference)
    return PipelineRun(
        raw=_raw(exercise),
        filtered=filtered,
        rectified=emg.rectify(filtered),
        envelope=envelope,
        pct_mvic=pct,
        reference_mv=reference,
        onset_s=emg.detect_onset(envelope, fs, baseline_s=REPETITION_S[0] * 0.9),
        summary=emg.repetition_summary(pct, fs, *REPETITION_S),
    )


def highest_activation_run(settings: PipelineSettings) -> PipelineRun:
    """The run with these settings at the highest activation offered (:data:`LEVEL_MAX`).

    The explorer's panels are scaled to hold it, so they stay put while only the activation
    changes (cached: every step of the activation slider asks for the same run).

    >>> highest_activation_run(PipelineSettings(level=0.2)).summary.peak_pct_mvic > 100
    True
    """
    return _cached_run(replace(settings, level=LEVEL_MAX))


@lru_cache(maxsize=8)
def _cached_run(settings: PipelineSettings) -> PipelineRun:
    run = run_pipeline(settings)
    for step in run:
        if isinstance(step, np.ndarray):
            _read_only(step)
    return run


# --- the recorded walking trial ----------------------------------------------------------------


class RecordedRun(NamedTuple):
    """One gait cycle of the recorded trial through the pipeline (source units unless stated)."""

    number: int
    """The cycle shown (1-based)."""
    cycle: gait_emg.GaitCycle
    time_s: FloatArray
    raw: FloatArray
    filtered: FloatArray
    amplitude: FloatArray
    """Linear envelope or moving RMS, as the settings say."""
    cycle_pct: FloatArray
    """This cycle's amplitude as % of the recording's peak, at 0-100 % of the cycle."""
    profile: gait_emg.CycleProfile
    """Mean and SD of every cycle, same normalisation."""
    limits: tuple[float, float, float]
    """The raw, band-passed and rectified panels' scales: the largest raw value over all
    cycles, and for the other two the larger of the largest band-passed value and the
    muscle's reference (:data:`SCALE_HEADROOM`)."""
    max_duration_s: float
    """The longest cycle (s): the time axes' length, the same for every cycle."""


@lru_cache(maxsize=1)
def _recording() -> gait_emg.RecordedTrial:
    """The recorded trial, loaded once per kernel."""
    trial = gait_emg.recorded_trial()
    for values in (trial.time_s, *trial.raw.values()):
        _read_only(values)
    return trial


SCALE_HEADROOM = 1.05
"""The band-passed and rectified panels of a recorded muscle keep one scale while the
processing changes (a narrower band is seen to shrink the signal, and the chart is redrawn
in layers): this much above the larger of the muscle's raw peak and its band-passed peak with
the default band. A processing whose peak is higher still widens the scale."""


def _in_cycles(trial: gait_emg.RecordedTrial) -> npt.NDArray[np.bool_]:
    """Which samples lie from the first cycle's touchdown to the last cycle's end."""
    t, cycles = trial.time_s, trial.cycles
    return (t >= cycles[0].touchdown_s) & (t <= cycles[-1].next_touchdown_s)


@lru_cache(maxsize=4)
def _reference_limit(muscle: str) -> float:
    """The band-passed panels' scale for ``muscle`` (see :data:`SCALE_HEADROOM`)."""
    trial = _recording()
    inside = _in_cycles(trial)
    default = PipelineSettings()
    raw = trial.raw[muscle]
    filtered = emg.bandpass(raw, trial.sampling_rate_hz, default.low_hz, default.high_hz)
    peaks = np.abs(raw[inside]).max(), np.abs(filtered[inside]).max()
    return float(max(peaks)) * SCALE_HEADROOM


class _RecordedSteps(NamedTuple):
    filtered: FloatArray
    amplitude: FloatArray
    profile: gait_emg.CycleProfile
    limits: tuple[float, float, float]


@lru_cache(maxsize=16)
def _recorded_steps(
    muscle: str, low_hz: float, high_hz: float, smoothing: Smoothing
) -> _RecordedSteps:
    """Every sample of one muscle processed, and its cycles normalised (cached).

    Stepping through the cycles only slices these arrays, so it filters nothing.
    """
    trial = _recording()
    fs, t, cycles = trial.sampling_rate_hz, trial.time_s, trial.cycles
    raw = trial.raw[muscle]
    filtered = emg.bandpass(raw, fs, low_hz, high_hz)
    method, value = smoothing
    if method == "rms":
        amplitude = emg.moving_rms(filtered, fs, window_s=value / 1000)
    else:
        amplitude = emg.linear_envelope(filtered, fs, cutoff_hz=value)
    profile = gait_emg.cycle_profile(gait_emg.normalise_to_peak(amplitude, t, cycles), t, cycles)
    inside = _in_cycles(trial)
    scale = max(float(np.abs(filtered[inside]).max()), _reference_limit(muscle))
    limits = (float(np.abs(raw[inside]).max()), scale, scale)
    return _RecordedSteps(_read_only(filtered), _read_only(amplitude), profile, limits)


def recorded_cycle_count() -> int:
    """How many complete gait cycles the recorded trial holds.

    >>> recorded_cycle_count()
    5
    """
    return len(_recording().cycles)


def run_recorded(settings: PipelineSettings) -> RecordedRun:
    """The recorded trial's cycle ``settings.cycle`` through the settings' processing.

    Raises
    ------
    ValueError
        For an impossible setting (e.g. a cut-off at or above 500 Hz, the Nyquist frequency
        of this 1000 Hz recording), an unknown muscle or a cycle out of range.

    Examples
    --------
    >>> run = run_recorded(PipelineSettings(signal="recorded", cycle=2))
    >>> run.number, round(run.cycle.touchdown_s, 3), run.cycle_pct.size
    (2, 2.448, 101)
    """
    trial = _recording()
    if settings.muscle not in trial.raw:
        raise ValueError(f"no recorded muscle {settings.muscle!r}")
    if not 1 <= settings.cycle <= len(trial.cycles):
        raise ValueError(f"cycle must be between 1 and {len(trial.cycles)}, got {settings.cycle}")
    steps = _recorded_steps(
        settings.muscle, settings.low_hz, settings.high_hz, _smoothing(settings)
    )
    cycle = trial.cycles[settings.cycle - 1]
    t = trial.time_s
    inside = (t >= cycle.touchdown_s) & (t <= cycle.next_touchdown_s)
    return RecordedRun(
        number=settings.cycle,
        cycle=cycle,
        time_s=t[inside],
        raw=trial.raw[settings.muscle][inside],
        filtered=steps.filtered[inside],
        amplitude=steps.amplitude[inside],
        cycle_pct=steps.profile.cycles[settings.cycle - 1],
        profile=steps.profile,
        limits=steps.limits,
        max_duration_s=max(c.duration_s for c in trial.cycles),
    )


def recorded_status(run: RecordedRun, settings: PipelineSettings) -> str:
    """The status line for a recorded cycle (plain text).

    >>> settings = PipelineSettings(signal="recorded")
    >>> recorded_status(run_recorded(settings), settings)[:40]
    'Recorded walking, gluteus medius, cycle '
    """
    peak_at = float(run.profile.pct_cycle[int(np.argmax(run.cycle_pct))])
    name = settings.muscle.replace("_", " ")
    return (
        f"Recorded walking, {name}, cycle {run.number} of {run.profile.n_cycles} "
        f"({run.cycle.duration_s:.2f} s, stance {run.cycle.stance_pct:.0f} % of the cycle): "
        f"the {settings.smoothing_label()} peaks at {peak_at:.0f} % of the cycle, at "
        f"{run.cycle_pct.max():.0f} % of the recording's own peak. No MVIC test was "
        "recorded, so this is not %MVIC. RECORDED signal."
    )


_PARAMETER_NAMES = {
    "low_hz": "the band-pass low cut-off",
    "high_hz": "the band-pass high cut-off",
    "cutoff_hz": "the envelope cut-off",
    "window_s": "the RMS window",
    "sampling_rate_hz": "the sampling rate",
}


def show_run(
    figure: PipelineFigure,
    run: PipelineRun,
    settings: PipelineSettings,
    *,
    rms: FloatArray | None = None,
    scale_with: PipelineRun | None = None,
) -> Chart:
    """Put one run of the pipeline into ``figure``, titled with its settings' band-pass and
    smoothing (``rms``: a moving RMS drawn beside, for a figure built with ``rms_label``;
    ``scale_with``: another run the panels' scales must hold too).

    >>> settings = PipelineSettings(level=1.0)
    >>> run = run_pipeline(settings)
    >>> figure = PipelineFigure(run.raw.size, SAMPLING_RATE_HZ, repetition_s=REPETITION_S)
    >>> show_run(figure, run, settings).data["mean_pct_mvic"] == run.summary.mean_pct_mvic
    True
    """
    return figure.update(
        run.raw,
        run.filtered,
        run.rectified,
        run.envelope,
        run.pct_mvic,
        band_hz=(settings.low_hz, settings.high_hz),
        envelope_label=settings.smoothing_label(),
        rms=rms,
        onset_s=run.onset_s,
        scale_with=None if scale_with is None else scale_with._asdict(),
    )


def _plain(message: str) -> str:
    """An error from glutelab.emg with its parameter names replaced by the slider names."""
    for name, words in _PARAMETER_NAMES.items():
        message = re.sub(rf"\b{name}\b", words, message)
    return re.sub(r"(\S)=(\S)", r"\1 = \2", message)


SIGNAL_LABEL_WIDTH = "240px"
"""Room for the longest signal label, "Exercise activation (MVIC test = 1)", uncut."""
PROCESSING_LABEL_WIDTH = "215px"
"""Room for the longest processing label, "Envelope low-pass cut-off (Hz)", uncut."""
COLUMNS = "repeat(auto-fit, minmax(420px, 1fr))"
"""The signal and processing controls side by side, each column at least 420 px wide;
one above the other when the notebook is narrower than two such columns."""
LOCKED_SLIDER_CSS = """<style>
.glutelab-emg-explorer .widget-slider [disabled].noUi-target { opacity: 1; }
.glutelab-emg-explorer .widget-slider [disabled] .noUi-connects {
  background: repeating-linear-gradient(90deg, #767676 0 6px, transparent 6px 10px);
}
.glutelab-emg-explorer .widget-slider [disabled] .noUi-handle {
  background: #E0E0E0; border: 2px solid #595959;
}
</style>"""
"""A locked slider stays readable: ipywidgets fades it to 35 % opacity (a near-white track
and handle); here its track is dashed mid-grey and its handle has a dark grey edge (both at
least 3:1 against white), so a learner sees where it is and that it is locked."""
SMOOTHING_NOTE = (
    '<div style="font-size:0.85em;line-height:1.3;margin:0 0 4px">The linear envelope uses '
    "the low-pass cut-off, the moving RMS the window; the slider not in use is locked "
    "(dashed).</div>"
)


def _slider(
    description: str,
    low: float,
    high: float,
    step: float,
    value: float,
    fmt: str,
    *,
    label_width: str,
) -> w.FloatSlider:
    """A slider as wide as its column, updated when released (or when a value is typed)."""
    return w.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=False,
        style={"description_width": label_width},
        layout=w.Layout(width="100%"),
    )


def _checkbox(description: str, value: bool) -> w.Checkbox:
    """A check box whose whole label shows (no fixed 300 px width, no indent)."""
    return w.Checkbox(
        value=value, description=description, indent=False, layout=w.Layout(width="auto")
    )


class EmgPipelineExplorer(w.VBox):  # type: ignore[misc]
    """Sliders for the signal and the processing, one chart redrawn in place, a status line.

    Keyboard (checked in JupyterLab 4.6): **Tab** moves between controls. A slider takes
    a value typed into the box beside it and **Enter**; with its handle focused, the
    **arrow keys** also move it one step at a time (**Page Up/Down** five steps,
    **Home/End** to its ends), each step redrawing the chart. **Space** ticks a check box.
    The *Smoothing* drop-down opens with **Space** or **Alt+Down**; then the arrow keys
    and **Enter** choose (on the closed drop-down an arrow key moves to another notebook
    cell instead). The slider of the smoothing not in use is locked.

    The panels are scaled to hold the same settings at the highest activation, so the
    activation slider never rescales them: the signal grows and shrinks in a fixed frame.
    """

    def __init__(self, signal: Literal["simulated", "recorded"] = "simulated") -> None:
        defaults = PipelineSettings()
        label = SIGNAL_LABEL_WIDTH
        processing = PROCESSING_LABEL_WIDTH
        self.signal = w.Dropdown(
            options=[
                ("simulated", "simulated"),
                ("recorded walking", "recorded"),
            ],
            value=signal,
            description="Signal",
            style={"description_width": label},
            layout=w.Layout(width="calc(100% - 8px)"),
        )
        self.muscle = w.Dropdown(
            options=[("gluteus medius", "gluteus_medius"), ("gluteus maximus", "gluteus_maximus")],
            value=defaults.muscle,
            description="Recorded muscle",
            style={"description_width": label},
            layout=w.Layout(width="calc(100% - 8px)"),
        )
        self.cycle = w.IntSlider(
            value=defaults.cycle,
            min=1,
            max=recorded_cycle_count(),
            step=1,
            description="Recorded gait cycle",
            continuous_update=False,
            style={"description_width": label},
            layout=w.Layout(width="100%"),
        )
        self.level = _slider(
            "Exercise activation (MVIC test = 1)",
            0.0,
            LEVEL_MAX,
            0.05,
            defaults.level,
            ".2f",
            label_width=label,
        )
        self.noise = _slider(
            "Baseline noise (mV RMS)",
            0.0,
            0.2,
            0.005,
            defaults.noise_rms_mv,
            ".3f",
            label_width=label,
        )
        self.hum = _checkbox("Add 50 Hz mains hum (0.2 mV)", defaults.hum)
        self.artefact = _checkbox("Add motion artefact (exercise only)", defaults.motion_artefact)
        self.low = _slider(
            "Band-pass low cut-off (Hz)", 5, 400, 5, defaults.low_hz, ".0f", label_width=processing
        )
        self.high = _slider(
            "Band-pass high cut-off (Hz)",
            50,
            1200,
            10,
            defaults.high_hz,
            ".0f",
            label_width=processing,
        )
        self.smoothing = w.Dropdown(
            options=[("linear envelope (low-pass)", "envelope"), ("moving RMS", "rms")],
            value=defaults.smoothing,
            description="Smoothing",
            style={"description_width": processing},
            layout=w.Layout(width="calc(100% - 8px)"),
        )
        self.cutoff = _slider(
            "Envelope low-pass cut-off (Hz)",
            1,
            50,
            1,
            defaults.envelope_cutoff_hz,
            ".0f",
            label_width=processing,
        )
        self.window = _slider(
            "RMS window (ms)", 10, 500, 10, defaults.rms_window_ms, ".0f", label_width=processing
        )
        self.status = w.HTML()
        self.chart = ChartView(layout=w.Layout(width="100%"))
        self.figure = PipelineFigure(
            round(DURATION_S * SAMPLING_RATE_HZ),
            SAMPLING_RATE_HZ,
            repetition_s=REPETITION_S,
            compact=True,
        )
        self.last_run: PipelineRun | None = None
        self.last_recorded_run: RecordedRun | None = None
        self.recorded_figure: RecordedCycleFigure | None = None
        """Made the first time the recorded signal is shown."""
        self.last_chart_data: dict[str, Any] = {}
        self.controls = (
            self.signal,
            self.muscle,
            self.cycle,
            self.level,
            self.noise,
            self.hum,
            self.artefact,
            self.low,
            self.high,
            self.smoothing,
            self.cutoff,
            self.window,
        )
        for control in self.controls:
            control.observe(self._redraw, names="value")
        signal_box = w.VBox(
            [
                w.HTML("<b>The signal</b>"),
                self.signal,
                self.level,
                self.noise,
                self.hum,
                self.artefact,
                self.muscle,
                self.cycle,
            ]
        )
        processing_box = w.VBox(
            [
                w.HTML("<b>The processing</b>"),
                self.low,
                self.high,
                self.smoothing,
                w.HTML(SMOOTHING_NOTE),
                self.cutoff,
                self.window,
            ]
        )
        self.columns = w.GridBox(
            [signal_box, processing_box],
            layout=w.Layout(grid_template_columns=COLUMNS, grid_gap="0 24px"),
        )
        super().__init__([w.HTML(LOCKED_SLIDER_CSS), self.columns, self.status, self.chart])
        self.add_class("glutelab-emg-explorer")
        self._redraw()

    def settings(self) -> PipelineSettings:
        """The settings the controls show now."""
        return replace(
            PipelineSettings(),
            level=float(self.level.value),
            noise_rms_mv=float(self.noise.value),
            hum=bool(self.hum.value),
            motion_artefact=bool(self.artefact.value),
            low_hz=float(self.low.value),
            high_hz=float(self.high.value),
            smoothing=self.smoothing.value,
            envelope_cutoff_hz=float(self.cutoff.value),
            rms_window_ms=float(self.window.value),
            signal=self.signal.value,
            muscle=self.muscle.value,
            cycle=int(self.cycle.value),
        )

    def _redraw(self, _: object = None) -> None:
        settings = self.settings()
        rms = settings.smoothing == "rms"
        self.cutoff.disabled, self.window.disabled = rms, not rms
        recorded = settings.signal == "recorded"
        for control in (self.level, self.noise, self.hum, self.artefact):
            control.disabled = recorded
        self.muscle.disabled = self.cycle.disabled = not recorded
        try:
            if recorded:
                self._redraw_recorded(settings)
                return
            run = run_pipeline(settings)
        except ValueError as error:
            message = f"Cannot process with these settings: {_plain(str(error))}."
            self.last_run, self.last_recorded_run, self.last_chart_data = None, None, {}
            self.status.value = status_html(
                message + " Move the slider back to see the chart.", kind="warn"
            )
            self.chart.show(empty_chart(message, title="No chart for these settings"))
            return
        label = settings.smoothing_label()

        def draw() -> Chart:
            # scaled for the highest activation: the activation slider never rescales a panel
            return show_run(self.figure, run, settings, scale_with=highest_activation_run(settings))

        # The chart first, then the line above it: the two messages leave together, so the
        # page shows the new numbers and the new chart at once (and is not busy redrawing
        # the line while this kernel draws the chart). A state shown before comes from the
        # view's cache. (States one change away are not drawn ahead: there are about 40,
        # each a five-panel figure, and drawing them competed with the shown one for the
        # kernel on 2 cores: first visits got slower, benchmarks/RESULTS.md section 6.)
        self.chart.show_cached(settings, draw, keep=True, png=self.figure.png)
        self.last_run, self.last_chart_data = run, dict(self.chart.data)
        self.last_recorded_run = None
        onset = "no onset detected" if run.onset_s is None else f"onset at {run.onset_s:.2f} s"
        start, end = REPETITION_S
        self.status.value = status_html(
            f"Mean {run.summary.mean_pct_mvic:.0f} %MVIC, peak {run.summary.peak_pct_mvic:.0f} "
            f"%MVIC over the repetition ({start:g}-{end:g} s); MVIC reference "
            f"{run.reference_mv:.3f} mV ({label}); {onset}. SIMULATED signals.",
            kind="info",
        )

    def _redraw_recorded(self, settings: PipelineSettings) -> None:
        """One cycle of the recorded trial: chart and status.

        The processed recording is computed once per muscle and processing (cached);
        stepping through the cycles slices it and redraws only the cycle's lines.
        """
        run = run_recorded(settings)
        if self.recorded_figure is None:
            self.recorded_figure = RecordedCycleFigure()
        chart = draw_recorded_cycle(run, settings, self.recorded_figure)
        self.last_run, self.last_chart_data = None, dict(chart.data)
        self.last_recorded_run = run
        self.chart.show(chart, keep=True, png=self.recorded_figure.png())
        self.status.value = status_html(recorded_status(run, settings), kind="info")


def draw_recorded_cycle(
    run: RecordedRun, settings: PipelineSettings, figure: RecordedCycleFigure | None = None
) -> Chart:
    """One processed cycle of the recorded trial as the explorer draws it.

    ``figure`` is redrawn in place (the explorer keeps one); without it a new figure is made.

    >>> settings = PipelineSettings(signal="recorded", cycle=2)
    >>> chart = draw_recorded_cycle(run_recorded(settings), settings)
    >>> "cycle 2" in chart.alt.lower()
    True
    """
    return (RecordedCycleFigure() if figure is None else figure).update(
        run.time_s,
        run.raw,
        run.filtered,
        run.amplitude,
        run.cycle,
        run.cycle_pct,
        run.profile,
        settings.muscle,
        number=run.number,
        amplitude_label=settings.smoothing_label(),
        band_hz=(settings.low_hz, settings.high_hz),
        limits=run.limits,
        max_duration_s=run.max_duration_s,
    )


def emg_pipeline_explorer(
    signal: Literal["simulated", "recorded"] = "simulated",
) -> EmgPipelineExplorer:
    """The interactive EMG pipeline used in ``06_emg_methods.ipynb``.

    ``signal="recorded"`` starts on the recorded walking trial instead of the simulation.
    """
    return settled(EmgPipelineExplorer(signal))
