"""Grading a student's typed quiz answer: a pure function of the response and the answers.

A student who types "BLEU" for the answer "BLEU / ROUGE / METEOR", "human preference"
for "Human Preference Tests" or "Frechet Inception Distance" without the accent knows
the answer; marking them wrong teaches distrust of the quiz, not the course. So both
sides are folded (case, accents, Markdown, punctuation, plurals) before comparing,
every alternative an answer lists is accepted, and so is the acronym for its
expansion (or back) when the material gives both. A response close to an accepted
answer but not equal to it (a typo, a missing word) is ``almost``: the student sees
the accepted answers and the score does not count it.

Nothing here reads a file or a model; :func:`grade_response` is tested on a table of cases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from rag.retrieval.synonyms import FORMULAS
from rag.study.quiz.model import QuizItem

GradeVerdict = Literal["correct", "almost", "wrong"]

NEAR_MISS_RATIO = 0.8
"""Character similarity (difflib ratio) from which a wrong spelling is ``almost``."""
EXTRA_WORDS = 2
"""Words a response may add around a full answer ("the FID metric" for "FID")."""

_GENERIC_HEADS = frozenset(
    {"test", "model", "method", "technique", "approach", "algorithm", "metric", "score",
     "system", "framework", "network", "process"}
)  # fmt: skip
"""Trailing words an answer can lose without changing what it names ("Human Preference Tests")."""
_FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "of", "for", "to", "in", "on", "and", "or", "by", "with"}
)
_ALTERNATIVES = re.compile(r"\s*(?:/|\||;|\bor\b)\s*", re.IGNORECASE)
_PAIR = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*$")
_INSIDE = re.compile(r"^(?P<before>[^()]+?)\s*\((?P<inner>[^()]+)\)\s+(?P<after>[^()]+)$")
"""A name with a second name inside it: "Citric acid (Krebs) cycle"."""
_TRUE = {"true", "t", "yes", "y", "right", "correct", "wahr", "vrai"}
_FALSE = {"false", "f", "no", "n", "wrong", "incorrect", "falsch", "faux"}


@dataclass(frozen=True)
class Grade:
    """The verdict on one response and the answers that would have been accepted."""

    verdict: GradeVerdict
    accepted: tuple[str, ...]

    @property
    def correct(self) -> bool:
        """Whether the response scores a point."""
        return self.verdict == "correct"


def fold(text: str) -> str:
    """Text reduced to what a student means: no case, accents, Markdown, punctuation or plurals.

    "Fréchet **Inception** Distances." and "frechet inception distance" fold alike.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(_singular(word) for word in text.split())


def _singular(word: str) -> str:
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "isn", "aren", "wasn",
                        "weren", "doesn", "don", "didn"})  # fmt: skip
"""Words that deny what a response names ("isn't" folds to "isn t")."""

_LATIN_ENDING = re.compile(r"(?:on|um|us|ae|a|i)$")


def _without_article(words: list[str]) -> list[str]:
    """The words without a leading article: "Krebs cycle" answers "The Krebs cycle".

    Typed without its article the answer was only "almost" (a helper in the app).
    """
    return words[1:] if len(words) > 1 and words[0] in {"the", "a", "an"} else words


def _latin_singular(word: str) -> str:
    """A long word without its Latin or Greek number ending, to compare singular and plural.

    "mitochondrion" and "mitochondria", "bacterium" and "bacteria", "nucleus" and
    "nuclei" read alike: typed "mitochondrion" for "Mitochondria" was only "almost" (a
    helper in the app). Applied to both sides, and only to words of six letters or more.

    >>> [_latin_singular(w) for w in ("mitochondrion", "mitochondria", "nuclei", "nucleus")]
    ['mitochondri', 'mitochondri', 'nucle', 'nucle']
    >>> _latin_singular("stomata"), _latin_singular("stoma")
    ('stoma', 'stoma')
    """
    if len(word) < 6 or not word.isalpha():
        return word
    if word.endswith("ata"):
        word = word[:-2]  # "stomata", "stoma" (a helper in the app)
    return _LATIN_ENDING.sub("", word) if len(word) >= 6 else word


def _acronym(words: Sequence[str]) -> str:
    content = [w for w in words if w not in _FUNCTION_WORDS]
    return "".join(w[0] for w in content) if len(content) >= 2 else ""


def answer_forms(answer: str, aliases: Iterable[str] = ()) -> list[str]:
    """Every written form a typed response may match: the answer, its parts and aliases.

    "FID (Fréchet Inception Distance)" gives "FID" and "Fréchet Inception Distance",
    "Citric acid (Krebs) cycle" gives "Citric acid cycle" and "Krebs cycle";
    "BLEU / ROUGE / METEOR" gives each metric; aliases (the acronym or expansion the
    material pairs with the answer) are added as given.
    """
    forms: list[str] = []

    def add(text: str) -> None:
        text = " ".join(text.split()).strip(" .,:;")
        if text and text not in forms:
            forms.append(text)

    for whole in [answer, *aliases]:
        add(whole)
        pair = _PAIR.match(whole.strip())
        if pair:
            add(pair.group("outer"))
            add(pair.group("inner"))
        inside = _INSIDE.match(whole.strip())
        if inside:
            # "Citric acid (Krebs) cycle": "Citric acid cycle" and "Krebs cycle".
            add(f"{inside.group('before')} {inside.group('after')}")
            add(f"{inside.group('inner')} {inside.group('after')}")
        parts = _ALTERNATIVES.split(whole)
        if len(parts) > 1:
            for part in parts:
                add(part)
        names = [p for p in re.split(r"\s*,\s*(?:and\s+)?", whole) if p]
        if len(names) > 1 and all(
            len(name.split()) <= MAX_LISTED_WORDS and name[:1].isupper() for name in names
        ):
            # "BLEU, ROUGE" lists two names as one answer: either one is what it names
            # (a helper driving the app got "almost" for "BLEU").
            for name in names:
                add(name)
    for form in list(forms):
        # "carbon dioxide" for "CO2", and back: the formula's name is the same answer, and
        # "Aerobic respiration of glucose…" gives away a blank keyed "C6H12O6" (a helper
        # in the app, a newcomer's biology notes).
        named = FORMULAS.get(form) or _FORMULA_OF.get(form.casefold())
        if named:
            add(named)
    return forms


