"""Evidence selection: the units of the retrieved passages that state what was asked.

Pure logic, no model: the caller passes the term statistics of the indexed
collection and, optionally, embedding similarities. Cosine similarity alone ranks
the generic sentences that repeat a course's theme ("generative AI") above the row
that answers; the rare words of the question ("FID", "optimizers", "healthcare")
are what carry it, so they are weighted by their IDF in the collection.

A passage is cut into *units* a student can read on their own:

- ``sentence``: a sentence of a paragraph;
- ``list_item``: one item of a bulleted or numbered list;
- ``table_row``: one data row, read with its column headers
  ("FID (Fréchet Inception Distance): Realism of generated images");
- ``definition``: a line of the form "Term: explanation".

Headings (``#`` lines, label lines such as "Risks:", a table's header row) are
never units; they are the *context* of the units under them, and a question word
found only there counts for less (:attr:`ScoreWeights.context`, 0.85 of a match).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rag.answer.asked import (
    QUESTION_FRAME,
    heavy_terms,
    premise_terms,
    question_weights,
    term_coverage,
    unit_terms,
)
from rag.answer.decide import AnswerType, answer_type, holds
from rag.answer.line_forms import (
    DEFINES,
    EXERCISE_PROMPT,
    EXERCISES,
    GOAL_HEADING,
    GOAL_STEMS,
    ITALIC_LINE,
    LEAD_IN,
    MISBELIEF,
    announced_before,
    announces_count,
    announcing_label,
    continued_table_headers,
    defined_term,
    defines_a_term,
    exercises_removed,
    item_subject,
    lone_question,
    opening_question,
    row_about,
    table_cells,
)
from rag.answer.matching import (
    paragraph_referent,
    points_back,
    subject_fit,
    with_sentence_named,
)
from rag.answer.states import condition_states, row_agrees
from rag.retrieval.keyword import TermStatistics
from rag.text.markdown import (
    FENCE,
    HEADING,
    LIST_MARKER,
    RULE,
    TABLE_DELIMITER,
    clean_markdown,
    lines_unquoted_blank,
    list_number,
    title_line,
)
from rag.text.sentences import SENTENCE_END, inside_quotation
from rag.text.tables import row_text
from rag.text.wrapping import continues_item, continues_paragraph, formula_bridged, runs_on

UnitKind = Literal["sentence", "list_item", "table_row", "definition"]

_LABEL = re.compile(r"^\s*(?:\*\*|__)?(?P<label>[^:|]{2,60}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*$")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<label>[^*_=]{2,80})(?:\*\*|__)\s*:?\s*$")
_DEFINITION = re.compile(
    r"^(?:\*\*|__)?(?P<term>[^:|.!?]{1,80}?)(?:\*\*|__)?\s*(?::|\s[–—-]\s)\s*(?P<body>\S.*)$"
)
_WORDS_IN_A_UNIT = 3


@dataclass(frozen=True)
class EvidenceUnit:
    """One readable piece of a passage that could answer a question."""

    passage: int
    """0-based index of the passage in the retrieval order."""
    start: int
    """Offset of the unit in the passage text (``passage.text[start:end]``)."""
    end: int
    text: str
    """Readable form: Markdown removed, a table row as "first cell: other cells"."""
    kind: UnitKind
    context: str = ""
    """Headings, label line and column headers above the unit (never answer text)."""
    block: int = 0
    """Units of one list or table share a block number within their passage."""
    subject: str = ""
    """What the unit is about when it says so: a definition's term, a row's first cell."""
    topic: str = ""
    """The first sentence of the unit's paragraph, when it is not that sentence: what the
    paragraph is about, read like a heading when the unit is scored."""
    ordinal: int = 0
    """The number of a numbered list's item ("3." or "3)"); 0 for every other unit."""
    indent: int = 0
    """How far a list item is indented: an item of a nested list is indented more."""


