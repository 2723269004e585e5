"""What the second check sheet (eval/quiz_check2.md) found: names that say what they name.

Rows such as "Efficient Generative Models — Smaller, faster, more accessible models" or
"Healthcare — Drug discovery, molecular design" are matched to their descriptions by
reading, without the course; raters found no credible wrong option in 7 of 10 such items.
Such a row is asked as a typed answer, and two rows named by one plain word each are
never compared.

Pure: hand-made text, a stand-in similarity that finds nothing guessable (so only the
naming rule decides); no model, no index.
"""

from __future__ import annotations

import random

import pytest

from rag.study.quiz import Material, term_pool
from rag.study.quiz.drafts import draft_items, self_describing
from rag.study.quiz.relevance import topic_weights
from rag.study.quiz.units import passage_units
from tests.study.quiz.samples import comparisons, no_similarity, passage

TRENDS = """### 🌐 Emerging Trends (2024-2025)
- **Multimodal Foundation Models**: Integrated vision, audio, and text understanding
- **Efficient Generative Models**: Smaller, faster, more accessible models
- **Agentic Generative AI**: Autonomous creative systems and workflows
- **Responsible Generation**: Bias mitigation, content safety, ethical considerations
"""

METRICS = """### 11. Evaluation Metrics
- **FID (Fréchet Inception Distance)**: Realism of generated images
- **CLIPScore**: Alignment of image and text semantics
- **BLEU / ROUGE**: Text similarity to reference data
- **LPIPS**: Perceptual distance between image patches
"""

APPLICATIONS = """## 10. Applications

| Domain | Use Case |
|---|---|
| Healthcare | Drug discovery, molecular design |
| Gaming | Procedural world and character generation |
| Finance | Synthetic data for model training |
| Education | Personalized learning materials |
"""


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("Efficient Generative Models", True),
        ("Responsible Generation", True),
        ("Agentic Generative AI", True),  # "AI" is a word every model's name has
        ("Healthcare", True),
        ("Design & Media", True),
        ("Fine-tuning", True),
        ("GANs", False),
        ("FID (Fréchet Inception Distance)", False),
        ("CLIPScore", False),
        ("BLEU / ROUGE / METEOR", False),
        ("1980s–1990s", False),
        ("Open Source LLMs", False),
        ("Neural Rendering & 3D Diffusion", False),
        ("Generative AI", False),  # only words every name has: nothing says what it is
    ],
)
def test_a_name_of_plain_words_may_say_what_it_names(name: str, plain: bool) -> None:
    assert self_describing(name) is plain


def drafted(text: str, section: str) -> list[object]:
    chunk = passage(text, section=section)
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, no_similarity)
    return [
        d.item
        for seed in range(3)
        for d in draft_items(material, passage_units(0, chunk), ["mcq", "short"],
                             random.Random(seed))
    ]  # fmt: skip


def test_a_row_whose_name_says_what_it_is_is_asked_typed_not_among_its_siblings() -> None:
    items = drafted(TRENDS, "🌐 Emerging Trends (2024-2025)")
    described = [i for i in items if "Smaller, faster" in i.question]  # type: ignore[attr-defined]
    assert described, "the row is still asked"
    assert {i.type for i in described} == {"short"}  # type: ignore[attr-defined]
    # Nor the other way round: "How does … describe Efficient Generative Models?".
    assert not [i for i in items if i.type == "mcq"]  # type: ignore[attr-defined]


def test_rows_whose_names_must_be_learnt_are_still_matched_among_siblings() -> None:
    items = drafted(METRICS, "11. Evaluation Metrics")
    mcq = [i for i in items if i.type == "mcq"]  # type: ignore[attr-defined]
    assert any(i.answer == "CLIPScore" for i in mcq)  # type: ignore[attr-defined]


COMPONENTS = """## 6. Core Components

| Component | Function |
|---|---|
| Model Architecture | Defines how the system learns and generates |
| Loss Function | Guides learning by measuring error |
| Training Data | The examples the model learns patterns from |
"""


