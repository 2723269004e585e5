"""Quiz items drawn from the course material, each checked against its source.

An item whose answer the course text does not support is worse than no item, so
every item, however it was made, passes the same checks before a student sees it
(:class:`Verifier`): its quote occurs verbatim in the indexed chunk, the quote
supports the answer, no distractor is supported by the quote, the question does not
give the answer away, and no other item asks the same thing. Failures are dropped,
counted by reason and replaced by the next candidate.

Without an LLM, items are built from the text itself (:func:`draft_items`):

* **mcq / short** from structured lines: a table row (``which metric has the
  description "Realism of generated images"?`` and, for mcq, the reverse), a list
  item with a head (``- **Mixture of Experts (MoE)**: Sparse models with expert
  routing``), a definition sentence (``BERT is a bidirectional model that...``), or
  an example list (``Examples: Tacotron, WaveNet`` gives "which is an example of
  Text-to-Speech?", mcq only).
* **cloze** from sentences: a key term (bold text, "Name (ACR)", capitalised name,
  acronym) is blanked out; a sentence with none gets a distinctive topic word blanked.

Distractors are terms of the same kind taken from the retrieved passages: first the
answer's own table column or list, then answers of the same sort (list heads,
examples...) and broad kind (acronym, name, concept), the closest to the answer in
meaning (embedding similarity), but never in the quote, never overlapping the
answer, and never stated together with the question's clue anywhere in the
retrieved material (:func:`pick_distractors`).

Everything above is pure: text in, items out, with embeddings passed in as a
function. Only :func:`build_quiz` at the end touches the index and the models.
"""

from __future__ import annotations

import csv
import html
import io
import json
import logging
import math
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from ingest.scan import looks_like_instruction
from rag.answer.extractive import candidate_sentences, clean_markdown
from rag.retrieval.keyword import tokenize
from rag.schema import Passage
from rag.study.quiz.grading import Grade, answer_forms, feedback_line, fold, grade_response

if TYPE_CHECKING:
    from rag.assistant import Assistant

log = logging.getLogger(__name__)

QUIZ_MIN_RELEVANCE = 0.54
"""Best sentence score (cosine + word overlap) a topic needs to be quizzed on.

The answer chain's ``RAG_MIN_RELEVANCE`` is on another scale since answers are
chosen by IDF-weighted evidence units; quizzes still rank by this sentence score.
"""

ItemType = Literal["mcq", "short", "cloze", "tf"]
ITEM_TYPES: tuple[ItemType, ...] = ("mcq", "short", "cloze", "tf")
QUIZ_TYPES = ("mcq", "short", "cloze", "tf", "mixed")
TRUE_FALSE = ["True", "False"]
"""The options of a true/false (``tf``) item, in this order."""
ItemKind = Literal[
    "recall", "definition", "purpose", "comparison", "order", "truefalse", "understanding"
]
ITEM_KINDS: tuple[ItemKind, ...] = (
    "recall",
    "definition",
    "purpose",
    "comparison",
    "order",
    "truefalse",
    "understanding",
)
"""What an item asks for, whatever its format: a term from its clue (``recall``), what
something is (``definition``) or is for (``purpose``), how two things the text contrasts
differ (``comparison``), where a step sits in a listed sequence (``order``), whether a
statement is true (``truefalse``), or a model-written question on meaning
(``understanding``)."""
MIN_KINDS = 3
"""A quiz uses at least this many kinds when the material offers them."""
FORMATS = ("json", "md", "csv", "anki")
DIFFICULTIES = ("easy", "medium", "hard")
BLANK = "_____"

MAX_PASSAGES = 30
"""Most passages a quiz draws items from (k = 3N, capped here)."""
POOL_PASSAGES = 40
"""Passages searched for distractor terms: more than the quiz uses, so kinds fill up."""
UNIT_FLOOR = 0.40
"""A sentence or line must be at least this relevant to the topic to become an item."""
UNIT_RATIO = 0.5
"""...and at least this share of the best unit's relevance."""
KEYWORD_WEIGHT = 0.3
"""Weight of the topic's distinctive words (IDF-weighted) in a unit's relevance."""
DISTINCTIVE = 1.0
"""IDF from which a topic word is distinctive (in at most ~1/e of the passages)."""
SUPPORT_COVERAGE = 0.6
"""An LLM's paraphrased answer is supported when this share of its content words is quoted."""
AMBIGUITY_COVERAGE = 0.5
"""A distractor stated in a line with this share of the clue's words could also be right."""
MAX_COMPARED = 30
"""Most candidate distractors of one group or kind compared with the answer by embedding."""
TOO_SIMILAR = 0.9
"""Distractors at least this similar (cosine) to the answer are likely synonyms of it."""
CATEGORY_SIMILAR = 0.5
"""An example of a category this similar (cosine) to the asked one may also be right."""

DROP_REASONS = {
    "malformed": "incomplete or malformed item",
    "quote_not_in_text": "quote not found verbatim in the indexed text",
    "answer_not_supported": "quote does not support the answer",
    "distractor_supported": "a distractor is supported by the quote",
    "answer_in_question": "the question gives the answer away",
    "option_in_question": "the question names one of the wrong options",
    "answer_in_topic": "the quiz topic gives the answer away",
    "duplicate": "asks the same thing as another item",
}
"""Why an item was dropped: the keys of ``Quiz.dropped``, with the words shown to people."""

Similarity = Callable[[str, Sequence[str]], list[float]]
"""``similar(answer, candidates)``: cosine similarity of each candidate to the answer."""


# --------------------------------------------------------------------------- data model


@dataclass
class ItemSource:
    """Where an item comes from; ``quote`` is a verbatim span of the chunk's text."""

    source: str
    title: str
    section: str
    quote: str
    chunk_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "quote": self.quote,
            "chunk_id": self.chunk_id,
        }


