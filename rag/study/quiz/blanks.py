"""Fill-in-the-blank items: which term of a sentence to blank, and which blanks to refuse.

A blank is fair when the sentence around it leads to one answer a student can type. Most
of this module is the cases where it does not, each found on the rated check sheets
(eval/quiz_check*_ratings.json): another word fills the blank as well, the blank cuts a
name or an abbreviation, the key is one of a list or of a sentence's examples, or the
words around it spell it.

Example:
    >>> from rag.schema import Passage
    >>> from rag.study.quiz.blanks import cloze_candidates
    >>> from rag.study.quiz.units import passage_units
    >>> text = "Ian Goodfellow introduced **generative adversarial networks** in 2014."
    >>> passage = Passage("c1", text, "notes.md", "Notes", "GANs", 0, len(text))
    >>> [q for _, q in cloze_candidates(passage_units(0, passage)[0])][:1]
    ['Ian Goodfellow introduced _____ in 2014.']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.study.quiz.facts import _NUMBERED_LINE
from rag.study.quiz.matching import content_words
from rag.study.quiz.model import BLANK, typeable
from rag.study.quiz.units import _HEAD, REFERS_TO_UNSEEN, Term, Unit, find_terms
from rag.text.markdown import clean_markdown, title_line
from rag.text.passages import candidate_sentences, is_sequence
from rag.text.wrapping import opens_unit, starts_block

QUALIFIERS = frozenset(
    {"early", "late", "high", "middle", "upper", "lower", "northern", "southern", "eastern",
     "western", "central", "classical", "modern", "ancient", "new", "old", "later", "earlier"}
)  # fmt: skip
"""First words of a name whose bare rest is a fair fill of its blank: "Linear perspective is
the most important technical invention of the _____" takes "Renaissance" as well as the
key "Early Renaissance" (eval/quiz_check15_art_history.md: three raters of three)."""


_DEMONYM = re.compile(r"^(?:[A-Z][a-z]+(?:an|ian|ean|ese|ish|ic|i)|Native|Indigenous)(?:-[a-z]+)?$")
"""A people's adjective, alone or in a compound: "an _____ church court" (English-backed)."""
_FUNCTION_WORDS = (
    r"(?:in|of|and|or|to|for|with|on|at|by|from|as|is|was|were|are|that|who|which|but|than)"
)


def qualified_name(term: str) -> bool:
    """Whether ``term`` is a name led by a qualifier (:data:`QUALIFIERS`): "Early Renaissance"."""
    first, _, rest = term.partition(" ")
    return bool(rest) and first.lower() in QUALIFIERS


def modifier_blank(term: str, sentence: str) -> bool:
    """Whether ``term`` is an adjective of a people or place qualifying the next word.

    "the _____ powers partitioned most of Africa" (European), "incompatible with the
    _____ alliance" (Austrian), "Russian mobilisation meant _____ war" (German): "great",
    "Dual" and "general" fill them as well (eval/quiz_check16_modern_europe.md, three
    raters of three each); so does "English" in "tried by an _____ church court"
    (English-backed, eval/quiz_check20_medieval_europe.md).

    Example:
        >>> modifier_blank("European", "when the European powers partitioned Africa")
        True
        >>> modifier_blank("European", "Cartography was European in origin.")
        False
    """
    if not _DEMONYM.match(term):
        return False
    after = rf"(?<!\w){re.escape(term)}\s+(?!{_FUNCTION_WORDS}\b)[a-z]"
    return re.search(after, sentence) is not None


def unsaid_sentence(text: str) -> bool:
    """Whether a sentence states nothing a blank could be checked against.

    A question ("How did a few hundred Spaniards topple two great empires?") asks
    rather than tells, and a sentence ending in a colon introduces a list the student
    does not see ("Its spread across Europe can be followed in stages:"). Of the
    rated blanks on such sentences (eval/quiz_check*_ratings.json up to sheet 24),
    4 in 12 had another defensible fill, against about 1 in 7 for the others.

    Example:
        >>> unsaid_sentence("The Ordinances organised the church around four offices:")
        True
        >>> unsaid_sentence("Xylem carries water upward from the roots.")
        False
    """
    text = text.rstrip()
    return text.endswith(("?", ":")) or _LEADS_INTO_DISPLAY.search(text) is not None


