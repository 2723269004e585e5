"""Coverage report: topic files, scoring and verdicts, outline, heatmaps, question gaps, page.

The pure parts (parsing, scores, thresholds, outline counts, clustering, formats)
are tested with values worked out by hand. The product is tested against the real
bundled corpus index and the real embedding model: verdicts on a topic list written
here, ``--outline`` on the corpus, plot files read back, questions really asked
through the assistant and clustered, and the Coverage page through AppTest.
"""

from __future__ import annotations

import csv
import io
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from rag.answer.extractive import Candidate
from rag.answer.querylog import query_log_path
from rag.assistant import Assistant
from rag.cli import app
from rag.errors import FileRejectedError
from rag.retrieval.embeddings import Embedder
from rag.schema import Passage
from rag.study import coverage as cov
from rag.study.coverage import (
    PALE_COLOURS,
    VERDICT_COLOURS,
    heatmap_html,
    heatmap_png,
    plot_kind,
    strength_colour,
)
from tests.conftest import REPO, make_settings

runner = CliRunner()
PAGE = str(REPO / "ui" / "views" / "3_Coverage.py")

# Written for these tests against the bundled corpus (not eval/topics.jsonl, which
# the thresholds were fitted on). Covered: each has its own section or paragraph in
# two or more documents. Partial: one line in a list of one document. Missing: not in
# a generative-AI course at all.
COVERED = [
    "How diffusion models turn random noise into images",
    "Generative adversarial networks: the generator and the discriminator",
    "Generative AI in music composition and audio",
    "Ethical risks of generative AI: deepfakes and bias",
]
PARTIAL = ["Mixture of experts with sparse routing", "Constitutional AI for alignment"]
MISSING = [
    "Photosynthesis and the chloroplast",
    "Relational database normalization",
    "The causes of the French Revolution",
]


# --------------------------------------------------------------------------- topic files


def test_markdown_syllabus_bullets_numbers_and_heading_groups() -> None:
    text = """---
title: Course
---
# Generative AI syllabus

<!-- week 0 is optional
- Not a topic
-->
## Week 1
- **GANs**: generator and discriminator
* [Variational autoencoders](https://example.org/vae)
+ [ ] Diffusion models

## Week 2
1. Prompt engineering
2) Retrieval-augmented generation
#comment: not a heading
// another comment

```
- code, not a topic
```
Plain line topic
- GANs: generator and discriminator
"""
    topics = cov.parse_topics(text, name="syllabus.md")
    assert topics == [
        cov.Topic("GANs: generator and discriminator", "Week 1"),
        cov.Topic("Variational autoencoders", "Week 1"),
        cov.Topic("Diffusion models", "Week 1"),
        cov.Topic("Prompt engineering", "Week 2"),
        cov.Topic("Retrieval-augmented generation", "Week 2"),
        cov.Topic("Plain line topic", "Week 2"),
    ]


def test_plain_lines_with_colon_groups() -> None:
    text = "Unit A:\nGANs\nVAEs\n\nUnit B:\n  - Diffusion\n"
    assert cov.parse_topics(text) == [
        cov.Topic("GANs", "Unit A"),
        cov.Topic("VAEs", "Unit A"),
        cov.Topic("Diffusion", "Unit B"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- GANs\n- 'VAEs: latent space'\n", [("GANs", ""), ("VAEs: latent space", "")]),
        (
            "course: Gen AI\ntopics:\n  - GANs\n  - VAEs  # inline comment\n",
            [("GANs", ""), ("VAEs", "")],
        ),
        (
            "learning objectives:\n  - topic: Explain GANs\n  - objective: Describe VAEs\n",
            [("Explain GANs", ""), ("Describe VAEs", "")],
        ),
        (
            "Week 1:\n  - GANs\nWeek 2:\n  - Diffusion\n  - 7\n",
            [("GANs", "Week 1"), ("Diffusion", "Week 2")],
        ),
    ],
)
def test_yaml_lists(text: str, expected: list[tuple[str, str]]) -> None:
    topics = cov.parse_topics(text, name="t.yaml", yaml=True)
    assert [(t.text, t.group) for t in topics] == expected


