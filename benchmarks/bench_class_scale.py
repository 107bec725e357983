"""Benchmark 7: a class of learners running every notebook at once, versus one learner alone.

What a hub runs for each learner is a Jupyter server and the kernels of the notebooks they
open. This script starts one JupyterLab server (``tests/browser/lab.py``: the ``jupyter lab``
a hub's single-user server runs, private Jupyter dirs, saving refused) whose root holds a copy
of ``notebooks/`` per learner. Each learner, concurrently, opens every notebook in turn the
way the Lab front end does - ``POST /api/sessions`` (the server's kernel manager starts a
``python3`` kernel in the learner's folder), a websocket to ``/api/kernels/<id>/channels``,
then every code cell top to bottom as ``execute_request`` messages, each awaited until its
reply and the kernel's *idle* - and then shuts that kernel down (``DELETE`` the session)
before the next notebook: one kernel per learner at a time, 10 kernels at once.

Why this and not ``nbclient``/``nbconvert --execute``: those start kernels themselves, without
a server; here the kernels are started, connected and relayed by a real Jupyter server, so the
server's memory and CPU per connected kernel are in the figures, and the kernels get the same
command line, environment and working folder as in JupyterLab. No browser: a learner's
browser runs on their own computer, not on the hub. (Widgets get no front end, exactly as with
``nbclient``: their messages are sent and not answered.)

Measured: wall time until every learner has run everything; failures (cells that raise,
timeouts, kernels that die, sessions that do not start; target 0); memory sampled every
0.25 s with psutil - RSS of the server process (plus any helper it starts) and of each kernel
with its children - and each kernel's own high-water RSS (``VmHWM``, which catches peaks
between samples); CPU seconds of the server and of each kernel. The baseline is one learner
doing the same on a server of their own (run before the class, and again after it unless
``--quick``), giving the per-learner scaling ratios.

Recommendation for JupyterHub/Binder, per learner: memory request = (server RSS peak with one
learner + the largest kernel high-water or sampled kernel peak of any learner) x 1.25, rounded
up to a multiple of 64 MiB; CPU request = the CPU seconds one learner needs for the whole
course / (2 x the time they take alone), rounded up to 0.1 core - with every learner running
everything at the same moment, each then takes at most about twice as long as alone.

Usage: .venv/bin/python benchmarks/bench_class_scale.py [--quick] [--learners N]
       [--json FILE]
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import math
import re
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import psutil
from _common import (
    NOTEBOOKS,
    Result,
    finish,
    mib,
    parser,
    peak_rss,
    project_module,
    table,
)
from report import Figure
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

LEARNERS = 10
SAMPLE_S = 0.25
CELL_TIMEOUT_S = 900.0
HEADROOM = 1.25
ROUND_MIB = 64
KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")


# --- memory and CPU sampling -----------------------------------------------------------------


@dataclass
class Sampler:
    """Samples the server's process tree in a thread: RSS per kernel, server RSS, CPU."""

    server_pid: int
    interval: float = SAMPLE_S
    owners: dict[str, tuple[int, str]] = field(default_factory=dict)
    """kernel id -> (learner, notebook); filled in as sessions start."""
    samples: list[dict[str, Any]] = field(default_factory=list)
    kernel_hwm: dict[str, int] = field(default_factory=dict)
    kernel_cpu: dict[str, float] = field(default_factory=dict)
    server_cpu: tuple[float, float] = (0.0, 0.0)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self.server_cpu = (self._server_cpu(), 0.0)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.server_cpu = (self.server_cpu[0], self._server_cpu())

    def _server_cpu(self) -> float:
        with contextlib.suppress(psutil.Error):
            t = psutil.Process(self.server_pid).cpu_times()
            return t.user + t.system
        return 0.0

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(psutil.Error):
                self.samples.append(self.sample())
            self._stop.wait(self.interval)

    def sample(self) -> dict[str, Any]:
        server = psutil.Process(self.server_pid)
        server_rss = server.memory_info().rss
        kernels: dict[str, int] = {}
        roots: dict[int, str] = {}
        children = server.children(recursive=True)
        for proc in children:  # kernels first: their own children belong to them
            with contextlib.suppress(psutil.Error):
                found = KERNEL_FILE.search(" ".join(proc.cmdline()))
                if found and "ipykernel" in " ".join(proc.cmdline()):
                    roots[proc.pid] = found.group(1)
        for proc in children:
            with contextlib.suppress(psutil.Error):
                rss = proc.memory_info().rss
                kernel = self._kernel_of(proc, roots)
                if kernel is None:
                    server_rss += rss
                    continue
                kernels[kernel] = kernels.get(kernel, 0) + rss
                if proc.pid in roots:
                    self.kernel_hwm[kernel] = max(
                        self.kernel_hwm.get(kernel, 0), peak_rss(proc.pid)
                    )
                    t = proc.cpu_times()
                    self.kernel_cpu[kernel] = max(
                        self.kernel_cpu.get(kernel, 0.0),
                        t.user + t.system + t.children_user + t.children_system,
                    )
        return {"t": time.monotonic(), "server": server_rss, "kernels": kernels}

    @staticmethod
    def _kernel_of(proc: psutil.Process, roots: dict[int, str]) -> str | None:
        current: psutil.Process | None = proc
        while current is not None:
            if current.pid in roots:
                return roots[current.pid]
            current = current.parent()
        return None

    # --- aggregates ---

    def learner_peaks(self) -> dict[int, int]:
        """Per learner: the largest sampled sum of RSS of their kernels."""
        peaks: dict[int, int] = {}
        for s in self.samples:
            per: dict[int, int] = {}
            for kernel, rss in s["kernels"].items():
                if kernel in self.owners:
                    learner = self.owners[kernel][0]
                    per[learner] = per.get(learner, 0) + rss
            for learner, rss in per.items():
                peaks[learner] = max(peaks.get(learner, 0), rss)
        return peaks

    def learner_hwm(self) -> dict[int, int]:
        """Per learner: the largest high-water RSS of any of their kernels."""
        peaks: dict[int, int] = {}
        for kernel, hwm in self.kernel_hwm.items():
            if kernel in self.owners:
                learner = self.owners[kernel][0]
                peaks[learner] = max(peaks.get(learner, 0), hwm)
        return peaks

    def notebook_peaks(self) -> dict[str, int]:
        """Per notebook: the largest kernel peak (sampled or high-water) over all learners."""
        peaks: dict[str, int] = {}
        sampled: dict[str, int] = {}
        for s in self.samples:
            for kernel, rss in s["kernels"].items():
                sampled[kernel] = max(sampled.get(kernel, 0), rss)
        for kernel, (_, notebook) in self.owners.items():
            value = max(sampled.get(kernel, 0), self.kernel_hwm.get(kernel, 0))
            peaks[notebook] = max(peaks.get(notebook, 0), value)
        return peaks

    def learner_cpu(self) -> dict[int, float]:
        cpu: dict[int, float] = {}
        for kernel, seconds in self.kernel_cpu.items():
            if kernel in self.owners:
                learner = self.owners[kernel][0]
                cpu[learner] = cpu.get(learner, 0.0) + seconds
        return cpu

    def peak_total(self) -> int:
        return max((s["server"] + sum(s["kernels"].values()) for s in self.samples), default=0)

    def peak_server(self) -> int:
        return max((s["server"] for s in self.samples), default=0)


