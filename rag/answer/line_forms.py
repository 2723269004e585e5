"""What form a line of course notes takes: a definition, a subtitle, a lead-in, a table.

Pure functions on Markdown text, no model: :func:`rag.answer.evidence.split_units`
reads them to cut a passage into evidence units, and the scorer to weigh them. Each
form here was found answering a question wrongly on notes the code had not seen
(blind train questions of ``eval/check_courses/*_questions.jsonl``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from rag.retrieval.keyword import tokenize
from rag.text.markdown import TABLE_DELIMITER, clean_markdown, row_cells
from rag.text.sentences import SENTENCE_END
from rag.text.tables import row_subject

ITALIC_LINE = re.compile(r"^(?:\*(?!\*)[^*]+\*|_(?!_)[^_]+_)$")
"""A line wholly in single emphasis: a subtitle or caption ("*Introductory Psychology:
Learning, Memory and Perception*" under a document's title), unless it ends a sentence."""
BOLD_TERM = re.compile(
    r"^(?:\*\*|__)(?P<term>[^*_:]{1,60}?)(?:\*\*|__)\s*(?:\([^()\n]{1,40}\)\s*)?"
    r"(?::|\s[–—-]\s)\s*\S"
)
"""A sentence that opens with a bold term and a colon or dash defines the term in its
paragraph: "**Learning**: a relatively lasting change in behaviour…", "**Lijia** (里甲):
rural organization introduced in 1381." (its native name between them: a Ming probe)."""

_GLOSSED_BOLD = re.compile(r"(?:\*\*|__)(?P<term>[^*_:\n]{1,60}?)(?:\*\*|__):\s+[a-z]")
"""A bold term glossed after a colon within a sentence: "The transition from square to
circle is made by **pendentives**: curved triangular sections of a sphere…"."""


def row_about(cells: Sequence[str], headers: Sequence[str]) -> str:
    """What a table row is about: its first cell, and the term its second glosses after a colon.

    The first cell as :func:`~rag.text.tables.row_subject` gives it. "what happend on the
    noche triste" quoted the first sentence under "From the Noche Triste to the Fall of
    Tenochtitlan" over the timeline row "30 June–1 July 1520 | La Noche Triste: the
    Spaniards flee the city at night…" (an Aztec probe).

    >>> row_about(["30 June 1520", "La Noche Triste: the Spaniards flee"], ["Date", "Event"])
    '30 June 1520 La Noche Triste'
    """
    subject = row_subject(cells, headers)
    glossed = _GLOSSED_CELL.match(cells[1]) if len(cells) > 1 and subject == cells[0] else None
    return f"{subject} {glossed.group('term')}" if glossed else subject


_GLOSSED_CELL = re.compile(r"(?P<term>[A-Z][^:;.]{1,60}?):\s+[a-z]")


def defined_term(sentence: str) -> str:
    """The term a sentence of Markdown defines, as written, or "".

    It opens with the bold term (:data:`BOLD_TERM`) or glosses one after a colon: "what is
    a pendentive" was answered with the section's first sentence, whose heading names
    pendentives, over the sentence that says what they are (an architecture probe).

    >>> defined_term("The transition is made by **pendentives**: curved sections of a sphere.")
    'pendentives'
    >>> defined_term("**Learning**: a lasting change."), defined_term("Use **Adam**: It works.")
    ('Learning', '')
    """
    match = BOLD_TERM.match(sentence.lstrip()) or _GLOSSED_BOLD.search(sentence)
    return match.group("term") if match else ""


_SENTENCE_LABEL = re.compile(
    r"^(?:(?:[-*+•]|\d{1,2}[.)])\s+)?(?:\*\*|__)(?P<term>[^*_]{1,60}?)"
    r"(?:\.(?:\*\*|__)|(?:\*\*|__)\.)\s+\S"
)
"""A list item led by a bold label that ends in a full stop: "2. **Flux melting.** Water…"."""


def item_subject(line: str, definition: re.Match[str] | None) -> str:
    """What a list item is about: the term its ``definition`` match gives, or its bold label.

    "How does flux melting work at subduction zones?" was refused: "2. **Flux melting.**
    Water lowers the solidus…" was about nothing, and a table row naming flux melting in a
    cell led (a volcanology probe).

    >>> item_subject("2. **Flux melting.** Water lowers the solidus.", None)
    'Flux melting'
    >>> item_subject("- **The yam**. A relay network", None), item_subject("- Plain text.", None)
    ('The yam', '')
    """
    if definition is not None:
        return definition.group("term").strip()
    label = _SENTENCE_LABEL.match(line.lstrip())
    return clean_markdown(label.group("term")).strip() if label else ""


FORMULA = re.compile(r"\S\s*=\s*\S")
"""An equation: a sign of equality between two terms."""
FORMULA_LINE = re.compile(r"^[^\s=]{1,12}\s*=\s*[^=]{1,60}$")
"""A line that is only a formula: "Q = π D⁴ Δp / (128 μ L).", not a sentence holding one."""
LEAD_IN = re.compile(r":\.?$")
"""A sentence ending with a colon (and the full stop a unit is given): it announces what follows."""

_ANNOUNCED_COUNT = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several)\s+(?:[a-z-]+\s+)?[a-z-]+s"
    r"(?:\s+of\s+(?:[\w-]+\s+){0,3}[\w-]+)?\.?$",
    re.I,
)


