"""Coverage report: which syllabus topics the course material covers, and what it misses.

Three views over one index, used by ``rag coverage`` and the UI's Coverage page:

* **Topics** — each line of a syllabus is retrieved like a question; the scored
  passage sentences give a coverage score, a verdict (covered / partial / missing),
  the supporting passages and the documents that contribute.
* **Outline** — the corpus's own headings with chunk and word counts, so an
  instructor sees what the material is about and how deep each part goes.
* **Question gaps** — logged questions that were abstained on or answered weakly,
  clustered so recurring gaps read as topics the material is missing.

The module is split in two: pure functions (parsing, scoring, verdicts, calibration,
clustering, formatting) that take plain values and are tested without a model, and
a few I/O functions at the end that read the index, the embedder and the question log.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ingest.split import SECTION_SEPARATOR
from rag.answer.extractive import Candidate, candidate_sentences, clean_markdown
from rag.errors import EmptyIndexError, FileRejectedError
from rag.retrieval.keyword import tokenize
from rag.schema import Passage

if TYPE_CHECKING:
    from rag.assistant import Assistant

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

ON_TOPIC_SHARE = 0.3
"""A passage is about a topic when its best sentence and section hold this share of the
topic's distinctive words (IDF-weighted): "encoders" alone does not make a VAE sentence
evidence for "byte-pair encoding tokenization"."""
OFF_TOPIC_FACTOR = 1.0
"""How much an off-topic passage's strength counts in the score. Discounting it (0.5,
0.7) lowered the leave-one-out accuracy on eval/topics.jsonl (0.81 -> 0.72 at 0.7), so
an off-topic passage only stops counting as support; the score is unchanged."""

PARTIAL_MIN = 0.47
"""Scores at or above this are at least ``partial``: fitted on the 36 ``train`` topics of
eval/topics.jsonl (eval/calibrate_coverage.py); the 18 ``heldout`` ones measure it."""
COVERED_MIN = 0.70
"""Scores at or above this are ``covered`` (fitted like :data:`PARTIAL_MIN`)."""

WEAK_TOP_SCORE = 0.35
"""An answered question whose best passage cosine is below this counts as weakly answered.

The question log records the best whole-passage cosine (``top_score``), not the
sentence score the chain decides on, so this threshold is on that scale. Through the
chain, eval/questions.jsonl gave: 0.35 flags 7 of the 83 answered in-scope questions
(their 10th percentile is 0.39) and 2 of the 3 out-of-scope questions it answered
(eval/calibrate_coverage.py).
"""

CLUSTER_SIMILARITY = 0.45
"""Average-linkage cosine similarity at which two groups of questions are merged.

