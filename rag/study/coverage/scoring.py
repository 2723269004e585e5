"""Scores and verdicts of syllabus topics against the retrieved course material.

Each topic is retrieved like a question; the best sentence of each passage gives the
passage's strength, the best :data:`DEPTH` strengths give the topic's score, and
:class:`Thresholds` turn the score into covered / partial / missing. These are pure
functions, tested on hand-made values; :func:`rag.study.coverage.assess.assess_topics`
runs them over a real index and embedder.

Example:
    >>> from rag.study.coverage import Thresholds, coverage_score
    >>> score = coverage_score([0.9, 0.8, 0.7, 0.6, 0.1])
    >>> round(score, 2), Thresholds().verdict(score)
    (0.75, 'covered')
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from rag.schema import Passage
from rag.study.coverage.naming import (
    heavy_words,
    named_in_passing,
    names_explained,
    on_topic_line,
)
from rag.study.coverage.signals import (
    absent_name,
    dedicated_section,
    heading_path,
    in_prose,
    name_list,
    outside_scope,
    section_heading,
)
from rag.study.coverage.topics import Topic
from rag.text.passages import Candidate

Verdict = Literal["covered", "partial", "missing"]
VERDICTS: tuple[Verdict, ...] = ("covered", "partial", "missing")

DEFAULT_K = 8
"""Passages retrieved per topic: enough to see depth across the four bundled documents."""

DEPTH = 4
"""A topic's score is the mean strength of its best ``DEPTH`` passages.

A topic the material treats is met by several passages; one it only names in a
list is met by one or two strong sentences and little else. On eval/topics.jsonl
the best one to three passages separated the verdicts worst (leave-one-out accuracy
0.63-0.75); four to seven did about equally well (0.78-0.81, one topic apart). Four,
half of the passages retrieved, keeps the score on the best evidence rather than on
the weakest passages retrieved (eval/calibrate_coverage.py prints the comparison).
"""

OFF_TOPIC_FACTOR = 1.0
"""How much an off-topic passage's strength counts in the score. Discounting it (0.5,
0.7) lowered the leave-one-out accuracy on eval/topics.jsonl (0.81 -> 0.72 at 0.7), so
an off-topic passage only stops counting as support; the score is unchanged."""

ABSENT_PENALTY = 0.4
"""How much of the score goes with the topic's words the course never uses: the score
is multiplied by ``1 - ABSENT_PENALTY * share``, ``share`` being the IDF weight of those
words over the topic's (:func:`absent_share`). "Benchmarking LLMs with suites such as
MMLU" meets many passages about LLMs, yet the course never says "MMLU" or "benchmark".
Chosen on the train split of eval/topics.jsonl (0.2-0.7 tried; 0.4 best in-sample)."""

DEDICATED_BONUS = 0.2
"""Added to the score when a retrieved section is headed by the topic's own words
(:func:`dedicated_section`): "Evaluation Metrics" covers "Evaluation metrics for
generative models (FID, BLEU, CLIPScore)" even though its one-metric rows each match
the whole topic weakly. Chosen with :data:`ABSENT_PENALTY` (0.05-0.2 tried)."""

COMMON_SHARE = 0.5
"""A word in more than this share of the index's chunks is the course's own subject
("generative", "model", "AI" in a generative-AI course): a heading made only of such
words ("# Generative AI") is the course title, not a section about a topic."""

EXPLAINING_SENTENCE = 0.72
"""Strength of one on-topic prose sentence that alone makes a topic as covered as it.