# --- one learner: sessions, websocket, execute every code cell -------------------------------


def message(msg_type: str, content: dict[str, Any], session: str) -> dict[str, Any]:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "learner",
            "session": session,
            "date": dt.datetime.now(dt.UTC).isoformat(),
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": "shell",
        "buffers": [],
    }


class Learner:
    """One learner: every notebook in turn, one kernel at a time."""

    def __init__(
        self, number: int, server: Any, folder: str, notebooks: list[Path], sampler: Sampler
    ) -> None:
        self.number, self.server, self.folder = number, server, folder
        self.notebooks, self.sampler = notebooks, sampler
        self.http = AsyncHTTPClient()
        self.failures: list[str] = []
        self.seconds: dict[str, float] = {}
        self.cells = 0

    async def api(self, method: str, path: str, body: Any = None) -> Any:
        request = HTTPRequest(
            f"{self.server.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.server.token}"},
            body=None if body is None else json.dumps(body),
            allow_nonstandard_methods=True,
            request_timeout=300,
        )
        response = await self.http.fetch(request)
        return json.loads(response.body) if response.body else None

    async def run(self) -> float:
        start = time.perf_counter()
        for notebook in self.notebooks:
            began = time.perf_counter()
            try:
                await self.run_notebook(notebook)
            except Exception as error:  # recorded as a failure; go on like a learner would
                self.failures.append(f"{notebook.name}: {type(error).__name__}: {error}")
            self.seconds[notebook.name] = time.perf_counter() - began
        return time.perf_counter() - start

    async def run_notebook(self, notebook: Path) -> None:
        path = f"{self.folder}/{notebook.name}"
        session = await self.api(
            "POST",
            "/api/sessions",
            {
                "path": path,
                "name": notebook.name,
                "type": "notebook",
                "kernel": {"name": "python3"},
            },
        )
        kernel_id = session["kernel"]["id"]
        self.sampler.owners[kernel_id] = (self.number, notebook.name)
        client_session = uuid.uuid4().hex
        url = (
            f"ws://127.0.0.1:{self.server.port}/api/kernels/{kernel_id}/channels"
            f"?session_id={client_session}&token={self.server.token}"
        )
        ws = await websocket_connect(url)
        try:
            await self.request(ws, "kernel_info_request", {}, client_session, timeout=120)
            nb = nbformat.read(notebook, as_version=4)
            for index, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
                content = {
                    "code": cell.source,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                }
                reply = await self.request(
                    ws, "execute_request", content, client_session, timeout=CELL_TIMEOUT_S
                )
                self.cells += 1
                if reply["content"].get("status") != "ok":
                    c = reply["content"]
                    self.failures.append(
                        f"{notebook.name} code cell {index}: {c.get('ename')}: {c.get('evalue')}"
                    )
        finally:
            ws.close()
            with contextlib.suppress(Exception):
                await self.api("DELETE", f"/api/sessions/{session['id']}")

    async def request(
        self, ws: Any, msg_type: str, content: dict[str, Any], session: str, *, timeout: float
    ) -> dict[str, Any]:
        """Send one shell request; its reply once the kernel is idle again after it."""
        msg = message(msg_type, content, session)
        msg_id = msg["header"]["msg_id"]
        await ws.write_message(json.dumps(msg))
        reply: dict[str, Any] | None = None
        idle = False
        deadline = time.monotonic() + timeout
        while reply is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no reply to {msg_type} within {timeout:.0f} s")
            raw = await asyncio.wait_for(ws.read_message(), timeout=left)
            if raw is None:
                raise ConnectionError("the kernel's websocket closed (kernel died?)")
            if isinstance(raw, bytes):  # binary frames carry widget buffers; not ours
                continue
            incoming = json.loads(raw)
            if incoming.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = incoming.get("msg_type") or incoming["header"]["msg_type"]
            if incoming.get("channel") == "shell" and kind.endswith("_reply"):
                reply = incoming
            elif kind == "status" and incoming["content"].get("execution_state") == "idle":
                idle = True
            elif kind == "status" and incoming["content"].get("execution_state") == "dead":
                raise ConnectionError("the kernel died")
        return reply


