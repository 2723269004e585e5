"""What a question asks: its terms, weighted by how much each says about the answer.

Pure logic over the collection's term statistics. The rare words of a question
("FID", "optimizers") carry it; the words that frame it ("main", "describe") count
little; the examples a student gives ("risks *like deepfakes*") are their premise, not
what they ask. :mod:`rag.answer.evidence` scores the units of the retrieved passages
with these weights, :mod:`rag.answer.scope` checks what the best ones state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rag.answer.states import alternative_states
from rag.answer.wordforms import attested_acronyms, attested_compounds, attested_forms
from rag.retrieval.keyword import TermStatistics, terms_with_parts, tokenize
from rag.retrieval.synonyms import (
    GROUP_MARK,
    formulas_named,
    group_members,
    synonym_group,
    with_groups,
)
from rag.retrieval.verbforms import verb_forms
from rag.text.stopwords import QUESTION_FRAME_WORDS

QUESTION_FRAME = frozenset(with_groups(set(tokenize(" ".join(sorted(QUESTION_FRAME_WORDS))))))
"""Stems of the words that frame a question (:data:`rag.text.stopwords.QUESTION_FRAME_WORDS`),
and their synonym groups ("traits" read as the group of "characteristics" still frames).

They still count, at :data:`FRAME_WEIGHT`.
"""
FRAME_WEIGHT = 0.3
IDF_FLOOR = 1.0
"""A word in nearly every chunk ("generative") still has to be found: it weighs at least this.