Tried on two small hand-made sets with all-MiniLM-L6-v2: reworded questions on one
subject scored 0.42-0.76 against each other, unrelated ones mostly below 0.30, and
a few pairs sit in between on both sides: "byte-pair encoding" scored 0.42 against
"subword tokenizers" (same subject) and 0.44 against "positional encoding" (not).
A wrong merge hides a gap under another one's label while a missed merge only lists
a gap twice, so the threshold sits just above that band. An acronym and its
spelled-out form ("ELBO", "evidence lower bound") can score as low as unrelated
questions and stay apart.
"""


# ---------------------------------------------------------------------------
# Topic files (pure)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """One syllabus line: the topic text and the heading it was listed under."""

    text: str
    group: str = ""


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)]|[A-Za-z][.)])\s+(.*)$")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
_RULE = re.compile(r"^\s*([-=*_~]\s*){3,}$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_YAML_BLOCK_KEY = re.compile(r"^[A-Za-z_][\w .()/-]*:\s*(#.*)?$")
_QUOTED = re.compile(r"""^(["'])(.*)\1$""")
_HAS_LETTER = re.compile(r"[^\W\d_]")

_YAML_LIST_KEYS = (
    "topics", "objectives", "learning_objectives", "learning_outcomes", "outcomes",
    "syllabus", "items", "goals",
)  # fmt: skip
_YAML_TEXT_KEYS = ("topic", "title", "name", "objective", "text", "description")


def parse_topics(text: str, *, name: str = "topics", yaml: bool | None = None) -> list[Topic]:
    """Topics from a syllabus: Markdown bullets, numbered lists, YAML lists or plain lines.

    Headings (and plain lines ending in ``:``) become the group of the topics under
    them rather than topics; a file of headings only uses the headings as topics.
    Blank lines, ``//`` and ``#comment`` lines, HTML comments, front matter and code
    fences are skipped. Repeated topics are kept once.

    Args:
        text: The file's text.
        name: The file name, for error messages.
        yaml: True to parse as YAML (a ``.yaml`` file), False never to, None to
            detect a YAML mapping from the first line.

    Raises:
        FileRejectedError: Naming the file, when it holds no topic.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise FileRejectedError(
            name, "the topic file is empty; write one topic or learning objective per line"
        )
    topics: list[Topic] | None = None
    if yaml or (yaml is None and _looks_like_yaml(text)):
        topics = _topics_from_yaml(text, name, strict=bool(yaml))
    if topics is None:
        topics = _topics_from_lines(text)
    topics = _dedupe(topics)
    if not topics:
        raise FileRejectedError(
            name,
            "no topics found; write one topic per line (Markdown bullets, numbered "
            "lists and YAML lists work too)",
        )
    return topics


def _looks_like_yaml(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        return bool(_YAML_BLOCK_KEY.match(stripped)) and not line[0].isspace()
    return False


def _topics_from_yaml(text: str, name: str, *, strict: bool) -> list[Topic] | None:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        if strict:
            raise FileRejectedError(
                name, f"not valid YAML ({err}); fix it or use plain lines"
            ) from err
        return None
    if not isinstance(data, list | dict):
        return None if not strict else []
    return list(_yaml_items(data, ""))


def _yaml_items(data: object, group: str) -> Iterable[Topic]:
    if isinstance(data, list):
        for item in data:
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                yield Topic(_clean_topic(str(item)), group)
            elif isinstance(item, dict):
                text = next(
                    (item[k] for k in _YAML_TEXT_KEYS if isinstance(item.get(k), str)), None
                )
                if text is not None:
                    yield Topic(_clean_topic(text), group)
                else:
                    yield from _yaml_items(item, group)
            elif isinstance(item, list):
                yield from _yaml_items(item, group)
    elif isinstance(data, dict):
        keys = {_yaml_key(k): k for k in data}
        chosen = next((keys[k] for k in _YAML_LIST_KEYS if k in keys), None)
        if chosen is not None:
            yield from _yaml_items(data[chosen], group)
            return
        for key, value in data.items():
            # Scalars beside lists are metadata (title:, course:), not topics.
            if isinstance(value, list | dict):
                yield from _yaml_items(value, str(key))


def _yaml_key(key: object) -> str:
    return re.sub(r"[\s-]+", "_", str(key).strip().lower())


def _topics_from_lines(text: str) -> list[Topic]:
    text = _HTML_COMMENT.sub("", _strip_front_matter(text))
    topics: list[Topic] = []
    headings: list[tuple[int, str]] = []
    group = ""
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        stripped = line.strip()
        if in_fence or not stripped or _RULE.match(stripped) or stripped.startswith("//"):
            continue
        heading = _HEADING.match(line)
        if heading:
            group = _clean_topic(heading.group(2))
            headings.append((len(heading.group(1)), group))
            continue
        if stripped.startswith("#"):
            continue  # '#comment': a Markdown heading needs a space after the hashes
        bullet = _BULLET.match(line)
        if bullet:
            topics.append(Topic(_clean_topic(bullet.group(1)), group))
        elif stripped.endswith(":"):
            group = _clean_topic(stripped[:-1])
        else:
            topics.append(Topic(_clean_topic(stripped), group))
    if not topics and headings:
        # A lone leading level-1 heading is the document's title, not a topic.
        if len(headings) > 1 and headings[0][0] == 1 and all(lv > 1 for lv, _ in headings[1:]):
            headings = headings[1:]
        topics = [Topic(title) for _, title in headings]
    return topics


def _strip_front_matter(text: str) -> str:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return text
    for number, line in enumerate(lines[1:60], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[number + 1 :])
    return text


def _clean_topic(text: str) -> str:
    text = _CHECKBOX.sub("", text.strip())
    quoted = _QUOTED.match(text)
    if quoted:
        text = quoted.group(2)
    return clean_markdown(text)


def _dedupe(topics: Iterable[Topic]) -> list[Topic]:
    seen: set[str] = set()
    kept = []
    for topic in topics:
        key = " ".join(topic.text.casefold().split())
        if not _HAS_LETTER.search(topic.text) or key in seen:
            continue
        seen.add(key)
        kept.append(topic)
    return kept


# ---------------------------------------------------------------------------
# Scoring and verdicts (pure)
# ---------------------------------------------------------------------------


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
        }


def assess_topic(
    topic: Topic,
    passages: Sequence[Passage],
    candidates: Sequence[Candidate],
    scores: Sequence[float],
    thresholds: Thresholds,
    max_evidence: int = 3,
    weights: Mapping[str, float] | None = None,
    heading_scores: Sequence[float] | None = None,
) -> TopicCoverage:
    """Score, verdict, evidence and per-document strengths for one retrieved topic.

    A passage whose best sentence (with its section heading) holds less than
    :data:`ON_TOPIC_SHARE` of the topic's distinctive words is about something else
    that is worded alike: it never counts as support, and its strength counts
    :data:`OFF_TOPIC_FACTOR` in the score.

    Args:
        topic: The topic.
        passages: Its retrieved passages, best first.
        candidates: The passages' sentences (``rag.answer.extractive.score_candidates``).
        scores: One score per candidate.
        thresholds: Verdict cut-offs.
        max_evidence: How many passages to keep as evidence.
        weights: The topic's words with their IDF (:func:`rag.study.quiz.items.topic_weights`);
            None treats every passage as on topic.
        heading_scores: Per passage, how well its own section heading matches the
            topic (same scale as a sentence): a section titled after the topic
            ("11. Evaluation Metrics") covers it even when its rows, one metric
            each, match the whole topic less well than a one-line list does.
    """
    from rag.study.quiz.items import distinctive_overlap

    raw = passage_strengths(len(passages), candidates, scores)
    headed = [False] * len(passages)
    if heading_scores is not None:
        for i, heading in enumerate(heading_scores):
            if clip_score(heading) > raw[i][0]:
                raw[i] = (clip_score(heading), raw[i][1])
                headed[i] = True
    on_topic = []
    for passage, (_, best) in zip(passages, raw, strict=True):
        best_text = candidates[best].text if best is not None else ""
        context = f"{passage.section} {best_text}"
        on_topic.append(not weights or distinctive_overlap(weights, context) >= ON_TOPIC_SHARE)
    strengths = [
        (s if ok else s * OFF_TOPIC_FACTOR, best)
        for (s, best), ok in zip(raw, on_topic, strict=True)
    ]
    score = coverage_score([s for s, _ in strengths])
    documents: dict[str, float] = {}
    supported_in: set[str] = set()
    for passage, (strength, _), ok in zip(passages, strengths, on_topic, strict=True):
        documents[passage.source] = max(documents.get(passage.source, 0.0), strength)
        if ok and strength >= thresholds.partial:
            supported_in.add(passage.source)
    order = sorted(range(len(passages)), key=lambda i: -strengths[i][0])
    evidence = []
    for i in order[:max_evidence]:
        strength, best = strengths[i]
        sentence = candidates[best] if best is not None else None
        said = sentence.text if sentence else ""
        if headed[i]:
            said = f"(section) {section_heading(passages[i].section)}" + (
                f" — {said}" if said else ""
            )
        evidence.append(
            EvidencePassage(
                passage=passages[i],
                strength=strength,
                sentence=said,
                supports=on_topic[i] and strength >= thresholds.partial,
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
        supporting=sum(
            1
            for (s, _), ok in zip(strengths, on_topic, strict=True)
            if ok and s >= thresholds.partial
        ),
        contributing=[
            d for d, _ in sorted(documents.items(), key=lambda kv: -kv[1]) if d in supported_in
        ],
        strengths=sorted((s for s, _ in strengths), reverse=True),
    )


@dataclass
class CoverageReport:
    """Coverage of a list of topics, with the documents of the index as heatmap columns."""

    topics: list[TopicCoverage]
    documents: list[str]
    thresholds: Thresholds
    k: int

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
            "topics": [t.to_dict() for t in self.topics],
        }


# ---------------------------------------------------------------------------
# Calibration (pure)
# ---------------------------------------------------------------------------


def confusion_matrix(
    expected: Sequence[str], predicted: Sequence[str]
) -> dict[str, dict[str, int]]:
    """``matrix[expected][predicted]`` counts over the three verdicts."""
    matrix: dict[str, dict[str, int]] = {e: dict.fromkeys(VERDICTS, 0) for e in VERDICTS}
    for e, p in zip(expected, predicted, strict=True):
        matrix[e][p] += 1
    return matrix


def choose_thresholds(
    scores: Sequence[float], labels: Sequence[str], step: float = 0.01
) -> tuple[Thresholds, int]:
    """The (partial, covered) pair that gets the most verdicts right.

    Many pairs tie on a small set; among them the pair whose thresholds lie farthest
    from any score is kept (the nearer one first, then both), so a topic scoring a
    hair differently does not flip its verdict.

    Returns:
        The thresholds and how many of the labels they reproduce.
    """
    grid = np.round(np.arange(0.0, 1.0 + step / 2, step), 6)
    values = np.asarray(scores, dtype=float)
    expected = np.asarray(labels)
    at_least = values[None, :] >= grid[:, None]  # [threshold, topic]
    covered_at = (at_least & (expected == "covered")).sum(axis=1)
    partial_at = (at_least & (expected == "partial")).sum(axis=1)
    missing_below = (~at_least & (expected == "missing")).sum(axis=1)
    # correct[p, c]: verdicts right with partial = grid[p] and covered = grid[c].
    correct = (
        covered_at[None, :] + partial_at[:, None] - partial_at[None, :] + missing_below[:, None]
    )
    distance = np.abs(values[None, :] - grid[:, None]).min(axis=1) if len(values) else 0 * grid
    nearest = np.round(np.minimum(distance[:, None], distance[None, :]), 9)
    both = np.round(distance[:, None] + distance[None, :], 9)
    valid = (grid[None, :] >= grid[:, None]).ravel()
    flat = np.flatnonzero(valid)
    order = np.lexsort((both.ravel()[flat], nearest.ravel()[flat], correct.ravel()[flat]))
    p, c = divmod(int(flat[order[-1]]), len(grid))
    return Thresholds(float(grid[p]), float(grid[c])), int(correct[p, c])


def leave_one_out_accuracy(scores: Sequence[float], labels: Sequence[str]) -> float:
    """Accuracy when each topic is judged by thresholds fitted on all the others.

    In-sample accuracy of thresholds fitted to a few dozen topics flatters them; this
    is the honest estimate of how they do on a topic they were not fitted to.
    """
    if not scores:
        return 0.0
    correct = 0
    for i in range(len(scores)):
        rest = [s for j, s in enumerate(scores) if j != i]
        rest_labels = [lab for j, lab in enumerate(labels) if j != i]
        thresholds, _ = choose_thresholds(rest, rest_labels)
        correct += thresholds.verdict(scores[i]) == labels[i]
    return correct / len(scores)


# ---------------------------------------------------------------------------
# Corpus outline (pure)
# ---------------------------------------------------------------------------

_WORDS = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass
class OutlineSection:
    """One heading of one document, with how much text it holds."""

    section: str
    chunks: int
    words: int

    @property
    def level(self) -> int:
        """Depth of the heading path (1 for a top-level section, 0 before any heading)."""
        return self.section.count(SECTION_SEPARATOR) + 1 if self.section else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "section": self.section,
            "level": self.level,
            "chunks": self.chunks,
            "words": self.words,
        }


@dataclass
class OutlineDocument:
    """One ingested document and its sections in reading order."""

    source: str
    title: str
    sections: list[OutlineSection]

    @property
    def chunks(self) -> int:
        """Chunks of the whole document."""
        return sum(s.chunks for s in self.sections)

    @property
    def words(self) -> int:
        """Words of the whole document (overlapping chunk text counted once)."""
        return sum(s.words for s in self.sections)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "source": self.source,
            "title": self.title,
            "chunks": self.chunks,
            "words": self.words,
            "sections": [s.to_dict() for s in self.sections],
        }


def build_outline(chunks: Iterable[tuple[Mapping[str, Any], str]]) -> list[OutlineDocument]:
    """Documents and their sections with chunk and word counts, from stored chunks.

    Consecutive chunks of a long section overlap by design; each chunk's text is the
    document's text between ``start`` and ``end``, so only the part past the
    previous chunk's end is counted and no word is counted twice.

    Args:
        chunks: (metadata, text) of every stored chunk, in any order.
    """
    by_document: dict[tuple[str, str], list[tuple[Mapping[str, Any], str]]] = defaultdict(list)
    for meta, text in chunks:
        key = (str(meta.get("root", "")), str(meta.get("source", "")))
        by_document[key].append((meta, text))
    outline = []
    for (_, source), items in sorted(by_document.items()):
        items.sort(key=lambda item: (int(item[0].get("start", 0)), int(item[0].get("end", 0))))
        counts: dict[str, list[int]] = {}
        covered_to = 0
        for meta, text in items:
            start, end = int(meta.get("start", 0)), int(meta.get("end", 0))
            fresh = text[max(0, covered_to - start) :] if end > covered_to else ""
            covered_to = max(covered_to, end)
            entry = counts.setdefault(str(meta.get("section", "")), [0, 0])
            entry[0] += 1
            entry[1] += len(_WORDS.findall(fresh))
        title = str(items[0][0].get("title", "")) if items else ""
        sections = [OutlineSection(name, c, w) for name, (c, w) in counts.items()]
        outline.append(OutlineDocument(source, title, sections))
    return outline


# ---------------------------------------------------------------------------
# Question gaps (pure)
# ---------------------------------------------------------------------------


@dataclass
class GapQuestion:
    """A distinct logged question the material did not answer well."""

    question: str
    abstained: bool
    top_score: float
    asked: int = 1

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "question": self.question,
            "abstained": self.abstained,
            "top_score": round(self.top_score, 4),
            "asked": self.asked,
        }


def _question_key(question: str) -> str:
    return " ".join(question.casefold().split()).rstrip("?!. ")


def select_gap_questions(
    records: Iterable[Mapping[str, Any]], weak_below: float = WEAK_TOP_SCORE
) -> list[GapQuestion]:
    """Distinct questions whose latest answer was an abstention or weak.

    The latest record of a question decides, so a gap the instructor has since filled
    (and that is now answered well) drops off the list; ``asked`` counts every time.

    Args:
        records: Question-log records, oldest first.
        weak_below: Answered questions whose best passage cosine is below this are weak.
    """
    latest: dict[str, Mapping[str, Any]] = {}
    asked: Counter[str] = Counter()
    for record in records:
        question = record.get("question")
        if not isinstance(question, str) or not question.strip():
            continue
        key = _question_key(question)
        latest.pop(key, None)  # re-insert so the order is that of the latest asking
        latest[key] = record
        asked[key] += 1
    gaps = []
    for key, record in latest.items():
        abstained = bool(record.get("abstained", False))
        try:
            top_score = float(record.get("top_score", 0.0))
        except (TypeError, ValueError):
            top_score = 0.0
        if abstained or top_score < weak_below:
            gaps.append(
                GapQuestion(str(record["question"]).strip(), abstained, top_score, asked[key])
            )
    return gaps


def cluster_vectors(
    vectors: np.ndarray, min_similarity: float = CLUSTER_SIMILARITY
) -> list[list[int]]:
    """Average-linkage agglomerative clustering of unit vectors by cosine similarity.

    Groups are merged, most similar pair first, while their average pairwise
    similarity is at least ``min_similarity``: no number of clusters to guess, and a
    question unlike any other stays on its own.

    Returns:
        Clusters as lists of row indices (ascending), largest cluster first.
    """
    n = len(vectors)
    if n == 0:
        return []
    similarity = np.asarray(vectors, dtype=float) @ np.asarray(vectors, dtype=float).T
    np.fill_diagonal(similarity, -np.inf)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    active = np.ones(n, dtype=bool)
    while len(members) > 1:
        masked = np.where(active[:, None] & active[None, :], similarity, -np.inf)
        flat = int(np.argmax(masked))
        a, b = divmod(flat, n)
        if masked[a, b] < min_similarity:
            break
        size_a, size_b = len(members[a]), len(members[b])
        # Lance-Williams update: the merged group's average similarity to every other.
        merged = (size_a * similarity[a] + size_b * similarity[b]) / (size_a + size_b)
        similarity[a], similarity[:, a] = merged, merged
        similarity[a, a] = -np.inf
        active[b] = False
        similarity[b, :], similarity[:, b] = -np.inf, -np.inf
        members[a] = sorted(members[a] + members.pop(b))
    return sorted(members.values(), key=lambda m: (-len(m), m[0]))


_QUESTION_WORDS = frozenset(
    """
    explain mean meaning means difference differ different work works example examples
    define definition describe tell give know need like get make way ways one role
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def top_terms(texts: Sequence[str], n: int = 4) -> list[str]:
    """The content words most of ``texts`` share, as written (not stemmed).

    Words are counted once per text and matched by stem, so "model" and "models"
    count together and the commonest spelling is shown.
    """
    frequency: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        seen: set[str] = set()
        for word in _WORDS.findall(text.lower()):
            stems = tokenize(word)
            if len(stems) != 1 or word in _QUESTION_WORDS or word.isdigit():
                continue
            spellings[stems[0]][word] += 1
            seen.add(stems[0])
        frequency.update(seen)
    ranked = sorted(frequency, key=lambda s: (-frequency[s], s))
    return [spellings[s].most_common(1)[0][0] for s in ranked[:n]]


@dataclass
class GapCluster:
    """Questions about one thing the material seems to miss."""

    label: str
    """The most central question of the cluster."""
    terms: list[str]
    questions: list[GapQuestion]
    """Most central first."""

    @property
    def asked(self) -> int:
        """How many times questions of this cluster were asked."""
        return sum(q.asked for q in self.questions)

    @property
    def abstained(self) -> int:
        """Distinct questions of the cluster that were abstained on."""
        return sum(q.abstained for q in self.questions)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "label": self.label,
            "terms": self.terms,
            "asked": self.asked,
            "abstained": self.abstained,
            "weak": len(self.questions) - self.abstained,
            "questions": [q.to_dict() for q in self.questions],
        }