def test_headings_only_become_the_topics_without_the_title() -> None:
    text = "# Course title\n\n## GANs\nSome prose?\n\n## VAEs\n"
    # Prose under a heading is a plain-line topic, so only a file of bare headings
    # falls back to them.
    assert [t.text for t in cov.parse_topics("# Course\n## GANs\n## VAEs\n")] == ["GANs", "VAEs"]
    assert [t.text for t in cov.parse_topics(text)] == ["Some prose?"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\n  \n", "empty"),
        (b"<!-- nothing -->\n// nope\n#todo\n", "no topics found"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_unusable_topic_files_name_the_file(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "syllabus.md"
    path.write_bytes(content)
    with pytest.raises(FileRejectedError) as caught:
        cov.read_topic_file(path)
    assert str(path) in str(caught.value) and reason in str(caught.value)


def test_missing_directory_and_bad_yaml_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(FileRejectedError, match="not found"):
        cov.read_topic_file(tmp_path / "nope.md")
    with pytest.raises(FileRejectedError, match="not a file"):
        cov.read_topic_file(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics: [GANs\n", encoding="utf-8")
    with pytest.raises(FileRejectedError, match="not valid YAML") as caught:
        cov.read_topic_file(bad)
    assert str(bad) in str(caught.value)


def test_the_bundled_sample_syllabus_parses() -> None:
    topics = cov.read_topic_file(REPO / "eval" / "syllabus.md")
    assert len(topics) == 16
    assert topics[0].text.startswith("Define generative AI")
    assert {t.group for t in topics} == {"Sample Syllabus: Introduction to Generative AI"}


# --------------------------------------------------------------------------- scoring


def test_verdict_boundaries_and_invalid_thresholds() -> None:
    t = cov.Thresholds(partial=0.4, covered=0.7)
    assert [t.verdict(s) for s in (0.0, 0.39, 0.4, 0.69, 0.7, 1.0)] == [
        "missing", "missing", "partial", "partial", "covered", "covered",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="partial"):
        cov.Thresholds(partial=0.8, covered=0.5)


def _passage(n: int, source: str, text: str) -> Passage:
    return Passage(id=f"p{n}", text=text, source=source, title="", section=f"S{n}", start=0,
                   end=len(text))  # fmt: skip


def test_strength_is_the_best_sentence_and_score_the_mean_of_the_best_passages() -> None:
    passages = [_passage(0, "a.md", "One. Two."), _passage(1, "b.md", "Three."),
                _passage(2, "a.md", "Four.")]  # fmt: skip
    candidates = [
        Candidate(0, 0, 4, "One"), Candidate(0, 5, 9, "Two"),
        Candidate(1, 0, 6, "Three"), Candidate(2, 0, 5, "Four"),
    ]  # fmt: skip
    scores = [0.5, 1.2, 0.6, 0.1]  # the bonus for shared words can push a score above 1
    strengths = cov.passage_strengths(3, candidates, scores)
    assert strengths == [(1.0, 1), (0.6, 2), (0.1, 3)]
    assert cov.coverage_score([1.0, 0.6, 0.1], depth=2) == pytest.approx(0.8)
    # Fewer passages than the depth count as zeros: one passage alone is not depth.
    assert cov.coverage_score([1.0], depth=4) == pytest.approx(0.25)

    item = cov.assess_topic(
        cov.Topic("t"), passages, candidates, scores, cov.Thresholds(0.5, 0.9), max_evidence=2
    )
    assert item.score == pytest.approx((1.0 + 0.6 + 0.1 + 0.0) / cov.DEPTH)
    assert [e.passage.id for e in item.evidence] == ["p0", "p1"]
    assert item.evidence[0].sentence == "Two" and item.evidence[0].span == (5, 9)
    assert [e.supports for e in item.evidence] == [True, True]
    assert item.documents == {"a.md": 1.0, "b.md": 0.6}
    assert item.contributing == ["a.md", "b.md"] and item.supporting == 2
    assert item.strengths == [1.0, 0.6, 0.1]


def test_choose_thresholds_separates_labelled_scores_with_a_margin() -> None:
    scores = [0.1, 0.2, 0.45, 0.5, 0.8, 0.9]
    labels = ["missing", "missing", "partial", "partial", "covered", "covered"]
    thresholds, correct = cov.choose_thresholds(scores, labels)
    assert correct == 6
    # The middle of each gap: as far as possible from every score.
    assert thresholds.partial == pytest.approx(0.33, abs=0.011)
    assert thresholds.covered == pytest.approx(0.65, abs=0.011)
    assert cov.leave_one_out_accuracy(scores, labels) == 1.0


def test_leave_one_out_is_below_in_sample_when_labels_overlap() -> None:
    scores = [0.1, 0.3, 0.35, 0.5, 0.55, 0.9]
    labels = ["missing", "partial", "missing", "partial", "covered", "covered"]
    _, correct = cov.choose_thresholds(scores, labels)
    assert correct == 5
    assert cov.leave_one_out_accuracy(scores, labels) < 5 / 6


def test_confusion_matrix_counts() -> None:
    matrix = cov.confusion_matrix(
        ["covered", "covered", "missing"], ["covered", "partial", "partial"]
    )
    assert matrix["covered"] == {"covered": 1, "partial": 1, "missing": 0}
    assert matrix["missing"]["partial"] == 1 and matrix["partial"]["partial"] == 0


# --------------------------------------------------------------------------- outline


def test_outline_counts_overlapping_chunk_text_once() -> None:
    document = "## A\nalpha beta gamma delta\n## B\nepsilon zeta\n"
    a_start, b_start = 0, document.index("## B")
    chunks = [
        # Two chunks of section A overlapping on "gamma".
        ({"source": "d.md", "title": "D", "section": "A", "start": 0, "end": 21},
         document[0:21]),
        ({"source": "d.md", "title": "D", "section": "A", "start": 16, "end": b_start},
         document[16:b_start]),
        ({"source": "d.md", "title": "D", "section": "A > B", "start": b_start,
          "end": len(document)}, document[b_start:]),
        ({"source": "c.md", "title": "C", "section": "", "start": a_start, "end": 5},
         "hello"),
    ]  # fmt: skip
    outline = cov.build_outline(reversed(chunks))
    assert [d.source for d in outline] == ["c.md", "d.md"]
    d = outline[1]
    assert [(s.section, s.chunks, s.words, s.level) for s in d.sections] == [
        ("A", 2, 5, 1),  # A, alpha, beta, gamma, delta
        ("A > B", 1, 3, 2),  # B, epsilon, zeta
    ]
    assert (d.chunks, d.words, outline[0].sections[0].level) == (3, 8, 0)


# --------------------------------------------------------------------------- question gaps


def test_gap_questions_latest_outcome_counts_and_weak_answers() -> None:
    records = [
        {"question": "What is FID?", "abstained": True, "top_score": 0.3},
        {"question": "what is FID", "abstained": False, "top_score": 0.6},  # answered since
        {"question": "Bread?", "abstained": True, "top_score": 0.1},
        {"question": "bread?", "abstained": True, "top_score": 0.1},
        {"question": "Weak one", "abstained": False, "top_score": 0.2},
        {"question": "Strong one", "abstained": False, "top_score": 0.7},
        {"question": 42},
        {"no": "question"},
    ]
    gaps = cov.select_gap_questions(records, weak_below=0.35)
    assert [(g.question, g.abstained, g.asked) for g in gaps] == [
        ("bread?", True, 2),
        ("Weak one", False, 1),
    ]


def _unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, dtype=float)
    return vector / np.linalg.norm(vector)


def test_cluster_vectors_average_linkage() -> None:
    vectors = np.stack(
        [_unit(1, 0.1, 0), _unit(0, 1, 0), _unit(1, 0, 0.1), _unit(0.1, 1, 0), _unit(0, 0, 1)]
    )
    assert cov.cluster_vectors(vectors, 0.9) == [[0, 2], [1, 3], [4]]
    assert cov.cluster_vectors(vectors, 1.01) == [[0], [1], [2], [3], [4]]
    assert cov.cluster_vectors(vectors, -1.0) == [[0, 1, 2, 3, 4]]
    assert cov.cluster_vectors(np.zeros((0, 3)), 0.5) == []


def test_cluster_labels_central_question_and_shared_terms() -> None:
    questions = [cov.GapQuestion(q, True, 0.1) for q in ("Baking models?", "Model baking",
                                                         "Explain baking models")]  # fmt: skip
    vectors = np.stack([_unit(1, 0.2), _unit(1, 0), _unit(1, -0.2)])
    (cluster,) = cov.build_gap_clusters(questions, vectors, 0.5)
    assert cluster.label == "Model baking"  # closest to the other two
    assert cluster.terms[:2] == ["baking", "models"]  # stems merged, 'explain' dropped
    assert cluster.asked == 3 and cluster.abstained == 3


# --------------------------------------------------------------------------- formats, plots


def _report() -> cov.CoverageReport:
    passage = _passage(0, "a.md", "<script>alert(1)</script> Diffusion | denoises.")
    candidates = [Candidate(0, 0, len(passage.text), passage.text)]
    items = [
        cov.assess_topic(cov.Topic("Diffusion <b>models</b>", "W1"), [passage], candidates,
                         [0.9], cov.Thresholds()),
        cov.assess_topic(cov.Topic("SQL"), [passage], candidates, [0.1], cov.Thresholds()),
    ]  # fmt: skip
    return cov.CoverageReport(items, ["a.md", "b.md"], cov.Thresholds(), k=8)


def test_formats_md_csv_json() -> None:
    report = _report()
    markdown = cov.render(report, "md")
    assert "| 1 | Diffusion <b>models</b> | missing |" in markdown  # 0.9 / DEPTH is low
    rows = list(csv.DictReader(io.StringIO(cov.render(report, "csv"))))
    assert [r["topic"] for r in rows] == ["Diffusion <b>models</b>", "SQL"]
    assert rows[0]["a.md"] == "0.9000" and rows[0]["b.md"] == ""
    data = json.loads(cov.render(report, "json"))
    assert data["summary"] == {"covered": 0, "partial": 0, "missing": 2}
    assert data["topics"][0]["evidence"][0]["sentence"].endswith("denoises.")


def test_html_heatmap_escapes_document_text_and_colours_cells() -> None:
    page = heatmap_html(_report())
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Diffusion &lt;b&gt;models&lt;/b&gt;" in page
    assert "http" not in page.lower().replace("http-equiv", ""), "nothing fetched from outside"
    assert strength_colour(0.56, "missing", 0.44)[0] == VERDICT_COLOURS["missing"]
    assert strength_colour(0.54, "covered", 0.44)[0] == VERDICT_COLOURS["covered"]
    assert strength_colour(0.30, "covered", 0.44)[0] == PALE_COLOURS["covered"]
    assert strength_colour(None, "covered")[0] == "#d9d9d9"
    with pytest.raises(Exception, match=r"\.png or \.html"):
        plot_kind(Path("map.jpg"))


def test_heatmap_legend_states_the_thresholds_and_cells_their_verdict_and_score() -> None:
    report = _report()
    t = report.thresholds
    page = heatmap_html(report)
    assert f"covered ≥ {t.covered:.2f}" in page and f"partial ≥ {t.partial:.2f}" in page
    assert f"missing &lt; {t.partial:.2f}" in page
    assert 'data-v="0.9000"' in page and ">0.90</td>" in page, "the score is in the cell"
    png = heatmap_png(report)
    assert png.startswith(b"\x89PNG")


def test_off_topic_sentences_are_not_evidence() -> None:
    text = "VAEs: Encoder compresses data into latent vectors; decoder reconstructs."
    passage = _passage(0, "a.md", text)
    candidates = [Candidate(0, 0, len(text), text)]
    weights = {"byte": 2.0, "pair": 2.0, "encod": 2.0, "token": 2.0}
    item = cov.assess_topic(cov.Topic("Byte-pair encoding tokenization"), [passage], candidates,
                            [0.6], cov.Thresholds(), weights=weights)  # fmt: skip
    assert item.supporting == 0 and item.contributing == []
    assert not item.evidence[0].supports and not item.evidence[0].on_topic
    about = "Byte-pair encoding merges frequent symbol pairs into tokens."
    on_topic = cov.assess_topic(
        cov.Topic("Byte-pair encoding tokenization"), [_passage(0, "a.md", about)],
        [Candidate(0, 0, len(about), about)], [0.6], cov.Thresholds(), weights=weights,
    )  # fmt: skip
    assert on_topic.supporting == 1 and on_topic.evidence[0].supports


def test_a_section_titled_after_the_topic_counts_like_a_matching_sentence() -> None:
    passage = _passage(0, "a.md", "| FID | Realism of generated images |")
    candidates = [Candidate(0, 0, len(passage.text), passage.text)]
    plain = cov.assess_topic(cov.Topic("Evaluation metrics"), [passage], candidates, [0.3],
                             cov.Thresholds())  # fmt: skip
    headed = cov.assess_topic(cov.Topic("Evaluation metrics"), [passage], candidates, [0.3],
                              cov.Thresholds(), heading_scores=[0.8])  # fmt: skip
    assert headed.strengths[0] == 0.8 > plain.strengths[0]
    assert headed.evidence[0].sentence.startswith("(section)")
    assert cov.section_heading("Doc > 11. Evaluation Metrics") == "Evaluation Metrics"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs /usr/bin/chromium")
def test_heatmap_legend_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    report = _report()
    page_file = tmp_path / "heatmap.html"
    page_file.write_text(heatmap_html(report), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            legend = page.locator("#legend")
            expect(legend).to_be_visible()
            t = report.thresholds
            for text in (f"covered ≥ {t.covered:.2f}", f"partial ≥ {t.partial:.2f}",
                         f"missing < {t.partial:.2f}", "not retrieved", "pale"):  # fmt: skip
                expect(legend).to_contain_text(text)
            cell = page.locator('td[data-v="0.9000"]')
            expect(cell).to_have_text("0.90")
            colour = cell.evaluate("c => getComputedStyle(c).backgroundColor")
            assert colour == "rgb(244, 165, 130)", "0.90 strength, but a missing topic's row"
        finally:
            browser.close()


# --------------------------------------------------------------------------- real corpus


@pytest.fixture(scope="module")
def corpus_report(corpus_assistant: Assistant) -> cov.CoverageReport:
    topics = [cov.Topic(t) for t in COVERED + PARTIAL + MISSING]
    return cov.assess_topics(corpus_assistant, topics)


def test_verdicts_on_topics_written_for_the_bundled_corpus(
    corpus_report: cov.CoverageReport,
) -> None:
    verdicts = {item.topic.text: item.verdict for item in corpus_report.topics}
    expected = (
        dict.fromkeys(COVERED, "covered")
        | dict.fromkeys(PARTIAL, "partial")
        | dict.fromkeys(MISSING, "missing")
    )
    assert verdicts == expected
    assert corpus_report.counts() == {"covered": 4, "partial": 2, "missing": 3}


def test_evidence_names_the_passages_that_cover_a_topic(
    corpus_report: cov.CoverageReport,
) -> None:
    diffusion, gans = corpus_report.topics[0], corpus_report.topics[1]
    assert "noise" in diffusion.evidence[0].sentence.lower()
    assert any("discriminator" in e.sentence.lower() for e in gans.evidence)
    for item in (diffusion, gans):
        assert item.supporting >= cov.DEPTH and len(item.contributing) >= 2
        best = item.evidence[0]
        start, end = best.span or (0, 0)
        assert best.sentence.split()[0] in best.passage.text[start:end]
    for item in corpus_report.topics[-len(MISSING) :]:
        assert item.contributing == [] and not any(e.supports for e in item.evidence)
    # A thin topic: one strong passage, then nothing close.
    for item in corpus_report.topics[len(COVERED) : len(COVERED) + len(PARTIAL)]:
        assert item.strengths[0] >= cov.COVERED_MIN and item.strengths[1] < cov.PARTIAL_MIN + 0.1


def test_heatmap_columns_are_the_corpus_documents(corpus_report: cov.CoverageReport) -> None:
    assert len(corpus_report.documents) == 4
    grid = corpus_report.matrix()
    assert grid.shape == (9, 4)
    diffusion_row = grid[0]
    assert np.nanmax(diffusion_row) == pytest.approx(corpus_report.topics[0].strengths[0])


@pytest.fixture
def data_args(corpus_assistant: Assistant) -> list[str]:
    return ["--data-dir", str(corpus_assistant.settings.data_dir)]


@pytest.fixture
def topics_file(tmp_path: Path) -> Path:
    path = tmp_path / "syllabus.md"
    path.write_text(f"# Unit 1\n- {COVERED[0]}\n- {MISSING[0]}\n", encoding="utf-8")
    return path


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_cli_json_and_png_heatmap(data_args: list[str], topics_file: Path, tmp_path: Path) -> None:
    plot = tmp_path / "out" / "heatmap.png"
    result = runner.invoke(
        app, ["coverage", str(topics_file), "--json", "--plot", str(plot), *data_args]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(t["topic"], t["group"], t["verdict"]) for t in data["topics"]] == [
        (COVERED[0], "Unit 1", "covered"),
        (MISSING[0], "Unit 1", "missing"),
    ]
    assert data["k"] == cov.DEFAULT_K and len(data["documents"]) == 4
    evidence = data["topics"][0]["evidence"][0]
    assert {"source", "section", "sentence", "strength", "text", "supports"} <= set(evidence)
    width, height = _png_size(plot.read_bytes())
    assert width > 400 and height > 100

    import matplotlib.image

    pixels = matplotlib.image.imread(str(plot))
    assert pixels.shape[0] == height and pixels.std() > 0.05, "a drawn image, not blank"


def test_cli_markdown_csv_html_and_stdin(
    data_args: list[str], topics_file: Path, tmp_path: Path
) -> None:
    plot = tmp_path / "heatmap.html"
    result = runner.invoke(app, ["coverage", str(topics_file), "--plot", str(plot), *data_args])
    assert result.exit_code == 0, result.output
    assert "| 1 | How diffusion models turn random noise into images | covered |" in result.stdout
    assert "Heatmap written to" in result.stderr
    page = plot.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and COVERED[0] in page
    assert "001_5ed49cb29b8db96d.txt" in page and "<script src" not in page

    from_stdin = runner.invoke(
        app, ["coverage", "-", "--format", "csv", *data_args], input=f"{MISSING[1]}\n"
    )
    rows = list(csv.DictReader(io.StringIO(from_stdin.stdout)))
    assert [(r["topic"], r["verdict"]) for r in rows] == [(MISSING[1], "missing")]


def test_outline_of_the_real_corpus(corpus_assistant: Assistant, data_args: list[str]) -> None:
    result = runner.invoke(app, ["coverage", "--outline", "--json", *data_args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    documents = {d["source"]: d for d in data["documents"]}
    assert len(documents) == 4
    assert data["chunks"] == corpus_assistant.store.count()
    families = documents["001_5ed49cb29b8db96d.txt"]
    assert "4. Generative Model Families" in [s["section"] for s in families["sections"]]
    # Each document's sections are those the library lists, in reading order.
    for summary in corpus_assistant.documents():
        assert [s["section"] for s in documents[summary.source]["sections"]] == summary.sections
    assert all(s["words"] > 0 for d in data["documents"] for s in d["sections"])
    # The corpus has about 4,200 words (wc); overlaps must not inflate the count.
    assert 3500 < data["words"] < 4500

    markdown = runner.invoke(app, ["coverage", "--outline", *data_args]).stdout
    assert markdown.startswith("# Corpus outline") and markdown.count("\n## ") == 4


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed entry point's code in a child process (main() prints our errors).

    Not ``python -m rag.cli``: run as ``__main__`` that module is a second copy of
    ``rag.cli``, and feature commands register on the imported one.
    """
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-c", "from rag.cli import main; main()", *args],
        capture_output=True, text=True, timeout=180, cwd=cwd, env=env,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["coverage", "missing.md"], "missing.md: topic file not found"),
        (["coverage", "empty.md"], "empty.md: the topic file is empty"),
        (["coverage", "empty.md", "--plot", "map.jpg"], "--plot must name a .png or .html"),
        (["coverage"], "exactly one"),
        (["coverage", "empty.md", "--outline"], "exactly one"),
        (["coverage", "--outline", "--format", "xml"], "--format must be one of"),
        (["coverage", "--outline", "--plot", "m.png"], "--plot needs a TOPICS_FILE"),
    ],
)
def test_user_mistakes_give_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "empty.md").write_text("\n", encoding="utf-8")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# --------------------------------------------------------------------------- question log

COURSE = {
    "photosynthesis.md": "# Photosynthesis\n\nPhotosynthesis converts light energy into "
    "chemical energy in the chloroplasts of plant cells. Chlorophyll absorbs red and blue "
    "light.\n",
    "respiration.md": "# Cellular respiration\n\nCellular respiration releases the energy "
    "stored in glucose inside the mitochondria, producing ATP.\n",
}
ANSWERED = "Where in plant cells does photosynthesis happen?"
GAPS = {
    "bread": ["How do I bake sourdough bread?", "What flour is best for sourdough bread?"],
    "football": ["Who won the 2022 football World Cup?", "Which team won the World Cup in 2018?"],
}


def small_course_assistant(tmp_path: Path, embedder: Embedder, *, query_log: bool) -> Assistant:
    course = tmp_path / "course"
    course.mkdir()
    for name, text in COURSE.items():
        (course / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path / "data", corpus_dir=course, query_log=query_log)
    assistant = Assistant(settings, embedder=embedder)
    assert assistant.ingest([course]).ok
    return assistant


@pytest.fixture
def logged_assistant(tmp_path: Path, embedder: Embedder) -> Assistant:
    return small_course_assistant(tmp_path, embedder, query_log=True)


def test_asked_questions_are_logged_and_gaps_clustered(logged_assistant: Assistant) -> None:
    assert not logged_assistant.ask(ANSWERED).abstained
    for question in [*GAPS["bread"], *GAPS["football"], GAPS["bread"][0]]:
        assert logged_assistant.ask(question).abstained, question

    records = [json.loads(x) for x in query_log_path(logged_assistant.settings).read_text()
               .splitlines()]  # fmt: skip
    assert len(records) == 6 and [r["abstained"] for r in records].count(False) == 1

    args = ["--data-dir", str(logged_assistant.settings.data_dir)]
    result = runner.invoke(app, ["coverage", "--questions", "--json", *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["logged"] == 6 and data["distinct"] == 5
    clusters = [sorted(q["question"] for q in c["questions"]) for c in data["clusters"]]
    assert clusters == [sorted(GAPS["bread"]), sorted(GAPS["football"])]
    bread = data["clusters"][0]
    assert bread["asked"] == 3, "the bread cluster was asked most: it comes first"
    assert "sourdough" in bread["terms"] and bread["label"] in GAPS["bread"]
    assert all(q["question"] != ANSWERED for c in data["clusters"] for q in c["questions"])

    markdown = runner.invoke(app, ["coverage", "--questions", *args]).stdout
    assert "# Question gaps" in markdown and "How do I bake sourdough bread? (abstained" in markdown


def test_question_log_opt_out(tmp_path: Path, embedder: Embedder) -> None:
    quiet = small_course_assistant(tmp_path, embedder, query_log=False)
    assert quiet.ask(GAPS["bread"][0]).abstained
    assert not query_log_path(quiet.settings).exists()
    gaps = cov.find_question_gaps(quiet)
    assert gaps.clusters == [] and gaps.logged == 0 and not gaps.log_enabled
    assert "Question logging is off" in cov.render(gaps, "md")


# --------------------------------------------------------------------------- Coverage page


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
    assert list(table["Verdict"]) == ["🟢 covered", "🔴 missing"]
    assert len(at.get("image")) == 1
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("🟢 1\\. How diffusion models")
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in labels[1], "topic text is escaped"
    evidence = at.expander[0]
    assert any("strength 0\\." in c.value for c in evidence.caption)
    assert any("<mark>" in h.value for h in evidence.get("html")), "best sentence, rendered"
    assert "closest ones" in at.expander[1].caption[0].value
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