@dataclass(frozen=True)
class ScoredUnit:
    """A unit with the parts of its score, for selection, abstention and the JSON output."""

    unit: EvidenceUnit
    score: float
    coverage: float
    """IDF-weighted share of the question's terms in the unit (its context counts less)."""
    similarity: float
    weights: Mapping[str, float] = field(default_factory=dict, repr=False, compare=False)
    """The question's term weights it was scored with (shared by all units of a question)."""
    posed: float = 0.0
    """How close the question its paragraph opens with is to the student's, when it asks it
    (:mod:`rag.answer.posed`); 0 for every other unit."""


@dataclass(frozen=True)
class ScoreWeights:
    """How the signals combine; fitted on the training split of ``eval/questions.jsonl``."""

    coverage: float = 0.6
    similarity: float = 0.2
    rank: float = 0.05
    subject: float = 0.3
    """Bonus for a unit *about* the question's subject (a definition's term, a row's key)."""
    context: float = 0.85
    """What a question word found only in the headings above a unit counts for."""
    mismatch: float = 0.5
    """Factor on the score of a unit that cannot answer a factoid question (:class:`AnswerType`)."""
    goal: float = 0.6
    """Factor on the score of a learning objective, unless the question asks for goals.

    "By the end of this section you will: Fine-tune and customize large language models
    efficiently" restates a topic and states no fact; it led the answers to "Which
    methods let me fine-tune a large language model cheaply…" and "what does the course
    recommend for deploying gen ai apps" (train), whose answers are list lines."""


def _finish(text: str) -> str:
    text = text.strip().rstrip(";,")  # an item that runs on ("…and G with C (three);")
    return text if not text or text[-1] in ".!?" else text + "."


