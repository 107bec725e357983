"""Anatomy diagram geometry, the anatomy explorer, and the scenario simulator."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Polygon

from glutelab.anatomy import VIEWS
from glutelab.anatomy_widget import anatomy_explorer, fact_card_html
from glutelab.data import load_anatomy
from glutelab.diagrams import hip_diagram
from glutelab.scenarios import SCENARIOS, Scenario, measure, simulate_scenario

from .conftest import DATA, ROOT

GEOMETRY = json.loads((DATA / "hip_model_geometry.json").read_text(encoding="utf-8"))
COMPARTMENTS = pd.read_csv(DATA / "hip_moment_arms.csv")[["muscle_id", "muscle", "region"]]
GLUTEAL = COMPARTMENTS[COMPARTMENTS["muscle"].str.startswith("gluteus")].drop_duplicates()


def _muscle_patches(chart) -> dict[str, Polygon]:
    """Drawn compartment bands by gid ``<view>:<model compartment id>``."""
    return {
        p.get_gid(): p
        for ax in chart.data["axes"]
        for p in ax.patches
        if p.get_gid() and p.get_gid().split(":")[0] in VIEWS
    }


def _bones(ax) -> dict[str, np.ndarray]:
    """Every drawn vertex of each bone collection (display-independent data coordinates)."""
    return {
        c.get_gid().removeprefix("bone:"): np.vstack([p.vertices for p in c.get_paths()])
        for c in ax.collections
        if str(c.get_gid()).startswith("bone:")
    }


@pytest.fixture(scope="module")
def plain():
    return hip_diagram()


def test_every_gluteal_compartment_is_drawn_in_both_views(plain) -> None:
    drawn = set(_muscle_patches(plain))
    expected = {f"{v}:{m}" for v in VIEWS for m in GLUTEAL["muscle_id"]}
    assert len(GLUTEAL) == 9
    assert drawn == expected


def test_bands_follow_the_model_paths(plain) -> None:
    """Each band's outline runs from the path's origin to its insertion (posterior: z, y)."""
    paths = {p["muscle_id"]: p for p in GEOMETRY["paths"]}
    patch = _muscle_patches(plain)["posterior:glut_med2_r"]
    origin = paths["glut_med2_r"]["points"][0]
    assert origin["body"] == "pelvis"
    outline = np.asarray(patch.get_xy())[:-1]  # a closed polygon repeats its first point
    start = outline[[0, -1]].mean(axis=0)  # the two ends of the band's first cross-section
    assert start == pytest.approx([origin["location_mm"][2], origin["location_mm"][1]], abs=0.01)


def test_views_are_oriented_as_an_atlas(plain) -> None:
    posterior, lateral = plain.data["axes"]
    behind = _bones(posterior)
    # from behind: the sacrum (midline) left of the femur (lateral), iliac crest at the top
    assert behind["sacrum"][:, 0].mean() < behind["femur_r"][:, 0].mean()
    assert behind["pelvis"][:, 1].max() > behind["femur_r"][:, 1].max()
    pelvis = np.asarray(GEOMETRY["bones"]["pelvis"]["vertices_mm"])
    # from the side: the front of the pelvis (largest x, the anterior spines) on the right
    side = _bones(lateral)
    assert side["pelvis"][:, 0].max() == pytest.approx(pelvis[:, 0].max(), abs=0.01)
    assert side["sacrum"][:, 0].mean() < side["femur_r"][:, 0].mean()  # sacrum is posterior
    for ax, (left, right) in zip(
        (posterior, lateral), (("medial", "lateral"), ("posterior", "anterior")), strict=True
    ):
        words = {t.get_text(): t.get_position() for t in ax.texts if t.get_gid()}
        assert words[f"\u2190 {left}"][0] < words[f"{right} \u2192"][0]
        assert words["\u2191 superior"][1] > words["\u2193 inferior"][1]


def test_labels_name_each_muscle_in_each_view(plain) -> None:
    labels = {
        t.get_gid(): t.get_text() for ax in plain.data["axes"] for t in ax.texts if t.get_gid()
    }
    for view in VIEWS:
        assert labels[f"label:{view}:gluteus_maximus"] == "Gluteus maximus"
        assert labels[f"label:{view}:gluteus_medius"] == "Gluteus medius"
        assert labels[f"label:{view}:gluteus_minimus"] == "Gluteus minimus (deep)"


def test_deep_muscle_is_dashed_and_drawn_first(plain) -> None:
    for ax in plain.data["axes"]:
        bands = [p for p in ax.patches if str(p.get_gid()).split(":")[0] in VIEWS]
        muscles = [p.get_gid().split(":")[1][:8] for p in bands]
        assert muscles[:3] == ["glut_min"] * 3 and muscles[-3:] == ["glut_max"] * 3
    patches = _muscle_patches(plain)
    assert patches["lateral:glut_min1_r"].get_linestyle() == "--"
    assert patches["lateral:glut_med1_r"].get_linestyle() == "-"


def test_highlight_changes_the_drawn_patches(plain) -> None:
    before = _muscle_patches(plain)
    chosen = hip_diagram("gluteus_medius", "anterior")
    patches = _muscle_patches(chosen)
    target = "posterior:glut_med1_r"  # the anterior compartment (data/README.md)
    assert patches[target].get_linewidth() > before[target].get_linewidth()
    assert patches[target].get_alpha() > before[target].get_alpha()
    sibling = "posterior:glut_med2_r"
    assert patches[sibling].get_alpha() < patches[target].get_alpha()
    other = "posterior:glut_max1_r"
    assert patches[other].get_facecolor()[:3] != before[other].get_facecolor()[:3]  # grey
    assert sorted(chosen.data["highlighted"]) == [
        "lateral:gluteus_medius:anterior",
        "posterior:gluteus_medius:anterior",
    ]
    assert "Gluteus medius, anterior fibres" in chosen.alt
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "diagram_gluteus_medius_anterior.png").write_bytes(chosen.png())


@pytest.mark.parametrize(
    ("muscle", "region"), [("gluteus_minimus", "anterior"), ("gluteus_maximus", "inferior")]
)
def test_a_region_highlights_exactly_its_compartments(muscle: str, region: str) -> None:
    chart = hip_diagram(muscle, region)
    rows = GLUTEAL[(GLUTEAL["muscle"] == muscle) & (GLUTEAL["region"] == region)]
    bold = {g for g, p in _muscle_patches(chart).items() if p.get_linewidth() > 2}
    assert bold == {f"{v}:{m}" for v in VIEWS for m in rows["muscle_id"]}
    region_labels = [t for ax in chart.data["axes"] for t in ax.texts if t.get_text() == region]
    assert len(region_labels) == 2


def test_bad_muscle_or_region_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown muscle 'gluteus_maximum'"):
        hip_diagram("gluteus_maximum")
    with pytest.raises(ValueError, match="gluteus_minimus has no region 'middle'"):
        hip_diagram("gluteus_minimus", "middle")


def test_explorer_updates_diagram_and_card_together() -> None:
    view = anatomy_explorer()
    assert "Inferior gluteal nerve" in view.card.value
    first = view.diagram.value
    view.muscle.value = "gluteus_medius"
    assert [v for _, v in view.region.options] == ["whole", "anterior", "middle", "posterior"]
    assert view.region.value == "whole"
    assert "Superior gluteal nerve" in view.card.value
    assert view.diagram.value != first
    view.region.value = "posterior"
    assert "posterior fibres" in view.card.value
    assert 'alt="' in view.diagram.value and "posterior fibres" in view.diagram.value


def test_explorer_shows_tensor_fasciae_latae_card_without_a_drawing_of_it() -> None:
    view = anatomy_explorer()
    view.muscle.value = "tensor_fasciae_latae"
    assert [v for _, v in view.region.options] == ["whole"]
    assert "<h3>Tensor fasciae latae</h3>" in view.card.value
    assert "Superior gluteal nerve" in view.card.value
    assert "is not drawn in this schematic" in view.card.value
    assert "highlighted: all three gluteal muscles" in view.diagram.value  # nothing highlighted
    view.muscle.value = "gluteus_minimus"
    assert "not drawn" not in view.card.value
    assert "highlighted: Gluteus minimus" in view.diagram.value


def test_fact_card_escapes_data_text() -> None:
    anatomy = load_anatomy()
    anatomy.loc[0, "notes"] = "<script>alert(1)</script>"
    html = fact_card_html(anatomy, str(anatomy.loc[0, "muscle"]), str(anatomy.loc[0, "region"]))
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("scenario_id", [s for s in SCENARIOS if s != "switched_off"])
@pytest.mark.parametrize("seed", [0, 7, 21])
def test_measured_onset_delay_and_amplitude_match_the_scenario(scenario_id: str, seed: int) -> None:
    scenario = SCENARIOS[scenario_id]
    result = measure(simulate_scenario(scenario, seed=seed))
    assert result.onset_delay_s == pytest.approx(scenario.onset_delay_s, abs=0.03)
    expected_ratio = scenario.amplitude_ratio / scenario.strength_ratio
    assert result.amplitude_ratio == pytest.approx(expected_ratio, rel=0.05)


def test_flat_line_myth_has_no_onset_and_no_amplitude() -> None:
    result = measure(simulate_scenario(SCENARIOS["switched_off"], seed=3))
    assert result.glute_onset_s is None and np.isnan(result.onset_delay_s)
    assert result.amplitude_ratio < 0.05


def test_redistribution_shifts_work_to_the_hamstrings() -> None:
    typical = simulate_scenario(SCENARIOS["typical"], seed=4)
    shifted = simulate_scenario(SCENARIOS["redistribution"], seed=4)
    window = slice(int(1.2 * 2000), int(2.2 * 2000))
    glute = shifted.glute_pct_mvic[window].mean() / typical.glute_pct_mvic[window].mean()
    hamstrings = (
        shifted.hamstring_pct_mvic[window].mean() / typical.hamstring_pct_mvic[window].mean()
    )
    assert glute == pytest.approx(0.7, rel=0.05)
    assert hamstrings == pytest.approx(1.5, rel=0.05)


def test_scenario_explorer_redraws_chart_and_caption() -> None:
    from glutelab.scenarios_widget import scenario_explorer

    view = scenario_explorer()
    seen = set()
    for scenario_id in [v for _, v in view.scenario.options]:
        view.scenario.value = scenario_id
        scenario = SCENARIOS[scenario_id]
        assert scenario.cannot_conclude[:30].replace("'", "&#x27;") in view.caption.value
        assert "SIMULATED" in view.chart.value
        seen.add(view.chart.value)
    assert len(seen) == len(view.scenario.options)


def test_custom_scenario_parameters_are_recovered() -> None:
    scenario = Scenario("custom", "Custom", "test", onset_delay_s=0.3, amplitude_ratio=0.4)
    result = measure(simulate_scenario(scenario, seed=5))
    assert result.onset_delay_s == pytest.approx(0.3, abs=0.03)
    assert result.amplitude_ratio == pytest.approx(0.4, rel=0.05)


def test_scenario_parameters_are_checked() -> None:
    with pytest.raises(ValueError, match="onset_delay_s"):
        Scenario("x", "x", "x", onset_delay_s=2.0)
    with pytest.raises(ValueError, match="amplitude_ratio"):
        Scenario("x", "x", "x", amplitude_ratio=-0.1)
    with pytest.raises(ValueError, match="hamstring_ratio"):
        Scenario("x", "x", "x", hamstring_ratio=0.0)


def test_scenarios_are_reproducible_and_seed_dependent() -> None:
    a = simulate_scenario(SCENARIOS["typical"], seed=1)
    b = simulate_scenario(SCENARIOS["typical"], seed=1)
    c = simulate_scenario(SCENARIOS["typical"], seed=2)
    assert np.array_equal(a.glute_raw, b.glute_raw)
    assert not np.array_equal(a.glute_raw, c.glute_raw)
