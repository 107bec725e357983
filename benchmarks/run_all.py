"""Run the benchmarks and write benchmarks/RESULTS.md, one current report.

Each benchmark runs as its own process (``benchmarks/bench_*.py --json FILE``), one after
the other, so that they do not disturb each other. Its figures (measured value, baseline
measured in the same run, target), with the date, the commit, whether the work tree was
clean and the machine's load, are kept in ``benchmarks/results/<name>.json``; RESULTS.md is
then written from the latest run of every benchmark (``report.render_report``) and the
README's headline table from the same figures (``report.headline_table``).

Usage: .venv/bin/python benchmarks/run_all.py [--quick] [--full NAME ...] [--with-setup]
       [--only NAME ...]
       [--timeout MINUTES] [--report-only] (or ``make bench``)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import BENCH, PYTHON, ROOT, git_state, load_average, machine, versions
from report import (
    Figure,
    Run,
    TreeState,
    headline_table,
    render_report,
    replace_between,
    verdict,
)

BENCHMARKS = {
    "import": ("bench_import.py", "Import time"),
    "notebooks": ("bench_notebooks.py", "Notebook suite"),
    "kernel_memory": ("bench_kernel_memory.py", "Kernel memory"),
    "widget_latency": ("bench_widget_latency.py", "Widget update latency (Python side)"),
    "setup": ("bench_setup.py", "Setup"),
    "browser_latency": ("bench_browser_latency.py", "Widget latency in the browser"),
    "class_scale": ("bench_class_scale.py", "Class scale"),
    "voila_loads": ("bench_voila_loads.py", "Voilà page loads"),
    "voila_class": ("bench_voila_class.py", "Voilà classroom"),
}
RESULTS = BENCH / "results"
"""Each benchmark's latest run (``<name>.json``), from which RESULTS.md is written."""
README = ROOT / "README.md"
HEADLINES = [
    ("import", "import glutelab, median wall time"),
    ("kernel_memory", "whole course, highest kernel peak RSS (VmHWM)"),
    ("browser_latency", "anatomy_explorer: p95, all changes"),
    ("browser_latency", "scenario_explorer: p95, all changes"),
    ("browser_latency", "myth_explorer: p95, all changes"),
    ("browser_latency", "exercise_explorer: p95, all changes"),
    ("browser_latency", "emg_pipeline_explorer: p95, all changes"),
    ("browser_latency", "emg_pipeline_explorer (recorded signal): p95, all changes"),
    ("browser_latency", "citation_audit_explorer: p95, all changes"),
    ("browser_latency", "programme_builder: p95, all changes"),
    ("browser_latency", "hip_mechanics_explorer: p95, all changes"),
    ("class_scale", "recommended memory request per learner"),
    ("voila_class", "10 learners at once: time to widget p95"),
]
"""(benchmark, figure) of the README's short table; the figure names are the benchmarks'."""


def run(cmd: list[str], timeout: float) -> int | None:
    """Run one benchmark; its exit code, or None when it had to be stopped after ``timeout``.

    A benchmark that runs too long gets SIGTERM first (the browser benchmarks then stop their
    Jupyter server and browser), SIGKILL a minute later.
    """
    process = subprocess.Popen(cmd, cwd=BENCH.parent)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return None
    except KeyboardInterrupt:
        process.terminate()
        process.wait(timeout=60)
        raise


def latest_runs() -> dict[str, Run | None]:
    """Every benchmark's latest recorded run (``None`` where none is recorded)."""
    runs: dict[str, Run | None] = {}
    for name in BENCHMARKS:
        path = RESULTS / f"{name}.json"
        runs[name] = (
            Run.from_json(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None
        )
    return runs


def write_reports(output: Path) -> dict[str, Run | None]:
    """RESULTS.md and the README's headline table, from the recorded runs."""
    runs = latest_runs()
    facts = machine() | {"Packages": ", ".join(f"{k} {v}" for k, v in versions().items())}
    titles = {name: title for name, (_, title) in BENCHMARKS.items()}
    output.write_text(render_report(runs, titles, facts), encoding="utf-8")
    path = output.relative_to(ROOT)
    link = f"Latest figures from [`{path}`]({path}):"
    readme = README.read_text(encoding="utf-8")
    README.write_text(
        replace_between(readme, f"{link}\n\n{headline_table(runs, HEADLINES)}"), encoding="utf-8"
    )
    return runs


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="smaller runs where a benchmark has one")
    p.add_argument(
        "--full", nargs="*", default=[], choices=list(BENCHMARKS), help="full runs despite --quick"
    )
    p.add_argument("--with-setup", action="store_true", help="also run the (slow) setup benchmark")
    p.add_argument("--only", nargs="*", choices=list(BENCHMARKS), help="run only these")
    p.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    p.add_argument(
        "--report-only", action="store_true", help="rewrite the report from the recorded runs"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=45,
        help="minutes after which a benchmark is stopped and reported as an error (45)",
    )
    args = p.parse_args()
    names = (
        []
        if args.report_only
        else (args.only or [n for n in BENCHMARKS if n != "setup" or args.with_setup])
    )
    # The tree as measured: read once, before anything (the run writes into benchmarks/).
    tree = git_state()
    RESULTS.mkdir(exist_ok=True)
    errors = 0
    with tempfile.TemporaryDirectory(prefix="glutelab-bench-") as tmp:
        for name in names:
            script, title = BENCHMARKS[name]
            out = Path(tmp) / f"{name}.json"
            cmd = [PYTHON, str(BENCH / script), "--json", str(out)]
            quick = args.quick and name not in args.full
            if quick:
                cmd.append("--quick")
            print(f"\n=== {title}: {' '.join(Path(c).name for c in cmd[1:])}", flush=True)
            started = dt.datetime.now(dt.UTC)
            load_start = load_average()
            start = time.perf_counter()
            returncode = run(cmd, args.timeout * 60)
            minutes = (time.perf_counter() - start) / 60
            if returncode == 0 and out.exists():
                data = json.loads(out.read_text(encoding="utf-8"))
                figures = [Figure.from_json(f) for f in data["figures"]]
                markdown = data["markdown"]
            else:
                errors += 1
                why = (
                    f"timed out after {args.timeout:g} min"
                    if returncode is None
                    else f"exited with {returncode}"
                )
                figures = [Figure(name=title, unit="count", measured=float("nan"), error=why)]
                markdown = ""
                print(f"=== {title}: ERROR ({why})", flush=True)
            record = Run(
                name=name,
                title=title,
                figures=figures,
                markdown=markdown,
                started=f"{started:%Y-%m-%d %H:%M}",
                minutes=minutes,
                tree=tree,
                load=(load_start, load_average()),
                cores=os.cpu_count() or 0,
                quick=quick,
            )
            (RESULTS / f"{name}.json").write_text(
                json.dumps(record.to_json(), indent=1, default=str) + "\n", encoding="utf-8"
            )
    runs = write_reports(args.output)
    print(f"\nWrote {args.output} and the README's headline table")
    for name in names:
        recorded = runs[name]
        assert recorded is not None
        for f in recorded.figures:
            print(f"[{verdict(f)}] {name}: {f.name}")
    if not tree.known or tree.changes:
        print(f"Note: measured on {tree.commit} with uncommitted changes; not a clean tree.")
    return 1 if errors else 0


__all__ = ["TreeState", "main"]

if __name__ == "__main__":
    sys.exit(main())
