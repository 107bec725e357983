"""The explorers as Voilà apps for a class (``make apps``), in a real browser.

One classroom Voilà for the module (``voila.py``: the real ``classroom/voila.json``, with a
cap of 2 learners, a pool of 1 pre-heated kernel per app, and culling after 20 s idle checked
every 2 s). Every test opens its own pages and, when it ends, closes them the way a learner
closes a tab and waits until no learner is left, so the tests run in any order or alone.

For each app: the page shows the explorer; one change with the keyboard only (Tab from the
top of the page, Space or Alt+ArrowDown and Enter in a drop-down, a typed value and Enter in a
slider's box or a text box) and one with the mouse change what the learner reads *and* the
chart (its ``src``), to values computed from glutelab's data (``explorers.py``). On the page
and after the changes: no error output, alt text on every image, a visible label for every
control, no axe-core violation of any impact (the report is printed on failure), no
console error or warning, and no request to any host but the server. Screenshots of each app go to
``test-artifacts/browser/voila_<app>_<n>_<state>.png``.

Then the classroom itself: the landing page; a tab that closes frees its kernel at once (the
page's shutdown request); a pre-heated kernel that waited in its pool longer than the idle time
is not culled when a learner takes it, a tab that vanishes (no unload) is culled within the
configured time, and the pool is full again; every page works with all other hosts blocked
and asks the server only for the page, its style sheets, the classroom page script and its
kernel; a page whose kernel has gone says so and how to go on; and with 2 places the third
learner gets the "class is full" page, and a place freed lets them in.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Error,
    Locator,
    Page,
    Response,
    Route,
    WebSocket,
    expect,
)

from classroom.voila_classroom import APPS_DIR, PAGE_SCRIPT, PAGE_STYLE, STATIC_PATH, list_apps
from glutelab.audit_widget import SUPPORT_WORDS
from glutelab.data import load_hip_moment_arms, load_myths
from glutelab.diagrams import MUSCLE_NAMES
from glutelab.emg_widget import PipelineSettings
from glutelab.exercises_widget import MUSCLE_NAMES as EXERCISE_MUSCLES
from glutelab.hip_mechanics_plots import NEUTRAL
from glutelab.matcher import match_phrase
from glutelab.scenarios import SCENARIOS
from glutelab.style import OKABE_ITO

from .conftest import TIMEOUT_MS, VIEWPORT, require_browser
from .explorers import (
    audit_count,
    card_entry,
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
    nerve,
    pct_values,
    pipeline_status,
    ranked,
    scenario_caption,
    verdict_words,
)
from .helpers import (
    ConsoleLog,
    axe_problems,
    chart_src,
    choose_with_keyboard,
    choose_with_mouse,
    controls_without_visible_label,
    dropdown,
    error_outputs,
    images_without_alt,
    option_values,
    save_screenshot,
    slider,
    slider_readout,
    tab_to,
    type_and_enter,
    type_into_readout,
    unreadable_controls,
)
from .voila import Classroom, VoilaServer, start_voila

STILL_SPINNER_JS = """() => [...document.styleSheets].some(sheet => [...sheet.cssRules].some(
    rule => rule.selectorText === '.spinner' && rule.style.animationName === 'none'))"""

SETTINGS = Classroom(max_learners=2, pool_size=1, cull_idle_timeout=20, cull_interval=2)
# A kernel is culled at the first culling round after it has been idle cull_idle_timeout
# seconds; SLACK covers a busy two-core machine (the round itself, the kernel's shutdown).
SLACK = 45.0
CULL_WAIT = SETTINGS.cull_idle_timeout + SETTINGS.cull_interval + SLACK
TAB_LIMIT = 30
APPS = {app.path.removesuffix(".ipynb"): app for app in list_apps(APPS_DIR)}


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """The classroom Voilà for this module; stopped at the end, also after a failure."""
    require_browser()
    server = start_voila(tmp_path_factory.mktemp("voila-home"), SETTINGS)
    atexit.register(server.stop)  # also if the session is interrupted before the teardown
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Visit:
    """One learner's browser page, with what it logged and asked for."""

    server: VoilaServer
    page: Page
    response: Response | None = None  # of the first navigation
    console: ConsoleLog = field(default_factory=ConsoleLog)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    websockets: list[WebSocket] = field(default_factory=list)

    def watch(self) -> None:
        self.console.attach(self.page)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("websocket", lambda websocket: self.websockets.append(websocket))
        self.page.on(
            "requestfailed", lambda request: self.failed.append(f"{request.url}: {request.failure}")
        )
        self.page.on("response", self._on_response)

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.url}")

    def kernel_id(self) -> str:
        kernel: str = self.page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        assert kernel, "the page has no kernel id"
        return kernel

    def assert_clean(self) -> None:
        """No console error or warning, no request elsewhere, none failed."""
        self.console.assert_clean()
        assert self.console.warnings == [], "console warnings:\n" + "\n".join(self.console.warnings)
        here = f"127.0.0.1:{self.server.port}"
        elsewhere = [url for url in self.requests if urlsplit(url).netloc != here]
        assert elsewhere == [], f"requests to other hosts: {elsewhere}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.bad_responses == [], f"error responses: {self.bad_responses}"


