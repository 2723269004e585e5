"""The notes' own questions: a paragraph that asks what the student asks answers it.

"Why did sugar demand enslaved labour on such a scale? The answer lies in the production
process itself. Cut cane begins to lose its sucrose within about a day or two…": asked
"why did sugar plantations need so many enslaved africans", the assistant quoted São
Tomé's estates, whose words the question shares (an Atlantic slave trade probe). The
notes' question is no unit (:func:`rag.answer.line_forms.opening_question`) and shares
two of the student's words, but means the same: the two questions embed close, and ask
alike (why and why). Pure logic over units and the similarities given; the similarities
are computed by :func:`rag.answer.extractive.find_evidence`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from rag.answer.definitions import next_unit, sentences_after
from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.answer.lists import block_of
from rag.retrieval.keyword import tokenize

POSED_MATCH = 0.75
"""How close the notes' question must embed to the student's to be taken as the same."""
POSED_SENTENCES = 3
"""Most sentences of the paragraph after its question that answer."""
SHORT_MATCH = 0.35
"""How close a short question of the notes whose words the student's all holds must embed:
"Why Armenians?" asks "why did shah abbas give the silk trade to the armenians" (a Safavid
history probe quoted "Abbas entrusted much of the silk trade to Armenian merchants" over
the paragraph it opens, "They already had networks and experience…")."""
SHORT_WORDS = 2
"""Most words, besides the question word, of a short question of the notes."""
LABEL_WORDS = 8
"""Longest line that only opens an answer: "Several motives combined:"."""

_KINDS = (
    ("why", r"why|how\s+come|what\s+(?:caused|causes|made|led|drove|explains?)\b"
     r"|what\s+(?:was|were|is|are)\s+the\s+(?:main\s+)?(?:reasons?|causes?|motives?)\b"),
    ("how much", r"how\s+(?:many|much|large|big|long|old|far|fast|tall|high)\b"),
    ("how", r"how\b"),
    ("who", r"who(?:m|se)?\b"),
    ("when", r"when\b|(?:in\s+)?what\s+year\b"),
    ("where", r"where\b"),
    ("yes-no", r"(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|had)\b"),
)  # fmt: skip
_KIND = [(kind, re.compile(rf"^\W*(?:(?:so|ok|okay|and|but)\W+)*(?:{form})", re.I))
         for kind, form in _KINDS]  # fmt: skip


def question_kind(question: str) -> str:
    """What a question asks for: "why", "how much", "how", "who", "when" or "where".

    Or "yes-no", or "what" for every other question.

    >>> question_kind("Why did the Mongols withdraw in 1242?"), question_kind("what caused it")
    ('why', 'why')
    >>> question_kind("Can we attend to two things at once?"), question_kind("what is a GAN")
    ('yes-no', 'what')
    """
    return next((kind for kind, form in _KIND if form.match(question)), "what")


def posed_questions(units: Sequence[EvidenceUnit]) -> list[str]:
    """The questions the passages' paragraphs open with, each once, in reading order.

    Or that a list answers, standing alone above it as its label
    (:func:`rag.answer.line_forms.lone_question`).
    """
    return list(dict.fromkeys(asked for u in units if (asked := posed_by(u)).endswith("?")))


def posed_by(unit: EvidenceUnit) -> str:
    """The notes' question ``unit`` answers: its paragraph's, or its list's label; or ""."""
    label = unit.context.rsplit(" > ", 1)[-1] if unit.kind == "list_item" else ""
    return unit.topic if unit.kind == "sentence" else label if label.endswith("?") else ""


def posed_match(
    question: str, similarities: Mapping[str, float], threshold: float = POSED_MATCH
) -> str:
    """The notes' question that asks what ``question`` asks, or "".

    Args:
        question: The student's question.
        similarities: Each of the notes' questions, with how close it embeds to
            ``question``.
        threshold: The least similarity of one taken as the same question.

    >>> posed_match("why did they fight", {"Why did they fight?": 0.8, "Who won?": 0.9})
    'Why did they fight?'
    >>> posed_match("why did they fight", {"How did they fight?": 0.9})
    ''
    >>> posed_match("why did abbas favour the armenians", {"Why Armenians?": 0.4})
    'Why Armenians?'
    """
    kind = question_kind(question)
    asked = set(tokenize(question))
    alike = {
        posed: similarity for posed, similarity in similarities.items()
        if question_kind(posed) == kind
        and (similarity >= threshold or (similarity >= SHORT_MATCH and _short(posed, asked)))
    }  # fmt: skip
    return max(alike, key=alike.__getitem__, default="")


