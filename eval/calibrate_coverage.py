"""Calibrate and measure the coverage verdicts, and the "weakly answered" threshold.

Usage: python eval/calibrate_coverage.py [--topics eval/topics.jsonl]
       [--questions eval/questions.jsonl] [--data-dir DIR] [--skip-questions]

Topics carry a ``split``: thresholds fitted on ``train`` are scored on ``heldout``
(a third of the topics), the figure to quote. Part 1 scores every topic of a
labelled list (covered / partial / missing) with the same code as ``rag coverage``,
then prints:
  * each topic's score, expected and predicted verdict;
  * the thresholds that reproduce the most labels, their in-sample accuracy and
    confusion matrix, and their leave-one-out accuracy (thresholds fitted on the
    other topics, which is the estimate to trust);
  * the accuracy of the thresholds the code ships with;
  * the same figures for other score depths (the best 1..k passages), plus the
    accuracy on eval/syllabus.md with labels written here, which is how DEPTH
    was chosen.

Part 2 asks every question of eval/questions.jsonl through the real answer chain
(extractive generator, question log off) and prints the best-passage cosine of the
answered in-scope and out-of-scope questions: the scale on which the question log's
``top_score`` is recorded and WEAK_TOP_SCORE is set.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from rag.assistant import Assistant
from rag.evaluation.qa import load_questions
from rag.settings import Settings
from rag.study import coverage as cov

DEFAULT_TOPICS = Path("eval/topics.jsonl")
SYLLABUS = Path("eval/syllabus.md")
SYLLABUS_LABELS = [
    *["covered"] * 8,  # definition, history, GANs, VAEs, diffusion, NLG, foundation, metrics
    *["partial"] * 3,  # LoRA, prompt engineering, RAG
    *["missing"] * 3,  # tokenization, ELBO, vector databases
    "covered",  # ethics
    "missing",  # differential privacy
]
"""Expected verdicts of the 16 lines of eval/syllabus.md, in order.

They reword topics of eval/topics.jsonl, so this is a check against overfitting to
the exact wording, not an independent test set.
"""


def load_consensus(path: Path) -> dict[str, str]:
    """Topic -> the verdict most of three labellers gave, where it was measured."""
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {str(row["topic"]): str(row["consensus"]) for row in rows if "consensus" in row}


def load_topics(path: Path) -> list[tuple[str, str, str]]:
    """(topic, expected verdict, split): ``train`` topics fit thresholds, ``heldout`` test them."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            rows.append(
                (str(data["topic"]), str(data["expected"]), str(data.get("split", "train")))
            )
    return rows


def report_heldout(
    scores: list[float], labels: list[str], splits: list[str], consensus: list[str]
) -> None:
    """Thresholds fitted on the train split only, scored on the held-out split.

    ``consensus`` is a topic's consensus label ('' where it has none).
    """
    train = [i for i, s in enumerate(splits) if s != "heldout"]
    held = [i for i, s in enumerate(splits) if s == "heldout"]
    if not held or not train:
        return  # one split only (a check course's topics): the figures above are all there is
    fitted, correct = cov.choose_thresholds([scores[i] for i in train], [labels[i] for i in train])
    right = sum(fitted.verdict(scores[i]) == labels[i] for i in held)
    print(
        f"\ntrain split ({len(train)} topics): fitted partial={fitted.partial:.2f} "
        f"covered={fitted.covered:.2f}, in-sample {correct}/{len(train)}; "
        f"held-out split: {right}/{len(held)} = {right / len(held):.3f}"
    )
    shipped = cov.Thresholds()
    for name, rows in (("train", train), ("held-out", held)):
        ok = sum(shipped.verdict(scores[i]) == labels[i] for i in rows)
        print(f"shipped thresholds on the {name} split: {ok}/{len(rows)} = {ok / len(rows):.3f}")
    print_matrix(
        cov.confusion_matrix([labels[i] for i in held], [shipped.verdict(scores[i]) for i in held])
    )
    agreed = [i for i in held if consensus[i]]
    if agreed:  # eval/coverage_agreement.md: the verdict most of three labellers gave
        ok = sum(shipped.verdict(scores[i]) == consensus[i] for i in agreed)
        print(
            f"shipped thresholds on the held-out split against the three labellers' "
            f"consensus: {ok}/{len(agreed)} = {ok / len(agreed):.3f}"
        )


def print_matrix(matrix: dict[str, dict[str, int]]) -> None:
    header = "expected / predicted"
    print(f"{header:>22} " + " ".join(f"{v:>8}" for v in cov.VERDICTS))
    for expected in cov.VERDICTS:
        row = " ".join(f"{matrix[expected][p]:>8}" for p in cov.VERDICTS)
        print(f"{expected:>22} {row}")


