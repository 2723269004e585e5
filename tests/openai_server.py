"""A real, scriptable OpenAI-compatible HTTP server for tests.

Why this exists: the study assistant's generator talks to any
OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp, Ollama, ...).  Mocking
the HTTP client would only prove that we call our own mock correctly; it
would not catch wrong base URLs, missing ``/v1`` prefixes, bad headers, SSE
parsing problems, timeouts or retry behaviour.  So the tests run the real
``openai`` / ``langchain_openai`` clients against this server on 127.0.0.1.

It is standard library only (``http.server.ThreadingHTTPServer`` in a
background daemon thread, bound to port 0 so parallel test runs never clash)
and speaks just enough of the chat completions API:

* ``POST /v1/chat/completions`` -- non-streaming JSON or, with
  ``"stream": true``, Server-Sent Events split word by word and terminated by
  ``data: [DONE]``; ``stream_options.include_usage`` adds a usage chunk.
* ``GET /v1/models`` -- lists the configured model.

Behaviour is scripted per test through methods on :class:`FakeOpenAIServer`
(``reply``, ``fail``, ``slow``, ``garbage``, ``expect_api_key``, ``reset``)
and every request is recorded in :attr:`FakeOpenAIServer.requests`.

Typical use::

    with FakeOpenAIServer() as server:
        server.reply("Photosynthesis happens in chloroplasts [1].")
        llm = ChatOpenAI(base_url=server.base_url, api_key="test",
                         model="test-model", max_retries=0)
        assert "chloroplasts" in llm.invoke("Where?").content
        assert server.last_request.headers["authorization"] == "Bearer test"
"""

from __future__ import annotations

import contextlib
import json
import re
import select
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = [
    "FakeOpenAIServer",
    "RecordedRequest",
    "ReplyFunc",
    "split_into_chunks",
    "unused_port_url",
]

#: A reply is either fixed text or computed from the parsed request body, so a
#: test can answer depending on the prompt (e.g. echo the retrieved passages).
ReplyFunc = Callable[[dict[str, Any]], str]

#: How often blocking waits (``slow``, chunk delays) wake up to check whether
#: the server is stopping or the client went away.  Small enough that
#: ``stop()`` returns promptly, large enough not to burn CPU.
_POLL_INTERVAL_S = 0.02


