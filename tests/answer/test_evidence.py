"""Evidence selection, answer composition, citation renumbering and sentence support.

Pure logic: no model is loaded here. ``encode`` stand-ins are plain functions whose
output can be worked out by hand. The behaviour with the real model and index is
tested through the CLI at the end (the README example).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence

import numpy as np
import pytest

from rag.answer.asked import QUESTION_FRAME, question_weights, term_coverage
from rag.answer.chain import AnswerChain
from rag.answer.citations import StreamingRenumberer, renumber_citations
from rag.answer.comparisons import comparison_sides
from rag.answer.evidence import ScoredUnit, evidence_strength, select_evidence, split_units
from rag.answer.extractive import Composition, asks_for_several, choose_units, format_answer
from rag.answer.scope import explains
from rag.answer.support import (
    answer_sentences,
    check_answer,
    check_sentence,
    drop_unsupported,
    dropped_facts,
)
from rag.assistant import Assistant
from rag.retrieval.keyword import TermStatistics, tokenize
from rag.schema import Passage

METRICS = """## 11. Evaluation Metrics

| Metric | Description |
|---|---|
| BLEU / ROUGE / METEOR | Text similarity to reference data |
| FID (Fréchet Inception Distance) | Realism of generated images |
"""

TRAINING = """## 9. Training Foundations

- Data Quality: Determines creativity and coherence.
- Optimization: Adam, AdamW, LAMB.

Risks:
- Misinformation (deepfakes, synthetic media abuse)
- Copyright infringement from training data
"""

PROSE = """# Generative AI