def calibrate_topics(assistant: Assistant, path: Path) -> None:
    labelled = load_topics(path)
    consensus = load_consensus(path)
    report = cov.assess_topics(assistant, [cov.Topic(t) for t, _, _ in labelled], k=cov.DEFAULT_K)
    labels = [label for _, label, _ in labelled]
    splits = [split for _, _, split in labelled]
    scores = [item.score for item in report.topics]
    shipped = report.thresholds
    print(f"== {path}: {len(labelled)} topics, k={report.k}; listed: the train split only")
    # Held-out topics are never listed one by one, so no change to the scoring can be
    # chosen by looking at them; they appear only in the aggregate figures below.
    train_rows = [
        (item, label)
        for item, label, split in zip(report.topics, labels, splits, strict=True)
        if split != "heldout"
    ]
    for item, label in sorted(train_rows, key=lambda p: p[0].score):
        mark = "" if item.verdict == label else "   <-- wrong"
        print(
            f"{item.score:.3f}  expected {label:<8} got {item.verdict:<8} "
            f"supporting {item.supporting}  {item.topic.text[:60]}{mark}"
        )

    fitted, correct = cov.choose_thresholds(scores, labels)
    predicted = [fitted.verdict(s) for s in scores]
    loo = cov.leave_one_out_accuracy(scores, labels)
    print(
        f"\nfitted thresholds: partial={fitted.partial:.2f} covered={fitted.covered:.2f}; "
        f"in-sample accuracy {correct}/{len(labels)} = {correct / len(labels):.3f}; "
        f"leave-one-out accuracy {loo:.3f}"
    )
    print_matrix(cov.confusion_matrix(labels, predicted))

    shipped_predicted = [shipped.verdict(s) for s in scores]
    shipped_correct = sum(p == e for p, e in zip(shipped_predicted, labels, strict=True))
    print(
        f"\nshipped thresholds (rag/study/coverage/scoring.py): partial={shipped.partial:.2f} "
        f"covered={shipped.covered:.2f}; accuracy {shipped_correct}/{len(labels)} = "
        f"{shipped_correct / len(labels):.3f}"
    )
    print_matrix(cov.confusion_matrix(labels, shipped_predicted))
    report_heldout(scores, labels, splits, [consensus.get(t, "") for t, _, _ in labelled])
    if path.resolve() != DEFAULT_TOPICS.resolve():
        return  # the depth comparison below checks against the bundled course's syllabus
    syllabus = cov.read_topic_file(SYLLABUS)
    check = cov.assess_topics(assistant, syllabus, k=cov.DEFAULT_K)
    print(
        f"\nscore depth (mean of the best N passages, before the absent-word and "
        f"dedicated-section adjustments): accuracy on {path.name} and, with "
        f"the thresholds fitted there, on {SYLLABUS} (my labels):"
    )
    for depth in range(1, report.k + 1):
        depth_scores = [cov.coverage_score(item.strengths, depth) for item in report.topics]
        fitted_depth, depth_correct = cov.choose_thresholds(depth_scores, labels)
        on_syllabus = sum(
            fitted_depth.verdict(cov.coverage_score(item.strengths, depth)) == label
            for item, label in zip(check.topics, SYLLABUS_LABELS, strict=True)
        )
        print(
            f"  N={depth}: in-sample {depth_correct}/{len(labels)}, leave-one-out "
            f"{cov.leave_one_out_accuracy(depth_scores, labels):.3f}, syllabus "
            f"{on_syllabus}/{len(SYLLABUS_LABELS)}" + ("   (shipped)" if depth == cov.DEPTH else "")
        )


def calibrate_weak(assistant: Assistant, path: Path) -> None:
    questions = load_questions(path)
    questions = [q for q in questions if q.split != "heldout"]  # chosen on train only
    answered_in, answered_out, abstained_in, abstained_out = [], [], 0, 0
    evidence_in: list[float] = []
    evidence_out: list[float] = []
    for item in questions:
        answer = assistant.ask(item.question)
        top = max((p.score for p in answer.closest), default=0.0)
        evidence = max((float(e["score"]) for e in answer.evidence), default=0.0)
        if answer.abstained:
            abstained_in += item.answerable
            abstained_out += not item.answerable
        elif item.answerable:
            answered_in.append(top)
            evidence_in.append(evidence)
        else:
            answered_out.append(top)
            evidence_out.append(evidence)
    print(f"\n== {path}: {len(questions)} questions through the answer chain")
    print(f"abstained: {abstained_in} in scope, {abstained_out} out of scope")
    if answered_in:
        quartiles = np.percentile(answered_in, [10, 25, 50, 75])
        print(
            f"answered in scope ({len(answered_in)}): best-passage cosine p10/p25/p50/p75 = "
            + "/".join(f"{q:.3f}" for q in quartiles)
        )
    print(
        f"answered out of scope ({len(answered_out)}): "
        + (", ".join(f"{s:.3f}" for s in sorted(answered_out)) or "none")
    )
    weak = cov.WEAK_TOP_SCORE
    print(
        f"WEAK_TOP_SCORE={weak:.2f} flags {sum(s < weak for s in answered_in)}/{len(answered_in)} "
        f"answered in-scope and {sum(s < weak for s in answered_out)}/{len(answered_out)} "
        "answered out-of-scope questions as weak (the rule for logs without evidence)"
    )
    weak = cov.WEAK_EVIDENCE
    print(
        f"WEAK_EVIDENCE={weak:.2f} flags {sum(s < weak for s in evidence_in)}/{len(evidence_in)} "
        f"answered in-scope and {sum(s < weak for s in evidence_out)}/{len(evidence_out)} "
        "answered out-of-scope questions as weak"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=Path, default=DEFAULT_TOPICS)
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--skip-questions", action="store_true")
    args = parser.parse_args()
    overrides: dict[str, object] = {"query_log": False, "generator": "extractive"}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    assistant = Assistant(Settings(**overrides))  # type: ignore[arg-type]
    calibrate_topics(assistant, args.topics)
    if not args.skip_questions:
        calibrate_weak(assistant, args.questions)


if __name__ == "__main__":
    main()
