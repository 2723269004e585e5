"""What the rated comparisons of check sheets 2 to 54 (eval/quiz_check*_ratings.json,
three raters per item on the later sheets, majority deciding) found that a rule could
mend: a table of unlike things, and a description labelled by another row's name.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from rag.retrieval.embeddings import Embedder
from rag.study.quiz import Material, structure_drafts, term_pool
from rag.study.quiz.distractors import LineIndex, embedding_similarity
from rag.study.quiz.drafts import draft_items
from rag.study.quiz.facts import unit_facts
from rag.study.quiz.kinds import names_pick_descriptions
from rag.study.quiz.matching import names_a_row
from rag.study.quiz.model import Similarity
from rag.study.quiz.relevance import (
    distinctive_words,
    heading_names_topic,
    relevant_units,
    topic_weights,
)
from rag.study.quiz.timelines import sequence_steps, sequences
from rag.study.quiz.units import find_terms, passage_units, table_cells
from tests.study.quiz.samples import no_similarity, passage

ZONES = """| Zone | Examples | What it meant for travel and trade |
|---|---|---|
| **Steppe** | Mongolian plateau, Kazakh steppe | Grassland ideal for horses and herds; home of mobile pastoralists; fast east–west movement but few towns |
| **Desert basins** | Taklamakan (Tarim Basin), Gobi, Karakum | Little water; travel only from oasis to oasis; Bactrian camels essential |
| **Oases** | Dunhuang, Turfan, Kucha, Kashgar, Khotan, Samarkand, Merv | Irrigated islands fed by snowmelt; markets, garrisons, monasteries, caravan stops |
| **Mountain barriers** | Pamirs, Tian Shan, Kunlun, Hindu Kush | Crossed only through high passes, often closed in winter |
| **River valleys** | Oxus (Amu Darya), Jaxartes (Syr Darya), Indus, Tigris–Euphrates | Dense farming populations, cities, links to sea routes |
"""

CULTURES = """| Culture | Approx. dates (BCE) | Diagnostic features |
|---|---|---|
| Badarian | c. 4400–4000 | "Rippled" pottery; contracted burials; cosmetic palettes |
| Naqada I (Amratian) | c. 4000–3500 | Black-topped red ware; disc maceheads |
| Naqada II (Gerzean) | c. 3500–3200 | Boat-painted "decorated ware"; rich elite graves; Mesopotamian contacts |
| Naqada III ("Dynasty 0") | c. 3200–3000 | Royal **serekhs**; earliest writing |
| Maadi–Buto | c. 3900–3300 | Northern tradition with Levantine links; replaced by Naqada culture |
"""


def comparisons(table: str, section: str, embedder: Embedder) -> list[str]:
    chunk = passage(table, section=section)
    material = Material([chunk], [], LineIndex([]), embedding_similarity(embedder))
    return [
        draft.item.question
        for seed in range(4)
        for draft in structure_drafts(
            material, passage_units(0, chunk), ["mcq"], random.Random(seed)
        )
        if draft.item.kind == "comparison"
    ]


def test_a_table_of_unlike_things_makes_no_comparison(embedder: Embedder) -> None:
    """ "Oases — Irrigated islands fed by snowmelt" against "River valleys — Dense farming
    populations": raters failed every such item's distractors ("crossed only through high
    passes" is a mountain's, whichever row it is offered to). The real embedding model
    decides; a table of like things (cultures told apart by their pottery) is still
    compared."""
    assert not comparisons(ZONES, "2. Geography and Environment of the Routes", embedder)
    assert comparisons(CULTURES, "4. Predynastic Egypt", embedder)


def test_the_share_of_rows_their_names_pick_decides() -> None:
    """Two rows of five pointing at their own cells is a table of like things with two
    telling names; three of five is a table of unlike things."""
    names = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]
    cells = ["one", "two", "three", "four", "five"]

    def pointing(pointed: int) -> Similarity:
        def similar(name: str, candidates: Sequence[str]) -> list[float]:
            row = names.index(name)
            return [0.9 if row < pointed and c == cells[row] else 0.3 for c in candidates]

        return similar

    assert not names_pick_descriptions(names, cells, pointing(2))
    assert names_pick_descriptions(names, cells, pointing(3))


def test_a_description_labelled_by_a_row_s_name_names_that_row() -> None:
    """ "V1 superior orbital fissure; V2 foramen rotundum; V3 foramen ovale" offered to
    nerve VI or VII (sheet 54, three raters of three: the labels say it is the
    trigeminal's)."""
    nerves = ["IV", "V", "VI", "VII"]
    trigeminal = "V1 superior orbital fissure; V2 foramen rotundum; V3 foramen ovale"
    assert names_a_row(trigeminal, nerves, own=2)
    assert not names_a_row(trigeminal, nerves, own=1)
    assert not names_a_row("Superior orbital fissure", nerves, own=3)


def label_types(text: str, section: str) -> dict[str, tuple[str, ...]]:
    chunk = passage(text, section=section)
    return {fact.term: fact.types for u in passage_units(0, chunk) for fact in unit_facts(u, chunk)}


def test_a_list_label_that_is_no_name_is_not_typed() -> None:
    """ "which item is described as 'all persons born or naturalized here are citizens…'?"
    keyed "Section 1", "… 'it was issued as a fit and necessary war measure'?" keyed
    "Limits" (sheet 54), "… 'At al-Qadisiyya Sa'd ibn Abi Waqqas defeats the main Persian
    army'?" keyed "636 or 637" (sheet 44): typed, the name a student gives is marked
    wrong. Among the list's other labels each is still asked."""
    amendment = label_types(
        "The Fourteenth Amendment (1868) has five sections:\n\n"
        "- **Section 1:** all persons born or naturalized here are citizens; no state may "
        "deny due process of law or equal protection of the laws.\n"
        "- **Section 2:** a state denying the vote to adult men loses representation.\n"
        "- **Section 3:** former Confederate officials are barred from office.\n",
        "5. The Reconstruction Amendments",
    )
    assert amendment["Section 1"] == ("mcq",)
    proclamation = label_types(
        "The Emancipation Proclamation took effect on 1 January 1863:\n\n"
        "- **Scope:** it freed slaves only in areas still in rebellion.\n"
        "- **Limits:** it was issued as a fit and necessary war measure under the "
        "president's authority as commander in chief.\n"
        "- **Black soldiers:** the Union army opened its ranks to Black men.\n",
        "4. Antietam and the Road to Emancipation",
    )
    assert proclamation["Limits"] == ("mcq",)
    assert "short" in proclamation["Black soldiers"]
    conquest = label_types(
        "The Arab conquest of Iran:\n\n"
        "- **636 or 637** — At al-Qadisiyya Sa'd ibn Abi Waqqas defeats the main Persian "
        "army.\n"
        "- **642** — At Nahavand the last imperial army is destroyed.\n"
        "- **651** — Yazdegerd III is murdered near Merv.\n",
        "8. Collapse and the Arab Conquest",
    )
    assert conquest["636 or 637"] == ("mcq",)


ANTICOAGULANTS = (
    "Three main systems confine coagulation to the wound.\n\n"
    "**Antithrombin (AT)** is a serine protease inhibitor (serpin) made in the liver. It "
    "forms an irreversible complex with thrombin and factor Xa.\n\n"
    "**Steeping.** Barley soaks in water at 12–18 °C, broken up by air rests.\n\n"
    "**Germination.** The grain is kept at 14–20 °C for four to five days.\n\n"
    "**Kilning.** Green malt is dried with hot air in two stages.\n"
)
ELSEWHERE = [
    "1. What Is Brewing? Brewing is the controlled production of a fermented drink.",
    "7. Fibrinolysis Plasmin digests fibrin into degradation products.",
    "9. Platelets Platelets adhere to collagen through von Willebrand factor.",
]


def definitions(section: str, topic: str) -> dict[str, set[str]]:
    chunk = passage(ANTICOAGULANTS, section=section)
    pool, lines = term_pool([chunk])
    weights = topic_weights(topic, [f"{section} {ANTICOAGULANTS}", *ELSEWHERE])
    material = Material([chunk], pool, lines, no_similarity, [chunk], weights, topic)
    units = relevant_units([chunk], {}, weights, gate=False)
    found: dict[str, set[str]] = {}
    for draft in draft_items(material, units, ["mcq", "short"], random.Random(1)):
        if draft.item.kind == "definition":
            found.setdefault(draft.item.answer, set()).add(draft.item.type)
    return found


def test_a_term_defined_in_the_topic_s_own_section_is_asked() -> None:
    """ "Antithrombin is a serine protease inhibitor…" under "6. Natural Anticoagulant
    Mechanisms": the blind hemostasis course's eleven quiz topics got no definition from
    prose, since "Antithrombin" does not name the topic. Under another section's heading
    the same sentence is still not asked in a quiz on the topic (round M)."""
    topic = "Natural anticoagulant mechanisms"
    assert "Antithrombin (AT)" in definitions("6. Natural Anticoagulant Mechanisms", topic)
    assert "Antithrombin (AT)" not in definitions("9. When Coagulation Goes Wrong", topic)


def test_a_run_in_head_is_asked_like_a_list_item_s() -> None:
    """ "**Steeping.** Barley soaks in water…": notes written in run-in paragraphs (a
    blind brewing course) gave no definition at all."""
    found = definitions("4. Barley Processing", "Barley processing for brewing")
    assert {"Steeping", "Germination", "Kilning"} <= set(found)
    assert "short" in found["Steeping"]


def test_a_list_its_lead_in_calls_principles_is_no_sequence() -> None:
    """ "Geologists learned to put events in *order*. Relative dating rests on a handful
    of principles:" (sheet 57): "which step comes right after cross-cutting
    relationships?" was marked incorrect three times, by three raters of three."""
    principles = (
        "Before anyone could put numbers on geological time, geologists learned to put "
        "events in *order*. **Relative dating** rests on a handful of principles:\n\n"
        "1. **Superposition** — each layer is younger than the one beneath it.\n"
        "2. **Original horizontality** — sediments are laid down roughly flat.\n"
        "3. **Cross-cutting relationships** — a fault is younger than the rocks it cuts.\n"
        "4. **Faunal succession** — fossil species succeed one another in order.\n"
    )
    assert not sequences(passage(principles, section="2. Reading the rock record"))
    stages = principles.replace("rests on a handful of principles:", "proceeds in four steps:")
    assert sequences(passage(stages, section="2. Reading the rock record"))


def test_a_preposition_of_the_topic_does_not_name_it() -> None:
    """ "across" of "The spread of printing across Europe and the incunabula period" is
    rare in a printing course, but "Trade across the Channel" is not about the topic."""
    topic = "The spread of printing across Europe and the incunabula period"
    weights = topic_weights(topic, [
        "1. Gutenberg Mainz printing press movable type printing",
        "2. Incunabula printing shops in Venice printing",
        "3. The Reformation printing pamphlets printing",
    ])  # fmt: skip
    assert "across" not in distinctive_words(weights)
    assert not heading_names_topic("9. Trade Across the Channel", weights)
    assert heading_names_topic("2. The Spread of Printing in Europe", weights)


def test_a_run_in_head_s_short_opening_sentence_is_no_clue() -> None:
    """ "**Repression.** The manifesto split the opposition." asked which item is
    described as "The manifesto split the opposition": "October Manifesto" was as right
    (sheet 57, three raters of three). A run-in head's first sentence opens a paragraph
    and may not be about it; one of three content words says too little."""
    revolution = label_types(
        "The revolution of 1905 ran its course:\n\n"
        "3. **Peace.** Witte negotiated the Treaty of Portsmouth (August 1905), freeing "
        "the army for use at home.\n"
        "4. **General strike.** A railway strike became a nationwide general strike.\n"
        "6. **Repression.** The manifesto split the opposition. In December the "
        "government arrested the Soviet and crushed an armed uprising in Moscow.\n",
        "5. The Revolution of 1905",
    )
    assert "Repression" not in revolution
    assert "Peace" in revolution


def compared_options(table: str, section: str) -> list[str]:
    chunk = passage(table, section=section)
    material = Material([chunk], [], LineIndex([]), no_similarity)
    return [
        option
        for seed in range(3)
        for draft in structure_drafts(
            material, passage_units(0, chunk), ["mcq"], random.Random(seed)
        )
        if draft.item.kind == "comparison"
        for option in draft.item.options
    ]


def test_a_table_cell_that_opens_with_a_plus_keeps_it() -> None:
    """ "| F | ( , id | + , * , ) , $ |": the "+" went as a list bullet, and a
    comparison keyed FOLLOW(F) as ", * , ) , $" (sheet 58, three raters of three)."""
    follow = (
        "| Nonterminal | FIRST | FOLLOW |\n|---|---|---|\n"
        "| E | ( , id | ) , $ |\n| T | ( , id | + , ) , $ |\n"
        "| T′ | * , ε | + , ) , $ |\n| F | ( , id | + , * , ) , $ |\n"
    )
    assert table_cells("| F | ( , id | + , * , ) , $ |") == ["F", "( , id", "+ , * , ) , $"]
    options = compared_options(follow.replace("FIRST | FOLLOW", "Lookahead | FOLLOW"), "4. Sets")
    assert not any(", * , ) , $" in o and "+ , * , ) , $" not in o for o in options)


def test_two_lists_side_by_side_make_no_comparison() -> None:
    """ "| Push factors (the South) | Pull factors (the North) |": "which option matches
    Lynching and Disfranchisement each with its pull factor" has no answer the course
    gives (sheet 58, two items, three raters of three)."""
    migration = (
        "| Push factors (the South) | Pull factors (the North) |\n|---|---|\n"
        "| Lynching and white violence | Industrial jobs once the war cut off immigration |\n"
        "| Disfranchisement and underfunded schools | Wages often double Southern farm pay |\n"
        "| Boll weevil and falling cotton prices | Black newspapers urging families north |\n"
        "| Segregation under Jim Crow laws | Networks of kin already settled in cities |\n"
    )
    assert not compared_options(migration, "3. The Great Migration")
    rows = migration.replace(
        "Push factors (the South) | Pull factors (the North)", "Cause | Effect"
    )
    assert compared_options(rows, "3. The Great Migration")


def test_a_worked_example_is_no_item_of_a_list() -> None:
    """ "**Worked example.** A Chardonnay must at 23 °Brix …" keyed "Worked example"
    (sheet 58, three raters of three)."""
    found = label_types(
        "Sugar becomes alcohol at about 17 g/L per 1% v/v.\n\n"
        "**Worked example.** A Chardonnay must at 23 °Brix contains about 240 g/L of "
        "sugar, roughly 14.1% v/v if fermented to dryness.\n",
        "4. Alcoholic Fermentation",
    )
    assert "Worked example" not in found


def test_a_rule_of_logic_written_with_arrows_is_no_pipeline() -> None:
    """ "If a → b and b → c, then a → c (transitivity)" was cut at its arrows into steps
    ("b and b", "c, then a"): three order items, all incorrect (sheet 59)."""
    rule = passage(
        "Lamport's happened-before relation obeys three rules:\n\n"
        "1. If a and b are events of one process and a comes first, a → b.\n"
        "2. If a is a send and b its receive, a → b.\n"
        "3. If a → b and b → c, then a → c (transitivity).\n",
        section="5. Logical Time and Lamport Clocks",
    )
    assert not any(steps for _, steps, *_ in sequences(rule) if "b and b" in steps)
    assert sequence_steps("Data → Model → Output") == ["Data", "Model", "Output"]


def test_a_sentence_opening_with_yet_does_not_name_yet() -> None:
    """ "Yet Henderson was a poor businessman…" keyed "Yet Henderson" (sheet 59, three
    raters of three)."""
    terms = [t.text for t in find_terms("Yet Henderson was a poor businessman, and in 1934 "
                                        "he sold arrangements to **Benny Goodman**.")]  # fmt: skip
    assert "Yet Henderson" not in terms and "Henderson" in terms


def test_strengths_and_weaknesses_are_no_terms_of_a_list() -> None:
    """ "Strengths" and "Weaknesses" offered beside "The first projection" and "The second
    projection" (sheet 65, three raters of three: implausible distractors)."""
    found = label_types(
        "Ptolemy described two projections:\n\n"
        "- **The first projection:** straight meridians converging on the pole.\n"
        "- **The second projection:** meridians as well as parallels drawn as curves.\n\n"
        "- **Strengths:** coordinates for some 8,000 places let anyone redraw the map.\n"
        "- **Weaknesses:** the Indian Ocean is closed and Asia stretched far to the east.\n",
        "4. Ptolemy's Geography",
    )
    assert {"The first projection", "The second projection"} <= set(found)
    assert not {"Strengths", "Weaknesses"} & set(found)
