"""Run every benchmark and write benchmarks/RESULTS.md.

Each benchmark runs as its own process (``benchmarks/bench_*.py --json FILE``), one after
the other, so that they do not disturb each other. RESULTS.md gets the date, the machine
(CPU count, RAM, Python, OS, load average), the package versions, a PASS/FAIL summary
against the targets and each benchmark's section.

Usage: .venv/bin/python benchmarks/run_all.py [--quick] [--with-setup] [--only NAME ...]
       [--timeout MINUTES] (or ``make bench``)
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
from typing import Any

from _common import BENCH, PYTHON, git_state, machine, table, verdict, versions

BENCHMARKS = {
    "import": ("bench_import.py", "Import time"),
    "notebooks": ("bench_notebooks.py", "Notebook suite"),
    "kernel_memory": ("bench_kernel_memory.py", "Kernel memory"),
    "widget_latency": ("bench_widget_latency.py", "Widget update latency"),
    "setup": ("bench_setup.py", "Setup"),
    "browser_latency": ("bench_browser_latency.py", "Widget latency in the browser"),
    "class_scale": ("bench_class_scale.py", "Class scale"),
    "voila_loads": ("bench_voila_loads.py", "Voilà page loads"),
    "voila_class": ("bench_voila_class.py", "Voilà classroom"),
}


def load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


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


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="smaller runs where a benchmark has one")
    p.add_argument("--with-setup", action="store_true", help="also run the (slow) setup benchmark")
    p.add_argument("--only", nargs="*", choices=list(BENCHMARKS), help="run only these")
    p.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    p.add_argument(
        "--timeout",
        type=float,
        default=45,
        help="minutes after which a benchmark is stopped and reported as an error (45)",
    )
    args = p.parse_args()
    names = args.only or [n for n in BENCHMARKS if n != "setup" or args.with_setup]
    started_at = dt.datetime.now(dt.UTC)
    load_before = load()
    results: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="glutelab-bench-") as tmp:
        for name in names:
            script, title = BENCHMARKS[name]
            out = Path(tmp) / f"{name}.json"
            cmd = [PYTHON, str(BENCH / script), "--json", str(out)]
            if args.quick:
                cmd.append("--quick")
            print(f"\n=== {title}: {' '.join(Path(c).name for c in cmd[1:])}", flush=True)
            start = time.perf_counter()
            returncode = run(cmd, args.timeout * 60)
            if returncode != 0 or not out.exists():
                errors[name] = (
                    f"timed out after {args.timeout:g} min"
                    if returncode is None
                    else f"exited with {returncode} after {time.perf_counter() - start:.0f} s"
                )
                print(f"=== {title}: ERROR ({errors[name]})", flush=True)
                continue
            results[name] = json.loads(out.read_text(encoding="utf-8"))
    finished_at = dt.datetime.now(dt.UTC)

    summary_rows = []
    for number, name in enumerate(BENCHMARKS, start=1):
        title = BENCHMARKS[name][1]
        if name in results:
            for t in results[name]["targets"]:
                summary_rows.append(
                    [number, t["name"], t["figure"], t["target"], f"**{verdict(t['passed'])}**"]
                )
        elif name in errors:
            summary_rows.append([number, title, errors[name], "", "**ERROR**"])
        else:
            reason = "needs `--with-setup`" if name == "setup" else "not selected"
            summary_rows.append([number, title, f"not run ({reason})", "", ""])
    passed = sum(r[4] == "**PASS**" for r in summary_rows)
    failed = sum(r[4] in ("**FAIL**", "**ERROR**") for r in summary_rows)

    facts = machine()
    command = "benchmarks/run_all.py" + "".join(f" {a}" for a in sys.argv[1:])
    doc = [
        "# glutelab benchmark results",
        f"Written by `{command}`. Every figure is a ratio against a baseline measured in the "
        "same run, on the same machine, interleaved with the measured case where the "
        "benchmark allows it; see `benchmarks/README.md` for what each benchmark does, its "
        f"baseline and its target. Absolute times depend on the machine and on whatever else "
        f"runs on it ({os.cpu_count()} CPUs here; see the load average): compare ratios, not "
        "absolute times, between runs.",
        "## Machine",
        table(
            ["What", "Value"],
            [
                ["Date (UTC)", f"{started_at:%Y-%m-%d %H:%M} to {finished_at:%H:%M}"],
                ["Commit", git_state()],
                *[[k, v] for k, v in facts.items()],
                ["Load average", f"at start {load_before}; at end {load()}"],
            ],
        ),
        "## Package versions",
        table(["Package", "Version"], [[k, v] for k, v in versions().items()]),
        "## Summary",
        f"{passed} target(s) met, {failed} not met.",
        table(["#", "Benchmark", "Figure", "Target", "Result"], summary_rows),
    ]
    doc += [results[n]["markdown"] for n in BENCHMARKS if n in results]
    text = "\n\n".join(doc).rstrip() + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(f"\nWrote {args.output}")
    print(table(["#", "Benchmark", "Figure", "Target", "Result"], summary_rows))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
