"""The parts of a passage an item can rest on, and the key terms in them.

A :class:`Unit` is a sentence, list item or table row with its verbatim quote (the
splitting is the extractive answers' own); a :class:`Term` is a key term of one (bold
text, "Name (ACR)", a capitalised name, an acronym). Tables and lists (:class:`Block`)
are read here too; the sequences order items ask about are read in
:mod:`rag.study.quiz.timelines`.

Example:
    >>> from rag.study.quiz.units import find_terms
    >>> [t.text for t in find_terms("**Diffusion models** reverse noise, unlike GANs.")]
    ['Diffusion models', 'GANs']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.schema import Passage
from rag.study.quiz.matching import normalize, occurs, overlapping
from rag.text.chunks import TABLE_SEPARATOR
from rag.text.markdown import clean_markdown, row_cells
from rag.text.passages import SEQUENCE_ARROW, candidate_sentences

_ARROW = SEQUENCE_ARROW


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
    r"^(?:\*\*(?![^*]*\b(?:is|are|was|were|has|have|had|be|been|can|will|do|does)\b[^*]*\.\*\*)"
    r"(?![^*]*?(?:[^\s*]+\s+){4}[^*]*\.\*\*)"
    r"(?P<bold>[^*]{2,80}?)(?P<colon>:|\.(?=\*\*))?\*\*"
    r"(?(colon)\s*|(?:\s*\([^()*]{1,40}\))?\s*(?::|[-–—]\s))"
    r"|(?P<plain>[A-Z0-9][^:*]{1,60}?):"
    r"|(?P<code>`[^`]{1,40}`(?:[^`:–—]{0,20}`[^`]{1,40}`)*(?:\s*\([^()]{1,60}\))?)\s*(?::|[–—]\s))"
    r"\s*(?P<desc>\S.*?)\s*$"
)
"""A list item's head and description: ``**Head**: text``, ``**Head** – text``, ``Head: text``,
a code name's "`HAVING` — text", a head with an aside, "**Annealing** (50–65 °C): two
primers bind" (a PCR course's three steps were no sequence without it, 2026-12-05), and
a run-in head of at most four words and no verb, "**Steeping.** Barley soaks in water…"
(a bold sentence, "**Beer was a staple.** …", is no head): notes written in run-in
paragraphs gave no definition at all (a brewing course, 2026-12-05)."""


def head_name(head: re.Match[str]) -> str:
    """The name a :data:`_HEAD` match gives its item, as written (Markdown kept)."""
    code = head.group("code")
    if code:
        return _ASIDE.sub("", code) or code  # "`FROM` (including any joins)": "FROM"
    return head.group("bold") or head.group("plain") or ""


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


_NAME_WORD = r"[A-Z][\w'·.+⁺⁻-]*"
"""A capitalised word, ion charges included: "Ca²⁺" is one name, not "Ca²" and a "⁺"."""


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
    # An era is notation, not a fact: "c. 735–715 _____" took "BCE" as well as the key
    # "BC" (eval/quiz_check19_ancient_greece.md, two items, three raters of three).
    "BC", "BCE", "AD", "CE", "B.C", "A.D", "B.C.", "A.D.",
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
    # "Here *W* includes all forms of work" blanked "Here W" (eval/quiz_check42_*).
    "here", "there", "thus", "hence", "then", "now", "also",
    # "Yet Henderson was a poor businessman…" keyed "Yet Henderson" (sheet 59).
    "yet", "but", "still", "so", "instead", "meanwhile", "moreover", "indeed",
    # "Throughout NREM sleep breathing is slow…" blanked "Throughout NREM" (sheet 48).
    "throughout",
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


_LOWER_PAIR = re.compile(
    r"((?:[a-z0-9][\w'-]*\s+){0,3}[a-z0-9][\w'-]*)\s*\(\s*([A-Z][\w·-]*?[A-Z0-9][\w·-]*)\s*\)"
)


def spelled_pairs(text: str) -> list[tuple[str, str]]:
    """(name, acronym) pairs a text writes in lower case: "ribulose bisphosphate (RuBP)".

    Only where the acronym spells the words before it, each word (or hyphenated part)
    opening with one of its capitals in order: a student who typed "glyceraldehyde
    3-phosphate" for G3P was marked wrong, the pair being read only in capitalised
    names (a helper in the app, the biology notes).

    >>> spelled_pairs("a sugar called ribulose bisphosphate (RuBP), and ATP (energy)")
    [('ribulose bisphosphate', 'RuBP')]
    >>> spelled_pairs("two molecules of glyceraldehyde 3-phosphate (G3P). Carbon dioxide (CO2)")
    [('glyceraldehyde 3-phosphate', 'G3P')]
    """
    pairs = []
    for match in _LOWER_PAIR.finditer(text):
        words, acronym = match.group(1).split(), match.group(2)
        for n in range(1, len(words) + 1):
            if _spells(acronym, words[-n:]):
                pairs.append((" ".join(words[-n:]), acronym))
                break
    return pairs


def _spells(acronym: str, words: Sequence[str]) -> bool:
    """Whether ``acronym`` spells the words: each opens with its next capital.

    Its other letters follow in order inside the words ("Th1" is not "type 1"); a
    plural "s" is left out ("PGCs").
    """
    text = " ".join(part for word in words for part in word.split("-") if part).lower()
    starts = [0, *(i + 1 for i, ch in enumerate(text) if ch == " ")]
    letters = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
    position, opened = -1, 0
    for char in (c for c in letters if c.isalnum()):
        letter = char.lower()
        opens_word = opened < len(starts) and text[starts[opened]] == letter
        if (char.isupper() or char.isdigit()) and opens_word:
            position, opened = starts[opened], opened + 1
            continue
        found = text.find(letter, position + 1)
        if found < 0 or (opened < len(starts) and found > starts[opened]) or opened == 0:
            return False  # a word left out, or the first letter not the first word's
        position = found
    return opened == len(starts)


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
    # Not inside a bracket: "May 14 (Mother's Day)" is one name, and was cut to "Day)"
    # (eval/quiz_check36_civil_rights.md, three raters of three).
    possessor = _POSSESSOR.match(term)
    if possessor and possessor.group().count("(") == possessor.group().count(")"):
        term = term[possessor.end() :]
    term = _POSSESSIVE_END.sub("", term)
    return re.sub(r"\s+", " ", term)


_OPENING_PARTICIPLE = re.compile(r"^[A-Z][a-z]{4,}ed\s")
"""A sentence's first word that is a participle, not part of the name after it."""
_POSSESSOR = re.compile(r"^.*['’]s?\s+(?=[A-Z0-9])")
_NEXT_SENTENCE = re.compile(
    r"\.\s+(?:If|At|The|In|A|An|This|It|So|Then|When|For|As|On|But|And|With|By|We)\b"
)
"""A term that runs past a unit's full stop into the next sentence: "2000 V. At the
negative plate…" gave the key "V. At" (eval/quiz_check37_electromagnetism.md, twice,
three raters of three: incorrect)."""
_POSSESSIVE_END = re.compile(r"(?<=\w)['’]s?$")


