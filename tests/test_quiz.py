"""Quiz logic and the quiz widget: feedback, score, retry, escaping."""

from __future__ import annotations

import pytest
import yaml

import glutelab
from glutelab.quiz_widget import quiz
from glutelab.quizzes import Quiz

from .conftest import ROOT

NOTEBOOKS = sorted(set(glutelab.load_quizzes()["notebook"]))
# The questions as written in the YAML file, read without the package: the expected answers.
RAW = yaml.safe_load((ROOT / "data" / "quizzes.yaml").read_text(encoding="utf-8"))


def test_every_notebook_quiz_has_at_least_five_questions() -> None:
    counts = glutelab.load_quizzes()["notebook"].value_counts()
    assert (counts >= 5).all(), counts.to_dict()
    assert {"01_anatomy", "02_weakness_motor_control_inhibition"} <= set(NOTEBOOKS)


def test_right_and_wrong_feedback_and_score() -> None:
    state = Quiz.for_notebook("01_anatomy")
    first, second = state.questions[:2]
    right = state.answer(first.id, first.answer)
    assert right.correct and right.headline == "Correct."
    wrong_choice = (second.answer + 1) % len(second.choices)
    wrong = state.answer(second.id, wrong_choice)
    assert not wrong.correct
    assert wrong.chosen == second.choices[wrong_choice]
    assert wrong.explanation == second.explanation
    assert state.score() == (1, 2)
    state.answer(second.id, second.answer)  # changing an answer replaces it
    assert state.score() == (2, 2)
    state.reset()
    assert state.score() == (0, 0)


@pytest.mark.parametrize("item", RAW, ids=[item["id"] for item in RAW])
def test_wrong_answer_feedback_names_the_answer_in_the_file(item: dict) -> None:
    """Every wrong choice is told the choice the YAML marks right, never its own choice."""
    state = Quiz.for_notebook(item["notebook"])
    right_text = item["choices"][item["answer"]]
    for number, chosen_text in enumerate(item["choices"]):
        feedback = state.answer(item["id"], number)
        if number == item["answer"]:
            assert feedback.correct and feedback.headline == "Correct."
            continue
        assert not feedback.correct
        assert feedback.headline == f"Not quite. The answer is: {right_text}"
        assert feedback.chosen == chosen_text
        assert feedback.explanation == item["explanation"]
        assert feedback.refs == tuple(item.get("refs", []))


def test_score_counts_the_answers_the_file_marks_right() -> None:
    items = [item for item in RAW if item["notebook"] == "01_anatomy"]
    state = Quiz.for_notebook("01_anatomy")
    for number, item in enumerate(items):  # right, wrong, right, wrong, ...
        wrong = (item["answer"] + 1) % len(item["choices"])
        state.answer(item["id"], item["answer"] if number % 2 == 0 else wrong)
    assert state.score() == ((len(items) + 1) // 2, len(items))


def test_out_of_range_choice_and_unknown_question() -> None:
    state = Quiz.for_notebook("01_anatomy")
    question = state.questions[0]
    with pytest.raises(ValueError, match="is not one of the"):
        state.answer(question.id, len(question.choices))
    with pytest.raises(ValueError, match="choice -1 is not one of the"):
        state.answer(question.id, -1)
    last = len(question.choices) - 1  # both ends of the range are choices
    assert state.answer(question.id, last).chosen == question.choices[last]
    assert state.answer(question.id, 0).chosen == question.choices[0]
    with pytest.raises(KeyError, match="unknown question 'nope'"):
        state.answer("nope", 0)
    with pytest.raises(ValueError, match="no quiz questions for notebook '99_nothing'"):
        Quiz.for_notebook("99_nothing")


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_widget_marks_answers_and_keeps_score(notebook: str) -> None:
    box = quiz(notebook)
    state = Quiz.for_notebook(notebook)
    question_boxes = box.children[1:-2]
    score, again = box.children[-2], box.children[-1]
    assert len(question_boxes) == len(state.questions)
    assert "Score: 0 of 0" in score.value
    for view_box, question in zip(question_boxes, state.questions, strict=True):
        _prompt, choices, check, feedback = view_box.children
        assert check.disabled  # nothing chosen yet
        choices.value = (question.answer + 1) % len(question.choices)
        assert not check.disabled
        check.click()
        assert "Not quite" in feedback.value
        choices.value = question.answer
        check.click()
        assert "Correct." in feedback.value
        assert 'role="status"' in feedback.value
    total = len(state.questions)
    assert f"Score: {total} of {total}" in score.value
    again.click()
    assert "Score: 0 of 0" in score.value
    assert all(b.children[1].value is None for b in question_boxes)


def test_question_text_is_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    from glutelab import quizzes as quiz_module

    frame = pd.DataFrame(
        [
            {
                "id": "x1",
                "notebook": "99_test",
                "kind": "true_false",
                "question": "<script>alert(1)</script> Is <b>this</b> escaped?",
                "choices": ["True", "<i>False</i>"],
                "answer": 0,
                "explanation": "Because <img src=x onerror=alert(1)>.",
                "refs": [],
            }
        ]
    ).set_index("id")
    monkeypatch.setattr(quiz_module, "load_quizzes", lambda notebook: frame)
    box = quiz("99_test")
    prompt, choices, check, feedback = box.children[1].children
    assert "<script>" not in prompt.value and "&lt;script&gt;" in prompt.value
    assert "&lt;b&gt;this&lt;/b&gt;" in prompt.value
    choices.value = 1
    check.click()
    assert "<img" not in feedback.value and "&lt;img" in feedback.value


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_questions_carry_the_fields_of_the_file(notebook: str) -> None:
    """Every field of each question is the file's, in the file's order."""
    items = [item for item in RAW if item["notebook"] == notebook]
    state = Quiz.for_notebook(notebook)
    assert [q.id for q in state.questions] == [item["id"] for item in items]
    for question, item in zip(state.questions, items, strict=True):
        assert question.kind == item["kind"]
        assert question.text == item["question"]
        assert question.choices == tuple(item["choices"])
        assert question.answer == item["answer"]
        assert question.refs == tuple(item.get("refs", []))
