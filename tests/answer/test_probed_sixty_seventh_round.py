"""Answers on courses students probed in the sixty-seventh round: electromagnetism,
exercise physiology, financial accounting, fluid mechanics, general pathology and Irish
history.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md). Pure
logic: no model is loaded.
"""

from __future__ import annotations

from rag.answer.question_forms import says_who_made
from rag.answer.reading import misspelled


def test_a_word_english_uses_is_no_typo() -> None:
    """ "How does a transformer step up voltage" was searched as "…a transfers…" in notes
    that never teach transformers: the model splits "transformer", so it read as unknown."""
    frequency = {"transfer": 3, "voltag": 5, "compon": 2}
    assert misspelled("How does a transformer step up voltage", frequency) == []
    assert misspelled("what are its componets", frequency) == [("componets", "compon")]
    # One letter from the notes' word is still their spelling ("tumours" of "tumors").
    assert misspelled("which tumours end in -oma", {"tumor": 3}) == [("tumours", "tumor")]


def test_a_timeline_line_of_founders_in_the_present_says_who_founded() -> None:
    """ "who founded the catholic association" quoted Butt's Home Government Association over
    "1823 – O'Connell and Richard Lalor Sheil found the Catholic Association."."""
    assert says_who_made("1823 – O'Connell and Richard Lalor Sheil found the Catholic Association.")
    assert not says_who_made("Later studies found the effect was small.")
