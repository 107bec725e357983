"""Weakness, altered motor control and inhibition, simulated side by side.

**Everything here is a simulation for teaching**, built on
:mod:`glutelab.emg`; the parameters are illustrations, not values from a
study. Each scenario changes one thing relative to a typical pattern in a
task where the hamstrings and gluteus maximus both work (think of a bridge
or a step-up):

* ``typical``: gluteus maximus and hamstrings start together;
* ``weakness``: the muscle can produce less force, so the **same task takes
  a larger share of its maximum** (a higher %MVIC), although the EMG is there;
* ``motor_control``: gluteus maximus starts **later** than the hamstrings;
* ``inhibition``: after joint irritation the nervous system **turns gluteal
  output down**, so amplitude is lower for the same task (reduced, not absent);
* ``redistribution``: the work is **shared differently**: less from gluteus
  maximus, more from the hamstrings;
* ``switched_off``: the myth's flat line, drawn for contrast: no study in the
  course recorded it.

>>> trial = simulate_scenario(SCENARIOS["motor_control"], seed=3)
>>> result = measure(trial)
>>> abs(result.onset_delay_s - SCENARIOS["motor_control"].onset_delay_s) < 0.05
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from glutelab.emg import (
    activation_profile,
    bandpass,
    detect_onset,
    linear_envelope,
    mvic_reference,
    normalise_to_mvic,
    simulate_emg,
)

__all__ = ["SCENARIOS", "Measured", "Scenario", "SimulatedTrial", "measure", "simulate_scenario"]

FloatArray = npt.NDArray[np.float64]

SAMPLING_RATE_HZ = 2000.0
DURATION_S = 3.0
TASK_ONSET_S = 1.0
TASK_OFFSET_S = 2.4
TASK_DEMAND = 0.35
"""Share of a typical person's maximum the task asks of gluteus maximus (illustrative)."""
ONSET_CUTOFF_HZ = 50.0
"""Envelope cut-off for onset timing (a 6 Hz envelope smears the onset earlier; see emg)."""


@dataclass(frozen=True)
class Scenario:
    """One story, as the parameters of a simulation."""

    id: str
    name: str
    summary: str
    onset_delay_s: float = 0.0
    amplitude_ratio: float = 1.0
    strength_ratio: float = 1.0
    hamstring_ratio: float = 1.0
    conclude: str = ""
    """What a clinician could reasonably conclude from such a recording."""
    cannot_conclude: str = ""
    """What the recording cannot tell them."""

    def __post_init__(self) -> None:
        if not 0 <= self.onset_delay_s <= 0.5:
            raise ValueError(f"onset_delay_s must be between 0 and 0.5 s, got {self.onset_delay_s}")
        if not 0 <= self.amplitude_ratio <= 1.5:
            raise ValueError(f"amplitude_ratio must be in [0, 1.5], got {self.amplitude_ratio}")
        if not 0 < self.hamstring_ratio <= 2.0:
            raise ValueError(f"hamstring_ratio must be in (0, 2], got {self.hamstring_ratio}")
        if not 0 < self.strength_ratio <= 1.5:
            raise ValueError(f"strength_ratio must be in (0, 1.5], got {self.strength_ratio}")


SCENARIOS = {
    s.id: s
    for s in (
        Scenario(
            "typical",
            "Typical",
            "Gluteus maximus and hamstrings start together.",
            conclude="Both muscles share the task and switch on together.",
            cannot_conclude="How strong either muscle is: EMG amplitude is not force.",
        ),
        Scenario(
            "weakness",
            "Weakness",
            "Maximal force is 60% of typical, so the same task needs a larger share of it.",
            strength_ratio=0.6,
            conclude="The task takes a larger share of this muscle's maximum (higher %MVIC).",
            cannot_conclude="That the muscle is 'working better': a strength test, not EMG, "
            "shows the weakness.",
        ),
        Scenario(
            "motor_control",
            "Altered motor control",
            "Gluteus maximus starts 150 ms after the hamstrings.",
            onset_delay_s=0.15,
            conclude="The timing between the muscles differs from the typical pattern "
            "(as reported in some people with sacroiliac joint pain, Hungerford et al. 2003).",
            cannot_conclude="That the delay causes pain, or that it is abnormal for this "
            "person and task: in healthy people the hamstrings often start first in prone hip "
            "extension (Lewis & Sahrmann 2009).",
        ),
        Scenario(
            "inhibition",
            "Inhibition",
            "Gluteal output is turned down to 60% of typical for the same task.",
            amplitude_ratio=0.6,
            conclude="Output is lower than before for the same task (as after experimental hip "
            "joint effusion, Freeman et al. 2013), but present.",
            cannot_conclude="How long it will last, or its cause, from one recording.",
        ),
        Scenario(
            "redistribution",
            "Redistribution",
            "Gluteus maximus does 70% of its typical share; the hamstrings do 50% more.",
            amplitude_ratio=0.7,
            hamstring_ratio=1.5,
            conclude="The muscles share the task differently; the glutes still work.",
            cannot_conclude="Which pattern is 'right': different people and techniques share "
            "work differently, and studies compare groups, not individuals.",
        ),
        Scenario(
            "switched_off",
            "The myth: 'glutes switched off'",
            "A flat gluteal trace, drawn only for contrast.",
            amplitude_ratio=0.0,
            conclude="Nothing: no study in this course recorded a flat gluteal trace during "
            "the tasks tested.",
            cannot_conclude="A truly silent muscle would point to a nerve problem needing "
            "medical assessment, not to 'lazy glutes'.",
        ),
    )
}
"""The scenarios drawn in notebook 02 (illustrative parameters, not study values)."""


