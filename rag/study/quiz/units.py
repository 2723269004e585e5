"""The parts of a passage an item can rest on, and the key terms in them.

A :class:`Unit` is a sentence, list item or table row with its verbatim quote (the
splitting is the extractive answers' own); a :class:`Term` is a key term of one (bold
text, "Name (ACR)", a capitalised name, an acronym). Tables (:class:`Block`) and
sequences ("A → B → C", a timeline table) are read here too: order and comparison
items are built from them and checked against them.

Example:
    >>> from rag.study.quiz.units import find_terms, sequence_steps
    >>> [t.text for t in find_terms("**Diffusion models** reverse noise, unlike GANs.")]
    ['Diffusion models', 'GANs']
    >>> sequence_steps("Data Collection → Preprocessing → Training → Evaluation")
    ['Data Collection', 'Preprocessing', 'Training', 'Evaluation']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.schema import Passage
from rag.study.quiz.matching import normalize, occurs, overlapping
from rag.text.markdown import clean_markdown
from rag.text.passages import candidate_sentences

_ARROW = re.compile(r"\s*(?:→|->|⟶|=>)\s*")


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
        steps = [s.strip(" .") for s in _ARROW.split(clean.strip())]
        # A first step longer than any other by words that lead into it: "SELECT is
        # logically evaluated FROM" starts at "FROM"; "Fine-tune the Model" is a step.
        longest_other = max((len(step.split()) for step in steps[1:]), default=0)
        if len(steps[0].split()) > longest_other + 1 and (lead := _LEAD_IN.match(steps[0])):
            steps[0] = lead.group("step")
        return steps if all(steps) else []
    steps = []
    for line in quote.splitlines():
        match = _NUMBERED.match(line)
        if not match:
            continue
        body = match.group("body").strip()
        head = _HEAD.match(body)
        name = head_name(head) if head else None
        if name is None and (dash := _DASH_HEAD.match(body)):
            name = dash.group("name")
        if name is not None:
            # "`FROM` (including any joins) — build…": the step is "FROM".
            name = _ASIDE.sub("", name) or name
        steps.append(_clean_term(name or body))
    return steps


_ASIDE = re.compile(r"\s*\([^()]*\)$")
"""A name's closing aside: "Semantic analysis (binding)"; "Citric acid (Krebs) cycle" keeps its."""
_NUMBERED = re.compile(r"^\s*(?P<number>\d+)[.)]\s+(?P<body>\S.*)$")
_DASH_HEAD = re.compile(r"^(?P<name>[^—–]{1,60}?)\s+[—–]\s+\S")
"""A numbered step named before a dash: "`WHERE` — keep only rows for which…"."""
_LEAD_IN = re.compile(r"^.*?\b[a-z]\w*\s+(?P<step>(?:[A-Z][\w-]*\s*)+)$")
"""Words that lead into an arrow line's first step: "SELECT is logically evaluated FROM"
starts the sequence at "FROM"."""


REFERENCE_LINE = re.compile(
    r"\bet al\.|^[A-Z][\w-]+ (?:&|and) [A-Z][\w-]+, |^[^.!?]{2,120}\(\D{0,40}\b\d{4}\)\s[–—]\s"
)
"""A bibliography line: "Goodfellow et al., …", "Kingma & Welling, …", "CLIP (2021) — …",
"GPT-4 Technical Report (OpenAI, 2023) — …"."""
_BULLET = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+")


_HEAD = re.compile(
    r"^(?:\*\*(?P<bold>[^*]{2,80}?)(?P<colon>:)?\*\*(?(colon)\s*|\s*(?::|[-–—]\s))"
    r"|(?P<plain>[A-Z0-9][^:*]{1,60}?):"
    r"|(?P<code>`[^`]{1,40}`(?:[^`:–—]{0,20}`[^`]{1,40}`)*(?:\s*\([^()]{1,60}\))?)\s*(?::|[–—]\s))"
    r"\s*(?P<desc>\S.*?)\s*$"
)
"""A list item's head and description: ``**Head**: text``, ``**Head** – text``, ``Head: text``,
and a code name's "`HAVING` — text"."""


