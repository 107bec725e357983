"""The study chart's bars, whiskers, value labels and band shading, read from the drawn artists.

Every expectation is worked out by hand from a few made-up rows (the numbers in the comments),
so each test states what a reader of the chart sees: where a bar starts and ends, its colour
and hatch, where its number is written, where the axis ends and where the bands are shaded.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.colors import to_rgba
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation
from matplotlib.textpath import text_to_path
from matplotlib.transforms import Bbox

from glutelab import plots, style
from glutelab.style import BAND_SHADES, MUSCLE_COLOURS, RC, new_chart, text_width

from .drawn import contrast

GMAX, GMED = "gluteus_maximus", "gluteus_medius"
NAMES = {
    "boren2011": "Boren et al. 2011",
    "ebert2017": "Ebert et al. 2017",
    "neto2020": "Krause Neto et al. 2020",
}


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


def test_a_band_exactly_as_wide_as_its_name_and_margin_is_named() -> None:
    """A band of half the axis (0-50 of 100) on a frame twice as wide as its name plus the
    0.12 in margin: exactly as wide as it needs, so named; a hair narrower frame, not named."""
    need = text_width("low", plots.BAND_LABEL_FONTSIZE) + 0.12
    bands = _bands(("low", 0.5, 49.5))  # shaded from 0 to 50
    assert set(_band_labels(_band_chart(bands, 100, 2 * need))) == {"low"}
    assert set(_band_labels(_band_chart(bands, 100, np.nextafter(2 * need, 0)))) == set()


def test_band_names_are_dark_grey_with_strong_contrast_on_every_shade() -> None:
    """Band names are secondary text in the course's dark grey, #333333, which keeps a
    contrast of at least 7:1 (WCAG AAA) on every band shade."""
    bands = _bands(("low", 0, 20), ("moderate", 21, 40), ("high", 41, 60), ("very_high", 61, None))
    labels = _band_labels(_band_chart(bands, 100, 8.0))
    assert set(labels) == {"low", "moderate", "high", "very high"}
    assert {to_rgba(label.get_color()) for label in labels.values()} == {to_rgba("#333333")}
    for shade in BAND_SHADES.values():
        assert contrast("#333333", shade) >= 7, shade


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


def test_every_bar_outline_is_as_opaque_as_its_fill(mixed: plots.Chart) -> None:
    """A bar's dark outline is drawn, not left transparent: a pale range bar needs it to
    show where the bar ends. It is exactly as opaque as the bar's fill."""
    clam, bridge_range, squat = _bars(mixed)
    for bar in (clam, bridge_range, squat):
        edge, face = bar.get_edgecolor(), bar.get_facecolor()
        assert edge[3] > 0
        assert edge[3] == pytest.approx(face[3])
        assert edge[:3] == pytest.approx(to_rgba("#222222")[:3])
    assert bridge_range.get_edgecolor()[3] < 1 == squat.get_edgecolor()[3]


def test_legend_swatches_show_each_muscles_colour_and_each_hatched_source(
    mixed: plots.Chart,
) -> None:
    """The legend has a swatch per muscle drawn, filled with that muscle's Okabe-Ito colour as
    its bars are, then a white swatch per hatched kind of source with the bars' hatch (a
    full-text table has no hatch, so no entry); every swatch has an opaque dark outline."""
    clam, bridge_range, squat = _bars(mixed)
    legend = mixed.ax.get_legend()
    names = [t.get_text() for t in legend.get_texts()]
    assert names == ["Gluteus maximus", "Gluteus medius", "abstract only", "secondary summary"]
    swatches = dict(zip(names, legend.legend_handles, strict=True))
    okabe_ito = {to_rgba(c) for c in style.OKABE_ITO.values()}
    assert swatches["Gluteus maximus"].get_facecolor() == squat.get_facecolor()
    assert swatches["Gluteus medius"].get_facecolor() == clam.get_facecolor()
    assert {swatches[m].get_facecolor() for m in ("Gluteus maximus", "Gluteus medius")} <= (
        okabe_ito
    )
    # hatching on white: the swatch names a kind of source, not a muscle
    assert swatches["abstract only"].get_hatch() == squat.get_hatch() == "//"
    assert swatches["secondary summary"].get_hatch() == bridge_range.get_hatch() == ".."
    for kind in ("abstract only", "secondary summary"):
        assert swatches[kind].get_facecolor() == to_rgba("white")
    for swatch in swatches.values():
        edge = swatch.get_edgecolor()
        assert edge[3] == 1 and sum(edge[:3]) < 0.5, "the swatch has no visible outline"


