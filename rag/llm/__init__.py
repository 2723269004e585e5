"""Language models the answer chain can write with, behind a small registry.

llama.cpp on a local GGUF file (``local``) and any OpenAI-compatible API (``openai``)
are built in; :func:`register` adds or replaces a provider::

    from rag.llm import chat_model, register

    model, where = chat_model(settings, max_tokens=120)
    register("openai", my_factory)  # e.g. a client with another HTTP transport
"""

from rag.llm.registry import (
    ChatModelFactory,
    chat_model,
    describe_llm_failure,
    providers,
    register,
)

__all__ = ["ChatModelFactory", "chat_model", "describe_llm_failure", "providers", "register"]
