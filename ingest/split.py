"""Structure-aware splitting: Markdown sections first, then token-bounded chunks.

Pure functions, no I/O and no model: the token counter is passed in, so tests can
use a whitespace counter and production uses the embedding model's tokenizer.
Every chunk's text is exactly ``document_text[start:end]``; nothing is rewritten, so
the UI can highlight a citation in the original file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.load import PageSpan
from rag.text.chunks import SECTION_SEPARATOR
from rag.text.markdown import FENCE, HEADING, RULE, TABLE_DELIMITER, clean_heading
from rag.text.sentences import CHUNK_SENTENCE_END
from rag.text.wrapping import bridges_formula

SPLITTER_VERSION = "3"
"""Bumped whenever chunk boundaries change, so an old index is rebuilt, not mixed."""

TokenCounter = Callable[[str], int]

_BLANK_RUN = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Section:
    """A heading's span of text, up to the next heading of any level."""

    path: tuple[str, ...]
    start: int
    end: int
    heading_end: int

    @property
    def name(self) -> str:
        """Heading path as shown to users, e.g. ``Text Generation > BERT``."""
        return SECTION_SEPARATOR.join(self.path)


@dataclass(frozen=True)
class TextChunk:
    """A piece of a document that is embedded and retrieved as one passage."""

    text: str
    start: int
    end: int
    section: str
    page: int | None
    tokens: int


def find_sections(text: str, body_start: int = 0) -> list[Section]:
    """Cut ``text[body_start:]`` at Markdown headings (not inside fenced code).

    A document whose only level-1 heading comes first uses it as its title, so it is
    left out of every section path; text before the first heading has section ''.
    """
    headings: list[tuple[int, int, int, str]] = []  # start, end of line, level, text
    in_fence = False
    pos = body_start
    for line in text[body_start:].splitlines(keepends=True):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            match = HEADING.match(line.rstrip("\r\n"))
            title = clean_heading(match.group("text") or "") if match else ""
            if match and title:
                headings.append((pos, pos + len(line), len(match.group("level")), title))
        pos += len(line)

    level_one = [h for h in headings if h[2] == 1]
    title_heading = level_one[0] if len(level_one) == 1 and headings[0] is level_one[0] else None

    sections: list[Section] = []
    first_start = headings[0][0] if headings else len(text)
    if text[body_start:first_start].strip():
        sections.append(Section((), body_start, first_start, body_start))
    stack: list[tuple[int, str]] = []
    for index, (start, line_end, level, title) in enumerate(headings):
        end = headings[index + 1][0] if index + 1 < len(headings) else len(text)
        while stack and stack[-1][0] >= level:
            stack.pop()
        if (start, line_end, level, title) != title_heading:
            stack.append((level, title))
        sections.append(Section(tuple(t for _, t in stack), start, end, line_end))
    return sections


