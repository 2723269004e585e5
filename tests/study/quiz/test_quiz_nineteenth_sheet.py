"""Items from outside the topic's own sections, and blanks on notation: what the rated
check sheets 11 to 19 (eval/quiz_check11_*.md to eval/quiz_check19_*.md) found, each case
marked by the majority of three raters. Sheet 20 was drawn after these rules.
"""

from __future__ import annotations

from rag.schema import Passage
from rag.study.quiz import Draft, ItemSource
from rag.study.quiz.blanks import cloze_candidates
from rag.study.quiz.build import topic_sections_first
from rag.study.quiz.relevance import TopicWeights, topic_weights
from rag.study.quiz.sections import home_passages, named_sections, part_lead_in
from rag.study.quiz.units import passage_units
from tests.study.quiz.samples import item, passage


def chunk(chunk_id: str, text: str, section: str, score: float) -> Passage:
    """A retrieved passage of one course document."""
    return Passage(chunk_id, text, "notes.md", "Notes", section, 0, len(text), score=score)


SPIKE = chunk(
    "c1",
    "An action potential is a brief reversal of the membrane potential: voltage-gated "
    "Na+ channels open, the membrane depolarises to about +40 mV, then K+ channels "
    "repolarise it.",
    "2. The action potential",
    0.71,
)
SYNAPSE = chunk(
    "c2",
    "1. **Arrival of the action potential**: the spike depolarises the presynaptic "
    "terminal.\n2. **Calcium entry**: voltage-gated Ca2+ channels open.",
    "7. Steps in chemical synaptic transmission",
    0.62,
)
ELSEWHERE = [
    "1. Divisions of the nervous system: the CNS and the PNS.",
    "5. Glial cells: astrocytes, oligodendrocytes and Schwann cells.",
    "8. Vision: rods and cones in the retina.",
    "9. Neurotransmitters: glutamate, GABA and dopamine.",
]
"""Other sections a quiz retrieves: the topic's words are rare among them, as in a course."""


def weights_for(topic: str, passages: list[Passage]) -> TopicWeights:
    return topic_weights(topic, [f"{p.section} {p.text}" for p in passages] + ELSEWHERE)


def test_items_come_from_the_topic_s_own_sections_when_the_course_has_any() -> None:
    """ "How does “7. Steps in chemical synaptic transmission” describe Arrival of the
    action potential?" for "The action potential", which has a section of its own."""
    passages = [SPIKE, SYNAPSE]
    assert named_sections(passages, weights_for("The action potential", passages)) == [SPIKE]


def test_a_topic_no_heading_names_is_asked_about_wherever_it_is_taught() -> None:
    """Voltage-gated channels have no section of their own: both passages stay."""
    passages = [SPIKE, SYNAPSE]
    weights = weights_for("Voltage-gated channels", passages)
    assert named_sections(passages, weights) == passages


def test_a_quiz_fills_up_from_other_sections_only_after_the_topic_s_own() -> None:
    """The bundled course's music quiz needs its "Audio Generation" examples, which sit
    under a heading that names neither music nor audio."""
    passages = [SYNAPSE, SPIKE]
    arrival = quoted(
        "1. **Arrival of the action potential**: the spike depolarises the presynaptic"
    )
    drafts = [Draft(item(question="Q1", source=arrival), 0, 0.9),
              Draft(item(question="Q2"), 1, 0.5)]  # fmt: skip
    first, rest = topic_sections_first(drafts, passages,
                                       weights_for("The action potential", passages))  # fmt: skip
    assert [d.item.question for d in first] == ["Q2"]
    assert [d.item.question for d in rest] == ["Q1"]
    assert topic_sections_first(drafts, passages, None) == [drafts]  # a chosen section


def quoted(quote: str, section: str = "7. Steps in chemical synaptic transmission") -> ItemSource:
    return ItemSource("notes.md", "Notes", section, quote, "c2")


