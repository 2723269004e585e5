"""Pure abstention decision: answer only when retrieval found real evidence.

Small models answer from memory whatever the prompt says, so the decision is taken here,
from retrieval evidence, before any model writes a word. The thresholds are calibrated by
``eval/calibrate_abstention.py`` on ``eval/questions.jsonl`` (figures in docs/evaluation.md).
What a factoid question needs a unit to hold (:class:`AnswerType`) is decided here too; the
evidence scorer (:mod:`rag.answer.evidence`) lowers the units that lack it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from rag.answer.acronyms import initials_asked, spells, written_out
from rag.answer.asked import SIZE_WORDS
from rag.answer.matching import (
    lettered_names,
    longer_form,
    other_letter,
    responds_to,
    why_term,
    worked_thing,
)
from rag.answer.names import abbreviated_genera, named_only_in_lists
from rag.answer.numbers import (
    INHABITANTS,
    MONEY_VERBS,
    POPULATION,
    UNIT_NAMES,
    asks_duration,
    asks_mass,
    asks_share,
    asks_temperature,
    counted_noun,
    population_asked,
    quantities,
    states_date,
    states_duration,
    states_mass,
    states_number,
    states_share,
    states_temperature,
    words_not_asked,
)
from rag.answer.question_forms import (
    CLAUSE_START,
    HEDGE,
    NAME_REASON,
    NAME_WORD,
    asks_condition,
    asks_for_named_examples,
    asks_maker,
    asks_name_reason,
    asks_who,
    described_names,
    quoted_terms,
    says_who_made,
)
from rag.retrieval.keyword import HYPHENS, TermStatistics, terms_with_parts, tokenize
from rag.retrieval.synonyms import fellow_members
from rag.retrieval.verbforms import verb_forms
from rag.text.everyday import everyday


@dataclass(frozen=True)
class Evidence:
    """What retrieval found for a question."""

    strength: float
    """Score of the best evidence unit (:func:`rag.answer.evidence.evidence_strength`)."""
    term_coverage: float
    """Share of the question's content words present in the top passages."""
    n_passages: int
    answer_found: bool = True
    """False when a question asks for a number, a date or a named detail (a formula, a
    license) and no evidence unit states one."""
    asked_for: str = "number or date"
    """What :attr:`answer_found` looked for, as the refusal names it."""
    explained: bool = True
    """False when the best unit only names what a how-it-works, difference or who
    question asks about (:func:`rag.answer.scope.explains`)."""
    unknown_name: str = ""
    """A name the question gives that no passage holds (:func:`rag.answer.scope.unknown_name`)."""
    out_of_scope: str = ""
    """The notes' line saying they do not teach what is asked
    (:func:`rag.answer.scope.said_out_of_scope`)."""
    unused_words: tuple[str, ...] = ()
    """The question's words the material never uses, in any form
    (:func:`rag.answer.scope.unused_words`)."""


@dataclass(frozen=True)
class Decision:
    """Whether to answer, and the reason shown to the user when not."""

    abstain: bool
    reason: str


def decide(evidence: Evidence, min_relevance: float, min_term_coverage: float) -> Decision:
    """Abstain on no passages, no sentence close enough, or too few shared words.

    A whole chunk covers several points, so its similarity to a one-line question
    stays low even when one unit answers it; the best evidence unit is the signal:
    it weighs the question's rare words, which a question the material does not
    cover ("cooking recipes") has and the passages lack.
    """
    if evidence.n_passages == 0:
        return Decision(True, "nothing is indexed that matches this question")
    # Words the material never uses tell the student what to change: a subject it lacks
    # ("recipes"), or their own wording of one it has ("nutshell", "shipping").
    unused = ", ".join(f"“{w}”" for w in evidence.unused_words)
    never = f"; the material never uses {unused}" if unused else ""
    if evidence.strength < min_relevance:
        # No scores here: a newcomer read "(evidence 0.09, needs 0.27)" as jargon. The
        # evidence units and their scores are in the answer's JSON for those who tune.
        return Decision(True, f"no sentence in the material comes close to what is asked{never}")
    if evidence.unknown_name:
        return Decision(True, f"no passage names “{evidence.unknown_name}”{never}")
    if evidence.out_of_scope:
        return Decision(True, f"the notes say they do not cover it: “{evidence.out_of_scope}”")
    if not evidence.answer_found:
        return Decision(True, f"no passage states the {evidence.asked_for} the question asks for")
    if not evidence.explained:
        return Decision(True, "the closest passage names this but does not say what is asked")
    if evidence.term_coverage < min_term_coverage:
        return Decision(
            True,
            f"only {evidence.term_coverage:.0%} of the question's key words appear in the "
            f"closest passages{never}",
        )
    return Decision(False, "")


