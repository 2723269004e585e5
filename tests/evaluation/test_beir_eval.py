"""``rag eval retrieval``: the BEIR harness, end to end through the real CLI.

The pure parts (document ranking from chunks, collection names, run files, stage
choice) are tested with values worked out by hand. The command itself runs against
the real embedding model and a real Chroma in a temporary data directory, on the
hand-made ``fixtures/beir-mini`` dataset (30 documents on six topics, six judged
test queries, each with an obvious answer), so the scores it must reach are known.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ranx import Qrels, Run, evaluate
from typer.testing import CliRunner

from rag.assistant import Assistant
from rag.cli import app
from rag.errors import ConfigError
from rag.evaluation.beir import BeirDoc, load_beir
from rag.evaluation.beir_run import (
    collection_name,
    deep_candidates,
    document_fields,
    document_ranking,
    latency_summary,
    read_trec_run,
    stage_reranker,
    stage_retriever,
    stages_for,
    write_trec_run,
)
from rag.evaluation.metrics import evaluate_run
from rag.retrieval.embeddings import Embedder
from rag.retrieval.fusion import reciprocal_rank_fusion
from rag.retrieval.rerank import SentenceReranker
from rag.retrieval.retriever import convex_fusion
from rag.settings import Settings
from tests.conftest import REPO, make_settings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "beir-mini"
METRICS = ("ndcg@10", "recall@10", "recall@100", "mrr@10")
runner = CliRunner()


# --------------------------------------------------------------------------- #
# Pure helpers
# --------------------------------------------------------------------------- #


def test_a_document_ranks_at_its_best_chunk_and_appears_once() -> None:
    head = ["d2", "d2", "d1"]  # two chunks of d2 in the passages shown
    deep = ["d2", "d3", "d1", "d4", None, "d5"]  # None: a chunk with no known document
    assert document_ranking(head, deep, query_id="q", depth=4) == ["d2", "d1", "d3", "d4"]


def test_the_query_itself_is_left_out_as_beir_does() -> None:
    assert document_ranking(["q7", "d1"], ["d2"], query_id="q7") == ["d1", "d2"]
    assert document_ranking(["q7", "d1"], [], "q7", ignore_identical_ids=False) == ["q7", "d1"]


def test_collection_names_are_legal_chroma_names_of_their_own() -> None:
    assert collection_name(Path("/data/scifact")) == "beir-scifact"
    assert collection_name(Path("/data/beir-mini")) == "beir-mini"
    assert collection_name(Path("/x/CQADupStack (android)")) == "beir-CQADupStack-android"
    long = collection_name(Path("/x/" + "a" * 100))
    assert len(long) == 63
    for name in ("beir-scifact", long, collection_name(Path("/x/..."))):
        assert Settings(collection=name).collection == name  # legal: pattern and length


def test_title_only_and_empty_records() -> None:
    assert document_fields(BeirDoc("1", "Title", "Body")) == ("Title", "Body")
    assert document_fields(BeirDoc("2", "Only a title", "  ")) == ("", "Only a title")
    assert document_fields(BeirDoc("3", "", "")) is None


def test_deep_candidates_leave_room_for_documents_of_several_chunks() -> None:
    assert deep_candidates(chunks=10_000, docs=5_000) == 400  # 2 chunks per doc, twice
    assert deep_candidates(chunks=30, docs=30) == 200
    assert deep_candidates(chunks=5, docs=0) == 200


def test_latency_summary_in_milliseconds() -> None:
    summary = latency_summary([0.010, 0.020, 0.030])
    assert summary == {"p50": 20.0, "p95": 29.0, "mean": 20.0}
    assert latency_summary([]) == {"p50": 0.0, "p95": 0.0, "mean": 0.0}


def test_trec_run_round_trip(tmp_path: Path) -> None:
    run = {"q1": ["d3", "d1"], "q2": ["d9"]}
    path = tmp_path / "run.trec"
    write_trec_run(run, path, "test")
    assert path.read_text().splitlines()[0] == "q1 Q0 d3 1 1.000000 test"
    assert read_trec_run(path) == run


def test_stage_choice() -> None:
    assert stages_for("product", None) == ["fused"]
    assert stages_for("product", "/models/ce") == ["fused+rerank"]
    assert stages_for("all", None) == ["dense", "bm25", "fused-rrf", "fused", "fused+rerank"]
    assert stages_for("fused+rerank", None) == ["fused+rerank"]
    with pytest.raises(ConfigError, match="choose one of"):
        stages_for("sparse", None)


def test_rerank_stage_uses_the_configured_reranker_else_the_built_in_one() -> None:
    assert stage_reranker("fused", "/models/ce") is None
    assert stage_reranker("fused+rerank", "/models/ce") == "/models/ce"
    assert stage_reranker("fused+rerank", None) == "sentences"


def test_convex_fusion_keeps_a_confident_lead_that_rank_fusion_loses() -> None:
    # Dense is sure of "a" (far ahead); BM25 barely prefers "b" over "a".
    dense = [("a", 0.90), ("b", 0.40), ("c", 0.39)]
    bm25 = [("b", 10.0), ("a", 9.8), ("c", 1.0)]
    fused = convex_fusion([dense, bm25], [1.0, 1.0])
    # a: 1.0 + 8.8/9 ; b: 0.01/0.51 + 1.0 ; c: 0 + 0
    assert [item for item, _ in fused] == ["a", "b", "c"]
    assert fused[0][1] == pytest.approx(1.0 + 8.8 / 9.0)
    rrf = [item for item, _ in reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "c"]])]
    assert rrf[:2] == ["a", "b"]  # a tie broken by first appearance, not by the margin


def test_convex_fusion_of_one_ranking_keeps_its_order_and_absent_ids_score_zero() -> None:
    assert [i for i, _ in convex_fusion([[("x", 3.0), ("y", 2.0)]], [1.0])] == ["x", "y"]
    fused = dict(convex_fusion([[("x", 0.9), ("y", 0.1)], [("z", 5.0)]], [1.0, 2.0]))
    assert fused == {"x": 1.0, "y": 0.0, "z": 2.0}
    assert convex_fusion([[], []], [1.0, 1.0]) == []
    with pytest.raises(ValueError, match="one weight per ranking"):
        convex_fusion([[("x", 1.0)]], [1.0, 1.0])


def test_a_complete_keyword_list_keeps_its_weakest_match_above_a_non_match() -> None:
    """Three chunks name "LoRA"; min-max scored the third like a chunk without it."""
    dense = [("noise", 0.20), ("lora3", 0.10), ("lora1", 0.05)]
    keyword = [("lora1", 1.65), ("lora2", 1.52), ("lora3", 1.47)]
    min_max = dict(convex_fusion([dense, keyword], [1.0, 1.0]))
    assert min_max["lora3"] < min_max["noise"]
    floored = dict(convex_fusion([dense, keyword], [1.0, 1.0], [None, 0.0]))
    assert floored["lora3"] > floored["noise"]
    assert floored["lora2"] == pytest.approx(1.52 / 1.65)
    with pytest.raises(ValueError, match="one floor per ranking"):
        convex_fusion([dense, keyword], [1.0, 1.0], [None])


def test_each_stage_gets_the_retriever_it_names(tmp_path: Path) -> None:
    # No model is loaded: the retrievers are only configured, never asked.
    assistant = Assistant(make_settings(tmp_path), embedder=Embedder("unused"))
    assert stage_retriever(assistant, "fused") is assistant.retriever  # what the product runs
    rrf = stage_retriever(assistant, "fused-rrf")
    assert rrf.fusion == "rrf" and rrf.store is assistant.store
    assert stage_retriever(assistant, "dense").reranker is None
    reranked = stage_retriever(assistant, "fused+rerank")
    assert isinstance(reranked.reranker, SentenceReranker) and reranked.fusion == "convex"


# --------------------------------------------------------------------------- #
# The command, with the real model and Chroma
# --------------------------------------------------------------------------- #


def _run_cli(*args: str) -> Any:
    result = runner.invoke(app, ["eval", "retrieval", *args])
    return result


def _json(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding a course collection and, after the first run, beir-mini."""
    return tmp_path_factory.mktemp("beir-data")