@dataclass
class QuizItem:
    """One question with its answer and the course text that proves it."""

    type: ItemType
    question: str
    answer: str
    explanation: str
    source: ItemSource
    options: list[str] = field(default_factory=list)
    difficulty: str = "medium"
    aliases: list[str] = field(default_factory=list)
    """Other answers a typed response may give (the acronym of a name, its full form)."""
    origin: str = "extractive"
    """``extractive`` or ``llm``: decides how strictly support is checked."""
    id: str = ""
    kind: str = "recall"
    """What the item asks for (one of :data:`ITEM_KINDS`)."""
    meta: dict[str, str] = field(default_factory=dict)
    """What a kind's check needs: ``after``/``before`` (the step an order item names),
    ``swap_from``/``swap_to`` (the term a false statement replaced, and by what)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``rag quiz --json``)."""
        return {
            "id": self.id,
            "type": self.type,
            "question": self.question,
            "options": list(self.options),
            "answer": self.answer,
            "aliases": list(self.aliases),
            "explanation": self.explanation,
            "difficulty": self.difficulty,
            "origin": self.origin,
            "kind": self.kind,
            "meta": dict(self.meta),
            "source": self.source.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuizItem:
        """Read back what :meth:`to_dict` wrote (exports are tested by parsing them)."""
        source = data.get("source") or {}
        return cls(
            id=str(data.get("id", "")),
            type=data["type"],
            question=str(data["question"]),
            options=[str(o) for o in data.get("options") or []],
            answer=str(data["answer"]),
            aliases=[str(a) for a in data.get("aliases") or []],
            explanation=str(data.get("explanation", "")),
            difficulty=str(data.get("difficulty", "medium")),
            origin=str(data.get("origin", "extractive")),
            kind=str(data.get("kind", "recall")),
            meta={str(k): str(v) for k, v in (data.get("meta") or {}).items()},
            source=ItemSource(
                source=str(source.get("source", "")),
                title=str(source.get("title", "")),
                section=str(source.get("section", "")),
                quote=str(source.get("quote", "")),
                chunk_id=str(source.get("chunk_id", "")),
            ),
        )


@dataclass
class Quiz:
    """A finished quiz: the items, what was dropped on the way, and any shortfall note."""

    topic: str
    requested: int
    type: str
    seed: int
    generator: str
    items: list[QuizItem] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    note: str = ""
    passages: list[Passage] = field(default_factory=list)
    """The passages the items were drawn from (for showing a source in full)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON export."""
        return {
            "topic": self.topic,
            "requested": self.requested,
            "type": self.type,
            "seed": self.seed,
            "generator": self.generator,
            "items": [item.to_dict() for item in self.items],
            "dropped": dict(self.dropped),
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Quiz:
        """Read back the JSON export."""
        return cls(
            topic=str(data["topic"]),
            requested=int(data["requested"]),
            type=str(data.get("type", "mixed")),
            seed=int(data.get("seed", 0)),
            generator=str(data.get("generator", "")),
            items=[QuizItem.from_dict(item) for item in data.get("items", [])],
            dropped={str(k): int(v) for k, v in (data.get("dropped") or {}).items()},
            note=str(data.get("note", "")),
        )

    def passage(self, chunk_id: str) -> Passage | None:
        """The passage an item's quote comes from, when it was among the retrieved ones."""
        return next((p for p in self.passages if p.id == chunk_id), None)


# --------------------------------------------------------------------------- text matching

_TRANSLATE = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
        "\u00a0": " ", "\u00b7": "-",
    }
)  # fmt: skip
_MARKUP = re.compile(r"\*\*|__|`|\[\[|\]\]")
_EDGE_PUNCT = " .,;:!?\"'()[]"


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lower-case text without Markdown markers, with one kind of dash, quote and space.

    Course files write the same words with ``**bold**``, en dashes or non-breaking
    spaces; a quote copied by a model (or a student's answer) may not. Matching on
    this form keeps "verbatim" about the words rather than the typography.
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    text = _MARKUP.sub("", text)
    text = re.sub(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def occurs(needle: str, haystack: str) -> bool:
    """Whether ``needle`` appears in ``haystack`` as whole words (after :func:`normalize`)."""
    target = normalize(needle).strip(_EDGE_PUNCT)
    if not target:
        return False
    return _word_pattern(target).search(normalize(haystack)) is not None


@lru_cache(maxsize=16384)
def _word_pattern(target: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(target) + r"(?!\w)")


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """Stemmed content words (:func:`rag.retrieval.keyword.tokenize`), remembered.

    Texts recur a lot.
    """
    return frozenset(tokenize(text))


def coverage(part: str, whole: str) -> float:
    """Share of ``part``'s stemmed content words that ``whole`` contains (0 when none)."""
    words = content_words(part)
    if not words:
        return 0.0
    return len(words & content_words(whole)) / len(words)


def supported(claim: str, quote: str, *, paraphrase: bool) -> bool:
    """Whether the quote states ``claim``.

    Extractive claims are spans of the text, so they must occur in the quote. An
    LLM's claim may be a paraphrase: most of its content words must be quoted.
    """
    if occurs(claim, quote):
        return True
    return paraphrase and coverage(claim, quote) >= SUPPORT_COVERAGE


def locate_quote(quote: str, text: str) -> str | None:
    """The exact span of ``text`` that ``quote`` reproduces, or None.

    Models drop bold markers or re-space a line when quoting; this finds the span
    whose normalized form equals the normalized quote and returns it verbatim, so
    the item carries real course text. A quote whose words are not there is None.
    """
    if not quote.strip():
        return None
    if quote in text:
        return quote
    target = normalize(quote).strip(_EDGE_PUNCT)
    if len(target) < 8:
        return None
    # Normalize the text character by character, keeping each output char's origin.
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in normalize(char) if char.strip() else " ":
            chars.append(piece)
            origin.append(index)
    flat = "".join(chars)
    flat = flat.replace("*", " ").replace("`", " ").replace("_", " ")
    collapsed: list[str] = []
    positions: list[int] = []
    for char, index in zip(flat, origin, strict=True):
        if char == " " and (not collapsed or collapsed[-1] == " "):
            continue
        collapsed.append(char)
        positions.append(index)
    target = re.sub(r"[*`_]", " ", target)
    target = re.sub(r"\s+", " ", target).strip()
    found = "".join(collapsed).find(target)
    if found < 0:
        return None
    start, end = positions[found], positions[found + len(target) - 1] + 1
    return text[start:end]


def overlapping(a: str, b: str) -> bool:
    """Whether two terms name the same thing or one contains the other.

    "GPT" and "GPT-4", "BLEU, ROUGE" and "BLEU / ROUGE / METEOR", "GANs" and
    "Generative Adversarial Networks (GANs)": offering both as options would make
    two of them right.
    """
    na, nb = normalize(a).strip(_EDGE_PUNCT), normalize(b).strip(_EDGE_PUNCT)
    if not na or not nb:
        return False
    if na == nb or occurs(na, nb) or occurs(nb, na):
        return True
    if na.rstrip("s") == nb.rstrip("s"):
        return True
    if re.match(re.escape(na) + r"[-\s/]", nb) or re.match(re.escape(nb) + r"[-\s/]", na):
        return True
    ta, tb = content_words(a), content_words(b)
    if ta and tb and (ta <= tb or tb <= ta):
        return True
    return bool({_acronym(a), a.strip()} & {_acronym(b), b.strip()} - {""})


def _acronym(term: str) -> str:
    """Initials of a multiword name ("Generative Adversarial Networks" -> "GAN")."""
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", term) if w.lower() not in {"of", "and"}]
    return "".join(w[0].upper() for w in words) if len(words) >= 2 else ""


def question_terms(text: str) -> set[str]:
    """Content words of a question, blanks and template words left out (for duplicates)."""
    words = set(content_words(text.replace(BLANK, " ")))
    return words - _TEMPLATE_WORDS


_TEMPLATE_WORDS = set(
    tokenize(
        "course table list item described describe sentence complete fill blank term "
        "example examples according which what following"
    )
)


def same_question(a: QuizItem, b: QuizItem) -> bool:
    """Whether two items ask the same thing: same answer from the same text, or same words.

    Two blanks in one sentence, or the same fact asked as mcq and as short answer,
    test one piece of knowledge twice.
    """
    answers_a = {normalize(x) for x in [a.answer, *a.aliases]}
    answers_b = {normalize(x) for x in [b.answer, *b.aliases]}
    qa, qb = question_terms(a.question), question_terms(b.question)
    union = qa | qb
    similar = len(qa & qb) / len(union) if union else 1.0
    same_quote = occurs(a.source.quote, b.source.quote) or occurs(b.source.quote, a.source.quote)
    if answers_a & answers_b and (same_quote or similar >= 0.5):
        return True
    if same_quote and (occurs(a.answer, b.question) or occurs(b.answer, a.question)):
        return True  # one fact asked both ways: "what is X's description?" / "which has it?"
    if same_quote and a.source.chunk_id == b.source.chunk_id and similar >= 0.6:
        return True
    return similar >= 0.75


# --------------------------------------------------------------------------- verification


def check_item(item: QuizItem, chunk_text: str | None) -> str | None:
    """The reason ``item`` must be dropped (a key of :data:`DROP_REASONS`), or None.

    Every item needs its quote verbatim in the stored chunk. Then each kind has its
    own proof: a term or phrase answer is stated by the quote and no distractor is;
    a true/false statement is the quote's sentence, or that sentence with one term
    swapped for one the quote does not state; an order item's answer is the step
    next to the named one in the quoted sequence; a comparison's right pairing is
    the one the quoted table rows give. Finally nothing is given away: no form of
    the answer (its acronym, a listed alternative, a plural) and no wrong option
    appears in the question.

    Args:
        item: The item to check.
        chunk_text: The indexed text of the chunk the item cites, read from the
            store; None when that chunk is not stored.
    """
    paraphrase = item.origin != "extractive"
    if (
        item.type not in ITEM_TYPES
        or item.kind not in ITEM_KINDS
        or not item.question.strip()
        or not item.answer.strip()
        or not item.source.quote.strip()
        or item.difficulty not in DIFFICULTIES
    ):
        return "malformed"
    if item.type == "mcq":
        keys = [normalize(o) for o in item.options]
        if len(keys) != 4 or len(set(keys)) != 4 or keys.count(normalize(item.answer)) != 1:
            return "malformed"
    elif item.type == "tf":
        if item.options != TRUE_FALSE or item.answer not in TRUE_FALSE:
            return "malformed"
    elif item.options:
        return "malformed"
    if item.type == "cloze" and "___" not in item.question:
        return "malformed"
    if chunk_text is None or item.source.quote not in chunk_text:
        return "quote_not_in_text"
    if item.type == "tf":
        return check_statement(item)
    if item.kind == "order":
        return check_order(item)
    if item.kind == "comparison":
        return check_comparison(item)
    if not supported(item.answer, item.source.quote, paraphrase=paraphrase):
        return "answer_not_supported"
    distractors = [o for o in item.options if normalize(o) != normalize(item.answer)]
    if any(supported(d, item.source.quote, paraphrase=paraphrase) for d in distractors):
        return "distractor_supported"
    return given_away(item)


def folded_occurs(needle: str, haystack: str) -> bool:
    """Whether ``needle`` is in ``haystack`` as whole words once both are folded.

    Folding (:func:`rag.study.quiz.grading.fold`) drops case, accents, punctuation and plurals,
    so "VAE" is found in "…, VAEs, and transformers".
    """
    target = fold(needle)
    return bool(target) and f" {target} " in f" {fold(haystack)} "


def given_away(item: QuizItem) -> str | None:
    """``answer_in_question`` or ``option_in_question`` when the stem helps too much."""
    forms = answer_forms(item.answer, item.aliases)
    if any(occurs(form, item.question) or folded_occurs(form, item.question) for form in forms):
        return "answer_in_question"
    wrong = [o for o in item.options if normalize(o) != normalize(item.answer)]
    if item.type != "tf" and any(folded_occurs(option, item.question) for option in wrong):
        return "option_in_question"
    if item.type == "mcq" and item.kind != "comparison":
        # "Generative Adversarial Networks" asked, "…in adversarial training" the only
        # option that shares a word with it: the shared word answers the question.
        asked = content_words(item.question) - _TEMPLATE_WORDS
        shared = content_words(item.answer) & asked
        if shared and not any(shared & content_words(option) for option in wrong):
            return "answer_in_question"
    return None


STATEMENT_PREFIX = "True or false: "


def check_statement(item: QuizItem) -> str | None:
    """A true statement is the quote's own text; a false one swaps one of its terms.

    The swapped-in term must not be in the quote, and putting the original back must
    give the quote's text: the statement is false because of that one term, and the
    explanation can say which.
    """
    statement = item.question.removeprefix(STATEMENT_PREFIX)
    said = normalize(clean_markdown(item.source.quote))
    if item.answer == "True":
        return None if normalize(statement) in said else "answer_not_supported"
    original, swapped = item.meta.get("swap_from", ""), item.meta.get("swap_to", "")
    if not original or not swapped or overlapping(original, swapped):
        return "malformed"
    if not occurs(original, item.source.quote) or occurs(swapped, item.source.quote):
        return "distractor_supported"
    restored = re.sub(r"(?<!\w)" + re.escape(swapped) + r"(?!\w)", original, statement, count=1)
    if restored == statement or normalize(restored) not in said:
        return "answer_not_supported"
    return None


_ARROW = re.compile(r"\s*(?:→|->|⟶|=>)\s*")


def sequence_steps(quote: str) -> list[str]:
    """The steps of a sequence the quote lists: ``A → B → C``, or one numbered line each.

    A numbered line's step is its bold head, or the text before a colon, or the line.
    """
    table = _sequence_steps_of_table(quote)
    if table:
        return table
    clean = clean_markdown(quote)
    if _ARROW.search(clean) and "|" not in clean:
        steps = [s.strip(" .") for s in _ARROW.split(clean.strip())]
        return steps if all(steps) else []
    steps = []
    for line in quote.splitlines():
        match = re.match(r"\s*\d+[.)]\s+(.*)$", line)
        if not match:
            continue
        body = match.group(1).strip()
        head = _HEAD.match(body)
        name = head.group("bold") or head.group("plain") if head else None
        steps.append(_clean_term(name or body))
    return steps


def check_order(item: QuizItem) -> str | None:
    """The answer is the step right after (or before) the named one in the quoted sequence."""
    steps = [normalize(s) for s in sequence_steps(item.source.quote)]
    after, before = item.meta.get("after", ""), item.meta.get("before", "")
    anchor = normalize(after or before)
    if len(steps) < 3 or anchor not in steps or normalize(item.answer) not in steps:
        return "answer_not_supported"
    position = steps.index(anchor) + (1 if after else -1)
    if not 0 <= position < len(steps) or steps[position] != normalize(item.answer):
        return "answer_not_supported"
    if any(normalize(o) == anchor for o in item.options):
        return "option_in_question"
    return None


PAIR_JOIN = "; "
PAIR_SEP = " — "


def comparison_option(left: str, a: str, right: str, b: str) -> str:
    """One option of a comparison item: "GANs — adversarial training; VAEs — latent space"."""
    return f"{left}{PAIR_SEP}{a}{PAIR_JOIN}{right}{PAIR_SEP}{b}"


def check_comparison(item: QuizItem) -> str | None:
    """The answer pairs each of the two compared rows with its own cell; no distractor does."""
    left, right = item.meta.get("left", ""), item.meta.get("right", "")

    def key(text: str) -> str:
        return normalize(clean_markdown(text)).strip(_EDGE_PUNCT)

    rows = {
        key(_cells(line)[0]): [key(c) for c in _cells(line)]
        for line in item.source.quote.splitlines()
        if line.strip().startswith("|")
    }

    def right_pairing(option: str) -> bool | None:
        head = f"{left}{PAIR_SEP}"
        middle = f"{PAIR_JOIN}{right}{PAIR_SEP}"
        if not option.startswith(head) or middle not in option:
            return None
        a, b = option[len(head) :].split(middle, 1)
        cells_left, cells_right = rows.get(key(left)), rows.get(key(right))
        if not cells_left or not cells_right:
            return None
        return key(a) in cells_left[1:] and key(b) in cells_right[1:]

    if not left or not right or right_pairing(item.answer) is not True:
        return "answer_not_supported"
    for option in item.options:
        if option != item.answer and right_pairing(option) is not False:
            return "distractor_supported"
    return None


def answer_in_topic(item: QuizItem, topic: str) -> bool:
    """Whether the topic shown above the quiz names the item's answer ("GANs" in "GANs and VAEs").

    Every part of a listed answer counts ("BLEU, ROUGE" in a quiz on "FID and BLEU").
    A true/false answer is never in a topic; a comparison names both rows in its
    question by design and is not checked.
    """
    if item.type == "tf" or item.kind == "comparison":
        return False  # the question names both rows anyway; the answer is their pairing
    forms = answer_forms(item.answer, item.aliases)
    parts = [part for form in forms for part in re.split(r",\s*", form) if part]
    return any(folded_occurs(form, topic) for form in [*forms, *parts])


class Verifier:
    """Admits items that pass :func:`check_item` and ask something new; counts the rest."""

    def __init__(self, chunk_texts: Mapping[str, str], topic: str = "") -> None:
        self.chunk_texts = chunk_texts
        self.topic = topic
        """The quiz's topic or section, shown above every item: it must not name an answer."""
        self.accepted: list[QuizItem] = []
        self.dropped: Counter[str] = Counter()

    def reason(self, item: QuizItem) -> str | None:
        """Why ``item`` would be dropped now, or None."""
        reason = check_item(item, self.chunk_texts.get(item.source.chunk_id))
        if reason is None and self.topic and answer_in_topic(item, self.topic):
            reason = "answer_in_topic"
        if reason is None and any(same_question(item, other) for other in self.accepted):
            reason = "duplicate"
        return reason

    def admit(self, item: QuizItem) -> bool:
        """Accept ``item`` or count why not."""
        reason = self.reason(item)
        if reason is not None:
            self.dropped[reason] += 1
            log.debug("dropped quiz item (%s): %s", reason, item.question)
            return False
        self.accepted.append(item)
        return True


# --------------------------------------------------------------------------- parsing text

_BULLET = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+")
_HEAD = re.compile(
    r"^(?:\*\*(?P<bold>[^*]{2,80}?)(?P<colon>:)?\*\*(?(colon)\s*|\s*(?::|[-–—]\s))"
    r"|(?P<plain>[A-Z0-9][^:*]{1,60}?):)"
    r"\s*(?P<desc>\S.*?)\s*$"
)
"""A list item's head and description: ``**Head**: text``, ``**Head** – text``, ``Head: text``."""
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_GENERIC_HEADS = {
    "example", "examples", "tool", "tools", "use case", "use cases", "input", "output",
    "goal", "key ideas", "note", "applications", "characteristics", "risks", "mitigations",
    "foundational", "practical", "advanced", "creative",
}  # fmt: skip
_EXAMPLES_HEAD = re.compile(r"^(?:examples?|tools|e\.g\.)$", re.IGNORECASE)
_NAME_WORD = r"[A-Z][\w'·.+-]*"
_NAME_WITH_ACRONYM = re.compile(
    rf"(?<![\w-])((?:{_NAME_WORD}(?:\s+(?:of|for|and|&)\s+|\s+)){{1,5}}{_NAME_WORD})"
    r"\s*\(\s*([A-Z][\w·-]*[A-Z][\w·-]*)\s*\)"
)
_ACRONYM_WITH_NAME = re.compile(
    rf"(?<![\w-])([A-Z][\w·-]*[A-Z][\w·-]*)\s*\(\s*((?:{_NAME_WORD}\s+){{1,5}}{_NAME_WORD})\s*\)"
)
_ACRONYM = re.compile(
    r"(?<![\w-])(?:[A-Z][A-Za-z]*[A-Z][\w·]*(?:-[A-Z0-9][\w·]*)*|[A-Z]+-?\d+[A-Za-z]*)(?![\w-])"
)
_CAPITALISED = re.compile(rf"(?<![\w-]){_NAME_WORD}(?:\s+(?:of\s+|&\s+)?{_NAME_WORD})+")
_STOP_NAMES = {
    "AI", "II", "III", "IV", "V", "VI", "OK", "API", "APIs", "I", "A", "GenAI", "USD",
}  # fmt: skip
_LEADING_FUNCTION_WORDS = {
    "the", "a", "an", "this", "these", "that", "those", "in", "by", "from", "unlike", "its",
    "it", "as", "when", "across", "each", "through", "with", "for", "and", "or", "to",
    "while", "whereas", "if", "on", "at", "of", "our", "their", "some", "many", "most",
    "key", "released", "tools", "models", "use", "layers", "advances", "issues", "students",
    "artists", "developers", "explore", "engage", "develop", "stay", "apply", "build",
    "deploy", "evaluate", "fine-tune", "understanding", "behind",
}  # fmt: skip
_TASK_WORDS = {
    "explain", "explains", "describe", "describes", "define", "defines", "trace", "discuss",
    "compare", "distinguish", "introduce", "introduction", "overview", "understand",
    "understanding", "basics", "works", "working", "using", "through", "their", "about",
}  # fmt: skip
_SINGULAR_VERB = {"are": "is", "were": "was", "have": "has", "do": "does"}
_DEFINING_VERBS = {
    "is", "are", "was", "were", "has", "have", "can", "could", "will", "may", "refers",
    "refer", "means", "mean", "uses", "use", "enables", "enable", "produces", "produce",
    "generates", "generate", "learns", "learn", "provides", "provide", "creates", "create",
    "compresses", "compress", "predicts", "predict", "excels", "excel", "drives", "drive",
    "integrates", "integrate", "extends", "extend", "merges", "merge", "allows", "allow",
    "relies", "rely", "combines", "combine", "describes", "describe", "requires", "require",
    "measures", "measure", "encodes", "encode", "converts", "convert", "transforms",
    "transform", "captures", "capture", "consists", "consist", "represents",
    "represent", "simulates", "simulate", "reverses", "reverse", "introduced", "became",
}  # fmt: skip
"""Verbs after a term that make its sentence a definition worth asking about."""


@dataclass(frozen=True)
class Term:
    """A key term of the material, with its broad kind and the narrower group it came from."""

    text: str
    kind: str
    """``acronym``, ``name``, ``concept`` or ``phrase`` (a table cell sentence)."""
    group: str = ""
    """Table column or list it came from; terms of one group make the best distractors."""
    aliases: tuple[str, ...] = ()


@dataclass
class Unit:
    """A sentence, list item or table row of a passage: the quote an item rests on."""

    passage: int
    start: int
    end: int
    quote: str
    text: str
    relevance: float = 0.0
    line: str = ""
    """The whole raw line the unit is on (a list item or table row)."""
    key: int = 0
    """Start offset of a sentence (:func:`rag.answer.extractive.candidate_sentences`)."""
    bulleted: bool = False
    """First sentence of a list item (its bullet left out of the quote)."""


def leaf(section: str, title: str = "") -> str:
    """The last heading of a section path ("A > B" -> "B"), or the title when there is none."""
    return section.split(" > ")[-1].strip() or title or "the course"


def _kind_of(term: str) -> str:
    letters = [c for c in term if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if letters and " " not in term.strip() and upper >= 2 and upper / len(letters) >= 0.6:
        return "acronym"
    if " " not in term.strip() or any(c.isdigit() for c in term) or upper >= 2:
        return "name" if not term.lower().endswith(("models", "model")) else "concept"
    return "concept"


def _aliases(term: str) -> tuple[str, ...]:
    for pattern in (_NAME_WITH_ACRONYM, _ACRONYM_WITH_NAME):
        match = pattern.fullmatch(term.strip())
        if match:
            short = match.group(2) if pattern is _NAME_WITH_ACRONYM else match.group(1)
            long = match.group(1) if pattern is _NAME_WITH_ACRONYM else match.group(2)
            found = [long, short]
            if short.endswith("s") and short[:-1].isupper():
                found.append(short[:-1])
            return tuple(found)
    return ()


def _clean_term(term: str) -> str:
    term = clean_markdown(term).strip(" .,;:")
    return re.sub(r"\s+", " ", term)


def _acceptable(term: str) -> bool:
    words = term.split()
    return (
        1 <= len(words) <= 6
        and len(term) <= 60
        and term not in _STOP_NAMES
        and not re.search(r"[_/\\]$|^\d+$|https?:|[{}<>=]", term)
        and (
            any(c.isalpha() for c in term)
            or re.fullmatch(r"\d{4}s?\s*[–-]\s*\d{4}s?", term) is not None
        )
    )


def _strip_leading(term: str) -> str:
    words = term.split()
    while words and words[0].lower() in _LEADING_FUNCTION_WORDS:
        words = words[1:]
    return " ".join(words)


def find_terms(raw: str) -> list[Term]:
    """Key terms of one line or sentence: bold spans, named acronyms, names, acronyms.

    The order is the order of preference for blanking: a bold term the author marked,
    then "Name (ACR)" pairs as one term, then capitalised names, then acronyms.
    """
    clean = clean_markdown(raw)
    found: list[Term] = []

    def add(text: str, kind: str | None = None) -> None:
        text = _clean_term(text)
        if not _acceptable(text) or not occurs(text, clean):
            return
        if any(normalize(t.text) == normalize(text) for t in found):
            return
        if any(overlapping(text, t.text) and occurs(text, t.text) for t in found):
            return  # already inside a longer term found first ("GANs" in "... (GANs)")
        found.append(Term(text, kind or _kind_of(text), aliases=_aliases(text)))

    for bold in re.findall(r"\*\*([^*]{2,60}?)\*\*", raw):
        if len(bold.split()) <= 6 and not bold.rstrip().endswith((".", ":")):
            add(bold)
    for pattern in (_NAME_WITH_ACRONYM, _ACRONYM_WITH_NAME):
        for match in pattern.finditer(clean):
            add(_strip_leading(match.group(0)))
    for match in _CAPITALISED.finditer(clean):
        name = _strip_leading(match.group(0))
        if len(name.split()) >= 2:
            add(name)
    for match in _ACRONYM.finditer(clean):
        add(match.group(0))
    sentence_start = len(clean) - len(clean.lstrip())
    for match in re.finditer(rf"(?<=[a-z,;] )({_NAME_WORD})", clean):
        if match.start() > sentence_start and len(match.group(1)) >= 3:
            add(match.group(1), "name")
    return found


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def table_header(text: str, line_start: int) -> list[str] | None:
    """Header cells of the Markdown table whose row starts at ``line_start`` of ``text``."""
    above = text[:line_start].splitlines()
    for index in range(len(above) - 1, 0, -1):
        line = above[index].strip()
        if not line.startswith("|"):
            return None
        if _TABLE_SEPARATOR.match(line):
            return [clean_markdown(c) for c in _cells(above[index - 1])]
    return None


def split_names(text: str) -> list[str]:
    """Capitalised items of a comma list ("DALL-E 3, Midjourney V6, and Stable Diffusion")."""
    text = re.sub(r"\([^)]*\)", "", clean_markdown(text)).strip(" .")
    parts = [p.strip(" .") for p in re.split(r",|;|\band\b|\bor\b", text)]
    if len(parts) < 2:
        return []
    names = [p for p in parts if p and _is_name(p)]
    return names if len(names) >= 2 and 2 * len(names) >= len(parts) else []


def _is_name(text: str) -> bool:
    """A product or model name: every word capitalised or a number, at most three words."""
    words = text.split()
    return (
        _acceptable(text)
        and len(words) <= 3
        and all(w[0].isupper() or w[0].isdigit() for w in words)
    )


def passage_units(index: int, passage: Passage) -> list[Unit]:
    """The sentences, list items and table rows of a passage, with verbatim quotes.

    The splitting is :func:`rag.answer.extractive.candidate_sentences`, the one the
    extractive answers use; list bullets are left out of the quote.
    """
    units = []
    text = passage.text
    for candidate in candidate_sentences(index, text):
        start, end = candidate.start, candidate.end
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        bullet = _BULLET.match(text, start) if start == line_start + _indent(line) else None
        if bullet:
            start = bullet.end()
        # "1. Text" reaches here already split after "1." (a sentence break).
        bulleted = bullet is not None or _BULLET.fullmatch(text[line_start:start]) is not None
        quote = text[start:end].rstrip()
        if quote and not quote.startswith("!["):  # an image's alt text is no statement
            units.append(
                Unit(index, start, start + len(quote), quote, clean_markdown(quote), line=line,
                     key=candidate.start, bulleted=bulleted)
            )  # fmt: skip
    return units


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# --------------------------------------------------------------------------- drafting items


@dataclass
class Fact:
    """Something the text states that a question can ask for: a term and its clue."""

    term: str
    clue: str
    template: str
    """Question with ``{clue}`` where the clue goes."""
    unit: Unit
    group: str = ""
    kind: str = ""
    aliases: tuple[str, ...] = ()
    types: tuple[ItemType, ...] = ("mcq", "short")
    family: str = "term"
    """What sort of answer this is: ``head`` (of a list item or table row), ``examples``,
    ``phrase`` (a table cell) or ``term``; distractors come from the same sort."""
    skill: str = "recall"
    """The item kind it makes (:data:`ITEM_KINDS`)."""


_PURPOSE_COLUMNS = {"function", "purpose", "role", "use", "goal", "use case", "used for"}
_ACTION_VERBS = {
    "optimize", "generate", "learn", "encode", "predict", "reverse", "produce", "create",
    "synthesize", "write", "build", "measure", "define", "determine", "prevent", "convert",
    "start", "use", "compress", "map", "align", "draw", "reconstruct", "estimate",
    "evaluate", "detect", "improve", "reduce", "transform", "train", "enable", "provide",
    "help", "allow", "turn", "make", "translate", "automate", "personalize", "assist",
}  # fmt: skip
"""First words of a description that says what something does (a purpose)."""


def says_what_for(description: str) -> bool:
    """Whether a description states what something does ("Optimize generations via feedback")."""
    words = clean_markdown(description).split()
    if not words:
        return False
    first = words[0].lower().strip(",.;:")
    stems = {first, first.removesuffix("s"), first.removesuffix("es"), first.removesuffix("d")}
    return first in {"to", "for"} or bool(stems & _ACTION_VERBS)


def unit_facts(unit: Unit, passage: Passage) -> list[Fact]:
    """Facts stated by one unit: table row pairs, list heads, definitions, examples."""
    where = leaf(passage.section, passage.title)
    if unit.line.strip().startswith("|"):
        if unit.quote.strip() != unit.line.strip():
            return []
        return _table_facts(unit, passage, where)
    head = _HEAD.match(unit.quote)
    if head and (head.group("bold") or unit.bulleted):
        return _list_facts(unit, head, where)
    return _definition_facts(unit)


def _table_facts(unit: Unit, passage: Passage, where: str) -> list[Fact]:
    cells = [clean_markdown(c) for c in _cells(unit.line)]
    if len(cells) < 2 or not cells[0] or not _acceptable(_clean_term(cells[0])):
        return []
    header = table_header(passage.text, passage.text.find(unit.line))
    if header and len(header) != len(cells):
        header = None
    term = _clean_term(cells[0])
    label = header[0].lower() if header and header[0] else ""
    facts = []
    for column in range(1, len(cells)):
        clue = cells[column].strip()
        if not clue or occurs(term, clue) or (len(clue.split()) < 2 and not clue[:1].isupper()):
            continue
        column_name = header[column].lower() if header else ""
        purpose = column_name in _PURPOSE_COLUMNS or says_what_for(clue)
        describing = "description" in column_name or column_name in _PURPOSE_COLUMNS
        skill = "purpose" if purpose else "definition" if describing else "recall"
        if label and column_name and describing:
            template = f"In “{where}”, which {label} does the course describe as “{{clue}}”?"
        elif label and column_name:
            template = f"In “{where}”, which {label} has the {column_name} “{{clue}}”?"
        else:
            template = f"In the course table on “{where}”, which entry goes with “{{clue}}”?"
        facts.append(
            Fact(term, clue, template, unit, group=f"col:{label or where}", kind=_kind_of(term),
                 aliases=_aliases(term), family="head", skill=skill)
        )  # fmt: skip
        if column_name and 2 <= len(clue.split()) <= 12 and "example" not in column_name:
            if purpose:
                reverse = f"What does {{clue}} do, according to the course's “{where}”?"
            elif describing:
                reverse = f"How does the course's “{where}” describe {{clue}}?"
            else:
                reverse = f"In “{where}”, what is the {column_name} of {{clue}}?"
            facts.append(
                Fact(clue, term, reverse, unit, group=f"col:{column_name}@{where}",
                     kind="phrase", types=("mcq",), family="phrase", skill=skill)
            )  # fmt: skip
        names = split_names(clue)
        if names and "example" in column_name:
            facts.extend(_example_facts(unit, clue, term, where))
    return facts


def _list_facts(unit: Unit, head: re.Match[str], where: str) -> list[Fact]:
    term = _clean_term(head.group("bold") or head.group("plain") or "")
    desc = clean_markdown(head.group("desc")).strip()
    if _EXAMPLES_HEAD.match(term):
        return _example_facts(unit, desc, where, where)
    if not _acceptable(term) or term.lower() in _GENERIC_HEADS or len(desc.split()) < 2:
        return []
    if occurs(term, desc):
        return []
    purpose = says_what_for(desc)
    skill = "purpose" if purpose else "definition"
    used = re.match(r"(?i)(?:for|to)\b", desc)
    forward = (
        f"In the course's list on “{where}”, which item is used “{{clue}}”?"
        if purpose and used
        else f"In the course's list on “{where}”, which item is meant to “{{clue}}”?"
        if purpose
        else f"In the course's list on “{where}”, which item is described as “{{clue}}”?"
    )
    facts = [
        Fact(term, desc, forward, unit, group=f"list:{where}", kind=_kind_of(term),
             aliases=_aliases(term), family="head", skill=skill)
    ]  # fmt: skip
    if 3 <= len(desc.split()) <= 20 and not split_names(desc):
        reverse = (
            f"What is {{clue}} for, according to the course's “{where}”?"
            if purpose
            else f"How does the course's “{where}” describe {{clue}}?"
        )
        facts.append(
            Fact(desc, term, reverse, unit, group=f"desc:{where}", kind="phrase",
                 types=("mcq",), family="phrase", skill=skill)
        )  # fmt: skip
    if split_names(desc):
        facts.extend(_example_facts(unit, desc, term, where))
    return facts


def _definition_facts(unit: Unit) -> list[Fact]:
    """'BERT is a bidirectional model...' -> 'According to the course, what is a ...?'."""
    text = unit.text
    for term in find_terms(unit.quote)[:3]:
        match = re.match(re.escape(term.text) + r"\s+(?:\([^)]*\)\s+)?([a-z]+)\s+(.{12,})$", text)
        if not match or match.group(1) not in _DEFINING_VERBS:
            continue
        verb = _singular(match.group(1))
        rest = match.group(2).rstrip(" .")
        if occurs(term.text, rest):
            continue
        clue = f"{verb} {rest}"
        return [
            Fact(term.text, clue, "According to the course, what {clue}?", unit,
                 kind=term.kind, aliases=term.aliases, skill="definition")
        ]  # fmt: skip
    return []


def _singular(verb: str) -> str:
    if verb in _SINGULAR_VERB:
        return _SINGULAR_VERB[verb]
    if verb in {"is", "was", "has", "can", "could", "will", "may", "might", "should", "must"}:
        return verb
    if verb.endswith("s") and not verb.endswith("ss"):
        return verb
    if verb.endswith(("sh", "ch", "x", "z", "ss", "o")):
        return verb + "es"
    return verb + "s"


def _example_facts(unit: Unit, names_text: str, category: str, where: str) -> list[Fact]:
    """'Examples: Tacotron, WaveNet' under "Text-to-Speech" -> which is an example of it?"""
    names = split_names(names_text)
    if not category or len(names) < 2:
        return []
    template = "Which of these does the course give as an example of {clue}?"
    facts = []
    for name in names:
        others = tuple(n for n in names if n != name)
        facts.append(
            Fact(name, category, template, unit, group="examples", kind="name",
                 aliases=others, types=("mcq",), family="examples")
        )  # fmt: skip
    return facts


def cloze_candidates(unit: Unit, topic_terms: Sequence[str] = ()) -> list[tuple[Term, str]]:
    """(term, question text with the term blanked) for each key term of a sentence unit.

    Key terms are those of :func:`find_terms`; a sentence without any gets its
    ``topic_terms`` instead (distinctive words of the topic, see :func:`topic_words`),
    so it can still be asked about. Only sentences of six words or more, with five
    left around the blank: a blank needs context.
    """
    if unit.line.strip().startswith("|") or len(unit.text.split()) < 6:
        return []
    if len(_ARROW.findall(unit.text)) >= 2:
        return []  # a pipeline line: asked about as an order item
    head = _HEAD.match(unit.quote)
    if head and (head.group("bold") or unit.bulleted):
        return []  # a list item: asked about by its head (see _list_facts), not blanked
    if unit.bulleted and len(unit.text.split()) < 8 and unit.text.rstrip()[-1:] not in ".!?":
        return []  # a short item without a full stop is a title ("5. Generative AI for Art")
    terms = find_terms(unit.quote)
    if not terms:  # a sentence without names: blank a distinctive word of the topic
        terms = [Term(word, "concept", group="topic") for word in topic_terms]
    results = []
    for term in terms:
        names = [term.text, *term.aliases]
        blanked = unit.text
        for name in sorted(names, key=len, reverse=True):
            blanked = re.sub(
                r"(?<!\w)" + re.escape(name) + r"(?!\w)", BLANK, blanked, flags=re.IGNORECASE
            )
        blanked = re.sub(rf"{BLANK}(?:\s*\(\s*{BLANK}\s*\))+", BLANK, blanked)
        remaining = len(blanked.replace(BLANK, " ").split())
        if BLANK not in blanked or remaining < 5 or blanked.count(BLANK) > 2:
            continue
        results.append((term, blanked))
    return results


def topic_words(text: str, weights: Mapping[str, float]) -> list[str]:
    """Words of ``text`` that are distinctive words of the topic (weight >= DISTINCTIVE).

    Words of how a topic is phrased ("explain how X works") are not what it is about.
    """
    found: list[str] = []
    for word in re.findall(r"[A-Za-z][A-Za-z-]{4,}", clean_markdown(text)):
        if word.lower() in _TASK_WORDS:
            continue
        stems = content_words(word)
        distinctive = stems and all(weights.get(stem, 0.0) >= DISTINCTIVE for stem in stems)
        if distinctive and word.lower() not in {f.lower() for f in found}:
            found.append(word)
    return found


# --------------------------------------------------------------------------- distractors


@dataclass
class PoolTerm:
    """A candidate distractor, the groups and sorts it was seen in, and what it exemplifies."""

    term: Term
    groups: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    """For an example name: the categories the course gives it as an example of."""


class LineIndex:
    """Clean lines of the material, with how rare each word is among them."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = [(normalize(line), content_words(line)) for line in lines if line.strip()]
        counts = Counter(word for _, words in self.lines for word in words)
        self.missing = math.log(1 + len(self.lines))
        self.idf = {w: math.log((1 + len(self.lines)) / (1 + c)) for w, c in counts.items()}

    def weighted_coverage(self, clue_words: frozenset[str], line_words: frozenset[str]) -> float:
        """Share of the clue's IDF weight in a line: common words ("text") count little."""
        weights = {w: self.idf.get(w, self.missing) for w in clue_words}
        total = sum(weights.values())
        return sum(v for w, v in weights.items() if w in line_words) / total if total else 0.0


def term_pool(passages: Sequence[Passage]) -> tuple[list[PoolTerm], LineIndex]:
    """Candidate distractors from the passages, and their lines (for the ambiguity check).

    Each distinct term once, in order of first appearance (so the pool, and the
    quiz, do not depend on set ordering).
    """
    pool: dict[str, PoolTerm] = {}
    lines: list[str] = []

    def add(term: Term, family: str, group: str = "", category: str = "") -> None:
        key = normalize(term.text)
        entry = pool.setdefault(key, PoolTerm(term))
        entry.families.add(family)
        if group:
            entry.groups.add(group)
        if category:
            entry.categories.add(category)

    for index, passage in enumerate(passages):
        for raw in passage.text.splitlines():
            if raw.strip():
                lines.append(clean_markdown(raw))
        for unit in passage_units(index, passage):
            for title in _ITALIC.findall(unit.quote):
                if _acceptable(_clean_term(title)) and len(title.split()) >= 2:
                    add(Term(_clean_term(title), "name"), "title")
            for term in find_terms(unit.quote):
                add(term, "term")
            for fact in unit_facts(unit, passage):
                category = fact.clue if fact.family == "examples" else ""
                term = Term(fact.term, fact.kind, fact.group, fact.aliases)
                add(term, fact.family, fact.group, category)
    return list(pool.values()), LineIndex(lines)


_PERIOD = re.compile(r"\b\d{4}s?\b|\bpresent\b", re.IGNORECASE)
_PEOPLE = re.compile(r"\bet al\b|^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:&|and)\s+[A-Z][a-z]+$")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\*)([^*\n]{3,80}?)(?<!\s)\*(?![*\w])")


def shape(term: str, quote: str = "") -> str:
    """The sort of thing a term is, by its form: distractors must share it.

    ``period`` (a year or era), ``people`` ("Kingma & Welling", "Goodfellow et al."),
    ``title`` (a work's title, italic in the course text), ``list`` (several items in
    one cell, "BLEU, ROUGE"), ``phrase`` (five words or more, a description) or
    ``term``. "Auto-Encoding Variational Bayes" among "GANs & VAEs" and "Generative
    AI" is the mismatch this prevents.
    """
    clean = clean_markdown(term).strip()
    if _PERIOD.search(clean) and len(clean.split()) <= 3:
        return "period"
    if _PEOPLE.search(clean):
        return "people"
    if quote and any(normalize(m) == normalize(clean) for m in _ITALIC.findall(quote)):
        return "title"
    if "," in clean:
        return "list"
    return "phrase" if len(clean.split()) >= 5 else "term"


def _ambiguous(candidate: str, clue: str, index: LineIndex, quote: str) -> bool:
    """Whether the material states ``candidate`` together with the question's clue.

    A line containing the candidate and most of the clue's distinctive words (by
    IDF weight) may make the candidate a right answer too.
    """
    clean_quote = normalize(clean_markdown(quote))
    clue_words = content_words(clue.replace(BLANK, " "))
    target = normalize(candidate).strip(_EDGE_PUNCT)
    pattern = _word_pattern(target) if target else None
    for line, words in index.lines:
        if line in clean_quote or clean_quote in line:
            continue
        stated = pattern is not None and pattern.search(line) is not None
        if stated and index.weighted_coverage(clue_words, words) >= AMBIGUITY_COVERAGE:
            return True
    return False


def pick_distractors(
    answer: Term,
    group: str,
    family: str,
    quote: str,
    clue: str,
    pool: Sequence[PoolTerm],
    lines: LineIndex | Sequence[str],
    similar: Similarity,
    rng: random.Random,
) -> list[tuple[str, float]] | None:
    """Three terms of the answer's kind, close in meaning, none of them right.

    Candidates from the answer's own table column or list come first, then answers
    of the same sort (``family``: other list heads, other examples...) and broad
    kind, then (except for free terms) of the same sort whatever their kind. In
    each tier, the six most similar to the answer are kept, and the missing ones
    drawn from them with the seeded ``rng``. Returns (term, similarity) pairs, or
    None when fewer than three candidates survive the checks.

    For "which is an example of X?" the closest names are the riskiest (another
    language model may well be an LLM too), so an example name is only offered when
    the categories the course lists it under are unlike X.
    """
    index = lines if isinstance(lines, LineIndex) else LineIndex(lines)
    excluded = [answer.text, *answer.aliases]
    wanted = shape(answer.text, quote)
    if wanted == "title":
        family = "title"
    tiers: list[list[str]] = [[], [], []]
    for entry in pool:
        text = entry.term.text
        if any(overlapping(text, other) for other in excluded):
            continue
        if folded_occurs(text, clue) or any(folded_occurs(a, clue) for a in entry.term.aliases):
            continue  # "VAE" offered while the question says "VAEs"
        same_group = bool(group) and group in entry.groups
        if not same_group and wanted != "title" and shape(text) != wanted:
            continue  # years with years, people with people, titles with titles
        if occurs(text, quote) or any(occurs(alias, quote) for alias in entry.term.aliases):
            continue
        if family == "examples" and entry.categories:
            categories = sorted(entry.categories)
            if (
                any(normalize(c) == normalize(clue) for c in categories)
                or max(similar(clue, categories)) >= CATEGORY_SIMILAR
            ):
                continue
        if same_group:
            tiers[0].append(text)
        elif family in entry.families and entry.term.kind == answer.kind:
            tiers[1].append(text)
        elif family in entry.families and family != "term":
            tiers[2].append(text)
    chosen: list[tuple[str, float]] = []
    # Embedding every term of the pool costs seconds on a CPU; the pool is in
    # retrieval order, so its first terms of the kind are also the most on-topic.
    for tier, candidates in enumerate(members[:MAX_COMPARED] for members in tiers):
        if len(chosen) >= 3 or not candidates:
            continue
        scores = similar(answer.text, candidates)
        ranked = sorted(zip(candidates, scores, strict=True), key=lambda pair: -pair[1])
        usable: list[tuple[str, float]] = []
        for text, score in ranked:
            # Rows of one table column are distinct by construction ("2021–2024" and
            # "2025–Present" embed alike); elsewhere a near-twin may be a synonym.
            if (tier > 0 and score >= TOO_SIMILAR) or _ambiguous(text, clue, index, quote):
                continue
            if any(overlapping(text, kept) for kept, _ in usable + chosen):
                continue
            usable.append((text, score))
            if len(usable) >= 6:
                break
        need = 3 - len(chosen)
        chosen.extend(rng.sample(usable, min(need, len(usable))) if len(usable) > need else usable)
    return chosen[:3] if len(chosen) >= 3 else None


# --------------------------------------------------------------------------- difficulty


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


# --------------------------------------------------------------------------- assembling


@dataclass
class Draft:
    """A candidate item before verification."""

    item: QuizItem
    passage: int
    relevance: float


def _explanation(unit: Unit, passage: Passage) -> str:
    text = unit.text.rstrip()
    if unit.line.strip().startswith("|"):  # a table row reads "Header: cell; Header: cell"
        cells = [clean_markdown(c) for c in _cells(unit.line)]
        header = table_header(passage.text, passage.text.find(unit.line)) or []
        if len(header) == len(cells):
            text = "; ".join(f"{h}: {c}" if h else c for h, c in zip(header, cells, strict=True))
        else:
            text = ": ".join([cells[0], ", ".join(cells[1:])])
    if text and text[-1] not in ".!?":
        text += "."
    return f"According to “{leaf(passage.section, passage.title)}”: {text}"


def _source(unit: Unit, passage: Passage) -> ItemSource:
    return ItemSource(passage.source, passage.title, passage.section, unit.quote, passage.id)


def _frequency(answer: str, pool_passages: Sequence[Passage]) -> int:
    return sum(occurs(answer, p.text) for p in pool_passages)


def draft_items(
    passages: Sequence[Passage],
    units: Sequence[Unit],
    types: Sequence[ItemType],
    pool: Sequence[PoolTerm],
    lines: LineIndex,
    similar: Similarity,
    rng: random.Random,
    pool_passages: Sequence[Passage] = (),
    weights: Mapping[str, float] | None = None,
) -> list[Draft]:
    """Every candidate item the units support, of the requested types.

    Args:
        passages: The quiz passages; ``unit.passage`` indexes them.
        units: Their relevant units.
        types: Item types to make.
        pool: Distractor candidates (see :func:`term_pool`).
        lines: Clean lines of the pool passages, for the ambiguity check.
        similar: Embedding similarity of terms.
        rng: Seeded random source (distractor draw, option order).
        pool_passages: Passages in which answer frequency is counted (difficulty).
        weights: Topic word weights (:func:`topic_weights`): distinctive topic words
            may be blanked in cloze items.
    """
    drafts: list[Draft] = []
    counted = pool_passages or passages
    for unit in units:
        passage = passages[unit.passage]
        source = _source(unit, passage)
        explanation = _explanation(unit, passage)
        for fact in unit_facts(unit, passage):
            if not occurs(fact.term, unit.quote):
                continue
            question = fact.template.format(clue=fact.clue)
            frequency = _frequency(fact.term, counted)
            clue_words = len(fact.clue.split())
            if "mcq" in types and "mcq" in fact.types:
                answer = Term(fact.term, fact.kind, fact.group, fact.aliases)
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
                )
                if picked:
                    options = [fact.term, *(text for text, _ in picked)]
                    rng.shuffle(options)
                    mean = sum(score for _, score in picked) / len(picked)
                    drafts.append(Draft(QuizItem(
                        "mcq", question, fact.term, explanation, source, options,
                        difficulty("mcq", frequency, clue_words, mean),
                        [] if fact.group == "examples" else list(fact.aliases),
                        kind=fact.skill,
                    ), unit.passage, unit.relevance))  # fmt: skip
            if "short" in types and "short" in fact.types:
                drafts.append(Draft(QuizItem(
                    "short", question, fact.term, explanation, source, [],
                    difficulty("short", frequency, clue_words, 0.0), list(fact.aliases),
                    kind=fact.skill,
                ), unit.passage, unit.relevance))  # fmt: skip
        if "cloze" in types or "mcq" in types:
            # List items are often imperatives ("Evaluate outputs..."); blanking their
            # topic word would ask for a verb.
            extra = topic_words(unit.text, weights) if weights and not unit.bulleted else []
            for term, blanked in cloze_candidates(unit, extra):
                frequency = _frequency(term.text, counted)
                context = len(blanked.split()) - 1
                if "cloze" in types:
                    drafts.append(Draft(QuizItem(
                        "cloze", f"Fill in the blank: {blanked}", term.text, explanation,
                        source, [], difficulty("cloze", frequency, context, 0.0),
                        list(term.aliases),
                    ), unit.passage, unit.relevance))  # fmt: skip
                if "mcq" in types and term.group != "topic":
                    picked = pick_distractors(
                        term, "", "term", unit.quote, blanked, pool, lines, similar, rng
                    )
                    if picked:
                        options = [term.text, *(text for text, _ in picked)]
                        rng.shuffle(options)
                        mean = sum(score for _, score in picked) / len(picked)
                        drafts.append(Draft(QuizItem(
                            "mcq", f"Which term completes this sentence from the course? "
                            f"{blanked}", term.text, explanation, source, options,
                            difficulty("mcq", frequency, context, mean), list(term.aliases),
                        ), unit.passage, unit.relevance))  # fmt: skip
    return drafts


_PERIOD_CELL = re.compile(r"^\s*\d{4}s?(?:\s*[–-]\s*(?:\d{4}s?|present))?\s*$", re.I)


@dataclass
class Block:
    """A Markdown table of a passage: where its rows are, its header and cells."""

    start: int
    end: int
    header: list[str]
    rows: list[tuple[int, int, list[str]]]
    """(start, end, clean cells) of each body row, in order."""


def table_blocks(text: str) -> list[Block]:
    """The tables of a passage with a header row, each row's span and clean cells."""
    blocks: list[Block] = []
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((offset, offset + len(body), body))
        offset += len(raw)
    i = 0
    while i < len(lines) - 2:
        start, _, head = lines[i]
        if head.strip().startswith("|") and _TABLE_SEPARATOR.match(lines[i + 1][2]):
            header = [clean_markdown(c) for c in _cells(head)]
            rows = []
            j = i + 2
            while j < len(lines) and lines[j][2].strip().startswith("|"):
                row_start, _, row = lines[j]
                cells = [clean_markdown(c) for c in _cells(row)]
                if len(cells) == len(header):
                    lead = row_start + _indent(row)
                    rows.append((lead, row_start + len(row.rstrip()), cells))
                j += 1
            if len(rows) >= 3:
                blocks.append(Block(start, rows[-1][1], header, rows))
            i = j
        else:
            i += 1
    return blocks


def sequences(passage: Passage) -> list[tuple[str, list[str], str, int, int]]:
    """Sequences a passage lists: (quote, steps, noun for a step, start, end).

    An arrow line ("Data Collection → Preprocessing → …", three steps or more) is a
    pipeline; a table whose first column holds years or eras is a timeline, its
    steps the second column.
    """
    found = []
    text = passage.text
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if stripped and not stripped.startswith("|") and len(_ARROW.findall(stripped)) >= 2:
            start = offset + _indent(line)
            quote = text[start : start + len(stripped)]
            steps = sequence_steps(quote)
            if len(steps) >= 4 and all(1 <= len(step.split()) <= 5 for step in steps):
                found.append((quote, steps, "step", start, start + len(quote)))
        offset += len(raw)
    for block in table_blocks(text):
        if len(block.header) >= 2 and all(_PERIOD_CELL.match(c[0]) for _, _, c in block.rows):
            quote = text[block.rows[0][0] : block.rows[-1][1]]
            noun = block.header[1].lower() or "step"
            found.append((quote, [c[1] for _, _, c in block.rows], noun, block.rows[0][0],
                          block.rows[-1][1]))  # fmt: skip
    return found


def _sequence_steps_of_table(quote: str) -> list[str]:
    rows = [[clean_markdown(c) for c in _cells(line)] for line in quote.splitlines()]
    if len(rows) >= 3 and all(len(r) >= 2 and _PERIOD_CELL.match(r[0]) for r in rows):
        return [r[1] for r in rows]
    return []


def _best_relevance(units: Sequence[Unit], index: int, start: int, end: int) -> float | None:
    """Relevance of the most relevant unit of passage ``index`` inside [start, end)."""
    inside = [u.relevance for u in units if u.passage == index and start <= u.start < end]
    return max(inside) if inside else None


def structure_drafts(
    passages: Sequence[Passage],
    units: Sequence[Unit],
    types: Sequence[ItemType],
    pool: Sequence[PoolTerm],
    lines: LineIndex,
    similar: Similarity,
    rng: random.Random,
    weights: Mapping[str, float] | None = None,
) -> list[Draft]:
    """Order, comparison and true/false items from the relevant parts of the passages.

    Only sequences, tables and sentences that hold a relevant unit are used, so the
    topic filter applies to them as to every other item.
    """
    drafts: list[Draft] = []
    for index, passage in enumerate(passages):
        where = leaf(passage.section, passage.title)
        for quote, steps, noun, start, end in sequences(passage):
            relevance = _best_relevance(units, index, start, end)
            inside = sum(u.passage == index and start <= u.start < end for u in units)
            if noun == "step" or 2 * inside < min(len(steps), 4):
                # One step or timeline row that names the topic ("Evaluation" in a
                # pipeline, for a quiz on evaluation metrics) is not what it is about.
                relevance = None
            distinctive = distinctive_words(weights)
            if relevance is None and content_words(passage.section) & distinctive:
                # A bare "A → B → C" line says little to an embedding; a section
                # heading that names the topic ("8. Pipeline of …") does.
                relevance = _best_relevance(units, index, 0, len(passage.text))
            if relevance is None:
                continue
            drafts.extend(_order_drafts(passage, index, quote, steps, noun, where, types, rng,
                                        relevance))  # fmt: skip
        if "mcq" in types:
            for block in table_blocks(passage.text):
                drafts.extend(_comparison_drafts(passage, index, block, units, where, rng))
    if "tf" in types:
        for unit in units:
            draft = _statement_draft(passages[unit.passage], unit, pool, lines, similar, rng)
            if draft is not None:
                drafts.append(draft)
    return drafts


def _order_drafts(
    passage: Passage,
    index: int,
    quote: str,
    steps: list[str],
    noun: str,
    where: str,
    types: Sequence[ItemType],
    rng: random.Random,
    relevance: float,
) -> list[Draft]:
    drafts = []
    source = ItemSource(passage.source, passage.title, passage.section, quote, passage.id)
    sequence = " → ".join(steps)
    explanation = f"According to “{where}”, the order is: {sequence}."
    place = "timeline" if noun != "step" else "pipeline"
    for position, anchor in enumerate(steps):
        for direction, offset in (("after", 1), ("before", -1)):
            target = position + offset
            if not 0 <= target < len(steps):
                continue
            answer = steps[target]
            question = (
                f"In the course's {place} on “{where}”, which {noun} comes right {direction} "
                f"“{anchor}”?"
            )
            others = [s for s in steps if s not in (anchor, answer)]
            meta = {direction: anchor}
            if "mcq" in types and len(others) >= 3:
                options = [answer, *rng.sample(others, 3)]
                rng.shuffle(options)
                drafts.append(Draft(QuizItem(
                    "mcq", question, answer, explanation, source, options, "medium",
                    kind="order", meta=meta), index, relevance))  # fmt: skip
            if "short" in types:
                drafts.append(Draft(QuizItem(
                    "short", question, answer, explanation, source, [], "hard",
                    kind="order", meta=meta), index, relevance))  # fmt: skip
    return drafts


def _comparison_drafts(
    passage: Passage,
    index: int,
    block: Block,
    units: Sequence[Unit],
    where: str,
    rng: random.Random,
) -> list[Draft]:
    """Two rows of a table the topic is about, told apart by a descriptive column."""
    column = next(
        (c for c in range(1, len(block.header))
         if "example" not in block.header[c].lower()
         and all(len(cells[c].split()) >= 3 for _, _, cells in block.rows)),
        None,
    )  # fmt: skip
    if column is None:
        return []
    relevance = {
        r: rel
        for r, (start, end, _) in enumerate(block.rows)
        if (rel := _best_relevance(units, index, start, end + 1)) is not None
    }
    drafts = []
    for first in sorted(relevance, key=lambda r: -relevance[r])[:3]:
        partner = max(
            (r for r in range(len(block.rows)) if r != first),
            key=lambda r: (relevance.get(r, -1.0), -abs(r - first)),
        )
        a_row, b_row = sorted((first, partner))
        third = [r for r in range(len(block.rows)) if r not in (a_row, b_row)]
        if not third:
            continue
        c_row = rng.choice(third)
        left, right = block.rows[a_row][2][0], block.rows[b_row][2][0]
        a, b = block.rows[a_row][2][column], block.rows[b_row][2][column]
        c = block.rows[c_row][2][column]
        a, b, c = (x.rstrip(" .") for x in (a, b, c))
        answer = comparison_option(left, a, right, b)
        options = [
            answer,
            comparison_option(left, b, right, a),
            comparison_option(left, c, right, a),
            comparison_option(left, b, right, c),
        ]
        rng.shuffle(options)
        quote = passage.text[block.rows[a_row][0] : block.rows[b_row][1]]
        source = ItemSource(passage.source, passage.title, passage.section, quote, passage.id)
        name = block.header[column].lower() or "description"
        question = f"How does the course's “{where}” tell {left} and {right} apart ({name})?"
        explanation = (
            f"According to “{where}”: {left} — {a}; {right} — {b}; the other options mix "
            f"these up or take another row's {name}."
        )  # fmt: skip
        meta = {"left": left, "right": right}
        rel = (relevance[first] + relevance.get(partner, relevance[first])) / 2
        item = QuizItem("mcq", question, answer, explanation, source, options, "medium",
                        kind="comparison", meta=meta)  # fmt: skip
        drafts.append(Draft(item, index, rel))
    return drafts


def related(candidate: str, term: Term) -> bool:
    """Whether a swap could still make a true statement: one term names a kind of the other.

    "CycleGAN" for "GANs" (a CycleGAN is a GAN) or "GANs" for "Generative AI" (GANs are
    generative AI) share a name part or a word; a false statement needs an unrelated term.
    """
    names = [term.text, *term.aliases]
    folded = fold(candidate).replace(" ", "")
    for name in names:
        short = fold(name).replace(" ", "")
        if short and (short in folded or folded in short):
            return True
        if content_words(candidate) & content_words(name):
            return True
    return False


_PREDICATE_STARTS = frozenset(
    {"used", "helps", "allows", "enables", "ideal", "often", "also", "can", "may", "and",
     "but", "or", "which", "then", "great", "good"}
)  # fmt: skip
"""First words of a sentence whose subject is in the sentence before it."""


def _statement_draft(
    passage: Passage,
    unit: Unit,
    pool: Sequence[PoolTerm],
    lines: LineIndex,
    similar: Similarity,
    rng: random.Random,
) -> Draft | None:
    """A true/false item from one sentence: the sentence itself, or with one term swapped.

    True or false is drawn with the seeded ``rng``; a false statement swaps the
    sentence's first key term for a term of the same kind the material does not
    state in its place (:func:`pick_distractors`).
    """
    text = unit.text.strip()
    if unit.line.strip().startswith("|") or not 7 <= len(text.split()) <= 30:
        return None
    if not text.endswith(".") or _ARROW.search(text) or looks_like_instruction(text):
        return None  # a heading, a learning objective or a pipeline is no statement
    first = text.split()[0].lower().strip(",.;:")
    if first in _PREDICATE_STARTS or first.endswith(("ful", "able", "ible")):
        return None  # "Useful for latent representation learning." says of what?
    source = _source(unit, passage)
    explanation = _explanation(unit, passage)
    if rng.random() < 0.5:
        item = QuizItem("tf", STATEMENT_PREFIX + text, "True", explanation, source,
                        list(TRUE_FALSE), "easy", kind="truefalse")  # fmt: skip
        return Draft(item, unit.passage, unit.relevance)
    for term in find_terms(unit.quote)[:2]:
        blanked = re.sub(r"(?<!\w)" + re.escape(term.text) + r"(?!\w)", BLANK, text, count=1)
        if BLANK not in blanked:
            continue
        # Only terms the course defines (list and table heads) are swapped in: a random
        # capitalised phrase ("Creative Power of Machines") makes an absurd statement.
        picked = pick_distractors(term, "", "head", unit.quote, blanked, pool, lines, similar,
                                  rng)  # fmt: skip
        if not picked:
            continue
        unrelated = [
            (text, score)
            for text, score in picked
            if not related(text, term) and score >= SWAP_SIMILAR
        ]
        if not unrelated:
            continue
        swapped = max(unrelated, key=lambda pair: pair[1])[0]  # the most plausible swap
        statement = blanked.replace(BLANK, swapped)
        item = QuizItem(
            "tf", STATEMENT_PREFIX + statement, "False",
            f"False: the course says “{term.text}”, not “{swapped}”. {explanation}",
            source, list(TRUE_FALSE), "medium", kind="truefalse",
            meta={"swap_from": term.text, "swap_to": swapped},
        )  # fmt: skip
        return Draft(item, unit.passage, unit.relevance)
    return None


SWAP_SIMILAR = 0.3
"""A false statement's swapped-in term must be at least this similar (cosine) to the
original: "Fine-tuning creates synthetic data" is false, but fools nobody."""
VARIETY_TRIES = 6
"""Drafts of one kind tried for the quiz's variety pass before that kind is given up."""


def queues_in_order(drafts: Sequence[Draft]) -> list[Draft]:
    """Drafts by falling relevance (in steps of 0.1), keeping their order within a step."""
    return sorted(drafts, key=lambda d: -round(d.relevance, 1))


def select_items(
    drafts: Sequence[Draft],
    n: int,
    types: Sequence[ItemType],
    verifier: Verifier,
    rng: random.Random,
) -> list[QuizItem]:
    """Up to ``n`` verified items, taken round-robin over passages and item types.

    Passages take turns, the one with the most relevant unit first, so one passage
    cannot fill the quiz; each gives its most relevant draft of the type whose turn
    it is (relevance in steps of 0.1, ties shuffled with the seeded ``rng``). An
    answer already used is put off until every passage has had its turn. A draft
    that fails verification is counted in ``verifier.dropped`` and the next one
    replaces it. Items the verifier accepted before (an LLM's) count as used.
    """
    queues: dict[int, list[Draft]] = {}
    for draft in drafts:
        queues.setdefault(draft.passage, []).append(draft)
    for queue in queues.values():
        rng.shuffle(queue)
        queue.sort(key=lambda d: -round(d.relevance, 1))
    order = sorted(queues, key=lambda p: (-max(d.relevance for d in queues[p]), p))
    cycle = list(types)
    rng.shuffle(cycle)
    deferred: list[Draft] = []

    def answers(item: QuizItem) -> set[str]:
        return {normalize(a) for a in [item.answer, *item.aliases]}

    used_answers = {a for item in verifier.accepted for a in answers(item)}
    kinds: Counter[str] = Counter(item.kind for item in verifier.accepted)

    # Variety first: the best draft of each kind not yet in the quiz, kinds in order
    # of their best draft's relevance; the round-robin below fills the rest.
    by_kind: dict[str, list[Draft]] = {}
    for draft in drafts:
        by_kind.setdefault(draft.item.kind, []).append(draft)
    ranked_kinds = sorted(by_kind, key=lambda k: -max(d.relevance for d in by_kind[k]))
    for kind in ranked_kinds:
        if len(verifier.accepted) >= n or kinds[kind]:
            continue
        ordered = [d for d in queues_in_order(by_kind[kind]) if d.item.type in types]
        # The type the quiz has least of first, so kinds do not crowd out formats.
        used_types = Counter(item.type for item in verifier.accepted)
        tries = sorted(ordered[: 3 * VARIETY_TRIES], key=lambda d: used_types[d.item.type])
        for draft in tries[:VARIETY_TRIES]:
            if answers(draft.item) & used_answers:
                continue
            if draft in queues.get(draft.passage, []):
                queues[draft.passage].remove(draft)
            if verifier.admit(draft.item):
                used_answers |= answers(draft.item) - {"true", "false"}
                kinds[kind] += 1
                break

    turn = 0
    while len(verifier.accepted) < n and any(queues[p] for p in order):
        for passage in order:
            if len(verifier.accepted) >= n:
                break
            queue = queues[passage]
            if not queue:
                continue
            wanted = cycle[turn % len(cycle)]
            # A kind the quiz has least of first, so a quiz mixes what it asks.
            pool_of_type = [d for d in queue if d.item.type == wanted] or queue
            pick = min(pool_of_type, key=lambda d: kinds[d.item.kind])
            queue.remove(pick)
            if answers(pick.item) & used_answers:
                deferred.append(pick)
                continue
            if verifier.admit(pick.item):
                used_answers |= answers(pick.item) - {"true", "false"}
                kinds[pick.item.kind] += 1
                turn += 1
    for draft in deferred:
        if len(verifier.accepted) >= n:
            break
        verifier.admit(draft.item)
    return list(verifier.accepted)


def topic_weights(topic: str, texts: Sequence[str]) -> dict[str, float]:
    """Inverse document frequency of the topic's words among ``texts``.

    In a course about generative AI, "generative" is in every passage and says
    nothing about which passages a topic is about; "evolution" says a lot.
    """
    documents = [content_words(text) for text in texts]
    weights = {}
    for word in sorted(content_words(topic)):
        frequency = sum(word in words for words in documents)
        weights[word] = math.log((1 + len(documents)) / (1 + frequency))
    return weights


def distinctive_overlap(weights: Mapping[str, float], text: str) -> float:
    """Share of the topic's IDF weight that ``text`` contains."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    words = content_words(text)
    return sum(w for word, w in weights.items() if word in words) / total


def relevant_units(
    passages: Sequence[Passage],
    scores: Mapping[tuple[int, int], float],
    weights: Mapping[str, float] | None = None,
    *,
    gate: bool = True,
    strict: bool = True,
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
        strict: Keep only units naming one of the topic's distinctive words (in the
            text or the section heading), when any does; False skips that filter.
    """
    units = []
    for index, passage in enumerate(passages):
        for unit in passage_units(index, passage):
            if looks_like_instruction(unit.text):
                continue  # an injected "ignore your rules" line is no course fact to quiz
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
    distinctive = distinctive_words(weights) if strict else set()
    if distinctive:
        # A unit about something else in the same passage (a GAN example in a quiz on
        # evaluation metrics) shares none of the topic's distinctive words, neither in
        # its text nor in its section heading.
        on_topic = [
            u for u in kept
            if content_words(f"{passages[u.passage].section} {u.text}") & distinctive
        ]  # fmt: skip
        if on_topic:
            return on_topic
    return kept


_WEAK_WORDS = frozenset(
    tokenize("key main important basic essential various different type types kind kinds")
) | frozenset(tokenize(" ".join(_TASK_WORDS)))
"""Words of a topic that are rare in the material but say nothing of its subject."""


def distinctive_words(weights: Mapping[str, float] | None) -> set[str]:
    """The topic's distinctive words (IDF >= :data:`DISTINCTIVE`), phrasing words left out.

    "Key" in "Key generative AI modalities" is rare in the course text, but a line
    under "Key Technologies to Master" is not about modalities for it.
    """
    return {w for w, v in (weights or {}).items() if v >= DISTINCTIVE} - _WEAK_WORDS


def finish(items: Sequence[QuizItem]) -> list[QuizItem]:
    """Number the items q1, q2, ... in quiz order."""
    for number, item in enumerate(items, start=1):
        item.id = f"q{number}"
    return list(items)


def shortfall_note(accepted: int, requested: int, why: str = "") -> str:
    """The sentence telling the user the quiz is shorter than asked, and why."""
    if accepted >= requested:
        return ""
    reason = why or "the retrieved course material does not support more verified items"
    return f"Only {accepted} of {requested} items: {reason}."


def describe_dropped(dropped: Mapping[str, int]) -> str:
    """'3 dropped: 2 asks the same thing as another item, 1 ...' for people."""
    if not dropped:
        return "none dropped"
    parts = [f"{count} {DROP_REASONS.get(reason, reason)}" for reason, count in dropped.items()]
    return f"{sum(dropped.values())} dropped: " + "; ".join(parts)


# --------------------------------------------------------------------------- grading


def grade_item(item: QuizItem, response: str) -> Grade:
    """The verdict on a student's response to ``item`` (see ``grading.grade_response``).

    Choice items (mcq, true/false) need the exact option or its letter; typed answers
    are folded (case, accents, punctuation, plurals) and may give any alternative the
    answer lists or the acronym the material pairs with it; a near miss is ``almost``.
    """
    options = item.options if item.type in ("mcq", "tf") else ()
    return grade_response(response, item.answer, item.aliases, options=options)


def grade_answer(item: QuizItem, response: str) -> bool:
    """Whether a student's response scores a point (see :func:`grade_item`)."""
    return grade_item(item, response).correct


def feedback(number: int, item: QuizItem, response: str) -> tuple[Grade, str]:
    """The grade and the line of feedback a student sees for one item."""
    grade = grade_item(item, response)
    return grade, feedback_line(number, response, grade, item.answer, item.explanation)


# --------------------------------------------------------------------------- exports


def _letter(index: int) -> str:
    return "ABCD"[index] if index < 4 else str(index + 1)


def to_json(quiz: Quiz) -> str:
    """The quiz as one JSON document."""
    return json.dumps(quiz.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_markdown(quiz: Quiz) -> str:
    """Questions first (mcq options A-D), then an answer key with each item's source."""
    lines = [f"# Quiz: {quiz.topic}", ""]
    if quiz.note:
        lines += [f"> {quiz.note}", ""]
    for number, item in enumerate(quiz.items, start=1):
        lines.append(f"{number}. {item.question}")
        for index, option in enumerate(item.options):
            lines.append(f"    - {_letter(index)}. {option}")
        lines.append("")
    lines += ["## Answer key", ""]
    for number, item in enumerate(quiz.items, start=1):
        answer = item.answer
        if item.options:
            answer = f"{_letter(item.options.index(item.answer))}. {item.answer}"
        where = item.source.title + (f" — {item.source.section}" if item.source.section else "")
        lines.append(f"{number}. **{answer}** ({item.type}, {item.difficulty}) {item.explanation}")
        lines.append(f"    - Source: {item.source.source} ({where})")
        lines.append(f"    - Quote: “{' '.join(item.source.quote.split())}”")
    return "\n".join(lines).rstrip() + "\n"


def _tag(text: str) -> str:
    """An Anki tag: no spaces (Anki splits tags on them)."""
    return re.sub(r"[^\w:.-]+", "_", text.strip()).strip("_") or "untagged"


def anki_card(item: QuizItem, topic: str) -> tuple[str, str, str]:
    """Front, back and tags of one card; HTML because Anki fields are HTML."""
    front = html.escape(item.question)
    if item.options:
        front += "<br>" + "<br>".join(
            f"{_letter(i)}. {html.escape(option)}" for i, option in enumerate(item.options)
        )
    answer = item.answer
    if item.options:
        answer = f"{_letter(item.options.index(item.answer))}. {item.answer}"
    back = (
        f"<b>{html.escape(answer)}</b><br>{html.escape(item.explanation)}<br>"
        f"<i>{html.escape(item.source.source)} — {html.escape(item.source.section)}</i>"
    )
    tags = " ".join(["quiz", _tag(topic), _tag(item.source.section or item.source.title)])
    # A model's item may hold line breaks; in an HTML field they must be <br>.
    return front.replace("\n", "<br>"), back.replace("\n", "<br>"), tags


def to_csv(quiz: Quiz) -> str:
    """CSV with a ``front,back,tags`` header row (spreadsheets; Anki maps the columns)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["front", "back", "tags"])
    for item in quiz.items:
        writer.writerow(anki_card(item, quiz.topic))
    return buffer.getvalue()


def to_anki(quiz: Quiz) -> str:
    """Tab-separated notes for Anki's File > Import, with its header lines.

    ``#separator``, ``#html`` and ``#tags column`` tell Anki (2.1.55+) how to read
    the file, so no column mapping is needed; there is no header row.
    """
    buffer = io.StringIO()
    buffer.write("#separator:tab\n#html:true\n#tags column:3\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for item in quiz.items:
        writer.writerow([field.replace("\t", " ") for field in anki_card(item, quiz.topic)])
    return buffer.getvalue()


EXPORTERS: dict[str, Callable[[Quiz], str]] = {
    "json": to_json,
    "md": to_markdown,
    "csv": to_csv,
    "anki": to_anki,
}


def export(quiz: Quiz, fmt: str) -> str:
    """The quiz in one of :data:`FORMATS`."""
    return EXPORTERS[fmt](quiz)


def format_for_path(name: str) -> str | None:
    """Export format implied by a file name's suffix (quiz.md -> md), if any."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"json": "json", "md": "md", "markdown": "md", "csv": "csv", "txt": "anki",
            "tsv": "anki"}.get(suffix)  # fmt: skip


# --------------------------------------------------------------------------- the I/O boundary


def item_types(kind: str) -> list[ItemType]:
    """The item types a ``--type`` value asks for."""
    return list(ITEM_TYPES) if kind == "mixed" else [kind]  # type: ignore[list-item]


def embedding_similarity(embedder: Any) -> Similarity:
    """:data:`Similarity` from an embedding model, remembering every vector it computed."""
    cache: dict[str, Any] = {}

    def vectors(texts: Iterable[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            for text, vector in zip(missing, embedder.encode(missing), strict=True):
                cache[text] = vector

    def similar(answer: str, candidates: Sequence[str]) -> list[float]:
        vectors([answer, *candidates])
        return [float(cache[answer] @ cache[c]) for c in candidates]

    return similar


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

    if kind not in QUIZ_TYPES:
        raise ConfigError(f"unknown quiz type '{kind}'; use one of {', '.join(QUIZ_TYPES)}")
    if n < 1:
        raise ConfigError("the number of items must be at least 1")
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    rng = random.Random(seed)
    types = item_types(kind)
    query = topic or (section or "").split(" :: ")[-1]
    quiz = Quiz(topic=topic or query, requested=n, type=kind, seed=seed,
                generator=assistant.settings.generator)  # fmt: skip
    k = min(3 * n, MAX_PASSAGES)
    chosen = section_passages(assistant, section) if section else []
    if section and not chosen:
        raise ConfigError(f"no indexed section '{section}'; see `rag status --json`")
    retrieved = assistant.retrieve(query, max(k, POOL_PASSAGES)).passages
    if section:
        # Distractors still come from the material around the section.
        seen = {p.id for p in chosen}
        passages, pool_passages = chosen, chosen + [p for p in retrieved if p.id not in seen]
    else:
        passages, pool_passages = retrieved[:k], retrieved
    quiz.passages = list(passages)
    candidates, scores, _ = score_candidates(query, passages, assistant.embedder)
    best = max(scores, default=0.0)
    if not section and best < QUIZ_MIN_RELEVANCE:
        quiz.note = (
            f"The course material does not seem to cover “{topic}” (best sentence scored "
            f"{best:.2f}, below {QUIZ_MIN_RELEVANCE:.2f}); no items were made."
        )
        return quiz
    by_start = {(c.passage, c.start): s for c, s in zip(candidates, scores, strict=True)}
    weights = topic_weights(query, [f"{p.section} {p.text}" for p in pool_passages])
    units = relevant_units(passages, by_start, weights, gate=not section)
    stored = {c.id: c.text for c in assistant.store.get([p.id for p in passages])}
    verifier = Verifier(stored, quiz.topic)
    similar = embedding_similarity(assistant.embedder)
    pool, lines = term_pool(pool_passages)
    llm_note = ""
    written = [t for t in types if t in ("mcq", "short", "cloze")]
    if assistant.settings.generator != "extractive" and written:
        from rag.study.quiz.llm import llm_quiz_items

        llm_items, llm_note = llm_quiz_items(assistant.settings, topic or query, passages, n,
                                             written, seed, verifier.dropped)  # fmt: skip
        for item in llm_items:
            if len(verifier.accepted) >= n or item.type not in types:
                continue
            if verifier.reason(item) is None and not leaves_room(verifier.accepted, item, n):
                continue  # a sound item, but the quiz would end up of fewer than 3 kinds
            verifier.admit(item)
    if len(verifier.accepted) < n:
        drafts = draft_items(
            passages, units, types, pool, lines, similar, rng, pool_passages, weights
        )
        drafts += structure_drafts(passages, units, types, pool, lines, similar, rng, weights)
        log.debug("quiz drafts by kind: %s", dict(Counter(d.item.kind for d in drafts)))
        select_items(drafts, n, types, verifier, rng)
    if len(verifier.accepted) < n and not section:
        # Too few items name the topic's own words: widen to every relevant line.
        taken = {(u.passage, u.start) for u in units}
        wider = [
            u
            for u in relevant_units(passages, by_start, weights, strict=False)
            if (u.passage, u.start) not in taken
        ]
        if wider:
            more = draft_items(passages, wider, types, pool, lines, similar, rng,
                               pool_passages, weights)  # fmt: skip
            select_items(more, n, types, verifier, rng)
    quiz.items = finish(verifier.accepted[:n])
    if not any(item.origin == "llm" for item in quiz.items):
        quiz.generator = "extractive"  # says who wrote the items, also after a fallback
    quiz.dropped = dict(sorted(verifier.dropped.items()))
    notes = [llm_note] if llm_note else []
    if len(quiz.items) < n:
        notes.append(shortfall_note(len(quiz.items), n))
    quiz.note = " ".join(notes)
    return quiz
