"""The hip mechanics explorer: what it draws, checked against data/hip_moment_arms.csv."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pytest

from glutelab import hip_mechanics_plots as plots
from glutelab.hip_mechanics_plots import MechanicsFigure, muscle_compartments
from glutelab.hip_mechanics_widget import hip_mechanics_explorer
from glutelab.hip_model import moment_arms
from glutelab.svg_charts import Frame

from .conftest import DATA, ROOT

ARMS = pd.read_csv(DATA / "hip_moment_arms.csv")
COLUMNS = ["flexion_moment_arm_mm", "adduction_moment_arm_mm", "rotation_moment_arm_mm"]
BLUE, VERMILLION = (0.0, 114 / 255, 178 / 255), (213 / 255, 94 / 255, 0.0)


def _rows(pose: tuple[int, int, int], muscle: str | None = None) -> pd.DataFrame:
    flexion, adduction, rotation = pose
    rows = ARMS[
        (ARMS["hip_flexion_deg"] == flexion)
        & (ARMS["hip_adduction_deg"] == adduction)
        & (ARMS["hip_rotation_deg"] == rotation)
    ]
    if muscle is not None:
        rows = rows[rows["muscle"] == muscle]
    return rows.set_index("muscle_id")


SVG = "{http://www.w3.org/2000/svg}"


def _fill(value: float) -> str:
    """The colour a moment arm (mm) must be drawn in: grey when it shows as 0 mm."""
    if round(abs(value)) == 0:
        return plots.NEUTRAL
    return plots.POSITIVE if value > 0 else plots.NEGATIVE


def _parts(markup: str) -> ET.Element:
    """The explorer's view, parsed (it is well-formed XML: a test that it stays so)."""
    return ET.fromstring(markup)


def _bars(markup: str) -> dict[str, float]:
    """Each bar's moment arm read back from where it is drawn: its height on the chart's
    scale, up from the zero line for a positive value; keyed ``bar:<column>:<compartment>``.
    Also checks that the number the bar carries is the one drawn."""
    frame, bars = plots.BARS, {}
    per_mm = (frame.bottom - frame.top) / (frame.y[1] - frame.y[0])
    for rect in _parts(markup).iter(f"{SVG}rect"):
        if rect.get("class") != "glutelab-bar":
            continue
        top, height = float(rect.get("y", "nan")), float(rect.get("height", "nan"))
        above = top < frame.py(0.0) - 0.05
        drawn = (1 if above else -1) * height / per_mm
        assert drawn == pytest.approx(float(rect.get("data-mm", "nan")), abs=0.15)
        bars[f"bar:{rect.get('data-column')}:{rect.get('data-compartment')}"] = drawn
    return bars


def _points(text: str) -> np.ndarray:
    return np.array([[float(v) for v in pair.split(",")] for pair in text.split()])


def _curves(markup: str, column: str) -> dict[str, np.ndarray]:
    """The drawn points of each compartment's curve of ``column`` (viewBox units)."""
    return {
        str(line.get("data-compartment")): _points(line.get("points", ""))
        for line in _parts(markup).iter(f"{SVG}polyline")
        if line.get("data-column") == column
    }


def _marks(markup: str, column: str) -> dict[str, tuple[float, float]]:
    """Each compartment's marker on the curve of ``column``: its centre (viewBox units)."""
    found = {}
    for element in _parts(markup).iter():
        if element.get("class") != "glutelab-mark" or element.get("data-column") != column:
            continue
        if element.tag == f"{SVG}circle":
            x, y = float(element.get("cx", "nan")), float(element.get("cy", "nan"))
        elif element.tag == f"{SVG}rect":
            half = float(element.get("width", "nan")) / 2
            x, y = float(element.get("x", "nan")) + half, float(element.get("y", "nan")) + half
        else:  # a triangle: the middle of its bounding box
            xy = _points(element.get("points", ""))
            x, y = float(xy[:, 0].mean()), float((xy[:, 1].min() + xy[:, 1].max()) / 2)
        found[str(element.get("data-compartment"))] = (x, y)
    return found


