"""Every minimum and maximum in the schemas: a value at the bound loads, one just outside does not.

The bounds are read from ``data/datapackage.json`` (CSV tables) and ``data/schemas/*.json``
(YAML and JSON files) when the tests are collected, so a range added there is tested here
without editing this file. Each case changes one value in a private copy of ``data/``.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

import glutelab
from glutelab import DataError
from glutelab.data import table_schema

from .conftest import DATA

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))

# How each data file is loaded. A table or schema with a bound but no loader here fails
# test_every_bounded_file_has_a_loader, so no new range goes untested.
CSV_LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "emg_activation": glutelab.load_emg,
    "gta_index": glutelab.load_gta_index,
    "activation_bands": glutelab.load_activation_bands,
    "citation_audit": glutelab.load_citation_audit,
    "studies": glutelab.load_studies,
    "exercises": glutelab.load_exercises,
    "anatomy": glutelab.load_anatomy,
    "assessment_tests": glutelab.load_assessment_tests,
    "trials": glutelab.load_trials,
    "nerve_block_abduction": glutelab.load_nerve_block_abduction,
    "exercise_hip_flexion": glutelab.load_exercise_hip_flexion,
    "hip_moment_arms": glutelab.load_hip_moment_arms,
    "gait_emg_recording": glutelab.load_gait_recording,
    "gait_events": glutelab.load_gait_events,
}
DOCUMENTS: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {
    "myths.schema.json": ("myths.yaml", glutelab.load_myths),
    "quizzes.schema.json": ("quizzes.yaml", glutelab.load_quizzes),
    "references.schema.json": ("references.json", glutelab.load_references),
}

# A value at a schema bound that another rule of the same file must still refuse, with that
# rule's message: a band's upper limit must lie above its lower one, and lower limits are >= 0,
# so an upper limit of 0 can never load.
OTHER_RULES = {
    ("activation_bands", "upper_pct_mvic", "minimum"): "is not above the lower bound",
    # the recording's first sample at 0 s breaks the even spacing of its samples, and a gait
    # event at 0 s lies before the recording starts
    ("gait_emg_recording", "time_s", "minimum"): "samples must be evenly spaced",
    ("gait_events", "touchdown_s", "minimum"): "is outside the recording",
    ("gait_events", "lift_off_s", "minimum"): "is outside the recording",
}


def _csv_bounds() -> Iterator[tuple[str, str, str, str, float]]:
    """(resource, file, field, 'minimum'|'maximum', bound) for every bounded CSV column."""
    for resource in PACKAGE["resources"]:
        schema = resource.get("schema")
        if not isinstance(schema, dict):
            continue
        for field in schema.get("fields", []):
            for kind in ("minimum", "maximum"):
                if kind in field.get("constraints", {}):
                    bound = field["constraints"][kind]
                    yield resource["name"], resource["path"], field["name"], kind, bound


def _schema_bounds(
    node: Any, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str, float]]:
    """(data path, kind, bound) for every numeric bound in a JSON schema; '*' = any list item."""
    if not isinstance(node, dict):
        return
    for kind in ("minimum", "maximum"):
        if kind in node:
            yield path, kind, node[kind]
    for name, child in node.get("properties", {}).items():
        yield from _schema_bounds(child, (*path, name))
    if "items" in node:
        yield from _schema_bounds(node["items"], (*path, "*"))


CSV_CASES = list(_csv_bounds())
DOCUMENT_CASES = [
    (schema_file, path, kind, bound)
    for schema_file in sorted(p.name for p in (DATA / "schemas").glob("*.json"))
    for path, kind, bound in _schema_bounds(
        json.loads((DATA / "schemas" / schema_file).read_text(encoding="utf-8"))
    )
]


def _outside(bound: float, kind: str, type_: str) -> float:
    """The nearest value beyond ``bound``: one whole number for integers, one float step else."""
    step = -1 if kind == "minimum" else 1
    if type_ == "integer":
        return bound + step
    return math.nextafter(float(bound), -math.inf if kind == "minimum" else math.inf)


def _text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _field_type(resource: str, field: str) -> str:
    return table_schema(resource).field(field).type


def _set_cell(path: Path, column: str, bound: float, text: str) -> int:
    """Write ``text`` into the row whose value is nearest ``bound`` (blank first); its number."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)

    def distance(row: dict[str, str]) -> float:
        cell = row[column].strip()
        return -1.0 if cell == "" else abs(float(cell) - bound)

    number = min(range(len(rows)), key=lambda i: distance(rows[i]))
    rows[number][column] = text
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return number + 1


def test_the_bounds_are_found() -> None:
    """The collection above sees the ranges the files are known to have."""
    found = {(r, f, k) for r, _, f, k, _ in CSV_CASES}
    assert ("emg_activation", "pct_mvic", "minimum") in found
    assert ("emg_activation", "pct_mvic", "maximum") in found
    assert ("citation_audit", "ref_no", "maximum") in found
    assert (("*", "answer"), "minimum") in {(p, k) for s, p, k, _ in DOCUMENT_CASES}
    assert len(CSV_CASES) >= 10 and len(DOCUMENT_CASES) >= 4


