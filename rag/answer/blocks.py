"""Which whole list or table answers a question: the one its headings or label name.

"What are the risks?" names a list's heading ("Risks:"), not an item in it; "what are
keplers three laws" the list of three under "The three laws"; "what did vesalius correct in
galen" the list "Among the corrections:". Pure rules over the units of the retrieved
passages, read by :func:`rag.answer.extractive.choose_units`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rag.answer.asked import QUESTION_FRAME, USES_LABEL, key_terms, term_coverage, unit_terms
from rag.answer.decide import STATED_FLOOR, asks_for_number
from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.answer.headed import leading_label
from rag.answer.lists import (
    ANNOUNCES,
    asked_count,
    block_of,
    counted_under_label,
    described_thing,
    following_units,
    heading_holds_the_rest,
    labelled_paragraphs,
    list_introduced,
    lists_what_is_asked,
    names_one_item,
    same_paragraph,
)
from rag.answer.numbers import own_numbers, quantities
from rag.answer.question_forms import asks_maker, asks_who, asks_why, question_names
from rag.retrieval.keyword import tokenize
from rag.text.chunks import COUNT
from rag.text.everyday import english_frequency

COUNTED_FLOOR = 0.4
"""Least score, against the best, of a list as long as the question counts (under a label
holding its words): "which buildings are on the four sides of the maydan-i naqsh-i jahan"
is the four under "Each side of the maydan was given a building…:" (0.44 of the line on
the square's size, which the answer quoted: a Safavid history probe)."""


def answering_block(
    ranked: Sequence[ScoredUnit],
    units: Sequence[EvidenceUnit],
    several: bool,
    *,
    max_list: int = 12,
    small: int = 3,
    relative_floor: float = 0.7,
    question: str = "",
) -> list[EvidenceUnit]:
    """A whole list or table that answers, when its heading names the question's subject.

    "What are the risks?" names the heading of a list ("Risks:"), not an item in it,
    so the answer is the list. A short list under a heading that names the subject
    ("Voice Cloning": what it does, its use cases) is answered whole too. A question
    whose key word is in an item ("optimizers" -> "Optimization: Adam, AdamW") is not. Nor
    one a sentence with its key words answers: "FOLLOW(A)… is the set of terminals…" over
    the table of the example grammar's FIRST and FOLLOW sets (a compilers probe).
    """
    if not ranked:
        return []
    lead = ranked[0]
    described = described_thing(lead.unit, units, small)
    if several and described:
        return described
    keys = key_terms(lead.weights)
    if not keys:
        return []
    asked = asked_count(lead.weights)  # "the three laws": 3
    labelled = labelled_paragraphs(lead.unit, units) if several else []
    if labelled:
        return labelled[:max_list]
    if (
        several
        and (lead.unit.kind == "sentence" or ANNOUNCES.search(lead.unit.text))
        and key_terms(lead.weights, margin=0.5) & unit_terms(lead.unit.text)
        # Not past a sentence naming them itself: "…the Five Boroughs of Derby, Leicester,
        # Lincoln, Nottingham and Stamford became centres…", not the evidence for settlement
        # listed after it ("which towns were the five boroughs", an Anglo-Saxon probe).
        and not (lead.unit.kind == "sentence" and _names_as_many(lead.unit.text, asked))
    ):
        introduced = list_introduced(lead.unit, units, asked=asked, question_terms=lead.weights)
        if introduced:
            return introduced[:max_list]
    # Not a line with a colon and commas over a list its label counts as asked: "John Rawls
    # called the back-and-forth reflective equilibrium (…, 1971): we adjust principles…,
    # until the two cohere" over the two under "Rawls argued that they would choose two
    # principles" ("what are rawls two principles of justice", an ethics probe).
    counted_list = any(
        s.score >= lead.score * COUNTED_FLOOR and counted_under_label(s.unit, units, lead.weights)
        for s in ranked
        if s.unit.kind == "list_item"
    )
    if (
        names_one_item(lead, units, question)
        and not (several and heading_holds_the_rest(lead, question, units))
    ) or (lists_what_is_asked(lead) and not counted_list):
        return []
    # The best row's own table is no answer when the question picks that row out of it.
    own_row = (not asked and _names_its_row(lead, units)) or _has_the_figures(question, lead, units)
    # "What can LLMs be used for?" asks for the list labelled "Applications:".
    leaf_terms = keys | ({USES_LABEL} & lead.weights.keys())
    asked_all = lead.weights.keys() - QUESTION_FRAME
    lead_lacks_keys = lead.unit.kind == "sentence" and not keys & unit_terms(lead.unit.text)
    plain_what = not (
        asks_maker(question)
        or asks_who(question)
        or asks_for_number(question)
        or asks_why(question)
    )
    # A sentence saying a name the question gives answers over a list that never says it:
    # "Whats the deal with the TTL field in IP packets…" is "…holds a Time to Live (TTL)
    # field…", not the Ethernet frame's rows under "Field" (a networks question).
    # A rare name only: "Generative AI" is every section's.
    named = set(tokenize(" ".join(question_names(question)))) & key_terms(lead.weights, 0.5)
    said_by_lead = named & unit_terms(lead.unit.text) if lead.unit.kind == "sentence" else set()
    # The best line counting what is asked answers alone: "how many inverse kinematics
    # solutions can a PUMA arm have" is "Several solutions in general — …up to eight for a
    # PUMA-type arm…", not its list with "No solution if…" (a robotics probe).
    counts_it = bool(_HOW_MANY.match(question)) and bool(quantities(lead.unit.text))
    found: list[tuple[bool, float, int, list[EvidenceUnit]]] = []
    # Further below a first sentence under the heading that holds none of the asked words:
    # "what are pauling's rules" found "Each cation surrounds itself with as many anions…"
    # (0.88, under "Coordination and Pauling's Rules") over the five rules (0.59; a probe).
    # Only a list whose headings hold every asked word: not the table of other minerals'
    # specific gravities for "whats the specific gravity of halite".
    floor = STATED_FLOOR if several and lead_lacks_keys else relative_floor
    for order, scored in enumerate(ranked):
        if scored.score < lead.score * COUNTED_FLOOR:
            break
        unit = scored.unit
        if unit.kind not in ("list_item", "table_row"):
            continue
        # Lower, a list as long as asked under a label counting it: "what are the three key
        # ideas of mulla sadra's philosophy" is the three under "…rests on three key ideas:"
        # (0.57 of his table row, which the answer quoted: a Safavid history probe).
        counted = counted_under_label(unit, units, lead.weights) or _as_many_as_asked(
            unit, units, lead.weights
        )
        if scored.score < lead.score * floor and not counted:
            continue
        low = scored.score < lead.score * relative_floor
        if low and not counted and not asked_all <= unit_terms(unit.context):
            continue
        if not (counted or keys & label_terms(unit, units)):
            continue
        members = block_of(unit, units)
        if own_row and lead.unit in members:
            continue
        # As many items as asked, under headings naming the subject: "what are the four
        # steps of kochs postulates" (a plant pathology probe quoted the fourth alone).
        counted = counted or 2 <= asked == len(members)
        if said_by_lead and not counted:
            block_terms = set().union(*(unit_terms(f"{u.text} {u.context}") for u in members))
            if said_by_lead - block_terms:
                continue
        # Or under a heading saying all asked ("3. How Lakes Form"), over a sentence without
        # the key words (not "FOLLOW(A)… is the set of terminals…" over its examples' table).
        headed = lead_lacks_keys and asked_all <= unit_terms(unit.context)
        named_by_heading = (
            not keys & unit_terms(unit.text)
            or headed
            or counted
            or heading_holds_the_rest(scored, question, units)
        )
        # A list whose own label, not a heading above, holds what is asked answers a question
        # in the singular too: "what did vesalius correct in galen" is the list "Among the
        # corrections:" (a probe). Not who made it, how many or why (as ``several``), nor
        # who: "who said form ever follows function" quoted the three rows under "In his
        # essay… he gave the answer "form ever follows function", proposing…:" (a probe).
        above = unit.context.rpartition(" > ")[0]
        own_label = (
            plain_what
            and keys <= unit_terms(leading_label(unit.context))
            and not keys & unit_terms(above)
        )
        # Who they were, as many as named: "who were the big six at the march on washington"
        # is the six rows under "The major sponsoring leaders, often called the "Big Six,"
        # were:" (a civil rights probe quoted three).
        group = counted and bool(_WHO_WERE.match(question)) and keys <= unit_terms(unit.context)
        if len(members) >= 2 and (
            ((several or own_label or group) and named_by_heading)
            or (len(members) <= small and scored is lead and not counts_it)
        ):
            # Of two lists ("Risks:", "Mitigations:"), the one right under a heading that
            # names the subject ("Topics", not "Topics Coverage > Creative Applications"),
            # then the one whose headings hold more of the question.
            leaf = bool(leaf_terms & unit_terms(unit.context.split(" > ")[-1]))
            found.append((leaf, term_coverage(lead.weights, unit.context), -order, members))
    return max(found, key=lambda f: f[:3])[3][:max_list] if found else []


def _names_its_row(lead: ScoredUnit, units: Sequence[EvidenceUnit]) -> bool:
    """Whether the question names a name in the best row that no other row of its table has.

    "which ediacaran assemblage is dickinsonia from" is the White Sea row, the one naming
    *Dickinsonia*, not the table under "Assemblage" (a history-of-life probe quoted all
    three rows).
    """
    if lead.unit.kind != "table_row":
        return False
    others = [u for u in block_of(lead.unit, units) if u != lead.unit]
    named = key_terms(lead.weights) & unit_terms(lead.unit.text)
    # A name, not a word of English: "how do you measure how realistic generated images are"
    # asks for the metrics table, not the row "Image Generation: Creates realistic…".
    named = {t for t in named - unit_terms(lead.unit.context) if english_frequency(t) < 3.0}
    return bool(others) and any(all(t not in unit_terms(u.text) for u in others) for t in named)


def _has_the_figures(question: str, lead: ScoredUnit, units: Sequence[EvidenceUnit]) -> bool:
    """Whether the best row alone of its table holds the figures the question gives.

    "which agarose percentage should i use to separate fragments between 0.2 and 3 kb" is
    the row "1.5: 0.2–3 kb", not the table of gels (a molecular-methods probe).
    """
    # Figures, not a count of what is asked: "what are the four categories of land…" is the
    # table, not the row "Chachar: Fallow three or four years…" (a Mughal probe).
    given = {n for n in own_numbers(question) if any(c.isdigit() for c in n)}
    if lead.unit.kind != "table_row" or not given or not given <= own_numbers(lead.unit.text):
        return False
    others = [u for u in block_of(lead.unit, units) if u != lead.unit]
    return bool(others) and not any(given & own_numbers(u.text) for u in others)


def table_after(
    lead: ScoredUnit, units: Sequence[EvidenceUnit], several: bool = False
) -> list[EvidenceUnit]:
    """The rows of a table right after ``lead`` whose header says what is asked and it lacks.

    "What were the death rates in Snow's Grand Experiment for each water company?" quoted
    the item setting the experiment up ("Two companies supplied houses in the same South
    London streets…"); the table after it, headed "Deaths from cholera per 10,000 houses",
    has the rates (a history of medicine probe).

    Several things asked, the table right after the lead's paragraph whose header holds an
    asked word: "list the minerals of the mohs hardness scale in order" quoted "…Mohs
    proposed a relative scale of ten reference minerals…", not the ten (a mineralogy probe).
    """
    after = following_units(lead.unit, units)
    asked = lead.weights.keys() - QUESTION_FRAME
    counted = {t for m in _COUNT_OF.finditer(lead.unit.text) for t in tokenize(m.group("noun"))}
    several = several and bool(counted & asked)  # "…a relative scale of ten reference minerals"
    if several:
        after = [u for u in after if not (u.kind == "sentence" and same_paragraph(u, lead.unit))]
    following = next(iter(after), None)
    if following is None or following.kind != "table_row" or lead.unit.kind == "table_row":
        return []
    if following.context.split(" > ")[0] != lead.unit.context.split(" > ")[0]:
        return []  # the next retrieved chunk, of another section
    header = following.context.rsplit(" > ", 1)[-1]
    lacking = asked & unit_terms(header)
    if not several:
        lacking -= unit_terms(f"{lead.unit.text} {lead.unit.context}")
    rows = block_of(following, units)
    return rows if lacking and len(rows) >= 2 else []


_HOW_MANY = re.compile(r"^\W*how\s+many\b", re.I)
_WHO_WERE = re.compile(r"^\W*who\s+(?:were|are)\s+the\b", re.I)
_COUNT_OF = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\s+"
    r"(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]+s)\b",
    re.I,
)
"""A count of things a table may list: "ten reference *minerals*"."""