_FORMULA_OF = {name: formula for formula, name in FORMULAS.items()}


MAX_LISTED_WORDS = 3
"""Words of each name in a comma list of names ("BLEU, ROUGE") accepted alone. Each part
must also start with a capital: "Drug discovery, medical image synthesis" is a
description, not a list of alternatives."""


def _matches(given: list[str], target: list[str]) -> bool:
    if given == target or "".join(given) == "".join(target):
        return True  # "CLIP score" for "CLIPScore"
    want, got = set(target), set(given)
    if want <= got and len(got) <= len(want) + EXTRA_WORDS:
        return True  # the answer with a few words around it
    core = list(target)
    while len(core) > 1 and core[-1] in _GENERIC_HEADS:
        core = core[:-1]
    if core != target and set(core) <= got and got <= want:
        return True  # "human preference" for "Human Preference Tests"
    # An acronym typed for a spelled-out answer the material did not pair ("gan" for
    # "generative adversarial network") is only accepted when its letters fit exactly.
    return len(given) == 1 and len(target) >= 2 and given[0] == _acronym(target)


def _near(given: list[str], target: list[str]) -> bool:
    a, b = " ".join(given), " ".join(target)
    if SequenceMatcher(None, a, b).ratio() >= NEAR_MISS_RATIO:
        return True
    content = {w for w in target if w not in _FUNCTION_WORDS}
    shared = content & set(given)
    return len(content) >= 2 and 2 * len(shared) >= len(content)


def grade_response(
    response: str,
    answer: str,
    aliases: Iterable[str] = (),
    *,
    options: Sequence[str] = (),
) -> Grade:
    """Grade one response.

    Args:
        response: What the student typed or picked.
        answer: The item's answer.
        aliases: Other accepted answers (acronym or expansion, other names).
        options: The choices of a multiple-choice or true/false item; a response must
            then be the answer itself (or its letter, A-D), never a near miss.

    Returns:
        ``correct``, ``almost`` (close: show the accepted answers) or ``wrong``.
    """
    forms = answer_forms(answer, aliases)
    accepted = tuple(forms)
    given = fold(response).split()
    if not given:
        return Grade("wrong", accepted)
    if options:
        return _grade_choice(response, answer, options, accepted)
    targets = [fold(form).split() for form in forms]
    if any(_NEGATIONS & set(given) - set(target) for target in targets if target):
        # "not the Nobel Prize" names the answer to deny it (a helper in the app).
        return Grade("wrong", accepted)
    given = [_latin_singular(word) for word in _without_article(given)]
    targets = [[_latin_singular(word) for word in _without_article(t)] for t in targets]
    if any(_matches(given, target) for target in targets if target):
        return Grade("correct", accepted)
    if any(_near(given, target) for target in targets if target):
        return Grade("almost", accepted)
    return Grade("wrong", accepted)


def _grade_choice(
    response: str, answer: str, options: Sequence[str], accepted: tuple[str, ...]
) -> Grade:
    given = fold(response)
    folded = [fold(o) for o in options]
    if given in _TRUE | _FALSE and {"true", "false"} == set(folded):
        given = "true" if given in _TRUE else "false"
    letter = response.strip().rstrip(".)").upper()
    if len(letter) == 1 and "A" <= letter <= "Z" and ord(letter) - 65 < len(options):
        given = folded[ord(letter) - 65]
    return Grade("correct" if given == fold(answer) else "wrong", accepted)


def feedback_line(number: int, response: str, grade: Grade, answer: str, explanation: str) -> str:
    """One line of feedback: verdict, the response, the accepted answers, the explanation.

    Sentences are joined without doubling their full stops ("images.." before).
    """
    label = {"correct": "Correct", "almost": "Almost", "wrong": "Not quite"}[grade.verdict]
    given = f" (you answered: {response.strip()})"
    if not response.strip():
        label, given = "Not answered", ""
    if grade.verdict == "almost" and len(grade.accepted) > 1:
        shown = "Accepted answers: " + "; ".join(grade.accepted)
    else:
        shown = f"Answer: {answer}"
    parts = [f"{number}. {label}{given}", shown, explanation]
    return " ".join(_sentence(p) for p in parts if p.strip())


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?…" else text + "."


def grade_item(item: QuizItem, response: str) -> Grade:
    """The verdict on a student's response to ``item`` (see ``grading.grade_response``).

    Choice items (mcq, true/false) need the exact option or its letter; typed answers
    are folded (case, accents, punctuation, plurals) and may give any alternative the
    answer lists or the acronym the material pairs with it; a near miss is ``almost``.
    """
    options = item.options if item.type in ("mcq", "tf") else ()
    return grade_response(response, item.answer, item.aliases, options=options)


def grade_answer(item: QuizItem, response: str) -> bool:
    """Whether a student's response scores a point (see :func:`grade_item`)."""
    return grade_item(item, response).correct


def feedback(number: int, item: QuizItem, response: str) -> tuple[Grade, str]:
    """The grade and the line of feedback a student sees for one item."""
    grade = grade_item(item, response)
    return grade, feedback_line(number, response, grade, item.answer, item.explanation)
