"""Voilà page loads: hangs and time to the explorer, classroom config versus plain ``voila``.

Two servers are compared on the same app (``apps/anatomy.ipynb`` unless ``--app``):

- *classroom*: ``python -m classroom.voila_classroom`` as ``make apps`` runs it
  (``classroom/voila.json``: a pool of one pre-heated kernel per app, culling, a cap, the
  page templates without other hosts), at ``/voila/render/<app>.ipynb``;
- *plain*: ``voila apps/<app>.ipynb``, Voilà's defaults, at ``/``.

Each server is started ``--servers`` times afresh (private Jupyter folders, a free port, as in
``tests/browser/``); each time its first load comes as soon as it answers HTTP, the others
follow ``--gap`` seconds after the previous page closed, ``--loads`` in all per server kind.
A load is one new browser context (empty cache) in Debian's Chromium: navigate, then wait
until Voilà's spinner is gone and the explorer's first drop-down is on the page; *time to
widget* runs from the navigation to that moment. A load *hangs* when that has not happened
``--hang-after`` seconds after the navigation (a learner has given up long before). The page
then closes as a tab does (unload handlers run).

A third kind, *voila-preheat* (``--kinds``), is stock Voilà on ``apps/`` with the classroom's
pool of one pre-heated kernel per app and its culling, at ``/voila/render/<app>.ipynb``. With
short culling times (``--cull-idle 20 --cull-interval 2``) and a ``--gap`` longer than the
idle time, every load takes a kernel that waited in the pool longer than ``cull_idle_timeout``:
the case where stock Voilà culls the kernel before the page has connected to it.

``--network as-is`` leaves the browser the machine's network (here: names of other hosts do
not resolve, requests to them fail at once). ``--network stalled`` holds every request to
another host without ever answering it, as a network that drops packets instead of refusing
them does (a firewall that drops, a captive portal, a DNS server that does not answer).

Prints, per server kind: loads, hangs (and how many of them were first loads), time to widget
p50 / p95 / max over the loads that did not hang, the first loads' p50, and p50 / p95 of the
later loads alone. Target: no load of a kind other than *plain* hangs (plain Voilà is the
reference). ``--json FILE`` writes the result in ``run_all.py``'s format, every load in its
``data``. ``--quick``: 10 loads on 2 servers per kind (unless ``--loads`` / ``--servers``).

Usage: .venv/bin/python benchmarks/bench_voila_loads.py [--quick] [--loads 50] [--servers 5]
       [--gap 3] [--hang-after 60] [--network as-is|stalled] [--app anatomy]
       [--kinds classroom plain voila-preheat] [--cull-idle S] [--cull-interval S] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import math
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from _common import ROOT, Result, finish, parser, percentile, project_module, table
from report import Figure

lab = project_module("tests.browser.lab")  # free ports, private Jupyter folders, Chromium
START_TIMEOUT = 180.0  # seconds until the server answers HTTP
KINDS = ("classroom", "plain", "voila-preheat")
EXPLORER_SHOWN = """() => !document.getElementById('loading')
    && document.querySelector('#rendered_cells .jp-OutputArea select') !== null"""


@dataclass
class Load:
    kind: str
    server: int
    number: int  # 0: the first load after the server started
    seconds: float | None  # time to widget; None: it hung
    detail: str = ""


def command(kind: str, app: str, port: int, home: Path, cull: list[str]) -> tuple[list[str], str]:
    """The server's command line and the address of the app on it."""
    common = [
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        f"--Voila.connection_dir_root={home}",
    ]
    render = f"http://127.0.0.1:{port}/voila/render/{app}.ipynb"
    voila = str(Path(sys.executable).parent / "voila")
    if kind == "classroom":
        return [sys.executable, "-m", "classroom.voila_classroom", *common, *cull], render
    if kind == "voila-preheat":  # stock Voilà with the classroom's pool and culling
        pool = ["--preheat_kernel=True", "--pool_size=1"]
        return [voila, "apps", *common, *pool, *cull], render
    return [voila, f"apps/{app}.ipynb", *common], f"http://127.0.0.1:{port}/"


def start(
    kind: str, app: str, home: Path, cull: list[str]
) -> tuple[subprocess.Popen[bytes], str, float]:
    """Start a server; return once it answers HTTP (its process, the app's URL, seconds)."""
    env = lab.private_jupyter_env(home)
    port = lab.free_port()
    argv, url = command(kind, app, port, home, cull)
    began = time.monotonic()
    process = lab.spawn_server(argv, env, home / f"{kind}.log", cwd=ROOT)
    probe = f"http://127.0.0.1:{port}/voila/static/voila.js"  # a static file: starts nothing
    while True:
        try:
            with urllib.request.urlopen(probe, timeout=5):
                return process, url, time.monotonic() - began
        except (OSError, urllib.error.URLError):
            if process.poll() is not None or time.monotonic() - began > START_TIMEOUT:
                lab.end_process_group(process)
                text = (home / f"{kind}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{kind} server did not start:\n{text}") from None
            time.sleep(0.2)


