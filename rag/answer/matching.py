"""Whether a unit is about what a question names, in the ways a term match misses.

A name of one letter and a word ("T wave", whose letter the index drops), the thing whose
working a how-does question asks about, the one word a why-question turns on, and a
sentence that names its subject only through the paragraph's first sentence ("The node
was described by…"). Pure functions: :class:`rag.answer.decide.AnswerType` carries what
they find in a question, :func:`rag.answer.evidence.fits` applies them to units.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from rag.answer.asked import term_coverage, unit_terms
from rag.answer.question_forms import asks_mechanism, asks_why
from rag.retrieval.keyword import TermStatistics, tokenize
from rag.retrieval.synonyms import GROUP_MARK

DOMINANT = 1.4
"""How much a why-question's rarest word must outweigh the next to be what it asks about."""
DOMINANT_SHARE = 0.3
"""And the least share of the question's weight it carries: "why did the original paxos
paper take like 9 yrs to get published?" turns on no one word ("year", 0.23)."""


def why_term(
    question: str, weights: Mapping[str, float], stats: TermStatistics, frame: Collection[str]
) -> frozenset[str]:
    """The one word a why-question turns on, when it outweighs the rest; else none.

    "Why can't heart muscle be tetanised the way skeletal muscle can?" was answered with
    "Skeletal muscle: ~20%…", a row of the cardiac-output table, over "…so cardiac muscle
    cannot be tetanised" (a student's probe): the unit that answers says "tetanised".
    """
    if not asks_why(question):
        return frozenset()
    # A synonym group stands for a word the collection uses: "why was the muslim conquest of
    # spain so quick" turns on "quick" (the notes' "speed") as much as on "spain".
    used = sorted(
        (w, t) for t, w in weights.items()
        if t not in frame and (stats.document_frequency.get(t, 0) > 0 or t[0] == GROUP_MARK)
    )  # fmt: skip
    total = sum(weights.values())
    if (
        len(used) >= 2
        and used[-1][0] >= DOMINANT * used[-2][0]
        and used[-1][0] >= DOMINANT_SHARE * total
    ):
        return frozenset({used[-1][1]})
    return frozenset()


_WORKED_THING = re.compile(
    r"^\W*(?:how|what)\s+(?:does|do|did)\s+(?:the\s+|an?\s+)?(?P<thing>[\w-]+)",
    re.I,
)
_RESPONSE_LABEL = re.compile(
    r"^(?:\w+\s+){0,2}?(?:sensitivity|resistance|susceptibility|response|reaction|tolerance"
    r"|exposure|vulnerability)\s+(?:to|against)\s+(?P<rest>[^:—]*)",
    re.I,
)


_LETTER_FIRST = re.compile(r"(?<![\w-])([A-Z])[\s-]([a-z]{3,})\b")
_LETTER_AFTER = re.compile(r"\b([a-z]{3,})\s([A-Z])(?![\w-])")


def lettered_names(text: str) -> frozenset[tuple[str, str]]:
    """The names of ``text`` made of a capital letter and a word, as (letter, stem).

    The index drops one-letter words, so "What does the T wave mean?" weighs "wave" alone
    and was answered with "P wave — atrial depolarisation" (a student's probe).

    >>> sorted(lettered_names("the T wave and vitamin C, not A good one"))
    [('C', 'vitamin'), ('T', 'wave')]
    """
    pairs = [m.groups() for m in _LETTER_FIRST.finditer(text)]
    pairs += [m.groups()[::-1] for m in _LETTER_AFTER.finditer(text)]
    found = set()
    for letter, word in pairs:
        stems = tokenize(word)
        if stems and letter not in "AI":  # "A good one", "I think"
            found.add((letter, stems[0]))
    return frozenset(found)


