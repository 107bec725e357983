"""What did the client mean? Match a free-text remark to the course's glute myths.

A client rarely quotes a myth word for word. They say "my butt's asleep",
"dead butt syndrome" or "my knees cave because my glutes are off". This
module turns such a sentence into a short list of the most likely myths from
``data/myths.yaml``, each with a score between 0 and 1 and the client phrase
(or claim) it resembled most. An empty list means "no close match".

>>> [m.myth_id for m in match_phrase("My butt's asleep")][:1]
['never_fire']
>>> best_match("Sitting all day turned my glutes off").myth_id
'sitting_switches_off'
>>> best_match("knees cave because my glutes are off").myth_id
'knee_valgus_means_glutes_off'
>>> match_phrase("I love pizza")
[]

How it works (every step is plain code you can read and change):

1. **Normalise**: Unicode folded to ASCII, lower case, contractions expanded
   ("don't" -> "do not", "butt's" -> "butt", "sittin'" -> "sitting"), hyphens and
   punctuation dropped.
2. **Spell-correct** each word that neither the myths nor the synonym lists below
   know, against those words (:func:`difflib.get_close_matches`, cutoff 0.8, same
   first letter), so "glutues", "sittin" and "activte" are recognised. Everyday gym
   words ("calves", "time", "hours") are protected from "correction".
3. **Stem** lightly (plural ``-s``, ``-ing``, ``-ed``, final ``-e``), so "switched",
   "switching" and "switch", or "glutes", "glute" and "gluts", become one token.
4. **Canonicalise** into concepts: slang for the buttocks (butt, bum, booty, bottom,
   behind, backside, arse, rear, cheeks, ...) becomes ``glute``; every way of saying
   "not working" (asleep, dead, dormant, lazy, amnesia, switched off, shut down, ...)
   becomes ``off``, and so does a negated "working" word (not firing, won't fire,
   don't work, can't get them to turn on, doesn't activate); other synonyms collapse
   onto one concept each (desk/couch/sitting -> ``sit``, hurt/ache/sore -> ``pain``,
   hammies -> ``hamstring``). Stop words are dropped. :func:`canonical_tokens` shows
   the result.
5. **Score** the concepts against every client phrase and claim of every myth:
   a recall-leaning weighted F-score (beta 1.5) of the shared concepts, each concept
   weighted by its rarity across the myths (IDF-like: ``glute`` and ``off``, which
   every myth has, count least; words no myth uses count as much as the rarest
   concept). Character similarity of the spelled-out texts
   (:class:`difflib.SequenceMatcher`) may lift a phrase's score, never lower it.
   A myth's score is 3/4 its best phrase's score plus 1/4 the share of the remark
   its whole vocabulary covers. A score resting on a single shared concept is
   halved, and a remark that mentions neither the glutes nor their being "off" is
   scored at 3/4. Remarks of several sentences are also scored sentence by sentence
   and pair by pair (at 0.9).
6. **Report** the myths scoring at least ``threshold`` (default
   :data:`DEFAULT_THRESHOLD`) and at least 3/4 of the best myth's score, best first.

Only the standard library is used (``re``, ``unicodedata``, ``difflib``, ``math``).
The vocabulary is a few hundred words, so ``difflib`` is fast enough; the course
environment has no fuzzy-matching library (no rapidfuzz, thefuzz or jellyfish), adding
one for this would be a new dependency, and a language model would mean a large
download for little gain on eight myths. The index of a myths table (concepts, weights and
spelling vocabulary) is built once and cached by the table's content, so a call
takes well under a millisecond for a typical sentence.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher, get_close_matches
from functools import lru_cache
from itertools import pairwise

import pandas as pd

from glutelab.data import data_dir, load_myths

__all__ = [
    "DEFAULT_THRESHOLD",
    "Match",
    "best_match",
    "canonical_tokens",
    "match_myths",
    "match_phrase",
]

DEFAULT_THRESHOLD = 0.5
"""Scores below this are "no close match".

