"""The myth-versus-evidence explorer and the client-phrase matcher.

Choose a myth: the view shows the claim, a verdict badge (words, not only
colour), what is true in it, the evidence with formatted citations, the
strength of that evidence, what to say to the client instead, and a chart of
the EMG rows that illustrate it. Or type what a client said and let the
matcher find the myth. Every text from the data files is HTML-escaped; all
content is in HTML widgets, so it works the same in JupyterLab and Voila.

>>> view = myth_explorer()
>>> view.myth.value = "sitting_switches_off"
>>> "Verdict: unsupported" in view.verdict.value
True
>>> view.phrase.value = "my butt's asleep"
>>> view.find.click()
>>> view.myth.value
'never_fire'
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from glutelab.bands import band_table
from glutelab.data import load_emg, load_exercises, load_myths, load_references, study_names
from glutelab.evidence import evidence_table, myth_rows, one_per_dataset, rank, ranking_status
from glutelab.html_charts import HtmlChart, ranked_chart_html
from glutelab.matcher import match_phrase
from glutelab.widgets import (
    ChartView,
    Renderings,
    escape,
    fingerprint,
    reference_item_html,
    settled,
    status_html,
)

__all__ = ["MythExplorer", "evidence_html", "myth_explorer", "verdict_html"]

CHART_TITLE = "Gluteal EMG in the exercises behind this myth"

VERDICTS = {
    "false": ("FALSE", "#8A1C1C", "The evidence contradicts this claim."),
    "unsupported": (
        "UNSUPPORTED",
        "#5A3A78",
        "No study has tested this claim directly, and the indirect evidence does not show it.",
    ),
    "oversimplified": (
        "OVERSIMPLIFIED",
        "#7A4A00",
        "There is a grain of truth, but the claim goes too far.",
    ),
    "partly_true": ("PARTLY TRUE", "#1F4E79", "Part of the claim holds; part does not."),
}
DIRECTIONS = {
    "contradicts": "Evidence against the myth",
    "supports": "Supports part of the myth",
    "mixed": "Mixed evidence",
}


def verdict_html(verdict: str) -> str:
    """A badge whose words carry the verdict (colour only helps).

    >>> "Verdict: false" in verdict_html("false")
    True
    """
    word, colour, meaning = VERDICTS.get(verdict, (verdict.upper(), "#333333", ""))
    return (
        f'<div class="glutelab-verdict" style="margin:4px 0"><span style="background:{colour};'
        f'color:white;padding:3px 10px;border-radius:4px;font-weight:bold">Verdict: '
        f"{escape(verdict.replace('_', ' '))}</span> <span>{escape(meaning)}</span>"
        f'<span style="display:none">{escape(word)}</span></div>'
    )


def evidence_html(items: list[dict[str, Any]], references: pd.DataFrame) -> str:
    """The myth's evidence items: finding, direction in words, design, sample and citation.

    Where each finding was read, and the citation's record note, sit in the citation's
    "Source details" disclosure.

    Examples
    --------
    >>> items = load_myths().loc["never_fire", "evidence"]
    >>> html = evidence_html(items, load_references())
    >>> html.count("<li") == len(items) == html.count("<details")  # one disclosure each
    True
    >>> [item["direction"] for item in items].count("contradicts") == html.count(
    ...     "<b>Evidence against the myth.</b>"
    ... )
    True
    """
    rows = []
    for item in items:
        ref = str(item["ref"])
        seen_at = str(item.get("seen_at") or "")
        citation = reference_item_html(ref, references, seen_at=seen_at)
        n = f" (n = {item['n']})" if item.get("n") else ""
        rows.append(
            "<li style='margin-bottom:6px'>"
            f"<b>{escape(DIRECTIONS.get(str(item['direction']), item['direction']))}.</b> "
            f"{escape(item['finding'])}<br><small><i>Design:</i> {escape(item['design'])}; "
            f"<i>sample:</i> {escape(item['sample'])}{escape(n)}.<br>{citation}</small></li>"
        )
    return "<ul>" + "".join(rows) + "</ul>"


class MythExplorer(w.VBox):  # type: ignore[misc]
    """Myth selector, phrase matcher, verdict, evidence and linked chart, updated together."""

    def __init__(self) -> None:
        self.myths = load_myths()
        self.references = load_references()
        self.names = study_names()
        self.bands = band_table()
        self.evidence = evidence_table(load_emg(), load_exercises())
        self._inputs = fingerprint(self.myths, self.evidence, self.bands, self.names)
        """What the charts are drawn from: part of their key in the shared renderings."""
        options = [(self._short(str(c)), str(i)) for i, c in self.myths["claim"].items()]
        self.myth = w.Dropdown(
            options=options,
            description="Myth:",
            layout=w.Layout(width="95%"),
            style={"description_width": "initial"},
        )
        self.phrase = w.Text(
            placeholder="e.g. my butt's asleep",
            description="What did the client say?",
            style={"description_width": "initial"},
            layout=w.Layout(width="70%"),
            continuous_update=False,
        )
        self.find = w.Button(description="Find the myth", tooltip="Match the phrase to a myth")
        self.matches = w.HTML(status_html(""), layout=w.Layout(width="100%"))
        self.verdict = w.HTML()
        self.text = w.HTML()
        self.chart_view = ChartView(Renderings.shared("myth"))
        self.chart_note = w.HTML()
        self.myth.observe(self._changed, names="value")
        self.phrase.observe(self._match, names="value")
        self.find.on_click(self._match)
        super().__init__(
            [
                w.HBox([self.phrase, self.find]),
                self.matches,
                self.myth,
                self.verdict,
                self.text,
                self.chart_note,
                self.chart_view,
            ]
        )
        self.show(self.myth.value)

    def _claim(self, myth_id: str) -> str:
        """A myth's claim, in full."""
        return str(self.myths.at[myth_id, "claim"])

    @staticmethod
    def _short(claim: str) -> str:
        return claim if len(claim) <= 90 else claim[:87] + "..."

    def _changed(self, change: dict[str, Any]) -> None:
        self.show(change["new"])

    def _match(self, _: object = None) -> None:
        text = self.phrase.value.strip()
        if not text:
            self.matches.value = status_html("Type what the client said, then press Enter.")
            return
        found = match_phrase(text, self.myths)
        if not found:
            self.matches.value = status_html(
                f"No close match for \u201c{text}\u201d among the course's myths.", kind="warn"
            )
            return
        listing = "; ".join(  # each claim in full: the line wraps, nothing is cut off
            f"{self._claim(m.myth_id)} (score {m.score:.2f})" for m in found
        )
        self.matches.value = status_html(
            f"Most likely: {listing}. Showing the best match below.", kind="good"
        )
        self.myth.value = found[0].myth_id

    def show(self, myth_id: str) -> None:
        """Show one myth: verdict, text and chart change together."""
        if myth_id not in self.myths.index:
            raise KeyError(f"unknown myth {myth_id!r}; known: {', '.join(self.myths.index)}")
        myth = self.myths.loc[myth_id]
        self.verdict.value = verdict_html(str(myth["verdict"]))
        phrases = ", ".join(f"\u201c{escape(p)}\u201d" for p in list(myth["client_phrases"])[:4])
        self.text.value = (
            f"<h3>The claim</h3><p>{escape(myth['claim'])}</p>"
            f"<p><small>How clients say it: {phrases}</small></p>"
            f"<h3>What is true in it</h3><p>{escape(myth['whats_true'])}</p>"
            "<h3>What the evidence shows</h3>"
            f"{evidence_html(list(myth['evidence']), self.references)}"
            f"<h3>How strong is this evidence?</h3><p>{escape(myth['strength'])}</p>"
            f"<h3>What to say instead</h3><blockquote>{escape(myth['say_instead'])}</blockquote>"
        )
        rows = self._rows(myth_id)
        if rows.empty:
            self.chart_note.value = status_html(
                "No EMG rows in the evidence base illustrate this myth."
            )
            self.chart_view.clear()
            return
        self.chart_note.value = "<h3>EMG that illustrates it</h3>" + status_html(
            ranking_status(rows)
        )

        def draw() -> HtmlChart:
            return ranked_chart_html(
                rows, bands=self.bands, citations=self.names, title=CHART_TITLE
            )

        self.chart_view.show_markup(Renderings.key(myth_id, self._inputs), draw)

    def _rows(self, myth_id: str) -> pd.DataFrame:
        """The ranked EMG rows that illustrate one myth (empty when none does)."""
        filt = self.myths.loc[myth_id].get("emg_filter")
        chosen = myth_rows(self.evidence, filt if isinstance(filt, dict) else None)
        return rank(one_per_dataset(chosen))


def myth_explorer() -> MythExplorer:
    """The myth-versus-evidence explorer used in ``03_myths_vs_evidence.ipynb``."""
    return settled(MythExplorer())
