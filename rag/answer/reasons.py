"""The notes' own answer to a why- or how-it-works question: the list they set under it.

"Why did the Scandinavians end up converting?" is the four factors under the notes'
"Why did Scandinavians convert?"; "why did abd al-rahman III declare himself caliph" the
three motives the sentence after "In January 929 he proclaimed himself caliph…" announces.
Pure rules over evidence units (:mod:`rag.answer.evidence`), used by
:func:`rag.answer.extractive.choose_units`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from itertools import pairwise

from rag.answer.asked import QUESTION_FRAME, unit_terms
from rag.answer.definitions import ASKS_WHY, REASON, REASON_FLOOR, next_unit, sentences_before
from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.answer.line_forms import LEAD_IN
from rag.answer.lists import LISTING_FLOOR, block_of, same_paragraph
from rag.answer.matching import NAMES_BEFORE
from rag.answer.question_forms import asks_why, how_subject
from rag.retrieval.keyword import content_terms, tokenize


def reasons_listed(
    question: str, ranked: Sequence[ScoredUnit], units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """The list of reasons the notes give under their own why-question, when asked why.

    Or the steps under a line saying how something works, when asked how it works; from
    a list item scoring within :data:`LISTING_FLOOR` of the best unit.

    "Why did Scandinavians convert? Historians point to several factors:" and four
    factors: "Why did the Scandinavians end up converting to Christianity?" is all four,
    not the one or two that share its words; "How did the Althing in Iceland work…?" is
    the five steps under "Its institutions… worked roughly like this:", not the table row
    of Iceland's conversion, which scored a little higher (students' probes of a Viking
    course). Empty for other questions, or when no such item scores close.
    """
    why, how = asks_why(question) or bool(_ASKS_CAUSE.match(question)), bool(how_subject(question))
    if not (why or how) or not ranked:
        return []
    asked = unit_terms(question) - QUESTION_FRAME
    for scored in ranked:
        if scored.score < ranked[0].score * SAME_WHY_FLOOR:
            break
        lead = scored.unit
        if lead.kind != "list_item":
            continue
        label = lead.context.rsplit(" > ", 1)[-1]
        # The notes' why-question may head the section: "9. Why Did the Empire Fragment?"
        # over "…Structural factors pushed toward division:" and five (a Mongol probe).
        why_label = next(
            (part for part in lead.context.split(" > ")[::-1] if _WHY_LABEL.match(part)), ""
        )
        # One the question asks in other words scores lower: "Why did the Mongols leave
        # Hungary in 1242…" of "Why did the Mongols withdraw in 1242? Historians offer…".
        floor = ASKED_LISTING_FLOOR if len(asked & unit_terms(why_label)) >= 2 else LISTING_FLOOR
        if _asks_as_written(why_label, asked):
            # The notes ask the question itself: "8. Why France won, and what changed" for
            # "why did france win the hundred years war", whose best unit was "Sluys did
            # not win the war…" at twice the score of the five reasons (a student's probe).
            floor = SAME_WHY_FLOOR
        if scored.score < ranked[0].score * floor:
            continue
        if (why and why_label) or (how and _WORKS_LABEL.search(label)):
            block = [u for u in block_of(lead, units) if u.indent == lead.indent]
            if len(block) >= 2:
                return block
    if not why:
        return []
    return _reasons_announced(question, ranked, units) or _explanations_table(
        question, ranked, units
    )


def _reasons_announced(
    question: str, ranked: Sequence[ScoredUnit], units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """The list of reasons the sentence after a close one announces: the why of what it says.

    "why did abd al-rahman III declare himself caliph in 929" found the timeline row "929:
    'Abd al-Rahman III proclaims the caliphate." first, and "In January 929 he proclaimed
    himself caliph…" close behind, whose paragraph goes on "Three motives are usually
    given:" and numbers them (a student's probe of an al-Andalus course).
    """
    asked = unit_terms(question) - QUESTION_FRAME
    for scored in ranked:
        if scored.score < ranked[0].score * ASKED_LISTING_FLOOR:
            break
        unit = scored.unit
        if unit.kind not in ("sentence", "definition"):
            continue
        after = sorted((u for u in units if u.passage == unit.passage and u.start >= unit.end),
                       key=lambda u: u.start)  # fmt: skip
        # The lead-in may come a sentence or two on, naming what is asked or after a line
        # restating it: "Neanderthals disappeared … between about 41 and 39 ka…. Later
        # dates… are now doubted. Why they disappeared remains debated, and the main
        # explanations are not mutually exclusive:" (a probe); not "Three factors turned
        # the tide:" for "why did japan invade korea in 1592", two sentences after the
        # landing (a train question).
        for position, (lead_in, first) in enumerate(pairwise(after)):
            if lead_in.kind != "sentence" or not same_paragraph(lead_in, unit):
                break
            # Or right after a line saying the explanations are many: "The fall of the Ming
            # has been explained in many ways… Students should be able to compare them:" and
            # the table of six interpretations (a Ming probe quoted the first line alone).
            named = _REASONS.search(lead_in.text) or (not position and _EXPLAINED.search(unit.text))
            if not (LEAD_IN.search(lead_in.text) and named):
                continue
            if position and not (
                asked & unit_terms(lead_in.text) or _restates(question, unit.text)
            ):
                break
            if first.kind in ("list_item", "table_row"):
                block = [u for u in block_of(first, units) if u.indent == first.indent]
                if len(block) >= 2:
                    return block
            break
    return []


def explanations_named(question: str, ranked: Sequence[ScoredUnit]) -> EvidenceUnit | None:
    """For a why-question, a close sentence naming the explanations of what is asked.

    "Explanations for the raids include undefended monastic wealth, better ships…" (0.81
    of the best score) answers "what were the causes of the viking raids", which quoted
    the Chronicle's first report of raiders; "Explanations of Harold's defeat include
    fighting two invasions within three weeks…" (0.78) answers "why did harold lose the
    battle of hastings", which quoted the battle's timeline item (an Anglo-Saxon probe).
    What the sentence explains must share a word with the question. It answers alone: the
    timeline of the raids after it lists what happened, not why (an app check).

    >>> from rag.answer.evidence import EvidenceUnit, ScoredUnit
    >>> came = EvidenceUnit(0, 0, 9, "Raiders first came in 789.", "sentence")
    >>> named = EvidenceUnit(0, 9, 90, "Explanations for the raids include silver.", "sentence")
    >>> ranked = [ScoredUnit(came, 0.5, 0, 0), ScoredUnit(named, 0.4, 0, 0)]
    >>> explanations_named("what caused the raids", ranked).text
    'Explanations for the raids include silver.'
    >>> explanations_named("when did the raids begin", ranked) is None
    True
    """
    if not (ASKS_WHY.search(question) or _ASKS_CAUSE.match(question)):
        return None
    asked = unit_terms(question) - QUESTION_FRAME
    for scored in ranked:
        if scored.score < ranked[0].score * EXPLANATIONS_FLOOR:
            break
        named = _EXPLANATIONS.match(scored.unit.text) if scored.unit.kind == "sentence" else None
        if named and asked & unit_terms(named.group("of")):
            return scored.unit
    return None


_EXPLANATIONS = re.compile(
    r"^(?:the\s+)?(?:(?:main|chief|principal|usual|standard|likely|proposed)\s+)?"
    r"(?:explanations?|reasons?|causes?|factors?)\s+(?:for|of|behind)\s+(?P<of>.{3,80}?)\s+"
    r"(?:include|included|were|are|was|is|lie|lay|range)\b",
    re.I,
)
"""A sentence naming the explanations of something: "Explanations of Harold's defeat
include…", "The main causes of the famine were…"."""
EXPLANATIONS_FLOOR = 0.7
"""A sentence naming the explanations asked for leads from this share of the best score."""

