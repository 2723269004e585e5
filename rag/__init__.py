"""Study assistant: answers questions about a course's material, with citations.

The public API is what this module exports; everything else is internal and may
move. A short session::

    from rag import Assistant, load_settings

    assistant = Assistant(load_settings(data_dir="/tmp/course-index"))
    assistant.ingest()                      # the bundled course, or pass folders
    answer = assistant.ask("What does FID measure?")
    print(answer.answer)  # "Fréchet Inception Distance (FID) – for image realism [1]."
    for citation in answer.citations:
        print(citation.n, citation.passage.source)

Quizzes and coverage reports live in :mod:`rag.study.quiz` and
:mod:`rag.study.coverage`; the ``rag`` command in :mod:`rag.cli`.

Names are imported on first use (PEP 562), so ``import rag`` stays cheap: the
command line's cold start should not pay for Chroma or the embedding model before
a command needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "Assistant": "rag.assistant",
    "CorpusStatus": "rag.assistant",
    "DocumentSummary": "rag.assistant",
    "Settings": "rag.settings",
    "load_settings": "rag.settings",
    "unknown_variables": "rag.settings",
    "Answer": "rag.schema",
    "Citation": "rag.schema",
    "Passage": "rag.schema",
    "ChatSession": "rag.answer.chat",
    "ChatTurn": "rag.answer.chat",
    "Rewrite": "rag.answer.chat",
    "conversation_markdown": "rag.answer.chat",
    "check_question": "rag.answer.questions",
    "passage_html": "rag.text.render",
    "passage_label": "rag.text.render",
    "source_label": "rag.text.render",
    "ALLOWED_SUFFIXES": "rag.uploads",
    "UploadResult": "rag.uploads",
    "add_uploads": "rag.uploads",
    "reingest_paths": "rag.uploads",
    "RagError": "rag.errors",
    "ConfigError": "rag.errors",
    "QuestionError": "rag.errors",
    "EmptyIndexError": "rag.errors",
    "FileRejectedError": "rag.errors",
    "ModelLoadError": "rag.errors",
    "LLMUnavailableError": "rag.errors",
}

__all__ = [
    "ALLOWED_SUFFIXES",
    "Answer",
    "Assistant",
    "ChatSession",
    "ChatTurn",
    "Citation",
    "ConfigError",
    "CorpusStatus",
    "DocumentSummary",
    "EmptyIndexError",
    "FileRejectedError",
    "LLMUnavailableError",
    "ModelLoadError",
    "Passage",
    "QuestionError",
    "RagError",
    "Rewrite",
    "Settings",
    "UploadResult",
    "add_uploads",
    "check_question",
    "conversation_markdown",
    "load_settings",
    "passage_html",
    "passage_label",
    "reingest_paths",
    "source_label",
    "unknown_variables",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rag' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # the next lookup skips this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from rag.answer.chat import ChatSession, ChatTurn, Rewrite, conversation_markdown
    from rag.answer.questions import check_question
    from rag.assistant import Assistant, CorpusStatus, DocumentSummary
    from rag.errors import (
        ConfigError,
        EmptyIndexError,
        FileRejectedError,
        LLMUnavailableError,
        ModelLoadError,
        QuestionError,
        RagError,
    )
    from rag.schema import Answer, Citation, Passage
    from rag.settings import Settings, load_settings, unknown_variables
    from rag.text.render import passage_html, passage_label, source_label
    from rag.uploads import ALLOWED_SUFFIXES, UploadResult, add_uploads, reingest_paths
