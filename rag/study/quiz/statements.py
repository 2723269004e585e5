"""True/false items: a sentence the course states, or the same sentence with one term swapped.

A true statement the course says verbatim is easy to make; a fair one is not. The
rules here keep out what a student decides without the course: truisms, hopes, claims
the quiz's topic line or the statement's own names decide, and false versions whose
swapped-in term is not of the original's kind or contradicts the sentence by its name.

Example:
    >>> from rag.study.quiz.statements import related
    >>> from rag.study.quiz.units import REFERS_TO_UNSEEN, Term
    >>> gans = Term("GANs", "acronym")
    >>> related("CycleGAN", gans), related("Transformers", gans)
    (True, False)
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence, Set

from ingest.scan import looks_like_instruction
from rag.schema import Passage
from rag.study.quiz.compounds import placed
from rag.study.quiz.distractors import (
    PoolTerm,
    _ambiguous,
    known_aliases,
    pick_distractors,
    shape,
)
from rag.study.quiz.drafts import (
    Draft,
    Material,
    _explanation,
    _source,
    telling_words,
)
from rag.study.quiz.facts import _DEFINING_VERBS
from rag.study.quiz.grading import fold
from rag.study.quiz.matching import (
    acronym_spelled_out,
    content_words,
    normalize,
)
from rag.study.quiz.model import (
    BLANK,
    STATEMENT_PREFIX,
    TRUE_FALSE,
    ItemSource,
    QuizItem,
)
from rag.study.quiz.relevance import (
    distinctive_words,
    word_forms,
)
from rag.study.quiz.timelines import across_a_year, years_named
from rag.study.quiz.units import (
    _ARROW,
    _HEAD,
    REFERENCE_LINE,
    REFERS_TO_UNSEEN,
    Term,
    Unit,
    find_terms,
)
from rag.study.quiz.verify import swapped_out_of_topic


def related(candidate: str, term: Term) -> bool:
    """Whether a swap could still make a true statement: one term names a kind of the other.

    "CycleGAN" for "GANs" (a CycleGAN is a GAN) or "GANs" for "Generative AI" (GANs are
    generative AI) share a name part or a word; a false statement needs an unrelated term.
    """
    names = [term.text, *term.aliases]
    folded = fold(candidate).replace(" ", "")
    for name in names:
        short = fold(name).replace(" ", "")
        if short and (short in folded or folded in short):
            return True
        if content_words(candidate) & content_words(name):
            return True
    return False


_PREDICATE_STARTS = frozenset(
    {"used", "helps", "allows", "enables", "ideal", "often", "also", "can", "may", "and",
     "but", "or", "which", "then", "great", "good"}
)  # fmt: skip
"""First words of a sentence whose subject is in the sentence before it."""
_REFERRING_STARTS = frozenset(
    {"it", "its", "they", "their", "them", "this", "these", "those", "he", "she", "his",
     "her", "such"}
)  # fmt: skip
"""A pronoun or determiner pointing back: "These models simulate…" alone names no model."""
_READER_STARTS = frozenset({"students", "learners", "you", "we", "readers", "participants"})
"""What the reader can do ("Students can build simple text generators…") is no course fact."""
_NO_STATEMENT_STARTS = _REFERRING_STARTS | _READER_STARTS


_BARE_VERBS = frozenset(
    {"predict", "generate", "use", "create", "learn", "build", "train", "produce",
     "optimize", "encode", "compress", "start", "reverse", "synthesize", "write", "apply",
     "fine-tune", "evaluate", "combine", "map", "convert", "transform", "detect", "design",
     "measure", "make", "turn", "add", "remove", "improve", "reduce", "enable", "support"}
)  # fmt: skip
"""Verbs a list item starts with when its subject is the heading above it ("Predict the
next word/token in a sequence." under "Large Language Models"): no statement alone."""


TAGLINE = re.compile(r"[—–]\s*(?:how|why|what|where|when)\b", re.IGNORECASE)
"""A headline, not a claim: "From chatbots to novel writing—how AI learns to speak…"."""
POINTING_BACK = re.compile(
    r"\b(?:these|those)\b|\bfor this\b|\bof this\b|\bthis\s+(?:kind|sort|type)\b", re.IGNORECASE
)
"""A determiner pointing back inside a sentence: "By optimizing millions of parameters, these
models capture…" says nothing alone, whatever its first word."""
ELLIPTICAL_SUBJECT = re.compile(
    r"^The\s+(?:latter|former|(?:original|rest|remainder|others|same)\s+"
    r"(?:was|were|is|are|has|had|survives|survived)\b)"
)
"""A subject whose noun is in the sentence before: "The original was destroyed in a bombing
raid on Hanover in 1943." (the Ebstorf Map's; eval/quiz_check65_eight_courses.md, two
raters of three: not correct as asked). "The last shogun, Tokugawa Yoshinobu…" names its."""
PERSONAL_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.IGNORECASE)
_NAMED_DOER = re.compile(
    r"\b[A-Z][\w'’-]+\s+(?:[a-z]+ed|[a-z]+[^s\W]s|took|made|wrote|gave|saw|found|began|"
    r"became|had|was|is|won|led|met|ran|held|left|built|taught|drew|fought|lost)\b"
)


