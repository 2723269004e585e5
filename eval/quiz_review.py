"""Build the quiz review sheet: 10 generated items of each kind, for a person to rate.

Usage: python eval/quiz_review.py [--data-dir DIR] [--out eval/quiz_review.md]
       [--ratings eval/quiz_review_ratings.json]

For each covered or partial topic of TOPICS below and of eval/topics.jsonl (75), the
candidate items a quiz chooses from are drafted and verified with the code of ``rag
quiz`` (extractive, seeds 1, 2 and 3); 10 of each reviewed kind are then drawn with a fixed seed.
Every item shown passed the quiz's own verification. The ratings are a person's,
read from ``--ratings`` (item number -> four letters Y/N for: correct, not given
away, plausible distractors, on topic, and an optional note); the sheet reports the
pass rate of each criterion per kind.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from rag.assistant import Assistant
from rag.settings import Settings
from rag.study import quiz
from rag.study.quiz import QuizItem

KINDS = ("definition", "comparison", "order", "truefalse")
PER_KIND = 10
CRITERIA = ("correct", "not given away", "plausible distractors", "on topic")
SEEDS = (1, 2, 3)
QUIZ_SEEDS = (1, 2, 3, 4, 5, 6)
QUIZ_SIZE = 6
"""With ``--from-quizzes``: the items of six seeded quizzes of six items per topic."""
TOPICS = [
    "The pipeline of a generative AI system",
    "Evolution of generative AI",
    "Generative model families",
    "Key generative AI modalities",
    "Core components of a generative AI system",
    "Evaluation metrics",
    "GANs and VAEs",
]
"""Topics of the issue's own trials and of the course's tables, first."""


def verified_drafts(assistant: Assistant, topic: str, seeds: Sequence[int]) -> list[QuizItem]:
    """Every draft a quiz on ``topic`` chooses from that passes the item checks.

    The same steps as :func:`rag.study.quiz.build_quiz` up to the choice of N items, so a
    review sees each kind the quiz can produce, not only those one quiz happened to pick.
    Retrieval and the material are the same for every seed; only the drafting is drawn
    again (which true statements are offered, which distractors shown).
    """
    from rag.answer.extractive import score_candidates
    from rag.study.quiz.build import (
        supported_passages,
        topic_coverage,
        topic_sections_first,
        with_table_heads,
    )
    from rag.study.quiz.sections import neighbouring_sections

    coverage = topic_coverage(assistant, topic)
    if coverage.verdict == "missing":
        return []  # a quiz on it makes no items (rag.study.quiz.build_quiz)
    retrieved = with_table_heads(assistant, assistant.retrieve(topic, quiz.POOL_PASSAGES).passages)
    weights = quiz.topic_weights(topic, [f"{p.section} {p.text}" for p in retrieved])
    passages = quiz.home_passages(retrieved, weights)[: quiz.MAX_PASSAGES]
    passages = supported_passages(passages, coverage)
    candidates, scores, _ = score_candidates(topic, passages, assistant.embedder)
    by_start = {(c.passage, c.start): s for c, s in zip(candidates, scores, strict=True)}
    units = quiz.relevant_units(passages, by_start, weights,
                                named_only=coverage.verdict == "partial")  # fmt: skip
    stored = {c.id: c.text for c in assistant.store.get([p.id for p in passages])}
    pool, lines = quiz.term_pool(retrieved)
    similar = quiz.embedding_similarity(assistant.embedder)
    types = list(quiz.ITEM_TYPES)
    material = quiz.Material(passages, pool, lines, similar, retrieved, weights, topic)
    covered = coverage.verdict == "covered"
    beside = neighbouring_sections(passages, weights, topic, similar) if covered else set()
    kept = []
    for seed in seeds:
        rng = random.Random(seed)
        drafts = quiz.draft_items(material, units, types, rng)
        drafts += quiz.structure_drafts(material, units, types, rng)
        # Each draft is checked on its own: a quiz would also drop near-duplicates of
        # the items it already holds, which says nothing about the item itself. It takes
        # drafts outside the topic's own sections only when those run short.
        first, rest = topic_sections_first(drafts, passages, weights, leave_out=beside,
                                           topic=topic, similar=similar)  # fmt: skip
        sound = [d.item for d in first if quiz.Verifier(stored, topic).admit(d.item)]
        if len(sound) < QUIZ_SIZE:
            sound += [d.item for d in rest if quiz.Verifier(stored, topic).admit(d.item)]
        kept += sound
    return kept


def quiz_items(assistant: Assistant, topic: str, seeds: Sequence[int]) -> list[QuizItem]:
    """The items ``rag quiz`` gives a student on ``topic``: one mixed quiz per seed.

    A draft sheet (:func:`verified_drafts`) rates every item a quiz could choose from,
    the least relevant as often as the best; a quiz takes its most relevant drafts
    first and spreads them over passages and kinds, so this is what a class is handed.
    """
    items: list[QuizItem] = []
    for seed in seeds:
        items += quiz.build_quiz(assistant, topic, n=QUIZ_SIZE, kind="mixed", seed=seed).items
    return items


def collect(
    assistant: Assistant,
    topics: list[str],
    exclude: Collection[str] = (),
    sample_seed: int = 1,
    kinds: Sequence[str] = KINDS,
    from_quizzes: bool = False,
) -> list[tuple[str, QuizItem]]:
    """(topic, item) pairs: PER_KIND items of each of ``kinds``, drawn with a fixed seed.

    Items come from every topic; one question is kept once, and at most four items of
    a kind come from one topic, so the sheet is not one table asked ten ways. Questions
    in ``exclude`` (another sheet's) are left out: a check sheet rates only items that
    no fix was made after. ``from_quizzes`` takes the items of real quizzes
    (:func:`quiz_items`) instead of every verified draft.
    """
    found: dict[str, list[tuple[str, QuizItem]]] = {kind: [] for kind in kinds}
    seen: set[str] = set()
    for topic in topics:
        per_topic: dict[str, int] = dict.fromkeys(kinds, 0)
        # Seeded draws decide which true statements a quiz offers and which
        # distractors it shows; three seeds show more of what quizzes make.
        if from_quizzes:
            items = quiz_items(assistant, topic, QUIZ_SEEDS)
        else:
            items = verified_drafts(assistant, topic, SEEDS)
        random.Random(SEEDS[0]).shuffle(items)
        for item in items:
            if item.question in exclude:
                continue
            if item.kind in found and item.question not in seen and per_topic[item.kind] < 4:
                seen.add(item.question)
                per_topic[item.kind] += 1
                found[item.kind].append((topic, item))
    rng = random.Random(sample_seed)
    return [
        pair for kind in kinds for pair in rng.sample(found[kind], min(PER_KIND, len(found[kind])))
    ]


def cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def pass_rates(
    pairs: Sequence[tuple[str, dict]], numbers: Sequence[int], ratings: dict[str, Any]
) -> list[str]:
    """A Markdown table of each criterion's pass rate per kind, over the items ``numbers``."""
    kinds = list(dict.fromkeys(pairs[n - 1][1]["kind"] for n in numbers))
    totals = {kind: dict.fromkeys(CRITERIA, 0) for kind in kinds}
    counts = {kind: dict.fromkeys(CRITERIA, 0) for kind in kinds}
    passed = dict.fromkeys(kinds, 0)
    for number in numbers:
        kind = pairs[number - 1][1]["kind"]
        marks = ratings.get(str(number), {}).get("marks", "????")
        for letter, criterion in zip(marks, CRITERIA, strict=True):
            if letter in "YN":
                counts[kind][criterion] += 1
                totals[kind][criterion] += letter == "Y"
        passed[kind] += "?" not in marks and "N" not in marks
    lines = ["| Kind | " + " | ".join(CRITERIA) + " | all four |",
             "|---|" + "---|" * (len(CRITERIA) + 1)]  # fmt: skip
    for kind in kinds:
        parts = []
        for criterion in CRITERIA:
            n, ok = counts[kind][criterion], totals[kind][criterion]
            parts.append(f"{ok}/{n} = {ok / n:.0%}" if n else "—")
        items = sum(pairs[n - 1][1]["kind"] == kind for n in numbers)
        parts.append(f"{passed[kind]}/{items}")
        lines.append(f"| {kind} | " + " | ".join(parts) + " |")
    return lines


DRAWN = {
    "drafts": f"verified drafts (seeds {', '.join(map(str, SEEDS))})",
    "quizzes": f"items of {len(QUIZ_SEEDS)} mixed quizzes of {QUIZ_SIZE} per topic "
    f"(seeds {QUIZ_SEEDS[0]}-{QUIZ_SEEDS[-1]})",
}


def sheet(
    pairs: list[tuple[str, dict]],
    ratings: dict[str, Any],
    items_file: Path = Path("eval/quiz_review_items.json"),
    ratings_file: Path = Path("eval/quiz_review_ratings.json"),
    drawn: Sequence[Sequence[str]] | None = None,
) -> str:
    """The sheet: pass rates per kind (and per way of drawing, given ``drawn``) and items.

    ``drawn`` says for each item which samples it was drawn in ("drafts", "quizzes"):
    a merged sheet (``--merge``) rates both samples at once and reports each.
    """
    samples = list(dict.fromkeys(d for ds in drawn or [["drafts"]] for d in ds))
    lines = [
        "# Quiz review sheet",
        "",
        "Generated by `python eval/quiz_review.py` (extractive generator; "
        f"{' and '.join(DRAWN[d] for d in samples)}; items in {items_file.as_posix()}); "
        f"rated by reading each item against its quote ({ratings_file.as_posix()}).",
        "Ratings: C = correct, G = not given away, P = plausible distractors (true/false: "
        "the false statement is plausible; n/a for a true one), T = on topic.",
        "",
        "## Pass rates",
        "",
        *pass_rates(pairs, range(1, len(pairs) + 1), ratings),
    ]
    if drawn is not None and len(samples) > 1:
        for sample in samples:
            numbers = [n for n, ds in enumerate(drawn, start=1) if sample in ds]
            lines += ["", f"Of the {len(numbers)} {DRAWN[sample]}:", "",
                      *pass_rates(pairs, numbers, ratings)]  # fmt: skip
    rows = []
    for number, (topic, item) in enumerate(pairs, start=1):
        rating = ratings.get(str(number), {})
        marks = rating.get("marks", "????")
        options = " / ".join(item["options"]) if item["options"] else "—"
        rows.append(
            f"| {number} | {item['kind']} | {cell(topic)} | {cell(item['question'])} | "
            f"{cell(options)} | {cell(item['answer'])} | {cell(item['source']['quote'])} | "
            f"{' '.join(marks)} | {cell(rating.get('note', ''))} |"
        )
    findings: list[str] = ratings.get("_findings", [])
    if findings:
        lines += ["", "## Findings", "", *(f"- {line}" for line in findings)]
    lines += [
        "",
        "## Items",
        "",
        "| # | Kind | Topic | Question | Options | Answer | Quote | C G P T | Note |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
    ]
    return "\n".join(lines) + "\n"


def merged(drafts: list[dict], quizzes: list[dict]) -> list[dict]:
    """One sheet's entries from a draft sample and a quiz sample, each question once."""
    entries: dict[str, dict] = {}
    for sample, rows in (("drafts", drafts), ("quizzes", quizzes)):
        for row in rows:
            entry = entries.setdefault(row["item"]["question"], {**row, "drawn": []})
            entry["drawn"].append(sample)
    return list(entries.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=Path, default=Path("eval/topics.jsonl"))
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--items", type=Path, default=Path("eval/quiz_review_items.json"))
    parser.add_argument("--ratings", type=Path, default=Path("eval/quiz_review_ratings.json"))
    parser.add_argument("--out", type=Path, default=Path("eval/quiz_review.md"))
    parser.add_argument("--reuse", action="store_true", help="Rate the saved items again.")
    parser.add_argument(
        "--merge",
        nargs=2,
        type=Path,
        metavar=("DRAFTS", "QUIZZES"),
        help="Write --items as one sheet of a draft sample and a --from-quizzes sample.",
    )
    parser.add_argument(
        "--max-topics", type=int, default=None, help="Only the first N topics (default: all)."
    )
    parser.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=[],
        help="Leave out the questions of this items file (repeatable: check sheets).",
    )
    parser.add_argument("--sample-seed", type=int, default=1)
    parser.add_argument(
        "--from-quizzes",
        action="store_true",
        help="Rate items of real quizzes (what a student gets), not every verified draft.",
    )
    parser.add_argument(
        "--kinds",
        default=",".join(KINDS),
        help="Item kinds to draw, comma-separated (also: recall, purpose).",
    )
    args = parser.parse_args()
    sample = "quizzes" if args.from_quizzes else "drafts"
    if args.merge:
        entries = merged(*(json.loads(path.read_text("utf-8")) for path in args.merge))
        args.items.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n",
                              encoding="utf-8")  # fmt: skip
    if args.merge or (args.reuse and args.items.exists()):
        entries = json.loads(args.items.read_text("utf-8"))
        pairs = [(p["topic"], p["item"]) for p in entries]
        drawn = [p.get("drawn", [sample]) for p in entries]
    else:
        overrides: dict[str, object] = {"query_log": False, "generator": "extractive"}
        if args.data_dir is not None:
            overrides["data_dir"] = args.data_dir
        assistant = Assistant(Settings(**overrides))  # type: ignore[arg-type]
        rows = [json.loads(line) for line in args.topics.read_text("utf-8").splitlines() if line]
        labelled = [r["topic"] for r in rows if r["expected"] != "missing"]
        # The script's own topics go with the labelled list, not with another one.
        builtin = TOPICS if args.topics == Path("eval/topics.jsonl") else []
        topics = [*builtin, *labelled][: args.max_topics]
        exclude = {
            p["item"]["question"]
            for path in args.exclude
            for p in json.loads(path.read_text("utf-8"))
        }
        chosen = collect(assistant, topics, exclude, args.sample_seed, args.kinds.split(","),
                         args.from_quizzes)  # fmt: skip
        pairs = [(topic, item.to_dict()) for topic, item in chosen]
        drawn = [[sample] for _ in pairs]
        args.items.write_text(
            json.dumps([{"topic": t, "item": i} for t, i in pairs], ensure_ascii=False,
                       indent=1) + "\n", encoding="utf-8",
        )  # fmt: skip
    ratings = json.loads(args.ratings.read_text("utf-8")) if args.ratings.exists() else {}
    text = sheet(pairs, ratings, args.items, args.ratings, drawn)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(pairs)} items)")


if __name__ == "__main__":
    main()