def build_gap_clusters(
    questions: Sequence[GapQuestion],
    vectors: np.ndarray,
    min_similarity: float = CLUSTER_SIMILARITY,
) -> list[GapCluster]:
    """Cluster gap questions (one unit vector each) and label every cluster.

    Clusters are ordered by how often their questions were asked, so the gap that
    most students hit comes first.
    """
    clusters = []
    for members in cluster_vectors(vectors, min_similarity):
        block = vectors[members] @ vectors[members].T
        centrality = block.mean(axis=1)
        order = [members[i] for i in np.argsort(-centrality, kind="stable")]
        chosen = [questions[i] for i in order]
        clusters.append(
            GapCluster(
                label=chosen[0].question,
                terms=top_terms([q.question for q in chosen]),
                questions=chosen,
            )
        )
    return sorted(clusters, key=lambda c: (-c.asked, -len(c.questions)))


@dataclass
class QuestionGaps:
    """The ``rag coverage --questions`` result."""

    clusters: list[GapCluster]
    logged: int
    """Records in the question log."""
    distinct: int
    """Distinct questions in the log."""
    weak_below: float
    log_enabled: bool
    log_path: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "mode": "questions",
            "logged": self.logged,
            "distinct": self.distinct,
            "gap_questions": sum(len(c.questions) for c in self.clusters),
            "weak_below": self.weak_below,
            "log_enabled": self.log_enabled,
            "log_path": self.log_path,
            "clusters": [c.to_dict() for c in self.clusters],
        }