Generative AI creates new content. It learns patterns vs. rules from data, e.g. images.
**Foundation model**: a model adaptable to many tasks.
"""


def by_kind(units: Sequence[object], kind: str) -> list[str]:
    return [u.text for u in units if u.kind == kind]  # type: ignore[attr-defined]


def test_a_table_row_is_read_with_its_column_headers_as_context() -> None:
    units = split_units(0, METRICS, "11. Evaluation Metrics")
    rows = by_kind(units, "table_row")
    assert rows == [
        "BLEU / ROUGE / METEOR: Text similarity to reference data.",
        "FID (Fréchet Inception Distance): Realism of generated images.",
    ]
    fid = next(u for u in units if u.text.startswith("FID"))
    assert "Metric Description" in fid.context and "Evaluation Metrics" in fid.context
    assert fid.subject == "FID (Fréchet Inception Distance)"
    assert METRICS[fid.start : fid.end].startswith("| FID")  # spans point into the passage


def test_list_items_keep_their_label_line_as_context_and_headings_are_never_units() -> None:
    units = split_units(0, TRAINING)
    items = by_kind(units, "list_item")
    assert "Optimization: Adam, AdamW, LAMB." in items
    assert "Misinformation (deepfakes, synthetic media abuse)." in items
    assert not any("Training Foundations" in u.text or u.text.startswith("Risks") for u in units)
    misinformation = next(u for u in units if u.text.startswith("Misinformation"))
    assert misinformation.context.endswith("Risks")
    optimization = next(u for u in units if u.text.startswith("Optimization"))
    assert optimization.subject == "Optimization" and optimization.block != misinformation.block


def test_sentences_split_but_not_after_abbreviations_and_definitions_stand_alone() -> None:
    units = split_units(0, PROSE)
    assert by_kind(units, "sentence") == [
        "Generative AI creates new content.",
        "It learns patterns vs. rules from data, e.g. images.",
    ]
    assert by_kind(units, "definition") == ["Foundation model: a model adaptable to many tasks."]


def test_rare_question_words_outweigh_the_course_theme() -> None:
    # "generative" is in every chunk, "fid" in two of 100: the row naming FID wins
    # although the generic sentence repeats more of the question's words.
    stats = TermStatistics(100, {"generat": 100, "model": 90, "fid": 2, "measur": 5})
    weights = question_weights("What does FID measure in generative models?", stats)
    assert weights["fid"] > 3 * weights["generat"]
    assert weights["measur"] < stats.idf("measur")  # a framing word counts for less
    generic = "Generative models measure and create generative content."
    row = "FID (Fréchet Inception Distance): Realism of generated images."
    assert term_coverage(weights, row) > term_coverage(weights, generic)
    assert stats.idf("cook") > stats.idf("fid")  # a word the material never uses weighs most


def test_asking_for_traits_or_features_frames_the_question() -> None:
    """ "What are the main traits of a foundation model?" was refused: the course never
    says "traits", and that one word weighed more than the subject (train split)."""
    stats = TermStatistics(100, {"foundat": 8, "model": 90})
    weights = question_weights("What are the main traits of a foundation model?", stats)
    row = "Foundation Models: Large-scale models adaptable to many tasks."
    unframed = question_weights("What are the main tricks of a foundation model?", stats)
    assert term_coverage(weights, row) > 0.5 > term_coverage(unframed, row)
    assert weights["trait"] < weights["foundat"] < unframed["trick"]


def test_when_a_thing_appeared_or_became_popular_asks_for_its_date_not_the_verb() -> None:
    """ "When did diffusion models become popular?" was refused (evidence 0.19): the course
    never says "become", which then weighed more than "diffusion" and "models" together."""
    stats = TermStatistics(100, {"diffus": 12, "model": 90, "popular": 1, "era": 1})
    weights = question_weights("When did diffusion models become popular?", stats)
    assert weights["becom"] < weights["diffus"] and weights["popular"] < weights["diffus"]
    row = "Era: 2021–2024; Key Innovation: Diffusion & LLMs; Description: Diffusion models."
    assert term_coverage(weights, row) > 0.5
    appear = question_weights("When did diffusion models appear?", stats)
    assert appear["appear"] < appear["diffus"]


def test_select_evidence_embeds_only_a_shortlist_and_ranks_the_answer_first() -> None:
    passages = [
        Passage("a", PROSE, "p.md", "T", "Generative AI", 0, len(PROSE)),
        Passage("b", METRICS, "m.md", "T", "11. Evaluation Metrics", 0, len(METRICS)),
    ]
    from rag.answer.evidence import passage_units

    units = passage_units(passages)
    stats = TermStatistics(10, {"generat": 10, "fid": 1, "measur": 3})
    seen: list[int] = []

    def encode(texts: list[str]) -> np.ndarray:
        seen.append(len(texts))
        return np.array([[1.0, 0.0]] + [[0.5, 0.5]] * (len(texts) - 1))

    ranked = select_evidence("What does FID measure?", units, 2, stats, encode, shortlist=3)
    assert seen == [4]  # the question and the three shortlisted units
    assert ranked[0].unit.text.startswith("FID")
    assert evidence_strength(ranked) == ranked[0].score


def test_an_off_topic_question_has_weak_evidence() -> None:
    units = split_units(0, TRAINING)
    stats = TermStatistics(50, {"optim": 3, "data": 20, "generat": 50})
    on_topic = select_evidence("Which optimizers are used?", units, 1, stats)
    off_topic = select_evidence("How do I cook new recipes?", units, 1, stats)
    assert on_topic[0].unit.text.startswith("Optimization")
    assert evidence_strength(off_topic) < 0.2 < evidence_strength(on_topic)


def scored(
    units: Sequence[object], scores: Sequence[float], weights: dict[str, float]
) -> list[ScoredUnit]:
    return [ScoredUnit(u, s, 0.0, 0.0, weights) for u, s in zip(units, scores, strict=True)]  # type: ignore[arg-type]


def test_a_question_naming_a_list_is_answered_with_the_list_in_order() -> None:
    units = split_units(0, TRAINING, "12. Ethical and Societal Implications")
    risks = [u for u in units if "Risks" in u.context]
    ranked = scored([risks[1], risks[0]], [0.6, 0.5], {"risk": 3.0, "name": 0.3})
    composition = choose_units("What risks does the course name?", ranked, units)
    assert composition.as_list
    assert format_answer(composition) == (
        "- Misinformation (deepfakes, synthetic media abuse) [1].\n"
        "- Copyright infringement from training data [1]."
    )


def test_the_list_right_under_the_named_heading_beats_one_under_an_outer_heading() -> None:
    outer = "### Creative Applications\n\n- AI Writing: Creative writing.\n- AI Art: Design.\n"
    topics = "## Topics\n\n1. Understanding Generative AI\n2. Natural Language Generation\n"
    units = split_units(0, outer, "Topics Coverage") + split_units(1, topics)
    writing, art, understanding, nlg = units
    assert writing.context == "Topics Coverage > Creative Applications"
    # The outer list scores higher (its items share "AI" with the question).
    ranked = scored([writing, art, understanding, nlg], [0.51, 0.5, 0.5, 0.49],
                    {"topic": 2.3, "ai": 1.0, "outlin": 1.5})  # fmt: skip
    composition = choose_units("What topics are in the AI course outline?", ranked, units)
    assert composition.as_list
    assert format_answer(composition) == (
        "1. Understanding Generative AI [2].\n2. Natural Language Generation [2]."
    )


def test_a_run_of_a_numbered_list_keeps_its_numbers_and_items_picked_out_keep_bullets() -> None:
    """ "What are the phases of the cardiac cycle?" was answered with the notes' seven
    numbered phases as bullets (a student's probe): the numbers are part of the fact."""
    phases = "1. **Atrial systole.** The atria contract.\n2. **Rapid ejection.** Blood leaves.\n"
    phases += "3. **Rapid filling.** The mitral valve opens.\n"
    first, second, third = split_units(0, phases, "The phases of the cycle")
    assert [first.ordinal, second.ordinal, third.ordinal] == [1, 2, 3]
    assert format_answer(Composition([first, second, third], as_list=True)) == (
        "1. Atrial systole. The atria contract [1].\n"
        "2. Rapid ejection. Blood leaves [1].\n"
        "3. Rapid filling. The mitral valve opens [1]."
    )
    assert format_answer(Composition([first, third], as_list=True)).startswith("- Atrial")
    bullets = split_units(0, "- Atrial systole.\n- Rapid ejection.\n")
    assert format_answer(Composition(bullets, as_list=True)).startswith("- Atrial")


def test_an_item_that_announces_a_nested_list_is_answered_with_that_list() -> None:
    """ "what are the stages of prophase I in meiosis" was answered "Prophase I,
    subdivided into [1]." and none of its five stages (a student's probe of genetics)."""
    from rag.answer.lists import list_introduced

    meiosis = (
        "1. **Prophase I**, subdivided into:\n"
        "   1. *Leptotene*: chromosomes begin to condense.\n"
        "   2. *Zygotene*: homologs pair (synapsis).\n"
        "   3. *Pachytene*: crossing over between non-sister chromatids.\n"
        "2. **Metaphase I**: homolog pairs line up at the plate.\n"
    )
    prophase, *stages, metaphase = split_units(0, meiosis, "6. Meiosis")
    assert list_introduced(prophase, [prophase, *stages, metaphase]) == stages
    assert list_introduced(metaphase, [prophase, *stages, metaphase]) == []
    weights = {"prophas": 3.6, "meios": 3.0, "stage": 2.7}
    ranked = scored([prophase, metaphase, *stages], [0.71, 0.59, 0.43, 0.42, 0.41], weights)
    composition = choose_units("what are the stages of prophase I in meiosis", ranked,
                               [prophase, *stages, metaphase])  # fmt: skip
    assert format_answer(composition).split("\n") == [
        "1. Leptotene: chromosomes begin to condense [1].",
        "2. Zygotene: homologs pair (synapsis) [1].",
        "3. Pachytene: crossing over between non-sister chromatids [1].",
    ]


def test_sentences_of_one_paragraph_are_quoted_in_the_paragraph_s_order() -> None:
    """ "How was French society legally organised…?" quoted "Its organising principle was
    privilege…" before the sentence it follows, "Legally it was a society of orders…"."""
    from rag.answer.extractive import in_reading_order

    paragraph = (
        "France had roughly 28 million inhabitants, most of them peasants. Legally it was a "
        "society of orders: a hierarchy of corporate groups. Its organising principle was "
        "privilege, a legal advantage attached to a group."
    )
    _, orders, privilege = split_units(0, paragraph, "2. The Society of Orders")
    (elsewhere,) = split_units(1, "The Charter of 1814 guaranteed legal equality to all.")
    assert in_reading_order([privilege, elsewhere, orders]) == [orders, privilege, elsewhere]
    assert in_reading_order([elsewhere, privilege]) == [elsewhere, privilege]
    # Sentences that name their subject keep their order: the best answer stays first.
    first, named = split_units(0, "Brewer conjectured CAP in 2000. Gilbert and Lynch proved it.")
    assert in_reading_order([named, first]) == [named, first]


def test_a_list_under_its_own_label_line_is_the_one_the_sentence_before_introduces() -> None:
    """ "What were the main stages of Napoleon's invasion of Russia in 1812?" quoted
    "Napoleon resolved to force Russia back into line." and none of the seven dated steps
    under "The campaign unfolded thus:" (a student's probe)."""
    from rag.answer.lists import list_introduced

    text = (
        "The Tilsit alliance decayed quickly. Napoleon resolved to force Russia back into "
        "line.\n\nThe campaign unfolded thus:\n\n"
        "1. **24 June 1812**: the Grande Armée crosses the Niemen.\n"
        "2. **7 September**: at Borodino the Russians under Kutuzov stand and fight.\n"
    )
    units = split_units(0, text, "7. Russia")
    resolved = next(u for u in units if u.text.startswith("Napoleon resolved"))
    steps = list_introduced(resolved, units)
    assert [u.ordinal for u in steps] == [1, 2]


def test_a_list_the_paragraph_announces_at_its_end_is_the_one_its_opening_introduces() -> None:
    """ "What are the three ways the complement system can get switched on?" quoted
    "Jules Bordet showed in the 1890s…", the paragraph's opening, and no pathway: its last
    sentence, "Three pathways lead to the same central event, the cleavage of C3:",
    announces them (a student's probe of an immunology course)."""
    from rag.answer.lists import list_introduced

    text = (
        "Jules Bordet showed in the 1890s that fresh serum lyses bacteria. Ehrlich named it "
        "complement. It is a cascade of more than 30 proteins. Three pathways lead to the "
        "same central event, the cleavage of C3:\n\n"
        "- **Classical pathway** — C1q binds antibody attached to a surface.\n"
        "- **Lectin pathway** — mannose-binding lectin binds microbial sugars.\n"
        "- **Alternative pathway** — C3 hydrolyses spontaneously at a low rate.\n"
    )
    units = split_units(0, text, "7. The complement system")
    bordet = units[0]
    assert [u.subject for u in list_introduced(bordet, units)] == [
        "Classical pathway",
        "Lectin pathway",
        "Alternative pathway",
    ]
    # Without the announcing sentence, a list that far on is not the opening's.
    plain = text.replace("Three pathways lead to the same central event, the cleavage of C3:",
                         "It was named in 1899.")  # fmt: skip
    units = split_units(0, plain, "7. The complement system")
    assert list_introduced(units[0], units) == []
    # A table right after the sentence, under its own header row, is introduced by it.
    table = (
        "Gell and Coombs proposed the four-type classification in 1963.\n\n"
        "| Type | Main mediator |\n|---|---|\n| I (immediate) | IgE |\n| II (cytotoxic) | IgG |\n"
    )
    units = split_units(0, table, "14. Hypersensitivity")
    assert [u.subject for u in list_introduced(units[0], units)] == [
        "I (immediate)",
        "II (cytotoxic)",
    ]


def test_a_sentence_of_a_paragraph_that_opens_on_the_name_explains_it() -> None:
    """ "How did Meselson and Stahl's experiment rule out the dispersive model of
    replication?" was refused: the sentence that answers says "ruling out dispersive
    replication" in a paragraph that names Meselson in its first sentence."""
    paragraph = (
        "In 1958 Matthew Meselson and Franklin Stahl grew E. coli on heavy nitrogen. "
        "After two generations there were two bands, intermediate and light, ruling out "
        "dispersive replication."
    )
    _, result = split_units(0, paragraph, "3. DNA replication")
    weights = {"dispers": 4.1, "meselson": 3.6, "stahl": 3.6, "experi": 3.0, "replic": 2.5}
    question = "How did Meselson and Stahl's experiment rule out the dispersive model?"
    assert explains(question, [ScoredUnit(result, 0.58, 0.69, 0.57, weights)], weights)
    other = split_units(0, "Dispersive replication was ruled out by density bands.")[0]
    assert not explains(question, [ScoredUnit(other, 0.58, 0.69, 0.57, weights)], weights)


def test_a_question_naming_an_item_gets_that_item_not_the_whole_list() -> None:
    units = split_units(0, TRAINING)
    optimization = next(u for u in units if u.text.startswith("Optimization"))
    ranked = scored([optimization], [0.8], {"optim": 3.0})
    composition = choose_units("Which optimizers are used?", ranked, units)
    assert [u.text for u in composition.units] == ["Optimization: Adam, AdamW, LAMB."]


def test_examples_asked_for_are_gathered_from_every_passage_that_names_them() -> None:
    # "which AI music tools are mentioned" got one document's list; another names
    # MuseNet and Magenta, and a third names frameworks, which were not asked for.
    (tools,) = split_units(0, "## Music Generation\n\n- Tools: AIVA, Amper Music, MusicLM.\n")
    (pioneers,) = split_units(
        1, "Tools like OpenAI's MuseNet and Google's Magenta can compose original pieces."
    )
    (frameworks,) = split_units(
        2, "Students build music tools or composers with frameworks like TensorFlow, PyTorch."
    )
    weights = {"music": 1.7, "tool": 2.1}
    ranked = scored([tools, frameworks, pioneers], [0.65, 0.55, 0.548], weights)
    units = [tools, pioneers, frameworks]
    composition = choose_units("which AI music tools are mentioned", ranked, units)
    assert [u.text for u in composition.units] == [tools.text, pioneers.text]
    # A question for one thing is answered by the best unit alone.
    single = choose_units("what does AIVA do", ranked, units)
    assert [u.text for u in single.units] == [tools.text]


def test_a_when_question_in_the_present_tense_is_answered_by_the_condition() -> None:
    # A blind game theory course: "when does the challenger make a demand" was answered
    # with the set-up ("A Challenger decides whether to make a Demand… or Yield if
    # challenged"), which matched it best, not with the condition two lines on.
    text = (
        "A Challenger decides whether to make a Demand on a Defender or do Nothing; the "
        "Defender decides whether to Resist or Yield if challenged. The Defender is resolute "
        "with probability p. In equilibrium the Challenger demands if p < 1/3 and does "
        "nothing if p > 1/3."
    )
    setup, _, condition = split_units(0, text, "4. Bayesian games")
    ranked = scored([setup, condition], [0.61, 0.45], {"challeng": 2.5, "demand": 2.0})
    question = "in the crisis bargaining example when does the challenger make a demand"
    assert choose_units(question, ranked, [setup, condition]).units[0] == condition
    # A question that asks for no condition keeps the best-matching unit first.
    assert choose_units("what did the challenger demand", ranked, [setup]).units[0] == setup


def test_a_term_the_student_quotes_is_named_by_the_unit_that_leads() -> None:
    # A blind thermodynamics course: "what exactly does 'quality' mean for a saturated
    # liquid vapor mixture" was answered with a line on the mixture, which matched the
    # rest of the question best, not with the line defining quality.
    mixture, quality = split_units(
        0,
        "- Saturated liquid–vapour mixture: vapour forms while the temperature stays at "
        "100 °C.\n- In the mixture region we need the quality x, the ratio of vapour mass "
        "to total mass.\n",
    )
    ranked = scored([mixture, quality], [0.46, 0.45], {"qualiti": 2.0, "mixtur": 1.5})
    question = "what exactly does 'quality' mean for a saturated liquid vapor mixture"
    assert choose_units(question, ranked, [mixture, quality]).units[0] == quality
    unquoted = "what happens in a saturated liquid vapor mixture"
    assert choose_units(unquoted, ranked, [mixture, quality]).units[0] == mixture


def test_why_a_thing_is_called_so_is_answered_by_where_its_name_comes_from() -> None:
    # "Why is a foundation model called a "foundation" model?" (bundled train) quoted who
    # popularised the term, the best match, not the sentence saying why the name.
    text = (
        "Foundation model is a term popularized by an institute at Stanford University. It "
        "refers to AI systems with broad capabilities. In other words, the original model "
        "provides a base (hence “foundation”) on which other things can be built."
    )
    term, _, reason = split_units(0, text, "Foundation Models")
    ranked = scored([term, reason], [0.78, 0.58], {"foundat": 2.0, "call": 0.5})
    for question in (
        'Why is a foundation model called a "foundation" model?',
        "why is it called a foundaton model, whats the idea behind the naem",
    ):
        assert choose_units(question, ranked, [term, reason]).units[0] == reason
    # Quoted first, the sentence drops the lead-in that points at the one before it.
    answer = format_answer(choose_units(question, ranked, [term, reason]))
    assert answer.startswith("The original model provides a base (hence “foundation”)")
    assert choose_units("who popularized the term", ranked, [term, reason]).units[0] == term
    # "why on earth is it called the ZEROTH law?? who named it that" (thermodynamics).
    (recognised, fowler) = split_units(
        0,
        "Defining temperature rests on an observation only recognised as a law after the "
        "first and second laws had been named. R. H. Fowler gave it its curious name in the "
        "1930s, arguing that it is logically prior to the other laws.",
    )
    ranked = scored([recognised, fowler], [0.51, 0.39], {"zeroth": 2.5, "law": 1.0})
    question = "why on earth is it called the ZEROTH law?? who named it that"
    assert choose_units(question, ranked, [recognised, fowler]).units[0] == fowler


def test_a_why_question_answered_by_a_conclusion_gets_the_sentences_that_lead_to_it() -> None:
    # A blind distributed systems course: "why is 2PC called a blocking protocol… what goes
    # wrong if the coordinator dies" was answered "2PC is therefore a blocking protocol."
    text = (
        "One node acts as coordinator. If the coordinator crashes after participants have "
        "voted YES, they are stuck in doubt. They must hold their locks and wait until the "
        "coordinator recovers. 2PC is therefore a blocking protocol."
    )
    units = split_units(0, text, "Two-phase commit")
    conclusion = units[-1]
    ranked = scored([conclusion], [0.36], {"2pc": 2.5, "block": 2.0})
    question = "why is 2PC called a blocking protocol? what goes wrong if the coordinator dies?"
    assert [u.text for u in choose_units(question, ranked, units).units] == [
        u.text for u in units[1:]
    ]
    # Asked what it is, the conclusion is the answer; a mid-sentence "and therefore" draws
    # no conclusion from the sentence before.
    assert choose_units("what kind of protocol is 2PC", ranked, units).units == [conclusion]
    (rain,) = split_units(0, "Rain gauges were sent so that rainfall, and therefore tax, was fair.")
    alone = choose_units("why were rain gauges sent", scored([rain], [0.5], {"gaug": 2.0}), [rain])
    assert alone.units == [rain]


def test_a_sentence_that_only_names_what_was_asked_comes_with_those_that_explain_it() -> None:
    # A blind game theory course: "what's the chain-store paradox" was answered "Selten
    # himself noticed a puzzle, the chain-store paradox (1978)." alone.
    text = (
        "Selten himself noticed a puzzle, the chain-store paradox (1978). Suppose an "
        "incumbent with stores in twenty towns faces a potential entrant in each town. "
        "Backward induction says it should accommodate in the last town: it never fights. "
        "Yet fighting early to build a reputation for toughness could pay."
    )
    units = split_units(0, text, "Subgame Perfect Equilibrium")
    named = units[0]
    ranked = scored([named], [0.8], {"chain-stor": 3.0, "paradox": 2.5})
    answer = choose_units("what's the chain-store paradox", ranked, units).units
    assert [u.text for u in answer][1:] == [u.text for u in units[1:]]
    # Named as the sentence's subject, or asked something else, it stands alone.
    assert choose_units("who noticed the chain-store paradox", ranked, units).units == [named]
    (subject, *rest) = split_units(
        0, "The chain-store paradox (1978) is Selten's puzzle. Suppose an incumbent has stores."
    )
    alone = scored([subject], [0.8], {"chain-stor": 3.0, "paradox": 2.5})
    assert choose_units("what is the chain-store paradox", alone, [subject, *rest]).units == [
        subject
    ]


def test_what_happens_answered_by_where_comes_with_the_sentences_and_steps_after() -> None:
    # A newcomer's own course: "What happens in the light-dependent reactions?" was
    # answered with where they take place, not the steps the paragraph announces.
    text = (
        "The light-dependent reactions take place in the thylakoid membranes. Their job is "
        "to convert light energy into ATP and NADPH. The sequence runs as follows:\n\n"
        "1. Light excites an electron in photosystem II.\n"
        "2. An enzyme splits water into electrons, hydrogen ions and oxygen.\n\n"
        "Some electrons take a cyclic route around photosystem I."
    )
    units = split_units(0, text, "The light-dependent reactions")
    where = units[0]
    ranked = scored([where], [0.9], {"light-depend": 2.0, "reaction": 1.0})
    answer = choose_units("What happens in the light-dependent reactions?", ranked, units)
    assert [u.text for u in answer.units] == [u.text for u in units[:5]]
    assert "cyclic" not in " ".join(u.text for u in answer.units)
    # Asked where, the sentence that says where stands alone.
    asked_where = choose_units("Where do the light-dependent reactions take place?", ranked, units)
    assert asked_where.units == [where]


def test_a_yes_no_question_leads_with_the_sentence_stating_what_it_asks() -> None:
    # A blind game theory course: "does every game have a nash equilibrium?" was answered
    # with a table row on subgame perfection, a hair above the existence theorem.
    (row,) = split_units(
        0,
        "| Concept | Key requirement |\n|---|---|\n"
        "| Subgame perfect equilibrium | Nash equilibrium in every subgame |",
    )
    (theorem,) = split_units(
        1,
        "Nash's existence theorem (1950) states that every game with finitely many "
        "players has at least one Nash equilibrium.",
    )
    ranked = scored([row, theorem], [0.784, 0.774], {"game": 1.5, "nash": 2.0})
    question = "does every game have a nash equilibrium?"
    assert choose_units(question, ranked, [row, theorem]).units[0] == theorem
    # Asked what it is, the row stays first; far below the best, the sentence waits.
    assert (
        choose_units("what is subgame perfect equilibrium", ranked, [row, theorem]).units[0] == row
    )
    far = scored([row, theorem], [0.784, 0.6], {"game": 1.5, "nash": 2.0})
    assert choose_units(question, far, [row, theorem]).units[0] == row


def test_an_item_of_the_same_list_about_the_other_key_word_joins_the_best() -> None:
    text = (
        "## Tools and Frameworks\n\n"
        "- Core Libraries: Hugging Face Transformers, Diffusers, PyTorch.\n"
        "- Creative Tools: RunwayML, ComfyUI.\n"
        "- Fine-tuning: PEFT, LoRA, Hugging Face Trainer.\n"
    )
    units = split_units(0, text)
    core, creative, fine_tuning = units
    weights = {"fine-tun": 1.9, "librari": 3.4, "tool": 2.1, "list": 1.5}
    # "Creative Tools" is about "tools", which the heading above every item names.
    ranked = scored([core, fine_tuning, creative], [0.52, 0.37, 0.36], weights)
    question = "Which fine-tuning libraries does the course list under tools?"
    composition = choose_units(question, ranked, units)
    assert composition.units == [core, fine_tuning] and composition.as_list
    # Too far below the best, it stays out.
    ranked = scored([core, fine_tuning], [0.52, 0.2], weights)
    assert choose_units(question, ranked, units).units == [core]


def test_a_comparison_gets_one_unit_per_side() -> None:
    text = (
        "- GANs: Two networks compete (Generator vs. Discriminator).\n"
        "- VAEs: Encoder compresses data into latent vectors; decoder reconstructs.\n"
        "- GANs, VAEs, and transformers are foundational to generative AI.\n"
    )
    units = split_units(0, text)
    generic = units[2]
    ranked = scored([generic, units[0], units[1]], [0.9, 0.6, 0.5], {"gan": 2.0, "vae": 2.0})
    assert comparison_sides("What is the difference between GANs and VAEs?") == ("GANs", "VAEs")
    composition = choose_units("What is the difference between GANs and VAEs?", ranked, units)
    assert [u.text[:5] for u in composition.units] == ["GANs:", "VAEs:"]


def test_a_comparison_side_is_what_it_is_or_does_not_when_it_came() -> None:
    """ "whats the difference between bert and gpt" was "Released in 2018, … (BERT) was one
    of the first foundation models" and "The … (GPT) model was developed by OpenAI in
    2018": two dates, no difference (a student's probe, session 55)."""
    text = (
        "## BERT\n\nReleased in 2018, Bidirectional Encoder Representations from "
        "Transformers (BERT) was one of the first foundation models. BERT is a bidirectional "
        "model that analyzes the context of a complete sequence.\n\n## Models\n\n"
        "- Large Language Models (LLMs): GPT series, LLaMA, Claude, Mistral.\n\n"
        "## GPT\n\nThe GPT model was developed by OpenAI in 2018. Models like GPT, T5, and "
        "PaLM generate paragraphs by predicting the next word in a sequence.\n"
    )
    units = split_units(0, text)
    released, bidirectional, llms, developed, predicting = units
    weights = {"bert": 2.0, "gpt": 2.0}
    ranked = scored(
        [released, bidirectional, llms, developed, predicting], [0.56, 0.46, 0.45, 0.44, 0.3],
        weights,
    )  # fmt: skip
    question = "whats the difference between bert and gpt"
    assert choose_units(question, ranked, units).units == [bidirectional, predicting]
    # A list naming GPT among others says less of it than a date does.
    ranked = scored([released, bidirectional, llms, developed], [0.56, 0.46, 0.45, 0.44], weights)
    assert choose_units(question, ranked, units).units == [bidirectional, developed]


@pytest.mark.parametrize(
    "question",
    [
        "How is a GAN different from a VAE?",
        "How do GANs differ from VAEs?",
        "GANs vs. VAEs?",
        "GANs versus VAEs: what's the difference?",  # answered with the GAN side only before
        "What is better, GANs vs VAEs?",
    ],
)
def test_a_comparison_is_read_in_its_usual_wordings(question: str) -> None:
    sides = comparison_sides(question)
    assert sides is not None and "GAN" in sides[0] and "VAE" in sides[1]


@pytest.mark.parametrize(
    ("question", "several"),
    [("Which optimizers are used?", True), ("What are the stages of the pipeline?", True),
     ("What prerequisites does the section expect?", True), ("What is a GAN?", False),
     ("What does FID measure?", False)],
)  # fmt: skip
def test_questions_asking_for_several_things(question: str, several: bool) -> None:
    assert asks_for_several(question) is several


def test_near_repeats_are_left_out_of_a_prose_answer() -> None:
    text = "Adam is an optimizer used in training. Adam is an optimizer used for training.\n"
    units = split_units(0, text)
    ranked = scored(units, [0.9, 0.89], {"adam": 2.0})
    assert len(choose_units("What is Adam?", ranked, units).units) == 1


def test_citations_are_renumbered_by_first_use() -> None:
    assert renumber_citations("A [3]. B [5][3]. C [1, 5].") == (
        "A [1]. B [2][1]. C [3][2].",
        [3, 5, 1],
    )


def test_streamed_citations_are_renumbered_even_when_split_across_pieces() -> None:
    renumber = StreamingRenumberer()
    shown = "".join(renumber.feed(p) for p in ["GANs compete [", "4", "]. VAEs [2", "][4]."])
    shown += renumber.flush()
    assert shown == "GANs compete [1]. VAEs [2][1]."
    assert renumber.order == [4, 2]


PASSAGE = "FID (Fréchet Inception Distance) measures the realism of generated images in 2017."


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("FID measures the realism of generated images [1].", True),
        ("FID measures realism of images, introduced in 2017 [1].", True),
        ("FID was introduced in 2019 [1].", False),  # a number the passage does not state
        ("FID was invented by OpenAI to grade chatbots [1].", False),  # an invented claim
        ("FID measures the realism of generated images.", False),  # cites nothing
        ("FID measures realism [2].", False),  # cites a passage that was not retrieved
    ],
)
def test_support_verdict_of_one_sentence(sentence: str, supported: bool) -> None:
    verdict = check_sentence(sentence, {1: PASSAGE})
    assert verdict.supported is supported
    if supported:
        assert verdict.evidence is not None and verdict.evidence[0] == 1


