"""The vector store: the only module that imports chromadb.

Chroma is the source of truth for what is indexed. Each chunk's metadata carries its
document key and file hash, so the ingest can work out what changed from Chroma
alone, and a crash mid-ingest leaves nothing that the next ingest cannot repair.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from rag.environment import prepare_environment
from rag.errors import (
    IndexCorruptedError,
    IndexIncompatibleError,
    RagError,
    StoreUnavailableError,
)
from rag.settings import Settings

prepare_environment()

log = logging.getLogger(__name__)

PAGE_SIZE = 2000
READ_ATTEMPTS, MOVED_PAUSE = 3, 0.2
"""Reads of chunks moved under the reader ("Error finding id"), seconds × attempt between."""
"""Rows fetched per request when reading the whole collection."""


@dataclass(frozen=True)
class IndexFingerprint:
    """What an index was built with; a mismatch means vectors or chunks are not comparable."""

    embedding_model: str
    dimension: int
    splitter_version: str
    embedding_backend: str = "torch"
    """The runtime that made the vectors (indexes from before it was recorded: torch)."""

    def as_metadata(self) -> dict[str, str | int]:
        """Collection metadata entries recording this fingerprint."""
        import chromadb

        return {
            "embedding_model": self.embedding_model,
            "embedding_dimension": self.dimension,
            "embedding_backend": self.embedding_backend,
            "splitter_version": self.splitter_version,
            "chromadb_version": chromadb.__version__,
        }


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from Chroma."""

    id: str
    text: str
    metadata: Mapping[str, Any]
    embedding: Sequence[float] | None = None


def _chroma_settings() -> Any:
    import chromadb

    return chromadb.Settings(anonymized_telemetry=False, allow_reset=False)


def make_client(settings: Settings) -> Any:
    """An embedded client under the data directory, or an HTTP client in server mode."""
    import chromadb

    if settings.server_mode:
        try:
            return chromadb.HttpClient(
                host=str(settings.chroma_host),
                port=settings.chroma_port,
                settings=_chroma_settings(),
            )
        except Exception as err:  # chromadb raises bare ValueError/ConnectionError variants
            raise StoreUnavailableError(
                f"cannot reach the Chroma server at {settings.chroma_host}:"
                f"{settings.chroma_port} ({err}); start it with `chroma run --path DIR "
                f"--port {settings.chroma_port}` or unset RAG_CHROMA_HOST"
            ) from err
    path = Path(settings.data_dir) / "chroma"
    sqlite_file = path / "chroma.sqlite3"
    if sqlite_file.exists() and not _looks_like_sqlite(sqlite_file):
        raise IndexCorruptedError(
            f"the index at {path} is damaged ({sqlite_file.name} is not a database); "
            "run `rag ingest --rebuild` to build it again"
        )
    path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    except Exception as err:
        _forget_failed_client(path)
        raise IndexCorruptedError(
            f"cannot open the index at {path} ({err}); run `rag ingest --rebuild` to build it again"
        ) from err


def _forget_failed_client(path: Path) -> None:
    """Drop the half-started client Chroma keeps for ``path`` after failing to open it.

    Chroma caches one System per directory before starting it and keeps it when the
    start fails, so every later client of the directory, even after ``--rebuild``
    replaced the damaged files, would get the broken one in this process.
    """
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        if not SharedSystemClient._identifier_to_refcount.get(str(path)):
            SharedSystemClient._identifier_to_system.pop(str(path), None)
    except (ImportError, AttributeError):  # another chromadb layout: nothing cached there
        log.debug("cannot reach chromadb's client cache", exc_info=True)


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        header = handle.read(16)
    return header == b"SQLite format 3\x00" or len(header) == 0