def test_two_rows_of_one_plain_word_each_are_never_compared() -> None:
    assert not comparisons(APPLICATIONS, "10. Applications", 5), (
        "Gaming and Healthcare pair themselves"
    )
    # Two words each say less by themselves: raters found these fair comparisons.
    assert comparisons(COMPONENTS, "10. Applications", 5)
    learnt = APPLICATIONS
    for plain, coined in (("Healthcare", "MedGAN"), ("Gaming", "GameGAN"),
                          ("Finance", "FinGPT"), ("Education", "EduLLM")):  # fmt: skip
        learnt = learnt.replace(f"| {plain} |", f"| {coined} |")
    assert comparisons(learnt, "10. Applications", 5), (
        "the same rows under names that must be learnt"
    )


def test_a_title_line_is_never_blanked() -> None:
    """`rag quiz "Emerging trends in generative AI"` asked "Fill in the blank: Exploring the
    _____ through Generative Artificial Intelligence" of a text's unmarked title."""
    from rag.study.quiz.blanks import cloze_candidates

    text = (
        "Exploring the Creative Power of Machines through Generative Artificial Intelligence\n\n"
        "Generative AI models like GPT and Stable Diffusion create new text and images.\n"
    )
    title, sentence = passage_units(0, passage(text, section="Generative AI"))[:2]
    assert not cloze_candidates(title, ["creative", "machines"])
    assert cloze_candidates(sentence)


def test_a_true_statement_its_spelled_out_subject_decides_is_not_offered() -> None:
    """Main sheet, 2026-12-03: "True or false: NLG enables machines to understand and
    produce human language." — Natural Language Generation says as much."""
    from rag.study.quiz.statements import spelled_out_by_subject

    text = (
        "Natural Language Generation (NLG) creates text. NLG enables machines to understand "
        "and produce human language. GPT-2 predicts tokens. BERT encodes text bidirectionally."
    )
    chunk = passage(text, section="Natural Language Generation")
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, no_similarity)
    claim = "NLG enables machines to understand and produce human language."
    assert spelled_out_by_subject(claim, material)
    assert not spelled_out_by_subject("BERT encodes text bidirectionally in 2018.", material)
    assert not spelled_out_by_subject("NLG was studied in 1985 by statisticians.", material)


def test_a_swap_whose_own_name_names_another_modality_is_not_made() -> None:
    from rag.study.quiz.matching import content_words
    from rag.study.quiz.statements import modality_clash

    about_text = content_words("Models like GPT generate paragraphs by predicting the next word")
    assert modality_clash("PixelCNN", about_text), "a pixel model said to write paragraphs"
    assert modality_clash("WaveNet", content_words("Models like DALL-E generate images"))
    assert not modality_clash("T5", about_text), "its name names no modality"
    assert not modality_clash("VideoGPT", content_words("Models like Sora generate video clips"))


def test_options_whose_answer_the_stem_spells_out_give_it_away() -> None:
    """Main sheet, 2026-12-03: "…described as 'Reinforcement Learning from Human Feedback,
    Direct Preference Optimization'?" with "RLHF and DPO" among the options."""
    from rag.study.quiz.verify import given_away
    from tests.study.quiz.samples import item

    spelled = item(
        question="In the course's list on “Alignment”, which item is described as "
        "“Reinforcement Learning from Human Feedback, Direct Preference Optimization”?",
        answer="RLHF and DPO",
        options=["RLHF and DPO", "Mixture of Experts", "Constitutional AI", "LoRA"],
    )
    assert given_away(spelled) == "answer_in_question"
    fair = item(
        question="In the course's list on “Alignment”, which item is described as "
        "“Training with human preference comparisons”?",
        answer="RLHF and DPO",
        options=["RLHF and DPO", "Mixture of Experts", "Constitutional AI", "LoRA"],
    )
    assert given_away(fair) is None


KEY_MODELS = """### Key Models Behind Generative AI

Variational Autoencoders (VAEs) compress data to learn latent representations of images.
Generative Adversarial Networks (GANs) use competition between two networks to refine outputs.
"""

HISTORY = """### 3. Evolution of Generative AI

The history of generative AI runs from Markov models to diffusion, milestone by milestone.
"""


