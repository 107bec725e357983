"""Pick a story and see its simulated EMG beside the typical pattern, with what it can show.

>>> view = scenario_explorer()
>>> view.scenario.value = "switched_off"
>>> "no study in this course" in view.caption.value
True
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from glutelab.plots import scenario_chart
from glutelab.scenarios import SCENARIOS, measure, simulate_scenario
from glutelab.style import Chart
from glutelab.widgets import ChartView, Renderings, escape, prefetching, settled

__all__ = ["ScenarioExplorer", "scenario_explorer"]

SEED = 42


class ScenarioExplorer(w.VBox):  # type: ignore[misc]
    """A scenario drop-down, the typical-versus-scenario chart, and a caption."""

    def __init__(self) -> None:
        options = [(s.name, s.id) for s in SCENARIOS.values() if s.id != "typical"]
        self.scenario = w.Dropdown(
            options=options,
            value="motor_control",
            description="Scenario:",
            style={"description_width": "initial"},
        )
        self.chart = ChartView(Renderings.shared("scenario"))
        self.caption = w.HTML()
        self.scenario.observe(lambda _: self.update(), names="value")
        super().__init__([self.scenario, self.caption, self.chart])
        self.update()

    def update(self) -> None:
        """Redraw the chart and caption for the chosen scenario."""
        scenario = SCENARIOS[self.scenario.value]
        self.chart.show_cached(Renderings.key(scenario.id), _draw(scenario.id))
        self.caption.value = (
            f"<p><b>{escape(scenario.name)}:</b> {escape(scenario.summary)}</p>"
            f"<p><b>A clinician could conclude:</b> {escape(scenario.conclude)}<br>"
            f"<b>It cannot tell them:</b> {escape(scenario.cannot_conclude)}</p>"
        )
        if prefetching():  # the other scenarios, in the drop-down's order
            others = [value for _, value in self.scenario.options if value != scenario.id]
            self.chart.prefetch((Renderings.key(other), _draw(other)) for other in others)


def _draw(scenario_id: str) -> Callable[[], Chart]:
    """What draws one scenario's chart beside the typical one (a new figure each time)."""

    def draw() -> Chart:
        trials = [
            simulate_scenario(SCENARIOS["typical"], seed=SEED),
            simulate_scenario(SCENARIOS[scenario_id], seed=SEED),
        ]
        return scenario_chart(trials, [measure(t) for t in trials])

    return draw


def scenario_explorer() -> ScenarioExplorer:
    """The scenario view used in ``02_weakness_motor_control_inhibition.ipynb``."""
    return settled(ScenarioExplorer())
