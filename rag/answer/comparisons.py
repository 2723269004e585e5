"""What a comparison question sets side by side, and the units that answer it.

"What is the difference between GANs and VAEs?" is answered by one unit about each
side, or by one sentence that contrasts both ("Unlike discriminative models (which
classify or predict), generative models produce…"). Pure text rules over the evidence
units (:mod:`rag.answer.evidence`); :func:`rag.answer.extractive.choose_units` uses them.

Example:
    >>> comparison_sides("What makes GANs different from VAEs?")
    ('GANs', 'VAEs')
    >>> comparison_sides("How is BERT different from GPT in the way it processes text?")
    ('BERT', 'GPT')
    >>> comparison_sides("How fast does the AV node conduct compared with the Purkinje fibres?")
    ('the AV node conduct', 'the Purkinje fibres')
    >>> comparison_sides("diff between active n passive immunity??")
    ('active immunity', 'passive immunity')
    >>> comparison_sides("how were athens and sparta different?")
    ('athens', 'sparta')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.answer.headed import pronoun_named
from rag.answer.lists import block_of
from rag.answer.names import named_only_in_lists
from rag.answer.question_forms import question_names
from rag.retrieval.keyword import content_terms, tokenize, without_accents

_COMPARISON = re.compile(
    r"\bdif+(?:e?r(?:e?nces?|s)?)?\s+between\s+(?P<a>.+?)\s+(?:and|n|&)\s+(?P<b>.+?)\s*[?.!]*$"
    r"|\bcompare\s+(?P<c>.+?)\s+(?:and|with|to)\s+(?P<d>.+?)\s*[?.!]*$"
    r"|\bhow\s+(?:do|does|did|is|are|was|were)\s+(?P<e>.+?)\s+differ(?:ent)?\s+from\s+(?P<f>.+?)\s*[?.!]*$"
    # "how does the vix burial compare to hochdorf" (a Celtic Europe probe).
    r"|\bhow\s+(?:do|does|did)\s+(?P<o>.+?)\s+compare\s+(?:to|with|against)\s+(?P<p>.+?)\s*[?.!]*$"
    r"|\bhow\s+(?:do|does|did|is|are|was|were)\s+(?P<i>[^,?]+?)\s+and\s+(?P<j>[^,?]+?)"
    r"\s+differ(?:ent)?\b"
    r"|\bwhat\s+makes\s+(?P<k>.+?)\s+(?:different|distinct)\s+from\s+(?P<l>.+?)\s*[?.!]*$"
    r"|(?P<g>[\w-]+(?:\s+[\w-]+){0,3})\s+(?:vs\.?|versus)\s+(?P<h>[\w-]+(?:\s+[\w-]+){0,3}?)"
    r"\s*(?:[:,;?.!]|$)"
    # A measure of two things: "How fast does the AV node conduct compared with the
    # Purkinje fibres?"; not "Which way does Ekman transport move water compared with the
    # wind?", whose wind is the reference, not a side (a train question of a blind course).
    r"|^\W*how\s+(?:many|much|fast|slow|long|big|large|small|high|low|old|far)\b"
    r".*?\b(?:do|does|did|is|are|was|were)\s+(?P<m>.+?)\s+compared\s+(?:with|to)\s+"
    r"(?P<n>.+?)\s*[?.!]*$",
    re.I,
)
_ASKING_TAIL = re.compile(r"\s+(?:differences?|diff|comparison|compared)\W*$", re.I)
_ASKING_HEAD = re.compile(
    r"^(?:you|we|i|one)\s+(?:calculate|compute|measure|find|work\s+out|tell\s+apart)\s+", re.I
)
_SIDE_END = re.compile(
    r"\s+[-–—]\s|[,;:(?]|\s+(?:in\s+(?:the\s+way|how|terms\s+of)|when|regarding|with\s+respect\s+to)\s",
    re.I,
)
"""Where the second side ends and the question goes on: "How is BERT different from GPT
*in the way it processes text*?", "Compare VAEs and GANs *- how are they different…*"
(a student's probes)."""


def comparison_sides(question: str) -> tuple[str, str] | None:
    """The two things a "difference between X and Y" question compares, or None."""
    match = _COMPARISON.search(question.strip())
    if not match:
        return None
    found = [_SIDE_END.split(g, maxsplit=1)[0].strip() for g in match.groups() if g]
    # "orthologues vs paralogues difference?": the word asking, not the side's; "how do you
    # calculate mean intensity vs mean abundance" (a parasitology probe quoted one side).
    found = [_ASKING_HEAD.sub("", _ASKING_TAIL.sub("", side)) for side in found]
    if len(found) < 2 or not all(found):
        return None
    first, second = found[:2]
    modifier, _, head = second.partition(" ")
    bare = re.sub(r"^(?:the|an?)\s+", "", first, flags=re.I)
    if (
        head
        and " " not in bare
        and (
            (_QUALITY.fullmatch(bare) and _QUALITY.fullmatch(modifier))
            or (_ACRONYM.fullmatch(bare) and _ACRONYM.fullmatch(modifier))
            or (_PAIRED.fullmatch(bare) and _PAIRED.fullmatch(modifier))
        )
    ):
        # "the west and east hallstatt zones": the West Hallstatt zone, not "Celtic from
        # the West" (a Celtic Europe probe).
        first = bare
        # "active and passive immunity" compares active *immunity* with passive immunity:
        # read as "active" alone, the answer quoted T-cell "Activation" (a student's probe);
        # "ECB and CBC mode", ECB mode with CBC mode (a cryptography probe quoted one row).
        first = f"{first} {head}"
    return first, second


_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]+s?")
_QUALITY = re.compile(r"[a-z]+(?:ive|al|ic|ous|ary|ate|ant|ent|ar|ful|less|ible|able|ing)")
"""A lower-case word of an adjective's form: the side a shared noun follows."""
_PAIRED = re.compile(
    r"(?:west|east|north|south)(?:ern)?|early|late|upper|lower|inner|outer|left|right|old|new"
    r"|high|low|front|back|major|minor|first|second|primary|secondary|red|white|black"
    r"|broad|narrow|wide|strong|weak|hard|soft|open|closed|fast|slow|long|short|fine|coarse"
    r"|direct|indirect|simple|complex|light|heavy|dry|wet|hot|cold|small|large",
    re.I,
)
"""The words of a pair a shared noun follows: "the west and east Hallstatt zones"."""


