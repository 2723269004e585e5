"""The ``rag`` command: a thin shell over :class:`rag.assistant.Assistant`.

User mistakes end in one red line and exit status 1 (2 for usage errors), never
a traceback. Every command that prints results takes ``--json``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from rag.errors import RagError
from rag.render import source_label

if TYPE_CHECKING:
    from rag.assistant import Assistant
    from rag.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

app = typer.Typer(
    help="Study assistant: answers questions about course material, with citations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
eval_app = typer.Typer(help="Measure retrieval and answer quality.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

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
K = Annotated[int | None, typer.Option("--k", "-k", min=1, max=100, help="Passages to use.")]
QuestionsFile = Annotated[
    str | None,
    typer.Option(
        "--questions", help="File with one question per line ('-' for stdin); prints JSON lines."
    ),
]


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment with CLI flags on top; bad values are user errors.

    An error names what the user set: ``--collection`` for a flag, ``RAG_K`` for a
    variable. Unknown ``RAG_*`` variables are reported once per process, with the
    closest real name, because pydantic-settings would ignore them without a word.
    """
    from pydantic import ValidationError

    from rag.errors import ConfigError
    from rag.settings import ENV_PREFIX, Settings

    given = {k: v for k, v in overrides.items() if v is not None}
    _warn_unknown_variables()
    try:
        return Settings(**given)
    except ValidationError as err:
        problems = []
        for error in err.errors():
            field = ".".join(str(p) for p in error["loc"])
            if not field:
                problems.append(error["msg"].removeprefix("Value error, "))
                continue
            name = f"--{field.replace('_', '-')}" if field in given else ENV_PREFIX + field.upper()
            problems.append(f"{name}={error.get('input')!r}: {error['msg']}")
        raise ConfigError(f"invalid configuration: {'; '.join(problems)}") from err


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


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders (.md .txt .html .pdf .pptx .docx .ipynb); default: corpus/."
        ),
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the index and build it again.")
    ] = False,
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
    collection: Collection = None,
) -> None:
    """Index course files; unchanged files are skipped, deleted ones removed."""
    assistant = make_assistant(data_dir, collection)
    report = assistant.ingest(paths, rebuild=rebuild, progress=show_progress(json_output))
    if json_output:
        print_json(report.to_dict())
    else:
        typer.echo(
            f"{report.files_seen} files: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.removed} removed; "
            f"{report.chunks_added} chunks added, {report.chunks_removed} removed, "
            f"{report.chunks_total} in the index ({report.seconds:.1f} s)."
        )
        for warning in report.warnings:
            typer.secho(f"Warning: {warning['path']}: {warning['warning']}", fg="yellow", err=True)
        for error in report.errors:
            typer.secho(f"Failed: {error['path']}: {error['error']}", fg="red", err=True)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
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
    from rag.retrieve import MODES

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
    from rag.errors import QuestionError
    from rag.questions import check_question

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

    Images show as their alt text and HTML tags as text (:mod:`rag.render`).
    """
    from rag.render import passage_plain_text, passage_terminal_markdown

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


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="The study question.")] = None,
    k: K = None,
    questions: QuestionsFile = None,
    generator: Annotated[
        str | None, typer.Option("--generator", help="extractive, local or openai.")
    ] = None,
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
    print_answer(assistant.ask_stream(asked[0], k))
    typer.secho(f"\nWritten by: {writer.name}" + (f" ({note})" if note else ""), dim=True)


def print_answer(stream: Iterator[Any]) -> None:
    """Stream an answer to the terminal, then its sources."""
    from rag.schema import Answer

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
        elif "".join(streamed).strip() != answer.answer.strip():
            # Citations were checked or attributed, or unsupported sentences left out.
            typer.secho("\nChecked against the passages:", bold=True)
            typer.echo(answer.answer)
        passages = [(c.n, c.passage) for c in answer.citations]
        heading = "\nSources:"
    for sentence in answer.unsupported:
        typer.secho(f"⚠ Not supported by its cited passage: “{sentence}”", fg="yellow")
    for warning in answer.warnings:
        typer.secho(f"Warning: {warning}", fg="yellow", err=True)
    if passages and heading:
        typer.secho(heading, bold=True)
    for number, passage in passages:
        typer.echo(f"[{number}] {source_label(passage)} (score {passage.score:.2f})")


@app.command()
def status(
    json_output: JsonFlag = False, data_dir: DataDir = None, collection: Collection = None
) -> None:
    """Show what is indexed."""
    import datetime

    assistant = make_assistant(data_dir, collection)
    info = assistant.status()
    if json_output:
        data = info.to_dict()
        data["documents_list"] = [d.to_dict() for d in assistant.documents()]
        print_json(data)
        return
    when = (
        datetime.datetime.fromtimestamp(info.last_ingest).isoformat(timespec="seconds")
        if info.last_ingest
        else "never"
    )
    typer.echo(
        f"{info.documents} documents, {info.chunks} chunks in '{info.collection}' "
        f"({info.data_dir}); last ingest: {when}; model: {info.embedding_model}; "
        f"generator: {info.generator}"
    )
    for document in assistant.documents():
        typer.echo(f"  {document.source}: {document.title} ({document.chunks} chunks)")


@eval_app.command("qa")
def eval_qa(
    file: Annotated[
        Path, typer.Argument(help="Questions JSONL (see eval/questions.jsonl).")
    ] = Path("eval/questions.jsonl"),
    k: K = None,
    generator: Annotated[
        str | None,
        typer.Option("--generator", help="Generator to evaluate (default: RAG_GENERATOR)."),
    ] = None,
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
    collection: Collection = None,
) -> None:
    """Key fact, evidence recall, support, abstention and latency on a question set, per split."""
    from rag.evaluate import evaluate_qa, load_questions

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


@app.command()
def ui(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    data_dir: DataDir = None,
) -> None:
    """Open the Streamlit study app."""
    import subprocess

    busy = port_in_use(host, port)
    if busy:
        fail(
            f"port {port} on {host} is in use ({busy}); start the app on another one with "
            f"`rag ui --port {port + 1}` (or `make run PORT={port + 1}`)"
        )
    app_file = Path(__file__).resolve().parent.parent / "ui" / "app.py"
    env = dict(os.environ)
    if data_dir is not None:
        env["RAG_DATA_DIR"] = str(data_dir)
    # toolbarMode minimal: no "Deploy" button; the app is a local study tool.
    command = [
        sys.executable, "-m", "streamlit", "run", str(app_file),
        "--server.address", host, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
    ]  # fmt: skip
    raise typer.Exit(subprocess.call(command, env=env))


def port_in_use(host: str, port: int) -> str:
    """Why ``host:port`` cannot be served on ('' when it is free).

    Checked before Streamlit starts, because Streamlit's own "Port 8501 is not
    available" names no way out.
    """
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind((host, port))
    except OSError as err:
        return err.strerror or str(err)
    return ""


# Feature commands register themselves on import.
from rag import cli_chat, cli_coverage, cli_eval, cli_quiz  # noqa: E402, F401


def main() -> None:
    """Entry point: run the CLI, turning our errors and usage mistakes into one line."""
    try:  # typer >= 0.29 carries its own copy of click
        from typer._click import exceptions as click_errors
    except ImportError:  # pragma: no cover - older typer on the real click
        from click import exceptions as click_errors  # type: ignore[no-redef]

    logging.basicConfig(level=os.environ.get("RAG_LOG_LEVEL", "WARNING"))
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    if "RAG_LOG_LEVEL" not in os.environ:
        # A failed generator is shown once, whole, as the answer's "Note:" line; the
        # chain's log line for servers would repeat it.
        logging.getLogger("rag.chain").setLevel(logging.ERROR)
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
        sys.exit(code if isinstance(code, int) else 0)
    typer.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(code)


if __name__ == "__main__":
    # Run as `python -m rag.cli`, this file is `__main__`; feature modules register their
    # commands on `rag.cli`, so run that module's app, not this copy's.
    from rag.cli import main as registered_main

    registered_main()
