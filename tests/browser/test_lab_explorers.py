"""Every other explorer in a real JupyterLab: one change with the mouse, one with the keyboard.

Notebook 01's anatomy explorer is covered in ``test_lab_widgets.py``; this file covers the
explorers of notebooks 02 to 07. Each test opens its own page, runs all cells itself (a clean
run: no error output, every widget displayed, no console error), checks that every image has
alt text, then changes the view once with the mouse and once (or twice) from the keyboard
only, and asserts that what the learner reads *and* the chart changed. Screenshots of each
state go to ``test-artifacts/browser/<notebook>_<n>_<state>.png``.

Keyboard paths are the ones the notebooks teach: after *Run All Cells* the focus is on the
last cell in command mode; the arrow keys move to the explorer's cell, Tab moves into it;
Space or Alt+ArrowDown opens a drop-down, ArrowDown and Enter choose; Space ticks a check
box; a slider takes a value typed into its readout box and Enter; a text box takes typing.

Expected values are computed in the test process from the package's data and computation
functions (``filter_evidence``, ``filter_audit``, ``run_pipeline``, ``match_phrase``,
``glutelab.gait_emg``, the scenario and myth tables), never read back from the widgets, so a
test fails if the browser shows something else than the data say.

Every explorer's controls must be readable (no blank or truncated control); the 04 check
runs in a kernel with PYTHONHASHSEED=6, under which drop-downs whose "Any" option had the
value None used to start blank.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, expect

from glutelab.audit_widget import MATCH_WORDS, SUPPORT_WORDS
from glutelab.data import load_citation_audit, load_myths
from glutelab.emg_widget import PipelineSettings
from glutelab.exercises_widget import FAMILY_NAMES, MUSCLE_NAMES
from glutelab.matcher import match_phrase
from glutelab.scenarios import SCENARIOS

from .explorers import (
    audit_count,
    chart_in,
    containing,
    exactly,
    expect_audit,
    expect_chart_changed,
    expect_html_chart_changed,
    expect_ranked,
    hip_words,
    html_chart_in,
    myth_label,
    pct_values,
    pipeline_status,
    ranked,
    recorded_cycle_status,
    scenario_caption,
    verdict_words,
)
from .helpers import (
    LabPage,
    cell_output,
    chart_src,
    choose_with_keyboard,
    choose_with_mouse,
    click_slider_track,
    code_cell,
    dropdown,
    images_without_alt,
    output_images,
    run_all_and_check,
    save_screenshot,
    select_cell_with_keyboard,
    slider,
    slider_readout,
    tab_to,
    type_and_enter,
    type_into_readout,
    unreadable_controls,
)
from .lab import BLANK_DROPDOWN_KERNEL

NB_02 = "notebooks/02_weakness_motor_control_inhibition.ipynb"
NB_03 = "notebooks/03_myths_vs_evidence.ipynb"
NB_04 = "notebooks/04_emg_evidence.ipynb"
NB_05 = "notebooks/05_training.ipynb"
NB_06 = "notebooks/06_emg_methods.ipynb"
NB_07 = "notebooks/07_checking_a_source.ipynb"
NB_08 = "notebooks/08_hip_mechanics.ipynb"
TAB_LIMIT = 30  # Tab presses from a cell to a control (the cell toolbar comes first)


def shot(target: Locator, notebook: str, state: str) -> None:
    """A screenshot named ``<notebook stem>_<state>``."""
    save_screenshot(target, f"{Path(notebook).stem}_{state}")


def start(
    lab: LabPage, notebook: str, snippet: str, min_images: int, kernel: str | None = None
) -> tuple[Locator, Locator]:
    """Run the notebook cleanly, check its images; the panel and the explorer's output area."""
    panel = run_all_and_check(lab, notebook, kernel=kernel)
    assert output_images(panel).count() >= min_images, "the notebook's charts are missing"
    assert images_without_alt(panel) == [], "images without alt text"
    return panel, cell_output(panel, snippet)


def finish(lab: LabPage, panel: Locator) -> None:
    """After the interactions: still no image without alt text, no console error."""
    assert images_without_alt(panel) == [], "images without alt text after the changes"
    lab.console.assert_clean()


# --- 02: scenario explorer -------------------------------------------------------------------


