"""Wrong options that are plausible and still wrong.

Distractors are terms of the answer's kind taken from the retrieved passages: first
the answer's own table column or list, then answers of the same sort (list heads,
examples...) and broad kind (acronym, name, concept), the closest to the answer in
meaning (embedding similarity, passed in as a function), but never in the quote,
never overlapping the answer, and never stated together with the question's clue
anywhere in the retrieved material (:func:`pick_distractors`).

Example:
    >>> from rag.study.quiz.distractors import shape
    >>> shape("2014–2017"), shape("Kingma & Welling"), shape("BLEU, ROUGE"), shape("FID")
    ('period', 'people', 'list', 'term')
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rag.schema import Passage
from rag.study.quiz.facts import unit_facts
from rag.study.quiz.matching import (
    _EDGE_PUNCT,
    _word_pattern,
    content_words,
    folded_occurs,
    name_inside,
    normalize,
    occurs,
    overlapping,
)
from rag.study.quiz.model import BLANK, Similarity
from rag.study.quiz.units import Term, _acceptable, _clean_term, find_terms, passage_units
from rag.text.markdown import clean_markdown

AMBIGUITY_COVERAGE = 0.5
"""A distractor stated in a line with this share of the clue's words could also be right."""


MAX_COMPARED = 30
"""Most candidate distractors of one group or kind compared with the answer by embedding."""


TOO_SIMILAR = 0.9
"""Distractors at least this similar (cosine) to the answer are likely synonyms of it."""


CATEGORY_SIMILAR = 0.5
"""An example of a category this similar (cosine) to the asked one may also be right."""


@dataclass
class PoolTerm:
    """A candidate distractor, the groups and sorts it was seen in, and what it exemplifies."""

    term: Term
    groups: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    """For an example name: the categories the course gives it as an example of."""


def known_aliases(name: str, pool: Sequence[PoolTerm]) -> tuple[str, ...]:
    """Every other name the material gives ``name``: "Variational Autoencoders" for "VAEs".

    A list line may say only "VAEs: Encoder compresses…"; another passage writes
    "Variational Autoencoders (VAEs)". Both forms are the answer, and a topic that
    names either gives it away.
    """
    key = normalize(name)
    found: list[str] = []
    for entry in pool:
        names = (entry.term.text, *entry.term.aliases)
        if key in {normalize(n) for n in names}:
            found += [n for n in names if normalize(n) != key and n not in found]
    return tuple(found)


class LineIndex:
    """Clean lines of the material, with how rare each word is among them."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = [(normalize(line), content_words(line)) for line in lines if line.strip()]
        counts = Counter(word for _, words in self.lines for word in words)
        self.missing = math.log(1 + len(self.lines))
        self.idf = {w: math.log((1 + len(self.lines)) / (1 + c)) for w, c in counts.items()}

    def weighted_coverage(self, clue_words: frozenset[str], line_words: frozenset[str]) -> float:
        """Share of the clue's IDF weight in a line: common words ("text") count little."""
        weights = {w: self.idf.get(w, self.missing) for w in clue_words}
        total = sum(weights.values())
        return sum(v for w, v in weights.items() if w in line_words) / total if total else 0.0


def term_pool(passages: Sequence[Passage]) -> tuple[list[PoolTerm], LineIndex]:
    """Candidate distractors from the passages, and their lines (for the ambiguity check).

    Each distinct term once, in order of first appearance (so the pool, and the
    quiz, do not depend on set ordering).
    """
    pool: dict[str, PoolTerm] = {}
    lines: list[str] = []

    def add(term: Term, family: str, group: str = "", category: str = "") -> None:
        key = normalize(term.text)
        entry = pool.setdefault(key, PoolTerm(term))
        entry.families.add(family)
        if group:
            entry.groups.add(group)
        if category:
            entry.categories.add(category)

    for index, passage in enumerate(passages):
        for raw in passage.text.splitlines():
            if raw.strip():
                lines.append(clean_markdown(raw))
        for unit in passage_units(index, passage):
            for title in _ITALIC.findall(unit.quote):
                if _acceptable(_clean_term(title)) and len(title.split()) >= 2:
                    add(Term(_clean_term(title), "name"), "title")
            for term in find_terms(unit.quote):
                add(term, "term")
            for fact in unit_facts(unit, passage):
                category = fact.clue if fact.family == "examples" else ""
                term = Term(fact.term, fact.kind, fact.group, fact.aliases)
                add(term, fact.family, fact.group, category)
    return list(pool.values()), LineIndex(lines)