def test_a_study_chart_with_bands_writes_its_title_once_at_the_left() -> None:
    """Raising the title above the band names moves it; it does not add a second, centred
    copy."""
    bands = _bands(("low", 0, 20), ("moderate", 21, 40), ("high", 41, 60), ("very_high", 61, None))
    chart = plots.study_chart(_emg(_row(pct_mvic=95.0, sd=10.0)), "made2020", bands=bands)
    titles = {loc: chart.ax.get_title(loc=loc) for loc in ("left", "center", "right")}
    assert titles == {"left": "made2020: gluteal EMG by exercise", "center": "", "right": ""}


def test_with_bands_the_study_title_rises_by_exactly_the_band_names_room() -> None:
    """The same chart with bands has its title BAND_LABEL_HEIGHT_IN higher above the frame
    than without: the band names get their room and the title keeps its usual gap above it."""
    emg = _emg(_row(pct_mvic=95.0, sd=10.0))
    bands = _bands(("low", 0, 20), ("moderate", 21, 40), ("high", 41, 60), ("very_high", 61, None))

    def title_above_frame_in(chart: plots.Chart) -> float:
        renderer = _drawn(chart)
        title = chart.ax._left_title.get_window_extent(renderer)
        frame = chart.ax.get_window_extent(renderer)
        return float(title.y0 - frame.y1) / chart.figure.dpi

    plain = title_above_frame_in(plots.study_chart(emg, "made2020"))
    shaded = title_above_frame_in(plots.study_chart(emg, "made2020", bands=bands))
    assert plain > 0
    assert shaded - plain == pytest.approx(plots.BAND_LABEL_HEIGHT_IN, abs=0.001)


@pytest.mark.parametrize(
    ("region", "expected"), [(None, "(piriformis)"), ("upper", "(piriformis (upper))")]
)
def test_a_muscle_without_a_course_name_is_called_by_its_id(
    region: str | None, expected: str
) -> None:
    """A muscle the course has no name for is named by its id in the alt text (with its
    region), never 'None'."""
    emg = _emg(_row(muscle="piriformis", region=region, pct_mvic=30.0))
    chart = plots.study_chart(emg, "made2020")
    assert chart.alt == (
        "Horizontal bar chart of 1 %MVIC values from made2020, grouped by muscle. "
        f"Highest: Bridge {expected} at 30 %MVIC."
    )


def _assert_wrapped_at_120(text: str) -> None:
    """No line is longer than 120 characters, and none could have taken the next word."""
    lines = text.split("\n")
    assert max(len(line) for line in lines) <= 120
    for line, following in pairwise(lines):
        assert len(line) + 1 + len(following.split()[0]) > 120, line


def test_a_source_line_with_bands_is_rewrapped_at_120_characters() -> None:
    """With bands, the band sentence follows the source words, and the whole is wrapped at
    120 characters a line (in a study chart and in a ranked chart)."""
    bands = _bands(("low", 0, 20), ("high", 21, None))
    note = (
        "Shading: Ebert et al. 2017's activation bands for gluteus maximus (low 0-20, high >=21 "
        "%MVIC); they do not grade gluteus medius or gluteus minimus."
    )
    study = plots.study_chart(_emg(_row(pct_mvic=30.0)), "made2020", bands=bands).source
    expected = (
        "Source: made2020. n = 10. MVIC method: prone hip extension. Read from: full-text "
        "table. " + note
    )
    assert study.split() == expected.split()
    _assert_wrapped_at_120(study)
    ranked = plots.ranked_chart(_ranked_rows({"pct_mvic": 30.0}), bands=bands).source
    assert " ".join(ranked.split()).endswith(
        "GMax, GMed, GMin: gluteus maximus, medius, minimus. " + note
    )
    assert len(ranked.split("\n")) > 1
    _assert_wrapped_at_120(ranked)


# === The words a chart writes (bar labels, notes, the band sentence) and where a ranked
# chart puts them.
#
# Every expected text is worked out by hand from the rule in the docstring of the function it
# checks, from a few made-up rows; every expected position is a geometric fact read back from
# the drawn figure (in inches, with the figure's own renderer), never the chart's record of it.


