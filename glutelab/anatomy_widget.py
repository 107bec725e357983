"""Choose a muscle and a fibre region: the diagram highlights it and a fact card describes it.

>>> view = anatomy_explorer()
>>> view.muscle.value = "gluteus_minimus"
>>> "Superior gluteal nerve" in view.card.value
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from glutelab.anatomy import MUSCLES, regions
from glutelab.data import load_anatomy
from glutelab.diagrams import MUSCLE_NAMES, HipDiagram
from glutelab.style import Chart
from glutelab.widgets import (
    ChartView,
    Renderings,
    escape,
    prefetching,
    settled,
    source_details_html,
    status_html,
)

__all__ = [
    "AnatomyExplorer",
    "anatomy_explorer",
    "anatomy_table",
    "fact_card_html",
    "source_details",
]

UNDRAWN = ("tensor_fasciae_latae",)
"""Muscles in ``anatomy.csv`` that the schematic does not draw (their card is shown alone)."""
NAMES = {**MUSCLE_NAMES, "tensor_fasciae_latae": "Tensor fasciae latae"}
"""Display names of every muscle in ``anatomy.csv`` (the diagram draws only the three gluteals)."""

FIELDS = (
    ("origin", "Attaches above (origin)"),
    ("insertion", "Attaches below (insertion)"),
    ("nerve", "Nerve"),
    ("nerve_roots", "Nerve roots"),
    ("blood_supply", "Blood supply"),
    ("primary_actions", "Main actions"),
    ("actions_in_hip_flexion", "With the hip flexed"),
    ("notes", "Notes"),
)
"""The learner-facing fields of an anatomy row, with their labels, in the order shown."""


def _filled(value: object) -> bool:
    """Whether a cell holds text (string columns hold ``str`` or a missing value)."""
    return isinstance(value, str) and bool(value.strip())


def source_details(row: pd.Series) -> str:
    """The curation detail of one anatomy row (source ids and what was read where), escaped.

    >>> anatomy = load_anatomy()
    >>> "grays1918" in source_details(anatomy.iloc[0])
    True
    """
    parts = []
    if _filled(row["source_ids"]):
        ids = ", ".join(str(row["source_ids"]).split(";"))
        parts.append(f"<b>Sources (ids in references.json):</b> {escape(ids)}")
    if _filled(row["source_details"]):
        parts.append(f"<b>What was read where:</b> {escape(row['source_details'])}")
    return "<br>".join(parts)


def fact_card_html(anatomy: pd.DataFrame, muscle: str, region: str) -> str:
    """The anatomy row for ``muscle`` and ``region`` (``whole`` for the muscle) as escaped HTML.

    Learners read the plain fields; the source ids and the curation detail are in a
    closed "Source details" disclosure under them.

    Examples
    --------
    >>> import re
    >>> anatomy = load_anatomy()
    >>> card = fact_card_html(anatomy, "gluteus_maximus", "inferior")
    >>> re.search("<h3>(.*?)</h3>", card).group(1)
    'Gluteus maximus: inferior fibres'
    >>> "Superior gluteal nerve" in fact_card_html(anatomy, "gluteus_medius", "whole")
    True

    Gluteus medius has anterior, middle and posterior fibres, not inferior ones:

    >>> fact_card_html(anatomy, "gluteus_medius", "inferior")
    '<p>No anatomy row for gluteus_medius (inferior).</p>'
    """
    rows = anatomy[(anatomy["muscle"] == muscle) & (anatomy["region"] == region)]
    if rows.empty:
        return f"<p>No anatomy row for {escape(muscle)} ({escape(region)}).</p>"
    row = rows.iloc[0]
    title = NAMES.get(muscle, muscle) + ("" if region == "whole" else f": {region} fibres")
    items = "".join(
        '<tr><th scope="row" style="text-align:left;vertical-align:top;'
        'padding:2px 12px 2px 0;white-space:nowrap">'
        f'{escape(label)}</th><td style="white-space:normal;padding:2px 0">'
        f"{escape(row[field])}</td></tr>"
        for field, label in FIELDS
        if _filled(row[field])
    )
    return (
        f'<div class="glutelab-card" style="white-space:normal;max-width:100%">'
        f"<h3>{escape(title)}</h3><table>{items}</table>"
        f"{source_details_html(source_details(row))}</div>"
    )


class AnatomyExplorer(w.VBox):  # type: ignore[misc]
    """Muscle and region drop-downs, the diagram and the fact card (keyboard: Tab and Space)."""

    def __init__(self) -> None:
        self.anatomy = load_anatomy()
        self.muscle = w.Dropdown(
            options=[(NAMES[m], m) for m in (*MUSCLES, *UNDRAWN)],
            value="gluteus_maximus",
            description="Muscle:",
        )
        self.region = w.Dropdown(description="Fibres:")
        self.diagram = ChartView(Renderings.shared("anatomy"))
        self._drawing: HipDiagram | None = None
        """The shown drawing, redrawn in place from state to state."""
        self._background: HipDiagram | None = None
        """The drawing :meth:`ChartView.prefetch` redraws (used by its thread only)."""
        self.card = w.HTML()
        self._updating = False
        self._set_regions()
        self.muscle.observe(self._muscle_changed, names="value")
        self.region.observe(self._redraw, names="value")
        controls = w.HBox([self.muscle, self.region])
        self.diagram.layout = w.Layout(width="100%")
        self.card.layout = w.Layout(width="100%")
        super().__init__([controls, self.diagram, self.card])
        self._redraw()

    def _set_regions(self) -> None:
        parts = regions(self.muscle.value) if self.muscle.value in MUSCLES else ()
        options = [("whole muscle", "whole")] + [(r, r) for r in parts]
        self._updating = True  # new options select "whole muscle"; redraw once, afterwards
        try:
            self.region.options = options
            self.region.value = "whole"
        finally:
            self._updating = False

    def _muscle_changed(self, _: dict[str, Any]) -> None:
        self._set_regions()
        self._redraw()

    def _redraw(self, _: object = None) -> None:
        muscle, region = self.muscle.value, self.region.value
        if region is None or self._updating:
            return
        if muscle in UNDRAWN:  # the drawing shows the three gluteals only; say so
            state: tuple[str, str] = ("all", "whole")
            note = status_html(f"{NAMES[muscle]} is not drawn in this schematic.")
        else:
            state, note = (muscle, region), ""
        if self._drawing is None:
            self._drawing = HipDiagram()
        drawing = self._drawing
        self.diagram.show_cached(
            Renderings.key(state), lambda: _update(drawing, *state), keep=True, png=drawing.png
        )
        self.card.value = note + fact_card_html(self.anatomy, muscle, region)
        if prefetching():  # every other state, this muscle's first
            states = [(m, r) for m in MUSCLES for r in ["whole", *regions(m)]]
            states.sort(key=lambda state: state[0] != muscle)
            self.diagram.prefetch(
                (Renderings.key(state), self._draw_ahead(*state)) for state in states
            )

    def _draw_ahead(self, muscle: str, region: str) -> Callable[[], tuple[Chart, bytes]]:
        """What draws one state for :meth:`ChartView.prefetch`, in a drawing of the
        background thread's own (redrawn in place, as the shown one is)."""

        def draw() -> tuple[Chart, bytes]:
            if self._background is None:
                self._background = HipDiagram()
            return _update(self._background, muscle, region), self._background.png()

        return draw


