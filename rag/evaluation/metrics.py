"""Pure information-retrieval metrics for judging the retriever.

Retrieval decides whether the generator ever sees the right course material,
so retriever changes must be compared with numbers we can trust. These
functions are deliberately dependency-free and side-effect-free: that keeps
them cheap to call from CI gates, notebooks and the CLI alike, and lets the
test suite check them against a reference implementation (ranx, which follows
trec_eval) so our figures are comparable with published BEIR results.

Conventions shared by every function (they match trec_eval and ranx):

* A ranking is a sequence of document ids, best first. When an id occurs more
  than once only its first (best) occurrence counts; later copies are dropped
  *before* the cut-off is applied, exactly as if the ranking had been stored
  as a ``{doc_id: score}`` run keeping each document's best score. Retrievers
  that merge several chunks of one document therefore cannot inflate recall.
* Relevance judgments ("qrels") map a document id to an integer grade. A grade
  greater than zero means relevant; grades of zero or below contribute nothing
  (some collections use negative grades for "judged harmful").
* nDCG uses the linear gain ``gain = grade`` with a ``log2(rank + 1)``
  discount (Järvelin & Kekäläinen; trec_eval's ``ndcg_cut``; ranx's
  ``ndcg``), not the exponential ``2**grade - 1`` gain of Burges et al.
"""

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Final

__all__ = [
    "DEFAULT_KS",
    "evaluate_per_query",
    "evaluate_run",
    "hit_at_k",
    "mrr_at_k",
    "ndcg_at_k",
    "recall_at_k",
    "relevant_ids",
]

MetricFn = Callable[[Sequence[str], Mapping[str, int], int], float]
"""Signature shared by the per-query metrics so they can be looked up by name."""

DEFAULT_KS: Final[Mapping[str, tuple[int, ...]]] = MappingProxyType(
    {"ndcg": (10,), "recall": (10, 100), "mrr": (10,)}
)
"""Metrics reported by :func:`evaluate_run` unless told otherwise.

nDCG@10 and recall@100 are the headline numbers of the BEIR benchmark, so
using them lets us compare against published baselines; recall@10 and MRR@10
describe what a RAG prompt (which holds only a handful of passages) actually
receives. Read-only so that callers cannot change the defaults globally.
"""


