"""What the quiz review of 2026-12-03 (round G) found, one rule each.

Definitions on topic only through a word used in passing, descriptions among another
list's, answers guessable from the clue's meaning alone, and true statements that only
the topic line or their own wording decide.

Pure: hand-made text and units, stand-in similarities; no model, no index.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from rag.study.quiz import ItemSource, Material, QuizItem, structure_drafts, term_pool
from rag.study.quiz.distractors import PoolTerm, pick_distractors
from rag.study.quiz.drafts import draft_items, guessable
from rag.study.quiz.facts import unit_facts
from rag.study.quiz.kinds import pairing_guessable
from rag.study.quiz.matching import compound_words
from rag.study.quiz.model import STATEMENT_PREFIX, TRUE_FALSE
from rag.study.quiz.relevance import heading_names_topic, rows_off_topic
from rag.study.quiz.statements import (
    statement_subject,
    topic_names_subject,
)
from rag.study.quiz.units import Term, list_blocks, passage_units
from rag.study.quiz.verify import answer_in_topic, given_away
from tests.study.quiz.samples import FAMILY_LIST, item, passage


def no_similarity(answer: str, candidates: Sequence[str]) -> list[float]:
    return [0.0] * len(candidates)


def statements(material: Material, seeds: int = 12) -> dict[str, str]:
    """Every true/false statement the material's first passage gives, with its key."""
    return {
        d.item.question.removeprefix(STATEMENT_PREFIX): d.item.answer
        for seed in range(seeds)
        for d in structure_drafts(
            material, passage_units(0, material.passages[0]), ["tf"], random.Random(seed)
        )
    }


LANGUAGE_MODELS = """### Advanced Language Models (2024-2025)
- **GPT-4 and Beyond**: Multimodal capabilities, reasoning improvements, function calling
- **Gemini Pro**: Google's advanced multimodal model with native vision and audio processing
- **Claude 3 Family**: Opus, Sonnet, Haiku with enhanced safety and context understanding
- **Open Source LLMs**: LLaMA 2/3, Mistral, Falcon, community-driven development
"""

MODELS_LIST = """### Generative Models
- **Text-to-Audio Models**: Music generation, voice synthesis, sound design, spatial audio
- **Audio Generation**: Music, speech and sound effects from text prompts
- **Text-to-Video Models**: Sora, Runway Gen-2, Pika, video synthesis advances
"""


def test_lists_are_read_like_tables_with_their_lead_in_as_header() -> None:
    block = list_blocks(LANGUAGE_MODELS)[0]
    assert block.header == ["Advanced Language Models (2024-2025)"]
    assert [cells[0] for _, _, cells in block.rows][:2] == ["GPT-4 and Beyond", "Gemini Pro"]
    start, end, _ = block.rows[1]
    assert LANGUAGE_MODELS[start:end].startswith("**Gemini Pro**: Google's")


def test_a_list_item_is_on_topic_by_its_list_or_its_head_not_a_word_in_passing() -> None:
    """Round F: Gemini Pro ("…vision and audio processing") for "music and audio"."""
    off_list, on_list = passage(LANGUAGE_MODELS, "c1"), passage(MODELS_LIST, "c2")
    weights = {"music": 1.0, "audio": 1.15, "generat": 0.1}
    units = [u for u in passage_units(0, off_list) if "audio" in u.text]
    units += [u for u in passage_units(1, on_list) if "Audio" in u.text]
    off = rows_off_topic([off_list, on_list], units, weights)
    assert off == {(0, units[0].start)}, "only Gemini Pro: its list and head name no topic word"
    # With nothing structured on topic, the lines that name it are all there is.
    assert rows_off_topic([off_list], units[:1], weights) == set()


