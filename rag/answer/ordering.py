"""Reorderings of the ranked evidence: the unit that says what was asked before a higher one.

The scorer ranks units by the question's words; some questions are answered by a unit a
little lower: a how-question by the unit about the thing rather than a row naming it in a
cell, a question naming one of two cases by the unit of that case's paragraph, a count by
the unit holding what is counted. Pure logic over scored units, applied once per question
(:func:`rag.answer.extractive.find_evidence`) so the decision to answer and the answer see
the same order.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Mapping, Sequence

from rag.answer.asked import QUESTION_FRAME, heavy_terms, unit_terms
from rag.answer.decide import asks_for_number
from rag.answer.doers import winner_first
from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.answer.line_forms import FORMULA, LEAD_IN
from rag.answer.matching import opening_words
from rag.answer.numbers import counted_noun, own_numbers, states_date, states_number
from rag.answer.question_forms import (
    NAME_WORD,
    STANDS_FOR,
    asked_relation,
    asks_how,
    asks_maker,
    asks_where,
    how_subject,
    says_who_made,
)
from rag.answer.relations import states_place
from rag.retrieval.keyword import content_terms, tokenize


def reordered(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """``ranked`` with each reordering below applied in turn.

    The scores' own tie-break and the named pair first, so that the rules for what a line
    must say have the last word.
    """
    ranked = named_pair_first(question, closer_of_tied_first(ranked))
    ranked = formula_first(question, explaining_first(question, ranked))
    ranked = first_maker_first(question, glossed_first(question, ranked))
    ranked = said_by_name_first(question, dated_by_name_first(question, ranked))
    ranked = counted_first(question, named_in_paragraph_first(question, ranked))
    ranked = given_number_first(question, placed_first(question, ranked))
    return winner_first(question, asked_kind_first(question, ranked))


TIED = 0.97
"""Two units scoring within this share of each other are tied for the terms they hold."""
CLOSER = 0.1
"""How much closer in meaning the second of two tied units must be to lead."""
AS_FULL = 0.9
"""The least share of the best unit's coverage the second of two tied units holds to lead."""


