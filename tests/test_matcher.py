"""The myth matcher: held-out client phrasings, unrelated text, robustness, API contract."""

from __future__ import annotations

import dataclasses
import math
import os
import re
import shutil
import string
from pathlib import Path

import pandas as pd
import pytest

from glutelab.data import load_myths
from glutelab.errors import DataError
from glutelab.matcher import (
    _MAX_CORRECTIONS,
    _PART_FACTOR,
    DEFAULT_THRESHOLD,
    Match,
    _analyse,
    _blend,
    _build_index,
    _concepts,
    _correct,
    _Entry,
    _Index,
    _is_filler,
    _may_count,
    _particles,
    _phrase_list,
    _pieces,
    _rows,
    _score_piece,
    _seem,
    _stem,  # the stemmer, checked on words worked by hand
    _surface_words,
    _token_score,
    best_match,
    canonical_tokens,
    match_myths,
    match_phrase,
)

# --- tuning phrasings (HELD_OUT: the threshold and lexicon were tuned on these) ---------
# Written for these tests, not copied from data/myths.yaml (checked below): how clients
# actually talk, with slang, typos, contractions and tense/plural variants.

HELD_OUT: dict[str, list[str]] = {
    "never_fire": [
        "my butt's asleep",
        "dead butt syndrome",
        "my glutes don't switch on",
        "My glutes never fire no matter what I do",
        "I think I have gluteal amnesia",
        "my bum is totally dormant",
        "my gluts are dead",
        "My booty just won't work",
        "my arse has stopped working",
        "My glutes are lazy and don't fire",
        "my glutues are switched off",
        "the glutes have gone to sleep",
        "My glutes won't engage at all",
        "My glute muscles have basically gone dormant",
        "my bum doesn't do anything",
        "Pretty sure my butt muscles are completely dead",
        "My glutes just won't turn on no matter what",
        "Glutes? Mine have been asleep for years",
        "My rear end has switched off",
        "I've been told I have glute amnesia",
        "my glutes are not firing at all",
        "My glutes literally do nothing",
        "Feels like my butt has gone to sleep permanently",
        "my glute muscles just wont activate",
        "My physio says I have dead glutes",
        "i think my bum forgot how to work",
        "Coach, my glutes just aren't switching on",
        "I've got a sleepy bum",
        "my butt muscles are basically switched off permanently",
        "apparently my glutes are completely inactive",
        "i reckon my glutes have gone on holiday, they never engage",
    ],
    "sitting_switches_off": [
        "sitting all day turned my glutes off",
        "my desk job has made my butt go to sleep",
        "I sit at a computer 10 hours a day so my glutes are dead",
        "sittin on the couch switched my bum off",
        "Working from home in a chair has made my glutes lazy",
        "Too long in the chair and my glutes forget how to fire",
        "I've been sat down all day and my glutes have switched off",
        "Long hours sitting at my desk have shut my glutes down",
        "office chair killed my glutes",
        "All that sitting at work has made my bum go dormant",
        "My office job has turned my butt off",
        "I'm on the sofa all evening so my glutes have gone to sleep",
        "being sat at a desk for 8 hours kills my glute activation",
        "My glutes switch off from sitting in the car all day",
        "I drive for a living and sitting has switched my glutes off",
        "Working at a desk has given me a dead butt",
        "My glutes went to sleep from years of sitting",
        "sitting on my bum all day has made it lazy",
        "I'm a truck driver so sitting all day has killed my glutes",
        "Too much time at my desk and now my glutes don't work",
        "my job is sitting at a computer and it's shut my bum off",
        "Netflix on the couch has made my glutes dormant",
    ],
    "back_pain_from_sleeping_glutes": [
        "My lower back aches because my glutes are asleep",
        "my back pain is from lazy glutes",
        "my glutes don't fire so my back takes over",
        "my back hurts coz my butt is switched off",
        "Sore back, dead glutes",
        "My back is doing all the work since my glutes went to sleep",
        "Physio said my back pain is because my bum isn't activating",
        "My glutes aren't working so my lower back takes all the strain",
        "the reason my back aches is my dormant glutes",
        "I have back pain because my bum doesn't activate",
        "my lumbar spine hurts cause my glutes are lazy",
        "My sciatica is from my glutes being switched off",
        "My low back is sore because my glutes aren't doing their job",
        "I get back ache since my butt switched off",
        "Lazy glutes are why my back hurts",
        "my back's been compensating for sleepy glutes",
        "my lower back aches all the time because my glutes won't fire",
        "Dormant glutes are causing my back pain",
        "I think my back hurts because my glutes are asleep",
    ],
    "no_burn_no_activation": [
        "I can't feel my glutes working",
        "I never feel any burn in my glutes so they're not working",
        "If I don't feel the burn in my bum it isn't doing anything",
        "I feel squats in my thighs not my butt so my glutes aren't working",
        "I can't feel my booty when I do bridges",
        "No pump in my glutes, so they didn't activate",
        "I don't get a glute burn so they must not be firing",
        "I never feel my glutes during hip thrusts so they aren't doing anything",
        "If I can't feel the burn my glutes aren't working",
        "I only feel lunges in my quads not my bum",
        "I don't feel any squeeze in my butt so it's not engaging",
        "Can't feel my glutes at all when I do deadlifts",
        "I do bridges but never feel a burn in my glutes so they can't be working",
        "When I squat I feel it all in my quads, so my glutes must be off",
        "No glute pump means the workout didn't hit them",
        "I can never feel my glutes engage",
        "I never feel a burn in my bum during squats so they're not working",
        "I can't feel my glutes contracting at all in hip thrusts",
        "If there's no pump in my glutes the exercise isn't working them",
    ],
    "knee_valgus_means_glutes_off": [
        "knees cave because my glutes are off",
        "my knees collapse inward when I squat because my glutes are weak",
        "my knee drops in on single leg squats cos my glute med is asleep",
        "I'm knock-kneed because my glutes won't fire",
        "valgus knees = switched off glutes",
        "when I land from a jump my knees buckle in because my butt is lazy",
        "My knees roll in on the stairs, my glutes must be dead",
        "My knee caves in on lunges because my glutes are asleep",
        "my knees buckle when I jump cos my glutes don't work",
        "knee valgus means my glute med isn't firing",
        "my knees fall inward on squats, dead glutes I guess",
        "My knees keep caving in because of my weak glutes",
        "my trainer says my knees collapse since my glutes aren't firing",
        "knock knees when I run, my glutes are asleep",
        "My knees cave in when I squat, is that because my glutes are switched off?",
        "My knee collapses inward on step downs because my glute med is lazy",
        "knees going in = glutes not working",
    ],
    "higher_emg_more_growth": [
        "The hip thrust activates the glutes the most so it must build the biggest butt",
        "Whatever exercise has the highest EMG will grow my glutes best",
        "more glute activation means more growth",
        "I choose exercises by EMG to get bigger glutes",
        "squats don't light up the glutes so they won't build my booty",
        "max activation = max gains",
        "Which exercise gives the most glute activation? That's the one that builds the "
        "biggest booty",
        "Higher EMG means more muscle growth",
        "I do kickbacks because they activate the glutes most so they grow more",
        "Hip thrusts have the most glute activation so they're best for growing my butt",
        "Only the exercises with the highest EMG build glutes",
        "I want the exercise with the most glute activation because it'll grow my butt the most",
        "EMG studies show which exercise builds the biggest glutes",
    ],
    "activate_before_lifting": [
        "I need to activate my glutes before I deadlift",
        "I always do glute activation drills before squatting otherwise they won't fire",
        "if I don't do band walks first my glutes stay asleep during the lift",
        "You have to prime the glutes before training",
        "Wake up your glutes with clams before every workout",
        "I skip my glute warm-up and my butt doesn't switch on when I lift",
        "My glutes need waking up with a band before I squat",
        "If I don't activate first my glutes won't work in the deadlift",
        "Glute activation warm-up is a must or my butt stays switched off",
        "I prime my glutes with clamshells before every leg session",
        "I always activate my glutes with a mini band before lifting",
        "You have to wake the glutes up before deadlifts or they won't work",
        "I do clams and band walks to switch my glutes on before I squat",
        "You should always activate your glutes before you lift",
    ],
    "hamstrings_fire_first_is_faulty": [
        "my hamstrings fire before my glutes",
        "my firing pattern is messed up, hammies first",
        "my glutes fire late so my hamstrings take over",
        "I'm hamstring dominant because my glutes are switched off",
        "In the prone hip extension test my glutes kicked in after my hamstrings",
        "my glute firing order is wrong",
        "my hamstrings kick in before my glutes which is wrong",
        "My hammies take over because my glutes fire too late",
        "my glutes fire last, after my hamstrings",
        "I've got the wrong firing sequence, hamstrings then glutes",
        "my hamstrings fire first instead of my glutes",
        "My glutes come on too late after my hamstrings",
        "My hamstrings activate before my glutes so my firing pattern is off",
        "my glutes are late to fire and my hamstrings dominate",
    ],
}

