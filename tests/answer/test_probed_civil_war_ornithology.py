"""Answers on a Spanish Civil War and an ornithology course students probed.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md, the
forty-sixth round); each covered question here was refused before, each uncovered one
answered. Pure logic: no model is loaded, and the statistics are made up to the notes'
proportions.
"""

from __future__ import annotations

from rag.answer.asked import question_weights
from rag.answer.comparisons import best_about
from rag.answer.decide import answer_type
from rag.answer.definitions import told_after_opener
from rag.answer.evidence import ScoredUnit, score_units, split_units
from rag.answer.numbers import counted_noun
from rag.answer.scope import answer_found
from rag.answer.steps import numbered_steps
from rag.answer.unknown import unknown_name
from rag.retrieval.keyword import TermStatistics

STATS = TermStatistics(
    90,
    {"defend": 3, "madrid": 20, "govern": 25, "valencia": 6, "left": 12, "charg": 1,
     "countri": 15, "rise": 10, "militari": 18, "1936": 30, "juli": 25, "volunt": 4,
     "brigad": 6, "intern": 8, "fought": 5, "foreign": 7},
)  # fmt: skip


def test_who_was_put_in_charge_weighs_what_was_put_in_charge_of() -> None:
    """ "Who was put in charge of defending Madrid when the government left for Valencia?"
    was refused, "the material never uses “put”": the notes say "a Junta de Defensa de
    Madrid under General José Miaja"."""
    weights = question_weights(
        "Who was put in charge of defending Madrid when the government left for Valencia?", STATS
    )
    assert max(weights, key=weights.__getitem__) not in ("put", "charg")
    assert weights["put"] < weights["defend"]


def test_words_for_how_much_and_how_soon_frame_a_question() -> None:
    """ "Why did the military rising in July 1936 not manage to take over the whole country
    straight away?" was refused: "whole" weighed most."""
    weights = question_weights(
        "Why did the rising not take over the whole country straight away?", STATS
    )
    assert all(weights[w] < weights["rise"] for w in ("whole", "straight", "away"))


def test_a_count_of_foreign_volunteers_counts_volunteers() -> None:
    """ "How many foreign volunteers fought in the International Brigades?" was refused, "no
    passage states the number": "Some 32,000–35,000 volunteers…" never says "foreign"."""
    question = "How many foreign volunteers fought in the International Brigades?"
    assert counted_noun(question) == "volunt"
    notes = (
        "The International Brigades were recruited by the Comintern.\n\n"
        "Some 32,000–35,000 volunteers from over fifty countries served in the "
        "International Brigades.\n"
    )
    weights = question_weights(question, STATS)
    answer = answer_type(question, weights, STATS)
    ranked: list[ScoredUnit] = score_units(weights, split_units(0, notes), 1, answer=answer)
    assert answer_found(question, weights, STATS, ranked)


def test_a_year_naming_a_thing_the_notes_never_date_so_is_unknown() -> None:
    """ "What did Spain's 1978 Constitution say about the Catalan and Basque regions?" was
    answered with the Constitution of 9 December 1931."""
    passages = ["Constitution: Constitution of 9 December 1931: possible regional autonomy."]
    asked = "What did Spain's 1978 Constitution say about the Catalan and Basque regions?"
    assert unknown_name(asked, passages) == "1978"
    assert unknown_name("What did Spain's 1931 Constitution say about the regions?", passages) == ""
    # A year as a bound names nothing: "before 1900" may be no year of the notes.
    assert unknown_name("Was the Constitution written before 1990?", passages) == ""


def test_a_thing_no_passage_names_in_its_own_words_is_unknown() -> None:
    """ "What does the preen gland (uropygial gland) do?" was answered with salt glands:
    the notes say "Preening re-zips separated barbs" and speak of other glands."""
    passages = [
        "Preening re-zips separated barbs.",
        "Marine birds remove excess salt through salt glands above the eyes.",
    ]
    assert (
        unknown_name("What does the preen gland (uropygial gland) do?", passages) == "preen gland"
    )
    assert unknown_name("What does the salt gland do?", passages) == ""
    # "the term X" calls X a term; "term" is no word of it.
    defined = ["Factory system: production concentrated in one building."]
    assert unknown_name("What does the term factory system mean?", defined) == ""


def test_how_something_goes_is_the_numbered_list_in_order() -> None:
    """ "How does air actually move through a bird's lungs and air sacs when it breathes?"
    quoted the second inhalation before the first, and neither exhalation."""
    notes = (
        "Follow one breath of air through two full cycles:\n\n"
        "1. **First inhalation** — the packet passes into the posterior air sacs.\n"
        "2. **First exhalation** — the posterior sacs push the packet into the parabronchi.\n"
        "3. **Second inhalation** — the packet moves from the lung into the anterior sacs.\n"
        "4. **Second exhalation** — the anterior sacs empty through the trachea.\n"
    )
    units = split_units(0, notes)
    second, first = (next(u for u in units if u.ordinal == n) for n in (3, 1))
    lead = ScoredUnit(second, 0.6, 0.6, 0.6)
    ranked = [lead, ScoredUnit(first, 0.55, 0.6, 0.6)]
    asked = "How does air actually move through a bird's lungs and air sacs when it breathes?"
    assert [u.ordinal for u in numbered_steps(asked, lead, units, ranked)] == [1, 2, 3, 4]
    assert numbered_steps("What happens in the second inhalation?", lead, units, ranked) == []
    # One item alone close to the question answers one step of it.
    assert numbered_steps(asked, lead, units, [lead]) == []


def test_what_an_experiment_showed_is_told_after_how_it_was_done() -> None:
    """ "What did Perdeck's starling displacement experiment show about navigation?" quoted
    how it was done, not what the adults and juveniles then did."""
    notes = (
        "The map is less well understood. The classic experiment is A. C. Perdeck's (1958): "
        "he captured thousands of migrating starlings in the Netherlands, moved them to "
        "Switzerland and released them. Adults corrected their course, but juveniles kept "
        "flying in the original direction.\n"
    )
    units = split_units(0, notes)
    method = next(u for u in units if "Perdeck" in u.text)
    asked = "What did Perdeck's starling displacement experiment show about navigation?"
    assert [u.text[:6] for u in told_after_opener(asked, method, units)] == ["Adults"]
    assert told_after_opener("Who was Perdeck?", method, units) == []


def test_a_noun_both_sides_share_need_not_be_said_of_each() -> None:
    """ "What's the difference between altricial and precocial chicks?" quoted "Altricial
    chicks, by contrast, invest in digestive organs…" alone: no line on precocial young
    says "chicks", and the table's rows are headed by the two words alone."""
    notes = (
        "| Type | Appearance at hatching |\n|---|---|\n"
        "| Precocial | Downy, eyes open, walk and feed themselves |\n"
        "| Altricial | Naked or nearly so, eyes closed, helpless |\n\n"
        "Altricial chicks, by contrast, invest in digestive organs and grow fast.\n"
    )
    precocial, altricial, sentence = split_units(0, notes)
    ranked = [ScoredUnit(sentence, 0.67, 0.5, 0.5), ScoredUnit(precocial, 0.41, 0.5, 0.5)]
    ranked.append(ScoredUnit(altricial, 0.4, 0.5, 0.5))
    assert best_about("precocial chicks", "altricial chicks", ranked) == precocial
    # A line that does say it is still preferred.
    assert best_about("altricial chicks", "precocial chicks", ranked) == sentence
