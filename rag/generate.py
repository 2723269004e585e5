"""Generators behind one interface: extractive, a local model, an OpenAI-compatible API.

A generator turns a question and numbered passages into answer text with ``[n]``
citations, streamed as pieces. Deciding whether to answer, and checking citations,
happen around it in :mod:`rag.chain`, the same for every generator.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from rag.embeddings import Embedder
from rag.errors import ConfigError, LLMUnavailableError
from rag.extractive import extractive_answer
from rag.prompt import build_messages
from rag.schema import Passage
from rag.settings import Settings

log = logging.getLogger(__name__)


class Generator(Protocol):
    """Writes an answer from passages."""

    name: str

    def stream(self, question: str, passages: Sequence[Passage]) -> Iterator[str]:
        """Pieces of the answer text as they are produced."""
        ...


class ExtractiveGenerator:
    """Quotes the passage sentences that answer the question; needs no LLM."""

    name = "extractive"

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def stream(self, question: str, passages: Sequence[Passage]) -> Iterator[str]:
        """The whole answer at once: selection needs every sentence scored first."""
        yield extractive_answer(question, passages, self.embedder)


class ChatGenerator:
    """Any LangChain chat model: ``ChatOpenAI`` for APIs, ``LocalChatModel`` locally."""

    def __init__(self, name: str, chat_model: Any, where: str) -> None:
        self.name = name
        self.chat_model = chat_model
        self.where = where

    def stream(self, question: str, passages: Sequence[Passage]) -> Iterator[str]:
        """Stream the model's answer; any failure becomes :class:`LLMUnavailableError`."""
        messages = build_messages(question, passages)
        try:
            for chunk in self.chat_model.stream(messages):
                content = chunk.content if isinstance(chunk.content, str) else ""
                if content:
                    yield content
        except LLMUnavailableError:
            raise
        except Exception as err:  # every client library raises its own family
            raise LLMUnavailableError(describe_llm_failure(err, self.where)) from err


def describe_llm_failure(err: BaseException, where: str) -> str:
    """One line saying what went wrong with the model and what to check."""
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


def make_chat_model(
    settings: Settings, *, max_tokens: int, seed: int | None = None
) -> tuple[Any, str]:
    """The configured LangChain chat model and where it runs (URL or model path).

    One builder for every LLM use (answers, quiz items, question rewriting), so the
    API settings and the local model's conversion cache are the same everywhere.
    """
    if settings.generator == "openai":
        from langchain_openai import ChatOpenAI

        chat = ChatOpenAI(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key.get_secret_value() or "not-needed",
            model=settings.openai_model,
            timeout=settings.openai_timeout,
            max_retries=1,
            temperature=0.0,
            seed=seed,
            max_completion_tokens=max_tokens,
            streaming=True,
        )
        return chat, settings.openai_base_url
    if settings.generator == "local":
        from rag.local_llm import LocalChatModel

        return LocalChatModel(model_path=settings.local_model, max_new_tokens=max_tokens), (
            settings.local_model
        )
    raise ConfigError(f"generator '{settings.generator}' uses no language model")


def make_generator(settings: Settings, embedder: Embedder) -> Generator:
    """The generator the settings ask for."""
    if settings.generator == "extractive":
        return ExtractiveGenerator(embedder)
    if settings.generator in ("openai", "local"):
        chat, where = make_chat_model(settings, max_tokens=settings.max_new_tokens)
        model = settings.openai_model if settings.generator == "openai" else settings.local_model
        return ChatGenerator(f"{settings.generator}:{model}", chat, where)
    raise ConfigError(f"unknown generator '{settings.generator}'")
