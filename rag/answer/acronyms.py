"""What an acronym stands for, read from the material: "What does RLHF stand for?".

Asked that, the assistant answered with "Reinforcement (RLAIF / RLHF): Optimize
generations via feedback", the unit most like the question, while another passage
spells it out: "RLHF and DPO: Reinforcement Learning from Human Feedback, Direct
Preference Optimization". The spelled-out form is found by its initials, not by
similarity: pure functions here, used by :class:`rag.answer.chain.AnswerChain`.

Example:
    >>> asked_acronym("What does RLHF stand for?")
    'RLHF'
    >>> text = "RLHF and DPO: Reinforcement Learning from Human Feedback, Direct Preference"
    >>> find_expansion("RLHF", text)
    'Reinforcement Learning from Human Feedback'
"""

from __future__ import annotations

import re

from rag.retrieval.keyword import tokenize

_ACRONYM = r"([A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9-]*?)(?:'?s)?"
_ASKS_EXPANSION = re.compile(
    rf"^\W*(?:what\s+(?:does|do)\s+(?:the\s+(?:acronym|abbreviation)\s+)?{_ACRONYM}\s+"
    rf"(?:stand\s+for|mean)"
    rf"|what\s+is\s+{_ACRONYM}\s+short\s+for"
    rf"|what\s+is\s+the\s+(?:full\s+form|expansion|long\s+form)\s+of\s+(?:the\s+)?{_ACRONYM}"
    rf"|(?:expand|spell\s+out)\s+(?:the\s+)?{_ACRONYM})\b",
    re.IGNORECASE,
)
_MINOR_WORDS = frozenset(["of", "for", "from", "and", "the", "to", "in", "on", "with", "a", "an"])
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def asked_acronym(question: str) -> str | None:
    """The acronym a question asks to spell out ("What does RLHF stand for?"), or None.

    Only an acronym (two capitals or more) counts: "What does attention mean?" asks for
    a meaning, which the evidence scorer answers.
    """
    match = _ASKS_EXPANSION.search(question.strip())
    if not match:
        return None
    acronym = next(g for g in match.groups() if g)
    return acronym if sum(c.isupper() for c in acronym) >= 2 else None


def _plural(acronym: str) -> bool:
    """Whether the acronym is written plural: a lower-case s after capitals ("GANs")."""
    return len(acronym) > 2 and acronym.endswith("s") and acronym[-2].isupper()


def _singular(acronym: str) -> str:
    return acronym[:-1] if _plural(acronym) else acronym


def _letters(acronym: str) -> str:
    """The letters an expansion's initials must spell: "GANs" -> "gan", "GPT-4" -> "gpt"."""
    core = _singular(re.sub(r"[-\s]?\d+$", "", acronym))
    return "".join(c for c in core.lower() if c.isalpha())


def spelled_out(acronym: str, text: str) -> str | None:
    """What ``text`` says ``acronym`` stands for, when it names the acronym, or None.

    The acronym counts in either number: "What does GAN stand for?" is answered by a
    passage that writes "Generative Adversarial Networks (GANs)".
    """
    core = re.escape(_singular(acronym))
    if not re.search(rf"(?<![\w-]){core}(?:'?s)?(?![\w-])", text):
        return None
    return find_expansion(acronym, text)


def find_expansion(acronym: str, text: str) -> str | None:
    """The capitalised words of ``text`` whose initials spell ``acronym``, or None.

    Minor words ("from", "of") may sit between them, and a hyphenated word may give the
    initial of each part ("Pre-trained" counts P, or P and T). Failing that, the
    capitalised words right before "(ACRONYM)" count: "Variational Autoencoders (VAEs)".
    Only capitalised words, as names are written: "Good artistic networks" spells no GAN.
    """
    letters = _letters(acronym)
    if len(letters) < 2:
        return None
    words = list(_WORD.finditer(text))
    for start, match in enumerate(words):
        if match.group()[0].isupper() and match.group()[0].lower() == letters[0]:
            end = _spell(letters, [w.group() for w in words[start:]])
            if end is not None:
                return text[match.start() : words[start + end - 1].end()]
    return (
        _before_parenthesis(acronym, letters, text)
        or _said_outright(letters, text)
        or _listed_after(acronym, letters, text)
    )


