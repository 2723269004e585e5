"""Loader for retrieval benchmarks stored in the BEIR directory layout.

We evaluate the study assistant's retriever on BEIR-style datasets (public
BEIR sets as well as our own course-material test sets) so that every dataset
goes through one well-tested code path. The loader is strict on purpose: a
silently skipped line changes evaluation numbers without anybody noticing, so
every malformed line raises :class:`BeirFormatError` naming the file, the line
and the problem, together with a description of the expected layout.

Files are read line by line (never slurped), because BEIR corpora can have
millions of documents.
"""

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rag.errors import BeirFormatError

__all__ = [
    "BEIR_LAYOUT_HELP",
    "BeirDataset",
    "BeirDoc",
    "BeirFormatError",
    "available_splits",
    "load_beir",
]

BEIR_LAYOUT_HELP: Final[str] = BeirFormatError.LAYOUT_HELP
"""Appended to every :class:`~rag.errors.BeirFormatError` so users can fix files unaided."""

_CORPUS_FILE: Final[str] = "corpus.jsonl"
_QUERIES_FILE: Final[str] = "queries.jsonl"
_QRELS_DIR: Final[str] = "qrels"
_HEADER_SCORE_NAMES: Final[frozenset[str]] = frozenset({"score", "relevance", "rel", "label"})
_UTF8_BOM: Final[bytes] = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class BeirDoc:
    """One corpus document.

    BEIR's optional ``metadata`` is not kept: retrieval and evaluation only
    need the id, title and text, and dropping it saves memory on big corpora.

    Attributes:
        doc_id: The document's ``_id``.
        title: The title, ``""`` when absent (many BEIR corpora have none).
        text: The body text.

    """

    doc_id: str
    title: str
    text: str


@dataclass(frozen=True)
class BeirDataset:
    """A loaded BEIR dataset restricted to one qrels split.

    Attributes:
        corpus: Document id to document.
        queries: Query id to query text, only for queries judged in the split,
            so iterating over it evaluates exactly the judged queries.
        qrels: Query id to ``{doc_id: grade}``, as given in the split file
            (grade 0 judgments are kept; the metrics ignore them).
        name: The dataset directory's name, for reports.

    """

    corpus: dict[str, BeirDoc]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]
    name: str


def available_splits(directory: Path) -> list[str]:
    """List the qrels splits present, e.g. ``["dev", "test"]``.

    Args:
        directory: The dataset directory.

    Returns:
        Sorted split names (file stems of ``qrels/*.tsv``); empty if the
        ``qrels`` folder is missing.

    """
    qrels_dir = Path(directory) / _QRELS_DIR
    if not qrels_dir.is_dir():
        return []
    return sorted(path.stem for path in qrels_dir.glob("*.tsv") if path.is_file())


