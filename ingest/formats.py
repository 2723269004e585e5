"""Slides (PPTX), Word documents (DOCX) and Jupyter notebooks read as Markdown-like text.

Each format is turned into the text the rest of the pipeline already understands:
``##`` headings for slide titles, Word heading styles and notebook headings, ``- `` list
items, ``| a | b |`` tables with a header row, fenced code for notebook code cells and a
``### Speaker notes`` heading over a slide's notes. The splitter, the keyword index and
the answer's evidence selection then treat a deck like any Markdown file, and the section
path names the slide. Alongside the text, each reader returns where every slide,
paragraph, table or cell lies in it (:class:`UnitSpan`), so a chunk can say which ones
it came from (:func:`locate_units`).

Pure functions over bytes: no file system, no model. A file that cannot be read raises
:class:`FileRejectedError` with one line saying why and what to do.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rag.errors import FileRejectedError

MAX_UNPACKED_BYTES = 512 * 1024 * 1024
"""Largest total uncompressed size of a .pptx/.docx package: a zip bomb is refused unread."""

_CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_WHITESPACE = re.compile(r"\s+")
_MARKDOWN_START = re.compile(r"^(#|```|~~~|\|)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBERED_STYLE = re.compile(r"(\d+)\s*$")
_DATA_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?data:[^)]*\)")
_DATA_IMG_TAG = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?data:[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class UnitSpan:
    """Where one slide, paragraph, table or notebook cell lies in the converted text.

    ``number`` is 1-based within its kind: slide 1 is the first slide, cell 1 the first
    cell of the notebook. A DOCX table is one ``paragraph`` block (body blocks are
    numbered in order, tables included) and also a ``table`` of its own number.
    """

    kind: str
    number: int
    start: int
    end: int


@dataclass(frozen=True)
class ConvertedDocument:
    """A file's Markdown-like text, its title ('' when it has none) and its unit spans."""

    text: str
    title: str
    units: tuple[UnitSpan, ...]