Chosen on the tuning sentences in ``tests/test_matcher.py`` (``HELD_OUT``): their myth
phrasings score 0.58 or more, their unrelated sentences (and near misses such as "my lower
back hurts after deadlifts" or "glutes" alone) 0.45 or less. Accuracy on text the matcher was
not tuned on is measured on a separate frozen set (``tests/data/matcher_frozen_phrasings.csv``).
"""

_FUZZY_CUTOFF = 0.8
_MIN_FUZZY_LENGTH = 4
_RECALL_BETA = 1.5
_MIN_SHARED = 2
_SINGLE_CONCEPT_FACTOR = 0.5
_OFF_SUBJECT_FACTOR = 0.75
_RELATIVE_CUTOFF = 0.75
_PART_FACTOR = 0.9
_CHAR_WEIGHT = 0.2
_COVERAGE_WEIGHT = 0.25
_MAX_CHAR_LENGTH = 300


@dataclass(frozen=True)
class Match:
    """One candidate myth for a client's remark.

    ``score`` is in 0..1 (1: the remark says what ``matched_phrase`` says, in the same
    concepts); ``matched_phrase`` is the client phrase or claim from ``myths.yaml`` that
    the remark resembled most.
    """

    myth_id: str
    score: float
    matched_phrase: str


# --- vocabulary -------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of ``text`` (word lists are easier to read as text)."""
    return tuple(text.split())


_STOPWORDS = frozenset(
    _words(
        """
    a about above actually again all also always am an and any anymore anyway apparently are
    as at basically be because becuz been being both btw but by can cause cheers coach
    completely cos could coz cuz definitely did do doc doctor does doing done during each else
    enough even ever every everyone far for from get gets getting go goes going gone got gotta
    guess had has have having he hello her here hey hi him his honestly how i if im in instead
    into is it its itself ive just keep kind kinda lately let like literally lol lot lots make
    makes many may me mean means meant might mine much muscle muscles must my myself now of oh
    ok okay on one ones only onto or other our out over own physio please pretty probably pt
    question quick quite really reckon remain remains right s said same say says seem seems she
    should since so some something sort stay stayed staying stays still sure t tell than thank
    thanks that the their them then there these they thing things think this those tho though
    thought to told too totally trainer um up us usually very was way we well went were what
    whatever when whenever where which while who whole why will with would yeah yes you your
    """
    )
)
"""Words that carry no meaning for the matcher (``off``, negations and ``day`` are kept)."""

_COMMON_WORDS = frozenset(
    _words(
        """
    after arm arms abs ankle ankles bench better book booking bring calf calves chest class
    classes core diet eat elbow feet food foot friday friend hand head heavy hip hips hour hours
    leg legs love monday month morning neck new next night park parking pay plan price program
    programme protein pull push rain reps rest row run running saturday sets shoes shoulder
    shoulders stiff stretch stretching sunday thursday tight time today toe tomorrow tuesday want
    water wednesday week weeks weight weights walk walking year years
    """
    )
)
"""Everyday words that are never spelling slips for a myth word ("calves" is not "caves")."""

_NEGATIONS = frozenset(
    {"not", "no", "never", "cannot", "without", "nor", "stop", "stops", "stopped", "quit"}
)

# canonical concept -> surface words (stemmed before use)
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "glute": _words(
        "glute glutes gluteal gluteals gluteus glutei glut butt butts buttock buttocks bum bums "
        "booty bottom behind backside arse ass rear cheeks tush tushy buns derriere hiney "
        "med medius maximus minimus"
    ),
    "off": _words(
        "off asleep sleep sleeping sleepy slept dead dormant inactive underactive lazy amnesia "
        "numb forgot forget forgotten forgetting broken disengaged offline sluggish idle "
        "shut kill kills killed killing"
    ),
    "fire": _words(
        "fire fires firing fired engage engages engaging engaged "
        "contract contracting recruit recruiting wake waking woke "
        "awake switch"
    ),
    "work": _words("work works working worked happen happens happening happened"),
    "activ": _words("activate activates activated activating activation activte"),
    "feel": _words("feel feels feeling felt sense sensation notice connection"),
    "burn": _words("burn burns burning burnt pump pumped"),
    "sit": _words("sit sits sitting sat seated desk office chair couch sofa sedentary computer"),
    "back": _words("back lumbar spine"),
    "pain": _words(
        "pain pains painful hurt hurts hurting ache aches aching achy sore wreck wrecking "
        "wrecked injury injured sciatica"
    ),
    "compensate": _words("compensate compensating compensation compensates overwork overworking"),
    "knee": _words("knee knees"),
    "cave": _words(
        "cave caves caving collapse collapses collapsing buckle buckling valgus knock inward "
        "inwards"
    ),
    "squat": _words("squat squats squatting"),
    "land": _words("land landing lands jump jumps jumping"),
    "hamstring": _words("hamstring hamstrings hammies hammy hams"),
    "quad": _words("quad quads quadriceps thigh thighs"),
    "order": _words("order sequence sequencing pattern"),
    "late": _words("late later last delayed delay"),
    "before": _words("before first beforehand prior pre early earlier"),
    "prime": _words("prime primer primers priming primed warm warmup drill drills"),
    "band": _words("band bands miniband clam clams clamshell clamshells"),
    "lift": _words(
        "lift lifts lifting deadlift deadlifts session sessions workout train training gym"
    ),
    "emg": _words("emg electromyography"),
    "most": _words("more most highest higher high top best max maximum greatest greater"),
    "grow": _words(
        "grow grows growing growth gain gains gainz build builds builder building bigger size "
        "hypertrophy mass"
    ),
    "waste": _words("waste pointless useless"),
    "dominant": _words("dominant dominance dominate dominates"),
    "wrong": _words("wrong faulty incorrect messed bad"),
}

