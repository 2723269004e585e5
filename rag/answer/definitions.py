"""Definition and why-questions ("What is X?", "Why…?") and the units that answer them.

Pure functions over scored evidence units (:mod:`rag.answer.evidence`); the extractive
composer (:func:`rag.answer.extractive.choose_units`) uses them to lead with the unit
that says what a thing is, not one that is merely about it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.asked import unit_terms
from rag.answer.continued import done_after, members_after, next_unit
from rag.answer.defined import (
    DEFINITION_QUESTION,
    defined_thing,
    defines_by_label,
    head_of,
    names_as_defined,
)
from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.answer.line_forms import FORMULA, FORMULA_LINE, LEAD_IN, names_and_dates_only
from rag.answer.lists import block_of, same_paragraph
from rag.answer.matching import GOES_ON, NAMES_BEFORE, names_before
from rag.answer.question_forms import asks_to_compare
from rag.retrieval.keyword import tokenize

_DEFINE = re.compile(
    r"^\W*(?:define\b|what\s+(?:does|do)\s+.+\s+mean\b|what\s+makes\s+.+?\s+an?\s+\w)", re.I
)
"""The other ways to ask for a definition than :data:`DEFINITION_QUESTION`'s "What is…":
"Define X", "What does X mean?", "What makes a model a foundation model?"."""
_NAMES_A_TERM = re.compile(
    r"\b(?:is|was)\s+an?\s+(?:\w+\s+)?(?:term|word|name|phrase|expression)\b"
    r"|\b(?:coined|popularized|popularised)\s+by\b",
    re.I,
)
_REFERS = re.compile(r"^(?:It|They|This|These)\s+(?:refers?|means?|describes?|denotes?)\b")


DEFINING_WITHIN = 0.6
"""A sentence defining a table row's subject may lead instead, scoring this close to it."""