@pytest.fixture(scope="module")
def course_before(shared_dir: Path, embedder: Embedder) -> dict[str, str]:
    """The course collection of ``shared_dir``: chunk id -> text, before any BEIR run."""
    notes = shared_dir.parent / "notes"
    notes.mkdir(exist_ok=True)
    (notes / "attention.md").write_text(
        "# Attention\n\nSelf-attention lets every token weigh every other token of the "
        "sequence when building its representation.\n",
        encoding="utf-8",
    )
    assistant = Assistant(make_settings(shared_dir), embedder=embedder)
    assert assistant.ingest([notes]).ok
    return {c.id: c.text for c in assistant.store.iter_chunks()}


@pytest.fixture(scope="module")
def first_run(
    shared_dir: Path, course_before: dict[str, str], embedder: Embedder
) -> tuple[dict[str, Any], Path]:
    run_file = shared_dir.parent / "mini.run"
    result = _run_cli(
        "--beir", str(FIXTURE), "--split", "test", "--json",
        "--data-dir", str(shared_dir), "--run-file", str(run_file),
    )  # fmt: skip
    return _json(result), run_file


def test_scores_the_fixture_well_and_counts_docs_and_queries(
    first_run: tuple[dict[str, Any], Path],
) -> None:
    report, _ = first_run
    assert report["docs"] == 30
    assert report["queries"] == 6  # queries judged in qrels/test.tsv, not all 8
    assert report["chunks"] >= 30
    assert report["stage"] == "fused"
    assert report["index"]["reused"] is False
    assert report["index"]["collection"] == "beir-mini"
    # Every query has an unambiguous answer among 30 short documents on six topics.
    assert report["metrics"]["ndcg@10"] > 0.85
    assert report["metrics"]["recall@100"] == 1.0
    assert report["latency_ms"]["p95"] >= report["latency_ms"]["p50"] > 0