def announces_count(sentence: str) -> bool:
    """Whether a sentence ends on a number of things it does not name: what follows does.

    "To decide which production to use, a predictive parser consults two functions of
    the grammar." answered "what are FIRST and FOLLOW sets" over the two definitions
    after it (a compilers probe).

    >>> announces_count("A predictive parser consults two functions of the grammar.")
    True
    >>> announces_count("It has two functions: FIRST and FOLLOW."), announces_count("It won.")
    (False, False)
    """
    return bool(_ANNOUNCED_COUNT.search(sentence))


GOAL_HEADING = re.compile(r"\b(?:objectives?|outcomes?|goals?)\s*(?:>|$)", re.IGNORECASE)
"""A heading over learning objectives ("Learning Objectives", "Learning outcomes")."""
GOAL_STEMS = frozenset(tokenize("objective outcome goal learn aim achieve"))
"""Question words that ask for the objectives themselves."""


DEFINES = re.compile(r"^[^,;:]{1,60}?\s(?:is|are)\s+(?:the|a|an)\s")
"""A sentence that says what something is: "Cardiac output (CO) is the volume of blood
pumped by each ventricle per minute:" defines it, although it leads in to a formula."""

MISBELIEF = re.compile(
    r"^(?:many|most|some)\s+(?:people|students|of us)\s+(?:still\s+)?"
    r"(?:think|believe|assume|suppose)\b"
    r"|\b(?:a\s+)?common\s+(?:misconception|myth|mistake)\b|\bcontrary\s+to\s+popular\s+belief\b",
    re.IGNORECASE,
)
"""A sentence reporting a belief the notes correct: "Many people think summer is warm
because the Earth is closer to the Sun." It shares the question's words ("why do we
have seasons if it's not about being closer to the sun") and states the opposite of
the answer (a blind train question of eval/check_courses/astronomy_questions.jsonl)."""


EXERCISES = re.compile(
    r"^\W*(?:review|revision|practice|discussion|study|self[- ]check|exam)?\s*"
    r"(?:questions|exercises|problems)\b|^\W*check\s+your\s+understanding\b",
    re.IGNORECASE,
)
"""A paragraph that opens with an exercises label ("**Review questions.** (1) Why…")."""


