"""The classroom Voilà's pieces without a browser: app list, configuration, places, templates.

The served pages themselves are tested in a real browser in ``browser/test_voila_apps.py``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from classroom.voila_classroom import (
    APPS_DIR,
    CLASSROOM_DIR,
    PAGE_SCRIPT,
    PAGE_STYLE,
    STATIC_DIR,
    TEMPLATES_DIR,
    ClassroomKernelManager,
    _preheated,
    list_apps,
    read_app,
)

from .conftest import ROOT


def test_the_landing_page_lists_every_app_in_the_course_order() -> None:
    apps = list_apps(APPS_DIR)
    assert [app.path for app in apps] == [
        "anatomy.ipynb",
        "scenarios.ipynb",
        "myths.ipynb",
        "exercises.ipynb",
        "emg_pipeline.ipynb",
        "citation_audit.ipynb",
        "programme_builder.ipynb",
    ]
    assert [app.course_notebook[:2] for app in apps] == ["01", "02", "03", "04", "06", "07", "11"]
    for app in apps:
        assert app.title and "*" not in app.title
        assert app.summary.endswith(".") and "Keyboard" not in app.summary


def test_an_app_without_a_title_and_summary_is_refused(tmp_path: Path) -> None:
    notebook = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["Just a sentence."]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(ValueError, match="must be '# Title' and a summary"):
        read_app(path, tmp_path)
    # on the landing page it is listed by its file name, after the course's explorers
    (listed,) = list_apps(tmp_path)
    assert (listed.path, listed.title, listed.summary) == ("bad.ipynb", "Bad", "")


def _config() -> dict[str, Any]:
    config: dict[str, Any] = json.loads((CLASSROOM_DIR / "voila.json").read_text("utf-8"))
    return config


def test_the_class_configuration_preheats_culls_and_caps() -> None:
    config = _config()
    voila = config["VoilaConfiguration"]
    assert voila["preheat_kernel"] is True and voila["default_pool_size"] >= 1
    # a ?template= or ?theme= in the address must not bring back Voilà's CDN template
    assert voila["allow_template_override"] == voila["allow_theme_override"] == "NO"
    cull = config["MappingKernelManager"]
    assert cull["cull_idle_timeout"] > 0 and cull["cull_connected"] is False
    assert cull["cull_idle_timeout"] >= cull["cull_interval"] + 10
    assert config["ClassroomKernelManager"]["max_learners"] > 0


def test_make_apps_passes_the_documented_options() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\napps: setup") :].split("\n\n")[0]
    for option in (
        "--pool_size=",
        "--ClassroomVoila.app_pools=",
        "--ClassroomKernelManager.max_learners=",
        "--MappingKernelManager.cull_idle_timeout=",
        "--MappingKernelManager.cull_interval=",
        "-m classroom.voila_classroom",
    ):
        assert option in recipe, option


def test_places_count_reservations_and_the_cap() -> None:
    manager = ClassroomKernelManager(max_learners=2)
    assert manager.learners() == 0 and not manager.is_full()
    first, second = manager.reserve(), manager.reserve()
    assert manager.learners() == 2 and manager.is_full()
    first.release()
    first.release()  # twice: still one place back, not two
    assert manager.learners() == 1 and not manager.is_full()
    second.release()
    assert ClassroomKernelManager(max_learners=0).reserve() is not None
    unlimited = ClassroomKernelManager(max_learners=0)
    for _ in range(50):
        unlimited.reserve()
    assert not unlimited.is_full()


def test_kernels_started_for_a_pool_are_learners_only_once_handed_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``start_kernel`` inside a pool task (env VOILA_PREHEAT=True) marks the kernel as pooled.

    Jupyter Server's own start is replaced by a fake that just returns the id, so no kernel
    runs; the pool (``_pools``, Voilà's) is a dict of task lists, as in VoilaKernelManager.
    """
    started: list[str] = []

    async def fake_start(self: object, *, kernel_name: str | None = None, **kwargs: Any) -> str:
        started.append(kwargs["kernel_id"])
        return str(kwargs["kernel_id"])

    base = ClassroomKernelManager.__mro__[1]
    monkeypatch.setattr(base, "start_kernel", fake_start)
    monkeypatch.setattr(ClassroomKernelManager, "list_kernel_ids", lambda self: list(started))

    async def scenario() -> list[tuple[set[str], int]]:
        manager = ClassroomKernelManager(max_learners=2)
        pool_env = {"env": {"VOILA_PREHEAT": "True"}}
        pool_task = asyncio.ensure_future(manager.start_kernel(kernel_name="python3", **pool_env))
        await pool_task
        manager._pools = {"anatomy.ipynb": [pool_task]}  # type: ignore[attr-defined]
        seen = [(manager.pooled_kernel_ids(), manager.learners())]
        await manager.start_kernel(kernel_name="python3", env={"VOILA_PREHEAT": "False"})
        seen.append((manager.pooled_kernel_ids(), manager.learners()))
        manager._pools["anatomy.ipynb"].pop(0)  # type: ignore[attr-defined]  # handed out
        seen.append((manager.pooled_kernel_ids(), manager.learners()))
        return seen

    # A thread of its own: the browser tests' Playwright (sync API) keeps an event loop
    # running in the main thread, where asyncio.run() refuses to start.
    with ThreadPoolExecutor(max_workers=1) as thread:
        seen = thread.submit(asyncio.run, scenario()).result()
    (pooled, learners), (still_pooled, one), (none_pooled, two) = seen
    assert len(started) == 2
    assert pooled == still_pooled == {started[0]} and learners == 0
    assert one == 1  # the learner's own kernel
    assert none_pooled == set() and two == 2


