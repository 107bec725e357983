"""Benchmark 2: wall time of the notebook suite under nbval versus trivial baseline notebooks.

Course run: ``python -m pytest --nbval-lax --nbval-current-env <notebooks>`` from the project
folder (so the project's pytest options in pyproject.toml apply too). Baseline run: the same
number of generated notebooks in a temporary folder, each of which only imports pandas,
matplotlib.pyplot and ipywidgets and draws one matplotlib plot, run with the same pytest
options. Runs alternate course/baseline (order swapped every repeat). Target: <= 1.5x.

Usage: .venv/bin/python benchmarks/bench_notebooks.py [--quick] [--repeats N] [--json FILE]
``--quick`` runs three notebooks (00, 04, 06) instead of all of them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
from _common import NOTEBOOKS, PYTHON, ROOT, Result, finish, parser, summary, table
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from report import Figure

TARGET = 1.5
QUICK = ("00_index.ipynb", "04_emg_evidence.ipynb", "06_emg_methods.ipynb")
NBVAL = ["--nbval-lax", "--nbval-current-env"]
DURATION = re.compile(r"^([\d.]+)s (setup|call|teardown)\s+(\S+?)::(.*)$")


def baseline_notebook() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.cells = [
        new_markdown_cell("# Baseline notebook\nImports the stack and draws one plot."),
        new_code_cell(
            "import ipywidgets as widgets\nimport matplotlib.pyplot as plt\nimport pandas as pd"
        ),
        new_code_cell(
            "frame = pd.DataFrame({'x': [0, 1, 2, 3], 'y': [0, 1, 4, 9]})\n"
            "fig, ax = plt.subplots()\nax.plot(frame['x'], frame['y'])\nplt.show()"
        ),
    ]
    return nb


def run_pytest(paths: list[str], cwd: Path, extra: list[str]) -> tuple[float, int, str, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-m", "pytest", "-q", "--durations=0", *extra, *paths],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    return elapsed, done.returncode, last, done.stdout


def durations(stdout: str) -> tuple[dict[str, float], list[tuple[float, str]]]:
    """Seconds per notebook (setup, call and teardown of its cells) and per cell call."""
    per_notebook: dict[str, float] = {}
    cells = []
    for line in stdout.splitlines():
        match = DURATION.match(line)
        if match:
            seconds, phase, path, cell = match.groups()
            name = Path(path).name
            per_notebook[name] = per_notebook.get(name, 0.0) + float(seconds)
            if phase == "call":
                cells.append((float(seconds), f"{name} {cell}"))
    return per_notebook, sorted(cells, reverse=True)


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=3, help="runs of each suite (default 3)")
    args = p.parse_args()
    started = time.perf_counter()
    names = list(QUICK) if args.quick else sorted(q.name for q in NOTEBOOKS.glob("*.ipynb"))
    course_paths = [str(Path("notebooks") / n) for n in names]
    times: dict[str, list[float]] = {"course": [], "baseline": []}
    outcomes: dict[str, list[str]] = {"course": [], "baseline": []}
    codes: dict[str, list[int]] = {"course": [], "baseline": []}
    course_out = ""
    with tempfile.TemporaryDirectory(prefix="glutelab-bench-nb-") as tmp:
        folder = Path(tmp)
        for i in range(len(names)):
            nbformat.write(baseline_notebook(), folder / f"baseline_{i:02d}.ipynb")
        # Same options as the project's pytest configuration, minus its test paths.
        shutil.copy(ROOT / "nbval_sanitize.cfg", folder / "nbval_sanitize.cfg")
        (folder / "pytest.ini").write_text(
            "[pytest]\naddopts = --doctest-modules --nbval-lax --nbval-current-env "
            "--nbval-sanitize-with nbval_sanitize.cfg -p no:cacheprovider\n",
            encoding="utf-8",
        )
        base_paths = sorted(q.name for q in folder.glob("*.ipynb"))
        run_pytest(base_paths[:1], folder, [])  # warm-up: bytecode and file cache, not timed
        for repeat in range(args.repeats):
            order = ["course", "baseline"] if repeat % 2 == 0 else ["baseline", "course"]
            for which in order:
                if which == "course":
                    elapsed, code, last, stdout = run_pytest(course_paths, ROOT, NBVAL)
                    course_out = stdout
                else:
                    elapsed, code, last, _ = run_pytest(base_paths, folder, [])
                times[which].append(elapsed)
                codes[which].append(code)
                outcomes[which].append(last)
                print(f"repeat {repeat + 1}/{args.repeats} {which}: {elapsed:.1f} s ({last})")

    course, base = summary(times["course"]), summary(times["baseline"])
    r = course["median"] / base["median"]
    ok = all(c == 0 for c in codes["course"]) and all(c == 0 for c in codes["baseline"])
    result = Result(name="notebooks", title="Notebook suite")
    result.figures.append(
        Figure(
            name=f"{len(names)} notebooks under nbval, median wall time",
            unit="s",
            measured=course["median"],
            baseline=base["median"],
            max_ratio=TARGET,
            note=f"{args.repeats} runs each",
            error="" if ok else "some runs failed, see the detail below",
        )
    )
    per_notebook = course["median"] / len(names), base["median"] / len(names)
    per_nb, slow_cells = durations(course_out)
    result.markdown = "\n\n".join(
        [
            "## 2. Notebook suite (nbval)\n\n"
            f"{'`--quick`: ' if args.quick else ''}{len(names)} notebooks "
            f"({', '.join(names)}) versus {len(names)} generated baseline notebooks (import "
            "pandas, matplotlib.pyplot, ipywidgets; draw one plot), each suite run "
            f"{args.repeats} times, alternating. Command: `python -m pytest -q "
            "--nbval-lax --nbval-current-env <paths>` (the project's pytest options apply to both; "
            "every notebook starts its own kernel).",
            table(
                ["Suite", "Median", "p95", "Min", "Per notebook (median)", "pytest said"],
                [
                    [
                        "course notebooks",
                        f"{course['median']:.1f} s",
                        f"{course['p95']:.1f} s",
                        f"{course['min']:.1f} s",
                        f"{per_notebook[0]:.1f} s",
                        outcomes["course"][-1],
                    ],
                    [
                        "**baseline** notebooks",
                        f"{base['median']:.1f} s",
                        f"{base['p95']:.1f} s",
                        f"{base['min']:.1f} s",
                        f"{per_notebook[1]:.1f} s",
                        outcomes["baseline"][-1],
                    ],
                ],
            ),
            f"Ratio of medians: **{r:.2f}x** (target <= {TARGET}x). About "
            f"{per_notebook[0] - per_notebook[1]:.1f} s per notebook goes to the course's own "
            "cells above a kernel that imports the stack and draws a plot. Where the course "
            "suite's time goes (pytest `--durations`, last course run; a notebook's total "
            "includes its kernel start in the first cell's setup):",
            table(
                ["Notebook", "Seconds (setup + call + teardown)"],
                [[n, f"{t:.1f}"] for n, t in sorted(per_nb.items(), key=lambda x: -x[1])],
            ),
            "Slowest cells (call only): "
            + "; ".join(f"{cell} {t:.1f} s" for t, cell in slow_cells[:6])
            + ".",
        ]
    )
    result.data = {"times": times, "codes": codes, "notebooks": names}
    finish(result, args.json, started)


if __name__ == "__main__":
    main()
