"""The citation audit explorer: filters, count line, side-by-side card, escaping, in-place updates.

Expected rows are computed from ``data/citation_audit.csv`` with plain pandas,
independently of :func:`glutelab.audit_widget.filter_audit`.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import glutelab
from glutelab.audit_widget import (
    MATCH_WORDS,
    SUPPORT_WORDS,
    CitationAuditExplorer,
    audit_summary,
    citation_audit_explorer,
    compare_fields,
    parse_printed,
    side_by_side,
)
from glutelab.widgets import ANY

AUDIT = glutelab.load_citation_audit()
REFERENCES = glutelab.load_references()
TEXT_COLUMNS = ["as_printed", "claim_in_article", "fields_differing", "reason"]


@pytest.fixture(scope="module")
def view() -> CitationAuditExplorer:
    return citation_audit_explorer()


def _reset(view: CitationAuditExplorer) -> None:
    view.match_quality.value = ANY
    view.supports.value = ANY
    view.search.value = ""


def _shown(view: CitationAuditExplorer) -> list[int]:
    return [int(n) for n in re.findall(r'<tr data-ref="(\d+)">', view.table.value)]


def _offered(view: CitationAuditExplorer) -> list[object]:
    """The values of the citation chooser's options."""
    return [value for _, value in view.citation.options]


def _expected(**equal: str) -> list[int]:
    rows = AUDIT
    for column, value in equal.items():
        rows = rows[rows[column].astype(str) == value]
    return [int(n) for n in rows["ref_no"]]


def _check_count(view: CitationAuditExplorer, expected: list[int]) -> None:
    assert f"{len(expected)} of {len(AUDIT)} citations" in view.status.value
    if not expected:
        assert "No citation fits these filters" in view.status.value
        assert view.table.value == ""


# --- filters ------------------------------------------------------------------------------


def test_starts_with_all_nine_citations(view: CitationAuditExplorer) -> None:
    _reset(view)
    assert _shown(view) == list(range(1, 10))
    assert "9 of 9 citations shown" in view.status.value


@pytest.mark.parametrize("quality", list(MATCH_WORDS))
def test_match_quality_filter_shows_exactly_the_data_rows(
    view: CitationAuditExplorer, quality: str
) -> None:
    _reset(view)
    view.match_quality.value = quality
    expected = _expected(match_quality=quality)
    assert _shown(view) == expected
    _check_count(view, expected)


@pytest.mark.parametrize("answer", list(SUPPORT_WORDS))
def test_supports_filter_shows_exactly_the_data_rows(
    view: CitationAuditExplorer, answer: str
) -> None:
    _reset(view)
    view.supports.value = answer
    expected = _expected(supports_claim=answer)
    assert _shown(view) == expected
    _check_count(view, expected)


def test_every_combination_of_the_two_filters(view: CitationAuditExplorer) -> None:
    _reset(view)
    for quality, answer in itertools.product(MATCH_WORDS, SUPPORT_WORDS):
        view.match_quality.value = quality
        view.supports.value = answer
        expected = _expected(match_quality=quality, supports_claim=answer)
        assert _shown(view) == expected, (quality, answer)
        _check_count(view, expected)


def test_the_data_has_the_filter_values_the_tests_rely_on() -> None:
    """Guards against a vacuous pass: some filters must give rows, 'yes' gives none."""
    assert _expected(supports_claim="partly") == [2, 5, 9]
    assert _expected(supports_claim="no") == [1, 4, 7]
    assert _expected(match_quality="not_found") == [6]
    assert _expected(supports_claim="yes") == []


@pytest.mark.parametrize("word", ["sitting", "valgus", "trunk", "secondary"])
def test_search_matches_pandas_filtering_of_the_audit_text(
    view: CitationAuditExplorer, word: str
) -> None:
    _reset(view)
    text = AUDIT[TEXT_COLUMNS].astype("string").fillna("").agg(" ".join, axis=1)
    expected = [int(n) for n in AUDIT.loc[text.str.lower().str.contains(word), "ref_no"]]
    assert expected, word
    for typed in (word, word.upper(), word.title()):
        view.search.value = typed
        assert _shown(view) == expected, typed
        _check_count(view, expected)


def test_search_known_cases_and_record_text(view: CitationAuditExplorer) -> None:
    _reset(view)
    for typed, expected in [
        ("HoLLmAn", [5]),
        ("spine", [4, 9]),
        ("SPINE", [4, 9]),
        ("40(4)", [1]),  # plain text, not a pattern
        # only in the matched record, not in the audit's own columns:
        ("journal of sport rehabilitation", [5]),
        ("  sitting  ", [6, 7]),
    ]:
        view.search.value = typed
        assert _shown(view) == expected, typed


