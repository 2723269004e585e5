"""Candidate items from what the text states, before verification.

Without an LLM, items are built from the text itself: **mcq / short** from the facts of
structured lines (:mod:`rag.study.quiz.facts`) and **cloze** from sentences, a key term
blanked out (:mod:`rag.study.quiz.blanks`; a sentence with none gets a distinctive topic
word blanked). Each draft
gets a rough :func:`difficulty`. The structure-based kinds (order, comparison,
true/false) are in :mod:`rag.study.quiz.kinds`.

Example:
    >>> from rag.study.quiz.drafts import difficulty
    >>> difficulty("mcq", answer_frequency=3, clue_words=8, distractor_similarity=0.2)
    'easy'
    >>> difficulty("short", answer_frequency=1, clue_words=4, distractor_similarity=0.0)
    'hard'
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from rag.schema import Passage
from rag.study.quiz.blanks import cloze_candidates, points_back, sentence_before
from rag.study.quiz.distractors import (
    LineIndex,
    PoolTerm,
    known_aliases,
    pick_distractors,
    shape,
)
from rag.study.quiz.facts import unit_facts
from rag.study.quiz.matching import content_words, occurs
from rag.study.quiz.model import BLANK, ItemSource, ItemType, QuizItem, Similarity, typeable
from rag.study.quiz.relevance import (
    distinctive_words,
    heading_names_core,
    name_names_topic,
    rows_off_topic,
    topic_words,
)
from rag.study.quiz.units import Term, Unit, leaf, table_cells, table_header
from rag.study.quiz.verify import names_term
from rag.text.markdown import clean_markdown


def difficulty(
    item_type: ItemType, answer_frequency: int, clue_words: int, distractor_similarity: float
) -> str:
    """A rough difficulty from what makes recall hard.

    Points: +1 for recalling rather than recognising (short, cloze); +1 when the
    answer appears in only one retrieved passage, +0.5 in two (rare terms are
    harder); +0.5 for a clue of fewer than six words (little context); for mcq +1
    when the distractors are close to the answer in meaning (mean cosine >= 0.5),
    +0.5 when >= 0.35. Under 1 point is easy, under 2 medium, else hard.
    """
    points = 0.0 if item_type == "mcq" else 1.0
    points += 1.0 if answer_frequency <= 1 else 0.5 if answer_frequency == 2 else 0.0
    points += 0.5 if clue_words < 6 else 0.0
    if item_type == "mcq" and distractor_similarity >= 0.35:
        points += 1.0 if distractor_similarity >= 0.5 else 0.5
    return "easy" if points < 1 else "medium" if points < 2 else "hard"


GUESSABLE_MARGIN = 0.1
"""The key is guessable when the clue is this much closer (cosine) to it than to any
other option: "Game development, movie production, music creation" points at
Entertainment among Healthcare and Design and Art without any course knowledge."""


def guessable(clue: str, answer: str, others: Sequence[str], similar: Similarity) -> bool:
    """Whether the clue's meaning alone picks the answer out of the options.

    Measured on the items of earlier review rounds: the descriptions raters called
    recognisable from their names ("Game development…" for Entertainment, "Produces
    human-like writing" for Text Generation, "Drug discovery…" for Healthcare,
    "individual user style" for Personalized Generative Models) lead the next option by
    0.12-0.23; the ones they did not ("Predictive efficiency for LLMs" for Perplexity,
    "Performance improves with model size…" for Scaling Laws) by 0.08 or less. Words
    every name of a list of models has (:func:`telling_words`) are left out first.
    """
    scores = similar(telling_words(clue), [telling_words(t) for t in (answer, *others)])
    return scores[0] - max(scores[1:], default=-1.0) >= GUESSABLE_MARGIN


_NAME_FILLER = re.compile(r"\b(?:generative|generation|models?|ai|systems?)\b", re.IGNORECASE)


def telling_words(name: str) -> str:
    """A name without the words every model's name has ("generative", "models", "AI").

    "Personalized Generative Models" says "Personalized"; "Unified models for …"
    beside it shares only "models" with it.

    Example:
        >>> telling_words("Personalized Generative Models"), telling_words("Generative AI")
        ('Personalized', 'Generative AI')
    """
    kept = " ".join(_NAME_FILLER.sub(" ", name).split())
    return kept or name


def topic_is_name(topic: str, name: str) -> bool:
    """Whether the quiz's topic is ``name`` and nothing more ("Diffusion models").

    Such a row is the one thing the student asked about, so "How does the course
    describe Diffusion Models?" is asked although the name is of plain words (a helper
    in the app got one item on diffusion models from the bundled notes). In a broader
    topic the row stays one of several, and a plain name that says what it does ("Code
    Generation": "Writes and debugs programs") is left out as before. The embedding
    margin of :func:`guessable` still applies to the options.

    Example:
        >>> topic_is_name("Diffusion models", "Diffusion Models")
        True
        >>> topic_is_name("Key modalities: text, image and code generation", "Code Generation")
        False
    """
    topic_words = content_words(topic)
    return bool(topic_words) and names_term(topic, name) and topic_words <= content_words(name)


_PLAIN_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:-[a-z]+)*|and|of|for|the|in|to|with|on|&)$")


def self_describing(name: str) -> bool:
    """Whether a name is made of ordinary words that can say what it names.

    The second check sheet (eval/quiz_check2.md, items no rule was written after) found
    rows whose names paraphrase their descriptions: "Efficient Generative Models" —
    "Smaller, faster, more accessible models", "Responsible Generation" — "…ethical
    considerations", "Healthcare" — "Drug discovery…". Matching them among their siblings
    needs no course, and the embedding margin of :func:`guessable` missed 7 of them
    ("Built-in bias filtering" is *farther* from "Ethical" than from three others). A
    name with an acronym, a number, an inner capital or a bracket ("GANs", "FID
    (Fréchet…)", "2014–2017", "CLIPScore") has to be learnt; one of plain capitalised
    words, once :func:`telling_words` has dropped "Generative Models", may not. Such rows
    are asked as typed answers (recall), never chosen among their siblings.

    Example:
        >>> self_describing("Efficient Generative Models"), self_describing("Healthcare")
        (True, True)
        >>> self_describing("GANs"), self_describing("1980s–1990s"), self_describing("CLIPScore")
        (False, False, False)
    """
    words = telling_words(name).split()
    return bool(words) and all(_PLAIN_WORD.match(word) for word in words)


@dataclass
class Draft:
    """A candidate item before verification."""

    item: QuizItem
    passage: int
    relevance: float


def _explanation(unit: Unit, passage: Passage, lead: str = "") -> str:
    """What the answer key says: the unit's words, a table row as "Header: cell; …".

    ``lead`` is the sentence a pointing blank was asked with ("The Calvin cycle…
    takes place in the stroma."): the key quoted "It uses the ATP and NADPH…" bare,
    which "it" unsaid again (a helper in the app).
    """
    text = unit.text.rstrip()
    if unit.line.strip().startswith("|"):  # a table row reads "Header: cell; Header: cell"
        cells = table_cells(unit.line)
        header = table_header(passage.text, passage.text.find(unit.line)) or []
        if len(header) == len(cells):
            text = "; ".join(f"{h}: {c}" if h else c for h, c in zip(header, cells, strict=True))
        else:
            text = ": ".join([cells[0], ", ".join(cells[1:])])
    if text and text[-1] not in ".!?":
        text += "."
    if lead:
        text = " ".join(f"{clean_markdown(lead)} {text}".split())
    return f"According to “{leaf(passage.section, passage.title)}”: {text}"


def _source(unit: Unit, passage: Passage) -> ItemSource:
    return ItemSource(passage.source, passage.title, passage.section, unit.quote, passage.id)


def _frequency(answer: str, pool_passages: Sequence[Passage]) -> int:
    return sum(occurs(answer, p.text) for p in pool_passages)


@dataclass(frozen=True)
class Material:
    """What every drafter reads: the quiz passages and where distractors come from."""

    passages: Sequence[Passage]
    """The quiz passages; ``unit.passage`` indexes them."""
    pool: Sequence[PoolTerm]
    """Distractor candidates (:func:`rag.study.quiz.distractors.term_pool`)."""
    lines: LineIndex
    """Clean lines of the pool passages, for the ambiguity check."""
    similar: Similarity
    """Embedding similarity of terms."""
    pool_passages: Sequence[Passage] = ()
    """Passages in which answer frequency is counted (difficulty); empty: ``passages``."""
    weights: Mapping[str, float] | None = None
    """Topic word weights (:func:`rag.study.quiz.relevance.topic_weights`): distinctive
    topic words may be blanked in cloze items, and name what a sequence is about."""
    topic: str = ""
    """The topic as asked: a statement must name its words, not only their stems."""
    whole_section: bool = False
    """A quiz on a section the user chose: each of its rows and list items is on topic.
    Judged by the heading's words, "4. Generative Model Families" left two rows of its
    table of seven, and the section quiz that a short topic quiz suggested had no item."""

    @cached_property
    def clean_text(self) -> str:
        """The pool passages as plain text, read once for checks of a name in context."""
        return "\n".join(clean_markdown(p.text) for p in self.pool_passages or self.passages)

    def used_again(self, term: str) -> bool:
        """Whether ``term`` is one of the course's terms, not a word pointing back.

        The material names it twice, its article aside; a subject that is an article and
        one common noun ("The script is the direct ancestor of modern Chinese
        characters", "The result is the exponential model…": check courses) only when a
        heading names it too, as "Cells and organelles" names "The cell".
        """
        name = re.sub(r"^(?:the|a|an)\s+", "", term, flags=re.IGNORECASE)
        pattern = r"(?<!\w)" + re.escape(name) + r"(?!\w)"
        if len(re.findall(pattern, self.clean_text, flags=re.IGNORECASE)) < 2:
            return False
        if name == term or " " in name or not name.islower():
            return True  # a name, or a complement ("…is the matrix"), says what it is
        return bool(content_words(name) & self._heading_words)

    @cached_property
    def _heading_words(self) -> frozenset[str]:
        """The words of the material's titles and section headings, read once."""
        return content_words(
            " ".join(f"{p.title} {p.section}" for p in self.pool_passages or self.passages)
        )

    def cuts_a_name(self, blanked: str, answer: str) -> bool:
        """Whether the word before the blank begins a name that the answer ends.

        "…two molecules of acetyl _____" keyed "CoA": the notes also open a sentence
        with "Acetyl CoA", one name, so the stem gives half of it (three raters of three,
        a check sheet of 2026-12-06).
        """
        before = re.search(r"(?<![\w-])([a-z][\w-]{2,})\s+" + re.escape(BLANK), blanked)
        if before is None or before.group(1) in _COMMON_WORDS:
            return False
        name = rf"(?<![\w-]){re.escape(before.group(1).capitalize())}\s+{re.escape(answer)}(?!\w)"
        return re.search(name, self.clean_text) is not None

    @cached_property
    def _passage_words(self) -> list[frozenset[str]]:
        return [content_words(f"{p.section} {p.text}") for p in self.pool_passages or self.passages]

    def common(self, stem: str) -> bool:
        """Whether more than half of the material's passages (three or more) name ``stem``.

        "AI" and "generative" in a course on generative AI: naming them recalls nothing.
        """
        words = self._passage_words
        return len(words) >= 3 and 2 * sum(stem in named for named in words) > len(words)


_COMMON_WORDS = frozenset({
    "the", "and", "for", "with", "from", "into", "onto", "than", "that", "this", "these",
    "those", "its", "their", "our", "your", "his", "her", "each", "every", "some", "any",
    "all", "both", "many"
})  # fmt: skip
"""Words before a blank that begin no name, though a sentence may open with them."""


def names_the_topic(names: Sequence[str], weights: Mapping[str, float] | None) -> bool:
    """Whether a sentence definition's answer is what the topic is about.

    A sentence definition asks for the thing it defines, so the thing must be the
    topic's: the third check sheet (eval/quiz_check3.md) found "what compresses data to
    learn latent representations?" (VAEs) and "…uses competition between networks…"
    (GANs) in a quiz on milestones in the history of generative AI, and BLOOM's
    definition in one on LLMs after GPT-4. One of the answer's names must name a
    distinctive topic word (:func:`rag.study.quiz.relevance.name_names_topic`); a topic
    with none ("What generative AI can do") cannot tell, and keeps every definition.
    """
    if not distinctive_words(weights):
        return True
    return any(name_names_topic(name, weights) for name in names)


_ROW_GROUPS = ("list:", "col:", "desc:")
"""Facts from a list item or table row, paired with its siblings' names or descriptions."""


def draft_items(
    material: Material, units: Sequence[Unit], types: Sequence[ItemType], rng: random.Random
) -> list[Draft]:
    """Every candidate item the units support, of the requested types.

    Args:
        material: The passages, the distractor pool and the topic's word weights.
        units: Relevant units of ``material.passages``.
        types: Item types to make.
        rng: Seeded random source (distractor draw, option order).
    """
    passages, pool, lines, similar = (
        material.passages, material.pool, material.lines, material.similar
    )  # fmt: skip
    weights = material.weights
    drafts: list[Draft] = []
    counted = material.pool_passages or passages
    off_topic = set() if material.whole_section else rows_off_topic(passages, units, weights)
    for unit in units:
        if (unit.passage, unit.start) in off_topic:
            continue
        passage = passages[unit.passage]
        source = _source(unit, passage)
        explanation = _explanation(unit, passage)
        # A term defined in the topic's own section is one of its parts: "Antithrombin
        # is a serine protease inhibitor…" under "6. Natural Anticoagulant Mechanisms"
        # (a blind course whose eleven topics got no definition from prose at all).
        home = material.whole_section or heading_names_core(
            leaf(passage.section, passage.title), weights
        )
        for fact in unit_facts(unit, passage):
            if not occurs(fact.term, unit.quote):
                continue
            if fact.plain and not material.used_again(fact.term):
                continue  # "The classic example is the High Plains aquifer": no term
            named = content_words(fact.term)
            if not fact.group and named and all(map(material.common, named)):
                # "What is transforming industries…?" -> "Generative AI", in a course on
                # it: every passage is about the answer, so the question asks nothing.
                continue
            # "which item is used “for speech-to-text accuracy.”?": a clue quoted
            # mid-question drops its full stop.
            clue = fact.clue.rstrip(" .") if "“{clue}”" in fact.template else fact.clue
            question = fact.template.format(clue=clue)
            aliases = [*fact.aliases]
            aliases += [a for a in known_aliases(fact.term, pool) if a not in aliases]
            frequency = _frequency(fact.term, counted)
            clue_words = len(fact.clue.split())
            if (not fact.group and not home
                    and not names_the_topic([fact.term, *fact.aliases], weights)):  # fmt: skip
                continue
            name = {"head": fact.term, "phrase": fact.clue}.get(fact.family, "")
            recognisable = (
                fact.group.startswith(_ROW_GROUPS)
                and self_describing(name)
                and not (fact.family == "phrase" and topic_is_name(material.topic, name))
            )
            if "mcq" in types and "mcq" in fact.types and not recognisable:
                answer = Term(fact.term, fact.kind, fact.group, tuple(aliases))
                picked = pick_distractors(
                    answer,
                    fact.group,
                    fact.family,
                    unit.quote,
                    fact.clue,
                    pool,
                    lines,
                    similar,
                    rng,
                    own_list=True,
                )
                if picked and guessable(fact.clue, fact.term, [t for t, _ in picked], similar):
                    picked = None
                if picked:
                    options = [fact.term, *(text for text, _ in picked)]
                    rng.shuffle(options)
                    mean = sum(score for _, score in picked) / len(picked)
                    # What a description is asked of: two items describing one name
                    # are one question (:func:`rag.study.quiz.verify.same_question`).
                    about = {"about": fact.clue} if fact.family == "phrase" else {}
                    drafts.append(Draft(QuizItem(
                        "mcq", question, fact.term, explanation, source, options,
                        difficulty("mcq", frequency, clue_words, mean),
                        [] if fact.group == "examples" else aliases,
                        kind=fact.skill, meta=about,
                    ), unit.passage, unit.relevance))  # fmt: skip
            if "short" in types and "short" in fact.types and typeable(fact.term):
                drafts.append(Draft(QuizItem(
                    "short", question, fact.term, explanation, source, [],
                    difficulty("short", frequency, clue_words, 0.0), aliases,
                    kind=fact.skill,
                ), unit.passage, unit.relevance))  # fmt: skip
        if "cloze" in types or "mcq" in types:
            # List items are often imperatives ("Evaluate outputs..."); blanking their
            # topic word would ask for a verb.
            extra = topic_words(unit.text, weights) if weights and not unit.bulleted else []
            for term, blanked in cloze_candidates(unit, extra):
                if material.cuts_a_name(blanked, term.text):
                    continue
                lead = ""
                if points_back(blanked):
                    # "It uses the ATP and _____…", "…depends on it.": asked with the
                    # sentence that says what "it" is, or not at all.
                    lead = sentence_before(passage.text, unit.start)
                    names = [term.text, *term.aliases]
                    if not lead or points_back(lead) or any(occurs(n, lead) for n in names):
                        continue
                    blanked = f"{lead} {blanked}"
                blanked = " ".join(blanked.split())  # a line wrapped by hand is one line
                said = _explanation(unit, passage, lead) if lead else explanation
                known = [a for a in known_aliases(term.text, pool) if a not in term.aliases]
                term = Term(term.text, term.kind, term.group, (*term.aliases, *known))
                frequency = _frequency(term.text, counted)
                context = len(blanked.split()) - 1
                if "cloze" in types:
                    drafts.append(Draft(QuizItem(
                        "cloze", f"Fill in the blank: {blanked}", term.text, said,
                        source, [], difficulty("cloze", frequency, context, 0.0),
                        list(term.aliases),
                    ), unit.passage, unit.relevance))  # fmt: skip
                if "mcq" in types and term.group != "topic" and shape(term.text) == "period":
                    # A name blanked in running prose is typed, not picked: the names the
                    # material offers beside it are of any sort (people for a battle,
                    # "First International" for a country, a river for a city: all four
                    # such items of the tenth check sheet's history course, three
                    # raters of three). Years and eras are of one sort by their form.
                    picked = pick_distractors(
                        term, "", "term", unit.quote, blanked, pool, lines, similar, rng
                    )
                    if picked:
                        options = [term.text, *(text for text, _ in picked)]
                        rng.shuffle(options)
                        mean = sum(score for _, score in picked) / len(picked)
                        drafts.append(Draft(QuizItem(
                            "mcq", f"Which term completes this sentence from the course? "
                            f"{blanked}", term.text, said, source, options,
                            difficulty("mcq", frequency, context, mean), list(term.aliases),
                        ), unit.passage, unit.relevance))  # fmt: skip
    return drafts
