"""Whether a unit states the relation a question asks about: where, what treats it.

A unit can name what a question names and still not say what it asks of it: "Where is
Runway ML headquartered?" meets a list of Runway's models, "What is the antidote for a
digoxin overdose?" meets "Warfarin and digoxin are classic narrow-TI drugs". Pure text
rules, read by :func:`rag.answer.scope.explains`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.asked import unit_terms
from rag.answer.evidence import EvidenceUnit, referred_topic
from rag.answer.question_forms import asked_remedy

_PLACE = re.compile(r"\b(?:in|at|near|on|from|to)\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]+)")


def states_place(text: str, question: str, relation: str) -> bool:
    """Whether ``text`` says where, with a place other than what the question asks about.

    The words before the ``relation`` verb name what is placed ("Where is *Runway*
    based?"); a place the student guesses after it ("…born, corsica right?") may be
    the answer.

    >>> states_place("Runway is headquartered in New York.", "Where is Runway based?", "based")
    True
    >>> states_place("Runway: offices in Runway Tower.", "Where is Runway based?", "based")
    False
    >>> states_place("Children born outside marriage.", "where was he born", "born")
    False
    >>> states_place("It lies within the pelvis.", "where is the centre of mass located", "located")
    True
    """
    asked = question.lower().split(relation.lower(), 1)[0]
    given = set(re.findall(r"[\w'’-]+", asked))
    if relation.lower() == "located" and _WITHIN.search(text):
        # Where a thing sits, in a common noun: "…it lies about 55–57% of standing height
        # above the floor, within the pelvis" (a biomechanics probe was refused).
        return True
    return any(m.group("name").lower() not in given for m in _PLACE.finditer(text))


_WITHIN = re.compile(r"\b(?:in|within|inside|beneath|below|above|behind|between)\s+the\s+[a-z]")


def remedy_named(
    question: str, units: Sequence[EvidenceUnit], evidence: Sequence[EvidenceUnit] = ()
) -> bool:
    """False when a question asks what treats a thing and no unit names both.

    "What is the antidote for a digoxin overdose?" was answered with "Warfarin and digoxin
    are classic narrow-TI drugs" and the paracetamol overdose line (a toxicology probe):
    one names digoxin, the other an overdose; none an antidote for it. One of ``units``
    stating the remedy ("the antidote", "is treated with") answers when it, or a unit of
    ``evidence`` in its passage ("Acetaminophen (paracetamol)… 4. The antidote
    N-acetylcysteine…"), names the thing. Questions that ask for no remedy pass.

    >>> drugs = "Warfarin and digoxin are classic narrow-TI drugs."
    >>> unit = EvidenceUnit(0, 0, len(drugs), drugs, "sentence")
    >>> remedy_named("What is the antidote for a digoxin overdose?", [unit])
    False
    >>> fab = "The antidote for digoxin toxicity is digoxin-specific antibody (Fab)."
    >>> cure = EvidenceUnit(0, 0, len(fab), fab, "sentence")
    >>> remedy_named("What is the antidote for a digoxin overdose?", [unit, cure])
    True
    """
    start, thing = asked_remedy(question)
    if not (start and thing):
        return True

    def held(unit: EvidenceUnit) -> set[str]:
        return unit_terms(f"{unit.text} {unit.context} {referred_topic(unit)}")

    for unit in units:
        if not any(t.startswith(start) for t in held(unit)):
            continue
        beside = [u for u in evidence if u.passage == unit.passage]
        if any(thing[0] in held(u) for u in [unit, *beside]):
            return True
    return False