CASES = [(text, myth_id) for myth_id, texts in HELD_OUT.items() for text in texts]

BRIEF_EXAMPLES = [
    ("my butt's asleep", "never_fire"),
    ("dead butt syndrome", "never_fire"),
    ("my glutes don't switch on", "never_fire"),
    ("I can't feel my glutes working", "no_burn_no_activation"),
    ("knees cave because my glutes are off", "knee_valgus_means_glutes_off"),
    ("sitting all day turned my glutes off", "sitting_switches_off"),
]

UNRELATED = [
    "what time is the class",
    "my shoulder hurts when I press",
    "I love pizza",
    "how many sets should I do",
    "Can I bring a friend next week?",
    "Where do I park?",
    "Is it going to rain tomorrow?",
    "My wrist is sore after push-ups",
    "I want to run a marathon next year",
    "Do you sell protein powder?",
    "My neck feels stiff in the morning",
    "How do I reset my password",
    "What's the best stretch for tight calves?",
    "I need new running shoes",
    "Can we move my session to Friday?",
    "Can I get a refund for last month?",
    "My elbow clicks when I do curls",
    "Is the gym open on bank holidays?",
    "I sprained my ankle playing football",
    "How long should I rest between sets?",
    "I can't sleep at night",
    "Do you offer online coaching?",
    "I feel great today",
    "Is it OK to train when I have a cold?",
    "Can I pay by card?",
    "I hurt my shoulder bench pressing",
    "My hip flexors feel tight",
    "How often should I train legs?",
    "My calves cramp at night",
    "How much does a personal training session cost?",
    "I forgot my water bottle",
    "My toddler kept me up all night",
    "Is creatine safe?",
    "What's the wifi password?",
    "I pulled a muscle in my calf running",
]

