"""Per-sentence support: is each answer sentence backed by the passage it cites?

Pure logic. A sentence is *supported* when the content words, numbers and names it
states are found in a passage it cites (or, for a borderline sentence, when an
embedding similarity the caller computed says it is a paraphrase). The verdict is
the same for every generator: the extractive writer quotes, so its sentences pass
by construction; an LLM's sentence that adds a fact the passage lacks does not.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rag.answer.citations import CITATION_MARKER, claim_terms
from rag.answer.evidence import EvidenceUnit, split_units
from rag.answer.numbers import own_numbers
from rag.retrieval.keyword import tokenize
from rag.text.markdown import LIST_MARKER, clean_markdown
from rag.text.sentences import SENTENCE

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:%|\b)")
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w·‐‑-]*[A-Z0-9][\w·‐‑-]*\b|\b[A-Z]{2,}[\w·‐‑-]*\b")
"""A name: an acronym, CamelCase, capitals with digits; "DALL·E" and "Make‑A‑Video" whole,
as :func:`rag.retrieval.keyword.tokenize` reads them."""

MIN_COVERAGE = 0.75
"""Share of a sentence's content words that must appear in the cited passage."""
PARAPHRASE_COVERAGE = 0.5
PARAPHRASE_SIMILARITY = 0.75
"""Below MIN_COVERAGE, a sentence this similar to its best passage unit still passes."""


@dataclass(frozen=True)
class SentenceSupport:
    """One sentence of an answer and whether its cited passage backs it."""

    text: str
    """The sentence without its ``[n]`` markers."""
    citations: list[int]
    supported: bool
    coverage: float
    """Share of its content words found in the best cited passage."""
    missing: list[str] = field(default_factory=list)
    """Numbers and names the sentence states that the passage does not."""
    evidence: tuple[int, int, int] | None = None
    """(citation number, start, end) of the passage unit closest to the sentence."""
    raw: str = ""
    """The sentence as it appears in the answer, markers included."""

    def to_dict(self) -> dict[str, Any]:
        """JSON: ``{"text", "citations", "supported", "evidence": {"passage", "start", "end"}}``."""
        data: dict[str, Any] = {
            "text": self.text,
            "citations": self.citations,
            "supported": self.supported,
            "coverage": round(self.coverage, 3),
            "missing": self.missing,
            "evidence": None,
        }
        if self.evidence is not None:
            passage, start, end = self.evidence
            data["evidence"] = {"passage": passage, "start": start, "end": end}
        return data


def answer_sentences(answer: str) -> list[str]:
    """The claims of an answer: each list line, and each sentence of a paragraph."""
    sentences = []
    for line in answer.splitlines():
        if not line.strip():
            continue
        if LIST_MARKER.match(line):
            sentences.append(line.strip())
            continue
        # Lines come one at a time, so SENTENCE's line-break ending never applies here.
        pieces = [m.group(0).strip() for m in SENTENCE.finditer(line) if m.group(0).strip()]
        for i, piece in enumerate(pieces):
            if i + 1 < len(pieces) and _LABEL.fullmatch(piece):
                # "Cap-snatching. The influenza polymerase… [1]." quotes a list item
                # whose bold label ends in a full stop: the label is no claim of its own.
                pieces[i + 1] = f"{piece} {pieces[i + 1]}"
            else:
                sentences.append(piece)
    # A marker that follows the full stop ("... images. [1]") belongs to the sentence before.
    merged: list[str] = []
    for sentence in sentences:
        if merged and CITATION_MARKER.fullmatch(sentence.strip(" .")):
            merged[-1] = f"{merged[-1]} {sentence}"
        else:
            merged.append(sentence)
    return merged


_LABEL = re.compile(r"[\w‐‑'’-]+(?:\s+[\w‐‑'’-]+){0,2}\.")
"""One to three words ending in a full stop, no citation: a list item's label."""


def cited_numbers(sentence: str) -> list[int]:
    """The passage numbers a sentence cites, in order, without repeats."""
    numbers = [
        int(n) for group in CITATION_MARKER.findall(sentence) for n in re.findall(r"\d+", group)
    ]
    return list(dict.fromkeys(numbers))


def strip_markers(sentence: str) -> str:
    """The sentence without ``[n]`` markers, list bullet or doubled spaces."""
    text = LIST_MARKER.sub("", CITATION_MARKER.sub("", sentence))
    return re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", text)).strip()


def critical_tokens(sentence: str) -> list[str]:
    """Numbers and names (acronyms, CamelCase, words mixing capitals and digits)."""
    found = [m.group(0) for m in _NUMBER.finditer(sentence)]
    found += [m.group(0) for m in _NAME.finditer(sentence)]
    return list(dict.fromkeys(found))