def closer_of_tied_first(ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """``ranked`` led by the second unit when it ties the best and is much closer in meaning.

    "why did jefferson think the national bank was unconstitutional" quoted the Marbury v.
    Madison line (0.363; similarity 0.51) over "Jefferson argued for strict construction:
    the Constitution nowhere authorizes a bank…" (0.362; 0.64): the student's "think", a
    word the notes never use, weighs as their rarest and decides nothing (a US history
    probe).
    """
    if len(ranked) < 2:
        return list(ranked)
    best, second = ranked[0], ranked[1]
    # Holding as many of the question's words: not over "And it was trained on the
    # BookCorpus dataset…" (0.89 of them), whose "it" the embedding cannot read as GPT-1.
    # Of two sentences: a label line ("Optimization: Adam, AdamW, LAMB") embeds far from any
    # question, and its label says what it answers (a train question).
    if (
        best.unit.kind == second.unit.kind == "sentence"
        and second.score >= best.score * TIED
        and second.coverage >= best.coverage * AS_FULL
        and second.similarity >= best.similarity + CLOSER
    ):
        return [second, best, *ranked[2:]]
    return list(ranked)


def named_pair_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For a number asked of a thing of two words, a close unit naming it over one that does not.

    "how many times a second does a honey bee beat its wings" was answered "…(locusts beat
    about 20 times a second)", over "…flies, bees and beetles… honey bees reach about 230
    Hz" (0.6 of its score; an entomology probe): the best unit holds neither word of
    "honey bee".
    """
    if len(ranked) < 2 or not asks_for_number(question):
        return list(ranked)
    lead = ranked[0]
    held = unit_terms(lead.unit.text)
    asked = [t for t in tokenize(question) if t not in QUESTION_FRAME]
    pairs = [
        (first, second) for first, second in itertools.pairwise(asked)
        if first not in held and second not in held and re.search(
            rf"\b{re.escape(first)}\w*\s+{re.escape(second)}", question, re.I
        )
    ]  # fmt: skip
    for scored in ranked[1:4]:
        terms = unit_terms(scored.unit.text)
        if (
            scored.score >= lead.score * NAMED_PAIR_WITHIN
            and states_number(scored.unit.text)
            and any(first in terms and second in terms for first, second in pairs)
        ):
            return [scored, *(s for s in ranked if s is not scored)]
    return list(ranked)


NAMED_PAIR_WITHIN = 0.5
"""A unit naming the two-word thing asked leads from this share of the best score."""


ASKED_KIND_WITHIN = 0.5
"""A unit naming the kind asked leads from this share of a best unit naming another kind."""


def asked_kind_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """``ranked`` led by a close unit naming the kind of thing asked, without those naming another.

    "how long does iconic memory last" was answered "The auditory equivalent, echoic
    memory, lasts perhaps 2-4 seconds." (a cognitive psychology probe): the question's
    rarest word qualifies "memory", which the best unit qualifies otherwise, and lacks.
    """
    if len(ranked) < 2:
        return list(ranked)
    lead = ranked[0]
    rarest = max(lead.weights.items(), key=lambda item: item[1], default=("", 0.0))[0]
    asked = set(tokenize(question))
    for kind in _QUALIFIED.finditer(question):
        qualifier, head = kind.group("qualifier"), kind.group("head")
        if tokenize(qualifier) != [rarest] or rarest in unit_terms(lead.unit.text):
            continue
        other = re.compile(
            rf"\b(?!{re.escape(qualifier)}\b)[a-z]{{3,}}\s+{re.escape(head)}\b", re.I
        )
        named_otherwise = other.search(lead.unit.text)
        # Not of the other kind asked too: "How is transmission delay different from
        # propagation delay?" (a check-course question).
        if not named_otherwise or set(tokenize(named_otherwise.group())) <= asked:
            continue
        named = re.compile(rf"\b{re.escape(qualifier)}\s+{re.escape(head)}\b", re.I)
        close = [
            s for s in ranked[1:]
            if s.score >= lead.score * ASKED_KIND_WITHIN and named.search(s.unit.text)
        ]  # fmt: skip
        if close:
            # Nor may a line about the other kind come back as stating the figure asked.
            said = re.compile(rf"\b{re.escape(named_otherwise.group())}\b", re.I)
            others = [
                s for s in ranked
                if said.search(s.unit.text) and rarest not in unit_terms(s.unit.text)
            ]  # fmt: skip
            return [*close, *(s for s in ranked if s not in close and s not in others)]
    return list(ranked)


_QUALIFIED = re.compile(r"\b(?P<qualifier>[a-z]{4,})\s+(?P<head>[a-z]{4,})\b", re.I)
"""A word and the noun it qualifies: "iconic memory"."""


_MAGNITUDES = frozenset(("hundred", "thousand", "million", "billion", "trillion"))
GIVEN_WITHIN = 0.8
"""A unit stating the question's own figure leads from this share of the best score."""


def given_number_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """``ranked`` led by a close unit stating the figure the question gives, if the best does not.

    "what happens to nutrients when soil pH drops below 5.5" was answered "Soil pH … is
    sometimes called the "master variable"…", over "Below about 5.5, aluminum and manganese
    become soluble at toxic levels…" (0.82 of its score; an agronomy probe). A decimal or a
    figure of three digits or more, not one a count or a step could be; nor for a question
    asking a number, where the figure given is no answer (:data:`rag.answer.decide.AnswerType`).
    """
    # A threshold or a year, not a count of something else: "a star of about 15 solar
    # masses" is not "…fusion in the core, at about 15 million K" (a train question).
    # In digits or a magnitude ("millions of images"): "four" is a count ("what are the four
    # elements of hirschi's social bond theory" led with Akers' "His social learning theory
    # has four elements…", a criminology probe).
    given = {
        n for n in own_numbers(question)
        if (n[:1].isdigit() and ("." in n or len(n) >= 3)) or n.lower().rstrip("s") in _MAGNITUDES
    }  # fmt: skip
    if not given or not ranked or asks_for_number(question):
        return list(ranked)
    best = ranked[0]
    if given & own_numbers(best.unit.text):
        return list(ranked)
    for index, scored in enumerate(ranked[1:], start=1):
        if scored.score < GIVEN_WITHIN * best.score:
            break
        if given & own_numbers(scored.unit.text):
            return [scored, *ranked[:index], *ranked[index + 1 :]]
    return list(ranked)


