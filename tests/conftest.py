"""Shared fixtures: one real embedding model and one real index per test session.

Loading the model and embedding the corpus take seconds; every test that only reads
shares them. Tests that write get their own data directory but the same model.
Network sockets are blocked except loopback (pytest-socket, see pyproject).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
# ranx, the reference the metric tests compare ours with, compiles its scorers with
# numba on first use: 35-60 s on a fresh 2-core machine (numba caches them in
# site-packages afterwards). Run as plain Python, its scorers take well under a second
# on the tests' small runs, and nothing we ship uses numba.
os.environ.setdefault("NUMBA_DISABLE_JIT", "1")
for name in list(os.environ):
    if name.startswith("RAG_"):
        del os.environ[name]  # a developer's own settings must not leak into tests
# The default writer is `auto`, which uses the local model wherever it is installed: the
# tests pin the quoting writer, and those about `auto`, `local` or `openai` say so.
os.environ["RAG_GENERATOR"] = "extractive"
# The default data directory is per user (platformdirs): a test that forgets
# --data-dir must not read or write the developer's own index.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="rag-test-xdg-")
atexit.register(shutil.rmtree, os.environ["XDG_DATA_HOME"], ignore_errors=True)
_workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
if _workers > 1:
    # pytest -n N: the workers share the cores, so each gets its share of threads
    # (set before torch is imported; child processes inherit it) instead of every
    # worker's torch spinning up one thread per core and all of them fighting.
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // _workers)))

from rag.assistant import Assistant  # noqa: E402
from rag.retrieval.embeddings import Embedder, get_embedder  # noqa: E402
from rag.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real default embedding model, loaded once."""
    model = get_embedder(Settings().embedding_model)
    model.model  # noqa: B018 - load now, not inside the first test's timing
    return model


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings for a test index in ``data_dir`` (no question log unless asked)."""
    values: dict[str, object] = {"data_dir": data_dir, "query_log": False, "corpus_dir": CORPUS}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def ingested_course(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, folder: Path
) -> Assistant:
    """An assistant over a course folder of its own, ingested into a fresh index."""
    data = tmp_path_factory.mktemp(folder.name)
    assistant = Assistant(make_settings(data / "data", corpus_dir=folder), embedder=embedder)
    assert assistant.ingest([folder]).ok
    return assistant


@pytest.fixture(scope="session")
def corpus_assistant(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Assistant:
    """An assistant over the bundled corpus, ingested once for the whole session.

    Read-only: tests that ingest or change settings make their own data directory.
    """
    data_dir = tmp_path_factory.mktemp("corpus-index")
    assistant = Assistant(make_settings(data_dir), embedder=embedder)
    report = assistant.ingest([CORPUS])
    assert report.ok and report.chunks_total > 0
    return assistant


@pytest.fixture
def fresh_assistant(tmp_path: Path, embedder: Embedder) -> Assistant:
    """An assistant with an empty data directory of its own."""
    return Assistant(make_settings(tmp_path / "data"), embedder=embedder)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "course"
    shutil.copytree(CORPUS, target)
    yield target
