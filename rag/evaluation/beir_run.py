"""``rag eval retrieval``: score the product's own retriever on a BEIR-format dataset.

Students trust an answer only if its sources are right, so retrieval quality is
measured the way the IR literature measures it (nDCG@10, Recall@10/100, MRR@10 on
BEIR), which lets our figures be set beside published ones. Everything the user
would run goes through the product's code: documents are split, embedded and
stored by :func:`ingest.index.ingest_documents` (the path files take, minus reading
files), and questions are answered by :class:`rag.retrieval.retriever.Retriever`.

How a chunk ranking becomes a document ranking (BEIR judges documents, we retrieve
chunks): a document ranks where its best chunk ranks. The head of the ranking is
exactly what ``retrieve(question, k=10)`` returns (fusion, near-duplicate collapse
and the configured cross-encoder included); the rest comes from the same fusion read
deeper, so Recall@100 sees 100 documents although a prompt holds only a few chunks.

The dataset gets its own collection (``beir-<folder name>``) in the data directory,
never the course collection, and is reused while corpus, model and chunking match.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from rag.errors import ConfigError, EmptyIndexError
from rag.evaluation.metrics import evaluate_run
from rag.retrieval.rerank import SENTENCE_RERANKER
from rag.schema import attributes

if TYPE_CHECKING:
    from ingest.load import LoadedDocument
    from rag.assistant import Assistant
    from rag.evaluation.beir import BeirDataset, BeirDoc
    from rag.retrieval.retriever import Fusion, Mode, Retriever
    from rag.settings import Settings

BEIR_FORMAT_VERSION = "1"
"""Bumped when the way a BEIR record becomes a document changes: old indexes rebuild."""

DEPTH = 100
"""Documents ranked per query: Recall@100 is BEIR's second headline figure."""

HEAD_K = 10
"""Passages asked of ``retrieve`` per query: the deepest cut-off of the head metrics."""


class Stage(NamedTuple):
    """One retrieval configuration of the ablation."""

    mode: Mode
    fusion: Fusion
    rerank: bool
    label: str


STAGES: dict[str, Stage] = {
    "dense": Stage("dense", "convex", False, "dense only"),
    "bm25": Stage("keyword", "convex", False, "BM25 only"),
    "fused-rrf": Stage("hybrid", "rrf", False, "fused (RRF)"),
    "fused": Stage("hybrid", "convex", False, "fused"),
    "fused+rerank": Stage("hybrid", "convex", True, "fused + rerank"),
}
"""Ablation stages, each adding one part; ``fused`` is what the product runs.

``fused-rrf`` is reciprocal rank fusion, kept to show why the product fuses
normalised scores instead. With a single ranking (dense or BM25 only) the fusion
method does not change the order.
"""

STAGE_LABELS = {name: stage.label for name, stage in STAGES.items()}


@dataclass
class StageResult:
    """Metrics and latency of one retrieval stage."""

    stage: str
    mode: str
    reranker: str | None
    metrics: dict[str, float]
    latency_ms: dict[str, float]
    run: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the run itself is left out: it can be large)."""
        return {
            "stage": self.stage,
            "mode": self.mode,
            "reranker": self.reranker,
            "metrics": {name: round(value, 4) for name, value in self.metrics.items()},
            "latency_ms": self.latency_ms,
        }


@dataclass
class IndexInfo:
    """What indexing the corpus cost, or that an earlier index was reused."""

    collection: str
    docs: int
    chunks: int
    empty_docs: int
    reused: bool
    seconds: float
    built_seconds: float

    @property
    def chunks_per_second(self) -> float:
        """Ingest throughput of the build (0 when unknown)."""
        return self.chunks / self.built_seconds if self.built_seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        names = ("collection", "docs", "chunks", "empty_docs", "reused", "seconds")
        data = attributes(self, *names, "built_seconds")
        return {**data, "chunks_per_second": round(self.chunks_per_second, 2)}


@dataclass
class RetrievalReport:
    """The result of ``rag eval retrieval``: one row per stage measured."""

    dataset: str
    split: str
    queries: int
    index: IndexInfo
    stages: list[StageResult]

    @property
    def primary(self) -> StageResult:
        """The stage the product runs (the last one measured)."""
        return self.stages[-1]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``rag eval retrieval --json``."""
        primary = self.primary.to_dict()
        return {
            "dataset": self.dataset,
            "split": self.split,
            "docs": self.index.docs,
            "queries": self.queries,
            "chunks": self.index.chunks,
            "index": self.index.to_dict(),
            "stage": primary["stage"],
            "metrics": primary["metrics"],
            "latency_ms": primary["latency_ms"],
            "stages": [stage.to_dict() for stage in self.stages],
        }


