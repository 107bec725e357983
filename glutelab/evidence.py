"""Filtering and ranking the EMG evidence (pure functions on the loaded tables).

>>> from glutelab.data import load_emg, load_exercises
>>> table = evidence_table(load_emg(), load_exercises())
>>> rows = filter_evidence(table, muscle="gluteus_minimus")
>>> set(rows["study_id"])
{'moore2019a'}
>>> ranked = rank(filter_evidence(table, family="lunge_split_squat"))
>>> bool(ranked["pct_mvic"].is_monotonic_decreasing)
True
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from glutelab.bands import DEFAULT_SCHEME, label_bands

__all__ = ["EvidenceFilter", "evidence_table", "filter_evidence", "myth_rows", "rank"]

TYPICAL = ("mean", "median", "pooled_mean", "not_stated", "peak")
"""Statistics that are single values (range ends from reviews are left out of rankings)."""


def evidence_table(
    emg: pd.DataFrame, exercises: pd.DataFrame, *, scheme: str = DEFAULT_SCHEME
) -> pd.DataFrame:
    """EMG rows joined with each exercise's family, equipment and loading, plus the band."""
    attributes = exercises.set_index("exercise_id")[
        ["name", "family", "equipment", "weight_bearing", "unilateral"]
    ]
    table = emg.join(attributes, on="exercise_id")
    table["band"] = label_bands(table["pct_mvic"], scheme=scheme)
    table["band"] = table["band"].where(~table["statistic"].isin(["range_low", "range_high"]))
    return table


@dataclass(frozen=True)
class EvidenceFilter:
    """The explorer's filter settings; ``None`` means "any"."""

    muscle: str | None = None
    region: str | None = None
    family: str | None = None
    equipment: str | None = None
    weight_bearing: bool | None = None
    unilateral: bool | None = None
    min_pct_mvic: float = 0.0
    study_id: str | None = None
    include_peaks: bool = True


def filter_evidence(
    table: pd.DataFrame, spec: EvidenceFilter | None = None, **settings: object
) -> pd.DataFrame:
    """Rows of :func:`evidence_table` that match the filter (single values only).

    Pass an :class:`EvidenceFilter` or its fields as keywords. Unknown
    values (a muscle, family or study that is not in the table) raise
    :class:`ValueError` naming the value, rather than silently returning nothing.
    """
    unknown = set(settings) - {f.name for f in fields(EvidenceFilter)}
    if unknown:
        raise TypeError(f"unknown filter setting(s): {', '.join(sorted(unknown))}")
    spec = spec or EvidenceFilter(**settings)  # type: ignore[arg-type]
    statistics = TYPICAL if spec.include_peaks else TYPICAL[:-1]
    mask = table["statistic"].isin(statistics) & (table["pct_mvic"] >= spec.min_pct_mvic)
    for column, value in (
        ("muscle", spec.muscle),
        ("region", spec.region),
        ("family", spec.family),
        ("equipment", spec.equipment),
        ("study_id", spec.study_id),
    ):
        if value is None:
            continue
        present = set(table[column].dropna().astype(str))
        if value not in present:
            raise ValueError(f"unknown {column} {value!r}; known: {', '.join(sorted(present))}")
        mask &= table[column].astype(str) == value
    for column, flag in (("weight_bearing", spec.weight_bearing), ("unilateral", spec.unilateral)):
        if flag is not None:
            mask &= table[column] == flag
    return table[mask.fillna(False)]


def rank(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted from the highest reported %MVIC down (ties: by study and exercise)."""
    return rows.sort_values(
        ["pct_mvic", "study_id", "exercise_id"], ascending=[False, True, True]
    ).reset_index(drop=True)


def myth_rows(table: pd.DataFrame, emg_filter: dict[str, list[str]] | None) -> pd.DataFrame:
    """The EMG rows that illustrate a myth: every listed key must match (AND).

    Keys are ``studies``, ``exercise_ids`` and ``muscles`` (``emg_filter`` in myths.yaml).

    Range ends from reviews are left out; an empty or missing filter gives no rows.

    >>> from glutelab.data import load_emg, load_exercises
    >>> table = evidence_table(load_emg(), load_exercises())
    >>> rows = myth_rows(table, {"exercise_ids": ["hip_thrust"], "muscles": ["gluteus_maximus"]})
    >>> sorted(set(rows["study_id"]))
    ['contreras2015a', 'neto2020']
    >>> myth_rows(table, None).empty  # a myth without an EMG filter has no rows
    True
    """
    if not emg_filter:
        return table.iloc[0:0]
    mask = table["statistic"].isin(TYPICAL)
    for key, column in (
        ("studies", "study_id"),
        ("exercise_ids", "exercise_id"),
        ("muscles", "muscle"),
    ):
        values = emg_filter.get(key)
        if values:
            mask &= table[column].astype(str).isin(values)
    return table[mask]
