"""Drive course notebooks in JupyterLab the way a learner does, and check what they see.

Building blocks, meant to be reused for more notebooks and widgets:

- :func:`open_notebook` and :func:`run_all_and_check`: open a notebook in a fresh workspace,
  wait for its kernel, *Run → Run All Cells*, and fail on tracebacks, widgets that could not
  be displayed, and browser console errors;
- :func:`cell_output`: the output area of the code cell whose source contains a snippet;
- drop-downs (``<select>``): :func:`choose_with_mouse`, :func:`choose_with_keyboard`;
- quizzes (radio buttons + *Check answer* + ``role=status`` feedback): :func:`quiz_question`,
  :func:`answer_with_mouse`, :func:`answer_with_keyboard`;
- :func:`images_without_alt`, :func:`save_screenshot`;
- keyboard-only paths into an explorer: :func:`select_cell_with_keyboard` (command mode,
  arrow keys from cell to cell), :func:`tab_to` (also backwards, Shift+Tab),
  :func:`type_into_readout` (a slider's editable readout box), :func:`type_and_enter`;
- mouse on other controls: :func:`click_slider_track`; charts: :func:`chart_src`;
- :func:`unreadable_controls`: blank drop-downs and labels cut off with an ellipsis;
- :func:`controls_without_visible_label` and :func:`axe_problems` (axe-core violations of
  any impact, as a readable report).

Every wait is on a DOM condition (or the server's REST API), never a fixed sleep.

Two facts about JupyterLab 4.6 and native controls shape the keyboard and mouse helpers:

- In command mode the notebook binds ArrowUp/ArrowDown (``notebook:move-cursor-*``) for every
  focused element that is not ``:read-write``; a ``<select>`` and a radio button are not, so
  on a *closed* drop-down or on a radio the arrow keys move to another cell instead of changing
  the choice. What works from the keyboard: Alt+ArrowDown opens the drop-down's list, whose
  own arrow keys and Enter pick an option; a radio button is one Tab stop each (ipywidgets
  gives them no common ``name``) and Space checks it.
- A native drop-down's open list is drawn by the browser outside the page; no page click
  reaches its options (checked: a click there lands on the cell behind). The mouse helper
  clicks the drop-down open and shut, then picks the option with Playwright's
  ``select_option``, which fires the same ``input``/``change`` events as a click on the option.
"""

from __future__ import annotations

import contextlib
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Error, Locator, Page, expect

from .lab import ROOT, LabServer

ARTIFACTS = ROOT / "test-artifacts" / "browser"
KERNEL_TIMEOUT = 90.0  # seconds: a first kernel start on a busy 2-core machine is slow
RUN_TIMEOUT_MS = 180_000  # Run All of a whole notebook