def test_reported_metrics_are_those_of_the_saved_run(
    first_run: tuple[dict[str, Any], Path],
) -> None:
    report, run_file = first_run
    run = read_trec_run(run_file)
    qrels = load_beir(FIXTURE, "test").qrels
    ours = evaluate_run(run, qrels)
    reference = evaluate(
        Qrels({q: dict(d) for q, d in qrels.items()}),
        Run({q: {d: 1.0 / r for r, d in enumerate(docs, 1)} for q, docs in run.items()}),
        list(METRICS),
    )
    for name in METRICS:
        assert report["metrics"][name] == pytest.approx(ours[name], abs=1e-4)
        assert ours[name] == pytest.approx(reference[name], abs=1e-6)


def test_course_collection_is_untouched(
    first_run: tuple[dict[str, Any], Path],
    shared_dir: Path,
    course_before: dict[str, str],
    embedder: Embedder,
) -> None:
    course = Assistant(make_settings(shared_dir), embedder=embedder)
    assert {c.id: c.text for c in course.store.iter_chunks()} == course_before
    passages = course.retrieve("How do plants turn sunlight into chemical energy?", 5).passages
    assert {p.source for p in passages} == {"attention.md"}  # no BEIR document leaked in


def test_second_run_reuses_the_index(
    first_run: tuple[dict[str, Any], Path], shared_dir: Path
) -> None:
    report, _ = first_run
    again = _json(_run_cli("--beir", str(FIXTURE), "--json", "--data-dir", str(shared_dir)))
    assert again["index"]["reused"] is True
    assert again["chunks"] == report["chunks"]
    assert again["metrics"] == report["metrics"]


def test_ablation_runs_each_stage_including_the_built_in_rerank(
    first_run: tuple[dict[str, Any], Path], shared_dir: Path
) -> None:
    report = _json(
        _run_cli("--beir", str(FIXTURE), "--stage", "all", "--json", "--data-dir", str(shared_dir))
    )
    stages = [s["stage"] for s in report["stages"]]
    assert stages == ["dense", "bm25", "fused-rrf", "fused", "fused+rerank"]
    assert report["stages"][-1]["reranker"] == "sentences"
    for stage in report["stages"]:
        assert stage["metrics"]["recall@100"] == 1.0
    text = _run_cli("--beir", str(FIXTURE), "--stage", "all", "--data-dir", str(shared_dir))
    assert text.exit_code == 0
    assert "BM25 only" in text.stdout and "nDCG@10" in text.stdout
    assert "rerank: sentences" in text.stdout


