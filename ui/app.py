"""The study app: ``rag ui`` (or ``streamlit run ui/app.py``).

The entry script sets up navigation and the sidebar shared by all pages, then runs
the selected page. The Chat page lives here; other pages are files in ``ui/views/``
and appear when they exist, so pages can be added without touching this file's logic.
The folder is not called ``pages/``: Streamlit lists such a folder on its own too
(as "app", "Library", … without icons) whenever a page is opened by its URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import streamlit as st

from rag import (
    Answer,
    ChatSession,
    ChatTurn,
    QuestionError,
    RagError,
    Rewrite,
    check_question,
    conversation_markdown,
)
from ui.common import (
    escape_inline,
    escape_markdown,
    get_assistant,
    render_answer,
    render_sidebar,
    run_ingest,
    style_passages,
)

HERE = Path(__file__).resolve().parent

OPTIONAL_PAGES = [
    ("views/1_Library.py", "Library", ":material/library_books:"),
    ("views/2_Quiz.py", "Quiz", ":material/quiz:"),
    ("views/3_Coverage.py", "Coverage", ":material/checklist:"),
]


def _turns() -> list[ChatTurn]:
    turns: list[ChatTurn] = st.session_state.setdefault("chat_turns", [])
    return turns


def _render_turn(turn: ChatTurn) -> None:
    with st.chat_message("user"):
        st.markdown(escape_markdown(turn.question))
    with st.chat_message("assistant"):
        if turn.standalone != turn.question:
            st.caption(escape_inline(f"Searched as: {turn.standalone}"))
        render_answer(turn.answer)


def _ask(session: ChatSession, question: str, k: int | None) -> None:
    """Rewrite, show the rewrite, stream the answer, then show it with its sources."""
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    with st.chat_message("assistant"):
        try:
            with st.spinner("Reading the question…"):
                rewrite: Rewrite = session.rewrite(question)
            if rewrite.standalone != question.strip():
                st.caption(escape_inline(f"Searched as: {rewrite.standalone}"))
            final: list[Answer] = []

            def pieces() -> Iterator[str]:
                for item in session.ask_stream(question, k, rewrite=rewrite):
                    if isinstance(item, Answer):
                        final.append(item)
                    else:
                        # Model output is escaped piece by piece: it is untrusted text too.
                        yield escape_inline(item) if "\n" not in item else escape_markdown(item)

            slot = st.empty()
            with slot.container(), st.spinner("Searching the course material…"):
                st.write_stream(pieces())
            # The checked answer (invalid citations removed) replaces the raw stream.
            with slot.container():
                render_answer(final[-1])
        except RagError as err:
            st.error(escape_inline(str(err)))


def chat_page() -> None:
    """Ask questions in a conversation; follow-ups are rewritten before retrieval."""
    st.title("Study chat")
    try:
        assistant = get_assistant()
        status = assistant.status()
    except RagError as err:
        st.error(escape_inline(str(err)))
        return
    turns = _turns()
    if status.chunks == 0:
        st.info(
            escape_inline(
                f"Nothing is indexed yet in {assistant.settings.data_dir}. Ingest the course "
                f"folder ({assistant.settings.corpus_dir}) or upload files in the sidebar."
            ),
            icon=":material/inventory_2:",
        )
        if st.button("Ingest the course files", key="ingest_empty", type="primary"):
            run_ingest(assistant)
        return
    for turn in turns:
        _render_turn(turn)
    question = st.chat_input("Ask about the course material…", key="question")
    if question is not None:
        try:
            question = check_question(question)
        except QuestionError as err:
            st.error(escape_inline(str(err)), icon=":material/edit_note:")
        else:
            _ask(ChatSession(assistant, turns), question, st.session_state.get("k"))
    _conversation_tools(turns)


def _conversation_tools(turns: list[ChatTurn]) -> None:
    """Clear and download, below the conversation so they include the latest answer."""
    if not turns:
        st.caption("Ask a question below. Follow-up questions may refer to earlier answers.")
        return
    # One row, side by side: in two half-width columns the download button stood alone
    # in the middle of the page (a helper reading the screenshots).
    with st.container(horizontal=True):
        if st.button("Clear conversation", key="clear_chat", icon=":material/delete:"):
            turns.clear()
            st.rerun()
        st.download_button(
            "Download conversation (.md)",
            data=conversation_markdown(turns),
            file_name="study-conversation.md",
            mime="text/markdown",
            key="download_chat",
            icon=":material/download:",
            on_click="ignore",
        )


def main() -> None:
    """Build the navigation, the sidebar, and run the selected page."""
    # A local favicon: an icon name makes the page fetch the icon from a font CDN.
    st.set_page_config(
        page_title="Study assistant", page_icon=str(HERE / "static" / "favicon.png"), layout="wide"
    )
    pages = [st.Page(chat_page, title="Chat", icon=":material/chat:", default=True)]
    pages += [
        st.Page(HERE / path, title=title, icon=icon)
        for path, title, icon in OPTIONAL_PAGES
        if (HERE / path).exists()
    ]
    page = st.navigation(pages)
    style_passages()
    render_sidebar()
    page.run()


main()
