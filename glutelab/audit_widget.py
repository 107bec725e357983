"""Check the source article's nine citations: filter the audit, compare each one field by field.

``data/citation_audit.csv`` records, for every citation the source article
prints, the real paper it most likely means (``matched_id``), how well the
printed details match that paper (``match_quality``), and whether the paper
supports the claim the article attached to it (``supports_claim``, with a
``reason``). This module shows that audit:

* :func:`citation_audit_explorer`: filters (match quality, "supports the
  claim?", free-text search), an escaped HTML table of the matching rows with
  a count line, and a card that puts one citation as printed next to the
  verified record (``references.json``), field by field, with differences
  written out in words;
* :func:`audit_table`, :func:`side_by_side` and :func:`audit_summary` for the
  notebook's static cells.

The field-by-field comparison is computed from the printed text and the
CSL-JSON record; the audit's own words (``fields_differing``, ``reason``) and
the record's confirmation ``note`` are shown beside it, unchanged.

>>> view = citation_audit_explorer()
>>> view.supports.value = "partly"
>>> "3 of 9 citations" in view.status.value
True
>>> [ref_no for _, ref_no in view.citation.options]  # the chooser follows the filters
[2, 5, 9]
>>> view.supports.value = ANY
>>> view.match_quality.value = "not_found"  # citation 2 is filtered out: the first kept
>>> view.citation.value
6
>>> "No record found" in view.card.value
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import ipywidgets as w
import pandas as pd

from glutelab.citations import reference_html
from glutelab.data import load_citation_audit, load_references, load_studies
from glutelab.widgets import (
    ANY,
    HtmlBlock,
    any_option,
    chosen,
    escape,
    reference_item_html,
    settled,
    source_details_html,
    status_html,
)

__all__ = [
    "FIELDS",
    "MATCH_WORDS",
    "SUPPORT_WORDS",
    "CitationAuditExplorer",
    "FieldCheck",
    "PrintedCitation",
    "audit_summary",
    "audit_table",
    "audit_table_html",
    "citation_audit_explorer",
    "citation_card_html",
    "compare_fields",
    "filter_audit",
    "parse_printed",
    "side_by_side",
]

MATCH_WORDS = {
    "exact": "Exact match",
    "minor_differences": "Minor differences",
    "major_differences": "Major differences",
    "not_found": "Not found",
}
SUPPORT_WORDS = {
    "yes": "Yes",
    "partly": "Partly",
    "no": "No",
    "cannot_tell": "Cannot tell",
    "not_applicable": "Not applicable (no claim)",
}
ACCESS_WORDS = {
    "full_text": "full text",
    "abstract": "abstract only",
    "first_page": "first page only",
    "secondary_summary": "a secondary summary only",
    "citation_only": "the citation only",
}
KIND_WORDS = {
    "primary_emg": "primary EMG study",
    "primary_other": "primary study",
    "review": "review",
    "commentary": "commentary",
}
FIELDS = (
    ("authors", "Authors"),
    ("title", "Title"),
    ("journal", "Journal"),
    ("year", "Year"),
    ("volume", "Volume"),
    ("issue", "Issue"),
    ("pages", "Pages"),
    ("doi", "DOI"),
)

Status = Literal["same", "differs", "not confirmed", "not printed", "no record"]
STATUS_WORDS: dict[str, tuple[str, str, str]] = {
    # status: (symbol, words, background colour; the words carry the meaning)
    "same": ("\u2713", "Same", "#E6F2EA"),
    "differs": ("\u2717", "DIFFERS", "#F8E1E1"),
    "not confirmed": ("?", "Cannot compare: the verified record does not give it", "#F3F3F3"),
    "not printed": ("\u2013", "Not printed in the article", "#F3F3F3"),
    "no record": ("\u2013", "No record found to compare with", "#F3F3F3"),
}
SEARCH_COLUMNS = ("as_printed", "claim_in_article", "fields_differing", "reason", "record")


# --- parsing and comparing ------------------------------------------------------------------


@dataclass(frozen=True)
class PrintedCitation:
    """A citation as printed, split into fields (``None`` where the text gives none).

    ``parsed`` is false when the text does not follow the author (year). title.
    journal, volume(issue), pages. pattern; then only ``text`` is reliable.
    """

    text: str
    authors: str | None = None
    year: str | None = None
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    parsed: bool = False


@dataclass(frozen=True)
class FieldCheck:
    """One field of a printed citation next to the verified record, and how they compare."""

    field: str
    label: str
    printed: str | None
    record: str | None
    status: Status
    detail: str = ""


_HEAD = re.compile(r"^(?P<authors>.+?)\s*\((?P<year>\d{4}[a-z]?)\)\.\s*(?P<rest>.+)$")
_REST = re.compile(
    r"^(?P<title>.+)\.\s+(?P<journal>[^,]+),\s*(?P<volume>\d+)"
    r"(?:\((?P<issue>[^)]*)\))?,\s*(?P<pages>[^,]+?)\.?"
    r"(?:\s+(?:https?://doi\.org/|doi:\s*)(?P<doi>\S+?))?\.?$"
)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def parse_printed(text: str) -> PrintedCitation:
    """Split an APA-style printed citation into its fields.

    >>> c = parse_printed("Neumann, D. A. (2010). Kinesiology of the hip: A focus on the "
    ...                   "gluteal muscles. J Orthop Sports Phys Ther, 40(2), 82\u201394.")
    >>> (c.authors, c.year, c.journal, c.volume, c.issue, c.pages)
    ('Neumann, D. A.', '2010', 'J Orthop Sports Phys Ther', '40', '2', '82\u201394')
    >>> c.title
    'Kinesiology of the hip: A focus on the gluteal muscles'
    >>> parse_printed("Something else entirely").parsed
    False
    """
    head = _HEAD.match(text.strip())
    if head is None:
        return PrintedCitation(text=text)
    rest = _REST.match(head["rest"].strip())
    if rest is None:
        return PrintedCitation(text=text, authors=head["authors"], year=head["year"])
    return PrintedCitation(
        text=text,
        authors=head["authors"].strip(),
        year=head["year"],
        title=rest["title"].strip(),
        journal=rest["journal"].strip(),
        volume=rest["volume"],
        issue=rest["issue"] or None,
        pages=rest["pages"].strip(),
        doi=rest["doi"],
        parsed=True,
    )


def _initials(given: str) -> str:
    """'Lindsay J.' -> 'LJ'; 'P. W.' -> 'PW'; 'Luc P.J.' -> 'LPJ'."""
    return "".join(part[0].upper() for part in re.findall(r"[^\W\d_]+", given))


def _printed_authors(authors: str) -> tuple[list[tuple[str, str]], bool]:
    """(family, initials) of each printed author, and whether the list ends in 'et al.'."""
    et_al = bool(re.search(r"et al\.?\s*$", authors))
    names = re.findall(r"([^,&]+?),\s*((?:[^\W\d_]{1,2}\.[\s-]*)+)", authors)
    return [(family.strip(), _initials(given)) for family, given in names], et_al


def _fold(text: str) -> str:
    """Case-, dash- and punctuation-insensitive form of a title or journal."""
    text = _DASHES.sub("-", text).casefold().replace("&", " and ")
    return " ".join(re.findall(r"[^\W_]+", text))


def _is_abbreviation(short: str, full: str) -> bool:
    """True if each word of ``short`` starts the matching significant word of ``full``.

    'J Orthop Sports Phys Ther' abbreviates 'Journal of Orthopaedic & Sports Physical Therapy'.
    """
    stop = {"of", "the", "and", "for", "in"}
    a = [t for t in _fold(short).split() if t not in stop]
    b = [t for t in _fold(full).split() if t not in stop]
    return len(a) == len(b) > 0 and all(y.startswith(x) for x, y in zip(a, b, strict=True))


def _pages(text: str) -> str:
    return re.sub(r"\s+", "", _DASHES.sub("-", text))


def _record_year(item: dict[str, Any]) -> str | None:
    parts = item.get("issued", {}).get("date-parts", [[]])
    return str(parts[0][0]) if parts and parts[0] else None


def _record_authors(item: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (str(a.get("family") or a.get("literal", "")), _initials(str(a.get("given", ""))))
        for a in item.get("author", [])
    ]


def _compare_authors(printed: str | None, item: dict[str, Any]) -> FieldCheck:
    record = _record_authors(item)
    shown = ", ".join(f"{family} {initials}".strip() for family, initials in record) or None
    if printed is None:
        return FieldCheck("authors", "Authors", None, shown, "not printed")
    if not record:
        return FieldCheck("authors", "Authors", printed, None, "not confirmed")
    names, et_al = _printed_authors(printed)
    if not names:
        return FieldCheck(
            "authors", "Authors", printed, shown, "differs", "printed names could not be read"
        )
    problems = []
    for position, (family, initials) in enumerate(names):
        if position >= len(record):
            problems.append(f"{family} is not in the record")
            continue
        real_family, real_initials = record[position]
        if family.casefold() != real_family.casefold():
            problems.append(f"author {position + 1} is {real_family}, not {family}")
        elif initials != real_initials:
            problems.append(f"{family}'s initials are {real_initials}, not {initials}")
    if not et_al and len(record) > len(names):
        problems.append(f"the record lists {len(record)} authors, the citation {len(names)}")
    if problems:
        return FieldCheck("authors", "Authors", printed, shown, "differs", "; ".join(problems))
    detail = ""
    if et_al and len(record) <= len(names):
        detail = (
            f"the record lists only {len(record)} author{'s' if len(record) != 1 else ''}, "
            "so 'et al.' could not be checked"
        )
    return FieldCheck("authors", "Authors", printed, shown, "same", detail)


def _compare(
    field: str, label: str, printed: str | None, record: str | None, *, kind: str = "text"
) -> FieldCheck:
    if record is None:
        if printed is None:
            return FieldCheck(field, label, None, None, "not printed", "neither gives one")
        return FieldCheck(field, label, printed, None, "not confirmed")
    if printed is None:
        return FieldCheck(field, label, None, record, "not printed")
    if kind == "pages":
        same, detail = _pages(printed) == _pages(record), ""
    elif kind == "journal":
        same = _fold(printed) == _fold(record)
        detail = ""
        if not same and _is_abbreviation(printed, record):
            same, detail = True, "the printed name is an abbreviation of the same journal"
    elif kind == "doi":
        same, detail = printed.casefold() == record.casefold(), ""
    else:
        same, detail = _fold(printed) == _fold(record), ""
    return FieldCheck(field, label, printed, record, "same" if same else "differs", detail)


def compare_fields(printed: PrintedCitation, item: dict[str, Any] | None) -> list[FieldCheck]:
    """Compare a printed citation with its verified CSL-JSON record, field by field.

    A field the record leaves out (the curators could not confirm it) is
    ``"not confirmed"``, never ``"differs"``; with no record at all every
    field is ``"no record"``.

    >>> printed = parse_printed("Grimaldi, A. (2011). Assessing lateral stability of the hip "
    ...                         "and pelvis. Manual Therapy, 16(1), 26\u201332.")
    >>> record = {"title": "Assessing lateral stability of the hip and pelvis",
    ...           "author": [{"family": "Grimaldi", "given": "Alison"}],
    ...           "container-title": "Manual Therapy", "issued": {"date-parts": [[2011]]},
    ...           "volume": "16", "page": "26-32"}
    >>> [(c.field, c.status) for c in compare_fields(printed, record)][3:7]
    [('year', 'same'), ('volume', 'same'), ('issue', 'not confirmed'), ('pages', 'same')]
    >>> {c.status for c in compare_fields(printed, None)}
    {'no record'}
    """
    values = {
        "authors": printed.authors,
        "title": printed.title,
        "journal": printed.journal,
        "year": printed.year,
        "volume": printed.volume,
        "issue": printed.issue,
        "pages": printed.pages,
        "doi": printed.doi,
    }
    if item is None:
        return [FieldCheck(f, label, values[f], None, "no record") for f, label in FIELDS]

    def get(key: str) -> str | None:
        value = item.get(key)
        return None if value is None else str(value)

    return [
        _compare_authors(printed.authors, item),
        _compare("title", "Title", printed.title, get("title")),
        _compare("journal", "Journal", printed.journal, get("container-title"), kind="journal"),
        _compare("year", "Year", printed.year, _record_year(item)),
        _compare("volume", "Volume", printed.volume, get("volume")),
        _compare("issue", "Issue", printed.issue, get("issue")),
        _compare("pages", "Pages", printed.pages, get("page"), kind="pages"),
        _compare("doi", "DOI", printed.doi, get("DOI"), kind="doi"),
    ]


# --- filtering and tables -------------------------------------------------------------------


def _text(value: object) -> str | None:
    """A data cell as text, ``None`` when empty or missing."""
    if value is None or (not isinstance(value, list | dict) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    text = str(value).strip()
    return text or None


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def _ids(value: object) -> list[str]:
    text = _text(value)
    return [part.strip() for part in text.split(";") if part.strip()] if text else []


def _item(references: pd.DataFrame, ident: str | None) -> dict[str, Any] | None:
    if ident is None or ident not in references.index:
        return None
    item: dict[str, Any] = references.at[ident, "csl"]  # type: ignore[assignment]
    return item


def _record_text(audit: pd.DataFrame, references: pd.DataFrame) -> pd.Series:
    """Each row's matched record as plain text (title, authors, journal), for searching."""
    texts = []
    for ident in audit["matched_id"]:
        item = _item(references, _text(ident))
        if item is None:
            texts.append("")
            continue
        names = " ".join(
            f"{a.get('family', '')} {a.get('given', '')}" for a in item.get("author", [])
        )
        texts.append(f"{item.get('title', '')} {names} {item.get('container-title', '')}")
    return pd.Series(texts, index=audit.index, dtype="string")


