"""Figures for the EMG-methods lesson: each step from a raw trace to a %MVIC number.

Every function takes NumPy arrays (one value per sample, as returned by
:mod:`glutelab.emg`) and the sampling rate, and returns a
:class:`~glutelab.style.Chart` with alt text, a source line and ``chart.data``
recording what was drawn. Nothing here reads a file. The lesson feeds them
**simulated** signals, so by default titles, alt text and source lines say
``SIMULATED``; pass ``simulated=False`` for a real recording.

>>> import numpy as np
>>> from glutelab import emg
>>> fs = 2000.0
>>> raw = emg.simulate_emg(emg.activation_profile(2.0, fs, 0.5, 1.7, 0.6), fs, seed=1)
>>> filtered = emg.bandpass(raw, fs)
>>> envelope = emg.linear_envelope(filtered, fs)
>>> pct = emg.normalise_to_mvic(envelope, 0.6)
>>> chart = pipeline_chart(raw, filtered, emg.rectify(filtered), envelope, pct, fs,
...                        repetition_s=(0.5, 1.7))
>>> "SIMULATED" in chart.alt and "SIMULATED" in chart.source
True
>>> summary = emg.repetition_summary(pct, fs, 0.5, 1.7)
>>> chart.data["mean_pct_mvic"] == summary.mean_pct_mvic
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox, blended_transform_factory

from glutelab.emg import RepetitionSummary, detect_onset, repetition_summary
from glutelab.style import (
    OKABE_ITO,
    RC,
    RC_LOCK,
    SOURCE_FONTSIZE,
    Band,
    Chart,
    Layers,
    add_source_line,
    new_chart,
    set_margins,
    source_height,
    source_text,
    text_height,
    text_width,
)
from glutelab.style import (
    panels as _panels,
)

__all__ = [
    "PipelineFigure",
    "bandpass_chart",
    "envelope_chart",
    "mvic_chart",
    "onset_chart",
    "pipeline_chart",
    "raw_chart",
    "rectify_chart",
]

FloatArray = npt.NDArray[np.float64]

RAW_COLOUR = "#555555"
"""Raw and other 'before' traces: dark grey, so the processed trace stands out."""
LINE_COLOURS = (OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"])
LINE_STYLES = ("-", "--", ":")
"""Lines that share a panel differ in style as well as colour (colour is never the only cue)."""


# --- helpers ------------------------------------------------------------------------------


def _array(values: npt.ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1 or array.size < 2:
        raise ValueError(f"{name} must be a one-dimensional array of at least 2 samples")
    return array


def _same_length(arrays: Mapping[str, FloatArray]) -> int:
    sizes = {name: a.size for name, a in arrays.items()}
    if len(set(sizes.values())) != 1:
        listed = ", ".join(f"{n}={s}" for n, s in sizes.items())
        raise ValueError(f"the signals must have the same number of samples, got {listed}")
    return next(iter(sizes.values()))


def _time(n_samples: int, sampling_rate_hz: float) -> FloatArray:
    if not (np.isfinite(sampling_rate_hz) and sampling_rate_hz > 0):
        raise ValueError(f"sampling_rate_hz must be a positive number, got {sampling_rate_hz!r}")
    return np.arange(n_samples, dtype=np.float64) / sampling_rate_hz


def _tag(simulated: bool) -> str:
    return "SIMULATED: " if simulated else ""


def _origin(simulated: bool) -> str:
    """Where the signal comes from: the first sentence of every source line."""
    if simulated:
        return "SIMULATED signal for teaching (glutelab.emg.simulate_emg), not a recording."
    return "Recorded signal."


def _source(simulated: bool, processing: str) -> str:
    return f"{_origin(simulated)} {processing}".strip()


@contextmanager
def _course_style() -> Iterator[None]:
    import matplotlib as mpl

    with RC_LOCK, mpl.rc_context(RC):  # type: ignore[arg-type]
        yield


def _panel_title(ax: Axes, text: str) -> Text:
    return ax.set_title(text, loc="left", fontsize=11.5, pad=4)


def _finish(chart: Chart, title: str) -> None:
    chart.figure.suptitle(title, x=0.01, ha="left", fontsize=RC["axes.titlesize"])
    add_source_line(chart)


NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
"""Axis limits are rounded up to one of these times a power of ten."""


def nice_ceiling(value: float) -> float:
    """The smallest "nice" number (:data:`NICE_STEPS` times a power of ten) >= ``value``.

    The pipeline panels round their y limits up to such numbers, so neighbouring slider
    steps share an axis: a learner sees the signal grow against a scale that stays put,
    and the axis is not redrawn on every step.

    >>> [nice_ceiling(v) for v in (0.0, 0.93, 1.0, 1.31, 170.0, 2.6e-3)]
    [1.0, 1.0, 1.0, 1.5, 200.0, 0.003]
    """
    if not (np.isfinite(value) and value > 0):
        return 1.0
    scale = 10.0 ** np.floor(np.log10(value))
    step = next(s for s in NICE_STEPS if s * scale >= value * (1 - 1e-9))
    return float(f"{step * scale:.6g}")  # 0.003, not 0.0030000000000000005


def _set_ylim(ax: Axes, low: float, high: float) -> None:
    """Set an axis's limits, skipping matplotlib's work (callbacks, marking the axes stale)
    when they are already these: the EMG explorer calls this on every slider step.

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> _set_ylim(ax, 0.0, 2.0); ax.get_ylim()
    (np.float64(0.0), np.float64(2.0))
    """
    if tuple(ax.get_ylim()) != (low, high):
        ax.set_ylim(low, high)


def column_edges(n_samples: int, columns: int) -> npt.NDArray[np.intp]:
    """Where each of ``columns`` pixel columns starts, as sample indices (for :func:`min_max`).

    >>> column_edges(10, 4).tolist()
    [0, 2, 5, 7]
    """
    return np.linspace(0, n_samples, columns + 1).astype(np.intp)[:-1]


def min_max(values: FloatArray, edges: npt.NDArray[np.intp]) -> FloatArray:
    """The lowest and the highest sample of each pixel column, in turn.

    A trace of thousands of samples over a few hundred pixels looks the same drawn
    through each column's extremes, and draws several times quicker.

    >>> min_max(np.array([0.0, 3.0, -1.0, 2.0, 5.0, 4.0]), np.array([0, 3])).tolist()
    [-1.0, 3.0, 2.0, 5.0]
    """
    lowest = np.minimum.reduceat(values, edges)
    highest = np.maximum.reduceat(values, edges)
    return np.column_stack([lowest, highest]).ravel()


# --- the whole pipeline ----------------------------------------------------------------

PIPELINE_MARGINS_IN = {"left": 0.95, "right": 0.25, "top": 0.72, "gap": 0.42}
"""Fixed margins of the pipeline figure, in inches: y labels, the title, each panel's title."""
YLABEL_OFFSET_IN = 0.58
"""Where the y labels end, left of the panels (clear of tick labels such as "-0.75")."""
UNDER_PANELS_IN = 0.58
"""Room under the last panel for its tick labels and the x label, in inches."""
SIGNAL_TRACES = ("raw", "filtered", "rectified_panel")
"""The traces of the signal panels, which share one scale."""
SMOOTHING_TRACES = ("rectified", "envelope", "rms")
"""The traces of the smoothing panel."""
DENSE_TRACES = ("raw", "filtered", "rectified_panel", "rectified")
"""The traces of every sample (thousands over a few hundred pixels), drawn through each
pixel column's lowest and highest sample."""
SMOOTHED = ("envelope", "rms")
"""The smoothed amplitudes, which set the smoothing panel's scale."""
SCALE_SIGNALS = ("raw", "filtered", "envelope", "pct_mvic")
"""What :meth:`PipelineFigure.update`'s ``scale_with`` gives: the signals that set the scales."""
ScaleSignals = Mapping[str, npt.ArrayLike]
"""Signals whose size the panels' scales must hold too, by name (:data:`SCALE_SIGNALS`)."""
PCT_HEADROOM = 1.6
"""The %MVIC axis reaches at least 1.6 times the peak (and 160): the legend has the top."""
ONSET_TOP = 1 / PCT_HEADROOM + 0.03
"""How high (axes fraction) the onset line rises in the %MVIC panel: over the data, under
the legend."""


