"""How relevant a sentence, list item or table row is to the quiz's topic.

A quiz on "evaluation metrics" must not ask about the GAN example that shares its
passage. A unit's relevance mixes its sentence score, its passage's similarity to the
topic and the share of the topic's *distinctive* words it names: those rare in the
retrieved material (IDF), since "generative" is in every passage of a generative AI
course and says nothing. The coverage report uses the same weights.

Example:
    >>> from rag.study.quiz.relevance import distinctive_overlap, topic_weights
    >>> texts = ["GANs generate images", "FID evaluates GANs", "GANs and VAEs"]
    >>> weights = topic_weights("GAN evaluation", texts)
    >>> weights["evalu"] > weights["gan"]
    True
    >>> round(distinctive_overlap(weights, "How to evaluate a model"), 2)
    1.0
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from ingest.scan import looks_like_instruction
from rag.retrieval.keyword import tokenize
from rag.retrieval.synonyms import read_as_used
from rag.schema import Passage
from rag.study.coverage.signals import outside_scope
from rag.study.quiz.compounds import CompoundName, compound_name, names_sibling, proper_head
from rag.study.quiz.matching import compound_words, content_words
from rag.study.quiz.units import (
    Unit,
    list_blocks,
    passage_units,
    table_blocks,
)
from rag.text.markdown import clean_markdown

UNIT_FLOOR = 0.40
"""A sentence or line must be at least this relevant to the topic to become an item."""


UNIT_RATIO = 0.5
"""...and at least this share of the best unit's relevance."""


KEYWORD_WEIGHT = 0.3
"""Weight of the topic's distinctive words (IDF-weighted) in a unit's relevance."""


DISTINCTIVE = 1.0
"""IDF from which a topic word is distinctive (in at most ~1/e of the passages)."""
FALLBACK_DISTINCTIVE = 0.5
"""When no topic word is distinctive, its rarest word is, from this IDF (about 3 in 5)."""


TASK_WORDS = {
    "explain", "explains", "describe", "describes", "define", "defines", "trace", "discuss",
    "compare", "distinguish", "introduce", "introduction", "overview", "understand",
    "understanding", "basics", "works", "working", "using", "through", "their", "about",
}  # fmt: skip


def topic_words(text: str, weights: Mapping[str, float]) -> list[str]:
    """Words of ``text`` that are distinctive words of the topic (weight >= DISTINCTIVE).

    Words of how a topic is phrased ("explain how X works") are not what it is about.
    """
    found: list[str] = []
    for word in re.findall(r"[A-Za-z][A-Za-z-]{4,}", clean_markdown(text)):
        if word.lower() in TASK_WORDS:
            continue
        stems = content_words(word)
        distinctive = stems and all(weights.get(stem, 0.0) >= DISTINCTIVE for stem in stems)
        if distinctive and word.lower() not in {f.lower() for f in found}:
            found.append(word)
    return found


_PREFIXED = re.compile(r"\b(post|pre|neo|proto|anti|non|counter)-(?=[A-Za-z])", re.IGNORECASE)
"""A prefix that makes a hyphenated word a different thing: Post-Impressionism is not
Impressionism, a neo-Assyrian king no Assyrian one."""


def topic_terms(text: str) -> frozenset[str]:
    """The words of ``text`` a topic can name (:func:`compound_words`), prefixed words whole.

    "3. Post-Impressionism" does not name the topic "Impressionism": its Gauguin and van
    Gogh sentences filled an Impressionism quiz (eval/quiz_check15_art_history.md, three
    raters of three said off topic). "Parameter-Efficient" still names "efficient".
    """
    return compound_words(_PREFIXED.sub(r"\1", text))


class TopicWeights(dict[str, float]):
    """IDF of a topic's words, and which of them are in its head (before a colon).

    An instructor types "History of immunology: from Jenner's smallpox vaccine to the
    discovery of Toll-like receptors": the head says what the topic is, the rest names
    examples of it. A heading that names one word of the examples ("13.2 Kinds of
    vaccine") is not about the topic for it (:func:`heading_names_topic`). A head that
    is one compound name (:func:`compound_name`) is not named by a sibling
    (:func:`names_sibling`).
    """

    head: frozenset[str] = frozenset()
    proper: frozenset[str] = frozenset()
    """For a head that is a name (:func:`proper_head`), its words and the names of the rest."""
    compound: CompoundName | None = None
    documents: int = 0
    """How many texts the weights were counted over."""


