"""Numbers the clinical notebooks derive from the practice tables (pure functions).

- :func:`abduction_force_change`: how much a nerve block of one muscle group changed hip
  abduction force, in each hip position (Hoch et al.);
- :func:`trial_proportions`: the share of each trial arm with an outcome, where a trial reported
  events out of a total.

>>> from glutelab.data import load_nerve_block_abduction
>>> change = abduction_force_change(load_nerve_block_abduction())
>>> int(change.loc[("neutral", "gmed_gmin"), "pct_change"])
-62
"""

from __future__ import annotations

import pandas as pd

__all__ = ["abduction_force_change", "trial_proportions"]


def abduction_force_change(table: pd.DataFrame) -> pd.DataFrame:
    """Abduction force with each block against no block, per hip position.

    Parameters
    ----------
    table
        ``nerve_block_abduction.csv`` as loaded: ``hip_position``, ``block``,
        ``abduction_force_n``.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``hip_position``, ``block``) for every block other than ``none``, with
        ``force_n``, ``baseline_n`` and ``pct_change`` (percent, rounded to a whole number;
        negative is a loss).

    >>> t = pd.DataFrame({"hip_position": ["neutral"] * 2, "block": ["none", "gmax"],
    ...                   "abduction_force_n": [200.0, 150.0]})
    >>> abduction_force_change(t)["pct_change"].tolist()
    [-25.0]
    """
    frame = table.assign(
        hip_position=table["hip_position"].astype(str), block=table["block"].astype(str)
    )
    baseline = frame[frame["block"] == "none"].set_index("hip_position")["abduction_force_n"]
    blocked = frame[frame["block"] != "none"].copy()
    blocked["baseline_n"] = blocked["hip_position"].map(baseline)
    blocked["force_n"] = blocked["abduction_force_n"]
    blocked["pct_change"] = (
        (blocked["force_n"] - blocked["baseline_n"]) / blocked["baseline_n"] * 100
    ).round(0)
    return blocked.set_index(["hip_position", "block"])[["force_n", "baseline_n", "pct_change"]]


def trial_proportions(trials: pd.DataFrame) -> pd.DataFrame:
    """Rows with ``events`` and ``total``, plus ``pct`` = events / total in percent (whole number).

    >>> t = pd.DataFrame({"arm": ["a", "b"], "events": [1, None], "total": [4, None]})
    >>> trial_proportions(t)[["arm", "pct"]].to_dict("records")
    [{'arm': 'a', 'pct': 25.0}]
    """
    rows = trials[trials["events"].notna() & trials["total"].notna()].copy()
    rows["pct"] = (rows["events"].astype(float) / rows["total"].astype(float) * 100).round(0)
    return rows
