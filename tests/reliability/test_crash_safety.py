"""`kill -9` during an ingest, then ingest again: the index ends consistent.

The child is the real `rag ingest` command. To stop it at a precise, interesting
moment (after some chunks are written, after the first delete, while the keyword
index is saved) it runs through a small wrapper that lets the real ``Store.add`` /
``Store.delete`` / ``KeywordIndex.save`` run and then blocks on stdin, so SIGKILL
lands exactly there every time. Nothing is mocked: the wrapper only pauses, and
``FLUSH_CHUNKS`` is lowered so a small folder takes many write steps. One more case
kills the plain CLI at whatever point it has reached.

:func:`index_problems` is the consistency check the concurrency and state-machine
tests reuse: it compares Chroma with what splitting the files on disk must give.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.index import chunk_document, keyword_dir, read_state
from ingest.load import discover_files, load_document
from rag.assistant import Assistant
from rag.retrieval.embeddings import Embedder
from rag.retrieval.keyword import KeywordIndex
from rag.settings import Settings
from tests.conftest import REPO, make_settings

WORDS = (  # noqa: SIM905 - a word list reads better as text
    "attention transformer diffusion encoder decoder latent noise gradient sampling "
    "token embedding vector training loss generator discriminator adversarial variational prior"
).split()

# Runs `rag ingest` with a pause after the Nth call of one storage step (see module doc).
CHILD = r"""
import sys

import ingest.index as index
from rag.retrieval.keyword import KeywordIndex
from rag.retrieval.store import Store

index.FLUSH_CHUNKS = 4
step, _, nth = sys.argv[1].partition(":")
calls = {"add": 0, "delete": 0, "save": 0}


def pause(name):
    calls[name] += 1
    if name == step and calls[name] == int(nth):
        print(f"paused after {name} {nth}", flush=True)
        sys.stdin.readline()  # the test kills the process here


def wrap(cls, method, before):
    original = getattr(cls, method)

    def wrapper(self, *args, **kwargs):
        if method == "delete" and not args[0]:
            return original(self, *args, **kwargs)
        if before:
            pause(method)
        result = original(self, *args, **kwargs)
        if not before:
            pause(method)
        return result

    setattr(cls, method, wrapper)


wrap(Store, "add", before=False)
wrap(Store, "delete", before=False)
wrap(KeywordIndex, "save", before=True)
sys.argv = ["rag", *sys.argv[2:]]
from rag.cli import main

main()
"""


def lecture(number: int, version: int = 0) -> str:
    """A small course file of two sections; ``version`` changes its text."""
    words = [WORDS[(number * 7 + i * 3 + version) % len(WORDS)] for i in range(120)]
    sections = [
        f"## Topic {number}.{s}\n\n" + " ".join(words[s * 60 : (s + 1) * 60]) + ".\n"
        for s in range(2)
    ]
    return f"# Lecture {number} (v{version})\n\n" + "\n".join(sections)


def write_course(folder: Path, numbers: range, version: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in numbers:
        (folder / f"lecture_{number:02d}.md").write_text(lecture(number, version), "utf-8")


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    return {**env, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}


def expected_chunks(
    folder: Path, settings: Settings, embedder: Embedder, titles: dict[str, str] | None = None
) -> list[tuple]:
    """(source, start, end, text, sha) of every chunk indexing ``folder`` must give.

    ``titles``: the title each stored document was given. Two documents with the same
    heading get distinct titles, which depend on what was indexed first; the title is
    embedded with every chunk and counts against the chunk size, so it decides the cuts.
    """
    found, _ = discover_files([folder])
    expected = []
    for file in found:
        doc = load_document(file)
        doc = replace(doc, title=(titles or {}).get(doc.source, doc.title))
        chunks = chunk_document(doc, settings, embedder)
        expected += [(doc.source, c.start, c.end, c.text, doc.sha256) for c in chunks]
    return sorted(expected)


def index_problems(assistant: Assistant, folder: Path) -> list[str]:
    """Everything that makes the index disagree with the files in ``folder`` (empty: none).

    Every file present exactly once, no orphan or duplicate chunk, each document's chunk
    count as recorded, the keyword index saved, not stale, and over the same ids.
    """
    stored = list(assistant.store.iter_chunks())
    ids = [c.id for c in stored]
    problems = [f"duplicate id {i}" for i, n in Counter(ids).items() if n > 1]
    got = sorted(
        (
            str(c.metadata["source"]),
            int(c.metadata["start"]),
            int(c.metadata["end"]),
            c.text,
            str(c.metadata["file_sha"]),
        )
        for c in stored
    )
    titles = {str(c.metadata["source"]): str(c.metadata["title"]) for c in stored}
    want = expected_chunks(folder, assistant.settings, assistant.embedder, titles)
    problems += [f"missing chunk {w[:3]}" for w in sorted(set(want) - set(got))]
    problems += [f"unexpected chunk {g[:3]}" for g in sorted(set(got) - set(want))]
    problems += [f"chunk stored twice {g[:3]}" for g, n in Counter(got).items() if n > 1]
    per_doc = Counter(str(c.metadata["doc_key"]) for c in stored)
    for chunk in stored:
        key = str(chunk.metadata["doc_key"])
        if per_doc[key] != chunk.metadata["n_chunks"]:
            problems.append(
                f"{key}: {per_doc[key]} chunks, metadata says {chunk.metadata['n_chunks']}"
            )
            per_doc[key] = int(chunk.metadata["n_chunks"])  # report each document once
    keyword = KeywordIndex(keyword_dir(assistant.settings))
    if keyword.is_stale():
        problems.append("keyword index still marked stale")
    if not keyword.load():
        problems.append("keyword index not saved")
    elif sorted(keyword._ids) != sorted(ids):
        problems.append(f"keyword index has {len(keyword)} ids, Chroma {len(ids)}, not the same")
    if read_state(assistant.settings).get("chunks") != len(ids):
        problems.append("state file count differs from Chroma")
    return problems


def start_paused_ingest(folder: Path, data_dir: Path, stop_at: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, stop_at, "ingest", str(folder), "--json",
         "--data-dir", str(data_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=REPO, env=child_env(),
    )  # fmt: skip


def kill_when_paused(child: subprocess.Popen[str], timeout: float = 240) -> str:
    """Wait for the child's pause line, then SIGKILL it there."""
    assert child.stdout is not None
    line = child.stdout.readline()  # blocks until the pause (or the child's end)
    if not line.startswith("paused"):
        child.kill()
        _, err = child.communicate(timeout=30)
        pytest.fail(f"ingest ended without reaching the pause: {line!r} {err[-2000:]}")
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=timeout)
    assert child.returncode == -signal.SIGKILL
    return line


