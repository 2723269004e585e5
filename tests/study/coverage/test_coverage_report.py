"""Coverage results as Markdown, CSV and JSON (:mod:`rag.study.coverage.report`)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from rag.study import coverage as cov
from rag.text.passages import Candidate
from tests.study.coverage.samples import make_passage, sample_report


def test_formats_md_csv_json() -> None:
    report = sample_report()
    markdown = cov.render(report, "md")
    assert "| 1 | Diffusion <b>models</b> | missing |" in markdown  # 0.9 / DEPTH is low
    rows = list(csv.DictReader(io.StringIO(cov.render(report, "csv"))))
    assert [r["topic"] for r in rows] == ["Diffusion <b>models</b>", "SQL"]
    assert rows[0]["a.md"] == "0.9000" and rows[0]["b.md"] == ""
    data = json.loads(cov.render(report, "json"))
    assert data["summary"] == {"covered": 0, "partial": 0, "missing": 2}
    assert data["topics"][0]["evidence"][0]["sentence"].endswith("denoises.")


def test_documents_are_named_by_title_and_file_name_only_when_titles_repeat() -> None:
    report = sample_report()
    report.titles = {"a.md": "Diffusion Models", "b.md": "Diffusion Models", "c.md": "GANs"}
    assert report.label("c.md") == "GANs"
    assert report.label("a.md") == "Diffusion Models (a.md)", "two documents share the title"
    assert report.label("d.md") == "d.md", "no title known: the file name"
    # A topic judged at least partial: a missing one has no contributing documents.
    passage = make_passage(0, "a.md", "- Diffusion | denoises.")
    low = cov.Thresholds(0.2, 0.9)
    item = cov.assess_topic(cov.Topic("Diffusion models"), [passage],
                            [Candidate(0, 0, len(passage.text), passage.text)], [0.9], low)  # fmt: skip
    report = cov.CoverageReport([item], ["a.md", "b.md"], low, k=8)
    report.titles = {"a.md": "Diffusion Models"}
    assert "| Diffusion Models |" in cov.render(report, "md")  # contributing documents
    assert json.loads(cov.render(report, "json"))["document_titles"] == {
        "a.md": "Diffusion Models",
        "b.md": "b.md",
    }


def test_a_strong_passage_about_something_else_is_not_called_below_the_threshold() -> None:
    """The report said "no passage reaches the partial threshold" beside a 0.76."""
    thresholds = cov.Thresholds()
    passage = make_passage(0, "a.md", "AI art tools such as Midjourney make pictures.")
    candidates = [Candidate(0, 0, len(passage.text), passage.text)]
    off_topic = cov.assess_topic(
        cov.Topic("Copyright law of AI-generated art"), [passage], candidates, [0.76],
        thresholds, weights={"copyright": 3.0, "law": 2.0, "art": 0.5},
    )  # fmt: skip
    assert not off_topic.evidence[0].on_topic and off_topic.supporting == 0
    line = cov.no_support_line(off_topic, thresholds)
    assert "reaches the partial threshold" not in line and "not its distinctive words" in line
    markdown = cov.render(cov.CoverageReport([off_topic], ["a.md"], thresholds, k=8), "md")
    assert "(0.76, off topic)" in markdown

    weak = cov.assess_topic(cov.Topic("SQL"), [passage], candidates, [0.1], thresholds)
    assert cov.no_support_line(weak, thresholds).startswith("No passage reaches")
    # The same words in the app and in Markdown, beside each passage that is no support.
    assert cov.evidence_note(off_topic.evidence[0]) == "off topic"
    assert cov.evidence_note(weak.evidence[0]) == "below the partial threshold"
    # On topic and above the threshold, a passage of a topic missing as a whole is not
    # support: "strength 0.39 · below the partial threshold" under "partial ≥ 0.35" read
    # as a contradiction ("Quantum computing", a newcomer's coverage run).
    near = dataclasses.replace(weak.evidence[0], strength=0.39, on_topic=True, supports=False)
    assert cov.evidence_note(near, thresholds) == (
        "not counted: the topic as a whole is below the partial threshold"
    )
    assert cov.evidence_note(weak.evidence[0], thresholds) == "below the partial threshold"


def test_every_supporting_passage_the_table_counts_is_in_the_evidence() -> None:
    """Three stronger off-topic passages pushed the one support out of the evidence list."""
    texts = ["Ethics in AI involve ownership.", "Art tools make pictures.",
             "Artists use AI tools.", "Copyright infringement from training data."]  # fmt: skip
    passages = [make_passage(n, f"{n}.md", text) for n, text in enumerate(texts)]
    candidates = [Candidate(n, 0, len(p.text), p.text) for n, p in enumerate(passages)]
    item = cov.assess_topic(
        cov.Topic("Copyright law of AI art"), passages, candidates, [0.76, 0.7, 0.6, 0.5],
        cov.Thresholds(), weights={"copyright": 3.0, "law": 2.0, "art": 0.5},
    )  # fmt: skip
    assert item.supporting == 1
    assert item.evidence[0].supports and item.evidence[0].passage.source == "3.md"
    assert [e.strength for e in item.evidence[1:]] == [0.76, 0.7], "then the strongest"


def test_a_shown_score_never_reaches_a_threshold_its_verdict_did_not() -> None:
    # "partial (0.74)" beside "Covered ≥ 0.74" for a topic at 0.7351 (a helper in the app).
    thresholds = cov.Thresholds(0.48, 0.74)
    assert thresholds.verdict(0.7351) == "partial" and cov.shown_score(0.7351) == "0.73"
    assert cov.shown_score(0.74) == "0.74" and thresholds.verdict(0.74) == "covered"
    report = sample_report()
    report.topics[0].score, report.topics[0].verdict = 0.7351, "partial"
    assert "| partial | 0.73 |" in cov.render(report, "md")
