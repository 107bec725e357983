"""The gluteal muscles and fibre regions the course's anatomy lessons name.

The drawings themselves come from the hip model (``glutelab.hip_drawing``); this module says
which muscles and regions there are, and which of the model's compartments belong to each.
Two views of a right hip are drawn:

* ``posterior``: seen from behind (medial left, lateral right);
* ``lateral``: seen from the side (posterior left, anterior right).

>>> regions("gluteus_medius")
('anterior', 'middle', 'posterior')
>>> compartment_ids("gluteus_minimus", "anterior")
('glut_min1_r', 'glut_min2_r')
"""

from __future__ import annotations

from glutelab.hip_model import compartments

__all__ = ["DEEP", "MUSCLES", "VIEWS", "compartment_ids", "regions"]

VIEWS = ("posterior", "lateral")
MUSCLES = ("gluteus_maximus", "gluteus_medius", "gluteus_minimus")
DEEP = frozenset({"gluteus_minimus"})
"""Muscles that lie under the others (drawn first, with a dashed outline)."""

# Region names follow data/anatomy.csv (gluteus maximus: superior/inferior portions).
_REGIONS = {
    "gluteus_maximus": ("superior", "inferior"),
    "gluteus_medius": ("anterior", "middle", "posterior"),
    "gluteus_minimus": ("anterior", "posterior"),
}


def regions(muscle: str) -> tuple[str, ...]:
    """The fibre regions the course names for ``muscle``."""
    try:
        return _REGIONS[muscle]
    except KeyError:
        raise ValueError(f"unknown muscle {muscle!r}; choose one of {', '.join(MUSCLES)}") from None


def compartment_ids(muscle: str, region: str | None = None) -> tuple[str, ...]:
    """The model's compartments (e.g. ``glut_med1_r``) of ``muscle`` (and ``region``).

    How each compartment was given a region is explained in ``data/README.md``.
    """
    table = compartments()
    rows = table[table["muscle"] == muscle]
    if region is not None:
        rows = rows[rows["region"] == region]
    return tuple(rows["muscle_id"])