# --- one bar's words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exercise", "condition", "statistic", "expected"),
    [
        ("Hip thrust", None, "median", "Hip thrust (median)"),
        ("Hip thrust", "barbell", "not_stated", "Hip thrust [barbell] (statistic not stated)"),
        ("Hip thrust", None, "pooled_mean", "Hip thrust (pooled mean)"),
        ("Hip thrust", "barbell", "mean", "Hip thrust [barbell]"),
    ],
)
def test_a_study_bar_label_names_the_exercise_condition_and_any_statistic_but_a_mean(
    exercise: str, condition: str | None, statistic: str, expected: str
) -> None:
    """Exercise, ``[condition]``, then ``(statistic)`` with spaces for underscores; none for a
    mean; a statistic the source did not state reads 'statistic not stated'."""
    row = {"exercise_label": exercise, "condition": condition, "statistic": statistic}
    assert plots._row_label(row, width=None) == expected


def test_a_study_bar_label_is_shortened_to_38_characters_at_a_word_with_dots() -> None:
    """By default a label longer than 38 characters loses whole words from its end until it
    and '...' fit in 38; one of exactly 39 characters is already too long."""
    exercise = "Single leg bridge with the hip abducted"
    assert len(exercise) == 39
    row = {"exercise_label": exercise, "condition": None, "statistic": "mean"}
    # 'Single leg bridge with the hip' is 30 characters, 33 with the dots; with ' abducted'
    # and the dots it would be 42
    assert plots._row_label(row) == "Single leg bridge with the hip..."
    assert plots._row_label(row, width=None) == exercise


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {
                "study_id": "boren2011",
                "muscle": GMAX,
                "region": "upper",
                "statistic": "pooled_mean",
            },
            "Boren et al. 2011 · GMax upper (pooled mean)",
        ),
        (
            {"study_id": "made2020", "muscle": GMED, "region": None, "statistic": "mean"},
            "made2020 · GMed",
        ),
        (
            {
                "study_id": "boren2011",
                "muscle": "piriformis",
                "region": np.nan,
                "statistic": "peak",
            },
            "Boren et al. 2011 · piriformis (peak)",
        ),
    ],
)
def test_a_ranked_labels_second_line_names_study_muscle_region_and_statistic(
    row: dict[str, Any], expected: str
) -> None:
    """Study (its citation, else its id) · muscle abbreviation (else the muscle id) and region,
    then the statistic in brackets unless it is a mean."""
    assert plots._ranked_detail(row, NAMES) == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (  # two second sources, ids joined by ';' without spaces; one has no citation
            {"statistic": "mean", "also_in": "neto2020;made2021", "also_end": np.nan},
            " · also reported by Krause Neto et al. 2020, made2021",
        ),
        (  # the second source gives it as another statistic
            {"statistic": "mean", "also_in": "neto2020", "also_as": "median"},
            " · also reported by Krause Neto et al. 2020 (as a median)",
        ),
        (
            {"statistic": "mean", "also_in": "neto2020", "also_as": "pooled_mean"},
            " · also reported by Krause Neto et al. 2020 (as a pooled mean)",
        ),
        (  # 'not stated' is no statistic to name
            {"statistic": "mean", "also_in": "neto2020", "also_as": "not_stated"},
            " · also reported by Krause Neto et al. 2020",
        ),
        (  # the same statistic is not repeated
            {"statistic": "median", "also_in": "neto2020", "also_as": "median"},
            " · also reported by Krause Neto et al. 2020",
        ),
        (
            {"statistic": "range", "also_in": "neto2020", "also_end": "low end (74)"},
            " · the low end (74) is the value Krause Neto et al. 2020 reports",
        ),
        (
            {"statistic": "mean", "summary_of": "ebert2017;made2019", "also_in": "neto2020"},
            " · review summary that includes Ebert et al. 2017, made2019",
        ),
        ({"statistic": "mean", "also_in": None, "summary_of": np.nan, "also_end": None}, ""),
    ],
)
def test_a_label_names_the_second_source_or_the_studies_a_review_summarises(
    row: dict[str, Any], expected: str
) -> None:
    """A review summary names the studies it includes; a repeated range end names that end and
    who repeats it; otherwise the second sources (citations where known, else ids) and the
    statistic they give when it differs and is stated; nothing for a row no one repeats."""
    assert plots._dataset_note(row, NAMES) == expected


def test_only_labels_that_occur_more_than_once_are_duplicated() -> None:
    """A label read once is not a clash; one read twice is."""
    labels = ["hip clam\nDistefano et al. 2009 · GMed"] * 2 + [
        "hip thrust\nBoren et al. 2011 · GMax"
    ]
    assert plots._duplicated(labels) == {"hip clam\nDistefano et al. 2009 · GMed"}


