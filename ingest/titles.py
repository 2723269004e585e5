"""Document titles that no two documents share.

Course folders often hold several files whose first heading or front matter says the
same thing ("Generative AI" three times in the bundled corpus), and a citation that
reads "Generative AI › Definition" is no help when three documents are called that.
A document keeps the title the loader found unless another document already has it;
then it takes its first distinctive heading, then its front-matter title, then its
file name.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.load import LoadedDocument, parse_front_matter
from rag.text.markdown import HEADING, clean_heading

_CANDIDATE_HEADINGS = 12
"""Headings looked at before falling back to the front matter and the file name."""


def title_candidates(doc: LoadedDocument) -> list[str]:
    """The titles ``doc`` may take, best first, without repeats."""
    front, _ = parse_front_matter(doc.text) if doc.kind == "markdown" else ({}, 0)
    found = (
        clean_heading(m.group("text") or "") for m in HEADING.finditer(doc.text, doc.body_start)
    )
    headings = [heading for heading in found if heading][:_CANDIDATE_HEADINGS]
    front_title = front.get("title") if isinstance(front.get("title"), str) else ""
    first = headings[0] if headings else ""
    if first and first != doc.title and first.casefold() in doc.title.casefold():
        # 'Site - V. Generative AI and Creativity | Brand' names the heading it wraps
        candidates = [first, doc.title, *headings, str(front_title).strip(), doc.path.stem]
    else:
        candidates = [doc.title, *headings, str(front_title).strip(), doc.path.stem]
    return list(dict.fromkeys(c for c in candidates if c))


def distinct_title(doc: LoadedDocument, taken: Iterable[str]) -> str:
    """The first of :func:`title_candidates` that no other document has (case aside)."""
    used = {title.casefold() for title in taken}
    for candidate in title_candidates(doc):
        if candidate.casefold() not in used:
            return candidate
    return f"{doc.title} ({doc.source})"
