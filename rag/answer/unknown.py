"""What a question names that the material never does: the words and names of a refusal.

"How do generative models help in cooking new recipes?" names "cooking" and "recipes",
which the course never uses; "What does the Inception Score measure?" names a thing no
passage names whole. Pure checks over the question, the retrieved passages and the
collection's term statistics; :mod:`rag.answer.decide` refuses on them.
"""

import itertools
import re
from collections.abc import Sequence

from rag.answer.asked import (
    ASKS_WHO,
    MAKER_VERB,
    OBSERVER_VERB,
    QUESTION_FRAME,
    unit_terms,
)
from rag.answer.comparisons import comparison_sides
from rag.answer.defined import defined_thing, head_of
from rag.answer.names import (
    NOT_NAME_START,
    named_things,
    unheld_case,
    unheld_condition,
    unheld_defined,
    unheld_thing,
    unheld_year,
)
from rag.answer.question_forms import (
    question_names,
    title_case,
)
from rag.answer.wordforms import TYPO_FREE_ZIPF, attested_forms, has_kin
from rag.retrieval.keyword import TermStatistics, tokenize
from rag.retrieval.spelling import slip_variants
from rag.retrieval.synonyms import GROUP_MARK, synonym_group
from rag.text.everyday import english_frequency, everyday

_WORD = re.compile(r"[^\W_][\w’'-]*")


def unused_words(question: str, stats: TermStatistics, limit: int = 4) -> tuple[str, ...]:
    """The question's words that the material never uses, in any form or synonym.

    Shown with a refusal: "How do generative models help in cooking new recipes?" names
    "cooking" and "recipes", which the course never does; "In a nutshell, how does…" shows
    the student that their wording, not the subject, found nothing.

    >>> unused_words("Cooking with GANs?", TermStatistics(10, {"gan": 2}))
    ('Cooking',)
    """
    written = _WORD.findall(question)
    # Two words the notes write as one hyphenated term: "cross modal" of "cross-modal",
    # whose stems differ ("what did swinneys cross modal priming study find" was refused,
    # "the material never uses “modal”": a psycholinguistics probe).
    joined = {
        word
        for pair in itertools.pairwise(written)
        if any(stats.document_frequency.get(t) for t in tokenize("-".join(pair)))
        for word in pair
    }
    words = [word for word in written if word not in joined and not _used(word, stats)]
    return tuple(dict.fromkeys(words))[:limit]


def _used(word: str, stats: TermStatistics) -> bool:
    """Whether the material uses a word of a question in some form or synonym.

    A hyphenated word the material never writes whole is used only when every part of
    it is: a course on diffusion that says "net" once never names the "U-Net", and one
    that says "supervised" and never "resolution" does not teach "super-resolution"
    (one used part made both count as used, and a blind held-out coverage topic on the
    U-Net was judged partial). Numbers in it are a range ("1853-56"), not parts.

    >>> stats = TermStatistics(10, {"net": 1, "learn": 3, "rate": 1, "gpt-4": 2, "1853": 1})
    >>> [_used(w, stats) for w in ("U-Net", "learning-rate", "GPT-4", "1853-56")]
    [False, True, True, True]
    """
    stems = [t for t in tokenize(word) if t not in QUESTION_FRAME]
    if not stems:
        return True
    frequency = stats.document_frequency
    forms = [f for stem in stems for f in attested_forms(stem, stats)]
    # Written whole, in a form of the collection: "al-mutasim" as its "al-mu'tasim".
    whole = any("-" in f and frequency.get(f) for f in forms)
    if "-" in word and not whole:
        parts = [part for part in word.split("-") if part and not part.isdigit()]
        if len(parts) > 1:
            return all(_used(part, stats) for part in parts)
    if any(f.startswith(GROUP_MARK) or frequency.get(f) for f in forms):
        return True
    # Or a word of the material mistyped: "capabilty", "seperate" (:func:`slip_variants`).
    return any(frequency.get(t) for variant in slip_variants(word) for t in tokenize(variant))


