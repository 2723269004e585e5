"""Building a quiz: the one place that touches the index and the models.

:func:`build_quiz` retrieves passages for the topic (or reads a chosen section),
gates the topic on relevance, lets a configured LLM write items
(:mod:`rag.study.quiz.llm`), fills the rest from the text (:mod:`rag.study.quiz.drafts`,
:mod:`rag.study.quiz.kinds`) and chooses N (:mod:`rag.study.quiz.selection`), every item
through the same :class:`rag.study.quiz.verify.Verifier` against the stored chunk text.

Example (after ``rag ingest``)::

    from rag.assistant import Assistant
    from rag.settings import Settings
    from rag.study.quiz import build_quiz, export

    quiz = build_quiz(Assistant(Settings()), "GANs and VAEs", n=5, seed=1)
    print(export(quiz, "md"))
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from rag.schema import Passage
from rag.study.quiz.distractors import embedding_similarity, term_pool
from rag.study.quiz.drafts import Draft, Material, draft_items
from rag.study.quiz.kinds import structure_drafts
from rag.study.quiz.model import ITEM_TYPES, QUIZ_TYPES, ItemType, Quiz, QuizItem, Similarity
from rag.study.quiz.relevance import (
    heading_names_core,
    heading_names_topic,
    relevant_units,
    title_names_topic,
    topic_weights,
)
from rag.study.quiz.sections import (
    about_topic,
    home_passages,
    named_sections,
    neighbouring_sections,
)
from rag.study.quiz.selection import select_items
from rag.study.quiz.verify import Verifier
from rag.text.markdown import clean_markdown
from rag.text.render import passage_label

if TYPE_CHECKING:
    from rag.assistant import Assistant
    from rag.study.coverage.scoring import TopicCoverage

log = logging.getLogger(__name__)


QUIZ_MIN_RELEVANCE = 0.54
"""Best sentence score (cosine + word overlap) a topic needs to be quizzed on.

