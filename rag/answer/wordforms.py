"""The collection's forms of a question word: what a student writes, as the course writes it.

Pure: the caller passes the term statistics of the indexed collection. The stemmer
keeps "rhythm"/"rhythmic" apart and a hyphenated word whole; a student writes "80s" for
the course's "1980s" and "downsides" for its "Risks:". Each question word is weighed in
the form the collection uses (:func:`attested_forms`), so the evidence scorer
(:mod:`rag.answer.evidence`) finds it where the course says it.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Mapping

from rag.retrieval.keyword import TermStatistics, tokenize, without_accents
from rag.retrieval.spelling import corrected_among, corrected_spelling
from rag.retrieval.synonyms import group_members, grouped_words, synonym_group
from rag.retrieval.verbforms import verb_forms
from rag.text.everyday import english_frequency, everyday

_DECADE = re.compile(r"^\d0s$")


def attested_forms(term: str, stats: TermStatistics) -> list[str]:
    """The collection's forms of a question term (:func:`attested_variant`).

    More cases the stemmer does not cover: a hyphenated word the collection never
    uses is weighed as its parts ("open-weight" → "open", "weight"), a decade
    written short as the full one it uses ("80s" → "1980s"), a word with no form
    in the collection as its synonym group when the collection uses a member
    ("downsides" → risks, drawbacks…: :mod:`rag.retrieval.synonyms`), and else as the
    word it misspells (:func:`corrected_spelling`: "difusion" → "diffusion"). A chat
    abbreviation the collection never uses is read written out ("msg" → "message"), a
    word typed without its accents as the collection writes it ("ito" → "itō"), a people's
    adjective as its place ("irish" → "Ireland"), a British spelling or a noun of a verb as
    the verb ("oxidising" → "oxidation", "argument" → "argued").
    """
    if stats.document_frequency.get(term, 0) > 0:
        return [term]
    accented = _vocabulary(stats.document_frequency)[2].get(term)
    if accented:
        # "who assasinated ito hirobumi" of notes that write "Itō" (a blind train question).
        return [accented]
    place = PLACES_OF_PEOPLE.get(term)
    if place and stats.document_frequency.get(place, 0) > 0:
        # "how many people died in the irish potato famine" of notes that say "Ireland"
        # (a plant pathology probe was refused: "the material never uses “irish”").
        return [place]
    if term in CHAT_ABBREVIATIONS:
        (written_out,) = tokenize(CHAT_ABBREVIATIONS[term])
        variant = attested_variant(written_out, stats)
        if stats.document_frequency.get(variant, 0) > 0:
            return [variant]
    if _DECADE.match(term):
        for century in ("19", "20"):
            if stats.document_frequency.get(century + term, 0) > 0:
                return [century + term]
    if "-" in term:
        parts = [p for p in tokenize(term.replace("-", " ")) if p]
        if len(parts) > 1:
            return [attested_variant(p, stats) for p in parts]
    variant = attested_variant(term, stats)
    if stats.document_frequency.get(variant, 0) == 0:
        # An irregular verb the collection writes in another form: "sending" of notes that
        # say "sent" (a Greek history probe).
        used = [form for form in verb_forms([term]) if stats.document_frequency.get(form, 0)]
        if used:
            return used[:1]
        group = _used_group(term, stats)
        # Not an English word, which is no typo of the notes' one: "how did whales evolve
        # from land mammals" was read as "Wales" and answered with Morganucodon "of Wales
        # and China" (a history-of-life probe of notes that never mention whales).
        english = english_frequency(term) >= TYPO_FREE_ZIPF
        corrected = "" if group or english else corrected_spelling(term, stats.document_frequency)
        if not group and not corrected:
            # The group of the word it misspells: "invasian" of notes that say "conquest".
            word = corrected_among(term, grouped_words())
            group = _used_group(tokenize(word)[0], stats) if word else ""
        return [group or corrected or variant]
    return [variant]


TYPO_FREE_ZIPF = 3.0
"""How common in English a stem must be to be read as the word typed, not a typo of the
notes' word (as :data:`rag.answer.reading.ENGLISH_WORD_ZIPF`)."""


def _used_group(stem: str, stats: TermStatistics) -> str:
    """The synonym group term of ``stem`` when the collection uses a member, else ""."""
    group = synonym_group(stem)
    if group and any(stats.document_frequency.get(m) for m in group_members(group)):
        return group
    return ""


