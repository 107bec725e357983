"""Showing an exercise shortlist: the exercises, their EMG evidence and compression flags.

>>> block = client_case_table("lateral_hip_pain")
>>> "Glute bridge" in block._repr_html_() and "Side-lying" not in block._repr_html_()
True
"""

from __future__ import annotations

import pandas as pd

from glutelab.data import load_emg, load_exercises
from glutelab.programme import client_case_exercises
from glutelab.widgets import HtmlBlock, escape

__all__ = ["client_case_table", "shortlist_html"]

CELL = 'style="padding:4px 10px 4px 0;vertical-align:top;text-align:left"'
POSITION_WORDS = {
    "standing": "standing",
    "supine": "lying on the back",
    "prone": "lying face down",
    "side_lying": "lying on the side",
    "side_plank": "side plank",
    "front_plank": "front plank",
    "quadruped": "on hands and knees",
}
FLAG = (
    "Keep the pelvis level and the knee over the foot: compressive if the hip drops into adduction."
)


def _pct(value: object) -> str:
    return "no value" if value is None or pd.isna(value) else f"{value:g}"  # type: ignore[call-overload]


def shortlist_html(rows: pd.DataFrame) -> str:
    """The shortlisted exercises as an escaped HTML table.

    Columns: exercise, position, highest reported gluteus maximus and medius %MVIC with the
    number of values and studies, make it easier, make it harder, and the compression flag.
    """
    if rows.empty:
        return (
            "<p>No exercise in the course's data fits all of these choices. "
            "Loosen one of them (for example choose more equipment or a lower irritability).</p>"
        )
    body = []
    for row in rows.to_dict("records"):
        studies = int(row["emg_studies"])
        evidence = (
            f"max {_pct(row['max_gmax_pct_mvic'])} / med {_pct(row['max_gmed_pct_mvic'])} "
            f"<small>({int(row['emg_values'])} values, {studies} "
            f"{'study' if studies == 1 else 'studies'})</small>"
        )
        flag = escape(FLAG) if bool(row["compression_flag"]) else ""
        cells = (
            escape(row["name"]),
            escape(POSITION_WORDS.get(str(row["position"]), str(row["position"]))),
            evidence,
            escape(row["regressions"] if pd.notna(row["regressions"]) else ""),
            escape(row["progressions"] if pd.notna(row["progressions"]) else ""),
            flag,
        )
        body.append("<tr>" + "".join(f"<td {CELL}>{c}</td>" for c in cells) + "</tr>")
    head = "".join(
        f'<th scope="col" {CELL}>{h}</th>'
        for h in (
            "Exercise",
            "Position",
            "Highest reported %MVIC (gluteus maximus / medius)",
            "Make it easier",
            "Make it harder",
            "Lateral hip pain",
        )
    )
    return (
        '<table class="glutelab-shortlist" style="border-collapse:collapse;font-size:0.9em">'
        "<caption>Exercises that fit (easier and harder options are teaching suggestions, "
        "not study data)</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def client_case_table(case: str) -> HtmlBlock:
    """The worked shortlist for a client case of ``05_training.ipynb``."""
    rows = client_case_exercises(case, load_exercises(), load_emg())
    return HtmlBlock(shortlist_html(rows), text=f"shortlist for client case {case}")
