"""Course files uploaded through the UI: checked, saved under the data directory, ingested.

An upload is untrusted input from a browser: its name could climb out of the upload
folder (``../../.bashrc``), its extension could lie about its content, and its size
is whatever the sender chose. Each check raises :class:`FileRejectedError` with a
message a student can act on. The checks are pure functions, testable without
Streamlit or a model; only :func:`add_uploads` touches the index.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.formats import check_package
from ingest.load import FORMATS
from rag.errors import FileRejectedError
from rag.settings import Settings

if TYPE_CHECKING:
    from rag.assistant import Assistant

ALLOWED_SUFFIXES = frozenset(FORMATS)
"""What the loaders in :mod:`ingest.load` can read."""
_PACKAGES = {".pptx": "pptx", ".docx": "docx"}

MAX_NAME_LENGTH = 120
_UNSAFE_CHARS = re.compile(r"[^\w.\- ]+", re.UNICODE)


@dataclass
class UploadResult:
    """What happened to a batch of uploaded files."""

    added: list[Path] = field(default_factory=list)
    """Saved and ingested."""
    rejected: list[FileRejectedError] = field(default_factory=list)
    """Refused by the checks or by the loader (nothing kept on disk for these)."""
    warnings: list[str] = field(default_factory=list)
    report: Any = None
    """The :class:`ingest.index.IngestReport` of the ingest, when one ran."""


def uploads_dir(settings: Settings) -> Path:
    """The folder uploads are saved in: inside the data directory, next to the index."""
    return Path(settings.data_dir) / "uploads"


def reingest_paths(settings: Settings) -> list[Path]:
    """What the UI's re-ingest button indexes: the course folder plus the uploads folder.

    The same as ``rag ingest`` with no argument, so the button and the README's
    ``make run`` agree, plus uploads, which would otherwise never be re-checked.
    """
    paths = [Path(settings.corpus_dir)]
    uploads = uploads_dir(settings)
    if uploads.is_dir() and any(uploads.iterdir()):
        paths.append(uploads)
    return paths


def safe_filename(name: str) -> str:
    """A plain file name for an uploaded name: no folders, no hidden or odd names.

    Browsers send only a base name, but anything can arrive in the request, so the
    last component after either kind of slash is kept, characters outside letters,
    digits, ``. - _`` and space become ``_``, and the result must keep an allowed
    extension.

    Raises:
        FileRejectedError: Empty, hidden, or with an extension that is not supported.
    """
    base = unicodedata.normalize("NFC", name).replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    shown = base or name or "(no name)"
    if not base or base in {".", ".."}:
        raise FileRejectedError(shown, "the file has no name")
    if base.startswith("."):
        raise FileRejectedError(shown, "hidden files (names starting with '.') are not accepted")
    suffix = Path(base).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        supported = ", ".join(sorted(ALLOWED_SUFFIXES))
        raise FileRejectedError(
            shown,
            f"unsupported file type '{suffix or '(none)'}'; upload one of: {supported}",
        )
    stem = _UNSAFE_CHARS.sub("_", base[: -len(suffix)]).strip(" ._") or "upload"
    return stem[: MAX_NAME_LENGTH - len(suffix)] + suffix


def check_content(name: str, data: bytes, max_mb: float) -> None:
    """Refuse empty, oversized, or mislabelled files before anything is written.

    Args:
        name: The (already safe) file name; its extension says what ``data`` must be.
        data: The uploaded bytes.
        max_mb: Size limit in megabytes (``RAG_MAX_UPLOAD_MB``).

    Raises:
        FileRejectedError: The message says what is wrong and what to do.
    """
    size_mb = len(data) / 1_000_000
    if len(data) > max_mb * 1_000_000:
        raise FileRejectedError(
            name,
            f"is {size_mb:.1f} MB; the limit is {max_mb:g} MB "
            "(split the file, or raise RAG_MAX_UPLOAD_MB)",
        )
    if not data.strip():
        raise FileRejectedError(name, "the file is empty")
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        if not data.startswith(b"%PDF-"):
            raise FileRejectedError(
                name, "is not a PDF (it does not start with '%PDF-'); upload the real PDF file"
            )
        return
    if suffix in _PACKAGES:  # a zip: encrypted, renamed or damaged ones are named as such
        check_package(name, data, _PACKAGES[suffix])
        return
    if data.startswith(b"%PDF-"):
        raise FileRejectedError(name, f"is a PDF file named {suffix}; rename it to .pdf")
    if b"\x00" in data:
        raise FileRejectedError(name, f"is a binary file, not {suffix} text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FileRejectedError(
            name,
            f"is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "save it with UTF-8 encoding and upload it again",
        ) from err


def save_upload(settings: Settings, name: str, data: bytes) -> Path:
    """Check one upload and write it into :func:`uploads_dir`, replacing a same-named file.

    The bytes go to a hidden temporary file first (ingest skips hidden files) and are
    renamed into place, so a concurrent ingest never reads half a file.

    Raises:
        FileRejectedError: The name or the content is not acceptable.
    """
    safe = safe_filename(name)
    check_content(safe, data, settings.max_upload_mb)
    folder = uploads_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe
    # safe_filename already removed separators; this guards against a future change.
    if target.resolve().parent != folder.resolve():
        raise FileRejectedError(name, "the file name points outside the upload folder")
    handle, temporary = tempfile.mkstemp(prefix=".upload-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def add_uploads(
    assistant: Assistant,
    files: Sequence[tuple[str, bytes]],
    on_progress: Callable[[str, int, int], None] | None = None,
) -> UploadResult:
    """Save the acceptable files and ingest the uploads folder.

    Files the loader then refuses (say, a PDF without extractable text) are deleted
    again and reported, so they do not fail every later re-ingest.

    Raises:
        IndexLockedError: Another ingest is running; the saved files are picked up
            by the next ingest.
    """
    result = UploadResult()
    saved: list[Path] = []
    for name, data in files:
        try:
            saved.append(save_upload(assistant.settings, name, data))
        except FileRejectedError as err:
            result.rejected.append(err)
    if not saved:
        return result
    report = assistant.ingest([uploads_dir(assistant.settings)], on_progress=on_progress)
    result.report = report
    failed = {str(Path(error["path"]).resolve()): error["error"] for error in report.errors}
    for path in saved:
        reason = failed.get(str(path.resolve()))
        if reason is None:
            result.added.append(path)
            continue
        result.rejected.append(FileRejectedError(path.name, reason))
        path.unlink(missing_ok=True)
    if any(str(path.resolve()) in failed for path in saved):
        # The refused files are gone from disk; ingest again so the index agrees.
        assistant.ingest([uploads_dir(assistant.settings)])
    saved_names = {path.resolve() for path in result.added}
    for warning in report.warnings:
        if Path(warning["path"]).resolve() in saved_names:
            result.warnings.append(f"{Path(warning['path']).name}: {warning['warning']}")
    return result
