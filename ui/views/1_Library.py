"""Library: the ingested documents with their sections, chunk counts and a preview."""

from __future__ import annotations

import streamlit as st

from rag import RagError
from ui.common import (
    escape_inline,
    format_time,
    get_assistant,
    preview_text,
    show_passage_text,
)

PREVIEW_CHARS = 1500

st.title("Library")
try:
    assistant = get_assistant()
    documents = assistant.documents()
except RagError as err:
    st.error(escape_inline(str(err)))
    st.stop()

if not documents:
    st.info("No documents are ingested yet: use “Re-ingest” or upload files in the sidebar.")
    st.stop()

st.caption(
    f"{len(documents)} documents, {sum(d.chunks for d in documents)} chunks. "
    "Pick one to see its sections and the start of its text."
)
# A dataframe shows its cells as plain text, so document titles need no escaping here.
st.dataframe(
    [
        {
            "Source": d.source,
            "Title": d.title,
            "Type": d.kind,
            "Sections": len([s for s in d.sections if s]),
            "Chunks": d.chunks,
            "Ingested": format_time(d.ingested_at),
            "Folder": d.root,
        }
        for d in documents
    ],
    hide_index=True,
    width="stretch",
)

labels = [f"{d.title or d.source} ({d.source})" for d in documents]
choice = st.selectbox("Preview", range(len(documents)), format_func=lambda i: labels[i])
document = documents[choice]
st.subheader(escape_inline(document.title or document.source))
st.caption(
    escape_inline(
        f"{document.source} · {document.kind} · {document.chunks} chunks · "
        f"ingested {format_time(document.ingested_at)}"
    )
)
sections = [s for s in document.sections if s]
if sections:
    with st.expander(f"Sections ({len(sections)})", expanded=True):
        st.markdown("\n".join(f"- {escape_inline(section)}" for section in sections))
try:
    chunks = assistant.document_chunks(document.source, document.root)
except RagError as err:
    st.error(escape_inline(str(err)))
    st.stop()
preview = preview_text([(int(c.metadata.get("start", 0)), c.text) for c in chunks], PREVIEW_CHARS)
st.markdown("**Preview**")
with st.container(border=True):
    show_passage_text(preview)
