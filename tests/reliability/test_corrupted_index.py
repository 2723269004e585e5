"""Damaged or incompatible data directories: one clear message naming the fix.

Each damaged index is opened by the real `rag retrieve` in a child process with a
timeout, so a hang or a crash inside Chroma's native code fails the test instead of
the test run. Expected every time: exit status 1, `rag ingest --rebuild` named, no
traceback; then `rag ingest --rebuild` repairs it. Incompatible indexes (another
embedding model, splitter or chromadb version) are made through ``Store.add`` with
a fingerprint that records those other settings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from ingest.index import keyword_dir
from ingest.split import SPLITTER_VERSION
from rag.assistant import Assistant
from rag.errors import IndexCorruptedError
from rag.retrieval.embeddings import Embedder
from rag.retrieval.store import IndexFingerprint, Store
from tests.conftest import REPO, make_settings
from tests.reliability.test_crash_safety import child_env, index_problems

pytestmark = pytest.mark.slow

COURSE = {
    "gans.md": "# GANs\n\n## Training\n\nA generator and a discriminator compete.\n",
    "diffusion.md": "# Diffusion\n\n## Sampling\n\nDiffusion models remove noise step by step.\n",
}


def rag(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rag.cli", *args, "--data-dir", str(data)],
        capture_output=True, text=True, timeout=180, cwd=REPO, env=child_env(),
    )  # fmt: skip


def assert_clear_error(result: subprocess.CompletedProcess[str], fix: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr[-3000:])
    assert fix in result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("course")
    for name, text in COURSE.items():
        (folder / name).write_text(text, "utf-8")
    return folder


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory, course: Path, embedder: Embedder) -> Path:
    data = tmp_path_factory.mktemp("small") / "data"
    assistant = Assistant(make_settings(data), embedder=embedder)
    assert assistant.ingest([course]).ok
    assistant.store.reopen()  # closes the client: the copies are of settled files
    return data


@pytest.fixture(scope="module")
def large_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """Past Chroma's sync threshold (1000), so its vector index lives in segment files.

    Random unit vectors stand in for embedded text: the test is about files, and
    embedding 1500 chunks would take minutes on CPU.
    """
    data = tmp_path_factory.mktemp("large") / "data"
    store = Store(make_settings(data))
    fingerprint = IndexFingerprint(embedder.name, embedder.dimension, SPLITTER_VERSION)
    n = 1500
    vectors = np.random.default_rng(0).standard_normal((n, embedder.dimension))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    metas = [
        {"doc_key": f"x::d{i}.md", "root": "x", "source": f"d{i}.md", "title": "Notes",
         "section": "Topic", "start": 0, "end": 20, "file_sha": "s", "n_chunks": 1,
         "chunk_index": 0, "kind": "markdown", "tokens": 5, "ingested_at": 1.0}
        for i in range(n)
    ]  # fmt: skip
    store.add(fingerprint, [f"c{i}" for i in range(n)], [f"generator notes {i}" for i in range(n)],
              metas, vectors)  # fmt: skip
    store.reopen()
    assert segment_files(data), "expected Chroma to have written its vector index files"
    return data


def segment_files(data: Path) -> list[Path]:
    """The vector index files of the collection (Chroma keeps them in a uuid folder)."""
    return [p for p in (data / "chroma").glob("*/*") if p.is_file()]


def sqlite(data: Path) -> Path:
    return data / "chroma" / "chroma.sqlite3"


def truncate_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


DAMAGES: dict[str, tuple[str, Callable[[Path], object]]] = {
    "sqlite truncated to half": ("small", lambda d: truncate_half(sqlite(d))),
    "sqlite overwritten with zeros": (
        "small", lambda d: sqlite(d).write_bytes(bytes(sqlite(d).stat().st_size))),
    "sqlite replaced by garbage": ("small", lambda d: sqlite(d).write_bytes(os.urandom(65536))),
    "sqlite header kept, pages garbage": (
        "small", lambda d: sqlite(d).write_bytes(sqlite(d).read_bytes()[:100] + os.urandom(8192))),
    "vector index files deleted": ("large", lambda d: [p.unlink() for p in segment_files(d)]),
    "vector index files truncated": ("large", lambda d: [truncate_half(p) for p in segment_files(d)]),
    "vector index files garbage": (
        "large", lambda d: [p.write_bytes(os.urandom(p.stat().st_size or 64)) for p in segment_files(d)]),
}  # fmt: skip


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_index_gives_one_line_naming_rebuild(
    damage: str, small_index: Path, large_index: Path, course: Path, tmp_path: Path,
    embedder: Embedder,
) -> None:  # fmt: skip
    which, harm = DAMAGES[damage]
    data = tmp_path / "data"
    shutil.copytree(small_index if which == "small" else large_index, data)
    harm(data)

    assert_clear_error(rag("retrieve", "What does the generator do?", "--json", data=data),
                       "rag ingest --rebuild")  # fmt: skip

    assistant = Assistant(make_settings(data), embedder=embedder)
    report = assistant.ingest([course], rebuild=True)
    assert report.ok and report.added == len(COURSE)
    assert index_problems(assistant, course) == []
    assert assistant.retrieve("What does the generator do?", k=1).passages[0].source == "gans.md"


def test_rebuild_from_the_cli_repairs_a_truncated_database(
    small_index: Path, course: Path, tmp_path: Path, embedder: Embedder
) -> None:
    data = tmp_path / "data"
    shutil.copytree(small_index, data)
    truncate_half(sqlite(data))
    assert_clear_error(rag("ingest", str(course), data=data), "rag ingest --rebuild")

    rebuilt = rag("ingest", str(course), "--rebuild", data=data)
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    assert (data / "chroma.damaged").is_dir(), "the damaged files are kept aside, not lost"
    assert "moved to" in rebuilt.stderr
    assert index_problems(Assistant(make_settings(data), embedder=embedder), course) == []


def test_emptied_database_asks_for_an_ingest(small_index: Path, tmp_path: Path) -> None:
    """A 0-byte file is what SQLite creates for a new database: the index is just empty."""
    data = tmp_path / "data"
    shutil.copytree(small_index, data)
    sqlite(data).write_bytes(b"")
    assert_clear_error(rag("retrieve", "generator", data=data), "run `rag ingest` first")


@dataclass(frozen=True)
class OtherChromaFingerprint(IndexFingerprint):
    """What an index written by an older chromadb release records."""

    def as_metadata(self) -> dict[str, str | int]:
        return {**super().as_metadata(), "chromadb_version": "0.4.24"}


INCOMPATIBLE: dict[str, Callable[[Embedder], IndexFingerprint]] = {
    "another embedding model": lambda e: IndexFingerprint("BAAI/bge-base-en-v1.5", 768,
                                                          SPLITTER_VERSION),
    "another splitter version": lambda e: IndexFingerprint(e.name, e.dimension, "1"),
    "another chromadb version": lambda e: OtherChromaFingerprint(e.name, e.dimension,
                                                                 SPLITTER_VERSION),
}  # fmt: skip


@pytest.mark.parametrize("other", list(INCOMPATIBLE))
def test_incompatible_index_is_refused_with_the_fix(
    other: str, course: Path, tmp_path: Path, embedder: Embedder
) -> None:
    data = tmp_path / "data"
    fingerprint = INCOMPATIBLE[other](embedder)
    # Straight through chromadb: Store.add itself refuses to write under a fingerprint
    # of another chromadb version.
    collection = Store(make_settings(data)).client.create_collection(
        "course", metadata={"hnsw:space": "cosine", **fingerprint.as_metadata()}
    )
    collection.add(
        ids=["c0"],
        documents=["A generator and a discriminator compete."],
        metadatas=[{"doc_key": "x::a.md", "source": "a.md", "file_sha": "s", "n_chunks": 1}],
        embeddings=np.ones((1, fingerprint.dimension)) / np.sqrt(fingerprint.dimension),
    )

    result = rag("retrieve", "generator", data=data)
    assert_clear_error(result, "rag ingest --rebuild")
    detail = {"another embedding model": "bge-base-en-v1.5 (768 dims)",
              "another splitter version": "splitter version 1",
              "another chromadb version": "chromadb 0.4.24"}[other]  # fmt: skip
    assert detail in result.stderr
    assert_clear_error(rag("ingest", str(course), data=data), "rag ingest --rebuild")

    assistant = Assistant(make_settings(data), embedder=embedder)
    assert assistant.ingest([course], rebuild=True).ok
    assert index_problems(assistant, course) == []


def test_collection_made_by_another_tool_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    foreign = Store(make_settings(data)).client.create_collection("course")  # no fingerprint
    foreign.add(ids=["x"], documents=["someone else's data"], embeddings=[[0.1] * 384])
    assert_clear_error(rag("retrieve", "generator", data=data), "not created by this tool")


def test_damaged_keyword_index_is_rebuilt_silently(
    small_index: Path, tmp_path: Path, embedder: Embedder
) -> None:
    """The keyword index is derived from Chroma: damage there costs a rebuild, not an error."""
    data = tmp_path / "data"
    shutil.copytree(small_index, data)
    for path in keyword_dir(make_settings(data)).iterdir():
        truncate_half(path) if path.suffix == ".npy" else path.write_text("{not json")
    assistant = Assistant(make_settings(data), embedder=embedder)
    passages = assistant.retrieve("discriminator", k=1, mode="keyword").passages
    assert passages[0].source == "gans.md"


def test_in_process_reader_gets_the_error_type_the_ui_shows(
    small_index: Path, tmp_path: Path, embedder: Embedder
) -> None:
    data = tmp_path / "data"
    shutil.copytree(small_index, data)
    sqlite(data).write_bytes(os.urandom(4096))
    with pytest.raises(IndexCorruptedError, match=r"rag ingest --rebuild"):
        Assistant(make_settings(data), embedder=embedder).ask("generator")
