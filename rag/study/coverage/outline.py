"""The corpus outline: each document's headings with their chunk and word counts.

It shows an instructor what the material is about and how deep each part goes,
without a syllabus. :func:`build_outline` is pure (stored chunk metadata in,
counts out); :func:`corpus_outline` reads the index.

Example:
    >>> from rag.study.coverage import build_outline
    >>> meta = {"source": "a.md", "section": "Intro", "start": 0, "end": 11}
    >>> [(s.section, s.chunks, s.words) for s in build_outline([(meta, "Hello world")])[0].sections]
    [('Intro', 1, 2)]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rag.errors import EmptyIndexError
from rag.schema import attributes
from rag.text.chunks import SECTION_SEPARATOR

if TYPE_CHECKING:
    from rag.assistant import Assistant

_WORDS = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass
class OutlineSection:
    """One heading of one document, with how much text it holds."""

    section: str
    chunks: int
    words: int

    @property
    def level(self) -> int:
        """Depth of the heading path (1 for a top-level section, 0 before any heading)."""
        return self.section.count(SECTION_SEPARATOR) + 1 if self.section else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return attributes(self, "section", "level", "chunks", "words")


@dataclass
class OutlineDocument:
    """One ingested document and its sections in reading order."""

    source: str
    title: str
    sections: list[OutlineSection]

    @property
    def chunks(self) -> int:
        """Chunks of the whole document."""
        return sum(s.chunks for s in self.sections)

    @property
    def words(self) -> int:
        """Words of the whole document (overlapping chunk text counted once)."""
        return sum(s.words for s in self.sections)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data = attributes(self, "source", "title", "chunks", "words")
        return {**data, "sections": [s.to_dict() for s in self.sections]}


def build_outline(chunks: Iterable[tuple[Mapping[str, Any], str]]) -> list[OutlineDocument]:
    """Documents and their sections with chunk and word counts, from stored chunks.

    Consecutive chunks of a long section overlap by design; each chunk's text is the
    document's text between ``start`` and ``end``, so only the part past the
    previous chunk's end is counted and no word is counted twice.

    Args:
        chunks: (metadata, text) of every stored chunk, in any order.
    """
    by_document: dict[tuple[str, str], list[tuple[Mapping[str, Any], str]]] = defaultdict(list)
    for meta, text in chunks:
        key = (str(meta.get("root", "")), str(meta.get("source", "")))
        by_document[key].append((meta, text))
    outline = []
    for (_, source), items in sorted(by_document.items()):
        items.sort(key=lambda item: (int(item[0].get("start", 0)), int(item[0].get("end", 0))))
        counts: dict[str, list[int]] = {}
        covered_to = 0
        for meta, text in items:
            start, end = int(meta.get("start", 0)), int(meta.get("end", 0))
            fresh = text[max(0, covered_to - start) :] if end > covered_to else ""
            covered_to = max(covered_to, end)
            entry = counts.setdefault(str(meta.get("section", "")), [0, 0])
            entry[0] += 1
            entry[1] += len(_WORDS.findall(fresh))
        title = str(items[0][0].get("title", "")) if items else ""
        sections = [OutlineSection(name, c, w) for name, (c, w) in counts.items()]
        outline.append(OutlineDocument(source, title, sections))
    return outline


# ---------------------------------------------------------------------------
# I/O: the index
# ---------------------------------------------------------------------------


def corpus_outline(assistant: Assistant) -> list[OutlineDocument]:
    """The index's documents and sections with chunk and word counts."""
    if assistant.store.count() == 0:
        raise EmptyIndexError(
            f"nothing is indexed in {assistant.settings.data_dir}; run `rag ingest` first"
        )
    return build_outline((c.metadata, c.text) for c in assistant.store.iter_chunks())