def unknown_name(
    question: str, passages: Sequence[str], stats: TermStatistics | None = None
) -> str:
    """The first name of :func:`named_things` whose words no one passage holds all of, or "".

    "What does the Inception Score measure…?" found "Fréchet Inception Distance" and
    "FID score": each passage names half of it, none the thing asked about (blind train
    question). A name written otherwise than the material does ("Claude 3 Opus" for
    "Claude 3 Family: Opus, …") is still found: its words are in one passage.
    """
    # A hyphenated name's parts name it too: "SARS" in notes that write "SARS-CoV".
    held = [unit_terms(text) | set(tokenize(text.replace("-", " "))) for text in passages]
    for name in named_things(question):
        terms = set(tokenize(name))
        if terms and not any(terms <= found for found in held):
            return name
    unheld = (
        unheld_thing(question, held)
        or (unheld_defined(question, held, stats.document_frequency) if stats else "")
        or unheld_year(question, passages, stats.document_frequency if stats else None)
        or unheld_case(question, passages)
        or unheld_condition(question, passages)
    )
    if unheld:
        return unheld
    process = unheld_process(question, passages)
    if process:
        return process
    return _unused_name(question, stats) if stats is not None else ""


_PROCESS_NOUN = re.compile(r"\b(?P<root>[a-z][a-z-]{2,}i)[sz]ations?\b", re.I)
"""A noun naming what a verb in -ize does ("tokenization", "normalisation")."""


def unheld_process(question: str, passages: Sequence[str]) -> str:
    """A process the question names whose verb no passage uses in any form, or "".

    The stemmer reads "tokenization" as "token", so "What is tokenization?" found "It
    was trained on… 3.3 billion tokens" and quoted it (a probe of the bundled notes,
    which never tokenize anything). A passage saying "tokenize", "tokenizer" or
    "tokenization" names the process; one saying only "tokens" does not.

    >>> unheld_process("What is tokenization?", ["Predict the next token."])
    'tokenization'
    >>> unheld_process("What is tokenization?", ["Text is tokenized into subwords."])
    ''
    >>> unheld_process("Why use regularisation?", ["Regularization: dropout"])
    ''
    """
    text = " ".join(passages).lower()
    for match in _PROCESS_NOUN.finditer(question):
        root = match.group("root").lower()
        if f"{root}z" not in text and f"{root}s" not in text:
            return match.group()
    return ""


_NUMERAL = re.compile(r"^(?:[IVXLC]+|[A-Z])$")
"""A single capital or a Roman numeral: a part's number ("Section V"), not a name."""


