"""Syllabus topic files (:mod:`rag.study.coverage.topics`): every shape parses, bad files say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import FileRejectedError
from rag.study import coverage as cov
from tests.conftest import REPO


def test_markdown_syllabus_bullets_numbers_and_heading_groups() -> None:
    text = """---
title: Course
---
# Generative AI syllabus

<!-- week 0 is optional
- Not a topic
-->
## Week 1
- **GANs**: generator and discriminator
* [Variational autoencoders](https://example.org/vae)
+ [ ] Diffusion models

## Week 2
1. Prompt engineering
2) Retrieval-augmented generation
#comment: not a heading
// another comment

```
- code, not a topic
```
Plain line topic
- GANs: generator and discriminator
"""
    topics = cov.parse_topics(text, name="syllabus.md")
    assert topics == [
        cov.Topic("GANs: generator and discriminator", "Week 1"),
        cov.Topic("Variational autoencoders", "Week 1"),
        cov.Topic("Diffusion models", "Week 1"),
        cov.Topic("Prompt engineering", "Week 2"),
        cov.Topic("Retrieval-augmented generation", "Week 2"),
        cov.Topic("Plain line topic", "Week 2"),
    ]


def test_plain_lines_with_colon_groups() -> None:
    text = "Unit A:\nGANs\nVAEs\n\nUnit B:\n  - Diffusion\n"
    assert cov.parse_topics(text) == [
        cov.Topic("GANs", "Unit A"),
        cov.Topic("VAEs", "Unit A"),
        cov.Topic("Diffusion", "Unit B"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- GANs\n- 'VAEs: latent space'\n", [("GANs", ""), ("VAEs: latent space", "")]),
        (
            "course: Gen AI\ntopics:\n  - GANs\n  - VAEs  # inline comment\n",
            [("GANs", ""), ("VAEs", "")],
        ),
        (
            "learning objectives:\n  - topic: Explain GANs\n  - objective: Describe VAEs\n",
            [("Explain GANs", ""), ("Describe VAEs", "")],
        ),
        (
            "Week 1:\n  - GANs\nWeek 2:\n  - Diffusion\n  - 7\n",
            [("GANs", "Week 1"), ("Diffusion", "Week 2")],
        ),
    ],
)
def test_yaml_lists(text: str, expected: list[tuple[str, str]]) -> None:
    topics = cov.parse_topics(text, name="t.yaml", yaml=True)
    assert [(t.text, t.group) for t in topics] == expected


def test_headings_only_become_the_topics_without_the_title() -> None:
    text = "# Course title\n\n## GANs\nSome prose?\n\n## VAEs\n"
    # Prose under a heading is a plain-line topic, so only a file of bare headings
    # falls back to them.
    assert [t.text for t in cov.parse_topics("# Course\n## GANs\n## VAEs\n")] == ["GANs", "VAEs"]
    assert [t.text for t in cov.parse_topics(text)] == ["Some prose?"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\n  \n", "empty"),
        (b"<!-- nothing -->\n// nope\n#todo\n", "no topics found"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_unusable_topic_files_name_the_file(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "syllabus.md"
    path.write_bytes(content)
    with pytest.raises(FileRejectedError) as caught:
        cov.read_topic_file(path)
    assert str(path) in str(caught.value) and reason in str(caught.value)


def test_missing_directory_and_bad_yaml_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(FileRejectedError, match="not found"):
        cov.read_topic_file(tmp_path / "nope.md")
    with pytest.raises(FileRejectedError, match="not a file"):
        cov.read_topic_file(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics: [GANs\n", encoding="utf-8")
    with pytest.raises(FileRejectedError, match="not valid YAML") as caught:
        cov.read_topic_file(bad)
    assert str(bad) in str(caught.value)


def test_the_bundled_sample_syllabus_parses() -> None:
    topics = cov.read_topic_file(REPO / "eval" / "syllabus.md")
    assert len(topics) == 16
    assert topics[0].text.startswith("Define generative AI")
    assert {t.group for t in topics} == {"Sample Syllabus: Introduction to Generative AI"}
