"""BM25 keyword index over the same chunks as Chroma.

Chroma is the source of truth; this index is derived from it and can always be
rebuilt. The ingest marks it stale *before* touching Chroma and rebuilds it after,
so a crash in between leaves a marker that makes the next reader rebuild.
"""

from __future__ import annotations

import json
import logging
import math
import re
import shutil
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rag.retrieval.spelling import corrected_spelling
from rag.text.stopwords import STOPWORDS

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _bm25s() -> Any:
    """The bm25s module, imported without numba, with its logger back at WARNING.

    bm25s imports numba whenever it is installed, to offer a backend this index does not
    use (searches run on numpy); where numba is installed that import cost 0.17 s of a
    cold ``rag retrieve`` (1.39-1.49 s against 1.29 s, 5 runs each, load 1.0). So numba
    is hidden while bm25s imports, and restored for anything else that wants it.
    Importing bm25s also sets its logger to DEBUG, which would print "Building index
    from tokens" on every CLI run.
    """
    import sys

    hide_numba = "numba" not in sys.modules
    if hide_numba:
        sys.modules["numba"] = None  # type: ignore[assignment]  # import numba: ImportError
    try:
        import bm25s
    finally:
        if hide_numba:
            del sys.modules["numba"]

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


HYPHENS = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u00b7": "-"}
"""The Unicode hyphens (and the middle dot of "DALL·E") as the ASCII hyphen, for every
rule that reads a word's edges: the course writes "Gen‑3" with a non-breaking hyphen."""
_MARKS = str.maketrans({"’": "'", **HYPHENS})
"""A curly apostrophe and the Unicode hyphens read as their ASCII forms: the course writes
"Make‑A‑Video" with non-breaking hyphens, a student types "Make-A-Video". The middle dot
of "DALL·E" is a hyphen too: split there, "e" weighed as a word of its own ("How do tools
like DALL·E … learn…", a blind train question), and "DALL-E" was another term."""


_NAME_DASH = re.compile(r"(?<=[^\W\d_])\u2013(?=[^\W\d_])")
"""An en dash between two letters joins a name of two people, "Hertzsprung–Russell", which a
student types with a hyphen; between numbers ("2014–2017") it is a range, and stays."""


TOKENIZER_VERSION = 2
"""Changes whenever :func:`tokenize` maps a word to another term, so that a keyword index
saved by an older version is rebuilt from Chroma instead of matching stale terms
(:meth:`KeywordIndex.load`). 2: dotted initials, Greek "-sis" nouns, letters without
their accents, a Greek letter standing alone as its name."""

_DOTTED_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}(?![\w])")
"""Capital initials with full stops, "H.M.", "U.S.", "B.C.E.": one word, as a student
types it ("HM", "BCE"); split, each letter was a term of its own and "patient HM" (a
neuroscience probe) matched nothing."""

_GREEK_SINGULAR = re.compile(r"^[^\W\d_]{3,}(?<!ba)sis$")
"""A Greek noun in "-sis" ("thesis", "hypothesis", "analysis", "crisis"): the stemmer
ends it in "-si" and its plural in "-s"/"-se" ("April thesis" missed the notes' "April
Theses", a Russian Revolution probe). Not "basis", whose plural form "bases" is the
plural of "base"."""


def _stem_words(words: list[str]) -> list[str]:
    """The stems of ``words``; a Greek "-sis" singular as its "-ses" plural's stem."""
    plurals = [
        w[:-2] + "es" if w.endswith("sis") and _GREEK_SINGULAR.match(w) else w for w in words
    ]
    return list(_stemmer().stemWords(plurals))


_LETTERS_APART = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d",
                                "ð": "d", "þ": "th", "ı": "i"})  # fmt: skip
"""Lower-case letters Unicode does not decompose into a base letter and a mark."""


