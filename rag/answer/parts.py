"""The evidence of each part of a question asked in several parts.

A second part often refers back to the first ("…and why did they matter"), or is
answered by a line already quoted for the first ("how many died and how many
emigrated"). Pure logic over scored units, read by :class:`rag.answer.chain.AnswerChain`
when it answers a question part by part.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from rag.answer.asked import QUESTION_FRAME, unit_terms
from rag.answer.decide import asked_statement
from rag.answer.evidence import ScoredUnit
from rag.answer.question_forms import asks_why
from rag.retrieval.keyword import content_terms


def about_the_first_part(referred: str, evidence: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """The evidence of a part that refers back, about what the first part asked of.

    "what are the parias and why did they matter": the second part, asked with "(What are
    the parias)", quoted "The distinction matters: he ruled an independent emirate…", of
    another section, on its one rare word (an al-Andalus probe). A unit that names none of
    the first part's words, nor its headings or paragraph do, answers something else.
    """
    asked = content_terms(referred) - QUESTION_FRAME
    if not asked:
        return list(evidence)
    return [
        s for s in evidence
        if asked & unit_terms(f"{s.unit.text} {s.unit.context} {s.unit.topic}")
    ]  # fmt: skip


FRESH_SHARE = 0.6
"""A part asked of the first part's subject quotes a new line scoring this close to its best."""


def not_yet_quoted(
    part: str, evidence: Sequence[ScoredUnit], quoted: Collection[str]
) -> list[ScoredUnit]:
    """The evidence of a why-part asked of the first part's subject that says something new.

    "why did they matter", after the parias' definition was quoted for "what are the
    parias", is "Parias transferred enormous sums of Andalusi gold northwards", not the
    definition again (an al-Andalus probe). A line far below the part's best is no
    answer: "…and what argument did it use to depose Philip II" is answered by the line
    the first part quoted, not by "the Act of Seclusion (1654)…" (a Dutch probe). All of
    it when nothing new comes close, or when the line quoted says what the part asks in
    its own words: "…and what did he argue" is "…Américo Castro, who argued in 1948…".
    """
    own = content_terms(part) - QUESTION_FRAME
    said = (
        bool(evidence)
        and evidence[0].unit.text in quoted
        and own & unit_terms(evidence[0].unit.text)
    )
    if not evidence or not asks_why(part) or not own or said:
        return list(evidence)
    best = evidence[0].score
    fresh = [s for s in evidence if s.unit.text not in quoted and s.score >= FRESH_SHARE * best]
    return fresh or list(evidence)


def stated_by(question: str, quoted: Collection[str], *, alone: bool = False) -> bool:
    """Whether a part of a question is stated by a line already quoted for another part.

    A part asked of the other's subject ("who found *it*?") is stated by a line that says
    what it asks. With ``alone``, a part asking on its own is too, when the line also
    holds its words (one may be missing from three): "how many people died in the famine
    and how many emigrated" quoted "About one million people died… and roughly two million
    emigrated…", then warned the notes do not answer how many died (an Irish history
    probe). "who is the president of France?" beside "What does FID measure?" is its own
    question, and a name in the FID line does not answer it.
    """
    states = asked_statement(question)
    if states is None:
        return False
    if _POINTS_BACK.search(question):
        return any(states(text) for text in quoted)
    asked = unit_terms(question) - QUESTION_FRAME
    spare = 1 if len(asked) >= 3 else 0
    return alone and any(states(text) and len(asked - unit_terms(text)) <= spare for text in quoted)


_POINTS_BACK = re.compile(r"\b(?:it|that|this|they|them|he|she|him|her|each(?:\s+one)?)\b", re.I)
