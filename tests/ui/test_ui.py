"""The Streamlit app through ``AppTest``, plus the pure helpers it renders with.

AppTest runs the real app script in this process against real indexes: the corpus
index of the session and small course folders written here. The embedding model is
the session's (``get_embedder`` caches it per process), so no test loads it again.
One course file carries a ``<script>``, an ``<img onerror>`` and a remote Markdown
image: every place that shows document text must show them as text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from rag.assistant import Assistant
from rag.errors import FileRejectedError
from rag.retrieval.embeddings import Embedder
from rag.uploads import (
    add_uploads,
    check_content,
    reingest_paths,
    safe_filename,
    save_upload,
    uploads_dir,
)
from tests.conftest import REPO, make_settings
from ui.common import (
    answer_markdown,
    citation_label,
    escape_inline,
    escape_keeping_code,
    escape_markdown,
    preview_text,
)

APP = str(REPO / "ui" / "app.py")
TIMEOUT = 120  # seconds per script run: an answer embeds on a shared 2-core machine

HOSTILE_DOC = """# Photosynthesis

Photosynthesis converts light energy into chemical energy inside the chloroplasts of plant \
cells. <script>window.__xss = 1</script>

Chlorophyll absorbs mostly red and blue light <img src=x onerror="window.__xss = 2"> and \
reflects green light.

