"""What a question asks to have defined, and whether a line names it as it says what it is.

Pure text rules read by the definition answers (:mod:`rag.answer.definitions`), the
heading rules (:mod:`rag.answer.headed`) and the refusals (:mod:`rag.answer.unknown`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from rag.retrieval.keyword import tokenize, without_accents

_FILLER = r"(?:(?:exactly|precisely|actually|really|basically)\s+)?"
DEFINITION_QUESTION = re.compile(
    rf"^\W*(?:(?:so|ok|okay|and|but|hey)\W+)*what(?:['’]?s\s+|\s+{_FILLER}(?:is|are)\s+){_FILLER}"
    r"(?:the\s+(?:\w+\s+)?(?:definition|meaning)\s+of\s+)?"
    r"(?:an?\s+|the\s+)?(?P<thing>[^?]+?)\s*\??\s*$",
    re.I,
)
""""What is X?", also with a filler word a student adds ("So what exactly is X?"), or
asking for its definition ("what is the definition of a fluid", a fluid-mechanics probe
quoted "…we treat the fluid as continuous matter", whose "definite" matched)."""


PAST_DEFINITION = re.compile(
    r"^\W*what\s+(?:was|were)\s+(?:an?\s+|the\s+)?(?P<thing>[^?]+?)\s*\??\s*$", re.I
)
""""What was the Brezhnev Doctrine?": a definition asked of a past thing."""


def defined_thing(question: str) -> str:
    """What a "What is X?" or "What was X?" question asks to be defined, or "".

    >>> defined_thing("what was the brezhnev doctrine"), defined_thing("What is a GAN?")
    ('brezhnev doctrine', 'GAN')
    >>> defined_thing("what does altepetl mean"), defined_thing("define a tlatoani")
    ('altepetl', 'tlatoani')
    """
    question = question.strip()
    asked = (
        DEFINITION_QUESTION.match(question)
        or PAST_DEFINITION.match(question)
        or _MEANING_QUESTION.match(question)
    )
    return (asked.group("thing") or asked.group("defined")).strip() if asked else ""


_MEANING_QUESTION = re.compile(
    r"^\W*(?:what\s+(?:does|do|did)\s+(?:an?\s+|the\s+)?(?P<thing>.+?)\s+mean\b"
    r"|define\s+(?:an?\s+|the\s+)?(?P<defined>[^?]+?)\s*\??\s*$)",
    re.I,
)
""""What does X mean?", "Define X": a definition asked in other words ("what does altepetl
mean" quoted three lines using the word, not "…the altepetl ("water-mountain"): a
city-state…", an Aztec probe)."""


_EXPLAIN = re.compile(
    r"^\W*(?:(?:can|could|would)\s+you\s+)?(?:explain|describe)\s+(?:the\s+|an?\s+)?"
    r"(?P<thing>[^?]+?)\s*\??\s*$",
    re.I,
)


def explained_thing(question: str) -> str:
    """What a student asks to have explained or described, or "".

    >>> explained_thing("explain the sugar revolution in barbados")
    'sugar revolution in barbados'
    """
    asked = _EXPLAIN.match(question.strip())
    return asked.group("thing").strip() if asked else ""


_PREPOSITION = re.compile(
    r"\s+(?:in|of|for|at|on|during|with|by|among|between|from|to"
    r"|compared)\b|\s*[(,;:]",
    re.I,
)


def head_of(thing: str) -> str:
    """``thing`` up to its first preposition or bracket: "normal haemoglobin concentration".

    >>> head_of("moon test in newtons principia"), head_of("normal haemoglobin concentration")
    ('moon test', 'normal haemoglobin concentration')
    """
    return _PREPOSITION.split(thing, maxsplit=1)[0].strip()


_KIND_WORD = re.compile(r"\s+(?:system|method|policy|process|scheme|concept)$", re.I)


def defines_by_label(thing: str, unit: _Labelled) -> bool:
    """Whether a sentence opens on a label that is the asked thing, less a kind word it names.

    "what was the lijia system" led with "As the lijia and registers decayed, the tax
    system became a tangle." over "**Lijia** (里甲): rural organization introduced in
    1381." (a Ming probe). Only a label before a colon or dash: a sentence whose subject
    is its section's heading ("Generative AI is a revolutionary branch…") is not one.
    """
    label = re.sub(r"\s*\([^)]*\)", "", unit.subject).strip()
    if not label or label.lower() not in (thing.lower(), _KIND_WORD.sub("", thing.lower())):
        return False
    labelled = rf"{re.escape(label)}\s*(?:\([^)]*\)\s*)?(?::|\s[–—-]\s)"
    return re.match(labelled, unit.text) is not None


class _Labelled(Protocol):
    """A line with the term it is about (:class:`~rag.answer.evidence.EvidenceUnit`)."""

    @property
    def subject(self) -> str: ...
    @property
    def text(self) -> str: ...


def names_as_defined(thing: str, text: str) -> bool:
    """Whether ``text`` names ``thing`` as it says what it is.

    >>> names_as_defined("Brezhnev Doctrine", "It became known as the Brezhnev Doctrine: a…")
    True
    >>> names_as_defined("Brezhnev Doctrine", "The Brezhnev Doctrine was a claim to intervene.")
    True
    >>> names_as_defined("Brezhnev Doctrine", "Abandonment of the Brezhnev Doctrine: in 1989…")
    False
    >>> names_as_defined("altepetl", 'The basic unit was the altepetl ("water-mountain"): a city')
    True
    >>> names_as_defined("pendentives", "It is made by pendentives: curved sections of a sphere.")
    True
    >>> names_as_defined("idee fixe", "A recurring melody, the idée fixe, represents the beloved.")
    True
    """
    # Typed without its accents: "what is the idee fixe" of notes writing "idée fixe".
    name, text = re.escape(without_accents(thing)), without_accents(text)
    return bool(
        re.search(
            rf"^(?:an?\s+|the\s+)?{name}\s+(?:\([^)]*\)\s+)?(?:is|are|was|were|refers?\s+to"
            rf"|means)\s|\b(?:known\s+as|called|termed|dubbed)\s+(?:the\s+|an?\s+)?{name}\b"
            r"(?:\s*\([^)]*\))?\s*[:,—–-]\s*\S"
            # "The basic political unit was the altepetl ("water-mountain"): a city-state…"
            # (an Aztec probe quoted a line on the altepetl under Spanish rule).
            rf"|\b(?:is|are|was|were)\s+(?:the\s+|an?\s+)?{name}(?:\s*\([^)]*\))?\s*[:—–]\s*"
            r"(?:an?|the)\s"
            # "…is made by pendentives: curved triangular sections of a sphere…", "…allowing
            # a clerestory — a row of high windows — to light…" (architecture probes quoted
            # lines using the word): named mid-sentence, glossed after a colon or a dash.
            rf"|\b(?!(?:of|the|an?)\b)[a-z]+\s+(?:the\s+|an?\s+)?{name}(?:\s*\([^)]*\))?"
            r"(?::\s+(?:an?\s+|the\s+)?(?-i:[a-z])|\s+[—–]\s+(?:an?|the)\s)"
            # Or set beside what it is: "A recurring melody, the idée fixe, represents the
            # beloved…" (a romanticism probe quoted the symphony's title line).
            rf"|^(?:an?|the)\s+[\w -]{{3,40}},\s+(?:the\s+|an?\s+)?{name},\s+[a-z]+",
            text,
            re.I,
        )
    )


_REPUTED_AS = (
    r"(?:considered|regarded\s+as|counted\s+as|reckoned|seen\s+as|thought\s+of\s+as|deemed"
    r"|hailed\s+as)"
)
"""What a thing is held to be: "counted as the first newspaper"."""
_ASKS_REPUTE = re.compile(
    r"^\W*(?:what|who|which)\b[^?]*?\b(?:is|are|was|were)\s+(?:generally\s+|widely\s+|usually\s+)?"
    rf"{_REPUTED_AS}\s+(?:to\s+be\s+)?(?:the\s+|an?\s+)?(?P<what>[^?]+?)\s*\??\s*$",
    re.I,
)
_REPUTED = re.compile(rf"\b{_REPUTED_AS}\b", re.I)


def reputed(question: str, texts: Sequence[str]) -> int | None:
    """Which of ``texts`` says what the question asks is counted as something, or None.

    "what is considered the first newspaper" is "…his weekly Relation, generally counted
    as the first newspaper", alone: the answer had led with "1702 — the Daily Courant,
    London's first daily newspaper" (a printing probe).

    >>> reputed("What is considered the first newspaper?", [
    ...     "1702 — the Daily Courant, London's first daily newspaper.",
    ...     "His weekly Relation, generally counted as the first newspaper."])
    1
    """
    asked = _ASKS_REPUTE.match(question)
    if asked is None:
        return None
    terms = set(tokenize(asked.group("what")))
    for index, text in enumerate(texts):
        if terms and _REPUTED.search(text) and terms <= set(tokenize(text)):
            return index
    return None


_ASKS_CLAIM = re.compile(
    r"^\W*what\s+(?:does|did|do)\s+(?P<what>.+?)\s+"
    r"(?:say|state|claim|hold|predict|assert|propose|argue|suggest)s?\b",
    re.I,
)
_CLAIMS = re.compile(
    r"\b(?:states?|says?|holds?|predicts?|asserts?|claims?|proposes?|argues?|suggests?)\s+that\b"
)


def stated_claim(question: str, texts: Sequence[str]) -> int | None:
    """Which of ``texts`` says what the thing asked about states, or None.

    "what does the coase theorem say" was answered with "Ronald Coase's "The Problem of
    Social Cost"… was central to his 1991 Nobel Prize." and Coase's two arguments, not
    "The Coase theorem states that if property rights are well defined and transaction
    costs are zero, bargaining yields the efficient outcome…" (an environmental economics
    probe).

    >>> stated_claim("what does the coase theorem say", [
    ...     "Coase's paper was central to his 1991 Nobel Prize.",
    ...     "The Coase theorem states that bargaining yields the efficient outcome."])
    1
    """
    asked = _ASKS_CLAIM.match(question)
    if asked is None:
        return None
    terms = set(tokenize(asked.group("what")))
    for index, text in enumerate(texts):
        claim = _CLAIMS.search(text)
        if terms and claim and terms <= set(tokenize(text[: claim.start()])):
            return index
    return None
