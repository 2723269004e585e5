"""Answers on two courses students probed: the Byzantine empire and toxicology.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md, the
forty-sixth round); each case here answered wrongly, or answered what the notes do not
cover, before. Pure logic: no model is loaded, similarity is given or left out, and the
statistics are made up to the notes' proportions.
"""

from __future__ import annotations

from rag.answer.asked import QUESTION_FRAME, question_weights
from rag.answer.comparisons import best_about
from rag.answer.evidence import EvidenceUnit, ScoredUnit, passage_units, split_units
from rag.answer.extractive import choose_units
from rag.answer.lists import steps_of_the_asked_first
from rag.answer.question_forms import measured_thing
from rag.answer.relations import remedy_named
from rag.answer.steps import numbered_steps
from rag.retrieval.keyword import TermStatistics
from rag.schema import Passage
from rag.text.tables import row_text


def _scored(unit: EvidenceUnit, score: float) -> ScoredUnit:
    return ScoredUnit(unit, score, 0.5, 0.5)


def test_a_when_question_is_dated_whatever_verb_marks_the_event() -> None:
    """ "When was Justinian's rebuilt Hagia Sophia finished and consecrated?" was refused,
    "the material never uses “finished”": the word weighed most, and the notes date the
    consecration."""
    stats = TermStatistics(80, {"hagia": 6, "sophia": 6, "justinian": 12, "consecr": 1})
    weights = question_weights("When was the Hagia Sophia finished and consecrated?", stats)
    assert weights["finish"] < weights["hagia"] < weights["consecr"]
    # Asked otherwise than when, the verb is what is asked about.
    weights = question_weights("Why was the Hagia Sophia finished so quickly?", stats)
    assert weights["finish"] > weights["hagia"]


def test_a_population_is_the_named_places() -> None:
    """ "Roughly what was the population of Constantinople under Justinian?" was answered
    with the course's subtitle, "…outlived the Roman West by nearly a thousand years"."""
    asked = "Roughly what was the population of Constantinople under Justinian?"
    assert measured_thing(asked) == "Constantinople under Justinian"


def test_an_antidote_must_be_said_of_the_thing_asked() -> None:
    """ "What is the antidote for a digoxin overdose?" was answered with "Warfarin and
    digoxin are classic narrow-TI drugs" and the paracetamol overdose line."""
    notes = (
        "Warfarin and digoxin are classic narrow-TI drugs.\n\n"
        "**Acetaminophen (paracetamol)** is the leading cause of acute liver failure:\n\n"
        "1. In overdose, sulfation saturates and hepatic glutathione is depleted.\n"
        "2. The antidote **N-acetylcysteine** replenishes glutathione.\n"
    )
    drugs, liver = notes.split("\n\n", 1)
    units = [*split_units(0, drugs), *split_units(1, liver)]
    assert not remedy_named("What is the antidote for a digoxin overdose?", units, units)
    # Said in the list its paragraph about paracetamol announces.
    antidote = [u for u in units if "antidote" in u.text]
    assert remedy_named("What is the antidote for paracetamol overdose?", antidote, units)
    assert remedy_named("What is digoxin used for?", units[:1], units), "asks no remedy"


def test_a_sides_own_entry_answers_for_it_not_a_row_naming_it() -> None:
    """ "What's the difference between a toxin and a toxicant?" quoted the LD50 row
    "Botulinum toxin: 0.00001" for the toxin, and never its definition."""
    notes = (
        "- **Toxicant**: any agent capable of producing an adverse effect.\n"
        "- **Toxin**: a toxicant produced by a living organism, such as botulinum toxin.\n\n"
        "| Agent | LD50 (mg/kg) |\n|---|---|\n| Botulinum toxin | 0.00001 |\n"
    )
    units = {u.text[:6]: u for u in split_units(0, notes)}
    ranked = [_scored(units["Botuli"], 0.84), _scored(units["Toxin:"], 0.8)]
    chosen = best_about("toxin", "toxicant", ranked)
    assert chosen is not None and chosen.text.startswith("Toxin: a toxicant produced")


