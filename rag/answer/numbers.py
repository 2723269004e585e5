"""What a text states as a number or a date: the quantities a how-many question needs.

Pure text rules. "22 August — the Battle of Bosworth" dates a battle and counts nothing;
"GPT-4" names a model; "about 6 million" is a count. The abstention decision
(:mod:`rag.answer.decide`) and the support check (:mod:`rag.answer.support`) read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rag.retrieval.keyword import HYPHENS, tokenize

_STANDALONE_NUMBER = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)*(?!\w)(?!-\d)")
"""A number of its own: not in a name ("GPT-4"), nor a range's start; "12-layer" is one."""


_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
_DECADE_IN_TEXT = re.compile(r"(?<![\w-])(?:1[5-9]|20)\d0s(?![\w-])")
_CALENDAR = re.compile(
    r"\b(?:January|February|March|April|June|July|August|September|October|November"
    r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\bMay\s+\d|\d\s+May\b"
)
"""A day or month: "Friday 14 March" answers "When is the lab report due?"."""
_MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATED_NUMBER = re.compile(
    rf"\b(\d{{1,2}})\s+{_MONTH}(?:\s+(\d{{3,4}}))?\b|\b{_MONTH}"
    r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b,?)?(?:\s+(\d{3,4})\b)?"
)
_TIME_SPAN = re.compile(
    r"(?<![\w.-])\d[\d,.]*\s*(?:(?:thousand|million|billion)\s+)?"
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|centur(?:y|ies))\b",
    re.I,
)


_DAY_OF = re.compile(
    r"\b(?:days?|weeks?|months?)\s+\d{1,3}\b|\b(?:first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+(?:day|week|month)\b",
    re.I,
)
"""A time counted in a course of development: "closes at about day 25", "in the fourth
week". "when does the cranial neuropore close" was refused: no year, no month (an
embryology probe)."""


_MEDIEVAL_YEAR = re.compile(
    r"\b(?i:in|c\.|ca\.|circa|around|about|by|from|until|till|after|before|since|of)\s+"
    r"(?:[1-9]\d{2}|1[0-4]\d\d)\b(?!\s*(?:%|per\b|km|m\b|kg|men|people|ships|soldiers))"
    r"|\b\d{1,4}\s*(?:AD|CE|BC|BCE)\b|\b(?:AD|CE)\s+\d{1,4}\b"
    # A timeline's row or line: "1085: Alfonso VI takes Toledo." (an al-Andalus probe);
    # the years a name is given: "Hagia Sophia (532–537)" (an architecture probe).
    # Or "622 — The Hijra, emigration to Yathrib…" (a world religions probe).
    r"|^(?:[1-9]\d{2}|1[0-4]\d\d)(?:[–-]\d{2,4})?(?::|\s+[—–])\s|\((?:[1-9]\d{2}|1[0-4]\d\d)[–-]\d{2,4}\)"
)
"""A year before 1500, which a count could also be: after a word that dates ("in 793",
"around 750", "c. 965"), or with its era. "When is the Viking Age supposed to start and
end?" was refused: "…it begins with the raid on … Lindisfarne in 793 and ends with the
death of … Harald Hardrada at Stamford Bridge in 1066" stated no year (a Viking probe), nor
"In 664 he called a synod at Whitby…" (an Anglo-Saxon probe)."""


def states_date(text: str) -> bool:
    """True when ``text`` states a year, decade, month or day ("in 2022", "1980s", "Friday").

    A time counted from an event dates it too: "about 380,000 years: … the universe
    becomes transparent" answers "When did the universe become transparent…?".

    >>> states_date("It ends with his death in 1066."), states_date("around 750, when")
    (True, True)
    >>> states_date("about 900 men landed"), states_date("8,000 soldiers")
    (False, False)
    >>> states_date("closes at about day 25"), states_date("in the fourth week")
    (True, True)
    """
    return (
        any(_YEAR.match(n) for n in own_numbers(text))
        or bool(_MEDIEVAL_YEAR.search(text))
        or bool(_DECADE_IN_TEXT.search(text))
        or bool(_CALENDAR.search(text))
        or bool(_TIME_SPAN.search(text))
        or bool(_DAY_OF.search(text))
    )


