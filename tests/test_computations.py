"""Pure computations: activation bands and citation formatting."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import glutelab
from glutelab.bands import activation_band, band_table, label_bands
from glutelab.citations import format_reference, reference_html, short_citation

from .conftest import ROOT


def test_band_limits_come_from_the_data_file() -> None:
    bands = band_table("ebert2017")
    assert bands["band"].astype(str).tolist() == ["low", "moderate", "high", "very_high"]
    assert bands["lower_pct_mvic"].tolist() == [0, 21, 41, 61]


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0.0, "low"),
        (20.0, "low"),
        (20.49, "low"),
        (20.5, "moderate"),
        (40.0, "moderate"),
        (41.0, "high"),
        (60.4, "high"),
        (60.5, "very_high"),
        (216.0, "very_high"),
    ],
)
def test_activation_band_at_the_edges(value: float, band: str) -> None:
    assert activation_band(value, band_table()) == band


RAW_BANDS = pd.read_csv(ROOT / "data" / "activation_bands.csv")


@pytest.mark.parametrize(
    "band",
    RAW_BANDS.to_dict("records"),
    ids=[f"{b['scheme_id']}.{b['band']}" for b in RAW_BANDS.to_dict("records")],
)
def test_both_limits_of_every_band_are_inside_it(band: dict) -> None:
    """Limits read from the file with pandas: each end is in the band, half a percent out is not."""
    scheme, lower, upper = band["scheme_id"], float(band["lower_pct_mvic"]), band["upper_pct_mvic"]
    bands = band_table(scheme)
    assert activation_band(lower, bands, scheme=scheme) == band["band"]
    assert activation_band(lower - 0.5 + 1e-9, bands, scheme=scheme) == band["band"]
    assert activation_band(lower - 0.51, bands, scheme=scheme) != band["band"]
    if pd.notna(upper):
        assert activation_band(float(upper), bands, scheme=scheme) == band["band"]
        assert activation_band(float(upper) + 0.49, bands, scheme=scheme) == band["band"]
        assert activation_band(float(upper) + 0.5, bands, scheme=scheme) != band["band"]
    else:  # the top band has no upper limit
        assert activation_band(400.0, bands, scheme=scheme) == band["band"]


def test_label_bands_uses_the_scheme_it_is_given() -> None:
    labels = label_bands(pd.Series([59.0, 70.0]), scheme="neto2020")
    assert labels.isna().tolist() == [True, False] and labels.iloc[1] == "very_high"


def _band_by_hand(value: float, scheme: str) -> str | None:
    """The band of a value from the file's limits: rounded half up, both limits inclusive."""
    whole = math.floor(value + 0.5)
    for band in RAW_BANDS[RAW_BANDS["scheme_id"] == scheme].to_dict("records"):
        upper = band["upper_pct_mvic"]
        if band["lower_pct_mvic"] <= whole and (pd.isna(upper) or whole <= upper):
            return str(band["band"])
    return None


@pytest.mark.parametrize("scheme", sorted(set(RAW_BANDS["scheme_id"])))
def test_evidence_table_bands_every_single_value(scheme: str) -> None:
    from glutelab.evidence import evidence_table

    raw = pd.read_csv(ROOT / "data" / "emg_activation.csv")
    exercises = pd.read_csv(ROOT / "data" / "exercises.csv").set_index("exercise_id")
    table = evidence_table(glutelab.load_emg(), glutelab.load_exercises(), scheme=scheme)
    assert table["row_id"].tolist() == raw["row_id"].tolist()
    for row, got, family in zip(
        raw.to_dict("records"), table["band"], table["family"], strict=True
    ):
        assert family == exercises.loc[row["exercise_id"], "family"]
        defined_for = set(RAW_BANDS.loc[RAW_BANDS["scheme_id"] == scheme, "muscle"])
        # a range end is not a value; bands grade only the muscle they were made for
        if row["statistic"] in ("range_low", "range_high") or row["muscle"] not in defined_for:
            assert pd.isna(got), row["row_id"]
        else:
            expected = _band_by_hand(row["pct_mvic"], scheme)
            assert pd.isna(got) if expected is None else got == expected, row["row_id"]


def test_a_value_below_every_band_has_none() -> None:
    lowest = RAW_BANDS[RAW_BANDS["scheme_id"] == "neto2020"]["lower_pct_mvic"].min()
    assert activation_band(float(lowest) - 1, band_table("neto2020"), scheme="neto2020") is None


def test_nan_has_no_band() -> None:
    assert activation_band(math.nan, band_table()) is None


def test_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="unknown activation-band scheme 'made_up'"):
        band_table("made_up")


def test_label_bands_keeps_the_index() -> None:
    labels = label_bands(pd.Series([5.0, 99.0], index=["a", "b"]))
    assert labels.to_dict() == {"a": "low", "b": "very_high"}


def test_every_reference_formats_without_inventing_fields() -> None:
    refs = glutelab.load_references()
    for ident, item in refs["csl"].items():
        text = format_reference(item)
        assert item["title"].rstrip(".") in text, ident
        if "DOI" not in item:
            assert "doi.org" not in text, ident
        if "volume" not in item:
            assert "None" not in text, ident


def test_short_citations() -> None:
    refs = glutelab.load_references()["csl"]
    assert short_citation(refs["hodges1996"]) == "Hodges & Richardson 1996"
    assert short_citation(refs["neumann2010"]) == "Neumann 2010"
    assert short_citation(refs["contreras2015a"]) == "Contreras et al. 2015"


def test_reference_html_escapes_and_links() -> None:
    item = {
        "id": "x",
        "type": "article-journal",
        "title": "<script>alert(1)</script>",
        "author": [{"family": "O'Brien & <Co>", "given": "A"}],
        "DOI": "10.1000/a<b",
        "note": "test",
    }
    html = reference_html(item)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;Co&gt;" in html
    assert 'href="https://doi.org/10.1000/a&lt;b"' in html


def test_unknown_scheme_error_lists_the_known_schemes() -> None:
    known = ", ".join(sorted(RAW_BANDS["scheme_id"].unique()))
    assert "," in known  # the file holds more than one scheme
    with pytest.raises(KeyError) as error:
        band_table("made_up")
    assert error.value.args[0].endswith(f"; known: {known}")


def test_band_table_has_the_file_columns_and_a_fresh_index() -> None:
    for scheme in RAW_BANDS["scheme_id"].unique():
        table = band_table(scheme)
        assert list(table.columns) == list(RAW_BANDS.columns)
        assert list(table.index) == list(range(len(table)))


def test_a_value_without_a_band_is_a_missing_string() -> None:
    lowest = RAW_BANDS[RAW_BANDS["scheme_id"] == "neto2020"]["lower_pct_mvic"].min()
    labels = label_bands(pd.Series([float(lowest) - 1, math.nan]), scheme="neto2020")
    assert labels.dtype == pd.StringDtype()
    assert labels.iloc[0] is pd.NA and labels.iloc[1] is pd.NA
