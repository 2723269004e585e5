"""The shared sentence rules (rag.text.sentences): pure, no model."""

from __future__ import annotations

import re

from rag.text.sentences import (
    ABBREVIATION,
    CHUNK_SENTENCE_END,
    SENTENCE,
    SENTENCE_END,
    sentence_spans,
    split_sentences,
)


def _between(pattern: re.Pattern[str], text: str) -> list[str]:
    pieces, cursor = [], 0
    for match in pattern.finditer(text):
        pieces.append(text[cursor : match.start()])
        cursor = match.end()
    return [*pieces, text[cursor:]]


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "GANs vs. VAEs differ. Optimizers, e.g. Adam, help. Dr. Smith agrees. J. Doe too."
    assert split_sentences(text) == [
        "GANs vs. VAEs differ.",
        "Optimizers, e.g. Adam, help.",
        "Dr. Smith agrees.",
        "J. Doe too.",
    ]
    assert _between(SENTENCE_END, text) == split_sentences(text)


def test_dots_inside_names_and_numbers_end_nothing() -> None:
    assert split_sentences("Open pixel.png at 2.5x zoom. Then save it!") == [
        "Open pixel.png at 2.5x zoom.",
        "Then save it!",
    ]


def test_a_line_break_ends_a_sentence() -> None:
    assert split_sentences("## Risks\nBias is one. Cost is another") == [
        "## Risks",
        "Bias is one.",
        "Cost is another",
    ]


def test_sentence_spans_index_the_text() -> None:
    text = "  First one.   Second one?\n"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one?"]


def test_sentence_end_needs_a_capital_or_digit_next() -> None:
    assert _between(SENTENCE_END, "It ends. then goes on.") == ["It ends. then goes on."]
    assert _between(SENTENCE_END, 'One. "Two" is next. (Three) then 4 is four.') == [
        "One.",
        '"Two" is next.',
        "(Three) then 4 is four.",
    ]
    # A sentence may open with emphasis: "**BLOOM** writes" starts a new one.
    assert _between(SENTENCE_END, "The team built it. **BLOOM** writes code. *Then* more.") == [
        "The team built it.",
        "**BLOOM** writes code.",
        "*Then* more.",
    ]
    # A closing quote after the stop hides it: the boundary needs white space at once.
    assert len(_between(SENTENCE_END, 'He said "stop." Then left.')) == 1


def test_chunk_boundary_cuts_after_closing_quotes_and_abbreviations() -> None:
    """The splitter's older rule, kept so stored chunk boundaries do not move."""
    assert _between(CHUNK_SENTENCE_END, 'He said "stop." Then left, e.g. Home.') == [
        'He said "stop.',
        "Then left, e.g.",
        "Home.",
    ]


def test_abbreviation_is_pattern_text_for_other_patterns() -> None:
    assert re.fullmatch(ABBREVIATION + r"\s", "vs. ")
    match = SENTENCE.match("e.g. this. That")
    assert match is not None and match.group(0) == "e.g. this."


def test_an_article_or_page_number_does_not_end_a_sentence() -> None:
    """ "(Art. 213)" was cut at "Art." and a quiz option ended "(Art." (sheet 62)."""
    text = (
        "The wife owes obedience to her husband (Art. 213). See p. 45 and Arts. 2 and 3. "
        "It hangs in the Museum of Art. It opened in 1890."
    )
    assert split_sentences(text) == [
        "The wife owes obedience to her husband (Art. 213).",
        "See p. 45 and Arts. 2 and 3.",
        "It hangs in the Museum of Art.",
        "It opened in 1890.",
    ]
    assert _between(SENTENCE_END, text) == split_sentences(text)