def states_number(text: str) -> bool:
    """True when ``text`` states a number of its own, not a year (nor the 4 of "GPT-4").

    "How fast does the AV node conduct…?" led with "Sunao Tawara described the AV node in
    1906…" over "…conducts very slowly (about 0.05 m/s)" (a student's probe).
    """
    return bool(quantities(text))


def quantities(text: str) -> set[str]:
    """The numbers ``text`` states that are not dates: what "How long…", "How many…" need.

    "how long of a video can sora make" found "Sora: … (OpenAI, 2025)": a date, no length;
    "How many men were killed at Bosworth?" the day of "22 August — the Battle of Bosworth".
    """
    dated = {n for m in _DATED_NUMBER.finditer(text) for n in m.groups() if n}
    return {n for n in own_numbers(text) if not _YEAR.match(n)} - dated


_ASKS_DOSE = re.compile(r"\b(?:doses?|dosage)\b", re.I)
_DOSE = re.compile(
    r"\d(?:[\d.,]*\d)?\s?(?:mg|µg|μg|mcg|ng|g|IU|units?|mL|ml|micrograms?|milligrams?|grams?)"
    r"(?![\w-])"
)
_ASKS_MASS = re.compile(r"\bhow\s+heavy\b|\bweigh(?:s|ed)?\b", re.I)
_MASS = re.compile(
    r"\d\s?(?:kg|g|t|lbs?|mg)\b|\b(?:kilo)?grams?\b|\b(?:tonnes?|tons?|pounds?|kilos?)\b", re.I
)


def asks_mass(question: str) -> bool:
    """Whether a question asks how heavy something is.

    "…how heavy was it" of Sputnik 1 was answered with "…on 3 November 1957, Sputnik 2
    carried the dog Laika…" (a number, but no mass), not "…a polished aluminium sphere
    58 cm across, with a mass of 83.6 kg" (a spaceflight probe).

    >>> asks_mass("how heavy was it"), asks_mass("what did it weigh"), asks_mass("how big")
    (True, True, False)
    """
    return bool(_ASKS_MASS.search(question))


def states_mass(text: str) -> bool:
    """Whether ``text`` gives a mass: "with a mass of 83.6 kg", "about 3 tonnes".

    >>> states_mass("a sphere with a mass of 83.6 kg"), states_mass("on 3 November 1957")
    (True, False)
    """
    return bool(_MASS.search(text))


def asks_share(question: str) -> bool:
    """Whether a question asks what share of something: "what percentage of babies…".

    "what percentage of babies are securely attached in the strange situation" led with
    "In eight short episodes a 12-18-month-old meets a playroom…" over the row "Secure
    (B) — Approx. share: 60%" (a developmental psychology probe).

    >>> asks_share("what percentage of babies are secure"), asks_share("what share of votes")
    (True, True)
    """
    return bool(_ASKS_SHARE.search(question))


def states_share(text: str) -> bool:
    """Whether ``text`` gives a share: "60%", "about a third", "a fraction V/C".

    >>> states_share("Approx. share: 60%"), states_share("a 12-18-month-old meets a stranger")
    (True, False)
    """
    return bool(_SHARE.search(text))


_ASKS_SHARE = re.compile(
    r"\bwhat\s+(?:percent(?:age)?|proportion|share|fraction)\s+of\b|\bhow\s+many\s+percent\b",
    re.I,
)
_SHARE_AMOUNT = (
    r"\d\s?%|\bper\s?cent\b|\b(?:a|one|two)[\s-](?:half|third|thirds|quarter|quarters|fifth)\b"
    r"|\bthree[\s-]quarters\b|\bhalf\b|\bmajority\b"
)
_SHARE = re.compile(rf"{_SHARE_AMOUNT}|\b(?:fraction|proportion|share)\b", re.I)
_STATED_SHARE = re.compile(_SHARE_AMOUNT, re.I)


