"""The embedding runtimes: which one serves, that they agree, and what they import.

No GPU exists on this machine or in CI, so the CUDA branch is reached by making
``torch.cuda.is_available`` answer True (a stand-in for the hardware, nothing else is
faked); no model is loaded on CUDA, so nothing actually runs there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from rag.assistant import Assistant
from rag.errors import ConfigError, IndexIncompatibleError, ModelLoadError
from rag.retrieval import onnx_export
from rag.retrieval.embeddings import (
    Embedder,
    choose_backend,
    default_device,
    get_embedder,
    pool,
    same_vectors,
)
from rag.retrieval.model_files import resolve_model_path
from rag.retrieval.store import IndexFingerprint, check_fingerprint
from tests.conftest import CORPUS, REPO, make_settings

MODEL = "all-MiniLM-L6-v2"


def corpus_texts() -> list[str]:
    """Pieces of the bundled course files, of the lengths chunks have, plus odd inputs."""
    texts = []
    for path in sorted(CORPUS.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [text[i : i + 900] for i in range(0, len(text), 900)]
    return [*texts, "What does FID measure?", "GAN", "x" * 3000, "héllo wörld — ∑", ""]


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    """The same model on torch, to hold the ONNX export against."""
    return Embedder(MODEL, backend="torch")


def test_cpu_machine_embeds_with_openvino_on_cpu_in_batches_of_32() -> None:
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    embedder = Embedder(MODEL)
    assert (embedder.backend, embedder.device, embedder.batch_size) == ("openvino", "cpu", 32)
    assert default_device() == "cpu"


def test_without_openvino_installed_the_cpu_default_is_onnx(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("rag.retrieval.embeddings.openvino_installed", lambda: False)
    assert choose_backend(None, "cpu") == "onnx"
    assert choose_backend(None, "cuda") == "torch"


def test_a_gpu_when_present_gets_torch_and_larger_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)  # see module docstring
    embedder = Embedder(MODEL, backend="torch")
    assert (embedder.device, embedder.batch_size) == ("cuda", 256)
    on_gpu = Embedder(MODEL, device="cuda:1")
    assert (on_gpu.backend, on_gpu.batch_size) == ("torch", 256)


def test_backend_choice() -> None:
    assert choose_backend("torch", None) == "torch"
    assert choose_backend("onnx", "cpu") == "onnx"
    assert choose_backend("openvino", None) == "openvino"
    assert choose_backend(None, "cpu") == "openvino"
    assert choose_backend(None, "cuda") == "torch"
    assert choose_backend(None, None, on_disk=False) == "torch"  # a hub name: no export
    assert Embedder("sentence-transformers/some-cached-model").backend == "torch"
    with pytest.raises(ConfigError, match="RAG_EMBEDDING_BACKEND=torch"):
        Embedder(MODEL, device="cuda", backend="onnx")
    with pytest.raises(ConfigError, match="one of torch, onnx, openvino"):
        choose_backend("tensorrt", None)


def test_settings_choose_device_batch_size_and_backend(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, embedding_device="cpu", embedding_batch_size=8)
    embedder = Assistant(settings).embedder
    assert (embedder.backend, embedder.device, embedder.batch_size) == ("openvino", "cpu", 8)
    settings = make_settings(tmp_path, embedding_backend="torch", embedding_device="cpu")
    assert Assistant(settings).embedder.backend == "torch"


@pytest.mark.parametrize("backend", ["onnx", "openvino"])
def test_cpu_runtime_vectors_match_torch_vectors(
    backend: str, embedder: Embedder, torch_embedder: Embedder
) -> None:
    """The measurement behind treating the backends as one vector family."""
    runtime = embedder if embedder.backend == backend else get_embedder(MODEL, backend=backend)
    texts = corpus_texts()
    vectors = runtime.encode(texts)
    torch_vectors = torch_embedder.encode(texts)
    assert vectors.shape == torch_vectors.shape == (len(texts), 384)
    assert vectors.dtype == np.float32
    # What is embedded while answering is fp32 on every runtime: torch's vectors.
    assert (vectors * torch_vectors).sum(axis=1).min() >= 0.99999
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Documents may go through a faster precision (OpenVINO: bf16 where the CPU has it).
    documents = runtime.encode(texts, documents=True)
    assert (documents * torch_vectors).sum(axis=1).min() >= 0.9999
    # The order of the input does not change a text's vector (batches are sorted by
    # length); bf16 arithmetic moves it in the fourth decimal with its batch's padding.
    shuffled = runtime.encode(texts[::-1], documents=True)[::-1]
    assert (shuffled * documents).sum(axis=1).min() >= 0.99999
    assert runtime.encode([]).shape == (0, 384)


def test_pooling_leaves_padding_out_and_normalises() -> None:
    tokens = np.array([[[1.0, 1.0], [3.0, 1.0], [100.0, -100.0]]], dtype=np.float32)
    padded = pool(tokens, np.array([[1, 1, 0]]), "MEAN")
    alone = pool(tokens[:, :2], np.array([[1, 1]]), "MEAN")
    assert np.allclose(padded, alone) and np.allclose(padded, [[2, 1] / np.sqrt(5)])
    assert np.allclose(pool(tokens, np.array([[1, 1, 0]]), "CLS"), [[2**-0.5, 2**-0.5]])
    with pytest.raises(ModelLoadError, match="re-export"):
        pool(tokens, np.array([[1, 1, 0]]), "MAX")


def test_both_backends_count_tokens_and_limits_alike(
    embedder: Embedder, torch_embedder: Embedder
) -> None:
    for text in corpus_texts():
        assert embedder.count_tokens(text) == torch_embedder.count_tokens(text), text[:60]
    assert (embedder.dimension, embedder.max_tokens) == (
        torch_embedder.dimension,
        torch_embedder.max_tokens,
    )


def fingerprint(backend: str) -> IndexFingerprint:
    return IndexFingerprint(MODEL, 384, "1", backend)


def stored(backend: str | None) -> dict[str, object]:
    metadata: dict[str, object] = dict(fingerprint(backend or "torch").as_metadata())
    if backend is None:
        del metadata["embedding_backend"]  # an index from before the backend was recorded
    return metadata


@pytest.mark.parametrize("built_by", ["torch", "onnx", "openvino", None])
def test_an_index_of_the_same_vector_family_serves_any_backend(built_by: str | None) -> None:
    for serving in ("torch", "onnx", "openvino"):
        check_fingerprint(stored(built_by), fingerprint(serving), "course")


def test_an_index_of_another_vector_family_is_refused_with_the_fix() -> None:
    assert same_vectors("torch", "onnx") and not same_vectors("onnx", "openvino-int8")
    with pytest.raises(IndexIncompatibleError, match="RAG_EMBEDDING_BACKEND=openvino-int8"):
        check_fingerprint(stored("openvino-int8"), fingerprint("onnx"), "course")


def test_the_index_records_the_backend(corpus_assistant: Assistant) -> None:
    metadata = corpus_assistant.store.metadata()
    assert metadata["embedding_backend"] == corpus_assistant.embedder.backend == "openvino"


@pytest.mark.slow
def test_the_install_step_exports_offline_and_the_export_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Embedder
) -> None:
    """`python -m rag.retrieval.onnx_export` (the Makefile's install step) into an empty folder."""
    monkeypatch.setattr(onnx_export, "export_root", lambda: tmp_path / "onnx")
    assert onnx_export.main([MODEL]) == 0
    directory = onnx_export.export_dir(resolve_model_path(MODEL))
    manifest = json.loads((directory / "export.json").read_text())
    assert (manifest["dimension"], manifest["max_seq_length"], manifest["pooling"]) == (
        384,
        256,
        "MEAN",
    )
    fresh = Embedder(MODEL, backend="onnx")
    assert fresh._export[0] == directory
    texts = corpus_texts()[:8]
    assert (fresh.encode(texts) * embedder.encode(texts)).sum(axis=1).min() >= 0.9999
    # A second run finds the export and does not redo it.
    mtime = (directory / "model.onnx").stat().st_mtime
    assert onnx_export.main([MODEL]) == 0
    assert (directory / "model.onnx").stat().st_mtime == mtime


def test_an_export_that_cannot_be_written_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # the export root cannot be created under a file
    monkeypatch.setattr(onnx_export, "export_root", lambda: blocker / "onnx")
    with pytest.raises(ModelLoadError, match="RAG_EMBEDDING_BACKEND=torch"):
        Embedder(MODEL, backend="onnx").encode(["a question"])


@pytest.mark.parametrize("backend", ["onnx", "openvino"])
def test_querying_on_a_cpu_runtime_imports_no_torch(
    backend: str, corpus_assistant: Assistant
) -> None:
    """The cold-start promise: `rag retrieve`/`ask`/`status`/`--help` never import torch,
    nor numba (which bm25s would import, where installed, for a backend not used here)."""
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from rag.cli import app\n"
        "runner = CliRunner()\n"
        "for args in (['--help'], ['status'], ['retrieve', 'What does FID measure?'],"
        " ['ask', 'What does FID measure?']):\n"
        "    result = runner.invoke(app, args)\n"
        "    assert result.exit_code == 0, (args, result.output)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers',"
        " 'sentence_transformers', 'numba'))\n"
        "print(loaded)\n"
        "assert not loaded\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env["RAG_DATA_DIR"] = str(corpus_assistant.settings.data_dir)
    env["RAG_QUERY_LOG"] = "false"
    env["RAG_EMBEDDING_BACKEND"] = backend
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_export_step_takes_help_and_options_for_what_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(onnx_export, "export_root", lambda: tmp_path / "onnx")
    assert onnx_export.main(["--help"]) == 0
    assert "usage: python -m rag.retrieval.onnx_export [MODEL]" in capsys.readouterr().out
    assert onnx_export.main(["--model"]) == 2
    assert not (tmp_path / "onnx").exists()  # no export, no lock file named after an option


def test_openvino_compiles_both_precisions_without_writing_beside_the_export(
    embedder: Embedder,
) -> None:
    """Processes sharing OpenVINO's compiled-model cache crashed CI runs (SIGBUS, NaN,
    a segfault), so nothing is cached: loading leaves the export as installed, which
    also suits a read-only install. The bf16 bulk model and the fp32 one agree."""
    fresh = Embedder(MODEL, backend="openvino")
    directory = fresh._export[0]
    before = sorted(directory.rglob("*"))
    text = "FID (Fréchet Inception Distance): realism of generated images."
    document = fresh.encode([text], documents=True)
    question = fresh.encode([text])
    assert fresh._bulk_model is not fresh.model
    assert sorted(directory.rglob("*")) == before
    assert float((document * question).sum()) >= 0.999


def test_nan_vectors_are_refused_with_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, embedder: Embedder
) -> None:
    """A broken export that embeds NaN must fail here, naming what to do, not in Chroma
    with a traceback (stand-in: the real batch encoder's output overwritten with NaN)."""
    import numpy as np

    fresh = Embedder(MODEL, backend="openvino")
    real = fresh._encode_batch
    monkeypatch.setattr(
        fresh, "_encode_batch", lambda texts, documents: real(texts, documents) * np.nan
    )
    with pytest.raises(
        ModelLoadError, match=r"NaN or infinite vectors; delete .* RAG_EMBEDDING_BACKEND=onnx"
    ):
        fresh.encode(["What does FID measure?"], documents=True)