def test_scenario_explorer_with_keyboard_and_mouse(lab: LabPage) -> None:
    page = lab.page
    panel, explorer = start(lab, NB_02, "glutelab.scenario_explorer()", min_images=2)
    select = dropdown(explorer, "Scenario:")
    caption = explorer.locator(".widget-html").filter(has_text="A clinician could conclude")
    chart = chart_in(explorer)

    expect(select).to_have_value(SCENARIOS["motor_control"].name)
    expect(caption).to_contain_text(scenario_caption("motor_control"))
    first = chart_src(chart)
    assert unreadable_controls(explorer) == []
    shot(explorer, NB_02, "1_initial_motor_control")

    # keyboard only: arrow keys to the explorer's cell, Tab to the drop-down, Space, ArrowDown
    select_cell_with_keyboard(page, panel, code_cell(explorer))
    tab_to(page, select, max_presses=TAB_LIMIT)
    choose_with_keyboard(page, select, SCENARIOS["inhibition"].name, open_key="Space")
    expect(caption).to_contain_text(scenario_caption("inhibition"))
    expect(caption).to_contain_text(SCENARIOS["inhibition"].cannot_conclude)
    second = expect_chart_changed(explorer, first)
    shot(explorer, NB_02, "2_keyboard_inhibition")

    # mouse: the myth's flat line
    choose_with_mouse(page, select, SCENARIOS["switched_off"].name)
    expect(caption).to_contain_text(scenario_caption("switched_off"))
    expect(caption).to_contain_text("no study in this course")
    expect_chart_changed(explorer, first, second)
    shot(explorer, NB_02, "3_mouse_switched_off")

    finish(lab, panel)


# --- 03: myth explorer -------------------------------------------------------------------------


def test_myth_explorer_with_mouse_keyboard_and_client_phrase(lab: LabPage) -> None:
    page = lab.page
    myths = load_myths()
    phrase = "my butt's asleep"
    best = match_phrase(phrase, myths)[0]
    first_id, other_id = str(myths.index[0]), "back_pain_from_sleeping_glutes"
    assert str(myths.at[first_id, "verdict"]) != str(myths.at[other_id, "verdict"])
    assert best.myth_id != other_id
    panel, explorer = start(lab, NB_03, "glutelab.myth_explorer()", min_images=1)
    myth = dropdown(explorer, "Myth:")
    box = explorer.get_by_role("textbox", name="What did the client say?")
    verdict = explorer.locator(".glutelab-verdict")
    claim = explorer.locator("h3", has_text="The claim").locator("xpath=following-sibling::p[1]")
    match_line = explorer.get_by_role("status").first  # the matcher's line, above the drop-down
    chart = html_chart_in(explorer)

    expect(myth).to_have_value(myth_label(str(myths.at[first_id, "claim"])))
    expect(verdict).to_have_text(verdict_words(str(myths.at[first_id, "verdict"])))
    expect(claim).to_have_text(exactly(str(myths.at[first_id, "claim"])))
    expect(match_line).to_have_text("")
    first = chart.evaluate("chart => chart.outerHTML")
    assert unreadable_controls(explorer) == []
    shot(explorer, NB_03, "1_initial")

    # mouse: another myth, with another verdict
    choose_with_mouse(page, myth, myth_label(str(myths.at[other_id, "claim"])))
    expect(verdict).to_have_text(verdict_words(str(myths.at[other_id, "verdict"])))
    expect(verdict).to_contain_text("Verdict: oversimplified")
    expect(claim).to_have_text(exactly(str(myths.at[other_id, "claim"])))
    second = expect_html_chart_changed(explorer, first)
    shot(explorer, NB_03, "2_mouse_back_pain")

    # keyboard only, from the drop-down: Shift+Tab back past the button to the text box,
    # type what the client said, Enter
    expect(myth).to_be_focused()
    tab_to(page, box, max_presses=3, backwards=True)
    type_and_enter(page, box, phrase)
    expect(match_line).to_contain_text("Most likely: ")
    expect(match_line).to_contain_text(f"(score {best.score:.2f})")
    expect(match_line).to_have_text(re.compile(r"\(score \d\.\d\d\)"))
    expect(myth).to_have_value(myth_label(str(myths.at[best.myth_id, "claim"])))
    expect(verdict).to_have_text(verdict_words(str(myths.at[best.myth_id, "verdict"])))
    expect(claim).to_have_text(exactly(str(myths.at[best.myth_id, "claim"])))
    third = expect_html_chart_changed(explorer, second)
    if best.myth_id == first_id:  # the chart is drawn once per myth and shown again
        assert third == first, "the first myth's chart looks different the second time"
    shot(explorer, NB_03, "3_keyboard_client_phrase")

    finish(lab, panel)


