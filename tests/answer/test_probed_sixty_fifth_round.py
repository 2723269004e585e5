"""Answers on courses students probed in the sixty-fifth round: acoustics, agronomy, the
ancient Maya, astrobiology, the Atlantic slave trade and aviation.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md). Pure
logic: no model is loaded.
"""

from __future__ import annotations

from rag.answer.evidence import split_units
from tests.answer.made_up import scored_as, stats_of


def test_a_line_naming_who_first_made_it_leads_a_who_first_question() -> None:
    """ "who first came up with the law of the minimum" quoted "…is known as Liebig's law of
    the minimum." over "First formulated by Carl Sprengel in 1828 and popularized by Justus
    von Liebig from 1840, it implies…", which did not read as being about the law."""
    from rag.answer.matching import points_back
    from rag.answer.ordering import first_maker_first

    topic = "The idea that yield is governed by the scarcest factor is known as Liebig's law"
    sprengel = (
        "First formulated by Carl Sprengel in 1828, it implies that adding more brings no gain."
    )
    assert points_back(sprengel, topic)
    assert not points_back("Adding more of it brings no gain.", topic)
    units = split_units(0, f"{topic} of the minimum. {sprengel}\n")
    ranked = scored_as(units, [0.63, 0.56])
    question = "who first came up with the law of the minimum"
    assert first_maker_first(question, ranked)[0].unit is units[1]
    assert first_maker_first("who came up with the law of the minimum", ranked)[0] is ranked[0]


def test_finally_frames_a_question() -> None:
    """ "when did brazil finally abolish slavery" weighed "finally" most and quoted France's
    row of the chronology, which says "finally", not "Portugal / Brazil… Brazil 1888"."""
    from rag.answer.asked import question_weights

    weights = question_weights(
        "when did brazil finally abolish slavery", stats_of("brazil final abolish slaveri")
    )
    assert weights["final"] < weights["brazil"] / 2


def test_a_sentence_broken_off_before_a_list_goes_on_into_it() -> None:
    """ "what are mersenne's laws" quoted "…they are still called Mersenne's laws: the
    fundamental frequency is", and the chunk ended there, without the three laws after it."""
    from rag.answer.announced import continued_list
    from rag.text.chunks import announces_list

    assert announces_list("they are still called **Mersenne's laws**: the frequency is")
    assert not announces_list("That is what it is.")
    units = split_units(0, (
        "They are still called Mersenne's laws: the fundamental frequency is\n\n"
        "1. inversely proportional to the length of the string;\n"
        "2. proportional to the square root of the tension.\n"
    ))  # fmt: skip
    assert [u.text[:11] for u in continued_list(units[0], units)] == ["inversely p", "proportiona"]
    told = split_units(0, "Strings vibrate.\n\n1. Plucked strings.\n")
    assert continued_list(told[0], told) == []


def test_an_ordinal_in_figures_is_its_word() -> None:
    """ "How long did the fourth flight on 17 December 1903 last and how far did it go?" was
    refused: the row "4th | Wilbur | 59 s | 852 ft" says "4th", and "last" weighed most."""
    from rag.answer.asked import question_weights
    from rag.retrieval.keyword import terms_with_parts

    assert {"4th", "fourth"} <= terms_with_parts("4th: Wilbur (duration: 59 s)")
    assert {"12th", "twelfth"} <= terms_with_parts("the twelfth century")
    stats = stats_of("fourth flight last long")
    weights = question_weights("how long did the fourth flight last", stats)
    assert weights["last"] < weights["fourth"] / 2
    assert question_weights("who came last", stats)["last"] == weights["fourth"]


def test_two_words_the_notes_write_as_one_are_its_term() -> None:
    """ "whats the speed of sound in sea water" quoted the fresh-water row: the notes write
    "Seawater"."""
    from rag.answer.wordforms import attested_compounds
    from rag.retrieval.keyword import TermStatistics

    assert attested_compounds("speed of sound in sea water", stats_of("seawat water")) == ["seawat"]
    assert attested_compounds("to day", TermStatistics(9, {"today": 3})) == []  # a stop word
    # A coinage of the course is no English word: "gen ai" in notes that say "generative AI"
    # more often than "GenAI" (two bundled train answers lost their line).
    assert attested_compounds("deploying gen ai apps", TermStatistics(9, {"genai": 3})) == []