class _Builder:
    """Collects Markdown blocks and the span each unit covers in the joined text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.units: list[UnitSpan] = []

    def add(self, block: str, *, joiner: str = "\n\n") -> tuple[int, int]:
        """Append a block; return its span in the text."""
        if self.parts:
            self.parts.append(joiner)
            self.length += len(joiner)
        start = self.length
        self.parts.append(block)
        self.length += len(block)
        return start, self.length

    def mark(self, kind: str, number: int, start: int, end: int) -> None:
        if end > start:
            self.units.append(UnitSpan(kind, number, start, end))

    def text(self) -> str:
        return "".join(self.parts) + "\n" if self.parts else ""


def locate_units(units: Iterable[UnitSpan], start: int, end: int) -> dict[str, Any]:
    """Chunk metadata naming the units that ``text[start:end]`` overlaps.

    Returns e.g. ``{"slide": 7, "locator": "slide 7"}``, ``{"cell": 4, "cell_end": 6,
    "locator": "cells 4–6"}`` or ``{"paragraph": 3, "paragraph_end": 9, "table": 2,
    "locator": "table 2, paragraphs 3–9"}``; ``{}`` when no unit overlaps.
    """
    found: dict[str, list[int]] = {}
    for unit in units:
        if unit.start < end and start < unit.end:
            found.setdefault(unit.kind, []).append(unit.number)
    meta: dict[str, Any] = {}
    words: list[str] = []
    if "slide" in found:
        meta["slide"] = min(found["slide"])
        words.append(f"slide {meta['slide']}")
    if "table" in found:
        meta["table"] = min(found["table"])
        words.append(_range_words("table", min(found["table"]), max(found["table"])))
    for kind in ("paragraph", "cell"):
        if kind in found:
            first, last = min(found[kind]), max(found[kind])
            meta[kind], meta[f"{kind}_end"] = first, last
            words.append(_range_words(kind, first, last))
    if words:
        meta["locator"] = ", ".join(words)
    return meta


def _range_words(kind: str, first: int, last: int) -> str:
    return f"{kind} {first}" if first == last else f"{kind}s {first}–{last}"


def _plain(text: str) -> str:
    """One line of document text that Markdown will not read as structure.

    A slide or Word line starting with ``#`` or a code fence would otherwise become a
    heading or swallow the rest of the document into a code block in the splitter.
    """
    text = _WHITESPACE.sub(" ", _CONTROL.sub(" ", text)).strip()
    return "\\" + text if _MARKDOWN_START.match(text) else text


def _cell(text: str) -> str:
    return _plain(text).replace("|", "\\|")


def pipe_table(rows: list[list[str]]) -> str:
    """Rows of cell texts as a Markdown pipe table, the first row as its header."""
    width = max(len(row) for row in rows)
    cells = [[_cell(c) for c in row] + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return "\n".join(lines)


# --------------------------------------------------------------------------- packages


def check_package(label: str, data: bytes, kind: str) -> None:
    """Refuse bytes that are not a readable Office package of ``kind`` before parsing.

    Catches the common mistakes with a message that says what the file really is: a
    password-protected file (Office encrypts it into an OLE container), an old binary
    ``.ppt``/``.doc`` renamed, another zip (a ``.docx`` named ``.pptx``), a damaged zip,
    and a zip that would unpack to more than :data:`MAX_UNPACKED_BYTES`.
    """
    name, part, app = {
        "pptx": (".pptx", "ppt/presentation.xml", "PowerPoint"),
        "docx": (".docx", "word/document.xml", "Word"),
    }[kind]
    if data.startswith(_CFB_SIGNATURE):
        if _ENCRYPTED_STREAM in data:
            raise FileRejectedError(
                label,
                "is password-protected (encrypted); save a copy without a password in "
                f"{app} and ingest that",
            )
        raise FileRejectedError(
            label, f"is an old binary Office file, not {name}; save it as {name} in {app}"
        )
    if not data.startswith(b"PK"):
        raise FileRejectedError(label, f"is not a {name} file (not a zip package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as err:
        raise FileRejectedError(
            label, f"is damaged: its zip package cannot be read ({err})"
        ) from err
    names = {info.filename for info in infos}
    if part not in names:
        other = {
            "word/document.xml": ".docx",
            "ppt/presentation.xml": ".pptx",
            "xl/workbook.xml": ".xlsx",
        }
        really = next((ext for p, ext in other.items() if p in names), None)
        hint = f"it is a {really} file; rename it" if really else "it is some other zip file"
        raise FileRejectedError(label, f"is not a {app} {name} file ({hint})")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRejectedError(
            label,
            f"would unpack to {unpacked / 2**20:.0f} MiB (limit "
            f"{MAX_UNPACKED_BYTES / 2**20:.0f} MiB); it may be a zip bomb",
        )


def _detail(err: Exception) -> str:
    """The first line of a library's error, for a one-line reason."""
    return str(err).splitlines()[0][:200] if str(err).strip() else type(err).__name__


def _parse_failure(label: str, name: str, err: Exception) -> FileRejectedError:
    detail = _detail(err)
    return FileRejectedError(
        label, f"cannot be read as {name} ({detail}); open and re-save it, then ingest again"
    )


# --------------------------------------------------------------------------- PPTX


def read_pptx(label: str, data: bytes) -> ConvertedDocument:
    """A deck as one ``## Slide N: title`` section per slide, speaker notes under it.

    Shapes are read top to bottom, then left to right (a slide has no text order of its
    own); placeholders' bullets become ``- `` items, tables pipe tables, pictures their
    alt text. Title: the deck's document title, else the first slide's title.
    """
    check_package(label, data, "pptx")
    from pptx import Presentation

    try:
        deck = Presentation(io.BytesIO(data))
        slides = [_read_slide(slide) for slide in deck.slides]
        core_title = deck.core_properties.title or ""
    # A parser over untrusted bytes can fail in any way; one bad file must never stop
    # the rest of the folder, so every failure becomes this file's rejection.
    except Exception as err:
        raise _parse_failure(label, "a PowerPoint deck", err) from err
    out = _Builder()
    for number, (title, blocks, notes) in enumerate(slides, start=1):
        if not blocks and not notes and not title:
            continue
        heading = f"## Slide {number}: {title}" if title else f"## Slide {number}"
        start, end = out.add(heading)
        for block in blocks:
            end = out.add(block)[1]
        if notes:
            out.add("### Speaker notes")
            for paragraph in notes:
                end = out.add(paragraph)[1]
        out.mark("slide", number, start, end)
    if not out.parts:
        raise FileRejectedError(label, "the deck has no text (no titles, text boxes or notes)")
    first_title = next((title for title, _, _ in slides if title), "")
    return ConvertedDocument(out.text(), _plain(core_title) or first_title, tuple(out.units))