def _png(markup: str) -> bytes:
    """The drawings' picture in the view."""
    match = re.search(r'src="data:image/png;base64,([^"]+)"', markup)
    assert match is not None
    return base64.b64decode(match.group(1))


def test_geometry_gives_the_committed_table_at_every_row() -> None:
    """The explorer computes moment arms from the path geometry: equal to OpenSim's table."""
    poses = ARMS[["hip_flexion_deg", "hip_adduction_deg", "hip_rotation_deg"]].drop_duplicates()
    ours = moment_arms(poses.to_numpy(float), sorted(ARMS["muscle_id"].unique()))
    key = ["muscle_id", "hip_flexion_deg", "hip_adduction_deg", "hip_rotation_deg"]
    ours[key[1:]] = ours[key[1:]].round().astype(int)
    joined = ARMS.merge(ours, on=key, suffixes=("", "_geometry"))
    assert len(joined) == len(ARMS)
    for column in [*COLUMNS, "mtu_length_mm"]:
        np.testing.assert_allclose(joined[column], joined[f"{column}_geometry"], atol=0.02)


@pytest.mark.parametrize(
    "pose",
    [(90, 0, 0), (-20, 0, 0), (120, 0, 0), (0, -30, 0), (0, 30, 0), (90, 0, -40), (90, 0, 40)],
)
def test_bars_show_the_tables_moment_arms(pose: tuple[int, int, int]) -> None:
    view = hip_mechanics_explorer()
    view.muscle.value = "gluteus_medius"
    view.flexion.value, view.adduction.value, view.rotation.value = pose
    expected = _rows(pose, "gluteus_medius")
    bars = _bars(view.chart.value)
    assert len(bars) == 9
    for muscle_id, row in expected.iterrows():
        for column in COLUMNS:
            assert bars[f"bar:{column}:{muscle_id}"] == pytest.approx(row[column], abs=0.15)
    fills = {
        f"bar:{r.get('data-column')}:{r.get('data-compartment')}": r.get("fill")
        for r in _parts(view.chart.value).iter(f"{SVG}rect")
        if r.get("class") == "glutelab-bar"
    }
    for key, value in bars.items():  # blue positive, vermilion negative, grey 0 mm
        assert fills[key] == _fill(value), key


def _bands(markup: str, view: str) -> dict[str, str]:
    """The compartments drawn over the ``view`` drawing, and their colours."""
    return {
        str(band.get("data-compartment")): str(band.get("fill"))
        for band in _parts(markup).iter(f"{SVG}polygon")
        if band.get("class") == "glutelab-band" and band.get("data-view") == view
    }


def test_drawing_colours_each_compartment_by_its_action() -> None:
    view = hip_mechanics_explorer()
    view.muscle.value = "gluteus_maximus"
    view.axis.value = "rotation"
    for flexion in (0, 90):
        view.flexion.value = flexion
        expected = _rows((flexion, 0, 0), "gluteus_maximus")["rotation_moment_arm_mm"]
        for drawing in ("posterior", "lateral"):
            bands = _bands(view.chart.value, drawing)
            assert sorted(bands) == sorted(expected.index)
            for muscle_id, colour in bands.items():
                assert colour == _fill(expected[muscle_id])
    # at 90 degrees the model's upper compartment rotates internally, the lowest externally
    assert expected["glut_max1_r"] > 0 > expected["glut_max3_r"]
    title = _parts(view.chart.value).find("div")
    assert title is not None and "1 internal rotation; 2" in (title.text or "")