def test_a_two_line_label_reads_as_one_line_joined_by_a_dot() -> None:
    """For alt text each line break becomes ' · '."""
    assert (
        plots._one_line("hip clam\nDistefano et al. 2009 · GMed")
        == "hip clam · Distefano et al. 2009 · GMed"
    )


# --- the ranked chart's labels -------------------------------------------------------------------


def _ranked_rows(*rows: dict[str, Any]) -> pd.DataFrame:
    """Rows of one Boren et al. 2011 mean for GMax, each changed as given."""
    base: dict[str, Any] = {
        "study_id": "boren2011",
        "muscle": GMAX,
        "region": None,
        "exercise_label": "hip thrust",
        "condition": None,
        "statistic": "mean",
        "pct_mvic": 50.0,
        "sd": np.nan,
        "source_kind": "full_text_table",
        "row_id": "b-01",
    }
    return pd.DataFrame([{**base, **row} for row in rows])


def test_a_condition_added_to_tell_labels_apart_is_wrapped_whole() -> None:
    """The 40-character exercise with ' [dominant leg down]' (60) is too long for 56 characters;
    '[dominant leg' would still fit on line 1, but the condition moves to line 2 whole."""
    exercise = "single leg squat onto a box, arms folded"
    assert len(exercise) == 40
    rows = _ranked_rows(
        {"exercise_label": exercise, "condition": "dominant leg down", "row_id": "b-01"},
        {"exercise_label": exercise, "condition": "dominant leg up", "row_id": "b-02"},
    )
    assert plots.ranked_labels(rows, NAMES) == [
        f"{exercise}\n[dominant leg down]\nBoren et al. 2011 · GMax",
        f"{exercise}\n[dominant leg up]\nBoren et al. 2011 · GMax",
    ]


def test_values_the_source_does_not_tell_apart_are_numbered_in_row_id_order() -> None:
    """Two rows that read the same are numbered by their row ids, not by their order in the
    table: the second row (d-02) is value 1 of 2."""
    rows = _ranked_rows(
        {"exercise_label": "hip clam", "muscle": GMED, "row_id": "d-09"},
        {"exercise_label": "hip clam", "muscle": GMED, "row_id": "d-02"},
    )
    assert plots.ranked_labels(rows, NAMES) == [
        "hip clam (value 2 of 2)\nBoren et al. 2011 · GMed",
        "hip clam (value 1 of 2)\nBoren et al. 2011 · GMed",
    ]


def test_rows_without_row_ids_are_numbered_in_table_order_past_nine() -> None:
    """Without row ids, eleven rows that read the same are numbered 1 to 11 down the table
    (by position, not by the text of the position, which would put 10 before 2)."""
    rows = _ranked_rows(*[{"exercise_label": "hip clam"}] * 11).drop(columns="row_id")
    numbers = [label.split("\n")[0] for label in plots.ranked_labels(rows, NAMES)]
    assert numbers == [f"hip clam (value {k} of 11)" for k in range(1, 12)]


def test_an_exercise_name_wraps_at_56_characters_never_at_a_hyphen() -> None:
    """'hip abduction, elastic band around both knees, ' is 47 characters: 'side-' would end at
    52, but 'side-lying' at 57, so the whole word starts line 2 (not 'lying' alone)."""
    exercise = "hip abduction, elastic band around both knees, side-lying on a mat"
    rows = _ranked_rows({"exercise_label": exercise})
    assert plots.ranked_labels(rows, NAMES) == [
        "hip abduction, elastic band around both knees,\nside-lying on a mat\n"
        "Boren et al. 2011 · GMax"
    ]


# --- a range's merged row ------------------------------------------------------------------------


def test_a_range_repeated_at_both_ends_names_both_and_keeps_no_sd() -> None:
    """Both ends repeated by a second source: 'low end (10); high end (30.5)'; the merged
    range has no SD even when its low-end row carried one."""
    base = {
        "study_id": "made2020",
        "muscle": GMAX,
        "region": None,
        "exercise_id": "bridge",
        "exercise_label": "Bridge",
        "condition": None,
    }
    rows = pd.DataFrame(
        [
            {**base, "statistic": "range_low", "pct_mvic": 10.0, "sd": 2.0, "also_in": "a2020"},
            {**base, "statistic": "range_high", "pct_mvic": 30.5, "sd": np.nan, "also_in": "a2020"},
        ]
    )
    (merged,) = (row for _, row in plots._ranges_as_rows(rows).iterrows())
    assert merged["also_end"] == "low end (10); high end (30.5)"
    assert merged["also_in"] == "a2020"
    assert pd.isna(merged["sd"])