def _spell(letters: str, words: list[str], position: int = 0, lower: bool = False) -> int | None:
    """How many of ``words`` spell ``letters[position:]`` by initials (None: they cannot).

    ``lower``: words after the first may be lower-case ("Epstein-Barr virus").
    """
    if position == len(letters):
        return 0
    if not words:
        return None
    word, rest = words[0], words[1:]
    if word.lower() in _MINOR_WORDS and position > 0:
        taken = _spell(letters, rest, position, lower)
        if taken is not None:
            return taken + 1
    if not (word[0].isupper() or (lower and position > 0 and word[0].isalpha())):
        return None
    parts = [p for p in re.split(r"['’-]", word.lower()) if p]
    for initials in dict.fromkeys([parts[0][0], "".join(p[0] for p in parts)]):
        if letters.startswith(initials, position):
            taken = _spell(letters, rest, position + len(initials), lower)
            if taken is not None:
                return taken + 1
    return None


UNWRITTEN_MIN_LETTERS = 3
"""An acronym the material never writes is read by initials from three letters: two
initials ("AD", "BP") spell too many word pairs of any passage."""
_WRITTEN_ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*?)(?:'?s)?(?![\w-])")


def question_acronyms(question: str) -> list[str]:
    """The acronyms a question writes (two capitals or more), each once.

    >>> question_acronyms("Where does EBV hide, and is HSV-1 like EBV? What do GANs do?")
    ['EBV', 'GAN']
    """
    return list(dict.fromkeys(m.group(1) for m in _WRITTEN_ACRONYM.finditer(question)))


def named_by_initials(acronym: str, text: str) -> str | None:
    """A name in ``text`` whose initials spell an acronym the material never writes.

    Students abbreviate what the notes write out: "where does EBV hide out during
    latency" of notes that only say "Epstein-Barr virus" was refused ("the material
    never uses EBV"). As :func:`find_expansion`, but the words after a capitalised first
    one may be lower-case, as such names are written ("Epstein-Barr virus"); two of its
    words or parts must be capitalised, or any list line's first words would do
    ("Handle multiple modalities" for HMM); and the acronym needs
    :data:`UNWRITTEN_MIN_LETTERS` letters.

    >>> named_by_initials("EBV", "| Epstein-Barr virus (HHV-4) | Gamma | Memory B cells |")
    'Epstein-Barr virus'
    >>> named_by_initials("HMM", "- Handle multiple modalities (text, image)") is None
    True
    """
    letters = _letters(acronym)
    if len(letters) < UNWRITTEN_MIN_LETTERS:
        return None
    words = list(_WORD.finditer(text))
    for start, match in enumerate(words):
        if match.group()[0].isupper() and match.group()[0].lower() == letters[0]:
            end = _spell(letters, [w.group() for w in words[start:]], lower=True)
            name = text[match.start() : words[start + end - 1].end()] if end else ""
            if len(_CAPITALISED.findall(name)) >= 2:
                return name
    return None


_CAPITALISED = re.compile(r"(?<![^\W\d_])[A-Z]")
"""A capital starting a word or a word's hyphenated part: "Epstein-Barr virus" has two,
as names do; "Handle multiple modalities", a list line's first words, has one."""


def _before_parenthesis(acronym: str, letters: str, text: str) -> str | None:
    """The run of capitalised words right before "(ACRONYM)" that starts with its letter."""
    match = re.search(rf"((?:[^\W\d_][\w'’-]*\s+){{1,8}})\(\s*{re.escape(acronym)}s?\s*\)", text)
    if not match:
        return None
    run: list[str] = []
    for word in reversed(match.group(1).split()):
        if word[0].isupper() or (word.lower() in _MINOR_WORDS and run):
            run.insert(0, word)
        else:
            break
    while run and run[0].lower() in _MINOR_WORDS:
        run.pop(0)
    if len(run) >= 2 and run[0][0].lower() == letters[0]:
        return " ".join(run)
    return None


_SAID = re.compile(
    r"\b(?:stands?\s+for|short\s+for|full\s+form\s+(?:for|of)\s+[\w\s]{1,20}?\s+is)"
    r"\s+(?:the\s+)?(?P<words>(?:[A-Z][\w'’-]*\s*){2,8})",
)


def _said_outright(letters: str, text: str) -> str | None:
    """A form the text gives in words, for acronyms no initials spell.

    "RoBERTa the full form for this is the Robustly Optimized BERT Pretraining Approach."
    """
    for match in _SAID.finditer(text):
        words = match.group("words").split()
        if words[0][0].lower() == letters[0]:
            return " ".join(words).rstrip(".,;")
    return None


def _listed_after(acronym: str, letters: str, text: str) -> str | None:
    """The items listed after "ACRONYM:" whose first letters spell it, glosses left out.

    "…summarised by the acronym ADME: Absorption (movement from the site of
    administration…), Distribution (…), Metabolism (…) and Excretion (…)": "what does
    ADME stand for" was refused, the glosses sitting between the initials (a
    pharmacokinetics probe).

    >>> _listed_after("ADME", "adme", "the acronym ADME: Absorption (into blood), "
    ...     "Distribution (to tissues), Metabolism (in the liver) and Excretion (in urine).")
    'Absorption, Distribution, Metabolism and Excretion'
    >>> _listed_after("ADME", "adme", "**ADME**: **A**bsorption, **D**istribution, "
    ...     "**M**etabolism and **E**xcretion.")
    'Absorption, Distribution, Metabolism and Excretion'
    >>> _listed_after("ADME", "adme", "ADME: Absorption, then distribution.") is None
    True
    """
    text = text.replace("*", "")  # "**ADME**: **A**bsorption", as Markdown bolds initials
    match = re.search(rf"(?<![\w-]){re.escape(acronym)}\s*[:—–]\s*", text)
    if not match:
        return None
    listed = _GLOSS.sub("", text[match.end() :])
    items = [item.split() for item in _LIST_SEPARATOR.split(listed)[: len(letters)]]
    firsts = [words[0].rstrip(".;:") for words in items if words]
    if len(firsts) != len(letters) or any(
        not word[0].isupper() or word[0].lower() != letter
        for word, letter in zip(firsts, letters, strict=True)
    ):
        return None
    return f"{', '.join(firsts[:-1])} and {firsts[-1]}"


_GLOSS = re.compile(r"\s*\([^()]*\)")
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def expansion_sentence(acronym: str, expansion: str, citation: int) -> str:
    """The answer: "RLHF stands for Reinforcement Learning from Human Feedback [1]."."""
    verb = "stand" if _plural(acronym) else "stands"
    return f"{acronym} {verb} for {expansion} [{citation}]."


_NAME_RUN = re.compile(r"(?:[A-Z][a-z][\w-]*\s+){1,5}[A-Z][a-z][\w-]*")


def written_out(text: str, names: frozenset[str]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each name of ``text`` spelled out in capitalised words, with its acronym's stem.

    >>> written_out("introduced Generative Adversarial Networks", frozenset({"network"}))
    (('gan', frozenset({'network'})),)

    Initials that spell a stopword stand for no acronym: "when did the Apollo Theater
    open" ("AT") crashed the answer (a Harlem Renaissance probe).

    >>> written_out("when did the Apollo Theater open", frozenset({"apollo"}))
    ()
    """
    found = []
    for run in _NAME_RUN.finditer(text):
        words = run.group().split()
        stems = frozenset(t for word in words for t in tokenize(word)) & names
        initials = tokenize("".join(w[0] for w in words))
        if stems and initials:
            found.append((initials[0], stems))
    return tuple(found)


def initials_asked(question: str) -> frozenset[tuple[str, str]]:
    """The acronyms ``question`` writes, as (stem, letters).

    >>> sorted(initials_asked("How many rounds does AES use?"))
    [('ae', 'aes')]
    """
    return frozenset(
        (stems[0], _letters(acronym))
        for acronym in question_acronyms(question)
        if (stems := tokenize(acronym)) and len(_letters(acronym)) >= UNWRITTEN_MIN_LETTERS
    )


def spells(letters: str, text: str) -> bool:
    """Whether capitalised words of ``text`` spell ``letters`` by their initials (any such run).

    >>> spells("aes", "4. The Advanced Encryption Standard"), spells("aes", "An Easy Step")
    (True, True)
    >>> spells("aes", "advanced encryption")
    False
    """
    words = [w.group() for w in _WORD.finditer(text)]
    return any(
        word[0].isupper() and word[0].lower() == letters[0] and _spell(letters, words[i:])
        for i, word in enumerate(words)
    )