def test_the_kinds_of_a_thing_are_the_line_that_lists_them_not_its_row() -> None:
    """ "What are the different types of antagonism between chemicals?" was the row
    "Antagonism: 4 + 6 = 8" of the table of interactions."""
    notes = (
        "| Interaction | Example | Illustration |\n|---|---|---|\n"
        "| Additive | 2 + 3 = 5 | Two organophosphates |\n"
        "| Antagonism | 4 + 6 = 8 | Antidotes |\n\n"
        "Antagonism takes four forms, each a basis for antidotes: functional (opposing "
        "effects), chemical (inactivation), dispositional (less reaches the target) and "
        "receptor (naloxone for opioids).\n"
    )
    row, sentence = (u for u in split_units(0, notes) if u.text.startswith("Antagonism"))
    additive = split_units(0, notes)[0]
    ranked = [_scored(row, 0.67), _scored(additive, 0.2), _scored(sentence, 0.6)]
    asked = "What are the different types of antagonism between chemicals?"
    first = steps_of_the_asked_first(asked, ranked)
    assert "four forms" in first[0].unit.text
    assert all(s.unit.kind != "table_row" for s in first), "its peers are no kinds of it"


def test_a_list_of_study_questions_is_no_answer() -> None:
    """ "…types of antagonism…" quoted "Name the four types of antagonism with an example
    antidote for each.", item 5 of the notes' study questions."""
    notes = (
        "## 9. Summary and Study Questions\n\n"
        "Part 1 rests on one idea: toxicity is a function of dose.\n\n"
        "1. Explain, with an example, the difference between hazard and risk.\n"
        "2. Two pesticides share an LD50 but differ in slope. Which is of greater concern?\n"
        "3. Sketch two graded curves to show potency versus efficacy.\n"
        "4. Name the four types of antagonism with an example antidote for each.\n"
    )
    texts = [u.text for u in split_units(0, notes)]
    assert texts == ["Part 1 rests on one idea: toxicity is a function of dose."]
    steps = "1. Identify the P arrival.\n2. Draw a circle around each station.\n3. Intersect.\n"
    assert len(split_units(0, steps)) == 3, "a procedure's steps ask nothing"


LAYERS = """## 3. The Theodosian Walls

**Theodosian Walls** — the land walls running roughly 5.7 km from the Sea of Marmara to \
the Golden Horn, built as a layered defence in depth rather than a single barrier.

An attacker approaching from the west had to overcome, in order:

1. **The moat**, roughly 20 m wide and several metres deep.
2. **The outer terrace** (*parateichion*), a strip of open ground.
3. **The outer wall**, about 2 m thick, with its own towers.
"""


def test_the_numbered_list_the_next_paragraph_announces_in_the_questions_words() -> None:
    """ "What layers of defence did an attacker have to get through…?" quoted the walls'
    definition ("…a layered defence in depth"), not the three layers after it."""
    units = split_units(0, LAYERS)
    lead = ScoredUnit(units[0], 0.6, 0.6, 0.6, weights={"layer": 4.2, "attack": 2.6, "wall": 2.2})
    asked = "What layers of defence did an attacker have to get through the walls?"
    assert [u.text[4:9] for u in numbered_steps(asked, lead, units)] == ["moat,", "outer", "outer"]
    other = ScoredUnit(units[0], 0.6, 0.6, 0.6, weights={"layer": 4.2, "wall": 2.2})
    assert numbered_steps("How long are the walls' layers?", other, units) == []


