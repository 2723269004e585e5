"""A thing a sentence brings in without saying what it is, and the sentences that do.

"The key evidence was the **Moon test**." names the thing a student asked about as its
point, last; "This **size principle** has a clear logic." names what the sentence before
it found. Neither says what the thing is: the sentences around it do. Pure rules over the
units of the retrieved passages, read by :func:`rag.answer.extractive.choose_units`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rag.answer.defined import (
    defined_thing,
    defines_by_label,
    explained_thing,
    head_of,
    names_as_defined,
)
from rag.answer.definitions import sentences_after, sentences_before
from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.answer.headed import pronoun_named
from rag.answer.lists import same_paragraph
from rag.answer.matching import names_before
from rag.answer.posed import listed_after
from rag.answer.question_forms import asks_who

INTRODUCED_WITHIN = 0.6
"""A sentence bringing in the asked thing leads when it scores this close to the best unit:
"This size principle has a clear logic." scored 0.69 of a line on innervation ratios."""
TOLD_AFTER = 2
"""Sentences after one ending on the asked thing that say what it is."""
TOLD_BEFORE = 2
"""Sentences before one naming what they tell ("This rapid transformation… is known as…")."""


def introduced_and_told(
    question: str, ranked: Sequence[ScoredUnit], units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """For a what-is question, the sentence bringing the thing in and those saying what it is.

    "what was the moon test in newtons principia" was answered "Newton also explained the
    tides…" and "The key evidence was the Moon test.", without "The Moon is about 60 Earth
    radii away, so gravity there should be 1/3600…" after it; "what is the size principle"
    with a line on innervation ratios, not "In 1957 Elwood Henneman showed… that motor
    neurons are recruited in order of increasing size." before "This size principle…"
    (students' probes of scientific revolution and exercise physiology notes). So for a
    thing a student asks to have explained. None when the best unit already says what it is.
    """
    thing = head_of(defined_thing(question) or explained_thing(question))
    if not thing or not ranked:
        return []
    lead = ranked[0].unit
    if names_as_defined(thing, lead.text) or defines_by_label(thing, lead):
        return []
    # "ice volume effect" is the notes' "ice-volume effect" (a paleoclimatology probe).
    name = r"[\s-]+".join(re.escape(word) for word in thing.split())
    ends_on = re.compile(
        rf"\b(?:is|are|was|were|became)\s+(?:the\s+|an?\s+)?{name}(?:\s*\([^)]*\))?\W*$", re.I
    )
    refers_back = re.compile(rf"^(?:This|These|That)\s+{name}\b", re.I)
    # "This rapid transformation — … — is known as the sugar revolution." names what the
    # sentences before tell: "In Barbados, planters had begun with tobacco…", "In the 1640s
    # they turned to sugar…" ("explain the sugar revolution in barbados", a probe).
    known_as = re.compile(
        rf"^(?:This|These|That)\b.*\b(?:known\s+as|called|termed)\s+(?:the\s+|an?\s+)?{name}\W*$",
        re.I,
    )
    for unit in _close_sentences(ranked):
        # Not "This is chamber finance.", which names what the sentence before describes
        # (:func:`rag.answer.definitions.referred_before`), unless it opens its paragraph:
        # "This is the **ice-volume effect**. Ice sheets are built from ¹⁸O-depleted snow…".
        opens = not sentences_before(unit, units)
        if ends_on.search(unit.text) and (opens or not names_before(unit.text)):
            return [unit, *_told_after(unit, units)[:TOLD_AFTER]]
        if known_as.match(unit.text) and sentences_before(unit, units):
            return [*sentences_before(unit, units)[-TOLD_BEFORE:], unit]
        before = sentences_before(unit, units)[-1:]
        if refers_back.match(unit.text) and before:
            return [*before, unit, *_told_after(unit, units)[:1]]
        # Or the next sentence says what it is, of "it": "Tradition tells that Anokye
        # brought down the Golden Stool (Sika Dwa Kofi) from the sky." then "It held the
        # soul of the nation and became its supreme symbol…" (a West Africa probe).
        told = _told_after(unit, units)[:1]
        # Not a sentence naming another term, whose "it" that is: "The yield of iso-alpha
        # acids is called hop utilisation…" then "It is surprisingly low…" (a brewing probe).
        named = re.search(rf"(?<![\w-]){name}(?![\w-])", unit.text, re.I)
        other = names_before(unit.text) or _NAMES_ANOTHER.search(unit.text)
        if unit is lead and told and named and not other and _OF_IT.match(told[0].text):
            return [unit, *told]
    return []


_OF_IT = re.compile(
    r"^(?:It|They)\s+(?!(?:is|was|are|were)\s+(?:also\s+)?(?:not\s+)?"
    r"(?:clear|likely|possible|true|said|thought|unclear)\b)[a-z]"
)
"""A sentence going on about what the one before named: "It held the soul of the nation…"."""
_NAMES_ANOTHER = re.compile(
    r"\b(?:is|are|was|were)\s+(?:called|termed|known\s+as)\b|\brefers?\s+to\b"
)
"""A sentence naming a term of its own: "The yield… is called hop utilisation"."""


def opened_and_told(
    question: str, ranked: Sequence[ScoredUnit], units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """A short sentence opening on the motives, causes or terms asked, and what it opens.

    "what were haussmans motives for rebuilding paris" was answered with his legacy and
    his years in office, not "The motives were mixed. Haussmann cited hygiene,
    circulation and beauty, but critics stress military control…" (an urban planning
    probe).
    """
    asked = _ASKS_ASPECT.match(question)
    if asked is None or not ranked:
        return []
    noun = re.escape(asked.group("noun").lower().removesuffix("s"))
    opens = re.compile(
        rf"^(?:The|Its|His|Her|Their)\s+(?:[\w-]+\s+)?{noun}s?\s+(?:were|was|are|is)\b", re.I
    )
    # Or a short line ending on it: "The Green Revolution also drew lasting criticism." (an
    # agronomy probe quoted it alone); or one labelled by it, right after the best line or
    # close to it: "Evidence: both organelles have their own circular DNA…", "Proposed
    # causes fall into three groups…:" and its list (history of life probes).
    ends_on = re.compile(rf"\b{noun}s?\W*$", re.I)
    labelled = re.compile(rf"^(?:(?:proposed|main|the)\s+)?{noun}s?\s*(?::|fall\b|include\b)", re.I)
    after = [u for u in _told_after(ranked[0].unit, units)[:1] if ranked[0].unit.kind == "sentence"]
    for unit in [*_close_sentences(ranked), *after]:
        told = _told_after(unit, units)
        short = len(unit.text.split()) <= OPENER_WORDS
        if short and opens.match(unit.text) and told:
            return [unit, *told[:1]]
        if short and ends_on.search(unit.text) and told:
            return [unit, *told[:TOLD_AFTER]]
        if labelled.match(unit.text):
            listed = listed_after(unit, units) if unit.text.rstrip(".").endswith(":") else []
            return [unit, *listed]
    return []


def _close_sentences(ranked: Sequence[ScoredUnit]) -> Iterator[EvidenceUnit]:
    """The sentences of ``ranked`` scoring within :data:`INTRODUCED_WITHIN` of the best."""
    for candidate in ranked:
        if candidate.score < ranked[0].score * INTRODUCED_WITHIN:
            return
        if candidate.unit.kind == "sentence":
            yield candidate.unit


_ASKS_ASPECT = re.compile(
    r"^\W*what\s+(?:were|was|are|is)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?P<noun>motives|causes|reasons|aims|goals|effects|consequences|results|terms"
    r"|objectives|purposes|evidence|criticisms?|advantages|disadvantages|drawbacks|benefits)\b",
    re.I,
)
"""A question for what moved or followed something: "what were haussmans *motives*…"."""
OPENER_WORDS = 8
"""Longest sentence that only opens on the asked aspect ("The motives were mixed.")."""


def _told_after(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The sentences of ``unit``'s paragraph after it, up to one announcing a list."""
    told = []
    for following in sentences_after(unit, units):
        if not same_paragraph(following, unit) or following.text.rstrip().endswith(":"):
            break
        told.append(following)
    return told