Without a floor, "What is generative AI?" has no weight left, and any unit that
happens to sit under a matching heading covers it fully.
"""


def question_weights(question: str, stats: TermStatistics) -> dict[str, float]:
    """Each stemmed question term with its weight: IDF, reduced for framing words.

    A term the collection never uses is replaced by the forms of it that the collection
    uses (:func:`attested_forms`), when there are.
    """
    return _weights_and_framing(question, stats)[0]


def question_coverage(question: str, stats: TermStatistics, text: str) -> float:
    """The share of the question's weight that ``text`` holds: whether the notes cover it.

    A framing word the notes never use weighs no more than :data:`FRAME_WEIGHT` of the
    subject here (:func:`_frame_below_subject`); ranking keeps its full weight, where a
    word no unit holds only scales every unit's coverage alike.
    """
    weights = _frame_below_subject(*_weights_and_framing(question, stats), stats)
    return term_coverage(weights, text)


def _weights_and_framing(question: str, stats: TermStatistics) -> tuple[dict[str, float], set[str]]:
    """:func:`question_weights`, and which of its terms frame it (weigh less)."""
    weights: dict[str, float] = {}
    compounds = attested_compounds(question, stats)
    asked_words = tokenize(question) + compounds
    if _ASKS_USES.search(question) and not _VALUE_USED.search(question):
        asked_words.append(USES_LABEL)
    remedy = _ASKS_REMEDY.search(question)
    if remedy:
        asked_words.append(REMEDY_LABEL)
    # The verb of a remedy question ("reduce", "deal with") frames it; the label asks.
    framing = set(tokenize(remedy.group("verb"))) - {REMEDY_LABEL} if remedy else set()
    if _ASKS_HOW_MEASURED.search(question) and stats.document_frequency.get(METRICS_LABEL):
        # "how do you measure how realistic generated images are" quoted the row that
        # says "realistic"; the notes head what measures it "Evaluation Metrics". Not in
        # notes that never say "metrics": "how is bioavailibility measured" weighed it
        # most, and no line held it (a pharmacokinetics probe quoted the definition only).
        asked_words.append(METRICS_LABEL)
    prerequisite = ASKS_PREREQUISITES.search(question)
    if prerequisite:
        # "what do I need to know before starting section V" found "Diffusion Models:
        # Start with random noise…" on "start"; the notes head the answer "Prerequisites".
        asked_words.append(PREREQUISITES_LABEL)
        framing |= set(tokenize(prerequisite.group())) - {PREREQUISITES_LABEL}
    if ASKS_WHO.match(question):
        # "Who designed the transformer?": "design" is no word the answer needs; "Vaswani
        # et al. … — introduced Transformers" says who (:data:`MAKER_VERB`).
        framing |= _matched_stems(MAKER_VERB, question)
        # "who first saw bacteria": "saw" is the one rare word, and Semmelweis "saw that
        # puerperal fever killed…"; van Leeuwenhoek's letter gives "the first reliable
        # description of bacteria" (a student's probe of a microbiology course).
        framing |= _matched_stems(OBSERVER_VERB, question)
        # "Who led Shays' Rebellion?" weighed "led" most and quoted "…led to the
        # Convention" over "Their best-known leader was Daniel Shays" (a student's probe):
        # the rebellion is what the answer must be about.
        relation = _WHO_VERB.match(question)
        if relation:
            framing |= set(tokenize(relation.group("verb")))
    if _ASKS_WHEN.match(question):
        # "When was the SA node discovered?" is "The node was described by Arthur Keith
        # and Martin Flack in 1907" (a student's probe): the date answers, not the verb.
        # Its own verb, not one of the question it follows ("When was it patented? (Who
        # invented the stirling engine)", the second part of a two-part question).
        clause = question.split("(", 1)[0]
        framing |= _matched_stems(MAKER_VERB, clause) | _matched_stems(OBSERVER_VERB, clause)
        # "When was Justinian's rebuilt Hagia Sophia finished and consecrated?" was refused,
        # "the material never uses “finished”": the notes date its consecration (a
        # Byzantium probe). A date of the event answers whatever verb marks it.
        framing |= _matched_stems(_EVENT_VERB, clause)
    if _ASKS_WHEN.match(question) or _ASKS_WHERE.match(question):
        # "when and where was the battle of chaldiran fought" quoted "A divine king does not
        # lose battles." for its rare "battle", not "The armies met on 23 August 1514 at
        # Chaldiran…" (a Safavid history probe): the named place dates the event.
        for event in _NAMED_EVENT.finditer(question):
            if all(_used(term, stats) for term in tokenize(event.group("name"))):
                framing |= set(tokenize(event.group("kind")))
    if _IN_ORDER.search(question):
        # "What are the phases of the cardiac cycle, in order?": the notes number their
        # phases and never say "order" (a student's probe).
        framing.add("order")
    if _WHAT_YEAR.search(question):
        # "Who discovered the SA node and in what year?": the notes give "in 1907", not the
        # word "year" (a student's probe); the answer type asks for the date.
        framing.add("year")
    # "How fast does a tsunami travel…?" weighed "fast" most, a word "c ≈ 200 m/s — over
    # 700 km/h" need not use (a seismology probe): it asks for a number, as "how many" does.
    # "how far back can radiocarbon dating go": "back" too (a paleoanthropology probe); and
    # "last" of "how long did the fourth flight last" (an aviation probe was refused).
    framing |= {stem for m in _HOW_SIZE.finditer(question) for stem in tokenize(m.group())}
    framing |= {stem for m in _HOW_LONG_VERB.finditer(question) for stem in tokenize(m[1])}
    if _COMPARED.search(question):
        # "How fast does the AV node conduct compared with the Purkinje fibres?" weighed
        # "compared" most, a word the notes' two speeds need not use (a student's probe).
        framing.add("compar")
    # "is the lac operon on or off if…": the alternatives are the answer's choices.
    framing |= alternative_states(question)
    if ASKS_STEPS.search(question):
        # "What are the stages of wound healing?" of notes saying "healing follows four
        # overlapping phases: …" found the table of hemostasis's stages, one row of which
        # is wound healing (a student's probe): asked for in turn, steps, stages and
        # phases are one thing.
        group = synonym_group("step") or "step"
        if _used(group, stats):
            asked_words = [group if w in _STEP_WORDS else w for w in asked_words]
    examples = premise_words(question)
    framed: set[str] = set()
    for asked in dict.fromkeys(asked_words):
        frame = FRAME_WEIGHT if asked in QUESTION_FRAME or asked in framing else 1.0
        if asked in examples and stats.document_frequency.get(asked):
            # An example the material never names ("tokenizers like SentencePiece") is
            # no premise it shares: that it is missing is what counts.
            frame *= EXAMPLE_WEIGHT
        for term in attested_forms(asked, stats):
            if term not in weights and frame < 1.0:
                framed.add(term)
            weights.setdefault(term, max(_idf(term, stats), IDF_FLOOR) * frame)
    if ASKS_FORMULA.search(question):
        # A formula names what it computes by its initials: "formula for average memory
        # access time" quoted CPI's worked example over "AMAT = Hit time + Miss rate × Miss
        # penalty" (a computer architecture probe). Not for any question: "NLG" weighed as a
        # word of its own put "NLG enables machines…" over the key ideas asked for (train).
        for acronym in attested_acronyms(question, stats):
            weights.setdefault(acronym, max(_idf(acronym, stats), IDF_FLOOR))
    for compound in (c for c in compounds if weights.get(c, IDF_FLOOR) <= IDF_FLOOR):
        # The course's own subject written apart weighs as little as written whole: "what was
        # the anglo saxon runic alphabet called" weighed "anglo", rare apart from the
        # "Anglo-Saxon" of nearly every chunk, like "runic", and quoted "The label
        # "Anglo-Saxon" is itself a problem." (an Anglo-Saxon probe). Not a rarer compound:
        # "long term memory" is the row of "Long-term memory", not "Short-term".
        for part in tokenize(compound.replace("-", " ")):
            weights[part] = min(weights.get(part, IDF_FLOOR), IDF_FLOOR)
    return weights, framed


SIZE_WORDS = "big|large|small|fast|wide|deep|thick|tall|high|heavy|far|hot|cold|accurate|precise"
""""How big…", "How fast…", "How accurate…": a size, a speed, a temperature or an error, which a
number states ("errors to about one or two minutes of arc", a scientific revolution probe)."""
_HOW_SIZE = re.compile(rf"\bhow\s+({SIZE_WORDS}|long|old|strong)(?:\s+(?:back|ago|away))?\b", re.I)
_HOW_LONG_VERB = re.compile(r"\bhow\s+long\b[^?]*?\b(last(?:s|ed)?|take|takes|took)\b", re.I)
ASKS_STEPS = re.compile(r"\b(?:steps|stages|phases)\b", re.I)
"""A question for a list's items in turn, whichever one it names (not "sequences")."""
_STEP_WORDS = frozenset(tokenize("step stage phase"))