def unused_port_url() -> str:
    """Return an ``http://127.0.0.1:PORT/v1`` URL that nothing listens on.

    Why: a "model server is down" test needs a connection-refused error, not
    a timeout.  We let the OS pick a free port, then release it without ever
    calling ``listen()``.  In theory another process could grab the port in
    between; in practice ephemeral ports are not reused that quickly.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def split_into_chunks(text: str) -> list[str]:
    """Split ``text`` into word-sized pieces whose concatenation is ``text``.

    Why: streaming clients must re-assemble many small deltas; splitting word
    by word (leading whitespace kept with the word) exercises that while
    guaranteeing ``"".join(chunks) == text`` so tests can compare exactly.
    """
    return re.findall(r"\s*\S+|\s+$", text)


def _count_tokens(text: str) -> int:
    """Cheap whitespace "token" count: usage only needs plausible integers."""
    return len(text.split())


def _message_text(content: Any) -> str:
    """Flatten a message ``content`` (string or list of parts) to text.

    Why: LangChain may send content as a list of ``{"type": "text", ...}``
    parts; tests asserting on the prompt should not care which form was used.
    """
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts: list[str] = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, Mapping) and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "".join(parts)
    return ""


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it, for assertions in tests.

    ``headers`` keys are lower-cased because HTTP header names are
    case-insensitive and clients differ in how they spell them.  ``json`` is
    the parsed body (``None`` for GET requests or an unparsable body) and
    ``body`` the raw bytes, so even malformed requests can be inspected.
    """

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat ``messages`` list, or ``[]`` if this was not a chat call."""
        if isinstance(self.json, dict) and isinstance(self.json.get("messages"), list):
            return list(self.json["messages"])
        return []

    @property
    def prompt(self) -> str:
        """All message contents joined by newlines: easy ``in`` assertions."""
        return "\n".join(_message_text(m.get("content")) for m in self.messages)

    @property
    def stream(self) -> bool:
        """Whether the client asked for a streamed (SSE) response."""
        return isinstance(self.json, dict) and bool(self.json.get("stream"))

    @property
    def api_key(self) -> str | None:
        """The bearer token from ``Authorization``, or ``None`` if absent."""
        auth = self.headers.get("authorization", "")
        prefix = "bearer "
        if auth.lower().startswith(prefix):
            return auth[len(prefix) :]
        return None


@dataclass
class _Rule:
    """A scripted behaviour that applies to the next ``remaining`` requests.

    ``remaining is None`` means "until reset".  Rules of the same kind are
    consumed in FIFO order, so ``fail(500, times=1); fail(429, times=1)``
    yields a 500, then a 429, then normal replies.
    """

    kind: str
    remaining: int | None
    params: dict[str, Any] = field(default_factory=dict)


class _Stopped(Exception):
    """Raised inside a handler to abandon a response (server stop/hang-up)."""


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its owner and its open connections.

    Why track connections: handler threads blocked in ``recv``/``send`` would
    otherwise outlive ``stop()``.  Shutting their sockets down unblocks them
    immediately, so shutdown never hangs even if a client disappeared.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: FakeOpenAIServer) -> None:
        self.owner = owner
        self._connections: set[socket.socket] = set()
        self._conn_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Remember the connection so ``close_connections`` can cut it."""
        with self._conn_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Forget the connection once its handler is done with it."""
        with self._conn_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Forcefully shut down every still-open client connection."""
        with self._conn_lock:
            connections = list(self._connections)
            self._connections.clear()
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Record instead of printing: a server bug should fail the test.

        Expected hang-ups never get here (the handler suppresses them); what
        does is kept in ``FakeOpenAIServer.errors`` for tests to assert on.
        """
        error = sys.exc_info()[1]
        if error is not None:
            self.owner._record_error(error)


class _Handler(BaseHTTPRequestHandler):
    """Per-connection request handler; all policy lives in the owner server."""

    server: _Server
    protocol_version = "HTTP/1.1"
    #: Bound idle reads so a half-open client cannot pin a thread forever.
    timeout = 30

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging; it would only clutter pytest output."""

    def do_GET(self) -> None:
        """Dispatch GET requests to the owning server."""
        self._dispatch()

    def do_POST(self) -> None:
        """Dispatch POST requests to the owning server."""
        self._dispatch()

    def _dispatch(self) -> None:
        # One request per connection keeps shutdown simple: no idle
        # keep-alive threads waiting for a next request that never comes.
        self.close_connection = True
        # _Stopped: we abandoned the reply (server stopping, client gone).
        # OSError covers BrokenPipe/ConnectionReset/timeouts when the client
        # hangs up mid-write and sockets cut by stop(); both are expected in
        # timeout/disconnect tests and must not be reported.
        with contextlib.suppress(_Stopped, OSError):
            self.server.owner._handle(self)

    # -- small response helpers used by FakeOpenAIServer._handle ----------

    def read_body(self) -> bytes:
        """Read exactly ``Content-Length`` bytes of request body."""
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_bytes(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        extra_headers: Mapping[str, str] | None = None,
    ) -> None:
        """Send a complete, Content-Length delimited response."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def send_json(self, status: int, payload: Any) -> None:
        """Serialise ``payload`` and send it as ``application/json``."""
        self.send_bytes(status, json.dumps(payload).encode("utf-8"))

    def start_sse(self) -> None:
        """Send SSE headers; the body is delimited by closing the connection."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()

    def send_sse(self, data: str) -> None:
        """Write one ``data:`` event and flush so the client sees it now."""
        self.wfile.write(f"data: {data}\n\n".encode())
        self.wfile.flush()

    def client_gone(self) -> bool:
        """True if the client closed its end (readable socket with EOF)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            peeked: bytes = self.connection.recv(1, socket.MSG_PEEK)
            return peeked == b""
        except (OSError, ValueError):
            return True


class FakeOpenAIServer:
    """Scriptable OpenAI-compatible server running on ``127.0.0.1:<random>``.

    Use as a context manager or call :meth:`start` / :meth:`stop`.  Scripting
    methods return ``self`` so they can be chained.  All state is guarded by a
    lock because handler threads read it concurrently with the test thread.
    """

    def __init__(self, model: str = "test-model", reply: str | ReplyFunc = "OK") -> None:
        """Create (but do not start) a server answering as ``model``."""
        self.model = model
        self._default_reply: str | ReplyFunc = reply
        self._reply: str | ReplyFunc = reply
        self._finish_reason = "stop"
        self._rules: list[_Rule] = []
        self._expected_api_key: str | None = None
        self._requests: list[RecordedRequest] = []
        self._errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        """Bind to an OS-chosen port and serve in a background daemon thread."""
        if self._httpd is not None:
            return self
        self._stop_event.clear()
        self._httpd = _Server(self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-openai-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut open connections and release the port.

        Setting the stop event first makes slow/streaming handlers bail out;
        shutting sockets down unblocks any handler stuck in I/O.  Handler
        threads are daemons, so nothing here can hang the test run.
        """
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stop_event.set()
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        """Start the server for the duration of a ``with`` block."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server, whatever happened in the block."""
        self.stop()

    @property
    def running(self) -> bool:
        """Whether :meth:`start` has been called and :meth:`stop` has not."""
        return self._httpd is not None

    @property
    def port(self) -> int:
        """The TCP port the server is bound to (only valid while running)."""
        if self._httpd is None:
            raise RuntimeError("server is not running")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Root URL without the API prefix, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """OpenAI-style base URL, e.g. ``http://127.0.0.1:PORT/v1``."""
        return f"{self.url}/v1"

    # -- scripting --------------------------------------------------------

    def reply(self, text: str | ReplyFunc, *, finish_reason: str = "stop") -> FakeOpenAIServer:
        """Set the assistant reply: fixed text or ``f(request_json) -> str``."""
        with self._lock:
            self._reply = text
            self._finish_reason = finish_reason
        return self

    def fail(
        self,
        status: int = 500,
        body: str | None = None,
        *,
        times: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FakeOpenAIServer:
        """Answer the next ``times`` requests (``None``: all) with an HTTP error.

        ``body`` defaults to an OpenAI-style ``{"error": {...}}`` JSON object so
        the client raises its typed error (``AuthenticationError`` for 401,
        ``RateLimitError`` for 429, ``InternalServerError`` for 5xx).  A body
        that is not JSON is sent as ``text/plain``.  ``headers`` lets a test
        add e.g. ``Retry-After``.
        """
        self._add_rule("fail", times, status=status, body=body, headers=dict(headers or {}))
        return self

    def slow(
        self, seconds: float, *, times: int | None = None, between_chunks: float = 0.0
    ) -> FakeOpenAIServer:
        """Delay the next ``times`` requests (``None``: all) by ``seconds``.

        The delay happens before any byte is sent, so a client read timeout
        shorter than ``seconds`` fires.  ``between_chunks`` additionally
        pauses between SSE events, to test timeouts in the middle of a
        stream.  Waits wake up every few milliseconds and give up as soon as
        the server stops or the client disconnects.
        """
        self._add_rule("slow", times, seconds=seconds, between_chunks=between_chunks)
        return self

    def garbage(
        self, *, times: int | None = None, body: str = "<html>this is not JSON</html>"
    ) -> FakeOpenAIServer:
        """Answer ``200 OK`` with an unparsable body.

        Non-streaming requests get ``body`` labelled ``application/json``;
        streaming requests get an SSE stream whose ``data:`` payload is
        broken JSON (and no ``[DONE]``), like a misbehaving proxy would send.
        """
        self._add_rule("garbage", times, body=body)
        return self

    def expect_api_key(self, key: str | None) -> FakeOpenAIServer:
        """Reject requests whose bearer token differs from ``key`` with 401.

        ``None`` disables the check (the default).
        """
        with self._lock:
            self._expected_api_key = key
        return self

    def reset(self) -> FakeOpenAIServer:
        """Forget recorded requests and all scripting (reply back to default)."""
        with self._lock:
            self._reply = self._default_reply
            self._finish_reason = "stop"
            self._rules.clear()
            self._expected_api_key = None
            self._requests.clear()
            self._errors.clear()
        return self

    # -- inspection -------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Snapshot of every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """Only the ``/chat/completions`` requests (skips ``/models`` etc.)."""
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def errors(self) -> list[BaseException]:
        """Exceptions raised inside the server, e.g. by a ``reply`` callable.

        Why: such an exception would otherwise only show up on the client as
        a confusing 500 or dropped connection; tests can assert ``not
        server.errors`` or re-raise ``server.errors[0]`` to see the cause.
        """
        with self._lock:
            return list(self._errors)

    @property
    def last_request(self) -> RecordedRequest:
        """The most recent request; raises ``LookupError`` if there is none."""
        with self._lock:
            if not self._requests:
                raise LookupError("no request received yet")
            return self._requests[-1]

    # -- internals --------------------------------------------------------

    def _record_error(self, error: BaseException) -> None:
        with self._lock:
            self._errors.append(error)

    def _add_rule(self, kind: str, times: int | None, **params: Any) -> None:
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 or None")
        with self._lock:
            self._rules.append(_Rule(kind=kind, remaining=times, params=params))

    def _take_rule(self, kind: str) -> dict[str, Any] | None:
        """Consume one use of the first active rule of ``kind``, if any."""
        with self._lock:
            for rule in self._rules:
                if rule.kind != kind:
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        self._rules.remove(rule)
                return dict(rule.params)
        return None

    def _wait(self, handler: _Handler, seconds: float) -> None:
        """Sleep ``seconds`` in small steps; raise ``_Stopped`` to abandon."""
        deadline = time.monotonic() + seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            if self._stop_event.wait(min(_POLL_INTERVAL_S, remaining)):
                raise _Stopped
            if handler.client_gone():
                raise _Stopped

    @staticmethod
    def _error_payload(status: int, message: str) -> dict[str, Any]:
        """OpenAI's error envelope, so clients map it to typed exceptions."""
        kinds = {
            400: ("invalid_request_error", None),
            401: ("invalid_request_error", "invalid_api_key"),
            404: ("invalid_request_error", "not_found"),
            429: ("rate_limit_error", "rate_limit_exceeded"),
        }
        err_type, code = kinds.get(status, ("server_error", None))
        return {"error": {"message": message, "type": err_type, "param": None, "code": code}}

    def _handle(self, handler: _Handler) -> None:
        """Record the request, apply scripted rules, then route it."""
        raw = handler.read_body() if handler.command == "POST" else b""
        try:
            parsed: Any = json.loads(raw) if raw else None
        except (ValueError, UnicodeDecodeError):
            parsed = None
        path = handler.path.split("?", 1)[0]
        record = RecordedRequest(
            method=handler.command,
            path=path,
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=raw,
            json=parsed,
        )
        with self._lock:
            self._requests.append(record)
            expected_key = self._expected_api_key

        between_chunks = 0.0
        slow = self._take_rule("slow")
        if slow is not None:
            between_chunks = float(slow["between_chunks"])
            self._wait(handler, float(slow["seconds"]))

        failure = self._take_rule("fail")
        if failure is not None:
            self._send_failure(handler, failure)
            return

        if expected_key is not None and record.api_key != expected_key:
            handler.send_json(401, self._error_payload(401, "Incorrect API key provided."))
            return

        garbage = self._take_rule("garbage")
        if garbage is not None:
            if record.stream:
                handler.start_sse()
                handler.send_sse('{"id": "broken", "choices": [{"delta": {"content": "tr')
            else:
                handler.send_bytes(200, garbage["body"].encode())
            return

        route = path.removeprefix("/v1")
        if handler.command == "GET" and route == "/models":
            handler.send_json(200, self._models_payload())
        elif handler.command == "POST" and route == "/chat/completions":
            self._chat_completion(handler, record, between_chunks)
        else:
            message = f"Unknown route {handler.command} {path}"
            handler.send_json(404, self._error_payload(404, message))

    def _send_failure(self, handler: _Handler, failure: Mapping[str, Any]) -> None:
        status = int(failure["status"])
        body = failure["body"]
        headers: dict[str, str] = dict(failure["headers"])
        if body is None:
            phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
            payload = self._error_payload(status, f"Simulated error {status} {phrase}".strip())
            handler.send_bytes(status, json.dumps(payload).encode(), extra_headers=headers)
            return
        try:
            json.loads(body)
            content_type = "application/json"
        except ValueError:
            content_type = "text/plain; charset=utf-8"
        handler.send_bytes(status, body.encode(), content_type, extra_headers=headers)

    def _models_payload(self) -> dict[str, Any]:
        return {
            "object": "list",
            "data": [
                {"id": self.model, "object": "model", "created": 0, "owned_by": "fake-openai"}
            ],
        }

    def _chat_completion(
        self, handler: _Handler, record: RecordedRequest, between_chunks: float
    ) -> None:
        body = record.json
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            message = "Request body must be a JSON object with a 'messages' list."
            handler.send_json(400, self._error_payload(400, message))
            return
        with self._lock:
            reply, finish_reason = self._reply, self._finish_reason
        try:
            text = reply(body) if callable(reply) else reply
            if not isinstance(text, str):
                raise TypeError(f"reply callable returned {type(text).__name__}, not str")
        except Exception as error:
            self._record_error(error)
            message = f"reply callable raised {type(error).__name__}: {error}"
            handler.send_json(500, self._error_payload(500, message))
            return
        model = str(body.get("model") or self.model)
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        created = int(time.time())
        usage = {
            "prompt_tokens": _count_tokens(record.prompt),
            "completion_tokens": _count_tokens(text),
            "total_tokens": _count_tokens(record.prompt) + _count_tokens(text),
        }
        if not record.stream:
            handler.send_json(
                200,
                {
                    "id": completion_id,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "system_fingerprint": None,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text, "refusal": None},
                            "logprobs": None,
                            "finish_reason": finish_reason,
                        }
                    ],
                    "usage": usage,
                },
            )
            return

        options = body.get("stream_options")
        include_usage = isinstance(options, dict) and bool(options.get("include_usage"))
        handler.start_sse()
        for chunk in self._stream_chunks(
            completion_id, created, model, text, finish_reason, usage, include_usage
        ):
            if self._stop_event.is_set():
                raise _Stopped
            handler.send_sse(json.dumps(chunk))
            if between_chunks > 0:
                self._wait(handler, between_chunks)
        handler.send_sse("[DONE]")

    @staticmethod
    def _stream_chunks(
        completion_id: str,
        created: int,
        model: str,
        text: str,
        finish_reason: str,
        usage: dict[str, int],
        include_usage: bool,
    ) -> Iterator[dict[str, Any]]:
        """Yield ``chat.completion.chunk`` objects in OpenAI's order.

        Role first, then one delta per word, then the finish reason, then
        (only if requested) a usage-only chunk with empty ``choices``.
        """

        def chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
            result: dict[str, Any] = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": None,
                "choices": [
                    {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                ],
            }
            if include_usage:
                result["usage"] = None
            return result

        yield chunk({"role": "assistant", "content": ""}, None)
        for piece in split_into_chunks(text):
            yield chunk({"content": piece}, None)
        yield chunk({}, finish_reason)
        if include_usage:
            yield {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": None,
                "choices": [],
                "usage": usage,
            }
