"""Sections beside a covered topic's own, sharing one of its words, give its quiz no items.

"3. A Short History of Entomology" filled a quiz on "Forensic entomology" with timeline
items, and "8. Genome Annotation and Gene Prediction" one on "Protein structure prediction
with AlphaFold" (eval/quiz_check60_eight_courses.md, eval/quiz_check63_eight_courses.md:
off topic, three raters of three).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rag.schema import Passage
from rag.study.quiz import Draft, ItemSource
from rag.study.quiz.build import topic_sections_first
from rag.study.quiz.relevance import TopicWeights, topic_weights
from rag.study.quiz.sections import LIKE_TOPIC, NEIGHBOUR_SCORE, neighbouring_sections
from tests.study.quiz.samples import item, no_similarity


def chunk(chunk_id: str, text: str, section: str, score: float) -> Passage:
    """A retrieved passage of one course document, ``score`` its cosine to the topic."""
    return Passage(chunk_id, text, "notes.md", "Notes", section, 0, len(text), score=score)


HISTORY = chunk(
    "c1",
    "Jean-Henri Fabre's Souvenirs Entomologiques (1879–1907) are classic studies of "
    "insect behaviour.",
    "3. A Short History of Entomology",
    0.48,
)
COURT = chunk(
    "c2",
    "Forensic entomology dates a death from the age of the blow fly larvae on the body.",
    "8. Insects in Court",
    0.74,
)
ELSEWHERE = [
    "1. The insect body plan: head, thorax and abdomen.",
    "2. Exoskeleton and moulting.",
    "4. Metamorphosis: complete and incomplete.",
    "5. Social insects: ants, bees and termites.",
    "6. Pollination and crops.",
    "7. Insects as vectors of disease.",
]
"""Other sections a quiz retrieves: "entomology" is in two of eight, "forensic" in one."""


def weights_for(topic: str, passages: list[Passage]) -> TopicWeights:
    return topic_weights(topic, [f"{p.section} {p.text}" for p in passages] + ELSEWHERE)


def drafts_for(passages: list[Passage]) -> list[Draft]:
    return [
        Draft(item(question=p.section, source=ItemSource(p.source, p.title, p.section, p.text,
                                                         p.id)), index, p.score)
        for index, p in enumerate(passages)
    ]  # fmt: skip


def questions(tiers: list[list[Draft]]) -> list[list[str]]:
    return [[d.item.question for d in tier] for tier in tiers]


def beside(passages: list[Passage], topic: str = "Forensic entomology") -> set[tuple[str, str]]:
    """The neighbours of a covered topic, no heading reading as the topic itself."""
    return neighbouring_sections(passages, weights_for(topic, passages), topic, no_similarity)


def test_a_covered_topic_takes_no_items_from_a_distant_section_that_shares_a_word() -> None:
    passages = [HISTORY, COURT]
    weights = weights_for("Forensic entomology", passages)
    drafts = drafts_for(passages)
    leave_out = beside(passages)
    assert leave_out == {("notes.md", HISTORY.section)}
    assert questions(topic_sections_first(drafts, passages, weights, leave_out=leave_out)) == [
        [],
        ["8. Insects in Court"],
    ]


def test_a_topic_the_notes_only_touch_keeps_its_items_where_they_name_it() -> None:
    """A partial topic is asked about on its supporting passages, chosen elsewhere."""
    passages = [HISTORY, COURT]
    weights = weights_for("Forensic entomology", passages)
    tiers = topic_sections_first(drafts_for(passages), passages, weights)
    assert questions(tiers) == [[], ["3. A Short History of Entomology", "8. Insects in Court"]]


def test_a_section_close_to_the_topic_stays_though_its_heading_names_one_word() -> None:
    """A section whose best passage is close to the topic is one of its homes."""
    near = replace(HISTORY, score=NEIGHBOUR_SCORE + 0.05)
    passages = [near, COURT]
    assert beside(passages) == set()


def test_a_section_named_for_the_topic_is_never_a_neighbour_whatever_its_score() -> None:
    """Its heading names the topic's rarest word: a short chunk of it may score low."""
    own = replace(COURT, section="8. Forensic entomology", score=0.40)
    assert beside([HISTORY, own]) == {("notes.md", HISTORY.section)}


