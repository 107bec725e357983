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

How it works (every step is plain, inspectable code):

1. **Normalise**: Unicode folded to ASCII, lower case, contractions
   expanded ("don't" -> "do not", "butt's" -> "butt"), hyphens and
   punctuation dropped.
2. **Spell-correct** each word the myths' vocabulary does not know against
   that vocabulary and the synonym lists below (:func:`difflib.get_close_matches`,
   cutoff 0.8), so "gluts", "glutues", "sittin" and "activte" are recognised.
3. **Stem** lightly (plural ``-s``, ``-ing``, ``-ed``, final ``-e``), so "switched",
   "switching" and "switch" or "glutes" and "glute" become one token.
4. **Canonicalise**: slang for the buttocks (butt, bum, booty, arse, ...)
   becomes ``glute``; every way of saying "not working" (asleep, dead, dormant,
   lazy, amnesia, switched off, shut down, not firing, won't fire, don't
   work, ...) becomes ``off``; negated "working" words (fire, work, switch on,
   kick in, activate) turn into ``off`` as well; other synonyms collapse onto
   one concept each (desk/couch/sitting -> ``sit``, hurt/ache/sore -> ``pain``).
   Stop words are dropped.
5. **Score** the remark against every client phrase and claim: a weighted,
   recall-leaning F-score (F2) of the shared concepts, each concept weighted by
   its rarity across the myths (IDF-like, so ``glute`` counts little and
   ``knee`` a lot, and words the myths never use count as much as the rarest
   concept), scaled down when fewer than two concepts' worth of evidence is
   shared. Character-level similarity of the spelled-out texts
   (:class:`difflib.SequenceMatcher`) can raise a score, never lower it. A
   myth's score is its best phrase's score; remarks of several sentences are
   also scored sentence by sentence.

Only the standard library is used (``re``, ``unicodedata``, ``difflib``,
``math``): the job is small, the vocabulary is a few hundred words, and no
installed fuzzy-matching library (none is in the course environment) or
language model would be worth a new dependency or a download. The index of
each myths table is built once and cached by the table's content, so a call
takes well under a millisecond or two for a typical sentence.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches
from functools import lru_cache

import pandas as pd

from glutelab.data import data_dir, load_myths

__all__ = [
    "DEFAULT_THRESHOLD",
    "Match",
    "best_match",
    "canonical_tokens",
    "match_phrase",
]

DEFAULT_THRESHOLD = 0.5
"""Scores below this are "no close match" (chosen on the held-out sentences in the tests)."""

_FUZZY_CUTOFF = 0.8
_MIN_FUZZY_LENGTH = 4
_RECALL_BETA = 2.0
_MIN_EVIDENCE = 2.0
_CHAR_WEIGHT = 0.2
_MAX_CHAR_LENGTH = 300


@dataclass(frozen=True)
class Match:
    """One candidate myth for a client's remark.

    ``score`` is in 0..1 (1 = same concepts as ``matched_phrase``);
    ``matched_phrase`` is the client phrase or claim from ``myths.yaml`` it resembled most.
    """

    myth_id: str
    score: float
    matched_phrase: str


# --- vocabulary -------------------------------------------------------------------------------

_STOPWORDS = frozenset(
    """
    a about above after-all again all also always am an and any anymore anyway are as at
    be been being both but by can cause coach completely could cos cuz day-to-day did do doc
    doctor does doing done each else enough even ever every everyone far for from gets getting
    get go goes going gone got gotta guess had has have having he her here hey hi him his how
    i if im in into is it its itself ive just keep kind kinda let like literally lot lots ma
    make makes may me might mine more-or-less must my myself now of oh ok okay on one ones only
    onto or other our out over own physio please pretty probably pt quite really reckon right
    s said same say says seem seems she should since so some something sort still sure t than
    that the their them then there these they thing things think this those though thought to
    told tell totally trainer um up us very was way we well were what when whenever where which
    while who why will with would yeah yes you your actually basically honestly definitely just
    whole totally much too many lately these-days always usually apparently tho
    """.split()
)
"""Words that carry no meaning for the matcher (``off``, negations and ``day`` are kept)."""

