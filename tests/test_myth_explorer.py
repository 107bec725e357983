"""The myth explorer: every myth's verdict, evidence, citations and chart; escaping; matching."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest
import yaml

import glutelab
from glutelab.evidence import evidence_table, myth_rows
from glutelab.myths_widget import MythExplorer, myth_explorer

from .conftest import DATA
from .drawn import html_bar_values

MYTHS = glutelab.load_myths()
# Expected rows come from the files themselves, read with pandas and PyYAML only.
RAW_MYTHS = {m["id"]: m for m in yaml.safe_load((DATA / "myths.yaml").read_text("utf-8"))}
RAW_EMG = pd.read_csv(DATA / "emg_activation.csv", dtype={"region": str, "condition": str})
FILTER_COLUMNS = {"studies": "study_id", "exercise_ids": "exercise_id", "muscles": "muscle"}


def _expected_rows(myth_id: str) -> pd.DataFrame:
    """Single values (not a review's range ends) matching every key of the myth's filter."""
    emg_filter = RAW_MYTHS[myth_id].get("emg_filter") or {}
    if not emg_filter:
        return RAW_EMG.iloc[0:0]
    rows = RAW_EMG[~RAW_EMG["statistic"].isin(["range_low", "range_high"])]
    for key, values in emg_filter.items():
        rows = rows[rows[FILTER_COLUMNS[key]].isin(values)]
    return rows


@pytest.mark.parametrize("myth_id", list(RAW_MYTHS))
def test_myth_rows_match_every_key_of_the_filter(myth_id: str) -> None:
    table = evidence_table(glutelab.load_emg(), glutelab.load_exercises())
    got = myth_rows(table, MYTHS.loc[myth_id].get("emg_filter"))
    assert sorted(got["row_id"]) == sorted(_expected_rows(myth_id)["row_id"])


def test_each_filter_key_narrows_the_rows() -> None:
    """Each key on its own selects fewer rows than without it (so none is ignored)."""
    table = evidence_table(glutelab.load_emg(), glutelab.load_exercises())
    full = {"studies": ["distefano2009"], "exercise_ids": ["clam", "glute_bridge"]}
    full["muscles"] = ["gluteus_maximus"]
    both = myth_rows(table, full)
    expected = RAW_EMG[
        (RAW_EMG["study_id"] == "distefano2009")
        & RAW_EMG["exercise_id"].isin(["clam", "glute_bridge"])
        & (RAW_EMG["muscle"] == "gluteus_maximus")
    ]
    assert sorted(both["row_id"]) == sorted(expected["row_id"]) and len(expected) > 0
    assert myth_rows(table, None).empty and myth_rows(table, {}).empty  # no filter, no rows
    for key in full:
        fewer_keys = {k: v for k, v in full.items() if k != key}
        assert len(myth_rows(table, fewer_keys)) > len(both), key


@pytest.fixture(scope="module")
def view() -> MythExplorer:
    return myth_explorer()


@pytest.mark.parametrize("myth_id", list(MYTHS.index))
def test_each_myth_shows_its_verdict_evidence_and_chart(view: MythExplorer, myth_id: str) -> None:
    view.myth.value = myth_id
    myth = MYTHS.loc[myth_id]
    assert f"Verdict: {myth['verdict'].replace('_', ' ')}" in view.verdict.value
    refs = glutelab.load_references()
    for item in myth["evidence"]:
        title = str(refs.at[item["ref"], "title"]).rstrip(".")
        assert title.replace("&", "&amp;").replace("'", "&#x27;")[:40] in view.text.value
        assert item["design"][:30].replace("&", "&amp;") in view.text.value
    rows = _expected_rows(myth_id)
    if rows.empty:
        assert view.chart_view.value == ""
    else:
        top = sorted(rows["pct_mvic"], reverse=True)[:25]
        assert html_bar_values(view.chart_view.value) == sorted(top)  # highest at the top
        assert f"{len(rows)} reported value" in view.chart_note.value


def test_chart_and_text_change_together_without_accumulating(view: MythExplorer) -> None:
    children = view.children
    seen = set()
    for myth_id in list(MYTHS.index) * 3:
        view.myth.value = myth_id
        seen.add((view.text.value, view.chart_view.value))
        assert view.chart_view.value.count("<figure") <= 1
    assert view.children == children
    assert len(seen) == len(MYTHS)


def test_unknown_myth_is_a_clear_error(view: MythExplorer) -> None:
    with pytest.raises(KeyError, match="unknown myth 'nope'"):
        view.show("nope")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("my butt's asleep", "never_fire"),
        ("sitting all day turned my glutes off", "sitting_switches_off"),
        ("knees cave because my glutes are off", "knee_valgus_means_glutes_off"),
    ],
)
def test_matcher_selects_the_myth(phrase: str, expected: str) -> None:
    view = myth_explorer()
    view.phrase.value = phrase
    assert view.myth.value == expected
    assert "Most likely" in view.matches.value and "score" in view.matches.value


def test_the_matched_myth_line_gives_the_whole_claim_and_wraps() -> None:
    view = myth_explorer()
    view.phrase.value = "my butt's asleep"  # the longest claim: cut to 87 characters before
    claim = str(view.myths.at["never_fire", "claim"])
    assert len(claim) > 90
    assert html.escape(claim) in view.matches.value
    assert "..." not in view.matches.value
    assert "white-space:normal" in view.matches.value
    assert view.matches.layout.width == "100%"


def test_unrelated_phrase_says_no_close_match() -> None:
    view = myth_explorer()
    before = view.myth.value
    view.phrase.value = "what time is the class tomorrow"
    assert "No close match" in view.matches.value
    assert view.myth.value == before


def test_instructor_text_is_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    myth = {
        "id": "script_myth",
        "claim": "<script>alert('x')</script> glutes <b>sleep</b>",
        "client_phrases": [f"<i>phrase</i> {i}" for i in range(6)],
        "verdict": "false",
        "whats_true": "<img src=x onerror=alert(1)>",
        "evidence": [
            {
                "ref": "neumann2010",
                "finding": "<b>bold</b> finding text",
                "direction": "contradicts",
                "design": "<u>design</u>",
                "sample": "none",
            }
        ],
        "strength": "<em>weak</em>",
        "say_instead": "<a href='x'>say</a>",
    }
    path = tmp_path / "my_myths.yaml"
    path.write_text(yaml.safe_dump([myth]), encoding="utf-8")
    myths = glutelab.load_myths(extra=path)
    from glutelab import myths_widget

    monkeypatch.setattr(myths_widget, "load_myths", lambda: myths)
    view = myth_explorer()
    view.myth.value = "script_myth"
    html = view.text.value
    for raw in (
        "<script>",
        "<b>sleep",
        "<img",
        "<i>phrase",
        "<u>design",
        "<em>weak",
        "<a href='x'>",
    ):
        assert raw not in html, raw
    assert "&lt;script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "No EMG rows" in view.chart_note.value