CHAT_ABBREVIATIONS: dict[str, str] = {
    "msg": "message", "ack": "acknowledgement", "govt": "government", "gov": "government",
    "ppl": "people", "diff": "difference", "carb": "carbohydrate", "vit": "vitamin",
    "info": "information", "approx": "approximately", "eqn": "equation",
    "algo": "algorithm", "db": "database", "repo": "repository", "req": "request",
    "async": "asynchronous", "perf": "performance", "freq": "frequency",
    "avg": "average", "temp": "temperature", "dept": "department", "mgmt": "management",
    "intl": "international", "env": "environment", "config": "configuration",
    "impl": "implementation", "auth": "authentication", "econ": "economy",
    "psych": "psychology", "bio": "biology", "chem": "chemistry", "yr": "year",
    "hr": "hour", "msgs": "messages", "yrs": "years", "hrs": "hours", "dbs": "databases",
    # "…the Carthaginian army by the 3rd century BC?" of notes that write "third century"
    # (a Carthage probe was refused, "the material never uses “3rd”").
    "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth",
    "6th": "sixth", "7th": "seventh", "8th": "eighth", "9th": "ninth", "10th": "tenth",
    "11th": "eleventh", "12th": "twelfth", "13th": "thirteenth", "14th": "fourteenth",
    "15th": "fifteenth", "16th": "sixteenth", "17th": "seventeenth", "18th": "eighteenth",
    "19th": "nineteenth", "20th": "twentieth", "21st": "twenty-first",
}  # fmt: skip
"""Stems of shorthand a student types in a chat → the word written out.

"when a process receives a msg with lamport timestamp t…" was refused for "msg" (a
blind train question of the distributed-systems course). Used only for a shorthand the
collection never writes: a networking course's "ACK" keeps its own meaning."""

_PEOPLE_AND_PLACES = """
    irish:ireland english:england scottish:scotland welsh:wales british:britain
    french:france dutch:netherlands spanish:spain portuguese:portugal danish:denmark
    swedish:sweden norwegian:norway finnish:finland polish:poland turkish:turkey
    greek:greece swiss:switzerland chinese:china japanese:japan vietnamese:vietnam
    burmese:burma lebanese:lebanon sudanese:sudan congolese:congo
"""
PLACES_OF_PEOPLE: dict[str, str] = {
    tokenize(people)[0]: tokenize(place)[0]
    for people, place in (pair.split(":") for pair in _PEOPLE_AND_PLACES.split())
}
"""Stems of a people's adjective whose place the stemmer cannot find by a shared root →
the place's stem ("irish" → "ireland"). Adjectives built on the place's own name
("ukrainian", "german") are read by :func:`rag.answer.asked.people_of_places`."""

VARIANT_MIN_LETTERS = 5
ANOTHER_WORD_LETTERS = 3
"""The shortest rest of a longer term that makes it a compound, not a form ("frame|work")."""
_vocabularies: dict[
    int, tuple[Mapping[str, int], list[str], dict[str, list[str]], dict[str, str]]
] = {}


def attested_variant(term: str, stats: TermStatistics) -> str:
    """``term``, or the most frequent stem of the collection that is a form of it.

    The stemmer keeps "rhythm"/"rhythmic" and "harmoni"/"harmon" apart, and a
    hyphenated word ("beginner-level") whole: "the rhythm and harmony of music" found
    none of its rarest words in "learn rhythmic, harmonic … structures", and weighed
    them as words the material never uses. One stem extending the other (both at
    least :data:`VARIANT_MIN_LETTERS` letters, or a part of a hyphenated word)
    counts as the same word, a longer form first; only for terms with no document of
    their own, so an exact word is never traded for a neighbour.
    """
    frequency = stats.document_frequency
    if frequency.get(term, 0) > 0:
        return term
    terms, parts, _ = _vocabulary(frequency)
    if len(term) < VARIANT_MIN_LETTERS:
        # Too short to guess a form of, but a whole part of a hyphenated name: "SARS" of
        # notes that only write "SARS-CoV" (a probe question refused "no passage names SARS").
        named = parts.get(term, [])
        return max(named, key=lambda t: (frequency[t], t)) if named else term
    index = bisect.bisect_left(terms, term)
    longer = list(parts.get(term, []))
    while index < len(terms) and terms[index].startswith(term):
        # A word made of the term and another word is another word: "frame" is no form
        # of "framework" ("What frame rate does Make-A-Video generate at?", a blind
        # train question the material does not answer).
        rest = terms[index][len(term) :]
        # Not a one- or two-letter rest: "et" (of "et al.") is a term, and "params"
        # was weighed as "parameter-efficient", not as "parameters" (a probe question).
        if len(rest) < ANOTHER_WORD_LETTERS or frequency.get(rest, 0) == 0:
            longer.append(terms[index])
        index += 1
    # A person is not the act: "instructor" is no form of "instruct(ion)" ("Who is the
    # instructor of this course?" was answered with "instruction tuning"). Short roots
    # of person-nouns ("lawyer" -> "law") are :func:`_agent_roots`.
    person = term.endswith(_PERSON_SUFFIXES)
    shorter = [] if person else [
        term[:n] for n in range(VARIANT_MIN_LETTERS, len(term)) if frequency.get(term[:n])
    ]  # fmt: skip
    shorter += [root for root in _agent_roots(term) if frequency.get(root)]
    shorter += [sibling for sibling in _doctrine_siblings(term) if frequency.get(sibling)]
    shorter += [root for root in _verb_roots(term) if frequency.get(root)]
    # A form of the word before a hyphenated compound that holds it ("parameters" for
    # "params", not "parameter-efficient").
    variants = [(True, "-" not in t, frequency[t], t) for t in longer] + [
        (False, True, frequency[t], t) for t in shorter
    ]
    return max(variants)[3] if variants else term


