"""A quoted sentence led by the heading that says what it is about.

An extractive answer quotes sentences as written, and some leave their subject to the
heading above them: "It uses a 12-layer transformer decoder…" under "GPT", "AI models
that understand and generate across multiple types of data…" under "Multimodal Models".
Quoted alone they read as fragments, so the answer puts the heading first ("GPT: It
uses…"). Pure functions over evidence units.
"""

from __future__ import annotations

import dataclasses
import re

from rag.answer.defined import DEFINITION_QUESTION, names_as_defined
from rag.answer.evidence import EvidenceUnit
from rag.answer.line_forms import DEFINES
from rag.retrieval.keyword import content_terms

_PRONOUN_START = re.compile(
    r"^(?:(?:And|But|So|Also|Yet),?\s+(?=(?i:it|they|this|these|he|she)\s))?"
    r"(?P<pronoun>It|They|This|These|He|She|(?<=\s)(?:it|they|this|these|he|she))\s"
)
"""A sentence whose subject is a pronoun, after a joining word or not ("And it was
trained on the BookCorpus dataset…")."""


def with_heading(question: str, unit: EvidenceUnit, max_words: int = 4) -> EvidenceUnit:
    """``unit``, led by its heading when the heading says what the unit is about.

    A sentence opening with a pronoun ("It uses a 12-layer…") names its subject only in
    the heading.

    "What are T5 and PaLM?" is answered by "Models like GPT, T5, and PaLM generate
    paragraphs…", under "Natural Language Generation": the heading says what they are.
    """
    heading = leading_label(unit.context)
    if unit.kind != "sentence" or not heading:
        return unit
    named = pronoun_named(unit, max_words)
    if named is not unit:
        return named
    match = DEFINITION_QUESTION.match(question)
    if not match:
        return unit
    thing = match.group("thing")
    if names_as_defined(thing, unit.text):
        return unit  # "…became known as the Brezhnev Doctrine: the socialist states…"
    terms = content_terms(thing)
    opening = " ".join(unit.text.split()[: len(thing.split())])
    if (
        len(thing.split()) > max_words
        or not terms <= content_terms(unit.text)
        or terms & content_terms(f"{unit.subject} {opening} {heading}")
        or content_terms(heading) <= content_terms(unit.text)
    ):
        return unit  # about it, or the heading adds nothing
    return dataclasses.replace(unit, text=f"{heading}: {unit.text}")


_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s+")


def leading_label(context: str) -> str:
    """The nearest heading of a unit, as an answer's label: without its section number.

    "5. Nash Equilibrium: In general, IESDS never…" read like a list item in a blind
    game-theory course's answer; "Nash Equilibrium: In general…" does not.

    >>> leading_label("Part 1 > 5. Nash Equilibrium"), leading_label("GPT")
    ('Nash Equilibrium', 'GPT')
    """
    return _SECTION_NUMBER.sub("", context.split(" > ")[-1].strip())


