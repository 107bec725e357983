"""Shortlisting exercises for a client: goal, irritability, equipment and lateral hip pain.

A pure computation on the loaded tables (``exercises.csv`` and the EMG evidence). The rules
are the course's teaching reasoning, written out so a learner can check them, not a
prescription:

- **Irritability** sets the positions: ``high`` keeps to lying, kneeling and plank positions
  (nothing standing; side-lying and side planks only without lateral hip pain); ``moderate``
  adds standing work but no hops; ``low`` allows everything.
- **Lateral hip pain** removes every position that itself loads the lateral hip in adduction
  (``adduction_compression == "yes"``: side-lying and side-plank work); single-leg positions
  stay, flagged, because they compress only if the pelvis drops or the thigh crosses the midline.
- **Equipment** keeps exercises whose equipment is available.
- Only exercises with at least one EMG value in the course's data are listed.
- **Dose card**: the doses come from healthy adults. With lateral hip pain or high irritability
  the heavy-loading rows (``intensity`` mentions heavy loading) are left out, and with lateral
  hip pain or high or moderate irritability the card says that symptoms, not these figures,
  set the load (:func:`dose_notes`).

>>> from glutelab.data import load_emg, load_exercises
>>> rows = select_exercises(load_exercises(), load_emg(), ProgrammeChoice(stage="high"))
>>> "standing" in set(rows["position"])
False
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from glutelab.evidence import TYPICAL

__all__ = [
    "CLIENT_CASES",
    "EQUIPMENT_LEVELS",
    "GOALS",
    "STAGES",
    "ProgrammeChoice",
    "client_case_exercises",
    "dose_notes",
    "dose_rows",
    "heavy_loading",
    "hides_heavy_loading",
    "rules_applied",
    "select_exercises",
]

GOALS = ("rehabilitation", "strength", "hypertrophy")
"""What the client trains for."""
STAGES = ("high", "moderate", "low")
"""Irritability of the client's symptoms (how easily and for how long they flare)."""
EQUIPMENT_LEVELS: dict[str, frozenset[str] | None] = {
    "bodyweight": frozenset({"none"}),
    "home": frozenset({"none", "elastic band", "box or step", "elastic band or cable"}),
    "gym": None,
}
"""Equipment a setting offers, as written in ``exercises.csv``; ``None`` means anything."""
STAGE_POSITIONS: dict[str, frozenset[str] | None] = {
    "high": frozenset({"supine", "prone", "side_lying", "side_plank", "front_plank", "quadruped"}),
    "moderate": None,
    "low": None,
}
"""Body positions allowed at each irritability level (``None``: all)."""
HIGH_IMPACT = frozenset({"hop"})
"""Exercises left out until irritability is low."""


@dataclass(frozen=True)
class ProgrammeChoice:
    """A client's situation; every field has a safe default.

    Parameters
    ----------
    goal
        One of :data:`GOALS`.
    stage
        Irritability, one of :data:`STAGES`.
    equipment
        A key of :data:`EQUIPMENT_LEVELS`.
    lateral_hip_pain
        Whether the client has lateral hip pain (for example gluteal tendinopathy).
    """

    goal: str = "rehabilitation"
    stage: str = "low"
    equipment: str = "gym"
    lateral_hip_pain: bool = False

    def __post_init__(self) -> None:
        for name, allowed in (
            ("goal", GOALS),
            ("stage", STAGES),
            ("equipment", tuple(EQUIPMENT_LEVELS)),
        ):
            value = getattr(self, name)
            if value not in allowed:
                raise ValueError(f"unknown {name} {value!r}; known: {', '.join(allowed)}")


def _evidence_summary(emg: pd.DataFrame) -> pd.DataFrame:
    """Per exercise: highest single value per muscle, number of values and of studies."""
    rows = emg[emg["statistic"].isin(TYPICAL)]
    summary = rows.groupby("exercise_id", observed=True).agg(
        emg_values=("row_id", "size"), emg_studies=("study_id", "nunique")
    )
    for muscle, column in (
        ("gluteus_maximus", "max_gmax_pct_mvic"),
        ("gluteus_medius", "max_gmed_pct_mvic"),
    ):
        top = rows[rows["muscle"].astype(str) == muscle].groupby("exercise_id", observed=True)
        summary[column] = top["pct_mvic"].max()
    return summary


