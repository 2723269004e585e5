"""Shared pieces of the Streamlit pages: the cached assistant, safe rendering, the sidebar.

Course passages are shown rendered (:func:`show_passage_text`): :mod:`rag.text.render` turns
their Markdown into HTML with raw HTML escaped and images reduced to their alt text, and
``st.html`` sanitizes it again. Everything else that comes from a course file or a
language model goes through :func:`escape_markdown`: Streamlit renders ``st.markdown``
as Markdown, so an ``![x](http://...)`` would otherwise load a remote image. HTML is
never enabled (no ``unsafe_allow_html``). No retrieval or generation happens in this
package: pages call :class:`rag.assistant.Assistant` and the helpers in :mod:`rag`, like
the CLI does.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from rag import Answer, Assistant, Passage, RagError, Settings, passage_html, source_label

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and an
# escaped one is always literal text: escaping all of them is simpler and safer than
# guessing which ones Markdown, GFM or Streamlit's extensions (`:red[...]`, `$math$`)
# would interpret in a given context.
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_NBSP = "\u00a0"


# --------------------------------------------------------------------------- assistant


def _settings_key(settings: Settings) -> str:
    """Cache key of a settings object: all its values, the API key only as a hash."""
    secret = settings.openai_api_key.get_secret_value().encode()
    return settings.model_dump_json() + hashlib.sha256(secret).hexdigest()


@st.cache_resource(show_spinner=False, hash_funcs={Settings: _settings_key})
def _assistant_for(settings: Settings) -> Assistant:
    return Assistant(settings)


def current_settings() -> Settings:
    """Settings read from the environment now (``RAG_DATA_DIR`` set by ``rag ui``).

    Raises:
        ConfigError: A setting has an invalid value; the message names it.
    """
    from rag import load_settings

    return load_settings()


def get_assistant() -> Assistant:
    """The assistant for the current settings, shared by all pages and sessions.

    Cached on the settings' values rather than once per process, so a changed
    environment (tests switch ``RAG_DATA_DIR``) gets its own index while the
    embedding model stays loaded once (:func:`rag.retrieval.embeddings.get_embedder`).
    """
    return _assistant_for(current_settings())


# --------------------------------------------------------------------------- escaping


def escape_markdown(text: str) -> str:
    """Text that Streamlit's Markdown shows literally, line breaks and indentation kept.

    Backslash-escapes every ASCII punctuation character, turns single newlines into
    hard line breaks and leading spaces into non-breaking ones (so an indented line
    cannot become a code block and a list keeps its shape).
    """
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        body = line.lstrip(" \t")
        indent = line[: len(line) - len(body)].replace("\t", "    ")
        escaped = _escape_chars(body)
        lines.append(_NBSP * len(indent) + escaped.rstrip())
    return "  \n".join(lines)


_LIST_LINE = re.compile(r"(- |\d{1,3}\. )(.*)")


def answer_markdown(text: str) -> str:
    """An answer as Markdown: its own list lines ("- ", "3. ") become a list, text escaped.

    Only the list shape the writer produced is kept; everything inside a line is
    escaped like any untrusted text. A numbered list keeps the notes' numbers.
    """
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    items = [_LIST_LINE.fullmatch(line) for line in lines]
    if len(lines) > 1 and all(items):
        return "\n".join(f"{m.group(1)}{escape_inline(m.group(2))}" for m in items if m)
    return escape_markdown(text)


def escape_inline(text: str) -> str:
    """One-line escaped text, for labels, captions and streamed pieces."""
    return _escape_chars(text.replace("\n", " "))


_CODE_SPAN = re.compile(r"(`[^`\n]+`)")


def escape_keeping_code(text: str) -> str:
    """One-line escaped text whose `code spans` stay code.

    The sidebar's note on the local model ("`make install-local` installs it") showed
    its backticks literally (a helper driving the app). A code span shows its text as
    it is, so it is as safe as escaped text; everything around it is escaped.
    """
    parts = _CODE_SPAN.split(text.replace("\n", " "))
    return "".join(part if _CODE_SPAN.fullmatch(part) else _escape_chars(part) for part in parts)


def _escape_chars(text: str) -> str:
    """A backslash before every ASCII punctuation character.

    Bare URLs (``http://...``) still become links: Streamlit's GFM autolinking runs on
    the parsed text, after escapes are resolved. Such a link opens only on a click, in
    a new tab without referrer; images, HTML and ``[text](url)`` links cannot form.
    """
    return "".join(f"\\{ch}" if ch in _ASCII_PUNCTUATION else ch for ch in text)


# --------------------------------------------------------------------------- rendering


def passage_where(passage: Passage) -> str:
    """'Document title › Section' (unescaped), as the CLI prints it."""
    return source_label(passage)


def citation_label(number: int, passage: Passage) -> str:
    """Expander label '[n] Title › Section', escaped for Markdown.

    No score: a newcomer read "(score 0.09)" beside the right source of a right answer as
    low confidence (the cosine of a table chunk with a short question is often that low).
    The passage's details say what the number is.
    """
    return escape_inline(f"[{number}] {passage_where(passage)}")


def render_passage(passage: Passage, highlights: Sequence[tuple[int, int]] = ()) -> None:
    """A passage with where it comes from and the cited sentences highlighted."""
    details = [
        f"File: {passage.source}",
        f"Page: {passage.page}" if passage.page is not None else "",
        passage.locator.capitalize(),
        f"Similarity to the question: {passage.score:.2f}",
    ]
    st.caption(escape_inline(" · ".join(d for d in details if d)))
    show_passage_text(passage.text, highlights)


def show_passage_text(text: str, highlights: Sequence[tuple[int, int]] = ()) -> None:
    """Course text rendered as people read it (tables, lists, emphasis), cited spans marked.

    :func:`rag.text.render.passage_html` builds the HTML from the Markdown with raw HTML
    escaped and images reduced to their alt text; ``st.html`` sanitizes it once more
    (DOMPurify) and runs no script.
    """
    st.html(f'<div class="rag-passage">{passage_html(text, highlights)}</div>')


PASSAGE_CSS = (
    ".rag-passage table{border-collapse:collapse;margin:.4rem 0 .9rem}"
    ".rag-passage th,.rag-passage td{border:1px solid rgba(49,51,63,.2);"
    "padding:.2rem .6rem;text-align:left;vertical-align:top}"
)
"""Lines around the cells of a passage's table: without them a table of arrows ("↑",
"↓") read as loose words, and the line after it sat on its last row (a helper reading
the screenshots)."""


def style_passages() -> None:
    """Style the passages every page shows (a style-only ``st.html`` takes no space)."""
    st.html(f"<style>{PASSAGE_CSS}</style>")


def render_answer(answer: Answer) -> None:
    """An answer with its citations, or an abstention with the closest passages."""
    if answer.error:
        st.info(escape_inline(answer.error), icon=":material/info:")
    for note in answer.notes:
        # Grey, like the follow-up's "Searched as:": a respelt word needs no checking.
        st.caption(escape_inline(note))
    if answer.abstained:
        # The passages follow under their own caption: the CLI's trailing "Closest
        # passages:" dangled above the "Why no answer" box here.
        st.warning(escape_markdown(Answer.REFUSAL), icon=":material/search_off:")
        if answer.reason:
            with st.expander("Why no answer"):
                st.caption(escape_inline(f"Reason: {answer.reason}."))
        nearest = answer.nearest_line()
        if nearest:
            number, quote = nearest
            # Said to be no answer before it is quoted: "Nearest line in the material: …"
            # read as the answer under the refusal (a student's probe).
            st.caption(
                escape_inline(f"The nearest line in the material, which does not answer it: "
                              f"“{quote}” [{number}]")
            )  # fmt: skip
        if answer.closest:
            st.caption("Closest passages (not an answer):")
        for number, passage in enumerate(answer.closest, start=1):
            with st.expander(citation_label(number, passage)):
                line = answer.closest_line(passage)
                if line:
                    st.caption(escape_inline(f"Nearest line: “{line}”"))
                render_passage(passage)
        return
    st.markdown(answer_markdown(answer.answer))
    for sentence in answer.unsupported:
        st.warning(
            escape_inline(f"Not supported by its cited passage — check it: “{sentence}”"),
            icon=":material/report:",
        )
    for warning in answer.warnings:
        # A box, not a caption: "the course material doesn't answer “When is the final
        # exam?”" is part of the answer, and a grey caption was easy to miss.
        st.warning(escape_inline(warning[:1].upper() + warning[1:]), icon=":material/info:")
    if answer.citations:
        st.caption("Sources — open one to see the passage, the cited sentence highlighted:")
    for citation in answer.citations:
        with st.expander(citation_label(citation.n, citation.passage)):
            render_passage(citation.passage, citation.highlights)
    st.caption(escape_inline(f"Answered by: {answer.generator}"))


def format_time(timestamp: float | None) -> str:
    """Local date and time of a Unix timestamp, or 'never'."""
    if not timestamp:
        return "never"
    return datetime.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M:%S")


def plural(count: int, noun: str) -> str:
    """'1 document', '2 documents'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def model_in_use(settings: Settings) -> str:
    """The language model the configured generator uses, in words."""
    if settings.generator == "openai":
        return f"{settings.openai_model} at {settings.openai_base_url}"
    if settings.generator == "local":
        return settings.local_model
    return "none: answers quote the passages"