PLACED_WITHIN = 0.8
"""A line saying where the asked thing sits leads from this share of the best score."""


def placed_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For "where is X located", a close line saying where before one naming its location.

    "where is the centre of mass located in anatomical position" found "Body segment
    parameters — mass, centre-of-mass location and moment of inertia…" first and was
    refused; "In the anatomical position it lies about 55–57% of standing height above
    the floor, within the pelvis…" (0.83 of its score) says where (a biomechanics probe).
    """
    relation = asked_relation(question)
    if not ranked or relation != "located" or not asks_where(question):
        return list(ranked)
    if states_place(ranked[0].unit.text, question, relation):
        return list(ranked)
    for scored in ranked[1:]:
        if scored.score < ranked[0].score * PLACED_WITHIN:
            break
        if states_place(scored.unit.text, question, relation):
            return [scored, *(s for s in ranked if s is not scored)]
    return list(ranked)


SAID_WITHIN = 0.5
"""A line naming whose conclusion a question asks for leads from this close."""
_ASKS_WHAT_SAID = re.compile(
    r"^\W*(?i:what\s+did)\s+(?P<who>[A-Z][\w'’-]*(?:\s+(?:and|&)\s+[a-z]+)?(?:\s+[A-Z][\w'’-]*)*)"
    r"\s+(?i:conclude|argue|find|found|show|claim|propose|suggest|say|think|believe|discover"
    r"|observe)",
)
_ASKS_WHY_OF = re.compile(
    r"^\W*(?i:why\s+(?:did|didn[’']?t|does|doesn[’']?t|was|wasn[’']?t|could|couldn[’']?t))"
    r"\s+(?P<who>[A-Z][\w'’-]*)\s"
)
"""Or why someone did or did not: "why didn't Tversky share the Nobel prize with Kahneman?"
was refused over the row "2002: Kahneman shares the Nobel Prize…", not "Tversky died in
1996 and so could not share the 2002 prize…" (a behavioral economics probe)."""


