"""``rag ingest``, ``rag status`` and ``rag ui``: the course library and the app."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from rag.cli.common import (
    Collection,
    DataDir,
    JsonFlag,
    fail,
    make_assistant,
    print_json,
    show_progress,
)


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
        f"({info.data_dir}); last ingest: {when}; model: {info.embedding_model} "
        f"({info.embedding_backend}); "
        f"generator: {info.generator}"
    )
    for document in assistant.documents():
        typer.echo(f"  {document.source}: {document.title} ({document.chunks} chunks)")


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
    app_file = Path(__file__).resolve().parents[2] / "ui" / "app.py"
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
    if os.name == "posix":
        # The app replaces this process: stopping `rag ui` (Ctrl-C, kill, a supervisor)
        # stops the server. Started as a child, it kept serving after its parent died.
        os.execve(sys.executable, command, env)
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