def announcing_label(paragraph: str, last: str) -> str:
    """The label a list takes from the paragraph that announces it, ending on ``last``.

    With the question the notes ask right before, if they do: "Why did Scandinavians
    convert? Historians point to several factors:" gives its four factors the question's
    words, which "Historians point to several factors" alone does not hold ("Why did the
    Scandinavians end up converting to Christianity?" was refused: a Viking course's
    probe). The question is no unit of its own: it asks, it answers nothing.

    >>> announcing_label("Why did they convert? Historians name three:", "Historians name three:.")
    'Why did they convert? Historians name three'
    >>> announcing_label("It had three causes:", "It had three causes:.")
    'It had three causes'

    A label that points back ("Its institutions…") is read with the opening's names.

    >>> announcing_label("The Althing met yearly. Its rules were:", "Its rules were:.")
    'Althing Its rules were'
    """
    label = last.rstrip(".").rstrip(":").strip()
    before = clean_markdown(paragraph).rsplit(label, 1)[0].rstrip()
    sentences = re.split(r"(?<=[.!?:])\s+", before) if before else []
    if before.endswith("?"):
        return f"{sentences[-1]} {label}"
    if sentences and _POINTS_BACK.match(label):
        # "Its institutions… worked roughly like this:" after "The best-documented example
        # is Iceland's Althing…": its five steps are the Althing's (a Viking probe). Only
        # the opening's names: its common words ("A switch is a link-layer device that
        # forwards each frame…") made one item of a list outrank the one answering.
        names = [w.strip(",.;:()") for w in sentences[0].split()[1:] if w[:1].isupper()]
        return " ".join([*names, label])
    return label


_POINTS_BACK = re.compile(r"^(?:Its|Their|His|Her|This|These|They|It)\b")


def opening_question(paragraph: str) -> str:
    """The question a paragraph opens with, which its other sentences answer, or "".

    "Why did Babur win at Panipat? His own account stresses three elements: a defensive
    line of carts…" answers a why-question the sentences after it never word: "Why did
    Babur manage to beat Ibrahim Lodi's much bigger army?" quoted the battle's timeline row
    (a student's probe of a Mughal course). The question is no unit (it answers nothing),
    so it is their topic instead.

    >>> opening_question("Why did Babur win? He had carts."), opening_question("He won.")
    ('Why did Babur win?', '')
    """
    match = _OPENING_QUESTION.match(clean_markdown(paragraph))
    return match.group(1) if match else ""


_OPENING_QUESTION = re.compile(r"^\s*([A-Z][^.!?:]{5,150}\?)\s+\S")


def lone_question(paragraph: str) -> str:
    """A paragraph that is one question, which the list after it answers, or "".

    "Why did movable type not sweep away the woodblock in East Asia?" stood alone over its
    three reasons (a printing probe): it labels them, as a line ending with a colon does.

    >>> lone_question("Why did movable type not sweep away the woodblock?"), lone_question("No.")
    ('Why did movable type not sweep away the woodblock?', '')
    """
    match = _LONE_QUESTION.match(clean_markdown(paragraph))
    return match.group(1) if match else ""


_LONE_QUESTION = re.compile(r"^\s*([A-Z][^.!?:]{5,150}\?)\s*$")


def under_exercises(context: str) -> bool:
    """Whether a unit's headings (" > "-joined) hold an :data:`EXERCISES_HEADING`."""
    return any(EXERCISES_HEADING.fullmatch(part.strip()) for part in context.split(" > "))


