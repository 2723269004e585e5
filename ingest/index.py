"""Bring the index in line with a set of files: add new, replace changed, drop deleted.

What is indexed is worked out from Chroma's own metadata (document key, file hash,
chunk count), not from a side file, so the index can never disagree with a manifest.
New chunks of a changed file are written before its old ones are deleted: a crash
leaves at worst a file indexed twice, which the next ingest repairs, never a file
that silently vanished.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ingest.formats import locate_units
from ingest.load import FoundFile, LoadedDocument, discover_files, load_document
from ingest.scan import scan_for_injection, scan_markup
from ingest.split import SPLITTER_VERSION, TextChunk, split_document
from ingest.titles import distinct_title
from rag.errors import FileRejectedError, IndexLockedError
from rag.retrieval.embeddings import Embedder
from rag.retrieval.keyword import KeywordIndex
from rag.retrieval.retriever import keyword_corpus
from rag.retrieval.store import IndexFingerprint, Store
from rag.settings import Settings
from rag.text.chunks import embedding_text

log = logging.getLogger(__name__)

FLUSH_CHUNKS = 512
"""Chunks embedded and written per step: bounds memory and what a crash can lose."""

LOCK_TIMEOUT_S = 3.0


@dataclass
class IngestReport:
    """What an ingest did, as printed by ``rag ingest --json``."""

    files_seen: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks_added: int = 0
    chunks_removed: int = 0
    chunks_total: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """False when any file could not be ingested."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return asdict(self)


@dataclass
class _PlannedFile:
    doc: LoadedDocument
    status: str  # "added" or "updated"
    new_ids: list[str]
    obsolete_ids: list[str]
    pending: int
    kept: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class _DocState:
    ids: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    n_chunks: int = -1
    root: str = ""
    source: str = ""
    title: str = ""


def chunk_id(doc_key: str, chunk: TextChunk, title: str) -> str:
    """Content hash: same file, place and text give the same id in every ingest."""
    key = "\x00".join(
        [doc_key, str(chunk.start), str(chunk.end), title, chunk.section, str(chunk.page)]
    )
    return hashlib.sha256(f"{key}\x00{chunk.text}".encode()).hexdigest()[:32]


def index_lock(settings: Settings) -> FileLock:
    """The one-writer-at-a-time lock of this data directory."""
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    return FileLock(str(Path(settings.data_dir) / "ingest.lock"), timeout=LOCK_TIMEOUT_S)


def keyword_dir(settings: Settings) -> Path:
    """Where the keyword index of the configured collection is saved."""
    return Path(settings.data_dir) / "keyword" / settings.collection


def state_file(settings: Settings) -> Path:
    """Small JSON record of the last ingest (time, counts) for the UI's status."""
    return Path(settings.data_dir) / f"{settings.collection}.state.json"


def read_state(settings: Settings) -> dict[str, Any]:
    """The last ingest's record, or {} when there was none."""
    try:
        return dict(json.loads(state_file(settings).read_text()))
    except (OSError, ValueError):
        return {}


