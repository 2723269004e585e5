"""Who did what a question asks: the line with its verb, over lines with its other words.

"who won the 1401 competition for the baptistery doors" is answered by the sentence that
says who won, not by the call for designs that holds the question's other words. Pure
logic over scored units (:mod:`rag.answer.ordering` applies it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.asked import key_terms, unit_terms
from rag.answer.evidence import ScoredUnit
from rag.answer.question_forms import NAME_WORD
from rag.retrieval.keyword import tokenize


def winner_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For "who won…", the line of the best one's passage saying who won, with a name.

    "who won the 1401 competition for the baptistery doors" quoted the call for designs
    ("In 1401 the Calimala guild invited designs…", 0.71) and not "Ghiberti won and spent
    more than twenty years on the doors…" (0.23), three sentences on (an Italian
    Renaissance probe): the question's own words are the call's, its outcome the verb's.
    """
    if len(ranked) < 2:
        return list(ranked)
    lead = ranked[0]
    asked = _ASKS_WINNER.match(question)
    done_to = _ASKS_DONE_TO.match(question)
    if done_to is not None and asked is None:
        # Or what was done to whom, when the verb is the question's rarest word: "which grand
        # pensionery was murdered in 1672" quoted Johan de Witt's office, not "On 20 August
        # 1672, Johan and his brother Cornelis were murdered…" (a Dutch Golden Age probe).
        heaviest = max(lead.weights.values(), default=0.0)
        stems = tokenize(done_to["verb"])
        asked = done_to if stems and lead.weights.get(stems[0], 0.0) >= heaviest else None
    if asked is None:
        return list(ranked)
    verb = set(tokenize(asked["verb"]))
    if verb <= unit_terms(lead.unit.text):
        return list(ranked)
    # And one more of the question's key words: not "The Greeks won independence…" for
    # "Who won the Crimean War…" (a history train question the notes do not answer).
    keys = key_terms(lead.weights, margin=0.5) - verb
    asked_words = set(tokenize(question))
    lead_names = {t for w in NAME_WORD.findall(lead.unit.text) for t in tokenize(w)} - asked_words
    for scored in ranked[1:]:
        unit = scored.unit
        names = {t for w in NAME_WORD.findall(unit.text) for t in tokenize(w)} - asked_words
        # Of the best one's passage, or naming whom it names ("Johan" of "Johan de Witt").
        held = unit_terms(unit.text)
        if (
            verb <= held
            and keys & held
            and names
            and (unit.passage == lead.unit.passage or names & lead_names)
        ):
            return [scored, *(s for s in ranked if s is not scored)]
    return list(ranked)


_ASKS_WINNER = re.compile(r"^\W*who\s+(?P<verb>won|wins|defeated|beat|lost)\b", re.I)
"""A question for who came out of a contest, which its outcome verb says."""
_ASKS_DONE_TO = re.compile(
    r"^\W*(?:who|which\s+(?:[a-z]+\s+){1,3}?)(?:was|were)\s+(?P<verb>[a-z]{3,}ed)\b", re.I
)
"""A question for whom something was done to: "which grand pensionary was murdered"."""