def _iter_text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` for the non-blank lines of a UTF-8 file.

    Reads bytes and decodes each line separately so that an encoding error is
    reported on its exact line (text-mode reading decodes whole chunks and
    would blame the wrong line), while still streaming the file.

    Args:
        path: The file to read.

    Yields:
        1-based line numbers and the decoded line without its line ending.

    Raises:
        BeirFormatError: If a line is not valid UTF-8.

    """
    with path.open("rb") as handle:
        for line_number, raw in enumerate(handle, start=1):
            data = raw.removeprefix(_UTF8_BOM) if line_number == 1 else raw
            try:
                line = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BeirFormatError(
                    path, f"invalid UTF-8 at byte {exc.start} of the line", line_number
                ) from exc
            line = line.rstrip("\r\n")
            if line.strip():
                yield line_number, line


def _iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield ``(line_number, object)`` for each JSON object line of a file.

    Args:
        path: A ``.jsonl`` file.

    Yields:
        1-based line numbers and the parsed JSON objects.

    Raises:
        BeirFormatError: If a line is not valid JSON or not a JSON object.

    """
    for line_number, line in _iter_text_lines(path):
        try:
            parsed = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BeirFormatError(
                path, f"invalid JSON ({exc.msg} at column {exc.colno})", line_number
            ) from exc
        if not isinstance(parsed, dict):
            raise BeirFormatError(
                path, f"expected a JSON object, got {type(parsed).__name__}", line_number
            )
        yield line_number, parsed


def _require_id(record: dict[str, object], path: Path, line_number: int) -> str:
    """Return a record's ``_id`` as a string.

    Integer ids are accepted and converted, because some exporters write
    numeric ids that the qrels file then refers to as text.

    Args:
        record: A parsed JSON object.
        path: File it came from, for error messages.
        line_number: Line it came from, for error messages.

    Returns:
        The non-empty id.

    Raises:
        BeirFormatError: If ``_id`` is missing, empty or not a string/integer.

    """
    if "_id" not in record:
        raise BeirFormatError(path, 'missing required field "_id"', line_number)
    raw = record["_id"]
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise BeirFormatError(
            path, f'"_id" must be a string, got {type(raw).__name__}', line_number
        )
    record_id = str(raw)
    if not record_id.strip():
        raise BeirFormatError(path, '"_id" must not be empty', line_number)
    return record_id


def _string_field(
    record: dict[str, object], field: str, path: Path, line_number: int, *, required: bool
) -> str:
    """Return a text field, defaulting optional absent or null fields to ``""``.

    Args:
        record: A parsed JSON object.
        field: Field name, e.g. ``"text"``.
        path: File it came from, for error messages.
        line_number: Line it came from, for error messages.
        required: Whether a missing field is an error.

    Returns:
        The field's string value.

    Raises:
        BeirFormatError: If a required field is missing or the value is not a
            string.

    """
    if field not in record or record[field] is None:
        if required:
            raise BeirFormatError(path, f'missing required field "{field}"', line_number)
        return ""
    value = record[field]
    if not isinstance(value, str):
        raise BeirFormatError(
            path, f'"{field}" must be a string, got {type(value).__name__}', line_number
        )
    return value


def _qrels_path(directory: Path, split: str) -> Path:
    """Locate ``qrels/<split>.tsv``, explaining which splits exist if it is absent.

    Args:
        directory: The dataset directory.
        split: Split name such as ``"test"``.

    Returns:
        Path of the split's qrels file.

    Raises:
        BeirFormatError: If the split name is not a plain name or the file is
            missing.

    """
    qrels_dir = directory / _QRELS_DIR
    if not split or Path(split).name != split or split in {".", ".."}:
        raise BeirFormatError(qrels_dir, f"invalid split name {split!r}; use e.g. 'test'")
    path = qrels_dir / f"{split}.tsv"
    if path.is_file():
        return path
    if not qrels_dir.is_dir():
        raise BeirFormatError(path, f"the qrels folder {qrels_dir} does not exist")
    splits = available_splits(directory)
    found = ", ".join(repr(name) for name in splits) if splits else "none"
    raise BeirFormatError(
        path, f"qrels file for split {split!r} not found; available splits in {qrels_dir}: {found}"
    )


def _is_header(fields: list[str]) -> bool:
    """Tell a qrels header line from a data line with a bad score.

    Only a word such as ``score`` in the score column counts as a header, so
    a genuine typo like ``1x`` on the first line is still reported.

    Args:
        fields: The stripped columns of the first non-blank line.

    Returns:
        Whether the line is a header.

    """
    return fields[2].lower() in _HEADER_SCORE_NAMES


def _read_qrels(path: Path) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Parse a qrels TSV file.

    Args:
        path: ``qrels/<split>.tsv``.

    Returns:
        The qrels, and for each query id the first line mentioning it (so a
        later consistency error can point at a line).

    Raises:
        BeirFormatError: On a wrong column count, empty id, non-integer score,
            contradictory duplicate judgment, or a file without judgments.

    """
    qrels: dict[str, dict[str, int]] = {}
    first_line: dict[str, int] = {}
    seen_content = False
    for line_number, line in _iter_text_lines(path):
        fields = line.split("\t")
        if len(fields) != 3:
            fields = line.split()
        if len(fields) != 3:
            raise BeirFormatError(
                path,
                "expected 3 tab-separated columns (query-id, corpus-id, score), "
                f"found {len(fields)}: {line!r}",
                line_number,
            )
        query_id, doc_id, score_text = (field.strip() for field in fields)
        is_first = not seen_content
        seen_content = True
        if is_first and _is_header([query_id, doc_id, score_text]):
            continue
        if not query_id or not doc_id:
            raise BeirFormatError(path, "query-id and corpus-id must not be empty", line_number)
        try:
            score = int(score_text)
        except ValueError:
            raise BeirFormatError(
                path, f"score {score_text!r} is not an integer relevance grade", line_number
            ) from None
        judgments = qrels.setdefault(query_id, {})
        previous = judgments.get(doc_id)
        if previous is not None and previous != score:
            raise BeirFormatError(
                path,
                f"conflicting judgments for query {query_id!r} and document {doc_id!r}: "
                f"{previous} and {score}",
                line_number,
            )
        judgments[doc_id] = score
        first_line.setdefault(query_id, line_number)
    if not qrels:
        raise BeirFormatError(path, "the file contains no relevance judgments")
    return qrels, first_line


def _read_queries(path: Path, wanted: Collection[str]) -> dict[str, str]:
    """Parse ``queries.jsonl``, keeping only the ``wanted`` query ids.

    Every line is validated even if its query is not kept, so a broken file
    is noticed regardless of which split is loaded.

    Args:
        path: ``queries.jsonl``.
        wanted: Query ids to keep (those judged in the split).

    Returns:
        Query id to query text for the wanted ids found in the file.

    Raises:
        BeirFormatError: On malformed lines or duplicate ids.

    """
    queries: dict[str, str] = {}
    seen: dict[str, int] = {}
    for line_number, record in _iter_jsonl(path):
        query_id = _require_id(record, path, line_number)
        text = _string_field(record, "text", path, line_number, required=True)
        if query_id in seen:
            raise BeirFormatError(
                path,
                f"duplicate _id {query_id!r} (first defined on line {seen[query_id]})",
                line_number,
            )
        seen[query_id] = line_number
        if query_id in wanted:
            queries[query_id] = text
    return queries


def _read_corpus(path: Path) -> dict[str, BeirDoc]:
    """Parse ``corpus.jsonl`` by streaming it line by line.

    Args:
        path: ``corpus.jsonl``.

    Returns:
        Document id to document.

    Raises:
        BeirFormatError: On malformed lines, duplicate ids or an empty corpus.

    """
    corpus: dict[str, BeirDoc] = {}
    for line_number, record in _iter_jsonl(path):
        doc_id = _require_id(record, path, line_number)
        if doc_id in corpus:
            # First occurrences are not tracked: on million-line corpora a
            # line-number table would cost more memory than it is worth.
            raise BeirFormatError(
                path, f"duplicate _id {doc_id!r}; ids must be unique in the corpus", line_number
            )
        title = _string_field(record, "title", path, line_number, required=False)
        text = _string_field(record, "text", path, line_number, required=True)
        corpus[doc_id] = BeirDoc(doc_id=doc_id, title=title, text=text)
    if not corpus:
        raise BeirFormatError(path, "the corpus contains no documents")
    return corpus


def load_beir(directory: Path, split: str = "test") -> BeirDataset:
    """Load a BEIR-layout dataset for evaluating one qrels split.

    All required files are checked before anything is parsed, and the large
    corpus is read last, so most mistakes surface in well under a second.

    Args:
        directory: Folder containing ``corpus.jsonl``, ``queries.jsonl`` and
            ``qrels/<split>.tsv``.
        split: Which qrels file to use (``"test"``, ``"dev"``, ``"train"``...).

    Returns:
        The dataset; ``queries`` and ``qrels`` cover exactly the queries judged
        in ``split``. Judged documents absent from the corpus are kept in the
        qrels, as the official BEIR evaluation does.

    Raises:
        BeirFormatError: If the directory or a file is missing or malformed,
            or the split judges a query that ``queries.jsonl`` lacks.

    """
    directory = Path(directory)
    if not directory.is_dir():
        raise BeirFormatError(directory, "dataset directory does not exist or is not a folder")
    corpus_path = directory / _CORPUS_FILE
    queries_path = directory / _QUERIES_FILE
    for required in (corpus_path, queries_path):
        if not required.is_file():
            raise BeirFormatError(required, f"required file {required.name} is missing")
    qrels_path = _qrels_path(directory, split)

    qrels, first_line = _read_qrels(qrels_path)
    queries = _read_queries(queries_path, wanted=qrels.keys())
    missing = [query_id for query_id in qrels if query_id not in queries]
    if missing:
        query_id = min(missing, key=first_line.__getitem__)
        raise BeirFormatError(
            qrels_path,
            f"query-id {query_id!r} does not appear in {queries_path}"
            + (f" ({len(missing)} judged queries are missing)" if len(missing) > 1 else ""),
            first_line[query_id],
        )
    corpus = _read_corpus(corpus_path)
    return BeirDataset(corpus=corpus, queries=queries, qrels=qrels, name=directory.name)