# --- the band sentence ---------------------------------------------------------------------------


def _band_scheme(
    study_ids: list[str], muscles: list[str], limits: list[tuple[str, float, float | None]]
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scheme_id": "made",
            "study_id": study_ids,
            "muscle": muscles,
            "band": [name for name, _, _ in limits],
            "lower_pct_mvic": [low for _, low, _ in limits],
            "upper_pct_mvic": [np.nan if high is None else high for _, _, high in limits],
        }
    )


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        (  # given out of order: listed from the lowest; the open top band reads '>='
            _band_scheme(
                ["ebert2017"] * 4,
                [GMED] * 4,
                [("very_high", 61, None), ("low", 0, 20), ("moderate", 21, 40), ("high", 41, 60)],
            ),
            "Shading: Ebert et al. 2017's activation bands for gluteus medius (low 0-20, "
            "moderate 21-40, high 41-60, very high >=61 %MVIC); they do not grade gluteus "
            "maximus or gluteus minimus.",
        ),
        (  # two sources, one without a known name; two muscles
            _band_scheme(
                ["neto2020", "made2020"],
                [GMED, GMAX],
                [("low", 0, 20.5), ("high", 20.5, 100)],
            ),
            "Shading: Krause Neto et al. 2020, made2020's activation bands for gluteus maximus "
            "and gluteus medius (low 0-20.5, high 20.5-100 %MVIC); they do not grade gluteus "
            "minimus.",
        ),
    ],
)
def test_the_band_sentence_lists_the_bands_their_sources_and_the_muscles_not_graded(
    bands: pd.DataFrame, expected: str
) -> None:
    """'Shading: <sources>'s activation bands for <muscles> (<name low-high>, ... %MVIC); they
    do not grade <the other muscles>.', sources by name (else id), sorted."""
    assert plots.bands_note(bands) == expected


@pytest.mark.parametrize("bands", [None, _band_scheme([], [], [])])
def test_no_bands_no_band_sentence(bands: pd.DataFrame | None) -> None:
    """Without bands (none, or an empty table) there is nothing to say."""
    assert plots.bands_note(bands) == ""


# --- fitting the x label -------------------------------------------------------------------------

# 'M' is the widest letter and 'i' the narrowest: a line of a few M's is wider than a line of
# many i's, so the width, not the number of characters, decides where a text breaks.
M12, M7 = "M" * 12, "M" * 7


@pytest.mark.parametrize(
    ("text", "widest_line", "expected"),
    [
        # from 29 characters down: 'MMMMMMMMMMMM iiii' (17) is wider than the room, so the
        # longest that fits is 16, where line 2 is exactly 16 characters; at 15 it would be three
        (f"{M12} iiii iiiiiiiiiii", M12, f"{M12}\niiii iiiiiiiiiii"),
        # the longest that fits is 11 characters, the shortest tried
        (f"{M7} iiii iiiiii", M7, f"{M7}\niiii iiiiii"),
    ],
)
def test_a_text_is_wrapped_into_the_fewest_lines_that_fit_the_room(
    text: str, widest_line: str, expected: str
) -> None:
    """The longest line length (in characters, from the text's own down to 11) whose wrapping
    is no wider than the room; a line exactly as wide as the room fits."""
    width_in = text_width(widest_line, 12)  # the room: exactly the width of that line
    assert plots._fit(text, width_in, 12) == expected


def test_a_text_that_fits_nowhere_is_wrapped_at_10_characters() -> None:
    """When not even 11 characters fit, the text is wrapped at 10: 'hip abducts' (11) breaks."""
    assert plots._fit("hip abducts", 0.01, 12) == "hip\nabducts"


# --- the ranked chart's x axis -------------------------------------------------------------------

GAP_IN = 0.08
"""Room the ranked chart leaves between a bar's number and the frame's right edge."""


def _width_in(text: str, fontsize: float) -> float:
    """Width of ``text`` in inches, measured by matplotlib as one string."""
    font = FontProperties(size=fontsize)
    width_pt, _, _ = text_to_path.get_text_width_height_descent(text, font, ismath=False)
    return float(width_pt) / 72


