"""Answers on courses students probed in the sixty-second round: nuclear physics, organic
chemistry, the history of mathematics, the Hundred Years' War, modern China and the Weimar
Republic.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md). Pure
logic: no model is loaded.
"""

from __future__ import annotations

from rag.retrieval.spelling import corrected_spelling


def test_two_slips_are_read_only_where_stems_part() -> None:
    """ "what was the harzburg front" was read as "hamburg" and answered with Hamburg's
    councils, in notes that never name it; "componets" was searched as "completing" (a
    cognitive psychology probe), not the notes' "components"."""
    assert corrected_spelling("harzburg", {"hamburg": 3}) == ""
    assert corrected_spelling("componet", {"compon": 2, "complet": 9}) == "compon"
    assert corrected_spelling("foundaton", {"foundat": 5}) == "foundat"  # the stems part there


def test_an_ending_typed_as_it_sounds_is_the_notes_word() -> None:
    """ "who actually solved the cubic equasion first, del ferro or tartaglia?" was refused:
    the notes write "equation"."""
    from rag.answer.reading import misspelled

    question = "who actually solved the cubic equasion first"
    assert ("equasion", "equat") in misspelled(question, {"equat": 4, "cubic": 3, "solv": 2})
    assert misspelled("what is fusion", {"equat": 4}) == []  # no "-tion" word of the notes
