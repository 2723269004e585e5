"""The library API the CLI and the UI both call: one object per data directory.

Models and clients are created on first use and shared, so a batch of questions
loads the embedding model once, and ``rag --help`` imports nothing heavy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.answer.questions import check_question
from rag.errors import EmptyIndexError
from rag.retrieval.embeddings import Embedder, get_embedder
from rag.retrieval.keyword import KeywordIndex
from rag.retrieval.retriever import Mode, Retrieval, Retriever
from rag.retrieval.store import Store
from rag.schema import Answer
from rag.settings import Settings

if TYPE_CHECKING:
    from rag.answer.chain import AnswerChain


@dataclass
class DocumentSummary:
    """One ingested document, for the library page and ``rag status``."""

    source: str
    title: str
    root: str
    kind: str
    chunks: int
    sections: list[str] = field(default_factory=list)
    ingested_at: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return self.__dict__.copy()


@dataclass
class CorpusStatus:
    """What is indexed, for the sidebar and ``rag status``."""

    documents: int
    chunks: int
    last_ingest: float | None
    collection: str
    embedding_model: str
    generator: str
    data_dir: str
    embedding_backend: str = ""
    """The runtime embedding questions in this process: openvino, onnx or torch."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return self.__dict__.copy()


class Assistant:
    """Ingest, retrieve and answer over one index."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        store: Store | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self._embedder = embedder
        self._store = store

    @cached_property
    def embedder(self) -> Embedder:
        """The embedding model (shared per process)."""
        if self._embedder is not None:
            return self._embedder
        return get_embedder(
            self.settings.embedding_model,
            self.settings.embedding_device,
            self.settings.embedding_batch_size,
            self.settings.embedding_backend,
        )

    @cached_property
    def store(self) -> Store:
        """The Chroma collection."""
        return self._store or Store(self.settings)

    @cached_property
    def keyword_index(self) -> KeywordIndex:
        """The BM25 index beside it."""
        from ingest.index import keyword_dir

        return KeywordIndex(keyword_dir(self.settings))

    @cached_property
    def retriever(self) -> Retriever:
        """Hybrid retriever, with the configured reranker if any."""
        from rag.retrieval.rerank import make_reranker

        reranker = make_reranker(
            self.settings.reranker, self.embedder, self.settings.embedding_device
        )
        return Retriever(self.store, self.embedder, self.keyword_index, reranker=reranker)

    @cached_property
    def chain(self) -> AnswerChain:
        """The answer chain with the configured generator."""
        # Imported here, not at the top: LangChain's runnables take about a second to
        # import, and `rag retrieve` / `rag status` never answer.
        from rag.answer.chain import AnswerChain
        from rag.answer.generate import make_generator

        return AnswerChain(
            self.retriever, make_generator(self.settings, self.embedder), self.settings
        )

    def ingest(
        self,
        paths: Sequence[Path] | None = None,
        *,
        rebuild: bool = False,
        progress: bool = False,
        on_progress: Callable[[str, int, int], None] | None = None,
    ) -> Any:
        """Ingest files or folders (default: the corpus folder); see :mod:`ingest.index`."""
        from ingest.index import ingest_paths

        report = ingest_paths(
            list(paths) if paths else [self.settings.corpus_dir],
            settings=self.settings,
            store=self.store,
            embedder=self.embedder,
            keyword_index=self.keyword_index,
            rebuild=rebuild,
            progress=progress,
            on_progress=on_progress,
        )
        self.retriever.refresh()
        return report

    def _require_index(self) -> None:
        if self.store.count() == 0:
            raise EmptyIndexError(
                f"nothing is indexed in {self.settings.data_dir} (collection "
                f"'{self.settings.collection}'); run `rag ingest` first"
            )
        from ingest.split import SPLITTER_VERSION
        from rag.retrieval.store import IndexFingerprint

        self.store.check(
            IndexFingerprint(
                self.embedder.name,
                self.embedder.dimension,
                SPLITTER_VERSION,
                self.embedder.backend,
            )
        )

    def retrieve(self, question: str, k: int | None = None, mode: Mode = "hybrid") -> Retrieval:
        """The best passages for a question."""
        return self.retrieve_many([question], k, mode)[0]

    def retrieve_many(
        self, questions: Sequence[str], k: int | None = None, mode: Mode = "hybrid"
    ) -> list[Retrieval]:
        """The best passages for each of several questions."""
        self._require_index()
        return self.retriever.retrieve_many(questions, k or self.settings.k, mode)

    def ask(self, question: str, k: int | None = None) -> Answer:
        """A cited answer, or an abstention with the closest passages.

        Raises:
            QuestionError: The question is empty or too long (:mod:`rag.answer.questions`).
        """
        question = check_question(question)
        self._require_index()
        answer = self._shown(self.chain.invoke(question, k))
        self._log_question(answer)
        return answer

    def ask_stream(self, question: str, k: int | None = None) -> Iterator[str | Answer]:
        """Answer pieces as they are generated, then the finished :class:`Answer`."""
        question = check_question(question)
        self._require_index()
        for item in self.chain.stream(question, k):
            if isinstance(item, Answer):
                item = self._shown(item)
                self._log_question(item)
            yield item

    def _shown(self, answer: Answer) -> Answer:
        """The answer's passages as a reader sees them: bare table rows under their header.

        "| Flow-based Models | Learn invertible transformations… |" was cited as raw
        pipes, its table's header being in the chunk before; the highlighted spans move
        with the text. What was checked and cited is unchanged.
        """
        for citation in answer.citations:
            headed = self.retriever.with_table_head(citation.passage)
            shift = len(headed.text) - len(citation.passage.text)
            if shift:
                citation.passage = headed
                citation.highlights = [(a + shift, b + shift) for a, b in citation.highlights]
        answer.closest = [self.retriever.with_table_head(p) for p in answer.closest]
        return answer

    def _log_question(self, answer: Answer) -> None:
        if not self.settings.query_log:
            return
        from rag.answer.querylog import log_question

        log_question(self.settings, answer)

    def status(self) -> CorpusStatus:
        """Counts and last ingest time of the index."""
        from ingest.index import read_state

        documents = {str(c.metadata.get("doc_key")) for c in self.store.iter_metadata()}
        state = read_state(self.settings)
        return CorpusStatus(
            documents=len(documents),
            chunks=self.store.count(),
            last_ingest=state.get("last_ingest"),
            collection=self.settings.collection,
            embedding_model=self.settings.embedding_model,
            generator=self.settings.generator,
            data_dir=str(self.settings.data_dir),
            embedding_backend=self.embedder.backend,  # chosen without loading the model
        )

    def documents(self) -> list[DocumentSummary]:
        """The ingested documents with their sections and chunk counts."""
        grouped: dict[str, list[Any]] = defaultdict(list)
        for chunk in self.store.iter_metadata():
            grouped[str(chunk.metadata.get("doc_key"))].append(chunk.metadata)
        summaries = []
        for metas in grouped.values():
            metas.sort(key=lambda m: int(m.get("start", 0)))
            first = metas[0]
            sections = list(dict.fromkeys(str(m.get("section", "")) for m in metas))
            summaries.append(
                DocumentSummary(
                    source=str(first.get("source", "")),
                    title=str(first.get("title", "")),
                    root=str(first.get("root", "")),
                    kind=str(first.get("kind", "")),
                    chunks=len(metas),
                    sections=sections,
                    ingested_at=float(first.get("ingested_at", 0.0)),
                )
            )
        return sorted(summaries, key=lambda d: (d.root, d.source))

    def document_chunks(self, source: str, root: str | None = None) -> list[Any]:
        """Stored chunks of one document in reading order (for previews)."""
        where: dict[str, Any] = {"source": source}
        if root:
            where = {"$and": [{"source": source}, {"root": root}]}
        chunks = list(self.store.iter_chunks_where(where))
        return sorted(chunks, key=lambda c: int(c.metadata.get("start", 0)))
