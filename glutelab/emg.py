"""Surface-EMG processing for teaching, with a SIMULATED signal to practise on.

The studies in this course report gluteal activity as %MVIC: EMG amplitude
during an exercise divided by the amplitude during a maximal voluntary
isometric contraction (MVIC). This module walks through that pipeline on a
signal it simulates, so every step can be seen and checked:

1. :func:`activation_profile` - the activation we intend (0 to 1 over time);
2. :func:`simulate_emg` - a raw signal in mV built from that profile.
   **It is simulated, not recorded**: amplitude-modulated noise, not motor units;
3. :func:`bandpass` - keep the EMG band (20-450 Hz), drop movement and DC;
4. :func:`rectify` and :func:`linear_envelope` (or :func:`moving_rms`) - amplitude over time;
5. :func:`detect_onset` - when the muscle switched on;
6. :func:`mvic_reference` and :func:`normalise_to_mvic` - express amplitude as %MVIC;
7. :func:`repetition_summary` - mean and peak %MVIC over one repetition.

Every function takes and returns NumPy arrays (one value per sample) and
raises :class:`ValueError` naming the parameter at fault.

>>> fs = 2000.0
>>> mvic = simulate_emg(activation_profile(3.0, fs, 0.5, 2.5, 1.0), fs, seed=1)
>>> squat = simulate_emg(activation_profile(3.0, fs, 0.5, 2.5, 0.4), fs, seed=2)
>>> reference = mvic_reference(linear_envelope(bandpass(mvic, fs), fs), fs, method="mean")
>>> pct = normalise_to_mvic(linear_envelope(bandpass(squat, fs), fs), reference)
>>> summary = repetition_summary(pct, fs, 1.0, 2.0)
>>> 35 < summary.mean_pct_mvic < 45
True
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = [
    "RepetitionSummary",
    "activation_profile",
    "bandpass",
    "butter_sos",
    "detect_onset",
    "linear_envelope",
    "moving_rms",
    "mvic_reference",
    "normalise_to_mvic",
    "rectify",
    "repetition_summary",
    "simulate_emg",
]

FloatArray = npt.NDArray[np.float64]

EMG_BAND_HZ = (20.0, 450.0)
"""The band the simulated EMG occupies and :func:`bandpass` keeps by default, in Hz."""

_MOTION_CUTOFF_HZ = 5.0
_MOTION_RMS_FRACTION = 0.5


# --- validation helpers -----------------------------------------------------------------


def _signal(values: npt.ArrayLike, name: str) -> FloatArray:
    """``values`` as a 1-D float array, refusing empty input, NaN and infinity."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be one-dimensional (one value per sample), got shape {array.shape}"
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty; it needs at least one sample")
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        first = int(bad[0])
        raise ValueError(
            f"{name} contains NaN or infinite values (first at index {first}: {array[first]})"
        )
    return array


