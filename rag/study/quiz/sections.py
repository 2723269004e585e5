"""Where a topic is taught: the sections a quiz draws its items from.

A quiz on a topic asks about the sections that teach it, not about everything its
retrieval reaches: the sections of its best passages (:func:`home_passages`), recaps
and a part's lead-in left out, and of those the sections whose heading names the topic
first (:func:`named_sections`). How well one unit matches the topic is
:mod:`rag.study.quiz.relevance`'s business.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rag.answer.line_forms import EXERCISES_HEADING
from rag.schema import Passage
from rag.study.coverage.signals import section_heading
from rag.study.quiz.model import Similarity
from rag.study.quiz.relevance import distinctive_words, heading_names_core, topic_terms
from rag.study.quiz.units import _HEAD, head_name
from rag.text.markdown import row_cells

HOME_PASSAGES = 4
"""A quiz draws its items from the sections holding the topic's best this many passages.

In a short course the passages a quiz retrieves (3N, up to 30) reach far beyond the
topic, and every section shares a word with a long topic line: the climate-change
table answered a quiz on the atmosphere's layers through "stratosphere", a "Costs of
Production" section one on elasticity. On the 160 rated items of six check sheets on
other subjects (eval/quiz_check5.md to eval/quiz_check9_psychology.md), items from
sections outside the best four passages' were off topic 16 times in 18; on the
bundled course's sheets, 4 in 8 (the others: one section the retriever ranks low)."""
NEAR_PASSAGES = 8
NEAR_SHARE = 0.9
"""A section whose passage, among the best ``NEAR_PASSAGES``, scores this share of the
best passage's score is a home too: four documents of the bundled course each teach
GANs, and "5. Core Architecture Patterns" came sixth (0.58 against 0.64). On the rated
sheets this kept two more off-topic items of 160 and no on-topic one."""


_RECAP_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s*)?(?:course\s+|chapter\s+)?"
    r"(?:summary|review|recap|key\s+ideas|key\s+takeaways|takeaways)"
    r"(?:\s+and\s+review)?\s*$",
    re.IGNORECASE,
)


def recap_section(section: str) -> bool:
    """Whether a section path ends in a recap ("Summary", "7. Review", "Key Ideas").

    A recap restates in a line what a section teaches, and review questions or exercises
    (:data:`rag.answer.line_forms.EXERCISES_HEADING`) ask rather than state; a quiz asks
    where the topic is taught.

    Example:
        >>> recap_section("5. Summary and review"), recap_section("2. Demand and Supply")
        (True, False)
    """
    return any(
        _RECAP_HEADING.match(part) or EXERCISES_HEADING.fullmatch(part)
        for part in map(str.strip, section.split(" > "))
    )


_PART_HEADING = re.compile(
    r"^(?:part|unit|module|week|lecture)\s+(?:\d+|[IVXLC]+)\b", re.IGNORECASE
)


def part_lead_in(passage: Passage) -> bool:
    """Whether a passage is the one-paragraph lead-in right under a part's own heading.

    "*From the palace civilizations of Crete and the mainland, through the collapse…*"
    under "Part 1 — Palaces, Collapse and the Birth of the Polis" names a part's
    sections in a line and teaches none: its blank was off topic for "The Bronze Age
    collapse" (eval/quiz_check19_ancient_greece.md), as the lead-in of Part 1 of
    eval/quiz_check18_history_of_science.md was for Newton's Principia, three raters of
    three both times. A part taught under its own heading, paragraph after paragraph,
    is no lead-in.

    Example:
        >>> lead = "## Part 2 — The Classical Age" + 2 * chr(10) + "*Athens and Sparta.*"
        >>> part_lead_in(Passage("p", lead, "a.md", "", "Part 2 — The Classical Age", 0, 9))
        True
    """
    if not _PART_HEADING.match(passage.section.split(" > ")[-1].strip()):
        return False
    blocks = re.split(r"\n\s*\n", passage.text.strip())
    return sum(1 for block in blocks if block.strip() and not block.lstrip().startswith("#")) <= 1