def test_a_changed_corpus_is_indexed_again(tmp_path: Path, embedder: Embedder) -> None:
    """Also a dataset in another common shape: numeric ids, no titles, an empty record."""
    data = tmp_path / "own-set"
    shutil.copytree(FIXTURE, data)
    records = [json.loads(line) for line in (data / "corpus.jsonl").read_text().splitlines()]
    for number, record in enumerate(records, start=1):
        record["_id"] = number  # integer ids, as some exporters write them
        record.pop("title")
        record.pop("metadata", None)
    records.append({"_id": 999, "text": ""})
    (data / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    qrels = (FIXTURE / "qrels" / "test.tsv").read_text().splitlines()[1:]  # no header line
    renumbered = [
        "\t".join([q, str(int(d.removeprefix("doc"))), s])
        for q, d, s in (line.split("\t") for line in qrels)
    ]
    (data / "qrels" / "test.tsv").write_text("\n".join(renumbered) + "\n")
    data_dir = tmp_path / "data"

    first = _json(_run_cli("--beir", str(data), "--json", "--data-dir", str(data_dir)))
    assert first["docs"] == 30 and first["index"]["empty_docs"] == 1
    assert first["metrics"]["ndcg@10"] > 0.85

    records[0]["text"] = "Changed: " + records[0]["text"]
    (data / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    second = _json(_run_cli("--beir", str(data), "--json", "--data-dir", str(data_dir)))
    assert second["index"]["reused"] is False

    forced = _json(
        _run_cli("--beir", str(data), "--json", "--rebuild", "--data-dir", str(data_dir))
    )
    assert forced["index"]["reused"] is False


def test_course_question_set_scores_retrieval_per_stage(
    corpus_assistant: Assistant, tmp_path: Path
) -> None:
    lines = (REPO / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    answerable = [line for line in lines if json.loads(line).get("answerable", True)][:8]
    unanswerable = [line for line in lines if not json.loads(line).get("answerable", True)][:2]
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(answerable + unanswerable) + "\n", encoding="utf-8")
    report = _json(
        _run_cli(
            "--questions", str(questions), "--stage", "all", "--json",
            "--data-dir", str(corpus_assistant.settings.data_dir),
        )
    )  # fmt: skip
    assert report["questions"] == 8  # unanswerable questions have no right passage
    stages = {s["stage"]: s for s in report["stages"]}
    assert list(stages) == ["dense", "bm25", "fused-rrf", "fused", "fused+rerank"]
    for stage in ("fused", "fused+rerank"):
        metrics = stages[stage]["metrics"]
        assert metrics["hit@10"] >= metrics["hit@5"] >= metrics["hit@1"]
        assert metrics["hit@5"] >= 0.5  # the course set's retrieval is not broken


# --------------------------------------------------------------------------- #
# Mistakes a user can make
# --------------------------------------------------------------------------- #


def test_a_broken_dataset_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURE, broken)
    with (broken / "corpus.jsonl").open("a") as handle:
        handle.write('{"_id": "doc99", "title": "no text field"}\n')
    result = _run_cli("--beir", str(broken), "--data-dir", str(tmp_path / "data"))
    assert result.exit_code == 1
    assert isinstance(result.exception, ConfigError)  # main() prints these as one line
    assert 'corpus.jsonl, line 31: missing required field "text"' in str(result.exception)


def test_the_user_sees_one_line_and_no_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURE, broken)
    (broken / "qrels" / "test.tsv").unlink()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RAG_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", "from rag.cli import main; main()",
         "eval", "retrieval", "--beir", str(broken)],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "split 'test' not found" in lines[0] and "'dev'" in lines[0]


def test_neither_or_both_inputs_is_a_usage_error() -> None:
    assert _run_cli().exit_code == 2
    both = _run_cli("--beir", str(FIXTURE), "--questions", "eval/questions.jsonl")
    assert both.exit_code == 2