@pytest.fixture
def visit(browser: Browser, classroom: VoilaServer) -> Iterator[Callable[..., Visit]]:
    """Open a page (own context) at a path: ``visit("/")``; all closed like tabs afterwards.

    ``offline=True`` blocks every request to another host (aborted and recorded in
    ``blocked``) before it leaves the browser; ``prepare`` is called with the new context
    before the page opens (to route its requests).
    """
    contexts: list[BrowserContext] = []
    pages: list[Page] = []

    def open_page(
        path: str,
        *,
        offline: bool = False,
        blocked: list[str] | None = None,
        prepare: Callable[[BrowserContext], None] | None = None,
    ) -> Visit:
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if prepare is not None:
            prepare(context)
        if offline:
            here = f"127.0.0.1:{classroom.port}"

            def block_others(route: Route) -> None:
                if urlsplit(route.request.url).netloc == here:
                    route.continue_()
                else:
                    if blocked is not None:
                        blocked.append(route.request.url)
                    route.abort("internetdisconnected")

            context.route("**/*", block_others)
        page = context.new_page()
        pages.append(page)
        visit = Visit(classroom, page)
        visit.watch()
        visit.response = page.goto(classroom.url(path))
        return visit

    try:
        yield open_page
    finally:
        for page in pages:
            with contextlib.suppress(Error):  # a test may have closed it (is_closed lags)
                page.close(run_before_unload=True)  # as a learner closes the tab
        try:  # the pages' shutdown requests (or, failing them, culling) free the places
            classroom.wait_until(
                lambda: classroom.status()["learners"] == 0, "no learner left", CULL_WAIT
            )
        finally:
            for context in contexts:
                context.close()


def open_app(visit: Callable[..., Visit], app: str, **kwargs: object) -> tuple[Visit, Locator]:
    """Open an app's page; wait until its explorer is drawn. The visit and the explorer."""
    learner = visit(f"/voila/render/{app}.ipynb", **kwargs)
    response = learner.response
    assert response is not None and response.status == 200, f"{app}: {response}"
    page = learner.page
    expect(page.locator("#loading")).to_have_count(0)  # Voilà's spinner is gone
    explorer = page.locator("#rendered_cells .jp-CodeCell .jp-OutputArea")
    expect(explorer).to_have_count(1)
    expect(explorer.locator(".jupyter-widgets").first).to_be_visible()
    expect(explorer.locator(".jp-OutputArea-output:empty")).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name=APPS[app].title, exact=True)).to_be_visible()
    return learner, explorer


def check_view(learner: Visit, explorer: Locator, *, charts: int = 1) -> None:
    """What every state of an explorer must satisfy (see the module docstring)."""
    page = learner.page
    rendered = page.locator("#rendered_cells")
    assert error_outputs(rendered) == [], "error outputs on the page"
    assert rendered.locator("img").count() >= charts, "the explorer's chart is missing"
    assert images_without_alt(rendered) == [], "images without alt text"
    assert controls_without_visible_label(explorer) == [], "controls without a visible label"
    problems = axe_problems(page)
    assert problems == [], "axe-core (any impact):\n" + "\n".join(problems)
    learner.assert_clean()


def shot(explorer: Locator, app: str, state: str) -> None:
    save_screenshot(explorer, f"voila_{app}_{state}")


def wait_connected(server: VoilaServer, kernel_id: str) -> None:
    def connected() -> bool:
        model = server.kernel(kernel_id)
        return model is not None and model["connections"] >= 1

    server.wait_until(connected, f"the page connected to kernel {kernel_id}", 90)


# --- the apps ---------------------------------------------------------------------------------


