"""Benchmark 1: cold import time of glutelab versus importing the plain notebook stack.

Every sample is a fresh ``python -c`` subprocess (cold interpreter; the OS file cache and
``__pycache__`` are warm, as on a student's second launch). The cases run interleaved in a
shuffled order each round so that machine noise hits them alike. The baseline is
``import pandas, matplotlib.pyplot, ipywidgets``; the target is import glutelab <= 1.1x it.

A second pass with ``python -X importtime`` says which top-level modules the time goes to.

Usage: .venv/bin/python benchmarks/bench_import.py [--quick] [--repeats N] [--json FILE]
"""

from __future__ import annotations

import random
import re
import statistics
import subprocess
import tempfile
import time

from _common import PYTHON, Result, finish, ms, parser, summary, table
from report import Figure

TARGET = 1.1
CASES = {
    "startup": ("pass", "interpreter start only (`python -c pass`), for reference"),
    "baseline": (
        "import pandas, matplotlib.pyplot, ipywidgets",
        "**baseline**: `import pandas, matplotlib.pyplot, ipywidgets`",
    ),
    "import": ("import glutelab", "`import glutelab`"),
    "first_data": (
        "import glutelab; glutelab.load_emg()",
        "`import glutelab; glutelab.load_emg()` (first public name that loads data)",
    ),
    "first_widget": (
        "import glutelab; glutelab.exercise_explorer",
        "`import glutelab; glutelab.exercise_explorer` (first explorer name; reference only)",
    ),
}
TARGETED = {"import": "import glutelab", "first_data": "import glutelab + load_emg()"}
LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)")


def wall_time(code: str, cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run([PYTHON, "-c", code], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def importtime(code: str, cwd: str) -> dict[str, int]:
    """Cumulative microseconds of each top-level import ``python -X importtime`` reports."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", code],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    top: dict[str, int] = {}
    for line in done.stderr.splitlines():
        match = LINE.match(line)
        if match and not match.group(3):
            top[match.group(4)] = top.get(match.group(4), 0) + int(match.group(2))
    return top


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, help="samples per case (default 15, quick 9)")
    args = p.parse_args()
    started = time.perf_counter()
    repeats = args.repeats or (9 if args.quick else 15)
    rng = random.Random(1)
    samples: dict[str, list[float]] = {k: [] for k in CASES}
    with tempfile.TemporaryDirectory(prefix="glutelab-bench-import-") as cwd:
        for code, _ in CASES.values():  # one untimed warm-up each (bytecode, file cache)
            wall_time(code, cwd)
        for round_no in range(repeats):
            order = list(CASES)
            rng.shuffle(order)
            for name in order:
                samples[name].append(wall_time(CASES[name][0], cwd))
            print(
                f"round {round_no + 1}/{repeats}: "
                + ", ".join(f"{k} {ms(samples[k][-1])}" for k in CASES),
                flush=True,
            )
        startup_modules = set(importtime("pass", cwd))
        breakdown: dict[str, list[dict[str, int]]] = {"baseline": [], "first_data": []}
        for _ in range(3):
            for name in breakdown:
                top = importtime(CASES[name][0], cwd)
                breakdown[name].append({k: v for k, v in top.items() if k not in startup_modules})

    stats = {k: summary(v) for k, v in samples.items()}
    base = stats["baseline"]["median"]
    start_only = stats["startup"]["median"]
    rows = []
    for name, (_, label) in CASES.items():
        s = stats[name]
        net = s["median"] - start_only
        rows.append(
            [
                label,
                ms(s["median"]),
                ms(s["p95"]),
                ms(net) if name != "startup" else "",
                f"{s['median'] / base:.2f}x" if name != "startup" else "",
                f"{net / (base - start_only):.2f}x" if name not in ("startup", "baseline") else "",
            ]
        )
    result = Result(name="import", title="Import time")
    for name, words in TARGETED.items():
        result.figures.append(
            Figure(
                name=f"{words}, median wall time",
                unit="ms",
                measured=stats[name]["median"] * 1000,
                baseline=base * 1000,
                max_ratio=TARGET,
                note=f"n = {repeats}",
            )
        )

    def totals(name: str) -> float:
        return statistics.median(sum(run.values()) for run in breakdown[name]) / 1e6

    heaviest = sorted(
        breakdown["first_data"][0],
        key=lambda k: -statistics.median(run.get(k, 0) for run in breakdown["first_data"]),
    )[:8]
    heavy_rows = [
        [f"`{k}`", ms(statistics.median(run.get(k, 0) for run in breakdown["first_data"]) / 1e6)]
        for k in heaviest
    ]
    result.markdown = "\n\n".join(
        [
            f"## 1. Import time\n\nFresh `python -c` subprocess per sample, {repeats} samples per "
            "case, cases interleaved in a shuffled order each round, one untimed warm-up each. "
            "Wall time includes interpreter start; *net* subtracts the median of `python -c pass`. "
            "The OS file cache and `__pycache__` are warm (as on any launch after the first).",
            table(
                ["Case", "Median", "p95", "Net median", "Ratio (wall)", "Ratio (net)"],
                rows,
            ),
            "`python -X importtime` (median of 3 runs, modules imported at start-up excluded): "
            f"`import glutelab; glutelab.load_emg()` imports {totals('first_data') * 1000:.0f} ms "
            f"of modules, the baseline {totals('baseline') * 1000:.0f} ms. Heaviest top-level "
            "imports behind `load_emg()` (cumulative):",
            table(["Module", "Cumulative import time"], heavy_rows),
        ]
    )
    result.data = {"samples": samples, "stats": stats, "breakdown_first_data": heavy_rows}
    finish(result, args.json, started)


if __name__ == "__main__":
    main()