_LEADS_INTO_DISPLAY = re.compile(
    r"(?<![.!?])\b(?:is|are|was|were|be|reads|gives|becomes|equals|by|of|to|as|the|and)$"
)
"""A sentence cut where an equation or list is displayed below it: "For any system, the
energy balance is" (its equation on the next line) was blanked "the _____ is", which
"first law" fills as well (eval/quiz_check42_thermodynamics.md, three raters of three)."""


def step_lead(term: str, unit: Unit) -> bool:
    """Whether ``term`` is the bold lead of a numbered list item: a step of a sequence.

    "7. **Response** moves the variable…", "8. **Share the results**, usually in a
    peer-reviewed publication…": blanked alone, a step is known only from the list
    around it, which an order item asks about: 3 of the 8 rated such blanks had
    another defensible fill (raters' majority), none of the 15 bold leads of bulleted
    lines or paragraphs did.
    """
    lead = re.match(r"\*\*([^*]+)\*\*", unit.quote)
    return (
        lead is not None
        and _NUMBERED_LINE.match(unit.line) is not None
        and clean_markdown(lead.group(1)).strip().casefold() == term.casefold()
    )


CUT_ABBREVIATION = re.compile(rf"{BLANK}\.\s+[a-z]")
"""A blank whose key lost an abbreviation's full stop: "based on _____. cities" keyed "U.S".

Both rated such blanks were marked incorrect (eval/quiz_check19_macroeconomics.md,
eval/quiz_check28_human_geography.md), as was the one keyed by a list ("…distorts at
least one of four properties: _____." keyed "shape, area, distance, or direction"): a
list is recited, not recalled, and any one of its items is accepted."""


_NUMBERED_NAME = re.compile(rf"{BLANK}\s+(?:\d+|[IVX]{{1,4}})\b")
_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"}
)  # fmt: skip


def cut_numbered_name(term: str, blanked: str) -> bool:
    """Whether the blank takes a name's word and leaves its number: "the crew of _____ 9".

    "British Airways Flight 9", "STAT 101", "Part 1", "ISO 16", and "(_____ 1954)" for an
    English translation: all five rated blanks keyed by the word before a number failed a
    criterion, four of them as incorrect (eval/quiz_check*_ratings.json to sheet 33,
    raters' majority). A month before its year ("late _____ 1854") is a date, and was right
    each time (nine rated).

    >>> cut_numbered_name("British Airways Flight", "as the crew of _____ 9 discovered")
    True
    >>> cut_numbered_name("August", "During the outbreak of late _____ 1854 he mapped")
    False
    >>> cut_numbered_name("NH₃", "CH₄ 109.5°, _____ 107°, H₂O 104.5°")
    False
    """
    last = term.split()[-1] if term.split() else ""
    named = re.fullmatch(r"[A-Z][A-Za-z]*", last) is not None and last.lower() not in _MONTHS
    return named and _NUMBERED_NAME.search(blanked) is not None


_EXAMPLE_ITEM = r"(?:the\s+)?[–-]?[\w₀-₉⁺⁻'’.-]+(?:\s+[\w₀-₉⁺⁻'’.-]+){0,2}"
_EXAMPLE_SEPARATOR = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
_EXAMPLE_LIST = re.compile(
    r"\b(?:such as|e\.g\.,?|for example,?|for instance,?|perhaps|like)\s+"
    rf"(?P<items>{_EXAMPLE_ITEM}(?:{_EXAMPLE_SEPARATOR}{_EXAMPLE_ITEM})+)",
    re.IGNORECASE,
)