def head_name(head: re.Match[str]) -> str:
    """The name a :data:`_HEAD` match gives its item, as written (Markdown kept)."""
    code = head.group("code")
    if code:
        return _ASIDE.sub("", code) or code  # "`FROM` (including any joins)": "FROM"
    return head.group("bold") or head.group("plain") or ""


_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


REFERS_TO_UNSEEN = re.compile(
    r"\b(?:tables?|figures?|lists?|diagrams?|charts?|examples?|steps?)\s+(?:below|above)\b"
    r"|\b(?:shown|listed|given|described|set out|discussed)\s+(?:below|above)\b"
    r"|\bthe following\b"
    r"|\b(?:Part|Chapter|Section|Lecture|Unit|Week)\s+\d"
    r"|\bthe (?:idea|table|figure|diagram|chart)\b(?!\s+(?:of|that|in)\b)"
    r"|\bthe rule\b(?!\s+(?:of|that|for|in)\b)"
    r"|^(?:the|both) (?:two|three|four) [a-z]+\b",
    re.IGNORECASE,
)
"""A sentence about the page around it ("The table below brings the three parameters
together for a selection of English consonants", "Plate tectonics, the subject of Part 2,
is the mechanism that connects the two engines", "…rejected the idea for four decades"):
a quiz shows the sentence alone, so it is no fact to ask (eval/quiz_check11_linguistics.md
and eval/quiz_check12_*.md, as blanks and statements). "Below freezing" and "above sea
level" are not such references, nor is "the idea that continents drift"."""


_NAME_WORD = r"[A-Z][\w'·.+-]*"


_NAME_WITH_ACRONYM = re.compile(
    rf"(?<![\w-])((?:{_NAME_WORD}(?:\s+(?:of|for|and|&)\s+|\s+)){{1,5}}{_NAME_WORD})"
    r"\s*\(\s*([A-Z][\w·-]*[A-Z][\w·-]*)\s*\)"
)


_ACRONYM_WITH_NAME = re.compile(
    rf"(?<![\w-])([A-Z][\w·-]*[A-Z][\w·-]*)\s*\(\s*((?:{_NAME_WORD}\s+){{1,5}}{_NAME_WORD})\s*\)"
)


_ACRONYM = re.compile(
    r"(?<![\w-])(?:[A-Z][A-Za-z]*[A-Z][\w·]*(?:-[A-Z0-9][\w·]*)*|[A-Z]+-?\d+[A-Za-z]*)(?![\w-])"
)


_CAPITALISED = re.compile(rf"(?<![\w-]){_NAME_WORD}(?:\s+(?:of\s+|&\s+)?{_NAME_WORD})+")


_STOP_NAMES = {
    "AI", "II", "III", "IV", "V", "VI", "OK", "API", "APIs", "I", "A", "GenAI", "USD",
}  # fmt: skip


_LEADING_FUNCTION_WORDS = {
    "the", "a", "an", "this", "these", "that", "those", "in", "by", "from", "unlike", "its",
    "it", "as", "when", "across", "each", "through", "with", "for", "and", "or", "to",
    "while", "whereas", "if", "on", "at", "of", "our", "their", "some", "many", "most",
    "key", "released", "tools", "models", "use", "layers", "advances", "issues", "students",
    "artists", "developers", "explore", "engage", "develop", "stay", "apply", "build",
    "deploy", "evaluate", "fine-tune", "understanding", "behind",
    # "After Raphael's death…" blanked "After Raphael" (eval/quiz_check15_art_history.md).
    "after", "before", "during", "since", "until", "under", "upon", "between", "among",
    "against", "without", "within", "around", "despite", "although", "because", "once",
}  # fmt: skip


@dataclass(frozen=True)
class Term:
    """A key term of the material, with its broad kind and the narrower group it came from."""

    text: str
    kind: str
    """``acronym``, ``name``, ``concept`` or ``phrase`` (a table cell sentence)."""
    group: str = ""
    """Table column or list it came from; terms of one group make the best distractors."""
    aliases: tuple[str, ...] = ()