def states_share_amount(text: str) -> bool:
    """Whether ``text`` says how large a share is, in figures or words ("about one third").

    What a share question needs: "roughly what share of the population was catholic
    around 1650" was refused though the row "Catholics: about one third…" answers it (a
    Dutch Golden Age probe): "one third" is no number :func:`quantities` reads. The word
    "share" alone states none.

    >>> states_share_amount("Catholics: about one third"), states_share_amount("its share")
    (True, False)
    """
    return bool(_STATED_SHARE.search(text))


def asks_duration(question: str) -> bool:
    """Whether a question asks how long something went on: "how long did the boycott last".

    "how long did the montgomery bus boycot last" led with "Montgomery's buses required
    Black passengers, about three-quarters of all riders, to sit in the rear…" (a number)
    over "After 381 days, Montgomery's buses were integrated." (a civil rights probe).
    Not "how long is the nile", a length.

    >>> asks_duration("how long did the boycott last"), asks_duration("how long is the nile")
    (True, False)
    """
    return bool(_ASKS_DURATION.search(question))


def states_duration(text: str) -> bool:
    """Whether ``text`` gives a time span: "After 381 days", "for two years".

    Not dates, which a line may give of something else: "how long did mummification take"
    led with "Instructor's notes for weeks 10–14: Egyptian religion… mummification…" over
    "The process, which took about 70 days in total…" (an Egypt probe). A line stating
    none leaves the order as it was.

    >>> states_duration("After 381 days, the buses"), states_duration("three-quarters of riders")
    (True, False)
    """
    return bool(_TIME_SPAN.search(text) or _SPAN_IN_WORDS.search(text))


_ASKS_DURATION = re.compile(
    r"\bhow\s+long\s+(?:did|does|do|will|would|can|could|has|have|had)\b"
    r"(?=[^?.;]*\b(?:last|lasted|take|took|go\s+on|went\s+on|run|ran|stay|stayed|remain"
    r"|remained|survive|survived|reign|reigned|rule|ruled)\b)",
    re.I,
)
_SPAN_IN_WORDS = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|few|many)"
    r"(?:\s+(?:and\s+a\s+half|more|full))?\s+(?:years?|months?|weeks?|days?|hours?|minutes?"
    r"|decades?|centur(?:y|ies))\b",
    re.I,
)


_ASKS_TEMPERATURE = re.compile(r"\b(?:temperature|how\s+(?:hot|cold|warm))\b", re.I)
_TEMPERATURE = re.compile(
    r"°\s?[CFK]\b|[℃℉]|\d\s?K\b|\bkelvins?\b|\bdegrees?\s+(?:Celsius|Fahrenheit|centigrade|C|F)\b",
)
_HEAT_WORD = re.compile(
    r"\b(?:temperatures?|hot(?:ter|test)?|cold(?:er|est)?|warm|heat(?:ed)?)\b", re.I
)
_DEGREES = re.compile(r"°|\bdegrees?\b", re.I)


def asks_temperature(question: str) -> bool:
    """Whether a question asks for a temperature: "what temperature…", "how hot…".

    Not one that only names it ("why does temperature rise…").

    >>> asks_temperature("what temperature is each one done at"), asks_temperature("why is it hot")
    (True, False)
    """
    return bool(_ASKS_FOR_TEMPERATURE.search(question))


_ASKS_FOR_TEMPERATURE = re.compile(
    r"\b(?:what|which)\s+temperatures?\b|\bhow\s+(?:hot|cold|warm)\b", re.I
)


def states_temperature(text: str) -> bool:
    """Whether ``text`` gives a temperature: in °C, °F, kelvins, or degrees beside heat.

    An angle is in degrees too: "no direct P arrives between about 104° and 140°"
    answered the inner core's temperature (a seismology probe).

    >>> states_temperature("about 5,400 °C"), states_temperature("a temperature of 90 degrees")
    (True, True)
    >>> states_temperature("between about 104° and 140° from the epicentre")
    False
    """
    return bool(_TEMPERATURE.search(text)) or bool(
        _DEGREES.search(text) and _HEAT_WORD.search(text)
    )