def one_of_the_examples(blanked: str) -> bool:
    """Whether the blank is one of two or more examples ("such as the FDA or _____").

    An example stands for its kind, so another of the kind fills the blank as well: the
    MHRA for a regulator, –SH for a reactive group, Aramaic "like Hebrew and _____".
    Of 8 rated such blanks, 6 were marked incorrect (eval/quiz_check*_ratings.json to
    sheet 34, raters' majority). The names a sentence lists as its own ("Xunzi's pupils
    included _____ and Li Si") are facts, not examples.

    Example:
        >>> one_of_the_examples("surveillance by a regulator such as the FDA or _____.")
        True
        >>> one_of_the_examples("Xunzi's pupils included _____ and Li Si, the Legalists.")
        False
        >>> one_of_the_examples("Generative models such as _____ produce images.")
        False
    """
    for match in _EXAMPLE_LIST.finditer(blanked):
        items = re.split(_EXAMPLE_SEPARATOR, match.group("items"))
        if any(BLANK in item for item in items):
            return True
    return False


_ABBREVIATION = re.compile(r"[A-Z][\w₀-₉⁺⁻]*[A-Z0-9₀-₉][\w₀-₉⁺⁻]*")


def abbreviation_in_parentheses(term: str, blanked: str) -> bool:
    """Whether the blank is an abbreviation or symbol in parentheses after what it stands for.

    "the respiratory quotient (_____)" keyed "RQ", "diacylglycerol (_____)" keyed "DAG":
    the words before the blank spell it. Of 6 rated such blanks, 5 failed a criterion
    (3 given away; Mendel's "round yellow (_____)" keyed "RRYY" incorrect).

    >>> abbreviation_in_parentheses("DAG", "and diacylglycerol (_____), which activates")
    True
    >>> abbreviation_in_parentheses("plasma", "the liquid part of blood (_____)")
    False
    """
    return (
        " " not in term
        and _ABBREVIATION.fullmatch(term) is not None
        and re.search(rf"\(\s*{BLANK}\s*\)", blanked) is not None
    )


_COORDINATED = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_NAME_ITEM = re.compile(r"^[A-Z0-9]\S*(?:\s+\S+){0,2}$")


def one_of_a_list(blanked: str) -> bool:
    """Whether the blank is one of four or more names listed together.

    "Examples include France, Portugal, _____, Romania, and Russia.", "Genesis, Exodus,
    _____, Numbers, Deuteronomy": the others are in the stem, and the one left out is
    known only by heart, or another name fits as well; 7 of the 9 rated such blanks
    failed a criterion (eval/quiz_check17_us_history.md to
    eval/quiz_check30_islamic_world.md, raters' majority).

    Example:
        >>> one_of_a_list("Examples include France, Portugal, _____, Romania, and Russia.")
        True
        >>> one_of_a_list("Examples include _____, Portugal, Poland, Romania, and Russia.")
        True
        >>> one_of_a_list("Ronald Fisher worked at Rothamsted, in _____, on crop trials.")
        False
        >>> one_of_a_list("Fertility fell in some countries (Bangladesh, _____) without it.")
        True
    """
    if any(BLANK in inside for inside in re.findall(r"\(([^()]*,[^()]*)\)", blanked)):
        # "…in some countries (Bangladesh, _____) without…": examples in brackets, and
        # another country fits as well (a check sheet of 2026-12-06, three raters of three).
        return True
    for clause in re.split(r"[;:()—–\"“”]", blanked):
        items = [part.strip().rstrip(".!?") for part in _COORDINATED.split(clause)]
        terms = len(items) >= TERM_LIST and all(len(item.split()) <= 3 for item in items)
        if terms and any(BLANK in item for item in items):
            return True  # "Key terms: strategic form, …, _____ efficiency, …"
        # The list's first name shares its part with the words before it: "include _____".
        at = next((i for i, item in enumerate(items) if item.endswith(BLANK)), None)
        if at is None:
            continue
        before = 0
        while at - before - 1 >= 0 and _NAME_ITEM.match(items[at - before - 1]):
            before += 1
        after = 0
        while at + after + 1 < len(items) and _NAME_ITEM.match(items[at + after + 1]):
            after += 1
        if before + after >= 3:
            return True
    return False


