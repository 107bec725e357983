"""Fill in the model's side of ``data/model_comparison.csv``: its value and whether it agrees.

The traced columns (study, locator, what was reported, the range that counts as agreement) are
written by hand from the sources; this script computes ``model_value`` and ``model_unit`` from
the committed model tables (``glutelab.hip_model.model_quantity``) and sets ``verdict`` to
``agree`` when the value lies within ``agree_low`` .. ``agree_high`` (an empty end is open),
``disagree`` otherwise. Run ``python tools/build_model_comparison.py`` (``--check`` only
compares). Needs no OpenSim.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from pathlib import Path

from glutelab.hip_model import MODEL_QUANTITIES, model_quantity

TABLE = Path(__file__).resolve().parents[1] / "data" / "model_comparison.csv"


def verdict(value: float, low: str, high: str) -> str:
    """``agree`` when ``low <= value <= high`` (empty ends are open), else ``disagree``."""
    lower = -math.inf if low == "" else float(low)
    upper = math.inf if high == "" else float(high)
    return "agree" if lower <= value <= upper else "disagree"


def rebuilt(text: str) -> str:
    """The table's text with the model columns computed again."""
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise SystemExit(f"{TABLE.name} has no rows")
    fields = list(rows[0])
    for row in rows:
        value = model_quantity(row["model_quantity"])
        row["model_value"] = f"{value:.4g}"
        row["model_unit"] = MODEL_QUANTITIES[row["model_quantity"]][1]
        row["verdict"] = verdict(float(row["model_value"]), row["agree_low"], row["agree_high"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the table is not current")
    args = parser.parse_args(argv)
    current = TABLE.read_text(encoding="utf-8")
    fresh = rebuilt(current)
    if args.check:
        if fresh != current:
            print(f"{TABLE} is out of date: run tools/build_model_comparison.py", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(fresh, encoding="utf-8")
    print(f"wrote {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
