"""LangChain chat model on llama.cpp: runs a GGUF model in this process.

The only module of the project that imports the local LLM engine
(``llama-cpp-python``). The rest of the project sees a LangChain
``BaseChatModel`` and never depends on llama.cpp details (threads, AMX, chat
templates, KV cache).

Why llama.cpp: GGUF files are made for it. transformers could only dequantize the
1.5B Qwen GGUF into a 3.5 GB bf16 copy and ran it at 0.2-1 token/s on two cores;
llama.cpp runs the 4-bit file as it is at about 9 tokens/s in 1.3 GB of RAM.

Which GGUF file a configured model stands for is :mod:`rag.llm.model_files`' job;
:func:`local_chat_model` is the ``local`` provider of the registry in :mod:`rag.llm`.

Three facts about the machines this runs on shape the loading code:

* OpenMP spin-waits by default; with two threads on two shared cores generation
  fell to 0.4-0.8 token/s whenever another process ran, so the wait policy is set
  to passive before the engine's library loads.
* Some VMs report AMX but the hypervisor refuses it: a native build then dies with
  SIGILL on the first prompt. When the build says it uses AMX, the model is loaded
  without llama.cpp's extra buffer types (where the AMX kernels live).
* Each model is loaded once per process and shared; llama.cpp keeps the evaluated
  tokens of the last prompt, so a question with the same system prompt only
  evaluates what differs (the fixed rules are not re-read each time).
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
)
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

from rag.errors import LocalModelError
from rag.llm.model_files import (
    QWEN_CODER_1_5B,
    QWEN_PARTS_PIP_COMMAND,
    SMOLLM2_135M,
    SMOLLM2_PIP_COMMAND,
    ModelSource,
    default_cache_dir,
    resolve_model_source,
)
from rag.settings import Settings

logger = logging.getLogger(__name__)

__all__ = [
    "ENGINE_PIP_COMMAND",
    "QWEN_CODER_1_5B",
    "QWEN_PARTS_PIP_COMMAND",
    "SMOLLM2_135M",
    "SMOLLM2_PIP_COMMAND",
    "LocalChatModel",
    "LocalModelError",
    "ModelSource",
    "amx_in_build",
    "clear_model_cache",
    "default_cache_dir",
    "get_loaded_model",
    "local_chat_model",
    "messages_to_chat",
    "resolve_model_source",
]

ENGINE_PIP_COMMAND = "make install-local"
"""What installs the engine (it builds llama-cpp-python from source, ~7 min on 2 cores)."""


# --------------------------------------------------------------------------- #
# The engine
# --------------------------------------------------------------------------- #


def _import_engine() -> Any:
    """Import llama_cpp, with OpenMP's passive wait policy set before its library loads.

    Raises:
        LocalModelError: If llama-cpp-python is not installed or its library cannot load.

    """
    # OpenMP reads the policy once, when the library loads; spinning threads starve
    # everything else on a 2-core machine (and starve themselves when others run).
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    try:
        return importlib.import_module("llama_cpp")
    except ImportError as error:
        raise LocalModelError(
            f"the local engine llama-cpp-python is not installed ({ENGINE_PIP_COMMAND} builds "
            "it, about 7 minutes on 2 cores)"
        ) from error
    except (OSError, RuntimeError) as error:  # the shared library itself failed to load
        raise LocalModelError(
            f"the local engine llama-cpp-python cannot load its library ({error}); "
            f"reinstall it with {ENGINE_PIP_COMMAND}"
        ) from error


def amx_in_build(system_info: str) -> bool:
    """Whether llama.cpp's system info line says the build uses AMX kernels.

    The line looks like ``CPU : SSE3 = 1 | AVX2 = 1 | AMX_INT8 = 1 | ...``.
    """
    for part in system_info.split("|"):
        name, _, value = part.partition("=")
        if "AMX" in name and value.strip() == "1":
            return True
    return False


def use_extra_buffers(system_info: str, gpu_offload: bool) -> bool:
    """Whether llama.cpp may repack weights into its "extra" CPU buffer types.

    Never where the build has AMX kernels: some VMs report AMX, refuse it, and the first
    prompt dies with SIGILL. Not on a CPU-only run either: on this 2-core AVX-512 VM the
    repacked Q4_K weights made the first token of a 400-token prompt slower (3.1-3.7 s
    against 1.8-2.3 s, 8 runs, load 2.8-3.5) and the process 600 MB larger (the repacked
    copy sits beside the mapped file: 1.9 GB against 1.3 GB for the model alone).
    """
    return gpu_offload and not amx_in_build(system_info)


@dataclass
class _LoadedModel:
    """One llama.cpp model and context, shared by every chat model using the same file.

    A llama.cpp context is not thread-safe, so ``lock`` is held for a whole
    generation; a second student waits instead of corrupting the first one's answer.
    """

    llm: Any
    lock: threading.Lock
    threads: int
    load_seconds: float


_MODELS: dict[tuple[str, int, int], _LoadedModel] = {}
_SOURCES: dict[tuple[str, str], ModelSource] = {}
_LOAD_LOCK = threading.Lock()


def get_loaded_model(
    spec: str, cache_dir: Path | None = None, *, threads: int | None = None, context: int = 4096
) -> tuple[ModelSource, _LoadedModel]:
    """Resolve ``spec`` and load it once per process.

    Args:
        spec: Model spec as configured.
        cache_dir: Cache directory; ``default_cache_dir()`` when None.
        threads: CPU threads; None: every core this process may use.
        context: Context window in tokens (prompt plus answer).

    Returns:
        The resolved source and the loaded model.

    Raises:
        LocalModelError: If the engine is missing or the model cannot be resolved or loaded.

    """
    cache = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    with _LOAD_LOCK:
        engine = _import_engine()
        source_key = (spec, str(cache))
        source = _SOURCES.get(source_key)
        if source is None:
            source = resolve_model_source(spec, cache)
            _SOURCES[source_key] = source
        n_threads = threads or len(os.sched_getaffinity(0))
        key = (str(source.path), n_threads, context)
        loaded = _MODELS.get(key)
        if loaded is None:
            loaded = _load(engine, source, n_threads, context)
            _MODELS[key] = loaded
        return source, loaded


def clear_model_cache() -> None:
    """Drop every loaded model so its memory can be reclaimed (tests, model switches)."""
    with _LOAD_LOCK:
        for loaded in _MODELS.values():
            with loaded.lock:
                loaded.llm.close()
        _MODELS.clear()
        _SOURCES.clear()


def _load(engine: Any, source: ModelSource, threads: int, context: int) -> _LoadedModel:
    """Load a GGUF file into llama.cpp on the CPU (all layers on the GPU of a CUDA build)."""
    system_info = engine.llama_print_system_info().decode("utf-8", "replace")
    low_level = engine.llama_cpp
    default_params = low_level.llama_model_default_params
    gpu_offload = bool(engine.llama_supports_gpu_offload())
    if not use_extra_buffers(system_info, gpu_offload):

        def params_without_extra_buffers() -> Any:
            params = default_params()
            params.use_extra_bufts = False
            return params

        low_level.llama_model_default_params = params_without_extra_buffers
    started = time.perf_counter()
    try:
        llm = engine.Llama(
            model_path=str(source.path),
            n_ctx=context,
            n_threads=threads,
            n_threads_batch=threads,
            n_gpu_layers=-1 if gpu_offload else 0,
            verbose=False,
        )
    except (ValueError, RuntimeError, OSError) as error:
        raise LocalModelError(
            f"llama.cpp could not load '{source.path}' ({error}). Check that it is a complete "
            "GGUF file of a model llama.cpp supports, or set RAG_LOCAL_MODEL to "
            f"'{QWEN_CODER_1_5B}'."
        ) from error
    finally:
        low_level.llama_model_default_params = default_params
    if not llm.metadata.get("tokenizer.chat_template"):
        llm.close()
        raise LocalModelError(
            f"Local model '{source.spec}' has no chat template, so it is probably not "
            "instruction-tuned. Configure an instruction-tuned (chat) GGUF model."
        )
    seconds = time.perf_counter() - started
    logger.info("Loaded '%s' in %.1f s on %d threads", source.path.name, seconds, threads)
    return _LoadedModel(llm, threading.Lock(), threads, seconds)


# --------------------------------------------------------------------------- #
# Messages
# --------------------------------------------------------------------------- #


def messages_to_chat(messages: Sequence[BaseMessage]) -> list[dict[str, str]]:
    """Convert LangChain messages to the role dicts chat templates expect.

    Args:
        messages: System, human and AI messages (``ChatMessage`` keeps its role).

    Returns:
        ``[{"role": ..., "content": ...}, ...]``.

    Raises:
        LocalModelError: For message types or content blocks a text-only local
            model cannot take (tools, images).

    """
    chat: list[dict[str, str]] = []
    for message in messages:
        if isinstance(message, SystemMessage):
            role = "system"
        elif isinstance(message, HumanMessage):
            role = "user"
        elif isinstance(message, AIMessage):
            role = "assistant"
        elif isinstance(message, ChatMessage):
            role = message.role
        else:
            raise LocalModelError(
                f"The local model cannot take {type(message).__name__} messages; "
                "send only system, human and AI messages."
            )
        chat.append({"role": role, "content": _text_content(message)})
    return chat


def _text_content(message: BaseMessage) -> str:
    """Text of a message; refuses non-text blocks instead of silently dropping them."""
    content = message.content
    if isinstance(content, str):
        return content
    parts: list[str] = []
    for block in content:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
        else:
            kind = block.get("type") if isinstance(block, dict) else type(block).__name__
            raise LocalModelError(
                f"The local model is text-only and cannot take '{kind}' content; "
                "send text messages only."
            )
    return "".join(parts)


# --------------------------------------------------------------------------- #
# The chat model
# --------------------------------------------------------------------------- #


class LocalChatModel(BaseChatModel):
    """Chat model running a GGUF model in-process with llama.cpp.

    The model is loaded lazily on first use (so building a chain costs nothing)
    and shared between instances with the same file, threads and context.
    Generation is greedy at ``temperature=0``, which keeps answers reproducible
    for tests and evaluation.

    Attributes:
        model_path: What the user configured (.gguf file or special name); see
            :func:`resolve_model_source`.
        max_new_tokens: Upper bound on generated tokens per answer.
        temperature: Sampling temperature; 0 means greedy decoding.
        threads: CPU threads; None: every core this process may use.
        context: Context window in tokens.
        cache_dir: Where the joined Qwen GGUF is kept; ``None`` uses
            :func:`default_cache_dir`.

    """

    model_path: str
    max_new_tokens: int = Field(default=256, gt=0)
    temperature: float = Field(default=0.0, ge=0.0)
    threads: int | None = Field(default=None, ge=1)
    context: int = Field(default=4096, ge=256)
    cache_dir: Path | None = None

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_path": self.model_path,
            "max_new_tokens": self.max_new_tokens,
            "temperature": self.temperature,
        }

    def load(self) -> ModelSource:
        """Load the model now instead of on the first question (app start, ``auto``)."""
        source, _ = self._loaded()
        return source

    def _loaded(self) -> tuple[ModelSource, _LoadedModel]:
        return get_loaded_model(
            self.model_path, self.cache_dir, threads=self.threads, context=self.context
        )

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        """Generate one complete answer (no streaming)."""
        text = ""
        last: AIMessageChunk | None = None
        for chunk in self._stream(messages, stop, run_manager, **kwargs):
            text += str(chunk.message.content)
            last = chunk.message  # type: ignore[assignment]
        assert last is not None
        message = AIMessage(
            content=text,
            usage_metadata=last.usage_metadata,
            response_metadata=last.response_metadata,
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        """Yield the answer piece by piece as llama.cpp samples tokens.

        The model's lock is held until the stream ends; a consumer that abandons
        the stream closes llama.cpp's generator, which stops sampling.
        """
        max_new_tokens = int(kwargs.pop("max_new_tokens", self.max_new_tokens))
        temperature = float(kwargs.pop("temperature", self.temperature))
        if kwargs:
            logger.debug("Ignoring unsupported generation arguments: %s", sorted(kwargs))
        if max_new_tokens <= 0 or temperature < 0:
            raise LocalModelError(
                "max_new_tokens must be positive and temperature must not be negative."
            )
        chat = messages_to_chat(messages)
        source, loaded = self._loaded()
        pieces = 0
        finish = "stop"
        started = time.perf_counter()
        first_token: float | None = None
        with loaded.lock:
            try:
                stream = loaded.llm.create_chat_completion(
                    messages=chat,
                    stream=True,
                    temperature=temperature,
                    max_tokens=max_new_tokens,
                    stop=[s for s in (stop or []) if s],
                )
                try:
                    for event in stream:
                        choice = event["choices"][0]
                        text = choice["delta"].get("content") or ""
                        if text:
                            if first_token is None:
                                first_token = time.perf_counter() - started
                            pieces += 1
                            yield self._chunk(text, run_manager)
                        finish = choice.get("finish_reason") or finish
                finally:
                    stream.close()
            except (ValueError, RuntimeError) as error:  # context overflow, decode failure
                raise _as_local_error(error) from error
            in_context = int(loaded.llm.n_tokens)
        final = AIMessageChunk(
            content="",
            usage_metadata=_usage(max(in_context - pieces, 0), pieces),
            response_metadata={
                "model_name": source.spec,
                "model_file": str(source.path),
                "finish_reason": finish,
                "first_token_seconds": round(first_token or 0.0, 3),
                "generation_seconds": round(time.perf_counter() - started, 3),
                "threads": loaded.threads,
            },
            chunk_position="last",
        )
        yield ChatGenerationChunk(message=final)

    def _chunk(
        self, text: str, run_manager: CallbackManagerForLLMRun | None
    ) -> ChatGenerationChunk:
        """Wrap streamed text and report it to callbacks (LangChain's contract for _stream)."""
        chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
        if run_manager is not None:
            run_manager.on_llm_new_token(text, chunk=chunk)
        return chunk


def _usage(prompt_tokens: int, output_tokens: int) -> UsageMetadata:
    """LangChain usage record for one call (output counted as streamed pieces)."""
    return UsageMetadata(
        input_tokens=prompt_tokens,
        output_tokens=output_tokens,
        total_tokens=prompt_tokens + output_tokens,
    )


def _as_local_error(error: BaseException) -> LocalModelError:
    """Generation failures as LocalModelError, with what to change."""
    hint = "use fewer or shorter passages, or a smaller max_new_tokens"
    return LocalModelError(f"Local generation failed: {error}; {hint}.")


def local_chat_model(
    settings: Settings, *, max_tokens: int, seed: int | None = None
) -> tuple[LocalChatModel, str]:
    """The ``local`` provider: the configured GGUF on llama.cpp, and where it runs.

    ``seed`` is accepted for the registry's signature and unused: generation is greedy,
    so the same prompt gives the same text without one.
    """
    del seed
    chat_model = LocalChatModel(
        model_path=settings.local_model,
        max_new_tokens=max_tokens,
        threads=settings.local_threads,
        context=settings.local_context,
    )
    return chat_model, settings.local_model
