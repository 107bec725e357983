"""Every kind of broken data file stops with one clear message: file, row, column, value.

Each case breaks a private copy of ``data/`` (see ``conftest.data_copy``) and
checks that the loader raises :class:`glutelab.DataError` whose message
names the place and the offending value.
"""

from __future__ import annotations

import builtins
import csv
import json
import os
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

import glutelab
from glutelab import DataError
from glutelab.data import _jsonschema, load_hip_geometry

from .conftest import ROOT

EMG_COLUMNS = len(next(csv.reader((ROOT / "data" / "emg_activation.csv").open(encoding="utf-8"))))
"""Columns in the course's EMG file's header, read with the csv module (not the loader)."""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]], fields: list[str] | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields or list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_emg(row: int, column: str, value: str) -> Callable[[Path], None]:
    """Set one cell of data row ``row`` (1-based) of emg_activation.csv."""

    def mutate(data: Path) -> None:
        path = data / "emg_activation.csv"
        rows = _rows(path)
        rows[row - 1][column] = value
        _write(path, rows)

    return mutate


def drop_emg_column(column: str) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        path = data / "emg_activation.csv"
        rows = _rows(path)
        for r in rows:
            del r[column]
        _write(path, rows)

    return mutate


def add_emg_column(data: Path) -> None:
    path = data / "emg_activation.csv"
    rows = _rows(path)
    for r in rows:
        r["comment"] = "x"
    _write(path, rows)


def empty_emg(data: Path) -> None:
    (data / "emg_activation.csv").write_bytes(b"")


def utf16_emg(data: Path) -> None:
    path = data / "emg_activation.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))


def latin1_emg(data: Path) -> None:
    path = data / "emg_activation.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b",", b"\xe9,", 1)
    path.write_bytes(b"\n".join(lines))


def short_row_emg(data: Path) -> None:
    path = data / "emg_activation.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = "distefano2009-02,distefano2009,gluteus_medius"
    path.write_text("\n".join(lines), encoding="utf-8")


def duplicate_row_id(data: Path) -> None:
    path = data / "emg_activation.csv"
    rows = _rows(path)
    rows[4]["row_id"] = rows[3]["row_id"]
    _write(path, rows)


