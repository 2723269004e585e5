"""What the twenty-first check sheet (eval/quiz_check21_*.md: climate science and
ethics, drafted items and the items of real quizzes) found, each case marked by the
majority of three raters; the sheet was drawn before these rules.
"""

from __future__ import annotations

from rag.study.quiz import QuizItem
from rag.study.quiz.blanks import cloze_candidates
from rag.study.quiz.relevance import heading_names_core, heading_names_topic, topic_weights
from rag.study.quiz.units import passage_units
from rag.study.quiz.verify import given_away, numbered_form
from rag.text.sentences import split_sentences
from tests.study.quiz.samples import passage


def cloze(question: str, answer: str, aliases: list[str] | None = None) -> QuizItem:
    return QuizItem("cloze", f"Fill in the blank: {question}", answer, "", None, [],
                    "medium", aliases=aliases or [], kind="recall")  # fmt: skip


def test_an_acronym_numbered_in_the_stem_gives_the_blank_away() -> None:
    """ "Model groups coordinate through the _____, begun in 1995; its sixth phase
    (CMIP6) underpinned AR6." keyed "Coupled Model Intercomparison Project (CMIP)"."""
    item = cloze("Model groups coordinate through the _____, begun in 1995; its sixth "
                 "phase (CMIP6) underpinned AR6.",
                 "Coupled Model Intercomparison Project (CMIP)", ["CMIP"])  # fmt: skip
    assert given_away(item) == "answer_in_question"
    assert given_away(cloze("Its sixth phase (CMIP6) underpinned the _____ report.", "AR6")) is None


def test_a_symbol_inside_a_formula_in_the_stem_gives_the_blank_away() -> None:
    """ "σT_e⁴ = 240 W m⁻², so the effective radiating temperature _____ ≈ 255 K"."""
    assert numbered_form("T_e", "σT_e⁴ = 240 W m⁻², so the temperature _____ ≈ 255 K")
    assert not numbered_form("US", "the USSR and the _____")
    assert not numbered_form("Kyoto", "the Kyoto2 target")  # a word, not an acronym


def test_a_blank_does_not_cut_a_formula_in_two() -> None:
    """ "H⁺ + _____⁻ ⇌ HCO₃⁻" keyed "CO₃²": "CO₃²⁻" would be marked wrong."""
    chunk = passage("In seawater the added hydrogen ions consume carbonate: H⁺ + CO₃²⁻ ⇌ "
                    "HCO₃⁻, and the Revelle factor rises.", section="5. Ocean acidification")  # fmt: skip
    found = {term.text for u in passage_units(0, chunk) for term, _ in cloze_candidates(u)}
    assert not any(term.startswith("CO₃") for term in found)


def test_a_question_is_not_cut_at_a_citation_s_abbreviation() -> None:
    """ "…natural law (Summa Theologiae I-II, q." ended two questions."""
    text = (
        "Aquinas sets out natural law (Summa Theologiae I-II, q. 94) as reason's share in "
        "the eternal law. It binds all."
    )
    assert split_sentences(text)[0].endswith("eternal law.")


def test_a_heading_names_a_topic_by_its_rarest_word_or_two_of_its_words() -> None:
    """ "4. The carbon cycle" names "carbon" of "The permafrost carbon feedback", but its
    silicate-weathering sentence was off topic (three raters of three)."""
    texts = [
        "4. The carbon cycle: silicate weathering draws down carbon over millennia.",
        "5. Ocean uptake: carbonate chemistry buffers the added carbon.",
        "7. Feedbacks: thawing permafrost releasing CO2 and methane is a carbon feedback.",
        "7. Feedbacks: water vapour and lapse rate feedbacks.",
        *(f"{n}. Another section: layers, pressure, winds and ice." for n in range(8, 16)),
    ]
    weights = topic_weights("The permafrost carbon feedback", texts)
    assert heading_names_topic("4. The carbon cycle", weights)  # the looser reading
    assert not heading_names_core("4. The carbon cycle", weights)
    assert heading_names_core("7.3 Permafrost", weights)
    assert heading_names_core("7. Carbon-cycle feedbacks", weights)  # two of its words
