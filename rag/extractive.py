"""Extractive answers: the passage sentences that answer the question, each cited.

Works with nothing but the embedding model: no LLM, no network. The selection and
formatting are pure functions over scores; only :func:`extractive_answer` embeds.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ingest.scan import looks_like_instruction
from rag.keyword import content_terms
from rag.schema import Passage

_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s*#{1,6}\s")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9*])")


@dataclass(frozen=True)
class Candidate:
    """A sentence or line of a retrieved passage that could go into the answer."""

    passage: int
    """0-based index of the passage in the retrieval order."""
    start: int
    end: int
    text: str
    """Readable form: Markdown markers removed, table rows as 'cell: cell'."""


def candidate_sentences(passage_index: int, text: str) -> list[Candidate]:
    """Split a passage into answerable units: sentences, list items, table rows."""
    candidates: list[Candidate] = []
    offset = 0
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        start, stripped = offset, line.strip()
        offset += len(line)
        if not stripped or _HEADING.match(line) or _TABLE_SEPARATOR.match(stripped):
            continue
        if stripped.startswith("|"):
            following = lines[number + 1].strip() if number + 1 < len(lines) else ""
            if _TABLE_SEPARATOR.match(following):
                continue  # a table's header row says nothing on its own
            cells = [c.strip() for c in stripped.strip("|").split("|") if c.strip()]
            readable = ": ".join([cells[0], ", ".join(cells[1:])]) if len(cells) > 1 else ""
            lead = len(line) - len(line.lstrip())
            if readable:
                candidates.append(
                    Candidate(passage_index, start + lead, start + lead + len(stripped),
                              clean_markdown(readable))
                )  # fmt: skip
            continue
        cursor = 0
        for match in [*_SENTENCE_BREAK.finditer(line), None]:
            end = match.start() if match else len(line.rstrip())
            piece = line[cursor:end]
            lead = len(piece) - len(piece.lstrip())
            readable = clean_markdown(piece)
            if len(readable.split()) >= 3:
                candidates.append(
                    Candidate(passage_index, start + cursor + lead, start + end, readable)
                )
            cursor = match.end() if match else cursor
    return candidates


def clean_markdown(text: str) -> str:
    """Markdown line to plain sentence: no bullets, emphasis, link targets or wiki brackets."""
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", text)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[\[([^\]|]*)(?:\|[^\]]*)?\]\]", r"\1", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)  # only paired markers:
    text = re.sub(r"`([^`]+)`", r"\1", text)  # identifiers like window.__x keep theirs
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"^>\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def select_sentences(
    candidates: Sequence[Candidate],
    scores: Sequence[float],
    *,
    max_sentences: int = 3,
    relative_floor: float = 0.8,
    redundancy: float = 0.9,
    similarity: np.ndarray | None = None,
) -> list[int]:
    """Pick the best-scoring candidates, skipping near-repeats; return them in reading order.

    A candidate is kept when its score is within ``relative_floor`` of the best, and
    its similarity to every kept one is below ``redundancy`` (when a similarity
    matrix is given). Reading order is passage order, then position in the passage.
    """
    if not candidates:
        return []
    order = sorted(range(len(candidates)), key=lambda i: -scores[i])
    best = scores[order[0]]
    chosen: list[int] = []
    for index in order:
        if len(chosen) >= max_sentences:
            break
        if scores[index] < best * relative_floor and chosen:
            break
        if similarity is not None and any(similarity[index, j] >= redundancy for j in chosen):
            continue
        if any(candidates[index].text == candidates[j].text for j in chosen):
            continue
        chosen.append(index)
    return sorted(chosen, key=lambda i: (candidates[i].passage, candidates[i].start))


def compose(candidates: Sequence[Candidate], chosen: Sequence[int]) -> str:
    """Join the chosen sentences, each ending with its ``[n]`` citation (1-based)."""
    parts = []
    for index in chosen:
        text = candidates[index].text.rstrip()
        if text[-1] not in ".!?":
            text += "."
        parts.append(f"{text[:-1]} [{candidates[index].passage + 1}]{text[-1]}")
    return " ".join(parts)


def keyword_overlap(question_terms: set[str], text: str) -> float:
    """Share of the question's content terms in ``text``."""
    if not question_terms:
        return 0.0
    return len(question_terms & content_terms(text)) / len(question_terms)


_Scored = tuple[list["Candidate"], list[float], np.ndarray]
_recent: OrderedDict[tuple[str, tuple[str, ...], int], _Scored] = OrderedDict()
_recent_lock = threading.Lock()


def score_candidates(question: str, passages: Sequence[Passage], embedder: object) -> _Scored:
    """:func:`_score_candidates`, remembered for the last few questions.

    The chain scores sentences to decide whether to answer, and the extractive
    generator needs the same scores right after; embedding them twice would double
    the answer time.
    """
    key = (question, tuple(p.id for p in passages), id(embedder))
    with _recent_lock:
        if key in _recent:
            _recent.move_to_end(key)
            return _recent[key]
    scored = _score_candidates(question, passages, embedder)
    with _recent_lock:
        _recent[key] = scored
        while len(_recent) > 16:
            _recent.popitem(last=False)
    return scored


def _score_candidates(question: str, passages: Sequence[Passage], embedder: object) -> _Scored:
    """Every candidate sentence of the passages, its score, and its embedding.

    A sentence's score is its cosine similarity to the question, plus a little for
    sharing the question's words and for coming from a higher-ranked passage. The
    best score is also the strongest evidence that the passages answer at all.
    """
    candidates = [
        c
        for i, p in enumerate(passages)
        for c in candidate_sentences(i, p.text)
        if not looks_like_instruction(c.text)  # quoting it would pass the injection on
    ]
    if not candidates:
        return [], [], np.zeros((0, 0))
    vectors = embedder.encode([question] + [c.text for c in candidates])  # type: ignore[attr-defined]
    question_vector, sentence_vectors = vectors[0], vectors[1:]
    terms = content_terms(question)
    scores = [
        float(np.dot(vector, question_vector))
        + 0.15 * keyword_overlap(terms, candidate.text)
        + 0.02 * (len(passages) - candidate.passage) / len(passages)
        for candidate, vector in zip(candidates, sentence_vectors, strict=True)
    ]
    return candidates, scores, sentence_vectors


def extractive_answer(question: str, passages: Sequence[Passage], embedder: object) -> str:
    """Answer ``question`` with cited sentences from ``passages``, best passages first."""
    candidates, scores, vectors = score_candidates(question, passages, embedder)
    if not candidates:
        return ""
    chosen = select_sentences(candidates, scores, similarity=vectors @ vectors.T)
    return compose(candidates, chosen)
