"""The study chart's bars, whiskers, value labels and band shading, read from the drawn artists.

Every expectation is worked out by hand from a few made-up rows (the numbers in the comments),
so each test states what a reader of the chart sees: where a bar starts and ends, its colour
and hatch, where its number is written, where the axis ends and where the bands are shaded.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.colors import to_rgba
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

from glutelab import plots
from glutelab.style import BAND_SHADES, MUSCLE_COLOURS, RC, new_chart

GMAX, GMED = "gluteus_maximus", "gluteus_medius"


def _row(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "study_id": "made2020",
        "muscle": GMAX,
        "region": None,
        "exercise_id": "bridge",
        "exercise_label": "Bridge",
        "condition": None,
        "statistic": "mean",
        "pct_mvic": np.nan,
        "sd": np.nan,
        "n": 10,
        "normalisation": "prone hip extension",
        "source_kind": "full_text_table",
    }
    row.update(values)
    return row


def _emg(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def _bands(*limits: tuple[str, float, float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scheme_id": "made",
            "study_id": "ebert2017",
            "muscle": GMAX,
            "band": [name for name, _, _ in limits],
            "lower_pct_mvic": [low for _, low, _ in limits],
            "upper_pct_mvic": [np.nan if high is None else high for _, _, high in limits],
        }
    )


def _bars(chart: plots.Chart) -> list[Rectangle]:
    """The data bars (not the band shading), bottom to top."""
    found = [p for c in chart.ax.containers if isinstance(c, BarContainer) for p in c.patches]
    return sorted(found, key=lambda p: p.get_y())


def _value_texts(chart: plots.Chart) -> dict[str, Any]:
    return {t.get_text(): t for t in chart.ax.texts if not isinstance(t, Annotation)}


def _whiskers(chart: plots.Chart) -> list[tuple[float, float, float]]:
    """``(y, left, right)`` of every drawn ± SD whisker."""
    found = []
    for container in chart.ax.containers:
        if isinstance(container, ErrorbarContainer):
            for segments in container.lines[2]:
                for (x0, y0), (x1, _) in segments.get_segments():
                    found.append((float(y0), float(min(x0, x1)), float(max(x0, x1))))
    return sorted(found)


@pytest.fixture
def mixed() -> plots.Chart:
    # Sorted by muscle label, descending: GMed (a 40 without SD) at the bottom, then GMax's
    # 95 +/- 10 (abstract) and its range 20-60 (secondary summary) sorted by top: 60 then 95.
    emg = _emg(
        _row(pct_mvic=95.0, sd=10.0, source_kind="abstract", exercise_label="Squat"),
        _row(muscle=GMED, pct_mvic=40.0, exercise_label="Clam"),
        _row(statistic="range_low", pct_mvic=20.0, source_kind="secondary_summary"),
        _row(statistic="range_high", pct_mvic=60.0, source_kind="secondary_summary"),
    )
    return plots.study_chart(emg, "made2020")


def test_each_bar_has_its_value_its_height_and_its_muscle_colour(mixed: plots.Chart) -> None:
    clam, bridge_range, squat = _bars(mixed)
    assert (clam.get_x(), clam.get_width(), clam.get_height()) == (0, 40, pytest.approx(0.6))
    assert (squat.get_x(), squat.get_width(), squat.get_height()) == (0, 95, pytest.approx(0.6))
    # a range floats from its low to its high end, thinner and paler than a single value
    assert (bridge_range.get_x(), bridge_range.get_width()) == (20, 40)
    assert bridge_range.get_height() < squat.get_height()
    assert bridge_range.get_facecolor()[3] < 1 == squat.get_facecolor()[3]
    assert clam.get_facecolor() == to_rgba(MUSCLE_COLOURS[GMED])
    assert squat.get_facecolor() == to_rgba(MUSCLE_COLOURS[GMAX])
    assert bridge_range.get_facecolor()[:3] == to_rgba(MUSCLE_COLOURS[GMAX])[:3]
    # bars are centred on their tick: 0, 1, 2 from the bottom
    assert [b.get_y() + b.get_height() / 2 for b in (clam, bridge_range, squat)] == [
        pytest.approx(i) for i in range(3)
    ]


def test_bars_are_outlined_dark_and_hatched_by_source_kind(mixed: plots.Chart) -> None:
    clam, bridge_range, squat = _bars(mixed)
    assert (clam.get_hatch() or "", squat.get_hatch(), bridge_range.get_hatch()) == ("", "//", "..")
    for bar in (clam, bridge_range, squat):
        assert sum(bar.get_edgecolor()[:3]) < 0.5  # near black, so hatching and pale bars show
        assert 0 < bar.get_linewidth() < 1  # a hairline, thinner than the whiskers


def test_whiskers_span_plus_and_minus_one_sd(mixed: plots.Chart) -> None:
    whiskers = _whiskers(mixed)
    assert whiskers == [(2.0, 85.0, 105.0)]  # only the squat reports an SD: 95 +/- 10
    (container,) = [c for c in mixed.ax.containers if isinstance(c, ErrorbarContainer)]
    data_line, caps, (segments,) = container.lines
    assert data_line is None  # whiskers only, no marker or line through the value
    assert len(caps) == 2  # a cap at each end
    assert sum(segments.get_colors()[0][:3]) < 0.5
    assert segments.get_linewidths()[0] > clam_edge_width(mixed)


def clam_edge_width(chart: plots.Chart) -> float:
    return float(_bars(chart)[0].get_linewidth())


def test_each_value_is_written_just_past_the_end_of_its_bar(mixed: plots.Chart) -> None:
    texts = _value_texts(mixed)
    # the end of a bar is its whisker (95 + 10), its value (40) or its range's high end (60)
    for label, end, y in (("40", 40, 0), ("20-60", 60, 1), ("95", 105, 2)):
        text = texts[label]
        x, text_y = text.get_position()
        assert end < x < end + 2, label
        assert text_y == y
        assert text.get_verticalalignment() == "center"
        assert text.get_fontsize() < RC["xtick.labelsize"] + 0.5  # no larger than the ticks
        assert text.get_fontsize() == 9


def test_axis_ends_at_the_next_20_above_the_highest_whisker_plus_10(mixed: plots.Chart) -> None:
    # highest whisker 105 -> next multiple of 20 is 120 -> 130
    assert mixed.ax.get_xlim() == (0, 130)
    assert mixed.ax.get_ylim() == pytest.approx((-0.7, 2.7))  # 3 rows, a margin at each end


def test_axis_is_never_shorter_than_100() -> None:
    chart = plots.study_chart(_emg(_row(pct_mvic=30.0, sd=5.0)), "made2020")
    assert chart.ax.get_xlim() == (0, 100)  # 35 -> 40 + 10 = 50, below 100
    chart = plots.study_chart(_emg(_row(pct_mvic=85.0, sd=5.0)), "made2020")
    assert chart.ax.get_xlim() == (0, 110)  # 90 -> 100 + 10
    chart = plots.study_chart(_emg(_row(pct_mvic=81.0)), "made2020")
    assert chart.ax.get_xlim() == (0, 110)  # 81 without SD -> 100 + 10
    chart = plots.study_chart(
        _emg(
            _row(statistic="range_low", pct_mvic=50.0), _row(statistic="range_high", pct_mvic=85.0)
        ),
        "made2020",
    )
    assert chart.ax.get_xlim() == (0, 110)  # a range's high end counts: 85 -> 100 + 10


def test_tick_labels_title_and_axis_labels(mixed: plots.Chart) -> None:
    ticks = [t.get_text() for t in mixed.ax.get_yticklabels()]
    assert ticks == ["Clam", "Bridge", "Squat"]
    assert list(mixed.ax.get_yticks()) == [0, 1, 2]
    assert mixed.ax.get_title(loc="left") == "made2020: gluteal EMG by exercise"
    assert mixed.ax.get_title(loc="center") == ""
    assert mixed.ax.get_ylabel() == ""
    assert "%MVIC" in mixed.ax.get_xlabel()


def test_chart_record_agrees_with_the_drawn_bars(mixed: plots.Chart) -> None:
    """``chart.data`` (read by the explorers) says what the artists show."""
    bars = _bars(mixed)
    single = sorted(b.get_width() for b in bars if b.get_x() == 0)
    floating = [(b.get_x(), b.get_x() + b.get_width()) for b in bars if b.get_x() != 0]
    assert mixed.data == {
        "labels": [t.get_text() for t in mixed.ax.get_yticklabels()],
        "values": single,
        "sd": [w[2] - 95.0 for w in _whiskers(mixed)],
        "ranges": floating,
        "row_count": len(bars),
    }


def test_a_range_with_one_end_only_is_not_drawn_as_a_bar() -> None:
    only_high = _emg(_row(pct_mvic=50.0), _row(statistic="range_high", pct_mvic=70.0))
    chart = plots.study_chart(only_high, "made2020")
    first, second = _bars(chart)
    assert (first.get_x(), first.get_width()) == (0, 50)
    assert np.isnan(second.get_x()) or np.isnan(second.get_width())
    assert chart.data["ranges"] == []


def test_range_rows_keep_their_own_study_details() -> None:
    # two reviews' ranges for the same exercise stay two bars, in the order of the table
    emg = _emg(
        _row(statistic="range_low", pct_mvic=10.0, exercise_id="a", exercise_label="A"),
        _row(statistic="range_high", pct_mvic=30.0, exercise_id="a", exercise_label="A"),
        _row(statistic="range_low", pct_mvic=5.0, exercise_id="b", exercise_label="B"),
        _row(statistic="range_high", pct_mvic=50.0, exercise_id="b", exercise_label="B"),
    )
    merged = plots._ranges_as_rows(emg)
    assert list(merged.index) == [0, 1]
    assert list(merged["exercise_label"]) == ["A", "B"]
    assert list(merged["low"]) == [10.0, 5.0]
    assert list(merged["high"]) == [30.0, 50.0]
    assert merged["pct_mvic"].isna().all() and merged["sd"].isna().all()
    assert list(merged["statistic"]) == ["range", "range"]
    assert "STATISTIC" not in merged and "XXstatisticXX" not in merged
    one_end = plots._ranges_as_rows(_emg(_row(statistic="range_high", pct_mvic=7.0)))
    assert np.isnan(one_end["low"].iloc[0]) and one_end["high"].iloc[0] == 7.0
    one_end = plots._ranges_as_rows(_emg(_row(statistic="range_low", pct_mvic=7.0)))
    assert np.isnan(one_end["high"].iloc[0]) and one_end["low"].iloc[0] == 7.0


def test_a_ranges_details_come_from_its_low_end_row() -> None:
    emg = _emg(
        _row(statistic="range_low", pct_mvic=10.0, n=12),
        _row(statistic="range_high", pct_mvic=30.0, n=14),
    )
    assert plots._ranges_as_rows(emg)["n"].tolist() == [12]


def test_central_rows_get_missing_range_ends() -> None:
    merged = plots._ranges_as_rows(_emg(_row(pct_mvic=5.0)))
    assert merged["low"].dtype == float and merged["high"].dtype == float
    assert merged["low"].isna().all() and merged["high"].isna().all()


# --- band shading -----------------------------------------------------------------------------


def _shades(chart: plots.Chart) -> list[tuple[float, float, tuple[float, ...], float]]:
    """``(left, right, colour, edge width)`` of each shaded band, left to right."""
    found = [
        (p.get_x(), p.get_x() + p.get_width(), p.get_facecolor(), p.get_linewidth())
        for p in chart.ax.patches
        if p.get_zorder() == 0
    ]
    return sorted(found, key=lambda s: s[0])


def _band_chart(bands: pd.DataFrame, xmax: float, width: float | None = None) -> plots.Chart:
    chart = new_chart(alt="x", source="")
    drawn = plots._shade_bands(chart, bands, xmax, axes_width_in=width)
    chart.data = {"drawn": drawn}
    return chart


def _drawn(chart: plots.Chart) -> RendererAgg:
    """Draw the figure (layout included) and return its renderer, to measure what was drawn."""
    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    return canvas.get_renderer()


def _band_labels(chart: plots.Chart) -> dict[str, Annotation]:
    return {t.get_text(): t for t in chart.ax.texts if isinstance(t, Annotation)}


def test_bands_are_shaded_half_a_percent_beyond_their_limits_and_clipped() -> None:
    bands = _bands(("high", 40, 60), ("low", 0, 20), ("moderate", 21, 39), ("very_high", 61, None))
    chart = _band_chart(bands, 100)
    shades = _shades(chart)
    assert [(a, b) for a, b, _, _ in shades] == [(0, 20.5), (20.5, 39.5), (39.5, 60.5), (60.5, 100)]
    assert [c for _, _, c, _ in shades] == [
        to_rgba(BAND_SHADES[n]) for n in ("low", "moderate", "high", "very_high")
    ]
    assert all(w == 0 for *_, w in shades)  # no outline between bands
    assert chart.data["drawn"] == [(a, b) for a, b, _, _ in shades]


def test_a_band_starting_at_or_beyond_the_axis_end_is_left_out() -> None:
    bands = _bands(("low", 0, 20), ("high", 100.5, None), ("moderate", 21, 99))
    # "high" starts at 100.5 - 0.5 = 100, the axis end: nothing of it would show
    assert [(a, b) for a, b, _, _ in _shades(_band_chart(bands, 100))] == [(0, 20.5), (20.5, 99.5)]
    # and a band below one that is left out is still drawn
    bands = _bands(("moderate", 21, 99), ("very_high", 150, None), ("low", 0, 20))
    assert len(_shades(_band_chart(bands, 100))) == 2


def test_an_unknown_band_name_gets_a_light_grey() -> None:
    (shade,) = _shades(_band_chart(_bands(("unnamed", 0, 20)), 100))
    assert shade[2] == to_rgba("#EEEEEE")


def test_no_bands_no_shading() -> None:
    assert _shades(_band_chart(_bands(), 100)) == []
    chart = new_chart(alt="x", source="")
    assert plots._shade_bands(chart, None, 100) == []


def test_band_labels_sit_centred_above_the_band_where_they_fit() -> None:
    # without the axes width: a band is named when it spans at least 9 % of the axis
    bands = _bands(("low", 0, 8), ("moderate", 9, 17.5), ("high", 18, 50))
    chart = _band_chart(bands, 100)
    labels = _band_labels(chart)
    # low: 0-8.5 is 8.5 %; moderate: 8.5-18 is exactly 9.5 %... and high 17.5-50.5
    assert set(labels) == {"moderate", "high"}
    high = labels["high"]
    assert high.xy == (pytest.approx((17.5 + 50.5) / 2), 1.0)
    assert high.get_horizontalalignment() == "center"
    assert high.get_verticalalignment() == "bottom"
    assert high.get_fontsize() == plots.BAND_LABEL_FONTSIZE
    assert high.get_anncoords() == "offset points"
    assert tuple(high.xyann) == (0, 2)
    assert sum(to_rgba(high.get_color())[:3]) < 1.5  # dark grey on the pale shading
    renderer = _drawn(chart)
    box = high.get_window_extent(renderer)
    frame = chart.ax.get_window_extent(renderer)
    assert box.y0 > frame.y1  # above the frame, not over the data
    centre = chart.ax.transData.transform(((17.5 + 50.5) / 2, 0))[0]
    assert box.x0 < centre < box.x1


def test_a_band_spanning_exactly_9_percent_is_named() -> None:
    # 10.5 - 0 = 10.5 of an axis of 116.666...: 9 % exactly
    chart = _band_chart(_bands(("low", 0, 10)), 10.5 / 0.09)
    assert set(_band_labels(chart)) == {"low"}
    chart = _band_chart(_bands(("low", 0, 10)), 10.5 / 0.0899)
    assert set(_band_labels(chart)) == set()


def test_with_the_axes_width_a_band_is_named_where_its_name_fits() -> None:
    from glutelab.style import text_width

    width_in = 6.0
    need = text_width("very high", plots.BAND_LABEL_FONTSIZE) + 0.12  # inches
    share = need / width_in  # of the axis
    # a band of exactly that share fits; one a little narrower does not
    fits = _band_chart(_bands(("very_high", 0.5, 0.5 + 100 * share - 1)), 100, width_in)
    assert set(_band_labels(fits)) == {"very high"}
    narrow = _band_chart(_bands(("very_high", 0.5, 0.5 + 100 * share - 1.2)), 100, width_in)
    assert set(_band_labels(narrow)) == set()
    # a band that is narrow on the axis but wide in inches is named (the 9 % rule is not used)
    wide = _band_chart(_bands(("low", 0.5, 5.5)), 100, 40.0)  # 5 % of 40 in = 2 in
    assert set(_band_labels(wide)) == {"low"}


def test_a_study_chart_with_bands_keeps_its_title_clear_of_the_band_names() -> None:
    emg = _emg(_row(pct_mvic=95.0, sd=10.0))
    bands = _bands(("low", 0, 20), ("moderate", 21, 40), ("high", 41, 60), ("very_high", 61, None))
    chart = plots.study_chart(emg, "made2020", bands=bands)
    renderer = _drawn(chart)
    title = chart.ax._left_title  # the title written at the left (``loc="left"``)
    assert title.get_text() == "made2020: gluteal EMG by exercise"
    assert title.get_fontsize() == RC["axes.titlesize"]
    names = [t.get_window_extent(renderer) for t in _band_labels(chart).values()]
    assert names
    title_box = title.get_window_extent(renderer)
    assert title_box.y0 >= max(b.y1 for b in names)
    assert title_box.y1 <= chart.figure.bbox.y1


def test_a_ranges_second_sources_are_joined_and_the_repeated_end_named() -> None:
    emg = _emg(
        _row(statistic="range_low", pct_mvic=10.0, also_in="a2020", summary_of="x;y"),
        _row(statistic="range_high", pct_mvic=30.5, also_in=None, summary_of="y;z"),
        _row(statistic="range_low", pct_mvic=4.0, exercise_id="b", also_in=None, summary_of=None),
        _row(statistic="range_high", pct_mvic=8.0, exercise_id="b", also_in="c2021;a2020"),
    )
    merged = plots._ranges_as_rows(emg)
    first, second = (r for _, r in merged.iterrows())
    assert (first["also_in"], first["summary_of"], first["also_end"]) == (
        "a2020",
        "x;y;z",
        "low end (10)",
    )
    assert (second["also_in"], second["also_end"]) == ("c2021;a2020", "high end (8)")
    assert pd.isna(second["summary_of"])  # neither end is a summary
    assert (first["low"], first["high"], second["low"], second["high"]) == (10, 30.5, 4, 8)


def test_a_muscle_or_source_kind_without_a_style_is_drawn_grey_and_plain() -> None:
    emg = _emg(_row(muscle="piriformis", source_kind="made_up_kind", pct_mvic=30.0))
    (bar,) = _bars(plots.study_chart(emg, "made2020"))
    assert bar.get_facecolor() == to_rgba("#777777")
    assert bar.get_hatch() in ("", None)


def test_ranges_follow_the_central_rows_in_the_order_of_the_table() -> None:
    emg = _emg(
        _row(pct_mvic=12.0, exercise_id="m", exercise_label="M"),
        _row(statistic="range_low", pct_mvic=5.0, exercise_id="z", exercise_label="Z"),
        _row(statistic="range_high", pct_mvic=50.0, exercise_id="z", exercise_label="Z"),
        _row(statistic="range_low", pct_mvic=10.0, exercise_id="a", exercise_label="A"),
        _row(statistic="range_high", pct_mvic=30.0, exercise_id="a", exercise_label="A"),
    )
    merged = plots._ranges_as_rows(emg)
    assert list(merged.index) == [0, 1, 2]
    assert list(merged["exercise_label"]) == ["M", "Z", "A"]  # not sorted by exercise
    assert list(merged["statistic"]) == ["mean", "range", "range"]
    for column in ("pct_mvic", "sd", "low", "high"):
        assert merged[column].dtype == float, column
    assert merged["pct_mvic"].tolist()[0] == 12.0 and merged["pct_mvic"].iloc[1:].isna().all()


def test_alt_text_names_the_highest_value_and_its_muscle() -> None:
    emg = _emg(
        _row(pct_mvic=95.0, sd=10.0, region="upper", exercise_label="Squat", condition="deep"),
        _row(muscle=GMED, pct_mvic=40.0, exercise_label="Clam"),
        _row(statistic="range_low", pct_mvic=20.0, exercise_label="Bridge"),
        _row(statistic="range_high", pct_mvic=60.0, exercise_label="Bridge"),
    )
    chart = plots.study_chart(emg, "made2020", citation="Made et al. 2020")
    assert chart.alt == (
        "Horizontal bar chart of 3 %MVIC values from Made et al. 2020, grouped by muscle. "
        "Highest: Squat [deep] (Gluteus maximus (upper)) at 95 %MVIC."
    )
    # a range's high end counts as its height
    ranged = plots.study_chart(emg.assign(pct_mvic=[35.0, 40.0, 20.0, 60.0]), "made2020")
    assert ranged.alt.endswith("Highest: Bridge (Gluteus maximus) at 60 %MVIC.")


def test_source_line_gives_n_the_mvic_method_and_what_was_read() -> None:
    emg = _emg(
        _row(pct_mvic=95.0, source_kind="abstract", n=12),
        _row(muscle=GMED, pct_mvic=40.0, n=10, normalisation="side-lying abduction"),
        _row(pct_mvic=30.0, source_kind="made_up_kind", n=np.nan, normalisation=None),
    )
    expected = (
        "Source: made2020. n = 10, 12. "
        "MVIC method: prone hip extension; side-lying abduction. "
        "Read from: abstract only, full-text table, made_up_kind."
    )
    source = plots.study_chart(emg, "made2020").source
    assert "".join(source.split()) == "".join(expected.split())  # wrapped at 120 characters
    assert max(len(line) for line in source.splitlines()) <= 120 < len(expected)
    bands = _bands(("low", 0, 20), ("high", 21, None))
    with_bands = "".join(plots.study_chart(emg, "made2020", bands=bands).source.split())
    assert with_bands.startswith("".join(expected.split()) + "Shading:Ebertetal.2017's")


def test_long_exercise_names_are_wrapped_whole_not_cut_or_split_at_hyphens() -> None:
    label = "Single-leg Romanian deadlift, long-lever reach"  # 46 characters
    chart = plots.study_chart(_emg(_row(pct_mvic=50.0, exercise_label=label)), "made2020")
    (tick,) = [t.get_text() for t in chart.ax.get_yticklabels()]
    assert tick == "Single-leg Romanian deadlift,\nlong-lever reach"


def test_the_chart_grows_with_its_rows_and_keeps_the_legend_outside() -> None:
    few = plots.study_chart(_emg(_row(pct_mvic=50.0)), "made2020")
    assert few.figure.get_figheight() == 3.5  # 0.42 + 2.2 is less than the 3.5 minimum
    many = _emg(*(_row(pct_mvic=10.0 + i, exercise_label=f"E{i}") for i in range(10)))
    chart = plots.study_chart(many, "made2020")
    assert chart.figure.get_figheight() == pytest.approx(0.42 * 10 + 2.2)
    legend = chart.ax.get_legend()
    assert legend is not None
    assert {"Gluteus maximus"} <= {t.get_text() for t in legend.get_texts()}
    renderer = _drawn(chart)
    box, frame = legend.get_window_extent(renderer), chart.ax.get_window_extent(renderer)
    assert box.x0 > frame.x1  # right of the axes, covering no bar
    assert frame.y1 - 20 < box.y1 <= frame.y1  # its top at the frame's top
    assert legend.get_frame().get_alpha() == pytest.approx(0.95)


def test_unknown_study_error_lists_the_known_ones() -> None:
    emg = _emg(_row(pct_mvic=1.0), _row(pct_mvic=2.0, study_id="other2019"))
    with pytest.raises(ValueError) as error:
        plots.study_chart(emg, "nobody2020")
    assert str(error.value) == (
        "unknown study 'nobody2020': no EMG rows; known studies: made2020, other2019"
    )


def test_a_value_of_exactly_80_without_sd_keeps_the_axis_at_100() -> None:
    chart = plots.study_chart(_emg(_row(pct_mvic=80.0)), "made2020")
    assert chart.ax.get_xlim() == (0, 100)  # 80 is a multiple of 20: 80 + 10 = 90, so 100


def test_a_narrow_band_far_from_zero_is_not_named() -> None:
    # 50.5 to 55.5 is 5 % of the axis, under the 9 % needed for a name
    chart = _band_chart(_bands(("low", 0, 20), ("high", 51, 55)), 100)
    assert set(_band_labels(chart)) == {"low"}


def test_band_names_in_a_study_chart_sit_above_its_frame() -> None:
    emg = _emg(*(_row(pct_mvic=10.0 * i, exercise_label=f"E{i}") for i in range(1, 4)))
    bands = _bands(("low", 0, 20), ("moderate", 21, 40), ("high", 41, 60), ("very_high", 61, None))
    chart = plots.study_chart(emg, "made2020", bands=bands)
    renderer = _drawn(chart)
    frame = chart.ax.get_window_extent(renderer)
    labels = _band_labels(chart)
    assert set(labels) == {"low", "moderate", "high", "very high"}
    for label in labels.values():
        box = label.get_window_extent(renderer)
        assert frame.y1 < box.y0 < frame.y1 + 10  # just above the frame, 2 points clear
