"""Ingest against the real Chroma and the real model: idempotency, edits, bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF

from ingest.index import keyword_dir
from rag.assistant import Assistant
from rag.errors import IndexIncompatibleError
from rag.retrieval.embeddings import get_embedder
from rag.retrieval.keyword import TOKENIZER_VERSION, KeywordIndex
from rag.retrieval.model_files import resolve_model_path
from tests.conftest import make_settings

GOOD = "# Notes\n\n## GANs\n\nA generator and a discriminator compete.\n"
OTHER = "# Other\n\n## Diffusion\n\nDiffusion models remove noise step by step.\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def stored_ids(assistant: Assistant) -> list[str]:
    return [c.id for c in assistant.store.iter_metadata()]


def sources(assistant: Assistant) -> dict[str, int]:
    counts: dict[str, int] = {}
    for chunk in assistant.store.iter_metadata():
        source = str(chunk.metadata["source"])
        counts[source] = counts.get(source, 0) + 1
    return counts


def test_corpus_ingest_is_idempotent(fresh_assistant: Assistant, corpus_copy: Path) -> None:
    first = fresh_assistant.ingest([corpus_copy])
    assert first.ok and first.added == 4 and first.chunks_added > 40
    ids = sorted(stored_ids(fresh_assistant))
    second = fresh_assistant.ingest([corpus_copy])
    assert (second.added, second.updated, second.unchanged, second.chunks_added) == (0, 0, 4, 0)
    assert sorted(stored_ids(fresh_assistant)) == ids
    assert len(ids) == len(set(ids)) == first.chunks_total


def test_a_keyword_index_saved_by_an_older_tokenizer_is_rebuilt(
    fresh_assistant: Assistant, tmp_path: Path
) -> None:
    """An upgrade that changes how words become terms ("April thesis" now matches the
    notes' "April Theses") must not leave a saved index of the old terms in use."""
    course = tmp_path / "course"
    write(course, "a.md", "# Russia\n\n## 1917\n\nLenin's April Theses called for peace.\n")
    write(course, "b.md", OTHER)
    fresh_assistant.ingest([course])
    saved = keyword_dir(fresh_assistant.settings) / "tokenizer.json"
    assert json.loads(saved.read_text()) == {"version": TOKENIZER_VERSION}
    # As an older release left it: rows whose terms match nothing a question asks now.
    old = KeywordIndex(keyword_dir(fresh_assistant.settings))
    ids = [c.id for c in fresh_assistant.store.iter_metadata()]
    old.build(ids, ["" for _ in ids])
    old.save()
    saved.write_text(json.dumps({"version": TOKENIZER_VERSION - 1}))

    reader = Assistant(
        fresh_assistant.settings, embedder=fresh_assistant.embedder
    )  # as a new process reads the old index
    found = reader.retrieve("what were the april thesis", k=1, mode="keyword")
    assert "April Theses" in found.passages[0].text, "rebuilt in memory, with today's terms"
    assert json.loads(saved.read_text())["version"] == TOKENIZER_VERSION - 1, (
        "a reader saves nothing"
    )

    again = fresh_assistant.ingest([course])
    assert (again.unchanged, again.chunks_added) == (2, 0), "no file is embedded again"
    assert json.loads(saved.read_text()) == {"version": TOKENIZER_VERSION}


def test_changed_file_replaces_only_its_chunks(fresh_assistant: Assistant, tmp_path: Path) -> None:
    course = tmp_path / "course"
    write(course, "a.md", GOOD + "\n## VAEs\n\nAn encoder maps data to a latent space.\n")
    write(course, "b.md", OTHER)
    fresh_assistant.ingest([course])
    before_b = {
        c.id for c in fresh_assistant.store.iter_metadata() if c.metadata["source"] == "b.md"
    }

    write(course, "a.md", GOOD + "\n## VAEs\n\nA decoder reconstructs data from latents.\n")
    report = fresh_assistant.ingest([course])
    assert (report.updated, report.unchanged) == (1, 1)
    assert report.chunks_added == 1 and report.chunks_removed == 1  # the GANs chunk is kept
    texts = [c.text for c in fresh_assistant.store.iter_chunks()]
    assert any("decoder reconstructs" in t for t in texts)
    assert not any("encoder maps" in t for t in texts)
    after_b = {
        c.id for c in fresh_assistant.store.iter_metadata() if c.metadata["source"] == "b.md"
    }
    assert after_b == before_b

    again = fresh_assistant.ingest([course])  # kept chunks got the new file hash
    assert again.unchanged == 2 and again.chunks_added == 0


def test_deleted_file_is_removed(fresh_assistant: Assistant, tmp_path: Path) -> None:
    course = tmp_path / "course"
    write(course, "a.md", GOOD)
    write(course, "sub/b.md", OTHER)
    fresh_assistant.ingest([course])
    assert sources(fresh_assistant).keys() == {"a.md", "sub/b.md"}
    (course / "sub" / "b.md").unlink()
    report = fresh_assistant.ingest([course])
    assert report.removed == 1 and report.chunks_removed == 1
    assert sources(fresh_assistant).keys() == {"a.md"}
    assert not fresh_assistant.retrieve("diffusion noise").passages[0].text.count("Diffusion")


def test_a_copied_course_folder_is_not_indexed_twice(
    fresh_assistant: Assistant, tmp_path: Path
) -> None:
    # An evaluation ingested the same courses from three checkouts: three copies of every
    # passage. The same path and content from another folder is the same document.
    course, copy = tmp_path / "course", tmp_path / "elsewhere" / "course"
    write(course, "a.md", GOOD)
    write(course, "sub/b.md", OTHER)
    fresh_assistant.ingest([course])
    before = fresh_assistant.store.count()
    shutil.copytree(course, copy)
    report = fresh_assistant.ingest([copy])
    assert (report.added, report.unchanged, report.chunks_added) == (0, 2, 0)
    assert fresh_assistant.store.count() == before
    assert all(str(course) in w["warning"] for w in report.warnings) and len(report.warnings) == 2
    write(copy, "a.md", GOOD + "\nA sentence only the copy has.\n")
    assert fresh_assistant.ingest([copy]).added == 1  # changed there: a document of its own


def test_single_file_ingest_does_not_delete_siblings(
    fresh_assistant: Assistant, tmp_path: Path
) -> None:
    course = tmp_path / "course"
    write(course, "a.md", GOOD)
    write(course, "b.md", OTHER)
    fresh_assistant.ingest([course])
    fresh_assistant.ingest([course / "a.md"])
    assert sources(fresh_assistant).keys() == {"a.md", "b.md"}


def pdf_bytes(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def test_every_bad_input_is_reported_and_the_rest_ingested(
    fresh_assistant: Assistant, tmp_path: Path
) -> None:
    course = tmp_path / "course"
    write(course, "good.md", GOOD)
    write(course, "notes.pdf", pdf_bytes("Transformers use self-attention over tokens."))
    write(
        course, "page.html", "<html><body><h2>Attention</h2><p>Queries meet keys.</p></body></html>"
    )
    write(course, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    write(course, "empty.md", "")
    write(course, "latin1.txt", "caf\xe9 cr\xe8me".encode("latin-1"))
    write(course, "broken.pdf", b"%PDF-1.4\n1 0 obj garbage without structure\n")
    write(course, "slides.key", b"PK\x03\x04 not supported")
    (course / "unreadable.md").symlink_to("/proc/self/mem")  # read() fails even for root
    report = fresh_assistant.ingest([course, tmp_path / "missing-folder"])

    reasons = {Path(e["path"]).name: e["error"] for e in report.errors}
    assert set(reasons) == {
        "image.md", "empty.md", "latin1.txt", "broken.pdf", "slides.key",
        "unreadable.md", "missing-folder",
    }  # fmt: skip
    assert "binary" in reasons["image.md"]
    assert "empty" in reasons["empty.md"]
    assert "UTF-8" in reasons["latin1.txt"] and "offset 3" in reasons["latin1.txt"]
    assert "PDF" in reasons["broken.pdf"]
    assert "unsupported file type '.key'" in reasons["slides.key"]
    assert "cannot be read" in reasons["unreadable.md"]
    assert "no such file" in reasons["missing-folder"]
    assert not report.ok
    assert sources(fresh_assistant).keys() == {"good.md", "notes.pdf", "page.html"}
    pdf_chunk = next(
        c for c in fresh_assistant.store.iter_chunks() if c.metadata["source"] == "notes.pdf"
    )
    assert pdf_chunk.metadata["page"] == 1 and "self-attention" in pdf_chunk.text
    html_chunk = next(
        c for c in fresh_assistant.store.iter_chunks() if c.metadata["source"] == "page.html"
    )
    assert html_chunk.metadata["section"] == "Attention"


def test_a_file_that_turns_bad_keeps_its_old_chunks(
    fresh_assistant: Assistant, tmp_path: Path
) -> None:
    course = tmp_path / "course"
    write(course, "a.md", GOOD)
    fresh_assistant.ingest([course])
    ids = stored_ids(fresh_assistant)
    write(course, "a.md", b"\xff\xfe broken bytes")
    report = fresh_assistant.ingest([course])
    assert not report.ok and report.removed == 0
    assert stored_ids(fresh_assistant) == ids


def test_front_matter_title_and_spans(fresh_assistant: Assistant, tmp_path: Path) -> None:
    text = '---\ntitle: "Week 3: GANs"\n---\n\n## Training\n\nThe discriminator learns.\n'
    path = write(tmp_path / "c", "week3.md", text)
    fresh_assistant.ingest([path])
    (chunk,) = list(fresh_assistant.store.iter_chunks())
    assert chunk.metadata["title"] == "Week 3: GANs"
    assert chunk.metadata["section"] == "Training"
    assert text[chunk.metadata["start"] : chunk.metadata["end"]] == chunk.text


def test_a_bold_opening_line_titles_a_part_without_a_title_heading(
    fresh_assistant: Assistant, tmp_path: Path
) -> None:
    # A helper's browser check: part 2 of a blind virology course opens with
    # "**Part 2: …**", and its first section heading titled the whole file.
    text = (
        "**Part 2: The Viral Replication Cycle**\n\nIn this part we follow a virus.\n\n"
        "## 1. The replication cycle at a glance\n\nThe cycle takes about 25 minutes.\n"
    )
    path = write(tmp_path / "c", "02_replication.md", text)
    fresh_assistant.ingest([path])
    titles = {chunk.metadata["title"] for chunk in fresh_assistant.store.iter_chunks()}
    assert titles == {"Part 2: The Viral Replication Cycle"}


def test_a_file_opening_on_its_first_numbered_section_is_titled_by_its_name(
    fresh_assistant: Assistant, tmp_path: Path
) -> None:
    # A blind game-theory course: part 2 has no title, and "1. From Matrices to Game
    # Trees" titled the file, so a citation of its section 3 read as if it sat in 1.
    untitled = (
        "## 1. From Matrices to Game Trees\n\nMuch of social life is sequential.\n\n"
        "## 2. Backward Induction\n\nSolve the game from its last move back.\n"
    )
    bold_lead = (
        "**Part 3 — Shading and Ray Tracing.** This part follows light to the eye.\n\n"
        "## 1. Light Meets Surface\n\nA surface reflects some light.\n"
    )
    course = tmp_path / "c"
    write(course, "02_sequential_and_repeated_games.md", untitled)
    write(course, "03_shading.md", bold_lead)
    fresh_assistant.ingest([course])
    titles = {chunk.metadata["title"] for chunk in fresh_assistant.store.iter_chunks()}
    assert titles == {"Sequential and repeated games", "Part 3 — Shading and Ray Tracing"}


def test_other_embedding_model_is_refused_until_rebuild(tmp_path: Path, embedder) -> None:
    course = tmp_path / "course"
    write(course, "a.md", GOOD)
    data = tmp_path / "data"
    Assistant(make_settings(data), embedder=embedder).ingest([course])

    model_dir = resolve_model_path(embedder.name)  # same weights, configured by path
    other = Assistant(
        make_settings(data, embedding_model=model_dir), embedder=get_embedder(model_dir)
    )
    with pytest.raises(IndexIncompatibleError, match=r"rag ingest --rebuild"):
        other.ingest([course])
    with pytest.raises(IndexIncompatibleError):
        other.retrieve("generator")
    report = other.ingest([course], rebuild=True)
    assert report.ok and report.added == 1
    assert other.store.metadata()["embedding_model"] == model_dir


def test_index_reopens_identically_in_a_fresh_process(
    fresh_assistant: Assistant, tmp_path: Path
) -> None:
    course = tmp_path / "course"
    write(course, "a.md", GOOD)
    write(course, "b.md", OTHER)
    fresh_assistant.ingest([course])
    expected = sorted((c.id, c.metadata["source"]) for c in fresh_assistant.store.iter_metadata())
    script = (
        "import json; from rag.assistant import Assistant; from rag.settings import Settings;"
        f"a = Assistant(Settings(data_dir={str(fresh_assistant.settings.data_dir)!r}));"
        "print(json.dumps(sorted((c.id, c.metadata['source']) for c in a.store.iter_metadata())))"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    assert [tuple(x) for x in json.loads(out.stdout)] == expected
