"""Matching course text the way a reader does: on words, not on typography.

Course files write the same words with ``**bold**``, en dashes or non-breaking spaces;
a model's quote or a student's answer may not. Every check that asks "does the text say
this?" goes through :func:`normalize` and :func:`occurs`, so "verbatim" is about the words.

Example:
    >>> from rag.study.quiz.matching import occurs, overlapping
    >>> occurs("Fréchet Inception Distance", "**Fréchet Inception Distance** (FID) measures")
    True
    >>> overlapping("GANs", "Generative Adversarial Networks (GANs)")
    True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from functools import lru_cache

from rag.retrieval.keyword import tokenize
from rag.study.quiz.grading import fold
from rag.text.markdown import clean_markdown

SUPPORT_COVERAGE = 0.6
"""An LLM's paraphrased answer is supported when this share of its content words is quoted."""


_TRANSLATE = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
        "\u00a0": " ", "\u00b7": "-",
    }
)  # fmt: skip


_MARKUP = re.compile(r"\*\*|__|`|\[\[|\]\]")


_EDGE_PUNCT = " .,;:!?\"'()[]"


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lower-case text without Markdown markers, with one kind of dash, quote and space.

    Course files write the same words with ``**bold**``, en dashes or non-breaking
    spaces; a quote copied by a model (or a student's answer) may not. Matching on
    this form keeps "verbatim" about the words rather than the typography.
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    text = _MARKUP.sub("", text)
    text = re.sub(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


_ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
]  # fmt: skip


def spelled_ordinals(text: str) -> str:
    """``text`` with its ordinal numerals up to 20th written out ("13th" → "thirteenth").

    A topic line of "the 13th, 14th, and 15th Amendments" names the answer "Fifteenth
    (1870)" (eval/quiz_check17_us_history.md: given away, two raters of three).

    Example:
        >>> spelled_ordinals("The 13th, 14th, and 15th Amendments; the 21st")
        'The thirteenth, fourteenth, and fifteenth Amendments; the 21st'
    """

    def word(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return _ORDINALS[number - 1] if 1 <= number <= len(_ORDINALS) else match.group()

    return re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", word, text)


def occurs(needle: str, haystack: str) -> bool:
    """Whether ``needle`` appears in ``haystack`` as whole words (after :func:`normalize`)."""
    target = normalize(needle).strip(_EDGE_PUNCT)
    if not target:
        return False
    return _word_pattern(target).search(normalize(haystack)) is not None


@lru_cache(maxsize=16384)
def _word_pattern(target: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(target) + r"(?!\w)")


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """Stemmed content words (:func:`rag.retrieval.keyword.tokenize`), remembered.

    Texts recur a lot.
    """
    return frozenset(tokenize(text))


def compound_words(text: str) -> frozenset[str]:
    """:func:`content_words`, with the parts of hyphenated words as words of their own.

    The keyword index keeps "Parameter-Efficient" whole, but a student reading
    "adapters for efficient customization" sees "Efficient" in it all the same.

    Example:
        >>> sorted(compound_words("Parameter-Efficient Fine-tuning"))
        ['effici', 'fine', 'fine-tun', 'paramet', 'parameter-effici', 'tune']
    """
    # An en dash joins names as a hyphen does: "Shuttle–Mir programme" holds "Mir" (a
    # blank keyed with it in a quiz on stations "from Salyut and Skylab to Mir").
    return content_words(text) | content_words(re.sub(r"[-‐‑–]", " ", text))


def pairing_given_away(sides: Sequence[tuple[str, str]], descriptions: Collection[str]) -> bool:
    """Whether a comparison's right pairing can be read off a shared word.

    "Video Generation — Synthesizes short video sequences": a side whose name shares a
    content word with its own description, and that word is in none of the other
    descriptions offered, is paired by matching words, without knowing either.

    Args:
        sides: (row name, its own description) for each compared row.
        descriptions: Every description the options offer (own ones included).
    """
    for name, own in sides:
        shared = _shared_stems(content_words(name), content_words(own))
        others = [d for d in descriptions if normalize(d) != normalize(own)]
        if shared and not any(_shared_stems(shared, content_words(o)) for o in others):
            return True
    return False


def only_key_shares(answer: str, others: Sequence[str], words: frozenset[str]) -> bool:
    """Whether ``answer`` holds one of ``words`` that none of the ``others`` holds.

    Parts of hyphenated words count (:func:`compound_words`): "efficient customization"
    points at "Parameter-Efficient Fine-tuning" as surely as a whole shared word.
    """
    shared = compound_words(answer) & words
    return bool(shared - set().union(*(compound_words(o) for o in others)))


def common_prefix(word: str, other: str) -> int:
    """How many letters two words open with alike, case aside.

    >>> common_prefix("Fallopian", "Falloppio"), common_prefix("Medes", "Median")
    (6, 3)
    """
    pairs = zip(word.casefold(), other.casefold(), strict=False)
    return next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(word), len(other)))


