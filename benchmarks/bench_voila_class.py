"""Benchmark 9: the Voilà apps for a class - learners at once, open/close, memory, a slider.

The classroom Voilà (``python -m classroom.voila_classroom`` with ``classroom/voila.json``, as
``make apps`` runs it: a pool of one pre-heated kernel per app, the pool refilled 20 s after a
kernel is taken, idle culling, a cap of at least 30 learners; for the burst and the cycles the
app also gets a pool of ``--app-pool`` kernels, as ``make apps APP_POOLS="anatomy=10"`` gives
it, for a teacher who expects the class to open it at once) against plain ``voila
apps/<app>.ipynb`` (Voilà's defaults: a kernel started for each page, no culling), measured in
the same run, phase by phase (classroom, then plain). Every phase starts fresh servers with
``bench_voila_loads.py``'s command lines (private Jupyter folders, a free port) and uses one
headless Debian Chromium (Playwright's async API, so that learners really act at the same
moment):

1. *Burst*: once the server answers (classroom: its pools are full) and its processes are
   quiet, and the browser is quiet after opening the learners' tabs (a renderer process each,
   about 1 CPU-s; from session 6 on, before that it spilled into the measured loads),
   ``--learners`` (10) learners, each in a new browser context, navigate to the app
   (``apps/anatomy.ipynb``, ``--app``) at the same moment. *Time to widget*: from the start of
   the page's navigation (its ``performance.timeOrigin``) until Voilà's spinner is gone and
   the explorer's first drop-down is on the page (in-page ``performance.now()``, stamped by a
   ``MutationObserver`` at that DOM change and read every 250 ms: no polling in the pages while
   they load); a learner who has not seen it after ``--render-timeout`` s (120) did not render.
   With every learner connected (classroom: pools full again) and the processes quiet, the
   RSS of the server's process tree is read (``bench_class_scale.Sampler``: the server, each
   kernel with its children, the total; median of 3 readings). *Memory per connected
   learner* = (total with the learners - total before the burst) / learners; the learners'
   kernels are those with a websocket connection (``/api/kernels/<id>``).
2. *Slider*: one learner alone on a fresh server opens ``apps/emg_pipeline.ipynb``
   (``--slider-app``), focuses the handle of its first slider and presses ArrowRight or
   ArrowLeft ``--changes`` times (40; 15 with ``--quick``) after 2 untimed presses, walking
   to one end of the slider's range and back towards the other. *Slider-to-redraw*: from the
   key event's ``timeStamp`` until the chart's HTML (its ``<img>``) is replaced in the DOM (a
   ``MutationObserver``); *painted* adds decoding the new PNG and the next frame.
3. *Open/close*: a fresh server - the classroom with short culling
   (``cull_idle_timeout=20``, ``cull_interval=2`` instead of 600/60) - and ``--cycles`` (20;
   10 with ``--quick``) cycles of: new context, load the app, wait for the explorer, close
   the page as a tab closes (unload handlers run), close the context. Then, after
   cull_idle_timeout + 2 x cull_interval + ``--margin`` s, the kernel processes below the
   server (from /proc) and the tree's RSS. Plain Voilà keeps its defaults (it never culls)
   and is given the same wait.

Targets (for the classroom; plain Voilà's figures alongside): every learner of the burst
renders; time to widget p95 <= 10 s; kernels after the cycles = the pools' total size;
slider-to-redraw p95 <= 100 ms. Memory is reported.

Usage: .venv/bin/python benchmarks/bench_voila_class.py [--quick] [--learners 10]
       [--changes 40] [--cycles 20] [--app anatomy] [--slider-app emg_pipeline]
       [--kinds classroom plain] [--phases burst slider cycles] [--render-timeout 120]
       [--margin 20] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil
from _common import Result, finish, mib, ms, parser, percentile, project_module, table
from bench_class_scale import Sampler
from bench_voila_loads import EXPLORER_SHOWN
from bench_voila_loads import start as start_server
from playwright.async_api import Browser, BrowserContext, Locator, Page, ViewportSize
from playwright.async_api import Error as PlaywrightError
from report import Figure

lab = project_module("tests.browser.lab")  # Chromium and its flags, stopping a server's group
classroom = project_module("classroom.voila_classroom")  # what /voila/classroom/status means

KINDS = ("classroom", "plain")
PHASES = ("burst", "slider", "cycles")
LEARNERS = 10
TTW_P95_S = 10.0
SLIDER_P95_MS = 100.0
CULL_IDLE_S, CULL_INTERVAL_S = 20, 2
"""The short culling of the open/close phase (``make apps``: 600 s, checked every 60 s)."""
STATUS_PATH = classroom.STATUS_PATH
VIEWPORT: ViewportSize = {"width": 1366, "height": 900}
POLL_MS = 250
"""How often the benchmark reads the page's stamp (STAMP_JS), not how precise the time is."""
WARM_UP = 2
STEP_TIMEOUT_MS = 30_000
PAUSE_S = 0.2
POOL_TIMEOUT_S = 300.0