def test_an_item_that_names_nothing_of_the_topic_does_not_fill_up_its_quiz() -> None:
    """Woese's three domains in a quiz on bioluminescence, China's religious landscape in
    one on Shinto (eval/quiz_check26_marine_biology.md, eval/quiz_check25_world_religions.md):
    outside the topic's sections, an item whose heading names no word of the topic and
    whose quote names neither its rarest word nor two of its words is left out."""
    passages = [SPIKE, SYNAPSE]
    drafts = [
        Draft(item(question="spike"), 0, 0.9),
        Draft(item(question="calcium", source=quoted("**Calcium entry**: Ca2+ channels open.")),
              1, 0.5),
        Draft(item(question="arrival", source=quoted(
            "1. **Arrival of the action potential**: the spike depolarises the terminal.")), 1, 0.5),
    ]  # fmt: skip
    tiers = topic_sections_first(drafts, passages, weights_for("The action potential", passages))
    assert [[d.item.question for d in tier] for tier in tiers] == [["spike"], ["arrival"]]


def test_a_topic_no_heading_names_is_asked_only_where_its_items_name_it() -> None:
    """With no section of its own, a topic gets the items that name it, and no others."""
    vision = chunk("c3", "Rods work in dim light; cones see colour in bright light.",
                   "8. Vision", 0.5)  # fmt: skip
    passages = [SYNAPSE, vision]
    weights = weights_for("Voltage-gated calcium channels", passages)
    drafts = [
        Draft(item(question="calcium", source=quoted(
            "2. **Calcium entry**: voltage-gated Ca2+ channels open.")), 0, 0.6),
        Draft(item(question="rods", source=quoted(vision.text, "8. Vision")), 1, 0.5),
    ]  # fmt: skip
    tiers = topic_sections_first(drafts, passages, weights)
    assert [[d.item.question for d in tier] for tier in tiers] == [[], ["calcium"]]


def test_a_part_s_lead_in_is_no_home_of_a_topic() -> None:
    """ "From the palace civilizations of _____ and the mainland, through the collapse…"
    (the italic line under "Part 1 — Palaces, Collapse…") for "The Bronze Age collapse"."""
    part = "Part 1 — Palaces, Collapse and the Birth of the Polis"
    lead_in = chunk("c0", f"## {part}\n\n*From the palace civilizations of Crete and the "
                    "mainland, through the collapse and the Dark Age.*", part, 0.74)  # fmt: skip
    collapse = chunk("c1", "Around 1200 BC the Mycenaean palaces were destroyed or abandoned.",
                     "4. The Bronze Age collapse", 0.70)  # fmt: skip
    assert part_lead_in(lead_in) and not part_lead_in(collapse)
    assert home_passages([lead_in, collapse]) == [collapse]


def test_a_part_taught_under_its_own_heading_is_no_lead_in() -> None:
    """Notes with "# Week 3: Photosynthesis" and paragraphs under it are still taught."""
    taught = Passage(
        "c5",
        "Light reactions make ATP and NADPH.\n\nThe Calvin cycle fixes CO2.\n\n"
        "Rubisco is the enzyme that fixes carbon.",
        "bio.md", "Biology", "Week 3: Photosynthesis", 0, 110, score=0.6,
    )  # fmt: skip
    assert not part_lead_in(taught)
    inside = Passage("c6", "One paragraph.", "bio.md", "Biology", "Part 2 > 3. Sparta", 0, 14)
    assert not part_lead_in(inside)


def test_an_era_is_no_blank() -> None:
    """ "In the First Messenian War (traditionally c. 735–715 _____)" keyed "BC": "BCE"
    is as right, and no course fact is tested (two items, three raters of three)."""
    chunk = passage(
        "In the First Messenian War (traditionally c. 735–715 BC) Sparta conquered the "
        "fertile land of Messenia to the west.",
        section="2. Sparta",
    )
    found = {term.text for u in passage_units(0, chunk) for term, _ in cloze_candidates(u)}
    assert "BC" not in found
    assert "First Messenian War" in found
