"""Truth tables: the row of the states a question gives answers it (pure, no model)."""

from __future__ import annotations

from rag.answer.asked import question_weights
from rag.answer.evidence import select_evidence, split_units
from rag.answer.states import alternative_states, condition_states, row_agrees
from rag.retrieval.keyword import TermStatistics

LAC = """Positive control: when glucose is scarce, cAMP levels rise and CAP stimulates the operon.

| Glucose | Lactose | Repressor on operator? | CAP–cAMP bound? | Transcription |
|---------|---------|------------------------|-----------------|---------------|
| Present | Absent | Yes | No | Off |
| Present | Present | No | No | Low |
| Absent | Absent | Yes | Yes | Off |
| Absent | Present | No | Yes | High |

The lac operon contains three structural genes: lacZ cleaves lactose into glucose and galactose.
"""
STATS = TermStatistics(
    30, {"glucos": 3, "lactos": 3, "lac": 2, "operon": 3, "off": 1, "transcript": 5, "low": 2}
)


def _answer(question: str) -> str:
    units = split_units(0, LAC, "8. Regulation of gene expression: the lac operon")
    return select_evidence(question, units, 1, STATS)[0].unit.text


def test_the_row_of_the_states_the_question_gives_answers_it() -> None:
    # A student's probe of a genetics course quoted the glucose-only row (transcription
    # off) for "both glucose and lactose": every row names both sugars.
    assert _answer("is the lac operon on or off if theres both glucose and lactose around??") == (
        "Glucose: Present; Lactose: Present; Repressor on operator?: No; "
        "CAP–cAMP bound?: No; Transcription: Low."
    )
    assert _answer("What happens to transcription when glucose is low and lactose present?")
    assert "Glucose: Absent; Lactose: Present" in _answer(
        "What happens to transcription when glucose is low and lactose present?"
    )
    assert "Glucose: Absent; Lactose: Absent" in _answer(
        "is the operon transcribed without glucose and without lactose"
    )


def test_a_condition_sets_what_it_names_as_there_unless_a_word_beside_it_says_not() -> None:
    assert condition_states("on or off if theres both glucose and lactose around") == {
        "glucos": True, "lactos": True, "around": True,
    }  # fmt: skip
    assert condition_states("when glucose is low and lactose present") == {
        "glucos": False, "lactos": True,
    }  # fmt: skip
    assert condition_states("is it on without glucose but with lactose") == {
        "glucos": False, "lactos": True,
    }  # fmt: skip
    # What is asked about comes before the condition and is no state given.
    assert "transcript" not in condition_states("what happens to transcription when glucose is low")
    assert condition_states("What does the lac operon encode?") == {}
    assert condition_states("with w+b and text-to-image") == {"text-to-imag": True}


def test_alternatives_of_state_are_the_answers_choices_not_words_a_row_must_hold() -> None:
    assert alternative_states("is the lac operon on or off if…") == {"off"}
    assert alternative_states("Is transcription high or low?") == {"high", "low"}
    assert alternative_states("Is glucose or lactose used first?") == set()
    weights = question_weights("is the lac operon on or off if there is lactose", STATS)
    assert weights["off"] < weights["lactos"] / 2


def test_a_row_agrees_only_when_every_state_it_shares_with_the_question_does() -> None:
    row = "Glucose: Present; Lactose: Absent; Repressor on operator?: Yes; Transcription: Off."
    assert row_agrees(row, {"glucos": True}) is True
    assert row_agrees(row, {"glucos": True, "lactos": True}) is False
    assert row_agrees(row, {"repressor": True}) is None  # no one-word column of that name
    assert row_agrees("Adenine: Two rings (purine)", {"adenin": True}) is None
