"""How many items a quiz gets on each syllabus topic, and why it gets fewer than asked.

Usage: python eval/quiz_supply.py [--topics eval/topics.jsonl] [--data-dir DIR]
       [--n 5] [--seed 1] [--split train] [--json]

The review sheets (eval/quiz_review.py) rate the items a quiz makes; this counts what it
fails to make. Every topic the labels call covered or partial is quizzed once with the
code of ``rag quiz`` (extractive items, ``--n`` items, one seed), and the script prints
each topic's item count and the checks its drafts failed, then per split: topics, items,
items per topic, topics with no item at all, and the drafts dropped by each check. A
topic labelled missing is left out: no items is the right answer there.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_TOPICS = Path("eval/topics.jsonl")


@dataclass
class TopicSupply:
    """One topic's quiz: how many items it got, and what its drafts failed."""

    topic: str
    split: str
    items: int
    dropped: dict[str, int] = field(default_factory=dict)


def supply_summary(results: Iterable[TopicSupply], requested: int) -> dict[str, dict[str, Any]]:
    """Per split: topics, items, items per topic, topics with none or with a full quiz.

    Example:
        >>> rows = [TopicSupply("a", "train", 5), TopicSupply("b", "train", 0, {"duplicate": 2})]
        >>> summary = supply_summary(rows, 5)["train"]
        >>> summary["items"], summary["no_items"], summary["full"], summary["dropped"]
        (5, 1, 1, {'duplicate': 2})
    """
    by_split: dict[str, list[TopicSupply]] = {}
    for result in results:
        by_split.setdefault(result.split, []).append(result)
    summary = {}
    for split, rows in sorted(by_split.items()):
        dropped: Counter[str] = Counter()
        for row in rows:
            dropped.update(row.dropped)
        items = sum(row.items for row in rows)
        summary[split] = {
            "topics": len(rows),
            "items": items,
            "items_per_topic": round(items / len(rows), 2),
            "no_items": sum(row.items == 0 for row in rows),
            "full": sum(row.items >= requested for row in rows),
            "dropped": dict(dropped.most_common()),
        }
    return summary


def labelled_topics(path: Path, split: str | None) -> list[tuple[str, str]]:
    """(topic, split) of every topic labelled covered or partial."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        (row["topic"], row.get("split", "train"))
        for row in rows
        if row.get("expected") != "missing" and (split is None or row.get("split") == split)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topics", type=Path, default=DEFAULT_TOPICS)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--n", type=int, default=5, help="items asked per quiz")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--split", default=None, help="only this split (default: all)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()

    from rag.assistant import Assistant
    from rag.settings import Settings
    from rag.study.quiz import build_quiz

    overrides: Mapping[str, Any] = {"data_dir": args.data_dir} if args.data_dir else {}
    assistant = Assistant(Settings(generator="extractive", **overrides))
    results = []
    for topic, split in labelled_topics(args.topics, args.split):
        quiz = build_quiz(assistant, topic, args.n, seed=args.seed)
        results.append(TopicSupply(topic, split, len(quiz.items), dict(quiz.dropped)))
        if not args.json:
            failed = ", ".join(f"{k} {v}" for k, v in quiz.dropped.items()) or "-"
            print(f"{len(quiz.items)}/{args.n}  [{split}]  {topic[:80]}  (dropped: {failed})")
    summary = supply_summary(results, args.n)
    if args.json:
        print(json.dumps({"requested": args.n, "seed": args.seed, "splits": summary,
                          "topics": [vars(r) for r in results]}, indent=2))  # fmt: skip
        return
    for split, figures in summary.items():
        print(
            f"\n{split}: {figures['topics']} topics, {figures['items']} items "
            f"({figures['items_per_topic']} per topic of {args.n} asked), "
            f"{figures['no_items']} with none, {figures['full']} full; "
            f"drafts dropped: {figures['dropped'] or '-'}"
        )


if __name__ == "__main__":
    main()
