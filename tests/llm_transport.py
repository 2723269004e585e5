"""A scripted OpenAI-compatible model, in-process, through ``httpx.MockTransport``.

For tests that need a model to say something exact (a rewrite, quiz JSON, an answer
that obeys planted text): no real model can be made to, and the tiny SmolLM2 the
real-server tests use writes nonsense. The real client code still runs (ChatOpenAI,
the openai SDK, SSE parsing); only the bytes on the wire are scripted. What a real
server sends is checked against ``llama_cpp.server`` in tests/llm/test_openai_server.py.
Subprocess tests cannot see this transport: they use that real server.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import httpx
from pydantic import SecretStr

from rag.assistant import Assistant
from rag.llm import register
from rag.llm.openai import openai_chat_model

Reply = str | Callable[[dict[str, Any]], str]
Fault = Literal["garbage", "hang", "refuse"] | int
BASE_URL = "http://127.0.0.1:9/v1"
"""Any URL works (nothing connects); this one names no outside host."""


@dataclass(frozen=True)
class ChatRequest:
    """One chat completions request as the client sent it."""

    url: str
    api_key: str
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body["messages"])

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def prompt(self) -> str:
        """Every message's text, one after the other."""
        return "\n".join(str(m.get("content", "")) for m in self.messages)


class ScriptedLLM:
    """Answers every chat request with the scripted reply, or with the scripted fault."""

    def __init__(self, model: str = "test-model", reply: Reply = "OK") -> None:
        self.model = model
        self.base_url = BASE_URL
        self._reply: Reply = reply
        self._fault: Fault | None = None
        self.chat_requests: list[ChatRequest] = []

    def reply(self, reply: Reply) -> None:
        """Answer with this text, or with what it computes from the request body."""
        self._reply, self._fault = reply, None

    def fail(self, fault: Fault) -> None:
        """An HTTP status, a garbage body, a read that times out, or a refused connection."""
        self._fault = fault

    def reset(self) -> None:
        self._reply, self._fault = "OK", None
        self.chat_requests.clear()

    @property
    def last_request(self) -> ChatRequest:
        return self.chat_requests[-1]

    def handle(self, request: httpx.Request) -> httpx.Response:
        """The MockTransport handler: records the request, then answers it."""
        if self._fault == "refuse":
            raise httpx.ConnectError("connection refused", request=request)
        body = json.loads(request.content)
        key = request.headers.get("authorization", "").removeprefix("Bearer ")
        self.chat_requests.append(ChatRequest(str(request.url), key, body))
        if self._fault == "hang":
            raise httpx.ReadTimeout("no answer", request=request)
        if self._fault == "garbage":
            return httpx.Response(200, content=b"data: {not json\n\n<html>",
                                  headers={"content-type": "text/event-stream"})  # fmt: skip
        if isinstance(self._fault, int):
            error = {"error": {"message": f"scripted HTTP {self._fault}", "type": "scripted"}}
            return httpx.Response(self._fault, json=error)
        text = self._reply(body) if callable(self._reply) else self._reply
        if body.get("stream"):
            return httpx.Response(200, content=self._sse(text),
                                  headers={"content-type": "text/event-stream"})  # fmt: skip
        message = {"role": "assistant", "content": text}
        choice = {"index": 0, "message": message, "finish_reason": "stop"}
        return httpx.Response(200, json={**self._head("chat.completion"), "choices": [choice],
                                         "usage": self._usage(body, text)})  # fmt: skip

    def _head(self, kind: str) -> dict[str, Any]:
        return {"id": "chatcmpl-scripted", "object": kind, "created": 0, "model": self.model}

    @staticmethod
    def _usage(body: dict[str, Any], text: str) -> dict[str, int]:
        prompt = sum(len(str(m.get("content", "")).split()) for m in body["messages"])
        return {"prompt_tokens": prompt, "completion_tokens": len(text.split()),
                "total_tokens": prompt + len(text.split())}  # fmt: skip

    def _sse(self, text: str) -> bytes:
        """The reply word by word as server-sent events, as a streaming server sends it."""
        pieces = [w + " " for w in text.split(" ")]
        pieces[-1] = pieces[-1][:-1]
        events = []
        for n, piece in enumerate(pieces):
            delta = {"role": "assistant", "content": piece} if n == 0 else {"content": piece}
            choice = {"index": 0, "delta": delta, "finish_reason": None}
            events.append({**self._head("chat.completion.chunk"), "choices": [choice]})
        end = {"index": 0, "delta": {}, "finish_reason": "stop"}
        events.append({**self._head("chat.completion.chunk"), "choices": [end]})
        lines = [f"data: {json.dumps(event)}\n\n" for event in events] + ["data: [DONE]\n\n"]
        return "".join(lines).encode()

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


@contextmanager
def scripted_llm(model: str = "test-model", reply: Reply = "OK") -> Iterator[ScriptedLLM]:
    """Make the ``openai`` provider talk to a :class:`ScriptedLLM` while the block runs."""
    llm = ScriptedLLM(model, reply)

    def factory(settings: Any, *, max_tokens: int, seed: int | None = None) -> tuple[Any, str]:
        client = httpx.Client(transport=llm.transport())
        return openai_chat_model(settings, max_tokens=max_tokens, seed=seed, http_client=client)

    previous = register("openai", factory)
    try:
        yield llm
    finally:
        register("openai", previous)


def assistant_on(llm: ScriptedLLM, base: Assistant, timeout: float = 5.0) -> Assistant:
    """``base``'s index and embedding model, answering through the scripted model."""
    settings = base.settings.model_copy(
        update={"generator": "openai", "openai_base_url": llm.base_url,
                "openai_model": llm.model, "openai_api_key": SecretStr("sk-test"),
                "openai_timeout": timeout}
    )  # fmt: skip
    return Assistant(settings, embedder=base.embedder, store=base.store)