# (verb, particle) pairs that mean "switched on" / "switched off" / "knee caves in"; a particle
# may follow its verb after up to three filler or buttock words ("switch my glutes on").
_PARTICLE_VERBS: dict[str, dict[str, str]] = {
    "switch switches switched switching": {"on": "fire", "up": "fire", "off": "off", "out": "off"},
    "turn turns turned turning": {"on": "fire", "off": "off", "in": "cave"},
    "shut shuts shutting": {"off": "off", "down": "off"},
    "power powers powered powering": {"on": "fire", "up": "fire", "off": "off", "down": "off"},
    "kick kicks kicked kicking": {"in": "fire"},
    "wake wakes woke woken waking": {"up": "fire"},
    "light lights lit lighting": {"up": "fire"},
    "fire fires fired firing": {"up": "fire"},
    "come comes came coming": {"on": "fire"},
    "go goes going went": {"in": "cave"},
    "fall falls fell falling": {"in": "cave"},
    "drop drops dropped dropping": {"in": "cave"},
    "roll rolls rolled rolling": {"in": "cave"},
    "collapse collapses collapsed collapsing": {"in": "cave"},
    "cave caves caved caving": {"in": "cave"},
}
_PARTICLE_GAP = 3

# fixed word sequences, matched on stems before single words
_PHRASES: dict[tuple[str, ...], str] = {
    ("back", "there"): "glute",
    ("back", "end"): "glute",
    ("rear", "end"): "glute",
    ("no", "matter"): "",
    ("knock", "kneed"): "cave knee",
    ("take", "over"): "compensate",
    ("take", "the", "load"): "compensate",
    ("taking", "the", "load"): "compensate",
    ("biceps", "femoris"): "hamstring",
    ("after", "my", "hamstrings"): "late hamstring",
    ("after", "the", "hamstrings"): "late hamstring",
    ("after", "hamstrings"): "late hamstring",
    ("after", "my", "hammies"): "late hamstring",
    ("do", "all", "the", "work"): "compensate",
    ("does", "all", "the", "work"): "compensate",
    ("doing", "all", "the", "work"): "compensate",
    ("did", "all", "the", "work"): "compensate",
    ("does", "the", "work"): "compensate",
    ("doing", "the", "work"): "compensate",
    ("mind", "muscle"): "feel",
    ("warm", "up"): "prime",
}

_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bwon'?t\b", "will not"),
        (r"\bcan'?t\b", "can not"),
        (r"\bcannot\b", "can not"),
        (r"\bain'?t\b", "is not"),
        (r"n't\b", " not"),
        (
            r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)nt\b",
            r"\1 not",
        ),
        (r"in'(?=\W|$)", "ing"),
        (r"'(?:s|re|ve|m|ll|d)\b", ""),
        (r"[^a-z0-9\s]+", " "),
    )
)
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]+")
_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """Strip plural, ``-ing``/``-ed`` and a final ``e`` ("switched" -> "switch", "fire" -> "fir").

    Crude on purpose: it only has to treat the myths and the remark the same way.
    """
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


