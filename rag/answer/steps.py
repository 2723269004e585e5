"""A numbered list asked for as a whole: the steps, stages or sequence a question wants.

"What are the steps food goes through in the gut…?" names the first step and asks for all
six; "How did the Fourth Crusade end up sacking Constantinople…?" is the sequence its
paragraph announces two sentences on. Pure rules over evidence units
(:mod:`rag.answer.evidence`), used by :func:`rag.answer.extractive.choose_units`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from rag.answer.asked import ASKS_STEPS, QUESTION_FRAME, unit_terms
from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.answer.line_forms import LEAD_IN
from rag.answer.lists import block_of, same_paragraph
from rag.retrieval.keyword import tokenize
from rag.retrieval.synonyms import GROUP_MARK


def numbered_steps(
    question: str,
    lead: ScoredUnit,
    units: Sequence[EvidenceUnit],
    ranked: Sequence[ScoredUnit] = (),
) -> list[EvidenceUnit]:
    """The numbered list of the best unit when the question asks for the steps or stages.

    "What are the steps food goes through in the gut from the mouth to the end?" names the
    first step, "1. Mouth — chewing…", and asks for all six (a student's probe of a
    nutrition course); "which enzyme grabs CO2 in the first step…" asks for one.

    Or the numbered list the best sentence's paragraph ends by announcing: "What were the
    stages Akbar went through to reform land revenue?" found "Land revenue provided the
    bulk of imperial income, and Akbar's revenue reforms…", then "The reforms proceeded by
    trial and error:" and three dated stages (a student's probe of a Mughal course). For
    any list asked for, the numbered list the next paragraph announces in a word of the
    question (:func:`_announces_asked`).
    """
    steps = bool(ASKS_STEPS.search(question))
    item = lead.unit
    if item.kind in ("sentence", "definition"):
        item = (
            _item_announced(question, lead, units, steps)
            or _sequence_among(question, lead, ranked)
            or (_sequence_announced(lead, ranked, units) if steps else None)
            or item
        )
    elif not item.ordinal:
        # A bullet of another list: "how did the single whip method work" found "Land
        # survey (1578–1581): … to support the spread of the Single Whip Method", a reform
        # of Zhang Juzheng's, over the method's five steps (a Ming probe).
        item = _sequence_among(question, lead, ranked) or item
    if not steps and item is lead.unit and not _goes_through(question, lead, ranked):
        return []
    return _numbered(item, units) if item.kind == "list_item" else []


def _item_announced(
    question: str, lead: ScoredUnit, units: Sequence[EvidenceUnit], steps: bool
) -> EvidenceUnit | None:
    """The first item of the list announced after the best sentence, or by it; or None.

    Steps asked for: the list the sentence's paragraph goes on to announce, or the sentence
    itself does. How events led somewhere: the list its paragraph announces further on.
    Any list asked for: one the next paragraph announces in a word of the question.
    """
    unit = lead.unit
    after = sorted((u for u in units if u.passage == unit.passage and u.start >= unit.end),
                   key=lambda u: u.start)  # fmt: skip
    if asks_how_it_came(question):
        # "How did the Fourth Crusade end up sacking Constantinople…?": the sequence its
        # paragraph announces two sentences on (a Byzantium probe).
        while len(after) > 1 and after[0].kind == "sentence" and same_paragraph(after[0], unit):
            if LEAD_IN.search(after[0].text) and after[1].kind == "list_item":
                return after[1]
            after = after[1:]
    after = after[:2]
    if after and after[0].kind == "sentence" and same_paragraph(after[0], unit):
        # Or how it goes: "How does tubuloglomerular feedback bring GFR back down…?" is the
        # six steps after "TGF links… The sequence is:" (a renal probe).
        goes = steps or _ASKS_HOW_DOES.match(question) is not None
        after = after[1:] if goes and LEAD_IN.search(after[0].text) else []
    elif after and after[0].kind == "sentence" and _announces_asked(after[0], lead):
        # The list may open the next chunk, under the sentence as its label.
        label = f"{unit.context} > {after[0].text.rstrip('.').rstrip(':')}"
        after = after[1:] or [u for u in units if u.kind == "list_item" and u.context == label]
    elif not (steps and LEAD_IN.search(unit.text)):
        after = []
    return after[0] if after and after[0].kind == "list_item" else None


_ANNOUNCES_SEQUENCE = re.compile(r"\b(?:sequence|steps|stages|phases|follows|following)\b", re.I)
_SEQUENCE_TERMS = frozenset(tokenize("process procedure sequence step stage phase method"))
"""What a question asks of its subject when it asks for steps: not the subject itself."""
SEQUENCE_SHARE = 0.6
"""How close to the best two items of a sequence score for a how-question to be it."""


def _sequence_among(
    question: str, lead: ScoredUnit, ranked: Sequence[ScoredUnit]
) -> EvidenceUnit | None:
    """The first item of a numbered sequence two of whose items score close to the best.

    "How does ADH actually make the collecting duct permeable to water?" found a sentence
    restating the question first, and steps 4 and 1 of the six under "At the collecting
    duct, ADH acts through the following cellular sequence:" at 0.67 and 0.63 of it (a
    renal probe). Only for a how-does question, and a list its label calls a sequence.
    """
    if not _ASKS_HOW_DOES.match(question):
        return None
    found: dict[tuple[int, int], list[EvidenceUnit]] = {}
    for scored in ranked:
        unit = scored.unit
        label = unit.context.rsplit(" > ", 1)[-1]
        if (
            scored.score >= SEQUENCE_SHARE * lead.score
            and unit.kind == "list_item"
            and unit.ordinal
            and _ANNOUNCES_SEQUENCE.search(label)
        ):
            found.setdefault((unit.passage, unit.block), []).append(unit)
    return next((items[0] for items in found.values() if len(items) >= 2), None)


def _sequence_announced(
    lead: ScoredUnit, ranked: Sequence[ScoredUnit], units: Sequence[EvidenceUnit]
) -> EvidenceUnit | None:
    """The first item of a numbered list that a close sentence's paragraph calls a sequence.

    "what are the steps of making an oldowan tool" found the dates of the oldest tools
    first; a sentence close behind it, "The first widespread technology is the Oldowan…",
    opens the paragraph that ends "…reconstruct the basic sequence:" and the five steps
    (a paleoanthropology probe).
    """
    # The sequence of the thing asked about, if one is announced by name: "what are the
    # steps of the daguerrotype process" found the wet collodion's paragraph first, which
    # compares it with the daguerreotype; "The daguerreotype was made in this sequence:"
    # announces the six asked for (a photography probe).
    asked = {
        t: w for t, w in lead.weights.items()
        if t not in QUESTION_FRAME and t not in _SEQUENCE_TERMS and not t.startswith(GROUP_MARK)
    }  # fmt: skip
    heaviest = {max(asked, key=asked.__getitem__)} if asked else set()
    announced: list[EvidenceUnit] = []
    for scored in ranked:
        if scored.score < SEQUENCE_SHARE * lead.score:
            break
        unit = scored.unit
        if unit.kind != "sentence":
            continue
        after = sorted((u for u in units if u.passage == unit.passage and u.start >= unit.end),
                       key=lambda u: u.start)  # fmt: skip
        for announcing, first in pairwise(after):
            if announcing.kind != "sentence" or not same_paragraph(announcing, unit):
                break
            if LEAD_IN.search(announcing.text) and _ANNOUNCES_SEQUENCE.search(announcing.text):
                if first.kind == "list_item" and first.ordinal:
                    if heaviest <= unit_terms(announcing.text):
                        return first
                    announced.append(first)
                break
    return announced[0] if announced else None


def _numbered(item: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The numbered list ``item`` is in, at its depth; none for a bulleted one."""
    block = [u for u in block_of(item, units) if u.indent == item.indent]
    return block if len(block) >= 2 and all(u.ordinal for u in block) else []


