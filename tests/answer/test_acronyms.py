"""What an acronym stands for: found by its initials (pure), then answered from the index."""

from __future__ import annotations

import pytest

from rag.answer.acronyms import asked_acronym, expansion_sentence, find_expansion, spelled_out
from rag.assistant import Assistant


@pytest.mark.parametrize(
    ("question", "acronym"),
    [
        ("What does RLHF stand for?", "RLHF"),
        ("what does DPO stand for in LLM alignment?", "DPO"),
        ("What is the full form of BERT?", "BERT"),
        ("What does the acronym NLG mean?", "NLG"),
        ("What is FID short for?", "FID"),
        ("What do GANs stand for?", "GANs"),
        ("What does attention mean?", None),  # a word, not an acronym
        ("What is RLHF?", None),  # asks what it is, which the evidence answers
    ],
)
def test_a_question_asking_to_spell_out_an_acronym(question: str, acronym: str | None) -> None:
    assert asked_acronym(question) == acronym


@pytest.mark.parametrize(
    ("acronym", "text", "expansion"),
    [
        ("RLHF", "RLHF and DPO: Reinforcement Learning from Human Feedback, Direct Preference "
         "Optimization", "Reinforcement Learning from Human Feedback"),
        ("DPO", "RLHF and DPO: Reinforcement Learning from Human Feedback, Direct Preference "
         "Optimization", "Direct Preference Optimization"),
        ("BERT", "Bidirectional Encoder Representations from Transformers (BERT) was one of",
         "Bidirectional Encoder Representations from Transformers"),
        ("GPT", "The Generative Pre-trained Transformer (GPT) model",
         "Generative Pre-trained Transformer"),  # a hyphenated word gives one initial here
        ("GANs", "Generative Adversarial Networks (GANs) use two networks",
         "Generative Adversarial Networks"),
        ("VAE", "Variational Autoencoders (VAEs): Encode data", "Variational Autoencoders"),
        ("MoE", "Mixture of Experts (MoE): Sparse models", "Mixture of Experts"),
        ("RoBERTa", "RoBERTa the full form for this is the Robustly Optimized BERT Pretraining "
         "Approach.", "Robustly Optimized BERT Pretraining Approach"),
        # Not spelled out: the acronym only, or lower-case words that share the initials.
        ("RLHF", "Reinforcement (RLAIF / RLHF): Optimize generations via feedback.", None),
        ("GAN", "Good artistic networks are a GAN's dream.", None),
    ],
)  # fmt: skip
def test_an_expansion_is_found_by_its_initials(
    acronym: str, text: str, expansion: str | None
) -> None:
    assert find_expansion(acronym, text) == expansion


def test_what_an_acronym_stands_for_is_answered_from_the_passage_that_spells_it_out(
    corpus_assistant: Assistant,
) -> None:
    """The spelled-out form was in no passage retrieved for the question; it is found by
    the acronym, where before the answer was 'Reinforcement (RLAIF / RLHF): Optimize…'."""
    answer = corpus_assistant.ask("What does RLHF stand for?")
    assert answer.answer == "RLHF stands for Reinforcement Learning from Human Feedback [1]."
    (citation,) = answer.citations
    assert "Reinforcement Learning from Human Feedback" in citation.passage.text
    assert all(s.supported for s in answer.sentences)
    refused = corpus_assistant.ask("What is the full form of MCP?")
    assert refused.abstained and "no passage spells out MCP" in refused.reason


def test_an_acronym_counts_in_either_number_and_the_verb_agrees() -> None:
    """ "What does GAN stand for?" was refused: the course writes "(GANs)"."""
    text = "Generative Adversarial Networks (GANs) use two networks."
    assert spelled_out("GAN", text) == "Generative Adversarial Networks"
    assert spelled_out("GANs", text) == "Generative Adversarial Networks"
    assert spelled_out("VAE", text) is None, "a passage that does not name it"
    assert expansion_sentence("GAN", "Generative Adversarial Networks", 1).startswith(
        "GAN stands for"
    )
    assert expansion_sentence("GANs", "Generative Adversarial Networks", 1).startswith(
        "GANs stand for"
    )
