"""A bibliography line read for who wrote a listed work.

"Diffusion models" made two items of six from the bundled notes: every line on them
names diffusion models, so asking for the name gives it away. Its list of foundational
papers says who wrote what, and the authors are no part of the topic's name:
:mod:`rag.study.quiz.facts` asks for them. Pure text, like :mod:`rag.study.quiz.prose`.

Example:
    >>> work = cited_work("Vaswani et al., Attention Is All You Need (2017) — introduced it.")
    >>> work.authors, work.title, work.year, work.note
    ('Vaswani et al.', 'Attention Is All You Need', '2017', 'introduced it')
    >>> cited_work("CLIP (2021) — learning transferable visual models.") is None
    True
"""

from __future__ import annotations

import re
from typing import NamedTuple

_REFERENCE = re.compile(
    r"^(?P<authors>[A-Z][\w'’-]+(?:\s+et\s+al\.|\s+(?:&|and)\s+[A-Z][\w'’-]+)),\s+"
    r"(?P<title>[^()]{3,120}?)\s+\((?P<year>\d{4})\)\s*[—–-]\s*(?P<note>\S.*?)\.?$"
)
"""A line of a bibliography naming its authors: "Vaswani et al., Attention Is All You
Need (2017) — introduced Transformers."."""


class CitedWork(NamedTuple):
    """A listed work: who wrote it, its title and year, and what the list says of it."""

    authors: str
    title: str
    year: str
    note: str


def cited_work(text: str) -> CitedWork | None:
    """The work a bibliography line lists with its authors, or None.

    A work cited without authors ("CLIP (2021) — …") is None: there is no one to ask for.
    """
    found = _REFERENCE.match(text)
    if found is None:
        return None
    return CitedWork(
        found.group("authors"), found.group("title"), found.group("year"),
        found.group("note").rstrip(" ."),
    )  # fmt: skip