def test_a_name_is_not_on_topic_through_a_category_word() -> None:
    """ "Claude 3 Family" is no item for a quiz on generative model families."""
    chunk, table = (
        passage(LANGUAGE_MODELS, "c1"),
        passage(
            "| Model | Description |\n|---|---|\n| GANs | Two networks compete. |\n"
            "| VAEs | Encode into a latent space. |\n| Diffusion | Reverse a noise process. |\n",
            "c2",
            section="4. Generative Model Families",
        ),
    )
    weights = {"famili": 1.2, "generat": 0.05, "model": 0.1}
    claude = [u for u in passage_units(0, chunk) if "Opus" in u.text]
    rows = [u for u in passage_units(1, table) if "|" in u.line]
    assert rows_off_topic([chunk, table], claude + rows, weights) == {(0, claude[0].start)}


def test_a_frame_word_in_a_heading_does_not_make_it_about_the_topic() -> None:
    weights = {"mixtur": 2.3, "expert": 2.3, "architectur": 1.2}
    assert not heading_names_topic("5. Core Architecture Patterns", weights)
    assert heading_names_topic("Mixture of Experts (MoE) routing", weights)
    assert compound_words("Mixture-of-experts") >= {"mixtur", "expert"}


def test_a_description_takes_distractors_only_from_its_own_list() -> None:
    """Round F: "HMMs, n-gram text generation." (a timeline era) among kinds of model."""
    pool = [
        PoolTerm(Term("Music generation, voice synthesis", "phrase"), {"desc:Models"}, {"phrase"}),
        PoolTerm(Term("Sora, Runway Gen-2, Pika clips", "phrase"), {"desc:Models"}, {"phrase"}),
        PoolTerm(Term("HMMs, n-gram text generation", "phrase"), {"col:era"}, {"phrase"}),
        PoolTerm(Term("Low-latency, interactive systems", "phrase"), {"desc:Trends"}, {"phrase"}),
    ]
    answer = Term("Cross-modal generation, text-to-3D", "phrase", "desc:Models")
    picked = pick_distractors(answer, "desc:Models", "phrase", "q", "Multimodal Generation",
                              pool, [], no_similarity, random.Random(0))  # fmt: skip
    assert picked is None, "two mates only: no third of another kind"
    pool.append(PoolTerm(Term("Mamba, S4, linear models", "phrase"), {"desc:Models"}, {"phrase"}))
    picked = pick_distractors(answer, "desc:Models", "phrase", "q", "Multimodal Generation",
                              pool, [], no_similarity, random.Random(0))  # fmt: skip
    assert picked is not None and "HMMs, n-gram text generation" not in dict(picked)


def test_a_shared_part_of_a_hyphenated_word_gives_the_answer_away() -> None:
    options = ["Parameter-Efficient Fine-tuning", "RLHF and DPO", "Constitutional AI",
               "Large Language Models (LLMs)"]  # fmt: skip
    peft = item(answer=options[0], options=options, kind="definition",
                question="Which item is described as “LoRA, QLoRA, adapters for efficient "
                "customization”?")  # fmt: skip
    assert given_away(peft) == "answer_in_question"
    # Another option saying "efficient" too still leaves the key among two: the brief's
    # "a word of a multi-word answer in the stem" (three raters of three on a psychology
    # course: "a formerly neutral stimulus…" among two stimuli and two responses).
    halved = item(answer=options[0], options=[*options[:3], "Efficient Generative Models"],
                  kind="definition", question=peft.question)  # fmt: skip
    assert given_away(halved) == "answer_in_question"
    typed = item(type="short", options=[], answer="Neural Rendering & 3D Diffusion",
                 kind="definition", question="Which item is described as “Text-to-3D "
                 "pipelines.”?")  # fmt: skip
    assert given_away(typed) == "answer_in_question"
    models = item(type="short", options=[], answer="Foundation Models", kind="definition",
                  question="Which item is described as “Large-scale models for many tasks”?")  # fmt: skip
    assert given_away(models) is None, "'models' is in every model's name"


def test_an_answer_the_clue_s_meaning_alone_picks_out_is_guessable() -> None:
    def similar(clue: str, candidates: Sequence[str]) -> list[float]:
        return [0.46 if c == "Entertainment" else 0.30 for c in candidates]

    clue = "Game development, movie production, music creation"
    assert guessable(clue, "Entertainment", ["Healthcare", "Marketing", "Education"], similar)
    assert not guessable(clue, "Healthcare", ["Entertainment", "Marketing"], similar)