_NAME = r"[A-Z][\w'’-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’-]*)*"
_NAMES_SEVERAL = re.compile(rf"\b{_NAME}(?:,\s+{_NAME}){{2,}},?\s+and\s+{_NAME}")
"""Four or more names in a row: "Derby, Leicester, Lincoln, Nottingham and Stamford"."""


def _names_as_many(text: str, asked: int) -> bool:
    """Whether ``text`` names four or more things in a row, as many as asked if counted.

    Not the five countries of "…surveys of about 1,000 people each in the United States,
    the United Kingdom, West Germany, Italy, and Mexico" before the three orientations "what
    are the three types of political culture in almond and verba" asks for (a comparative
    politics probe).

    >>> _names_as_many("the Five Boroughs of Derby, Leicester, Lincoln, Nottingham and Stamford", 5)
    True
    >>> _names_as_many("the United States, the United Kingdom, West Germany, Italy, and Mexico", 3)
    False
    """
    names = _NAMES_SEVERAL.search(text.replace(", the ", ", "))
    if names is None:
        return False
    return not asked or len(re.split(r",\s+(?:and\s+)?|\s+and\s+", names.group())) == asked


_REFERS_BACK = re.compile(r"(?:^|\s)(?:Her|His|Their|Its)\s")
"""A list's label naming whose list it is by a pronoun: "Her design principles include:"."""


