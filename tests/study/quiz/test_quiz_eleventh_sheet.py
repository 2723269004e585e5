"""Statements and blanks the eleventh check sheet found unaskable (eval/quiz_check11_*.md).

An ecology and a linguistics course written blind; each case was marked by the
majority of three raters. The sheet was drawn before these rules.
"""

from __future__ import annotations

import random

from rag.study.quiz import Material, draft_items, relevant_units, term_pool
from rag.study.quiz.units import passage_units
from tests.study.quiz.samples import passage
from tests.study.quiz.test_quiz_second_course import statements

GLOSSING = """### 2.1 Interlinear glossing

The Leipzig Glossing Rules give a three-line format used in most grammars.

1. Write the example in the source language, with hyphens between morphemes.
2. Underneath, align a gloss for each morpheme, separated by the same hyphens.
3. Join with a full stop several meanings carried by one fused morpheme, as in Latin GEN.PL.

Christian Lehmann and Bernard Comrie published the rules in 2008 at Leipzig.
"""

CONSONANTS = """## 2. Describing consonants

The table below brings the three parameters together for a selection of English consonants.

Peter Ladefoged described the voicing of English stops in detail in 1975.
"""


def drafts(text: str, section: str) -> list[str]:
    chunk = passage(text, section=section)
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.5] * len(c))
    units = relevant_units([chunk], {}, gate=False)
    rng = random.Random(1)
    return [d.item.question for d in draft_items(material, units, ["cloze", "tf"], rng)]


def test_an_instruction_in_a_list_of_steps_is_no_statement() -> None:
    stated = statements(passage(GLOSSING, section="2.1 Interlinear glossing"))
    assert not any("align a gloss" in q or "Join with a full stop" in q for q in stated)
    assert not any("Write the example" in q for q in stated)


def test_a_sentence_about_the_page_around_it_is_neither_blanked_nor_stated() -> None:
    asked = drafts(CONSONANTS, "2. Describing consonants")
    assert (
        "Fill in the blank: _____ described the voicing of English stops in detail in 1975."
        in asked
    )
    assert not any("table below" in question for question in asked)


def test_saint_is_an_abbreviation_not_the_end_of_a_sentence() -> None:
    text = (
        "## 2.1 Exponential growth\n\n"
        "A classic case is the reindeer of St. Matthew Island, which grew from 29 animals "
        "in 1944 to about 6,000 in 1963 before crashing.\n"
    )
    units = [u.text for u in passage_units(0, passage(text, section="2.1 Exponential growth"))]
    assert any("St. Matthew Island, which grew" in unit for unit in units)


def test_sentences_that_lean_on_their_paragraph_or_the_course_layout_are_not_asked() -> None:
    """Twelfth check sheet (geology, music theory): "the idea", "the two engines", "the
    subject of Part 2", "The table lists…" and a blank "_____ 1" for "Part 1"."""
    from rag.study.quiz.units import REFERS_TO_UNSEEN

    leaning = [
        "Most geologists, especially in North America, rejected the idea for four decades.",
        "Plate tectonics, the subject of Part 2, is the mechanism that connects the two engines.",
        "The table lists the keys nearest to C.",
        "The rule follows directly from the fact that the two intervals fill one octave.",
        "It arises because the pure intervals of Part 1 do not fit together.",
    ]
    standing = [
        "Alfred Wegener proposed the idea of continental drift in 1912.",
        "The rule of superposition says that younger layers lie on older ones.",
        "Water freezes below zero, and air is thinner above sea level.",
    ]
    assert all(REFERS_TO_UNSEEN.search(text) for text in leaning)
    assert not any(REFERS_TO_UNSEEN.search(text) for text in standing)
