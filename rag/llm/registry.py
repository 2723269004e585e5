"""Which code builds the chat model for a generator name: a small registry.

After simonw/llm: a small core and a mapping that providers add themselves to. The
built-ins are ``openai`` (any OpenAI-compatible API, :mod:`rag.llm.openai`) and
``local`` (a GGUF file on llama.cpp, :mod:`rag.llm.local`); a plugin or a test calls
:func:`register` to add a provider or replace one (a test swaps ``openai`` for one
whose HTTP client has an ``httpx.MockTransport``). Every LLM use (answers, quiz
items, question rewriting) builds its model through :func:`chat_model`, so the API
settings and the local model's threads and context are the same everywhere.

The built-ins import their libraries only when called: importing :mod:`rag.llm`
costs neither ``langchain_openai`` nor ``llama_cpp``.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from rag.errors import ConfigError
from rag.settings import Settings

__all__ = [
    "ChatModelFactory",
    "chat_model",
    "describe_llm_failure",
    "providers",
    "register",
]


class ChatModelFactory(Protocol):
    """Builds a LangChain chat model from the settings, and says where it runs."""

    def __call__(
        self, settings: Settings, *, max_tokens: int, seed: int | None = None
    ) -> tuple[Any, str]:
        """The chat model and where it runs (a URL or a model path), for messages."""
        ...


def _openai(settings: Settings, *, max_tokens: int, seed: int | None = None) -> tuple[Any, str]:
    from rag.llm.openai import openai_chat_model

    return openai_chat_model(settings, max_tokens=max_tokens, seed=seed)


def _local(settings: Settings, *, max_tokens: int, seed: int | None = None) -> tuple[Any, str]:
    from rag.llm.local import local_chat_model

    return local_chat_model(settings, max_tokens=max_tokens, seed=seed)


_PROVIDERS: dict[str, ChatModelFactory] = {"openai": _openai, "local": _local}
_LOCK = threading.Lock()


def register(name: str, factory: ChatModelFactory | None) -> ChatModelFactory | None:
    """Make ``factory`` the provider for ``name``; ``None`` removes it.

    Returns the provider it replaced (or ``None``), so a caller can put it back.
    """
    with _LOCK:
        previous = _PROVIDERS.get(name)
        if factory is None:
            _PROVIDERS.pop(name, None)
        else:
            _PROVIDERS[name] = factory
        return previous


def providers() -> list[str]:
    """The names a generator setting can use to get a language model."""
    with _LOCK:
        return sorted(_PROVIDERS)


def chat_model(settings: Settings, *, max_tokens: int, seed: int | None = None) -> tuple[Any, str]:
    """The chat model of the configured generator and where it runs.

    ``auto`` builds the local model: callers try it and fall back to quoting when it
    fails to load (:func:`rag.answer.generate.resolve_generator_setting`).

    Raises:
        ConfigError: The generator uses no language model (``extractive``) or no
            provider has that name.
    """
    name = "local" if settings.generator == "auto" else settings.generator
    with _LOCK:
        factory = _PROVIDERS.get(name)
    if factory is None:
        choices = ", ".join(providers())
        raise ConfigError(
            f"generator '{settings.generator}' uses no language model; "
            f"set RAG_GENERATOR to one of: {choices}"
        )
    return factory(settings, max_tokens=max_tokens, seed=seed)


def describe_llm_failure(err: BaseException, where: str) -> str:
    """One line saying what went wrong with the model and what to check.

    Every client library raises its own exception family; the names and the HTTP
    status they carry are what they share.
    """
    kind = type(err).__name__
    text = str(err).splitlines()[0][:200] if str(err) else ""
    if "Timeout" in kind:
        return f"the language model at {where} did not answer in time ({kind})"
    if "Connection" in kind:
        return f"cannot connect to the language model at {where}; is the server running?"
    status = getattr(err, "status_code", None)
    if status is not None:
        hint = " (check RAG_OPENAI_API_KEY)" if status in (401, 403) else ""
        return f"the language model at {where} answered HTTP {status}{hint}: {text}"
    return f"the language model at {where} failed ({kind}: {text})"