@dataclass
class ConsoleLog:
    """Browser console messages of type ``error`` (and uncaught page errors) and ``warning``."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.errors.append(f"console.error: {message.text} ({where})")
        elif message.type == "warning":
            self.warnings.append(message.text)

    def assert_clean(self) -> None:
        assert self.errors == [], "browser console errors:\n" + "\n".join(self.errors)


@dataclass
class LabPage:
    """One browser page on the test server, with its console log."""

    page: Page
    server: LabServer
    console: ConsoleLog


# --- notebooks -----------------------------------------------------------------------------


def _kernel_connected(server: LabServer, notebook: str) -> bool:
    for session in server.api("GET", "/api/sessions"):
        if session["path"] == notebook and session["kernel"]["connections"] >= 1:
            return True
    return False


def wait_for_kernel(lab: LabPage, notebook: str) -> None:
    """Wait until the notebook's kernel is started, connected to this page, and idle.

    The toolbar's execution indicator says "idle" already before a kernel exists, so the
    server is asked first whether a kernel for ``notebook`` has a connection (this page).
    """
    deadline = time.monotonic() + KERNEL_TIMEOUT
    while not _kernel_connected(lab.server, notebook):
        if time.monotonic() > deadline:
            raise AssertionError(
                f"no kernel connected for {notebook} after {KERNEL_TIMEOUT:.0f} s; "
                f"sessions: {lab.server.api('GET', '/api/sessions')}"
            )
        time.sleep(0.25)
    indicator = lab.page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator")
    expect(indicator).to_have_attribute("data-status", "idle", timeout=KERNEL_TIMEOUT * 1000)


def open_notebook(lab: LabPage, notebook: str, *, kernel: str | None = None) -> Locator:
    """Open ``notebook`` (path from the project root) in a new workspace; the notebook panel.

    With ``kernel`` (a kernel spec name), a session with that kernel is started for the
    notebook first; Lab then connects to it instead of starting the notebook's own kernel.
    """
    if kernel is not None:
        session = {
            "path": notebook,
            "name": Path(notebook).name,
            "type": "notebook",
            "kernel": {"name": kernel},
        }
        started = lab.server.api("POST", "/api/sessions", timeout=60, body=session)
        assert started["kernel"]["name"] == kernel, f"session started: {started}"
    workspace = f"test-{uuid.uuid4().hex[:12]}"  # a fresh layout: no tab from an earlier test
    lab.page.goto(lab.server.notebook_url(notebook, workspace))
    panel = lab.page.locator(".jp-NotebookPanel")
    expect(panel).to_have_count(1)
    expect(panel.locator(".jp-Cell").first).to_be_visible()
    wait_for_kernel(lab, notebook)
    return panel


def code_cell_prompts(panel: Locator) -> list[str]:
    return [
        text.strip()
        for text in panel.locator(".jp-CodeCell .jp-InputArea-prompt").all_text_contents()
    ]


def run_all_cells(lab: LabPage, panel: Locator) -> None:
    """Run → Run All Cells from the menu bar; wait until every code cell shows ``[n]:``."""
    page = lab.page
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    try:
        page.wait_for_function(
            """panel => {
                const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                    .map(p => p.textContent.trim());
                return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p));
            }""",
            arg=panel.element_handle(),
            timeout=RUN_TIMEOUT_MS,
        )
    except Error as error:
        raise AssertionError(
            f"Run All did not finish; code cell prompts: {code_cell_prompts(panel)}"
        ) from error
    expect(panel.locator(".jp-Notebook-ExecutionIndicator")).to_have_attribute(
        "data-status", "idle"
    )


def error_outputs(panel: Locator) -> list[str]:
    """Tracebacks, error outputs and widgets that could not be displayed, as text."""
    found = []
    for output in panel.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all():
        text = output.inner_text()
        if "Traceback" in text or "Error" in text:
            found.append(text)
    found += panel.locator('.jp-RenderedText[data-mime-type*="error"]').all_inner_texts()
    found += [
        text
        for text in panel.locator(".jp-OutputArea-output").all_inner_texts()
        if "Error displaying widget" in text or "Failed to load model" in text
    ]
    return found


def wait_for_widgets(panel: Locator) -> None:
    """Wait until no output area is still empty (the widget manager renders views late)."""
    expect(panel.locator(".jp-OutputArea-output:empty")).to_have_count(0)


def run_all_and_check(lab: LabPage, notebook: str, *, kernel: str | None = None) -> Locator:
    """Open ``notebook``, run all cells, and assert a clean run; the notebook panel.

    Clean: every code cell executed, no traceback or error output, every widget displayed,
    no browser console error, no uncaught page error. ``kernel``: see :func:`open_notebook`.
    """
    panel = open_notebook(lab, notebook, kernel=kernel)
    run_all_cells(lab, panel)
    expect(panel.locator(".jp-OutputArea-output").first).to_be_attached()
    wait_for_widgets(panel)
    assert error_outputs(panel) == [], f"{notebook}: error outputs after Run All"
    lab.console.assert_clean()
    return panel


def cell_output(panel: Locator, source_snippet: str) -> Locator:
    """The output area of the one code cell whose source contains ``source_snippet``."""
    cells = panel.locator(".jp-CodeCell").filter(
        has=panel.page.locator(".jp-InputArea .cm-content", has_text=source_snippet)
    )
    expect(cells).to_have_count(1)
    return cells.locator(".jp-OutputArea")


CHARTS = "img, figure.glutelab-html-chart"  # a chart is a picture or an HTML chart


def output_images(panel: Locator) -> Locator:
    """The charts in a notebook's output areas: pictures and HTML charts."""
    return panel.locator(f".jp-OutputArea :is({CHARTS})")