STAMP_JS = f"""(() => {{
  const shown = {EXPLORER_SHOWN};
  const observer = new MutationObserver(() => {{
    if (window.__explorerShownAt === undefined && shown()) {{
      window.__explorerShownAt = performance.now();
      observer.disconnect();
    }}
  }});
  observer.observe(document, {{childList: true, subtree: true}});
}})();"""
"""Run in the page before its own scripts: the moment the DOM first shows the explorer, in the
page's clock (a MutationObserver: exact, and no polling competing with the pages' work)."""
SHOWN_AT_JS = """() => window.__explorerShownAt !== undefined && [window.__explorerShownAt,
    performance.timeOrigin, performance.getEntriesByType('navigation')[0].responseStart]"""
SLIDER_HANDLE = "#rendered_cells .widget-slider .noUi-handle"
HANDLE_JS = """h => {
  const label = document.getElementById(h.getAttribute('aria-labelledby'));
  return [label ? label.textContent : '', +h.getAttribute('aria-valuemin'),
          +h.getAttribute('aria-valuemax'), +h.getAttribute('aria-valuenow')];
}"""
ARM_JS = """timeoutMs => {
  const area = document.getElementById('rendered_cells') || document.body;
  const oldImg = area.querySelector('figure.glutelab-chart img');
  if (!oldImg) return 'no chart image on the page';
  const box = oldImg.closest('.widget-html-content');
  const oldSrc = oldImg.getAttribute('src');
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  let t0 = null;
  document.addEventListener('keydown', e => { t0 = e.timeStamp; }, {capture: true, once: true});
  window.__benchRedraw = new Promise(resolve => {
    const observer = new MutationObserver(async records => {
      if (!records.some(r => r.target === box && r.type === 'childList')) return;
      const at = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      const img = box.querySelector('img');
      if (img) await img.decode().catch(() => null);
      await frame();
      resolve({view: at - t0, painted: performance.now() - t0, keyed: t0 !== null,
               changed: img !== null && img.getAttribute('src') !== oldSrc});
    });
    const timer = setTimeout(() => { observer.disconnect();
                                     resolve({timedOut: true, keyed: t0 !== null}); }, timeoutMs);
    observer.observe(box, {childList: true});
  });
  return '';
}"""


# --- servers -----------------------------------------------------------------------------------


@dataclass
class Server:
    """A running Voilà of one kind: its process group, the app's address, its private home."""

    kind: str
    process: subprocess.Popen[bytes]
    url: str
    home: Path
    problems: list[str] = field(default_factory=list)
    """The server log's warnings, errors and tracebacks, read when it stops."""

    @property
    def pid(self) -> int:
        return self.process.pid

    def get(self, path: str) -> Any:
        """GET ``path`` on the server: the decoded JSON answer."""
        parts = urlsplit(self.url)
        address = f"{parts.scheme}://{parts.netloc}{path}"
        with urllib.request.urlopen(address, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def pools(self) -> dict[str, dict[str, int]]:
        """The classroom's pre-heated pools (``/voila/classroom/status``)."""
        pools: dict[str, dict[str, int]] = self.get(STATUS_PATH)["pools"]
        return pools

    def pools_full(self) -> bool:
        return bool(classroom.pools_full(self.get(STATUS_PATH)))

    def connected(self, kernel_ids: list[str]) -> list[str]:
        """The kernels with a websocket connection (a learner's page), per Voilà's kernel API."""
        found = []
        for kernel_id in kernel_ids:
            with contextlib.suppress(urllib.error.URLError, OSError, ValueError):
                if (self.get(f"/api/kernels/{kernel_id}") or {}).get("connections", 0) > 0:
                    found.append(kernel_id)
        return found


RUNNING: list[Server] = []
"""Servers not stopped yet: ``main`` stops whatever is left (SIGTERM, Ctrl-C, an error)."""


def stop(server: Server) -> None:
    """End the server's process group and kernels; remove its home. Safe to call twice."""
    if server in RUNNING:
        RUNNING.remove(server)
    lab.end_process_group(server.process)
    server.problems = log_problems(server.home / f"{server.kind}.log")
    shutil.rmtree(server.home, ignore_errors=True)
    notable = sorted(set(notable_problems(server.problems)))
    if notable:
        print(f"  {server.kind} server log: {len(notable)} distinct warning/error line(s):")
        for line in notable[:8]:
            print(f"    {line[:200]}", flush=True)


BENIGN = re.compile(r"is not trusted|running over TCP without encryption")
"""Log warnings every Voilà start gives (the apps carry no signature; kernels on localhost)."""


def notable_problems(lines: list[str]) -> list[str]:
    return [line for line in lines if not BENIGN.search(line)]


def log_problems(log: Path) -> list[str]:
    """Warning, error and traceback lines of a server log, timestamps cut off."""
    problem = re.compile(r"^\[[WEC] |Traceback|WARNING|ERROR|CRITICAL")
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [re.sub(r"^\[(\w) [\d\-: .]+ ", r"[\1 ", line) for line in lines if problem.search(line)]


def classroom_options(
    args: argparse.Namespace, short_cull: bool = False, app_pool: bool = True
) -> list[str]:
    """Overrides of ``classroom/voila.json``: a cap above the learners, --app's pool, culling."""
    options = [f"--ClassroomKernelManager.max_learners={max(30, args.learners)}"]
    if app_pool and args.app_pool:  # make apps APP_POOLS="<app>=<n>"; the others keep theirs
        options.append(f"--ClassroomVoila.app_pools={args.app}={args.app_pool}")
    if short_cull:
        options += [
            f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_S}",
            f"--MappingKernelManager.cull_interval={CULL_INTERVAL_S}",
        ]
    return options