class PipelineFigure:
    """The stacked pipeline panels as one figure whose signals and numbers can be replaced.

    The figure is built once, with every line, title and legend, and fixed margins.
    :meth:`update` puts in a new repetition (signals, limits, titles, legends, alt text,
    source line and ``chart.data``) and returns the chart; :meth:`png` renders it,
    redrawing only what changed since the last PNG (:class:`glutelab.style.Layers`): the
    panel titles and axis labels that stay the same are not drawn again. The explorer in
    :mod:`glutelab.emg_widget` redraws this way on every change; :func:`pipeline_chart`
    draws one repetition.

    Examples
    --------
    >>> from glutelab import emg
    >>> fs = 2000.0
    >>> raw = emg.simulate_emg(emg.activation_profile(2.0, fs, 0.5, 1.7, 0.5), fs, seed=4)
    >>> f = emg.bandpass(raw, fs)
    >>> env = emg.linear_envelope(f, fs)
    >>> figure = PipelineFigure(raw.size, fs, repetition_s=(0.5, 1.7), compact=True)
    >>> chart = figure.update(raw, f, emg.rectify(f), env, 100 * env / 0.5)
    >>> figure.png()[:4], chart.data["panels"]
    (b'\\x89PNG', 4)
    """

    smoothing_legend: Legend
    """The legend of the smoothing panel (made by :meth:`update`)."""
    smoothing_legend_above: bool
    """Whether it sits above the panel (where it fits) rather than inside."""
    pct_legend: Legend
    """The legend of the %MVIC panel, with the mean and peak (made by :meth:`update`)."""

    def __init__(
        self,
        n_samples: int,
        sampling_rate_hz: float,
        *,
        repetition_s: tuple[float, float],
        compact: bool = False,
        simulated: bool = True,
        rms_label: str | None = None,
    ) -> None:
        self.time_s = _time(n_samples, sampling_rate_hz)
        self.sampling_rate_hz = sampling_rate_hz
        self.repetition_s = (float(repetition_s[0]), float(repetition_s[1]))
        self.compact, self.simulated, self.rms_label = compact, simulated, rms_label
        self.n_panels = 4 if compact else 5
        self.chart = new_chart(
            alt="",
            source="",
            width=9.0 if compact else 10.0,
            height=7.8 if compact else 11.5,
            layout=None,
        )
        self.axes = _panels(self.chart, self.n_panels, sharex=True)
        self._draw_panels()
        figure = self.chart.figure
        # The title: words that never change (the background), then the numbers, which are
        # redrawn for each repetition (a few glyphs instead of the whole line).
        title_y = 1 - 0.1 / figure.get_figheight()
        self.title = figure.suptitle(
            f"{_tag(simulated)}from raw signal to %MVIC over one repetition:",
            x=0.01,
            y=title_y,
            ha="left",
            va="top",
        )
        self.title.set_fontsize(RC["axes.titlesize"])
        self.layers = Layers(figure)
        words_end = self.title.get_window_extent(self.layers.canvas.get_renderer()).x1
        self.title_numbers = figure.text(
            words_end / figure.bbox.width,
            title_y,
            "",
            ha="left",
            va="top",
            fontsize=RC["axes.titlesize"],
        )
        # the source line: where the signal comes from (never changes), then the processing
        self.origin, self.source = (
            self.chart.figure.text(
                0.01, 0.01, text, ha="left", va="bottom", fontsize=SOURCE_FONTSIZE, color="#444444"
            )
            for text in (_origin(simulated), "")
        )
        self._source_lines = -1
        self._legends_made = False
        self._processing: tuple[Any, ...] = ()
        self._version = 0

    def _draw_panels(self) -> None:
        """Every artist, with empty data; :meth:`update` fills them in."""
        t, zeros = self.time_s, np.zeros_like(self.time_s)
        start_s, end_s = self.repetition_s
        raw_ax, filt_ax = self.axes[:2]
        env_ax, pct_ax = self.axes[-2:]
        self.lines = {
            "raw": raw_ax.plot(t, zeros, color=RAW_COLOUR, linewidth=0.6)[0],
            "filtered": filt_ax.plot(t, zeros, color=OKABE_ITO["blue"], linewidth=0.6)[0],
        }
        _panel_title(raw_ax, f"1 · Raw signal{' (simulated)' if self.simulated else ''}")
        self.band_title = _panel_title(filt_ax, "2 · Band-passed")
        if not self.compact:
            rect_ax = self.axes[2]
            self.lines["rectified_panel"] = rect_ax.plot(
                t, zeros, color=OKABE_ITO["sky_blue"], linewidth=0.6
            )[0]
            _panel_title(rect_ax, "3 · Rectified: every value made positive")
        self.lines["rectified"] = env_ax.plot(
            t, zeros, color="#C8C8C8", linewidth=0.5, label="rectified"
        )[0]
        # the dense traces are drawn through each pixel column's extremes (min_max)
        figure = self.chart.figure
        margins = PIPELINE_MARGINS_IN["left"] + PIPELINE_MARGINS_IN["right"]
        columns = round((figure.get_figwidth() - margins) * figure.dpi)
        self._columns = column_edges(t.size, columns) if t.size > 2 * columns else None
        if self._columns is not None:
            dense = [self.lines[name] for name in DENSE_TRACES if name in self.lines]
            for line in dense:
                line.set_data(np.repeat(t[self._columns], 2), min_max(zeros, self._columns))
        self.lines["envelope"] = env_ax.plot(
            t, zeros, color=OKABE_ITO["vermillion"], linewidth=2.0, label="envelope"
        )[0]
        if self.rms_label is not None:
            self.lines["rms"] = env_ax.plot(
                t,
                zeros,
                color=OKABE_ITO["bluish_green"],
                linewidth=2.0,
                linestyle="--",
                label=self.rms_label,
            )[0]
        _panel_title(
            env_ax,
            "3 · Rectified, then smoothed into an envelope"
            if self.compact
            else "4 · Smoothed into an amplitude envelope",
        )
        self.repetition = pct_ax.axvspan(start_s, end_s, color="#EEEEEE", zorder=0)
        self.repetition.set_label("repetition")
        self.lines["pct_mvic"] = pct_ax.plot(
            t, zeros, color=OKABE_ITO["blue"], linewidth=2.0, label="%MVIC"
        )[0]
        self.hundred_line = pct_ax.axhline(100, color="#777777", linestyle=":", linewidth=1.2)
        self.mean_line = pct_ax.hlines(
            0,
            start_s,
            end_s,
            colors=OKABE_ITO["orange"],
            linestyles="--",
            linewidth=2.2,
            label="mean over the repetition",
        )
        self.peak_marker = pct_ax.plot(
            [start_s],
            [0.0],
            marker="v",
            markersize=10,
            color=OKABE_ITO["vermillion"],
            linestyle="none",
            label="peak",
        )[0]
        duration = t.size / self.sampling_rate_hz
        self.hundred_text = pct_ax.text(
            duration, 100, "100 %MVIC", ha="right", va="bottom", fontsize=9, color="#555555"
        )
        _panel_title(
            pct_ax,
            f"{self.n_panels} · Normalised to the MVIC test: mean and peak over the repetition",
        )
        units = ["Signal (mV)"] * 2 + ["Amplitude (mV)"] * (self.n_panels - 3)
        for ax, unit in zip(self.axes, [*units, "EMG (%MVIC)"], strict=True):
            self._label_y_axis(ax, unit)
        pct_ax.set_xlabel("Time (s)")
        pct_ax.set_xlim(0, duration)
        if self.compact:  # fewer tick labels: quicker to draw, which matters in a widget
            for ax in self.axes:
                ax.yaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))
            pct_ax.xaxis.set_major_locator(MaxNLocator(5))
        self.onset_lines = [
            ax.axvline(
                0,
                ymax=ONSET_TOP if ax is pct_ax else 1.0,  # the legend has the top of the panel
                color=OKABE_ITO["black"],
                linestyle=":",
                linewidth=1.2,
                label="detected onset",
                visible=False,
            )
            for ax in self.axes
        ]

    def _label_y_axis(self, ax: Axes, unit: str) -> None:
        """Label a panel's y axis, at one fixed distance left of every panel (aligned).

        The axis keeps the label (``ax.get_ylabel()``) but does not draw it: the same words
        are drawn once as static text, so a redraw of the axis's changing ticks does not
        draw them again.
        """
        ax.set_ylabel(unit, visible=False)
        ax.yaxis.set_label_coords(-0.1, 0.5)  # a fixed place: no measuring on each draw
        x = (PIPELINE_MARGINS_IN["left"] - YLABEL_OFFSET_IN) / self.chart.figure.get_figwidth()
        self.chart.figure.text(
            x,
            0.5,
            unit,
            transform=blended_transform_factory(self.chart.figure.transFigure, ax.transAxes),
            rotation="vertical",
            ha="right",
            va="center",
            fontsize=RC["axes.labelsize"],
        )

    def update(
        self,
        raw: npt.ArrayLike,
        filtered: npt.ArrayLike,
        rectified: npt.ArrayLike,
        envelope: npt.ArrayLike,
        pct_mvic: npt.ArrayLike,
        *,
        band_hz: tuple[float, float] = (20.0, 450.0),
        envelope_label: str = "linear envelope, 6 Hz low-pass",
        rms: npt.ArrayLike | None = None,
        onset_s: float | None = None,
        scale_with: ScaleSignals | None = None,
    ) -> Chart:
        """Show one repetition: see :func:`pipeline_chart` for the parameters.

        ``scale_with``: the signals of another repetition that the panels' scales must also
        hold (``raw``, ``filtered``, ``envelope``, ``pct_mvic``, in the same units). The EMG
        explorer passes the same settings at the highest activation, so moving the
        activation slider never rescales a panel: the signal grows and shrinks in a frame
        that stays put (and no axis is redrawn).

        Raises
        ------
        ValueError
            When the signals differ in length from each other or from the figure's time
            axis, or ``rms`` is given to a figure built without ``rms_label`` (or not given
            to one built with it).
        """
        signals = {
            "raw": _array(raw, "raw"),
            "filtered": _array(filtered, "filtered"),
            "rectified": _array(rectified, "rectified"),
            "envelope": _array(envelope, "envelope"),
            "pct_mvic": _array(pct_mvic, "pct_mvic"),
        }
        if (rms is None) != (self.rms_label is None):
            raise ValueError("pass rms exactly when the figure was built with an rms_label")
        if rms is not None:
            signals["rms"] = _array(rms, "rms")
        if _same_length(signals) != self.time_s.size:
            raise ValueError(
                f"the signals have {signals['raw'].size} samples; the figure was built for "
                f"{self.time_s.size}"
            )
        summary = repetition_summary(signals["pct_mvic"], self.sampling_rate_hz, *self.repetition_s)
        scales = [signals]
        if scale_with is not None:
            scales.append({name: _array(scale_with[name], name) for name in SCALE_SIGNALS})
        self._draw_signals(signals, summary, envelope_label, onset_s, scales)
        self._write_text(signals, summary, band_hz, envelope_label, onset_s)
        self._processing = (band_hz, envelope_label)
        self._version += 1
        return self.chart

    def _peak(self, pct_mvic: FloatArray) -> float:
        """The highest %MVIC over the repetition (of a ``scale_with`` run: this run's is in
        its summary)."""
        return repetition_summary(pct_mvic, self.sampling_rate_hz, *self.repetition_s).peak_pct_mvic

    def _peak_time(self, pct_mvic: FloatArray) -> float:
        start_s, end_s = self.repetition_s
        first = round(start_s * self.sampling_rate_hz)
        last = round(end_s * self.sampling_rate_hz)
        return float(self.time_s[first + int(np.argmax(pct_mvic[first:last]))])

    def _draw_signals(
        self,
        signals: dict[str, FloatArray],
        summary: RepetitionSummary,
        envelope_label: str,
        onset_s: float | None,
        scales: Sequence[Mapping[str, FloatArray]],
    ) -> None:
        """New data, limits and legends (in the order the artists were first drawn); the
        limits hold every repetition in ``scales`` (this one first)."""
        for name, line in self.lines.items():
            values = signals["rectified" if name == "rectified_panel" else name]
            if name in DENSE_TRACES and self._columns is not None:
                values = min_max(values, self._columns)
            line.set_ydata(values)
        # The limits are rounded up to nice numbers (nice_ceiling), so the scale stays put
        # over neighbouring settings and a learner sees the signal grow or shrink. The raw,
        # band-passed (and rectified) panels share one scale in mV: what filtering removes
        # shows as a change of size.
        reach = max(float(np.max(np.abs(r[name]))) for r in scales for name in ("raw", "filtered"))
        reach = nice_ceiling(reach * 1.05)
        _set_ylim(self.axes[0], -reach, reach)
        _set_ylim(self.axes[1], -reach, reach)
        if not self.compact:
            _set_ylim(self.axes[2], 0, reach)
        env_ax, pct_ax = self.axes[-2:]
        top = max(float(np.max(r[name])) for r in scales for name in SMOOTHED if name in r)
        _set_ylim(env_ax, 0, nice_ceiling(top * 1.6))
        if envelope_label != self.lines["envelope"].get_label() or not self._legends_made:
            self.lines["envelope"].set_label(envelope_label)
            self._smoothing_legend()
        start_s, end_s = self.repetition_s
        mean, peak = summary.mean_pct_mvic, summary.peak_pct_mvic
        self.mean_line.set_segments([np.array([[start_s, mean], [end_s, mean]])])
        self.peak_marker.set_data([self._peak_time(signals["pct_mvic"])], [peak])
        # headroom: the data stay in the lower part, the legend has the top
        highest = max([peak, *(self._peak(r["pct_mvic"]) for r in scales[1:])])
        _set_ylim(pct_ax, 0, nice_ceiling(max(highest, 100.0) * PCT_HEADROOM))
        onset_before = self.onset_lines[-1].get_visible()
        for line in self.onset_lines:
            line.set_visible(onset_s is not None)
            if onset_s is not None:
                line.set_xdata([onset_s, onset_s])
        # The legend names the marks; the numbers are in the figure title (and the alt
        # text), so the legend changes only when the onset line comes or goes.
        if not self._legends_made or onset_before != (onset_s is not None):
            handles: list[Artist] = [
                self.repetition,
                self.lines["pct_mvic"],
                self.mean_line,
                self.peak_marker,
            ]
            if onset_s is not None:
                handles.append(self.onset_lines[-1])
            self.pct_legend = pct_ax.legend(  # one row, in the headroom above the data
                handles=handles,
                loc="upper left",
                fontsize=9.5,
                framealpha=0.95,
                ncols=len(handles),
            )
        self._legends_made = True

    def _smoothing_legend(self) -> None:
        """The smoothing panel's legend: above the panel beside its title when it fits there
        (then it never covers the signal), else inside the panel's top right corner."""
        env_ax = self.axes[-2]
        smoothed = [
            self.lines[name] for name in ("rectified", "envelope", "rms") if name in self.lines
        ]
        legend_width = sum(text_width(str(line.get_label()), 9.5) + 0.55 for line in smoothed)
        title_width = text_width(env_ax.get_title(loc="left"), 11.5)
        frame_width = self.chart.figure.get_figwidth() - sum(
            PIPELINE_MARGINS_IN[side] for side in ("left", "right")
        )
        self.smoothing_legend_above = title_width + legend_width + 0.2 <= frame_width
        if self.smoothing_legend_above:
            self.smoothing_legend = env_ax.legend(
                handles=smoothed,
                loc="lower right",
                bbox_to_anchor=(1.0, 1.0),
                ncols=len(smoothed),
                fontsize=9.5,
                frameon=False,
                borderaxespad=0.1,
            )
        else:
            self.smoothing_legend = env_ax.legend(
                handles=smoothed, loc="upper right", fontsize=9.5, framealpha=0.95
            )

    def _write_text(
        self,
        signals: dict[str, FloatArray],
        summary: RepetitionSummary,
        band_hz: tuple[float, float],
        envelope_label: str,
        onset_s: float | None,
    ) -> None:
        """Titles, alt text, source line and ``chart.data`` for this repetition."""
        chart, simulated = self.chart, self.simulated
        start_s, end_s = self.repetition_s
        mean, peak = summary.mean_pct_mvic, summary.peak_pct_mvic
        peak_time_s = self._peak_time(signals["pct_mvic"])
        low_hz, high_hz = band_hz
        smoothing = envelope_label + (f" and {self.rms_label}" if "rms" in signals else "")
        band = f"band-passed {low_hz:g}-{high_hz:g} Hz"
        if self.compact:
            steps = ["raw signal in mV", band, f"rectified and smoothed ({smoothing})"]
        else:
            steps = ["raw signal in mV", band, "rectified", f"smoothed ({smoothing})"]
        steps.append("normalised to MVIC")
        duration = self.time_s.size / self.sampling_rate_hz
        alt = (
            f"{len(steps)} stacked line charts of one {'simulated ' if simulated else ''}"
            f"surface EMG repetition over {duration:g} seconds, one processing step each: "
            f"{'; '.join(steps)}. Over the repetition from {start_s:g} to {end_s:g} s the mean "
            f"is {mean:.0f} %MVIC and the peak {peak:.0f} %MVIC (at {peak_time_s:.2f} s)."
        )
        if onset_s is not None:
            alt += f" Onset detected at {onset_s:.2f} s (dotted line)."
        chart.alt = "SIMULATED data. " + alt if simulated else alt
        # the band's cut-offs are in panel 2's title: a new band leaves this line as it is
        processing = (
            "Processing: zero-phase Butterworth band-pass (cut-offs in panel 2), "
            f"full-wave rectification, {envelope_label}, divided by the MVIC reference."
        )
        if "rms" in signals:
            processing += f" The {self.rms_label} is drawn for comparison only."
        chart.source = f"{_origin(simulated)}\n\n{processing}"  # two paragraphs, two texts
        self.band_title.set_text(f"2 · Band-passed {low_hz:g}-{high_hz:g} Hz: drift and DC removed")
        self.title_numbers.set_text(f" mean {mean:.0f}, peak {peak:.0f} %MVIC")
        text = source_text(chart).split("\n", 1)[1]  # the processing, under the origin
        self.source.set_text(text)
        if text.count("\n") != self._source_lines:  # reserve room for the source line
            self._source_lines = text.count("\n")
            above = text_height(text, SOURCE_FONTSIZE) / chart.figure.get_figheight()
            self.origin.set_y(0.01 + above)
            set_margins(
                chart.figure,
                left=PIPELINE_MARGINS_IN["left"],
                right=PIPELINE_MARGINS_IN["right"],
                top=PIPELINE_MARGINS_IN["top"],
                bottom=UNDER_PANELS_IN + source_height(chart),
                gap=PIPELINE_MARGINS_IN["gap"],
                rows=self.n_panels,
            )
            self.layers.reset()
        chart.data = {
            "mean_pct_mvic": mean,
            "peak_pct_mvic": peak,
            "peak_time_s": peak_time_s,
            "repetition_s": self.repetition_s,
            "onset_s": onset_s,
            "panels": len(steps),
            "title": self.title.get_text() + self.title_numbers.get_text(),
        }

    def png(self) -> bytes:
        """The chart as PNG bytes; only the layers that changed since the last call are drawn
        (the strips and layers of :meth:`bands`)."""
        return self.layers.png(self.bands())

    def bands(self) -> list[Band]:
        """The strips of the figure and their layers, for :meth:`png`.

        The figure is cut into three strips, one for each kind of scale: the signal panels
        (raw, band-passed and rectified, with the figure title), the smoothing panel and the
        %MVIC panel (with the source line). A strip's layers, bottom up: the background
        (panel frames, the x axis, the y labels, titles that never change); the strip's y
        axes, redrawn only when their rounded limits change (in the %MVIC strip with the
        100 %MVIC line, then the legend); what the processing settings change (the band-pass
        title when the band changes, the smoothing legend above its panel when the smoothing
        does, the source line), above the axes so that a new band or smoothing leaves the
        axes as they are; and what every new repetition changes (the signals, the mean and peak
        marks, the onset lines, the numbers of the figure title). So a new %MVIC scale
        redraws nothing in the signal panels. Artists of different layers do not overlap, so
        the picture is the one a full draw gives.
        """
        *signal_axes, env_ax, pct_ax = self.axes  # raw, band-passed (and rectified): one scale
        top, middle = self._strip_edges()
        width, height = self.chart.figure.bbox.width, self.chart.figure.bbox.height
        smoothing_layer = [self.smoothing_legend] if self.smoothing_legend_above else []
        smoothing_changing = [] if self.smoothing_legend_above else [self.smoothing_legend]
        signal_lines = [line for name, line in self.lines.items() if name in SIGNAL_TRACES]
        env_lines = [line for name, line in self.lines.items() if name in SMOOTHING_TRACES]
        *signal_onsets, env_onset, pct_onset = self.onset_lines
        band_hz, envelope_label = self._processing or (None, None)
        return [
            (
                Bbox.from_extents(0, top, width, height),
                [
                    (signal_axes[0].get_ylim(), [ax.yaxis for ax in signal_axes]),
                    (band_hz, [self.band_title]),
                    (self._version, [*signal_lines, *signal_onsets, self.title_numbers]),
                ],
            ),
            (
                Bbox.from_extents(0, middle, width, top),
                [
                    (env_ax.get_ylim(), [env_ax.yaxis]),
                    (envelope_label, smoothing_layer),  # its labels set where it sits
                    (self._version, [*env_lines, env_onset, *smoothing_changing]),
                ],
            ),
            (
                Bbox.from_extents(0, 0, width, middle),
                [
                    (pct_ax.get_ylim(), [pct_ax.yaxis, self.hundred_line, self.hundred_text]),
                    (pct_onset.get_visible(), [self.pct_legend]),  # apart from the source line
                    (self.source.get_text(), [self.source]),  # the band is not in it
                    (
                        self._version,
                        [self.lines["pct_mvic"], pct_onset, self.mean_line, self.peak_marker],
                    ),
                ],
            ),
        ]

    def _strip_edges(self) -> tuple[float, float]:
        """Where the strips of :meth:`bands` meet (display y): under the lowest signal panel
        and under the smoothing panel, below the half of a tick label that overhangs a
        panel's bottom edge and above the next panel's title and legend."""
        overhang = RC["ytick.labelsize"] / 72 * self.chart.figure.dpi / 2 + 2
        lowest_signal_ax, env_ax = self.axes[-3], self.axes[-2]
        return (
            float(np.floor(lowest_signal_ax.bbox.y0 - overhang)),
            float(np.floor(env_ax.bbox.y0 - overhang)),
        )