def test_a_sentence_definition_is_asked_only_in_a_quiz_on_what_it_defines() -> None:
    """Third check sheet: VAEs' and GANs' definitions in a quiz on milestones in the
    history of generative AI, which names neither."""
    chunks = [passage(KEY_MODELS, section="Key Models"), passage(HISTORY, "c2", "3. Evolution")]
    pool, lines = term_pool(chunks)
    texts = [c.text for c in chunks] + ["Generative AI text."] * 4

    def definitions(topic: str) -> set[str]:
        weights = topic_weights(topic, texts)
        material = Material(chunks, pool, lines, no_similarity, weights=weights, topic=topic)
        units = passage_units(0, chunks[0])
        drafts = draft_items(material, units, ["mcq", "short"], random.Random(0))
        return {d.item.answer for d in drafts if d.item.question.startswith("According to")}

    assert definitions("Variational autoencoders and latent spaces") >= {
        "Variational Autoencoders (VAEs)"
    }
    assert not definitions("Milestones in the history of generative AI")


def test_a_false_swap_out_of_what_the_topic_names_by_one_word_is_decided_by_it() -> None:
    """Fourth check sheet: "Autoregressive Models compress data to learn latent
    representations" (False), in a quiz on "Latent spaces and autoencoders"."""
    from rag.study.quiz import ItemSource, QuizItem
    from rag.study.quiz.verify import swapped_out_of_topic

    def swap(original: str, swapped: str) -> QuizItem:
        source = ItemSource("n.md", "Notes", "Key Models", f"{original} compress data.", "c1")
        return QuizItem("tf", f"True or false: {swapped} compress data.", "False", "", source,
                        ["True", "False"], "medium", kind="truefalse",
                        meta={"swap_from": original, "swap_to": swapped})  # fmt: skip

    vaes = "Variational Autoencoders (VAEs)"
    assert swapped_out_of_topic(
        swap(vaes, "Autoregressive Models"), "Latent spaces and autoencoders"
    )
    assert not swapped_out_of_topic(swap(vaes, "Autoregressive Models"), "Model families")
    # "models" is in every name: a topic on diffusion models names no autoregressive one.
    assert not swapped_out_of_topic(swap("Autoregressive Models", "Flow-based Models"),
                                    "Generative models and their training")  # fmt: skip
    # A word before the head noun does not name it: raters found this swap fair.
    gans = "Generative Adversarial Networks (GANs)"
    assert not swapped_out_of_topic(swap(gans, "Flow-based Models"),
                                    "Adversarial training with a generator and a discriminator")  # fmt: skip


TECHNOLOGIES = """### 🔍 Key Technologies to Master
- **Transformer Architecture**: Attention mechanisms and self-attention
- **Large Language Models**: GPT-4, Claude, LLaMA, instruction tuning
- **Diffusion Models**: Image generation and denoising processes
- **Fine-tuning Techniques**: LoRA, QLoRA, PEFT methods
- **Prompt Engineering**: Few-shot learning, chain-of-thought, instruction following
"""


def test_a_list_on_topic_through_some_names_is_asked_about_at_those_rows() -> None:
    """Fourth check sheet: "Large Language Models: GPT-4, Claude, LLaMA, instruction
    tuning" asked in a quiz on prompt engineering and instruction tuning, because two
    other items of its list name the topic."""
    from rag.study.quiz.relevance import rows_off_topic

    chunk = passage(TECHNOLOGIES, section="🔍 Key Technologies to Master")
    texts = [TECHNOLOGIES, *["Generative AI models and text."] * 6]
    weights = topic_weights("Prompt engineering and instruction tuning", texts)
    units = passage_units(0, chunk)
    off = rows_off_topic([chunk], units, weights)
    asked = {u.text.split(":")[0] for u in units if (u.passage, u.start) not in off}
    assert asked == {"Prompt Engineering", "Fine-tuning Techniques"}


def test_a_comparison_the_topic_pairs_through_an_acronym_s_words_is_given_away() -> None:
    """Fourth check sheet: "Evaluating language models with perplexity" pairs Perplexity
    with "Predictive efficiency for LLMs" (Large Language Models)."""
    from rag.study.quiz.verify import answer_in_topic
    from tests.study.quiz.samples import compared_item

    compared = compared_item(
        "BLEU / ROUGE / METEOR", "Perplexity",
        ("Text similarity to reference data", "Predictive efficiency for LLMs"),
        "Realism of generated images",
    )  # fmt: skip
    assert answer_in_topic(compared, "Evaluating language models with perplexity")
    assert not answer_in_topic(compared, "Evaluation metrics and perplexity")