class SharedClient:
    """The process's one Chroma client of a data directory, reopened when it falls behind.

    Chroma's embedded client loads the vector index once and never sees what another
    process writes to the same directory later: its queries miss new chunks and reading
    the vectors of chunks it has not loaded fails ("Error finding id"). Closing and
    reopening the client is the only way to catch up, and Chroma shares one client per
    directory inside a process, so every :class:`Store` of a directory shares this
    holder, and no operation runs while the client is being swapped.
    """

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.client = client
        self.fixed = client is not None or settings.server_mode  # a server is never stale
        self.version: object = None
        self._changed = threading.Condition()
        self._users = 0
        self._swapping = False

    @contextmanager
    def use(self, create: bool = True) -> Iterator[Any]:
        """The client, held open for the duration of one operation.

        Args:
            create: False for reads: when no index exists on disk yet, yield None
                instead of creating an empty one (``rag status`` run in the wrong
                place must not leave an empty index behind).
        """
        with self._changed:
            while self._swapping:
                self._changed.wait()
            absent = self.client is None and not create and not self._on_disk()
            if self.client is None and not absent:
                self.client = make_client(self.settings)
            self._users += 1
            client = self.client
        try:
            yield client
        finally:
            with self._changed:
                self._users -= 1
                self._changed.notify_all()

    def _on_disk(self) -> bool:
        """Whether an index exists to be read (always, for a server or a given client)."""
        if self.fixed:
            return True
        return (Path(self.settings.data_dir) / "chroma" / "chroma.sqlite3").exists()

    def reopen(self) -> None:
        """Close the client once running operations finish; the next one opens it afresh."""
        if self.fixed:
            return
        with self._changed:
            while self._swapping:
                self._changed.wait()
            self._swapping = True
            try:
                while self._users:
                    self._changed.wait()
                client, self.client = self.client, None
                if client is not None:
                    client.close()
            finally:
                self._swapping = False
                self._changed.notify_all()

    def sync(self, version: object, reopen: bool = True) -> None:
        """Record the index version the caller sees; reopen an open client if it changed."""
        with self._changed:
            if version == self.version:
                return
            self.version = version
            stale = self.client is not None and reopen
        if stale:
            self.reopen()


_shared: dict[str, SharedClient] = {}
_shared_lock = threading.Lock()


def shared_client(settings: Settings) -> SharedClient:
    """The holder of the embedded client of ``settings.data_dir`` in this process."""
    if settings.server_mode:
        return SharedClient(settings)
    key = str((Path(settings.data_dir) / "chroma").resolve())
    with _shared_lock:
        if key not in _shared:
            _shared[key] = SharedClient(settings)
        return _shared[key]