def pipeline_chart(
    raw: npt.ArrayLike,
    filtered: npt.ArrayLike,
    rectified: npt.ArrayLike,
    envelope: npt.ArrayLike,
    pct_mvic: npt.ArrayLike,
    sampling_rate_hz: float,
    *,
    repetition_s: tuple[float, float],
    band_hz: tuple[float, float] = (20.0, 450.0),
    envelope_label: str = "linear envelope, 6 Hz low-pass",
    rms: npt.ArrayLike | None = None,
    rms_label: str = "moving RMS",
    onset_s: float | None = None,
    simulated: bool = True,
    compact: bool = False,
) -> Chart:
    """Stacked panels on one time axis: raw, band-passed, rectified, envelope, %MVIC.

    The last panel shades the repetition, draws its mean %MVIC as a dashed
    line across it and marks its peak; both numbers come from
    :func:`glutelab.emg.repetition_summary` on ``pct_mvic`` and are stored in
    ``chart.data`` (``mean_pct_mvic``, ``peak_pct_mvic``, ``peak_time_s``).

    Parameters
    ----------
    raw, filtered, rectified, envelope
        The signal at each step, in mV, one value per sample (same length).
    pct_mvic
        The envelope normalised to the MVIC reference, in %MVIC.
    sampling_rate_hz
        Samples per second (Hz); the time axis is in seconds.
    repetition_s
        Start and end of the repetition, in seconds.
    band_hz
        The band-pass edges used, in Hz (for the panel title and source line).
    envelope_label
        How ``envelope`` was made, e.g. ``"linear envelope, 6 Hz low-pass"``.
    rms, rms_label
        An optional moving-RMS amplitude (mV) drawn with the envelope, and its label.
    onset_s
        A detected onset in seconds, drawn as a dotted line in every panel.
    simulated
        Whether the signal is simulated (says so in the title, alt text and source line).
    compact
        Draw four panels instead of five (the rectified signal is drawn in grey
        behind the envelope rather than in its own panel); quicker to redraw.

    Returns
    -------
    Chart
        ``chart.data`` has ``mean_pct_mvic``, ``peak_pct_mvic``, ``peak_time_s``,
        ``repetition_s``, ``onset_s``, ``panels`` (how many were drawn) and ``title``.

    Examples
    --------
    >>> from glutelab import emg
    >>> fs = 2000.0
    >>> raw = emg.simulate_emg(emg.activation_profile(2.0, fs, 0.5, 1.7, 1.0), fs, seed=2)
    >>> f = emg.bandpass(raw, fs)
    >>> env = emg.linear_envelope(f, fs)
    >>> chart = pipeline_chart(raw, f, emg.rectify(f), env, 100 * env / env.max(), fs,
    ...                        repetition_s=(0.5, 1.7))
    >>> round(chart.data["peak_pct_mvic"])
    100
    >>> [ax.get_ylabel() for ax in chart.figure.axes]
    ['Signal (mV)', 'Signal (mV)', 'Amplitude (mV)', 'Amplitude (mV)', 'EMG (%MVIC)']
    """
    figure = PipelineFigure(
        _array(raw, "raw").size,
        sampling_rate_hz,
        repetition_s=repetition_s,
        compact=compact,
        simulated=simulated,
        rms_label=None if rms is None else rms_label,
    )
    return figure.update(
        raw,
        filtered,
        rectified,
        envelope,
        pct_mvic,
        band_hz=band_hz,
        envelope_label=envelope_label,
        rms=rms,
        onset_s=onset_s,
    )