@contextlib.asynccontextmanager
async def serving(kind: str, app: str, options: list[str]) -> AsyncIterator[Server]:
    """A fresh server of ``kind`` for ``app``, ready and quiet; stopped afterwards."""
    home = Path(tempfile.mkdtemp(prefix=f"glutelab-voila-class-{kind}-"))
    try:
        process, url, took = await asyncio.to_thread(start_server, kind, app, home, options)
    except BaseException:
        shutil.rmtree(home, ignore_errors=True)
        raise
    server = Server(kind, process, url, home)
    RUNNING.append(server)
    try:
        if kind == "classroom":
            await wait_for(server.pools_full, "pools full", POOL_TIMEOUT_S)
        quiet = await settle(server.pid)
        print(f"  {kind} server: answers after {took:.1f} s, quiet {quiet:.1f} s later", flush=True)
        yield server
    finally:
        stop(server)


async def wait_for(condition: Callable[[], bool], what: str, timeout: float) -> float:
    """Poll ``condition`` (in a thread, every 0.25 s) until it holds; the seconds it took."""
    began = time.monotonic()
    while not await asyncio.to_thread(condition):
        if time.monotonic() - began > timeout:
            raise TimeoutError(f"not within {timeout:.0f} s: {what}")
        await asyncio.sleep(0.25)
    return time.monotonic() - began


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of ``pid`` and every process below it."""
    total = 0.0
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(pid)
        for proc in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                total += times.user + times.system
    return total


def chromium_cpu() -> float:
    """CPU seconds of this benchmark's Chromium (every Chromium process below this one)."""
    total = 0.0
    for proc in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "chrom" in proc.name():
                times = proc.cpu_times()
                total += times.user + times.system
    return total


async def settle(pid: int | None, timeout: float = 120.0) -> float:
    """Wait until the server's tree (``pid``; None: this benchmark's Chromium) used under 15 %
    CPU in two 1-s windows; the seconds."""

    def cpu() -> float:
        return chromium_cpu() if pid is None else tree_cpu(pid)

    began, last, quiet = time.monotonic(), cpu(), 0
    while quiet < 2 and time.monotonic() - began < timeout:
        await asyncio.sleep(1.0)
        now = cpu()
        quiet = quiet + 1 if now - last < 0.15 else 0
        last = now
    return time.monotonic() - began


# --- memory ------------------------------------------------------------------------------------


def read_tree(pid: int) -> dict[str, Any]:
    """RSS of the server (with non-kernel helpers), of each kernel, and their total."""
    sample = Sampler(pid).sample()
    kernels: dict[str, int] = sample["kernels"]
    return {
        "server": sample["server"],
        "kernels": kernels,
        "total": sample["server"] + sum(kernels.values()),
    }


