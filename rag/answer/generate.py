"""Generators behind one interface: extractive, a local model, an OpenAI-compatible API.

The language models themselves come from the registry in :mod:`rag.llm`; this module
decides which generator the settings ask for and streams through it.

A generator turns a question and numbered passages into answer text with ``[n]``
citations, streamed as pieces. Deciding whether to answer, and checking citations,
happen around it in :mod:`rag.answer.chain`, the same for every generator.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from rag.answer.evidence import ScoredUnit
from rag.answer.extractive import answering_evidence, extractive_answer
from rag.answer.prompt import build_evidence_messages, build_messages
from rag.errors import ConfigError, LLMUnavailableError, LocalModelError
from rag.llm import chat_model as make_chat_model
from rag.llm import describe_llm_failure
from rag.retrieval.embeddings import Embedder
from rag.schema import Passage
from rag.settings import Settings

Passages = Sequence[Passage]
Units = Sequence[ScoredUnit] | None
"""The evidence the chain selected from the passages, best first, when it has it."""

log = logging.getLogger(__name__)

LOCAL_ANSWER_TOKENS = 120
"""Longest answer the local model writes. Two sentences take 30-80 tokens; at about
9 tokens/s on 2 cores a 1.5B model that keeps going past them spends seconds writing
sentences the support check then marks as unsupported."""


class Generator(Protocol):
    """Writes an answer from passages."""

    name: str
    note: str
    """Why this generator and not the configured one (``auto`` fell back), or empty."""

    def stream(self, question: str, passages: Passages, evidence: Units = None) -> Iterator[str]:
        """Pieces of the answer text as they are produced.

        ``evidence`` is what :func:`rag.answer.extractive.find_evidence` selected from the
        passages for this question (best first), when the chain has it.
        """
        ...


class ExtractiveGenerator:
    """Quotes the passage sentences that answer the question; needs no LLM."""

    name = "extractive"

    def __init__(self, embedder: Embedder, note: str = "") -> None:
        self.embedder = embedder
        self.note = note

    def stream(self, question: str, passages: Passages, evidence: Units = None) -> Iterator[str]:
        """The whole answer at once: selection needs every unit scored first."""
        yield extractive_answer(question, passages, self.embedder, evidence)


class ChatGenerator:
    """Any LangChain chat model: ``ChatOpenAI`` for APIs, ``LocalChatModel`` locally."""

    def __init__(self, name: str, chat_model: Any, where: str) -> None:
        self.name = name
        self.chat_model = chat_model
        self.where = where
        self.note = ""

    def stream(self, question: str, passages: Passages, evidence: Units = None) -> Iterator[str]:
        """Stream the model's answer; any failure becomes :class:`LLMUnavailableError`."""
        # From the evidence that answers, when the chain has it: a 1.5B model given five
        # whole passages refused answers that were in passage 1 and cited nothing, and
        # given the eight best units it often rewrote the wrong one. It gets the units the
        # extractive answer would quote, and rewrites them.
        messages = (
            build_evidence_messages(
                question, passages, answering_evidence(question, passages, evidence)
            )
            if evidence
            else build_messages(question, passages)
        )
        try:
            for chunk in self.chat_model.stream(messages):
                content = chunk.content if isinstance(chunk.content, str) else ""
                if content:
                    yield content
        except LLMUnavailableError:
            raise
        except Exception as err:  # every client library raises its own family
            raise LLMUnavailableError(describe_llm_failure(err, self.where)) from err


QUOTED = "answers are quoted, not written: "
"""How the note of an ``auto`` generator that fell back to quoting begins."""


def resolve_generator_setting(settings: Settings) -> tuple[Settings, str]:
    """``auto`` made concrete: ``local`` when the engine and model load, else ``extractive``.

    Returns the settings to use and, on a fallback, one line saying why (shown under
    the answer in the CLI and in the app's sidebar). Loading here, not on the first
    question, is what lets ``auto`` know: a missing wheel, a model that is not
    installed and a GGUF that llama.cpp refuses all fail now, once.
    """
    if settings.generator != "auto":
        return settings, ""
    local = settings.model_copy(update={"generator": "local"})
    try:
        chat_model, _ = make_chat_model(local, max_tokens=settings.max_new_tokens)
        chat_model.load()
    except LocalModelError as err:
        reason = str(err).splitlines()[0]
        log.info("auto generator: local LLM unavailable: %s", reason)
        extractive = settings.model_copy(update={"generator": "extractive"})
        return extractive, QUOTED + reason
    return local, ""


def make_generator(settings: Settings, embedder: Embedder) -> Generator:
    """The generator the settings ask for (``auto`` resolved by loading the local model)."""
    settings, note = resolve_generator_setting(settings)
    if settings.generator == "extractive":
        return ExtractiveGenerator(embedder, note)
    if settings.generator in ("openai", "local"):
        limit = settings.max_new_tokens
        if settings.generator == "local":
            limit = min(limit, LOCAL_ANSWER_TOKENS)
        chat, where = make_chat_model(settings, max_tokens=limit)
        model = settings.openai_model if settings.generator == "openai" else settings.local_model
        return ChatGenerator(f"{settings.generator}:{model}", chat, where)
    raise ConfigError(f"unknown generator '{settings.generator}'")
