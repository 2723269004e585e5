"""Hybrid retrieval: dense (Chroma) + keyword (BM25), fused by rank, de-duplicated.

Also a LangChain ``BaseRetriever`` so the answer chain is ordinary LangChain.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np

from rag.retrieval.embeddings import Embedder
from rag.retrieval.fusion import (
    collapse_near_duplicates,
    normalize_scores,
    reciprocal_rank_fusion,
    term_coverage,
)
from rag.retrieval.keyword import KeywordIndex, TermStatistics, content_terms, tokenize
from rag.retrieval.rerank import Reranker
from rag.retrieval.store import Store, StoredChunk
from rag.retrieval.synonyms import synonyms_of
from rag.schema import Passage
from rag.text.chunks import (
    announces_list,
    closing_table_head,
    counts_paragraphs,
    embedding_text,
    ends_in_list,
    joined_text,
    labelled_paragraphs_in,
    opens_inside_table,
    opens_labelled_paragraph,
    opens_list_or_formula,
    runs_into_formula,
)
from rag.text.wrapping import runs_on

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "keyword"]
_UNSEEN = object()
MODES: tuple[Mode, ...] = ("hybrid", "dense", "keyword")
Fusion = Literal["convex", "rrf"]
_WORD = re.compile(r"[^\W\d_]{3,}")


def convex_fusion(
    scored: Sequence[Sequence[tuple[str, float]]],
    weights: Sequence[float],
    floors: Sequence[float | None] | None = None,
) -> list[tuple[str, float]]:
    """Weighted sum of each list's normalised scores (0 where an id is absent).

    Each list is min-max scaled, or scaled from its ``floors`` entry when that is not
    None: the score of the ids a complete list leaves out (see
    :func:`~rag.retrieval.fusion.normalize_scores`).

    Chosen over reciprocal rank fusion by measurement (see the README, "Retrieval quality"):
    on SciFact-train nDCG@10 0.722 vs 0.706 (100 queries better, 61 worse), on the
    course questions hit@1 0.86 vs 0.82. Ranks throw away how far ahead a retriever's
    best hit is, which is most of the signal when one retriever is sure.

    Returns:
        (id, combined score) pairs, best first; ties keep the order of first appearance.
    """
    if len(weights) != len(scored):
        raise ValueError("one weight per ranking")
    floors = list(floors) if floors is not None else [None] * len(scored)
    if len(floors) != len(scored):
        raise ValueError("one floor per ranking")
    combined: dict[str, float] = {}
    for ranking, weight, floor in zip(scored, weights, floors, strict=True):
        for item, value in normalize_scores(dict(ranking), floor).items():
            combined[item] = combined.get(item, 0.0) + weight * value
    order = {item: i for i, item in enumerate(combined)}
    return sorted(combined.items(), key=lambda pair: (-pair[1], order[pair[0]]))


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
        reranker: Reranker | None = None,
        fusion: Fusion = "convex",
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.keyword_index = keyword_index
        self.dense_weight = dense_weight
        self.keyword_weight = keyword_weight
        self.candidates = candidates
        self.reranker = reranker
        self.fusion = fusion
        self._keyword_ready = False
        self._keyword_lock = threading.Lock()
        self._seen_version: object = _UNSEEN

    def refresh(self) -> None:
        """Re-read the keyword index after this process changed the index.

        The Chroma client that wrote the changes already holds them, so it is kept.
        Ingests by other processes are noticed before each question (see
        :meth:`_follow_ingests`).
        """
        version = self.keyword_index.saved_version()
        self.store.sync(version, reopen=False)
        with self._keyword_lock:
            self._seen_version = version
            self._keyword_ready = False

    def _follow_ingests(self) -> None:
        """Catch up with an ingest that finished since the last question, in any process.

        Costs one ``stat`` per question. A long-running reader (the UI) otherwise keeps
        answering from the vectors and keyword index it loaded first: Chroma's embedded
        client does not see another process's writes until it is reopened. While an
        ingest runs, the saved keyword index does not change, so readers keep their
        consistent pre-ingest view until it has finished.
        """
        version = self.keyword_index.saved_version()
        if version == self._seen_version:
            return
        self.store.sync(version)
        with self._keyword_lock:
            self._seen_version = version
            self._keyword_ready = False

    def _ensure_keyword_index(self) -> None:
        with self._keyword_lock:
            if self._keyword_ready:
                return
            if not self.keyword_index.load() or len(self.keyword_index) != self.store.count():
                log.info("keyword index missing or out of step with Chroma; rebuilding")

                self.keyword_index.build([], [])
                self.keyword_index.build(*keyword_corpus(self.store))
            self._keyword_ready = True

    def term_statistics(self) -> TermStatistics:
        """Document frequencies of the collection's terms, for evidence selection."""
        self._ensure_keyword_index()
        n_documents, frequencies = self.keyword_index.document_frequencies()
        return TermStatistics(n_documents, frequencies)

    def retrieve(
        self, question: str, k: int = 5, mode: Mode = "hybrid", *, continue_lists: bool = False
    ) -> Retrieval:
        """The ``k`` best passages for ``question``.

        ``continue_lists``: a passage ending on a line that announces a list is read
        with the list in the next chunk (:meth:`_with_lists_read_on`). The answer chain
        asks for it; quizzes and coverage read stored chunks as they are, so that every
        quote they check is one chunk's text.
        """
        return self.retrieve_many([question], k, mode, continue_lists=continue_lists)[0]

    def retrieve_many(
        self,
        questions: Sequence[str],
        k: int = 5,
        mode: Mode = "hybrid",
        *,
        continue_lists: bool = False,
    ) -> list[Retrieval]:
        """Retrieve for several questions, embedding them in one batch."""
        if not questions:
            return []
        vectors = self.embedder.encode(list(questions))
        n = max(self.candidates, 4 * k)
        ranked = self.rank_many(questions, n, mode, vectors)
        return [
            self._passages(question, vector, fused, k, continue_lists)
            for question, vector, fused in zip(questions, vectors, ranked, strict=True)
        ]

    def rank_many(
        self,
        questions: Sequence[str],
        n: int,
        mode: Mode = "hybrid",
        vectors: np.ndarray | None = None,
    ) -> list[list[tuple[str, float]]]:
        """Fused (chunk id, score) candidates per question, best first, at most ``n``.

        The ranking before passages are fetched, de-duplicated and reranked: the
        benchmark harness reads deeper into it (100 documents) than a prompt holds.
        """
        if vectors is None:
            vectors = self.embedder.encode(list(questions))
        self._follow_ingests()
        if mode != "dense":
            self._ensure_keyword_index()
        results = []
        for question, vector in zip(questions, vectors, strict=True):
            scored: list[list[tuple[str, float]]] = []
            weights: list[float] = []
            floors: list[float | None] = []
            if mode in ("hybrid", "dense"):
                scored.append(self.store.query(vector, n))
                weights.append(self.dense_weight)
                floors.append(None)
            if mode in ("hybrid", "keyword"):
                matches = self.keyword_index.search(question, n, synonyms_of)
                scored.append(matches)
                weights.append(self.keyword_weight)
                complete = len(matches) < n and mode == "hybrid"
                floors.append(0.0 if complete and self._names_unread_word(question) else None)
            if self.fusion == "rrf":
                rankings = [[cid for cid, _ in ranking] for ranking in scored]
                fused = reciprocal_rank_fusion(rankings, weights)
            else:
                fused = convex_fusion(scored, weights, floors)
            results.append(fused[:n])
        return results

    def _names_unread_word(self, question: str) -> bool:
        """Whether the question names a word only the keyword search can read ("LoRA").

        A word the collection uses that the embedding model cannot read whole. Then every
        chunk with the word keeps its keyword score in fusion: min-max scaled, the
        weakest of a few matches counts as a non-match, and "What is LoRA?" was answered
        from a list of tools while two lines that say what LoRA is (one
        "Parameter-Efficient Fine-tuning: LoRA, QLoRA, adapters…") fell out of the 40
        candidates. For every question, it scored out-of-scope answers more often
        (docs/evaluation.md, thirty-fifth round).
        """
        used = self.keyword_index.document_frequencies()[1]
        for word in _WORD.findall(question):
            stems = tokenize(word)
            if stems and stems[0] in used and not self.embedder.knows_word(word.lower()):
                return True
        return False

    def continued(self, passage: Passage) -> Passage:
        """``passage`` read on into the list its last line announces, for showing it.

        The Coverage page showed "Aerobic respiration happens in four linked stages,
        each in a particular part of the cell:" as evidence without the four stages,
        which open the next chunk (a helper in the app, the biology notes). Scores and
        quotes stay on the chunk as stored; only what a reader sees goes on.
        """
        if not announces_list(passage.text):
            return passage
        metadata = {chunk.id: chunk.metadata for chunk in self.store.get([passage.id])}
        return self._with_lists_read_on([passage], metadata)[0]

    def with_table_head(self, passage: Passage) -> Passage:
        """``passage`` with its table's header lines before it, when it opens inside a table.

        A table longer than a chunk is cut between rows at ingest, and only its first chunk
        holds the header: of the 3482 chunks of the bundled course and 40 check courses, 308
        hold a table header and 207 open with bare rows. Read without it, a row asks
        nothing ("which level has…" needs the column names) and shows as raw pipes. Only
        the section's chunks are read, not the whole document's.
        """
        if not opens_inside_table(passage.text):
            return passage
        same_section = {"$and": [{"source": passage.source}, {"section": passage.section}]}
        before = [
            chunk
            for chunk in self.store.iter_chunks_where(same_section)
            if int(chunk.metadata.get("start", 0)) < passage.start
        ]
        # A table several chunks long: the chunks before are bare rows too, back to the
        # one holding its header.
        for previous in sorted(before, key=lambda c: int(c.metadata.get("start", 0)), reverse=True):
            head = closing_table_head(previous.text)
            if head:
                return replace(passage, text=f"{head}\n{passage.text}")
            if not opens_inside_table(previous.text):
                break
        return passage

    def _with_lists_read_on(
        self, top: list[Passage], metadata: Mapping[str, Mapping[str, Any]]
    ) -> list[Passage]:
        """The passages, each read on through the chunks that continue a list it ends in.

        A passage that ends announcing a list, or inside a list it starts, takes up to
        :data:`MAX_CONTINUED` following chunks that continue the list.

        "which reasons for war does fearon list" was answered with the article's title:
        "…Fearon identified three mechanisms:" was one chunk and the mechanisms the next,
        which the question did not retrieve. Read as one passage, the evidence selector
        takes the list the line announces, as it does within a chunk. The next chunk is
        left out where it was retrieved on its own, so nothing is cited twice. A list that
        starts in the chunk and goes on past it reads on the same way (the seven phases
        of a cardiac cycle filled four chunks).
        """
        joined: list[Passage] = []
        absorbed: set[str] = set()
        for passage in top:
            # A table cut between rows reads on too: "Receptors fall into four … superfamilies"
            # with the first row, the other three in the next chunk (a pharmacology probe).
            table = closing_table_head(passage.text) is not None
            # Or labelled paragraphs its last one counts: "Think of four overlapping
            # questions…", then "The **land question**: …" and three more in two chunks.
            listed = announces_list(passage.text) or ends_in_list(passage.text) or table
            paragraphs = 0 if listed else counts_paragraphs(passage.text)
            # Or a sentence the next chunk ends with a formula: "…so V = Ed = Qd/(ε₀A) and"
            # then "C = ε₀A / d." (:func:`runs_into_formula`).
            formula = not listed and runs_on(passage.text.rstrip().rsplit("\n", 1)[-1])
            if passage.id in absorbed or not (listed or paragraphs or formula):
                joined.append(passage)
                continue
            # A list longer than a chunk reads on through the chunks that continue it.
            where = _next_chunk_where(metadata.get(passage.id, {}))
            for _ in range(MAX_CONTINUED):
                following = next(iter(self.store.iter_chunks_where(where)), None) if where else None
                if (
                    following is None
                    or following.metadata.get("section") != passage.section
                    or not (
                        runs_into_formula(passage.text, _beyond(passage, following))
                        if formula
                        else opens_labelled_paragraph(following.text)
                        if paragraphs
                        else (opens_inside_table if table else opens_list_or_formula)(
                            following.text
                        )
                    )
                ):
                    break
                start = int(following.metadata.get("start", -1))
                text = joined_text(passage.text, passage.end, following.text, start)
                if text is None:
                    break
                end = int(following.metadata.get("end", passage.end))
                passage = replace(passage, text=text, end=end)
                absorbed.add(following.id)
                if formula:
                    break
                if paragraphs:
                    paragraphs -= labelled_paragraphs_in(following.text)
                    if paragraphs <= 0:
                        break
                elif (closing_table_head(text) is None) if table else not ends_in_list(text):
                    break
                where = _next_chunk_where(following.metadata)
            joined.append(passage)
        return [p for p in joined if p.id not in absorbed]

    def _passages(
        self,
        question: str,
        vector: np.ndarray,
        fused: list[tuple[str, float]],
        k: int,
        continue_lists: bool = False,
    ) -> Retrieval:
        stored = drop_superseded(self.store.get([cid for cid, _ in fused], with_embeddings=True))
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
        if continue_lists:
            metadata = {chunk.id: chunk.metadata for chunk in stored}
            top = self._with_lists_read_on(top, metadata)
        question_terms = content_terms(question)
        found_terms: set[str] = set()
        for passage in top[:3]:
            found_terms |= content_terms(
                embedding_text(passage.title, passage.section, passage.text)
            )
        return Retrieval(question, top, term_coverage(question_terms, found_terms))


