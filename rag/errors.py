"""The project's own error types.

Every error a user can cause or fix carries a message that says what to do next.
The CLI prints ``str(error)`` on one line and exits non-zero; the UI shows it in a box.
Library errors are converted at the boundary with ``raise ... from err``.
"""

from __future__ import annotations

from pathlib import Path


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


class LocalModelError(ModelLoadError):
    """A local model cannot be found, prepared, loaded or run.

    The message always says what the user should do next (install a package,
    fix the configured path, ...).
    """


class LLMUnavailableError(RagError):
    """The language model endpoint failed: down, too slow, or returned garbage."""


class StoreUnavailableError(RagError):
    """The Chroma server cannot be reached."""


class BeirFormatError(RagError, ValueError):
    """A BEIR dataset file is missing or malformed.

    Subclasses :class:`ValueError` so generic callers can treat it as bad
    input, while the ``path`` and ``line`` attributes let tools point at the
    exact spot to fix.

    Attributes:
        path: The offending file or directory.
        problem: What is wrong, without the location or layout help.
        line: 1-based line number, or ``None`` for whole-file problems.

    """

    LAYOUT_HELP = (
        "A valid BEIR directory holds corpus.jsonl (one JSON object per line: "
        '{"_id": "doc1", "title": "...", "text": "..."}, title and metadata optional), '
        'queries.jsonl (one {"_id": "q1", "text": "..."} per line) and qrels/<split>.tsv '
        "(e.g. qrels/test.tsv: lines query-id<TAB>corpus-id<TAB>integer score, "
        "optionally after that header line)."
    )
    """Kept on one line because the CLI prints each error as a single line."""

    def __init__(self, path: Path, problem: str, line: int | None = None) -> None:
        """Build the message from the location, the problem and the layout help.

        Args:
            path: The offending file or directory.
            problem: What is wrong.
            line: 1-based line number, if the problem is on a specific line.

        """
        self.path = path
        self.problem = problem
        self.line = line
        location = f"{path}, line {line}" if line is not None else f"{path}"
        super().__init__(f"{location}: {problem}. {self.LAYOUT_HELP}")

    def __reduce__(self) -> tuple[type[BeirFormatError], tuple[Path, str, int | None]]:
        """Keep the exception picklable (e.g. across multiprocessing workers).

        Returns:
            The constructor and the arguments needed to rebuild the error.

        """
        return (type(self), (self.path, self.problem, self.line))


class QuizFormatError(RagError):
    """A language model's quiz reply is not a JSON object with an ``items`` list.

    Caught inside the quiz builder: the model gets one repair request, then the quiz
    is built from the course text instead, with a note saying so.
    """