# --- 04 and 05: exercise explorer ------------------------------------------------------------


def test_exercise_explorer_04_with_keyboard_and_mouse(lab: LabPage) -> None:
    page = lab.page
    panel, explorer = start(lab, NB_04, "glutelab.exercise_explorer()", min_images=8)
    minimum = slider(explorer, "Minimum %MVIC:")
    muscle, region = dropdown(explorer, "Muscle:"), dropdown(explorer, "Region:")
    chart = html_chart_in(explorer)

    expect_ranked(explorer, *ranked())
    first = chart.evaluate("chart => chart.outerHTML")
    assert unreadable_controls(explorer) == []
    shot(explorer, NB_04, "1_initial")

    # keyboard only: to the cell, Tab to the slider's readout box, type 50, Enter
    select_cell_with_keyboard(page, panel, code_cell(explorer))
    readout = slider_readout(minimum)
    tab_to(page, readout, max_presses=TAB_LIMIT)
    type_into_readout(page, readout, "50")
    expect_ranked(explorer, *ranked(min_pct_mvic=50))
    assert min(pct_values(explorer)) >= 50
    second = expect_html_chart_changed(explorer, first)
    shot(explorer, NB_04, "2_keyboard_min_50")

    # mouse: Muscle -> Gluteus medius (the region list follows)
    choose_with_mouse(page, muscle, MUSCLE_NAMES["gluteus_medius"])
    expect_ranked(explorer, *ranked(min_pct_mvic=50, muscle="gluteus_medius"))
    muscles = explorer.locator("table.glutelab-ranked tbody tr td:nth-child(3)")
    assert all(m.startswith("Gluteus medius") for m in muscles.all_inner_texts())
    expect(region.locator("option")).not_to_have_count(1)
    expect(region).to_have_value("Any region")
    expect_html_chart_changed(explorer, first, second)
    shot(explorer, NB_04, "3_mouse_gluteus_medius")

    finish(lab, panel)


def test_exercise_explorer_05_with_mouse_and_keyboard(lab: LabPage) -> None:
    page = lab.page
    panel, explorer = start(lab, NB_05, "glutelab.exercise_explorer()", min_images=4)
    minimum = slider(explorer, "Minimum %MVIC:")
    family = dropdown(explorer, "Exercise family:")
    peaks = explorer.get_by_role("checkbox", name="Include peak values")
    chart = html_chart_in(explorer)

    expect_ranked(explorer, *ranked())
    first = chart.evaluate("chart => chart.outerHTML")
    assert unreadable_controls(explorer) == []
    shot(explorer, NB_05, "1_initial")

    # keyboard only: to the cell, Tab to Exercise family, Space opens it, ArrowDown, Enter;
    # then Tab on to Include peak values and Space (this family has peak values to drop)
    family_id = "hip_thrust_bridge"
    assert ranked(family=family_id) != ranked(family=family_id, include_peaks=False)
    select_cell_with_keyboard(page, panel, code_cell(explorer))
    tab_to(page, family, max_presses=TAB_LIMIT)
    choose_with_keyboard(page, family, FAMILY_NAMES[family_id], open_key="Space")
    expect_ranked(explorer, *ranked(family=family_id))
    second = expect_html_chart_changed(explorer, first)
    tab_to(page, peaks, max_presses=TAB_LIMIT)
    page.keyboard.press("Space")
    expect(peaks).not_to_be_checked()
    expect_ranked(explorer, *ranked(family=family_id, include_peaks=False))
    third = expect_html_chart_changed(explorer, first, second)
    shot(explorer, NB_05, "2_keyboard_hip_thrust_no_peaks")

    # mouse: click the Minimum %MVIC track a quarter of the way along (about 50 %MVIC)
    readout = slider_readout(minimum)
    click_slider_track(page, minimum, 0.25)
    expect(readout).not_to_have_text("0")
    value = int(readout.inner_text())
    assert 0 < value < 200
    expect_ranked(explorer, *ranked(family=family_id, include_peaks=False, min_pct_mvic=value))
    assert min(pct_values(explorer)) >= value
    expect_html_chart_changed(explorer, first, second, third)
    shot(explorer, NB_05, "3_mouse_minimum_slider")

    finish(lab, panel)