TERM_LIST = 6
"""Terms of three words or fewer in one clause that make it a glossary line: "Key terms:
strategic form, strategy profile, dominant strategy, _____, best response, …" keyed
"IESDS" (eval/quiz_check46_game_theory.md, three raters of three: any term fits)."""


SPLIT_TOKEN = re.compile(rf"{BLANK}[⁺⁻]")
"""A blank glued to a charge sign: the key is part of an ion. (A key is blanked only
where no word character follows it, so a letter or digit, sub- or superscript, cannot.)

"H⁺ + _____⁻ ⇌ HCO₃⁻" keyed "CO₃²" (eval/quiz_check21_climate_science.md, three raters
of three): "CO₃²⁻", the right answer, would be marked wrong."""


GLUED_BLANK = re.compile(rf"[°$€£#%]{BLANK}")
"""A blank glued to a unit or currency sign: "373.95 °_____ the critical pressure" keyed
"C. Above", a degree sign's letter run into the next sentence (sheet 42, three raters of
three: incorrect)."""


PRIZE = re.compile(r"\b(?:Prize|Award|Medal)s?\b")
"""A prize's name, which the words around it give away: "…and received the _____ in
Physiology or Medicine in 1953" (three raters of three, a check sheet of 2026-12-06)."""
PRIZE_FIELD = re.compile(
    r"\b(?:Prize|Award|Medal)s?\s+(?:in|for)\s+(?:[\w-]+\s+(?:or|and)\s+)?" + re.escape(BLANK)
)
"""The field a prize was given in: "…received the Nobel Prize in _____ or Medicine",
"…in Physiology or _____" and "…earned Calvin the Nobel Prize in _____" (the biology
notes, 2026-12-06) ask for trivia that the prize's name half gives, not for what the
notes teach."""

POINTS_BACK = re.compile(
    r"^(?:It|Its|They|Their|Them|This|These|Those|He|His|She|Her)\b"
    r"|^Each\s+(?:has|had|is|was|of|contains|carries)\b"
)
"""A sentence opening on a word whose meaning is in the sentence before: "It uses the ATP
and _____ made in the light reactions…" (which "it"?) and "Their job is to convert light
energy…" (a helper in the app, the biology notes). Such a blank is asked with the
sentence before it (:func:`sentence_before`). "Each has an outer membrane" points back;
"Each peasant received a patta" names its subject."""


_PRONOUN_IN_OPENING_CLAUSE = re.compile(
    r"^(?:When|Because|Since|If|Without|Unless|Although|Though|While|Once|After|Before|Until"
    r"|As|So|Thus|Then|Here|Now|Yet|But|And|Instead|Otherwise)\b[^,.;:!?]{0,30}?"
    r"\b(?:it|its|they|their|them|this|these|those)\b(?!\s+comes?\s+to\b)"
)
_PRONOUN_AFTER_OPENING_PHRASE = re.compile(
    r"^(?:In|On|At|During|By|From|After|Before|Within|Over|Under|Here|There|Today|Later"
    r"|Eventually|Finally|First|Next|Then)\b(?:\([^()]*\)|[^.;:!?()]){0,80}?[,\s]\s*(?:it|they)\s"
    r"|^(?:Much|Most|All|Some|Many|None|One|Both|Few|Part|Each|Either)\s+of\s+"
    r"(?:this|these|those|them|it)\b"
)
_DEMONSTRATIVE_NAMED_BY_BLANK = re.compile(
    r"^[^,;:—]*?\b(?:[Tt]his|[Tt]hese|[Tt]hose)\s+(?:[a-z-]+\s+){0,2}?[a-z-]+,?\s+(?:is\s+|are\s+)?"
    rf"(?:called|known\s+as|termed|named)\s+(?:the\s+)?{BLANK}"
)
_PRONOUN_AS_OBJECT = re.compile(
    r"^[^;:—]*?\b(?:on|of|to|for|from|with|without|by|in|into|through|about|upon)\s+(?:it|them)"
    r"\s*(?:[,;:.!?]|$)"
)


