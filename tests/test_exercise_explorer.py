"""The exercise explorer: every filter changes the table rows and the chart data together."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import glutelab
from glutelab.evidence import EvidenceFilter, evidence_table, filter_evidence, rank
from glutelab.exercises_widget import exercise_explorer, ranked_table_html
from glutelab.widgets import ANY, escape

from .conftest import DATA
from .drawn import html_bar_values

RAW_EMG = pd.read_csv(DATA / "emg_activation.csv", dtype={"region": str, "condition": str})
SINGLE = RAW_EMG[~RAW_EMG["statistic"].isin(["range_low", "range_high"])]
"""Single reported values, read with pandas only (a review's range ends are not ranked)."""


def _counted(values: int) -> str:
    """The status line's count, worked out here: "1 reported value", "2 reported values"."""
    return f"{values} reported value{'' if values == 1 else 's'} from"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return evidence_table(glutelab.load_emg(), glutelab.load_exercises())


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per ranked chart the explorer draws (the real function still draws it)."""
    from glutelab import exercises_widget

    drawn: list[int] = []
    real = exercises_widget.ranked_chart_html

    def counting(*args, **kwargs):
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(exercises_widget, "ranked_chart_html", counting)
    return drawn


def _table_rows(view) -> int:
    return len(re.findall(r"<tr[^>]*><td[^>]*>\d+</td>", view.table.value))


def _expected(table: pd.DataFrame, **settings) -> pd.DataFrame:
    rows = table[table["statistic"].isin(["mean", "median", "pooled_mean", "not_stated", "peak"])]
    for column, value in settings.items():
        rows = rows[rows[column] == value] if column != "min" else rows[rows["pct_mvic"] >= value]
    return _one_dataset(rows)


def _one_dataset(rows: pd.DataFrame) -> pd.DataFrame:
    """One dataset once: a row repeating the value of rows still listed is left out."""
    listed = set(rows["row_id"])
    repeats = rows["dependence"].eq("same_value") & rows["includes"].map(
        lambda ids: isinstance(ids, str) and set(ids.split(";")) <= listed
    )
    return rows[~repeats.fillna(False).astype(bool)]


@pytest.mark.parametrize(
    ("control", "value", "column"),
    [
        ("muscle", "gluteus_medius", "muscle"),
        ("family", "side_bridge", "family"),
        ("family", "lunge_split_squat", "family"),
        ("equipment", "barbell", "equipment"),
        ("weight_bearing", False, "weight_bearing"),
        ("unilateral", True, "unilateral"),
        ("study", "macaskill2014", "study_id"),
    ],
)
def test_each_filter_sets_table_and_chart(table, control: str, value: object, column: str) -> None:
    view = exercise_explorer()
    getattr(view, control).value = value
    expected = _expected(table, **{column: value})
    assert _table_rows(view) == min(len(expected), 40)
    top = sorted(expected["pct_mvic"], reverse=True)[:25]
    assert html_bar_values(view.chart_view.value) == sorted(top)
    assert _counted(len(expected)) in view.status.value


def test_minimum_pct_and_peaks(table) -> None:
    view = exercise_explorer()
    view.min_pct.value = 100
    expected = _expected(table, min=100)
    assert _counted(len(expected)) in view.status.value
    assert html_bar_values(view.chart_view.value) == sorted(expected["pct_mvic"])[-25:]
    view.peaks.value = False
    no_peaks = expected[expected["statistic"] != "peak"]
    assert _counted(len(no_peaks)) in view.status.value


@pytest.mark.parametrize("minimum", sorted(set(SINGLE["pct_mvic"])))
def test_minimum_pct_mvic_keeps_a_value_equal_to_it(table, minimum: float) -> None:
    """The minimum is inclusive at every reported value: the value itself stays in."""
    rows = filter_evidence(table, min_pct_mvic=minimum)
    expected = SINGLE[SINGLE["pct_mvic"] >= minimum]
    assert sorted(rows["row_id"]) == sorted(expected["row_id"])
    assert minimum in set(rows["pct_mvic"])
    assert minimum not in set(filter_evidence(table, min_pct_mvic=minimum + 1e-9)["pct_mvic"])


RAW_EXERCISES = pd.read_csv(DATA / "exercises.csv")
JOINED = SINGLE.merge(RAW_EXERCISES, on="exercise_id", how="left")
"""Single values with their exercise's family, equipment and loading (pandas only)."""


@pytest.mark.parametrize(
    ("setting", "value", "column"),
    [
        ("muscle", "gluteus_minimus", "muscle"),
        ("region", "upper", "region"),
        ("family", "lunge_split_squat", "family"),
        ("equipment", "barbell", "equipment"),
        ("study_id", "distefano2009", "study_id"),
        ("weight_bearing", False, "weight_bearing"),
        ("weight_bearing", True, "weight_bearing"),
        ("unilateral", True, "unilateral"),
        ("unilateral", False, "unilateral"),
    ],
)
def test_filter_evidence_settings(table, setting: str, value: object, column: str) -> None:
    expected = JOINED[JOINED[column] == value]
    assert 0 < len(expected) < len(JOINED)
    rows = filter_evidence(table, **{setting: value})
    assert sorted(rows["row_id"]) == sorted(expected["row_id"])
    spec_rows = filter_evidence(table, EvidenceFilter(**{setting: value}))
    assert sorted(spec_rows["row_id"]) == sorted(expected["row_id"])


def test_filter_evidence_peaks_and_unknown_settings(table) -> None:
    no_peaks = filter_evidence(table, include_peaks=False)
    assert sorted(no_peaks["row_id"]) == sorted(SINGLE[SINGLE["statistic"] != "peak"]["row_id"])
    assert len(filter_evidence(table)) == len(SINGLE)
    with pytest.raises(TypeError, match=r"^unknown filter setting\(s\): colour, size$"):
        filter_evidence(table, size=3, colour="red")
    known = "gluteus_maximus, gluteus_medius, gluteus_minimus"
    with pytest.raises(ValueError, match=f"^unknown muscle 'gluteus_maximal'; known: {known}$"):
        filter_evidence(table, muscle="gluteus_maximal")


def test_a_row_with_an_unknown_flag_matches_neither_value(table) -> None:
    """An exercise whose loading is not recorded is left out of both "yes" and "no"."""
    changed = table.copy()
    changed["weight_bearing"] = changed["weight_bearing"].astype("boolean")
    first = changed.index[0]
    changed.loc[first, "weight_bearing"] = pd.NA
    for flag in (True, False):
        assert first not in filter_evidence(changed, weight_bearing=flag).index


def test_rank_orders_by_value_then_study_and_exercise(table) -> None:
    ranked = rank(filter_evidence(table))
    expected = SINGLE.sort_values(
        ["pct_mvic", "study_id", "exercise_id"], ascending=[False, True, True]
    )
    assert ranked["row_id"].tolist() == expected["row_id"].tolist()
    assert ranked.index.tolist() == list(range(len(ranked)))
    assert list(ranked.columns) == list(table.columns)  # renumbered, no old index kept


@pytest.mark.parametrize("minimum", [0, 40, 130, 200])
def test_the_minimum_slider_is_inclusive_at_both_ends(minimum: int) -> None:
    view = exercise_explorer()
    assert (view.min_pct.min, view.min_pct.max) == (0, 200)
    view.min_pct.value = minimum
    expected = _one_dataset(SINGLE[SINGLE["pct_mvic"] >= minimum])
    assert _counted(len(expected)) in view.status.value
    assert html_bar_values(view.chart_view.value) == sorted(expected["pct_mvic"])[-25:]


def test_region_options_follow_the_muscle() -> None:
    view = exercise_explorer()
    view.muscle.value = "gluteus_minimus"
    assert [v for _, v in view.region.options] == [ANY, "anterior", "posterior"]
    view.region.value = "anterior"
    assert _table_rows(view) == 1
    view.muscle.value = "gluteus_maximus"
    assert view.region.value == ANY
    assert "upper" in [v for _, v in view.region.options]


def test_empty_result_shows_a_message_not_an_empty_chart() -> None:
    view = exercise_explorer()
    view.muscle.value = "gluteus_minimus"
    view.min_pct.value = 200
    assert "No reported values match" in view.status.value
    assert view.chart_view.value == "" and view.table.value == ""
    view.min_pct.value = 0
    assert _table_rows(view) > 0 and "glutelab-html-chart" in view.chart_view.value


def test_table_is_ranked_and_escaped(table) -> None:
    rows = rank(filter_evidence(table, EvidenceFilter(family="hip_thrust_bridge")))
    assert rows["pct_mvic"].is_monotonic_decreasing
    rows = rows.copy()
    rows["exercise_label"] = rows["exercise_label"].astype(object)
    rows.loc[0, "exercise_label"] = "<script>alert(1)</script>"
    html = ranked_table_html(rows, {})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_unknown_filter_value_names_it(table) -> None:
    with pytest.raises(ValueError, match="unknown muscle 'gluteus_maximum'"):
        filter_evidence(table, muscle="gluteus_maximum")
    with pytest.raises(ValueError, match="unknown study_id 'nobody2020'"):
        filter_evidence(table, study_id="nobody2020")
    with pytest.raises(TypeError, match="unknown filter setting"):
        filter_evidence(table, colour="red")


def test_view_is_updated_in_place() -> None:
    view = exercise_explorer()
    children, chart_view = view.children, view.chart_view
    for value in [0, 20, 40, 60, 0, 80, 10]:
        view.min_pct.value = value
    assert view.children == children and view.chart_view is chart_view
    assert view.chart_view.value.count("<figure") == 1  # one chart, replaced, not added
    assert min(html_bar_values(view.chart_view.value)) >= 10


def test_revisited_states_come_from_the_cache(calls: list[int]) -> None:
    view = exercise_explorer()
    first = view.chart_view.value
    view.family.value = "side_bridge"
    side = view.chart_view.value
    view.family.value = ANY
    assert view.chart_view.value == first
    view.family.value = "side_bridge"
    assert view.chart_view.value == side
    assert len(calls) == 2  # two distinct states drawn once each
    assert view.chart_view.data["values"]  # data follows the cached state too


# --- layout: a table a learner can read, a slider wide enough to use ------------------------


def test_table_cells_are_padded(table) -> None:
    html = ranked_table_html(rank(filter_evidence(table, EvidenceFilter())), {})
    cells = re.findall(r"<t[dh]( [^>]*)?>", html)
    assert cells and all(attrs and "padding:" in attrs for attrs in cells)


def test_read_from_says_each_place_once(table) -> None:
    rows = rank(filter_evidence(table, EvidenceFilter()))
    html = ranked_table_html(rows, glutelab.study_names())
    listed = rows.head(40)
    table_part, notes = html.split("</table>")
    notes_items = re.findall(r"<li>(.*?)</li>", notes)
    assert len(notes_items) == len(set(notes_items))  # each place listed once
    for locator in set(listed["locator"].astype(str)):
        assert sum(item.endswith(f": {escape(locator)}") for item in notes_items) >= 1
        if len(locator) > 12:  # a long locator is never repeated in the table's rows
            assert escape(locator) not in table_part, locator
    column = re.findall(r"<td [^>]*>([^<]*\[\d+\])</td></tr>", html)
    assert len(column) == len(listed)  # each row: the kind of source and its note number
    assert all(len(cell) < 30 for cell in column)
    assert html.count('<ol class="glutelab-read-from"') == 1


def test_minimum_slider_has_a_wide_row_of_its_own() -> None:
    view = exercise_explorer()
    grid = view.children[0]
    assert view.min_pct not in grid.children  # not squeezed into a 220 px grid cell
    assert view.children[1] is view.min_pct  # its own row, under the drop-downs
    assert view.min_pct.layout.width == "min(100%, 640px)"


def test_filters_that_keep_the_same_rows_draw_the_chart_once(calls: list[int]) -> None:
    view = exercise_explorer()
    view.study.value = "lehecka2021"
    drawn = len(calls)
    view.family.value = "side_bridge"  # the same rows: a new setting, the same chart
    assert len(calls) == drawn
    assert "glutelab-html-chart" in view.chart_view.value
