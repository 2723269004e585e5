"""The LLM path: the reply parser, then quizzes a scripted model writes.

The model is scripted in-process (tests/llm_transport.py: the real client, only the
replies scripted), because these tests need exact quiz JSON and no real model can be
made to write it. Every model item still goes through the verifier against the real
index of the bundled corpus.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from rag.assistant import Assistant
from rag.errors import QuizFormatError
from rag.retrieval.embeddings import Embedder
from rag.study.quiz import (
    build_quiz,
    check_item,
)
from rag.study.quiz.grading import fold
from rag.study.quiz.llm import parse_reply, to_quiz_items
from tests.conftest import make_settings
from tests.llm_transport import ScriptedLLM, scripted_llm
from tests.study.quiz.samples import CHUNK, passage, stored_text

# --------------------------------------------------------------------------- LLM replies


VALID_ITEM = {
    "type": "short",
    "question": "Which metric has the description realism of generated images?",
    "answer": "FID",
    "explanation": "The table says so.",
    "difficulty": "easy",
    "passage": 1,
    "quote": "FID (Fréchet Inception Distance) |  Realism of generated images",
}


def test_parse_reply_accepts_fenced_json_and_a_bare_list() -> None:
    fenced = "Here you go:\n```json\n" + json.dumps({"items": [VALID_ITEM]}) + "\n```"
    assert parse_reply(fenced) == [VALID_ITEM]
    assert parse_reply(json.dumps([VALID_ITEM])) == [VALID_ITEM]


@pytest.mark.parametrize(
    "reply",
    [
        "Sorry, I cannot help with that.",
        '{"items": [{"type": "mcq", "question": "Which',
        '{"questions": []}',
        '{"items": []}',
        json.dumps({"items": [{"type": "essay", "question": "Discuss.", "answer": "x"}]}),
    ],
)
def test_parse_reply_rejects_what_cannot_be_used(reply: str) -> None:
    with pytest.raises(QuizFormatError):
        parse_reply(reply)


def test_llm_items_are_checked_one_by_one_and_quotes_snapped_to_the_text() -> None:
    dropped: Counter[str] = Counter()
    raw = [VALID_ITEM, {**VALID_ITEM, "passage": 9}, {**VALID_ITEM, "quote": ""}]
    items = to_quiz_items(raw, [passage()], dropped)
    assert dropped == Counter({"malformed": 2})
    assert len(items) == 1 and items[0].origin == "llm"
    assert items[0].source.quote == "FID (Fréchet Inception Distance) | Realism of generated images"
    assert check_item(items[0], CHUNK) is None


# --------------------------------------------------------------------------- the LLM path


def passages_in(prompt: str) -> list[str]:
    """Texts of the numbered passages the quiz prompt showed the model."""
    return re.findall(r'<passage n="\d+"[^>]*>\n(.*?)\n</passage>', prompt, re.DOTALL)


def model_items(body: dict[str, Any]) -> dict[str, Any]:
    """What a well-behaved model would write: one good item, three the checks must catch."""
    prompt = "\n".join(str(m.get("content")) for m in body["messages"])
    first = passages_in(prompt)[0]
    line = max((ln.strip() for ln in first.splitlines() if not ln.startswith("#")), key=len).strip(
        "-* "
    )
    words = sorted(set(re.findall(r"[A-Za-z]{5,}", line)), key=lambda w: (-len(w), w))
    topic = re.search(r"Topic: (.*)", prompt)
    folded_line = fold(line).split()
    once = [  # a word the line and the topic do not give away in another form
        w for w in words
        if len(re.findall(rf"(?i)\b{w}\b", line)) == 1 and folded_line.count(fold(w)) == 1
        and fold(w) not in fold(topic.group(1) if topic else "").split()
    ]  # fmt: skip
    word, other = once[0], once[1]
    good = {
        "type": "cloze", "question": line.replace(word, "_____", 1), "answer": word,
        "explanation": "It is in the passage.", "difficulty": "easy", "passage": 1,
        "quote": line,
    }  # fmt: skip
    invented = {**good, "question": "Fill in: _____ explains the strong force.",
                "answer": "Quantum chromodynamics",
                "quote": "Quantum chromodynamics explains the strong force."}  # fmt: skip
    leaky = {
        **good,
        "type": "mcq",
        "question": "Which word is used in the course?",
        "options": [word, other, "Banana", "Tractor"],
    }
    missing_quote = {k: v for k, v in good.items() if k != "quote"}
    return {"items": [good, invented, leaky, missing_quote]}


@pytest.fixture
def llm_server() -> Iterator[ScriptedLLM]:
    """A scripted model: the quiz tests need exact JSON replies (module docstring)."""
    with scripted_llm() as llm:
        yield llm


def llm_assistant(
    corpus_assistant: Assistant, embedder: Embedder, server: ScriptedLLM
) -> Assistant:
    settings = make_settings(
        corpus_assistant.settings.data_dir, generator="openai", openai_base_url=server.base_url,
        openai_api_key="test", openai_model="test-model", openai_timeout=30,
    )  # fmt: skip
    return Assistant(settings, embedder=embedder)


LLM_TOPIC = "Evaluation metrics for generative models"


def test_llm_items_are_verified_like_any_other(
    corpus_assistant: Assistant, embedder: Embedder, llm_server: ScriptedLLM
) -> None:
    """Scripted model: each reply item is made to fail one check."""
    llm_server.reply(lambda body: json.dumps(model_items(body)))
    quiz = build_quiz(llm_assistant(corpus_assistant, embedder, llm_server), LLM_TOPIC, 3,
                      "mixed", 5)  # fmt: skip
    assert len(llm_server.chat_requests) == 1, "a usable reply needs no repair"
    assert '"items"' in llm_server.last_request.prompt, "the schema is in the prompt"
    from_llm = [i for i in quiz.items if i.origin == "llm"]
    assert len(from_llm) == 1 and quiz.generator == "openai"
    assert from_llm[0].source.quote in stored_text(corpus_assistant, from_llm[0].source.chunk_id)
    assert quiz.dropped["quote_not_in_text"] == 1, "the invented quote"
    assert quiz.dropped["distractor_supported"] == 1, "an option taken from the quote"
    assert quiz.dropped["malformed"] == 1, "the item without a quote"
    assert len(quiz.items) == 3, "extractive items replace the dropped ones"


def test_invalid_json_is_repaired_once(
    corpus_assistant: Assistant, embedder: Embedder, llm_server: ScriptedLLM
) -> None:
    """Scripted model: the first reply is broken JSON on purpose."""
    replies: list[str] = []

    def reply(body: dict[str, Any]) -> str:
        replies.append("x")
        if len(replies) == 1:
            return 'Sure! {"items": [{"type": "cloze", "question": "The'
        return json.dumps(model_items(body))

    llm_server.reply(reply)
    quiz = build_quiz(llm_assistant(corpus_assistant, embedder, llm_server), LLM_TOPIC, 2,
                      "mixed", 5)  # fmt: skip
    requests = llm_server.chat_requests
    assert len(requests) == 2
    assert "could not be used" in requests[1].prompt and "not valid JSON" in requests[1].prompt
    assert any(i.origin == "llm" for i in quiz.items)
    assert quiz.note == ""


def test_json_still_invalid_after_the_repair_is_rejected(
    corpus_assistant: Assistant, embedder: Embedder, llm_server: ScriptedLLM
) -> None:
    """Scripted model: it never writes JSON."""
    llm_server.reply("I would rather write a poem about autoencoders.")
    quiz = build_quiz(llm_assistant(corpus_assistant, embedder, llm_server), LLM_TOPIC, 2,
                      "mixed", 5)  # fmt: skip
    assert len(llm_server.chat_requests) == 2, "one repair attempt, no more"
    assert "unusable even after one repair" in quiz.note and quiz.generator == "extractive"
    assert quiz.items and all(i.origin == "extractive" for i in quiz.items)
    for quiz_item in quiz.items:
        assert quiz_item.source.quote in stored_text(corpus_assistant, quiz_item.source.chunk_id)


def test_an_unreachable_model_falls_back_to_extractive_items(
    corpus_assistant: Assistant, embedder: Embedder, llm_server: ScriptedLLM
) -> None:
    """Scripted model: a healthy server does not answer HTTP 500 on cue."""
    llm_server.fail(500)
    quiz = build_quiz(llm_assistant(corpus_assistant, embedder, llm_server), LLM_TOPIC, 2,
                      "mixed", 5)  # fmt: skip
    assert "HTTP 500" in quiz.note and "built from the course text" in quiz.note
    assert len(quiz.items) == 2 and all(i.origin == "extractive" for i in quiz.items)
