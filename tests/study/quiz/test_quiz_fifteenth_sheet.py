"""What the fifteenth check sheet (eval/quiz_check15_*.md: immunology and art history)
and a history course's drafts found: items from a heading that names one example of a
long topic, from the movement after the one asked about, from a table of the topic's
siblings, statements about an unnamed "he", and timelines the quiz could not read.

The sheet's cases were each marked by the majority of three raters; it was drawn before
these rules.
"""

from __future__ import annotations

import random

from rag.study.quiz import Material, structure_drafts
from rag.study.quiz.distractors import LineIndex
from rag.study.quiz.drafts import draft_items
from rag.study.quiz.relevance import heading_names_topic, rows_about_topic, topic_weights
from rag.study.quiz.statements import ELIDED_NOUN, unnamed_person
from rag.study.quiz.timelines import dated_steps, is_timeline, sequences
from rag.study.quiz.units import passage_units, table_blocks
from tests.study.quiz.samples import passage
from tests.study.quiz.test_quiz_kinds import trigram_similarity

IMMUNOLOGY = [
    "2. A short history of the discipline: Jenner, Pasteur, Metchnikoff",
    "5. Innate recognition: Toll-like receptors and PAMPs",
    "7. The complement system: classical, lectin and alternative pathways",
    "9. T cells: thymic selection",
    "11. B cells and antibodies",
    "13.2 Kinds of vaccine: live attenuated, inactivated, toxoid",
    "14. Hypersensitivity: types I to IV",
]
HISTORY = (
    "History of immunology: from Jenner's smallpox vaccine to the discovery of Toll-like receptors"
)


def test_a_heading_naming_one_example_of_a_colon_topic_is_not_its_home() -> None:
    """Four definition items on kinds of vaccine (toxoid, subunit…) in a quiz on the
    history of immunology: off topic, three raters of three."""
    weights = topic_weights(HISTORY, IMMUNOLOGY)
    assert not heading_names_topic("13.2 Kinds of vaccine", weights)
    assert heading_names_topic("2. A short history of the discipline", weights)
    # Two words of the examples still name it.
    assert heading_names_topic("Jenner and the smallpox vaccine", weights)
    # Without a colon the topic has no head, and one distinctive word is enough, as before.
    assert heading_names_topic("13.2 Kinds of vaccine", topic_weights("Vaccines", IMMUNOLOGY))


MOVEMENTS = ["1. Realism", "2. Impressionism: Monet", "3. Post-Impressionism", "4. Cubism"]


def test_post_impressionism_is_not_impressionism() -> None:
    """Gauguin's Vision after the Sermon in a quiz on Impressionism (three of three)."""
    impressionism = topic_weights("Impressionism", MOVEMENTS)
    assert heading_names_topic("2. Impressionism", impressionism)
    assert not heading_names_topic("3. Post-Impressionism > 3.2 Van Gogh", impressionism)
    post = topic_weights("Post-Impressionism", MOVEMENTS)
    assert heading_names_topic("3. Post-Impressionism", post)
    assert not heading_names_topic("2. Impressionism", post)
    # A hyphen without such a prefix still splits: "Parameter-Efficient" names "efficient".
    efficient = topic_weights("Efficient fine-tuning", ["LoRA", "Prompts", "GANs"])
    assert heading_names_topic("Parameter-Efficient Methods", efficient)


def test_a_table_is_asked_at_the_row_the_topic_names_and_not_at_its_siblings() -> None:
    movements = ["Realism", "Impressionism", "Post-Impressionism", "Cubism"]
    weights = topic_weights("Impressionism", MOVEMENTS)
    assert rows_about_topic(movements, weights) == {1}
    # Under a heading that names the topic, every row is about it, as before.
    assert rows_about_topic(movements, weights, heading_named=True) is None
    wars = ["First Macedonian War", "Second Macedonian War", "War with Antiochus III"]
    # "War" is in most of a Roman history course; "Punic" is what the topic is about.
    sections = ["1. The First Punic War", "2. The Social War", "3. The civil wars of Sulla",
                "4. Caesar's Gallic War", "5. Augustus"]  # fmt: skip
    assert rows_about_topic(wars, topic_weights("The Punic Wars", sections)) == set()
    # Rows named by dates name nothing: the table's heading decides.
    assert (
        rows_about_topic(["264", "218", "149"], topic_weights("The Punic Wars", sections)) is None
    )