EXERCISES_HEADING = re.compile(
    r"\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:review|revision|practice|discussion|study|self[- ]check|exam"
    r"|seminar|tutorial)?\s*(?:questions|exercises|problems)"
    r"(?:\s+for\s+(?:seminar|discussion|review|revision|reflection|practice|tutorials?))?\W*",
    re.IGNORECASE,
)
"""A heading over tasks set to the student ("## Review questions", "3.4 Exercises"): what
follows asks, it states nothing. "2. Describe the seasonal cycle of phytoplankton … and
explain what triggers the spring bloom" under "Review questions" was the answer to "What
sets off the spring phytoplankton bloom?" (a blind train question of
eval/check_courses/ocean_questions.jsonl); "Was Edward III's claim … a genuine war aim?"
under "**Questions for seminar**" was the answer to what Edward got out of a treaty (a
student's probe of a history course). Matched whole, so "Problems of scale" is no such
heading."""
EXERCISE_PROMPT = re.compile(
    r"^\W*\(?(?:\d+|[a-h])[).]\s*(?:explain|describe|discuss|use|name|list|compare|calculate"
    r"|find|show|sketch|define|outline|suggest|give|state|estimate|draw|identify)\b"
    r"|^\W*we\s+will\s+(?:use|see|return|come\s+back|explain|discuss|meet|look)\b"
    # "Be ready to define: saccharification; gruit; …" led answers on kilning and mashing
    # (a brewing probe), "Students should be able to state the Davis-Moore thesis in its
    # four steps…" the one on its steps (a sociology probe): a task, stating nothing.
    r"|^\W*(?:(?:students|you)\s+should\s+)?be\s+(?:ready|able)\s+to\s+"
    r"(?:define|explain|list|state|give|name|outline)\b"
    # "Review: competence/performance; double dissociation; coarticulation; VOT; …" padded
    # two answers (a psycholinguistics probe): terms to revise, stating nothing of them.
    r"|^\W*(?:review|revision|key\s+terms|keywords)\b[^:]{0,40}:\s*(?:[^,;.:()]{1,40}[,;]\s*){5}",
    re.IGNORECASE,
)
"""A numbered task set to the student: "(2) Explain retrograde motion in both the
Ptolemaic and Copernican models." Quoted, it was the answer to "How do the Ptolemaic
and Copernican models explain retrograde motion?" (it states nothing). Nor does a promise
of what comes later: "We will use this to explain why acetylene is far more acidic than
ethane." answered why it is (an organic chemistry probe)."""


def table_cells(line: str) -> list[str]:
    """The cells of a Markdown table line, as plain text."""
    return [clean_markdown(c) for c in row_cells(line)]


_CLAUSE_VERBS = frozenset(
    re.findall(
        r"\w+",
        """is are was were be been has have had do does did can could will would shall should
        may might must saw took made became began came went gave found led brought fell rose
        won lost held kept left met grew knew thought wrote ran stood told sent spent paid""",
    )
)
"""Verbs that make a line's opening a clause, not a term: "Yet 1848 was not pointless: …"."""


def defines_a_term(line: str, term: str) -> bool:
    """Whether a paragraph line "X: Y" (or "X — Y") defines X rather than being a sentence.

    A term is marked up ("**Learning**: …"), or a short noun phrase (at most 8 words,
    none of them a verb of :data:`_CLAUSE_VERBS` or ending in "-ed" after its first
    word) whose description is one sentence. "The years 1789–91 saw great constructive
    work: departments replaced provinces…" and "Tropical cyclones — called hurricanes…
    — form over seas warmer than 26.5 °C… They are warm-core systems…" are prose; read
    as definitions, a whole paragraph line was one unit and its many words matched
    questions it does not answer (blind train questions of eval/check_courses/).
    """
    words = term.split()
    if len(words) > 8 or EXERCISE_PROMPT.match(clean_markdown(line)):
        return False  # nor terms to revise ("Review: coarticulation; VOT; …"), a sentence
    marked = re.match(r"^(?:\*\*|__)", line) is not None
    clause = any(
        word.lower() in _CLAUSE_VERBS or (i > 0 and word.lower().endswith("ed"))
        for i, word in enumerate(words)
    )
    if clause and not marked:
        return False
    return SENTENCE_END.search(clean_markdown(line)) is None


def table_headers(text: str) -> list[str]:
    """The column headers of the last table in ``text`` that has a header line, else []."""
    lines = [line.strip() for line in text.splitlines()]
    found: list[str] = []
    for line, following in itertools.pairwise(lines):
        if line.startswith("|") and TABLE_DELIMITER.match(following):
            found = table_cells(line)
    return found