def _update(drawing: HipDiagram, muscle: str, region: str) -> Chart:
    """Show one state in ``drawing``; ``("all", "whole")``: nothing highlighted."""
    if muscle == "all":
        return drawing.update()
    return drawing.update(muscle, None if region == "whole" else region)


def anatomy_explorer() -> AnatomyExplorer:
    """The interactive anatomy view used in ``01_anatomy.ipynb``."""
    return settled(AnatomyExplorer())


def anatomy_table() -> Any:
    """``anatomy.csv`` as a readable table (wrapped text, escaped, muscles as row groups).

    The last column holds each row's curation detail in a closed "Source details" disclosure.

    Examples
    --------
    >>> table = anatomy_table()  # a pandas Styler: a notebook shows it as an HTML table
    >>> list(table.data.columns)[:5]
    ['Muscle', 'Fibres', 'Origin', 'Insertion', 'Nerve']
    >>> table.data["Muscle"].iloc[0]
    'Gluteus maximus'
    >>> "<details" in table.to_html()  # curation detail closed, under "Source details"
    True
    """
    anatomy = load_anatomy()
    columns = {
        "muscle": "Muscle",
        "region": "Fibres",
        "origin": "Origin",
        "insertion": "Insertion",
        "nerve": "Nerve",
        "nerve_roots": "Roots",
        "blood_supply": "Blood supply",
        "primary_actions": "Main actions",
        "actions_in_hip_flexion": "With the hip flexed",
    }
    table = anatomy[list(columns)].rename(columns=columns).copy()
    table["Muscle"] = table["Muscle"].map(lambda m: NAMES.get(str(m), str(m)))
    table = table.fillna("")
    table["Sources"] = [source_details(row) for _, row in anatomy.iterrows()]
    return (
        table.style.set_uuid("anatomy")
        .hide(axis="index")
        .format(escape="html")
        .format(lambda text: source_details_html(str(text)), subset=["Sources"])  # escaped already
        .set_caption("Gluteal anatomy by fibre region (data/anatomy.csv)")
        .set_table_styles(
            [
                {"selector": "th", "props": [("text-align", "left")]},
                {
                    "selector": "td",
                    "props": [
                        ("text-align", "left"),
                        ("vertical-align", "top"),
                        ("white-space", "normal"),
                        ("font-size", "0.9em"),
                    ],
                },
            ]
        )
    )
