"""The Markdown syntax the course files use, read in one place.

Ingest cuts documents at headings, the evidence reader skips headings, fences and
table delimiter rows, and the answer, quiz and coverage code quote lines without
their ``**`` and link targets. Each kept its own copy of these patterns, and the
copies drifted (one accepted an indented heading, another did not), so the same
line could be a heading to one part and a sentence to another. They live here now.

The patterns follow CommonMark where the course files need it (up to three spaces
before a ``#``, fences of backticks or tildes) and are otherwise deliberately
simple: they read lines of teacher-written Markdown, they do not parse it. Where a
reader needs the real thing (rendering), :mod:`rag.text.render` uses markdown-it.

Pure functions and compiled patterns; nothing here touches a file.
"""

from __future__ import annotations

import re

HEADING = re.compile(r"^[ \t]{0,3}(?P<level>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t#]*$", re.M)
"""An ATX heading line: ``level`` is the ``#`` run, ``text`` the title (None when empty).

Multi-line, so ``HEADING.finditer(document)`` finds every heading (fenced code aside:
callers that care skip fences with :data:`FENCE`). ``#hashtag`` is not a heading.
Trailing ``#`` characters are dropped with the closing sequence, "C#" included: the
splitter has always named sections so, and a section name is part of a stored index.
"""

FENCE = re.compile(r"^[ \t]*(```|~~~)")
"""A line that opens or closes a fenced code block."""

TABLE_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
"""A table's delimiter row (``|---|:--:|``): it separates the header row from the data."""

LIST_MARKER = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
"""A list item's bullet or number and the space after it.

Accepts ``•`` too: PDF and Word text converted by ingest keeps the bullet character.
(:mod:`rag.text.render` mirrors markdown-it's stricter rule instead, because there
the highlight must land exactly where the parser sees the item start.)
"""

RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
"""A thematic break: three or more of the same ``-``, ``*`` or ``_``, spaces allowed."""

IMAGE = re.compile(r"!\[([^\]]*)\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])")
"""An inline or reference image; group 1 is the alt text.

The target may hold one level of parentheses (``wiki/File_(1).png``), so no ``)``
is left behind when the image is replaced.
"""

LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^()]*\))*\)")
"""An inline link; group 1 is its text. Match :data:`IMAGE` first: an image looks like a link."""

WIKI_LINK = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")
"""An Obsidian-style ``[[Page]]`` or ``[[Page|label]]``; group 1 is the page name, 2 the label."""


def wiki_links_as_words(text: str) -> str:
    """Wiki links as the words Obsidian shows: ``[[Page|label]]`` "label", ``[[Page]]`` "Page".

    >>> wiki_links_as_words("a type of [[Artificial Intelligence]] using [[ML|machine learning]]")
    'a type of Artificial Intelligence using machine learning'
    """
    return WIKI_LINK.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(1), text)


_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)  # "**gimbal\nlock**" too
_STRAY_STRONG = re.compile(r"(?<=[\w.)])\*\*(?!\w)|(?<![\w*])\*\*(?=\w)")
"""Half a bold marker a sentence cut left: "The income statement** reports…" of "**1. The
income statement** reports…" (a financial accounting probe). Not "2 ** 3"."""
_CODE = re.compile(r"`([^`]+)`")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_LETTER_EMPHASIS = re.compile(r"(?<![*\s])\*([A-Za-z])\*(?!\*)|(?<!\*)\*([A-Za-z])\*(?=\w)")
"""An italic letter inside a word, as notation: "*c*p", "d*m*CV" read "cp", "dmCV"."""
_QUOTE = re.compile(r"^>(?!\s*[−-]?\d)\s*")
"""A blockquote's marker; not a greater-than sign before a number: the Winkler table's
"> 2,220" degree days came out "2,220" (a winemaking probe)."""
_SPACE = re.compile(r"\s+")


def clean_markdown(text: str, *, list_marker: bool = True) -> str:
    r"""A Markdown line as plain text: no bullets, emphasis, link targets or wiki brackets.

    Only paired markers go, so an identifier like ``window.__x`` keeps its
    underscores; images become their alt text. White space runs become one space.
    ``list_marker=False`` keeps a leading "8." (a numbered heading is not a list item).

    >>> clean_markdown("- **FID** (Fréchet Inception Distance) – see [the table](#metrics)")
    'FID (Fréchet Inception Distance) – see the table'
    >>> clean_markdown("For gases *c*p is larger than *c*v; 2 * 3 * 4 stays")
    'For gases cp is larger than cv; 2 * 3 * 4 stays'
    >>> clean_markdown("*M* = *k T*<sup>*b*</sup>, tf<sub>t,d</sub>, x<sup>10</sup>")
    'M = k T^b, tf_(t,d), x^10'
    >>> clean_markdown("they suffer from **gimbal\nlock**: when")  # bold over a wrapped line
    'they suffer from gimbal lock: when'
    >>> clean_markdown("> A quoted line"), clean_markdown("> 2,220")
    ('A quoted line', '> 2,220')
    >>> clean_markdown("The income statement** reports"), clean_markdown("2 ** 3")
    ('The income statement reports', '2 ** 3')
    """
    if list_marker:
        text = LIST_MARKER.sub("", text, count=1)
    text = IMAGE.sub(r"\1", text)
    text = LINK.sub(r"\1", text)
    text = wiki_links_as_words(text)
    text = _STRAY_STRONG.sub("", _STRONG.sub(r"\2", text))
    text = _CODE.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _LETTER_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    text = _QUOTE.sub("", text)
    text = _SCRIPT_TAG.sub(_as_typed, text)
    return _SPACE.sub(" ", text).strip()