def label_terms(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> set[str]:
    """The words of a list item's headings and label, with the sentence a label refers to.

    "what are ostrom's design principles for managing commons" quoted a timeline row and
    a line on safe minimum standards over the five principles under "Her design principles
    include:", which follows "Elinor Ostrom, Nobel laureate in 2009…, documented
    communities…" (an environmental economics probe).
    """
    terms = unit_terms(unit.context)
    label = leading_label(unit.context)
    refers = _REFERS_BACK.search(label)
    if unit.kind != "list_item" or refers is None:
        return terms
    # The label's sentence, in this passage or the one before that ends on it.
    said = label[refers.start() :].strip()
    for labelled in [u for u in units if u.kind == "sentence" and u.text.startswith(said)]:
        before = [
            u for u in units
            if u.passage == labelled.passage and u.kind == "sentence" and u.end <= labelled.start
        ]  # fmt: skip
        if before:
            return terms | unit_terms(max(before, key=lambda u: u.start).text)
    return terms


def _cells(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> int:
    """How many cells a table of two crossed dimensions has (its header's first cell empty), or 0.

    "what are the 4 parenting styles" is the four cells of "| | High responsiveness | Low
    responsiveness |" by "High demandingness" and "Low demandingness"; "what are the four
    possible outcomes in signal detection theory" the hit, miss, false alarm and correct
    rejection of another such table (developmental and cognitive psychology probes).
    """
    header = unit.context.rpartition(" > ")[2]
    if unit.kind != "table_row" or not header.startswith(" "):
        return 0
    rows = block_of(unit, units)
    columns = {len(row.text.partition(" — ")[2].split("; ")) for row in rows}
    return len(rows) * columns.pop() if len(columns) == 1 else 0


def _as_many_as_asked(
    unit: EvidenceUnit, units: Sequence[EvidenceUnit], weights: Mapping[str, float]
) -> bool:
    """Whether ``unit``'s list has as many items as asked, under a label naming it.

    The label holds two or more of the question's other words: "Each side of the maydan
    was given a building…" for "which buildings are on the four sides of the maydan". A
    table's headings and header row: "What are Piaget's four stages and the ages for
    each?" is the four rows under "Stage | Approximate ages | …", not the four criticisms
    of Piaget (a developmental psychology probe).
    """
    asked = asked_count(weights)
    if asked < 2 or unit.kind not in ("list_item", "table_row"):
        return False
    if asked not in (len(block_of(unit, units)), _cells(unit, units)):
        return False
    # A hyphenated name's parts too: "maydan-i naqsh-i jahan" of a label saying "the maydan".
    terms = weights.keys() - QUESTION_FRAME
    words = {part for t in terms if not COUNT.fullmatch(t) for part in (t, *t.split("-"))}
    label = leading_label(unit.context) if unit.kind == "list_item" else unit.context
    return len(words & unit_terms(label)) >= 2
