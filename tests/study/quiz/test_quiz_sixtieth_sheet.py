"""What check sheets 58 to 60 (eval/quiz_check58-60_eight_courses.md, three raters per
item, majority deciding) found that a rule could mend: an order item whose key alone
echoes the step it is asked beside. And what drawing sheet 61 showed: a numbered list of
steps whose bold heads carry an aside ("**Annealing** (50–65 °C): …") was no sequence.
"""

from __future__ import annotations

from random import Random

from rag.study.quiz import Material, structure_drafts
from rag.study.quiz.distractors import LineIndex
from rag.study.quiz.facts import unit_facts
from rag.study.quiz.model import ItemSource, QuizItem
from rag.study.quiz.timelines import sequences
from rag.study.quiz.units import passage_units
from rag.study.quiz.verify import check_item
from tests.study.quiz.samples import no_similarity, passage
from tests.study.quiz.test_quiz_second_course import statements

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


ENTOMOLOGISTS = """| Year | Person | Contribution |
|---|---|---|
| c. 350 BCE | Aristotle | *Historia Animalium* groups the "entoma" and describes life histories |
| 1669 | Marcello Malpighi | Anatomy of the silkworm, including the tubules named after him |
| 1669 | Jan Swammerdam | Metamorphosis shown to be gradual development, not transformation |
| 1705 | Maria Sibylla Merian | Painted life cycles of Surinam insects on their host plants |
| 1758 | Carl Linnaeus | *Systema Naturae*, 10th ed.: starting point of zoological nomenclature |
"""


def test_no_order_item_is_keyed_with_one_of_two_steps_dated_alike() -> None:
    """ "Right after Aristotle" is Malpighi and Swammerdam alike, both 1669."""
    chunk = passage(ENTOMOLOGISTS, section="3. A Short History of Entomology")
    material = Material([chunk], [], LineIndex([]), no_similarity)
    asked = {
        (direction, anchor, draft.item.answer)
        for seed in range(6)
        for draft in structure_drafts(material, passage_units(0, chunk), ["mcq"], Random(seed))
        if draft.item.kind == "order"
        for direction, anchor in draft.item.meta.items()
    }
    assert asked, "the timeline still gives order items"
    keyed = {answer for _, _, answer in asked}
    assert not keyed & {"Marcello Malpighi", "Jan Swammerdam"}
    assert ("after", "Maria Sibylla Merian", "Carl Linnaeus") in asked


def test_a_false_statement_that_still_names_the_swapped_term_is_refused() -> None:
    quote = (
        "RGB matches how emissive displays work, which is why frame buffers store RGB; "
        "CMY / CMYK suits printing."
    )
    source = ItemSource("cg.md", "Graphics", "3. Colour models", quote, "c1")

    def false_statement(statement: str) -> QuizItem:
        return QuizItem("tf", f"True or false: {statement}", "False", "e", source,
                        ["True", "False"], kind="truefalse",
                        meta={"swap_from": "RGB", "swap_to": "HSV"})  # fmt: skip

    refuting = false_statement(
        "HSV matches how emissive displays work, which is why frame buffers store RGB; "
        "CMY / CMYK suits printing."
    )
    assert check_item(refuting, quote) == "answer_in_question"


def test_a_bare_formula_is_asked_typed_not_with_options() -> None:
    """Options beside "Schlick's approximation" for a formula were a method, a routine and
    a paper title: a formula says nothing of its answer's kind (sheets 60 and 61)."""
    text = (
        "**Schlick's approximation** (1994) is R(θ) ≈ R₀ + (1 − R₀)(1 − cos θ)⁵.\n\n"
        "**Snell's law** is the rule that relates the angles of incidence and refraction "
        "to the two media's refractive indices."
    )
    chunk = passage(text, section="7. Reflection and refraction")
    facts = {
        fact.term: fact.types
        for unit in passage_units(0, chunk)
        for fact in unit_facts(unit, chunk)
        if fact.skill == "definition"
    }
    assert facts["Schlick's approximation"] == ("short",)
    assert "mcq" in facts["Snell's law"]


def test_a_statement_whose_subject_is_in_the_sentence_before_is_not_asked() -> None:
    """ "True or false: The original was destroyed in a bombing raid on Hanover in 1943."
    The original of what? The Ebstorf Map, named the sentence before (sheet 65: two
    raters of three, not correct as asked)."""
    text = (
        "## 4. Medieval maps\n\n"
        "The Ebstorf Map was the largest mappa mundi, over three metres across.\n\n"
        "The original was destroyed in a bombing raid on Hanover in 1943, with the city "
        "archive.\n\n"
        "The Hereford Map was cleaned in 1938 and moved to a new library in the "
        "cathedral.\n"
    )
    asked = statements(passage(text, section="4. Medieval maps"))
    assert any("The Hereford Map" in question for question in asked)
    assert not any("The original" in question for question in asked)
