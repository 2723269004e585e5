"""Definitions that running prose states without marking its terms.

Notes written as paragraphs define their terms in plain sentences: "The electron
transport chain is a series of protein complexes embedded in the inner mitochondrial
membrane.", "The space inside the inner membrane is the matrix.", "…the point at which
photosynthesis exactly balances respiration is called the compensation point." Nothing
is bold, capitalised or abbreviated, so :func:`rag.study.quiz.units.find_terms` finds no
term in them, and a newcomer's two-file biology course got blanks only. Read here, the
short side of such a sentence is the term and the long side its definition, in either
order:

    >>> definition("The transport chain is a row of protein complexes set in the inner membrane.")
    ('The transport chain', 'is a row of protein complexes set in the inner membrane', ())
    >>> definition("The space inside the inner membrane is the matrix.")
    ('matrix', 'is the space inside the inner membrane', ())
    >>> definition("The main pigment of photosynthesis is chlorophyll a, which absorbs red light.")
    ('chlorophyll a', 'is the main pigment of photosynthesis', ())
    >>> definition("The point at which uptake balances loss is called the compensation point.")
    ('compensation point', 'is the point at which uptake balances loss called', ())
    >>> definition("ATP, or adenosine triphosphate, is the energy currency of the cell.")
    ('ATP', 'is the energy currency of the cell', ('adenosine triphosphate',))

The clue reads after "what": "According to the course, what is the space inside the
inner membrane?"

A sentence that points back ("This process is called…") or opens on a clause
("In a plant, …") is not read: what it defines is in the sentence before.
"""

from __future__ import annotations

import re

from rag.study.quiz.matching import content_words, occurs
from rag.study.quiz.timelines import POINTING

TERM_WORDS = 4
"""Most words a term takes: a longer side is a description, not a name."""

CLUE_WORDS = 5
"""Fewest content words a definition needs to point at one term: one more than a marked
term's, since nothing but the sentence's shape says this one is a term ("Insomnia is a
risk factor for later depression" names one risk factor of many)."""

_OPENERS = frozenset({
    "it", "its", "this", "these", "those", "that", "they", "their", "there", "here",
    "each", "every", "some", "both", "one", "most", "many", "all", "such", "any",
    "another", "other", "what", "which", "who", "whom", "whose", "when", "where", "while",
    "if", "although", "though", "because", "since", "as", "so", "but", "and", "or", "yet",
    "in", "on", "at", "for", "with", "from", "by", "to", "after", "before", "during",
    "over", "under", "unlike", "like", "than", "then", "thus", "however", "our", "your",
    "my", "his", "her", "below", "above", "related", "next"
})  # fmt: skip
"""First words of a side that is no term: a pronoun, a determiner that points back, a
conjunction or a preposition opening a clause."""

_POINTING = POINTING | {"their", "such"}
"""Words in a subject that point elsewhere (:data:`rag.study.quiz.timelines.POINTING`)."""

_NOT_IN_TERM = frozenset({
    "of", "in", "on", "at", "for", "with", "from", "by", "inside", "into", "through",
    "between", "within", "without", "about", "which", "that", "who", "whose", "where",
    "when", "whom", "than", "as", "is", "are", "was", "were", "be", "been", "being", "has",
    "have", "had", "not"
})  # fmt: skip
"""Words a term does not hold: "the space inside the inner membrane" describes."""

_CLAUSE_WORDS = frozenset({
    "should", "must", "can", "could", "will", "would", "may", "might", "note", "notes",
    "noted", "say", "says", "said", "see", "shows", "showed", "argue", "argues", "argued"
})  # fmt: skip
"""Words of a side that is a clause, not a description: "Students should note that every
pathogen in Part 3 is a chemoheterotroph" defines nothing."""

_RANKING = frozenset({
    "key", "main", "classic", "standard", "usual", "typical", "commonest", "common", "most",
    "best", "worst", "first", "last", "same", "only", "whole", "real", "basic", "simplest",
    "biggest", "largest", "greatest", "central", "chief", "major", "primary", "principal",
    "crucial", "important", "extreme", "leading", "obvious", "clearest", "next"
})  # fmt: skip
"""First words of a complement that ranks or sorts rather than names: "Missing a relevant
variable is the commonest error", "…is the key stylistic decision" (check courses)."""

