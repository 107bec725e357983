"""Read the Frictionless ``datapackage.json`` and check CSV text against it.

The data package is the one schema: field types, enums, bounds, required
fields and keys are written there once, and this module applies them to a
CSV file's text, row by row, so that a bad value is reported with its file,
row, column and value (see :class:`glutelab.errors.DataError`).

Only the part of the Table Schema standard the course uses is interpreted:
types ``string``, ``integer``, ``number`` and ``boolean``; constraints
``required``, ``enum``, ``minimum``, ``maximum``, ``pattern`` and ``unique``;
``primaryKey`` and ``foreignKeys``. The full package is also validated with
the ``frictionless`` library in the test suite.

Files exported from a spreadsheet are read as they come when nothing about
them is ambiguous: a UTF-8 byte-order mark, CRLF line ends, and header names
in another case or with spaces around them. A file with ';' or tabs between
columns, or a number with a decimal comma, is refused with what to change.

>>> field = Field(name="n", type="integer", constraints={"minimum": 1})
>>> field.parse("21", file="t.csv", row=1)
21
>>> field.parse("0", file="t.csv", row=1)
Traceback (most recent call last):
...
glutelab.errors.DataError: t.csv, row 1 (line 2), column 'n', value '0': is below the minimum 1
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from glutelab.errors import DataError

__all__ = ["Field", "ForeignKey", "TableSchema", "read_csv_records", "read_package"]

Value = str | int | float | bool | None

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}

_DECIMAL_COMMA = re.compile(r"[+-]?\d[\d.\s]*,\d+")
"""A number written with a comma before its decimals ("45,3", "1.234,5")."""
_DECIMAL_COMMA_ADVICE = (
    "write numbers with a decimal point and no thousands separators (45.3, not 45,3); "
    "in Excel, set the decimal separator to '.' (File > Options > Advanced) before exporting"
)


@dataclass(frozen=True)
class Field:
    """One column of a table: its name, type and constraints."""

    name: str
    type: str = "string"
    constraints: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    unit: str = ""

    @property
    def required(self) -> bool:
        """Whether a blank cell is an error."""
        return bool(self.constraints.get("required", False))

    @property
    def enum(self) -> tuple[str, ...] | None:
        """Allowed values, or ``None`` when any value of the type is allowed."""
        values = self.constraints.get("enum")
        return tuple(str(v) for v in values) if values is not None else None

    def parse(self, text: str, *, file: str, row: int) -> Value:
        """Convert one cell's text to a typed value, checking every constraint.

        Blank text is ``None`` (an error when the field is required).
        """
        cell = text.strip()
        if cell == "":
            if self.required:
                raise DataError(file, self.name, text, "is blank but required", row=row)
            return None
        value = self._convert(cell, file=file, row=row)
        self._check(value, cell, file=file, row=row)
        return value

    def _convert(self, cell: str, *, file: str, row: int) -> Value:
        try:
            if self.type == "integer":
                return int(cell)
            if self.type == "number":
                number = float(cell)
                if number != number or number in (float("inf"), float("-inf")):
                    raise ValueError(cell)
                return number
        except ValueError:
            reason = f"is not a valid {self.type}"
            if _DECIMAL_COMMA.fullmatch(cell):
                reason += f": a decimal comma was found; {_DECIMAL_COMMA_ADVICE}"
            raise DataError(file, self.name, cell, reason, row=row) from None
        if self.type == "boolean":
            if cell.lower() in _TRUE:
                return True
            if cell.lower() in _FALSE:
                return False
            raise DataError(file, self.name, cell, "is not true or false", row=row)
        return cell

    def _check(self, value: Value, cell: str, *, file: str, row: int) -> None:
        enum = self.enum
        if enum is not None and cell not in enum:
            raise DataError(file, self.name, cell, f"is not one of: {', '.join(enum)}", row=row)
        minimum = self.constraints.get("minimum")
        if minimum is not None and isinstance(value, int | float) and value < minimum:
            raise DataError(file, self.name, cell, f"is below the minimum {minimum}", row=row)
        maximum = self.constraints.get("maximum")
        if maximum is not None and isinstance(value, int | float) and value > maximum:
            raise DataError(file, self.name, cell, f"is above the maximum {maximum}", row=row)
        pattern = self.constraints.get("pattern")
        if pattern is not None and not re.fullmatch(pattern, cell):
            raise DataError(file, self.name, cell, f"does not match the pattern {pattern}", row=row)


@dataclass(frozen=True)
class ForeignKey:
    """Columns whose values must appear in another table's key columns."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    """A table of the data package: its name, file and fields."""

    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        """Column names in schema order."""
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def _as_tuple(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def read_package(path: str | Path) -> dict[str, TableSchema]:
    """Read the tabular resources of a ``datapackage.json``, keyed by resource name.

    >>> from glutelab.data import data_dir
    >>> tables = read_package(data_dir() / "datapackage.json")
    >>> tables["emg_activation"].primary_key
    ('row_id',)
    """
    descriptor = json.loads(Path(path).read_text(encoding="utf-8"))
    tables: dict[str, TableSchema] = {}
    for resource in descriptor["resources"]:
        schema = resource.get("schema")
        if schema is None:
            continue
        fields = tuple(
            Field(
                name=f["name"],
                type=f.get("type", "string"),
                constraints=f.get("constraints", {}),
                description=f.get("description", ""),
                unit=f.get("unit", ""),
            )
            for f in schema["fields"]
        )
        foreign = tuple(
            ForeignKey(
                fields=_as_tuple(fk["fields"]),
                resource=fk["reference"]["resource"] or resource["name"],
                reference_fields=_as_tuple(fk["reference"]["fields"]),
            )
            for fk in schema.get("foreignKeys", [])
        )
        tables[resource["name"]] = TableSchema(
            name=resource["name"],
            path=resource["path"],
            fields=fields,
            primary_key=_as_tuple(schema.get("primaryKey", ())),
            foreign_keys=foreign,
        )
    return tables


def decode_text(raw: bytes, file: str) -> str:
    """Decode a data file as UTF-8, or raise :class:`DataError`.

    A UTF-8 byte-order mark (Excel's "CSV UTF-8" starts with one) is dropped.

    >>> decode_text(b"\\xef\\xbb\\xbfrow_id\\r\\n", "t.csv")
    'row_id\\r\\n'
    >>> decode_text(b"\\xff\\xferow_id", "t.csv")
    Traceback (most recent call last):
    ...
    glutelab.errors.DataError: t.csv, line 1: is UTF-16 text (Excel's 'Unicode Text'); \
save it as 'CSV UTF-8 (Comma delimited)'
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            file,
            None,
            None,
            "is UTF-16 text (Excel's 'Unicode Text'); save it as 'CSV UTF-8 (Comma delimited)'",
            line=1,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        decoded = bytes(exc.object)  # without the byte-order mark, which exc.start skips too
        line = decoded[: exc.start].count(b"\n") + 1
        bad = decoded[exc.start : exc.end].hex(" ")
        raise DataError(
            file, None, f"bytes {bad}", "is not valid UTF-8; save the file as UTF-8", line=line
        ) from None


def read_csv_records(raw: bytes, schema: TableSchema, file: str) -> list[dict[str, Value]]:
    """Parse and validate CSV bytes against ``schema``; return typed records.

    Checks encoding, header (missing or unknown columns), row lengths, each
    cell's type and constraints, ``unique`` fields and the primary key.
    Foreign keys need other tables and are checked by :mod:`glutelab.data`.

    >>> schema = TableSchema(
    ...     name="t", path="t.csv", fields=(Field("n", "integer", {"minimum": 1}), Field("who"))
    ... )
    >>> read_csv_records(b"n,who\\n21,students\\n", schema, "t.csv")
    [{'n': 21, 'who': 'students'}]
    >>> read_csv_records(b"n,who\\n0,students\\n", schema, "t.csv")
    Traceback (most recent call last):
    ...
    glutelab.errors.DataError: t.csv, row 1 (line 2), column 'n', value '0': is below the minimum 1
    """
    text = decode_text(raw, file)
    if not text.strip():
        raise DataError(file, None, None, "is empty; expected a header row and data rows")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise DataError(
            file, None, None, f"is not valid CSV ({exc})", line=reader.line_num
        ) from None
    written = [h.strip() for h in rows[0]]
    _check_delimiter(text.splitlines()[0], written, schema, file)
    header = column_names(written, schema)
    _check_header(written, header, schema, file)
    records: list[dict[str, Value]] = []
    for index, cells in enumerate(rows[1:], start=1):
        if not any(c.strip() for c in cells):
            continue  # a blank line is not a row
        if len(cells) != len(header):
            reason = f"has {len(cells)} cells but the header has {len(header)} columns"
            if len(cells) > len(header) and _split_number(cells):
                reason += f" (a decimal comma splits a number in two: {_DECIMAL_COMMA_ADVICE})"
            raise DataError(file, None, ",".join(cells), reason, row=index)
        record = {
            name: schema.field(name).parse(cell, file=file, row=index)
            for name, cell in zip(header, cells, strict=True)
        }
        records.append(record)
    check_unique(records, schema, file)
    return records


def _split_number(cells: Sequence[str]) -> bool:
    """Whether two neighbouring cells could be one number cut at a decimal comma ("45", "3")."""
    return any(
        re.fullmatch(r"[+-]?\d+", left.strip()) and re.fullmatch(r"\d+", right.strip())
        for left, right in pairwise(cells)
    )


def _key(name: str) -> str:
    """A header name as compared: case and surrounding spaces do not count."""
    return name.strip().casefold()


def column_names(written: Sequence[str], schema: TableSchema) -> list[str]:
    """The schema's name for each header cell, matched ignoring case and surrounding spaces.

    A cell that matches no column, or more than one, is kept as written (and then
    refused by the header check).

    >>> table = TableSchema("t", "t.csv", (Field("row_id"), Field("muscle")))
    >>> column_names(["ROW_ID", " Muscle ", "side"], table)
    ['row_id', 'muscle', 'side']
    """
    by_key: dict[str, list[str]] = {}
    for name in schema.field_names:
        by_key.setdefault(_key(name), []).append(name)
    names = []
    for cell in written:
        matches = by_key.get(_key(cell), [])
        names.append(matches[0] if len(matches) == 1 else cell.strip())
    return names


def _check_delimiter(
    first_line: str, written: Sequence[str], schema: TableSchema, file: str
) -> None:
    """Refuse a header whose columns are separated by ';' or tabs rather than commas."""
    known = {_key(name) for name in schema.field_names}
    found = sum(_key(cell) in known for cell in written)
    for delimiter, shown in ((";", "';'"), ("\t", "tabs")):
        parts = [part.strip().strip('"') for part in first_line.split(delimiter)]
        if sum(_key(part) in known for part in parts) > max(found, 1):
            raise DataError(
                file,
                None,
                None,
                f"this file uses {shown} between columns; export it as comma-separated (CSV)",
                line=1,
            )


def _check_header(
    written: Sequence[str], header: Sequence[str], schema: TableSchema, file: str
) -> None:
    expected = schema.field_names
    for cell, name in zip(written, header, strict=True):
        if name not in expected:
            close = difflib.get_close_matches(_key(cell), expected, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise DataError(
                file,
                cell,
                None,
                f"is not a column of {schema.name}{hint} (expected {', '.join(expected)})",
                line=1,
            )
    seen: dict[str, str] = {}
    for cell, name in zip(written, header, strict=True):
        if name in seen:
            also = f" (also as {seen[name]!r})" if seen[name] != cell else ""
            raise DataError(file, cell, None, f"appears twice in the header{also}", line=1)
        seen[name] = cell
    for name in expected:
        if name not in header:
            raise DataError(file, name, None, "is missing from the header", line=1)


def check_unique(
    records: Sequence[Mapping[str, Value]],
    schema: TableSchema,
    file: str,
    *,
    taken: Mapping[tuple[Value, ...], str] | None = None,
) -> None:
    """Raise :class:`DataError` on a repeated primary key or ``unique`` value.

    ``taken`` maps keys already used (for example by the course's own rows
    when an instructor adds a file) to the file that uses them.
    """
    keys = [schema.primary_key] if schema.primary_key else []
    keys += [(f.name,) for f in schema.fields if f.constraints.get("unique")]
    for key in keys:
        seen: dict[tuple[Value, ...], int] = {}
        for row, record in enumerate(records, start=1):
            value = tuple(record[k] for k in key)
            label = "/".join(key)
            shown = "/".join("" if v is None else str(v) for v in value)
            if value in seen:
                raise DataError(
                    file, label, shown, f"repeats the key of row {seen[value]}", row=row
                )
            if taken is not None and key == schema.primary_key and value in taken:
                raise DataError(
                    file, label, shown, f"collides with an id already in {taken[value]}", row=row
                )
            seen[value] = row