def _unused_name(question: str, stats: TermStatistics) -> str:
    """A one-word name the question gives that the material never uses in any form, or "".

    "What does the course say about Kling as a text-to-video model?" and "…the images i
    export from Photoshop?" were answered with lines about text-to-video models and
    provenance standards (blind train questions). The question's first word is capitalised
    as a sentence's; a question typed in Title Case names nothing this way.
    """
    if title_case(question):
        return ""
    words = question.split()
    unused = set(unused_words(question, stats, limit=len(words)))
    for name in question_names(" ".join(words[1:])):
        if name in unused and name.lower() not in NOT_NAME_START and not _NUMERAL.match(name):
            return name
    # Whom a who-was question asks about, or whose idea a possessive names, lower case or
    # not: "who was john knox", "who was eleanor of aquitaine" and "what did berkeley's
    # idealism say…" were answered from lines sharing "John", "Aquitaine" or "mind"
    # (reformation, medieval Europe and philosophy of mind probes).
    whom = _WHO_WAS.match(question)
    named = [*_WORD.findall(whom.group("whom") if whom else ""), *_POSSESSIVE.findall(question)]
    for word in named:
        # The word, not its possessive: "today's tools" names no one (a train question).
        if word in unused and not _everyday(re.sub(r"['’]s$", "", word)):
            return whom.group("whom") if whom and word in whom.group("whom") else word[:-2]
    # What a how- or why-question is about, lower case or not: "how does speculative
    # decoding speed up LLM inference" was answered with "Inference: Generate outputs
    # conditioned on prompts" (a probe question the notes never touch).
    # Not an everyday word, which is the student's wording: "how is the front part of the
    # pituitary…", "why do boys get colour blindness…" of notes that say "anterior" and
    # "males" (students' probes).
    # Without the verb a what-did question ends on: "what did the council of nicea decide"
    # asks what it did, of a thing the notes name; it was refused, "the material never uses
    # “decide”" (a world religions probe).
    subject = _ASKED_SUBJECT.match(_without_asked_verb(question))
    asked_of = _WORD.findall(subject.group("of") or "") if subject else []
    # Not the subject of "what did the brits agree to…": the student's word for the British;
    # but a name of two words the notes never use: "what did omar khayyam contribute to
    # mathematics" was answered with al-Khwarizmi's row (an Islamic world probe).
    named = [] if not subject or subject.group("between") == "" else [subject.group("word")]
    # Followed by its verb: not "what did the deputies swear in the tennis court oath".
    if subject and subject.group("between") == "":
        *pair, verb = _WORD.findall(question[subject.start("word") :])[:3] or [""]
        if (
            len(pair) == 2
            and verb.lower() not in _PREPOSITIONS
            and all(w in unused and not _everyday(w) for w in pair)
        ):
            return " ".join(pair)
    # A yes-no question's subject only when no word of the notes shares its root.
    yes_no = bool(subject and subject.group("yes_no"))
    # Nor an English word a why-question sets its case with: "why does pasta take longer to
    # cook up in the mountains?" of notes saying "food takes longer to cook there" (a
    # thermodynamics train question; "pasta" had passed as a typo of "past").
    why = _WHY.match(question) is not None
    for word in [*named, *asked_of]:
        setting = why and english_frequency(word) >= TYPO_FREE_ZIPF
        if (
            word in unused
            and not _everyday(word)
            and not setting
            and not (yes_no and has_kin(word, stats))
        ):
            return word
    # What a what-is question asks to be defined, lower case or not: "what is quorum
    # sensing" was answered with a line on the "(+) sense strand" of mRNA, in notes that
    # never say "quorum" (a student's probe of a microbiology course).
    thing = defined_thing(question)
    # Not what is asked of it: "what are the symptoms of wernicke's aphasia" was refused, "the
    # material never uses “symptoms”", over the table row giving them (a probe).
    if (
        thing
        and len(thing.split()) <= 4
        and any(
            w in unused and not _everyday(w) and w.lower() not in _ASPECTS
            for w in _WORD.findall(thing)
        )
    ):
        return thing
    # Of a longer thing, its head when it is a term of the notes' words and one new one:
    # "What is the therapeutic index of a drug?" was answered with phenytoin's "therapeutic
    # range" (a pharmacokinetics probe; no "index" in the notes). Not the student's own
    # wording after an everyday word: "the main takeaway of the notes".
    *qualifiers, last = _WORD.findall(head_of(thing)) or [""]
    if (
        1 <= len(qualifiers) <= 2
        and last in unused
        and not _everyday(last)
        and all(w not in unused and not _everyday(w) for w in qualifiers)
    ):
        return head_of(thing)
    # What a question asks to treat, cure or prevent: "What drugs are used to treat atrial
    # fibrillation?" was answered with digoxin as an inotrope (a student's probe).
    acted_on = head_of(_acted_on(question))
    if 0 < len(acted_on.split()) <= 4 and any(
        w in unused and not _everyday(w) for w in _WORD.findall(acted_on)
    ):
        return acted_on
    # The thing to define up to its first preposition, when a word the notes never use
    # qualifies it: "What is the normal haemoglobin concentration in adult blood?" asks
    # for a concentration the notes do not give. Not its own last word, which a student
    # may word otherwise ("the main takeaway of the conclusion").
    head = head_of(thing)
    words = _WORD.findall(head)
    qualifiers = [w for w in words[:-1] if w in unused and not _everyday(w)]
    if head != thing and 2 <= len(words) <= 4 and qualifiers:
        return head
    # What a longer thing is of: "what are the three stages of kidney development in the
    # embryo" was answered with the Carnegie stages, in notes that never name the kidney
    # (the app checked on an embryology course).
    of = _OF_PART.search(thing)
    aspect = of is not None and any(w.lower() in _ASPECTS for w in words[-1:])
    part = head_of(of.group("part")) if of and aspect else ""
    if 0 < len(part.split()) <= 3 and any(
        w in unused and not _everyday(w) and not has_kin(w, stats) and w.lower() not in _MATERIAL
        for w in _WORD.findall(part)
    ):
        return part
    # Whom or what the thing is asked of, when the notes never name it: "the normal resting
    # heart rate of a giraffe" was answered with the human "60–80 beats/min" (a helper
    # checking the app). Every word of it unused, and one no everyday word.
    held = _HELD_BY.search(thing) if thing else None
    # Or the place or event a question ends on: "what caused the revolt of the alpujarras",
    # "what happened at the battle of nevilles cross in 1346" were answered with another
    # revolt's causes and Crécy's charges (students' probes of notes that never name them).
    held = held or _ENDS_ON.search(_without_asked_verb(question))
    if held:
        named = _WORD.findall(held.group("whom"))
        if any(w in unused and not _everyday(w) for w in named):
            return held.group("whom")
    # Where or in what the question ends, when no word of the notes shares its root: "who
    # brought the printing press to russia", "the typical offer people make in the dictator
    # game" were answered with "…jobbing printing that brought in steady cash" and the
    # ultimatum game (printing and behavioural economics probes).
    # Not of a why- or how-question, whose setting may be the student's own example: "why
    # does pasta take longer to cook up in the mountains?" of notes that say "2,000 m above
    # sea level" (a check-course question).
    ending = None if _ASKS_MECHANISM.match(question) else _ENDS_IN.search(question)
    if ending and not _IDIOM.search(ending.group()):
        named = _WORD.findall(ending.group("whom"))
        if any(
            w in unused and not _everyday(w) and not has_kin(w, stats) and w not in _MATERIAL
            for w in named
        ):
            return ending.group("whom")
    # Whose work a what-did-they-find question asks about: "what did vernon smiths double
    # auction experiments find" was answered with the timeline row naming Vernon Smith, in
    # notes that never say "auction" (a behavioural economics probe).
    found = _FINDINGS_OF.match(question)
    if found and any(
        w in unused and not _everyday(w) and not has_kin(w, stats)
        for w in _WORD.findall(found.group("whose"))
    ):
        return found.group("whose")
    side = _unused_side(question, unused)
    if side:
        return side
    # A concept the notes never name, whatever the question asks of it: "how does a
    # monopolist use price discrimination to raise profit", "what is the carbonate
    # compensation depth" were answered with monopoly pricing and carbonate lines (check
    # courses' train questions). A noun of a concept's form, not a student's everyday word.
    # Not a property asked of something else ("the time complexity of Hopcroft's
    # algorithm", which the notes give as "O(n log n) time"; a compilers probe).
    concept = next(
        (
            match.group()
            for match in _WORD.finditer(question)
            if match.group() in unused
            and _CONCEPT.match(match.group())
            and not _OF_SOMETHING.match(question, match.end())
        ),
        "",
    )
    if concept:
        return concept
    # What a who-made question asks about, when the notes never use a word of it: "who
    # proved the four colour theorem" was answered with Euclid's parallel postulate (a
    # probe). Not an ordinal, which notes may write in figures ("fourth normal form", 4NF).
    made = _MADE_THING.search(question) if ASKS_WHO.match(question) else None
    words = _WORD.findall(head_of(made.group("thing"))) if made else []
    if 0 < len(words) <= 4 and any(w in unused and not _ORDINAL.match(w) for w in words):
        return head_of(made.group("thing")) if made else ""
    return ""