_ASKS_CAUSE = re.compile(
    r"^\W*what\s+(?:caused|led\s+to|made|(?:are|were)\s+the\s+(?:main\s+)?(?:causes|reasons)\b)",
    re.I,
)
"""A why-question in other words: "what caused the neanderthals to disappear"."""
_REASONS = re.compile(
    r"\b(?:reasons?|motives?|motivations?|causes?|factors?|explanations?|grounds)\b", re.I
)
"""What a lead-in announcing the answer to a why-question names."""
_EXPLAINED = re.compile(
    r"\b(?:explained|interpreted|accounted\s+for)\s+in\s+\w+\s+ways\b|\bexplanations\b", re.I
)
"""A line saying a thing has several explanations, which the list after it gives."""


def _asks_as_written(why_label: str, asked: Collection[str]) -> bool:
    """True when every word of the label's why-clause is a word of the question.

    Or a form of it: "Why France won" of "why did France win the…war".
    """
    clause = _WHY_CLAUSE.match(why_label)
    words = set(content_terms(clause.group("asked"))) - QUESTION_FRAME if clause else set()
    return bool(words) and words <= set(asked)


_WHY_CLAUSE = re.compile(r"^(?:\d+[.)]\s+)?why\s+(?P<asked>.+?)(?:[?,;:]|\s+and\s|$)", re.I)
_WHY_LABEL = re.compile(r"^(?:\d+[.)]\s+)?why\b(?:[^?]*\?|\s+(?:the\s+)?[A-Z])", re.I)
_WORKS_LABEL = re.compile(r"\bwork(?:s|ed)?\b.*\b(?:like\s+this|as\s+follows|thus)\W*$", re.I)
"""A list label that opens with the notes' own why-question
(:func:`rag.answer.line_forms.announcing_label`)."""


