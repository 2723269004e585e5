"""Names read as phrases: a compound name and its siblings, a head that is a name, a place.

"The urea cycle" is a cycle told apart by "urea": "4. The Citric Acid Cycle" names its
noun, not it. "HIV: genome organisation and replication cycle" is about HIV: two of its
common words ("replication cycle") do not name it. Pure string logic, used by
:mod:`rag.study.quiz.relevance` for quizzes and the coverage report alike.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rag.retrieval.keyword import tokenize
from rag.text.markdown import clean_markdown


@dataclass(frozen=True)
class CompoundName:
    """A topic that is one compound name: "The urea cycle" is a cycle told apart by "urea".

    ``noun`` is the stem of the head noun, ``modifiers`` the stems of the words before
    it, and ``common`` those of them written in lower case (not names on their own).
    """

    noun: str
    modifiers: frozenset[str]
    common: frozenset[str]


_ARTICLES = frozenset({"the", "a", "an"})


def compound_name(topic: str) -> CompoundName | None:
    """The topic's head as a compound name of two or three content words, if it is one.

    Example:
        >>> compound_name("The urea cycle")
        CompoundName(noun='cycl', modifiers=frozenset({'urea'}), common=frozenset({'urea'}))
        >>> compound_name("The Declaration of the Rights of Man") is None
        True
    """
    head = re.sub(r"\([^)]*\)", " ", topic.partition(":")[0])
    words = head.split()
    while words and words[0].lower() in _ARTICLES:
        words = words[1:]
    if not 2 <= len(words) <= 3 or not all(re.fullmatch(r"[A-Za-z][A-Za-z'-]*", w) for w in words):
        return None
    stems = [tokenize(word.replace("-", " ")) for word in words]
    if not all(stems) or any(word.endswith("ing") for word in words[:-1]):
        return None  # "History of X", "Rise and fall", "Defining religion": not one name
    modifiers = frozenset(s for word in stems[:-1] for s in word)
    lower = [found for word, found in zip(words[:-1], stems[:-1], strict=True) if word.islower()]
    common = frozenset(s for found in lower for s in found)
    return CompoundName(stems[-1][-1], modifiers, common)


_GENERIC_QUALIFIERS = frozenset(
    tokenize("next new first second third last whole entire complete full same single basic")
)
"""Words before a noun that say which instance, not which kind: "the next cycle"."""


def names_sibling(text: str, compound: CompoundName | None) -> bool:
    """Whether ``text`` names the topic's head noun only as part of another name.

    "4. The Citric Acid Cycle" is no home of "The urea cycle": the same noun, told apart
    by other words. Two comparisons and a quiz of citric acid cycle blanks were drawn for
    the urea cycle (eval/quiz_check40_biochemistry.md, three raters of three).

    Example:
        >>> urea = compound_name("The urea cycle")
        >>> names_sibling("4. The Citric Acid Cycle", urea), names_sibling("the urea cycle", urea)
        (True, False)
    """
    if compound is None:
        return False
    words = re.findall(r"[A-Za-z][\w'-]*", re.sub(r"[-‐‑–—]", " ", clean_markdown(text)))
    if set(tokenize(" ".join(words))) & compound.modifiers:
        return False
    for before, word in itertools.pairwise(words):
        if tokenize(word)[-1:] == [compound.noun]:
            qualifier = tokenize(before)
            if qualifier and not set(qualifier) & _GENERIC_QUALIFIERS:
                return True
    return False


def proper_head(head: str) -> bool:
    """Whether a topic's head (before its colon) is a name: three capitalised words at most.

    Example:
        >>> proper_head("HIV"), proper_head("Rome and Parthia"), proper_head("Vaccine platforms")
        (True, True, False)
    """
    words = [w for w in re.findall(r"[^\W\d][\w'’-]*", head) if tokenize(w)]
    return 1 <= len(words) <= 3 and all(w[0].isupper() for w in words)


_LOCATIVE = r"\b(?:at|in|near|from|into|outside|inside|around|across|towards?)\s+(?:the\s+)?"


def placed(name: str, text: str) -> bool:
    """Whether ``text`` puts ``name`` where a place goes: after "at", "in", "near", "from"….

    A false statement swaps a place only for a name the material uses as a place: "the
    treasurer at Gaumata", "the cliff at Nabonidus Chronicle", "the treasurer at
    Nehemiah" (a usurper, a chronicle and a book for Susa and Naqsh-e Rustam) were false
    at sight (eval/quiz_check43_persia.md, three raters of three: implausible). Of the
    rated swaps of a place, 4 in 6 to a name never so placed failed, 1 in 2 of the others.

    Example:
        >>> placed("Susa", "the treasurer at Susa"), placed("Gaumata", "the Magian Gaumata")
        (True, False)
    """
    return re.search(_LOCATIVE + re.escape(name) + r"(?!\w)", text) is not None
