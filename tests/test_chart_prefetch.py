"""Charts rendered ahead in a background thread (ChartView.prefetch) and the explorers using it.

A pre-rendered state must be exactly what the explorer would have drawn when the learner
gets there, must not be drawn again, and a state that fails in the background must still be
drawn (and fail) in the foreground.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pytest

import glutelab.widgets as widgets
from glutelab.anatomy_widget import anatomy_explorer
from glutelab.diagrams import hip_diagram
from glutelab.myths_widget import myth_explorer
from glutelab.scenarios_widget import scenario_explorer
from glutelab.style import Chart
from glutelab.widgets import ChartView


@pytest.fixture
def prefetch_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(widgets, "PREFETCH", True)
    yield


def test_prefetching_is_off_outside_a_kernel_unless_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GLUTELAB_PREFETCH", raising=False)
    assert widgets.PREFETCH is None
    assert widgets.prefetching() is False
    monkeypatch.setenv("GLUTELAB_PREFETCH", "1")
    assert widgets.prefetching() is True
    monkeypatch.setenv("GLUTELAB_PREFETCH", "0")
    assert widgets.prefetching() is False
    monkeypatch.setattr(widgets, "PREFETCH", True)  # the module setting wins
    assert widgets.prefetching() is True


def test_a_prefetched_state_is_shown_without_drawing_it_again() -> None:
    drawn: list[str] = []

    def build(muscle: str) -> Chart:
        drawn.append(muscle)
        return hip_diagram(muscle)

    view = ChartView()
    view.prefetch(
        [(m, lambda m=m: build(m)) for m in ("gluteus_medius", "gluteus_minimus")]  # type: ignore[misc]
    )
    assert view.wait_prefetched(timeout=120)
    assert sorted(drawn) == ["gluteus_medius", "gluteus_minimus"]
    view.show_cached("gluteus_minimus", lambda: build("gluteus_minimus"))
    assert drawn.count("gluteus_minimus") == 1  # came from the cache
    fresh = ChartView()
    fresh.show(hip_diagram("gluteus_minimus"))
    assert view.value == fresh.value  # the same image a foreground draw gives
    assert "<img" in view.value


def test_a_state_that_fails_in_the_background_fails_in_the_foreground() -> None:
    def broken() -> Chart:
        raise ValueError("cannot draw this state")

    view = ChartView()
    view.prefetch([("bad", broken)])
    assert view.wait_prefetched(timeout=60)
    with pytest.raises(ValueError, match="cannot draw this state"):
        view.show_cached("bad", broken)


def test_a_new_prefetch_replaces_the_waiting_states() -> None:
    drawn: list[int] = []

    def build(n: int) -> Chart:
        drawn.append(n)
        return hip_diagram()

    view = ChartView()
    view.prefetch((n, lambda n=n: build(n)) for n in range(3))  # type: ignore[misc]
    view.prefetch([(10, lambda: build(10))])
    assert view.wait_prefetched(timeout=120)
    assert 10 in drawn and len(drawn) <= 4  # at most one of the first call's was in hand


# The explorers that draw ahead: how to make one, its chart view and the control it cycles.
CYCLING_EXPLORERS = pytest.mark.parametrize(
    ("make", "view_of", "control_of"),
    [
        (anatomy_explorer, lambda e: e.diagram, lambda e: e.muscle),
        (scenario_explorer, lambda e: e.chart, lambda e: e.scenario),
    ],
    ids=["anatomy", "scenario"],
)


@CYCLING_EXPLORERS
def test_explorers_pre_render_every_state_as_they_would_draw_it(
    prefetch_on: None, make, view_of, control_of, monkeypatch: pytest.MonkeyPatch
) -> None:
    explorer = make()
    assert view_of(explorer).wait_prefetched(timeout=300)
    monkeypatch.setattr(widgets, "PREFETCH", False)
    # Explorers share their renderings; the reference gets its own, so it draws every state.
    monkeypatch.setattr(widgets.Renderings, "shared", classmethod(lambda cls, name: cls()))
    reference = make()  # draws every state in the foreground
    assert view_of(reference).renderings is not view_of(explorer).renderings
    values = [value for _, value in control_of(explorer).options]
    assert len(values) >= 3
    for value in values:
        control_of(explorer).value = value
        control_of(reference).value = value
        assert view_of(explorer).value == view_of(reference).value, value
        # What was drawn (the axes themselves are other objects, in another figure).
        drawn, expected = view_of(explorer).data, view_of(reference).data
        assert set(drawn) == set(expected), value
        np.testing.assert_equal(  # NaN (nothing detected) equals NaN here
            {k: v for k, v in drawn.items() if k != "axes"},
            {k: v for k, v in expected.items() if k != "axes"},
            err_msg=str(value),
        )


def test_the_emg_explorer_shows_a_state_it_showed_before_from_its_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from glutelab import emg_widget

    explorer = emg_widget.emg_pipeline_explorer()
    first = explorer.chart.value
    drawn: list[int] = []
    real = emg_widget.show_run

    def counting(*args, **kwargs):
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(emg_widget, "show_run", counting)
    explorer.hum.value = True
    with_hum = explorer.chart.value
    explorer.hum.value = False
    assert explorer.chart.value == first
    explorer.hum.value = True
    assert explorer.chart.value == with_hum
    assert len(drawn) == 1  # only the new state was drawn
    assert explorer.last_chart_data == explorer.chart.data


@CYCLING_EXPLORERS
def test_a_second_copy_of_an_explorer_shows_what_the_first_drew_without_drawing_it(
    make, view_of, control_of, monkeypatch: pytest.MonkeyPatch
) -> None:
    widgets.clear_renderings()
    first = make()
    values = [value for _, value in control_of(first).options]
    shown = {}
    for value in values:
        control_of(first).value = value
        shown[value] = view_of(first).value
    drawn: list[object] = []
    real = widgets.ChartView.show

    def counting(self, chart, **kwargs):  # every chart drawn in the foreground comes here
        drawn.append(chart)
        return real(self, chart, **kwargs)

    monkeypatch.setattr(widgets.ChartView, "show", counting)
    second = make()
    for value in reversed(values):
        control_of(second).value = value
        assert view_of(second).value == shown[value], value
    assert drawn == []


def test_an_explorer_drawn_from_other_tables_does_not_reuse_the_shared_renderings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from glutelab import myths_widget
    from glutelab.data import load_emg

    widgets.clear_renderings()
    real = myth_explorer()
    emg = load_emg()
    fewer = emg.iloc[: len(emg) // 2]
    monkeypatch.setattr(myths_widget, "load_emg", lambda: fewer)
    other = myth_explorer()
    shown_differently = 0
    for _, value in real.myth.options:
        real.myth.value = value
        other.myth.value = value
        if real.chart_view.value != other.chart_view.value:
            shown_differently += 1
    assert shown_differently > 0


def test_background_work_waits_until_the_update_that_asked_for_it_has_left(
    prefetch_on: None,
) -> None:
    """Work ahead starts BACKGROUND_DELAY_S after it is asked for, in both kinds of thread."""
    started: dict[str, float] = {}

    def note(kind: str) -> Chart:
        started[kind] = time.monotonic()
        return hip_diagram("gluteus_medius")

    asked = time.monotonic()
    thread = widgets.in_background(lambda: note("computing"))
    view = ChartView()
    view.prefetch([("medius", lambda: note("drawing"))])
    assert thread is not None
    thread.join(timeout=60)
    assert view.wait_prefetched(timeout=120)
    assert set(started) == {"computing", "drawing"}
    for when in started.values():
        assert when - asked >= widgets.BACKGROUND_DELAY_S
