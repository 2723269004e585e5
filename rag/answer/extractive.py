"""Extractive answers: the evidence units that answer the question, each cited.

Works with nothing but the embedding model: no LLM, no network. Choosing and formatting
the units are pure functions over scored evidence (:mod:`rag.answer.evidence`); only
:func:`find_evidence` embeds. The sentence candidates and scores at the top serve the
quiz, coverage and the reranker, which rank sentences by similarity to a topic.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ingest.scan import looks_like_instruction
from rag.answer.announced import announces, announcing, with_announced
from rag.answer.asked import key_terms
from rag.answer.blocks import answering_block, table_after
from rag.answer.comparisons import (
    CONTRAST_WITHIN,
    best_about,
    comparing_table,
    comparison_sides,
    contrasting_unit,
    each_side_told,
    in_parallel,
    says_side,
    table_of_the_named,
)
from rag.answer.decide import STATED_FLOOR, asked_statement, asks_for_number
from rag.answer.defined import reputed, stated_claim
from rag.answer.definitions import (
    asks_definition,
    defines_the_asked,
    defining_first,
    evidence_first,
    explained_after,
    following_sentences,
    naming_first,
    reason_after,
    referred_before,
)
from rag.answer.evidence import EvidenceUnit, ScoredUnit, passage_units, select_evidence
from rag.answer.examples import names_elsewhere
from rag.answer.headed import defined_heading, pronoun_named, with_heading
from rag.answer.introduced import (
    introduced_and_told,
    named_before,
    opened_and_told,
    story_goes_on,
)
from rag.answer.line_forms import outside_scope
from rag.answer.lists import (
    neighbour_asked,
    steps_of_the_asked_first,
    tied_items,
)
from rag.answer.ordering import another_case, reordered
from rag.answer.posed import (
    asked_as_posed,
    posed_answer,
    posed_by,
    posed_match,
    posed_questions,
    with_posed,
)
from rag.answer.question_forms import asks_for_several, asks_maker, asks_why
from rag.answer.reasons import explanations_named, reasons_before, reasons_first, reasons_listed
from rag.answer.steps import asks_how_it_goes, numbered_steps
from rag.answer.trimmed import answering_part
from rag.answer.yes_no import stating_first
from rag.retrieval.keyword import TermStatistics, content_terms
from rag.schema import Passage
from rag.text.passages import Candidate, candidate_sentences, is_sequence


def keyword_overlap(question_terms: set[str], text: str) -> float:
    """Share of the question's content terms in ``text``."""
    if not question_terms:
        return 0.0
    return len(question_terms & content_terms(text)) / len(question_terms)


_Scored = tuple[list["Candidate"], list[float], np.ndarray]
_recent: OrderedDict[tuple[str, tuple[str, ...], int], _Scored] = OrderedDict()
_recent_lock = threading.Lock()


def score_candidates(question: str, passages: Sequence[Passage], embedder: object) -> _Scored:
    """:func:`_score_candidates`, remembered for the last few questions.

    The chain scores sentences to decide whether to answer, and the extractive
    generator needs the same scores right after; embedding them twice would double
    the answer time.
    """
    key = (question, tuple(p.id for p in passages), id(embedder))
    with _recent_lock:
        if key in _recent:
            _recent.move_to_end(key)
            return _recent[key]
    scored = _score_candidates(question, passages, embedder)
    with _recent_lock:
        _recent[key] = scored
        while len(_recent) > 16:
            _recent.popitem(last=False)
    return scored


def _score_candidates(question: str, passages: Sequence[Passage], embedder: object) -> _Scored:
    """Every candidate sentence of the passages, its score, and its embedding.

    A sentence's score is its cosine similarity to the question, plus a little for
    sharing the question's words and for coming from a higher-ranked passage. The
    best score is also the strongest evidence that the passages answer at all.
    """
    candidates = [
        c
        for i, p in enumerate(passages)
        for c in candidate_sentences(i, p.text)
        if not looks_like_instruction(c.text)  # quoting it would pass the injection on
    ]
    if not candidates:
        return [], [], np.zeros((0, 0))
    vectors = embedder.encode([question] + [c.text for c in candidates])  # type: ignore[attr-defined]
    question_vector, sentence_vectors = vectors[0], vectors[1:]
    terms = content_terms(question)
    scores = [
        float(np.dot(vector, question_vector))
        + 0.15 * keyword_overlap(terms, candidate.text)
        + 0.02 * (len(passages) - candidate.passage) / len(passages)
        for candidate, vector in zip(candidates, sentence_vectors, strict=True)
    ]
    return candidates, scores, sentence_vectors