def unnamed_person(text: str) -> bool:
    """Whether a sentence speaks of "he" or "her" before naming anyone who does anything.

    "In Arles, from February 1888, he painted the Sunflowers…" is true of van Gogh and
    false of Gauguin, and says of neither (eval/quiz_check15_art_history.md: three raters
    of three); "Alfred Wegener proposed continental drift in his book of 1928…" names
    him. A name followed by its verb (:data:`_NAMED_DOER`) counts: "In Brittany his…"
    names a place.

    Example:
        >>> unnamed_person("In Brittany his Vision after the Sermon sets Jacob wrestling.")
        True
        >>> unnamed_person("Jenner took material from his patient's hand.")
        False
    """
    pronoun = PERSONAL_PRONOUN.search(text)
    return pronoun is not None and not _NAMED_DOER.search(text[: pronoun.start()])


ELIDED_NOUN = re.compile(r"\b(?:most|least)\s+(?:\w+ly\s+)?\w+\.$", re.IGNORECASE)
"""A superlative with its noun left to the sentence before: "Aluminium salts, first used
by Alexander Glenny in 1926, remain the most widely used." (adjuvants, the notes said)."""
LABEL_LINE = re.compile(r"^[^:.!?]{1,60}:\s|^(?:\S+\s){0,5}?\S+\s[–—]\s")
"""A list or definition line, "Label: what it is" or "Term — what it is": a definition item
asks it better. As a statement it is decided by its own words, true ("Continuity — we
prefer smooth, continuous lines…") or false ("Closure — we prefer smooth, continuous
lines…"): three raters of three on a psychology course's check sheet."""
DASH_DEFINITION = re.compile(r"^[^–—]{1,80}\s[–—]\s(?:for|to)\b", re.IGNORECASE)
"""A list line pairing a term with its use ("BLEU, ROUGE – for text overlap."): no
statement, so no true/false item as it stands."""


VERB_FRAGMENT = re.compile(
    r"^[A-Z][a-z]+s\s+(?:the|a|an|its|their|each|every|one|two|three|four|five|all|both)\b"
)
"""A list step that opens with its verb, its subject left to the list: "Releases the two…"."""
IMPERATIVE_STEP = re.compile(
    r"^(?:[A-Z][a-z]+,\s+)?(?i:set|align|join|list|identify|reconstruct|compare|separate|"
    r"mark|place|put|give|draw|find|check|note|count|divide|record|begin|gloss|assign|"
    r"segment|transcribe|look|read|take|choose|plot|label|calculate|compute|determine|"
    r"collect|group|sort|arrange|write|use|add|start|apply|repeat|state|test|try|keep)\b"
)
"""A list step that opens with an instruction, after at most an adverb ("Underneath, align a
gloss…"): it tells the reader what to do, and states nothing."""
RUN_IN_HEAD = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?\*\*[^*]{1,60}[.:]\*\*\s")
"""A line led by a bold run-in head, "**Institutions.** Secure property after 1688, patents,
and a national market…": a labelled point of a list, true or false of nothing (tenth
check sheet: three raters of three)."""
WORKED_EXAMPLE = re.compile(r"^\W*(?:worked\s+)?example\b(?!s)", re.IGNORECASE)
"""A paragraph that works an example: "*Example.* Demand is P = 100 − Q and…"."""


