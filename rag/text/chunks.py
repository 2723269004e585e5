"""How a stored chunk reads: a context line naming where it sits, then its text.

Shared by ingest (what is embedded and indexed), retrieval (what the reranker
reads) and the study tools (section paths), so all of them see the same text.
"""

from __future__ import annotations

SECTION_SEPARATOR = " > "
"""Between the headings of a section path: ``Diffusion Models > Sampling``."""


def embedding_text(title: str, section: str, text: str) -> str:
    """What is embedded for a chunk: a context line naming where it sits, then the text.

    Short list items and table rows mean little on their own; the document title and
    heading path give the model (and BM25) the topic they belong to.
    """
    return f"{chunk_header(title, section)}\n{text}"


def chunk_header(title: str, section: str) -> str:
    """The context line: ``title > section`` (or just the title)."""
    return f"{title}{SECTION_SEPARATOR}{section}" if section else title