def preview_text(chunks: Sequence[tuple[int, str]], limit: int) -> str:
    """The start of a document rebuilt from its chunks (start offset, text), overlaps once.

    Consecutive chunks repeat some text (the splitter's overlap); each chunk's text is
    ``document[start:end]``, so the repeated part is skipped by offset.
    """
    parts: list[str] = []
    covered: int | None = None
    for start, text in sorted(chunks):
        end = start + len(text)
        if covered is not None:
            if end <= covered:
                continue
            if start < covered:
                text = text[covered - start :]
            elif start > covered:
                parts.append("\n\n")
        parts.append(text)
        covered = end
        if sum(len(p) for p in parts) >= limit:
            break
    joined = "".join(parts)
    return joined if len(joined) <= limit else joined[:limit].rstrip() + " …"


# --------------------------------------------------------------------------- ingest


def flash(kind: str, message: str) -> None:
    """Queue a message to show after the next rerun (results of a button click)."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flashes() -> None:
    """Show and forget the queued messages."""
    for kind, message in st.session_state.pop("flash", []):
        {"success": st.success, "error": st.error, "warning": st.warning}.get(kind, st.info)(
            escape_inline(message)
        )


def _progress_callback(bar: Any) -> Callable[[str, int, int], None]:
    def update(stage: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0, text=f"{stage}: {done}/{total}")

    return update


def run_ingest(assistant: Assistant, paths: Sequence[Path] | None = None) -> None:
    """Ingest with a progress bar; queue a summary (or the error) and rerun."""
    from rag import reingest_paths

    bar = st.progress(0.0, text="Starting…")
    try:
        report = assistant.ingest(
            list(paths) if paths else reingest_paths(assistant.settings),
            on_progress=_progress_callback(bar),
        )
    except RagError as err:
        bar.empty()
        flash("error", str(err))
    else:
        bar.empty()
        flash(
            "success" if report.ok else "warning",
            f"Ingested {report.files_seen} files: {report.added} added, {report.updated} "
            f"updated, {report.unchanged} unchanged, {report.removed} removed; "
            f"{report.chunks_total} chunks in the index.",
        )
        for error in report.errors:
            flash("error", f"{error['path']}: {error['error']}")
    st.rerun()


def render_sidebar() -> Assistant | None:
    """Model, k, corpus status, re-ingest and upload; the assistant, or None on a bad config."""
    with st.sidebar:
        show_flashes()
        try:
            assistant = get_assistant()
        except RagError as err:
            st.error(escape_inline(str(err)))
            return None
        from rag import unknown_variables

        for message in unknown_variables():  # RAG_TOP_K=3 would otherwise change nothing
            st.warning(escape_inline(message), icon=":material/settings_alert:")
        settings = assistant.settings
        st.subheader("Assistant")
        if settings.generator == "auto":  # say what auto chose, and why when it fell back
            writer = assistant.chain.generator
            st.caption(escape_inline(f"Generator: auto → {writer.name}"))
            if writer.note:
                # Students read the sidebar; how to install the engine is for whoever
                # runs the app, so it waits in the tooltip (a newcomer's report).
                st.caption(
                    "Answers quote the course material word for word; no language model "
                    "rewrites them.",
                    help=escape_keeping_code(writer.note),
                )
        else:
            st.caption(escape_inline(f"Generator: {settings.generator}"))
            st.caption(escape_inline(f"Model: {model_in_use(settings)}"))
        st.caption(
            escape_inline(f"Embeddings: {settings.embedding_model} ({assistant.embedder.backend})")
        )
        st.slider(
            "Passages to retrieve (k)",
            min_value=1,
            max_value=max(20, settings.k),
            value=st.session_state.get("k", settings.k),
            key="k",
            help="How many passages each answer may use and cite.",
        )
        st.subheader("Course material")
        try:
            status = assistant.status()
        except RagError as err:
            st.error(escape_inline(str(err)))
        else:
            st.caption(
                escape_inline(
                    f"{plural(status.documents, 'document')}, {plural(status.chunks, 'chunk')}"
                    f" · last ingest: "
                    f"{format_time(status.last_ingest)}"
                )
            )
        if st.button(
            "Re-ingest course files",
            key="reingest",
            help=f"Index new and changed files of {settings.corpus_dir} and uploads.",
        ):
            run_ingest(assistant)
        render_upload(assistant)
    return assistant


def render_upload(assistant: Assistant) -> None:
    """File uploader for course files, checked and ingested by :mod:`rag.uploads`."""
    from rag import ALLOWED_SUFFIXES, add_uploads

    settings = assistant.settings
    generation = st.session_state.setdefault("upload_generation", 0)
    files = st.file_uploader(
        "Add course files",
        accept_multiple_files=True,
        key=f"upload_{generation}",
        max_upload_size=max(1, math.ceil(settings.max_upload_mb)),
        help=f"{', '.join(sorted(ALLOWED_SUFFIXES))}; at most {settings.max_upload_mb:g} MB each.",
    )
    if not st.button("Add to the index", key="add_uploads", disabled=not files):
        return
    bar = st.progress(0.0, text="Checking files…")
    try:
        result = add_uploads(
            assistant,
            [(file.name, file.getvalue()) for file in files or []],
            on_progress=_progress_callback(bar),
        )
    except RagError as err:
        flash("error", str(err))
    else:
        for saved in result.added:
            flash("success", f"Added {saved.name}")
        for rejected in result.rejected:
            flash("error", str(rejected))
        for warning in result.warnings:
            flash("warning", warning)
    bar.empty()
    st.session_state["upload_generation"] = generation + 1
    st.rerun()