def statement_drafts(
    passage: Passage, unit: Unit, material: Material, rng: random.Random
) -> list[Draft]:
    """True/false items from one sentence: the sentence itself, and with one term swapped.

    A true statement the course says verbatim is easy to make from any sentence; a
    false one needs a swappable term, which many sentences lack. A sentence with a
    false version gives both, and the quiz takes one of them, alternating true and
    false (:func:`rag.study.quiz.selection.select_items`); a sentence without one gives
    no statement at all, since nothing tells its truth from a guess.
    """
    text = unit.text.strip()
    if unit.line.strip().startswith("|") or not 7 <= len(text.split()) <= 30:
        return []
    if not text[:1].isupper() and not text[:1].isdigit():
        return []  # "centralised rule through prefects, …": the rest of a line, no sentence
    if not text.endswith(".") or _ARROW.search(text) or looks_like_instruction(text):
        return []  # a heading, a learning objective or a pipeline is no statement
    head = _HEAD.match(unit.quote)
    if head and head.group("code"):
        return []  # "`HAVING` — keep only groups for which…" glosses a name, it states nothing
    if RUN_IN_HEAD.match(unit.line):
        return []  # "**Institutions.** Secure property after 1688, patents…" states nothing
    if unit.bulleted and VERB_FRAGMENT.match(text):
        return []  # "Releases the two K⁺ ions inside the cell.": what does? Its list says.
    if WORKED_EXAMPLE.match(unit.line) or "=" in text:
        # "Setting Qd = Qs gives 100 − 2P = 20 + 2P, so … P = 20": a step of a worked
        # example is true of its made-up case, and its arithmetic checks itself.
        return []
    first = text.split()[0].lower().strip(",.;:")
    if first in _PREDICATE_STARTS | _BARE_VERBS or first.endswith(("ful", "able", "ible")):
        return []  # "Useful for latent representation learning." says of what?
    if unit.bulleted and IMPERATIVE_STEP.match(text):
        # "Set out the systematic sound correspondences…", "Underneath, align a gloss…":
        # an instruction is followed, not true or false (eval/quiz_check11_linguistics.md).
        return []
    if REFERS_TO_UNSEEN.search(text):
        return []  # "The table below brings…": true of a page the quiz does not show
    source = _source(unit, passage)
    explanation = _explanation(unit, passage)
    false = _false_statement(text, unit, material, rng, source, explanation)
    if (
        first in _NO_STATEMENT_STARTS
        or POINTING_BACK.search(text)
        or ELLIPTICAL_SUBJECT.match(text)
        or unnamed_person(text)
        or ELIDED_NOUN.search(text)
        or LABEL_LINE.match(text)
        or REFERENCE_LINE.search(text)
        or TAGLINE.search(text)
    ):
        # "It was developed in 2022…": true or false of what? The sentence before says.
        # "Neural Rendering & 3D Diffusion: Text-to-3D pipelines." labels, it states
        # nothing; with a term swapped ("GANs: Two networks compete (Transformers
        # creates…") the edit shows. A reference ("Goodfellow et al., Generative
        # Adversarial Nets (2014) — introduced GANs") is true by its title.
        return []
    swapped = false.item.meta.get("swap_from", "") if false is not None else ""
    if swapped.isdigit() and not names_something(text, swapped):
        # "Two events in 1917 changed the balance.": with its year swapped it is false,
        # and true it is a truism (eval/quiz_check16_modern_europe.md, three of three)
        return []
    drafts = [false] if false is not None else []
    if topic_names_subject(text, material) and (
        false is None or swapped_out_of_topic(false.item, material.topic)
    ):
        # In a quiz on how GANs work, "GANs use competition between networks…" has
        # no fair false twin ("VAEs use competition…" is false by the topic line), so
        # a statement about GANs there is true by the topic alone.
        return []
    if false is None:
        # A true statement is asked only beside a verified false version of it (issue
        # 15): one with none to tell it from is true at sight too often. On the check
        # sheets of other courses (eval/quiz_check11_ecology.md to
        # eval/quiz_check14_ocean.md), 7 of 39 such statements still on offer were given
        # away ("People have explored the sea for thousands of years.", "After one
        # half-life 50 percent of the parent remains; after two, 25 percent…"); of the
        # 10 with a false twin, none.
        return drafts
    if DASH_DEFINITION.match(text):
        return drafts  # "FID – for image realism." has no verb to be true of
    if spelled_out_by_subject(text, material):
        return drafts  # "NLG enables machines to … produce human language": its name says so
    item = QuizItem("tf", STATEMENT_PREFIX + text, "True", explanation, source,
                    list(TRUE_FALSE), "easy", kind="truefalse")  # fmt: skip
    return [*drafts, Draft(item, unit.passage, unit.relevance)]