def home_passages(
    passages: Sequence[Passage],
    weights: Mapping[str, float] | None = None,
    best: int = HOME_PASSAGES,
) -> list[Passage]:
    """The passages of the sections where the topic is taught, in retrieval order.

    A section is a document's top-level heading; it is a home of the topic when one of
    the ``best`` first passages (recaps and a part's lead-in left out,
    :func:`recap_section`, :func:`part_lead_in`) lies in it, or
    a passage nearly as strong (:data:`NEAR_SHARE`) a little further down.
    Several documents may teach a topic, each in a section of its own. A passage
    elsewhere whose heading, list head or table row name names most of the topic
    (:data:`NAMED_SHARE` of its distinctive weight) is kept too: "**Diffusion Models**:
    DDPM, …" in a list of key technologies is about diffusion models wherever it stands;
    a sentence on succession that mentions nitrogen is no item for "The nitrogen cycle"
    (eval/quiz_check11_ecology.md).
    """
    taught = [p for p in passages if not recap_section(p.section) and not part_lead_in(p)]
    top = max((p.score for p in taught[:best]), default=0.0)
    homes = {_top_section(p) for p in taught[:best]} | {
        _top_section(p) for p in taught[:NEAR_PASSAGES] if p.score >= NEAR_SHARE * top
    }
    return [
        p
        for p in taught
        if _top_section(p) in homes
        or any(named_share(weights, name) >= NAMED_SHARE for name in _names(p))
    ]


def named_sections(
    passages: Sequence[Passage], weights: Mapping[str, float] | None
) -> list[Passage]:
    """The passages under a heading that names the topic, when any is; else all of them.

    A heading names it by the topic's rarest word, or else by two of its words
    (:func:`heading_names_core`): with "2. Petrarch and the Origins of Humanism" in the
    notes, "9. The Northern Renaissance and Christian Humanism" is no home of "Petrarch
    and the origins of Renaissance humanism" (its Erasmus items were off topic,
    eval/quiz_check22_reformation.md, three raters of three).

    A sentence that names the topic in a section about something else is mostly about
    that something else: "Aristophanes …: Clouds (a caricature of Socrates)" in a quiz
    on the trial of Socrates, the acid-fast stain in one on the Gram stain. On the rated
    check sheets 11 to 19, of the items on topics the course gives a section of their
    own, those from other sections passed every criterion 16 times in 46 (25 off topic);
    those from the topic's sections, 392 in 501. A quiz takes its items from these
    first (:func:`rag.study.quiz.build.topic_sections_first`); a topic no heading names
    (the course touches it in passing) is asked about wherever its units name it
    (:func:`relevant_units`).
    """
    rarest = [p for p in passages if heading_names_core(p.section, weights, rarest_only=True)]
    named = rarest or [p for p in passages if heading_names_core(p.section, weights)]
    return named or list(passages)


NEIGHBOUR_SCORE = 0.55
"""Cosine similarity to the topic below which a section not named for it is no home of it.

Measured with the default embedding model (all-MiniLM-L6-v2), like the coverage
thresholds; another model's cosines sit on another scale."""
LIKE_TOPIC = 0.8
"""Cosine similarity of a heading to the topic from which it is the topic's, named or not."""


def neighbouring_sections(
    passages: Sequence[Passage],
    weights: Mapping[str, float] | None,
    topic: str,
    similar: Similarity,
) -> set[tuple[str, str]]:
    """(source, section) of the sections beside a covered topic's own, not about it.

    A topic the notes cover is taught somewhere; a section whose heading does not name
    it by its rarest word or two of its words (:func:`heading_names_core`), and whose
    best passage is not close to it (cosine below :data:`NEIGHBOUR_SCORE`), only shares
    a word with it: "3. A Short History of Entomology" for "Forensic entomology", "8.
    Genome Annotation and Gene Prediction" for "Protein structure prediction with
    AlphaFold". Their timelines and lists filled quizzes on those topics
    (eval/quiz_check60_eight_courses.md, eval/quiz_check63_eight_courses.md). On the
    rated items of the check courses' sheets 5 to 63 on covered topics, scored again on
    their courses' indexes, items from such sections were off topic 87 times in 118; from
    other sections whose heading does not name the topic's core, 73 in 549. On the
    bundled course's rated sheets the rule costs more than it saves: 7 items, 1 off topic
    (GAN items under "Key Models Behind Generative AI", perplexity under "11. Evaluation
    Metrics"). A topic the notes only touch is quizzed on its supporting passages instead
    (:func:`rag.study.quiz.build.supported_passages`), and there the score tells little
    (28 off topic in 77).

    A heading that reads as the topic (:data:`LIKE_TOPIC`) is its home all the same: "3.
    Evolution of Generative AI" names "evolution" but not "historical" of "Trace the
    historical evolution of generative AI", and its best passage scores 0.53. Of the check
    courses' rated items in the sections this leaves out, no heading came closer than 0.74.
    """
    best: dict[tuple[str, str], float] = {}
    for passage in passages:
        key = (passage.source, passage.section)
        best[key] = max(best.get(key, passage.score), passage.score)
    distant = [
        key
        for key, score in best.items()
        if score < NEIGHBOUR_SCORE and not heading_names_core(key[1], weights)
    ]
    headings = [section_heading(section) for _, section in distant]
    likeness = similar(topic, headings) if distant else []
    return {key for key, like in zip(distant, likeness, strict=True) if like < LIKE_TOPIC}


