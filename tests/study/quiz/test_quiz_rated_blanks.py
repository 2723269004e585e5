"""Blanks and options the rated check sheets up to sheet 24 found wrong, each case marked by
the majority of three raters (eval/quiz_check2*_ratings.json); the rules came after.
"""

from __future__ import annotations

import random

from rag.assistant import Assistant
from rag.schema import Passage
from rag.study.quiz.blanks import cloze_candidates
from rag.study.quiz.build import with_table_heads
from rag.study.quiz.distractors import pick_distractors, shape, term_pool, years_apart
from rag.study.quiz.facts import unit_facts
from rag.study.quiz.units import Term, passage_units
from rag.text.chunks import opens_inside_table
from tests.study.quiz.samples import passage


def blanked_keys(text: str, section: str = "2. Notes") -> set[str]:
    chunk = passage(text, section=section)
    return {term.text for u in passage_units(0, chunk) for term, _ in cloze_candidates(u)}


def test_a_question_in_the_notes_is_not_made_a_blank() -> None:
    """ "How did a few hundred _____ topple two great empires?" keyed "Spaniards": a
    rhetorical question states nothing; "Europeans" fills it as well."""
    text = (
        "How did a few hundred Spaniards topple two great empires? "
        "Cortés landed at Veracruz with about 500 Spaniards in 1519."
    )
    keys = blanked_keys(text)
    assert "Veracruz" in keys
    chunk = passage(text, section="2. Notes")
    questions = [
        blanked
        for u in passage_units(0, chunk)
        for _, blanked in cloze_candidates(u)
        if blanked.rstrip().endswith("?")
    ]
    assert questions == []


def test_a_sentence_that_introduces_a_list_is_not_made_a_blank() -> None:
    """ "organised the church around _____:" keyed "four offices", and "Its spread across
    _____ can be followed in stages:" keyed "Europe": the list after the colon, which the
    student does not see, is what the sentence says."""
    text = (
        "The **Ecclesiastical Ordinances** (1541) organised the church around **four offices**:\n"
        "\n"
        "1. Pastors preached and administered the sacraments in Geneva.\n"
    )
    assert "four offices" not in blanked_keys(text, "6. Calvin and Geneva")


def test_the_bold_lead_of_a_numbered_step_is_not_blanked() -> None:
    """ "_____ moves the variable; this change is fed back to the sensor." keyed "Response"
    and "_____, usually in a peer-reviewed publication…" keyed "Share the results": a
    step is known only from its list. A bulleted lead is a name and stays a blank."""
    steps = (
        "The parts of a feedback loop, in order:\n\n"
        "6. **Effector** is the organ that carries out the correction in the body.\n"
        "7. **Response** moves the variable; this change is fed back to the sensor.\n"
    )
    assert not {"Response", "Effector"} & blanked_keys(steps, "3. Homeostasis")
    bullets = (
        "Two words students confuse:\n\n"
        "- **Accuracy** is how close a measurement is to the true value.\n"
        "- **Precision** is how close repeated measurements are to one another.\n"
    )
    assert {"Accuracy", "Precision"} <= blanked_keys(bullets, "3. Measurement")


TABLES = """| Date | Scientist | Contribution |
|---|---|---|
| c. 400 BCE | Democritus | Proposed indivisible particles, a philosophical argument |
| 1803–1808 | John Dalton | Atomic theory and the law of multiple proportions |

| Year | Event |
|---|---|
| 1860s | Mendeleev publishes a periodic table ordered by atomic mass |
| 1890s | Thomson discovers the electron using cathode rays |
| 1910s | Rutherford proposes the nuclear model of the atom |

| Force | Strength |
|---|---|
| Dipole–dipole | Moderate, between polar molecules such as HCl |
| London dispersion | Weakest, between all molecules, even noble gases |
| Hydrogen bonding | Strong, between water molecules in ice |
"""


def test_years_before_the_common_era_are_offered_only_among_years() -> None:
    """ "which date has the scientist “Democritus”?" offered "Dipole–dipole" and "Neutron"
    beside "c. 400 BCE" (eval/quiz_check24_chemistry.md): a year before the era was read
    as a plain term, so other tables' heads of any sort filled its options."""
    assert shape("c. 400 BCE") == shape("AD 79") == shape("5th century") == "period"
    assert shape("Dipole–dipole") == "term"
    assert years_apart("c. 400 BCE", "1803–1808") == 2203
    pool, lines = term_pool([passage(TABLES, section="5. Atomic Theory: A Timeline")])
    picked = pick_distractors(
        Term("c. 400 BCE", "name"), "col:date", "head", "", "Democritus", pool, lines,
        lambda _, others: [0.5] * len(others), random.Random(1),
    )  # fmt: skip
    assert picked is not None
    assert {text for text, _ in picked} <= {"1803–1808", "1860s", "1890s", "1910s"}, picked