def other_letter(text: str, asked: Collection[tuple[str, str]]) -> bool:
    """Whether ``text`` names an ``asked`` word with another letter, and never with its own.

    >>> other_letter("P wave — atrial depolarisation", {("T", "wave")})
    True
    >>> other_letter("T wave — ventricular repolarisation", {("T", "wave")})
    False
    """
    named = lettered_names(text)
    return any(
        (letter, stem) not in named and any(s == stem for _, s in named) for letter, stem in asked
    )


def worked_thing(question: str) -> frozenset[str]:
    """Stems of the thing whose working a how-does or what-does question asks about.

    Its first word only, which is enough to tell a label about it from one about another
    thing's response to it (:func:`responds_to`).

    >>> sorted(worked_thing("how does penicillin work"))
    ['penicillin']
    >>> worked_thing("Who made GANs?")
    frozenset()
    """
    match = _WORKED_THING.match(question) if asks_mechanism(question) else None
    return frozenset(tokenize(match.group("thing"))) if match else frozenset()


def responds_to(text: str, thing: Collection[str]) -> bool:
    """Whether ``text`` is labelled by another thing's response to ``thing``.

    >>> responds_to("Sensitivity to penicillin and lysozyme — Gram-positive: High", {"penicillin"})
    True
    >>> responds_to("Cell wall synthesis: β-lactams: penicillins (mechanism: Bind)", {"penicillin"})
    False
    """
    match = _RESPONSE_LABEL.match(text)
    return match is not None and bool(set(tokenize(match.group("rest"))) & set(thing))


_REFERS_BACK = re.compile(
    r"^(?:(?:The|This|These|That|Those)\s+(?P<noun>[\w-]+)|(?:It|Its|They|Their|He|His|She|Her)\b"
    r"|[^,]{1,40},\s+(?:it|its|they|their|he|his|she|her)\b"
    r"|(?:By|In|From|After|Before|Around|During|Until|Under|Within)\s+[^,.]{1,30}?\s+"
    r"(?:it|they|he|she)\s+[a-z]+ed\b)"
)
"""A sentence opening on what its paragraph's first sentence named, or on a pronoun after
an opening phrase: "After years of pressure, he took Toledo… on 25 May 1085", "By about
3200 BCE it covered roughly 250 hectares…" (an urban planning probe: Uruk's people)."""


_PRONOUN_OBJECT = re.compile(r"^(?:[\w.-]+\s+){1,4}?\w+ed\s+(?:it|them)\b")
"""A sentence whose first verb acts on what its paragraph opened on: "Kary Mullis conceived
it in 1983" says who made PCR (a molecular-methods probe)."""
_PARTICIPLE_OPENING = re.compile(r"^(?:\w+\s+)?\w+ed\s+by\b[^.;:]*?,\s+(?:it|they)\s")
"""Or one opening on how that thing was made, then naming it "it": "First formulated by Carl
Sprengel in 1828 and popularized by Justus von Liebig from 1840, it implies…" after "…is
known as Liebig's law of the minimum." (an agronomy probe: "who first came up with…")."""


def points_back(text: str, topic: str) -> bool:
    """Whether a sentence points back to its paragraph's first sentence, ``topic``.

    "The node was described by Arthur Keith and Martin Flack in 1907" dates the SA node
    that its paragraph opens on ("Cells of the sinoatrial (SA) node…"); without it, "When
    was the SA node discovered?" found no date of the SA node (a student's probe).
    """
    if names_before(text):
        return True  # "This is the conventional start of the war." (the date is before it)
    # "…a cloud of CO₂ poured down neighbouring valleys, suffocating about 1,700 people"
    # after "Magmatic CO₂ had accumulated in the crater lake's deep water", in the paragraph
    # opening on "…occurred at Lake Nyos…" (a volcanology probe): "the lake" is Lake Nyos.
    titled = {m.lower() for m in _TITLED_NAME.findall(topic)}
    if any(re.search(rf"\bthe\s+(?:[\w-]+\s+){{0,2}}{t}\b", text, re.I) for t in titled):
        return True
    if _PRONOUN_OBJECT.match(text) or _PARTICIPLE_OPENING.match(text):
        return True  # "Kary Mullis conceived it in 1983…" under "The polymerase chain reaction…"
    match = _REFERS_BACK.match(text)
    if match is None:
        return False
    # "The node…" names what the opening did ("…sinoatrial (SA) node…"); "These systems
    # learn … from millions of images" does not, under "Generative AI models like DALL·E
    # … and Stable Diffusion use diffusion…" (it answered how many images Stable
    # Diffusion was trained on, which the notes do not say).
    noun = match.group("noun")
    return noun is None or bool(set(tokenize(noun)) & unit_terms(topic))


