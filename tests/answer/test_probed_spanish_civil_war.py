"""Answers on a Spanish Civil War course students probed after the Byzantium fixes.

The helper wrote 20 questions from the notes before asking any (docs/evaluation.md, the
forty-sixth round); each covered question here was refused before. Pure logic: no model
is loaded, and the statistics are made up to the notes' proportions.
"""

from __future__ import annotations

from rag.answer.asked import question_weights
from rag.answer.decide import answer_type, counted_noun
from rag.answer.evidence import ScoredUnit, score_units, split_units
from rag.answer.scope import answer_found
from rag.retrieval.keyword import TermStatistics

STATS = TermStatistics(
    90,
    {"defend": 3, "madrid": 20, "govern": 25, "valencia": 6, "left": 12, "charg": 1,
     "countri": 15, "rise": 10, "militari": 18, "1936": 30, "juli": 25, "volunt": 4,
     "brigad": 6, "intern": 8, "fought": 5, "foreign": 7},
)  # fmt: skip


def test_who_was_put_in_charge_weighs_what_was_put_in_charge_of() -> None:
    """ "Who was put in charge of defending Madrid when the government left for Valencia?"
    was refused, "the material never uses “put”": the notes say "a Junta de Defensa de
    Madrid under General José Miaja"."""
    weights = question_weights(
        "Who was put in charge of defending Madrid when the government left for Valencia?", STATS
    )
    assert max(weights, key=weights.__getitem__) not in ("put", "charg")
    assert weights["put"] < weights["defend"]


def test_words_for_how_much_and_how_soon_frame_a_question() -> None:
    """ "Why did the military rising in July 1936 not manage to take over the whole country
    straight away?" was refused: "whole" weighed most."""
    weights = question_weights(
        "Why did the rising not take over the whole country straight away?", STATS
    )
    assert all(weights[w] < weights["rise"] for w in ("whole", "straight", "away"))


def test_a_count_of_foreign_volunteers_counts_volunteers() -> None:
    """ "How many foreign volunteers fought in the International Brigades?" was refused, "no
    passage states the number": "Some 32,000–35,000 volunteers…" never says "foreign"."""
    question = "How many foreign volunteers fought in the International Brigades?"
    assert counted_noun(question) == "volunt"
    notes = (
        "The International Brigades were recruited by the Comintern.\n\n"
        "Some 32,000–35,000 volunteers from over fifty countries served in the "
        "International Brigades.\n"
    )
    weights = question_weights(question, STATS)
    answer = answer_type(question, weights, STATS)
    ranked: list[ScoredUnit] = score_units(weights, split_units(0, notes), 1, answer=answer)
    assert answer_found(question, weights, STATS, ranked)