# On the glutes' doorstep but not one of the myths: a single concept, or pain without the
# "glutes are off" idea.
NEAR_MISSES = [
    "glutes",
    "I work at a desk",
    "What should I eat before training?",
    "What's a good breakfast before the gym?",
    "My knee hurts going down stairs",
    "My lower back hurts after deadlifts",
    "My glutes are sore after leg day",
]


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower().replace("'", "")).split())


FROZEN_FILE = Path(__file__).parent / "data" / "matcher_frozen_phrasings.csv"
FROZEN = pd.read_csv(FROZEN_FILE, comment="#")
"""Phrasings written before they were scored and never used for tuning (see the file's header)."""

FROZEN_FLOOR = 0.89
"""Lowest top-1 accuracy accepted on the frozen set.

Its first measurement, with the matcher unchanged, was 43 of 48 (0.896); the floor sits just
below it, so one more miss fails. If the matcher improves, the floor may rise; the set itself
never changes.
"""


def _top1_misses(cases: list[tuple[str, str]]) -> list[str]:
    misses = []
    for text, expected in cases:
        found = best_match(text)
        got = found.myth_id if found else None
        if got != expected:
            misses.append(f"{text!r}: expected {expected}, got {got} ({found})")
    return misses


def test_frozen_set_is_separate_and_covers_every_myth() -> None:
    header = FROZEN_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# FROZEN")
    assert len(FROZEN) >= 40
    assert set(FROZEN["myth_id"]) == set(load_myths().index)
    tuning = {_normalised(text) for text, _ in CASES}
    myths = load_myths()
    known = {_normalised(p) for phrases in myths["client_phrases"] for p in phrases}
    known |= {_normalised(c) for c in myths["claim"]}
    frozen = [_normalised(t) for t in FROZEN["text"]]
    assert not (set(frozen) & (tuning | known))
    assert len(set(frozen)) == len(frozen)


def test_frozen_set_accuracy() -> None:
    """Top-1 accuracy on phrasings the matcher was never tuned on (printed with -s)."""
    cases = list(zip(FROZEN["text"], FROZEN["myth_id"], strict=True))
    misses = _top1_misses(cases)
    accuracy = 1 - len(misses) / len(cases)
    print(f"frozen-set top-1 accuracy: {len(cases) - len(misses)}/{len(cases)} = {accuracy:.3f}")
    print("\n".join(misses))
    assert accuracy >= FROZEN_FLOOR, f"top-1 accuracy {accuracy:.2f}; misses:\n" + "\n".join(misses)


def test_held_out_set_is_large_enough_and_not_copied_from_the_data() -> None:
    myths = load_myths()
    assert len(CASES) >= 60
    assert set(HELD_OUT) == set(myths.index)
    main = [
        "never_fire",
        "sitting_switches_off",
        "back_pain_from_sleeping_glutes",
        "no_burn_no_activation",
        "knee_valgus_means_glutes_off",
    ]
    assert all(len(HELD_OUT[m]) >= 6 for m in main)
    known = {_normalised(p) for phrases in myths["client_phrases"] for p in phrases}
    known |= {_normalised(c) for c in myths["claim"]}
    copied = [text for text, _ in CASES if _normalised(text) in known]
    assert not copied
    assert len({_normalised(t) for t, _ in CASES}) == len(CASES), "duplicate test sentences"


def test_top1_accuracy_on_held_out_phrasings() -> None:
    """The tuning set: the threshold and lexicon were chosen on it (a training figure)."""
    misses = _top1_misses(CASES)
    accuracy = 1 - len(misses) / len(CASES)
    print(f"tuning-set top-1 accuracy: {len(CASES) - len(misses)}/{len(CASES)} = {accuracy:.3f}")
    assert accuracy >= 0.90, f"top-1 accuracy {accuracy:.2f}; misses:\n" + "\n".join(misses)


@pytest.mark.parametrize(("text", "expected"), BRIEF_EXAMPLES)
def test_course_examples(text: str, expected: str) -> None:
    found = match_phrase(text)
    assert found, f"no match for {text!r}"
    assert found[0].myth_id == expected
    assert found[0].score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("text", UNRELATED)