def test_search_combines_with_the_filters(view: CitationAuditExplorer) -> None:
    _reset(view)
    view.search.value = "pain"
    with_pain = _shown(view)
    view.supports.value = "partly"
    assert _shown(view) == [n for n in with_pain if n in _expected(supports_claim="partly")]
    assert "1 of 9 citations" in view.status.value  # van Dieën 2003


def test_empty_result_shows_a_clear_message(view: CitationAuditExplorer) -> None:
    _reset(view)
    view.search.value = "no such text anywhere"
    assert _shown(view) == []
    assert view.table.value == ""
    assert "0 of 9 citations match" in view.status.value
    assert "choose &#x27;Any&#x27;" in view.status.value
    view.search.value = ""
    assert len(_shown(view)) == 9


# --- the citation chooser follows the filters -------------------------------------------


@pytest.mark.parametrize(
    ("quality", "answer", "typed"),
    [
        (quality, answer, typed)
        for quality in [ANY, *MATCH_WORDS]
        for answer in [ANY, *SUPPORT_WORDS]
        for typed in ["", "pain"]
    ],
)
def test_the_chooser_offers_exactly_the_filtered_citations(
    view: CitationAuditExplorer, quality: str, answer: str, typed: str
) -> None:
    _reset(view)
    view.match_quality.value, view.supports.value, view.search.value = quality, answer, typed
    shown = _shown(view)
    if shown:
        assert _offered(view) == shown
        assert view.citation.value in shown and not view.citation.disabled
        assert f"Citation {view.citation.value} as printed" in view.card.value
    else:  # never a blank drop-down: one real option that says why, locked
        assert view.citation.options == (("No citation matches the filters", ANY),)
        assert view.citation.value == ANY and view.citation.index == 0
        assert view.citation.disabled and view.card.value == ""


def test_the_chosen_citation_stays_while_the_filters_keep_it(view: CitationAuditExplorer) -> None:
    _reset(view)
    view.citation.value = 5
    card = view.card.value
    view.supports.value = "partly"  # keeps 2, 5 and 9
    assert view.citation.value == 5 and view.card.value == card
    view.match_quality.value = "exact"  # keeps only 2: the chooser moves to it
    assert _offered(view) == [2] and view.citation.value == 2
    assert "Citation 2 as printed" in view.card.value


def test_a_citation_filtered_out_and_back_comes_back(view: CitationAuditExplorer) -> None:
    _reset(view)
    view.citation.value = 6
    view.search.value = "zzz"  # nothing matches
    assert view.citation.disabled and view.card.value == ""
    view.search.value = ""
    assert view.citation.value == 6 and not view.citation.disabled
    assert "Citation 6 as printed" in view.card.value


# --- the side-by-side card ----------------------------------------------------------------


@pytest.mark.parametrize("ref_no", list(range(1, 10)))
def test_selecting_a_citation_shows_printed_text_and_record(
    view: CitationAuditExplorer, ref_no: int
) -> None:
    view.citation.value = ref_no
    row = AUDIT[AUDIT["ref_no"] == ref_no].iloc[0]
    card = view.card.value
    assert html.escape(str(row["as_printed"])) in card
    assert html.escape(str(row["reason"])) in card
    if row["match_quality"] == "not_found":
        assert pd.isna(row["matched_id"])
        assert "No record found" in card
        assert "No record found to compare with" in card
    else:
        title = str(REFERENCES.loc[row["matched_id"], "title"])
        assert html.escape(title) in card
        assert html.escape(str(REFERENCES.loc[row["matched_id"], "note"])) in card
    better = row["better_evidence_ids"]
    for ident in [] if pd.isna(better) else str(better).split(";"):
        assert html.escape(str(REFERENCES.loc[ident, "title"])) in card
    for label in ("Authors", "Title", "Journal", "Year", "Volume", "Issue", "Pages", "DOI"):
        assert f'<th scope="row" style="text-align:left;padding:3px 6px">{label}</th>' in card


def test_confirmed_doi_is_a_link_in_table_and_card(view: CitationAuditExplorer) -> None:
    _reset(view)
    view.citation.value = 8  # Neumann 2010, DOI confirmed on PubMed
    link = '<a href="https://doi.org/10.2519/jospt.2010.3025"'
    assert link in view.card.value and link in view.table.value
    view.citation.value = 2  # Distefano 2009: no DOI confirmed, so none is shown for it
    record_part = view.card.value.split("Better evidence the audit names")[0]
    assert "doi.org" not in record_part
    assert '<a href="https://doi.org/10.1371/journal.pone.0178957"' in view.card.value