async def memory(server: Server, readings: int = 3) -> dict[str, Any]:
    """The median (by total) of ``readings`` tree readings 1 s apart, and the learners' kernels."""
    taken = []
    for number in range(readings):
        if number:
            await asyncio.sleep(1.0)
        taken.append(await asyncio.to_thread(read_tree, server.pid))
    middle: dict[str, Any] = sorted(taken, key=lambda m: m["total"])[len(taken) // 2]
    connected = await asyncio.to_thread(server.connected, list(middle["kernels"]))
    middle["learner_kernels"] = [middle["kernels"][k] for k in connected]
    return middle


def kernel_count(pid: int) -> int:
    """Kernel processes below the server (psutil reads /proc): ``ipykernel_launcher`` ones."""
    count = 0
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                count += "ipykernel_launcher" in " ".join(child.cmdline())
    return count


# --- a learner ---------------------------------------------------------------------------------


@dataclass
class Opened:
    """One page load: time to widget in the page, on the benchmark's clock, or why not."""

    seconds: float | None
    """From the navigation's start to the explorer on the page (in-page clock); None: not."""
    wall: float | None = None
    origin: float | None = None
    """The page's ``performance.timeOrigin`` (ms since the epoch): when its navigation began."""
    first_byte: float | None = None
    """Seconds from the navigation's start to the first byte of the server's answer."""
    detail: str = ""


async def open_app(page: Page, url: str, timeout: float) -> Opened:
    """Navigate to the app and wait for the explorer (at most ``timeout`` seconds)."""
    began = time.monotonic()
    try:
        await page.add_init_script(STAMP_JS)
        await page.goto(url, wait_until="commit", timeout=timeout * 1000)
        left = max(timeout - (time.monotonic() - began), 0.1)
        handle = await page.wait_for_function(SHOWN_AT_JS, timeout=left * 1000, polling=POLL_MS)
        at, origin, first_byte = await handle.json_value()
        return Opened(at / 1000, time.monotonic() - began, origin, first_byte / 1000)
    except PlaywrightError as error:
        return Opened(None, detail=f"{type(error).__name__}: {str(error).splitlines()[0][:160]}")


async def leave(page: Page | None, context: BrowserContext) -> None:
    """Close the tab as a learner does (unload handlers run), then the browser context."""
    with contextlib.suppress(PlaywrightError):
        if page is not None and not page.is_closed():
            await page.close(run_before_unload=True)
            await asyncio.sleep(0.5)  # the unload's shutdown request leaves before the context
        await context.close()


# --- phase 1: learners at once -----------------------------------------------------------------


async def burst(browser: Browser, kind: str, args: argparse.Namespace) -> dict[str, Any]:
    """``args.learners`` learners open the app at the same moment; times and memory."""
    async with serving(kind, args.app, classroom_options(args)) as server:
        contexts = [await browser.new_context(viewport=VIEWPORT) for _ in range(args.learners)]
        pages = [await context.new_page() for context in contexts]
        try:
            # Each new page starts a renderer process (about 1 CPU-s): let that finish, as the
            # learners' tabs are open before they follow the link, so that it is not billed to
            # the page loads measured below.
            await settle(None)
            before = await memory(server)
            print(f"  {kind}: {args.learners} learners open {args.app} at once ...", flush=True)
            cpu = (tree_cpu(server.pid), chromium_cpu(), time.monotonic())
            opened = await asyncio.gather(
                *(open_app(page, server.url, args.render_timeout) for page in pages)
            )
            cpu = (
                tree_cpu(server.pid) - cpu[0],
                chromium_cpu() - cpu[1],
                time.monotonic() - cpu[2],
            )
            for number, one in enumerate(opened, start=1):
                shown = f"{one.seconds:.2f} s" if one.seconds is not None else one.detail
                print(f"    learner {number}: {shown}", flush=True)
            if kind == "classroom":
                await wait_for(server.pools_full, "pools full again", POOL_TIMEOUT_S)
            await settle(server.pid)
            during = await memory(server)
        finally:
            await asyncio.gather(*(leave(p, c) for p, c in zip(pages, contexts, strict=True)))
    figures = burst_figures(opened, before, during, args.learners)
    figures.update(cpu={"server": cpu[0], "chromium": cpu[1], "seconds": cpu[2]})
    return {**figures, "log": server.problems}


def burst_figures(
    opened: list[Opened], before: dict[str, Any], during: dict[str, Any], learners: int
) -> dict[str, Any]:
    """Rendered count, time-to-widget statistics and memory of one burst."""
    times = [o.seconds for o in opened if o.seconds is not None]
    origins = [o.origin for o in opened if o.origin is not None]
    first_bytes = [o.first_byte for o in opened if o.first_byte is not None]
    learner_kernels = during["learner_kernels"]
    return {
        "first_byte_p50": percentile(first_bytes, 50),
        "first_byte_p95": percentile(first_bytes, 95),
        "learners": learners,
        "rendered": len(times),
        "times": [o.seconds for o in opened],
        "wall": [o.wall for o in opened],
        "failures": [o.detail for o in opened if o.seconds is None],
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "max": max(times, default=float("nan")),
        "start_spread_ms": (max(origins) - min(origins)) if origins else float("nan"),
        "before": before,
        "during": during,
        "per_learner": (during["total"] - before["total"]) / learners,
        "kernel_median": statistics.median(learner_kernels) if learner_kernels else float("nan"),
        "learner_kernel_count": len(learner_kernels),
    }


# --- phase 2: slider to redraw -----------------------------------------------------------------


async def slider(browser: Browser, kind: str, args: argparse.Namespace) -> dict[str, Any]:
    """One learner alone moves the app's first slider with the arrow keys; redraw times."""
    async with serving(kind, args.slider_app, classroom_options(args, app_pool=False)) as server:
        context = await browser.new_context(viewport=VIEWPORT)
        page = await context.new_page()
        try:
            opened = await open_app(page, server.url, args.render_timeout)
            if opened.seconds is None:
                raise RuntimeError(f"{args.slider_app} did not render: {opened.detail}")
            if kind == "classroom":  # the pool refills: let that notebook run first
                await wait_for(server.pools_full, "pools full again", POOL_TIMEOUT_S)
            await settle(server.pid)
            figures = await press_slider(page, args.changes)
        finally:
            await leave(page, context)
    return {**figures, "log": server.problems}


async def press_slider(page: Page, changes: int) -> dict[str, Any]:
    """Press ArrowRight/ArrowLeft on the first slider's handle; one sample per press."""
    handle = page.locator(SLIDER_HANDLE).first
    label, low, high, value = await handle.evaluate(HANDLE_JS)
    seen, direction, samples = {round(value, 6)}, 1, []
    for number in range(WARM_UP + changes):
        direction = -1 if value >= high else 1 if value <= low else direction
        sample = await press(page, handle, "ArrowRight" if direction > 0 else "ArrowLeft")
        value = (await handle.evaluate(HANDLE_JS))[3]
        sample.update(value=value, new=round(value, 6) not in seen)
        seen.add(round(value, 6))
        if number >= WARM_UP:
            samples.append(sample)
        await asyncio.sleep(PAUSE_S)
    return slider_figures(label, samples)


async def press(page: Page, handle: Locator, key: str) -> dict[str, Any]:
    """One key press on the focused handle, timed in the page until the chart is replaced."""
    if not await handle.evaluate("h => h === document.activeElement"):
        await handle.focus()
    problem = await page.evaluate(ARM_JS, STEP_TIMEOUT_MS)
    if problem:
        raise RuntimeError(problem)
    await page.keyboard.press(key)
    result: dict[str, Any] = await page.evaluate("() => window.__benchRedraw")
    result["key"] = key
    return result


def slider_figures(label: str, samples: list[dict[str, Any]]) -> dict[str, Any]:
    """Statistics of the timed presses (seconds)."""
    timed = [s for s in samples if s.get("keyed") and not s.get("timedOut")]
    view = [s["view"] / 1000 for s in timed]
    return {
        "label": label,
        "changes": len(samples),
        "timeouts": len(samples) - len(timed),
        "unchanged": sum(1 for s in timed if not s["changed"]),
        "p50": percentile(view, 50),
        "p95": percentile(view, 95),
        "painted_p95": percentile([s["painted"] / 1000 for s in timed], 95),
        "first_p95": percentile([s["view"] / 1000 for s in timed if s["new"]], 95),
        "revisit_p95": percentile([s["view"] / 1000 for s in timed if not s["new"]], 95),
        "first_visits": sum(1 for s in timed if s["new"]),
        "samples": samples,
    }


# --- phase 3: open/close cycles ----------------------------------------------------------------


async def cycles(browser: Browser, kind: str, args: argparse.Namespace) -> dict[str, Any]:
    """``args.cycles`` loads, each closed as a tab; kernels left after the culling time."""
    wait = CULL_IDLE_S + 2 * CULL_INTERVAL_S + args.margin
    async with serving(kind, args.app, classroom_options(args, short_cull=True)) as server:
        pool = sum(p["size"] for p in server.pools().values()) if kind == "classroom" else 0
        times: list[float | None] = []
        for number in range(1, args.cycles + 1):
            context = await browser.new_context(viewport=VIEWPORT)
            page = await context.new_page()
            try:
                opened = await open_app(page, server.url, args.render_timeout)
            finally:
                await leave(page, context)
            times.append(opened.seconds)
            shown = f"{opened.seconds:.2f} s" if opened.seconds is not None else opened.detail
            print(f"    cycle {number}: {shown}", flush=True)
        right_after = kernel_count(server.pid)
        print(f"  {kind}: {right_after} kernels right after; waiting {wait} s ...", flush=True)
        await asyncio.sleep(wait)
        after = await memory(server)
        status = await asyncio.to_thread(server.get, STATUS_PATH) if kind == "classroom" else None
        figures = {
            "cycles": args.cycles,
            "times": times,
            "loaded": sum(1 for t in times if t is not None),
            "p50": percentile([t for t in times if t is not None], 50),
            "wait": wait,
            "pool_size": pool,
            "kernels_right_after": right_after,
            "kernels_after_wait": kernel_count(server.pid),
            "memory_after": after,
            "status_after": status,
        }
    return {**figures, "log": server.problems}


# --- running the phases --------------------------------------------------------------------------

Phase = Callable[[Browser, str, argparse.Namespace], Awaitable[dict[str, Any]]]
PHASE_FUNCTIONS: dict[str, Phase] = {"burst": burst, "slider": slider, "cycles": cycles}


async def run(args: argparse.Namespace) -> dict[str, dict[str, dict[str, Any]]]:
    """Every phase for every kind, in one Chromium; a phase that fails records its error."""
    from playwright.async_api import async_playwright

    results: dict[str, dict[str, dict[str, Any]]] = {phase: {} for phase in args.phases}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(lab.CHROMIUM), args=lab.CHROMIUM_ARGS, headless=True
        )
        try:
            for phase in args.phases:
                for kind in args.kinds:
                    print(f"{phase}: {kind} (load average {load_average()})", flush=True)
                    try:
                        results[phase][kind] = await PHASE_FUNCTIONS[phase](browser, kind, args)
                    except Exception as error:  # report it, go on with the next one
                        traceback.print_exc()
                        results[phase][kind] = {"error": f"{type(error).__name__}: {error}"[:400]}
        finally:
            with contextlib.suppress(PlaywrightError):
                await browser.close()
    return results


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} / {five:.2f}"