# --- 06: EMG pipeline explorer -----------------------------------------------------------------


def test_emg_pipeline_explorer_with_keyboard_and_mouse(lab: LabPage) -> None:
    page = lab.page
    panel, explorer = start(lab, NB_06, "emg_pipeline_explorer()", min_images=8)
    status = explorer.get_by_role("status")
    level = slider(explorer, "Exercise activation (MVIC test = 1)")
    high = slider(explorer, "Band-pass high cut-off (Hz)")
    smoothing = dropdown(explorer, "Smoothing")
    cutoff = slider(explorer, "Envelope low-pass cut-off (Hz)")
    window = slider(explorer, "RMS window (ms)")
    chart = chart_in(explorer)

    expect(status).to_contain_text(pipeline_status(PipelineSettings()))
    expect(status).to_contain_text("SIMULATED signals.")
    first = chart_src(chart)
    shot(explorer, NB_06, "1_initial")

    # keyboard only: to the cell, Tab to the activation readout, type 1.00, Enter
    select_cell_with_keyboard(page, panel, code_cell(explorer))
    level_box = slider_readout(level)
    tab_to(page, level_box, max_presses=TAB_LIMIT)
    type_into_readout(page, level_box, "1.00")
    expect(status).to_contain_text(pipeline_status(PipelineSettings(level=1.0)))
    second = expect_chart_changed(explorer, first)
    shot(explorer, NB_06, "2_keyboard_activation_1")

    # keyboard: Tab on to the high cut-off readout, 1000 Hz (the Nyquist frequency)
    high_box = slider_readout(high)
    tab_to(page, high_box, max_presses=TAB_LIMIT)
    type_into_readout(page, high_box, "1000")
    expect(status).to_contain_text("Cannot process with these settings")
    expect(status).to_contain_text("Nyquist")
    expect(status).to_contain_text("Move the slider back to see the chart.")
    expect(chart).to_have_attribute("alt", containing("No chart for these settings"))
    third = expect_chart_changed(explorer, first, second)
    shot(explorer, NB_06, "3_keyboard_high_cutoff_1000")

    # mouse: back to 450 Hz by typing (a click on the track cannot hit 450 exactly), then
    # Smoothing -> moving RMS with the mouse
    high_box.click()
    type_into_readout(page, high_box, "450")
    expect(status).to_contain_text(pipeline_status(PipelineSettings(level=1.0)))
    expect(chart).not_to_have_attribute("alt", containing("No chart for these settings"))
    expect_chart_changed(explorer, third)
    choose_with_mouse(page, smoothing, "moving RMS")
    rms = PipelineSettings(level=1.0, smoothing="rms")
    expect(status).to_contain_text(pipeline_status(rms))
    expect(status).to_contain_text("moving RMS, 100 ms window")
    expect(cutoff.locator(".widget-readout")).to_have_attribute("contenteditable", "false")
    expect(window.locator(".widget-readout")).to_have_attribute("contenteditable", "true")
    expect_chart_changed(explorer, first, second, third)
    shot(explorer, NB_06, "4_mouse_moving_rms")

    finish(lab, panel)


