"""Hand-made course text and items shared by the quiz tests."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

from rag.assistant import Assistant
from rag.schema import Passage
from rag.study.quiz import (
    BLANK,
    ItemSource,
    Material,
    Quiz,
    QuizItem,
    structure_drafts,
    term_pool,
)
from rag.study.quiz.model import comparison_option
from rag.study.quiz.units import passage_units

CHUNK = """## 11. Evaluation Metrics

| Metric | Description |
|---|---|
| BLEU / ROUGE / METEOR | Text similarity to reference data |
| FID (Fréchet Inception Distance) | Realism of generated images |
| CLIPScore | Alignment of image and text semantics |
| Perplexity | Predictive efficiency for LLMs |

- **Diffusion Models**: Start with random noise and iteratively denoise to produce a sample.
- **Transformers**: Use attention mechanisms to model dependencies across tokens.
- Examples: Tacotron, WaveNet, ElevenLabs, Play.ht

Generative Adversarial Networks (GANs) use two networks that compete to improve results.
"""


def passage(
    text: str = CHUNK, chunk_id: str = "c1", section: str = "11. Evaluation Metrics"
) -> Passage:
    return Passage(chunk_id, text, "notes.md", "Notes", section, 0, len(text), score=0.6)


def no_similarity(answer: str, candidates: Sequence[str]) -> list[float]:
    """No two texts alike: distractors and pairings are chosen by the text's rules alone."""
    return [0.0] * len(candidates)


def comparisons(table: str, section: str, seeds: int = 8) -> list[QuizItem]:
    """The comparison items drafted from one table, over ``seeds`` seeds."""
    chunk = passage(table, section=section)
    material = Material([chunk], [], term_pool([chunk])[1], no_similarity)
    return [
        d.item
        for seed in range(seeds)
        for d in structure_drafts(material, passage_units(0, chunk), ["mcq"], random.Random(seed))
        if d.item.kind == "comparison"
    ]


def item(**changes: Any) -> QuizItem:
    """A valid mcq item over CHUNK; tests change one field to break one rule."""
    values: dict[str, Any] = {
        "type": "mcq",
        "question": "Which metric has the description “Realism of generated images”?",
        "answer": "FID (Fréchet Inception Distance)",
        "explanation": "According to “11. Evaluation Metrics”: FID measures realism.",
        "source": ItemSource(
            "notes.md", "Notes", "11. Evaluation Metrics",
            "| FID (Fréchet Inception Distance) | Realism of generated images |", "c1",
        ),
        "options": ["CLIPScore", "FID (Fréchet Inception Distance)", "Perplexity", "BLEU"],
        "difficulty": "medium",
    }  # fmt: skip
    values.update(changes)
    return QuizItem(**values)


PIPELINE = "Data Collection → Preprocessing → Model Training → Evaluation → Deployment"
FAMILIES = """| Model Type | Description |
|---|---|
| Variational Autoencoders (VAEs) | Compress data into a latent space. |
| Generative Adversarial Networks (GANs) | A minimax game between two players. |
| Diffusion Models | Reverse noise process to create structured data. |
"""


def hand_made_quiz() -> Quiz:
    cloze = QuizItem(
        "cloze", f"Fill in the blank: {BLANK} use two networks that compete.",
        "Generative Adversarial Networks (GANs)", "According to “Notes”: GANs compete.",
        ItemSource("notes.md", "Notes", "Key Models, GANs", "GANs use two networks", "c2"),
        [], "hard", ["GANs"], "extractive", "q2",
    )  # fmt: skip
    return Quiz("GANs\tand metrics", 2, "mixed", 7, "extractive", [item(id="q1"), cloze],
                {"duplicate": 2}, "")  # fmt: skip


def parse_markdown(text: str) -> tuple[list[str], list[str]]:
    questions_part, key_part = text.split("## Answer key")
    questions = re.findall(r"^\d+\. (.+)$", questions_part, re.MULTILINE)
    answers = re.findall(r"^\d+\. \*\*(.+?)\*\*", key_part, re.MULTILINE)
    return questions, answers


def stored_text(assistant: Assistant, chunk_id: str) -> str:
    chunks = assistant.store.get([chunk_id])
    assert chunks, f"chunk {chunk_id} is not in the index"
    return chunks[0].text


def compared_item(
    left: str, right: str, own: tuple[str, str], other: str, quote: str = "q", chunk_id: str = "c1"
) -> QuizItem:
    """A comparison whose key pairs ``left`` with ``own[0]`` and ``right`` with ``own[1]``;
    the wrong options swap the two or bring in ``other``, another row's description."""
    a, b = own
    options = [comparison_option(left, a, right, b), comparison_option(left, b, right, a),
               comparison_option(left, other, right, a), comparison_option(left, b, right, other)]  # fmt: skip
    return QuizItem("mcq", "How does the course tell them apart?", options[0], "e",
                    ItemSource("n", "t", "s", quote, chunk_id), options, kind="comparison",
                    meta={"left": left, "right": right})  # fmt: skip


FAMILY_LIST = """- **Diffusion Models**: Start from random noise and denoise it step by step.
- **Transformers**: Use attention to model dependencies across tokens.
- **Autoregressive Models**: Predict the next token from the tokens before it.
- **Flow Models**: Learn invertible maps between the data and a simple distribution.

Diffusion Models turn random noise into a sample by removing noise step by step.
"""
