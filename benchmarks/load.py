"""Load: concurrent askers while the index is being re-ingested; errors and latency.

``--askers`` clients each ask ``--questions`` questions from ``eval/questions.jsonl``
against one index while ingests of a changing copy of the corpus run back to back
(each run revises every file and adds one), so the askers keep meeting an index in
the middle of an update. Two kinds of client:

* ``threads`` (default): one shared :class:`rag.assistant.Assistant`, as the Streamlit
  app shares one between its sessions; each asker is a thread. Latency is per question.
* ``cli``: each asker is a ``rag ask --questions - --json`` process; latency is the
  time between its answer lines (the first one also pays start-up and model load).

Ingests run as ``rag ingest`` processes (``--ingest-in process``, a teacher updating
the course from a terminal while the app serves) or in a thread of this process on
the shared assistant (``--ingest-in thread``, the app's ingest button).

Printed: errors (target 0), answers mixing two versions of one file (target 0),
latency p50/p95/max, how many questions were answered while an ingest was writing,
and whether the askers see the last ingest's new file afterwards.

Usage (from the repository root)::

    python benchmarks/load.py                          # 8 askers x 50 questions
    python benchmarks/load.py --askers 8 --questions 10 --clients cli --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

# These time the quoting writer; the default `auto` would load a local model wherever one
# is installed (benchmarks/answer.py times that one).
os.environ.setdefault("RAG_GENERATOR", "extractive")

if __package__ in (None, ""):  # run as a file: its folder would shadow the `ingest` package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks._common import REPO, machine

NEW_FILE_TERM = "quokkabench"


def questions(limit: int, offset: int = 0) -> list[str]:
    """Real student questions (in and out of scope), cycled from ``offset`` up to ``limit``."""
    lines = (REPO / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    pool = [json.loads(line)["question"] for line in lines if line.strip()]
    return [pool[(offset + i) % len(pool)] for i in range(limit)]


def revise(course: Path, revision: int) -> None:
    """Change every file and add one, so the next ingest updates them all."""
    for path in sorted(course.glob("*.txt")):
        text = path.read_text(encoding="utf-8").split("\n\n## Revision note")[0]
        path.write_text(
            f"{text}\n\n## Revision note\n\nRevision {revision} of these notes.\n", "utf-8"
        )
    for old in course.glob("zz_load_*.md"):
        old.unlink()
    (course / f"zz_load_{revision}.md").write_text(
        f"# Load notes {revision}\n\n## The {NEW_FILE_TERM}\n\nThe {NEW_FILE_TERM} is a "
        f"made-up animal of revision {revision}, added while students were asking.\n",
        "utf-8",
    )


class WriteWindows:
    """When an ingest was modifying the index (its keyword stale marker existed)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker
        self.windows: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> WriteWindows:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        opened: float | None = None
        while not self._stop.is_set():
            now = time.perf_counter()
            if self.marker.exists() and opened is None:
                opened = now
            elif not self.marker.exists() and opened is not None:
                self.windows.append((opened, now))
                opened = None
            time.sleep(0.02)
        if opened is not None:
            self.windows.append((opened, time.perf_counter()))

    def overlaps(self, start: float, end: float) -> bool:
        return any(start < w_end and end > w_start for w_start, w_end in self.windows)


class IngestLoop:
    """Ingests of a freshly revised corpus, back to back, until stopped."""

    def __init__(self, args: argparse.Namespace, course: Path, assistant: Any) -> None:
        self.args, self.course, self.assistant = args, course, assistant
        self.runs: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.revision = int(time.time())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.revision += 1
            revise(self.course, self.revision)
            started = time.perf_counter()
            try:
                report = self._ingest()
            except Exception as err:  # reported, not raised: the askers keep going
                self.errors.append(f"{type(err).__name__}: {err}")
                return
            self.runs.append(
                {"revision": self.revision, "seconds": round(time.perf_counter() - started, 2),
                 "updated": report.get("updated"), "added": report.get("added"),
                 "removed": report.get("removed")}
            )  # fmt: skip

    def _ingest(self) -> dict[str, Any]:
        if self.args.ingest_in == "thread":
            return dict(self.assistant.ingest([self.course]).to_dict())
        done = subprocess.run(
            [sys.executable, "-m", "rag.cli", "ingest", str(self.course), "--json",
             "--data-dir", str(self.args.data_dir)],
            capture_output=True, text=True, cwd=REPO, timeout=1800,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip()[-500:])
        return dict(json.loads(done.stdout.splitlines()[-1]))


def ask_threads(
    args: argparse.Namespace, assistant: Any, windows: WriteWindows
) -> tuple[list[dict[str, Any]], list[str]]:
    """Each asker a thread on the one shared assistant; per-question timings."""
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def asker(number: int) -> None:
        for question in questions(args.questions, offset=number * 7):
            started = time.perf_counter()
            try:
                answer = assistant.ask(question, args.k)
                mixed = mixed_versions(assistant, [p.id for p in answer.closest])
            except Exception as err:
                with lock:
                    errors.append(f"{type(err).__name__}: {err}")
                continue
            ended = time.perf_counter()
            with lock:
                results.append(
                    {"seconds": ended - started, "mixed": mixed,
                     "during_ingest": windows.overlaps(started, ended)}
                )  # fmt: skip

    run_concurrently(asker, args.askers)
    return results, errors


