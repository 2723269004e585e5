"""What a quoted sentence announces: the formula after its colon, the answer after a teaser.

Notes state a law or a measure in a sentence that ends with a colon and put the formula on
the next line: "…giving **Bragg's law**:", then "> nλ = 2d sin θ". The answer to "what is
bragg's law" quoted the sentence and left the law out; "how do you calculate growing degree
days" lost "GDD = [(Tmax + Tmin) / 2] − Tbase" the same way (students' probes of a
mineralogy and an agronomy course). And a sentence may only say that a question was
answered: "Martin Weitzman's 1974 paper "Prices vs. Quantities" showed which error is more
costly." was the whole answer to when a tax beats a cap, the rule two lines below (an
environmental economics probe). Pure logic over evidence units (:mod:`rag.answer.evidence`),
used by :func:`rag.answer.extractive.choose_units`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.asked import ASKS_FORMULA
from rag.answer.definitions import ASKS_RESULT, RESULT, next_unit
from rag.answer.evidence import EvidenceUnit
from rag.answer.line_forms import FORMULA_LINE, LEAD_IN
from rag.answer.lists import block_of, same_paragraph
from rag.answer.posed import listed_after
from rag.text.chunks import breaks_off

_LEGEND = re.compile(r"^where\s+\S+\s+(?:is|are|=)\s", re.I)
"""The line saying what a formula's letters stand for: "where n is the order of reflection…"."""