# ---------------------------------------------------------------------------
# Formatting (pure)
# ---------------------------------------------------------------------------

Format = Literal["md", "json", "csv"]
FORMATS: tuple[Format, ...] = ("md", "json", "csv")


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _where(passage: Passage) -> str:
    return passage.source + (f" — {passage.section}" if passage.section else "")


def _shorten(text: str, width: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def report_markdown(report: CoverageReport) -> str:
    """A Markdown report: summary table, then the evidence of each topic."""
    counts = report.counts()
    t = report.thresholds
    lines = [
        "# Coverage report",
        "",
        f"{len(report.topics)} topics: {counts['covered']} covered, {counts['partial']} "
        f"partial, {counts['missing']} missing (covered ≥ {t.covered:.2f}, partial ≥ "
        f"{t.partial:.2f}; {report.k} passages retrieved per topic).",
        "",
        "| # | Topic | Verdict | Score | Supporting passages | Contributing documents |",
        "|---|---|---|---|---|---|",
    ]
    for number, item in enumerate(report.topics, start=1):
        lines.append(
            f"| {number} | {_cell(item.topic.text)} | {item.verdict} | {item.score:.2f} | "
            f"{item.supporting} | {_cell(', '.join(item.contributing)) or '—'} |"
        )
    for number, item in enumerate(report.topics, start=1):
        lines += ["", f"## {number}. {item.topic.text} — {item.verdict} ({item.score:.2f})"]
        if item.topic.group:
            lines.append(f"Listed under: {item.topic.group}")
        supporting = [e for e in item.evidence if e.supports]
        if not supporting:
            lines.append("No passage about this topic reaches the partial threshold. Closest:")
        for evidence in supporting or item.evidence[:1]:
            lines.append(
                f"- **{_where(evidence.passage)}** ({evidence.strength:.2f}): "
                f"“{_shorten(evidence.sentence)}”"
            )
    return "\n".join(lines) + "\n"


def report_csv(report: CoverageReport) -> str:
    """One row per topic, with a strength column per document (blank: not retrieved)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "topic", "group", "verdict", "score", "supporting_passages",
            "contributing_documents", "best_source", "best_section", "best_sentence",
            *report.documents,
        ]
    )  # fmt: skip
    for item in report.topics:
        best = item.evidence[0] if item.evidence else None
        writer.writerow(
            [
                item.topic.text, item.topic.group, item.verdict, f"{item.score:.4f}",
                item.supporting, "; ".join(item.contributing),
                best.passage.source if best else "", best.passage.section if best else "",
                best.sentence if best else "",
                *(f"{item.documents[d]:.4f}" if d in item.documents else ""
                  for d in report.documents),
            ]
        )  # fmt: skip
    return buffer.getvalue()


def outline_to_dict(outline: Sequence[OutlineDocument]) -> dict[str, Any]:
    """The JSON shape of ``rag coverage --outline --format json``."""
    return {
        "mode": "outline",
        "documents": [d.to_dict() for d in outline],
        "chunks": sum(d.chunks for d in outline),
        "words": sum(d.words for d in outline),
    }


def outline_markdown(outline: Sequence[OutlineDocument]) -> str:
    """Per document, a table of its sections with chunk and word counts."""
    sections = sum(len(d.sections) for d in outline)
    lines = [
        "# Corpus outline",
        "",
        f"{len(outline)} documents, {sections} sections, "
        f"{sum(d.chunks for d in outline)} chunks, {sum(d.words for d in outline)} words.",
    ]
    for document in outline:
        title = f" — {document.title}" if document.title else ""
        lines += [
            "",
            f"## {document.source}{title} ({document.chunks} chunks, {document.words} words)",
            "",
            "| Section | Chunks | Words |",
            "|---|---|---|",
        ]
        for section in document.sections:
            name = section.section or "(before the first heading)"
            lines.append(f"| {_cell(name)} | {section.chunks} | {section.words} |")
    return "\n".join(lines) + "\n"


def outline_csv(outline: Sequence[OutlineDocument]) -> str:
    """One row per section."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source", "title", "section", "level", "chunks", "words"])
    for document in outline:
        for section in document.sections:
            writer.writerow(
                [document.source, document.title, section.section, section.level,
                 section.chunks, section.words]
            )  # fmt: skip
    return buffer.getvalue()


