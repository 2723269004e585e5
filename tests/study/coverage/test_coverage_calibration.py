"""Fitting the verdict thresholds (:mod:`rag.study.coverage.calibration`) on made-up scores."""

from __future__ import annotations

import pytest

from rag.study import coverage as cov


def test_choose_thresholds_separates_labelled_scores_with_a_margin() -> None:
    scores = [0.1, 0.2, 0.45, 0.5, 0.8, 0.9]
    labels = ["missing", "missing", "partial", "partial", "covered", "covered"]
    thresholds, correct = cov.choose_thresholds(scores, labels)
    assert correct == 6
    # The middle of each gap: as far as possible from every score.
    assert thresholds.partial == pytest.approx(0.33, abs=0.011)
    assert thresholds.covered == pytest.approx(0.65, abs=0.011)
    assert cov.leave_one_out_accuracy(scores, labels) == 1.0


def test_leave_one_out_is_below_in_sample_when_labels_overlap() -> None:
    scores = [0.1, 0.3, 0.35, 0.5, 0.55, 0.9]
    labels = ["missing", "partial", "missing", "partial", "covered", "covered"]
    _, correct = cov.choose_thresholds(scores, labels)
    assert correct == 5
    assert cov.leave_one_out_accuracy(scores, labels) < 5 / 6


def test_confusion_matrix_counts() -> None:
    matrix = cov.confusion_matrix(
        ["covered", "covered", "missing"], ["covered", "partial", "partial"]
    )
    assert matrix["covered"] == {"covered": 1, "partial": 1, "missing": 0}
    assert matrix["missing"]["partial"] == 1 and matrix["partial"]["partial"] == 0
