"""What the twentieth check sheet (eval/quiz_check20_*.md: plant biology and medieval
Europe, drafted items and the items of real quizzes) found, each case marked by the
majority of three raters; the sheet was drawn before these rules.
"""

from __future__ import annotations

import random

from rag.study.quiz import Material, QuizItem, term_pool
from rag.study.quiz.blanks import cloze_candidates, modifier_blank
from rag.study.quiz.facts import list_style, unit_facts
from rag.study.quiz.kinds import structure_drafts
from rag.study.quiz.relevance import relevant_units, topic_weights
from rag.study.quiz.statements import statement_drafts
from rag.study.quiz.timelines import named_by_dates
from rag.study.quiz.units import passage_units
from rag.text.sentences import split_sentences
from tests.study.quiz.samples import passage
from tests.study.quiz.test_quiz_kinds import trigram_similarity

OTHER_SECTIONS = [
    "1. The Carolingians: Charlemagne was crowned emperor in 800.",
    "3. Feudal society: lords granted fiefs to vassals for military service.",
    "6. The Investiture Controversy: Gregory VII and Henry IV.",
]
"""Sections a quiz retrieves beside the topic's: its words are rare among them."""


def material_of(text: str, section: str, topic: str) -> tuple[Material, list[QuizItem]]:
    chunk = passage(text, section=section)
    pool, lines = term_pool([chunk])
    weights = topic_weights(topic, [f"{section} {text}", *OTHER_SECTIONS])
    material = Material([chunk], pool, lines, trigram_similarity, [chunk], weights, topic)
    units = relevant_units([chunk], {}, weights, gate=False)
    items = [d.item for d in structure_drafts(material, units, ["mcq", "short", "tf"],
                                              random.Random(1))]  # fmt: skip
    return material, items


def test_a_sentence_does_not_end_after_died_or_born() -> None:
    """ "True or false: 1187) translated dozens of Arabic works…" was cut after "(d."."""
    text = ("At Toledo, Gerard of Cremona (d. 1187) translated dozens of Arabic works. "
            "Others translated Aristotle.")  # fmt: skip
    assert split_sentences(text) == [
        "At Toledo, Gerard of Cremona (d. 1187) translated dozens of Arabic works.",
        "Others translated Aristotle.",
    ]


YEARS = (
    "Gutenberg's printing press at Mainz, from about 1450, would later spread humanist "
    "texts much faster.\n\nThe Council of Constance met in 1414 and ended the schism in "
    "1417.\n\nThe Ottomans took Constantinople in 1453, ending the empire.\n\n"
    "Around 1000, kings and nobles founded churches and appointed bishops."
)


def test_an_approximate_year_is_not_swapped() -> None:
    """ "from about 1453" for "about 1450", "Around 1020" for "Around 1000": both still
    read as true (three raters of three each)."""
    material, _ = material_of(YEARS, "4. Renaissance and Reformation", "Printing")
    chunk = material.passages[0]
    swapped = []
    for unit in passage_units(0, chunk):
        for draft in statement_drafts(chunk, unit, material, random.Random(1)):
            swapped.append(draft.item.meta.get("swap_from"))
    assert "1450" not in swapped and "1000" not in swapped
    assert "1453" in swapped  # a year the sentence states exactly is still swapped


def test_no_order_question_between_steps_named_by_dates() -> None:
    """ "which step comes right after 1349?" offered 1346 and 1348 (three of three)."""
    text = (
        "The plague spread in stages:\n\n"
        "1. **1346**: the Mongol siege of Caffa in the Crimea.\n"
        "2. **October 1347**: Genoese galleys bring it to Messina in Sicily.\n"
        "3. **1348**: Italy, France, Spain and southern England.\n"
        "4. **1349**: Germany, the Low Countries and Scandinavia.\n"
        "5. **1350–1351**: Poland and Russia.\n"
    )
    assert named_by_dates(["1346", "October 1347", "1348", "1349", "1350–1351"])
    assert not named_by_dates(["Caffa", "Messina", "Italy", "Germany"])
    _, items = material_of(text, "2. The Black Death, 1347–1351", "The Black Death")
    assert not [item for item in items if item.kind == "order"]


def test_a_people_s_adjective_in_a_compound_is_no_blank() -> None:
    """ "tried for heresy by an _____ church court" keyed "English-backed" ("English",
    "pro-English" fit as well: three raters of three)."""
    sentence = "Joan of Arc was tried for heresy by an English-backed church court in 1431."
    assert modifier_blank("English-backed", sentence)
    chunk = passage(sentence, section="5. The Hundred Years' War")
    found = {term.text for u in passage_units(0, chunk) for term, _ in cloze_candidates(u)}
    assert "English-backed" not in found and "Joan of Arc" in found


TISSUES = (
    "Plant tissues form three systems:\n\n"
    "1. **Dermal tissue system** — the outer protective covering of the plant.\n"
    "2. **Vascular tissue system** — transport and support throughout the plant.\n"
    "3. **Ground tissue system** — everything else, including photosynthesis.\n\n"
    "The conducting cells are:\n\n"
    "- **Tracheids** — long, thin, tapered xylem cells with lignified walls.\n"
    "- **Vessel elements** — wider, shorter xylem cells with perforated end walls.\n"
    "- **Sieve-tube elements** — phloem cells that stay alive but lose their nucleus.\n"
    "- **Companion cells** — nucleated cells that keep the sieve tube alive.\n"
)


def test_a_description_is_offered_only_beside_its_own_list_s() -> None:
    """A tissue system's description among cell types' (three items, three raters of
    three said the options were of another kind)."""
    assert list_style("1. **Dermal tissue system** — covering") == "#"
    assert list_style("- **Tracheids** — cells") == ""
    chunk = passage(TISSUES, section="5. Tissue systems and cell types")
    groups = {
        fact.term: fact.group for u in passage_units(0, chunk) for fact in unit_facts(u, chunk)
    }
    assert groups["Dermal tissue system"] != groups["Tracheids"]
    assert groups["Tracheids"] == groups["Companion cells"]


def test_a_label_opening_with_a_preposition_is_not_typed() -> None:
    """ "which item is described as 'GDP is defined by location'?" keyed "Within a
    country": "within a country's borders" is as right (two raters of three)."""
    text = (
        "GDP is the market value of final goods produced within a country in a period:\n\n"
        "- **Market value** — goods are added up at their prices.\n"
        "- **Within a country** — GDP is defined by location, not ownership.\n"
        "- **During a given period** — GDP is a flow, not a stock.\n"
    )
    chunk = passage(text, section="2. GDP: definition and scope")
    types = {
        fact.term: fact.types for u in passage_units(0, chunk) for fact in unit_facts(u, chunk)
    }
    assert types["Within a country"] == ("mcq",)
    assert types["During a given period"] == ("mcq",)
    assert "short" in types["Market value"]
