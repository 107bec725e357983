"""Load the course's evidence tables, validated against ``data/datapackage.json``.

Every loader returns a pandas object with proper dtypes (categoricals for
enums, nullable integers, booleans), reads its file once per session (later
calls return a fresh copy of the cached table), and raises
:class:`~glutelab.errors.DataError` naming the file, row, column and value
when anything is wrong.

Instructors can add their own rows: ``load_emg(extra=["my_studies.csv"])``
validates the extra file against the same schema and merges it; an id that
is already taken is an error.

>>> emg = load_emg()
>>> sorted(emg["muscle"].cat.categories)
['gluteus_maximus', 'gluteus_medius', 'gluteus_minimus']
>>> bool((emg["pct_mvic"] >= 0).all())
True
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from glutelab.errors import DataError
from glutelab.schema import (
    TableSchema,
    Value,
    check_unique,
    decode_text,
    read_csv_records,
    read_package,
)

__all__ = [
    "DataError",
    "data_dir",
    "load_activation_bands",
    "load_anatomy",
    "load_assessment_tests",
    "load_citation_audit",
    "load_dosage",
    "load_emg",
    "load_exercise_hip_flexion",
    "load_exercises",
    "load_gait_events",
    "load_gait_recording",
    "load_gta_index",
    "load_hip_function",
    "load_hip_geometry",
    "load_hip_moment_arms",
    "load_model_comparison",
    "load_myths",
    "load_nerve_block_abduction",
    "load_quizzes",
    "load_references",
    "load_studies",
    "load_task_demands",
    "load_trials",
    "study_names",
    "table_schema",
]

PathLike = str | os.PathLike[str]
Records = list[dict[str, Value]]


PACKAGE_DATA = Path(__file__).resolve().parent / "_data"
"""Where a (non-editable) install keeps the tables: ``data/`` is installed as ``glutelab/_data``."""
SOURCE_DATA = Path(__file__).resolve().parent.parent / "data"
"""Where a source checkout or an editable install keeps them: the repository's ``data/``."""


def data_dir() -> Path:
    """The folder holding the evidence tables.

    ``$GLUTELAB_DATA`` overrides it; otherwise the tables installed with the package (read
    only, nothing is ever written there), or the repository's ``data/`` in a source checkout.

    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    override = os.environ.get("GLUTELAB_DATA")
    if override:
        return Path(override)
    return PACKAGE_DATA if PACKAGE_DATA.is_dir() else SOURCE_DATA


def data_stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file in :func:`data_dir`.

    Part of the key under which explorers share what they have drawn
    (:class:`glutelab.widgets.Renderings`): an edited table changes it, so nothing drawn
    from the old table is shown again.

    >>> any(name == "datapackage.json" for name, _, _ in data_stamp())
    True
    """
    folder = data_dir()
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_file():
            status = entry.stat()
            found.append((entry.name, status.st_size, status.st_mtime_ns))
    return tuple(found)


@cache
def _package(directory: Path) -> dict[str, TableSchema]:
    return read_package(directory / "datapackage.json")


def table_schema(name: str) -> TableSchema:
    """The schema of table ``name`` as declared in ``datapackage.json``.

    The bounds and units a column is checked against come from ``datapackage.json``:

    >>> field = table_schema("emg_activation").field("pct_mvic")
    >>> field.type, field.unit, field.constraints["minimum"], field.constraints["maximum"]
    ('number', '%MVIC', 0, 400)
    """
    return _package(data_dir())[name]