def test_an_emphasised_function_word_is_not_a_key() -> None:
    """ "It does _____ mean there is a 95% probability…" keyed "not" (sheet 25: the
    sentence's own grammar gives it away)."""
    text = (
        "A 95% confidence interval does **not** mean there is a 95% probability that "
        "this particular interval contains the parameter p."
    )
    assert "not" not in {key.lower() for key in blanked_keys(text, "7. Confidence intervals")}


def test_a_sentence_that_puts_a_topic_out_of_scope_gives_no_items() -> None:
    """ "…such as the Wilcoxon rank-sum test exist, but they are beyond the scope of
    _____ 101." keyed "STAT" (sheet 25): such a sentence says the course leaves the
    topic out, so nothing in it is to be learnt."""
    from rag.study.quiz.relevance import relevant_units

    text = (
        "The t procedures are robust when samples are large and roughly symmetric. "
        "When samples are small and clearly non-normal, rank-based alternatives such as "
        "the Wilcoxon rank-sum test exist, but they are beyond the scope of STAT 101."
    )
    units = relevant_units([passage(text, section="6. Two-sample t tests")], {}, gate=False)
    assert [u.text for u in units] == [
        "The t procedures are robust when samples are large and roughly symmetric."
    ]


def test_rows_cut_from_their_header_at_ingest_are_read_with_it(corpus_assistant: Assistant) -> None:
    """A table longer than a chunk keeps its header in its first chunk only; the rows
    after the cut ("| Flow-based Models | Learn invertible transformations…") made no
    "which model type has…" item until the quiz read them under that header."""
    cut = [
        Passage.from_metadata(chunk.id, chunk.text, chunk.metadata)
        for chunk in corpus_assistant.store.iter_chunks()
        if opens_inside_table(chunk.text)
    ]
    assert cut, "the bundled course's model-families table is cut at ingest"
    headed = with_table_heads(corpus_assistant, cut)
    flows = next(p for p in headed if "| Flow-based Models |" in p.text)
    assert flows.text.startswith("| Model Type | Description | Example Models |")
    facts = [f for u in passage_units(0, flows) for f in unit_facts(u, flows)]
    assert any(f.term == "Flow-based Models" and "example models" in f.template for f in facts)
    stored = {c.id: c.text for c in corpus_assistant.store.get([flows.id])}
    assert "| Model Type |" not in stored[flows.id]  # the chunk itself is left as stored


def test_a_bracketed_word_of_the_answer_in_the_stem_gives_it_away() -> None:
    """ "_____ take numerical values…" keyed "Quantitative (numerical) variables" (sheet
    25, three raters of three); a stem naming none of the answer's words gives nothing."""
    from rag.study.quiz.model import ItemSource, QuizItem
    from rag.study.quiz.verify import given_away

    def blank(stem: str, answer: str) -> QuizItem:
        source = ItemSource("notes.md", "Notes", "3. Variables", stem, "c1")
        return QuizItem("cloze", f"Fill in the blank: {stem}", answer, "", source, [], "medium")

    assert given_away(blank("_____ take numerical values: height, income, reaction time.",
                            "Quantitative (numerical) variables")) == "answer_in_question"  # fmt: skip
    assert given_away(blank("_____ blocks many voltage-gated K⁺ channels for minutes.",
                            "Tetraethylammonium (TEA)")) is None  # fmt: skip


def test_a_word_of_the_same_root_in_the_topic_gives_a_typed_answer_away() -> None:
    """ "monophyletic group" in a quiz on "Reading and building phylogenetic trees: clades,
    monophyly vs paraphyly" (sheet 27, three raters of three): stemming leaves the two
    words apart."""
    from rag.study.quiz.model import ItemSource, QuizItem
    from rag.study.quiz.verify import answer_in_topic

    stem = "A _____ contains an ancestor and all of its descendants: a clade."
    source = ItemSource("notes.md", "Notes", "4. Phylogenies", stem, "c1")
    item = QuizItem("cloze", f"Fill in the blank: {stem}", "monophyletic group", "", source,
                    [], "medium")  # fmt: skip
    topic = "Reading and building phylogenetic trees: clades, monophyly vs paraphyly"
    assert answer_in_topic(item, topic)
    assert not answer_in_topic(item, "Reading and building phylogenetic trees")