SMALL_COURSE = 10
"""Fewer texts than this are a whole small course, where IDF says little: in a teacher's
one file on the cell cycle, "mitosis" is in three of its four chunks, no topic word was
distinctive, and a quiz on mitosis made no item."""


def topic_weights(topic: str, texts: Sequence[str]) -> TopicWeights:
    """Inverse document frequency of the topic's words among ``texts``.

    In a course about generative AI, "generative" is in every passage and says
    nothing about which passages a topic is about; "evolution" says a lot.

    A topic word none of ``texts`` uses is read as the synonym they use
    (:func:`rag.retrieval.synonyms.read_as_used`), as the keyword search reads a
    question: the bundled course never says "history", so a quiz on "history of
    generative AI" found no heading naming it and made no item, while one on "evolution
    of generative AI" asked five from "3. Evolution of Generative AI".
    """
    documents = [topic_terms(text) for text in texts]
    weights = TopicWeights()
    read_as: dict[str, str] = {}
    vocabulary = frozenset().union(*documents)
    for written in sorted(content_words(_PREFIXED.sub(r"\1", topic).replace("-", " "))):
        word = read_as[written] = read_as_used(written, vocabulary.__contains__)
        frequency = sum(word in words for words in documents)
        weights[word] = math.log((1 + len(documents)) / (1 + frequency))

    def terms(text: str) -> set[str]:
        return {read_as.get(word, word) for word in topic_terms(text)} & weights.keys()

    head, colon, rest = topic.partition(":")
    if colon and rest.strip():
        weights.head = frozenset(terms(head))
        if proper_head(head):
            names = re.findall(r"\b[A-Z][\w'’-]*", rest)
            weights.proper = weights.head | terms(" ".join(names))
    weights.compound = compound_name(topic)
    weights.documents = len(documents)
    return weights


