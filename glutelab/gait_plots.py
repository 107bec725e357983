"""Figures of the RECORDED walking trial: raw signals, processing steps, the gait-cycle profile.

Every figure takes arrays computed by :mod:`glutelab.gait_emg` (no file reading, no
statistics here), states its finding in the title, labels its axes with units, marks stance
and swing with text as well as shading, and carries alt text and a source line naming the
recording's origin and licence.

>>> from glutelab import gait_emg
>>> trial = gait_emg.recorded_trial()
>>> chart = cycle_profile_chart(gait_emg.recorded_profiles(trial))
>>> chart.data["peak_pct_cycle"]
{'gluteus_medius': 7.0, 'gluteus_maximus': 3.0}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes

from glutelab.gait_emg import CycleProfile, GaitCycle, peak_in_cycle
from glutelab.style import MUSCLE_COLOURS, RC, Chart, add_source_line, new_chart

__all__ = [
    "RECORDING_SOURCE",
    "cycle_profile_chart",
    "gait_steps_chart",
    "raw_gait_chart",
]

FloatArray = npt.NDArray[np.float64]

RECORDING_SOURCE = (
    "Recorded signal: one participant's right leg walking on a treadmill, 1000 Hz "
    "(musclesyneRgies example data, MIT licence, (c) 2021 A. Santuz; Santuz et al. 2020, "
    "iScience)."
)
AMPLITUDE_LABEL = "EMG (source units*)"
UNIT_NOTE = "*The source does not state the amplitude unit."
PEAK_LABEL = "Envelope (% of this\nrecording's peak)"
STANCE_SHADE = "#E6E6E6"
RAW_COLOUR = "#555555"
NAMES = {"gluteus_medius": "Gluteus medius", "gluteus_maximus": "Gluteus maximus"}


def _name(muscle: str) -> str:
    return NAMES.get(muscle, muscle.replace("_", " ").capitalize())


def _panels(chart: Chart, n_rows: int, *, sharex: bool = True) -> list[Axes]:
    """Replace the chart's single axes with stacked panels in the course style."""
    import matplotlib as mpl

    chart.figure.delaxes(chart.ax)
    with mpl.rc_context(RC):  # type: ignore[arg-type]
        grid = chart.figure.subplots(n_rows, 1, squeeze=False, sharex=sharex)
    axes: list[Axes] = [row[0] for row in grid]
    for ax in axes:
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.tick_params(labelsize=RC["xtick.labelsize"])
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    chart.ax = axes[0]
    return axes


def _finish(chart: Chart, title: str) -> None:
    chart.figure.suptitle(title, x=0.01, ha="left", fontsize=RC["axes.titlesize"])
    add_source_line(chart)


def _shade_stance(ax: Axes, cycles: Sequence[GaitCycle], start_s: float, end_s: float) -> None:
    """Grey behind each stance phase inside the window (drawn first, under the traces)."""
    for cycle in cycles:
        if cycle.lift_off_s > start_s and cycle.touchdown_s < end_s:
            ax.axvspan(
                max(cycle.touchdown_s, start_s),
                min(cycle.lift_off_s, end_s),
                color=STANCE_SHADE,
                zorder=0,
                linewidth=0,
            )


