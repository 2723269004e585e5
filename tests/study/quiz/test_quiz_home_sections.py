"""A quiz draws its items from the sections where its topic is taught.

The cases are the failures of the check sheets on other subjects (eval/quiz_check8_*.md):
items from a neighbouring section that shares a word with a long topic line, and items
from a recap that restates a section in one line.
"""

from __future__ import annotations

from rag.schema import Passage
from rag.study.quiz.sections import home_passages, recap_section


def retrieved(*rows: tuple[str, str, float]) -> list[Passage]:
    """Passages in retrieval order, one per (source, section, score)."""
    return [
        Passage(f"c{n}", f"text {n}", source, "Notes", section, 0, 6, score=score)
        for n, (source, section, score) in enumerate(rows)
    ]


def sections(passages: list[Passage]) -> list[str]:
    return [p.section for p in passages]


def test_items_come_only_from_the_sections_of_the_best_passages() -> None:
    passages = retrieved(
        ("air.md", "2. Vertical Structure > 2.1 Pressure and density", 0.70),
        ("air.md", "2. Vertical Structure", 0.66),
        ("air.md", "3. Radiation", 0.60),
        ("air.md", "2. Vertical Structure > 2.2 Layers", 0.58),
        ("climate.md", "6. Modern Climate Change", 0.50),  # names the stratosphere
        ("air.md", "2. Vertical Structure > 2.3 Ozone", 0.45),
        ("storms.md", "1. Water Vapour and Humidity", 0.44),
    )
    kept = sections(home_passages(passages))
    assert "6. Modern Climate Change" not in kept and "1. Water Vapour and Humidity" not in kept
    assert kept == [
        "2. Vertical Structure > 2.1 Pressure and density",
        "2. Vertical Structure",
        "3. Radiation",
        "2. Vertical Structure > 2.2 Layers",
        "2. Vertical Structure > 2.3 Ozone",  # further down, but where the topic is taught
    ]


def test_a_section_of_another_document_as_strong_as_the_best_is_a_home_too() -> None:
    """Four documents of the bundled course each teach GANs in a section of their own."""
    passages = retrieved(
        ("a.md", "Key Models", 0.62),
        ("b.md", "4. Model Families", 0.62),
        ("a.md", "Understanding Generative AI", 0.64),
        ("a.md", "Key Models", 0.59),
        ("a.md", "Key Models", 0.58),
        ("b.md", "5. Core Architecture Patterns", 0.58),  # 0.91 of the best
        ("b.md", "16. Foundational Papers", 0.48),  # 0.75: not a home
    )
    kept = sections(home_passages(passages))
    assert "5. Core Architecture Patterns" in kept and "16. Foundational Papers" not in kept


def test_the_same_heading_in_another_document_is_another_section() -> None:
    passages = retrieved(*((("a.md", "Overview", 0.6),) * 4), ("b.md", "Overview", 0.3))
    assert [p.source for p in home_passages(passages)] == ["a.md"] * 4


def test_a_recap_is_no_home_and_does_not_take_a_best_place() -> None:
    passages = retrieved(
        ("m.md", "Course Summary", 0.9),
        ("m.md", "7. Review", 0.8),
        ("m.md", "3. Clouds", 0.7),
        ("m.md", "3. Clouds", 0.6),
        ("m.md", "3. Clouds", 0.6),
        ("m.md", "4. Fronts", 0.5),
        ("m.md", "5. Climate", 0.2),
    )
    assert sections(home_passages(passages)) == ["3. Clouds"] * 3 + ["4. Fronts"]


def test_recap_headings_are_told_from_sections_that_teach() -> None:
    recaps = ["Summary", "Course Summary", "7. Review", "5. Summary and review",
              "1. Cells > Key Ideas", "Review questions", "Exercises", "Course Review"]  # fmt: skip
    teaching = ["3. Peer review in science", "Summary statistics", "2. Reviewing the evidence",
                "Key Models Behind Generative AI", "11. Evaluation Metrics"]  # fmt: skip
    assert all(recap_section(s) for s in recaps)
    assert not any(recap_section(s) for s in teaching)


def test_a_passage_elsewhere_is_kept_when_a_heading_or_list_head_names_the_topic() -> None:
    """ "3. **Diffusion Models**: DDPM, …" in a list of key technologies is about diffusion
    models; a sentence on succession that mentions nitrogen is not about the nitrogen cycle."""
    from rag.study.quiz.relevance import topic_weights

    rows = [("a.md", "2. Core Ideas", 0.7)] * 4
    passages = retrieved(*rows, ("b.md", "Key Technologies", 0.4), ("c.md", "3. Succession", 0.4))
    passages[4].text = "3. **Diffusion Models**: DDPM, Stable Diffusion, sampling techniques"
    passages[5].text = "Alders make the site suitable for spruce by adding nitrogen to the soil."
    others = [f"text {n} about other things entirely" for n in range(8)]
    diffusion = topic_weights("Diffusion models", [p.text for p in passages] + others)
    assert "Key Technologies" in sections(home_passages(passages, diffusion))
    nitrogen = topic_weights("The nitrogen cycle", [p.text for p in passages] + others)
    assert "3. Succession" not in sections(home_passages(passages, nitrogen))


def test_a_topic_word_the_notes_never_use_is_read_as_the_synonym_they_use() -> None:
    """The bundled course says "evolution", never "history": a quiz on "history of
    generative AI" found no heading naming its core word and made no item, while one on
    "evolution of generative AI" asked five from "3. Evolution of Generative AI"."""
    from rag.study.quiz.relevance import heading_names_core, topic_weights

    texts = [
        "3. Evolution of Generative AI | 2014–2017 | GANs & VAEs | realistic images |",
        "4. Generative Model Families | Diffusion Models | reverse a noise process |",
        "9. Training Foundations of generative AI: performance improves with size.",
        "1. Understanding Generative AI: systems that create new data.",
    ]
    weights = topic_weights("History of generative AI", texts)
    assert "evolut" in weights and "histori" not in weights
    assert heading_names_core("3. Evolution of Generative AI", weights)
    # The head before a colon is read the same way.
    assert topic_weights("History of generative AI: GANs", texts).head == {
        "evolut",
        "generat",
        "ai",
    }
    assert not heading_names_core("9. Training Foundations", weights)
    # A word the notes use keeps its own meaning, synonym or not.
    assert "histori" in topic_weights("history", [*texts, "A short history of AI"])