def ingest_paths(
    paths: Sequence[Path],
    *,
    settings: Settings,
    store: Store,
    embedder: Embedder,
    keyword_index: KeywordIndex,
    rebuild: bool = False,
    progress: bool = False,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into the index; see the module docstring for the rules.

    Args:
        paths: Files and folders; a folder's deleted files are removed from the index.
        settings: Chunk size and overlap, data directory.
        store: The Chroma collection to write.
        embedder: The embedding model (also counts tokens for the splitter).
        keyword_index: Rebuilt from Chroma at the end.
        rebuild: Drop the collection first (needed after changing the model).
        progress: Show progress bars (on a terminal).
        on_progress: Called with (stage, done, total), for the UI's progress bar.

    Raises:
        IndexLockedError: Another ingest holds the data directory.
        IndexIncompatibleError: The index was built with another model or splitter.
    """
    started = time.perf_counter()
    with _single_writer(settings):
        report = _ingest_locked(
            paths, settings, store, embedder, keyword_index, rebuild, progress, on_progress
        )
    report.seconds = round(time.perf_counter() - started, 3)
    return report


@contextmanager
def _single_writer(settings: Settings) -> Iterator[None]:
    """Hold the data directory's ingest lock, or fail at once with a clear message."""
    try:
        with index_lock(settings):
            yield
    except Timeout as err:
        raise IndexLockedError(
            f"the index in {settings.data_dir} is being updated by another ingest; "
            "try again when it has finished"
        ) from err


def _plan_changed(
    doc: LoadedDocument,
    existing: dict[str, _DocState],
    settings: Settings,
    embedder: Embedder,
    report: IngestReport,
    plans: list[_PlannedFile],
    pending: list[tuple[_PlannedFile, str, str, dict[str, Any]]],
) -> None:
    """Skip an unchanged document, or plan what to write and delete for it."""
    if _unchanged(doc, existing):
        report.unchanged += 1
        return
    state = existing.get(doc.doc_key)
    plan, records = _plan_file(doc, state, settings, embedder)
    plans.append(plan)
    pending.extend((plan, *record) for record in records)


def _ingest_locked(
    paths: Sequence[Path],
    settings: Settings,
    store: Store,
    embedder: Embedder,
    keyword_index: KeywordIndex,
    rebuild: bool,
    progress: bool,
    on_progress: Callable[[str, int, int], None] | None,
) -> IngestReport:
    from tqdm import tqdm

    fingerprint = _prepare(settings, store, embedder, keyword_index, rebuild) if rebuild else None
    report = IngestReport()
    found, missing = discover_files(paths, skip=settings.data_dir)
    report.errors.extend({"path": e.path, "error": e.reason} for e in missing)
    report.files_seen = len(found)
    existing = _existing_documents(store)

    loaded: list[tuple[FoundFile, LoadedDocument]] = []
    failed_keys: set[str] = set()
    seen_keys: set[str] = set()
    bar = tqdm(found, desc="Reading", unit="file", disable=not progress, leave=False)
    for number, file in enumerate(bar, start=1):
        if on_progress:
            on_progress("reading", number, len(found))
        key = f"{file.root.as_posix()}::{file.source}"
        seen_keys.add(key)
        try:
            loaded.append((file, load_document(file)))
        except FileRejectedError as err:
            failed_keys.add(key)
            report.errors.append({"path": _shown(file), "error": err.reason})
    copies = _indexed_elsewhere(loaded, existing)
    for file, root in copies.items():
        said = (f"the same file is already indexed from {root}; not added again (to index "
                "it from here instead, run `rag ingest --rebuild` on this folder)")  # fmt: skip
        report.warnings.append({"path": _shown(file), "warning": said})
    changed = [(f, doc) for f, doc in loaded if f not in copies and not _unchanged(doc, existing)]
    report.unchanged = len(loaded) - len(changed)
    removed_keys = _deleted_documents(found, paths, existing, seen_keys, failed_keys)
    if not changed and not removed_keys and not keyword_index.is_stale():
        # Nothing to write: the embedding model is not even loaded (`make ask` ingests
        # before every question). A changed model or splitter is still refused.
        _check_unchanged_index(store, embedder, settings, keyword_index)
        if keyword_index.saved_version() is None or keyword_index.outdated():
            # Nothing was ever indexed here (save the empty one), or the saved keyword
            # index was made by an older tokenizer: rebuilt from Chroma, no model needed.
            rebuild_keyword_index(store, keyword_index)
        report.chunks_total = store.count()
        _write_state(settings, report)
        return report

    if fingerprint is None:
        fingerprint = _prepare(settings, store, embedder, keyword_index, rebuild)
    keyword_index.mark_stale()
    plans: list[_PlannedFile] = []
    pending_chunks: list[tuple[_PlannedFile, str, str, dict[str, Any]]] = []
    changed_keys = {doc.doc_key for _, doc in changed}
    taken = [s.title for key, s in existing.items() if key not in changed_keys | set(removed_keys)]
    for file, doc in changed:
        # Content warnings only for files added or changed now, not on every run.
        findings = scan_for_injection(doc.text)
        if doc.kind == "html":  # the loader drops scripts and attributes: look at the markup
            findings += scan_markup(file.path.read_text("utf-8", errors="replace"))
        for finding in findings:
            report.warnings.append({"path": _shown(file), "warning": finding})
        doc = replace(doc, title=distinct_title(doc, taken))
        taken.append(doc.title)
        _plan_changed(doc, existing, settings, embedder, report, plans, pending_chunks)

    _write(pending_chunks, plans, store, embedder, fingerprint, report, progress, on_progress)
    for key in removed_keys:
        ids = sorted(existing[key].ids)
        store.delete(ids)
        report.removed += 1
        report.chunks_removed += len(ids)

    _finish(settings, store, keyword_index, report)
    return report


def _indexed_elsewhere(
    loaded: Sequence[tuple[FoundFile, LoadedDocument]], existing: dict[str, _DocState]
) -> dict[FoundFile, str]:
    """Files new to the index whose same content is indexed from another folder, with it.

    A document is its folder and its path inside it, so a course folder copied or moved
    and ingested again was added a second time, every passage of it twice in answers
    (an evaluation that ingested the same courses from three checkouts held three
    copies). A new document with the same path and content as one already indexed is
    that document: it is not added again, and the report says where it is from.
    """
    indexed = {(state.source, sha): state.root for state in existing.values()
               for sha in state.hashes}  # fmt: skip
    return {
        file: indexed[(doc.source, doc.sha256)]
        for file, doc in loaded
        if doc.doc_key not in existing and (doc.source, doc.sha256) in indexed
    }


def _unchanged(doc: LoadedDocument, existing: dict[str, _DocState]) -> bool:
    """Same file content and all its chunks stored: nothing to do for ``doc``."""
    state = existing.get(doc.doc_key)
    return bool(state and state.hashes == {doc.sha256} and len(state.ids) == state.n_chunks)


def _check_unchanged_index(
    store: Store, embedder: Embedder, settings: Settings, keyword_index: KeywordIndex
) -> None:
    """Refuse, as a full ingest would, an index built with another model or splitter.

    Compares names only, which needs no model; a same-named model of another size
    is caught by the first query (``Assistant._require_index``) or the next write.
    """
    stored = store.metadata()
    if stored and (
        stored.get("embedding_model") != embedder.name
        or str(stored.get("splitter_version")) != SPLITTER_VERSION
    ):
        _prepare(settings, store, embedder, keyword_index, rebuild=False)  # raises


def _prepare(
    settings: Settings,
    store: Store,
    embedder: Embedder,
    keyword_index: KeywordIndex,
    rebuild: bool,
) -> IndexFingerprint:
    """Refuse an incompatible index, or drop it on ``rebuild``; the fingerprint to write."""
    embedder.check_chunk_size(settings.chunk_size)
    fingerprint = IndexFingerprint(
        embedder.name, embedder.dimension, SPLITTER_VERSION, embedder.backend
    )
    if rebuild:
        keyword_index.mark_stale()
        damaged = store.reset()
        if damaged is not None:
            log.warning("the damaged index was moved to %s; delete it when done", damaged)
        shutil.rmtree(keyword_index.directory, ignore_errors=True)
    else:
        store.check(fingerprint)
    return fingerprint


def _finish(
    settings: Settings, store: Store, keyword_index: KeywordIndex, report: IngestReport
) -> None:
    rebuild_keyword_index(store, keyword_index)
    # Chroma's count, not the keyword index's: readers in this process may be rebuilding
    # the shared in-memory keyword index at this moment (they catch up by themselves).
    report.chunks_total = store.count()
    _write_state(settings, report)


def _write_state(settings: Settings, report: IngestReport) -> None:
    state_file(settings).write_text(
        json.dumps({"last_ingest": time.time(), "chunks": report.chunks_total})
    )


def ingest_documents(
    docs: Sequence[LoadedDocument],
    *,
    settings: Settings,
    store: Store,
    embedder: Embedder,
    keyword_index: KeywordIndex,
    rebuild: bool = False,
    progress: bool = False,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> IngestReport:
    """Ingest documents already in memory through the same split, embed and store path.

    Benchmark corpora (BEIR) arrive as JSON records, not files; writing them out only
    to read them back would be slow and would make the loader invent titles from file
    names. Unchanged documents (same key and hash) are skipped; nothing is removed.

    Raises:
        IndexLockedError: Another ingest holds the data directory.
        IndexIncompatibleError: The index was built with another model or splitter.
    """
    from tqdm import tqdm

    started = time.perf_counter()
    with _single_writer(settings):
        fingerprint = _prepare(settings, store, embedder, keyword_index, rebuild)
        report = IngestReport(files_seen=len(docs))
        existing = _existing_documents(store)
        keyword_index.mark_stale()
        plans: list[_PlannedFile] = []
        pending: list[tuple[_PlannedFile, str, str, dict[str, Any]]] = []
        bar = tqdm(docs, desc="Splitting", unit="doc", disable=not progress, leave=False)
        for number, doc in enumerate(bar, start=1):
            if on_progress:
                on_progress("reading", number, len(docs))
            _plan_changed(doc, existing, settings, embedder, report, plans, pending)
        _write(pending, plans, store, embedder, fingerprint, report, progress, on_progress)
        _finish(settings, store, keyword_index, report)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _shown(file: FoundFile) -> str:
    return str(file.path)


def _existing_documents(store: Store) -> dict[str, _DocState]:
    states: dict[str, _DocState] = defaultdict(_DocState)
    for chunk in store.iter_metadata():
        meta = chunk.metadata
        state = states[str(meta.get("doc_key", ""))]
        state.ids.add(chunk.id)
        state.hashes.add(str(meta.get("file_sha", "")))
        state.n_chunks = int(meta.get("n_chunks", -1))
        state.root = str(meta.get("root", ""))
        state.source = str(meta.get("source", ""))
        state.title = str(meta.get("title", ""))
    return dict(states)


def chunk_document(doc: LoadedDocument, settings: Settings, embedder: Embedder) -> list[TextChunk]:
    """The chunks an ingest makes of ``doc`` with these settings and this tokenizer."""
    return split_document(
        doc.text,
        count_tokens=embedder.count_tokens,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        body_start=doc.body_start,
        pages=doc.pages,
        header=lambda section: embedding_text(doc.title, section, ""),
    )


def _plan_file(
    doc: LoadedDocument, state: _DocState | None, settings: Settings, embedder: Embedder
) -> tuple[_PlannedFile, list[tuple[str, str, dict[str, Any]]]]:
    chunks = chunk_document(doc, settings, embedder)
    now = time.time()
    old_ids = state.ids if state else set()
    ids = [chunk_id(doc.doc_key, chunk, doc.title) for chunk in chunks]
    records: list[tuple[str, str, dict[str, Any]]] = []
    kept: list[tuple[str, dict[str, Any]]] = []
    for index, (chunk, cid) in enumerate(zip(chunks, ids, strict=True)):
        meta = _chunk_metadata(doc, chunk, index, len(chunks), now)
        if cid in old_ids:
            kept.append((cid, meta))  # same text and place: only the file hash changes
        else:
            records.append((cid, chunk.text, meta))
    plan = _PlannedFile(
        doc=doc,
        status="updated" if state else "added",
        new_ids=[record[0] for record in records],
        obsolete_ids=sorted(old_ids - set(ids)),
        pending=len(records),
        kept=kept,
    )
    return plan, records


def _chunk_metadata(
    doc: LoadedDocument, chunk: TextChunk, index: int, n_chunks: int, now: float
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_key": doc.doc_key,
        "root": doc.root.as_posix(),
        "source": doc.source,
        "title": doc.title,
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "file_sha": doc.sha256,
        "n_chunks": n_chunks,
        "chunk_index": index,
        "kind": doc.kind,
        "tokens": chunk.tokens,
        "ingested_at": now,
    }
    if chunk.page is not None:
        meta["page"] = chunk.page
    meta.update(locate_units(doc.units, chunk.start, chunk.end))
    return meta


def _deleted_documents(
    found: Sequence[FoundFile],
    paths: Iterable[Path],
    existing: dict[str, _DocState],
    seen_keys: set[str],
    failed_keys: set[str],
) -> list[str]:
    """Documents indexed from an ingested folder whose file is gone from it."""
    folders = {Path(p).expanduser().resolve().as_posix() for p in paths if Path(p).is_dir()}
    return sorted(
        key
        for key, state in existing.items()
        if state.root in folders and key not in seen_keys and key not in failed_keys
    )


def _write(
    pending: list[tuple[_PlannedFile, str, str, dict[str, Any]]],
    plans: list[_PlannedFile],
    store: Store,
    embedder: Embedder,
    fingerprint: IndexFingerprint,
    report: IngestReport,
    progress: bool,
    on_progress: Callable[[str, int, int], None] | None,
) -> None:
    from tqdm import tqdm

    bar = tqdm(total=len(pending), desc="Embedding", unit="chunk", disable=not progress)
    for first in range(0, len(pending), FLUSH_CHUNKS):
        batch = pending[first : first + FLUSH_CHUNKS]
        texts = [
            embedding_text(str(meta["title"]), str(meta["section"]), text)
            for _, _, text, meta in batch
        ]
        vectors = embedder.encode(texts, documents=True)
        store.add(
            fingerprint,
            ids=[cid for _, cid, _, _ in batch],
            texts=[text for _, _, text, _ in batch],
            metadatas=[meta for _, _, _, meta in batch],
            embeddings=vectors,
        )
        for plan, *_ in batch:
            plan.pending -= 1
        bar.update(len(batch))
        if on_progress:
            on_progress("embedding", min(first + FLUSH_CHUNKS, len(pending)), len(pending))
    bar.close()
    for plan in plans:
        store.update_metadata([cid for cid, _ in plan.kept], [meta for _, meta in plan.kept])
        store.delete(plan.obsolete_ids)
        report.chunks_added += len(plan.new_ids)
        report.chunks_removed += len(plan.obsolete_ids)
        if plan.status == "added":
            report.added += 1
        else:
            report.updated += 1


def rebuild_keyword_index(store: Store, keyword_index: KeywordIndex) -> None:
    """Rebuild BM25 from what Chroma holds now, save it, and clear the stale marker."""
    keyword_index.build(*keyword_corpus(store))
    keyword_index.save()
