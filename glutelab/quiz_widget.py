"""The check-yourself quiz at the end of each notebook.

Each question has radio choices (Tab to a choice, Space to tick it), a *Check*
button (Enter or Space), and feedback that explains why, with the reference.
A score line and a *Try again* button sit at the end.

>>> box = quiz("01_anatomy")
>>> "<h3" in box.children[0].value
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from glutelab.data import load_references
from glutelab.quizzes import Question, Quiz
from glutelab.widgets import escape, references_html, status_html

__all__ = ["CHOICES_CSS", "QuestionView", "quiz"]

CHOICES_CLASS = "glutelab-choices"
CHOICES_CSS = (
    "<style>"
    f".{CHOICES_CLASS} label{{height:auto;min-height:var(--jp-widgets-radio-item-height);"
    "line-height:1.4;padding:3px 0;display:flex;flex-direction:row-reverse;"
    "justify-content:flex-end;align-items:flex-start;white-space:normal}"
    f".{CHOICES_CLASS} input{{float:none;flex:none;height:auto;margin:3px 8px 0 1px}}"
    "</style>"
)
"""ipywidgets gives each radio choice one line's height, so a long choice that wraps spills
over the next one and its button drifts away from it. This rule lets a choice grow to its
text, with the button on its first line (the quiz's title carries it)."""


class QuestionView:
    """The widgets of one question, wired to a :class:`~glutelab.quizzes.Quiz`."""

    def __init__(self, quiz: Quiz, question: Question, number: int, on_answer: Any) -> None:
        self.quiz, self.question, self._on_answer = quiz, question, on_answer
        total = len(quiz.questions)
        self.prompt = w.HTML(
            f'<p id="q-{escape(question.id)}"><b>Question {number} of {total}.</b> '
            f"{escape(question.text)}</p>"
        )
        self.choices = w.RadioButtons(
            options=[(text, i) for i, text in enumerate(question.choices)],
            value=None,
            description="Your answer:",
            style={"description_width": "initial"},
            layout=w.Layout(width="max-content", max_width="100%"),
        )
        self.choices.add_class(CHOICES_CLASS)
        self.check = w.Button(
            description="Check answer",
            tooltip=f"Check your answer to question {number}",
            button_style="primary",
            disabled=True,
        )
        self.feedback = w.HTML(status_html(""))
        self.choices.observe(self._chosen, names="value")
        self.check.on_click(self._check)
        self.box = w.VBox(
            [self.prompt, self.choices, self.check, self.feedback],
            layout=w.Layout(border="1px solid #DDDDDD", padding="8px", margin="0 0 10px 0"),
        )

    def _chosen(self, change: dict[str, Any]) -> None:
        self.check.disabled = change["new"] is None

    def _check(self, _: object = None) -> None:
        if self.choices.value is None:
            self.feedback.value = status_html("Choose an answer first.", kind="warn")
            return
        feedback = self.quiz.answer(self.question.id, int(self.choices.value))
        refs = references_html(feedback.refs, load_references())
        self.feedback.value = (
            status_html(feedback.headline, kind="good" if feedback.correct else "warn")
            + f"<p>{escape(feedback.explanation)}</p>"
            + (f"<details><summary>Reference</summary>{refs}</details>" if refs else "")
        )
        self._on_answer()

    def reset(self) -> None:
        """Clear the choice and the feedback."""
        self.choices.value = None
        self.feedback.value = status_html("")


def quiz(notebook: str) -> w.VBox:
    """The quiz widget for one notebook (questions from ``data/quizzes.yaml``)."""
    state = Quiz.for_notebook(notebook)
    score = w.HTML()
    views: list[QuestionView] = []

    def update_score() -> None:
        right, answered = state.score()
        total = len(state.questions)
        message = f"Score: {right} of {answered} answered correctly ({total} questions)."
        if answered == total:
            message += (
                " Well done." if right == total else " Review the ones you missed and try again."
            )
        score.value = status_html(
            message, kind="good" if answered and right == answered else "info"
        )

    views = [QuestionView(state, q, i, update_score) for i, q in enumerate(state.questions, 1)]
    again = w.Button(description="Try again", tooltip="Clear all answers and start over")

    def restart(_: object = None) -> None:
        state.reset()
        for view in views:
            view.reset()
        update_score()

    again.on_click(restart)
    update_score()
    title = w.HTML(CHOICES_CSS + '<h3 style="margin-top:0">Check yourself</h3>')
    return w.VBox([title, *[v.box for v in views], score, again])