def points_back(sentence: str) -> bool:
    """Whether ``sentence`` leans on the one before it for what a pronoun means.

    :data:`POINTS_BACK` catches "It uses…"; a pronoun in an opening clause ("When it
    does, _____ is released"), as the subject after an opening phrase ("In the _____
    they invade the nervous system"), after "Much of" or as an object ending the first
    clause ("Life on _____ depends on it, directly or indirectly") leaves the same
    question: which "it"? (a helper in the app, the biology notes; a check of eight
    courses). Later in a long sentence, "it" mostly means something the sentence named.
    A blank that names "this mechanism" in the first clause ("Peter Mitchell proposed
    this mechanism, called _____, in 1961") asks what the sentence before describes (a
    student reviewing the notes: which mechanism?); after a clause ("an enzyme splits
    water…; this step, called _____") the sentence has said it.

    >>> points_back("When it does, the energy is released as heat.")
    True
    >>> points_back("Almost all life on Earth depends on it, directly or indirectly.")
    True
    >>> points_back("In semi-presidential systems (Russia; Taiwan), it answers to both.")
    True
    >>> points_back("Much of this depends on endocardial cushions.")
    True
    >>> points_back("Peter Mitchell proposed this mechanism, called _____, in 1961.")
    True
    >>> points_back("An enzyme splits water into ions and oxygen; this step, called _____, …")
    False
    >>> points_back("When it comes to images, GANs lead.")
    False
    >>> points_back("The encoder compresses the input and the decoder restores it.")
    False
    """
    return bool(
        POINTS_BACK.match(sentence)
        or _PRONOUN_IN_OPENING_CLAUSE.match(sentence)
        or _PRONOUN_AFTER_OPENING_PHRASE.match(sentence)
        or _PRONOUN_AS_OBJECT.match(sentence)
        or _DEMONSTRATIVE_NAMED_BY_BLANK.match(sentence)
    )


def sentence_before(text: str, start: int) -> str:
    r"""The sentence of the same paragraph that ends before offset ``start``, or "".

    A list item, table row, heading or blank line between them ends the paragraph: the
    item before a list's item is not what "it" means. A question, or a label of a few
    words ("Overlordship."), says nothing "it" could mean.

    >>> text = "The Calvin cycle takes place in the stroma. It uses ATP and NADPH."
    >>> sentence_before(text, text.index("It"))
    'The Calvin cycle takes place in the stroma.'
    >>> sentence_before("- Glycolysis splits glucose.\n- It makes ATP.", 30)
    ''
    >>> sentence_before("It comes first.", 0)
    ''
    """
    before = [c for c in candidate_sentences(0, text) if c.end <= start]
    if not before:
        return ""
    lines = text[before[-1].start : start + 1].splitlines()
    if any(not line.strip() or starts_block(line) or opens_unit(line) for line in lines[1:]):
        return ""
    sentence = before[-1].text
    if len(sentence.split()) < MIN_LEAD_WORDS or sentence.rstrip().endswith(("?", ":")):
        return ""
    return sentence


MIN_LEAD_WORDS = 5
"""Words a sentence needs to say what the next one's "it" is: "Overlordship. He extended
direct rule over Kent…" opened on a bold label (a check course, 2026-12-06)."""


_INTRODUCED = re.compile(
    r"\b(?:called|known\s+as|termed)\s+(?:the\s+|an?\s+)?"
    r"(?P<term>[a-z][\w'-]*(?:\s+[a-z0-9][\w'-]*){0,3}?)"
    r"(?=\s*[,.;:)]|\s+(?:and|which|that|or|because|in|on|is|are|was|were)\b|\s*$)"
)


def introduced_terms(text: str) -> list[Term]:
    """Terms a sentence introduces by name in lower case: "…a fluid called the stroma".

    Prose notes name their terms this way, unmarked: "tiny pores called stomata",
    "this step, called photolysis", "columns known as grana". Not capitalised, bold or
    abbreviated, they were no key terms (:func:`find_terms`), so the sentences that
    introduce them were blanked elsewhere or not at all (a newcomer's biology notes).

    >>> sentence = "Sacs called thylakoids are stacked into columns known as grana."
    >>> [t.text for t in introduced_terms(sentence)]
    ['thylakoids', 'grana']
    >>> [t.text for t in introduced_terms("It is named after Hans Krebs, who described it.")]
    []
    """
    return [Term(match["term"], "concept") for match in _INTRODUCED.finditer(text)]