def _acceptable(term: str) -> bool:
    words = term.split()
    return (
        1 <= len(words) <= 6
        and len(term) <= 60
        and term not in _STOP_NAMES
        and not re.search(r"[_/\\]$|^\d+$|https?:|[{}<>=]", term)
        # "France. Street" runs over a sentence's end (St. Louis and U.S. Army do not)
        and not re.search(r"[a-z]{2,}\.\s", term)
        and not _NEXT_SENTENCE.search(term)
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

    def add(text: str, kind: str | None = None, aliases: tuple[str, ...] = ()) -> None:
        text = _clean_term(text)
        if not _acceptable(text) or not occurs(text, clean):
            return
        if any(normalize(t.text) == normalize(text) for t in found):
            return
        if any(overlapping(text, t.text) and occurs(text, t.text) for t in found):
            return  # already inside a longer term found first ("GANs" in "... (GANs)")
        found.append(Term(text, kind or _kind_of(text), aliases=aliases or _aliases(text)))

    for bold in re.findall(r"\*\*([^*]{2,60}?)\*\*", raw):
        # A bold lead-in that ends a clause is a label, not a term: "**Whose judgment?**
        # Libertarian paternalism assumes…" was blanked whole (a blind course, 2026-12-06).
        if len(bold.split()) <= 6 and not bold.rstrip().endswith((".", ":", "?", "!")):
            add(bold)
    for pattern in (_NAME_WITH_ACRONYM, _ACRONYM_WITH_NAME):
        for match in pattern.finditer(clean):
            add(_strip_leading(match.group(0)))
    for long, short in spelled_pairs(clean):
        add(f"{long} ({short})", aliases=(long, short))
    for match in _CAPITALISED.finditer(clean):
        name = _strip_leading(match.group(0))
        if match.start() == len(clean) - len(clean.lstrip()) and _OPENING_PARTICIPLE.match(name):
            # "Conquered Tepanec lands were redistributed…" blanked "Conquered Tepanec"
            # (eval/quiz_check45_aztec_inca.md, three raters of three: incorrect).
            name = name.split(maxsplit=1)[1]
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
    return row_cells(line)


def table_cells(line: str) -> list[str]:
    """A table row's cells as plain text.

    A cell is never a list item: "| F | ( , id | + , * , ) , $ |" lost its "+" as a
    bullet, and a comparison keyed FOLLOW(F) as ", * , ) , $" (three raters of three,
    eval/quiz_check58_eight_courses.md).
    """
    return [clean_markdown(c, list_marker=False) for c in _cells(line)]


def table_header(text: str, line_start: int) -> list[str] | None:
    """Header cells of the Markdown table whose row starts at ``line_start`` of ``text``."""
    above = text[:line_start].splitlines()
    for index in range(len(above) - 1, 0, -1):
        line = above[index].strip()
        if not line.startswith("|"):
            return None
        if TABLE_SEPARATOR.match(line):
            return table_cells(above[index - 1])
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
        if head.strip().startswith("|") and TABLE_SEPARATOR.match(lines[i + 1][2]):
            header = table_cells(head)
            rows = []
            j = i + 2
            while j < len(lines) and lines[j][2].strip().startswith("|"):
                row_start, _, row = lines[j]
                cells = table_cells(row)
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