def said_by_name_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For "what did X conclude…", a line naming X before one on what X concluded about.

    "what did Karst and colleagues conclude about mother trees and the wood wide web"
    quoted the claims ("Popular accounts later described 'mother trees' nourishing their
    offspring…", 0.56) over "In 2023 Karst and colleagues reviewed the field evidence and
    concluded that these claims are poorly supported." (0.38): the opposite of what the
    notes say (a mycology probe).
    """
    asked = _ASKS_WHAT_SAID.match(question) or _ASKS_WHY_OF.match(question)
    names = set(tokenize(NAME_WORD.findall(asked["who"])[0])) if asked else set()

    def names_them(scored: ScoredUnit) -> bool:
        # Or the paragraph's opening does: "In 1912… she found that the brighter Cepheids
        # pulsate more slowly" after "The key tool came from Henrietta Leavitt." (train).
        return names <= unit_terms(f"{scored.unit.text} {scored.unit.topic}")

    if not names or len(ranked) < 2 or names_them(ranked[0]):
        return list(ranked)
    return promoted(ranked, SAID_WITHIN, names_them)


DATED_WITHIN = 0.8
"""A line naming what a when-question asks about, with a date, leads from this close."""
SUBJECT_WORDS = 10
"""The first words of a sentence, where it names what it is about ("The United East India
Company (Verenigde Oost-Indische Compagnie, VOC) was chartered…"), not a thing it adds
("Exchange (Beurs): building opened 1611 (… VOC shares…)")."""


def dated_by_name_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For a when-question, a dated line opening on its thing before one under its heading.

    "when was the VOC founded" quoted "In the 1590s several Amsterdam and Zeeland companies
    … sent fleets to Asia" (0.70), first under the VOC's heading, over "The United East
    India Company (…, VOC) was chartered on 20 March 1602." (0.59; a Dutch Golden Age
    probe). Else a dated line holding them anywhere: "when was tenochtitlan founded" quoted
    two 1519-1520 lines on Tenochtitlan (0.79) before "…and founded Tenochtitlan,
    traditionally in 1325" (0.77; an Aztec probe).
    """
    for words in (SUBJECT_WORDS, None):
        if len(ranked) < 2 or dates_by_name(question, ranked[0], words):
            return list(ranked)
        dated = functools.partial(dates_by_name, question, words=words)
        first = promoted(ranked, DATED_WITHIN, dated)
        if first[0] is not ranked[0]:
            return first
    return list(ranked)


def dates_by_name(question: str, scored: ScoredUnit, words: int | None = SUBJECT_WORDS) -> bool:
    """Whether a when-question's names open the unit's sentence, which states a date.

    Or the words of a question in lower case: "when was sputnik 1 launched" is "Sputnik 1,
    launched on 4 October 1957, …", without Laika's Sputnik 2 a month later or "1 October
    1958: NASA begins operations" (a spaceflight probe). Within its first ``words``, or
    anywhere when None.
    """
    asked = _ASKS_WHEN.match(question)
    if asked is None:
        return False
    names = _names(question) or set(tokenize(question[asked.end() :]))
    if not names:
        return False
    opening = " ".join(scored.unit.text.split()[:words])
    dated = states_date(scored.unit.text) or (
        asked.group().lower().lstrip().startswith("how") and states_number(scored.unit.text)
    )
    return names <= unit_terms(opening) and dated


_ASKS_WHEN = re.compile(
    r"^\W*(?:when\s+(?:was|were|did|is|are|does|do)|how\s+old\s+(?:is|are|was|were))\b", re.I
)
"""A question for a date or an age alone: not "who invented PCR and in what year", whose
line dating "Real-time quantitative PCR (qPCR)" named no inventor of PCR (a molecular-methods
probe). "how old is the burgess shale" quoted "The Chengjiang biota…, is about 518 million
years old and therefore older than the Burgess Shale" first (a history-of-life probe)."""


def _names(question: str) -> set[str]:
    """The stems of the capitalised names a question gives ("VOC", "Heeren XVII")."""
    return {t for word in NAME_WORD.findall(question) for t in tokenize(word)}


_ASKS_CALCULATION = re.compile(
    r"\bhow\s+(?:do|does|would|can|should|to)\b[^?]*?\b(?:calculate|compute|work\s+out)\b"
    r"|\bformula\s+(?:for|of)\b",
    re.I,
)
_WORKED = re.compile(r"=\s*[\d.,]+\s*[×x*/+−-]\s*[\d.,]+")
"""A formula worked with numbers: "= 1 × 500 / 0.7"."""
FORMULA_WITHIN = 0.5
FORMULA_COVERAGE = 0.5
"""A unit announcing a formula or stating one leads a question how to calculate, scoring
this close to the best and holding this share of the question."""


def formula_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For a question how to calculate something, the line giving or announcing its formula.

    "how do u calculate free water clearance" quoted "When urine is concentrated, C_H₂O is
    negative…" (0.31) over "A useful quantitative tool is free-water clearance (C_H₂O),
    …per minute:" (0.29, holding 0.75 of the question), which the formula follows (a renal
    probe).
    """
    if not _ASKS_CALCULATION.search(question) or len(ranked) < 2:
        return list(ranked)

    def gives_it(scored: ScoredUnit) -> bool:
        text = scored.unit.text
        states = FORMULA.search(text) or LEAD_IN.search(text)
        return bool(states) and scored.coverage >= FORMULA_COVERAGE

    # The formula in symbols over a worked example: "what's the formula for the loading
    # dose" quoted "Loading dose = Css × V / F = 1 × 500 / 0.7 ≈ 710 µg…" over "Loading
    # dose = Css(target) × V / F" (a pharmacokinetics probe).
    def in_symbols(scored: ScoredUnit) -> bool:
        text = scored.unit.text
        return gives_it(scored) and bool(FORMULA.search(text)) and not _WORKED.search(text)

    if in_symbols(ranked[0]):
        return list(ranked)
    first = promoted(ranked, FORMULA_WITHIN, in_symbols)
    if first[0] is not ranked[0] or gives_it(ranked[0]):
        return first
    return promoted(ranked, FORMULA_WITHIN, gives_it)


def first_maker_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For "who first came up with X", a close line saying who first made it.

    It quoted "…is known as Liebig's law of the minimum." (0.63) over "First formulated by
    Carl Sprengel in 1828 and popularized by Justus von Liebig from 1840, it implies…"
    (0.56; an agronomy probe).
    """
    if not (asks_maker(question) and _FIRST.search(question)) or len(ranked) < 2:
        return list(ranked)

    def says_first(scored: ScoredUnit) -> bool:
        text = scored.unit.text
        return bool(_FIRST.search(text)) and says_who_made(text)

    return list(ranked) if says_first(ranked[0]) else promoted(ranked, FIRST_WITHIN, says_first)


_FIRST = re.compile(r"\bfirst\b", re.I)
FIRST_WITHIN = 0.85
"""How close to the best a line saying who first made the thing scores to lead."""


def glossed_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For "what do P and V stand for", the line glossing each name in brackets after it.

    It quoted "…one misplaced P or V anywhere breaks correctness." (0.75) over "Dijkstra
    named them with Dutch words: P (proberen, "to test") and V (verhogen, "to increment")…"
    (0.63; an operating systems probe).
    """
    asked = STANDS_FOR.match(question)
    if asked is None or len(ranked) < 2:
        return list(ranked)
    names = [n for n in re.split(r"\s*(?:,|\band\b)\s*", asked.group("names")) if n]

    def glosses(scored: ScoredUnit) -> bool:
        return all(re.search(rf"\b{re.escape(n)}\s+\(", scored.unit.text) for n in names)

    return list(ranked) if glosses(ranked[0]) else promoted(ranked, GLOSSED_WITHIN, glosses)


GLOSSED_WITHIN = 0.8
"""How close to the best a line glossing every asked name scores to lead."""


EXPLAINING_WITHIN = 0.6
"""How close to the best a unit about the thing must score to explain it in the best's place."""


def explaining_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For a how-question, a unit about the thing asked before one naming it in passing.

    "How does flux melting work at subduction zones?" found the row "Convergent boundary
    (subduction zone): … (melting process: Flux melting…)" first and "2. **Flux melting.**
    Water lowers the solidus…" second, and was refused, the row saying nothing of how it
    works (a volcanology probe). "How did the yam postal system work?" found the row of a
    comparison table first ("Yam: Both … (main purpose: …)"), then "**The yam.** A relay
    network of post stations…" (a Mongol course's probe): a row says what the table asks,
    the item how it works.
    """
    thing = content_terms(how_subject(question)) if asks_how(question) else set()
    if not thing or len(ranked) < 2:
        return list(ranked)

    def explains_it(unit: EvidenceUnit) -> bool:
        # Its subject is the thing, all of it or a part: not "The loop matters for humans"
        # for "the molecular clock feedback loop" (a sleep probe).
        subject = content_terms(unit.subject)
        return unit.kind != "table_row" and bool(subject) and subject <= thing

    if explains_it(ranked[0].unit):
        return list(ranked)
    return promoted(ranked, EXPLAINING_WITHIN, lambda s: explains_it(s.unit))


NAMED_WITHIN = 0.8
"""How close to the best a unit naming the asked thing in its own paragraph must score."""


def named_in_paragraph_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """``ranked``, led by a unit whose paragraph names what the question names.

    When the best unit names it only in a heading.

    "What VEI did the 1991 Pinatubo eruption get?" found "The eruption rated VEI 5." under
    "Case Studies: Mount St Helens (1980) and Pinatubo (1991)", of Mount St Helens, over
    "It rated VEI 6." in the paragraph opening "**Pinatubo, Philippines.**" (a volcanology
    probe): a heading naming two cases says of neither which one a sentence is about.
    """
    names = asked_names(question, ranked[0].weights) if ranked else set()
    if not names or len(ranked) < 2:
        return list(ranked)
    lead = ranked[0].unit
    if not named_by_a_shared_heading(names, lead):
        return list(ranked)
    missing = names - paragraph_terms(lead)

    def opens_on_it(unit: EvidenceUnit) -> bool:
        # Its paragraph opens on the name: not "Linearizability … as CAP and PACELC show,
        # costs availability…" over "To be available, that node must answer…".
        opening = opening_words(unit.topic or unit.text)
        return names <= paragraph_terms(unit) and missing <= unit_terms(opening)

    return promoted(ranked, NAMED_WITHIN, lambda s: opens_on_it(s.unit))


_OF_SEVERAL = re.compile(r"\s(?:and|vs\.?|versus|&)\s|,")
"""A heading naming several cases: "Case Studies: Mount St Helens (1980) and Pinatubo"."""


def named_by_a_shared_heading(names: set[str], unit: EvidenceUnit) -> bool:
    """Whether ``unit`` names some of ``names`` only in a heading naming several cases."""
    missing = names - paragraph_terms(unit)
    shared = [h for h in unit.context.split(" > ") if _OF_SEVERAL.search(h)]
    return bool(missing) and any(missing <= unit_terms(h) for h in shared)


def asked_names(question: str, weights: Mapping[str, float]) -> set[str]:
    """Stems of the capitalised words of ``question`` after its first letter, heavy ones.

    Not a name the whole course uses: "AI" in "…in the history of generative AI?".
    """
    names = {t for word in NAME_WORD.findall(question[1:]) for t in tokenize(word)}
    return names & heavy_terms(weights)


def paragraph_terms(unit: EvidenceUnit) -> set[str]:
    """The terms of ``unit`` and its paragraph's opening, not its headings.

    Nor its subject, which a first sentence takes from its heading.
    """
    return unit_terms(f"{unit.text} {unit.topic}")


_DIGIT = re.compile(r"\d")


def another_case(question: str, lead: ScoredUnit, other: ScoredUnit) -> bool:
    """Whether ``other`` gives a figure of another case than the one ``lead`` names.

    "The eruption rated VEI 5.", of Mount St Helens, followed Pinatubo's "It rated VEI 6."
    under a heading naming both (a volcanology probe). ``other`` scored higher and was
    passed over (:func:`named_in_paragraph_first`): it names the asked thing only in a
    heading of several, and states a figure.
    """
    if dates_by_name(question, lead):
        # "when was the VOC founded" is "The United East India Company (…, VOC) was
        # chartered on 20 March 1602", without "Coen… founded Batavia" in 1619 under the
        # VOC's heading or "In 1623, at Ambon, VOC officials…" (a Dutch Golden Age probe):
        # the line opening on the thing asked dates it, and other dates only confuse.
        return True
    given = {n for n in own_numbers(question) if any(c.isdigit() for c in n)}
    if (
        given
        and given <= own_numbers(lead.unit.text)
        and (other.unit.passage, other.unit.block) == (lead.unit.passage, lead.unit.block)
        and other.unit.kind == "table_row"
        and not given & own_numbers(other.unit.text)
    ):
        # Another row than the one with the question's figures: "which agarose percentage
        # … between 0.2 and 3 kb" is "1.5: 0.2–3 kb", without "0.7: 0.8–12 kb" and "1.0:
        # 0.5–10 kb" (a molecular-methods probe).
        return True
    names = asked_names(question, lead.weights)
    return (
        other.score > lead.score
        and bool(names)
        and bool(_DIGIT.search(lead.unit.text) and _DIGIT.search(other.unit.text))
        and names <= paragraph_terms(lead.unit)
        and named_by_a_shared_heading(names, other.unit)
    )


COUNTED_WITHIN = 0.5
"""How close to the best a unit counting what is asked must score to answer in its place."""


def counted_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For a how-many question, a unit stating a number of what is counted first.

    Before one stating a number of something else.

    "How many neurons are there in the human brain?" found "The adult human brain weighs
    roughly 1.3–1.4 kg…" first and "Careful cell counts … put the number of neurons at
    about 86 billion" second (a neuroscience probe).
    """
    counted = counted_noun(question)
    if counted is None or len(ranked) < 2:
        return list(ranked)

    def counts(unit: EvidenceUnit) -> bool:
        return counted in unit_terms(unit.text) and states_number(unit.text)

    if counts(ranked[0].unit):
        return list(ranked)
    return promoted(ranked, COUNTED_WITHIN, lambda s: counts(s.unit))


def promoted(
    ranked: Sequence[ScoredUnit], within: float, answers: Callable[[ScoredUnit], bool]
) -> list[ScoredUnit]:
    """``ranked``, led by the first unit that ``answers``, scoring ``within`` of the best."""
    for candidate in ranked[1:]:
        if candidate.score < ranked[0].score * within:
            break
        if answers(candidate):
            return [candidate, *(s for s in ranked if s is not candidate)]
    return list(ranked)
