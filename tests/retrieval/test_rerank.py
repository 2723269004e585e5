"""Rerankers: the blend and ordering logic without models, then the sentence reranker
with the real embedding model, through settings as a user configures it."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.errors import ModelLoadError
from rag.retrieval.embeddings import Embedder
from rag.retrieval.fusion import min_max
from rag.retrieval.rerank import (
    CrossEncoderReranker,
    SentenceReranker,
    best_per_passage,
    blend,
    make_reranker,
    rerank_order,
)
from rag.schema import Passage
from tests.conftest import make_settings


def _passage(name: str, text: str, fused: float, score: float = 0.3) -> Passage:
    return Passage(
        id=name, text=text, source=f"{name}.md", title=name, section="", start=0,
        end=len(text), score=score, fused=fused,
    )  # fmt: skip


# --------------------------------------------------------------------------- #
# Pure logic
# --------------------------------------------------------------------------- #


def test_min_max_scales_to_unit_range_and_treats_ties_as_equal() -> None:
    assert min_max([2.0, 4.0, 3.0]).tolist() == [0.0, 1.0, 0.5]
    assert min_max([0.7, 0.7]).tolist() == [1.0, 1.0]
    assert min_max([]).size == 0


def test_blend_weighs_fused_score_against_sentence_evidence() -> None:
    fused, evidence = [1.0, 0.9, 0.0], [0.2, 0.8, 0.1]
    assert blend(fused, evidence, 1.0).tolist() == pytest.approx([1.0, 0.9, 0.0])
    assert blend(fused, evidence, 0.0).tolist() == pytest.approx([1 / 7, 1.0, 0.0])
    mixed = blend(fused, evidence, 0.5)
    assert rerank_order(mixed.tolist()) == [1, 0, 2]  # strong sentence evidence overtakes
    with pytest.raises(ValueError, match="one evidence score"):
        blend([1.0], [1.0, 2.0], 0.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        blend([1.0], [1.0], 1.5)


def test_best_sentence_per_passage_falls_back_to_the_chunk_score() -> None:
    owners = [0, 0, 2]
    similarities = [0.1, 0.6, 0.4]
    # passage 1 yielded no sentence (say, a bare table): it keeps its chunk similarity
    assert best_per_passage(owners, similarities, [0.3, 0.25, 0.2]) == [0.6, 0.25, 0.4]


def test_rerank_order_is_stable_for_equal_scores() -> None:
    assert rerank_order([0.5, 0.9, 0.5, 0.9]) == [1, 3, 0, 2]


def test_unknown_cross_encoder_names_the_setting_and_the_alternatives() -> None:
    with pytest.raises(ModelLoadError, match="RAG_RERANKER=sentences"):
        CrossEncoderReranker("/nonexistent/cross-encoder")


# --------------------------------------------------------------------------- #
# The sentence reranker with the real model
# --------------------------------------------------------------------------- #

GENERAL = _passage(
    "general",
    "Language models generate text one token at a time. Sampling from a language model "
    "produces varied text, and language models are trained on large corpora of text. "
    "Generation quality depends on the model size and the training data.",
    fused=0.60,
)
ANSWERING = _passage(
    "answering",
    "Tokenizers split words into subword pieces. The temperature parameter controls how "
    "random the sampling is: a low temperature makes the model pick the most likely "
    "tokens, a high one flattens the distribution. Batch size affects training speed.",
    fused=0.58,
)
UNRELATED = _passage(
    "unrelated",
    "Convolutional networks classify images by learning filters over pixel neighbourhoods.",
    fused=0.10,
)
QUESTION = "What does the temperature parameter control when sampling?"


def test_a_passage_with_the_answering_sentence_moves_ahead(embedder: Embedder) -> None:
    reranker = SentenceReranker(embedder)
    reranked = reranker.rerank(QUESTION, [GENERAL, ANSWERING, UNRELATED])
    assert [p.id for p in reranked] == ["answering", "general", "unrelated"]


def test_only_the_top_depth_is_reordered_and_nothing_is_lost(embedder: Embedder) -> None:
    # Past the depth, even a passage holding the answer keeps its fused place.
    answer_in_tail = _passage("tail-answer", ANSWERING.text, fused=0.05)
    filler = _passage("tail-filler", "Gardens need water and light.", fused=0.04)
    passages = [GENERAL, ANSWERING, UNRELATED, filler, answer_in_tail]
    reranked = SentenceReranker(embedder, depth=3).rerank(QUESTION, passages)
    assert [p.id for p in reranked] == [
        "answering", "general", "unrelated", "tail-filler", "tail-answer",
    ]  # fmt: skip
    assert SentenceReranker(embedder).rerank(QUESTION, [GENERAL]) == [GENERAL]


def test_rag_reranker_setting_selects_the_built_in_reranker(
    tmp_path: Path, embedder: Embedder
) -> None:
    assert make_reranker(None, embedder) is None
    assert isinstance(make_reranker("Sentences", embedder), SentenceReranker)
    assistant = Assistant(make_settings(tmp_path, reranker="sentences"), embedder=embedder)
    assert isinstance(assistant.retriever.reranker, SentenceReranker)


def test_reranked_retrieval_over_the_corpus_still_cites_the_right_text(
    corpus_assistant: Assistant, embedder: Embedder
) -> None:
    """With the built-in reranker on, answers come from the same stored passages."""
    from rag.retrieval.retriever import Retriever

    plain = corpus_assistant.retriever
    reranked = Retriever(
        plain.store, plain.embedder, plain.keyword_index, reranker=SentenceReranker(embedder)
    )
    question = "What is retrieval-augmented generation?"
    before = plain.retrieve(question, 5).passages
    after = reranked.retrieve(question, 5).passages
    assert after and len(after) == len(before)
    stored = {c.id: c.text for c in plain.store.get([p.id for p in after])}
    assert all(stored[p.id] == p.text for p in after)
    assert any("retrieval" in p.text.lower() for p in after[:2])


def test_a_word_only_the_keyword_search_reads_finds_every_chunk_that_names_it(
    corpus_assistant: Assistant,
) -> None:
    """The embedding model reads "LoRA" as pieces; three chunks name it, and the one
    that says what it is ("Parameter-Efficient Fine-tuning: LoRA, QLoRA, adapters…")
    was left out of the 40 candidates, so the answer quoted a list of tools."""
    retrieval = corpus_assistant.retrieve("What is LoRA?")
    naming = [p for p in retrieval.passages if "LoRA" in p.text]
    assert len(naming) == 3
    assert any("Parameter-Efficient Fine-tuning" in p.text for p in naming)
    answer = corpus_assistant.ask("What is LoRA?")
    assert "parameter-efficient" in answer.answer.lower()


BARGAINING = """# International relations