def named_after(description: str, name: str) -> bool:
    """Whether a capitalised word of the description is made from a word of the name.

    "Described the uterine (Fallopian) tubes" names Gabriele Falloppio: offered to
    Colombo or Fabricius it was ruled out at sight, and paired with Falloppio it gave the
    key away (eval/quiz_check49_medicine_history.md and eval/quiz_check50_four_courses.md,
    four comparisons, three raters of three). Five letters in common and two thirds of the
    shorter word. Of the other rated comparisons, those whose options hold a description
    so named after a compared row ("Epworth Sleepiness Scale" beside "Sleep diary") had
    implausible options 5 times in 7.

    Example:
        >>> named_after("Described the uterine (Fallopian) tubes", "Gabriele Falloppio")
        True
        >>> named_after("Described the venous valves", "Gabriele Falloppio")
        False
    """
    for word in re.findall(r"\b[A-Z][a-z]{4,}", description):
        for part in re.findall(r"\b[A-Z][a-z]{4,}", name):
            if word == part:
                continue
            common = common_prefix(word, part)
            if common >= 5 and common >= 2 / 3 * min(len(word), len(part)):
                return True
    return False


def names_a_row(description: str, names: Sequence[str], own: int | None = None) -> bool:
    """Whether a table row's description names a row of the table (other than ``own``).

    Offered for another row, such a description is a pairing nobody makes: "Small cone
    at ~33°, the angle of repose of scoria" (the scoria cone's) for a stratovolcano,
    "Haig: breakthrough; relieve Verdun" for Verdun, "Farmed the Spartiates' estates" for
    the Spartiates, "IRV + TV + ERV" for either volume. Of 10 rated comparisons offering
    such a description, 6 had implausible options, against 12 of the other 132
    (eval/quiz_review_ratings.json and eval/quiz_check*_ratings.json, raters' majority).
    A word counts only if it is in that row's name alone ("wages" of "Real wages" and
    "Wages vs output" names neither) and is long or an acronym (:data:`NAME_WORD`).

    Example:
        >>> rows = ["Stratovolcano", "Scoria (cinder) cone", "Lava dome"]
        >>> names_a_row("Small cone at ~33°, the angle of repose of scoria", rows)
        True
        >>> names_a_row("Small cone at ~33°, the angle of repose of scoria", rows, own=1)
        False
        >>> names_a_row("Steep mound or spine", rows)
        False
    """
    words = content_words(description)
    for row, name in enumerate(names):
        if row == own:
            continue
        others = frozenset().union(*(content_words(n) for r, n in enumerate(names) if r != row))
        telling = content_words(" ".join(
            w for w in re.findall(r"[^\W_]+", name) if len(w) >= NAME_WORD or w.isupper()
        ))  # fmt: skip
        if (_shared_stems(telling - others, words) or named_after(description, name)
                or sub_labelled(description, name)):  # fmt: skip
            return True
    return False


def sub_labelled(description: str, name: str) -> bool:
    """Whether a description labels its parts by a row's name and a number.

    "V1 superior orbital fissure; V2 foramen rotundum; V3 foramen ovale" is the
    trigeminal's (row "V") whoever it is offered to: raters of check sheet 54 failed
    both comparisons that offered it to nerve VI or VII.

    Example:
        >>> sub_labelled("V1 superior orbital fissure; V2 foramen rotundum", "V")
        True
        >>> sub_labelled("Superior orbital fissure", "VI")
        False
    """
    name = clean_markdown(name).strip()
    return bool(name) and re.search(rf"(?<![\w]){re.escape(name)}\d\b", description) is not None


NAME_WORD = 6
"""Letters from which a word of a row's name names that row (an acronym always does):
"model" of "Model Architecture" is in many descriptions, "scoria" and "Verdun" in few."""


