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
from typing import Any

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.transforms import Bbox

from glutelab.gait_emg import CycleProfile, GaitCycle, peak_in_cycle
from glutelab.style import (
    MUSCLE_COLOURS,
    RC,
    Chart,
    Layers,
    add_source_line,
    new_chart,
    panels,
    set_margins,
    source_height,
)

__all__ = [
    "RECORDING_SOURCE",
    "RecordedCycleFigure",
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
    return panels(chart, n_rows, sharex=sharex)


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

    Examples
    --------
    >>> from glutelab import gait_emg
    >>> trial = gait_emg.recorded_trial()
    >>> chart = raw_gait_chart(trial.time_s, trial.raw, trial.cycles)
    >>> [ax.get_title(loc="left") for ax in chart.figure.axes]
    ['Gluteus medius, raw', 'Gluteus maximus, raw']

    A dotted line at every touchdown: one per cycle, and the touchdown that ends the last:

    >>> dotted = [line for line in chart.figure.axes[0].lines if line.get_linestyle() == ":"]
    >>> len(dotted) == len(trial.cycles) + 1
    True
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

    Examples
    --------
    >>> from glutelab import emg, gait_emg
    >>> trial = gait_emg.recorded_trial()
    >>> raw = trial.raw["gluteus_medius"]
    >>> filtered = emg.bandpass(raw, trial.sampling_rate_hz)
    >>> envelope = emg.linear_envelope(filtered, trial.sampling_rate_hz, cutoff_hz=6.0)
    >>> chart = gait_steps_chart(trial.time_s, raw, filtered, envelope, trial.cycles,
    ...                          "gluteus_medius")
    >>> for ax in chart.figure.axes:
    ...     print(ax.get_title(loc="left"))
    1 · Raw
    2 · Band-passed 20-450 Hz
    3 · Rectified, with the linear envelope (6 Hz low-pass)
    >>> first, second = trial.cycles[:2]  # by default the first two cycles are drawn
    >>> chart.figure.axes[-1].get_xlim() == (first.touchdown_s, second.next_touchdown_s)
    True
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
        for index, row in enumerate(profile.cycles):
            label = "each cycle" if index == 0 else None
            ax.plot(x, row, color=colour, linewidth=0.7, alpha=0.45, label=label)
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


CYCLE_FIGURE_HEIGHT_IN = 8.6
CYCLE_FIGURE_MARGINS_IN = {"left": 1.2, "right": 0.3, "top": 0.8, "gap": 0.85}
"""Fixed margins of :class:`RecordedCycleFigure` (inches): room for titles and labels."""


class RecordedCycleFigure:
    """One recorded gait cycle through the pipeline, as a figure whose cycle can be replaced.

    Four panels: raw, band-passed, rectified with the smoothed amplitude (time in s from the
    cycle's touchdown, stance shaded), then this cycle's peak-normalised amplitude over the
    mean +/- SD of all cycles (0-100 % of the cycle). Built once with fixed margins and
    drawn in layers (:class:`glutelab.style.Layers`): the scales are a background drawn once
    per muscle (given ``limits`` that hold every processing, see
    :func:`glutelab.emg_widget.run_recorded`), the processing's titles, mean and SD one layer,
    the cycle's lines, stance shading and title another.

    >>> from glutelab import gait_emg
    >>> trial = gait_emg.recorded_trial()
    >>> figure = RecordedCycleFigure()
    >>> env = gait_emg.gait_envelope(trial.raw["gluteus_medius"], 1000.0)
    >>> profile = gait_emg.cycle_profile(
    ...     gait_emg.normalise_to_peak(env, trial.time_s, trial.cycles), trial.time_s, trial.cycles
    ... )
    >>> cycle = trial.cycles[0]
    >>> inside = (trial.time_s >= cycle.touchdown_s) & (trial.time_s <= cycle.next_touchdown_s)
    >>> raw = trial.raw["gluteus_medius"][inside]
    >>> chart = figure.update(
    ...     trial.time_s[inside], raw, raw, env[inside], cycle, profile.cycles[0], profile,
    ...     "gluteus_medius", number=1, amplitude_label="linear envelope, 6 Hz low-pass",
    ... )
    >>> chart.data["peak_pct_cycle"], figure.png()[:4]
    (6.0, b'\\x89PNG')
    """

    def __init__(self) -> None:
        self.chart = new_chart(
            alt="",
            source=f"{RECORDING_SOURCE} {UNIT_NOTE} No MVIC test was recorded.",
            width=10,
            height=CYCLE_FIGURE_HEIGHT_IN,
            layout=None,
        )
        figure = self.chart.figure
        self.axes = _panels(self.chart, 4, sharex=False)
        set_margins(
            figure, bottom=source_height(self.chart) + 0.6, rows=4, **CYCLE_FIGURE_MARGINS_IN
        )
        add_source_line(self.chart)
        raw_ax, filt_ax, rect_ax, cycle_ax = self.axes
        # Stance of this cycle: drawn over the background with the lines, so it is
        # translucent (the grid shows through); panel 4 shades the mean stance (background).
        self.spans = [
            ax.axvspan(0, 0.6, color="#000000", alpha=0.1, zorder=0, linewidth=0)
            for ax in self.axes[:3]
        ]
        self.mean_stance = cycle_ax.axvspan(0, 60, color=STANCE_SHADE, zorder=0, linewidth=0)
        (self.raw_line,) = raw_ax.plot([], [], color=RAW_COLOUR, linewidth=0.6)
        (self.filtered_line,) = filt_ax.plot([], [], color=RAW_COLOUR, linewidth=0.6)
        (self.rectified_line,) = rect_ax.plot(
            [], [], color="#BBBBBB", linewidth=0.5, label="rectified"
        )
        (self.amplitude_line,) = rect_ax.plot([], [], linewidth=2.4, label="amplitude")
        (self.mean_line,) = cycle_ax.plot(
            [], [], color="#444444", linewidth=1.6, linestyle="--", label="mean of all cycles"
        )
        (self.cycle_line,) = cycle_ax.plot(
            [], [], linewidth=2.6, label="this cycle (number in the title)"
        )
        self.sd_band: Any = None
        for ax in self.axes[:3]:
            ax.set_ylabel("EMG (source\nunits*)")
        raw_ax.set_title("1 · Raw", loc="left", fontsize=11.5, pad=4)
        rect_ax.set_xlabel("Time from touchdown (s); grey: stance, white: swing")
        cycle_ax.set_xlim(0, 100)
        cycle_ax.set_ylim(0, 110)
        cycle_ax.set_ylabel("% of this\nrecording's peak")
        cycle_ax.set_xlabel("Gait cycle (%); grey: mean stance of all cycles")
        cycle_ax.set_title(
            "4 · This cycle among all cycles (time-normalised)", loc="left", fontsize=11.5, pad=4
        )
        self.title = figure.suptitle(
            "",
            x=0.01,
            y=1 - 0.12 / CYCLE_FIGURE_HEIGHT_IN,
            ha="left",
            va="top",
            fontsize=RC["axes.titlesize"],
        )
        self.legends: tuple[Any, Any] | None = None
        self.processing_titles: tuple[Any, ...] = ()
        self.layers = Layers(figure)
        self._background: tuple[Any, ...] = ()
        self._processing: tuple[Any, ...] = ()
        self._key: tuple[Any, ...] = ()

    def _set_background(
        self, muscle: str, limits: tuple[float, float, float], max_duration_s: float, stance: float
    ) -> None:
        """What stays the same for one muscle: scales, colours, the mean stance.

        Drawn once per muscle: switching back to a muscle restores its saved pixels
        (:meth:`glutelab.style.Layers.png`'s ``background``)."""
        raw_ax, filt_ax, rect_ax, _ = self.axes
        colour = MUSCLE_COLOURS.get(muscle, "#000000")
        self.amplitude_line.set_color(colour)
        self.cycle_line.set_color(colour)
        raw_ax.set_ylim(-limits[0] * 1.1, limits[0] * 1.1)
        filt_ax.set_ylim(-limits[1] * 1.1, limits[1] * 1.1)
        rect_ax.set_ylim(0, limits[2] * 1.1)
        for ax in self.axes[:3]:
            ax.set_xlim(0, max_duration_s)
        self.mean_stance.set_width(stance)
        self.legends = None  # their swatches copy the lines' colours: made again for this muscle

    def _set_processing(self, profile: CycleProfile, amplitude_label: str, band_label: str) -> None:
        """What changes with the processing: two titles, the mean and SD of all cycles."""
        _, filt_ax, rect_ax, cycle_ax = self.axes
        self.processing_titles = (
            filt_ax.set_title(f"2 · Band-passed{band_label}", loc="left", fontsize=11.5, pad=4),
            rect_ax.set_title(
                f"3 · Rectified, with the {amplitude_label}", loc="left", fontsize=11.5, pad=4
            ),
        )
        self.mean_line.set_data(profile.pct_cycle, profile.mean)
        if self.sd_band is not None:
            self.sd_band.remove()
        self.sd_band = cycle_ax.fill_between(
            profile.pct_cycle,
            profile.mean - profile.sd,
            profile.mean + profile.sd,
            color="#999999",
            alpha=0.35,
            linewidth=0,
            label=f"mean ± 1 SD, {profile.n_cycles} cycles",
            zorder=1,
        )
        if self.legends is None:  # the same entries for every processing of one muscle
            self.legends = (
                rect_ax.legend(loc="upper center", fontsize=10, framealpha=0.95),
                cycle_ax.legend(
                    handles=[self.sd_band, self.mean_line, self.cycle_line],
                    loc="upper center",
                    fontsize=10,
                    framealpha=0.95,
                ),
            )

    def update(
        self,
        time_s: npt.ArrayLike,
        raw: npt.ArrayLike,
        filtered: npt.ArrayLike,
        amplitude: npt.ArrayLike,
        cycle: GaitCycle,
        cycle_pct: npt.ArrayLike,
        profile: CycleProfile,
        muscle: str,
        *,
        number: int,
        amplitude_label: str,
        band_hz: tuple[float, float] | None = None,
        limits: tuple[float, float, float] | None = None,
        max_duration_s: float | None = None,
    ) -> Chart:
        """Show one cycle; returns the chart with its alt text and ``chart.data``.

        Parameters
        ----------
        time_s, raw, filtered, amplitude
            Samples of this cycle only: times (s) and the signal after each step (source
            units).
        cycle
            The cycle's events.
        cycle_pct
            This cycle's amplitude as % of the recording's peak, time-normalised (101 points).
        profile
            Mean and SD of all cycles (same normalisation).
        muscle
            Column name, e.g. ``"gluteus_medius"``.
        number
            The cycle's number (1-based), for the title.
        amplitude_label
            How the amplitude was smoothed, e.g. ``"linear envelope, 6 Hz low-pass"``.
        band_hz
            The band-pass edges (Hz), for the second panel's title.
        limits, max_duration_s
            Upper limits of the raw, band-passed and rectified panels, and of their time axes
            (default: this cycle's); an explorer passes the largest over all cycles, so that
            stepping from cycle to cycle never rescales a panel.

        Returns
        -------
        Chart
            ``chart.data``: ``cycle``, ``peak_pct_cycle`` and ``peak_pct_of_recording`` of
            this cycle's normalised amplitude.
        """
        t = np.asarray(time_s, dtype=np.float64) - cycle.touchdown_s
        raw_v, filt_v, amp_v = (np.asarray(v, dtype=np.float64) for v in (raw, filtered, amplitude))
        this = np.asarray(cycle_pct, dtype=np.float64)
        rectified = np.abs(filt_v)
        if limits is None:
            peak_filtered = float(rectified.max())
            limits = (float(np.abs(raw_v).max()), peak_filtered, peak_filtered)
        duration = cycle.duration_s if max_duration_s is None else max_duration_s
        band_label = "" if band_hz is None else f" {band_hz[0]:g}-{band_hz[1]:g} Hz"
        background = (muscle, limits, duration, profile.stance_pct)
        if background != self._background:
            self._set_background(muscle, limits, duration, profile.stance_pct)
            self._background = background
        processing = (background, id(profile), amplitude_label, band_label)
        if processing != self._processing:
            self._set_processing(profile, amplitude_label, band_label)
            self._processing = processing
        stance_s = cycle.lift_off_s - cycle.touchdown_s
        for span in self.spans:
            span.set_width(stance_s)
        self.raw_line.set_data(t, raw_v)
        self.filtered_line.set_data(t, filt_v)
        self.rectified_line.set_data(t, rectified)
        self.amplitude_line.set_data(t, amp_v)
        self.cycle_line.set_data(profile.pct_cycle, this)
        name = _name(muscle)
        self.title.set_text(f"{name}, recorded walking: gait cycle {number} of {profile.n_cycles}")
        self._key = (processing, number, cycle)
        peak_at = float(profile.pct_cycle[int(np.argmax(this))])
        peak = float(this.max())
        self.chart.alt = (
            f"Recorded data, {name}, gait cycle {number} of {profile.n_cycles} "
            f"({cycle.duration_s:.2f} s, stance {cycle.stance_pct:.0f} %). Four stacked line "
            f"charts: raw, band-passed, rectified with its {amplitude_label}; then this "
            f"cycle's amplitude as % of the recording's peak against the gait cycle, peaking at "
            f"{peak:.0f} % at {peak_at:.0f} % of the cycle, drawn over the mean and SD band of "
            "all cycles. Shading marks stance."
        )
        self.chart.data = {
            "cycle": number,
            "peak_pct_cycle": peak_at,
            "peak_pct_of_recording": peak,
        }
        return self.chart

    def _processing_layer(self) -> list[Any]:
        return [*self.processing_titles, self.sd_band, self.mean_line]

    def _cycle_layer(self) -> list[Any]:
        return [
            *self.spans,
            self.raw_line,
            self.filtered_line,
            self.rectified_line,
            self.amplitude_line,
            self.cycle_line,
            self.title,
            *(self.legends or ()),  # over the lines, as in a full draw
        ]

    def png(self) -> bytes:
        """The figure as PNG, redrawing only what changed.

        Over a background drawn once per muscle (scales, axis labels, the source line), the
        processing's titles, mean and SD are one layer and the cycle's lines a second: a
        step to another cycle redraws the second, a change of processing both.
        """
        width, height = self.chart.figure.bbox.size
        whole = Bbox.from_extents(0, 0, width, height)
        layers = [
            (self._processing, self._processing_layer()),
            (self._key, self._cycle_layer()),
        ]
        return self.layers.png([(whole, layers)], background=self._background)