def images_without_alt(panel: Locator) -> list[str]:
    """Every chart in an output area without a text alternative: an ``<img>`` whose alt text is
    missing or blank (start of src), or an HTML chart (``glutelab.html_charts``) without an
    image role and an accessible name (start of its markup)."""
    result: list[str] = output_images(panel).evaluate_all(
        """charts => charts
            .filter(c => c.tagName === 'IMG'
                ? !(c.getAttribute('alt') || '').trim()
                : c.getAttribute('role') !== 'img' || !(c.getAttribute('aria-label') || '').trim())
            .map(c => (c.getAttribute('src') || c.outerHTML).slice(0, 60))"""
    )
    return result


# --- drop-downs (ipywidgets Dropdown: a native <select> with a <label for=...>) -----------


def dropdown(scope: Locator, label: str) -> Locator:
    return scope.get_by_label(label, exact=True)


def option_values(select: Locator) -> list[str]:
    values: list[str] = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    return values


def choose_with_mouse(page: Page, select: Locator, value: str) -> None:
    """Click the drop-down open and shut with the mouse, then pick ``value``.

    A learner's click on an option closes the browser's list; the page cannot click there
    (see the module docstring), so a second click on the drop-down closes it instead. Setting
    the value while the list is still open would not last: the next key press (Tab) closes
    the list and puts its highlighted, old choice back.
    """
    select.scroll_into_view_if_needed()
    box = select.bounding_box()
    assert box is not None, "drop-down not visible"
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(*middle)
    expect(select).to_be_focused()  # the mouse reached it and opened its list
    page.mouse.click(*middle)
    select.select_option(value=value)
    expect(select).to_have_value(value)


def choose_with_keyboard(
    page: Page, select: Locator, value: str, *, open_key: str = "Alt+ArrowDown"
) -> None:
    """With the drop-down focused: ``open_key`` opens its list, ArrowDown/ArrowUp, Enter.

    The notebooks tell learners to open a drop-down with Space or Alt+ArrowDown; both work.
    """
    expect(select).to_be_focused()
    values = option_values(select)
    steps = values.index(value) - values.index(select.input_value())
    page.keyboard.press(open_key)
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    page.keyboard.press("Enter")
    expect(select).to_have_value(value)
    expect(select).to_be_focused()


def tab_to(page: Page, target: Locator, max_presses: int = 12, *, backwards: bool = False) -> int:
    """Press Tab (Shift+Tab if ``backwards``) until ``target`` has the focus; the presses."""
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(1, max_presses + 1):
        page.keyboard.press(key)
        if target.evaluate("el => el === document.activeElement"):
            return presses
    active = page.evaluate("() => document.activeElement && document.activeElement.outerHTML")
    raise AssertionError(
        f"{max_presses} presses of Tab did not reach {target}; focus is on {active[:200]}"
    )


# --- other controls, keyboard and mouse ---------------------------------------------------


def is_focused(target: Locator) -> bool:
    result: bool = target.evaluate("el => el === document.activeElement")
    return result


def code_cell(output: Locator) -> Locator:
    """The code cell (``.jp-CodeCell``) that holds an output area from :func:`cell_output`."""
    return output.locator(
        "xpath=ancestor::div[contains(concat(' ', @class, ' '), ' jp-CodeCell ')][1]"
    )


def _cell_index(cell: Locator) -> int:
    return int(cell.get_attribute("data-windowed-list-index") or "-1")


def select_cell_with_keyboard(page: Page, panel: Locator, cell: Locator) -> None:
    """In command mode, ArrowUp/ArrowDown from the active cell until ``cell`` is active.

    Needs the focus on a cell in command mode (where *Run All Cells* leaves it: on the last
    cell). Afterwards ``cell`` has the focus, so Tab reaches its toolbar and its widgets.
    """
    notebook = panel.locator(".jp-Notebook")
    expect(notebook).to_have_class(re.compile(r"\bjp-mod-commandMode\b"))
    active = panel.locator(".jp-Cell.jp-mod-active")
    expect(active).to_have_count(1)
    assert is_focused(active), "the focus is not on the active cell: arrow keys would not move"
    target = _cell_index(cell)
    for _ in range(panel.locator(".jp-Cell").count()):
        now = _cell_index(active)
        if now == target:
            break
        page.keyboard.press("ArrowUp" if now > target else "ArrowDown")
        expect(active).not_to_have_attribute("data-windowed-list-index", str(now))
    expect(cell).to_have_class(re.compile(r"\bjp-mod-active\b"))
    expect(cell).to_be_focused()


