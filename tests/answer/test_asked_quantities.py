"""A quantity of the kind asked: a temperature, a sum of money, the size of a named thing.

Each case was answered with a number of another kind by notes that do not give the one
asked (students' probes of a seismology and a Mughal-empire course, docs/evaluation.md,
the forty-sixth round). Pure logic: no model is loaded, and the statistics are made up to
the notes' proportions.
"""

from __future__ import annotations

import pytest

from rag.answer.asked import question_weights
from rag.answer.decide import answer_type
from rag.answer.evidence import ScoredUnit, score_units, split_units
from rag.answer.numbers import states_temperature, states_unit_if_asked
from rag.answer.scope import answer_found
from rag.retrieval.keyword import TermStatistics

EARTH = (
    "Direct S waves vanish beyond about 104°. Since S waves cannot cross a liquid, the outer "
    "core is liquid.\n\n"
    "Inner core: 5,150–6,371 (state: Solid; main material: Iron–nickel).\n\n"
    "Magnitude is a single number describing the size of an earthquake.\n\n"
    "Kobe's port (1995) and eastern Christchurch (2011) were badly damaged.\n\n"
    "The 2004 Sumatra–Andaman earthquake, of magnitude 9.1, killed about 230,000 people.\n"
)
EARTH_STATS = TermStatistics(
    60,
    {"inner": 4, "core": 12, "temperatur": 2, "centr": 3, "earth": 20, "magnitud": 15,
     "kobe": 1, "sumatra-andaman": 1, "earthquak": 40, "wave": 30, "liquid": 3, "peopl": 4, "die": 1},
)  # fmt: skip
TAJ = (
    "Taj Mahal, Agra: 1632–c. 1648 (patron: Shah Jahan; features: White marble mausoleum; "
    "some 20,000 workers).\n"
)
TAJ_STATS = TermStatistics(40, {"taj": 2, "mahal": 3, "cost": 1, "build": 6, "worker": 2})


def _ranked(question: str, notes: str, stats: TermStatistics) -> list[ScoredUnit]:
    weights = question_weights(question, stats)
    answer = answer_type(question, weights, stats)
    return list(score_units(weights, split_units(0, notes), 1, answer=answer))


def _found(question: str, notes: str, stats: TermStatistics) -> bool:
    weights = question_weights(question, stats)
    return answer_found(question, weights, stats, _ranked(question, notes, stats))


@pytest.mark.parametrize(
    ("text", "temperature"),
    [
        ("about 5,400 °C at the centre", True),
        ("roughly 5700 K", True),
        ("a temperature of some 90 degrees", True),
        ("no direct P arrives between about 104° and 140°", False),
        ("in degrees of arc (1° ≈ 111 km) for distant ones", False),
    ],
)
def test_an_angle_in_degrees_is_no_temperature(text: str, temperature: bool) -> None:
    assert states_temperature(text) is temperature


def test_the_temperature_of_the_core_is_not_answered_by_an_angle_or_a_depth() -> None:
    """The inner core's depths were quoted for its temperature: the shadow zone's "104°"
    passed for one."""
    question = "What is the temperature at the centre of the Earth's inner core?"
    assert not _found(question, EARTH, EARTH_STATS)
    hot = EARTH + "\nThe inner core is thought to reach about 5,400 °C.\n"
    assert _found(question, hot, EARTH_STATS)


def test_a_cost_is_a_sum_of_money() -> None:
    """ "How much did the Taj Mahal cost to build?" was answered with its dates."""
    question = "How much did the Taj Mahal cost to build?"
    assert answer_type(question, question_weights(question, TAJ_STATS), TAJ_STATS).number
    assert not _found(question, TAJ, TAJ_STATS)
    assert _found(question, TAJ + "\nThe Taj Mahal cost some 32 million rupees.\n", TAJ_STATS)
    assert not states_unit_if_asked(question, "some 20,000 workers")
    # Not a cost function, nor any "how much".
    assert states_unit_if_asked("What is the cost function's value at 0?", "it is 2")
    assert not answer_type("How much audio do you need?", {}, TAJ_STATS).number


def test_the_size_of_a_named_thing_is_the_named_things() -> None:
    """ "What magnitude was the 1995 Kobe earthquake?" was answered with the definition of
    magnitude and the sentence naming Kobe's port; the notes give no Kobe magnitude."""
    question = "What magnitude was the 1995 Kobe earthquake?"
    answer = answer_type(question, question_weights(question, EARTH_STATS), EARTH_STATS)
    assert answer.number and answer.names == {"kobe"}
    assert not _found(question, EARTH, EARTH_STATS)
    assert _found("What magnitude was the 2004 Sumatra–Andaman earthquake?", EARTH, EARTH_STATS)
