"""Answers on courses students probed in the fifty-seventh round: biochemistry, the
Crusades, macroeconomics, marine biology, ethics and the Hanseatic League; and lines of
the fifty-sixth round's courses that say "he" of someone named before them.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md);
each case here was answered from the wrong line or left out what it asked. Pure logic:
no model is loaded.
"""

from __future__ import annotations

import dataclasses

from rag.answer.blocks import answering_block
from rag.answer.evidence import split_units
from rag.answer.introduced import named_before
from rag.answer.reasons import reasons_listed
from rag.text.tables import row_text
from tests.answer.made_up import scored_as


def test_what_he_did_comes_with_the_line_naming_him() -> None:
    """ "what happened at the battle of the hydaspes" quoted "In 326 BCE he defeated the king
    known to the Greeks as Porus…" and never named Alexander; the fall of Baghdad "He
    destroyed… Alamut…", never Hulagu."""
    units = split_units(0, (
        "In 327 BCE Alexander of Macedon, having conquered the Persian empire, crossed the "
        "Hindu Kush. The ruler of Taxila submitted to him. In 326 BCE he defeated the king "
        "known to the Greeks as Porus at the Battle of the Hydaspes.\n\n"
        "The second wave was led by Chinggis's grandson Hulagu. He destroyed the Nizari "
        "fortress of Alamut in 1256 and then besieged Baghdad.\n"
    ), "6. The Northwest")  # fmt: skip
    crossed, _, defeated, led, destroyed = units
    assert named_before("what happened at the battle of the hydaspes", defeated, units) == [crossed]
    assert named_before("when did baghdad fall to the mongols", destroyed, units) == [led]
    # Not a line that opens on a capital only: "Critics in the Tribunate saw it…".
    nobles = split_units(0, (
        "Critics in the Tribunate saw it as a return of privilege. In 1808 he created an "
        "imperial nobility of princes, dukes and counts.\n"
    ))  # fmt: skip
    assert named_before("did napoleons new nobles get tax perks", nobles[1], nobles) == []
    # Not a line saying what someone is: that needs no one named.
    said = split_units(0, "Porus was a king of the Punjab. He is remembered for his pride.\n")
    assert named_before("who was porus", said[1], said) == [said[0]]
    assert named_before("what is porus remembered for", said[1], said) == []


def test_columns_of_two_vices_and_a_virtue_are_each_named() -> None:
    """ "what is the virtue between cowardice and rashness" read "Fear and confidence:
    Cowardice (virtue (mean): Courage; …)", as if cowardice were the virtue."""
    row = row_text(
        ["Fear and confidence", "Cowardice", "Courage", "Rashness"],
        ["Sphere", "Vice of deficiency", "Virtue (mean)", "Vice of excess"],
    )
    assert row == (
        "Fear and confidence — Vice of deficiency: Cowardice; Virtue (mean): Courage; "
        "Vice of excess: Rashness"
    )


def test_a_table_of_explanations_answers_what_caused_its_sections_event() -> None:
    """ "what were the main causes of the fall of isfahan in 1722" quoted "Mahmud entered
    Isfahan as shah", an event, over the table "Type of explanation | Argument"."""
    units = split_units(0, (
        "## 7. The Fall of Isfahan (1722)\n\n"
        "1. **25 October 1722 – Occupation.** Mahmud entered Isfahan as shah.\n\n"
        "| Type of explanation | Argument |\n|---|---|\n"
        "| Leadership | An indecisive shah and poor generalship |\n"
        "| Fiscal | A strained treasury unable to pay troops |\n"
    ))  # fmt: skip
    occupation, *rows = units
    ranked = scored_as([occupation], [0.5], {"caus": 1.0, "fall": 2.0, "isfahan": 3.0})
    question = "what were the main causes of the fall of isfahan in 1722"
    assert reasons_listed(question, ranked, units) == rows
    assert reasons_listed("what happened at the fall of isfahan", ranked, units) == []


def test_a_list_its_label_counts_as_asked_over_a_line_listing_after_a_colon() -> None:
    """ "what are rawls two principles of justice" quoted "John Rawls called the back-and-
    forth reflective equilibrium (A Theory of Justice, 1971): we adjust principles…, and
    revise judgements…, until the two cohere", which reads as a list of what is asked."""
    called, *_ = split_units(0, (
        "John Rawls called the back-and-forth reflective equilibrium (A Theory of Justice, "
        "1971): we adjust principles, revise judgements, and test cases, until the two cohere.\n"
    ), "2. Moral arguments")  # fmt: skip
    principles = split_units(1, (
        "Rawls argued that they would choose two principles:\n\n"
        "1. Each person has an equal right to basic liberties.\n"
        "2. Inequalities must benefit the least advantaged.\n"
    ), "7. Social contract theory")  # fmt: skip
    units = [called, *principles]
    weights = {"rawl": 3.0, "two": 0.5, "principl": 1.5, "justic": 1.5}
    ranked = [*scored_as([called, *principles], [0.77, 0.45, 0.44], weights)]
    ranked[0] = dataclasses.replace(ranked[0], coverage=1.0)
    assert answering_block(ranked, units, True, question="what are rawls two principles") == (
        principles
    )
