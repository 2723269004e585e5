"""Coverage results as Markdown, JSON or CSV: what ``rag coverage`` prints and the UI offers.

One renderer per result and format; :func:`render` picks the right one for a topic
report, an outline or the question gaps.

Example:
    >>> from rag.study.coverage import build_outline, render
    >>> meta = {"source": "a.md", "section": "Intro", "start": 0, "end": 11}
    >>> print(render(build_outline([(meta, "Hello world")]), "csv"), end="")
    source,title,section,level,chunks,words
    a.md,,Intro,1,1,2
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, Literal

from rag.schema import Passage
from rag.study.coverage.gaps import QuestionGaps
from rag.study.coverage.outline import OutlineDocument
from rag.study.coverage.scoring import (
    CoverageReport,
    EvidencePassage,
    Thresholds,
    TopicCoverage,
    shown_score,
)
from rag.text.render import source_label

Format = Literal["md", "json", "csv"]
FORMATS: tuple[Format, ...] = ("md", "json", "csv")


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _where(passage: Passage) -> str:
    """'Document title › Section', as answers cite their sources."""
    return source_label(passage)


def _shorten(text: str, width: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def evidence_note(evidence: EvidencePassage, thresholds: Thresholds | None = None) -> str:
    """What a listed passage is, when not support: "off topic", or below the threshold.

    A passage on topic at the ``partial`` threshold or above supports nothing only when
    the topic as a whole is missing: "strength 0.39 · below the partial threshold" under
    "partial ≥ 0.35" read as a contradiction to a newcomer (a coverage run on "Quantum
    computing"). Without ``thresholds`` the strength is not compared.
    """
    if evidence.supports:
        return ""
    if not evidence.on_topic:
        return "off topic"
    if thresholds is not None and evidence.strength >= thresholds.partial:
        return "not counted: the topic as a whole is below the partial threshold"
    return "below the partial threshold"


def no_support_line(item: TopicCoverage, thresholds: Thresholds) -> str:
    """Why a topic lists no supporting passage, in words that match the scores shown.

    A passage can score above the partial threshold and still not support a topic: its
    best sentence matches the topic's wording without naming what the topic is about
    ("ethics of AI-generated art" matched by a sentence on AI art tools). Saying "none
    reaches the threshold" next to a 0.76 reads as a contradiction.
    """
    if item.absent_name:
        return (
            f"The material never names “{item.absent_name}”, which this topic is about, so "
            "no passage counts as support, however near its wording comes. Closest:"
        )
    if item.verdict == "missing" and any(
        e.on_topic and e.strength >= thresholds.partial for e in item.evidence
    ):
        return (
            "The topic scores below the partial threshold as a whole, so no passage counts "
            "as support, even one that matches part of its wording. Closest:"
        )
    if any(not e.on_topic and e.strength >= thresholds.partial for e in item.evidence):
        return (
            "No passage is about this topic itself: the strongest ones match its wording "
            "but not its distinctive words, so none counts as support. Closest:"
        )
    return "No passage reaches the partial threshold. Closest:"


def unused_line(item: TopicCoverage) -> str:
    """The topic's words the material never uses: a missing subject, or the topic's wording.

    Topics in everyday words ("Turning random static into a picture…") score like absent
    ones; naming the words shows an instructor which it is.
    """
    words = ", ".join(f"“{w}”" for w in item.unused_words)
    return f"Words of this topic the material never uses: {words}."


def report_markdown(report: CoverageReport) -> str:
    """A Markdown report: summary table, then the evidence of each topic."""
    counts = report.counts()
    t = report.thresholds
    lines = [
        "# Coverage report",
        "",
        f"{len(report.topics)} topics: {counts['covered']} covered, {counts['partial']} "
        f"partial, {counts['missing']} missing (covered ≥ {t.covered:.2f}, partial ≥ "
        f"{t.partial:.2f}; {report.k} passages retrieved per topic).",
        "",
        "| # | Topic | Verdict | Score | Supporting passages | Contributing documents |",
        "|---|---|---|---|---|---|",
    ]
    for number, item in enumerate(report.topics, start=1):
        lines.append(
            f"| {number} | {_cell(item.topic.text)} | {item.verdict} | {shown_score(item.score)} | "
            f"{item.supporting} | {_cell(', '.join(map(report.label, item.contributing))) or '—'} |"
        )
    for number, item in enumerate(report.topics, start=1):
        lines += [
            "",
            f"## {number}. {item.topic.text} — {item.verdict} ({shown_score(item.score)})",
        ]
        if item.topic.group:
            lines.append(f"Listed under: {item.topic.group}")
        if item.unused_words and item.verdict != "covered":
            lines.append(unused_line(item))
        supporting = [e for e in item.evidence if e.supports]
        if not supporting:
            lines.append(no_support_line(item, report.thresholds))
        for evidence in supporting or item.evidence[:1]:
            note = evidence_note(evidence, report.thresholds)
            lines.append(
                f"- **{_where(evidence.passage)}** ({evidence.strength:.2f}"
                f"{', ' + note if note else ''}): "
                f"“{_shorten(evidence.sentence)}”"
            )
    return "\n".join(lines) + "\n"


def report_csv(report: CoverageReport) -> str:
    """One row per topic, with a strength column per document (blank: not retrieved)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "topic", "group", "verdict", "score", "supporting_passages",
            "contributing_documents", "best_source", "best_section", "best_sentence",
            *report.documents,
        ]
    )  # fmt: skip
    for item in report.topics:
        best = item.evidence[0] if item.evidence else None
        writer.writerow(
            [
                item.topic.text, item.topic.group, item.verdict, f"{item.score:.4f}",
                item.supporting, "; ".join(item.contributing),
                best.passage.source if best else "", best.passage.section if best else "",
                best.sentence if best else "",
                *(f"{item.documents[d]:.4f}" if d in item.documents else ""
                  for d in report.documents),
            ]
        )  # fmt: skip
    return buffer.getvalue()