def split_units(
    passage_index: int,
    text: str,
    section: str = "",
    continued_headers: Sequence[str] = (),
    announced_label: str = "",
) -> list[EvidenceUnit]:
    """Cut a passage into sentences, list items, table rows and definition lines.

    Args:
        passage_index: Position of the passage in the retrieval order.
        text: The passage text (Markdown or plain).
        section: The passage's heading path, the outermost context of every unit.
        continued_headers: Column headers of a table the passage continues (it opens
            with rows and no header line: the chunker cut a long table).
        announced_label: The line ending the chunk before, announcing what this one
            opens with (:func:`rag.answer.line_forms.announced_before`): the label of its
            first list or table.

    Returns:
        Units in reading order; ``text[unit.start:unit.end]`` is where each comes from.
    """
    units: list[EvidenceUnit] = []
    headings: list[str] = [section] if section else []
    label = announced_label
    headers: list[str] = []
    block = 0
    in_fence = False
    paragraph: list[tuple[int, str]] = []
    lines = lines_unquoted_blank(text)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    defining = False  # the next paragraph is the first one under a heading
    indented = False  # the paragraph's first line is indented

    def context() -> str:
        return " > ".join([*headings, *([label] if label else [])])

    announced = bool(label)  # a paragraph's last line ending with ":" labels the list after it

    def flush_paragraph() -> None:
        nonlocal defining, label, announced
        if not paragraph:
            return
        start = paragraph[0][0]
        end = paragraph[-1][0] + len(paragraph[-1][1].rstrip())
        sentences = _sentences(passage_index, text, start, end, context())
        if sentences and text[start:end].rstrip(" *_").endswith(":"):
            # "…which caused recurring problems:" announces the list after it, whose
            # items read with it as their label. It stays a unit: "…the acronym ACID,
            # coined by Theo Härder and Andreas Reuter in 1983:" states a fact itself.
            label = announcing_label(text[start:end], sentences[-1].text)
            announced = True
        elif not sentences and lone_question(text[start:end]):
            label, announced = lone_question(text[start:end]), True  # "Why did…?" over a list
        if defining and indented and len(paragraph) == 1:
            # "\tFrom chatbots to novel writing—how AI learns…" under "Natural Language
            # Generation" sets a mood; the paragraph after it says what the heading names.
            units.extend(sentences)
            paragraph.clear()
            defining = False
            return  # an indented one-liner: the heading's tagline, not its definition
        if sentences and defining and headings and not sentences[0].subject:
            # The first sentence under a heading says what the heading names (unless it
            # defines a term of its own: "**Tropical cyclones** — called hurricanes…").
            leaf = headings[-1].split(" > ")[-1]
            sentences[0] = dataclasses.replace(sentences[0], subject=leaf)
        defining = False
        if len(sentences) > 1:
            # A paragraph's first sentence says what the rest are about: "Unlike animal
            # cells, plant cells … build a cell plate" follows "Cytokinesis usually
            # overlaps with telophase." (a blind train question of eval/check_courses/).
            topic = sentences[0].text.rstrip(".")
            sentences[1:] = [
                dataclasses.replace(
                    u, topic=paragraph_referent(u.text, topic, [o.text for o in sentences])
                )
                for u in sentences[1:]
            ]
        asked = opening_question(text[start:end])  # what the paragraph's sentences answer
        sentences = [dataclasses.replace(u, topic=asked) for u in sentences] if asked else sentences
        units.extend(sentences)
        paragraph.clear()

    previous_kind = ""
    bridged = -1  # the line a sentence goes on at past a formula (:func:`formula_bridged`)
    opening_table = True  # no content line seen yet: a table here continues one
    for number, line in enumerate(lines):
        start, stripped = offsets[number], line.strip()
        continues = opening_table and bool(continued_headers)
        opening_table = opening_table and not stripped
        if FENCE.match(line):
            flush_paragraph()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if number < bridged:  # a formula inside a sentence, and the blank lines around it
            paragraph.extend([(start, line)] if stripped else [])
            continue
        if not stripped or RULE.match(stripped):
            if paragraph and runs_on(paragraph[-1][1]):
                bridged = formula_bridged(lines, number)
                if bridged > number:
                    continue
            flush_paragraph()
            if not stripped and previous_kind == "paragraph" and not announced:
                label = ""  # a paragraph's end closes its label, unless it leads in
            previous_kind = "blank"
            continue
        heading = HEADING.match(line)
        if heading:
            flush_paragraph()
            headings = [
                *([section] if section else []),
                clean_markdown(heading.group("text") or "", list_marker=False),
            ]
            label, previous_kind, defining, announced = "", "heading", True, False
            block += 1
            continue
        lead = len(line) - len(line.lstrip())
        if stripped.startswith("|"):
            flush_paragraph()
            following = lines[number + 1].strip() if number + 1 < len(lines) else ""
            if TABLE_DELIMITER.match(stripped):
                continue
            if TABLE_DELIMITER.match(following):
                headers = table_cells(stripped)
                block += 1
                previous_kind = "table"
                continue
            if previous_kind != "table":
                headers, block = (list(continued_headers) if continues else []), block + 1
            cells = table_cells(stripped)
            readable = row_text(cells, headers)
            if readable:
                units.append(
                    EvidenceUnit(
                        passage_index, start + lead, start + lead + len(stripped),
                        _finish(readable), "table_row",
                        context=" > ".join(filter(None, [context(), " ".join(headers)])),
                        block=block, subject=row_about(cells, headers),
                    )
                )  # fmt: skip
            previous_kind = "table"
            defining = False
            continue
        previous = lines[number - 1] if number else ""
        if previous_kind == "paragraph" and continues_paragraph(line, previous):
            paragraph.append((start + lead, line[lead:]))  # a wrapped line (rag.text.wrapping)
            continue
        if units and previous_kind in ("list", "definition") and continues_item(line, previous):
            units[-1] = _unit_through(units[-1], text, start + lead + len(stripped))
            continue
        label_match = _LABEL.match(stripped) or _BOLD_LINE.match(stripped) or title_line(stripped)
        if label_match and not LIST_MARKER.match(line):
            flush_paragraph()
            label, previous_kind = clean_markdown(label_match.group("label")), "label"
            announced = False
            block += 1
            continue
        if ITALIC_LINE.match(stripped) and stripped.rstrip("*_")[-1:] not in ".!?":
            flush_paragraph()  # a subtitle or caption: context, never an answer
            label, previous_kind = clean_markdown(stripped), "label"
            block += 1
            continue
        if LIST_MARKER.match(line):
            flush_paragraph()
            if previous_kind != "list":
                block += 1
            readable = clean_markdown(stripped)
            definition = _DEFINITION.match(readable)
            if len(readable.split()) >= 1:
                units.append(
                    EvidenceUnit(
                        passage_index, start + lead, start + lead + len(stripped),
                        _finish(readable), "list_item", context=context(), block=block,
                        subject=item_subject(stripped, definition),
                        ordinal=list_number(stripped), indent=lead,
                    )
                )  # fmt: skip
            previous_kind = "list"
            defining = False
            continue
        readable = clean_markdown(stripped)
        definition = _DEFINITION.match(readable)
        if definition and defines_a_term(stripped, definition.group("term")):
            flush_paragraph()
            if previous_kind != "definition":
                block += 1
            units.append(
                EvidenceUnit(
                    passage_index, start + lead, start + lead + len(stripped),
                    _finish(readable), "definition", context=context(), block=block,
                    subject=definition.group("term").strip(),
                )
            )  # fmt: skip
            previous_kind = "definition"
            defining = False
            continue
        if previous_kind != "paragraph":
            block += 1
        if not paragraph:
            indented = lead > 0
            if announced:
                label, announced = "", False  # the announced list is over
        paragraph.append((start + lead, line[lead:]))
        previous_kind = "paragraph"
    flush_paragraph()
    return exercises_removed(units)


