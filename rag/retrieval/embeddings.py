"""The embedding model, loaded once per process, on torch or on ONNX Runtime.

Not a LangChain ``Embeddings``: nothing here needs that interface, and importing
LangChain's base classes costs a cold `rag retrieve` about 0.3 s.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rag.environment import prepare_environment
from rag.errors import ConfigError, ModelLoadError
from rag.retrieval.model_files import quiet_model_loading, resolve_model_path

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

_registry_lock = threading.Lock()
"""fastembed keeps its custom models in a class-level registry."""


def default_device() -> str:
    """CUDA when present, else CPU; nothing requires a GPU."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


Backend = Literal["torch", "onnx"]

VECTOR_FAMILIES: dict[str, str] = {"torch": "fp32", "onnx": "fp32"}
"""Backends whose vectors are interchangeable share a family.

ONNX runs the same fp32 weights as torch: on the course corpus its vectors match
torch's to cosine 1.0000 (tests/retrieval/test_embeddings.py checks ≥ 0.9999), so an index built
by one serves queries embedded by the other. A quantised or bf16 backend would get a
family of its own, and switching to it would mean `rag ingest --rebuild`.
"""


def same_vectors(backend_a: str, backend_b: str) -> bool:
    """Whether vectors from the two backends can share one index."""
    return VECTOR_FAMILIES.get(backend_a, backend_a) == VECTOR_FAMILIES.get(backend_b, backend_b)


def gpu_present() -> bool:
    """An NVIDIA driver is loaded: asked of the OS, since importing torch costs seconds."""
    return Path("/proc/driver/nvidia").exists() or Path("/dev/nvidiactl").exists()


def choose_backend(requested: str | None, device: str | None, on_disk: bool = True) -> Backend:
    """The runtime to embed with: as configured, else ONNX on CPU and torch on a GPU.

    A model known only by a hub name (``on_disk`` False) stays on torch by default:
    the export reads a model directory.
    """
    if requested == "torch":
        return "torch"
    if requested == "onnx":
        return "onnx"
    if requested is not None:
        raise ConfigError(f"unknown embedding backend '{requested}'; use torch or onnx")
    if not on_disk:
        return "torch"
    if device is not None:
        return "onnx" if device == "cpu" else "torch"
    return "torch" if gpu_present() else "onnx"