def split_document(
    text: str,
    *,
    count_tokens: TokenCounter,
    chunk_size: int,
    chunk_overlap: int,
    body_start: int = 0,
    pages: Sequence[PageSpan] = (),
    header: Callable[[str], str] | None = None,
) -> list[TextChunk]:
    """Split a document along its sections into chunks of at most ``chunk_size`` tokens.

    Args:
        text: The whole document text that spans index into.
        count_tokens: Tokens of a string as the embedding model counts them.
        chunk_size: Token budget of what gets embedded: the header plus the chunk text.
        chunk_overlap: Tokens of the previous piece repeated when a section is cut.
        body_start: Where content begins (after YAML front matter).
        pages: PDF page spans; a chunk is cut at page ends and records its page.
        header: The context line embedded before a chunk, given its section name.

    A section that fits stays whole, so a table or a list keeps its heading. A longer
    one is cut between paragraphs, then lines, then sentences, then words.
    """
    chunks: list[TextChunk] = []
    for section in find_sections(text, body_start):
        if not _has_content(text[section.heading_end : section.end]):
            continue
        budget = chunk_size - (count_tokens(header(section.name)) if header else 0)
        if budget < 16:
            raise ValueError(
                f"chunk_size {chunk_size} leaves {budget} tokens after the section header "
                f"'{section.name}'; use a larger chunk size"
            )
        for start, end in _page_bounded(section.start, section.end, pages):
            for piece_start, piece_end, tokens in _pack(
                text, start, end, count_tokens, budget, min(chunk_overlap, budget // 2)
            ):
                chunks.append(
                    TextChunk(
                        text=text[piece_start:piece_end],
                        start=piece_start,
                        end=piece_end,
                        section=section.name,
                        page=_page_of(piece_start, pages),
                        tokens=tokens,
                    )
                )
    return chunks


def _has_content(text: str) -> bool:
    return any(line.strip() and not RULE.match(line) for line in text.splitlines())


def _page_bounded(start: int, end: int, pages: Sequence[PageSpan]) -> list[tuple[int, int]]:
    if not pages:
        return [(start, end)]
    spans = [(max(start, p.start), min(end, p.end)) for p in pages]
    return [(s, e) for s, e in spans if s < e]


def _page_of(offset: int, pages: Sequence[PageSpan]) -> int | None:
    for page in pages:
        if page.start <= offset < page.end:
            return page.page
    return None


def _pack(
    text: str,
    start: int,
    end: int,
    count_tokens: TokenCounter,
    budget: int,
    overlap: int,
) -> list[tuple[int, int, int]]:
    """Greedily pack the section's smallest needed units into chunks within budget."""
    units = _units(text, start, end, count_tokens, budget)
    if not units:
        return []
    pieces: list[tuple[int, int, int]] = []
    first = 0
    while first < len(units):
        last, used = first, units[first][2]
        while last + 1 < len(units) and used + units[last + 1][2] <= budget:
            last += 1
            used += units[last][2]
        piece_start, piece_end = units[first][0], units[last][1]
        tokens = count_tokens(text[piece_start:piece_end])
        while tokens > budget and last > first:  # tokenizers are only nearly additive
            last -= 1
            piece_end = units[last][1]
            tokens = count_tokens(text[piece_start:piece_end])
        pieces.append((piece_start, piece_end, tokens))
        if last + 1 >= len(units):
            break
        next_first, carried = last + 1, 0
        while next_first - 1 > first and carried + units[next_first - 1][2] <= overlap:
            next_first -= 1
            carried += units[next_first][2]
        first = next_first
    return pieces


def _units(
    text: str, start: int, end: int, count_tokens: TokenCounter, budget: int
) -> list[tuple[int, int, int]]:
    """Spans (start, end, tokens) each within budget: paragraphs, else finer pieces."""
    units: list[tuple[int, int, int]] = []
    for block_start, block_end in _formulas_joined(
        text, _trimmed_parts(text, start, end, _BLANK_RUN)
    ):
        units.extend(_fit(text, block_start, block_end, count_tokens, budget, level=0))
    return units


def _formulas_joined(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``blocks`` with a sentence that goes on past a formula set apart in a block of its own.

    A chunk ending "…The ratio" and the next opening "is called the index of refraction"
    left the answer a fragment (:func:`rag.text.wrapping.bridges_formula`). The sentence,
    from its start in the block before to its end in the block after, becomes one block;
    the rest of those blocks stay apart, so a long paragraph is no more likely to be cut.
    """
    joined: list[tuple[int, int]] = []
    pending = list(blocks)
    while pending:
        before = pending.pop(0)
        if len(pending) < 2 or not bridges_formula(
            text[slice(*before)], text[slice(*pending[0])], text[slice(*pending[1])]
        ):
            joined.append(before)
            continue
        after = pending[1]
        del pending[:2]
        opening = [m.end() for m in CHUNK_SENTENCE_END.finditer(text, *before)]
        sentence_start = opening[-1] if opening else before[0]
        closing = CHUNK_SENTENCE_END.search(text, *after)
        sentence_end = closing.start() if closing else after[1]
        if sentence_start > before[0]:
            joined.append((before[0], sentence_start))
        joined.append((sentence_start, sentence_end))
        if closing:
            pending.insert(0, (closing.end(), after[1]))
    return [
        (a + len(text[a:b]) - len(text[a:b].lstrip()), a + len(text[a:b].rstrip()))
        for a, b in joined
        if text[a:b].strip()
    ]


_FINER = (re.compile(r"\n"), CHUNK_SENTENCE_END, re.compile(r"\s+"))


def _fit(
    text: str, start: int, end: int, count_tokens: TokenCounter, budget: int, level: int
) -> list[tuple[int, int, int]]:
    tokens = count_tokens(text[start:end])
    if tokens <= budget:
        return [(start, end, tokens)]
    if level < len(_FINER):
        parts = _trimmed_parts(text, start, end, _FINER[level])
        if level == 0:
            parts = _keep_table_heads(text, parts)
        if len(parts) > 1:
            out: list[tuple[int, int, int]] = []
            for part_start, part_end in parts:
                out.extend(_fit(text, part_start, part_end, count_tokens, budget, level + 1))
            return out
        return _fit(text, start, end, count_tokens, budget, level + 1)
    return _cut_characters(text, start, end, count_tokens, budget)


def _keep_table_heads(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines of a block, with each table's header, delimiter and first row kept together.

    A long table is cut between lines; cut right after its header, one chunk ended with
    "| Normal form | Requirement | Introduced by |", read as a row of data, and the next
    opened with "|---|", its rows without names for their columns.
    """
    merged: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        start, end = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            following is not None
            and text[start:end].startswith("|")
            and TABLE_DELIMITER.match(text[following[0] : following[1]])
        ):
            last = index + 1
            if last + 1 < len(lines) and text[lines[last + 1][0]].startswith("|"):
                last += 1  # and its first row: a header alone says nothing
            merged.append((start, lines[last][1]))
            index = last + 1
            continue
        merged.append((start, end))
        index += 1
    return merged


def _cut_characters(
    text: str, start: int, end: int, count_tokens: TokenCounter, budget: int
) -> list[tuple[int, int, int]]:
    """Last resort for a single 'word' longer than the budget (a URL, a base64 blob)."""
    out: list[tuple[int, int, int]] = []
    while start < end:
        low, high = start + 1, end
        while low < high:  # longest prefix within budget
            mid = (low + high + 1) // 2
            if count_tokens(text[start:mid]) <= budget:
                low = mid
            else:
                high = mid - 1
        out.append((start, low, count_tokens(text[start:low])))
        start = low
    return out


def _trimmed_parts(
    text: str, start: int, end: int, separator: re.Pattern[str]
) -> list[tuple[int, int]]:
    parts: list[tuple[int, int]] = []
    cursor = start
    for match in separator.finditer(text, start, end):
        parts.append((cursor, match.start()))
        cursor = match.end()
    parts.append((cursor, end))
    trimmed = []
    for part_start, part_end in parts:
        segment = text[part_start:part_end]
        stripped = segment.strip()
        if not stripped or RULE.match(stripped):
            continue
        lead = len(segment) - len(segment.lstrip())
        trimmed.append((part_start + lead, part_start + lead + len(stripped)))
    return trimmed
