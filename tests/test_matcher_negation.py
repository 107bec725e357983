"""The matcher's negation rule, token by token, with outputs worked by hand.

``_negate`` reads the matcher's normalised tokens: a negation ("not", "never", ...) or
"nothing" followed, within four filler words, by a working word ("fire", "activ",
"work", "anyth") turns that word into ``off``. Inside a condition ("if", "unless" at
most four tokens before the negation), "activ" is kept: "if I don't activate first"
is about activating. "work" and "anyth" count only when negated. Filler words are
dropped; "glute" is kept and counts as a filler for the window.

The same way, by hand: the index the matcher builds from the myths' wording, and which
myths table it reads (a table given, or the course's myths.yaml read again when edited).
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from glutelab.data import data_dir
from glutelab.matcher import (
    _build_index,
    _negate,
    _phrase_list,
    _rows,
    canonical_tokens,
    match_myths,
)


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


# --- the index built from the myths' wording -----------------------------------------------

TWO_MYTHS = (
    ("m1", "Glutes never fire.", ("my glutes never fire",)),
    ("m2", "Sitting turns the glutes off.", ("sitting turns my glutes off zorblax",)),
)


def test_a_concept_in_every_myth_has_weight_one_and_a_rare_one_more() -> None:
    """Weight of a concept = 1 + ln(number of myths / myths using it)."""
    index = _build_index(TWO_MYTHS)
    assert index.myth_concepts == {
        "m1": frozenset({"glute", "off"}),
        "m2": frozenset({"sit", "glute", "off", "zorblax"}),  # any word that is not filler
    }
    rare = pytest.approx(1 + math.log(2))
    assert index.idf == {"glute": 1.0, "off": 1.0, "sit": rare, "zorblax": rare}
    assert index.unknown_weight == pytest.approx(1 + math.log(2))
    assert index.subject == frozenset({"glute", "off"})  # what every myth is about
    assert [entry.text for entry in index.entries] == [
        "my glutes never fire",
        "Glutes never fire.",
        "sitting turns my glutes off zorblax",
        "Sitting turns the glutes off.",
    ]
    assert "zorblax" in index.vocabulary["z"]  # the myths' own words can be spell-checked
    assert all(
        len(letter) == 1 and ws == tuple(sorted(ws)) for letter, ws in index.vocabulary.items()
    )


def test_with_one_myth_every_concept_is_the_subject_and_weighs_one() -> None:
    index = _build_index(TWO_MYTHS[:1])
    assert index.idf == {"glute": 1.0, "off": 1.0}
    assert index.unknown_weight == 1.0
    assert index.subject == frozenset({"glute", "off"})


# --- which myths the matcher reads -----------------------------------------------------------

FOAM = pd.DataFrame(
    {
        "claim": ["Foam rolling wakes up the glutes.", float("nan")],
        "client_phrases": [["I roll my butt to switch it on."], ["zorblax sets my glutes off", ""]],
    },
    index=pd.Index(["foam_rolling", "zorblax_myth"], name="id"),
)


def test_match_myths_and_canonical_tokens_read_the_table_given() -> None:
    assert [m for m, _ in match_myths("I roll my butt to switch it on", FOAM)] == ["foam_rolling"]
    assert canonical_tokens("zorblaxx", FOAM) == ["zorblax"]  # spelled like this table's word
    assert canonical_tokens("zorblaxx") == ["zorblaxx"]  # the course's myths lack it


def test_a_missing_claim_and_blank_phrases_are_left_out() -> None:
    assert _rows(FOAM)[1] == ("zorblax_myth", "", ("zorblax sets my glutes off",))
    assert _phrase_list(["a", "", "  ", 3, None]) == ("a",)
    assert _phrase_list("one phrase") == ("one phrase",)
    assert _phrase_list(float("nan")) == ()


def test_an_edited_myths_file_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setenv("GLUTELAB_DATA", str(copy))
    assert canonical_tokens("zorblaxx") == ["zorblaxx"]
    myths = copy / "myths.yaml"
    text = myths.read_text(encoding="utf-8")
    first = text.index("client_phrases:")
    line_end = text.index("\n", first)
    following = text[line_end + 1 : text.index("\n", line_end + 1)]
    indent = following[: len(following) - len(following.lstrip())]  # as the next phrase
    myths.write_text(
        text[: line_end + 1] + f"{indent}- zorblax sets my glutes off\n" + text[line_end + 1 :],
        encoding="utf-8",
    )
    os.utime(myths, ns=(myths.stat().st_atime_ns, myths.stat().st_mtime_ns + 10**9))
    assert canonical_tokens("zorblaxx") == ["zorblax"]
