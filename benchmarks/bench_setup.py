"""Benchmark 5: setting up a fresh clone (``make setup``) versus a bare install of the stack.

Project: ``git clone`` of this repository into a temporary folder, then what ``make setup``
does: ``python -m venv .venv``, ``pip install --upgrade pip``, ``pip install -e '.[test]'``.
Baseline: a fresh venv in another temporary folder, ``pip install --upgrade pip``, then
``pip install jupyterlab ipywidgets matplotlib pandas``. Both use the interpreter the project
venv was made from and, by default, an empty pip cache of their own (a fresh machine), so
both download everything. Target: project <= 1.2x baseline.

This downloads a few hundred MB from the package index and takes minutes: run_all.py runs
it only with ``--with-setup``. Note that the clone has the committed tree (HEAD), not
uncommitted edits.

Usage: .venv/bin/python benchmarks/bench_setup.py [--repeats N] [--warm-cache] [--json FILE]
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, Result, finish, git_state, parser, summary, table
from report import Figure

TARGET = 1.2
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)
STACK = ["jupyterlab", "ipywidgets", "matplotlib", "pandas"]


def step(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return time.perf_counter() - start


def folder_size(path: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += (Path(dirpath) / name).lstat().st_size
    return total


def installed(python: Path, env: dict[str, str]) -> int:
    done = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return len(done.stdout.splitlines())


def run(which: str, work: Path, warm_cache: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_CACHE_DIR"] = str(warm_cache or (work / "pip-cache"))
    env.pop("VIRTUAL_ENV", None)
    steps: dict[str, float] = {}
    if which == "project":
        home = work / "clone"
        steps["git clone"] = step(["git", "clone", "--quiet", str(ROOT), str(home)], work, env)
    else:
        home = work / "bare"
        home.mkdir()
    python = home / ".venv" / "bin" / "python"
    steps["python -m venv"] = step([BASE_PYTHON, "-m", "venv", ".venv"], home, env)
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    steps["pip install --upgrade pip"] = step([*pip, "--upgrade", "pip"], home, env)
    if which == "project":
        steps["pip install -e '.[test]'"] = step([*pip, "-e", ".[test]"], home, env)
    else:
        steps["pip install " + " ".join(STACK)] = step([*pip, *STACK], home, env)
    return {
        "steps": steps,
        "total": sum(steps.values()),
        "venv_bytes": folder_size(home / ".venv"),
        "packages": installed(python, env),
    }


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=1, help="setups of each kind (default 1)")
    p.add_argument(
        "--warm-cache",
        action="store_true",
        help="share one pip cache (warmed by an untimed baseline install) instead of empty ones",
    )
    args = p.parse_args()
    started = time.perf_counter()
    runs: dict[str, list[dict[str, Any]]] = {"project": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="glutelab-bench-setup-") as tmp:
        cache = None
        if args.warm_cache:
            cache = Path(tmp) / "shared-pip-cache"
            warm = Path(tmp) / "warm"
            warm.mkdir()
            run("project", warm, cache)
        for repeat in range(args.repeats):
            order = ["baseline", "project"] if repeat % 2 == 0 else ["project", "baseline"]
            for which in order:
                work = Path(tmp) / f"{which}-{repeat}"
                work.mkdir()
                runs[which].append(run(which, work, cache))
                last = runs[which][-1]
                print(
                    f"repeat {repeat + 1}/{args.repeats} {which}: {last['total']:.1f} s "
                    + ", ".join(f"{k} {v:.1f} s" for k, v in last["steps"].items()),
                    flush=True,
                )

    project = summary([r["total"] for r in runs["project"]])
    base = summary([r["total"] for r in runs["baseline"]])
    r = project["median"] / base["median"]
    result = Result(name="setup", title="Setup")
    result.figures.append(
        Figure(
            name="fresh clone + make setup, median wall time",
            unit="s",
            measured=project["median"],
            baseline=base["median"],
            max_ratio=TARGET,
            note=f"{args.repeats} run{'s' if args.repeats > 1 else ''} each",
        )
    )
    rows = []
    for which, label in (("project", "project (`make setup`)"), ("baseline", "**baseline**")):
        last = runs[which][-1]
        for name, seconds in last["steps"].items():
            rows.append([label, f"`{name}`", f"{seconds:.1f} s", "", ""])
        s = summary([x["total"] for x in runs[which]])
        rows.append(
            [
                label,
                "**total** (median)",
                f"**{s['median']:.1f} s**",
                last["packages"],
                f"{last['venv_bytes'] / 2**20:.0f} MiB",
            ]
        )
    cache_words = (
        "one shared pip cache, warmed by an untimed project install first"
        if args.warm_cache
        else "an empty pip cache per install (everything downloaded, as on a fresh machine)"
    )
    result.markdown = "\n\n".join(
        [
            "## 5. Setup\n\n"
            f"Fresh clone of the committed tree ({git_state().commit}) and the "
            "`make setup` steps, versus a fresh venv with a bare `pip install "
            f"{' '.join(STACK)}`; {args.repeats} run(s) each, {cache_words}. Interpreter: "
            f"`{BASE_PYTHON}`. Network time to the package index is part of both figures, so "
            "this one is noisier than the others.",
            table(["Setup", "Step", "Time", "Packages in venv", "venv size"], rows),
            f"Ratio: **{r:.2f}x** (target <= {TARGET}x).",
        ]
    )
    result.data = {"runs": runs}
    finish(result, args.json, started)


if __name__ == "__main__":
    main()
