"""Learners read plain teaching: no curation vocabulary outside the "Source details" disclosures.

Every learner-facing card and table is rendered to HTML as a learner would see it, the closed
``<details>`` disclosures (where curation detail belongs) are removed, and what is left must
not contain the words curators use among themselves (which copy was read, what was not seen).
"""

from __future__ import annotations

import re
from html import escape

import pandas as pd
import pytest

from glutelab.anatomy_widget import anatomy_table, fact_card_html
from glutelab.audit_widget import audit_table_html, citation_card_html
from glutelab.data import (
    load_anatomy,
    load_citation_audit,
    load_myths,
    load_references,
    load_studies,
)
from glutelab.exercises_widget import ExerciseExplorer
from glutelab.myths_widget import MythExplorer
from glutelab.widgets import references_html

CURATION_VOCABULARY = (
    "not seen",
    "via copy",
    "_via_",
    "curators",
    "not confirmed",
    "per wheeless",
    "secondary only",
    "what was confirmed",
    "copy the",
)
"""Words that belong in the data and the "Source details" disclosure, never in a learner's sentence.

Matched case-insensitively against the rendered HTML with every ``<details>`` block removed.
"""

DETAILS = re.compile(r"<details\b.*?</details>", re.S | re.I)


def learner_view(html: str) -> str:
    """What a learner reads without opening any disclosure: ``html`` minus its ``<details>``.

    >>> learner_view("a <details><summary>Source details</summary>not seen</details> b")
    'a  b'
    """
    return DETAILS.sub("", html)


def curation_terms(html: str) -> list[str]:
    """The curation words in the learner's view of ``html``, each with a little context.

    >>> curation_terms("<p>Gray (via copy)</p><details>not seen</details>")
    ["'via copy' in: <p>Gray (via copy)</p>"]
    """
    text = learner_view(html)
    found = []
    for term in CURATION_VOCABULARY:
        for match in re.finditer(re.escape(term), text, re.I):
            context = text[max(0, match.start() - 60) : match.end() + 60]
            found.append(f"{term!r} in: {context}")
    return found


def test_the_scan_finds_curation_outside_and_ignores_it_inside_a_disclosure() -> None:
    """The checker itself: each term is caught in plain text, in any case, and not in <details>."""
    for term in CURATION_VOCABULARY:
        assert curation_terms(f"<p>A fact ({term.upper()}).</p>"), term
        assert not curation_terms(f"<p>A fact.</p><details><summary>S</summary>{term}</details>")


# --- anatomy ---------------------------------------------------------------------------------

ANATOMY = load_anatomy()
ROWS = [(str(m), str(r)) for m, r in zip(ANATOMY["muscle"], ANATOMY["region"], strict=True)]


@pytest.mark.parametrize(("muscle", "region"), ROWS, ids=[f"{m}-{r}" for m, r in ROWS])
def test_anatomy_card_reads_as_teaching(muscle: str, region: str) -> None:
    html = fact_card_html(ANATOMY, muscle, region)
    assert curation_terms(html) == []


def test_anatomy_table_reads_as_teaching() -> None:
    assert curation_terms(anatomy_table().to_html()) == []


# --- myths -----------------------------------------------------------------------------------

MYTHS = list(load_myths().index)


@pytest.fixture(scope="module")
def myth_view() -> MythExplorer:
    return MythExplorer()


@pytest.mark.parametrize("myth_id", MYTHS)
def test_myth_card_reads_as_teaching(myth_view: MythExplorer, myth_id: str) -> None:
    myth_view.show(myth_id)
    html = myth_view.verdict.value + myth_view.text.value + myth_view.chart_note.value
    assert curation_terms(html) == []


# --- exercise explorer -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def exercise_view() -> ExerciseExplorer:
    return ExerciseExplorer()


FILTERS: list[dict[str, object]] = [
    {},
    {"muscle": "gluteus_maximus"},
    {"muscle": "gluteus_medius"},
    {"muscle": "gluteus_minimus"},
    {"min_pct": 100},
    {"peaks": False},
]


@pytest.mark.parametrize("settings", FILTERS, ids=[str(f) or "default" for f in FILTERS])
def test_exercise_table_reads_as_teaching(
    exercise_view: ExerciseExplorer, settings: dict[str, object]
) -> None:
    exercise_view.muscle.value = "any"
    exercise_view.min_pct.value = 0
    exercise_view.peaks.value = True
    for name, value in settings.items():
        getattr(exercise_view, name).value = value
    html = exercise_view.table.value
    assert "<table" in html  # each of these settings lists values
    assert curation_terms(html) == []


def test_every_study_in_the_exercise_explorer_reads_as_teaching(
    exercise_view: ExerciseExplorer,
) -> None:
    exercise_view.muscle.value = "any"
    exercise_view.min_pct.value = 0
    exercise_view.peaks.value = True
    found = []
    for _, study in exercise_view.study.options[1:]:
        exercise_view.study.value = study
        found += curation_terms(exercise_view.table.value)
    exercise_view.study.value = "any"
    assert found == []


# --- citation audit and reference lists ------------------------------------------------------

AUDIT = load_citation_audit()


@pytest.mark.parametrize("ref_no", [int(n) for n in AUDIT["ref_no"]])
def test_audit_card_reads_as_teaching(ref_no: int) -> None:
    row = AUDIT[AUDIT["ref_no"] == ref_no].iloc[0]
    html = citation_card_html(row, load_references(), load_studies())
    assert curation_terms(html) == []


def test_audit_table_reads_as_teaching() -> None:
    assert curation_terms(audit_table_html(AUDIT, load_references())) == []


def test_reference_lists_read_as_teaching() -> None:
    references = load_references()
    assert curation_terms(references_html(list(references.index), references)) == []


def test_curation_detail_is_kept_behind_the_disclosure() -> None:
    """Nothing is lost: each anatomy card and reference holds its curation text in <details>."""
    for muscle, region in ROWS:
        html = fact_card_html(ANATOMY, muscle, region)
        (details,) = DETAILS.findall(html)
        assert "<summary>Source details</summary>" in details
        row = ANATOMY[(ANATOMY["muscle"] == muscle) & (ANATOMY["region"] == region)].iloc[0]
        for text in (row["source_details"], ", ".join(str(row["source_ids"]).split(";"))):
            assert pd.notna(text) and str(text).strip()
            assert escape(str(text)) in details
    references = load_references()
    listing = references_html(["hoch_abduction"], references)
    note = str(references.at["hoch_abduction", "note"])
    assert "What the curators saw" in note  # the note is curation detail ...
    assert curation_terms(listing) == []  # ... and stays out of the learner's view
    assert DETAILS.search(listing) is not None and "curators" in DETAILS.search(listing).group(0)


def test_course_notebooks_prose_reads_as_teaching() -> None:
    """No curation vocabulary in any notebook's markdown (the prose a learner reads)."""
    import json

    from .conftest import ROOT

    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "apps").glob("*.ipynb")
    ):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        found += [
            f"{path.name}: {hit}"
            for hit in curation_terms(text)
            if not hit.startswith("'copy the' in:")  # "copy the format of ..." is an instruction
        ]
    assert found == []
