"""What counts as a question: the one check the CLI, the chat and the app share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.errors import QuestionError
from rag.text.everyday import everyday

MAX_QUESTION_CHARS = 2000
"""Longest question accepted. A study question is a sentence or two; 2,000 characters
is a long paragraph. Longer input is almost always a pasted document, which would be
embedded as one blurred vector and written whole into the question log."""


def check_question(text: str) -> str:
    """The question without surrounding blanks.

    Raises:
        QuestionError: It is empty, or longer than :data:`MAX_QUESTION_CHARS`.
    """
    question = text.strip()
    if not question:
        raise QuestionError("the question is empty; type what you want to know")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(question):,} characters long; the limit is "
            f"{MAX_QUESTION_CHARS:,}: ask about one thing at a time"
        )
    return question


@dataclass(frozen=True)
class QuestionPart:
    """One question of several asked at once."""

    text: str
    """As the student wrote it ("how many tokens was it trained on")."""
    query: str
    """What is retrieved and weighed for it: the text, with the first part's subject
    when it refers back ("…trained on (When was BERT released)")."""

    @property
    def referred(self) -> str:
        """The first part this one refers back to, as its query adds it; "" if none."""
        return self.query[len(self.text) :].strip().removeprefix("(").removesuffix(")")


_ASKING = (
    r"(?:when|where|who|whom|whose|what|which|why|how|is|are|was|were|do|does|did|can|"
    r"could|should|would|will|has|have)"
)
_JOINED_QUESTION = re.compile(rf",?\s+and\s+(?={_ASKING}\b)", re.IGNORECASE)
"""", and when was it published": "and" followed by a second question's first word."""
_QUESTION_START = re.compile(rf"^\W*{_ASKING}\b", re.IGNORECASE)
_REFERS_BACK = re.compile(
    r"\b(?:it|its|they|them|their|this|these|that|those|he|she|his|him|her|each|both|one|ones)\b",
    re.I,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def names_nothing(part: str) -> bool:
    """Whether a later part names nothing of its own: every word an everyday one.

    "What magnitude was the 1995 Kobe earthquake and how many people died?" asks how many
    died in that earthquake; alone, "How many people died?" was answered with the deaths
    of three other disasters (a seismology probe).

    >>> names_nothing("How many people died?"), names_nothing("How many people did Kobe lose?")
    (True, False)
    """
    words = _WORD.findall(part)
    return all(everyday(w) and (i == 0 or not w[:1].isupper()) for i, w in enumerate(words))


MIN_PART_WORDS = 3
"""Words a part needs to be a question of its own ("and why?" is not)."""


def question_parts(question: str) -> list[QuestionPart]:
    """The questions asked in ``question``: one, or each of several joined or listed.

    "When was BERT released and how many tokens was it trained on?" asks two things, and
    passages or units about one half score low on the whole: the assistant refused it
    (evidence 0.25, needs 0.27) although one passage states both facts. A second
    question is split off at "and" when it starts like a question ("and when…", "and
    how many…") and the first part does too, or after a question mark. A part that
    refers back ("it", "they"), or names nothing of its own ("how many people died"), is
    retrieved with the first part's words.

    Example:
        >>> [p.text for p in question_parts("Who wrote the GAN paper and when was it published?")]
        ['Who wrote the GAN paper?', 'When was it published?']
        >>> [p.text for p in question_parts("What is the difference between GANs and VAEs?")]
        ['What is the difference between GANs and VAEs?']
    """
    whole = question.strip()
    pieces = [p for p in re.split(r"(?<=\?)\s+", whole) if p.strip()]
    texts: list[str] = []
    for piece in pieces:
        if not _QUESTION_START.match(piece):
            texts.append(piece)
            continue
        texts += [p for p in _JOINED_QUESTION.split(piece) if p.strip()]
    texts = [_as_question(t) for t in texts]
    if len(texts) < 2 or any(len(t.split()) < MIN_PART_WORDS for t in texts):
        return [QuestionPart(whole, whole)]
    first = texts[0].rstrip("?")
    return [
        QuestionPart(
            t,
            t if i == 0 or not (_REFERS_BACK.search(t) or names_nothing(t)) else f"{t} ({first})",
        )
        for i, t in enumerate(texts)
    ]


def _as_question(text: str) -> str:
    text = text.strip().rstrip(",;")
    text = text[:1].upper() + text[1:]
    return text if text.endswith("?") else f"{text.rstrip('.')}?"