def test_every_bounded_file_has_a_loader() -> None:
    assert {r for r, *_ in CSV_CASES} <= set(CSV_LOADERS)
    assert {s for s, *_ in DOCUMENT_CASES} <= set(DOCUMENTS)


@pytest.mark.parametrize(
    ("resource", "file", "column", "kind", "bound"),
    CSV_CASES,
    ids=[f"{r}.{c}.{k}" for r, _, c, k, _ in CSV_CASES],
)
def test_csv_value_at_a_bound_loads_and_just_outside_is_refused(
    data_copy: Path, resource: str, file: str, column: str, kind: str, bound: float
) -> None:
    type_ = _field_type(resource, column)
    path = data_copy / file
    original = path.read_bytes()
    row = _set_cell(path, column, bound, _text(bound))
    other_rule = OTHER_RULES.get((resource, column, kind))
    if other_rule is None:
        frame = CSV_LOADERS[resource]()
        assert (frame[column] == bound).any(), f"{column} = {bound} did not load"
    else:
        with pytest.raises(DataError, match=other_rule):
            CSV_LOADERS[resource]()

    path.write_bytes(original)
    outside = _outside(bound, kind, type_)
    row = _set_cell(path, column, bound, _text(outside))
    word = "below the minimum" if kind == "minimum" else "above the maximum"
    with pytest.raises(DataError) as caught:
        CSV_LOADERS[resource]()
    message = str(caught.value)
    for part in (file, f"row {row} ", f"column '{column}'", f"value '{_text(outside)}'", word):
        assert part in message, message


def _locations(document: Any, path: tuple[str, ...]) -> Iterator[tuple[Any, str | int]]:
    """(container, key) of every place in ``document`` that ``path`` names."""
    head, *rest = path
    if head == "*":
        children = list(enumerate(document)) if isinstance(document, list) else []
    else:
        children = (
            [(head, document[head])] if isinstance(document, dict) and head in document else []
        )
    for key, child in children:
        if rest:
            yield from _locations(child, tuple(rest))
        else:
            yield document, key


def _load_document(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def _dump_document(path: Path, document: Any) -> None:
    if path.suffix == ".json":
        path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("schema_file", "path", "kind", "bound"),
    DOCUMENT_CASES,
    ids=[f"{s}:{'.'.join(p)}.{k}" for s, p, k, _ in DOCUMENT_CASES],
)
def test_document_value_at_a_bound_loads_and_just_outside_is_refused(
    data_copy: Path, schema_file: str, path: tuple[str, ...], kind: str, bound: float
) -> None:
    file, loader = DOCUMENTS[schema_file]
    target = data_copy / file
    original = _load_document(target)
    places = [
        (container, key)
        for container, key in _locations(original, path)
        if isinstance(container[key], int | float)
    ]
    assert places, f"no value at {'.'.join(path)} in {file} to change"
    # The value nearest the bound, so that no other rule of the file is disturbed.
    container, key = min(places, key=lambda place: abs(place[0][place[1]] - bound))
    before = container[key]
    container[key] = bound
    _dump_document(target, original)
    loader()  # at the bound: loads

    container[key] = bound - 1 if kind == "minimum" else bound + 1
    _dump_document(target, original)
    with pytest.raises(DataError) as caught:
        loader()
    message = str(caught.value)
    assert file in message and f"value '{container[key]}'" in message, message
    assert [part for part in path if part != "*"][-1] in message, message  # the column
    container[key] = before


# --- repeated keys, checked on small hand-made tables ------------------------------------


def _keyed_schema() -> Any:
    from glutelab.schema import Field, TableSchema

    return TableSchema(
        name="t",
        path="t.csv",
        fields=(
            Field("study_id"),
            Field("row"),
            Field("doi", constraints={"unique": True}),
            Field("note"),
        ),
        primary_key=("study_id", "row"),
    )


def _record(study: str, row: str | None, doi: str | None, note: str = "x") -> dict[str, Any]:
    return {"study_id": study, "row": row, "doi": doi, "note": note}


def test_a_repeated_primary_key_names_both_rows_the_columns_and_the_key() -> None:
    from glutelab.schema import check_unique

    records = [_record("a", "1", "d1"), _record("a", "2", "d2"), _record("a", "1", "d3")]
    with pytest.raises(DataError) as error:
        check_unique(records, _keyed_schema(), "t.csv")
    assert (error.value.row, error.value.column, error.value.value) == (3, "study_id/row", "a/1")
    assert error.value.reason == "repeats the key of row 1"
    # the same study with another row number, or another study, is not a repeat
    check_unique([*records[:2], _record("b", "1", "d3")], _keyed_schema(), "t.csv")


