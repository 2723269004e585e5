"""What check sheets 45 to 47 (eval/quiz_check45_*.md to eval/quiz_check47_*.md, three
raters per item, majority deciding) found that a rule could mend. Each sheet was drawn
with the code before these rules.
"""

from __future__ import annotations

from rag.schema import Passage
from rag.study.quiz import ItemSource, QuizItem
from rag.study.quiz.blanks import cloze_candidates
from rag.study.quiz.units import passage_units
from rag.study.quiz.verify import given_away
from tests.study.quiz.samples import passage


def blank_keys(text: str, section: str = "2. Notes") -> list[str]:
    chunk = Passage("c1", text, "notes.md", "Notes", section, 0, len(text))
    return [term.text for unit in passage_units(0, chunk) for term, _ in cloze_candidates(unit)]


def cloze(sentence: str, answer: str) -> QuizItem:
    quote = sentence.replace("_____", answer)
    return QuizItem(
        "cloze", f"Fill in the blank: {sentence}", answer, f"According to “7”: {quote}",
        ItemSource("notes.md", "Notes", "7. Resistance", quote, "c1"), [], "medium",
    )  # fmt: skip


def test_a_people_s_adjective_in_the_stem_gives_their_name_away() -> None:
    """ "Spanish anxiety … destroy the _____" keyed "Spaniards" (sheet 45), "The Median
    nobility …; _____ held high commands" keyed "Medes" (sheet 43): three raters of three,
    given away."""
    assert given_away(cloze(
        "Spanish anxiety grew in the 1560s, when officials uncovered a movement that "
        "foretold the huacas would destroy the _____.", "Spaniards"))  # fmt: skip
    assert given_away(cloze(
        "The Median nobility was absorbed, not destroyed; _____ held high commands.", "Medes"))  # fmt: skip
    assert given_away(cloze(
        "Spanish anxiety grew in the 1560s, when officials uncovered the _____ movement.",
        "Taki Onqoy")) is None  # fmt: skip


def test_a_sentence_s_opening_participle_is_not_part_of_the_name_after_it() -> None:
    """ "_____ lands were redistributed to the nobles" keyed "Conquered Tepanec" (sheet 45,
    three raters of three: "Tepanec" would be marked wrong)."""
    keys = blank_keys(
        "Conquered Tepanec lands were redistributed to the nobles and warriors who had "
        "fought under Itzcoatl, strengthening a new military aristocracy."
    )
    assert "Conquered Tepanec" not in keys
    assert "Tepanec" in keys or "Itzcoatl" in keys
    assert "United States" in blank_keys(
        "United States troops landed at the port of Veracruz in April 1914 and stayed."
    ), "a name that opens with -ed stays whole"


def test_no_typed_key_opens_with_an_amount() -> None:
    """ "_____ delivery to the macula densa" keyed "Reduced NaCl", "stimulated directly by
    a _____" keyed "raised plasma K⁺" (sheet 46: "low NaCl", "high K⁺" marked wrong)."""
    keys = blank_keys(
        "Aldosterone secretion is also stimulated directly by **raised plasma K⁺**, "
        "independently of angiotensin, as Conn described in 1955."
    )
    assert "raised plasma K⁺" not in keys
    assert "Conn" in keys, "the sentence's names are still asked"


def test_no_blank_in_a_glossary_line() -> None:
    """ "Key terms: strategic form, …, _____, best response, …" keyed "IESDS" (sheet 46,
    three raters of three: any other term fits)."""
    keys = blank_keys(
        "Key terms: strategic form, strategy profile, dominant strategy, IESDS, best "
        "response, Nash equilibrium, Pareto efficiency, mixed strategy, focal point."
    )
    assert keys == [], keys


