"""Statements and blanks the eleventh check sheet found unaskable (eval/quiz_check11_*.md).

An ecology and a linguistics course written blind; each case was marked by the
majority of three raters. The sheet was drawn before these rules.
"""

from __future__ import annotations

import random

from rag.study.quiz import ItemType, Material, draft_items, relevant_units, term_pool
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


def drafts(text: str, section: str, types: tuple[ItemType, ...] = ("cloze", "tf")) -> list[str]:
    chunk = passage(text, section=section)
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.5] * len(c))
    units = relevant_units([chunk], {}, gate=False)
    rng = random.Random(1)
    return [d.item.question for d in draft_items(material, units, list(types), rng)]


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


def test_a_sentence_with_a_year_gets_a_false_version_with_another_year_of_the_notes() -> None:
    """Every statement of six check sheets on other subjects was true: prose seldom has a
    list mate to swap in. A year can be swapped for the nearest other year the notes name."""
    text = (
        "## 1. From continental drift to plate tectonics\n\n"
        "Alfred Wegener proposed continental drift in his book of 1915, citing fitting "
        "coastlines and matching fossils.\n\n"
        "Harry Hess proposed seafloor spreading in 1962, after wartime echo sounding.\n\n"
        "The Vine–Matthews hypothesis of 1963 explained magnetic stripes on the seafloor.\n\n"
        "Arthur Holmes argued for mantle convection currents between 1928 and 1931 in lectures.\n"
        "Marie Tharp drew the first maps of the ridge (1952–1957) with Bruce Heezen at Columbia.\n"
    )
    stated = statements(passage(text, section="1. From continental drift to plate tectonics"))
    falses = {q for q in stated if "1915" not in q and "Wegener" in q}
    assert falses == {
        "True or false: Alfred Wegener proposed continental drift in his book of 1928, citing "
        "fitting coastlines and matching fossils."
    }
    # Two years may be compared, a range's ends ordered: neither is swapped.
    holmes = {q for q in stated if "Holmes" in q}
    tharp = {q for q in stated if "Tharp" in q}
    assert all("1928 and 1931" in q for q in holmes) and all("(1952–1957)" in q for q in tharp)


def test_the_rest_of_a_line_is_no_statement() -> None:
    text = (
        "## 4. Napoleon\n\n"
        "As First Consul he reformed the state:\n"
        "- centralised rule through prefects, the Bank of France (1800) and the lycées.\n\n"
        "Napoleon crowned himself emperor at Notre-Dame in December 1804 before the pope.\n"
    )
    stated = statements(passage(text, section="4. Napoleon"))
    assert stated and all("Notre-Dame" in question for question in stated)


def test_a_column_headed_by_a_clause_is_asked_as_what_goes_with_it() -> None:
    """ "In “2.2 Measuring dietary intake”, which method has the what the subject does …"
    (thirteenth check sheet, nutrition)."""
    text = (
        "### 2.2 Measuring dietary intake\n\n"
        "| Method | What the subject does | Best suited to |\n"
        "|---|---|---|\n"
        "| 24-hour recall | Describes everything eaten the previous day to an interviewer | "
        "Population surveys |\n"
        "| Food record (diary) | Writes down or weighs all food as eaten, usually 3–7 days | "
        "Small detailed studies |\n"
        "| Food frequency questionnaire | Reports how often listed foods are eaten | "
        "Large cohort studies |\n"
    )
    asked = drafts(text, "2.2 Measuring dietary intake", ("mcq", "short"))
    assert asked and not any("has the what" in question for question in asked)
    assert not any("what is the what" in question for question in asked)
