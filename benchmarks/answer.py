"""Answer quality and speed per generator on the held-out questions.

For every answerable held-out question of ``eval/questions.jsonl`` and each
generator asked for, one answer is streamed through the real chain (retrieve,
decide, select evidence, generate, check every sentence) and measured:

- **key fact**: every ``keywords`` entry of the question appears in the answer
  (case-insensitive); an abstention does not hold it;
- **supported**: the share of answer sentences that ``rag.answer.support`` finds backed by
  the passage they cite;
- **time to first piece** and **whole answer** (seconds, warm: the models are
  loaded before the first timed question);
- **evidence recall**: whether the key fact is in the evidence an LLM prompt holds at
  the given character budgets (no model needed).

The unanswerable held-out questions check that abstention still happens before any
model writes. Peak RSS and the load average are reported with the numbers.

Usage (from the repository root)::

    python benchmarks/answer.py --generators extractive local --json answer.json
    RAG_LOCAL_MODEL=/path/model.gguf python benchmarks/answer.py --generators local
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a file: its folder would shadow the `ingest` package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks._common import REPO, machine


def load_questions(split: str) -> list[dict[str, Any]]:
    lines = (REPO / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [row for row in rows if row.get("split") == split]


def holds_key_fact(text: str, keywords: list[str]) -> bool:
    """Every keyword of the question in the text, ignoring case."""
    lowered = text.lower()
    return bool(keywords) and all(k.lower() in lowered for k in keywords)


def evidence_recall(assistant: Any, questions: list[dict[str, Any]], budgets: list[int]) -> dict:
    """Share of answerable questions whose key fact is in the prompt's evidence per budget.

    The prompt holds the units the extractive answer would quote
    (:func:`rag.answer.extractive.answering_evidence`), cut to the budget; the share
    over all eight selected units is given for comparison.
    """
    from rag.answer.extractive import answering_evidence
    from rag.answer.prompt import select_for_prompt

    chain = assistant.chain
    hits = dict.fromkeys(budgets, 0)
    hits_all = 0
    for row in questions:
        turn = chain.decide_step(chain.retrieve_step(_turn(row["question"], assistant)))
        everything = " ".join(s.unit.text for s in turn.evidence)
        hits_all += holds_key_fact(everything, row["keywords"])
        answering = answering_evidence(row["question"], turn.retrieval.passages, turn.evidence)
        for budget in budgets:
            chosen = select_for_prompt(answering, budget)
            hits[budget] += holds_key_fact(" ".join(s.unit.text for s in chosen), row["keywords"])
    n = len(questions)
    return {
        "questions": n,
        "prompt_by_budget_chars": {str(b): round(hits[b] / n, 3) for b in budgets},
        "all_selected_units": round(hits_all / n, 3),
    }


def _turn(question: str, assistant: Any) -> Any:
    from rag.answer.chain import Turn

    return Turn(question, assistant.settings.k)


def run_generator(
    assistant: Any, answerable: list[dict[str, Any]], unanswerable: list[dict[str, Any]]
) -> dict[str, Any]:
    from rag.schema import Answer

    generator = assistant.chain.generator
    assistant.ask(answerable[0]["question"])  # warm: model loads, caches fill
    rows = []
    for row in answerable:
        started = time.perf_counter()
        first: float | None = None
        answer: Answer | None = None
        for item in assistant.ask_stream(row["question"]):
            if isinstance(item, Answer):
                answer = item
            elif first is None:
                first = time.perf_counter() - started
        total = time.perf_counter() - started
        assert answer is not None
        sentences = answer.sentences
        supported = sum(1 for s in sentences if s.supported)
        rows.append({
            "question": row["question"],
            "answer": answer.answer,
            "generator": answer.generator,
            "abstained": answer.abstained,
            "error": answer.error,
            "key_fact": (not answer.abstained) and holds_key_fact(answer.answer, row["keywords"]),
            "sentences": len(sentences),
            "supported": supported,
            "first_piece_s": round(first if first is not None else total, 3),
            "total_s": round(total, 3),
        })  # fmt: skip
    refused = sum(assistant.ask(row["question"]).abstained for row in unanswerable)
    firsts = [r["first_piece_s"] for r in rows]
    totals = [r["total_s"] for r in rows]
    n_sentences = sum(r["sentences"] for r in rows)
    return {
        "generator": generator.name,
        "note": getattr(generator, "note", ""),
        "answerable": len(rows),
        "key_fact": round(sum(r["key_fact"] for r in rows) / len(rows), 3),
        "abstained": sum(r["abstained"] for r in rows),
        "written_by_generator": sum(r["generator"] == generator.name for r in rows),
        "supported_sentences": round(sum(r["supported"] for r in rows) / max(n_sentences, 1), 3),
        "first_piece_p50_s": round(statistics.median(firsts), 2),
        "total_p50_s": round(statistics.median(totals), 2),
        "total_p95_s": round(float(np.percentile(totals, 95)), 2),
        "unanswerable_refused": f"{refused}/{len(unanswerable)}",
        "answers": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generators", nargs="+", default=["extractive", "local"])
    parser.add_argument("--split", default="heldout")
    parser.add_argument("--limit", type=int, default=0, help="answerable questions (0: all)")
    parser.add_argument("--budgets", type=int, nargs="+", default=[600, 900, 1200, 1800])
    parser.add_argument("--data-dir", type=Path, help="reuse this index (ingested if empty)")
    parser.add_argument("--json", type=Path, help="write the full results here")
    args = parser.parse_args()

    from rag.assistant import Assistant
    from rag.settings import Settings

    info = machine()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="answer-bench-"))
    rows = load_questions(args.split)
    answerable = [r for r in rows if r["answerable"] and r.get("keywords")]
    unanswerable = [r for r in rows if not r["answerable"]]
    if args.limit:
        answerable = answerable[: args.limit]
    base = Settings(data_dir=data_dir, corpus_dir=REPO / "corpus", query_log=False)
    first = Assistant(base)
    if first.store.count() == 0:
        first.ingest([REPO / "corpus"])
    results: dict[str, Any] = {"machine": info, "split": args.split}
    results["evidence_recall"] = evidence_recall(first, answerable, args.budgets)
    print(json.dumps(results["evidence_recall"]), flush=True)
    for name in args.generators:
        settings = base.model_copy(update={"generator": name})
        assistant = Assistant(settings, embedder=first.embedder, store=first.store)
        summary = run_generator(assistant, answerable, unanswerable)
        results[name] = summary
        print(json.dumps({k: v for k, v in summary.items() if k != "answers"}), flush=True)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps({"peak_rss_mb": results["peak_rss_mb"],
                      "load_average_at_end": results["load_average_at_end"]}))  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