_ASKS_HOW_IT_CAME = re.compile(
    r"^\W*how\s+(?:did|does|do|was|were|could)\b.*?\b(?:end(?:ed)?\s+up|c[oa]me\s+to|happen"
    r"|led\s+to|lead\s+to|turn(?:ed)?\s+into|came\s+about)\b",
    re.I,
)


def _goes_through(question: str, lead: ScoredUnit, ranked: Sequence[ScoredUnit]) -> bool:
    """Whether a how-question is answered by the numbered list of the best unit, an item.

    So when another item of it is close to the best too (:data:`SIBLING_SHARE`).

    One item alone answers one step: "How did the marginal revolution resolve the
    diamond-water paradox?" is its own item of a numbered history of economic thought.
    """
    unit = lead.unit
    return bool(
        _ASKS_HOW_DOES.match(question) and unit.kind == "list_item" and unit.ordinal
    ) and any(
        s.unit is not unit
        and (s.unit.passage, s.unit.block) == (unit.passage, unit.block)
        and s.score >= SIBLING_SHARE * lead.score
        for s in ranked
    )


SIBLING_SHARE = 0.85
"""How close to the best a second item of its numbered list scores when a how-question is
about the whole sequence."""
_ASKS_HOW_DOES = re.compile(
    r"^\W*how\s+(?:\w+ly\s+)?(?:does|do|did)\s+(?!(?:i|you|we|one)\b)"
    r"(?![^?]*\b(?:affect|affects|influence|influences|change|changes)\b)"
    # Or how a thing was made: "How was iron made in a bloomery furnace?" is "The basic
    # sequence was:" and its six steps (a Celtic Europe probe quoted the definition).
    r"|^\W*how\s+(?:is|are|was|were)\s+[^?]*?\b(?:made|produced|manufactured|smelted|forged"
    r"|prepared|extracted|built|constructed)\b",
    re.I,
)
"""How something goes: led by an item of a numbered list, the list in order answers. "How
does air actually move through a bird's lungs and air sacs…?" quoted the second inhalation
before the first and neither exhalation (an ornithology probe). Not how one thing affects
another: "how does mash temperature affect how dry or sweet the beer is" quoted the six
brewhouse vessels (a brewing probe)."""


def asks_how_it_came(question: str) -> bool:
    """Whether a question asks how events led somewhere: a sequence the notes number answers.

    >>> asks_how_it_came("How did the Fourth Crusade end up sacking Constantinople?")
    True
    >>> asks_how_it_came("How did the Fourth Crusade affect Venice?")
    False
    """
    return bool(_ASKS_HOW_IT_CAME.match(question))


def asks_how_it_goes(question: str) -> bool:
    """Whether a question asks how something goes or came about: a numbered list may answer."""
    return asks_how_it_came(question) or bool(_ASKS_HOW_DOES.match(question))


def _announces_asked(sentence: EvidenceUnit, lead: ScoredUnit) -> bool:
    """Whether ``sentence``, after the best unit, announces a list in a word it lacks.

    "What layers of defence did an attacker have to get through…?" found the definition
    of the Theodosian Walls ("…built as a layered defence in depth"), and the next
    paragraph, "An attacker approaching from the west had to overcome, in order:",
    announces the five layers (a Byzantium probe).
    """
    if not LEAD_IN.search(sentence.text):
        return False
    asked = lead.weights.keys() - QUESTION_FRAME - unit_terms(lead.unit.text)
    return bool(asked & unit_terms(sentence.text))
