"""The OpenAI-compatible generator against a real server: llama.cpp's, on 127.0.0.1.

``python -m llama_cpp.server`` with the tiny SmolLM2 GGUF speaks the real protocol
(JSON, SSE streaming, stop, max_tokens, usage), so these tests check our client
code against what servers actually send, not against our idea of it. The model's
words are nonsense; what is asserted is the plumbing and the answer's structure.
Faults a healthy server cannot be made to show (a garbage body, an HTTP 500 or 401,
a read that never ends) go through ``httpx.MockTransport`` (tests/llm_transport.py)
injected with :func:`rag.llm.register`; a refused connection uses a closed port.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

import pytest
from pydantic import SecretStr

from rag.answer.generate import ChatGenerator
from rag.assistant import Assistant
from rag.errors import ConfigError, LLMUnavailableError
from rag.llm import chat_model, providers, register
from rag.schema import Passage
from rag.settings import Settings
from tests.conftest import REPO
from tests.llm.conftest import SERVER_MODEL as MODEL
from tests.llm.conftest import free_port
from tests.llm_transport import Fault, scripted_llm

PASSAGES = [Passage(id="a", text="FID compares generated and real images.", source="gans.md",
                    title="GANs", section="Metrics", start=0, end=39, score=0.9)]  # fmt: skip
QUESTION = [("system", "You are a helpful assistant."), ("user", "Name three colours.")]


def api_settings(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"generator": "openai", "openai_base_url": url,
                              "openai_model": MODEL, "openai_api_key": "sk-test",
                              "openai_timeout": 60}  # fmt: skip
    return Settings(**{**values, **overrides})


def chat(url: str, max_tokens: int = 12, *, streaming: bool = False, **kwargs: object) -> Any:
    """The registry's ``openai`` model pointed at the real server."""
    model, _ = chat_model(api_settings(url), max_tokens=max_tokens)
    model.streaming = streaming
    model.max_retries = 0
    for name, value in kwargs.items():
        setattr(model, name, value)
    return model


# --------------------------------------------------------------------------- #
# The real server
# --------------------------------------------------------------------------- #


@pytest.mark.slow
def test_invoke_returns_text_usage_and_finish_reason(llama_server: str) -> None:
    reply = chat(llama_server).invoke(QUESTION)
    assert isinstance(reply.content, str) and reply.content.strip()
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["input_tokens"] > 5
    assert 0 < reply.usage_metadata["output_tokens"] <= 12
    assert reply.response_metadata["finish_reason"] in {"stop", "length"}


@pytest.mark.slow
def test_generator_streams_the_same_text_in_pieces(llama_server: str) -> None:
    full = str(chat(llama_server).invoke(QUESTION).content)
    generator = ChatGenerator(f"openai:{MODEL}", chat(llama_server, streaming=True), llama_server)
    pieces = list(generator.stream("Name three colours.", PASSAGES))
    assert len(pieces) >= 2, pieces
    streamed = str(chat(llama_server, streaming=True).invoke(QUESTION).content)
    assert streamed == full  # greedy: the stream carries exactly the invoked text
    assert "".join(pieces).strip()


@pytest.mark.slow
def test_stop_string_cuts_the_reply(llama_server: str) -> None:
    full = str(chat(llama_server).invoke(QUESTION).content)
    words = full.split()
    assert len(words) >= 3
    cut = chat(llama_server, stop=[words[2]]).invoke(QUESTION)
    assert str(cut.content).strip() == full[: full.index(words[2])].strip()


@pytest.mark.slow
def test_max_tokens_ends_with_length(llama_server: str) -> None:
    reply = chat(llama_server, max_tokens=2).invoke(QUESTION)
    assert reply.response_metadata["finish_reason"] == "length"
    assert reply.usage_metadata is not None and reply.usage_metadata["output_tokens"] == 2


def assert_checked_structure(answer: dict[str, Any]) -> None:
    """What the chain guarantees whatever a 135M model writes: numbering and verdicts."""
    assert answer["answer"].strip() and not answer["abstained"]
    numbers = [c["n"] for c in answer["citations"]]
    assert numbers == list(range(1, len(numbers) + 1)), "citations renumbered 1..n"
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer["answer"])}
    assert cited and cited <= set(numbers), "every marker names a listed source"
    if answer["generator"] == f"openai:{MODEL}":
        assert answer["error"] is None and answer["sentences"]
        assert all(isinstance(s["supported"], bool) for s in answer["sentences"])
    else:  # SmolLM2's nonsense is rarely supported: the chain quotes instead, and says so
        assert answer["generator"] == "extractive"
        assert "wrote no sentence that its cited passages support" in answer["error"]


@pytest.mark.slow
def test_answer_chain_streams_through_the_real_server(
    llama_server: str, corpus_assistant: Assistant
) -> None:
    settings = corpus_assistant.settings.model_copy(
        update={"generator": "openai", "openai_base_url": llama_server, "openai_model": MODEL,
                "max_new_tokens": 24}
    )  # fmt: skip
    assistant = Assistant(
        settings, embedder=corpus_assistant.embedder, store=corpus_assistant.store
    )
    pieces = list(assistant.ask_stream("Which metric measures the realism of generated images?"))
    answer = pieces[-1]
    assert not isinstance(answer, str)
    assert len(pieces) > 2  # streamed
    assert_checked_structure(answer.to_dict())


