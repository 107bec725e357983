"""Helpers shared by the benchmark scripts (statistics, machine facts, result files).

Not a test module and not part of the package: the scripts in this folder import it
as ``_common`` because Python puts the script's own folder first on ``sys.path``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from report import Figure, TreeState, figure_row, verdict

ROOT = Path(__file__).resolve().parent.parent
"""The project folder (``/work/main`` on the development machine)."""
BENCH = ROOT / "benchmarks"
NOTEBOOKS = ROOT / "notebooks"
PYTHON = sys.executable
"""The interpreter that runs the benchmarks: the project's venv when started as documented."""

PACKAGES = (
    "glutelab",
    "jupyterlab",
    "ipywidgets",
    "ipykernel",
    "jupyter_client",
    "matplotlib",
    "pandas",
    "numpy",
    "scipy",
    "nbval",
    "pytest",
    "psutil",
)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear interpolation between ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: Sequence[float]) -> dict[str, float]:
    """Median, p95, min, max and count of a sample."""
    return {
        "n": len(values),
        "median": statistics.median(values) if values else math.nan,
        "p95": percentile(values, 95),
        "min": min(values) if values else math.nan,
        "max": max(values) if values else math.nan,
    }


def peak_rss(pid: int) -> int:
    """The process's own high-water RSS (Linux ``VmHWM``), 0 where unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def ratio(a: float, b: float) -> float:
    return a / b if b else math.inf


@dataclass
class Result:
    """What a benchmark script hands to ``run_all.py``: its figures and a detail section.

    ``figures`` are the rows of the benchmark's table in RESULTS.md (measured value, baseline
    measured in the same run, target); ``markdown`` is the detail below the table.
    """

    name: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    markdown: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["figures"] = [f.to_json() for f in self.figures]
        return out


def parser(description: str) -> argparse.ArgumentParser:
    """The options every benchmark script takes."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="a smaller, faster run")
    p.add_argument("--json", type=Path, help="also write the result as JSON to this file")
    return p


def finish(result: Result, json_path: Path | None, started: float) -> None:
    """Print the result's targets and section; write the JSON when asked."""
    result.seconds = time.perf_counter() - started
    print()
    print(result.markdown)
    print()
    for f in result.figures:
        row = figure_row(f)
        print(
            f"[{verdict(f)}] {row[0]}: {row[1]}, baseline {row[2] or '-'}, ratio {row[3] or '-'} "
            f"(target {row[4]})"
        )
    print(f"({result.title}: {result.seconds:.0f} s)")
    if json_path is not None:
        json_path.write_text(json.dumps(result.to_json(), indent=2, default=str), encoding="utf-8")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.1f} MiB"


def machine() -> dict[str, str]:
    """CPU, memory, Python and OS of this machine."""
    cpu_model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        ram = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
        physical = psutil.cpu_count(logical=False)
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        ram, physical = "unknown", None
    cpus = f"{os.cpu_count()} logical" + (f", {physical} physical" if physical else "")
    return {
        "CPU": f"{cpus} ({cpu_model})" if cpu_model else cpus,
        "RAM": ram,
        "Python": f"{platform.python_version()} ({platform.python_implementation()}, {PYTHON})",
        "OS": platform.platform(),
    }


def versions(names: Sequence[str] = PACKAGES) -> dict[str, str]:
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_state(root: Path = ROOT) -> TreeState:
    """The checked-out commit and every change ``git status --porcelain`` lists.

    Untracked files count too (a new module can change what is measured); ignored files
    (the venv, caches) do not.
    """
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return TreeState("unknown", known=False)
    return TreeState(commit, tuple(line for line in status.splitlines() if line.strip()))


def load_average() -> float:
    """The 1-minute load average (NaN where the OS does not say)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan


def project_module(name: str) -> ModuleType:
    """A module of the project that is not part of the package, e.g. ``tests.browser.lab``.

    The browser benchmarks reuse the browser tests' private JupyterLab server
    (``tests/browser/lab.py``) and Playwright helpers (``tests/browser/helpers.py``); a script
    started as ``python benchmarks/x.py`` has only ``benchmarks/`` on ``sys.path``, so the
    project folder is added first.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(name)
