"""One writer at a time; readers keep answering, never mixing two versions of a file.

A writer that is mid-ingest is the real `rag ingest` in a child process, paused at
a chosen storage step (see ``CHILD`` in test_crash_safety.py) so the moment the
readers look at is the same every run. The UI's case, ingest and questions in one
process sharing one :class:`Assistant`, runs with threads.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import defaultdict
from pathlib import Path

import pytest

from ingest.index import keyword_dir
from rag.assistant import Assistant
from rag.errors import IndexCorruptedError, IndexLockedError
from rag.retrieval.embeddings import Embedder
from rag.retrieval.keyword import KeywordIndex
from rag.retrieval.retriever import Retrieval, drop_superseded
from rag.retrieval.store import StoredChunk
from tests.conftest import REPO, make_settings
from tests.reliability.test_crash_safety import child_env, index_problems, start_paused_ingest

QUOKKA_V0 = (
    "# Marsupials\n\n## Quokka habitat\n\nThe quokka lives on Rottnest Island near Perth.\n\n"
    "## Quokka diet\n\nQuokka herbivores graze grasses and leaves at night.\n"
)
QUOKKA_V1 = (
    "# Marsupials\n\n## Quokka habitat\n\nThe quokka also lives on Bald Island, revised notes.\n\n"
    "## Quokka diet\n\nQuokka herbivores climb trees for leaves, revised notes.\n"
)
FILLER = "# Filler {n}\n\n## Topic {n}\n\nGradient descent lowers the training loss step {n}.\n"
AXOLOTL = "# Amphibians\n\n## Axolotl\n\nThe axolotl regrows lost limbs and keeps gills.\n"


def make_course(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_quokka.md").write_text(QUOKKA_V0, "utf-8")
    for n in range(12):
        (folder / f"filler_{n:02d}.md").write_text(FILLER.format(n=n), "utf-8")


def change_course(folder: Path) -> None:
    """a_quokka.md changes (sorted first, so its new chunks are the first written)."""
    (folder / "a_quokka.md").write_text(QUOKKA_V1, "utf-8")
    (folder / "z_axolotl.md").write_text(AXOLOTL, "utf-8")
    for n in range(12):
        (folder / f"filler_{n:02d}.md").write_text(FILLER.format(n=n) + "Revised.\n", "utf-8")


def versions_per_document(retrieval: Retrieval, assistant: Assistant) -> dict[str, set[str]]:
    """File hashes seen per document among the passages (one each when nothing is mixed)."""
    stored = assistant.store.get([p.id for p in retrieval.passages])
    seen: dict[str, set[str]] = defaultdict(set)
    for chunk in stored:
        seen[str(chunk.metadata["source"])].add(str(chunk.metadata["file_sha"]))
    return seen


def release(child: subprocess.Popen[str]) -> dict[str, object]:
    """Let a paused ingest finish; its JSON report."""
    import json

    out, err = child.communicate("\n", timeout=300)
    assert child.returncode == 0, err[-2000:]
    return dict(json.loads(out.splitlines()[-1]))


@pytest.fixture
def indexed(tmp_path: Path, embedder: Embedder) -> tuple[Path, Path]:
    course, data = tmp_path / "course", tmp_path / "data"
    make_course(course)
    assert Assistant(make_settings(data), embedder=embedder).ingest([course]).ok
    return course, data


@pytest.mark.slow
def test_second_ingest_is_refused_while_one_runs_and_readers_stay_consistent(
    indexed: tuple[Path, Path], embedder: Embedder
) -> None:
    course, data = indexed
    settings = make_settings(data)
    reader = Assistant(settings, embedder=embedder)  # like the UI: open before the ingest
    before = reader.retrieve("Where does the quokka live?", k=4)
    assert before.passages[0].source == "a_quokka.md"

    change_course(course)
    writer = start_paused_ingest(course, data, "add:1")  # new quokka chunks written, old kept
    assert writer.stdout is not None
    assert writer.stdout.readline().startswith("paused")

    # The UI button in this process: refused by our lock, with the message to show.
    with pytest.raises(IndexLockedError, match="being updated by another ingest"):
        Assistant(settings, embedder=embedder).ingest([course])
    # A second `rag ingest` from a terminal: one line, exit 1, no traceback.
    second = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ingest", str(course), "--data-dir", str(data)],
        capture_output=True, text=True, timeout=180, cwd=REPO, env=child_env(),
    )  # fmt: skip
    assert second.returncode == 1
    assert "being updated by another ingest" in second.stderr
    assert "Traceback" not in second.stderr

    # Readers during the ingest: the one opened before and one opened now (which has to
    # rebuild the keyword index from Chroma, where both versions of a_quokka.md sit).
    fresh = Assistant(settings, embedder=embedder)
    for assistant in (reader, fresh):
        for question in ("Where does the quokka live?", "What do quokka herbivores eat?"):
            retrieval = assistant.retrieve(question, k=5)
            assert retrieval.passages
            for source, shas in versions_per_document(retrieval, assistant).items():
                assert len(shas) == 1, f"{source}: two versions in one answer"
        answer = assistant.ask("Where does the quokka live?")
        assert not answer.abstained and answer.citations

    report = release(writer)
    assert report["updated"] == 13 and report["added"] == 1

    # The reader that was open all along now answers from the new index, without a restart.
    after = reader.retrieve("Which animal regrows lost limbs?", k=3)
    assert after.passages[0].source == "z_axolotl.md"
    quokka = reader.retrieve("Where does the quokka live?", k=3).passages[0]
    assert "Bald Island" in quokka.text or "revised" in quokka.text
    assert index_problems(reader, course) == []


def test_ui_ingest_and_questions_in_one_process(
    indexed: tuple[Path, Path], embedder: Embedder
) -> None:
    """The UI shares one Assistant between sessions: ingest in one thread, asks in others."""
    course, data = indexed
    assistant = Assistant(make_settings(data), embedder=embedder)
    assistant.ask("Where does the quokka live?")
    change_course(course)

    errors: list[BaseException] = []
    mixed: list[str] = []
    answered = [0]
    done = threading.Event()

    def ask_until_done() -> None:
        questions = ["Where does the quokka live?", "What lowers the training loss?",
                     "Which animal regrows lost limbs?"]  # fmt: skip
        while not done.is_set() or answered[0] < 6:
            try:
                retrieval = assistant.retrieve(questions[answered[0] % 3], k=5)
                assistant.ask(questions[answered[0] % 3])
            except BaseException as err:
                errors.append(err)
                return
            for source, shas in versions_per_document(retrieval, assistant).items():
                if len(shas) > 1:
                    mixed.append(source)
            answered[0] += 1

    readers = [threading.Thread(target=ask_until_done) for _ in range(3)]
    for thread in readers:
        thread.start()
    try:
        report = assistant.ingest([course])
    finally:
        done.set()
        for thread in readers:
            thread.join(timeout=300)
    assert not errors, errors
    assert not mixed
    assert report.ok and report.updated == 13 and report.added == 1
    assert assistant.retrieve("Which animal regrows lost limbs?", k=3).passages[0].source == (
        "z_axolotl.md"
    )
    assert index_problems(assistant, course) == []


def test_in_process_second_ingest_is_refused_while_the_lock_is_held(
    indexed: tuple[Path, Path], embedder: Embedder
) -> None:
    from ingest.index import index_lock

    course, data = indexed
    settings = make_settings(data)
    refused = pytest.raises(IndexLockedError, match=r"being updated by another ingest; try again")
    with index_lock(settings), refused:
        Assistant(settings, embedder=embedder).ingest([course])
    assert Assistant(settings, embedder=embedder).ingest([course]).unchanged == 13


def chunk(doc: str, sha: str, when: float, text: str = "x") -> StoredChunk:
    meta = {"doc_key": doc, "file_sha": sha, "ingested_at": when}
    return StoredChunk(f"{doc}-{sha}-{text}", text, meta)


def test_drop_superseded_keeps_only_the_newest_version_of_each_document() -> None:
    chunks = [
        chunk("a", "old", 1.0, "1"), chunk("b", "only", 1.0), chunk("a", "new", 2.0, "2"),
        chunk("a", "old", 1.0, "3"), chunk("a", "new", 2.0, "4"),
        StoredChunk("synthetic", "no key", {}),
    ]  # fmt: skip
    kept = drop_superseded(chunks)
    assert [c.id for c in kept] == ["b-only-x", "a-new-2", "a-new-4", "synthetic"]
    assert drop_superseded([chunks[0], chunks[3]]) == [chunks[0], chunks[3]]  # one version: all


def test_stale_keyword_index_after_a_crash_is_rebuilt_by_readers(
    indexed: tuple[Path, Path], embedder: Embedder
) -> None:
    """An ingest that died between marking and saving leaves the marker; readers rebuild."""
    _, data = indexed
    settings = make_settings(data)
    keyword = KeywordIndex(keyword_dir(settings))
    keyword.mark_stale()
    (keyword.directory / "ids.json").write_text('["not-a-chunk"]')
    reader = Assistant(settings, embedder=embedder)
    passages = reader.retrieve("quokka herbivores", k=3, mode="keyword").passages
    assert passages and passages[0].source == "a_quokka.md"


def test_a_read_of_chunks_moved_under_it_is_read_again(
    indexed: tuple[Path, Path], embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under load in CI, a question asked while the UI ingested failed with "Error finding
    id" from a filtered read of the next chunk. The race cannot be made to happen on
    demand, so Chroma's error is raised here once by a stand-in for the page read (a
    mock, said so): the read is made again and the question answered, not refused as a
    corrupted index."""
    _course, data = indexed
    assistant = Assistant(make_settings(data), embedder=embedder)
    store = assistant.store
    real_page = store._page
    failures = [RuntimeError("Error executing plan: Internal error: Error finding id")]

    def moved_once(*args: object) -> object:
        if failures:
            raise failures.pop()
        return real_page(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_page", moved_once)
    chunks = list(store.iter_chunks_where({"source": "a_quokka.md"}))
    assert chunks and not failures
    assert all(c.metadata["source"] == "a_quokka.md" for c in chunks)


def test_a_search_moved_under_twice_is_made_again(
    indexed: tuple[Path, Path], embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question asked while the UI ingested failed with "the index cannot be read (…Error
    finding id)" again in a local run of the suite under load; the vector search did not
    read again at all, the other reads only once. As above, Chroma's error is raised by a
    stand-in (a mock, said so) in front of the real collection, twice: the search is made
    again; an error that persists is still reported."""
    _course, data = indexed
    assistant = Assistant(make_settings(data), embedder=embedder)
    store = assistant.store
    real_open = store._open_collection
    failures = [RuntimeError("Error executing plan: Internal error: Error finding id")] * 2

    class Moving:
        def __init__(self, collection: object) -> None:
            self.collection = collection

        def query(self, **kwargs: object) -> object:
            if failures:
                raise failures.pop()
            return self.collection.query(**kwargs)  # type: ignore[attr-defined]

    def opened(*args: object, **kwargs: object) -> object:
        collection = real_open(*args, **kwargs)  # type: ignore[arg-type]
        return None if collection is None else Moving(collection)

    monkeypatch.setattr(store, "_open_collection", opened)
    vector = [float(x) for x in embedder.encode(["quokka herbivores"])[0]]
    assert store.query(vector, 2) and not failures

    failures.extend([RuntimeError("Error finding id")] * 3)
    with pytest.raises(IndexCorruptedError):
        store.query(vector, 2)
