"""Check-yourself questions: marking answers and keeping score.

The questions live in ``data/quizzes.yaml``; this module holds the logic a
quiz widget needs, with no display code, so it can be tested directly.

>>> quiz = Quiz.for_notebook("01_anatomy")
>>> question = quiz.questions[0]
>>> feedback = quiz.answer(question.id, question.answer)
>>> feedback.correct
True
>>> quiz.score()
(1, 1)
>>> quiz.reset(); quiz.score()
(0, 0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glutelab.data import load_quizzes

__all__ = ["Feedback", "Question", "Quiz"]


@dataclass(frozen=True)
class Question:
    """One multiple-choice or true/false question."""

    id: str
    kind: str
    text: str
    choices: tuple[str, ...]
    answer: int
    explanation: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feedback:
    """What a learner is told after choosing an answer."""

    correct: bool
    chosen: str
    right_answer: str
    explanation: str
    refs: tuple[str, ...]

    @property
    def headline(self) -> str:
        """'Correct.' or 'Not quite: the answer is ...'."""
        if self.correct:
            return "Correct."
        return f"Not quite. The answer is: {self.right_answer}"


@dataclass
class Quiz:
    """A notebook's questions and the learner's answers so far."""

    questions: list[Question]
    answers: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_notebook(cls, notebook: str) -> Quiz:
        """The questions of one notebook (e.g. ``"02_weakness_motor_control_inhibition"``)."""
        frame = load_quizzes(notebook)
        if frame.empty:
            raise ValueError(f"no quiz questions for notebook {notebook!r} in quizzes.yaml")
        questions = [
            Question(
                id=str(qid),
                kind=str(row["kind"]),
                text=str(row["question"]),
                choices=tuple(str(c) for c in row["choices"]),
                answer=int(row["answer"]),
                explanation=str(row["explanation"]),
                refs=tuple(str(r) for r in row["refs"]),
            )
            for qid, row in frame.iterrows()
        ]
        return cls(questions=questions)

    def question(self, question_id: str) -> Question:
        """The question with this id."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"unknown question {question_id!r}")

    def answer(self, question_id: str, choice: int) -> Feedback:
        """Record the learner's choice (0-based) and return the feedback for it."""
        question = self.question(question_id)
        if not 0 <= choice < len(question.choices):
            raise ValueError(
                f"choice {choice} is not one of the {len(question.choices)} choices "
                f"of question {question_id!r}"
            )
        self.answers[question_id] = choice
        return Feedback(
            correct=choice == question.answer,
            chosen=question.choices[choice],
            right_answer=question.choices[question.answer],
            explanation=question.explanation,
            refs=question.refs,
        )

    def score(self) -> tuple[int, int]:
        """(right answers, questions answered)."""
        right = sum(self.question(q).answer == c for q, c in self.answers.items())
        return right, len(self.answers)

    def reset(self) -> None:
        """Forget every answer (try again)."""
        self.answers.clear()
