"""Serve the course's explorers (``apps/``) to a class: Voilà with a pool, culling and a cap.

``python -m classroom.voila_classroom [VOILA OPTIONS]`` (what ``make apps`` runs) starts Voilà on
``apps/`` with the settings in ``classroom/voila.json`` and five changes to stock Voilà 0.5.13:

1. **Landing page.** ``/`` (and ``/voila/tree``) list the explorers, one line each, read from the
   notebooks themselves (:func:`list_apps`), instead of Voilà's file browser.
2. **A cap on learners** (:class:`ClassroomKernelManager`, ``max_learners``). A learner is a
   kernel that is not waiting in a pre-heated pool. When every place is taken, an explorer's page
   answers HTTP 503 with a plain message (``templates/classroom_full.html``) instead of starting
   one more kernel. Checked before anything is started, with a reservation held until the
   learner's kernel exists, so two learners arriving at the same moment cannot both take the
   last place.
3. **Closed tabs free their kernel.** Voilà's page (and the classroom's page script, 5.) asks the
   server to shut its kernel down when the tab closes (a ``sendBeacon`` to
   ``/voila/api/shutdown/<kernel>``) and sends the value of the ``_xsrf`` cookie with it, but
   Voilà never sets that cookie on an explorer's page: the
   request was refused (403 "'_xsrf' argument missing") and the kernel kept running until the
   server stopped. :class:`ClassroomRenderHandler` sets the cookie. Idle culling
   (``MappingKernelManager.cull_*``) stays on for tabs that vanish without saying so (a crashed
   browser, a laptop closed, a lost connection).
4. **Pre-heated kernels are not culled as soon as a learner gets one.** A kernel waiting in the
   pool looks idle since it ran the notebook; handed out after a long wait, stock Voilà could
   cull it in the second before the learner's page connects to it. The kernel manager's
   ``cull_kernels`` restarts the idle clock of every pooled kernel at each culling round.
5. **A light page script.** An explorer's page loads ``static/classroom-page.js`` (built from
   ``frontend/``) instead of Voilà's ``voila.js``: it connects to the page's kernel and puts the
   outputs in place with ipywidgets' widget manager, where ``voila.js`` starts a whole JupyterLab
   application (about 80 requests and 1-2 CPU-seconds of the browser's work per page, and 13
   console warnings about JupyterLab versions). See ``templates/index.html.j2``.

The pages request nothing from other hosts (``templates/``, see ``index.html.j2``).
``/voila/classroom/status`` reports places and pools as JSON (for the teacher and the tests).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_core.paths import jupyter_config_path
from jupyter_server.base.handlers import APIHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import url_path_join
from traitlets import Dict, Integer, default
from voila.app import Voila
from voila.handler import BaseVoilaHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

CLASSROOM_DIR = Path(__file__).resolve().parent
ROOT = CLASSROOM_DIR.parent
APPS_DIR = ROOT / "apps"
TEMPLATES_DIR = CLASSROOM_DIR / "templates"
STATIC_DIR = CLASSROOM_DIR / "static"
STATUS_PATH = "/voila/classroom/status"
STATIC_PATH = "/voila/classroom/static"
PAGE_SCRIPT = "classroom-page.js"
"""An explorer's page script in ``static/`` (built from ``frontend/``)."""
PAGE_STYLE = "classroom-page.css"
RETRY_AFTER_SECONDS = 60

# --- the landing page -------------------------------------------------------------------------


@dataclass(frozen=True)
class App:
    """One explorer notebook: its path (relative to the apps folder), title and one-line summary."""

    path: str
    title: str
    summary: str
    course_notebook: str


def _plain(markdown: str) -> str:
    """Markdown emphasis and code marks removed, white space collapsed.

    >>> _plain("Choose **one** of the *gluteal*   muscles: `x`")
    'Choose one of the gluteal muscles: x'
    """
    return " ".join(re.sub(r"[*`]", "", markdown).split())


