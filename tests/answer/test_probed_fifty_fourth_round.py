"""Answers on courses students probed in the fifty-fourth round: agronomy, computer
architecture, the history of life, world religions, soil science and psycholinguistics.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md, the
fifty-fourth round); each case here was refused although the notes answer it, answered
from the wrong line, or answered although the notes never teach it. Pure logic: no model
is loaded, and the scores are made up to the notes' proportions.
"""

from __future__ import annotations

from rag.answer.decide import asks_for_number
from rag.answer.evidence import split_units
from rag.answer.introduced import named_before, opened_and_told
from rag.answer.lists import list_introduced
from rag.answer.numbers import states_date
from rag.answer.ordering import given_number_first
from rag.answer.unknown import _unused_name, unused_words
from rag.retrieval.keyword import TermStatistics, tokenize
from tests.answer.made_up import scored_as, stats_of


def test_two_words_the_notes_hyphenate_are_words_they_use() -> None:
    """ "what did swinneys cross modal priming study find" was refused, "the material never
    uses “modal”": the notes write "cross-modal", which stems apart from "modal"."""
    stats = TermStatistics(50, {t: 2 for t in tokenize("Swinney's cross-modal priming study")})
    question = "what did swinneys cross modal priming study find"
    assert "modal" not in unused_words(question, stats)
    assert _unused_name(question, stats) == ""
    assert "modal" in unused_words("is a modal verb a kind of auxiliary", stats)


def test_what_is_asked_of_a_named_thing_is_no_unknown_name() -> None:
    """ "what are the symptoms of wernicke's aphasia" and "what did the council of nicea
    decide" were refused for "symptoms" and "decide", words of the question, not of what
    it names; "what killed the mammoths" names what the notes never do."""
    stats = stats_of("wernicke aphasia fluent paraphasias council nicaea arius creed ice age")
    assert _unused_name("what are the symptoms of wernicke's aphasia", stats) == ""
    assert _unused_name("what did the council of nicaea decide", stats) == ""
    assert _unused_name("what killed the mammoths and other ice age megafauna", stats) == "mammoths"


def test_terms_to_revise_are_no_answer() -> None:
    """ "Review: competence/performance; double dissociation; coarticulation; VOT; …" padded
    two answers and led a third: a list of terms states nothing of them."""
    units = split_units(0, (
        "Review: competence/performance; double dissociation; coarticulation; VOT; "
        "categorical perception; McGurk effect.\n\n"
        "Review: Ekman transport: net wind-driven flow is at 90° to the wind.\n"
    ), "9. Course Summary")  # fmt: skip
    assert [u.text[:24] for u in units] == ["Review: Ekman transport:"]


def test_he_is_the_person_named_in_full_in_the_sentence_before() -> None:
    """ "who is considered the father of soil science and why" quoted the paragraph's first
    sentence and "He is usually called the father…", not the sentence naming Dokuchaev."""
    units = split_units(0, (
        "Soil science as a separate discipline is only about 140 years old. The turning point "
        "was the Russian geologist **Vasily Dokuchaev**, who argued that soils are independent "
        "natural bodies. He is usually called the father of modern soil science (pedology).\n"
    ), "2. A Short History of Soil Science")  # fmt: skip
    _, naming, father = units
    question = "who is considered the father of soil science and why"
    assert named_before(question, father, units) == [naming]


def test_evidence_or_criticism_asked_is_the_line_saying_it() -> None:
    """ "what is the evidence for the endosymbiotic theroy" quoted what the theory holds,
    not "Evidence: both organelles…" after it; "what were the main criticisms of the green
    revolution" the opener "…also drew lasting criticism." alone."""
    theory = split_units(0, (
        "The **endosymbiotic theory** holds that mitochondria descend from engulfed bacteria. "
        "Evidence: both organelles have their own circular DNA and double membranes. Since "
        "2015 the Asgard archaea have shown more.\n"
    ), "8. Eukaryotes")  # fmt: skip
    ranked = scored_as(theory[:1], [0.41], {"endosymbiot": 3.0, "evid": 1.0})
    told = opened_and_told("what is the evidence for the endosymbiotic theroy", ranked, theory)
    assert told == [theory[1]]
    green = split_units(0, (
        "The Green Revolution also drew lasting criticism. Benefits went first to farmers "
        "with irrigation. Reliance on fertilizer created pollution. It largely bypassed "
        "Africa.\n"
    ), "8. The Green Revolution")  # fmt: skip
    ranked = scored_as(green[:1], [0.5], {"green": 2.0, "revolut": 2.0, "critic": 3.0})
    question = "what were the main criticisms of the green revolution"
    assert opened_and_told(question, ranked, green) == green[:3]


def test_a_timeline_line_with_a_dash_dates_its_event() -> None:
    """ "when was the hijra and why does it matter" warned it did not say when, quoting
    "622 — The Hijra, emigration to Yathrib…"."""
    assert states_date("622 — The Hijra, emigration to Yathrib, renamed Medina.")
    assert not states_date("About 622 people were counted.")


def test_he_is_named_before_only_when_the_line_opens_on_him() -> None:
    """ "who was yun bong-gil" is told by the line naming him; its "his" is Kim Gu's, not
    Syngman Rhee's, whom the sentence before names in full (a check-course train answer
    this round's rule padded on the way)."""
    units = split_units(0, (
        "The Shanghai government was split; Syngman Rhee, who lobbied from abroad, was "
        "impeached in 1925. Under Kim Gu the government turned to direct action: his "
        "organisation sent Yun Bong-gil to Shanghai.\n"
    ), "The Provisional Government")  # fmt: skip
    assert named_before("who was yun bong-gil", units[1], units) == []


def test_a_list_of_another_count_than_asked_is_not_the_answer() -> None:
    """ "what are the 5 soil forming factors" quoted the four kinds of process that "The
    factors describe the conditions; … into four kinds:" announces."""
    units = split_units(0, (
        "The factors describe the conditions; the processes describe what happens in the "
        "soil. In 1959 Roy Simonson grouped all pedogenic processes into four kinds:\n\n"
        "1. **Additions** to the soil.\n2. **Losses** from the soil.\n"
        "3. **Transformations** within the soil.\n4. **Translocations** within the profile.\n"
    ), "6. Soil-Forming Processes")  # fmt: skip
    terms = {"soil": 1.0, "form": 1.0, "factor": 2.0}
    assert list_introduced(units[0], units, asked=5, question_terms=terms) == []
    assert len(list_introduced(units[0], units, asked=4, question_terms=terms)) == 4


def test_the_line_stating_the_questions_own_figure_leads() -> None:
    """ "what happens to nutrients when soil pH drops below 5.5" quoted "Soil pH … is
    sometimes called the master variable…" over "Below about 5.5, aluminum and manganese
    become soluble…" (0.82 of its score); "at what age do infants lose…" the sentences
    around "At 6–8 months most discriminated them; by 10–12 months few did."."""
    units = split_units(0, (
        "Soil pH is sometimes called the master variable of soil chemistry. Below about 5.5, "
        "aluminum and manganese become soluble at toxic levels.\n"
    ), "4. Soil pH")  # fmt: skip
    ranked = scored_as(units, [0.58, 0.47], {"ph": 3.0, "nutrient": 1.6})
    question = "what happens to nutrients when soil pH drops below 5.5"
    assert given_number_first(question, ranked)[0].unit == units[1]
    assert given_number_first("what happens when soil pH drops", ranked)[0].unit == units[0]
    assert asks_for_number("at what age do infants lose the ability to discriminate contrasts")
