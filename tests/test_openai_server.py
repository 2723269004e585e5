"""Tests for the fake OpenAI-compatible server used by the generator tests.

Why: the generator tests are only as trustworthy as the server they run
against.  These checks pin down that the server really speaks the protocol
the ``openai`` and ``langchain_openai`` clients expect (JSON and SSE), that
scripted failures surface as the right HTTP statuses / client exceptions,
and that slow or abandoned requests never hang shutdown.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from typing import Any

import openai
import pytest
from langchain_core.messages import AIMessageChunk, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

try:  # works whether or not tests/ becomes a package later
    from tests.openai_server import FakeOpenAIServer, split_into_chunks, unused_port_url
except ImportError:  # pragma: no cover - depends on pytest's rootdir/sys.path
    from openai_server import FakeOpenAIServer, split_into_chunks, unused_port_url

pytestmark = pytest.mark.timeout(10)


@pytest.fixture(scope="module")
def _shared_server() -> Iterator[FakeOpenAIServer]:
    """One server per module: starting threads per test would only cost time."""
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def fake_openai(_shared_server: FakeOpenAIServer) -> Iterator[FakeOpenAIServer]:
    """The shared server, reset before and after each test for isolation."""
    _shared_server.reset()
    yield _shared_server
    _shared_server.reset()


def make_chat(server_url: str, **kwargs: Any) -> ChatOpenAI:
    """ChatOpenAI pointed at the fake; no retries so failures are immediate."""
    options: dict[str, Any] = {"max_retries": 0, "timeout": 5}
    options.update(kwargs)
    return ChatOpenAI(base_url=server_url, api_key=SecretStr("test"), model="test-model", **options)


def make_client(server_url: str, **kwargs: Any) -> openai.OpenAI:
    """Raw ``openai`` client pointed at the fake, retries off by default."""
    options: dict[str, Any] = {"max_retries": 0, "timeout": 5}
    options.update(kwargs)
    return openai.OpenAI(base_url=server_url, api_key="test", **options)


def post_json(url: str, payload: Any, headers: dict[str, str] | None = None) -> Any:
    """POST with urllib, independent of any OpenAI client library."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    return urllib.request.urlopen(request, timeout=5)


def post_expecting_error(url: str, payload: Any) -> tuple[int, Message, bytes]:
    """POST that must fail with an HTTP error; returns (status, headers, body).

    The ``HTTPError`` owns the socket, so it is closed here rather than left
    for the garbage collector (which would raise a ``ResourceWarning``).
    """
    with pytest.raises(urllib.error.HTTPError) as caught:
        post_json(url, payload)
    with caught.value as error:
        return error.code, error.headers, error.read()


def read_sse(response: Any) -> list[str]:
    """Return the ``data:`` payloads of an SSE response, in order."""
    events: list[str] = []
    for raw_line in response:
        line = raw_line.decode().rstrip("\r\n")
        if line.startswith("data: "):
            events.append(line[len("data: ") :])
    return events


CHAT_BODY: dict[str, Any] = {
    "model": "test-model",
    "messages": [{"role": "user", "content": "What is a mitochondrion?"}],
}


# -- lifecycle ---------------------------------------------------------------


def test_base_url_points_at_loopback_v1(fake_openai: FakeOpenAIServer) -> None:
    assert fake_openai.running
    assert fake_openai.base_url == f"http://127.0.0.1:{fake_openai.port}/v1"


def test_start_stop_and_context_manager_release_port() -> None:
    server = FakeOpenAIServer().start()
    port = server.port
    server.stop()
    assert not server.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    server.stop()  # idempotent


def test_split_into_chunks_roundtrips() -> None:
    for text in ["", "one", "Hello  wide\nworld ", " lead", "a b c"]:
        assert "".join(split_into_chunks(text)) == text
    assert split_into_chunks("Cells divide by mitosis") == ["Cells", " divide", " by", " mitosis"]


# -- langchain_openai ----------------------------------------------------------