def _finite(value: float, name: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _positive(value: float, name: str) -> float:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive, finite number, got {value!r}")
    return float(value)


def _order(order: int) -> int:
    if isinstance(order, bool) or not isinstance(order, int | np.integer) or order < 1:
        raise ValueError(f"order must be a whole number >= 1, got {order!r}")
    return int(order)


def _below_nyquist(cutoff_hz: float, sampling_rate_hz: float, name: str) -> float:
    cutoff_hz = _positive(cutoff_hz, name)
    nyquist = sampling_rate_hz / 2
    if cutoff_hz >= nyquist:
        raise ValueError(
            f"{name}={cutoff_hz} Hz must be below the Nyquist frequency "
            f"({nyquist} Hz, half of sampling_rate_hz={sampling_rate_hz})"
        )
    return cutoff_hz


def _samples(
    seconds: float, sampling_rate_hz: float, n_samples: int, name: str, within: str = "the signal"
) -> int:
    """A window of ``seconds`` in whole samples, at least one and at most ``n_samples``."""
    count = round(_finite(seconds, name) * sampling_rate_hz)
    if count < 1:
        raise ValueError(
            f"{name}={seconds} s is shorter than one sample at sampling_rate_hz={sampling_rate_hz}"
        )
    if count > n_samples:
        raise ValueError(
            f"{name}={seconds} s ({count} samples) is longer than {within} ({n_samples} samples)"
        )
    return count


def _zero_phase(sos: FloatArray, signal: FloatArray, order: int) -> FloatArray:
    """``scipy.signal.sosfiltfilt`` with a readable error when the signal is too short."""
    from scipy.signal import sosfiltfilt  # type: ignore[import-untyped, unused-ignore]

    # The padding sosfiltfilt uses by default; the signal must be longer than it.
    taps = 2 * sos.shape[0] + 1 - min(int((sos[:, 2] == 0).sum()), int((sos[:, 5] == 0).sum()))
    if signal.size <= 3 * taps:
        raise ValueError(
            f"signal has {signal.size} samples; a zero-phase filter of order={order} "
            f"needs more than {3 * taps}"
        )
    return np.asarray(sosfiltfilt(sos, signal), dtype=np.float64)


# --- simulation --------------------------------------------------------------------------


def activation_profile(
    duration_s: float,
    sampling_rate_hz: float,
    onset_s: float,
    offset_s: float,
    level: float,
    ramp_s: float = 0.1,
) -> FloatArray:
    """The intended activation over time: a trapezoid from 0 up to ``level`` and back.

    Activation is 0 before ``onset_s``, rises linearly for ``ramp_s``, holds
    at ``level``, falls linearly over the last ``ramp_s`` before ``offset_s``
    and is 0 from ``offset_s`` on. If the burst is shorter than two ramps it
    is a triangle that never reaches ``level``.

    Parameters
    ----------
    duration_s
        Length of the trial in seconds.
    sampling_rate_hz
        Samples per second (Hz).
    onset_s, offset_s
        When activation starts rising and when it is back to zero, in seconds
        from the start; ``0 <= onset_s < offset_s <= duration_s``.
    level
        Plateau activation as a fraction of maximal (0 to 1; 0.5 is half of MVIC).
    ramp_s
        Duration of the rise and of the fall in seconds (0 for a rectangle).

    Returns
    -------
    numpy.ndarray
        ``round(duration_s * sampling_rate_hz)`` values between 0 and ``level``.

    Examples
    --------
    >>> activation_profile(1.0, 10.0, 0.2, 0.8, 0.5, ramp_s=0.2).round(3).tolist()
    [0.0, 0.0, 0.0, 0.25, 0.5, 0.5, 0.5, 0.25, 0.0, 0.0]
    """
    fs = _positive(sampling_rate_hz, "sampling_rate_hz")
    duration_s = _positive(duration_s, "duration_s")
    n_samples = round(duration_s * fs)
    if n_samples < 1:
        raise ValueError(f"duration_s={duration_s} s is shorter than one sample at {fs} Hz")
    if not 0 <= _finite(onset_s, "onset_s") < duration_s:
        raise ValueError(f"onset_s={onset_s} s must be >= 0 and before duration_s={duration_s}")
    if not onset_s < _finite(offset_s, "offset_s") <= duration_s:
        raise ValueError(f"offset_s={offset_s} s must be after onset_s={onset_s} and <= duration_s")
    if not 0 <= _finite(level, "level") <= 1:
        raise ValueError(f"level must be between 0 and 1 (a fraction of maximal), got {level}")
    if _finite(ramp_s, "ramp_s") < 0:
        raise ValueError(f"ramp_s must be >= 0 s, got {ramp_s}")
    t = np.arange(n_samples) / fs
    if ramp_s == 0:
        shape = ((t >= onset_s) & (t < offset_s)).astype(np.float64)
    else:
        shape = np.clip(np.minimum(t - onset_s, offset_s - t) / ramp_s, 0.0, 1.0)
    return np.asarray(level * shape, dtype=np.float64)


def simulate_emg(
    profile: npt.ArrayLike,
    sampling_rate_hz: float,
    *,
    seed: int | None,
    noise_rms_mv: float = 0.005,
    powerline_hz: Literal[50, 60] | None = None,
    powerline_amplitude_mv: float = 0.0,
    motion_artefact: bool = False,
    max_amplitude_mv: float = 1.0,
) -> FloatArray:
    """A SIMULATED raw surface-EMG signal in mV that follows an activation profile.

    This is a teaching model, not physiology: Gaussian noise band-limited to
    20-450 Hz (where surface-EMG power lies), scaled sample by sample by
    ``profile``, plus white baseline noise, and optionally powerline hum and a
    slow motion artefact. It has no motor units, fatigue or cross-talk.

    The parts come from independent random streams derived from ``seed``, so
    adding hum or an artefact leaves the EMG and baseline noise unchanged.

    Parameters
    ----------
    profile
        Activation per sample, 0 to 1, e.g. from :func:`activation_profile`.
    sampling_rate_hz
        Samples per second (Hz); must be above 900 Hz so the 450 Hz edge of
        the EMG band lies below the Nyquist frequency.
    seed
        Seed for :func:`numpy.random.default_rng`; the same seed gives the same
        signal. ``None`` draws a fresh signal each call.
    noise_rms_mv
        RMS of the baseline (amplifier and skin) noise present at rest, in mV.
    powerline_hz
        Mains frequency of the hum, 50 or 60 Hz, or ``None`` for no hum.
    powerline_amplitude_mv
        Peak amplitude of the hum in mV (needs ``powerline_hz``).
    motion_artefact
        Add a random baseline wander below about 5 Hz, with RMS half of
        ``max_amplitude_mv``, as from cable and skin movement.
    max_amplitude_mv
        RMS amplitude of the EMG at full activation (``profile == 1``), in mV.

    Returns
    -------
    numpy.ndarray
        The raw signal in mV, one value per profile sample.

    Examples
    --------
    >>> profile = activation_profile(2.0, 2000.0, 0.5, 1.5, 0.5)
    >>> raw = simulate_emg(profile, 2000.0, seed=0)
    >>> raw.shape
    (4000,)
    >>> bool(np.array_equal(raw, simulate_emg(profile, 2000.0, seed=0)))
    True
    >>> rms_active = np.sqrt(np.mean(raw[1400:2600] ** 2))  # 0.7-1.3 s, level 0.5 of 1 mV
    >>> bool(0.45 < rms_active < 0.55)
    True
    """
    activation = _signal(profile, "profile")
    if activation.min() < 0 or activation.max() > 1:
        raise ValueError(
            "profile must lie between 0 and 1, "
            f"got values from {activation.min()} to {activation.max()}"
        )
    fs = _positive(sampling_rate_hz, "sampling_rate_hz")
    if fs <= 2 * EMG_BAND_HZ[1]:
        raise ValueError(
            f"sampling_rate_hz={fs} Hz must be above {2 * EMG_BAND_HZ[1]} Hz "
            f"(twice the {EMG_BAND_HZ[1]} Hz upper edge of the simulated EMG)"
        )
    if _finite(noise_rms_mv, "noise_rms_mv") < 0:
        raise ValueError(f"noise_rms_mv must be >= 0 mV, got {noise_rms_mv}")
    if powerline_hz not in (None, 50, 60):
        raise ValueError(f"powerline_hz must be 50, 60 or None, got {powerline_hz!r}")
    if _finite(powerline_amplitude_mv, "powerline_amplitude_mv") < 0:
        raise ValueError(f"powerline_amplitude_mv must be >= 0 mV, got {powerline_amplitude_mv}")
    if powerline_amplitude_mv > 0 and powerline_hz is None:
        raise ValueError(
            f"powerline_amplitude_mv={powerline_amplitude_mv} needs powerline_hz (50 or 60)"
        )
    max_amplitude_mv = _positive(max_amplitude_mv, "max_amplitude_mv")

    emg_rng, noise_rng, hum_rng, motion_rng = np.random.default_rng(seed).spawn(4)
    n_samples = activation.size
    emg = max_amplitude_mv * activation * _band_limited_noise(emg_rng, n_samples, fs)
    raw = emg + noise_rms_mv * noise_rng.standard_normal(n_samples)
    if powerline_hz is not None:
        t = np.arange(n_samples) / fs
        phase = hum_rng.uniform(0, 2 * np.pi)
        raw += powerline_amplitude_mv * np.sin(2 * np.pi * powerline_hz * t + phase)
    if motion_artefact:
        wander = _low_frequency_noise(motion_rng, n_samples, fs)
        raw += _MOTION_RMS_FRACTION * max_amplitude_mv * wander
    return raw


def butter_sos(
    order: int, cutoff_hz: float | tuple[float, float], btype: str, sampling_rate_hz: float
) -> FloatArray:
    """A Butterworth design as second-order sections (``scipy.signal.butter``), cached.

    An explorer filters with the same few designs again and again; designing one takes
    about as long as filtering two seconds of signal with it. Each call returns its own
    copy (SciPy's filters want a writable array).

    >>> sos = butter_sos(4, (20.0, 450.0), "bandpass", 2000.0)
    >>> sos.shape, bool((sos == butter_sos(4, (20.0, 450.0), "bandpass", 2000.0)).all())
    ((4, 6), True)
    """
    return _butter_design(order, cutoff_hz, btype, sampling_rate_hz).copy()


@lru_cache(maxsize=128)
def _butter_design(
    order: int, cutoff_hz: float | tuple[float, float], btype: str, sampling_rate_hz: float
) -> FloatArray:
    from scipy.signal import butter  # type: ignore[import-untyped, unused-ignore]

    edges = list(cutoff_hz) if isinstance(cutoff_hz, tuple) else cutoff_hz
    sos = np.asarray(butter(order, edges, btype=btype, fs=sampling_rate_hz, output="sos"))
    sos.setflags(write=False)
    return sos


def _band_limited_noise(rng: np.random.Generator, n_samples: int, fs: float) -> FloatArray:
    """Gaussian noise in the EMG band with unit RMS (padded so short signals filter too)."""
    pad = round(0.25 * fs)
    noise = bandpass(rng.standard_normal(n_samples + 2 * pad), fs, *EMG_BAND_HZ)
    noise = noise[pad : pad + n_samples]
    return np.asarray(noise / np.sqrt(np.mean(noise**2)), dtype=np.float64)


def _low_frequency_noise(rng: np.random.Generator, n_samples: int, fs: float) -> FloatArray:
    """Gaussian noise below ``_MOTION_CUTOFF_HZ`` with unit RMS."""
    pad = round(1.0 * fs)
    sos = butter_sos(2, _MOTION_CUTOFF_HZ, "lowpass", fs)
    noise = _zero_phase(sos, rng.standard_normal(n_samples + 2 * pad), 2)
    noise = noise[pad : pad + n_samples]
    return np.asarray(noise / np.sqrt(np.mean(noise**2)), dtype=np.float64)


# --- processing ----------------------------------------------------------------------------


def bandpass(
    signal: npt.ArrayLike,
    sampling_rate_hz: float,
    low_hz: float = EMG_BAND_HZ[0],
    high_hz: float = EMG_BAND_HZ[1],
    order: int = 4,
) -> FloatArray:
    """Keep the EMG band: a zero-phase Butterworth band-pass filter.

    The low edge removes DC offset and movement artefact (mostly below
    20 Hz); the high edge removes noise above the EMG band. The filter runs
    forwards and backwards (``scipy.signal.sosfiltfilt``), so it does not
    shift events in time, and its attenuation is squared.

    Parameters
    ----------
    signal
        Raw EMG, one value per sample (e.g. mV).
    sampling_rate_hz
        Samples per second (Hz).
    low_hz, high_hz
        Pass-band edges (-3 dB points of the design) in Hz; ``0 < low_hz <
        high_hz < sampling_rate_hz / 2``.
    order
        Order of the Butterworth design (a band-pass of order n has 2n poles).

    Returns
    -------
    numpy.ndarray
        The filtered signal, same length and unit.

    Examples
    --------
    >>> t = np.arange(2000) / 1000.0
    >>> filtered = bandpass(1.0 + np.sin(2 * np.pi * 100 * t), 1000.0)  # DC + 100 Hz
    >>> middle = filtered[500:1500]
    >>> round(abs(float(middle.mean())), 3)  # DC gone
    0.0
    >>> round(float(np.sqrt(np.mean(middle**2))), 2)  # 100 Hz kept: RMS of a unit sine
    0.71
    """
    x = _signal(signal, "signal")
    fs = _positive(sampling_rate_hz, "sampling_rate_hz")
    low_hz = _below_nyquist(low_hz, fs, "low_hz")
    high_hz = _below_nyquist(high_hz, fs, "high_hz")
    if low_hz >= high_hz:
        raise ValueError(f"low_hz={low_hz} Hz must be below high_hz={high_hz} Hz")
    order = _order(order)
    sos = butter_sos(order, (low_hz, high_hz), "bandpass", fs)
    return _zero_phase(sos, x, order)


def rectify(signal: npt.ArrayLike) -> FloatArray:
    """Full-wave rectification: the absolute value of every sample.

    Parameters
    ----------
    signal
        Band-passed EMG, one value per sample (e.g. mV).

    Returns
    -------
    numpy.ndarray
        ``abs(signal)``, same length and unit.

    Examples
    --------
    >>> rectify([-0.2, 0.0, 0.3]).tolist()
    [0.2, 0.0, 0.3]
    """
    return np.abs(_signal(signal, "signal"))


def linear_envelope(
    signal: npt.ArrayLike, sampling_rate_hz: float, cutoff_hz: float = 6.0, order: int = 4
) -> FloatArray:
    """The linear envelope: rectify, then low-pass with a zero-phase Butterworth filter.

    Pass the band-passed EMG; this function rectifies it. A low-pass can
    undershoot below zero after a sharp burst; amplitude cannot be negative,
    so such values are set to 0.

    Parameters
    ----------
    signal
        Band-passed EMG, one value per sample (e.g. mV).
    sampling_rate_hz
        Samples per second (Hz).
    cutoff_hz
        Low-pass cut-off in Hz; lower gives a smoother, slower envelope (3-10 Hz is usual).
    order
        Order of the Butterworth low-pass.

    Returns
    -------
    numpy.ndarray
        The envelope, same length and unit as ``signal``.

    Examples
    --------
    >>> t = np.arange(20000) / 10000.0
    >>> envelope = linear_envelope(np.sin(2 * np.pi * 100 * t), 10000.0)
    >>> round(float(envelope[10000]), 2)  # mean of |sin| is 2/pi
    0.64
    """
    x = _signal(signal, "signal")
    fs = _positive(sampling_rate_hz, "sampling_rate_hz")
    cutoff_hz = _below_nyquist(cutoff_hz, fs, "cutoff_hz")
    order = _order(order)
    sos = butter_sos(order, cutoff_hz, "lowpass", fs)
    return np.maximum(_zero_phase(sos, np.abs(x), order), 0.0)


def moving_rms(signal: npt.ArrayLike, sampling_rate_hz: float, window_s: float = 0.1) -> FloatArray:
    """Root mean square over a window centred on each sample.

    Near the ends the window is cut short and the mean is taken over the
    samples it still covers, so the ends are not biased towards zero.

    Parameters
    ----------
    signal
        Band-passed EMG, one value per sample (e.g. mV).
    sampling_rate_hz
        Samples per second (Hz).
    window_s
        Window length in seconds (rounded to whole samples; 0.05-0.25 s is usual).

    Returns
    -------
    numpy.ndarray
        The RMS amplitude, same length and unit as ``signal``.

    Examples
    --------
    >>> moving_rms([3.0, -3.0, 3.0, -3.0], 1000.0, window_s=0.002).tolist()
    [3.0, 3.0, 3.0, 3.0]
    """
    x = _signal(signal, "signal")
    fs = _positive(sampling_rate_hz, "sampling_rate_hz")
    width = _samples(window_s, fs, x.size, "window_s")
    kernel = np.ones(width)
    sums = np.convolve(x**2, kernel, mode="same")
    counts = np.convolve(np.ones(x.size), kernel, mode="same")
    return np.asarray(np.sqrt(sums / counts), dtype=np.float64)


# --- onset and normalisation -------------------------------------------------------------


def detect_onset(
    envelope: npt.ArrayLike,
    sampling_rate_hz: float,
    *,
    baseline_s: float = 0.5,
    n_sd: float = 3.0,
    min_duration_s: float = 0.025,
) -> float | None:
    """When the muscle switches on: the envelope rises above rest and stays there.

    The first ``baseline_s`` seconds must be rest. The threshold is their mean
    plus ``n_sd`` standard deviations; the onset is the first time after the
    baseline at which the envelope stays above the threshold for at least
    ``min_duration_s``.

    Smooth lightly for this. A zero-phase low-pass spreads a burst backwards
    in time: with the usual 6 Hz linear envelope a strong burst can be
    detected a few hundred ms early, while an envelope with ``cutoff_hz=50``
    stays within tens of ms (second example).

    Parameters
    ----------
    envelope
        EMG amplitude over time, e.g. from :func:`linear_envelope` (mV).
    sampling_rate_hz
        Samples per second (Hz).
    baseline_s
        Length of the resting period at the start, in seconds.
    n_sd
        How many baseline standard deviations above the baseline mean count as "on".
    min_duration_s
        How long the envelope must stay above threshold, in seconds.

    Returns
    -------
    float or None
        Onset time in seconds from the start, or ``None`` if the envelope never
        stays above threshold long enough.

    Examples
    --------
    >>> envelope = np.r_[np.full(500, 0.01), np.full(500, 0.5)]
    >>> envelope[::2] += 0.002  # a little resting noise
    >>> detect_onset(envelope, 1000.0)
    0.5
    >>> detect_onset(envelope[:500], 1000.0, baseline_s=0.25) is None
    True

    A simulated burst that starts at 1.0 s, detected on two envelopes:

    >>> fs = 2000.0
    >>> raw = simulate_emg(activation_profile(3.0, fs, 1.0, 2.5, 1.0), fs, seed=0)
    >>> filtered = bandpass(raw, fs)
    >>> round(detect_onset(linear_envelope(filtered, fs, cutoff_hz=50.0), fs), 2)
    1.0
    >>> round(detect_onset(linear_envelope(filtered, fs, cutoff_hz=6.0), fs), 2)
    0.81
    """
    x = _signal(envelope, "envelope")
    fs = _positive(sampling_rate_hz, "sampling_rate_hz")
    n_baseline = round(_finite(baseline_s, "baseline_s") * fs)
    if not 2 <= n_baseline < x.size:
        raise ValueError(
            f"baseline_s={baseline_s} s ({n_baseline} samples) must cover at least 2 samples "
            f"and leave some of the {x.size}-sample envelope after it"
        )
    if _finite(n_sd, "n_sd") < 0:
        raise ValueError(f"n_sd must be >= 0, got {n_sd}")
    after = "the envelope after the baseline"
    run = _samples(min_duration_s, fs, x.size - n_baseline, "min_duration_s", after)
    rest = x[:n_baseline]
    threshold = rest.mean() + n_sd * rest.std(ddof=1)
    above = (x[n_baseline:] > threshold).astype(np.int64)
    stays_above = np.convolve(above, np.ones(run, dtype=np.int64), mode="valid") == run
    if not stays_above.any():
        return None
    return (n_baseline + int(np.argmax(stays_above))) / fs


def mvic_reference(
    mvic_envelope: npt.ArrayLike,
    sampling_rate_hz: float,
    *,
    method: Literal["peak", "mean"] = "peak",
    window_s: float = 1.0,
) -> float:
    """The reference amplitude of an MVIC trial, to divide other trials by.

    Two common choices (state which one you use: they give different %MVIC):

    - ``"peak"``: the highest envelope value in the trial;
    - ``"mean"``: the mean envelope over the ``window_s``-long window where it is
      highest - the best sustained plateau, which one spike cannot inflate.
      It is never above the peak, so %MVIC computed with it is higher.

    Parameters
    ----------
    mvic_envelope
        Envelope of the MVIC trial, e.g. from :func:`linear_envelope` (mV).
    sampling_rate_hz
        Samples per second (Hz).
    method
        ``"peak"`` or ``"mean"``.
    window_s
        Window length in seconds for ``"mean"`` (ignored for ``"peak"``).

    Returns
    -------
    float
        The reference amplitude, in the unit of the envelope.

    Examples
    --------
    >>> envelope = np.r_[np.zeros(100), np.full(300, 2.0), 3.0, np.zeros(99)]
    >>> mvic_reference(envelope, 100.0, method="peak")
    3.0
    >>> mvic_reference(envelope, 100.0, method="mean", window_s=2.0)  # the spike barely counts
    2.005
    """
    x = _signal(mvic_envelope, "mvic_envelope")
    fs = _positive(sampling_rate_hz, "sampling_rate_hz")
    if method == "peak":
        return float(x.max())
    if method == "mean":
        width = _samples(window_s, fs, x.size, "window_s")
        sums = np.cumsum(np.r_[0.0, x])
        return float(np.max(sums[width:] - sums[:-width]) / width)
    raise ValueError(f"method must be 'peak' or 'mean', got {method!r}")


def normalise_to_mvic(envelope: npt.ArrayLike, reference: float) -> FloatArray:
    """Express an envelope as a percentage of the MVIC reference amplitude.

    Parameters
    ----------
    envelope
        EMG amplitude over time, in the same unit and processed the same way
        as the MVIC trial (e.g. mV).
    reference
        The MVIC reference amplitude, from :func:`mvic_reference`; must be > 0.

    Returns
    -------
    numpy.ndarray
        ``100 * envelope / reference``, in %MVIC (values above 100 are possible).

    Examples
    --------
    >>> normalise_to_mvic([0.1, 0.25, 0.6], 0.5).tolist()
    [20.0, 50.0, 120.0]
    """
    x = _signal(envelope, "envelope")
    reference = _positive(reference, "reference")
    return 100.0 * x / reference


class RepetitionSummary(NamedTuple):
    """Amplitude over one repetition, in %MVIC."""

    mean_pct_mvic: float
    """Mean %MVIC between the start and the end of the repetition."""
    peak_pct_mvic: float
    """Highest %MVIC between the start and the end of the repetition."""


def repetition_summary(
    pct_mvic: npt.ArrayLike, sampling_rate_hz: float, start_s: float, end_s: float
) -> RepetitionSummary:
    """Mean and peak %MVIC over one repetition, from ``start_s`` up to ``end_s``.

    Parameters
    ----------
    pct_mvic
        Normalised amplitude over time, from :func:`normalise_to_mvic` (%MVIC).
    sampling_rate_hz
        Samples per second (Hz).
    start_s, end_s
        Start and end of the repetition in seconds from the start of the
        signal (rounded to whole samples; the end sample is excluded).

    Returns
    -------
    RepetitionSummary
        ``mean_pct_mvic`` and ``peak_pct_mvic``.

    Examples
    --------
    >>> repetition_summary([10.0, 20.0, 60.0, 30.0, 5.0], 10.0, 0.1, 0.4)
    RepetitionSummary(mean_pct_mvic=36.666666666666664, peak_pct_mvic=60.0)
    """
    x = _signal(pct_mvic, "pct_mvic")
    fs = _positive(sampling_rate_hz, "sampling_rate_hz")
    duration_s = x.size / fs
    if not 0 <= _finite(start_s, "start_s") < duration_s:
        raise ValueError(
            f"start_s={start_s} s must be >= 0 and before the end of the signal ({duration_s} s)"
        )
    if not start_s < _finite(end_s, "end_s") <= duration_s:
        raise ValueError(f"end_s={end_s} s must be after start_s={start_s} and <= {duration_s} s")
    first, last = round(start_s * fs), round(end_s * fs)
    if last <= first:
        raise ValueError(f"end_s={end_s} s is less than one sample after start_s={start_s} s")
    part = x[first:last]
    return RepetitionSummary(float(part.mean()), float(part.max()))
