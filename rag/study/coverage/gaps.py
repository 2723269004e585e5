"""Question gaps: logged questions the material answered badly, clustered into topics.

Questions that were abstained on or answered weakly are what students asked and the
material did not cover; clustered by meaning, recurring ones read as missing topics.
Selection, clustering and labelling are pure; :func:`find_question_gaps` reads the
question log and embeds the questions.

Example:
    >>> import numpy as np
    >>> from rag.study.coverage import cluster_vectors
    >>> cluster_vectors(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]), min_similarity=0.7)
    [[0, 1], [2]]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.retrieval.keyword import tokenize
from rag.schema import attributes

if TYPE_CHECKING:
    from rag.assistant import Assistant

WEAK_TOP_SCORE = 0.35
"""An answered question whose best passage cosine is below this counts as weakly answered.

The question log records the best whole-passage cosine (``top_score``), not the
sentence score the chain decides on, so this threshold is on that scale. Through the
chain, eval/questions.jsonl gave: 0.35 flags 7 of the 83 answered in-scope questions
(their 10th percentile is 0.39) and 2 of the 3 out-of-scope questions it answered
(eval/calibrate_coverage.py).
"""

WEAK_EVIDENCE = 0.35
"""An answered question whose best evidence unit scores below this counts as weakly answered.

The evidence score is the one the chain decides on (it refuses below 0.27), logged since
2026-12-02 as ``evidence``; older records fall back to :data:`WEAK_TOP_SCORE`. On the
train split of eval/questions.jsonl, 0.35 flags 5 of the 129 answered questions: one of
the 2 answered out-of-scope ones, one of the 7 answered without the key fact, and 3 right
answers. :data:`WEAK_TOP_SCORE` flagged 23, 22 of them right answers: a newcomer found 6
of 9 gap clusters to be about what the course covers ("What's the difference between
BLEU and FID? (weak, 0.26)", answered from a table whose whole passage matched weakly).
"""

CLUSTER_SIMILARITY = 0.45
"""Average-linkage cosine similarity at which two groups of questions are merged.

Tried on two small hand-made sets with all-MiniLM-L6-v2: reworded questions on one
subject scored 0.42-0.76 against each other, unrelated ones mostly below 0.30, and
a few pairs sit in between on both sides: "byte-pair encoding" scored 0.42 against
"subword tokenizers" (same subject) and 0.44 against "positional encoding" (not).
A wrong merge hides a gap under another one's label while a missed merge only lists
a gap twice, so the threshold sits just above that band. An acronym and its
spelled-out form ("ELBO", "evidence lower bound") can score as low as unrelated
questions and stay apart.
"""

_WORDS = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass
class GapQuestion:
    """A distinct logged question the material did not answer well."""

    question: str
    abstained: bool
    top_score: float
    asked: int = 1
    evidence: float | None = None
    """Score of the best evidence unit, for questions logged with it."""

    @property
    def outcome(self) -> str:
        """What is shown beside the question: abstained, or weak and by which score."""
        if self.abstained:
            return "abstained"
        if self.evidence is not None:
            return f"weak, evidence {self.evidence:.2f}"
        return f"weak, {self.top_score:.2f}"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "question": self.question,
            "abstained": self.abstained,
            "top_score": round(self.top_score, 4),
            "evidence": None if self.evidence is None else round(self.evidence, 4),
            "asked": self.asked,
        }


def _question_key(question: str) -> str:
    return " ".join(question.casefold().split()).rstrip("?!. ")


def select_gap_questions(
    records: Iterable[Mapping[str, Any]],
    weak_below: float = WEAK_TOP_SCORE,
    weak_evidence: float = WEAK_EVIDENCE,
) -> list[GapQuestion]:
    """Distinct questions whose latest answer was an abstention or weak.

    The latest record of a question decides, so a gap the instructor has since filled
    (and that is now answered well) drops off the list; ``asked`` counts every time.

    Args:
        records: Question-log records, oldest first.
        weak_below: Answered questions logged without an evidence score are weak when
            their best passage cosine is below this.
        weak_evidence: Answered questions whose best evidence unit scores below this
            are weak.
    """
    latest: dict[str, Mapping[str, Any]] = {}
    asked: Counter[str] = Counter()
    for record in records:
        question = record.get("question")
        if not isinstance(question, str) or not question.strip():
            continue
        key = _question_key(question)
        latest.pop(key, None)  # re-insert so the order is that of the latest asking
        latest[key] = record
        asked[key] += 1
    gaps = []
    for key, record in latest.items():
        abstained = bool(record.get("abstained", False))
        try:
            top_score = float(record.get("top_score", 0.0))
        except (TypeError, ValueError):
            top_score = 0.0
        evidence = record.get("evidence")
        if isinstance(evidence, bool) or not isinstance(evidence, int | float):
            evidence = None
        weak = top_score < weak_below if evidence is None else evidence < weak_evidence
        if abstained or weak:
            gaps.append(
                GapQuestion(str(record["question"]).strip(), abstained, top_score, asked[key],
                            None if evidence is None else float(evidence))
            )  # fmt: skip
    return gaps


def cluster_vectors(
    vectors: np.ndarray, min_similarity: float = CLUSTER_SIMILARITY
) -> list[list[int]]:
    """Average-linkage agglomerative clustering of unit vectors by cosine similarity.

    Groups are merged, most similar pair first, while their average pairwise
    similarity is at least ``min_similarity``: no number of clusters to guess, and a
    question unlike any other stays on its own.

    Returns:
        Clusters as lists of row indices (ascending), largest cluster first.
    """
    n = len(vectors)
    if n == 0:
        return []
    similarity = np.asarray(vectors, dtype=float) @ np.asarray(vectors, dtype=float).T
    np.fill_diagonal(similarity, -np.inf)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    active = np.ones(n, dtype=bool)
    while len(members) > 1:
        masked = np.where(active[:, None] & active[None, :], similarity, -np.inf)
        flat = int(np.argmax(masked))
        a, b = divmod(flat, n)
        if masked[a, b] < min_similarity:
            break
        size_a, size_b = len(members[a]), len(members[b])
        # Lance-Williams update: the merged group's average similarity to every other.
        merged = (size_a * similarity[a] + size_b * similarity[b]) / (size_a + size_b)
        similarity[a], similarity[:, a] = merged, merged
        similarity[a, a] = -np.inf
        active[b] = False
        similarity[b, :], similarity[:, b] = -np.inf, -np.inf
        members[a] = sorted(members[a] + members.pop(b))
    return sorted(members.values(), key=lambda m: (-len(m), m[0]))


_QUESTION_WORDS = frozenset(
    """
    explain mean meaning means difference differ different work works example examples
    define definition describe tell give know need like get make way ways one role
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def top_terms(texts: Sequence[str], n: int = 4) -> list[str]:
    """The content words most of ``texts`` share, as written (not stemmed).

    Words are counted once per text and matched by stem, so "model" and "models"
    count together and the commonest spelling is shown.
    """
    frequency: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        seen: set[str] = set()
        for word in _WORDS.findall(text.lower()):
            stems = tokenize(word)
            if len(stems) != 1 or word in _QUESTION_WORDS or word.isdigit():
                continue
            spellings[stems[0]][word] += 1
            seen.add(stems[0])
        frequency.update(seen)
    ranked = sorted(frequency, key=lambda s: (-frequency[s], s))
    return [spellings[s].most_common(1)[0][0] for s in ranked[:n]]


@dataclass
class GapCluster:
    """Questions about one thing the material seems to miss."""

    label: str
    """The most central question of the cluster."""
    terms: list[str]
    questions: list[GapQuestion]
    """Most central first."""

    @property
    def asked(self) -> int:
        """How many times questions of this cluster were asked."""
        return sum(q.asked for q in self.questions)

    @property
    def abstained(self) -> int:
        """Distinct questions of the cluster that were abstained on."""
        return sum(q.abstained for q in self.questions)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data = attributes(self, "label", "terms", "asked", "abstained")
        data["weak"] = len(self.questions) - self.abstained
        return {**data, "questions": [q.to_dict() for q in self.questions]}


def build_gap_clusters(
    questions: Sequence[GapQuestion],
    vectors: np.ndarray,
    min_similarity: float = CLUSTER_SIMILARITY,
) -> list[GapCluster]:
    """Cluster gap questions (one unit vector each) and label every cluster.

    Clusters are ordered by how often their questions were asked, so the gap that
    most students hit comes first.
    """
    clusters = []
    for members in cluster_vectors(vectors, min_similarity):
        block = vectors[members] @ vectors[members].T
        centrality = block.mean(axis=1)
        order = [members[i] for i in np.argsort(-centrality, kind="stable")]
        chosen = [questions[i] for i in order]
        clusters.append(
            GapCluster(
                label=chosen[0].question,
                terms=top_terms([q.question for q in chosen]),
                questions=chosen,
            )
        )
    return sorted(clusters, key=lambda c: (-c.asked, -len(c.questions)))


@dataclass
class QuestionGaps:
    """The ``rag coverage --questions`` result."""

    clusters: list[GapCluster]
    logged: int
    """Records in the question log."""
    distinct: int
    """Distinct questions in the log."""
    weak_below: float
    log_enabled: bool
    log_path: str
    weak_evidence: float = WEAK_EVIDENCE

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "mode": "questions",
            "logged": self.logged,
            "distinct": self.distinct,
            "gap_questions": sum(len(c.questions) for c in self.clusters),
            "weak_below": self.weak_below,
            "weak_evidence": self.weak_evidence,
            "log_enabled": self.log_enabled,
            "log_path": self.log_path,
            "clusters": [c.to_dict() for c in self.clusters],
        }