def test_every_printed_citation_splits_into_fields() -> None:
    for text in AUDIT["as_printed"]:
        printed = parse_printed(str(text))
        assert printed.parsed, text
        assert printed.authors and printed.title and printed.journal and printed.pages


# What the audit's `fields_differing` column names as different, per citation, restricted
# to the fields the verified record holds (a field the record leaves out cannot be compared).
AUDIT_SAYS_DIFFERS = {
    1: {"authors", "title", "journal"},  # year/volume/issue/pages only in a secondary review
    2: set(),
    3: set(),
    4: {"title"},
    5: {"title", "journal", "volume", "issue", "pages"},
    7: {"title", "journal", "volume", "issue", "pages"},
    8: {"title"},
    9: {"title", "journal", "volume", "pages"},  # issue not confirmed
}


@pytest.mark.parametrize("ref_no", list(range(1, 10)))
def test_field_comparison_agrees_with_the_audit(ref_no: int) -> None:
    row = AUDIT[AUDIT["ref_no"] == ref_no].iloc[0]
    printed = parse_printed(str(row["as_printed"]))
    if pd.isna(row["matched_id"]):
        checks = compare_fields(printed, None)
        assert {c.status for c in checks} == {"no record"}
        return
    checks = compare_fields(printed, REFERENCES.loc[row["matched_id"], "csl"])
    differs = {c.field for c in checks if c.status == "differs"}
    assert differs == AUDIT_SAYS_DIFFERS[ref_no]
    if row["match_quality"] == "exact":
        assert not differs
    if row["match_quality"] == "major_differences":
        assert {"title", "journal"} <= differs
    for check in checks:  # a field missing from the record is never called "differs"
        if check.record is None:
            assert check.status in {"not confirmed", "not printed"}


def test_differences_are_marked_in_words(view: CitationAuditExplorer) -> None:
    view.citation.value = 5
    card = view.card.value
    assert card.count("DIFFERS") == 5
    assert "Fields that differ: title, journal, volume, issue, pages." in card
    view.citation.value = 3
    assert "DIFFERS" not in view.card.value
    assert "Cannot compare: the verified record does not give it" in view.card.value


def test_unknown_citation_number_is_a_clear_error(view: CitationAuditExplorer) -> None:
    with pytest.raises(KeyError, match="no citation number 10"):
        view.show(10)
    with pytest.raises(KeyError, match="no citation number 0"):
        side_by_side(0)


# --- escaping and in-place updates --------------------------------------------------------

EVIL = "<script>alert('x')</script>"


