"""What a quiz is made of: items, their sources, the quiz, and the words every step shares.

The builders, the checks, the LLM writer and the exports all read and write these
types, and this module imports none of them: that is what lets them meet without
importing each other.

Example:
    >>> from rag.study.quiz.model import ItemSource, QuizItem
    >>> quote = "GANs pair a generator with a discriminator."
    >>> item = QuizItem("short", "Which models pair a generator with a discriminator?",
    ...                 "GANs", "", ItemSource("gans.md", "GANs", "Intro", quote, "c1"))
    >>> QuizItem.from_dict(item.to_dict()) == item
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from rag.schema import Passage

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


DIFFICULTIES = ("easy", "medium", "hard")


TYPED_ANSWER_WORDS = 3
"""Longest answer a student is asked to type; longer ones are asked with options only.

"Vint Cerf and Bob Kahn publish their internetworking paper" is a timeline's description,
and "Cerf and Kahn's paper" would be marked wrong (a fifth course's check sheet); so
would "Take the square root", "The ocean is therefore layered" or "London conference
(February–June 1948)" without its dates. Of the rated typed answers of four words or
more, 11 in 28 were marked incorrect (another wording as right); of three or fewer, 27
in 316 (eval/quiz_check*_ratings.json up to sheet 30, raters' majority)."""

_DATED = re.compile(r"\((?:c\.\s*)?[^()]*\d{3,4}[^()]*\)\s*$")


def typeable(answer: str, *, blank: bool = False) -> bool:
    """Whether a student can be asked to type ``answer`` rather than pick it.

    At most :data:`TYPED_ANSWER_WORDS` words, and no date in parentheses after the name:
    "Belgrade (1521)", "Fourteenth (1868)", "Fall of Chang'an (July 756)" read as if the
    date had to be typed too. Of the 10 rated typed answers with such a date, 9 failed a
    criterion, 4 as incorrect (eval/quiz_check*_ratings.json to sheet 35, raters'
    majority); with options the date is part of the name shown. A blank is typed too:
    of 23 rated blanks keyed by four words or more ("shifts _____" keyed "to the right in
    parallel"), 10 failed a criterion.

    A name's own second name in parentheses is typed either way, so it does not count
    against a blank: "_____ produce images" keyed "Generative Adversarial Networks (GANs)"
    takes either form (``blank=True``).

    >>> typeable("Belgrade"), typeable("Belgrade (1521)"), typeable("FID (Fréchet distance)")
    (True, False, True)
    >>> typeable("Generative Adversarial Networks (GANs)", blank=True)
    True

    Nor a key that opens with an amount ("Reduced NaCl", "raised plasma K⁺"): "low
    NaCl", "high K⁺" say the same and would be marked wrong (eval/quiz_check46_renal.md,
    three raters of three, and two of three; of the three rated such keys, two failed).
    """
    if _DATED.search(answer) or _AMOUNT.match(answer):
        return False
    name = re.sub(r"\s*\([^()]*\)\s*$", "", answer) if blank else answer
    return len(name.split()) <= TYPED_ANSWER_WORDS


_AMOUNT = re.compile(r"(?:raised|reduced|increased|decreased|elevated|lowered)\s", re.IGNORECASE)
"""A word of amount opening a key: one of many ways to say it."""


BLANK = "_____"


DROP_REASONS = {
    "malformed": "incomplete or malformed",
    "quote_not_in_text": "quote not found verbatim in the indexed text",
    "answer_not_supported": "quote does not support the answer",
    "distractor_supported": "a wrong option is supported by the quote",
    "answer_in_question": "question gives the answer away",
    "option_in_question": "question names a wrong option",
    "answer_in_topic": "quiz topic gives the answer away",
    "duplicate": "same as another item",
}
"""Why an item was dropped: the keys of ``Quiz.dropped``, with the words shown to people."""


Similarity = Callable[[str, Sequence[str]], list[float]]
"""``similar(answer, candidates)``: cosine similarity of each candidate to the answer."""


@dataclass
class ItemSource:
    """Where an item comes from; ``quote`` is a verbatim span of the chunk's text."""

    source: str
    title: str
    section: str
    quote: str
    chunk_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form: every field, by name."""
        return asdict(self)


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
    suggested_section: str = ""
    """A section (``source :: section path``) to quiz on instead, when the topic line named
    the answers of the items drafted there (:func:`rag.study.quiz.build.section_hint`)."""
    passages: list[Passage] = field(default_factory=list)
    """The passages the items were drawn from (for showing a source in full)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON export: every field in order, the passages left out (they are in the index)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "passages"}
        data["items"] = [item.to_dict() for item in self.items]
        data["dropped"] = dict(self.dropped)
        return data

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
            suggested_section=str(data.get("suggested_section", "")),
        )

    def passage(self, chunk_id: str) -> Passage | None:
        """The passage an item's quote comes from, when it was among the retrieved ones."""
        return next((p for p in self.passages if p.id == chunk_id), None)


STATEMENT_PREFIX = "True or false: "


PAIR_JOIN = "; "


PAIR_SEP = " — "


def comparison_option(left: str, a: str, right: str, b: str) -> str:
    """One option of a comparison item: "GANs — adversarial training; VAEs — latent space"."""
    return f"{left}{PAIR_SEP}{a}{PAIR_JOIN}{right}{PAIR_SEP}{b}"


def describe_dropped(dropped: Mapping[str, int]) -> str:
    """'3 drafts dropped — same as another item: 2; quiz topic gives the answer away: 1'.

    >>> describe_dropped({"duplicate": 2, "answer_in_topic": 1})
    '3 drafts dropped — same as another item: 2; quiz topic gives the answer away: 1'
    """
    if not dropped:
        return "no draft dropped"
    parts = [f"{DROP_REASONS.get(reason, reason)}: {count}" for reason, count in dropped.items()]
    total = sum(dropped.values())
    return f"{total} draft{'s' if total != 1 else ''} dropped — {'; '.join(parts)}"
