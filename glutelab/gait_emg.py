"""EMG over the gait cycle: segment a RECORDED walking trial by its gait events.

A gait cycle runs from one touchdown of a foot to its next touchdown. It has two phases:
**stance** (touchdown to lift-off, the foot on the ground) and **swing** (lift-off to the next
touchdown). Cycles last different times, so each cycle's envelope is **time-normalised**:
resampled at the same 101 points from 0 to 100 % of its own cycle. Then cycles can be
averaged point by point (mean +/- SD across cycles).

The steps, each one function:

1. :func:`gait_cycles` - complete cycles from touchdown and lift-off times;
2. :func:`time_normalise` and :func:`cycle_matrix` - every cycle on a 0-100 % axis;
3. :func:`cycle_profile` - mean and SD across cycles, with the stance phase's share;
4. :func:`normalise_to_peak` - amplitude as % of the recording's own peak (the only
   normalisation a recording without an MVIC test allows).

The processing before segmentation (band-pass, rectify, envelope) is :mod:`glutelab.emg`'s;
:func:`gait_envelope` chains it.

>>> t = np.arange(0, 3.0, 0.001)
>>> envelope = np.where((t % 1.0) < 0.1, 2.0, 0.5)  # a burst in the first 10 % of each second
>>> cycles = gait_cycles([0.0, 1.0, 2.0], [0.6, 1.6, 2.6])
>>> profile = cycle_profile(normalise_to_peak(envelope, t, cycles), t, cycles)
>>> profile.n_cycles, float(profile.mean[5]), float(profile.mean[50]), profile.stance_pct
(2, 100.0, 25.0, 60.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from glutelab import data, emg

__all__ = [
    "MUSCLES",
    "CycleProfile",
    "GaitCycle",
    "RecordedTrial",
    "active_share_in_stance",
    "cycle_matrix",
    "cycle_profile",
    "gait_cycles",
    "gait_envelope",
    "normalise_to_peak",
    "peak_in_cycle",
    "recorded_profiles",
    "recorded_trial",
    "rise_in_swing",
    "time_normalise",
]

FloatArray = npt.NDArray[np.float64]

CYCLE_POINTS = 101
"""Points per time-normalised cycle: 0, 1, ..., 100 % of the cycle."""


class GaitCycle(NamedTuple):
    """One complete gait cycle, times in seconds on the recording's clock."""

    touchdown_s: float
    lift_off_s: float
    next_touchdown_s: float

    @property
    def duration_s(self) -> float:
        """Touchdown to the next touchdown (s)."""
        return self.next_touchdown_s - self.touchdown_s

    @property
    def stance_pct(self) -> float:
        """Stance (touchdown to lift-off) as a percentage of the cycle."""
        return 100.0 * (self.lift_off_s - self.touchdown_s) / self.duration_s


class CycleProfile(NamedTuple):
    """Mean and SD across cycles of a time-normalised signal."""

    pct_cycle: FloatArray
    """0 to 100 (% of the gait cycle), :data:`CYCLE_POINTS` values."""
    mean: FloatArray
    sd: FloatArray
    """Sample standard deviation across cycles (n - 1 in the denominator)."""
    cycles: FloatArray
    """One row per cycle, the values that were averaged."""
    n_cycles: int
    stance_pct: float
    """Mean stance share of the cycles (%): stance from 0 to here, swing from here to 100."""


def gait_cycles(touchdowns_s: Sequence[float], lift_offs_s: Sequence[float]) -> list[GaitCycle]:
    """Complete gait cycles: each touchdown with its lift-off and the next touchdown.

    The last touchdown only closes the cycle before it, so ``n`` touchdowns give ``n - 1``
    cycles.

    Parameters
    ----------
    touchdowns_s, lift_offs_s
        Touchdown times and the lift-off after each (s), in order.

    Raises
    ------
    ValueError
        If the lists differ in length, hold fewer than two touchdowns, or a lift-off is not
        between its touchdown and the next one.

    Examples
    --------
    >>> [round(c.stance_pct) for c in gait_cycles([0.0, 1.0, 2.2], [0.6, 1.7, 2.9])]
    [60, 58]
    """
    downs = [float(v) for v in touchdowns_s]
    offs = [float(v) for v in lift_offs_s]
    if len(downs) != len(offs):
        raise ValueError(f"{len(downs)} touchdowns but {len(offs)} lift-offs")
    if len(downs) < 2:
        raise ValueError("a complete gait cycle needs two touchdowns")
    cycles = []
    for number, (down, off, following) in enumerate(
        zip(downs[:-1], offs[:-1], downs[1:], strict=True), start=1
    ):
        if not down < off < following:
            raise ValueError(
                f"cycle {number}: lift-off at {off:g} s is not between touchdowns at "
                f"{down:g} s and {following:g} s"
            )
        cycles.append(GaitCycle(down, off, following))
    return cycles