def raw_gait_chart(
    time_s: npt.ArrayLike,
    raw: Mapping[str, npt.ArrayLike],
    cycles: Sequence[GaitCycle],
) -> Chart:
    """The raw signals of both muscles over the whole recording, stance phases shaded.

    Parameters
    ----------
    time_s
        Sample times (s).
    raw
        Muscle -> raw EMG (source units), same length as ``time_s``.
    cycles
        The complete gait cycles (:func:`glutelab.gait_emg.gait_cycles`).

    Returns
    -------
    Chart
        ``chart.data["touchdowns_s"]``: the touchdowns marked.
    """
    t = np.asarray(time_s, dtype=np.float64)
    signals = {m: np.asarray(v, dtype=np.float64) for m, v in raw.items()}
    touchdowns = [c.touchdown_s for c in cycles] + [cycles[-1].next_touchdown_s]
    ranges = "; ".join(
        f"{_name(m)} from {v.min():.0f} to {v.max():.0f}" for m, v in signals.items()
    )
    alt = (
        f"Recorded data. {len(signals)} stacked line charts of raw EMG against time "
        f"({t[0]:.1f} to {t[-1]:.1f} s): {ranges} (source units). Grey bands mark the "
        f"{len(cycles)} stance phases; each muscle shows a burst of large spikes near every "
        "touchdown and a smaller, noisy baseline in between."
    )
    chart = new_chart(alt=alt, source=f"{RECORDING_SOURCE} {UNIT_NOTE}", width=10, height=5.8)
    axes = _panels(chart, len(signals))
    for ax, (muscle, values) in zip(axes, signals.items(), strict=True):
        _shade_stance(ax, cycles, float(t[0]), float(t[-1]))
        ax.plot(t, values, color=RAW_COLOUR, linewidth=0.5)
        limit = float(np.abs(values).max()) * 1.15
        ax.set_ylim(-limit, limit)
        ax.set_ylabel(AMPLITUDE_LABEL)
        ax.set_title(f"{_name(muscle)}, raw", loc="left", fontsize=11.5, pad=4)
        for down in touchdowns:
            ax.axvline(down, color="#000000", linewidth=0.8, linestyle=":")
    axes[0].text(
        (cycles[0].touchdown_s + cycles[0].lift_off_s) / 2,
        axes[0].get_ylim()[1] * 0.97,
        "stance",
        ha="center",
        va="top",
        fontsize=10,
    )
    axes[0].text(
        (cycles[0].lift_off_s + cycles[0].next_touchdown_s) / 2,
        axes[0].get_ylim()[1] * 0.97,
        "swing",
        ha="center",
        va="top",
        fontsize=10,
    )
    axes[-1].set_xlim(float(t[0]), float(t[-1]))
    axes[-1].set_xlabel("Time (s); dotted lines: touchdown of the right foot")
    _finish(chart, "Raw EMG while walking: both gluteal muscles burst with every step")
    chart.data = {"touchdowns_s": touchdowns}
    return chart


def gait_steps_chart(
    time_s: npt.ArrayLike,
    raw: npt.ArrayLike,
    filtered: npt.ArrayLike,
    envelope: npt.ArrayLike,
    cycles: Sequence[GaitCycle],
    muscle: str,
    *,
    window_s: tuple[float, float] | None = None,
    band_hz: tuple[float, float] = (20.0, 450.0),
    cutoff_hz: float = 6.0,
) -> Chart:
    """The course's pipeline on a recorded muscle: raw, band-passed, rectified with envelope.

    Parameters
    ----------
    time_s, raw, filtered, envelope
        Sample times (s) and the signal after each step (source units).
    cycles
        The gait cycles; stance phases in the window are shaded.
    muscle
        Column name, e.g. ``"gluteus_medius"``.
    window_s
        The time window to draw (default: the first two cycles).
    band_hz, cutoff_hz
        The processing settings, for the panel titles.

    Returns
    -------
    Chart
        ``chart.data["window_s"]``: the window drawn.
    """
    t = np.asarray(time_s, dtype=np.float64)
    if window_s is None:
        window_s = (cycles[0].touchdown_s, cycles[min(1, len(cycles) - 1)].next_touchdown_s)
    start, end = window_s
    inside = (t >= start) & (t <= end)
    tw = t[inside]
    steps = {
        "raw": np.asarray(raw, dtype=np.float64)[inside],
        "filtered": np.asarray(filtered, dtype=np.float64)[inside],
        "envelope": np.asarray(envelope, dtype=np.float64)[inside],
    }
    rectified = np.abs(steps["filtered"])
    name = _name(muscle)
    low, high = band_hz
    alt = (
        f"Recorded data, {name}, {start:.2f} to {end:.2f} s. Three stacked line charts: the raw "
        f"signal; the signal band-passed {low:g}-{high:g} Hz, centred on zero; and the "
        f"rectified signal (all values positive, light grey) with its {cutoff_hz:g} Hz linear "
        f"envelope drawn over it, peaking at {steps['envelope'].max():.0f} source units. "
        "Grey bands mark stance."
    )
    chart = new_chart(alt=alt, source=f"{RECORDING_SOURCE} {UNIT_NOTE}", width=10, height=7.2)
    axes = _panels(chart, 3)
    titles = (
        "1 · Raw",
        f"2 · Band-passed {low:g}-{high:g} Hz",
        f"3 · Rectified, with the linear envelope ({cutoff_hz:g} Hz low-pass)",
    )
    colour = MUSCLE_COLOURS.get(muscle, "#000000")
    for ax, title in zip(axes, titles, strict=True):
        _shade_stance(ax, cycles, start, end)
        ax.set_title(title, loc="left", fontsize=11.5, pad=4)
        ax.set_ylabel(AMPLITUDE_LABEL)
    axes[0].plot(tw, steps["raw"], color=RAW_COLOUR, linewidth=0.6)
    axes[1].plot(tw, steps["filtered"], color=RAW_COLOUR, linewidth=0.6)
    axes[2].plot(tw, rectified, color="#BBBBBB", linewidth=0.5, label="rectified")
    axes[2].plot(tw, steps["envelope"], color=colour, linewidth=2.4, label="linear envelope")
    for ax, values in zip(axes[:2], (steps["raw"], steps["filtered"]), strict=True):
        limit = float(np.abs(values).max()) * 1.1
        ax.set_ylim(-limit, limit)
    axes[2].set_ylim(0, float(rectified.max()) * 1.1)
    axes[2].legend(loc="upper right", fontsize=10, framealpha=0.95)
    axes[-1].set_xlim(start, end)
    axes[-1].set_xlabel("Time (s); grey: stance, white: swing")
    _finish(chart, f"{name}, recorded: each step of the pipeline on two gait cycles")
    chart.data = {"window_s": (start, end)}
    return chart