@pytest.mark.slow
def test_rag_ask_with_the_openai_generator_end_to_end(
    llama_server: str, corpus_assistant: Assistant
) -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RAG_OPENAI_BASE_URL": llama_server,
           "RAG_OPENAI_MODEL": MODEL, "RAG_OPENAI_API_KEY": "sk-test",
           "RAG_MAX_NEW_TOKENS": "24", "RAG_QUERY_LOG": "false"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ask", "What does FID measure?", "--json",
         "--generator", "openai", "--data-dir", str(corpus_assistant.settings.data_dir)],
        capture_output=True, text=True, timeout=240, cwd=REPO, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert_checked_structure(json.loads(result.stdout))


def test_closed_port_says_the_server_is_not_running() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    model, where = chat_model(api_settings(url, openai_timeout=5), max_tokens=8)
    generator = ChatGenerator("openai:x", model, where)
    with pytest.raises(LLMUnavailableError, match=r"cannot connect.*is the server running"):
        list(generator.stream("What is FID?", PASSAGES))


def test_rag_ask_with_the_server_down_names_the_writer_that_answered(
    corpus_assistant: Assistant,
) -> None:
    """A real child process and a real closed port: the quoted answer says who wrote it."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RAG_GENERATOR": "openai",
           "RAG_OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",
           "RAG_OPENAI_TIMEOUT": "5", "RAG_QUERY_LOG": "false"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ask", "What does FID measure?",
         "--data-dir", str(corpus_assistant.settings.data_dir)],
        capture_output=True, text=True, timeout=240, cwd=REPO, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.search(r"realism[^\n]*\[1\]", result.stdout, re.IGNORECASE), result.stdout
    footer = [line for line in result.stdout.splitlines() if line.startswith("Written by:")]
    assert footer == ["Written by: extractive (in place of openai:gpt-4o-mini, see the note above)"]
    assert "is the server running? Showing an answer quoted" in result.stderr


# --------------------------------------------------------------------------- #
# What the client sends, and faults: scripted in-process (tests/llm_transport.py)
# --------------------------------------------------------------------------- #


def test_requests_go_to_the_base_url_with_the_api_key_and_stream() -> None:
    """Scripted: the request is what is checked, and a real server does not show it."""
    with scripted_llm(MODEL, "FID compares image statistics [1].") as llm:
        model, where = chat_model(api_settings("http://127.0.0.1:9/v1"), max_tokens=8)
        pieces = list(ChatGenerator("openai:x", model, where).stream("What is FID?", PASSAGES))
    assert "".join(pieces) == "FID compares image statistics [1]." and len(pieces) > 2
    (request,) = llm.chat_requests
    assert request.url == "http://127.0.0.1:9/v1/chat/completions"
    assert request.api_key == "sk-test" and request.stream
    assert request.body["model"] == MODEL and request.body["max_tokens"] == 8


@pytest.mark.parametrize(
    ("fault", "message"),
    [(500, "HTTP 500"), (401, "HTTP 401 (check RAG_OPENAI_API_KEY)"),
     ("garbage", "failed"), ("hang", "did not answer in time"),
     ("refuse", "is the server running")],
)  # fmt: skip
def test_faults_become_one_clear_error(fault: Fault, message: str) -> None:
    """Scripted: a healthy server cannot be made to send these."""
    with scripted_llm(MODEL) as llm:
        llm.fail(fault)
        model, where = chat_model(api_settings(llm.base_url), max_tokens=8)
        with pytest.raises(LLMUnavailableError, match=re.escape(message)):
            list(ChatGenerator("openai:x", model, where).stream("What is FID?", PASSAGES))


# --------------------------------------------------------------------------- #
# The registry
# --------------------------------------------------------------------------- #


def test_registry_adds_replaces_and_restores_providers() -> None:
    assert {"openai", "local"} <= set(providers())

    def fake(settings: Settings, *, max_tokens: int, seed: int | None = None) -> tuple[Any, str]:
        return ("model", max_tokens, seed), "here"

    previous = register("openai", fake)
    try:
        assert chat_model(api_settings("x"), max_tokens=3, seed=7) == (("model", 3, 7), "here")
    finally:
        assert register("openai", previous) is fake
    model, where = chat_model(api_settings("http://127.0.0.1:9/v1"), max_tokens=3)
    assert type(model).__name__ == "ChatOpenAI" and where == "http://127.0.0.1:9/v1"


def test_extractive_has_no_language_model() -> None:
    with pytest.raises(ConfigError, match="uses no language model"):
        chat_model(Settings(generator="extractive"), max_tokens=8)


def test_api_key_is_secret_in_settings() -> None:
    settings = api_settings("http://127.0.0.1:9/v1")
    assert isinstance(settings.openai_api_key, SecretStr) and "sk-test" not in repr(settings)
