"""``rag eval qa``: how well the assistant finds, cites and abstains on a question set.

The scoring functions are pure; :func:`evaluate_qa` runs the real assistant.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.errors import ConfigError
from rag.schema import Passage

if TYPE_CHECKING:
    from rag.assistant import Assistant


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
    split: str = "train"
    """``train`` (thresholds and weights are tuned on it) or ``heldout`` (never tuned on)."""


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
                    split=str(data.get("split", "train")),
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


def keyword_in(text: str, keywords: Sequence[str]) -> bool:
    """True when one of the expected keywords is in ``text`` (case and accents folded)."""
    folded = fold(text)
    return any(fold(k) in folded for k in keywords)


def fold(text: str) -> str:
    r"""Lower case without accents, and single spaces: a keyword in wrapped notes matches.

    >>> fold("Fréchet"), fold("340 million\n   parameters")
    ('frechet', '340 million parameters')
    """
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", " ".join(text.lower().split()))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def states_key_fact(answer: Any, keywords: Sequence[str]) -> bool:
    """The key fact is stated *and cited*: a keyword is in a sentence with a citation.

    A keyword in an uncited sentence, or in a sentence whose cited passage lacks it,
    does not count: the student could not check it.
    """
    if not keywords:
        return bool(answer.citations)
    for sentence in answer.sentences:
        if not sentence.citations or not keyword_in(sentence.text, keywords):
            continue
        cited = [c.passage.text for c in answer.citations if c.n in sentence.citations]
        if any(keyword_in(text, keywords) for text in cited):
            return True
    return False


@dataclass
class QAScores:
    """Running totals for the QA metrics of one split."""

    ranks: list[int | None] = field(default_factory=list)
    cited_expected: list[bool] = field(default_factory=list)
    keyword_hits: list[bool] = field(default_factory=list)
    key_facts: list[bool] = field(default_factory=list)
    evidence_hits: list[bool] = field(default_factory=list)
    supported: list[bool] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    abstained_in_scope: int = 0
    abstained_out_of_scope: int = 0
    answered_out_of_scope: int = 0

    def metrics(self) -> dict[str, float | int]:
        """Retrieval, key fact, evidence recall, support, abstention and latency."""
        import numpy as np

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
            "key_fact": _share(sum(self.key_facts), n),
            "evidence_recall": _share(sum(self.evidence_hits), n),
            "supported_sentences": _share(sum(self.supported), len(self.supported)),
            "abstention_precision": _share(self.abstained_out_of_scope, abstained),
            "abstention_recall": _share(self.abstained_out_of_scope, out_of_scope),
            "false_abstention_rate": _share(self.abstained_in_scope, n),
            "answers_citing_expected": _share(sum(self.cited_expected), answered),
            "answers_with_keyword": _share(sum(self.keyword_hits), answered),
            "latency_p50_s": float(np.percentile(self.seconds, 50)) if self.seconds else 0.0,
            "latency_p95_s": float(np.percentile(self.seconds, 95)) if self.seconds else 0.0,
        }


def _share(part: float, whole: int) -> float:
    return part / whole if whole else 0.0


def evaluate_qa(
    assistant: Any, questions: Sequence[QAQuestion], k: int | None = None, progress: bool = False
) -> dict[str, Any]:
    """Ask every question; score each split (``train``, ``heldout``) and all together.

    Key fact: an expected keyword stated in a cited sentence (:func:`states_key_fact`),
    over all answerable questions (an abstention misses it). Evidence recall: an
    expected keyword in the units selected as evidence, whatever the writer made of
    them. Latency is the whole ``ask`` (retrieval, evidence, writing, checks), warm.
    """
    import time

    from tqdm import tqdm

    splits: dict[str, QAScores] = {}
    rows = []
    assistant.ask(questions[0].question, k) if questions else None  # warm up the models
    for item in tqdm(questions, desc="Asking", disable=not progress, leave=False):
        started = time.perf_counter()
        answer = assistant.ask(item.question, k)
        elapsed = time.perf_counter() - started
        row: dict[str, Any] = {
            "question": item.question,
            "split": item.split,
            "abstained": answer.abstained,
            "answer": answer.answer,
            "seconds": round(elapsed, 3),
        }
        for scores in (
            splits.setdefault(item.split, QAScores()),
            splits.setdefault("all", QAScores()),
        ):
            scores.seconds.append(elapsed)
            if item.answerable:
                rank = first_hit_rank(answer.closest, item.expected)
                scores.ranks.append(rank)
                evidence_text = " ".join(e["text"] for e in answer.evidence)
                scores.evidence_hits.append(
                    not item.keywords or keyword_in(evidence_text, item.keywords)
                )
                if answer.abstained:
                    scores.abstained_in_scope += 1
                    scores.key_facts.append(False)
                else:
                    cited = any(matches(c.passage, item.expected) for c in answer.citations)
                    scores.cited_expected.append(cited)
                    scores.keyword_hits.append(
                        not item.keywords or keyword_in(answer.answer, item.keywords)
                    )
                    scores.key_facts.append(states_key_fact(answer, item.keywords))
                    scores.supported.extend(s.supported for s in answer.sentences)
                row["rank"] = rank
                row["key_fact"] = scores.key_facts[-1]
            elif answer.abstained:
                scores.abstained_out_of_scope += 1
            else:
                scores.answered_out_of_scope += 1
        row["top_score"] = round(max((p.score for p in answer.closest), default=0.0), 4)
        rows.append(row)
    order: list[str] = [name for name in ("train", "heldout", "all") if name in splits]
    order += [name for name in splits if name not in order]
    return {
        "generator": getattr(assistant.chain.generator, "name", ""),
        "splits": {name: splits[name].metrics() for name in order},
        "metrics": splits["all"].metrics() if "all" in splits else QAScores().metrics(),
        "questions": rows,
    }


def evaluate_questions(
    assistant: Assistant,
    questions: Sequence[QAQuestion],
    *,
    stage: str = "all",
    progress: bool = False,
) -> dict[str, Any]:
    """Hit@1/5/10 and MRR@10 of retrieval alone on a course question set, per stage.

    Only answerable questions count (the others have no right passage); no answer is
    generated, so this isolates what each retrieval stage contributes.
    """
    from tqdm import tqdm

    from rag.evaluation.beir_run import (
        HEAD_K,
        STAGE_LABELS,
        STAGES,
        latency_summary,
        stage_reranker,
        stage_retriever,
        stages_for,
    )
    from rag.evaluation.metrics import hit_at_k, mrr_at_k

    wanted = stages_for(stage, assistant.settings.reranker)
    in_scope = [q for q in questions if q.answerable and q.expected]
    if not in_scope:
        raise ConfigError("the question set has no answerable question with expected sources")
    assistant.retrieve(in_scope[0].question)  # fails clearly on an empty index; warms up
    rows = []
    for name in wanted:
        mode = STAGES[name].mode
        retriever = stage_retriever(assistant, name)
        rankings: list[tuple[list[str], set[str]]] = []
        latencies: list[float] = []
        for item in tqdm(in_scope, desc=STAGE_LABELS[name], disable=not progress, leave=False):
            started = time.perf_counter()
            retrieval = retriever.retrieve(item.question, HEAD_K, mode)
            latencies.append(time.perf_counter() - started)
            ranked = [str(n) for n in range(len(retrieval.passages))]
            relevant = {
                str(n) for n, p in enumerate(retrieval.passages) if matches(p, item.expected)
            }
            rankings.append((ranked, relevant))
        n = len(rankings)
        rows.append(
            {
                "stage": name,
                "mode": mode,
                "reranker": stage_reranker(name, assistant.settings.reranker),
                "metrics": {
                    **{
                        f"hit@{k}": round(sum(hit_at_k(r, rel, k) for r, rel in rankings) / n, 4)
                        for k in (1, 5, 10)
                    },
                    "mrr@10": round(
                        sum(mrr_at_k(r, dict.fromkeys(rel, 1), 10) for r, rel in rankings) / n, 4
                    ),
                },
                "latency_ms": latency_summary(latencies),
            }
        )
    return {
        "questions": len(in_scope),
        "collection": assistant.settings.collection,
        "stages": rows,
    }