def continued_table_headers(passage: object, passages: Sequence[object]) -> list[str]:
    """Headers for a passage that opens with table rows, from the passage before it.

    The one before it is the retrieved passage of the same source and section that
    starts closest before it and holds a table header; [] when none was retrieved or
    the passage does not open with a headerless table.
    """
    text = str(getattr(passage, "text", ""))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if (
        not lines
        or not lines[0].startswith("|")
        or (len(lines) > 1 and TABLE_DELIMITER.match(lines[1]))
    ):
        return []
    start = getattr(passage, "start", None)
    if not isinstance(start, int):
        return []
    before = [
        other for other in passages
        if getattr(other, "source", None) == getattr(passage, "source", None)
        and getattr(other, "section", None) == getattr(passage, "section", None)
        and isinstance(getattr(other, "start", None), int) and other.start < start  # type: ignore[attr-defined]
        and table_headers(str(getattr(other, "text", "")))
    ]  # fmt: skip
    if not before:
        return []
    nearest = max(before, key=lambda other: other.start)  # type: ignore[attr-defined]
    return table_headers(str(getattr(nearest, "text", "")))


def announced_before(passage: object, passages: Sequence[object]) -> str:
    """The line announcing what ``passage`` opens with, when it ends the chunk before.

    "In spring 1774 Parliament passed four measures known … in America as the Intolerable
    Acts:" ended one chunk and the table of the four Acts opened the next; "What were the
    Intolerable Acts and what did each one do?" quoted the line and no Act (a student's
    probe). Read as the rows' label, it says what they are, as it would in one chunk. Only
    a retrieved passage of the same source and section that ends where this one starts.
    """
    start = getattr(passage, "start", None)
    if not isinstance(start, int):
        return ""
    for other in passages:
        end = getattr(other, "end", None)
        if (
            other is not passage
            and getattr(other, "source", None) == getattr(passage, "source", None)
            and getattr(other, "section", None) == getattr(passage, "section", None)
            and isinstance(end, int)
            and 0 <= start - end <= 2
        ):
            lines = [line.strip() for line in str(getattr(other, "text", "")).splitlines()]
            last = clean_markdown(next((line for line in reversed(lines) if line), ""))
            if last.rstrip(" *_").endswith(":") and not last.startswith(("|", "#")):
                sentence = re.split(r"(?<=[.!?])\s+", last)[-1]
                return sentence.rstrip(" *_").rstrip(":").strip()
    return ""


OUT_OF_SCOPE = re.compile(
    r"\b(?:outside|beyond)\s+(?:the\s+)?scope\b"
    r"|\b(?:we|i)\s+(?:only|just|merely)\s+(?:name|mention)\b"
    r"|\b(?:only|just|merely)\s+(?:named|mentioned)\s+(?:here|in\s+passing)\b"
    r"|\bnot\s+(?:be\s+)?(?:covered|discussed|treated|explained)\s+"
    r"(?:here|further|in\s+(?:this|these)\s+(?:course|notes|unit|module))\b"
    r"|\b(?:is|are)\s+left\s+(?:for|to)\s+(?:a\s+)?(?:later|another|an\s+advanced)\s+course\b"
    # "…a topic left to intermediate accounting", "…an analysis left to the advanced module",
    # "…is left to the climate course"; not "Black suffrage was left to the states".
    r"|\b(?:topic|analysis|treatment|subject|question|matter)\s+(?:is\s+|are\s+)?left\s+(?:for|to)\b"
    r"|\bleft\s+(?:for|to)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:course|module|unit|class)\b"
    # "…is covered in the lab, not in lecture", "…in the seminar readings rather than in
    # these notes".
    r"|\b(?:rather\s+than|not)\s+in\s+(?:these\s+notes|this\s+course|(?:the\s+)?lectures?)\b"
    r"|\bwe\s+(?:do\s+not|don't|will\s+not|won't|cannot|can't)\s+"
    r"(?:cover|treat|develop|discuss|pursue|explain)\b"
    r"|\b(?:name|mention)(?:\s+(?:it|them|this))?\s+(?:here\s+)?only\s+in\s+passing\b"
    r"|\bcan\s+only\s+(?:name|mention)\b",
    re.IGNORECASE,
)
"""A sentence saying the notes name a thing without teaching it: "…quasars; these lie
outside the scope of this course", "…called inflation; we only name it here"."""