def test_a_moment_arm_that_rounds_to_0_mm_names_no_leverage_and_is_grey() -> None:
    """A compartment whose line of pull passes (almost) through the chosen axis: its band is grey,
    the title and the status line say it has no leverage there, and its bar is grey."""
    explorer_muscles = {m for _, muscles in plots.MUSCLE_CHOICES.values() for m in muscles}
    near_zero = ARMS[
        (ARMS["rotation_moment_arm_mm"].abs() < 0.5) & ARMS["muscle"].isin(explorer_muscles)
    ]
    assert not near_zero.empty, "the table has compartments with no rotation moment arm"
    row = near_zero.iloc[0]
    choice = next(k for k, (_, ms) in plots.MUSCLE_CHOICES.items() if row["muscle"] in ms)
    pose = (
        int(row["hip_flexion_deg"]),
        int(row["hip_adduction_deg"]),
        int(row["hip_rotation_deg"]),
    )
    view = hip_mechanics_explorer()
    view.muscle.value, view.axis.value = choice, "rotation"
    view.flexion.value, view.adduction.value, view.rotation.value = pose
    number = list(view.chart.data["compartments"]).index(row["muscle_id"]) + 1
    for drawing in ("posterior", "lateral"):
        assert _bands(view.chart.value, drawing)[row["muscle_id"]] == plots.NEUTRAL
    fills = {
        r.get("data-compartment"): r.get("fill")
        for r in _parts(view.chart.value).iter(f"{SVG}rect")
        if r.get("class") == "glutelab-bar" and r.get("data-column") == "rotation_moment_arm_mm"
    }
    assert fills[row["muscle_id"]] == plots.NEUTRAL
    title = _parts(view.chart.value).find("div")
    assert title is not None and f"{number} no leverage (0 mm)" in (title.text or "")
    assert view.chart.data["actions"][row["muscle_id"]] == "no leverage (0 mm)"
    assert "neither internal rotation nor external rotation (0 mm)" in view.status.value
    assert "grey = 0 mm when rounded" in view.chart.value


@pytest.mark.parametrize("pose", [(0, 0, 0), (90, -20, 30)])
def test_bands_lie_where_matplotlib_draws_the_compartments(pose: tuple[int, int, int]) -> None:
    """The browser draws the bands over the picture: each band's middle, in the picture's
    pixels, is inside that compartment as matplotlib draws it on the same figure."""
    from glutelab.hip_drawing import BandStyle, draw_compartments

    figure = MechanicsFigure()
    markup = figure.update("gluteus_medius", pose, "rotation").html
    ids = muscle_compartments("gluteus_medius")
    marked = {"glut_med1_r": "#FF0000", "glut_med2_r": "#00FF00", "glut_med3_r": "#FF00FF"}
    for drawing, ax in figure.views.items():
        styles = {m: BandStyle(marked[m], 1.0, marked[m], 0.0, zorder=9) for m in ids}
        draw_compartments(ax, drawing, pose, styles)
    pixels = _pixels(figure.chart.png())
    checked = 0
    for band in _parts(markup).iter(f"{SVG}polygon"):
        if band.get("class") != "glutelab-band":
            continue
        outline = _points(band.get("points", ""))
        x, y = outline.mean(axis=0)
        red, green, blue = pixels[round(y), round(x), :3]
        want = tuple(
            int(marked[band.get("data-compartment", "")][i : i + 2], 16) / 255 for i in (1, 3, 5)
        )
        assert (red, green, blue) == pytest.approx(want, abs=0.05), band.get("data-compartment")
        checked += 1
    assert checked == 6


def _from_y(frame: Frame, drawn: np.ndarray | float) -> np.ndarray | float:
    """A y coordinate on ``frame`` back in data units."""
    low, high = frame.y
    return low + (frame.bottom - drawn) / (frame.bottom - frame.top) * (high - low)