def _label(path: Path) -> str:
    """How a file is named in messages: bare name for course files, full path otherwise."""
    return path.name if path.parent == data_dir() else str(path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(_label(path), None, None, "does not exist") from None


@cache
def _records(path: Path, mtime_ns: int, table: str) -> tuple[tuple[tuple[str, Value], ...], ...]:
    """Validated records of one CSV file (cached by path and modification time)."""
    records = read_csv_records(_read_bytes(path), table_schema(table), _label(path))
    return tuple(tuple(r.items()) for r in records)


def _file_records(path: Path, table: str) -> Records:
    mtime = path.stat().st_mtime_ns if path.exists() else -1
    return [dict(r) for r in _records(path, mtime, table)]


def _merged(table: str, extra: Iterable[PathLike]) -> list[tuple[Path, Records]]:
    """The course file's records followed by each extra file's, keys checked across files."""
    schema = table_schema(table)
    base_path = data_dir() / schema.path
    files = [(base_path, _file_records(base_path, table))]
    taken: dict[tuple[Value, ...], str] = {}
    for path, records in files:
        taken.update({tuple(r[k] for k in schema.primary_key): _label(path) for r in records})
    for item in extra:
        path = Path(item)
        records = _file_records(path, table)
        check_unique(records, schema, _label(path), taken=taken)
        taken.update({tuple(r[k] for k in schema.primary_key): _label(path) for r in records})
        files.append((path, records))
    return files


def _check_references(
    files: Sequence[tuple[Path, Records]],
    column: str,
    allowed: Iterable[Value],
    target: str,
) -> None:
    """Every non-blank ``column`` value must be in ``allowed`` (a foreign key)."""
    known = set(allowed)
    for path, records in files:
        for row, record in enumerate(records, start=1):
            value = record[column]
            if value is not None and value not in known:
                raise DataError(
                    _label(path), column, str(value), f"is not a known id in {target}", row=row
                )


def _frame(table: str, files: Sequence[tuple[Path, Records]]) -> pd.DataFrame:
    """Build a typed DataFrame from validated records, dtypes from the schema."""
    schema = table_schema(table)
    rows = [r for _, records in files for r in records]
    frame = pd.DataFrame.from_records(rows, columns=list(schema.field_names))
    for f in schema.fields:
        if f.enum is not None:
            dtype: Any = pd.CategoricalDtype(categories=list(f.enum))
        else:
            dtype = {"integer": "Int64", "number": "float64", "boolean": "boolean"}.get(
                f.type, "string"
            )
        frame[f.name] = frame[f.name].astype(dtype)
    return frame


def _foreign_keys(
    table: str, files: Sequence[tuple[Path, Records]], ids: Mapping[str, set[Value]]
) -> None:
    schema = table_schema(table)
    for fk in schema.foreign_keys:
        (column,), (target_col,) = fk.fields, fk.reference_fields
        target = table_schema(fk.resource)
        _check_references(files, column, ids[fk.resource], f"{target.path} ({target_col})")


def _paths(extra: PathLike | Iterable[PathLike]) -> tuple[PathLike, ...]:
    if isinstance(extra, str | os.PathLike):
        return (extra,)
    return tuple(extra)


def load_studies(extra: PathLike | Iterable[PathLike] = ()) -> pd.DataFrame:
    """Sources the course cites (``studies.csv``), one row per ``study_id``."""
    return _frame("studies", _merged("studies", _paths(extra)))


def load_exercises(extra: PathLike | Iterable[PathLike] = ()) -> pd.DataFrame:
    """Exercises with family, equipment and loading (``exercises.csv``)."""
    return _frame("exercises", _merged("exercises", _paths(extra)))


def _ids(table: str, column: str, extra: Iterable[PathLike] = ()) -> set[Value]:
    return {r[column] for _, records in _merged(table, extra) for r in records}


def load_emg(
    extra: PathLike | Iterable[PathLike] = (),
    *,
    extra_studies: PathLike | Iterable[PathLike] = (),
    extra_exercises: PathLike | Iterable[PathLike] = (),
) -> pd.DataFrame:
    """Gluteal EMG amplitude values (%MVIC), one row per value a study reported.

    Parameters
    ----------
    extra
        CSV files with the same columns as ``data/emg_activation.csv``: a course's own rows.
    extra_studies, extra_exercises
        Extra ``studies.csv`` / ``exercises.csv`` rows the extra EMG rows refer to.

    Returns
    -------
    pandas.DataFrame
        Columns as in the data package; ``pct_mvic`` and ``sd`` in %MVIC.

    >>> emg = load_emg()
    >>> set(emg["source_kind"].dropna()) <= set(emg["source_kind"].cat.categories)
    True
    """
    files = _merged("emg_activation", _paths(extra))
    _foreign_keys(
        "emg_activation",
        files,
        {
            "studies": _ids("studies", "study_id", _paths(extra_studies)),
            "exercises": _ids("exercises", "exercise_id", _paths(extra_exercises)),
        },
    )
    _check_includes(files)
    return _frame("emg_activation", files)


def _check_includes(files: Sequence[tuple[Path, Records]]) -> None:
    """``includes`` names rows that exist (not the row itself); ``dependence`` says how.

    A row that quotes or pools another must name it, and say whether it is the same
    value again (``same_value``) or a summary across studies (``pooled``); a blank
    ``includes`` goes with a blank ``dependence``.
    """
    known = {r["row_id"] for _, records in files for r in records}
    for path, records in files:
        for row, record in enumerate(records, start=1):
            includes, dependence = record["includes"], record["dependence"]
            if (includes is None) != (dependence is None):
                column, value = ("dependence", "") if includes else ("includes", "")
                if dependence is None:
                    reason = "is blank, but 'includes' names rows: say same_value or pooled"
                else:
                    reason = f"is blank, but 'dependence' is {dependence!r}: name the rows"
                raise DataError(_label(path), column, value, reason, row=row)
            for included in str(includes or "").split(";") if includes else ():
                if included not in known or included == record["row_id"]:
                    raise DataError(
                        _label(path),
                        "includes",
                        included,
                        "is not the row_id of another row in emg_activation.csv",
                        row=row,
                    )


def load_gta_index() -> pd.DataFrame:
    """Gluteal-to-TFL activation index values, where studies reported them.

    >>> gta = load_gta_index()
    >>> first = gta.iloc[0]
    >>> str(first["study_id"]), str(first["exercise_id"]), float(first["gta_index"])
    ('selkowitz2013', 'clam', 115.0)
    """
    files = _merged("gta_index", ())
    _foreign_keys(
        "gta_index",
        files,
        {"studies": _ids("studies", "study_id"), "exercises": _ids("exercises", "exercise_id")},
    )
    return _frame("gta_index", files)


def load_activation_bands() -> pd.DataFrame:
    """Published %MVIC bands (low, moderate, high, very high) with their source.

    >>> bands = load_activation_bands()
    >>> ebert = bands[bands["scheme_id"] == "ebert2017"]
    >>> ebert[["band", "lower_pct_mvic", "upper_pct_mvic"]].to_string(index=False).splitlines()[1]
    '      low             0.0            20.0'
    >>> ebert["upper_pct_mvic"].isna().sum()  # the top band has no upper limit
    np.int64(1)
    """
    files = _merged("activation_bands", ())
    _foreign_keys("activation_bands", files, {"studies": _ids("studies", "study_id")})
    frame = _frame("activation_bands", files)
    _check_band_order(frame)
    return frame


def _check_band_order(frame: pd.DataFrame) -> None:
    """Within a scheme, bands must not overlap and upper bounds must exceed lower ones.

    A band without an upper bound is open-ended: it reaches every value above its lower one.
    """
    for scheme, bands in frame.groupby("scheme_id", observed=True):
        ordered = bands.sort_values("lower_pct_mvic")
        previous_upper = None
        for _, band in ordered.iterrows():
            lower, upper = band["lower_pct_mvic"], band["upper_pct_mvic"]
            if pd.notna(upper) and upper <= lower:
                raise DataError(
                    "activation_bands.csv",
                    "upper_pct_mvic",
                    str(upper),
                    f"is not above the lower bound {lower} (scheme {scheme}, band {band['band']})",
                    row=int(str(band.name)) + 1,
                )
            if previous_upper is not None and lower < previous_upper:
                raise DataError(
                    "activation_bands.csv",
                    "lower_pct_mvic",
                    str(lower),
                    f"overlaps the band below it (scheme {scheme}, band {band['band']})",
                    row=int(str(band.name)) + 1,
                )
            previous_upper = upper if pd.notna(upper) else math.inf


def load_anatomy() -> pd.DataFrame:
    """Attachments, innervation and actions per muscle and fibre region.

    >>> anatomy = load_anatomy()
    >>> anatomy[["muscle", "region"]].head(3).to_string(index=False).splitlines()[1:]
    ['gluteus_maximus    whole', 'gluteus_maximus superior', 'gluteus_maximus inferior']
    """
    return _frame("anatomy", _merged("anatomy", ()))


def load_citation_audit() -> pd.DataFrame:
    """The source article's nine citations next to the records they most likely mean."""
    files = _merged("citation_audit", ())
    _foreign_keys("citation_audit", files, {"studies": _ids("studies", "study_id")})
    return _frame("citation_audit", files)


def _traced(table: str) -> pd.DataFrame:
    files = _merged(table, ())
    _foreign_keys(table, files, {"studies": _ids("studies", "study_id")})
    return _frame(table, files)


def load_dosage() -> pd.DataFrame:
    """Training dose recommendations and trial programmes, worded as their sources word them.

    >>> sorted(set(load_dosage()["goal"].astype(str)))
    ['hypertrophy', 'progression', 'rehabilitation', 'strength']
    """
    return _traced("dosage")


def load_trials() -> pd.DataFrame:
    """Results of exercise trials for hip-related pain, one row per reported result.

    >>> "gluteal tendinopathy" in set(load_trials()["condition"])
    True
    """
    return _traced("trials")


def load_assessment_tests() -> pd.DataFrame:
    """Reliability and accuracy of clinical tests of hip function, one row per result.

    ``value_reported`` is text, as the source words it: results are often ranges or
    several statistics at once, so they are not forced into one number.

    Examples
    --------
    >>> tests = load_assessment_tests().set_index("row_id")
    >>> tests.loc["krause2014-01", "statistic"]
    'intrarater ICC(3,1); interrater ICC(2,1)'
    >>> bool(tests["value_reported"].notna().all())
    True
    """
    return _traced("assessment_tests")


def load_task_demands() -> pd.DataFrame:
    """Which tasks work the gluteal muscles more or less, in the sources' words.

    Examples
    --------
    >>> demands = load_task_demands()
    >>> demands.loc[demands["task"] == "sprinting", "finding"].iloc[0]
    'the greatest activity of the tasks compared (walking, running, sprinting, climbing)'
    >>> set(demands["muscle"]) <= {"gluteus_maximus", "gluteus_medius", "gluteus_minimus"}
    True
    """
    return _traced("task_demands")


def load_hip_function() -> pd.DataFrame:
    """Gait patterns of weak gluteal muscles and the partners of gluteus maximus in hip
    extension, in the sources' words (``topic``: ``gait_pattern`` or ``hip_extensors``).

    >>> sorted(set(load_hip_function()["topic"].astype(str)))
    ['gait_pattern', 'hip_extensors']
    """
    return _traced("hip_function")


def load_nerve_block_abduction() -> pd.DataFrame:
    """Hip abduction force (N) without and with a nerve block of one muscle group (Hoch et al.).

    >>> load_nerve_block_abduction().shape[0]
    12
    """
    return _traced("nerve_block_abduction")


# --- the recorded walking trial ------------------------------------------------------------

SAMPLE_STEP_TOLERANCE_S = 1e-6
"""How far a sample's time may be from one sampling interval after the previous one (s)."""


def load_gait_recording() -> pd.DataFrame:
    """Raw EMG of gluteus medius and maximus from one recorded walking trial.

    One row per sample: ``time_s`` (s) and the columns ``gluteus_medius`` and
    ``gluteus_maximus`` (raw EMG in the source's own amplitude unit, which it does not state).
    Besides the schema, the samples must be evenly spaced in time (one sampling rate).

    >>> recording = load_gait_recording()
    >>> list(recording.columns)
    ['time_s', 'gluteus_medius', 'gluteus_maximus']
    >>> round(float(recording["time_s"].diff().median()), 6)  # s between samples: 1000 Hz
    0.001
    """
    files = _merged("gait_emg_recording", ())
    frame = _frame("gait_emg_recording", files)
    _check_even_sampling(frame, _label(files[0][0]))
    return frame


def _check_even_sampling(frame: pd.DataFrame, file: str) -> None:
    """Times must rise by the same step (the first one) from row to row."""
    times = frame["time_s"].to_numpy(dtype=float)
    if times.size < 2:
        raise DataError(file, None, None, "needs at least two samples")
    step = times[1] - times[0]
    if step <= 0:
        raise DataError(file, "time_s", repr(float(times[1])), "must be later than row 1", row=2)
    wrong = abs(times[1:] - times[:-1] - step) > SAMPLE_STEP_TOLERANCE_S
    if wrong.any():
        row = int(wrong.argmax()) + 2
        raise DataError(
            file,
            "time_s",
            repr(float(times[row - 1])),
            f"is not {step:g} s after the previous sample (samples must be evenly spaced)",
            row=row,
        )


def load_gait_events() -> pd.DataFrame:
    """Touchdown and lift-off times (s) of the recorded walking trial, one row per cycle start.

    Checked beyond the schema: touchdowns in increasing order, each lift-off after its own
    touchdown and before the next one, every event within the recording.

    >>> events = load_gait_events()
    >>> bool((events["lift_off_s"] > events["touchdown_s"]).all())
    True
    """
    files = _merged("gait_events", ())
    frame = _frame("gait_events", files)
    file = _label(files[0][0])
    times = load_gait_recording()["time_s"]
    first, last = float(times.iloc[0]), float(times.iloc[-1])
    downs = frame["touchdown_s"].to_numpy(dtype=float)
    offs = frame["lift_off_s"].to_numpy(dtype=float)
    for column, values in (("touchdown_s", downs), ("lift_off_s", offs)):
        for row, value in enumerate(values, start=1):
            if not first <= value <= last:
                reason = f"is outside the recording ({first:g}-{last:g} s)"
                raise DataError(file, column, repr(float(value)), reason, row=row)
    for row in range(2, len(downs) + 1):
        if downs[row - 1] <= downs[row - 2]:
            reason = "is not after the previous touchdown"
            raise DataError(file, "touchdown_s", repr(float(downs[row - 1])), reason, row=row)
    for row, (down, off) in enumerate(zip(downs, offs, strict=True), start=1):
        if off <= down:
            reason = "is not after this row's touchdown"
            raise DataError(file, "lift_off_s", repr(float(off)), reason, row=row)
        if row < len(downs) and off >= downs[row]:
            reason = "is not before the next touchdown"
            raise DataError(file, "lift_off_s", repr(float(off)), reason, row=row)
    return frame


# --- references (CSL-JSON) and myths (YAML) -------------------------------------------------


def _jsonschema() -> Any:
    """The ``jsonschema`` module, imported without its IRI format checks.

    As it is imported, jsonschema imports ``rfc3987_syntax`` when that is installed (Jupyter's
    own packages install it) for its "iri" format checks, and that module builds about 40
    parsers on import: 1.6 s on a 2-core machine, in every kernel that loads the references or
    the myths (python-jsonschema/jsonschema#1428). glutelab checks no formats, so a first
    import here leaves it out (``None`` in ``sys.modules`` makes that import fail, and
    jsonschema then goes without those two checks); when jsonschema is already imported,
    nothing changes.

    >>> _jsonschema().Draft202012Validator({"type": "integer"}).is_valid(3)
    True
    """
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
        try:
            import jsonschema
        finally:
            del sys.modules["rfc3987_syntax"]
    import jsonschema

    return jsonschema


def _validate_json_schema(document: object, schema_name: str, file: str, id_key: str) -> None:
    """Check ``document`` against ``data/schemas/<schema_name>``; report the first error."""
    jsonschema = _jsonschema()
    schema = json.loads((data_dir() / "schemas" / schema_name).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    path = list(error.absolute_path)
    item_no = path[0] + 1 if path and isinstance(path[0], int) else None
    item = None
    if item_no is not None and isinstance(document, list):
        entry = document[item_no - 1]
        ident = entry.get(id_key) if isinstance(entry, dict) else None
        item = f"item {item_no}" + (f" ({ident})" if ident else "")
    column = ".".join(str(p) for p in path[1:]) or None
    instance = error.instance
    value = None if isinstance(instance, dict | list) else str(instance)
    raise DataError(file, column, value, _schema_reason(error), item=item)


def _schema_reason(error: Any) -> str:
    if error.validator == "required":
        return str(error.message).replace("is a required property", "is missing")
    if error.validator == "additionalProperties":
        return str(error.message)
    if error.validator == "enum":
        return "is not one of: " + ", ".join(str(v) for v in error.validator_value)
    return str(error.message)


def _references_document(path: Path) -> list[dict[str, Any]]:
    file = _label(path)
    text = decode_text(_read_bytes(path), file)
    if not text.strip():
        raise DataError(file, None, None, "is empty; expected a JSON array of CSL-JSON items")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            file, None, None, f"is not valid JSON ({exc.msg})", line=exc.lineno
        ) from None
    _validate_json_schema(document, "references.schema.json", file, "id")
    return list(document)


@cache
def _reference_items(path: Path, mtime_ns: int) -> tuple[dict[str, Any], ...]:
    return tuple(_references_document(path))


def _reference_files(extra: Iterable[PathLike]) -> list[dict[str, Any]]:
    paths = [data_dir() / "references.json", *(Path(p) for p in extra)]
    items: list[dict[str, Any]] = []
    owner: dict[str, str] = {}
    for path in paths:
        mtime = path.stat().st_mtime_ns if path.exists() else -1
        for number, item in enumerate(_reference_items(path, mtime), start=1):
            if item["id"] in owner:
                raise DataError(
                    _label(path),
                    "id",
                    item["id"],
                    f"is already used in {owner[item['id']]}",
                    item=f"item {number}",
                )
            owner[item["id"]] = _label(path)
            items.append(item)
    return items


def load_references(extra: PathLike | Iterable[PathLike] = ()) -> pd.DataFrame:
    """Bibliographic records (CSL-JSON), one row per reference id.

    The ``csl`` column holds the item itself, for citation formatting; the
    other columns are flattened for reading and filtering.

    >>> refs = load_references()
    >>> refs.loc["neumann2010", "doi"]
    '10.2519/jospt.2010.3025'
    """
    items = _reference_files(_paths(extra))
    rows = [
        {
            "id": item["id"],
            "authors": "; ".join(
                f"{a.get('family', '')}, {a.get('given', '')}".strip(", ")
                for a in item.get("author", [])
            ),
            "title": item.get("title"),
            "container_title": item.get("container-title"),
            "year": item.get("issued", {}).get("date-parts", [[None]])[0][0],
            "volume": item.get("volume"),
            "issue": item.get("issue"),
            "page": item.get("page"),
            "doi": item.get("DOI"),
            "pmid": item.get("PMID"),
            "url": item.get("URL"),
            "note": item.get("note"),
            "csl": item,
        }
        for item in items
    ]
    frame = pd.DataFrame(rows).set_index("id")
    frame["year"] = frame["year"].astype("Int64")
    for column in (
        "authors",
        "title",
        "container_title",
        "volume",
        "issue",
        "page",
        "doi",
        "pmid",
        "url",
        "note",
    ):
        frame[column] = frame[column].astype("string")
    return frame


def _yaml_document(path: Path, expected: str = "a YAML list of myths") -> Any:
    import yaml

    file = _label(path)
    text = decode_text(_read_bytes(path), file)
    if not text.strip():
        raise DataError(file, None, None, f"is empty; expected {expected}")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "could not be parsed"
        line = mark.line + 1 if mark is not None else None
        raise DataError(file, None, None, f"is not valid YAML ({problem})", line=line) from None


@cache
def _myth_items(path: Path, mtime_ns: int) -> tuple[dict[str, Any], ...]:
    document = _yaml_document(path)
    _validate_json_schema(document, "myths.schema.json", _label(path), "id")
    return tuple(document)


def load_myths(
    extra: PathLike | Iterable[PathLike] = (),
    *,
    extra_references: PathLike | Iterable[PathLike] = (),
) -> pd.DataFrame:
    """Myths about the gluteal muscles, each with the evidence on it, indexed by myth id.

    Every evidence item's ``ref`` must be a reference id (course or
    ``extra_references``), and every ``emg_filter`` id a known study, exercise or muscle.

    >>> myths = load_myths()
    >>> "never_fire" in myths.index
    True
    """
    references = {item["id"] for item in _reference_files(_paths(extra_references))}
    studies = _ids("studies", "study_id")
    exercises = _ids("exercises", "exercise_id")
    muscles = set(table_schema("emg_activation").field("muscle").enum or ())
    owner: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for path in [data_dir() / "myths.yaml", *(Path(p) for p in _paths(extra))]:
        file = _label(path)
        mtime = path.stat().st_mtime_ns if path.exists() else -1
        for number, myth in enumerate(_myth_items(path, mtime), start=1):
            item = f"item {number} ({myth['id']})"
            if myth["id"] in owner:
                raise DataError(
                    file, "id", myth["id"], f"is already used in {owner[myth['id']]}", item=item
                )
            owner[myth["id"]] = file
            for k, evidence in enumerate(myth["evidence"]):
                if evidence["ref"] not in references:
                    raise DataError(
                        file,
                        f"evidence.{k}.ref",
                        evidence["ref"],
                        "is not a reference id in references.json",
                        item=item,
                    )
            wanted = myth.get("emg_filter", {})
            for key, known, target in (
                ("studies", studies, "studies.csv"),
                ("exercise_ids", exercises, "exercises.csv"),
                ("muscles", muscles, "the muscle list"),
            ):
                for value in wanted.get(key, []):
                    if value not in known:
                        raise DataError(
                            file,
                            f"emg_filter.{key}",
                            value,
                            f"is not a known id in {target}",
                            item=item,
                        )
            rows.append(dict(myth, source_file=file))
    frame = pd.DataFrame(rows).set_index("id")
    verdicts = ["false", "unsupported", "oversimplified", "partly_true"]
    frame["verdict"] = frame["verdict"].astype(pd.CategoricalDtype(verdicts))
    return frame


@cache
def _quiz_items(path: Path, mtime_ns: int) -> tuple[dict[str, Any], ...]:
    document = _yaml_document(path, "a YAML list of questions")
    _validate_json_schema(document, "quizzes.schema.json", _label(path), "id")
    return tuple(document)


def load_quizzes(notebook: str | None = None) -> pd.DataFrame:
    """Check-yourself questions (``quizzes.yaml``), indexed by question id.

    Every ``answer`` must index one of the ``choices`` and every ``refs`` id
    must be a reference. ``notebook`` (e.g. ``"01_anatomy"``) keeps one notebook's questions.

    >>> quiz = load_quizzes("01_anatomy")
    >>> len(quiz) >= 5
    True
    """
    path = data_dir() / "quizzes.yaml"
    file = _label(path)
    references = {item["id"] for item in _reference_files(())}
    mtime = path.stat().st_mtime_ns if path.exists() else -1
    items = _quiz_items(path, mtime)
    seen: set[str] = set()
    for number, question in enumerate(items, start=1):
        where = f"item {number} ({question['id']})"
        if question["id"] in seen:
            raise DataError(file, "id", question["id"], "is used twice", item=where)
        seen.add(question["id"])
        if question["answer"] >= len(question["choices"]):
            raise DataError(
                file,
                "answer",
                str(question["answer"]),
                f"is not the index of one of the {len(question['choices'])} choices",
                item=where,
            )
        for ref in question.get("refs", []):
            if ref not in references:
                raise DataError(
                    file, "refs", ref, "is not a reference id in references.json", item=where
                )
    frame = pd.DataFrame(list(items)).set_index("id")
    if "refs" not in frame:
        frame["refs"] = [[] for _ in range(len(frame))]
    frame["refs"] = [r if isinstance(r, list) else [] for r in frame["refs"]]
    return frame if notebook is None else frame[frame["notebook"] == notebook]


def study_names() -> dict[str, str]:
    """How the course names each source in text and charts, e.g. ``'Distefano et al. 2009'``.

    >>> study_names()["distefano2009"]
    'Distefano et al. 2009'
    """
    studies = load_studies()
    return dict(
        zip(studies["study_id"].astype(str), studies["short_citation"].astype(str), strict=True)
    )


# --- the hip model (tables built by tools/build_model_data.py) -------------------------------


def load_hip_moment_arms() -> pd.DataFrame:
    """Hip moment arms and muscle-tendon lengths (mm) per compartment and pose, from the model.

    Sign convention: positive moment arms move the hip toward flexion, adduction and
    internal rotation.

    >>> arms = load_hip_moment_arms()
    >>> sorted(arms["muscle_id"].unique())[:3]
    ['add_mag1_r', 'add_mag2_r', 'add_mag3_r']
    """
    return _frame("hip_moment_arms", _merged("hip_moment_arms", ()))


GEOMETRY_KEYS = ("bones", "hip_joint", "paths", "segments")


@cache
def _hip_geometry(path: Path, mtime_ns: int) -> dict[str, Any]:
    try:
        document = json.loads(_read_bytes(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(_label(path), None, None, f"is not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise DataError(_label(path), None, None, "must hold a JSON object")
    for key in GEOMETRY_KEYS:
        if key not in document:
            raise DataError(_label(path), key, None, "is missing")
    for number, path_item in enumerate(document["paths"], start=1):
        if len(path_item.get("points", [])) < 2:
            raise DataError(
                _label(path),
                "points",
                str(path_item.get("muscle_id")),
                "needs at least two path points",
                row=number,
            )
    return document


def load_hip_geometry() -> dict[str, Any]:
    """Bone meshes, hip joint, muscle paths and body segments of the hip model (mm).

    The returned dictionary is shared (cached): treat it as read-only.

    >>> geometry = load_hip_geometry()
    >>> sorted(geometry["bones"])
    ['femur_r', 'pelvis', 'sacrum']
    """
    path = data_dir() / "hip_model_geometry.json"
    mtime = path.stat().st_mtime_ns if path.exists() else -1
    return _hip_geometry(path, mtime)


def load_model_comparison() -> pd.DataFrame:
    """The hip model's values next to published measurements, with a verdict per row."""
    return _frame("model_comparison", _merged("model_comparison", ()))


def load_exercise_hip_flexion() -> pd.DataFrame:
    """The hip flexion range of some exercises (degrees; estimates unless marked measured).

    Examples
    --------
    >>> ranges = load_exercise_hip_flexion().set_index("exercise_id")
    >>> ranges.loc["hip_thrust", ["hip_flexion_low_deg", "hip_flexion_high_deg"]].tolist()
    [0, 90]
    >>> bool((ranges["hip_flexion_low_deg"] <= ranges["hip_flexion_high_deg"]).all())
    True
    """
    files = _merged("exercise_hip_flexion", ())
    _foreign_keys("exercise_hip_flexion", files, {"exercises": _ids("exercises", "exercise_id")})
    return _frame("exercise_hip_flexion", files)
