"""Fitting and checking the verdict thresholds against hand-labelled topics.

Used by eval/calibrate_coverage.py to choose :data:`~rag.study.coverage.scoring.PARTIAL_MIN`
and :data:`~rag.study.coverage.scoring.COVERED_MIN`; pure functions over scores and labels.

Example:
    >>> from rag.study.coverage import choose_thresholds
    >>> thresholds, right = choose_thresholds([0.9, 0.6, 0.2], ["covered", "partial", "missing"])
    >>> right
    3
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rag.study.coverage.scoring import VERDICTS, Thresholds


def confusion_matrix(
    expected: Sequence[str], predicted: Sequence[str]
) -> dict[str, dict[str, int]]:
    """``matrix[expected][predicted]`` counts over the three verdicts."""
    matrix: dict[str, dict[str, int]] = {e: dict.fromkeys(VERDICTS, 0) for e in VERDICTS}
    for e, p in zip(expected, predicted, strict=True):
        matrix[e][p] += 1
    return matrix


def choose_thresholds(
    scores: Sequence[float], labels: Sequence[str], step: float = 0.01
) -> tuple[Thresholds, int]:
    """The (partial, covered) pair that gets the most verdicts right.

    Many pairs tie on a small set; among them the pair whose thresholds lie farthest
    from any score is kept (the nearer one first, then both), so a topic scoring a
    hair differently does not flip its verdict.

    Returns:
        The thresholds and how many of the labels they reproduce.
    """
    grid = np.round(np.arange(0.0, 1.0 + step / 2, step), 6)
    values = np.asarray(scores, dtype=float)
    expected = np.asarray(labels)
    at_least = values[None, :] >= grid[:, None]  # [threshold, topic]
    covered_at = (at_least & (expected == "covered")).sum(axis=1)
    partial_at = (at_least & (expected == "partial")).sum(axis=1)
    missing_below = (~at_least & (expected == "missing")).sum(axis=1)
    # correct[p, c]: verdicts right with partial = grid[p] and covered = grid[c].
    correct = (
        covered_at[None, :] + partial_at[:, None] - partial_at[None, :] + missing_below[:, None]
    )
    distance = np.abs(values[None, :] - grid[:, None]).min(axis=1) if len(values) else 0 * grid
    nearest = np.round(np.minimum(distance[:, None], distance[None, :]), 9)
    both = np.round(distance[:, None] + distance[None, :], 9)
    valid = (grid[None, :] >= grid[:, None]).ravel()
    flat = np.flatnonzero(valid)
    order = np.lexsort((both.ravel()[flat], nearest.ravel()[flat], correct.ravel()[flat]))
    p, c = divmod(int(flat[order[-1]]), len(grid))
    return Thresholds(float(grid[p]), float(grid[c])), int(correct[p, c])


def leave_one_out_accuracy(scores: Sequence[float], labels: Sequence[str]) -> float:
    """Accuracy when each topic is judged by thresholds fitted on all the others.

    In-sample accuracy of thresholds fitted to a few dozen topics flatters them; this
    is the honest estimate of how they do on a topic they were not fitted to.
    """
    if not scores:
        return 0.0
    correct = 0
    for i in range(len(scores)):
        rest = [s for j, s in enumerate(scores) if j != i]
        rest_labels = [lab for j, lab in enumerate(labels) if j != i]
        thresholds, _ = choose_thresholds(rest, rest_labels)
        correct += thresholds.verdict(scores[i]) == labels[i]
    return correct / len(scores)