def _unit_through(item: EvidenceUnit, text: str, end: int) -> EvidenceUnit:
    """A list item or definition line with its wrapped lines, up to ``end``."""
    readable = clean_markdown(text[item.start : end])
    definition = _DEFINITION.match(readable)
    subject = item_subject(text[item.start : end], definition)
    return dataclasses.replace(item, end=end, text=_finish(readable), subject=subject)


def _sentences(
    passage_index: int, text: str, start: int, end: int, context: str
) -> list[EvidenceUnit]:
    units: list[EvidenceUnit] = []
    if EXERCISES.match(clean_markdown(text[start:end])):
        return units  # review questions and tasks set to the student state nothing
    cursor = start
    for match in [*SENTENCE_END.finditer(text, start, end), None]:
        if match and inside_quotation(text[cursor : match.start()], text[match.end() : end]):
            continue
        stop = match.start() if match else end
        raw = text[cursor:stop]
        lead = len(raw) - len(raw.lstrip())
        readable = clean_markdown(raw)
        # A question in the text asks; it never answers one. Nor does a task it sets.
        if (
            len(readable.split()) >= _WORDS_IN_A_UNIT
            and not readable.endswith("?")
            and not EXERCISE_PROMPT.match(readable)
        ):
            units.append(
                EvidenceUnit(
                    passage_index, cursor + lead, cursor + len(raw.rstrip()),
                    _finish(readable), "sentence", context=context,
                    subject=clean_markdown(defined_term(raw)).strip(),
                )
            )  # fmt: skip
        if match:
            cursor = match.end()
    return units