def time_normalise(
    signal: npt.ArrayLike,
    time_s: npt.ArrayLike,
    start_s: float,
    end_s: float,
    n_points: int = CYCLE_POINTS,
) -> FloatArray:
    """The signal from ``start_s`` to ``end_s`` resampled at ``n_points`` evenly spaced times.

    Linear interpolation between samples; point 0 is at ``start_s`` and the last at
    ``end_s``, so with 101 points point ``k`` is at ``k`` % of the interval.

    Examples
    --------
    >>> t = np.arange(0, 2.001, 0.5)
    >>> time_normalise(t * 10, t, 0.5, 1.5, n_points=3).tolist()  # 0, 50 and 100 % of 0.5-1.5 s
    [5.0, 10.0, 15.0]
    """
    values = np.asarray(signal, dtype=np.float64)
    times = np.asarray(time_s, dtype=np.float64)
    if values.shape != times.shape or values.ndim != 1:
        raise ValueError("signal and time_s must be one-dimensional and the same length")
    if not times[0] <= start_s < end_s <= times[-1]:
        raise ValueError(
            f"the interval {start_s:g}-{end_s:g} s must lie within the signal "
            f"({times[0]:g}-{times[-1]:g} s)"
        )
    if n_points < 2:
        raise ValueError(f"n_points must be at least 2, got {n_points}")
    return np.interp(np.linspace(start_s, end_s, n_points), times, values)


def cycle_matrix(
    signal: npt.ArrayLike,
    time_s: npt.ArrayLike,
    cycles: Sequence[GaitCycle],
    n_points: int = CYCLE_POINTS,
) -> FloatArray:
    """Every cycle time-normalised: one row per cycle, ``n_points`` columns (0-100 %).

    >>> t = np.arange(0, 2.001, 0.001)
    >>> cycle_matrix(t, t, gait_cycles([0.0, 1.0, 2.0], [0.5, 1.5, 2.5]), 3).tolist()
    [[0.0, 0.5, 1.0], [1.0, 1.5, 2.0]]
    """
    if not cycles:
        raise ValueError("no gait cycles to segment")
    rows = [
        time_normalise(signal, time_s, c.touchdown_s, c.next_touchdown_s, n_points) for c in cycles
    ]
    return np.vstack(rows)


def cycle_profile(
    signal: npt.ArrayLike,
    time_s: npt.ArrayLike,
    cycles: Sequence[GaitCycle],
    n_points: int = CYCLE_POINTS,
) -> CycleProfile:
    """Mean and SD across cycles of the time-normalised signal, and the mean stance share.

    The SD needs at least two cycles.

    >>> t = np.arange(0, 2.001, 0.001)
    >>> profile = cycle_profile(t % 1.0, t, gait_cycles([0.0, 1.0, 2.0], [0.5, 1.5, 2.5]))
    >>> round(float(profile.mean[50]), 3), round(float(profile.sd[50]), 3), profile.stance_pct
    (0.5, 0.0, 50.0)
    """
    if len(cycles) < 2:
        raise ValueError("a mean and SD across cycles need at least two cycles")
    matrix = cycle_matrix(signal, time_s, cycles, n_points)
    stance = float(np.mean([c.stance_pct for c in cycles]))
    return CycleProfile(
        pct_cycle=np.linspace(0.0, 100.0, n_points),
        mean=matrix.mean(axis=0),
        sd=matrix.std(axis=0, ddof=1),
        cycles=matrix,
        n_cycles=len(cycles),
        stance_pct=stance,
    )


def normalise_to_peak(
    envelope: npt.ArrayLike, time_s: npt.ArrayLike, cycles: Sequence[GaitCycle]
) -> FloatArray:
    """The envelope as a percentage of its own highest value within the complete cycles.

    With no MVIC test this is the only scale the recording offers: 100 % is this muscle's
    largest amplitude in this trial, not a maximal contraction, so it cannot be compared
    with %MVIC values or between muscles' effort.

    >>> t = np.arange(0, 2.001, 0.001)
    >>> pct = normalise_to_peak(2 * t, t, gait_cycles([0.0, 1.0, 1.5], [0.5, 1.2, 1.8]))
    >>> float(pct[1500]), float(pct[750])
    (100.0, 50.0)
    """
    values = np.asarray(envelope, dtype=np.float64)
    times = np.asarray(time_s, dtype=np.float64)
    inside = (times >= cycles[0].touchdown_s) & (times <= cycles[-1].next_touchdown_s)
    peak = float(values[inside].max())
    if not peak > 0:
        raise ValueError("the envelope has no positive value within the cycles")
    return 100.0 * values / peak