def test_emg_pipeline_explorer_on_the_recording_with_keyboard_and_mouse(lab: LabPage) -> None:
    page = lab.page
    snippet = 'emg_pipeline_explorer(signal="recorded")'
    panel, explorer = start(lab, NB_06, snippet, min_images=11)
    status = explorer.get_by_role("status")
    signal = dropdown(explorer, "Signal")
    muscle = dropdown(explorer, "Recorded muscle")
    cycle = slider(explorer, "Recorded gait cycle")
    level = slider(explorer, "Exercise activation (MVIC test = 1)")
    chart = chart_in(explorer)

    expect(signal).to_have_value("recorded walking")
    for part in recorded_cycle_status("gluteus_medius", 1):
        expect(status).to_contain_text(part)
    expect(status).to_contain_text("not %MVIC. RECORDED signal.")
    expect(chart).to_have_attribute(
        "alt", containing("Recorded data, Gluteus medius, gait cycle 1")
    )
    # the simulation's controls are locked while the recording is shown
    expect(level.locator(".widget-readout")).to_have_attribute("contenteditable", "false")
    assert unreadable_controls(explorer) == []
    first = chart_src(chart)
    shot(explorer, NB_06, "5_recorded_initial")

    # keyboard only: to the cell, Tab to the cycle readout, type the last cycle, Enter
    select_cell_with_keyboard(page, panel, code_cell(explorer))
    cycle_box = slider_readout(cycle)
    tab_to(page, cycle_box, max_presses=TAB_LIMIT)
    type_into_readout(page, cycle_box, "5")
    for part in recorded_cycle_status("gluteus_medius", 5):
        expect(status).to_contain_text(part)
    second = expect_chart_changed(explorer, first)
    shot(explorer, NB_06, "6_recorded_keyboard_cycle_5")

    # mouse: the other muscle, then back to the simulated signal
    choose_with_mouse(page, muscle, "gluteus maximus")
    for part in recorded_cycle_status("gluteus_maximus", 5):
        expect(status).to_contain_text(part)
    third = expect_chart_changed(explorer, first, second)
    shot(explorer, NB_06, "7_recorded_mouse_gluteus_maximus")
    choose_with_mouse(page, signal, "simulated")
    expect(status).to_contain_text(pipeline_status(PipelineSettings()))
    expect(status).to_contain_text("SIMULATED signals.")
    expect(cycle.locator(".widget-readout")).to_have_attribute("contenteditable", "false")
    expect_chart_changed(explorer, first, second, third)

    finish(lab, panel)


# --- 07: citation audit explorer ---------------------------------------------------------------


def test_citation_audit_explorer_with_mouse_and_keyboard(lab: LabPage) -> None:
    page = lab.page
    panel, explorer = start(lab, NB_07, "citation_audit_explorer()", min_images=0)
    supports = dropdown(explorer, "Supports the claim?")
    search = explorer.get_by_role("textbox", name="Search:")
    citation = dropdown(explorer, "Compare one citation:")
    card = explorer.locator(".glutelab-card")

    total, everything = audit_count()
    expect_audit(explorer, total, everything)
    expect(card.locator("h3")).to_have_text(f"Citation {everything[0]} as printed")
    shot(explorer, NB_07, "1_initial")

    # mouse: Supports the claim? -> Partly
    choose_with_mouse(page, supports, SUPPORT_WORDS["partly"])
    expect_audit(explorer, *audit_count(supports="partly"))
    shot(explorer, NB_07, "2_mouse_supports_partly")

    # keyboard only: Tab from the drop-down to the search box, type "spine": the table and the
    # citation chooser follow the filters; clear the search, then Tab to the chooser, Space
    # opens it, ArrowDown to the second "partly" citation, Enter
    expect(supports).to_be_focused()
    tab_to(page, search, max_presses=2)
    type_and_enter(page, search, "spine", enter=False)  # the search follows every keystroke
    total, kept = audit_count(supports="partly", search="spine")
    expect_audit(explorer, total, kept)
    expect(citation.locator("option")).to_have_count(len(kept))
    expect(card.locator("h3")).to_have_text(f"Citation {kept[0]} as printed")
    page.keyboard.press("Control+a")
    page.keyboard.press("Backspace")
    total, partly = audit_count(supports="partly")
    expect_audit(explorer, total, partly)
    expect(citation.locator("option")).to_have_count(len(partly))
    tab_to(page, citation, max_presses=TAB_LIMIT)
    second = partly[1]
    option = citation.locator("option").nth(1)
    expect(option).to_have_text(re.compile(rf"^{second}\."))
    choose_with_keyboard(page, citation, option.get_attribute("value") or "", open_key="Space")
    expect(card.locator("h3")).to_have_text(f"Citation {second} as printed")
    audit = load_citation_audit().set_index("ref_no")
    quality = audit.loc[second, "match_quality"]
    expect(card).to_contain_text(f"Match quality: {MATCH_WORDS[str(quality)]}.")
    shot(explorer, NB_07, "3_keyboard_search_spine_then_second_partly")

    finish(lab, panel)


# --- 08: hip mechanics explorer -----------------------------------------------------------------