# ---------------------------------------------------------------------------
# I/O: the question log and the embedder
# ---------------------------------------------------------------------------


def find_question_gaps(
    assistant: Assistant,
    *,
    weak_below: float = WEAK_TOP_SCORE,
    min_similarity: float = CLUSTER_SIMILARITY,
    max_questions: int = 2000,
) -> QuestionGaps:
    """Cluster the logged questions that were abstained on or weakly answered.

    Args:
        assistant: Its settings say where the question log is.
        weak_below: Best passage cosine below which an answer counts as weak.
        min_similarity: Cosine similarity at which questions are grouped.
        max_questions: Only the most recent this many gap questions are clustered
            (clustering is quadratic in memory).
    """
    from rag.answer.querylog import query_log_path, read_questions

    records = list(read_questions(assistant.settings))
    selected = select_gap_questions(records, weak_below)[-max_questions:]
    vectors = (
        assistant.embedder.encode([q.question for q in selected]) if selected else np.zeros((0, 0))
    )
    return QuestionGaps(
        clusters=build_gap_clusters(selected, np.asarray(vectors), min_similarity),
        logged=len(records),
        distinct=len(
            {_question_key(q) for r in records if isinstance(q := r.get("question"), str)}
        ),
        weak_below=weak_below,
        log_enabled=assistant.settings.query_log,
        log_path=str(query_log_path(assistant.settings)),
    )
