"""Server mode: the same ingest and retrieval code against a real `chroma run`."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.errors import StoreUnavailableError
from tests.conftest import CORPUS, make_settings

pytestmark = [pytest.mark.slow, pytest.mark.server]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    beside_python = Path(sys.executable).with_name("chroma")  # the venv's bin/ may not be on PATH
    chroma = str(beside_python) if beside_python.exists() else shutil.which("chroma")
    if chroma is None:
        pytest.fail("the `chroma` command (from the chromadb package) is not installed")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("chroma run did not start")
                time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_ingest_and_retrieve_through_a_chroma_server(
    chroma_server: int, tmp_path: Path, embedder
) -> None:
    settings = make_settings(tmp_path / "local", chroma_host="127.0.0.1", chroma_port=chroma_server)
    assistant = Assistant(settings, embedder=embedder)
    report = assistant.ingest([CORPUS])
    assert report.ok and report.added == 4
    assert not (tmp_path / "local" / "chroma").exists(), "nothing written to the embedded store"

    again = assistant.ingest([CORPUS])
    assert again.unchanged == 4 and again.chunks_added == 0

    answer = assistant.ask("Which metric measures the realism of generated images?")
    assert not answer.abstained
    assert any("FID" in c.passage.text for c in answer.citations)

    # A second client (another process would do the same) sees the same index.
    reader = Assistant(settings, embedder=embedder)
    assert reader.store.count() == report.chunks_total


def test_unreachable_server_is_a_clear_error(tmp_path: Path, embedder) -> None:
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(StoreUnavailableError, match="Chroma server"):
        Assistant(settings, embedder=embedder).ingest([CORPUS])