def test_unrelated_text_has_no_close_match(text: str) -> None:
    assert match_phrase(text) == []
    assert best_match(text) is None


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_have_no_close_match(text: str) -> None:
    assert match_phrase(text) == [], canonical_tokens(text)


def test_enough_unrelated_sentences() -> None:
    assert len(UNRELATED) >= 12


# --- robustness --------------------------------------------------------------------------------

INVARIANCE = [
    "my butt's asleep",
    "Sitting all day turned my glutes off",
    "I can't feel my glutes working",
    "knees cave because my glutes are off",
    "my hamstrings fire before my glutes",
]


def _variants(text: str) -> list[str]:
    no_punctuation = text.translate(str.maketrans("", "", string.punctuation))
    return [
        text.upper(),
        text.lower(),
        text.title(),
        f"  {text}!!! ",
        f"{text}...",
        f"...{text}?!",
        text.replace(" ", ", "),
        text.replace("'", "\u2019"),
        no_punctuation,
        f'"{text}"',
    ]


def _summary(matches: list[Match]) -> list[tuple[str, float]]:
    return [(m.myth_id, round(m.score, 6)) for m in matches]


@pytest.mark.parametrize("text", INVARIANCE)
def test_case_and_punctuation_do_not_matter(text: str) -> None:
    expected = _summary(match_phrase(text))
    assert expected
    for variant in _variants(text):
        assert _summary(match_phrase(variant)) == expected, variant


@pytest.mark.parametrize("text", ["", " ", "   \t\n  ", "\n", "!!!", "...", "😴"])
def test_empty_whitespace_or_symbol_only_text_has_no_match(text: str) -> None:
    assert match_phrase(text) == []
    assert best_match(text) is None


def test_very_long_text_runs() -> None:
    sentence = "I sit at my desk all day and honestly my butt feels asleep by the evening. "
    filler = "The weather was fine and we talked about dinner plans for the weekend. "
    text = (filler * 40 + sentence + filler * 150)[:10_240]
    assert len(text) == 10_240
    found = match_phrase(text)
    assert all(0.0 <= m.score <= 1.0 for m in found)
    noise = ("lorem ipsum dolor sit amet consectetur " * 300)[:10_240]
    assert all(0.0 <= m.score <= 1.0 for m in match_phrase(noise))
    assert match_phrase("x" * 10_240) == []


def test_multi_sentence_remark_finds_the_myth_in_one_sentence() -> None:
    said = "Hi coach, quick question. I sit at a desk all day. My glutes feel switched off."
    found = match_phrase(said)
    assert found
    assert found[0].myth_id == "sitting_switches_off"


@pytest.mark.parametrize(
    "word",
    ["butt", "bum", "booty", "bottom", "behind", "backside", "arse", "ass", "rear", "cheeks"],
)
def test_slang_for_the_buttocks_is_one_token(word: str) -> None:
    assert canonical_tokens(f"my {word} is asleep") == ["glute", "off"]
    assert best_match(f"my {word} is asleep") == best_match("my glutes are asleep")


@pytest.mark.parametrize(
    "phrase",
    [
        "are asleep",
        "are sleeping",
        "are dead",
        "are dormant",
        "have switched off",
        "have shut off",
        "got turned off",
        "are not firing",
        "won't fire",
        "don't work",
        "are lazy",
        "have amnesia",
        "are switched off",
        "just never switch on",
    ],
)
def test_ways_of_saying_off_are_one_token(phrase: str) -> None:
    assert canonical_tokens(f"my glutes {phrase}") == ["glute", "off"]


@pytest.mark.parametrize(
    ("variant", "reference"),
    [
        ("my gluts are asleep", "my glutes are asleep"),
        ("my glutues are asleep", "my glutes are asleep"),
        ("my glute is asleep", "my glutes are asleep"),
        ("sittin all day switched my glutes off", "sitting all day switched my glutes off"),
        ("sitting all day switches my glutes off", "sitting all day switched my glutes off"),
        ("sitting all day is switching my glutes off", "sitting all day switched my glutes off"),
        ("I activte my glutes before lifting", "I activate my glutes before lifting"),
        ("I activated my glutes before I lifted", "I activate my glutes before lifting"),
    ],
)
def test_typos_tense_and_plural(variant: str, reference: str) -> None:
    assert canonical_tokens(variant) == canonical_tokens(reference)
    assert best_match(variant) is not None
    assert best_match(variant) == best_match(reference)


def test_everyday_words_are_not_spell_corrected_into_myth_words() -> None:
    assert "cave" not in canonical_tokens("tight calves")
    assert "pain" not in canonical_tokens("long hours")
    assert "lift" not in canonical_tokens("it might rain")


# --- API contract ------------------------------------------------------------------------------

CONTRACT = [
    *[text for text, _ in CASES[::5]],
    "My back aches and my knees cave in, because my glutes are switched off",
    "my glutes",
    "sitting",
]