def _unused_side(question: str, unused: set[str]) -> str:
    """A compared side whose word telling it from the other side the notes never use, or "".

    "what's the difference between a tornado watch and a tornado warning" was answered
    with "Severe rotating storms… can spawn tornadoes" in notes that never say "watch"
    (a check-course question): whatever "tornado" finds, the side is not there. Everyday
    words count, since the word that tells two things apart is what the question is about.

    >>> _unused_side("difference between a tornado watch and a tornado warning?", {"watch"})
    'tornado watch'
    >>> _unused_side("difference between a tornado watch and a tornado warning?", set())
    ''
    """
    sides = comparison_sides(question)
    if sides is None:
        return ""
    words = [[w for w in _WORD.findall(side) if w.lower() not in _ARTICLES] for side in sides]
    for own, other in ((words[0], words[1]), (words[1], words[0])):
        shared = {w.lower() for w in other}
        telling = [w for w in own if w.lower() not in shared]
        # Only a side sharing a word with the other: two qualified kinds of one thing, told
        # apart by one plain word; not a student's description ("the compress-then-rebuild
        # approach" of autoencoders, a train question).
        if len(telling) == 1 < len(own) <= 4 and telling[0] in unused and "-" not in telling[0]:
            return " ".join(own)
    return ""


_WHO_WAS = re.compile(r"^\W*who\s+(?:was|were|is|are)\s+(?P<whom>[^?.,;]+?)\W*$", re.I)
_POSSESSIVE = re.compile(r"\b[a-z][a-z-]{2,}['’]s\b")
_ARTICLES = frozenset(["a", "an", "the"])
_CONCEPT = re.compile(r"[a-z]{4,}(?:tion|sion|ism|ity|ance|ence|ment|ness|ology|graphy)s?$", re.I)
"""A noun of a concept's form: "discrimination", "photorespiration", "compensation"."""
_OF_SOMETHING = re.compile(r"\s+of\b", re.I)


