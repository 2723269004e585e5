"""eval/quiz_supply.py: counting the items quizzes fail to make (pure parts, no model)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "eval" / "quiz_supply.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quiz_supply", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["quiz_supply"] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


def test_topics_labelled_missing_are_not_counted_against_the_quiz(tmp_path: Path) -> None:
    supply = load_script()
    topics = tmp_path / "topics.jsonl"
    rows = [
        {"topic": "Diffusion models", "expected": "covered", "split": "train"},
        {"topic": "Word2vec", "expected": "missing", "split": "train"},
        {"topic": "LoRA", "expected": "partial", "split": "heldout"},
    ]
    topics.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert supply.labelled_topics(topics, None) == [
        ("Diffusion models", "train"),
        ("LoRA", "heldout"),
    ]
    assert supply.labelled_topics(topics, "heldout") == [("LoRA", "heldout")]


def test_the_summary_counts_empty_and_full_quizzes_per_split() -> None:
    supply = load_script()
    results = [
        supply.TopicSupply("GANs", "train", 5, {"answer_in_topic": 1}),
        supply.TopicSupply("VAEs", "train", 0, {"answer_in_topic": 3, "duplicate": 1}),
        supply.TopicSupply("LoRA", "heldout", 2),
    ]
    summary = supply.supply_summary(results, requested=5)
    assert summary["train"] == {
        "topics": 2,
        "items": 5,
        "items_per_topic": 2.5,
        "no_items": 1,
        "full": 1,
        "dropped": {"answer_in_topic": 4, "duplicate": 1},
    }
    assert summary["heldout"]["no_items"] == 0
    assert summary["heldout"]["full"] == 0