# --- a run: N learners on one server ----------------------------------------------------------


def run_class(learners: int, notebooks: list[Path], label: str) -> dict[str, Any]:
    """Start a server, let ``learners`` learners run every notebook at once; the figures."""
    lab = project_module("tests.browser.lab")
    with tempfile.TemporaryDirectory(prefix=f"glutelab-class-{label}-") as tmp:
        root, home = Path(tmp) / "root", Path(tmp) / "home"
        home.mkdir()
        folders = []
        for number in range(1, learners + 1):
            folder = f"learner-{number:02d}"
            shutil.copytree(NOTEBOOKS, root / folder, ignore=shutil.ignore_patterns(".*"))
            folders.append(folder)
        server = lab.start_lab(home, root_dir=root)
        sampler = Sampler(server.process.pid)
        try:
            time.sleep(1.0)  # let the server settle after start-up before the idle sample
            idle = sampler.sample()
            sampler.start()
            group = [
                Learner(n, server, f, [root / f / nb.name for nb in notebooks], sampler)
                for n, f in enumerate(folders, start=1)
            ]

            async def everyone() -> list[float]:
                return list(await asyncio.gather(*(g.run() for g in group)))

            started = time.perf_counter()
            walls = asyncio.run(everyone())
            wall = time.perf_counter() - started
        finally:
            sampler.stop()
            server.stop()
    peaks, hwm, cpu = sampler.learner_peaks(), sampler.learner_hwm(), sampler.learner_cpu()
    per_learner = {n: max(peaks.get(n, 0), hwm.get(n, 0)) for n in range(1, learners + 1)}
    per_notebook: dict[str, list[float]] = {}
    for g in group:
        for name, seconds in g.seconds.items():
            per_notebook.setdefault(name, []).append(seconds)
    return {
        "learners": learners,
        "wall": wall,
        "learner_walls": walls,
        "failures": [f for g in group for f in g.failures],
        "cells": sum(g.cells for g in group),
        "server_idle": idle["server"],
        "server_peak": sampler.peak_server(),
        "total_peak": sampler.peak_total(),
        "learner_peak_sampled": peaks,
        "learner_peak_hwm": hwm,
        "learner_peak": per_learner,
        "learner_cpu": cpu,
        "server_cpu": sampler.server_cpu[1] - sampler.server_cpu[0],
        "notebook_peaks": sampler.notebook_peaks(),
        "notebook_seconds": {k: statistics.median(v) for k, v in per_notebook.items()},
        "samples": len(sampler.samples),
    }