def gaps_markdown(gaps: QuestionGaps) -> str:
    """Clusters of unanswered questions as candidate missing topics."""
    lines = ["# Question gaps", ""]
    if not gaps.log_enabled:
        lines += ["Question logging is off (RAG_QUERY_LOG=false); no new questions are logged.", ""]
    if not gaps.clusters:
        lines.append(
            f"No abstained or weakly answered questions among {gaps.distinct} distinct "
            f"logged questions ({gaps.log_path})."
        )
        return "\n".join(lines) + "\n"
    n_questions = sum(len(c.questions) for c in gaps.clusters)
    lines.append(
        f"{n_questions} of {gaps.distinct} distinct logged questions were abstained on or "
        f"weakly answered (best passage below {gaps.weak_below:.2f}), in "
        f"{len(gaps.clusters)} clusters: topics the material may be missing."
    )
    for number, cluster in enumerate(gaps.clusters, start=1):
        terms = f" (terms: {', '.join(cluster.terms)})" if cluster.terms else ""
        lines += ["", f"## {number}. {cluster.label} — asked {cluster.asked}×{terms}"]
        for question in cluster.questions[:10]:
            status = "abstained" if question.abstained else f"weak, {question.top_score:.2f}"
            times = f", asked {question.asked}×" if question.asked > 1 else ""
            lines.append(f"- {question.question} ({status}{times})")
        if len(cluster.questions) > 10:
            lines.append(f"- … and {len(cluster.questions) - 10} more")
    return "\n".join(lines) + "\n"


