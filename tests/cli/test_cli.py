"""The `rag` CLI: each input mode, JSON output, and one-line errors for user mistakes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rag.assistant import Assistant
from rag.cli import app

# The shared corpus index is read-only for tests: questions asked here must not land in
# its question log, which the coverage tests read.
runner = CliRunner(env={"RAG_QUERY_LOG": "false"})


@pytest.fixture
def data_args(corpus_assistant: Assistant) -> list[str]:
    return ["--data-dir", str(corpus_assistant.settings.data_dir)]


def test_ask_json(data_args: list[str]) -> None:
    result = runner.invoke(
        app, ["ask", "Which metric measures the realism of generated images?", "--json", *data_args]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["abstained"] is False and data["citations"]
    assert {"n", "id", "source", "title", "section", "text", "score"} <= set(data["citations"][0])


def test_ask_human_output_lists_sources(data_args: list[str]) -> None:
    result = runner.invoke(
        app, ["ask", "Which metric measures the realism of generated images?", *data_args]
    )
    assert result.exit_code == 0
    assert "Sources:" in result.stdout and "[1]" in result.stdout
    # A score beside a right source read as low confidence; `rag retrieve` keeps it.
    assert "(score" not in result.stdout


def test_a_refusal_quotes_the_nearest_line_of_each_closest_passage(
    data_args: list[str],
) -> None:
    """A long question in a student's own words may be refused while a line answers it
    (fifth blind batch): the refusal shows the nearest line of each closest passage."""
    refused = json.loads(
        runner.invoke(app, ["ask", "How do I bake bread?", "--json", *data_args]).stdout
    )
    assert refused["abstained"]
    closest = {p["id"] for p in refused["closest"]}
    nearest = [e["text"] for e in refused["evidence"] if e["id"] in closest]
    assert nearest, "the selected units come from the closest passages"
    shown = runner.invoke(app, ["ask", "How do I bake bread?", *data_args]).stdout
    assert f"    “{nearest[0]}”" in shown
    assert f"Why: {refused['reason']}." in shown
    # Nothing was quoted as an answer, so no footer says so.
    assert "Quoted word for word" not in shown and "No language model" not in shown


def test_retrieve_json_shape(data_args: list[str]) -> None:
    result = runner.invoke(app, ["retrieve", "diffusion models", "--k", "3", "--json", *data_args])
    data = json.loads(result.stdout)
    assert data["question"] == "diffusion models" and len(data["passages"]) == 3
    assert set(data["passages"][0]) == {
        "id", "source", "title", "section", "page", "start", "end", "text", "score",
    }  # fmt: skip


def test_batch_questions_from_file_and_stdin(data_args: list[str], tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text(
        "Which metric measures the realism of generated images?\n\nHow do I bake bread?\n",
        encoding="utf-8",
    )
    from_file = runner.invoke(app, ["ask", "--questions", str(questions), *data_args])
    lines = [json.loads(line) for line in from_file.stdout.splitlines()]
    assert [line["abstained"] for line in lines] == [False, True]

    from_stdin = runner.invoke(
        app, ["retrieve", "--questions", "-", *data_args], input="GANs\nVAEs\n"
    )
    assert [json.loads(x)["question"] for x in from_stdin.stdout.splitlines()] == ["GANs", "VAEs"]


def test_ingest_json_summary_and_exit_status(tmp_path: Path, embedder) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "a.md").write_text("## GANs\n\nTwo networks compete.\n", encoding="utf-8")
    (course / "b.md").write_bytes(b"\x00\x01binary")
    result = runner.invoke(
        app, ["ingest", str(course), "--json", "--data-dir", str(tmp_path / "d")]
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["added"] == 1 and report["files_seen"] == 2
    assert report["errors"] == [
        {"path": str(course / "b.md"), "error": report["errors"][0]["error"]}
    ]
    assert set(report) >= {
        "files_seen", "added", "updated", "unchanged", "removed",
        "chunks_added", "chunks_removed", "errors",
    }  # fmt: skip


def test_a_query_process_ends_with_its_output_and_question_log_written(
    tmp_path: Path, embedder
) -> None:
    """`retrieve`, `ask` and `status` skip Python's teardown (0.5 s of a cold start):
    what they print through a pipe and the question they log must still all be there."""
    from rag.answer.querylog import read_questions
    from rag.settings import Settings

    course = tmp_path / "course"
    course.mkdir()
    (course / "gans.md").write_text(
        "## GANs\n\nA GAN trains a generator against a discriminator.\n", encoding="utf-8"
    )
    data_dir = tmp_path / "data"
    assert runner.invoke(app, ["ingest", str(course), "--data-dir", str(data_dir)]).exit_code == 0
    questions = "\n".join(f"What does a GAN train against, case {i}?" for i in range(40))
    done = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ask", "--questions", "-", "--json",
         "--data-dir", str(data_dir)],
        input=questions, capture_output=True, text=True, timeout=180, cwd=tmp_path,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "RAG_QUERY_LOG": "true"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == 40 and "discriminator" in answers[-1]["answer"]
    logged = list(read_questions(Settings(data_dir=data_dir)))
    assert [entry["question"] for entry in logged][-1] == "What does a GAN train against, case 39?"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "rag.cli", *args],
        capture_output=True, text=True, timeout=180, cwd=cwd, env=env,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "anything"], "nothing is indexed"),
        (["ask", "x", "--questions", "nope.txt"], "not both"),
        (["ask", "--questions", "nope.txt"], "questions file not found: nope.txt"),
        (["retrieve", "x", "--mode", "fuzzy"], "--mode must be one of"),
    ],
)
def test_user_mistakes_give_one_line_not_a_traceback(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = run_cli(*args, "--data-dir", str(tmp_path / "empty"), cwd=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_setting_names_the_field(tmp_path: Path) -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RAG_CHUNK_SIZE": "lots"}
    result = subprocess.run(
        [sys.executable, "-m", "rag.cli", "status"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert result.returncode == 1
    assert "RAG_CHUNK_SIZE='lots'" in result.stderr and "Traceback" not in result.stderr
