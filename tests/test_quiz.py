"""Quiz logic and the quiz widget: feedback, score, retry, escaping."""

from __future__ import annotations

import json
import os
from pathlib import Path

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


# --- the quiz loader's own checks, on questions written here -----------------------------------


def _question(qid: str, *, answer: int = 1, refs: list[str] | None = None) -> dict[str, object]:
    question: dict[str, object] = {
        "id": qid,
        "notebook": "99_test",
        "kind": "multiple_choice",
        "question": "Which nerve supplies gluteus maximus?",
        "choices": ["Superior gluteal", "Inferior gluteal", "Femoral"],
        "answer": answer,
        "explanation": "The inferior gluteal nerve (Gray 1918).",
    }
    if refs is not None:
        question["refs"] = refs
    return question


def _write_quizzes(folder: Path, questions: list[dict[str, object]]) -> None:
    (folder / "quizzes.yaml").write_text(yaml.safe_dump(questions), encoding="utf-8")


def _quiz_error(folder: Path, questions: list[dict[str, object]]) -> str:
    _write_quizzes(folder, questions)
    with pytest.raises(glutelab.DataError) as caught:
        glutelab.load_quizzes()
    return str(caught.value)


def test_a_question_id_used_twice_is_named_at_its_second_use(data_copy: Path) -> None:
    """The second question with an id already used is the one reported, with its item number."""
    questions = [_question("q_one"), _question("q_two"), _question("q_one")]
    assert _quiz_error(data_copy, questions) == (
        "quizzes.yaml, item 3 (q_one), column 'id', value 'q_one': is used twice"
    )


def test_the_answer_indexes_a_choice_counted_from_zero(data_copy: Path) -> None:
    """With three choices the answer may be 2 (the last) but not 3."""
    _write_quizzes(data_copy, [_question("q_last", answer=2)])
    assert glutelab.load_quizzes().loc["q_last", "answer"] == 2
    assert _quiz_error(data_copy, [_question("q_ok"), _question("q_past", answer=3)]) == (
        "quizzes.yaml, item 2 (q_past), column 'answer', value '3': "
        "is not the index of one of the 3 choices"
    )


def test_a_reference_not_in_references_json_is_named(data_copy: Path) -> None:
    """Every id in ``refs`` must be a reference; the first one that is not is reported."""
    known = json.loads((data_copy / "references.json").read_text(encoding="utf-8"))[0]["id"]
    questions = [_question("q_refs", refs=[known, "nobody2099"])]
    assert _quiz_error(data_copy, questions) == (
        "quizzes.yaml, item 1 (q_refs), column 'refs', value 'nobody2099': "
        "is not a reference id in references.json"
    )


def test_questions_without_refs_get_an_empty_list(data_copy: Path) -> None:
    """``refs`` is always a list: empty where a question gives none, even if none gives any."""
    _write_quizzes(data_copy, [_question("q_a"), _question("q_b")])
    assert glutelab.load_quizzes()["refs"].tolist() == [[], []]
    known = json.loads((data_copy / "references.json").read_text(encoding="utf-8"))[0]["id"]
    _write_quizzes(data_copy, [_question("q_a", refs=[known]), _question("q_b")])
    os.utime(data_copy / "quizzes.yaml", ns=(1, 1))  # a new modification time: read again
    assert glutelab.load_quizzes()["refs"].tolist() == [[known], []]


def test_one_notebooks_questions_are_those_with_its_name(data_copy: Path) -> None:
    """``load_quizzes(notebook)`` keeps exactly the questions whose notebook is that one."""
    other = {**_question("q_other"), "notebook": "98_other"}
    _write_quizzes(data_copy, [_question("q_a"), other, _question("q_b")])
    assert glutelab.load_quizzes("99_test").index.tolist() == ["q_a", "q_b"]
    assert glutelab.load_quizzes("98_other").index.tolist() == ["q_other"]
    assert glutelab.load_quizzes().index.tolist() == ["q_a", "q_other", "q_b"]
