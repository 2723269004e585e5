"""A passage split into the pieces an answer, a quiz item or a reranker can quote.

Sentences, list items and table rows (read as "first cell: other cells"), each with
its exact offsets in the stored passage so a citation can highlight it. Headings
and a table's header row are context, never pieces. Pure text: no models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text.markdown import HEADING, TABLE_DELIMITER, clean_markdown, row_cells
from rag.text.sentences import SENTENCE_END
from rag.text.wrapping import (
    continues_item,
    continues_paragraph,
    formula_bridged,
    opens_unit,
    runs_on,
)


@dataclass(frozen=True)
class Candidate:
    """A sentence or line of a retrieved passage that could go into the answer."""

    passage: int
    """0-based index of the passage in the retrieval order."""
    start: int
    end: int
    text: str
    """Readable form: Markdown markers removed, table rows as 'cell: cell'."""


IMAGE_LINE = re.compile(r"^\[?!\[[^\]]*\]\([^)]*\)(?:\]\([^)]*\))?$")
"""A line that is only an image (linked or not): its alt text repeats a heading; it states
nothing a student could be quoted or an instructor shown as evidence."""


def candidate_sentences(passage_index: int, text: str) -> list[Candidate]:
    r"""Split a passage into answerable units: sentences, list items, table rows.

    A sentence or list item wrapped over several lines is one unit
    (:mod:`rag.text.wrapping`).

    >>> passage = "## Metrics\n| Metric | Evaluates |\n|---|---|\n| FID | Realism of images |\n"
    >>> candidate_sentences(0, passage)
    [Candidate(passage=0, start=44, end=71, text='FID: Realism of images')]
    >>> [c.text for c in candidate_sentences(0, "- Prophase: chromatin\n  condenses. Then")]
    ['Prophase: chromatin condenses.']
    """
    candidates: list[Candidate] = []
    block: list[int] = []  # start and end of the open run of wrapped lines
    in_item = False  # the open block is a list item or a term line
    offset = 0
    lines = text.splitlines(keepends=True)
    bridged = -1  # the last line of a sentence that goes on past a formula set apart
    for number, line in enumerate(lines):
        start, stripped = offset, line.strip()
        offset += len(line)
        previous = lines[number - 1] if number else ""
        if block and not in_item and not stripped and bridged < number and runs_on(previous):
            bridged = formula_bridged(lines, number)
        wrapped = continues_item if in_item else continues_paragraph
        if block and (number <= bridged or wrapped(line, previous)):
            block[1] = start + len(line.rstrip())
            continue
        if block:
            candidates.extend(_sentences(passage_index, text, block[0], block[1]))
            block = []
        if not stripped or HEADING.match(line) or TABLE_DELIMITER.match(stripped):
            continue
        if IMAGE_LINE.match(stripped):
            continue  # "[image: Understanding Generative AI]" was coverage evidence
        if stripped.startswith("|"):
            following = lines[number + 1].strip() if number + 1 < len(lines) else ""
            if TABLE_DELIMITER.match(following):
                continue  # a table's header row says nothing on its own
            cells = [c for c in row_cells(stripped) if c]
            readable = ": ".join([cells[0], ", ".join(cells[1:])]) if len(cells) > 1 else ""
            lead = len(line) - len(line.lstrip())
            if readable:
                candidates.append(
                    Candidate(passage_index, start + lead, start + lead + len(stripped),
                              clean_markdown(readable))
                )  # fmt: skip
            continue
        block, in_item = [start, start + len(line.rstrip())], opens_unit(line)
    if block:
        candidates.extend(_sentences(passage_index, text, block[0], block[1]))
    return candidates


def _sentences(passage_index: int, text: str, start: int, end: int) -> list[Candidate]:
    """The sentences of ``text[start:end]`` (a line, or lines wrapped into one block)."""
    found: list[Candidate] = []
    cursor = start
    for match in [*SENTENCE_END.finditer(text, start, end), None]:
        stop = match.start() if match else end
        piece = text[cursor:stop]
        lead = len(piece) - len(piece.lstrip())
        readable = clean_markdown(piece)
        if len(readable.split()) >= 3:
            found.append(Candidate(passage_index, cursor + lead, stop, readable))
        cursor = match.end() if match else cursor
    return found


def name_list(sentence: str, max_words: int = 4) -> bool:
    """Whether a sentence is a list of names: "Label: A, B, C", three or more short items.

    Such a line names things without explaining them; a table row with a description
    ("Video Generation: Synthesizes short video sequences or scenes., Pika, Sora") is
    not one, its first item being a clause.

    Example:
        >>> name_list("Deployment: FastAPI, Docker, cloud services")
        True
        >>> name_list("Inference: Generate outputs conditioned on prompts.")
        False
    """
    if ":" not in sentence:
        return False
    items = [i.strip(" .") for i in sentence.split(":", 1)[1].split(",")]
    items = [i for i in items if i]
    return len(items) >= 3 and all(len(i.split()) <= max_words for i in items)


SEQUENCE_ARROW = re.compile(r"\s*(?:→|->|⟶|=>)\s*")
"""An arrow between two steps of a sequence written on one line."""


def is_sequence(text: str) -> bool:
    """Whether ``text`` is three or more steps joined by arrows, a pipeline in one line.

    >>> is_sequence("Data Collection → Preprocessing → Model Training"), is_sequence("A → B")
    (True, False)
    """
    return len(SEQUENCE_ARROW.findall(text)) >= 2
