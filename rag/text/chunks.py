"""How a stored chunk reads: a context line naming where it sits, then its text.

Shared by ingest (what is embedded and indexed), retrieval (what the reranker
reads) and the study tools (section paths), so all of them see the same text.
"""

from __future__ import annotations

import re

from rag.text.wrapping import ends_on_formula, runs_on

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


def announces_list(text: str) -> bool:
    r"""Whether a chunk ends on a line that announces what follows it.

    "…Fearon identified three mechanisms:" ended one chunk and the three mechanisms
    opened the next: the list did not fit in the same chunk.

    >>> announces_list("Fearon concluded that …, and identified three mechanisms:")
    True
    >>> announces_list("**Three mechanisms:**\n"), announces_list("| a | b: |")
    (True, False)
    >>> announces_list("War is inefficient.")
    False

    Or breaks off on a word no sentence ends with, the list finishing it: "…they are still
    called **Mersenne's laws**: the fundamental frequency is" (an acoustics probe).

    >>> announces_list("the fundamental frequency is"), announces_list("That is what it is.")
    (True, False)
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or lines[-1].startswith(("|", "#")):
        return False
    last = lines[-1].rstrip("*_ ")
    return last.endswith(":") or breaks_off(last)


def breaks_off(line: str) -> bool:
    """Whether a line ends on a word a list goes on from: "…the fundamental frequency is".

    >>> breaks_off("the fundamental frequency is"), breaks_off("That is what it is.")
    (True, False)
    """
    return bool(_BROKEN_OFF.search(line.rstrip()))


_BROKEN_OFF = re.compile(r"\s(?:is|are|was|were|include|includes|included)$")


_COUNTS = {w: n for n, w in enumerate(
    ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
    start=2,
)}  # fmt: skip
COUNT = re.compile(rf"\b(?:{'|'.join(_COUNTS)}|[2-9]|1[0-2])\b", re.I)
"""A number of things, in words or figures, from two to twelve."""


def counted(sentence: str) -> int:
    """The number of things a sentence announces ("Three pathways lead to…:"), or 0.

    >>> counted("Three pathways lead to the same central event:"), counted("As follows:")
    (3, 0)
    """
    match = COUNT.search(sentence)
    if match is None:
        return 0
    word = match.group().lower()
    return int(word) if word.isdigit() else _COUNTS[word]


_LABELLED_PARAGRAPH = re.compile(
    r"^(?:(?:The|A|An)\s+)?(?:\*\*|__)[^*_\n]{2,60}?"
    r"(?:[:.](?:\*\*|__)|(?:\*\*|__)\s*[:.\u2013\u2014-])",
    re.M,
)
"""A paragraph opened by a bold label: "The **land question**: in the south…"."""


def counts_paragraphs(text: str) -> int:
    r"""How many things a chunk's last paragraph counts, when it is prose; else 0.

    "…Think of four overlapping questions, each pitting reformers against defenders of the
    existing order." ended one chunk, and the four labelled paragraphs ("The **land
    question**: …") filled the next two (a Spanish Civil War course's probe).

    >>> counts_paragraphs("Intro.\n\nThink of four overlapping questions.")
    4
    >>> counts_paragraphs("Four stages:\n\n1. Glycolysis"), counts_paragraphs("| two | x |")
    (0, 0)
    >>> counts_paragraphs("The kidney excretes about 90% of it; less than 10% reaches…")
    0
    """
    last = text.rstrip().rsplit("\n\n", 1)[-1].strip()
    if not last or last.startswith(("|", "#")) or _LIST_ITEM.match(last):
        return 0
    return counted(re.sub(r"\S*\d\S*", "", last))  # in words: "10%" counts nothing


def labelled_paragraphs_in(text: str) -> int:
    r"""How many paragraphs of ``text`` open with a bold label.

    >>> labelled_paragraphs_in("The **land question**: south.\n\n**Army.** Officers.")
    2
    """
    return len(_LABELLED_PARAGRAPH.findall(text))


def opens_labelled_paragraph(text: str) -> bool:
    """Whether a chunk starts with a paragraph opened by a bold label.

    >>> opens_labelled_paragraph("The **military question**: the army…")
    True
    """
    return _LABELLED_PARAGRAPH.match(text) is not None


_LIST_ITEM = re.compile(r"\s*(?:[-*+•]|\d{1,2}[.)])\s+\S")


def ends_in_list(text: str) -> bool:
    r"""Whether a chunk's last line is a list item of a list that opens in the chunk.

    "The cycle is best learned as a sequence of phases…" and the first of seven numbered
    phases made one chunk, the other six three more: "What are the phases of the cardiac
    cycle?" quoted the first line and no phase (a student's probe). A chunk that opens
    inside the list is its middle, read on only from where the list starts.

    >>> ends_in_list("Four stages:\n\n1. Glycolysis, in the cytosol")
    True
    >>> ends_in_list("1. Glycolysis\n2. Link reaction"), ends_in_list("Stages.\n\nIn the cell.")
    (False, False)
    """
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 2 and bool(_LIST_ITEM.match(lines[-1])) and not _LIST_ITEM.match(lines[0])


def opens_list(text: str) -> bool:
    """Whether a chunk starts with a list item ("- ", "* ", "1. ", "2) ").

    Only a list is joined to the line announcing it: a table has its own header, and
    "The results:" joined to a table of battles made its rows outrank the sentence
    that answered "whats the trachenberg plan in 1813".

    >>> opens_list("1. **Private information.** Each side…"), opens_list("| Date | Battle |")
    (True, False)
    """
    return bool(_LIST_ITEM.match(text))


def opens_formula(text: str) -> bool:
    r"""Whether a chunk starts with a formula line: "**C_H₂O = V − C_osm**, where…".

    "A useful quantitative tool is free-water clearance…:" ended one chunk and the formula
    opened the next (a renal probe).

    >>> opens_formula("**C_H₂O = V − C_osm**\n\nWhen urine is dilute…")
    True
    >>> opens_formula("A = B is said.")
    False
    """
    first = text.split("\n", 1)[0].strip()
    return "=" in first and len(first) <= FORMULA_LINE_CHARS and not first.endswith(".")


FORMULA_LINE_CHARS = 160
"""Longest first line read as a formula, not a sentence with an equation in it."""


def runs_into_formula(text: str, following: str) -> bool:
    r"""Whether a chunk stops mid-sentence and the next opens with the formula that ends it.

    "…so V = Ed = Qd/(ε₀A) and" ended one chunk and "C = ε₀A / d." opened the next: "formula
    for capacitance of a parallel plate capacitor" was answered "…Qd/(ε₀A) and" (an
    electromagnetism probe).

    >>> runs_into_formula("so V = Ed and", "  C = ε₀A / d.\n\nIt grows.")
    True
    >>> runs_into_formula("so V = Ed.", "C = 1."), runs_into_formula("so V = Ed and", "It grows.")
    (False, False)
    """
    last = text.rstrip().rsplit("\n", 1)[-1]
    first = following.lstrip("\n").split("\n", 1)[0]
    return runs_on(last) and ends_on_formula(last, first)


def opens_list_or_formula(text: str) -> bool:
    """Whether a chunk opens with what a line ending in a colon announces."""
    return opens_list(text) or opens_formula(text)


_GAP = 4
"""Most characters between two chunks that meet: a blank line and a two-space indent."""


def joined_text(text: str, end: int, following: str, following_start: int) -> str | None:
    r"""A chunk's text continued by the next chunk's, or None where they do not meet.

    Offsets are the chunks' places in their document: the next chunk may repeat the end
    of this one (overlap) or start after the blank line between them.

    >>> joined_text("three mechanisms:", 17, "1. Private information", 19)
    'three mechanisms:\n\n1. Private information'
    >>> joined_text("a b c:", 6, "c:\n1. x", 4)
    'a b c:\n1. x'
    >>> joined_text("a:", 2, "far away", 40) is None
    True
    """
    gap = following_start - end
    if gap > _GAP:
        return None
    if gap >= 0:  # a blank line, and the next line's indent: "\n\n  C = ε₀A / d."
        return text + "\n" * min(gap, 2) + " " * max(gap - 2, 0) + following
    overlap = -gap
    return text + following[overlap:] if overlap < len(following) else None


TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
"""A table's delimiter row, as ingest writes it (``|---|---|``)."""


