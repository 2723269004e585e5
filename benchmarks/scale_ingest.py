"""Ingest at scale, end to end: one ``rag ingest`` process over a synthetic corpus.

What a user runs, timed from outside: interpreter start, imports, model load, reading
and splitting the files, embedding, Chroma writes and the BM25 index, in a fresh
process on a fresh data directory. Reported: chunks, wall seconds, chunks/s, the
process's peak resident memory (``ru_maxrss`` of the child), and the load average
before and after, since the machine may be shared.

The corpus is ``benchmarks/ingest.py``'s synthetic one (Markdown files of sentences
drawn, seeded, from the course corpus; ``--n`` is about the number of chunks made).

Usage (from the repository root)::

    python benchmarks/scale_ingest.py --n 100000 --json scale-100k.json
    RAG_EMBEDDING_BACKEND=onnx python benchmarks/scale_ingest.py --n 10000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: its folder would shadow the `ingest` package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks._common import REPO, finish, machine
from benchmarks.ingest import synthetic_files


def ingest_process(corpus: Path, data_dir: Path) -> dict[str, Any]:
    """Run ``rag ingest CORPUS --json`` in a fresh process; its report, time and memory."""
    env = {**os.environ, "RAG_DATA_DIR": str(data_dir), "RAG_QUERY_LOG": "false"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ingest", str(corpus), "--json"],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"rag ingest failed ({done.returncode}):\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: kilobytes
    chunks = int(report["chunks_added"])
    return {
        "files": int(report["files_seen"]),
        "chunks": chunks,
        "seconds": round(seconds, 1),
        "chunks_per_s": round(chunks / seconds, 1),
        "peak_rss_mb": round(peak_kb / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="About how many chunks.")
    parser.add_argument("--work-dir", type=Path, default=None, help="Default: a temp folder.")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine(), "n": args.n}
    results["backend"] = os.environ.get("RAG_EMBEDDING_BACKEND", "default")
    with tempfile.TemporaryDirectory(prefix="bench-scale-", dir=args.work_dir) as tmp:
        files = synthetic_files(Path(tmp) / "corpus", args.n)
        print(f"{len(files):,} files written; ingesting...", file=sys.stderr, flush=True)
        results["ingest"] = ingest_process(Path(tmp) / "corpus", Path(tmp) / "data")
    finish(results, args.json)


if __name__ == "__main__":
    main()