def _present(token: str, passage_text: str, passage_terms: set[str]) -> bool:
    if token[0].isdigit():
        return re.search(rf"(?<![\d.]){re.escape(token)}(?![\d])", passage_text) is not None
    stems = claim_terms(token)
    if stems and all(s in passage_terms for s in stems):
        return True
    # Else found as written: a name that is also a stopword ("US", "IT"), or one inside a
    # hyphenated word, "CoA" of "acetyl-CoA", whose terms hold it whole ("acetyl-coa"; a
    # sentence quoted word for word was flagged unsupported in the app, a student's check
    # of a microbiology course).
    return re.search(rf"(?<!\w){re.escape(token)}(?!\w)", passage_text) is not None


def check_sentence(
    sentence: str,
    passages: Mapping[int, str],
    *,
    similarity: float | None = None,
    bodies: Mapping[int, str] | None = None,
    asked: Collection[str] = frozenset(),
) -> SentenceSupport:
    """Verdict for one answer sentence against the passages it cites.

    Args:
        sentence: An answer sentence with its ``[n]`` markers.
        passages: Citation number -> passage text (with its title and section line,
            so a sentence naming the section is not held against it).
        similarity: Cosine similarity of the sentence to its closest passage unit,
            when the caller computed one; the second signal for paraphrases.
        bodies: Citation number -> the passage's own text, which ``evidence``
            offsets point into; ``passages`` when None.
        asked: Stemmed words of the question. A sentence repeating them claims
            nothing by them ("Perplexity is *used to evaluate* the predictive
            efficiency of LLMs" for "What is perplexity used to evaluate?"), so they
            count as found when most of what it adds is in the passage; its numbers
            and names are checked against the passage all the same.

    >>> passage = {1: "FID (Fréchet Inception Distance) evaluates the realism of images."}
    >>> check_sentence("FID measures the realism of images [1].", passage).supported
    True
    >>> verdict = check_sentence("FID was invented in 1995 [1].", passage)
    >>> verdict.supported, verdict.missing
    (False, ['1995'])
    """
    numbers = cited_numbers(sentence)
    text = strip_markers(sentence)
    terms = claim_terms(text)
    best: tuple[float, int, list[str]] | None = None
    for n in numbers:
        passage = passages.get(n)
        if passage is None:
            continue
        # As the answer quotes it: "*f*₁" in the notes is the "f₁" of a quoted line
        # ("Beats: f_beat = |f₁ − f₂|" was flagged unsupported, an acoustics probe).
        plain = clean_markdown(passage).replace("\\|", "|")
        passage_terms = claim_terms(passage) | claim_terms(plain)
        coverage = len(terms & passage_terms) / len(terms) if terms else 1.0
        own = terms - set(asked)
        if own and 2 * len(own & passage_terms) >= len(own):
            # What it adds to the question is mostly in the passage: the question's
            # words it repeats count as found. A sentence adding nothing ("The course
            # does not cover X" for "Does the course cover X?") gets no such help.
            coverage = max(coverage, len(terms & (passage_terms | set(asked))) / len(terms))
        missing = [
            t for t in critical_tokens(text)
            if not (_present(t, passage, passage_terms) or _present(t, plain, passage_terms))
        ]  # fmt: skip
        if best is None or (coverage, -len(missing)) > (best[0], -len(best[2])):
            best = (coverage, n, missing)
    if best is None:
        return SentenceSupport(text, numbers, False, 0.0, raw=sentence)
    coverage, n, missing = best
    supported = not missing and (
        coverage >= MIN_COVERAGE
        or (similarity is not None and coverage >= PARAPHRASE_COVERAGE
            and similarity >= PARAPHRASE_SIMILARITY)
    )  # fmt: skip
    body = bodies[n] if bodies is not None and n in bodies else passages[n]
    evidence = closest_unit(text, n, body)
    return SentenceSupport(text, numbers, supported, coverage, missing, evidence, sentence)


def closest_unit(text: str, n: int, passage: str) -> tuple[int, int, int] | None:
    """(n, start, end) of the unit of passage ``n`` sharing the most words with ``text``."""
    terms = set(tokenize(text))
    best: tuple[float, EvidenceUnit] | None = None
    for unit in split_units(n - 1, passage):
        unit_terms = set(tokenize(unit.text))
        if not unit_terms:
            continue
        overlap = len(terms & unit_terms) / len(terms | unit_terms)
        if best is None or overlap > best[0]:
            best = (overlap, unit)
    if best is None or best[0] == 0:
        return None
    return (n, best[1].start, best[1].end)