def is_near_repeat(text: str, others: Sequence[str], threshold: float = 0.6) -> bool:
    """True when ``text`` shares most of its content words with one of ``others``."""
    words = content_terms(text)
    for other in others:
        theirs = content_terms(other)
        union = words | theirs
        if union and len(words & theirs) / len(union) >= threshold:
            return True
    return False


@dataclass(frozen=True)
class Composition:
    """The units an extractive answer quotes, and whether they read as a list."""

    units: list[EvidenceUnit]
    as_list: bool


def choose_units(
    question: str, ranked: Sequence[ScoredUnit], units: Sequence[EvidenceUnit]
) -> Composition:
    """Which units answer ``question`` (:func:`composed`), with what they announce."""
    composition = composed(question, ranked, units)
    if composition.as_list:
        return composition
    return Composition(with_announced(question, composition.units, units), False)


def composed(
    question: str,
    ranked: Sequence[ScoredUnit],
    units: Sequence[EvidenceUnit],
    *,
    max_units: int = 3,
    max_list: int = 12,
    relative_floor: float = 0.85,
    sibling_floor: float = 0.6,
) -> Composition:
    """Which units answer ``question``: the best, its list, or one per compared side.

    Args:
        question: The student's question.
        ranked: Selected evidence, best first (:func:`rag.answer.evidence.select_evidence`).
        units: Every unit of the passages (to find the rest of the best unit's list).
        max_units: Most units in a prose answer.
        max_list: Most items in a list answer.
        relative_floor: Other units join the best only when they score this close to it.
        sibling_floor: An item of the best unit's list about another key word of the
            question joins when it scores this close.
    """
    # The notes saying they do not teach a thing answer nothing, when they did not refuse:
    # "…though vertical flight lies outside the scope of these notes" led the answer to
    # "who made the first jet powered flight and when" (an aviation probe).
    ranked = [s for s in ranked if not outside_scope(s.unit.text)] or ranked
    if not ranked:
        return Composition([], False)
    if ranked[0].posed:
        # The notes ask the student's question and answer it (:mod:`rag.answer.posed`).
        told, as_list = posed_answer(ranked[0].unit, units)
        if told:
            return Composition(told, as_list)
    states = asked_statement(question)
    if states is not None:
        # "When did GANs appear?" is answered by the unit that has the years, "When was
        # BLOOM released?" by "It was developed in 2022…" (0.59 of the best score), not
        # by "BLOOM is a multilingual model…", and "Who came up with the relational
        # model?" by the unit naming "Edgar F. Codd". Floors 0 to 0.7 gave the same
        # train key facts for numbers; 0.5 keeps a unit scoring far below the best out.
        floor = ranked[0].score * STATED_FLOOR
        ranked = sorted(ranked, key=lambda s: not (s.score >= floor and states(s.unit.text)))
    ranked = stating_first(question, fuller_first(ranked))
    # Units join a reason put first only if as close to the best as to it. Not over a line
    # saying what is asked: "The term "Gothic" itself was an insult…" why it is so called,
    # not "Gothic was therefore not merely a technical solution…" (an architecture probe).
    stated = states is not None and states(ranked[0].unit.text)
    explained = None if stated else explanations_named(question, ranked)
    if explained is not None:
        return Composition([explained], False)  # "Explanations for the raids include…"
    close = [s.unit for s in ranked if s.score >= STATED_FLOOR * ranked[0].score]
    texts = [u.text for u in close]
    held = reputed(question, texts)
    held = stated_claim(question, texts) if held is None else held
    if held is not None:
        return Composition([close[held]], False)  # "…generally counted as the first newspaper"
    reasoned = (
        list(ranked) if stated else evidence_first(question, reasons_first(question, ranked, units))
    )
    best_score = ranked[0].score if reasoned[0] is not ranked[0] else 0.0
    ranked = reasoned
    if asks_definition(question):
        defining = defining_first(ranked)
        if defining[0] is not ranked[0] or defines_the_asked(question, ranked[0].unit):
            said = [defining[0].unit, *explained_after(question, defining[0].unit, units)]
            return Composition(said, False)  # the definition says it all, or with the next
    named = naming_first(question, ranked)
    if named[0] is not ranked[0]:
        # A sentence naming the asked thing as it defines it, below the best: it says what
        # it is ("…made by pendentives: curved triangular sections of a sphere…"), not the
        # table of buildings under "The Dome on Pendentives" (an architecture probe).
        return Composition([named[0].unit, *explained_after(question, named[0].unit, units)], False)
    ranked = steps_of_the_asked_first(question, named) or ranked
    introduced = introduced_and_told(question, ranked, units) or opened_and_told(
        question, ranked, units
    )
    if introduced:
        return Composition(introduced, False)
    lead = ranked[0]
    neighbour = neighbour_asked(question, lead.unit, units)
    if neighbour is not None:
        return Composition([neighbour], False)
    sides = comparison_sides(question)
    table = comparing_table(question, sides, ranked[:CONTRAST_WITHIN], units) if sides else []
    if not sides and asks_for_several(question):
        table = table_of_the_named(question, ranked, units)
    if table:
        return Composition(table[:max_list], True)
    if sides:
        chosen: list[EvidenceUnit] = []
        for side, other in (sides, sides[::-1]):
            match = best_about(
                side, other, ranked, exclude=chosen,
                undated_first=not asks_for_number(question), states=states,
            )  # fmt: skip
            if match is not None:
                chosen.append(match)
        if len(chosen) == 2:
            contrast = contrasting_unit(sides, ranked[:CONTRAST_WITHIN])
            # Also when it answers best: "pharmacokinetics is what the body does to the
            # drug; pharmacodynamics … what the drug does to the body" over a line on
            # clearance under a pharmacokinetics heading (a student's probe); or when it
            # is one side's unit, since it speaks for both.
            best = contrast is not None and (contrast == ranked[0].unit or contrast in chosen)
            told = following_sentences(question, ranked[0].unit, units)
            if contrast is not None and contrast in told:
                # After the opener it explains: "Intensity is not magnitude. Magnitude
                # describes the earthquake; intensity describes the shaking…".
                return Composition([ranked[0].unit, *told[: told.index(contrast) + 1]], False)
            told_apart = contrast is not None and each_side_told(sides, chosen, contrast)
            if contrast is not None and (best or not all(map(says_side, sides, chosen))):
                listed = told_apart and all(u.kind == "list_item" for u in chosen)
                return Composition(chosen if told_apart else [contrast], listed)
            # Each side's own list line or row, set out as the list they are: "West Hallstatt
            # zone (…): …" and "East Hallstatt zone (…): …" ran together (the app, a probe).
            chosen = in_parallel(sides, chosen, units)
            return Composition(chosen, all(u.kind in ("list_item", "table_row") for u in chosen))
    # Who made one thing is one line, though the list of papers holds it: "Who wrote the
    # paper that introduced transformers?" is "Vaswani et al., … — introduced Transformers".
    # Nor when it was, or how many: "which year did the VAE paper come out" is one line.
    # Nor why: "Why are foundation models called 'foundation' models?" quoted the list of
    # models under "Foundation Models", not "…a base (hence 'foundation')…" (a probe).
    reasons = reasons_listed(question, ranked, units)
    if reasons:
        return Composition(reasons[:max_list], True)
    several = (
        asks_for_several(question)
        and not asks_maker(question)
        and not asks_for_number(question)
        and not asks_why(question)
        and not _ASKS_ONE.match(question)
    )
    if several and is_sequence(lead.unit.text):
        # "Data Collection → Preprocessing → … → Feedback Loop" is the stages asked for;
        # "what are the stages of a generative AI pipeline" was answered with the list
        # under "Next Steps", whose heading says "steps" (a probe question).
        return Composition([with_heading(question, lead.unit)], False)
    block = answering_block(ranked, units, several, max_list=max_list, question=question)
    tied = tied_items(ranked, units) if not block else []
    if tied:
        return Composition(tied[:max_list], True)
    sequence = several or asks_how_it_goes(question)
    steps = numbered_steps(question, lead, units, ranked) if sequence and not block else []
    if steps:
        return Composition(steps[:max_list], True)
    if block:
        keys = key_terms(lead.weights, margin=0.5)
        more = [u for u in names_elsewhere(question, ranked, keys) if u.passage != block[0].passage]
        listed = all(u.kind in ("list_item", "table_row") for u in block)
        return Composition([*block, *more[: max_units - 1]], several or listed)
    # The sentences before say what "This" is; then no heading need.
    lead_states = states is not None and states(lead.unit.text)
    before = (
        ([] if lead_states else reasons_before(question, lead.unit, units))
        or referred_before(lead.unit, units)
        or named_before(question, lead.unit, units)
    )
    chosen = [*before, lead.unit if before else with_heading(question, lead.unit)]
    rows = table_after(lead, units, several)
    if rows:
        return Composition([*chosen, *rows[:max_list]], False)
    chosen += following_sentences(question, lead.unit, units) or story_goes_on(
        question, lead.unit, units
    )
    reason = reason_after(question, lead.unit, units)
    if reason is not None and reason not in chosen:
        chosen.append(reason)
    keys = key_terms(lead.weights, margin=0.5)
    # A list item, row or definition *about* the key word ("Optimization: Adam, AdamW,
    # LAMB") answers; only units about it too may join, not sentences using the word.
    about = lead.unit.kind != "sentence" and bool(keys & content_terms(lead.unit.subject))
    # "Which fine-tuning libraries…": "Core Libraries: …" is about one key word, and
    # "Fine-tuning: PEFT, LoRA" of the same list about the other; both answer.
    # The list's heading ("Tools and Frameworks") names no item.
    asked = keys - content_terms(f"{lead.unit.subject} {lead.unit.context}") if about else set()
    more = names_elsewhere(question, ranked, key_terms(ranked[0].weights, margin=0.5))
    for candidate in ranked[1:]:
        if len(chosen) >= max_units:
            break
        if lead_states and states is not None and not states(candidate.unit.text):
            # "Who introduced the transformer architecture?" is "Vaswani et al., … —
            # introduced Transformers"; lines describing transformers, which scored
            # higher, say nothing of who (a probe question).
            continue
        if another_case(question, lead, candidate):
            continue
        if (
            candidate.score < max(lead.score, best_score) * relative_floor
            and candidate.unit not in more
            and not (
                candidate.score >= lead.score * sibling_floor
                and (candidate.unit.passage, candidate.unit.block)
                == (lead.unit.passage, lead.unit.block)
                and asked & content_terms(candidate.unit.subject)
            )
        ):
            continue
        if is_near_repeat(candidate.unit.text, [u.text for u in chosen]):
            continue
        where = (
            candidate.unit.subject
            if about and candidate.unit not in more
            else defined_heading(candidate.unit)
            or f"{candidate.unit.text} {candidate.unit.context}"
        )
        if keys and not keys & content_terms(where):
            continue  # scores well on the theme, says nothing about what was asked
        chosen.append(pronoun_named(candidate.unit))
    as_list = (
        several and len(chosen) > 1 and all(u.kind in ("list_item", "table_row") for u in chosen)
    )
    prose = in_reading_order([answering_part(question, u, lead.weights) for u in chosen])
    return Composition(chosen if as_list else prose, as_list)