def round_up(n_bytes: float, step_mib: int = ROUND_MIB) -> int:
    """Bytes rounded up to a multiple of ``step_mib`` MiB, in MiB."""
    return int(math.ceil(n_bytes / 2**20 / step_mib) * step_mib)


def describe(run: dict[str, Any]) -> str:
    peaks = list(run["learner_peak"].values())
    return (
        f"{run['learners']} learner(s): {run['wall']:.1f} s, {len(run['failures'])} failure(s), "
        f"total peak {mib(run['total_peak'])}, server peak {mib(run['server_peak'])}, "
        f"largest per-learner kernel peak {mib(max(peaks, default=0))}"
    )


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--learners", type=int, default=LEARNERS, help="learners at once (10)")
    p.add_argument(
        "--notebooks", nargs="*", help="only these notebooks of notebooks/ (default: all)"
    )
    args = p.parse_args()
    # run_all.py's timeout sends SIGTERM: end like Ctrl+C, so `finally` stops the server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    if args.notebooks:
        notebooks = [
            nb for nb in notebooks if nb.name in args.notebooks or nb.stem in args.notebooks
        ]
    if not notebooks:
        raise SystemExit("no notebooks to run")
    print(f"notebooks: {', '.join(nb.name for nb in notebooks)}", flush=True)
    baselines = []
    print("baseline: 1 learner ...", flush=True)
    baselines.append(run_class(1, notebooks, "one"))
    print("  " + describe(baselines[-1]), flush=True)
    print(f"class: {args.learners} learners at once ...", flush=True)
    crowd = run_class(args.learners, notebooks, "class")
    print("  " + describe(crowd), flush=True)
    if not args.quick:
        print("baseline again: 1 learner ...", flush=True)
        baselines.append(run_class(1, notebooks, "one"))
        print("  " + describe(baselines[-1]), flush=True)
    report(args, notebooks, baselines, crowd, started)