## The bargaining theory of war

Why do states fight wars, which destroy resources that could have been divided peacefully? Fearon's article of 1995 used simple game theory to reframe this question.

Fearon concluded that rational states fight only when something prevents them from finding or keeping a deal, and identified three mechanisms:

1. **Private information.** Each side knows its own strength better than the other does, and each has reason to bluff in order to get a better deal, so that fighting can be the only way to reveal the truth about who is stronger.
2. **Commitment problems.** A deal made today may not be honoured tomorrow if power is shifting; a declining state may launch a preventive war instead.
3. **Issue indivisibility.** If the stake cannot be divided there may be no compromise.
"""  # a paragraph a line, as the course notes are written


def _small_chunks(tmp_path: Path, embedder: Embedder, notes: str) -> Assistant:
    """An assistant over ``notes`` cut into chunks of 120 tokens, so that a list spans several."""
    course = tmp_path / "course"
    course.mkdir()
    (course / "notes.md").write_text(notes, encoding="utf-8")
    settings = make_settings(tmp_path / "data", corpus_dir=course, chunk_size=120, chunk_overlap=0)
    assistant = Assistant(settings, embedder=embedder)
    assert assistant.ingest([course]).ok
    return assistant


def test_a_line_announcing_a_list_is_read_with_the_list_in_the_next_chunk(
    tmp_path: Path, embedder: Embedder
) -> None:
    """ "which reasons for war does fearon list" got the article's title: the line that
    announces the mechanisms ended one chunk and the list was the next."""
    assistant = _small_chunks(tmp_path, embedder, BARGAINING)
    texts = [c.text for c in assistant.store.iter_chunks()]
    assert any(t.endswith("three mechanisms:") for t in texts), "the list starts a new chunk"

    question = "which reasons for war does fearon list"
    assert assistant.retrieve(question, k=1).passages[0].text.endswith("three mechanisms:")
    passages = assistant.retriever.retrieve(question, 1, continue_lists=True).passages
    assert passages[0].text.endswith("there may be no compromise.")
    assert "three mechanisms:\n\n1. **Private information.**" in passages[0].text
    answer = assistant.ask("which reasons for war does fearon list")
    for mechanism in ("Private information", "Commitment problems", "Issue indivisibility"):
        assert mechanism in answer.answer


PHASES = """# Cardiovascular physiology

## The phases of the cycle

The cycle is best learned as a sequence of phases, each opened and closed by a valve event. The description below is for the left heart.

