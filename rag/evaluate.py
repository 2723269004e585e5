"""``rag eval qa``: how well the assistant finds, cites and abstains on a question set.

The scoring functions are pure; :func:`evaluate_qa` runs the real assistant.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.errors import ConfigError
from rag.schema import Passage


@dataclass(frozen=True)
class Expected:
    """A (source, section) that answers a question."""

    source: str
    section: str


@dataclass(frozen=True)
class QAQuestion:
    """One line of a question set."""

    question: str
    answerable: bool
    expected: tuple[Expected, ...] = ()
    keywords: tuple[str, ...] = ()


def load_questions(path: Path) -> list[QAQuestion]:
    """Read a JSONL question set; errors name the file and line."""
    if not path.is_file():
        raise ConfigError(f"question file not found: {path}")
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            questions.append(
                QAQuestion(
                    question=str(data["question"]),
                    answerable=bool(data.get("answerable", True)),
                    expected=tuple(
                        Expected(str(e["source"]), str(e.get("section", "")))
                        for e in data.get("expected", [])
                    ),
                    keywords=tuple(str(k) for k in data.get("keywords", [])),
                )
            )
        except (ValueError, KeyError, TypeError) as err:
            raise ConfigError(
                f"{path}, line {number}: not a question object ({err}); each line needs "
                '{"question": ..., "answerable": true|false, "expected": [{"source", "section"}]}'
            ) from err
    return questions


def matches(passage: Passage, expected: Sequence[Expected]) -> bool:
    """A passage answers if it is from an expected file and section (or a subsection)."""
    return any(
        passage.source == e.source
        and (passage.section == e.section or passage.section.startswith(e.section + " > "))
        for e in expected
    )


def first_hit_rank(passages: Sequence[Passage], expected: Sequence[Expected]) -> int | None:
    """1-based rank of the first matching passage, or None."""
    for rank, passage in enumerate(passages, start=1):
        if matches(passage, expected):
            return rank
    return None


@dataclass
class QAScores:
    """Running totals for the QA metrics."""

    ranks: list[int | None] = field(default_factory=list)
    cited_expected: list[bool] = field(default_factory=list)
    keyword_hits: list[bool] = field(default_factory=list)
    abstained_in_scope: int = 0
    abstained_out_of_scope: int = 0
    answered_out_of_scope: int = 0

    def metrics(self) -> dict[str, float | int]:
        """Hit@1, hit@5, MRR, abstention precision/recall, citation accuracy."""
        n = len(self.ranks)
        abstained = self.abstained_in_scope + self.abstained_out_of_scope
        out_of_scope = self.abstained_out_of_scope + self.answered_out_of_scope
        answered = len(self.cited_expected)
        return {
            "in_scope_questions": n,
            "out_of_scope_questions": out_of_scope,
            "hit@1": _share(sum(1 for r in self.ranks if r == 1), n),
            "hit@5": _share(sum(1 for r in self.ranks if r is not None and r <= 5), n),
            "mrr": _share(sum(1 / r for r in self.ranks if r is not None), n),
            "abstention_precision": _share(self.abstained_out_of_scope, abstained),
            "abstention_recall": _share(self.abstained_out_of_scope, out_of_scope),
            "false_abstention_rate": _share(self.abstained_in_scope, n),
            "answers_citing_expected": _share(sum(self.cited_expected), answered),
            "answers_with_keyword": _share(sum(self.keyword_hits), answered),
        }


def _share(part: float, whole: int) -> float:
    return part / whole if whole else 0.0


def evaluate_qa(
    assistant: Any, questions: Sequence[QAQuestion], k: int | None = None, progress: bool = False
) -> dict[str, Any]:
    """Ask every question and score retrieval, citations and abstention."""
    from tqdm import tqdm

    scores = QAScores()
    rows = []
    for item in tqdm(questions, desc="Asking", disable=not progress, leave=False):
        answer = assistant.ask(item.question, k)
        row: dict[str, Any] = {"question": item.question, "abstained": answer.abstained}
        if item.answerable:
            rank = first_hit_rank(answer.closest, item.expected)
            scores.ranks.append(rank)
            row["rank"] = rank
            if answer.abstained:
                scores.abstained_in_scope += 1
            else:
                cited = any(matches(c.passage, item.expected) for c in answer.citations)
                scores.cited_expected.append(cited)
                text = answer.answer.lower()
                scores.keyword_hits.append(
                    not item.keywords or any(kw.lower() in text for kw in item.keywords)
                )
                row["cited_expected"] = cited
        elif answer.abstained:
            scores.abstained_out_of_scope += 1
        else:
            scores.answered_out_of_scope += 1
        row["top_score"] = round(max((p.score for p in answer.closest), default=0.0), 4)
        rows.append(row)
    return {"metrics": scores.metrics(), "questions": rows}
