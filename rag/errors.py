"""The project's own error types.

Every error a user can cause or fix carries a message that says what to do next.
The CLI prints ``str(error)`` on one line and exits non-zero; the UI shows it in a box.
Library errors are converted at the boundary with ``raise ... from err``.
"""

from __future__ import annotations


class RagError(Exception):
    """Base class of every error this project raises on purpose."""


class ConfigError(RagError):
    """A setting has a value that cannot work (unknown generator, bad chunk size...)."""


class QuestionError(RagError):
    """A question that cannot be asked: empty, or longer than the limit."""


class IndexLockedError(RagError):
    """Another process is writing the index right now."""


class IndexIncompatibleError(RagError):
    """The stored index was built with other settings (model, splitter, Chroma version)."""


class IndexCorruptedError(RagError):
    """The data directory cannot be read: damaged or not ours."""


class EmptyIndexError(RagError):
    """Nothing has been ingested yet."""


class FileRejectedError(RagError):
    """One input file cannot be ingested; the message names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ModelLoadError(RagError):
    """An embedding or language model could not be loaded."""


class LLMUnavailableError(RagError):
    """The language model endpoint failed: down, too slow, or returned garbage."""


class StoreUnavailableError(RagError):
    """The Chroma server cannot be reached."""


class RagWarning(UserWarning):
    """Warnings of our own; the test suite turns them into errors."""
