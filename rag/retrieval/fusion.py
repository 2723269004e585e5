"""Pure ranking logic: rank fusion, near-duplicate collapsing, term coverage.

No models, no I/O: everything here takes lists and returns lists, and is tested
with rankings worked out by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")

RRF_K = 60
"""The constant of Cormack et al. (2009); larger flattens the head of each ranking."""


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]],
    weights: Sequence[float] | None = None,
    k: int = RRF_K,
) -> list[tuple[str, float]]:
    """Fuse rankings by summing ``weight / (k + rank)`` over the lists an id appears in.

    Rank fusion needs no score calibration between BM25 and cosine similarity, which
    live on unrelated scales. Ties keep the order of first appearance.

    Returns:
        (id, fused score) pairs, best first.

    Example::

        >>> dense, keyword = ["a", "b", "c"], ["b", "c", "d"]
        >>> [doc for doc, _ in reciprocal_rank_fusion([dense, keyword])]
        ['b', 'c', 'a', 'd']
    """
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        unique = dict.fromkeys(ranking)  # a repeat must not push later items down
        for rank, item in enumerate(unique, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda pair: (-pair[1], order[pair[0]]))


_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    """Word n-grams of ``text``, lower-cased: the unit of near-duplicate comparison."""
    words = _TOKEN.findall(text.lower())
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """Size of the intersection over size of the union (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def collapse_near_duplicates(
    items: Sequence[T], text_of: Callable[[T], str], threshold: float = 0.8
) -> list[T]:
    """Keep the first of each group of passages whose word 3-grams mostly coincide.

    Course folders often hold the same text twice (a handout and its slides); showing
    it twice wastes a citation slot.
    """
    kept: list[T] = []
    kept_shingles: list[set[tuple[str, ...]]] = []
    for item in items:
        grams = shingles(text_of(item))
        if any(jaccard(grams, other) >= threshold for other in kept_shingles):
            continue
        kept.append(item)
        kept_shingles.append(grams)
    return kept


def term_coverage(question_terms: set[str], passage_terms: set[str]) -> float:
    """Share of the question's content terms found in the passages (1.0 for no terms)."""
    if not question_terms:
        return 1.0
    return len(question_terms & passage_terms) / len(question_terms)


def min_max(values: Sequence[float]) -> np.ndarray:
    """Scale to [0, 1]; all ones when every value is equal (nothing to tell apart)."""
    array = np.asarray(values, dtype=np.float64)
    if array.size == 0:
        return array
    low, high = array.min(), array.max()
    if high == low:
        return np.ones_like(array)
    return (array - low) / (high - low)


def normalize_scores(scores: Mapping[str, float], floor: float | None = None) -> dict[str, float]:
    """Scale to [0, 1]: min-max, or from ``floor`` up to the best score when given.

    A ranking that holds every item with a score (a keyword search whose matches are
    fewer than asked for) gives the items it leaves out the score ``floor`` (0 for
    BM25), so its weakest match need not be scaled down to what a non-match gets.

    Example::

        >>> normalize_scores({"a": 1.6, "b": 1.5, "c": 1.4})["c"]
        0.0
        >>> round(normalize_scores({"a": 1.6, "b": 1.5, "c": 1.4}, floor=0.0)["c"], 3)
        0.875
    """
    values = list(scores.values())
    if floor is None or not values:
        return dict(zip(scores, min_max(values).tolist(), strict=True))
    high = max(values)
    if high <= floor:
        return dict.fromkeys(scores, 1.0)
    return {item: (value - floor) / (high - floor) for item, value in scores.items()}
