"""Instructors' own tables as a spreadsheet exports them.

Each test writes the bytes Excel would write (byte-order mark, CRLF line ends, ';' or tabs
between columns, decimal commas, a header typed by hand) to a file and loads it with
``glutelab.load_emg(extra=...)``. What the file holds is read back with the ``csv`` module,
independently of glutelab, to say what the loaded table must contain.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import glutelab
from glutelab import DataError

from .conftest import DATA

BOM = b"\xef\xbb\xbf"


def course_rows() -> tuple[list[str], list[dict[str, str]]]:
    """Header and two rows of the course's EMG table, given ids and values of their own."""
    with (DATA / "emg_activation.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [next(reader), next(reader)]
        header = list(reader.fieldnames or [])
    rows[0].update(row_id="mine2026-01", pct_mvic="45.3", sd="12.5", n="18")
    rows[1].update(row_id="mine2026-02", pct_mvic="101.25", sd="0.5", n="7")
    rows[1]["note"] = "Müller's table 2, mean ± SD; 'lateral' fibres"
    return header, rows


def excel_bytes(
    header: list[str],
    rows: list[dict[str, str]],
    *,
    delimiter: str = ",",
    bom: bool = True,
    values: dict[str, str] | None = None,
) -> bytes:
    """A table written the way Excel's "CSV UTF-8" writes one: BOM, CRLF, minimal quoting."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([(values or {}).get(name, row[name]) for name in row])
    return (BOM if bom else b"") + buffer.getvalue().encode("utf-8")


def read_back(path: Path) -> list[dict[str, str]]:
    """The file's rows as the csv module reads them (the expected values)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k.strip().lower(): v for k, v in row.items()} for row in csv.DictReader(fh)]


def load_error(path: Path) -> str:
    with pytest.raises(DataError) as caught:
        glutelab.load_emg(extra=path)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- accepted: a byte-order mark, CRLF line ends, header case and spaces ------------------


def test_csv_utf8_from_excel_with_bom_and_crlf_loads_what_the_file_holds(tmp_path: Path) -> None:
    header, rows = course_rows()
    path = tmp_path / "my_studies.csv"
    path.write_bytes(excel_bytes(header, rows))
    raw = path.read_bytes()
    assert (
        raw.startswith(BOM) and raw.count(b"\r\n") == 3 and b"\n" not in raw.replace(b"\r\n", b"")
    )

    loaded = glutelab.load_emg(extra=path).set_index("row_id")

    assert len(loaded) == len(glutelab.load_emg()) + 2
    for expected in read_back(path):
        row = loaded.loc[expected["row_id"]]
        assert row["pct_mvic"] == float(expected["pct_mvic"])
        assert row["sd"] == float(expected["sd"])
        assert row["n"] == int(expected["n"])
        assert row["muscle"] == expected["muscle"]
        assert row["note"] == expected["note"]
        assert row["source_url"] == expected["source_url"]  # the last column: no '\r' left on it
    assert loaded.loc["mine2026-02", "note"] == "Müller's table 2, mean ± SD; 'lateral' fibres"
    assert loaded.loc["mine2026-01", "pct_mvic"] == 45.3  # by hand, from course_rows


def test_bom_and_crlf_change_nothing_against_a_plain_utf8_file(tmp_path: Path) -> None:
    header, rows = course_rows()
    excel = tmp_path / "excel.csv"
    excel.write_bytes(excel_bytes(header, rows))
    plain = tmp_path / "plain.csv"
    plain.write_bytes(excel_bytes(header, rows, bom=False).replace(b"\r\n", b"\n"))
    from_excel = glutelab.load_emg(extra=excel)
    from_plain = glutelab.load_emg(extra=plain)
    assert from_excel.equals(from_plain)


def test_header_names_in_another_case_or_with_spaces_are_the_schemas_columns(
    tmp_path: Path,
) -> None:
    header, rows = course_rows()
    typed = [
        {"row_id": "ROW_ID", "muscle": " Muscle ", "pct_mvic": "Pct_MVIC "}.get(n, n)
        for n in header
    ]
    assert typed != header
    path = tmp_path / "typed_header.csv"
    path.write_bytes(excel_bytes(typed, rows))
    loaded = glutelab.load_emg(extra=path).set_index("row_id")
    for expected in read_back(path):
        assert loaded.loc[expected["row_id"], "muscle"] == expected["muscle"]
        assert loaded.loc[expected["row_id"], "pct_mvic"] == float(expected["pct_mvic"])


def test_the_course_table_saved_by_excel_loads_unchanged(data_copy: Path) -> None:
    before = glutelab.load_emg()
    path = data_copy / "emg_activation.csv"
    text = path.read_bytes().decode("utf-8")
    assert "\r" not in text
    path.write_bytes(BOM + text.replace("\n", "\r\n").encode("utf-8"))
    assert glutelab.load_emg().equals(before)


def test_a_references_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    item = {"id": "mine2026", "type": "article-journal", "title": "My study", "note": "test"}
    path = tmp_path / "my_refs.json"
    path.write_bytes(BOM + json.dumps([item]).encode("utf-8"))
    assert glutelab.load_references(extra=path).loc["mine2026", "title"] == "My study"


# --- refused with what to change ------------------------------------------------------------


def test_semicolon_file_with_decimal_commas_is_recognised(tmp_path: Path) -> None:
    """Excel's CSV in a locale whose decimal mark is a comma: ';' between columns."""
    header, rows = course_rows()
    european = [dict(r, pct_mvic=r["pct_mvic"].replace(".", ",")) for r in rows]
    path = tmp_path / "europe.csv"
    path.write_bytes(excel_bytes(header, european, delimiter=";"))
    raw = path.read_bytes()
    assert b"row_id;study_id;muscle" in raw and b";45,3;" in raw
    assert load_error(path) == (
        f"{path}, line 1: this file uses ';' between columns; export it as comma-separated (CSV)"
    )


def test_tab_separated_file_is_recognised(tmp_path: Path) -> None:
    header, rows = course_rows()
    path = tmp_path / "tabs.csv"
    path.write_bytes(excel_bytes(header, rows, delimiter="\t"))
    assert load_error(path) == (
        f"{path}, line 1: this file uses tabs between columns; export it as comma-separated (CSV)"
    )


def test_one_semicolon_in_a_comma_header_is_not_taken_for_a_semicolon_file(tmp_path: Path) -> None:
    header, rows = course_rows()
    header = ["row_id;study_id" if n == "row_id" else n for n in header]
    path = tmp_path / "typo.csv"
    path.write_bytes(excel_bytes(header, rows))
    message = load_error(path)
    assert message.startswith(f"{path}, line 1, column 'row_id;study_id': is not a column")


@pytest.mark.parametrize(
    ("column", "value"),
    [("pct_mvic", "45,3"), ("sd", "0,5"), ("pct_mvic", "1.234,5"), ("n", "18,0")],
)
def test_decimal_comma_in_a_numeric_column_is_named(
    tmp_path: Path, column: str, value: str
) -> None:
    header, rows = course_rows()
    path = tmp_path / "decimal_comma.csv"
    path.write_bytes(excel_bytes(header, rows, values={column: value}))
    written = read_back(path)
    assert written[1][column] == value  # quoted by the csv writer: one cell
    message = load_error(path)
    assert message.startswith(f"{path}, row 1 (line 2), column '{column}', value '{value}': ")
    assert "a decimal comma was found" in message
    assert "decimal point" in message and "45.3, not 45,3" in message


def test_ambiguous_comma_number_is_still_refused(tmp_path: Path) -> None:
    """'1,234' is 1.234 or 1234 depending on where the file came from: never guessed."""
    header, rows = course_rows()
    path = tmp_path / "thousands.csv"
    path.write_bytes(excel_bytes(header, rows, values={"pct_mvic": "1,234"}))
    message = load_error(path)
    assert "column 'pct_mvic', value '1,234'" in message and "decimal comma" in message


def test_unquoted_decimal_comma_splitting_a_row_is_named(tmp_path: Path) -> None:
    header, rows = course_rows()
    path = tmp_path / "hand_edited.csv"
    path.write_bytes(excel_bytes(header, rows))
    text = path.read_bytes().decode("utf-8-sig").replace(",45.3,", ",45,3,", 1)
    path.write_bytes(text.encode("utf-8"))
    message = load_error(path)
    assert message.startswith(f"{path}, row 1 (line 2), value 'mine2026-01,")
    assert f"has {len(header) + 1} cells but the header has {len(header)} columns" in message
    assert "decimal comma" in message


def test_a_header_name_that_only_resembles_a_column_is_refused_with_the_column(
    tmp_path: Path,
) -> None:
    header, rows = course_rows()
    header = ["Row ID" if n == "row_id" else n for n in header]
    path = tmp_path / "row_id.csv"
    path.write_bytes(excel_bytes(header, rows))
    message = load_error(path)
    assert message.startswith(
        f"{path}, line 1, column 'Row ID': is not a column of emg_activation; "
        "did you mean 'row_id'?"
    )


def test_a_column_given_twice_in_different_case_is_refused(tmp_path: Path) -> None:
    header, rows = course_rows()
    path = tmp_path / "twice.csv"
    twice = [dict(r, extra=r["row_id"]) for r in rows]
    path.write_bytes(excel_bytes([*header, "ROW_ID"], twice))
    assert load_error(path) == (
        f"{path}, line 1, column 'ROW_ID': appears twice in the header (also as 'row_id')"
    )


def test_utf16_unicode_text_is_refused_with_the_format_to_choose(tmp_path: Path) -> None:
    header, rows = course_rows()
    path = tmp_path / "unicode.txt"
    text = excel_bytes(header, rows, delimiter="\t", bom=False).decode("utf-8")
    path.write_bytes(text.encode("utf-16"))  # little-endian here, with its byte-order mark
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert load_error(path) == (
        f"{path}, line 1: is UTF-16 text (Excel's 'Unicode Text'); "
        "save it as 'CSV UTF-8 (Comma delimited)'"
    )
