"""``rag coverage`` on the real bundled corpus index: every format, plots, stdin, the outline,
and one clear line for each user mistake.
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

import pytest
from typer.testing import CliRunner

from rag.assistant import Assistant
from rag.cli import app
from rag.study import coverage as cov
from tests.study.coverage.samples import COVERED, MISSING

runner = CliRunner()


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