def slider(scope: Locator, label: str) -> Locator:
    """An ipywidgets slider (IntSlider, FloatSlider) by its visible label."""
    found = scope.locator(".widget-slider").filter(
        has=scope.page.locator("label.widget-label", has_text=re.compile(f"^{re.escape(label)}$"))
    )
    expect(found).to_have_count(1)
    return found


def slider_readout(slider_box: Locator) -> Locator:
    """The slider's readout: a ``contenteditable`` box that takes a typed value and Enter."""
    return slider_box.locator(".widget-readout")


def type_into_readout(page: Page, readout: Locator, text: str) -> None:
    """With the readout focused: select its text (Ctrl+A), type ``text``, press Enter.

    Ctrl+A stays inside the box only because the focus is in an editable element; on any
    other element in command mode it selects every cell (and typed digits are commands,
    ``0 0`` restarts the kernel), so the focus is checked first.
    """
    expect(readout).to_be_focused()
    assert readout.get_attribute("contenteditable") == "true", "the readout is not editable"
    page.keyboard.press("Control+a")
    selected = page.evaluate("() => window.getSelection().toString()")
    assert selected.strip() == readout.inner_text().strip(), f"Ctrl+A selected {selected!r}"
    page.keyboard.type(text)
    expect(readout).to_have_text(text)
    page.keyboard.press("Enter")


def type_and_enter(page: Page, box: Locator, text: str, *, enter: bool = True) -> None:
    """With a text box focused: type ``text`` (after whatever it holds), then Enter."""
    expect(box).to_be_focused()
    page.keyboard.type(text)
    expect(box).to_have_value(text)
    if enter:
        page.keyboard.press("Enter")


def click_slider_track(page: Page, slider_box: Locator, fraction: float) -> None:
    """Click a slider's track with the mouse at ``fraction`` (0 to 1) of its width."""
    track = slider_box.locator(".noUi-target")
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    assert box is not None, "slider track not visible"
    page.mouse.click(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)


def unreadable_controls(scope: Locator) -> list[str]:
    """Controls in ``scope`` whose text a learner cannot read in full, in words.

    - a drop-down that shows no choice at all (``selectedIndex`` -1: in ipywidgets, a
      Dropdown created with ``value=None`` selects nothing, even when an option's value is
      None). Chromium reports -1 for a drop-down it has not drawn yet, so each is scrolled
      into view first and given a moment to be drawn;
    - a drop-down whose chosen option is wider than the box (the end is cut off);
    - a description or check-box label cut off with an ellipsis (ipywidgets gives the
      full text only as a hover tooltip, which keyboard and touch users never see).
    """
    selects = scope.locator("select")
    for select in selects.all():
        select.scroll_into_view_if_needed()
    with contextlib.suppress(Error):  # one short wait for all: a blank one stays blank
        scope.page.wait_for_function(
            "area => [...area.querySelectorAll('select')].every(s => s.selectedIndex >= 0)",
            arg=scope.element_handle(),
            timeout=3_000,
        )
    problems = [
        f"drop-down {_label_of(select)!r} shows no choice (it is blank)"
        for select in selects.all()
        if select.evaluate("s => s.selectedIndex") < 0
    ]
    found: list[str] = scope.evaluate(
        """area => {
            const found = [];
            const ctx = document.createElement('canvas').getContext('2d');
            for (const sel of area.querySelectorAll('select')) {
                if (sel.selectedIndex < 0 || sel.offsetParent === null) continue;
                const style = getComputedStyle(sel);
                ctx.font = style.font;
                const text = sel.options[sel.selectedIndex].text;
                const room = sel.clientWidth - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight);
                if (ctx.measureText(text).width > room + 2) {
                    found.push(`drop-down shows ${JSON.stringify(text)} cut off`);
                }
            }
            for (const el of area.querySelectorAll('.widget-label, .widget-label-basic')) {
                if (el.offsetParent === null || !el.textContent.trim()) continue;
                if (el.scrollWidth > el.clientWidth + 1) {
                    found.push(`label ${JSON.stringify(el.textContent.trim())} cut off `
                        + `(${el.scrollWidth} px of text in ${el.clientWidth} px)`);
                }
            }
            return found;
        }"""
    )
    return problems + found