def _shortest_axis(ends: list[tuple[float, str]], axes_width_in: float) -> int:
    """The shortest multiple of 10 (at least 100) at which every number, written 1.5 %MVIC
    past its bar's end in 9-point type, ends ``GAP_IN`` inside the frame."""
    for xmax in range(100, 10_000, 10):
        if all(
            (end + 1.5) / xmax * axes_width_in + _width_in(text, 9) + GAP_IN <= axes_width_in
            for end, text in ends
        ):
            return xmax
    raise AssertionError("no axis end fits")


@pytest.mark.parametrize(
    ("rows", "ends", "axes_width_in", "expected"),
    [
        # 76.5 of 100 is 3.06 in of 4; '75' is 0.16 in wide: 3.30 in, well inside
        ([{"statistic": "mean", "pct_mvic": 75.0, "sd": np.nan}], [(75.0, "75")], 4.0, 100),
        # a 2 in frame: 81 of 100 is 1.62 in, '79.5' 0.28 in, the gap 0.08: 1.98 in, just inside
        ([{"statistic": "mean", "pct_mvic": 79.5, "sd": np.nan}], [(79.5, "79.5")], 2.0, 100),
        # 87.5 of 100 is 1.75 in, '86' 0.16 in, the gap 0.08: 1.99 in, just inside
        ([{"statistic": "mean", "pct_mvic": 86.0, "sd": np.nan}], [(86.0, "86")], 2.0, 100),
        # 85 of 100 is 1.70 in, '83.5' 0.28 in, the gap: 2.06 in, out; at 110: 1.90 in
        ([{"statistic": "mean", "pct_mvic": 83.5, "sd": np.nan}], [(83.5, "83.5")], 2.0, 110),
        (  # the whisker's end counts (106.5 of 110 and '95': 5.08 in of 5, out; of 120: 4.68
            # in), and a range's number is its low-high ('20-98.5' at 100 of 120: 4.73 in)
            [
                {"statistic": "mean", "pct_mvic": 95.0, "sd": 10.0},
                {"statistic": "range", "pct_mvic": np.nan, "sd": np.nan, "low": 20.0, "high": 98.5},
            ],
            [(105.0, "95"), (98.5, "20-98.5")],
            5.0,
            120,
        ),
        (  # a range alone: its number starts 1.5 past its high end ('20-98.5', 0.48 in, at
            # 100 of 110 ends with the gap at 5.11 in, past 5 in; of 120: at 4.73 in)
            [{"statistic": "range", "pct_mvic": np.nan, "sd": np.nan, "low": 20.0, "high": 98.5}],
            [(98.5, "20-98.5")],
            5.0,
            120,
        ),
    ],
)
def test_the_ranked_axis_is_the_shortest_multiple_of_10_that_keeps_every_number_inside(
    rows: list[dict[str, Any]], ends: list[tuple[float, str]], axes_width_in: float, expected: int
) -> None:
    """At least 100, a multiple of 10, and the shortest at which each number (9 point, 1.5
    past its bar, whisker or range end) still ends 0.08 in inside the frame."""
    assert _shortest_axis(ends, axes_width_in) == expected  # the hand-worked end is right
    assert plots._ranked_xmax(rows, axes_width_in) == expected


# --- the ranked chart's layout, read back from the drawn figure ----------------------------------

LONG_EXERCISES = [  # each wraps to two lines of 56 characters: three-line labels
    ("single leg bridge with the hip abducted and the knee bent to ninety degrees on a step", 85.0),
    (
        "side plank with hip abduction on the dominant leg kept straight and the top leg raised",
        72.0,
    ),
    ("barbell hip thrust from a bench with the feet flat and the shins vertical at the top", 64.0),
    ("lateral step up onto a box of twenty centimetres with the trunk upright throughout", 51.0),
    ("quadruped hip extension with the knee bent, the thigh lifted above horizontal", 40.0),
    (
        "standing hip abduction against an elastic band tied around both ankles at shoulder width",
        33.0,
    ),
]
LINE_IN = 1.2 * plots.ROW_LABEL_FONTSIZE / 72
"""One line of a row label: 10-point type at matplotlib's line spacing of 1.2."""


def _in(box: Bbox, dpi: float) -> Bbox:
    return Bbox.from_extents(box.x0 / dpi, box.y0 / dpi, box.x1 / dpi, box.y1 / dpi)


