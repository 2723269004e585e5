"""Coverage of syllabus topics over a real index: retrieval, the embedder, the verdicts.

The I/O side of :mod:`rag.study.coverage.scoring`, whose pure functions it runs over
every topic's retrieved passages.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.answer.unknown import unused_words
from rag.retrieval.keyword import TermStatistics, tokenize
from rag.retrieval.synonyms import read_as_used
from rag.schema import Passage
from rag.study.coverage.scoring import (
    COMMON_SHARE,
    DEFAULT_K,
    DEPTH,
    CoverageReport,
    EvidencePassage,
    Thresholds,
    assess_topic,
)
from rag.study.coverage.signals import (
    TASK_STEMS,
    absent_share,
    cap_weights,
    heading_path,
    section_heading,
    task_phrasing_removed,
)
from rag.study.coverage.topics import Topic
from rag.text.passages import candidate_sentences

if TYPE_CHECKING:
    from rag.assistant import Assistant


UNUSED_SHOWN = 4
"""Words the material never uses shown beside a topic: what a reader can take in."""


class _SentenceCache:
    """An embedder front that embeds each distinct text once.

    The topics of a syllabus retrieve largely the same passages, so their sentences
    repeat; :func:`rag.answer.extractive.score_candidates` would embed them again per topic.
    """

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
        self.vectors: dict[str, np.ndarray] = {}

    def prefetch(self, texts: Iterable[str], progress: bool = False) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            encoded = self.embedder.encode(missing, show_progress=progress)
            self.vectors.update(zip(missing, encoded, strict=True))

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        self.prefetch(texts, show_progress)
        return np.stack([self.vectors[t] for t in texts])


def heading_scores(question: str, passages: Sequence[Passage], embedder: Any) -> list[float]:
    """Each passage's section heading scored against a topic like a sentence is.

    Cosine plus the keyword bonus of :func:`rag.answer.extractive.score_candidates`, so the
    two are on one scale; a passage without a heading scores 0.
    """
    from rag.answer.extractive import content_terms, keyword_overlap

    headings = [section_heading(heading_path(p)) for p in passages]
    shown = [h for h in headings if h]
    if not shown:
        return [0.0] * len(passages)
    vectors = embedder.encode([question, *shown])
    topic_vector = vectors[0]
    by_text = dict(zip(shown, vectors[1:], strict=True))
    terms = content_terms(question)
    return [
        float(np.dot(by_text[h], topic_vector)) + 0.15 * keyword_overlap(terms, h) if h else 0.0
        for h in headings
    ]


def shown_evidence(assistant: Assistant, evidence: EvidencePassage) -> EvidencePassage:
    """The evidence as a reader sees it: with the list it announces, and its table's header.

    "Aerobic respiration happens in four linked stages…:" was shown without the stages,
    which open the next chunk, and a chunk of bare table rows ("| Flow-based Models |
    Learn invertible… |") as raw pipes, its header being in the chunk before (a newcomer
    in the app). Scores were taken on the stored chunk; only the text shown grows, and
    the highlighted span moves with it.
    """
    continued = assistant.retriever.continued(evidence.passage)
    headed = assistant.retriever.with_table_head(continued)
    shift = len(headed.text) - len(continued.text)
    span = evidence.span
    if span is not None and shift:
        span = (span[0] + shift, span[1] + shift)
    return replace(evidence, passage=headed, span=span)


def assess_topics(
    assistant: Assistant,
    topics: Sequence[Topic],
    *,
    k: int = DEFAULT_K,
    thresholds: Thresholds | None = None,
    progress: bool = False,
    on_progress: Callable[[int, int], object] | None = None,
) -> CoverageReport:
    """Retrieve and score every topic against the index (hybrid retrieval).

    Args:
        assistant: The assistant whose index is assessed.
        topics: The topics.
        k: Passages retrieved per topic; raised to ``DEPTH`` when lower, since the
            score averages that many.
        thresholds: Verdict cut-offs (default: the calibrated ones).
        progress: Show a progress bar on stderr.
        on_progress: Called with (done, total) after each topic (for the UI).
    """
    from rag.answer.extractive import score_candidates

    thresholds = thresholds or Thresholds()
    k = max(k, DEPTH)
    retrievals = assistant.retrieve_many([t.text for t in topics], k, "hybrid")
    cache = _SentenceCache(assistant.embedder)
    cache.prefetch(
        [t.text for t in topics]
        + [
            c.text
            for r in retrievals
            for i, p in enumerate(r.passages)
            for c in candidate_sentences(i, p.text)
        ],
        progress,
    )
    from rag.study.quiz.compounds import compound_name
    from rag.study.quiz.relevance import DISTINCTIVE, TopicWeights, topic_weights

    # Word rarity over the whole index, from the keyword index's document counts; when
    # it has none, among every passage the syllabus retrieved.
    seen = {p.id: f"{p.section} {p.text}" for r in retrievals for p in r.passages}
    texts = list(seen.values())
    chunks, frequencies = assistant.keyword_index.document_frequencies()
    stats = TermStatistics(chunks, dict(frequencies))
    common = frozenset(w for w, n in frequencies.items() if n > COMMON_SHARE * chunks)
    results = []
    for done, (topic, retrieval) in enumerate(zip(topics, retrievals, strict=True), start=1):
        candidates, scores, _ = score_candidates(topic.text, retrieval.passages, cache)
        asked = task_phrasing_removed(topic.text)
        if frequencies:
            # The notes say "evolution", never "history": read as that, the timeline is
            # support for "history of generative AI", not off topic for lacking the word.
            words = {read_as_used(w, lambda s: frequencies.get(s, 0) > 0)
                     for w in tokenize(asked)}  # fmt: skip
            raw = {w: math.log((1 + chunks) / (1 + frequencies.get(w, 0))) for w in sorted(words)}
        else:
            raw = topic_weights(asked, texts)
        raw = {w: v for w, v in raw.items() if w not in TASK_STEMS}
        # A compound name ("The urea cycle") is not named by its siblings ("Citric Acid Cycle").
        weights = TopicWeights(cap_weights(raw, floor=DISTINCTIVE))
        weights.compound = compound_name(topic.text)
        headings = heading_scores(topic.text, retrieval.passages, cache)
        unused = tuple(
            w for w in unused_words(asked, stats, limit=len(asked.split()))
            if not set(tokenize(w)) <= TASK_STEMS
        ) if frequencies else ()  # fmt: skip
        result = assess_topic(topic, retrieval.passages, candidates, scores, thresholds,
                              weights=weights, heading_scores=headings,
                              absent=absent_share(raw, frequencies), common=common,
                              unused=unused)  # fmt: skip
        result.unused_words = unused[:UNUSED_SHOWN]
        result.evidence = [shown_evidence(assistant, e) for e in result.evidence]
        results.append(result)
        if on_progress:
            on_progress(done, len(topics))
    summaries = assistant.documents()
    documents = list(dict.fromkeys(d.source for d in summaries))
    titles = {d.source: d.title for d in summaries if d.title}
    return CoverageReport(results, documents, thresholds, k, titles)