def load(browser: Any, url: str, hang_after: float, stalled: bool) -> tuple[float | None, str]:
    """One page load in a new context: seconds to the explorer, or None and what was seen."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    held: list[Any] = []
    here = urlsplit(url).netloc
    if stalled:

        def hold(route: Any) -> None:  # never answered: the request stays pending
            held.append(route)

        context.route(lambda target: urlsplit(target).netloc != here, hold)
    page = context.new_page()
    began = time.monotonic()
    try:
        page.goto(url, wait_until="commit", timeout=hang_after * 1000)
        left = max(hang_after - (time.monotonic() - began), 0.1)
        page.wait_for_function(EXPLORER_SHOWN, timeout=left * 1000, polling="raf")
        return time.monotonic() - began, ""
    except Exception as error:  # Playwright's TimeoutError: the load hung
        try:
            state = page.evaluate(
                "() => [document.readyState, (document.getElementById('loading') || {}).innerText]"
            )
        except Exception:
            state = ["?", "?"]
        held_urls = sorted({route.request.url for route in held})
        return None, f"{type(error).__name__}; page {state}; held: {held_urls}"
    finally:
        page.close(run_before_unload=True)
        time.sleep(0.5)  # the unload's shutdown request leaves before the context goes
        for route in held:  # let go of the held requests (no pending handlers at exit)
            with contextlib.suppress(Exception):
                route.abort()
        context.close()


def culling(args: argparse.Namespace) -> list[str]:
    """Culling options for the pre-heating kinds (none: the classroom's voila.json, 600/60 s)."""
    options = []
    if args.cull_idle is not None:
        options.append(f"--MappingKernelManager.cull_idle_timeout={args.cull_idle}")
    if args.cull_interval is not None:
        options.append(f"--MappingKernelManager.cull_interval={args.cull_interval}")
    if options and args.cull_idle is None:
        options.append("--MappingKernelManager.cull_idle_timeout=600")
    return options


def run_kind(browser: Any, kind: str, args: argparse.Namespace) -> list[Load]:
    loads: list[Load] = []
    per_server = [args.loads // args.servers] * args.servers
    for extra in range(args.loads % args.servers):
        per_server[extra] += 1
    for server, count in enumerate(per_server):
        with tempfile.TemporaryDirectory(prefix=f"bench-voila-{kind}-") as tmp:
            home = Path(tmp)
            process, url, seconds = start(kind, args.app, home, culling(args))
            print(f"  {kind} server {server + 1}: answers after {seconds:.1f} s", flush=True)
            try:
                for number in range(count):
                    if number:
                        time.sleep(args.gap)
                    took, detail = load(browser, url, args.hang_after, args.network == "stalled")
                    loads.append(Load(kind, server, number, took, detail))
                    shown = f"{took:.2f} s" if took is not None else f"HANG ({detail})"
                    print(f"    load {number + 1}: {shown}", flush=True)
            finally:
                lab.end_process_group(process)
    return loads


def summary(kind: str, loads: list[Load]) -> dict[str, Any]:
    times = [load.seconds for load in loads if load.seconds is not None]
    later = [load.seconds for load in loads if load.number and load.seconds is not None]
    hangs = [load for load in loads if load.seconds is None]
    return {
        "kind": kind,
        "loads": len(loads),
        "hangs": len(hangs),
        "first_load_hangs": sum(1 for load in hangs if load.number == 0),
        "first_loads": sum(1 for load in loads if load.number == 0),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "max": max(times, default=float("nan")),
        "first_load_p50": percentile(
            [t.seconds for t in loads if t.number == 0 and t.seconds is not None], 50
        ),
        "later_p50": percentile(later, 50),
        "later_p95": percentile(later, 95),
    }


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line; ``--quick`` means 10 loads on 2 servers unless they are given."""
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--loads", type=int, help="loads per server kind (50; quick 10)")
    p.add_argument("--servers", type=int, help="fresh starts per server kind (5; quick 2)")
    p.add_argument("--gap", type=float, default=3.0, help="seconds between loads")
    p.add_argument("--hang-after", type=float, default=60.0, help="seconds: a hang")
    p.add_argument("--network", choices=("as-is", "stalled"), default="as-is")
    p.add_argument("--app", default="anatomy", help="an app in apps/ (with a drop-down)")
    p.add_argument(
        "--kinds", nargs="+", default=["classroom", "plain"], choices=KINDS, metavar="KIND"
    )
    p.add_argument("--cull-idle", type=int, help="cull_idle_timeout (pre-heating kinds)")
    p.add_argument("--cull-interval", type=int, help="cull_interval (pre-heating kinds)")
    args = p.parse_args(argv)
    args.loads = args.loads or (10 if args.quick else 50)
    args.servers = args.servers or (2 if args.quick else 5)
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    # run_all.py's timeout sends SIGTERM: end like Ctrl+C, so `finally` stops the server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()

    from playwright.sync_api import sync_playwright

    results: list[Load] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(lab.CHROMIUM), args=lab.CHROMIUM_ARGS, headless=True
        )
        try:
            for kind in args.kinds:
                print(f"{kind}: {args.loads} loads on {args.servers} fresh servers", flush=True)
                results += run_kind(browser, kind, args)
        finally:
            browser.close()

    rows = [summary(kind, [r for r in results if r.kind == kind]) for kind in args.kinds]
    result = Result(name="voila_loads", title="Voilà page loads")
    result.figures = figures(rows, args)
    result.markdown = markdown(rows, results, args)
    result.data = {"summary": rows, "loads": [asdict(r) for r in results]}
    finish(result, args.json, started)
    return 0


def seconds(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.2f} s"


def figures(rows: list[dict[str, Any]], args: argparse.Namespace) -> list[Figure]:
    """Hangs for every kind but plain Voilà (the baseline), and time to widget p95."""
    plain = next((row for row in rows if row["kind"] == "plain"), None)
    measured = [row for row in rows if row["kind"] != "plain"] or rows
    out = []
    for row in measured:
        out.append(
            Figure(
                name=f"{row['kind']}: loads that hung",
                unit="count",
                measured=row["hangs"],
                baseline=plain["hangs"] if plain is not None and row is not plain else None,
                max_value=0,
                note=f"of {row['loads']}; hang = no explorer after {args.hang_after:.0f} s",
                error="" if row["loads"] else "no load measured",
            )
        )
        out.append(
            Figure(
                name=f"{row['kind']}: time to widget p95",
                unit="s",
                measured=row["p95"],
                baseline=plain["p95"] if plain is not None and row is not plain else None,
            )
        )
    return out


def markdown(rows: list[dict[str, Any]], loads: list[Load], args: argparse.Namespace) -> str:
    """The section for RESULTS.md: what was measured, a table per server kind, the hangs."""
    described = {
        "classroom": "the classroom Voilà (`python -m classroom.voila_classroom`, "
        "`classroom/voila.json`)",
        "plain": "plain `voila apps/<app>.ipynb` (Voilà's defaults)",
        "voila-preheat": "stock Voilà with the classroom's pool and culling (`voila-preheat`)",
    }
    options = " ".join(f"`{option}`" for option in culling(args))
    intro = (
        "## 8. Voilà page loads\n\n"
        f"`apps/{args.app}.ipynb` on "
        + ", ".join(described[kind] for kind in args.kinds)
        + (f" (pre-heating kinds with {options})" if options else "")
        + f": {args.loads} loads per kind on {args.servers} fresh servers (the first load as "
        f"soon as the server answers HTTP, the others {args.gap:g} s after the previous page "
        "closed), one at a time, each in a new browser context of headless Chromium, network "
        f"{args.network}. Time to widget: navigation until the spinner is gone and the "
        "explorer's first drop-down is on the page; a load *hangs* when that has not happened "
        f"after {args.hang_after:.0f} s. The page then closes as a tab does."
    )
    header = [
        "Server", "Loads", "Hangs", "1st-load hangs", "p50", "p95", "Max",
        "1st-load p50", "Later p50", "Later p95",
    ]  # fmt: skip
    body = [
        [
            row["kind"],
            row["loads"],
            row["hangs"],
            f"{row['first_load_hangs']} of {row['first_loads']}",
            seconds(row["p50"]),
            seconds(row["p95"]),
            seconds(row["max"]),
            seconds(row["first_load_p50"]),
            seconds(row["later_p50"]),
            seconds(row["later_p95"]),
        ]
        for row in rows
    ]
    hung = [
        f"{load.kind} server {load.server + 1} load {load.number + 1}: {load.detail}"
        for load in loads
        if load.seconds is None
    ]
    parts = [intro, table(header, body)]
    if hung:
        parts.append("Hangs: " + "; ".join(hung[:10]) + (" ..." if len(hung) > 10 else ""))
    return "\n\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