def stored_sources(assistant: Assistant) -> Counter[str]:
    return Counter(str(c.metadata["source"]) for c in assistant.store.iter_metadata())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("scenario", "stop_at"),
    [
        ("first ingest, after 3 of 12 write steps", "add:3"),
        ("update, new chunks written, old ones not yet deleted", "add:2"),
        ("update, after the first delete", "delete:1"),
        ("update, chunks all written, keyword index being saved", "save:1"),
    ],
)
def test_kill_during_ingest_then_ingest_again_is_consistent(
    tmp_path: Path, embedder: Embedder, scenario: str, stop_at: str
) -> None:
    course, data = tmp_path / "course", tmp_path / "data"
    settings = make_settings(data)
    write_course(course, range(24))
    if scenario.startswith("update"):
        assert Assistant(settings, embedder=embedder).ingest([course]).ok
        write_course(course, range(0, 8), version=1)  # changed
        for number in range(18, 22):  # deleted
            (course / f"lecture_{number:02d}.md").unlink()
        write_course(course, range(24, 27))  # added

    child = start_paused_ingest(course, data, stop_at)
    kill_when_paused(child)

    # A reader opening the half-written index still gets answers, from live chunks only.
    reader = Assistant(settings, embedder=embedder)
    live = {c.id for c in reader.store.iter_metadata()}
    passages = reader.retrieve("diffusion noise sampling", k=5).passages
    assert passages and {p.id for p in passages} <= live

    report = Assistant(settings, embedder=embedder).ingest([course])  # the lock was released
    assert report.ok, report.errors

    repaired = Assistant(settings, embedder=embedder)
    assert index_problems(repaired, course) == []
    assert set(stored_sources(repaired)) == {p.name for p in course.iterdir()}
    again = repaired.ingest([course])
    assert (again.added, again.updated, again.removed, again.chunks_added) == (0, 0, 0, 0)


@pytest.mark.slow
def test_plain_cli_killed_mid_ingest_is_repaired(tmp_path: Path, embedder: Embedder) -> None:
    """No wrapper: SIGKILL wherever the real command has got to once it touches the index."""
    course, data = tmp_path / "course", tmp_path / "data"
    write_course(course, range(24))
    child = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "ingest", str(course), "--data-dir", str(data)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO, env=child_env(),
    )  # fmt: skip
    marker = KeywordIndex(keyword_dir(make_settings(data))).stale_marker
    deadline = time.monotonic() + 240
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # somewhere in splitting, embedding or writing
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)

    assistant = Assistant(make_settings(data), embedder=embedder)
    assert assistant.ingest([course]).ok
    assert index_problems(assistant, course) == []