@dataclass(frozen=True)
class SimulatedTrial:
    """Simulated raw signals (mV) and their envelopes for one scenario."""

    scenario: Scenario
    seed: int
    time_s: FloatArray
    glute_raw: FloatArray
    hamstring_raw: FloatArray
    glute_pct_mvic: FloatArray
    hamstring_pct_mvic: FloatArray
    glute_onset_envelope: FloatArray
    hamstring_onset_envelope: FloatArray


@dataclass(frozen=True)
class Measured:
    """What an assessor would read off the simulated recording."""

    glute_onset_s: float | None
    hamstring_onset_s: float | None
    onset_delay_s: float
    glute_mean_pct_mvic: float
    amplitude_ratio: float
    """Glute %MVIC divided by the typical pattern's, for the same task
    (expected: ``amplitude_ratio / strength_ratio`` of the scenario)."""


def _glute_level(scenario: Scenario) -> float:
    """Share of this person's own maximum the task takes."""
    return min(1.0, TASK_DEMAND / scenario.strength_ratio * scenario.amplitude_ratio)


def _mvic_reference(seed: int) -> float:
    """Reference amplitude from a simulated maximal contraction of the same muscle."""
    fs = SAMPLING_RATE_HZ
    mvic = simulate_emg(activation_profile(DURATION_S, fs, 0.5, 2.5, 1.0), fs, seed=seed + 1000)
    return mvic_reference(linear_envelope(bandpass(mvic, fs), fs), fs, method="mean")


def simulate_scenario(scenario: Scenario, *, seed: int = 0) -> SimulatedTrial:
    """Simulate gluteus maximus and hamstrings in one task under ``scenario`` (seeded)."""
    fs = SAMPLING_RATE_HZ
    glute_profile = activation_profile(
        DURATION_S,
        fs,
        TASK_ONSET_S + scenario.onset_delay_s,
        TASK_OFFSET_S,
        _glute_level(scenario),
        ramp_s=0.05,
    )
    hamstring_profile = activation_profile(
        DURATION_S, fs, TASK_ONSET_S, TASK_OFFSET_S, 0.3 * scenario.hamstring_ratio, ramp_s=0.05
    )
    glute_raw = simulate_emg(glute_profile, fs, seed=seed)
    hamstring_raw = simulate_emg(hamstring_profile, fs, seed=seed + 1)
    reference = _mvic_reference(seed)
    glute_filtered, hamstring_filtered = bandpass(glute_raw, fs), bandpass(hamstring_raw, fs)
    return SimulatedTrial(
        scenario=scenario,
        seed=seed,
        time_s=np.arange(glute_raw.size) / fs,
        glute_raw=glute_raw,
        hamstring_raw=hamstring_raw,
        glute_pct_mvic=normalise_to_mvic(linear_envelope(glute_filtered, fs), reference),
        hamstring_pct_mvic=normalise_to_mvic(linear_envelope(hamstring_filtered, fs), reference),
        glute_onset_envelope=linear_envelope(glute_filtered, fs, cutoff_hz=ONSET_CUTOFF_HZ),
        hamstring_onset_envelope=linear_envelope(hamstring_filtered, fs, cutoff_hz=ONSET_CUTOFF_HZ),
    )


def _plateau_mean(pct: FloatArray, scenario: Scenario) -> float:
    start = int((TASK_ONSET_S + scenario.onset_delay_s + 0.2) * SAMPLING_RATE_HZ)
    end = int((TASK_OFFSET_S - 0.2) * SAMPLING_RATE_HZ)
    return float(np.mean(pct[start:end]))


def measure(trial: SimulatedTrial) -> Measured:
    """Onsets (threshold method), their difference, and amplitude relative to typical."""
    fs = SAMPLING_RATE_HZ
    glute_onset = detect_onset(trial.glute_onset_envelope, fs)
    hamstring_onset = detect_onset(trial.hamstring_onset_envelope, fs)
    delay = (
        float("nan")
        if glute_onset is None or hamstring_onset is None
        else glute_onset - hamstring_onset
    )
    typical = simulate_scenario(SCENARIOS["typical"], seed=trial.seed)
    mean_pct = _plateau_mean(trial.glute_pct_mvic, trial.scenario)
    return Measured(
        glute_onset_s=glute_onset,
        hamstring_onset_s=hamstring_onset,
        onset_delay_s=delay,
        glute_mean_pct_mvic=mean_pct,
        amplitude_ratio=mean_pct / _plateau_mean(typical.glute_pct_mvic, typical.scenario),
    )
