"""Every kind of broken data file stops with one clear message: file, row, column, value.

Each case breaks a private copy of ``data/`` (see ``conftest.data_copy``) and
checks that the loader raises :class:`glutelab.DataError` whose message
names the place and the offending value.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import glutelab
from glutelab import DataError

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