def test_anatomy_app_with_keyboard_and_mouse(visit: Callable[..., Visit]) -> None:
    learner, explorer = open_app(visit, "anatomy")
    page = learner.page
    muscle, fibres = dropdown(explorer, "Muscle:"), dropdown(explorer, "Fibres:")
    card = explorer.locator(".glutelab-card")
    chart = chart_in(explorer)
    expect(muscle).to_have_value(MUSCLE_NAMES["gluteus_maximus"])
    expect(card_entry(card, "Nerve")).to_have_text(nerve("gluteus_maximus", "whole"))
    first = chart_src(chart)
    assert unreadable_controls(explorer) == []
    check_view(learner, explorer)
    shot(explorer, "anatomy", "1_initial")
    # the page's kernel websocket sends each update at once (glutelab/websocket.py), as the
    # server read it back from the socket
    states = learner.server.log_lines(f"Kernel {learner.kernel_id()} websocket: ")
    assert states and all(line.endswith("TCP_NODELAY on") for line in states), states

    # keyboard only: Tab from the top of the page to Muscle, Space opens it, ArrowDown, Enter
    tab_to(page, muscle, max_presses=5)
    choose_with_keyboard(page, muscle, MUSCLE_NAMES["gluteus_medius"], open_key="Space")
    expect(card.locator("h3")).to_have_text("Gluteus medius")
    expect(card_entry(card, "Nerve")).to_have_text(nerve("gluteus_medius", "whole"))
    expect(chart_in(explorer)).to_have_attribute("alt", containing("highlighted: Gluteus medius."))
    second = expect_chart_changed(explorer, first)
    assert option_values(fibres) == ["whole muscle", "anterior", "middle", "posterior"]

    # mouse: Fibres -> posterior
    choose_with_mouse(page, fibres, "posterior")
    expect(card.locator("h3")).to_have_text("Gluteus medius: posterior fibres")
    expect(card_entry(card, "Nerve")).to_have_text(nerve("gluteus_medius", "posterior"))
    expect_chart_changed(explorer, first, second)
    check_view(learner, explorer)
    shot(explorer, "anatomy", "2_medius_posterior")


def test_scenarios_app_with_keyboard_and_mouse(visit: Callable[..., Visit]) -> None:
    learner, explorer = open_app(visit, "scenarios")
    page = learner.page
    select = dropdown(explorer, "Scenario:")
    caption = explorer.locator(".widget-html").filter(has_text="A clinician could conclude")
    expect(select).to_have_value(SCENARIOS["motor_control"].name)
    expect(caption).to_contain_text(scenario_caption("motor_control"))
    first = chart_src(chart_in(explorer))
    check_view(learner, explorer)
    shot(explorer, "scenarios", "1_initial")

    # keyboard only: Tab to the drop-down, Alt+ArrowDown opens it, ArrowDown, Enter
    tab_to(page, select, max_presses=5)
    choose_with_keyboard(page, select, SCENARIOS["inhibition"].name)
    expect(caption).to_contain_text(scenario_caption("inhibition"))
    expect(caption).to_contain_text(SCENARIOS["inhibition"].cannot_conclude)
    second = expect_chart_changed(explorer, first)

    # mouse: the myth's flat line
    choose_with_mouse(page, select, SCENARIOS["switched_off"].name)
    expect(caption).to_contain_text(scenario_caption("switched_off"))
    expect_chart_changed(explorer, first, second)
    check_view(learner, explorer)
    shot(explorer, "scenarios", "2_switched_off")


def test_myths_app_with_keyboard_and_mouse(visit: Callable[..., Visit]) -> None:
    myths = load_myths()
    phrase = "sitting all day turned my glutes off"
    best = match_phrase(phrase, myths)[0]
    first_id, other_id = str(myths.index[0]), "back_pain_from_sleeping_glutes"
    assert best.myth_id not in (first_id, other_id)
    learner, explorer = open_app(visit, "myths")
    page = learner.page
    box = explorer.get_by_role("textbox", name="What did the client say?")
    myth = dropdown(explorer, "Myth:")
    verdict = explorer.locator(".glutelab-verdict")
    match_line = explorer.get_by_role("status").first
    expect(myth).to_have_value(myth_label(str(myths.at[first_id, "claim"])))
    first = html_chart_in(explorer).evaluate("chart => chart.outerHTML")
    check_view(learner, explorer, charts=0)  # an HTML chart, no image
    shot(explorer, "myths", "1_initial")

    # keyboard only: Tab to the text box, type what the client said, Enter
    tab_to(page, box, max_presses=5)
    type_and_enter(page, box, phrase)
    expect(match_line).to_contain_text(f"(score {best.score:.2f})")
    expect(myth).to_have_value(myth_label(str(myths.at[best.myth_id, "claim"])))
    expect(verdict).to_have_text(verdict_words(str(myths.at[best.myth_id, "verdict"])))
    second = expect_html_chart_changed(explorer, first)

    # mouse: another myth, with its own verdict
    choose_with_mouse(page, myth, myth_label(str(myths.at[other_id, "claim"])))
    expect(verdict).to_have_text(verdict_words(str(myths.at[other_id, "verdict"])))
    claim = explorer.locator("h3", has_text="The claim").locator("xpath=following-sibling::p[1]")
    expect(claim).to_have_text(exactly(str(myths.at[other_id, "claim"])))
    expect_html_chart_changed(explorer, second)
    check_view(learner, explorer, charts=0)  # an HTML chart, no image
    shot(explorer, "myths", "2_back_pain")