_ORDINAL = re.compile(
    r"^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))$",
    re.I,
)


_ENDS_ON = re.compile(
    r"\b(?:battle|revolt|rebellion|uprising|siege|sack|fall|treaty|peace|edict|council"
    r"|congress|conference|war|massacre|conquest|reign|kingdom|empire|dynasty"
    # What a student asks the features, causes or kinds of: "main features of art nouveau
    # architecture" was answered with the International Style (an architecture probe).
    r"|features|characteristics|causes|effects|consequences|origins|principles|types|kinds)"
    r"\s+(?:of|at)\s+(?:the\s+)?(?P<whom>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2}?)\W*"
    r"(?:in\s+\d{3,4}\W*)?$",
    re.I,
)
"""The place or people an event is named by, or the thing whose features or causes are
asked, ending the question: "the battle of nevilles cross in 1346"."""
_MADE_THING = re.compile(
    rf"(?:{MAKER_VERB.pattern}|{OBSERVER_VERB.pattern})\s+(?:the\s+|an?\s+)?(?P<thing>[^?.!]+?)"
    r"(?:\s+and\b|\s+in\s+\d|[?.!]|$)",
    re.I,
)


_ASPECTS = frozenset({
    "stages", "phases", "steps", "types", "kinds", "functions", "roles", "parts", "features",
    "causes", "effects", "symptoms", "signs", "components", "layers", "structures",
    "mechanisms", "properties", "characteristics", "uses",
    # In the singular too: "what is the life cycle of fasciola hepatica" was answered with
    # "…every life cycle is a solution to it" (a parasitology probe; no Fasciola in the notes).
    "cycle", "stage", "phase", "function", "role", "cause", "effect", "structure",
    "mechanism", "treatment", "origin", "purpose",
})  # fmt: skip
"""What a question asks of a thing, the thing itself after "of": "the three *stages* of…"."""
_MATERIAL = frozenset({"notes", "slides", "readings", "handout", "handouts", "textbook"})
"""What a student calls the course material: "the main takeaway of the notes" asks of them."""
_OF_PART = re.compile(r"\bof\s+(?:the\s+|an?\s+)?(?P<part>.+)", re.I)
_ENDS_IN = re.compile(
    r"\s(?:to|into|from|in|at)\s+(?:the\s+|an?\s+)?(?P<whom>[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\W*$",
    re.I,
)
"""The place or thing a question ends in: "… to russia", "… in the dictator game"."""
_ENDS_ON_VERB = re.compile(
    r"^\W*what\s+(?:did|does|do)\b.*\s(?!(?:of|at|in|on|to|from|the|an?)\s)[\w'’-]+"
    r"\s(?P<verb>[a-z]+)\W*$",
    re.I,
)