def without_accents(text: str) -> str:
    """``text`` with its letters' accents dropped: "Méliès" as "Melies", "Ørsted" as "Orsted".

    Students type names without their accents: "what was the stop trick that Melies used"
    was refused, "the material never uses 'Melies'" (a history-of-cinema probe). Canonical
    decomposition only: "10²" stays a power, not "102".

    >>> without_accents("méliès ørsted spärck jones, straße")
    'melies orsted sparck jones, strasse'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS_APART))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_GREEK_NAMES = dict(
    zip(
        "αβγδεζηθικλμνξοπρστυφχψως",
        (  # noqa: SIM905 - the names read better as text
            "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron "
            "pi rho sigma tau upsilon phi chi psi omega sigma"
        ).split(),
        strict=True,
    )
)
_GREEK_LETTER = re.compile(rf"(?<![^\W\d_])[{''.join(_GREEK_NAMES)}](?![^\W\d_])")
"""A Greek letter standing alone, as a student types its name: "how did archimedes estimate
pi" of "…to show 223/71 < π < 22/7" (a history-of-mathematics probe); "beta-VAE" of
"β-VAE". Not one inside a word ("μm")."""


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed content words: what BM25 matches on.

    A trailing "'s" is dropped before the stopword test, so "What's the point of RAG?"
    does not keep "what" as its rarest word (the stemmer would strip it only after).

    >>> tokenize("the Hertzsprung–Russell diagram") == tokenize("Hertzsprung-Russell diagrams")
    True
    >>> tokenize("the April thesis") == tokenize("April Theses"), tokenize("patient H.M.")
    (True, ['patient', 'hm'])
    >>> tokenize("Méliès: 223/71 < π"), tokenize("β-VAE in μm")
    (['meli', '223', '71', 'pi'], ['beta-va', 'μm'])
    """
    text = _DOTTED_INITIALS.sub(lambda m: m.group().replace(".", ""), text)
    text = _NAME_DASH.sub("-", text.lower().translate(_MARKS))
    if not text.isascii():
        text = _GREEK_LETTER.sub(lambda m: _GREEK_NAMES[m.group()], without_accents(text))
    words = [w.removesuffix("'s") for w in _WORD.findall(text)]
    words = [w for w in words if w not in STOPWORDS]
    return _stem_words(words)


def terms_with_parts(text: str) -> set[str]:
    """:func:`tokenize`'s terms, plus quantity compounds' parts and counts' other forms.

    A count from two to twelve is both its word and its digits ("three" and "3").

    "It uses a 12-layer transformer decoder" answers "How many layers…": the index
    keeps "12-layer" whole, the evidence scorer also sees "layer". Only compounds led
    by a number: split, "Text-to-Audio" matched "Which model turns audio … into
    text?" better than the row that answers it (train split of eval/questions.jsonl).
    """
    terms = set(tokenize(text))
    compounds = " ".join(t for t in terms if "-" in t and t[0].isdigit())
    terms |= set(tokenize(compounds.replace("-", " "))) if compounds else set()
    # "A typical late-1930s band had 13–16 players" is of the 1930s (a jazz probe).
    terms |= {f"{m[1]}s" for t in terms if (m := _PART_OF_DECADE.match(t))}
    # A plural the stemmer keeps whole after a "u": "Kudurrus, carved boundary stones…"
    # answers "whats a kudurru" (a Mesopotamia probe was refused).
    terms |= {t[:-1] for t in terms if len(t) > 5 and t.endswith("us") and not t.endswith("ous")}
    # "per 3 molecules" asks about "three molecules": a small count either way is one term.
    counts = _counts()  # not "one": "one of the…" counts nothing
    terms |= {str(counts.index(t)) for t in terms if t in counts[2:]}
    terms |= {counts[int(t)] for t in terms if t.isdecimal() and 1 < int(t) < len(counts)}
    # An ordinal either way: "how long did the fourth flight last" is the row "4th: Wilbur
    # (duration: 59 s…)" (an aviation probe was refused).
    terms |= {_ORDINALS[t] for t in terms if t in _ORDINALS}
    terms |= {figure for figure, word in _ORDINALS.items() if word in terms}
    return terms