def test_no_blank_cuts_an_abbreviation_or_asks_for_a_list() -> None:
    """ "based on _____. cities" keyed "U.S" (sheets 19 and 28) and "…distorts at least one
    of four properties: _____." keyed "shape, area, distance, or direction" (sheet 28):
    all three rated such blanks were marked incorrect."""
    text = (
        "The first three urban models were based on U.S. cities of the early century. "
        "Every projection distorts at least one of four properties: **shape, area, "
        "distance, or direction**. Ernest Burgess drew the concentric zone model in Chicago."
    )
    keys = blanked_keys(text, "6. Models of internal urban structure")
    assert "Chicago" in keys
    assert not {"U.S", "U.S.", "shape, area, distance, or direction"} & keys


def test_an_option_whose_acronym_the_clue_uses_is_not_offered() -> None:
    """ "which item is described as “(CBR − CDR) ÷ 10, expressed as a percentage”?" offered
    "Crude birth rate (CBR)" and "Crude death rate (CDR)" (sheet 28, three raters of three:
    a part of the formula is no answer to it)."""
    from rag.study.quiz.model import ItemSource, QuizItem
    from rag.study.quiz.verify import given_away

    question = (
        "In the course's list on “6. The demographic transition model”, which item is "
        "described as “(CBR − CDR) ÷ 10, expressed as a percentage”?"
    )
    source = ItemSource("notes.md", "Notes", "6. Demography", "**RNI**: (CBR − CDR) ÷ 10", "c1")
    options = ["Total fertility rate (TFR)", "Rate of natural increase (RNI)",
               "Crude death rate (CDR)", "Crude birth rate (CBR)"]  # fmt: skip
    item = QuizItem("mcq", question, "Rate of natural increase (RNI)", "", source, options,
                    "medium", kind="definition")  # fmt: skip
    assert given_away(item) == "option_in_question"
    fair = ["Total fertility rate (TFR)", "Rate of natural increase (RNI)",
            "Doubling time", "Replacement level"]  # fmt: skip
    assert given_away(QuizItem("mcq", question, "Rate of natural increase (RNI)", "", source,
                               fair, "medium", kind="definition")) is None  # fmt: skip


def test_an_answer_of_four_words_or_more_is_offered_with_options_not_typed() -> None:
    """ "which item is described as …" keyed "The ocean is therefore layered" or "Take the
    square root", typed: 11 of 28 rated typed answers of four words or more were marked
    incorrect (another wording as right), against 27 of 316 shorter ones."""
    import random

    from rag.study.quiz.drafts import Material, draft_items
    from rag.study.quiz.relevance import relevant_units

    text = (
        "Steps of a Hardy–Weinberg calculation:\n\n"
        "- **Count the recessive homozygotes**: 4 of 10,000 people show the trait.\n"
        "- **Take the square root**: q = 0.02, the recessive allele's frequency.\n"
        "- **Subtract from one**: p = 1 − q = 0.98.\n"
        "- **Double the product**: 2pq, the carriers' share, about 3.9 %.\n"
    )
    chunk = passage(text, section="2. Hardy–Weinberg equilibrium")
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.5] * len(c))
    units = relevant_units([chunk], {}, gate=False)
    drafts = draft_items(material, units, ["short", "mcq"], random.Random(1))
    typed = {d.item.answer for d in drafts if d.item.type == "short"}
    offered = {d.item.answer for d in drafts if d.item.type == "mcq"}
    assert "Take the square root" in typed | offered
    assert not any(len(answer.split()) > 3 for answer in typed), typed


def test_a_blank_is_not_one_name_of_a_long_list() -> None:
    """ "Examples include France, Portugal, _____, Romania, and Russia." (sheet 28) and
    "Genesis, Exodus, _____, Numbers, Deuteronomy" (sheet 25): 7 of the 9 rated such
    blanks failed a criterion."""
    text = (
        "Semi-presidential examples include France, Portugal, Poland, Romania, and Russia. "
        "The French Fifth Republic was founded by Charles de Gaulle in 1958."
    )
    keys = blanked_keys(text, "4. Semi-presidentialism")
    assert keys, "the sentence after the list still gives blanks"
    assert not {"France", "Portugal", "Poland", "Romania", "Russia"} & keys


def test_a_bold_question_leading_a_paragraph_is_no_blank() -> None:
    """ "Fill in the blank: _____ Libertarian paternalism assumes the choice architect…"
    keyed "Whose judgment?": a bold label that asks or ends a clause is no term (a blind
    behavioural economics course, 2026-12-06)."""
    text = (
        "**Whose judgment?** Libertarian paternalism assumes the choice architect knows "
        'what people "really" want. Critics such as Edward Glaeser argue that planners '
        "share the same biases."
    )
    keys = blanked_keys(text, "7. Criticisms of nudging")
    assert not any("judgment" in key for key in keys), keys