_SCRIPT_TAG = re.compile(r"<(?P<tag>sup|sub)>(?P<text>[^<>]{1,40})</(?P=tag)>", re.I)
"""A superscript or subscript written in HTML, which Markdown has no syntax for."""


def _as_typed(match: re.Match[str]) -> str:
    """A superscript as "^b", a subscript as "_t"; brackets keep several characters together.

    "M = k T<sup>b</sup>" read "M = k Tb" once the tags were dropped, a product where the
    notes write a power (a student's probe of an information-retrieval course).
    """
    text = match.group("text")
    return ("^" if match.group("tag").lower() == "sup" else "_") + (
        text if len(text) == 1 or (text.isalnum() and len(text) <= 2) else f"({text})"
    )


CELL_BORDER = re.compile(r"(?<!\\)\|")
r"""A table's cell border: a pipe, not one written ``\|`` inside a cell."""


def row_cells(line: str) -> list[str]:
    r"""The cells of a Markdown table row, as written (an escaped pipe is the cell's own).

    "| Query likelihood | … | in P(*t* \| *M*<sub>d</sub>) | via smoothing |" was read as
    five cells, its column labels shifted by one (an information-retrieval probe).

    >>> row_cells(r"| a | P(t \| M) | c |")
    ['a', 'P(t | M)', 'c']
    """
    cells = CELL_BORDER.split(line.strip().strip("|"))
    return [cell.replace("\\|", "|").strip() for cell in cells]


def clean_heading(heading: str) -> str:
    """Heading text as a section name: no wiki-link brackets or bold markers.

    Lighter than :func:`clean_markdown` on purpose: section names and titles are
    stored with every chunk and embedded in its header, so changing what is removed
    here changes an existing index; links and code in headings are left as written.
    """
    heading = WIKI_LINK.sub(r"\1", heading)
    return heading.replace("**", "").strip()


def heading_text(line: str) -> str | None:
    """The cleaned title of a heading line (:func:`clean_heading`), or None for other lines.

    An empty heading (``##``) gives ``""``, which is still a heading.
    """
    match = HEADING.match(line)
    if match is None:
        return None
    return clean_heading(match.group("text") or "")


_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
     "through", "to", "vs", "with"]
)  # fmt: skip


def title_line(line: str) -> re.Match[str] | None:
    """A Title Case line without a full stop is a heading someone did not mark up.

    "Exploring the Creative Power of Machines through Generative Artificial
    Intelligence" introduces a text: quoting it answers nothing (evidence units), and
    blanking a word of it asks nothing (quiz cloze items). The match's ``label`` group
    is the cleaned line.
    """
    text = clean_markdown(line)
    words = text.split()
    if not 2 <= len(words) <= 14 or text[-1:] in ".!?:;," or any(c in text for c in "→,;"):
        return None  # a sequence ("Data Collection → Preprocessing") is content
    if all(w[:1].isupper() or w.lower() in _SMALL_WORDS or not w[:1].isalpha() for w in words):
        return re.match(r"(?P<label>.+)", text)
    return None


_LIST_NUMBER = re.compile(r"\s*(\d{1,3})[.)]\s")


def list_number(item: str) -> int:
    """The number a numbered list item opens with; 0 for a bulleted one.

    >>> list_number("3. **Rapid ejection.** When…"), list_number("- Rapid ejection")
    (3, 0)
    """
    match = _LIST_NUMBER.match(item)
    return int(match.group(1)) if match else 0


_QUOTE_ONLY = re.compile(r"^[ \t]*>[ \t>]*$")


def lines_unquoted_blank(text: str) -> list[str]:
    r"""``text``'s lines, each ending kept, with a blockquote's empty lines (">") blank.

    The ">" between quoted paragraphs ends one, as a blank line does: "> **Income
    Statement, Month Ended June 30, 2025**" and ">" read as one sentence "…2025 >." (a
    financial accounting probe). Lengths are kept, so offsets into ``text`` still hold.

    >>> lines_unquoted_blank("> **Title**\n>\n> Revenue: $5,300\n")
    ['> **Title**\n', ' \n', '> Revenue: $5,300\n']
    """
    return [
        " " * len(body) + line[len(body) :]
        if _QUOTE_ONLY.match(body := line.rstrip("\r\n"))
        else line
        for line in text.splitlines(keepends=True)
    ]
