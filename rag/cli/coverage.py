"""``rag coverage``: does the course material cover a syllabus, and what do students miss?

A thin shell over :mod:`rag.study.coverage`; registers itself on the ``rag`` app on import.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from rag.cli.common import Collection, DataDir, JsonFlag, K, fail, make_assistant, show_progress


def coverage(
    topics_file: Annotated[
        str | None,
        typer.Argument(
            help="Syllabus or learning objectives, one per line (Markdown bullets and YAML "
            "lists work; '-' reads stdin).",
            show_default=False,
        ),
    ] = None,
    outline: Annotated[
        bool,
        typer.Option("--outline", help="No topic file: list the corpus's own headings."),
    ] = False,
    questions: Annotated[
        bool,
        typer.Option(
            "--questions",
            help="Cluster logged questions that were abstained on or weakly answered.",
        ),
    ] = False,
    output_format: Annotated[str, typer.Option("--format", "-f", help="md, json or csv.")] = "md",
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Also write a topics × documents heatmap (.png or .html)."),
    ] = None,
    k: K = None,
    covered_min: Annotated[
        float | None,
        typer.Option("--covered-min", min=0.0, max=1.0, help="Score for 'covered'."),
    ] = None,
    partial_min: Annotated[
        float | None,
        typer.Option("--partial-min", min=0.0, max=1.0, help="Score for 'partial'."),
    ] = None,
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
    collection: Collection = None,
) -> None:
    """Coverage report: topics covered / partial / missing, with evidence passages."""
    from rag.study import coverage as cov

    fmt = "json" if json_output else output_format
    if fmt not in cov.FORMATS:
        fail(f"--format must be one of {', '.join(cov.FORMATS)}", 2)
    if sum([topics_file is not None, outline, questions]) != 1:
        fail("give a TOPICS_FILE, --outline or --questions (exactly one)", 2)
    if plot is not None:
        if topics_file is None:
            fail("--plot needs a TOPICS_FILE (the heatmap is topics × documents)", 2)
        cov.plot_kind(plot)  # a wrong suffix fails now, not after the slow part
    try:
        thresholds = cov.Thresholds(
            partial_min if partial_min is not None else cov.PARTIAL_MIN,
            covered_min if covered_min is not None else cov.COVERED_MIN,
        )
    except ValueError as err:
        fail(str(err), 2)

    topics = None
    if topics_file is not None:
        topics = (
            cov.parse_topics(sys.stdin.read(), name="stdin")
            if topics_file == "-"
            else cov.read_topic_file(Path(topics_file))
        )
    assistant = make_assistant(data_dir, collection)
    result: cov.CoverageReport | cov.QuestionGaps | list[cov.OutlineDocument]
    if outline:
        result = cov.corpus_outline(assistant)
    elif questions:
        result = cov.find_question_gaps(assistant)
        if not result.log_enabled:
            typer.secho(
                "Note: question logging is off (RAG_QUERY_LOG=false); only earlier "
                "questions are in the log.",
                fg="yellow",
                err=True,
            )
    else:
        assert topics is not None
        result = cov.assess_topics(
            assistant,
            topics,
            k=k or cov.DEFAULT_K,
            thresholds=thresholds,
            progress=show_progress(fmt == "json"),
        )
        if plot is not None:
            cov.write_plot(result, plot)
            typer.secho(f"Heatmap written to {plot}", err=True)
    typer.echo(cov.render(result, fmt), nl=fmt == "json")