![tracker](http://127.0.0.1:9/pixel.png) Plants release oxygen as a by-product of \
photosynthesis.

| Organelle | Role in photosynthesis |
|---|---|
| Chloroplast | captures light energy |
"""
SECOND_DOC = """# Cellular respiration

Cellular respiration releases the energy stored in glucose inside the mitochondria.
"""

markdown = MarkdownIt("commonmark")


# --------------------------------------------------------------------------- pure helpers


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"])))
def test_escaped_text_renders_as_the_same_text_and_no_markup(text: str) -> None:
    """CommonMark (what Streamlit's renderer follows) shows escaped text literally."""
    text = " ".join(text.split())  # one line; line handling is tested below
    rendered = markdown.render(escape_markdown(text))
    inner = re.sub(r"^<p>|</p>\n$", "", rendered)
    assert "<" not in inner.replace("&lt;", ""), rendered
    assert html.unescape(inner) == text


def test_escaping_neutralises_html_images_links_and_streamlit_directives() -> None:
    source = "<script>x</script> ![t](http://e/p.png) [l](http://e) :red[r] $x$ # h"
    rendered = markdown.render(escape_markdown(source))
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "\\:red\\[r\\]" in escape_markdown(source), "Streamlit's :color[] directive"
    assert "\\$x\\$" in escape_markdown(source), "Streamlit's $math$"


def test_a_note_keeps_its_code_spans_and_escapes_the_rest() -> None:
    # "`make install-local` installs it" showed its backticks in the sidebar.
    note = "22 of its 22 packages missing; `make install-local` installs it <b>[x](http://e)</b>"
    rendered = markdown.render(escape_keeping_code(note))
    assert "<code>make install-local</code>" in rendered
    assert "<b>" not in rendered and "<a " not in rendered and "`" not in rendered
    assert escape_keeping_code("no code *here*") == escape_inline("no code *here*")


def test_escape_keeps_lines_and_indentation_without_code_blocks() -> None:
    rendered = markdown.render(escape_markdown("- item\n    indented code?\n\nnext"))
    assert "<pre>" not in rendered and "<ul>" not in rendered
    assert "<br />" in rendered and "- item" in rendered and "\u00a0" * 4 + "indented" in rendered


def test_an_answer_keeps_its_numbered_or_bulleted_list_and_escapes_the_text() -> None:
    numbered = "1. Atrial systole [1].\n2. Rapid *ejection* [1]."
    assert markdown.render(answer_markdown(numbered)).startswith("<ol>\n<li>Atrial systole")
    assert "<em>" not in markdown.render(answer_markdown(numbered))
    started = markdown.render(answer_markdown("3. Leptotene [1].\n4. Zygotene [1]."))
    assert started.startswith('<ol start="3">')  # the notes' own numbers
    assert markdown.render(answer_markdown("- GANs [1].\n- VAEs [2].")).startswith("<ul>")
    assert "<ol>" not in markdown.render(answer_markdown("1. One line only [1]."))


def test_preview_text_skips_the_overlap_between_chunks() -> None:
    doc = "Alpha beta gamma. Delta epsilon zeta. Eta theta."
    chunks = [(18, doc[18:38]), (0, doc[0:22]), (35, doc[35:])]
    assert preview_text(chunks, 1000) == doc
    assert preview_text(chunks, 10) == "Alpha beta …"


def test_citation_label_is_escaped_text() -> None:
    from rag.schema import Passage

    passage = Passage("i", "t", "notes/[x](y).md", "T", "Intro *", 0, 1, score=0.534)
    label = citation_label(2, passage)
    assert label == escape_inline("[2] T › Intro *")  # no score to misread as confidence


# --------------------------------------------------------------------------- uploads (pure)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("notes.md", "notes.md"),
        ("../../etc/passwd.md", "passwd.md"),
        ("..\\..\\Windows\\evil.TXT", "evil.txt"),
        ("week 1: intro?.pdf", "week 1_ intro.pdf"),
        ("cours\u00e9.html", "cours\u00e9.html"),
        ("\x00bad\nname.md", "badname.md"),
    ],
)
def test_safe_filename_keeps_only_a_plain_name(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (".env.md", "hidden"),
        ("../", "no name"),
        ("virus.exe", "unsupported file type '.exe'"),
        ("README", "unsupported file type '(none)'"),
    ],
)
def test_safe_filename_rejects_with_a_reason(name: str, reason: str) -> None:
    with pytest.raises(FileRejectedError, match=re.escape(reason)):
        safe_filename(name)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("fake.pdf", b"hello, I am text", "is not a PDF"),
        ("paper.md", b"%PDF-1.7 binary", "rename it to .pdf"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("latin1.txt", "caf\u00e9".encode("latin-1"), "not UTF-8"),
        ("empty.md", b"  \n", "empty"),
        ("big.txt", b"a" * 1_100_001, "limit is 1 MB"),
    ],
)
def test_check_content_refuses_mislabelled_or_oversized_files(
    name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(FileRejectedError, match=re.escape(reason)):
        check_content(name, data, max_mb=1)


def test_save_upload_writes_only_inside_the_upload_folder(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    saved = save_upload(settings, "../../outside.md", b"# Notes\n\nSome text.\n")
    assert saved == uploads_dir(settings) / "outside.md" and saved.read_bytes().startswith(b"#")
    assert not (tmp_path / "outside.md").exists()
    assert [p.name for p in uploads_dir(settings).iterdir()] == ["outside.md"], "no temp files"
    assert reingest_paths(settings) == [settings.corpus_dir, uploads_dir(settings)]


def test_add_uploads_ingests_good_files_and_removes_ones_the_loader_refuses(
    fresh_assistant: Assistant,
) -> None:
    result = add_uploads(
        fresh_assistant,
        [
            ("respiration.md", SECOND_DOC.encode()),
            ("broken.pdf", b"%PDF-1.4 this is not really a PDF"),
            ("notes.exe", b"MZ"),
        ],
    )
    assert [p.name for p in result.added] == ["respiration.md"]
    assert sorted(e.path for e in result.rejected) == ["broken.pdf", "notes.exe"]
    folder = uploads_dir(fresh_assistant.settings)
    assert sorted(p.name for p in folder.iterdir()) == ["respiration.md"]
    assert [d.source for d in fresh_assistant.documents()] == ["respiration.md"]


# --------------------------------------------------------------------------- the app


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, embedder: Embedder) -> pytest.MonkeyPatch:
    """Environment shared by the app tests; the embedder fixture loads the model once."""
    monkeypatch.setenv("RAG_QUERY_LOG", "false")
    return monkeypatch


@pytest.fixture
def corpus_app(app_env: pytest.MonkeyPatch, corpus_assistant: Assistant) -> AppTest:
    app_env.setenv("RAG_DATA_DIR", str(corpus_assistant.settings.data_dir))
    app_env.setenv("RAG_CORPUS_DIR", str(corpus_assistant.settings.corpus_dir))
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "photosynthesis.md").write_text(HOSTILE_DOC, encoding="utf-8")
    return folder