MONEY_VERBS = r"costs?|paid|pay|pays|spend|spent|earn(?:s|ed)?|charge[ds]?|money"
"""What a "how much" question asks a sum of money with."""
_ASKS_MONEY = re.compile(
    rf"\bhow much\b[^?.;]*\b(?:{MONEY_VERBS})\b|\b(?:cost|price)\b(?!\s+function)", re.I
)
_MONEY = re.compile(
    r"[$£€¥₹]|\b(?:dollars?|pounds?|francs?|marks?|rupees?|crores?|lakhs?|ducats?|florins?"
    r"|livres?|shillings?|pence|guilders?|euros?|yen|yuan|dinars?|dirhams?|taels?|denarii"
    r"|sesterces|talents?|drachmas?|reichsmarks?|roubles?|rubles?|pesos?|reals?|USD|GBP|EUR)\b"
    r"|\b(?:costs?|price[ds]?|spent|paid|budget|expense|expenditure)\b",
    re.I,
)


_UNIT_SYMBOLS = {
    "volt": "V", "joule": "J", "watt": "W", "metre": "m", "meter": "m", "gram": "g",
    "litre": "L", "liter": "L", "hertz": "Hz", "pascal": "Pa", "newton": "N",
    "calorie": "cal", "kelvin": "K",
}  # fmt: skip
_PREFIXES = {"milli": "m", "micro": "µ", "nano": "n", "kilo": "k", "mega": "M", "giga": "G",
             "centi": "c"}  # fmt: skip
_ABBREVIATED = {
    "mv": "volt", "kj": "joule", "kw": "watt", "km": "metre", "kg": "gram", "mm": "metre",
    "nm": "metre", "hz": "hertz", "kpa": "pascal", "mpa": "pascal", "kcal": "calorie",
    "atm": "pascal",
}  # fmt: skip
UNIT_NAMES = (
    rf"(?:(?:{'|'.join(_PREFIXES)})?(?:{'|'.join(_UNIT_SYMBOLS)})s?|{'|'.join(_ABBREVIATED)})"
)
"""A unit a question asks its value in: "the resting membrane potential in millivolts",
"how many kJ to melt 1 kg" (check-course questions whose notes give no such value)."""
_ASKS_IN_UNIT = re.compile(rf"\b(?:in|how many)\s+({UNIT_NAMES})\b", re.I)


@lru_cache(maxsize=64)
def _unit_stated(unit: str) -> re.Pattern[str]:
    """A value in the quantity ``unit`` measures: its word, or a number and any prefixed symbol.

    >>> bool(_unit_stated("millivolts").search("about −70 mV at rest"))
    True
    >>> bool(_unit_stated("kJ").search("334 kJ/kg")), bool(_unit_stated("kJ").search("20 %"))
    (True, False)
    """
    word = unit.lower().rstrip("s")
    base = _ABBREVIATED.get(word) or next(b for b in _UNIT_SYMBOLS if word.endswith(b))
    prefixes = "".join(sorted(set(_PREFIXES.values())))
    symbol = _UNIT_SYMBOLS[base]
    return re.compile(
        rf"\b(?:{'|'.join(_PREFIXES)})?{base}s?\b|\d\s?[{prefixes}]?{symbol}(?![^\W\d_])"
        + ("|atm\\b" if base == "pascal" else ""),
        re.I if len(symbol) > 1 else 0,
    )


def states_unit_if_asked(question: str, text: str) -> bool:
    """Whether ``text`` gives a quantity of the kind asked: a dose, a temperature, a sum.

    "What dose of vitamin K is given to newborns?" was answered with the prothrombin time
    row, "~11–13.5 s", of notes that give no dose (a hemostasis probe): a dose is a mass or
    a number of units. "What is the temperature at the centre of the Earth's inner core?"
    with the inner core's depths, "5,150–6,371" (a seismology probe): a temperature has
    degrees or kelvins. A cost is in a currency, or said to be one ("spent 32 million").
    Other quantities take any number.

    >>> states_unit_if_asked("What dose of X is given?", "normal range: ~11–13.5 s")
    False
    >>> states_unit_if_asked("What dose of X is given?", "1 mg intramuscularly at birth")
    True
    >>> states_unit_if_asked("What temperature is the core?", "Inner core: 5,150–6,371")
    False
    >>> states_unit_if_asked("How many platelets?", "150–400 × 10⁹ per litre")
    True
    >>> states_unit_if_asked("How much did it cost?", "Taj Mahal: 1632–c. 1648, 20,000 workers")
    False
    >>> states_unit_if_asked("How much did it cost?", "It cost some 32 million rupees.")
    True
    """
    if _ASKS_DOSE.search(question) and not _DOSE.search(text):
        return False
    if _ASKS_MONEY.search(question) and not _MONEY.search(text):
        return False
    if asks_mass(question) and not states_mass(text):
        return False
    unit = _ASKS_IN_UNIT.search(question)
    if unit and not _unit_stated(unit.group(1)).search(text):
        return False
    return not (_ASKS_TEMPERATURE.search(question) and not states_temperature(text))