CONTRAST_WITHIN = 5
"""A sentence contrasting both sides answers a comparison from among this many best units."""
_CONTRAST = re.compile(
    r"\b(?:unlike|whereas|while|in\s+contrast|rather\s+than|instead\s+of"
    # "An important distinction is between crown groups (…) and stem groups (…)" answers
    # how they differ; two lines naming one each were quoted (a history-of-life probe).
    r"|(?:distinction|difference)\s+(?:\w+\s+){0,2}?between)\b|;",
    re.I,
)
_SURFACE = re.compile(r"[a-z][a-z-]+")


def _surface(text: str) -> set[str]:
    """Words as written, lower case and unaccented, a plural "s" dropped.

    "discriminative" is not "Discriminator", which the stemmer makes one word; a student's
    "cinematographe" is the table's "Cinématographe" (a cinema probe).
    """
    return {w.removesuffix("s") for w in _SURFACE.findall(without_accents(text.lower()))}


def contrasting_unit(sides: tuple[str, str], ranked: Sequence[ScoredUnit]) -> EvidenceUnit | None:
    """A sentence that sets the two sides against each other, in the words asked, or None.

    "what's the difference between discriminative and generative models" was answered
    first with the GAN row "Generator vs. Discriminator…" (one stem for "discriminative"
    and "Discriminator"), then "Unlike discriminative models (which classify or
    predict), generative models produce novel outputs…", which says it all (a probe).
    """
    wanted = [_side_words(side) for side in sides]
    if not all(wanted):
        return None
    for scored in ranked:
        unit = scored.unit
        words = _surface(unit.text)
        contrasts = unit.kind == "sentence" and _CONTRAST.search(unit.text)
        if contrasts and all(w <= words for w in wanted):
            return unit
    return None