@pytest.mark.parametrize(
    ("answer", "quoted", "question", "dropped"),
    [
        # The train misses of the 1.5B model: a faithful sentence without what was asked.
        ("Mixtral and Switch Transformers are examples of sparse models with expert routing.",
         ["Mixture of Experts (MoE): Sparse models with expert routing (Mixtral, Switch Transformers)."],
         "What are Mixtral and Switch Transformers examples of?", ["MoE"]),
        ("The loss function measures generation quality.",
         ["Loss Function: Measures generation quality (cross-entropy, KL-divergence)."],
         "Which loss functions measure how good the generated output is?",
         ["KL-divergence", "cross-entropy"]),
        ("BLOOM can write text in 46 languages.",
         ["BLOOM can create text in 46 languages and write code in 13 programming languages."],
         "How many languages can BLOOM write in?", ["13"]),
        # Kept: every fact stated, in other words or as its acronym or expansion.
        ("A Mixture of Experts (sparse expert routing).",
         ["MoE: Sparse models with expert routing."], "What is sparse routing?", []),
        ("FID measures the realism of generated images.",
         ["Fréchet Inception Distance (FID): Realism of generated images."],
         "What does FID measure?", []),
        ("Losses such as KL divergence and cross entropy measure quality.",
         ["Loss Function: Measures generation quality (cross-entropy, KL-divergence)."],
         "Which loss functions are used?", []),
        # What the question already says is no fact the answer must repeat.
        ("They write text.", ["GPT-4 and Claude write text."], "What do GPT-4 and Claude do?", []),
    ],
)  # fmt: skip
def test_facts_an_llm_answer_dropped_from_the_evidence(
    answer: str, quoted: list[str], question: str, dropped: list[str]
) -> None:
    assert dropped_facts(answer, quoted, question) == dropped


def test_the_questions_own_words_and_other_dashes_count_as_found() -> None:
    # Modelled on local-model sentences of the train split that restate the question.
    passage = {1: "Generative AI\nMetrics\nPerplexity: Predictive efficiency for LLMs."}
    sentence = "Perplexity is used to evaluate and compare the predictive efficiency of LLMs [1]."
    assert not check_sentence(sentence, passage).supported
    asked = set(tokenize("What is perplexity used to evaluate and compare?"))
    assert check_sentence(sentence, passage, asked=asked).supported
    # A name or number the question gives must still be in the passage.
    invented = "Perplexity was introduced with GPT-5 in 2031 [1]."
    verdict = check_sentence(invented, passage, asked=set(tokenize("GPT-5 perplexity")))
    assert not verdict.supported and {"2031", "GPT-5"} <= set(verdict.missing)
    # Repeating the question with nothing of the passage's is no support.
    course = {1: "Course outline\nAI Writing and Content: Creative writing, script writing."}
    denial = "The course does not cover using AI for screenwriting [1]."
    asked_cover = set(tokenize("does the course cover using AI for screenwriting?"))
    assert not check_sentence(denial, course, asked=asked_cover).supported
    timeline = {1: "3. Evolution\n2014–2017: GANs & VAEs, DALL·E."}
    assert check_sentence("GANs and VAEs: 2014-2017, DALL-E [1].", timeline).supported


def test_a_paraphrase_passes_on_similarity_when_the_caller_measured_it() -> None:
    sentence = "FID rates how lifelike the produced pictures look [1]."
    assert not check_sentence(sentence, {1: PASSAGE}).supported
    assert not check_sentence(sentence, {1: PASSAGE}, similarity=0.9).supported  # coverage < 0.5
    close = "FID measures how realistic the generated pictures are [1]."
    assert check_sentence(close, {1: PASSAGE}, similarity=0.8).supported


def test_answer_sentences_split_lists_and_prose_and_unsupported_ones_can_be_dropped() -> None:
    answer = "FID measures the realism of generated images [1]. It was made by OpenAI [1].\n- a list item [1]"
    assert answer_sentences(answer) == [
        "FID measures the realism of generated images [1].",
        "It was made by OpenAI [1].",
        "- a list item [1]",
    ]
    verdicts = check_answer(answer, {1: PASSAGE + " a list item"})
    assert [v.supported for v in verdicts] == [True, False, True]
    assert drop_unsupported(answer, verdicts) == (
        "FID measures the realism of generated images [1].\n- a list item [1]"
    )
    assert verdicts[1].to_dict()["supported"] is False


class InventingGenerator:
    """A generator stub for the one case a real model cannot be made to show on demand:
    an answer with one supported and one invented sentence (see test below)."""

    name = "stub-llm"
    note = ""

    def stream(
        self, question: str, passages: Sequence[Passage], evidence: object = None
    ) -> Iterator[str]:
        fid = next(i for i, p in enumerate(passages, start=1) if "realism" in p.text.lower())
        other = next(i for i in range(1, len(passages) + 1) if i != fid)
        yield f"FID was invented in 1987 by a cooking school [{other}]. "
        yield f"FID is about the realism of generated images [{fid}]."


