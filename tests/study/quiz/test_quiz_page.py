"""The Streamlit quiz page, driven with AppTest over the session's corpus index."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from rag.assistant import Assistant
from rag.retrieval.embeddings import Embedder
from rag.study.quiz import (
    Quiz,
)
from tests.conftest import REPO

PAGE = str(REPO / "ui" / "views" / "2_Quiz.py")
TIMEOUT = 180  # seconds per script run: a quiz embeds its passages on a shared 2-core machine


# --------------------------------------------------------------------------- the page


@pytest.fixture
def quiz_page(
    monkeypatch: pytest.MonkeyPatch, corpus_assistant: Assistant, embedder: Embedder
) -> AppTest:
    monkeypatch.setenv("RAG_QUERY_LOG", "false")
    monkeypatch.setenv("RAG_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.setenv("RAG_CORPUS_DIR", str(corpus_assistant.settings.corpus_dir))
    return AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()


def test_quiz_page_generate_answer_score_and_sources(quiz_page: AppTest) -> None:
    at = quiz_page
    assert not at.exception and at.title[0].value == "Quiz"
    at.text_input(key="quiz_topic").input("Evaluation metrics such as FID and BLEU")
    at.number_input(key="quiz_n").set_value(3)
    at.number_input(key="quiz_seed").set_value(9)
    at.button(key="quiz_generate").click().run()
    assert not at.exception
    quiz: Quiz = at.session_state["quiz"]
    assert len(quiz.items) == 3
    shown = "\n".join(m.value for m in at.markdown)
    for quiz_item in quiz.items:
        assert re.sub(r"\\", "", shown).count(quiz_item.question[:30]) >= 1
    # Answer the first item wrongly and the others rightly.
    for index, quiz_item in enumerate(quiz.items):
        key = f"quiz_{at.session_state['quiz_number']}_{quiz_item.id}"
        if quiz_item.options:
            wrong = next(o for o in quiz_item.options if o != quiz_item.answer)
            at.radio(key=key).set_value(wrong if index == 0 else quiz_item.answer)
        else:
            at.text_input(key=key).input("no idea" if index == 0 else quiz_item.answer)
    next(b for b in at.button if b.label == "Check answers").click().run()
    assert not at.exception
    assert at.metric[0].value == "2 / 3"
    assert len(at.error) == 1 and len(at.success) == 2
    labels = [e.label for e in at.expander]
    assert sum(label.startswith("Source passage") for label in labels) == 3
    sources = [e for e in at.expander if e.label.startswith("Source passage")]
    rendered = [h.value for e in sources for h in e.get("html")]
    assert len(rendered) == 3 and any("<mark>" in h for h in rendered), "rendered, quote marked"
    assert not any("**" in h for h in rendered), "no raw Markdown"
    assert all(" › " in e.label for e in sources), "Document title › Section"
    assert len(at.get("download_button")) == 4


def test_quiz_page_on_a_section(quiz_page: AppTest) -> None:
    at = quiz_page
    at.radio(key="quiz_mode").set_value("A section of the course").run()
    section = "001_5ed49cb29b8db96d.txt :: 11. Evaluation Metrics"
    at.selectbox(key="quiz_section").set_value(section)
    at.number_input(key="quiz_n").set_value(2)
    at.button(key="quiz_generate").click().run()
    assert not at.exception
    quiz: Quiz = at.session_state["quiz"]
    assert len(quiz.items) == 2
    assert {i.source.section for i in quiz.items} == {"11. Evaluation Metrics"}


def test_a_quiz_the_topic_line_gave_away_offers_its_section(quiz_page: AppTest) -> None:
    """The syllabus line names the answers of "9. Training Foundations"; one click sets
    the form to a quiz on that section, which then asks about its lines."""
    at = quiz_page
    topic = "Training foundations: scaling laws, optimizers and regularization"
    at.text_input(key="quiz_topic").input(topic)
    at.number_input(key="quiz_seed").set_value(1)
    at.button(key="quiz_generate").click().run()
    assert not at.exception
    suggested = at.button(key="quiz_suggested_section")
    assert "Training Foundations” instead" in suggested.label
    suggested.click().run()
    assert at.radio(key="quiz_mode").value == "A section of the course"
    section = "001_5ed49cb29b8db96d.txt :: 9. Training Foundations"
    assert at.selectbox(key="quiz_section").value == section
    assert not [b for b in at.button if b.key == "quiz_suggested_section"], "offered once"
    # The click makes the section's quiz at once: a newcomer saw the old quiz stay.
    quiz: Quiz = at.session_state["quiz"]
    assert len(quiz.items) == 5 and not quiz.suggested_section
    assert all(item.source.section == "9. Training Foundations" for item in quiz.items)