The answer chain's ``RAG_MIN_RELEVANCE`` is on another scale since answers are
chosen by IDF-weighted evidence units; quizzes still rank by this sentence score.
Below it, a topic the Coverage page calls covered or partial gets no items either: of
the three quizzes on such topics that made items without this gate, two asked about
something else ("BERT can answer questions…" for grounding answers in fetched
documents) or offered products as alignment methods (eval/quiz_check66_short_topics.md,
three raters of three).
"""


MIN_KINDS = 3
"""A quiz uses at least this many kinds when the material offers them."""


MAX_PASSAGES = 30
"""Most passages a quiz draws items from (k = 3N, capped here)."""


POOL_PASSAGES = 40
"""Passages searched for distractor terms: more than the quiz uses, so kinds fill up."""


def finish(items: Sequence[QuizItem]) -> list[QuizItem]:
    """Number the items q1, q2, ... in quiz order."""
    for number, item in enumerate(items, start=1):
        item.id = f"q{number}"
    return list(items)


def shortfall_note(accepted: int, requested: int, dropped: int = 0) -> str:
    """The sentence telling the user the quiz is shorter than asked, and why.

    "Only 0 of 8 items: … does not support more" read wrong to a helper driving the app,
    and hid that items had been drafted and dropped (their answer given away by the
    topic or the question, or the same as another item's).
    """
    if accepted >= requested:
        return ""
    more = "more " if accepted else ""
    reason = (
        f"{dropped} {more}item{'s were' if dropped != 1 else ' was'} drafted from the course "
        "material but failed the checks (an answer given away, or the same as another item)"
        if dropped
        else f"the course material on this topic supports no {more}verified items"
    )
    if not accepted:
        return f"No items of {requested}: {reason}."
    return f"Only {accepted} of {requested} items: {reason}."


def section_hint(named_by_topic: Mapping[tuple[str, str, str], int]) -> tuple[str, str]:
    """Where to quiz instead when a syllabus line names the answers of a quiz's items.

    "Training foundations: scaling laws, optimizers and regularization" names what the
    lines of the bundled course's "9. Training Foundations" are called, so the items
    drafted from them gave their answers away (a quiz of five came out with two); a quiz
    on that section, whose heading names none of them, made five. The section offered
    is the one most of those items came from, none for lines before a document's first
    heading. Called only for a quiz shorter than asked.

    Returns:
        The sentence for the quiz's note, and the section as ``source :: section path``
        (the form ``--section`` and the app's section picker take); both "" when no item
        was dropped that way.

    Example:
        >>> note, section = section_hint({("001.txt", "Gen AI", "9. Training Foundations"): 3})
        >>> note.split(";")[0]
        'Of those, 3 gave their answers away through the topic itself'
        >>> section
        '001.txt :: 9. Training Foundations'
    """
    sections = {key: n for key, n in named_by_topic.items() if key[2]}
    if not sections:
        return "", ""
    (source, title, section), _ = max(sections.items(), key=lambda kv: kv[1])
    count = sum(named_by_topic.values())
    where = passage_label(title, section, source=source)  # "Title › Section › Subsection"
    note = (
        f"Of those, {count} gave {'their answers' if count != 1 else 'its answer'} away "
        f"through the topic itself; a quiz on the section “{where}” asks about the same lines."
    )
    return note, f"{source} :: {section}"


def item_types(kind: str) -> list[ItemType]:
    """The item types a ``--type`` value asks for."""
    return list(ITEM_TYPES) if kind == "mixed" else [kind]  # type: ignore[list-item]


def section_passages(assistant: Assistant, section: str) -> list[Passage]:
    """Stored chunks of a section (``"source > section path"`` or a section path).

    Sub-sections are included, in reading order.
    """
    source, _, path = section.partition(" :: ")
    if not path:
        source, path = "", section
    chunks = (
        assistant.store.iter_chunks_where({"source": source})
        if source
        else assistant.store.iter_chunks()
    )
    passages = []
    for chunk in chunks:
        meta = chunk.metadata
        name = str(meta.get("section", ""))
        if name == path or name.startswith(path + " > "):
            passages.append(Passage.from_metadata(chunk.id, chunk.text, meta))
    return sorted(passages, key=lambda p: (p.source, p.start))


def shortest_section_name(assistant: Assistant, section: str) -> str:
    """``section`` as ``--section`` takes it, without its file name when no other file has it.

    The bundled files are named by hash: "Try: rag quiz --section "001_5ed49cb29b8db96d.txt
    :: 4. Generative Model Families"" read as noise to a newcomer, and "4. Generative
    Model Families" alone picks the same lines.
    """
    source, _, path = section.partition(" :: ")
    if path and {p.source for p in section_passages(assistant, path)} == {source}:
        return path
    return section


def with_table_heads(assistant: Assistant, passages: Sequence[Passage]) -> list[Passage]:
    """The passages, each that opens inside a table given that table's header to read by.

    No "which level has…" item could be made from bare rows (a statistics course's quiz
    on levels of measurement was all blanks, eval/quiz_check25_statistics.md). The header
    lines are put before the rows as context
    (:meth:`rag.retrieval.retriever.Retriever.with_table_head`); items are still quoted
    from, and verified against, the rows the chunk itself holds.
    """
    return [assistant.retriever.with_table_head(passage) for passage in passages]


def leaves_room(accepted: Sequence[QuizItem], item: QuizItem, n: int) -> bool:
    """Whether admitting ``item`` still leaves enough places for :data:`MIN_KINDS` kinds.

    A model tends to write one kind of question; the text supplies the others.
    """
    kinds = {i.kind for i in accepted} | {item.kind}
    places = n - len(accepted) - 1
    return places >= min(MIN_KINDS, n) - len(kinds)


def build_quiz(
    assistant: Assistant,
    topic: str,
    n: int = 5,
    kind: str = "mixed",
    seed: int | None = None,
    *,
    section: str | None = None,
) -> Quiz:
    """Retrieve passages for ``topic`` and build up to ``n`` verified items.

    With an LLM configured (``generator`` openai or local) the model writes the
    items (:mod:`rag.study.quiz.llm`); extractive items replace those it gets wrong, and
    all of them, if it fails altogether. Either way every item passes the same
    :class:`Verifier` against the stored chunk text.

    Args:
        assistant: The assistant whose index and models to use.
        topic: Free-text topic (ignored for retrieval when ``section`` is given).
        n: Items wanted.
        kind: mcq, short, cloze or mixed.
        seed: Same seed, same index: same quiz. None draws one (reported in the quiz).
        section: Quiz on one section of the corpus instead ("source :: section path").
    """
    from rag.answer.extractive import score_candidates
    from rag.errors import ConfigError
    from rag.study.coverage.scoring import shown_score

    if kind not in QUIZ_TYPES:
        raise ConfigError(f"unknown quiz type '{kind}'; use one of {', '.join(QUIZ_TYPES)}")
    if n < 1:
        raise ConfigError("the number of items must be at least 1")
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    rng = random.Random(seed)
    types = item_types(kind)
    query = topic or (section or "").split(" :: ")[-1]
    # `auto` made concrete first: the local model writes items only where it loads; else
    # the items come from the course text, as with `extractive`, and nothing failed.
    from rag.answer.generate import resolve_generator_setting

    settings, _ = resolve_generator_setting(assistant.settings)
    quiz = Quiz(topic=topic or query, requested=n, type=kind, seed=seed,
                generator=settings.generator)  # fmt: skip
    k = min(3 * n, MAX_PASSAGES)
    chosen = with_table_heads(assistant, section_passages(assistant, section)) if section else []
    if section and not chosen:
        raise ConfigError(f"no indexed section '{section}'; see `rag status --json`")
    retrieved = with_table_heads(
        assistant, assistant.retrieve(query, max(k, POOL_PASSAGES)).passages
    )
    # Distractors come from all the material around the topic (or the section).
    seen = {p.id for p in chosen}
    pool_passages = chosen + [p for p in retrieved if p.id not in seen]
    weights = topic_weights(query, [f"{p.section} {p.text}" for p in pool_passages])
    # Items come from the chosen section, or from where the topic is taught: a document
    # titled by the topic throughout, like a chosen section (:func:`title_names_topic`).
    titled = [] if section else [p for p in retrieved if title_names_topic(p.title, query)]
    whole = bool(section or titled)
    passages = chosen if section else (titled or home_passages(retrieved, weights))[:k]
    coverage = None if section else topic_coverage(assistant, quiz.topic)
    if coverage is not None:
        passages = supported_passages(passages, coverage)
    quiz.passages = list(passages)
    if coverage is not None and coverage.verdict == "missing":
        # What the Coverage page calls missing is quizzed from the material around it:
        # of 12 rated items on such topics, 11 failed a criterion, 8 of them off topic
        # ("Soil formation", which the notes leave out, asked about chemical weathering).
        quiz.note = (
            f"The course material does not seem to cover “{topic}” (coverage missing, score "
            f"{shown_score(coverage.score)}); no items were made."
        )
        return quiz
    # How close the material comes is judged on all k passages retrieved, as before items
    # were kept to its sections: a learning objective that names the topic counts.
    homes = {p.id for p in passages}
    scored = [*passages, *(p for p in retrieved[:k] if not section and p.id not in homes)]
    candidates, scores, _ = score_candidates(query, scored, assistant.embedder)
    best = max(scores, default=0.0)
    covered = coverage is not None and coverage.verdict == "covered"
    headed = headed_sections(passages, weights) if covered else []
    if coverage is not None and best < QUIZ_MIN_RELEVANCE and headed:
        # A section headed by the topic is about it, however its lines score one by one:
        # the ACID table's rows ("Atomicity: all of the transaction's changes happen, or
        # none do…") never say "ACID", and "1. Transactions and the ACID Properties" got
        # no item. It is quizzed as a chosen section is, line by line.
        passages, whole = headed, True
        quiz.passages = list(passages)
        candidates, scores, _ = score_candidates(query, passages, assistant.embedder)
    elif coverage is not None and best < QUIZ_MIN_RELEVANCE:
        # The note says what the Coverage page says: "does not seem to cover “RLHF”" read
        # wrong of a topic the page calls partial, named in three list lines; and a
        # helper in the app found the scores meaningless to a student.
        touched = "touches on" if coverage.verdict == "partial" else "names"
        quiz.note = (
            f"No items: the course {touched} “{topic}” (the Coverage page calls it "
            f"{coverage.verdict}), but no line of it comes close enough to the topic to ask "
            "about."
        )
        log.info("quiz on %r: best sentence %.2f < %.2f", topic, best, QUIZ_MIN_RELEVANCE)
        return quiz
    by_start = {(c.passage, c.start): s for c, s in zip(candidates, scores, strict=True)}
    partial = coverage is not None and coverage.verdict == "partial"
    units = relevant_units(passages, by_start, weights, gate=not whole, named_only=partial)
    stored = {c.id: c.text for c in assistant.store.get([p.id for p in passages])}
    verifier = Verifier(stored, quiz.topic)
    similar = embedding_similarity(assistant.embedder)
    pool, lines = term_pool(pool_passages)
    material = Material(passages, pool, lines, similar, pool_passages, weights, query,
                        whole_section=whole)  # fmt: skip
    llm_note = ""
    written = [t for t in types if t in ("mcq", "short", "cloze")]
    if settings.generator != "extractive" and written:
        from rag.study.quiz.llm import llm_quiz_items

        llm_items, llm_note = llm_quiz_items(settings, topic or query, passages, n,
                                             written, seed, verifier.dropped)  # fmt: skip
        for item in llm_items:
            if len(verifier.accepted) >= n or item.type not in types:
                continue
            if verifier.reason(item) is None and not leaves_room(verifier.accepted, item, n):
                continue  # a sound item, but the quiz would end up of fewer than 3 kinds
            verifier.admit(item)
    if len(verifier.accepted) < n:
        drafts = draft_items(material, units, types, rng)
        drafts += structure_drafts(material, units, types, rng)
        log.debug("quiz drafts by kind: %s", dict(Counter(d.item.kind for d in drafts)))
        beside = neighbouring_sections(passages, weights, query, similar) if covered else set()
        tiers = topic_sections_first(drafts, passages, None if whole else weights,
                                     leave_out=beside, topic=query, similar=similar)  # fmt: skip
        for tier in tiers:
            select_items(tier, n, types, verifier, rng)
    quiz.items = finish(verifier.accepted[:n])
    if not any(item.origin == "llm" for item in quiz.items):
        quiz.generator = "extractive"  # says who wrote the items, also after a fallback
    quiz.dropped = dict(sorted(verifier.dropped.items()))
    notes = [llm_note] if llm_note else []
    if len(quiz.items) < n:
        notes.append(shortfall_note(len(quiz.items), n, sum(quiz.dropped.values())))
        if not section:
            hint, quiz.suggested_section = section_hint(verifier.named_by_topic)
            notes.append(hint)
    if quiz.items and coverage is not None:
        notes.append(thin_topic_note(quiz.topic, coverage))
    quiz.note = " ".join(note for note in notes if note)
    return quiz


def topic_sections_first(
    drafts: Sequence[Draft],
    passages: Sequence[Passage],
    weights: Mapping[str, float] | None,
    *,
    leave_out: Collection[tuple[str, str]] = (),
    topic: str = "",
    similar: Similarity | None = None,
) -> list[list[Draft]]:
    """The drafts from the topic's own sections, then those naming the topic themselves.

    The topic's own sections are :func:`named_sections`'. A quiz fills up from other
    sections only when those run short, as the bundled course's music quiz does: its
    "Audio Generation" examples sit under a heading that names neither music nor audio.
    It fills up, and a quiz on a topic no heading names is made, only with items under a
    heading that names a word of the topic (:func:`heading_names_topic`) or whose own
    quote names its rarest word or two of its words (:func:`heading_names_core`). On the
    rated check sheets 15 to 26 (825 items), the items this leaves out were off topic 39
    times in 89 and failed a criterion 44 times (Woese's three domains in a quiz on
    bioluminescence, China's religious landscape in one on Shinto); of the 736 it keeps,
    68 were off topic. Leaving out also those under a heading that names only a word of
    the topic would take 95 more items, 25 of them off topic, and the bundled course's
    music quiz from six items to three. A topic the notes only touch gets a shorter quiz,
    with a note saying so.

    Sections in ``leave_out`` (source, section) give no items beyond the topic's own:
    for a topic the Coverage page calls covered, those beside its own that only share a
    word with it (:func:`neighbouring_sections`). Given ``similar``, an item there whose
    quote is about ``topic`` all the same (:func:`about_topic`) stays.
    """
    if weights is None:
        return [list(drafts)]
    named = {p.id for p in named_sections(passages, weights)}
    homes = any(heading_names_core(p.section, weights) for p in passages)
    first = [d for d in drafts if homes and passages[d.passage].id in named]
    chosen = {id(d) for d in first}
    beside = [
        d for d in drafts if (passages[d.passage].source, passages[d.passage].section) in leave_out
    ]
    if similar is not None and beside:
        quotes = [clean_markdown(d.item.source.quote) for d in beside]
        beside = [d for d, about in zip(beside, about_topic(quotes, topic, weights, similar),
                                        strict=True) if not about]  # fmt: skip
    away = {id(d) for d in beside}
    rest = [
        d
        for d in drafts
        if id(d) not in chosen
        and id(d) not in away
        and (
            heading_names_topic(passages[d.passage].section, weights)
            or heading_names_core(clean_markdown(d.item.source.quote), weights)
        )
    ]
    return [first, rest]


def headed_sections(
    passages: Sequence[Passage], weights: Mapping[str, float] | None
) -> list[Passage]:
    """The passages under a heading that names the topic's core (:func:`heading_names_core`)."""
    return [p for p in passages if p.section and heading_names_core(p.section, weights)]


def topic_coverage(assistant: Assistant, topic: str) -> TopicCoverage:
    """The Coverage page's verdict on ``topic``: a quiz says the same as the report."""
    from rag.study.coverage.assess import assess_topics
    from rag.study.coverage.topics import Topic

    return assess_topics(assistant, [Topic(topic)]).topics[0]


def supported_passages(passages: Sequence[Passage], coverage: TopicCoverage) -> list[Passage]:
    """The passages a quiz on a topic draws from, given the Coverage page's verdict on it.

    A topic the report calls partial is asked about only in the sections of the passages
    it lists as support: the rest of the sections where the topic sits is about
    something else. On the rated check sheets (eval/quiz_check10_history.md to
    eval/quiz_check14_ocean.md), 14 of 52 items on partial topics were off topic (wind
    waves in a quiz on tsunamis, ketone bodies in one on alcohol metabolism); of those
    from a supporting passage's section, 3 of 37. On a covered topic the rule would drop
    21 on-topic items for 4 off-topic ones, so it applies to partial topics only.
    """
    if coverage.verdict != "partial":
        return list(passages)
    sections = {(p.source, p.section) for p in coverage.support}
    return [p for p in passages if (p.source, p.section) in sections]


def thin_topic_note(topic: str, coverage: TopicCoverage) -> str:
    """A line for a quiz on a topic the coverage report judges partial, else "".

    On notes the quiz had not seen, a quiz on a topic they only name filled up with
    what surrounds it: the cosmological principle and Hubble's law for "Cosmic
    inflation: the proposed ultra-rapid expansion…", which the notes name in one
    sentence (eval/quiz_check8_astronomy.md: three raters of three said off topic). The
    student or instructor is told, with the same verdict the Coverage page gives.
    """
    from rag.study.coverage.scoring import shown_score

    if coverage.verdict != "partial":
        return ""
    return (
        f"The course only touches on “{topic}” (coverage partial, score "
        f"{shown_score(coverage.score)}): items come only from the passages that cover it."
    )