# --- pure helpers ---------------------------------------------------------------------


def collection_name(dataset_dir: Path) -> str:
    """The dataset's own Chroma collection: ``beir-`` and the folder name, made legal.

    Split-agnostic on purpose: every split of a dataset shares one corpus, so train
    and test evaluations reuse one index.
    """
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(dataset_dir).resolve().name)
    slug = slug.strip("-._") or "dataset"
    if slug.lower().startswith("beir-"):
        slug = slug[5:] or "dataset"
    return f"beir-{slug}"[:63].rstrip("-._")


def document_fields(doc: BeirDoc) -> tuple[str, str] | None:
    """(title, text) to index for a BEIR record, or None when it has no words.

    BEIR scores title and text together; a record with a title only is indexed
    as that title, since an empty body would give the splitter nothing to cut.
    """
    title, text = doc.title.strip(), doc.text.strip()
    if not text:
        return ("", title) if title else None
    return title, text


def document_ranking(
    head: Iterable[str | None],
    deep: Iterable[str | None],
    query_id: str,
    depth: int = DEPTH,
    ignore_identical_ids: bool = True,
) -> list[str]:
    """Document ids best first: each document at its best chunk's place.

    Args:
        head: Document ids of the passages ``retrieve`` returned, in order.
        deep: Document ids of the deeper fused chunk ranking, in order.
        query_id: Dropped from the ranking when ``ignore_identical_ids``, as BEIR's
            official evaluation does (it matters for ArguAna and Quora, where a query
            is itself a corpus document).
        depth: How many documents to keep.
        ignore_identical_ids: See ``query_id``.

    Returns:
        At most ``depth`` distinct document ids.
    """
    ranking: list[str] = []
    seen: set[str] = set()
    for doc_id in (*head, *deep):
        if doc_id is None or doc_id in seen or (ignore_identical_ids and doc_id == query_id):
            continue
        seen.add(doc_id)
        ranking.append(doc_id)
        if len(ranking) >= depth:
            break
    return ranking


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/mean in milliseconds (zeros when nothing was timed)."""
    if not seconds:
        return {"p50": 0.0, "p95": 0.0, "mean": 0.0}
    import numpy as np

    ms = np.asarray(seconds, dtype=float) * 1000.0
    p50, p95 = np.percentile(ms, [50, 95])
    return {
        "p50": round(float(p50), 2),
        "p95": round(float(p95), 2),
        "mean": round(float(ms.mean()), 2),
    }


def deep_candidates(chunks: int, docs: int, depth: int = DEPTH, floor: int = 40) -> int:
    """Chunks to read from each ranking so that about ``depth`` documents come out.

    Documents split into several chunks occupy several places; reading twice the
    average chunks per document leaves room for documents whose chunks cluster.
    """
    per_doc = chunks / docs if docs else 1.0
    return max(floor, math.ceil(depth * max(per_doc, 1.0) * 2))


def write_trec_run(run: dict[str, list[str]], path: Path, tag: str) -> None:
    """Save a run in TREC format, so trec_eval, pytrec_eval or ranx can re-score it."""
    lines = [
        f"{query_id} Q0 {doc_id} {rank} {1.0 / rank:.6f} {tag}"
        for query_id, ranking in run.items()
        for rank, doc_id in enumerate(ranking, start=1)
    ]
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def read_trec_run(path: Path) -> dict[str, list[str]]:
    """Read a run written by :func:`write_trec_run` (ranks in file order)."""
    run: dict[str, list[tuple[int, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            query_id, _, doc_id, rank, *_ = line.split()
            run.setdefault(query_id, []).append((int(rank), doc_id))
    return {q: [d for _, d in sorted(pairs)] for q, pairs in run.items()}


# --- indexing -------------------------------------------------------------------------


def _fingerprint(dataset: BeirDataset, settings: Settings, docs: Sequence[LoadedDocument]) -> str:
    """What the index depends on: the corpus, the model, the chunking and this code."""
    from ingest.split import SPLITTER_VERSION

    digest = hashlib.sha256()
    digest.update(
        json.dumps(
            [
                BEIR_FORMAT_VERSION,
                SPLITTER_VERSION,
                settings.embedding_model,
                settings.chunk_size,
                settings.chunk_overlap,
                len(docs),
            ]
        ).encode()
    )
    for doc in docs:
        digest.update(f"{doc.source}\x00{doc.sha256}\n".encode())
    return digest.hexdigest()


def loaded_documents(dataset: BeirDataset, root: Path) -> tuple[list[LoadedDocument], int]:
    """The corpus as documents for the ingest, and how many records were empty."""
    from ingest.load import LoadedDocument

    docs: list[LoadedDocument] = []
    empty = 0
    corpus_file = root / "corpus.jsonl"
    for doc in dataset.corpus.values():
        fields = document_fields(doc)
        if fields is None:
            empty += 1
            continue
        title, text = fields
        docs.append(
            LoadedDocument(
                path=corpus_file,
                root=root,
                source=doc.doc_id,
                kind="beir",
                text=text,
                body_start=0,
                title=title,
                sha256=hashlib.sha256(f"{title}\x00{text}".encode()).hexdigest(),
            )
        )
    return docs, empty


def _state_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / "beir" / f"{settings.collection}.json"


def index_dataset(
    dataset: BeirDataset,
    root: Path,
    assistant: Assistant,
    *,
    rebuild: bool = False,
    progress: bool = False,
) -> IndexInfo:
    """Index the corpus into the assistant's (BEIR) collection, or reuse a matching one.

    The collection is reused when the recorded fingerprint (corpus, model, chunking)
    matches and Chroma still holds the recorded number of chunks: embedding a corpus
    takes minutes on a CPU, and ablations re-query the same index many times.
    """
    from ingest.index import ingest_documents

    settings = assistant.settings
    assistant.embedder.model  # noqa: B018 - loading the model is not indexing time
    started = time.perf_counter()
    docs, empty = loaded_documents(dataset, root)
    fingerprint = _fingerprint(dataset, settings, docs)
    state_path = _state_path(settings)
    state = _read_state(state_path)
    if (
        not rebuild
        and state.get("fingerprint") == fingerprint
        and state.get("chunks")
        and assistant.store.count() == state["chunks"]
    ):
        return IndexInfo(
            collection=settings.collection,
            docs=len(docs),
            chunks=int(state["chunks"]),
            empty_docs=empty,
            reused=True,
            seconds=round(time.perf_counter() - started, 3),
            built_seconds=float(state.get("seconds", 0.0)),
        )
    state_path.unlink(missing_ok=True)  # an interrupted build must not look reusable
    report = ingest_documents(
        docs,
        settings=settings,
        store=assistant.store,
        embedder=assistant.embedder,
        keyword_index=assistant.keyword_index,
        rebuild=True,
        progress=progress,
    )
    assistant.retriever.refresh()
    seconds = round(time.perf_counter() - started, 3)
    state_path.parent.mkdir(parents=True, exist_ok=True)
    state_path.write_text(
        json.dumps(
            {
                "fingerprint": fingerprint,
                "dataset": str(root),
                "docs": len(docs),
                "chunks": report.chunks_total,
                "seconds": seconds,
                "built_at": time.time(),
            }
        )
    )
    return IndexInfo(
        collection=settings.collection,
        docs=len(docs),
        chunks=report.chunks_total,
        empty_docs=empty,
        reused=False,
        seconds=seconds,
        built_seconds=seconds,
    )


def _read_state(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError):
        return {}


# --- querying -------------------------------------------------------------------------


def chunk_documents(assistant: Assistant) -> dict[str, str]:
    """Chunk id -> document id (the ``source`` the ingest recorded)."""
    return {c.id: str(c.metadata.get("source", "")) for c in assistant.store.iter_metadata()}


def run_stage(
    retriever: Retriever,
    dataset: BeirDataset,
    chunk_doc: dict[str, str],
    *,
    stage: str,
    n_deep: int,
    reranker: str | None = None,
    depth: int = DEPTH,
    progress: bool = False,
) -> StageResult:
    """Rank documents for every judged query with one stage and score the run.

    Latency is that of ``retrieve(question, k=10)``, one question at a time, as a
    student's question is served (embedding, both searches, fusion, passage fetch,
    reranking); a first untimed query loads the keyword index.
    """
    from tqdm import tqdm

    mode = STAGES[stage].mode
    query_ids = list(dataset.queries)
    texts = [dataset.queries[q] for q in query_ids]
    retriever.retrieve(texts[0], HEAD_K, mode)
    heads: list[list[str]] = []
    latencies: list[float] = []
    for text in tqdm(texts, desc=STAGE_LABELS[stage], unit="query", disable=not progress):
        started = time.perf_counter()
        retrieval = retriever.retrieve(text, HEAD_K, mode)
        latencies.append(time.perf_counter() - started)
        heads.append([p.source for p in retrieval.passages])
    deep = retriever.rank_many(texts, n_deep, mode)
    run = {
        query_id: document_ranking(head, (chunk_doc.get(cid) for cid, _ in ranked), query_id, depth)
        for query_id, head, ranked in zip(query_ids, heads, deep, strict=True)
    }
    return StageResult(
        stage=stage,
        mode=mode,
        reranker=reranker,
        metrics=evaluate_run(run, dataset.qrels),
        latency_ms=latency_summary(latencies),
        run=run,
    )


def stage_retriever(assistant: Assistant, stage: str) -> Retriever:
    """A retriever over the assistant's index configured as ``stage``.

    The product's own retriever when the stage is what the product runs, so a change
    to how :class:`~rag.assistant.Assistant` builds it is measured too.
    """
    from rag.retrieval.rerank import make_reranker
    from rag.retrieval.retriever import Retriever

    config = STAGES[stage]
    product = assistant.retriever
    if config.fusion == product.fusion and config.rerank == (product.reranker is not None):
        return product
    reranker = None
    if config.rerank:
        reranker = product.reranker or make_reranker(SENTENCE_RERANKER, assistant.embedder)
    return Retriever(
        assistant.store,
        assistant.embedder,
        assistant.keyword_index,
        dense_weight=product.dense_weight,
        keyword_weight=product.keyword_weight,
        candidates=product.candidates,
        reranker=reranker,
        fusion=config.fusion,
    )


def stages_for(requested: str, reranker: str | None) -> list[str]:
    """Stages to run for ``--stage``.

    ``all`` is the ablation (each stage adds one part); a single name runs one stage.
    The product stage is ``fused``, plus ``rerank`` when a reranker is configured.
    """
    if requested == "all":
        return list(STAGES)
    if requested == "product":
        return ["fused+rerank" if reranker else "fused"]
    if requested in STAGES:
        return [requested]
    choices = ", ".join(["product", "all", *STAGES])
    raise ConfigError(f"unknown stage '{requested}'; choose one of: {choices}")


def stage_reranker(stage: str, configured: str | None) -> str | None:
    """The reranker a stage runs: the configured one, else the built-in sentence reranker."""
    if not STAGES[stage].rerank:
        return None
    return configured or SENTENCE_RERANKER


def evaluate_beir(
    dataset_dir: Path,
    settings: Settings,
    *,
    split: str = "test",
    stage: str = "product",
    rebuild: bool = False,
    progress: bool = False,
    run_file: Path | None = None,
) -> RetrievalReport:
    """Load, index (or reuse) and score a BEIR dataset with the product's retriever.

    Args:
        dataset_dir: Folder with ``corpus.jsonl``, ``queries.jsonl``, ``qrels/``.
        settings: Model, chunking and data directory; the collection is replaced
            by the dataset's own.
        split: Which qrels file judges the run.
        stage: ``product`` (default), ``all`` (the ablation) or one stage name.
        rebuild: Re-embed the corpus even if a matching index exists.
        progress: Show progress bars.
        run_file: Write the product stage's run here in TREC format.

    Raises:
        ConfigError: The dataset is malformed or the stage unknown (one line, with
            the layout that is expected).
    """
    from rag.assistant import Assistant
    from rag.evaluation.beir import BeirFormatError, load_beir

    wanted = stages_for(stage, settings.reranker)
    root = Path(dataset_dir).expanduser().resolve()
    try:
        dataset = load_beir(root, split)
    except BeirFormatError as err:
        raise ConfigError(str(err)) from err
    name = collection_name(root)
    if name == settings.collection:
        raise ConfigError(
            f"the BEIR collection '{name}' would be the configured course collection; "
            "set RAG_COLLECTION to another name"
        )
    assistant = Assistant(settings.model_copy(update={"collection": name, "query_log": False}))
    index = index_dataset(dataset, root, assistant, rebuild=rebuild, progress=progress)
    if index.chunks == 0:
        raise EmptyIndexError(f"no document in {root / 'corpus.jsonl'} has any text to index")
    chunk_doc = chunk_documents(assistant)
    n_deep = deep_candidates(index.chunks, index.docs)
    results = []
    for name_ in wanted:
        results.append(
            run_stage(
                stage_retriever(assistant, name_),
                dataset,
                chunk_doc,
                stage=name_,
                n_deep=n_deep,
                reranker=stage_reranker(name_, settings.reranker),
                progress=progress,
            )
        )
    report = RetrievalReport(
        dataset=dataset.name,
        split=split,
        queries=len(dataset.queries),
        index=index,
        stages=results,
    )
    if run_file is not None:
        write_trec_run(report.primary.run, Path(run_file), f"rag-{report.primary.stage}")
    return report