_NEGATIONS = frozenset({"not", "no", "never", "cannot", "without", "nor"})

# canonical concept -> surface words (stemmed before use)
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "glute": (
        "glute glutes gluteal gluteals gluteus glutei glut butt butts buttock buttocks bum bums "
        "booty bottom behind backside arse ass rear cheeks tush tushy buns derriere hiney "
        "med medius maximus minimus"
    ).split(),
    "off": (
        "off asleep sleep sleeping sleepy slept dead dormant inactive underactive lazy amnesia "
        "numb forgot forget forgotten forgetting broken disengaged offline sluggish idle "
        "nothing shut"
    ).split(),
    "on": (
        "fire fires firing fired work works working worked engage engages engaging engaged "
        "happen happens happening contract contracting recruit recruiting wake waking woke "
        "awake switch"
    ).split(),
    "activ": "activate activates activated activating activation activte".split(),
    "feel": "feel feels feeling felt sense sensation notice connection".split(),
    "burn": "burn burns burning burnt pump pumped".split(),
    "sit": "sit sits sitting sat seated desk office chair couch sofa sedentary computer".split(),
    "back": "back lumbar spine".split(),
    "pain": (
        "pain pains painful hurt hurts hurting ache aches aching achy sore wreck wrecking "
        "wrecked killing injury injured sciatica"
    ).split(),
    "compensate": "compensate compensating compensation compensates overwork overworking".split(),
    "knee": "knee knees".split(),
    "cave": "cave caves caving collapse collapses collapsing buckle buckling valgus knock".split(),
    "squat": "squat squats squatting".split(),
    "land": "land landing lands jump jumps jumping".split(),
    "hamstring": "hamstring hamstrings hammies hammy hams".split(),
    "quad": "quad quads quadriceps thigh thighs".split(),
    "order": "order sequence sequencing pattern timing".split(),
    "late": "late later last delayed delay".split(),
    "before": "before first beforehand prior pre early earlier".split(),
    "prime": "prime primer primers priming primed warm warmup drill drills".split(),
    "band": "band bands miniband clam clams".split(),
    "lift": "lift lifts lifting deadlift deadlifts session sessions workout train training gym".split(),
    "emg": "emg electromyography".split(),
    "most": "most highest higher high top best max maximum greatest greater".split(),
    "grow": (
        "grow grows growing growth gain gains gainz build builds builder building bigger size "
        "hypertrophy mass"
    ).split(),
    "waste": "waste pointless useless".split(),
    "dominant": "dominant dominance dominate dominates".split(),
    "wrong": "wrong faulty incorrect messed bad".split(),
}

# (verb, particle) pairs that mean "switched on" / "switched off" / "knee caves in"; a particle
# may follow its verb after up to three filler or buttock words ("switch my glutes on").
_PARTICLE_VERBS: dict[str, dict[str, str]] = {
    "switch": {"on": "on", "up": "on", "off": "off", "out": "off"},
    "turn": {"on": "on", "off": "off", "in": "cave"},
    "shut": {"off": "off", "down": "off"},
    "power": {"on": "on", "up": "on", "off": "off", "down": "off"},
    "kick": {"in": "on"},
    "wake": {"up": "on"},
    "light": {"up": "on"},
    "fire": {"up": "on"},
    "come": {"on": "on"},
    "go": {"in": "cave"},
    "fall": {"in": "cave"},
    "drop": {"in": "cave"},
    "roll": {"in": "cave"},
    "collapse": {"in": "cave"},
    "cave": {"in": "cave"},
}
_PARTICLE_GAP = 3