def test_a_table_whose_header_names_both_things_asked_about_is_the_answer() -> None:
    """ "What were the main points the Latin and Greek churches disagreed on…?" was
    answered with the definition of a schism, not the table of their positions."""
    notes = (
        "**Schism** — a formal break in communion between churches.\n\n"
        "| Issue | Latin (Roman) position | Greek (Byzantine) position |\n|---|---|---|\n"
        "| The Creed | Added filioque | Spirit proceeds from the Father |\n"
        "| Eucharist | Unleavened bread | Leavened bread |\n"
    )
    passage = Passage("p0", notes, "notes.md", "Byzantium", "1. The schism of 1054", 0, len(notes))
    units = passage_units([passage])
    ranked = [_scored(units[0], 0.52), _scored(units[2], 0.33), _scored(units[1], 0.3)]
    asked = "What were the main points the Latin and Greek churches disagreed on?"
    chosen = choose_units(asked, ranked, units)
    assert [u.text.split(" — ")[0] for u in chosen.units] == ["The Creed", "Eucharist"]
    assert "Latin (Roman) position: Unleavened bread" in chosen.units[1].text


def test_an_issue_column_heads_a_table_of_positions() -> None:
    header = ["Issue", "Latin (Roman) position", "Greek (Byzantine) position"]
    assert row_text(["Eucharist", "Unleavened bread", "Leavened bread"], header) == (
        "Eucharist — Latin (Roman) position: Unleavened bread; "
        "Greek (Byzantine) position: Leavened bread"
    )


def test_how_events_led_somewhere_is_the_sequence_the_paragraph_announces() -> None:
    """ "How did the Fourth Crusade end up sacking Constantinople when it was supposed to go
    to Egypt?" was answered with the crusade's call alone, not the numbered sequence its
    paragraph announces two sentences on."""
    notes = (
        "The Fourth Crusade was called by Pope Innocent III in 1198 to attack Egypt. It "
        "ended by destroying the Christian empire. Students should learn the sequence, "
        "because each step followed from the last:\n\n"
        "1. **The Treaty of Venice (1201).** The leaders contracted with Venice.\n"
        "2. **The debt.** Only a third of the army arrived.\n"
        "3. **The sack.** For three days the city was plundered.\n"
    )
    units = split_units(0, notes)
    lead = ScoredUnit(units[0], 0.67, 0.6, 0.6)
    asked = "How did the Fourth Crusade end up sacking Constantinople?"
    assert [u.ordinal for u in numbered_steps(asked, lead, units)] == [1, 2, 3]
    assert numbered_steps("Who called the Fourth Crusade?", lead, units) == []


def test_a_reason_the_student_gives_is_premise_not_subject() -> None:
    """ "Who actually came up with the name "Byzantine" for this empire, since they called
    themselves Romans?" weighed "since" and "Romans" above the name asked about."""
    stats = TermStatistics(80, {"byzantin": 70, "empir": 70, "roman": 20, "name": 9})
    asked = 'Who came up with the name "Byzantine" for this empire, since they called themselves Romans?'
    weights = question_weights(asked, stats)
    assert "sinc" in QUESTION_FRAME, "a connective frames the question"
    assert weights["roman"] < question_weights("Who were the Romans?", stats)["roman"]


def test_a_side_typed_without_its_hyphen_is_its_hyphenated_entry() -> None:
    """ "zero order vs first order kinetics??" quoted, for first-order kinetics, a sentence
    that uses the term rather than its entry "First-order kinetics. A constant fraction…"."""
    notes = (
        "- **First-order kinetics.** A constant *fraction* is eliminated per unit time.\n"
        "- **Zero-order kinetics.** A constant *amount* is eliminated per unit time.\n\n"
        "With repeated exposure, a chemical eliminated by first-order kinetics approaches a "
        "steady state after about 4–5 half-lives.\n"
    )
    first, zero, steady = split_units(0, notes)
    ranked = [_scored(zero, 0.7), _scored(steady, 0.5), _scored(first, 0.4)]
    assert best_about("first order kinetics", "zero order", ranked, exclude=[zero]) == first
