"""Whether a word is everyday English or a term, by how often English text uses it.

A student's question mixes the subject's terms with their own words: "How is the *front*
part of the pituitary different from the *back*?", "How did the Consulate divide up the
*job* of making laws?". Notes that say "anterior" and "lawmaking" never use "front" or
"job", and a word a collection never uses weighs as much as its rarest term: both
questions were refused although the notes answer them (students' probes of an
endocrinology and a French Revolution course). How common a word is in English at large
tells the two apart; the collection's own statistics cannot, since both kinds are absent.

The frequencies come from `wordfreq <https://github.com/rspeer/wordfreq>`_ (Zipf scale:
log10 of uses per billion words; "job" 5.5, "front" 5.3, "thymus" 2.6, "metformin" 2.6),
whose data ships in the package: nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache

EVERYDAY_ZIPF = 5.0
"""Words used this often or more are everyday ("boys" 5.0, "inside" 5.2, "job" 5.5);
below it sit a subject's words ("hormones" 3.8, "syndrome" 4.2) and the everyday words
that name one in a compound ("foundation" 4.8 in "foundation model", "side effects")."""


@lru_cache(maxsize=4096)
def english_frequency(word: str) -> float:
    """The Zipf frequency of ``word`` in English (0 for a word wordfreq never saw).

    >>> english_frequency("job") > 5 > 3 > english_frequency("thymus")
    True
    """
    # Imported here: its module and word list load only for a question, not for every
    # `rag` command that imports the answer code.
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), "en"))


def everyday(word: str) -> bool:
    """Whether ``word`` is common English, not a term a course would teach.

    A hyphenated word counts by its rarest part ("U-Net"); a word with a digit or a part
    of one letter is a name ("GPT-4", "X-linked", "T-cell").

    >>> [everyday(w) for w in ("front", "boys", "thymus", "X-linked", "GPT-4")]
    [True, True, False, False, False]
    """
    parts = [part for part in word.split("-") if part]
    if not parts or any(ch.isdigit() for ch in word) or any(len(p) == 1 for p in parts):
        return False
    return min(english_frequency(part) for part in parts) >= EVERYDAY_ZIPF