def opens_inside_table(text: str) -> bool:
    r"""Whether ``text`` begins with rows of a table whose header it does not hold.

    A long table is cut between rows at ingest (``ingest.split``), so the chunk after
    the cut starts with bare rows: "| Ordinal | Categories with a natural order | …".

    Example:
        >>> opens_inside_table("| Ordinal | Ordered categories |\n| Interval | Equal steps |")
        True
        >>> opens_inside_table("| Ratio | True zero |\n\nThe key contrast is the meaning of zero.")
        True
        >>> opens_inside_table("| Level | Meaning |\n|---|---|\n| Nominal | Labels only |")
        False
    """
    lines = text.strip().splitlines()
    if not lines or not lines[0].lstrip().startswith("|"):
        return False
    for line in lines:
        if not line.strip().startswith("|"):
            return True  # the rows end; the text goes on below them
        if TABLE_SEPARATOR.match(line):
            return False
    return True


def closing_table_head(text: str) -> str | None:
    r"""The header and delimiter lines of a table that runs to the end of ``text``, if any.

    Example:
        >>> closing_table_head("Intro.\n\n| Level | Meaning |\n|---|---|\n| Nominal | Labels |")
        '| Level | Meaning |\n|---|---|'
        >>> closing_table_head("| Level | Meaning |\n|---|---|\n| Nominal | Labels |\n\nText.")
    """
    lines = text.rstrip().splitlines()
    end = len(lines)
    start = end
    while start > 0 and lines[start - 1].strip().startswith("|"):
        start -= 1
    for index in range(start + 1, end):
        if TABLE_SEPARATOR.match(lines[index]):
            return f"{lines[index - 1]}\n{lines[index]}"
    return None