_CATEGORY = frozenset({
    "example", "examples", "case", "cases", "alternative", "alternatives", "limit", "limits",
    "result", "results", "reason", "reasons", "problem", "issue", "factor", "factors",
    "feature", "features", "question", "answer", "difference", "idea", "one"
})  # fmt: skip
"""Last words of a complement that says what sort of thing the subject is, not its name:
"PSA testing is the much-debated example" (a check course)."""

_AMOUNT = re.compile(r"(?:a\s+(?:little|few|lot|bit)|about|around|roughly|nearly|almost)\b")
"""A complement that is an amount: "…is a little over twice the Sun's"."""

_COPULA = re.compile(
    r"^(?P<subject>[A-Z][^,;:()]{0,60}?)"
    r"(?:,\s+or\s+(?P<alias>[^,;()]{3,40}),)?"
    r"\s+(?P<verb>is|are)\s+(?:(?:therefore|also|usually|often|now)\s+)?"
    r"(?P<called>(?:called|known\s+as|termed|named)\s+)?"
    r"(?P<rest>[^;]{2,}?)[.;]?$"
)


def _term(side: str) -> bool:
    words = side.split()
    return (
        1 <= len(words) <= TERM_WORDS
        and words[0].lower() not in _OPENERS
        and not any(word.lower() in _NOT_IN_TERM for word in words)
        and any(c.isalpha() for c in side)
    )


def _without_article(side: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", side, flags=re.IGNORECASE)


def definition(sentence: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(term, clue, aliases) of a sentence "X is Y" whose one side names the other.

    The term is the short side (:data:`TERM_WORDS`), the definition the long side, with
    :data:`CLUE_WORDS` content words at least; "X is called Y" reads the same. A term
    that is the subject keeps its article ("The electron transport chain"), one that is
    the complement loses it ("matrix" for "…is the matrix"). None when neither side is
    a term, when the sentence goes on after a short complement ("…is chlorophyll a,
    which absorbs…"), or when the term is named again in its definition.
    """
    match = _COPULA.match(sentence.strip())
    if not match or "=" in sentence:
        return None  # "The current density J = I/A is…": a formula is read, not named
    subject, verb, rest = match["subject"].strip(), match["verb"], match["rest"].strip()
    aliases = (match["alias"].strip(),) if match["alias"] else ()
    called = bool(match["called"])
    if subject.split()[0].lower() in _OPENERS or set(subject.lower().split()) & _POINTING:
        return None  # "Opposing this system is…": what it defines is in the sentence before
    rest = rest.split(": ")[0].strip()  # "…currency of the cell: removing…" explains on
    if called:
        rest = rest.split(",")[0].strip()
    # A term glossed by its other name ("ATP, or adenosine triphosphate, is…") is being
    # defined whatever the length of the definition.
    needed = CLUE_WORDS - 2 if aliases else CLUE_WORDS
    if _term(subject) and len(content_words(rest)) >= needed and not called:
        ranked = {word.lower() for word in subject.split()[:3]} & _RANKING
        if (
            re.match(r"(?:the|a|an|one)\s", rest)
            and not ranked  # "The most prestigious method is…", "The classic example is…"
            and subject.split()[-1].lower() not in _CATEGORY
            and _without_article(rest).split()[0].lower() not in _RANKING | {"one"}
            and not rest.endswith(":")
            and not _AMOUNT.match(rest)
            and not occurs(subject, rest)
            and not set(rest.lower().split()) & _CLAUSE_WORDS
        ):
            return subject, f"{verb} {rest}", aliases
        return None
    # "…is chlorophyll a, which absorbs violet-blue and red light": what follows the
    # comma describes the complement further.
    rest, *further = re.split(r",\s+(?:which|who|where|whose)\b", rest)
    complement = _without_article(rest)
    if (
        subject.lower().startswith("the ")  # "The space inside…", a description
        and (complement != rest or further)  # a noun, not "…is falling"
        and complement.split()[-1].lower() not in _CATEGORY
        and not re.match(r"(?:a|an)\s", rest, flags=re.IGNORECASE)  # a kind: "…is a myth"
        and complement.split()[0].lower() not in _RANKING
        and complement[-1:].isalnum()
        and not aliases
        and not set(subject.lower().split()) & _CLAUSE_WORDS
        and _term(complement)
        and "," not in rest
        and len(content_words(subject)) >= CLUE_WORDS - 2
        and not occurs(complement, subject)
    ):
        described = subject[0].lower() + subject[1:] if subject[1:2].islower() else subject
        return complement, f"{verb} {described}" + (" called" if called else ""), ()
    return None