def test_a_statement_about_an_unnamed_person_or_an_elided_noun_is_no_statement() -> None:
    assert unnamed_person("In Arles, from February 1888, he painted the Sunflowers.")
    assert unnamed_person("In Brittany his Vision after the Sermon sets Jacob on a red field.")
    assert not unnamed_person(
        "Alfred Wegener proposed continental drift in his book of 1928, citing fossils."
    )
    assert not unnamed_person("Jenner took cowpox material from the milkmaid Sarah Nelmes.")
    assert ELIDED_NOUN.search("Aluminium salts, first used in 1926, remain the most widely used.")
    assert not ELIDED_NOUN.search("Aluminium salts remain the most widely used adjuvants.")


CONFLICT = (
    "4. **445 BC – Lex Canuleia.** Marriage between patricians and plebeians was permitted.\n"
    "5. **367 BC – Licinian-Sextian laws.** The consulship was opened to plebeians.\n"
    "6. **c. 326 BC – Lex Poetelia Papiria.** Abolished *nexum*, debt bondage.\n"
    "7. **300 BC – Lex Ogulnia.** Opened the priestly colleges to plebeians.\n"
)


def test_a_numbered_list_of_dated_events_is_a_timeline_from_any_item_on() -> None:
    """A chunk holding items 4 to 7 of "6. The Conflict of the Orders" gave no order item:
    its list did not start at 1 and no word like "stages" stood above it."""
    chunk = passage(CONFLICT, section="6. The Conflict of the Orders")
    found = [(steps, noun) for _, steps, noun, _, _ in sequences(chunk)]
    assert found == [
        (["Lex Canuleia", "Licinian-Sextian laws", "Lex Poetelia Papiria", "Lex Ogulnia"], "event")
    ]
    # Numbered points that are not dated and not introduced as steps are no sequence.
    points = "1. Rome had kings.\n2. The Senate advised.\n3. Consuls commanded.\n"
    assert sequences(passage(points, section="Key ideas")) == []
    assert dated_steps(points.splitlines()) == []


def test_ancient_years_make_a_timeline_when_the_header_or_an_era_says_so() -> None:
    timeline = (
        "| Date (BC) | Event |\n|---|---|\n| 496 | Battle of Lake Regillus |\n"
        "| c. 390 | Gauls sack Rome |\n| 343–341 | First Samnite War |\n"
        "| 49 (January) | Caesar crosses the Rubicon |\n"
    )
    assert all(is_timeline(block) for block in table_blocks(timeline))
    eras = "| When | Event |\n|---|---|\n| 27 BC | Augustus |\n| AD 14 | Tiberius |\n"
    assert all(is_timeline(block) for block in table_blocks(eras))
    counts = "| Number | Office |\n|---|---|\n| 20 | Quaestor |\n| 2 | Consul |\n| 10 | Tribune |\n"
    assert not any(is_timeline(block) for block in table_blocks(counts))


def test_no_order_question_between_timeline_rows_whose_dates_overlap() -> None:
    """ "Which discovery comes right after the attenuated vaccines (1879–1885)?" keyed
    phagocytosis (1882): three raters of three said the 1890 antitoxins were as right."""
    table = (
        "| Year | Discovery |\n|---|---|\n| 1796 | Cowpox inoculation |\n"
        "| 1879–1885 | Attenuated vaccines |\n| 1882 | Phagocytosis observed |\n"
        "| 1890 | Serum antitoxins |\n| 1901 | First Nobel Prize |\n"
    )
    chunk = passage(table, section="2. A short history of immunology")
    material = Material([chunk], [], LineIndex([]), trigram_similarity)
    units = passage_units(0, chunk)
    for unit in units:
        unit.relevance = 0.9
    drafts = structure_drafts(material, units, ["mcq", "short"], random.Random(1))
    asked = {(d.item.meta.get("after") or d.item.meta.get("before"), d.item.answer)
             for d in drafts if d.item.kind == "order"}  # fmt: skip
    assert ("Cowpox inoculation", "Attenuated vaccines") in asked
    assert ("Attenuated vaccines", "Phagocytosis observed") not in asked
    assert ("Phagocytosis observed", "Attenuated vaccines") not in asked
    assert ("Phagocytosis observed", "Serum antitoxins") in asked


def test_a_qualified_name_is_not_blanked_whole() -> None:
    """ "…the most important technical invention of the _____" keyed "Early Renaissance":
    "Renaissance" fills it as well (three raters of three)."""
    text = (
        "Linear perspective is the most important technical invention of the **Early "
        "Renaissance**, and Brunelleschi demonstrated it in Florence around 1415."
    )
    chunk = passage(text, section="2. Linear perspective")
    units = passage_units(0, chunk)
    for unit in units:
        unit.relevance = 0.9
    material = Material([chunk], [], LineIndex([]), trigram_similarity)
    keys = {d.item.answer for d in draft_items(material, units, ["cloze"], random.Random(1))}
    assert "Early Renaissance" not in keys
    assert keys, "the sentence still gives a blank (Brunelleschi, Florence)"
