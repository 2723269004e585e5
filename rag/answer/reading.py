"""A question read in the material's own words: its acronyms spelled out, its typos fixed.

"where does EBV hide out during latency" of notes that only write "Epstein-Barr virus",
and "What is a tranformer?" of notes on transformers, lose the dense half of retrieval
and the evidence scorer's similarity to words the embedding model does not know. The
keyword search already reads a typo as the collection's stem
(:func:`rag.retrieval.spelling.corrected_spelling`); here the question itself is rewritten
in words the passages retrieved for it use, and the answer says it was searched so. Pure
functions: the chain (:meth:`rag.answer.chain.AnswerChain.read_as_written`) retrieves.

Example:
    >>> frequency = {"transform": 4, "attent": 3, "work": 2}
    >>> texts = ["Transformers use attention.", "A transformer has layers."]
    >>> question = "What is a tranformer?"
    >>> respelled(question, misspelled(question, frequency), texts)
    'What is a transformer?'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from rag.answer.acronyms import asked_acronym, named_by_initials, question_acronyms
from rag.answer.question_forms import asks_to_compare
from rag.retrieval.keyword import tokenize
from rag.retrieval.spelling import corrected_spelling, edit_distance, slip_variants
from rag.retrieval.synonyms import FORMULAS, formula_stems
from rag.text.everyday import english_frequency

ENGLISH_WORD_ZIPF = 3.0
"""How common in English a word must be to be no typo ("transformer" 3.4; "happend" 2.8)."""
READING_DEPTH = 20
"""Passages searched for the material's word: the row "Epstein-Barr virus (HHV-4) | Gamma |
… | Memory B cells" came 15th for "where does EBV hide out during latency", under rows
on the other herpesviruses."""
_WORD = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*(?![\w-])")


def unwritten_acronyms(question: str, frequency: Mapping[str, int]) -> list[str]:
    """The question's acronyms the collection never uses, to be read by their initials.

    Not when the question asks what one stands for (that is answered from a passage that
    says so) or spells it out itself: "who came up with hybrid logical clocks (HLC)" had
    been searched as "Happened-before and logical clocks".
    """
    if asked_acronym(question):
        return []
    return [
        acronym for acronym in question_acronyms(question)
        if not any(frequency.get(term, 0) for term in tokenize(acronym))
        and not re.search(rf"\(\s*{re.escape(acronym)}s?\s*\)", question)
    ]  # fmt: skip


def misspelled(
    question: str, frequency: Mapping[str, int], known: Callable[[str], bool] = lambda w: False
) -> list[tuple[str, str]]:
    """(word, the collection's stem) for each word of the question that is a typo of one.

    ``known`` says which words are words (the embedding model's vocabulary holds them
    whole): "lawyers" is one letter from the notes' "layers" and "traits" from "trains",
    and read as those they were answered wrong. Nor is a word whose stem only adds or
    drops letters at the end of the notes' one a typo ("beginners" of "beginning").
    """
    found = []
    for word in dict.fromkeys(_WORD.findall(question)):
        stems = tokenize(word)
        if len(stems) != 1 or frequency.get(stems[0], 0) or known(word.lower()):
            continue
        undoubled = _undoubled_stem(word, frequency)
        if undoubled:
            found.append((word, undoubled))
            continue
        # A word English uses is a typo of one letter at most ("tumours" of the notes'
        # "tumors"): "How does a transformer step up voltage" was searched as "…a
        # transfers…" in notes that never teach transformers (an electromagnetism probe).
        common = english_frequency(word.lower()) >= ENGLISH_WORD_ZIPF
        stem = corrected_spelling(stems[0], frequency)
        if stem and not (stem.startswith(stems[0]) or stems[0].startswith(stem)):
            if not common or edit_distance(stems[0], stem, 1) <= 1:
                found.append((word, stem))
            continue
        if common:
            continue
        # Or an "-ing" typed without its "g": "what does the frank starlin law say" of the
        # notes' "Frank–Starling" (a cardiovascular probe was refused); or "-tion" typed as it
        # sounds: "who actually solved the cubic equasion first" (a history of mathematics
        # probe was refused).
        heard = _HEARD.sub(lambda m: _HEARD_AS[m.group().lower()], word) if len(word) > 5 else word
        meant = tokenize(heard) if heard != word else []
        if len(meant) == 1 and frequency.get(meant[0]):
            found.append((word, meant[0]))
            continue
        # Or a typo the stem hides: "capabilty" stems to "capabilti", three letters from the
        # notes' "capabl" (:func:`~rag.retrieval.spelling.slip_variants`).
        slipped = {t for v in slip_variants(word) for t in tokenize(v) if frequency.get(t)}
        if slipped:
            found.append((word, max(sorted(slipped), key=lambda t: frequency[t])))
    return found


def _undoubled_stem(word: str, frequency: Mapping[str, int]) -> str:
    """The collection's stem of ``word`` typed with one letter doubled, or "".

    "voice clonning" stems to "clon", which the notes' "clone" only extends, so it did not
    read as a typo, and "How does voice clonning work…?" was refused (a student's probe).

    Not a word doubled as spelled ("beginners", whose stem only adds the doubled letter to
    the notes' "begin"), nor an acronym ("MSS" is no "MS").

    >>> _undoubled_stem("clonning", {"clone": 2}), _undoubled_stem("cloning", {"clone": 2})
    ('clone', '')
    >>> _undoubled_stem("beginners", {"begin": 2}), _undoubled_stem("MSS", {"ms": 2})
    ('', '')
    """
    if any(c.isupper() for c in word[1:]):
        return ""
    typed = tokenize(word)
    for double in re.finditer(r"([a-z])\1", word.lower()):
        stems = tokenize(word[: double.start()] + word[double.start() + 1 :])
        if len(stems) != 1 or not frequency.get(stems[0], 0):
            continue
        if typed and typed[0].startswith(stems[0]):
            continue  # "beginners": its stem only adds the doubled letter to "begin"
        return stems[0]
    return ""


_HEARD_AS = {"in": "ing", "sion": "tion", "sions": "tions"}
_HEARD = re.compile(r"(?:in|sions?)$", re.I)
"""Word endings typed as they sound: "starlin" for "Starling", "equasion" for "equation"."""


QUESTION_WORD_TYPOS = {
    "wat": "what", "wut": "what", "wht": "what", "waht": "what", "whta": "what",
    "wats": "what's", "wich": "which", "whcih": "which", "whihc": "which", "hwo": "how",
    "wehn": "when", "wher": "where", "whre": "where", "whos": "who's",
    "diffrence": "difference", "diference": "difference", "differnce": "difference",
    "differance": "difference", "diffrences": "differences", "betwen": "between",
    "beteen": "between", "bewteen": "between", "exmaple": "example", "exmaples": "examples",
    "abt": "about", "thru": "through", "becuase": "because", "becasue": "because",
    "cuz": "because", "coz": "because", "diffrent": "different", "diferent": "different",
    "differnt": "different", "similiar": "similar", "simmilar": "similar",
    "actualy": "actually", "acutally": "actually", "actully": "actually", "realy": "really",
    "basicly": "basically", "happend": "happened", "happenned": "happened",
}  # fmt: skip
"""Question words typed wrong, read as meant. "wat are the characteristics of a foundation
model" was answered with what a foundation model is, not its characteristics, and "whats
the diffrence between bert and gpt" with BERT alone: the forms of a question ("What
are…", "the difference between") are read from these words (a student's probe). They
are no course words, so :func:`misspelled` does not correct them."""

_AUXILIARY = (
    r"(?i:do|does|did|can|could|would|should|will|are|r|were|if|when|why|how|have|need|must)"
)
_CHAT_YOU = re.compile(rf"\b(?P<before>{_AUXILIARY})\s+u(?=[\s?.,!]|$)")
"""A chat "u" for "you", after the word a question puts before "you": "how do u work out
the magnification…", "why do u need vitamin c…" were refused, "no passage names “u”"
(students' probes of an optics and a hemostasis course). Not a lone "u", which a physics
course writes for an object distance ("what is u in the lens equation")."""
_LOOSE = re.compile(
    r"\b(?P<before>(?i:did|does|do)\s+(?!(?i:the|a|an|this|that|these|those|its|their)\b)[\w'’-]+"
    r"|(?i:didn't|didnt|to|will|would|could|can|may|might))\s+loose\b"
)
""""loose" typed for "lose" after an auxiliary and its subject: "how much land did germany loose at
versailles" was refused (a student's probe of a Weimar course); a real word, so the
spelling correction leaves it. Not "does loose connective tissue…", "did the loose…"."""


def question_words_respelled(question: str) -> str:
    """``question`` with its :data:`QUESTION_WORD_TYPOS` spelled right, case kept.

    >>> question_words_respelled("wat are the characteristics of a foundation model")
    'what are the characteristics of a foundation model'
    >>> question_words_respelled("Wich is older?")
    'Which is older?'
    >>> question_words_respelled("how do u work out M, r u sure, what is u?")
    'how do you work out M, are you sure, what is u?'
    >>> question_words_respelled("how much land did germany loose, what was the pact abt")
    'how much land did germany lose, what was the pact about'
    """

    def right(match: re.Match[str]) -> str:
        typed = match.group()
        meant = QUESTION_WORD_TYPOS.get(typed.lower())
        if meant is None:
            return typed
        return meant.capitalize() if typed[0].isupper() else meant

    def you(match: re.Match[str]) -> str:
        before = match.group("before")
        return f"{'are' if before.lower() == 'r' else before} you"

    respelled = _CHAT_YOU.sub(you, _WORD.sub(right, question))
    return _LOOSE.sub(lambda match: f"{match.group('before')} lose", respelled)


_CHAT_OPENERS = "ok okay so yo hey hi well um umm uh uhh hm hmm wait"
_CHAT_WORDS = "lol lmao lmfao rofl haha hahaha pls plz please thx thanks tbh imo idk btw bro dude"
_CHAT_OPENING = re.compile(rf"^\W*(?:(?:{'|'.join(_CHAT_OPENERS.split())})\b[\s,.!]*)+", re.I)
_CHAT_WORD = re.compile(
    rf"\s*\b(?:{'|'.join(_CHAT_WORDS.split())})\b|\s+again(?=\s*(?:[,;?!.]|$))", re.I
)
_WHATS_THE_DEAL = re.compile(
    r"^(?P<what>wh?at|wat)(?:'s|’s|s|\s+is)\s+(?:the\s+(?:deal|story|thing)|up)\s+with\b", re.I
)


def chat_removed(question: str) -> str:
    """``question`` without the chat words around it: "yo whats the 3/5ths thing again".

    They name nothing in the notes, yet a word the collection never uses weighs as much as
    its rarest: "wat was gpt-1 trained on lol" quoted GPT-1's zero-shot learning, not its
    BookCorpus (a student's probe).

    >>> chat_removed("ok so whats LoRA for"), chat_removed("wat was gpt-1 trained on lol")
    ('whats LoRA for', 'wat was gpt-1 trained on')
    >>> chat_removed("yo whats the 3/5ths thing again?"), chat_removed("lol")
    ('whats the 3/5ths thing?', 'lol')
    >>> chat_removed("wait so what was the danelaw again lol")
    'what was the danelaw'

    >>> chat_removed("wats the deal with J receptors"), chat_removed("What's up with NEP?")
    ('wat is J receptors', 'What is NEP?')
    """
    # Twice: "…the danelaw again lol" ends on "again" once "lol" is gone.
    kept = _CHAT_WORD.sub("", _CHAT_WORD.sub("", _CHAT_OPENING.sub("", question))).strip()
    # "wats the deal with J receptors" was refused: the notes never say "deal". Not a
    # comparison, which "what is" would turn into a definition ("…the deal with
    # discriminative vs generative AI?").
    if not asks_to_compare(kept):
        kept = _WHATS_THE_DEAL.sub(lambda m: f"{m.group('what')} is", kept)
    return kept if _WORD.search(kept) else question


_FRACTION = re.compile(r"(?<![\w/.])(?P<top>[1-9])/(?P<bottom>[2-9]|10)(?:st|nd|rd|th)?s?(?![\w/])")
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_PARTS = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters"),
          5: ("fifth", "fifths"), 6: ("sixth", "sixths"), 7: ("seventh", "sevenths"),
          8: ("eighth", "eighths"), 9: ("ninth", "ninths"), 10: ("tenth", "tenths")}  # fmt: skip


def fractions_named(question: str, frequency: Mapping[str, int]) -> str:
    """``question`` with each fraction in digits written in words, when the notes write it so.

    "yo whats the 3/5ths thing again" was refused by notes that say "the Three-fifths
    clause" (a student's probe of a history course).

    >>> fractions_named("whats the 3/5ths thing", {"three-fifth": 2})
    'whats the three-fifths thing'
    >>> fractions_named("is 3/5 of 10 six?", {})
    'is 3/5 of 10 six?'
    """

    def named(match: re.Match[str]) -> str:
        top, bottom = int(match.group("top")), int(match.group("bottom"))
        if top >= bottom:
            return match.group()
        words = f"{_NUMBER_WORDS[top - 1]}-{_PARTS[bottom][top > 1]}"
        return words if any(frequency.get(t, 0) for t in tokenize(words)) else match.group()

    return _FRACTION.sub(named, question)


_DIE_OUT = re.compile(r"\b(?P<verb>die|dies|died|dying)\s+out\b", re.I)
_DIE_FORMS = ("die", "dies", "died", "dying")
_DIE_OUT_AS = {
    "declin": ("decline", "declines", "declined", "declining"),
    "disappear": ("disappear", "disappears", "disappeared", "disappearing"),
}
"""The notes' stems "die out" may be read as, each with its forms in :data:`_DIE_FORMS`'
order."""


def idioms_read(question: str, frequency: Mapping[str, int]) -> str:
    """``question`` with "die out" read as the notes' "decline" or "disappear", "ww1" spelled.

    "why did italian neorealsim die out" quoted how neorealism began, weighing "die", a
    word the notes never use, most; they say "Neorealism declined in the early 1950s…" (a
    history of cinema probe). "why did the neanderthals die out" quoted a fossil group
    that "died" together, not "4. The Disappearance of the Neanderthals" (a
    paleoanthropology probe). Read so only when the notes use the word more than "die".

    >>> idioms_read("why did neorealism die out", {"declin": 2})
    'why did neorealism decline'
    >>> idioms_read("when had they died out", {"disappear": 3, "die": 1})
    'when had they disappeared'
    >>> idioms_read("why did neorealism die out", {"declin": 2, "die": 4})
    'why did neorealism die out'
    >>> idioms_read("who served in ww1, ww2 and WWII", {"war": 9})
    'who served in the First World War, the Second World War and the Second World War'
    """
    if frequency.get("war", 0):
        # "how many black soldiers served in ww1" was refused, "the material never uses
        # “ww1”" (a Harlem probe). "World War II" only in notes that write "II": of notes
        # saying "the Second World War", it was refused for "II" (an aviation probe).
        second = "World War II" if frequency.get("ii", 0) else "the Second World War"
        question = _WORLD_WAR.sub(
            lambda m: second if m.group("n").lower() in ("2", "ii") else "the First World War",
            question,
        )
    stem = max(_DIE_OUT_AS, key=lambda stem: frequency.get(stem, 0))
    if frequency.get(stem, 0) <= frequency.get("die", 0):
        return question
    forms = _DIE_OUT_AS[stem]
    return _DIE_OUT.sub(lambda m: forms[_DIE_FORMS.index(m.group("verb").lower())], question)


_WORLD_WAR = re.compile(r"\bww\s?(?P<n>i{1,2}|1|2)\b", re.I)


def respelled(question: str, typos: Sequence[tuple[str, str]], texts: Sequence[str]) -> str:
    """``question`` with each of its ``typos`` (:func:`misspelled`) in the form ``texts`` write.

    Of the words in ``texts`` with the corrected stem, the nearest to what was typed, then
    the most frequent ("tranformer" -> "transformer", not "Transformers"). A typo no text
    writes a word for is left: the keyword search reads it anyway.
    """
    if not typos:
        return question
    words = Counter(w.lower() for text in texts for w in _WORD.findall(text))
    wanted = {stem for _, stem in typos}
    forms: dict[str, list[str]] = {}
    for word in words:  # each word stemmed once, not once per typo
        stems = tokenize(word)
        if len(stems) == 1 and stems[0] in wanted:
            forms.setdefault(stems[0], []).append(word)
    for typed, stem in typos:
        if stem in forms:
            best = min(forms[stem], key=lambda w: (edit_distance(typed.lower(), w, 9), -words[w]))
            question = re.sub(rf"(?<![\w-]){re.escape(typed)}(?![\w-])", best, question)
    return question


def acronyms_named(question: str, acronyms: Sequence[str], texts: Sequence[str]) -> str:
    """``question`` with each of ``acronyms`` replaced by the name ``texts`` spell it with."""
    for acronym in acronyms:
        name = next(filter(None, (named_by_initials(acronym, t) for t in texts)), None)
        if name:
            question = re.sub(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", name, question)
    return question


def replaced_words(asked: str, searched: str) -> list[str]:
    """The words of ``asked`` that ``searched`` no longer holds, for the answer's note.

    >>> replaced_words("where does EBV hide", "where does Epstein-Barr virus hide")
    ['EBV']
    >>> replaced_words("ATP per 3 CO2", "ATP per 3 carbon dioxide")
    ['CO2']
    >>> replaced_words("why did it die out", "why did it decline")  # not the stop word "out"
    ['die']
    """
    kept = {w.lower() for w in _NAME.findall(searched)}
    asked_words = dict.fromkeys(_NAME.findall(asked))
    return [w for w in asked_words if w.lower() not in kept and tokenize(w)]


_NAME = re.compile(r"(?<![\w-])[A-Za-z][\w'’]*(?:-[A-Za-z]+)*(?![\w-])")
"""A word, digits after its first letter allowed ("CO2")."""

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def named_formulas(question: str, frequency: Mapping[str, int]) -> str:
    """``question`` with the formulas the collection never writes, as the names it does.

    Only a name the collection writes every word of (:data:`FORMULAS`).

    >>> named_formulas("how much co2 per glucose?", {"carbon": 3, "dioxid": 2})
    'how much carbon dioxide per glucose?'
    >>> named_formulas("how much CO₂?", {"co₂": 1, "carbon": 3, "dioxid": 2})
    'how much CO₂?'
    >>> named_formulas("how is CO2 sensed?", {"co₂": 1})
    'how is CO₂ sensed?'
    """
    for (formula, name), (lower, stems) in zip(FORMULAS.items(), formula_stems(), strict=True):
        pattern = re.compile(rf"(?<![\w-]){formula}(?![\w-])", re.I)
        if not pattern.search(question):
            continue
        if frequency.get(lower, 0):
            continue
        if frequency.get(lower.translate(_SUBSCRIPTS), 0):
            # Notes that write "CO₂": "how do the central chemoreceptors sense CO2…" was
            # refused for a "CO2" no passage holds (a student's probe).
            question = pattern.sub(formula.translate(_SUBSCRIPTS), question)
        elif all(frequency.get(stem, 0) for stem in stems):
            question = pattern.sub(name, question)
    return question
