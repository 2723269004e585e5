"""Ingest throughput: our pipeline vs the LangChain tutorial path vs bare embedding.

For each corpus, in one process and with the same model files:

* ours: the product's ingest (files through ``Assistant.ingest``; a BEIR corpus through
  ``ingest_documents``, as ``rag eval retrieval`` does), into a fresh data directory;
* tutorial: ``RecursiveCharacterTextSplitter(1000, 200)``, ``HuggingFaceEmbeddings``,
  ``Chroma.from_documents`` over the same documents;
* floor: ``model.encode`` of exactly the texts our ingest embedded, nothing else.

Model loading and library imports are excluded from every timing (both paths warm up
before the clock starts). With ``--repeat R`` each path runs R times in rotating order
and the fastest run is reported (all runs are kept in the JSON).
Chunk sizes differ between the paths (ours: at most 200 model tokens; the tutorial:
1000 characters), so besides chunks/s the script prints embedded tokens/s and the
wall time for the whole corpus, which are what a user waits for.

Usage (from the repository root)::

    python benchmarks/ingest.py --corpus course --corpus synthetic --n 2000 --json out.json
    python benchmarks/ingest.py --corpus beir --beir ../shared/beir/scifact-train --n 1000
    python benchmarks/ingest.py --corpus synthetic --n 100000 --device cuda   # on a GPU box

The synthetic corpus is Markdown files of sentences drawn (seeded) from the course
corpus, sized so that ``--n`` is about the number of chunks our splitter makes.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: its folder would shadow the `ingest` package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks._common import REPO, finish, machine

# --- corpora ------------------------------------------------------------------------


def course_files(target: Path) -> list[Path]:
    """The bundled course corpus, copied so each run ingests the same bytes."""
    shutil.copytree(REPO / "corpus", target)
    return sorted(p for p in target.iterdir() if p.is_file())


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def synthetic_files(target: Path, n_chunks: int, seed: int = 13) -> list[Path]:
    """Markdown files of about ``n_chunks`` chunks: 5 sections of ~80 words per file.

    Sentences come from the course corpus, so tokens, lengths and vocabulary look like
    course text (about 1.9 model tokens per word); a section of ~80 words fills most of
    one chunk of our 200-token splitter. The JSON reports the chunks actually made.
    """
    rng = random.Random(seed)
    sentences = [
        s.strip()
        for path in sorted((REPO / "corpus").iterdir())
        for s in _SENTENCE.split(re.sub(r"\s+", " ", path.read_text(encoding="utf-8")))
        if 6 <= len(s.split()) <= 40 and not s.strip().startswith(("#", "|", "-"))
    ]
    target.mkdir(parents=True)
    files = []
    n_files = max(1, round(n_chunks / 5))
    for number in range(n_files):
        parts = [f"# Synthetic notes {number}\n"]
        for section in range(5):
            words: list[str] = []
            while len(words) < 80:
                words.extend(rng.choice(sentences).split())
            parts.append(f"## Topic {number}.{section}\n\n{' '.join(words)}\n")
        folder = target / f"{number // 1000:04d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"notes-{number:06d}.md"
        path.write_text("\n".join(parts), encoding="utf-8")
        files.append(path)
    return files


def beir_documents(directory: Path, limit: int | None) -> tuple[Any, list[Any]]:
    """The first ``limit`` BEIR records as documents for our ingest (and the tutorial)."""
    from rag.evaluation.beir import load_beir
    from rag.evaluation.beir_run import loaded_documents

    split = sorted(p.stem for p in (directory / "qrels").glob("*.tsv"))[0]
    dataset = load_beir(directory, split)
    if limit is not None:
        keep = dict(list(dataset.corpus.items())[:limit])
        dataset = type(dataset)(keep, dataset.queries, dataset.qrels, dataset.name)
    docs, _ = loaded_documents(dataset, directory.resolve())
    return dataset, docs


# --- the three paths ----------------------------------------------------------------


def run_ours(
    files: list[Path] | None, docs: list[Any] | None, data_dir: Path, embedder: Any
) -> dict[str, Any]:
    from rag.assistant import Assistant
    from rag.settings import Settings
    from rag.text.chunks import embedding_text

    assistant = Assistant(Settings(data_dir=data_dir, query_log=False), embedder=embedder)
    # Time the model calls inside this very run: the share of the ingest that is not
    # embedding does not depend on how busy the machine was between two runs.
    encode = embedder.encode
    in_encode = [0.0]

    def timed_encode(texts: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return encode(texts, **kwargs)
        finally:
            in_encode[0] += time.perf_counter() - started

    embedder.encode = timed_encode
    started = time.perf_counter()
    try:
        report = _ingest(assistant, files, docs, embedder)
    finally:
        del embedder.encode  # back to the class's method
    seconds = time.perf_counter() - started
    assert report.ok, report.errors
    texts = [
        embedding_text(str(c.metadata.get("title", "")), str(c.metadata.get("section", "")), c.text)
        for c in assistant.store.iter_chunks()
    ]
    return {
        "seconds": seconds,
        "embed_seconds": in_encode[0],
        "chunks": report.chunks_total,
        "texts": texts,
    }


def _ingest(assistant: Any, files: list[Path] | None, docs: list[Any] | None, embedder: Any) -> Any:
    from ingest.index import ingest_documents

    if files is not None:
        return assistant.ingest([files[0].parent if len(files) == 1 else _root(files)])
    return ingest_documents(
        docs or [],
        settings=assistant.settings,
        store=assistant.store,
        embedder=embedder,
        keyword_index=assistant.keyword_index,
        rebuild=True,
    )


def _root(files: list[Path]) -> Path:
    return Path(os.path.commonpath([str(f) for f in files]))


def tutorial_documents(files: list[Path] | None, docs: list[Any] | None) -> list[Any]:
    from langchain_core.documents import Document

    if files is not None:
        return [
            Document(page_content=f.read_text(encoding="utf-8"), metadata={"source": str(f)})
            for f in files
        ]
    return [
        Document(
            page_content=f"{d.title}\n\n{d.text}" if d.title else d.text,
            metadata={"source": d.source},
        )
        for d in docs or []
    ]


def run_tutorial(documents: list[Any], embeddings: Any, persist: Path) -> dict[str, Any]:
    """The path of the LangChain RAG tutorial, as written there."""
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    started = time.perf_counter()
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks = splitter.split_documents(documents)
    Chroma.from_documents(chunks, embeddings, persist_directory=str(persist))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "chunks": len(chunks), "texts": [c.page_content for c in chunks]}


def run_floor(texts: list[str], embedder: Any) -> float:
    started = time.perf_counter()
    embedder.encode(texts, documents=True)  # as the ingest embeds them
    return time.perf_counter() - started


def measure(name: str, files: list[Path] | None, docs: list[Any] | None, args: Any) -> dict:
    """Time the three paths ``args.repeat`` times (rotating their order); keep the fastest.

    The minimum is the run least disturbed by other work on the machine, which matters
    on a shared CPU where a repeat can be twice as slow as the one before.
    """
    from langchain_huggingface import HuggingFaceEmbeddings

    from rag.retrieval.embeddings import get_embedder
    from rag.retrieval.keyword import tokenize
    from rag.retrieval.model_files import quiet_model_loading, resolve_model_path
    from rag.settings import Settings

    quiet_model_loading()
    settings = Settings()
    embedder = get_embedder(
        settings.embedding_model,
        args.device,
        args.batch_size,
        args.backend or settings.embedding_backend,
    )
    tutorial_embeddings = HuggingFaceEmbeddings(
        model=resolve_model_path(settings.embedding_model),
        model_kwargs={"device": embedder.device},
    )
    # Load models and import libraries before any clock starts: one-off costs.
    embedder.encode(["warm up"])
    tutorial_embeddings.embed_documents(["warm up"])
    tokenize("warm up")
    import bm25s  # noqa: F401
    import langchain_chroma  # noqa: F401

    tokens = embedder.count_tokens
    tutorial_docs = tutorial_documents(files, docs)
    timings: dict[str, list[float]] = {"ours": [], "tutorial": [], "floor": []}
    in_run: list[float] = []
    counted: dict[str, tuple[int, int]] = {}
    order = ["ours", "floor"] if args.skip_tutorial else ["ours", "tutorial", "floor"]
    for repeat in range(args.repeat):
        for path in order[repeat % len(order) :] + order[: repeat % len(order)]:
            with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
                if path == "ours":
                    ours = run_ours(files, docs, Path(tmp), embedder)
                    timings["ours"].append(ours["seconds"])
                    in_run.append(ours["seconds"] / ours["embed_seconds"])
                    if "ours" not in counted:
                        our_texts = ours["texts"]
                        our_tokens = sum(tokens(t) for t in our_texts)
                        counted["ours"] = counted["floor"] = (ours["chunks"], our_tokens)
                elif path == "tutorial":
                    tutorial = run_tutorial(tutorial_docs, tutorial_embeddings, Path(tmp))
                    timings["tutorial"].append(tutorial["seconds"])
                    if "tutorial" not in counted:
                        capped = sum(min(tokens(t), embedder.max_tokens) for t in tutorial["texts"])
                        counted["tutorial"] = (tutorial["chunks"], capped)
                else:
                    if "ours" not in counted:  # the floor embeds our chunks: make them first
                        continue
                    timings["floor"].append(run_floor(our_texts, embedder))
    if not timings["floor"]:  # order rotated the floor before any chunk existed
        timings["floor"].append(run_floor(our_texts, embedder))
    result: dict[str, Any] = {
        "corpus": name,
        "documents": len(files or docs or []),
        "backend": embedder.backend,
    }
    for path, seconds in timings.items():
        if seconds:
            result[path] = _rates(min(seconds), *counted[path])
            result[path]["all_seconds"] = [round(x, 2) for x in seconds]
    result["ratios"] = {
        "ours_over_floor_time": round(result["ours"]["seconds"] / result["floor"]["seconds"], 3),
        "ours_over_its_own_embedding_time": round(min(in_run), 3),
        "ours_over_its_own_embedding_time_all": [round(x, 3) for x in in_run],
    }
    if "tutorial" in result:
        t, o = result["tutorial"], result["ours"]
        result["ratios"].update(
            {
                "speedup_chunks_per_s": round(o["chunks_per_s"] / t["chunks_per_s"], 3),
                "speedup_tokens_per_s": round(o["tokens_per_s"] / t["tokens_per_s"], 3),
                "speedup_wall_time": round(t["seconds"] / o["seconds"], 3),
                "speedup_wall_time_per_repeat": [
                    round(tutorial_s / ours_s, 3)
                    for tutorial_s, ours_s in zip(
                        timings["tutorial"], timings["ours"], strict=False
                    )
                ],
            }
        )
    return result


def _rates(seconds: float, chunks: int, tokens: int) -> dict[str, float]:
    return {
        "seconds": round(seconds, 3),
        "chunks": chunks,
        "tokens": tokens,
        "chunks_per_s": round(chunks / seconds, 2) if seconds else 0.0,
        "tokens_per_s": round(tokens / seconds, 1) if seconds else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        action="append",
        choices=["course", "synthetic", "beir"],
        help="Corpora to measure (repeatable; default: course and synthetic).",
    )
    parser.add_argument("--n", type=int, default=2000, help="Synthetic chunks / BEIR docs.")
    parser.add_argument("--beir", type=Path, help="BEIR folder for --corpus beir.")
    parser.add_argument("--device", default=None, help="cpu, cuda... (default: auto).")
    parser.add_argument("--batch-size", type=int, default=None, help="Embedding batch size.")
    parser.add_argument(
        "--backend",
        choices=["torch", "onnx", "openvino"],
        default=None,
        help="Our embedding runtime (default: RAG_EMBEDDING_BACKEND, else openvino on a CPU). "
        "The tutorial path always runs torch, as the tutorial does.",
    )
    parser.add_argument("--skip-tutorial", action="store_true", help="Only ours and the floor.")
    parser.add_argument("--repeat", type=int, default=1, help="Runs per path; the fastest counts.")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()
    corpora = args.corpus or ["course", "synthetic"]
    if "beir" in corpora and args.beir is None:
        parser.error("--corpus beir needs --beir DIR")

    import logging

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    results: dict[str, Any] = {
        "machine": machine(),
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        for name in corpora:
            if name == "course":
                runs.append(measure("course", course_files(Path(tmp) / "course"), None, args))
            elif name == "synthetic":
                files = synthetic_files(Path(tmp) / "synthetic", args.n)
                runs.append(measure(f"synthetic-{args.n}", files, None, args))
            else:
                _, docs = beir_documents(args.beir, args.n)
                runs.append(measure(f"beir-{args.beir.name}-{len(docs)}", None, docs, args))
            _print(runs[-1])
    results["runs"] = runs
    finish(results, args.json)


def _print(run: dict[str, Any]) -> None:
    print(
        f"\n{run['corpus']}: {run['documents']} documents, ours on {run['backend']}",
        file=sys.stderr,
    )
    for path in ("ours", "tutorial", "floor"):
        if path in run:
            r = run[path]
            print(
                f"  {path:<9} {r['seconds']:>9.1f} s {r['chunks']:>7} chunks "
                f"{r['chunks_per_s']:>8.1f} chunks/s {r['tokens_per_s']:>9.0f} tokens/s",
                file=sys.stderr,
            )
    for key, value in run["ratios"].items():
        print(f"  {key}: {value}", file=sys.stderr)


if __name__ == "__main__":
    main()