# --- one step at a time ------------------------------------------------------------------


def raw_chart(
    raw: npt.ArrayLike,
    sampling_rate_hz: float,
    *,
    activation: npt.ArrayLike | None = None,
    simulated: bool = True,
) -> Chart:
    """A raw EMG trace over time, optionally with the activation it was simulated from.

    Parameters
    ----------
    raw
        The raw signal in mV.
    sampling_rate_hz
        Samples per second (Hz).
    activation
        The intended activation (0 to 1 per sample, e.g. from
        :func:`glutelab.emg.activation_profile`), drawn on a second axis on the right.
    simulated
        Whether the signal is simulated.

    Returns
    -------
    Chart
        ``chart.data`` has ``min_mv``, ``max_mv`` and ``duration_s``.

    Examples
    --------
    >>> chart = raw_chart(np.sin(np.linspace(0, 60, 3000)), 1000.0, activation=np.ones(3000))
    >>> chart.data["duration_s"], round(chart.data["max_mv"], 2)
    (3.0, 1.0)
    """
    values = _array(raw, "raw")
    arrays = {"raw": values}
    if activation is not None:
        arrays["activation"] = _array(activation, "activation")
    n_samples = _same_length(arrays)
    t = _time(n_samples, sampling_rate_hz)
    duration = n_samples / sampling_rate_hz
    low, high = float(values.min()), float(values.max())
    alt = (
        f"{'SIMULATED data. ' if simulated else ''}Line chart of a raw surface EMG trace over "
        f"{duration:g} s, swinging between {low:.2f} and {high:.2f} mV"
        + (
            ", with the intended activation (0 to 1) as a dashed line on a second axis; "
            "the trace grows and shrinks with the activation."
            if activation is not None
            else "."
        )
    )
    chart = new_chart(
        alt=alt,
        source=_source(simulated, "No processing: the signal as the amplifier would record it."),
        width=10,
        height=4.8,
    )
    ax = _panels(chart, 1)[0]
    ax.plot(t, values, color=RAW_COLOUR, linewidth=0.6, label="raw signal (left axis)")
    ax.set_xlim(0, duration)
    ax.set_xlabel("Time (s)")
    ax.set_ylabel("Signal (mV)")
    if "activation" in arrays:
        twin = ax.twinx()
        twin.plot(
            t,
            arrays["activation"],
            color=OKABE_ITO["orange"],
            linestyle="--",
            linewidth=2.5,
            label="intended activation (right axis)",
        )
        twin.set_ylim(0, 1.05)
        twin.set_ylabel("Activation (1 = maximal)")
        twin.spines["top"].set_visible(False)
        twin.tick_params(labelsize=RC["ytick.labelsize"])
        handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
        ax.legend(handles=handles, loc="upper left", fontsize=10, framealpha=0.95)
    title = f"{_tag(simulated)}the raw signal swings either side of zero"
    if "activation" in arrays:
        title += "; its size follows the activation"
    _finish(chart, title)
    chart.data = {"min_mv": low, "max_mv": high, "duration_s": duration}
    return chart


