"""Grading a student's typed or chosen answer, and the feedback line they see.

Pure: a table of cases through :func:`rag.study.quiz.grade_response`.
"""

from __future__ import annotations

import pytest

from rag.study.quiz import (
    feedback,
    grade_answer,
    grade_response,
)
from rag.study.quiz.grading import answer_forms, fold
from tests.study.quiz.samples import item


def test_grading_accepts_aliases_case_and_small_variations() -> None:
    short = item(type="short", options=[], answer="Generative Adversarial Networks (GANs)",
                 aliases=["Generative Adversarial Networks", "GANs", "GAN"])  # fmt: skip
    for response in ["GANs", "gan", "generative adversarial networks", " GANs. "]:
        assert grade_answer(short, response), response
    assert not grade_answer(short, "VAEs")
    assert not grade_answer(short, "")
    assert grade_answer(item(), "FID (Fréchet Inception Distance)")
    assert not grade_answer(item(), "CLIPScore")


GRADING_CASES = [
    # (response, answer, aliases, expected verdict): every case of issue 15 and more.
    ("BLEU", "BLEU / ROUGE / METEOR", [], "correct"),  # one of the listed alternatives
    ("rouge", "BLEU / ROUGE / METEOR", [], "correct"),
    ("BLEU or ROUGE", "BLEU / ROUGE / METEOR", [], "correct"),
    ("human preference", "Human Preference Tests", [], "correct"),  # generic head dropped
    ("Human preference test", "Human Preference Tests", [], "correct"),  # plural folded
    ("Frechet Inception Distance", "FID (Fréchet Inception Distance)", [], "correct"),  # accent
    ("FID", "FID (Fréchet Inception Distance)", [], "correct"),  # acronym of the pair
    ("fréchet inception distance", "Fréchet Inception Distance", ["FID"], "correct"),
    ("FID", "Fréchet Inception Distance", ["FID"], "correct"),  # acronym the material gives
    ("Fréchet Inception Distance", "FID", ["Fréchet Inception Distance"], "correct"),
    ("GAN", "Generative Adversarial Networks", [], "correct"),  # exact initials
    ("gans", "GANs", [], "correct"),  # case
    ("  GANs. ", "GANs", [], "correct"),  # spaces and punctuation
    ("self attention", "self-attention", [], "correct"),  # hyphen
    ("the FID metric", "FID", [], "correct"),  # a few words around the answer
    ("Variational autoencoder", "Variational Autoencoders (VAEs)", [], "correct"),
    ("diffusion models", "Diffusion Model", [], "correct"),
    ("Krebs cycle", "Citric acid (Krebs) cycle", [], "correct"),  # the name inside the name
    ("citric acid cycle", "Citric acid (Krebs) cycle", [], "correct"),
    ("Frechet Inseption Distance", "FID (Fréchet Inception Distance)", [], "almost"),  # typo
    ("Inception Distance", "Fréchet Inception Distance", [], "almost"),  # a word missing
    ("transformer", "transformers", [], "correct"),
    ("BLEU", "BLEU, ROUGE", [], "correct"),  # one name of a comma list (app check)
    ("CLIP score", "CLIPScore", [], "correct"),  # a space the name does not have
    (
        "medical image synthesis",
        "Drug discovery, medical image synthesis, patient education",
        [],
        "wrong",
    ),  # part of a description is not the answer
    ("mitochondrion", "Mitochondria", [], "correct"),  # a Latin plural (app check)
    ("stoma", "stomata", [], "correct"),  # a Greek one
    ("Krebs cycle", "The Krebs cycle", [], "correct"),  # the article left out (app check)
    ("bacterium", "bacteria", [], "correct"),
    ("carbon dioxide", "CO2", [], "correct"),  # a formula's name for the formula
    ("C6H12O6", "glucose", [], "correct"),
    ("not the Nobel Prize", "Nobel Prize", [], "wrong"),  # named to be denied (app check)
    ("it isn't ATP", "ATP", [], "wrong"),
    ("VAEs", "GANs", [], "wrong"),
    ("CLIPScore", "BLEU / ROUGE / METEOR", [], "wrong"),
    ("", "GANs", [], "wrong"),
    ("Perplexity", "FID (Fréchet Inception Distance)", [], "wrong"),
]


@pytest.mark.parametrize(("response", "answer", "aliases", "expected"), GRADING_CASES)
def test_grade_response_table(
    response: str, answer: str, aliases: list[str], expected: str
) -> None:
    assert grade_response(response, answer, aliases).verdict == expected


def test_choice_items_need_the_option_or_its_letter_and_never_grade_almost() -> None:
    options = ["CLIPScore", "FID (Fréchet Inception Distance)", "Perplexity", "BLEU"]
    answer = "FID (Fréchet Inception Distance)"
    assert grade_response("B", answer, options=options).correct
    assert grade_response("fid (frechet inception distance)", answer, options=options).correct
    assert grade_response("Perplexity", answer, options=options).verdict == "wrong"
    assert grade_response("FID (Frechet Inseption Distance)", answer,
                          options=options).verdict == "wrong"  # fmt: skip
    tf = ["True", "False"]
    assert grade_response("false", "False", options=tf).correct
    assert grade_response("F", "False", options=tf).verdict == "correct"
    assert grade_response("true", "False", options=tf).verdict == "wrong"


def test_fold_drops_case_accents_markdown_punctuation_and_plurals() -> None:
    assert fold("Fréchet **Inception** Distances.") == "frechet inception distance"
    assert fold("GANs & VAEs") == fold("gan and vae")
    assert fold("process") == "process"


def test_feedback_shows_accepted_answers_on_a_near_miss_without_double_stops() -> None:
    short = item(type="short", options=[], answer="Realism of generated images.",
                 explanation="According to “11. Evaluation Metrics”: FID: Realism of "
                 "generated images.")  # fmt: skip
    grade, line = feedback(3, short, "realism of generated image")
    assert grade.correct and ".." not in line and line.startswith("3. Correct")
    fid = item(type="short", options=[])
    grade, line = feedback(1, fid, "Frechet Inseption Distance")
    assert grade.verdict == "almost"
    assert "Almost" in line and "Accepted answers: FID (Fréchet Inception Distance); FID" in line
    assert answer_forms("FID (Fréchet Inception Distance)") == [
        "FID (Fréchet Inception Distance)",
        "FID",
        "Fréchet Inception Distance",
    ]


def test_a_blank_answer_is_called_not_answered_and_dropped_drafts_read_as_a_list() -> None:
    from rag.study.quiz import describe_dropped

    # A helper driving the app: "7. Not quite (no answer)" for an item left blank.
    grade, line = feedback(7, item(type="short", options=[]), "  ")
    assert not grade.correct and line.startswith("7. Not answered. Answer: FID")
    _, wrong = feedback(2, item(type="short", options=[]), "BLEU")
    assert wrong.startswith("2. Not quite (you answered: BLEU).")
    # "11 dropped: … 5 asks the same thing as another item" read badly.
    assert describe_dropped({"duplicate": 5, "answer_in_topic": 1}) == (
        "6 drafts dropped — same as another item: 5; quiz topic gives the answer away: 1"
    )
    assert describe_dropped({}) == "no draft dropped"