def distinctive_overlap(weights: Mapping[str, float], text: str) -> float:
    """Share of the topic's IDF weight that ``text`` contains."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    words = topic_terms(text)
    return sum(w for word, w in weights.items() if word in words) / total


def relevant_units(
    passages: Sequence[Passage],
    scores: Mapping[tuple[int, int], float],
    weights: Mapping[str, float] | None = None,
    *,
    gate: bool = True,
    named_only: bool = False,
) -> list[Unit]:
    """Units of the passages relevant to the topic, each with its relevance.

    A unit's relevance is the mean of its sentence score and its passage's cosine
    similarity to the topic, plus :data:`KEYWORD_WEIGHT` times the share of the
    topic's distinctive words (:func:`topic_weights`) in the unit and its section
    heading. A unit is kept when at least :data:`UNIT_FLOOR` and :data:`UNIT_RATIO`
    of the best unit's relevance.

    Args:
        passages: Quiz passages.
        scores: Sentence scores (:func:`rag.answer.extractive.score_candidates`), keyed by
            (passage index, start offset of the sentence).
        weights: Topic word weights; None adds nothing.
        gate: False keeps every unit (a quiz on a chosen section is relevant by choice).
        named_only: Keep only units that name the topic themselves, whatever their
            heading: a topic the notes only touch (coverage partial) is not what the
            rest of its section is about ("Regulation of eukaryotic gene expression", one
            sentence in a section on the *lac* operon, was asked about the operon's
            positive control: eval/quiz_check16_genetics.md, three raters of three),
            by its rarest word or two of its words (:func:`heading_names_core`): "ATP
            is hydrolyzed, re-cocking the head for the next cycle" names no Krebs cycle
            (eval/quiz_check22_physiology.md, three raters of three).

    Of the kept units, only those that name the topic as a heading would
    (:func:`heading_names_topic`: a distinctive word, of the head for a topic typed with
    a colon, or two of the rest), or under a heading that names it, are returned when
    any is: "In the Northwest, Anthony Wayne's victory…" is no item on "Articles of
    Confederation: structure, weaknesses, and the Northwest Ordinance".
    """
    units = []
    for index, passage in enumerate(passages):
        for unit in passage_units(index, passage):
            if looks_like_instruction(unit.text):
                continue  # an injected "ignore your rules" line is no course fact to quiz
            if outside_scope(unit.text):
                # "…the Wilcoxon rank-sum test exist, but they are beyond the scope of STAT
                # 101" teaches nothing to ask about: 7 of the 9 rated items from such
                # sentences failed a criterion (a blank keyed "STAT", "ATP" for the Krebs
                # cycle; eval/quiz_check*_ratings.json to sheet 25, raters' majority).
                continue
            # A sentence alone is judged on few words; its passage's similarity to the
            # topic (chunk embedding, with the section heading) steadies the score.
            unit.relevance = (scores.get((index, unit.key), 0.0) + passage.score) / 2
            if weights:
                context = f"{passage.section} {unit.text}"
                unit.relevance += KEYWORD_WEIGHT * distinctive_overlap(weights, context)
            units.append(unit)
    best = max((u.relevance for u in units), default=0.0)
    if not gate:
        return units
    floor = max(UNIT_FLOOR, UNIT_RATIO * best)
    kept = [u for u in units if u.relevance >= floor]
    distinctive = distinctive_words(weights)
    if distinctive:
        # A unit about something else in the same passage (a GAN example in a quiz on
        # evaluation metrics) shares none of the topic's distinctive words, and its
        # section heading does not name the topic (:func:`heading_names_topic`).
        compound = getattr(weights, "compound", None)
        # "The cycle is amphibolic", under "4. The Citric Acid Cycle": not the urea cycle,
        # unless the unit names the topic's modifier itself.
        modifiers = compound.modifiers if compound else frozenset()
        siblings = {i for i, p in enumerate(passages) if names_sibling(p.section, compound)}
        on_topic = [
            u for u in kept
            if ((heading_names_core if named_only else heading_names_topic)(u.text, weights)
                or (not named_only and heading_names_topic(passages[u.passage].section, weights)))
            and (u.passage not in siblings or bool(topic_terms(u.text) & modifiers))
        ]  # fmt: skip
        if on_topic or named_only:
            return on_topic
    return kept


_WEAK_WORDS = frozenset(
    tokenize(
        "key main core important basic essential various different type types kind kinds "
        "architecture architectures pattern patterns technique techniques method methods "
        "across along upon toward towards beyond among amongst throughout despite via"
    )
) | frozenset(tokenize(" ".join(TASK_WORDS)))
"""Words of a topic that are rare in the material but say nothing of its subject: "Core"
in "Core components of a generative AI system" does not make "2. Core Principle" about it,
nor does "across" of "The spread of printing across Europe…" (a preposition the
retrieval's stop list keeps) make a sentence on the first newspaper one about it."""


_TITLE_LABEL = re.compile(
    r"^\s*(?:(?:unit|part|chapter|lecture|lesson|module|week|topic|session|section)\s+"
    r"(?:\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten)\b|\d+(?:\.\d+)*)"
    r"\s*[:.)—–-]?\s*",
    re.IGNORECASE,
)
"""A title's numbering: "Unit 2:", "Part II —", "Week 3.", "4.2"."""


def title_names_topic(title: str, topic: str) -> bool:
    """Whether a document's title is the topic: it names every word of it and one more at most.

    A quiz on "cellular respiration" from notes whose second file is "# Unit 2: Cellular
    Respiration" found no heading naming the topic: the title heads every section but is
    no part of their paths, so five sections of it were read as about something else and
    the quiz made one item of six (a newcomer's two-file course). A course title that
    lists much ("Ancient China: From the Shang to the Tang (HIST 205)") is not about
    "The Tang dynasty". Numbering and a parenthesised course code are not words of it.

    >>> title_names_topic("Unit 2: Cellular Respiration", "cellular respiration")
    True
    >>> title_names_topic("Unit 1: Photosynthesis", "Photosynthesis")
    True
    >>> title_names_topic("Ancient China: From the Shang to the Tang (HIST 205)", "The Tang")
    False
    >>> title_names_topic("Unit 1: Photosynthesis", "The Calvin cycle")
    False
    """
    title = re.sub(r"\([^)]*\)", " ", _TITLE_LABEL.sub("", title))
    named = topic_terms(title.replace("-", " ")) - _WEAK_WORDS
    asked = topic_terms(topic.replace("-", " ")) - _WEAK_WORDS
    return bool(asked) and asked <= named and len(named - asked) <= 1


def distinctive_words(weights: Mapping[str, float] | None) -> set[str]:
    """The topic's distinctive words (IDF >= :data:`DISTINCTIVE`), phrasing words left out.

    "Key" in "Key generative AI modalities" is rare in the course text, but a line
    under "Key Technologies to Master" is not about modalities for it; nor is a year.
    """
    small = 0 < getattr(weights, "documents", 0) < SMALL_COURSE
    weights = {w: v for w, v in (weights or {}).items() if w not in _WEAK_WORDS}
    found = {w for w, v in weights.items() if v >= DISTINCTIVE}
    if not found:
        # "Multimodal" is in most passages a quiz on "Multimodal generative models"
        # retrieves, yet it is still what the topic is about: without it, GAN facts
        # counted as on topic. The rarest word stands in, if it is half as rare (in a
        # small course, whatever its rarity: SMALL_COURSE).
        floor = 0.0 if small else FALLBACK_DISTINCTIVE
        found = {w for w, v in weights.items() if v >= floor}
        # Words tied for rarest all stand in: picking one of them by set order made the
        # verdict on "Cellular respiration" change from run to run (PYTHONHASHSEED).
        rarest = max((weights[w] for w in found), default=0.0)
        found = {w for w in found if weights[w] == rarest}
    words = {w for w in found if not w.isdigit()}
    # A year names a time, not a subject: "9. 1917–1918: the end of the war" is no home
    # of "The Russian Revolutions of 1917" (five items off topic, three raters of three,
    # eval/quiz_check16_modern_europe.md). A topic of numbers only keeps them.
    return words or found


HEADING_WORDS = 2
"""Distinctive words a heading names of a topic's examples, when none of its head."""


def heading_names_topic(heading: str, weights: Mapping[str, float] | None) -> bool:
    """Whether a section heading (or a table's header, a list's lead-in) names the topic.

    It names one of the topic's distinctive words (:func:`distinctive_words`): for a
    quiz on mixture-of-experts architectures, "5. Core Architecture Patterns" does not,
    since "architecture" says what sort of thing the topic is, not which. For a topic
    with a head before a colon (:class:`TopicWeights`), a heading names a distinctive
    word of the head, or :data:`HEADING_WORDS` of the rest: "13.2 Kinds of vaccine" is
    no home of "History of immunology: from Jenner's smallpox vaccine to …", whose
    quizzes asked four times what a toxoid is (eval/quiz_check15_immunology.md).

    A head that is a name (:func:`proper_head`: "HIV", "Tsunamis", "The Russian
    Revolutions of 1917") is what the rest's common words are aspects of: two words of
    the rest name the topic only with a name among them ("Helsinki Final Act" of
    "Détente in the 1970s: Ostpolitik, SALT I and the Helsinki Final Act"). "1. The
    replication cycle at a glance" names two words of "HIV: genome organisation and
    replication cycle", and its phage items were off topic (eval/quiz_check43_virology.md,
    three raters of three). On the rated sheets to 43, 3 items on such topics named
    only common words of the rest (2 off topic); 284 named more (27 off topic). The head
    names the topic even where it is not distinctive: among the passages a quiz on HIV
    retrieves, "HIV" is in nearly all, and the app's quiz still drew only phage items.
    """
    distinctive = distinctive_words(weights)
    terms = topic_terms(heading)
    named = terms & distinctive
    if names_sibling(heading, getattr(weights, "compound", None)):
        return False
    proper = getattr(weights, "proper", None)
    if proper:
        # The name is what the topic is about even where it is in every passage the
        # quiz retrieved (so not distinctive there): "HIV" among HIV's own passages.
        head = {word for word in getattr(weights, "head", ()) if not word.isdigit()}
        return bool(terms & head) or (len(named) >= HEADING_WORDS and bool(named & proper))
    if not named:
        return False
    head = set(getattr(weights, "head", ())) & distinctive
    return not head or bool(named & head) or len(named) >= HEADING_WORDS


def heading_names_core(
    heading: str, weights: Mapping[str, float] | None, *, rarest_only: bool = False
) -> bool:
    """Whether a heading names the topic's rarest distinctive word, or two of its words.

    Stricter than :func:`heading_names_topic`: "4. The carbon cycle" names "carbon" of
    "The permafrost carbon feedback", and "3. Radiative forcing and attribution" names
    "forcing" of "Volcanic eruptions as a climate forcing", yet neither is about the
    topic (eval/quiz_check21_climate_science.md: four items off topic). On the rated
    sheets 11 to 21, items from sections whose heading names the topic only by another
    word were off topic 24 times in 85; by its rarest word or two words, 23 in 522. The
    rarest word is the head's, for a topic typed with a colon (:class:`TopicWeights`).

    A compound name (:func:`compound_name`) is named neither by a sibling
    (:func:`names_sibling`) nor, when its one modifier is a common word, by it alone:
    Anfinsen's "8 M urea" made "The urea cycle", one sentence of the biochemistry notes,
    look named three times, so coverage called it covered (of 1,278 labelled topics,
    that one verdict changes, to right).
    """
    distinctive = distinctive_words(weights)
    named = topic_terms(heading) & distinctive
    compound = getattr(weights, "compound", None)
    if not named or not weights or names_sibling(heading, compound):
        return False
    if (
        compound
        and len(compound.common) == 1 == len(compound.modifiers)
        and named <= compound.common
        and compound.noun not in topic_terms(heading)
    ):
        return False  # "8 M urea" names urea, not the urea cycle
    head = set(getattr(weights, "head", ())) & distinctive
    rarest = max(sorted(head or distinctive), key=weights.__getitem__)
    return rarest in named or (not rarest_only and len(named) >= HEADING_WORDS)


CATEGORY_WORDS = frozenset(
    tokenize("family families class classes category categories group groups")
)
"""Words that say what sort of thing a name is: "Claude 3 Family" is not about the
model families of "Generative model families"."""


STATEMENT_SHARE = 0.5
"""Share of the topic's distinctive weight a statement outside a topic section must name."""


def statement_on_topic(
    section: str, text: str, weights: Mapping[str, float] | None, topic: str = ""
) -> bool:
    """Whether a sentence is about the topic as a whole, so it can be asked as true/false.

    A blank asks about one term, a statement about its whole sentence: one shared word
    ("networks" in "Neural networks … mimic the brain", for a quiz on how generative
    adversarial networks work) is not enough. The sentence sits under a heading that
    names a distinctive topic word, or names itself at least :data:`STATEMENT_SHARE`
    of the topic's distinctive weight. A topic without distinctive words passes.

    Given the ``topic`` text, the sentence must name a topic word in one of its forms
    (:func:`word_forms`), not a word of the same stem: a GAN's "discriminator" is not a
    sentence about "discriminative models".
    """
    distinctive = distinctive_words(weights)
    if not distinctive or not weights or heading_names_topic(section, weights):
        return True
    named_stems = distinctive & topic_terms(text)
    if topic:
        forms = word_forms(text)
        named_stems = {
            stem for stem in named_stems
            if any(content_words(word) == {stem} for word in word_forms(topic) & forms)
        }  # fmt: skip
    total = sum(weights[word] for word in distinctive)
    named = sum(weights[word] for word in named_stems)
    return named >= STATEMENT_SHARE * total


def word_forms(text: str) -> set[str]:
    """The lower-cased words of ``text``, plurals folded: "GANs" and "GAN" are one form.

    Example:
        >>> sorted(word_forms("Discriminative models; the model's discriminator; industries"))
        ['discriminative', 'discriminator', 'industry', 'model', "model's", 'the']
    """
    forms = set()
    for word in re.findall(r"[A-Za-z][\w'-]*", text):
        word = word.lower()
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith(("ss", "'s")) and len(word) > 3:
            word = word[:-1]
        forms.add(word)
    return forms


def part_on_topic(
    heading: str,
    inside: int,
    total: int,
    weights: Mapping[str, float] | None,
    names: Sequence[str] | None = None,
) -> bool:
    """Whether a whole table or sequence is about the topic, not just one of its rows.

    A table is asked about as a whole (a comparison offers its rows' cells), so one row
    that names the topic ("… across modalities" in a table of core components) is not
    enough: its heading (section and header row) names the topic
    (:func:`heading_names_topic`), or at least half of its rows (two, when it has four
    or more) are about it. Given the rows' ``names`` (first cells, or steps), a row is
    about the topic when its name names a distinctive topic word (:func:`name_names_topic`):
    every row of a timeline mentions text or images in its description, and the
    timeline is still no table for a quiz on modalities. A topic with no distinctive
    word counts the relevant units instead.

    Args:
        heading: The section heading and the table's header row.
        inside: How many of its rows (or steps) are relevant units.
        total: How many rows (or steps) it has.
        weights: Topic word weights (:func:`topic_weights`).
        names: The rows' names, when they are what an item asks about.
    """
    if heading_names_topic(heading, weights):
        return True
    if names is not None and distinctive_words(weights):
        inside = sum(name_names_topic(name, weights) for name in names)
    return total > 0 and 2 * inside >= min(total, 4)


def name_names_topic(name: str, weights: Mapping[str, float] | None) -> bool:
    """Whether a row's or item's name names a distinctive topic word, not a category word."""
    return bool(topic_terms(name) & distinctive_words(weights) - CATEGORY_WORDS)


def rows_about_topic(
    names: Sequence[str], weights: Mapping[str, float] | None, heading_named: bool = False
) -> set[int] | None:
    """Which rows of a table a topic is about, by their names; None: the table as a whole.

    A table whose rows name things of one kind is about the rows that name the topic:
    in "5. Summary of movements", the Impressionism row, not Realism's or
    Post-Impressionism's (eval/quiz_check15_art_history.md: three raters of three said a
    comparison of those two was off topic), unless the table's heading names the topic
    too (``heading_named``: every row of "Evaluation Metrics" is a metric). Rows that
    share the topic's other words but none of its distinctive ones are its siblings:
    "First Macedonian War" and "War with Antiochus III" are wars, not Punic Wars, though
    the table sits in "3. The Third Punic War and the conquest of the Greek East"; a
    table of two such rows or more is about none of them (an empty set). Rows named by
    dates or steps name neither, and the table's heading decides as before (None).
    """
    distinctive = distinctive_words(weights)
    if not weights or not distinctive:
        return None
    naming = {i for i, name in enumerate(names) if name_names_topic(name, weights)}
    if naming:
        return None if heading_named else naming
    kind_words = set(weights) - distinctive - _WEAK_WORDS - CATEGORY_WORDS
    siblings = [name for name in names if topic_terms(name) & kind_words]
    return set() if len(siblings) >= SIBLING_ROWS else None


SIBLING_ROWS = 2
"""Rows naming the topic's kind but not the topic that make a table one of its siblings."""


def rows_off_topic(
    passages: Sequence[Passage],
    units: Sequence[Unit],
    weights: Mapping[str, float] | None,
) -> set[tuple[int, int]]:
    """(passage, start) of the table rows and list items that are not on topic.

    A row is asked about by its name ("How does “3. Evolution of Generative AI”
    describe 2025–Present?"), so a timeline row that mentions "modalities" in its
    description does not make a question for a quiz on modalities. A row is on topic
    when its table's heading names the topic (:func:`heading_names_topic`) or its name
    (first cell) names a distinctive topic word ("Generative Adversarial Networks
    (GANs)" in a table of model families, for a quiz on GANs); a table on topic only
    through some rows' names is asked about at those rows. A topic with no distinctive
    word judges the table as a whole (:func:`part_on_topic`).

    A list item is asked about by its head the same way, and judged the same way
    (:func:`rag.study.quiz.units.list_blocks`): "**Gemini Pro**: Google's advanced
    multimodal model with native vision and audio processing" is no item for a quiz on
    music and audio. When no table row or list item is on topic, though, the lines
    that name the topic are all the material has (a quiz on LoRA finds it only in
    descriptions), and list items are kept.
    """
    off_rows: set[tuple[int, int]] = set()
    off_items: set[tuple[int, int]] = set()
    structured: set[tuple[int, int]] = set()
    for index, passage in enumerate(passages):
        for block, is_list in [
            *((b, False) for b in table_blocks(passage.text)),
            *((b, True) for b in list_blocks(passage.text)),
        ]:
            inside = [u for u in units if u.passage == index and block.start <= u.start < block.end]
            structured |= {(u.passage, u.start) for u in inside}
            if not inside:
                continue
            heading = f"{passage.section} {' '.join(block.header)}"
            names = {start: cells[0] for start, _, cells in block.rows if cells}
            named = heading_names_topic(heading, weights)
            about = None if is_list else rows_about_topic(list(names.values()), weights, named)
            if about is not None:
                on = {start for i, start in enumerate(names) if i in about}
                off_rows.update(
                    (u.passage, u.start)
                    for u in inside
                    if not any(s <= u.start < e for s, e, _ in block.rows if s in on)
                )
                continue
            if heading_names_topic(heading, weights) or (
                not distinctive_words(weights)
                and part_on_topic(heading, len(inside), len(block.rows), weights)
            ):
                continue
            # On topic through some rows' names at most: only those rows are asked about.
            # "Key Technologies to Master" holds "Prompt Engineering" and "Fine-tuning
            # Techniques", and "Large Language Models: GPT-4, Claude, LLaMA, instruction
            # tuning" is still no item for a quiz on prompt engineering and instruction
            # tuning (fourth check sheet, eval/quiz_check4.md).
            (off_items if is_list else off_rows).update(
                (u.passage, u.start)
                for u in inside
                if not name_names_topic(names.get(u.start, ""), weights)
            )
    nothing_on_topic = off_rows | off_items == structured
    return off_rows if nothing_on_topic else off_rows | off_items