def test_a_repeated_unique_value_is_an_error_and_a_missing_key_part_shows_empty() -> None:
    from glutelab.schema import check_unique

    with pytest.raises(DataError) as error:
        check_unique([_record("a", "1", "d1"), _record("b", "1", "d1")], _keyed_schema(), "t.csv")
    assert (error.value.row, error.value.column, error.value.value) == (2, "doi", "d1")
    with pytest.raises(DataError) as error:
        check_unique([_record("a", None, "d1"), _record("a", None, "d2")], _keyed_schema(), "t.csv")
    assert (error.value.column, error.value.value) == ("study_id/row", "a/")
    # a column without the unique constraint may repeat
    check_unique(
        [_record("a", "1", "d1", "n"), _record("a", "2", "d2", "n")], _keyed_schema(), "t.csv"
    )


def test_a_key_taken_by_another_file_names_that_file() -> None:
    from glutelab.schema import check_unique

    taken = {("a", "7"): "emg_activation.csv"}
    with pytest.raises(DataError) as error:
        check_unique(
            [_record("a", "1", "d1"), _record("a", "7", "d2")],
            _keyed_schema(),
            "x.csv",
            taken=taken,
        )
    assert (error.value.row, error.value.column, error.value.value) == (2, "study_id/row", "a/7")
    assert error.value.reason == "collides with an id already in emg_activation.csv"
    # a unique column's value is only checked within the file
    check_unique([_record("a", "1", "d1")], _keyed_schema(), "x.csv", taken={("d1",): "y.csv"})


def _descriptor(tmp_path: Path, schema: dict[str, Any]) -> Path:
    path = tmp_path / "datapackage.json"
    resource = {"name": "t", "path": "t.csv", "schema": schema}
    path.write_text(json.dumps({"resources": [resource, {"name": "notes", "path": "n.md"}]}))
    return path


def test_a_schema_is_read_field_by_field_with_the_documented_defaults(tmp_path: Path) -> None:
    from glutelab.schema import Field, read_package

    schema = {
        "fields": [
            {"name": "id"},
            {"name": "pct", "type": "number", "description": "EMG, %MVIC", "unit": "%MVIC"},
        ],
        "primaryKey": "id",
        "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}],
    }
    tables = read_package(_descriptor(tmp_path, schema))
    assert list(tables) == ["t"]  # a resource without a schema is not a table
    table = tables["t"]
    assert (table.name, table.path, table.primary_key) == ("t", "t.csv", ("id",))
    assert table.fields == (
        Field("id", "string", {}, "", ""),
        Field("pct", "number", {}, "EMG, %MVIC", "%MVIC"),
    )
    (key,) = table.foreign_keys
    assert (key.fields, key.resource, key.reference_fields) == (("parent",), "t", ("id",))
    schema.pop("primaryKey")
    assert read_package(_descriptor(tmp_path, schema))["t"].primary_key == ()
    schema["primaryKey"] = ["id", "pct"]
    assert read_package(_descriptor(tmp_path, schema))["t"].primary_key == ("id", "pct")


def test_the_course_package_units_and_descriptions_are_read_as_written() -> None:
    from glutelab.schema import read_package

    written = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    tables = read_package(DATA / "datapackage.json")
    for resource in written["resources"]:
        if "schema" not in resource:
            continue
        fields = tables[resource["name"]].fields
        for field, raw in zip(fields, resource["schema"]["fields"], strict=True):
            assert (field.unit, field.description) == (
                raw.get("unit", ""),
                raw.get("description", ""),
            ), (resource["name"], raw["name"])


@pytest.mark.parametrize(
    ("cells", "split"),
    [
        (["45", "3"], True),  # "45,3" read with a comma as the delimiter
        (["-45", "3"], True),
        (["+45", "3"], True),
        ([" 45 ", " 3 "], True),  # spaces around the cells do not count
        (["name", "45", "3"], True),  # any neighbouring pair
        (["45", "3.5"], False),  # the right part has no sign or point of its own
        (["45", "-3"], False),
        (["4.5", "3"], False),
        (["45", "x"], False),
        (["45"], False),
        ([], False),
        (["45", "name", "3"], False),  # not neighbours
    ],
)
def test_a_number_cut_at_a_decimal_comma_is_recognised(cells: list[str], split: bool) -> None:
    from glutelab.schema import _split_number

    assert bool(_split_number(cells)) is split


def test_a_descriptor_is_read_as_utf8_under_an_ascii_locale(tmp_path: Path) -> None:
    """Units and descriptions outside ASCII load the same when the locale's encoding is ASCII."""
    import locale

    from glutelab.schema import read_package

    fields = [{"name": "angle", "type": "number", "description": "Hüfte, µV", "unit": "°"}]
    resource = {"name": "t", "path": "t.csv", "schema": {"fields": fields}}
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps({"resources": [resource]}, ensure_ascii=False), encoding="utf-8")
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # the C locale's encoding is ASCII
    try:
        (field,) = read_package(path)["t"].fields
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert (field.description, field.unit) == ("Hüfte, µV", "°")
