"""Hybrid retrieval: dense (Chroma) + keyword (BM25), fused by rank, de-duplicated.

Also a LangChain ``BaseRetriever`` so the answer chain is ordinary LangChain.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from ingest.split import embedding_text
from rag.embeddings import Embedder
from rag.fusion import collapse_near_duplicates, reciprocal_rank_fusion, term_coverage
from rag.keyword import KeywordIndex, content_terms
from rag.schema import Passage
from rag.store import Store

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "keyword"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "keyword")


@dataclass
class Retrieval:
    """Passages for one question, best first, with the evidence for abstention."""

    question: str
    passages: list[Passage]
    term_coverage: float

    @property
    def top_score(self) -> float:
        """Best cosine similarity among the passages (0 when there are none)."""
        return max((p.score for p in self.passages), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``rag retrieve --json``."""
        return {"question": self.question, "passages": [p.to_dict() for p in self.passages]}


class Retriever:
    """Finds the passages that answer a question."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        keyword_index: KeywordIndex,
        *,
        dense_weight: float = 1.0,
        keyword_weight: float = 1.0,
        candidates: int = 40,
        reranker: Any | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.keyword_index = keyword_index
        self.dense_weight = dense_weight
        self.keyword_weight = keyword_weight
        self.candidates = candidates
        self.reranker = reranker
        self._keyword_ready = False
        self._keyword_lock = threading.Lock()

    def refresh(self) -> None:
        """Re-read the keyword index after an ingest in this or another process."""
        with self._keyword_lock:
            self._keyword_ready = False

    def _ensure_keyword_index(self) -> None:
        with self._keyword_lock:
            if self._keyword_ready:
                return
            if not self.keyword_index.load() or len(self.keyword_index) != self.store.count():
                log.info("keyword index missing or out of step with Chroma; rebuilding")

                self.keyword_index.build([], [])
                ids, texts = [], []
                for chunk in self.store.iter_chunks():
                    ids.append(chunk.id)
                    texts.append(
                        embedding_text(
                            str(chunk.metadata.get("title", "")),
                            str(chunk.metadata.get("section", "")),
                            chunk.text,
                        )
                    )
                self.keyword_index.build(ids, texts)
            self._keyword_ready = True

    def retrieve(self, question: str, k: int = 5, mode: Mode = "hybrid") -> Retrieval:
        """The ``k`` best passages for ``question``."""
        return self.retrieve_many([question], k, mode)[0]

    def retrieve_many(
        self, questions: Sequence[str], k: int = 5, mode: Mode = "hybrid"
    ) -> list[Retrieval]:
        """Retrieve for several questions, embedding them in one batch."""
        if not questions:
            return []
        vectors = self.embedder.encode(list(questions))
        n = max(self.candidates, 4 * k)
        results = []
        if mode != "dense":
            self._ensure_keyword_index()
        for question, vector in zip(questions, vectors, strict=True):
            rankings: list[list[str]] = []
            weights: list[float] = []
            if mode in ("hybrid", "dense"):
                rankings.append([cid for cid, _ in self.store.query(vector, n)])
                weights.append(self.dense_weight)
            if mode in ("hybrid", "keyword"):
                rankings.append([cid for cid, _ in self.keyword_index.search(question, n)])
                weights.append(self.keyword_weight)
            fused = reciprocal_rank_fusion(rankings, weights)[:n]
            results.append(self._passages(question, vector, fused, k))
        return results

    def _passages(
        self, question: str, vector: np.ndarray, fused: list[tuple[str, float]], k: int
    ) -> Retrieval:
        stored = self.store.get([cid for cid, _ in fused], with_embeddings=True)
        fused_score = dict(fused)
        passages = []
        for chunk in stored:
            passage = Passage.from_metadata(chunk.id, chunk.text, chunk.metadata)
            if chunk.embedding is not None:
                passage.score = float(np.dot(np.asarray(chunk.embedding), vector))
            passage.fused = fused_score[chunk.id]
            passages.append(passage)
        passages = collapse_near_duplicates(passages, lambda p: p.text)
        if self.reranker is not None and passages:
            passages = self.reranker.rerank(question, passages)
        top = passages[:k]
        question_terms = content_terms(question)
        found_terms: set[str] = set()
        for passage in top[:3]:
            found_terms |= content_terms(
                embedding_text(passage.title, passage.section, passage.text)
            )
        return Retrieval(question, top, term_coverage(question_terms, found_terms))


class CrossEncoderReranker:
    """Re-scores candidates with a user-configured cross-encoder (none ships offline)."""

    def __init__(self, model: str, device: str | None = None) -> None:
        from sentence_transformers import CrossEncoder

        from rag.errors import ModelLoadError

        try:
            self.model = CrossEncoder(model, device=device, local_files_only=True)
        except (OSError, ValueError) as err:
            raise ModelLoadError(
                f"cannot load reranker '{model}' ({err}); give a local cross-encoder "
                "directory or unset RAG_RERANKER"
            ) from err

    def rerank(self, question: str, passages: list[Passage]) -> list[Passage]:
        """Passages sorted by the cross-encoder's score."""
        scores = self.model.predict([(question, p.text) for p in passages])
        order = np.argsort(-np.asarray(scores), kind="stable")
        return [passages[int(i)] for i in order]


class ChunkRetriever(BaseRetriever):
    """LangChain view of :class:`Retriever`: documents carry the passage metadata."""

    retriever: Any
    k: int = 5

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        retrieval = self.retriever.retrieve(query, self.k)
        return [
            Document(page_content=p.text, metadata=p.to_dict(), id=p.id) for p in retrieval.passages
        ]