_TITLED_NAME = re.compile(
    r"\b(Lake|Mount|River|Battle|Treaty|Siege|Peace|Edict|Council|Congress|Island|Glacier"
    r"|Volcano|Revolution|War|Dynasty|Empire)\s+(?:of\s+(?:the\s+)?)?[A-Z]"
)
"""A name led by the kind of thing it names ("Lake Nyos", "Battle of Hastings"), which a
later sentence calls by that word ("the lake", "the battle")."""
_NAME_TOKEN = re.compile(r"\b[A-Za-z][\w-]*(?:[A-Z]|\d)[\w-]*")
NAMES_BEFORE = re.compile(
    r"^(?:This|That|These|Those)\s+(?:is|was|are|were|became|becomes|marked|meant|means)\b"
)
NAMING_WORDS = 10
"""Longest sentence that only names what the one before it describes."""


def names_before(text: str) -> bool:
    """Whether a short sentence names what the sentence before it describes.

    "On 24 May 1337 Philip declared Gascony confiscated. This is the conventional start of
    the war." (a Hundred Years' War probe: "On what date is the war usually said to have
    started?" was refused, the date being in the sentence before); "This is chamber
    finance." Not "This is the basis of the barometer, invented by Torricelli in 1643…",
    which says enough alone.
    """
    return bool(NAMES_BEFORE.match(text)) and len(text.split()) <= NAMING_WORDS


def with_sentence_named(text: str, topic: str) -> str:
    """A sentence's text, led by its referent when it only names what that describes.

    What the evidence checks read for a date or a number: "This is the conventional start
    of the war." with "On 24 May 1337 Philip declared Gascony confiscated." before it.
    """
    return f"{topic}. {text}" if topic and names_before(text) else text


GOES_ON = re.compile(r"^(?:Then|Thus|Hence|Therefore|So|Consequently|It\s+follows)\b")
"""The opening of a sentence that draws on the one before it: "Then q² = 1/2,500…"."""
_PRONOUN_SUBJECT = re.compile(
    r"^(?:and|but|so)?\s*(?:[^,]{1,40},\s+)?(?:it|they|he|she)\b", re.IGNORECASE
)
"""A sentence whose subject is a pronoun, after an opening phrase or not: "After years of
pressure, he took Toledo… on 25 May 1085" is about Alfonso VI, named the sentence before
(a student's probe of an al-Andalus course)."""


_ITS = re.compile(r"^(?:Its|Their)\s")
"""A sentence about what the one before it named: "Its designers, Anthemius of Tralles and
Isidore of Miletus…" after "The masterpiece is Hagia Sophia (532–537)…" (an architecture
probe)."""