def check_answer(
    answer: str,
    passages: Mapping[int, str],
    similarities: Sequence[float | None] | None = None,
    bodies: Mapping[int, str] | None = None,
    asked: Collection[str] = frozenset(),
) -> list[SentenceSupport]:
    """A verdict for every sentence of ``answer`` (see :func:`check_sentence`).

    A sentence that cites nothing is unsupported: nothing tells the student where
    to check it.
    """
    sentences = answer_sentences(answer)
    return [
        check_sentence(
            sentence,
            passages,
            similarity=similarities[i] if similarities is not None else None,
            bodies=bodies,
            asked=asked,
        )
        for i, sentence in enumerate(sentences)
    ]


_PARENTHESIZED = re.compile(r"\(([^()]{2,120})\)")


def stated_facts(quoted: Sequence[str], question: str) -> list[str]:
    """What an answer quoting ``quoted`` tells the student beyond the question's words.

    The numbers and names of the quoted units (:func:`critical_tokens`) and the items
    they give in parentheses ("cross-entropy, KL-divergence"): a rewrite that drops
    them drops what was asked ("Which loss functions…" answered with "The loss
    function measures generation quality"). Ones the question already holds are left
    out: repeating them tells nothing.

    >>> stated_facts(["Loss Function: Measures quality (cross-entropy, KL-divergence)."],
    ...              "Which loss functions are used?")
    ['KL-divergence', 'cross-entropy']
    """
    asked = set(tokenize(question)) | set(_NUMBER.findall(question))
    facts: list[str] = []
    for text in quoted:
        # Numbers a text states of its own: the 4 of "GPT-4" is part of a name.
        found = [n for n in critical_tokens(text) if not n[0].isdigit() or n in own_numbers(text)]
        for group in _PARENTHESIZED.findall(text):
            found += [item.split(":")[-1].strip() for item in re.split(r"[,;]", group)]
        for fact in found:
            stems = tokenize(fact) if not fact[:1].isdigit() else [fact]
            if stems and not set(stems) <= asked and fact not in facts:
                facts.append(fact)
    return facts


def dropped_facts(answer: str, quoted: Sequence[str], question: str) -> list[str]:
    """The :func:`stated_facts` of ``quoted`` that ``answer`` does not state.

    An item counts as stated when most of its words are in the answer, in any form
    ("KL divergence" for "KL-divergence").

    >>> dropped_facts("BLOOM writes text in 46 languages [1].",
    ...               ["BLOOM can create text in 46 languages and code in 13 languages."],
    ...               "How many languages can BLOOM write in?")
    ['13']
    """
    answer_terms = set(tokenize(answer)) | set(tokenize(answer.replace("-", " ")))
    return [
        fact for fact in stated_facts(quoted, question) if not _states(fact, answer, answer_terms)
    ]


def _states(fact: str, answer: str, answer_terms: set[str]) -> bool:
    """Whether ``answer`` states ``fact``: its number, most of its words, or its acronym.

    "FID" states "Fréchet Inception Distance", and "Mixture of Experts" states "MoE".

    >>> _states("Fréchet Inception Distance", "FID measures realism.", {"fid"})
    True
    >>> _states("MoE", "A Mixture of Experts routes inputs.", set())
    True
    """
    if fact[:1].isdigit():
        return _present(fact, answer, answer_terms)
    stems = tokenize(fact.replace("-", " "))
    if 2 * sum(s in answer_terms for s in stems) >= len(stems):
        return True
    words = fact.split()
    if len(words) == 1:
        # An acronym: its capitals are the initials of consecutive capitalised words.
        capitals = "".join(c for c in fact if c.isupper())
        return len(capitals) >= 2 and capitals in _initials(answer)
    initials = "".join(w[0] for w in words if w[:1].isupper())
    return len(initials) >= 2 and initials.lower() in answer_terms


def _initials(text: str) -> str:
    """First letters of the capitalised words, in order ("Mixture of Experts" -> "ME")."""
    return "".join(word[0] for word in re.findall(r"\b[A-Z][\w-]*", text))


def drop_unsupported(answer: str, verdicts: Sequence[SentenceSupport]) -> str:
    """The answer without its unsupported sentences (``RAG_DROP_UNSUPPORTED``)."""
    text = answer
    for verdict in verdicts:
        if not verdict.supported and verdict.raw:
            text = text.replace(verdict.raw, "", 1)
    lines = [re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line and not LIST_MARKER.fullmatch(line + " "))