def _drawn_ranked_chart() -> dict[str, Any]:
    """Six long exercises ranked (GMax and GMed alternately, one read from an abstract) with
    Ebert's GMed bands, drawn; the chart and the boxes of what was drawn, in inches."""
    rows = _ranked_rows(
        *(
            {
                "exercise_label": exercise,
                "pct_mvic": value,
                "muscle": GMAX if i % 2 == 0 else GMED,
                "source_kind": "abstract" if i == 1 else "full_text_table",
                "row_id": f"b-{i:02d}",
            }
            for i, (exercise, value) in enumerate(LONG_EXERCISES)
        )
    )
    bands = _band_scheme(
        ["ebert2017"] * 4,
        [GMED] * 4,
        [("low", 0, 20), ("moderate", 21, 40), ("high", 41, 60), ("very_high", 61, None)],
    )
    chart = plots.ranked_chart(rows, bands=bands, citations=NAMES)
    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    dpi = chart.figure.dpi
    ax = chart.ax

    def box(artist: Any) -> Bbox:
        return _in(artist.get_window_extent(renderer), dpi)

    return {
        "chart": chart,
        "figure": _in(chart.figure.bbox, dpi),
        "frame": box(ax),
        "labels": [box(t) for t in ax.get_yticklabels()],
        "values": {t.get_text(): box(t) for t in ax.texts if not isinstance(t, Annotation)},
        "bands": [box(t) for t in ax.texts if isinstance(t, Annotation)],
        "bars": [box(p) for c in ax.containers if isinstance(c, BarContainer) for p in c.patches],
        "legend": box(ax.get_legend()),
        "title": box(ax._left_title),
        "xlabel": box(ax.xaxis.label),
        "source": box(chart.figure.texts[0]),
    }


@pytest.fixture
def ranked() -> dict[str, Any]:
    """The ranked chart of the six long exercises, drawn once with matplotlib's defaults."""
    return _drawn_ranked_chart()


def test_ranked_row_labels_are_in_10_point_type_and_the_ticks_keep_theirs(
    ranked: dict[str, Any],
) -> None:
    """Row labels are set in ROW_LABEL_FONTSIZE; the x tick numbers keep the course's size."""
    ax = ranked["chart"].ax
    assert {t.get_fontsize() for t in ax.get_yticklabels()} == {plots.ROW_LABEL_FONTSIZE}
    assert {t.get_fontsize() for t in ax.get_xticklabels()} == {RC["xtick.labelsize"]}


def test_ranked_rows_are_packed_without_overlapping(ranked: dict[str, Any]) -> None:
    """Three-line labels never overlap their neighbours, and the blank between two is less
    than one more line of label."""
    labels = sorted(ranked["labels"], key=lambda b: b.y0)
    assert len(labels) == len(LONG_EXERCISES)
    assert all(label.height > 2.5 * LINE_IN for label in labels)  # three lines each
    for lower, upper in pairwise(labels):
        assert lower.y1 <= upper.y0, "two row labels overlap"
        assert upper.y0 - lower.y1 < LINE_IN, "a row has room for another line"


def test_ranked_labels_start_at_the_figures_left_margin(ranked: dict[str, Any]) -> None:
    """The widest label starts about 0.12 in from the figure's left edge: nothing cut off,
    no wide blank (within 0.05 in: the widths are estimated without kerning)."""
    left = min(label.x0 for label in ranked["labels"])
    assert 0.07 <= left - ranked["figure"].x0 <= 0.17


def test_ranked_frame_reaches_to_the_right_margin_and_holds_every_number(
    ranked: dict[str, Any],
) -> None:
    """The frame ends within 0.3 in of the figure's right edge; each number ends inside it."""
    frame, figure = ranked["frame"], ranked["figure"]
    assert figure.x1 - frame.x1 <= 0.3
    assert set(ranked["values"]) == {f"{value:g}" for _, value in LONG_EXERCISES}
    for text, box in ranked["values"].items():
        assert box.x1 <= frame.x1, text


def test_ranked_axis_ends_at_100_when_every_number_fits_there(ranked: dict[str, Any]) -> None:
    """The highest bar, 85, has its number at 86.5 of 100: on a frame of more than 5 in that
    is 0.7 in short of the edge, more than '85' needs (0.16 in and the gap); so 100."""
    frame = ranked["frame"]
    assert frame.width > 5
    assert 86.5 / 100 * frame.width + _width_in("85", 9) + GAP_IN < frame.width
    assert ranked["chart"].ax.get_xlim() == (0, 100)