def _check_k(k: int) -> None:
    """Reject cut-offs that would silently produce meaningless scores.

    ranx and trec_eval treat ``k == 0`` as "no cut-off"; we refuse it instead,
    because a forgotten ``k`` is far more likely than a deliberate one.

    Args:
        k: The cut-off rank to validate.

    Raises:
        ValueError: If ``k`` is not a positive integer.

    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")


def _top_k_unique(ranked_ids: Sequence[str], k: int) -> list[str]:
    """Return the first ``k`` distinct ids, keeping each id's first position.

    Deduplicating before cutting means a duplicate neither earns credit twice
    nor pushes a different document out of the top ``k``.

    Args:
        ranked_ids: Document ids, best first; may contain duplicates.
        k: Cut-off rank (already validated).

    Returns:
        At most ``k`` distinct ids in ranking order.

    Raises:
        TypeError: If ``ranked_ids`` is a single string, which would otherwise
            be iterated character by character and give nonsense scores.

    """
    if isinstance(ranked_ids, str):
        raise TypeError("ranked_ids must be a sequence of document ids, not a single string")
    seen: set[str] = set()
    top: list[str] = []
    for doc_id in ranked_ids:
        if doc_id in seen:
            continue
        seen.add(doc_id)
        top.append(doc_id)
        if len(top) == k:
            break
    return top


def _discount(rank: int) -> float:
    """Return the log2 position discount for a 1-based ``rank``.

    Args:
        rank: 1-based position in the ranking.

    Returns:
        ``1 / log2(rank + 1)``, so rank 1 is undiscounted.

    """
    return 1.0 / math.log2(rank + 1)


def relevant_ids(qrels: Mapping[str, int]) -> frozenset[str]:
    """Return the ids judged relevant (grade > 0) for one query.

    Qrels often also list judged-non-relevant documents with grade 0; passing
    those to :func:`hit_at_k` would count them as hits, so convert first.

    Args:
        qrels: Document id to relevance grade for a single query.

    Returns:
        The ids whose grade is strictly positive.

    """
    return frozenset(doc_id for doc_id, grade in qrels.items() if grade > 0)


def ndcg_at_k(ranked_ids: Sequence[str], qrels: Mapping[str, int], k: int) -> float:
    """Normalised discounted cumulative gain at ``k`` with linear gain.

    nDCG rewards putting the *most* relevant material first, which matters for
    a study assistant whose prompt holds only the top few passages. Linear gain
    is used so numbers match trec_eval's ``ndcg_cut`` and published BEIR tables.

    Args:
        ranked_ids: Document ids, best first; duplicates count once.
        qrels: Document id to graded relevance for this query.
        k: Cut-off rank (positive).

    Returns:
        A score in ``[0, 1]``; ``0.0`` when the query has no relevant document,
        because there is then no ideal ranking to normalise by.

    Raises:
        ValueError: If ``k`` is not a positive integer.

    """
    _check_k(k)
    ideal_gains = sorted((grade for grade in qrels.values() if grade > 0), reverse=True)[:k]
    if not ideal_gains:
        return 0.0
    ideal_dcg = sum(gain * _discount(rank) for rank, gain in enumerate(ideal_gains, start=1))
    dcg = 0.0
    for rank, doc_id in enumerate(_top_k_unique(ranked_ids, k), start=1):
        grade = qrels.get(doc_id, 0)
        if grade > 0:
            dcg += grade * _discount(rank)
    return dcg / ideal_dcg


def recall_at_k(ranked_ids: Sequence[str], qrels: Mapping[str, int], k: int) -> float:
    """Fraction of the relevant documents that appear in the top ``k``.

    Recall at a generous ``k`` (e.g. 100) tells us whether a re-ranker placed
    after the retriever could still find the answer at all.

    Args:
        ranked_ids: Document ids, best first; duplicates count once.
        qrels: Document id to relevance grade; grade > 0 means relevant.
        k: Cut-off rank (positive).

    Returns:
        A score in ``[0, 1]``; ``0.0`` when the query has no relevant document.

    Raises:
        ValueError: If ``k`` is not a positive integer.

    """
    _check_k(k)
    relevant = relevant_ids(qrels)
    if not relevant:
        return 0.0
    hits = sum(1 for doc_id in _top_k_unique(ranked_ids, k) if doc_id in relevant)
    return hits / len(relevant)


def mrr_at_k(ranked_ids: Sequence[str], qrels: Mapping[str, int], k: int) -> float:
    """Reciprocal rank of the first relevant document within the top ``k``.

    MRR models a student who reads results top-down and stops at the first
    useful passage; averaging over queries gives mean reciprocal rank.

    Args:
        ranked_ids: Document ids, best first; duplicates count once.
        qrels: Document id to relevance grade; grade > 0 means relevant.
        k: Cut-off rank (positive).

    Returns:
        ``1 / rank`` of the first relevant hit, or ``0.0`` if none is in the
        top ``k``.

    Raises:
        ValueError: If ``k`` is not a positive integer.

    """
    _check_k(k)
    for rank, doc_id in enumerate(_top_k_unique(ranked_ids, k), start=1):
        if qrels.get(doc_id, 0) > 0:
            return 1.0 / rank
    return 0.0


def hit_at_k(ranked_ids: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Whether at least one relevant document is in the top ``k``.

    This is the "did the prompt contain anything useful" check; it takes a
    plain collection of ids so it also works without graded qrels (use
    :func:`relevant_ids` to convert qrels that contain zero grades).

    Args:
        ranked_ids: Document ids, best first; duplicates count once.
        relevant: Ids of the relevant documents; prefer a set for speed.
        k: Cut-off rank (positive).

    Returns:
        ``1.0`` on a hit, otherwise ``0.0`` (a float so it can be averaged).

    Raises:
        ValueError: If ``k`` is not a positive integer.

    """
    _check_k(k)
    return 1.0 if any(doc_id in relevant for doc_id in _top_k_unique(ranked_ids, k)) else 0.0