def pronoun_named(unit: EvidenceUnit, max_words: int = 4) -> EvidenceUnit:
    """A sentence opening with a pronoun, led by the heading that names what it means.

    Also a definition without a subject, first under its heading ("Multimodal Models:
    AI models that understand and generate across multiple types of data…").

    "It uses a 12-layer transformer decoder…" answers "How many layers did the first GPT
    have?" only with the heading it sits under: "GPT: It uses…". A joining word goes:
    "GPT: It was trained on…", not "GPT: And it was…". Any quoted sentence, not only the
    first: a helper reading answers as a student found "And it was trained…" second in
    an answer, "it" pointing at nothing.
    """
    person = _PERSON_PRONOUN.match(unit.text)
    name = _PERSON_OPENING.match(unit.topic) if person and unit.kind == "sentence" else None
    if name:
        # "His letter of 1676 contains the first reliable description of bacteria" answered
        # "who first saw bacteria" without saying whose; the paragraph opens on "Antonie
        # van Leeuwenhoek (1632–1723), a cloth merchant…" (a student's probe).
        return dataclasses.replace(unit, text=f"{name.group('name')}: {unit.text}")
    label = _NAME_LABEL.match(unit.topic) if unit.kind == "sentence" else None
    pronoun = _PRONOUN_START.match(unit.text)
    if label and pronoun and pronoun.group("pronoun") in ("It", "it"):
        # "It rated VEI 6." in the paragraph "**Pinatubo, Philippines.** Pinatubo had not
        # erupted…", under a heading naming two volcanoes (a volcanology probe).
        said = unit.text[pronoun.start("pronoun") :]
        return dataclasses.replace(unit, text=f"{label['name']}: {said[0].upper()}{said[1:]}")
    heading = leading_label(unit.context)
    if defined_heading(unit, max_words):
        # "AI models that understand and generate across multiple types of data…" under
        # "Multimodal Models" defines the heading without naming it; quoted alone it
        # read as a fragment (a helper in the app).
        return dataclasses.replace(unit, text=f"{heading}: {unit.text}")
    if unit.kind != "sentence" or not heading or len(heading.split()) > max_words:
        return unit
    pronoun = _PRONOUN_START.match(unit.text)
    if not pronoun:
        return unit
    defined = DEFINES.match(unit.topic)
    thing = re.split(r"\s(?:is|are)\s", defined.group(), maxsplit=1)[0] if defined else ""
    if thing and not content_terms(thing) <= content_terms(heading):
        # "It" is what its paragraph opens on: "It is given by the Nernst equation" follows
        # "The equilibrium potential of an ion is…", under "The resting membrane
        # potential", and read "The resting membrane potential: It is given by the Nernst
        # equation", false (a neuroscience probe).
        heading = re.sub(r"^(?:the|an?)\s+", "", thing.strip(), flags=re.I)
        heading = heading[:1].upper() + heading[1:]
    said = unit.text[pronoun.start("pronoun") :]
    return dataclasses.replace(unit, text=f"{heading}: {said[0].upper()}{said[1:]}")


_NAME_LABEL = re.compile(r"^(?P<name>[A-Z][\w'’-]+(?:,?\s+[A-Z][\w'’-]+){0,4})\.\s+\S")
"""A paragraph opening on a name alone, its bold label read as a sentence: "Pinatubo,
Philippines. Pinatubo had not erupted…"."""
_PERSON_PRONOUN = re.compile(r"^(?:(?:And|But|So|Yet),?\s+)?(?:He|She|His|Her)\s")
_PERSON_OPENING = re.compile(
    r"^(?!(?:The|A|An|In|On|At|By|For|From|This|These|That|Those|It|Its|During|After|Before)\b)"
    r"(?P<name>[A-Z][\w'’.-]+(?:\s+(?:(?:van|von|de|da|di|del|der|du|le|la|al|ibn|bin)\s+)*"
    r"[A-Z][\w'’.-]+){0,4})\s*(?:\(|,)"
)
"""A paragraph opening on a person's name, set off by dates or a description: "Antonie van
Leeuwenhoek (1632–1723), a cloth merchant of Delft…", "Robert Hooke (1635–1703), curator…"."""


def defined_heading(unit: EvidenceUnit, max_words: int = 4) -> str:
    """The heading ``unit`` defines without naming it, or "" when it names its subject.

    "AI models that understand and generate across multiple types of data…" under
    "Multimodal Models" is about multimodal models, whatever words it shares with a
    question: it answers "What is generative AI a type of?" no more than a line under
    any other heading would.
    """
    heading = leading_label(unit.context)
    # A sentence's subject is its heading; an unlabelled list item has none ("- AI that
    # composes music in specific styles…" under "Music Generation", a student's probe).
    under_heading = (unit.kind == "sentence" and unit.subject.endswith(heading)) or (
        unit.kind == "list_item" and not unit.subject
    )
    if (
        under_heading
        and heading
        and len(heading.split()) <= max_words
        and _SUBJECTLESS.match(unit.text)
    ):
        return heading
    return ""


_SUBJECTLESS = re.compile(
    # Not "A fluid is a substance that deforms…", whose verb comes before "that".
    r"^(?:An?\s+|The\s+)?(?:(?!(?:is|are|was|were)\s)[\w-]+\s+){0,3}?[\w-]+s?\s+"
    r"(?:that|which|who|whose)\s"
    r"(?![^.]*\b(?:is|are|was|were|has|have|had|can|could|will|would|may|might|must|should)\b)"
)
"""A noun phrase and its relative clause with no finite verb after: a definition that
leaves its subject to the heading above it ("AI models that understand and generate…")."""
