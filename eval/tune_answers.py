"""Fit the evidence score weights and abstention thresholds on the train split.

Usage: python eval/tune_answers.py [eval/questions.jsonl]

Retrieves every question once (k = 5 and 8), then, for each combination of
:class:`rag.answer.evidence.ScoreWeights` and passage count, selects evidence, composes
the extractive answer and checks the key fact (an expected keyword in the
answer) and the abstention thresholds. Only the train split chooses; the held-out
split is printed for the chosen setting, never used to choose it.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from rag.answer.asked import question_weights, term_coverage
from rag.answer.evidence import ScoreWeights, evidence_strength, passage_units, select_evidence
from rag.answer.extractive import cached_encoder, choose_units, format_answer
from rag.assistant import Assistant
from rag.evaluation.qa import keyword_in, load_questions
from rag.settings import Settings


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "eval/questions.jsonl")
    questions = load_questions(path)
    assistant = Assistant(Settings(query_log=False))
    stats = assistant.retriever.term_statistics()
    encode = cached_encoder(assistant.embedder)
    retrieved = {k: assistant.retrieve_many([q.question for q in questions], k) for k in (5, 8)}
    grid = itertools.product((8,), (0.2, 0.35), (0.3, 0.45), (0.7, 0.85))
    results = []
    for k, similarity, subject, context in grid:
        fit = ScoreWeights(coverage=0.6, similarity=similarity, rank=0.05, subject=subject,
                           context=context)  # fmt: skip
        rows = []
        for item, retrieval in zip(questions, retrieved[k], strict=True):
            passages = retrieval.passages
            units = passage_units(passages)
            ranked = select_evidence(item.question, units, len(passages), stats, encode,
                                     score_weights=fit)  # fmt: skip
            text = format_answer(choose_units(item.question, ranked, units))
            weights = question_weights(item.question, stats)
            # Abstention looks at the five best passages, as retrieval ranks them.
            wide = " ".join(f"{p.title}\n{p.section}\n{p.text}" for p in passages[:5])
            stated = keyword_in(text, item.keywords) if item.keywords else bool(text)
            rows.append((item, evidence_strength(ranked), term_coverage(weights, wide), stated))
        train = [r for r in rows if r[0].split == "train"]
        facts = sum(1 for r in train if r[0].answerable and r[3])
        results.append((facts, k, fit, rows))
        print(f"train key facts without abstaining {facts}: k={k} {fit}", flush=True)
    # Among the settings within one key fact of the best, the one that abstains best.
    top = max(r[0] for r in results)
    fitted = []
    for facts, k, fit, rows in results:
        if facts >= top - 1:
            train = [r for r in rows if r[0].split == "train"]
            fitted.append((fit_thresholds(train), k, fit, rows))
    fitted.sort(key=lambda r: r[0][0], reverse=True)
    (_, relevance, coverage, facts, n_in, abstained, n_out), k, fit, rows = fitted[0]
    print(f"chosen: k={k} {fit} min_relevance={relevance:.2f} min_term_coverage={coverage:.2f}")
    print(f"train: key fact {facts}/{n_in}, abstained {abstained}/{n_out}")
    heldout = [r for r in rows if r[0].split == "heldout"]
    facts, n_in, abstained, n_out = report(heldout, relevance, coverage)
    print(f"heldout: key fact {facts}/{n_in}, abstained {abstained}/{n_out}")


def fit_thresholds(rows: list, max_false_abstention: float = 0.03) -> tuple:
    """The thresholds that abstain on the most off-topic questions while abstaining on at
    most ``max_false_abstention`` of the answerable ones; ties keep more key facts."""
    best = None
    n_in = sum(1 for r in rows if r[0].answerable)
    for relevance in [x / 100 for x in range(20, 60)]:
        for coverage in [x / 100 for x in range(0, 70, 2)]:
            false = sum(
                1
                for item, strength, wide, _ in rows
                if item.answerable and not (strength >= relevance and wide >= coverage)
            )
            if false > max_false_abstention * n_in:
                continue
            facts, n_in, abstained, n_out = report(rows, relevance, coverage)
            objective = (abstained, facts, -relevance, -coverage)
            if best is None or objective > best[0]:
                best = (objective, relevance, coverage, facts, n_in, abstained, n_out)
    assert best is not None
    return best


def report(rows: list, relevance: float, coverage: float) -> tuple[int, int, int, int]:
    answered = [(item, fact) for item, strength, wide, fact in rows
                if strength >= relevance and wide >= coverage]  # fmt: skip
    facts = sum(1 for item, fact in answered if item.answerable and fact)
    n_in = sum(1 for r in rows if r[0].answerable)
    abstained = sum(1 for r in rows if not r[0].answerable) - sum(
        1 for item, _ in answered if not item.answerable
    )
    return facts, n_in, abstained, len(rows) - n_in


if __name__ == "__main__":
    main()
