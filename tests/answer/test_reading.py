"""A question read in the material's words: typos fixed, acronyms spelled out (pure), then
answered from the bundled index."""

from __future__ import annotations

import pytest

from rag.answer.reading import (
    chat_removed,
    fractions_named,
    misspelled,
    replaced_words,
    respelled,
    unwritten_acronyms,
)
from rag.assistant import Assistant

FREQUENCY = {"three": 3, "transform": 4, "attent": 3, "diffus": 5, "model": 9, "work": 2, "gan": 3}


@pytest.mark.parametrize(
    ("question", "typos"),
    [
        ("What is a tranformer?", [("tranformer", "transform")]),
        ("how does atention work", [("atention", "attent")]),
        ("explain difusion models", [("difusion", "diffus")]),
        ("What is a transformer?", []),  # spelled as the notes spell it
        ("What is a recipe?", []),  # no word of the notes is one typo away
        # "theres" is "there's" typed fast, not "three" (a student's probe of genetics).
        ("is it on if theres both?", []),
    ],
)
def test_a_typo_is_read_as_the_notes_word(question: str, typos: list[tuple[str, str]]) -> None:
    assert misspelled(question, FREQUENCY) == typos


def test_a_real_word_or_another_form_of_the_notes_word_is_no_typo() -> None:
    """Read as typos, "lawyers" became the notes' "layers" and "traits" their "trains",
    and both questions were answered wrong; "beginners" is not a typo of "beginning"."""
    frequency = {"layer": 5, "train": 7, "begin": 2, "transform": 4}
    vocabulary = {"lawyers", "traits"}  # what the embedding model holds whole
    question = "What can AI do for lawyers, beginners and traits of a tranformer?"
    assert misspelled(question, frequency, vocabulary.__contains__) == [("tranformer", "transform")]


def test_the_typo_is_replaced_by_the_nearest_form_the_passages_write() -> None:
    texts = ["Transformers use attention.", "A transformer has layers.", "Diffusion models"]

    def read(question: str, passages: list[str]) -> str:
        return respelled(question, misspelled(question, FREQUENCY), passages)

    assert read("What is a tranformer?", texts) == "What is a transformer?"
    assert read("tranformers vs difusion", texts) == "transformers vs diffusion"
    # No passage writes a word for it: left as typed (the keyword search reads it anyway).
    assert read("What is a tranformer?", ["Nothing here."]) == "What is a tranformer?"


def test_which_acronyms_are_read_by_their_initials() -> None:
    assert unwritten_acronyms("where does EBV hide out during latency", FREQUENCY) == ["EBV"]
    assert unwritten_acronyms("how do GANs work", FREQUENCY) == []  # the notes write it
    assert unwritten_acronyms("What does EBV stand for?", FREQUENCY) == []  # asked as such
    assert unwritten_acronyms("who made hybrid logical clocks (HLC)?", FREQUENCY) == []


def test_the_note_names_the_words_the_notes_never_write() -> None:
    assert replaced_words("What is a tranformer and how does atention work?",
                          "What is a transformer and how does attention work?") == [
        "tranformer", "atention"
    ]  # fmt: skip


def test_a_question_with_a_typo_is_answered_as_if_spelled_right(
    corpus_assistant: Assistant,
) -> None:
    """A newcomer's "What is a tranformer and how does atention work?" was answered with
    GPT's history first: the embedding model does not know "tranformer". The question is
    now searched as "What is a transformer…", and the answer says so."""
    right = corpus_assistant.ask("What is a transformer?")
    typed = corpus_assistant.ask("What is a tranformer?")
    assert typed.answer == right.answer and "attention mechanisms" in typed.answer
    assert typed.question == "What is a tranformer?"
    assert typed.notes[0] == (
        "Searched as “What is a transformer?”: the course material never writes “tranformer”."
    )
    assert not right.warnings


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("wat was gpt-1 trained on lol", "wat was gpt-1 trained on"),
        ("ok so whats LoRA for", "whats LoRA for"),
        ("yo whats the 3/5ths thing again?", "whats the 3/5ths thing?"),
        ("hey, how do GANs work pls", "how do GANs work"),
        ("What is the Okazaki fragment?", "What is the Okazaki fragment?"),
        ("Is it so?", "Is it so?"),  # "so" only opens a chat
        ("lol", "lol"),  # nothing else to ask
        ("wats the deal with J receptors", "wat is J receptors"),
        # A comparison stays one: "what is" would ask for a definition.
        ("so what's the deal with GANs vs VAEs?", "what's the deal with GANs vs VAEs?"),
    ],
)
def test_chat_words_around_a_question_are_not_searched(typed: str, read: str) -> None:
    assert chat_removed(typed) == read


def test_a_fraction_in_digits_is_read_as_the_notes_write_it() -> None:
    """ "yo whats the 3/5ths thing again" was refused by notes on the Three-fifths clause."""
    assert fractions_named("the 3/5ths thing", {"three-fifth": 1}) == "the three-fifths thing"
    assert fractions_named("a 2/3 majority", {"two-third": 2}) == "a two-thirds majority"
    assert fractions_named("a 2/3 majority", {}) == "a 2/3 majority"  # the notes write digits
    assert fractions_named("7/4 time", {"seven-quarter": 1}) == "7/4 time"  # no fraction of one


def test_chat_words_change_no_answer_and_are_not_called_missing(
    corpus_assistant: Assistant,
) -> None:
    """ "wat was gpt-1 trained on lol" quoted GPT-1's zero-shot learning, not BookCorpus,
    and its note said the notes never write "wat" (a student's probe)."""
    typed = corpus_assistant.ask("wat was gpt-1 trained on lol")
    assert "BookCorpus" in typed.answer.split("[1]")[0]
    assert typed.notes[0] == "Searched as “what was gpt-1 trained on”."


def test_whats_the_deal_with_asks_what_it_is_and_a_formula_takes_the_notes_subscript(
    corpus_assistant: Assistant,
) -> None:
    """ "wats the deal with J receptors" was refused ("the material never uses 'deal'"),
    and "how do the central chemoreceptors sense CO2…" of notes writing "CO₂" (a
    student's probe of a respiratory course)."""
    assert chat_removed("whats the deal with FID?") == "what is FID?"
    typed = corpus_assistant.ask("whats the deal with FID?")
    assert "Fréchet Inception Distance" in typed.answer
    assert typed.notes[0] == "Searched as “what is FID?”."
    from rag.answer.reading import named_formulas

    assert named_formulas("how is CO2 sensed?", {"co₂": 2}) == "how is CO₂ sensed?"