def gait_envelope(
    raw: npt.ArrayLike,
    sampling_rate_hz: float,
    low_hz: float = emg.EMG_BAND_HZ[0],
    high_hz: float = emg.EMG_BAND_HZ[1],
    cutoff_hz: float = 6.0,
) -> FloatArray:
    """Band-pass, rectify and low-pass (:mod:`glutelab.emg`): the linear envelope.

    The band's high edge is kept below the Nyquist frequency (half the sampling rate).

    >>> rng = np.random.default_rng(0)
    >>> envelope = gait_envelope(rng.standard_normal(3000), 1000.0)
    >>> envelope.shape, bool((envelope >= 0).all())
    ((3000,), True)
    """
    filtered = emg.bandpass(raw, sampling_rate_hz, low_hz, high_hz)
    return emg.linear_envelope(filtered, sampling_rate_hz, cutoff_hz=cutoff_hz)


def peak_in_cycle(profile: CycleProfile) -> float:
    """Where the mean curve is highest, in % of the gait cycle.

    >>> t = np.arange(0, 2.001, 0.001)
    >>> cycles = gait_cycles([0.0, 1.0, 2.0], [0.6, 1.6, 2.6])
    >>> peak_in_cycle(cycle_profile(np.exp(-(((t % 1.0) - 0.07) ** 2) / 0.001), t, cycles))
    7.0
    """
    return float(profile.pct_cycle[int(np.argmax(profile.mean))])


def active_share_in_stance(profile: CycleProfile) -> float:
    """The share (%) of the mean curve's area that falls in stance (0 % to the stance share).

    The area is summed over the 0-100 % points (trapezoid rule), stance up to the mean
    lift-off (interpolated).

    >>> t = np.arange(0, 2.001, 0.001)
    >>> cycles = gait_cycles([0.0, 1.0, 2.0], [0.5, 1.5, 2.5])
    >>> round(active_share_in_stance(cycle_profile(np.ones_like(t), t, cycles)), 6)
    50.0
    """
    x, y = profile.pct_cycle, profile.mean
    stance_x = np.append(x[x < profile.stance_pct], profile.stance_pct)
    stance_y = np.interp(stance_x, x, y)
    return float(100.0 * np.trapezoid(stance_y, stance_x) / np.trapezoid(y, x))


MUSCLES = ("gluteus_medius", "gluteus_maximus")
"""The recorded channels, in the order the course shows them."""


class RecordedTrial(NamedTuple):
    """The recorded walking trial as arrays: what the computations and figures take."""

    time_s: FloatArray
    raw: dict[str, FloatArray]
    """Muscle -> raw EMG (the source's amplitude unit, not stated there)."""
    cycles: list[GaitCycle]
    sampling_rate_hz: float


def recorded_trial() -> RecordedTrial:
    """Load the recorded walking trial (``data/gait_emg_recording.csv``, ``gait_events.csv``).

    >>> trial = recorded_trial()
    >>> trial.sampling_rate_hz, len(trial.cycles), sorted(trial.raw)
    (1000.0, 5, ['gluteus_maximus', 'gluteus_medius'])
    """
    recording = data.load_gait_recording()
    events = data.load_gait_events()
    time_s = recording["time_s"].to_numpy(dtype=np.float64)
    step = float(np.median(np.diff(time_s)))
    return RecordedTrial(
        time_s=time_s,
        raw={m: recording[m].to_numpy(dtype=np.float64) for m in MUSCLES},
        cycles=gait_cycles(events["touchdown_s"].tolist(), events["lift_off_s"].tolist()),
        sampling_rate_hz=round(1.0 / step, 6),
    )


def recorded_profiles(
    trial: RecordedTrial,
    low_hz: float = emg.EMG_BAND_HZ[0],
    high_hz: float = emg.EMG_BAND_HZ[1],
    cutoff_hz: float = 6.0,
) -> dict[str, CycleProfile]:
    """Each muscle's envelope, normalised to its own peak, as mean +/- SD over the cycles.

    >>> profiles = recorded_profiles(recorded_trial())
    >>> {m: p.n_cycles for m, p in profiles.items()}
    {'gluteus_medius': 5, 'gluteus_maximus': 5}
    """
    fs, t, cycles = trial.sampling_rate_hz, trial.time_s, trial.cycles
    return {
        muscle: cycle_profile(
            normalise_to_peak(gait_envelope(raw, fs, low_hz, high_hz, cutoff_hz), t, cycles),
            t,
            cycles,
        )
        for muscle, raw in trial.raw.items()
    }


def rise_in_swing(profile: CycleProfile, threshold_pct: float = 20.0) -> float | None:
    """The first point after lift-off (% of the cycle) where the mean passes ``threshold_pct``.

    For a peak-normalised profile: when the muscle switches on again before the next
    touchdown (``None`` if it stays below the threshold through swing).

    >>> t = np.arange(0, 2.001, 0.001)
    >>> cycles = gait_cycles([0.0, 1.0, 2.0], [0.6, 1.6, 2.6])
    >>> rise_in_swing(cycle_profile(100 * (t % 1.0), t, cycles), 90.0)
    91.0
    >>> rise_in_swing(cycle_profile(np.zeros_like(t), t, cycles)) is None
    True
    """
    x, y = profile.pct_cycle, profile.mean
    above = (x > profile.stance_pct) & (y > threshold_pct)
    return float(x[above][0]) if above.any() else None