def own_numbers(text: str) -> set[str]:
    """The numbers ``text`` states: not part of a word, not a model's version.

    Neither the 4 of "GPT-4" nor the 3 of "DALL-E 3" is a quantity: "What image
    resolution does…" was answered with "DALL-E 3, Midjourney V6" as if the 3 were one.
    Nor the 3 of "Gen‑3" written with a non-breaking hyphen: "What resolution does Gen-3
    produce?" was answered with "Runway ML: Gen‑2, Gen‑3 for video" (a blind train
    question).

    >>> sorted(own_numbers("Runway ML: Gen‑2, Gen‑3 for video, 2 clips"))
    ['2']
    >>> own_numbers("bound states (−V₀ < E < 0) and scattering states (E > 0)")
    set()
    """
    text = text.translate(_HYPHENS)
    return (
        {
            m.group()
            for m in _STANDALONE_NUMBER.finditer(text)
            if (
                _MAGNITUDE.match(text, m.end())
                or not _VERSIONED_NAME.search(text, max(0, m.start() - 40), m.start())
            )
            and not (m.group() == "0" and _BOUND.search(text, max(0, m.start() - 3), m.start()))
        }
        | {m.group().lower() for m in _NUMBER_WORD.finditer(text)}
        | {n for m in _RANGE.finditer(text) for n in m.groups()}
    )


_BOUND = re.compile(r"[<>≤≥]\s?$")
"""Zero as a formula's bound, no count: "bound states (−V₀ < E < 0)" answered "how many
bound states does a finite square well have" (a quantum probe)."""
_VERSIONED_NAME = re.compile(r"(?:[A-Z][\w.·-]*[A-Z][\w.·-]*|[A-Z][\w.]*[-·][\w.·-]+)\s+$")
"""A name with two capitals, a hyphen or a middle dot ("DALL·E", "GPT", "LLaMA") that a number after
it versions: "DALL-E 3" names a model, it states no quantity."""
_RANGE = re.compile(r"(?<![\w.-])(\d+)\s?[-–]\s?(\d+)(?![\w-])")
"""A range states both its numbers: "GANs appeared in 2014-2017" answers "When…"."""
_NUMBER_WORD = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|twice)\b",
    re.I,
)
"""A number written as a word: "trained five times per generator step", "over a thousand
scientists". Not "one", which is mostly "one of the…"."""
_MAGNITUDE = re.compile(r"\s*(?:%|(?:percent|thousand|million|billion|trillion)\b)", re.I)
"""A number followed by a magnitude is a quantity even after a name ("BLOOM 176 billion")."""
_HYPHENS = str.maketrans(HYPHENS)


_COUNTED = re.compile(r"\bhow many\s+([a-z][\w-]*)", re.I)
_COUNTED_HEAD = re.compile(
    r"\bhow many\s+(?:[\w-]+\s+){0,4}?([a-z][\w-]*)\s+"
    r"(?:(?:long|tall|high|wide|deep|thick|old|away|across)\s+)?"
    r"(?:does|do|did|is|are|was|were|can|could|has|have|had|will|would)\b",
    re.I,
)
"""The noun before the verb: "How many natural and programming *languages* does BLOOM…",
and before the measure it gives: "how many *nucleotides* long are viroids" (a plant
pathology probe was refused, "long" taken for what was counted)."""
_COUNTED_PLURAL = re.compile(r"\bhow many\s+(?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*[^s\W]s)\b", re.I)
"""Else the first plural: "How many foreign *volunteers* fought in the International
Brigades?" counts volunteers, not "foreign" (a Spanish Civil War probe was refused)."""