TIMELINE = """## 1. What Is Game Theory?

| Year | Person(s) | Contribution |
|---|---|---|
| 1913 | Ernst Zermelo | Shows that chess has a determinate solution |
| 1928 | John von Neumann | Proves the minimax theorem for two-person zero-sum games |
| 1944 | von Neumann and Oskar Morgenstern | Theory of Games and Economic Behavior |
| 1950 | John Nash | Defines equilibrium for any finite game |
| 1960 | Thomas Schelling | The Strategy of Conflict: focal points and commitment |
"""


def test_no_order_item_between_two_steps_that_share_a_surname() -> None:
    """ "Which person(s) comes right after John von Neumann?" — "von Neumann and Oskar
    Morgenstern" (sheet 46, two items, three raters of three: given away)."""
    import random

    from rag.study.quiz import Material, structure_drafts, term_pool
    from tests.study.quiz.samples import no_similarity, passage

    chunk = passage(TIMELINE, section="1. What Is Game Theory?")
    material = Material([chunk], [], term_pool([chunk])[1], no_similarity)
    asked = [
        (next(iter(d.item.meta.values())), d.item.answer)
        for seed in range(4)
        for d in structure_drafts(material, passage_units(0, chunk), ["short"], random.Random(seed))
        if d.item.kind == "order"
    ]
    assert asked, "the other steps are still asked about"
    assert not [pair for pair in asked if all("Neumann" in step for step in pair)], asked


# Sheet 48 (eval/quiz_check48_sleep.md), drawn at acf5a21, found four more; these rules
# came after the last sheets were drawn, so no blind sheet has measured them yet.


def test_no_name_starts_with_throughout() -> None:
    """ "_____ sleep breathing is slow and regular" keyed "Throughout NREM" (three raters
    of three: incorrect, "NREM" would be marked wrong)."""
    keys = blank_keys(
        "Throughout NREM sleep breathing is slow and regular, heart rate and blood "
        "pressure fall, and growth hormone is released in a pulse."
    )
    assert not [k for k in keys if k.startswith("Throughout")], keys


def test_an_acronym_inside_a_longer_one_or_the_next_of_a_series_is_given_away() -> None:
    """ "two or more sleep-onset _____ periods (SOREMPs)" keyed "REM"; "the Period (Per1,
    Per2, _____) genes" keyed "Per3" (three raters of three each: given away)."""
    assert given_away(cloze(
        "A mean sleep latency of 8 minutes or less with two or more sleep-onset _____ "
        "periods (SOREMPs) confirms the diagnosis.", "REM"))  # fmt: skip
    assert given_away(cloze(
        "CLOCK and BMAL1 bind E-box sequences in the promoters of the Period (Per1, Per2, "
        "_____) and Cryptochrome genes.", "Per3"))  # fmt: skip
    assert given_away(cloze(
        "The AASM scheme divides sleep into three NREM stages and _____ sleep, in which "
        "the eyes move.", "REM")) is None, "NREM is REM's complement, not its holder"  # fmt: skip


PSG = """## 3. Measuring sleep: polysomnography and beyond

The gold-standard measurement is **polysomnography (PSG)**, the simultaneous recording of several signals through the night. Three signals are essential for identifying sleep stages:

1. **Electroencephalogram (EEG)**: scalp electrodes record cortical activity.
2. **Electrooculogram (EOG)**: electrodes beside the eyes detect eye movements.
3. **Electromyogram (EMG)**: a chin electrode records muscle tone.
"""

DIGESTION = """## 4. Digestion

Digestion proceeds in four stages:

1. **Ingestion**: food enters the mouth.
2. **Digestion**: enzymes break it down.
3. **Absorption**: nutrients cross the gut wall.
4. **Elimination**: waste leaves the body.
"""


def test_a_list_of_things_recorded_at_once_is_no_sequence() -> None:
    """ "Which step comes right after Electroencephalogram?" (sheets 48 and 50: eight
    items, marked incorrect and given away): the signals are recorded simultaneously."""
    from rag.study.quiz.timelines import sequences

    assert sequences(passage(PSG, section="3. Measuring sleep")) == []
    steps = [s for _, s, _, _, _ in sequences(passage(DIGESTION, section="4. Digestion"))]
    assert steps == [["Ingestion", "Digestion", "Absorption", "Elimination"]]