def _frame_below_subject(
    weights: dict[str, float], framed: set[str], stats: TermStatistics
) -> dict[str, float]:
    """``weights`` with no unused framing word above :data:`FRAME_WEIGHT` of a floor subject.

    ``framed`` are the question's framing words; only when every other word it names is in
    nearly every chunk (at :data:`IDF_FLOOR`). A framing word the notes use may
    name what answers: "Which characteristics define foundation models?" is the list headed
    "Characteristics:". A course's own subject is in nearly every chunk and weighs the
    floor, 1.0, while a framing word its notes never use weighs its full rarity × 0.3:
    "What does hemostasis actually mean?" weighed "actually" and "mean" 1.6 each, and the
    definition that opens the notes covered 24% of the question (a hemostasis probe).
    """
    named = [w for term, w in weights.items() if term not in framed]
    if not named or max(named) > IDF_FLOOR:
        return weights
    ceiling = FRAME_WEIGHT * max(named)
    unused = {term for term in framed if not _used(term, stats)}
    return {term: min(w, ceiling) if term in unused else w for term, w in weights.items()}


def _matched_stems(pattern: re.Pattern[str], text: str) -> set[str]:
    """The stems of what ``pattern`` matches in ``text``."""
    return set(tokenize(" ".join(m.group() for m in pattern.finditer(text))))