def gaps_csv(gaps: QuestionGaps) -> str:
    """One row per gap question, with its cluster."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["cluster", "label", "terms", "question", "abstained", "top_score", "asked"])
    for number, cluster in enumerate(gaps.clusters, start=1):
        for q in cluster.questions:
            writer.writerow(
                [number, cluster.label, "; ".join(cluster.terms), q.question, q.abstained,
                 f"{q.top_score:.4f}", q.asked]
            )  # fmt: skip
    return buffer.getvalue()


def render(result: CoverageReport | QuestionGaps | Sequence[OutlineDocument], fmt: Format) -> str:
    """Any of the three results in the chosen format."""
    if isinstance(result, CoverageReport):
        renderers: tuple[Callable[[Any], Any], ...] = (
            report_markdown, CoverageReport.to_dict, report_csv,
        )  # fmt: skip
    elif isinstance(result, QuestionGaps):
        renderers = (gaps_markdown, QuestionGaps.to_dict, gaps_csv)
    else:
        renderers = (outline_markdown, outline_to_dict, outline_csv)
    markdown, as_dict, as_csv = renderers
    if fmt == "json":
        return json.dumps(as_dict(result), ensure_ascii=False)
    return str(markdown(result) if fmt == "md" else as_csv(result))


# ---------------------------------------------------------------------------
# I/O: the index, the embedder and the question log
# ---------------------------------------------------------------------------


def parse_topic_bytes(data: bytes, name: str) -> list[Topic]:
    """Topics from an uploaded or read file's bytes; ``.yaml``/``.yml`` names parse as YAML."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise FileRejectedError(name, f"not UTF-8 text ({err.reason}); save it as UTF-8") from err
    is_yaml = Path(name).suffix.lower() in (".yaml", ".yml")
    return parse_topics(text, name=name, yaml=True if is_yaml else None)