def paragraph_referent(text: str, first: str, paragraph: Sequence[str]) -> str:
    """What a later sentence of a paragraph is about: the paragraph's first sentence.

    A sentence whose subject is a pronoun is also about the names the rest of the
    paragraph gives.
    "And it was trained on the BookCorpus dataset…" is about GPT-1, a name the paragraph
    gives only in the sentence after it, having opened on "The Generative Pre-trained
    Transformer (GPT) model…". Only names (a capital after the first letter, or a
    digit) are borrowed: the other sentences' common words ("context", "timeout") made
    pronoun sentences answer questions about something else.

    A sentence that goes on from the one before it ("Then q² = 1/2,500 … and the carrier
    frequency … about 1 in 25", after "Cystic fibrosis affects roughly 1 in 2,500
    newborns…") is also about that sentence: asked how many people carry the cystic
    fibrosis gene, the answer quoted the incidence and not the carriers (a student's
    probe of a genetics course).

    >>> paragraph_referent("And it was trained on books.", "The GPT model", ["GPT-1 came first."])
    'The GPT model GPT-1'
    """
    if (GOES_ON.match(text) or names_before(text) or _ITS.match(text)) and text in paragraph:
        before = paragraph[paragraph.index(text) - 1].rstrip(".")
        return first if before == first else f"{first}. {before}"
    if not _PRONOUN_SUBJECT.match(text):
        return first
    names = [word for other in paragraph if other != text for word in _NAME_TOKEN.findall(other)]
    return " ".join([first, *dict.fromkeys(names)])


_LISTED_PARTS = re.compile(r",\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+")
_SPAN = re.compile(r"\b[Ff]rom\s+(?P<start>[A-Za-z].*?)\s+to\s+(?P<end>[A-Za-z].*)")


def subject_fit(weights: Mapping[str, float], subject: str) -> float:
    """How much a unit's subject is what the question asks about, shared among what it lists.

    A heading that names several things is not about each: "In 865 a new kind of force
    landed…", the first sentence under "4. The Great Army, Alfred and the Danelaw",
    answered "what was the danelaw" over the sentence saying what it was (a student's
    probe of a Viking course).

    >>> weights = {"danelaw": 1.0}
    >>> subject_fit(weights, "Danelaw"), subject_fit(weights, "The Army, Alfred and the Danelaw")
    (1.0, 0.3333333333333333)
    >>> subject_fit(weights, "What the Danelaw Is and Why It Matters"), subject_fit(weights, "")
    (1.0, 0.0)
    >>> subject_fit(weights, "From the Danelaw to the Conquest")
    0.5
    """
    if not subject:
        return 0.0
    # A list has a comma: "What Hemostasis Is and Why It Matters" is one subject.
    parts = [p for p in _LISTED_PARTS.split(subject) if p.strip()] if "," in subject else []
    # A span names its two ends: "3. From the Noche Triste to the Fall of Tenochtitlan" is
    # not about La Noche Triste alone, whose timeline row says what happened (an Aztec probe).
    span = _SPAN.search(subject)
    parts = parts or ([span.group("start"), span.group("end")] if span else [])
    named = [p for p in parts if weights.keys() & unit_terms(p)]
    share = len(named) / len(parts) if len(parts) > 1 and named else 1.0
    return term_coverage(weights, subject) * share


OPENING_WORDS = 5
"""The first words of a paragraph that name what it is about ("The adult human brain…")."""


def opening_words(text: str) -> str:
    """The first :data:`OPENING_WORDS` words of ``text``: a paragraph's subject.

    >>> opening_words("The adult human brain weighs roughly 1.3 kg.")
    'The adult human brain weighs'
    """
    return " ".join(text.split()[:OPENING_WORDS])


def longer_form(stem: str, found: Collection[str]) -> bool:
    """Whether ``found`` holds a longer stem beginning with ``stem``, of the same word.

    The stemmer cuts "continent" to "contin" and "continental" to "continent": "…get from
    the continent according to the dna study" was refused over "…roughly three-quarters of
    their ancestry from populations of the continental North Sea coast" (an Anglo-Saxon
    probe). Only for stems of six letters or more: "art" is no part of "artery".

    >>> longer_form("contin", {"continent"}), longer_form("art", {"arteri"})
    (True, False)
    """
    return len(stem) >= LONGER_FORM_MIN and any(f != stem and f.startswith(stem) for f in found)


LONGER_FORM_MIN = 6