def _false_statement(
    text: str,
    unit: Unit,
    material: Material,
    rng: random.Random,
    source: ItemSource,
    explanation: str,
) -> Draft | None:
    """The sentence with its first swappable key term replaced by an unrelated one, or None.

    The term swapped in is of the same kind, one the material does not state in its
    place (:func:`pick_distractors`), not a kind of the original (:func:`related`) and
    at least :data:`SWAP_SIMILAR` similar to it.
    """
    terms = find_terms(unit.quote)
    for term in terms[:2]:
        if shape(term.text, unit.quote) == "title":
            continue  # a title names its subject: swapped, it contradicts "— introduced VAEs"
        if _named_again(term, terms, material.pool):
            continue
        blanked = re.sub(r"(?<!\w)" + re.escape(term.text) + r"(?!\w)", BLANK, text, count=1)
        if BLANK not in blanked:
            continue
        statement_words = content_words(blanked)
        # Only terms the course defines (list and table heads) are swapped in: a random
        # capitalised phrase ("Creative Power of Machines") makes an absurd statement.
        # A term of the original's own list or table column first ("VAEs" for "GANs"
        # from the list of key models): a trend heading swapped in reads false at sight.
        group = _own_group(term, material.pool)
        picked = pick_distractors(term, group, "head", unit.quote, blanked, material.pool,
                                  material.lines, material.similar, rng)  # fmt: skip
        if not picked:
            continue
        unrelated = [
            (text, score)
            for text, score in picked
            if not related(text, term) and score >= SWAP_SIMILAR
            and not plain_word_for_name(term.text, text)
            and shape(text) == shape(term.text)  # not "Mistral, xAI, Cohere’s MuseNet"
            and not modality_clash(text, statement_words)
        ]  # fmt: skip
        # Only a mate of the original's own list or table column is surely of its kind:
        # "Creative Tools is transforming industries…" (for Generative AI) and "Models
        # like Specialized Generative AI and transformers" (for RNNs) were false at sight.
        mates = [pair for pair in unrelated if group and group in _groups(pair[0], material.pool)]
        if placed(term.text, text):
            # "the treasurer at Gaumata": a list of names mixes places, people and texts.
            mates = [pair for pair in mates if placed(pair[0], material.clean_text)]
        if not mates:
            continue
        swapped = max(mates, key=lambda pair: pair[1])[0]  # the most plausible swap
        return _swapped_draft(blanked.replace(BLANK, swapped), term.text, swapped, unit,
                              source, explanation)  # fmt: skip
    year_swap = _year_swap(text, unit, material)
    if year_swap is not None:
        return _swapped_draft(*year_swap, unit, source, explanation)
    return None


