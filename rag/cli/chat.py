"""``rag chat``: a conversation in the terminal, or JSON lines for scripts.

Registered on the ``rag`` app in :mod:`rag.cli`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from rag.answer.chat import ChatSession
from rag.cli.ask import print_answer
from rag.cli.common import (
    Collection,
    DataDir,
    GeneratorFlag,
    K,
    make_assistant,
    print_json,
)

QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit", ":q"})
HELP_TEXT = (
    "Ask a question about the course; follow-ups like 'who introduced them?' use the "
    "conversation. Commands: /clear (forget the conversation), /quit (or Ctrl-D)."
)


def chat(
    k: K = None,
    generator: GeneratorFlag = None,
    json_output: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Read one question per line on stdin; print one JSON object per line "
            "(the `ask` object plus standalone_question).",
        ),
    ] = False,
    data_dir: DataDir = None,
    collection: Collection = None,
) -> None:
    """Chat about the course material: follow-up questions are understood."""
    assistant = make_assistant(data_dir, collection, generator=generator)
    session = ChatSession(assistant)
    if json_output:
        _chat_json(session, k)
    else:
        _chat_interactive(session, k)


def _chat_json(session: ChatSession, k: int | None) -> None:
    """One JSON line per question line, flushed at once so a caller can converse."""
    for line in sys.stdin:
        question = line.strip()
        if not question:
            continue
        print_json(session.ask(question, k).to_dict())
        sys.stdout.flush()


def _chat_interactive(session: ChatSession, k: int | None) -> None:
    """Prompt, rewrite, stream; the rewritten question is shown when it differs."""
    interactive = sys.stdin.isatty()
    if interactive:
        typer.secho(HELP_TEXT, dim=True)
    while True:
        try:
            question = input("\nYou: " if interactive else "").strip()
        except EOFError:
            if interactive:
                typer.echo()
            return
        if not question:
            continue
        if question.lower() in QUIT_WORDS:
            return
        if question.lower() == "/clear":
            session.clear()
            typer.secho("Conversation cleared.", dim=True)
            continue
        if not interactive:
            typer.secho(f"You: {question}", bold=True)
        rewrite = session.rewrite(question)
        if rewrite.standalone != question:
            typer.secho(f"(searching for: {rewrite.standalone})", dim=True)
        typer.secho("Assistant: ", bold=True, nl=False)
        print_answer(session.ask_stream(question, k, rewrite=rewrite))
