"""The names a question gives, and whether the retrieved passages hold them.

A question can name what the notes never do: a multi-word name ("Inception Score"), a
thing in lower-case words ("the preen gland"), a year naming which one ("Spain's 1978
Constitution"). Pure text rules, read by :func:`rag.answer.scope.unknown_name`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from rag.answer.asked import QUESTION_FRAME
from rag.answer.question_forms import title_case
from rag.retrieval.keyword import terms_with_parts, tokenize
from rag.text.passages import name_list

_CAPITALISED = r"[A-Z][\w.-]*(?:[’'][a-z][\w.-]*)*"
_NAME = re.compile(rf"(?:{_CAPITALISED}|\d[\w.]*)(?:\s+(?:{_CAPITALISED}|\d[\w.]*))+")
"""Two or more capitalised words or numbers in a row: "Inception Score", "Claude 3 Opus".

A word goes on past an apostrophe: "who was Yuknoom Ch'een II" was refused, "no passage
names “Yuknoom Ch”" (a Maya course's probe; "K'inich", "K'awiil" are spelt so too)."""
_YEAR_WORD = re.compile(r"^(?:1[0-9]|20)\d\d[.,]?$")
NOT_NAME_START = frozenset({
    "what", "how", "why", "which", "who", "when", "where", "whats", "hows", "is", "are", "does",
    "do", "can", "did", "could", "would", "should", "the", "a", "an", "in", "i", "so", "and",
    "but", "any", "if", "once", "besides", "after", "before", "according", "tell", "explain",
    "describe", "define", "give", "name", "list", "compare",
    "section", "chapter", "part", "module", "unit", "lesson", "lecture", "week", "topic",
})  # fmt: skip
"""Words that capitalise a question's start, not a name ("Besides GPT, …"), and the
course's own parts: "In the Section V topic list, which Runway version…" names the
section headed "V. Generative AI and Creativity", not a thing called "Section V"."""


def named_things(question: str) -> list[str]:
    """The multi-word names a question gives, as written ("Inception Score").

    A question typed in Title Case names nothing this way.

    >>> named_things("What does the Inception Score measure?")
    ['Inception Score']
    >>> named_things("Besides GPT, which models write text?"), named_things("in 1917 Russia?")
    ([], [])
    """
    if title_case(question):
        return []
    names = []
    for match in _NAME.finditer(re.sub(r"[’']s\b", " ,", question)):
        parts = match.group().split()
        while parts and parts[0].lower() in NOT_NAME_START:
            parts = parts[1:]
        # A year before a name dates it: "…mean in 1917 Russia?" names Russia, which the
        # notes name apart from 1917 (a student's probe was refused for "1917 Russia").
        while parts and _YEAR_WORD.match(parts[0]):
            parts = parts[1:]
        if len(parts) >= 2:
            names.append(" ".join(parts))
    return names


_THING_ASKED_OF = re.compile(
    r"^\W*(?i:what\s+(?:does|do|did)\s+(?:the|an?))\s+(?P<thing>[a-z][\w-]*(?:\s+[a-z][\w-]*){1,2}?)"
    r"(?:\s+(?:in|of)\s+(?:the\s+)?[a-z][\w-]*(?:\s+(?:of\s+)?[a-z][\w-]*){0,2})?"
    r"\s+(?:\(|do|does|did|mean|measure|control|contain|produce|secrete|make|say|state|require)\b"
)
"""A thing named in lower-case words that a what-does question asks about: "the preen gland",
"the war guilt clause in the treaty of versailles" (answered with the Treaty of Frankfurt's
terms, a modern Europe probe of notes that never name it)."""
_CAUSE_ASKED_OF = re.compile(
    r"^\W*(?i:what\s+(?:causes|caused|led\s+to))\s+(?:the\s+|an?\s+)?"
    r"(?P<thing>[a-z][\w-]*(?:\s+[a-z][\w-]*){1,2}?)(?:\s+(?:to|in|during)\b|\s*\?|$)"
)
"""A thing named in lower-case words whose cause is asked: "What causes kidney stones to form?",
"what caused the crimean war" (answered with "…a popular religious cause", a modern Europe
probe of notes that never name it)."""
_DEFINED_ASKED = re.compile(
    r"^\W*(?i:what\s+(?:is|was|are|were)\s+(?:the|an?))\s+"
    r"(?P<thing>[a-z][\w-]*(?:\s+[a-z][\w-]*){1,2})\s*\??\s*$"
)
"""A thing of two or three lower-case words a what-is question asks: "what was the blue
division" was answered with "These measures remain politically divisive…" (a Spanish Civil
War probe of notes that never name it: "division" and "divisive" share a stem)."""
_TERM_WORDS = frozenset(tokenize("term word phrase concept notion expression"))
"""What "What does the term factory system mean?" calls its thing; no word of it."""
_YEAR_NAMING = re.compile(r"(?:\bthe|[’']s)\s+((?:1[0-9]|20)\d\d)\s+(?=[A-Z])")
"""A year naming the thing after it, a name itself: "Spain's *1978* Constitution"."""