def _swapped_draft(
    statement: str, original: str, swapped: str, unit: Unit, source: ItemSource, explanation: str
) -> Draft:
    item = QuizItem(
        "tf", STATEMENT_PREFIX + statement, "False",
        f"False: the course says “{original}”, not “{swapped}”. {explanation}",
        source, list(TRUE_FALSE), "medium", kind="truefalse",
        meta={"swap_from": original, "swap_to": swapped},
    )  # fmt: skip
    return Draft(item, unit.passage, unit.relevance)


_YEAR = re.compile(r"(?<![\w–—-])(1[0-9]{3}|20[0-9]{2})(?![\w–—-])")
YEAR_SWAP_MIN, YEAR_SWAP_MAX = 3, 60
"""How far the year swapped in lies from the original: far enough to be another fact,
near enough to be believed."""


_SPECIFIC = re.compile(r"\b[A-Z][\w'’-]+|\d")
_PLAIN_OPENERS = frozenset(
    {"the", "a", "an", "one", "two", "three", "four", "five", "this", "these", "that", "in",
     "on", "at", "by", "for", "after", "before", "during", "some", "many", "most", "all",
     "both", "each", "its", "their", "when", "while", "as", "there", "it", "they"}
)  # fmt: skip


def names_something(text: str, swapped: str) -> bool:
    """Whether a statement names a person, place, thing or number besides ``swapped``.

    A statement whose year is swapped must say what happened then; one whose name is
    swapped ("Diffusion Models turn random noise into a sample…") asks whom the
    description fits, and needs nothing more.

    Example:
        >>> names_something("Two events in 1917 changed the balance.", "1917")
        False
        >>> names_something("The United States entered the war in 1917.", "1917")
        True
        >>> names_something("GANs, proposed in 2014, use two networks.", "2014")
        True
    """
    rest = text.replace(swapped, " ") if swapped else text
    words = rest.split()
    if words and words[0].lower().strip(",") in _PLAIN_OPENERS:
        rest = " ".join(words[1:])  # "Two events…": capitalised as a sentence's first word
    return _SPECIFIC.search(rest) is not None