The score averages the best passages, so a covered topic worded unlike the course
("Generative vs. discriminative models: creating new samples vs…") scores partial even
when a sentence of running text explains it ("Unlike discriminative models (which
classify or predict), generative models produce novel outputs…", 0.77). A list line or
table row names a topic without explaining it, so only prose counts. On the train topics
of eval/topics.jsonl, the best on-topic prose sentence of a partial or missing topic
reaches 0.69; of the covered topics judged partial, six reach 0.75-0.96."""

LIST_ONLY_CAP = 0.68
"""The highest score of a topic the material only names in a list (:func:`name_list`), or
in a sentence that says it goes no further (:func:`outside_scope`: "…quasars; these lie
outside the scope of this course"):
below :data:`COVERED_MIN`, since a name among others ("Large Language Models: GPT-4,
Claude, LLaMA, instruction tuning") is partial coverage of "Instruction tuning", however
well the line's words match. A section headed by the topic lifts the cap, unless its
lines are name lists too ("Tools and Frameworks: Core Libraries: Hugging Face
Transformers, Diffusers, PyTorch")."""

SUPPORT_WEIGHT = 0.30
SUPPORT_DEPTH = 3
"""How much the count of supporting passages moves a score (:func:`supported_score`).

Fitted with :data:`PARTIAL_MIN` and :data:`COVERED_MIN` on 362 topics: the 152 ``train``
topics of eval/topics.jsonl and the 210 of the fourteen courses in eval/check_courses
written before 2026-12-04 (weights 0.10-0.35 and depths 2-4 tried). Accuracy went from
278 to 309 of the 362 (bundled train 126 -> 129, the fourteen courses 152 -> 180); the
``heldout`` split stayed at 16 of 18, and two courses written blind afterwards
(immunology, art history) went from 20 to 27 of 30 (their first scoring, with the old
code, is what suggested counting support). On notes a teacher brings, a passing
mention matched well was called covered, and a multi-part topic taught over several
sections partial. The count moves the score before :data:`LIST_ONLY_CAP`: a topic only
named in lists stays partial however many lists name it ("RLHF", issue 15)."""

LONE_SECOND = 0.55
"""A topic one passage supports is covered only if the next passage reaches this strength.

One sentence that matches a topic well ("Tolman's rats learned a maze without reward…",
0.83) is a mention, not a lesson: of the 21 train topics judged covered on one
supporting passage, 9 were labelled partial, and in 9 of the 11 whose next passage was
below this strength (0.42-0.52 against 0.59 and more for the covered ones). Such a topic
is capped at :data:`LIST_ONLY_CAP`; on the 362 train topics accuracy went from 309 to
316 (any value from 0.53 to 0.58 gives the same), the ``heldout`` split stayed at 16 of
18, and the two courses written blind before it (immunology, art history) went from 27
to 28 of 30."""

ABSENT_NAME_SHARE = 0.9
"""A topic whose head names what the material never names scores at most this share of
the ``partial`` threshold: missing (:func:`rag.study.coverage.signals.absent_name`).

On all 1,202 labelled train topics (the bundled ``train`` split and the seventy check
courses of eval/check_courses, twenty of them scored once blind before this rule), it
fired 19 times: 14 missing topics judged partial became missing ("The Suez Crisis",
"The Paris Commune of 1871", "The Mongol invasions of Korea"…), 4 partial ones became
missing ("The Scramble for Africa", in notes that never use the phrase), and one partial
topic judged covered is now judged missing. Right verdicts went from 1029 to 1039; the
bundled train split stays at 128 of 152, and the ``heldout`` split (18 topics) at 16."""

PARTIAL_MIN = 0.35
"""Scores at or above this are at least ``partial`` (fitted with :data:`SUPPORT_WEIGHT`);
a passage on topic at or above it supports the topic."""
COVERED_MIN = 0.69
"""Scores at or above this are ``covered`` (fitted like :data:`PARTIAL_MIN`)."""


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs of the verdicts; a passage at ``partial`` or above supports a topic."""

    partial: float = PARTIAL_MIN
    covered: float = COVERED_MIN

    def __post_init__(self) -> None:
        if not 0.0 <= self.partial <= self.covered <= 1.0:
            raise ValueError(
                f"thresholds must satisfy 0 <= partial ({self.partial}) <= covered "
                f"({self.covered}) <= 1"
            )

    def verdict(self, score: float) -> Verdict:
        """``covered``, ``partial`` or ``missing`` for a coverage score."""
        if score >= self.covered:
            return "covered"
        if score >= self.partial:
            return "partial"
        return "missing"

    def to_dict(self) -> dict[str, float]:
        """JSON form."""
        return {"partial": self.partial, "covered": self.covered}


def shown_score(score: float) -> str:
    """A topic score as people read it: two decimals, cut rather than rounded.

    A partial topic at 0.7351 was shown as "0.74" beside "covered ≥ 0.74" (a helper
    driving the app); cut to "0.73", a shown score never reaches a threshold its verdict
    did not.

    >>> shown_score(0.7351), shown_score(0.71), shown_score(1.0)
    ('0.73', '0.71', '1.00')
    """
    return f"{math.floor(score * 100 + 1e-9) / 100:.2f}"


def clip_score(score: float) -> float:
    """Sentence scores add a word-overlap bonus to a cosine; shown on a 0..1 scale."""
    return min(1.0, max(0.0, score))


def passage_strengths(
    n_passages: int, candidates: Sequence[Candidate], scores: Sequence[float]
) -> list[tuple[float, int | None]]:
    """Per passage: the score of its best sentence (0..1) and that sentence's index.

    A passage about several things matches a one-line topic weakly as a whole, so
    the strength of a passage is that of the one sentence that speaks to the topic.
    """
    best: list[tuple[float, int | None]] = [(0.0, None)] * n_passages
    for index, (candidate, score) in enumerate(zip(candidates, scores, strict=True)):
        value = clip_score(score)
        if best[candidate.passage][1] is None or value > best[candidate.passage][0]:
            best[candidate.passage] = (value, index)
    return best


def coverage_score(strengths: Sequence[float], depth: int = DEPTH) -> float:
    """Mean strength of the best ``depth`` passages; missing passages count as 0."""
    top = sorted((clip_score(s) for s in strengths), reverse=True)[:depth]
    return sum(top) / depth if depth > 0 else 0.0


def adjusted_score(score: float, absent: float = 0.0, dedicated: bool = False) -> float:
    """The coverage score, adjusted for what the passages' strengths cannot see.

    Lowered for topic words the course never uses, raised when a section is headed by
    the topic's words (:data:`ABSENT_PENALTY`, :data:`DEDICATED_BONUS`); kept on 0..1.

    Example:
        >>> round(adjusted_score(0.6, absent=0.5), 2)
        0.48
        >>> round(adjusted_score(0.6, dedicated=True), 2)
        0.8
    """
    return clip_score(score * (1 - ABSENT_PENALTY * absent) + DEDICATED_BONUS * dedicated)


def supported_score(score: float, sources: int) -> float:
    """The score moved by how many retrieved passages support the topic on their own.

    A topic the notes teach is met by several on-topic passages, one they name in passing
    by one sentence, however well it matches: "Fauvism: Matisse, Derain and expressive
    colour", named in one sentence of an art history course, scored 0.83. With one
    supporting passage the score stands; each more adds a :data:`SUPPORT_WEIGHT` share
    up to :data:`SUPPORT_DEPTH`, and none takes one share away.

    Example:
        >>> [round(supported_score(0.6, n), 2) for n in (0, 1, 2, 3, 8)]
        [0.5, 0.6, 0.7, 0.8, 0.8]
    """
    return clip_score(score + SUPPORT_WEIGHT * (min(sources, SUPPORT_DEPTH) - 1) / SUPPORT_DEPTH)


@dataclass
class EvidencePassage:
    """A retrieved passage with the sentence of it that best matches a topic."""

    passage: Passage
    strength: float
    sentence: str
    supports: bool
    """True when the passage alone reaches the ``partial`` threshold."""
    span: tuple[int, int] | None = None
    """Where the best sentence is in ``passage.text`` (for highlighting)."""
    on_topic: bool = True
    """Whether the sentence and its section name the topic's distinctive words."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the passage fields plus its strength and best sentence."""
        data = self.passage.to_dict()
        data.pop("score", None)
        return {
            **data,
            "strength": round(self.strength, 4),
            "sentence": self.sentence,
            "span": list(self.span) if self.span else None,
            "supports": self.supports,
            "on_topic": self.on_topic,
        }


@dataclass
class TopicCoverage:
    """How well the material covers one topic."""

    topic: Topic
    score: float
    verdict: Verdict
    evidence: list[EvidencePassage] = field(default_factory=list)
    """Best passages first; those with ``supports`` reach the ``partial`` threshold."""
    documents: dict[str, float] = field(default_factory=dict)
    """Best passage strength per document among the retrieved passages."""
    supporting: int = 0
    """Retrieved passages that reach the ``partial`` threshold on their own."""
    contributing: list[str] = field(default_factory=list)
    """Documents with a passage that reaches the ``partial`` threshold, strongest first."""
    strengths: list[float] = field(default_factory=list)
    """Strength of every retrieved passage, strongest first (the score's raw material)."""
    unused_words: tuple[str, ...] = ()
    """The topic's words that the material never uses, in any form or synonym: a subject
    it lacks ("byte-pair"), or wording unlike the course's ("static", "cleanup")."""
    support: list[Passage] = field(default_factory=list)
    """Every retrieved passage that supports the topic (on topic, at ``partial`` or above),
    not only those shown as evidence: a quiz on a partial topic asks only about these."""
    absent_name: str = ""
    """The name the topic's head gives that the material never uses, which made the topic
    missing (:data:`ABSENT_NAME_SHARE`); "" when none."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form of one topic's result."""
        return {
            "topic": self.topic.text,
            "group": self.topic.group,
            "score": round(self.score, 4),
            "verdict": self.verdict,
            "supporting_passages": self.supporting,
            "contributing_documents": self.contributing,
            "passage_strengths": [round(s, 4) for s in self.strengths],
            "documents": {d: round(s, 4) for d, s in self.documents.items()},
            "evidence": [e.to_dict() for e in self.evidence],
            "unused_words": list(self.unused_words),
            "absent_name": self.absent_name,
        }


def naming_line(
    passage: int,
    candidates: Sequence[Candidate],
    scores: Sequence[float],
    weights: Mapping[str, float],
    best: int | None,
) -> int | None:
    """The line of a passage headed by the topic to show: the one naming most of it.

    A section whose heading matches the topic is evidence as a whole; its best-matching
    line need not name the topic ("11. Evaluation Metrics — Human Preference Tests:
    Subjective quality…" for "Evaluation metrics such as FID and BLEU", a newcomer's check
    of the app). Among its lines, the one holding most of the topic's word weight is shown,
    the better match breaking ties; ``best`` when none holds any.
    """
    from rag.study.quiz.relevance import distinctive_overlap

    lines = [i for i, c in enumerate(candidates) if c.passage == passage]
    naming = max(lines, key=lambda i: (distinctive_overlap(weights, candidates[i].text), scores[i]),
                 default=None)  # fmt: skip
    if naming is None or distinctive_overlap(weights, candidates[naming].text) <= 0:
        return best
    return naming


def assess_topic(
    topic: Topic,
    passages: Sequence[Passage],
    candidates: Sequence[Candidate],
    scores: Sequence[float],
    thresholds: Thresholds,
    max_evidence: int = 3,
    weights: Mapping[str, float] | None = None,
    heading_scores: Sequence[float] | None = None,
    absent: float = 0.0,
    common: Collection[str] = frozenset(),
    unused: Collection[str] = (),
) -> TopicCoverage:
    """Score, verdict, evidence and per-document strengths for one retrieved topic.

    A passage whose best sentence (with its section heading) holds less than
    :data:`~rag.study.coverage.naming.ON_TOPIC_SHARE` of the topic's distinctive words is
    about something else that is worded alike: it never counts as support, and its
    strength counts :data:`OFF_TOPIC_FACTOR` in the score. A topic no more than
    :data:`~rag.study.coverage.naming.FEW_LINES` lines speak to is partial at most.

    Args:
        topic: The topic.
        passages: Its retrieved passages, best first.
        candidates: The passages' sentences (``rag.answer.extractive.score_candidates``).
        scores: One score per candidate.
        thresholds: Verdict cut-offs.
        max_evidence: How many passages to keep as evidence.
        weights: The topic's words with their IDF (:func:`rag.study.quiz.topic_weights`);
            None treats every passage as on topic.
        heading_scores: Per passage, how well its own section heading matches the
            topic (same scale as a sentence): a section titled after the topic
            ("11. Evaluation Metrics") covers it even when its rows, one metric
            each, match the whole topic less well than a one-line list does.
        absent: Share of the topic's word weight the index never contains
            (:func:`absent_share`); with a section headed by the topic's words
            (:func:`dedicated_section`) it adjusts the score (:func:`adjusted_score`).
        common: Words in most chunks of the index (:data:`COMMON_SHARE`); a heading
            of only these is not dedicated to the topic.
        unused: The topic's words the material never uses; a name among them that the
            topic's head gives (:func:`absent_name`) makes the topic missing.

    Only the sections of on-topic passages can be dedicated to the topic: the
    "Learning Objectives" of a syllabus are not a section on "Contrastive learning
    objectives such as the InfoNCE loss" when nothing under them is about it.
    """
    raw = passage_strengths(len(passages), candidates, scores)
    headed = [False] * len(passages)
    if heading_scores is not None:
        for i, heading in enumerate(heading_scores):
            if clip_score(heading) > raw[i][0]:
                raw[i] = (clip_score(heading), raw[i][1])
                headed[i] = True
    heavy = heavy_words(weights) if weights else set()
    best_lines = [candidates[best].text if best is not None else "" for _, best in raw]
    on_topic = [
        not weights or on_topic_line(weights, heavy, f"{heading_path(p)} {line}")
        for p, line in zip(passages, best_lines, strict=True)
    ]
    strengths = [
        (s if ok else s * OFF_TOPIC_FACTOR, best)
        for (s, best), ok in zip(raw, on_topic, strict=True)
    ]
    on_topic_headings = [heading_path(p) for p, ok in zip(passages, on_topic, strict=True) if ok]
    dedicated = dedicated_section(topic.text, on_topic_headings, common)
    score = adjusted_score(coverage_score([s for s, _ in strengths]), absent, dedicated)
    sources = sum(
        ok and s >= thresholds.partial for (s, _), ok in zip(strengths, on_topic, strict=True)
    )
    score = supported_score(score, sources)
    listed_only = [best is not None and name_list(candidates[best].text) for _, best in strengths]
    explained = [
        heading_path(p) for p, ok, listed in zip(passages, on_topic, listed_only, strict=True)
        if ok and not listed
    ]  # fmt: skip
    disclaimed = [best is not None and outside_scope(candidates[best].text) for _, best in raw]
    if passages and not dedicated_section(topic.text, explained, common):
        top = max(range(len(passages)), key=lambda i: strengths[i][0])
        if on_topic[top] and not headed[top] and (listed_only[top] or disclaimed[top]):
            score = min(score, LIST_ONLY_CAP)
    prose = [
        strength
        for i, (strength, best) in enumerate(raw)
        if on_topic[i] and not headed[i] and best is not None and not listed_only[i]
        and not disclaimed[i] and in_prose(passages[i].text, candidates[best].start)
    ]  # fmt: skip
    if prose and max(prose) >= EXPLAINING_SENTENCE:
        score = max(score, max(prose))
    never_named = absent_name(topic.text, unused)
    if never_named:
        # "The Mongol invasions of Korea" in notes that never say "Korea" (ABSENT_NAME_SHARE).
        score = min(score, thresholds.partial * ABSENT_NAME_SHARE)
    # A missing topic has no support: "Byte-pair encoding tokenization", judged missing,
    # listed a sentence on VAE encoders as its one supporting passage (issue 15).
    covered_at_all = thresholds.verdict(score) != "missing"
    supports = [
        covered_at_all and ok and s >= thresholds.partial
        for (s, _), ok in zip(strengths, on_topic, strict=True)
    ]
    ranked = sorted((s for s, _ in strengths), reverse=True)
    if sum(supports) == 1 and (ranked[1] if len(ranked) > 1 else 0.0) < LONE_SECOND:
        score = min(score, LIST_ONLY_CAP)  # one sentence matched well is a mention (LONE_SECOND)
    if weights and named_in_passing(passages, candidates, scores, weights, thresholds.partial):
        score = min(score, LIST_ONLY_CAP)
    if thresholds.verdict(score) == "partial" and names_explained(topic.text, candidates):
        score = max(score, thresholds.covered)  # each listed name has a line of its own
    documents: dict[str, float] = {}
    supported_in: set[str] = set()
    for passage, (strength, _), support in zip(passages, strengths, supports, strict=True):
        documents[passage.source] = max(documents.get(passage.source, 0.0), strength)
        if support:
            supported_in.add(passage.source)
    # Supporting passages first: the table counts them, so the evidence must show them
    # even when passages about something else score higher.
    order = sorted(range(len(passages)), key=lambda i: (not supports[i], -strengths[i][0]))
    evidence = []
    for i in order[:max_evidence]:
        strength, best = strengths[i]
        if headed[i] and weights:
            best = naming_line(i, candidates, scores, weights, best)
        sentence = candidates[best] if best is not None else None
        said = sentence.text if sentence else ""
        if headed[i]:
            said = f"(section) {section_heading(heading_path(passages[i]))}" + (
                f" — {said}" if said else ""
            )
        evidence.append(
            EvidencePassage(
                passage=passages[i],
                strength=strength,
                sentence=said,
                supports=supports[i],
                span=(sentence.start, sentence.end) if sentence else None,
                on_topic=on_topic[i],
            )
        )
    return TopicCoverage(
        topic=topic,
        score=score,
        verdict=thresholds.verdict(score),
        evidence=evidence,
        documents=documents,
        supporting=sum(supports),
        contributing=[
            d for d, _ in sorted(documents.items(), key=lambda kv: -kv[1]) if d in supported_in
        ],
        strengths=ranked,
        support=[p for p, support in zip(passages, supports, strict=True) if support],
        absent_name=never_named,
    )


@dataclass
class CoverageReport:
    """Coverage of a list of topics, with the documents of the index as heatmap columns."""

    topics: list[TopicCoverage]
    documents: list[str]
    thresholds: Thresholds
    k: int
    titles: dict[str, str] = field(default_factory=dict)
    """Document titles by source: "Foundation Models" reads better than "004_d07bda21.txt"."""

    def label(self, source: str) -> str:
        """The title of a document, with its file name when another document has the same title."""
        title = self.titles.get(source, "")
        if not title:
            return source
        if sum(1 for t in self.titles.values() if t == title) > 1:
            return f"{title} ({source})"
        return title

    def counts(self) -> dict[str, int]:
        """How many topics got each verdict."""
        counted = Counter(t.verdict for t in self.topics)
        return {v: counted.get(v, 0) for v in VERDICTS}

    def matrix(self) -> np.ndarray:
        """Topics × documents strengths; NaN where no passage of the document was retrieved."""
        grid = np.full((len(self.topics), len(self.documents)), np.nan)
        column = {d: j for j, d in enumerate(self.documents)}
        for i, topic in enumerate(self.topics):
            for document, strength in topic.documents.items():
                if document in column:
                    grid[i, column[document]] = strength
        return grid

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``rag coverage --format json``."""
        return {
            "mode": "topics",
            "k": self.k,
            "thresholds": self.thresholds.to_dict(),
            "summary": self.counts(),
            "documents": self.documents,
            "document_titles": {d: self.label(d) for d in self.documents},
            "topics": [t.to_dict() for t in self.topics],
        }