def _shared_stems(names: frozenset[str], words: frozenset[str]) -> frozenset[str]:
    """Stems of ``names`` that ``words`` share, one inside the other counting.

    "Autoencoders" holds "encode", "Training Data" holds the start of "datasets": a
    student sees the shared letters as surely as a shared word.
    """
    return frozenset(
        n
        for n in names
        for w in words
        if n == w or (min(len(n), len(w)) >= 4 and (n in w or w in n))
    )


def coverage(part: str, whole: str) -> float:
    """Share of ``part``'s stemmed content words that ``whole`` contains (0 when none)."""
    words = content_words(part)
    if not words:
        return 0.0
    return len(words & content_words(whole)) / len(words)


def supported(claim: str, quote: str, *, paraphrase: bool) -> bool:
    """Whether the quote states ``claim``.

    Extractive claims are spans of the text, so they must occur in the quote. An
    LLM's claim may be a paraphrase: most of its content words must be quoted.
    """
    if occurs(claim, quote):
        return True
    return paraphrase and coverage(claim, quote) >= SUPPORT_COVERAGE


def locate_quote(quote: str, text: str) -> str | None:
    """The exact span of ``text`` that ``quote`` reproduces, or None.

    Models drop bold markers or re-space a line when quoting; this finds the span
    whose normalized form equals the normalized quote and returns it verbatim, so
    the item carries real course text. A quote whose words are not there is None.
    """
    if not quote.strip():
        return None
    if quote in text:
        return quote
    target = normalize(quote).strip(_EDGE_PUNCT)
    if len(target) < 8:
        return None
    # Normalize the text character by character, keeping each output char's origin.
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in normalize(char) if char.strip() else " ":
            chars.append(piece)
            origin.append(index)
    flat = "".join(chars)
    flat = flat.replace("*", " ").replace("`", " ").replace("_", " ")
    collapsed: list[str] = []
    positions: list[int] = []
    for char, index in zip(flat, origin, strict=True):
        if char == " " and (not collapsed or collapsed[-1] == " "):
            continue
        collapsed.append(char)
        positions.append(index)
    target = re.sub(r"[*`_]", " ", target)
    target = re.sub(r"\s+", " ", target).strip()
    found = "".join(collapsed).find(target)
    if found < 0:
        return None
    start, end = positions[found], positions[found + len(target) - 1] + 1
    return text[start:end]


def overlapping(a: str, b: str) -> bool:
    """Whether two terms name the same thing or one contains the other.

    "GPT" and "GPT-4", "BLEU, ROUGE" and "BLEU / ROUGE / METEOR", "GANs" and
    "Generative Adversarial Networks (GANs)": offering both as options would make
    two of them right.
    """
    na, nb = normalize(a).strip(_EDGE_PUNCT), normalize(b).strip(_EDGE_PUNCT)
    if not na or not nb:
        return False
    if na == nb or occurs(na, nb) or occurs(nb, na):
        return True
    if na.rstrip("s") == nb.rstrip("s"):
        return True
    if re.match(re.escape(na) + r"[-\s/]", nb) or re.match(re.escape(nb) + r"[-\s/]", na):
        return True
    ta, tb = content_words(a), content_words(b)
    if ta and tb and (ta <= tb or tb <= ta):
        return True
    if bool({_acronym(a), a.strip()} & {_acronym(b), b.strip()} - {""}):
        return True
    # "Generative AI" and "Generative Artificial Intelligence": the words they do not
    # share are an acronym and its expansion.
    rest_a = " ".join(w for w in a.split() if w.lower() not in nb.split())
    rest_b = " ".join(w for w in b.split() if w.lower() not in na.split())
    return bool(rest_a and rest_b) and (
        acronym_spelled_out(rest_a, rest_b) or acronym_spelled_out(rest_b, rest_a)
    )


def _acronym(term: str) -> str:
    """Initials of a multiword name ("Generative Adversarial Networks" -> "GAN")."""
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", term) if w.lower() not in {"of", "and"}]
    return "".join(w[0].upper() for w in words) if len(words) >= 2 else ""


_LINK_WORDS = frozenset({"of", "and", "from", "for", "the", "to", "in", "on", "with", "by", "a"})


def _acronym_letters(acronym: str) -> str:
    """An acronym's letters, a plural "s" dropped ("GANs" -> "GAN"); "" if it is none."""
    letters = acronym.strip()
    if letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else ""


def _linked_words(text: str) -> list[str]:
    """The words of ``text`` an expansion is read from, linking words ("of", "for") left out."""
    return [w for w in re.findall(r"[A-Za-z][\w-]*", text) if w.lower() not in _LINK_WORDS]


