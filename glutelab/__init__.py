"""glutelab: a Jupyter teaching package on the gluteal muscles.

Layers, each importing only the ones before it:

1. ``glutelab.data`` loads and validates the evidence tables (``data/``);
2. computations (``glutelab.bands``, ``glutelab.citations``) are pure functions on those tables;
3. ``glutelab.plots`` draws figures from tidy frames;
4. ``glutelab.widgets`` composes controls, plots and text;
5. the notebooks hold the teaching prose and short calls.

Names are imported lazily, so ``import glutelab`` stays cheap:

>>> import glutelab
>>> glutelab.load_emg().shape[1] > 10
True
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "DataError": "glutelab.errors",
    "load_activation_bands": "glutelab.data",
    "load_anatomy": "glutelab.data",
    "load_assessment_tests": "glutelab.data",
    "load_dosage": "glutelab.data",
    "load_nerve_block_abduction": "glutelab.data",
    "load_trials": "glutelab.data",
    "load_task_demands": "glutelab.data",
    "load_hip_function": "glutelab.data",
    "load_citation_audit": "glutelab.data",
    "load_emg": "glutelab.data",
    "load_exercises": "glutelab.data",
    "load_gta_index": "glutelab.data",
    "load_gait_recording": "glutelab.data",
    "load_gait_events": "glutelab.data",
    "load_exercise_hip_flexion": "glutelab.data",
    "load_hip_moment_arms": "glutelab.data",
    "load_model_comparison": "glutelab.data",
    "load_myths": "glutelab.data",
    "load_references": "glutelab.data",
    "load_studies": "glutelab.data",
    "load_quizzes": "glutelab.data",
    "study_names": "glutelab.data",
    "band_table": "glutelab.bands",
    "quiz": "glutelab.quiz_widget",
    "reference_list": "glutelab.widgets",
    "hip_diagram": "glutelab.diagrams",
    "anatomy_explorer": "glutelab.anatomy_widget",
    "anatomy_table": "glutelab.anatomy_widget",
    "exercise_explorer": "glutelab.exercises_widget",
    "family_table": "glutelab.exercises_widget",
    "family_ids": "glutelab.exercises_widget",
    "plots": "glutelab.plots",
    "myth_explorer": "glutelab.myths_widget",
    "match_phrase": "glutelab.matcher",
    "match_myths": "glutelab.matcher",
    "citation_audit_explorer": "glutelab.audit_widget",
    "emg_pipeline_explorer": "glutelab.emg_widget",
    "scenario_explorer": "glutelab.scenarios_widget",
    "client_case_table": "glutelab.programme_widget",
    "programme_builder": "glutelab.programme_widget",
    "trial_table": "glutelab.practice_widget",
    "assessment_table": "glutelab.practice_widget",
    "nerve_block_table": "glutelab.practice_widget",
    "compression_table": "glutelab.practice_widget",
    "dose_table": "glutelab.practice_widget",
    "nerve_block_figure": "glutelab.practice_widget",
    "trial_success_figure": "glutelab.practice_widget",
    "trial_values_figure": "glutelab.practice_widget",
    "task_demand_table": "glutelab.practice_widget",
    "hip_function_table": "glutelab.practice_widget",
    "hip_mechanics_explorer": "glutelab.hip_mechanics_widget",
    "activation_band": "glutelab.bands",
    "label_bands": "glutelab.bands",
    "format_reference": "glutelab.citations",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'glutelab' has no attribute {name!r}")
    value = import_module(module)
    if module != f"glutelab.{name}":  # a name inside a module, not the module itself
        value = getattr(value, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def _setup_notebook() -> None:
    """Show data-file problems as one readable line when running under IPython."""
    import sys

    if "IPython" in sys.modules:
        from glutelab.errors import show_data_errors_briefly

        show_data_errors_briefly()


_setup_notebook()
