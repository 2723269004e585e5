"""Answers on courses students probed in the fifty-third round: the Silk Roads, behavioural
economics, financial accounting, photography, printing and mineralogy.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md, the
fifty-third round); each case here was refused, answered wrongly, or answered although the
notes never teach it. Pure logic: no model is loaded, and the scores are made up to the
notes' proportions.
"""

from __future__ import annotations

from rag.answer.blocks import answering_block, table_after
from rag.answer.decide import asked_kind
from rag.answer.defined import reputed
from rag.answer.definitions import following_sentences
from rag.answer.evidence import split_units
from rag.answer.extractive import choose_units
from rag.answer.line_forms import lone_question, outside_scope
from rag.answer.posed import posed_answer, posed_questions
from rag.answer.questions import question_parts
from rag.answer.scope import explains, said_out_of_scope
from rag.answer.steps import numbered_steps
from rag.answer.unknown import _unused_name
from tests.answer.made_up import scored_as, stats_of


def test_notes_leaving_a_topic_to_another_course_or_the_lab_refuse_it() -> None:
    """ "What causes an El Niño event to start?" and "how do you build a life table…" were
    answered with the notes' lines saying they leave it to the climate course and the lab."""
    el_nino = (
        "The periodic weakening of upwelling in the eastern Pacific during El Niño events is "
        "a major topic in its own right and is left to the climate course.\n"
    )
    (unit,) = split_units(0, el_nino, "2.4 Upwelling and downwelling")
    ranked = scored_as([unit], [0.53], {"nino": 3.0, "event": 1.2, "caus": 1.0})
    assert said_out_of_scope(ranked) == unit.text
    assert outside_scope("How to construct a life table is covered in the lab, not in lecture.")
    assert outside_scope("It is covered in the seminar readings rather than in these notes.")
    assert outside_scope("Bond premium amortization, a topic left to intermediate accounting.")
    # Not a thing left to someone: "Black suffrage was left to the states."
    assert not outside_scope("Black suffrage was left to the states, which meant little.")


def test_a_label_written_with_hyphens_is_the_thing_asked_how_it_works() -> None:
    """ "how does double declining balance depreciation work" was refused, "the closest
    passage names this but does not say what is asked", over the line answering it."""
    (line,) = split_units(0, (
        "- **Double-declining-balance**: twice the straight-line rate (2 × 20% = 40%) "
        "applied to the beginning book value, ignoring residual value until the last year.\n"
    ), "5. Plant Assets and Depreciation Methods")  # fmt: skip
    weights = {"doubl": 2.9, "declin": 3.3, "balanc": 1.4, "depreci": 1.6}
    question = "how does double declining balance depreciation work"
    assert explains(question, scored_as([line], [0.7], weights), weights)


NOTES_WORDS = (
    "printing press gutenberg mainz brought cash offer game ultimatum responders fairness "
    "pasta cook water boils altitude kodak film colour introduced eastman gives green "
    "malachite copper vernon smith nobel experiments find double stages pipeline start"
)


def test_a_place_a_game_a_film_or_a_gem_the_notes_never_name_is_refused() -> None:
    """Each was answered from a line sharing another word: "…jobbing printing that brought
    in steady cash", the ultimatum game, Eastman's 1888 Kodak camera, "malachite is always
    green because of copper", the timeline row naming Vernon Smith."""
    stats = stats_of(NOTES_WORDS)
    assert _unused_name("who brought the printing press to russia", stats) == "russia"
    offer = "what is the typical offer people make in the dictator game"
    assert _unused_name(offer, stats) == "dictator game"
    assert _unused_name("when was kodachrome colour film introduced", stats) == "kodachrome"
    assert _unused_name("what gives emerald its green colour?", stats) == "emerald"
    smith = "what did vernon smiths double auction experiments find"
    assert _unused_name(smith, stats) == "vernon smiths double auction experiments"
    # The setting of a why- or how-question is the student's own example: notes saying
    # "2,000 m above sea level" answer it.
    assert _unused_name("why does pasta take longer to cook up in the mountains?", stats) == ""
    # And phrasing, not a thing: "from start to finish", "in math terms".
    assert _unused_name("what are the stages of the pipeline from start to finish?", stats) == ""


DAGUERREOTYPE = (
    "Daguerre was a scene painter and showman. Working with silver, he found that a faint "
    "image could be developed by mercury vapour. The **daguerreotype** was made in this "
    "sequence:\n\n"
    "1. A silver-coated copper plate was polished to a mirror finish.\n"
    "2. It was exposed to iodine fumes.\n"
    "3. It was developed over heated mercury.\n\n"
    "The ideal medium would combine the daguerreotype's sharpness with the calotype's "
    "reproducibility. Archer did not patent it, and the process spread worldwide. Collodion "
    "was faster and cheaper. The process ran in this sequence:\n\n"
    "1. A glass plate was coated with iodized collodion.\n"
    "2. It was sensitized in a silver nitrate bath.\n"
)


def test_the_steps_asked_are_the_sequence_announced_by_the_things_name() -> None:
    """ "what are the steps of the daguerrotype process" quoted the wet collodion's five
    steps: its paragraph ranked first, comparing it with the daguerreotype."""
    units = split_units(0, DAGUERREOTYPE, "4. The Daguerreotype")
    archer = next(u for u in units if u.text.startswith("Archer"))
    painter = next(u for u in units if u.text.startswith("Daguerre was"))
    weights = {"≈step": 2.8, "process": 2.5, "daguerreotyp": 2.3}
    ranked = scored_as([archer, painter], [0.40, 0.37], weights)
    steps = numbered_steps(
        "what are the steps of the daguerrotype process", ranked[0], units, ranked
    )
    assert steps[0].text == "A silver-coated copper plate was polished to a mirror finish."