def test_a_pooled_kernel_is_ready_only_once_its_notebook_has_run() -> None:
    """The status counts a pool's kernel as ready when Voilà's render task has finished too."""

    async def scenario() -> list[bool]:
        notebook_ran = asyncio.Event()
        render = asyncio.ensure_future(notebook_ran.wait())

        async def pool_entry() -> dict[str, Any]:  # what Voilà's _initialize returns
            return {"task": render, "kernel_id": "k1"}

        async def failed_start() -> dict[str, Any]:
            raise RuntimeError("kernel died")

        pool_task, broken = (
            asyncio.ensure_future(pool_entry()),
            asyncio.ensure_future(failed_start()),
        )
        await asyncio.wait([pool_task, broken])
        seen = [_preheated(pool_task), _preheated(broken)]
        notebook_ran.set()
        await render
        seen.append(_preheated(pool_task))
        return seen

    with ThreadPoolExecutor(max_workers=1) as thread:  # see the test above
        assert thread.submit(asyncio.run, scenario()).result() == [False, False, True]


def test_a_learner_gets_a_ready_kernel_first_and_never_waits_for_a_sleeping_refill() -> None:
    """The pool's order before a hand-out: ready, then starting; a sleeping refill is replaced.

    The pool holds tasks as Voilà's does: a refill is ``wait_before(fill_delay, start)``.
    """

    async def wait_before(delay: float, aw: Any) -> Any:  # as in voila_kernel_manager
        await asyncio.sleep(delay)
        return await aw

    async def scenario() -> list[list[str]]:
        manager = ClassroomKernelManager()
        names: dict[asyncio.Task[Any], str] = {}
        hold = asyncio.Event()

        async def preheated() -> dict[str, Any]:
            return {"task": None, "kernel_id": "k"}

        async def starting() -> dict[str, Any]:
            await hold.wait()
            return {"task": None, "kernel_id": "k"}

        def task(name: str, coroutine: Any) -> asyncio.Task[Any]:
            made = asyncio.ensure_future(coroutine)
            names[made] = name
            return made

        sleeping = task("sleeping", wait_before(3600, preheated()))
        started = task("starting", starting())
        manager._pool_task_kernels[started] = "k-starting"
        ready = task("ready", preheated())
        await asyncio.sleep(0)  # every task begins; "ready" finishes
        pool = [sleeping, started, ready]
        manager._pools = {"anatomy.ipynb": pool}  # type: ignore[attr-defined]

        def fill_if_needed(delay: float, notebook_name: str) -> None:  # Voilà's, delay=0
            pool.append(task(f"now-{delay}", preheated()))

        manager.fill_if_needed = fill_if_needed  # type: ignore[attr-defined]
        orders = []
        for _ in range(3):
            manager.put_best_kernel_first("anatomy.ipynb")
            orders.append([names[t] for t in pool])
            pool.pop(0)  # handed out, as Voilà does
        hold.set()
        await asyncio.gather(*pool, sleeping, return_exceptions=True)
        orders.append([str(sleeping.cancelled())])
        return orders

    with ThreadPoolExecutor(max_workers=1) as thread:  # see the test above
        orders = thread.submit(asyncio.run, scenario()).result()
    assert orders == [
        ["ready", "sleeping", "starting"],
        ["starting", "sleeping"],
        ["now-0"],
        ["True"],
    ]


def test_the_templates_load_nothing_from_other_hosts() -> None:
    for template in TEMPLATES_DIR.iterdir():
        text = template.read_text(encoding="utf-8")
        linked = re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)
        imported = re.findall(r"""import\(\s*["'](?:https?:)?//""", text)
        assert linked == imported == [], f"{template.name} loads from another host"