def heading_span(section: str) -> tuple[int, int] | None:
    """The years a section's heading says it spans ("6. The Western Front, 1914–1917").

    A swapped year outside them is false by the heading: "the First Battle of the Marne
    (5–12 September 1911)" in a section on 1914-1917, "Fleurus (26 June 1791)" in one on
    1792-1794 (eval/quiz_check16_modern_europe.md: not a believable mistake, three raters
    of three).

    Example:
        >>> heading_span("Part 3 > 6. The Western Front, 1914–1917")
        (1914, 1917)
        >>> heading_span("5. The Revolutions of 1848") is None
        True
    """
    years = [int(y) for y in re.findall(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)", section)]
    return (min(years), max(years)) if len(years) >= 2 else None


_BOUND_YEAR = re.compile(
    r"\b(?:by|before|after|until|till|since|from|through)\s+(?:the\s+)?"
    r"(?:(?:end|start|middle|beginning)\s+of\s+|early\s+|late\s+|mid-?)?$",
    re.IGNORECASE,
)
"""Words that make a year a bound: a claim true "by 1830" is true by any later year."""

_ROUGH_YEAR = re.compile(
    r"\b(?:about|around|c\.|ca\.|circa|approximately|roughly|some\s+time\s+in)\s+$",
    re.IGNORECASE,
)
"""Words that make a year approximate: "from about 1453" is no mistake for "about 1450"."""


def _year_swap(text: str, unit: Unit, material: Material) -> tuple[str, str, str] | None:
    """(statement, original year, swapped year): the sentence's year replaced by another.

    Prose seldom offers a term whose list mates make a believable false version; on six
    check sheets of other subjects every statement drafted was true
    (eval/quiz_check10_history.md to eval/quiz_check13_nutrition.md). A year can be
    swapped for another year the material names, the nearest at least
    :data:`YEAR_SWAP_MIN` away: "Wegener proposed continental drift in 1927" is a
    believable mistake. Years in ranges ("1909–1913") are left alone, and so is a year
    the material states together with the rest of the sentence; the year swapped in lies
    within the years the section's heading spans (:func:`heading_span`), if it names them.
    """
    found = list(_YEAR.finditer(text))
    if len(found) != 1:
        return None  # two years in one sentence may be compared: a swap can reverse them
    written = found[0].group()
    original = int(written)
    before = text[: found[0].start()]
    if _BOUND_YEAR.search(before) or _ROUGH_YEAR.search(before) or re.search(r"\([^()]*$", before):
        # "By 1827 the Cherokee … still held millions of acres" is true of 1827 too, if
        # true of 1830; "The Tea Act (1770) did not create a new tax" is false by its
        # aside only (eval/quiz_check17_us_history.md, three raters of three each).
        # "Gutenberg's printing press at Mainz, from about 1453" and "Around 1020, kings
        # … appointed bishops" are still true of "about 1450" and "around 1000"
        # (eval/quiz_check20_medieval_europe.md, three raters of three each).
        return None
    named = {int(y) for line, _ in material.lines.lines for y in _YEAR.findall(line)}
    span = heading_span(material.passages[unit.passage].section)
    topic_years = years_named(material.topic)
    candidates = sorted(
        (y for y in named if YEAR_SWAP_MIN <= abs(y - original) <= YEAR_SWAP_MAX
         and (span is None or span[0] <= y <= span[1])
         and not across_a_year(original, y, topic_years)),
        key=lambda y: (abs(y - original), y),
    )  # fmt: skip
    blanked = _YEAR.sub(BLANK, text, count=1)
    for year in candidates:
        if not _ambiguous(str(year), blanked, material.lines, unit.quote):
            return blanked.replace(BLANK, str(year)), written, str(year)
    return None


_MODALITIES = (
    frozenset({"text", "word", "paragraph", "token", "sentenc", "languag", "stori"}),
    frozenset({"pixel", "imag", "photo", "pictur", "visual"}),
    frozenset({"audio", "music", "speech", "voic", "sound", "wave"}),
    frozenset({"video", "frame", "movi"}),
)
"""Stems of the words that name one output modality (text, image, audio, video)."""


def modality_clash(name: str, statement_words: Set[str]) -> bool:
    """Whether a name's own parts name a modality the statement does not, beside one it does.

    "Models like PixelCNN, T5, and PaLM generate paragraphs … by predicting the next
    word" is false by PixelCNN's name alone (main review sheet of 2026-12-03: three of
    three raters). A name is split at capitals and hyphens ("PixelCNN" → pixel, CNN).
    """
    parts = content_words(" ".join(re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)))
    own = [m for m in _MODALITIES if m & parts]
    said = [m for m in _MODALITIES if m & statement_words]
    return bool(own) and bool(said) and not any(m in said for m in own)


def spelled_out_by_subject(text: str, material: Material) -> bool:
    """Whether a statement's subject, spelled out, says what the statement claims.

    "NLG enables machines to understand and produce human language" is true at sight
    once NLG is read as Natural Language Generation, which the material gives (main
    review sheet of 2026-12-03: two of three raters called it given away). The
    expansions come from the material (:func:`known_aliases`); one content word of an
    expansion in the rest of the statement is enough.
    """
    subject = statement_subject(text)
    claim = content_words(text[len(subject) :]) if text.startswith(subject) else set()
    for word in re.findall(r"[\w-]+", subject):
        if not _NAME_LIKE.match(word):
            continue
        for expansion in known_aliases(word, material.pool):
            if content_words(telling_words(expansion)) & claim:
                return True
    return False


_SUBJECT_ENDS = frozenset(_DEFINING_VERBS | _BARE_VERBS | {"promise", "promises"})
"""Verbs that end a statement's subject ("GANs *use* two networks…")."""