_AGENT_SUFFIXES = ("yer", "er", "ist")
_PERSON_SUFFIXES = ("or", "er", "ist")
AGENT_ROOT_MIN_LETTERS = 3


def _agent_roots(term: str) -> list[str]:
    """The short word a person-noun is made of: "lawyer" → "law", "artist" → "art".

    The stemmer leaves these whole when the root is short, and a root under
    :data:`VARIANT_MIN_LETTERS` is no prefix variant: "What can generative AI do for
    lawyers…" missed the table row "Law & Business: Document drafting…".
    """
    return [
        term[: -len(suffix)]
        for suffix in _AGENT_SUFFIXES
        if term.endswith(suffix) and len(term) - len(suffix) >= AGENT_ROOT_MIN_LETTERS
    ]


def _verb_roots(term: str) -> list[str]:
    """The stem of the verb a British -ise spelling or a -ment noun is made of.

    The stemmer reads "oxidising" as "oxidis" and "oxidation" as "oxid", and "argument" as
    "argument" but "argued" as "argu": "how many ATP do you get from fully oxidising one
    glucose" and "how did drescher's econocide argument differ…" were refused, "the
    material never uses “oxidising”", "“argument”" (students' probes of exercise physiology
    and Atlantic slave trade notes that say "oxidation" and "argued").

    >>> _verb_roots("oxidis"), _verb_roots("argument"), _verb_roots("moment")
    (['oxid'], ['argu'], [])
    """
    roots = []
    if term.endswith("is") and len(term) > AGENT_ROOT_MIN_LETTERS + 2:
        roots += tokenize(f"{term[:-2]}ize")
    if term.endswith("ment") and len(term) - len("ment") >= AGENT_ROOT_MIN_LETTERS + 1:
        roots += tokenize(term.removesuffix("ment"))
    return [root for root in roots if root != term]


KIN_LETTERS = 4
"""Letters a stem shares with a term of the collection to be of its family ("lact")."""


def has_kin(word: str, stats: TermStatistics) -> bool:
    """Whether the collection uses a term opening as ``word``'s stem does, a form or a kin.

    "is lactic acid the cause of fatigue" asks of notes saying "lactate was blamed for
    fatigue": the word is no form of theirs, but no sign of a subject they never touch,
    as "caffeine" is in notes that never name it (exercise physiology probes).

    >>> stats = TermStatistics(3, {"lactat": 2, "fatigu": 1})
    >>> has_kin("lactic", stats), has_kin("caffeine", stats)
    (True, False)
    """
    stems = tokenize(word)
    if not stems or len(stems[0]) < KIN_LETTERS:
        return True
    prefix = stems[0][:KIN_LETTERS]
    terms = _vocabulary(stats.document_frequency)[0]
    index = bisect.bisect_left(terms, prefix)
    return index < len(terms) and terms[index].startswith(prefix)


def _doctrine_siblings(term: str) -> list[str]:
    """The doctrine of an adherent and back: "chartist" → "chartism", "socialism" → "socialist".

    The stemmer keeps them apart, and notes on a movement name it more often than its
    members: "what were the chartists asking for?" weighed "chartists" as a word the
    history notes never use, next to "**Chartism** … The People's Charter (1838)
    demanded:" (a blind train question of eval/check_courses/history_questions.jsonl).
    """
    for suffix, other in (("ist", "ism"), ("ism", "ist")):
        if term.endswith(suffix) and len(term) - len(suffix) >= AGENT_ROOT_MIN_LETTERS:
            return [term[: -len(suffix)] + other]
    return []