def test_curves_follow_the_flexion_sweep_with_the_angle_marked() -> None:
    view = hip_mechanics_explorer()
    view.muscle.value = "gluteus_minimus"
    view.axis.value = "adduction"
    view.flexion.value = 45
    sweep = ARMS[(ARMS["hip_adduction_deg"] == 0) & (ARMS["hip_rotation_deg"] == 0)]
    ids = muscle_compartments("gluteus_minimus")
    flexion_range = (plots.FLEXION_GRID[0], plots.FLEXION_GRID[-1])
    arm = Frame(**plots.CURVE_FRAME, x=flexion_range, y=(-100, 100))
    length = Frame(**plots.CURVE_FRAME, x=flexion_range, y=plots.length_limits(tuple(ids)))
    markup = view.chart.value
    for column, frame in (("adduction_moment_arm_mm", arm), ("mtu_length_mm", length)):
        curves, marks = _curves(markup, column), _marks(markup, column)
        assert sorted(curves) == sorted(marks) == sorted(ids)
        for muscle_id in ids:
            rows = sweep[sweep["muscle_id"] == muscle_id].sort_values("hip_flexion_deg")
            points = curves[muscle_id]
            expected_x = [frame.px(a) for a in rows["hip_flexion_deg"]]
            np.testing.assert_allclose(points[:, 0], expected_x, atol=0.06)
            np.testing.assert_allclose(_from_y(frame, points[:, 1]), rows[column], atol=0.15)
            at = rows[rows["hip_flexion_deg"] == 45].iloc[0]
            mark_x, mark_y = marks[muscle_id]
            assert mark_x == pytest.approx(frame.px(45), abs=0.06)
            assert _from_y(frame, mark_y) == pytest.approx(at[column], abs=0.6)
    now = [e for e in _parts(markup).iter(f"{SVG}line") if e.get("class") == "glutelab-now"]
    assert [float(e.get("x1", "nan")) for e in now] == pytest.approx([arm.px(45)] * 2, abs=0.06)


def test_one_compartment_muscle_draws_one_of_each() -> None:
    view = hip_mechanics_explorer()
    view.muscle.value = "tensor_fasciae_latae"
    assert list(_bands(view.chart.value, "lateral")) == ["tfl_r"]
    assert len(_bars(view.chart.value)) == 3
    assert len(_curves(view.chart.value, "mtu_length_mm")) == 1
    view.muscle.value = "hamstrings"
    assert len(_bars(view.chart.value)) == 9
    assert set(_bands(view.chart.value, "lateral")) == {"semimem_r", "semiten_r", "bifemlh_r"}


def test_status_line_and_text_alternatives_give_the_numbers() -> None:
    view = hip_mechanics_explorer()
    view.muscle.value = "gluteus_medius"
    view.flexion.value = 90
    row = _rows((90, 0, 0)).loc["glut_med1_r"]
    words = f"internal rotation {abs(row['rotation_moment_arm_mm']):.0f} mm"
    assert words in view.status.value
    assert 'role="status"' in view.status.value
    parts = _parts(view.chart.value)
    (image,) = parts.iter("img")
    assert image.get("alt", "").startswith("Gluteus medius drawn on a right hip at flexion 90")
    labels = [f.get("aria-label", "") for f in parts.iter("figure") if f.get("role") == "img"]
    assert len(labels) == 3 and all(labels)
    # the bars' text alternative names each moment arm by its action, as the status line
    assert f"1, anterior: flexion {row['flexion_moment_arm_mm']:.0f} mm" in labels[0]
    assert f"internal rotation {row['rotation_moment_arm_mm']:.0f} mm" in labels[0]
    # the curves' give each compartment's value at the marked angle
    assert (
        f"at the marked 90 degrees: 1 anterior {row['rotation_moment_arm_mm']:.0f} mm" in labels[1]
    )
    assert f"1 anterior {row['mtu_length_mm']:.0f} mm" in labels[2]