def report(
    args: Any,
    notebooks: list[Path],
    baselines: list[dict[str, Any]],
    crowd: dict[str, Any],
    started: float,
) -> None:
    n = crowd["learners"]
    one_wall = statistics.mean(b["wall"] for b in baselines)
    one_peak = max(max(b["learner_peak"].values()) for b in baselines)
    one_server = max(b["server_peak"] for b in baselines)
    one_total = statistics.mean(b["total_peak"] for b in baselines)
    one_cpu = statistics.mean(sum(b["learner_cpu"].values()) for b in baselines)
    one_server_cpu = statistics.mean(b["server_cpu"] for b in baselines)
    crowd_peaks = list(crowd["learner_peak"].values())
    crowd_peak = max(crowd_peaks, default=0)
    crowd_cpu = list(crowd["learner_cpu"].values())
    failures = crowd["failures"] + [f for b in baselines for f in b["failures"]]
    wall_ratio = crowd["wall"] / one_wall
    total_ratio = crowd["total_peak"] / (n * one_total)
    learner_ratio = statistics.median(crowd_peaks) / one_peak if one_peak else math.nan
    cpu_ratio = statistics.mean(crowd_cpu) / one_cpu if one_cpu and crowd_cpu else math.nan
    per_learner_need = one_server + max(one_peak, crowd_peak)
    memory_request = round_up(per_learner_need * HEADROOM)
    keep_all = one_server + sum(crowd["notebook_peaks"].values())
    learner_cpu_s = one_cpu + one_server_cpu
    cpu_request = math.ceil(learner_cpu_s / (2 * one_wall) * 10) / 10
    busy = learner_cpu_s / one_wall

    result = Result(name="class_scale", title="Class scale")
    result.figures += [
        Figure(
            name=f"failures with {n} learners at once",
            unit="count",
            measured=len(crowd["failures"]),
            baseline=sum(len(b["failures"]) for b in baselines),
            max_value=0,
            note=f"{crowd['cells']} + {sum(b['cells'] for b in baselines)} code cells",
        ),
        Figure(
            name="per-learner kernel peak RSS, median learner",
            unit="MiB",
            measured=statistics.median(crowd_peaks) / 2**20 if crowd_peaks else math.nan,
            baseline=one_peak / 2**20,
            note=f"{n} at once vs alone",
        ),
        Figure(
            name="total peak RSS",
            unit="MiB",
            measured=crowd["total_peak"] / 2**20,
            baseline=n * one_total / 2**20,
            note=f"{n} at once vs {n} x one learner alone",
        ),
        Figure(
            name="wall time for the whole course",
            unit="s",
            measured=crowd["wall"],
            baseline=one_wall,
            note=f"{n} at once vs one learner alone",
        ),
        Figure(
            name="recommended memory request per learner",
            unit="MiB",
            measured=float(memory_request),
            note="(server + largest kernel peak) x 1.25, to 64 MiB",
        ),
        Figure(
            name="recommended CPU request per learner",
            unit="CPU",
            measured=cpu_request,
        ),
    ]
    rows = []
    for label, run in [("**1 learner** (baseline)", b) for b in baselines] + [
        (f"**{n} learners** at once", crowd)
    ]:
        peaks = list(run["learner_peak"].values())
        cpu = list(run["learner_cpu"].values())
        rows.append(
            [
                label,
                f"{run['wall']:.1f} s",
                f"{statistics.median(run['learner_walls']):.1f} s",
                mib(run["server_idle"]),
                mib(run["server_peak"]),
                f"{mib(statistics.median(peaks))} / {mib(max(peaks))}",
                mib(run["total_peak"]),
                f"{statistics.mean(cpu):.1f} s",
                f"{run['server_cpu']:.1f} s",
                len(run["failures"]),
            ]
        )
    nb_rows = [
        [
            name,
            f"{baselines[0]['notebook_seconds'].get(name, math.nan):.1f} s",
            f"{crowd['notebook_seconds'].get(name, math.nan):.1f} s",
            mib(crowd["notebook_peaks"].get(name, 0)),
        ]
        for name in (nb.name for nb in notebooks)
    ]
    result.markdown = "\n\n".join(
        [
            "## 7. Class scale\n\n"
            f"One `jupyter lab` server; {n} learners at once, each opening every notebook of "
            f"`notebooks/` in turn ({len(notebooks)} notebooks, "
            f"{crowd['cells'] // max(n, 1)} code cells) as JupyterLab does - a session through "
            "the REST API, the kernel's websocket, every code cell top to bottom - and shutting "
            "its kernel down before the next notebook (so one kernel per learner, "
            f"{n} at once). Baseline: one learner alone on a server of their own"
            + (", before and after the class (both shown)" if len(baselines) > 1 else "")
            + f". Memory: RSS sampled every {SAMPLE_S} s (server process tree without the "
            "kernels; each kernel with its children) plus each kernel's own high-water RSS "
            "(`VmHWM`); a learner's peak is the larger of the two. RSS counts shared library "
            "pages in every process, as a per-learner container would. CPU: user + system "
            "seconds of the learner's kernels.",
            table(
                [
                    "Run",
                    "Wall time",
                    "Per learner (median)",
                    "Server RSS idle",
                    "Server RSS peak",
                    "Learner kernel peak (median / max)",
                    "Total peak (server + kernels)",
                    "CPU per learner",
                    "Server CPU",
                    "Failures",
                ],
                rows,
            ),
            f"**Scaling ({n} vs 1).** Wall time {wall_ratio:.1f}x (perfect sharing of "
            f"{psutil.cpu_count()} CPUs would be {n / (psutil.cpu_count() or 1):.1f}x if one "
            "learner used one CPU); per-learner kernel peak "
            f"{learner_ratio:.2f}x (median learner); total peak memory {total_ratio:.2f}x "
            f"{n} x one learner's total (the server is shared); CPU seconds per learner "
            f"{cpu_ratio:.2f}x.",
            "Per notebook (median seconds per learner; largest kernel peak in the class run):",
            table(["Notebook", "1 learner", f"{n} learners", "Kernel peak"], nb_rows),
            "**Recommendation for JupyterHub / Binder, per learner.** "
            f"Memory request **{memory_request} MiB**: a single-user server "
            f"({mib(one_server)} peak here) plus the largest kernel peak of any learner "
            f"({mib(max(one_peak, crowd_peak))}) = {mib(per_learner_need)}, x {HEADROOM} "
            f"headroom, rounded up to a multiple of {ROUND_MIB} MiB. This assumes one running "
            "kernel per learner (learners shut a notebook's kernel down when they move on, or "
            "the hub culls idle kernels): a learner who leaves every notebook's kernel running "
            f"(JupyterLab's default when a tab is closed) needs up to {mib(keep_all)} "
            f"(server + every notebook's kernel peak), so set the limit to about "
            f"{round_up(keep_all * HEADROOM)} MiB or cull idle kernels. "
            f"CPU request **{cpu_request:.1f} CPU**: one learner uses {learner_cpu_s:.0f} CPU "
            f"seconds (kernels {one_cpu:.0f} s + server {one_server_cpu:.0f} s) in "
            f"{one_wall:.0f} s alone ({busy:.2f} CPU while busy); a request of half that rate, "
            "rounded up to 0.1, keeps the course at most about 2x slower when every learner "
            "runs everything at the same moment. A limit of 1 CPU is enough (kernels are "
            "single-threaded for this course).",
        ]
        + (["Failures: " + "; ".join(failures[:20])] if failures else [])
    )
    result.data = {
        "baselines": baselines,
        "class": crowd,
        "memory_request_mib": memory_request,
        "cpu_request": cpu_request,
    }
    finish(result, args.json, started)


if __name__ == "__main__":
    main()