def test_exercises_app_with_keyboard_and_mouse(visit: Callable[..., Visit]) -> None:
    learner, explorer = open_app(visit, "exercises")
    page = learner.page
    minimum = slider(explorer, "Minimum %MVIC:")
    muscle = dropdown(explorer, "Muscle:")
    expect_ranked(explorer, *ranked())
    first = html_chart_in(explorer).evaluate("chart => chart.outerHTML")
    assert unreadable_controls(explorer) == []
    check_view(learner, explorer, charts=0)  # an HTML chart, no image
    shot(explorer, "exercises", "1_initial")

    # keyboard only: Tab to the Minimum %MVIC box, type 50, Enter
    readout = slider_readout(minimum)
    tab_to(page, readout, max_presses=TAB_LIMIT)
    type_into_readout(page, readout, "50")
    expect_ranked(explorer, *ranked(min_pct_mvic=50))
    assert min(pct_values(explorer)) >= 50
    second = expect_html_chart_changed(explorer, first)

    # mouse: Muscle -> Gluteus medius
    choose_with_mouse(page, muscle, EXERCISE_MUSCLES["gluteus_medius"])
    expect_ranked(explorer, *ranked(min_pct_mvic=50, muscle="gluteus_medius"))
    expect_html_chart_changed(explorer, first, second)
    check_view(learner, explorer, charts=0)  # an HTML chart, no image
    shot(explorer, "exercises", "2_min_50_gluteus_medius")


def test_emg_pipeline_app_with_keyboard_and_mouse(visit: Callable[..., Visit]) -> None:
    learner, explorer = open_app(visit, "emg_pipeline")
    page = learner.page
    status = explorer.get_by_role("status")
    level = slider(explorer, "Exercise activation (MVIC test = 1)")
    smoothing = dropdown(explorer, "Smoothing")
    expect(status).to_contain_text(pipeline_status(PipelineSettings()))
    first = chart_src(chart_in(explorer))
    check_view(learner, explorer)
    shot(explorer, "emg_pipeline", "1_initial")

    # keyboard only: Tab to the activation box, type 1.00, Enter
    level_box = slider_readout(level)
    tab_to(page, level_box, max_presses=TAB_LIMIT)
    type_into_readout(page, level_box, "1.00")
    expect(status).to_contain_text(pipeline_status(PipelineSettings(level=1.0)))
    second = expect_chart_changed(explorer, first)

    # mouse: Smoothing -> moving RMS
    choose_with_mouse(page, smoothing, "moving RMS")
    expect(status).to_contain_text(pipeline_status(PipelineSettings(level=1.0, smoothing="rms")))
    expect_chart_changed(explorer, first, second)
    check_view(learner, explorer)
    shot(explorer, "emg_pipeline", "2_activation_1_moving_rms")