def _hit_from_qrels(ranked_ids: Sequence[str], qrels: Mapping[str, int], k: int) -> float:
    """Adapt :func:`hit_at_k` to the qrels-based signature used by the registry.

    Args:
        ranked_ids: Document ids, best first.
        qrels: Document id to relevance grade.
        k: Cut-off rank (positive).

    Returns:
        ``1.0`` if a document with grade > 0 is in the top ``k``, else ``0.0``.

    """
    return hit_at_k(ranked_ids, relevant_ids(qrels), k)


_METRICS: Final[Mapping[str, MetricFn]] = MappingProxyType(
    {
        "ndcg": ndcg_at_k,
        "recall": recall_at_k,
        "mrr": mrr_at_k,
        "hit": _hit_from_qrels,
    }
)


def _resolve_metrics(ks: Mapping[str, Sequence[int]]) -> list[tuple[str, MetricFn, int]]:
    """Validate a metric specification up front and expand it to names.

    Failing before any query is scored avoids wasting a long evaluation on a
    typo in a metric name.

    Args:
        ks: Metric name (``ndcg``, ``recall``, ``mrr`` or ``hit``) to cut-offs.

    Returns:
        ``(result_name, function, k)`` triples, e.g. ``("ndcg@10", ndcg_at_k, 10)``.

    Raises:
        ValueError: On an unknown metric name or an invalid cut-off.

    """
    resolved: list[tuple[str, MetricFn, int]] = []
    for metric, cutoffs in ks.items():
        if metric not in _METRICS:
            known = ", ".join(sorted(_METRICS))
            raise ValueError(f"unknown metric {metric!r}; expected one of: {known}")
        for k in cutoffs:
            _check_k(k)
            resolved.append((f"{metric}@{k}", _METRICS[metric], k))
    return resolved


def evaluate_per_query(
    run: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Mapping[str, int]],
    ks: Mapping[str, Sequence[int]] = DEFAULT_KS,
) -> dict[str, dict[str, float]]:
    """Score every judged query separately, for failure analysis.

    Means hide which questions the retriever gets wrong; per-query scores let
    us list the worst queries and inspect them.

    Args:
        run: Query id to ranked document ids (best first).
        qrels: Query id to ``{doc_id: grade}``. Every query listed here is
            scored; queries only present in ``run`` are ignored because they
            cannot be judged.
        ks: Metric name to cut-offs; see :data:`DEFAULT_KS`.

    Returns:
        Query id to ``{"ndcg@10": ..., ...}``. A judged query missing from
        ``run`` scores 0 on every metric, since the system returned nothing.

    Raises:
        ValueError: On an unknown metric name or an invalid cut-off.

    """
    resolved = _resolve_metrics(ks)
    results: dict[str, dict[str, float]] = {}
    for query_id, judgments in qrels.items():
        ranking = run.get(query_id, ())
        results[query_id] = {name: fn(ranking, judgments, k) for name, fn, k in resolved}
    return results


def evaluate_run(
    run: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Mapping[str, int]],
    ks: Mapping[str, Sequence[int]] = DEFAULT_KS,
) -> dict[str, float]:
    """Mean of each metric over all judged queries.

    Averaging over the queries in ``qrels`` (not those in ``run``) means a
    retriever cannot improve its score by skipping hard queries.

    Args:
        run: Query id to ranked document ids (best first).
        qrels: Query id to ``{doc_id: grade}``; defines the query set.
        ks: Metric name to cut-offs. The default yields ``ndcg@10``,
            ``recall@10``, ``recall@100`` and ``mrr@10``.

    Returns:
        Metric name (e.g. ``"ndcg@10"``) to its mean over the judged queries.

    Raises:
        ValueError: If ``qrels`` is empty (a mean over no queries would be a
            misleading 0), or on an unknown metric name or invalid cut-off.

    """
    resolved = _resolve_metrics(ks)
    if not qrels:
        raise ValueError("qrels is empty: there are no judged queries to evaluate")
    per_query = evaluate_per_query(run, qrels, ks)
    count = len(per_query)
    return {
        name: math.fsum(scores[name] for scores in per_query.values()) / count
        for name, _fn, _k in resolved
    }