# --- the report ----------------------------------------------------------------------------------


def seconds(value: float) -> str:
    return "-" if value != value else f"{value:.1f} s"  # NaN: nothing measured


def figure(
    results: dict[str, dict[str, Any]], kind: str, show: Callable[[dict[str, Any]], str]
) -> str:
    """A phase's figure for ``kind``: ``show(result)``, ERROR or not run."""
    if kind not in results:
        return "not run"
    if "error" in results[kind]:
        return f"ERROR ({results[kind]['error'][:120]})"
    return show(results[kind])


def rendered_text(r: dict[str, Any]) -> str:
    return f"{r['rendered']}/{r['learners']}"


def ttw_text(r: dict[str, Any]) -> str:
    return (
        f"p95 {seconds(r['p95'])} (p50 {seconds(r['p50'])}, max {seconds(r['max'])}, "
        f"{rendered_text(r)} rendered)"
    )


def redraw_text(r: dict[str, Any]) -> str:
    return f"p95 {ms(r['p95'])} (p50 {ms(r['p50'])}, {r['timeouts']} timeout(s))"


def left_text(r: dict[str, Any]) -> str:
    pool = f", pool size {r['pool_size']}" if r["pool_size"] else ""
    return f"{r['kernels_after_wait']} kernels after {r['cycles']} open/close{pool}"


