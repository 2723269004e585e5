r"""A quiz as a file: JSON, Markdown with an answer key, CSV, or Anki notes.

Exports are read back in the tests (JSON parsed, CSV and Anki split into fields),
so a student's import does not fail on a quote with a tab or a line break.

Example:
    >>> from rag.study.quiz import Quiz, export, format_for_path
    >>> format_for_path("quiz.md"), format_for_path("cards.txt"), format_for_path("a.docx")
    ('md', 'anki', None)
    >>> export(Quiz("GANs", requested=1, type="short", seed=1, generator="extractive"), "csv")
    'front,back,tags\n'
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable

from rag.study.quiz.model import Quiz, QuizItem

FORMATS = ("json", "md", "csv", "anki")


def _letter(index: int) -> str:
    return "ABCD"[index] if index < 4 else str(index + 1)


def to_json(quiz: Quiz) -> str:
    """The quiz as one JSON document."""
    return json.dumps(quiz.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_markdown(quiz: Quiz) -> str:
    """Questions first (mcq options A-D), then an answer key with each item's source."""
    lines = [f"# Quiz: {quiz.topic}", ""]
    if quiz.note:
        lines += [f"> {quiz.note}", ""]
    for number, item in enumerate(quiz.items, start=1):
        lines.append(f"{number}. {item.question}")
        for index, option in enumerate(item.options):
            lines.append(f"    - {_letter(index)}. {option}")
        lines.append("")
    lines += ["## Answer key", ""]
    for number, item in enumerate(quiz.items, start=1):
        answer = item.answer
        if item.options:
            answer = f"{_letter(item.options.index(item.answer))}. {item.answer}"
        where = item.source.title + (f" — {item.source.section}" if item.source.section else "")
        lines.append(f"{number}. **{answer}** ({item.type}, {item.difficulty}) {item.explanation}")
        lines.append(f"    - Source: {item.source.source} ({where})")
        lines.append(f"    - Quote: “{' '.join(item.source.quote.split())}”")
    return "\n".join(lines).rstrip() + "\n"


def _tag(text: str) -> str:
    """An Anki tag: no spaces (Anki splits tags on them)."""
    return re.sub(r"[^\w:.-]+", "_", text.strip()).strip("_") or "untagged"


def anki_card(item: QuizItem, topic: str) -> tuple[str, str, str]:
    """Front, back and tags of one card; HTML because Anki fields are HTML."""
    front = html.escape(item.question)
    if item.options:
        front += "<br>" + "<br>".join(
            f"{_letter(i)}. {html.escape(option)}" for i, option in enumerate(item.options)
        )
    answer = item.answer
    if item.options:
        answer = f"{_letter(item.options.index(item.answer))}. {item.answer}"
    back = (
        f"<b>{html.escape(answer)}</b><br>{html.escape(item.explanation)}<br>"
        f"<i>{html.escape(item.source.source)} — {html.escape(item.source.section)}</i>"
    )
    tags = " ".join(["quiz", _tag(topic), _tag(item.source.section or item.source.title)])
    # A model's item may hold line breaks; in an HTML field they must be <br>.
    return front.replace("\n", "<br>"), back.replace("\n", "<br>"), tags


def to_csv(quiz: Quiz) -> str:
    """CSV with a ``front,back,tags`` header row (spreadsheets; Anki maps the columns)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["front", "back", "tags"])
    for item in quiz.items:
        writer.writerow(anki_card(item, quiz.topic))
    return buffer.getvalue()


def to_anki(quiz: Quiz) -> str:
    """Tab-separated notes for Anki's File > Import, with its header lines.

    ``#separator``, ``#html`` and ``#tags column`` tell Anki (2.1.55+) how to read
    the file, so no column mapping is needed; there is no header row.
    """
    buffer = io.StringIO()
    buffer.write("#separator:tab\n#html:true\n#tags column:3\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for item in quiz.items:
        writer.writerow([field.replace("\t", " ") for field in anki_card(item, quiz.topic)])
    return buffer.getvalue()


EXPORTERS: dict[str, Callable[[Quiz], str]] = {
    "json": to_json,
    "md": to_markdown,
    "csv": to_csv,
    "anki": to_anki,
}


def export(quiz: Quiz, fmt: str) -> str:
    """The quiz in one of :data:`FORMATS`."""
    return EXPORTERS[fmt](quiz)


def format_for_path(name: str) -> str | None:
    """Export format implied by a file name's suffix (quiz.md -> md), if any."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"json": "json", "md": "md", "markdown": "md", "csv": "csv", "txt": "anki",
            "tsv": "anki"}.get(suffix)  # fmt: skip
