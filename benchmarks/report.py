"""The benchmark report: structured figures in, ``RESULTS.md`` and the README's table out.

Every benchmark hands back :class:`Figure` rows (what was measured, the baseline measured in
the same run, the target's bounds). This module alone turns them into text, so every number
in ``benchmarks/RESULTS.md`` and in the README's headline table is written by a program:

- :func:`verdict` decides PASS / FAIL from the bounds (a bound is met when the figure equals it);
- :func:`tree_words` says which commit was measured, and says "clean" only when Git reported
  no change at all;
- :func:`render_report` writes RESULTS.md from the latest run of each benchmark;
- :func:`headline_table` writes the README's short table from the same figures, and
  :func:`parse_figure_rows` reads a table back so a test can check the two agree.

Not part of the package: imported as ``report`` by the scripts in this folder and by
``tests/test_bench_report.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

UNITS = ("ms", "s", "MiB", "x", "count", "CPU")
"""Units a figure can have (``x``: a plain ratio; ``count``: a number of things)."""


@dataclass(frozen=True)
class Figure:
    """One measured figure of a benchmark run, with its baseline and target.

    ``max_value`` bounds the measured value, ``max_ratio`` the ratio measured / baseline and
    ``max_difference`` the difference measured - baseline; a figure with no bound is reported
    only. ``error`` replaces the verdict with ERROR (the figure could not be measured).
    """

    name: str
    unit: str
    measured: float
    baseline: float | None = None
    max_value: float | None = None
    max_ratio: float | None = None
    max_difference: float | None = None
    note: str = ""
    """A few words shown with the figure (e.g. ``06_emg_methods.ipynb``, ``n = 100``)."""
    error: str = ""

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"figure {self.name!r}: unknown unit {self.unit!r}")

    @property
    def ratio(self) -> float | None:
        """Measured / baseline (``None`` without a baseline)."""
        if self.baseline is None:
            return None
        if self.baseline == 0:
            return math.inf if self.measured else 1.0
        return self.measured / self.baseline

    @property
    def bounded(self) -> bool:
        return any(b is not None for b in (self.max_value, self.max_ratio, self.max_difference))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figure:
        return cls(**data)


def verdict(figure: Figure) -> str:
    """PASS, FAIL, ERROR, or ``reported`` for a figure without a target.

    Every bound is inclusive: a figure exactly at its bound meets it.

    >>> verdict(Figure("p95", "ms", 100.0, max_value=100.0))
    'PASS'
    >>> verdict(Figure("p95", "ms", 100.01, max_value=100.0))
    'FAIL'
    >>> verdict(Figure("import", "ms", 55.0, baseline=50.0, max_ratio=1.1))
    'PASS'
    """
    if figure.error or math.isnan(figure.measured):
        return "ERROR"
    if not figure.bounded:
        return "reported"
    checks = []
    if figure.max_value is not None:
        checks.append(figure.measured <= figure.max_value)
    if figure.max_ratio is not None:
        ratio = figure.ratio
        if ratio is None:
            return "ERROR"
        # A tolerance for floating point: 55 / 50 is 1.1000000000000001.
        checks.append(ratio <= figure.max_ratio + 1e-9)
    if figure.max_difference is not None:
        if figure.baseline is None:
            return "ERROR"
        checks.append(figure.measured - figure.baseline <= figure.max_difference + 1e-9)
    return "PASS" if all(checks) else "FAIL"


def amount(value: float | None, unit: str) -> str:
    """A value with its unit, rounded for reading.

    >>> amount(87.25, "ms"), amount(1234.5, "ms"), amount(199.96, "MiB"), amount(0.456, "x")
    ('87.2 ms', '1234 ms', '200.0 MiB', '0.46x')
    >>> amount(3, "count"), amount(None, "ms"), amount(12.345, "s")
    ('3', '', '12.3 s')
    """
    if value is None:
        return ""
    if math.isnan(value):
        return "n/a"
    if unit == "ms":
        return f"{value:.1f} ms" if abs(value) < 1000 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.1f} s"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "CPU":
        return f"{value:.2f} CPU"
    return f"{value:.0f}"


def target_words(figure: Figure) -> str:
    """The target in words, e.g. ``<= 100 ms and <= 0.5x baseline``.

    >>> target_words(Figure("p95", "ms", 90.0, 400.0, max_value=100, max_ratio=0.5))
    '<= 100 ms and <= 0.5x baseline'
    >>> target_words(Figure("peak", "MiB", 150.0, 130.0, max_difference=25))
    '<= baseline + 25 MiB'
    >>> target_words(Figure("RSS", "MiB", 150.0))
    'none (reported)'
    """
    parts = []
    if figure.max_value is not None:
        number = f"{figure.max_value:g}"
        parts.append(
            f"<= {number} {figure.unit}" if figure.unit not in ("x", "count") else f"<= {number}"
        )
    if figure.max_ratio is not None:
        parts.append(f"<= {figure.max_ratio:g}x baseline")
    if figure.max_difference is not None:
        parts.append(f"<= baseline + {figure.max_difference:g} {figure.unit}")
    return " and ".join(parts) or "none (reported)"


FIGURE_HEADER = ("Figure", "Measured", "Baseline (same run)", "Ratio", "Target", "Result")


def figure_row(figure: Figure) -> list[str]:
    """One row of a benchmark's table (the columns of :data:`FIGURE_HEADER`)."""
    name = figure.name + (f" ({figure.note})" if figure.note else "")
    ratio = figure.ratio
    measured = amount(figure.measured, figure.unit)
    if figure.error:
        measured = f"error: {figure.error}"
    return [
        name,
        measured,
        amount(figure.baseline, figure.unit),
        "" if ratio is None else f"{ratio:.2f}x",
        target_words(figure),
        f"**{verdict(figure)}**",
    ]


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table (``|`` inside a cell is escaped).

    >>> print(table(["a", "b"], [[1, "x|y"]]))
    | a | b |
    |---|---|
    | 1 | x\\|y |
    """

    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass(frozen=True)
class TreeState:
    """The commit measured and what ``git status --porcelain`` listed (empty: clean)."""

    commit: str
    changes: tuple[str, ...] = ()
    known: bool = True
    """False when Git could not be asked (then the tree is never called clean)."""


def tree_words(state: TreeState) -> str:
    """The commit and whether the work tree was clean, never claiming clean without proof.

    >>> tree_words(TreeState("abc1234"))
    'abc1234, clean work tree'
    >>> tree_words(TreeState("abc1234", (" M glutelab/style.py",)))
    'abc1234 with 1 uncommitted change (glutelab/style.py): not a clean tree'
    >>> tree_words(TreeState("unknown", known=False))
    'unknown commit: cleanliness not known'
    """
    if not state.known:
        return f"{state.commit} commit: cleanliness not known"
    if not state.changes:
        return f"{state.commit}, clean work tree"
    paths = [c[3:] if len(c) > 3 else c for c in state.changes]
    shown = ", ".join(paths[:3]) + (", ..." if len(paths) > 3 else "")
    n = len(paths)
    changes = f"{n} uncommitted change{'s' if n > 1 else ''}"
    return f"{state.commit} with {changes} ({shown}): not a clean tree"


@dataclass
class Run:
    """One benchmark's latest run: its figures, detail section and where it ran."""

    name: str
    title: str
    figures: list[Figure]
    markdown: str
    started: str
    """UTC, ``YYYY-MM-DD HH:MM``."""
    minutes: float
    tree: TreeState
    load: tuple[float, float]
    """Load average (1 min) at the start and at the end of the run."""
    cores: int
    quick: bool = False
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["tree"] = asdict(self.tree)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Run:
        values = dict(data)
        values["figures"] = [Figure.from_json(f) for f in values["figures"]]
        tree = dict(values["tree"])
        tree["changes"] = tuple(tree.get("changes", ()))
        values["tree"] = TreeState(**tree)
        values["load"] = tuple(values["load"])
        return cls(**values)