def memory_text(r: dict[str, Any]) -> str:
    return (
        f"{mib(r['per_learner'])} per learner, server {mib(r['during']['server'])}, "
        f"total {mib(r['during']['total'])}"
    )


def both(
    results: dict[str, dict[str, Any]], kinds: list[str], show: Callable[[dict[str, Any]], str]
) -> str:
    """``show`` of every measured kind: "classroom ...; plain voila ..."."""
    names = {"classroom": "classroom", "plain": "plain voila"}
    return "; ".join(f"{names[kind]} {figure(results, kind, show)}" for kind in kinds)


def figures(
    results: dict[str, dict[str, dict[str, Any]]], args: argparse.Namespace
) -> list[Figure]:
    """The issue's targets for the classroom, plain Voilà's figure as the baseline."""
    n = args.learners

    def value(phase: str, kind: str, get: Callable[[dict[str, Any]], float]) -> float | None:
        r = results.get(phase, {}).get(kind)
        return None if r is None or "error" in r else float(get(r))

    def error(phase: str) -> str:
        r = results.get(phase, {}).get("classroom")
        if r is None:
            return "not run"
        return str(r["error"])[:120] if "error" in r else ""

    rows: list[tuple[str, str, str, Callable[[dict[str, Any]], float], dict[str, float]]] = [
        (
            "burst",
            f"{n} learners at once: did not render",
            "count",
            lambda r: r["learners"] - r["rendered"],
            {"max_value": 0},
        ),
        (
            "burst",
            f"{n} learners at once: time to widget p95",
            "s",
            lambda r: r["p95"] if r["rendered"] == r["learners"] else math.inf,
            {"max_value": TTW_P95_S},
        ),
        (
            "burst",
            f"memory per connected learner ({n} at once)",
            "MiB",
            lambda r: r["per_learner"] / 2**20,
            {},
        ),
        (
            "cycles",
            f"kernels left after {args.cycles} open/close beyond the pools",
            "count",
            lambda r: r["kernels_after_wait"] - r["pool_size"],
            {"max_value": 0},
        ),
        (
            "slider",
            "slider-to-redraw p95",
            "ms",
            lambda r: r["p95"] * 1000 if not r["timeouts"] else math.inf,
            {"max_value": SLIDER_P95_MS},
        ),
    ]
    out = []
    for phase, name, unit, get, bounds in rows:
        measured = value(phase, "classroom", get)
        out.append(
            Figure(
                name=name,
                unit=unit,
                measured=math.nan if measured is None else measured,
                baseline=value(phase, "plain", get),
                error=error(phase),
                **bounds,
            )
        )
    return out


ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str]]] = [
    ("burst", "Learners rendered", lambda r: f"{r['rendered']} of {r['learners']}"),
    (
        "burst",
        "Time to widget p50 / p95 / max",
        lambda r: f"{seconds(r['p50'])} / {seconds(r['p95'])} / {seconds(r['max'])}",
    ),
    (
        "burst",
        "First byte of the page p50 / p95",
        lambda r: f"{seconds(r['first_byte_p50'])} / {seconds(r['first_byte_p95'])}",
    ),
    ("burst", "Navigation starts within", lambda r: ms(r["start_spread_ms"] / 1000)),
    (
        "burst",
        "CPU s until all rendered: server + kernels / Chromium",
        lambda r: (
            f"{r['cpu']['server']:.0f} / {r['cpu']['chromium']:.0f} "
            f"(in {r['cpu']['seconds']:.0f} s)"
        ),
    ),
    (
        "burst",
        "Server RSS before / with the learners",
        lambda r: f"{mib(r['before']['server'])} / {mib(r['during']['server'])}",
    ),
    (
        "burst",
        "Kernels before / with the learners",
        lambda r: f"{len(r['before']['kernels'])} / {len(r['during']['kernels'])}",
    ),
    (
        "burst",
        "Tree RSS before / with the learners",
        lambda r: f"{mib(r['before']['total'])} / {mib(r['during']['total'])}",
    ),
    ("burst", "Memory per connected learner", lambda r: mib(r["per_learner"])),
    (
        "burst",
        "Learner kernel RSS (median)",
        lambda r: f"{mib(r['kernel_median'])} ({r['learner_kernel_count']} kernels)",
    ),
    ("slider", "Slider-to-redraw p50 / p95", lambda r: f"{ms(r['p50'])} / {ms(r['p95'])}"),
    (
        "slider",
        "Painted p95; first visit / revisit p95",
        lambda r: f"{ms(r['painted_p95'])}; {ms(r['first_p95'])} / {ms(r['revisit_p95'])}",
    ),
    (
        "slider",
        "Presses timed (timeouts, chart unchanged)",
        lambda r: f"{r['changes']} ({r['timeouts']}, {r['unchanged']})",
    ),
    (
        "cycles",
        "Loads p50 (loaded of cycles)",
        lambda r: f"{seconds(r['p50'])} ({r['loaded']} of {r['cycles']})",
    ),
    ("cycles", "Kernels right after the cycles", lambda r: str(r["kernels_right_after"])),
    (
        "cycles",
        "Kernels after the wait (pool size)",
        lambda r: f"{r['kernels_after_wait']} ({r['pool_size']})",
    ),
    ("cycles", "Tree RSS after the wait", lambda r: mib(r["memory_after"]["total"])),
]