def _read_slide(slide: Any) -> tuple[str, list[str], list[str]]:
    """(title, body blocks in reading order, speaker-note paragraphs) of one slide."""
    title_shape = slide.shapes.title
    title = _plain(title_shape.text_frame.text) if title_shape is not None else ""
    blocks: list[str] = []
    for shape in _reading_order(slide.shapes):
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        block = _shape_block(shape)
        if block:
            blocks.append(block)
    notes: list[str] = []
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        frame = slide.notes_slide.notes_text_frame
        notes = [p for p in (_plain(par.text) for par in frame.paragraphs) if p]
    return title, blocks, notes


def _reading_order(shapes: Iterable[Any]) -> list[Any]:
    return sorted(shapes, key=lambda s: (s.top or 0, s.left or 0))


def _shape_block(shape: Any) -> str:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        inner = [_shape_block(child) for child in _reading_order(shape.shapes)]
        return "\n\n".join(block for block in inner if block)
    if getattr(shape, "has_table", False) and shape.has_table:
        rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
        return pipe_table(rows) if rows and any(any(r) for r in rows) else ""
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        bullets = shape.is_placeholder
        lines = []
        for paragraph in shape.text_frame.paragraphs:
            text = _plain(paragraph.text)
            if text:
                indent = "  " * paragraph.level
                lines.append(f"{indent}- {text}" if bullets else text)
        return "\n".join(lines)
    alt = _alt_text(shape)
    return f"[Image: {alt}]" if alt else ""


def _alt_text(shape: Any) -> str:
    """A picture's (or chart's) description, which PowerPoint keeps in ``cNvPr/@descr``."""
    for element in shape._element.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}cNvPr"):
            return _plain(element.get("descr") or element.get("title") or "")
    return ""


# --------------------------------------------------------------------------- DOCX


def read_docx(label: str, data: bytes) -> ConvertedDocument:
    """A Word document with heading styles as ``#`` headings, lists and tables kept.

    Body blocks (paragraphs and tables, empty paragraphs included) are numbered 1, 2, ...
    in document order; each gets a ``paragraph`` span and each table a ``table`` span.
    A ``Title`` style paragraph is the document title and a level-1 heading, so the
    splitter's Markdown rule applies: a lone level-1 heading at the top names the
    document, and with Heading 1 sections after it, each keeps its own path. Headers,
    footers, footnotes, comments, text boxes and images are not read.
    """
    check_package(label, data, "docx")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_docx_blocks(document))
        core_title = document.core_properties.title or ""
    except Exception as err:  # see read_pptx
        raise _parse_failure(label, "a Word document", err) from err
    out = _Builder()
    style_title = ""
    table_number = 0
    previous_list = False
    for number, (kind, text) in enumerate(blocks, start=1):
        if kind == "title" and text:
            style_title = style_title or text
            text = "# " + text.lstrip("\\")
        if not text:
            continue
        joiner = "\n" if kind == "list" and previous_list else "\n\n"
        start, end = out.add(text, joiner=joiner)
        out.mark("paragraph", number, start, end)
        if kind == "table":
            table_number += 1
            out.mark("table", table_number, start, end)
        previous_list = kind == "list"
    if not out.parts:
        raise FileRejectedError(label, "the Word document has no text")
    title = _plain(core_title) or style_title
    return ConvertedDocument(out.text(), title, tuple(out.units))


