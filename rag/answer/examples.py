"""Examples a question asks for, gathered from every passage that names some.

Pure functions over scored units, used by :func:`rag.answer.extractive.choose_units`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from rag.answer.decide import names_several
from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.answer.question_forms import asks_for_named_examples
from rag.retrieval.keyword import tokenize

EXAMPLES_FLOOR = 0.8
"""Another passage's names join an answer naming examples when they score this close."""


def names_elsewhere(
    question: str, ranked: Sequence[ScoredUnit], keys: Collection[str]
) -> list[EvidenceUnit]:
    """Units of other passages that name more of the examples a question asks for.

    "Which AI music tools are mentioned?" was answered with one document's "Tools: AIVA,
    Amper Music, Google MusicLM." while another names "OpenAI's MuseNet and Google's
    Magenta": each document names its own, and the student asked for them all. One of
    ``keys``, the question's key terms, must introduce the names (:func:`introduces_names`).
    """
    lead = ranked[0]
    if not (asks_for_named_examples(question) and names_several(lead.unit.text)):
        return []
    return [
        candidate.unit
        for candidate in ranked[1:]
        if candidate.unit.passage != lead.unit.passage
        and candidate.score >= lead.score * EXAMPLES_FLOOR
        and names_several(candidate.unit.text)
        and introduces_names(candidate.unit.text, keys)
    ]


_INTRODUCES = re.compile(r"[\w-]+(?=\s*(?::|\(|,?\s+(?:like|such\s+as|including|e\.g\.)\s))", re.I)


def introduces_names(text: str, keys: Collection[str]) -> bool:
    """Whether a word of ``keys`` introduces the names ``text`` gives ("Tools like MuseNet…").

    "…image creation tools, or music composers using open-source frameworks like
    TensorFlow, PyTorch…" names frameworks, not the tools asked for.

    >>> introduces_names("Tools like OpenAI's MuseNet and Google's Magenta compose.", {"tool"})
    True
    >>> introduces_names("Build tools or composers with frameworks like PyTorch, JAX.", {"tool"})
    False
    """
    return any(set(tokenize(match.group())) & set(keys) for match in _INTRODUCES.finditer(text))
