"""The ``rag`` command: a thin shell over :class:`rag.Assistant`.

User mistakes end in one red line and exit status 1 (2 for usage errors), never
a traceback. Every command that prints results takes ``--json``. Each command
group lives in its own module; this one only assembles the Typer app, so no
module imports back up into it.
"""

from __future__ import annotations

import logging
import sys

import typer

from rag.cli import ask, chat, coverage, evaluate, library, quiz
from rag.environment import prepare_environment
from rag.errors import RagError

prepare_environment()

app = typer.Typer(
    help="Study assistant: answers questions about course material, with citations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command()(library.ingest)
app.command()(ask.retrieve)
app.command()(ask.ask)
app.command()(chat.chat)
app.command()(quiz.quiz)
app.command()(coverage.coverage)
app.command()(library.status)
eval_app = typer.Typer(help="Measure retrieval and answer quality.", no_args_is_help=True)
eval_app.command("retrieval")(evaluate.eval_retrieval)
eval_app.command("qa")(evaluate.eval_qa)
app.add_typer(eval_app, name="eval")
app.command()(library.ui)

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the CLI, turning our errors and usage mistakes into one line."""
    try:  # typer >= 0.29 carries its own copy of click
        from typer._click import exceptions as click_errors
    except ImportError:  # pragma: no cover - older typer on the real click
        from click import exceptions as click_errors  # type: ignore[no-redef]

    level = _log_level()
    logging.basicConfig(level=level or "WARNING")
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    if level is None:
        # A failed generator is shown once, whole, as the answer's "Note:" line; the
        # chain's log line for servers would repeat it.
        logging.getLogger("rag.answer.chain").setLevel(logging.ERROR)
    try:
        # standalone_mode=False: click's usage errors come back to us instead of being
        # drawn as a five-line box, so a bad flag value is one `Error:` line too.
        code = app(standalone_mode=False)
    except click_errors.NoArgsIsHelpError as err:
        err.show()
        sys.exit(err.exit_code)
    except click_errors.UsageError as err:
        hint = f" (see `{err.ctx.command_path} --help`)" if err.ctx else ""
        message, code = err.format_message() + hint, 2
    except click_errors.ClickException as err:
        message, code = err.format_message(), err.exit_code
    except typer.Abort:
        message, code = "interrupted", 130
    except RagError as err:
        message, code = str(err), 1
    except KeyboardInterrupt:
        message, code = "interrupted", 130
    else:
        code = code if isinstance(code, int) else 0
        if _reads_only(sys.argv[1:]):
            _exit_without_teardown(code)
        sys.exit(code)
    typer.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(code)


READ_ONLY_COMMANDS = frozenset({"retrieve", "ask", "status"})
"""Commands that leave nothing to write when they return (the question log is closed)."""


def _reads_only(args: list[str]) -> bool:
    command = next((arg for arg in args if not arg.startswith("-")), None)
    return command in READ_ONLY_COMMANDS or (command is None and "--help" in args)


def _exit_without_teardown(code: int) -> None:
    """End the process without Python's module teardown.

    After a query everything is written and flushed; what is left is unloading
    ONNX Runtime, OpenVINO, chromadb and numpy, about 0.5 s of a 2 s cold
    `rag retrieve` (benchmarks/README.md). Writing commands (ingest, quiz
    exports) exit normally, so every file and database handle is closed properly.
    """
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


def _log_level() -> str | None:
    """``RAG_LOG_LEVEL``, before the command runs; a bad configuration is reported then."""
    from rag.errors import ConfigError
    from rag.settings import load_settings

    try:
        return load_settings().log_level
    except ConfigError:
        return None