def unheld_thing(question: str, held: Sequence[set[str]]) -> str:
    """The lower-case thing a what-does question asks about when no passage holds its words.

    "What does the preen gland (uropygial gland) do?" was answered with salt glands: notes
    that say "Preening re-zips…" in one place and "glands" in another never name the gland
    (an ornithology probe). ``held`` are each passage's terms.

    >>> unheld_thing("What does the preen gland do?", [{"preen"}, {"gland", "salt"}])
    'preen gland'

    Or its cause: "What causes kidney stones to form?" was answered with diabetes insipidus
    in renal notes that never name a stone (a student's probe).

    >>> unheld_thing("What causes kidney stones to form?", [{"kidney", "caus"}])
    'kidney stones'

    """
    thing = _THING_ASKED_OF.match(question) or _CAUSE_ASKED_OF.match(question)
    if thing is None:
        return ""
    named = set(tokenize(thing.group("thing"))) - QUESTION_FRAME - _TERM_WORDS
    return thing.group("thing") if named and not any(named <= found for found in held) else ""


def unheld_defined(question: str, held: Sequence[set[str]], frequency: Mapping[str, int]) -> str:
    """A lower-case thing a what-is question asks that no passage holds whole, or "".

    Only with a word the notes never use, however common: "what was the blue division"
    was answered "These measures remain politically divisive…" (a Spanish Civil War
    probe): "division" and "divisive" share a stem, and "blue", an everyday word, was no
    unknown name. Not "wat is the puuc architecture style", whose words the notes all use
    ("the Puuc style", "architecture").

    >>> held = [{"measur", "divis", "polit"}, {"shirt", "red"}]
    >>> unheld_defined("what was the blue division", held, {"divis": 2, "red": 1})
    'blue division'
    >>> unheld_defined("what was the puuc style", [{"puuc"}, {"style"}], {"puuc": 1, "style": 1})
    ''
    """
    thing = _DEFINED_ASKED.match(question)
    if thing is None:
        return ""
    named = set(tokenize(thing.group("thing"))) - QUESTION_FRAME - _TERM_WORDS
    if not any(frequency.get(t, 0) == 0 for t in named):
        return ""
    return thing.group("thing") if named and not any(named <= found for found in held) else ""


def unheld_year(
    question: str, passages: Sequence[str], frequency: Mapping[str, int] | None = None
) -> str:
    """A year naming a thing ("Spain's 1978 Constitution") that no passage writes, or "".

    "What did Spain's 1978 Constitution say about the regions?" was answered with the
    Constitution of 1931 (a Spanish Civil War probe): the year names which one.

    >>> unheld_year("What did Spain's 1978 Constitution say?", ["The Constitution of 1931"])
    '1978'

    Or the year a question sets it in, when the notes never write it (``frequency``) and no
    passage dates anything then, in a range over it or its decade: "how did the dutch
    republic end in 1795" was answered with the Peace of Ryswick of 1697, in notes that end
    in 1702 (a Dutch Golden Age probe).

    >>> unheld_year("how did the republic end in 1795", ["the Peace of Ryswick (1697)"])
    '1795'
    >>> spans = ("1794–96", "the 1790s", "1800–1790 BCE")
    >>> [unheld_year("what happened in 1795", [span]) for span in spans]
    ['', '', '']
    """
    for year in _YEAR_NAMING.findall(question):
        if not any(re.search(rf"(?<!\d){year}(?!\d)", text) for text in passages):
            return str(year)
    for match in _YEAR_SET.finditer(question):
        year = match.group(1)
        written = frequency is not None and frequency.get(year, 0) > 0  # somewhere in the notes
        if not written and not any(_dates_year(int(year), text) for text in passages):
            return year
    return ""


_YEAR_SET = re.compile(r"\bin\s+((?:1[0-9]|20)\d\d)(?![\d\w-])")
"""A year a question sets its event in: "how did the dutch republic end *in 1795*"."""
_DATED_SPAN = re.compile(r"(?<!\d)(1[0-9]\d\d|20\d\d)\s?[-–—]\s?(\d{2,4})(?!\d)")


def _dates_year(year: int, text: str) -> bool:
    """Whether ``text`` writes ``year``, a span of years over it or its decade."""
    if re.search(rf"(?<!\d){year}(?!\d)|(?<!\d){year // 10 * 10}s\b", text):
        return True
    for match in _DATED_SPAN.finditer(text):
        start, end = match.group(1), match.group(2)
        last = int(start[: 4 - len(end)] + end) if len(end) < 4 else int(end)
        if min(int(start), last) <= year <= max(int(start), last):  # BCE spans run down
            return True
    return False


