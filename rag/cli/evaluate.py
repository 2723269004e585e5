"""``rag eval retrieval``: retrieval quality on a BEIR dataset or the course question set.

Registered on the ``rag eval`` group by importing this module from :mod:`rag.cli`.
The work is in :mod:`rag.evaluation.beir_run`; this module only parses flags and prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from rag.cli.common import (
    Collection,
    DataDir,
    GeneratorFlag,
    JsonFlag,
    K,
    fail,
    load_settings,
    make_assistant,
    print_json,
    show_progress,
)

_HEAD_METRICS = ("ndcg@10", "recall@10", "recall@100", "mrr@10")
_QA_METRICS = ("hit@1", "hit@5", "hit@10", "mrr@10")


def eval_retrieval(
    beir: Annotated[
        Path | None,
        typer.Option(
            "--beir",
            help="BEIR-format folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv).",
        ),
    ] = None,
    questions: Annotated[
        Path | None,
        typer.Option(
            "--questions",
            help="Course question set (JSONL, like eval/questions.jsonl), scored against the "
            "course collection by retrieval alone.",
        ),
    ] = None,
    split: Annotated[str, typer.Option("--split", help="Qrels split to score.")] = "test",
    stage: Annotated[
        str,
        typer.Option(
            "--stage",
            help="product (what `rag ask` runs), all (dense, bm25, fused, fused+rerank), "
            "or one of those.",
        ),
    ] = "product",
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Re-embed the BEIR corpus even if indexed.")
    ] = False,
    run_file: Annotated[
        Path | None,
        typer.Option("--run-file", help="Also save the ranking in TREC run format."),
    ] = None,
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
) -> None:
    """nDCG@10, Recall@10/100, MRR@10 and latency of the retriever on a BEIR dataset.

    The corpus goes into its own collection (beir-<folder>) in the data directory,
    through the same ingest and retrieval code as course files, and is reused on the
    next run. With --questions, scores hit@k on the course collection instead.
    """
    if (beir is None) == (questions is None):
        fail("give --beir DIR or --questions FILE (not both)", 2)
    progress = show_progress(json_output)
    if questions is not None:
        _course_questions(questions, stage, json_output, progress, data_dir)
        return
    from rag.evaluation.beir_run import evaluate_beir

    settings = load_settings(data_dir=data_dir, query_log=False)
    report = evaluate_beir(
        Path(str(beir)),
        settings,
        split=split,
        stage=stage,
        rebuild=rebuild,
        progress=progress,
        run_file=run_file,
    )
    if json_output:
        print_json(report.to_dict())
        return
    index = report.index
    typer.echo(
        f"{report.dataset} (split {report.split}): {index.docs:,} docs in {index.chunks:,} "
        f"chunks, {report.queries:,} queries; collection '{index.collection}'"
    )
    if index.reused:
        typer.echo(
            f"Index: reused (built earlier in {index.built_seconds:.1f} s, "
            f"{index.chunks_per_second:.1f} chunks/s)"
        )
    else:
        typer.echo(
            f"Index: built in {index.seconds:.1f} s ({index.chunks_per_second:.1f} chunks/s)"
        )
    _table(
        [stage.to_dict() for stage in report.stages],
        _HEAD_METRICS,
        ["nDCG@10", "Recall@10", "Recall@100", "MRR@10"],
    )


def _course_questions(
    file: Path, stage: str, json_output: bool, progress: bool, data_dir: Path | None
) -> None:
    from rag.assistant import Assistant
    from rag.evaluation.qa import evaluate_questions, load_questions

    items = load_questions(file)
    assistant = Assistant(load_settings(data_dir=data_dir, query_log=False))
    report = evaluate_questions(assistant, items, stage=stage, progress=progress)
    if json_output:
        print_json(report)
        return
    typer.echo(
        f"{file}: {report['questions']} answerable questions against collection "
        f"'{report['collection']}' (retrieval only, k=10)"
    )
    _table(report["stages"], _QA_METRICS, ["hit@1", "hit@5", "hit@10", "MRR@10"])


def _table(rows: list[dict[str, Any]], keys: tuple[str, ...], headers: list[str]) -> None:
    from rag.evaluation.beir_run import STAGE_LABELS

    typer.echo(
        f"{'stage':<16}" + "".join(f"{h:>11}" for h in headers) + f"{'p50 ms':>9}{'p95 ms':>9}"
    )
    for row in rows:
        typer.echo(
            f"{STAGE_LABELS.get(row['stage'], row['stage']):<16}"
            + "".join(f"{row['metrics'][key]:>11.3f}" for key in keys)
            + f"{row['latency_ms']['p50']:>9.1f}{row['latency_ms']['p95']:>9.1f}"
        )
    for reranker in dict.fromkeys(row["reranker"] for row in rows if row.get("reranker")):
        typer.echo(f"rerank: {reranker}")


def eval_qa(
    file: Annotated[
        Path, typer.Argument(help="Questions JSONL (see eval/questions.jsonl).")
    ] = Path("eval/questions.jsonl"),
    k: K = None,
    generator: GeneratorFlag = None,
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
    collection: Collection = None,
) -> None:
    """Key fact, evidence recall, support, abstention and latency on a question set, per split."""
    from rag.evaluation.qa import evaluate_qa, load_questions

    questions = load_questions(file)
    assistant = make_assistant(data_dir, collection, query_log=False, generator=generator)
    report = evaluate_qa(assistant, questions, k=k, progress=show_progress(json_output))
    if json_output:
        print_json(report)
        return
    splits = report["splits"]
    typer.echo(f"generator: {report['generator']}")
    typer.echo(f"{'':>24}" + "".join(f"{name:>10}" for name in splits))
    for metric in next(iter(splits.values()), {}):
        cells = [splits[name][metric] for name in splits]
        typer.echo(
            f"{metric:>24}"
            + "".join(f"{v:>10.3f}" if isinstance(v, float) else f"{v:>10}" for v in cells)
        )
