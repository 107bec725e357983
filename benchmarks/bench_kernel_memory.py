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


STACK_STEPS = [
    ("`import scipy.signal` (it imports scipy.stats, linalg, special, fft)", "import scipy.signal"),
    (
        "glutelab's EMG modules (notebook 06's first cell)",
        "import glutelab\nfrom glutelab import emg, emg_plots\n"
        "from glutelab.emg_widget import emg_pipeline_explorer",
    ),
]
"""Steps after the baseline cells: what importing the EMG stack adds to the baseline kernel."""
RELEASE_STEPS = [
    (
        "figures still alive drop their Agg renderer (canvas replaced)",
        "import gc\nfrom matplotlib.backend_bases import FigureCanvasBase\n"
        "from matplotlib.figure import Figure\n"
        "for _f in [o for o in gc.get_objects() if isinstance(o, Figure)]:\n"
        "    FigureCanvasBase(_f)\n"
        "del _f\ngc.collect()",
    ),
    ("output history cleared (`%reset -f out`)", "%reset -f out\nimport gc\ngc.collect()"),
    (
        "the EMG explorer's signal caches cleared",
        "from glutelab import emg_widget as _w\n"
        "for _c in (_w._raw, _w._band_passed, _w._amplitude, _w._cached_run):\n"
        "    _c.cache_clear()\n"
        "import gc\ngc.collect()",
    ),
    (
        "the charts' cached text layouts and glyphs cleared",
        "from glutelab.agg_text import clear_text_cache\nclear_text_cache()\n"
        "import gc\ngc.collect()",
    ),
    (
        "free heap pages returned to the OS (glibc `malloc_trim(0)`)",
        "import ctypes\nctypes.CDLL('libc.so.6').malloc_trim(0)",
    ),
]
"""Steps after the heaviest notebook's cells: how much each kind of leftover holds.

Diagnostic only (the course does none of this): each step's RSS drop is what that leftover
held, the last one the heap freed by Python but kept by the C allocator (fragmentation).
"""


def tree_rss(pid: int) -> int:
    """RSS of a process plus all its children, in bytes."""
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += child.memory_info().rss
    return total


def measure(cells: list[str], steps: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """Run ``cells`` in a fresh kernel; RSS after start and after the last cell.

    ``steps`` (label, code) run after the cells, each followed by an RSS reading.
    """
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
        after = tree_rss(pid)
        readings = []
        for label, source in steps or []:
            kc.execute_interactive(source, timeout=600, output_hook=lambda _msg: None)
            time.sleep(0.3)
            readings.append((label, tree_rss(pid)))
        return {
            "idle": idle,
            "after": after,
            "steps": readings,
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

    print("attribution: the stack's imports, then what notebook 06 leaves behind", flush=True)
    stack = measure(BASELINE_CELLS, STACK_STEPS)
    leftovers = measure(code_cells("06_emg_methods.ipynb"), RELEASE_STEPS)

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
    floor = stack["steps"][-1][1]
    result.figures.append(
        Figure(
            name="floor: baseline kernel + scipy.signal + glutelab's EMG modules",
            unit="MiB",
            measured=floor / 2**20,
            baseline=stack["after"] / 2**20,
            note="one kernel, before any course cell",
        )
    )
    breakdown = [["baseline kernel (stack, one plot)", mib(stack["after"]), ""]]
    previous = stack["after"]
    for label, value in stack["steps"]:
        breakdown.append([f"+ {label}", mib(value), f"{(value - previous) / 2**20:+.1f} MiB"])
        previous = value
    breakdown.append(
        ["06_emg_methods.ipynb, all cells (fresh kernel)", mib(leftovers["after"]), ""]
    )
    previous = leftovers["after"]
    for label, value in leftovers["steps"]:
        breakdown.append([f"then {label}", mib(value), f"{(value - previous) / 2**20:+.1f} MiB"])
        previous = value
    attribution = [
        "### Where the memory goes\n\nOne kernel imports the baseline stack and draws one plot, "
        "then imports what notebook 06 needs; another runs all of notebook 06, then releases "
        "one kind of leftover at a time (diagnostic steps the course does not take). RSS of "
        "the kernel after each step (one run; `--quick` and full alike):",
        table(["Step", "RSS", "Change"], breakdown),
        "`scipy.signal` (Butterworth design, zero-phase filtering, Welch spectrum) imports "
        "`scipy.stats` at its own import (`scipy/signal/_peak_finding.py`), so the filtering "
        "the course teaches costs the kernel that whole import; the rest is the course's data, "
        "figures and the allocator's free but unreturned heap.",
    ]
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
            *attribution,
        ]
    )
    result.data = {"runs": runs, "stack": stack, "leftovers": leftovers}
    finish(result, args.json, started)


if __name__ == "__main__":
    main()