def announced_formula(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The formula ``unit`` announces with its colon, and the line that reads its letters.

    >>> from rag.answer.evidence import EvidenceUnit
    >>> lines = ["…giving Bragg's law:", "nλ = 2d sin θ.", "where n is the order of reflection."]
    >>> units = [EvidenceUnit(0, 40 * i, 40 * i + 39, t, "sentence") for i, t in enumerate(lines)]
    >>> [u.text for u in announced_formula(units[0], units)]
    ['nλ = 2d sin θ.', 'where n is the order of reflection.']

    Or the line that ends a sentence the notes break off before it: "…Hamilton's rule
    states that altruism is favoured when", then "> rB > C, where r is…" (an entomology
    probe's answer ended on "when").
    """
    if unfinished(unit):
        rest = next_unit(unit, units)
        return [rest] if rest is not None and _OPENS_ON_FORMULA.match(rest.text) else []
    if not LEAD_IN.search(unit.text.rstrip()):
        return []
    formula = next_unit(unit, units)
    if formula is None:
        return []
    if not FORMULA_LINE.match(formula.text.strip()):
        return [formula] if _states_announced(unit, formula) else []
    legend = next_unit(formula, units)
    return [formula, legend] if legend is not None and _LEGEND.match(legend.text) else [formula]


def announces(unit: EvidenceUnit, formula: EvidenceUnit) -> bool:
    """Whether ``unit`` ends with the colon that announces ``formula``, the line after it.

    Or breaks off before it (:func:`unfinished`), so the two read as one sentence.
    """
    if formula.passage != unit.passage or formula.start < unit.end:
        return False
    if unfinished(unit):
        return bool(_OPENS_ON_FORMULA.match(formula.text))
    return bool(LEAD_IN.search(unit.text.rstrip())) and (
        bool(FORMULA_LINE.match(formula.text.strip())) or _states_announced(unit, formula)
    )


def _states_announced(unit: EvidenceUnit, statement: EvidenceUnit) -> bool:
    """Whether ``unit`` names a law or a rule with a colon and ``statement`` states it.

    "This is the Frank–Starling law of the heart:" and, set on its own line, "> Within
    physiological limits, the greater the end-diastolic volume, the greater the stroke
    volume." (a cardiovascular probe's answer quoted the name without the law).
    """
    return (
        unit.kind == statement.kind == "sentence"
        and bool(_NAMES_A_LAW.search(unit.text))
        and not LEAD_IN.search(statement.text.rstrip())
    )


_NAMES_A_LAW = re.compile(
    r"\b(?:law|rule|principle|theorem|postulate|maxim|axiom|paradox)\b[^:]{0,40}:\.?$", re.I
)


def announcing(text: str) -> str:
    """An announcing sentence as it leads into what it announces: "…Bragg's law:", "…when".

    >>> announcing("…giving Bragg's law:."), announcing("altruism is favoured when.")
    ("…giving Bragg's law:", 'altruism is favoured when')
    """
    return re.sub(r"\s*:\.?$", ":", re.sub(rf"({_BREAKS_OFF})\.$", r"\1", text.rstrip()))


def unfinished(unit: EvidenceUnit) -> bool:
    """Whether a sentence breaks off on a word no sentence ends with: "…is favoured when"."""
    return unit.kind == "sentence" and bool(_UNFINISHED.search(unit.text.rstrip()))


_BREAKS_OFF = r"\b(?:when|whenever|whereby|if|because|than|equals)"
"""Words a sentence the notes break off before a formula or a quotation ends on; not "that",
"of" or "is", which end a sentence now and then ("He denied that.")."""
_UNFINISHED = re.compile(rf"{_BREAKS_OFF}\.?$")
_OPENS_ON_FORMULA = re.compile(r"^[^\s.]{1,12}\s*[=<>≤≥≈]")
"""A line opening on a formula, "rB > C, where…", as no sentence going on does: not the next
sentence after "…which laws applied, and when." (an al-Andalus course)."""


_TEASER = re.compile(
    r"\b(?:show(?:s|ed|n)?|asked|explain(?:s|ed)|examin(?:es|ed)|determin(?:es|ed)"
    r"|decid(?:es|ed)|work(?:s|ed)\s+out)\s+(?:which|what|how|whether|why|when|who)\b"
    r"[^.;:!?]*\.?$"
)
"""A sentence ending on a question it says was answered: "…showed which error is more
costly.", not one giving the answer ("showed that…")."""
_IS_NOT = re.compile(r"\b(?:is|are|was|were)\s+not\b")
_RATHER = re.compile(r"^(?:(?:It|They)\s+(?:is|are|was|were)\b|Rather\b|Instead\b)")
"""What a thing is, after a sentence saying what it is not."""
_ASKS_EXAMPLE = re.compile(
    r"\b(?:give|giving|provide|with|and|plus)\s+(?:me\s+)?(?:an?\s+|some\s+)?examples?\b", re.I
)
"""A question asking for an example beside what it asks: "…, give an example"."""
ANSWER_ITEMS = 8
"""Most list items quoted after the sentence that announces them."""


def continued_list(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    r"""The list a sentence breaks off before, which finishes it.

    "what are mersenne's laws" quoted "…they are still called Mersenne's laws: the
    fundamental frequency is" without "1. inversely proportional to the length of the
    string…" and the two items after it (an acoustics probe).

    >>> from rag.answer.evidence import split_units
    >>> units = split_units(0, "The frequency is\n\n1. inversely proportional to L;\n2. more.\n")
    >>> [u.text for u in continued_list(units[0], units)]
    ['inversely proportional to L.', 'more.']
    """
    following = next_unit(unit, units) if unit.kind == "sentence" else None
    if following is None or following.kind != "list_item":
        return []
    if not breaks_off(unit.text.rstrip().removesuffix(".")):  # the unit's added full stop
        return []
    return block_of(following, units)[:ANSWER_ITEMS]


def answered_after(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    r"""The answer after a sentence that only says a question was answered (:data:`_TEASER`).

    The next sentence, and the list it announces with a colon ("The answer depends on the
    relative slopes…:", then the two cases). Or after the method an answer to what was
    found quoted, the list of what was found (:data:`ASKS_RESULT`).

    >>> from rag.answer.evidence import split_units
    >>> units = split_units(0, "Weitzman showed which error is more costly. It depends on slopes:"
    ...                     "\n\n1. Steep damages: a cap.\n2. Steep costs: a tax.\n", "")
    >>> [u.text for u in answered_after('', units[0], units)]
    ['It depends on slopes:.', 'Steep damages: a cap.', 'Steep costs: a tax.']
    """
    if unit.kind != "sentence":
        return []
    answer = next_unit(unit, units)
    if answer is None or answer.kind not in ("sentence", "list_item"):
        return []
    if answer.kind == "list_item":  # under a label of its own: "The answer depends on…:"
        return block_of(answer, units)[:ANSWER_ITEMS] if _TEASER.search(unit.text) else []
    # Or the method a what-did-they-find question was answered with, when a list of what
    # was found follows: "Liberman and colleagues (1957) created a continuum… from /ba/
    # through /da/ to /ɡa/…" then "They used two tasks:" and what listeners did in each
    # (a phonetics probe).
    method = (
        ASKS_RESULT.search(question)
        and not RESULT.search(unit.text)
        and LEAD_IN.search(answer.text)
    )
    if not (_TEASER.search(unit.text) or method):
        return []
    if not LEAD_IN.search(answer.text):
        return [answer]
    # A list, not a table: "…he gave the answer "form ever follows function", proposing:"
    # and the three rows of the building's parts answer no who-question.
    items = [u for u in listed_after(answer, units) if u.kind == "list_item"]
    return [answer, *items[:ANSWER_ITEMS]]


def with_announced(
    question: str, chosen: Sequence[EvidenceUnit], units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """``chosen``, with what its sentences announce or leave to the next one.

    Each sentence that announces a formula is followed by it, and each saying what a thing
    is not by what it is; the best one that only says a question was answered by the
    answer (:func:`answered_after`), or by the example asked for (:data:`_ASKS_EXAMPLE`).

    For a question asking for a law or a calculation, the best sentence's next one joins
    when it is what announces the formula: "Amdahl's law (Gene Amdahl, 1967) bounds the
    gain from improving part of a system." goes on "If a fraction f of time is sped up by
    a factor s:" and "Speedup = 1 / ((1 − f) + f / s)" (a computer architecture probe).
    """
    told: list[EvidenceUnit] = []
    for number, unit in enumerate(chosen):
        told.append(unit)
        more = announced_formula(unit, units)
        asks = number == 0 and ASKS_FORMULA.search(question)
        lead_in = next_unit(unit, units) if asks and not more else None
        if lead_in is not None and lead_in not in chosen:
            announced = announced_formula(lead_in, units)
            more = [lead_in, *announced] if announced else []
        if not more:
            more = continued_list(unit, units)
        if number == 0 and not more:
            more = answered_after(question, unit, units)
        if number == 0 and not more and _ASKS_EXAMPLE.search(question):
            # "what is complementary distribution, give an example" quoted the definition,
            # not "English [pʰ] occurs at the start of stressed syllables (pin)…" after it.
            example = next_unit(unit, units)
            if example is not None and example.kind == "sentence" and same_paragraph(example, unit):
                more = [example]
        if not more and _IS_NOT.search(unit.text):
            # "The VSL is not the value of any identified person's life." and not what it
            # is, "It is the rate at which people trade money…" (a probe of the VSL).
            rather = next_unit(unit, units)
            more = [rather] if rather is not None and _RATHER.match(rather.text) else []
        told += [u for u in more if u not in chosen and u not in told]
    return told
