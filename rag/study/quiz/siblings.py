"""True/false items from a list whose items say the same thing of different names.

Notes in prose list stages as sentences of one shape: "Glycolysis takes place in the
cytoplasm…", "Pyruvate oxidation takes place in the mitochondrial matrix…", "Oxidative
phosphorylation takes place on the inner mitochondrial membrane…". Nothing in them is
bold or abbreviated, so :mod:`rag.study.quiz.statements` finds no term to swap, and a
newcomer's biology course got no true/false item at all. The list itself supplies a
verified falsehood: one item's sentence with another item's name, where what the two
say after their shared words has no word in common, contradicts the list.

Example:
    >>> items = ["Glycolysis takes place in the cytoplasm and splits glucose into pyruvate.",
    ...          "Pyruvate oxidation takes place in the mitochondrial matrix.",
    ...          "The Krebs cycle also takes place in the matrix; each turn releases CO2."]
    >>> for swap in sibling_swaps(items):
    ...     print(swap.original, "->", swap.swapped)
    Glycolysis -> The Krebs cycle
    Pyruvate oxidation -> Glycolysis
    The Krebs cycle -> Glycolysis
    >>> sibling_swaps(items)[0].false
    'The Krebs cycle takes place in the cytoplasm and splits glucose into pyruvate.'

Pyruvate oxidation and the Krebs cycle both take place in the matrix, so neither is
swapped for the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.study.quiz.matching import content_words, occurs
from rag.study.quiz.timelines import parallel_phrase
from rag.text.sentences import split_sentences

COMPARED_WORDS = 6
"""Words after the shared ones that must differ between two items for a swap to be false:
"in the mitochondrial matrix" and "also takes place in the matrix" share "matrix", and
the Krebs cycle does take place in the mitochondrial matrix."""

ATTRIBUTE = re.compile(
    r"\b(?:takes?|took|taking)\s+place\b|\b(?:occur|happen)(?:s|red|ed)?\b"
    r"|\b(?:is|are|was|were)\s+(?:found|located|made|produced|formed)\b|\blives?\b",
    re.IGNORECASE,
)
"""Shared words that say where or when each item is: one value per item, so another
item's value is false of it. "…must be present in every case", "…must be re-isolated
from the infected host" (Koch's postulates, a check course) are conditions all of which
hold; swapped, the statement was still true."""

STATEMENT_WORDS = (7, 30)
"""Length of a statement a student reads in one go (as :mod:`rag.study.quiz.statements`)."""


@dataclass(frozen=True)
class SiblingSwap:
    """An item's first sentence, true, and the same with another item's name, false."""

    true: str
    false: str
    original: str
    swapped: str


def sibling_swaps(items: Sequence[str]) -> list[SiblingSwap]:
    """Per item of a parallel list, at most one verified false twin of its first sentence.

    The name swapped in is the first other item's whose words after the shared phrase
    (:data:`COMPARED_WORDS`) share none with this one's, and whose own words the
    sentence does not use ("Pyruvate oxidation … splits glucose into pyruvate" would be
    half true).
    """
    split = parallel_phrase(items)
    if not split or not ATTRIBUTE.search(items[0][len(split[0][0]) :][:40]):
        return []
    swaps = []
    for index, (name, tail) in enumerate(split):
        sentences = split_sentences(items[index])
        sentence = sentences[0].strip() if sentences else ""
        low, high = STATEMENT_WORDS
        if not sentence.startswith(name) or not low <= len(sentence.split()) <= high:
            continue
        said = content_words(" ".join(tail.split()[:COMPARED_WORDS]))
        for other, other_tail in split:
            if other == name or content_words(other) & content_words(sentence):
                continue
            if said & content_words(" ".join(other_tail.split()[:COMPARED_WORDS])):
                continue
            if occurs(other, sentence):
                continue
            false = other + sentence[len(name) :]
            swaps.append(SiblingSwap(sentence, false, name, other))
            break
    return swaps