def read_app(path: Path, root: Path) -> App:
    """The title (first ``#`` heading) and summary (the paragraph after it) of an app notebook.

    ``metadata.glutelab.course_notebook`` names the course notebook the explorer comes from;
    the landing page lists the apps in the course's order.
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if c["cell_type"] == "markdown"]
    if not cells:
        raise ValueError(f"{path.name}: no markdown cell with a title")
    paragraphs = [p.strip() for p in "".join(cells[0]["source"]).split("\n\n") if p.strip()]
    if not paragraphs or not paragraphs[0].startswith("# ") or len(paragraphs) < 2:
        raise ValueError(f"{path.name}: the first cell must be '# Title' and a summary paragraph")
    course = str(notebook.get("metadata", {}).get("glutelab", {}).get("course_notebook", ""))
    return App(
        path=path.relative_to(root).as_posix(),
        title=_plain(paragraphs[0][2:]),
        summary=_plain(paragraphs[1]),
        course_notebook=course,
    )


def list_apps(root: Path) -> list[App]:
    """The app notebooks directly in ``root``, in the order of the course notebooks.

    A notebook a teacher adds without the title-and-summary layout is listed by its file name
    (after the course's explorers) rather than breaking the page.
    """
    apps = []
    for path in sorted(root.glob("*.ipynb")):
        if path.name.startswith("."):
            continue
        try:
            apps.append(read_app(path, root))
        except (ValueError, KeyError, TypeError):
            title = path.stem.replace("_", " ").capitalize()
            apps.append(App(path.relative_to(root).as_posix(), title, "", "~"))
    return sorted(apps, key=lambda app: (app.course_notebook, app.title))


# --- kernels: pools, places, culling ----------------------------------------------------------


class Reservation:
    """A place held for a learner whose kernel does not exist yet; released once (idempotent)."""

    def __init__(self, manager: ClassroomKernelManager) -> None:
        self._manager: ClassroomKernelManager | None = manager
        manager._reserved += 1

    def release(self) -> None:
        if self._manager is not None:
            self._manager._reserved -= 1
            self._manager = None


def _preheated(pool_task: asyncio.Task[Any]) -> bool:
    """Whether a pool task's kernel has started *and run its notebook* (ready to hand out).

    Voilà's pool task ends once the kernel has started; it leaves a render task
    (``result()["task"]``) that runs the notebook, which takes seconds more.
    """
    if not pool_task.done() or pool_task.cancelled() or pool_task.exception() is not None:
        return False
    render: asyncio.Task[Any] | None = pool_task.result().get("task")
    return render is None or render.done()


def _cancel_sleeping(pool_task: asyncio.Task[Any]) -> None:
    """Cancel a refill still in its ``fill_delay`` sleep (Voilà's ``wait_before(delay, aw)``).

    Its kernel-starting coroutine ``aw`` was created but never awaited: it is closed too, so
    Python does not warn that it was never awaited.
    """
    pool_task.cancel()
    frame = pool_task.get_coro().cr_frame  # type: ignore[union-attr]
    waiting = frame.f_locals.get("aw") if frame is not None else None
    if asyncio.iscoroutine(waiting):
        waiting.close()


class ClassroomKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager that knows which kernels are learners' and caps them.

    With ``preheat_kernel`` Voilà subclasses the configured kernel manager class
    (``VoilaConfiguration.multi_kernel_manager_class``) into its ``VoilaKernelManager``, which
    keeps ``_pools``: for each notebook, the tasks that start a kernel and run the notebook in
    it. A kernel leaves its pool when a learner's page takes it. This class records which
    kernel each pool task started (:meth:`start_kernel` runs inside that task), so it can tell
    pooled kernels from learners' kernels without changing Voilà.
    """

    max_learners = Integer(
        30,
        config=True,
        help="""Most learners (kernels not waiting in a pool) at a time; 0 for no limit. A learner
        who opens an explorer when every place is taken gets a page saying the class is full.""",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self._reserved = 0
        self._pool_task_kernels: weakref.WeakKeyDictionary[asyncio.Task[Any], str] = (
            weakref.WeakKeyDictionary()
        )

    async def start_kernel(  # type: ignore[override]
        self, *, kernel_name: str | None = None, **kwargs: Any
    ) -> str:
        """Start a kernel; remember it when it is started to fill a pre-heated pool."""
        kernel_id = kwargs.pop("kernel_id", None) or self.new_kernel_id()
        env = kwargs.get("env") or {}
        task = asyncio.current_task()
        if env.get("VOILA_PREHEAT") == "True" and task is not None:
            self._pool_task_kernels[task] = kernel_id
        started: str = await super().start_kernel(
            kernel_name=kernel_name, kernel_id=kernel_id, **kwargs
        )
        return started

    def _pool_tasks(self) -> dict[str, list[asyncio.Task[Any]]]:
        pools: dict[str, list[asyncio.Task[Any]]] = getattr(self, "_pools", {})
        return pools

    def pooled_kernel_ids(self) -> set[str]:
        """Kernels started for a pool that no learner has taken yet."""
        return {
            self._pool_task_kernels[task]
            for pool in self._pool_tasks().values()
            for task in pool
            if task in self._pool_task_kernels
        }

    def learner_kernel_ids(self) -> set[str]:
        return set(self.list_kernel_ids()) - self.pooled_kernel_ids()

    def learners(self) -> int:
        """Learners now: their kernels, and places reserved for kernels being started."""
        return len(self.learner_kernel_ids()) + self._reserved

    def is_full(self) -> bool:
        return 0 < self.max_learners <= self.learners()

    def reserve(self) -> Reservation:
        return Reservation(self)

    def put_best_kernel_first(self, notebook: str) -> None:
        """Put first in ``notebook``'s pool the kernel that keeps the next learner waiting least.

        Voilà hands out the pool's first task and waits for it, whatever its state. After a
        hand-out it adds a refill task that sleeps ``fill_delay`` seconds before starting a
        kernel (so refills do not compete with the pages of a class arriving together). Put
        first: a kernel that has run its notebook, else one that is starting; when only
        sleeping refills are left, one of them is replaced by a kernel started now.
        """
        pool = self._pool_tasks().get(notebook)
        if not pool:
            return

        def rank(task: asyncio.Task[Any]) -> int:
            if _preheated(task):
                return 0
            return 1 if task.done() or task in self._pool_task_kernels else 2  # 2: asleep

        best = min(pool, key=rank)  # the earliest of the best
        if rank(best) == 2:
            pool.remove(best)
            _cancel_sleeping(best)
            self.fill_if_needed(delay=0, notebook_name=notebook)  # type: ignore[attr-defined]
            best = pool[-1]
        pool.remove(best)
        pool.insert(0, best)

    def pool_size(self, notebook: str) -> int:
        """The configured pool size of ``notebook`` (Voilà's rule: its own entry, else default)."""
        config: dict[str, Any] = getattr(self, "kernel_pools_config", {})
        default_config = config.get("default", {})
        size = config.get(notebook, default_config).get(
            "pool_size", default_config.get("pool_size", 1)
        )
        return int(size)

    def classroom_status(self) -> dict[str, Any]:
        """Places and pools, for ``/voila/classroom/status``."""
        alive = set(self.list_kernel_ids())
        pools = {}
        for notebook, pool in sorted(self._pool_tasks().items()):
            ready = [self._pool_task_kernels.get(task) for task in pool if _preheated(task)]
            pools[notebook] = {
                "size": self.pool_size(notebook),
                "ready": sum(1 for kernel in ready if kernel in alive),
                "starting": sum(1 for task in pool if not _preheated(task)),
            }
        return {
            "max_learners": self.max_learners,
            "learners": self.learners(),
            "kernels": len(alive),
            "cull_idle_timeout": self.cull_idle_timeout,
            "cull_interval": self.cull_interval,
            "pools": pools,
        }

    async def cull_kernels(self) -> None:
        """Restart the idle clock of pooled kernels, then cull as Jupyter Server does.

        Voilà never culls a pooled kernel, but its idle time keeps growing there. Without the
        reset a kernel handed out after waiting longer than ``cull_idle_timeout`` could be
        culled in the moment between the hand-out and the learner's page connecting to it.
        Now a kernel's idle time counts from (at most ``cull_interval`` before) the hand-out.
        """
        now = datetime.now(UTC)
        for kernel_id in self.pooled_kernel_ids():
            kernel = self._kernels.get(kernel_id)
            if kernel is not None:
                kernel.last_activity = now
        await super().cull_kernels()  # type: ignore[no-untyped-call]


# --- handlers -----------------------------------------------------------------------------------


def pools_full(status: dict[str, Any]) -> bool:
    """Whether every pre-heated pool in a ``/voila/classroom/status`` answer is full.

    >>> pools_full({"pools": {"anatomy.ipynb": {"size": 2, "ready": 2, "starting": 0}}})
    True
    >>> pools_full({"pools": {"anatomy.ipynb": {"size": 2, "ready": 1, "starting": 1}}})
    False
    """
    pools: dict[str, dict[str, int]] = status["pools"]
    return bool(pools) and all(pool["ready"] == pool["size"] for pool in pools.values())


class ClassroomRenderHandler(TornadoVoilaHandler):  # type: ignore[misc]
    """An explorer's page, unless the class is full; sets the ``_xsrf`` cookie (module doc, 3)."""

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        _ = self.xsrf_token  # sets the _xsrf cookie that the page's shutdown request sends back
        manager: ClassroomKernelManager = self.kernel_manager
        if manager.is_full():
            self.log.warning(
                "Class full (%d of %d places): refused %s",
                manager.learners(),
                manager.max_learners,
                self.request.path,
            )
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.set_header("Cache-Control", "no-store")
            self.write(
                self.render_template(
                    "classroom_full.html",
                    max_learners=manager.max_learners,
                    request_url=self.request.uri,
                )
            )
            return
        reservation = manager.reserve()
        if path:
            manager.put_best_kernel_first(path)
        try:
            # the first piece is sent once the learner's kernel exists (taken from the pool
            # or started): from then on it counts itself
            async for html in self.get_generator(path=path):
                reservation.release()
                self.write(html)
                self.flush()
        finally:
            reservation.release()


class LandingHandler(BaseVoilaHandler):  # type: ignore[misc]
    """The list of explorers at ``/`` and ``/voila/tree``."""

    def initialize(self, **kwargs: Any) -> None:
        super().initialize(**kwargs)
        self.apps_dir = Path(kwargs["apps_dir"])

    @tornado.web.authenticated
    def get(self, path: str = "") -> None:
        if path.strip("/"):
            self.redirect(self.base_url)
            return
        self.set_header("Cache-Control", "no-cache")
        self.write(self.render_template("classroom_index.html", apps=list_apps(self.apps_dir)))


class ClassroomStatusHandler(APIHandler):
    """Places and pools as JSON (no learner data: counts only)."""

    @tornado.web.authenticated
    def get(self) -> None:
        manager: ClassroomKernelManager = self.settings["kernel_manager"]
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(manager.classroom_status()))


# --- the application ------------------------------------------------------------------------------


def kernel_pools_config(app_pools: dict[str, int], default: int, root: Path) -> dict[str, Any]:
    """Voilà's ``kernel_pools_config`` for pool sizes by app name; unknown apps are refused.

    >>> kernel_pools_config({"anatomy": 20}, 1, APPS_DIR)
    {'default': {'pool_size': 1}, 'anatomy.ipynb': {'pool_size': 20}}
    >>> kernel_pools_config({"anatomyy": 20}, 1, APPS_DIR)
    Traceback (most recent call last):
    ...
    ValueError: app_pools: no app 'anatomyy' (apps: anatomy, citation_audit, ..., scenarios)
    """
    known = sorted(path.stem for path in root.glob("*.ipynb"))
    config: dict[str, Any] = {"default": {"pool_size": default}}
    for name, size in app_pools.items():
        if name not in known:
            raise ValueError(f"app_pools: no app {name!r} (apps: {', '.join(known)})")
        config[f"{name}.ipynb"] = {"pool_size": size}
    return config


class ClassroomStaticHandler(tornado.web.StaticFileHandler):
    """``static/``: the browser asks each time whether a file changed (a 304 when not), so a
    rebuilt page script reaches the learners without their clearing the browser's cache."""

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-cache")


class ClassroomVoila(Voila):  # type: ignore[misc]
    """Voilà for a class: ``apps/``, ``classroom/voila.json``, the classroom's handlers."""

    description = "Serve glutelab's explorers (apps/) to a class with Voilà."

    app_pools = Dict(
        value_trait=Integer(min=0),
        config=True,
        help="""Pre-heated kernels for particular explorers, by app name (``anatomy``), instead of
        ``pool_size``: ``--ClassroomVoila.app_pools anatomy=20`` when 20 learners will open the
        anatomy explorer at the same moment. The other explorers keep ``pool_size``.""",
    )

    @default("root_dir")
    def _default_root_dir(self) -> str:
        return str(APPS_DIR)

    @default("config_file_paths")
    def _config_file_paths_default(self) -> list[str]:
        # classroom/voila.json first (it wins), then the usual Jupyter config folders
        return [str(CLASSROOM_DIR), *jupyter_config_path()]

    def initialize(self, argv: list[str] | None = None) -> None:
        super().initialize(argv)
        configured = self.voila_configuration.multi_kernel_manager_class
        if not issubclass(configured, ClassroomKernelManager):
            self.log.info("Kernel manager: ClassroomKernelManager (was %s)", configured.__name__)
            self.voila_configuration.multi_kernel_manager_class = ClassroomKernelManager

    def setup_template_dirs(self) -> None:
        super().setup_template_dirs()
        # classroom/templates first: its index.html.j2 and page.html replace Voilà's
        voila_paths: list[str] = list(self.template_paths)  # type: ignore[has-type]
        self.template_paths = [str(TEMPLATES_DIR), *voila_paths]

    def init_settings(self) -> dict[str, Any]:
        if self.app_pools:
            self.config.VoilaKernelManager.kernel_pools_config = kernel_pools_config(
                self.app_pools, self.voila_configuration.default_pool_size, Path(self.root_dir)
            )
        settings: dict[str, Any] = super().init_settings()
        manager = self.kernel_manager
        if manager.cull_idle_timeout <= 0:
            self.log.warning(
                "Idle kernels are not culled (MappingKernelManager.cull_idle_timeout=0): a "
                "learner whose browser vanishes keeps a place until the server stops."
            )
        elif manager.cull_idle_timeout < manager.cull_interval + 10:
            self.log.warning(
                "cull_idle_timeout (%s s) should exceed cull_interval (%s s) by at least 10 s: "
                "a page that takes longer to connect to its kernel could lose it.",
                manager.cull_idle_timeout,
                manager.cull_interval,
            )
        return settings

    def init_handlers(self) -> list[Any]:
        apps = {"voila_configuration": self.voila_configuration, "apps_dir": self.root_dir}
        status = url_path_join(self.server_url, STATUS_PATH)
        static = url_path_join(self.server_url, STATIC_PATH, "(.*)")
        handlers: list[Any] = [
            (status, ClassroomStatusHandler),
            (static, ClassroomStaticHandler, {"path": str(STATIC_DIR)}),
        ]
        for pattern, handler, *rest in super().init_handlers():
            if handler is TornadoVoilaHandler:
                handlers.append((pattern, ClassroomRenderHandler, *rest))
            elif handler is TornadoVoilaTreeHandler:
                handlers.append((pattern, LandingHandler, apps))
            else:
                handlers.append((pattern, handler, *rest))
        return handlers


def main() -> None:
    """Serve the explorers to a class.

    Learners' kernels do not draw explorer states ahead in the background
    (``GLUTELAB_PREFETCH=0``, unless the teacher sets it): with a whole class on a few
    cores, drawing ahead in every kernel would slow every learner's first view.
    """
    os.environ.setdefault("GLUTELAB_PREFETCH", "0")
    ClassroomVoila.launch_instance()


if __name__ == "__main__":
    main()