def defining_first(ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """``ranked``, led by a sentence that defines the best table row's subject, if any.

    "What is osmosis?" was answered with the row "Osmosis: Down (water) (energy
    required?: No; example: Water uptake by root hair cells)" (1.07) over "Osmosis is
    the diffusion of water across a selectively permeable membrane…" (0.81): the row
    is about osmosis, the sentence says what it is (a blind train question of
    eval/check_courses/cell_biology_questions.jsonl).
    """
    if len(ranked) < 2 or ranked[0].unit.kind != "table_row" or not ranked[0].unit.subject:
        return list(ranked)
    lead = ranked[0]
    term = re.escape(lead.unit.subject.strip())
    defines = re.compile(rf"^(?:an?\s+|the\s+)?{term}\s+(?:is|are|refers\s+to|means)\s", re.I)
    if names_and_dates_only(lead.unit.text, lead.unit.subject):
        # "Modal jazz: 1958–1960s (key figures: Miles Davis…; landmark recording: Kind of
        # Blue (1959))" says when and who, not what: "Modal jazz offered an alternative."
        # opens the notes' account of it (a jazz probe).
        defines = re.compile(rf"^(?:an?\s+|the\s+)?{term}\s+[a-z]", re.I)
    for candidate in ranked[1:]:
        if candidate.score < lead.score * DEFINING_WITHIN:
            break
        if candidate.unit.kind in ("sentence", "list_item") and defines.match(candidate.unit.text):
            return [candidate, *(s for s in ranked if s is not candidate)]
    return list(ranked)


def defines_the_asked(question: str, unit: EvidenceUnit) -> bool:
    r"""Whether ``unit`` is a sentence saying what the thing a what-is question asks is.

    Then it answers alone, with the sentences that go on explaining it: "what is a
    condottiere" quoted "A condottiere was a military entrepreneur who contracted…" and
    two more lines using the word, a monument "to a condottiere" and "He earned a fortune
    as a condottiere…" (an Italian Renaissance probe).

    >>> from rag.answer.evidence import split_units
    >>> [unit] = split_units(0, "A condottiere was a military entrepreneur.\n")
    >>> defines_the_asked("what is a condottiere", unit), defines_the_asked("who was he", unit)
    (True, False)
    """
    thing = defined_thing(question) if asks_definition(question) else ""
    if not thing or unit.kind != "sentence":
        return False
    defines = rf"(?:an?\s+|the\s+)?{re.escape(thing)}s?\s+(?:is|are|was|were)\s+(?:an?|the)\s"
    return re.match(defines, unit.text, re.I) is not None


NAMING_WITHIN = 0.7
"""A sentence that names the thing a what-is question asks about as it defines it may
lead, scoring this close to the best unit."""


def naming_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """``ranked``, led by a sentence that names the asked thing as it defines it, if any.

    "what was the brezhnev doctrine" was answered with "Abandonment of the Brezhnev
    Doctrine: in October 1989 his spokesman…" (1.05), a line about its end, over "The
    justification became known as the Brezhnev Doctrine (…): the socialist states had
    the right and duty to intervene…" (0.79; a student's probe of a cold war course).
    A sentence of the form "X is/was …", "… known as X: …", "… called X, …" defines X;
    one whose label only holds X ("Abandonment of X") is about something else.
    """
    thing = defined_thing(question)
    if not thing or len(ranked) < 2:
        return list(ranked)
    lead = ranked[0]
    head = head_of(thing)  # a thing in its setting: "the idee fixe in berlioz symphonie…"
    things = dict.fromkeys([thing, head] if thing[len(head) :].startswith(" in ") else [thing])
    if any(names_as_defined(t, lead.unit.text) for t in things):
        return list(ranked)
    for candidate in ranked[1:]:
        if candidate.score < lead.score * NAMING_WITHIN:
            break
        if candidate.unit.kind == "sentence" and any(
            names_as_defined(t, candidate.unit.text) or defines_by_label(t, candidate.unit)
            for t in things
        ):
            return [candidate, *(s for s in ranked if s is not candidate)]
    return list(ranked)


def asks_definition(question: str) -> bool:
    """Whether a question asks what something is ("What is…", "What is meant by…", "Define…")."""
    question = question.strip()
    return bool(DEFINITION_QUESTION.match(question) or _DEFINE.match(question))


def defined_after(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> EvidenceUnit | None:
    """The sentence right after ``unit`` that defines the term ``unit`` only introduces.

    "What is a foundation model?" was answered "Foundation model is a term popularized
    by an institute at Stanford University." alone: the sentence after it, "It refers to
    AI systems with broad capabilities…", is the definition.
    """
    if unit.kind != "sentence" or not _NAMES_A_TERM.search(unit.text):
        return None
    following = next_unit(unit, units)
    if following is None or following.kind != "sentence" or not _REFERS.match(following.text):
        return None
    return following


EXPLAINING_SENTENCES = 3
"""Sentences after one that only names the thing asked about, quoted to say what it is."""


def explained_after(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """For a what-is question, the sentences after ``unit`` that say what it only names.

    "what's the chain-store paradox" was answered "Selten himself noticed a puzzle, the
    chain-store paradox (1978)." alone: the sentences after it set the puzzle out
    ("Suppose an incumbent with stores in twenty towns…", "Backward induction says…: it
    never fights.", "Yet intuition… suggest that fighting early to build a reputation…
    could pay."; a blind train question of eval/check_courses/game_theory). A sentence
    that names the thing asked about last, after a comma or "called" ("…, the
    chain-store paradox (1978).", "…an effect known as the greenhouse effect."), only
    introduces it; its section's next sentences come with it, as "It refers to…" comes
    after "Foundation model is a term…" (:func:`defined_after`).
    """
    labelled = defined_thing(question)
    if unit.kind == "sentence" and labelled and defines_by_label(labelled, unit):
        # "**Lijia** (里甲): rural organization introduced in 1381." and its paragraph's
        # "Every 110 households formed a li…", "The lijia collected taxes…" (a Ming probe).
        return [u for u in sentences_after(unit, units) if same_paragraph(u, unit)][
            :EXPLAINING_SENTENCES
        ]
    past = _WHAT_WAS_THE.match(question.strip())
    if not asks_definition(question) and past is None:
        return []
    defined = defined_after(unit, units)
    if defined is not None:
        return [defined]
    asked = DEFINITION_QUESTION.match(question.strip()) or past
    if asked is None or unit.kind != "sentence":
        return []
    thing = re.escape(asked.group("thing").strip())
    if re.match(rf"(?:the\s+|an?\s+)?{thing}\s", unit.text, re.I) and (
        len(unit.text.split()) <= SHORT_OPENING_WORDS
    ):
        # "Modal jazz offered an alternative." and the sentence saying what the
        # alternative was: "Instead of a new chord every beat or two…" (a jazz probe).
        following = next_unit(unit, units)
        if following is not None and following.kind == "sentence":
            return [following] if same_paragraph(following, unit) else []
    # Or as what something else is: "The backbone of the Mughal state was the mansabdari
    # system, reorganised by Akbar in the 1570s." and "A mansab… was a numerical grade…" (a
    # Mughal probe: "what was the mansabdari systm").
    introduces = re.compile(
        rf"(?:,|\b(?:called|known\s+as|named|dubbed))\s+(?:the\s+|an?\s+)?{thing}"
        r"(?:\s*\([^)]*\))?\W*$"
        rf"|\s(?:is|was)\s+the\s+{thing}(?:\s*\([^)]*\))?(?:,[^.;:]*)?\W*$",
        re.I,
    )
    if not introduces.search(unit.text):
        return []
    return sentences_after(unit, units)[:EXPLAINING_SENTENCES]


_WHAT_WAS_THE = re.compile(r"^\W*what\s+(?:was|were)\s+the\s+(?P<thing>[^?]+?)\s*\??\s*$", re.I)
"""A historical what-is question: "what was the mansabdari system"."""


def sentences_after(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The sentences after ``unit`` in its block (its paragraph and those run on), in order."""
    return sorted(
        (u for u in units if u.passage == unit.passage and u.block == unit.block
         and u.kind == "sentence" and u.start >= unit.end),
        key=lambda u: u.start,
    )  # fmt: skip


SHORT_OPENING_WORDS = 6
"""Longest sentence opening on the thing asked that leaves the saying to the next one."""


def named_after(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> EvidenceUnit | None:
    """For a what-is question, the sentence after ``unit`` naming what it leaves unnamed.

    "What is photorespiration?" was answered "Rubisco can bind oxygen instead of carbon
    dioxide." alone, the first sentence under "Photorespiration and C4 plants" (its
    heading made it score best); the next, "When it does, the plant loses fixed carbon
    in a wasteful process called photorespiration…", is the one that says it (a
    newcomer's biology notes, tests/fixtures/biology-notes).
    """
    asked = DEFINITION_QUESTION.match(question.strip())
    if asked is None or unit.kind != "sentence":
        return None
    thing = re.compile(rf"(?<!\w){re.escape(asked.group('thing').strip())}(?!\w)", re.I)
    if thing.search(unit.text):
        return None
    following = next_unit(unit, units)
    if following is None or following.kind != "sentence" or not thing.search(following.text):
        return None
    return following


_ASKS_KINDS_DONE = re.compile(
    r"^\W*what\s+(?P<noun>[a-z]{4,}s)\s+(?:did|does|do|were|was|had|has|have)\b", re.I
)


def kind_named_after(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> EvidenceUnit | None:
    """For "What <things> did X…?", the sentence after ``unit`` that names the things.

    "What reforms did Hannibal make when he became suffete?" was answered "In 196 BC
    Hannibal was elected suffete." alone; the next sentence, "He attacked the power of the
    Hundred and Four… and he reformed public finance…", is the reforms (a Carthage probe).
    """
    asked = _ASKS_KINDS_DONE.match(question.strip())
    nouns = tokenize(asked.group("noun")) if asked else []
    if not nouns or unit.kind != "sentence":
        return None
    start = nouns[0][:5]  # "reform" of "reforms", "reformed"
    if any(t.startswith(start) for t in tokenize(unit.text)):
        return None
    following = next_unit(unit, units)
    if (
        following is None
        or following.kind != "sentence"
        or not same_paragraph(following, unit)
        or not any(t.startswith(start) for t in tokenize(following.text))
    ):
        return None
    return following


ASKS_WHY = re.compile(r"\bwhy\b|\bhow\s+come\b|\bwhat\s+(?:causes|is\s+the\s+reason)\b", re.I)
REASON = re.compile(
    r"\b(?:because|since|so\s+that|so|therefore|thus|hence|due\s+to|as\s+a\s+result"
    r"|causes?|reasons?|lets?|allows?|prevents?)\b",
    re.I,
)
"""Words that give a reason or a consequence."""


def reason_after(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> EvidenceUnit | None:
    """For a why-question, the sentence right after ``unit`` that gives the reason it lacks.

    "Whats the deal with the TTL field in IP packets, why is it even there?" was answered
    "Every IPv4 header … holds a Time to Live (TTL) field that each router decrements."
    alone; the next sentence says why: "…so that a packet caught in a routing loop cannot
    circulate forever." (blind train questions of eval/check_courses/, as "Why is it an
    advantage for prokaryotes to be so small?").
    """
    if not ASKS_WHY.search(question) or unit.kind != "sentence" or REASON.search(unit.text):
        return None
    following = next_unit(unit, units)
    if following is None or following.kind != "sentence" or not same_paragraph(following, unit):
        return None
    # Why something failed: "why did the viking labeled release result not convince most
    # scientists" is "But the … Spectrometer found no organic molecules, and most scientists
    # blamed reactive soil oxidants." (an astrobiology probe).
    objects = _WHY_NOT.search(question) and _BUT.match(following.text)
    shared = objects and (set(tokenize(question)) & unit_terms(following.text))
    # Or what they wanted: "from the early 1500s the Obas restricted the export of male
    # captives…" then "They preferred to export pepper, cotton cloth, ivory…" (a probe).
    motive = _MOTIVE.search(following.text)
    return following if REASON.search(following.text) or shared or motive else None


_MOTIVE = re.compile(r"\b(?:preferred|wanted|wished|hoped|sought|aimed|feared|intended)\s+to\b")
_WHY_NOT = re.compile(r"\b(?:not|n[’']t|fail(?:ed|s)?)\b", re.I)
_BUT = re.compile(r"^(?:But|However|Yet)\b")
REASON_FLOOR = 0.8
"""A unit giving a reason answers a why-question in the best unit's place from this share
of its score."""


def evidence_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For "how do we know…?", a close unit that says how it is known first.

    "How do we know the Norse were at L'Anse aux Meadows in exactly 1021?" was answered
    with the timeline row "1021: Tree-felling at L'Anse aux Meadows.", which says that it
    is known; "…wood cut with metal tools at the site was dated precisely to the year 1021
    by identifying the trace of a known solar radiation event…" (0.84 of its score) says
    how (a student's probe of a Viking course). It must hold the heaviest word the best
    unit holds: what is known.
    """
    if not ranked or not _ASKS_HOW_KNOWN.search(question):
        return list(ranked)
    best = ranked[0]
    held = unit_terms(f"{best.unit.text} {best.unit.context}")
    known = max((t for t in best.weights if t in held), key=best.weights.__getitem__, default="")

    def says_how(scored: ScoredUnit) -> bool:
        return (
            scored.score >= best.score * REASON_FLOOR
            and scored.coverage >= best.coverage * REASON_FLOOR
            and bool(_GIVES_EVIDENCE.search(scored.unit.text))
            and (not known or known in unit_terms(scored.unit.text))
        )

    return list(ranked) if says_how(best) else sorted(ranked, key=lambda s: not says_how(s))


_ASKS_HOW_KNOWN = re.compile(
    r"^\W*how\s+(?:do|did|can|could|does)\s+(?:we|they|you|u|anyone|historians|scientists"
    r"|archaeologists|researchers)\s+know\b",
    re.I,
)
_GIVES_EVIDENCE = re.compile(
    r"\bby\s+\w+ing\b|\b(?:shows?|showed|shown|proves?|proved|evidence|dated|reveal(?:s|ed)?"
    r"|confirm(?:s|ed)?)\b",
    re.I,
)
"""Words saying how something is known: a method ("by identifying…") or a proof."""


def concluded_after(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> EvidenceUnit | None:
    """The sentence right after ``unit`` that draws on it and holds a word asked it lacks.

    "roughly how many ppl carry the cystic fibrosis gene in northern europe" was answered
    "Cystic fibrosis affects roughly 1 in 2,500 newborns…" alone, the incidence; the next
    sentence, "Then q² = 1/2,500 … and the carrier frequency 2pq ≈ 0.039, or about 1 in
    25.", is what was asked (a student's probe of a genetics course).
    """
    following = next_unit(unit, units)
    if following is None or following.kind != "sentence" or unit.kind != "sentence":
        return None
    if not same_paragraph(following, unit) or not GOES_ON.match(following.text):
        return None
    asked = set(tokenize(question)) - unit_terms(unit.text)
    return following if asked & unit_terms(following.text) else None


def referred_before(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The sentence before ``unit`` when ``unit`` names what that sentence describes.

    "What was chamber finance…?" was answered "This is chamber finance." first, the
    sentence describing it after (a student's probe of a Tudor England course); "This is
    the conventional start of the war." needs the date the sentence before gives.
    """
    if unit.kind != "sentence":
        return []
    if _THIS_NAMED.search(unit.text):
        # "Joseph Felsenstein described this long-branch attraction in 1978…" names what
        # the sentence before describes: "…when two unrelated lineages have long branches,
        # parallel changes make them look related." (a bioinformatics probe).
        return sentences_before(unit, units)[-1:]
    if NAMES_BEFORE.match(unit.text):
        # Or the formula set on its own line before it: "Q = π D⁴ Δp / (128 μ L)", then
        # "This is the Hagen–Poiseuille law, found experimentally by…" (a fluids probe).
        before = [u for u in units if u.passage == unit.passage and u.end <= unit.start]
        formula = max(before, key=lambda u: u.start, default=None)
        if formula is not None and FORMULA_LINE.match(formula.text):
            return [formula]
    return sentences_before(unit, units)[-1:] if names_before(unit.text) else []


_THIS_NAMED = re.compile(
    r"\b(?:described|called|named|termed|dubbed|labelled|labeled)\s+(?:this|these)\s+"
    r"(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:in\s+\d{4}|\()",
)
"""A sentence naming what the one before describes, in passing: "X described this
long-branch attraction in 1978", "…called this effect (…)"."""


def sentences_before(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The sentences of ``unit``'s paragraph before it, in reading order."""
    before = [u for u in units if u.kind == "sentence" and u.end <= unit.start]
    return sorted((u for u in before if same_paragraph(u, unit)), key=lambda u: u.start)


_ASKS_HAPPENING = re.compile(
    r"\bwhat\s+(?:happens|goes\s+on|occurs|takes\s+place)\s+(?:in|during|at|when)\b", re.I
)
"""A question for the events of a process: "What happens in the light-dependent reactions?"."""
_PLACES_ONLY = re.compile(
    r"\b(?:takes?|took)\s+place\b|\b(?:occurs?|happens?|is|are)\s+(?:located\s+)?in\b", re.I
)
"""A sentence saying where something happens, which a what-happens question does not ask."""
STEPS = 8
"""Most sentences and announced steps that follow a where-it-happens sentence."""


def happening_after(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """For a what-happens question answered by where it happens, what follows it.

    "What happens in the light-dependent reactions?" was answered "The light-dependent
    reactions take place in the thylakoid membranes." alone, above "Their job is to
    convert light energy…" and the five steps after "The sequence runs as follows:" (a
    newcomer's own course). The paragraph's next sentences come with it, and the list its
    last sentence announces.
    """
    if not _ASKS_HAPPENING.search(question) or unit.kind != "sentence":
        return []
    if not _PLACES_ONLY.search(unit.text) or len(unit.text.split()) > 15:
        return []
    after = sorted(
        (u for u in units if u.passage == unit.passage and u.start >= unit.end),
        key=lambda u: u.start,
    )
    told: list[EvidenceUnit] = []
    for following in after:
        if following.kind != "sentence" or len(told) == EXPLAINING_SENTENCES:
            break
        told.append(following)
    if not told or not told[-1].text.rstrip(".").endswith(":"):
        return told
    rest = after[len(told) :]
    steps = [u for u in rest if u.kind == "list_item" and u.block == rest[0].block] if rest else []
    return told + steps[:STEPS]


def following_sentences(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """What comes after the best unit: what it names or leads to, what follows it."""
    named = (
        named_after(question, unit, units)
        or kind_named_after(question, unit, units)
        or concluded_after(question, unit, units)
    )
    formula = next_unit(unit, units) if LEAD_IN.search(unit.text) else None
    if formula is not None and FORMULA.search(formula.text):
        # "A useful quantitative tool is free-water clearance (C_H₂O), the volume…:" and
        # the formula it announces, "C_H₂O = V − C_osm…" (a renal probe).
        return [formula]
    return (
        done_after(question, unit, units)
        or members_after(question, unit, units)
        or explained_after(question, unit, units)
        or ([named] if named is not None else [])
        or happening_after(question, unit, units)
        or argued_after(unit, units)
        or told_after_opener(question, unit, units)
    )


_ARGUED_THAT = re.compile(
    r"\b(?:argued|claimed|contended|maintained|proposed|concluded|held)\s+that:\.?$", re.I
)


def argued_after(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The list the next sentence announces as what someone argued: the thesis itself.

    "explain hans barons civic humanism thesis" was answered "In 1955 Hans Baron gave this
    a name and a thesis." alone; "In The Crisis… he argued that:" and its three numbered
    points follow in the notes (an Italian Renaissance probe).
    """
    announcing = next_unit(unit, units)
    if announcing is None or not same_paragraph(announcing, unit):
        return []
    if not _ARGUED_THAT.search(announcing.text):
        return []
    first = next_unit(announcing, units)
    if first is None or first.kind != "list_item":
        return []
    listed = block_of(first, units)
    return listed if len(listed) >= 2 else []


OPENER_WORDS = 15
"""Longest paragraph opener read as only stating what its paragraph goes on to explain."""
COMPARED_OPENER_WORDS = 8
"""Longest paragraph opener read as only saying two things differ ("X is not Y.")."""
EVENT_OPENER_WORDS = 25
"""Longest paragraph opener read as naming the event its paragraph goes on to tell."""
_ASKS_WHAT_HAPPENED = re.compile(  # or what was found there: the Belitung wreck's cargo
    r"^\W*what\s+(?:happened|went\s+on|took\s+place|(?:was|were)\s+found)\s+(?:in|at|on|during)\b",
    re.I,
)
_ASKS_HOW_ARGUED = re.compile(  # "In The Nature of the Book (1998), Adrian Johns challenged…"
    r"^\W*how\s+(?:did|does|do)\b.*\b(?:disagree|challenge|critici[sz]e|respond|reply|object)"
    # How something was done, of an opener saying only that it was: "how were the denisovans
    # discovered" was "The Denisovans were discovered in an unprecedented way." alone, not
    # "In 2008 a tiny finger bone…" after it (a paleoanthropology probe).
    r"|^\W*how\s+(?:was|were)\s+[^?]*\b(?:discovered|found|made|built|invented|identified)\b",
    re.I,
)


ASKS_RESULT = re.compile(  # or what a text said: "What did the Treaty of Tudmir say?"
    r"^\W*what\s+(?:did|does|do)\b.*\b(?:show|find|reveal|demonstrate|prove|establish|say"
    r"|state|provide|stipulate)\b", re.I,
)  # fmt: skip
RESULT = re.compile(
    r"\b(?:show(?:ed|s|n)?|found|reveal(?:ed|s)|demonstrat\w+|prov(?:ed|es|en)|said|stated"
    r"|provided|stipulated|guaranteed|promised|granted|required)\b", re.I,
)  # fmt: skip


def told_after_opener(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """The sentences after a short opener: why, what happened or was shown, how two differ.

    "Why did Hermann Müller's grand coalition fall apart in 1930?" was answered "Meanwhile
    the grand coalition under Hermann Müller (SPD) was breaking apart." and the
    resignation, not "Rising unemployment drained the new unemployment insurance fund.
    The SPD… wanted to raise contributions; the DVP… wanted to cut benefits." in between (a
    student's probe of a Weimar course). No reason word need be said: the paragraph says why.

    So for what happened at an event the opener names: "What happened in the Beer Hall
    Putsch?" was "The Beer Hall Putsch was the first national appearance of Adolf
    Hitler…" alone, not "On the evening of 8 November, Hitler interrupted a meeting…".
    """
    if unit.kind != "sentence":
        return []
    if ASKS_RESULT.search(question) and not RESULT.search(unit.text):
        # "What did Perdeck's starling displacement experiment show about navigation?"
        # quoted how it was done, not "Adults corrected their course…, but juveniles kept
        # flying…" after it (an ornithology probe): the result follows the method.
        opener = EVENT_OPENER_WORDS
    elif unit.topic:
        return []
    elif _ASKS_WHAT_HAPPENED.search(question):
        opener = EVENT_OPENER_WORDS
    elif (ASKS_WHY.search(question) or _ASKS_HOW_ARGUED.search(question)) and not REASON.search(
        unit.text
    ):
        opener = OPENER_WORDS
    elif asks_to_compare(question):
        # "Intensity is not magnitude." opens the paragraph whose next sentence sets them
        # side by side: "Magnitude describes the earthquake; intensity describes the
        # shaking…" (a seismology probe: "whats the diffrence between magnitude and
        # intensity" was answered with the opener and a line on intensity scales).
        opener = COMPARED_OPENER_WORDS
    else:
        return []
    if len(unit.text.split()) > opener:
        return []
    after = [u for u in units if u.kind == "sentence" and u.start >= unit.end]
    told = sorted((u for u in after if same_paragraph(u, unit)), key=lambda u: u.start)
    if opener == OPENER_WORDS and told and REASON.search(told[0].text):
        return []  # a next sentence giving the reason is quoted alone (:func:`reason_after`)
    return told[:EXPLAINING_SENTENCES]
