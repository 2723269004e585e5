"""What every ``rag`` command shares: option types, settings, one-line errors, output.

Command modules import from here and never from :mod:`rag.cli` itself, so the
package has no import circle: ``rag.cli`` imports the commands, not the reverse.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rag.assistant import Assistant
    from rag.settings import Settings

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Index directory (default: RAG_DATA_DIR, else the per-user data folder)."
    ),
]
Collection = Annotated[
    str | None, typer.Option("--collection", help="Chroma collection (default: course).")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
GeneratorFlag = Annotated[
    str | None,
    typer.Option("--generator", help="extractive, local, openai or auto (default: RAG_GENERATOR)."),
]
K = Annotated[int | None, typer.Option("--k", "-k", min=1, max=100, help="Passages to use.")]
QuestionsFile = Annotated[
    str | None,
    typer.Option(
        "--questions", help="File with one question per line ('-' for stdin); prints JSON lines."
    ),
]


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment with CLI flags on top; bad values are user errors.

    Unknown ``RAG_*`` variables are reported once per process, with the closest real
    name, because pydantic-settings would ignore them without a word.
    """
    from rag.settings import load_settings as load

    _warn_unknown_variables()
    return load(**overrides)


_warned_unknown = False


def _warn_unknown_variables() -> None:
    global _warned_unknown
    if _warned_unknown:
        return
    _warned_unknown = True
    from rag.settings import unknown_variables

    for message in unknown_variables():
        typer.secho(f"Warning: {message}", fg="yellow", err=True)


def make_assistant(data_dir: Path | None, collection: str | None, **overrides: Any) -> Assistant:
    """An assistant for the CLI's data directory and overrides."""
    from rag.assistant import Assistant

    return Assistant(load_settings(data_dir=data_dir, collection=collection, **overrides))


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one error line and exit."""
    typer.secho(f"Error: {message}", fg="red", err=True)
    raise typer.Exit(code)


def show_progress(json_output: bool) -> bool:
    """Progress bars only for people watching a terminal."""
    return not json_output and sys.stderr.isatty()


def read_questions(source: str) -> list[str]:
    """Questions from a file or stdin ('-'), one per line, blank lines skipped."""
    if source == "-":
        lines = sys.stdin.read().splitlines()
    else:
        path = Path(source)
        if not path.is_file():
            fail(f"questions file not found: {source}")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            fail(f"cannot read questions file {source}: {err}")
    return [line.strip() for line in lines if line.strip()]


def print_json(data: Any) -> None:
    """One JSON document (or line) on stdout."""
    typer.echo(json.dumps(data, ensure_ascii=False))