_ASKS_ONE = re.compile(r"^\W*who\s+(?!(?:were|are|have|had)\b)", re.I)
"""A who-question asking for one: "who said form ever follows function" ("follows" read as
a plural quoted the three rows the essay's sentence announces, an architecture probe)."""


def in_reading_order(units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """``units``, with sentences of one paragraph in its order when one points back.

    "How was French society legally organised…?" quoted "Its organising principle was
    privilege…" before "Legally it was a society of orders…", the sentence it follows:
    "Its" pointed at nothing (a student's probe). The paragraph's sentences are read
    together where its best one stood. Sentences that name their subject keep the order
    of their scores, so the one that answers best still comes first.
    """
    ordered = list(units)
    groups: list[tuple[tuple[int, str], list[int]]] = []
    for position, unit in enumerate(units):
        opening = _paragraph_opening(unit)
        if opening is None:
            continue
        group = next((g for key, g in groups if _same(key, opening)), None)
        if group is None:
            groups.append((opening, [position]))
        else:
            group.append(position)
    for _, positions in groups:
        members = sorted((units[p] for p in positions), key=lambda u: u.start)
        if any(_POINTS_BACK.match(u.text) for u in members[1:]):
            first = ordered.index(units[positions[0]])
            ordered = [u for u in ordered if u not in members]
            ordered[first:first] = members
    return ordered


_POINTS_BACK = re.compile(r"(?:it|its|they|their|them|this|these|he|she|his|her|such)\b", re.I)
"""The opening of a sentence that needs the one before it to be read."""


def _paragraph_opening(unit: EvidenceUnit) -> tuple[int, str] | None:
    """The passage and first sentence of a sentence unit's paragraph; None for others."""
    if unit.kind != "sentence":
        return None
    return unit.passage, (unit.topic or unit.text).rstrip(".")


def _same(one: tuple[int, str], other: tuple[int, str]) -> bool:
    # A sentence opening on a pronoun has the paragraph's names after its first sentence
    # (evidence._referent): "One node acts as coordinator YES".
    return one[0] == other[0] and (one[1].startswith(other[1]) or other[1].startswith(one[1]))


FULLER_WITHIN = 0.95
"""A near-repeat of the best unit scoring this close to it may lead instead, if fuller."""


def fuller_first(ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """``ranked``, led by the fuller of two near-repeats that score alike.

    Two documents say what FID measures: "Fréchet Inception Distance (FID) – for image
    realism." (0.749) and the table row "FID (Fréchet Inception Distance): Realism of
    generated images." (0.735). Only one is quoted (they repeat each other); the one
    holding more words says more, and a student read the first as a fragment.
    """
    if len(ranked) < 2:
        return list(ranked)
    lead = ranked[0]
    for candidate in ranked[1:3]:
        if (
            candidate.score >= lead.score * FULLER_WITHIN
            and is_near_repeat(candidate.unit.text, [lead.unit.text])
            and len(content_terms(candidate.unit.text)) > len(content_terms(lead.unit.text))
        ):
            return [candidate, *(s for s in ranked if s is not candidate)]
    return list(ranked)


_LEAD_IN = re.compile(
    r"^(?:in other words|in short|that is|put simply|thus|hence|therefore)\s*,\s+(?=\w)", re.I
)
"""A lead-in that points back at the sentence before, which an answer quoting the sentence
alone does not show: "In other words, the original model provides a base (hence
“foundation”)…" opened the answer to why a foundation model is so called."""


def without_lead_in(sentence: str) -> str:
    """``sentence`` without a lead-in that refers to the one before it, capitalised.

    >>> without_lead_in("In other words, the original model provides a base.")
    'The original model provides a base.'
    >>> without_lead_in("Thus the model learns.")
    'Thus the model learns.'
    """
    rest = _LEAD_IN.sub("", sentence, count=1)
    return rest[:1].upper() + rest[1:] if rest != sentence else sentence


def format_answer(composition: Composition) -> str:
    """The answer text: each unit followed by its passage's ``[n]`` (numbered from 1).

    Citations are renumbered in order of first use afterwards, for every generator
    alike (:func:`rag.answer.citations.renumber_citations`).
    """
    lines = []
    for number, unit in enumerate(composition.units):
        after = composition.units[number + 1 : number + 2]
        if not composition.as_list and after and announces(unit, after[0]):
            lines.append(announcing(unit.text))  # "…Bragg's law: nλ = …", "…favoured when rB > C"
            continue
        # A sentence that announces a list ends with its colon: quoted alone, it ends.
        text = re.sub(r"\s*:\.?$", ".", unit.text.rstrip())
        if number == 0 and unit.kind == "sentence":
            text = without_lead_in(text)
        if text[-1] not in ".!?":
            text += "."
        lines.append(f"{text[:-1]} [{unit.passage + 1}]{text[-1]}")
    if composition.as_list:
        ordinals = [unit.ordinal for unit in composition.units]
        if ordinals[0] and all(b == a + 1 for a, b in itertools.pairwise(ordinals)):
            # The notes' own numbers, when the answer quotes a run of a numbered list:
            # "the seven phases of the cardiac cycle" came out as bullets (a student's
            # probe). Items picked out of order keep bullets, so no number misleads.
            return "\n".join(f"{n}. {line}" for n, line in zip(ordinals, lines, strict=True))
        return "\n".join(f"- {line}" for line in lines)
    return " ".join(lines)


def extractive_answer(
    question: str, passages: Sequence[Passage], embedder: object,
    evidence: Sequence[ScoredUnit] | None = None,
    stats: TermStatistics | None = None,
) -> str:  # fmt: skip
    """Answer ``question`` with the passage units that state it, each cited."""
    units = passage_units(passages)
    if evidence is None:
        evidence = find_evidence(question, passages, embedder, stats)
    return format_answer(choose_units(question, evidence, units))


def answering_evidence(
    question: str, passages: Sequence[Passage], evidence: Sequence[ScoredUnit]
) -> list[ScoredUnit]:
    """The units the extractive answer quotes, scored: what an LLM is given to rewrite.

    A unit keeps the text the answer quotes (led by its heading, :func:`with_heading`);
    a list's other items, quoted with the best one, come with no score of their own (0).
    """
    scores = {(s.unit.passage, s.unit.start): s for s in evidence}
    chosen = choose_units(question, evidence, passage_units(passages)).units
    return [
        dataclasses.replace(scores[key], unit=unit)
        if (key := (unit.passage, unit.start)) in scores
        else ScoredUnit(unit, 0.0, 0.0, 0.0)
        for unit in chosen
    ]


_unit_vectors: OrderedDict[tuple[int, str], np.ndarray] = OrderedDict()


def cached_encoder(embedder: object, limit: int = 20_000) -> Callable[[list[str]], np.ndarray]:
    """``embedder.encode`` that remembers unit vectors: the same passages come back often.

    The question (first text) is always encoded; units seen before are not.
    """

    def encode(texts: list[str]) -> np.ndarray:
        key = id(embedder)
        missing = [t for t in dict.fromkeys(texts[1:]) if (key, t) not in _unit_vectors]
        vectors = embedder.encode([texts[0], *missing])  # type: ignore[attr-defined]
        with _recent_lock:
            for text, vector in zip(missing, vectors[1:], strict=True):
                _unit_vectors[(key, text)] = vector
            while len(_unit_vectors) > limit:
                _unit_vectors.popitem(last=False)
            rows = [vectors[0], *(_unit_vectors[(key, t)] for t in texts[1:])]
        return np.vstack(rows)

    return encode


def find_evidence(
    question: str,
    passages: Sequence[Passage],
    embedder: object,
    stats: TermStatistics | None = None,
    *,
    limit: int = 8,
) -> list[ScoredUnit]:
    """The best evidence units for ``question`` in ``passages`` (see :mod:`rag.answer.evidence`).

    Units that read like an instruction to a model are left out: quoting them would
    pass a planted injection on to the student or to the LLM.
    """
    units = [u for u in passage_units(passages) if not looks_like_instruction(u.text)]
    encode, stats = cached_encoder(embedder), stats or TermStatistics(0)
    selected = reordered(
        question, select_evidence(question, units, len(passages), stats, encode, limit=limit)
    )
    posed = posed_questions(units)
    if not posed:
        return selected
    vectors = encode([question, *posed])
    similarities = {p: float(v @ vectors[0]) for p, v in zip(posed, vectors[1:], strict=True)}
    asked = posed_match(question, similarities)
    if not asked:
        return selected
    # The paragraph that asks the student's question, scored like any unit, leads.
    paragraph = [u for u in units if posed_by(u) == asked]
    scored = select_evidence(
        question, paragraph, len(passages), stats, encode,
        limit=len(paragraph), shortlist=len(paragraph),
    )  # fmt: skip
    if not asked_as_posed(selected, scored, similarities[asked]):
        return selected
    return with_posed(selected, scored, similarities[asked])
