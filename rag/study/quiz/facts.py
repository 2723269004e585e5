"""Facts a unit states that a question can ask for: a term, and the clue that leads to it.

A table row gives "which metric has the description …?" (and, for mcq, the reverse),
a list item with a head gives "which item is described as …?", a definition sentence
"what is …?", an example list "which is an example of …?". Any sentence can also give
a blank to fill (:func:`rag.study.quiz.blanks.cloze_candidates`).

Example:
    >>> from rag.schema import Passage
    >>> from rag.study.quiz.facts import unit_facts
    >>> from rag.study.quiz.units import passage_units
    >>> text = "- **Mixture of Experts**: Sparse models with expert routing"
    >>> passage = Passage("c1", text, "notes.md", "Notes", "Architectures", 0, len(text))
    >>> [(f.term, f.skill) for f in unit_facts(passage_units(0, passage)[0], passage)]
    [('Mixture of Experts', 'definition'), ('Sparse models with expert routing', 'definition')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.schema import Passage
from rag.study.quiz.matching import content_words, occurs
from rag.study.quiz.model import ItemType
from rag.study.quiz.references import CitedWork, cited_work
from rag.study.quiz.units import (
    _HEAD,
    REFERENCE_LINE,
    Block,
    Unit,
    _acceptable,
    _aliases,
    _clean_term,
    _kind_of,
    find_terms,
    head_name,
    leaf,
    split_names,
    table_blocks,
    table_cells,
    table_header,
)
from rag.text.markdown import clean_markdown
from rag.text.tables import ATTRIBUTE_LABELS

_GENERIC_HEADS = {
    "example", "examples", "tool", "tools", "use case", "use cases", "input", "output",
    "goal", "key ideas", "note", "applications", "characteristics", "risks", "mitigations",
    "foundational", "practical", "advanced", "creative", "review questions", "questions",
    "exercises", "summary", "recap", "further reading",
    # "Key terms: total economic value; option, existence and bequest values; …" asked
    # "which item is described as …?" keyed "Key terms" (eval/quiz_check52_environmental_
    # economics.md, three raters of three; eval/quiz_check40_french_revolution.md too).
    "key terms", "key concepts", "glossary", "vocabulary", "terms",
    # "**Worked example.** A Chardonnay must at 23 °Brix…" (a run-in head) keyed
    # "Worked example" (eval/quiz_check58_eight_courses.md, three raters of three).
    "worked example", "worked examples",
    # "**Strengths:** …" and "**Weaknesses:** …" under two projections were offered as
    # projections (eval/quiz_check65_eight_courses.md, three raters of three: implausible).
    "strengths", "weaknesses", "advantages", "disadvantages", "pros", "cons", "benefits",
    "drawbacks", "limitations",
}  # fmt: skip


_EXAMPLES_HEAD = re.compile(r"^(?:examples?|tools|e\.g\.)$", re.IGNORECASE)


_CLAUSE_HEADER = re.compile(r"^(?:what|how|when|where|who|why|which)\b")
"""A column headed by a clause ("What the subject does"): "which method has the what the
subject does …" is no question (eval/quiz_check13_nutrition.md); the row is asked as
"which entry goes with …"."""


_SINGULAR_VERB = {"are": "is", "were": "was", "have": "has", "do": "does"}


_DEFINING_VERBS = {
    "is", "are", "was", "were", "has", "have", "can", "could", "will", "may", "refers",
    "refer", "means", "mean", "uses", "use", "enables", "enable", "produces", "produce",
    "generates", "generate", "learns", "learn", "provides", "provide", "creates", "create",
    "compresses", "compress", "predicts", "predict", "excels", "excel", "drives", "drive",
    "integrates", "integrate", "extends", "extend", "merges", "merge", "allows", "allow",
    "relies", "rely", "combines", "combine", "describes", "describe", "requires", "require",
    "measures", "measure", "encodes", "encode", "converts", "convert", "transforms",
    "transform", "captures", "capture", "consists", "consist", "represents",
    "represent", "simulates", "simulate", "reverses", "reverse", "introduced", "became",
}  # fmt: skip
"""Verbs after a term that make its sentence a definition worth asking about."""


@dataclass
class Fact:
    """Something the text states that a question can ask for: a term and its clue."""

    term: str
    clue: str
    template: str
    """Question with ``{clue}`` where the clue goes."""
    unit: Unit
    group: str = ""
    kind: str = ""
    aliases: tuple[str, ...] = ()
    types: tuple[ItemType, ...] = ("mcq", "short")
    family: str = "term"
    """What sort of answer this is: ``head`` (of a list item or table row), ``examples``,
    ``phrase`` (a table cell) or ``term``; distractors come from the same sort."""
    skill: str = "recall"
    """The item kind it makes (:data:`rag.study.quiz.model.ITEM_KINDS`)."""
    plain: bool = False
    """Read from a plain sentence's shape (:mod:`rag.study.quiz.prose`), with no mark of a
    term on it: asked only of a term the material uses again."""


_PURPOSE_COLUMNS = {"function", "purpose", "role", "use", "goal", "use case", "used for"}


_ACTION_VERBS = {
    "optimize", "generate", "learn", "encode", "predict", "reverse", "produce", "create",
    "synthesize", "write", "build", "measure", "define", "determine", "prevent", "convert",
    "start", "use", "compress", "map", "align", "draw", "reconstruct", "estimate",
    "evaluate", "detect", "improve", "reduce", "transform", "train", "enable", "provide",
    "help", "allow", "turn", "make", "translate", "automate", "personalize", "assist",
}  # fmt: skip
"""First words of a description that says what something does (a purpose)."""


_NOT_A_VERB = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "all", "each",
     "every", "other", "some", "any", "both", "our", "your", "my"}
)  # fmt: skip
"""Words that follow a "to" of place or person, not of purpose: "to the public"."""


def infinitive(word: str) -> bool:
    """Whether the word after "to" can be a verb: no determiner, name or plural noun.

    "Communicate findings — to authorities and the public" says whom, not what for; asked
    "What are Communicate findings for?", its options were activities, the key an
    audience (eval/quiz_check32_epidemiology.md, three raters of three).

    >>> [infinitive(w) for w in ("assess", "focus", "authorities", "the", "Congress")]
    [True, True, False, False, False]
    """
    word = word.strip(",.;:()\"'")
    plural = word.endswith("s") and not word.endswith(("ss", "us", "is", "as"))
    return bool(word) and word.lower() not in _NOT_A_VERB and not word[0].isupper() and not plural


def says_what_for(description: str) -> bool:
    """Whether a description states what something does ("Optimize generations via feedback")."""
    words = clean_markdown(description).split()
    if not words:
        return False
    first = words[0].lower().strip(",.;:")
    if first == "to":
        return len(words) > 1 and infinitive(words[1])
    stems = {first, first.removesuffix("s"), first.removesuffix("es"), first.removesuffix("d")}
    return first == "for" or bool(stems & _ACTION_VERBS)


def states_what_it_does(description: str) -> bool:
    """Whether a description opens with a verb that has its subject ("Prevents overfitting").

    Such a line reads after "which item", not after "which item is meant to": "which item
    is meant to “Determines creativity and coherence”?" was ungrammatical (two helpers
    driving the app, on the bundled course's "9. Training Foundations").

    >>> states_what_it_does("Prevents overfitting (dropout, weight decay).")
    True
    >>> states_what_it_does("Use attention to model dependencies.")
    False
    """
    words = clean_markdown(description).split()
    first = words[0].lower().strip(",.;:") if words else ""
    if not first.endswith("s") or first in _ACTION_VERBS:
        return False
    return first.removesuffix("s") in _ACTION_VERBS or first.removesuffix("es") in _ACTION_VERBS


def names_several(term: str) -> bool:
    """Whether a term names more than one thing, so it takes "are".

    >>> names_several("BLEU, ROUGE"), names_several("WER/CER"), names_several("GANs")
    (True, True, True)
    >>> names_several("Perplexity"), names_several("CLIPScore"), names_several("Loss")
    (False, False, False)
    >>> names_several("Variational Autoencoders (VAEs)"), names_several("Mixture of Experts")
    (True, False)
    """
    if "," in term or "/" in term or " and " in term or " & " in term:
        return True
    head = re.sub(r"\s*\([^)]*\)\s*$", "", term).split(" of ")[0]
    last = head.split()[-1] if head.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3


_FLAG_VALUES = frozenset(
    {"yes", "no", "present", "absent", "high", "low", "none", "on", "off", "true", "false",
     "+", "-", "−", "✓", "✗", "x", "y", "n"}
)  # fmt: skip
"""Cells of a truth table: a row is a combination of them, not a thing with a value."""


def unit_facts(unit: Unit, passage: Passage) -> list[Fact]:
    """Facts stated by one unit: table row pairs, list heads, definitions, examples."""
    where = leaf(passage.section, passage.title)
    if unit.line.strip().startswith("|"):
        if unit.quote.strip() != unit.line.strip():
            return []
        return _table_facts(unit, passage, where)
    work = cited_work(unit.text)
    if work is not None:
        return _reference_facts(unit, work, where)
    head = _HEAD.match(unit.quote)
    if head and (head.group("bold") or unit.bulleted):
        return _list_facts(unit, head, where)
    return _definition_facts(unit) or _prose_facts(unit)


def _reference_facts(unit: Unit, work: CitedWork, where: str) -> list[Fact]:
    """Who wrote a listed work: "…, who wrote “Attention Is All You Need” (2017), …?".

    The list's other authors are the options, and typed, the first author's name is
    enough. The title is never the answer: options of titles read as trivia (issue 15's
    paper-title item).
    """
    template = (
        f"In the course's “{where}”, who wrote “{{clue}}” ({work.year}), noted as “{work.note}”?"
    )
    return [
        Fact(work.authors, work.title, template, unit, group=f"ref:{where}", kind="people",
             aliases=(work.authors.split()[0],), family="head", skill="recall")
    ]  # fmt: skip


def _prose_facts(unit: Unit) -> list[Fact]:
    """A definition in plain prose: "The space inside the inner membrane is the matrix."."""
    from rag.study.quiz.prose import definition

    found = definition(unit.text)
    if found is None:
        return []
    term, clue, aliases = found
    return [
        # Typed, not picked: the material's other names are of any sort ("NAD+" and
        # "P700" were offered beside "matrix", the space inside a membrane).
        Fact(term, clue, "According to the course, what {clue}?", unit, kind=_kind_of(term),
             aliases=aliases, types=("short",), skill="definition", plain=True)
    ]  # fmt: skip


def names_rows(heading: str, label: str) -> bool:
    """Whether a section heading names a table's rows by its first header cell.

    Under "1. Transactions and the ACID Properties" the rows of "| Property | Guarantee |
    Mechanism |" are the properties the section teaches (Atomicity…), not attributes of
    things compared column by column, and a covered topic got no item from them.

    >>> names_rows("1. Transactions and the ACID Properties", "property")
    True
    >>> names_rows("MHC molecules", "feature")
    False
    """
    return content_words(label) <= content_words(heading)


_NOT_PARTICIPLES = frozenset({"speed", "breed", "creed", "hundred", "steed", "greed"})


def reads_as_noun(label: str) -> bool:
    """Whether a column label reads as one noun phrase: "what is the {label} of …?".

    "what is the parasites and pathogens transmitted of Anopheles mosquitoes?" (a
    parasitology table's column "Parasites and pathogens transmitted") and "what is the
    stage targeted of primary prevention?" are no English; a label that joins two
    things or ends in a participle is quoted as the table's column instead.

    >>> reads_as_noun("year"), reads_as_noun("typical speed"), reads_as_noun("symptoms")
    (True, True, True)
    >>> reads_as_noun("stage targeted"), reads_as_noun("parasites and pathogens transmitted")
    (False, False)
    >>> reads_as_noun("NADH and FADH2"), reads_as_noun("founded"), reads_as_noun("need")
    (False, False, True)
    """
    words = label.split()
    if not words or " and " in label or "," in label or "/" in label or " & " in label:
        return False
    last = words[-1].lower()
    return not (last.endswith("ed") and len(last) > 4 and last not in _NOT_PARTICIPLES)


def column_label(header_cell: str) -> str:
    """A column header as it reads inside a question: capitalised words lowered, names kept.

    "which stage has the nadh and fadh2 …?" read wrong of a column "NADH and FADH2" (a
    newcomer's biology notes); acronyms and words with a capital or digit inside stay.

    >>> column_label("NADH and FADH2"), column_label("Approximate Total ATP")
    ('NADH and FADH2', 'approximate total ATP')
    """
    return " ".join(
        word.lower() if word[1:] == word[1:].lower() and not any(c.isdigit() for c in word)
        else word
        for word in header_cell.split()
    )  # fmt: skip


def shared_cell(text: str, line: str, column: int, clue: str) -> bool:
    """Whether another row of ``line``'s table says ``clue`` in the same column, or more.

    "Which stage has “2 NADH”?" has two answers when glycolysis and pyruvate oxidation
    both make two NADH (a newcomer's biology notes): the row's name is no answer to it.
    """
    start = text.find(line)
    for block in _tables(text):
        if block.start <= start <= block.end:
            cells = [row[column] for _, _, row in block.rows if column < len(row)]
            # "Cavalry" is also what "Cavalry with bows and lances" says (a check sheet of
            # 2026-12-06: three raters of three, two defensible answers).
            said = content_words(clue)
            return sum(said <= content_words(cell) for cell in cells) > 1
    return False


@lru_cache(maxsize=64)
def _tables(text: str) -> tuple[Block, ...]:
    """The tables of a passage, parsed once for all its rows and columns."""
    return tuple(table_blocks(text))


def _table_facts(unit: Unit, passage: Passage, where: str) -> list[Fact]:
    cells = table_cells(unit.line)
    if len(cells) < 2 or not cells[0] or not _acceptable(_clean_term(cells[0])):
        return []
    header = table_header(passage.text, passage.text.find(unit.line))
    if header and len(header) != len(cells):
        header = None
    term = _clean_term(cells[0])
    label = header[0].lower() if header and header[0] else ""
    named = column_label(header[0]) if header and header[0] else ""
    if (label in ATTRIBUTE_LABELS and not names_rows(where, label)) or (header and not label):
        # "| Feature | MHC class I | MHC class II |", "| | France | German states |": its
        # rows name no thing to ask for ("which feature has the MHC class I 'HLA-A,
        # HLA-B, HLA-C'?" asked for "Human genes", eval/quiz_check15_immunology.md;
        # "which entry goes with 'Prussian constitution (1850)'?" keyed "Lasting
        # result", eval/quiz_check16_modern_europe.md)
        return []
    if term.lower() in _FLAG_VALUES:
        return []  # a truth table's row ("Absent | Present | No | Yes"): no thing either
    facts = []
    for column in range(1, len(cells)):
        clue = cells[column].strip()
        if not clue or occurs(term, clue) or (len(clue.split()) < 2 and not clue[:1].isupper()):
            continue
        if clue.lower().rstrip("?.") in _FLAG_VALUES:
            continue  # "which glucose has the CAP–cAMP bound 'Yes'?" (genetics, three of three)
        if shared_cell(passage.text, unit.line, column, clue):
            continue
        column_name = header[column].lower() if header else ""
        shown = column_label(header[column]) if header else ""
        quoted = header[column] if header else ""  # as the table heads it
        purpose = column_name in _PURPOSE_COLUMNS or says_what_for(clue)
        describing = "description" in column_name or column_name in _PURPOSE_COLUMNS
        skill = "purpose" if purpose else "definition" if describing else "recall"
        if label and column_name and describing:
            template = f"In “{where}”, which {named} does the course describe as “{{clue}}”?"
        elif label and column_name and not _CLAUSE_HEADER.match(column_name):
            template = (
                f"In “{where}”, which {named} has the {shown} “{{clue}}”?"
                if reads_as_noun(shown)
                else f"In “{where}”, which {named} has “{{clue}}” under “{quoted}”?"
            )
        elif len(cells) > 2:
            # "Which entry goes with 'Action potentials are all-or-none…'?" keyed the year
            # when the discoverer's cell is as much an entry of the row: of the ten such
            # items on check sheets 15-18, four were marked incorrect, one implausible.
            continue
        else:
            template = f"In the course table on “{where}”, which entry goes with “{{clue}}”?"
        facts.append(
            Fact(term, clue, template, unit, group=f"col:{label or where}", kind=_kind_of(term),
                 aliases=_aliases(term), family="head", skill=skill)
        )  # fmt: skip
        if (
            column_name
            and 2 <= len(clue.split()) <= 12
            and "example" not in column_name
            and not _CLAUSE_HEADER.match(column_name)
        ):
            if purpose:
                does = "do" if names_several(term) else "does"
                reverse = f"What {does} {{clue}} do, according to the course's “{where}”?"
            elif describing:
                reverse = f"How does the course's “{where}” describe {{clue}}?"
            elif reads_as_noun(shown):
                are = "are" if names_several(shown) else "is"
                reverse = f"In “{where}”, what {are} the {shown} of {{clue}}?"
            else:
                reverse = f"In “{where}”, what does the table give as “{quoted}” for {{clue}}?"
            facts.append(
                Fact(clue, term, reverse, unit, group=f"col:{column_name}@{where}",
                     kind="phrase", types=("mcq",), family="phrase", skill=skill)
            )  # fmt: skip
        names = split_names(clue)
        if names and "example" in column_name:
            facts.extend(_example_facts(unit, clue, term, where))
    return facts


_PREPOSITION_LABEL = re.compile(
    r"^(?:within|during|over|under|across|between|among|after|before|by|for|from|in|into|"
    r"on|at|through|without|per|to|towards?)\s",
    re.IGNORECASE,
)


_LABEL_NOT_NAME = re.compile(
    r"^(?:(?:section|article|part|step|phase|stage|chapter|clause|point|item|rule|level|"
    r"type|class|unit|week|day)\s+(?:\d+[a-z]?|[IVXLC]+)"
    r"|(?:c\.\s*)?\d{1,4}s?(?:\s*(?:or|to|–|-|/)\s*\d{1,4}s?)?(?:\s*(?:BCE?|AD|CE))?)$",
    re.IGNORECASE,
)
"""A list label that is a place in the notes or a date, not the name of what its line
describes: typed, "Section 1" for the Fourteenth Amendment's citizenship clause, or
"636 or 637" for the battle of al-Qadisiyya, marks the name a student gives wrong
(eval/quiz_check54_four_courses.md, eval/quiz_check44_four_courses.md: two raters of
three or more). Among the list's other labels it is still recognised."""

_POINTING_BACK = re.compile(r"^(?:it|its|they|their|this|these|he|his|she|her)\b", re.I)
"""A description that opens by pointing at something outside its line ("**Limits:** it
was issued as a 'fit and necessary war measure'"): its label is an aspect of that
thing, and typed, the thing's name ("the Emancipation Proclamation") is as right
(eval/quiz_check54_four_courses.md, three raters of three)."""


_NUMBERED_LINE = re.compile(r"\s*\d+[.)]\s")
"""A numbered list item's line: "1. **Dermal tissue system** — …"."""


def list_style(line: str) -> str:
    """How a list line is marked: "#" when numbered, one ">" per level of nesting.

    Two lists of one section are of two kinds as often as not: "1. **Dermal tissue
    system** — the outer protective covering" and "- **Tracheids** — long, thin,
    tapered xylem cells…" under "5. Tissue systems and cell types"; a tissue system's
    description among cell types' was an implausible option three times, three raters
    of three (eval/quiz_check20_plant_biology.md). Lists marked alike are told apart
    only by their section.

    Example:
        >>> list_style("2. **Vascular tissue system** — transport"), list_style("- **Xylem**")
        ('#', '')
        >>> list_style("    - **Tracheids** — long, thin cells")
        '>>'
    """
    indent = len(line) - len(line.lstrip(" \t"))
    return ("#" if _NUMBERED_LINE.match(line) else "") + ">" * (indent // 2)


def _list_facts(unit: Unit, head: re.Match[str], where: str) -> list[Fact]:
    term = _clean_term(head_name(head))
    desc = clean_markdown(head.group("desc")).strip()
    if _EXAMPLES_HEAD.match(term):
        # "**Example.** A brewer mashes at 65 °C…" works a case; it lists no examples.
        return [] if head.group("colon") == "." else _example_facts(unit, desc, where, where)
    if not _acceptable(term) or term.lower() in _GENERIC_HEADS or len(desc.split()) < 2:
        return []
    if head.group("colon") == "." and len(content_words(desc)) < MIN_CLUE_WORDS:
        # "**Repression.** The manifesto split the opposition.": a run-in head's first
        # sentence opens its paragraph and may not be about it; "October Manifesto" was as
        # right (eval/quiz_check57_eight_courses.md, three raters of three).
        return []
    if "?" in desc:
        # "**Review questions:** (a) Why is the stratosphere warmer…?" heads exercises;
        # it describes nothing (a weather course's check sheet: three raters of three).
        return []
    if REFERENCE_LINE.search(unit.text):
        return []  # "Sora: Text-to-Video Generation Model (OpenAI, 2025) — …" cites a work
    if occurs(term, desc):
        return []
    purpose = says_what_for(desc)
    skill = "purpose" if purpose else "definition"
    used = re.match(r"(?i)(?:for|to)\b", desc)
    forward = (
        f"In the course's list on “{where}”, which item is used “{{clue}}”?"
        if purpose and used
        else f"In the course's list on “{where}”, which item “{{clue}}”?"
        if purpose and states_what_it_does(desc)
        else f"In the course's list on “{where}”, which item is meant to “{{clue}}”?"
        if purpose
        else f"In the course's list on “{where}”, which item is described as “{{clue}}”?"
    )
    # A label that opens with a preposition ("Within a country", "During a given
    # period") is a phrase, not a name: typed, "within a country's borders" or "per
    # period" is as right (eval/quiz_check19_macroeconomics.md, two items, two raters
    # of three); among its list's other labels it is still recognised.
    named = not (_PREPOSITION_LABEL.match(term) or _LABEL_NOT_NAME.match(term)
                 or _POINTING_BACK.match(desc))  # fmt: skip
    typed: tuple[ItemType, ...] = ("mcq", "short") if named else ("mcq",)
    style = list_style(unit.line)
    facts = [
        Fact(term, desc, forward, unit, group=f"list:{where}{style}", kind=_kind_of(term),
             aliases=_aliases(term), family="head", skill=skill, types=typed)
    ]  # fmt: skip
    if 3 <= len(desc.split()) <= 20 and not split_names(desc):
        answer, answer_kind = desc, "phrase"
        if purpose and used and desc[:4].lower() == "for ":
            # "BLEU, ROUGE – for text overlap." asks what they are used for; the
            # options read "text overlap", not "for text overlap.".
            answer, answer_kind = desc[4:].rstrip(" ."), "purpose"
            verb = "are" if names_several(term) else "is"
            reverse = f"What {verb} {{clue}} used for, according to the course's “{where}”?"
        elif purpose:
            verb = "are" if names_several(term) else "is"
            reverse = f"What {verb} {{clue}} for, according to the course's “{where}”?"
        else:
            reverse = f"How does the course's “{where}” describe {{clue}}?"
        facts.append(
            Fact(answer, term, reverse, unit, group=f"desc:{where}{style}", kind=answer_kind,
                 types=("mcq",), family="phrase", skill=skill)
        )  # fmt: skip
    if split_names(desc):
        facts.extend(_example_facts(unit, desc, term, where))
    return facts


MIN_CLUE_WORDS = 4
"""Content words a definition's clue needs after its verb to point at one answer."""
_LETTER_WORD = re.compile(r"[^\W\d_]{3,}")


def _definition_facts(unit: Unit) -> list[Fact]:
    """'BERT is a bidirectional model...' -> 'According to the course, what is a ...?'."""
    text = unit.text
    for term in find_terms(unit.quote)[:3]:
        match = re.match(re.escape(term.text) + r"\s+(?:\([^)]*\)\s+)?([a-z]+)\s+(.{12,})$", text)
        if not match or match.group(1) not in _DEFINING_VERBS:
            continue
        verb = _singular(match.group(1))
        rest = match.group(2).rstrip(" .")
        if occurs(term.text, rest) or len(content_words(rest)) < MIN_CLUE_WORDS:
            continue  # "what integrates various creative dimensions?" fits many answers
        clue = f"{verb} {rest}"
        # A bare formula ("R(θ) ≈ R₀ + (1 − R₀)(1 − cos θ)⁵") says nothing of its answer's
        # kind, so options beside "Schlick's approximation" were a method, a routine and a
        # paper title (sheets 60 and 61: both such items, raters' majority implausible).
        types: tuple[ItemType, ...] = (
            ("short",) if len(_LETTER_WORD.findall(rest)) < MIN_CLUE_WORDS else ("mcq", "short")
        )
        return [
            Fact(term.text, clue, "According to the course, what {clue}?", unit,
                 kind=term.kind, aliases=term.aliases, types=types, skill="definition")
        ]  # fmt: skip
    return []


def _singular(verb: str) -> str:
    if verb in _SINGULAR_VERB:
        return _SINGULAR_VERB[verb]
    if verb in {"is", "was", "has", "can", "could", "will", "may", "might", "should", "must"}:
        return verb
    if verb.endswith("s") and not verb.endswith("ss"):
        return verb
    if verb.endswith(("sh", "ch", "x", "z", "ss", "o")):
        return verb + "es"
    return verb + "s"


def _example_facts(unit: Unit, names_text: str, category: str, where: str) -> list[Fact]:
    """'Examples: Tacotron, WaveNet' under "Text-to-Speech" -> which is an example of it?"""
    names = split_names(names_text)
    if not category or len(names) < 2:
        return []
    template = "Which of these does the course give as an example of {clue}?"
    facts = []
    for name in names:
        others = tuple(n for n in names if n != name)
        facts.append(
            Fact(name, category, template, unit, group="examples", kind="name",
                 aliases=others, types=("mcq",), family="examples")
        )  # fmt: skip
    return facts