_STEMMED_SYNONYMS: dict[str, str] = {
    _stem(word): concept for concept, words in _SYNONYMS.items() for word in words
}
_STEMMED_PARTICLE_VERBS = {
    _stem(verb): table for verbs, table in _PARTICLE_VERBS.items() for verb in verbs.split()
}
_STEMMED_PHRASES = {
    tuple(_stem(w) for w in words): concept.split() for words, concept in _PHRASES.items()
}
_LONGEST_PHRASE = max(len(words) for words in _STEMMED_PHRASES)
_STEMMED_STOPWORDS = frozenset(_stem(w) for w in _STOPWORDS) - set(_STEMMED_SYNONYMS)
_STEMMED_NEGATIONS = frozenset(_stem(w) for w in _NEGATIONS)
_ANYTHING = _stem("anything")
_NOTHING = _stem("nothing")
_LIKE = _stem("like")
_CONDITIONS = frozenset({"if", "unless"})
_CONDITION_WINDOW = 4  # "if I do not ...": a negation this close after "if" is conditional
_WEAK = frozenset({"work", _ANYTHING})
"""Concepts that only count when negated ("doesn't work" -> ``off``; "I work at a desk" -> -)."""
_NEGATABLE = frozenset({"fire", "activ"}) | _WEAK
_LEXICON_WORDS = frozenset(
    {w for words in _SYNONYMS.values() for w in words}
    | {w for words in _PHRASES for w in words}
    | {verb for verbs in _PARTICLE_VERBS for verb in verbs.split()}
    | _STOPWORDS
    | _NEGATIONS
    | {"anything", "down", "in", "on", "up", "out", "off"}
)


def _surface_words(text: str) -> list[str]:
    """Lower-case ASCII words with contractions expanded and punctuation removed."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").lower()
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    return _WORD.findall(folded)


def _concepts(stems: Sequence[str]) -> list[str]:
    """Canonical concepts in order: phrases, particle verbs, synonyms, negation, stop words."""
    out: list[str] = []
    i = 0
    while i < len(stems):
        for size in range(min(_LONGEST_PHRASE, len(stems) - i), 1, -1):
            concept = _STEMMED_PHRASES.get(tuple(stems[i : i + size]))
            if concept is not None:
                out.extend(concept)
                i += size
                break
        else:
            out.append(stems[i])
            i += 1
    return _negate(_seem(_particles(out)))


def _is_filler(token: str) -> bool:
    return token in _STEMMED_STOPWORDS or _STEMMED_SYNONYMS.get(token) == "glute"


def _particles(stems: list[str]) -> list[str]:
    """Resolve particle verbs ("switch ... off", "kick in"), then map single-word synonyms."""
    tokens = list(stems)
    for i, stem in enumerate(tokens):
        table = _STEMMED_PARTICLE_VERBS.get(stem)
        if table is None:
            continue
        for j in range(i + 1, min(i + 2 + _PARTICLE_GAP, len(tokens))):
            if tokens[j] in table:
                tokens[i], tokens[j] = table[tokens[j]], ""
                break
            if not _is_filler(tokens[j]):
                break
    return [_STEMMED_SYNONYMS.get(t, t) for t in tokens if t]


def _seem(tokens: list[str]) -> list[str]:
    """Drop "feel" where it means "seem": "my glutes feel dead", "I feel like they're off"."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        if token == "feel":
            following = [t for t in tokens[i + 1 : i + 4] if t not in _STEMMED_STOPWORDS]
            if tokens[i + 1 : i + 2] == [_LIKE] or following[:1] == ["off"]:
                continue
        out.append(token)
    return out


def _negate(tokens: list[str]) -> list[str]:
    """'not' before a working word (fire, work, switch on, activate) makes it ``off``.

    Inside a condition, "activate" is kept as it is: "if I don't activate first, ..."
    is about activating, not about glutes being off ("if they don't fire" still is).
    """
    out: list[str] = []
    pending = conditional = False
    skipped, since_if = 0, _CONDITION_WINDOW + 1  # no "if" seen yet
    for token in tokens:
        since_if += 1
        if token in _CONDITIONS:
            since_if = 0
        if token in _STEMMED_NEGATIONS or token == _NOTHING:
            if token == _NOTHING:
                out.append("off")
            pending, skipped, conditional = True, 0, since_if <= _CONDITION_WINDOW
            continue
        if token in _STEMMED_STOPWORDS or token == "glute":
            if token == "glute":
                out.append(token)
            if pending:
                skipped += 1
                pending = skipped <= 4
            continue
        if pending and token in _NEGATABLE and not (conditional and token == "activ"):
            out.append("off")
        elif token not in _WEAK:
            out.append(token)
        pending = False
    return out


