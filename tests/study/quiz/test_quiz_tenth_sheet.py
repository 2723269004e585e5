"""Give-aways and malformed keys found by the tenth check sheet (eval/quiz_check10_*.md).

A history course and fresh topics of the bundled course, rated by three raters each;
every case here was marked by all three. The sheet was drawn before these rules, so it
does not measure them.
"""

from __future__ import annotations

import pytest

from rag.study.quiz import QuizItem
from rag.study.quiz.model import ItemSource
from rag.study.quiz.units import find_terms
from rag.study.quiz.verify import answer_in_topic, given_away
from tests.study.quiz.samples import passage
from tests.study.quiz.test_quiz_second_course import statements


def item(kind: str, question: str, answer: str, options: list[str] | None = None,
         type_: str = "cloze") -> QuizItem:  # fmt: skip
    source = ItemSource("n.md", "Notes", "1. Section", question, "c1")
    return QuizItem(type_, question, answer, "", source, options or [], kind=kind)


@pytest.mark.parametrize(
    ("quiz_item", "topic"),
    [
        (
            item(
                "recall",
                "Fill in the blank: Demands for women's votes, from Millicent "
                "Fawcett's suffragists to _____'s militant suffragettes (from 1903).",
                "Emmeline Pankhurst",
            ),
            "Campaigns for women's suffrage in Britain: Fawcett's suffragists and the "
            "Pankhursts' militant suffragettes",
        ),
        (
            item(
                "recall",
                "In “4. Generative Model Families”, which model type has the "
                "example models “RealNVP, Glow”?",
                "Flow-based Models",
                type_="short",
            ),
            "Compare variational autoencoders with normalizing-flow models",
        ),
        (
            item(
                "recall",
                "Which term completes this sentence from the course? _____ is a "
                "type of Artificial Intelligence that can produce content.",
                "Generative AI",
                [
                    "Generative Adversarial Networks (GANs)",
                    "Generative AI",
                    "Variational Autoencoders (VAEs)",
                    "Discriminative AI",
                ],
                "mcq",
            ),
            "Generative vs discriminative AI: creating new content versus classifying it",
        ),
        (
            item(
                "order",
                "In the course's timeline on “5. A short history of ocean "
                "exploration”, which event comes right after “Maury's The Physical Geography "
                "of the Sea”?",
                "HMS Challenger expedition",
                type_="short",
            ),
            "History of ocean exploration from early navigators to the Challenger expedition",
        ),
    ],
)
def test_a_word_of_the_answer_in_the_topic_line_gives_it_away(
    quiz_item: QuizItem, topic: str
) -> None:
    assert answer_in_topic(quiz_item, topic)


def test_an_answer_the_topic_does_not_name_is_not_given_away_by_it() -> None:
    solferino = item("recall", "Fill in the blank: The war of 1859 brought victories at "
                     "Magenta and _____.", "Solferino")  # fmt: skip
    assert not answer_in_topic(solferino, "Comparing the making of Italy and Germany")
    options = ["DALL·E 2", "Sora", "PixelCNN", "Imagen"]
    mcq = item("recall", "Which term completes this sentence from the course? Generate images "
               "by reversing a noise process (e.g., Stable Diffusion, _____).", "DALL·E 2",
               options, "mcq")  # fmt: skip
    assert not answer_in_topic(mcq, "Diffusion models for image generation")


@pytest.mark.parametrize(
    ("quiz_item"),
    [
        item(
            "recall",
            "Fill in the blank: From chatbots to novel _____—how AI learns to "
            "speak and write like humans.",
            "writing",
        ),
        item(
            "purpose",
            "In “6. Core Components in a Generative AI System”, which component "
            "does the course describe as “Massive curated datasets across modalities”?",
            "Training Data",
            type_="short",
        ),
        item(
            "recall",
            "Fill in the blank: Mary Wollstonecraft's A Vindication of the _____ "
            "(1792) turned natural-rights logic against it.",
            "Rights of Woman",
        ),
        # Thirteenth sheet (nutrition): a two-letter acronym right after its expansion.
        item(
            "recall",
            "Fill in the blank: their ratio, the respiratory quotient (_____), is about 0.7 "
            "for fat.",
            "RQ",
        ),
    ],
)
def test_a_word_of_a_typed_answer_in_the_stem_gives_it_away(quiz_item: QuizItem) -> None:
    assert given_away(quiz_item) == "answer_in_question"


def test_a_blank_asks_for_the_name_not_its_possessive() -> None:
    terms = [t.text for t in find_terms(
        "Demands for women's votes, from Millicent Fawcett's suffragists to Emmeline "
        "Pankhurst's militant suffragettes (from 1903), grew out of these tensions."
    )]  # fmt: skip
    assert terms[:2] == ["Millicent Fawcett", "Emmeline Pankhurst"]
    terms = [t.text for t in find_terms(
        "In Italy, Piedmont's Charles Albert was defeated by Radetzky at Custoza (1848)."
    )]  # fmt: skip
    assert "Charles Albert" in terms and "Piedmont's Charles Albert" not in terms


def test_a_point_led_by_a_bold_run_in_head_gives_no_statement() -> None:
    text = (
        "## 2. Why Britain first?\n\n"
        "- **Institutions.** Secure property after 1688, patents, and a national market "
        "without internal tolls.\n"
        "- **Coal and transport.** Abundant, accessible coal lay near iron ore and "
        "navigable water in many places.\n\n"
        "Robert Allen argues that in 1700 Britain's high wages and cheap coal made "
        "labour-saving machines profitable there first.\n"
    )
    stated = statements(passage(text, section="2. Why Britain first?"))
    assert stated and all("Robert Allen" in question for question in stated)


def test_a_name_blanked_in_prose_is_typed_not_picked_from_names_of_any_sort() -> None:
    """ "…victories at Magenta and _____" offered "King Victor Emmanuel II" and "Cavour"
    beside "Solferino": the names around it are people, ports and battles alike."""
    import random

    from rag.study.quiz import Material, draft_items, relevant_units, term_pool

    text = (
        "## 3. The unification of Italy\n\n"
        "The war of 1859 brought French and Piedmontese victories at Magenta and "
        "Solferino, but Napoleon III made a hasty armistice at Villafranca.\n\n"
        "King Victor Emmanuel II named Cavour prime minister; Garibaldi sailed from "
        "Genoa with the Thousand in 1860 and took Sicily and Naples.\n"
    )
    chunk = passage(text, section="3. The unification of Italy")
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.5] * len(c))
    units = relevant_units([chunk], {}, gate=False)
    drafts = [d.item for d in draft_items(material, units, ["mcq", "cloze"], random.Random(1))]
    blanks = [i for i in drafts if i.answer == "Solferino"]
    assert blanks and all(i.type == "cloze" and not i.options for i in blanks)