def method(results: dict[str, dict[str, dict[str, Any]]], args: argparse.Namespace) -> list[str]:
    """How each phase that ran was measured, one paragraph each."""
    label = next((r["label"] for r in results.get("slider", {}).values() if "label" in r), "?")
    wait = CULL_IDLE_S + 2 * CULL_INTERVAL_S + args.margin
    text = {
        "burst": f"*Burst*: {args.learners} learners in new browser contexts navigate to "
        f"`apps/{args.app}.ipynb` at the same moment, once the server is ready (classroom: "
        "pools full) and its processes are quiet, and once the browser is quiet after opening "
        "the learners' tabs. Time to widget: navigation start "
        "(`performance.timeOrigin`) to spinner gone and the explorer's first drop-down on the "
        f"page, in the page's clock; no explorer after {args.render_timeout:.0f} s = not "
        "rendered. Memory: RSS of the server's process tree (server, each kernel with its "
        "children, total; psutil, median of 3 readings) before the burst and with every "
        "learner connected, once the processes are quiet again (classroom: pools refilled); "
        "per learner = (total with - total before) / learners; learner kernels = kernels with "
        "a websocket connection. *First byte*: navigation start to the server's first byte "
        "(`responseStart`). *CPU s*: user + system seconds of the server with its kernels and "
        "of the benchmark's Chromium from the navigations until the last learner saw the "
        "explorer (in a real class each browser runs on the learner's own computer).",
        "slider": "*Slider*: one learner alone on a fresh server, "
        f'`apps/{args.slider_app}.ipynb`, slider "{label}": {WARM_UP} untimed then '
        f"{args.changes} timed arrow-key presses on its focused handle, walking to one end of "
        "the range and back towards the other. Time from the key event (`timeStamp`) to the "
        "chart's `<img>` replaced in the DOM (`MutationObserver`); *painted* adds decoding "
        "the PNG and the next frame; *first visit*: a value this kernel had not shown.",
        "cycles": f"*Open/close*: {args.cycles} cycles of new context, load "
        f"`apps/{args.app}.ipynb`, explorer shown, tab closed with unload handlers, context "
        f"closed; the classroom with short culling (`cull_idle_timeout={CULL_IDLE_S}`, "
        f"`cull_interval={CULL_INTERVAL_S}` instead of `make apps`' 600 / 60), plain Voilà "
        f"with its defaults (no culling). Kernel processes below the server (/proc) right "
        f"after the last cycle and {wait:g} s later (idle timeout + 2 intervals + "
        f"{args.margin:g} s).",
    }
    return [text[phase] for phase in args.phases]