def select_exercises(
    exercises: pd.DataFrame, emg: pd.DataFrame, choice: ProgrammeChoice
) -> pd.DataFrame:
    """Exercises that fit ``choice``, with their EMG summary and a compression flag.

    Returns one row per exercise (in ``exercises.csv`` order) with the exercise columns plus
    ``emg_values``, ``emg_studies``, ``max_gmax_pct_mvic``, ``max_gmed_pct_mvic`` (highest
    single reported value, %MVIC; empty when none) and ``compression_flag`` (True when the
    client has lateral hip pain and the exercise compresses only if the hip adducts).

    >>> from glutelab.data import load_emg, load_exercises
    >>> pain = ProgrammeChoice(stage="moderate", lateral_hip_pain=True)
    >>> rows = select_exercises(load_exercises(), load_emg(), pain)
    >>> "yes" in set(rows["adduction_compression"])
    False
    """
    summary = _evidence_summary(emg)
    table = exercises.join(summary, on="exercise_id", how="inner")
    mask = pd.Series(True, index=table.index)
    positions = STAGE_POSITIONS[choice.stage]
    if positions is not None:
        mask &= table["position"].astype(str).isin(positions)
    if choice.stage != "low":
        mask &= ~table["exercise_id"].astype(str).isin(HIGH_IMPACT)
    available = EQUIPMENT_LEVELS[choice.equipment]
    if available is not None:
        mask &= table["equipment"].astype(str).isin(available)
    compression = table["adduction_compression"].astype(str)
    if choice.lateral_hip_pain:
        mask &= compression != "yes"
    table = table[mask].copy()
    table["compression_flag"] = choice.lateral_hip_pain & (
        table["adduction_compression"].astype(str) == "if_hip_adducts"
    )
    return table.reset_index(drop=True)


CLIENT_CASES: dict[str, ProgrammeChoice] = {
    "lateral_hip_pain": ProgrammeChoice(
        goal="rehabilitation", stage="high", equipment="bodyweight", lateral_hip_pain=True
    ),
}
"""The client cases of ``05_training.ipynb`` that have a worked shortlist."""


def client_case_exercises(case: str, exercises: pd.DataFrame, emg: pd.DataFrame) -> pd.DataFrame:
    """The shortlist for one of :data:`CLIENT_CASES`.

    >>> from glutelab.data import load_emg, load_exercises
    >>> rows = client_case_exercises("lateral_hip_pain", load_exercises(), load_emg())
    >>> ids = set(rows["exercise_id"])
    >>> "glute_bridge" in ids, "side_lying_hip_abduction" in ids
    (True, False)
    """
    if case not in CLIENT_CASES:
        raise ValueError(f"unknown client case {case!r}; known: {', '.join(CLIENT_CASES)}")
    return select_exercises(exercises, emg, CLIENT_CASES[case])


LATERAL_HIP_PAIN_DOSE = frozenset({"mellor2018", "mellor2016"})
"""Studies whose programme is the rehabilitation dose for lateral hip pain (the LEAP trial and
its protocol)."""
HEAVY_LOADING_WORDS = "heavy loading"
"""A dose row is heavy loading when its ``intensity`` contains these words."""
CAUTION_STAGES = frozenset({"high", "moderate"})
"""Irritability levels at which the dose card says that symptoms set the load."""


def heavy_loading(dosage: pd.DataFrame) -> pd.Series:
    """True for the dose rows whose intensity mentions heavy loading.

    >>> from glutelab.data import load_dosage
    >>> dosage = load_dosage()
    >>> sorted(dosage.loc[heavy_loading(dosage), "row_id"])
    ['acsm2009-02', 'acsm2009-03']
    """
    intensity = dosage["intensity"].fillna("").astype(str).str.lower()
    return intensity.str.contains(HEAVY_LOADING_WORDS, regex=False)


def hides_heavy_loading(choice: ProgrammeChoice) -> bool:
    """Whether the dose card leaves out heavy-loading rows: lateral hip pain or high irritability.

    >>> hides_heavy_loading(ProgrammeChoice(stage="high")), hides_heavy_loading(ProgrammeChoice())
    (True, False)
    """
    return choice.lateral_hip_pain or choice.stage == "high"


def dose_rows(dosage: pd.DataFrame, choice: ProgrammeChoice) -> pd.DataFrame:
    """The dose card's rows: the rows for the goal, then the progression rule.

    For rehabilitation with lateral hip pain only the lateral hip pain trial's programme is
    kept; for strength and hypertrophy the load-progression rule is added. With lateral hip
    pain or high irritability, heavy-loading rows (:func:`heavy_loading`) are left out.

    >>> from glutelab.data import load_dosage
    >>> rows = dose_rows(load_dosage(), ProgrammeChoice(goal="hypertrophy"))
    >>> sorted(set(rows["goal"].astype(str)))
    ['hypertrophy', 'progression']
    >>> flare = ProgrammeChoice(goal="strength", stage="high", lateral_hip_pain=True)
    >>> bool(heavy_loading(dose_rows(load_dosage(), flare)).any())
    False
    """
    goal = dosage["goal"].astype(str)
    rows = dosage[goal == choice.goal]
    if choice.goal == "rehabilitation" and choice.lateral_hip_pain:
        rows = rows[rows["study_id"].astype(str).isin(LATERAL_HIP_PAIN_DOSE)]
    if choice.goal in ("strength", "hypertrophy"):
        rows = pd.concat([rows, dosage[goal == "progression"]])
    if hides_heavy_loading(choice):
        rows = rows[~heavy_loading(rows)]
    return rows


