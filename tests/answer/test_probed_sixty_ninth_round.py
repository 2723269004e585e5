"""Answers on courses students probed in the sixty-ninth round: paleoclimatology,
parasitology, plant pathology, public finance, signal processing and the Spanish Civil War.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md). Pure
logic: no model is loaded, and the statistics are made up to the notes' proportions.
"""

from __future__ import annotations

from rag.answer.evidence import split_units
from rag.answer.names import unheld_defined
from rag.answer.question_forms import says_who_made
from rag.answer.unknown import unknown_name
from rag.retrieval.keyword import TermStatistics
from rag.text.wrapping import ends_on_formula


def test_what_a_life_cycle_is_of_is_refused_when_the_notes_never_name_it() -> None:
    """ "what is the life cycle of fasciola hepatica" was answered with "…every life cycle is
    a solution to it", in notes that never name Fasciola."""
    stats = TermStatistics(40, {"life": 9, "cycl": 9, "life-cycl": 5, "hepat": 1, "host": 9})
    asked = "what is the life cycle of fasciola hepatica"
    assert unknown_name(asked, ["Every life cycle is a solution to it."], stats) == (
        "fasciola hepatica"
    )
    covered = TermStatistics(40, {"life": 9, "cycl": 9, "plasmodium": 3})
    assert unknown_name("what is the life cycle of plasmodium", [], covered) == ""


def test_a_timeline_row_where_two_people_publish_it_says_who_made_it() -> None:
    """ "who invented the fft and when" quoted a workflow line "…verify with the FFT…"."""
    assert says_who_made("1965: James Cooley and John Tukey publish the FFT (significance: …).")
    assert not says_who_made("Students publish their results online.")


def test_a_lower_case_thing_no_passage_names_whole_is_refused() -> None:
    """ "what was the blue division" was answered "These measures remain politically
    divisive…": "division" and "divisive" share a stem, and the notes never say "blue";
    "wat is the puuc architecture style" stays answered, its words all the notes'."""
    held = [{"measur", "divis", "polit"}, {"shirt", "red"}]
    frequency = {"measur": 2, "divis": 2, "polit": 5, "shirt": 1, "red": 1}
    assert unheld_defined("what was the blue division", held, frequency) == "blue division"
    maya = [{"puuc", "style", "uxmal"}, {"architectur", "maya"}]
    used = {"puuc": 2, "style": 3, "architectur": 4}
    assert unheld_defined("what is the puuc architecture style", maya, used) == ""


def test_a_sentence_ending_on_display_math_keeps_its_formula() -> None:
    """ "what is tustin's method" quoted "…after Arnold Tustin (1947), substitutes." with
    the substitution, written "$$s=\\frac{2}{T}\\,\\frac{1-z^{-1}}{1+z^{-1}}.$$", left out."""
    assert ends_on_formula("after Arnold Tustin (1947), substitutes", "$$s=\\frac{2}{T}.$$")
    notes = (
        "The bilinear transform, known as Tustin's method after Arnold Tustin (1947), "
        "substitutes\n\n$$s=\\frac{2}{T}\\,\\frac{1-z^{-1}}{1+z^{-1}}.$$\n\nThis maps the axis.\n"
    )
    first = split_units(0, notes)[0]
    assert "\\frac{2}{T}" in first.text