_WHICH_YEAR = r"(?:in |on |by |during )?(?:what|which) (?:years?|dates?|decades?)"
"""A question for a date by its noun: "What year…", "During which years…"."""
_NOT_WHEN_IT_HOLDS = (
    r"(?!(?:\s+[\w']+){1,4}?\s+(?:useful|used|needed|valid|true|appropriate|applicable"
    r"|better|best|preferred|possible|necessary)\b|\s+an?\s)"
)
"""Not when something holds: "when is it actually useful for finding E", "when is a grammar
LL(1)" ask for a condition, not a date (electromagnetism and compilers probes)."""
_DATE_WORDS = (
    rf"when (?:did|was|were|will|do|does)\b|when (?:is|are)\b{_NOT_WHEN_IT_HOLDS}|{_WHICH_YEAR}\b"
)
_ASKS_DATE = re.compile(rf"{CLAUSE_START}(?:{_DATE_WORDS})", re.I)
_ASKS_NUMBER = re.compile(
    rf"{CLAUSE_START}(?:how (?:many|long|old|{SIZE_WORDS})\b|{_DATE_WORDS}|(?:at )?what age\b"
    # A sum of money: "How much did the Taj Mahal cost to build?" was answered with its
    # dates (a Mughal probe). Not any "how much" (:func:`asks_for_number`).
    rf"|how much\b(?=[^?.;]*\b(?:{MONEY_VERBS})\b)"
    # A change by how much: "how much would sea level go up if all of greenland melted"
    # was answered with Thwaites Glacier's 65 cm (a glaciology probe).
    r"|how much\b(?=[^?.;]*\b(?:go(?:es)?\s+up|went\s+up|go(?:es)?\s+down|rises?|rose|fall|fell"
    r"|drop(?:ped)?|increase[ds]?|decrease[ds]?|grow|grew|shrink|shrank)\b))",
    re.I,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_HYPHENS = str.maketrans(HYPHENS)


def states_a_name(text: str, question: str) -> bool:
    """Whether ``text`` names someone or something the question does not (a capitalised word).

    "Who wrote the CLIP paper?" found "CLIP (2021) — learning transferable visual
    models from natural language supervision", which names no author.
    """
    asked = set(tokenize(question))
    return any(t not in asked for word in NAME_WORD.findall(text) for t in tokenize(word))


def asks_for_date(question: str) -> bool:
    """True for "When was…", "In what year…": a count ("46 languages") does not answer."""
    return bool(_ASKS_DATE.search(question.strip()))


STATED_FLOOR = 0.5
"""A unit stating what a when, how-many or who question asks for may answer in the best
unit's place from this share of its score."""


_CONDITION = re.compile(
    r"\b(?:only if|unless|whenever|as long as|provided|only once)\b|[≥≤]"
    r"|(?<![-=<])[<>](?!=?>)"
)
""""…demands if p < 1/3", "…simplifies to δ ≥ 1/2"; not the arrow of "A -> B"."""
_IF = re.compile(r"\b(?:if|when)\b", re.I)
_CHOICE = re.compile(r"\bwhether\b", re.I)
"""A choice laid out ("decides whether to make a Demand… or Yield if challenged") sets a
problem up; its "if" is not the condition asked for."""


def states_condition(text: str) -> bool:
    """True when ``text`` states a condition: "demands if p < 1/3", "as long as δ ≥ 1/2".

    >>> states_condition("The Challenger demands if p < 1/3."), states_condition("A -> B")
    (True, False)
    >>> states_condition("A Challenger decides whether to make a Demand or Yield if challenged.")
    False
    """
    return bool(_CONDITION.search(text)) or bool(_IF.search(text) and not _CHOICE.search(text))


def asked_statement(question: str) -> Callable[[str], bool] | None:
    """What a unit must state to answer a question, else None.

    A when, how-many or who question needs a date, number or name, a why-is-it-called
    question a unit saying where the name comes from; a question quoting a
    term needs a unit naming it ("what exactly does 'quality' mean for a saturated liquid
    vapor mixture" was answered with a line on the mixture, not the one defining quality).
    """
    kind = _asked_kind(question)
    quoted = quoted_terms(question)
    if not quoted:
        return kind
    return lambda text: quoted <= terms_with_parts(text) and (kind is None or kind(text))


def _asked_kind(question: str) -> Callable[[str], bool] | None:
    if _ASKS_COMPLEXITY.search(question):
        # "what is the time complexity of hopcroft's minimization algorithm" quoted its
        # steps, over "…finds it in O(n log n) time" (a compilers probe).
        return lambda text: bool(_BIG_O.search(text))
    if asks_name_reason(question):
        return lambda text: bool(NAME_REASON.search(text))
    if asks_condition(question):
        return lambda text: states_condition(text) or states_date(text)
    if asks_mass(question):
        return states_mass
    if asks_share(question):
        return states_share
    if asks_duration(question):
        return states_duration
    if asks_temperature(question):
        return states_temperature
    if asks_for_number(question):
        return states_date if asks_for_date(question) else states_number
    if asks_maker(question):
        # "Who introduced the transformer architecture?": "Transformer Architecture: Self-
        # attention…" led the answer over "Vaswani et al., … — introduced Transformers".
        asked = set(tokenize(question))
        return lambda text: says_who_made(text, subject=asked) and states_a_name(text, question)
    if asks_who(question):
        return lambda text: states_a_name(text, question)
    return None


_ASKS_COMPLEXITY = re.compile(r"\b(?:complexity|big[- ]?o|running time|asymptotic)\b", re.I)
_BIG_O = re.compile(r"(?<!\w)[OΘΩo]\(")


def asks_for_number(question: str) -> bool:
    """True for "How many…", "When did…", "In what year…": the answer is a number or date.

    Not "How much…": "How much audio do you need to clone a voice?" is answered by
    "Clone specific voices using short samples" (train split of eval/questions.jsonl).
    """
    return bool(_ASKS_NUMBER.search(question.strip()))


def asks_quantity(question: str) -> bool:
    """True when the answer is a number or a date: "How many…", "What percentage of…"."""
    return (
        asks_for_number(question)
        or bool(_ASKS_MEASURE.search(question))
        or bool(_ASKS_SIZE_OF.match(question))
    )


_FACTOID = re.compile(
    rf"^\W*(?:who|whom|whose|when|how (?:many|much|long|old|{SIZE_WORDS})|{_WHICH_YEAR}|which)\b",
    re.I,
)
_AUXILIARY = frozenset(
    ["is", "are", "was", "were", "do", "does", "did", "should", "can", "could", "would",
     "will", "has", "have", "had", "must", "may", "might"]
)  # fmt: skip
_MEASURE_NOUNS = (
    r"(?:length|size|number|count|rate|percent|percentage|cost|price|speed|duration|resolution"
    r"|score|value|scale|rank|temperature|threshold|maximum|minimum|dose|dosage|population"
    r"|half[\s-]life)"
)
_ASKS_MEASURE = re.compile(
    # "Roughly what was the population of Constantinople…?" (a Byzantium probe).
    rf"^\W*{HEDGE}(?:(?:by|at|in|to|for|of)\s+)?"
    r"(?:what|which)(?:(?:'s|\s+is|\s+was|\s+are|\s+were)\s+the)?"
    # "What is temperature in sampling?" asks what the thing is, not its value.
    rf"(?!\s+(?:is|are|was|were)\s+(?:an?\s+)?{_MEASURE_NOUNS}s?\b)"
    # "what happened to the value of gold in cairo…" asks what changed (a West Africa probe).
    r"(?!\s+(?:does|do|did|happen(?:ed|s)?|became|changed)\b)\s+(?:[\w-]+\s+){0,3}?"
    rf"{_MEASURE_NOUNS}\b"
    # "What is the score used to evaluate images?" asks which score, a name (FID).
    r"(?!s?\s+(?:(?:that|which)\s+)?(?:(?:is|are)\s+)?(?:used\s+)?(?:to\s+|for\s+)?"
    r"(?:evaluat|measur|assess|judg|compar|grad)\w*)"
    rf"|\bin (?:tokens|seconds|minutes|hours|gb|mb|gigabytes|megabytes|bytes|pixels|dollars"
    rf"|parameters|words|{UNIT_NAMES})\W*$|\bhow many {UNIT_NAMES}\b",
    re.I,
)
"""A question for a quantity by its noun: "What is the context window length…", "What LoRA
rank should I pick…", "What sampling temperature should I use…"; not "What is temperature
in sampling?", which asks what it is (it was refused for stating no number), nor "What is
the score used to evaluate images?", which asks which one."""

_ASKS_SIZE_OF = re.compile(
    r"^\W*(?:at\s+|to\s+)?what\s+(?:magnitude|depth|height|weight|mass|distance|altitude"
    r"|elevation|wavelength|velocity|width|diameter|radius|pressure)\s+"
    r"(?:is|was|were|are|did|does|do|has|had)\b",
    re.I,
)
"""A quantity asked by its noun before the verb: "What magnitude was the 1995 Kobe
earthquake…?" was answered with the definition of magnitude and a sentence naming Kobe's
port (a seismology probe). The names after it are the thing measured."""


def measured_names(question: str, stats: TermStatistics, frame: Collection[str]) -> frozenset[str]:
    """The names a what-size question measures, or none when it asks no size by its noun.

    "Kobe" in "What magnitude was the 1995 Kobe earthquake?".

    >>> stats = TermStatistics(9, {"kobe": 1})
    >>> sorted(measured_names("What magnitude was the Kobe quake?", stats, ()))
    ['kobe']
    """
    match = _ASKS_SIZE_OF.match(question)
    if not match:
        return frozenset()
    return frozenset(
        t
        for word in NAME_WORD.findall(question[match.end() :])
        for t in tokenize(word)
        if stats.document_frequency.get(t, 0) > 0 and t not in frame
    )


@dataclass(frozen=True)
class AnswerType:
    """What a unit must hold to answer a factoid question; empty: any unit may answer.

    "Who directed the movie Inception?" matched the FID row on "Inception", and
    "How many parameters does GPT-4 have?" a list item naming GPT-4: units that
    share a rare word with the question but cannot be the answer.
    """

    terms: frozenset[str] = frozenset()
    """The question's rarest terms that the collection uses: all must be in the unit."""
    number: bool = False
    """The answer is a number or a date: the unit must state one of its own."""
    given_numbers: frozenset[str] = frozenset()
    """Numbers the question itself holds ("Claude 3"): stating them answers nothing."""
    date: bool = False
    """The answer is a date: the unit must state a year of its own, not any number."""
    names: frozenset[str] = frozenset()
    """Stems of the names the question asks about ("Stable Diffusion"): all must be there,
    whatever the rule for :attr:`terms`."""
    described: frozenset[str] = frozenset()
    """Stems of the names a what-does or how-does question asks about: a unit naming
    them only as items of a list says nothing of them (:func:`named_only_in_lists`)."""
    kind: str = ""
    """The stem of the noun a "What <noun> was…" question asks for ("dataset"): the unit
    that answers names it (:func:`asked_kind`)."""
    named_examples: bool = False
    """The question asks which models, tools or systems are examples of something: the
    unit that answers names several (:func:`asks_for_named_examples`)."""
    person: bool = False
    """A who-question (:func:`asks_who`): a sentence naming someone may answer it, even
    one that announces a list ("…ACID, coined by Theo Härder and Andreas Reuter:")."""
    maker: bool = False
    """A who-question for who made something (:func:`asks_maker`): the unit that answers
    says so ("… — introduced GANs"), or sits in rows labelled by their makers."""
    lettered: frozenset[tuple[str, str]] = frozenset()
    """Names made of a capital letter and a word ("T wave", "vitamin C"), as (letter, stem):
    a unit naming the same word with another letter only ("P wave — atrial
    depolarisation") is about something else (:func:`other_letter`)."""
    works: frozenset[str] = frozenset()
    """Stems of what a how-does question asks the working of ("penicillin" in "how does
    penicillin work"): a label giving something else's response to it ("Sensitivity to
    penicillin and lysozyme — Gram-positive: High…") does not answer
    (:func:`responds_to`)."""
    acronyms: tuple[tuple[str, frozenset[str]], ...] = ()
    """Names the question writes out, each as (the stem of its acronym, its stems): a unit
    holding the acronym holds the name ("introduced GANs" for "Generative Adversarial
    Networks")."""
    either: frozenset[str] = frozenset()
    """Key terms the question joins with "and": a unit stating one of them answers its part
    ("how long were the circumvallation and contravallation at alesia", a Celtic probe)."""
    initials: frozenset[tuple[str, str]] = frozenset()
    """The question's acronyms, as (stem, letters): headings that spell one out name it
    ("The Advanced Encryption Standard" above a line on "AES" rounds)."""
    mass: bool = False  # how heavy something is: a mass answers (numbers.asks_mass)


def answer_type(
    question: str,
    weights: Mapping[str, float],
    stats: TermStatistics,
    frame: frozenset[str] = frozenset(),
    margin: float = 0.7,
) -> AnswerType:
    """What a unit needs to answer ``question``, when it is a factoid question.

    A factoid question (:func:`_factoid_rest`) is answered by one unit that holds all its
    key terms: those weighing at least ``margin`` of the rarest, and the names it asks
    about (capitalised words), among the terms the collection uses at all (a word it
    never uses is no unit's fault; the passages' term coverage weighs it). "Which
    optimizers…" asks for a list whose items need not repeat its words, so it asks for
    nothing here. A question asking for a number
    or a date needs a unit that states one. ``frame`` holds the stems that frame a
    question rather than name its subject (:data:`rag.answer.asked.QUESTION_FRAME`).
    """
    number = asks_quantity(question)
    given = frozenset(_NUMBER.findall(question)) if number else frozenset()
    described = described_names(question) - frame
    kind = asked_kind(question, stats, frame)
    examples = asks_for_named_examples(question)
    rest = _factoid_rest(question)
    if rest is None:
        # Of people: "what was the total population of the ottoman empire…" (a probe).
        people = frozenset({POPULATION} if number and POPULATION in tokenize(question) else ())
        return AnswerType(
            why_term(question, weights, stats, frame) | people, number, given,
            asks_for_date(question), either=people | INHABITANTS if people else frozenset(),
            names=measured_names(question, stats, frame), described=described,
            kind=kind, named_examples=examples, person=asks_who(question),
            maker=asks_maker(question), works=worked_thing(question),
            lettered=lettered_names(question), mass=asks_mass(question),
        )  # fmt: skip
    # "many" frames it, as an everyday word beside what is counted ("How many hydrogen bonds
    # *hold* a G-C pair", a student's probe): not what a unit must say.
    counted = counted_noun(question)
    plain = {t for w in rest.split() if counted and everyday(w.strip("?,.;:")) for t in tokenize(w)}
    asked_terms = set(tokenize(rest)) - frame - (plain - {counted})
    asked_terms -= words_not_asked(question, counted)
    if asks_for_date(question):
        # "who invented PCR and in what year": a unit stating 1983 answers, without the
        # word "year" ("Kary Mullis conceived it in 1983", a molecular-methods probe).
        asked_terms -= _YEAR_WORDS
    used = stats.document_frequency
    asked = {t: w for t, w in weights.items() if t in asked_terms and used.get(t, 0) > 0}
    top = max(asked.values(), default=0.0)
    terms = frozenset(t for t, w in asked.items() if w >= margin * top)
    # The names it asks about, however common: "When was Stable Diffusion first
    # released?" was answered with "Released in 2018, … (BERT)…", which holds its
    # rarest word and not the name.
    names = frozenset(
        t
        for word in NAME_WORD.findall(rest)
        for t in tokenize(word)
        if stats.document_frequency.get(t, 0) > 0 and t not in frame
    )
    return AnswerType(
        terms, number, given, asks_for_date(question), names, described, kind, examples,
        asks_who(question), asks_maker(question), lettered_names(question), worked_thing(question),
        written_out(rest, names), frozenset(_joined(rest)) & terms | population_asked(counted),
        initials_asked(rest), asks_mass(question),
    )  # fmt: skip


_NAME = r"[a-z]*[A-Z][\w.·/-]*"
"""A word with a capital: "GPT", "PaLM", "xAI", "Gen-3"."""
_NAME_ENUMERATION = re.compile(
    rf"(?<![\w-]){_NAME}(?:\s+[A-Z0-9][\w.·/-]*)*"
    rf"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_NAME}"
)


def names_several(text: str) -> bool:
    """Whether ``text`` names two things or more in a row ("GPT, T5, and PaLM").

    >>> names_several("Models like GPT, T5, and PaLM generate paragraphs.")
    True
    >>> names_several("Transformer models dominate modern language generation.")
    False
    """
    return bool(_NAME_ENUMERATION.search(text.translate(_HYPHENS)))


_ASKS_KIND = re.compile(
    r"^\W*what\s+(?P<noun>[a-z][\w-]*(?<!s))\s+"
    r"(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\b",
    re.I,
)


def asked_kind(question: str, stats: TermStatistics, frame: frozenset[str] = frozenset()) -> str:
    """The stem of the noun "What <noun> was…" asks for, when the collection uses it.

    "What dataset was OpenAI's original GPT model trained on?" was answered with "The
    Generative Pre-trained Transformer (GPT) model was developed by OpenAI in 2018." —
    the sentence naming GPT — over the next one, "And it was trained on the BookCorpus
    dataset…" (blind train questions, twice). A framing noun ("What type…") asks for none.

    >>> asked_kind("What dataset was GPT trained on?", TermStatistics(5, {"dataset": 1}))
    'dataset'
    >>> asked_kind("What is GPT?", TermStatistics(5, {"gpt": 1}))
    ''
    """
    match = _ASKS_KIND.match(question)
    stems = tokenize(match.group("noun")) if match else []
    if len(stems) != 1 or stems[0] in frame or not stats.document_frequency.get(stems[0]):
        return ""
    return "" if stems[0] in _VALUE_KINDS else stems[0]


_VALUE_KINDS = frozenset(tokenize("colour color shape texture taste smell flavour flavor number"))
"""Nouns a value answers, not a word of the same kind: "what colour is the streak of
hematite" is "…its streak is always reddish-brown" (a mineralogy probe); "what number…"."""


def _factoid_rest(question: str) -> str | None:
    """What follows "who", "when", "how many/much/long/old" or a singular "which", or None.

    "Which programming language should…" asks for one thing; "Which fine-tuning
    libraries does…" for a list: a plural before the verb.
    """
    match = _FACTOID.match(question)
    if not match:
        return None
    rest = question[match.end() :]
    if match.group().lower().endswith("which"):
        # Up to five words: "Which OpenAI and Google tools are called…" asks for a list.
        for word in (w.lower().strip("?,.;:") for w in rest.split()[:5]):
            if word in _AUXILIARY:
                break
            if word.endswith("s") and not word.endswith("ss"):
                return None
    return rest


_JOINED = re.compile(r"\b([\w-]+)\s+and\s+(?:the\s+)?([\w-]+)\b")


def _joined(rest: str) -> set[str]:
    """The stems of two single words a question joins with "and" ("A and B")."""
    return {t for m in _JOINED.finditer(rest) for t in tokenize(f"{m[1]} {m[2]}")}


SPARE_ONE_FROM = 3
"""From this many key terms, a unit may lack one: a question describing its answer ("squeezes
its input into latent vectors…") uses words a unit paraphrases; two name a subject."""

_YEAR_WORDS = frozenset(tokenize("year date"))


def holds(answer: AnswerType, text: str, headings: str = "") -> bool:
    """True when ``text`` holds what ``answer`` asks (its ``headings`` count for terms)."""
    if answer.described and named_only_in_lists(text, answer.described):
        return False
    if answer.works and responds_to(text, answer.works):
        return False
    if answer.lettered and other_letter(text, answer.lettered):
        return False
    if answer.kind and not any(t.startswith(answer.kind) for t in terms_with_parts(text)):
        return False  # "BookCorpus dataset" names the "data" asked for
    if answer.named_examples and not names_several(text):
        return False
    found = terms_with_parts(f"{text} {headings}")
    found |= {s for acronym, stems in answer.acronyms if acronym in found for s in stems}  # GANs
    found |= {stem for stem, letters in answer.initials if spells(letters, f"{headings} {text}")}
    found |= abbreviated_genera(answer.names - found, answer.terms, text)  # "P. infestans"
    found |= verb_forms(found)  # "abolished": "the abolition of"
    missing = answer.terms - found - fellow_members(found)  # "capture": "conqueror"
    missing = frozenset(t for t in missing if not longer_form(t, found))  # "contin(ent)"
    missing -= answer.either if answer.either & found else frozenset()
    if len(missing) > (1 if len(answer.terms) >= SPARE_ONE_FROM else 0):
        return False
    if answer.names - found:
        return False
    if answer.maker and not says_who_made(text, headings, answer.terms | answer.names):
        return False
    if answer.date:
        return states_date(text)
    mass = not answer.mass or states_mass(text)  # "how heavy": "with a mass of 83.6 kg"
    return mass and (not answer.number or bool(quantities(text) - answer.given_numbers))