def markdown(
    results: dict[str, dict[str, dict[str, Any]]], args: argparse.Namespace, loads: tuple[str, str]
) -> str:
    """The section for RESULTS.md: how it was measured, then figures x kinds."""
    rows = [
        [what, *(figure(results.get(phase, {}), kind, show) for kind in args.kinds)]
        for phase, what, show in ROWS
        if phase in results
    ]
    intro = (
        "## 9. Voilà classroom\n\n"
        "The classroom Voilà (`python -m classroom.voila_classroom`, `classroom/voila.json`: "
        "a pool of one pre-heated kernel per app refilled 20 s after a hand-out, "
        + (
            f'for the burst and the cycles `APP_POOLS="{args.app}={args.app_pool}"`, '
            if args.app_pool
            else ""
        )
        + f"a cap of {max(30, args.learners)} learners) "
        "against plain `voila apps/<app>.ipynb` (Voilà's defaults), every phase on fresh "
        "servers, in one headless Chromium driven with Playwright's async API."
        + (" `--quick`: fewer slider presses and open/close cycles." if args.quick else "")
        + f" Load average (1 / 5 min): at start {loads[0]}, at end {loads[1]}."
    )
    parts = [intro, *method(results, args), table(["Figure", *args.kinds], rows)]
    return "\n\n".join([*parts, *log_notes(results)])


def log_notes(results: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """One line per server whose log has warnings or errors beyond the usual start-up ones."""
    notes = []
    for phase, kinds in results.items():
        for kind, r in kinds.items():
            found = notable_problems(r.get("log", []))
            lines = sorted(set(found))
            if lines:
                shown = "; ".join(f"`{line[:140]}`" for line in lines[:3])
                notes.append(
                    f"Server log, {kind} ({phase}): {len(found)} warning/error line(s) besides "
                    f"untrusted notebooks and TCP kernels, {len(lines)} distinct: {shown}"
                    + (" ..." if len(lines) > 3 else "")
                )
    return ["\n".join(f"- {note}" for note in notes)] if notes else []


def arguments() -> argparse.Namespace:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--learners", type=int, default=LEARNERS, help="learners at once (10)")
    p.add_argument("--changes", type=int, help="timed slider presses (40; quick 15)")
    p.add_argument("--cycles", type=int, help="open/close cycles (20; quick 10)")
    p.add_argument("--app", default="anatomy", help="app of the burst and the cycles")
    p.add_argument("--slider-app", default="emg_pipeline", help="app with a slider and a chart")
    p.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS), metavar="KIND")
    p.add_argument("--phases", nargs="+", choices=PHASES, default=list(PHASES), metavar="PHASE")
    p.add_argument("--render-timeout", type=float, default=120.0, help="seconds: not rendered")
    p.add_argument(
        "--app-pool",
        type=int,
        help="classroom: pre-heated kernels for --app (APP_POOLS; default: --learners; "
        "0: voila.json's pool of 1)",
    )
    p.add_argument("--margin", type=float, default=20.0, help="seconds added to the cull wait")
    args = p.parse_args()
    args.changes = args.changes or (15 if args.quick else 40)
    args.cycles = args.cycles or (10 if args.quick else 20)
    args.app_pool = args.learners if args.app_pool is None else args.app_pool
    return args


def main() -> None:
    args = arguments()
    # run_all.py's timeout sends SIGTERM: end like Ctrl+C, so `finally` stops the servers
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not lab.CHROMIUM.exists():
        sys.exit(f"needs Chromium at {lab.CHROMIUM} (make browser-deps)")
    started = time.perf_counter()
    load_before = load_average()
    try:
        results = asyncio.run(run(args))
    finally:
        for server in list(RUNNING):
            stop(server)
    result = Result(name="voila_class", title="Voilà classroom")
    result.figures = figures(results, args)
    result.markdown = markdown(results, args, (load_before, load_average()))
    result.data = {"results": results, "arguments": {k: str(v) for k, v in vars(args).items()}}
    finish(result, args.json, started)


if __name__ == "__main__":
    main()
