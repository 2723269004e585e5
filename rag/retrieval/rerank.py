"""Second-stage rerankers: re-score the fused candidates before the top ``k`` are kept.

Two kinds, chosen by ``RAG_RERANKER``:

* ``sentences``: built in, no extra model. A passage is as good as its best sentence:
  each candidate's sentences are embedded with the retrieval model, each behind the
  same context line as its chunk (document title and heading path), and the best
  sentence's similarity to the question is blended with the fused score. Chunks are
  about 200 tokens, and one on-topic sentence in a chunk about something else is
  diluted in the chunk's single vector; scoring sentences recovers it. The context
  line matters: without it a sentence such as "It adds noise step by step" loses the
  topic its heading gives it (on the course questions hit@1 fell from 0.860 to 0.817
  without the line and rose to 0.882 with it). Measured on SciFact-train and the
  course questions in the README ("Retrieval quality").
* anything else: a cross-encoder, as a local directory or a cached hub name. None
  installs offline here, so it is the user's to provide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from rag.errors import ModelLoadError
from rag.retrieval.fusion import min_max
from rag.schema import Passage
from rag.text.chunks import embedding_text
from rag.text.passages import candidate_sentences

if TYPE_CHECKING:
    from rag.retrieval.embeddings import Embedder

SENTENCE_RERANKER = "sentences"
"""The ``RAG_RERANKER`` value that selects :class:`SentenceReranker`."""


class Reranker(Protocol):
    """Reorders retrieved passages for one question, best first."""

    name: str

    def rerank(self, question: str, passages: list[Passage]) -> list[Passage]:
        """The same passages in a new order."""
        ...


def blend(fused: Sequence[float], evidence: Sequence[float], fused_weight: float) -> np.ndarray:
    """``fused_weight`` × scaled fused score + the rest × scaled sentence evidence.

    Both are min-max scaled over the candidates first: the fused score and a cosine
    similarity live on different scales, and only their order within one question
    matters here.
    """
    if len(fused) != len(evidence):
        raise ValueError("one evidence score per fused score")
    if not 0.0 <= fused_weight <= 1.0:
        raise ValueError("fused_weight must be between 0 and 1")
    return fused_weight * min_max(fused) + (1.0 - fused_weight) * min_max(evidence)


def best_per_passage(
    owners: Sequence[int], similarities: Sequence[float], fallback: Sequence[float]
) -> list[float]:
    """Each passage's best sentence similarity; its ``fallback`` when it has no sentence.

    Args:
        owners: For each sentence, the index of its passage.
        similarities: For each sentence, its similarity to the question.
        fallback: One score per passage (its whole-chunk similarity), used for a
            passage that yielded no sentence (a table, a heading, a short list).
    """
    best = [float("-inf")] * len(fallback)
    for owner, similarity in zip(owners, similarities, strict=True):
        best[owner] = max(best[owner], float(similarity))
    return [b if b != float("-inf") else float(f) for b, f in zip(best, fallback, strict=True)]


def rerank_order(scores: Sequence[float]) -> list[int]:
    """Indices best first; equal scores keep their incoming (fused) order."""
    return [int(i) for i in np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")]


class SentenceReranker:
    """Re-scores the top candidates by their best sentence (see the module docstring).

    Args:
        embedder: The retrieval model; sentences are embedded like chunks are.
        depth: How many of the fused candidates are re-scored; the rest follow in
            fused order. Twenty keeps one question's extra work to a few hundred
            sentences.
        fused_weight: Share of the fused score in the blend: 0.5 scored best on one
            half of SciFact-train (0.4 within 0.001) and was then checked on the
            other half and on the course questions.
    """

    name = SENTENCE_RERANKER

    def __init__(self, embedder: Embedder, depth: int = 20, fused_weight: float = 0.5) -> None:
        if depth < 1:
            raise ValueError("depth must be at least 1")
        blend([0.0], [0.0], fused_weight)  # validates the weight once, here
        self.embedder = embedder
        self.depth = depth
        self.fused_weight = fused_weight

    def rerank(self, question: str, passages: list[Passage]) -> list[Passage]:
        """The passages, the first ``depth`` reordered by fused score and best sentence."""
        head, tail = passages[: self.depth], passages[self.depth :]
        if len(head) < 2:
            return list(passages)
        owners, sentences = [], []
        for index, passage in enumerate(head):
            for candidate in candidate_sentences(index, passage.text):
                owners.append(index)
                sentences.append(embedding_text(passage.title, passage.section, candidate.text))
        vectors = self.embedder.encode([question, *sentences])
        similarities = (vectors[1:] @ vectors[0]).tolist()
        evidence = best_per_passage(owners, similarities, [p.score for p in head])
        scores = blend([p.fused for p in head], evidence, self.fused_weight)
        return [head[i] for i in rerank_order(scores.tolist())] + tail


class CrossEncoderReranker:
    """Re-scores candidates with a user-configured cross-encoder (none ships offline)."""

    def __init__(self, model: str, device: str | None = None) -> None:
        from sentence_transformers import CrossEncoder

        self.name = model
        try:
            self.model = CrossEncoder(model, device=device, local_files_only=True)
        except (OSError, ValueError) as err:
            raise ModelLoadError(
                f"cannot load reranker '{model}' ({err}); give a local cross-encoder "
                f"directory, RAG_RERANKER={SENTENCE_RERANKER} for the built-in one, "
                "or unset RAG_RERANKER"
            ) from err

    def rerank(self, question: str, passages: list[Passage]) -> list[Passage]:
        """Passages sorted by the cross-encoder's score."""
        if not passages:
            return []
        scores = self.model.predict([(question, p.text) for p in passages])
        return [passages[i] for i in rerank_order(np.asarray(scores).tolist())]


def make_reranker(
    name: str | None, embedder: Embedder, device: str | None = None
) -> Reranker | None:
    """The reranker ``RAG_RERANKER`` names, or None for none."""
    if not name:
        return None
    if name.strip().lower() == SENTENCE_RERANKER:
        return SentenceReranker(embedder)
    return CrossEncoderReranker(name, device)