def test_hip_mechanics_app_with_keyboard_and_mouse(visit: Callable[..., Visit]) -> None:
    learner, explorer = open_app(visit, "hip_mechanics")
    page = learner.page
    status = explorer.get_by_role("status")
    flexion = slider(explorer, "Hip flexion (deg)")
    axis = dropdown(explorer, "Colour by action:")
    for words in hip_words("gluteus_maximus", (0, 0, 0)):
        expect(status).to_contain_text(words)
    first = chart_src(chart_in(explorer))
    check_view(learner, explorer)
    shot(explorer, "hip_mechanics", "1_initial")

    # keyboard only: Tab to the flexion box, type 90, Enter
    flexion_box = slider_readout(flexion)
    tab_to(page, flexion_box, max_presses=TAB_LIMIT)
    type_into_readout(page, flexion_box, "90")
    for words in hip_words("gluteus_maximus", (90, 0, 0)):
        expect(status).to_contain_text(words)
    second = expect_chart_changed(explorer, first)

    # mouse: Colour by action -> adduction / abduction
    choose_with_mouse(page, axis, "adduction / abduction")
    for words in hip_words("gluteus_maximus", (90, 0, 0), axis="adduction"):
        expect(status).to_contain_text(words)
    # the same pose: the picture of the bones stays; the bands over it take the new colours
    expect(chart_in(explorer)).to_have_attribute("alt", containing("about the adduction axis"))
    assert chart_src(chart_in(explorer)) == second
    arms = load_hip_moment_arms().query(
        "hip_flexion_deg == 90 and hip_adduction_deg == 0 and hip_rotation_deg == 0"
    )
    for muscle_id, arm in zip(arms["muscle_id"], arms["adduction_moment_arm_mm"], strict=True):
        if not str(muscle_id).startswith("glut_max"):
            continue
        band = explorer.locator(f"polygon.glutelab-band[data-compartment='{muscle_id}']")
        colour = OKABE_ITO["blue"] if arm > 0 else OKABE_ITO["vermillion"]
        if round(abs(arm)) == 0:  # rounds to 0 mm: no leverage, grey
            colour = NEUTRAL
        expect(band.first).to_have_attribute("fill", colour)
    check_view(learner, explorer)
    shot(explorer, "hip_mechanics", "2_flexion_90_adduction")


def test_citation_audit_app_with_keyboard_and_mouse(visit: Callable[..., Visit]) -> None:
    learner, explorer = open_app(visit, "citation_audit")
    page = learner.page
    supports = dropdown(explorer, "Supports the claim?")
    search = explorer.get_by_role("textbox", name="Search:")
    citation = dropdown(explorer, "Compare one citation:")
    card = explorer.locator(".glutelab-card")
    expect_audit(explorer, *audit_count())
    check_view(learner, explorer, charts=0)  # tables only
    shot(explorer, "citation_audit", "1_initial")

    # keyboard only: Tab to the search box and type "spine" (the table follows each key);
    # Tab on to the citation chooser, Space opens it, arrows to citation 9, Enter
    tab_to(page, search, max_presses=5)
    type_and_enter(page, search, "spine", enter=False)
    total, numbers = audit_count(search="spine")
    expect_audit(explorer, total, numbers)
    assert 9 in numbers and len(numbers) > 1
    tab_to(page, citation, max_presses=TAB_LIMIT)
    nine = citation.locator("option", has_text=re.compile(r"^9\.\s"))
    choose_with_keyboard(page, citation, nine.get_attribute("value") or "", open_key="Space")
    expect(card.locator("h3")).to_have_text("Citation 9 as printed")

    # mouse: Supports the claim? -> Partly
    choose_with_mouse(page, supports, SUPPORT_WORDS["partly"])
    expect_audit(explorer, *audit_count(supports="partly", search="spine"))
    expect(card.locator("h3")).to_have_text("Citation 9 as printed")
    check_view(learner, explorer, charts=0)
    shot(explorer, "citation_audit", "2_spine_citation_9_partly")


# --- the classroom ------------------------------------------------------------------------------


def test_programme_builder_app_with_keyboard_and_mouse(visit: Callable[..., Visit]) -> None:
    learner, explorer = open_app(visit, "programme_builder")
    page = learner.page
    expect(explorer).to_contain_text("it is not a prescription")
    shortlist = explorer.locator("table.glutelab-shortlist")
    goal = dropdown(explorer, "Goal:")
    stage = dropdown(explorer, "Irritability:")
    pain = explorer.get_by_role("checkbox", name="Lateral hip pain")
    # the start: rehabilitation, moderate irritability, body weight only, no lateral hip pain
    expect(shortlist).to_contain_text("Side-lying hip abduction")
    expect(shortlist).to_contain_text("Single-leg squat")
    check_view(learner, explorer, charts=0)
    shot(explorer, "programme_builder", "1_initial")

    # keyboard only: Tab to the check box, Space ticks it; side-lying work leaves the list
    tab_to(page, pain, max_presses=8)
    page.keyboard.press("Space")
    expect(pain).to_be_checked()
    expect(shortlist).not_to_contain_text("Side-lying hip abduction")
    expect(shortlist).to_contain_text("compressive if the hip drops into adduction")
    # Shift+Tab back to the irritability drop-down, choose High: nothing standing
    tab_to(page, stage, max_presses=6, backwards=True)
    choose_with_keyboard(page, stage, "High (flares easily, settles slowly)")
    expect(shortlist).not_to_contain_text("Single-leg squat")
    expect(shortlist).to_contain_text("Glute bridge (both legs)")

    # mouse: the goal, and the dose card follows it with its source
    choose_with_mouse(page, goal, "Strength")
    expect(explorer).to_contain_text("Dose card")
    expect(explorer).to_contain_text("ACSM 2009 position stand")
    check_view(learner, explorer, charts=0)
    shot(explorer, "programme_builder", "2_high_lateral_hip_pain_strength")


