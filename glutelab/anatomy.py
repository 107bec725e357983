"""Schematic geometry of the pelvis, femur and the three gluteal muscles.

The diagrams are drawn from these coordinates (no copied images). They are
**schematic, not to scale**: each muscle is a polygon per fibre region,
placed to show where it runs from and to, which lies deepest, and how the
regions sit relative to each other. Two views of a right hip:

* ``posterior``: seen from behind; x runs from the midline (0) to lateral (10);
* ``lateral``: seen from the side; x runs from posterior (0) to anterior (10).

y runs from mid-thigh (0) up to the iliac crest (12).

>>> sorted({s.muscle for s in muscle_shapes("posterior")})
['gluteus_maximus', 'gluteus_medius', 'gluteus_minimus']
>>> regions("gluteus_medius")
('anterior', 'middle', 'posterior')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "MUSCLES",
    "VIEWS",
    "BoneShape",
    "MuscleShape",
    "bone_shapes",
    "centroid",
    "muscle_shapes",
    "regions",
]

Point = tuple[float, float]

VIEWS = ("posterior", "lateral")
MUSCLES = ("gluteus_maximus", "gluteus_medius", "gluteus_minimus")

# Region names follow data/anatomy.csv (gluteus maximus: superior/inferior portions).
_REGIONS = {
    "gluteus_maximus": ("superior", "inferior"),
    "gluteus_medius": ("anterior", "middle", "posterior"),
    "gluteus_minimus": ("anterior", "posterior"),
}


@dataclass(frozen=True)
class BoneShape:
    """A bone outline (or a circle, when ``radius`` is set) in one view."""

    name: str
    view: str
    points: tuple[Point, ...] = ()
    centre: Point | None = None
    radius: float = 0.0


@dataclass(frozen=True)
class MuscleShape:
    """One fibre region of one muscle in one view; ``deep`` regions lie under others."""

    muscle: str
    region: str
    view: str
    points: tuple[Point, ...]
    deep: bool = False

    @property
    def key(self) -> str:
        """``'muscle:region'``, used to find the drawn patch."""
        return f"{self.muscle}:{self.region}"


_BONES = (
    BoneShape("sacrum", "posterior", ((0, 9.8), (1.8, 9.4), (1.4, 7.2), (0.4, 5.8), (0, 5.6))),
    BoneShape(
        "ilium",
        "posterior",
        (
            (1.6, 9.4),
            (2.2, 11.2),
            (4.5, 12.0),
            (7.0, 11.6),
            (8.2, 10.2),
            (7.2, 8.4),
            (5.6, 7.4),
            (3.4, 7.2),
            (1.4, 7.3),
        ),
    ),
    BoneShape(
        "ischium",
        "posterior",
        ((3.4, 7.2), (5.6, 7.4), (5.6, 6.0), (4.4, 5.0), (3.0, 5.2), (2.8, 6.4)),
    ),
    BoneShape("femoral head", "posterior", centre=(6.0, 7.0), radius=0.7),
    BoneShape("femoral neck", "posterior", ((6.0, 7.4), (7.6, 6.9), (7.6, 6.1), (6.0, 6.6))),
    BoneShape("greater trochanter", "posterior", ((7.2, 7.0), (8.4, 7.3), (8.6, 6.0), (7.6, 5.6))),
    BoneShape("femoral shaft", "posterior", ((7.3, 5.9), (8.5, 5.9), (8.1, 0.0), (7.0, 0.0))),
    BoneShape(
        "ilium",
        "lateral",
        (
            (1.5, 9.0),
            (2.0, 11.0),
            (5.0, 12.0),
            (8.5, 11.5),
            (9.2, 10.4),
            (8.4, 9.2),
            (7.8, 8.0),
            (5.2, 6.8),
            (3.0, 6.6),
            (1.8, 7.6),
        ),
    ),
    BoneShape("acetabulum", "lateral", centre=(6.2, 7.4), radius=0.8),
    BoneShape("greater trochanter", "lateral", ((4.2, 7.0), (5.8, 7.0), (5.9, 5.8), (4.1, 5.8))),
    BoneShape("femoral shaft", "lateral", ((4.2, 5.9), (5.7, 5.9), (5.6, 0.0), (4.5, 0.0))),
)

_MUSCLES = (
    # posterior view
    MuscleShape(
        "gluteus_minimus",
        "posterior",
        "posterior",
        ((4.2, 10.0), (5.8, 10.3), (8.0, 7.2), (7.7, 6.9)),
        deep=True,
    ),
    MuscleShape(
        "gluteus_minimus",
        "anterior",
        "posterior",
        ((5.8, 10.3), (7.2, 10.4), (8.4, 7.1), (8.0, 7.2)),
        deep=True,
    ),
    MuscleShape(
        "gluteus_medius",
        "posterior",
        "posterior",
        ((3.0, 11.0), (4.6, 11.7), (8.0, 7.2), (7.4, 6.9)),
    ),
    MuscleShape(
        "gluteus_medius", "middle", "posterior", ((4.6, 11.7), (6.4, 11.8), (8.3, 7.3), (8.0, 7.2))
    ),
    MuscleShape(
        "gluteus_medius",
        "anterior",
        "posterior",
        ((6.4, 11.8), (7.9, 11.0), (8.6, 7.2), (8.3, 7.3)),
    ),
    MuscleShape(
        "gluteus_maximus",
        "superior",
        "posterior",
        ((2.6, 10.6), (1.5, 8.4), (8.5, 5.0), (8.9, 6.3)),
    ),
    MuscleShape(
        "gluteus_maximus", "inferior", "posterior", ((1.5, 8.4), (1.0, 6.4), (7.9, 3.8), (8.5, 5.0))
    ),
    # lateral view
    MuscleShape(
        "gluteus_minimus",
        "posterior",
        "lateral",
        ((3.6, 9.6), (5.6, 10.0), (5.7, 6.9), (5.2, 6.8)),
        deep=True,
    ),
    MuscleShape(
        "gluteus_minimus",
        "anterior",
        "lateral",
        ((5.6, 10.0), (8.2, 10.2), (6.2, 7.0), (5.7, 6.9)),
        deep=True,
    ),
    MuscleShape(
        "gluteus_medius", "posterior", "lateral", ((2.0, 10.8), (3.8, 11.7), (4.9, 7.0), (4.4, 6.8))
    ),
    MuscleShape(
        "gluteus_medius", "middle", "lateral", ((3.8, 11.7), (6.0, 11.9), (5.3, 7.1), (4.9, 7.0))
    ),
    MuscleShape(
        "gluteus_medius", "anterior", "lateral", ((6.0, 11.9), (8.6, 11.3), (5.8, 7.0), (5.3, 7.1))
    ),
    MuscleShape(
        "gluteus_maximus", "superior", "lateral", ((1.4, 10.6), (2.4, 10.2), (4.6, 5.8), (4.0, 5.4))
    ),
    MuscleShape(
        "gluteus_maximus", "inferior", "lateral", ((0.8, 8.6), (1.4, 10.6), (4.0, 5.4), (3.8, 3.6))
    ),
)


def regions(muscle: str) -> tuple[str, ...]:
    """The fibre regions the diagrams draw for ``muscle``."""
    try:
        return _REGIONS[muscle]
    except KeyError:
        raise ValueError(f"unknown muscle {muscle!r}; choose one of {', '.join(MUSCLES)}") from None


def _check_view(view: str) -> None:
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")


def bone_shapes(view: str) -> list[BoneShape]:
    """Bone outlines of one view.

    >>> [bone.name for bone in bone_shapes("posterior")][:3]
    ['sacrum', 'ilium', 'ischium']
    """
    _check_view(view)
    return [b for b in _BONES if b.view == view]


def muscle_shapes(view: str) -> list[MuscleShape]:
    """Muscle regions of one view, deepest first (the drawing order)."""
    _check_view(view)
    shapes = [m for m in _MUSCLES if m.view == view]
    return sorted(shapes, key=lambda m: (not m.deep, MUSCLES.index(m.muscle) * -1))


def centroid(points: tuple[Point, ...]) -> Point:
    """Mean of a polygon's vertices (where its label goes).

    >>> centroid(((0, 0), (2, 0), (2, 2), (0, 2)))
    (1.0, 1.0)
    """
    xs, ys = zip(*points, strict=True)
    return (sum(xs) / len(xs), sum(ys) / len(ys))