def run_concurrently(target: Callable[[int], None], count: int) -> None:
    """Run ``target(0)`` ... ``target(count - 1)`` in threads and wait for all of them."""
    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def mixed_versions(assistant: Any, ids: list[str]) -> int:
    """Documents that appear in one answer's passages with two different file hashes."""
    seen: dict[str, set[str]] = defaultdict(set)
    for chunk in assistant.store.get(ids):
        seen[str(chunk.metadata.get("doc_key"))].add(str(chunk.metadata.get("file_sha")))
    return sum(1 for shas in seen.values() if len(shas) > 1)


def ask_cli(
    args: argparse.Namespace, windows: WriteWindows
) -> tuple[list[dict[str, Any]], list[str]]:
    """Each asker a `rag ask --questions -` process; gaps between its answer lines."""
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def asker(number: int) -> None:
        asked = questions(args.questions, offset=number * 7)
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "rag.cli", "ask", "--questions", "-", "--k", str(args.k),
             "--data-dir", str(args.data_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, cwd=REPO,
        )  # fmt: skip
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("\n".join(asked) + "\n")
        process.stdin.close()
        previous, answered = started, 0
        for line in process.stdout:
            now = time.perf_counter()
            try:
                json.loads(line)
            except ValueError:
                with lock:
                    errors.append(f"not JSON: {line[:200]!r}")
                continue
            with lock:
                results.append(
                    {"seconds": now - previous, "first": answered == 0, "mixed": None,
                     "during_ingest": windows.overlaps(previous, now)}
                )  # fmt: skip
            previous, answered = now, answered + 1
        stderr = process.stderr.read() if process.stderr else ""
        if process.wait() != 0 or answered != len(asked):
            with lock:
                errors.append(
                    f"asker {number}: exit {process.returncode}, {answered}/{len(asked)} "
                    f"answers: {stderr.strip()[-300:]}"
                )

    run_concurrently(asker, args.askers)
    return results, errors


def summary(seconds: list[float]) -> dict[str, float]:
    import numpy as np

    if not seconds:
        return {}
    return {
        "p50_ms": round(float(np.percentile(seconds, 50)) * 1000, 1),
        "p95_ms": round(float(np.percentile(seconds, 95)) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--askers", type=int, default=8, help="Concurrent askers.")
    parser.add_argument("--questions", type=int, default=50, help="Questions per asker.")
    parser.add_argument("--k", type=int, default=5, help="Passages per question.")
    parser.add_argument("--clients", choices=["threads", "cli"], default="threads")
    parser.add_argument("--ingest-in", choices=["process", "thread"], default="process")
    parser.add_argument("--workdir", type=Path, default=None, help="Corpus copy and index.")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="rag-load-"))
    course, args.data_dir = workdir / "course", workdir / "data"

    import logging

    from ingest.index import keyword_dir
    from rag.assistant import Assistant
    from rag.retrieval.keyword import KeywordIndex
    from rag.settings import Settings

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    results: dict[str, Any] = {"machine": machine(), "args": {k: str(v) for k, v in
                                                              vars(args).items()}}  # fmt: skip
    if not course.exists():
        shutil.copytree(REPO / "corpus", course)
    assistant = Assistant(Settings(data_dir=args.data_dir, query_log=False))
    started = time.perf_counter()
    first = assistant.ingest([course])
    print(f"index ready: {first.chunks_total} chunks ({time.perf_counter() - started:.1f} s)",
          file=sys.stderr, flush=True)  # fmt: skip
    assistant.ask("What is a GAN?")  # the model and index are loaded, as in a running app

    marker = KeywordIndex(keyword_dir(assistant.settings)).stale_marker
    loop = IngestLoop(args, course, assistant)
    with WriteWindows(marker) as windows:
        loop.start()
        deadline = time.monotonic() + 600
        while not windows.windows and not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # start asking once the first ingest is writing
        started = time.perf_counter()
        if args.clients == "threads":
            answered, errors = ask_threads(args, assistant, windows)
        else:
            answered, errors = ask_cli(args, windows)
        elapsed = time.perf_counter() - started
        loop.stop()

    revision_term = f"The {NEW_FILE_TERM} is a made-up animal of revision {loop.revision}"
    latest = assistant.retrieve(f"What is the {NEW_FILE_TERM}?", k=1).passages
    results["result"] = {
        "questions": args.askers * args.questions,
        "answered": len(answered),
        "errors": len(errors) + len(loop.errors),
        "mixed_version_answers": (  # needs the passages' file hashes: threads only
            sum(1 for r in answered if r["mixed"]) if args.clients == "threads" else None
        ),
        "answered_while_an_ingest_was_writing": sum(1 for r in answered if r["during_ingest"]),
        "latency": summary([r["seconds"] for r in answered if not r.get("first")]),
        "first_answer_per_process": summary([r["seconds"] for r in answered if r.get("first")]),
        "questions_per_s": round(len(answered) / elapsed, 2),
        "seconds": round(elapsed, 1),
        "ingests": loop.runs,
        "sees_last_ingest": bool(latest) and revision_term in latest[0].text,
    }
    results["error_messages"] = sorted(set(errors + loop.errors))[:20]
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(results, indent=1))
    result = results["result"]
    print(
        f"\n{args.askers} askers x {args.questions} questions ({args.clients}), ingests in a "
        f"{args.ingest_in}: {result['errors']} errors, {result['mixed_version_answers']} "
        f"mixed-version answers, latency {result['latency']}, "
        f"{result['answered_while_an_ingest_was_writing']} answered while an ingest wrote, "
        f"{len(loop.runs)} ingests, sees last ingest: {result['sees_last_ingest']}",
        file=sys.stderr,
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
