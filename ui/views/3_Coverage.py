"""Coverage: does the material cover a syllabus, what is it about, and what do students miss?

A thin page over :mod:`rag.study.coverage` (the same code as ``rag coverage``). Document
text is shown escaped (``ui.common``), never as HTML; the heatmap is a PNG image.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from rag import RagError
from rag.study import coverage as cov
from ui.common import (
    escape_inline,
    get_assistant,
    passage_where,
    plural,
    show_passage_text,
)

# Streamlit's own icon font (comments, not docstrings: a page script shows bare strings).
# Emoji verdicts showed as empty boxes where the browser's machine has no emoji font.
VERDICT_ICON = {
    "covered": ":material/check_circle:",
    "partial": ":material/contrast:",
    "missing": ":material/cancel:",
}
VERDICT_COLOUR = {"covered": "green", "partial": "orange", "missing": "red"}


def verdict_label(verdict: str) -> str:
    """'icon verdict' in the verdict's colour, as Markdown for labels."""
    return f":{VERDICT_COLOUR[verdict]}[{VERDICT_ICON[verdict]} {verdict}]"


def _verdict_cell(verdict: str) -> str:
    """The verdict column's cell style: the heatmap's pale colour for the verdict."""
    return f"background-color: {cov.PALE_COLOURS.get(verdict, '')}"


st.title("Coverage")
try:
    assistant = get_assistant()
    status = assistant.status()
except RagError as err:
    st.error(escape_inline(str(err)))
    st.stop()
if status.chunks == 0:
    st.info("No documents are ingested yet: use “Re-ingest” or upload files in the sidebar.")
    st.stop()

syllabus_tab, outline_tab, gaps_tab = st.tabs(["Syllabus", "Outline", "Question gaps"])


def _topics_from_inputs(upload: Any, pasted: str) -> list[cov.Topic]:
    """The uploaded file if there is one, else the pasted text."""
    if upload is not None:
        limit = assistant.settings.max_upload_mb
        data = upload.getvalue()
        if len(data) > limit * 1024 * 1024:
            raise RagError(f"{upload.name}: larger than {limit:g} MB; upload a smaller file")
        return cov.parse_topic_bytes(data, upload.name)
    return cov.parse_topics(pasted, name="the pasted syllabus")


def _run_report(upload: Any, pasted: str) -> None:
    bar = st.progress(0.0, text="Reading the syllabus…")
    try:
        topics = _topics_from_inputs(upload, pasted)
        bar.progress(0.0, text=f"Checking {plural(len(topics), 'topic')}…")
        report = cov.assess_topics(
            assistant,
            topics,
            on_progress=lambda done, total: bar.progress(
                done / total, text=f"Scored {done}/{total} topics"
            ),
        )
        st.session_state["coverage_report"] = report
        st.session_state["coverage_png"] = cov.heatmap_png(report)
    except RagError as err:
        st.session_state.pop("coverage_report", None)
        st.error(escape_inline(str(err)))
    finally:
        bar.empty()


def _evidence(item: cov.TopicCoverage, report: cov.CoverageReport) -> None:
    thresholds = report.thresholds
    if item.topic.group:
        st.caption(escape_inline(f"Listed under: {item.topic.group}"))
    if item.contributing:
        found_in = ", ".join(map(report.label, item.contributing))
        st.caption(escape_inline(f"Found in: {found_in}"))
    if item.unused_words and item.verdict != "covered":
        st.caption(escape_inline(cov.unused_line(item)))
    if not any(e.supports for e in item.evidence):
        st.caption(escape_inline(cov.no_support_line(item, thresholds)))
    for evidence in item.evidence:
        passage = evidence.passage
        note = cov.evidence_note(evidence, thresholds)
        flag = f" · {note}" if note else ""
        st.caption(
            escape_inline(f"{passage_where(passage)} · strength {evidence.strength:.2f}{flag}")
        )
        show_passage_text(passage.text, [evidence.span] if evidence.span else [])


