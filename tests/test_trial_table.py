"""The trial table of notebooks 10-12: the rows of the conditions asked for, its caption, an
unknown condition named, and text from the data escaped."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from glutelab.practice_widget import trial_table

from .conftest import DATA


def _body_rows(page: str) -> list[list[str]]:
    """The cells of each body row, as text (tags stripped, entities decoded)."""
    table = page.split("<details", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S) for row in rows]
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in row] for row in cells if row]


@pytest.mark.parametrize(
    "conditions",
    [
        ("gluteal tendinopathy",),
        ("greater trochanteric pain syndrome", "patellar tendinopathy"),
    ],
)
def test_the_table_shows_the_rows_of_the_conditions_asked_for(conditions: tuple[str, ...]) -> None:
    trials = pd.read_csv(DATA / "trials.csv", keep_default_na=False)
    expected = trials[trials["condition"].isin(conditions)]
    rows = _body_rows(trial_table(*conditions)._repr_html_())
    assert len(rows) == len(expected) > 0
    for cells, row in zip(rows, expected.to_dict("records"), strict=True):
        assert cells[1] == row["arm"] and cells[3] == row["outcome"]
        assert cells[4] == row["time_point"] and cells[5].startswith(row["result"])


def test_the_caption_names_the_conditions_unless_given_a_title() -> None:
    plain = trial_table("patellar tendinopathy")._repr_html_()
    assert "Trials in patellar tendinopathy: results as reported" in plain
    titled = trial_table("patellar tendinopathy", title="Borrowed evidence")._repr_html_()
    assert "Borrowed evidence: results as reported" in titled
    assert "Trials in patellar tendinopathy" not in titled


def test_an_unknown_condition_is_named_with_the_known_ones() -> None:
    with pytest.raises(
        ValueError, match=r"no trials for condition 'tennis elbow'; known: .*patellar"
    ):
        trial_table("tennis elbow")


def test_text_from_the_data_is_escaped(data_copy: Path) -> None:
    path = data_copy / "trials.csv"
    text = path.read_text(encoding="utf-8")
    arm = "one bout of isometric quadriceps contractions"
    assert arm in text
    path.write_text(text.replace(arm, "<script>alert(1)</script> bout", 1), encoding="utf-8")
    page = trial_table("patellar tendinopathy")._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; bout" in page
