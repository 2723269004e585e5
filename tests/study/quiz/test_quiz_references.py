"""Who wrote a listed work: bibliography lines make items (session 55).

"Diffusion models" made two items of six from the bundled notes: every line on them
names diffusion models, so asking for the name gives it away. The list of foundational
papers says who wrote what, and the authors are no part of the topic's name.
"""

from __future__ import annotations

import random

from rag.study.quiz import ItemType, Material, draft_items, relevant_units, term_pool
from rag.study.quiz.grading import grade_item
from rag.study.quiz.model import QuizItem
from tests.study.quiz.samples import passage

PAPERS = """## 16. Foundational Papers

- Goodfellow et al., *Generative Adversarial Nets* (2014) — introduced GANs.
- Kingma & Welling, *Auto-Encoding Variational Bayes* (2013) — introduced VAEs.
- Vaswani et al., *Attention Is All You Need* (2017) — introduced Transformers.
- Ho et al., *Denoising Diffusion Probabilistic Models* (2020) — diffusion foundations.
- CLIP (2021) — learning transferable visual models from natural language supervision.
"""


def _items(kind: ItemType) -> list[QuizItem]:
    chunk = passage(PAPERS, section="16. Foundational Papers")
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.5] * len(c))
    units = relevant_units([chunk], {}, gate=False)
    return [d.item for d in draft_items(material, units, [kind], random.Random(1))]


def test_a_bibliography_line_asks_who_wrote_the_work_with_authors_as_options() -> None:
    asked = {item.answer: item for item in _items("mcq")}
    attention = asked["Vaswani et al."]
    assert "who wrote “Attention Is All You Need” (2017)" in attention.question
    assert "introduced Transformers" in attention.question
    assert set(attention.options) == {
        "Vaswani et al.", "Goodfellow et al.", "Kingma & Welling", "Ho et al."
    }  # fmt: skip
    # A work cited without its authors ("CLIP (2021) — …") asks nothing of them.
    assert not any("CLIP" in item.question for item in asked.values())


def test_a_typed_author_is_right_by_the_first_name_alone() -> None:
    typed = {item.answer: item for item in _items("short")}
    kingma = typed["Kingma & Welling"]
    assert grade_item(kingma, "Kingma").correct
    assert grade_item(kingma, "kingma and welling").correct
    assert not grade_item(kingma, "Goodfellow").correct