@pytest.mark.parametrize("top", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("text", CONTRACT)
def test_scores_in_unit_interval_sorted_and_at_most_top(text: str, top: int) -> None:
    for threshold in (0.0, DEFAULT_THRESHOLD):
        found = match_phrase(text, top=top, threshold=threshold)
        assert len(found) <= top
        assert all(isinstance(m, Match) for m in found)
        assert all(0.0 <= m.score <= 1.0 for m in found)
        assert all(m.score >= threshold for m in found)
        scores = [m.score for m in found]
        assert scores == sorted(scores, reverse=True)
        assert len({m.myth_id for m in found}) == len(found)


def test_several_myths_in_one_remark() -> None:
    said = "My back aches and my knees cave in, because my glutes are switched off"
    found = match_phrase(said)
    assert {m.myth_id for m in found} == {
        "knee_valgus_means_glutes_off",
        "back_pain_from_sleeping_glutes",
    }


def test_matched_phrase_comes_from_the_myth() -> None:
    myths = load_myths()
    for text, _ in CASES[::7]:
        for match in match_phrase(text):
            row = myths.loc[match.myth_id]
            assert match.matched_phrase in [*row["client_phrases"], row["claim"]]


def test_threshold_and_top_bound_the_result() -> None:
    text = "my butt's asleep"
    assert match_phrase(text, threshold=1.01) == []
    assert match_phrase(text, top=0) == []
    assert len(match_phrase(text, top=1, threshold=0.0)) == 1
    assert best_match(text) == match_phrase(text)[0]


def test_best_match_uses_the_callers_threshold() -> None:
    near = "My lower back hurts after deadlifts"  # below the default threshold
    assert best_match(near) is None
    lowered = best_match(near, threshold=0.0)
    assert lowered is not None and lowered.myth_id == "back_pain_from_sleeping_glutes"
    assert best_match("my butt's asleep", threshold=1.01) is None
    assert best_match("my butt's asleep", threshold=1.0) is not None


@pytest.mark.parametrize("text", ["My lower back hurts after deadlifts", "glutes", "my glutes"])
def test_a_score_equal_to_the_threshold_is_kept(text: str) -> None:
    """The threshold is inclusive: a score at it is a match, one just above it is not."""
    score = match_phrase(text, threshold=0.0)[0].score
    above = math.nextafter(score, 2.0)
    for threshold, kept in ((score, True), (above, False)):
        assert bool(match_phrase(text, threshold=threshold)) is kept
        assert (best_match(text, threshold=threshold) is not None) is kept


def test_match_myths_gives_ids_and_rounded_scores() -> None:
    text = "My back aches and my knees cave in, because my glutes are switched off"
    found = match_phrase(text)
    assert match_myths(text) == [(m.myth_id, round(m.score, 2)) for m in found]
    assert len(found) == 2
    assert match_myths("how many sets should I do?") == []


def test_match_is_frozen() -> None:
    match = Match("never_fire", 0.9, "My butt is asleep.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.score = 1.0  # type: ignore[misc]


def test_a_custom_myths_table_is_used_and_cached() -> None:
    myths = pd.DataFrame(
        {
            "claim": ["Foam rolling wakes up the glutes.", "Stretching makes you weak."],
            "client_phrases": [
                ["I roll my butt to switch it on.", "Foam rolling fires up my glutes."],
                ["Stretching before lifting saps my strength."],
            ],
        },
        index=pd.Index(["foam_rolling", "stretch_weakness"], name="id"),
    )
    found = match_phrase("I foam roll my bum to switch it on", myths)
    assert [m.myth_id for m in found] == ["foam_rolling"]
    assert match_phrase("I foam roll my bum to switch it on", myths) == found
    assert best_match("knees cave because my glutes are off", myths) is None
    assert best_match("knees cave because my glutes are off") is not None


def test_a_copy_of_the_course_table_gives_the_same_answers() -> None:
    myths = load_myths()
    for text, _ in CASES[::9]:
        assert match_phrase(text, myths) == match_phrase(text)


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("abs", "abs"),  # three letters or fewer: kept as is
        ("red", "red"),
        ("hips", "hip"),  # a plural s goes
        ("gluteus", "gluteus"),  # but not from -us, -is or -ss
        ("pelvis", "pelvis"),
        ("studies", "study"),  # -ies becomes -y
        ("ties", "tie"),  # unless only one letter would be left before it
        ("glasses", "glass"),  # -sses loses -es
        ("classes", "class"),
        ("sses", "ss"),  # the shortest word the rule applies to
        ("muscles", "muscl"),  # the plural, then the final e
        ("fire", "fir"),
        ("firing", "fir"),  # -ing goes when three letters are left
        ("sing", "sing"),
        ("running", "run"),  # and a doubled consonant with it
        ("buzzing", "buzz"),  # except a doubled l, s or z
        ("falling", "fall"),
        ("passed", "pass"),
        ("switched", "switch"),  # -ed goes when three letters are left
        ("fired", "fir"),
        ("hoped", "hop"),
        ("bred", "bred"),
        ("pass", "pass"),  # a final double s is not a plural
        ("class", "class"),
        ("flies", "fly"),  # -ies becomes -y from five letters on
        ("tries", "try"),
    ],
)
def test_stems_worked_by_hand(word: str, stem: str) -> None:
    assert _stem(word) == stem