class Store:
    """One Chroma collection of chunks with their embeddings and metadata."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.name = settings.collection
        self.shared = SharedClient(settings, client) if client else shared_client(settings)

    @property
    def client(self) -> Any:
        """The Chroma client, created on first use."""
        with self.shared.use() as client:
            return client

    def reopen(self) -> None:
        """See what other processes wrote since the client was opened (embedded mode)."""
        self.shared.reopen()

    def sync(self, version: object, reopen: bool = True) -> None:
        """Reopen the client when the index ``version`` (any comparable token) changed.

        Args:
            version: What identifies the index's last completed ingest.
            reopen: False when the caller wrote that version itself, so the open
                client already holds it.
        """
        self.shared.sync(version, reopen)

    def _collection(self, fingerprint: IndexFingerprint | None = None, create: bool = False) -> Any:
        with self.shared.use(create=create) as client:
            return self._open_collection(client, fingerprint, create)

    def _open_collection(
        self, client: Any, fingerprint: IndexFingerprint | None = None, create: bool = False
    ) -> Any:
        if client is None:  # nothing on disk yet, and the caller only reads
            return None
        try:
            if create:
                assert fingerprint is not None
                collection = client.get_or_create_collection(
                    self.name,
                    metadata={"hnsw:space": "cosine", **fingerprint.as_metadata()},
                    embedding_function=None,
                )
            else:
                collection = client.get_collection(self.name, embedding_function=None)
        except Exception as err:
            if not create and _is_not_found(err):
                return None
            raise self._convert(err) from err
        if fingerprint is not None:
            check_fingerprint(collection.metadata or {}, fingerprint, self.name)
        return collection

    def _convert(self, err: Exception) -> Exception:
        # A damaged file's bytes can end up in Chroma's message, line breaks and all;
        # the user gets one readable line that names the fix.
        text = " ".join("".join(c if c.isprintable() else " " for c in str(err)).split())
        if self.settings.server_mode and any(
            word in text.lower() for word in ("connect", "refused", "timed out", "resolve")
        ):
            return StoreUnavailableError(
                f"cannot reach the Chroma server at {self.settings.chroma_host}:"
                f"{self.settings.chroma_port} ({text})"
            )
        return IndexCorruptedError(
            f"the index cannot be read ({type(err).__name__}: {text}); run "
            "`rag ingest --rebuild` to build it again"
        )

    def exists(self) -> bool:
        """Whether the collection has been created."""
        return self._collection() is not None

    def metadata(self) -> dict[str, Any]:
        """The collection's metadata (fingerprint), or {} when there is no index yet."""
        collection = self._collection()
        return dict(collection.metadata or {}) if collection is not None else {}

    def check(self, fingerprint: IndexFingerprint) -> None:
        """Raise if the existing index was built with another model or splitter."""
        collection = self._collection()
        if collection is not None:
            check_fingerprint(collection.metadata or {}, fingerprint, self.name)

    def count(self) -> int:
        """Number of chunks stored (0 when there is no index yet)."""
        with self.shared.use(create=False) as client:
            collection = self._open_collection(client)
            if collection is None:
                return 0
            try:
                return int(collection.count())
            except Exception as err:
                raise self._convert(err) from err

    def delete_collection(self) -> None:
        """Drop the whole collection (``--rebuild``)."""
        with self.shared.use(create=False) as client:
            if client is None:
                return
            try:
                client.delete_collection(self.name)
            except Exception as err:
                if not _is_not_found(err):
                    raise self._convert(err) from err

    def reset(self) -> Path | None:
        """Drop the collection (``--rebuild``), even when the index is too damaged to open.

        The fix every "index damaged" message names is ``rag ingest --rebuild``, so it
        must work when Chroma cannot read its own files: the embedded index directory
        is then moved aside (to ``chroma.damaged``) and a new one is started.

        Returns:
            Where a damaged index was moved, or None when the collection was dropped.
        """
        try:
            self.delete_collection()
            return None
        except IndexCorruptedError:
            if self.shared.fixed:
                raise
        path = Path(self.settings.data_dir) / "chroma"
        aside = path.with_name("chroma.damaged")
        self.shared.reopen()  # let go of the damaged files first
        shutil.rmtree(aside, ignore_errors=True)
        path.rename(aside)
        return aside

    def add(
        self,
        fingerprint: IndexFingerprint,
        ids: Sequence[str],
        texts: Sequence[str],
        metadatas: Sequence[Mapping[str, Any]],
        embeddings: Any,
    ) -> None:
        """Insert chunks (ids are content hashes, so upsert is idempotent)."""
        with self.shared.use() as client:
            collection = self._open_collection(client, fingerprint, create=True)
            batch = _max_batch(client)
            for first in range(0, len(ids), batch):
                last = first + batch
                collection.upsert(
                    ids=list(ids[first:last]),
                    documents=list(texts[first:last]),
                    metadatas=[dict(m) for m in metadatas[first:last]],
                    embeddings=embeddings[first:last],
                )

    def update_metadata(self, ids: Sequence[str], metadatas: Sequence[Mapping[str, Any]]) -> None:
        """Replace the metadata of stored chunks, keeping their text and vectors."""
        self._in_pages(
            ids,
            lambda collection, page: collection.update(
                ids=list(ids[page]), metadatas=[dict(m) for m in metadatas[page]]
            ),
        )

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        self._in_pages(ids, lambda collection, page: collection.delete(ids=list(ids[page])))

    def _in_pages(self, ids: Sequence[str], action: Callable[[Any, slice], object]) -> None:
        """``action(collection, page)`` for each slice of ``ids`` of at most PAGE_SIZE.

        Requests stay at PAGE_SIZE rows, like the reads; with no ids or no collection
        yet there is nothing to change, and nothing is created.
        """
        if not ids:
            return
        with self.shared.use(create=False) as client:
            collection = self._open_collection(client)
            if collection is None:
                return
            for first in range(0, len(ids), PAGE_SIZE):
                action(collection, slice(first, first + PAGE_SIZE))

    def iter_metadata(self, where: Mapping[str, Any] | None = None) -> Iterator[StoredChunk]:
        """Every chunk's id and metadata (no text), page by page."""
        yield from self._iterate(include=["metadatas"], where=where)

    def iter_chunks(self) -> Iterator[StoredChunk]:
        """Every chunk with text and metadata, page by page (for the keyword index)."""
        yield from self._iterate(include=["documents", "metadatas"])

    def _page(self, include: list[str], where: Mapping[str, Any] | None, offset: int) -> Any:
        """One page of chunks, the client held for the page only.

        Never across a yield: a caller that stops iterating must not keep the client from
        being reopened.
        """
        with self.shared.use(create=False) as client:
            collection = self._open_collection(client)
            if collection is None:
                return None
            return collection.get(
                include=include, where=dict(where) if where else None, limit=PAGE_SIZE,
                offset=offset,
            )  # fmt: skip

    def iter_chunks_where(self, where: Mapping[str, Any]) -> Iterator[StoredChunk]:
        """Chunks with text and metadata matching a Chroma ``where`` filter."""
        yield from self._iterate(include=["documents", "metadatas"], where=where)

    def _iterate(
        self, include: list[str], where: Mapping[str, Any] | None = None
    ) -> Iterator[StoredChunk]:
        offset = 0
        while True:
            page = self._read_again_if_moved(partial(self._page, include, where, offset))
            if page is None:
                return
            ids = page["ids"]
            documents = page.get("documents") or [""] * len(ids)
            metadatas = page.get("metadatas") or [{}] * len(ids)
            for chunk_id, text, meta in zip(ids, documents, metadatas, strict=True):
                yield StoredChunk(chunk_id, text or "", meta or {})
            if len(ids) < PAGE_SIZE:
                return
            offset += PAGE_SIZE

    def get(self, ids: Sequence[str], with_embeddings: bool = False) -> list[StoredChunk]:
        """Chunks by id, in the order asked; ids no longer stored are left out."""
        if not ids:
            return []
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        page = self._read_again_if_moved(lambda: self._get(ids, include))
        if page is None:
            return []
        embeddings = page.get("embeddings")
        if embeddings is None:
            embeddings = [None] * len(page["ids"])
        found = {
            chunk_id: StoredChunk(chunk_id, text or "", meta or {}, vector)
            for chunk_id, text, meta, vector in zip(
                page["ids"], page["documents"], page["metadatas"], embeddings, strict=True
            )
        }
        return [found[i] for i in ids if i in found]

    def _read_again_if_moved(self, read: Callable[[], Any]) -> Any:
        """``read()``, again if chunks moved under it ("Error finding id").

        Another process added chunks after this client loaded its vectors (reopened
        first), or an ingest in this process moved them under the read: seen under load
        in CI, a question asked while the UI ingests; up to :data:`READ_ATTEMPTS` reads.
        """
        for attempt in range(READ_ATTEMPTS):
            try:
                return read()
            except RagError:
                raise
            except Exception as err:
                moved = "error finding id" in str(err).lower()
                if not moved or attempt == READ_ATTEMPTS - 1:
                    raise self._convert(err) from err
                if not self.shared.fixed:
                    log.info("index changed by another process; reopening it")
                    self.reopen()
                time.sleep(MOVED_PAUSE * attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _get(self, ids: Sequence[str], include: list[str]) -> Any:
        with self.shared.use(create=False) as client:
            collection = self._open_collection(client)
            if collection is None:
                return None
            return collection.get(ids=list(ids), include=include)

    def query(self, embedding: Sequence[float], n: int) -> list[tuple[str, float]]:
        """Nearest chunks as (id, cosine similarity), best first.

        Raises:
            IndexCorruptedError: The vector index has lost chunks that the collection
                still lists (its files were deleted or replaced); Chroma itself would
                silently answer from what is left.
        """
        found = self._query(embedding, n)
        if len(found) >= n or len(found) >= self.count():
            return found
        # Short: vectors loaded before another process wrote, or lost. Reopen and retry;
        # counting before and after tolerates chunks deleted by an ingest meanwhile.
        self.reopen()
        before = self.count()
        found = self._query(embedding, n)
        if len(found) < min(n, before, self.count()):
            raise IndexCorruptedError(
                f"the vector index in {self.settings.data_dir} is missing chunks that the "
                "index lists (its files were deleted or damaged); run `rag ingest --rebuild` "
                "to build it again"
            )
        return found

    def _query(self, embedding: Sequence[float], n: int) -> list[tuple[str, float]]:
        def read() -> Any:
            with self.shared.use(create=False) as client:
                collection = self._open_collection(client)
                if collection is None:
                    return None
                return collection.query(
                    query_embeddings=[list(map(float, embedding))],
                    n_results=n,
                    include=["distances"],
                )

        # A search moved under by an ingest fails as a read by id does, and reads again.
        result = self._read_again_if_moved(read)
        if result is None:
            return []
        return [
            (chunk_id, 1.0 - float(distance))
            for chunk_id, distance in zip(result["ids"][0], result["distances"][0], strict=True)
        ]


def check_fingerprint(
    stored: Mapping[str, Any], expected: IndexFingerprint, collection: str
) -> None:
    """Refuse to mix vectors of different models or chunks of different splitters."""
    import chromadb

    from rag.retrieval.embeddings import same_vectors

    model = stored.get("embedding_model")
    dimension = stored.get("embedding_dimension")
    if model is None or dimension is None:
        raise IndexIncompatibleError(
            f"collection '{collection}' was not created by this tool (no embedding model "
            "recorded); run `rag ingest --rebuild` or choose another RAG_COLLECTION"
        )
    if model != expected.embedding_model or int(dimension) != expected.dimension:
        raise IndexIncompatibleError(
            f"the index was built with {model} ({dimension} dims) but the configured model is "
            f"{expected.embedding_model} ({expected.dimension} dims); run `rag ingest --rebuild` "
            f"to re-embed everything with {expected.embedding_model}"
        )
    backend = str(stored.get("embedding_backend", "torch"))
    if not same_vectors(backend, expected.embedding_backend):
        raise IndexIncompatibleError(
            f"the index holds {backend} vectors, which differ from what the configured "
            f"{expected.embedding_backend} embedding backend makes; set "
            f"RAG_EMBEDDING_BACKEND={backend}, or run `rag ingest --rebuild` to re-embed"
        )
    if str(stored.get("splitter_version")) != expected.splitter_version:
        raise IndexIncompatibleError(
            f"the index was split by splitter version {stored.get('splitter_version')} and this "
            f"version splits differently ({expected.splitter_version}); run "
            "`rag ingest --rebuild`"
        )
    built_with = str(stored.get("chromadb_version", ""))
    if built_with.split(".")[0] != chromadb.__version__.split(".")[0]:
        raise IndexIncompatibleError(
            f"the index was written by chromadb {built_with or 'unknown'} and this is chromadb "
            f"{chromadb.__version__}; run `rag ingest --rebuild`"
        )


def _is_not_found(err: Exception) -> bool:
    text = f"{type(err).__name__} {err}".lower()
    return "notfound" in text.replace(" ", "") or "does not exist" in text


def _max_batch(client: Any) -> int:
    try:
        return max(1, min(int(client.get_max_batch_size()), 5000))
    except Exception:
        return 1000
