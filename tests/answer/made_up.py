"""Made-up scores and statistics for the pure-logic answer tests.

No model is loaded: a test gives each unit its score and the collection its term counts,
in the proportions of the notes a probe was asked of.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.retrieval.keyword import TermStatistics, tokenize


def scored_as(
    units: Sequence[EvidenceUnit],
    scores: Sequence[float],
    weights: Mapping[str, float] | None = None,
) -> list[ScoredUnit]:
    """``units`` scored as given, best first as listed, with the question's term weights."""
    return [
        ScoredUnit(u, s, 0.5, 0.5, weights=dict(weights or {}))
        for u, s in zip(units, scores, strict=True)
    ]


def stats_of(text: str, n: int = 100) -> TermStatistics:
    """A collection of ``n`` chunks in which every word of ``text`` is in three."""
    return TermStatistics(n, {t: 3 for t in tokenize(text)})