def test_landing_page_lists_every_app_and_opens_one_from_the_keyboard(
    visit: Callable[..., Visit], classroom: VoilaServer
) -> None:
    learner = visit("/")
    page = learner.page
    expect(page).to_have_title("glutelab explorers")
    expect(page.get_by_role("heading", level=1)).to_have_text("glutelab explorers")
    items = page.locator("ul.glutelab-apps > li")
    expect(items).to_have_count(len(APPS))
    assert len(APPS) == len(list(APPS_DIR.glob("*.ipynb"))) == 8
    for item, app in zip(items.all(), APPS.values(), strict=True):
        link = item.get_by_role("link")
        expect(link).to_have_text(app.title)
        expect(link).to_have_attribute("href", f"/voila/render/{app.path}")
        expect(item.locator(".summary")).to_have_text(app.summary)
    problems = axe_problems(page)
    assert problems == [], "axe-core (any impact):\n" + "\n".join(problems)
    save_screenshot(page.locator("main"), "voila_landing_page")
    learner.assert_clean()

    # keyboard only: Tab to the first explorer's link, Enter opens it
    first = next(iter(APPS.values()))
    tab_to(page, page.get_by_role("link", name=first.title), max_presses=3)
    page.keyboard.press("Enter")
    expect(page).to_have_url(classroom.url(f"/voila/render/{first.path}"))
    expect(page.locator("#loading")).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name=first.title, exact=True)).to_be_visible()
    expect(page.locator("#rendered_cells .jupyter-widgets select").first).to_be_visible()
    learner.assert_clean()


def test_closing_the_tab_frees_the_kernel_at_once(
    visit: Callable[..., Visit], classroom: VoilaServer
) -> None:
    learner, _explorer = open_app(visit, "scenarios")
    kernel = learner.kernel_id()
    wait_connected(classroom, kernel)
    assert classroom.status()["learners"] == 1
    learner.page.close(run_before_unload=True)  # the page's own shutdown request
    classroom.wait_until(lambda: classroom.kernel(kernel) is None, "kernel shut down", CULL_WAIT)
    assert classroom.log_lines(f"Kernel shutdown: {kernel}"), "no shutdown in the log"
    refused = classroom.log_lines(rf"\b4\d\d POST /voila/api/shutdown/{kernel}")
    assert refused == [], f"the page's shutdown request was refused: {refused}"
    assert classroom.log_lines(rf"Culling .*\({kernel}\)") == [], "culled, not shut down by the tab"


def test_a_vanished_tab_is_culled_and_the_pool_refills(
    visit: Callable[..., Visit], classroom: VoilaServer
) -> None:
    """Also: a kernel that waited in the pool for longer than the idle time is not culled
    when a learner takes it (stock Voilà culled it before the page connected: the explorer
    never appeared)."""
    app = "anatomy"
    classroom.wait_until(classroom.pools_full, "every pool full", 180)
    before = classroom.status()
    assert before["learners"] == 0 and before["pools"][f"{app}.ipynb"]["ready"] == 1
    assert classroom.kernel_processes() == before["kernels"] == len(APPS) * SETTINGS.pool_size
    # let the pooled kernel sit idle past the idle time, over a few culling rounds
    time.sleep(SETTINGS.cull_idle_timeout + 2 * SETTINGS.cull_interval)

    learner, explorer = open_app(visit, app)
    kernel = learner.kernel_id()
    assert classroom.log_lines(f"Using pre-heated kernel: {kernel} for {app}.ipynb"), (
        "the page did not get the pre-heated kernel"
    )
    wait_connected(classroom, kernel)
    assert classroom.log_lines(rf"Culling .*\({kernel}\)") == [], "the learner's kernel was culled"
    first = chart_src(chart_in(explorer))
    choose_with_mouse(learner.page, dropdown(explorer, "Muscle:"), "Gluteus minimus")
    expect_chart_changed(explorer, first)
    assert classroom.status()["learners"] == 1
    # the pool refills behind the learner: the next learner gets a pre-heated kernel too
    classroom.wait_until(classroom.pools_full, "the pool refilled", 180)
    assert classroom.kernel_processes() == len(APPS) * SETTINGS.pool_size + 1

    # the tab vanishes without a word (a crashed browser): no unload, no shutdown request
    learner.page.close(run_before_unload=False)
    seconds = classroom.wait_until(
        lambda: classroom.kernel(kernel) is None, "the idle kernel culled", CULL_WAIT + 60
    )
    print(f"kernel {kernel} culled {seconds:.1f} s after its tab vanished")
    culled = classroom.log_lines(rf"Culling 'idle' kernel .*\({kernel}\) with 0 connections")
    assert culled, f"kernel {kernel} went away, but not by culling"
    assert seconds <= CULL_WAIT, (
        f"culled after {seconds:.0f} s; configured: idle {SETTINGS.cull_idle_timeout} s, "
        f"checked every {SETTINGS.cull_interval} s (+{SLACK:.0f} s allowed)"
    )
    after = classroom.status()
    assert after["learners"] == 0
    assert after["pools"] == before["pools"]  # the pools are full, and no pooled kernel culled
    assert classroom.kernel_processes() == len(APPS) * SETTINGS.pool_size