@pytest.fixture
def course_app(
    app_env: pytest.MonkeyPatch, tmp_path: Path, course: Path, embedder: Embedder
) -> AppTest:
    data_dir = tmp_path / "data"
    Assistant(make_settings(data_dir, corpus_dir=course), embedder=embedder).ingest([course])
    app_env.setenv("RAG_DATA_DIR", str(data_dir))
    app_env.setenv("RAG_CORPUS_DIR", str(course))
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="question").set_value(question)
    return at.run()


def sidebar_text(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.sidebar.caption, *at.sidebar.markdown])


def test_sidebar_shows_generator_k_and_corpus_status(corpus_app: AppTest) -> None:
    assert not corpus_app.exception
    text = sidebar_text(corpus_app)
    assert "Generator\\: extractive" in text and "Embeddings\\: all\\-MiniLM\\-L6\\-v2" in text
    assert "4 documents" in text and "last ingest\\: never" not in text
    assert corpus_app.slider(key="k").value == 8
    assert corpus_app.button(key="reingest").label == "Re-ingest course files"
    # Every page styles the passages' tables (cells with lines around them).
    from ui.common import PASSAGE_CSS

    assert any(PASSAGE_CSS in h.proto.body for h in corpus_app.get("html"))


def test_sidebar_tells_students_answers_are_quoted_and_keeps_set_up_in_the_tooltip(
    app_env: pytest.MonkeyPatch, corpus_assistant: Assistant, tmp_path: Path
) -> None:
    """`auto` without a loadable model: the install hint is for whoever runs the app."""
    app_env.setenv("RAG_DATA_DIR", str(corpus_assistant.settings.data_dir))
    app_env.setenv("RAG_GENERATOR", "auto")
    app_env.setenv("RAG_LOCAL_MODEL", str(tmp_path / "absent.gguf"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    note = next(c for c in at.sidebar.caption if c.value.startswith("Answers quote"))
    # Why it fell back (no engine here; with one, the absent model) is in the tooltip.
    assert note.proto.help.startswith("answers are quoted") and "install" not in note.value


def test_ask_shows_a_cited_answer_with_highlighted_passages(corpus_app: AppTest) -> None:
    at = ask(corpus_app, "Which metric measures the realism of generated images?")
    assert not at.exception and not at.error
    user, assistant = at.chat_message
    assert user.markdown[0].value == "Which metric measures the realism of generated images\\?"
    answer = assistant.markdown[0].value
    assert "FID" in answer and re.search(r"\\\[\d\\\]", answer), answer
    labels = [e.label for e in assistant.expander]
    assert labels and all(re.match(r"\\\[\d+\\\] \S", lb) for lb in labels)
    assert not any("score" in lb for lb in labels)
    cited = [n for n in re.findall(r"\\\[(\d+)\\\]", answer)]
    assert {f"\\[{n}\\]" for n in cited} == {lb.split(" ")[0] for lb in labels}
    passages = [e.get("html")[0].value for e in assistant.expander]
    assert any("<mark>" in p for p in passages), "the cited sentence is highlighted"
    assert any(
        "Similarity to the question" in c.value for e in assistant.expander for c in e.caption
    )
    assert not assistant.warning


def test_a_part_the_material_does_not_answer_is_shown_in_a_box(corpus_app: AppTest) -> None:
    at = ask(corpus_app, "What does FID measure and who is the president of France?")
    assert not at.exception and not at.error
    assistant = at.chat_message[1]
    assert "realism" in assistant.markdown[0].value.lower()
    boxes = [unescaped(w.value) for w in assistant.warning]
    assert boxes == ["The course material doesn't answer “Who is the president of France?”"]


def test_a_respelt_word_is_a_grey_note_not_a_warning_box(corpus_app: AppTest) -> None:
    """ "searched as “What is a transformer?”…" was a yellow warning box, as if the answer
    needed checking (a student's probe): it is a note like a follow-up's "Searched as"."""
    at = ask(corpus_app, "What is a tranformer?")
    assert not at.exception
    assistant = at.chat_message[1]
    notes = [unescaped(c.value) for c in assistant.caption]
    assert (
        "Searched as “What is a transformer?”: the course material never writes “tranformer”."
        in notes
    )
    assert not assistant.warning


def test_blank_and_overlong_questions_get_a_message_not_an_answer(corpus_app: AppTest) -> None:
    from rag.answer.questions import MAX_QUESTION_CHARS

    at = ask(corpus_app, "   ")
    assert not at.exception and not at.chat_message
    assert "the question is empty" in unescaped(at.error[0].value)
    at = ask(at, "why " * (MAX_QUESTION_CHARS // 4 + 1))
    assert not at.exception and not at.chat_message
    assert "the limit is 2,000" in unescaped(at.error[0].value)


def test_follow_up_is_rewritten_and_shown(corpus_app: AppTest) -> None:
    at = ask(corpus_app, "What are GANs?")
    at = ask(at, "who introduced them?")
    assert not at.exception
    follow_up = at.chat_message[3]
    assert "Searched as\\: who introduced GANs\\?" in [c.value for c in follow_up.caption]
    assert "Goodfellow" in follow_up.markdown[0].value
    assert len(at.session_state["chat_turns"]) == 2


def test_abstention_looks_different_and_lists_closest_passages(corpus_app: AppTest) -> None:
    at = ask(corpus_app, "What is the capital of France?")
    assistant = at.chat_message[1]
    assert len(assistant.warning) == 1
    assert "doesn't cover this" in unescaped(assistant.warning[0].value)
    why, *passages = assistant.expander
    assert why.label == "Why no answer"
    assert "Reason: no sentence in the material" in unescaped(why.caption[0].value)
    assert "Closest passages (not an answer):" in [c.value for c in assistant.caption]
    assert len(passages) == 5
    assert not any("<mark>" in e.get("html")[0].value for e in passages)
    captions = [unescaped(c.value) for e in passages for c in e.caption]
    assert any(c.startswith("Nearest line: “") for c in captions)
    assert unescaped(assistant.warning[0].value) == "The course material doesn't cover this."
    shown = [unescaped(c.value) for c in assistant.caption]
    assert any(c.startswith("The nearest line in the material, which does not answer it: “")
               for c in shown)  # fmt: skip


def test_clear_and_download_the_conversation(corpus_app: AppTest) -> None:
    at = ask(corpus_app, "Which metric measures the realism of generated images?")
    download = at.get("download_button")
    assert len(download) == 1 and "Download conversation" in download[0].proto.label
    at.button(key="clear_chat").click().run()
    assert not at.chat_message and at.session_state["chat_turns"] == []
    assert not at.get("download_button")


def test_k_slider_sets_how_many_passages_are_used(corpus_app: AppTest) -> None:
    corpus_app.slider(key="k").set_value(2).run()
    at = ask(corpus_app, "What is the capital of France?")
    passages = [e for e in at.chat_message[1].expander if e.label != "Why no answer"]
    assert len(passages) == 2


def unescaped(value: str) -> str:
    """What the reader sees: backslash escapes resolved."""
    return re.sub(r"\\(.)", r"\1", value).replace("  \n", "\n")


def test_document_html_and_images_show_as_text(course_app: AppTest) -> None:
    at = ask(course_app, "Where does photosynthesis happen in plant cells?")
    assert not at.exception
    assistant = at.chat_message[1]
    assert assistant.expander, "the answer cites the hostile document"
    values = [m.value for m in assistant.markdown]
    for value in values:
        rendered = markdown.render(value)
        assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    passage = assistant.expander[0].get("html")[0].value
    assert "<script" not in passage and "<img" not in passage and "pixel.png" not in passage
    shown = html.unescape(re.sub(r"<[^>]+>", "", passage))
    assert "<script>window.__xss = 1</script>" in shown
    assert '<img src=x onerror="window.__xss = 2">' in shown
    assert "[image: tracker]" in shown
    assert "<td>Chloroplast</td>" in passage and "|---|" not in shown  # a table, rendered


def test_empty_index_offers_an_ingest_button_and_ingests_nothing_by_itself(
    app_env: pytest.MonkeyPatch, tmp_path: Path, course: Path
) -> None:
    data_dir = tmp_path / "empty"
    app_env.setenv("RAG_DATA_DIR", str(data_dir))
    app_env.setenv("RAG_CORPUS_DIR", str(course))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "Nothing is indexed yet" in at.info[0].value
    assert not at.chat_input, "no question box before anything is ingested"
    assert "0 documents\\, 0 chunks" in sidebar_text(at)
    at.button(key="ingest_empty").click().run()
    assert not at.exception
    assert any("1 added" in s.value for s in at.sidebar.success)
    assert "1 document\\, 1 chunk" in sidebar_text(at)
    assert at.chat_input(key="question") is not None


def test_reingest_picks_up_new_course_files(course_app: AppTest, course: Path) -> None:
    assert "1 document\\," in sidebar_text(course_app)
    (course / "respiration.md").write_text(SECOND_DOC, encoding="utf-8")
    at = course_app.button(key="reingest").click().run()
    assert not at.exception
    assert any("1 added" in s.value and "1 unchanged" in s.value for s in at.sidebar.success)
    assert "2 documents" in sidebar_text(at)


def test_reingest_while_another_ingest_runs_is_an_error_box(
    course_app: AppTest, tmp_path: Path, course: Path
) -> None:
    from ingest.index import index_lock

    with index_lock(make_settings(tmp_path / "data", corpus_dir=course)):
        at = course_app.button(key="reingest").click().run()
    assert not at.exception
    assert any("being updated by another ingest" in e.value for e in at.sidebar.error)


def test_upload_of_a_good_file_is_ingested_and_answerable(course_app: AppTest) -> None:
    course_app.sidebar.file_uploader[0].set_value(
        ("respiration.md", SECOND_DOC.encode(), "text/markdown")
    ).run()  # choosing files reruns the app, which enables the button
    at = course_app.button(key="add_uploads").click().run()
    assert not at.exception and not at.sidebar.error
    assert [s.value for s in at.sidebar.success] == ["Added respiration\\.md"]
    assert "2 documents" in sidebar_text(at)
    at = ask(at, "Where does cellular respiration release energy?")
    sources = " ".join(e.label for e in at.chat_message[1].expander)
    assert "Cellular respiration" in sources  # the document's title, not its file name


def test_upload_of_bad_files_shows_clear_errors_and_saves_nothing(
    course_app: AppTest, tmp_path: Path
) -> None:
    course_app.sidebar.file_uploader[0].set_value(
        [
            ("virus.exe", b"MZ\x90\x00binary", "application/octet-stream"),
            ("fake.pdf", b"just text pretending", "application/pdf"),
        ]
    ).run()
    at = course_app.button(key="add_uploads").click().run()
    assert not at.exception
    errors = [e.value for e in at.sidebar.error]
    assert len(errors) == 2
    assert "virus\\.exe\\: unsupported file type \\'\\.exe\\'" in errors[0]
    assert "fake\\.pdf\\: is not a PDF" in errors[1]
    assert "1 document\\," in sidebar_text(at)
    assert not (tmp_path / "data" / "uploads").exists(), "nothing was saved"


def test_library_lists_documents_sections_and_an_escaped_preview(course_app: AppTest) -> None:
    course_app.switch_page("views/1_Library.py").run()
    at = course_app
    assert not at.exception
    assert at.title[0].value == "Library"
    table = at.dataframe[0].value
    assert list(table["Source"]) == ["photosynthesis.md"] and int(table["Chunks"][0]) >= 1
    assert at.selectbox[0].value == 0
    # Rendered: HTML tags of the document are text.
    preview = next(h.value for h in at.get("html") if 'class="rag-passage"' in h.value)
    assert "&lt;script&gt;" in preview and "<script" not in preview
    assert "Photosynthesis converts light energy" in preview and "<td>Chloroplast</td>" in preview


def test_library_on_an_empty_index_says_so(app_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app_env.setenv("RAG_DATA_DIR", str(tmp_path / "none"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("views/1_Library.py").run()
    assert not at.exception
    assert "No documents are ingested yet" in at.info[0].value


def test_invalid_setting_is_an_error_message_not_a_traceback(app_env: pytest.MonkeyPatch) -> None:
    app_env.setenv("RAG_K", "0")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert any("invalid configuration" in e.value and "RAG\\_K" in e.value for e in at.error)


def test_unknown_setting_is_named_with_the_closest_real_one(
    app_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app_env.setenv("RAG_DATA_DIR", str(tmp_path / "none"))
    app_env.setenv("RAG_TOP_K", "3")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    warnings = [unescaped(w.value) for w in at.sidebar.warning]
    assert "RAG_TOP_K is not a setting and is ignored; did you mean RAG_K?" in warnings
    assert not (tmp_path / "none").exists(), "opening the app created an index"


HOSTILE_ANSWER = (
    "Goodfellow et al. introduced them in 2014 [1]. <script>alert(1)</script> "
    "![x](http://127.0.0.1:9/x.png) [click](http://127.0.0.1:9/) :red[red]"
)


def _llm_reply(body: dict[str, object]) -> str:
    messages = body["messages"]
    assert isinstance(messages, list)
    if "Stand-alone question:" in str(messages[-1]["content"]):
        return "Who introduced GANs, the generative adversarial networks?"
    return HOSTILE_ANSWER


def test_llm_answer_is_streamed_rewritten_and_shown_as_text(
    app_env: pytest.MonkeyPatch, corpus_assistant: Assistant
) -> None:
    """Scripted model (tests/llm_transport.py): the answer must carry exact hostile markup.

    AppTest runs the page in this process, so the registry's replacement reaches it.
    """
    from tests.llm_transport import scripted_llm

    with scripted_llm(model="ui-model", reply=_llm_reply) as server:
        app_env.setenv("RAG_DATA_DIR", str(corpus_assistant.settings.data_dir))
        app_env.setenv("RAG_GENERATOR", "openai")
        app_env.setenv("RAG_OPENAI_BASE_URL", server.base_url)
        app_env.setenv("RAG_OPENAI_MODEL", "ui-model")
        app_env.setenv("RAG_OPENAI_API_KEY", "sk-test")
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        assert "Model\\: ui\\-model at http" in sidebar_text(at)
        at = ask(at, "What are GANs?")
        at = ask(at, "who came up with them?")
        assert not at.exception
        answer_requests = [r for r in server.chat_requests if "Stand-alone" not in r.prompt]
        assert answer_requests and all(r.stream for r in answer_requests), "answers stream"
    follow_up = at.chat_message[3]
    assert "Searched as\\: Who introduced GANs\\, the generative adversarial networks\\?" in [
        c.value for c in follow_up.caption
    ]
    answer = follow_up.markdown[0].value
    rendered = markdown.render(answer)
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    shown = at.session_state["chat_turns"][-1].answer.answer
    # The chain strips markup from model output; what is left is shown escaped, as text.
    assert unescaped(answer) == shown and "<script" not in shown and "Goodfellow" in shown
    assert "Answered by\\: openai\\:ui\\-model" in [c.value for c in follow_up.caption]


def test_a_list_answer_is_shown_as_a_list_with_its_text_escaped(corpus_app: AppTest) -> None:
    at = ask(corpus_app, "What are the main applications of generative AI in healthcare?")
    shown = at.chat_message[1].markdown[0].value
    lines = shown.split("\n")
    assert len(lines) >= 2 and all(line.startswith("- ") for line in lines)
    assert "Drug discovery" in shown and "\\[1\\]" in shown  # the citation text is escaped