def named_before(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """For a who-question answered by a line saying "he" or "she", the line naming them.

    "who said form ever follows function" was answered "In his essay "The Tall Office
    Building Artistically Considered" (1896) he gave the answer…", whose "he" is the
    sentence before's "Sullivan asked how the tall office building should look." (an
    architecture probe). The nearest of the two sentences before it that opens on a name.
    """
    # Or any question answered by what "he" did: "what happened at the battle of the
    # hydaspes" was "In 326 BCE he defeated the king known to the Greeks as Porus…", and
    # never named Alexander (an ancient India probe).
    did = _HE_DID.match(unit.text)
    if not (asks_who(question) or did) or unit.kind != "sentence":
        return []
    if not _HE_OR_SHE.search(unit.text) or (pronoun_named(unit) != unit and not did):
        return []  # no "he", or named already: "Antonie van Leeuwenhoek: His letter…"
    for before in sentences_before(unit, units)[-2:][::-1]:
        # Or naming someone in full mid-sentence: "The turning point was the Russian
        # geologist Vasily Dokuchaev, who…" before "He is usually called the father of
        # modern soil science", not the paragraph's "Soil science as a separate discipline
        # is only about 140 years old." (a soil science probe).
        in_full = _OPENS_ON_HE.match(unit.text) and _NAMED_IN_FULL.search(before.text)
        if asks_who(question) and (_OPENS_ON_NAME.match(before.text) or in_full):
            return [before]
        # Of what he did, only a line plainly naming someone: "In 327 BCE Alexander of
        # Macedon…", "…led by Chinggis's grandson Hulagu."; not "Critics in the Tribunate
        # saw it as a return of privilege…" before "In 1808 he created an imperial
        # nobility…" (a check-course train answer this rule's first form padded).
        if did and (_DATED_NAME.match(before.text) or _ENDS_ON_NAME.search(before.text)):
            return [before]
    return []


_DATED = r"(?:In|By|Around)\s+(?:c\.\s+)?\d{2,4}(?:\s+(?:BCE|BC|CE|AD))?,?\s+"
_HE_DID = re.compile(rf"^(?:{_DATED})?(?:He|he|She|she)\s+[a-z]+(?:ed|ew|ook|ent|ought|ade|ave)\b")
"""A sentence saying what someone did, named in a sentence before: "In 326 BCE he defeated…"."""
_DATED_NAME = re.compile(rf"^{_DATED}[A-Z][a-z]+(?:\s+(?:of\s+)?[A-Z][a-z]+)*,?\s+[a-z]")
"""A dated sentence opening on a name: "In 327 BCE Alexander of Macedon, having conquered…"."""
_ENDS_ON_NAME = re.compile(r"(?<=[a-z] )[A-Z][a-z]{2,}\.?$")
_OPENS_ON_HE = re.compile(r"(?:He|She)\s")
"""A sentence about someone the one before named: not "…his Korean Patriotic Organisation…"."""
_NAMED_IN_FULL = re.compile(
    r"(?<=[a-z,] )[A-Z][a-z]+\s+(?:(?:de|van|von|da|di|le)\s+)?[A-Z][a-z]{2,}\b"
)
"""A first name and a surname inside a sentence: "…the Russian geologist *Vasily Dokuchaev*"."""


_HE_OR_SHE = re.compile(r"\b(?:he|she|his|her)\b", re.I)
_OPENS_ON_NAME = re.compile(
    r"^(?!(?:The|A|An|In|On|At|By|For|From|This|These|That|Those|It|Its|During|After|Before"
    r"|When|While|Although|Though|If|As|But|And|Yet|So)\b)[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}"
    r"(?:\s+\([^)]*\))?,?\s+[a-z]"
)
"""A sentence opening on a name and going on to say what they did: "Sullivan asked…"."""


def story_goes_on(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """For "what happened when…", the next sentence of the paragraph when the story goes on.

    "what happened when Pare ran out of boiling oil at Turin" quoted "…Paré ran out of oil
    and instead applied a soothing dressing of egg yolk…" alone; "Next morning the men he
    had dressed gently were resting comfortably…" is what happened (a probe).
    """
    if not _ASKS_WHAT_HAPPENED.match(question) or unit.kind != "sentence":
        return []
    following = next(iter(sentences_after(unit, units)), None)
    if following is None or not same_paragraph(following, unit):
        return []
    return [following] if _GOES_ON.match(following.text) else []


_ASKS_WHAT_HAPPENED = re.compile(r"^\W*what\s+happened\b", re.I)
_GOES_ON = re.compile(
    r"^(?:Next|Then|Afterwards|Soon|Later|Within|The\s+(?:next|following)|That\s+(?:night|day)"
    r"|By\s+the\s+(?:next|following))\b"
)
"""A sentence going on with a story: "Next morning…", "Within a week…"."""