def _spectrum(signal: FloatArray, sampling_rate_hz: float) -> tuple[FloatArray, FloatArray]:
    """Welch power spectral density (mV²/Hz) with 1 Hz resolution (or coarser if short)."""
    from scipy.signal import welch  # type: ignore[import-untyped, unused-ignore]

    nperseg = min(signal.size, round(sampling_rate_hz))
    freqs, power = welch(signal, fs=sampling_rate_hz, nperseg=nperseg)
    return np.asarray(freqs, dtype=np.float64), np.asarray(power, dtype=np.float64)


def _band_power(freqs: FloatArray, power: FloatArray, low: float, high: float) -> float:
    mask = (freqs >= low) & (freqs <= high)
    return float(np.mean(power[mask])) if mask.any() else float("nan")


def bandpass_chart(
    raw: npt.ArrayLike,
    filtered: npt.ArrayLike,
    sampling_rate_hz: float,
    *,
    band_hz: tuple[float, float] = (20.0, 450.0),
    powerline_hz: float | None = 50.0,
    motion_below_hz: float = 5.0,
    simulated: bool = True,
) -> Chart:
    """What the band-pass filter keeps and removes, over time and by frequency.

    Top: the raw and band-passed signals over time. Bottom: their power
    spectra (Welch, 1 Hz resolution) on a log frequency axis, with the pass
    band shaded and the mains-hum frequency and the motion-artefact range
    labelled. The title says whether each was removed, judged from the power
    before and after: mean power density below ``motion_below_hz`` and at
    ``powerline_hz`` (±1 Hz).

    Parameters
    ----------
    raw, filtered
        The signal before and after :func:`glutelab.emg.bandpass`, in mV.
    sampling_rate_hz
        Samples per second (Hz).
    band_hz
        The pass band used, in Hz.
    powerline_hz
        Mains frequency to label (50 or 60), or ``None``.
    motion_below_hz
        Upper edge of the motion-artefact range, in Hz.
    simulated
        Whether the signal is simulated.

    Returns
    -------
    Chart
        ``chart.data`` has ``motion_power_ratio`` and ``hum_power_ratio`` (after/before;
        ``nan`` for no hum) and ``hum_removed``, ``motion_removed`` (ratio below 0.1).

    Examples
    --------
    >>> from glutelab import emg
    >>> fs = 2000.0
    >>> profile = emg.activation_profile(3.0, fs, 1.0, 2.4, 0.6)
    >>> raw = emg.simulate_emg(profile, fs, seed=3, powerline_hz=50,
    ...                        powerline_amplitude_mv=0.1, motion_artefact=True)
    >>> chart = bandpass_chart(raw, emg.bandpass(raw, fs), fs)
    >>> chart.data["motion_removed"], chart.data["hum_removed"]
    (True, False)
    """
    before, after = _array(raw, "raw"), _array(filtered, "filtered")
    n_samples = _same_length({"raw": before, "filtered": after})
    t = _time(n_samples, sampling_rate_hz)
    freqs, power_before = _spectrum(before, sampling_rate_hz)
    _, power_after = _spectrum(after, sampling_rate_hz)
    motion_ratio = _band_power(freqs, power_after, 0.5, motion_below_hz) / _band_power(
        freqs, power_before, 0.5, motion_below_hz
    )
    hum_ratio = float("nan")
    if powerline_hz is not None:
        hum_ratio = _band_power(
            freqs, power_after, powerline_hz - 1, powerline_hz + 1
        ) / _band_power(freqs, power_before, powerline_hz - 1, powerline_hz + 1)
    motion_removed = bool(motion_ratio < 0.1)
    hum_removed = bool(hum_ratio < 0.1)
    low_hz, high_hz = band_hz

    removed = ["the motion artefact"] if motion_removed else []
    kept = [] if motion_removed else ["the motion artefact"]
    if powerline_hz is not None:
        (removed if hum_removed else kept).append(f"the {powerline_hz:g} Hz hum")
    verbs = []
    if removed:
        verbs.append("removes " + " and ".join(removed))
    if kept:
        verbs.append("keeps " + " and ".join(kept))
    finding = " but ".join(verbs)
    tag = _tag(simulated)
    alt = (
        f"{'SIMULATED data. ' if simulated else ''}Two charts. Top: the raw EMG and the "
        f"band-passed ({low_hz:g}-{high_hz:g} Hz) EMG over {n_samples / sampling_rate_hz:g} s "
        "in mV. Bottom: their power spectra by frequency on a logarithmic axis. "
        f"The filter {finding}."
    )
    chart = new_chart(
        alt=alt,
        source=_source(
            simulated,
            f"Band-pass {low_hz:g}-{high_hz:g} Hz (zero-phase Butterworth). "
            "Spectra: Welch power spectral density, 1 Hz resolution.",
        ),
        width=10,
        height=8.0,
    )
    time_ax, freq_ax = _panels(chart, 2, gridspec_kw={"height_ratios": [1, 1.2]})
    time_ax.plot(t, before, color=RAW_COLOUR, linewidth=0.6, label="raw")
    time_ax.plot(t, after, color=OKABE_ITO["blue"], linewidth=0.6, label="band-passed")
    time_ax.set_xlabel("Time (s)")
    time_ax.set_ylabel("Signal (mV)")
    time_ax.set_xlim(0, t.size / sampling_rate_hz)
    time_ax.legend(loc="upper right", fontsize=9.5, framealpha=0.95, ncols=2)
    _panel_title(time_ax, "Over time: the slow drift disappears")

    keep = freqs > 0
    floor = 1e-12
    freq_ax.axvspan(low_hz, high_hz, color="#EEEEEE", zorder=0, label="pass band")
    freq_ax.plot(
        freqs[keep],
        10 * np.log10(power_before[keep] + floor),
        color=RAW_COLOUR,
        linewidth=1.0,
        label="raw",
    )
    freq_ax.plot(
        freqs[keep],
        10 * np.log10(power_after[keep] + floor),
        color=OKABE_ITO["blue"],
        linewidth=1.4,
        linestyle="--",
        label="band-passed",
    )
    freq_ax.set_xscale("log")
    freq_ax.set_xlim(1, sampling_rate_hz / 2)
    ticks = [t for t in (1, 5, 20, 50, 100, 450, 1000) if t <= sampling_rate_hz / 2]
    freq_ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    finite_before = 10 * np.log10(power_before[keep] + floor)
    y_high = float(np.max(finite_before)) + 8
    y_low = float(np.percentile(10 * np.log10(power_after[keep] + floor), 2)) - 5
    freq_ax.set_ylim(y_low, y_high)
    motion_db = _band_db(freqs, power_before, 1, motion_below_hz)
    freq_ax.annotate(  # label below the hump, arrow pointing up to it
        "motion\nartefact",
        xy=(2.5, motion_db),
        xytext=(1.15, motion_db - 15),
        fontsize=10,
        va="top",
        arrowprops={"arrowstyle": "->", "color": "#333333"},
    )
    if powerline_hz is not None:
        hum_db = float(10 * np.log10(np.max(power_before[np.abs(freqs - powerline_hz) <= 1])))
        freq_ax.annotate(
            f"{powerline_hz:g} Hz\nmains hum",
            xy=(powerline_hz, hum_db),
            xytext=(powerline_hz * 2.2, y_high - 2),
            fontsize=10,
            va="top",
            arrowprops={"arrowstyle": "->", "color": "#333333"},
        )
    freq_ax.set_xlabel("Frequency (Hz, logarithmic)")
    freq_ax.set_ylabel("Power (dB re 1 mV²/Hz)")
    freq_ax.legend(loc="upper right", fontsize=9.5, framealpha=0.95)
    _panel_title(freq_ax, "By frequency: what the filter removes")
    _finish(chart, f"{tag}a {low_hz:g}-{high_hz:g} Hz band-pass {finding}")
    chart.data = {
        "motion_power_ratio": motion_ratio,
        "hum_power_ratio": hum_ratio,
        "motion_removed": motion_removed,
        "hum_removed": hum_removed,
    }
    return chart


