"""Pure computations: activation bands and citation formatting."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import glutelab
from glutelab.bands import activation_band, band_table, label_bands
from glutelab.citations import format_reference, reference_html, short_citation


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
