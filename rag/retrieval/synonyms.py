"""Words a student asks with and the words course texts use for the same thing.

Students paraphrase: "What are the *downsides*…" of a text that lists "Risks:",
"What *traits* does a foundation model have?" of one headed "Characteristics:",
"Which tools make *pictures*…" of one that says "images". A stemmer does not bridge
these, and the word embeddings of a small sentence model are too noisy to trust
word by word (all-MiniLM-L6-v2 puts "football" as close to "gaming", 0.51, as
"hardware" to "GPUs", 0.50). So this is a short, hand-written table of general
study vocabulary, not of any one course's facts.

It is used in one direction only: a question word the indexed collection never uses
is read as its group (:func:`synonym_group`), and a unit holds the group when it holds
any member. A word the collection uses keeps its own meaning, so an exact match is
never traded for a neighbour.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from rag.retrieval.keyword import tokenize

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("trait", "characteristic", "feature", "property", "attribute", "hallmark"),
    ("downside", "drawback", "disadvantage", "risk", "danger", "harm", "pitfall",
     "shortcoming", "limitation", "concern"),
    ("benefit", "advantage", "strength", "upside"),
    ("researcher", "scientist"),
    ("hardware", "gpu", "gpus", "tpu", "tpus", "accelerator"),
    ("environmental", "environment", "energy", "carbon", "emissions", "climate"),
    ("step", "stage", "phase"),
    ("picture", "photo", "photograph", "image"),
    ("film", "movie", "video"),
    ("song", "melody", "music"),
    ("speech", "voice", "audio"),
    ("software", "program", "code"),
    ("doctor", "medicine", "medical", "health", "healthcare"),
    ("school", "teaching", "teacher", "education"),
    ("bank", "banking", "finance", "financial"),
    ("inventor", "creator", "author"),
    ("observe", "observation", "notice", "spot", "see", "saw", "seen"),
    ("baby", "infant", "newborn", "neonate"),
    # A student's words for the notes' anatomy and sexes: "the front part of the
    # pituitary", "why do boys get colour blindness" (students' probes).
    ("front", "anterior"), ("back", "posterior", "rear"),
    ("boy", "male"), ("girl", "female"),
    ("trouble", "difficulty", "distress"),
    ("history", "evolution", "timeline"),
    ("era", "period", "epoch"),
    ("screenwriting", "screenplay", "script"),
    ("background", "prerequisite"),
    ("large", "big", "huge"),
    ("larger", "bigger"), ("largest", "biggest"),
    ("classify", "classification", "categorize", "categorise", "category", "categories"),
    ("deployment", "deploy", "shipping", "serving", "launch", "launched"),
    ("efficient", "cheap", "cheaper", "cheaply", "inexpensive", "affordable"),
    ("influenza", "flu"),
    ("hepatitis", "hep"),
    ("separate", "distinct"),
    # "why did the mongol empire break up into different khanates?" of notes headed "Why
    # Did the Empire Fragment?" (a student's probe).
    ("fragment", "break", "split", "disintegrate"),
    # "Why were the Greeks able to beat the Persians…?" of notes headed "Why the Greeks
    # Won" (a student's probe).
    ("defeat", "beat", "win", "won", "victory", "victorious", "overthrow", "overthrew"),
    # "How much did China's registered population drop…?" of "…fell from about 53 million"
    # (a student's probe).
    ("fall", "fell", "drop", "decline", "decrease"),
    # "What reasons did Greek cities have for sending out colonies?" of "Motives combined
    # several factors:" (a student's probe).
    ("motive", "reason", "motivation", "rationale"),
    # "who invented PCR and in what year" of "Kary Mullis conceived it in 1983" (a
    # molecular-methods probe).
    ("invent", "conceive", "devise"),
    # "who set up the first psychology lab and when" of "Wundt founded the first
    # laboratory of experimental psychology" (a cognitive psychology probe).
    ("lab", "laboratory"),
    # "how did brunelleschi prove that linear perspective works" of "Brunelleschi
    # demonstrated the principle with a small painted panel" (an art history probe).
    ("prove", "demonstrate"),
    # "who led the army that saved vienna in 1683" of "…until a relief army, led by King
    # Jan III Sobieski…" (an Ottoman history probe quoted the besieger's line).
    ("rescue", "save", "relief", "relieve"),
    # "who led the muslim invasian of spain in 711" of notes that call it a conquest, "what
    # year did castile capture seville" of a table of conquests (al-Andalus probes).
    ("invasion", "invade", "conquest", "conquer", "capture"),
    # "why was the muslim conquest of spain so quick" of "…it explains the speed of the
    # conquest" (an al-Andalus probe was refused: "the material never uses “quick”").
    ("speed", "quick", "swift"),
    # "who were the 4 claimants to the english throne in 1066" of the claimants' table under
    # "1066: The Succession Crisis…" (an Anglo-Saxon probe was refused).
    ("throne", "crown", "succession"),
)  # fmt: skip
"""Each group: words that name one thing in a study question about course material.

