"""The EMG pipeline explorer: change the signal or the processing and watch %MVIC change.

The signals are **SIMULATED** (:func:`glutelab.emg.simulate_emg`, fixed
seeds): an MVIC test and one exercise repetition. Both go through the same
processing (band-pass, rectify, linear envelope or moving RMS); the
exercise envelope is divided by the MVIC reference and summarised as mean
and peak %MVIC over the repetition. All signal processing is done by
:mod:`glutelab.emg`; this module only wires controls to it.

>>> view = emg_pipeline_explorer()
>>> view.level.value = 0.5
>>> "%MVIC" in view.status.value
True
>>> view.high.value = 1000  # the Nyquist frequency at 2000 Hz: a message, not a crash
>>> "Nyquist" in view.status.value
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Literal, NamedTuple

import ipywidgets as w
import numpy as np
import numpy.typing as npt

from glutelab import emg
from glutelab.emg_plots import pipeline_chart
from glutelab.plots import empty_chart
from glutelab.widgets import ChartView, status_html

__all__ = [
    "EmgPipelineExplorer",
    "PipelineRun",
    "PipelineSettings",
    "emg_pipeline_explorer",
    "run_pipeline",
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


def _simulate(level: float, settings: PipelineSettings, *, seed: int, mvic: bool) -> FloatArray:
    """A simulated raw trial: the MVIC test (a steady hold) or the exercise repetition."""
    if mvic:
        onset, offset = MVIC_HOLD_S
        profile = emg.activation_profile(DURATION_S, SAMPLING_RATE_HZ, onset, offset, 1.0, 0.2)
        amplitude = MVIC_AMPLITUDE_MV
    else:
        # The profile may not exceed 1, so a level above the MVIC test's is reached by
        # scaling the amplitude: activation level/LEVEL_MAX of LEVEL_MAX times the MVIC amplitude.
        onset, offset = REPETITION_S
        profile = emg.activation_profile(
            DURATION_S, SAMPLING_RATE_HZ, onset, offset, level / LEVEL_MAX, RAMP_S
        )
        amplitude = LEVEL_MAX * MVIC_AMPLITUDE_MV
    return emg.simulate_emg(
        profile,
        SAMPLING_RATE_HZ,
        seed=seed,
        noise_rms_mv=settings.noise_rms_mv,
        powerline_hz=HUM_HZ if settings.hum else None,
        powerline_amplitude_mv=HUM_AMPLITUDE_MV if settings.hum else 0.0,
        motion_artefact=settings.motion_artefact and not mvic,
        max_amplitude_mv=amplitude,
    )


def _amplitude(filtered: FloatArray, settings: PipelineSettings) -> FloatArray:
    if settings.smoothing == "rms":
        return emg.moving_rms(filtered, SAMPLING_RATE_HZ, window_s=settings.rms_window_ms / 1000)
    return emg.linear_envelope(filtered, SAMPLING_RATE_HZ, cutoff_hz=settings.envelope_cutoff_hz)


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
    raw = _simulate(settings.level, settings, seed=EXERCISE_SEED, mvic=False)
    mvic_raw = _simulate(1.0, settings, seed=MVIC_SEED, mvic=True)
    filtered = emg.bandpass(raw, fs, settings.low_hz, settings.high_hz)
    mvic_filtered = emg.bandpass(mvic_raw, fs, settings.low_hz, settings.high_hz)
    envelope = _amplitude(filtered, settings)
    reference = emg.mvic_reference(
        _amplitude(mvic_filtered, settings), fs, method="mean", window_s=MVIC_WINDOW_S
    )
    pct = emg.normalise_to_mvic(envelope, reference)
    return PipelineRun(
        raw=raw,
        filtered=filtered,
        rectified=emg.rectify(filtered),
        envelope=envelope,
        pct_mvic=pct,
        reference_mv=reference,
        onset_s=emg.detect_onset(envelope, fs, baseline_s=REPETITION_S[0] * 0.9),
        summary=emg.repetition_summary(pct, fs, *REPETITION_S),
    )


_PARAMETER_NAMES = {
    "low_hz": "the band-pass low cut-off",
    "high_hz": "the band-pass high cut-off",
    "cutoff_hz": "the envelope cut-off",
    "window_s": "the RMS window",
    "sampling_rate_hz": "the sampling rate",
}


def _plain(message: str) -> str:
    """An error from glutelab.emg with its parameter names replaced by the slider names."""
    for name, words in _PARAMETER_NAMES.items():
        message = re.sub(rf"\b{name}\b", words, message)
    return re.sub(r"(\S)=(\S)", r"\1 = \2", message)


def _slider(
    description: str, low: float, high: float, step: float, value: float, fmt: str
) -> w.FloatSlider:
    return w.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=False,
        style={"description_width": "240px"},
        layout=w.Layout(width="520px"),
    )


class EmgPipelineExplorer(w.VBox):  # type: ignore[misc]
    """Sliders for the signal and the processing, one chart redrawn in place, a status line.

    Keyboard: **Tab** moves between controls; **arrow keys** move a slider or
    change the drop-down; **Space** ticks a check box.
    """

    def __init__(self) -> None:
        defaults = PipelineSettings()
        self.level = _slider(
            "Exercise activation (MVIC test = 1)", 0.0, LEVEL_MAX, 0.05, defaults.level, ".2f"
        )
        self.noise = _slider(
            "Baseline noise (mV RMS)", 0.0, 0.2, 0.005, defaults.noise_rms_mv, ".3f"
        )
        self.hum = w.Checkbox(value=defaults.hum, description="Add 50 Hz mains hum (0.2 mV)")
        self.artefact = w.Checkbox(
            value=defaults.motion_artefact, description="Add motion artefact (exercise only)"
        )
        self.low = _slider("Band-pass low cut-off (Hz)", 5, 400, 5, defaults.low_hz, ".0f")
        self.high = _slider("Band-pass high cut-off (Hz)", 50, 1200, 10, defaults.high_hz, ".0f")
        self.smoothing = w.Dropdown(
            options=[("linear envelope (low-pass)", "envelope"), ("moving RMS", "rms")],
            value=defaults.smoothing,
            description="Smoothing",
            style={"description_width": "240px"},
            layout=w.Layout(width="520px"),
        )
        self.cutoff = _slider(
            "Envelope low-pass cut-off (Hz)", 1, 50, 1, defaults.envelope_cutoff_hz, ".0f"
        )
        self.window = _slider("RMS window (ms)", 10, 500, 10, defaults.rms_window_ms, ".0f")
        self.status = w.HTML()
        self.chart = ChartView(layout=w.Layout(width="100%"))
        self.last_run: PipelineRun | None = None
        self.last_chart_data: dict[str, Any] = {}
        self.controls = (
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
            [w.HTML("<b>The simulated signal</b>"), self.level, self.noise, self.hum, self.artefact]
        )
        processing_box = w.VBox(
            [
                w.HTML("<b>The processing</b>"),
                self.low,
                self.high,
                self.smoothing,
                self.cutoff,
                self.window,
            ]
        )
        controls = w.HBox([signal_box, processing_box], layout=w.Layout(flex_flow="row wrap"))
        super().__init__([controls, self.status, self.chart])
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
        )

    def _redraw(self, _: object = None) -> None:
        settings = self.settings()
        rms = settings.smoothing == "rms"
        self.cutoff.disabled, self.window.disabled = rms, not rms
        try:
            run = run_pipeline(settings)
        except ValueError as error:
            message = f"Cannot process with these settings: {_plain(str(error))}."
            self.last_run, self.last_chart_data = None, {}
            self.status.value = status_html(
                message + " Move the slider back to see the chart.", kind="warn"
            )
            self.chart.show(empty_chart(message, title="No chart for these settings"))
            return
        label = settings.smoothing_label()
        chart = pipeline_chart(
            run.raw,
            run.filtered,
            run.rectified,
            run.envelope,
            run.pct_mvic,
            SAMPLING_RATE_HZ,
            repetition_s=REPETITION_S,
            band_hz=(settings.low_hz, settings.high_hz),
            envelope_label=label,
            onset_s=run.onset_s,
            compact=True,
        )
        self.last_run, self.last_chart_data = run, dict(chart.data)
        onset = "no onset detected" if run.onset_s is None else f"onset at {run.onset_s:.2f} s"
        start, end = REPETITION_S
        self.status.value = status_html(
            f"Mean {run.summary.mean_pct_mvic:.0f} %MVIC, peak {run.summary.peak_pct_mvic:.0f} "
            f"%MVIC over the repetition ({start:g}-{end:g} s); MVIC reference "
            f"{run.reference_mv:.3f} mV ({label}); {onset}. SIMULATED signals.",
            kind="info",
        )
        self.chart.show(chart)


def emg_pipeline_explorer() -> EmgPipelineExplorer:
    """The interactive EMG pipeline used in ``06_emg_methods.ipynb``."""
    return EmgPipelineExplorer()