def counted_noun(question: str) -> str | None:
    """The stem of what "How many X…" counts ("parameters" -> "paramet"), or None.

    >>> counted_noun("How many parameters does BLOOM have?"), counted_noun("When was it?")
    ('paramet', None)
    >>> counted_noun("How many foreign volunteers fought?"), counted_noun("How many men died?")
    ('volunt', 'men')
    """
    if _HOW_OFTEN.search(question):
        return None
    match = (
        _COUNTED_HEAD.search(question)
        or _COUNTED_PLURAL.search(question)
        or _COUNTED.search(question)
    )
    stems = tokenize(match.group(1)) if match else []
    return stems[0] if stems else None


def counted_compounds(counted: str, terms: Iterable[str]) -> set[str]:
    """The question's hyphenated terms that end in its counted noun.

    "how many half lives does it take to reach steady state" counts "lives" ('live'),
    and the notes write "four to five half-lives" ('half-liv'): refused as stating no
    number of them (a pharmacokinetics probe). The question's terms hold the joined form
    when the notes do.

    >>> sorted(counted_compounds("live", ["half", "live", "half-liv", "steady-st"]))
    ['half-liv']
    """
    return {term for term in terms if "-" in term and _same_stem(term.rsplit("-", 1)[1], counted)}


def _same_stem(a: str, b: str) -> bool:
    """Whether two stems are one word's ("liv" of "half-lives", "live" of "lives")."""
    return min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))


def agent_nouns(question: str) -> set[str]:
    """The stems of who does what a question's verbs say: "speak" -> "speakers".

    "how many people still speak breton" counts people, and the notes count "Around
    200,000 speakers" (a Celtic Europe probe, refused). Only as forms of a counted
    person, never as words the answer must hold.

    >>> {"speaker", "voter"} <= agent_nouns("how many people speak breton or vote")
    True
    """
    words = re.findall(r"[a-z]+", question.lower())
    nouns = {
        stem for word in words for noun in (f"{word}er", f"{word}r") for stem in tokenize(noun)
    }
    return nouns - set(tokenize(question))  # "bretoner" stems to the question's "breton"


_HOW_OFTEN = re.compile(r"\bhow many times\b", re.I)
""""How many times…" asks how often, of no counted thing: "how many times a second does a honey
bee beat its wings" led with "…(locusts beat about 20 times a second)" over "…honey bees
reach about 230 Hz" (an entomology probe)."""


INHABITANTS = frozenset(tokenize("people inhabitants residents"))
POPULATION = tokenize("population")[0]
_DWELLING = frozenset(tokenize("live lived living dwell inhabit reside"))
_HOLDS_RECORD = re.compile(r"\b(?:holds?|held|set)\s+the\s+record\b", re.I)
_RECORD_WORDS = frozenset(tokenize("holds held set record"))


def words_not_asked(question: str, counted: str | None) -> frozenset[str]:
    """Words of a factoid question that the line answering it need not hold.

    "how many people lived in black New York in 1930…" is asked of a population, not of
    living (the row "New York — Black population 1910: about 92,000…", a Harlem
    Renaissance probe); "who holds the record for the longest single spaceflight" of the
    longest one: "Valeri Polyakov spent 437 days aboard…, still the longest single
    spaceflight" says no "record" (a spaceflight probe). Both were refused.

    >>> sorted(words_not_asked("who holds the record for the longest flight", None))
    ['held', 'hold', 'record', 'set']
    """
    words = set(_DWELLING) if counted in INHABITANTS else set()
    if _HOLDS_RECORD.search(question):
        words |= _RECORD_WORDS
    return frozenset(words)


def population_asked(counted: str | None) -> frozenset[str]:
    """The people counted and "population", either of which a line counting them holds."""
    return frozenset({counted, POPULATION}) if counted in INHABITANTS else frozenset()
