"""The matcher's negation rule, token by token, with outputs worked by hand.

``_negate`` reads the matcher's normalised tokens: a negation ("not", "never", ...) or
"nothing" followed, within four filler words, by a working word ("fire", "activ",
"work", "anyth") turns that word into ``off``. Inside a condition ("if", "unless" at
most four tokens before the negation), "activ" is kept: "if I don't activate first"
is about activating. "work" and "anyth" count only when negated. Filler words are
dropped; "glute" is kept and counts as a filler for the window.
"""

from __future__ import annotations

import pytest

from glutelab.matcher import _negate


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["not", "fire"], ["off"]),
        (["fire"], ["fire"]),
        (["never", "activ"], ["off"]),  # a negation as the first token is not conditional
        (["activ"], ["activ"]),
        (["work"], []),  # "I work at a desk": no concept
        (["not", "work"], ["off"]),
        (["anyth"], []),
        (["no", "anyth"], ["off"]),
        (["noth", "fire"], ["off", "off"]),  # "nothing" is itself "off", and negates
        (["noth"], ["off"]),
        (["not", "walk", "fire"], ["walk", "fire"]),  # a content word ends the negation
        (["not", "glute", "fire"], ["glute", "off"]),
    ],
)
def test_negation_turns_a_working_word_off(tokens: list[str], expected: list[str]) -> None:
    assert _negate(tokens) == expected


def test_four_filler_words_may_stand_between_negation_and_working_word() -> None:
    assert _negate(["not", "i", "i", "i", "i", "fire"]) == ["off"]


def test_a_fifth_filler_word_ends_the_negation() -> None:
    assert _negate(["not", "i", "i", "i", "i", "i", "fire"]) == ["fire"]


def test_glute_counts_toward_the_four_words() -> None:
    assert _negate(["not", "glute", "i", "i", "i", "i", "fire"]) == ["glute", "fire"]


def test_a_negation_within_four_tokens_of_if_keeps_activate() -> None:
    assert _negate(["if", "i", "i", "i", "not", "activ"]) == ["activ"]
    assert _negate(["unless", "not", "activ"]) == ["unless", "activ"]


def test_a_negation_five_tokens_after_if_is_not_conditional() -> None:
    assert _negate(["if", "i", "i", "i", "i", "not", "activ"]) == ["off"]


def test_a_conditional_negation_still_turns_fire_off() -> None:
    assert _negate(["if", "i", "not", "fire"]) == ["off"]


def test_each_if_restarts_the_window() -> None:
    tokens = ["if", "i", "i", "i", "i", "if", "not", "activ"]
    assert _negate(tokens) == ["activ"]


def test_a_second_negation_restarts_the_count_of_filler_words() -> None:
    tokens = ["not", "i", "i", "i", "not", "i", "i", "i", "i", "fire"]
    assert _negate(tokens) == ["off"]