def unheld_condition(question: str, passages: Sequence[str]) -> str:
    """A condition named by a stop word ("down syndrome") that no passage names, or "".

    "what causes down syndrome" was answered with "…sudden infant death syndrome (SIDS)"
    and the founder effect's row (developmental psychology and genetics probes): "down" is
    a stop word, so "syndrome" alone was searched.

    >>> unheld_condition("what causes down syndrome", ["sudden infant death syndrome"])
    'down syndrome'
    >>> unheld_condition("what is down syndrome", ["Down syndrome (trisomy 21)"])
    ''
    >>> unheld_condition("in the disease screening example what was the f1", ["a disease"])
    ''
    """
    for match in _CONDITION.finditer(question):
        name = match.group("name").lower()
        if tokenize(name) or name in _FUNCTION_WORDS:
            continue  # a word the index weighs (the other checks read it), or "the disease"
        phrase = re.compile(rf"\b{re.escape(match.group())}\b", re.I)
        if not any(phrase.search(text) for text in passages):
            return match.group()
    return ""


_CONDITION = re.compile(r"\b(?P<name>[a-z]+)\s+(?:syndrome|disease|disorder)\b", re.I)
_FUNCTION_WORDS = frozenset([
    "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our",
    "my", "your", "of", "with", "without", "for", "in", "on", "at", "by", "from", "to",
    "into", "what", "which", "whose", "any", "no", "some", "each", "every", "other", "such",
])  # fmt: skip
"""Words before "disease" that name none: "in the disease screening example what was the f1
score" was refused, "no passage names “the disease”" (a machine learning probe)."""


def unheld_case(question: str, passages: Sequence[str]) -> str:
    """A court case the question names ("loving v virginia") that no passage cites, or "".

    "what did the supreme court decide in loving v virginia" was answered with Boynton v.
    Virginia (a civil rights probe): a case is named by both its parties, and notes citing
    one of them in another case do not cite it.

    >>> unheld_case("what was decided in loving v virginia", ["Boynton v. Virginia (1960)"])
    'loving v virginia'
    >>> unheld_case("what did brown v board decide", ["Brown v. Board of Education"])
    ''
    """
    for case in _CASE.finditer(question):
        first, second = case.group("first"), case.group("second")
        cited = re.compile(rf"\b{re.escape(first)}\s+v\.?\s+{re.escape(second)}", re.I)
        if not any(cited.search(text) for text in passages):
            return case.group()
    return ""


_CASE = re.compile(
    r"(?<![\w'-])(?!(?:is|was|are|does|did|and|or|of|in|the)\b)(?P<first>[A-Za-z][\w'-]{2,})"
    r"\s+v\.?\s+(?P<second>[A-Za-z][\w'-]{2,})"
)
"""A case named by its parties: "Loving v. Virginia", "brown v board"; not "vs" (two things
compared), nor a symbol ("what is v in the equation")."""


_ENUMERATION = re.compile(r"\([^()]*,[^()]*\)")
"""A parenthesised enumeration: "(top-k, nucleus, temperature)"."""


def named_only_in_lists(text: str, terms: Collection[str]) -> bool:
    """Whether ``text`` holds ``terms`` only as items of an enumeration.

    "Sampling Strategy: How outputs are drawn (top-k, nucleus, temperature)" names
    nucleus sampling among others and says nothing of how it works; "Fine-tuning
    Techniques: LoRA, QLoRA, parameter-efficient methods" names both sides of "the
    difference between LoRA and QLoRA" and tells them apart nowhere.
    """
    rest = _ENUMERATION.sub(" ", text)
    if name_list(rest):
        rest = rest.split(":", 1)[0]
    held = set(terms) & terms_with_parts(text)
    return bool(held) and not held & terms_with_parts(rest)


def abbreviated_genera(names: Collection[str], terms: Collection[str], text: str) -> set[str]:
    """The ``names`` that ``text`` writes as a genus's initial before a species of ``terms``.

    Biology notes name a genus in full once, then "P. infestans": "who proved that
    Phytophthora infestans causes late blight and when" passed over the row "1861: Anton de
    Bary (contribution: Proves P. infestans causes late blight)" for one holding
    "Phytophthora" (a plant pathology probe).

    >>> abbreviated_genera({"phytophthora"}, {"infestan"}, "Proves P. infestans causes it")
    {'phytophthora'}
    >>> abbreviated_genera({"phytophthora"}, {"infestan"}, "See p. 23; U.S. maize")
    set()
    """
    found = set()
    for match in _GENUS_INITIAL.finditer(text):
        if set(tokenize(match.group("species"))) & set(terms):
            found |= {name for name in names if name[:1] == match.group("initial").lower()}
    return found


_GENUS_INITIAL = re.compile(r"\b(?P<initial>[A-Z])\.\s?(?P<species>[a-z]{3,})\b")
"""A genus cut to its initial before the species: "P. infestans", "E. coli"."""