def outside_scope(sentence: str) -> bool:
    """Whether a sentence says that what it names is not taught in the material.

    An instructor's notes often define a term in one line and say they go no further;
    the line matches a topic on that term as well as a whole section would.

    >>> outside_scope("The most luminous are quasars; these lie outside the scope of this course.")
    True
    >>> outside_scope("A rapid expansion, called inflation; we only name it here.")
    True
    >>> outside_scope("Chromatin packaging matters; we do not cover these mechanisms here.")
    True
    >>> outside_scope("Fauvism shocked the 1905 Salon, we mention here only in passing.")
    True
    >>> outside_scope("Its weakening during El Niño events is left to the climate course.")
    True
    >>> outside_scope("How to construct a life table is covered in the lab, not in lecture.")
    True
    >>> outside_scope("Black suffrage was left to the states.")
    False
    >>> outside_scope("Hubble's law relates a galaxy's distance to its recession speed.")
    False
    """
    return bool(OUT_OF_SCOPE.search(sentence))


class _Line(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def block(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def context(self) -> str: ...


LineT = TypeVar("LineT", bound=_Line)

_TASK = re.compile(
    r"^\W*(?:explain|describe|discuss|name|list|compare|contrast|calculate|sketch|define"
    r"|outline|suggest|give|state|estimate|draw|identify|assess|evaluate|why|how)\b",
    re.IGNORECASE,
)
TASKS_SHARE = 2 / 3
"""A list is set as tasks when this share of its items asks or sets one."""


def exercises_removed(units: Sequence[LineT]) -> list[LineT]:
    """``units`` without those of an exercises section or a list of study questions.

    A list under "## 9. Summary and Study Questions" ("1. Explain, with an example, the
    difference between hazard and risk. … 5. Name the four types of antagonism…") was
    quoted as part of the answer to "What are the different types of antagonism…?" (a
    toxicology probe): a list most of whose items ask or set a task, one of them a
    question, states nothing. Steps of a procedure ("3. Draw a circle…") ask nothing.
    """
    items: dict[int, list[LineT]] = {}
    for unit in units:
        if unit.kind == "list_item":
            items.setdefault(unit.block, []).append(unit)
    tasks = {
        block
        for block, listed in items.items()
        if any(u.text.rstrip().endswith("?") for u in listed)
        and sum(bool(_TASK.match(u.text)) or u.text.rstrip().endswith("?") for u in listed)
        >= TASKS_SHARE * len(listed)
    }
    return [
        u
        for u in units
        if not under_exercises(u.context)
        and not (u.kind == "list_item" and u.block in tasks)
        and not _TERMS_TO_REVIEW.match(u.text)
    ]


_TERMS_TO_REVIEW = re.compile(
    r"^\W*key\s+(?:terms|concepts|vocabulary|words)\b[^:.]{0,40}:\s", re.IGNORECASE
)
"""A line of terms to review names them and says nothing of them: "Key terms to review for
Part 1: lentic, lotic, kettle…" made "whats the differnce between lentic and lotic
waters" a refusal, "the closest passage names this" (a limnology probe)."""


_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
_LINKING = frozenset(["and", "the", "of", "with", "from", "late", "early", "mid", "about"])


def names_and_dates_only(text: str, subject: str) -> bool:
    """Whether a table row's values are names and dates alone, no description.

    >>> row = "Modal jazz: 1958–1960s (key figures: Miles Davis, Bill Evans; record: Kind of Blue)"
    >>> names_and_dates_only(row, "Modal jazz")
    True
    >>> row = "Osmosis: Down (water) (energy required?: No; example: Water uptake by root hairs)"
    >>> names_and_dates_only(row, "Osmosis")
    False
    """
    if not subject or not text.startswith(subject):
        return False
    rest = text[len(subject) :]
    values = " ".join(_LABEL_IN_ROW.sub(" ", rest).split())
    return not any(w not in _LINKING for w in _LOWER_WORD.findall(values))


_LABEL_IN_ROW = re.compile(r"[\w ?-]+:")
"""A column's name before its value in a row's readable text ("key figures:")."""