def test_a_guessable_description_makes_no_multiple_choice_item() -> None:
    # Names that must be learnt (plain-word names are never matched among siblings, see
    # test_quiz_check_sheet.py); the stand-in similarity decides alone here.
    text = "\n".join(
        f"- **{name}**: {desc}"
        for name, desc in [
            ("GameGAN", "Game development, movie production, music creation"),
            ("MedGAN", "Drug discovery, medical image synthesis, patient education"),
            ("AdGPT", "Ad generation, content personalization, brand creation"),
            ("EduLLM", "Content generation, personalized learning materials"),
        ]
    )
    chunk = passage(text, section="Industry Applications")
    pool, lines = term_pool([chunk])

    def pointing(clue: str, candidates: Sequence[str]) -> list[float]:
        return [0.9 if clue.startswith("Game") and c == "GameGAN" else 0.3
                for c in candidates]  # fmt: skip

    units = passage_units(0, chunk)
    for similar, asked in ((no_similarity, True), (pointing, False)):
        material = Material([chunk], pool, lines, similar)
        drafts = draft_items(material, units, ["mcq"], random.Random(0))
        game = [d for d in drafts if "Game development" in d.item.question]
        assert bool(game) is asked


def test_a_vague_or_cited_line_gives_no_definition() -> None:
    vague = passage("1. **Multimodal AI integrates various creative dimensions.**\n")
    assert not [f for u in passage_units(0, vague) for f in unit_facts(u, vague)]
    cited = passage("- Sora: Text-to-Video Generation Model (OpenAI, 2025) — next-gen video.\n")
    assert not [f for u in passage_units(0, cited) for f in unit_facts(u, cited)]
    clear = passage("BERT can answer questions, predict sentences, and translate texts.\n")
    facts = [f for u in passage_units(0, clear) for f in unit_facts(u, clear)]
    assert [f.term for f in facts] == ["BERT"]


def test_what_a_statement_is_about() -> None:
    assert statement_subject("GANs use two networks that compete.") == "GANs"
    assert statement_subject("Released in 2018, BERT was one of the first models.") == "BERT"
    assert statement_subject("Models like GPT, T5, and PaLM generate text.") == (
        "Models like GPT, T5, and PaLM"
    )
    assert statement_subject("Advances in multimodal AI for everyone, everywhere, today.") == (
        "Advances in multimodal AI for"
    ), "no verb: its first five words"


def test_a_true_statement_about_what_the_topic_names_needs_a_fair_false_twin() -> None:
    """Round F: "GANs use competition between networks…" in a quiz on how GANs work."""
    chunk = passage(FAMILY_LIST, section="Generative model families")
    pool, lines = term_pool([chunk])
    sentence = "Diffusion Models turn random noise into a sample by removing noise step by step."

    def material(topic: str, weights: dict[str, float]) -> Material:
        return Material([chunk], pool, lines, lambda a, c: [0.5] * len(c), weights=weights,
                        topic=topic)  # fmt: skip

    how = material("How diffusion models work", {"diffus": 2.0, "model": 0.1})
    assert topic_names_subject(sentence, how)
    # Its false twin swaps Diffusion Models out for a family the topic does not name:
    # false at sight, so neither statement is asked.
    assert sentence not in statements(how, seeds=20)
    families = material("Generative model families", {"famili": 1.2, "model": 0.1})
    assert not topic_names_subject(sentence, families)
    assert statements(families, seeds=20).get(sentence) == "True"


def test_a_false_statement_swaps_one_name_for_one_name() -> None:
    """Not "Tools like Mistral, xAI, Cohere’s MuseNet…" for OpenAI's."""
    text = (
        "| Company | Models |\n|---|---|\n| OpenAI | GPT, DALL·E, Sora |\n"
        "| Mistral, xAI, Cohere | Lightweight LLMs |\n| Google DeepMind | Gemini, Imagen |\n"
        "| Anthropic | Claude models |\n| Meta AI | LLaMA models |\n\n"
        "Tools like OpenAI’s MuseNet and Google’s Magenta compose original pieces in many styles."
    )
    chunk = passage(text, section="Music and audio generation")
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.5] * len(c))
    swaps = {
        d.item.meta.get("swap_to")
        for seed in range(12)
        for d in structure_drafts(material, passage_units(0, chunk), ["tf"], random.Random(seed))
    }
    assert "Mistral, xAI, Cohere" not in swaps and "Google DeepMind" in swaps