def score_units(
    weights: Mapping[str, float],
    units: Sequence[EvidenceUnit],
    n_passages: int,
    similarities: Sequence[float] | None = None,
    score_weights: ScoreWeights | None = None,
    answer: AnswerType | None = None,
    premise: frozenset[str] = frozenset(),
    around: Mapping[int, frozenset[str]] | None = None,
    states: Mapping[str, bool] | None = None,
) -> list[ScoredUnit]:
    """Score each unit by term coverage, embedding similarity and its passage's rank.

    Args:
        weights: :func:`question_weights` of the question.
        units: The candidate units.
        n_passages: How many passages were retrieved (for the rank signal).
        similarities: Cosine similarity of each unit to the question, or None to
            score by terms and rank alone (the pre-filter does this).
        score_weights: The combination; the fitted defaults when None.
        answer: What a factoid question needs a unit to hold; a unit that lacks it
            scores ``score_weights.mismatch`` times less.
        premise: :func:`premise_terms` of the question. A unit whose text holds
            premise terms and none of the question's other content terms only restates
            what the student gave ("risks like deepfakes") and scores
            ``score_weights.mismatch`` times less.
        around: The terms of each passage (:func:`passage_terms`). A premise term found
            in the unit's passage, not in the unit, counts as context: the "Mitigations:"
            list answers "…reduce risks like deepfakes" from the passage that names them.
        states: :func:`~rag.answer.states.condition_states` of the question. A truth-table
            row of those states is about what is asked; a row of other states mismatches.

    Returns:
        One :class:`ScoredUnit` per unit, in the order given.
    """
    fit = score_weights or ScoreWeights()
    asked = {t for t in weights if t not in premise and t not in QUESTION_FRAME}
    total = sum(weights.values()) or 1.0
    heavy = heavy_terms(weights)
    scored = []
    for index, unit in enumerate(units):
        context = unit.context
        if unit.topic and heavy & unit_terms(unit.topic) - unit_terms(unit.text):
            # The paragraph's first sentence names what the unit is about and does not
            # say ("Cytokinesis…" above "…plant cells build a cell plate"): read it like
            # a heading. Only then: its light words ("generative AI is transforming
            # industries") made "In marketing, it personalizes content; in healthcare…"
            # outrank the healthcare list for "What are the main applications of
            # generative AI in healthcare?".
            context = f"{context} > {unit.topic}"
        coverage = term_coverage(weights, unit.text, context, fit.context)
        in_text = unit_terms(unit.text) if premise else set()
        if premise and around:
            nearby = around.get(unit.passage, frozenset()) & premise
            nearby -= in_text | unit_terms(unit.context)
            coverage += fit.context * sum(weights.get(t, 0.0) for t in nearby) / total
        agrees = row_agrees(unit.text, states) if states and unit.kind == "table_row" else None
        similarity = float(similarities[index]) if similarities is not None else 0.0
        rank = 1.0 - unit.passage / max(n_passages, 1)
        about = 1.0 if agrees else subject_fit(weights, unit.subject)
        score = (
            fit.coverage * coverage
            + fit.similarity * similarity
            + fit.rank * rank
            + fit.subject * about
        )
        if (answer is not None and not fits(unit, answer)) or agrees is False:
            score *= fit.mismatch  # or a truth-table row of other states than the question's
        if asked and premise & in_text and not asked & in_text:
            score *= fit.mismatch  # it restates what the student gave, nothing asked
        if GOAL_HEADING.search(unit.context) and not GOAL_STEMS & weights.keys():
            score *= fit.goal
        if MISBELIEF.search(unit.text):
            score *= fit.mismatch  # the belief the notes go on to correct
        factoid = answer is not None and (answer.number or answer.date or answer.person)
        announcing = announces_count(unit.text) and not asked & unit_terms(unit.text)
        if (
            not factoid
            and unit.kind == "sentence"
            and (LEAD_IN.search(unit.text) or announcing)
            and not DEFINES.match(unit.text)
        ):
            # "…which caused recurring problems:" announces the list that answers; it
            # may answer a factoid itself ("ACID, coined by Härder and Reuter in 1983:"),
            # or say what a thing is before its formula ("What is the cardiac output?"
            # quoted Fick's method of measuring it: a student's probe).
            score *= fit.mismatch
        scored.append(ScoredUnit(unit, score, coverage, similarity, weights))
    return scored