def each_side_told(
    sides: tuple[str, str], chosen: Sequence[EvidenceUnit], contrast: EvidenceUnit
) -> bool:
    r"""Whether each side's sentence says what it is, over a contrast joined by a semicolon.

    "what is the difference between akhbaris and usulis" was answered "The Akhbari position
    was strong in the later Safavid period; the Usulis triumphed in the late eighteenth
    century…", who won, not "Akhbaris… held that Shi'is should rely directly on the
    reports…" and "Usulis defended ijtihad…" (a Safavid history probe).

    >>> from rag.answer.evidence import split_units
    >>> a, b, won = split_units(0, "Akhbaris held that the reports suffice. Usulis defended "
    ...     "reasoned law. The Akhbari side was strong at first; the Usulis won later.\n")
    >>> each_side_told(("akhbaris", "usulis"), [a, b], won)
    True
    """
    if _CONTRAST.search(contrast.text.replace(";", " ")) or contrast in chosen or len(chosen) != 2:
        return False
    # Or each side's item of one list, labelled by it: "Woodcut — a relief process…" and
    # "Engraving — an intaglio process…", not "Dürer's fifteen woodcuts… and his three
    # "master engravings"…" (an art history probe); "Assimilation: …" and "Accommodation:
    # …", not "When assimilation fails…; accommodation restores balance…" (a developmental
    # psychology probe).
    first, second = chosen
    if (
        first.kind == second.kind == "list_item"
        and (first.passage, first.block) == (second.passage, second.block)
        and all(
            _side_words(side) <= _surface(unit.subject)
            for side, unit in zip(sides, chosen, strict=True)
        )
    ):
        return True
    return all(
        unit.kind == "sentence" and _side_words(side) <= _surface(" ".join(unit.text.split()[:3]))
        for side, unit in zip(sides, chosen, strict=True)
    )


def comparing_table(
    question: str,
    sides: tuple[str, str],
    ranked: Sequence[ScoredUnit],
    units: Sequence[EvidenceUnit],
) -> list[EvidenceUnit]:
    """The rows of a table whose columns are the two sides, when one is among ``ranked``.

    "whats the diffrence between presidential and congresional reconstruction" was
    answered with a sentence on Andrew Johnson and one row of "The two programs
    compared:" (a student's probe of a Civil War course); every row of it compares them.
    Only for a question asking how they differ, not in one respect, and only a table
    whose header names both: a timeline row "2014–2017: GANs & VAEs" compares nothing.
    """
    wanted = [_side_words(side) for side in sides]
    if not all(wanted) or set(tokenize(question)) - _COMPARING - set(tokenize(" ".join(sides))):
        return []  # a side missing, or one aspect asked: "Compare Paxos and Raft: can the log…"
    # Or its columns named by each side's first word: "compare the hochdorf and vix
    # burials" is the table headed "Feature | Hochdorf | Vix" (a Celtic probe).
    names = [_side_words(_ARTICLE.sub("", side).split(" ", 1)[0]) for side in sides]
    for scored in ranked:
        unit = scored.unit
        header = _surface(unit.context.rsplit(" > ", 1)[-1])
        if unit.kind == "table_row" and (
            all(w <= header for w in wanted) or all(n and n <= header for n in names)
        ):
            # Not over the notes' own entry for each: "**Definitive host**: the host in
            # which…" and "**Intermediate host**: …" over the table of parasites whose
            # columns they head (a parasitology probe).
            return _labelled_entries(sides, units) or block_of(unit, units)
    return []


