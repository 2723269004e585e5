"""Measure answers to questions the notes ask themselves (rag/answer/posed.py).

Usage: python eval/posed_questions.py [--questions eval/posed_questions.jsonl]
       [--data-root DIR] [--json]

Each row of the questions file is a paragraph of a check course that opens with a
question and answers it ("Why did sugar demand enslaved labour on such a scale? The
answer lies in…", `ref` = file:line), with a question a student might ask: the same
thing in other words (`kind` "same"), or, for a third of them, something near it that
the paragraph does not answer ("near"). Helpers wrote them from the notes, before the
rule they measure existed; half the paragraphs are the `train` split (the threshold
was chosen on it), half `heldout`.

Every course is ingested once under --data-root (kept between runs), every question
asked through the real chain (extractive generator), and each answer read for whether
it quotes the asking paragraph or the list it announces. Printed per split: "same"
questions answered from the paragraph (higher is better), "near" ones answered from it
(lower is better), and refusals of each.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

from rag.assistant import Assistant
from rag.settings import Settings
from rag.text.markdown import clean_markdown

COURSES = Path("eval/check_courses")
_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)]|\|)")


def asking_paragraph(ref: str) -> str:
    """The paragraph at ``ref`` ("course/file.md:LINE") and a list it announces, as text."""
    path, line = ref.rsplit(":", 1)
    lines = (COURSES / path).read_text(encoding="utf-8").splitlines()
    start = int(line) - 1
    taken = [lines[start]]
    for text in lines[start + 1 :]:
        if text.startswith("#"):
            break
        if not text.strip():
            announced = taken[-1].rstrip().endswith(":") or _ITEM.match(taken[-1])
            if not announced:
                break
            continue
        if taken[-1].rstrip().endswith(":") or _ITEM.match(text) or not _ITEM.match(taken[-1]):
            taken.append(text)
        else:
            break
    return re.sub(r"\s+", " ", clean_markdown("\n".join(taken)))


def quotes(answer: str, paragraph: str) -> bool:
    """Whether a line of ``answer`` is quoted from ``paragraph`` (its first 40 characters)."""
    text = re.sub(r"\[\d+\]", "", answer)
    pieces = re.split(r"(?<=[.!?])\s+|\n", text)
    starts = (re.sub(r"^[-\d.]+\s+", "", p).strip()[:40] for p in pieces if len(p.strip()) > 15)
    return any(re.sub(r"\s+", " ", start) in paragraph for start in starts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, default=Path("eval/posed_questions.jsonl"))
    parser.add_argument("--data-root", type=Path, default=Path(".rag/posed"))
    parser.add_argument("--json", action="store_true", help="print one JSON object per answer")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines()]
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    by_course: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_course[row["course"]].append(row)
    for course, asked in sorted(by_course.items()):
        assistant = Assistant(Settings(data_dir=args.data_root / course, query_log=False))
        if assistant.store.count() == 0:
            assistant.ingest([COURSES / course])
        for row in asked:
            answer = assistant.ask(row["student"])
            quoted = not answer.abstained and quotes(answer.answer, asking_paragraph(row["ref"]))
            counts = tally[(row["split"], row["kind"])]
            counts[0] += 1
            counts[1] += quoted
            counts[2] += answer.abstained
            if args.json:
                print(json.dumps({**row, "answer": answer.answer, "abstained": answer.abstained,
                                  "quotes_paragraph": quoted}))  # fmt: skip
    if not args.json:
        for (split, kind), (n, quoted, refused) in sorted(tally.items()):
            print(f"{split:8} {kind:5} {n:3} questions: from the paragraph {quoted:3}, "
                  f"refused {refused:3}")  # fmt: skip


if __name__ == "__main__":
    main()