def test_his_in_a_second_part_is_the_first_parts_subject() -> None:
    """ "why did zhang qian go west and what happend on his trip" quoted "The round trip took
    about eighteen months…" of Arab ships for the second part, retrieved alone."""
    _, second = question_parts("why did zhang qian go west and what happend on his trip")
    assert second.referred == "Why did zhang qian go west"
    assert "zhang qian" in second.query
    _, alone = question_parts("why did zhang qian go west and what happened at the oasis")
    assert alone.referred == ""


def test_what_colour_asks_for_a_colour_not_the_word() -> None:
    """ "what colour is the streak of hematite" passed over "Hematite may be black, grey or
    red, but its streak is always reddish-brown", which never says "colour"."""
    stats = stats_of("colour streak hematite dataset")
    assert asked_kind("what colour is the streak of hematite", stats) == ""
    assert asked_kind("what dataset was it trained on", stats) == "dataset"


def test_what_is_counted_as_the_first_is_the_line_saying_so() -> None:
    """ "what is considered the first newspaper" led with "1702 — the Daily Courant,
    London's first daily newspaper" and ended on rotary presses."""
    units = split_units(0, (
        "In 1605 Johann Carolus of Strasbourg petitioned the city for protection for his "
        "weekly *Relation*, generally counted as the first newspaper.\n\n"
        "- 1702 — the *Daily Courant*, London's first daily newspaper.\n"
    ), "8. News, Periodicals and the Public Sphere")  # fmt: skip
    relation, courant = units
    assert reputed("What is considered the first newspaper?", [courant.text, relation.text]) == 1
    ranked = scored_as([courant, relation], [0.56, 0.55], {"consid": 2.0, "newspap": 1.5})
    assert choose_units("what is considered the first newspaper", ranked, units).units == [relation]
    assert reputed("What was the first newspaper?", [relation.text]) is None


def test_an_opener_naming_the_find_or_the_challenge_goes_on_to_say_it() -> None:
    """ "what was found in the belitung shipwreck" and "how did adrian johns disagree with
    eisenstein" quoted only the paragraph's first sentence."""
    wreck = split_units(0, (
        "The **Belitung shipwreck**, discovered off Indonesia in 1998, gives an extraordinary "
        "snapshot. An Arab-style sewn ship that sank around the 830s, it carried some 60,000 "
        "Chinese ceramics.\n"
    ), "8. The Maritime Silk Road")  # fmt: skip
    told = following_sentences("what was found in the belitung shipwreck", wreck[0], wreck)
    assert told == wreck[1:]
    johns = split_units(0, (
        "In *The Nature of the Book* (1998), **Adrian Johns** challenged Eisenstein. Early "
        "modern print, he argued, was anything but fixed.\n"
    ), "6. The Printing Revolution debate")  # fmt: skip
    question = "how did adrian johns disagree with eisenstein"
    assert following_sentences(question, johns[0], johns) == johns[1:]


MOVABLE_TYPE = (
    "Korea went furthest with metal type.\n\n"
    "Why did movable type not sweep away the woodblock in East Asia?\n\n"
    "- **Script**: Chinese requires thousands of distinct characters.\n"
    "- **Economics**: blocks were cheap and could be stored.\n\n"
    "There is no firm evidence that Gutenberg knew of Korean type.\n"
)


def test_a_question_standing_over_a_list_is_answered_by_the_list() -> None:
    """ "why didnt movable type replace woodblock printing in east asia" quoted the rows of
    the comparison table, not the reasons the notes list under their own question."""
    assert lone_question("Why did movable type not sweep away the woodblock in East Asia?")
    units = split_units(0, MOVABLE_TYPE, "4. Movable Type in China and Korea")
    asked = "Why did movable type not sweep away the woodblock in East Asia?"
    assert posed_questions(units) == [asked]
    script = next(u for u in units if u.text.startswith("Script"))
    told, as_list = posed_answer(script, units)
    assert as_list and [u.text[:8] for u in told] == ["Script: ", "Economic"]
    # Prose after the list is not labelled by the question.
    assert units[-1].context == "4. Movable Type in China and Korea"


def test_a_first_line_without_the_asked_words_gives_way_to_the_list_of_them() -> None:
    """ "what are pauling's rules" quoted the section's first sentence (0.88) over the five
    rules its paragraph announces (0.59), and "list the minerals of the mohs hardness scale"
    the sentence before the table of the ten."""
    units = split_units(0, (
        "Each cation surrounds itself with as many anions as will fit.\n\n"
        "In 1929 Pauling generalised these ideas into five rules for ionic crystals:\n\n"
        "1. **Coordination principle.** A polyhedron of anions forms about each cation.\n"
        "2. **Sharing of polyhedral elements.** Shared edges reduce stability.\n"
    ), "3. Coordination and Pauling's Rules")  # fmt: skip
    first, _, *rules = units
    weights = {"paul": 3.0, "rule": 2.6}
    ranked = scored_as([first, *rules], [0.88, 0.59, 0.58], weights)
    assert answering_block(ranked, units, True, question="what are pauling's rules") == rules
    mohs = split_units(0, (
        "In 1812 Friedrich Mohs proposed a relative scale of ten reference minerals. The Mohs "
        "scale is ordinal.\n\n| Mohs | Mineral |\n|---|---|\n| 1 | Talc |\n| 2 | Gypsum |\n"
    ), "3. Hardness")  # fmt: skip
    lead = scored_as(mohs[:1], [0.6], {"mineral": 1.2, "moh": 2.5, "hard": 1.0, "scale": 1.1})[0]
    assert [u.text[:7] for u in table_after(lead, mohs, several=True)] == ["1: Talc", "2: Gyps"]
    assert table_after(lead, mohs) == []
