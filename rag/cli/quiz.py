"""``rag quiz``: a quiz on a topic, every item checked against the course text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rag.cli.common import Collection, DataDir, JsonFlag, fail, make_assistant, print_json

OUT_SUFFIXES = (".md", ".markdown", ".json", ".csv", ".tsv", ".txt")
"""What ``--out`` may end in: the suffixes :func:`rag.study.quiz.format_for_path` knows."""


def quiz(
    topic: Annotated[str | None, typer.Argument(help="What the quiz is about (free text).")] = None,
    n: Annotated[int, typer.Option("--n", "-n", min=1, max=50, help="Items wanted.")] = 5,
    item_type: Annotated[
        str, typer.Option("--type", help="mcq, short, cloze, tf (true/false) or mixed.")
    ] = "mixed",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="json, md, csv (with header) or anki (tab-separated for Anki's import); "
            "default: from --out's suffix, else md.",
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the quiz to this file.")] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Same seed and index, same quiz.")
    ] = None,
    section: Annotated[
        str | None,
        typer.Option(
            "--section",
            help="Quiz on one section instead of a topic: 'SOURCE :: SECTION' or a section "
            "path (see `rag status --json`).",
        ),
    ] = None,
    generator: Annotated[
        str | None,
        typer.Option("--generator", help="extractive (default), local or openai writes items."),
    ] = None,
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
    collection: Collection = None,
) -> None:
    """Build a quiz from the course material; every item is verified against its source."""
    from rag.study.quiz import (
        FORMATS,
        QUIZ_TYPES,
        build_quiz,
        describe_dropped,
        export,
        format_for_path,
        shortest_section_name,
    )

    if not topic and not section:
        fail("give a TOPIC or --section", 2)
    if item_type not in QUIZ_TYPES:
        fail(f"--type must be one of {', '.join(QUIZ_TYPES)}", 2)
    if out is not None and format_for_path(out.name) is None:
        # Writing Markdown into quiz.docx makes a file Word cannot open.
        fail(f"--out must end in one of {', '.join(OUT_SUFFIXES)} (got '{out.name}')", 2)
    chosen = fmt or (format_for_path(out.name) if out else None) or "md"
    if chosen not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}", 2)
    assistant = make_assistant(data_dir, collection, generator=generator)
    result = build_quiz(assistant, topic or "", n, item_type, seed, section=section)
    summary = (
        f"{len(result.items)} of {n} items on “{result.topic}” (seed {result.seed}; "
        f"{describe_dropped(result.dropped)})."
    )
    if out is not None and result.items:  # an empty quiz is an error, not a file
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(export(result, chosen), encoding="utf-8")
        except OSError as err:
            fail(f"cannot write {out}: {err}")
    if json_output:
        data = result.to_dict()
        if out is not None:
            data["out"] = str(out)
            data["format"] = chosen
        print_json(data)
    elif not result.items:
        # A topic the material does not cover is a failed quiz, not an empty one: one
        # line says why (the note), not an empty answer key and the note three times.
        why = result.note or "no quiz item could be built; the material may not cover this topic"
        typer.secho(summary, err=True)
        typer.secho(f"Error: {why}", fg="red", err=True)
    else:
        if out is None:
            typer.echo(export(result, chosen), nl=False)
        else:
            typer.echo(f"Wrote {out} ({chosen}).")
        typer.secho(summary, err=True)
        if result.note and (out is not None or chosen != "md"):  # Markdown quotes the note
            typer.secho(f"Note: {result.note}", fg="yellow", err=True)
    if result.suggested_section and not json_output:
        section = shortest_section_name(assistant, result.suggested_section)
        typer.secho(f'Try: rag quiz --section "{section}"', err=True)
    if not result.items:
        raise typer.Exit(1)
