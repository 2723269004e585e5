"""Export the packaged sentence-transformers model to ONNX, once, without a network.

The ONNX copy serves queries and ingests without importing torch (a cold ``rag ask``
spent most of its time importing torch). ``make install`` runs ``python -m
rag.retrieval.onnx_export``; the first ONNX use exports it too if the install step did not.
Only this module imports torch for the ONNX backend.

The export holds the transformer alone; pooling and normalisation are fastembed's
(:mod:`rag.retrieval.embeddings`), which reads the pooling mode and the token limit written here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from rag.environment import prepare_environment
from rag.errors import ModelLoadError

log = logging.getLogger(__name__)

EXPORT_VERSION = 1
"""Bumped when the export's layout or graph changes, so old exports are redone."""

MANIFEST = "export.json"
ONNX_FILE = "model.onnx"
_TOKENIZER_FILES = ("tokenizer.json", "special_tokens_map.json", "config.json")
_POOLING = {"mean": "MEAN", "cls": "CLS"}
"""sentence-transformers pooling modes fastembed reproduces (our name → fastembed's)."""


def export_root() -> Path:
    """Exports live in the environment that holds the weights: ``make clean`` removes both."""
    return Path(sys.prefix) / "share" / "course-rag" / "onnx"


def source_key(model_path: str) -> str:
    """A stamp of the model's files: a new weights package means a new export."""
    digest = hashlib.sha256()
    root = Path(model_path)
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        stat = file.stat()
        digest.update(f"{file.relative_to(root)}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    return digest.hexdigest()[:16]


def export_dir(model_path: str) -> Path:
    """Where the export of the model at ``model_path`` lives."""
    name = (
        Path(model_path).name if Path(model_path).name != "model" else Path(model_path).parent.name
    )
    tag = hashlib.sha256(str(Path(model_path).resolve()).encode()).hexdigest()[:10]
    return export_root() / f"{name}-{tag}"


def read_manifest(directory: Path) -> dict[str, Any] | None:
    """The export's manifest, or None when there is no complete export there."""
    try:
        manifest: dict[str, Any] = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    if manifest.get("version") != EXPORT_VERSION or not (directory / ONNX_FILE).is_file():
        return None
    return manifest


def find_export(model_path: str) -> tuple[Path, dict[str, Any]] | None:
    """A current export of ``model_path`` (same files as when exported), if there is one."""
    directory = export_dir(model_path)
    manifest = read_manifest(directory)
    if manifest is None or manifest.get("source_key") != source_key(model_path):
        return None
    return directory, manifest


def ensure_export(model_path: str) -> tuple[Path, dict[str, Any]]:
    """The export of ``model_path``, made now if missing (needs torch, ~10 s on 2 cores)."""
    found = find_export(model_path)
    if found:
        return found
    from filelock import FileLock

    directory = export_dir(model_path)
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(directory) + ".lock", timeout=600):
            found = find_export(model_path)  # another process may have finished it meanwhile
            if found:
                return found
            log.warning(
                "exporting %s to ONNX once (about 10 s); `make install` does it", model_path
            )
            export_model(model_path, directory)
    except OSError as err:  # a read-only environment, a full disk
        raise ModelLoadError(
            f"cannot write the ONNX export of the embedding model to {directory} ({err}); "
            "run `python -m rag.retrieval.onnx_export` as the user who installed it, or set "
            "RAG_EMBEDDING_BACKEND=torch"
        ) from err
    found = find_export(model_path)
    if found is None:  # pragma: no cover - export_model writes the manifest last
        raise ModelLoadError(f"the ONNX export of {model_path} in {directory} is incomplete")
    return found


def _pooling_mode(model: Any) -> str:
    names = [type(module).__name__ for module in model]
    if names not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        raise ModelLoadError(
            f"the ONNX backend handles transformer + pooling models; this one has {names}. "
            "Set RAG_EMBEDDING_BACKEND=torch"
        )
    pooling = model[1]
    mode = getattr(pooling, "pooling_mode", None)  # sentence-transformers 6
    if mode is None:  # sentence-transformers 5
        mode = pooling.get_pooling_mode_str()
    mode = str(mode)
    if mode not in _POOLING:
        raise ModelLoadError(
            f"the ONNX backend handles mean or CLS pooling, not '{mode}'. "
            "Set RAG_EMBEDDING_BACKEND=torch"
        )
    return _POOLING[mode]