def test_an_invented_sentence_is_marked_unsupported_and_can_be_dropped(
    corpus_assistant: Assistant,
) -> None:
    chain = AnswerChain(corpus_assistant.retriever, InventingGenerator(), corpus_assistant.settings)
    answer = chain.invoke("What does FID measure?")
    assert not answer.abstained
    assert [s.supported for s in answer.sentences] == [False, True]
    assert answer.unsupported == ["FID was invented in 1987 by a cooking school."]
    # Renumbered by first use: the invented sentence's passage is [1], FID's is [2].
    assert [c.n for c in answer.citations] == [1, 2]
    assert "realism" in answer.citations[1].passage.text.lower()
    data = answer.to_dict()
    assert data["sentences"][0]["supported"] is False
    assert data["sentences"][1]["evidence"]["passage"] == 2
    # The offsets point into the cited passage's own text, at the row the sentence uses.
    span = data["sentences"][1]["evidence"]
    cited_text = data["citations"][1]["text"]
    assert "realism" in cited_text[span["start"] : span["end"]].lower()

    strict = corpus_assistant.settings.model_copy(update={"drop_unsupported": True})
    dropped = AnswerChain(corpus_assistant.retriever, InventingGenerator(), strict).invoke(
        "What does FID measure?"
    )
    assert "cooking" not in dropped.answer and "realism" in dropped.answer
    assert any("left out 1 sentence" in w for w in dropped.warnings)
    # The passage only the dropped sentence cited is gone from the sources, no gap left.
    assert [c.n for c in dropped.citations] == [1]
    assert [s.supported for s in dropped.sentences] == [True]


