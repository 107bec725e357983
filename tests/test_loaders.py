"""Every loader returns exactly the rows and values of its file (read here with pandas only)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import pytest

import glutelab

from .conftest import DATA

TABLES: dict[str, tuple[Callable[[], pd.DataFrame], str]] = {
    "studies.csv": (glutelab.load_studies, "study_id"),
    "exercises.csv": (glutelab.load_exercises, "exercise_id"),
    "emg_activation.csv": (glutelab.load_emg, "row_id"),
    "gta_index.csv": (glutelab.load_gta_index, "row_id"),
    "activation_bands.csv": (glutelab.load_activation_bands, "scheme_id"),
    "anatomy.csv": (glutelab.load_anatomy, "muscle"),
    "citation_audit.csv": (glutelab.load_citation_audit, "ref_no"),
    "task_demands.csv": (glutelab.load_task_demands, "row_id"),
    "hip_function.csv": (glutelab.load_hip_function, "row_id"),
    "model_comparison.csv": (glutelab.load_model_comparison, "comparison_id"),
}


@pytest.mark.parametrize("file", sorted(TABLES))
def test_loader_returns_the_files_rows_and_columns(file: str) -> None:
    load, key = TABLES[file]
    raw = pd.read_csv(DATA / file, dtype=str, keep_default_na=False)
    frame = load()
    assert list(frame.columns) == list(raw.columns)
    assert len(frame) == len(raw)
    assert [str(v) for v in frame[key]] == raw[key].tolist()
    for column in raw.columns:  # blank cells are missing values, every other cell is kept
        assert frame[column].isna().tolist() == (raw[column].str.strip() == "").tolist(), column


def test_numbers_are_the_files_numbers() -> None:
    raw = pd.read_csv(DATA / "emg_activation.csv")
    emg = glutelab.load_emg()
    assert emg["pct_mvic"].tolist() == raw["pct_mvic"].tolist()
    assert emg["sd"].fillna(-1).tolist() == raw["sd"].fillna(-1).tolist()
    assert str(emg["pct_mvic"].dtype) == "float64" and str(emg["n"].dtype) == "Int64"


FLAT = {  # flattened column -> CSL-JSON field
    "title": "title",
    "container_title": "container-title",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "doi": "DOI",
    "pmid": "PMID",
    "url": "URL",
    "note": "note",
}


def test_references_are_the_json_items_flattened() -> None:
    items = json.loads((DATA / "references.json").read_text(encoding="utf-8"))
    refs = glutelab.load_references()
    assert refs.index.tolist() == [item["id"] for item in items]
    assert list(refs.columns) == [
        "authors", "title", "container_title", "year", "volume", "issue", "page", "doi", "pmid",
        "url", "note", "csl",
    ]  # fmt: skip
    for item in items:
        row = refs.loc[item["id"]]
        assert row["csl"] == item
        for column, key in FLAT.items():
            expected = item.get(key)
            assert pd.isna(row[column]) if expected is None else row[column] == expected, (
                item["id"],
                column,
            )
        issued = item.get("issued", {}).get("date-parts", [[None]])[0][0]
        assert pd.isna(row["year"]) if issued is None else row["year"] == issued, item["id"]
        names = [
            ", ".join(p for p in (a.get("family", ""), a.get("given", "")) if p)
            for a in item.get("author", [])
        ]
        assert row["authors"] == "; ".join(names), item["id"]
    assert str(refs["year"].dtype) == "Int64" and str(refs["title"].dtype) == "string"


def test_data_stamp_lists_every_data_file_with_its_size_and_time() -> None:
    from glutelab.data import data_stamp

    files = sorted(p for p in DATA.iterdir() if p.is_file())
    expected = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    assert data_stamp() == expected
    assert any(p.is_dir() for p in DATA.iterdir())  # folders (schemas, models) are left out
