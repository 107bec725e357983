"""Activation bands: naming a %MVIC value low, moderate, high or very high.

Gluteal EMG reviews sort exercises into bands of %MVIC. The band limits come
from ``data/activation_bands.csv`` (with their source); this module only
applies them. Limits differ between schemes, so a band is always named with
the scheme that defines it.

>>> bands = band_table()
>>> activation_band(45.0, bands, scheme="ebert2017")
'high'
>>> activation_band(float("nan"), bands, scheme="ebert2017") is None
True
"""

from __future__ import annotations

import math

import pandas as pd

from glutelab.data import load_activation_bands

__all__ = [
    "DEFAULT_SCHEME",
    "activation_band",
    "band_table",
    "label_bands",
    "scheme_muscles",
]

DEFAULT_SCHEME = "ebert2017"
"""The scheme the course uses unless told otherwise (the only one with all four bands confirmed)."""


def band_table(scheme: str = DEFAULT_SCHEME) -> pd.DataFrame:
    """The bands of one scheme, lowest first, with ``lower_pct_mvic`` and ``upper_pct_mvic``."""
    bands = load_activation_bands()
    chosen = bands[bands["scheme_id"] == scheme]
    if chosen.empty:
        known = ", ".join(sorted(bands["scheme_id"].unique()))
        raise KeyError(f"unknown activation-band scheme {scheme!r}; known: {known}")
    return chosen.sort_values("lower_pct_mvic").reset_index(drop=True)


def scheme_muscles(scheme: str = DEFAULT_SCHEME) -> set[str]:
    """The muscles a scheme's bands were defined for.

    >>> scheme_muscles("ebert2017")
    {'gluteus_medius'}
    """
    return {str(m) for m in band_table(scheme)["muscle"]}


def activation_band(
    pct_mvic: float, bands: pd.DataFrame, *, scheme: str = DEFAULT_SCHEME
) -> str | None:
    """The band a %MVIC value falls in, or ``None`` when it falls in none.

    Published schemes write their limits in whole percent (Ebert et al. 2017:
    0-20, 21-40, 41-60, >61), so the value is first rounded half-up to a whole
    percent and then falls in the band with ``lower <= value <= upper`` (no
    upper limit for the top band). A value outside every band (for example
    below a scheme's lowest limit) is ``None`` rather than a guess.

    >>> bands = band_table()
    >>> [activation_band(v, bands) for v in (20.4, 20.5, 40.0, 60.6, 135.0)]
    ['low', 'moderate', 'moderate', 'very_high', 'very_high']

    Parameters
    ----------
    pct_mvic
        EMG amplitude in %MVIC.
    bands
        A table like :func:`band_table` returns (other schemes' rows are ignored).
    scheme
        Which scheme's limits to use.
    """
    if math.isnan(pct_mvic):
        return None
    whole = math.floor(pct_mvic + 0.5)
    rows = bands[bands["scheme_id"] == scheme]
    for _, band in rows.iterrows():
        upper = band["upper_pct_mvic"]
        if band["lower_pct_mvic"] <= whole and (pd.isna(upper) or whole <= upper):
            return str(band["band"])
    return None


def label_bands(values: pd.Series, *, scheme: str = DEFAULT_SCHEME) -> pd.Series:
    """The band of every value in ``values`` (``<NA>`` where none applies).

    >>> label_bands(pd.Series([10.0, 35.0, 75.0])).tolist()
    ['low', 'moderate', 'very_high']
    """
    bands = band_table(scheme)
    labels = [activation_band(float(v), bands, scheme=scheme) for v in values]
    return pd.Series(labels, index=values.index, dtype="string")