def test_ranked_x_label_is_wrapped_to_the_frames_width(ranked: dict[str, Any]) -> None:
    """The x label, at the course's label size, is the whole %MVIC label wrapped so that it
    fits under the frame (in one line it would not)."""
    label = ranked["chart"].ax.xaxis.label
    assert " ".join(label.get_text().split()) == " ".join(plots.PCT_LABEL.split())
    assert label.get_fontsize() == RC["axes.labelsize"]
    frame, box = ranked["frame"], ranked["xlabel"]
    assert _width_in(plots.PCT_LABEL, RC["axes.labelsize"]) > frame.width  # it must wrap
    assert frame.x0 <= box.x0 and box.x1 <= frame.x1


def test_ranked_x_label_sits_just_above_the_source_line(ranked: dict[str, Any]) -> None:
    """The x label ends above the source line, with at most 0.4 in of blank between them."""
    gap = ranked["xlabel"].y0 - ranked["source"].y1
    assert 0 < gap <= 0.4


def test_ranked_title_legend_band_names_and_frame_are_stacked_from_the_top(
    ranked: dict[str, Any],
) -> None:
    """From the top: the title (at least 0.12 in and at most 0.4 in below the figure's top),
    the legend, the band names, the frame; none overlapping the next."""
    figure, title, legend = ranked["figure"], ranked["title"], ranked["legend"]
    assert ranked["bands"], "no band is named"
    assert 0.12 <= figure.y1 - title.y1 <= 0.4
    assert legend.y1 <= title.y0
    assert all(band.y1 <= legend.y0 for band in ranked["bands"])
    assert all(ranked["frame"].y1 <= band.y0 for band in ranked["bands"])


def test_ranked_title_and_legend_start_at_the_figures_left_margin(
    ranked: dict[str, Any],
) -> None:
    """The title and the legend row both start 0.12 in from the figure's left edge, over the
    row labels."""
    for box in (ranked["title"], ranked["legend"]):
        assert box.x0 - ranked["figure"].x0 == pytest.approx(0.12, abs=0.03)


def test_ranked_title_keeps_its_words_and_the_course_title_size(ranked: dict[str, Any]) -> None:
    """The title is the default one, in the course's title size."""
    title = ranked["chart"].ax._left_title
    assert title.get_text() == "Highest reported gluteal EMG first"
    assert title.get_fontsize() == RC["axes.titlesize"]


def test_ranked_legend_is_an_unframed_row_of_the_muscles_and_hatched_sources(
    ranked: dict[str, Any],
) -> None:
    """The legend names the two muscles drawn and the one hatched kind of source (abstract),
    has no box, and covers no bar, number or band name."""
    legend = ranked["chart"].ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "Gluteus maximus",
        "Gluteus medius",
        "abstract only",
    ]
    assert not legend.get_frame_on()
    boxes = ranked["bars"] + list(ranked["values"].values()) + ranked["bands"]
    assert not any(ranked["legend"].overlaps(box) for box in boxes)


def test_the_ranked_charts_type_and_margins_ignore_the_readers_default_font_size() -> None:
    """A reader whose matplotlib default type is 14 point gets the same chart: 10-point row
    labels starting at the left margin, the course's legend, label and title sizes."""
    style._advance.cache_clear()  # a fresh session: no character measured yet
    with mpl.rc_context({"font.size": 14}):
        drawn = _drawn_ranked_chart()
    ax = drawn["chart"].ax
    assert {t.get_fontsize() for t in ax.get_yticklabels()} == {plots.ROW_LABEL_FONTSIZE}
    assert {t.get_fontsize() for t in ax.get_legend().get_texts()} == {RC["legend.fontsize"]}
    assert ax.xaxis.label.get_fontsize() == RC["axes.labelsize"]
    assert ax._left_title.get_fontsize() == RC["axes.titlesize"]
    left = min(label.x0 for label in drawn["labels"])
    assert 0.07 <= left - drawn["figure"].x0 <= 0.17


def test_ranked_title_stands_on_the_bottom_of_its_row(ranked: dict[str, Any]) -> None:
    """The title's baseline is the bottom of its row: PAD and TITLE (inches) below the
    figure's top, with the legend row, the band names' room and the frame under it."""
    title = ranked["chart"].ax._left_title
    assert title.get_verticalalignment() == "baseline"
    dpi = ranked["chart"].figure.dpi
    baseline = title.get_transform().transform(title.get_position())[1] / dpi
    layout = plots._RankedLayout
    assert ranked["figure"].y1 - baseline == pytest.approx(layout.PAD + layout.TITLE, abs=0.001)
