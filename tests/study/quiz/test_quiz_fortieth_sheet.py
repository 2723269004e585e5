"""What check sheet 40 (eval/quiz_check40_biochemistry.md, three raters per item,
majority deciding) found that a rule could mend: a quiz on "The urea cycle" was drawn
from the section on the citric acid cycle, another cycle of the same course.
"""

from __future__ import annotations

import random

import pytest

from rag.study.quiz import Material, structure_drafts, term_pool
from rag.study.quiz.relevance import (
    compound_name,
    heading_names_topic,
    names_sibling,
    relevant_units,
    topic_weights,
)
from rag.study.quiz.units import passage_units
from tests.study.quiz.samples import no_similarity, passage

CITRIC = """## 4. The Citric Acid Cycle

The citric acid cycle (Krebs or TCA cycle) runs in the mitochondrial matrix.
The cycle is amphibolic: α-ketoglutarate and oxaloacetate are withdrawn to make glutamate.

| Step | Reaction |
|---|---|
| 1 | Acetyl-CoA + oxaloacetate → citrate |
| 2 | Citrate → isocitrate |
| 3 | Isocitrate → α-ketoglutarate + CO₂ |
| 4 | α-ketoglutarate → succinyl-CoA + CO₂ |
"""

FASTING = (
    "When amino acids are broken down for fuel, their nitrogen is excreted as urea, made "
    "in the liver by the urea cycle (Hans Krebs and Kurt Henseleit, 1932)."
)

COURSE = [
    "Glycolysis splits glucose.",
    "The Calvin cycle fixes carbon.",
    "Enzymes lower activation energy.",
    "Proteins fold.",
    "Fatty acids are oxidised.",
]


def urea_weights() -> object:
    return topic_weights("The urea cycle", [CITRIC, FASTING, *COURSE])


@pytest.mark.parametrize(
    ("topic", "noun", "modifiers"),
    [
        ("The urea cycle", "cycl", {"urea"}),
        ("Hardy-Weinberg equilibrium", "equilibrium", {"hardi", "weinberg"}),
        ("Generative adversarial networks", "network", {"generat", "adversari"}),
    ],
)
def test_a_topic_of_two_or_three_words_is_one_compound_name(
    topic: str, noun: str, modifiers: set[str]
) -> None:
    name = compound_name(topic)
    assert name is not None
    assert (name.noun, set(name.modifiers)) == (noun, modifiers)


@pytest.mark.parametrize(
    "topic",
    [
        "The Declaration of the Rights of Man",
        "Defining religion: Tylor and Geertz",
        "Impressionism",
    ],
)
def test_phrases_single_words_and_gerunds_are_no_compound_names(topic: str) -> None:
    assert compound_name(topic) is None


def test_a_heading_naming_another_cycle_does_not_name_the_urea_cycle() -> None:
    urea = compound_name("The urea cycle")
    assert names_sibling("4. The Citric Acid Cycle", urea)
    assert names_sibling("the nitrogen cycle", urea)
    assert not names_sibling("made in the liver by the urea cycle", urea)
    assert not names_sibling("the next cycle begins", urea), "which instance, not which kind"
    weights = urea_weights()
    assert not heading_names_topic("4. The Citric Acid Cycle", weights)  # type: ignore[arg-type]
    assert not names_sibling("The Hardy–Weinberg equilibrium",
                             compound_name("Hardy-Weinberg equilibrium")), "an en dash joins"  # fmt: skip


def test_a_quiz_on_the_urea_cycle_keeps_to_the_sentence_that_names_it() -> None:
    """Sheet 40: "The cycle is controlled at citrate synthase…" keyed Ca²⁺ and two
    comparisons of the citric acid cycle's steps, for "The urea cycle" (three raters of
    three: off topic)."""
    chunks = [passage(CITRIC, "c1", "4. The Citric Acid Cycle"),
              passage(FASTING, "c2", "9. Integration: The Fed and Fasting States")]  # fmt: skip
    units = [u for i, chunk in enumerate(chunks) for u in passage_units(i, chunk)]
    scores = {(u.passage, u.key): 0.9 for u in units}
    weights = urea_weights()
    kept = relevant_units(chunks, scores, weights)  # type: ignore[arg-type]
    assert kept, "the urea cycle sentence is still asked about"
    assert {u.passage for u in kept} == {1}, [u.text for u in kept]

    table = [passage(CITRIC, "c1", "4. The Citric Acid Cycle")]
    every = passage_units(0, table[0])
    material = Material(table, [], term_pool(table)[1], no_similarity, weights=weights)  # type: ignore[arg-type]
    drafted = [d.item for seed in range(4)
               for d in structure_drafts(material, every, ["mcq"], random.Random(seed))]  # fmt: skip
    assert not [i for i in drafted if i.kind == "comparison"]
    unweighted = Material(table, [], term_pool(table)[1], no_similarity)
    assert [d for d in structure_drafts(unweighted, every, ["mcq"], random.Random(0))
            if d.item.kind == "comparison"], "the table itself still makes comparisons"  # fmt: skip