_CONCLUDES = re.compile(
    r"^(?:thus|hence|so|therefore|consequently|as\s+a\s+(?:result|consequence))\b"
    r"|\b(?:is|are|was|were|becomes?|remains?)\s+(?:therefore|thus|hence)\b",
    re.I,
)
"""A sentence drawing a conclusion from what came before: "2PC is therefore a blocking
protocol.", "As a result, the septum primum is pressed against the septum secundum…" (an
embryology probe asked why the foramen ovale closes at birth)."""
_POINTS_TO_REASON = re.compile(
    r"^(?:(?:this|that)\s+is\s+why|that[’']s\s+why|this\s+explains\s+why|for\s+this\s+reason)\b",
    re.I,
)
"""A sentence whose reason is the one before it: "This is why…", "For this reason…"."""
_AFTER_THAT = re.compile(r"^(?:[A-Z][\w-]*\s+){1,3}then\s+[a-z]")
"""A sentence whose subject acted on what the one before told: "Hongwu then abolished the
Secretariat…" after "In 1380 he accused the chancellor Hu Weiyong of treason…" (a Ming
probe was answered with the abolition alone)."""
REASONS_BEFORE = 2
"""Sentences before a conclusion that may come with it: the case and its consequence."""


def reasons_before(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """For a why-question answered by a conclusion, the sentences of its paragraph before it.

    "I don't get why 2PC is called a blocking protocol. what exactly goes wrong if the
    coordinator dies halfway through?" was answered "2PC is therefore a blocking protocol."
    alone; the two sentences before say why ("If the coordinator crashes after
    participants have voted YES… they are stuck in doubt…", "They must hold their locks
    and wait…"; a blind train question of eval/check_courses/distributed_systems).
    """
    if not ASKS_WHY.search(question) or unit.kind != "sentence":
        return []
    if _POINTS_TO_REASON.match(unit.text) or NAMES_BEFORE.match(unit.text):
        # "This is why the 'February Revolution' took place in March…": the reason is the
        # sentence before, on the two calendars (a Russian Revolution probe). So is what
        # "This is the light-struck, "skunky" flavour…" names: "In clear or green glass,
        # light and riboflavin split iso-alpha acids…" (a brewing probe).
        return sentences_before(unit, units)[-1:]
    concluding = _CONCLUDES.search(unit.text) or (
        _restates(question, unit.text)
        and (_ends_its_paragraph(unit, units) or bool(_AFTER_THAT.match(unit.text)))
    )
    return sentences_before(unit, units)[-REASONS_BEFORE:] if concluding else []


def _ends_its_paragraph(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> bool:
    """Whether no sentence of ``unit``'s paragraph comes after it: where a conclusion sits."""
    return not any(
        u.kind == "sentence" and u.start >= unit.end and same_paragraph(u, unit) for u in units
    )


def _restates(question: str, text: str) -> bool:
    """Whether a sentence holds what a why-question asks about and gives no reason.

    "why is 927 seen as the start of the kingdom of england" was answered "Historians
    often date the kingdom of England from 927."; the two sentences before say why (an
    Anglo-Saxon probe).
    """
    asked = set(tokenize(question)) - QUESTION_FRAME
    held = asked & unit_terms(text)
    gives_reason = REASON.search(text) or _WHY.search(text)
    return bool(asked) and len(held) >= RESTATED_SHARE * len(asked) and not gives_reason


_WHY = re.compile(r"\bwhy\b", re.I)
"""A sentence saying why itself: "…drawing moisture from the land — which is why the great
deserts… lie at those latitudes"."""


RESTATED_SHARE = 0.6
"""The share of a why-question's words a sentence restating it holds."""


ASKED_LISTING_FLOOR = 0.7
"""The same, for a list under the notes' why-question that shares two words with the
question asked."""
SAME_WHY_FLOOR = 0.3
"""The same, for a list under the notes' why-question whose every word the question asks."""


def reasons_first(
    question: str, ranked: Sequence[ScoredUnit], units: Sequence[EvidenceUnit]
) -> list[ScoredUnit]:
    """For a why-question, the units that give a reason first, when they score close.

    "Why do ACE inhibitors make some people cough?" was answered with the table row "ACE
    inhibitors: Dry cough, hyperkalaemia, angioedema…", which says that they do; "ACE
    also breaks down bradykinin, which accumulates and causes the characteristic dry
    cough" (0.84 of its score) says why (a student's probe of a pharmacology course).
    """
    if not ranked or not ASKS_WHY.search(question):
        return list(ranked)
    best = ranked[0]
    if _GIVES_REASON.search(best.unit.text):
        return list(ranked)
    after = next_unit(best.unit, units)

    def gives_reason(scored: ScoredUnit) -> bool:
        # As close in score and in the question's words; not the sentence right after the
        # best, which follows it anyway (:func:`reason_after`). A line saying it gives the
        # reasons from further below: "The reasons were several: Indigenous populations
        # collapsed…" (0.76 of the best; a colonial Latin America probe).
        if _REASONS_GIVEN.match(scored.unit.text) and scored.score >= best.score * 0.7:
            return scored.similarity >= best.similarity * REASON_FLOOR
        # Of fewer of the question's words when closer in meaning: "why did france decide to
        # back the americans" found "…the French navy would decide the war" (its "decide"
        # and "back" are the student's), over "France had secretly aided the Americans…
        # because foreign minister Vergennes wanted to avenge 1763" (an American Revolution
        # probe).
        closer = scored.similarity >= best.similarity * _CLOSER_IN_MEANING
        covered = best.coverage * (_FEWER_WORDS if closer else REASON_FLOOR)
        return (
            scored.score >= best.score * REASON_FLOOR
            and scored.coverage >= covered
            and scored.unit != after
            and bool(_GIVES_REASON.search(scored.unit.text))
            # As close in meaning: "Because fibrinogen is a symmetrical molecule…" shares
            # "single" and "platelets" with why one aspirin acts for days (a hemostasis probe).
            and scored.similarity >= best.similarity * REASON_FLOOR
        )

    return sorted(ranked, key=lambda s: not gives_reason(s))


_CLOSER_IN_MEANING = 1.1
_FEWER_WORDS = 0.6
"""A reason closer in meaning than the best unit by :data:`_CLOSER_IN_MEANING` needs this
share of its coverage (else :data:`~rag.answer.definitions.REASON_FLOOR`)."""
_REASONS_GIVEN = re.compile(
    r"^(?:The|Its|Their)\s+(?:main\s+)?(?:reasons?|causes?)\s+(?:were|are|was|is|include)", re.I
)
_GIVES_REASON = re.compile(
    r"\b(?:because|due\s+to|as\s+a\s+result|so\s+that|(?:which|that|this)\s+is\s+why|causes?"
    r"|caused|leads?\s+to|therefore|thus|hence|in\s+order\s+to|(?-i:reasons?)"
    r"|since\s+(?:(?!\d)[\w-]+\s+){1,3}(?:is|are|was|were|has|have|had|can|cannot|could|does|do|did"
    r"|must|lacks?|makes?))\b",
    re.I,
)
"""Words that give a reason; not a bare "so" ("…an observation so basic that…"), "since"
but with its clause's verb ("since platelets cannot make new enzyme"; not "since 1983"),
nor "Reason" (Robespierre's "cult of Reason", a French Revolution probe)."""


_EXPLANATION_HEADER = re.compile(
    r"^(?:types?\s+of\s+)?(?:explanations?|causes?|reasons?|factors?)\b", re.I
)
"""The first header of a table setting out why something happened: "Explanation | Argument
| Weakness", "Type of explanation | Argument"."""


def _explanations_table(
    question: str, ranked: Sequence[ScoredUnit], units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """The table of explanations in the best unit's section, when its heading is asked of.

    "what were the causes of the decline of the hansa" quoted "Later scholars… emphasised
    economic and structural causes.", and "what were the main causes of the fall of
    isfahan in 1722" an event of the fall, not the rows of "Explanation | Argument |
    Weakness" under "8. Explaining the Decline" and of "Type of explanation | Argument"
    (a Hanseatic and a Safavid history probe): rows name no cause in the question's words.
    """
    if not ranked:
        return []
    section = ranked[0].unit.context.split(" > ")[0]
    if not (unit_terms(question) - QUESTION_FRAME) & unit_terms(section):
        return []
    for unit in units:
        header = unit.context.rsplit(" > ", 1)[-1]
        if (
            unit.kind == "table_row"
            and unit.context.split(" > ")[0] == section
            and _EXPLANATION_HEADER.match(header)
        ):
            rows = block_of(unit, units)
            return rows if len(rows) >= 2 else []
    return []