def acronym_spelled_out(acronym: str, text: str) -> bool:
    """Whether ``text`` spells ``acronym`` out: "NLG" in "natural language generation with …".

    A topic that names the expansion gives the acronym away as surely as the acronym
    itself. Only an all-capitals answer of two to six letters (a plural "s" allowed) is
    an acronym; linking words ("of", "from") are skipped: "Reinforcement Learning from
    Human Feedback" spells RLHF.
    """
    letters = _acronym_letters(acronym)
    if not letters:
        return False
    words = _linked_words(text)
    initials = "".join(w[0].upper() for w in words)
    return letters in initials and any(
        initials[i : i + len(letters)] == letters for i in range(len(words))
    )


def acronym_expanded_anyhow(acronym: str, text: str) -> bool:
    """Whether ``text`` spells ``acronym`` out in any letter order, in capitalised words.

    Some acronyms keep another language's order: "ISO" is the International Organization
    for Standardization, and a blank for it right after that name was given away (three
    raters of three, eval/quiz_check12_music.md). Only a run of capitalised words
    counts (linking words may sit between them), so ordinary prose spells nothing.

    Example:
        >>> acronym_expanded_anyhow("ISO", "the International Organization for Standardization")
        True
        >>> acronym_expanded_anyhow("ISO", "in order to standardise it")
        False
    """
    letters = _acronym_letters(acronym)
    if not letters:
        return False
    runs: list[list[str]] = [[]]
    for word in _linked_words(text):
        if word[0].isupper():
            runs[-1].append(word[0])
        elif runs[-1]:
            runs.append([])
    wanted = sorted(letters)
    return any(
        sorted(run[i : i + len(letters)]) == wanted
        for run in runs
        for i in range(len(run) - len(letters) + 1)
    )


def analogous_code(answer: str, text: str) -> bool:
    """Whether a code answer ("A4") can be read off a code of the same shape in ``text``.

    "…middle C is C4 and the A above it is _____" gives A4 away: the stem shows the
    pattern (a letter, then a number) and names the letter on its own (three raters of
    three, eval/quiz_check12_music.md).

    Example:
        >>> analogous_code("A4", "middle C is C4 and the A above it is _____")
        True
        >>> analogous_code("T5", "models like GPT-3 and _____")
        False
    """
    code = re.fullmatch(r"([A-Za-z]{1,2})(\d{1,3})", answer.strip())
    if not code:
        return False
    letters, _ = code.groups()
    same_shape = rf"(?<![\w-])[A-Za-z]{{{len(letters)}}}\d{{1,3}}(?![\w-])"
    named_alone = rf"(?<![\w-]){re.escape(letters)}(?![\w-])"
    return bool(re.search(same_shape, text)) and bool(re.search(named_alone, text))


def name_inside(name: str, other: str) -> bool:
    """Whether one name is inside the other's letters: "GAN" in "CycleGAN", "VAE" in "β-VAE".

    Such a pair names a thing and a kind of it. Names under three letters are too
    short to tell.
    """
    a, b = (re.sub(r"[\W_]+", "", fold(x)) for x in (name, other))
    a, b = a.removesuffix("s"), b.removesuffix("s")
    return min(len(a), len(b)) >= 3 and a != b and (a in b or b in a)


def folded_occurs(needle: str, haystack: str) -> bool:
    """Whether ``needle`` is in ``haystack`` as whole words once both are folded.

    Folding (:func:`rag.study.quiz.grading.fold`) drops case, accents, punctuation and plurals,
    so "VAE" is found in "…, VAEs, and transformers".
    """
    target = fold(needle)
    return bool(target) and f" {target} " in f" {fold(haystack)} "


ROOT_LETTERS = 7
"""Letters two words must open with alike to be forms of one root (:func:`shared_root`)."""

_LONG_WORD = re.compile(rf"[^\W\d_]{{{ROOT_LETTERS},}}")