SYMPTOMS_SET_THE_LOAD = (
    "These doses come from healthy adults (ACSM 2009; Refalo et al. 2023). With lateral hip "
    "pain or irritable symptoms, set the load by the client's symptoms during training and the "
    "day after, not by these figures."
)
HEAVY_LEFT_OUT = (
    "Heavy-loading rows for experienced lifters are left out while the client has lateral hip "
    "pain or high irritability."
)
TRIAL_PROGRAMMES = (
    "Trial programmes for specific conditions (gluteal tendinopathy; hip osteoarthritis), as "
    "examples of how often and for how long people trained. Only the light static holds that "
    "opened the gluteal tendinopathy programme have hold times and effort; the sets, repetitions "
    "and loads of the other exercises are not given."
)
TRIAL_LOAD_UNKNOWN = (
    "The lateral hip pain trial's programme: how often and for how long, and the light static "
    "holds its protocol began with. The sets, repetitions and loads of its other exercises are "
    "not given."
)
HOLDS_LYING_FIRST = (
    "In that trial everyone began with these holds, the standing one included; with high "
    "irritability, start with the hold lying on the back and add the standing hold once "
    "standing is comfortable."
)
TRAINING_DAYS = (
    "Days per week count all training days; each muscle group is usually trained on only some "
    "of them."
)


def dose_notes(choice: ProgrammeChoice) -> list[str]:
    """Sentences shown above the dose card so no dose is read without its context.

    >>> dose_notes(ProgrammeChoice(goal="strength", stage="high"))[0].startswith("These doses")
    True
    >>> dose_notes(ProgrammeChoice(goal="strength", stage="low")) == [TRAINING_DAYS]
    True
    """
    notes = []
    if choice.lateral_hip_pain or choice.stage in CAUTION_STAGES:
        if choice.goal != "rehabilitation":
            notes.append(SYMPTOMS_SET_THE_LOAD)
        if hides_heavy_loading(choice) and choice.goal == "strength":
            notes.append(HEAVY_LEFT_OUT)
    if choice.goal == "rehabilitation":
        notes.append(TRIAL_LOAD_UNKNOWN if choice.lateral_hip_pain else TRIAL_PROGRAMMES)
        if choice.lateral_hip_pain and choice.stage == "high":
            notes.append(HOLDS_LYING_FIRST)
    if choice.goal == "strength":
        notes.append(TRAINING_DAYS)
    return notes


STAGE_RULES = {
    "high": (
        "High irritability: lying on the back, front or side, kneeling, front-plank and "
        "side-plank positions; nothing standing."
    ),
    "moderate": "Moderate irritability: standing exercises allowed; no hops.",
    "low": "Low irritability: every position, hops included.",
}
HIGH_WITH_LATERAL_HIP_PAIN = (
    "High irritability: lying on the back or front, kneeling and front-plank positions "
    "(side-lying and side planks stay out for lateral hip pain); nothing standing."
)
EQUIPMENT_RULES = {
    "bodyweight": "Body weight only: exercises that need no equipment.",
    "home": "Home: body weight, elastic bands and a step.",
    "gym": "Gym: any equipment.",
}


def rules_applied(choice: ProgrammeChoice) -> list[str]:
    """The rules behind a shortlist, in words, so the learner can check the reasoning.

    >>> rules_applied(ProgrammeChoice(stage="low", equipment="gym"))[0]
    'Low irritability: every position, hops included.'
    >>> rules_applied(ProgrammeChoice(stage="high", lateral_hip_pain=True))[0][:60]
    'High irritability: lying on the back or front, kneeling and '
    """
    stage_rule = STAGE_RULES[choice.stage]
    if choice.stage == "high" and choice.lateral_hip_pain:
        stage_rule = HIGH_WITH_LATERAL_HIP_PAIN
    rules = [stage_rule, EQUIPMENT_RULES[choice.equipment]]
    if choice.lateral_hip_pain:
        rules.append(
            "Lateral hip pain: positions that load the lateral hip in adduction (side-lying and "
            "side-plank work) are left out; single-leg positions are flagged."
        )
    rules.append("Only exercises with at least one EMG value in the course's data are listed.")
    return rules