MAKER_VERB = re.compile(
    r"\b(?:came|come|comes)\s+up\s+with\b|\b(?:put|puts)\s+forward\b|\bset\s+up\b"
    r"|\bworked\s+out\s+how\b"
    r"|\b(?:(?:invent|introduc|propos|creat|develop|design|start|launch"
    r"|devis|coin|pioneer|conceiv|discover|author|found|paint|sculpt|compos|carv)(?:ed|es|s)"
    r"|wrote|written|built|builds|made|makes)\b",
    re.I,
)
"""The verb of a question for who made something ("who came up with…", "who designed…",
"when did Agassiz put forward his idea…", refused for "forward": a glaciology probe;
"Who started the Jazz Messengers?", refused for "started": a jazz probe; "Who worked out
how to read Linear B…?" for the notes' "deciphered … by": a Greek history probe; "who
painted the birth of venus" was answered with Titian's Venus of Urbino: an art history probe),
in the past or as a habit: "who benefits from generative *design*" asks no maker."""
OBSERVER_VERB = re.compile(
    r"\b(?:saw|seen|sees?|spott(?:ed|s)|(?:observ|notic|describ|identifi|recogni[sz]|detect"
    r"|isolat|prov|demonstrat|establish)(?:ed|es|s)|identifies|show(?:ed|n|s)?|proven"
    r"|(?:figur|work)(?:ed|es|s)\s+out|found\s+out)\b",
    re.I,
)
"""The verb of a question for who first saw or found something: the notes may say it with
another one ("describes bacteria", "the first reliable description"), so it frames the
question rather than names what the answer must say. "who first figured out platelets
were…" was refused for "figured", a word the notes never use (a student's probe)."""
_WHO_VERB = re.compile(
    r"^\W*who\s+(?:(?:first|actually|really|originally|else|then|later|eventually)\s+)?"
    r"(?P<verb>led|leads?|headed|commanded|ruled|governed|ran|runs|won|wins|beat|defeated"
    # "Who was put in charge of defending Madrid…?" weighed "put" most and was refused;
    # the notes leave "a Junta … under General José Miaja" (a Spanish Civil War probe).
    r"|(?:was|were|is|got|been)\s+(?:put|placed|left)\s+in\s+charge|(?:was|were|is)\s+in\s+charge)\b",
    re.I,
)
"""The verb of a who-question for who led or won something, which the notes word as a noun
or another verb ("Their best-known leader was…", "Cornwallis surrendered…"). A rarer verb
stays what the answer must say ("who assassinated Itō…": "An Jung-geun assassinates…")."""
_EVENT_VERB = re.compile(
    r"\b(?:finish|complet|start|end|open|launch|dedicat|sign|establish|abolish|clos)(?:ed|es|s)?"
    r"\b|\b(?:began|begun|begin|held|fought)\b",
    re.I,
)
"""The verb of a when-question's event: the notes may date it with another one."""
_ASKS_WHEN = re.compile(r"^\W*(?:when|(?:in\s+)?what\s+year|which\s+year)\b", re.I)
"""A question for a date: the verb of the event asked about need not be the notes' one."""
_ASKS_WHERE = re.compile(r"^\W*where\b", re.I)
_NAMED_EVENT = re.compile(
    r"\b(?P<kind>battle|siege|treaty|peace|council|revolt|rebellion|sack)\s+of\s+(?P<name>[\w'-]+)",
    re.I,
)
"""An event the question names by its kind and place: "the battle of Chaldiran"."""
_IN_ORDER = re.compile(r"\b(?:in\s+(?:the\s+right\s+)?order|in\s+sequence)\s*[?.!]*$", re.I)
_WHAT_YEAR = re.compile(r"\b(?:what|which)\s+year\b", re.I)
_COMPARED = re.compile(r"^\W*compare\b|\bcompar(?:ed|ing)\s+(?:with|to|against)\b", re.I)
"""A question that asks to compare, in the verb: not "comparative advantage"."""
ASKS_WHO = re.compile(
    r"(?:^|^according to [^,]*,)\s*"
    r"(?:who\b|(?:which|what)\s+(?:company|organi[sz]ation|firm|lab|startup)\b)",
    re.I,
)
"""A question for a person or an organisation (:func:`rag.answer.question_forms.asks_who`)."""


EXAMPLES_GIVEN = re.compile(
    r"(?<!\blook\s)(?<!\blooks\s)\b(?:like|such\s+as|e\.g\."
    r"|besides|other\s+than|apart\s+from|aside\s+from|except(?:\s+for)?)\s+"
    r"([^?,;:()–—]+?)(?=\s+-\s|[?,;:()–—]|$)",
    re.I,
)
"""The examples a question gives of what it asks about: "risks *like deepfakes*", or of
what it does not ask about: "used for *besides chatbots*"."""
EXAMPLE_WEIGHT = 0.5
"""What a word of :data:`EXAMPLES_GIVEN` counts for: the illustration, not the asked thing.

"What can be done to mitigate misuse risks like deepfakes?" was answered with the risk
lines that name deepfakes, not with the "Mitigations:" list (train)."""


def premise_words(question: str) -> set[str]:
    """The stems of what a question takes as given: its examples and the problem it asks to fix."""
    spans = [
        *EXAMPLES_GIVEN.findall(question),
        *(m.group("problem") for m in _ASKS_REMEDY.finditer(question)),
        *_NONE_GIVEN.findall(question),
        *_REASON_GIVEN.findall(question),
    ]
    return {term for span in spans for term in tokenize(span)}


