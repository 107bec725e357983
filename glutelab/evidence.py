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

from glutelab.bands import DEFAULT_SCHEME, label_bands, scheme_muscles

__all__ = [
    "EvidenceFilter",
    "evidence_table",
    "filter_evidence",
    "myth_rows",
    "one_per_dataset",
    "rank",
    "ranking_status",
]

TYPICAL = ("mean", "median", "pooled_mean", "not_stated", "peak")
"""Statistics that are single values (range ends from reviews are left out of rankings)."""


def evidence_table(
    emg: pd.DataFrame, exercises: pd.DataFrame, *, scheme: str = DEFAULT_SCHEME
) -> pd.DataFrame:
    """EMG rows joined with each exercise's family, equipment and loading, plus the band.

    A value is banded only for the muscle the scheme was defined for (Ebert et al.
    2017's bands grade gluteus medius load), and never for a range end; elsewhere
    ``band`` is ``<NA>``.
    """
    attributes = exercises.set_index("exercise_id")[
        ["name", "family", "equipment", "weight_bearing", "unilateral"]
    ]
    table = emg.join(attributes, on="exercise_id")
    table["band"] = label_bands(table["pct_mvic"], scheme=scheme)
    banded = table["muscle"].astype(str).isin(scheme_muscles(scheme))
    table["band"] = table["band"].where(
        banded & ~table["statistic"].isin(["range_low", "range_high"])
    )
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


def _ids(cell: object) -> list[str]:
    return [] if pd.isna(cell) or not str(cell) else str(cell).split(";")  # type: ignore[call-overload]


def one_per_dataset(rows: pd.DataFrame) -> pd.DataFrame:
    """Each dataset once: a repeated value is dropped, a review's summary is marked.

    A row whose ``dependence`` is ``same_value`` repeats the value of the rows in its
    ``includes`` column (a review quoting one study). When those rows are among
    ``rows``, the repeat is dropped and its study is listed in the kept row's
    ``also_in`` column. A ``pooled`` row (a review's range or mean across studies)
    whose included rows are among ``rows`` is kept, with those rows' studies in
    ``summary_of``: a summary, not another lab. Rows whose included rows are not
    among ``rows`` are left as they are, because they are then the only copy shown.

    Parameters
    ----------
    rows
        EMG rows with ``row_id``, ``study_id``, ``includes`` and ``dependence``.

    Returns
    -------
    pandas.DataFrame
        The rows kept, in their order, with string columns ``also_in`` and
        ``summary_of`` (study ids separated by ``;``, or ``<NA>``), and ``also_as``
        (the statistic under which the repeating source gives the value).

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "row_id": ["lab-01", "review-01", "review-02"],
    ...     "study_id": ["lab", "review", "review"],
    ...     "includes": [None, "lab-01", "lab-01"],
    ...     "dependence": [None, "same_value", "pooled"],
    ... })
    >>> kept = one_per_dataset(rows)
    >>> kept[["row_id", "also_in", "summary_of"]].values.tolist()
    [['lab-01', 'review', <NA>], ['review-02', <NA>, 'lab']]
    >>> one_per_dataset(rows.iloc[1:])["row_id"].tolist()  # the study itself not shown
    ['review-01', 'review-02']
    """
    ids = [str(r) for r in rows["row_id"]]
    present = set(ids)
    includes = {r: _ids(c) for r, c in zip(ids, rows["includes"], strict=True)}
    dependence = dict(zip(ids, rows["dependence"].astype("string"), strict=True))
    study = dict(zip(ids, rows["study_id"].astype(str), strict=True))

    def repeats(row_id: str) -> bool:
        found = includes[row_id]
        return (
            str(dependence[row_id]) == "same_value"
            and bool(found)
            and all(i in present for i in found)
        )

    dropped = {r for r in ids if repeats(r)}

    def kept_origin(row_id: str) -> list[str]:
        """The kept rows a dropped row's value comes from (following repeats of repeats)."""
        origins: list[str] = []
        for included in includes[row_id]:
            origins += kept_origin(included) if included in dropped else [included]
        return origins

    also_in: dict[str, list[str]] = {r: [] for r in ids}
    also_as: dict[str, list[str]] = {r: [] for r in ids}
    statistic = (
        dict(zip(ids, rows["statistic"].astype(str), strict=True))
        if "statistic" in rows
        else dict.fromkeys(ids, "")
    )
    for row_id in ids:
        if row_id in dropped:
            for origin in kept_origin(row_id):
                also_in[origin].append(study[row_id])
                also_as[origin].append(statistic[row_id])
    kept = rows[pd.Series([r not in dropped for r in ids], index=rows.index, dtype=bool)].copy()
    kept_ids = [str(r) for r in kept["row_id"]]

    def joined(values: list[str]) -> str | None:
        unique = list(dict.fromkeys(values))
        return ";".join(unique) if unique else None

    kept["also_in"] = pd.array([joined(also_in[r]) for r in kept_ids], dtype="string")
    kept["also_as"] = pd.array([joined(also_as[r]) for r in kept_ids], dtype="string")
    summary = {
        r: joined([study[i] for i in includes[r] if i in present])
        if str(dependence[r]) == "pooled"
        else None
        for r in kept_ids
    }
    # A review's range is one dataset: if one end summarises a study shown, so does the other.
    keys = ["study_id", "muscle", "region", "exercise_id", "condition"]
    if not {"statistic", *keys} <= set(kept.columns):
        kept["summary_of"] = pd.array([summary[r] for r in kept_ids], dtype="string")
        return kept
    ends = kept["statistic"].astype(str).isin(["range_low", "range_high"])
    range_key = {
        r: tuple(str(v) for v in values)
        for r, values, is_end in zip(
            kept_ids, kept[keys].itertuples(index=False), ends, strict=True
        )
        if is_end
    }
    for r, key in range_key.items():
        partners = [p for p, other in range_key.items() if other == key and summary[p]]
        if partners and not summary[r]:
            summary[r] = summary[partners[0]]
    kept["summary_of"] = pd.array([summary[r] for r in kept_ids], dtype="string")
    return kept