def _label_of(control: Locator) -> str:
    text: str = control.evaluate(
        """el => {
            const label = el.id && document.querySelector(`label[for="${el.id}"]`);
            return label ? label.textContent.trim() : el.outerHTML.slice(0, 60);
        }"""
    )
    return text


def chart_src(chart: Locator) -> str:
    """The ``src`` of a chart image, which must be an inline PNG."""
    src = chart.get_attribute("src") or ""
    assert src.startswith("data:image/png;base64,"), f"not an inline PNG: {src[:60]!r}"
    return src


def controls_without_visible_label(scope: Locator) -> list[str]:
    """Visible controls in ``scope`` with no visible label text, in words.

    A drop-down, text box or check box needs a ``<label>`` of its own (``control.labels``) that
    is on screen and not empty; a slider's handle and its typed-value box need the slider's
    description label (ipywidgets draws it beside them, with no ``for``); a button needs text.
    """
    found: list[str] = scope.evaluate(
        """area => {
            const shown = el => !!el && el.offsetParent !== null && el.textContent.trim() !== ''
                && el.getBoundingClientRect().width > 0;
            const found = [];
            const controls = area.querySelectorAll(
                'select, input, textarea, button, [role="slider"], .widget-readout');
            for (const control of controls) {
                if (control.offsetParent === null || control.type === 'hidden') continue;
                let ok;
                if (control.matches('button')) {
                    ok = control.textContent.trim() !== '';
                } else if (control.matches('[role="slider"], .widget-readout')) {
                    const box = control.closest('.widget-slider');
                    ok = shown(box && box.querySelector(':scope > label.widget-label'));
                } else {
                    ok = [...(control.labels || [])].some(shown);
                }
                if (!ok) found.push(control.outerHTML.slice(0, 120));
            }
            return found;
        }"""
    )
    return found


# The issue asks for no serious or critical violation; the apps have none of any impact
# (the card headings are h3 under the app's h2 since axe's moderate heading-order rule
# flagged h4 under h1), so every impact is checked and a new minor problem fails too.
AXE_IMPACTS = ("minor", "moderate", "serious", "critical")