1. **Atrial systole.** Following the P wave, the atria contract and push a final volume of blood into the already largely filled ventricles; at rest this adds only a tenth of filling.
2. **Isovolumetric contraction.** Following the QRS complex, ventricular pressure rises above atrial pressure and the mitral valve closes, and pressure climbs steeply.
3. **Rapid ejection.** When left ventricular pressure exceeds aortic pressure, the aortic valve opens and blood rushes out.
4. **Reduced filling.** As the pressures equalise, filling slows to a trickle until the next atrial systole begins the cycle again.
"""  # one long item a line, as the course notes are written


def test_a_list_cut_between_chunks_is_read_on_from_where_it_starts(
    tmp_path: Path, embedder: Embedder
) -> None:
    """ "What are the phases of the cardiac cycle, in order?" quoted the line before the
    list and no phase: the first phase ended one chunk, the others were in three more (a
    student's probe)."""
    assistant = _small_chunks(tmp_path, embedder, PHASES)
    chunks = sorted(assistant.store.iter_chunks(), key=lambda c: int(c.metadata["start"]))
    assert "Atrial systole" in chunks[0].text and "Rapid ejection" not in chunks[0].text

    question = "What are the phases of the cardiac cycle, in order?"
    passages = assistant.retriever.retrieve(question, 2, continue_lists=True).passages
    whole = next(p for p in passages if "sequence of phases" in p.text)
    assert whole.text.rstrip().endswith("begins the cycle again.")
    assert sum("Rapid ejection" in p.text for p in passages) == 1  # cited once
    answer = assistant.ask(question).answer
    phases = ("Atrial systole", "Isovolumetric contraction", "Rapid ejection", "Reduced filling")
    assert [answer.index(p) for p in phases] == sorted(answer.index(p) for p in phases)


RECEPTORS = """# Pharmacodynamics

## Receptor superfamilies

Receptors fall into four structural and functional superfamilies, which differ mainly in how fast they work and how they transduce the signal.

| Superfamily | Structure | Transduction | Time scale |
|---|---|---|---|
| Type 1: Ligand-gated ion channels (ionotropic) | Several subunits around a central pore | Binding opens the channel directly | Milliseconds |
| Type 2: G protein-coupled receptors (GPCRs, metabotropic) | Single chain with seven transmembrane helices | Activate G proteins, which regulate enzymes or channels | Seconds |
| Type 3: Kinase-linked receptors | Single transmembrane helix with an intracellular enzyme domain | Dimerisation and autophosphorylation start a kinase cascade | Minutes to hours |
| Type 4: Nuclear receptors | Intracellular proteins with a DNA-binding domain | Ligand-receptor complex regulates gene transcription | Hours to days |
"""  # one row a line, as the course notes are written


def test_a_table_cut_between_chunks_is_read_on_through_its_rows(
    tmp_path: Path, embedder: Embedder
) -> None:
    """ "What are the four main types of receptor superfamilies?" quoted the sentence and
    one row: the header and the first row ended one chunk (a student's probe of a
    pharmacology course)."""
    assistant = _small_chunks(tmp_path, embedder, RECEPTORS)
    chunks = sorted(assistant.store.iter_chunks(), key=lambda c: int(c.metadata["start"]))
    assert "Type 1" in chunks[0].text and "Type 4" not in chunks[0].text

    question = "What are the four main types of receptor superfamilies?"
    passages = assistant.retriever.retrieve(question, 2, continue_lists=True).passages
    whole = next(p for p in passages if "four structural" in p.text)
    assert whole.text.rstrip().endswith("Hours to days |")
    assert sum("Kinase-linked" in p.text for p in passages) == 1  # cited once
    answer = assistant.ask(question).answer
    types = ("Ligand-gated", "G protein-coupled", "Kinase-linked", "Nuclear receptors")
    assert all(t in answer for t in types)


CAPACITANCE = """# Capacitance

## Capacitors and capacitance

The ratio C = Q/V is the capacitance, a property of the geometry of the conductors and of the material between them. The workhorse is the parallel-plate capacitor: two plates of area A separated by a small distance d. From Part 1, the field between the plates is uniform with E = σ/ε₀ = Q/(ε₀A), so V = Ed = Qd/(ε₀A) and

  C = ε₀A / d.

Capacitance grows with plate area and shrinks with separation. Plates 10 cm on a side and 1 mm apart give about 89 pF; to make a 1 F capacitor with 1 mm spacing you would need plates about 10 km on a side, which is why real capacitors roll thin foils separated by thin films of insulator into small cylinders.
"""


def test_a_sentence_the_next_chunk_ends_with_a_formula_is_read_on(
    tmp_path: Path, embedder: Embedder
) -> None:
    """ "formula for capacitance of a parallel plate capacitor" quoted "…so V = Ed =
    Qd/(ε₀A) and": the formula finishing the sentence opened the next chunk (a student's
    probe of an electromagnetism course)."""
    assistant = _small_chunks(tmp_path, embedder, CAPACITANCE)
    chunks = sorted(assistant.store.iter_chunks(), key=lambda c: int(c.metadata["start"]))
    assert chunks[0].text.rstrip().endswith("Qd/(ε₀A) and"), "the formula starts a new chunk"

    question = "formula for capacitance of a parallel plate capacitor"
    passages = assistant.retriever.retrieve(question, 2, continue_lists=True).passages
    assert any("Qd/(ε₀A) and\n\n  C = ε₀A / d." in p.text for p in passages)
    assert "C = ε₀A / d" in assistant.ask(question).answer