def _band_db(freqs: FloatArray, power: FloatArray, low: float, high: float) -> float:
    return float(10 * np.log10(_band_power(freqs, power, low, high) + 1e-12))


def rectify_chart(
    filtered: npt.ArrayLike,
    rectified: npt.ArrayLike,
    sampling_rate_hz: float,
    *,
    simulated: bool = True,
) -> Chart:
    """Band-passed and rectified signal, each with its mean over the whole trace.

    The band-passed signal swings either side of zero, so its mean is close to
    zero whatever the muscle does; after rectification the mean reflects the
    amplitude. Both means are drawn and stored in ``chart.data``
    (``mean_filtered_mv``, ``mean_rectified_mv``).

    Parameters
    ----------
    filtered
        Band-passed EMG in mV.
    rectified
        The same signal after :func:`glutelab.emg.rectify`, in mV.
    sampling_rate_hz
        Samples per second (Hz).
    simulated
        Whether the signal is simulated.

    Returns
    -------
    Chart

    Examples
    --------
    >>> x = np.sin(np.linspace(0, 20 * np.pi, 2000))
    >>> chart = rectify_chart(x, np.abs(x), 1000.0)
    >>> round(chart.data["mean_filtered_mv"], 2), round(chart.data["mean_rectified_mv"], 2)
    (0.0, 0.64)
    """
    before, after = _array(filtered, "filtered"), _array(rectified, "rectified")
    n_samples = _same_length({"filtered": before, "rectified": after})
    t = _time(n_samples, sampling_rate_hz)
    # round, then add 0.0 so a mean of -0.0001 prints as 0.000, not -0.000
    mean_before, mean_after = float(before.mean()), float(after.mean())
    shown_before, shown_after = round(mean_before, 3) + 0.0, round(mean_after, 3) + 0.0
    alt = (
        f"{'SIMULATED data. ' if simulated else ''}Two stacked line charts over "
        f"{n_samples / sampling_rate_hz:g} s in mV. Top: the band-passed EMG swings above and "
        f"below zero; its mean is {shown_before:.3f} mV. Bottom: the rectified EMG (absolute "
        f"values) is all positive; its mean is {shown_after:.3f} mV."
    )
    chart = new_chart(
        alt=alt,
        source=_source(simulated, "Full-wave rectification: the absolute value of each sample."),
        width=10,
        height=6.5,
    )
    axes = _panels(chart, 2, sharex=True, sharey=True)
    for ax, values, colour, label, mean, unit in (
        (axes[0], before, OKABE_ITO["blue"], "2 · Band-passed", mean_before, "Signal (mV)"),
        (axes[1], after, OKABE_ITO["sky_blue"], "3 · Rectified", mean_after, "Amplitude (mV)"),
    ):
        ax.plot(t, values, color=colour, linewidth=0.6)
        ax.axhline(0, color="#444444", linewidth=0.8)
        ax.axhline(
            mean,
            color=OKABE_ITO["vermillion"],
            linestyle="--",
            linewidth=2.2,
            zorder=4,
            label=f"mean of whole trace: {round(mean, 3) + 0.0:.3f} mV",
        )
        ax.set_ylabel(unit)
        ax.legend(loc="upper right", fontsize=9.5, framealpha=0.95)
        _panel_title(ax, label)
    axes[1].set_xlabel("Time (s)")
    axes[1].set_xlim(0, t.size / sampling_rate_hz)
    _finish(
        chart,
        f"{_tag(simulated)}averaging the band-passed signal gives about zero; "
        "rectify first, then average",
    )
    chart.data = {"mean_filtered_mv": mean_before, "mean_rectified_mv": mean_after}
    return chart