def test_text_from_the_model_is_escaped_in_the_view(monkeypatch: pytest.MonkeyPatch) -> None:
    """A compartment name with markup in it reaches the page as text."""
    plots.compartment_label.cache_clear()
    monkeypatch.setitem(plots.COMPARTMENT_NAMES, "glut_min1_r", "<b>anterior</b> & deep")
    try:
        chart = MechanicsFigure().update("gluteus_minimus", (0, 0, 0), "rotation")
    finally:
        plots.compartment_label.cache_clear()
    assert "<b>" not in chart.html
    assert "&lt;b&gt;anterior&lt;/b&gt; &amp; deep" in chart.html
    _parts(chart.html)  # still well-formed


def test_layered_redraw_gives_the_picture_a_full_draw_gives() -> None:
    """After many changes, the partly redrawn PNG equals a fresh figure drawn whole."""
    figure = MechanicsFigure()
    for state in [
        ("hamstrings", (60, -10, 20), "flexion"),
        ("gluteus_maximus", (90, 0, 0), "rotation"),
        ("gluteus_maximus", (85, 0, 0), "rotation"),
        ("gluteus_medius", (85, 10, 0), "adduction"),
        ("gluteus_minimus", (85, 10, 0), "adduction"),  # the same pose: femurs left as they are
    ]:
        layered = _png(figure.update(*state).html)
    whole = _png(MechanicsFigure().update(*state).html)
    ours, theirs = _pixels(layered), _pixels(whole)
    assert ours.shape == theirs.shape
    assert np.mean(np.abs(ours - theirs) > 0.02) < 0.001
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "hip_mechanics.png").write_bytes(layered)


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(mpimg.imread(io.BytesIO(png), format="png"))


