"""Plain data passed between retrieval, generation, the CLI and the UI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

_UNIT_KEYS = ("slide", "table", "paragraph", "paragraph_end", "cell", "cell_end")


@dataclass
class Passage:
    """A retrieved chunk with where it comes from and how well it matches."""

    id: str
    text: str
    source: str
    title: str
    section: str
    start: int
    end: int
    page: int | None = None
    score: float = 0.0
    """Cosine similarity of the chunk to the question (comparable across questions)."""
    fused: float = 0.0
    """Fused dense + keyword score that ordered the candidates (see rag.retrieval.retriever)."""
    root: str = ""
    locator: str = ""
    """Slide, table, paragraphs or cells of a PPTX/DOCX/notebook chunk, e.g. 'slide 7'."""
    units: dict[str, int] = field(default_factory=dict)
    """Their numbers: ``slide``, ``table``, ``paragraph``/``_end``, ``cell``/``_end``."""

    @classmethod
    def from_metadata(cls, chunk_id: str, text: str, meta: Mapping[str, Any]) -> Passage:
        """Build from a stored chunk's text and metadata."""
        page = meta.get("page")
        return cls(
            id=chunk_id,
            text=text,
            source=str(meta.get("source", "")),
            title=str(meta.get("title", "")),
            section=str(meta.get("section", "")),
            start=int(meta.get("start", 0)),
            end=int(meta.get("end", 0)),
            page=int(page) if page is not None else None,
            root=str(meta.get("root", "")),
            locator=str(meta.get("locator", "")),
            units={key: int(meta[key]) for key in _UNIT_KEYS if meta.get(key) is not None},
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``rag retrieve --json``.

        Chunks of slides, Word files and notebooks add ``locator`` and their unit numbers.
        """
        located = {"locator": self.locator, **self.units} if self.locator else {}
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
            **located,
        }


@dataclass
class Citation:
    """A passage the answer cites as ``[n]``, with the spans of it the answer used."""

    n: int
    passage: Passage
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON: the passage fields plus ``n`` and the highlighted spans in ``text``."""
        data = self.passage.to_dict()
        return {"n": self.n, **data, "highlights": [list(span) for span in self.highlights]}


@dataclass
class Answer:
    """What ``rag ask`` returns."""

    REFUSAL: ClassVar[str] = "The course material doesn't cover this."
    """What a refusal says (the CLI adds "Closest passages:" and lists them)."""

    question: str
    answer: str
    abstained: bool
    generator: str
    citations: list[Citation] = field(default_factory=list)
    closest: list[Passage] = field(default_factory=list)
    invalid_citations: list[int] = field(default_factory=list)
    reason: str = ""
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the student should know but need not check ("Searched as …"): not warnings."""
    standalone_question: str | None = None
    sentences: list[Any] = field(default_factory=list)
    """:class:`rag.answer.support.SentenceSupport` of each answer sentence."""
    evidence: list[dict[str, Any]] = field(default_factory=list)
    """The evidence units selected for the question, best first (1-based ``passage``)."""

    def closest_line(self, passage: Passage) -> str | None:
        """The line of a closest passage that came nearest to answering, shown with a refusal.

        A long question in the student's own words is often refused although a line
        answers it ("Once I've built a generative app, which tools…" and "Deployment:
        FastAPI, Docker, cloud services"): the section title alone does not show that.
        """
        return next((str(e["text"]) for e in self.evidence if e.get("id") == passage.id), None)

    def nearest_line(self) -> tuple[int, str] | None:
        """The best selected line among the closest passages, with that passage's number."""
        numbers = {p.id: n for n, p in enumerate(self.closest, start=1)}
        return next(
            ((numbers[e["id"]], str(e["text"])) for e in self.evidence if e.get("id") in numbers),
            None,
        )

    @property
    def unsupported(self) -> list[str]:
        """Answer sentences their cited passage does not back (to mark them)."""
        return [s.text for s in self.sentences if not s.supported]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``rag ask --json``."""
        data: dict[str, Any] = {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "generator": self.generator,
            "citations": [c.to_dict() for c in self.citations],
            "closest": [p.to_dict() for p in self.closest],
            "invalid_citations": self.invalid_citations,
            "reason": self.reason,
            "error": self.error,
            "warnings": self.warnings,
            "notes": self.notes,
            "sentences": [s.to_dict() for s in self.sentences],
            "evidence": self.evidence,
        }
        if self.standalone_question is not None:
            data["standalone_question"] = self.standalone_question
        return data


def attributes(record: object, *names: str) -> dict[str, Any]:
    """``{name: record.name}`` for the JSON form of a record, in the order given.

    ``dataclasses.asdict`` leaves out properties (a document's chunk total, a
    cluster's asked count), which the JSON forms include.

    >>> from types import SimpleNamespace
    >>> attributes(SimpleNamespace(a=1, b="x"), "b", "a")
    {'b': 'x', 'a': 1}
    """
    return {name: getattr(record, name) for name in names}
