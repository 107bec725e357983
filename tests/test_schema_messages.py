"""What the CSV reader says about a broken file: each part of the error, worked by hand.

Each case is a few bytes of CSV written out here, read against a two-column schema; the
test checks the error's file, line, row, column, value and reason, so that a message that
points at the wrong place, or loses the value, fails.
"""

from __future__ import annotations

import pytest

from glutelab import DataError
from glutelab.schema import Field, TableSchema, column_names, decode_text, read_csv_records

SCHEMA = TableSchema(
    name="sample",
    path="sample.csv",
    fields=(Field("n", "integer", {"minimum": 1}), Field("who")),
    primary_key=("who",),
)


def _error(raw: bytes, schema: TableSchema = SCHEMA) -> DataError:
    with pytest.raises(DataError) as caught:
        read_csv_records(raw, schema, schema.path)
    return caught.value


@pytest.mark.parametrize(("delimiter", "shown"), [(b";", "';'"), (b"\t", "tabs")])
def test_a_header_split_by_another_delimiter_is_named(delimiter: bytes, shown: str) -> None:
    error = _error(b"n" + delimiter + b"who\n1" + delimiter + b"a\n")
    assert (error.file, error.line, error.column, error.value) == ("sample.csv", 1, None, None)
    assert error.reason == (
        f"this file uses {shown} between columns; export it as comma-separated (CSV)"
    )


def test_quoted_header_cells_split_by_semicolons_are_recognised() -> None:
    error = _error(b'n;"who"\n1;a\n')
    assert "';' between columns" in error.reason


def test_one_known_column_in_semicolon_text_is_not_enough() -> None:
    """A comma file whose last column holds a ';' is read as commas."""
    schema = TableSchema(name="s", path="s.csv", fields=(Field("n", "integer"), Field("who;x")))
    assert read_csv_records(b"n,who;x\n1,a\n", schema, "s.csv") == [{"n": 1, "who;x": "a"}]


@pytest.mark.parametrize(
    ("raw", "column", "reason"),
    [
        (
            b"n,whom\n1,a\n",
            "whom",
            "is not a column of sample; did you mean 'who'? (expected n, who)",
        ),
        (b"n,xyzzy\n1,a\n", "xyzzy", "is not a column of sample (expected n, who)"),
        (b"n,who,WHO\n1,a,b\n", "WHO", "appears twice in the header (also as 'who')"),
        (b"n,who,who\n1,a,b\n", "who", "appears twice in the header"),
        (b"n\n1\n", "who", "is missing from the header"),
    ],
    ids=["unknown_close", "unknown_far", "twice_two_spellings", "twice_same", "missing"],
)
def test_a_header_problem_names_the_column_on_line_one(
    raw: bytes, column: str, reason: str
) -> None:
    error = _error(raw)
    assert (error.file, error.line, error.column) == ("sample.csv", 1, column)
    assert error.reason == reason


def test_a_row_with_a_decimal_comma_shows_the_row_and_its_cells() -> None:
    error = _error(b"n,who\n1,a\n45,3,b\n")
    assert (error.row, error.line, error.value) == (2, 3, "45,3,b")
    assert "(a decimal comma splits a number in two:" in error.reason


def test_a_row_with_too_many_cells_but_no_split_number_has_no_decimal_advice() -> None:
    error = _error(b"n,who\n1,a,b\n")
    assert (error.row, error.value) == (1, "1,a,b")
    assert "decimal comma" not in error.reason


def test_a_short_row_is_not_blamed_on_a_decimal_comma() -> None:
    error = _error(b"n,who\n4\n")
    assert error.row == 1 and "decimal comma" not in error.reason


def test_blank_lines_are_skipped_and_later_rows_still_read() -> None:
    rows = read_csv_records(b"n,who\n1,a\n\n2,b\n", SCHEMA, "sample.csv")
    assert rows == [{"n": 1, "who": "a"}, {"n": 2, "who": "b"}]


def test_a_quote_inside_a_cell_is_not_valid_csv_and_the_line_is_given() -> None:
    error = _error(b'n,who\n1,a\n2,"b"c\n')
    assert (error.file, error.line) == ("sample.csv", 3)
    assert error.reason.startswith("is not valid CSV (")


def test_an_empty_file_is_named() -> None:
    error = _error(b"")
    assert (error.file, error.reason) == (
        "sample.csv",
        "is empty; expected a header row and data rows",
    )


def test_a_windows_file_with_a_byte_order_mark_reads_the_same() -> None:
    rows = read_csv_records(b"\xef\xbb\xbfn,who\r\n1,a\r\n", SCHEMA, "sample.csv")
    assert rows == [{"n": 1, "who": "a"}]


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_text_of_either_byte_order_is_refused(bom: bytes) -> None:
    with pytest.raises(DataError) as caught:
        decode_text(bom + "n".encode("utf-16-le"), "sample.csv")
    assert caught.value.reason == (
        "is UTF-16 text (Excel's 'Unicode Text'); save it as 'CSV UTF-8 (Comma delimited)'"
    )


def test_invalid_utf8_names_the_bytes_and_the_line() -> None:
    with pytest.raises(DataError) as caught:
        decode_text(b"n,who\n1,caf\xe9\n", "sample.csv")
    error = caught.value
    assert (error.line, error.value) == (2, "bytes e9")
    assert error.reason == "is not valid UTF-8; save the file as UTF-8"


