"""A teacher's one small file: too few passages for word rarity to say what a topic is.

In a four-chunk file on the cell cycle, "mitosis" is in three chunks; no topic word was
distinctive, no section counted as the topic's home, and a quiz on mitosis made no item.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.retrieval.embeddings import Embedder
from rag.study.quiz.build import build_quiz
from rag.study.quiz.relevance import SMALL_COURSE, distinctive_words, topic_weights
from tests.conftest import make_settings

CELLS = """# Cell biology: the cell cycle

## Mitosis

Mitosis is the division of a nucleus into two genetically identical nuclei. It is usually followed by cytokinesis, the division of the cytoplasm, and together they produce two daughter cells. Biologists describe mitosis in four stages, which flow into one another without sharp boundaries:

1. **Prophase.** The chromatin condenses into visible chromosomes, each made of two sister chromatids joined at the centromere, and the mitotic spindle begins to form.
2. **Metaphase.** The chromosomes line up on the metaphase plate, midway between the two spindle poles.
3. **Anaphase.** The sister chromatids separate and are pulled to opposite poles by the shortening kinetochore microtubules.
4. **Telophase.** A nuclear envelope re-forms around each set of chromosomes and the chromosomes decondense.

## Checkpoints

The cell cycle is controlled by checkpoints at which the cell checks whether conditions are right to go on. The most important is the G1 checkpoint, also called the restriction point: a cell that passes it is committed to divide. The G2 checkpoint makes sure DNA replication is complete and undamaged before mitosis begins, and the spindle checkpoint in metaphase waits until every chromosome is attached to the spindle.

Cyclins and cyclin-dependent kinases (CDKs) drive the cycle forward. A cyclin binds its CDK and activates it; the active complex phosphorylates target proteins that start the next phase, and the cyclin is then destroyed.

## Cancer

Cancer cells divide without the normal controls. Two kinds of genes are usually involved:

- Proto-oncogenes, which normally promote division; a mutation that makes them overactive turns them into oncogenes, such as RAS.
- Tumour suppressor genes, which normally stop division; p53, the best known, halts the cycle when DNA is damaged and can trigger apoptosis.
"""  # a paragraph a line, as most course notes are written


def test_in_a_small_course_the_rarest_topic_word_is_distinctive_whatever_its_rarity() -> None:
    texts = ["Mitosis divides", "mitosis stages", "before mitosis", "cancer cells"]
    weights = topic_weights("mitosis", texts)
    assert weights.documents == 4 < SMALL_COURSE
    assert distinctive_words(weights) == {"mitos"}
    many = topic_weights("mitosis", texts * 3)  # the same spread over 12 passages
    assert distinctive_words(many) == set(), "in a larger pool it says nothing"


def test_a_quiz_on_a_small_course_comes_from_the_section_the_topic_names(
    tmp_path: Path, embedder: Embedder
) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "cells.md").write_text(CELLS, encoding="utf-8")
    assistant = Assistant(make_settings(tmp_path / "data", corpus_dir=course), embedder=embedder)
    assert assistant.ingest([course]).ok
    quiz = build_quiz(assistant, "mitosis", 4, seed=3)
    assert len(quiz.items) >= 2
    assert {item.source.section for item in quiz.items} == {"Mitosis"}


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_QUERY_LOG", "false")