def cycle_profile_chart(profiles: Mapping[str, CycleProfile]) -> Chart:
    """Mean +/- SD envelope per muscle over the gait cycle (% of the recording's peak).

    One panel per muscle: every cycle as a thin line, the mean as a thick line and a band
    one SD either side, stance shaded and labelled, a dashed line at the mean lift-off.

    Parameters
    ----------
    profiles
        Muscle -> :class:`glutelab.gait_emg.CycleProfile` of the peak-normalised envelope.

    Returns
    -------
    Chart
        ``chart.data["peak_pct_cycle"]``: where each mean curve peaks (% of the cycle).
    """
    peaks = {m: peak_in_cycle(p) for m, p in profiles.items()}
    first = next(iter(profiles.values()))
    stance = first.stance_pct
    described = "; ".join(
        f"{_name(m)} peaks at {peaks[m]:.0f} % of the cycle "
        f"(mean {p.mean.max():.0f} % of its own peak)"
        for m, p in profiles.items()
    )
    alt = (
        f"Recorded data. {len(profiles)} line charts of the EMG envelope against the gait cycle "
        f"(0-100 %), mean of {first.n_cycles} cycles with a band of plus or minus one SD and each "
        f"cycle as a thin line. Stance runs from 0 to {stance:.0f} % (shaded), swing from there "
        f"to 100 %. {described}."
    )
    chart = new_chart(
        alt=alt,
        source=f"{RECORDING_SOURCE} Envelope: band-pass, rectify, low-pass; each muscle "
        "divided by its own highest value in the recording (no MVIC test was recorded).",
        width=10,
        height=6.6,
    )
    axes = _panels(chart, len(profiles))
    top = max(float((p.mean + p.sd).max()) for p in profiles.values())
    top = max(top, max(float(p.cycles.max()) for p in profiles.values())) * 1.12
    for ax, (muscle, profile) in zip(axes, profiles.items(), strict=True):
        colour = MUSCLE_COLOURS.get(muscle, "#000000")
        x = profile.pct_cycle
        ax.axvspan(0, profile.stance_pct, color=STANCE_SHADE, zorder=0, linewidth=0)
        ax.axvline(profile.stance_pct, color="#000000", linewidth=1.0, linestyle="--")
        for row in profile.cycles:
            ax.plot(x, row, color=colour, linewidth=0.7, alpha=0.45)
        ax.fill_between(
            x,
            profile.mean - profile.sd,
            profile.mean + profile.sd,
            color=colour,
            alpha=0.25,
            linewidth=0,
            label="mean ± 1 SD",
        )
        ax.plot(
            x, profile.mean, color=colour, linewidth=2.6, label=f"mean of {profile.n_cycles} cycles"
        )
        ax.set_ylim(0, top)
        ax.set_xlim(0, 100)
        ax.set_ylabel(PEAK_LABEL)
        ax.set_title(
            f"{_name(muscle)}: mean peaks at {peaks[muscle]:.0f} % of the cycle",
            loc="left",
            fontsize=11.5,
            pad=4,
        )
        ax.text(profile.stance_pct / 2, top * 0.97, "stance", ha="center", va="top", fontsize=10)
        ax.text(
            (profile.stance_pct + 100) / 2, top * 0.97, "swing", ha="center", va="top", fontsize=10
        )
        ax.legend(loc="center", fontsize=10, framealpha=0.95)
    axes[-1].set_xlabel(
        f"Gait cycle (% from touchdown to the next touchdown); dashed: lift-off at {stance:.0f} %"
    )
    early = all(peaks[m] < stance / 2 for m in peaks)
    finding = "both peak in early stance" if early else "where each muscle is active"
    _finish(chart, f"Gluteus medius and maximus over the gait cycle: {finding}")
    chart.data = {"peak_pct_cycle": peaks, "stance_pct": stance}
    return chart