def envelope_chart(
    rectified: npt.ArrayLike,
    envelopes: Mapping[str, npt.ArrayLike],
    sampling_rate_hz: float,
    *,
    simulated: bool = True,
) -> Chart:
    """The rectified signal with one or more amplitude envelopes drawn over it.

    Parameters
    ----------
    rectified
        Rectified EMG in mV (drawn in light grey).
    envelopes
        Label -> envelope in mV, e.g. ``{"linear envelope, 6 Hz": ..., "moving RMS, 100 ms": ...}``;
        at most three, drawn in different colours *and* line styles.
    sampling_rate_hz
        Samples per second (Hz).
    simulated
        Whether the signal is simulated.

    Returns
    -------
    Chart
        ``chart.data["peaks_mv"]`` maps each label to the envelope's highest value.

    Examples
    --------
    >>> x = np.abs(np.sin(np.linspace(0, 20 * np.pi, 2000)))
    >>> chart = envelope_chart(x, {"flat": np.full(2000, 0.64)}, 1000.0)
    >>> chart.data["peaks_mv"]
    {'flat': 0.64}
    """
    rect = _array(rectified, "rectified")
    lines = {label: _array(values, label) for label, values in envelopes.items()}
    if not 1 <= len(lines) <= len(LINE_COLOURS):
        raise ValueError(f"envelopes must hold 1 to {len(LINE_COLOURS)} signals, got {len(lines)}")
    n_samples = _same_length({"rectified": rect, **lines})
    t = _time(n_samples, sampling_rate_hz)
    peaks = {label: float(values.max()) for label, values in lines.items()}
    described = "; ".join(f"{label} (peak {peak:.2f} mV)" for label, peak in peaks.items())
    alt = (
        f"{'SIMULATED data. ' if simulated else ''}Line chart over "
        f"{n_samples / sampling_rate_hz:g} s in mV: the rectified EMG in light grey with "
        f"smooth amplitude curves drawn over it: {described}."
    )
    chart = new_chart(
        alt=alt,
        source=_source(simulated, "Envelopes from the rectified, band-passed signal."),
        width=10,
        height=5.0,
    )
    ax = _panels(chart, 1)[0]
    ax.plot(t, rect, color="#BBBBBB", linewidth=0.5, label="rectified")
    for (label, values), colour, style in zip(
        lines.items(), LINE_COLOURS, LINE_STYLES, strict=False
    ):
        ax.plot(t, values, color=colour, linestyle=style, linewidth=2.2, label=label)
    ax.set_ylim(0, max(peaks.values()) * 1.7)
    ax.set_xlim(0, t.size / sampling_rate_hz)
    ax.set_xlabel("Time (s)")
    ax.set_ylabel("Amplitude (mV)")
    ax.legend(loc="upper right", fontsize=10, framealpha=0.95)
    _finish(chart, f"{_tag(simulated)}the envelope turns spiky samples into amplitude over time")
    chart.data = {"peaks_mv": peaks}
    return chart