_PERIOD = re.compile(
    r"\b\d{4}s?\b|\bpresent\b|\b\d{1,4}\s*(?:BCE|BC|CE)\b|\bAD\s*\d{1,4}\b"
    r"|\b(?:c\.|ca\.|circa)\s*\d{2,4}\b|\b\d{1,2}(?:st|nd|rd|th)\s+century\b",
    re.IGNORECASE,
)
"""A year or era: "1803–1808", "2000s", "c. 400 BCE", "AD 79", "5th century". "c. 400 BCE",
read as a plain term, was offered among "Dipole–dipole" and "Neutron"
(eval/quiz_check24_chemistry.md, three raters of three)."""


_PEOPLE = re.compile(r"\bet al\b|^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:&|and)\s+[A-Z][a-z]+$")


_ITALIC = re.compile(r"(?<![*\w])\*(?!\*)([^*\n]{3,80}?)(?<!\s)\*(?![*\w])")


def shape(term: str, quote: str = "") -> str:
    """The sort of thing a term is, by its form: distractors must share it.

    ``period`` (a year or era), ``people`` ("Kingma & Welling", "Goodfellow et al."),
    ``title`` (a work's title, italic in the course text), ``list`` (several items in
    one cell, "BLEU, ROUGE"), ``phrase`` (five words or more, a description) or
    ``term``. "Auto-Encoding Variational Bayes" among "GANs & VAEs" and "Generative
    AI" is the mismatch this prevents.
    """
    clean = clean_markdown(term).strip()
    if _PERIOD.search(clean) and len(clean.split()) <= 3:
        return "period"
    if _PEOPLE.search(clean):
        return "people"
    if quote and any(normalize(m) == normalize(clean) for m in _ITALIC.findall(quote)):
        return "title"
    if "," in clean:
        return "list"
    return "phrase" if len(clean.split()) >= 5 else "term"


_YEAR = re.compile(r"(?<![\d,.])(\d{1,4})(?:s\b)?(?:\s*(BCE|BC)\b)?(?![\d,.]\d)")


def first_year(period: str) -> int | None:
    """The year a period starts, negative before the common era; None without one."""
    found = _YEAR.search(period)
    if found is None:
        return None
    year = int(found.group(1))
    later = period[found.end() :]
    before_era = found.group(2) or re.match(r"[–-]\s*\d{1,4}\s*(?:BCE|BC)\b", later)
    return -year if before_era else year


def years_apart(a: str, b: str) -> int:
    """How far apart two periods start ("2014–2017", "2000s"); a period without a year is far.

    Example:
        >>> years_apart("1980s–1990s", "2000s"), years_apart("1980s–1990s", "2021–2024")
        (20, 41)
        >>> years_apart("c. 400 BCE", "1803–1808"), years_apart("753–509 BCE", "c. 500 BCE")
        (2203, 253)
    """
    first, second = first_year(a), first_year(b)
    if first is None or second is None:
        return 10_000
    return abs(first - second)


def _ambiguous(candidate: str, clue: str, index: LineIndex, quote: str) -> bool:
    """Whether the material states ``candidate`` together with the question's clue.

    A line containing the candidate and most of the clue's distinctive words (by
    IDF weight) may make the candidate a right answer too.
    """
    clean_quote = normalize(clean_markdown(quote))
    clue_words = content_words(clue.replace(BLANK, " "))
    target = normalize(candidate).strip(_EDGE_PUNCT)
    pattern = _word_pattern(target) if target else None
    for line, words in index.lines:
        if line in clean_quote or clean_quote in line:
            continue
        stated = pattern is not None and pattern.search(line) is not None
        if stated and index.weighted_coverage(clue_words, words) >= AMBIGUITY_COVERAGE:
            return True
    return False