ANATOMISTS = """## 2. Vesalius and the Reform of Anatomy

| Anatomist | Key contribution |
|---|---|
| Realdo Colombo | Described the pulmonary transit in De re anatomica (1559) |
| Gabriele Falloppio | Described the uterine (Fallopian) tubes and the semicircular canals |
| Hieronymus Fabricius | Described the "little doors" (valves) of the veins (1603) |
| Bartolomeo Eustachi | Described the auditory tube and the adrenal glands |
"""


def test_no_comparison_offers_a_row_a_description_named_after_another() -> None:
    """Every distractor gave "the uterine (Fallopian) tubes" to Colombo or Fabricius
    (sheets 49 and 50, three comparisons, three raters of three: implausible)."""
    from tests.study.quiz.samples import comparisons

    items = comparisons(ANATOMISTS, "2. Vesalius and the Reform of Anatomy")
    assert items, "the other anatomists are still compared"
    for item in items:
        for option in item.options:
            for pairing in option.split("; "):
                name, _, description = pairing.partition(" — ")
                assert "Fallopian" not in description or name == "Gabriele Falloppio", option


def test_a_glossary_label_is_no_term_to_ask_for() -> None:
    """ "Which item is described as 'total economic value; option, existence and bequest
    values; …'?" keyed "Key terms" (sheet 52, three raters of three: incorrect, off topic)."""
    from rag.study.quiz.facts import unit_facts

    text = (
        "- **Key terms**: total economic value; option, existence and bequest values; WTP "
        "and WTA; compensating variation.\n"
        "- **Contingent valuation**: asks people directly what they would pay for a change.\n"
    )
    chunk = passage(text, section="9. Cost-Benefit Analysis in Practice")
    terms = {fact.term for unit in passage_units(0, chunk) for fact in unit_facts(unit, chunk)}
    assert "Key terms" not in terms
    assert "Contingent valuation" in terms


SECESSION = """## 4. The Secession Crisis

The Lincoln-Douglas debates of 1858 made Lincoln a national figure.
On April 12, 1861, batteries under P. G. T. Beauregard opened fire on Fort Sumter, and Anderson surrendered the next day.
Lee surrendered at Appomattox in April 1865, and the war ended within weeks.
"""


def test_no_year_is_swapped_across_a_year_the_topic_names() -> None:
    """ "On April 12, 1858, batteries under Beauregard opened fire" under "The secession
    crisis: the election of 1860, …" (sheet 54, two statements, three raters of three:
    given away by the topic line)."""
    import random
    from collections.abc import Sequence

    from rag.study.quiz import Material, structure_drafts, term_pool

    def alike(answer: str, candidates: Sequence[str]) -> list[float]:
        return [0.5] * len(candidates)

    chunk = passage(SECESSION, section="4. The Secession Crisis")
    pool, lines = term_pool([chunk])

    def swapped_years(topic: str) -> set[str]:
        material = Material([chunk], pool, lines, alike, topic=topic)
        return {
            d.item.meta["swap_to"]
            for seed in range(12)
            for d in structure_drafts(
                material, passage_units(0, chunk), ["tf"], random.Random(seed)
            )
            if d.item.meta.get("swap_from") == "1861"
        }

    assert "1858" in swapped_years("The secession crisis and Fort Sumter")
    assert "1858" not in swapped_years("The secession crisis: the election of 1860 and Fort Sumter")
    # A range's years too: "The War of Independence and the Anglo-Irish Treaty, 1919–21"
    # made "signed … 6 December 1918" false by its topic line (sheet 60).
    assert "1858" not in swapped_years("The secession crisis and Fort Sumter, 1859–61")
