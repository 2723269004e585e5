"""Answers on courses students probed in the sixty-first round: statistics, Roman history,
climate science, the cardiovascular system, ancient Egypt and genetics.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md);
each case here was refused or answered from a line that did not say what was asked. Pure
logic: no model is loaded.
"""

from __future__ import annotations

from rag.answer.announced import announced_formula
from rag.answer.decide import asked_statement
from rag.answer.evidence import split_units
from rag.answer.extractive import Composition, format_answer
from rag.answer.reading import misspelled
from rag.answer.unknown import unknown_name
from tests.answer.made_up import stats_of


def test_an_ing_typed_without_its_g_is_the_notes_word() -> None:
    """ "what does the frank starlin law say" was refused: "no passage names “frank starlin
    law”"."""
    question = "what does the frank starlin law say"
    assert ("starlin", "starl") in misspelled(question, {"frank": 3, "starl": 3, "law": 5})


def test_a_law_named_with_a_colon_comes_with_its_statement() -> None:
    """ "what does the frank starling law say" quoted "This is the Frank–Starling law of the
    heart:" without the law set on its own line under it."""
    units = split_units(0, (
        "Starling showed that the heart ejects whatever volume it receives. This is the "
        "**Frank–Starling law of the heart**:\n\n"
        "> Within physiological limits, the greater the end-diastolic volume, the greater the "
        "stroke volume.\n"
    ), "6. Preload")  # fmt: skip
    _, named, law = units
    assert announced_formula(named, units) == [law]
    assert format_answer(Composition([named, law], False)) == (
        "This is the Frank–Starling law of the heart: Within physiological limits, the greater "
        "the end-diastolic volume, the greater the stroke volume [1]."
    )
    # Not any sentence after a colon: "The main devices were:" announces a list.
    devices = split_units(0, "The main devices were:\n\nPoll taxes were annual fees.\n")
    assert announced_formula(devices[0], devices) == []


def test_a_condition_named_by_a_stop_word_must_be_in_the_notes() -> None:
    """ "what causes down syndrome" was answered with "…sudden infant death syndrome (SIDS)"
    and the founder effect's row, in notes that never name it."""
    passages = ["Infants sleep supine to guard against sudden infant death syndrome (SIDS)."]
    stats = stats_of(passages[0] + " cause")
    assert unknown_name("what causes down syndrome", passages, stats) == "down syndrome"
    assert unknown_name("what is sudden infant death syndrome", passages, stats) == ""
    # Nor "the disease": "in the disease screening example what was the f1 score" (a machine
    # learning probe was refused by this rule's first form).
    screening = ["A screening test is applied to 1,000 people, 50 of whom have a disease."]
    asked = "in the disease screening example what was the f1 score"
    assert unknown_name(asked, screening, stats_of(screening[0] + " f1 score example")) == ""


def test_a_time_a_process_takes_is_a_span_not_a_date() -> None:
    """ "how long did mummification take" led with "Instructor's notes for weeks 10–14…
    mummification…" over "The process, which took about 70 days in total…"."""
    span = asked_statement("how long did mummification take")
    assert span is not None
    assert span("The process, which took about 70 days in total, followed these stages:")
    assert not span("Instructor's notes for weeks 10–14: Egyptian religion and mummification")