def read_topic_file(path: Path) -> list[Topic]:
    """Topics from a syllabus file; every failure names the file and what to do."""
    if not path.exists():
        raise FileRejectedError(str(path), "topic file not found")
    if not path.is_file():
        raise FileRejectedError(str(path), "not a file; give a syllabus file, one topic per line")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileRejectedError(str(path), f"cannot be read ({err.strerror})") from err
    return parse_topic_bytes(data, str(path))


class _SentenceCache:
    """An embedder front that embeds each distinct text once.

    The topics of a syllabus retrieve largely the same passages, so their sentences
    repeat; :func:`rag.answer.extractive.score_candidates` would embed them again per topic.
    """

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
        self.vectors: dict[str, np.ndarray] = {}

    def prefetch(self, texts: Iterable[str], progress: bool = False) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            encoded = self.embedder.encode(missing, show_progress=progress)
            self.vectors.update(zip(missing, encoded, strict=True))

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        self.prefetch(texts, show_progress)
        return np.stack([self.vectors[t] for t in texts])


_TASK_STEMS = frozenset(
    tokenize(
        "explain explains describe describes define trace discuss compare distinguish "
        "introduce introduction overview understand understanding basics work works how "
        "using through their about such like across derive used"
    )
)
"""Words of how a syllabus line is phrased, not of what it is about."""


def section_heading(section: str) -> str:
    """The last heading of a section path without its number or emoji ("Evaluation Metrics")."""
    leaf = section.split(SECTION_SEPARATOR)[-1] if section else ""
    leaf = re.sub(r"^[^\w]*(?:\d+(?:\.\d+)*[.)]?\s+)?", "", leaf)
    return leaf.strip()