def test_a_state_shown_lately_is_shown_again_without_drawing_and_the_next_new_one_is_right(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Going back to a state draws nothing and shows its first view; a new state after that
    is drawn over the pixels of the state drawn last, and still equals a whole draw."""
    view = hip_mechanics_explorer()
    view.muscle.value, view.flexion.value = "gluteus_medius", 30
    first = view.chart.value
    view.adduction.value, view.axis.value = 10, "adduction"
    drawn: list[object] = []
    update = view.figure.update
    monkeypatch.setattr(view.figure, "update", lambda *a: drawn.append(a) or update(*a))
    view.adduction.value, view.axis.value = 0, "rotation"
    assert view.chart.value is first
    assert drawn == [("gluteus_medius", (30, 0, 0), "adduction")]  # on the way back
    view.muscle.value, view.rotation.value = "gluteus_maximus", 5  # differs everywhere
    assert drawn[-1] == ("gluteus_maximus", (30, 0, 5), "rotation")
    ours = _pixels(_png(view.chart.value))
    fresh = MechanicsFigure().update("gluteus_maximus", (30, 0, 5), "rotation")
    theirs = _pixels(_png(fresh.html))
    assert ours.shape == theirs.shape
    assert np.mean(np.abs(ours - theirs) > 0.02) < 0.001


def test_only_the_latest_states_views_are_kept() -> None:
    view = hip_mechanics_explorer()
    view.muscle.value = "gluteus_minimus"
    for flexion in range(0, 5 * (view.SAVED_VIEWS + 3), 5):
        view.flexion.value = flexion
    cache = view.chart.renderings.cache
    assert len(cache) == view.SAVED_VIEWS
    assert ("gluteus_minimus", 0, 0, 0, "rotation") not in cache
    assert ("gluteus_minimus", 5 * (view.SAVED_VIEWS + 2), 0, 0, "rotation") in cache


def test_in_a_kernel_the_other_muscles_are_computed_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a change of adduction, every other muscle's curves at the new pose are cached."""
    from glutelab import widgets

    monkeypatch.setattr(widgets, "PREFETCH", True)
    started: list[object] = []
    original = widgets.in_background

    def record(work: object) -> object:
        thread = original(work)  # type: ignore[arg-type]
        started.append(thread)
        return thread

    monkeypatch.setattr("glutelab.hip_mechanics_widget.in_background", record)
    view = hip_mechanics_explorer()
    view.adduction.value = 15
    view.flexion.value = 30  # flexion alone: the curves do not depend on it, nothing to warm
    assert len(started) == 2
    for thread in started:
        thread.join(timeout=60)  # type: ignore[attr-defined]
    before = plots.flexion_curves.cache_info()
    for choice in plots.MUSCLE_CHOICES:
        if choice != view.muscle.value:
            plots.flexion_curves(tuple(muscle_compartments(choice)), 15.0, 0.0)
    after = plots.flexion_curves.cache_info()
    assert after.misses == before.misses
    assert after.hits == before.hits + len(plots.MUSCLE_CHOICES) - 1


def test_unknown_choices_are_clear_errors() -> None:
    figure = MechanicsFigure()
    with pytest.raises(ValueError, match="unknown muscle 'gluteus'"):
        figure.update("gluteus", (0, 0, 0), "rotation")
    with pytest.raises(ValueError, match="unknown axis 'twist'"):
        figure.update("gluteus_medius", (0, 0, 0), "twist")


# --- numbers the prose of 08_hip_mechanics quotes (notebooks are stored without outputs) ---


def _sweep(muscle_id: str) -> pd.Series:
    rows = ARMS[
        (ARMS["muscle_id"] == muscle_id)
        & (ARMS["hip_adduction_deg"] == 0)
        & (ARMS["hip_rotation_deg"] == 0)
    ]
    return rows.set_index("hip_flexion_deg")


def test_numbers_quoted_in_08_about_actions() -> None:
    gmed1 = _sweep("glut_med1_r")["rotation_moment_arm_mm"]
    assert (gmed1 > 0).all()  # internal rotation at every angle
    assert round(gmed1[0]) == 20 and round(gmed1[90]) == 51  # "about 20 mm ... about 51 mm"
    assert gmed1[90] > 2 * gmed1[0]  # "more than doubles"
    for muscle_id in ("glut_med2_r", "glut_med3_r"):
        rotation = _sweep(muscle_id)["rotation_moment_arm_mm"]
        assert rotation[0] < 0 < rotation[90]
    prose = _notebook_08_markdown()
    quoted = {
        "glut_max1_r": "the uppermost compartment switches to internal rotation at about {}°",
        "glut_max2_r": "and the middle one at about {}°",
    }
    for muscle_id, words in quoted.items():
        arm = _sweep(muscle_id)["rotation_moment_arm_mm"].loc[0:90]
        crossing = np.interp(0, arm.to_numpy(), arm.index.to_numpy())  # rising through zero
        assert words.format(round(crossing)) in prose, (muscle_id, crossing)
    assert (_sweep("glut_max3_r")["rotation_moment_arm_mm"] < 0).all()  # stays external
    for muscle_id in ("glut_max1_r", "glut_max2_r", "glut_max3_r"):
        assert _sweep(muscle_id)["rotation_moment_arm_mm"][0] < 0
    adduction = {m: _sweep(m)["adduction_moment_arm_mm"][0] for m in ("glut_max1_r", "glut_max2_r")}
    assert all(v < 0 for v in adduction.values())  # upper compartments abduct
    assert _sweep("glut_max3_r")["adduction_moment_arm_mm"][0] > 0  # lowest adducts
    # clam at 45 degrees: medius and minimus rotate internally yet abduct; maximus 2-3 external
    at45 = _rows((45, 0, 0))
    deep = at45[at45["muscle"].isin(["gluteus_medius", "gluteus_minimus"])]
    assert (deep["rotation_moment_arm_mm"] > 0).all() and (
        deep["adduction_moment_arm_mm"] < 0
    ).all()
    assert (at45.loc[["glut_max2_r", "glut_max3_r"], "rotation_moment_arm_mm"] < 0).all()
    posterior45 = at45.loc["glut_med3_r", "rotation_moment_arm_mm"]
    assert posterior45 > 0
    assert f"almost no rotation leverage (about {round(posterior45)} mm)" in prose
    assert _rows((30, 0, 0)).loc["glut_med3_r", "rotation_moment_arm_mm"] < 0  # still external
    straight = _rows((0, 0, 0))
    assert (
        straight[straight["muscle"].isin(["gluteus_medius", "gluteus_minimus"])][
            "adduction_moment_arm_mm"
        ]
        < 0
    ).all()  # side-lying abduction: all abduct with the hip straight


def test_numbers_quoted_in_08_about_length_and_stance() -> None:
    from glutelab.data import load_model_comparison
    from glutelab.hip_model import lean_sweep, single_leg_stance

    lower = _sweep("glut_max3_r")["mtu_length_mm"]
    upper = _sweep("glut_max1_r")["mtu_length_mm"]
    assert round(100 * (lower[90] / lower[0] - 1)) == 40  # "about 40% longer"
    assert round(100 * (upper[90] / upper[0] - 1)) == 23  # "about 23% longer"
    stance = single_leg_stance()
    ratio = stance.weight_lever_arm_mm / stance.abductor_lever_arm_mm
    assert 2.3 <= ratio <= 2.7  # "about two and a half times"
    assert round(stance.abductor_force_bw) == 2  # "about twice body weight"
    assert round(stance.contact_force_bw, 1) == 2.7  # "about 2.7 body weights"
    assert round(stance.weight_lever_arm_mm / 2) == 52  # "about 52 mm ... halves"
    prose = _notebook_08_markdown()
    share = stance.supported_weight_n / stance.body_weight_n
    assert round(share, 1) == 0.8 and "about 80% of body weight" in prose
    lever, abductor = round(stance.weight_lever_arm_mm), round(stance.abductor_lever_arm_mm)
    assert f"acts at {lever} mm from the hip centre" in prose
    assert f"abductors' {abductor} mm" in prose
    leaning = lean_sweep([0, 52]).set_index("lean_mm")
    assert leaning.loc[52, "abductor_force_bw"] == pytest.approx(
        leaning.loc[0, "abductor_force_bw"] / 2, rel=0.01
    )  # the abductor force halves...
    upright, leant = (round(float(v), 1) for v in leaning["contact_force_bw"])
    assert f"contact force from about {upright} to {leant} body weights" in prose
    assert leant / upright > 0.6  # ...the contact force falls by less than half
    ct = (
        load_model_comparison().set_index("comparison_id").loc["pmid21414832_body_weight_lever_arm"]
    )
    midline = float(ct["model_value"])
    assert not 88.8 - 4 <= midline <= 88.8 + 4  # outside one SD of "8.88 ± 0.4 cm"...
    assert float(ct["agree_low"]) <= midline <= float(ct["agree_high"])  # ...inside two
    assert f"({midline} mm in the model) lies within two standard deviations" in prose
    comparison = load_model_comparison().set_index("comparison_id")
    assert "2.1 to 2.8 BW" in comparison.loc["kotzar1991_single_leg_stance", "reported"]
    assert "238% BW" in comparison.loc["bergmann2001_single_leg_stance", "reported"]
    verdicts = comparison["verdict"].astype(str).to_dict()
    assert verdicts == {
        "delp1999_toward_internal_rotation": "agree",
        "delp1999_switch_to_internal_rotation": "agree",
        "delp1999_gmax_external_rotation_at_0": "agree",
        "delp1999_gmax_external_rotation_at_90": "disagree",
        "hoch_gmax_abduction_at_30": "agree",
        "hoch_gmax_abduction_at_0": "disagree",
        "kotzar1991_single_leg_stance": "agree",
        "bergmann2001_single_leg_stance": "disagree",
        "pmid21414832_body_weight_lever_arm": "agree",
    }


def _notebook_08_markdown() -> str:
    import json

    notebook = json.loads((ROOT / "notebooks" / "08_hip_mechanics.ipynb").read_text("utf-8"))
    cells = notebook["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