def test_header_cells_match_names_ignoring_case_and_spaces() -> None:
    assert column_names([" N ", "Who", "other", "n"], SCHEMA) == ["n", "who", "other", "n"]


def test_a_header_cell_matching_two_names_is_kept_as_written() -> None:
    schema = TableSchema(name="s", path="s.csv", fields=(Field("Who"), Field("who")))
    assert column_names([" WHO "], schema) == ["WHO"]


def test_a_repeated_key_names_its_first_row() -> None:
    error = _error(b"n,who\n1,a\n2,b\n3,a\n")
    assert (error.row, error.column, error.value) == (3, "who", "a")
    assert error.reason == "repeats the key of row 1"


FLAGS = TableSchema(
    name="flags",
    path="flags.csv",
    fields=(
        Field("flag", "boolean"),
        Field("x", "number"),
        Field("who", constraints={"enum": ["a", "b"]}),
    ),
)


@pytest.mark.parametrize(
    ("cell", "value"), [("true", True), ("TRUE", True), ("false", False), ("False", False)]
)
def test_true_and_false_cells_become_booleans(cell: str, value: bool) -> None:
    rows = read_csv_records(f"flag,x,who\n{cell},1.5,a\n".encode(), FLAGS, "flags.csv")
    assert rows == [{"flag": value, "x": 1.5, "who": "a"}]


def test_a_cell_that_is_neither_true_nor_false_is_named() -> None:
    error = _error(b"flag,x,who\nsometimes,1,a\n", FLAGS)
    assert (error.row, error.column, error.value) == (1, "flag", "sometimes")
    assert error.reason == "is not true or false"


@pytest.mark.parametrize("cell", ["nan", "inf", "-inf", "NaN"])
def test_not_a_number_and_infinity_are_refused(cell: str) -> None:
    error = _error(f"flag,x,who\ntrue,{cell},a\n".encode(), FLAGS)
    assert (error.column, error.value, error.reason) == ("x", cell, "is not a valid number")


def test_a_decimal_comma_in_a_number_gets_advice() -> None:
    reason = _error(b'flag,x,who\ntrue,"45,3",a\n', FLAGS).reason
    assert reason.startswith("is not a valid number: a decimal comma was found; ")


def test_a_value_outside_the_list_names_the_allowed_ones() -> None:
    assert _error(b"flag,x,who\ntrue,1,c\n", FLAGS).reason == "is not one of: a, b"


def test_a_blank_required_cell_is_named() -> None:
    schema = TableSchema(
        name="r", path="r.csv", fields=(Field("who", constraints={"required": True}), Field("n"))
    )
    error = _error(b"who,n\n  ,1\n", schema)
    assert (error.row, error.column, error.value) == (1, "who", "  ")
    assert error.reason == "is blank but required"


def test_without_a_primary_key_repeated_rows_are_allowed() -> None:
    schema = TableSchema(name="s", path="s.csv", fields=(Field("who"),))
    assert read_csv_records(b"who\na\na\n", schema, "s.csv") == [{"who": "a"}, {"who": "a"}]


# --- line ends, delimiters and messages a spreadsheet export can bring -----------------------


def test_old_mac_line_ends_are_read_as_rows() -> None:
    """A file with a carriage return alone at each line end (old Mac Excel) is read."""
    rows = read_csv_records(b"n,who\r1,a\r2,b\r", SCHEMA, "sample.csv")
    assert rows == [{"n": 1, "who": "a"}, {"n": 2, "who": "b"}]


def test_a_line_break_inside_a_quoted_cell_is_kept_as_written() -> None:
    """A quoted cell holding a Windows line break (CR LF) keeps both characters."""
    rows = read_csv_records(b'n,who\r\n1,"first line\r\nsecond line"\r\n', SCHEMA, "sample.csv")
    assert rows == [{"n": 1, "who": "first line\r\nsecond line"}]


@pytest.mark.parametrize("raw", [b"X;WHO\n1;a\n", b'WHO;"X"\na;1\n'])
def test_a_semicolon_header_with_a_capital_x_at_a_name_end_is_recognised(raw: bytes) -> None:
    """Header names ending in a capital X (here the column ``x``) count as known names."""
    schema = TableSchema(name="s", path="s.csv", fields=(Field("x"), Field("who")))
    error = _error(raw, schema)
    assert (error.file, error.line, error.column, error.value) == ("s.csv", 1, None, None)
    assert error.reason == "this file uses ';' between columns; export it as comma-separated (CSV)"


def test_a_semicolon_header_whose_last_name_holds_commas_is_recognised() -> None:
    """Two known names between semicolons are enough, however many commas a later name holds."""
    error = _error(b"n;who;note, if any, free text\n1;a;x\n")
    assert (error.file, error.line, error.column, error.value) == ("sample.csv", 1, None, None)
    assert error.reason == "this file uses ';' between columns; export it as comma-separated (CSV)"


def test_a_decimal_comma_row_gives_the_cell_counts_before_the_advice() -> None:
    """The advice on a split number follows the counts of cells and columns."""
    error = _error(b"n,who\n45,3,b\n")
    assert (error.row, error.value) == (1, "45,3,b")
    assert error.reason.startswith(
        "has 3 cells but the header has 2 columns (a decimal comma splits a number in two: "
    )


def test_asking_for_a_field_the_table_lacks_names_it() -> None:
    """``TableSchema.field`` raises KeyError carrying the unknown name."""
    with pytest.raises(KeyError) as caught:
        SCHEMA.field("age")
    assert caught.value.args == ("age",)
