"""A ranked chart redrawn in place is the chart a new figure would show, to the pixel.

The exercise explorer redraws one figure on every filter change, keeping its axes and
ticks; whatever the previous rows drew (more bars, longer labels, hatching, whiskers,
band names, a taller figure) must leave no trace.
"""

from __future__ import annotations

import io
import itertools

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from glutelab import plots
from glutelab.bands import band_table
from glutelab.data import load_emg, load_exercises, study_names
from glutelab.evidence import EvidenceFilter, evidence_table, filter_evidence, one_per_dataset, rank


def _selections() -> list[pd.DataFrame]:
    """Ranked row sets as the explorer makes them: many rows and few, maximus and medius,
    with and without peaks, with whiskers and hatching among them."""
    table = evidence_table(load_emg(), load_exercises())
    found = []
    for muscle, family, peaks in itertools.product(
        [None, "gluteus_medius", "gluteus_maximus"],
        [None, "side_bridge", "hip_thrust_bridge"],
        [True, False],
    ):
        choice = EvidenceFilter(muscle=muscle, family=family, include_peaks=peaks)
        rows = rank(one_per_dataset(filter_evidence(table, choice)))
        if not rows.empty:
            found.append(rows)
    return found


SELECTIONS = _selections()


def _pixels(chart: plots.Chart) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(chart.png())))


def test_the_selections_cover_what_a_redraw_must_clear() -> None:
    """The row sets differ in size (so the figure's height changes) and between them draw
    whiskers, ranges and more than one kind of source (hatching)."""
    sizes = {min(len(rows), 25) for rows in SELECTIONS}
    assert len(sizes) >= 4 and max(sizes) == 25
    everything = pd.concat(SELECTIONS)
    assert everything["sd"].notna().any()
    assert everything["source_kind"].nunique() >= 2


@pytest.mark.parametrize("index", range(len(SELECTIONS)))
def test_a_redraw_in_place_equals_a_new_chart(index: int) -> None:
    bands, names = band_table(), study_names()
    rows = SELECTIONS[index]
    previous = SELECTIONS[index - 1]  # another selection was shown before (the last: the first)
    chart = plots.ranked_chart(previous, bands=bands, citations=names)
    chart.png()
    redrawn = plots.ranked_chart(rows, bands=bands, citations=names, chart=chart)
    assert redrawn.figure is chart.figure
    fresh = plots.ranked_chart(rows, bands=bands, citations=names)
    assert (redrawn.alt, redrawn.source, redrawn.data) == (fresh.alt, fresh.source, fresh.data)
    mine, theirs = _pixels(redrawn), _pixels(fresh)
    assert mine.shape == theirs.shape
    differing = np.argwhere((mine != theirs).any(axis=-1))
    assert differing.size == 0, f"{len(differing)} pixels differ, first at {differing[0]}"


def _label_places(chart: plots.Chart) -> dict[str, tuple[float, float]]:
    """Each row label's anchor in display pixels (right-aligned: where its text ends)."""
    places = {}
    for label in chart.ax.get_yticklabels():
        if label.get_text():
            x, y = label.get_transform().transform(label.get_position())
            places[label.get_text()] = (float(x), float(y))
    return places


def test_a_label_shown_in_two_selections_sits_at_the_same_place_within_a_pixel() -> None:
    """The frame's edges and the row pitch are whole pixels, so a label drawn in another
    selection is drawn from the same glyph bitmaps (the text cache) rather than new ones."""
    bands, names = band_table(), study_names()
    charts = [plots.ranked_chart(rows, bands=bands, citations=names) for rows in SELECTIONS]
    for chart in charts:
        box = chart.ax.get_window_extent()
        assert [round(v, 6) % 1 for v in (box.x0, box.y0, box.height)] == [0, 0, 0]
    places = [_label_places(chart) for chart in charts]
    shared = 0
    for first, second in itertools.combinations(places, 2):
        for text in first.keys() & second.keys():
            (x1, y1), (x2, y2) = first[text], second[text]
            assert (round(x1 - x2, 6) % 1, round(y1 - y2, 6) % 1) == (0, 0), text
            shared += 1
    assert shared > 100  # many labels recur between selections