def run_words(run: Run) -> str:
    """Where and when a run happened, in one line."""
    mode = "quick run (`--quick`)" if run.quick else "full run"
    return (
        f"{mode}, {run.started} UTC, {run.minutes:.0f} min, commit {tree_words(run.tree)}; "
        f"{run.cores} cores, load average (1 min) {run.load[0]:.2f} at start, "
        f"{run.load[1]:.2f} at end"
    )


def render_report(
    runs: Mapping[str, Run | None], titles: Mapping[str, str], machine: Mapping[str, str]
) -> str:
    """RESULTS.md: per benchmark (in ``titles``' order) its latest run's table and detail.

    A benchmark without a recorded run is listed as such, never filled in.
    """
    recorded = [r for r in runs.values() if r is not None]
    commits = sorted({tree_words(r.tree) for r in recorded})
    figures = [f for r in recorded for f in r.figures]
    counts = {v: sum(verdict(f) == v for f in figures) for v in ("PASS", "FAIL", "ERROR")}
    doc = [
        "# glutelab benchmark results",
        "Written by `benchmarks/run_all.py` (`make bench`) from each benchmark's latest run; "
        "nothing here is typed by hand, and earlier runs are in the Git history of this file. "
        "Every figure is compared with a baseline measured in the same run on the same machine "
        "(see `benchmarks/README.md` for each method); absolute times move with the machine's "
        "load, so compare ratios.",
        table(
            ["What", "Value"],
            [
                ["Commit", "; ".join(commits) or "no run recorded"],
                *[[k, v] for k, v in machine.items()],
                [
                    "Targets",
                    f"{counts['PASS']} met, {counts['FAIL']} not met, {counts['ERROR']} errors",
                ],
            ],
        ),
    ]
    for number, (name, title) in enumerate(titles.items(), start=1):
        run = runs.get(name)
        if run is None:
            doc.append(f"## {number}. {title}\n\nNo run recorded.")
            continue
        doc.append(
            f"## {number}. {title}\n\n{run_words(run)}.\n\n"
            + table(FIGURE_HEADER, [figure_row(f) for f in run.figures])
        )
        if run.markdown.strip():
            doc.append(demote(run.markdown.strip()))
    return "\n\n".join(doc).rstrip() + "\n"