def test_all_data_text_is_escaped() -> None:
    audit = AUDIT.copy()
    for column in [*TEXT_COLUMNS]:
        audit[column] = audit[column].astype("string").fillna("") + " " + EVIL
    audit["better_evidence_ids"] = audit["better_evidence_ids"].astype("string")
    references = REFERENCES.copy()
    for ident in ("hollman2009", "freeman2013"):
        item = dict(references.at[ident, "csl"])
        item["title"] = f"{item['title']} {EVIL}"
        item["container-title"] = f"<b>{item['container-title']}</b>"
        references.at[ident, "csl"] = item
        references.at[ident, "note"] = f"{references.at[ident, 'note']} {EVIL}"
    studies = glutelab.load_studies()
    studies["design"] = studies["design"].astype("string") + " <img src=x onerror=alert(1)>"
    view = CitationAuditExplorer(audit=audit, references=references, studies=studies)
    view.search.value = "alert"
    assert len(_shown(view)) == 9
    pages = [view.table.value]
    for ref_no in range(1, 10):
        view.citation.value = ref_no
        pages.append(view.card.value)
    for page in [*pages, view.status.value]:
        assert "<script" not in page and "<img" not in page and "<b>Journal" not in page
    assert all("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in p for p in pages)
    view.citation.value = 3  # Grimaldi: better evidence Freeman 2013, with injected design
    assert "&lt;img src=x onerror=alert(1)&gt;" in view.card.value


def test_widget_updates_in_place(view: CitationAuditExplorer) -> None:
    _reset(view)
    children = view.children
    filters = children[0].children
    outputs = (view.status, view.table, view.card)
    for quality, answer, typed, ref_no in itertools.product(
        [ANY, *MATCH_WORDS], [ANY, "partly", "no"], ["", "pain", "zzz"], [1, 6, 9]
    ):
        view.match_quality.value = quality
        view.supports.value = answer
        view.search.value = typed
        if ref_no in _offered(view):
            view.citation.value = ref_no
        assert view.table.value.count("<table") <= 1
        assert view.card.value.count('class="glutelab-card"') == (1 if _shown(view) else 0)
        assert view.status.value.count('role="status"') == 1
    assert view.children == children and len(view.children) == 5
    assert children[0].children == filters
    assert (view.status, view.table, view.card) == outputs


def test_controls_are_labelled_keyboard_widgets(view: CitationAuditExplorer) -> None:
    import ipywidgets as w

    for control in (view.match_quality, view.supports, view.citation):
        assert isinstance(control, w.Dropdown) and control.description
    assert isinstance(view.search, w.Text) and view.search.description == "Search:"
    assert view.match_quality.style.description_width == "initial"


# --- the numbers the notebook's prose quotes ----------------------------------------------


def test_summary_table_counts_match_the_data() -> None:
    table = audit_summary()
    for key, label in MATCH_WORDS.items():
        assert table.loc[label, "Total"] == (AUDIT["match_quality"] == key).sum()
    for key, label in SUPPORT_WORDS.items():
        assert table.loc["Total", label] == (AUDIT["supports_claim"] == key).sum()
    assert table.loc["Total", "Total"] == len(AUDIT)


NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "07_checking_a_source.ipynb"


def _notebook_prose() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_numbers_quoted_in_notebook_07() -> None:
    """Each number 07_checking_a_source.ipynb states in prose: the sentence, then the data."""
    prose = _notebook_prose()
    studies = glutelab.load_studies().set_index("study_id")
    cases = AUDIT.set_index("ref_no")

    assert "It ends with nine references" in prose
    assert len(AUDIT) == 9

    assert "none of the nine citations is rated as fully supporting its claim" in prose
    assert (AUDIT["supports_claim"] == "yes").sum() == 0

    assert "Distefano et al. 2009 and Grimaldi 2011 match in every field" in prose
    exact = AUDIT[AUDIT["match_quality"] == "exact"]
    assert exact["matched_id"].tolist() == ["distefano2009", "grimaldi2011"]
    assert "yes" not in exact["supports_claim"].astype(str).tolist()

    assert "Two of the nine (Kim 2015 and Neumann 2010) are not attached to any claim" in prose
    no_claim = AUDIT[AUDIT["claim_in_article"].isna()]
    assert no_claim["ref_no"].tolist() == [6, 8]
    assert set(no_claim["supports_claim"].astype(str)) == {"not_applicable"}

    assert "in 11 healthy adults" in prose  # Bishop 2018
    assert studies.loc["bishop2018", "sample"].startswith("11 healthy")
    assert cases.loc[1, "supports_claim"] == "no"
    assert cases.loc[1, "better_evidence_ids"] == "sevilmis2024;vigotsky2018"
    assert "in six upper-body exercises in soccer players" in prose
    assert "six upper-body exercises" in studies.loc["sevilmis2024", "design"]

    assert "In 20 healthy women" in prose  # Hollman 2009
    assert studies.loc["hollman2009", "sample"].startswith("20 healthy women")
    assert "*Journal of Sport Rehabilitation* 18(1):104-117" in prose
    hollman = REFERENCES.loc["hollman2009"]
    assert (hollman["volume"], hollman["issue"], hollman["page"]) == ("18", "1", "104-117")
    assert "The audit rates it *partly* and names no better source" in prose
    assert cases.loc[5, "supports_claim"] == "partly"
    assert pd.isna(cases.loc[5, "better_evidence_ids"])

    assert "in 144 adults" in prose  # Boukabache 2021, named for Kim 2015
    assert cases.loc[6, "better_evidence_ids"] == "boukabache2021"
    assert studies.loc["boukabache2021", "sample"] == "144 adults"

    assert "For none of the eight matched papers was that the full text" in prose
    matched = AUDIT["matched_id"].dropna().astype(str)
    assert len(matched) == 8
    assert "full_text" not in set(studies.loc[matched, "access"].astype(str))

    assert "Search *sitting*. Two citations come up." in prose
    view = citation_audit_explorer()
    view.search.value = "sitting"
    assert "2 of 9 citations" in view.status.value


def test_author_comparison_catches_missing_and_wrong_authors() -> None:
    record = REFERENCES.loc["hodges1996", "csl"]
    rest = "(1996). A title. Spine, 21(22), 2640\u20132650."
    statuses = {
        printed: compare_fields(parse_printed(f"{printed} {rest}"), record)[0]
        for printed in (
            "Hodges, P. W., & Richardson, C. A.",
            "Hodges, P. W., et al.",
            "Hodges, P. W.",  # omits the second author without "et al."
            "Hodges, P. A., & Richardson, C. A.",
            "Richardson, C. A., & Hodges, P. W.",
        )
    }
    assert [c.status for c in statuses.values()] == [
        "same",
        "same",
        "differs",
        "differs",
        "differs",
    ]
    assert "the record lists 2 authors, the citation 1" in statuses["Hodges, P. W."].detail
