"""Quiz: items drawn from the course material, answered here, each checked against its source.

The items come from :func:`rag.study.quiz.build_quiz`, the same code as ``rag quiz``; this
page only collects answers, grades them with :func:`rag.study.quiz.feedback` and shows
each item's source passage once answers are checked (before that it would give the
answers away). Course text is escaped like everywhere else in the app.
"""

from __future__ import annotations

import streamlit as st

from rag import Assistant, RagError, passage_label
from rag.study.quiz import (
    QUIZ_TYPES,
    Quiz,
    QuizItem,
    build_quiz,
    describe_dropped,
    export,
    feedback,
    grade_answer,
)
from ui.common import escape_inline, get_assistant, show_passage_text

TOPIC, SECTION = "A topic", "A section of the course"
TYPE_LABELS = {
    "mixed": "Mixed",
    "mcq": "Multiple choice",
    "short": "Short answer",
    "cloze": "Fill in the blank",
    "tf": "True or false",
}
DOWNLOADS = [
    ("json", "JSON", "quiz.json", "application/json"),
    ("md", "Markdown", "quiz.md", "text/markdown"),
    ("csv", "CSV", "quiz.csv", "text/csv"),
    ("anki", "Anki", "quiz-anki.txt", "text/plain"),
]


def section_choices(assistant: Assistant) -> dict[str, str]:
    """'source :: section' -> 'title › section' for every section of every document."""
    choices: dict[str, str] = {}
    for document in assistant.documents():
        for section in document.sections:
            if section:
                label = passage_label(document.title, section, source=document.source)
                choices[f"{document.source} :: {section}"] = label
    return choices


def answer_key(quiz_number: int, item: QuizItem) -> str:
    """Widget key of an item's answer; a new quiz gets new keys, so old answers go."""
    return f"quiz_{quiz_number}_{item.id}"


def render_item(quiz_number: int, number: int, item: QuizItem) -> None:
    """The question and the widget to answer it."""
    st.markdown(f"**{number}.** {escape_inline(item.question)}")
    key = answer_key(quiz_number, item)
    if item.options:  # multiple choice, or True / False
        st.radio(
            "Your answer",
            item.options,
            index=None,
            key=key,
            format_func=escape_inline,
            label_visibility="collapsed",
        )
    else:
        st.text_input("Your answer", key=key, label_visibility="collapsed",
                      placeholder="Type your answer")  # fmt: skip


def render_feedback(quiz: Quiz, quiz_number: int, number: int, item: QuizItem) -> None:
    """Right or wrong, the answer, its explanation and the source passage."""
    response = st.session_state.get(answer_key(quiz_number, item)) or ""
    grade, message = feedback(number, item, response)
    show = {"correct": st.success, "almost": st.warning}.get(grade.verdict, st.error)
    show(escape_inline(message))
    where = passage_label(item.source.title, item.source.section, source=item.source.source)
    with st.expander(escape_inline(f"Source passage: {where}")):
        passage = quiz.passage(item.source.chunk_id)
        if passage is not None and item.source.quote in passage.text:
            start = passage.text.index(item.source.quote)
            show_passage_text(passage.text, [(start, start + len(item.source.quote))])
        else:
            show_passage_text(item.source.quote)


def quiz_section_instead(section: str) -> None:
    """Switch the form to section mode on ``section`` and make that quiz.

    The next run draws the widgets so and generates at once: a newcomer clicked the
    button and saw the old quiz stay on screen until "Generate quiz" was pressed too.
    """
    st.session_state["quiz_mode"] = SECTION
    st.session_state["quiz_section"] = section
    st.session_state["quiz_generate_now"] = True


st.title("Quiz")
st.caption(
    "Questions drawn from the course material. Every item is checked against the passage "
    "it comes from before you see it."
)
try:
    assistant = get_assistant()
    choices = section_choices(assistant)
except RagError as err:
    st.error(escape_inline(str(err)))
    st.stop()

