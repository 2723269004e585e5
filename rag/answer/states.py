"""The states a question sets and the states a truth-table row holds.

Pure. A truth table gives an outcome for each combination of states ("| Glucose |
Lactose | … | Transcription |" with rows "Present | Absent | … | Off"). Asked "is the lac
operon on or off if theres both glucose and lactose around??", the answer quoted the row
for glucose present and lactose *absent* (a student's probe of a genetics course): every
row names both sugars, and the glucose-only row also held the question's "off". Here the
question's conditions are read as states (:func:`condition_states`), each row is checked
against them (:func:`row_agrees`), and a question's alternatives of state ("on or off")
are told apart as what it asks (:func:`alternative_states`), not what a row must say.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rag.retrieval.keyword import tokenize

POSITIVE = frozenset({
    "yes", "present", "high", "on", "+", "✓", "increased", "raised", "up", "positive",
    "true", "active", "open", "elevated",
})  # fmt: skip
NEGATIVE = frozenset({
    "no", "absent", "low", "none", "off", "-", "−", "✗", "decreased", "down", "negative",
    "false", "inactive", "closed", "reduced",
})  # fmt: skip
"""Cells of a truth table, by polarity ("normal" is neither)."""

_NEGATING = frozenset({
    "no", "without", "not", "lack", "lacking", "absence", "absent", "low", "little",
    "scarce", "missing", "depleted", "gone", "none", "isn't", "aren't", "lacks", "zero",
})  # fmt: skip
"""Words beside a thing in a question's condition that say it is not there."""
_AFFIRMING = frozenset({
    "present", "presence", "high", "plenty", "plentiful", "abundant", "available", "lots",
    "much", "rich",
})  # fmt: skip
"""Words beside a thing that say it is there, as a row's "Present" or "High" would."""
_LINKING = frozenset({"is", "are", "the", "of", "level", "levels", "both", "a", "any", "some"})
_CONDITION = re.compile(
    r"\b(?:if|when|whenever|while|with|without|given|in\s+the\s+(?:presence|absence)\s+of)\b",
    re.IGNORECASE,
)
"""Where a question's condition starts: "…on or off *if* theres both glucose and lactose"."""
_WORD = re.compile(r"[\w'’+-]+")
_ALTERNATIVE = re.compile(r"\b([a-z]+)\s+or\s+([a-z]+)\b", re.IGNORECASE)
_ROW_PAIR = re.compile(r"(?:^|;\s)([^:;]+?):\s([^;]+?)(?=;\s|\.?$)")


def polarity(value: str) -> bool | None:
    """True for a state that is on or there, False for one that is off or not, else None."""
    word = value.strip().rstrip(".").lower()
    return True if word in POSITIVE else False if word in NEGATIVE else None


def alternative_states(question: str) -> set[str]:
    """The stems of state words a question offers as its alternatives ("on or off").

    They are the answer's choices: a row that holds one of them ("Transcription: Off")
    says nothing more of the question than a row that holds the other.
    """
    stems: set[str] = set()
    for match in _ALTERNATIVE.finditer(question):
        first, second = (polarity(w) for w in match.groups())
        if first is not None and second is not None and first != second:
            stems.update(tokenize(" ".join(match.groups())))
    return stems


def condition_states(question: str) -> dict[str, bool]:
    """Each thing a question's condition names, stemmed, with whether it is there.

    "…if theres both glucose and lactose around" sets both as there; "when glucose is low
    and lactose present" sets glucose as not there. Only the words after the first
    condition word count: in "what happens to transcription when glucose is low", the
    transcription is what is asked, not a state given.
    """
    start = _CONDITION.search(question)
    if not start:
        return {}
    words = [w.lower().replace("’", "'") for w in _WORD.findall(question[start.start() :])]
    if words and words[0] == "without":
        words[0] = "no"
    states: dict[str, bool] = {}
    for index, word in enumerate(words):
        terms = tokenize(word)
        stated = word in _NEGATING or word in _AFFIRMING or polarity(word) is not None
        if len(terms) != 1 or stated:
            continue
        (term,) = terms
        negated = _beside(words, index, _NEGATING) and not _beside(words, index, _AFFIRMING)
        states[term] = not negated
    return states


def _beside(words: list[str], index: int, kind: frozenset[str]) -> bool:
    """Whether a word of ``kind`` stands next to ``words[index]``, past linking words."""
    for step in (-1, 1):
        position = index + step
        while 0 <= position < len(words) and words[position] in _LINKING:
            position += step
        if 0 <= position < len(words) and words[position] in kind:
            return True
    return False


def row_states(text: str) -> dict[str, bool]:
    """A truth-table row's states by its columns' stems: "Glucose: Present; Lactose: …".

    Only a row read with every column named (:func:`rag.text.tables.row_text`) whose first
    value is a state; a one-word column header is the key.
    """
    pairs = _ROW_PAIR.findall(text)
    if len(pairs) < 2 or polarity(pairs[0][1]) is None:
        return {}
    states: dict[str, bool] = {}
    for header, value in pairs:
        terms = tokenize(header)
        state = polarity(value)
        if len(terms) == 1 and state is not None:
            states[terms[0]] = state
    return states


def row_agrees(text: str, asked: Mapping[str, bool]) -> bool | None:
    """Whether a row holds the states a question's condition sets; None if it sets none.

    At least one column of the row must be named by the condition, and every column
    named must agree.
    """
    held = row_states(text)
    shared = held.keys() & asked.keys()
    if not shared:
        return None
    return all(held[term] == asked[term] for term in shared)
