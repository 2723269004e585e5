"""Sequences a passage lists, which order items ask about: pipelines and timelines.

An arrow line ("Data Collection → Preprocessing → …"), a numbered list introduced as
steps or made of dated events, and a table whose first column holds years or eras. An
order item is checked here too (:func:`check_order`, :func:`order_given_away`): its steps
are read back from its quote with :func:`sequence_steps`. Dates also decide which
neighbours an order item may ask (:func:`overlapping_periods`, :func:`as_near`) and which
rows a comparison may pair (:func:`ordered_by_names`, :func:`dates_against_dates`).

Example:
    >>> from rag.study.quiz.timelines import sequence_steps
    >>> sequence_steps("Data Collection → Preprocessing → Training → Evaluation")
    ['Data Collection', 'Preprocessing', 'Training', 'Evaluation']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.schema import Passage
from rag.study.quiz.matching import compound_words, normalize, only_key_shares
from rag.study.quiz.model import QuizItem
from rag.study.quiz.units import (
    _ARROW,
    _ASIDE,
    _DASH_HEAD,
    _HEAD,
    _LEAD_IN,
    _NUMBERED,
    Block,
    _cells,
    _clean_term,
    _indent,
    head_name,
    table_blocks,
    table_cells,
)
from rag.text.markdown import clean_markdown
from rag.text.passages import is_sequence

_IMPLICATION = re.compile(r"\bif\b.+\bthen\b", re.IGNORECASE)
"""An arrow line that states a rule: "If a → b and b → c, then a → c (transitivity)" was
cut at its arrows into "steps" ("b and b", "c, then a"), three order items all marked
incorrect (eval/quiz_check59_eight_courses.md, three raters of three)."""


def sequence_steps(quote: str) -> list[str]:
    """The steps of a sequence the quote lists: ``A → B → C``, or one numbered line each.

    A numbered line's step is its bold head, or the text before a colon, or the line.
    """
    table = _sequence_steps_of_table(quote)
    if table:
        return table
    events = dated_steps(quote.splitlines())
    if events:
        return events
    clean = clean_markdown(quote)
    if _ARROW.search(clean) and "|" not in clean:
        if _IMPLICATION.search(clean):
            return []  # "If a → b and b → c, then a → c": a rule of logic, not a pipeline
        steps = [s.strip(" .") for s in _ARROW.split(clean.strip())]
        # A first step longer than any other by words that lead into it: "SELECT is
        # logically evaluated FROM" starts at "FROM"; "Fine-tune the Model" is a step.
        longest_other = max((len(step.split()) for step in steps[1:]), default=0)
        if len(steps[0].split()) > longest_other + 1 and (lead := _LEAD_IN.match(steps[0])):
            steps[0] = lead.group("step")
        return steps if all(steps) else []
    bodies = numbered_items(quote)
    names: list[str | None] = []
    for body in bodies:
        head = _HEAD.match(body)
        name = head_name(head) if head else None
        if name is None and (dash := _DASH_HEAD.match(body)):
            name = dash.group("name")
        if name is not None:
            # "`FROM` (including any joins) — build…": the step is "FROM".
            name = _ASIDE.sub("", name) or name
        names.append(name)
    subjects = parallel_subjects(bodies) if None in names else []
    return [
        _clean_term(name or (subjects[i] if subjects else body))
        for i, (name, body) in enumerate(zip(names, bodies, strict=True))
    ]


def numbered_items(quote: str) -> list[str]:
    """The bodies of a numbered list's items, each with the lines it wraps onto.

    Notes wrapped by hand continue an item on indented lines ("1. Glycolysis takes place
    in the cytoplasm and splits one molecule of glucose" / "   into two molecules…").
    """
    items: list[str] = []
    for line in quote.splitlines():
        match = _NUMBERED.match(line)
        if match:
            items.append(match.group("body").strip())
        elif items and line.strip() and line[:1].isspace():
            items[-1] = f"{items[-1]} {line.strip()}"
    return items


_LINKING = frozenset(
    {"the", "a", "an", "of", "in", "on", "and", "or", "to", "for", "with", "by", "at", "from", "as"}
)


def parallel_subjects(items: Sequence[str]) -> list[str]:
    """The names the items of a list open with, where each goes on with the same words.

    A list of stages written as sentences names each stage before words they all share:
    "Glycolysis takes place in the cytoplasm…", "Pyruvate oxidation takes place in the
    mitochondrial matrix…", "The Krebs cycle, also called the citric acid cycle, also
    takes place in the matrix…". Nothing marks the names, but "takes place" follows
    each. [] when no words are shared, or a name would not be one (longer than
    :data:`MAX_STEP_WORDS` words, or not capitalised as a sentence's start is).

    Example:
        >>> parallel_subjects(["Glycolysis takes place in the cytoplasm.",
        ...                    "Pyruvate oxidation takes place in the matrix.",
        ...                    "The Krebs cycle, also called the citric cycle, also takes place."])
        ['Glycolysis', 'Pyruvate oxidation', 'The Krebs cycle']
        >>> parallel_subjects(["Light excites an electron.", "An enzyme splits water.",
        ...                    "The electron travels down a chain."])
        []
    """
    shared = parallel_phrase(items)
    return [name for name, _ in shared] if shared else []


def parallel_phrase(items: Sequence[str]) -> list[tuple[str, str]]:
    """Per item, the name it opens with and what it says after the words all items share.

    The pairs of :func:`parallel_subjects`: ("Glycolysis", "in the cytoplasm…"). [] when
    the items share no words after a name.
    """
    if len(items) < 3:
        return []
    first = [w.lower() for w in re.findall(r"[\w'’+-]+", items[0])[1:9]]
    for size in (3, 2, 1):
        for start in range(len(first) - size + 1):
            phrase = first[start : start + size]
            if size == 1 and phrase[0] in _LINKING:
                continue
            split = [_around(item, phrase) for item in items]
            if all(
                1 <= len(name.split()) <= MAX_STEP_WORDS and name[:1].isupper()
                and not {word.lower() for word in name.split()} & POINTING
                for name, _ in split
            ):  # fmt: skip
                return split
    return []


def _around(item: str, phrase: Sequence[str]) -> tuple[str, str]:
    """The item's words before ``phrase``, and those after it.

    The name is cut at a comma and found within the first ten words; ("", "") when the
    item does not say ``phrase``.
    """
    pattern = r"\b" + r"\s+".join(re.escape(word) for word in phrase) + r"\b"
    found = re.search(pattern, item, flags=re.IGNORECASE)
    if not found or len(item[: found.start()].split()) > 10:
        return "", ""
    name = item[: found.start()].split(",")[0].strip()
    while name and name.split()[-1].lower() in _ADVERBS:
        name = name.rsplit(maxsplit=1)[0] if " " in name else ""
    return name, item[found.end() :].strip()


POINTING = frozenset({"it", "its", "they", "them", "there", "this", "that", "these", "those",
                       "then", "next", "later", "afterwards", "meanwhile", "soon"})  # fmt: skip
"""Words that point elsewhere, which no name holds: "There must be a proportionately
serious reason…" and "Send it through a z-oriented magnet…" open no named step
(check courses on ethics and quantum mechanics, 2026-12-06)."""

_ADVERBS = frozenset({"also", "then", "usually", "often", "now", "first", "next", "finally",
                      "therefore", "mainly", "largely", "only", "still"})  # fmt: skip
"""Words between a name and what it does: "The Krebs cycle also takes place…"."""


_ERA_WORD = r"(?:BC|BCE|AD|CE)\b"
_ERA = rf"(?:\s*{_ERA_WORD})"
_YEAR = rf"(?:c\.\s*)?\d{{1,4}}s?{_ERA}?"
_PERIOD_CELL = re.compile(r"^\s*\d{4}s?(?:\s*[–-]\s*(?:\d{4}s?|present))?\s*$", re.I)
_ANCIENT_CELL = re.compile(
    rf"^\s*{_YEAR}(?:\s*[–-]\s*(?:{_YEAR}|present))?(?:\s*\([^()]{{1,30}}\))?\s*$", re.I
)
"""A year of any length, "c. 390", "58–50", "44 (15 March)", "AD 212": a timeline's first
cell when the header says so (:func:`is_timeline`)."""
_DATE_HEADER = re.compile(r"^\s*(?:dates?|years?|period|era|when)\b", re.I)
_DATED_STEP = re.compile(
    rf"^(?:\*\*)?(?P<date>(?:{_ERA_WORD}\s*)?{_YEAR}(?:\s*[–-]\s*{_YEAR})?)"
    r"\s*[–—:-]\s+(?P<event>[^*.:;—]{2,60}?)\.?(?:\*\*|[.:;]|\s[—–]|$)",
    re.I,
)
"""A numbered line that leads with its date: "**494 BC – First Secession.** Plebeian…"."""
_ITALICS = re.compile(r"(?<!\*)\*(?!\*)")
"""A lone asterisk of italics inside a bold date line: "**1455 — *Romanus Pontifex*.**"
was read as a step named "**1455" (eval/quiz_check24_exploration.md, four items)."""


_DATE_NAME = re.compile(
    rf"^(?:(?:early|late|mid|[A-Z][a-z]+)\s+)?{_YEAR}(?:\s*[–-]\s*{_YEAR})?$", re.IGNORECASE
)


def named_by_dates(steps: Sequence[str]) -> bool:
    """Whether every step of a sequence is named by its date ("October 1347", "1349").

    Which step of "1346 → October 1347 → 1348 → 1349 → 1350–1351" comes right after
    1349 is a matter of counting, not of the course: "1346" and "1348" offered as the
    step after 1349 are ruled out by the calendar (eval/quiz_check20_medieval_europe.md,
    two items, three raters of three).

    Example:
        >>> named_by_dates(["1346", "October 1347", "1348", "1350–1351"])
        True
        >>> named_by_dates(["Sicily", "Italy and France", "England"])
        False
    """
    return bool(steps) and all(_DATE_NAME.match(step.strip()) for step in steps)


def step_periods(quote: str) -> list[tuple[int, int]] | None:
    r"""The years each step of a timeline quote spans, as (first, last); None if not dated.

    Example:
        >>> step_periods("| 1879–1885 | Attenuated vaccines |\n| 1882 | Phagocytosis |")
        [(1879, 1885), (1882, 1882)]
        >>> step_periods("| 2000s | HMMs |\n| 2025–Present | Unified models |")
        [(2000, 2009), (2025, 9999)]
    """
    dates = []
    for line in quote.splitlines():
        if line.lstrip().startswith("|"):
            cells = _cells(line)
            dates.append(clean_markdown(cells[0]) if cells else "")
        elif numbered := _NUMBERED.match(line):
            dated = _DATED_STEP.match(_ITALICS.sub("", numbered.group("body")))
            dates.append(dated.group("date") if dated else "")
    periods = []
    for date in dates:
        years = [int(y) for y in re.findall(r"\d{1,4}", date)]
        if not years:
            return None
        last = 9999 if re.search(r"present", date, re.I) else max(years)
        if re.search(r"\d0s\b", date) and len(years) == 1:
            last = years[0] + 9  # "2000s": a decade
        periods.append((min(years), last))
    return periods or None


def as_near(periods: Sequence[tuple[int, int]], target: int, beyond: int) -> bool:
    """Whether the step past the key is dated as near the asked one as the key is.

    Right after a step, the key must start before the step beyond it; right before, it
    must end after. "1879–1885 Attenuated vaccines" is still right after 1796's cowpox
    though "1882 Phagocytosis" follows; of two rows dated 1669, neither is.

    Example:
        >>> as_near([(350, 350), (1669, 1669), (1669, 1669)], 1, 2)
        True
        >>> as_near([(1796, 1796), (1879, 1885), (1882, 1882)], 1, 2)
        False
    """
    if beyond > target:
        return periods[beyond][0] <= periods[target][0]
    return periods[beyond][1] >= periods[target][1]


def overlapping_periods(one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two timeline steps share a year, so neither comes plainly after the other."""
    return max(one[0], other[0]) <= min(one[1], other[1])


def dated_steps(lines: Sequence[str]) -> list[str]:
    """The events of numbered lines that each lead with a date, else [].

    A numbered list of dated events is a timeline whatever its heading says: "6. The
    Conflict of the Orders" lists the secession of 494 BC, the Twelve Tables, the Lex
    Hortensia… in order, with no word like "stages" above them.

    Example:
        >>> dated_steps(["1. **1455 — *Romanus Pontifex*.** A monopoly.",
        ...              "2. **1479 — Treaty of Alcáçovas.** The Canaries to Castile.",
        ...              "3. **1494 — Treaty of Tordesillas.** A line 370 leagues west."])
        ['Romanus Pontifex', 'Treaty of Alcáçovas', 'Treaty of Tordesillas']
        >>> dated_steps(["1. **494 BC – First Secession.** Plebeians left.",
        ...              "2. **451–450 BC – The Twelve Tables.** Law written down.",
        ...              "3. **287 BC – Lex Hortensia.** Plebiscites bind all."])
        ['First Secession', 'The Twelve Tables', 'Lex Hortensia']
    """
    events = []
    for line in lines:
        numbered = _NUMBERED.match(line)
        dated = _DATED_STEP.match(_ITALICS.sub("", numbered.group("body"))) if numbered else None
        if dated is None:
            return []
        events.append(_clean_term(dated.group("event")))
    return events if len(events) >= 3 else []


def is_timeline(block: Block) -> bool:
    """Whether every row of a table is named by a year or an era ("2014–2017", "2000s").

    Ancient years are short ("496", "c. 390", "58–50"): a first column of them is a
    timeline when its header says so ("Date (BC)") or they carry BC or AD.
    """
    cells = [row[0] for _, _, row in block.rows if row]
    if not cells or len(cells) < len(block.rows):
        return False
    if all(_PERIOD_CELL.match(cell) for cell in cells):
        return True
    dated = bool(block.header and _DATE_HEADER.match(block.header[0])) or all(
        re.search(_ERA, cell, re.I) for cell in cells
    )
    return dated and all(_ANCIENT_CELL.match(cell) for cell in cells)


def sequences(passage: Passage) -> list[tuple[str, list[str], str, int, int]]:
    """Sequences a passage lists: (quote, steps, noun for a step, start, end).

    An arrow line ("Data Collection → Preprocessing → …", three steps or more) is a
    pipeline; a table whose first column holds years or eras is a timeline, its
    steps the second column.
    """
    found = []
    text = passage.text
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if stripped and not stripped.startswith("|") and is_sequence(stripped):
            start = offset + _indent(line)
            quote = text[start : start + len(stripped)]
            steps = sequence_steps(quote)
            if len(steps) >= 4 and all(1 <= len(step.split()) <= 5 for step in steps):
                found.append((quote, steps, "step", start, start + len(quote)))
        offset += len(raw)
    found += _numbered_sequences(text, passage.section)
    for block in table_blocks(text):
        if len(block.header) >= 2 and is_timeline(block):
            quote = text[block.rows[0][0] : block.rows[-1][1]]
            noun = block.header[1].lower() or "step"
            found.append((quote, [c[1] for _, _, c in block.rows], noun, block.rows[0][0],
                          block.rows[-1][1]))  # fmt: skip
    return found


SEQUENCE_CUE = re.compile(
    r"\b(?:steps?|stages?|phases?|passes|order|sequence|process(?:ing)?|procedure|pipeline"
    r"|lifecycle|life cycle|cycle)\b",
    re.I,
)
"""Words that say a numbered list is a sequence: "The stages of query processing"."""
MAX_STEP_WORDS = 5


def _numbered_sequences(text: str, section: str = "") -> list[tuple[str, list[str], str, int, int]]:
    """Numbered lists (1, 2, 3… or 4, 5, 6…, three items or more) that list steps in order.

    A numbered list is also how course notes write "Key Ideas"; only one introduced as a
    sequence (:data:`SEQUENCE_CUE` in the heading above it, in the text or the chunk's
    ``section``, or in the lines just above it) whose items are named in a few words
    ("1. **Parsing**: check the syntax…") is one.
    """
    found = []
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for raw in lines:
        offsets.append(offsets[-1] + len(raw))
    index = 0
    while index < len(lines):
        opening = _NUMBERED.match(lines[index])
        if not opening:
            index += 1
            continue
        # Consecutive numbers from wherever the chunk starts: a long list is cut into
        # chunks, and items 4 to 7 of it are still in order.
        first = expected = int(opening.group("number"))
        end = index
        while end < len(lines):
            match = _NUMBERED.match(lines[end])
            if match and int(match.group("number")) == expected:
                expected += 1
            elif match or not lines[end].strip() or not lines[end][:1].isspace():
                break  # an indented line goes on with the item above it (wrapped notes)
            end += 1
        run, index = (index, end), max(end, index + 1)
        count = expected - first
        if count < 3:
            continue
        start = offsets[run[0]] + _indent(lines[run[0]])
        events = dated_steps(lines[run[0] : run[1]])
        if events and all(len(event.split()) <= MAX_STEP_WORDS for event in events):
            quote = text[start : offsets[run[1]]].rstrip()
            found.append((quote, events, "event", start, start + len(quote)))
            continue
        before = [line for line in lines[max(0, run[0] - 3) : run[0]] if line.strip()]
        heading = next(
            (ln for ln in reversed(lines[: run[0]]) if ln.lstrip().startswith("#")), section
        )
        if not SEQUENCE_CUE.search(" ".join([heading, *before[-2:]])):
            continue
        if parallel_list(" ".join(before[-2:])) or unordered_kinds(before[-1] if before else ""):
            continue
        start = offsets[run[0]] + _indent(lines[run[0]])
        quote = text[start : offsets[run[1]]].rstrip()
        steps = sequence_steps(quote)
        if len(steps) == count and all(1 <= len(step.split()) <= MAX_STEP_WORDS for step in steps):
            found.append((quote, steps, "step", start, start + len(quote)))
    return found


_AT_ONCE = re.compile(r"\b(?:simultaneous(?:ly)?|at once|in parallel|at the same time)\b", re.I)


def parallel_list(lead_in: str) -> bool:
    """Whether the lines above a numbered list say its items happen at once, not in order.

    "…the simultaneous recording of several physiological signals … Three signals are
    essential for identifying sleep stages:" names "stages", a sequence word, but lists
    EEG, EOG and EMG, which nothing orders: "which step comes right after
    Electroencephalogram?" was marked incorrect and given away (eval/quiz_check48_sleep.md
    and eval/quiz_check50_four_courses.md, eight items, three raters of three or two).
    Counting the items by another noun is no sign: "water passes through five states:"
    lists the states of heating in order.

    Example:
        >>> parallel_list("the simultaneous recording of several signals. Three signals:")
        True
        >>> parallel_list("As heat is added, water passes through five states:")
        False
    """
    return _AT_ONCE.search(lead_in) is not None


_UNORDERED_KINDS = re.compile(
    r"\b(?:principles|factors|features|types|kinds|causes|reasons|rules|laws|ideas|"
    r"properties|characteristics|advantages|disadvantages|components|elements|criteria)"
    r"\W*:\s*$",
    re.I,
)


def unordered_kinds(lead_in: str) -> bool:
    """Whether the line that introduces a numbered list calls its items unordered things.

    "Geologists learned to put events in *order*. **Relative dating** rests on a
    handful of principles:" holds a sequence word, yet superposition, original
    horizontality, cross-cutting relationships and faunal succession are four
    principles in the order the notes give them: "which step comes right after
    cross-cutting relationships?" was marked incorrect (eval/quiz_check57_eight_courses.md,
    three items, three raters of three). A lead-in that names steps or stages is a
    sequence whatever else it says.

    Example:
        >>> unordered_kinds("Relative dating rests on a handful of principles:")
        True
        >>> unordered_kinds("The stages of the process follow these principles:")
        False
    """
    return _UNORDERED_KINDS.search(lead_in) is not None and not _STEP_WORDS.search(lead_in)


_STEP_WORDS = re.compile(r"\b(?:steps?|stages?|phases?|pipeline|sequence)\b", re.I)


def _sequence_steps_of_table(quote: str) -> list[str]:
    rows = [table_cells(line) for line in quote.splitlines()]
    if len(rows) >= 3 and all(len(r) >= 2 and _ANCIENT_CELL.match(r[0]) for r in rows):
        return [r[1] for r in rows]
    return []


_TOPIC_YEARS = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?:\s*[–-]\s*(\d{2,4}))?(?!\d)")


def years_named(topic: str) -> list[int]:
    """The years a topic line names, both ends of a range among them.

    "The War of Independence and the Anglo-Irish Treaty, 1919–21": a statement that the
    treaty was signed in 1918 is false by the topic line alone (eval/quiz_check60_eight_
    courses.md, three raters of three), yet a year beside a dash was no year to it.

    Example:
        >>> years_named("The Anglo-Irish Treaty, 1919–21"), years_named("The election of 1860")
        ([1919, 1921], [1860])
    """
    years = []
    for start, end in _TOPIC_YEARS.findall(topic):
        years.append(int(start))
        if end:
            years.append(int(start[: 4 - len(end)] + end) if len(end) < 4 else int(end))
    return years


def across_a_year(original: int, swapped: int, topic_years: Sequence[int]) -> bool:
    """Whether a swapped year lies on the other side of a year the topic line names.

    "Inaugurated March 4, 1858, Lincoln called the Union 'perpetual'" under "The
    secession crisis: the election of 1860, …" is false by the topic line alone, and so
    is "On April 12, 1858, batteries under Beauregard opened fire" (eval/quiz_check54_
    four_courses.md, three raters of three each: given away).

    Example:
        >>> across_a_year(1861, 1858, [1860]), across_a_year(1861, 1865, [1860])
        (True, False)
    """
    return any((original < year) != (swapped < year) for year in topic_years)


_YEAR_NUMBER = re.compile(r"\b\d{3,4}s?\b")


_PHASE = re.compile(
    r"^(?:early|middle|mature|late|old|new|lower|upper|first|second|third|final)\s+", re.I
)


def ordered_by_names(left: str, right: str, a: str, b: str) -> bool:
    """Whether two rows' names say which of their dates comes first.

    "Early Harappan — c. 3300–2600 BCE" against "Mature Harappan" and "Late Harappan":
    one name with its phases, so an option giving the late phase the early dates is
    absurd by the names alone (eval/quiz_check36_ancient_india.md: 3 of the 3 rated such
    comparisons had implausible options).

    Example:
        >>> ordered_by_names("Early Harappan", "Late Harappan", "c. 3300 BCE", "c. 1900 BCE")
        True
        >>> ordered_by_names("Late Harappan", "Early Vedic", "c. 1900 BCE", "c. 1500 BCE")
        False
    """
    one, other = _PHASE.match(left), _PHASE.match(right)
    if not (one and other) or left[one.end() :].lower() != right[other.end() :].lower():
        return False
    return bool(_YEAR_NUMBER.search(a)) and bool(_YEAR_NUMBER.search(b))


def dates_against_dates(left: str, right: str, descriptions: Sequence[str]) -> bool:
    """Whether rows named by dates are offered descriptions that carry dates of their own.

    "1398 — Timur died at Otrar in February 1405": a description dated elsewhere
    contradicts the date it is offered for, whatever the student knows. Of 65 rated
    comparisons of two dated rows, the 2 whose options held such a description had
    implausible options, the other 63 none (eval/quiz_check38_mongols.md, raters'
    majority).

    Example:
        >>> dates_against_dates("1398", "July 1402", ["Sack of Delhi", "Died in 1405"])
        True
        >>> dates_against_dates("1398", "July 1402", ["Sack of Delhi", "Battle of Ankara"])
        False
    """
    if not (_YEAR_NUMBER.search(left) and _YEAR_NUMBER.search(right)):
        return False
    return any(_YEAR_NUMBER.search(description) for description in descriptions)


def check_order(item: QuizItem) -> str | None:
    """The answer is the step right after (or before) the named one in the quoted sequence."""
    steps = [normalize(s) for s in sequence_steps(item.source.quote)]
    after, before = item.meta.get("after", ""), item.meta.get("before", "")
    anchor = normalize(after or before)
    if len(steps) < 3 or anchor not in steps or normalize(item.answer) not in steps:
        return "answer_not_supported"
    position = steps.index(anchor) + (1 if after else -1)
    if not 0 <= position < len(steps) or steps[position] != normalize(item.answer):
        return "answer_not_supported"
    if any(normalize(o) == anchor for o in item.options):
        return "option_in_question"
    return None


def order_given_away(item: QuizItem) -> str | None:
    """``answer_in_question`` when the key alone shares a word with the step it neighbours.

    "Which harvest comes right after 'Little blight, but tiny acreage planted'?" keyed
    "Blight returns" among three options without "blight"; "right before 'Lorenzo…
    takes over on Piero's death'" keyed "Death of Cosimo; his son Piero succeeds". On
    the rated order items of eval/quiz_check*.md this catches all 12 that raters called
    given away, and 12 of the 70 they did not ("Saturated liquid" right after
    "Compressed liquid"): a sequence has other steps to ask.
    """
    anchor = item.meta.get("after", "") or item.meta.get("before", "")
    wrong = [o for o in item.options if normalize(o) != normalize(item.answer)]
    if only_key_shares(item.answer, wrong, compound_words(anchor)):
        return "answer_in_question"
    return None