def axe_problems(page: Page, impacts: tuple[str, ...] = AXE_IMPACTS) -> list[str]:
    """axe-core's violations of these impacts on the page, one readable entry each.

    Each entry names the rule, its impact and help text, and every node (its CSS target and
    the start of its HTML), so a failing test shows what to fix.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    problems = []
    for violation in results.response["violations"]:
        if violation["impact"] not in impacts:
            continue
        nodes = "".join(
            f"\n    - {', '.join(map(str, node['target']))}: {node['html'][:160]}"
            for node in violation["nodes"]
        )
        problems.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['nodes'])} node(s)]{nodes}"
        )
    return problems


# --- quizzes (glutelab.quiz: RadioButtons, "Check answer" button, role=status feedback) ----


def quiz_question(quiz_output: Locator, question_id: str) -> Locator:
    """The box of one question: the VBox whose own prompt is ``<p id="q-<id>">``."""
    question = quiz_output.locator(f".widget-vbox:has(> .widget-html p#q-{question_id})")
    expect(question).to_have_count(1)
    return question


def feedback(question: Locator) -> Locator:
    return question.get_by_role("status")


def check_button(question: Locator) -> Locator:
    return question.get_by_role("button", name="Check answer")


def score_line(quiz_output: Locator) -> Locator:
    return quiz_output.get_by_role("status").filter(has_text=re.compile(r"^Score: "))


def answer_with_mouse(question: Locator, choice: str) -> None:
    """Click the choice, then *Check answer* (enabled once the kernel has the choice)."""
    question.get_by_role("radio", name=choice, exact=True).click()
    expect(question.get_by_role("radio", name=choice, exact=True)).to_be_checked()
    button = check_button(question)
    expect(button).to_be_enabled()
    button.click()


def answer_with_keyboard(page: Page, question: Locator, choice: str) -> None:
    """Tab to the radio buttons, Tab to ``choice``, Space, Tab to *Check answer*, Enter.

    Focus must be before the question (for example on the previous question's button).
    """
    radios = question.get_by_role("radio")
    target = question.get_by_role("radio", name=choice, exact=True)
    tab_to(page, radios.first)
    if not target.evaluate("el => el === document.activeElement"):
        tab_to(page, target, max_presses=radios.count())
    page.keyboard.press("Space")
    expect(target).to_be_checked()
    button = check_button(question)
    expect(button).to_be_enabled()  # a disabled button is no Tab stop: wait for the kernel
    tab_to(page, button, max_presses=radios.count() + 1)
    page.keyboard.press("Enter")


# --- artifacts -----------------------------------------------------------------------------


def _visible_height(target: Locator) -> float:
    """The height of the scrolling area ``target`` sits in (the notebook), in CSS pixels."""
    height: float = target.evaluate(
        """el => {
            for (let p = el.parentElement; p; p = p.parentElement) {
                const overflow = getComputedStyle(p).overflowY;
                if ((overflow === 'auto' || overflow === 'scroll') && p.clientHeight > 0) {
                    return p.clientHeight;
                }
            }
            return window.innerHeight;
        }"""
    )
    return height


def save_screenshot(target: Locator, name: str) -> Path:
    """A PNG of ``target`` in test-artifacts/browser/ (for people to look at).

    The notebook scrolls inside Lab's layout, not the page, so a part of an output that lies
    outside the notebook's scrolling area is not drawn at all. When ``target`` is taller than
    that area, the window is made taller for the screenshot, then set back.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page = target.page
    target.scroll_into_view_if_needed()
    box, viewport = target.bounding_box(), page.viewport_size
    assert box is not None, f"{name}: nothing to take a screenshot of"
    missing = box["height"] - _visible_height(target)
    if viewport is None or missing <= 0:
        target.screenshot(path=str(path), animations="disabled")
        return path
    page.set_viewport_size(
        {"width": viewport["width"], "height": viewport["height"] + int(missing) + 40}
    )
    try:
        target.evaluate("el => el.scrollIntoView({block: 'start'})")
        target.screenshot(path=str(path), animations="disabled")
    finally:
        page.set_viewport_size(viewport)
        target.scroll_into_view_if_needed()
    return path


# --- layout: overlapping text and cut-off labels ----------------------------------------------

LAYOUT_SCRIPT = """roots => {
  const found = {overlaps: [], cut: [], hidden_radios: []};
  const seen = new Set();
  for (const root of roots) {
    const boxes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!el || !node.textContent.trim()) continue;
      if (el.closest('details:not([open]), option, style, script')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        const text = node.textContent.trim().slice(0, 50);
        if (r.width > 1 && r.height > 1) boxes.push({el, text, r});
      }
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 3 && h > 3) {
          const key = a.text + ' | ' + b.text;
          if (!seen.has(key)) { seen.add(key); found.overlaps.push(key); }
        }
      }
    }
    const labels = root.querySelectorAll(
      '.widget-label, .widget-label-basic, .widget-radio-box label, .widget-checkbox label, '
      + '.widget-button, .jupyter-button, .widget-readout, .widget-inline-hbox label');
    for (const el of labels) {
      const style = getComputedStyle(el);
      const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
      if (clips && el.textContent.trim() && el.scrollWidth > el.clientWidth + 1) {
        found.cut.push(el.textContent.trim().slice(0, 60));
      }
    }
    for (const radio of root.querySelectorAll('input[type=radio]')) {
      const r = radio.getBoundingClientRect();
      const label = radio.closest('label');
      const text = label ? label.getBoundingClientRect() : null;
      if (r.width < 4 || r.height < 4 || (text && (r.top > text.bottom || r.bottom < text.top))) {
        found.hidden_radios.push(label ? label.textContent.trim().slice(0, 60) : '?');
      }
    }
  }
  return found;
}"""


def layout_defects(panel: Locator) -> dict[str, list[str]]:
    """What a learner would see as broken in the widgets of ``panel``'s outputs.

    ``overlaps``: pairs of text runs (from different elements, neither inside the other) whose
    boxes overlap by more than 3 px both ways; ``cut``: labels, buttons and readouts whose text
    is wider than their box while the box clips it; ``hidden_radios``: radio buttons with no
    size or not on their label's line. Closed ``<details>`` are skipped (not drawn).
    """
    result: dict[str, list[str]] = panel.locator(
        ".jp-OutputArea-output .jupyter-widgets"
    ).evaluate_all(LAYOUT_SCRIPT)
    return result
