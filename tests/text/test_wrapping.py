"""Notes wrapped by hand (rag.text.wrapping): one sentence or list item over several lines.

Wrapped at 80 columns, "What is the restriction point?" was answered "called the
restriction point: a cell that passes it is committed to divide." and "What does p53
do?" "…p53, the best known, [1]." Pure functions first, then one course end to end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.answer.evidence import split_units
from rag.assistant import Assistant
from rag.retrieval.embeddings import Embedder
from rag.text.passages import candidate_sentences
from tests.conftest import make_settings

WRAPPED = """## Checkpoints

The cell cycle is controlled by checkpoints. The most important is the G1 checkpoint, also
called the restriction point: a cell that passes it is committed to divide. Biologists
describe mitosis in four stages (prophase to telophase), stages which
flow into one another without sharp boundaries:

1. **Prophase.** The chromatin condenses into visible chromosomes, each made of
   two sister chromatids joined at the centromere.
2. **Anaphase.** The sister chromatids separate and are pulled to opposite poles
   by the shortening kinetochore microtubules.
- Tumour suppressor genes, which normally stop division; p53, the best known,
  halts the cycle when DNA is damaged.

Common record types are these.
A: maps a name to an IPv4 address
MX: names the mail server for a domain, usually
  with a priority number
Key ideas
Noise is added step by step
"""

WHOLE = [
    "The most important is the G1 checkpoint, also called the restriction point: a cell "
    "that passes it is committed to divide.",
    "Prophase. The chromatin condenses into visible chromosomes, each made of two sister "
    "chromatids joined at the centromere.",
    "Anaphase. The sister chromatids separate and are pulled to opposite poles by the "
    "shortening kinetochore microtubules.",
    "Tumour suppressor genes, which normally stop division; p53, the best known, halts the "
    "cycle when DNA is damaged.",
]


def test_evidence_units_read_wrapped_sentences_and_items_whole() -> None:
    units = split_units(0, WRAPPED, "Cells")
    texts = [u.text for u in units]
    for whole in WHOLE:
        assert whole in texts
    announcing = next(u for u in units if u.text.startswith("Biologists"))
    assert announcing.text.endswith("without sharp boundaries:.")
    anaphase = next(u for u in units if u.text.startswith("Anaphase"))
    assert WRAPPED[anaphase.start : anaphase.end].endswith("kinetochore microtubules.")
    # Terms a line each, without bullets, stay apart; a wrapped term line does not.
    assert "A: maps a name to an IPv4 address." in texts
    assert "MX: names the mail server for a domain, usually with a priority number." in texts


def test_candidate_sentences_read_wrapped_sentences_and_items_whole() -> None:
    candidates = candidate_sentences(0, WRAPPED)
    texts = [c.text for c in candidates]
    for whole in WHOLE:
        assert whole.rstrip(".") in [t.rstrip(".") for t in texts]
    for candidate in candidates:
        assert " ".join(WRAPPED[candidate.start : candidate.end].split()).endswith(
            candidate.text.split()[-1]
        )
    assert "A: maps a name to an IPv4 address" in texts
    assert "Key ideas Noise is added step by step" not in texts


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("What is the restriction point?", "The most important is the G1 checkpoint, also"),
        ("What does p53 do?", "halts the cycle when DNA is damaged"),
        ("What happens in anaphase?", "by the shortening kinetochore microtubules"),
    ],
)
def test_answers_from_wrapped_notes_quote_whole_sentences(
    wrapped_course: Assistant, question: str, fact: str
) -> None:
    answer = wrapped_course.ask(question)
    assert not answer.abstained and fact in answer.answer


@pytest.fixture(scope="module")
def wrapped_course(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Assistant:
    folder = tmp_path_factory.mktemp("wrapped")
    course = folder / "course"
    course.mkdir()
    (course / "cells.md").write_text("# Cell biology\n\n" + WRAPPED, encoding="utf-8")
    assistant = Assistant(make_settings(folder / "data", corpus_dir=course), embedder=embedder)
    assert assistant.ingest([Path(course)]).ok
    return assistant


def test_a_quoted_item_wrapped_over_lines_is_highlighted_whole() -> None:
    from rag.answer.citations import highlight_spans

    claim = WHOLE[2]  # "Anaphase. The sister chromatids … kinetochore microtubules."
    [(start, end)] = highlight_spans([claim], WRAPPED)
    assert WRAPPED[start:end].startswith("**Anaphase.**")
    assert WRAPPED[start:end].endswith("by the shortening kinetochore microtubules.")
    one_line = "The cell cycle is controlled by checkpoints."
    [(start, end)] = highlight_spans([one_line], WRAPPED)
    assert WRAPPED[start:end] == one_line, "a sentence a line holds keeps its own span"