# --- index ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    myth_id: str
    text: str
    concepts: frozenset[str]
    weight: float
    surface: str


@dataclass(frozen=True)
class _Index:
    entries: tuple[_Entry, ...]
    idf: dict[str, float]
    unknown_weight: float
    vocabulary: dict[str, tuple[str, ...]]
    """Known words by first letter: spelling slips rarely change the first letter."""
    known_stems: frozenset[str]
    subject: frozenset[str]
    """Concepts every myth mentions (``glute``, ``off``): what all the myths are about."""
    myth_concepts: dict[str, frozenset[str]]
    """Every concept of each myth's phrases and claim."""
    corrections: dict[str, str] = field(default_factory=dict)
    """Spelling corrections made so far (memoised across calls, bounded)."""


_MAX_CORRECTIONS = 20_000


def _correct(word: str, index: _Index) -> str:
    """The vocabulary word closest to an unknown ``word`` (or ``word`` itself)."""
    cache = index.corrections
    found = cache.get(word)
    if found is not None:
        return found
    result = word
    if (
        len(word) >= _MIN_FUZZY_LENGTH
        and not word.isdigit()
        and word not in _COMMON_WORDS
        and _stem(word) not in index.known_stems
    ):
        candidates = index.vocabulary.get(word[0], ())
        close = get_close_matches(word, candidates, n=1, cutoff=_FUZZY_CUTOFF)
        if close:
            result = close[0]
    if len(cache) >= _MAX_CORRECTIONS:
        cache.clear()
    cache[word] = result
    return result


def _analyse(text: str, index: _Index | None) -> tuple[list[str], str]:
    """(concepts, corrected surface text) of one piece of text."""
    words = _surface_words(text)
    if index is not None:
        words = [_correct(w, index) for w in words]
    return _concepts([_stem(w) for w in words]), " ".join(words)


def _build_index(rows: tuple[tuple[str, str, tuple[str, ...]], ...]) -> _Index:
    """Concepts, rarity weights and spelling vocabulary of (myth id, claim, phrases) rows."""
    analysed: list[tuple[str, str, list[str], str]] = []
    for myth_id, claim, phrases in rows:
        for text in (*phrases, claim):
            concepts, surface = _analyse(text, None)
            analysed.append((myth_id, text, concepts, surface))
    myth_concepts: dict[str, set[str]] = {}
    for myth_id, _, concepts, _ in analysed:
        myth_concepts.setdefault(myth_id, set()).update(concepts)
    n_myths = max(len(myth_concepts), 1)
    frequency: dict[str, int] = {}
    for concepts_of_myth in myth_concepts.values():
        for concept in concepts_of_myth:
            frequency[concept] = frequency.get(concept, 0) + 1
    idf = {c: 1.0 + math.log(n_myths / df) for c, df in frequency.items()}
    entries = tuple(
        _Entry(
            myth_id,
            text,
            frozenset(concepts),
            sum(idf[c] for c in set(concepts)),
            surface,
        )
        for myth_id, text, concepts, surface in analysed
        if concepts
    )
    words = {w for _, _, _, surface in analysed for w in surface.split()} | _LEXICON_WORDS
    by_letter: dict[str, list[str]] = {}
    for word in sorted(words):
        by_letter.setdefault(word[0], []).append(word)
    return _Index(
        entries=entries,
        idf=idf,
        unknown_weight=1.0 + math.log(n_myths),
        vocabulary={letter: tuple(ws) for letter, ws in by_letter.items()},
        known_stems=frozenset(_stem(w) for w in words),
        subject=frozenset(c for c, df in frequency.items() if df == n_myths),
        myth_concepts={m: frozenset(cs) for m, cs in myth_concepts.items()},
    )


@lru_cache(maxsize=16)
def _cached_index(rows: tuple[tuple[str, str, tuple[str, ...]], ...]) -> _Index:
    return _build_index(rows)


@lru_cache(maxsize=4)
def _default_rows(path: str, mtime_ns: int) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The course's myths (cached by file and modification time, like the loader)."""
    return _rows(load_myths())


