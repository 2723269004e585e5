"""Answers on a Carthage and a glaciology course students probed.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md, the
forty-sixth round). Pure logic: no model is loaded, and the statistics are made up to the
notes' proportions.
"""

from __future__ import annotations

from rag.answer.asked import question_weights
from rag.answer.decide import answer_type
from rag.answer.definitions import kind_named_after
from rag.answer.evidence import ScoredUnit, split_units
from rag.answer.extractive import choose_units
from rag.answer.scope import explains
from rag.answer.wordforms import attested_forms
from rag.retrieval.keyword import TermStatistics


def test_the_things_asked_for_are_in_the_sentence_after_the_lead_in() -> None:
    """ "What reforms did Hannibal make when he became suffete?" was answered "In 196 BC
    Hannibal was elected suffete." alone, not the reforms the next sentence names."""
    notes = (
        "In 196 BC Hannibal was elected suffete. He attacked the power of the Hundred and "
        "Four, and he reformed public finance so that the indemnity could be paid.\n\n"
        "In 195 BC he fled to the court of Antiochus III.\n"
    )
    elected, reforms, fled = split_units(0, notes)
    asked = "What reforms did Hannibal make when he became suffete?"
    assert kind_named_after(asked, elected, [elected, reforms, fled]) == reforms
    assert (
        kind_named_after("Who was elected suffete in 196 BC?", elected, [elected, reforms]) is None
    )


def test_putting_an_idea_forward_frames_a_when_question() -> None:
    """ "When did Agassiz put forward his idea of a great ice age?" was refused, "the
    material never uses “forward”"; the notes' timeline says he proposed it in 1837."""
    stats = TermStatistics(95, {"agassiz": 2, "idea": 6, "great": 5, "ice": 80, "age": 30})
    weights = question_weights("When did Agassiz put forward his idea of a great ice age?", stats)
    assert weights["forward"] < weights["agassiz"]


def test_how_thick_asks_for_a_number() -> None:
    """ "How thick is the permafrost in Siberia?" was answered with a sentence on Beringia,
    of notes that never mention permafrost."""
    stats = TermStatistics(95, {"siberia": 1, "thick": 4})
    question = "How thick is the permafrost in Siberia?"
    assert answer_type(question, question_weights(question, stats), stats).number


def test_a_list_of_nine_reasons_is_quoted_whole() -> None:
    """ "What are the main reasons the Nationalists won the war?" stopped after eight rows of
    a table of nine, with no sign that one was cut."""
    items = "".join(f"- **Factor {n}**: reason number {n}.\n" for n in range(1, 10))
    notes = "The Nationalists won the war for nine reasons:\n\n" + items
    units = split_units(0, notes)
    weights = {"nationalist": 2.0, "won": 1.0, "war": 1.0, "reason": 1.0}
    ranked = [ScoredUnit(u, 0.5 - i / 100, 0.5, 0.5, weights=weights) for i, u in enumerate(units)]
    chosen = choose_units("What are the main reasons the Nationalists won the war?", ranked, units)
    assert [u.subject for u in chosen.units] == [f"Factor {n}" for n in range(1, 10)]


def test_a_generic_head_noun_names_no_thing_of_its_own() -> None:
    """ "How did the corvus boarding device work?" was refused, "the closest passage names
    this but does not say what is asked": "device" weighed most, a word the notes never use."""
    notes = (
        "To compensate for poor seamanship they fitted a boarding bridge, the corvus "
        '("raven"), with a spike that locked onto enemy decks.\n'
    )
    (unit,) = split_units(0, notes)
    weights = {"devic": 5.3, "corvus": 4.2, "board": 3.4, "work": 1.3}
    assert explains(
        "How did the corvus boarding device work?", [ScoredUnit(unit, 0.5, 0.5, 0.5)], weights
    )
    # A thing the unit does not name is still asked about: "How did the harpax work?".
    weights = {"harpax": 5.3, "work": 1.3}
    assert not explains("How did the harpax work?", [ScoredUnit(unit, 0.5, 0.5, 0.5)], weights)


def test_an_ordinal_in_figures_is_the_notes_word() -> None:
    """ "What kinds of soldiers made up the Carthaginian army by the 3rd century BC?" was
    refused, "the material never uses “3rd”": the notes say "by the third century"."""
    stats = TermStatistics(100, {"third": 6, "centuri": 20, "armi": 25})
    assert attested_forms("3rd", stats) == ["third"]
    assert attested_forms("3rd", TermStatistics(100, {"3rd": 2})) == ["3rd"]