_NONE_GIVEN = re.compile(
    r"\b(?:if|when|since|given\s+that|seeing\s+as)\s+there\s+(?:was|were|is|are)\s+no\s+"
    r"([^?,;:()–—]+?)(?=[?,;:()–—]|$)",
    re.I,
)
"""What a question takes as lacking: "How did the Althing in Iceland work *if there was no
king*?" was answered "Iceland had no king." (a Viking probe): the premise, not the answer."""


_REASON_GIVEN = re.compile(
    r",\s*(?:since|because|seeing\s+as|given\s+that|as)\s+((?:they|he|she|it|we|i|you)\b[^?]+)",
    re.I,
)
"""What a question gives as its reason: "Who came up with the name "Byzantine" for this
empire, *since they called themselves Romans*?" weighed "Romans" above the name asked
about, and was refused (a Byzantium probe)."""


def premise_terms(question: str, stats: TermStatistics) -> frozenset[str]:
    """:func:`premise_words` as the weighted terms of :func:`question_weights`."""
    return frozenset(t for w in premise_words(question) for t in attested_forms(w, stats))


_ASKS_REMEDY = re.compile(
    r"\b(?P<verb>mitigat\w*|reduc\w*|prevent\w*|(?<!the\s)deal(?:ing)?\s+with|tackl\w*|combat\w*"
    r"|counter(?:ing)?|avoid\w*|minimi[sz]\w*|(?:protect|guard|defend)\w*\s+against)\s+"
    r"(?P<problem>[^?,;:()–—]+?)(?=\s+-\s|[?,;:()–—]|$)",
    re.I,
)
"""A question for what is done against a problem: "What can be done to mitigate *X*?".

The problem it names is the premise (weighed like :data:`EXAMPLES_GIVEN`); the answer is
what the material lists against it, as "Mitigations:" (:data:`REMEDY_LABEL`)."""
REMEDY_LABEL = tokenize("mitigations")[0]


_ASKS_USES = re.compile(
    r"\b(?:used?|good|useful|helpful|applied)\s+(?:\w+\s+){0,3}?for\b|\buses\s+of\b|\buse\s+cases?\b",
    re.IGNORECASE,
)
"""A question for what something is used for: "What can LLMs be used for?"."""
ASKS_FORMULA = re.compile(
    r"^(?!\W*(?:who|when|where)\b).*"
    r"\b(?:law|formula|equation|calculat\w*|comput\w*|work(?:ed|s)?\s+out)\b",
    re.I,
)
"""A question for a law or how to work a quantity out, which its formula answers; not who
named a law or when it was found."""
_VALUE_USED = re.compile(
    r"\bwhat\s+(?:value|number|setting|size|rate)s?\s+(?:is|are)\s+(?:\w+\s+)?used\b", re.I
)
"""Not a value used for something: "what value is usually used for the damping factor in
pagerank" was refused for want of "Applications:" (an information retrieval probe)."""
USES_LABEL = tokenize("applications")[0]
"""What course texts head such a list with ("Applications:"); weighed as a question word."""


_ASKS_HOW_MEASURED = re.compile(
    r"\bhow\s+(?:do|does|can|could|would|should|is|are)\s+(?:you|we|i|one|they|it|\w+)\s+"
    r"(?:be\s+)?(?:measured?|evaluated?|assess(?:ed)?|quantif(?:y|ied)|scored?|judged?|rated?)\b",
    re.IGNORECASE,
)
"""A question for how something is measured: "How do you measure…", "How is X evaluated?"."""
METRICS_LABEL = tokenize("metrics")[0]
"""What course texts head the measures with ("Evaluation Metrics"); weighed as a question word."""


ASKS_PREREQUISITES = re.compile(
    r"\b(?:need|have|ought|should|must)\s+(?:to\s+)?(?:know|learn|understand|study|read)\b"
    r"(?:\s+\w+){0,3}?\s+(?:before|first)(?:\s+(?:starting|taking|beginning|doing|I\s+start))?\b"
    r"|\bbefore\s+(?:starting|taking|beginning|I\s+(?:start|take|begin))\b",
    re.IGNORECASE,
)
"""A question for what to know first: "What do I need to know before starting section V?"."""
PREREQUISITES_LABEL = tokenize("prerequisites")[0]
"""What course texts head that list with; weighed as a question word."""


