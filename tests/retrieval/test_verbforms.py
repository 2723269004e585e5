"""Irregular verb forms: a question asking with one form finds a unit saying another."""

from __future__ import annotations

from rag.answer.asked import term_coverage, unit_terms
from rag.retrieval.keyword import tokenize
from rag.retrieval.verbforms import IRREGULAR_VERBS, verb_forms


def test_a_unit_saying_lost_answers_a_question_asking_what_was_lose() -> None:
    # "how much territory did prussia lose at tilsit" was refused (a blind train question
    # of the Napoleon course): the stemmer keeps "lost" and "lose" apart.
    unit = "Prussia lost all its lands west of the Elbe."
    weights = {"prussia": 1.9, "lose": 4.1, "tilsit": 2.5}
    assert "lose" in unit_terms(unit)
    assert term_coverage(weights, unit) == (1.9 + 4.1) / (1.9 + 4.1 + 2.5)
    assert {"win"} <= verb_forms(tokenize("Wellington won at Waterloo"))
    assert verb_forms(tokenize("the war began in 1803")) >= set(tokenize("begin"))


def test_past_forms_that_are_other_words_too_are_not_read_as_verbs() -> None:
    # "found" a company, "left" a side, a "saw", "felt", a "rose", "lay" people.
    listed = {word for verb in IRREGULAR_VERBS for word in verb}
    assert not listed & {"found", "left", "saw", "felt", "rose", "lay", "bound", "ground"}
    assert verb_forms(tokenize("Napoleon founded the Bank of France")) == set()


def test_a_unit_naming_the_carrier_answers_a_question_asking_who_carries() -> None:
    # "how many ppl carry the cystic fibrosis gene" of notes giving "the carrier
    # frequency" (a student's probe of a genetics course): the stemmer keeps them apart.
    assert set(tokenize("carry")) <= unit_terms("the carrier frequency is about 1 in 25")
    assert set(tokenize("repressor")) <= unit_terms("lactose stops it repressing the operon")
    assert verb_forms(tokenize("the water level")) == set()  # no "-er" word is cut blindly