_PART_OF_DECADE = re.compile(r"^(?:early|mid|late)-(\d{3}0)$")
_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth",
)  # fmt: skip
_ORDINALS = {
    f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}": word
    for n, word in enumerate(_ORDINAL_WORDS, start=1)
}
"""Ordinals in figures and their words, as the stemmer leaves both ("fourth", "4th")."""
_COUNT_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
)  # fmt: skip


@lru_cache(maxsize=1)
def _counts() -> list[str]:
    """The stems of the numbers zero to twelve as words, each at its value's index."""
    return [str(_stemmer().stemWord(word)) for word in _COUNT_WORDS]


def content_terms(text: str) -> set[str]:
    """The distinct stemmed content words of a question (for abstention coverage)."""
    return set(tokenize(text))


class KeywordIndex:
    """A bm25s index with the chunk ids of its rows, saved under the data directory."""

    K1 = 0.9
    B = 0.4

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._bm25: Any = None
        self._ids: list[str] = []
        self._lock = threading.Lock()

    @property
    def stale_marker(self) -> Path:
        """A file whose presence says Chroma may have changed since the last build."""
        return self.directory.parent / f"{self.directory.name}.stale"

    def mark_stale(self) -> None:
        """Called by the ingest before it modifies Chroma."""
        self.directory.parent.mkdir(parents=True, exist_ok=True)
        self.stale_marker.touch()

    def is_stale(self) -> bool:
        """True after an interrupted or unfinished ingest."""
        return self.stale_marker.exists()

    def build(self, ids: Sequence[str], texts: Iterable[str]) -> None:
        """Index ``texts`` (one per id) in memory."""
        bm25s = _bm25s()
        tokens = [tokenize(text) or ["\u2205"] for text in texts]
        bm25 = bm25s.BM25(k1=self.K1, b=self.B)
        if tokens:
            bm25.index(tokens, show_progress=False)
        with self._lock:
            self._bm25, self._ids = (bm25 if tokens else None), list(ids)

    def save(self) -> None:
        """Write the index next to a temporary name, then swap it in, then clear the marker."""
        staging = self.directory.with_name(self.directory.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(staging), show_progress=False)
        (staging / "ids.json").write_text(json.dumps(self._ids))
        (staging / "tokenizer.json").write_text(json.dumps({"version": TOKENIZER_VERSION}))
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.directory.exists():
            self.directory.rename(old)
        staging.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)
        self.stale_marker.unlink(missing_ok=True)

    def saved_version(self) -> tuple[int, int] | None:
        """Identity of the saved index (inode and mtime of its id list); None when none is.

        Every finished ingest saves a new one, so a reader that compares it between
        questions notices an ingest made by another process.
        """
        try:
            stat = (self.directory / "ids.json").stat()
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)

    def outdated(self) -> bool:
        """True when the saved index was built by another :data:`TOKENIZER_VERSION`.

        Its terms are not the ones :func:`tokenize` makes of a question now, so it is
        rebuilt from Chroma: in memory by a reader, and saved by the next ``rag ingest``.
        """
        try:
            saved = json.loads((self.directory / "tokenizer.json").read_text())
        except (OSError, ValueError):
            return True
        return not isinstance(saved, dict) or saved.get("version") != TOKENIZER_VERSION

    def load(self) -> bool:
        """Read the saved index; False when there is none, it is stale or it is outdated."""
        bm25s = _bm25s()
        ids_file = self.directory / "ids.json"
        version = self.saved_version()
        if self.is_stale() or version is None:
            return False
        if self.outdated():
            log.info("keyword index at %s made by an older tokenizer; rebuilding", self.directory)
            return False
        try:
            ids = json.loads(ids_file.read_text())
            bm25 = bm25s.BM25.load(str(self.directory), show_progress=False) if ids else None
        except (OSError, ValueError, KeyError) as err:
            log.warning("keyword index at %s unreadable (%s); rebuilding", self.directory, err)
            return False
        if self.saved_version() != version:
            return False  # an ingest swapped in a new index while we read: ids and rows may differ
        with self._lock:
            self._bm25, self._ids = bm25, ids
        return True

    def __len__(self) -> int:
        return len(self._ids)

    def document_frequencies(self) -> tuple[int, dict[str, int]]:
        """Number of indexed chunks, and in how many of them each stemmed term occurs.

        Read from the BM25 score matrix (one column of non-zeros per term), so the
        answer's evidence selection weighs question words by the same statistics the
        keyword search uses, without a second pass over the collection.
        """
        with self._lock:
            bm25, ids = self._bm25, self._ids
        if bm25 is None:
            return len(ids), {}
        cached = getattr(bm25, "_course_rag_df", None)
        if cached is None:
            import numpy as np

            counts = np.diff(np.asarray(bm25.scores["indptr"]))
            cached = {term: int(counts[column]) for term, column in bm25.vocab_dict.items()
                      if column < len(counts)}  # fmt: skip
            bm25._course_rag_df = cached
        return len(ids), cached

    def search(
        self, query: str, n: int, synonyms: Callable[[str], Sequence[str]] | None = None
    ) -> list[tuple[str, float]]:
        """Best ``n`` chunks for ``query`` as (id, BM25 score), best first.

        ``synonyms`` maps a stemmed word to its synonyms' stems; a query word the
        collection never uses is searched as those it does use (:func:`_synonyms_used`).
        """
        terms = tokenize(query)
        with self._lock:
            bm25, ids = self._bm25, self._ids
        if bm25 is None or not terms or not ids:
            return []
        known = [t for t in terms if t in bm25.vocab_dict]
        if synonyms is not None:
            known += _synonyms_used(terms, bm25.vocab_dict, synonyms)
        # "text to speach": the collection says "speech" (rag.retrieval.spelling); a word
        # with a synonym the collection uses is read as that, never respelled.
        unread = [
            t for t in terms
            if t not in bm25.vocab_dict
            and not (synonyms and any(m in bm25.vocab_dict for m in synonyms(t)))
        ]  # fmt: skip
        if unread:
            frequency = self.document_frequencies()[1]
            known += [c for c in (corrected_spelling(t, frequency) for t in unread) if c]
        if not known:
            return []
        documents, scores = bm25.retrieve(
            [known], k=min(n, len(ids)), show_progress=False, n_threads=1
        )
        return [
            (ids[int(doc)], float(score))
            for doc, score in zip(documents[0], scores[0], strict=True)
            if score > 0
        ]


def _synonyms_used(
    terms: Sequence[str], vocabulary: Mapping[str, int], synonyms: Callable[[str], Sequence[str]]
) -> list[str]:
    """The collection's words for the query's words it never uses (:mod:`rag.retrieval.synonyms`).

    "…according to the *history* of generative AI?" of a course with a section
    "Evolution of Generative AI" and no "history": BM25 scores a word only where it is.
    """
    found: list[str] = []
    for term in terms:
        if term not in vocabulary:
            found += [m for m in synonyms(term) if m in vocabulary and m not in found]
    return found


@dataclass(frozen=True)
class TermStatistics:
    """Document frequencies of stemmed terms in the indexed collection (from BM25)."""

    n_documents: int
    document_frequency: Mapping[str, int] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        """BM25's IDF; a term the collection never uses weighs the most.

        An unknown word in the question is exactly what the material does not cover,
        so it should pull the evidence score down, not be ignored.
        """
        df = self.document_frequency.get(term, 0)
        n = max(self.n_documents, 1)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))