def test_rows_whose_names_point_at_their_descriptions_make_no_comparison() -> None:
    """Round G: "Image Generation — Creates realistic or stylized visuals" pairs itself."""
    # Compared without the words every name has: "Image", "Code".
    pointing = {("Image", "Creates visuals"): 0.6, ("Code", "Writes programs"): 0.5}

    def similar(name: str, descriptions: Sequence[str]) -> list[float]:
        return [pointing.get((name, d), 0.2) for d in descriptions]

    assert pairing_guessable("Image Generation", "Creates visuals", "Code Generation",
                             "Writes programs", similar)  # fmt: skip
    assert not pairing_guessable("FID", "Realism of images", "Perplexity", "Efficiency", similar)


def test_a_typed_answer_with_a_word_of_the_topic_is_given_away() -> None:
    typed = item(type="short", options=[], answer="Open Source LLMs", kind="definition",
                 question="Which item is described as “LLaMA 2/3, Mistral, Falcon”?")  # fmt: skip
    assert answer_in_topic(typed, "Large language models (LLMs) that predict the next token")
    assert not answer_in_topic(typed, "Current research trends in generative AI")


def test_a_true_statement_of_what_the_topic_itself_claims_is_decided_by_it() -> None:
    """Round I: the topic "LLMs that predict the next token" says the statement's claim."""
    text = (
        "Models like GPT, T5, and PaLM generate paragraphs, stories, and even code by "
        "predicting the next word in a sequence based on context."
    )
    true = QuizItem("tf", STATEMENT_PREFIX + text, "True", "e",
                    ItemSource("n", "t", "s", text, "c1"), list(TRUE_FALSE), kind="truefalse")  # fmt: skip
    assert answer_in_topic(true, "Large language models (LLMs) that predict the next token")
    assert not answer_in_topic(true, "Natural language generation with large language models")


def test_an_era_s_distractors_are_the_nearest_eras() -> None:
    """Check sheet: "Early statistical…" → 1980s–1990s against only eras from 2018 on."""
    eras = ["2000s", "2014–2017", "2018–2020", "2021–2024", "2025–Present"]
    pool = [PoolTerm(Term(era, "name"), {"col:era"}, {"head"}) for era in eras]
    answer = Term("1980s–1990s", "name", "col:era")
    picked = pick_distractors(answer, "col:era", "head", "q", "Early statistical generators",
                              pool, [], no_similarity, random.Random(0))  # fmt: skip
    assert picked is not None and {t for t, _ in picked} == {"2000s", "2014–2017", "2018–2020"}


def test_a_typed_acronym_whose_expansion_the_clue_half_spells_is_given_away() -> None:
    clue = "Two networks compete (Generator G creates synthetic data; Discriminator D…)."
    gans = item(type="short", options=[], answer="GANs", kind="definition",
                aliases=["Generative Adversarial Networks"],
                question=f"Which item is described as “{clue}”?")  # fmt: skip
    assert given_away(gans) == "answer_in_question"
    rlhf = item(type="short", options=[], answer="RLHF", kind="definition",
                aliases=["Reinforcement Learning from Human Feedback"],
                question="Which item is described as “Optimize generations via feedback”?")  # fmt: skip
    assert given_away(rlhf) is None, "one word of four"


def test_a_typed_answer_sharing_generative_with_the_topic_is_given_away() -> None:
    agents = item(type="short", options=[], answer="Generative Agents", kind="definition",
                  question="Which item is described as “LLMs generating behaviors”?")  # fmt: skip
    assert answer_in_topic(agents, "Current research trends in generative AI")
