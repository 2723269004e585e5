"""Answers on courses students probed in the fifty-sixth round: criminology, epidemiology,
colonial Latin America, the musculoskeletal system, ancient India and the medieval Islamic
world (docs/evaluation.md).

Each helper wrote 20 questions from the notes before asking any; each case here was
refused although the notes answer it, answered from the wrong line, or answered although
the notes never teach it. Pure logic: no model is loaded.
"""

from __future__ import annotations

from rag.answer.definitions import naming_first
from rag.answer.evidence import split_units
from rag.answer.ordering import given_number_first
from rag.answer.parts import stated_by
from rag.answer.reasons import reasons_first
from rag.answer.unknown import _unused_name, unused_words
from rag.answer.wordforms import attested_forms
from rag.retrieval.keyword import TermStatistics
from rag.text.tables import row_text
from tests.answer.made_up import scored_as, stats_of


def test_a_name_typed_without_its_apostrophe_is_the_notes_name() -> None:
    """ "why did al-mutasim build samarra" was refused, "the material never uses
    “al-mutasim”", over "…al-Mu'tasim founded a new capital at Samarra in 836"."""
    stats = TermStatistics(50, {"al-mu'tasim": 2, "samarra": 3, "qur'an": 9, "net": 1})
    assert attested_forms("al-mutasim", stats) == ["al-mu'tasim"]
    assert attested_forms("quran", stats) == ["qur'an"]
    assert _unused_name("why did al-mutasim build samarra", stats) == ""
    assert unused_words("why did al-mutasim build samarra with a u-net", stats) == ("u-net",)


def test_who_perfected_a_process_says_who_made_it() -> None:
    """ "what was the patio process and who invented it" quoted "Bartolomé de Medina
    perfected the patio process…", then warned the notes do not say who invented it."""
    line = "In the 1550s Bartolomé de Medina perfected the patio process in New Spain."
    assert stated_by("Who invented it?", [line])


def test_a_count_in_words_is_no_figure_the_answer_must_state() -> None:
    """ "what are the four elements of hirschi's social bond theory" led with Akers' "His
    social learning theory has four elements…" for its "four"."""
    units = split_units(0, (
        "The most influential is Travis Hirschi's social bond theory (1969). His social "
        "learning theory has four elements: association, definitions and imitation.\n"
    ))  # fmt: skip
    ranked = scored_as(units, [0.51, 0.49], {"hirschi": 3.0, "element": 1.5, "four": 1.0})
    question = "what are the four elements of hirschi's social bond theory"
    assert given_number_first(question, ranked) == ranked
    assert naming_first(question, ranked) == ranked


def test_columns_of_states_are_each_named() -> None:
    """ "what are merton's five modes of adaptation" read "Innovation: Accept
    (institutionalized means: Reject…)", accepting what unsaid."""
    row = row_text(
        ["Innovation", "Accept", "Reject", "Theft"],
        ["Mode of adaptation", "Cultural goals", "Institutionalized means", "Example"],
    )
    assert (
        row
        == "Innovation — Cultural goals: Accept; Institutionalized means: Reject; Example: Theft"
    )


def test_a_line_giving_the_reasons_leads_a_why_question() -> None:
    """ "why did brazilian planters switch from indigenous to african slaves" quoted how many
    Africans landed in Brazil over "The reasons were several: Indigenous populations
    collapsed…" (0.76 of its score)."""
    units = split_units(0, (
        "Brazil became the largest destination of the slave trade. The reasons were several: "
        "Indigenous populations collapsed from smallpox; crown law restricted enslavement.\n"
    ))  # fmt: skip
    ranked = scored_as(units, [0.436, 0.33], {"brazilian": 2.0, "switch": 3.0})
    assert reasons_first("why did brazilian planters switch", ranked, units)[0] == ranked[1]


def test_a_two_word_name_the_notes_never_use_is_unknown() -> None:
    """ "what did omar khayyam contribute to mathematics" was answered with al-Khwarizmi's
    row; "what did the deputies swear in the tennis court oath" asks what they swore."""
    stats = stats_of("al-khwarizmi algebra mathematics tennis court oath estates")
    assert _unused_name("what did omar khayyam contribute to mathematics", stats) == "omar khayyam"
    assert _unused_name("what did the deputies swear in the tennis court oath", stats) == ""
