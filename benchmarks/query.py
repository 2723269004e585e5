"""Query latency: ``retrieve`` at growing index sizes, and ``ask`` cold and warm.

``retrieve`` (the product's hybrid retrieval: embed the question, Chroma HNSW search,
BM25 search, rank fusion, passage fetch, near-duplicate collapse) is timed one
question at a time against synthetic indexes of ``--sizes`` chunks. Embedding 100k or
1M chunks would take hours on a CPU and is not what is measured here, so the synthetic
chunks get **random unit vectors** (seeded) and course-like text (sentences drawn from
the course corpus); the questions are real ones from ``eval/questions.jsonl``,
embedded by the real model. Search cost depends on the index size and dimension, not
on what the vectors mean, so the latency is representative; the retrieved passages are
of course meaningless. Each synthetic index is cached in ``--data-dir`` (collection
``synthetic-<n>``) and reused by later runs.

``ask`` with the extractive generator is timed on the course corpus: warm (one
process, after a first question) and cold (a new ``rag ask`` process per question:
interpreter start, imports, model load, index open, answer).

Usage (from the repository root)::

    python benchmarks/query.py --sizes 5000 20000 --json results.json
    python benchmarks/query.py --sizes 100000 --device cuda          # bigger machine

The 1M-chunk run needs a Chroma server (an embedded Chroma of that size is slow to
open and holds everything in this process)::

    chroma run --path /big/disk/chroma --port 8000 &
    python benchmarks/query.py --sizes 1000000 --chroma-host localhost --chroma-port 8000 \\
        --data-dir /big/disk/bench --skip-ask
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# These time the quoting writer; the default `auto` would load a local model wherever one
# is installed (benchmarks/answer.py times that one).
os.environ.setdefault("RAG_GENERATOR", "extractive")

if __package__ in (None, ""):  # run as a file: its folder would shadow the `ingest` package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks._common import REPO, finish, machine

BATCH = 5000


def questions(limit: int) -> list[str]:
    """Real student questions (in and out of scope), cycled up to ``limit``."""
    lines = (REPO / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    asked = [json.loads(line)["question"] for line in lines if line.strip()]
    return [asked[i % len(asked)] for i in range(limit)]


def course_sentences() -> list[str]:
    text = " ".join(
        p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").iterdir()) if p.is_file()
    )
    parts = re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text))
    return [s for s in parts if 6 <= len(s.split()) <= 40]


def summary(seconds: list[float]) -> dict[str, float]:
    import numpy as np

    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(float(np.percentile(ms, 50)), 2),
        "p95_ms": round(float(np.percentile(ms, 95)), 2),
        "mean_ms": round(sum(ms) / len(ms), 2),
    }


def settings_for(args: Any, collection: str) -> Any:
    from rag.settings import Settings

    return Settings(
        data_dir=args.data_dir,
        collection=collection,
        query_log=False,
        embedding_device=args.device,
        chroma_host=args.chroma_host,
        chroma_port=args.chroma_port,
    )


def build_synthetic(assistant: Any, n: int, seed: int = 7) -> dict[str, Any]:
    """Fill the assistant's collection with ``n`` synthetic chunks, unless already there."""
    import numpy as np

    from ingest.index import rebuild_keyword_index
    from ingest.split import SPLITTER_VERSION
    from rag.retrieval.store import IndexFingerprint

    store, embedder = assistant.store, assistant.embedder
    if store.count() == n and assistant.keyword_index.load() and len(assistant.keyword_index) == n:
        return {"reused": True}
    store.delete_collection()
    fingerprint = IndexFingerprint(embedder.name, embedder.dimension, SPLITTER_VERSION)
    rng = random.Random(seed)
    vectors_rng = np.random.default_rng(seed)
    sentences = course_sentences()
    started = time.perf_counter()
    for first in range(0, n, BATCH):
        count = min(BATCH, n - first)
        texts, metas, ids = [], [], []
        for i in range(first, first + count):
            words: list[str] = []
            while len(words) < 100:
                words.extend(rng.choice(sentences).split())
            text = " ".join(words)
            doc = i // 5
            ids.append(f"syn-{i:08d}")
            texts.append(text)
            metas.append(
                {
                    "doc_key": f"synthetic::doc-{doc}.md",
                    "root": "synthetic",
                    "source": f"doc-{doc}.md",
                    "title": f"Synthetic notes {doc}",
                    "section": f"Topic {doc}.{i % 5}",
                    "start": 0,
                    "end": len(text),
                    "file_sha": "synthetic",
                    "n_chunks": 5,
                    "chunk_index": i % 5,
                    "kind": "markdown",
                    "tokens": 180,
                    "ingested_at": 0.0,
                }
            )
        vectors = vectors_rng.standard_normal((count, embedder.dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        store.add(fingerprint, ids=ids, texts=texts, metadatas=metas, embeddings=vectors)
        print(f"  inserted {first + count:,}/{n:,}", file=sys.stderr, flush=True)
    insert_s = time.perf_counter() - started
    started = time.perf_counter()
    rebuild_keyword_index(store, assistant.keyword_index)
    keyword_s = time.perf_counter() - started
    assistant.retriever.refresh()
    return {"reused": False, "insert_s": round(insert_s, 1), "keyword_index_s": round(keyword_s, 1)}


def time_retrieve(assistant: Any, asked: list[str], k: int) -> dict[str, Any]:
    """``retrieve`` end to end, then each of its stages alone over the same questions.

    The stages reuse each other's caches (the server's pages, the BM25 arrays), so they
    add up to less than the whole; they say which part grows with the index.
    """
    retriever = assistant.retriever
    retriever.retrieve(asked[0], k)  # loads the keyword index, opens HNSW
    n = max(retriever.candidates, 4 * k)
    total, embed, dense, keyword, fetch = [], [], [], [], []
    for question in asked:
        started = time.perf_counter()
        retriever.retrieve(question, k)
        total.append(time.perf_counter() - started)
    for question in asked:
        started = time.perf_counter()
        vector = assistant.embedder.encode([question])[0]
        embed.append(time.perf_counter() - started)
        started = time.perf_counter()
        hits = assistant.store.query(vector, n)
        dense.append(time.perf_counter() - started)
        started = time.perf_counter()
        assistant.keyword_index.search(question, n)
        keyword.append(time.perf_counter() - started)
        started = time.perf_counter()
        assistant.store.get([chunk_id for chunk_id, _ in hits], with_embeddings=True)
        fetch.append(time.perf_counter() - started)
    return {
        "retrieve": summary(total),
        "embed_question_only": summary(embed),
        "stages": {
            "embed_question": summary(embed),
            "dense_search": summary(dense),
            "keyword_search": summary(keyword),
            "fetch_candidates": summary(fetch),
        },
    }


def course_assistant(args: Any) -> Any:
    from rag.assistant import Assistant

    assistant = Assistant(settings_for(args, "course").model_copy(update={"chroma_host": None}))
    if assistant.store.count() == 0:
        assistant.ingest([REPO / "corpus"])
    return assistant


def time_ask(args: Any, asked: list[str]) -> dict[str, Any]:
    assistant = course_assistant(args)
    started = time.perf_counter()
    assistant.ask(asked[0])
    first = time.perf_counter() - started
    warm = []
    for question in asked:
        started = time.perf_counter()
        assistant.ask(question)
        warm.append(time.perf_counter() - started)
    cold = []
    env = {**os.environ, "RAG_DATA_DIR": str(args.data_dir), "RAG_QUERY_LOG": "false"}
    env.pop("RAG_CHROMA_HOST", None)
    for question in asked[: args.cold_runs]:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "from rag.cli import main; main()", "ask", question, "--json"],
            check=True, env=env, cwd=REPO, capture_output=True,
        )  # fmt: skip
        cold.append(time.perf_counter() - started)
    return {
        "chunks": assistant.store.count(),
        "first_ask_in_process_ms": round(first * 1000, 1),
        "warm": summary(warm),
        "cold_process": summary(cold),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000], help="Chunks.")
    parser.add_argument("--queries", type=int, default=200, help="Timed questions per size.")
    parser.add_argument("--k", type=int, default=5, help="Passages per question.")
    parser.add_argument("--data-dir", type=Path, default=None, help="Cache of the indexes.")
    parser.add_argument("--device", default=None, help="Embedding device (default: auto).")
    parser.add_argument("--chroma-host", default=None, help="Chroma server for the sizes.")
    parser.add_argument("--chroma-port", type=int, default=8000)
    parser.add_argument("--skip-ask", action="store_true", help="Only retrieve latency.")
    parser.add_argument("--cold-runs", type=int, default=5, help="Cold `rag ask` processes.")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()
    if args.data_dir is None:
        args.data_dir = Path(tempfile.gettempdir()) / "rag-bench-query"

    import logging

    from rag.assistant import Assistant

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    results: dict[str, Any] = {
        "machine": machine(),
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    asked = questions(args.queries)
    results["retrieve"] = []
    for n in args.sizes:
        print(f"synthetic index of {n:,} chunks", file=sys.stderr, flush=True)
        assistant = Assistant(settings_for(args, f"synthetic-{n}"))
        build = build_synthetic(assistant, n)
        row = {"chunks": n, "build": build, **time_retrieve(assistant, asked, args.k)}
        results["retrieve"].append(row)
        print(f"  retrieve: {row['retrieve']}", file=sys.stderr, flush=True)
    if not args.skip_ask:
        results["ask_extractive"] = time_ask(args, asked[: max(20, args.cold_runs)])
        print(f"  ask: {results['ask_extractive']}", file=sys.stderr, flush=True)
    finish(results, args.json)


if __name__ == "__main__":
    main()