def test_the_apps_have_no_mathematics_for_the_page_to_miss() -> None:
    """The classroom's page script has no typesetter (no MathJax): TeX would show as typed."""
    tex = re.compile(r"\$[^$\n]+\$|\\\(|\\\[")
    for app in APPS_DIR.glob("*.ipynb"):
        cells = json.loads(app.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            assert not tex.search("".join(cell["source"])), f"{app.name} has TeX: {cell['source']}"
    widget_text = "".join(p.read_text() for p in (ROOT / "glutelab").glob("*widget*.py"))
    assert "HTMLMath" not in widget_text


FRONTEND_DIR = CLASSROOM_DIR / "frontend"


def frontend_digest() -> str:
    """SHA-256 of the page script's sources, computed as ``frontend/build.mjs`` does."""
    files: list[str] = []
    for entry in ("package.json", "package-lock.json", "build.mjs", "src"):
        path = FRONTEND_DIR / entry
        if path.is_dir():
            files += [
                f.relative_to(FRONTEND_DIR).as_posix() for f in path.rglob("*") if f.is_file()
            ]
        else:
            files.append(entry)
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + (FRONTEND_DIR / name).read_bytes() + b"\0")
    return digest.hexdigest()


def test_the_page_script_is_built_from_the_frontend_sources_as_they_are() -> None:
    """A change to ``frontend/`` without ``make frontend`` fails here (the bundle is stale)."""
    first_line = (STATIC_DIR / PAGE_SCRIPT).read_text(encoding="utf-8").split("\n", 1)[0]
    assert f"sources sha256 {frontend_digest()}" in first_line, (
        f"{PAGE_SCRIPT} was built from other sources than classroom/frontend/ holds: "
        "run `make frontend` and commit classroom/static/"
    )


def page_widget_modules() -> set[str]:
    """The widget modules the page script can load (``WIDGET_MODULES`` in ``src/page.js``)."""
    source = (FRONTEND_DIR / "src" / "page.js").read_text(encoding="utf-8")
    table = re.search(r"const WIDGET_MODULES = \{(.*?)\};", source, re.DOTALL)
    assert table, "src/page.js has no WIDGET_MODULES table"
    return set(re.findall(r'"(@[\w-]+/[\w-]+)"', table.group(1)))


@pytest.mark.parametrize("app", sorted(p.stem for p in APPS_DIR.glob("*.ipynb")))
def test_every_widget_an_app_makes_is_one_the_page_script_can_show(app: str) -> None:
    """The page script loads ipywidgets 8's base and controls widgets only (no Output widget,
    no other package, no ipywidgets-7 model) and shows HTML descriptions as text: an app that
    needed more would show a message instead of its widget."""
    import ipywidgets.widgets.widget as ipywidget

    # every widget in the kernel: what ipywidgets' "request_states" sends to the page
    before = set(ipywidget._instances)
    cells = json.loads((APPS_DIR / f"{app}.ipynb").read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, Any] = {}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec("".join(cell["source"]), namespace)  # as a kernel runs the app
    made = [w for key, w in ipywidget._instances.items() if key not in before]
    assert made, f"{app} made no widget"
    modules = page_widget_modules()
    assert modules == {"@jupyter-widgets/base", "@jupyter-widgets/controls"}
    for widget in made:
        kinds = [(widget._model_module, widget._model_module_version, widget._model_name)]
        if widget._view_name is not None:
            kinds.append((widget._view_module, widget._view_module_version, widget._view_name))
        for module, version, name in kinds:
            assert module in modules and version.startswith("2."), (
                f"{app}: {type(widget).__name__} needs {name} from {module} {version}, "
                "which classroom/frontend/src/page.js does not load"
            )
        assert not getattr(widget, "description_allow_html", False), (
            f"{app}: {type(widget).__name__} has an HTML description, which the page shows as text"
        )
    for widget in made:
        widget.close()


def test_the_bundled_packages_have_their_licences_beside_the_page_script() -> None:
    licences = (STATIC_DIR / "classroom-page.LICENSES.txt").read_text(encoding="utf-8")
    listed = set(re.findall(r"^(@?[\w.-]+(?:/[\w.-]+)?) \d[\w.-]* \(", licences, re.MULTILINE))
    package = json.loads((FRONTEND_DIR / "package.json").read_text(encoding="utf-8"))
    assert set(package["dependencies"]) <= listed
    assert {"backbone", "jquery", "nouislider"} <= listed  # what ipywidgets' views build on
    assert "esbuild" not in listed  # the build tool is not in the bundle


def test_an_explorer_page_loads_the_classroom_page_script_instead_of_voilas() -> None:
    page = (TEMPLATES_DIR / "index.html.j2").read_text(encoding="utf-8")
    assert f"voila/classroom/static/{PAGE_SCRIPT}" in page
    assert f"voila/classroom/static/{PAGE_STYLE}" in page
    code = re.sub(r"\{#.*?#\}", "", page, flags=re.DOTALL)  # the template's comments left out
    assert "voila.js" not in code and "voila-style.js" not in code
    assert "voila_setup_labextensions" not in code  # the macro that adds voila.js