Members are stemmed like the index (:func:`rag.retrieval.keyword.tokenize`), so a word
whose stem is another word's is left out: "weakness" stems to "weak", "tune" is the
stem of "instruction tuning", "law" of "Scaling Laws"."""

GROUP_MARK = "≈"
"""Prefix of a group's term: no tokenizer makes it, so it never collides with a word."""


@lru_cache(maxsize=1)
def _groups_by_stem() -> dict[str, str]:
    """Each member's stem → its group's term ("≈" + the first member's stem)."""
    by_stem: dict[str, str] = {}
    for group in SYNONYM_GROUPS:
        stems = [tokenize(word)[0] for word in group]
        for stem in stems:
            by_stem.setdefault(stem, GROUP_MARK + stems[0])
    return by_stem


def synonym_group(stem: str) -> str | None:
    """The group term of a stemmed word, or None when it is in no group.

    >>> synonym_group("downsid"), synonym_group("transform")
    ('≈downsid', None)
    """
    return _groups_by_stem().get(stem)


def grouped_words() -> list[str]:
    """Every group's members as written, to read a student's typo of one."""
    return [word for group in SYNONYM_GROUPS for word in group]


def group_members(group: str) -> list[str]:
    """The stems of a group term's members, in the table's order."""
    return [stem for stem, term in _groups_by_stem().items() if term == group]


def fellow_members(terms: set[str]) -> set[str]:
    """The stems of the other members of each of ``terms``' groups.

    >>> sorted(fellow_members({"conquest"}))[:3]
    ['captur', 'conquer', 'invad']
    """
    groups = _groups_by_stem()
    held = {groups[t] for t in terms if t in groups}
    return {stem for stem, group in groups.items() if group in held} - terms


def with_groups(terms: set[str]) -> set[str]:
    """``terms`` and the group term of each that is in a group."""
    groups = _groups_by_stem()
    return terms | {groups[t] for t in terms if t in groups}


def synonyms_of(stem: str) -> list[str]:
    """The stems of the other members of ``stem``'s group; empty when it is in none.

    >>> synonyms_of("histori")
    ['evolut', 'timelin']
    """
    group = synonym_group(stem)
    return [m for m in group_members(group) if m != stem] if group else []


def read_as_used(stem: str, used: Callable[[str], bool]) -> str:
    """``stem``, or the first synonym of it that ``used`` accepts when ``stem`` is unused.

    The one direction of this table (a word the collection never uses is read as one it
    does), for whatever "used" means to the caller: a chunk of the index holds it
    (coverage), or a passage a quiz retrieved does.

    >>> read_as_used("histori", {"evolut"}.__contains__), read_as_used("gan", set().__contains__)
    ('evolut', 'gan')
    """
    if used(stem):
        return stem
    return next((s for s in synonyms_of(stem) if used(s)), stem)


FORMULAS = {
    "CO2": "carbon dioxide", "H2O": "water", "O2": "oxygen", "N2": "nitrogen",
    "H2": "hydrogen", "CH4": "methane", "NH3": "ammonia", "O3": "ozone",
    "NaCl": "sodium chloride", "SO2": "sulfur dioxide", "NO2": "nitrogen dioxide",
    "N2O": "nitrous oxide", "H2O2": "hydrogen peroxide", "HCl": "hydrochloric acid",
    "H2SO4": "sulfuric acid", "NaOH": "sodium hydroxide", "CaCO3": "calcium carbonate",
    "C6H12O6": "glucose",
}  # fmt: skip
"""Formulas a student types for what notes may only name: general chemistry, not a course's
facts. "how many ATP and NADPH does the calvin cycle use per 3 CO2" was refused ("no
passage names “3 CO2”") by notes that write "three molecules of carbon dioxide" (a
newcomer's own course)."""


def formulas_named(terms: set[str] | frozenset[str]) -> set[str]:
    """The formulas (as stems) whose names' every word is among ``terms``.

    A passage that writes "three molecules of carbon dioxide" names "3 CO2".

    >>> sorted(formulas_named({"carbon", "dioxid", "water"}))
    ['co2', 'h2o']
    """
    return {formula for formula, stems in formula_stems() if stems <= terms}


@lru_cache(maxsize=1)
def formula_stems() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each formula of :data:`FORMULAS` in lower case, with the stems of its name."""
    return tuple((formula.lower(), frozenset(tokenize(name))) for formula, name in FORMULAS.items())
