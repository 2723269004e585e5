"""Question gaps (:mod:`rag.study.coverage.gaps`): selection and clustering by hand, then
questions really asked through the assistant, logged and clustered.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from rag.answer.querylog import query_log_path
from rag.assistant import Assistant
from rag.cli import app
from rag.retrieval.embeddings import Embedder
from rag.study import coverage as cov
from tests.conftest import make_settings

runner = CliRunner()


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
    assert all(isinstance(r["evidence"], float) for r in records), "the decision's score"

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


def test_an_answer_is_weak_by_the_evidence_it_was_decided_on() -> None:
    """A comparison answered from a table row matches the question weakly as a whole
    passage (0.26) and well as evidence (0.43): it is no gap. Older logs have no
    evidence score and keep the passage rule."""
    records = [
        {"question": "BLEU vs FID?", "abstained": False, "top_score": 0.26, "evidence": 0.43},
        {"question": "Tesla earnings?", "abstained": False, "top_score": 0.5, "evidence": 0.3},
        {"question": "Logged before", "abstained": False, "top_score": 0.2},
        {"question": "Odd record", "abstained": False, "top_score": 0.9, "evidence": "high"},
    ]
    gaps = cov.select_gap_questions(records)
    assert [(g.question, g.outcome) for g in gaps] == [
        ("Tesla earnings?", "weak, evidence 0.30"),
        ("Logged before", "weak, 0.20"),
    ]
    assert gaps[0].to_dict()["evidence"] == 0.3
