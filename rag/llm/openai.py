"""The ``openai`` provider: ChatOpenAI for any OpenAI-compatible API.

OpenAI itself, vLLM, Ollama, llama.cpp's server: they share the chat completions
protocol, so one client serves them all; only the token-limit field differs (below).
"""

from __future__ import annotations

import httpx
from langchain_openai import ChatOpenAI

from rag.settings import Settings

__all__ = ["openai_chat_model"]


def openai_chat_model(
    settings: Settings,
    *,
    max_tokens: int,
    seed: int | None = None,
    http_client: httpx.Client | None = None,
) -> tuple[ChatOpenAI, str]:
    """A streaming ChatOpenAI for the configured API, and its base URL.

    ``http_client`` replaces the client's own: tests pass one with an
    ``httpx.MockTransport`` to script replies and faults in-process (see
    :func:`rag.llm.register`).
    """
    chat = ChatOpenAI(
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key.get_secret_value() or "not-needed",
        model=settings.openai_model,
        timeout=settings.openai_timeout,
        max_retries=1,
        temperature=0.0,
        seed=seed,
        max_completion_tokens=max_tokens,
        # OpenAI renamed the limit; llama.cpp's server (tested) and other
        # OpenAI-compatible servers read only the old name and ignore the new one.
        extra_body=None if "api.openai.com" in settings.openai_base_url else {
            "max_tokens": max_tokens},
        streaming=True,
        http_client=http_client,
    )  # fmt: skip
    return chat, settings.openai_base_url