def heading_scores(question: str, passages: Sequence[Passage], embedder: Any) -> list[float]:
    """Each passage's section heading scored against a topic like a sentence is.

    Cosine plus the keyword bonus of :func:`rag.answer.extractive.score_candidates`, so the
    two are on one scale; a passage without a heading scores 0.
    """
    from rag.answer.extractive import content_terms, keyword_overlap

    headings = [section_heading(p.section) for p in passages]
    shown = [h for h in headings if h]
    if not shown:
        return [0.0] * len(passages)
    vectors = embedder.encode([question, *shown])
    topic_vector = vectors[0]
    by_text = dict(zip(shown, vectors[1:], strict=True))
    terms = content_terms(question)
    return [
        float(np.dot(by_text[h], topic_vector)) + 0.15 * keyword_overlap(terms, h) if h else 0.0
        for h in headings
    ]


def cap_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Topic word weights capped at their median, so no single rare word decides.

    "characteristics" in "Foundation models and their characteristics" is rarer in
    the material than "foundation", but a passage about foundation models is on topic
    without it.
    """
    if not weights:
        return {}
    cap = float(np.median(list(weights.values())))
    return {w: min(v, cap) for w, v in weights.items()}


def assess_topics(
    assistant: Assistant,
    topics: Sequence[Topic],
    *,
    k: int = DEFAULT_K,
    thresholds: Thresholds | None = None,
    progress: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> CoverageReport:
    """Retrieve and score every topic against the index (hybrid retrieval).

    Args:
        assistant: The assistant whose index is assessed.
        topics: The topics.
        k: Passages retrieved per topic; raised to ``DEPTH`` when lower, since the
            score averages that many.
        thresholds: Verdict cut-offs (default: the calibrated ones).
        progress: Show a progress bar on stderr.
        on_progress: Called with (done, total) after each topic (for the UI).
    """
    from rag.answer.extractive import score_candidates

    thresholds = thresholds or Thresholds()
    k = max(k, DEPTH)
    retrievals = assistant.retrieve_many([t.text for t in topics], k, "hybrid")
    cache = _SentenceCache(assistant.embedder)
    cache.prefetch(
        [t.text for t in topics]
        + [
            c.text
            for r in retrievals
            for i, p in enumerate(r.passages)
            for c in candidate_sentences(i, p.text)
        ],
        progress,
    )
    from rag.study.quiz.items import topic_weights

    # Word rarity over the whole index, from the keyword index's document counts; when
    # it has none, among every passage the syllabus retrieved.
    seen = {p.id: f"{p.section} {p.text}" for r in retrievals for p in r.passages}
    texts = list(seen.values())
    chunks, frequencies = assistant.keyword_index.document_frequencies()
    results = []
    for done, (topic, retrieval) in enumerate(zip(topics, retrievals, strict=True), start=1):
        candidates, scores, _ = score_candidates(topic.text, retrieval.passages, cache)
        if frequencies:
            raw = {
                w: math.log((1 + chunks) / (1 + frequencies.get(w, 0)))
                for w in sorted(set(tokenize(topic.text)))
            }
        else:
            raw = topic_weights(topic.text, texts)
        weights = cap_weights({w: v for w, v in raw.items() if w not in _TASK_STEMS})
        headings = heading_scores(topic.text, retrieval.passages, cache)
        results.append(
            assess_topic(topic, retrieval.passages, candidates, scores, thresholds,
                         weights=weights, heading_scores=headings)
        )  # fmt: skip
        if on_progress:
            on_progress(done, len(topics))
    documents = [d.source for d in assistant.documents()]
    return CoverageReport(results, list(dict.fromkeys(documents)), thresholds, k)


def corpus_outline(assistant: Assistant) -> list[OutlineDocument]:
    """The index's documents and sections with chunk and word counts."""
    if assistant.store.count() == 0:
        raise EmptyIndexError(
            f"nothing is indexed in {assistant.settings.data_dir}; run `rag ingest` first"
        )
    return build_outline((c.metadata, c.text) for c in assistant.store.iter_chunks())


def find_question_gaps(
    assistant: Assistant,
    *,
    weak_below: float = WEAK_TOP_SCORE,
    min_similarity: float = CLUSTER_SIMILARITY,
    max_questions: int = 2000,
) -> QuestionGaps:
    """Cluster the logged questions that were abstained on or weakly answered.

    Args:
        assistant: Its settings say where the question log is.
        weak_below: Best passage cosine below which an answer counts as weak.
        min_similarity: Cosine similarity at which questions are grouped.
        max_questions: Only the most recent this many gap questions are clustered
            (clustering is quadratic in memory).
    """
    from rag.answer.querylog import query_log_path, read_questions

    records = list(read_questions(assistant.settings))
    selected = select_gap_questions(records, weak_below)[-max_questions:]
    vectors = (
        assistant.embedder.encode([q.question for q in selected]) if selected else np.zeros((0, 0))
    )
    return QuestionGaps(
        clusters=build_gap_clusters(selected, np.asarray(vectors), min_similarity),
        logged=len(records),
        distinct=len(
            {_question_key(q) for r in records if isinstance(q := r.get("question"), str)}
        ),
        weak_below=weak_below,
        log_enabled=assistant.settings.query_log,
        log_path=str(query_log_path(assistant.settings)),
    )
