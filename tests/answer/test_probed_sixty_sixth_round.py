"""Answers on courses students probed in the sixty-sixth round: behavioural economics,
bioinformatics, biomechanics, cartography, computer graphics and cryptography.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md). Pure
logic: no model is loaded.
"""

from __future__ import annotations

from rag.answer.asked import question_weights
from rag.answer.evidence import split_units
from tests.answer.made_up import scored_as, stats_of


def test_why_someone_did_not_is_the_line_naming_them() -> None:
    """ "why didn't Tversky share the Nobel prize with Kahneman?" was refused over the row
    "2002: Kahneman shares the Nobel Prize…", not "Tversky died in 1996 and so could not
    share the 2002 prize…"."""
    from rag.answer.ordering import said_by_name_first

    units = split_units(0, (
        "Kahneman shares the Nobel Prize in 2002. Tversky died in 1996 and so could not "
        "share the 2002 prize, which is not awarded posthumously.\n"
    ))  # fmt: skip
    ranked = scored_as(units, [0.69, 0.53])
    question = "why didn't Tversky share the Nobel prize with Kahneman?"
    assert said_by_name_first(question, ranked)[0].unit is units[1]
    assert said_by_name_first("why was the prize shared?", ranked)[0].unit is units[0]


def test_known_as_frames_a_who_question() -> None:
    """ "Who is known as the father of biomechanics?" was refused: "known" was a word the
    line had to hold, over "…earning him the label "father of biomechanics"."""
    stats = stats_of("known father biomechan")
    weights = question_weights("Who is known as the father of biomechanics?", stats)
    assert weights["known"] < weights["father"] / 2


def test_what_number_asks_for_a_number_not_the_word() -> None:
    """ "what number do they use for how much more losses hurt than gains in prospect theory"
    was refused: no line says "number" beside "…a loss hurts about twice as much…"."""
    from rag.answer.decide import asked_kind

    stats = stats_of("number loss gain prospect theori")
    assert asked_kind("what number do they use for losses", stats) == ""
    assert asked_kind("what dataset do they use for losses", stats_of("dataset")) == "dataset"
