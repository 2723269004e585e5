"""Checks on hand-made items: text matching, each rule of the verifier, the kinds' own proofs.

Pure: plain strings in, verdicts out; no model, no index.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest

from rag.study.quiz import (
    BLANK,
    DROP_REASONS,
    STATEMENT_PREFIX,
    TRUE_FALSE,
    ItemSource,
    Material,
    QuizItem,
    Verifier,
    check_item,
    grade_answer,
    structure_drafts,
)
from rag.study.quiz.build import leaves_room
from rag.study.quiz.distractors import LineIndex, shape
from rag.study.quiz.matching import locate_quote, occurs, overlapping
from rag.study.quiz.statements import related
from rag.study.quiz.timelines import sequence_steps
from rag.study.quiz.units import Term, passage_units
from rag.study.quiz.verify import answer_in_topic, given_away, same_question
from tests.study.quiz.samples import CHUNK, FAMILIES, PIPELINE, compared_item, item, passage

# --------------------------------------------------------------------------- text matching


def test_occurs_ignores_markdown_case_and_dash_style_but_not_word_boundaries() -> None:
    assert occurs("GANs", "**Generative Adversarial Networks (GANs)** compete")
    assert occurs("2014-2017", "| 2014–2017 | GANs & VAEs |")
    assert occurs("human-like writing", "Produces human\u2011like writing")
    assert not occurs("GAN", "GANs compete"), "a word inside another word is not an occurrence"
    assert not occurs("", "anything")


def test_locate_quote_returns_the_exact_span_of_a_respaced_or_unbolded_quote() -> None:
    text = "- **Fréchet Inception Distance (FID)** – for image realism.\n- Other line."
    found = locate_quote("Fréchet Inception Distance (FID) – for   image realism.", text)
    assert found is not None and found in text and "**" in found
    assert locate_quote("Inception scores measure photo realism directly.", text) is None


def test_overlapping_terms_cannot_both_be_options() -> None:
    assert overlapping("GPT", "GPT-4")
    assert overlapping("GANs", "Generative Adversarial Networks (GANs)")
    assert overlapping("BLEU, ROUGE", "BLEU / ROUGE / METEOR")
    assert overlapping("Generative Adversarial Networks", "GAN")
    assert not overlapping("CLIPScore", "Perplexity")


# --------------------------------------------------------------------------- verification


def test_a_valid_item_passes_every_check() -> None:
    assert check_item(item(), CHUNK) is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"source": ItemSource("n", "t", "s", "FID measures how sharp images are.", "c1")},
         "quote_not_in_text"),
        ({"answer": "Perplexity", "options": ["Perplexity", "CLIPScore", "BLEU", "Glow"]},
         "answer_not_supported"),
        ({"options": ["Realism of generated images", "FID (Fréchet Inception Distance)",
                      "Perplexity", "BLEU"]}, "distractor_supported"),
        ({"options": ["CLIPScore", "FID (Fréchet Inception Distance)", "Perplexity"]},
         "malformed"),
        ({"options": ["CLIPScore", "FID (Fréchet Inception Distance)", "CLIPScore", "BLEU"]},
         "malformed"),
        ({"type": "cloze", "options": [], "question": "Fill in: FID (Fréchet Inception "
          "Distance) measures _____."}, "answer_in_question"),
        ({"type": "cloze", "options": [], "question": "Which metric measures realism?"},
         "malformed"),
        ({"difficulty": "impossible"}, "malformed"),
    ],
)  # fmt: skip
def test_check_item_names_the_broken_rule(changes: dict[str, Any], reason: str) -> None:
    assert check_item(item(**changes), CHUNK) == reason
    assert reason in DROP_REASONS


def test_nothing_is_given_away_by_the_stem_or_the_topic() -> None:
    cloze = item(type="cloze", options=[], answer="GANs", kind="recall",
                 question="Fill in the blank: _____, VAEs, and transformers are foundational.",
                 source=ItemSource("n", "t", "s", "GANs, VAEs, and transformers are "
                                   "foundational.", "c9"))  # fmt: skip
    text = "GANs, VAEs, and transformers are foundational."
    assert check_item(cloze, text) is None
    assert answer_in_topic(cloze, "GANs and VAEs"), "the topic names the answer"
    listed = item(type="short", options=[], answer="BLEU, ROUGE")
    assert answer_in_topic(listed, "Evaluation metrics such as FID and BLEU"), "one listed part"
    assert not answer_in_topic(item(kind="comparison"), "FID (Fréchet Inception Distance)")
    verifier = Verifier({"c9": text}, topic="GANs and VAEs")
    assert not verifier.admit(cloze) and verifier.dropped["answer_in_topic"] == 1
    mcq = item(question="Which model, unlike VAEs, uses two competing networks?",
               options=["GANs", "VAE", "Diffusion Models", "Transformers"], answer="GANs",
               source=ItemSource("n", "t", "s", "GANs compete.", "c9"))  # fmt: skip
    assert check_item(mcq, "GANs compete.") == "option_in_question", "'VAE' while it says VAEs"
    short = item(type="short", options=[], answer="Fréchet Inception Distance", aliases=["FID"],
                 question="What does FID stand for?")  # fmt: skip
    assert given_away(short) == "answer_in_question", "the acronym the answer expands"


def test_a_formula_is_given_away_by_its_name_and_a_name_by_its_formula() -> None:
    # A helper in the app: "Aerobic respiration of glucose is summarised by the
    # equation _____ + 6 O2 -> …", keyed "C6H12O6", on a newcomer's biology notes.
    blank = item(type="cloze", options=[], answer="C6H12O6", kind="recall",
                 question="Fill in the blank: Aerobic respiration of glucose is summarised "
                 "by the equation _____ + 6 O2 -> 6 CO2 + 6 H2O + energy.")  # fmt: skip
    assert given_away(blank) == "answer_in_question"
    named = item(type="short", options=[], answer="carbon dioxide",
                 question="What gas does a leaf take in as CO2 through its stomata?")  # fmt: skip
    assert given_away(named) == "answer_in_question"


def test_a_name_joined_by_an_en_dash_is_given_away_by_either_part() -> None:
    # Sheet 67, three raters of three: "Mir" of the topic names "Shuttle–Mir programme".
    blank = item(type="cloze", options=[], answer="Shuttle–Mir programme", kind="recall")
    assert answer_in_topic(blank, "Space stations from Salyut and Skylab to Mir and the ISS")


def test_a_word_only_the_answer_shares_with_the_stem_gives_it_away() -> None:
    described = item(
        question="How does the course's “4. Generative Model Families” describe Generative "
        "Adversarial Networks (GANs)?",
        answer="Generator vs. Discriminator in adversarial training.",
        options=["Generator vs. Discriminator in adversarial training.",
                 "Reverse noise process to create structured data.",
                 "Predict next token/pixel sequentially.",
                 "Encode data into latent space."],
    )  # fmt: skip
    assert given_away(described) == "answer_in_question"
    assert given_away(item()) is None


def test_a_false_statement_never_swaps_in_a_kind_of_the_original() -> None:
    gans = Term("Generative Adversarial Networks (GANs)", "name",
                aliases=("Generative Adversarial Networks", "GANs", "GAN"))  # fmt: skip
    assert related("CycleGAN", gans), "a CycleGAN is a GAN: the swap would stay true"
    assert related("Generative AI", Term("GANs", "acronym")) is False
    assert related("Generative AI", gans), "they share a word"
    assert not related("Transformers", gans)


def test_distractor_shapes_keep_titles_years_and_people_apart() -> None:
    quote = "Kingma & Welling, *Auto-Encoding Variational Bayes* (2013) — introduced VAEs."
    assert shape("Auto-Encoding Variational Bayes", quote) == "title"
    assert shape("Kingma & Welling") == shape("Goodfellow et al.") == "people"
    assert shape("2014–2017") == shape("2025–Present") == "period"
    assert shape("GANs & VAEs") == "term" and shape("BLEU, ROUGE") == "list"


def test_true_false_statements_are_the_quote_or_one_verified_swap() -> None:
    text = "GANs use competition between networks to refine creativity."
    source = ItemSource("n", "t", "s", f"**{text}**", "c1")
    true = QuizItem("tf", STATEMENT_PREFIX + text, "True", "e", source, list(TRUE_FALSE),
                    kind="truefalse")  # fmt: skip
    assert check_item(true, f"**{text}**") is None
    false = QuizItem("tf", STATEMENT_PREFIX + text.replace("GANs", "VAEs"), "False", "e",
                     source, list(TRUE_FALSE), kind="truefalse",
                     meta={"swap_from": "GANs", "swap_to": "VAEs"})  # fmt: skip
    assert check_item(false, f"**{text}**") is None
    lying = QuizItem("tf", STATEMENT_PREFIX + text, "False", "e", source, list(TRUE_FALSE),
                     kind="truefalse", meta={"swap_from": "GANs", "swap_to": "VAEs"})  # fmt: skip
    assert check_item(lying, f"**{text}**") == "answer_not_supported"
    assert grade_answer(false, "false") and not grade_answer(false, "True")


def test_order_items_name_the_neighbouring_step_of_the_quoted_sequence() -> None:
    source = ItemSource("n", "t", "8. Pipeline", PIPELINE, "c1")
    ordered = QuizItem(
        "mcq", "In the course's pipeline on “8. Pipeline”, which step comes right after "
        "“Preprocessing”?", "Model Training", "e", source,
        ["Model Training", "Evaluation", "Deployment", "Data Collection"], kind="order",
        meta={"after": "Preprocessing"},
    )  # fmt: skip
    assert sequence_steps(PIPELINE)[2] == "Model Training"
    assert check_item(ordered, PIPELINE) is None
    wrong = QuizItem(ordered.type, ordered.question, "Evaluation", "e", source,
                     ordered.options, kind="order", meta={"after": "Preprocessing"})  # fmt: skip
    assert check_item(wrong, PIPELINE) == "answer_not_supported"


def test_comparison_items_pair_each_row_with_its_own_cell() -> None:
    rows = FAMILIES.splitlines()
    quote = "\n".join(rows[2:4])
    left, right = "Variational Autoencoders (VAEs)", "Generative Adversarial Networks (GANs)"
    a, b = "Compress data into a latent space", "A minimax game between two players"
    c = "Reverse noise process to create structured data"
    compared = compared_item(left, right, (a, b), c, quote)
    options = compared.options
    assert check_item(compared, FAMILIES) is None
    swapped = QuizItem("mcq", compared.question, options[1], "e", compared.source, options,
                       kind="comparison", meta=compared.meta)  # fmt: skip
    assert check_item(swapped, FAMILIES) == "answer_not_supported"
    material = Material([passage(FAMILIES)], [], LineIndex([]), lambda a, c: [0.0] * len(c))
    drafts = structure_drafts(
        material, passage_units(0, passage(FAMILIES)), ["mcq"], random.Random(1)
    )
    assert drafts and all(check_item(d.item, FAMILIES) is None for d in drafts)


def test_model_items_leave_room_for_three_kinds() -> None:
    understanding = item(kind="understanding")
    assert leaves_room([], understanding, 6)
    assert leaves_room([understanding] * 3, understanding, 6)
    assert not leaves_room([understanding] * 4, understanding, 6), "two places for two kinds"
    assert leaves_room([understanding] * 4, item(kind="order"), 6)
    assert leaves_room([], understanding, 1), "a one-item quiz has one kind"


def test_an_item_whose_chunk_is_not_stored_is_rejected() -> None:
    assert check_item(item(), None) == "quote_not_in_text"


def test_paraphrased_llm_answers_need_most_of_their_words_in_the_quote() -> None:
    llm = item(
        type="short", options=[], origin="llm", answer="realism of the generated images",
        question="What does FID measure?",
    )  # fmt: skip
    assert check_item(llm, CHUNK) is None
    made_up = item(type="short", options=[], origin="llm", answer="sharpness of audio clips",
                   question="What does FID measure?")  # fmt: skip
    assert check_item(made_up, CHUNK) == "answer_not_supported"
    extractive = item(type="short", options=[], answer="realism of the generated images",
                      question="What does FID measure?")  # fmt: skip
    assert check_item(extractive, CHUNK) == "answer_not_supported", "extractive must be verbatim"


def test_verifier_drops_duplicates_and_counts_every_reason() -> None:
    verifier = Verifier({"c1": CHUNK})
    assert verifier.admit(item())
    same_fact_as_short = item(type="short", options=[], question="Which metric measures "
                              "“Realism of generated images” in the course table?")  # fmt: skip
    assert not verifier.admit(same_fact_as_short)
    reverse = item(
        question="What is the description of FID (Fréchet Inception Distance)?",
        answer="Realism of generated images",
        options=["Realism of generated images", "Text similarity to reference data",
                 "Predictive efficiency for LLMs", "Alignment of image and text semantics"],
    )  # fmt: skip
    assert not verifier.admit(reverse), "the same fact asked the other way round"
    assert not verifier.admit(item(source=ItemSource("n", "t", "s", "not in the text", "c1")))
    assert verifier.dropped == Counter({"duplicate": 2, "quote_not_in_text": 1})
    assert len(verifier.accepted) == 1


def test_two_blanks_in_one_sentence_ask_the_same_thing() -> None:
    quote = "**MuseNet and Magenta are pioneers in AI-generated music.**"
    source = ItemSource("n", "t", "s", quote, "c9")
    first = QuizItem("cloze", f"Fill in the blank: {BLANK} and Magenta are pioneers in "
                     "AI-generated music.", "MuseNet", "", source)  # fmt: skip
    second = QuizItem("cloze", f"Fill in the blank: MuseNet and {BLANK} are pioneers in "
                      "AI-generated music.", "Magenta", "", source)  # fmt: skip
    assert same_question(first, second)


def described(name: str, question: str, answer: str, section: str, quote: str) -> QuizItem:
    """A multiple-choice item asking what the course says ``name`` is or does."""
    return item(question=question, answer=answer, meta={"about": name},
                source=ItemSource("gen.md", "Gen AI", section, quote, section))  # fmt: skip


def test_two_descriptions_asked_of_one_name_are_one_question() -> None:
    """The app's VAEs quiz asked "How does … “5. Core Architecture Patterns” describe
    VAEs?" and "What do Variational Autoencoders (VAEs) do, according to … “4. Generative
    Model Families”?": a helper read one's answer off the other."""
    core = described(
        "VAEs",
        "How does the course's “5. Core Architecture Patterns” describe VAEs?",
        "Encoder compresses data into latent vectors; decoder reconstructs.",
        "5. Core Architecture Patterns",
        "VAEs: Encoder compresses data into latent vectors; decoder reconstructs.",
    )
    families = described(
        "Variational Autoencoders (VAEs)",
        "What do Variational Autoencoders (VAEs) do, according to the course's “4. Generative "
        "Model Families”?",
        "Encode data into latent space → decode new samples.",
        "4. Generative Model Families",
        "| Variational Autoencoders (VAEs) | Encode data into latent space → decode new samples. |",
    )
    gans = described(
        "GANs",
        "How does the course's “5. Core Architecture Patterns” describe GANs?",
        "Two networks compete.",
        "5. Core Architecture Patterns",
        "GANs: Two networks compete.",
    )
    assert same_question(core, families)
    assert not same_question(core, gans) and not same_question(families, gans)
