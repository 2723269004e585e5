"""The shared Markdown patterns (rag.text.markdown): pure, no model."""

from __future__ import annotations

import pytest

from rag.text.markdown import (
    FENCE,
    HEADING,
    IMAGE,
    LINK,
    LIST_MARKER,
    RULE,
    TABLE_DELIMITER,
    clean_heading,
    clean_markdown,
    heading_text,
)


@pytest.mark.parametrize(
    ("line", "level", "text"),
    [
        ("# Title", "#", "Title"),
        ("###### Deep", "######", "Deep"),
        ("   ## Indented up to three", "##", "Indented up to three"),
        ("## Closed ##", "##", "Closed"),
        ("##\tTabbed", "##", "Tabbed"),
        ("## Trailing space   ", "##", "Trailing space"),
    ],
)
def test_heading_reads_level_and_text(line: str, level: str, text: str) -> None:
    match = HEADING.match(line)
    assert match is not None
    assert (match.group("level"), match.group("text")) == (level, text)


@pytest.mark.parametrize(
    "line", ["#hashtag", "    # code, four spaces in", "####### seven", "Not # a heading", ""]
)
def test_heading_rejects_other_lines(line: str) -> None:
    assert HEADING.match(line) is None


def test_empty_heading_is_a_heading_without_text() -> None:
    match = HEADING.match("##\n")
    assert match is not None and match.group("text") is None
    assert heading_text("##") == ""
    assert heading_text("plain text") is None


def test_heading_finds_every_heading_of_a_document() -> None:
    document = "# One\ntext\n## Two ##\nmore\n#no\n"
    assert [m.group("text") for m in HEADING.finditer(document)] == ["One", "Two"]


def test_heading_text_cleans_like_a_section_name() -> None:
    assert heading_text("## **Key** [[Ideas|the ideas]]") == "Key Ideas"
    assert clean_heading("  [[Page]] and **bold** ") == "Page and bold"
    # Links and code stay: section names are stored in the index as they were.
    assert clean_heading("[GANs](gans.md) `x`") == "[GANs](gans.md) `x`"


def test_block_patterns() -> None:
    assert FENCE.match("  ```python") and FENCE.match("~~~") and not FENCE.match("text ```")
    assert TABLE_DELIMITER.match("|---|:--:|") and TABLE_DELIMITER.match("--- | ---")
    assert not TABLE_DELIMITER.match("| a | b |")
    assert RULE.match("* * *") and RULE.match("---") and not RULE.match("-*-")
    for item in ("- a", "* a", "+ a", "• a", "12. a", "3) a"):
        assert LIST_MARKER.match(item), item
    assert not LIST_MARKER.match("-a") and not LIST_MARKER.match("2024 was")


def test_image_and_link_targets_may_hold_parentheses() -> None:
    assert IMAGE.sub(r"\1", "see ![a cat](wiki/Cat_(1).png) here") == "see a cat here"
    assert IMAGE.sub(r"\1", "![ref image][img]") == "ref image"
    assert LINK.sub(r"\1", "[Adam](https://x.org/Adam_(optimizer)).") == "Adam."


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("- **FID**: realism of *generated* images", "FID: realism of generated images"),
        ("1. See [the paper](http://a.b/c) and [[Notes|notes]]", "See the paper and notes"),
        ("Call `fit()` on ![chart](c.png)", "Call fit() on chart"),
        ("> quoted   text", "quoted text"),
        ("window.__x stays, so does 2*3*4", "window.__x stays, so does 2*3*4"),
        ("__under__ and **both**", "under and both"),
    ],
)
def test_clean_markdown(markdown: str, plain: str) -> None:
    assert clean_markdown(markdown) == plain


def test_clean_markdown_can_keep_a_leading_number() -> None:
    assert clean_markdown("8. Ethics", list_marker=False) == "8. Ethics"
    assert clean_markdown("8. Ethics") == "Ethics"


def test_ingest_reads_headings_with_the_shared_pattern() -> None:
    """The loader's title and the splitter's sections agree with the evidence reader."""
    from ingest.load import title_heading
    from ingest.split import find_sections

    text = "##\n  # **Indented** title\nBody.\n"
    assert title_heading(text) == "Indented title"  # an empty heading names nothing
    document = "  ## Indented\nBody.\n```\n# not a heading\n```\n### Next ##\nMore.\n"
    assert [section.name for section in find_sections(document)] == [
        "Indented",
        "Indented > Next",
    ]
