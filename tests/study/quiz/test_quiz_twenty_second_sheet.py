"""What the twenty-second check sheet (eval/quiz_check22_*.md: human physiology and
Renaissance and Reformation Europe, drafted items and the items of real quizzes) found,
each case marked by the majority of three raters; the sheet was drawn before these rules.
"""

from __future__ import annotations

from rag.study.quiz import QuizItem
from rag.study.quiz.relevance import relevant_units, topic_weights
from rag.study.quiz.sections import named_sections
from rag.study.quiz.verify import given_away
from tests.study.quiz.samples import passage


def test_a_prefixed_word_in_the_stem_gives_the_blank_away() -> None:
    """ "…the fluid-filled _____, whose intrapleural pressure is subatmospheric" keyed
    "pleural space": "intrapleural" stems to "intrapleur", which hides "pleural"."""
    item = QuizItem(
        "cloze",
        "Fill in the blank: The lungs are held to the chest wall by the fluid-filled _____, "
        "whose intrapleural pressure is subatmospheric.",
        "pleural space", "", None, [], "medium", kind="recall",
    )  # fmt: skip
    assert given_away(item) == "answer_in_question"


SKELETAL = (
    "Thick filaments are myosin II, whose heads form cross-bridges. Myosin binds actin "
    "and pulls the thin filament. ATP is hydrolyzed, re-cocking the head for the next "
    "cycle. The Krebs cycle in the mitochondria supplies most of the ATP a working "
    "fibre uses."
)


def test_a_topic_the_notes_only_touch_is_asked_where_a_unit_names_its_rarest_word() -> None:
    """ "_____ is hydrolyzed, re-cocking the head for the next cycle" on "The Krebs cycle",
    which the notes name once (coverage partial): "cycle" alone is not the Krebs cycle."""
    chunk = passage(SKELETAL, section="8. Skeletal muscle: excitation-contraction coupling")
    others = [
        "5. The heart: the cardiac cycle of systole and diastole.",
        *(f"{n}. Another system: vessels, nerves, glands and fluids." for n in range(9, 17)),
    ]
    weights = topic_weights("The Krebs cycle", [f"{chunk.section} {chunk.text}", *others])
    scores = {}  # sentence scores: only the topic's words decide here
    texts = [u.text for u in relevant_units([chunk], scores, weights, named_only=True)]
    assert texts == [
        "The Krebs cycle in the mitochondria supplies most of the ATP a working fibre uses."
    ]


def test_a_section_named_by_the_topic_s_rarest_word_comes_before_one_named_by_two() -> None:
    """Erasmus's "philosophy of _____" (from "9. The Northern Renaissance and Christian
    Humanism") in a quiz on "Petrarch and the origins of Renaissance humanism", whose
    own section is "2. Petrarch and the Origins of Humanism" (three raters of three)."""
    sections = ["2. Petrarch and the Origins of Humanism",
                "9. The Northern Renaissance and Christian Humanism",
                "3. The Italian City-States"]  # fmt: skip
    chunks = [passage(f"Text of {s}.", chunk_id=f"c{n}", section=s) for n, s in enumerate(sections)]
    texts = [f"{c.section} {c.text}" for c in chunks]
    texts += [f"{n}. Another section: princes, wars and trade." for n in range(10, 16)]
    weights = topic_weights("Petrarch and the origins of Renaissance humanism", texts)
    assert [c.section for c in named_sections(chunks, weights)] == [sections[0]]
    assert named_sections(chunks[1:], weights) == [chunks[1]]  # two of its words, if no other