def outline_to_dict(outline: Sequence[OutlineDocument]) -> dict[str, Any]:
    """The JSON shape of ``rag coverage --outline --format json``."""
    return {
        "mode": "outline",
        "documents": [d.to_dict() for d in outline],
        "chunks": sum(d.chunks for d in outline),
        "words": sum(d.words for d in outline),
    }


def outline_markdown(outline: Sequence[OutlineDocument]) -> str:
    """Per document, a table of its sections with chunk and word counts."""
    sections = sum(len(d.sections) for d in outline)
    lines = [
        "# Corpus outline",
        "",
        f"{len(outline)} documents, {sections} sections, "
        f"{sum(d.chunks for d in outline)} chunks, {sum(d.words for d in outline)} words.",
    ]
    for document in outline:
        title = f" — {document.title}" if document.title else ""
        lines += [
            "",
            f"## {document.source}{title} ({document.chunks} chunks, {document.words} words)",
            "",
            "| Section | Chunks | Words |",
            "|---|---|---|",
        ]
        for section in document.sections:
            name = section.section or "(before the first heading)"
            lines.append(f"| {_cell(name)} | {section.chunks} | {section.words} |")
    return "\n".join(lines) + "\n"


def outline_csv(outline: Sequence[OutlineDocument]) -> str:
    """One row per section."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source", "title", "section", "level", "chunks", "words"])
    for document in outline:
        for section in document.sections:
            writer.writerow(
                [document.source, document.title, section.section, section.level,
                 section.chunks, section.words]
            )  # fmt: skip
    return buffer.getvalue()


def gaps_markdown(gaps: QuestionGaps) -> str:
    """Clusters of unanswered questions as candidate missing topics."""
    lines = ["# Question gaps", ""]
    if not gaps.log_enabled:
        lines += ["Question logging is off (RAG_QUERY_LOG=false); no new questions are logged.", ""]
    if not gaps.clusters:
        lines.append(
            f"No abstained or weakly answered questions among {gaps.distinct} distinct "
            f"logged questions ({gaps.log_path})."
        )
        return "\n".join(lines) + "\n"
    n_questions = sum(len(c.questions) for c in gaps.clusters)
    lines.append(
        f"{n_questions} of {gaps.distinct} distinct logged questions were abstained on or "
        f"weakly answered (best evidence below {gaps.weak_evidence:.2f}), in "
        f"{len(gaps.clusters)} clusters: topics the material may be missing."
    )
    for number, cluster in enumerate(gaps.clusters, start=1):
        terms = f" (terms: {', '.join(cluster.terms)})" if cluster.terms else ""
        lines += ["", f"## {number}. {cluster.label} — asked {cluster.asked}×{terms}"]
        for question in cluster.questions[:10]:
            status = question.outcome
            times = f", asked {question.asked}×" if question.asked > 1 else ""
            lines.append(f"- {question.question} ({status}{times})")
        if len(cluster.questions) > 10:
            lines.append(f"- … and {len(cluster.questions) - 10} more")
    return "\n".join(lines) + "\n"


def gaps_csv(gaps: QuestionGaps) -> str:
    """One row per gap question, with its cluster."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["cluster", "label", "terms", "question", "abstained", "top_score", "evidence", "asked"]
    )
    for number, cluster in enumerate(gaps.clusters, start=1):
        for q in cluster.questions:
            writer.writerow(
                [number, cluster.label, "; ".join(cluster.terms), q.question, q.abstained,
                 f"{q.top_score:.4f}", "" if q.evidence is None else f"{q.evidence:.4f}",
                 q.asked]
            )  # fmt: skip
    return buffer.getvalue()


def render(result: CoverageReport | QuestionGaps | Sequence[OutlineDocument], fmt: Format) -> str:
    """Any of the three results in the chosen format."""
    if isinstance(result, CoverageReport):
        renderers: tuple[Callable[[Any], Any], ...] = (
            report_markdown, CoverageReport.to_dict, report_csv,
        )  # fmt: skip
    elif isinstance(result, QuestionGaps):
        renderers = (gaps_markdown, QuestionGaps.to_dict, gaps_csv)
    else:
        renderers = (outline_markdown, outline_to_dict, outline_csv)
    markdown, as_dict, as_csv = renderers
    if fmt == "json":
        return json.dumps(as_dict(result), ensure_ascii=False)
    return str(markdown(result) if fmt == "md" else as_csv(result))