def test_a_heading_that_reads_as_the_topic_is_its_home_though_it_leaves_out_a_word() -> None:
    """ "3. Evolution of Generative AI" for "Trace the historical evolution of generative
    AI": it does not name "historical", and its best passage scores 0.53."""
    passages = [HISTORY, COURT]
    topic = "Forensic entomology"
    weights = weights_for(topic, passages)

    def reads_as_topic(text: str, headings: Sequence[str]) -> list[float]:
        """Embedding similarity as the model gives it: this heading is the topic's."""
        return [LIKE_TOPIC if h == "A Short History of Entomology" else 0.2 for h in headings]

    assert neighbouring_sections(passages, weights, topic, reads_as_topic) == set()


SURVEY = chunk(
    "c3",
    "| Dating a death | The insects on the body, read in forensic entomology |",
    "3. A Short History of Entomology",
    0.48,
)
"""A row of a survey table about the topic, in a section only sharing a word with it."""


def test_a_line_about_the_topic_stays_though_its_section_is_a_neighbour() -> None:
    """ "| Diffusion Models | Reverse noise process… |" of "4. Generative Model Families"
    was all a quiz on "diffusion models" could ask about; it was left out with the rest
    of that section, and the quiz came out empty."""
    topic = "Forensic entomology"
    passages = [HISTORY, SURVEY, COURT]
    weights = weights_for(topic, passages)
    drafts = drafts_for(passages)
    leave_out = beside(passages)
    assert leave_out == {("notes.md", HISTORY.section)}

    def close_to_topic(text: str, quotes: Sequence[str]) -> list[float]:
        """The survey row is as close to the topic as a home passage; the history is not."""
        return [NEIGHBOUR_SCORE if "Dating a death" in q else 0.3 for q in quotes]

    tiers = topic_sections_first(drafts, passages, weights, leave_out=leave_out, topic=topic,
                                 similar=close_to_topic)  # fmt: skip
    assert [[d.item.source.quote for d in tier] for tier in tiers] == [
        [],
        [SURVEY.text, COURT.text],
    ]
    # A line that names the topic further on, not close to it, stays out.
    far = topic_sections_first(drafts, passages, weights, leave_out=leave_out, topic=topic,
                               similar=no_similarity)  # fmt: skip
    assert [[d.item.source.quote for d in tier] for tier in far] == [[], [COURT.text]]


def test_a_line_that_leads_with_a_bare_name_stays_however_far_its_cosine() -> None:
    """A bare name sits below 0.55 against every line about it ("VAEs": 0.33-0.53 with
    all-MiniLM-L6-v2), so a quiz on it came out empty; a line that only names it further
    on is about something else ("The engines … GANs, VAEs, and transformers" asked for
    GANs)."""
    from rag.study.quiz.sections import about_topic, quote_lead

    texts = ["Key models", "Architecture patterns", "Model families", "Pipeline", "Tools"]
    weights = topic_weights("VAEs", [*texts, "VAEs: Encoder compresses data"])
    quotes = [
        "| Variational Autoencoders (VAEs) | Encode data into latent space |",
        "VAEs: Encoder compresses data into latent vectors; decoder reconstructs.",
        "The engines of generative creativity—GANs, VAEs, and transformers—power AI.",
        "| Flow-based Models | Learn invertible transformations, unlike VAEs |",
    ]
    assert about_topic(quotes, "VAEs", weights, no_similarity) == [True, True, False, False]
    assert quote_lead(quotes[1]) == "VAEs"
