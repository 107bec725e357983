"""Benchmark 3: memory (RSS) of a Jupyter kernel after the heaviest notebooks' code cells.

Each measurement starts a fresh kernel with ``jupyter_client.KernelManager`` and the venv's
``python3`` kernel (working folder ``notebooks/``), executes every code cell of one notebook
in order, waits 0.5 s, and reads the RSS of the kernel process and its children with psutil
(``VmHWM``, the kernel's own peak RSS, is reported beside it). The baseline kernel imports
pandas, matplotlib.pyplot and ipywidgets and draws one plot. Every course notebook is
measured (04 and 06 with ``--quick``), each in its own kernel as JupyterLab runs them.
Targets: the heaviest notebook <= baseline + 25 MiB; the highest kernel peak <= 200 MiB.

Usage: .venv/bin/python benchmarks/bench_kernel_memory.py [--quick] [--repeats N] [--json FILE]
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import time
from typing import Any

import nbformat
import psutil
from _common import NOTEBOOKS, Result, finish, mib, parser, peak_rss, table
from jupyter_client.manager import KernelManager
from report import Figure

TARGET_MIB = 25.0
COURSE_MAX_MIB = 200.0
HEAVY = ("04_emg_evidence.ipynb", "06_emg_methods.ipynb")
"""The notebooks measured with ``--quick`` (the two heaviest); a full run measures every one."""
BASELINE_CELLS = [
    "import ipywidgets as widgets\nimport matplotlib.pyplot as plt\nimport pandas as pd",
    "frame = pd.DataFrame({'x': [0, 1, 2, 3], 'y': [0, 1, 4, 9]})\n"
    "fig, ax = plt.subplots()\nax.plot(frame['x'], frame['y'])\nplt.show()",
]


def tree_rss(pid: int) -> int:
    """RSS of a process plus all its children, in bytes."""
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += child.memory_info().rss
    return total


def measure(cells: list[str]) -> dict[str, Any]:
    """Run ``cells`` in a fresh kernel; RSS after start and after the last cell."""
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(NOTEBOOKS), stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    errors: list[str] = []
    try:
        kc.wait_for_ready(timeout=120)
        pid = km.provisioner.process.pid  # type: ignore[union-attr]
        time.sleep(0.5)
        idle = tree_rss(pid)
        start = time.perf_counter()
        growth = []
        before = idle
        for number, source in enumerate(cells):
            reply = kc.execute_interactive(source, timeout=600, output_hook=lambda _msg: None)
            if reply["content"]["status"] != "ok":
                errors.append(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")
            now = tree_rss(pid)
            growth.append((now - before, number, source.splitlines()[0][:60] if source else ""))
            before = now
        seconds = time.perf_counter() - start
        time.sleep(0.5)
        return {
            "idle": idle,
            "after": tree_rss(pid),
            "peak": peak_rss(pid),
            "seconds": seconds,
            "errors": errors,
            "growth": sorted(growth, reverse=True),
        }
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def code_cells(name: str) -> list[str]:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, help="kernels per case (default 3, quick 2)")
    args = p.parse_args()
    started = time.perf_counter()
    repeats = args.repeats or (2 if args.quick else 3)
    notebooks = (
        HEAVY if args.quick else tuple(sorted(p.name for p in NOTEBOOKS.glob("[0-9]*.ipynb")))
    )
    cases = {"baseline": BASELINE_CELLS} | {name: code_cells(name) for name in notebooks}
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in cases}
    for repeat in range(repeats):
        for name, cells in cases.items():
            run = measure(cells)
            runs[name].append(run)
            print(
                f"repeat {repeat + 1}/{repeats} {name}: idle {mib(run['idle'])}, after "
                f"{mib(run['after'])}, peak {mib(run['peak'])}, {run['seconds']:.1f} s"
                + (f", ERRORS {run['errors']}" if run["errors"] else ""),
                flush=True,
            )

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    base = med("baseline", "after")
    heaviest = max(notebooks, key=lambda n: med(n, "after"))
    delta = (med(heaviest, "after") - base) / 2**20
    peakiest = max(notebooks, key=lambda n: med(n, "peak"))
    failed = [n for n in cases if any(r["errors"] for r in runs[n])]
    error = f"cells failed in {', '.join(failed)}" if failed else ""
    result = Result(name="kernel_memory", title="Kernel memory")
    result.figures.append(
        Figure(
            name="heaviest notebook, kernel RSS after its cells",
            unit="MiB",
            measured=med(heaviest, "after") / 2**20,
            baseline=base / 2**20,
            max_difference=TARGET_MIB,
            note=f"{heaviest}, median of {repeats}",
            error=error,
        )
    )
    result.figures.append(
        Figure(
            name="whole course, highest kernel peak RSS (VmHWM)"
            if not args.quick
            else "notebooks 04 and 06, highest kernel peak RSS (VmHWM)",
            unit="MiB",
            measured=med(peakiest, "peak") / 2**20,
            baseline=med("baseline", "peak") / 2**20,
            max_value=COURSE_MAX_MIB,
            note=f"{peakiest}, median of {repeats}",
            error=error,
        )
    )
    rows = []
    for name in cases:
        after = med(name, "after")
        rows.append(
            [
                "**baseline** (import stack, one plot)" if name == "baseline" else name,
                len(cases[name]),
                mib(med(name, "idle")),
                mib(after),
                f"{(after - base) / 2**20:+.1f} MiB" if name != "baseline" else "",
                f"{after / base:.2f}x" if name != "baseline" else "",
                mib(med(name, "peak")),
                f"{med(name, 'seconds'):.1f} s",
            ]
        )
    result.markdown = "\n\n".join(
        [
            "### Method\n\n"
            f"A fresh `python3` kernel per measurement ({repeats} per case, medians shown), every "
            "code cell executed in order in `notebooks/`, RSS of the kernel and its children read "
            "with psutil 0.5 s after the last cell. *Peak* is the kernel's own high-water RSS "
            "(`VmHWM`).",
            table(
                [
                    "Kernel",
                    "Code cells",
                    "RSS idle",
                    "RSS after cells",
                    "vs baseline",
                    "Ratio",
                    "Peak RSS",
                    "Cells took",
                ],
                rows,
            ),
            f"Heaviest: `{heaviest}`, **{delta:+.1f} MiB** over the baseline kernel "
            f"(target <= +{TARGET_MIB:g} MiB). Code cells that grew the RSS most (last run; "
            "code-cell index from 0, first line of the cell):",
            table(
                ["Notebook", "Code cell", "RSS growth", "First line"],
                [
                    [name, number, mib(grown), f"`{first}`"]
                    for name in HEAVY
                    if name in runs
                    for grown, number, first in runs[name][-1]["growth"][:4]
                ],
            ),
        ]
    )
    result.data = {"runs": runs}
    finish(result, args.json, started)


if __name__ == "__main__":
    main()
