"""Answers on courses students probed in the sixty-fourth round: computer architecture, the
Harlem Renaissance, information retrieval, the Mughals, operating systems and
paleoanthropology.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md). Pure
logic: no model is loaded.
"""

from __future__ import annotations

from rag.answer.asked import USES_LABEL, question_weights, unit_terms
from rag.answer.evidence import split_units
from rag.retrieval.keyword import TermStatistics
from tests.answer.made_up import scored_as, stats_of


def test_dying_out_is_read_as_the_notes_disappearance() -> None:
    """ "why did the neanderthals die out" quoted a fossil group that "died" together, not "4.
    The Disappearance of the Neanderthals"; "ww1" is the First World War."""
    from rag.answer.reading import idioms_read

    frequency = {"disappear": 3, "die": 1, "war": 4}
    assert idioms_read("why did the neanderthals die out", frequency) == (
        "why did the neanderthals disappear"
    )
    assert idioms_read("who served in ww1", frequency) == "who served in the First World War"
    # "World War II" only in notes that write "II" (round 65: an aviation probe was refused).
    assert idioms_read("who served in ww2", {"war": 1, "ii": 1}) == "who served in World War II"
    assert idioms_read("who served in ww2", {"war": 1}) == "who served in the Second World War"
    assert idioms_read("how many served in ww1", {}) == "how many served in ww1"


def test_a_line_saying_unchanged_is_about_what_changes() -> None:
    """ "why doesnt idf change the ranking for a one word query" was refused by the notes'
    "…though we do not pursue this further here" on Rocchio, the only line of the best five
    holding "change"; the answer says "…so the ranking is unchanged"."""
    assert "chang" in unit_terms("it multiplies every score alike, so the ranking is unchanged")
    assert "der" not in unit_terms("under the same constant")  # too short to be un- + a word


def test_who_named_a_term_made_it() -> None:
    """ "who came up with the term von neumann bottleneck?" was answered with von Neumann's
    EDVAC report, not "…which John Backus named the von Neumann bottleneck in his 1977
    Turing Award lecture"."""
    from rag.answer.question_forms import says_who_made

    assert says_who_made("…a choke point, which John Backus named the von Neumann bottleneck")
    assert not says_who_made("Caches relieve the so-called von Neumann bottleneck")


def test_a_name_written_out_weighs_as_its_acronym() -> None:
    """ "formula for average memory access time" quoted CPI's worked example: the formula
    line, "AMAT = Hit time + Miss rate × Miss penalty", names it by its initials."""
    from rag.answer.wordforms import attested_acronyms

    stats = stats_of("amat averag memori access time formula")
    assert attested_acronyms("formula for average memory access time", stats) == ["amat"]
    assert "amat" in question_weights("what is the formula for average memory access time", stats)
    # Only for a formula: "NLG" put "NLG enables machines…" over the key ideas asked for.
    listed = "What applications of natural language generation are listed"
    assert "nlg" not in question_weights(listed, stats_of("nlg natur languag generat applic"))
    assert attested_acronyms("memory access", TermStatistics(9, {"ma": 3})) == []  # two words
    assert attested_acronyms("time of the day", TermStatistics(9, {"ttd": 3})) == []


def test_a_value_used_for_something_is_no_question_of_uses() -> None:
    """ "what value is usually used for the damping factor in pagerank" was refused for want
    of an "Applications:" list over "…d the damping factor, usually 0.85:"."""
    stats = stats_of("valu damp factor pagerank applic")
    question = "what value is usually used for the damping factor in pagerank"
    assert USES_LABEL not in question_weights(question, stats)
    assert USES_LABEL in question_weights("what is pagerank used for", stats)


def test_what_names_stand_for_is_the_line_glossing_them() -> None:
    """ "what do P and V stand for in semaphores" quoted "…one misplaced P or V anywhere
    breaks correctness." and then the list of P(S) and V(S)."""
    from rag.answer.ordering import glossed_first
    from rag.answer.question_forms import asks_for_several

    question = "what do P and V stand for in semaphores"
    assert not asks_for_several(question) and asks_for_several("what are semaphores used for")
    units = split_units(0, (
        "Semaphores are powerful but unstructured: one misplaced P or V anywhere breaks "
        "correctness. Dijkstra named them with Dutch words: P (proberen, \"to test\") and V "
        "(verhogen, \"to increment\").\n"
    ))  # fmt: skip
    ranked = scored_as(units, [0.75, 0.63])
    assert glossed_first(question, ranked)[0].unit is units[1]
    assert glossed_first("what is a semaphore", ranked)[0].unit is units[0]


def test_how_far_back_asks_for_a_span_not_the_word_back() -> None:
    """ "how far back can radiocarbon dating go" was refused: "back", rare in the notes,
    weighed like "radiocarbon" over the row "Radiocarbon (¹⁴C) | … | up to ~50 ka"."""
    stats = stats_of("radiocarbon date back far go")
    weights = question_weights("how far back can radiocarbon dating go", stats)
    assert weights["back"] < weights["radiocarbon"] / 2


def test_how_something_was_found_is_told_after_the_opener() -> None:
    """ "how were the denisovans discovered" was "The Denisovans were discovered in an
    unprecedented way." alone, without "In 2008 a tiny finger bone…" after it."""
    from rag.answer.definitions import told_after_opener

    units = split_units(0, (
        "The Denisovans were discovered in an unprecedented way. In 2008 a tiny finger bone "
        "was excavated at Denisova Cave. In 2010 its mitochondrial DNA was sequenced.\n"
    ))  # fmt: skip
    told = told_after_opener("how were the denisovans discovered", units[0], units)
    assert [u.text[:7] for u in told] == ["In 2008", "In 2010"]
    assert told_after_opener("where is denisova cave", units[0], units) == []


def test_a_sentence_naming_the_thing_as_what_else_is_introduces_it() -> None:
    """ "what was the mansabdari systm" was "The backbone of the Mughal state was the
    mansabdari system, reorganised by Akbar in the 1570s." alone, without "A mansab…
    was a numerical grade assigned to every officer…" after it."""
    from rag.answer.definitions import explained_after

    units = split_units(0, (
        "The backbone of the Mughal state was the **mansabdari system**, reorganised by Akbar "
        "in the 1570s. A **mansab** was a numerical grade assigned to every officer.\n"
    ))  # fmt: skip
    said = explained_after("what was the mansabdari system", units[0], units)
    assert [u.text[:8] for u in said] == ["A mansab"]
