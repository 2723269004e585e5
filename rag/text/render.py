"""Course passages as people read them: Markdown rendered, never anything fetched or run.

Passages are stored as the teacher wrote them (Markdown, offsets exact), so showing
them raw puts ``**Key Ideas:**`` and ``|---:|`` in front of students. Here they become
HTML for the app and Markdown for the terminal, under three rules:

- images are never fetched: an image shows as its alt text;
- raw HTML in a document is never rendered: it shows as text (``<script>`` included);
- the cited sentences stay highlighted (``<mark>``);
- an Obsidian wiki link (``[[Machine Learning]]``) reads as its words.

Pure functions over strings; the UI and the CLI decide where the result goes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rag.text.markdown import (
    CELL_BORDER,
    FENCE,
    IMAGE,
    TABLE_DELIMITER,
    clean_markdown,
    wiki_links_as_words,
)

OPEN_MARK = "\u2e18"
CLOSE_MARK = "\u2e19"
"""Characters that stand for the highlight until the HTML is built (⸘ and ⸙, which no
course text needs; a document's own are replaced first). They are punctuation to
Markdown, as the tags they become are to a reader: with private-use characters, a bold
sentence ending in a full stop and highlighted whole ("**…prototyping.**") lost its
closing ``**`` to CommonMark's flanking rule and showed its stars (a newcomer's
screenshots of the coverage page)."""

LABEL_SEPARATOR = " › "

# The block syntax markdown-it sees at a line's start (CommonMark: up to 9 digits, no
# "•"), not rag.text.markdown's LIST_MARKER and HEADING: a highlight must begin exactly
# after what the parser takes as the prefix, or the marker breaks the item or heading.
_LINE_PREFIX = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?|#{1,6}[ \t]+)*")


def passage_label(
    title: str, section: str, page: int | None = None, locator: str = "", source: str = ""
) -> str:
    """'Document title › Section › Subsection', as people name a place in a course.

    The page of a PDF or the slide, table or cell of a converted file follows; the
    file name stands in only when a document has no title.

    >>> passage_label("Scientific Revolution", "Part Three > 7. The *Principia* (1687)")
    'Scientific Revolution › Part Three › 7. The Principia (1687)'
    """
    parts = [title.strip() or source] if (title.strip() or source) else []
    # A heading's emphasis is the writer's, not the place's name: "7. The *Principia*
    # (1687)" showed its stars in the app's source list (a helper's screenshots).
    parts += [clean_markdown(part, list_marker=False) for part in section.split(">")]
    parts = [part for part in parts if part]
    label = LABEL_SEPARATOR.join(dict.fromkeys(parts)) or "passage"
    if page is not None:
        label += f" (page {page})"
    if locator and not section.lower().startswith(f"{locator.lower()}:"):
        label += f" ({locator})"
    return label


def source_label(passage: Any) -> str:
    """:func:`passage_label` of a :class:`rag.schema.Passage`."""
    return passage_label(
        passage.title,
        passage.section,
        passage.page,
        getattr(passage, "locator", ""),
        passage.source,
    )


def merge_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans clipped to ``[0, length]``, empty ones dropped, overlapping ones merged."""
    clipped = sorted(
        (max(0, start), min(length, end)) for start, end in spans if min(length, end) > start
    )
    merged: list[tuple[int, int]] = []
    for start, end in clipped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def mark_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with highlight markers around the spans, placed so Markdown still parses.

    A marker may not swallow a line's block syntax (``- ``, ``## ``, ``> ``) or a
    table's pipes, so a highlight is cut at line ends and starts after the line's
    prefix; in a table row each touched cell is highlighted whole; delimiter rows and
    code fences are left alone. Marker characters inside the document are replaced
    first (same length, offsets stay valid), so a document cannot forge a highlight.
    """
    clean = text.replace(OPEN_MARK, "\ufffd").replace(CLOSE_MARK, "\ufffd")
    merged = merge_spans(spans, len(clean))
    if not merged:
        return clean
    out: list[str] = []
    offset = 0
    for line in clean.split("\n"):
        line_end = offset + len(line)
        touched = [
            (max(a, offset) - offset, min(b, line_end) - offset)
            for a, b in merged
            if a < line_end and b > offset
        ]
        out.append(_mark_line(line, touched) if touched else line)
        offset = line_end + 1
    return "\n".join(out)


def _mark_line(line: str, touched: list[tuple[int, int]]) -> str:
    if not line.strip() or TABLE_DELIMITER.match(line) or FENCE.match(line):
        return line
    if line.lstrip().startswith("|"):
        cells, position, marked = CELL_BORDER.split(line), 0, []
        for cell in cells:
            hit = any(a < position + len(cell) and b > position for a, b in touched)
            marked.append(_wrap(cell) if hit else cell)
            position += len(cell) + 1
        return "|".join(marked)
    prefix = _LINE_PREFIX.match(line)
    head = len(prefix.group(0)) if prefix else 0
    pieces, cursor = [], 0
    for a, b in touched:
        a = max(a, head, cursor)
        while a > max(head, cursor) and line[a - 1] in "*_`~":
            a -= 1  # keep emphasis markers with their text, so tags nest
        while b < len(line) and line[b] in "*_`~":
            b += 1
        if b <= a:
            continue
        pieces.append(line[cursor:a])
        pieces.append(_wrap(line[a:b]))
        cursor = b
    pieces.append(line[cursor:])
    return "".join(pieces)


def _wrap(part: str) -> str:
    body = part.strip()
    if not body:
        return part
    lead = part[: len(part) - len(part.lstrip())]
    trail = part[len(part.rstrip()) :]
    return f"{lead}{OPEN_MARK}{body}{CLOSE_MARK}{trail}"


def _parser() -> Any:
    from markdown_it import MarkdownIt

    # html=False: raw HTML in a document is escaped as text, never passed through.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )

    def image(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        alt = renderer.renderInlineAsText(token.children or [], options, env)
        return f"<em>[image: {html.escape(alt or 'no description')}]</em>"

    def link_open(_renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        href = html.escape(str(tokens[idx].attrGet("href") or ""), quote=True)
        return f'<a href="{href}" target="_blank" rel="noopener noreferrer nofollow">'

    md.add_render_rule("image", image)
    md.add_render_rule("link_open", link_open)
    return md


_md: Any = None


def passage_html(text: str, spans: Sequence[tuple[int, int]] = ()) -> str:
    r"""A passage rendered to HTML, the ``spans`` (offsets into ``text``) in ``<mark>``.

    Tables, lists and emphasis are rendered; images become their alt text; raw HTML
    is shown as text; headings are bold lines.

    >>> passage_html("# Unit 2: Respiration\n\nCells respire.")
    '<p><strong>Unit 2: Respiration</strong></p>\n<p>Cells respire.</p>\n'
    >>> passage_html("Cells respire\nin mitochondria. Plants too.", [(0, 30)])
    '<p><mark>Cells respire\nin mitochondria.</mark> Plants too.</p>\n'
    """
    global _md
    if _md is None:
        _md = _parser()
    # The bundled notes link terms Obsidian-style ("a type of [[Artificial Intelligence]]");
    # CommonMark has no such link and showed the brackets (a helper in the app). There is
    # no page to go to, so they read as words, after the highlight is placed (its offsets
    # count the brackets) and outside code.
    marked = _outside_fences(_words_outside_code, mark_spans(text, spans))
    rendered = str(_md.render(_outdent_lone_lines(marked)))
    # A heading inside a source is a line of it, not a heading of the page: "# Unit 2:
    # Cellular Respiration" showed at the page's own title size (a helper in the app).
    rendered = _HEADING_TAG.sub(r"<p><strong>\2</strong></p>", rendered)
    # A sentence wrapped by hand is marked line by line (a marker may not swallow a
    # line's block syntax); within one paragraph the pieces are one highlight again,
    # not two with an unmarked gap at the line break (a helper in the app).
    rendered = _MARK_GAP.sub(r"\1", rendered)
    return rendered.replace(OPEN_MARK, "<mark>").replace(CLOSE_MARK, "</mark>")


_MARK_GAP = re.compile(re.escape(CLOSE_MARK) + r"(\s+)" + re.escape(OPEN_MARK))


def _words_outside_code(line: str) -> str:
    return _outside_code_spans(wiki_links_as_words, line)


def _outside_code_spans(transform: Callable[[str], str], line: str) -> str:
    """``line`` with ``transform`` applied to the text between its code spans."""
    pieces = []
    cursor = 0
    for code in _CODE_SPAN.finditer(line):
        pieces.append(transform(line[cursor : code.start()]))
        pieces.append(code.group(0))
        cursor = code.end()
    pieces.append(transform(line[cursor:]))
    return "".join(pieces)


def _outside_fences(transform: Callable[[str], str], text: str) -> str:
    """``text`` with ``transform`` applied to each line outside fenced code."""
    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
        out.append(line if in_fence else transform(line))
    return "\n".join(out)


_HEADING_TAG = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)


def _outdent_lone_lines(text: str) -> str:
    r"""Text with a lone tab-indented line moved back to the margin.

    Course notes indent a subtitle with a tab ("\tThe creative revolution of machines
    begins…"); Markdown reads any line indented by a tab as code, and the app showed
    it in a monospace box running past its border (a helper driving the app). A code
    block spans lines, so only a line whose neighbours are not indented is moved.
    """
    lines = text.split("\n")

    def indented(i: int) -> bool:
        return 0 <= i < len(lines) and lines[i].startswith(("\t", "    "))

    return "\n".join(
        line.lstrip("\t") if line.startswith("\t") and not (indented(i - 1) or indented(i + 1))
        else line
        for i, line in enumerate(lines)
    )  # fmt: skip


def passage_terminal_markdown(text: str) -> str:
    """Markdown for ``rich`` on a terminal: images as alt text, HTML tags shown as text.

    rich would silently drop inline HTML and print an image's URL; neither helps a
    student reading a source. Wiki links read as their words, as in the app.
    """
    return _outside_fences(_terminal_line, text)


_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def _image_as_text(match: re.Match[str]) -> str:
    return f"[image: {match.group(1) or 'no description'}]"


def _terminal_line(line: str) -> str:
    return _outside_code_spans(_terminal_text, line)


def _terminal_text(text: str) -> str:
    text = IMAGE.sub(_image_as_text, wiki_links_as_words(text))
    return text.replace("<", "\\<")


def passage_plain_text(text: str) -> str:
    """A passage as plain text, for pipes and files.

    Markdown syntax and HTML tags stay as written; images become their alt text, so
    nothing points anywhere.
    """
    return IMAGE.sub(_image_as_text, text)
