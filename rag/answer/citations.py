"""Pure citation logic: find ``[n]`` markers, drop the invalid ones, locate quotes.

Models cite numbers that were never shown to them; those are removed from the
answer and reported, so every citation a student clicks leads to a real passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.retrieval.keyword import tokenize
from rag.text.passages import candidate_sentences
from rag.text.sentences import SENTENCE, sentence_spans

CITATION_MARKER = re.compile(r"(?<!\[)\[(\s*\d+\s*(?:[,;]\s*\d+\s*)*)\](?!\]|,\s*\[)")
"""A citation: ``[2]``, ``[1, 3]`` or ``[1; 3]``; group 1 holds the numbers.

Not a row of a matrix, which another bracket holds: "σ_x = [[0, 1], [1, 0]]" lost its
"0" as a citation to no passage and kept "[1]" as one (a quantum probe)."""
_MARKER_WITH_SPACE = re.compile(r"([ \t]*)" + CITATION_MARKER.pattern)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class CitationCheck:
    """An answer with invalid markers removed, the valid numbers and the removed ones."""

    text: str
    cited: list[int]
    invalid: list[int]


def check_citations(answer: str, n_passages: int) -> CitationCheck:
    """Keep ``[n]`` markers with 1 <= n <= n_passages; remove and report the rest.

    ``[1, 3]`` and ``[1][3]`` are both understood. Cited numbers are returned in
    order of first appearance.
    """
    cited: list[int] = []
    invalid: list[int] = []

    def replace(match: re.Match[str]) -> str:
        numbers = [int(x) for x in re.findall(r"\d+", match.group(2))]
        good = [n for n in numbers if 1 <= n <= n_passages]
        for n in numbers:
            target = cited if n in good else invalid
            if n not in target:
                target.append(n)
        # A removed marker takes the space before it along, and nothing else changes.
        return match.group(1) + "".join(f"[{n}]" for n in good) if good else ""

    text = _MARKER_WITH_SPACE.sub(replace, answer).strip()
    return CitationCheck(text=text, cited=cited, invalid=invalid)


_TRAILING_MARKERS = re.compile(rf"(?:[ \t]*{CITATION_MARKER.pattern})+(?=[.!?]*\s*$)")


def compact_citations(answer: str) -> str:
    r"""Cite a run of sentences from one passage once, after the last of them, line by line.

    "Atrial systole [1]. Following the P wave… [1]. At rest… [1]." read as a wall of
    markers in a quoted list (a student's probe); a citation that closes a run of
    sentences on one line covers them, as in any written text. Each sentence is still
    checked against its own passage before this, and a sentence citing other passages,
    or citing mid-sentence, keeps its markers.

    >>> compact_citations("A is B [1]. C is D [1]. E [2].\n- F [1]. G [1][2]. H [1][2].")
    'A is B. C is D [1]. E [2].\n- F [1]. G. H [1][2].'
    """
    return "\n".join(_compact_line(line) for line in answer.split("\n"))


def _compact_line(line: str) -> str:
    sentences = [m.group(0) for m in SENTENCE.finditer(line)]
    if "".join(sentences) != line:
        return line  # white space the sentences do not cover: leave the line as written
    cited = [_trailing_numbers(sentence) for sentence in sentences]
    # A sentence inside a quotation the line opened before it belongs to the run around
    # it: "answered: "Everything. What has it been until now [1]? Nothing."" showed a
    # marker inside Sieyès's words (a student's probe).
    quoted = ["".join(sentences[:number]).count('"') % 2 == 1 for number in range(len(sentences))]
    kept = []
    for number, sentence in enumerate(sentences):
        later = number + 1
        while later < len(sentences) and not cited[later] and quoted[later]:
            later += 1
        following = cited[later] if later < len(sentences) else None
        if cited[number] and cited[number] == following:
            sentence = _TRAILING_MARKERS.sub("", sentence, count=1)
        kept.append(sentence)
    return "".join(kept)


def _trailing_numbers(sentence: str) -> tuple[int, ...]:
    """The numbers a sentence cites at its end, when it cites nowhere else."""
    trailing = _TRAILING_MARKERS.search(sentence)
    if not trailing or CITATION_MARKER.search(sentence[: trailing.start()]):
        return ()
    return tuple(int(n) for n in re.findall(r"\d+", trailing.group(0)))


_DASHES = str.maketrans({"–": "-", "—": "-", "·": "-"})


def claim_terms(text: str) -> set[str]:
    """Stemmed content words of a claim or passage, dashes made one.

    A model writes "2014-2017" and "DALL-E" where the course has "2014–2017" and
    "DALL·E"; as words they are the same. Both forms are kept, so "DALL" alone is
    found in "DALL·E" as before.
    """
    return set(tokenize(text)) | set(tokenize(text.translate(_DASHES)))


def attribute_uncited(answer: str, passages: Sequence[str], min_overlap: float = 0.5) -> str:
    """Add ``[n]`` to answer sentences that cite nothing but plainly come from passage n.

    Small local models often answer correctly from the passages yet write no marker;
    a sentence whose content words (stemmed, as the support check counts them) mostly
    occur in one passage is attributed to it. Comparing raw words, "Adam, AdamW, and
    LAMB are typically used to train generative models" matched its passage too little
    ("are", "to", "used" count; "train" is not "Training"), stayed uncited and was
    judged unsupported. Attribution only says where to check: the support check then
    decides. Sentences that match no passage well enough stay uncited (and are reported).
    """
    passage_terms = [claim_terms(text) for text in passages]
    pieces: list[str] = []
    cursor = 0
    for match in SENTENCE.finditer(answer):
        sentence = match.group(0)
        if CITATION_MARKER.search(sentence) or not passage_terms:
            continue
        words = claim_terms(sentence)
        if len(words) < 2:
            # Too few words to weigh, but quoted word for word: "What has it been until
            # now?" inside Sieyès's quoted answer (a student's probe) was left uncited.
            quoted = " ".join(sentence.split())
            found = [i for i, text in enumerate(passages) if quoted in " ".join(text.split())]
            if len(quoted) < 12 or not found:
                continue
            best = found[0]
        else:
            overlaps = [len(words & p) / len(words) for p in passage_terms]
            best = max(range(len(overlaps)), key=overlaps.__getitem__)
            if overlaps[best] < min_overlap:
                continue
            # A tie goes to the passage the next marker cites: "Flux melting." opens a list
            # item cited at its end, and a table row elsewhere names flux melting too.
            after = CITATION_MARKER.search(answer, match.end())
            cited = int(re.split(r"[,;]", after.group(1))[0]) - 1 if after else -1
            if 0 <= cited < len(overlaps) and overlaps[cited] == overlaps[best]:
                best = cited
        body = sentence.rstrip()
        end = match.start() + len(body)
        trailing = len(body) - len(body.rstrip(".!?"))
        insert_at = end - trailing
        pieces.append(answer[cursor:insert_at] + f" [{best + 1}]")
        cursor = insert_at
    pieces.append(answer[cursor:])
    return "".join(pieces)


def claims_by_citation(answer: str) -> dict[int, list[str]]:
    """For each cited number, the answer sentences that cite it (markers removed)."""
    claims: dict[int, list[str]] = {}
    for sentence in SENTENCE.findall(answer):
        numbers = [int(x) for x in re.findall(r"\[(\d+)\]", sentence)]
        clean = re.sub(r"\s+([.,;:!?])", r"\1", CITATION_MARKER.sub("", sentence)).strip()
        for n in numbers:
            claims.setdefault(n, []).append(clean)
    return claims


def highlight_spans(
    claims: Sequence[str], passage_text: str, min_overlap: float = 0.5
) -> list[tuple[int, int]]:
    """The passage sentences each claim was drawn from: most of the claim's words in them.

    A sentence or list item wrapped over lines is one candidate too (after the lines it
    spans, so a claim a single line holds keeps that line): "Prophase. The chromatin
    condenses…", quoted whole, had only its second line marked.
    """
    spans: list[tuple[int, int]] = []
    whole = [(c.start, c.end) for c in candidate_sentences(0, passage_text)]
    # Words as read, bold marks gone: "**A**bsorption" is "Absorption" ("ADME stands for
    # Absorption, …" marked a sentence on absorption and distribution, not the one spelling
    # ADME out: the app checked on a pharmacokinetics course).
    candidates = [(span, set(_WORD.findall(passage_text[slice(*span)].replace("*", "").lower())))
                  for span in dict.fromkeys([*sentence_spans(passage_text), *whole])]  # fmt: skip
    for claim in claims:
        words = set(_WORD.findall(claim.lower()))
        if not words:
            continue
        best, best_overlap = None, 0.0
        for span, span_words in candidates:
            overlap = len(words & span_words) / len(words)
            if overlap > best_overlap:
                best, best_overlap = span, overlap
        if best is not None and best_overlap >= min_overlap and best not in spans:
            spans.append(best)
            below = _set_below(best, [span for span, _ in candidates], claim, passage_text)
            spans += [span for span in below if span not in spans]
    return sorted(spans)


def _set_below(
    best: tuple[int, int], spans: Sequence[tuple[int, int]], claim: str, passage_text: str
) -> list[tuple[int, int]]:
    """The line right below ``best`` that the claim quotes too, as the formula it announces.

    "…giving Bragg's law: nλ = 2d sin θ" had only the sentence marked, not the formula set
    on its own line ("> *n*λ = 2*d* sin θ"). Compared as letters: the Markdown goes.
    """
    quoted = _LETTERS_ONLY.sub("", claim.lower())
    for start, end in spans:
        line = _LETTERS_ONLY.sub("", passage_text[start:end].lower())
        between = passage_text[best[1] : start]
        if start >= best[1] and len(line) >= 4 and line in quoted and not between.strip(" >*\n"):
            return [(start, end)]
    return []


_LETTERS_ONLY = re.compile(r"[\W_]+")


def renumber_citations(answer: str) -> tuple[str, list[int]]:
    """Number citations 1..n in order of first use, whatever the writer numbered.

    A student reading "[3] … [5]" looks for [1] and [2]; they are passages the
    answer did not use. Returns the renumbered text and, for each new number from
    1, the old number it stands for.

    >>> renumber_citations("A [3]. B [5][3].")
    ('A [1]. B [2][1].', [3, 5])
    """
    renumber = StreamingRenumberer()
    return renumber.renumber(answer), renumber.order


class StreamingRenumberer:
    """:func:`renumber_citations` for text that arrives in pieces (a streamed answer).

    A marker can be split across pieces ("[", "3", "]"), so text from an open
    bracket on is held back until the marker is complete or clearly is not one.
    """

    def __init__(self) -> None:
        self.order: list[int] = []
        self._pending = ""

    def feed(self, piece: str) -> str:
        """The renumbered text that can be shown now."""
        text = self._pending + piece
        cut = text.rfind("[")
        if cut != -1 and "]" not in text[cut:] and re.fullmatch(r"\[[\d\s,;]*", text[cut:]):
            text, self._pending = text[:cut], text[cut:]
        else:
            self._pending = ""
        return self.renumber(text)

    def flush(self) -> str:
        """Whatever was held back, at the end of the stream."""
        text, self._pending = self._pending, ""
        return self.renumber(text)

    def renumber(self, text: str) -> str:
        """``text`` with its markers renumbered, continuing the numbering so far."""

        def replace(match: re.Match[str]) -> str:
            numbers = [int(x) for x in re.findall(r"\d+", match.group(1))]
            for n in numbers:
                if n not in self.order:
                    self.order.append(n)
            return "".join(f"[{self.order.index(n) + 1}]" for n in dict.fromkeys(numbers))

        return CITATION_MARKER.sub(replace, text)
