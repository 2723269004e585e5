"""Whether the evidence says what a question asks, not only what it is about.

A question can share every rare word with a unit and still go unanswered by it: "How
many parameters does BLOOM have?" meets "BLOOM can create text in 46 languages", "How
does nucleus sampling work?" meets "(top-k, nucleus, temperature)". These pure checks
run on the selected evidence (:mod:`rag.answer.evidence`) before any writer does, and
their verdicts feed the abstention decision (:mod:`rag.answer.decide`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rag.answer.acronyms import named_by_initials
from rag.answer.asked import (
    DIE,
    QUESTION_FRAME,
    asked_detail,
    heavy_terms,
    people_of_places,
    states_detail,
    unit_terms,
)
from rag.answer.comparisons import comparison_sides
from rag.answer.decide import (
    STATED_FLOOR,
    answer_type,
    states_a_name,
    states_condition,
)
from rag.answer.evidence import EvidenceUnit, ScoredUnit, referred_topic
from rag.answer.line_forms import outside_scope
from rag.answer.matching import opening_words, with_sentence_named
from rag.answer.names import named_only_in_lists
from rag.answer.numbers import (
    INHABITANTS,
    POPULATION,
    agent_nouns,
    asks_share,
    counted_compounds,
    counted_noun,
    quantities,
    states_date,
    states_share_amount,
    states_unit_if_asked,
)
from rag.answer.question_forms import (
    asked_relation,
    asks_condition,
    asks_how,
    asks_maker,
    asks_mechanism,
    asks_to_compare,
    asks_where,
    asks_who,
    described_names,
    how_subject,
    lists_makers,
    measured_thing,
    mechanism_name,
    question_names,
    says_who_made,
)
from rag.answer.relations import remedy_named, states_place
from rag.answer.wordforms import attested_forms
from rag.retrieval.keyword import TermStatistics, content_terms, tokenize

PEOPLE = frozenset(tokenize("people persons men women soldiers civilians lives"))
MEMBERS = frozenset(tokenize("musicians players members"))
"""Who a band or a team is counted in: "A typical late-1930s band had 13–16 players" answers
how many musicians it had (a jazz probe)."""
DYING = re.compile(r"\b(?:died|die|dying|killed|perished|lost\s+their\s+lives)\b", re.I)


def answer_found(
    question: str, weights: Mapping[str, float], stats: TermStatistics,
    evidence: Sequence[ScoredUnit],
) -> bool:  # fmt: skip
    """False when a question asks for a number, a date or a detail no evidence unit states.

    A year or a number must be stated by a unit naming what the question names, and a
    "How many X" count by one naming X too (blind train questions: "When was RoBERTa
    released…" found "Released in 2018, … (BERT)", "How many parameters does BLOOM
    have?" found "BLOOM can create text in 46 languages" and "BERT: … 340 million
    parameters"). A formula, a license or a price (:func:`asked_detail`) must be named.

    "How many experts does Mixtral route each token to?" finds "Mixture of Experts:
    Sparse models with expert routing (Mixtral…)", which holds every word of it and no
    number: the material does not answer it, however well the words match. The key
    terms of a factoid question are not required here (a unit lacking one only scores
    less, :class:`ScoreWeights`): a unit may answer without one of the question's words,
    as "BLOOM can create text in 46 languages…" does "How many languages does BLOOM
    *support*?".
    """
    detail = asked_detail(question)
    if detail and not any(states_detail(detail, s.unit.text) for s in evidence):
        return False
    answer = answer_type(question, weights, stats, QUESTION_FRAME)
    if not (answer.date or answer.number):
        return True
    close = [s for s in evidence[:BEST_UNITS] if s.score >= STATED_FLOOR * evidence[0].score]
    if asks_condition(question) and any(states_condition(s.unit.text) for s in close):
        # When something holds, not a date: "when does gimbal lock happen for roll pitch yaw
        # angles" is "…for roll–pitch–yaw it happens at a pitch of ±90°" (a robotics probe).
        return True
    counted = None if answer.date else counted_noun(question)
    counted_forms = {counted, *attested_forms(counted, stats)} if counted else set()
    if counted in PEOPLE and DYING.search(question):
        # "how many people died in the 1918 flu": the notes count "deaths" (virology).
        counted_forms.add(DIE)  # a unit saying people died holds it
    if counted in INHABITANTS:
        counted_forms.add(POPULATION)  # "how many people lived in…": "Black population 1910"
    if counted in MEMBERS:
        counted_forms |= MEMBERS  # "How many musicians did a big band have?": "13–16 players"
    if counted in PEOPLE:
        # "how many people still speak breton": "Around 200,000 speakers" (Celtic Europe).
        counted_forms |= {n for n in agent_nouns(question) if stats.document_frequency.get(n)}
    if counted:
        counted_forms |= counted_compounds(counted, weights)  # "half lives": "half-lives"

    # Each side of a comparison is stated on its own: "How fast does the AV node conduct
    # compared with the Purkinje fibres?" is "AV node … about 0.05 m/s" and "Purkinje
    # fibre network … 2–4 m/s" (a student's probe); but every side must be: "How many
    # more training tokens did RoBERTa use compared with BERT?" is not BERT's 3.3 billion.
    compared = asks_to_compare(question)
    shared = asks_share(question)
    # A name the whole course is about is every unit's: "How much did China's registered
    # population drop…" of "Registered population fell from about 53 million…" in notes
    # on ancient China (a student's probe).
    common = COURSE_WIDE_SHARE * stats.n_documents
    if counted and stats.document_frequency.get(counted, 0) >= common:
        # So are the people it counts throughout: "how many africans were embarked vs
        # disembarked" is "roughly 12.5 million embarked and 10.7 million disembarked"
        # (a probe of notes on the Atlantic slave trade was refused).
        counted_forms = set()
    course_wide = {n for n in answer.names if stats.document_frequency.get(n, 0) >= common}
    measured = {t for t in tokenize(measured_thing(question)) if stats.document_frequency.get(t)}

    def states_it(unit: EvidenceUnit) -> set[str]:
        # The question's names whose number or date the unit states ({""} when the
        # question names none); empty when it states none.
        said = with_sentence_named(unit.text, unit.topic)
        if answer.date:
            if not states_date(said):
                return set()
        elif shared and states_share_amount(said):
            pass  # "what share of the population was catholic": "about one third"
        elif not quantities(said) - answer.given_numbers or not states_unit_if_asked(
            question, said
        ):
            return set()
        # The year or the number must be the asked thing's: "Released in 2018, … (BERT)"
        # does not date RoBERTa, nor "BERT: … 340 million parameters" count BLOOM's.
        # And what its paragraph opens on: "Careful cell counts … put the number of neurons
        # at about 86 billion" after "The adult human brain weighs…" (a neuroscience probe);
        # not "…Stable Diffusion" late in "Generative AI models like DALL·E, … and Stable
        # Diffusion use…", whose "These systems learn … from millions of images" is of all.
        opening = opening_words(unit.topic)
        held = unit_terms(f"{unit.text} {unit.context} {referred_topic(unit)} {opening}")
        held |= people_of_places(answer.terms | answer.names, said)  # "Ukrainian": "Ukraine"
        held |= course_wide | (INHABITANTS if POPULATION in held else set())
        # And a unit about it, holding one of the question's key words at least: "how big
        # is claude 3 opus's context window" found "3.3 billion tokens" in BERT's paragraph
        # (a probe question the notes do not answer); "46 languages" answers what BLOOM
        # *supports*. A year the question gives ("the 1918 flu") is no key word to find.
        asked = answer.terms - answer.given_numbers
        if asked and len(asked - held) >= len(asked):
            return set()
        if (counted_forms and not counted_forms & held) or not measured <= held:
            return set()  # not the thing counted, or not the one measured
        if not answer.names:
            return {""}
        # "When did German women get to vote…": "…the most democratic Germany had held" (a
        # Weimar probe); a name's stem begun by a longer word of the unit is held.
        # And a part of a hyphened word: "PUMA" of "a PUMA-type arm" (a robotics probe).
        parts = {part for h in held for part in h.split("-")}
        named = {
            n
            for n in answer.names
            if n in held | parts or (len(n) >= 5 and any(h.startswith(n) for h in held))
        }
        return named if compared or named == answer.names else set()

    stated = set().union(*(states_it(s.unit) for s in evidence))
    return bool(stated) and (not answer.names or answer.names <= stated)


COURSE_WIDE_SHARE = 0.3
"""A name in this share of the chunks or more is what the course is about, not a detail."""
NAME_ONLY_WORDS = 5
"""Longest list item read as a bare name ("Dataset curation and watermarking")."""


def names_only(unit: EvidenceUnit) -> bool:
    """Whether a unit is a short list item that names things and says nothing of them.

    No label, no dash gloss: "Dataset curation and watermarking." under "Mitigation:"
    names watermarking; "GANs: Two networks compete…" explains.
    """
    text = unit.text
    return (
        unit.kind == "list_item"
        and not any(mark in text for mark in (":", " — ", " - ", "("))
        and len(text.split()) <= NAME_ONLY_WORDS
    )


_GENERIC_HEADS = frozenset(
    tokenize("device system process method mechanism technique procedure tool machine apparatus")
)
"""Head nouns that say what kind of thing is asked about, not which: "How did the corvus
boarding device work?" was refused, "names this but does not say", for "device" (a
Carthage probe; the notes: "a boarding bridge, the corvus…, with a spike that locked…")."""


def explains(question: str, evidence: Sequence[ScoredUnit], weights: Mapping[str, float]) -> bool:
    """False when the best unit only names what a how, difference or who question asks about.

    "How does watermarking of AI-generated images actually work?" found "Dataset
    curation and watermarking.", "how does nucleus sampling actually work" found "How
    outputs are drawn (top-k, nucleus, temperature)" (blind train questions): the
    material names the thing and never says how it works, so quoting the name answers
    nothing.
    """
    if not evidence:
        return True
    unit = evidence[0].unit
    if asks_how(question) and names_only(unit):
        return False
    # "the corvus boarding *device*": a generic head word names no thing of its own.
    named = set(tokenize(how_subject(question)))
    thing = {t: weights[t] for t in (named - _GENERIC_HEADS or named) if t in weights}
    # As the notes join it: "how does k-fold cross validation work" is of "Cross-validation…"
    # (a machine learning probe was refused on "cross" alone).
    joined = {t: w for t, w in weights.items() if "-" in t and set(t.split("-")) <= named}
    thing = joined or thing
    # A unit whose own subject is the thing speaks of it in its own words: "**The yam.**
    # A relay network of post stations…" for "the yam postal system" (a Mongol probe).
    # Hyphens or not: "Double-declining-balance: twice the straight-line rate…" for "how does
    # double declining balance depreciation work" (a financial accounting probe).
    own = content_terms(unit.subject.replace("-", " "))
    its_own = bool(own) and own <= named | content_terms(how_subject(question).replace("-", " "))
    if thing and not its_own and not says_something_of(unit, {max(thing, key=thing.__getitem__)}):
        # "How does PPO work in RLHF" found "Reinforcement (RLAIF / RLHF): Optimize
        # generations via feedback": about RLHF, silent on PPO (blind train question);
        # "How does classifier-free guidance work…" a list naming "guidance techniques".
        return False
    name = set(tokenize(mechanism_name(question))) if not asks_to_compare(question) else set()
    if name and not _said_of(unit, name):
        # "How does Tacotron turn text into speech?" found "Examples: Tacotron, WaveNet…",
        # "How does Gaussian Splatting represent a 3D scene?" a list naming it (blind
        # train questions): the name asked about must be said something of.
        return False
    described = {t: weights.get(t, 0.0) for t in sorted(described_names(question) - QUESTION_FRAME)}
    key_name = {max(described, key=described.__getitem__)} if described else set()
    if key_name and not any(
        _said_of(s.unit, key_name) or _spells_out(s.unit, key_name, question)
        for s in evidence[:BEST_UNITS]
    ):
        # "What does the β in β-VAE control?" finds β-VAE only in a list (train); the
        # list scores low (:class:`rag.answer.decide.AnswerType`), and a unit that says
        # nothing of β-VAE must not answer in its place. The rarest name is the one
        # asked about: "What does Anthropic contribute to generative AI?".
        return False
    relation = asked_relation(question)
    placed = bool(relation) and asks_where(question) and states_place(unit.text, question, relation)
    if relation and not set(tokenize(relation)) & unit_terms(unit.text) and not placed:
        # "Who founded Anthropic?", "Where is Runway ML headquartered?": a line pairing
        # the company with its models says neither (train and blind train questions).
        return False
    if relation and asks_where(question) and not states_place(unit.text, question, relation):
        # "where was napoleon born" found "Children born outside marriage: near-equal
        # inheritance…" (a blind train question; the notes never say where he was born).
        return False
    close = [
        s.unit for i, s in enumerate(evidence)
        if i < BEST_UNITS or s.score >= STATED_FLOOR * evidence[0].score
    ]  # fmt: skip
    if not remedy_named(question, close, [s.unit for s in evidence]):
        return False
    made = _subject_terms(question, weights) if asks_maker(question) else set()
    # The line naming the makers shares only the name with the question, so it can rank
    # below three lines describing the thing: "Who introduced the transformer
    # architecture?" found "Transformer Architecture: Self-attention…" first and "Vaswani
    # et al., … — introduced Transformers" fourth, at 0.6 of its score (a probe question).
    stated = [
        s for i, s in enumerate(evidence)
        if i < BEST_UNITS or s.score >= STATED_FLOOR * evidence[0].score
    ]  # fmt: skip
    if asks_maker(question) and not any(
        says_who_made(s.unit.text, s.unit.context, made)
        and made & unit_terms(f"{s.unit.text} {s.unit.context} {referred_topic(s.unit)}")
        for s in stated
    ):
        # "who came up with GANs?" was answered with what GANs are: "GANs: Two networks
        # compete (Generator G creates…)" names capitalised things, not who made them; and
        # a line saying who found something else ("Several of their tricks were first
        # discovered in viruses") does not answer "who discovered prions" (virology).
        return False
    close = [s.unit for s in evidence[:BEST_UNITS] if s.score >= STATED_FLOOR * evidence[0].score]
    if asks_who(question) and not names_someone(question, close):
        return False
    if not (asks_mechanism(question) or asks_to_compare(question)):
        return True
    asked = {t: w for t, w in weights.items() if t not in QUESTION_FRAME}
    top = max(asked.values(), default=0.0)
    subject = {t for t, w in asked.items() if w >= SUBJECT_SHARE * top}
    # The names compared, however common: "Is Mistral better than LLaMA 3 at code
    # generation?" weighs "better", a word the material never uses, above both (a blind
    # train question answered with "Open Source LLMs: LLaMA 2/3, Mistral, Falcon…").
    subject |= set(tokenize(" ".join(question_names(question)))) - QUESTION_FRAME
    if not named_only_in_lists(unit.text, subject):
        return True
    # Or each compared side said something of by a close unit of its own: "whats the
    # difference between the cardo and the decumanus" found a row listing "Castrum, cardo
    # and decumanus, forum" first, then "The cardo, the main north–south street." and
    # "The decumanus, the main east–west street." (an urban planning probe was refused).
    sides = comparison_sides(question) if asks_to_compare(question) else None
    return sides is not None and all(any(_said_of_side(u, side) for u in close) for side in sides)


def _said_of_side(unit: EvidenceUnit, side: str) -> bool:
    """Whether ``unit`` holds a compared side's words other than as an item of a list."""
    terms = set(tokenize(side)) - QUESTION_FRAME
    return (
        bool(terms) and terms <= unit_terms(unit.text) and not named_only_in_lists(unit.text, terms)
    )