def export_model(model_path: str, directory: Path) -> None:
    """Export the transformer of the sentence-transformers model at ``model_path``.

    Written to a temporary folder then renamed, so a crash leaves no half export that
    a later process would load.
    """
    prepare_environment()
    try:
        import onnx  # noqa: F401 - torch's exporter needs it; fail with the fix first
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise ModelLoadError(
            f"exporting to ONNX needs torch, onnx and sentence-transformers ({err}); run "
            "`make install`, or set RAG_EMBEDDING_BACKEND=torch"
        ) from err

    from rag.retrieval.model_files import quiet_model_loading

    quiet_model_loading()
    started = time.perf_counter()
    model: Any = SentenceTransformer(
        model_path, device="cpu", trust_remote_code=False, local_files_only=True
    )
    pooling = _pooling_mode(model)
    transformer = model[0].auto_model.eval()
    tokenizer = model.tokenizer
    input_names = [
        name
        for name in ("input_ids", "attention_mask", "token_type_ids")
        if name in tokenizer.model_input_names
    ]

    class _Encoder(torch.nn.Module):
        """Keyword arguments for the transformer; token embeddings out."""

        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *inputs: Any) -> Any:
            return self.inner(**dict(zip(input_names, inputs, strict=True))).last_hidden_state

    # The eager attention traces to plain ops; the default sdpa path may not.
    transformer.set_attn_implementation("eager")
    sample = tokenizer(
        ["a short one", "and a somewhat longer sample"], padding=True, return_tensors="pt"
    )
    dynamic = {"batch": 0, "sequence": 1}
    axes = {name: {v: k for k, v in dynamic.items()} for name in [*input_names, "token_embeddings"]}
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=directory.name + ".", dir=directory.parent))
    try:
        with torch.no_grad(), warnings.catch_warnings():
            # Tracer warnings about shape checks that hold for every encoder input.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Encoder(transformer),
                tuple(sample[name] for name in input_names),
                str(tmp / ONNX_FILE),
                dynamo=False,  # the TorchScript exporter needs no onnxscript
                input_names=input_names,
                output_names=["token_embeddings"],
                dynamic_axes=axes,
                opset_version=17,
            )
        for name in _TOKENIZER_FILES:
            if (Path(model_path) / name).is_file():
                shutil.copy2(Path(model_path) / name, tmp / name)
        config = json.loads((Path(model_path) / "tokenizer_config.json").read_text())
        # fastembed truncates at model_max_length; sentence-transformers at max_seq_length.
        config["model_max_length"] = int(model.max_seq_length)
        (tmp / "tokenizer_config.json").write_text(json.dumps(config, indent=1))
        manifest = {
            "version": EXPORT_VERSION,
            "source": str(model_path),
            "source_key": source_key(model_path),
            "dimension": int(model.get_embedding_dimension()),
            "max_seq_length": int(model.max_seq_length),
            "pooling": pooling,
            "torch": torch.__version__,
            "seconds": round(time.perf_counter() - started, 1),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1))
        tmp.chmod(0o755)  # mkdtemp makes it private; the export is read by every user
        if directory.exists():
            shutil.rmtree(directory)
        tmp.rename(directory)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("exported %s to %s in %.1f s", model_path, directory, manifest["seconds"])


def main(argv: list[str] | None = None) -> int:
    """``python -m rag.retrieval.onnx_export [MODEL]``: the install step.

    MODEL defaults to the configured embedding model.
    """
    from rag.retrieval.model_files import resolve_model_path
    from rag.settings import get_settings

    args = sys.argv[1:] if argv is None else argv
    if args and args[0].startswith("-"):  # --help, or a mistyped option: not a model name
        print(f"usage: python -m rag.retrieval.onnx_export [MODEL]\n\n{main.__doc__}")
        return 0 if args[0] in ("-h", "--help") else 2
    name = args[0] if args else get_settings().embedding_model
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        directory, manifest = ensure_export(resolve_model_path(name))
    except ModelLoadError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    print(f"ONNX export of {name}: {directory} ({manifest['dimension']} dims)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