def _used(term: str, stats: TermStatistics) -> bool:
    """Whether the collection uses a term (a synonym group: any of its members)."""
    members = group_members(term) if term.startswith(GROUP_MARK) else [term]
    return any(stats.document_frequency.get(m) for m in members)


def _idf(term: str, stats: TermStatistics) -> float:
    """A term's IDF; a synonym group's is that of its most used member."""
    if term.startswith(GROUP_MARK):
        return min(stats.idf(m) for m in group_members(term) if stats.document_frequency.get(m))
    return stats.idf(term)


def key_terms(weights: Mapping[str, float], margin: float = 0.9) -> set[str]:
    """The question terms that carry it: the rarest ones that do not frame it."""
    asked = {t: w for t, w in weights.items() if t not in QUESTION_FRAME}
    top = max(asked.values(), default=0.0)
    return {t for t, w in asked.items() if w >= margin * top} if top > 0 else set()


def unit_terms(text: str) -> set[str]:
    """The terms a unit holds, with the forms and groups a question may ask them by.

    Its words (:func:`terms_with_parts`), the other forms of its irregular verbs ("lost"
    holds "lose": :mod:`rag.retrieval.verbforms`), and their synonym groups. A question word
    the collection never uses is weighed as its group (:func:`attested_forms`): "Risks:"
    holds what "downsides" asks. A line labelled "Use cases:" holds what a question for
    uses asks (:data:`USES_LABEL`). A formula's name holds the formula ("carbon dioxide"
    holds what "CO2" asks: :func:`~rag.retrieval.synonyms.formulas_named`).
    """
    terms = terms_with_parts(text)
    # "…so the ranking is unchanged" is about what changes the ranking: "why doesnt idf change
    # the ranking for a one word query" was refused by a Rocchio line, then the one holding
    # "change" (an information retrieval probe).
    terms |= {t[2:] for t in terms if t.startswith("un") and len(t) >= 7}
    # A phase's numbered parts are the phase: "Hallstatt D1–D3" holds what "the dates of
    # hallstat D" asks; the row "LT D" was quoted (a Celtic Europe probe).
    terms |= {t[0] for t in terms if _NUMBERED_PART.fullmatch(t)}
    terms = with_groups(terms | verb_forms(terms)) | years_in_ranges(text)
    terms |= formulas_named(terms)
    if _DEATHS.search(text):
        terms.add(DIE)  # "suffocating about 1,700 people" holds what "how many died" asks
    if _USES_LINE.match(text):
        terms.add(USES_LABEL)
    return terms


_NUMBERED_PART = re.compile(r"[a-z]\d{1,2}")
"""A letter numbered into parts ("d1", "d3" of "D1–D3"), which name the lettered whole."""
DIE = tokenize("die")[0]
"""The stem a unit saying people died holds (:data:`_DEATHS`), whatever its words: how many
people died is counted in "deaths" too ("1918 "Spanish": H1N1 (… estimated deaths: About
50 million)" answers "how many people died in the 1918 flu", virology)."""
_DEATHS = re.compile(
    r"\b(?:deaths|dead|killed|kill(?:s|ing)?|suffocat(?:ed|ing)|perished|drowned"
    r"|fatalities|casualties|death\s+toll)\b",
    re.I,
)
"""Words of a unit that say people died: "How many people died at Lake Nyos?" was refused,
the notes saying "…suffocating about 1,700 people" (a volcanology probe). Not one death:
"he ruled until his death" answered who ruled Egypt after Alexander died (a Greek probe)."""
_USES_LINE = re.compile(r"^\W*(?:use\s+cases?|uses|usages?)\s*:", re.IGNORECASE)
"""A line listing uses under another label than "Applications:" ("Use cases: dubbing…")."""


_YEAR_RANGE = re.compile(r"(?<![\w-])((?:1[5-9]|20)\d\d)\s?[–-]\s?((?:1[5-9]|20)\d\d)(?![\w-])")
MAX_RANGE_YEARS = 30


def years_in_ranges(text: str) -> set[str]:
    """Every year inside the year ranges ``text`` states: "Mid-term (2027–2032)" holds 2030.

    "What does the course expect generative AI to look like around 2030?" names a year
    the course only covers as part of a range (train split).
    """
    years: set[str] = set()
    for match in _YEAR_RANGE.finditer(text):
        first, last = int(match.group(1)), int(match.group(2))
        if 0 < last - first <= MAX_RANGE_YEARS:
            years.update(str(year) for year in range(first, last + 1))
    return years


