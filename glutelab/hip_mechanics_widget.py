"""Hip mechanics explorer: move the hip, choose a muscle, see what each of its parts does.

Sliders set hip flexion, adduction and rotation; drop-downs choose the muscle and the axis
whose action colours the drawing. The drawings are a picture redrawn in place (only the parts
that change), the bars and curves are drawn by the browser, and a line of text gives each
compartment's moment arms in numbers. A state shown lately is shown again at once.

>>> view = hip_mechanics_explorer()
>>> view.flexion.value = 90
>>> view.muscle.value = "gluteus_medius"
>>> "internal rotation" in view.status.value
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from glutelab.hip_mechanics_plots import (
    MUSCLE_CHOICES,
    MechanicsFigure,
    arm_words,
    compartment_label,
    warm_curves,
)
from glutelab.hip_model import ARM_COLUMNS
from glutelab.widgets import ChartView, in_background, settled, status_html

__all__ = ["HipMechanicsExplorer", "hip_mechanics_explorer"]

LABEL_WIDTH = "260px"
CONTROL_WIDTH = "min(100%, 640px)"
AXIS_OPTIONS = (
    ("rotation (internal / external)", "rotation"),
    ("adduction / abduction", "adduction"),
    ("flexion / extension", "flexion"),
)


def _slider(description: str, low: int, high: int, value: int) -> w.IntSlider:
    """A 5-degree slider, updated when released or when a value is typed (and Enter)."""
    return w.IntSlider(
        value=value,
        min=low,
        max=high,
        step=5,
        description=description,
        continuous_update=False,
        style={"description_width": LABEL_WIDTH},
        layout=w.Layout(width=CONTROL_WIDTH),
    )


class HipMechanicsExplorer(w.VBox):  # type: ignore[misc]
    """Three angle sliders, a muscle and an axis drop-down, the figure and a line of numbers.

    Keyboard: **Tab** moves between controls; a slider takes a typed value in the box beside
    it (and **Enter**), or, with its handle focused, the **arrow keys** move it 5 degrees at a
    time. A drop-down opens with **Space** (or **Alt+Down**); the arrow keys and **Enter**
    choose.
    """

    def __init__(self) -> None:
        self.muscle = w.Dropdown(
            options=[(label, key) for key, (label, _) in MUSCLE_CHOICES.items()],
            value="gluteus_maximus",
            description="Muscle:",
            style={"description_width": LABEL_WIDTH},
            layout=w.Layout(width=CONTROL_WIDTH),
        )
        self.axis = w.Dropdown(
            options=list(AXIS_OPTIONS),
            value="rotation",
            description="Colour by action:",
            style={"description_width": LABEL_WIDTH},
            layout=w.Layout(width=CONTROL_WIDTH),
        )
        self.flexion = _slider("Hip flexion (deg)", -20, 120, 0)
        self.adduction = _slider("Adduction (+) / abduction (-)", -30, 30, 0)
        self.rotation = _slider("Internal (+) / external (-) rotation", -40, 40, 0)
        self.status = w.HTML()
        self.chart = ChartView(layout=w.Layout(width="100%"))
        self.figure = MechanicsFigure()
        self.controls = (self.muscle, self.axis, self.flexion, self.adduction, self.rotation)
        for control in self.controls:
            control.observe(self._redraw, names="value")
        controls = w.VBox([self.muscle, self.axis, self.flexion, self.adduction, self.rotation])
        super().__init__([controls, self.status, self.chart])
        self.add_class("glutelab-hip-mechanics")
        self._redraw()

    def pose(self) -> tuple[int, int, int]:
        """The hip angles the sliders show (flexion, adduction, rotation), degrees."""
        return (int(self.flexion.value), int(self.adduction.value), int(self.rotation.value))

    SAVED_VIEWS = 16
    """States whose views are kept (about 0.1 MB each): going back to one is instant."""

    def _redraw(self, change: dict[str, Any] | None = None) -> None:
        state = (self.muscle.value, *self.pose(), self.axis.value)
        choice, flexion, adduction, rotation, axis = state
        self.chart.show_markup(
            state,
            lambda: self.figure.update(choice, (flexion, adduction, rotation), axis),
            size=self.SAVED_VIEWS,
        )
        self.status.value = status_html(self._numbers(self.chart.data), kind="info")
        if change is None or change["owner"] in (self.adduction, self.rotation):
            # the other muscles' curves at this adduction and rotation (and, the first
            # time, their length axes), so that choosing one draws at once
            others = [key for key in MUSCLE_CHOICES if key != choice]
            in_background(lambda: warm_curves(others, adduction, rotation))

    def _numbers(self, data: dict[str, Any]) -> str:
        """Each compartment's moment arms in words, for the status line (which escapes it)."""
        parts = []
        for number, muscle_id in enumerate(data["compartments"], start=1):
            arms = dict(zip(ARM_COLUMNS, data["moment_arms_mm"][muscle_id], strict=True))
            parts.append(
                f"{number} {compartment_label(muscle_id)}: {data['actions'][muscle_id]} "
                f"({arm_words(arms)}; muscle-tendon length "
                f"{data['mtu_length_mm'][muscle_id]:.0f} mm)"
            )
        flexion, adduction, rotation = data["pose"]
        head = (
            f"At flexion {flexion:g}°, adduction {adduction:g}°, rotation {rotation:g}°, each "
            f"compartment's action about the {data['axis']} axis, then its three moment arms: "
        )
        return head + "; ".join(parts) + "."


def hip_mechanics_explorer() -> HipMechanicsExplorer:
    """The hip mechanics explorer used in ``08_hip_mechanics.ipynb`` and its Voilà app."""
    return settled(HipMechanicsExplorer())