def onset_chart(
    envelopes: Mapping[str, npt.ArrayLike],
    sampling_rate_hz: float,
    *,
    true_onset_s: float | None = None,
    baseline_s: float = 0.5,
    n_sd: float = 3.0,
    min_duration_s: float = 0.025,
    simulated: bool = True,
) -> Chart:
    """Threshold onset detection on one or more envelopes, one panel each.

    Each panel shades the resting baseline, draws the threshold (baseline
    mean + ``n_sd`` SD, the rule of :func:`glutelab.emg.detect_onset`) and
    the onset that function detects; ``true_onset_s`` (known only in a
    simulation) is drawn for comparison.

    Parameters
    ----------
    envelopes
        Label -> envelope in mV (e.g. smoothed with a 50 Hz and a 6 Hz low-pass).
    sampling_rate_hz
        Samples per second (Hz).
    true_onset_s
        When the simulated activation really started, in seconds.
    baseline_s, n_sd, min_duration_s
        Passed to :func:`glutelab.emg.detect_onset`.
    simulated
        Whether the signal is simulated.

    Returns
    -------
    Chart
        ``chart.data["onsets_s"]`` and ``chart.data["thresholds_mv"]`` by label.

    Examples
    --------
    >>> envelope = np.r_[np.full(500, 0.01), np.full(500, 0.5)]
    >>> envelope[::2] += 0.002
    >>> onset_chart({"test": envelope}, 1000.0, true_onset_s=0.5).data["onsets_s"]
    {'test': 0.5}
    """
    lines = {label: _array(values, label) for label, values in envelopes.items()}
    if not 1 <= len(lines) <= len(LINE_COLOURS):
        raise ValueError(f"envelopes must hold 1 to {len(LINE_COLOURS)} signals, got {len(lines)}")
    n_samples = _same_length(lines)
    t = _time(n_samples, sampling_rate_hz)
    n_baseline = round(baseline_s * sampling_rate_hz)
    onsets: dict[str, float | None] = {}
    thresholds: dict[str, float] = {}
    for label, values in lines.items():
        onsets[label] = detect_onset(
            values,
            sampling_rate_hz,
            baseline_s=baseline_s,
            n_sd=n_sd,
            min_duration_s=min_duration_s,
        )
        rest = values[:n_baseline]
        thresholds[label] = float(rest.mean() + n_sd * rest.std(ddof=1))

    def describe(onset: float | None) -> str:
        if onset is None:
            return "no onset detected"
        text = f"onset detected at {onset:.2f} s"
        if true_onset_s is not None:
            text += f" ({(onset - true_onset_s) * 1000:+.0f} ms vs true onset)"
        return text

    alt = (
        f"{'SIMULATED data. ' if simulated else ''}{len(lines)} stacked line charts of EMG "
        f"envelopes in mV over {n_samples / sampling_rate_hz:g} s, with the first "
        f"{baseline_s:g} s shaded as rest and a threshold line at rest mean + {n_sd:g} SD. "
        + "; ".join(f"{label}: {describe(onsets[label])}" for label in lines)
        + (
            f". The activation truly began at {true_onset_s:g} s."
            if true_onset_s is not None
            else "."
        )
    )
    chart = new_chart(
        alt=alt,
        source=_source(
            simulated,
            f"Onset: first time after the {baseline_s:g} s rest at which the envelope stays "
            f"above rest mean + {n_sd:g} SD for {min_duration_s * 1000:g} ms "
            "(glutelab.emg.detect_onset).",
        ),
        width=10,
        height=2.6 * len(lines) + 1.6,
    )
    axes = _panels(chart, len(lines), sharex=True)
    for ax, (label, values), colour in zip(axes, lines.items(), LINE_COLOURS, strict=False):
        onset = onsets[label]
        ax.axvspan(0, baseline_s, color="#EEEEEE", zorder=0, label="rest (baseline)")
        ax.plot(t, values, color=colour, linewidth=1.8, label=label)
        ax.axhline(
            thresholds[label], color="#333333", linestyle="--", linewidth=1.2, label="threshold"
        )
        if onset is not None:
            ax.axvline(onset, color=colour, linestyle="-", linewidth=3, label="detected onset")
        if true_onset_s is not None:
            ax.axvline(
                true_onset_s,
                color=OKABE_ITO["black"],
                linestyle=(0, (2, 2)),
                linewidth=1.5,
                zorder=5,
                label="true onset (simulation)",
            )
        ax.set_ylim(0, float(values.max()) * 1.5)
        ax.set_ylabel("Amplitude (mV)")
        ax.legend(loc="upper right", fontsize=9, framealpha=0.95, ncols=2)
        _panel_title(ax, f"{label}: {describe(onset)}")
    axes[-1].set_xlabel("Time (s)")
    axes[-1].set_xlim(0, t.size / sampling_rate_hz)
    _finish(chart, f"{_tag(simulated)}the detected onset depends on how much you smooth")
    chart.data = {"onsets_s": onsets, "thresholds_mv": thresholds}
    return chart


def mvic_chart(
    mvic_envelope: npt.ArrayLike,
    exercise_envelope: npt.ArrayLike,
    sampling_rate_hz: float,
    reference_mv: float,
    *,
    mvic_label: str = "MVIC test",
    exercise_label: str = "exercise",
    simulated: bool = True,
) -> Chart:
    """The MVIC test and an exercise side by side, on the same mV scale, with the reference.

    The reference amplitude from the MVIC test is drawn across both panels;
    the exercise panel has a second axis in %MVIC (100 %MVIC = the reference),
    so any part of the exercise envelope above the line is above 100 %MVIC.

    Parameters
    ----------
    mvic_envelope, exercise_envelope
        Envelopes of the two trials in mV, processed the same way (lengths may differ).
    sampling_rate_hz
        Samples per second (Hz).
    reference_mv
        The MVIC reference amplitude (from :func:`glutelab.emg.mvic_reference`), in mV.
    mvic_label, exercise_label
        Panel names.
    simulated
        Whether the signals are simulated.

    Returns
    -------
    Chart
        ``chart.data`` has ``reference_mv`` and ``exercise_peak_pct_mvic``.

    Examples
    --------
    >>> chart = mvic_chart(np.full(100, 0.5), np.linspace(0, 0.6, 100), 100.0, 0.5)
    >>> round(chart.data["exercise_peak_pct_mvic"])
    120
    """
    mvic = _array(mvic_envelope, "mvic_envelope")
    exercise = _array(exercise_envelope, "exercise_envelope")
    if not (np.isfinite(reference_mv) and reference_mv > 0):
        raise ValueError(f"reference_mv must be a positive number, got {reference_mv!r}")
    peak_pct = float(100 * exercise.max() / reference_mv)
    verdict = "above" if peak_pct > 100 else "below"
    alt = (
        f"{'SIMULATED data. ' if simulated else ''}Two line charts side by side on the same "
        f"scale in mV. Left: the {mvic_label} envelope; its reference amplitude, "
        f"{reference_mv:.2f} mV, is drawn as a horizontal line = 100 %MVIC. Right: the "
        f"{exercise_label} envelope with the same line; its peak is {peak_pct:.0f} %MVIC, "
        f"{verdict} the reference."
    )
    chart = new_chart(
        alt=alt,
        source=_source(
            simulated,
            "Both trials processed identically; %MVIC = 100 x exercise envelope / MVIC reference.",
        ),
        width=10,
        height=4.8,
    )
    left, right = _panels(chart, 1, 2, sharey=True)
    top = max(float(mvic.max()), float(exercise.max()), reference_mv) * 1.4  # room for legends
    for ax, values, label, colour in (
        (left, mvic, mvic_label, OKABE_ITO["reddish_purple"]),
        (right, exercise, exercise_label, OKABE_ITO["blue"]),
    ):
        t = _time(values.size, sampling_rate_hz)
        ax.plot(t, values, color=colour, linewidth=2)
        ax.axhline(
            reference_mv,
            color="#333333",
            linestyle="--",
            linewidth=1.3,
            label=f"MVIC reference {reference_mv:.2f} mV = 100 %MVIC",
        )
        ax.set_xlim(0, t.size / sampling_rate_hz)
        ax.set_ylim(0, top)
        ax.set_xlabel("Time (s)")
        _panel_title(ax, label)
    left.set_ylabel("Envelope (mV)")
    for ax in (left, right):
        ax.legend(loc="upper left", fontsize=9.5, framealpha=0.95)
    scale = 100.0 / reference_mv

    def to_pct(mv: npt.ArrayLike) -> FloatArray:
        return np.asarray(mv, dtype=np.float64) * scale

    def to_mv(pct: npt.ArrayLike) -> FloatArray:
        return np.asarray(pct, dtype=np.float64) / scale

    secondary = right.secondary_yaxis("right", functions=(to_pct, to_mv))
    secondary.set_ylabel("Amplitude (%MVIC)")
    secondary.tick_params(labelsize=RC["ytick.labelsize"])
    _finish(
        chart,
        f"{_tag(simulated)}the {exercise_label} peaks at {peak_pct:.0f} %MVIC, "
        f"{verdict} the {mvic_label} reference",
    )
    chart.data = {"reference_mv": float(reference_mv), "exercise_peak_pct_mvic": peak_pct}
    return chart