def _show_report(report: cov.CoverageReport) -> None:
    counts = report.counts()
    for column, verdict in zip(st.columns(3), cov.VERDICTS, strict=True):
        column.metric(verdict_label(verdict), counts[verdict])
    t = report.thresholds
    st.caption(
        f"Score: mean strength of the best {cov.DEPTH} of {report.k} passages retrieved per "
        "topic, then adjusted: lower for topic words the course never uses, higher for a "
        "section headed by the topic or a sentence of running text that explains it, at "
        f"most {cov.LIST_ONLY_CAP:.2f} for a topic only named in a list. "
        f"Covered ≥ {t.covered:.2f}, partial ≥ {t.partial:.2f}."
    )
    # A dataframe shows cells as plain text: no escaping needed. Which documents hold a
    # topic is the heatmap's to show (and each topic's evidence says it): a column of
    # document titles was cut off at the table's edge.
    table = pd.DataFrame(
        [
            {
                "#": number,
                "Topic": item.topic.text,
                "Verdict": item.verdict,
                "Score": cov.shown_score(item.score),
                "Supporting passages": item.supporting,
                "Documents": len(item.contributing),
            }
            for number, item in enumerate(report.topics, start=1)
        ]
    )
    st.dataframe(
        table.style.map(_verdict_cell, subset=["Verdict"]),
        hide_index=True,
        width="stretch",
        key="coverage_table",
    )
    st.subheader("Topics × documents")
    st.image(
        st.session_state["coverage_png"],
        caption="Strength of each document's best passage for each topic; grey: none retrieved.",
    )
    columns = st.columns(3)
    downloads = [
        ("CSV", cov.render(report, "csv"), "coverage.csv", "text/csv"),
        ("JSON", cov.render(report, "json"), "coverage.json", "application/json"),
        ("HTML heatmap", cov.heatmap_html(report), "coverage.html", "text/html"),
    ]
    for column, (label, data, name, mime) in zip(columns, downloads, strict=True):
        column.download_button(
            f"Download {label}", data=data, file_name=name, mime=mime,
            key=f"coverage_download_{name}", on_click="ignore",
        )  # fmt: skip
    st.subheader("Evidence")
    for number, item in enumerate(report.topics, start=1):
        label = f"{escape_inline(f'{number}. {item.topic.text}')} — {verdict_label(item.verdict)}"
        with st.expander(f"{label} ({cov.shown_score(item.score)})"):
            _evidence(item, report)


with syllabus_tab:
    st.caption(
        "Upload a syllabus or paste learning objectives, one per line (Markdown bullets, "
        "numbered lists and YAML lists work). Each is searched in the material and judged "
        "covered, partial or missing, with the passages that support it."
    )
    upload = st.file_uploader(
        "Syllabus file",
        type=["md", "txt", "yaml", "yml"],
        key="coverage_file",
        max_upload_size=1,  # MB: a syllabus is a page of topics, not course material
    )
    pasted = st.text_area(
        "…or paste the topics", key="coverage_text", height=180,
        placeholder="- Explain how diffusion models generate images\n- Tokenization with BPE",
    )  # fmt: skip
    if st.button("Check coverage", key="coverage_run", type="primary"):
        _run_report(upload, pasted)
    report = st.session_state.get("coverage_report")
    if report is not None:
        _show_report(report)

with outline_tab:
    st.caption("The material's own headings, with how much text each holds.")
    # Reading every chunk costs time on a large index: only again after an ingest.
    outline_key = (str(assistant.settings.data_dir), status.chunks, status.last_ingest)
    if st.session_state.get("coverage_outline_key") != outline_key:
        try:
            st.session_state["coverage_outline"] = cov.corpus_outline(assistant)
            st.session_state["coverage_outline_key"] = outline_key
        except RagError as err:
            st.error(escape_inline(str(err)))
    outline: list[cov.OutlineDocument] = st.session_state.get("coverage_outline", [])
    if outline:
        st.caption(
            f"{plural(len(outline), 'document')}, "
            f"{plural(sum(len(d.sections) for d in outline), 'section')}, "
            f"{plural(sum(d.words for d in outline), 'word')}."
        )
        st.dataframe(
            [
                {
                    "Document": document.source,
                    "Section": section.section or "(before the first heading)",
                    "Chunks": section.chunks,
                    "Words": section.words,
                }
                for document in outline
                for section in document.sections
            ],
            hide_index=True,
            width="stretch",
            key="coverage_outline_table",
        )

with gaps_tab:
    st.caption(
        "Questions asked in the chat and with `rag ask` that the material did not answer "
        f"(or answered weakly: best evidence below {cov.WEAK_EVIDENCE:.2f}), grouped by "
        "subject: topics the material may be missing."
    )
    if not assistant.settings.query_log:
        st.info("Question logging is off (RAG_QUERY_LOG=false): new questions are not logged.")
    if st.button("Find question gaps", key="coverage_gaps"):
        try:
            st.session_state["coverage_gaps_result"] = cov.find_question_gaps(assistant)
        except RagError as err:
            st.error(escape_inline(str(err)))
    gaps: cov.QuestionGaps | None = st.session_state.get("coverage_gaps_result")
    if gaps is not None:
        if not gaps.clusters:
            st.success(f"No abstained or weakly answered questions among {gaps.distinct} logged.")
        for number, cluster in enumerate(gaps.clusters, start=1):
            terms = f" ({', '.join(cluster.terms)})" if cluster.terms else ""
            label = f"{number}. {cluster.label}{terms} — asked {cluster.asked}×"
            with st.expander(escape_inline(label)):
                for question in cluster.questions:
                    st.markdown(escape_inline(f"• {question.question} ({question.outcome})"))