def _docx_blocks(document: Any) -> Iterator[tuple[str, str]]:
    """(kind, Markdown text) per body block: title, heading, list, text or table."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.table import Table

    # python-docx resolves paragraph.style by scanning every style, per paragraph; one
    # id -> name map makes a long handout seconds faster.
    names = {style.style_id: style.name or "" for style in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = (default.name or "") if default is not None else ""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            rows = [[cell.text for cell in row.cells] for row in block.rows]
            has_text = rows and any(any(c.strip() for c in row) for row in rows)
            yield "table", pipe_table(rows) if has_text else ""
            continue
        text = _plain(block.text)
        style_id = block._p.style
        style = names.get(style_id, default_name) if style_id else default_name
        if style == "Title":
            yield "title", text
        elif style.startswith("Heading") and text:
            number = _NUMBERED_STYLE.search(style)
            depth = min(int(number.group(1)), 6) if number else 1
            yield "heading", "#" * depth + " " + text.lstrip("\\")
        elif text and (style.startswith("List") or _list_level(block) is not None):
            level = _list_level(block)
            if level is None:
                match = _NUMBERED_STYLE.search(style)
                level = int(match.group(1)) - 1 if match else 0
            yield "list", "  " * level + "- " + text.lstrip("\\")
        else:
            yield "text", text


def _list_level(paragraph: Any) -> int | None:
    """The numbering level of a paragraph Word numbers or bullets directly, else None."""
    ppr = paragraph._p.pPr
    numbering = ppr.numPr if ppr is not None else None
    if numbering is None:
        return None
    ilvl = numbering.ilvl
    return int(ilvl.val) if ilvl is not None and ilvl.val is not None else 0


# --------------------------------------------------------------------------- notebooks


def read_notebook(label: str, text: str) -> ConvertedDocument:
    """A notebook's Markdown cells as Markdown and its code cells as fenced code.

    Outputs are skipped (they are results, often images or long logs, not course
    text). Cells are numbered 1, 2, ... in notebook order, empty ones included, as
    Jupyter shows them top to bottom. Title: the notebook's ``metadata.title``, else
    the first heading (the splitter's rule for Markdown).
    """
    import nbformat
    import nbformat.reader

    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        raise FileRejectedError(
            label,
            f"is not a valid notebook: invalid JSON at line {err.lineno}, column {err.colno} "
            f"({err.msg}); open it in Jupyter and save it again",
        ) from err
    try:
        # nbformat.reads would log schema complaints to stderr; the reader only parses
        # and upgrades, and the cells are checked here instead.
        notebook = nbformat.convert(nbformat.reader.reads(text), 4)
        cells = list(notebook["cells"])
        metadata = notebook.get("metadata") or {}
        kernelspec = metadata.get("kernelspec") or {}
        language = kernelspec.get("language") if isinstance(kernelspec, dict) else ""
        meta_title = metadata.get("title", "")
    # nbformat fails on odd input with whatever it meets (KeyError, UnboundLocalError,
    # jsonschema errors): see read_pptx.
    except Exception as err:
        raise FileRejectedError(
            label,
            f"is not a Jupyter notebook ({_detail(err)}); open it in Jupyter and save it again "
            "(nbformat 3 and 4 are read)",
        ) from err
    out = _Builder()
    for number, cell in enumerate(cells, start=1):
        block = _cell_block(cell, language if isinstance(language, str) and language else "python")
        if block:
            start, end = out.add(block)
            out.mark("cell", number, start, end)
    if not out.parts:
        raise FileRejectedError(label, "the notebook has no text (all cells are empty)")
    title = _plain(meta_title) if isinstance(meta_title, str) else ""
    return ConvertedDocument(out.text(), title, tuple(out.units))


def _cell_block(cell: Any, language: str) -> str:
    if not isinstance(cell, dict):
        return ""
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(str(line) for line in source)
    source = _CONTROL.sub(" ", str(source)).strip("\n")
    if not source.strip():
        return ""
    if cell.get("cell_type") == "code":
        fence = "~~~" if re.search(r"^\s*```", source, re.MULTILINE) else "```"
        return f"{fence}{language}\n{source}\n{fence}"
    return _inline_images(source).strip()


def _inline_images(markdown: str) -> str:
    """Images pasted into a Markdown cell as ``data:`` URIs, reduced to their alt text.

    Jupyter writes a pasted screenshot into the cell as base64; kept, it would become
    chunks of base64 that match nothing and crowd the keyword index.
    """
    markdown = _DATA_IMAGE.sub(lambda m: f"[Image: {m.group(1)}]" if m.group(1) else "", markdown)
    return _DATA_IMG_TAG.sub("", markdown)
