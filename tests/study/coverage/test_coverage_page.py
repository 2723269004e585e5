"""The Coverage page through AppTest, on the real bundled corpus index."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from rag.assistant import Assistant
from tests.conftest import REPO
from tests.study.coverage.samples import COVERED, MISSING, PARTIAL

PAGE = str(REPO / "ui" / "views" / "3_Coverage.py")


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch, corpus_assistant: Assistant) -> AppTest:
    monkeypatch.setenv("RAG_QUERY_LOG", "false")
    monkeypatch.setenv("RAG_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.setenv("RAG_CORPUS_DIR", str(corpus_assistant.settings.corpus_dir))
    return AppTest.from_file(PAGE, default_timeout=180).run()


def test_page_pasted_syllabus_shows_verdicts_heatmap_and_evidence(page: AppTest) -> None:
    assert not page.exception
    assert [t.label for t in page.tabs] == ["Syllabus", "Outline", "Question gaps"]
    outline = page.tabs[1].dataframe[0].value
    assert set(outline["Document"]) == {
        "000_09a406be5dd0d1aa.txt", "001_5ed49cb29b8db96d.txt",
        "002_ca2c3468ba43efbd.txt", "004_d07bda21ba71f7d5.txt",
    }  # fmt: skip

    topics = f"- {COVERED[0]}\n- {MISSING[0]} <img src=x onerror=alert(1)>\n"
    page.text_area(key="coverage_text").set_value(topics)
    at = page.button(key="coverage_run").click().run()
    assert not at.exception and not at.error
    table = at.tabs[0].dataframe[0].value
    assert list(table["Verdict"]) == ["covered", "missing"]
    assert len(at.get("image")) == 1
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("1\\. How diffusion models")
    assert ":green[:material/check_circle: covered]" in labels[0], (
        "no emoji: not every font has them"
    )
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in labels[1], "topic text is escaped"
    evidence = at.expander[0]
    assert any("strength 0\\." in c.value for c in evidence.caption)
    assert any("<mark>" in h.value for h in evidence.get("html")), "best sentence, rendered"
    assert any("Closest" in c.value for c in at.expander[1].caption)
    found_in = [c.value for c in evidence.caption if c.value.startswith("Found in")]
    assert table["Documents"][0] >= 1 and found_in and ".txt" not in found_in[0], (
        "documents are named by their titles"
    )
    names = [d.proto.label for d in at.get("download_button")]
    assert names == ["Download CSV", "Download JSON", "Download HTML heatmap"]


def test_page_uploaded_yaml_syllabus_and_question_gaps(page: AppTest) -> None:
    upload = f"topics:\n  - {PARTIAL[0]}\n".encode()
    page.file_uploader[0].set_value(("syllabus.yaml", upload, "text/yaml"))
    at = page.button(key="coverage_run").click().run()
    assert not at.exception and not at.error
    assert list(at.tabs[0].dataframe[0].value["Topic"]) == [PARTIAL[0]]

    empty = ("empty.md", b"\n", "text/markdown")
    at.file_uploader[0].set_value(empty)
    at = at.button(key="coverage_run").click().run()
    assert "empty\\.md\\: the topic file is empty" in at.error[0].value

    at = at.button(key="coverage_gaps").click().run()
    assert "Question logging is off" in at.info[0].value
    assert "No abstained or weakly answered questions" in at.success[0].value