class Embedder:
    """The embedding model with its tokenizer, for embedding and token counting.

    Two runtimes serve the same weights: torch (sentence-transformers) and ONNX
    (fastembed over the export that ``make install`` writes, see
    :mod:`rag.retrieval.onnx_export`). ONNX starts without importing torch, which is most of
    a cold ``rag ask``.
    """

    def __init__(
        self,
        model_name: str,
        device: str | None = None,
        batch_size: int | None = None,
        backend: str | None = None,
    ) -> None:
        self.name = model_name
        on_disk = backend is not None or Path(resolve_model_path(model_name)).is_dir()
        self.backend: Backend = choose_backend(backend, device, on_disk)
        if self.backend == "onnx":
            if device not in (None, "cpu"):
                raise ConfigError(
                    f"the ONNX embedding backend runs on the CPU, not '{device}'; "
                    "set RAG_EMBEDDING_BACKEND=torch to embed on a GPU"
                )
            self.device = "cpu"
        else:
            self.device = device or default_device()
        self.batch_size = batch_size or (256 if self.device.startswith("cuda") else 32)
        self._lock = threading.Lock()

    @cached_property
    def model(self) -> Any:
        """The loaded runtime (loaded on first use): a SentenceTransformer or fastembed model."""
        return self._load_onnx() if self.backend == "onnx" else self._load_torch()

    def _load_torch(self) -> Any:
        from sentence_transformers import SentenceTransformer

        path = resolve_model_path(self.name)
        prepare_environment()
        quiet_model_loading()
        try:
            model = SentenceTransformer(
                path, device=self.device, trust_remote_code=False, local_files_only=True
            )
        except (OSError, ValueError) as err:
            raise ModelLoadError(
                f"cannot load embedding model '{self.name}' ({err}). Give a local model "
                "directory, or a hub name already downloaded to the Hugging Face cache."
            ) from err
        log.info("loaded embedding model %s on %s", self.name, self.device)
        return model

    @cached_property
    def _export(self) -> tuple[Path, dict[str, Any]]:
        from rag.retrieval.onnx_export import ensure_export, find_export

        path = resolve_model_path(self.name)
        if not Path(path).is_dir():
            raise ModelLoadError(
                f"the ONNX backend needs '{self.name}' on disk; give a local model directory "
                "or set RAG_EMBEDDING_BACKEND=torch"
            )
        return find_export(path) or ensure_export(path)

    def _load_onnx(self) -> Any:
        try:
            from fastembed import TextEmbedding
            from fastembed.common.model_description import ModelSource, PoolingType
        except ImportError as err:
            raise ModelLoadError(
                "the ONNX embedding backend needs fastembed: pip install fastembed "
                "(or set RAG_EMBEDDING_BACKEND=torch)"
            ) from err
        from rag.retrieval.onnx_export import ONNX_FILE

        directory, manifest = self._export
        name = f"course-rag/{directory.name}"
        with _registry_lock:
            known = {m["model"].lower() for m in TextEmbedding.list_supported_models()}
            if name.lower() not in known:
                TextEmbedding.add_custom_model(
                    model=name,
                    pooling=PoolingType[manifest["pooling"]],
                    normalization=True,
                    sources=ModelSource(url=f"file://{directory}"),  # never fetched
                    dim=int(manifest["dimension"]),
                    model_file=ONNX_FILE,
                )
        try:
            model = TextEmbedding(
                name, specific_model_path=str(directory), local_files_only=True, cuda=False
            )
        except (OSError, ValueError, RuntimeError) as err:
            raise ModelLoadError(
                f"cannot load the ONNX export of '{self.name}' in {directory} ({err}); run "
                "`python -m rag.retrieval.onnx_export` or set RAG_EMBEDDING_BACKEND=torch"
            ) from err
        log.info("loaded embedding model %s (ONNX, %s)", self.name, directory)
        return model

    @cached_property
    def _tokenizer(self) -> Any:
        """The fast tokenizer without truncation or padding, for counting tokens."""
        if self.backend == "torch":
            return None
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self._export[0] / "tokenizer.json"))
        tokenizer.no_truncation()  # tokenizer.json may carry a fixed length: count all tokens
        tokenizer.no_padding()
        return tokenizer

    @property
    def dimension(self) -> int:
        """Length of the embedding vectors."""
        if self.backend == "onnx":
            return int(self._export[1]["dimension"])
        dimension = self.model.get_embedding_dimension()
        return int(dimension)

    @property
    def max_tokens(self) -> int:
        """Longest input the model reads without truncating, special tokens excluded."""
        if self.backend == "onnx":
            return int(self._export[1]["max_seq_length"]) - 2
        return int(self.model.max_seq_length) - 2

    def check_chunk_size(self, chunk_size: int) -> None:
        """Refuse a chunk size the model would silently truncate."""
        if chunk_size > self.max_tokens:
            raise ConfigError(
                f"chunk_size {chunk_size} is larger than what {self.name} reads "
                f"({self.max_tokens} tokens); set RAG_CHUNK_SIZE to {self.max_tokens} or less"
            )

    def count_tokens(self, text: str) -> int:
        """Tokens the model's tokenizer makes of ``text``, without special tokens."""
        if self._tokenizer is not None:
            return len(self._tokenizer.encode(text, add_special_tokens=False).ids)
        return len(self.model.tokenizer(text, add_special_tokens=False)["input_ids"])

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        """Unit-length embeddings, one row per text."""
        with self._lock:  # the UI serves several sessions from one model
            if self.backend == "onnx":
                return self._encode_onnx(list(texts), show_progress)
            return self.model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress,
            )

    def _encode_onnx(self, texts: list[str], show_progress: bool) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Longest first, as sentence-transformers does, so each batch pads to similar lengths.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        batches = range(0, len(order), self.batch_size)
        if show_progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="Batches", unit="batch")
        for first in batches:
            rows = order[first : first + self.batch_size]
            embedded = self.model.embed([texts[i] for i in rows], batch_size=len(rows))
            vectors[rows] = np.stack(list(embedded))
        return vectors


_shared: dict[tuple[str, str | None, int | None, str | None], Embedder] = {}
_shared_lock = threading.Lock()


def get_embedder(
    name: str,
    device: str | None = None,
    batch_size: int | None = None,
    backend: str | None = None,
) -> Embedder:
    """One embedder per (model, device, batch size, backend) per process: loading costs seconds."""
    key = (name, device, batch_size, backend)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Embedder(name, device, batch_size, backend)
        return _shared[key]
