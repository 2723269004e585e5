"""Where a sentence ends, in course text and in answers: one set of rules.

A full stop does not always end a sentence. Course texts write "GANs vs. VAEs",
"e.g. Adam" and "Dr. Goodfellow"; cutting there quoted "Generator vs." as an answer
and left "Generator vs [1]." alone as a claim. Dots inside URLs, file names and
numbers ("pixel.png", "2.5") end nothing either. The answer, citation and support
code each had a copy of these rules; this module is the one copy.

Two readings, both built from :data:`ABBREVIATIONS`:

- :data:`SENTENCE` matches a whole sentence (answers, citation spans);
- :data:`SENTENCE_END` matches the white space *between* two sentences of a
  paragraph, where the next one starts with a capital or a digit (evidence units).

:data:`CHUNK_SENTENCE_END` is the splitter's older, looser boundary, kept apart on
purpose: chunk boundaries are part of a stored index (``SPLITTER_VERSION``), so the
splitter keeps cutting where it always has.
"""

from __future__ import annotations

import re

ABBREVIATIONS = (
    "vs", "e.g", "i.e", "etc", "cf", "Dr", "Fig", "No", "St", "Mt", "Mr", "Mrs", "Ms", "Prof",
    "Jr", "Sr", "c", "ca", "approx", "d", "b", "r", "fl", "q", "pp", "vol", "ch", "v",
)  # fmt: skip
"""Abbreviations course texts use mid-sentence; a single capital ("J. Smith") is one too.

"The reindeer of St. Matthew Island" was cut after "St." and asked as a blank whose key
was "St" (an ecology course's check sheet, eval/quiz_check11_ecology.md); history notes
write "c. 1750", and "Gerard of Cremona (d. 1187) translated…" was cut after "d.", then
asked as "True or false: 1187) translated dozens of Arabic works…"
(eval/quiz_check20_medieval_europe.md): died, born, reigned, flourished; and ethics notes
cite "Summa Theologiae I-II, q. 94" (eval/quiz_check21_ethics.md: questions cut at "q."),
and law cases "Johnson v. M'Intosh" (eval/quiz_check24_exploration.md)."""

NUMBER_ABBREVIATIONS = ("Art", "Arts", "Sec", "Secs", "Para", "Nos", "p")
"""Abbreviations that stand before a number: "Art. 213" is one reference, not two
sentences. A notes' line on the Civil Code, "…the wife obedience to her husband (Art.
213)", was cut at "Art." and offered as a quiz option ending "(Art."
(eval/quiz_check62_eight_courses.md). Only before a digit, since "the Museum of Art." ends
a sentence."""

ABBREVIATION = (
    rf"(?:\b(?:{'|'.join(re.escape(a) for a in ABBREVIATIONS)}|[A-Z])\.(?=\s)"
    rf"|\b(?:{'|'.join(NUMBER_ABBREVIATIONS)})\.(?=\s+\d))"
)
"""Pattern text: an abbreviation and its full stop, before white space (or a number)."""

SENTENCE = re.compile(rf"(?:{ABBREVIATION}|[^.!?\n]|[.!?]+(?=[^\s.!?]))+(?:[.!?]+(?=\s|$)|\n|$)")
"""One sentence: up to . ! ? before white space or the end, or up to a line break.

A line break ends a sentence too, so a heading or list line is never glued to the
paragraph under it. Abbreviations and dots followed by more text do not end one.
"""

_AFTER_NUMBER_ABBREVIATION = "|".join(rf"(?<=\b{a}\.)" for a in NUMBER_ABBREVIATIONS)
_NOT_AFTER_ABBREVIATION = (
    "".join(rf"(?<!\b{re.escape(a)}\.)" for a in ABBREVIATIONS)
    + r"(?<!\b[A-Z]\.)"
    + rf"(?!(?:{_AFTER_NUMBER_ABBREVIATION})\s+\d)"
)

SENTENCE_END = re.compile(
    rf"{_NOT_AFTER_ABBREVIATION}(?<=[.!?])\s+(?=[\"'(\[]?(?:\*\*|__|[*_])?[A-Z0-9])"
)
"""The white space between two sentences: after . ! ?, before a capital or a digit.

The next sentence may open with a quote or bracket and then emphasis ("**BLOOM** can
create text"). Not after an abbreviation ("vs.", "e.g.", "Dr.") or a single capital's
full stop ("J. Smith").
"""

CHUNK_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9*])")
"""The splitter's sentence boundary, for a line too long for one chunk.

Looser than :data:`SENTENCE_END` (it cuts after "e.g." too) and it lets a closing
quote or bracket stay with the sentence before. Changing it would move chunk
boundaries in existing indexes, so it stays as it was.
"""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences and lines of ``text``, trimmed of surrounding space."""
    spans = []
    for match in SENTENCE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        spans.append((match.start() + lead, match.start() + lead + len(stripped)))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :data:`SENTENCE`), stripped, empty ones dropped.

    >>> split_sentences("GANs use two networks, e.g. a generator. VAEs encode data.")
    ['GANs use two networks, e.g. a generator.', 'VAEs encode data.']
    """
    return [text[start:end] for start, end in sentence_spans(text)]


def inside_quotation(before: str, after: str, reach: int = 300) -> bool:
    """Whether a sentence boundary falls inside a quotation that closes soon after it.

    ``before`` is the sentence so far, ``after`` the text that follows the boundary.
    "Sieyès's pamphlet… answered: "Everything. What has it been until now? Nothing…""
    was quoted up to "Everything." (a student's probe): the quotation is one unit.

    >>> inside_quotation('He answered: "Everything.', 'What has it been? Nothing."')
    True
    >>> inside_quotation('He said "yes" twice.', 'Then he left.')
    False
    """
    opened = before.count('"') % 2 == 1 or before.count("“") > before.count("”")
    return opened and ('"' in after[:reach] or "”" in after[:reach])