def demote(markdown: str) -> str:
    """A benchmark's own detail section without its leading ``## title`` (the report has it).

    >>> demote("## 1. Import time\\n\\nFresh runs.\\n\\n### Profile")
    'Fresh runs.\\n\\n### Profile'
    """
    return re.sub(r"\A## [^\n]*\n+", "", markdown)


def headline_table(runs: Mapping[str, Run | None], headlines: Sequence[tuple[str, str]]) -> str:
    """The README's table: the rows of RESULTS.md named in ``headlines`` (benchmark, figure).

    A headline whose benchmark has no run is left out.
    """
    rows = []
    for bench, name in headlines:
        run = runs.get(bench)
        if run is None:
            continue
        for figure in run.figures:
            if figure.name == name:
                rows.append(figure_row(figure))
    return table(FIGURE_HEADER, rows)


def parse_figure_rows(markdown: str) -> dict[str, list[str]]:
    """Every row of every figure table in ``markdown``, by its first cell."""
    rows: dict[str, list[str]] = {}
    in_table = False
    for line in markdown.splitlines():
        if line.startswith("| " + FIGURE_HEADER[0] + " | " + FIGURE_HEADER[1]):
            in_table = True
            continue
        if in_table and line.startswith("|---"):
            continue
        if in_table and line.startswith("| "):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows[cells[0]] = cells
            continue
        in_table = False
    return rows


README_START = "<!-- benchmark headlines: written by benchmarks/run_all.py -->"
README_END = "<!-- end of benchmark headlines -->"


def replace_between(text: str, block: str, start: str = README_START, end: str = README_END) -> str:
    """``text`` with what lies between the ``start`` and ``end`` markers replaced by ``block``.

    >>> replace_between("a\\n<s>\\nold\\n<e>\\nb", "new", "<s>", "<e>")
    'a\\n<s>\\nnew\\n<e>\\nb'
    """
    head, found, rest = text.partition(start)
    if not found or end not in rest:
        raise ValueError(f"markers {start!r} and {end!r} not found")
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{block}\n{end}{tail}"


def between(text: str, start: str = README_START, end: str = README_END) -> str:
    """What lies between the markers."""
    _, found, rest = text.partition(start)
    if not found or end not in rest:
        raise ValueError(f"markers {start!r} and {end!r} not found")
    return rest.partition(end)[0]