def test_hip_mechanics_explorer_with_keyboard_and_mouse(lab: LabPage) -> None:
    page = lab.page
    panel, explorer = start(lab, NB_08, "glutelab.hip_mechanics_explorer()", min_images=4)
    status = explorer.get_by_role("status")
    flexion = slider(explorer, "Hip flexion (deg)")
    muscle = dropdown(explorer, "Muscle:")
    chart = chart_in(explorer)
    expect(status).to_contain_text("At flexion 0°")
    for words in hip_words("gluteus_maximus", (0, 0, 0)):
        expect(status).to_contain_text(words)
    expect(chart).to_have_attribute("alt", containing("Gluteus maximus drawn on a right hip"))
    first = chart_src(chart)
    # the bars and the two curve charts: drawn by the browser, labelled, inside the explorer
    drawn = explorer.locator("figure.glutelab-html-chart")
    expect(drawn).to_have_count(3)
    outer = explorer.bounding_box()
    assert outer is not None
    for index in range(3):
        expect(drawn.nth(index)).to_have_attribute("aria-label", containing("each compartment"))
        box = drawn.nth(index).locator("svg").bounding_box()
        assert box is not None and box["width"] > 300, box
        assert outer["x"] <= box["x"] and box["x"] + box["width"] <= outer["x"] + outer["width"]
    # the compartments are drawn over the picture: the same box, three bands per drawing
    overlay = explorer.locator(".glutelab-hip-view polygon.glutelab-band")
    expect(overlay).to_have_count(6)
    picture, bands = chart.bounding_box(), chart.locator("xpath=../following-sibling::*[1]")
    band_box = bands.bounding_box()
    assert picture is not None and band_box is not None
    for edge in ("x", "y", "width", "height"):
        assert abs(picture[edge] - band_box[edge]) < 1.5, (edge, picture, band_box)
    shot(explorer, NB_08, "1_initial")

    # keyboard only: to the cell, Tab to the flexion readout, type 90, Enter
    select_cell_with_keyboard(page, panel, code_cell(explorer))
    flexion_box = slider_readout(flexion)
    tab_to(page, flexion_box, max_presses=TAB_LIMIT)
    type_into_readout(page, flexion_box, "90")
    expect(status).to_contain_text("At flexion 90°")
    flexed = hip_words("gluteus_maximus", (90, 0, 0))
    assert flexed[0].endswith("internal rotation") and flexed[-1].endswith("external rotation")
    for words in flexed:
        expect(status).to_contain_text(words)
    second = expect_chart_changed(explorer, first)
    shot(explorer, NB_08, "2_keyboard_flexion_90")

    # keyboard: the focused handle moves 5 degrees per arrow key
    flexion.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowLeft")
    expect(status).to_contain_text("At flexion 85°")
    third = expect_chart_changed(explorer, first, second)

    # mouse: Muscle -> Gluteus medius
    choose_with_mouse(page, muscle, "Gluteus medius")
    for words in hip_words("gluteus_medius", (85, 0, 0)):
        expect(status).to_contain_text(words)
    expect(chart_in(explorer)).to_have_attribute(
        "alt", containing("Gluteus medius drawn on a right hip at flexion 85°")
    )
    # the same pose: the picture of the bones stays, the bands over it are gluteus medius
    assert chart_src(chart_in(explorer)) == third
    expect(overlay.and_(explorer.locator("[data-compartment='glut_med1_r']"))).to_have_count(2)
    shot(explorer, NB_08, "3_mouse_gluteus_medius")

    finish(lab, panel)


# --- every control readable --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notebook", "snippet", "kernel"),
    [
        pytest.param(
            NB_04,
            "glutelab.exercise_explorer()",
            BLANK_DROPDOWN_KERNEL,
            id="04_emg_evidence-hashseed-6",
        ),
        pytest.param(
            NB_06,
            "emg_pipeline_explorer()",
            None,
            id="06_emg_methods",
        ),
        pytest.param(
            NB_07,
            "citation_audit_explorer()",
            None,
            id="07_checking_a_source",
        ),
        pytest.param(
            NB_08,
            "hip_mechanics_explorer()",
            None,
            id="08_hip_mechanics",
        ),
    ],
)
def test_explorer_controls_are_readable(
    lab: LabPage, notebook: str, snippet: str, kernel: str | None
) -> None:
    _panel, explorer = start(lab, notebook, snippet, min_images=0, kernel=kernel)
    assert unreadable_controls(explorer) == []
