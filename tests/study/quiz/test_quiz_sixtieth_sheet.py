"""What check sheets 58 to 60 (eval/quiz_check58-60_eight_courses.md, three raters per
item, majority deciding) found that a rule could mend: an order item whose key alone
echoes the step it is asked beside. And what drawing sheet 61 showed: a numbered list of
steps whose bold heads carry an aside ("**Annealing** (50–65 °C): …") was no sequence.
"""

from __future__ import annotations

from rag.study.quiz.facts import unit_facts
from rag.study.quiz.model import ItemSource, QuizItem
from rag.study.quiz.timelines import sequences
from rag.study.quiz.units import passage_units
from rag.study.quiz.verify import check_item
from tests.study.quiz.samples import passage

HARVESTS = (
    "| 1845 | A third to two-fifths of the crop lost | Hardship, few deaths; Peel's relief |\n"
    "| 1846 | Near-total failure | Mass hunger from autumn; public works overwhelmed |\n"
    "| 1847 | Little blight, but tiny acreage planted | Peak mortality from starvation |\n"
    "| 1848 | Blight returns | Continued distress, evictions; cholera in 1849 |\n"
    "| 1849–52 | Gradual recovery | Famine persists in parts of the west |"
)


def harvest_item(anchor: str, key: str, side: str = "after") -> QuizItem:
    source = ItemSource("irish.md", "Ireland", "7. The Great Famine", HARVESTS, "c1")
    steps = ("A third to two-fifths of the crop lost", "Near-total failure",
             "Gradual recovery", "Little blight, but tiny acreage planted", "Blight returns")  # fmt: skip
    options = [key, *[step for step in steps if step not in (key, anchor)][:3]]
    question = (
        f"In the course's timeline on “7. The Great Famine”, which harvest comes right "
        f"{side} “{anchor}”?"
    )
    return QuizItem("mcq", question, key, "e", source, options, kind="order",
                    meta={side: anchor})  # fmt: skip


def test_an_order_item_whose_key_alone_repeats_a_word_of_its_neighbour_is_refused() -> None:
    """ "Blight returns" right after "Little blight…", among options without "blight"."""
    echoed = harvest_item("Little blight, but tiny acreage planted", "Blight returns")
    assert check_item(echoed, HARVESTS) == "answer_in_question"
    before = harvest_item("Blight returns", "Little blight, but tiny acreage planted", "before")
    assert check_item(before, HARVESTS) == "answer_in_question"
    plain = harvest_item("A third to two-fifths of the crop lost", "Near-total failure")
    assert check_item(plain, HARVESTS) is None


PCR = """PCR repeats three steps:

1. **Denaturation** (94–98 °C): the template strands separate.
2. **Annealing** (typically 50–65 °C): two **primers**, complementary to the two ends of \
the target on opposite strands, bind.
3. **Extension** (72 °C for Taq): the polymerase adds nucleotides to the 3′ end of each primer.
"""


def test_steps_whose_bold_heads_carry_an_aside_are_a_sequence_and_terms() -> None:
    chunk = passage(PCR, section="5. The Polymerase Chain Reaction")
    assert [steps for _, steps, *_ in sequences(chunk)] == [
        ["Denaturation", "Annealing", "Extension"]
    ]
    facts = {fact.term for unit in passage_units(0, chunk) for fact in unit_facts(unit, chunk)}
    assert {"Denaturation", "Annealing", "Extension"} <= facts