def _with_asked_parts(terms: set[str], weights: Mapping[str, float]) -> set[str]:
    """``terms``, with the parts of each hyphenated term the question asks for too.

    "who came up with job market signalling" weighs "job", "market" and the collection's
    "job-market"; "Michael Spence's job-market signalling model" holds all three, not
    only the compound (it scored 0.21 and the question was refused). Only a compound the
    question asks for: "Text-to-Audio" holds no "text" for a question about text.
    """
    asked = [t for t in weights if "-" in t and t in terms]
    return terms | {part for t in asked for part in tokenize(t.replace("-", " "))}


_DEMONYM_ENDINGS = ("n", "an", "ian", "ean")
_PLACE_WORD = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{3,}")
"""A capitalised word after a lower-case one: a name, not a title-case label's word."""


def people_of_places(asked: Iterable[str], text: str) -> set[str]:
    """The asked terms naming the people of a place ``text`` names, or the place of its people.

    "how many people died in the ukrainian famine" was refused: the notes' "…including some
    3.5–3.9 million in Ukraine" held no "Ukrainian" (a Russian Revolution probe). Stems:
    "ukrainian" is "ukrain" and "ian", "german" is "germani" (Germany) less its "i". The
    place is a name in running text: "musician" is no people of "AI Music Composition".

    >>> sorted(people_of_places({"ukrainian", "german", "famin"}, "in Ukraine and Germany"))
    ['german', 'ukrainian']
    >>> people_of_places({"musician"}, "AI Music Composition: Music generation")
    set()
    """
    held = {t for word in _PLACE_WORD.findall(text) for t in tokenize(word)}
    found = set()
    for term in asked if held else ():
        if not term.isalpha() or len(term) < 6:
            continue
        places = {term[: -len(end)] for end in _DEMONYM_ENDINGS if term.endswith(end)}
        places = {p for p in places if len(p) >= 4} | {f"{term}i", f"{term}ia"}
        if places & held:
            found.add(term)
    return found


def term_coverage(
    weights: Mapping[str, float], text: str, context: str = "", context_weight: float = 0.5
) -> float:
    """IDF-weighted share of the question terms found in ``text``.

    A term found only in ``context`` (the headings above) counts ``context_weight``.
    """
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    in_text = _with_asked_parts(unit_terms(text), weights)
    in_text |= people_of_places(weights.keys() - in_text, text)
    in_context = _with_asked_parts(unit_terms(context), weights) - in_text
    found = sum(w for t, w in weights.items() if t in in_text)
    found += context_weight * sum(w for t, w in weights.items() if t in in_context)
    return found / total


HEAVY_SHARE = 0.5
"""A question term weighing this share of the heaviest is one the question is about."""


def heavy_terms(weights: Mapping[str, float]) -> set[str]:
    """The question terms weighing at least :data:`HEAVY_SHARE` of the heaviest."""
    top = max(weights.values(), default=0.0)
    return {t for t, w in weights.items() if w >= HEAVY_SHARE * top}


_ASKS_DETAIL = re.compile(
    # Not a formula the question gives: "…when they have the same formula?" asks why two
    # isomers differ (an organic chemistry probe, refused for want of a formula).
    r"(?<!same\s)(?<!molecular\s)(?<!same\smolecular\s)"
    r"\b(formula|equation|licen[cs]e|derivation|proof|pseudocode|price|pricing)s?\b",
    re.I,
)


def asked_detail(question: str) -> str | None:
    """The kind of detail a question asks for that only a unit naming it can give, or None.

    "What's the formula for FID?" found "Fréchet Inception Distance (FID) – for image
    realism", "What license is Stable Diffusion XL released under?" a list naming the
    model: a course that states a formula, a license or a price says so in words.

    >>> asked_detail("What's the actual formula for the FID score?"), asked_detail("What is FID?")
    ('formula', None)
    """
    match = _ASKS_DETAIL.search(question)
    return match.group(1).lower() if match else None


def states_detail(detail: str, text: str) -> bool:
    """Whether ``text`` names the ``detail`` asked for; a formula may be written out ("=")."""
    return bool(set(tokenize(detail)) & set(tokenize(text))) or (
        detail in ("formula", "equation") and "=" in text
    )