def test_every_page_works_with_other_hosts_blocked(
    visit: Callable[..., Visit], classroom: VoilaServer
) -> None:
    blocked: list[str] = []
    landing = visit("/", offline=True, blocked=blocked)
    expect(landing.page.locator("ul.glutelab-apps > li")).to_have_count(len(APPS))
    landing.assert_clean()
    for app in APPS:
        learner, _explorer = open_app(visit, app, offline=True, blocked=blocked)
        assert images_without_alt(learner.page.locator("#rendered_cells")) == []
        learner.assert_clean()
        # the page, nbconvert's two JupyterLab style sheets, the classroom page script and its
        # style sheet, the kernel: no JupyterLab application (voila.js asked for about 80
        # files), no MathJax
        paths = [urlsplit(url).path for url in learner.requests]
        kernel = f"/api/kernels/{learner.kernel_id()}"
        lab_styles = "/voila/templates/lab/static"
        assert sorted(paths) == sorted(
            [
                f"/voila/render/{app}.ipynb",
                f"{lab_styles}/index.css",
                f"{lab_styles}/theme-light.css",
                f"{STATIC_PATH}/{PAGE_STYLE}",
                f"{STATIC_PATH}/{PAGE_SCRIPT}",
                kernel,
            ]
        ), learner.requests
        assert [urlsplit(ws.url).path for ws in learner.websockets] == [f"{kernel}/channels"]
        assert learner.page.evaluate(STILL_SPINNER_JS), "the loading logo spins"
        learner.page.close(run_before_unload=True)
        classroom.wait_until(lambda: classroom.status()["learners"] == 0, "tab closed", CULL_WAIT)
    assert blocked == [], f"the pages asked other hosts for: {blocked}"


def test_a_page_whose_kernel_has_gone_says_what_to_do(
    visit: Callable[..., Visit], classroom: VoilaServer
) -> None:
    """The page script finds no kernel (the server answers 404 for it, as after a cull or a
    restart of the server): the page says so and what to do, instead of "Running ..." for ever."""
    asked: list[str] = []

    def kernel_gone(context: BrowserContext) -> None:
        def not_found(route: Route) -> None:
            asked.append(route.request.url)
            route.fulfill(status=404, content_type="application/json", body='{"message": "gone"}')

        context.route(re.compile(r"/api/kernels/[0-9a-f-]+(\?.*)?$"), not_found)

    learner = visit("/voila/render/anatomy.ipynb", prepare=kernel_gone)
    page = learner.page
    expect(page.get_by_role("alert")).to_have_text(
        "This explorer's session has ended. Reload the page to start a new one."
    )
    expect(page.locator("#loading")).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name=APPS["anatomy"].title)).to_be_visible()
    assert page.locator("#rendered_cells .jupyter-widgets").count() == 0
    assert [urlsplit(url).path for url in asked] == [f"/api/kernels/{learner.kernel_id()}"]
    problems = axe_problems(page)
    assert problems == [], "axe-core (any impact):\n" + "\n".join(problems)
    save_screenshot(page.locator("main"), "voila_kernel_gone")
    # the kernel Voilà gave the page was never reached: it is culled once idle (the teardown
    # waits for that)


