"""Device and batch size follow the hardware; settings override both.

No GPU exists on this machine or in CI, so the CUDA branch is reached by making
``torch.cuda.is_available`` answer True (a stand-in for the hardware, nothing else is
faked); no model is loaded, so nothing actually runs on CUDA here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from rag.assistant import Assistant
from rag.embeddings import Embedder, default_device
from tests.conftest import make_settings


def test_cpu_machine_embeds_on_cpu_in_batches_of_32() -> None:
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    assert default_device() == "cpu"
    embedder = Embedder("all-MiniLM-L6-v2")
    assert (embedder.device, embedder.batch_size) == ("cpu", 32)


def test_a_gpu_when_present_gets_the_model_and_larger_batches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)  # see module docstring
    assert default_device() == "cuda"
    embedder = Embedder("all-MiniLM-L6-v2")
    assert (embedder.device, embedder.batch_size) == ("cuda", 256)
    assert Embedder("all-MiniLM-L6-v2", device="cuda:1").batch_size == 256


def test_settings_choose_device_and_batch_size(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, embedding_device="cpu", embedding_batch_size=8)
    embedder = Assistant(settings).embedder
    assert (embedder.device, embedder.batch_size) == ("cpu", 8)