def test_chatopenai_invoke_returns_reply_and_records_prompt(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.reply("The powerhouse of the cell [1].")
    llm = make_chat(fake_openai.base_url)

    result = llm.invoke(
        [
            SystemMessage("Answer from the passages."),
            HumanMessage("[1] Mitochondria make ATP.\n\nQuestion: What is a mitochondrion?"),
        ]
    )

    assert result.content == "The powerhouse of the cell [1]."
    assert result.response_metadata["finish_reason"] == "stop"
    assert result.usage_metadata is not None
    assert result.usage_metadata["output_tokens"] == 6
    request = fake_openai.last_request
    assert request.method == "POST"
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer test"
    assert request.api_key == "test"
    assert request.json["model"] == "test-model"
    assert [m["role"] for m in request.messages] == ["system", "user"]
    assert "[1] Mitochondria make ATP." in request.prompt
    assert not request.stream


def test_chatopenai_stream_yields_word_chunks_and_usage(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reply("Ribosomes build proteins from amino acids.")
    llm = make_chat(fake_openai.base_url, stream_usage=True)

    chunks = list(llm.stream("What do ribosomes do?"))

    texts = [c.text for c in chunks if c.text]
    assert len(texts) == 6
    assert "".join(texts) == "Ribosomes build proteins from amino acids."
    merged = chunks[0]
    for chunk in chunks[1:]:
        merged += chunk
    assert isinstance(merged, AIMessageChunk)
    assert merged.usage_metadata is not None
    assert merged.usage_metadata["output_tokens"] == 6
    request = fake_openai.last_request
    assert request.stream
    assert request.json["stream_options"] == {"include_usage": True}


def test_reply_callable_sees_request(fake_openai: FakeOpenAIServer) -> None:
    def answer(body: dict[str, Any]) -> str:
        question = body["messages"][-1]["content"]
        return "yes" if "ATP" in question else "no"

    fake_openai.reply(answer)
    llm = make_chat(fake_openai.base_url)

    assert llm.invoke("Does it make ATP?").content == "yes"
    assert llm.invoke("Does it photosynthesise?").content == "no"
    assert "".join(str(c.content) for c in llm.stream("ATP?")) == "yes"
    assert len(fake_openai.chat_requests) == 3
    assert fake_openai.errors == []


def test_reply_callable_errors_become_500_and_are_recorded(
    fake_openai: FakeOpenAIServer,
) -> None:
    def broken(body: dict[str, Any]) -> str:
        raise KeyError("context")

    fake_openai.reply(broken)
    with pytest.raises(openai.InternalServerError, match="KeyError"):
        make_chat(fake_openai.base_url).invoke("hi")
    assert [type(e) for e in fake_openai.errors] == [KeyError]


# -- raw HTTP ------------------------------------------------------------------


def test_urllib_non_streaming_completion_shape(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reply("Two words")
    with post_json(f"{fake_openai.base_url}/chat/completions", CHAT_BODY) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json"
        data = json.loads(response.read())

    assert data["object"] == "chat.completion"
    assert data["id"].startswith("chatcmpl-")
    assert isinstance(data["created"], int)
    assert data["model"] == "test-model"
    choice = data["choices"][0]
    assert choice["message"]["role"] == "assistant"
    assert choice["message"]["content"] == "Two words"
    assert choice["finish_reason"] == "stop"
    assert data["usage"]["completion_tokens"] == 2
    assert data["usage"]["total_tokens"] == (
        data["usage"]["prompt_tokens"] + data["usage"]["completion_tokens"]
    )


def test_urllib_streaming_sse_with_usage(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reply("alpha beta gamma", finish_reason="length")
    body = {**CHAT_BODY, "stream": True, "stream_options": {"include_usage": True}}
    with post_json(f"{fake_openai.base_url}/chat/completions", body) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        events = read_sse(response)

    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    content = [c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"]]
    assert [p for p in content if p] == ["alpha", " beta", " gamma"]
    assert chunks[-2]["choices"][0]["finish_reason"] == "length"
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"]["completion_tokens"] == 3


def test_streaming_without_include_usage_has_no_usage_chunk(
    fake_openai: FakeOpenAIServer,
) -> None:
    with post_json(f"{fake_openai.base_url}/chat/completions", {**CHAT_BODY, "stream": True}) as r:
        events = read_sse(r)
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["choices"] for c in chunks)
    assert all("usage" not in c for c in chunks)


def test_models_endpoint(fake_openai: FakeOpenAIServer) -> None:
    with urllib.request.urlopen(f"{fake_openai.base_url}/models", timeout=5) as response:
        data = json.loads(response.read())
    assert data["object"] == "list"
    assert [m["id"] for m in data["data"]] == ["test-model"]
    assert [m.id for m in make_client(fake_openai.base_url).models.list()] == ["test-model"]
    assert fake_openai.last_request.method == "GET"
    assert fake_openai.last_request.json is None


def test_unknown_route_and_bad_body(fake_openai: FakeOpenAIServer) -> None:
    status, _, _ = post_expecting_error(f"{fake_openai.base_url}/embeddings", {"input": "x"})
    assert status == 404
    status, _, body = post_expecting_error(
        f"{fake_openai.base_url}/chat/completions", {"model": "m"}
    )
    assert status == 400
    assert json.loads(body)["error"]["type"] == "invalid_request_error"


# -- scripted failures -------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (401, openai.AuthenticationError),
        (429, openai.RateLimitError),
        (500, openai.InternalServerError),
        (503, openai.InternalServerError),
    ],
)
def test_fail_maps_to_status_and_client_errors(
    fake_openai: FakeOpenAIServer, status: int, error_type: type[Exception]
) -> None:
    fake_openai.fail(status)

    code, _, body = post_expecting_error(f"{fake_openai.base_url}/chat/completions", CHAT_BODY)
    assert code == status
    assert "error" in json.loads(body)

    with pytest.raises(error_type) as typed:
        make_chat(fake_openai.base_url).invoke("hi")
    assert getattr(typed.value, "status_code", None) == status
    with pytest.raises(error_type):
        list(make_chat(fake_openai.base_url).stream("hi"))
    assert len(fake_openai.requests) == 3


def test_fail_with_custom_body_and_headers(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.fail(502, "upstream exploded", times=1, headers={"X-Debug": "1"})
    status, headers, body = post_expecting_error(
        f"{fake_openai.base_url}/chat/completions", CHAT_BODY
    )
    assert status == 502
    assert headers["X-Debug"] == "1"
    assert headers["Content-Type"].startswith("text/plain")
    assert body == b"upstream exploded"


def test_fail_times_then_recovers_and_rules_queue_in_order(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.reply("recovered")
    fake_openai.fail(500, times=1).fail(429, times=1)
    statuses: list[int] = []
    for _ in range(3):
        try:
            with post_json(f"{fake_openai.base_url}/chat/completions", CHAT_BODY) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            with error:
                statuses.append(error.code)
    assert statuses == [500, 429, 200]


def test_client_retry_is_visible_in_recorded_requests(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reply("second time lucky")
    # retry-after-ms keeps the openai client's back-off short.
    fake_openai.fail(500, times=1, headers={"retry-after-ms": "10"})
    llm = make_chat(fake_openai.base_url, max_retries=1)

    assert llm.invoke("hi").content == "second time lucky"
    assert len(fake_openai.chat_requests) == 2


def test_expect_api_key(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.expect_api_key("secret")
    with pytest.raises(openai.AuthenticationError):
        make_chat(fake_openai.base_url).invoke("hi")
    ok = ChatOpenAI(
        base_url=fake_openai.base_url,
        api_key=SecretStr("secret"),
        model="test-model",
        max_retries=0,
    )
    assert ok.invoke("hi").content == "OK"
    assert [r.api_key for r in fake_openai.requests] == ["test", "secret"]


def test_garbage_breaks_json_and_sse_parsing(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.garbage(times=2)
    with post_json(f"{fake_openai.base_url}/chat/completions", CHAT_BODY) as response:
        assert response.status == 200
        with pytest.raises(ValueError):
            json.loads(response.read())

    # The openai client surfaces both as json.JSONDecodeError (a ValueError).
    with pytest.raises(ValueError):
        make_chat(fake_openai.base_url).invoke("hi")
    fake_openai.garbage(times=1)
    with pytest.raises(ValueError):
        list(make_chat(fake_openai.base_url).stream("hi"))
    assert make_chat(fake_openai.base_url).invoke("hi").content == "OK"


def test_slow_triggers_client_timeout(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.slow(3, times=1)
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        make_chat(fake_openai.base_url, timeout=0.2).invoke("hi")
    assert time.monotonic() - started < 1.5
    # The abandoned handler notices the hang-up; the next request is normal.
    assert make_chat(fake_openai.base_url).invoke("hi").content == "OK"


def test_slow_within_timeout_still_answers(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reply("patience").slow(0.1, times=1)
    started = time.monotonic()
    assert make_chat(fake_openai.base_url).invoke("hi").content == "patience"
    assert time.monotonic() - started >= 0.1


def test_reset_clears_script_and_history(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.reply("custom").fail(500).slow(5).garbage().expect_api_key("x")
    fake_openai.reset()
    assert fake_openai.requests == []
    with pytest.raises(LookupError):
        _ = fake_openai.last_request
    assert make_chat(fake_openai.base_url).invoke("hi").content == "OK"


# -- availability / shutdown ---------------------------------------------------


def test_unused_port_url_refuses_connections() -> None:
    url = unused_port_url()
    assert url.startswith("http://127.0.0.1:")
    assert url.endswith("/v1")
    with pytest.raises(openai.APIConnectionError) as error:
        make_chat(url, timeout=2).invoke("hi")
    assert not isinstance(error.value, openai.APITimeoutError)


def test_stop_does_not_hang_during_slow_reply() -> None:
    server = FakeOpenAIServer().start()
    server.slow(30)
    outcome: list[BaseException | str] = []

    def call() -> None:
        try:
            make_chat(server.base_url, timeout=20).invoke("hi")
            outcome.append("answered")
        except BaseException as error:
            outcome.append(error)

    client = threading.Thread(target=call, daemon=True)
    client.start()
    deadline = time.monotonic() + 2
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.requests, "request never arrived"

    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2.0
    client.join(timeout=2)
    assert not client.is_alive()
    assert outcome
    assert isinstance(outcome[0], openai.APIConnectionError)


def test_client_disconnect_mid_stream_does_not_hang_stop() -> None:
    server = FakeOpenAIServer(reply=" ".join(f"w{i}" for i in range(200))).start()
    server.slow(0, between_chunks=0.05)
    body = {**CHAT_BODY, "stream": True}
    with post_json(f"{server.base_url}/chat/completions", body) as response:
        first = response.readline()
        assert first.startswith(b"data: ")
    # Connection closed by us after the first event; give the handler a beat
    # to notice, then the next request and shutdown must both be prompt.
    time.sleep(0.1)
    server.reset()
    assert make_chat(server.base_url).invoke("hi").content == " ".join(f"w{i}" for i in range(200))
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2.0