STATISTIC_WORDS = {
    "mean": "means",
    "median": "medians",
    "pooled_mean": "pooled means",
    "peak": "peaks",
    "not_stated": "values whose statistic the source does not state",
}


def ranking_status(rows: pd.DataFrame) -> str:
    """The line above the ranking: how many values, and what the list mixes.

    ``rows`` come from :func:`~glutelab.evidence.one_per_dataset`. When they hold more
    than one kind of statistic, the line says so: they are listed together to find
    values, not to compare them.

    >>> rows = pd.DataFrame({"study_id": ["a", "b"], "statistic": ["mean", "peak"],
    ...     "also_in": [None, "c"]})
    >>> print(ranking_status(rows))
    2 reported values from 2 sources; 1 value is also reported by a second source and is \
shown once. The list mixes means and peaks: a peak is higher than a mean of the same signal, so \
compare rows of the same statistic, and exercises within a study.
    """
    studies = rows["study_id"].nunique()
    values = "value" if len(rows) == 1 else "values"
    text = f"{len(rows)} reported {values} from {studies} source{'s' if studies != 1 else ''}"
    repeated = int(rows["also_in"].notna().sum()) if "also_in" in rows else 0
    if repeated == 1:
        text += "; 1 value is also reported by a second source and is shown once"
    elif repeated:
        text += f"; {repeated} values are also reported by a second source and shown once"
    text += "."
    kinds = [k for k in STATISTIC_WORDS if k in set(rows["statistic"].astype(str))]
    if len(kinds) > 1:
        listed = ", ".join(STATISTIC_WORDS[k] for k in kinds[:-1])
        text += (
            f" The list mixes {listed} and {STATISTIC_WORDS[kinds[-1]]}: "
            + ("a peak is higher than a mean of the same signal, so " if "peak" in kinds else "")
            + "compare rows of the same statistic, and exercises within a study."
        )
    return text
