"""Read course files into text whose character offsets the rest of the pipeline keeps.

For Markdown and plain text the document text *is* the decoded file, so a chunk's
``start``/``end`` index straight into the file a teacher wrote. HTML is converted to
Markdown-like text (headings become ``#`` lines) and PDF pages are concatenated;
their spans index into that extracted text, and PDF chunks keep their page number.
Slide decks, Word files and notebooks are converted to Markdown-like text by
:mod:`ingest.formats`; their spans index into that text, and ``units`` say where each
slide, paragraph, table or cell lies in it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ingest.formats import ConvertedDocument, UnitSpan, read_docx, read_notebook, read_pptx
from ingest.repair import repair_text
from rag.errors import FileRejectedError
from rag.text.markdown import HEADING, clean_heading

FORMATS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".pptx": "pptx",
    ".docx": "docx",
    ".ipynb": "notebook",
}
"""File suffix -> loader. Plain text goes through the Markdown path: headings are optional."""

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_BINARY_PROBE = 8192


@dataclass(frozen=True)
class PageSpan:
    """Where one PDF page's text lies in the document text (1-based page number)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class LoadedDocument:
    """A course file read into text, with what the splitter and the index need to know."""

    path: Path
    root: Path
    source: str
    kind: str
    text: str
    body_start: int
    title: str
    sha256: str
    pages: tuple[PageSpan, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    units: tuple[UnitSpan, ...] = ()
    """Slides, paragraphs, tables or cells of a converted PPTX/DOCX/notebook (ingest.formats)."""

    @property
    def doc_key(self) -> str:
        """Identity of the document in the index: its folder and its path inside it."""
        return f"{self.root.as_posix()}::{self.source}"


@dataclass(frozen=True)
class FoundFile:
    """A file to ingest and the root its ``source`` path is relative to."""

    path: Path
    root: Path

    @property
    def source(self) -> str:
        """Path relative to the ingested root, with forward slashes."""
        return self.path.relative_to(self.root).as_posix()


def discover_files(
    paths: Iterable[Path], skip: Path | None = None
) -> tuple[list[FoundFile], list[FileRejectedError]]:
    """Expand folders into the files under them, skipping hidden files and folders.

    Returns the files found and one error per path that does not exist, so a typo in
    one argument does not stop the others from being ingested. ``skip`` is a folder
    never read: the index's own data directory, when it sits inside an ingested folder
    (``rag ingest . --data-dir ./index`` reported its lock file as an unsupported file).
    """
    found: dict[Path, FoundFile] = {}
    missing: list[FileRejectedError] = []
    skipped = skip.expanduser().resolve() if skip is not None else None
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists():
            missing.append(FileRejectedError(str(given), "no such file or folder"))
            continue
        path = path.resolve()
        if path.is_dir():
            # Only a folder *around* the data directory skips it: uploads are saved
            # inside it and ingested from there.
            inside = skipped is not None and path.is_relative_to(skipped)
            for file in _walk(path, missing, None if inside else skipped):
                found.setdefault(file, FoundFile(file, path))
        elif path.is_file():
            found.setdefault(path, FoundFile(path, path.parent))
        else:  # a FIFO or device would block or never end
            missing.append(FileRejectedError(str(given), "not a regular file"))
    return sorted(found.values(), key=lambda f: (f.root, f.source)), missing


def _walk(
    folder: Path, problems: list[FileRejectedError], skip: Path | None = None
) -> Iterator[Path]:
    for child in sorted(folder.iterdir()):
        if child.name.startswith(".") or child == skip:
            continue  # hidden, or the index's own folder (never walked into)
        if child.is_symlink() and not child.exists():
            problems.append(FileRejectedError(str(child), _broken_link(child)))
        elif child.is_dir() and not child.is_symlink():
            yield from _walk(child, problems, skip)
        elif child.is_file():
            yield child


def _broken_link(link: Path) -> str:
    """Why a symbolic link cannot be followed: it loops, or its target is gone."""
    import errno

    try:
        link.stat()
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop; fix or remove the link"
    return f"broken symbolic link (its target {link.readlink()} does not exist); fix or remove it"


def load_document(found: FoundFile) -> LoadedDocument:
    """Read one file, or raise :class:`FileRejectedError` saying why it cannot be used."""
    path, label = found.path, found.source
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        supported = ", ".join(sorted(FORMATS))
        raise FileRejectedError(
            label, f"unsupported file type '{path.suffix or '(none)'}'; supported: {supported}"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileRejectedError(label, f"cannot be read ({err.strerror or err})") from err
    if not data.strip():
        raise FileRejectedError(label, "file is empty")
    digest = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        return _load_pdf(found, data, digest)
    if kind in ("pptx", "docx"):
        return _load_converted(
            found, kind, digest, (read_pptx if kind == "pptx" else read_docx)(label, data)
        )
    text = _decode_text(label, data)
    if kind == "notebook":
        return _load_converted(found, kind, digest, read_notebook(label, text))
    if kind == "html":
        return _load_html(found, text, digest)
    return _load_markdown(found, text, digest)


def _decode_text(label: str, data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        raise FileRejectedError(label, "is a PDF file with a text extension; rename it to .pdf")
    if b"\x00" in data[:_BINARY_PROBE]:
        raise FileRejectedError(label, "looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FileRejectedError(
            label,
            f"is not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "save it with UTF-8 encoding",
        ) from err
    if not text.strip("\ufeff \t\r\n"):
        raise FileRejectedError(label, "file is empty")
    return repair_text(text)  # offsets index the repaired text (ingest.repair)


def _document(
    found: FoundFile,
    kind: str,
    text: str,
    digest: str,
    title: str,
    *,
    body_start: int = 0,
    pages: tuple[PageSpan, ...] = (),
    units: tuple[UnitSpan, ...] = (),
    metadata: dict[str, Any] | None = None,
) -> LoadedDocument:
    """The document every loader returns; the file name stands in for a missing title."""
    return LoadedDocument(
        path=found.path,
        root=found.root,
        source=found.source,
        kind=kind,
        text=text,
        body_start=body_start,
        title=title or file_title(found.path.stem),
        sha256=digest,
        pages=pages,
        metadata=metadata or {},
        units=units,
    )


def _load_markdown(found: FoundFile, text: str, digest: str) -> LoadedDocument:
    front, body_start = parse_front_matter(text)
    body = text[body_start:]
    title = _string_field(front.get("title")) or title_line(body) or title_heading(body)
    metadata = {k: v for k, v in front.items() if isinstance(v, str | int | float)}
    return _document(
        found, "markdown", text, digest, title, body_start=body_start, metadata=metadata
    )


def parse_front_matter(text: str) -> tuple[dict[str, Any], int]:
    """Return the YAML front matter as a dict and the offset where the body starts.

    Front matter that is not valid YAML is skipped as text but not interpreted:
    a broken header must not stop a course file from being ingested.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    try:
        parsed = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        parsed = None
    return (parsed if isinstance(parsed, dict) else {}), match.end()


_EMPHASISED_LINE = re.compile(r"(\*\*|\*|__|_)(?P<text>[^*_\n]{3,150})\1\s*")
_PART_LEAD = re.compile(
    r"(\*\*|\*|__|_)(?P<text>(?:Part|Chapter|Unit|Module|Lecture|Week|Session)\b[^*_\n]{3,150})"
    r"\1[ \t]+\S"
)
"""A bold "Part 2 — …." run that opens a first line of running text: the part's title."""
_HASH_LIKE = re.compile(r"(?=\w*\d)(?=\w*[A-Za-z])\w{8,}")
_SECTION_NUMBER = re.compile(r"(?:\d+(?:\.\d+)*[.):]?|[IVXLC]+[.)])\s")


def title_line(text: str) -> str:
    r"""A wholly bold or italic first line, before any heading: the part's own title.

    "**Part 2: The Viral Replication Cycle and Virus-Host Interactions**" opens the
    second file of a course whose first file has the "# …" title; its first heading,
    "## 1. The replication cycle at a glance", titled the whole file, and citations and
    the coverage heatmap read as if section 6 sat under section 1 (a helper's browser
    check of the app). Twenty of the 166 check-course files open so.

    Example:
        >>> title_line("**Part 2: Replication**\n\nIn this part…\n\n## 1. Overview")
        'Part 2: Replication'
        >>> title_line("## 1. Overview\n\n**Bold** words")
        ''
    """
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    match = _EMPHASISED_LINE.fullmatch(first) or _PART_LEAD.match(first)
    return match.group("text").strip().rstrip(".:").strip() if match else ""


def title_heading(text: str) -> str:
    r"""The first heading as the file's title, unless it is the first numbered section.

    An empty heading (``##`` alone) names nothing, so the next one is looked at.

    "## 1. From Matrices to Game Trees" opens the second file of a game-theory course
    that has no title of its own; as the title it made every citation of the file read
    "From Matrices to Game Trees › 3. Nash Equilibria…" (a helper's check of the app).
    A numbered heading with siblings at its level is a section: the file name titles
    the file instead. "## Part 2 — Empire" above "## 1. …" is still a title.

    Example:
        >>> title_heading("## 1. Matrices\n\ntext\n\n## 2. Trees")
        ''
        >>> title_heading("## Part 2 — Empire\n\n## 1. Qin")
        'Part 2 — Empire'
        >>> title_heading("# 1. Introduction\n\n## 1.1 Scope")
        '1. Introduction'
    """
    headings = [
        (len(m.group("level")), title)
        for m in HEADING.finditer(text)
        if (title := clean_heading(m.group("text") or ""))
    ]
    if not headings:
        return ""
    level, first = headings[0]
    if _SECTION_NUMBER.match(first) and any(other == level for other, _ in headings[1:]):
        return ""
    return first


def file_title(stem: str) -> str:
    """A file name read as a title, for a file that gives none.

    Numbering and separators go ("02_sequential_and_repeated_games" reads "Sequential
    and repeated games"); a name that is not words (a hash, "000_09a406be5dd0d1aa") is
    kept as it is, since it is what the teacher sees in the folder.

    Example:
        >>> file_title("02_sequential_and_repeated_games"), file_title("week-3 notes")
        ('Sequential and repeated games', 'Week 3 notes')
        >>> file_title("000_09a406be5dd0d1aa"), file_title("README")
        ('000_09a406be5dd0d1aa', 'README')
    """
    words = re.sub(r"^[\d\W_]+", "", stem).replace("_", " ").replace("-", " ").split()
    if not words or any(_HASH_LIKE.fullmatch(word) for word in words):
        return stem
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _string_field(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _load_converted(
    found: FoundFile, kind: str, digest: str, converted: ConvertedDocument
) -> LoadedDocument:
    """A slide deck, Word file or notebook, already turned into Markdown-like text.

    Untitled decks fall back to the file name: their first heading is "Slide 1".
    """
    heading = title_heading(converted.text) if kind != "pptx" else ""
    title = converted.title or heading
    return _document(found, kind, converted.text, digest, title, units=converted.units)


def _load_html(found: FoundFile, html: str, digest: str) -> LoadedDocument:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    title_tag = BeautifulSoup(html, "html.parser").title
    text = html_to_markdown(soup)
    if not text.strip():
        raise FileRejectedError(found.source, "HTML file has no visible text")
    title = (title_tag.get_text(" ", strip=True) if title_tag else "") or title_heading(text)
    return _document(found, "html", text, digest, title)


_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "tr", "pre", "blockquote",
    "table", "ul", "ol", "dl", "dt", "dd", "header", "footer", "aside", "figure",
}  # fmt: skip


def html_to_markdown(soup: Any) -> str:
    """Flatten HTML into paragraphs, with ``#`` headings so the splitter sees structure.

    Only text nodes are kept: attributes (``onerror=...``, ``src=...``) never reach
    the index, and nothing of the document is ever rendered as HTML again.
    """
    blocks: list[str] = []

    def visit(node: Any) -> None:
        name = getattr(node, "name", None)
        if name is None:
            return
        if re.fullmatch(r"h[1-6]", name):
            heading = node.get_text(" ", strip=True)
            if heading:
                blocks.append("#" * int(name[1]) + " " + heading)
            return
        if name in _BLOCK_TAGS and not any(
            getattr(child, "name", None) in _BLOCK_TAGS | {f"h{i}" for i in range(1, 7)}
            for child in node.children
        ):
            text = node.get_text(" ", strip=True)
            if text:
                blocks.append(("- " if name == "li" else "") + re.sub(r"\s+", " ", text))
            return
        loose: list[str] = []
        for child in node.children:
            if getattr(child, "name", None) is None:
                loose.append(str(child))
                continue
            if loose and "".join(loose).strip():
                blocks.append(re.sub(r"\s+", " ", "".join(loose)).strip())
            loose = []
            visit(child)
        if loose and "".join(loose).strip():
            blocks.append(re.sub(r"\s+", " ", "".join(loose)).strip())

    body = soup.body or soup
    visit(body)
    return "\n\n".join(blocks) + "\n"


def _load_pdf(found: FoundFile, data: bytes, digest: str) -> LoadedDocument:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF-"):
        raise FileRejectedError(found.source, "has a .pdf name but is not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(data))
        pages_text = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as err:
        raise FileRejectedError(found.source, f"cannot be parsed as PDF ({err})") from err
    if not any(t.strip() for t in pages_text):
        raise FileRejectedError(
            found.source, "PDF has no extractable text (a scanned PDF needs OCR first)"
        )
    parts: list[str] = []
    spans: list[PageSpan] = []
    offset = 0
    for number, page_text in enumerate(pages_text, start=1):
        page_text = page_text.strip()
        if not page_text:
            continue
        spans.append(PageSpan(number, offset, offset + len(page_text)))
        parts.append(page_text)
        offset += len(page_text) + 2
    text = "\n\n".join(parts)
    title = str(meta_title).strip() or title_heading(text)
    return _document(found, "pdf", text, digest, title, pages=tuple(spans))
