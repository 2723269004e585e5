"""Pure abstention decision: answer only when retrieval found real evidence.

Small models answer from memory whatever the prompt says, so the decision is
taken here, from retrieval evidence, before any model writes a word. The
thresholds are calibrated by ``eval/calibrate_abstention.py`` on
``eval/questions.jsonl`` (figures in the README).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """What retrieval found for a question."""

    strength: float
    """Score of the best evidence unit (:func:`rag.answer.evidence.evidence_strength`)."""
    term_coverage: float
    """Share of the question's content words present in the top passages."""
    n_passages: int


@dataclass(frozen=True)
class Decision:
    """Whether to answer, and the reason shown to the user when not."""

    abstain: bool
    reason: str


def decide(evidence: Evidence, min_relevance: float, min_term_coverage: float) -> Decision:
    """Abstain on no passages, no sentence close enough, or too few shared words.

    A whole chunk covers several points, so its similarity to a one-line question
    stays low even when one unit answers it; the best evidence unit is the signal:
    it weighs the question's rare words, which a question the material does not
    cover ("cooking recipes") has and the passages lack.
    """
    if evidence.n_passages == 0:
        return Decision(True, "nothing is indexed that matches this question")
    if evidence.strength < min_relevance:
        return Decision(
            True,
            f"no passage states what the question asks closely enough "
            f"(evidence {evidence.strength:.2f}, needs {min_relevance:.2f})",
        )
    if evidence.term_coverage < min_term_coverage:
        return Decision(
            True,
            f"only {evidence.term_coverage:.0%} of the question's key words appear in the "
            "closest passages",
        )
    return Decision(False, "")