def _short(posed: str, asked: set[str]) -> bool:
    """Whether the notes' question is short and every word of it is in the student's."""
    terms = set(tokenize(posed))
    return 0 < len(terms) <= SHORT_WORDS and terms <= asked


def posed_answer(
    posed: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> tuple[list[EvidenceUnit], bool]:
    """What the notes answer their question with, and whether it is a list.

    ``posed`` is a sentence of the paragraph. The sentences after the question answer, up
    to :data:`POSED_SENTENCES`; a line right after the question announcing a list ("Why
    did Brüning persist with deflation? Several motives combined:") answers with the list;
    later, a line announcing what follows ends the answer, quoted only when it says
    something itself ("The solution is to look at the angle between vectors and use
    cosine similarity:", before a formula). A paragraph of one short opener ("How should
    we evaluate the Mongol Empire? Historians' answers have changed dramatically.") goes
    on into the list or paragraph after it.
    """
    if posed.kind == "list_item":  # the list under the question
        return [u for u in block_of(posed, units) if u.indent == posed.indent], True
    sentences = sorted(
        (u for u in units if u.kind == "sentence" and u.passage == posed.passage
         and u.topic == posed.topic),
        key=lambda u: u.start,
    )  # fmt: skip
    told: list[EvidenceUnit] = []
    for sentence in sentences[:POSED_SENTENCES]:
        if _ANNOUNCES_LIST.search(sentence.text):
            listed = listed_after(sentence, units)
            if listed and not told:
                return listed, True
            if not listed and len(sentence.text.split()) > LABEL_WORDS:
                told.append(sentence)  # it says something itself
            break
        told.append(sentence)
    if len(told) == 1 and len(sentences) == 1 and len(told[0].text.split()) <= LABEL_WORDS:
        following = next_unit(told[0], units)
        if following is not None and following.kind in ("list_item", "table_row"):
            return listed_after(told[0], units), True
        if following is None or following.kind != "sentence":
            # The opener alone ("The debate has shaped the field.") says nothing asked; the
            # chunk ends there, so the answer is composed from the evidence as any other.
            return [], False
        told += [following, *sentences_after(following, units)][: POSED_SENTENCES - 1]
    return told, False


def listed_after(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The list or table right after ``unit``, its top-level items, or [].

    In the next retrieved chunk, when the chunker cut after the line announcing it: its
    items are labelled by that line (:func:`rag.answer.line_forms.announcing_label`), or
    the chunk opens on the line again (chunks overlap) and goes on into the list.
    """
    following = next_unit(unit, units)
    if following is None:
        again = next((u for u in units if u.text == unit.text and u != unit), None)
        following = next_unit(again, units) if again is not None else None
    if following is None:
        label = unit.text.rstrip(".").rstrip(":").strip()
        following = next(
            (u for u in units if u.kind in ("list_item", "table_row")
             and u.context.split(" > ")[-1].endswith(label)),
            None,
        )  # fmt: skip
    if following is None or following.kind not in ("list_item", "table_row"):
        return []
    return [u for u in block_of(following, units) if u.indent == following.indent]


def asked_as_posed(
    ranked: Sequence[ScoredUnit], scored: Sequence[ScoredUnit], similarity: float
) -> bool:
    """Whether the paragraph of a short question of the notes answers the student's, too.

    Only when it holds at least half the question's words that the best unit holds: "on
    the polity scale what score counts as a democracy" holds "What counts as a
    democracy?", whose paragraph gives two definitions and no score, while the Polity row
    gives "Democracy +6 to +10" (a comparative politics probe).
    """
    if similarity >= POSED_MATCH or not ranked or not scored:
        return True
    return max(s.coverage for s in scored) >= ranked[0].coverage * _SHORT_COVERAGE


_SHORT_COVERAGE = 0.5


def with_posed(
    ranked: Sequence[ScoredUnit], scored: Sequence[ScoredUnit], similarity: float
) -> list[ScoredUnit]:
    """``ranked`` led by ``scored``, the units of the paragraph asking the student's question.

    They lead the evidence, so the decision to answer weighs what the notes answer it
    with; each carries how close the question was (:attr:`ScoredUnit.posed`).
    """
    posed = [dataclasses.replace(s, posed=similarity) for s in scored]
    keys = {(s.unit.passage, s.unit.start) for s in posed}
    return [*posed, *(s for s in ranked if (s.unit.passage, s.unit.start) not in keys)]


_ANNOUNCES_LIST = re.compile(r":\W*$")