def filter_audit(
    audit: pd.DataFrame,
    *,
    match_quality: str | None = None,
    supports: str | None = None,
    search: str = "",
    references: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The audit rows that pass all three filters (``None`` or ``""`` means any).

    ``search`` is a case-insensitive plain-text match (not a pattern) against
    the printed citation, the claim, what differs, the reason and, when
    ``references`` is given, the matched record's title, authors and journal.

    >>> audit = load_citation_audit()
    >>> filter_audit(audit, supports="partly")["ref_no"].tolist()
    [2, 5, 9]
    >>> filter_audit(audit, search="SPINE")["ref_no"].tolist()
    [4, 9]
    """
    rows = audit
    if match_quality:
        rows = rows[rows["match_quality"].astype("string") == match_quality]
    if supports:
        rows = rows[rows["supports_claim"].astype("string") == supports]
    needle = search.strip()
    if needle and not rows.empty:
        columns = [c for c in SEARCH_COLUMNS if c in rows.columns]
        text = rows[columns].astype("string").fillna("").agg(" ".join, axis=1)
        if references is not None:
            text = text + " " + _record_text(rows, references)
        rows = rows[text.str.contains(needle, case=False, regex=False)]
    return rows


def _match_cell(row: dict[str, Any], references: pd.DataFrame) -> str:
    quality = str(row["match_quality"])
    words = f"<b>{escape(MATCH_WORDS.get(quality, quality))}.</b>"
    item = _item(references, _text(row["matched_id"]))
    if item is None:
        return f"{words} No record found."
    return f"{words} {reference_html(item)}"


def _support_cell(value: object) -> str:
    key = str(value)
    return f"<b>{escape(SUPPORT_WORDS.get(key, key))}</b>"


def audit_table_html(rows: pd.DataFrame, references: pd.DataFrame) -> str:
    """The audit rows as an escaped HTML table (one ``<tr data-ref=N>`` per citation).

    >>> html = audit_table_html(load_citation_audit().head(2), load_references())
    >>> html.count("<tr data-ref=")
    2
    """
    if rows.empty:
        return ""
    cell = 'style="vertical-align:top;text-align:left;padding:4px 6px;border-top:1px solid #ccc"'
    body = []
    for row in _records(rows):
        claim = _text(row["claim_in_article"])
        body.append(
            f'<tr data-ref="{int(row["ref_no"])}">'
            f"<td {cell}>{int(row['ref_no'])}</td>"
            f"<td {cell}>{escape(row['as_printed'])}</td>"
            f"<td {cell}>{escape(claim) if claim else '<i>(not cited for any claim)</i>'}</td>"
            f"<td {cell}>{_match_cell(row, references)}</td>"
            f"<td {cell}>{escape(_text(row['fields_differing']) or '')}</td>"
            f"<td {cell}>{_support_cell(row['supports_claim'])}</td>"
            f"<td {cell}>{escape(row['reason'])}</td>"
            "</tr>"
        )
    head = "".join(
        f'<th scope="col" {cell}>{escape(h)}</th>'
        for h in (
            "#",
            "As printed in the article",
            "The article's claim (paraphrased)",
            "Best match (verified record)",
            "What differs",
            "Supports the claim?",
            "Why",
        )
    )
    return (
        '<table class="glutelab-audit" '
        'style="border-collapse:collapse;font-size:0.85em;line-height:1.4">'
        "<caption>The source article's citations, checked (data/citation_audit.csv; "
        "records from data/references.json)</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


# --- the side-by-side card ------------------------------------------------------------------


def _status_cell(check: FieldCheck) -> str:
    symbol, words, colour = STATUS_WORDS[check.status]
    strong = check.status == "differs"
    text = f"{symbol} {words}"
    label = f"<b>{escape(text)}</b>" if strong else escape(text)
    detail = f"<br><small>{escape(check.detail)}</small>" if check.detail else ""
    return f'<td style="background:{colour};padding:3px 6px">{label}{detail}</td>'


def _value_cell(value: str | None, missing: str) -> str:
    shown = escape(value) if value else f"<i>{escape(missing)}</i>"
    return f'<td style="padding:3px 6px;vertical-align:top">{shown}</td>'


def _fields_table(checks: list[FieldCheck], found: bool) -> str:
    record_missing = "not in the record" if found else "no record"
    rows = "".join(
        f'<tr><th scope="row" style="text-align:left;padding:3px 6px">{escape(c.label)}</th>'
        f"{_value_cell(c.printed, 'not printed')}{_value_cell(c.record, record_missing)}"
        f"{_status_cell(c)}</tr>"
        for c in checks
    )
    head = "".join(
        f'<th scope="col" style="text-align:left;padding:3px 6px">{h}</th>'
        for h in ("Field", "As printed", "Verified record", "Comparison")
    )
    return (
        '<table style="border-collapse:collapse;font-size:0.9em">'
        "<caption>As printed next to the verified record, field by field</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _study_line(study: dict[str, Any] | None) -> str:
    if study is None:
        return ""
    parts = []
    kind = _text(study.get("kind"))
    if kind:
        parts.append(f"<i>Kind:</i> {escape(KIND_WORDS.get(kind, kind))}")
    for key, label in (("design", "Design"), ("sample", "Sample")):
        value = _text(study.get(key))
        if value:
            parts.append(f"<i>{label}:</i> {escape(value)}")
    access = _text(study.get("access"))
    if access:
        parts.append(f"<i>Read from:</i> {escape(ACCESS_WORDS.get(access, access))}")
    return "; ".join(parts)


def _studies_by_id(studies: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {str(r["study_id"]): r for r in _records(studies)}


def citation_card_html(
    row: pd.Series | dict[str, Any], references: pd.DataFrame, studies: pd.DataFrame
) -> str:
    """One citation as printed next to its verified record, with the audit's verdict.

    Shows the field-by-field comparison (differences written as words), what
    the audit says differs, whether the paper supports the claim and why, the
    record's confirmation note, and the better evidence the audit names.

    >>> audit = load_citation_audit().set_index("ref_no", drop=False)
    >>> card = citation_card_html(audit.loc[4], load_references(), load_studies())
    >>> "\u2717 DIFFERS" in card and "transversus abdominis" in card
    True
    """
    data = dict(row)
    printed = parse_printed(str(data["as_printed"]))
    ident = _text(data["matched_id"])
    item = _item(references, ident)
    checks = compare_fields(printed, item)
    quality = str(data["match_quality"])
    support = str(data["supports_claim"])
    study_rows = _studies_by_id(studies)
    differing = [c.label.lower() for c in checks if c.status == "differs"]
    if item is None:
        summary = "No record found: there is nothing to compare the printed details with."
    elif differing:
        summary = "Fields that differ: " + ", ".join(differing) + "."
    else:
        summary = "No checked field differs."
    if not printed.parsed:
        summary += " (The printed text could not be split into fields; it is shown whole.)"
    claim = _text(data["claim_in_article"])
    parts = [
        '<div class="glutelab-card" style="border:1px solid #999;padding:8px">',
        f"<h3>Citation {int(data['ref_no'])} as printed</h3>",
        f"<blockquote>{escape(data['as_printed'])}</blockquote>",
        "<p><b>The article's claim (paraphrased):</b> "
        + (escape(claim) if claim else "<i>the article cites it for no claim</i>")
        + "</p>",
        f"<p><b>Match quality:</b> {escape(MATCH_WORDS.get(quality, quality))}. "
        f"{escape(summary)}</p>",
        _fields_table(checks, item is not None),
    ]
    if item is not None:
        parts.append(f"<p><b>Verified record:</b> {reference_html(item)}</p>")
        study = _study_line(study_rows.get(str(ident)))
        if study:
            parts.append(f"<p><small>{study}</small></p>")
    parts.append(
        "<p><b>What the audit says differs:</b> "
        f"{escape(_text(data['fields_differing']) or 'nothing recorded')}</p>"
    )
    parts.append(
        f"<p><b>Does the paper support the claim?</b> "
        f"{escape(SUPPORT_WORDS.get(support, support))}. {escape(data['reason'])}</p>"
    )
    note = _text(references.at[ident, "note"]) if item is not None else None
    if note:
        parts.append(source_details_html(f"<b>The verified record's note:</b> {escape(note)}"))
    else:
        parts.append(
            "<p><i>No record found, so there was nothing to check the details against.</i></p>"
        )
    better = _ids(data["better_evidence_ids"])
    if better:
        entries = []
        for ident_b in better:
            citation = reference_item_html(ident_b, references)
            study_b = _study_line(study_rows.get(ident_b))
            entries.append(
                f"<li>{citation}" + (f"<br><small>{study_b}</small>" if study_b else "") + "</li>"
            )
        parts.append("<p><b>Better evidence the audit names:</b></p><ul>" + "".join(entries))
        parts.append("</ul>")
    else:
        parts.append("<p><b>Better evidence the audit names:</b> <i>none listed.</i></p>")
    parts.append("</div>")
    return "".join(parts)


# --- the explorer ---------------------------------------------------------------------------


def _short_label(ref_no: int, printed_text: str) -> str:
    printed = parse_printed(printed_text)
    if printed.authors and printed.year:
        return f"{ref_no}. {printed.authors} ({printed.year})"
    return f"{ref_no}. {printed_text[:60]}"


NO_CITATION = ("No citation matches the filters", ANY)
"""The chooser's only option while the filters match nothing (a real value: never blank)."""


def _chooser_options(rows: pd.DataFrame) -> list[tuple[str, Any]]:
    """The citation chooser's options: the filtered citations, in the article's order.

    >>> _chooser_options(load_citation_audit().head(2))[1]
    ('2. Distefano, L. J., et al. (2009)', 2)
    >>> _chooser_options(load_citation_audit().head(0))
    [('No citation matches the filters', 'any')]
    """
    if rows.empty:
        return [NO_CITATION]
    return [
        (_short_label(int(r["ref_no"]), str(r["as_printed"])), int(r["ref_no"]))
        for r in _records(rows)
    ]


class CitationAuditExplorer(w.VBox):  # type: ignore[misc]
    """Filters, a count line, the audit table, a citation chooser and the side-by-side card.

    The chooser lists only the citations the filters keep; when the chosen one is filtered
    out, the first one kept is shown instead, and when none is kept the chooser says so
    (and is locked) and the card is empty. All controls are standard drop-downs and a text
    box with visible labels (keyboard: Tab between them; Space or Alt+Down opens a
    drop-down, the arrow keys and Enter choose; type to search). Every change replaces the
    values of the same HTML widgets; nothing accumulates.
    """

    def __init__(
        self,
        audit: pd.DataFrame | None = None,
        references: pd.DataFrame | None = None,
        studies: pd.DataFrame | None = None,
    ) -> None:
        self.audit = load_citation_audit() if audit is None else audit
        self.references = load_references() if references is None else references
        self.studies = load_studies() if studies is None else studies
        label = {"description_width": "initial"}
        self.match_quality = w.Dropdown(
            options=[any_option("Any match quality")] + [(v, k) for k, v in MATCH_WORDS.items()],
            description="Match quality:",
            style=label,
        )
        self.supports = w.Dropdown(
            options=[any_option("Any answer")] + [(v, k) for k, v in SUPPORT_WORDS.items()],
            description="Supports the claim?",
            style=label,
        )
        self.search = w.Text(
            value="",
            placeholder="e.g. Spine, sitting, Hollman",
            description="Search:",
            style=label,
            continuous_update=True,
        )
        self.status = w.HTML()
        self.table = w.HTML()
        self.citation = w.Dropdown(
            options=_chooser_options(self.audit),
            description="Compare one citation:",
            style=label,
            layout=w.Layout(width="min(95%, 560px)"),
        )
        self.card = w.HTML()
        for control in (self.match_quality, self.supports, self.search):
            control.observe(self._filters_changed, names="value")
        self.citation.observe(self._citation_changed, names="value")
        for control in (self.match_quality, self.supports, self.search):
            control.layout.margin = "0 16px 4px 0"
        filters = w.HBox(
            [self.match_quality, self.supports, self.search],
            layout=w.Layout(flex_flow="row wrap"),
        )
        self._choosing = False
        self._shown: int | None = None
        """The citation whose card was shown last."""
        super().__init__([filters, self.status, self.table, self.citation, self.card])
        self.update()

    def rows(self) -> pd.DataFrame:
        """The audit rows that pass the current filters."""
        return filter_audit(
            self.audit,
            match_quality=chosen(self.match_quality.value),
            supports=chosen(self.supports.value),
            search=str(self.search.value),
            references=self.references,
        )

    def _filters_changed(self, _: dict[str, Any]) -> None:
        self.update()

    def _citation_changed(self, change: dict[str, Any]) -> None:
        if not self._choosing and chosen(change["new"]) is not None:
            self.show(change["new"])

    def update(self) -> None:
        """Refilter and replace the count line, the table and the chooser's options."""
        rows = self.rows()
        total = len(self.audit)
        self._offer(rows)
        if rows.empty:
            self.status.value = status_html(
                f"0 of {total} citations match. No citation fits these filters and this "
                "search: choose 'Any' in a drop-down or shorten the search text.",
                kind="warn",
            )
            self.table.value = ""
            return
        self.status.value = status_html(f"{len(rows)} of {total} citations shown.")
        self.table.value = audit_table_html(rows, self.references)

    def _offer(self, rows: pd.DataFrame) -> None:
        """Let the chooser offer the filtered citations; keep the chosen one if it is offered.

        Otherwise the first one offered is chosen and its card shown; with none offered the
        chooser shows :data:`NO_CITATION`, locked, and the card is emptied (the citation
        shown last comes back when the filters offer it again).
        """
        options = _chooser_options(rows)
        values = [value for _, value in options]
        wanted = self._shown if chosen(self.citation.value) is None else self.citation.value
        keep: Any = wanted if wanted in values else values[0]
        shown_before = self.citation.value
        self._choosing = True
        try:
            if tuple(options) != tuple(self.citation.options):  # resending them costs time
                self.citation.options = options
            self.citation.value = keep
            self.citation.disabled = rows.empty
        finally:
            self._choosing = False
        if rows.empty:
            self.card.value = ""
        elif keep != shown_before or not self.card.value:
            self.show(keep)

    def show(self, ref_no: int) -> None:
        """Show the side-by-side card of citation number ``ref_no``."""
        match = self.audit[self.audit["ref_no"] == ref_no]
        if match.empty:
            known = ", ".join(str(int(n)) for n in self.audit["ref_no"])
            raise KeyError(f"no citation number {ref_no!r}; known: {known}")
        self.card.value = citation_card_html(match.iloc[0], self.references, self.studies)
        self._shown = ref_no


def citation_audit_explorer() -> CitationAuditExplorer:
    """The citation audit explorer used in ``07_checking_a_source.ipynb``."""
    return settled(CitationAuditExplorer())


# --- static views for the notebook ----------------------------------------------------------


def audit_table() -> HtmlBlock:
    """All nine citations next to their verified records, as one table.

    >>> "9 citations" in repr(audit_table())
    True
    """
    audit = load_citation_audit()
    return HtmlBlock(
        audit_table_html(audit, load_references()), text=f"{len(audit)} citations, checked"
    )


def side_by_side(ref_no: int) -> HtmlBlock:
    """The side-by-side card of one citation (the article's reference number).

    >>> "Journal of Sport Rehabilitation" in side_by_side(5)._repr_html_()
    True
    """
    audit = load_citation_audit()
    match = audit[audit["ref_no"] == ref_no]
    if match.empty:
        raise KeyError(f"no citation number {ref_no!r}; the article has {len(audit)}")
    row = match.iloc[0]
    return HtmlBlock(
        citation_card_html(row, load_references(), load_studies()),
        text=f"citation {ref_no}: {row['as_printed']}",
    )


def audit_summary(audit: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many citations fall in each match quality (rows) by support answer (columns).

    Every category is listed, including those with no citation; ``Total``
    gives the margins.

    >>> table = audit_summary()
    >>> int(table.loc["Total", "Total"])
    9
    >>> int(table.loc["Total", "Yes"])
    0
    """
    audit = load_citation_audit() if audit is None else audit
    quality = pd.Categorical(
        audit["match_quality"].astype(str).map(MATCH_WORDS), categories=list(MATCH_WORDS.values())
    )
    support = pd.Categorical(
        audit["supports_claim"].astype(str).map(SUPPORT_WORDS),
        categories=list(SUPPORT_WORDS.values()),
    )
    table = pd.crosstab(
        pd.Series(quality, name="Match quality"),
        pd.Series(support, name="Supports the claim?"),
        dropna=False,
    )
    table = table.reindex(
        index=list(MATCH_WORDS.values()), columns=list(SUPPORT_WORDS.values()), fill_value=0
    )
    table["Total"] = table.sum(axis=1)
    table.loc["Total"] = table.sum(axis=0)
    return table.astype(int)