def passage_terms(units: Sequence[EvidenceUnit]) -> dict[int, frozenset[str]]:
    """The terms each passage holds, in its units and their headings."""
    terms: dict[int, set[str]] = {}
    for unit in units:
        terms.setdefault(unit.passage, set()).update(
            unit_terms(unit.text) | unit_terms(unit.context)
        )
    return {passage: frozenset(found) for passage, found in terms.items()}


def best_first(scored: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """Highest score first; ties in reading order (passage, then position)."""
    return sorted(scored, key=lambda s: (-s.score, s.unit.passage, s.unit.start))


def evidence_strength(selected: Sequence[ScoredUnit]) -> float:
    """How strongly the best unit answers: the score abstention is decided on."""
    return max((s.score for s in selected), default=0.0)


def passage_units(passages: Sequence[object]) -> list[EvidenceUnit]:
    """Every unit of the passages (objects with ``text`` and ``section``), in reading order.

    A passage that opens in the middle of a table (the chunker cut a long one) reads its
    rows with the header of the passage before it in the same document and section,
    when that one was retrieved too: "| K | 3,700–5,200 | orange |" says nothing of
    colour without "| Type | Surface temperature (K) | Colour |" (a blind train question
    of eval/check_courses/astronomy_questions.jsonl, "what color is a K type star").
    """
    return [
        unit
        for index, passage in enumerate(passages)
        for unit in split_units(index, str(getattr(passage, "text", "")),
                                str(getattr(passage, "section", "")),
                                continued_table_headers(passage, passages),
                                announced_before(passage, passages))
    ]  # fmt: skip


def select_evidence(
    question: str,
    units: Sequence[EvidenceUnit],
    n_passages: int,
    stats: TermStatistics,
    encode: Callable[[list[str]], Any] | None = None,
    *,
    limit: int = 8,
    shortlist: int = 16,
    score_weights: ScoreWeights | None = None,
) -> list[ScoredUnit]:
    """The ``limit`` units that best answer ``question``, best first.

    Units are first scored by terms and rank alone; only the ``shortlist`` best are
    embedded, which keeps a warm answer fast on a CPU (embedding every sentence of
    five passages costs about a second on two cores).

    Args:
        question: The student's question.
        units: :func:`passage_units` of the retrieved passages.
        n_passages: How many passages were retrieved.
        stats: Term statistics of the indexed collection.
        encode: Maps texts to normalised vectors; None scores without similarity.
        limit: How many units to return.
        shortlist: How many units to embed.
        score_weights: The combination; the fitted defaults when None.
    """
    weights = question_weights(question, stats)
    answer = answer_type(question, weights, stats, QUESTION_FRAME)
    premise = premise_terms(question, stats)
    around = passage_terms(units) if premise else None
    given = (score_weights, answer, premise, around, condition_states(question))
    rough = best_first(score_units(weights, units, n_passages, None, *given))
    shortlisted = [s.unit for s in rough[:shortlist]]
    if not shortlisted:
        return []
    similarities: list[float] | None = None
    if encode is not None:
        vectors = encode([question, *(u.text for u in shortlisted)])
        similarities = [float(v @ vectors[0]) for v in vectors[1:]]
    scored = score_units(weights, shortlisted, n_passages, similarities, *given)
    return best_first(scored)[:limit]


def fits(unit: EvidenceUnit, answer: AnswerType) -> bool:
    """True when ``unit`` holds what ``answer`` asks (the headings above it count for terms)."""
    text = with_sentence_named(unit.text, unit.topic)  # "This is…" dated by the one before
    return holds(answer, text, f"{unit.context} {unit.subject} {referred_topic(unit)}")


def referred_topic(unit: EvidenceUnit) -> str:
    """The paragraph's first sentence when ``unit`` points back to it (:func:`points_back`)."""
    return unit.topic if unit.topic and points_back(unit.text, unit.topic) else ""
