"""How often the best-scored evidence unit holds the expected keyword, and what could do better.

Usage:
    python eval/evidence_ranking.py [--split train|heldout] [--learned] [--llm] [--data-dir DIR]
                                    [--json]

The extractive answer leads with the best-scored evidence unit
(:func:`rag.answer.evidence.select_evidence`), so the share of answerable questions
whose best unit holds an expected keyword ("top-1") bounds what answer composition can
do; "oracle@4" is the share whose keyword is in one of the best four. Two rerankers
can be measured against the shipped score, on the train split only:

- ``--learned``: a conditional-logit model over the unit's signals (the shipped score,
  term coverage, similarity, passage rank, subject match, answer-type fit, unit kind,
  length, share of words the question lacks, similarity of its heading), 5-fold
  cross-validated by question;
- ``--llm``: the local model's log-odds of "Yes" to "Does the note state the answer to
  the question?" for each of the best four units, added to the score at several weights
  (needs ``make install-local``).

The held-out split is only ever reported in aggregate (``--split heldout``), and no
reranker is fitted or chosen on it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.answer.asked import QUESTION_FRAME, question_weights, term_coverage
from rag.answer.decide import answer_type
from rag.answer.evidence import fits
from rag.answer.extractive import cached_encoder, find_evidence
from rag.assistant import Assistant
from rag.evaluation.qa import QAQuestion, load_questions
from rag.retrieval.keyword import content_terms
from rag.settings import Settings

SHORTLIST = 16
"""Units embedded and scored per question, as :func:`select_evidence` does."""
FEATURES = (
    "score", "coverage", "similarity", "rank", "subject", "fits", "sentence", "list_item",
    "table_row", "definition", "log_words", "novel", "heading_similarity",
)  # fmt: skip


@dataclass
class Candidate:
    """One shortlisted unit of one question: its text, signals and label."""

    text: str
    features: dict[str, float]
    holds_keyword: bool


def candidates(
    assistant: Assistant, questions: Sequence[QAQuestion]
) -> list[tuple[str, list[Candidate]]]:
    """The shortlisted units of each answerable question, scored as the answer chain does."""
    stats = assistant.retriever.term_statistics()
    encode = cached_encoder(assistant.embedder)
    retrievals = assistant.retrieve_many([q.question for q in questions])
    rows: list[tuple[str, list[Candidate]]] = []
    for item, retrieval in zip(questions, retrievals, strict=True):
        question, n_passages = item.question, len(retrieval.passages)
        # Every shortlisted unit, scored and ordered as the chain does (limit = shortlist).
        scored = find_evidence(
            question, retrieval.passages, assistant.embedder, stats, limit=SHORTLIST
        )
        weights = question_weights(question, stats)
        answer = answer_type(question, weights, stats, QUESTION_FRAME)
        leaves = [s.unit.context.split(" > ")[-1] for s in scored]
        vectors = encode([question, *(leaf or "-" for leaf in leaves)])
        heading = [
            float(v @ vectors[0]) if leaf else 0.0
            for v, leaf in zip(vectors[1:], leaves, strict=True)
        ]
        asked = content_terms(question)
        found = []
        for s, heading_similarity in zip(scored, heading, strict=True):
            unit, words = s.unit, content_terms(s.unit.text)
            features = {
                "score": s.score,
                "coverage": s.coverage,
                "similarity": s.similarity,
                "rank": 1.0 - unit.passage / max(n_passages, 1),
                "subject": term_coverage(weights, unit.subject) if unit.subject else 0.0,
                "fits": float(fits(unit, answer)),
                "sentence": float(unit.kind == "sentence"),
                "list_item": float(unit.kind == "list_item"),
                "table_row": float(unit.kind == "table_row"),
                "definition": float(unit.kind == "definition"),
                "log_words": math.log1p(len(unit.text.split())),
                "novel": len(words - asked) / max(len(words), 1),
                "heading_similarity": heading_similarity,
            }
            holds = any(k.lower() in unit.text.lower() for k in item.keywords)
            found.append(Candidate(unit.text, features, holds))
        rows.append((question, found))
    return rows


def top1(rows: Sequence[Sequence[Candidate]], score: Callable[[Candidate], float]) -> float:
    """Share of questions whose highest-``score`` candidate holds a keyword."""
    return float(np.mean([max(r, key=score).holds_keyword if r else False for r in rows]))


def fit_logit(rows: Sequence[Sequence[Candidate]], l2: float = 0.1) -> np.ndarray:
    """Weights of a conditional logit: P(unit) = softmax over its question's units."""
    from scipy.optimize import minimize

    data = [
        (
            np.array([[c.features[f] for f in FEATURES] for c in r]),
            np.array([c.holds_keyword for c in r]),
        )
        for r in rows
        if r and 0 < sum(c.holds_keyword for c in r) < len(r)
    ]

    def loss(w: np.ndarray) -> float:
        total = l2 * float(w @ w)
        for x, y in data:
            s = x @ w
            top = s.max()
            total += math.log(np.exp(s - top).sum()) - math.log(np.exp(s[y] - top).sum())
        return total

    return np.asarray(minimize(loss, np.zeros(len(FEATURES)), method="L-BFGS-B").x)


