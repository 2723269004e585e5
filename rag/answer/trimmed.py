"""A long list item cut to the sentence of it that answers.

Course notes pack a whole topic into one bullet: "**Brest-Litovsk.** Peace with Germany
divided the party. Bukharin's Left Communists wanted… After a renewed German advance, the
Treaty of Brest-Litovsk was signed on 3 March 1918. Russia lost the Baltic provinces,
Belorussian territory and Ukraine…". Asked what Russia lost, the answer quoted all six
sentences, the fact fifth (a Russian Revolution probe); a CDC blood-lead level came last
in a five-sentence item the same way (a toxicology probe). Pure logic over evidence units.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from rag.answer.asked import term_coverage
from rag.answer.decide import asks_quantity
from rag.answer.evidence import EvidenceUnit
from rag.answer.matching import GOES_ON
from rag.answer.numbers import quantities
from rag.answer.question_forms import asks_why
from rag.answer.steps import asks_how_it_goes
from rag.text.sentences import split_sentences

LONG_ITEM_SENTENCES = 4
"""From this many sentences after its label, a list item quoted in a prose answer is cut to
its best one. Not "**Myelination** — the vertebrate strategy." and the three sentences
saying how myelin speeds conduction, each building on the one before (a neuroscience
probe)."""
LABEL_WORDS = 5
"""Longest first sentence read as the item's bold label ("Brest-Litovsk.")."""


def answering_part(question: str, unit: EvidenceUnit, weights: Mapping[str, float]) -> EvidenceUnit:
    """``unit``, or its label and the sentence of it that holds most of the question.

    Not for a how- or a why-question: the sentences of an item saying how or why build on
    each other.

    The sentence after it comes too when it goes on from it ("Then…", "It…"), and the one
    before when it points back ("This…", "It…"). A tie keeps the earlier sentence.

    >>> text = "Peace. Talks began. Lenin insisted. Russia lost Ukraine. Moscow became capital."
    >>> item = EvidenceUnit(0, 0, 99, text, "list_item")
    >>> answering_part("What did Russia lose?", item, {"ukrain": 1.0}).text
    'Peace: Russia lost Ukraine.'
    """
    unit = without_objective(unit)
    if unit.kind != "list_item" or asks_why(question) or asks_how_it_goes(question):
        return unit
    sentences = split_sentences(unit.text)
    label = sentences[0] if len(sentences[0].split()) <= LABEL_WORDS else ""
    body = sentences[1:] if label else sentences
    if len(body) < LONG_ITEM_SENTENCES:
        return unit
    if not label and unit.subject and unit.text.startswith(f"{unit.subject}:"):
        # "18 June, Waterloo: Napoleon delayed his attack…": the label is every sentence's.
        label = unit.subject
        body[0] = body[0][len(label) + 1 :].lstrip()
    coverage = [term_coverage(weights, f"{label} {sentence}") for sentence in body]
    if asks_quantity(question) and any(quantities(s) for s in body):
        # "what percentage of plant species form arbuscular mycorrhizae" quoted "Arbuscular
        # mycorrhizae (AM) are the most widespread type." without the next sentence, "They
        # occur in about 70% of plant species…" (a mycology probe): a number is asked.
        coverage = [c if quantities(s) else 0.0 for c, s in zip(coverage, body, strict=True)]
    # Of sentences the label makes equal, the one holding the words itself: "Romantic irony.
    # This is not sarcasm. Romantic irony is the artist's simultaneous engagement with…"
    # answered "Romantic irony: This is not sarcasm." (a romanticism probe).
    own = [term_coverage(weights, sentence) for sentence in body]
    best = max(range(len(body)), key=lambda at: (coverage[at], own[at]))
    if coverage[best] <= 0:
        return unit
    first, last = best, best + 1
    if best > 0 and _POINTS_BACK.match(body[best]):
        first -= 1
    if last < len(body) and GOES_ON.match(body[last]):
        last += 1
    quoted = " ".join(body[first:last])
    text = f"{label.rstrip('.').rstrip(':')}: {quoted}" if label else quoted
    return dataclasses.replace(unit, text=text)


_POINTS_BACK = re.compile(r"^(?:This|These|That|Those|It|They|He|She)\b")
"""A sentence that needs the one before it to say what it is about."""


_OBJECTIVE = re.compile(
    r"^Students\s+should\s+(?:also\s+)?(?:be\s+able\s+to\s+)?(?:explain|know|understand|note"
    r"|recogni[sz]e|remember)\s+(?:why\s+|how\s+|that\s+)?(?P<rest>[^:]{3,}:\s*\S.*)$",
    re.S,
)


def without_objective(unit: EvidenceUnit) -> EvidenceUnit:
    """``unit`` without the notes' "Students should be able to explain…" before what it says.

    "Students should be able to explain his consistent victories: Philip's army, the
    "hammer and anvil" tactic…" answered what the tactic was, the learning objective
    first (a Greek history probe). What follows "explain why/how/that" up to the colon
    names the point, and the colon's right side states it; without a colon the sentence
    only sets a task and stays as it is.

    >>> text = "Students should be able to explain why INF differed from SALT: it eliminated."
    >>> without_objective(EvidenceUnit(0, 0, 99, text, "sentence")).text
    'INF differed from SALT: it eliminated.'
    """
    match = _OBJECTIVE.match(unit.text)
    if match is None:
        return unit
    rest = match.group("rest")
    return dataclasses.replace(unit, text=rest[:1].upper() + rest[1:])
