"""The hip mechanics explorer: what it draws, checked against data/hip_moment_arms.csv."""

from __future__ import annotations

import io

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pytest

from glutelab.hip_mechanics_plots import MechanicsFigure, muscle_compartments
from glutelab.hip_mechanics_widget import hip_mechanics_explorer
from glutelab.hip_model import moment_arms

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


def _bars(figure: MechanicsFigure) -> dict[str, float]:
    return {b.get_gid(): b.get_height() for b in figure.bars if b.get_visible()}


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
    bars = _bars(view.figure)
    assert len(bars) == 9
    for muscle_id, row in expected.iterrows():
        for column in COLUMNS:
            assert bars[f"bar:{column}:{muscle_id}"] == pytest.approx(row[column], abs=0.05)


def test_drawing_colours_each_compartment_by_its_action() -> None:
    view = hip_mechanics_explorer()
    view.muscle.value = "gluteus_maximus"
    view.axis.value = "rotation"
    for flexion in (0, 90):
        view.flexion.value = flexion
        expected = _rows((flexion, 0, 0), "gluteus_maximus")["rotation_moment_arm_mm"]
        for patch in view.figure.bands["posterior"]:
            muscle_id = patch.get_gid().split(":")[2]
            colour = BLUE if expected[muscle_id] > 0 else VERMILLION
            assert patch.get_facecolor()[:3] == pytest.approx(colour, abs=0.01)
    # at 90 degrees the model's upper compartment rotates internally, the lowest externally
    assert expected["glut_max1_r"] > 0 > expected["glut_max3_r"]
    assert "1 internal rotation" in view.figure.title.get_text()


def test_curves_follow_the_flexion_sweep_with_the_angle_marked() -> None:
    view = hip_mechanics_explorer()
    view.muscle.value = "gluteus_minimus"
    view.axis.value = "adduction"
    view.flexion.value = 45
    sweep = ARMS[(ARMS["hip_adduction_deg"] == 0) & (ARMS["hip_rotation_deg"] == 0)]
    figure = view.figure
    for index, muscle_id in enumerate(muscle_compartments("gluteus_minimus")):
        rows = sweep[sweep["muscle_id"] == muscle_id].sort_values("hip_flexion_deg")
        x, y = figure.arm_lines[index].get_data()
        assert x[0] == -20 and x[-1] == 120
        np.testing.assert_allclose(y, rows["adduction_moment_arm_mm"], atol=0.05)
        np.testing.assert_allclose(
            figure.length_lines[index].get_ydata(), rows["mtu_length_mm"], atol=0.05
        )
        at = rows[rows["hip_flexion_deg"] == 45].iloc[0]
        assert figure.arm_marks[index].get_ydata()[0] == pytest.approx(
            at["adduction_moment_arm_mm"], abs=0.05
        )
    assert list(figure.arm_now.get_xdata()) == [45, 45]


def test_one_compartment_muscle_hides_the_other_artists() -> None:
    view = hip_mechanics_explorer()
    view.muscle.value = "tensor_fasciae_latae"
    assert [p.get_visible() for p in view.figure.bands["lateral"]] == [True, False, False]
    assert len(_bars(view.figure)) == 3
    view.muscle.value = "hamstrings"
    assert len(_bars(view.figure)) == 9
    assert {p.get_gid().split(":")[2] for p in view.figure.bands["lateral"]} == {
        "semimem_r",
        "semiten_r",
        "bifemlh_r",
    }


def test_status_line_and_alt_text_give_the_numbers() -> None:
    view = hip_mechanics_explorer()
    view.muscle.value = "gluteus_medius"
    view.flexion.value = 90
    row = _rows((90, 0, 0)).loc["glut_med1_r"]
    words = f"internal rotation {abs(row['rotation_moment_arm_mm']):.0f} mm"
    assert words in view.status.value
    assert 'role="status"' in view.status.value
    assert 'alt="Gluteus medius drawn on a right hip at flexion 90' in view.chart.value
    assert f"internal {row['rotation_moment_arm_mm']:+.0f} mm" in view.chart.value


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
        figure.update(*state)
        layered = figure.png()
    fresh = MechanicsFigure()
    fresh.update(*state)
    whole = fresh.png()
    ours = mpimg.imread(io.BytesIO(layered), format="png")
    theirs = mpimg.imread(io.BytesIO(whole), format="png")
    assert ours.shape == theirs.shape
    assert np.mean(np.abs(ours - theirs) > 0.02) < 0.001
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "hip_mechanics.png").write_bytes(layered)


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(mpimg.imread(io.BytesIO(png), format="png"))


def test_a_state_shown_lately_is_its_saved_picture_and_the_next_new_one_is_right(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Going back to a state draws nothing and gives its first picture; a new state after
    that is drawn over the pixels of the state drawn last, and still equals a whole draw."""
    figure = MechanicsFigure()
    first = ("gluteus_medius", (30, 0, 0), "rotation")
    figure.update(*first)
    picture = figure.png()
    figure.update("gluteus_medius", (30, 10, 0), "adduction")
    figure.png()
    drawn: list[object] = []
    draw_artist = figure.chart.figure.draw_artist
    monkeypatch.setattr(
        figure.chart.figure,
        "draw_artist",
        lambda artist: drawn.append(artist) or draw_artist(artist),
    )
    figure.update(*first)
    assert figure.png() is picture
    assert drawn == []
    new = ("gluteus_maximus", (30, 0, 5), "rotation")  # differs from the last drawn everywhere
    figure.update(*new)
    layered = figure.png()
    assert drawn != []
    fresh = MechanicsFigure()
    fresh.update(*new)
    ours, theirs = _pixels(layered), _pixels(fresh.png())
    assert ours.shape == theirs.shape
    assert np.mean(np.abs(ours - theirs) > 0.02) < 0.001


def test_only_the_latest_states_pictures_are_kept() -> None:
    figure = MechanicsFigure()
    for flexion in range(0, 5 * (MechanicsFigure.SAVED_PNGS + 3), 5):
        figure.update("gluteus_minimus", (flexion, 0, 0), "flexion")
        figure.png()
    assert len(figure._pngs) == MechanicsFigure.SAVED_PNGS
    assert ("gluteus_minimus", 0.0, 0.0, 0.0, "flexion") not in figure._pngs


def test_in_a_kernel_the_other_muscles_are_computed_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a change of adduction, every other muscle's curves at the new pose are cached."""
    from glutelab import hip_mechanics_plots as plots
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
