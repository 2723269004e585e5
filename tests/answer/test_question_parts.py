"""Questions that ask several things at once: split (pure), then answered part by part."""

from __future__ import annotations

import pytest

from rag.answer.questions import question_parts
from rag.assistant import Assistant


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("When was BERT released and how many tokens was it trained on?",
         ["When was BERT released?", "How many tokens was it trained on?"]),
        ("What is FID, and what does BLEU measure?", ["What is FID?", "What does BLEU measure?"]),
        ("What is a VAE? How does it differ from a GAN?",
         ["What is a VAE?", "How does it differ from a GAN?"]),
        ("Which tools compose music and are they open source?",
         ["Which tools compose music?", "Are they open source?"]),
        # One question naming two things is not two questions.
        ("What is the difference between GANs and VAEs?", None),
        ("What are LoRA and QLoRA used for?", None),
        ("How do GANs and VAEs differ?", None),
        ("What is BLEU and why?", None),  # "and why?" is no question of its own
        ("GANs and how they work", None),  # no question to split
    ],
)  # fmt: skip
def test_a_question_is_split_where_a_second_question_starts(
    question: str, parts: list[str] | None
) -> None:
    assert [p.text for p in question_parts(question)] == (parts or [question])


def test_a_part_that_refers_back_is_retrieved_with_the_first_part() -> None:
    first, second = question_parts("When was BERT released and how many tokens was it trained on?")
    assert first.query == first.text
    assert "BERT" in second.query and second.text == "How many tokens was it trained on?"
    _, alone = question_parts("What is FID? What does BLEU measure?")
    assert alone.query == "What does BLEU measure?", "a part that names its subject stands alone"


def test_a_part_that_names_nothing_of_its_own_is_about_the_first_parts_subject() -> None:
    """ "…and how many people died?" was answered with three other disasters' deaths (a
    seismology probe): it asks about the earthquake the first part names."""
    _, deaths = question_parts(
        "What magnitude was the 1995 Kobe earthquake and how many people died?"
    )
    assert deaths.text == "How many people died?" and "Kobe" in deaths.query
    _, named = question_parts("What is a tsunami and how many people did Tohoku kill?")
    assert named.query == named.text


def test_both_parts_are_answered_from_the_passage_that_states_them(
    corpus_assistant: Assistant,
) -> None:
    """Asked whole, this was refused (evidence 0.25, needs 0.27); each half is in one passage."""
    answer = corpus_assistant.ask("When was BERT released and how many tokens was it trained on?")
    assert not answer.abstained
    assert "2018" in answer.answer and "3.3 billion tokens" in answer.answer
    # One passage states both: the run of its sentences is cited once, after the last.
    assert answer.answer.count("[1]") == 1 and len(answer.citations) == 1
    assert all(s.supported for s in answer.sentences)
    assert not answer.warnings


def test_a_part_the_material_does_not_answer_is_named_and_the_rest_answered(
    corpus_assistant: Assistant,
) -> None:
    answer = corpus_assistant.ask("What does FID measure and who is the president of France?")
    assert not answer.abstained and "realism" in answer.answer.lower()
    assert "France" not in answer.answer
    assert any("doesn't answer “Who is the president of France?”" in w for w in answer.warnings)
    both_missing = corpus_assistant.ask(
        "Who is the president of France and what is the capital of Peru?"
    )
    assert both_missing.abstained and both_missing.citations == []


def test_a_part_the_quoted_lines_answer_anyway_is_not_called_unanswered() -> None:
    """ "Which was the first hormone ever discovered, and who found it?" quoted "Secretin,
    described by William Bayliss and Ernest Starling in 1902, …" and still warned that the
    material does not answer "Who found it?" (a student's probe of a nutrition course)."""
    from rag.answer.parts import stated_by

    secretin = [
        "Secretin, described by William Bayliss and Ernest Starling in 1902, was the first "
        "hormone to be discovered."
    ]
    assert stated_by("Who found it?", secretin)
    assert stated_by("What year was it?", secretin)
    assert not stated_by("Who is the president of France?", ["FID measures realism."])
    assert not stated_by("How does it work?", secretin)  # nothing a line could state alone
