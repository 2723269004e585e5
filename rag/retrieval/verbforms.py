"""The forms of an irregular verb, which a stemmer keeps apart: "lose" and "lost".

And a verb's agent noun: "carry" and "carrier" (:data:`AGENT_NOUNS`); the noun of its
action: "abolish" and "abolition" (:data:`ACTION_NOUNS`); an adjective's noun: "strong" and
"strength" (:data:`QUALITY_NOUNS`).

"how much territory did prussia lose at tilsit" was refused while the notes say "Prussia
lost all its lands west of the Elbe…" (a blind train question of a history course):
the stemmer leaves "lost" and "lose" two words, and a student asks with "did … lose",
"who won", "when did it begin" of notes that say "lost", "won", "began". Only verbs
whose past forms name nothing else are listed ("found", "left", "saw", "felt", "rose"
and "lay" are other words too). Pure; used where the answer scorer reads a unit's terms
(:func:`rag.answer.asked.unit_terms`), never by the stored keyword index.

Example:
    >>> sorted(verb_forms({"lost", "prussia"}))
    ['lose']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rag.retrieval.keyword import tokenize

IRREGULAR_VERBS: tuple[tuple[str, ...], ...] = (
    ("lose", "lost"), ("win", "won"), ("begin", "began", "begun"), ("fight", "fought"),
    ("sell", "sold"), ("pay", "paid"), ("lead", "led"), ("fall", "fell", "fallen"),
    ("hold", "held"), ("send", "sent"), ("bring", "brought"), ("think", "thought"),
    ("teach", "taught"), ("catch", "caught"), ("drive", "drove", "driven"),
    ("choose", "chose", "chosen"), ("freeze", "froze", "frozen"), ("break", "broke", "broken"),
    ("speak", "spoke", "spoken"), ("run", "ran"), ("know", "knew", "known"),
    ("grow", "grew", "grown"), ("throw", "threw", "thrown"), ("draw", "drew", "drawn"),
    ("meet", "met"), ("keep", "kept"), ("stand", "stood"), ("understand", "understood"),
    ("tell", "told"), ("strike", "struck"), ("spend", "spent"), ("flee", "fled"),
    ("seek", "sought"), ("buy", "bought"), ("hide", "hid", "hidden"),
    ("shake", "shook", "shaken"), ("forget", "forgot", "forgotten"), ("eat", "ate", "eaten"),
    ("slay", "slew", "slain"), ("deal", "dealt"), ("dig", "dug"), ("swear", "swore", "sworn"),
    ("steal", "stole", "stolen"), ("ride", "rode", "ridden"), ("sing", "sang", "sung"),
    ("sink", "sank", "sunk"), ("swim", "swam", "swum"), ("shoot", "shot"), ("feed", "fed"),
    ("breed", "bred"), ("bleed", "bled"), ("arise", "arose", "arisen"),
    ("withdraw", "withdrew", "withdrawn"), ("overthrow", "overthrew", "overthrown"),
    ("forbid", "forbade", "forbidden"), ("sleep", "slept"), ("lend", "lent"),
    ("hang", "hung"), ("stick", "stuck"), ("blow", "blew", "blown"), ("fly", "flew", "flown"),
    ("beat", "beaten"), ("bite", "bit", "bitten"), ("weep", "wept"), ("sweep", "swept"),
    ("creep", "crept"), ("undertake", "undertook", "undertaken"),
    ("overcome", "overcame"), ("forgive", "forgave", "forgiven"), ("foresee", "foresaw"),
    ("mistake", "mistook", "mistaken"), ("shrink", "shrank", "shrunk"),
    ("spring", "sprang", "sprung"), ("strive", "strove", "striven"), ("wake", "woke", "woken"),
)  # fmt: skip
"""Each row: one verb's forms. Stemmed like the index, so "begins" and "beginning" join."""

AGENT_NOUNS: tuple[tuple[str, ...], ...] = (
    ("carry", "carrier"), ("supply", "supplier"), ("rule", "ruler"), ("teach", "teacher"),
    ("invent", "inventor"), ("conquer", "conqueror"), ("govern", "governor"),
    ("settle", "settler"), ("explore", "explorer"), ("produce", "producer"),
    ("consume", "consumer"), ("employ", "employer"), ("own", "owner"),
    ("inhibit", "inhibitor"), ("repress", "repressor"), ("transport", "transporter"),
    ("regulate", "regulator"), ("activate", "activator"), ("discover", "discoverer"),
    ("claim", "claimant"),
)  # fmt: skip
"""A verb and the noun for what does it, which the stemmer keeps apart too: "how many
people carry the cystic fibrosis gene" of notes that give "the carrier frequency … about
1 in 25" (a student's probe of a genetics course). Only nouns that name nothing else."""


ACTION_NOUNS: tuple[tuple[str, ...], ...] = (
    ("abolish", "abolition"), ("invade", "invasion"), ("decide", "decision"),
    ("expand", "expansion"), ("reduce", "reduction"), ("unify", "unification"),
    ("convert", "conversion"), ("admit", "admission"), ("extend", "extension"),
    ("describe", "description"),
    ("demolish", "demolition"), ("destroy", "destruction"), ("explode", "explosion"),
    ("collide", "collision"), ("intervene", "intervention"), ("revise", "revision"),
    ("conclude", "conclusion"), ("exclude", "exclusion"), ("include", "inclusion"),
    ("permit", "permission"), ("submit", "submission"), ("transmit", "transmission"),
    ("pay", "payment"),
)  # fmt: skip
"""A verb and the noun of its action, which the stemmer keeps apart ("abolish", "abolit"):
"when were the domains abolished and replaced by prefectures" was refused while the notes
say "…proclaimed the abolition of the domains and establishment of prefectures" (a Meiji
probe). Only pairs whose stems differ and whose noun names nothing else (not "occupation",
a job, nor "division", an army's)."""

QUALITY_NOUNS: tuple[tuple[str, ...], ...] = (
    ("strong", "strength"), ("wide", "width"), ("deep", "depth"), ("broad", "breadth"),
    ("high", "height"),
)  # fmt: skip
"""An adjective and the noun of its quality: "what made roman concrete so strong" of notes
saying "Its strength came from pozzolana…" (an architecture probe)."""


@lru_cache(maxsize=1)
def _families() -> dict[str, frozenset[str]]:
    """Each form's stem → the stems of its verb's other forms."""
    by_stem: dict[str, frozenset[str]] = {}
    for verb in IRREGULAR_VERBS + AGENT_NOUNS + ACTION_NOUNS + QUALITY_NOUNS:
        stems = frozenset(stem for word in verb for stem in tokenize(word))
        for stem in stems:
            by_stem[stem] = by_stem.get(stem, frozenset()) | (stems - {stem})
    return by_stem


def verb_forms(terms: Iterable[str]) -> set[str]:
    """The stems of the other forms of every irregular verb among ``terms``."""
    families = _families()
    return {form for term in terms for form in families.get(term, ())}