def cloze_candidates(unit: Unit, topic_terms: Sequence[str] = ()) -> list[tuple[Term, str]]:
    """(term, question text with the term blanked) for each key term of a sentence unit.

    Key terms are those of :func:`find_terms`; a sentence without any gets its
    ``topic_terms`` instead (distinctive words of the topic, see
    :func:`rag.study.quiz.relevance.topic_words`), so it can still be asked about. Only
    sentences of six words or more, with five left around the blank: a blank needs context.
    """
    if unit.line.strip().startswith("|") or len(unit.text.split()) < 6:
        return []
    if is_sequence(unit.text):
        return []  # a pipeline line: asked about as an order item
    head = _HEAD.match(unit.quote)
    if head and (head.group("bold") or unit.bulleted):
        return []  # a list item: asked about by its head (see _list_facts), not blanked
    if unit.bulleted and len(unit.text.split()) < 8 and unit.text.rstrip()[-1:] not in ".!?":
        return []  # a short item without a full stop is a title ("5. Generative AI for Art")
    if title_line(unit.text):
        return []  # "Exploring the Creative Power of Machines through …": a title, not a fact
    if REFERS_TO_UNSEEN.search(unit.text):
        return []  # "The table below brings … a selection of _____ consonants"
    if unsaid_sentence(unit.text):
        return []
    terms = [*introduced_terms(clean_markdown(unit.text)), *find_terms(unit.quote)]
    if not terms:  # a sentence without names: blank a distinctive word of the topic
        terms = [Term(word, "concept", group="topic") for word in topic_terms]
    results = []
    for term in terms:
        if modifier_blank(term.text, unit.text) or qualified_name(term.text):
            continue  # another word fills the blank as well
        if step_lead(term.text, unit):
            continue
        if not content_words(term.text):
            continue  # "It does **not** mean…": an emphasised "not" is grammar, not a fact
        names = [term.text, *term.aliases]
        if any(
            match.group() != name and not name.istitle()
            for name in names
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", unit.text, re.I)
        ):
            # "round yellow (RRYY) with wrinkled green (rryy)": another genotype, not a
            # second spelling of the key (eval/quiz_check16_genetics.md, three of three)
            continue
        blanked = unit.text
        for name in sorted(names, key=len, reverse=True):
            blanked = re.sub(
                r"(?<!\w)" + re.escape(name) + r"(?!\w)", BLANK, blanked, flags=re.IGNORECASE
            )
        blanked = re.sub(rf"{BLANK}(?:\s*\(\s*{BLANK}\s*\))+", BLANK, blanked)
        if SPLIT_TOKEN.search(blanked) or GLUED_BLANK.search(blanked):
            continue  # "H⁺ + _____⁻ ⇌ HCO₃⁻" keyed "CO₃²": the blank cuts an ion in two
        if CUT_ABBREVIATION.search(blanked) or "," in term.text or one_of_a_list(blanked):
            continue
        if cut_numbered_name(term.text, blanked) or one_of_the_examples(blanked):
            continue
        if PRIZE.search(term.text) or PRIZE_FIELD.search(blanked):
            continue  # "awarded the _____ in Chemistry": the frame names the prize
        if not typeable(term.text, blank=True):
            continue  # a blank is typed: "shifts _____" keyed "to the right in parallel"
        if abbreviation_in_parentheses(term.text, blanked):
            continue
        remaining = len(blanked.replace(BLANK, " ").split())
        if BLANK not in blanked or remaining < 5:
            continue
        if blanked.count(BLANK) > 1:
            # "…through _____ synthase, which… joins ADP and phosphate into _____" keyed
            # ATP: each blank's frame is a clue to the other, and two blanks with one
            # answer read as two questions (a student reviewing the biology notes).
            continue
        results.append((term, blanked))
    return results