def test_the_readme_example_is_answered_with_the_fact_through_the_cli(
    corpus_assistant: Assistant,
) -> None:
    data_dir = str(corpus_assistant.settings.data_dir)
    env = {**os.environ, "RAG_DATA_DIR": data_dir, "RAG_QUERY_LOG": "false", "HF_HUB_OFFLINE": "1"}
    ask = [sys.executable, "-m", "rag.cli", "ask", "What does FID measure?"]
    result = subprocess.run([*ask, "--json"], capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert not answer["abstained"]
    assert "realism" in answer["answer"].lower()
    assert [c["n"] for c in answer["citations"]] == list(range(1, len(answer["citations"]) + 1))
    assert all(s["supported"] for s in answer["sentences"])
    text = subprocess.run(ask, capture_output=True, text=True, env=env, timeout=180)
    assert text.returncode == 0 and "realism" in text.stdout.lower() and "[1]" in text.stdout


def test_a_mixed_off_topic_question_is_refused_in_plain_words(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("How do generative models help in cooking new recipes?")
    assert answer.abstained
    assert answer.answer == "The course material doesn't cover this. Closest passages:"
    assert "evidence" in answer.reason or "key words" in answer.reason  # numbers stay in --json
    scores = [p.score for p in answer.closest]
    assert scores == sorted(scores, reverse=True)


def test_a_question_in_the_text_is_never_an_answer_unit() -> None:
    units = split_units(0, "When machines create, who owns the art? Ownership stays unclear.\n")
    assert [u.text for u in units] == ["Ownership stays unclear."]


def test_a_title_case_line_is_context_but_a_sequence_of_stages_is_content() -> None:
    text = (
        "Exploring the Creative Power of Machines through Generative Artificial Intelligence\n\n"
        "Data Collection → Preprocessing → Model Training → Deployment\n"
    )
    units = split_units(0, text, "Intro")
    assert [u.text for u in units] == [
        "Data Collection → Preprocessing → Model Training → Deployment."
    ]
    assert units[0].context.endswith("Exploring the Creative Power of Machines through "
                                     "Generative Artificial Intelligence")  # fmt: skip


def test_a_when_question_leads_with_the_unit_that_has_the_years() -> None:
    from rag.answer.decide import asks_for_number
    from rag.answer.numbers import states_date, states_number

    assert asks_for_number("In the timeline, when did GANs and VAEs appear?")
    assert asks_for_number("How many languages can BLOOM write in?")
    assert not asks_for_number("Which optimizers are used when training models?")
    assert states_number("46 languages") and not states_number("GPT-4 and Beyond")
    # A year is no count nor speed: "How fast does the AV node conduct…" is not "…in 1906".
    assert not states_number("2014–2017: GANs & VAEs") and states_date("2014–2017: GANs & VAEs")
    text = "- GANs and VAEs power modern AI creativity.\n- 2014–2017: GANs & VAEs appear.\n"
    units = split_units(0, text)
    ranked = scored(units, [0.8, 0.7], {"gan": 2.0, "vae": 2.0, "appear": 1.0})
    lead = choose_units("When did GANs and VAEs appear?", ranked, units).units[0]
    assert lead.text.startswith("2014")


def test_an_item_about_the_asked_thing_is_not_padded_with_sentences_using_the_word() -> None:
    text = (
        "- Optimization: Adam, AdamW, LAMB.\n\n"
        "By optimizing millions of parameters, these models capture creative processes.\n"
    )
    units = split_units(0, text)
    ranked = scored(units, [0.8, 0.78], {"optim": 3.0})
    chosen = choose_units("Which optimizers are used?", ranked, units).units
    assert [u.text for u in chosen] == ["Optimization: Adam, AdamW, LAMB."]


def test_a_quoted_sentence_is_supported_by_the_passage_it_quotes() -> None:
    """Two verbatim quotes of a blind virology course were flagged "Not supported": "US"
    is a stopword to the stemmer, and a bold label "Cap-snatching." ended a sentence."""
    from rag.answer.support import check_answer

    passage = {1: "- **Cap-snatching.** The polymerase binds caps. On 5 June 1981 the US CDC…"}
    answer = "Cap-snatching. The polymerase binds caps [1]. On 5 June 1981 the US CDC… [1]."
    assert [v.supported for v in check_answer(answer, passage)] == [True, True]
    (made_up,) = check_answer("The UK CDC reported it in 1981 [1].", passage)
    assert made_up.missing == ["UK"]
    # A name inside a hyphenated word: "CoA" of "acetyl-CoA" (session 55, in the app).
    step = "Transition step: each pyruvate is joined to coenzyme A, giving 2 acetyl-CoA."
    (quoted,) = check_answer(f"{step[:-1]} [1].", {1: f"2. **Transition step**: {step[17:]}"})
    assert quoted.supported, quoted.missing
    (other,) = check_answer("It gives 2 acetyl-CoB [1].", {1: step})
    assert not other.supported


def test_a_question_word_the_material_never_uses_is_matched_in_the_form_it_does_use() -> None:
    from rag.answer.wordforms import attested_variant

    stats = TermStatistics(
        10, {"rhythmic": 1, "harmon": 1, "music": 3, "qualit": 2, "qualiti": 4,
             "beginner-level": 1}
    )  # fmt: skip
    assert attested_variant("rhythm", stats) == "rhythmic"  # a longer form
    assert attested_variant("harmoni", stats) == "harmon"  # a shorter one
    assert attested_variant("qualit", stats) == "qualit"  # its own documents: kept
    assert attested_variant("level", stats) == "beginner-level"  # a part of a hyphenated word
    assert attested_variant("cook", stats) == "cook"  # too short to guess
    # A longer word made of the term and another word is another word.
    compound = TermStatistics(10, {"framework": 3, "work": 4})
    assert attested_variant("frame", compound) == "frame"
    # But not by a one- or two-letter rest ("et" of "et al."), and a form of the word
    # comes before a hyphenated compound holding it: "params" are parameters.
    params = TermStatistics(10, {"paramet": 2, "parameter-effici": 2, "et": 3})
    assert attested_variant("param", params) == "paramet"
    # The look-up index belongs to one collection: another one's terms are its own.
    assert attested_variant("rhythm", TermStatistics(5, {"rhythmical": 2})) == "rhythmical"
    assert attested_variant("rhythm", stats) == "rhythmic"
    question = "What types of models learn the rhythm and harmony of music?"
    weights = question_weights(question, stats)
    sentence = "Music models such as RNNs learn rhythmic, harmonic structures."
    assert {"rhythmic", "harmon"} <= weights.keys()
    assert term_coverage(weights, sentence) == pytest.approx(
        1.0 - weights["type"] / sum(weights.values())
    )


def test_a_sentence_naming_the_asked_things_as_examples_is_led_by_its_heading() -> None:
    text = (
        "## Natural Language Generation\n\n"
        "Models like GPT, T5, and PaLM generate text by predicting the next word.\n\n"
        "## Generative AI\n\nGenerative AI creates new content from learned patterns.\n"
    )
    nlg, generative = split_units(0, text)
    weights = {"t5": 3.4, "palm": 3.9}
    composition = choose_units("What are T5 and PaLM?", scored([nlg], [0.7], weights), [nlg])
    assert format_answer(composition) == (
        "Natural Language Generation: Models like GPT, T5, and PaLM generate text by "
        "predicting the next word [1]."
    )
    # A sentence about the asked thing, or another kind of question, is quoted as is.
    ranked = scored([generative], [0.9], {"generat": 1.0, "ai": 1.0})
    assert choose_units("What is generative AI?", ranked, [generative]).units == [generative]
    ranked = scored([nlg], [0.7], weights)
    assert choose_units("Which models predict the next word?", ranked, [nlg]).units == [nlg]


def test_a_sentence_opening_with_a_pronoun_is_led_by_the_heading_it_refers_to() -> None:
    """ "How many layers did the first GPT model have?" was answered "It uses a 12-layer
    transformer decoder…": the student cannot tell what "it" is (train split)."""
    text = (
        "## GPT\n\nThe GPT model was developed by OpenAI in 2018. "
        "It uses a 12-layer transformer decoder with self-attention.\n"
    )
    developed, layers = split_units(0, text)
    weights = {"layer": 3.9, "gpt": 2.5}
    question = "How many layers did the first GPT model have?"
    composition = choose_units(question, scored([layers], [0.4], weights), [developed, layers])
    assert format_answer(composition) == (
        "GPT: It uses a 12-layer transformer decoder with self-attention [1]."
    )
    # A sentence that names its subject is quoted as is.
    ranked = scored([developed], [0.4], weights)
    assert choose_units("Who developed GPT?", ranked, [developed]).units == [developed]
    # A joining word before the pronoun goes with it (blind train question).
    text = "## GPT\n\nThe GPT model came in 2018. And it was trained on the BookCorpus dataset.\n"
    _, trained = split_units(0, text)
    weights = {"dataset": 3.0, "gpt": 2.5, "train": 1.4}
    question = "What dataset was the first GPT trained on?"
    composition = choose_units(question, scored([trained], [0.4], weights), [trained])
    assert format_answer(composition) == "GPT: It was trained on the BookCorpus dataset [1]."
    # Not only the first sentence of an answer (a helper reading answers as a student).
    from rag.answer.headed import pronoun_named

    assert pronoun_named(trained).text == "GPT: It was trained on the BookCorpus dataset."
    came = split_units(0, text)[0]
    assert pronoun_named(came) == came  # it names its subject


def test_a_definition_leaving_its_subject_to_the_heading_is_quoted_under_it() -> None:
    """ "AI models that understand and generate across multiple types of data
    simultaneously [2]." closed an answer as a fragment (a helper in the app)."""
    from rag.answer.headed import pronoun_named

    text = (
        "# Multimodal Models\n\nAI models that understand and generate across **multiple "
        "types of data** simultaneously.\n\n## Uses\n\nModels that read images are used "
        "in medicine.\n"
    )
    defining, *rest = split_units(0, text)
    assert pronoun_named(defining).text == (
        "Multimodal Models: AI models that understand and generate across multiple types of "
        "data simultaneously."
    )
    used = next(u for u in rest if u.text.startswith("Models that read"))
    assert pronoun_named(used) == used  # a whole sentence, its verb after the clause
    # An unlabelled list item too; a labelled one names its subject (a student's probe).
    text = (
        "## Music Generation\n\n- AI that composes music in specific styles or "
        "instruments.\n- Tools: AIVA, Amper Music, Google MusicLM.\n"
    )
    composes, tools = split_units(0, text)
    assert pronoun_named(composes).text == (
        "Music Generation: AI that composes music in specific styles or instruments."
    )
    assert pronoun_named(tools) == tools


def test_a_definition_of_another_heading_does_not_join_an_answer() -> None:
    """ "What is generative AI a type of?" ended with "Multimodal Models: AI models that
    understand and generate across multiple types of data…": its words ("AI",
    "generate") are the question's, but it defines its heading (session 55)."""
    text = (
        "# Foundation Models\n\nGenerative AI is a type of Artificial Intelligence that can "
        "produce content such as text and images.\n\n## Multimodal Models\n\nAI models "
        "that understand and generate across multiple types of data simultaneously.\n"
    )
    typed, multimodal = split_units(0, text)
    weights = {"generat": 2.0, "ai": 2.0, "type": 0.5}
    ranked = scored([typed, multimodal], [0.82, 0.75], weights)
    question = "What is generative AI a type of?"
    assert choose_units(question, ranked, [typed, multimodal]).units == [typed]
    # Asked about the heading, the same line answers, led by it.
    weights = {"multimodal": 3.0, "model": 1.0}
    ranked = scored([multimodal], [0.8], weights)
    composition = choose_units("What are multimodal models?", ranked, [typed, multimodal])
    assert format_answer(composition).startswith("Multimodal Models: AI models that")


def test_a_what_was_question_is_led_by_the_sentence_that_names_it_as_it_defines_it() -> None:
    """ "what was the brezhnev doctrine" was answered with "Abandonment of the Brezhnev
    Doctrine: in October 1989 his spokesman…", a line about its end (a student's probe
    of a cold war course, session 55)."""
    text = (
        "## 9. The Prague Spring\n\nThe justification became known as the **Brezhnev "
        "Doctrine** (set out in *Pravda* in September 1968): the socialist states had the "
        "right and duty to intervene when socialism in any one of them was threatened.\n\n"
        "## 12. The end\n\n4. **Abandonment of the Brezhnev Doctrine**: in October 1989 "
        "his spokesman called the new policy the Sinatra Doctrine.\n"
    )
    justification, abandonment = split_units(0, text)
    weights = {"brezhnev": 3.0, "doctrin": 2.0}
    ranked = scored([abandonment, justification], [1.05, 0.79], weights)
    for question in ("what was the brezhnev doctrine", "What is the Brezhnev Doctrine?"):
        chosen = choose_units(question, ranked, [justification, abandonment]).units
        assert chosen[0] == justification, question
    # Far below the best, it does not lead.
    ranked = scored([abandonment, justification], [1.05, 0.5], weights)
    question = "what was the brezhnev doctrine"
    chosen = choose_units(question, ranked, [justification, abandonment]).units
    assert chosen[0] == abandonment


def test_who_made_a_thing_is_answered_by_the_makers_line_alone() -> None:
    """ "Who introduced the transformer architecture?" was led by "Transformer
    Architecture: Self-attention, decoder-only models.", which names things but no
    maker, and lines describing transformers joined the makers' line (session 55)."""
    text = (
        "## Key Technologies\n\n- **Transformer Architecture**: Self-attention, "
        "decoder-only models.\n\n## Papers\n\n- Vaswani et al., *Attention Is All You "
        "Need* (2017) — introduced Transformers.\n\n## Models\n\nRoBERTa improves the "
        "performance of the transformer architecture. Transformers model dependencies "
        "across tokens.\n"
    )
    units = split_units(0, text)
    architecture, vaswani, roberta, tokens = units
    weights = {"architectur": 2.0, "transform": 1.5, "introduc": 0.8}
    ranked = scored([architecture, roberta, tokens, vaswani], [0.38, 0.3, 0.29, 0.23], weights)
    question = "Who introduced the transformer architecture?"
    assert choose_units(question, ranked, units).units == [vaswani]
    assert explains(question, ranked, weights)  # the makers' line, fourth or not


def test_what_noun_question_is_answered_by_a_unit_naming_that_noun() -> None:
    """ "What dataset was OpenAI's original GPT model trained on?" was answered with the
    sentence naming GPT, not the next one naming its dataset (blind train questions)."""
    from rag.answer.decide import asked_kind

    stats = TermStatistics(20, {"dataset": 2, "data": 5, "gpt": 3, "train": 6, "type": 4})
    text = (
        "## GPT\n\nThe GPT model was developed by OpenAI in 2018. "
        "And it was trained on the BookCorpus dataset.\n"
    )
    developed, trained = split_units(0, text)
    question = "What dataset was the original GPT model trained on?"
    chosen = select_evidence(question, [developed, trained], 1, stats)
    assert chosen[0].unit == trained
    # "data" is named by "dataset"; a framing noun or a plural list asks for no noun.
    assert asked_kind("What data was GPT trained on?", stats) == "data"
    assert asked_kind("What type is GPT?", stats, QUESTION_FRAME) == ""
    assert asked_kind("What tools are listed?", stats) == ""


def test_a_question_asking_which_models_are_examples_is_answered_by_a_unit_naming_them() -> None:
    """ "Which models are given as examples of natural language generation?" was answered
    with "Transformer models dominate modern language generation." over the sentence
    naming GPT, T5 and PaLM (train questions, three wordings)."""
    from rag.answer.decide import names_several
    from rag.answer.question_forms import asks_for_named_examples

    stats = TermStatistics(20, {"model": 12, "natur": 3, "languag": 6, "generat": 15,
                                "exampl": 4, "transform": 5, "gpt": 3})  # fmt: skip
    text = (
        "## Natural Language Generation\n\n"
        "- Transformer models dominate modern language generation.\n\n"
        "Models like GPT, T5, and PaLM generate paragraphs and stories.\n"
    )
    generic, naming = split_units(0, text)
    question = "Which models are given as examples of natural language generation?"
    assert select_evidence(question, [generic, naming], 1, stats)[0].unit == naming
    # Only plural kinds of named things; one model asked for, or a definition, is not it.
    assert not asks_for_named_examples("Which model is the example for audio to text?")
    assert not asks_for_named_examples("What are diffusion models?")
    assert asks_for_named_examples("Which companies does the course say make small LLMs?")
    assert names_several("Mistral, xAI, Cohere: Lightweight and efficient LLMs")
    assert names_several("Runway ML: Gen\u20112, Gen\u20113 for video")
    assert not names_several("Generative art, creative tools, design automation")


def test_how_do_two_things_differ_names_both_sides() -> None:
    assert comparison_sides("How do FID and BLEU differ in what they evaluate?") == ("FID", "BLEU")
    assert comparison_sides("How does a GAN differ from a VAE?") == ("a GAN", "a VAE")


def test_of_two_lines_saying_the_same_the_fuller_one_is_quoted() -> None:
    """ "What does FID measure?" quoted "Fréchet Inception Distance (FID) – for image
    realism." (0.749) over the row "…: Realism of generated images." (0.735); a student
    read the first as a fragment."""
    short = split_units(0, "- Fréchet Inception Distance (FID) – for image realism.\n")
    row = split_units(1, "| Metric | Description |\n|---|---|\n"
                         "| FID (Fréchet Inception Distance) | Realism of generated images |\n")  # fmt: skip
    weights = {"fid": 2.8, "measur": 1.2}
    ranked = scored([*short, *row], [0.749, 0.735], weights)
    assert choose_units("What does FID measure?", ranked, [*short, *row]).units == row
    # Not when the fuller line scores clearly lower.
    ranked = scored([*short, *row], [0.749, 0.6], weights)
    assert choose_units("What does FID measure?", ranked, [*short, *row]).units == short


def test_a_learning_objective_states_no_fact_unless_objectives_are_asked_for() -> None:
    """ "what does the course recommend for deploying gen ai apps" (train) led with the
    objective "Deploy generative AI applications responsibly."."""
    from rag.answer.evidence import ScoreWeights, best_first, score_units

    objectives = split_units(
        0, "## Learning Objectives\n\n- Deploy generative AI apps responsibly.\n"
    )
    tools = split_units(1, "## Tools\n\n- Deployment: FastAPI, Docker, cloud services.\n")
    units = objectives + tools
    deploy = {"deploy": 3.0, "app": 2.0, "recommend": 0.3}
    best = best_first(score_units(deploy, units, 2))[0]
    assert best.unit.text.startswith("Deployment:")
    # Asked for objectives, the objective keeps its whole score.
    goals = {"deploy": 3.0, "object": 2.0}
    unpenalised = ScoreWeights(goal=1.0)
    assert score_units(goals, objectives, 2)[0].score == pytest.approx(
        score_units(goals, objectives, 2, score_weights=unpenalised)[0].score
    )
    assert score_units(deploy, objectives, 2)[0].score == pytest.approx(
        0.6 * score_units(deploy, objectives, 2, score_weights=unpenalised)[0].score
    )


def test_a_use_cases_line_answers_what_something_is_used_for() -> None:
    from rag.answer.asked import USES_LABEL, unit_terms

    assert USES_LABEL in unit_terms("Use cases: dubbing, virtual assistants, gaming.")
    assert USES_LABEL not in unit_terms("Clone specific voices using short samples.")


def test_a_sentence_introducing_a_term_is_followed_by_the_one_defining_it() -> None:
    """Blind train question "What is meant by a foundation model?": the first sentence
    names who popularized the term, the next one says what it means."""
    text = (
        "# Foundation Models\n\nFoundation model is a term popularized by an institute at "
        "Stanford University. It refers to AI systems with broad capabilities that can be "
        "adapted to many purposes. It is in contrast to task-specific systems.\n"
    )
    term, meaning, contrast = split_units(0, text)
    weights = {"foundat": 2.0, "model": 1.0}
    ranked = scored([term, contrast], [0.7, 0.3], weights)
    for question in ("What is meant by a foundation model?", "What is a foundation model?"):
        assert choose_units(question, ranked, [term, meaning, contrast]).units == [term, meaning]
    who = choose_units("Who popularized the term foundation model?", ranked, [term, meaning])
    assert who.units == [term]


def test_words_that_only_qualify_what_is_asked_count_as_framing() -> None:
    """ "Who wrote the *original* GAN paper?" is answered by "Goodfellow et al., Generative
    Adversarial Nets (2014) — introduced GANs", "How *many* layers…" by "12-layer": the
    material does not repeat these words (train split)."""
    stats = TermStatistics(100, {"origin": 6, "gan": 9, "paper": 3, "mani": 12, "layer": 2})
    weights = question_weights("Who wrote the original GAN paper?", stats)
    assert weights["origin"] < weights["gan"] < weights["paper"]
    weights = question_weights("How many layers did the first GPT have?", stats)
    assert weights["mani"] < weights["layer"] / 3


def test_a_person_noun_is_matched_by_the_short_word_it_is_made_of() -> None:
    from rag.answer.wordforms import attested_variant

    stats = TermStatistics(10, {"law": 1, "busi": 3, "art": 2, "us": 5, "lawyer-friendli": 1})
    assert attested_variant("lawyer", stats) == "lawyer-friendli"  # a longer form first
    stats = TermStatistics(10, {"law": 1, "busi": 3, "art": 2, "us": 5})
    assert attested_variant("lawyer", stats) == "law"  # "lawyers" → the "Law & Business" row
    assert attested_variant("artist", stats) == "art"
    assert attested_variant("user", stats) == "user"  # a two-letter root is no word's root
    # The person is not the act: "Who is the instructor of this course?" was answered
    # with "instruction tuning".
    assert attested_variant("instructor", TermStatistics(10, {"instruct": 4})) == "instructor"
    assert attested_variant("harmoni", TermStatistics(10, {"harmon": 2})) == "harmon"
    weights = question_weights("What can generative AI do for lawyers and businesses?", stats)
    row = "Law & Business: Document drafting, contract summarization."
    assert term_coverage(weights, row) > term_coverage(weights, "From science to business.")


def test_an_unused_hyphenated_word_or_short_decade_is_weighed_in_the_forms_used() -> None:
    from rag.answer.wordforms import attested_forms

    # "Which open-weight LLMs…" and "…models used back in the 80s and 90s" (train split)
    # were refused: the material says "Open Source LLMs" and "1980s–1990s".
    stats = TermStatistics(40, {"open": 3, "weight": 1, "llms": 7, "1980s": 1, "1990s": 1})
    assert attested_forms("open-weight", stats) == ["open", "weight"]
    assert attested_forms("80s", stats) == ["1980s"]
    assert attested_forms("llms", stats) == ["llms"]
    weights = question_weights("Which open-weight LLMs are there?", stats)
    assert {"open", "weight", "llms"} <= set(weights)


def test_a_number_compound_also_matches_its_unit_word() -> None:
    from rag.retrieval.keyword import terms_with_parts

    assert {"12-layer", "layer"} <= terms_with_parts("It uses a 12-layer decoder.")
    assert "audio" not in terms_with_parts("Text-to-Audio Models: music generation.")


FOUNDATION = """# Foundation Models

**Foundation model** is a term popularized by an institute at Stanford University.

Characteristics:

- Trained on massive and diverse datasets (internet-scale).
- Can be adapted (fine-tuned) to a wide range of downstream tasks.
- Handle multiple modalities (e.g., text, image, code).

- Compute Power: Large GPUs / TPUs required.
"""


def test_a_word_the_material_never_uses_is_read_as_its_synonym_group() -> None:
    """ "What are the downsides…" of a list headed "Risks:", "What hardware…" of "Large
    GPUs / TPUs required" (train split): the stemmer bridges neither."""
    from rag.answer.wordforms import attested_forms

    stats = TermStatistics(50, {"risk": 2, "gpus": 1, "generat": 50, "ai": 40})
    assert attested_forms("downsid", stats) == ["≈downsid"]
    assert attested_forms("hardwar", stats) == ["≈hardwar"]
    # "What background should I have…" of a list headed "Prerequisites" (train split).
    assert attested_forms("background", TermStatistics(9, {"prerequisit": 1})) == ["≈background"]
    weights = question_weights("What are the downsides of generative AI?", stats)
    risks = next(u for u in split_units(0, TRAINING) if u.text.startswith("Misinformation"))
    assert term_coverage(weights, risks.text, risks.context, 0.85) > 0.5
    assert term_coverage(weights, "Generative AI is transforming industries.") < 0.4
    gpus = question_weights("What hardware do you need?", stats)
    assert term_coverage(gpus, "Compute Power: Large GPUs / TPUs required.") > 0.5
    # "…the kind of AI that just sorts things into categories" of "classifies or predicts"
    # (fifth blind batch, long questions).
    sorts = question_weights(
        "AI that sorts things into categories", TermStatistics(9, {"classifi": 2})
    )
    assert term_coverage(sorts, "Traditional AI classifies or predicts.") > 0.3
    shipping = question_weights("shipping and serving it", TermStatistics(9, {"deploy": 2}))
    assert term_coverage(shipping, "Deployment: FastAPI, Docker, cloud services.") == 1.0
    cheaply = question_weights("cheaply", TermStatistics(9, {"effici": 2}))
    assert term_coverage(cheaply, "LoRA, QLoRA, adapters for efficient customization.") == 1.0


def test_a_word_the_material_uses_keeps_its_own_meaning() -> None:
    from rag.answer.wordforms import attested_forms

    # "risk" is in the collection: never traded for "drawbacks" or "limitations".
    assert attested_forms("risk", TermStatistics(50, {"risk": 2, "limit": 3})) == ["risk"]
    # No member of the group is used either: the word stays what it is (weighs most).
    assert attested_forms("downsid", TermStatistics(50, {"generat": 50})) == ["downsid"]
    # A word in no group is untouched.
    assert attested_forms("cook", TermStatistics(50, {"risk": 2})) == ["cook"]


def test_a_question_for_traits_is_answered_with_the_characteristics_list() -> None:
    """ "What are the main traits of a foundation model?" was answered "Foundation model
    is a term popularized by an institute at Stanford University" (train split)."""
    stats = TermStatistics(80, {"foundat": 8, "model": 70, "characterist": 1, "main": 20})
    question = "What are the main traits of a foundation model?"
    weights = question_weights(question, stats)
    units = split_units(0, FOUNDATION)
    definition, *characteristics, compute = units
    assert characteristics[0].context == "Foundation Models > Characteristics"
    ranked = scored([definition, *characteristics], [0.43, 0.40, 0.40, 0.40], weights)
    composition = choose_units(question, ranked, units)
    assert composition.as_list
    assert [u.text for u in composition.units] == [u.text for u in characteristics]
    assert compute not in composition.units


def test_a_question_naming_a_list_by_a_synonym_is_answered_with_the_list() -> None:
    stats = TermStatistics(50, {"risk": 2, "generat": 50, "ai": 40, "misinform": 1})
    question = "What are the downsides of generative AI?"
    units = split_units(0, TRAINING, "12. Ethical and Societal Implications")
    risks = [u for u in units if "Risks" in u.context]
    ranked = scored(risks, [0.5, 0.5], question_weights(question, stats))
    composition = choose_units(question, ranked, units)
    assert composition.as_list
    assert [u.text for u in composition.units] == [u.text for u in risks]


LLM_USES = """### Large Language Models (LLM)

- Predict the next word/token in a sequence.
- Examples: GPT-3/4, LLaMA, Mistral, T5.

Applications:

- Content creation (articles, summaries)
- Conversational agents (chatbots)
"""

LLM_TOPICS = """### Foundation Models and Large Language Models

- Foundation Models: Large-scale models adaptable to many tasks (GPT-4, Claude).
- Large Language Models (LLMs): GPT series, LLaMA, Claude, Mistral.
- Mixture of Experts (MoE): Sparse models with expert routing.
"""


def test_a_question_for_what_a_thing_is_used_for_is_answered_with_its_applications() -> None:
    """ "What can large language models be used for?" was answered with the list that only
    names LLMs ("GPT series, LLaMA…"), not the "Applications:" list under them (train split)."""
    stats = TermStatistics(80, {"larg": 9, "languag": 14, "model": 70, "applic": 18})
    question = "What can large language models be used for?"
    weights = question_weights(question, stats)
    assert "applic" in weights
    units = split_units(0, LLM_USES) + split_units(1, LLM_TOPICS)
    applications = [u for u in units if u.context.endswith("Applications")]
    named = next(u for u in units if u.text.startswith("Large Language Models (LLMs)"))
    foundation = next(u for u in units if u.text.startswith("Foundation Models"))
    ranked = scored([named, foundation, *applications], [0.85, 0.7, 0.63, 0.62], weights)
    composition = choose_units(question, ranked, units)
    assert [u.text for u in composition.units] == [u.text for u in applications]
    # Without "used for", the same lists answer a question about LLMs as before.
    plain = question_weights("Which large language models are named?", stats)
    assert "applic" not in plain
    other = choose_units(
        "Which large language models are named?",
        scored([named, foundation, *applications], [0.85, 0.7, 0.63, 0.62], plain),
        units,
    )
    assert applications[0] not in other.units


def test_a_year_inside_a_range_is_held_by_the_range() -> None:
    """ "What does the course expect generative AI to look like around 2030?" of the row
    "Mid-term (2027–2032): Fully multimodal agents…" (train split): the row ranked first
    but the passage was the seventh, below the five whose words the refusal counted."""
    from rag.answer.asked import unit_terms, years_in_ranges
    from rag.answer.chain import Turn, _covering_text
    from rag.retrieval.retriever import Retrieval

    row = "Mid-term (2027–2032): Fully multimodal agents creating text, visuals, simulations."
    assert {"2027", "2030", "2032"} <= years_in_ranges(row) <= unit_terms(row)
    assert not years_in_ranges("GPT-4 (2023) and 1980s–1990s models; 1900–2000 in all")
    stats = TermStatistics(80, {"generat": 80, "ai": 70, "2027": 1, "2032": 1, "around": 0})
    weights = question_weights("What will generative AI look like around 2030?", stats)
    assert weights["around"] < weights["2030"] / 3  # "around" frames the year
    assert term_coverage(weights, row) > term_coverage(weights, "Generative AI today.")

    passages = [Passage(f"c{i}", "Generative AI.", "n.md", "Notes", "Intro", 0, 14, score=0.5)
                for i in range(7)] + [Passage("c7", row, "n.md", "Notes", "15. Outlook", 0,
                                              len(row), score=0.3)]  # fmt: skip
    units = split_units(7, row, "15. Outlook")
    turn = Turn("around 2030?", 8, Retrieval("around 2030?", passages, 0.0),
                evidence=scored(units, [0.45], weights))  # fmt: skip
    # The five closest passages and the row's, the seventh: not the fifth and sixth.
    covered = _covering_text(turn)
    assert covered.count("Intro") == 5 and "Mid-term (2027–2032)" in covered


def test_a_how_does_it_work_question_is_not_answered_by_a_bare_name() -> None:
    """ "How does watermarking … actually work?" found "Dataset curation and watermarking."
    under "Mitigation:" (a blind train question): the course names it, never explains it."""
    text = "Mitigation:\n- Dataset curation and watermarking.\n- GANs: two networks compete.\n"
    bare, explained = split_units(0, text, "12. Ethics")
    question = "How does watermarking of AI-generated images actually work?"
    watermark, gan, mitig, imag = ({"watermark": 4.0}, {"gan": 2.0}, {"mitig": 2.0},
                                   {"imag": 1.0})  # fmt: skip
    assert not explains(question, scored([bare], [0.4], watermark), watermark)
    assert explains("How do GANs work?", scored([explained], [0.4], gan), gan)
    assert explains("Which mitigations are named?", scored([bare], [0.4], mitig), mitig)
    assert explains("How can generated images be traced?", scored([bare], [0.4], imag), imag)


def test_the_point_of_something_asks_for_its_purpose() -> None:
    stats = TermStatistics(100, {"retrieval-aug": 2, "generat": 60, "purpos": 3})
    weights = question_weights("What's the point of retrieval-augmented generation?", stats)
    assert "what" not in weights
    assert weights["point"] < weights["retrieval-aug"] / 2, "a frame word, not the subject"


def test_what_the_point_of_rag_is_and_how_watermarking_works_through_the_chain(
    corpus_assistant: Assistant,
) -> None:
    point = corpus_assistant.ask("What's the point of retrieval-augmented generation?")
    assert not point.abstained and "verified data" in point.answer
    for question in ("How does watermarking of AI-generated images actually work?",
                     "how does nucleus sampling actually work",
                     "whats the difference between LoRA and QLoRA",
                     "who wrote the CLIP paper",
                     "What does the β in β-VAE control?"):  # fmt: skip
        refused = corpus_assistant.ask(question)
        assert refused.abstained and "does not say what is asked" in refused.reason, question
    # Blind train questions that name a listed thing and ask for a detail the course
    # never gives: each was answered with the list line.
    for question in ("What LoRA rank should I pick when fine-tuning a 7B LLaMA model?",
                     "how long of a video can sora make in one go?",
                     "Who came up with Gaussian Splatting, and in what year?",
                     "What's the actual formula for computing the FID score?",
                     "What does C2PA stand for, and how do Content Credentials mark an image?"):  # fmt: skip
        assert corpus_assistant.ask(question).abstained, question
    # "company" frames a question for a name, as "who" does: no line says "company".
    llama = corpus_assistant.ask("Which company is behind LLaMA?")
    assert "Meta AI" in llama.answer
    definition = corpus_assistant.ask("What is a foundation model?")
    assert "broad capabilities" in definition.answer, "the sentence after 'is a term…'"
    tts = corpus_assistant.ask("give me examples of text to speech models")
    assert "Tacotron" in tts.answer


def test_a_name_among_others_is_no_answer_to_how_it_works_or_how_two_differ() -> None:
    """Blind train questions: "how does nucleus sampling actually work" found "How outputs
    are drawn (top-k, nucleus, temperature)", "whats the difference between LoRA and
    QLoRA" a list naming both; "who wrote the CLIP paper" a line naming no author."""
    from rag.answer.decide import named_only_in_lists, states_a_name

    row = "Sampling Strategy: How outputs are drawn (top-k, nucleus, temperature)."
    assert named_only_in_lists(row, {"nucleus"})
    assert not named_only_in_lists(row, {"sampl"}), "the row is about sampling strategies"
    listed = "Fine-tuning Techniques: LoRA, QLoRA, parameter-efficient methods."
    assert named_only_in_lists(listed, {"lora", "qlora"})
    gans = "Generative Adversarial Networks (GANs): Generator vs. Discriminator in training."
    assert not named_only_in_lists(gans, {"gan"}), "an acronym in brackets is no list"
    clip = "CLIP (2021) — learning transferable visual models from natural language."
    assert not states_a_name(clip, "who wrote the CLIP paper")
    assert states_a_name(
        "Goodfellow et al., Generative Adversarial Nets (2014).", "Who wrote the GAN paper?"
    )

    text = f"- {row}\n- {gans}\n"
    sampling, families = split_units(0, text, "6. Core Components")
    weights = {"nucleus": 3.9, "sampl": 1.9, "actual": 1.5, "work": 0.3}
    how = "how does nucleus sampling actually work"
    assert not explains(how, scored([sampling], [0.5], weights), weights)
    assert explains("what is nucleus sampling", scored([sampling], [0.5], weights), weights)
    compare = {"gan": 2.5, "vae": 2.5}
    assert explains("What is the difference between GANs and VAEs?",
                    scored([families], [0.5], compare), compare)  # fmt: skip


def test_what_a_thing_does_is_not_answered_by_a_line_naming_it_among_others() -> None:
    """Blind train questions: "What does the β in β-VAE control?" found a row naming
    β-VAE as an example model; "How exactly does nucleus sampling decide…" the
    sampling row; "What does the EU AI Act require…" "Regulation (EU AI Act, …)"."""
    from rag.answer.question_forms import asks_mechanism

    assert asks_mechanism("What does the β in β-VAE control?")
    assert asks_mechanism("How exactly does nucleus sampling decide which tokens to keep?")
    assert not asks_mechanism("How do I get started with the projects?")
    assert not asks_mechanism("What does RLHF stand for?")
    assert not asks_mechanism("What does FID mean?")
    assert not asks_mechanism("What does the course say about LoRA?")
    assert not asks_mechanism("What do the notes say about nucleus sampling?")
    assert not asks_mechanism("What does the pipeline include?")
    row = ("Variational Autoencoders (VAEs): Encode data into latent space → decode new "
           "samples (example models: VAE, β-VAE).")  # fmt: skip
    (vae,) = split_units(0, f"- {row}\n", "4. Families")
    weights = {"β-vae": 3.9, "β": 5.0, "control": 3.9}
    assert not explains("What does the β in β-VAE control?", scored([vae], [0.3], weights), weights)
    encode = {"vae": 2.0, "encod": 2.0}
    assert explains("What do VAEs encode data into?", scored([vae], [0.3], encode), encode)


def test_words_a_student_types_without_apostrophes_or_hyphens() -> None:
    from rag.answer.wordforms import attested_compounds

    assert tokenize("whats the difference between LoRA and QLoRA") == ["differ", "lora", "qlora"]
    stats = TermStatistics(100, {"text-to-speech": 1, "text": 40, "speech": 3})
    assert attested_compounds("give me examples of text to speech models", stats) == [
        "text-to-speech"
    ]
    stats = TermStatistics(100, {"end": 2, "bias": 2})
    weights = question_weights("why do ai models end up biased", stats)
    assert weights["end"] < weights["bias"] / 2, "'end up' frames the question"


def test_a_count_must_be_of_what_the_question_counts_and_of_its_subject() -> None:
    """Blind train questions: "How many parameters does BLOOM have?" found "BLOOM can
    create text in 46 languages" and "BERT: … 340 million parameters"."""
    from rag.answer.numbers import counted_noun
    from rag.answer.scope import answer_found

    assert counted_noun("How many parameters does BLOOM have?") == "paramet"
    assert counted_noun("What year was BERT released?") is None
    text = ("- BLOOM can create text in 46 languages.\n"
            "- BERT was trained on 3.3 billion tokens and has 340 million parameters.\n")  # fmt: skip
    bloom, bert = split_units(0, text, "Text Generation")
    stats = TermStatistics(100, {"bloom": 2, "paramet": 3, "languag": 9, "bert": 4, "token": 5})
    question = "How many parameters does BLOOM have?"
    weights = question_weights(question, stats)
    assert not answer_found(question, weights, stats, scored([bloom, bert], [0.5, 0.4], weights))
    languages = "How many languages does BLOOM support?"
    weights = question_weights(languages, stats)
    assert answer_found(languages, weights, stats, scored([bloom], [0.5], weights))
    bert_question = "How many parameters does BERT have?"
    weights = question_weights(bert_question, stats)
    assert answer_found(bert_question, weights, stats, scored([bert], [0.5], weights))


def test_a_date_must_be_stated_for_the_asked_name() -> None:
    """ "When was RoBERTa released…?" was answered with "Released in 2018, … (BERT) …"
    (a blind train question): a year, of another model."""
    from rag.answer.scope import answer_found

    text = "- Released in 2018, BERT was one of the first foundation models.\n"
    (bert,) = split_units(0, text, "Text Generation")
    stats = TermStatistics(100, {"bert": 4, "roberta": 2, "releas": 3})
    for question, found in (("When was RoBERTa released?", False),
                            ("When was BERT released?", True)):  # fmt: skip
        weights = question_weights(question, stats)
        assert answer_found(question, weights, stats, scored([bert], [0.5], weights)) is found


ETHICS = """## 12. Ethical and Societal Implications

Risks:
- Misinformation (deepfakes, synthetic media abuse)
- Copyright infringement from training data

Mitigations:
- Dataset curation and watermarking
- AI provenance standards (C2PA, Content Credentials)
"""


def test_a_question_for_what_mitigates_a_problem_is_answered_with_the_remedies() -> None:
    """ "What can be done to mitigate misuse risks like deepfakes?" was answered with the
    risk lines that name deepfakes (train split, and a blind train question worded "so
    how are we supposed to deal with the risks like deepfakes…"): the problem and its
    examples are the premise, the "Mitigations:" list is the answer."""
    units = split_units(0, ETHICS, "12. Ethical and Societal Implications")
    stats = TermStatistics(40, {"mitig": 1, "risk": 2, "deepfak": 2, "misus": 1, "copyright": 2})
    for question in (
        "What can be done to mitigate misuse risks like deepfakes?",
        "what does the course recommend to reduce risks like deepfakes and copyright issues",
        "so how are we supposed to deal with the risks like deepfakes and copyright?",
    ):
        best = select_evidence(question, units, 1, stats)[0]
        assert "Mitigations" in best.unit.context, question
    # Without a remedy asked for, the risks are the answer.
    best = select_evidence("What risks like deepfakes are named?", units, 1, stats)[0]
    assert best.unit.context.endswith("Risks")


def test_the_examples_a_question_gives_weigh_less_than_what_it_asks() -> None:
    from rag.answer.asked import EXAMPLE_WEIGHT, premise_words

    stats = TermStatistics(40, {"tool": 3, "deepfak": 3, "risk": 3, "look": 3, "2030": 3})
    weights = question_weights("Which tools reduce risks like deepfakes?", stats)
    assert weights["deepfak"] == pytest.approx(EXAMPLE_WEIGHT * weights["tool"])
    assert premise_words("What will AI look like around 2030?") == set()  # a verb, no example
    assert premise_words("what's the deal with GANs vs VAEs?") == set()  # no remedy asked


def test_an_indented_tagline_under_a_heading_is_not_taken_for_its_definition() -> None:
    """ "\tFrom chatbots to novel writing—how AI learns…" sits under "Natural Language
    Generation"; as the heading's first paragraph it led answers about NLG (train)."""
    text = (
        "## Natural Language Generation\n\n"
        "\tFrom chatbots to novel writing—how AI learns to write like humans.\n\n"
        "Models like GPT, T5, and PaLM generate text by predicting the next word.\n"
    )
    tagline, models = split_units(0, text)
    assert tagline.subject == "" and models.subject == ""
    plain = split_units(0, text.replace("\t", ""))
    assert plain[0].subject == "Natural Language Generation"  # unindented, it defines


AUDIO = """# Audio & Music Generation

## Text-to-Speech (TTS)

- Convert text to spoken audio.
- Examples: Tacotron, WaveNet, ElevenLabs, Play.ht

## Music Generation

- AI that composes music in specific styles or instruments.
- Tools: AIVA, Amper Music, Google MusicLM.
"""


def test_a_line_saying_what_a_thing_does_is_answered_with_the_names_beside_it() -> None:
    """ "Name some systems that turn written text into spoken audio." matched "Convert
    text to spoken audio." and asked for the line after it (blind train batch)."""
    units = split_units(0, AUDIO)
    does, examples, composes, tools = units
    weights = {"text": 1.0, "spoken": 3.0, "audio": 2.0, "system": 1.0, "name": 0.3}
    answer = choose_units(
        "Name some systems that turn written text into spoken audio.",
        scored([does, examples], [0.6, 0.3], weights),
        units,
    )
    assert answer.units == [does, examples]
    assert "Tacotron" in format_answer(answer)
    weights = {"compos": 3.0, "music": 1.0, "style": 2.0, "tool": 2.0}
    answer = choose_units(
        "What tools can compose music in a particular style?",
        scored([composes, tools], [0.6, 0.4], weights),
        units,
    )
    assert answer.units == [composes, tools]
    # A question for one thing is not answered with the line beside it.
    one = choose_units("What does text-to-speech do?", scored([does], [0.6], weights), units)
    assert one.units == [does]


def test_a_question_naming_an_item_of_a_list_is_not_answered_with_the_whole_list() -> None:
    """ "What creative tools are listed in the tools and frameworks part?" names the item
    "Creative Tools: …", not the list under "Tools and Frameworks" (train)."""
    text = (
        "## Tools and Frameworks\n\n- Core Libraries: Hugging Face Transformers, PyTorch\n"
        "- Deployment: FastAPI, Docker\n- Creative Tools: RunwayML, ComfyUI\n"
    )
    units = split_units(0, text)
    weights = {"creativ": 1.0, "tool": 2.0, "list": 0.5, "framework": 3.0, "part": 0.5}
    ranked = scored([units[2], units[0], units[1]], [0.62, 0.5, 0.45], weights)
    question = "What creative tools are listed in the tools and frameworks part?"
    assert choose_units(question, ranked, units).units == [units[2]]
    weights = {"tool": 2.0, "framework": 3.0, "list": 0.5}
    ranked = scored([units[2], units[0], units[1]], [0.5, 0.5, 0.45], weights)
    whole = choose_units("Which tools and frameworks are listed?", ranked, units)
    assert whole.units == units


def test_what_a_question_sets_aside_with_besides_is_its_premise() -> None:
    """ "What are LLMs used for besides chatbots and writing articles?" was answered
    "Conversational agents (chatbots)." (blind train batch)."""
    text = (
        "## Large Language Models\n\nApplications:\n\n- Content creation (articles, summaries)\n"
        "- Conversational agents (chatbots)\n- Text-based games, interactive fiction\n"
    )
    units = split_units(0, text)
    stats = TermStatistics(40, {"llms": 3, "chatbot": 4, "articl": 3, "applic": 5, "game": 2})
    question = "What are LLMs used for besides chatbots and writing articles?"
    best = select_evidence(question, units, 1, stats)
    assert "chatbots" not in best[0].unit.text
    assert "besid" not in question_weights(question, stats)


def test_what_came_after_a_row_is_answered_by_the_next_row() -> None:
    """ "What came after GANs and VAEs in the history of generative AI?" was answered with
    the GANs & VAEs row itself (blind train question)."""
    text = (
        "## 3. Evolution of Generative AI\n\n| Era | Description |\n|---|---|\n"
        "| 2014–2017: GANs & VAEs | Neural networks capable of generating realistic images |\n"
        "| 2018–2020: Transformers | Attention-based sequence modeling |\n"
    )
    gans, transformers = split_units(0, text)
    weights = {"gan": 3.0, "vae": 3.0, "histori": 1.0, "came": 1.0}
    ranked = scored([gans, transformers], [0.6, 0.3], weights)
    after = choose_units(
        "What came after GANs and VAEs in the history?", ranked, [gans, transformers]
    )
    assert after.units == [transformers]
    ranked = scored([transformers, gans], [0.6, 0.3], {"transform": 3.0})
    before = choose_units("What came before Transformers?", ranked, [gans, transformers])
    assert before.units == [gans]
    plain = choose_units("When did GANs and VAEs appear?", scored([gans], [0.6], weights), [gans])
    assert plain.units == [gans]


def test_a_mistyped_question_word_is_weighed_as_the_word_it_misspells() -> None:
    stats = TermStatistics(
        40, {"diffus": 6, "model": 30, "paramet": 3, "train": 9, "characterist": 2}
    )
    weights = question_weights("how many paramters do difusion models have", stats)
    assert {"paramet", "diffus"} <= weights.keys()
    # A synonym the material uses comes first: "traits" is not a typo of "train".
    weights = question_weights("What traits does a foundation model have?", stats)
    assert "train" not in weights


def test_a_name_written_with_a_middle_dot_is_found_in_its_passage() -> None:
    """The quoted line "Examples: Midjourney, DALL·E, Imagen (Google)." was judged
    unsupported by its own passage once "DALL·E" was read as one word: the check took
    "DALL" alone for the name."""
    passage = {1: "Text-to-Image\n- Examples: Midjourney, DALL·E, Imagen (Google)"}
    assert check_sentence("Examples: Midjourney, DALL·E, Imagen (Google) [1].", passage).supported
    assert not check_sentence("Examples: DALL·E 4 [1].", passage).supported


def test_a_compound_the_question_writes_apart_counts_with_its_parts() -> None:
    # "who came up with job market signalling" weighs "job", "market" and the notes'
    # "job-market"; Spence's line held only the compound and the question was refused
    # (a blind train question of the game-theory course).
    weights = {"job": 4.1, "market": 3.0, "signal": 2.5, "job-market": 4.1}
    spence = "Michael Spence's job-market signalling model (1973)"
    assert term_coverage(weights, spence) == 1.0
    # A compound the question does not ask for lends no parts: "Text-to-Audio" holds no
    # "text" for a question about text.
    assert term_coverage({"text": 1.0, "audio": 1.0}, "Text-to-Audio Models") == 0.0


def test_a_what_is_answer_goes_on_to_the_sentence_that_names_the_thing() -> None:
    # A newcomer's biology notes: "What is photorespiration?" got the first sentence of its
    # section alone, which never says the word; the next one does.
    from rag.answer.definitions import following_sentences

    text = (
        "Rubisco can bind oxygen instead of carbon dioxide. When it does, the plant\n"
        "loses fixed carbon in a wasteful process called photorespiration, which is\n"
        "worst on hot, dry days. C4 plants such as maize avoid this."
    )
    units = split_units(0, text, "Photorespiration and C4 plants")
    lead = units[0]
    named = following_sentences("What is photorespiration?", lead, units)
    assert [u.text.split(",")[0] for u in named] == ["When it does"]
    assert following_sentences("What does rubisco bind?", lead, units) == []
    assert following_sentences("What is photorespiration?", named[0], units) == []


def test_a_sentence_drawing_on_the_best_one_comes_with_it_when_it_holds_what_was_asked() -> None:
    # A student's probe of a genetics course: "roughly how many ppl carry the cystic
    # fibrosis gene" was answered with the incidence alone; the carriers are in the next
    # sentence, which opens on "Then" and says "carrier", not "carry".
    from rag.answer.definitions import following_sentences

    text = (
        "**Estimating carrier frequencies.** For a recessive condition, only aa individuals"
        " are recognizable. Cystic fibrosis affects roughly 1 in 2,500 newborns of northern"
        " European descent. Then q² = 1/2,500 and the carrier frequency 2pq ≈ 0.039, or"
        " about **1 in 25**. The striking conclusion is that almost all copies are hidden."
    )
    units = split_units(0, text, "3. Applying Hardy–Weinberg")
    incidence = next(u for u in units if u.text.startswith("Cystic"))
    question = "roughly how many ppl carry the cystic fibrosis gene in northern europe"
    after = following_sentences(question, incidence, units)
    assert [u.text[:6] for u in after] == ["Then q"]
    # The sentence going on is about the one before it, so it scores on its words too.
    then = after[0]
    assert "Cystic fibrosis affects" in then.topic
    # Only when it holds a word asked that the best one lacks.
    assert following_sentences("how common is cystic fibrosis in europe", incidence, units) == []
    stats = TermStatistics(20, {"carri": 2, "peopl": 5, "cystic": 1, "fibros": 1})
    assert "peopl" in question_weights(question, stats)  # "ppl" is chat for "people"


def test_a_comparison_typed_in_chat_with_a_shared_noun_compares_the_two_kinds_of_it() -> None:
    # Students' probes: "diff between active n passive immunity??" quoted passive immunity
    # alone (read as no comparison); typed out, it set "active" against "passive
    # immunity" and quoted T-cell "Activation".
    assert comparison_sides("diff between active n passive immunity??") == (
        "active immunity", "passive immunity",
    )  # fmt: skip
    assert comparison_sides("whats the diffrence between presidential and congressional era") == (
        "presidential era", "congressional era",
    )  # fmt: skip
    # Only a side that reads as a quality shares the other's noun.
    assert comparison_sides("difference between weather and climate change") == (
        "weather", "climate change",
    )  # fmt: skip
    assert comparison_sides("difference between GANs and diffusion models") == (
        "GANs", "diffusion models",
    )  # fmt: skip
    text = (
        "The two programs compared:\n\n"
        "| | Presidential Reconstruction | Congressional Reconstruction |\n|---|---|---|\n"
        "| Who controlled it | Andrew Johnson | Republican Congress |\n"
        "| Ex-Confederate leaders | Pardoned | Many barred from office |\n\n"
        "Andrew Johnson was the only Southern senator to stay loyal in 1861.\n"
    )
    units = split_units(0, text, "4. Congress Takes Control")
    rows = [u for u in units if u.kind == "table_row"]
    johnson = units[-1]
    question = "whats the difference between presidential and congressional reconstruction"
    composition = choose_units(question, scored([johnson, rows[0]], [0.6, 0.5], {}), units)
    # Every row of the table whose columns are the two sides answers, as a list.
    assert composition.as_list
    assert [u.text.split(" — ")[0] for u in composition.units] == [
        "Who controlled it", "Ex-Confederate leaders",
    ]  # fmt: skip


def test_a_list_the_next_sentence_announces_of_the_best_one_answers_for_it() -> None:
    # "What were the main terms of the Treaty of Troyes?" quoted "The Treaty of Troyes
    # (21 May 1420) was the high point of English success…" alone; "Its provisions
    # were:" announces the five terms (a student's probe of a history course).
    from rag.answer.lists import list_introduced

    text = (
        "The Treaty of Troyes (21 May 1420) was the high point of English success. Its "
        "provisions were:\n\n"
        "1. Henry V would marry Catherine of Valois.\n"
        "2. Henry would be heir and regent of France.\n"
        "3. The Dauphin Charles was disinherited.\n\n"
        "Henry now claimed France by treaty. The dauphin's allies were:\n\n"
        "- Scotland, whose army won at Baugé.\n- The Armagnac lords of the south.\n"
    )
    units = split_units(0, text, "8. The Treaty of Troyes")
    treaty, claim = units[0], units[5]
    assert [u.ordinal for u in list_introduced(treaty, units)] == [1, 2, 3]
    # A label sentence that does not point back to the one before announces nothing of it.
    assert list_introduced(claim, units) == []


def test_a_sentence_contrasting_both_sides_that_answers_best_is_the_answer() -> None:
    # "What's the difference between pharmacokinetics and pharmacodynamics?" got a line on
    # clearance (under a pharmacokinetics heading) and one on pharmacodynamics, though the
    # best unit set them side by side (a student's probe of a pharmacology course).
    text = (
        "These notes follow a drug through the body. Keep one sentence in mind: pharmaco"
        "kinetics is what the body does to the drug; pharmacodynamics is what the drug does "
        "to the body.\n\n"
        "## Pharmacokinetics: clearance\n\nClearance is the volume of plasma cleared of drug.\n\n"
        "## Pharmacodynamics\n\nPharmacodynamics is the study of the effects of drugs.\n"
    )
    units = split_units(0, text, "Introduction")
    _, contrast, clearance, study = units
    question = "What's the difference between pharmacokinetics and pharmacodynamics?"
    ranked = scored([contrast, clearance, study], [0.68, 0.55, 0.41], {})
    assert choose_units(question, ranked, units).units == [contrast]


def test_a_why_question_is_answered_by_the_line_giving_the_reason_when_it_scores_close() -> None:
    # "Why do ACE inhibitors make some people cough?" quoted the table row naming dry cough
    # as an adverse effect; the next unit says why (a student's probe of a pharmacology
    # course).
    text = (
        "ACE also breaks down bradykinin, which accumulates and causes the dry cough.\n\n"
        "| Class | Adverse effects |\n|---|---|\n| ACE inhibitors | Dry cough, angioedema |\n\n"
        "Inhibition of COX-1 explains the classic NSAID adverse effects.\n"
    )
    units = split_units(0, text, "2. Drugs for hypertension")
    reason, row, nsaid = units
    question = "Why do ACE inhibitors make some people cough?"
    ranked = scored([row, reason, nsaid], [0.70, 0.59, 0.52], {"cough": 3.0})
    chosen = choose_units(question, ranked, units).units
    # The reason leads; the row joins (close to the best), the NSAID line does not.
    assert chosen == [reason, row]
    far = scored([row, reason, nsaid], [0.70, 0.40, 0.30], {"cough": 3.0})
    assert choose_units(question, far, units).units[0] == row
    # "Reason" the name is no reason given (a French Revolution probe: "Robespierre …
    # replaced the cult of Reason…" led "Why did Robespierre fall from power in 1794?").
    from rag.answer.reasons import reasons_first

    fell, _, cult = units = split_units(
        0,
        "Robespierre was guillotined on 28 July 1794. A hundred followed him. Robespierre "
        "replaced the cult of Reason.\n",
    )
    ranked = scored([fell, cult], [0.7, 0.65], {"robespierr": 3.0})
    assert reasons_first("Why did Robespierre fall?", ranked, units)[0].unit == fell


def test_a_word_both_sides_share_is_no_sign_a_unit_is_about_the_other_side() -> None:
    # "whats the diff between a closed system and an open system?" quoted the first law
    # (under "The First Law for Closed Systems") for the closed side: the closed system's
    # own row says "system", a word of the open side too (a thermodynamics train question).
    text = (
        "| Type of system | Mass crosses boundary? | Example |\n|---|---|---|\n"
        "| Closed system | No | Gas in a piston |\n| Open system | Yes | Turbine |\n\n"
        "## The first law for closed systems\n\nEnergy can be neither created nor destroyed.\n"
    )
    units = split_units(0, text, "Systems")
    closed, opened, law = units
    question = "whats the diff between a closed system and an open system?"
    ranked = scored([opened, closed, law], [0.67, 0.48, 0.36], {})
    assert choose_units(question, ranked, units).units == [closed, opened]


def test_steps_asked_for_are_the_numbered_list_whichever_step_the_question_names() -> None:
    # "What are the steps food goes through in the gut from the mouth to the end?" quoted
    # step 1, "Mouth — …", alone (a student's probe of a nutrition course).
    text = (
        "1. Mouth — chewing breaks food up.\n2. Stomach — acid denatures proteins.\n"
        "3. Duodenum — bile emulsifies fat.\n"
    )
    units = split_units(0, text, "5.1 The journey through the gut")
    question = "What are the steps food goes through in the gut from the mouth to the end?"
    ranked = scored(units[:1], [0.53], {"step": 4.1, "mouth": 3.0, "gut": 1.7})
    composition = choose_units(question, ranked, units)
    assert [u.ordinal for u in composition.units] == [1, 2, 3]
    # Asked of the one step only, the step answers.
    ranked = scored(units[:1], [0.53], {"mouth": 3.0, "happen": 1.0})
    assert choose_units("What happens in the mouth?", ranked, units).units == units[:1]
    ranked = scored(units[:1], [0.53], {"step": 2.0, "mouth": 3.0, "first": 1.0})
    first = "Which step comes first, in the mouth?"
    assert choose_units(first, ranked, units).units == units[:1]


def test_a_sentence_naming_what_the_one_before_describes_comes_with_it() -> None:
    # "What was chamber finance…?" was answered "This is chamber finance." first, then the
    # sentence describing it (a student's probe of a Tudor England course).
    text = (
        "Henry moved most revenue from the slow Exchequer to the Chamber, where money could "
        "be spent quickly. This is chamber finance. It lasted until the 1530s.\n"
    )
    units = split_units(0, text, "4. Finance")
    moved, named, lasted = units
    ranked = scored([named, lasted], [0.7, 0.3], {"chamber": 3.0, "financ": 2.0})
    chosen = choose_units("What was chamber finance?", ranked, units).units
    assert chosen[0] == moved and chosen[1].text.endswith("This is chamber finance.")
    # A sentence that says more than a name stands alone (a thermodynamics train question).
    text = (
        "Pressure increases with depth. This is the basis of the barometer, invented by "
        "Evangelista Torricelli in 1643, in which a mercury column balances the air.\n"
    )
    units = split_units(0, text, "Pressure")
    ranked = scored(units[1:], [0.7], {"barometer": 3.0, "invent": 1.0})
    (alone,) = choose_units("who invented the barometer", ranked, units).units
    assert alone.text.endswith(units[1].text)