@dataclass
class Unit:
    """A sentence, list item or table row of a passage: the quote an item rests on."""

    passage: int
    start: int
    end: int
    quote: str
    text: str
    relevance: float = 0.0
    line: str = ""
    """The whole raw line the unit is on (a list item or table row)."""
    key: int = 0
    """Start offset of a sentence (:func:`rag.text.passages.candidate_sentences`)."""
    bulleted: bool = False
    """First sentence of a list item (its bullet left out of the quote)."""


def leaf(section: str, title: str = "") -> str:
    """The last heading of a section path ("A > B" -> "B"), or the title when there is none."""
    return section.split(" > ")[-1].strip() or title or "the course"


def _kind_of(term: str) -> str:
    letters = [c for c in term if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if letters and " " not in term.strip() and upper >= 2 and upper / len(letters) >= 0.6:
        return "acronym"
    if " " not in term.strip() or any(c.isdigit() for c in term) or upper >= 2:
        return "name" if not term.lower().endswith(("models", "model")) else "concept"
    return "concept"


def _aliases(term: str) -> tuple[str, ...]:
    for pattern in (_NAME_WITH_ACRONYM, _ACRONYM_WITH_NAME):
        match = pattern.fullmatch(term.strip())
        if match:
            short = match.group(2) if pattern is _NAME_WITH_ACRONYM else match.group(1)
            long = match.group(1) if pattern is _NAME_WITH_ACRONYM else match.group(2)
            found = [long, short]
            if short.endswith("s") and short[:-1].isupper():
                found.append(short[:-1])
            return tuple(found)
    return ()


def _clean_term(term: str) -> str:
    term = clean_markdown(term).strip(" .,;:")
    # A possessive is the sentence's, not the name's: "Emmeline Pankhurst's militant
    # suffragettes" asks for "Emmeline Pankhurst", "Piedmont's Charles Albert" for
    # "Charles Albert" (a student typing the name alone got "almost": tenth check sheet).
    term = _POSSESSOR.sub("", term)
    term = _POSSESSIVE_END.sub("", term)
    return re.sub(r"\s+", " ", term)


_POSSESSOR = re.compile(r"^.*['’]s?\s+(?=[A-Z0-9])")
_POSSESSIVE_END = re.compile(r"(?<=\w)['’]s?$")


def _acceptable(term: str) -> bool:
    words = term.split()
    return (
        1 <= len(words) <= 6
        and len(term) <= 60
        and term not in _STOP_NAMES
        and not re.search(r"[_/\\]$|^\d+$|https?:|[{}<>=]", term)
        and (
            any(c.isalpha() for c in term)
            or re.fullmatch(r"\d{4}s?\s*[–-]\s*\d{4}s?", term) is not None
        )
    )


def _strip_leading(term: str) -> str:
    words = term.split()
    while words and words[0].lower() in _LEADING_FUNCTION_WORDS:
        words = words[1:]
    return " ".join(words)


def find_terms(raw: str) -> list[Term]:
    """Key terms of one line or sentence: bold spans, named acronyms, names, acronyms.

    The order is the order of preference for blanking: a bold term the author marked,
    then "Name (ACR)" pairs as one term, then capitalised names, then acronyms.
    """
    clean = clean_markdown(raw)
    found: list[Term] = []

    def add(text: str, kind: str | None = None) -> None:
        text = _clean_term(text)
        if not _acceptable(text) or not occurs(text, clean):
            return
        if any(normalize(t.text) == normalize(text) for t in found):
            return
        if any(overlapping(text, t.text) and occurs(text, t.text) for t in found):
            return  # already inside a longer term found first ("GANs" in "... (GANs)")
        found.append(Term(text, kind or _kind_of(text), aliases=_aliases(text)))

    for bold in re.findall(r"\*\*([^*]{2,60}?)\*\*", raw):
        if len(bold.split()) <= 6 and not bold.rstrip().endswith((".", ":")):
            add(bold)
    for pattern in (_NAME_WITH_ACRONYM, _ACRONYM_WITH_NAME):
        for match in pattern.finditer(clean):
            add(_strip_leading(match.group(0)))
    for match in _CAPITALISED.finditer(clean):
        name = _strip_leading(match.group(0))
        if len(name.split()) >= 2:
            add(name)
    for match in _ACRONYM.finditer(clean):
        add(match.group(0))
    sentence_start = len(clean) - len(clean.lstrip())
    for match in re.finditer(rf"(?<=[a-z,;] )({_NAME_WORD})", clean):
        if match.start() > sentence_start and len(match.group(1)) >= 3:
            add(match.group(1), "name")
    return found


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def table_header(text: str, line_start: int) -> list[str] | None:
    """Header cells of the Markdown table whose row starts at ``line_start`` of ``text``."""
    above = text[:line_start].splitlines()
    for index in range(len(above) - 1, 0, -1):
        line = above[index].strip()
        if not line.startswith("|"):
            return None
        if _TABLE_SEPARATOR.match(line):
            return [clean_markdown(c) for c in _cells(above[index - 1])]
    return None


def split_names(text: str) -> list[str]:
    """Capitalised items of a comma list ("DALL-E 3, Midjourney V6, and Stable Diffusion")."""
    text = re.sub(r"\([^)]*\)", "", clean_markdown(text)).strip(" .")
    parts = [p.strip(" .") for p in re.split(r",|;|\band\b|\bor\b", text)]
    if len(parts) < 2:
        return []
    names = [p for p in parts if p and _is_name(p)]
    return names if len(names) >= 2 and 2 * len(names) >= len(parts) else []


def _is_name(text: str) -> bool:
    """A product or model name: every word capitalised or a number, at most three words."""
    words = text.split()
    return (
        _acceptable(text)
        and len(words) <= 3
        and all(w[0].isupper() or w[0].isdigit() for w in words)
    )


def passage_units(index: int, passage: Passage) -> list[Unit]:
    """The sentences, list items and table rows of a passage, with verbatim quotes.

    The splitting is :func:`rag.text.passages.candidate_sentences`, the one the
    extractive answers use; list bullets are left out of the quote.
    """
    units = []
    text = passage.text
    for candidate in candidate_sentences(index, text):
        start, end = candidate.start, candidate.end
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        bullet = _BULLET.match(text, start) if start == line_start + _indent(line) else None
        if bullet:
            start = bullet.end()
        # "1. Text" reaches here already split after "1." (a sentence break).
        bulleted = bullet is not None or _BULLET.fullmatch(text[line_start:start]) is not None
        quote = text[start:end].rstrip()
        if quote and not quote.startswith("!["):  # an image's alt text is no statement
            units.append(
                Unit(index, start, start + len(quote), quote, clean_markdown(quote), line=line,
                     key=candidate.start, bulleted=bulleted)
            )  # fmt: skip
    return units


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


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
            dated = _DATED_STEP.match(numbered.group("body"))
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


def dated_steps(lines: Sequence[str]) -> list[str]:
    """The events of numbered lines that each lead with a date, else [].

    A numbered list of dated events is a timeline whatever its heading says: "6. The
    Conflict of the Orders" lists the secession of 494 BC, the Twelve Tables, the Lex
    Hortensia… in order, with no word like "stages" above them.

    Example:
        >>> dated_steps(["1. **494 BC – First Secession.** Plebeians left.",
        ...              "2. **451–450 BC – The Twelve Tables.** Law written down.",
        ...              "3. **287 BC – Lex Hortensia.** Plebiscites bind all."])
        ['First Secession', 'The Twelve Tables', 'Lex Hortensia']
    """
    events = []
    for line in lines:
        numbered = _NUMBERED.match(line)
        dated = _DATED_STEP.match(numbered.group("body")) if numbered else None
        if dated is None:
            return []
        events.append(_clean_term(dated.group("event")))
    return events if len(events) >= 3 else []


@dataclass
class Block:
    """A Markdown table (or list, :func:`list_blocks`) of a passage: its rows and header."""

    start: int
    end: int
    header: list[str]
    rows: list[tuple[int, int, list[str]]]
    """(start, end, clean cells) of each body row, in order."""


def table_blocks(text: str) -> list[Block]:
    """The tables of a passage with a header row, each row's span and clean cells."""
    blocks: list[Block] = []
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((offset, offset + len(body), body))
        offset += len(raw)
    i = 0
    while i < len(lines) - 2:
        start, _, head = lines[i]
        if head.strip().startswith("|") and _TABLE_SEPARATOR.match(lines[i + 1][2]):
            header = [clean_markdown(c) for c in _cells(head)]
            rows = []
            j = i + 2
            while j < len(lines) and lines[j][2].strip().startswith("|"):
                row_start, _, row = lines[j]
                cells = [clean_markdown(c) for c in _cells(row)]
                if len(cells) == len(header):
                    lead = row_start + _indent(row)
                    rows.append((lead, row_start + len(row.rstrip()), cells))
                j += 1
            if len(rows) >= 3:
                blocks.append(Block(start, rows[-1][1], header, rows))
            i = j
        else:
            i += 1
    return blocks


def list_blocks(text: str) -> list[Block]:
    r"""The bulleted lists of a passage, read like tables: each item's head is its name.

    A list's header is the line that leads into it (a heading or "Key models:"); an
    item's cells are its head and description (``**Gemini Pro**: Google's …``), or
    just its text when it has no head; a row starts where the unit does, after the
    bullet.

    Example:
        >>> block = list_blocks("### Trends\n- **Agents**: Autonomous systems\n- Plain line")[0]
        >>> block.header, [cells for _, _, cells in block.rows]
        (['Trends'], [['Agents', 'Autonomous systems'], ['Plain line']])
    """
    blocks: list[Block] = []
    lead = ""
    rows: list[tuple[int, int, list[str]]] = []
    offset = 0
    for raw in [*text.splitlines(keepends=True), ""]:
        line = raw.rstrip("\r\n")
        bullet = _BULLET.match(line) if raw else None
        if bullet:
            body = line[bullet.end() :].rstrip()
            head = _HEAD.match(body)
            name = head_name(head) if head else None
            cells = (
                [_clean_term(name), clean_markdown(head.group("desc"))]
                if head and name
                else [clean_markdown(body)]
            )
            rows.append((offset + bullet.end(), offset + len(line.rstrip()), cells))
        else:
            if rows:
                blocks.append(Block(rows[0][0], rows[-1][1], [lead], rows))
                rows = []
            if line.strip():
                lead = clean_markdown(line.strip().lstrip("#").strip())
        offset += len(raw)
    return blocks


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
        if stripped and not stripped.startswith("|") and len(_ARROW.findall(stripped)) >= 2:
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
        if not _NUMBERED.match(lines[index]):
            index += 1
            continue
        # Consecutive numbers from wherever the chunk starts: a long list is cut into
        # chunks, and items 4 to 7 of it are still in order.
        first = int(_NUMBERED.match(lines[index]).group("number"))  # type: ignore[union-attr]
        end = index
        while (
            end < len(lines)
            and (match := _NUMBERED.match(lines[end]))
            and int(match.group("number")) == first + end - index
        ):
            end += 1
        run, index = (index, end), max(end, index + 1)
        if run[1] - run[0] < 3:
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
        start = offsets[run[0]] + _indent(lines[run[0]])
        quote = text[start : offsets[run[1]]].rstrip()
        steps = sequence_steps(quote)
        if len(steps) == run[1] - run[0] and all(
            1 <= len(step.split()) <= MAX_STEP_WORDS for step in steps
        ):
            found.append((quote, steps, "step", start, start + len(quote)))
    return found


def _sequence_steps_of_table(quote: str) -> list[str]:
    rows = [[clean_markdown(c) for c in _cells(line)] for line in quote.splitlines()]
    if len(rows) >= 3 and all(len(r) >= 2 and _ANCIENT_CELL.match(r[0]) for r in rows):
        return [r[1] for r in rows]
    return []