OUTPUTS_APP = [
    "# Every kind of output\n\nWhat the classroom page shows besides the course's widgets.",
    "from IPython.display import HTML, display\n\n"
    "display(HTML('<p class=\"html-output\">An <b>HTML</b> output</p>'))",
    "print('Printed <b>text</b>')",
    "import base64\n\nimport numpy as np\n\nfrom glutelab.style import encode_png\n\n"
    "pixels = np.zeros((4, 6, 4), dtype=np.uint8)\npixels[..., 3] = 255\n"
    "png = base64.b64encode(encode_png(pixels)).decode()\n"
    "display({'image/png': png}, raw=True, metadata={'image/png': {'alt': 'A black box'}})",
    "import ipywidgets as widgets\n\nwidgets.Output()  # a widget the page script does not load",
    "widgets.IntSlider(description='Count')",
]


def test_a_page_shows_each_kind_of_output_and_says_when_a_widget_cannot_be_shown(
    browser: Browser, tmp_path: Path
) -> None:
    """The page script renders HTML, printed text, a PNG with its alt text and ipywidgets 8's
    controls; a widget it does not load (an Output widget) gets a message for the learner."""
    import nbformat

    apps = tmp_path / "apps"
    apps.mkdir()
    first, *code = OUTPUTS_APP
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(first), *map(nbformat.v4.new_code_cell, code)]
    )
    nbformat.write(notebook, apps / "outputs.ipynb")
    server = start_voila(tmp_path / "home", Classroom(max_learners=1, apps_dir=apps))
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        console = ConsoleLog()
        console.attach(page)
        page.goto(server.app_url("outputs"))
        expect(page.locator("#loading")).to_have_count(0)
        cells = page.locator("#rendered_cells")
        expect(cells.locator(".html-output b")).to_have_text("HTML")
        expect(cells.locator("pre")).to_have_text("Printed <b>text</b>\n")  # text, not markup
        image = cells.get_by_role("img", name="A black box")
        expect(image).to_be_visible()
        assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [6, 4]
        expect(cells.get_by_role("slider", name="Count")).to_be_visible()
        expect(cells.get_by_role("alert")).to_have_text(
            "This part of the explorer could not be shown. Reload the page; "
            "if it happens again, tell your teacher."
        )
        problems = axe_problems(page)
        assert problems == [], "axe-core (any impact):\n" + "\n".join(problems)
        save_screenshot(page.locator("main"), "voila_every_output")
        # ipywidgets' manager and the page script say which widget and why, in the console
        assert any("a widget could not be shown" in error for error in console.errors)
        assert console.errors and all(
            "@jupyter-widgets/output 1.0.0" in error for error in console.errors
        ), console.errors
    finally:
        context.close()
        server.stop()


def test_a_full_class_gets_a_clear_message_and_a_freed_place(
    visit: Callable[..., Visit], classroom: VoilaServer
) -> None:
    cap = SETTINGS.max_learners
    learners = [open_app(visit, app)[0] for app in ("anatomy", "scenarios")]
    assert len(learners) == cap
    for learner in learners:
        wait_connected(classroom, learner.kernel_id())
    assert classroom.status()["learners"] == cap
    # the two pools refill fill_delay (20 s) after their hand-out: count once they have, so
    # that a refill cannot pass for a kernel started for the refused page
    classroom.wait_until(classroom.pools_full, "the pools refilled", 180)
    kernels = classroom.kernel_processes()

    # one learner more than there are places
    late = visit("/voila/render/myths.ipynb")
    response = late.response
    assert response is not None and response.status == 503
    assert response.headers.get("retry-after") == "60"
    page = late.page
    expect(page).to_have_title(re.compile(r"^This class is full right now"))
    expect(page.get_by_role("heading", level=1)).to_have_text("This class is full right now")
    expect(page.get_by_role("status")).to_contain_text(f"All {cap} places on this server")
    expect(page.get_by_role("link", name="try again")).to_be_visible()
    problems = axe_problems(page)
    assert problems == [], "axe-core (any impact):\n" + "\n".join(problems)
    save_screenshot(page.locator("main"), "voila_class_full")
    assert classroom.status()["learners"] == cap
    assert classroom.kernel_processes() == kernels, "a kernel was started for the refused page"
    assert late.console.errors == [
        f"console.error: Failed to load resource: the server responded with a status of 503 "
        f"(Service Unavailable) ({classroom.url('/voila/render/myths.ipynb')})"
    ]

    # a learner closes their tab: the place is free, and "try again" now opens the explorer
    learners[0].page.close(run_before_unload=True)
    classroom.wait_until(lambda: classroom.status()["learners"] == cap - 1, "a place free", 60)
    page.get_by_role("link", name="try again").click()
    expect(page.locator("#loading")).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name=APPS["myths"].title)).to_be_visible()
    expect(page.get_by_role("textbox", name="What did the client say?")).to_be_visible()