def _phrase_list(phrases: object) -> tuple[str, ...]:
    """A myth's client phrases as strings (a missing value is no phrases)."""
    if isinstance(phrases, str):
        return (phrases,)
    if isinstance(phrases, Iterable):
        return tuple(str(p) for p in phrases if isinstance(p, str) and p.strip())
    return ()


def _rows(myths: pd.DataFrame) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The part of a myths table the matcher uses, hashable (the index cache's key)."""
    return tuple(
        (str(myth_id), claim if isinstance(claim, str) else "", _phrase_list(phrases))
        for myth_id, claim, phrases in zip(
            myths.index, myths["claim"], myths["client_phrases"], strict=True
        )
    )


def _index_for(myths: pd.DataFrame | None) -> _Index:
    """The (cached) index of ``myths``, or of the course's myths when ``None``."""
    if myths is None:
        path = data_dir() / "myths.yaml"
        mtime = path.stat().st_mtime_ns if path.exists() else -1
        return _cached_index(_default_rows(str(path), mtime))
    return _cached_index(_rows(myths))


# --- scoring ----------------------------------------------------------------------------------


def _single(value: float, n_shared: int) -> float:
    """``value``, halved when it rests on a single shared concept."""
    return value if n_shared >= _MIN_SHARED else value * _SINGLE_CONCEPT_FACTOR


def _token_score(query: frozenset[str], weights: dict[str, float], entry: _Entry) -> float:
    """Rarity-weighted F-score of shared concepts, halved when only one concept is shared."""
    common = query & entry.concepts
    if not common:
        return 0.0
    shared = sum(weights[c] for c in common)
    precision = shared / sum(weights.values())
    recall = shared / entry.weight
    beta2 = _RECALL_BETA**2
    f_score = (1 + beta2) * precision * recall / (beta2 * precision + recall)
    return _single(f_score, len(common))


def _score_piece(
    concepts: Iterable[str],
    surface: str,
    index: _Index,
    best: dict[str, tuple[float, str]],
    threshold: float,
    weight: float = 1.0,
) -> None:
    """Update ``best`` (myth id -> (score, phrase)) with one piece of text's scores.

    A myth's score blends its best phrase's score (token F-score, lifted by character
    similarity) with how much of the remark the myth's whole vocabulary covers.
    Character similarity is only computed where it could lift a score above the myth's
    best so far and to at least ``threshold`` (it never changes the result otherwise).
    """
    query = frozenset(concepts)
    if not query:
        return
    weights = {c: index.idf.get(c, index.unknown_weight) for c in query}
    total = sum(weights.values())
    factor = weight if query & index.subject else weight * _OFF_SUBJECT_FACTOR
    coverage = {
        myth_id: _single(
            sum(weights[c] for c in query & vocabulary) / total, len(query & vocabulary)
        )
        for myth_id, vocabulary in index.myth_concepts.items()
    }
    use_chars = 0 < len(surface) <= _MAX_CHAR_LENGTH
    chars: SequenceMatcher[str] | None = None
    for entry in index.entries:
        phrase = _token_score(query, weights, entry)
        cover = coverage[entry.myth_id]
        score = _blend(phrase, phrase, cover, factor)
        current = best.get(entry.myth_id, (0.0, ""))[0]
        floor = max(score, current)
        if use_chars and _may_count(_blend(phrase, 1.0, cover, factor), floor, threshold):
            if chars is None:
                chars = SequenceMatcher(None, autojunk=False)
                chars.set_seq2(surface)
            chars.set_seq1(entry.surface)
            if _may_count(
                _blend(phrase, chars.real_quick_ratio(), cover, factor), floor, threshold
            ) and _may_count(_blend(phrase, chars.quick_ratio(), cover, factor), floor, threshold):
                score = max(score, _blend(phrase, chars.ratio(), cover, factor))
        if score > current:
            best[entry.myth_id] = (score, entry.text)


def _may_count(bound: float, best: float, threshold: float) -> bool:
    """Whether a score up to ``bound`` could beat ``best`` and be reported (``>= threshold``).

    >>> _may_count(0.5, 0.4, 0.5), _may_count(0.5, 0.5, 0.0), _may_count(0.49, 0.4, 0.5)
    (True, False, False)
    """
    return bound > best and bound >= threshold


def _blend(phrase: float, similarity: float, coverage: float, factor: float) -> float:
    """A myth's score from one phrase: token score lifted by character similarity, plus coverage.

    ``similarity == phrase`` leaves the token score as it is.
    """
    lifted = max(phrase, (1 - _CHAR_WEIGHT) * phrase + _CHAR_WEIGHT * similarity)
    return factor * ((1 - _COVERAGE_WEIGHT) * lifted + _COVERAGE_WEIGHT * coverage)


def _pieces(text: str) -> list[tuple[str, float]]:
    """(piece, weight): the whole text, then each sentence and each pair of adjacent ones.

    Parts of a longer text are slightly discounted, so that a myth matching the whole
    remark outranks one matching a single sentence of it.
    """
    sentences = [s for s in _SENTENCE_BREAK.split(text) if s.strip()]
    if len(sentences) <= 1:
        return [(text, 1.0)]
    pairs = [f"{a}. {b}" for a, b in pairwise(sentences)]
    if len(sentences) == 2:
        pairs = []  # the one pair is the whole text
    return [(text, 1.0), *((part, _PART_FACTOR) for part in (*sentences, *pairs))]


def canonical_tokens(text: str, myths: pd.DataFrame | None = None) -> list[str]:
    """The concepts the matcher sees in ``text``, in order (spelling corrected, synonyms merged).

    >>> canonical_tokens("My bum's been sleepin' all day")
    ['glute', 'off', 'day']
    >>> canonical_tokens("My gluts don't switch on")
    ['glute', 'off']
    >>> canonical_tokens("Sittin at my desk turned my booty off")
    ['sit', 'sit', 'off', 'glute']
    """
    return _analyse(text, _index_for(myths))[0]


def match_phrase(
    text: str,
    myths: pd.DataFrame | None = None,
    *,
    top: int = 3,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Match]:
    """The myths a client's remark most likely refers to, best first.

    Parameters
    ----------
    text
        What the client said, in any case, with or without punctuation or typos.
    myths
        A table like :func:`glutelab.data.load_myths` returns (index = myth id, columns
        ``claim`` and ``client_phrases``); the course's myths when omitted.
    top
        At most this many matches are returned.
    threshold
        Matches scoring below this are left out; an empty list means no close match.

    Returns
    -------
    list of Match
        Sorted by descending score (ties by myth id), each score in 0..1.

    >>> said = "My back aches and my knees cave in, because my glutes are switched off"
    >>> [(m.myth_id, round(m.score, 2)) for m in match_phrase(said)]
    [('knee_valgus_means_glutes_off', 0.77), ('back_pain_from_sleeping_glutes', 0.74)]
    >>> match_phrase("dead butt syndrome")[0].matched_phrase
    "I've got dead butt syndrome."
    >>> best = match_phrase("I can't feel my glutes working")[0]
    >>> best.myth_id, best.matched_phrase
    ('no_burn_no_activation', "I don't feel it in my glutes, so they're not doing anything.")
    >>> match_phrase("what time is the class")
    []
    """
    if top <= 0 or not text or not text.strip():
        return []
    index = _index_for(myths)
    best: dict[str, tuple[float, str]] = {}
    for piece, weight in _pieces(text):
        concepts, surface = _analyse(piece, index)
        _score_piece(concepts, surface, index, best, threshold, weight)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    if not ranked:
        return []
    cutoff = max(threshold, _RELATIVE_CUTOFF * ranked[0][1][0])
    return [
        Match(myth_id, min(1.0, max(0.0, score)), phrase)
        for myth_id, (score, phrase) in ranked[:top]
        if score >= cutoff
    ]


def best_match(
    text: str,
    myths: pd.DataFrame | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> Match | None:
    """The single most likely myth for ``text``, or ``None`` when nothing is close.

    >>> best_match("my glutes don't switch on").myth_id
    'never_fire'
    >>> best_match("my shoulder hurts when I press") is None
    True
    """
    found = match_phrase(text, myths, top=1, threshold=threshold)
    return found[0] if found else None


def match_myths(text: str, myths: pd.DataFrame | None = None) -> list[tuple[str, float]]:
    """``(myth_id, score)`` pairs for a remark, best first; empty means "no close match".

    >>> match_myths("dead butt syndrome")[0][0]
    'never_fire'
    >>> match_myths("how many sets should I do?")
    []
    """
    return [(m.myth_id, round(m.score, 2)) for m in match_phrase(text, myths)]
