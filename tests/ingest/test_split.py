"""Splitting: sections from headings, token bounds, spans that map back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.load import FoundFile, load_document
from ingest.repair import repair_text
from ingest.split import find_sections, split_document
from rag.text.chunks import chunk_header

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def words(text: str) -> int:
    """A tokenizer you can count by hand: one token per whitespace-separated word."""
    return len(text.split())


def test_sections_follow_the_heading_stack() -> None:
    text = "# Course\nintro\n## A\na text\n### A1\ndeep\n## B\nb text\n"
    sections = {s.name: text[s.start : s.end] for s in find_sections(text)}
    # The sole first H1 is the document title, so it is not part of any path.
    assert list(sections) == ["", "A", "A > A1", "B"]
    assert sections["A > A1"] == "### A1\ndeep\n"


def test_several_h1_headings_stay_in_the_path() -> None:
    text = "# One\nx\n## Sub\ny\n# Two\nz\n"
    assert [s.name for s in find_sections(text)] == ["One", "One > Sub", "Two"]


def test_hash_lines_inside_code_fences_are_not_headings() -> None:
    text = "## Real\n```\n# not a heading\n```\nafter\n"
    assert [s.name for s in find_sections(text)] == ["Real"]


def test_a_table_stays_whole_with_its_heading() -> None:
    table = "| Metric | Description |\n|---|---|\n| FID | realism |\n| BLEU | overlap |"
    text = f"## Metrics\n\n{table}\n\n## Next\n\nother\n"
    chunks = split_document(text, count_tokens=words, chunk_size=64, chunk_overlap=8)
    metrics = [c for c in chunks if c.section == "Metrics"]
    assert len(metrics) == 1 and table in metrics[0].text
    assert metrics[0].text.startswith("## Metrics")


def test_a_long_table_is_never_cut_between_its_header_and_its_first_row() -> None:
    # Words the header-carrying piece costs: the paragraph before it fills most of a
    # chunk, so the table must start a new one rather than leave its header behind.
    prose = " ".join(f"w{i}" for i in range(40)) + "."
    header = "| Normal form | Requirement | Introduced by |"
    rows = "\n".join(f"| {n}NF | rule number {n} here | Codd |" for n in range(1, 6))
    text = f"## Normalisation\n\n{prose}\n{header}\n|---|---|---|\n{rows}\n"
    chunks = split_document(text, count_tokens=words, chunk_size=56, chunk_overlap=0)
    assert len(chunks) > 1 and all(c.tokens <= 56 for c in chunks)
    for chunk in chunks:
        last = chunk.text.rstrip().splitlines()[-1]
        first = chunk.text.lstrip().splitlines()[0]
        assert last != header and not first.startswith("|---")
    holding = next(c for c in chunks if header in c.text)
    assert "| 1NF |" in holding.text  # the header keeps its delimiter and first row


def test_a_sentence_going_on_past_a_formula_is_not_cut_there() -> None:
    """ "…The ratio", "**n = c / v**" and "is called the index of refraction…" were cut into
    two chunks, and the answer began "is called the index of refraction" (an optics probe)."""
    prose = " ".join(f"w{i}" for i in range(30)) + "."
    sentence = "In a material light is slower. The ratio\n\n**n = c / v**\n\nis called the index."
    text = f"## 2. Speed of light\n\n{prose}\n\n{sentence}\n\nA larger n means slower light.\n"
    chunks = split_document(text, count_tokens=words, chunk_size=44, chunk_overlap=0)
    assert len(chunks) > 1
    assert any("The ratio\n\n**n = c / v**\n\nis called the index." in c.text for c in chunks)


def test_long_sections_are_cut_within_budget_with_overlap() -> None:
    paragraph = " ".join(f"w{i}" for i in range(30)) + "."
    text = "## Long\n\n" + "\n\n".join(paragraph for _ in range(6))
    chunks = split_document(text, count_tokens=words, chunk_size=70, chunk_overlap=30)
    assert len(chunks) > 1
    assert all(c.tokens <= 70 and words(c.text) <= 70 for c in chunks)
    # Consecutive pieces share text: the overlap repeats the previous paragraph.
    assert chunks[1].start < chunks[0].end


def test_header_tokens_count_against_the_budget() -> None:
    text = "## Section\n\n" + " ".join(["word"] * 60)
    header = lambda section: chunk_header("A long document title here", section)  # noqa: E731
    chunks = split_document(text, count_tokens=words, chunk_size=40, chunk_overlap=0, header=header)
    assert all(c.tokens + words(header(c.section)) <= 40 for c in chunks)


def test_a_word_longer_than_the_budget_is_cut_not_dropped() -> None:
    blob = "x" * 500
    text = f"## Data\n\n{blob}\n"
    chunks = split_document(
        text, count_tokens=lambda s: len(s) // 10 + 1, chunk_size=20, chunk_overlap=0
    )
    assert "".join(c.text for c in chunks if c.text.startswith("x")) == blob


def test_heading_only_sections_make_no_chunk() -> None:
    text = "## Empty\n\n---\n\n## Full\n\ncontent here\n"
    chunks = split_document(text, count_tokens=words, chunk_size=50, chunk_overlap=5)
    assert [c.section for c in chunks] == ["Full"]


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_real_corpus_spans_map_back_to_the_file(path: Path, embedder) -> None:
    doc = load_document(FoundFile(path, CORPUS))
    # Offsets index the stored text: the file's text with its mojibake repaired.
    source_text = repair_text(path.read_text(encoding="utf-8"))
    assert doc.text == source_text
    chunks = split_document(
        doc.text,
        count_tokens=embedder.count_tokens,
        chunk_size=200,
        chunk_overlap=32,
        body_start=doc.body_start,
        header=lambda s: chunk_header(doc.title, s) + "\n",
    )
    assert chunks
    for chunk in chunks:
        assert source_text[chunk.start : chunk.end] == chunk.text
        # What is embedded (header + text) fits the model: nothing silently truncated.
        embedded = embedder.count_tokens(chunk_header(doc.title, chunk.section) + "\n" + chunk.text)
        assert embedded <= embedder.max_tokens
    assert not any(c.start < doc.body_start for c in chunks), "front matter is not content"


def test_real_corpus_sections_are_the_headings(embedder) -> None:
    doc = load_document(FoundFile(CORPUS / "001_5ed49cb29b8db96d.txt", CORPUS))
    assert doc.title == "Generative AI (Gen AI)"
    chunks = split_document(
        doc.text, count_tokens=embedder.count_tokens, chunk_size=200, chunk_overlap=32
    )
    sections = [c.section for c in chunks]
    assert "11. Evaluation Metrics" in sections
    metrics = next(c for c in chunks if c.section == "11. Evaluation Metrics")
    assert "FID (Fréchet Inception Distance)" in metrics.text

    obsidian = load_document(FoundFile(CORPUS / "004_d07bda21ba71f7d5.txt", CORPUS))
    assert obsidian.title == "Generative AI"  # from the YAML front matter
    names = {s.name for s in find_sections(obsidian.text, obsidian.body_start)}
    assert {"Text Generation > BERT", "Text Generation > Large Language Models (LLM)"} <= names


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="abc xyz.\n", min_size=1, max_size=80),
            st.sampled_from(["# H1", "## H2", "### H3", "```", "| a | b |", "- item"]),
        ),
        max_size=30,
    ),
    st.integers(min_value=16, max_value=60),
)
def test_any_text_splits_into_exact_spans_within_budget(parts, size) -> None:
    text = "\n".join(parts)
    chunks = split_document(text, count_tokens=words, chunk_size=size, chunk_overlap=size // 4)
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert words(chunk.text) <= size
        assert chunk.text.strip()
