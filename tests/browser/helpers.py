"""Drive course notebooks in JupyterLab the way a learner does, and check what they see.

Building blocks, meant to be reused for more notebooks and widgets:

- :func:`open_notebook` and :func:`run_all_and_check`: open a notebook in a fresh workspace,
  wait for its kernel, *Run → Run All Cells*, and fail on tracebacks, widgets that could not
  be displayed, and browser console errors;
- :func:`cell_output`: the output area of the code cell whose source contains a snippet;
- drop-downs (``<select>``): :func:`choose_with_mouse`, :func:`choose_with_keyboard`;
- quizzes (radio buttons + *Check answer* + ``role=status`` feedback): :func:`quiz_question`,
  :func:`answer_with_mouse`, :func:`answer_with_keyboard`;
- :func:`images_without_alt`, :func:`save_screenshot`.

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
  clicks the drop-down itself, then picks the option with Playwright's ``select_option``,
  which fires the same ``input``/``change`` events as a click on the option.
"""

from __future__ import annotations

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
    """Browser console messages of type ``error`` and uncaught page errors."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.errors.append(f"console.error: {message.text} ({where})")

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


def open_notebook(lab: LabPage, notebook: str) -> Locator:
    """Open ``notebook`` (path from the project root) in a new workspace; the notebook panel."""
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


def run_all_and_check(lab: LabPage, notebook: str) -> Locator:
    """Open ``notebook``, run all cells, and assert a clean run; the notebook panel.

    Clean: every code cell executed, no traceback or error output, every widget displayed,
    no browser console error, no uncaught page error.
    """
    panel = open_notebook(lab, notebook)
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


def images_without_alt(panel: Locator) -> list[str]:
    """Every ``<img>`` in an output area whose alt text is missing or blank (start of src)."""
    result: list[str] = panel.locator(".jp-OutputArea img").evaluate_all(
        """imgs => imgs
            .filter(img => !(img.getAttribute('alt') || '').trim())
            .map(img => (img.getAttribute('src') || '').slice(0, 60))"""
    )
    return result


def output_images(panel: Locator) -> Locator:
    return panel.locator(".jp-OutputArea img")


# --- drop-downs (ipywidgets Dropdown: a native <select> with a <label for=...>) -----------


def dropdown(scope: Locator, label: str) -> Locator:
    return scope.get_by_label(label, exact=True)


def option_values(select: Locator) -> list[str]:
    values: list[str] = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    return values


def choose_with_mouse(page: Page, select: Locator, value: str) -> None:
    """Click the drop-down with the mouse, then pick ``value`` (see the module docstring)."""
    select.scroll_into_view_if_needed()
    box = select.bounding_box()
    assert box is not None, "drop-down not visible"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(select).to_be_focused()  # the mouse reached it and opened its list
    select.select_option(value=value)
    expect(select).to_have_value(value)


def choose_with_keyboard(page: Page, select: Locator, value: str) -> None:
    """With the drop-down focused: Alt+ArrowDown opens its list, ArrowDown/ArrowUp, Enter."""
    expect(select).to_be_focused()
    values = option_values(select)
    steps = values.index(value) - values.index(select.input_value())
    page.keyboard.press("Alt+ArrowDown")
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    page.keyboard.press("Enter")
    expect(select).to_have_value(value)
    expect(select).to_be_focused()


def tab_to(page: Page, target: Locator, max_presses: int = 12) -> int:
    """Press Tab until ``target`` has the focus; the number of presses."""
    for presses in range(1, max_presses + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    active = page.evaluate("() => document.activeElement && document.activeElement.outerHTML")
    raise AssertionError(
        f"{max_presses} presses of Tab did not reach {target}; focus is on {active[:200]}"
    )


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


def save_screenshot(target: Locator, name: str) -> Path:
    """A PNG of ``target`` in test-artifacts/browser/ (for people to look at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    target.scroll_into_view_if_needed()
    target.screenshot(path=str(path), animations="disabled")
    return path