def _spells_out(unit: EvidenceUnit, stems: set[str], question: str) -> bool:
    """Whether ``unit`` or its headings write out an acronym of ``question`` that ``stems`` hold.

    "How did the tax in kind under the NEP work…" found "Tax in kind (prodnalog): …"
    under "8. The New Economic Policy", which names NEP in full (a student's probe).
    """
    return any(
        named_by_initials(name, f"{unit.context} {unit.text}")
        for name in question_names(question)
        if name.isupper() and set(tokenize(name)) <= stems
    )


def says_something_of(unit: EvidenceUnit, terms: set[str]) -> bool:
    """Whether ``unit`` (its headings included) holds ``terms`` other than as list items."""
    return terms <= unit_terms(f"{unit.text} {unit.context}") and not named_only_in_lists(
        unit.text, terms
    )


def said_out_of_scope(evidence: Sequence[ScoredUnit]) -> str:
    """The best unit when it is the notes saying they do not teach what it names, or "".

    "How do immunosuppressant drugs stop a transplanted kidney from being rejected?" was
    answered "MHC molecules were first identified as the antigens that cause tissue grafts
    … to be rejected, …, but transplant immunology itself is beyond the scope of these
    notes [1]." (a student's probe of an immunology course): quoted as an answer, the
    notes' own refusal read as one. It is the reason the answer refuses, as is such a unit of
    the best five alone in holding the heaviest question word they hold: "Alcohol … its
    metabolism is beyond the scope of these notes" for how the liver breaks down alcohol
    (a student's probe of a nutrition course, answered with glycogen).
    """
    top = evidence[:5]
    held = [unit_terms(s.unit.text) for s in top]
    weights = top[0].weights if top else {}
    heaviest = max((w for t, w in weights.items() if any(t in h for h in held)), default=0.0)
    # The best unit is the reason alone when no other scores close to it: "…had made the
    # helicopter practical, though vertical flight lies outside the scope of these notes"
    # (0.54) refused "who made the first jet powered flight" over "…the Heinkel He 178 on
    # the world's first jet-powered flight on 27 August 1939" (0.53; an aviation probe).
    clear = len(top) < 2 or top[1].score < CLEAR_LEAD * top[0].score
    for index, scored in enumerate(top):
        others = set().union(*(h for i, h in enumerate(held) if i != index))
        alone = {t for t in held[index] - others if weights.get(t) == heaviest}
        if outside_scope(scored.unit.text) and ((index == 0 and clear) or alone):
            return scored.unit.text
    return ""


