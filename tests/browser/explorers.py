"""What the explorers must show, computed from glutelab's data, and chart checks.

Shared by the JupyterLab tests (``test_lab_explorers.py``) and the Voilà tests
(``test_voila_apps.py``): expected texts and counts come from the package's data and
computation functions (``filter_evidence``, ``filter_audit``, ``run_pipeline``, the scenario
and myth tables), never from the widgets, so a test fails if the browser shows something else
than the data say.
"""

from __future__ import annotations

import re

from playwright.sync_api import Error, Locator, expect

from glutelab.audit_widget import filter_audit
from glutelab.data import load_anatomy, load_citation_audit, load_emg, load_exercises
from glutelab.emg_widget import PipelineSettings, run_pipeline
from glutelab.evidence import EvidenceFilter, evidence_table, filter_evidence, rank
from glutelab.gait_emg import recorded_profiles, recorded_trial
from glutelab.myths_widget import VERDICTS
from glutelab.scenarios import SCENARIOS

from .helpers import chart_src

TIMEOUT_MS = 60_000  # as conftest.TIMEOUT_MS


def exactly(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def containing(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text))


def chart_in(explorer: Locator) -> Locator:
    chart = explorer.locator("figure.glutelab-chart img")
    expect(chart).to_have_count(1)
    return chart


def expect_chart_changed(explorer: Locator, *earlier: str) -> str:
    """Wait until the explorer's chart src differs from every ``earlier`` one; the new src.

    The chart widget replaces its ``<img>`` on every update, so the wait looks the image up
    again from the explorer's output area each time. (Not ``not_to_have_attribute``: its
    failure message would print whole PNGs.)
    """
    try:
        explorer.page.wait_for_function(
            """([area, olds]) => {
                const img = area.querySelector('figure.glutelab-chart img');
                return img !== null && !olds.includes(img.getAttribute('src'));
            }""",
            arg=[explorer.element_handle(), list(earlier)],
            timeout=TIMEOUT_MS,
        )
    except Error as error:
        chart = explorer.locator("figure.glutelab-chart img")
        src = chart.first.get_attribute("src") if chart.count() else None
        which = [n for n, old in enumerate(earlier, start=1) if old == src]
        alt = (chart.first.get_attribute("alt") or "") if chart.count() else "(no chart)"
        raise AssertionError(
            f"the chart did not change: it is still chart number {which} of the "
            f"{len(earlier)} seen before (alt: {alt[:160]!r})"
        ) from error
    chart = chart_in(explorer)
    expect(chart).to_have_attribute("alt", re.compile(r"\S"))
    return chart_src(chart)


def html_chart_in(explorer: Locator) -> Locator:
    """The explorer's chart drawn by the browser (``glutelab.html_charts``): one figure,
    with a role and an accessible name."""
    chart = explorer.locator("figure.glutelab-html-chart")
    expect(chart).to_have_count(1)
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute("aria-label", re.compile(r"\S"))
    return chart


def expect_html_chart_changed(explorer: Locator, *earlier: str) -> str:
    """Wait until the explorer's HTML chart differs from every ``earlier`` one (its markup);
    the new markup."""
    try:
        explorer.page.wait_for_function(
            """([area, olds]) => {
                const chart = area.querySelector('figure.glutelab-html-chart');
                return chart !== null && !olds.includes(chart.outerHTML);
            }""",
            arg=[explorer.element_handle(), list(earlier)],
            timeout=TIMEOUT_MS,
        )
    except Error as error:
        chart = explorer.locator("figure.glutelab-html-chart")
        label = (chart.first.get_attribute("aria-label") or "") if chart.count() else "(none)"
        raise AssertionError(f"the chart did not change (label: {label[:160]!r})") from error
    return html_chart_in(explorer).evaluate("chart => chart.outerHTML")


def nerve(muscle: str, region: str) -> str:
    """The *Nerve* entry of the anatomy explorer's fact card, from data/anatomy.csv."""
    anatomy = load_anatomy()
    row = anatomy[(anatomy["muscle"] == muscle) & (anatomy["region"] == region)].iloc[0]
    return str(row["nerve"])


def card_entry(card: Locator, term: str) -> Locator:
    """The value cell of the row whose header is ``term`` in a fact card."""
    return card.locator(f'xpath=.//th[normalize-space()="{term}"]/following-sibling::td[1]')


def scenario_caption(scenario_id: str) -> str:
    scenario = SCENARIOS[scenario_id]
    return f"{scenario.name}: {scenario.summary}"


def myth_label(claim: str) -> str:
    """The drop-down's label of a claim (long claims are shortened, as in the widget)."""
    return claim if len(claim) <= 90 else claim[:87] + "..."


def verdict_words(verdict: str) -> re.Pattern[str]:
    """The badge's visible words (it also holds a hidden upper-case copy for search)."""
    meaning = VERDICTS[verdict][2]
    return re.compile(rf"^Verdict: {re.escape(verdict.replace('_', ' '))}\s+{re.escape(meaning)}")