def statement_subject(text: str) -> str:
    """What a statement is about: the words before its first verb (within ten), or its first five.

    An opening phrase set off by a comma ("Released in 2018, BERT was…") is skipped.

    Example:
        >>> statement_subject("MuseNet and Magenta are pioneers in AI-generated music.")
        'MuseNet and Magenta'
        >>> statement_subject("Advances in multimodal AI promise systems that generate…")
        'Advances in multimodal AI'
        >>> statement_subject("Released in 2018, Bidirectional Encoder Representations from "
        ...                   "Transformers (BERT) was one of the first foundation models.")
        'Bidirectional Encoder Representations from Transformers (BERT)'
    """
    opening = re.match(r"^\w+(?:ed|ing)\b[^,]{0,40},\s+", text)
    words = text[opening.end() if opening else 0 :].split()
    for position, word in enumerate(words[1:10], start=1):
        if word.lower().strip(",.;:") in _SUBJECT_ENDS:
            return " ".join(words[:position])
    return " ".join(words[:5])


def topic_names_subject(text: str, material: Material) -> bool:
    """Whether the quiz's topic names what a statement is about, in a form of its words.

    "Generative Adversarial Networks (GANs) use two networks…" in a quiz on how
    generative adversarial networks work; "Advances in multimodal AI promise…" in one on
    multimodal generative models. Only distinctive topic words count
    (:func:`rag.study.quiz.relevance.distinctive_words`), matched by word form.
    """
    if not material.topic:
        return False
    distinctive = distinctive_words(material.weights)
    shared = word_forms(statement_subject(text)) & word_forms(material.topic)
    return any(content_words(form) & distinctive for form in shared)


_NAME_LIKE = re.compile(r"^(?=\w*[A-Z0-9]\w*[A-Z0-9])[\w-]+$")
"""One word with two capitals or digits: an acronym or a model name ("GPT", "GANs", "T5")."""


def plain_word_for_name(original: str, swapped: str) -> bool:
    """Whether ``swapped`` is an ordinary word put in place of a name or acronym.

    "Models like GPT, T5, and PaLM…" became "Models like Training, T5, and PaLM…" (a
    list head of the same passage): false, but no model is called "Training".

    Example:
        >>> plain_word_for_name("GPT", "Training"), plain_word_for_name("GANs", "VAEs")
        (True, False)
    """
    plain = len(swapped.split()) == 1 and not _NAME_LIKE.match(swapped)
    return bool(_NAME_LIKE.match(original)) and plain


def _named_again(term: Term, terms: Sequence[Term], pool: Sequence[PoolTerm]) -> bool:
    """Whether another term of the sentence names ``term`` too, so a swap contradicts it.

    "Goodfellow et al., *Generative Adversarial Nets* (2014) — introduced GANs": with
    "VAEs" swapped in for "GANs" the title still says GANs, and the statement is false
    on its face. The term's aliases in the pool count ("VAEs" is "Variational
    Autoencoders", named by "Auto-Encoding Variational Bayes").
    """
    aliases = known_aliases(term.text, pool)
    full = Term(term.text, term.kind, term.group, (*term.aliases, *sorted(aliases)))
    names = [full.text, *full.aliases]
    others = [t.text for t in terms if normalize(t.text) not in {normalize(n) for n in names}]
    return any(
        related(other, full) or any(acronym_spelled_out(name, other) for name in names)
        for other in others
    )


def _groups(text: str, pool: Sequence[PoolTerm]) -> set[str]:
    """The list and table-column groups the pool saw ``text`` in."""
    key = normalize(text)
    return {g for entry in pool if normalize(entry.term.text) == key for g in entry.groups}


def _own_group(term: Term, pool: Sequence[PoolTerm]) -> str:
    """A group (list or table column) of ``term`` or one of its aliases; "" if none."""
    groups = set().union(*(_groups(name, pool) for name in [term.text, *term.aliases]))
    return min(groups) if groups else ""


SWAP_SIMILAR = 0.3
"""A false statement's swapped-in term must be at least this similar (cosine) to the
original: "Fine-tuning creates synthetic data" is false, but fools nobody."""
