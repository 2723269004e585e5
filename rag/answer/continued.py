"""The sentences after the best one that say what the question asks of its subject.

A paragraph names its subject once and goes on with a pronoun: "**Bioavailability (F)**
is the fraction of an administered dose that reaches the systemic circulation unchanged.
It is measured by comparing the area under the plasma concentration–time curve (AUC)
after oral and intravenous doses:". The first sentence holds the subject and is quoted;
the second holds what "how is bioavailability measured" asks, and without the subject it
scores too low to be found. Pure functions over evidence units.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.asked import unit_terms
from rag.answer.evidence import EvidenceUnit
from rag.answer.line_forms import FORMULA, LEAD_IN
from rag.answer.lists import same_paragraph
from rag.retrieval.keyword import tokenize

_ASKS_HOW_DONE = re.compile(
    r"^\W*how\s+(?:is|are|was|were)\s+(?:the\s+|an?\s+)?[\w'’ -]+?\s+(?P<verb>[a-z]+(?:ed|en|wn))"
    r"\s*\??\s*$",
    re.I,
)
"""A question for how something is done to a thing: "how is bioavailability measured"."""
_POINTS_BACK = re.compile(r"^(?:It|This|They|These)\s")


def done_after(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    r"""The sentence after ``unit`` that says how its subject is done, with what it announces.

    For "how is X measured" when ``unit`` names X without the verb and the next sentence of
    its paragraph points back to it with the verb ("It is measured by comparing…"); and
    the formula that sentence announces, if it ends on a colon before one (a
    pharmacokinetics probe quoted the definition of bioavailability alone).

    >>> from rag.answer.evidence import split_units
    >>> units = split_units(0, "Bioavailability (F) is the fraction of a dose that arrives. "
    ...     "It is measured by comparing the areas under the curves.\n")
    >>> [u.text for u in done_after("how is bioavailability measured", units[0], units)]
    ['It is measured by comparing the areas under the curves.']
    >>> done_after("how is bioavailability defined", units[0], units)
    []
    """
    asked = _ASKS_HOW_DONE.match(question.strip())
    if asked is None or unit.kind != "sentence":
        return []
    verb = set(tokenize(asked["verb"]))
    if not verb or verb <= unit_terms(unit.text):
        return []
    after = next_unit(unit, units)
    if (
        after is None
        or after.kind != "sentence"
        or not same_paragraph(after, unit)
        or not _POINTS_BACK.match(after.text)
        or not verb <= unit_terms(after.text)
    ):
        return []
    formula = next_unit(after, units) if LEAD_IN.search(after.text) else None
    announced = formula is not None and bool(FORMULA.search(formula.text))
    return [after, formula] if announced and formula is not None else [after]


def next_unit(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> EvidenceUnit | None:
    """The unit right after ``unit`` in its passage, if any."""
    after = [u for u in units if u.passage == unit.passage and u.start >= unit.end]
    return min(after, key=lambda u: u.start, default=None)


_ASKS_WHO_WERE = re.compile(r"^\W*who\s+(?:were|are)\s+(?:the\s+)?(?P<group>[^?]+?)\W*$", re.I)
_PERSON = re.compile(r"\b[A-Z][a-z]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+")
"""A person's name, as two capitalised words ("Simon James", "John Collis")."""
MEMBERS_AFTER = 2
"""Sentences after a line naming a group that may name its members."""


def members_after(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    r"""For "who were the X", the next sentences naming people, after a line naming no one.

    "who were the celtosceptics" quoted "In the 1990s some archaeologists, the so-called
    Celtosceptics, challenged the whole concept…" alone; "Simon James (…, 1999) pointed
    out…" and "John Collis (…, 2003) criticised…" follow it (a Celtic Europe probe).

    >>> from rag.answer.evidence import split_units
    >>> units = split_units(0, "Some archaeologists, the so-called Celtosceptics, doubted "
    ...     "it. Simon James argued so in 1999. It was a long debate.\n")
    >>> [u.text for u in members_after("who were the celtosceptics", units[0], units)]
    ['Simon James argued so in 1999.']
    """
    asked = _ASKS_WHO_WERE.match(question.strip())
    if asked is None or unit.kind != "sentence" or _PERSON.search(unit.text):
        return []
    group = set(tokenize(asked["group"]))
    if not group or not group <= unit_terms(unit.text):
        return []
    named: list[EvidenceUnit] = []
    after = next_unit(unit, units)
    while after is not None and after.kind == "sentence" and same_paragraph(after, unit):
        if len(named) == MEMBERS_AFTER or not _PERSON.search(after.text):
            break
        named.append(after)
        after = next_unit(after, units)
    return named
