"""Print the abstention evidence for every question of a set, and the best thresholds.

Usage: python eval/calibrate_abstention.py [eval/questions.jsonl]

For each question it records the evidence the chain decides on (the score of the
best evidence unit, :func:`rag.answer.evidence.evidence_strength`; the best passage's
similarity and the share of question words found, for contrast) and searches the
threshold that maximises balanced accuracy between answering in-scope and
abstaining on out-of-scope questions, **on the train split only**; the held-out
split is reported with that threshold, never tuned on.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

from rag.answer.evidence import evidence_strength
from rag.answer.extractive import find_evidence
from rag.assistant import Assistant
from rag.evaluation.qa import load_questions
from rag.settings import Settings


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "eval/questions.jsonl")
    questions = load_questions(path)
    assistant = Assistant(Settings(query_log=False))
    rows = []
    for item, retrieval in zip(
        questions, assistant.retrieve_many([q.question for q in questions]), strict=True
    ):
        stats = assistant.retriever.term_statistics()
        evidence = find_evidence(item.question, retrieval.passages, assistant.embedder, stats)
        rows.append(
            {
                "question": item.question,
                "answerable": item.answerable,
                "split": item.split,
                "passage": round(retrieval.top_score, 3),  # whole-chunk cosine, for contrast
                "sentence": round(evidence_strength(evidence), 3),
                "coverage": round(retrieval.term_coverage, 3),
            }
        )
    heldout = [r for r in rows if r["split"] == "heldout"]
    rows = [r for r in rows if r["split"] != "heldout"]
    best = None
    for sentence_min, coverage_min in itertools.product(
        [x / 100 for x in range(20, 80)], [x / 20 for x in range(0, 21)]
    ):
        answered_in = sum(
            1 for r in rows if r["answerable"]
            and r["sentence"] >= sentence_min and r["coverage"] >= coverage_min
        )  # fmt: skip
        abstained_out = sum(
            1 for r in rows if not r["answerable"]
            and not (r["sentence"] >= sentence_min and r["coverage"] >= coverage_min)
        )  # fmt: skip
        n_in = sum(r["answerable"] for r in rows)
        n_out = len(rows) - n_in
        balanced = (answered_in / n_in + abstained_out / n_out) / 2
        if best is None or balanced > best[0]:
            best = (balanced, sentence_min, coverage_min, answered_in, n_in, abstained_out, n_out)
    for row in sorted(rows + heldout, key=lambda r: r["sentence"]):
        print(json.dumps(row, ensure_ascii=False))
    assert best is not None
    print(
        f"train: min_relevance={best[1]:.2f} min_coverage={best[2]:.2f} "
        f"balanced accuracy={best[0]:.3f} (answered {best[3]}/{best[4]} in scope, "
        f"abstained {best[5]}/{best[6]} out of scope)"
    )
    answered = sum(1 for r in heldout if r["answerable"] and r["sentence"] >= best[1])
    abstained = sum(1 for r in heldout if not r["answerable"] and r["sentence"] < best[1])
    n_in = sum(r["answerable"] for r in heldout)
    print(
        f"heldout at that threshold: answered {answered}/{n_in} in scope, "
        f"abstained {abstained}/{len(heldout) - n_in} out of scope"
    )


if __name__ == "__main__":
    main()
