"""The embedding model, loaded once per process, on torch, ONNX Runtime or OpenVINO.

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


Backend = Literal["torch", "onnx", "openvino"]
BACKENDS: tuple[Backend, ...] = ("torch", "onnx", "openvino")

VECTOR_FAMILIES: dict[str, str] = {"torch": "fp32", "onnx": "fp32", "openvino": "fp32"}
"""Backends whose vectors are interchangeable share a family.

ONNX runs the same fp32 weights as torch: on the course corpus its vectors match
torch's to cosine 1.0000. OpenVINO runs them too, in fp32 for questions and in bf16
for documents where the CPU has it: cosine ≥ 0.99997 to torch's vectors
(tests/retrieval/test_embeddings.py), and an index built by OpenVINO and queried by
ONNX or torch, or the reverse, ranks as well as one runtime alone
(benchmarks/README.md, "One vector family"). So an index built by one serves
queries embedded by any other. A quantised backend would get a family of its own, and
switching to it would mean `rag ingest --rebuild`.
"""


def same_vectors(backend_a: str, backend_b: str) -> bool:
    """Whether vectors from the two backends can share one index."""
    return VECTOR_FAMILIES.get(backend_a, backend_a) == VECTOR_FAMILIES.get(backend_b, backend_b)


def gpu_present() -> bool:
    """An NVIDIA driver is loaded: asked of the OS, since importing torch costs seconds."""
    return Path("/proc/driver/nvidia").exists() or Path("/dev/nvidiactl").exists()


def openvino_installed() -> bool:
    """Whether the OpenVINO runtime can be imported, asked without importing it."""
    from importlib.util import find_spec

    return find_spec("openvino") is not None


def choose_backend(requested: str | None, device: str | None, on_disk: bool = True) -> Backend:
    """The runtime to embed with: as configured, else OpenVINO (or ONNX) on a CPU, torch on a GPU.

    OpenVINO embeds about twice as fast as ONNX Runtime in bulk on a CPU with bf16
    (benchmarks/README.md) and one question in 4 ms; ONNX Runtime is the fallback
    where the ``openvino`` package is missing. A model known only by a hub name
    (``on_disk`` False) stays on torch by default: the export reads a model directory.
    """
    if requested in BACKENDS:
        return requested
    if requested is not None:
        raise ConfigError(
            f"unknown embedding backend '{requested}'; use one of {', '.join(BACKENDS)}"
        )
    if not on_disk:
        return "torch"
    on_cpu = device == "cpu" if device is not None else not gpu_present()
    if not on_cpu:
        return "torch"
    return "openvino" if openvino_installed() else "onnx"


class Embedder:
    """The embedding model with its tokenizer, for embedding and token counting.

    Three runtimes serve the same weights: torch (sentence-transformers), ONNX
    (fastembed over the export that ``make install`` writes, see
    :mod:`rag.retrieval.onnx_export`) and OpenVINO (the same export, compiled by
    OpenVINO's CPU plugin). The last two start without importing torch, which was most
    of a cold ``rag ask``.
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
        if self.backend != "torch":
            if device not in (None, "cpu"):
                raise ConfigError(
                    f"the {self.backend} embedding backend runs on the CPU, not '{device}'; "
                    "set RAG_EMBEDDING_BACKEND=torch to embed on a GPU"
                )
            self.device = "cpu"
        else:
            self.device = device or default_device()
        self.batch_size = batch_size or (256 if self.device.startswith("cuda") else 32)
        self._lock = threading.Lock()

    @cached_property
    def model(self) -> Any:
        """The loaded runtime (loaded on first use).

        A SentenceTransformer, a fastembed model or an OpenVINO compiled model.
        """
        if self.backend == "onnx":
            return self._load_onnx()
        if self.backend == "openvino":
            return self._load_openvino()
        return self._load_torch()

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
    def _bulk_model(self) -> Any:
        """OpenVINO's default precision for documents: bf16 where the CPU has it.

        About twice as fast as fp32 in bulk on this CPU; the vectors move by cosine
        ≤ 3e-5, and indexes built with them rank the same (benchmarks/README.md).
        Questions and evidence units stay on :attr:`model` (fp32), so everything
        embedded while answering matches the other runtimes.
        """
        return self._load_openvino(bulk=True)

    def _load_openvino(self, bulk: bool = False) -> Any:
        try:
            import openvino
        except ImportError as err:
            raise ModelLoadError(
                "the OpenVINO embedding backend needs openvino: pip install openvino "
                "(or set RAG_EMBEDDING_BACKEND=onnx)"
            ) from err
        from rag.retrieval.onnx_export import ONNX_FILE

        directory = self._export[0]
        # fp32 unless asked for bulk: OpenVINO would otherwise pick bf16 on CPUs with it.
        config = {} if bulk else {"INFERENCE_PRECISION_HINT": "f32"}
        # No compiled-model cache (CACHE_DIR): it saved 0.25 s a cold start, and processes
        # starting together crashed over it in CI four ways (SIGBUS on a half-written
        # blob, NaN from the other precision's blob, a permission race, and a segfault
        # compiling both precisions into a fresh cache) despite a lock and a directory
        # per precision.
        try:
            model = openvino.Core().compile_model(str(directory / ONNX_FILE), "CPU", config)
        except RuntimeError as err:
            raise self._openvino_error(directory, err) from err
        precision = model.get_property("INFERENCE_PRECISION_HINT")
        log.info("loaded embedding model %s (OpenVINO %s, %s)", self.name, precision, directory)
        return model

    def _openvino_error(self, directory: Path, err: Exception) -> ModelLoadError:
        return ModelLoadError(
            f"OpenVINO cannot load the export of '{self.name}' in {directory} ({err}); "
            "set RAG_EMBEDDING_BACKEND=onnx"
        )

    @cached_property
    def _padding_tokenizer(self) -> Any:
        """The export's tokenizer, truncating at the model's limit and padding each batch."""
        from tokenizers import Tokenizer

        directory, manifest = self._export
        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.enable_truncation(int(manifest["max_seq_length"]))
        tokenizer.enable_padding()
        return tokenizer

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
        if self.backend != "torch":
            return int(self._export[1]["dimension"])
        dimension = self.model.get_embedding_dimension()
        return int(dimension)

    @property
    def max_tokens(self) -> int:
        """Longest input the model reads without truncating, special tokens excluded."""
        if self.backend != "torch":
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

    def knows_word(self, word: str) -> bool:
        """Whether the model's vocabulary holds ``word`` whole, a word it has learned.

        A typo ("tranformer") comes apart into pieces the model did not learn together;
        a real word the notes do not use ("lawyers") is one token and is left as typed
        (:mod:`rag.answer.reading`).
        """
        return self.count_tokens(word) == 1

    def encode(
        self, texts: Sequence[str], *, show_progress: bool = False, documents: bool = False
    ) -> np.ndarray:
        """Unit-length embeddings, one row per text.

        ``documents``: texts being indexed, which OpenVINO embeds in its faster bulk
        precision (bf16 where the CPU has it); questions and anything embedded while
        answering stay fp32.
        """
        with self._lock:  # the UI serves several sessions from one model
            if self.backend != "torch":
                return self._encode_sorted(list(texts), show_progress, documents)
            return self.model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress,
            )

    def _encode_sorted(self, texts: list[str], show_progress: bool, documents: bool) -> np.ndarray:
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
            vectors[rows] = self._encode_batch([texts[i] for i in rows], documents)
        if not np.isfinite(vectors).all():
            # Chroma would refuse them with a traceback; nothing is stored this way.
            raise ModelLoadError(
                f"the {self.backend} export of '{self.name}' returned NaN or infinite "
                f"vectors; delete {self._export[0]} to export it again, or set "
                "RAG_EMBEDDING_BACKEND=onnx"
            )
        return vectors

    def _encode_batch(self, texts: list[str], documents: bool) -> np.ndarray:
        import numpy as np

        if self.backend == "onnx":
            return np.stack(list(self.model.embed(texts, batch_size=len(texts))))
        encodings = self._padding_tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        model = self._bulk_model if documents else self.model
        names = {port.get_any_name() for port in model.inputs}
        outputs = model({name: value for name, value in feeds.items() if name in names})
        token_embeddings = outputs[model.outputs[0]]
        return pool(token_embeddings, feeds["attention_mask"], self._export[1]["pooling"])


def pool(token_embeddings: np.ndarray, attention_mask: np.ndarray, mode: str) -> np.ndarray:
    """Sentence vectors of unit length from a transformer's token embeddings.

    ``mode`` is the export's pooling: ``MEAN`` (the mean over real tokens, padding left
    out) or ``CLS`` (the first token), as sentence-transformers' Pooling module computes
    them. fastembed does this for ONNX Runtime; OpenVINO has no such wrapper short of
    optimum-intel, which needs torch.

    >>> import numpy as np
    >>> tokens = np.array([[[3.0, 0.0], [0.0, 4.0], [9.0, 9.0]]])  # the last is padding
    >>> print(pool(tokens, np.array([[1, 1, 0]]), "MEAN").round(2))
    [[0.6 0.8]]
    >>> print(pool(tokens, np.array([[1, 1, 0]]), "CLS"))
    [[1. 0.]]
    """
    import numpy as np

    if mode == "CLS":
        vectors = token_embeddings[:, 0, :]
    elif mode == "MEAN":
        mask = attention_mask[..., None].astype(token_embeddings.dtype)
        vectors = (token_embeddings * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
    else:
        raise ModelLoadError(f"unknown pooling mode '{mode}' in the export; re-export the model")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


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
