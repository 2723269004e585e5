"""``rag ask`` and ``rag retrieve``: one question, its answer or its passages."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer

from rag.answer.citations import compact_citations
from rag.answer.generate import QUOTED
from rag.cli.common import (
    Collection,
    DataDir,
    GeneratorFlag,
    JsonFlag,
    K,
    QuestionsFile,
    fail,
    make_assistant,
    print_json,
    read_questions,
)
from rag.schema import Answer
from rag.text.render import source_label


def retrieve(
    question: Annotated[str | None, typer.Argument(help="The question.")] = None,
    k: K = None,
    questions: QuestionsFile = None,
    mode: Annotated[str, typer.Option("--mode", help="hybrid, dense or keyword.")] = "hybrid",
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
    collection: Collection = None,
) -> None:
    """Show the passages retrieved for a question."""
    from rag.retrieval.retriever import MODES

    if mode not in MODES:
        fail(f"--mode must be one of {', '.join(MODES)}", 2)
    asked = _questions(question, questions)
    assistant = make_assistant(data_dir, collection)
    results = assistant.retrieve_many(asked, k, mode)
    if questions is not None:
        for result in results:
            print_json(result.to_dict())
        return
    result = results[0]
    if json_output:
        print_json(result.to_dict())
        return
    for number, passage in enumerate(result.passages, start=1):
        typer.secho(f"[{number}] {source_label(passage)} (score {passage.score:.2f})", bold=True)
        typer.secho(f"    {passage.source}", dim=True)
        print_passage_text(passage.text)


def _questions(question: str | None, questions: str | None) -> list[str]:
    if (question is None) == (questions is None):
        fail("give a QUESTION or --questions FILE (not both)", 2)
    from rag.answer.questions import check_question
    from rag.errors import QuestionError

    asked = read_questions(questions) if questions is not None else [str(question)]
    if not asked:
        fail("no questions given")
    checked = []
    for number, text in enumerate(asked, start=1):
        try:
            checked.append(check_question(text))
        except QuestionError as err:
            fail(f"question {number}: {err}" if questions is not None else str(err))
    return checked


def print_passage_text(text: str, width: int = 600) -> None:
    """A passage as people read it: rich Markdown on a terminal, plain text in a pipe.

    Images show as their alt text and HTML tags as text (:mod:`rag.text.render`).
    """
    from rag.text.render import passage_plain_text, passage_terminal_markdown

    text = text if len(text) <= width else text[:width] + "…"
    if not sys.stdout.isatty():
        plain = passage_plain_text(text)
        typer.echo("\n".join("    " + line for line in plain.splitlines()) + "\n")
        return
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.padding import Padding

    markdown = Markdown(passage_terminal_markdown(text), hyperlinks=False)
    Console().print(Padding(markdown, (0, 0, 1, 4)))


def ask(
    question: Annotated[str | None, typer.Argument(help="The study question.")] = None,
    k: K = None,
    questions: QuestionsFile = None,
    generator: GeneratorFlag = None,
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
    collection: Collection = None,
) -> None:
    """Answer a question from the course material, with citations."""
    asked = _questions(question, questions)
    assistant = make_assistant(data_dir, collection, generator=generator)
    if questions is not None:
        for text in asked:
            print_json(assistant.ask(text, k).to_dict())
        return
    # RAG_GENERATOR=auto says which generator it chose, and why when it fell back.
    writer = assistant.chain.generator
    note = getattr(writer, "note", "")
    if json_output:
        data = assistant.ask(asked[0], k).to_dict()
        if note:
            data["generator_note"] = note
        print_json(data)
        return
    answer = print_answer(assistant.ask_stream(asked[0], k))
    # The configured writer may have failed, or its answer been replaced by the quote
    # (the Note line above says which): name the one that wrote this answer.
    name = answer.generator or writer.name
    if name != writer.name:
        note = f"in place of {writer.name}, see the note above"
    if answer.abstained and name == "extractive":
        # A refusal quotes nothing: "Quoted word for word from the course notes." under
        # "The course material doesn't cover this." read as a contradiction (a newcomer).
        return
    if name == "extractive" and name == writer.name:
        # Students read this line: what the answer is comes first, how to have answers
        # written comes after (two probes read "Written by: extractive (… llama-cpp-python
        # is not installed …)" as developer text).
        typer.secho("\nQuoted word for word from the course notes.", dim=True)
        if note:
            typer.secho(f"No language model rewrote it: {note.removeprefix(QUOTED)}", dim=True)
        return
    typer.secho(f"\nWritten by: {name}" + (f" ({note})" if note else ""), dim=True)


def print_answer(stream: Iterator[Any]) -> Answer:
    """Stream an answer to the terminal, then its sources; returns the final answer."""
    streamed: list[str] = []
    for item in stream:
        if isinstance(item, Answer):
            answer = item
        else:
            streamed.append(item)
            typer.echo(item, nl=False)
    if streamed and not answer.abstained:
        typer.echo()
    if answer.error:
        typer.secho(f"Note: {answer.error}", fg="yellow", err=True)
    if answer.abstained:
        typer.secho(answer.answer, fg="yellow")
        passages = [(n, p) for n, p in enumerate(answer.closest, start=1)]
        heading = ""
    else:
        if not streamed:
            typer.echo(answer.answer)
        elif compact_citations("".join(streamed)).strip() != answer.answer.strip():
            # Citations were checked or attributed, or unsupported sentences left out.
            typer.secho("\nChecked against the passages:", bold=True)
            typer.echo(answer.answer)
        passages = [(c.n, c.passage) for c in answer.citations]
        heading = "\nSources:"
    for sentence in answer.unsupported:
        typer.secho(f"⚠ Not supported by its cited passage: “{sentence}”", fg="yellow")
    for note in answer.notes:
        typer.secho(note, dim=True)
    for warning in answer.warnings:
        typer.secho(f"Warning: {warning}", fg="yellow", err=True)
    if passages and heading:
        typer.secho(heading, bold=True)
    for number, passage in passages:
        # No score: students read "(score 0.09)" beside the right source as low confidence
        # (newcomers, twice); `rag retrieve` and `--json` keep it.
        typer.echo(f"[{number}] {source_label(passage)}")
        line = answer.closest_line(passage) if answer.abstained else None
        if line:
            typer.secho(f"    “{line}”", dim=True)
    if answer.abstained and answer.reason:
        # The app has a "Why no answer" box; here the reason names the words to change.
        typer.secho(f"Why: {answer.reason}.", dim=True)
    return answer