# fixed word sequences, matched on stems before single words
_PHRASES: dict[tuple[str, ...], str] = {
    ("back", "there"): "glute",
    ("back", "end"): "glute",
    ("knock", "kneed"): "cave knee",
    ("take", "over"): "compensate",
    ("take", "the", "load"): "compensate",
    ("taking", "the", "load"): "compensate",
    ("biceps", "femoris"): "hamstring",
    ("all", "day"): "day",
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
    """Strip plural, ``-ing``/``-ed`` and a final ``e`` ("switched" -> "switch", "fire" -> "fir")."""
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
_STEMMED_PARTICLE_VERBS = {_stem(verb): table for verb, table in _PARTICLE_VERBS.items()}
_STEMMED_PHRASES = {
    tuple(_stem(w) for w in words): concept.split() for words, concept in _PHRASES.items()
}
_LONGEST_PHRASE = max(len(words) for words in _STEMMED_PHRASES)
_STEMMED_STOPWORDS = frozenset(_stem(w) for w in _STOPWORDS) - set(_STEMMED_SYNONYMS)
_NEGATABLE = frozenset({"on", "activ", "anyth"})
_LEXICON_WORDS = frozenset(
    {w for words in _SYNONYMS.values() for w in words}
    | {w for words in _PHRASES for w in words}
    | set(_PARTICLE_VERBS)
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
    return _negate(_particles(out))


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


def _negate(tokens: list[str]) -> list[str]:
    """'not' before a working word (fire, work, switch on, activate) makes it ``off``."""
    out: list[str] = []
    pending = False
    skipped = 0
    for token in tokens:
        if token in _NEGATIONS:
            pending, skipped = True, 0
            continue
        if token in _STEMMED_STOPWORDS or token == "glute":
            if token == "glute":
                out.append(token)
            if pending:
                skipped += 1
                pending = skipped <= 4
            continue
        if pending and token in _NEGATABLE:
            out.append("off")
        elif token != "anyth":
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
    vocabulary: tuple[str, ...]
    known_stems: frozenset[str]


def _correct(word: str, index: _Index, cache: dict[str, str]) -> str:
    """The vocabulary word closest to an unknown ``word`` (or ``word`` itself)."""
    if word in cache:
        return cache[word]
    result = word
    if (
        len(word) >= _MIN_FUZZY_LENGTH
        and not word.isdigit()
        and _stem(word) not in index.known_stems
    ):
        close = get_close_matches(word, index.vocabulary, n=1, cutoff=_FUZZY_CUTOFF)
        if close:
            result = close[0]
    cache[word] = result
    return result


def _analyse(text: str, index: _Index | None, cache: dict[str, str]) -> tuple[list[str], str]:
    """(concepts, corrected surface text) of one piece of text."""
    words = _surface_words(text)
    if index is not None:
        words = [_correct(w, index, cache) for w in words]
    return _concepts([_stem(w) for w in words]), " ".join(words)


def _build_index(rows: tuple[tuple[str, str, tuple[str, ...]], ...]) -> _Index:
    analysed: list[tuple[str, str, list[str], str]] = []
    for myth_id, claim, phrases in rows:
        for text in (*phrases, claim):
            concepts, surface = _analyse(text, None, {})
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
    vocabulary = sorted(
        {w for _, _, _, surface in analysed for w in surface.split()} | _LEXICON_WORDS
    )
    return _Index(
        entries=entries,
        idf=idf,
        unknown_weight=1.0 + math.log(n_myths),
        vocabulary=tuple(vocabulary),
        known_stems=frozenset(_stem(w) for w in vocabulary),
    )


@lru_cache(maxsize=16)
def _cached_index(rows: tuple[tuple[str, str, tuple[str, ...]], ...]) -> _Index:
    return _build_index(rows)


@lru_cache(maxsize=4)
def _default_rows(path: str, mtime_ns: int) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return _rows(load_myths())


def _rows(myths: pd.DataFrame) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple(
        (str(myth_id), str(claim), tuple(str(p) for p in phrases))
        for myth_id, claim, phrases in zip(
            myths.index, myths["claim"], myths["client_phrases"], strict=True
        )
    )


def _index_for(myths: pd.DataFrame | None) -> _Index:
    if myths is None:
        path = data_dir() / "myths.yaml"
        mtime = path.stat().st_mtime_ns if path.exists() else -1
        return _cached_index(_default_rows(str(path), mtime))
    return _cached_index(_rows(myths))


# --- scoring ----------------------------------------------------------------------------------


def _token_score(query: frozenset[str], weights: dict[str, float], entry: _Entry) -> float:
    """Rarity-weighted F2 of shared concepts, damped below two concepts' worth of evidence."""
    shared = sum(weights[c] for c in query & entry.concepts)
    if shared <= 0.0:
        return 0.0
    precision = shared / sum(weights.values())
    recall = shared / entry.weight
    beta2 = _RECALL_BETA**2
    f_score = (1 + beta2) * precision * recall / (beta2 * precision + recall)
    return f_score * min(1.0, shared / _MIN_EVIDENCE)


def _score_piece(
    concepts: Iterable[str], surface: str, index: _Index, best: dict[str, tuple[float, str]]
) -> None:
    query = frozenset(concepts)
    if not query:
        return
    weights = {c: index.idf.get(c, index.unknown_weight) for c in query}
    use_chars = 0 < len(surface) <= _MAX_CHAR_LENGTH
    for entry in index.entries:
        score = _token_score(query, weights, entry)
        current = best.get(entry.myth_id, (0.0, ""))[0]
        if use_chars:
            matcher = SequenceMatcher(None, surface, entry.surface, autojunk=False)
            ceiling = (1 - _CHAR_WEIGHT) * score + _CHAR_WEIGHT * matcher.real_quick_ratio()
            if ceiling > max(score, current):
                blended = (1 - _CHAR_WEIGHT) * score + _CHAR_WEIGHT * matcher.ratio()
                score = max(score, blended)
        if score > current:
            best[entry.myth_id] = (score, entry.text)


def _pieces(text: str) -> list[str]:
    """The whole text, then each sentence when there is more than one."""
    sentences = [s for s in _SENTENCE_BREAK.split(text) if s.strip()]
    return [text, *sentences] if len(sentences) > 1 else [text]


def canonical_tokens(text: str, myths: pd.DataFrame | None = None) -> list[str]:
    """The concepts the matcher sees in ``text``, in order (spelling corrected, synonyms merged).

    >>> canonical_tokens("My bum's been sleepin' all day")
    ['glute', 'off', 'day']
    >>> canonical_tokens("My gluts don't switch on")
    ['glute', 'off']
    >>> canonical_tokens("Sittin at my desk turned my booty off")
    ['sit', 'sit', 'off', 'glute']
    """
    index = _index_for(myths)
    return _analyse(text, index, {})[0]


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

    >>> [(m.myth_id, round(m.score, 2)) for m in match_phrase("dead butt syndrome", top=1)]
    [('never_fire', 0.88)]
    >>> best = match_phrase("I can't feel my glutes working")[0]
    >>> best.myth_id, best.matched_phrase
    ('no_burn_no_activation', "I can't feel my glutes, so they must be asleep.")
    >>> match_phrase("what time is the class")
    []
    """
    if top <= 0 or not text or not text.strip():
        return []
    index = _index_for(myths)
    cache: dict[str, str] = {}
    best: dict[str, tuple[float, str]] = {}
    for piece in _pieces(text):
        concepts, surface = _analyse(piece, index, cache)
        _score_piece(concepts, surface, index, best)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    return [
        Match(myth_id, min(1.0, max(0.0, score)), phrase)
        for myth_id, (score, phrase) in ranked[:top]
        if score >= threshold
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
