"""The benchmark report writer (benchmarks/report.py) and the README's headline table.

The report is the only place benchmark figures are written, so its verdicts, its formatting
and what it says about the measured tree are checked here against hand-worked cases.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import git_state  # noqa: E402
from report import (  # noqa: E402
    Figure,
    Run,
    TreeState,
    between,
    figure_row,
    headline_table,
    parse_figure_rows,
    render_report,
    verdict,
)


def run_of(figures: list[Figure], tree: TreeState | None = None, name: str = "b") -> Run:
    return Run(
        name=name,
        title="A benchmark",
        figures=figures,
        markdown="## 1. A benchmark\n\nDetail text.",
        started="2026-12-06 04:00",
        minutes=2.0,
        tree=tree or TreeState("abc1234"),
        load=(1.5, 2.25),
        cores=2,
    )


@pytest.mark.parametrize(
    ("measured", "expected"),
    [(99.99, "PASS"), (100.0, "PASS"), (100.01, "FAIL"), (float("nan"), "ERROR")],
)
def test_a_bound_on_the_value_is_met_at_the_bound_and_missed_just_above(
    measured: float, expected: str
) -> None:
    assert verdict(Figure("p95", "ms", measured, max_value=100.0)) == expected


def test_a_ratio_bound_holds_at_exactly_the_ratio_despite_floating_point() -> None:
    # 55 / 50 = 1.1000000000000001 in binary floating point; the bound 1.1 is met.
    assert verdict(Figure("import", "ms", 55.0, baseline=50.0, max_ratio=1.1)) == "PASS"
    assert verdict(Figure("import", "ms", 55.1, baseline=50.0, max_ratio=1.1)) == "FAIL"


def test_both_bounds_must_hold() -> None:
    # 90 ms is under 100 ms, but 90 / 150 = 0.6 > 0.5x the baseline.
    assert verdict(Figure("p95", "ms", 90.0, 150.0, max_value=100, max_ratio=0.5)) == "FAIL"
    assert verdict(Figure("p95", "ms", 90.0, 180.0, max_value=100, max_ratio=0.5)) == "PASS"
    assert verdict(Figure("p95", "ms", 101.0, 400.0, max_value=100, max_ratio=0.5)) == "FAIL"


def test_a_difference_bound_and_an_unbounded_figure() -> None:
    assert verdict(Figure("rss", "MiB", 155.0, 130.0, max_difference=25)) == "PASS"
    assert verdict(Figure("rss", "MiB", 155.5, 130.0, max_difference=25)) == "FAIL"
    assert verdict(Figure("rss", "MiB", 155.5, 130.0)) == "reported"
    assert verdict(Figure("rss", "MiB", 1.0, max_value=2, error="kernel died")) == "ERROR"


def test_a_row_shows_measured_baseline_ratio_target_and_verdict() -> None:
    row = figure_row(Figure("p95", "ms", 87.25, 349.0, max_value=100, max_ratio=0.5, note="n = 9"))
    assert row == [
        "p95 (n = 9)",
        "87.2 ms",
        "349.0 ms",
        "0.25x",  # 87.25 / 349 = 0.25
        "<= 100 ms and <= 0.5x baseline",
        "**PASS**",
    ]


def test_the_report_never_calls_a_tree_with_changes_clean() -> None:
    dirty = TreeState("abc1234", (" M glutelab/style.py", "?? new.py"))
    text = render_report({"b": run_of([Figure("x", "ms", 1.0)], dirty)}, {"b": "B"}, {})
    assert "clean work tree" not in text
    assert (
        "abc1234 with 2 uncommitted changes (glutelab/style.py, new.py): not a clean tree" in text
    )
    unknown = render_report(
        {"b": run_of([Figure("x", "ms", 1.0)], TreeState("unknown", known=False))}, {"b": "B"}, {}
    )
    assert "clean work tree" not in unknown
    clean = render_report({"b": run_of([Figure("x", "ms", 1.0)])}, {"b": "B"}, {})
    assert "abc1234, clean work tree" in clean


def test_git_state_lists_an_edit_and_an_untracked_file(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "a.txt").write_text("one\n")
    git("add", "a.txt")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first")
    assert git_state(tmp_path).changes == ()
    (tmp_path / "a.txt").write_text("two\n")
    (tmp_path / "b.txt").write_text("new\n")
    state = git_state(tmp_path)
    assert sorted(c[3:] for c in state.changes) == ["a.txt", "b.txt"]


def test_the_report_has_each_benchmark_its_table_load_and_a_missing_one_said_so() -> None:
    figures = [
        Figure("p95", "ms", 100.0, 250.0, max_value=100, max_ratio=0.5),
        Figure("peak", "MiB", 201.0, max_value=200),
    ]
    text = render_report(
        {"a": run_of(figures, name="a"), "b": None}, {"a": "First", "b": "Second"}, {"CPU": "2"}
    )
    rows = parse_figure_rows(text)
    assert rows["p95"] == ["p95", "100.0 ms", "250.0 ms", "0.40x", rows["p95"][4], "**PASS**"]
    assert rows["peak"][-1] == "**FAIL**"
    assert "## 1. First" in text and "## 2. Second\n\nNo run recorded." in text
    assert "load average (1 min) 1.50 at start, 2.25 at end" in text
    assert "1 met, 1 not met, 0 errors" in text
    # The benchmark's own heading is not repeated under the report's.
    assert text.count("A benchmark") == 0 and "Detail text." in text


def test_the_headline_table_copies_rows_of_the_report() -> None:
    run = run_of([Figure("p95", "ms", 80.0, 200.0, max_value=100), Figure("other", "s", 1.0)])
    table = headline_table({"b": run, "c": None}, [("b", "p95"), ("c", "anything")])
    rows = parse_figure_rows(table)
    assert list(rows) == ["p95"]
    assert rows == {"p95": parse_figure_rows(render_report({"b": run}, {"b": "B"}, {}))["p95"]}


def test_the_readme_figures_match_results_md() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    results = parse_figure_rows((ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8"))
    headlines = parse_figure_rows(between(readme))
    assert headlines, "the README's benchmark table is empty"
    for name, row in headlines.items():
        assert results.get(name) == row, f"README row {name!r} differs from RESULTS.md"