def about_topic(
    quotes: Sequence[str], topic: str, weights: Mapping[str, float] | None, similar: Similarity
) -> list[bool]:
    """Whether each quote, from a section beside the topic's own, is about the topic itself.

    :func:`neighbouring_sections` judges a section by its best passage, and a survey
    section (a table of model families, a list of architectures) is no home of any one
    topic: "4. Generative Model Families" left a quiz on "diffusion models" nothing but
    the course's short "Diffusion Models" section, which gave no items, though its row
    "| Diffusion Models | Reverse noise process to create structured data. | …" is the
    topic's own. A quote that names the topic's core (:func:`heading_names_core`) and is
    as close to it as a home passage must be (:data:`NEIGHBOUR_SCORE`) stays. So does
    one whose lead (:func:`quote_lead`) names every distinctive word of the topic
    (:func:`distinctive_words`), however far: a bare name ("VAEs", "transformers") sits
    below 0.55 against every line about it (0.33-0.53 with all-MiniLM-L6-v2), and its
    quiz came out empty. A line that only names the topic further on is about something
    else: "The engines of generative creativity—GANs, VAEs, and transformers…" asked for
    GANs in a quiz on VAEs, and "| Flow-based Models | Learn invertible transformations
    … |" was kept for "transformers" by its stem. Of the rated items of the check sheets 5
    to 65 from such sections, scored again on their courses' indexes, these rules keep 9,
    1 off topic ("Arrival of the action potential" in a list of synaptic steps); the
    other 96 left out were off topic 68 times. The second rule adds none there: the two
    rated lines that lead with their whole topic are close to it too.
    """
    distinctive = distinctive_words(weights)
    likeness = similar(topic, list(quotes)) if quotes else []
    return [
        (like >= NEIGHBOUR_SCORE and heading_names_core(quote, weights))
        or bool(distinctive and distinctive <= topic_terms(quote_lead(quote)))
        for quote, like in zip(quotes, likeness, strict=True)
    ]


LEAD_WORDS = 4
"""Words of a sentence that say what it is about: "The Generative Pre-trained
Transformer (GPT) model was developed…", not "The engines of generative creativity—GANs…"."""


def quote_lead(quote: str) -> str:
    """What a line is about, by its form.

    A table row's first cell, a list item's head, else the sentence's first
    :data:`LEAD_WORDS` words.

    Example:
        >>> quote_lead("| Flow-based Models | Learn invertible transformations |")
        'Flow-based Models'
        >>> quote_lead("- **VAEs**: Encoder compresses data into latent vectors")
        'VAEs'
        >>> quote_lead("The engines of generative creativity—GANs, VAEs, and transformers")
        'The engines of generative'
    """
    line = quote.strip()
    if line.startswith("|"):
        return row_cells(line)[0]
    head = _HEAD.match(re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", line))
    if head:
        return head_name(head)
    return " ".join(line.split()[:LEAD_WORDS])


def _names(passage: Passage) -> list[str]:
    """What a passage names in headings: its section, list heads and table rows' first cells."""
    names = [passage.section]
    for line in passage.text.splitlines():
        line = line.strip()
        if line.startswith("|"):
            names.append(row_cells(line)[0])
            continue
        head = _HEAD.match(re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", line))
        if head:
            names.append(head_name(head))
    return names


NAMED_SHARE = 0.5
"""Share of the topic's distinctive weight a passage outside its sections must name.

One word of a long topic line ("stratosphere" in a climate-change table, for a quiz on
how temperature defines the atmosphere's layers) is not enough. On the rated sheets
this kept no off-topic item that the sections alone dropped."""


def named_share(weights: Mapping[str, float] | None, text: str) -> float:
    """Share of the topic's distinctive weight (:func:`distinctive_words`) ``text`` names."""
    distinctive = distinctive_words(weights)
    if not weights or not distinctive:
        return 0.0
    named = distinctive & topic_terms(text)
    return sum(weights[w] for w in named) / sum(weights[w] for w in distinctive)


def _top_section(passage: Passage) -> tuple[str, str]:
    return passage.source, passage.section.split(" > ")[0]