def _without_asked_verb(question: str) -> str:
    """A what-did question without the verb it ends on: "what did the council of nicea".

    Not a name after a preposition: "…agree at the council of clermont" ends on the place.

    >>> _without_asked_verb("what did the council of nicea decide?")
    'what did the council of nicea'
    >>> _without_asked_verb("what did they agree at the council of clermont?")
    'what did they agree at the council of clermont?'
    """
    match = _ENDS_ON_VERB.match(question)
    return question[: match.start("verb")].rstrip() if match else question


_FINDINGS_OF = re.compile(
    r"\W*what\s+(?:did|do|does|have|has)\s+(?:the\s+)?(?P<whose>[\w'’-]+(?:\s+[\w'’-]+){0,5}?)"
    r"\s+(?:find|found|show|shown|discover|discovered|prove|proved|demonstrate|reveal|conclude)\b",
    re.I,
)
"""Whose study a question asks the findings of: "what did *vernon smiths double auction
experiments* find"."""
_ASKS_MECHANISM = re.compile(r"\W*(?:why|how)\b", re.I)
_IDIOM = re.compile(r"\bto\s+finish\b|\bterms\W*$|\bwords\W*$", re.I)
"""Endings that are the student's phrasing: "from start to finish", "in math terms"."""
_HELD_BY = re.compile(r"\s(?:of|for|in)\s+an?\s+(?P<whom>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\W*$")
"""Of what kind of being a thing is asked ("… of a giraffe"); not "… of the notes"."""

_ACTED_ON = re.compile(
    r"\b(?:treat|treats|treated|cure|cures|cured|prevent|prevents|prevented|diagnose"
    r"|diagnosed)\s+(?:an?\s+|the\s+)?(?P<thing>[\w\s-]+?)\s*[?.!]*$",
    re.I,
)


def _everyday(word: str) -> bool:
    """A word of everyday talk ("big" in "the big change", "front"), not a term of the notes."""
    stems = tokenize(word)
    return not stems or synonym_group(stems[0]) is not None or everyday(word)


def _acted_on(question: str) -> str:
    """What a question asks to treat, cure, prevent or diagnose, at its end."""
    match = _ACTED_ON.search(question)
    return match.group("thing") if match else ""


_PREPOSITIONS = frozenset(
    ("in", "at", "on", "to", "for", "with", "from", "of", "by", "about", "during", "into")
)
_WHY = re.compile(r"^\W*why\b", re.I)
_ASKED_SUBJECT = re.compile(
    r"^\W*(?:(?:how|why|when|where)\s+(?:does|do|did|is|are|was|were|can|could|would)"
    r"|what\s+(?:gives|gave|causes|caused|makes|made|determines|controls|drives|drove|killed|kills)"
    r"|(?:what|which)(?P<between>(?:\s+[a-z]+){0,2}?)\s+(?:does|do|did)"
    r"|(?:(?:can|could|would)\s+you\s+)?(?:explain|describe)"
    r"|(?P<yes_no>does|do|did|is|are|was|were|can|could|will|would|should))\s+"
    r"(?:(?:the|a|an|this|that)\s+)?(?P<word>[\w-]+)\b"
    r"(?:\s+of\s+(?:the\s+)?(?P<of>[\w-]+(?:\s+[\w-]+)?))?",
    re.I,
)
"""The first word of what a how- or why-question asks about ("how does *speculative* …"),
or of the subject a what-question asks something of ("What hormones does the *thymus*
gland produce?", of endocrinology notes that never name it: a student's probe), or of what
a student asks to be explained ("can you explain the *bully* algorithm…", distributed
systems notes that never name it), with the words of what it is "of": "what does the index
of *biotic* integrity measure in streams" was answered "Limnology is the study of inland
waters…" (a limnology probe). Or what a yes-no question asks about: "does *caffeine* improve
endurance performance" was answered with a line on the lactate threshold, in notes that
never name caffeine (an exercise physiology probe). Or of a when- or where-question ("when
was *kodachrome* colour film introduced"), or of what gives, causes or kills something
("what gives *emerald* its green colour": photography and mineralogy probes)."""