def pick_distractors(
    answer: Term,
    group: str,
    family: str,
    quote: str,
    clue: str,
    pool: Sequence[PoolTerm],
    lines: LineIndex | Sequence[str],
    similar: Similarity,
    rng: random.Random,
    *,
    own_list: bool = False,
) -> list[tuple[str, float]] | None:
    """Three terms of the answer's kind, close in meaning, none of them right.

    Candidates from the answer's own table column or list come first, then answers
    of the same sort (``family``: other list heads, other examples...) and broad
    kind, then (except for free terms) of the same sort whatever their kind. A
    description (``phrase``) takes only its own column's or list's others. In
    each tier, the six most similar to the answer are kept, and the missing ones
    drawn from them with the seeded ``rng``. Returns (term, similarity) pairs, or
    None when fewer than three candidates survive the checks. With ``own_list``, a
    list item's head is offered only its own list's others: an item of a list of
    fewer than four is asked as a typed answer, not among fillers.

    For "which is an example of X?" the closest names are the riskiest (another
    language model may well be an LLM too), so an example name is only offered when
    the categories the course lists it under are unlike X.
    """
    index = lines if isinstance(lines, LineIndex) else LineIndex(lines)
    excluded = [answer.text, *answer.aliases]
    wanted = shape(answer.text, quote)
    if wanted == "title":
        family = "title"
    tiers: list[list[str]] = [[], [], []]
    # An item of a list is told from its list's other items only: another list's head
    # ("Krebs cycle" beside "Independent assortment" and "Crossing over", the sources of
    # variation in meiosis) is of another kind, however it is shaped. So is a table
    # row's name: "Light intensity" (a limiting factor) was offered beside the stages
    # of respiration of a three-row "ATP yield" table (a helper in the app).
    own_list = own_list and family == "head" and group.startswith(("list:", "col:"))
    for entry in pool:
        text = entry.term.text
        if any(overlapping(text, other) for other in excluded):
            continue
        if folded_occurs(text, clue) or any(folded_occurs(a, clue) for a in entry.term.aliases):
            continue  # "VAE" offered while the question says "VAEs"
        if any(name_inside(name, text) for name in excluded):
            continue  # "CycleGAN" is a GAN: offered against "GANs", it is right too
        same_group = bool(group) and group in entry.groups
        if family == "phrase" and not same_group:
            # A description among another list's or table's reads wrong at sight: an
            # era's "HMMs, n-gram text generation" beside kinds of generative model.
            continue
        if not same_group and wanted != "title" and shape(text) != wanted:
            continue  # years with years, people with people, titles with titles
        if occurs(text, quote) or any(occurs(alias, quote) for alias in entry.term.aliases):
            continue
        if family == "examples" and entry.categories:
            categories = sorted(entry.categories)
            if (
                any(normalize(c) == normalize(clue) for c in categories)
                or max(similar(clue, categories)) >= CATEGORY_SIMILAR
            ):
                continue
        if same_group:
            tiers[0].append(text)
        elif own_list:
            continue
        elif family in entry.families and entry.term.kind == answer.kind:
            tiers[1].append(text)
        elif family in entry.families and family != "term":
            tiers[2].append(text)
    chosen: list[tuple[str, float]] = []
    # Embedding every term of the pool costs seconds on a CPU; the pool is in
    # retrieval order, so its first terms of the kind are also the most on-topic.
    for tier, candidates in enumerate(members[:MAX_COMPARED] for members in tiers):
        if len(chosen) >= 3 or not candidates:
            continue
        scores = similar(answer.text, candidates)
        ranked = sorted(zip(candidates, scores, strict=True), key=lambda pair: -pair[1])
        if wanted == "period":
            # "2021–2024" and "1980s–1990s" embed alike: for "which era is described
            # as 'Early statistical…'?" the nearest eras are the believable ones.
            ranked.sort(key=lambda pair: years_apart(answer.text, pair[0]))
        usable: list[tuple[str, float]] = []
        for text, score in ranked:
            # Rows of one table column are distinct by construction ("2021–2024" and
            # "2025–Present" embed alike); elsewhere a near-twin may be a synonym.
            if (tier > 0 and score >= TOO_SIMILAR) or _ambiguous(text, clue, index, quote):
                continue
            if any(overlapping(text, kept) for kept, _ in usable + chosen):
                continue
            usable.append((text, score))
            if len(usable) >= (3 if wanted == "period" else 6):
                break
        need = 3 - len(chosen)
        chosen.extend(rng.sample(usable, min(need, len(usable))) if len(usable) > need else usable)
    return chosen[:3] if len(chosen) >= 3 else None


def embedding_similarity(embedder: Any) -> Similarity:
    """:data:`Similarity` from an embedding model, remembering every vector it computed."""
    cache: dict[str, Any] = {}

    def vectors(texts: Iterable[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            for text, vector in zip(missing, embedder.encode(missing), strict=True):
                cache[text] = vector

    def similar(answer: str, candidates: Sequence[str]) -> list[float]:
        vectors([answer, *candidates])
        return [float(cache[answer] @ cache[c]) for c in candidates]

    return similar
