"""A covered topic whose section is headed by it, though no line of it scores high alone.

"1. Transactions and the ACID Properties" of a blind databases course teaches the topic
in a table ("| Atomicity | All of the transaction's changes happen, or none do | Undo
logging and rollback |"): no row says "ACID", so the best line scored below the quiz's
relevance gate and the Quiz page offered no item on a topic its Coverage page calls
covered. Real index and embedder, over the course as written (eval/check_courses).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.retrieval.embeddings import Embedder
from rag.study.quiz.build import build_quiz
from tests.conftest import ingested_course

COURSE = Path(__file__).parents[3] / "eval" / "check_courses" / "databases"
TOPIC = "The ACID properties and the mechanisms that provide them"
SECTION = "1. Transactions and the ACID Properties"


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Assistant:
    return ingested_course(tmp_path_factory, embedder, COURSE)


def test_a_section_headed_by_a_covered_topic_is_quizzed(databases: Assistant) -> None:
    quiz = build_quiz(databases, TOPIC, 6, seed=1)
    assert len(quiz.items) >= 4, quiz.note
    assert all(item.source.section == SECTION for item in quiz.items)
    asked = {item.answer for item in quiz.items}
    assert asked & {"Atomicity", "Consistency", "Isolation", "Durability"}, asked


def test_a_table_of_the_properties_a_heading_names_asks_for_them() -> None:
    # "| Property | …" heads a table of things compared column by column ("| Feature |
    # MHC class I | MHC class II |"), unless the heading names them: its rows are then
    # the properties the section teaches.
    from rag.schema import Passage
    from rag.study.quiz.facts import unit_facts
    from rag.study.quiz.units import passage_units

    table = (
        "| Property | Guarantee | Mechanism mainly responsible |\n|---|---|---|\n"
        "| Atomicity | All of the transaction's changes happen, or none do | Undo logging |\n"
        "| Durability | Once committed, changes survive crashes | Write-ahead logging |\n"
    )

    def terms(section: str) -> set[str]:
        passage = Passage("c1", table, "03.md", "Part 3", section, 0, len(table))
        return {
            fact.term for unit in passage_units(0, passage) for fact in unit_facts(unit, passage)
        }

    assert {"Atomicity", "Durability"} <= terms(SECTION)
    assert not terms("Recovery and logging") & {"Atomicity", "Durability"}
