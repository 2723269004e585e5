"""Yes/no questions ("Does every game have a Nash equilibrium?") and the unit that answers.

Pure: used by the extractive composer (:func:`rag.answer.extractive.choose_units`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.evidence import ScoredUnit
from rag.retrieval.keyword import tokenize

ASKS_YES_NO = re.compile(
    r"^\W*(?:does|do|did|is|are|was|were|can|could|will|would|has|have|had|should)\s", re.I
)
"""A question answered yes or no: it opens with an auxiliary verb."""
STATING_WITHIN = 0.95
"""A sentence that states the asked relation may lead, scoring this close to the best."""


def stating_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """``ranked``, led by a sentence holding every word of a yes/no question, over a table row.

    "does every game have a nash equilibrium?" was answered with the table row "Subgame
    perfect equilibrium: … Nash equilibrium in every subgame…" (0.784) over "Nash's
    existence theorem (1950) states that every game with finitely many players … has at
    least one Nash equilibrium" (0.774), which states what was asked (a blind train
    question of eval/check_courses/game_theory). A row about the terms is not a statement
    of the relation the question asks about; a sentence naming all its words is. A
    sentence or list line that leads stays: "NULL = NULL is UNKNOWN, not TRUE" answers "Is
    NULL = NULL true in SQL?" better than the longer sentence that also says "SQL".
    """
    if len(ranked) < 2 or not ASKS_YES_NO.match(question):
        return list(ranked)
    words = set(tokenize(question))
    lead = ranked[0]
    if lead.unit.kind != "table_row" or not words or words <= set(tokenize(lead.unit.text)):
        return list(ranked)  # a line states something itself: "NULL = NULL is UNKNOWN…"
    for candidate in ranked[1:]:
        if candidate.score < lead.score * STATING_WITHIN:
            break
        if candidate.unit.kind == "sentence" and words <= set(tokenize(candidate.unit.text)):
            return [candidate, *(s for s in ranked if s is not candidate)]
    return list(ranked)