def shared_root(text: str, other: str) -> bool:
    """Whether a long word of ``text`` and a different one of ``other`` share their root.

    They open with the same :data:`ROOT_LETTERS` letters or more, three quarters of the
    shorter word: stemming leaves "monophyletic" and "monophyly" apart, yet the topic
    "…: monophyly vs paraphyly" gives away "monophyletic group" (eval/quiz_check27_
    evolution.md, three raters of three; so did "generate" for "Generative AI"). Of the
    rated typed answers of three words or fewer, such a pair marked 4 of 5 items given
    away; six letters would also pair "ammonium" with "Ammonification".

    Example:
        >>> shared_root("monophyletic group", "Trees: monophyly vs paraphyly")
        True
        >>> shared_root("Ammonification", "Bacteria turn ammonium into nitrite")
        False
    """
    words = {w.casefold() for w in _LONG_WORD.findall(text)}
    others = {w.casefold() for w in _LONG_WORD.findall(other)} - words
    for word in words - others:
        for candidate in others:
            common = common_prefix(word, candidate)
            if common >= ROOT_LETTERS and common >= 0.75 * min(len(word), len(candidate)):
                return True
    return False


_DEMONYM_FORM = re.compile(r"^[A-Z][a-z]+(?:an|ian|ean|ese|ish|ic|i)$")
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]+\b")


def people_named(text: str, other: str) -> bool:
    """Whether a people's or a country's adjective in one text names a word of the other.

    "Spanish anxiety … destroyed the _____" keyed "Spaniards", "The Median nobility …;
    _____ held high commands" keyed "Medes" (eval/quiz_check45_aztec_inca.md,
    eval/quiz_check43_persia.md, three raters of three: given away). Stemming keeps them
    apart; a capitalised adjective ("-ish", "-ian", "-ese"…) sharing three letters and
    three fifths of the shorter word with a name does not. Of the rated typed answers of
    three words or fewer, it marks those two and no other.

    Example:
        >>> people_named("Spaniards", "Spanish anxiety grew"), people_named("Aztecs", "Spanish")
        (True, False)
    """
    for word in _CAPITALISED_WORD.findall(text):
        for candidate in _CAPITALISED_WORD.findall(other):
            if word == candidate or not (
                _DEMONYM_FORM.match(word) or _DEMONYM_FORM.match(candidate)
            ):
                continue
            common = common_prefix(word, candidate)
            if common >= 3 and common >= 0.6 * min(len(word), len(candidate)):
                return True
    return False


def inside_an_acronym(answer: str, question: str) -> bool:
    """Whether an acronym answer is part of a longer acronym in the question.

    "…two or more sleep-onset _____ periods (SOREMPs)" keyed "REM" (eval/quiz_check48_
    sleep.md, three raters of three: given away).

    Example:
        >>> inside_an_acronym("REM", "sleep-onset _____ periods (SOREMPs)")
        True
        >>> inside_an_acronym("REM", "_____ sleep and NREM sleep")
        False
    """
    if not re.fullmatch(r"[A-Z]{2,6}", answer):
        return False
    return any(
        answer in token and token.removeprefix("N") != answer
        for token in re.findall(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b", question)
        if token != answer
    )


def other_form_of(answer: str, question: str) -> bool:
    """Whether the question names the answer's carrier in its other form.

    "…as long as they can recycle _____ back into NAD+" keyed "NADH", "FAD (reduced to
    _____)" keyed "FADH2": the stem's name is the answer but for a hydrogen or a charge
    (a student reviewing the biology notes: given away).

    Example:
        >>> other_form_of("NADH", "recycle _____ back into NAD+")
        True
        >>> other_form_of("FADH2", "and FAD (reduced to _____)")
        True
        >>> other_form_of("NAD+", "recycle NADH back into _____")
        True
        >>> other_form_of("ATP", "ADP and phosphate are joined into _____")
        False
    """
    answer = answer.replace(" ", "")
    match = re.fullmatch(r"([A-Z][A-Z0-9]{2,}?)(H2|H₂|H|\+|⁺)", answer)
    if not match:
        return False
    carrier = re.escape(match.group(1))
    for named in re.finditer(rf"(?<![\w-]){carrier}(?:H2|H₂|H|\+|⁺)?(?![\w+⁺])", question):
        if named.group() != answer:
            return True
    return False


def next_in_series(answer: str, question: str) -> bool:
    """Whether the answer is the next of a numbered series the question lists.

    "…the Period (Per1, Per2, _____) genes" keyed "Per3" (eval/quiz_check48_sleep.md,
    three raters of three: given away).

    Example:
        >>> next_in_series("Per3", "the Period (Per1, Per2, _____) genes")
        True
        >>> next_in_series("Per3", "CRY1 and CRY2 bind _____")
        False
    """
    numbered = re.fullmatch(r"([A-Za-z]+)\s?(\d+)", answer)
    if not numbered:
        return False
    stem = re.escape(numbered.group(1))
    return re.search(rf"\b{stem}\s?\d+\b", question) is not None