def ranked(**settings: object) -> tuple[int, int]:
    """How many rows and sources the exercise explorer ranks for these filter settings."""
    table = evidence_table(load_emg(), load_exercises())
    rows = rank(filter_evidence(table, EvidenceFilter(**settings)))  # type: ignore[arg-type]
    # each dataset once: a row repeating the value of a listed row is not shown (pandas, not
    # glutelab.evidence.one_per_dataset, so the check is independent of it)
    listed = set(rows["row_id"])
    repeats = rows["dependence"].eq("same_value") & rows["includes"].map(
        lambda ids: isinstance(ids, str) and set(ids.split(";")) <= listed
    )
    rows = rows[~repeats.fillna(False).astype(bool)]
    return len(rows), int(rows["study_id"].nunique())


def status_words(rows: int, sources: int) -> re.Pattern[str]:
    """The status line's opening: the counts (a note on merged values or mixed statistics
    may follow)."""
    values = "value" if rows == 1 else "values"
    counted = f"{rows} reported {values} from {sources} source{'s' if sources != 1 else ''}"
    return re.compile(rf"^\s*{re.escape(counted)}[.;]")


def ranked_rows(explorer: Locator) -> Locator:
    return explorer.locator("table.glutelab-ranked tbody tr")


def pct_values(explorer: Locator) -> list[float]:
    """The %MVIC column of the ranked table (the bold number in column 5)."""
    texts = explorer.locator("table.glutelab-ranked tbody tr td:nth-child(5) b").all_inner_texts()
    return [float(t) for t in texts]


def expect_ranked(explorer: Locator, rows: int, sources: int) -> None:
    status = explorer.get_by_role("status")
    expect(status).to_have_text(status_words(rows, sources))
    expect(ranked_rows(explorer)).to_have_count(min(rows, 40))
    values = pct_values(explorer)
    assert values == sorted(values, reverse=True), "the table is not ranked highest first"


def pipeline_status(settings: PipelineSettings) -> str:
    run = run_pipeline(settings)
    return (
        f"Mean {run.summary.mean_pct_mvic:.0f} %MVIC, peak {run.summary.peak_pct_mvic:.0f} %MVIC"
        f" over the repetition (0.5-1.7 s); MVIC reference {run.reference_mv:.3f} mV "
        f"({settings.smoothing_label()})"
    )


def recorded_cycle_status(muscle: str, number: int) -> tuple[str, str]:
    """Two parts of the recorded explorer's status line for a cycle, from glutelab.gait_emg:
    the cycle with its duration and stance, and where its envelope (6 Hz) peaks."""
    trial = recorded_trial()
    cycle = trial.cycles[number - 1]
    profile = recorded_profiles(trial)[muscle]
    peak_at = float(profile.pct_cycle[int(profile.cycles[number - 1].argmax())])
    name = muscle.replace("_", " ")
    return (
        f"{name}, cycle {number} of {len(trial.cycles)} ({cycle.duration_s:.2f} s, "
        f"stance {cycle.stance_pct:.0f} % of the cycle)",
        f"peaks at {peak_at:.0f} % of the cycle",
    )


def audit_count(**filters: object) -> tuple[int, list[int]]:
    """Total citations, and the numbers of those that pass the filters."""
    from glutelab.data import load_references

    audit = load_citation_audit()
    rows = filter_audit(audit, references=load_references(), **filters)  # type: ignore[arg-type]
    return len(audit), [int(n) for n in rows["ref_no"]]


def expect_audit(explorer: Locator, total: int, numbers: list[int]) -> None:
    status = explorer.get_by_role("status")
    expect(status).to_have_text(exactly(f"{len(numbers)} of {total} citations shown."))
    rows = explorer.locator("table.glutelab-audit tbody tr")
    expect(rows).to_have_count(len(numbers))
    shown = [int(n or 0) for n in rows.evaluate_all("rs => rs.map(r => r.dataset.ref)")]
    assert shown == numbers


def hip_words(muscle: str, pose: tuple[int, int, int], axis: str = "rotation") -> list[str]:
    """What the hip mechanics explorer's status line must say of each compartment of
    ``muscle`` (a course muscle id) at ``pose``: ``'<n> <label>: <action>'``, the action about
    ``axis`` from the sign of its moment arm in data/hip_moment_arms.csv (none when it shows as
    0 mm)."""
    from glutelab.data import load_hip_moment_arms
    from glutelab.hip_mechanics_plots import compartment_label

    arms = load_hip_moment_arms()
    flexion, adduction, rotation = pose
    rows = arms[
        (arms["muscle"] == muscle)
        & (arms["hip_flexion_deg"] == flexion)
        & (arms["hip_adduction_deg"] == adduction)
        & (arms["hip_rotation_deg"] == rotation)
    ].sort_values("muscle_id")
    assert not rows.empty, f"no rows for {muscle} at {pose}"
    positive, negative = {
        "flexion": ("flexion", "extension"),
        "adduction": ("adduction", "abduction"),
        "rotation": ("internal rotation", "external rotation"),
    }[axis]
    column = f"{axis}_moment_arm_mm"

    def action(arm: float) -> str:  # a moment arm that rounds to 0 mm: no leverage
        if round(abs(arm)) == 0:
            return "no leverage (0 mm)"
        return positive if arm > 0 else negative

    return [
        f"{number} {compartment_label(str(row.muscle_id))}: " + action(getattr(row, column))
        for number, row in enumerate(rows.itertuples(), start=1)
    ]