def learned_top1(rows: Sequence[Sequence[Candidate]], folds: int = 5) -> float:
    """Cross-validated top-1 of :func:`fit_logit` (folds by question, every ``folds``-th)."""
    hits = 0.0
    for fold in range(folds):
        weights = fit_logit([r for i, r in enumerate(rows) if i % folds != fold])

        def learned(c: Candidate, w: np.ndarray = weights) -> float:
            return float(np.array([c.features[f] for f in FEATURES]) @ w)

        test = [r for i, r in enumerate(rows) if i % folds == fold]
        hits += top1(test, learned) * len(test)
    return hits / max(len(rows), 1)


def llm_log_odds(
    questions: Sequence[str], rows: Sequence[Sequence[Candidate]], top: int = 4
) -> None:
    """Store the local model's Yes/No log-odds in each of the ``top`` best candidates."""
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    from rag.llm.local import get_loaded_model

    settings = Settings()
    _, loaded = get_loaded_model(settings.local_model, context=2048)
    llm = loaded.llm

    def first_token(texts: Sequence[str]) -> list[int]:
        return [llm.tokenize(t.encode(), add_bos=False, special=False)[0] for t in texts]

    yes, no = first_token(["Yes", " Yes", "yes"]), first_token(["No", " No", "no"])
    system = "You check study notes. Reply Yes or No only."
    for question, row in zip(questions, rows, strict=True):
        prefix = f"<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\nQuestion: {question}\n"
        llm.reset()
        llm.eval(llm.tokenize(prefix.encode(), add_bos=False, special=True))
        shared = llm.n_tokens
        for candidate in row[:top]:
            suffix = (
                f"Note: {candidate.text}\nDoes the note state the answer to the question?"
                "<|im_end|>\n<|im_start|>assistant\n"
            )
            llm.n_tokens = shared  # reuse the question's KV state
            llm.eval(llm.tokenize(suffix.encode(), add_bos=False, special=True))
            logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),))
            p = np.exp(logits.astype(float) - float(logits.max()))
            candidate.features["llm"] = math.log(p[yes].sum()) - math.log(p[no].sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--split", choices=["train", "heldout"], default="train")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--learned", action="store_true")
    parser.add_argument("--llm", action="store_true")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    if args.split == "heldout" and (args.learned or args.llm):
        parser.error("rerankers are measured on the train split only")
    settings = Settings(query_log=False, **({"data_dir": args.data_dir} if args.data_dir else {}))
    questions = [
        q for q in load_questions(args.questions) if q.answerable and q.split == args.split
    ]
    assistant = Assistant(settings)
    rows = [r for _, r in candidates(assistant, questions)]
    figures: dict[str, object] = {
        "split": args.split,
        "questions": len(rows),
        "load_average": round(os.getloadavg()[0], 2),
        "top1_shipped": round(top1(rows, lambda c: c.features["score"]), 3),
        "oracle_at_4": round(
            float(np.mean([any(c.holds_keyword for c in r[:4]) for r in rows])), 3
        ),
    }
    if args.learned:
        figures["top1_learned_cv"] = round(learned_top1(rows), 3)
    if args.llm:
        started = time.perf_counter()
        llm_log_odds([q.question for q in questions], rows)
        figures["llm_seconds_per_question"] = round(
            (time.perf_counter() - started) / max(len(rows), 1), 2
        )
        best_four = [r[:4] for r in rows]
        figures["top1_llm_alone"] = round(top1(best_four, lambda c: c.features["llm"]), 3)
        for weight in (0.02, 0.05, 0.1, 0.2, 0.5):

            def combined(c: Candidate, w: float = weight) -> float:
                return c.features["score"] + w * c.features["llm"]

            figures[f"top1_score_plus_{weight}_llm"] = round(top1(best_four, combined), 3)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{args.split}: {figures['questions']} answerable questions, load "
          f"{figures['load_average']}")  # fmt: skip
    for name, value in list(figures.items())[3:]:
        print(f"  {name}: {value}")


if __name__ == "__main__":
    main()