def edit_text(name: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        path = data / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def set_csv(name: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        path = data / name
        rows = _rows(path)
        rows[row - 1][column] = value
        _write(path, rows)

    return mutate


def edit_reference(index: int, key: str, value: object) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        path = data / "references.json"
        items = json.loads(path.read_text(encoding="utf-8"))
        items[index][key] = value
        path.write_text(json.dumps(items), encoding="utf-8")

    return mutate


def myth_line(data: Path) -> int:
    """1-based line of the first myth's ``verdict:`` in myths.yaml."""
    lines = (data / "myths.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith("verdict:"))


def broken_yaml(data: Path) -> None:
    path = data / "myths.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = myth_line(data)
    lines[number - 1] = lines[number - 1] + ' "unclosed'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def myth_missing_field(data: Path) -> None:
    import yaml

    path = data / "myths.yaml"
    myths = yaml.safe_load(path.read_text(encoding="utf-8"))
    del myths[1]["say_instead"]
    path.write_text(yaml.safe_dump(myths, sort_keys=False), encoding="utf-8")


def myth_edit(index: int, key: str, value: object) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        import yaml

        path = data / "myths.yaml"
        myths = yaml.safe_load(path.read_text(encoding="utf-8"))
        target = myths[index]
        *parents, last = key.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
        path.write_text(yaml.safe_dump(myths, sort_keys=False), encoding="utf-8")

    return mutate


def overlapping_bands(data: Path) -> None:
    path = data / "activation_bands.csv"
    rows = _rows(path)
    moderate = next(r for r in rows if r["scheme_id"] == "ebert2017" and r["band"] == "moderate")
    moderate["lower_pct_mvic"] = "15"
    _write(path, rows)


# (case id, loader name, mutation, fragments the message must contain)
CASES: list[tuple[str, str, Callable[[Path], None], list[str]]] = [
    (
        "missing_column",
        "load_emg",
        drop_emg_column("locator"),
        ["emg_activation.csv", "line 1", "column 'locator'", "missing"],
    ),
    (
        "extra_column",
        "load_emg",
        add_emg_column,
        ["emg_activation.csv", "line 1", "column 'comment'", "not a column"],
    ),
    (
        "wrong_type",
        "load_emg",
        set_emg(3, "pct_mvic", "forty"),
        ["emg_activation.csv", "row 3", "column 'pct_mvic'", "value 'forty'", "not a valid number"],
    ),
    ("empty_file", "load_emg", empty_emg, ["emg_activation.csv", "is empty"]),
    ("utf16", "load_emg", utf16_emg, ["emg_activation.csv", "line 1", "UTF-16", "CSV UTF-8"]),
    (
        "not_utf8",
        "load_emg",
        latin1_emg,
        ["emg_activation.csv", "line 4", "value 'bytes e9", "not valid UTF-8"],
    ),
    (
        "negative_pct_mvic",
        "load_emg",
        set_emg(2, "pct_mvic", "-3"),
        ["emg_activation.csv", "row 2", "column 'pct_mvic'", "value '-3'", "below the minimum 0"],
    ),
    (
        "pct_mvic_over_400",
        "load_emg",
        set_emg(5, "pct_mvic", "401"),
        [
            "emg_activation.csv",
            "row 5",
            "column 'pct_mvic'",
            "value '401'",
            "above the maximum 400",
        ],
    ),
    (
        "negative_sd",
        "load_emg",
        set_emg(1, "sd", "-1.5"),
        ["emg_activation.csv", "row 1", "column 'sd'", "value '-1.5'", "below the minimum 0"],
    ),
    (
        "n_zero",
        "load_emg",
        set_emg(1, "n", "0"),
        ["emg_activation.csv", "row 1", "column 'n'", "value '0'", "below the minimum 1"],
    ),
    (
        "n_not_integer",
        "load_emg",
        set_emg(2, "n", "2.5"),
        ["emg_activation.csv", "row 2", "column 'n'", "value '2.5'", "not a valid integer"],
    ),
    (
        "unknown_study",
        "load_emg",
        set_emg(4, "study_id", "smith1999"),
        ["emg_activation.csv", "row 4", "column 'study_id'", "value 'smith1999'", "studies.csv"],
    ),
    (
        "unknown_exercise",
        "load_emg",
        set_emg(6, "exercise_id", "zercher_squat"),
        [
            "emg_activation.csv",
            "row 6",
            "column 'exercise_id'",
            "value 'zercher_squat'",
            "exercises.csv",
        ],
    ),
    (
        "unknown_muscle",
        "load_emg",
        set_emg(7, "muscle", "gluteus_maximum"),
        ["emg_activation.csv", "row 7", "column 'muscle'", "value 'gluteus_maximum'", "not one of"],
    ),
    (
        "unknown_source_kind",
        "load_emg",
        set_emg(7, "source_kind", "memory"),
        ["emg_activation.csv", "row 7", "column 'source_kind'", "value 'memory'"],
    ),
    (
        "blank_required",
        "load_emg",
        set_emg(8, "locator", "  "),
        ["emg_activation.csv", "row 8", "column 'locator'", "blank but required"],
    ),
    (
        "bad_url",
        "load_emg",
        set_emg(9, "source_url", "seen somewhere"),
        ["emg_activation.csv", "row 9", "column 'source_url'", "value 'seen somewhere'", "pattern"],
    ),
    (
        "duplicate_key",
        "load_emg",
        duplicate_row_id,
        ["emg_activation.csv", "row 5", "column 'row_id'", "repeats the key of row 4"],
    ),
    (
        "row_too_short",
        "load_emg",
        short_row_emg,
        ["emg_activation.csv", "row 2", "has 3 cells", f"{EMG_COLUMNS} columns"],
    ),
    (
        "includes_names_an_unknown_row",
        "load_emg",
        set_csv("emg_activation.csv", 1, "includes", "nobody2020-01"),
        ["emg_activation.csv", "row 1", "column 'dependence'", "is blank"],
    ),
    (
        "includes_an_unknown_row_with_its_dependence",
        "load_emg",
        lambda data: (
            set_csv("emg_activation.csv", 1, "includes", "nobody2020-01")(data),
            set_csv("emg_activation.csv", 1, "dependence", "pooled")(data),
        ),
        ["emg_activation.csv", "row 1", "column 'includes'", "value 'nobody2020-01'"],
    ),
    (
        "includes_itself",
        "load_emg",
        lambda data: (
            set_csv("emg_activation.csv", 1, "includes", "distefano2009-01")(data),
            set_csv("emg_activation.csv", 1, "dependence", "same_value")(data),
        ),
        ["emg_activation.csv", "row 1", "column 'includes'", "value 'distefano2009-01'"],
    ),
    (
        "dependence_without_includes",
        "load_emg",
        set_csv("emg_activation.csv", 2, "dependence", "pooled"),
        ["emg_activation.csv", "row 2", "column 'includes'", "is blank"],
    ),
    (
        "bad_boolean",
        "load_exercises",
        set_csv("exercises.csv", 2, "unilateral", "sometimes"),
        ["exercises.csv", "row 2", "column 'unilateral'", "value 'sometimes'", "not true or false"],
    ),
    (
        "unknown_anatomy_region",
        "load_anatomy",
        set_csv("anatomy.csv", 3, "region", "deep"),
        ["anatomy.csv", "row 3", "column 'region'", "value 'deep'"],
    ),
    (
        "bands_overlap",
        "load_activation_bands",
        overlapping_bands,
        ["activation_bands.csv", "column 'lower_pct_mvic'", "value '15.0'", "overlaps"],
    ),
    (
        "audit_unknown_match",
        "load_citation_audit",
        set_csv("citation_audit.csv", 2, "matched_id", "kim2015"),
        ["citation_audit.csv", "row 2", "column 'matched_id'", "value 'kim2015'"],
    ),
    ("unparseable_yaml", "load_myths", broken_yaml, ["myths.yaml", "not valid YAML", "line"]),
    (
        "myth_missing_field",
        "load_myths",
        myth_missing_field,
        ["myths.yaml", "item 2", "'say_instead' is missing"],
    ),
    (
        "myth_bad_verdict",
        "load_myths",
        myth_edit(0, "verdict", "nonsense"),
        ["myths.yaml", "item 1 (never_fire)", "column 'verdict'", "value 'nonsense'", "not one of"],
    ),
    (
        "myth_missing_reference",
        "load_myths",
        myth_edit(0, "evidence.0.ref", "ghost2020"),
        [
            "myths.yaml",
            "item 1 (never_fire)",
            "column 'evidence.0.ref'",
            "value 'ghost2020'",
            "references.json",
        ],
    ),
    (
        "myth_unknown_exercise",
        "load_myths",
        myth_edit(2, "emg_filter", {"exercise_ids": ["moonwalk"]}),
        ["myths.yaml", "item 3", "column 'emg_filter.exercise_ids'", "value 'moonwalk'"],
    ),
    (
        "references_not_json",
        "load_references",
        edit_text(
            "references.json",
            "[",
            "[[",
        ),
        ["references.json", "not valid JSON"],
    ),
    (
        "reference_bad_doi",
        "load_references",
        edit_reference(2, "DOI", "doi:10.1/x"),
        ["references.json", "item 3", "column 'DOI'", "value 'doi:10.1/x'"],
    ),
    (
        "reference_missing_title",
        "load_references",
        edit_reference(0, "title", ""),
        ["references.json", "item 1 (distefano2009)", "column 'title'"],
    ),
]


@pytest.mark.parametrize(
    ("loader", "mutate", "fragments"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_malformed_file_is_reported_precisely(
    data_copy: Path, loader: str, mutate: Callable[[Path], None], fragments: list[str]
) -> None:
    mutate(data_copy)
    with pytest.raises(DataError) as caught:
        getattr(glutelab, loader)()
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert "\n" not in message  # one readable line


def test_at_least_twenty_malformed_cases() -> None:
    assert len(CASES) >= 20


# --- instructor files --------------------------------------------------------------------


def _course_row(**changes: str) -> dict[str, str]:
    from .conftest import DATA

    row = _rows(DATA / "emg_activation.csv")[0]
    row.update(changes)
    return row


def test_extra_rows_are_merged_after_validation(tmp_path: Path) -> None:
    extra = tmp_path / "my_studies.csv"
    _write(extra, [_course_row(row_id="mycourse-01", pct_mvic="55.5")])
    merged = glutelab.load_emg(extra=[extra])
    assert len(merged) == len(glutelab.load_emg()) + 1
    assert merged.set_index("row_id").loc["mycourse-01", "pct_mvic"] == 55.5


def test_extra_row_colliding_with_course_id_is_an_error(tmp_path: Path) -> None:
    extra = tmp_path / "my_studies.csv"
    _write(extra, [_course_row()])
    with pytest.raises(DataError) as caught:
        glutelab.load_emg(extra=[extra])
    message = str(caught.value)
    assert str(extra) in message and "row 1" in message and "collides" in message
    assert "emg_activation.csv" in message


def test_extra_row_with_unknown_study_names_the_extra_file(tmp_path: Path) -> None:
    extra = tmp_path / "my_studies.csv"
    _write(extra, [_course_row(row_id="mycourse-01", study_id="mine2026")])
    with pytest.raises(DataError, match=r"my_studies\.csv, row 1 \(line 2\), column 'study_id'"):
        glutelab.load_emg(extra=extra)


def test_extra_study_makes_extra_rows_valid(tmp_path: Path) -> None:
    from .conftest import DATA

    studies = tmp_path / "my_sources.csv"
    source = _rows(DATA / "studies.csv")[0]
    source.update(study_id="mine2026", short_citation="Mine 2026")
    _write(studies, [source])
    extra = tmp_path / "my_studies.csv"
    _write(extra, [_course_row(row_id="mine2026-01", study_id="mine2026")])
    merged = glutelab.load_emg(extra=extra, extra_studies=studies)
    assert "mine2026" in set(merged["study_id"])


def test_missing_extra_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        glutelab.load_emg(extra=tmp_path / "nope.csv")


def test_extra_reference_with_taken_id_is_an_error(tmp_path: Path) -> None:
    extra = tmp_path / "my_refs.json"
    extra.write_text(
        json.dumps(
            [{"id": "neumann2010", "type": "article-journal", "title": "Copy", "note": "test"}]
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"my_refs\.json, item 1, column 'id', value 'neumann2010'"):
        glutelab.load_references(extra=extra)


def test_extra_myth_can_cite_an_extra_reference(tmp_path: Path) -> None:
    import yaml

    refs = tmp_path / "my_refs.json"
    refs.write_text(
        json.dumps(
            [{"id": "mine2026", "type": "article-journal", "title": "My study", "note": "test"}]
        ),
        encoding="utf-8",
    )
    myth = {
        "id": "my_myth",
        "claim": "Squats make glutes sleepy.",
        "client_phrases": [f"phrase number {i}" for i in range(6)],
        "verdict": "false",
        "whats_true": "Nothing much.",
        "evidence": [
            {
                "ref": "mine2026",
                "finding": "Glutes were awake throughout.",
                "direction": "contradicts",
                "design": "made up",
                "sample": "none",
            }
        ],
        "strength": "Weak.",
        "say_instead": "Keep squatting.",
    }
    path = tmp_path / "my_myths.yaml"
    path.write_text(yaml.safe_dump([myth]), encoding="utf-8")
    with pytest.raises(DataError, match="not a reference id"):
        glutelab.load_myths(extra=path)
    myths = glutelab.load_myths(extra=path, extra_references=refs)
    assert myths.loc["my_myth", "source_file"] == str(path)


# --- the schema validator's import ---------------------------------------------------------

_LOAD_IN_A_FRESH_PROCESS = """
import sys
{first}
import glutelab
glutelab.load_myths()
import jsonschema
print(sorted(name for name in ("rfc3987_syntax", "lark") if name in sys.modules))
print("iri" in jsonschema.FormatChecker.checkers)
import rfc3987_syntax  # still importable for anyone who wants it
"""


def _fresh_process(first: str = "") -> list[str]:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", _LOAD_IN_A_FRESH_PROCESS.format(first=first)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_loading_the_myths_skips_jsonschemas_slow_iri_checker() -> None:
    """A kernel's first load imports jsonschema without rfc3987_syntax (1.6 s of parser
    building); glutelab checks no formats, and rfc3987_syntax stays importable."""
    assert _fresh_process() == ["[]", "False"]


def test_a_jsonschema_imported_before_glutelab_is_left_as_it_is() -> None:
    assert _fresh_process(first="import jsonschema") == ["['lark', 'rfc3987_syntax']", "True"]


# === How the YAML and JSON documents (myths, references, hip geometry) report what is wrong.
#
# Every expected message here is worked out by hand from the rules in ``glutelab.data`` and
# ``glutelab.errors.DataError`` (file, item, line, column, value, then ``: reason``), for a small
# document written by the test, so a changed word, number or order shows up as a failure.
# The jsonschema wording quoted (``'' should be non-empty``, ``... is not of type 'object'``,
# ``Additional properties are not allowed (...)``) is jsonschema 4's own message, passed on
# as it is.

REF = "distefano2009"
"""A reference id that is in the course's references.json (its first item)."""

EPOCH_2020_NS = 1_577_836_800_000_000_000
"""2020-01-01T00:00:00Z in nanoseconds: a known modification time for edited files."""


# --- building small documents ---------------------------------------------------------------


def myth(ident: str | None, **changes: object) -> dict[str, Any]:
    """A myth that passes the schema and cites ``REF``; ``changes`` replace or add fields."""
    item: dict[str, Any] = {
        "id": ident,
        "claim": "Sitting switches the glutes off.",
        "client_phrases": [f"phrase number {i}" for i in range(6)],
        "verdict": "false",
        "whats_true": "Sitting does not switch muscles off.",
        "evidence": [
            {
                "ref": REF,
                "finding": "Glutes were active in every exercise tested.",
                "direction": "contradicts",
                "design": "laboratory study",
                "sample": "21 adults",
            }
        ],
        "strength": "Moderate.",
        "say_instead": "Your glutes work; let's make them stronger.",
    }
    if ident is None:
        del item["id"]
    item.update(changes)
    return item


def reference(ident: str, **changes: object) -> dict[str, Any]:
    """A CSL-JSON item that passes the references schema; ``changes`` replace or add fields."""
    item: dict[str, Any] = {"id": ident, "type": "book", "title": "A title", "note": "test"}
    item.update(changes)
    return item


def write_yaml(path: Path, items: Sequence[Mapping[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump(list(items), sort_keys=False), encoding="utf-8")
    return path


def write_json(path: Path, items: Sequence[Mapping[str, Any]]) -> Path:
    path.write_text(json.dumps(list(items), indent=1), encoding="utf-8")
    return path


def caught(load: Callable[[], object]) -> DataError:
    """The DataError that ``load()`` raises."""
    with pytest.raises(DataError) as info:
        load()
    return info.value


def load_then_delete(path: Path, mtime_ns: int, load: Callable[[], Any]) -> tuple[Any, DataError]:
    """Load with ``path`` at modification time ``mtime_ns``, delete ``path``, load again:
    what the first load gave and the DataError of the second."""
    os.utime(path, ns=(mtime_ns, mtime_ns))
    assert path.stat().st_mtime_ns == mtime_ns
    loaded = load()
    path.unlink()
    return loaded, caught(load)


def fields(error: DataError) -> tuple[str, str | None, int | None, str | None, str | None, str]:
    """file, item, line, column, value and reason of ``error``."""
    return error.file, error.item, error.line, error.column, error.value, error.reason


# --- empty files and files that do not parse -------------------------------------------------


def test_an_empty_references_file_says_a_json_array_was_expected(data_copy: Path) -> None:
    """A references.json holding only white space is reported as empty, naming the file and
    what it should hold; no line, item, column or value."""
    (data_copy / "references.json").write_text("  \n\n", encoding="utf-8")
    error = caught(glutelab.load_references)
    assert str(error) == "references.json: is empty; expected a JSON array of CSL-JSON items"
    assert fields(error) == (
        "references.json",
        None,
        None,
        None,
        None,
        "is empty; expected a JSON array of CSL-JSON items",
    )


def test_invalid_json_gives_the_line_of_the_error(data_copy: Path) -> None:
    """Invalid JSON is reported with the 1-based line of the error and json's own message:
    here the bare word ``oops`` on line 3 ("Expecting value")."""
    (data_copy / "references.json").write_text(
        '[\n  {"id": "a",\n   "type": oops}\n]\n', encoding="utf-8"
    )
    error = caught(glutelab.load_references)
    assert str(error) == "references.json, line 3: is not valid JSON (Expecting value)"
    assert fields(error) == (
        "references.json",
        None,
        3,
        None,
        None,
        "is not valid JSON (Expecting value)",
    )


def test_references_that_are_not_utf8_name_the_file_and_line(data_copy: Path) -> None:
    """A Latin-1 byte (``\\xe9`` in "café" on line 2) is reported as not UTF-8, with the file,
    the line and the bad byte."""
    (data_copy / "references.json").write_bytes(b'[\n{"id": "caf\xe9"}\n]\n')
    error = caught(glutelab.load_references)
    assert str(error) == (
        "references.json, line 2, value 'bytes e9': is not valid UTF-8; save the file as UTF-8"
    )
    assert error.file == "references.json"


def test_an_empty_myths_file_says_a_yaml_list_of_myths_was_expected(data_copy: Path) -> None:
    """An empty myths.yaml is reported as empty, with what it should hold."""
    (data_copy / "myths.yaml").write_text("\n   \n", encoding="utf-8")
    error = caught(glutelab.load_myths)
    assert str(error) == "myths.yaml: is empty; expected a YAML list of myths"
    assert fields(error) == (
        "myths.yaml",
        None,
        None,
        None,
        None,
        "is empty; expected a YAML list of myths",
    )


def test_myths_that_are_not_utf8_name_the_file_and_line(data_copy: Path) -> None:
    """A Latin-1 byte on line 2 of myths.yaml is reported with the file, line and byte."""
    (data_copy / "myths.yaml").write_bytes(b"- id: one\n  claim: caf\xe9\n")
    error = caught(glutelab.load_myths)
    assert str(error) == (
        "myths.yaml, line 2, value 'bytes e9': is not valid UTF-8; save the file as UTF-8"
    )
    assert error.file == "myths.yaml"


def test_a_yaml_syntax_error_gives_its_line_and_the_parsers_problem(data_copy: Path) -> None:
    """A YAML syntax error is reported with the 1-based line of the problem and the parser's
    description of it: the second colon on line 3 is "mapping values are not allowed here"."""
    (data_copy / "myths.yaml").write_text(
        "- id: one\n  claim: fine\n  verdict: bad: value\n", encoding="utf-8"
    )
    error = caught(glutelab.load_myths)
    assert (
        str(error) == "myths.yaml, line 3: is not valid YAML (mapping values are not allowed here)"
    )
    assert fields(error) == (
        "myths.yaml",
        None,
        3,
        None,
        None,
        "is not valid YAML (mapping values are not allowed here)",
    )


def test_a_yaml_error_without_position_or_problem_is_still_one_line(data_copy: Path) -> None:
    """A YAML error that carries no position and no problem text (the reader refusing a control
    character, BEL) is reported as "could not be parsed", without a line."""
    (data_copy / "myths.yaml").write_text("- id: one\x07\n", encoding="utf-8")
    error = caught(glutelab.load_myths)
    assert str(error) == "myths.yaml: is not valid YAML (could not be parsed)"
    assert error.line is None


# --- schema errors ---------------------------------------------------------------------------


def test_the_first_schema_error_in_document_order_is_reported(data_copy: Path) -> None:
    """With errors in items 2 and 4, the one in item 2 is reported: a missing required field,
    named as "is missing", on the item (no column, no value)."""
    items = [myth("a"), myth("b"), myth("c"), myth("d", verdict="maybe")]
    del items[1]["claim"]
    write_yaml(data_copy / "myths.yaml", items)
    error = caught(glutelab.load_myths)
    assert str(error) == "myths.yaml, item 2 (b): 'claim' is missing"
    assert fields(error) == ("myths.yaml", "item 2 (b)", None, None, None, "'claim' is missing")


def test_within_an_item_errors_are_ordered_by_their_path(data_copy: Path) -> None:
    """Within one item the error with the smallest path is reported: ``evidence.0.direction``
    comes before ``verdict`` (jsonschema finds the verdict error first, as ``verdict`` comes
    before ``evidence`` in the schema)."""
    evidence = dict(myth("a")["evidence"][0], direction="sideways")
    write_yaml(data_copy / "myths.yaml", [myth("a", verdict="maybe", evidence=[evidence])])
    error = caught(glutelab.load_myths)
    assert str(error) == (
        "myths.yaml, item 1 (a), column 'evidence.0.direction', value 'sideways': "
        "is not one of: supports, contradicts, mixed"
    )


def test_an_enum_error_lists_the_allowed_values_in_schema_order(data_copy: Path) -> None:
    """A value outside an enum is reported with the allowed values, comma-separated, in the
    order the schema lists them."""
    write_yaml(data_copy / "myths.yaml", [myth("a"), myth("b", verdict="maybe")])
    error = caught(glutelab.load_myths)
    assert str(error) == (
        "myths.yaml, item 2 (b), column 'verdict', value 'maybe': "
        "is not one of: false, unsupported, oversimplified, partly_true"
    )
    assert fields(error) == (
        "myths.yaml",
        "item 2 (b)",
        None,
        "verdict",
        "maybe",
        "is not one of: false, unsupported, oversimplified, partly_true",
    )


def test_an_item_without_an_id_is_named_by_its_number_only(data_copy: Path) -> None:
    """An item that has no id is named "item N", with nothing after it."""
    write_yaml(data_copy / "myths.yaml", [myth("a"), myth(None)])
    error = caught(glutelab.load_myths)
    assert str(error) == "myths.yaml, item 2: 'id' is missing"
    assert error.item == "item 2"


def test_an_item_that_is_not_a_mapping_is_named_by_its_number(data_copy: Path) -> None:
    """An item that is a plain string is named "item 1"; the string is the value shown."""
    (data_copy / "myths.yaml").write_text("- just a string\n", encoding="utf-8")
    error = caught(glutelab.load_myths)
    assert str(error) == (
        "myths.yaml, item 1, value 'just a string': 'just a string' is not of type 'object'"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]\n", "myths.yaml: [] should be non-empty"),
        ("id: a\n", "myths.yaml: {'id': 'a'} is not of type 'array'"),
    ],
    ids=["empty-list", "mapping"],
)
def test_an_error_in_the_whole_document_names_no_item(
    data_copy: Path, text: str, message: str
) -> None:
    """An error in the document itself (an empty list, a mapping instead of a list) names the
    file only: no item, column or value (a list or mapping is not shown as a value)."""
    (data_copy / "myths.yaml").write_text(text, encoding="utf-8")
    error = caught(glutelab.load_myths)
    assert str(error) == message
    assert (error.item, error.column, error.value) == (None, None, None)


def test_the_column_of_a_nested_field_is_its_dotted_path(data_copy: Path) -> None:
    """A field inside a list inside an item is named by its path in the item, parts joined by
    dots: the first author's family name is ``author.0.family``."""
    items = [reference("a"), reference("b", author=[{"family": "", "given": "Ann"}])]
    write_json(data_copy / "references.json", items)
    error = caught(glutelab.load_references)
    assert str(error) == (
        "references.json, item 2 (b), column 'author.0.family', value '': '' should be non-empty"
    )
    assert error.column == "author.0.family"


def test_an_unexpected_field_gives_jsonschemas_message(data_copy: Path) -> None:
    """A field the schema does not allow is reported with jsonschema's message, which names it;
    the item is the place (no column, and the item itself is not shown as a value)."""
    write_json(data_copy / "references.json", [reference("a", colour="red")])
    error = caught(glutelab.load_references)
    assert str(error) == (
        "references.json, item 1 (a): Additional properties are not allowed "
        "('colour' was unexpected)"
    )
    assert (error.column, error.value) == (None, None)


# --- the myths' own rules ----------------------------------------------------------------------


def test_an_id_used_twice_in_one_file_names_the_second_item(data_copy: Path) -> None:
    """A myth id used again in item 3 is reported on item 3, column ``id``, with the id as the
    value, and the reason names the file where it was first used."""
    write_yaml(data_copy / "myths.yaml", [myth("sit"), myth("squat"), myth("sit")])
    error = caught(glutelab.load_myths)
    assert str(error) == (
        "myths.yaml, item 3 (sit), column 'id', value 'sit': is already used in myths.yaml"
    )
    assert fields(error) == (
        "myths.yaml",
        "item 3 (sit)",
        None,
        "id",
        "sit",
        "is already used in myths.yaml",
    )


def test_an_extra_file_reusing_a_course_id_names_both_files(
    data_copy: Path, tmp_path: Path
) -> None:
    """An instructor's file that reuses a course myth id is named by its full path, and the
    reason names the course file that has the id."""
    write_yaml(data_copy / "myths.yaml", [myth("sit"), myth("squat")])
    extra = write_yaml(tmp_path / "my_myths.yaml", [myth("lunge"), myth("squat")])
    error = caught(lambda: glutelab.load_myths(extra=extra))
    assert str(error) == (
        f"{extra}, item 2 (squat), column 'id', value 'squat': is already used in myths.yaml"
    )
    assert error.file == str(extra)


def test_evidence_citing_an_unknown_reference_is_reported(data_copy: Path) -> None:
    """An evidence item whose ``ref`` is not a reference id is reported with its index in
    ``evidence``, the ref, and what it should be."""
    good = myth("a")["evidence"][0]
    write_yaml(data_copy / "myths.yaml", [myth("a", evidence=[good, dict(good, ref="ghost2020")])])
    error = caught(glutelab.load_myths)
    assert str(error) == (
        "myths.yaml, item 1 (a), column 'evidence.1.ref', value 'ghost2020': "
        "is not a reference id in references.json"
    )


@pytest.mark.parametrize(
    ("key", "value", "target"),
    [
        ("studies", "ghost2020", "studies.csv"),
        ("exercise_ids", "moonwalk", "exercises.csv"),
        ("muscles", "gluteus_maximal", "the muscle list"),
    ],
)
def test_an_unknown_id_in_the_emg_filter_names_where_ids_come_from(
    data_copy: Path, key: str, value: str, target: str
) -> None:
    """Each ``emg_filter`` list is checked against its own source of ids (studies.csv,
    exercises.csv, the muscle list); an unknown id is reported with that source."""
    known = {"studies": [REF], "exercise_ids": ["glute_bridge"], "muscles": ["gluteus_medius"]}
    emg_filter = dict(known, **{key: [*known[key], value]})
    write_yaml(data_copy / "myths.yaml", [myth("a", emg_filter=emg_filter)])
    error = caught(glutelab.load_myths)
    assert str(error) == (
        f"myths.yaml, item 1 (a), column 'emg_filter.{key}', value '{value}': "
        f"is not a known id in {target}"
    )


def test_known_emg_filter_ids_are_accepted(data_copy: Path) -> None:
    """A filter naming a known study, exercise and muscle loads, and is kept as written."""
    emg_filter = {"studies": [REF], "exercise_ids": ["glute_bridge"], "muscles": ["gluteus_medius"]}
    write_yaml(data_copy / "myths.yaml", [myth("a", emg_filter=emg_filter)])
    assert glutelab.load_myths().loc["a", "emg_filter"] == emg_filter


def test_verdict_categories_are_all_four_in_schema_order(data_copy: Path) -> None:
    """``verdict`` is categorical with all four verdicts, in the schema's order, even when the
    file uses only two of them; each myth keeps its verdict."""
    write_yaml(data_copy / "myths.yaml", [myth("a", verdict="partly_true"), myth("b")])
    myths = glutelab.load_myths()
    categories = myths["verdict"].cat.categories
    assert list(categories) == ["false", "unsupported", "oversimplified", "partly_true"]
    assert list(myths["verdict"].astype(str)) == ["partly_true", "false"]


# --- cached files: edits are seen, missing files are reported ----------------------------------


def test_an_edited_myths_file_is_read_again(tmp_path: Path) -> None:
    """A myths file whose modification time changes is read again: the edit is seen."""
    path = write_yaml(tmp_path / "my_myths.yaml", [myth("mine")])
    os.utime(path, ns=(EPOCH_2020_NS, EPOCH_2020_NS))
    assert glutelab.load_myths(extra=path).loc["mine", "verdict"] == "false"
    write_yaml(path, [myth("mine", verdict="unsupported")])
    os.utime(path, ns=(EPOCH_2020_NS + 10**9, EPOCH_2020_NS + 10**9))
    assert glutelab.load_myths(extra=path).loc["mine", "verdict"] == "unsupported"


def test_a_missing_myths_file_is_reported(tmp_path: Path) -> None:
    """An extra myths file that does not exist is named (full path) as not existing."""
    path = tmp_path / "nope.yaml"
    error = caught(lambda: glutelab.load_myths(extra=path))
    assert str(error) == f"{path}: does not exist"


@pytest.mark.parametrize("mtime_ns", [1, -2])
def test_a_myths_file_deleted_after_loading_is_reported(tmp_path: Path, mtime_ns: int) -> None:
    """Once deleted, a myths file that loaded before is reported as not existing, whatever
    its modification time was (here 1 ns after, or 2 ns before, the epoch): a missing file is
    never served from the cache."""
    path = write_yaml(tmp_path / "my_myths.yaml", [myth("mine")])
    myths, error = load_then_delete(path, mtime_ns, lambda: glutelab.load_myths(extra=path))
    assert "mine" in myths.index
    assert str(error) == f"{path}: does not exist"


def geometry(bone: str) -> dict[str, Any]:
    """A minimal hip geometry document: one bone, no muscle paths."""
    return {"bones": {bone: {}}, "hip_joint": {}, "paths": [], "segments": {}}


@pytest.fixture
def geometry_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder that the loaders use for this test."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("GLUTELAB_DATA", str(folder))
    return folder


def test_an_edited_geometry_file_is_read_again(geometry_dir: Path) -> None:
    """The hip geometry is read again when its modification time changes."""
    path = geometry_dir / "hip_model_geometry.json"
    path.write_text(json.dumps(geometry("pelvis")), encoding="utf-8")
    os.utime(path, ns=(EPOCH_2020_NS, EPOCH_2020_NS))
    assert list(load_hip_geometry()["bones"]) == ["pelvis"]
    path.write_text(json.dumps(geometry("femur_r")), encoding="utf-8")
    os.utime(path, ns=(EPOCH_2020_NS + 10**9, EPOCH_2020_NS + 10**9))
    assert list(load_hip_geometry()["bones"]) == ["femur_r"]


def test_a_missing_geometry_file_is_reported(geometry_dir: Path) -> None:
    """A data folder without hip_model_geometry.json gets a DataError naming it."""
    error = caught(load_hip_geometry)
    assert str(error) == "hip_model_geometry.json: does not exist"


@pytest.mark.parametrize("mtime_ns", [1, -2])
def test_a_geometry_file_deleted_after_loading_is_reported(
    geometry_dir: Path, mtime_ns: int
) -> None:
    """Once deleted, a geometry file that loaded before is reported as not existing, whatever
    its modification time was: a missing file is never served from the cache."""
    path = geometry_dir / "hip_model_geometry.json"
    path.write_text(json.dumps(geometry("pelvis")), encoding="utf-8")
    shapes, error = load_then_delete(path, mtime_ns, load_hip_geometry)
    assert list(shapes["bones"]) == ["pelvis"]
    assert str(error) == "hip_model_geometry.json: does not exist"


# --- importing jsonschema without rfc3987_syntax ---------------------------------------------

ABSENT = "absent from sys.modules"


def import_jsonschema(
    monkeypatch: pytest.MonkeyPatch, *, imported: bool, iri_module: object
) -> tuple[list[object], object, object, types.ModuleType]:
    """Call ``_jsonschema()`` with jsonschema ``imported`` or not and ``rfc3987_syntax`` set to
    ``iri_module`` (or ``ABSENT``) in ``sys.modules``.

    A stand-in module is returned for every ``import jsonschema`` (the real one is not imported
    again), and each such import records what ``sys.modules`` then held for
    ``rfc3987_syntax``. Returns those records, the entry after the call, what the call
    returned and the stand-in. ``monkeypatch`` puts ``sys.modules`` back afterwards.
    """
    stand_in = types.ModuleType("jsonschema")
    if imported:
        monkeypatch.setitem(sys.modules, "jsonschema", stand_in)
    else:
        monkeypatch.delitem(sys.modules, "jsonschema", raising=False)
    if iri_module is ABSENT:
        monkeypatch.delitem(sys.modules, "rfc3987_syntax", raising=False)
    else:
        monkeypatch.setitem(sys.modules, "rfc3987_syntax", iri_module)
    seen: list[object] = []
    real_import = builtins.__import__

    def spy(
        name: str,
        globals: Mapping[str, object] | None = None,
        locals: Mapping[str, object] | None = None,
        fromlist: Sequence[str] = (),
        level: int = 0,
    ) -> types.ModuleType:
        if name == "jsonschema" and level == 0:
            seen.append(sys.modules.get("rfc3987_syntax", ABSENT))
            return stand_in
        return real_import(name, globals, locals, fromlist, level)

    builtins.__import__ = spy
    try:
        returned = _jsonschema()
        after = sys.modules.get("rfc3987_syntax", ABSENT)
    finally:
        builtins.__import__ = real_import
    return seen, after, returned, stand_in


def test_a_first_import_of_jsonschema_hides_rfc3987_syntax_only_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Neither module imported: jsonschema is imported while ``rfc3987_syntax`` is ``None``
    in ``sys.modules`` (so jsonschema cannot import it), and no entry is left behind."""
    seen, after, returned, stand_in = import_jsonschema(
        monkeypatch, imported=False, iri_module=ABSENT
    )
    assert seen[0] is None
    assert seen == [None, ABSENT]
    assert after == ABSENT
    assert returned is stand_in


def test_an_already_imported_jsonschema_is_used_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """jsonschema already imported: nothing is hidden; the module in use is returned."""
    seen, after, returned, stand_in = import_jsonschema(
        monkeypatch, imported=True, iri_module=ABSENT
    )
    assert seen == [ABSENT]
    assert after == ABSENT
    assert returned is stand_in


def test_an_already_imported_rfc3987_syntax_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """rfc3987_syntax already imported (jsonschema not yet): it is neither hidden nor removed."""
    iri_module = types.ModuleType("rfc3987_syntax")
    seen, after, returned, stand_in = import_jsonschema(
        monkeypatch, imported=False, iri_module=iri_module
    )
    assert seen == [iri_module]
    assert after is iri_module
    assert returned is stand_in


# --- the EMG table's "includes" rule, whole messages ------------------------------------------


@pytest.mark.parametrize(
    ("includes", "dependence", "expected"),
    [
        (
            "distefano2009-02",
            "",
            "emg_activation.csv, row 1 (line 2), column 'dependence', value '': "
            "is blank, but 'includes' names rows: say same_value or pooled",
        ),
        (
            "",
            "pooled",
            "emg_activation.csv, row 1 (line 2), column 'includes', value '': "
            "is blank, but 'dependence' is 'pooled': name the rows",
        ),
        (
            "distefano2009-02;nobody2020-01",  # the second of two ids is unknown
            "pooled",
            "emg_activation.csv, row 1 (line 2), column 'includes', value 'nobody2020-01': "
            "is not the row_id of another row in emg_activation.csv",
        ),
    ],
)
def test_includes_and_dependence_go_together_and_name_other_rows(
    data_copy: Path, includes: str, dependence: str, expected: str
) -> None:
    """Rows named in ``includes`` must exist, and ``dependence`` says how they are used."""
    set_csv("emg_activation.csv", 1, "includes", includes)(data_copy)
    set_csv("emg_activation.csv", 1, "dependence", dependence)(data_copy)
    with pytest.raises(DataError) as caught:
        glutelab.load_emg()
    assert str(caught.value) == expected


def test_a_missing_table_is_named(data_copy: Path) -> None:
    """A course table that is not there stops with its name and 'does not exist'."""
    (data_copy / "studies.csv").unlink()
    with pytest.raises(DataError) as caught:
        glutelab.load_studies()
    assert str(caught.value) == "studies.csv: does not exist"


def test_an_extra_references_file_may_not_reuse_a_course_id(tmp_path: Path) -> None:
    """An id already in the course's references.json is reported in the extra file's item."""
    course = json.loads((ROOT / "data" / "references.json").read_text(encoding="utf-8"))
    extra = tmp_path / "more.json"
    extra.write_text(json.dumps([course[1]]), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        glutelab.load_references(extra)
    assert str(caught.value) == (
        f"{extra}, item 1, column 'id', value {course[1]['id']!r}: "
        "is already used in references.json"
    )


# --- the activation bands' order within a scheme, whole messages ------------------------------


def set_band(data: Path, band: str, column: str, value: str) -> None:
    """Set one bound of an ebert2017 band in activation_bands.csv."""
    path = data / "activation_bands.csv"
    rows = _rows(path)
    target = next(r for r in rows if r["scheme_id"] == "ebert2017" and r["band"] == band)
    target[column] = value
    _write(path, rows)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (  # ebert2017 moderate is the file's second row, from 21 to 40
            "upper_pct_mvic",
            "21",
            "activation_bands.csv, row 2 (line 3), column 'upper_pct_mvic', value '21.0': "
            "is not above the lower bound 21.0 (scheme ebert2017, band moderate)",
        ),
        (
            "upper_pct_mvic",
            "10",
            "activation_bands.csv, row 2 (line 3), column 'upper_pct_mvic', value '10.0': "
            "is not above the lower bound 21.0 (scheme ebert2017, band moderate)",
        ),
        (  # the band below (low) ends at 20
            "lower_pct_mvic",
            "19.5",
            "activation_bands.csv, row 2 (line 3), column 'lower_pct_mvic', value '19.5': "
            "overlaps the band below it (scheme ebert2017, band moderate)",
        ),
    ],
    ids=["upper_at_lower", "upper_below_lower", "overlap"],
)
def test_a_band_out_of_order_is_named_with_its_row_and_bound(
    data_copy: Path, column: str, value: str, expected: str
) -> None:
    """An upper bound not above its lower one, or a lower bound inside the band below."""
    set_band(data_copy, "moderate", column, value)
    with pytest.raises(DataError) as caught:
        glutelab.load_activation_bands()
    assert str(caught.value) == expected


def test_a_band_above_an_open_ended_band_overlaps_it(data_copy: Path) -> None:
    """An open-ended band (no upper bound) reaches every value above it: with high left open,
    very high (from 61, the file's fourth row) lies inside it."""
    set_band(data_copy, "high", "upper_pct_mvic", "")
    with pytest.raises(DataError) as caught:
        glutelab.load_activation_bands()
    assert str(caught.value) == (
        "activation_bands.csv, row 4 (line 5), column 'lower_pct_mvic', value '61.0': "
        "overlaps the band below it (scheme ebert2017, band very_high)"
    )


def test_a_band_starting_where_the_band_below_ends_loads(data_copy: Path) -> None:
    """Bands may touch: moderate from 20, where low ends, is not an overlap."""
    set_band(data_copy, "moderate", "lower_pct_mvic", "20")
    bands = glutelab.load_activation_bands()
    moderate = bands[(bands["scheme_id"] == "ebert2017") & (bands["band"] == "moderate")]
    assert moderate["lower_pct_mvic"].tolist() == [20.0]


# --- references and quizzes that go missing ---------------------------------------------------


def test_a_missing_extra_references_file_is_reported(tmp_path: Path) -> None:
    """An extra references file that does not exist is named (full path) as not existing."""
    path = tmp_path / "nope.json"
    error = caught(lambda: glutelab.load_references(extra=path))
    assert str(error) == f"{path}: does not exist"


@pytest.mark.parametrize("mtime_ns", [1, -2])
def test_a_references_file_deleted_after_loading_is_reported(tmp_path: Path, mtime_ns: int) -> None:
    """Once deleted, an extra references file that loaded before is reported as not existing,
    whatever its modification time was: a missing file is never served from the cache."""
    path = write_json(tmp_path / "more.json", [reference("mine")])
    references, error = load_then_delete(
        path, mtime_ns, lambda: glutelab.load_references(extra=path)
    )
    assert "mine" in references.index
    assert str(error) == f"{path}: does not exist"


@pytest.mark.parametrize("mtime_ns", [1, -2])
def test_a_quizzes_file_deleted_after_loading_is_reported(data_copy: Path, mtime_ns: int) -> None:
    """Once deleted, the course's quizzes.yaml is reported as not existing, whatever its
    modification time was when it loaded."""
    quizzes, error = load_then_delete(data_copy / "quizzes.yaml", mtime_ns, glutelab.load_quizzes)
    assert len(quizzes) > 0
    assert str(error) == "quizzes.yaml: does not exist"


# --- what the loaded frames hold, read against the files themselves ---------------------------


def _schema_fields(table: str) -> list[dict[str, Any]]:
    """The fields of one table as datapackage.json lists them (read here with json)."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == table]
    return list(resource["schema"]["fields"])


def test_a_listed_fields_categories_are_its_whole_list_and_yes_no_fields_are_boolean() -> None:
    """A field with a list of allowed values keeps the whole list as its categories (values
    no row uses included); a boolean field is pandas' nullable boolean."""
    exercises = glutelab.load_exercises()
    for field in _schema_fields("exercises"):
        column = exercises[field["name"]]
        if "enum" in field.get("constraints", {}):
            assert list(column.cat.categories) == field["constraints"]["enum"], field["name"]
        elif field["type"] == "boolean":
            assert str(column.dtype) == "boolean", field["name"]


def test_a_table_with_a_header_and_no_rows_loads_empty_with_its_columns(data_copy: Path) -> None:
    path = data_copy / "citation_audit.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n", encoding="utf-8")
    audit = glutelab.load_citation_audit()
    assert audit.empty
    assert list(audit.columns) == header.split(",")


def test_an_extra_exercise_makes_extra_rows_that_use_it_valid(tmp_path: Path) -> None:
    from .conftest import DATA

    exercises = tmp_path / "my_exercises.csv"
    exercise = _rows(DATA / "exercises.csv")[0]
    exercise.update(exercise_id="my_lift")
    _write(exercises, [exercise])
    extra = tmp_path / "my_rows.csv"
    _write(extra, [_course_row(row_id="mine-01", exercise_id="my_lift")])
    merged = glutelab.load_emg(extra=extra, extra_exercises=exercises)
    assert merged.set_index("row_id").loc["mine-01", "exercise_id"] == "my_lift"


@pytest.mark.parametrize("mtime_ns", [1, -2])
def test_an_extra_table_deleted_after_loading_is_reported(tmp_path: Path, mtime_ns: int) -> None:
    """Once deleted, an extra table that loaded before is reported as not existing, whatever
    its modification time was: a missing file is never served from the cache."""
    extra = tmp_path / "my_rows.csv"
    _write(extra, [_course_row(row_id="mine-01")])
    emg, error = load_then_delete(extra, mtime_ns, lambda: glutelab.load_emg(extra=extra))
    assert "mine-01" in set(emg["row_id"])
    assert str(error) == f"{extra}: does not exist"


def test_the_installed_tables_are_used_when_present_else_the_checkouts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without $GLUTELAB_DATA: the package's own copy of the tables where it was installed
    with one, the repository's data/ otherwise."""
    from glutelab import data

    monkeypatch.delenv("GLUTELAB_DATA", raising=False)
    installed = tmp_path / "_data"
    monkeypatch.setattr(data, "PACKAGE_DATA", installed)
    assert data.data_dir() == ROOT / "data"
    installed.mkdir()
    assert data.data_dir() == installed