# --- the matcher's small steps, with outputs worked by hand ---------------------------


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u2018", "`"])
def test_every_apostrophe_expands_a_contraction(apostrophe: str) -> None:
    assert _surface_words(f"They don{apostrophe}t fire") == ["they", "do", "not", "fire"]


def test_one_sentence_is_one_piece() -> None:
    assert _pieces("my glutes are off") == [("my glutes are off", 1.0)]


def test_two_sentences_are_the_whole_and_each_sentence() -> None:
    text = "I sit all day. My glutes are off"
    assert _pieces(text) == [
        (text, 1.0),
        ("I sit all day", _PART_FACTOR),
        (" My glutes are off", _PART_FACTOR),
    ]


def test_three_sentences_add_each_pair_of_neighbours() -> None:
    text = "a! b? c"
    assert _pieces(text) == [
        (text, 1.0),
        ("a", _PART_FACTOR),
        (" b", _PART_FACTOR),
        (" c", _PART_FACTOR),
        ("a.  b", _PART_FACTOR),
        (" b.  c", _PART_FACTOR),
    ]


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["feel", "lik", "off"], ["lik", "off"]),  # "I feel like they're off"
        (["walk", "feel", "lik"], ["walk", "lik"]),
        (["feel", "lik", "walk"], ["lik", "walk"]),
        (["feel", "off", "walk"], ["off", "walk"]),  # "my glutes feel dead"
        (["feel", "i", "i", "off"], ["i", "i", "off"]),  # filler words are looked past
        (["feel", "i", "i", "i", "off"], ["feel", "i", "i", "i", "off"]),  # three at most
        (["feel", "walk", "off"], ["feel", "walk", "off"]),  # "off" must come first
        (["feel", "sor"], ["feel", "sor"]),  # "feel sore": a real feeling
    ],
)
def test_feel_is_dropped_where_it_means_seem(tokens: list[str], expected: list[str]) -> None:
    assert _seem(tokens) == expected


@pytest.mark.parametrize(
    ("token", "filler"),
    [("the", True), ("i", True), ("glut", True), ("fir", False), ("off", False)],
)
def test_filler_words_are_stop_words_and_words_for_the_glutes(token: str, filler: bool) -> None:
    assert _is_filler(token) is filler


def test_equal_myths_give_three_matches_by_default_in_order_of_id() -> None:
    """Five myths with the same wording score the same: three are kept, ties by myth id."""
    ids = ["e_myth", "d_myth", "c_myth", "b_myth", "a_myth"]  # not in order on purpose
    myths = pd.DataFrame(
        {"claim": ["Glutes switch off."] * 5, "client_phrases": [["my glutes are off"]] * 5},
        index=pd.Index(ids, name="myth_id"),
    )
    found = match_phrase("my glutes are off", myths)
    assert [m.myth_id for m in found] == ["a_myth", "b_myth", "c_myth"]
    assert len({m.score for m in found}) == 1 and 0.0 < found[0].score <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank_text_matches_nothing_even_at_threshold_zero(text: str) -> None:
    assert match_phrase(text, threshold=0.0) == []


def test_top_zero_matches_nothing() -> None:
    assert match_phrase("my glutes don't fire", top=0, threshold=0.0) == []


# --- the scoring rules, worked by hand on a two-myth table ------------------------------------
# Two made-up myths share the word "zebra"; "quartz" and "lemon" each belong to one of them.
# Every expected number below is worked from the rules in the module's docstrings: a concept's
# rarity weight is 1 + ln(number of myths / myths using it); a phrase's score is an F-score
# that counts recall 1.5 times as much as precision; character similarity lifts it by a fifth.

TWO_MYTHS = (("a", "", ("zebra quartz",)), ("b", "", ("zebra lemon",)))


def _two_myth_table() -> pd.DataFrame:
    """``TWO_MYTHS`` as a myths table (index = myth id, columns claim and client_phrases)."""
    return pd.DataFrame(
        {
            "claim": [claim for _, claim, _ in TWO_MYTHS],
            "client_phrases": [list(phrases) for _, _, phrases in TWO_MYTHS],
        },
        index=pd.Index([myth for myth, _, _ in TWO_MYTHS], name="myth_id"),
    )


def test_rarity_weights_of_a_hand_made_table() -> None:
    """A word in both myths weighs 1, a word in one of two weighs 1 + ln 2, as does a new word."""
    index = _build_index(TWO_MYTHS)
    assert index.idf == pytest.approx(
        {"zebra": 1.0, "quartz": 1 + math.log(2), "lemon": 1 + math.log(2)}
    )
    assert index.unknown_weight == pytest.approx(1 + math.log(2))
    assert index.subject == {"zebra"}
    assert [(e.myth_id, e.text, e.surface) for e in index.entries] == [
        ("a", "zebra quartz", "zebra quartz"),
        ("b", "zebra lemon", "zebra lemon"),
    ]
    assert [e.weight for e in index.entries] == pytest.approx([2 + math.log(2)] * 2)


def test_with_one_myth_every_word_weighs_one() -> None:
    index = _build_index((("a", "", ("zebra quartz",)),))
    assert index.idf == {"zebra": 1.0, "quartz": 1.0}
    assert index.unknown_weight == 1.0


def test_spelling_vocabulary_holds_the_myths_words_by_first_letter() -> None:
    """Words from the myths join the lexicon's words, filed under their first letter."""
    vocabulary = _build_index(TWO_MYTHS).vocabulary
    assert "quartz" in vocabulary["q"] and "lemon" in vocabulary["l"]
    assert vocabulary["z"] == ("zebra",)
    assert all(word.startswith(letter) for letter, words in vocabulary.items() for word in words)


@pytest.mark.parametrize(
    ("word", "corrected"),
    [("zbra", "zebra"), ("zbr", "zbr"), ("zebra", "zebra"), ("qxyz", "qxyz")],
)
def test_words_of_four_letters_or_more_are_corrected(word: str, corrected: str) -> None:
    """A slip in a word of four letters or more is corrected; a three-letter word is kept."""
    assert _correct(word, _build_index(TWO_MYTHS)) == corrected


def test_the_spelling_memo_is_bounded() -> None:
    index = _build_index(TWO_MYTHS)
    index.corrections.update({f"w{n}": f"w{n}" for n in range(_MAX_CORRECTIONS)})
    assert _correct("zbra", index) == "zebra"
    assert index.corrections == {"zbra": "zebra"}


def test_a_piece_is_analysed_into_concepts_and_its_words() -> None:
    assert _analyse("Zebra, QUARTZ!", None) == (["zebra", "quartz"], "zebra quartz")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("biceps femoris zebra", ["hamstring", "zebra"]),  # two words
        ("take the load zebra", ["compensate", "zebra"]),  # three
        ("does all the work zebra", ["compensate", "zebra"]),  # four, the longest
        ("zebra biceps femoris", ["zebra", "hamstring"]),  # at the end
    ],
)
def test_fixed_phrases_are_found_before_single_words(words: str, expected: list[str]) -> None:
    assert _concepts([_stem(w) for w in words.split()]) == expected


@pytest.mark.parametrize(
    ("stems", "expected"),
    [
        (["switch", "my", "glut", "off"], ["off", "my", "glute"]),
        (["switch", "my", "the", "my", "off"], ["off", "my", "the", "my"]),  # three fillers
        (["switch", "my", "the", "my", "the", "off"], ["fire", "my", "the", "my", "the", "off"]),
        (["switch", "zebra", "off"], ["fire", "zebra", "off"]),  # not a filler: no particle
    ],
)
def test_a_particle_may_follow_its_verb_after_three_fillers(
    stems: list[str], expected: list[str]
) -> None:
    assert _particles(stems) == expected


def test_f_score_counts_recall_more_than_precision() -> None:
    """Query weights 1 + 2 all shared (precision 1); the phrase weighs 5 (recall 3/5)."""
    entry = _Entry("a", "t", frozenset({"zebra", "quartz", "lemon"}), 5.0, "t")
    precision, recall, beta2 = 1.0, 3 / 5, 1.5**2
    expected = (1 + beta2) * precision * recall / (beta2 * precision + recall)
    score = _token_score(frozenset({"zebra", "quartz"}), {"zebra": 1.0, "quartz": 2.0}, entry)
    assert score == pytest.approx(expected)


def test_character_similarity_lifts_a_score_by_a_fifth_of_the_gap() -> None:
    """Token score 0.5, similarity 1: lifted to 0.8 * 0.5 + 0.2 = 0.6; coverage 0.2 counts 1/4."""
    assert _blend(0.5, 1.0, 0.2, 1.0) == pytest.approx(0.75 * 0.6 + 0.25 * 0.2)
    assert _blend(0.5, 0.0, 0.2, 0.5) == pytest.approx(0.5 * (0.75 * 0.5 + 0.25 * 0.2))


@pytest.mark.parametrize(
    ("bound", "best", "threshold", "may"),
    [
        (0.5, 0.4, 0.5, True),
        (0.5, 0.5, 0.0, False),
        (0.49, 0.4, 0.5, False),
        (0.3, 0.4, 0.2, False),
    ],
)
def test_a_bound_counts_only_above_the_best_and_at_the_threshold(
    bound: float, best: float, threshold: float, may: bool
) -> None:
    assert _may_count(bound, best, threshold) is may


def _one_entry_index(surface: str) -> _Index:
    """A one-myth index whose phrase has concepts {zebra, quartz} (weights 1, 1) and ``surface``."""
    entry = _Entry("a", "phrase", frozenset({"zebra", "quartz"}), 2.0, surface)
    return _Index(
        entries=(entry,),
        idf={"zebra": 1.0, "quartz": 1.0},
        unknown_weight=1.0,
        vocabulary={},
        known_stems=frozenset(),
        subject=frozenset({"zebra", "quartz"}),
        myth_concepts={"a": frozenset({"zebra", "quartz"})},
    )


def _piece_score(surface: str, entry_surface: str) -> float:
    best: dict[str, tuple[float, str]] = {}
    _score_piece(["zebra"], surface, _one_entry_index(entry_surface), best, 0.0)
    return best["a"][0]


# The query {zebra} shares one of two equal concepts: precision 1, recall 1/2, and one shared
# concept halves the F-score; coverage is 1, halved likewise.
_PHRASE = 0.5 * (1 + 1.5**2) * 0.5 / (1.5**2 + 0.5)
_UNLIFTED = 0.75 * _PHRASE + 0.25 * 0.5
_LIFTED = 0.75 * (0.8 * _PHRASE + 0.2 * 1.0) + 0.25 * 0.5


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("x", _LIFTED),  # one character: similarity counts
        ("ab" * 150, _LIFTED),  # 300 characters: still compared
        ("ab" * 150 + "a", _UNLIFTED),  # 301: too long to compare
    ],
)
def test_character_similarity_counts_from_one_to_300_characters(
    surface: str, expected: float
) -> None:
    """An identical surface (similarity 1) lifts the score, for texts of 1 to 300 characters."""
    assert _piece_score(surface, surface) == pytest.approx(expected)


def test_letters_common_in_a_long_text_still_count_as_similar() -> None:
    """A 300-character remark of two letters against the same with one letter in front: the
    whole remark matches, similarity 2 * 300 / 601 (no letter is ignored for being common)."""
    similarity = 2 * 300 / 601
    lifted = 0.75 * (0.8 * _PHRASE + 0.2 * similarity) + 0.25 * 0.5
    assert _piece_score("ab" * 150, "x" + "ab" * 150) == pytest.approx(lifted)


def test_of_two_equal_phrases_the_first_is_named() -> None:
    myths = pd.DataFrame(
        {"claim": [""], "client_phrases": [["Zebra quartz.", "zebra, quartz"]]},
        index=pd.Index(["a"], name="myth_id"),
    )
    assert match_phrase("zebra quartz", myths, threshold=0.0)[0].matched_phrase == "Zebra quartz."


def test_phrases_that_are_not_text_are_left_out() -> None:
    assert _phrase_list(["I sit", 3, None, "  "]) == ("I sit",)
    assert _phrase_list("I sit") == ("I sit",)
    assert _phrase_list(float("nan")) == ()


def test_a_missing_claim_is_empty_text() -> None:
    myths = pd.DataFrame(
        {"claim": [float("nan")], "client_phrases": [["zebra"]]},
        index=pd.Index(["a"], name="myth_id"),
    )
    assert _rows(myths) == (("a", "", ("zebra",)),)


def test_a_custom_table_is_used_for_spelling_and_by_match_myths() -> None:
    myths = _two_myth_table()
    assert canonical_tokens("zbra quartz", myths) == ["zebra", "quartz"]
    assert canonical_tokens("zbra quartz") == ["zbra", "quartz"]
    assert [myth for myth, _ in match_myths("zebra quartz", myths)] == ["a"]


def test_a_negative_top_matches_nothing() -> None:
    assert match_phrase("my glutes don't fire", top=-1, threshold=0.0) == []


def _course_myths_in(folder: Path, claim: str) -> None:
    """Rewrite ``claim`` in ``folder``'s myths.yaml as "Zebra quartz lemon."."""
    text = (folder / "myths.yaml").read_text(encoding="utf-8")
    (folder / "myths.yaml").write_text(
        text.replace(claim, "Zebra quartz lemon.", 1), encoding="utf-8"
    )


def test_the_course_index_follows_an_edited_myths_file(data_copy: Path) -> None:
    """Edit myths.yaml (same size of change, new modification time): the matcher reads it again."""
    path = data_copy / "myths.yaml"
    assert best_match("zebra quartz lemon", threshold=0.5) is None
    first = load_myths().iloc[0]
    _course_myths_in(data_copy, first["claim"])
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    found = best_match("zebra quartz lemon", threshold=0.5)
    assert found is not None and found.myth_id == first.name


def test_each_data_folder_has_its_own_index(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two folders whose myths.yaml have the same modification time are still told apart."""
    assert best_match("zebra quartz lemon", threshold=0.5) is None
    other = tmp_path / "other"
    shutil.copytree(data_copy, other)
    _course_myths_in(other, load_myths().iloc[0]["claim"])
    stamp = (data_copy / "myths.yaml").stat().st_mtime_ns
    os.utime(other / "myths.yaml", ns=(stamp, stamp))
    monkeypatch.setenv("GLUTELAB_DATA", str(other))
    assert best_match("zebra quartz lemon", threshold=0.5) is not None


def test_a_folder_without_myths_gets_the_loaders_error(data_copy: Path) -> None:
    (data_copy / "myths.yaml").unlink()
    with pytest.raises(DataError) as caught:
        match_phrase("my glutes are off")
    assert str(caught.value) == "myths.yaml: does not exist"