if not choices:
    st.info("No documents are ingested yet: use “Re-ingest” or upload files in the sidebar.")
    st.stop()

mode = st.radio("Quiz on", [TOPIC, SECTION], horizontal=True, key="quiz_mode")
if mode == TOPIC:
    topic = st.text_input(
        "Topic", key="quiz_topic", placeholder="e.g. how diffusion models generate images"
    )
    section = None
else:
    section = st.selectbox(
        "Section", list(choices), format_func=lambda value: choices[value], key="quiz_section"
    )
    topic = ""
left, middle, right = st.columns(3)
with left:
    n = st.number_input("Items", min_value=1, max_value=20, value=5, key="quiz_n")
with middle:
    kind = st.selectbox(
        "Type", QUIZ_TYPES[::-1], format_func=TYPE_LABELS.__getitem__, key="quiz_type"
    )
with right:
    seed = st.number_input(
        "Seed", min_value=0, value=None, step=1, key="quiz_seed", placeholder="random",
        help="The same seed gives the same quiz.",
    )  # fmt: skip

generate = st.button("Generate quiz", key="quiz_generate", type="primary", icon=":material/quiz:")
if generate or st.session_state.pop("quiz_generate_now", False):
    if mode == TOPIC and not topic.strip():
        st.warning("Type a topic first.")
    else:
        try:
            with st.spinner("Finding passages and checking every item…"):
                built = build_quiz(
                    assistant,
                    topic.strip(),
                    int(n),
                    str(kind),
                    None if seed is None else int(seed),
                    section=section,
                )
        except RagError as err:
            st.error(escape_inline(str(err)))
        else:
            st.session_state["quiz"] = built
            st.session_state["quiz_number"] = st.session_state.get("quiz_number", 0) + 1
            st.session_state["quiz_checked"] = False

quiz: Quiz | None = st.session_state.get("quiz")
if quiz is not None:
    quiz_number = st.session_state.get("quiz_number", 0)
    st.subheader(escape_inline(f"Quiz: {quiz.topic}"))
    # Why drafts were left out is for whoever tunes quizzes; a student read "8 drafts
    # dropped — quiz topic gives the answer away: 7" as jargon (a helper in the app).
    st.caption(
        escape_inline(f"{len(quiz.items)} of {quiz.requested} items · seed {quiz.seed}"),
        help=escape_inline(
            "Candidate questions that gave their answer away or repeated another were left "
            f"out: {describe_dropped(quiz.dropped)}."
        ),
    )
    if quiz.note:
        st.info(escape_inline(quiz.note), icon=":material/info:")
    # Once the form is on the suggested section, the button has nothing left to offer.
    if quiz.suggested_section in choices and section != quiz.suggested_section:
        st.button(
            escape_inline(f"Quiz on “{choices[quiz.suggested_section]}” instead"),
            key="quiz_suggested_section",
            on_click=quiz_section_instead,
            args=(quiz.suggested_section,),
            icon=":material/arrow_forward:",
        )
    if quiz.items:
        with st.form(f"quiz_form_{quiz_number}"):
            for number, item in enumerate(quiz.items, start=1):
                render_item(quiz_number, number, item)
            if st.form_submit_button("Check answers", type="primary"):
                st.session_state["quiz_checked"] = True
        if st.session_state.get("quiz_checked"):
            score = sum(
                grade_answer(item, st.session_state.get(answer_key(quiz_number, item)) or "")
                for item in quiz.items
            )
            st.metric("Score", f"{score} / {len(quiz.items)}")
            for number, item in enumerate(quiz.items, start=1):
                render_feedback(quiz, quiz_number, number, item)
        columns = st.columns(len(DOWNLOADS))
        for column, (fmt, label, file_name, mime) in zip(columns, DOWNLOADS, strict=True):
            with column:
                st.download_button(
                    label,
                    data=export(quiz, fmt),
                    file_name=file_name,
                    mime=mime,
                    key=f"quiz_download_{fmt}",
                    icon=":material/download:",
                    on_click="ignore",
                )