CLEAR_LEAD = 0.9
"""The out-of-scope line refuses alone when the next unit scores below this share of it."""


def _said_of(unit: EvidenceUnit, terms: set[str]) -> bool:
    """Whether ``unit``, or the opening of its paragraph, says something of ``terms``.

    A sentence of a paragraph that opens on the name is about it: "After two generations
    there were two bands…, ruling out dispersive replication" under "In 1958 Matthew
    Meselson and Franklin Stahl grew E. coli…" (a student's probe of a genetics course).
    """
    return says_something_of(unit, terms) or terms <= unit_terms(unit.topic)


def _subject_terms(question: str, weights: Mapping[str, float]) -> set[str]:
    """The question's heavy terms (:func:`rag.answer.asked.heavy_terms`) and its names.

    "VAEs" beside "year", which the material never uses, in "who introduced VAEs and in
    what year?".
    """
    return heavy_terms(weights) | set(tokenize(" ".join(question_names(question))))


BEST_UNITS = 3
"""A who- or what-does question is answered when one of this many best units says what
it asks: the generic list "Tools: AIVA, Amper Music…" may outrank the row "Google
DeepMind: …"."""


def names_someone(question: str, units: Sequence[EvidenceUnit]) -> bool:
    """Whether the best ``units`` name who did what a who-question asks.

    One of the best units must name someone the question does not
    (:func:`states_a_name`). One of the units must hold the question's names
    otherwise than as one item among others, or in rows labelled by maker
    (:func:`lists_makers`): "Who invented Gaussian Splatting?" found "3D and Spatial
    Generation: NeRF, Gaussian Splatting, …" (blind train question); "Who made
    MusicLM?" finds "Google DeepMind: Gemini, Imagen, MusicLM" under "Organization |
    Contributions".
    """
    names = set(tokenize(" ".join(question_names(question))))

    def holds_names(unit: EvidenceUnit) -> bool:
        return names <= unit_terms(f"{unit.text} {unit.context}") and (
            not named_only_in_lists(unit.text, names) or lists_makers(unit.context)
        )

    if names and _WHO_IS.match(question):
        # "who was Yuknoom Ch'een II" asks what the notes say of him: "636–686: Reign of
        # Yuknoom Ch'een II ("the Great"), peak of Calakmul's hegemony" (a Maya probe was
        # refused, the row naming no one else).
        return any(holds_names(unit) for unit in units)
    if states_a_name(units[0].text, question):
        return not names or any(holds_names(unit) for unit in units)
    # Another of the few best may name someone, when it holds the names asked about
    # too: "who came up with the relational model?" is best matched by "In the
    # relational model, all data is represented as relations." and answered by "1970:
    # Codd's relational model (Edgar F. Codd … publishes …)" (a blind train question of
    # eval/check_courses/); "Who wrote the CLIP paper?" still finds no one.
    return any(states_a_name(u.text, question) and (not names or holds_names(u)) for u in units)


_WHO_IS = re.compile(r"^\W*who\s+(?:is|was|were|are)\s+[A-Z][^?]*\??\s*$")
"""Who a named person is: "who was Yuknoom Ch'een II", not "who was the first…"."""
SUBJECT_SHARE = 0.7
"""Question terms weighing this share of the rarest one name what the question is about."""
