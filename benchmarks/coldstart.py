"""Cold start: how long a fresh ``rag`` process takes, per command and embedding backend.

Each command runs ``--runs`` times as a new process (``python -m rag.cli ...``), over
an index of the bundled course corpus built once beforehand; the JSON keeps every run.
One more process per backend records where a cold ``ask`` spends its time (import,
open the index, load the model, first retrieval, answer) and whether torch was
imported. The operating system's file cache is warm after the first run, as it is
for a user who asks a second question.

Usage (from the repository root)::

    python benchmarks/coldstart.py --runs 5 --json coldstart.json
    python benchmarks/coldstart.py --backend onnx --command ask --command retrieve
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
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

from benchmarks._common import REPO

QUESTION = "What does FID measure?"
COMMANDS: dict[str, list[str]] = {
    "help": ["--help"],
    "status": ["status"],
    "retrieve": ["retrieve", QUESTION],
    "ask": ["ask", QUESTION],
}

STAGES = """
import sys, time
started = time.perf_counter()
stages = {}
def mark(name):
    stages[name] = round(time.perf_counter() - started, 3)
import rag.cli
mark("import_cli")
from rag.assistant import Assistant
mark("import_assistant")
assistant = Assistant()
assistant.store.metadata()
mark("open_index")
assistant.embedder.model
mark("load_embedder")
assistant.retrieve(sys.argv[1])
mark("first_retrieve")
assistant.ask(sys.argv[1])
mark("ask")
stages["torch_imported"] = "torch" in sys.modules
print(stages)
"""


def environment(data_dir: Path, backend: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(
        RAG_DATA_DIR=str(data_dir),
        RAG_EMBEDDING_BACKEND=backend,
        RAG_QUERY_LOG="false",
        HF_HUB_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
    )
    return env


def build_index(data_dir: Path, backend: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "rag.cli", "ingest", str(REPO / "corpus")],
        env=environment(data_dir, backend),
        cwd=REPO,
        check=True,
        capture_output=True,
    )


def time_command(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "rag.cli", *args], env=env, cwd=REPO, capture_output=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"rag {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return seconds


def stages(env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", STAGES, QUESTION],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="Fresh processes per command.")
    parser.add_argument(
        "--backend",
        action="append",
        choices=["openvino", "onnx", "torch"],
        help="default: all three",
    )
    parser.add_argument("--command", action="append", choices=list(COMMANDS), help="default: all")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        "runs": args.runs,
        "backends": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        build_index(Path(tmp), "openvino")  # one vector family: every backend reads it
        for backend in args.backend or ["openvino", "onnx", "torch"]:
            env = environment(Path(tmp), backend)
            out: dict[str, Any] = {}
            for name in args.command or list(COMMANDS):
                seconds = [time_command(COMMANDS[name], env) for _ in range(args.runs)]
                out[name] = {
                    "p50_s": round(statistics.median(seconds), 2),
                    "min_s": round(min(seconds), 2),
                    "max_s": round(max(seconds), 2),
                    "all_s": [round(s, 2) for s in seconds],
                }
                print(f"{backend:6} {name:9} p50 {out[name]['p50_s']:6.2f} s", file=sys.stderr)
            out["stages_of_one_ask"] = stages(env)
            print(f"{backend:6} stages    {out['stages_of_one_ask']}", file=sys.stderr)
            results["backends"][backend] = out
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
