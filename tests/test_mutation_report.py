"""The mutation report writer (tools/mutation_report.py): its arithmetic and its lists.

The report's shares and counts are checked against hand-worked cases; the names listed as
equivalent or import-only must be names mutmut can give, in the modules it mutates, or the
label would silently never apply.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import mutation_report  # noqa: E402


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_a_row_counts_timeouts_as_killed_and_leaves_equivalents_out_of_the_second_share() -> None:
    """10 run: 6 killed, 1 timeout, 3 survived (1 equivalent): 7/10 = 70.0 %, 7/9 = 77.8 %."""
    counts = Counter({"killed": 6, "timeout": 1, "survived": 3})
    row = mutation_report._row("`m.py`", counts, 10, 1, 4)
    assert _cells(row) == ["`m.py`", "10", "6", "3", "1", "0", "1", "70.0%", "77.8%", "4"]


def test_mutants_no_test_reaches_are_counted_as_other_and_not_killed() -> None:
    """8 run, 5 killed, 1 survived, 2 with no test: 'other' is 2 and the share 5/8 = 62.5 %."""
    counts = Counter({"killed": 5, "survived": 1, "no tests": 2})
    assert _cells(mutation_report._row("m", counts, 8, 0, 0))[5:8] == ["2", "0", "62.5%"]


def test_a_module_with_nothing_run_has_no_share_rather_than_a_division_by_zero() -> None:
    """No mutant run: both shares read 0.0 %."""
    assert _cells(mutation_report._row("m", Counter(), 0, 0, 7))[7:] == ["0.0%", "0.0%", "7"]


@pytest.mark.parametrize(
    ("name", "function"),
    [
        ("glutelab.plots.x_study_chart__mutmut_3", "glutelab.plots.study_chart"),
        ("glutelab.plots.x__fit__mutmut_12", "glutelab.plots._fit"),
        ("glutelab.plots.xǁ_RankedLayoutǁapply__mutmut_2", "glutelab.plots._RankedLayout.apply"),
        ("tools.build_model_data.x_poses__mutmut_1", "tools.build_model_data.poses"),
    ],
)
def test_a_mutant_name_gives_its_function(name: str, function: str) -> None:
    assert mutation_report._function(name) == function


def test_survivors_are_tabled_per_function_with_those_explained(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two survivors of f (one equivalent) and one of g: f 1 + 1, g 1 + 0, most unkilled first."""
    monkeypatch.setattr(mutation_report, "EQUIVALENT", {"m.x_f__mutmut_2": "why"})
    table = mutation_report._by_function(["m.x_f__mutmut_1", "m.x_f__mutmut_2", "m.x_g__mutmut_1"])
    assert table[2:4] == ["| `m.f` | 1 | 1 |", "| `m.g` | 1 | 0 |"]


MUTATED = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"][
    "only_mutate"
]
MODULES = {path.removesuffix(".py").replace("/", ".") for path in MUTATED}
NAME = re.compile(r"^(?P<module>[a-z_.]+)\.x(?:_|ǁ[A-Za-z_]+ǁ)[A-Za-z_0-9]+__mutmut_\d+$")


@pytest.mark.parametrize(
    "listing", [mutation_report.EQUIVALENT, mutation_report.IMPORT_ONLY], ids=["eq", "import"]
)
def test_every_listed_mutant_is_a_name_mutmut_gives_in_a_mutated_module(
    listing: dict[str, str],
) -> None:
    for name, reason in listing.items():
        found = NAME.match(name)
        assert found, name
        assert found["module"] in MODULES, name
        assert len(reason) > 20, name  # a reason a reader can check, not a placeholder