def _vocabulary(
    frequency: Mapping[str, int],
) -> tuple[list[str], dict[str, list[str]], dict[str, str]]:
    """The collection's terms sorted, hyphenated ones by part, marked ones plain.

    The sorted terms serve prefix look-ups. Built once per index: scanning a large
    vocabulary for every unknown word took half a second a question at 200,000 terms.
    """
    cached = _vocabularies.get(id(frequency))
    if cached is None or cached[0] is not frequency:
        terms = sorted(t for t, df in frequency.items() if df > 0 and len(t) >= VARIANT_MIN_LETTERS)
        parts: dict[str, list[str]] = {}
        for hyphenated in (t for t in terms if "-" in t):
            for part in set(tokenize(hyphenated.replace("-", " "))):
                parts.setdefault(part, []).append(hyphenated)
        accented: dict[str, str] = {}
        for term, df in frequency.items():
            # "g₁" as "g1" too: the compatibility form a student types (G₁ checkpoint). And
            # without a transliteration's apostrophe: "al-mutasim", "quran" for the notes'
            # "al-Mu'tasim", "Qur'an" ("why did al-mutasim build samarra" was refused, "the
            # material never uses “al-mutasim”": a medieval Islamic world probe).
            folded = without_accents(unicodedata.normalize("NFKC", term)).replace("'", "")
            plain = folded if df > 0 else term
            if plain != term and df > frequency.get(accented.get(plain, ""), 0):
                accented[plain] = term  # the most frequent of those that fold alike
        _vocabularies.clear()  # one index at a time
        cached = _vocabularies[id(frequency)] = (frequency, terms, parts, accented)
    return cached[1], cached[2], cached[3]


_RAW_WORD = re.compile(r"[^\W_]+")
"""A word as written, stopwords kept: "text to speech" -> text, to, speech."""


def attested_compounds(question: str, stats: TermStatistics) -> list[str]:
    """Hyphenated terms of the collection that the question writes as separate words.

    "Give me examples of text to speech models" asks about the "Text-to-Speech (TTS)"
    section, whose compound the index keeps whole (a blind train question).

    >>> attested_compounds("speed of sound in sea water", TermStatistics(9, {"seawat": 1}))
    ['seawat']
    """
    words = _RAW_WORD.findall(question.lower())
    frequency = stats.document_frequency
    found = []
    for first, second in itertools.pairwise(words):
        # Or a closed compound English writes as one word: "whats the speed of sound in sea
        # water" is the row "Seawater | about 1520", not "Fresh water, 20 °C | 1482" (an
        # acoustics probe). Not a course's own coinage: "gen ai" is no "GenAI" in notes that
        # mostly say "generative AI" (two train answers lost their line).
        joined = tokenize(first + second)
        if len(joined) == 1 and tokenize(first) and tokenize(second) and frequency.get(joined[0]):
            found += joined if english_frequency(first + second) >= CLOSED_COMPOUND_ZIPF else []
    for size in (3, 2):
        for i in range(len(words) - size + 1):
            term = tokenize("-".join(words[i : i + size]))
            if len(term) != 1 or "-" not in term[0] or not frequency.get(term[0], 0):
                continue
            # Not a spelling the notes seldom use: "Viking-Age populations", once, in notes
            # that write "Viking Age" in every chunk, made the compound the question's
            # rarest word, which no unit saying "the Viking Age" held (a Viking probe).
            parts = [frequency.get(p, 0) for p in tokenize(" ".join(words[i : i + size]))]
            if frequency[term[0]] * COMPOUND_SHARE >= min(parts, default=0):
                found.append(term[0])
    return found


CLOSED_COMPOUND_ZIPF = 2.0
"""How common in English two words written as one must be to read as one ("seawater", 3.1)."""
COMPOUND_SHARE = 10
"""A hyphenated compound is the question's term when the notes write it at least a tenth
as often as its rarest part ("viking-age" in 1 chunk of the 20 saying "age" is not)."""


def attested_acronyms(question: str, stats: TermStatistics) -> list[str]:
    """The collection's acronyms of names the question writes out in words.

    "formula for average memory access time" quoted CPI's worked example: the line that
    answers, "AMAT = Hit time + Miss rate × Miss penalty", names it only by its initials (a
    computer architecture probe). A run of three or more words the stemmer keeps, whose
    initials the collection uses as a word of no everyday English.

    >>> attested_acronyms("formula for average memory access time", TermStatistics(9, {"amat": 2}))
    ['amat']
    >>> attested_acronyms("what is the time of day", TermStatistics(9, {"tod": 2}))
    []
    """
    found: list[str] = []
    run: list[str] = []
    for word in [*_RAW_WORD.findall(question.lower()), ""]:
        if word and tokenize(word):
            run.append(word)  # the words the stemmer keeps, in a row
            continue
        initials = "".join(w[0] for w in run)
        used = stats.document_frequency.get(initials, 0)
        if len(run) >= ACRONYM_WORDS and used and not everyday(initials):
            found.append(initials)
        run = []
    return found


ACRONYM_WORDS = 3
"""The fewest words whose initials are read as an acronym ("memory access" is no "MA")."""