def _labelled_entries(sides: Sequence[str], units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The line labelled by each side ("Definitive host: …"), when both have one; else []."""
    found = []
    for side in sides:
        phrase = _phrase(re.split(rf"{_SPACE_OR_HYPHEN}+", _ARTICLE.sub("", side.lower())))
        entry = next(
            (
                u for u in units
                if u.kind in ("list_item", "definition")
                and phrase.fullmatch(_ARTICLE.sub("", u.subject.lower().strip()))
            ),
            None,
        )  # fmt: skip
        if entry is None:
            return []
        found.append(entry)
    return found


def table_of_the_named(
    question: str, ranked: Sequence[ScoredUnit], units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """The rows of a table whose header names two things the question names, or none.

    "What were the main points the Latin and Greek churches disagreed on around the 1054
    schism?" was answered with the definition of a schism; the table headed "Issue |
    Latin (Roman) position | Greek (Byzantine) position" sets out every point (a
    Byzantium probe). Only when one of its rows is among the best units.
    """
    kind = _LISTED_KIND.match(question)
    if kind:
        # Or whose first column is the kind asked for, in the best unit's section: "list
        # the main interpretations of quantum mechanics" is the rows under "Interpretation
        # | Origin | Central claim", not "…there is no consensus on what it means." (a
        # quantum probe); "what are the models in the claude 3 family" not the table of
        # model types of another section (train).
        section = ranked[0].unit.context.split(" > ", 1)[0] if ranked else ""
        for scored in ranked[:CONTRAST_WITHIN]:
            columns = scored.unit.context.rsplit(" > ", 1)[-1].split()
            listed = bool(columns) and _surface(columns[0]) == _surface(kind["kind"])
            same_section = scored.unit.context.split(" > ", 1)[0] == section
            if scored.unit.kind == "table_row" and listed and same_section:
                return block_of(scored.unit, units)
    named = {w.lower() for w in question_names(question)[1:]}
    if len(named) < 2:
        return []
    for scored in ranked[:CONTRAST_WITHIN]:
        unit = scored.unit
        header = _surface(unit.context.rsplit(" > ", 1)[-1])
        if unit.kind == "table_row" and len(named & header) >= 2:
            rows = block_of(unit, units)
            # The one row the question names: "Which countries were in the Third Coalition
            # against France?" is the row "Third", not all seven (a modern Europe probe).
            row = [r for r in rows if _surface(r.subject) and _surface(r.subject) <= named]
            return row if len(row) == 1 else rows
    return []


_LISTED_KIND = re.compile(
    r"^\W*(?:list|name|what\s+(?:are|were))\s+(?:the\s+)?(?:(?:main|major|key|different)\s+)?"
    r"(?P<kind>[a-z]+s)\b",
    re.I,
)
_COMPARING = frozenset(
    [*tokenize("difference diff diffrence compare comparison contrast between main key"), "whats",
     "vs", "versus"]  # "broca vs wernicke aphasia differences" (a cognitive psychology probe)
)  # fmt: skip
"""Words of a question that asks only how two things differ."""


def says_side(side: str, unit: EvidenceUnit) -> bool:
    """Whether ``unit`` names ``side`` in the words asked, not only in the same stem."""
    return _side_words(side) <= _surface(f"{unit.subject} {unit.text}")


def _side_words(side: str) -> set[str]:
    """The words that name a side, as written (:func:`_surface`), without :data:`STOP_SIDE`."""
    return _surface(side) - set(STOP_SIDE)


STOP_SIDE = ("the", "a", "an", "of", "and", "or", "ai", "model", "models")
"""Words of a side that name no side ("discriminative *models*" against "generative AI")."""


def best_about(
    side: str,
    other: str,
    ranked: Sequence[ScoredUnit],
    exclude: Sequence[EvidenceUnit] = (),
    *,
    undated_first: bool = False,
    states: Callable[[str], bool] | None = None,
) -> EvidenceUnit | None:
    """The best unit about ``side`` of a comparison: saying something of it, not about ``other``.

    "GANs, VAEs, and transformers are foundational" mentions both sides and says
    nothing about either; "Generative Adversarial Networks (GANs): Generator vs.
    Discriminator" is about one. A sentence naming its side only through its heading
    ("It uses a 12-layer transformer decoder…" under "GPT") is about it too, and comes
    led by the heading (:func:`rag.answer.headed.pronoun_named`).

    A list that only names the side among others ("Large Language Models (LLMs): GPT
    series, LLaMA, …") says nothing of it and comes last. With ``undated_first``, a unit
    that dates its side comes after one that says what it is or does: "the difference
    between BERT and GPT" was "Released in 2018, … (BERT) was one of the first foundation
    models" and "The … (GPT) model was developed by OpenAI in 2018", over "BERT is a
    bidirectional model…" (a student's probe). A unit that ``states`` what is asked comes
    first: "How fast does the AV node conduct compared with the Purkinje fibres?" is "…
    conducts at 2–4 m/s", not "Sunao Tawara … traced the whole pathway to the Purkinje
    fibres" (a student's probe).
    """
    # A word both sides share is no sign of the other: "system" in "Closed system (control
    # mass): …" for "the diff between a closed system and an open system" (train).
    terms = _spaced_terms(side)
    other_terms = _spaced_terms(other) - terms
    if not terms:
        return None
    # Named as asked, the words together: Tulving's "…into episodic memory, for… and
    # semantic memory, for…" over "Episodic buffer — … long-term memory" (train).
    words = re.split(rf"{_SPACE_OR_HYPHEN}+", _ARTICLE.sub("", side.lower()))
    phrase = _phrase(words)
    own = [w for w in words if _spaced_terms(w) - _spaced_terms(other)]
    named = _ARTICLE.sub("", side).split()
    # Not when the acronym is the whole side: "EKF-SLAM" splits into two words at its
    # hyphen and recursed on itself forever (a robotics probe crashed).
    acronym = len(named) > 1 and _ACRONYM.fullmatch(named[0])
    if len(own) == 1 < len(words) and own == words[:1] and acronym:
        # An acronym is its own name, the head noun both sides share is not: "ECB mode" is
        # the row "ECB — Parallel encryption: Yes…", not the "ECB penguin … in ECB mode".
        found = best_about(
            named[0], other, ranked, exclude, undated_first=undated_first, states=states
        )
        if found is not None:
            return found
    best: tuple[tuple[int, int, int, int, int, int, int, float], EvidenceUnit] | None = None
    for scored in ranked:
        unit = pronoun_named(scored.unit)
        if scored.unit in exclude or unit in exclude:
            continue
        # Not through a heading naming both: "A shading technique decides where…" under
        # "Flat, Gouraud and Phong Shading" was the Phong side (a computer graphics probe).
        subject = "" if other_terms & _spaced_terms(unit.subject) else unit.subject
        if not terms <= _spaced_terms(f"{subject} {unit.text}"):
            continue
        key = (
            int(not named_only_in_lists(unit.text, terms)),
            int(states is None or states(unit.text)),
            int(undated_first and not _DATED.match(unit.text)),
            int(bool(terms <= _spaced_terms(unit.subject))),
            # The side's own entry, not a row naming it among more: "Toxin: a toxicant
            # produced by a living organism…" over "Botulinum toxin: 0.00001" for "the
            # difference between a toxin and a toxicant" (a toxicology probe).
            _own_entry(phrase, unit),
            int(bool(phrase.search(f"{unit.subject} {unit.text}".lower()))),
            int(not (other_terms & _spaced_terms(unit.text))),
            scored.score,
        )
        if best is None or key > best[0]:
            best = (key, unit)
    head = _OF_TAIL.split(side, maxsplit=1)[0]
    if best is None and head != side and _spaced_terms(head) & _spaced_terms(other):
        # Without what both are of: "structural equivalence of types" is the row
        # "Structural equivalence: …" (a compilers probe quoted the other side alone); not
        # "the brain size of homo habilis", whose head is what is compared (a probe).
        return best_about(head, other, ranked, exclude, undated_first=undated_first, states=states)
    # Only a head noun both share, after the side's own words: not "in SQL" of "UNION ALL
    # in SQL" against "UNION".
    if best is None and 0 < len(own) < len(words) and own == words[: len(own)]:
        # Nor need a unit say it: "altricial and precocial chicks" is answered by the rows
        # "Altricial: Naked…" and "Precocial: Downy…" (an ornithology probe quoted one side).
        return best_about(
            " ".join(own), other, ranked, exclude, undated_first=undated_first, states=states
        )
    return best[1] if best else None


def _phrase(words: Sequence[str]) -> re.Pattern[str]:
    """``words`` in a row, a space or hyphen between, the last maybe plural."""
    joined = _SPACE_OR_HYPHEN.join(map(re.escape, words))
    return re.compile(rf"\b{joined}s?\b")


_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_OF_TAIL = re.compile(r"\s+of\s+", re.I)
_HYPHEN = r"[-‐‑]"
"""A hyphen as typed, or the Unicode hyphen and non-breaking hyphen notes are written with."""
_SPACE_OR_HYPHEN = rf"(?:\s|{_HYPHEN})"


def _spaced_terms(text: str) -> set[str]:
    """Content terms, a hyphenated word read as its parts.

    "zero order vs first order kinetics" asks about "First-order kinetics" (a toxicology
    probe quoted one side).
    """
    return content_terms(re.sub(rf"(?<=\w){_HYPHEN}(?=\w)", " ", text))


_DEFINING = re.compile(r"(?:\s*\([^()]*\))?(?:\s+(?:is|are|refers\s+to|means)\s|\s*[.:—–]\s)")
_QUALIFIED = re.compile(r"^(?:The|An?)\s+[a-z]+\s")
_DOING = re.compile(r"(?:\s*\([^()]*\))?\s+[a-z]{3,}s\s+(?:the|an?|each|its|their|every|of)\s")
"""After a side that opens a unit: a sentence defining it, or a label ("First-order
kinetics. A constant fraction…"), maybe with its bracket ("West Hallstatt zone (eastern
France, …): elite burials…", a Celtic probe). :data:`_DOING` after it, a sentence saying
what it does, counts for less: "Phong shading (Phong, 1975) interpolates the normals…" over
"Do not confuse the Phong reflection model … with Phong shading…" (a computer graphics
probe); not "Cytotrophoblast cells push into the syncytium…", whose plural noun is no verb
(an embryology probe's re-judge)."""


def _own_entry(side: re.Pattern[str], unit: EvidenceUnit) -> int:
    """How far ``unit`` is the side's own entry, 0 to 2.

    2: headed by it, labelled or defining it; 1: opening on it to say what it does.
    """
    subject = _ARTICLE.sub("", unit.subject.lower().strip())
    text = _ARTICLE.sub("", unit.text.lower())
    # Or after a word that tells it apart: "The inner cytotrophoblast consists of…"; not a
    # kind of it named so: "Botulinum toxin: 0.00001" is no entry for the toxin.
    start = side.match(text)
    if start is None and _QUALIFIED.match(unit.text):
        start = side.match(text, len(text.split(" ", 1)[0]) + 1)
    if side.fullmatch(subject) or (start and _DEFINING.match(text, start.end())):
        return 2
    return int(bool(start and _DOING.match(text, start.end())))


_DATED = re.compile(
    r"(?=.*\b(?:1[5-9]|20)\d\d\b)"
    r"(?=.*\b(?:released|developed|introduced|launched|published|founded|created|appeared)\b)",
    re.I,
)
"""A unit that says when its thing came: a year and a verb of making. "Adverse selection
arises before a deal, as in George Akerlof's 1970 'market for lemons'…" holds a year and
says what adverse selection is (a microeconomics train question)."""


def in_parallel(
    sides: tuple[str, str], chosen: Sequence[EvidenceUnit], units: Sequence[EvidenceUnit]
) -> list[EvidenceUnit]:
    """One line per side, from one list when the list has a line for each.

    "difference between the west and east hallstatt zones" quoted "…the princely seats
    of the West Hallstatt zone declined…" beside the list item "East Hallstatt zone
    (Austria, Slovenia…): warrior graves…", whose sibling "West Hallstatt zone (eastern
    France…): elite burials…" scored a little lower (a Celtic Europe probe).
    """
    listed = [u for u in chosen if u.kind in ("list_item", "table_row")]
    if len(chosen) != 2 or len(listed) != 1:
        return list(chosen)
    (item,) = listed
    index = 1 - chosen.index(item)
    if _side_words(sides[index]) <= _surface(" ".join(chosen[index].text.split()[:4])):
        # A sentence opening on its side says what it is: "Transmission delay is the time to
        # push all of a packet's bits onto the link…", not the worked example's list line.
        return list(chosen)
    sibling = next(
        (u for u in units if (u.passage, u.block) == (item.passage, item.block)
         and u != item and says_side(sides[index], u)),
        None,
    )  # fmt: skip
    if sibling is None:
        return list(chosen)
    return [sibling, item] if index == 0 else [item, sibling]