MAX_CONTINUED = 3
"""Chunks a list is read on through: the seven phases of a cardiac cycle, each a paragraph
long, filled four."""


def _beyond(passage: Passage, following: StoredChunk) -> str:
    """The text of the next chunk past what ``passage`` already holds (chunks overlap)."""
    start = int(following.metadata.get("start", -1))
    text = joined_text(passage.text, passage.end, following.text, start)
    return text[len(passage.text) :] if text is not None else ""


def _next_chunk_where(metadata: Mapping[str, Any]) -> dict[str, Any] | None:
    """The Chroma filter for the chunk after this one in its file version, if it has one."""
    key, sha, index = (metadata.get(k) for k in ("doc_key", "file_sha", "chunk_index"))
    if key is None or sha is None or index is None:
        return None
    return {"$and": [{"doc_key": key}, {"file_sha": sha}, {"chunk_index": int(index) + 1}]}


def drop_superseded(chunks: Sequence[StoredChunk]) -> list[StoredChunk]:
    """The chunks minus those of a file version that newer chunks here replace.

    An ingest writes a changed file's new chunks before it deletes the old ones, so a
    crash never loses the file; a reader in that window (or after a crash, until the
    next ingest repairs it) would otherwise mix two versions of one document. Chunks
    without a document key or file hash are kept as they are.
    """
    newest: dict[str, tuple[float, str]] = {}
    for chunk in chunks:
        key, sha = chunk.metadata.get("doc_key"), chunk.metadata.get("file_sha")
        if key and sha:
            when = float(chunk.metadata.get("ingested_at") or 0.0)
            if key not in newest or when > newest[key][0]:
                newest[str(key)] = (when, str(sha))
    return [
        chunk
        for chunk in chunks
        if not (chunk.metadata.get("doc_key") and chunk.metadata.get("file_sha"))
        or str(chunk.metadata["file_sha"]) == newest[str(chunk.metadata["doc_key"])][1]
    ]


def keyword_corpus(store: Store) -> tuple[list[str], list[str]]:
    """Every stored chunk's id and the text BM25 indexes for it (context line + text).

    The one definition of what the keyword index holds, for the reader that rebuilds
    it in memory and for ingest, which rebuilds and saves it.
    """
    ids: list[str] = []
    texts: list[str] = []
    for chunk in store.iter_chunks():
        ids.append(chunk.id)
        title = str(chunk.metadata.get("title", ""))
        texts.append(embedding_text(title, str(chunk.metadata.get("section", "")), chunk.text))
    return ids, texts
