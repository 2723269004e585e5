"""A question word as the collection spells it, when the student mistyped it.

Pure: the caller passes the collection's document frequencies. Used by the keyword
search (:mod:`rag.retrieval.keyword`) and the evidence scorer
(:mod:`rag.answer.wordforms`), so a typo is read the same way in both.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Mapping

TYPO_MIN_LETTERS = 5
"""Shorter stems are left alone: "naem" is one edit from too many words."""
SWAP_MIN_LETTERS = 7
"""From this length, one changed letter is a typo ("paramters"); in a shorter stem it is
as often another word: "sport" is one letter from "short", "typic(ally)" from "topic"."""
LONG_WORD_LETTERS = 8
"""From this length, a stem two edits away is read as the same word ("foundaton")."""

_cache: dict[int, tuple[Mapping[str, int], list[str], dict[str, str]]] = {}


def _index(frequency: Mapping[str, int]) -> tuple[list[str], dict[str, str]]:
    """The collection's sorted terms and the corrections found so far, once per index.

    The keyword search and the question weighting both correct a question's words, so
    each word is corrected once.
    """
    cached = _cache.get(id(frequency))
    if cached is None or cached[0] is not frequency:
        terms = sorted(t for t, df in frequency.items() if df > 0 and "-" not in t)
        _cache.clear()  # one index at a time
        cached = _cache[id(frequency)] = (frequency, terms, {})
    return cached[1], cached[2]


def corrected_spelling(term: str, frequency: Mapping[str, int]) -> str:
    """The collection's stem one typo away from ``term`` (two for long ones), or "".

    Students type in a hurry: "difusion", "paramters", "varational autoencoders" found
    nothing under their own spelling, weighed as words the material never uses, and
    seven of 25 answerable questions of a blind batch written that way were refused.
    A typo is one letter added, dropped, changed, or two swapped; the stem must start
    with the same letter, and of several the nearest, then the most frequent, wins.
    Only for a term the collection never uses: a word it has is never traded.

    >>> corrected_spelling("difus", {"diffus": 3, "fuse": 1})
    'diffus'
    >>> corrected_spelling("sport", {"short": 4}), corrected_spelling("paramt", {"paramet": 2})
    ('', 'paramet')
    """
    if len(term) < TYPO_MIN_LETTERS or frequency.get(term, 0) > 0:
        return ""
    terms, corrected = _index(frequency)
    if term not in corrected:
        corrected[term] = _nearest(term, frequency, terms)
    return corrected[term]


def corrected_among(term: str, stems: Collection[str]) -> str:
    """The one of ``stems`` (a fixed vocabulary, not the collection's) ``term`` misspells.

    >>> corrected_among("invasian", ["invasion", "conquest"]), corrected_among("siege", ["war"])
    ('invasion', '')
    """
    if len(term) < TYPO_MIN_LETTERS or term in stems:
        return ""
    frequency = dict.fromkeys(stems, 1)
    return _nearest(term, frequency, sorted(frequency))


def _nearest(term: str, frequency: Mapping[str, int], terms: list[str]) -> str:
    """The nearest, then most frequent, of ``terms`` within the typo limit of ``term``.

    Two slips only at the end, where a typo's stem and the notes' part ("foundaton",
    "foundat"): "what does cryptochrome do in plants" was read as "cytochrome" and answered
    with the electron transport chain, "what was the harzburg front" as "hamburg" (plant
    biology and Weimar probes of notes that never name them).

    >>> _nearest("cryptochrom", {"cytochrom": 3}, ["cytochrom"])
    ''
    >>> _nearest("harzburg", {"hamburg": 3}, ["hamburg"])
    ''
    >>> _nearest("foundaton", {"foundat": 5}, ["foundat"])
    'foundat'
    """
    limit = 2 if len(term) >= LONG_WORD_LETTERS else 1
    best: tuple[int, int, str] | None = None
    for candidate in terms[bisect.bisect_left(terms, term[0]) :]:
        if not candidate.startswith(term[0]):
            break
        if len(term) >= SWAP_MIN_LETTERS and _doubled_otherwise(term, candidate):
            distance = 1  # not "later" for "latter": short words are other words
        elif abs(len(candidate) - len(term)) > limit or (
            _changes_a_letter(term, candidate)
            and (len(term) < SWAP_MIN_LETTERS or not _slips(term, candidate))
        ):
            continue
        else:
            distance = edit_distance(term, candidate, limit)
        if distance > 1 and not (
            term.startswith(candidate[:-2]) or candidate.startswith(term[:-2])
        ):
            continue  # two slips only where stems part ("foundaton", "foundat")
        if distance <= limit and (best is None or (-distance, frequency[candidate]) > best[:2]):
            best = (-distance, frequency[candidate], candidate)
    return best[2] if best else ""


_DOUBLED = re.compile(r"(.)\1+")


def _doubled_otherwise(term: str, candidate: str) -> bool:
    """Whether two words differ only in which letters are doubled: "dissapear", "disappear".

    The commonest misspelling (a double letter moved), two edits apart, and not a slip of
    the hand that :func:`_slips` allows; read as a typo from :data:`SWAP_MIN_LETTERS`.

    >>> _doubled_otherwise("dissapear", "disappear"), _doubled_otherwise("ocured", "occurred")
    (True, True)
    >>> _doubled_otherwise("disappear", "disappear"), _doubled_otherwise("later", "latter")
    (False, True)
    """
    return term != candidate and _DOUBLED.sub(r"\1", term) == _DOUBLED.sub(r"\1", candidate)


def _changes_a_letter(term: str, candidate: str) -> bool:
    """Whether two words of one length differ otherwise than by two swapped neighbours."""
    if len(term) != len(candidate):
        return False
    diff = [i for i, (x, y) in enumerate(zip(term, candidate, strict=True)) if x != y]
    swapped = len(diff) == 2 and diff[1] == diff[0] + 1
    return bool(diff) and not (swapped and term[diff[0]] == candidate[diff[1]])


_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_neighbours() -> frozenset[tuple[str, str]]:
    """Pairs of letters whose keys touch on a QWERTY keyboard (a key with itself too)."""
    pairs: set[tuple[str, str]] = set()
    for r, row in enumerate(_KEYBOARD_ROWS):
        for near in _KEYBOARD_ROWS[max(0, r - 1) : r + 2]:
            for i, letter in enumerate(row):
                pairs.update((letter, other) for other in near[max(0, i - 1) : i + 2])
    return frozenset(pairs)


_NEIGHBOURS = _keyboard_neighbours()
_VOWELS = frozenset("aeiouy")


def _slips(term: str, candidate: str) -> bool:
    """Whether each letter ``term`` changes from ``candidate`` is a slip of the hand or ear.

    A typo hits a neighbouring key ("paramwters") or a vowel that sounds alike
    ("seperate"); "resolution" is no typo of "revolution", and read as one, "What
    resolution does Gen-3 produce?" found its rarest word in "the creative revolution
    of machines" (a blind train question the material does not answer).

    >>> _slips("paramwt", "paramet"), _slips("seperat", "separat"), _slips("resolut", "revolut")
    (True, True, False)

    After a vowel, "u" and "w" sound alike: "eisenhauer" is "Eisenhower" (a spaceflight
    probe was refused, "the material never uses 'eisenhauer'").

    >>> _slips("eisenhau", "eisenhow"), _slips("wu", "ww")
    (True, False)

    A Turkish "c" sounds as "j": "kaynarja" is the notes' "Kaynarca" (an Ottoman history
    probe was refused, "no passage names “kucuk kaynarja”").

    >>> _slips("kaynarja", "kaynarca")
    True
    """
    return all(
        (x, y) in _NEIGHBOURS
        or {x, y} <= _VOWELS
        or ({x, y} == {"u", "w"} and i > 0 and term[i - 1] in _VOWELS)
        or {x, y} == {"c", "j"}
        for i, (x, y) in enumerate(zip(term, candidate, strict=True))
        if x != y
    )


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, change, swap two neighbours) from ``a`` to ``b``.

    A distance over ``limit`` is returned as ``limit + 1``.

    >>> edit_distance("exmapl", "exampl", 2), edit_distance("langug", "languag", 2)
    (1, 1)
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def slip_variants(word: str) -> set[str]:
    """``word`` with one typo undone, spelled out: not its stem, which may hide the typo.

    A letter put back, two neighbours swapped, or a vowel heard otherwise changed back.

    A stem hides a typo that the whole word shows: "capabilty" stems to "capabilti", three
    edits from "capabl" (of "capability"), and "seperate" to "seper", too short a stem to
    correct; "what is negative capabilty" was refused, "the material never uses
    “capabilty”" (a romanticism probe). The first letter stays, as in
    :func:`corrected_spelling`; words under :data:`LONG_WORD_LETTERS` letters have none:
    "shapley" is one swap from "shapely", "commune" one vowel from "common".

    >>> "capability" in slip_variants("capabilty"), "separate" in slip_variants("seperate")
    (True, True)
    >>> slip_variants("shapley")
    set()
    """
    word = word.lower()
    if len(word) < LONG_WORD_LETTERS or not word.isalpha():
        return set()
    # A letter left out, put back inside the word. Not a letter taken out: "sharding" would
    # read as the notes' "sharing".
    variants = {
        word[:at] + letter + word[at:] for at in range(1, len(word) - 1) for letter in _LETTERS
    }
    variants |= {
        word[:at] + word[at + 1] + word[at] + word[at + 2 :] for at in range(1, len(word) - 1)
    }
    variants |= {
        word[:at] + letter + word[at + 1 :]
        # Not in its last two letters: "beginners" would read as "beginneds", which stems to
        # the notes' "begin".
        for at in range(1, len(word) - 2)
        for letter in _VOWELS
        if word[at] in _VOWELS  # a vowel heard otherwise; a key next to the right one
        # makes other words too often ("sharding" would read as "shareing", "share")
    }
    variants.discard(word)
    return variants
