"""Local log of the questions asked, for finding what the material does not cover.

One JSON line per question in the data directory; nothing leaves the machine.
Turned off with ``RAG_QUERY_LOG=false``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag.schema import Answer
from rag.settings import Settings


def query_log_path(settings: Settings) -> Path:
    """Where the question log of this data directory lives."""
    return Path(settings.data_dir) / "questions.jsonl"


def log_question(settings: Settings, answer: Answer) -> None:
    """Append one asked question with whether it was answered."""
    path = query_log_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "time": time.time(),
        "question": answer.standalone_question or answer.question,
        "abstained": answer.abstained,
        "top_score": max((p.score for p in answer.closest), default=0.0),
        # The score the answer was decided on; gaps count answers below a margin as weak.
        "evidence": max((float(e.get("score", 0.0)) for e in answer.evidence), default=0.0),
        "cited": len(answer.citations),
    }
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_questions(settings: Settings) -> Iterator[dict[str, Any]]:
    """The logged questions, oldest first; unreadable lines are skipped."""
    path = query_log_path(settings)
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                yield json.loads(line)
            except ValueError:
                continue
