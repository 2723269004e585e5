"""Choosing N items from the drafts: varied in kind, spread over passages, none repeated.

Kinds the quiz lacks go first, then passages take turns so that one passage cannot
fill the quiz; every pick goes through the :class:`rag.study.quiz.verify.Verifier`, and
a draft it rejects is replaced by the next one.

Example:
    >>> from rag.study.quiz.drafts import Draft
    >>> from rag.study.quiz.model import ItemSource, QuizItem
    >>> from rag.study.quiz.selection import queues_in_order
    >>> item = QuizItem("short", "Q?", "A", "", ItemSource("s", "t", "", "A.", "c1"))
    >>> drafts = [Draft(item, 0, 0.51), Draft(item, 1, 0.72), Draft(item, 2, 0.48)]
    >>> [d.passage for d in queues_in_order(drafts)]
    [1, 0, 2]
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence

from rag.study.quiz.drafts import Draft
from rag.study.quiz.matching import content_words, normalize, occurs
from rag.study.quiz.model import STATEMENT_PREFIX, ItemType, QuizItem
from rag.study.quiz.verify import Verifier, option_pairing

VARIETY_TRIES = 6
"""Drafts of one kind tried for the quiz's variety pass before that kind is given up."""


def queues_in_order(drafts: Sequence[Draft]) -> list[Draft]:
    """Drafts by falling relevance (in steps of 0.1), keeping their order within a step."""
    return sorted(drafts, key=lambda d: -round(d.relevance, 1))


REVEALING_WORDS = 2
"""Words besides the swapped-out term that another item must share with a false statement
to give it away."""


def reveals_swap(false: QuizItem, other: QuizItem) -> bool:
    """Whether ``other`` states what the false statement ``false`` swapped out, alike worded.

    "True or false: GANs, VAEs, and transformers are foundational to generative AI."
    beside "True or false: The engines of generative creativity—Small-Scale Generative
    Models, VAEs, and transformers—power modern AI creativity." shows where the second
    one was edited. The other item must name the original term and share
    :data:`REVEALING_WORDS` more of the false statement's words.
    """
    original = false.meta.get("swap_from", "") if false.kind == "truefalse" else ""
    if not original:
        return False
    if occurs(original, other.question):
        around = content_words(false.question) - content_words(original)
        return len(around & content_words(other.question)) >= REVEALING_WORDS
    # "Glycolysis takes place in the cytoplasm…" (true) beside "Glycolysis takes place on
    # the inner mitochondrial membrane…" (false, swapped in): one settles the other (a
    # helper in the app, the biology notes' stages).
    swapped_in = false.meta.get("swap_to", "")
    stated = other.question.removeprefix(STATEMENT_PREFIX)
    if other.kind != "truefalse" or not swapped_in or not stated.startswith(swapped_in):
        return False
    around = content_words(false.question) - content_words(swapped_in)
    return len(around & content_words(stated)) >= REVEALING_WORDS


def reveals_pairing(comparison: QuizItem, other: QuizItem) -> bool:
    """Whether ``other`` asks or answers with a row a comparison pairs.

    "How does the course describe BLEU / ROUGE / METEOR?" and "… describe FID?" answer
    the comparison of BLEU / ROUGE / METEOR and FID in the same quiz (a helper driving
    the app found this in every quiz on evaluation metrics).
    """
    if comparison.kind != "comparison" or other.kind == "comparison":
        return False
    left, right = comparison.meta.get("left", ""), comparison.meta.get("right", "")
    pairing = option_pairing(comparison.answer, left, right)
    if pairing is None:
        return False
    named = [left, right, *pairing]
    answers = {normalize(a) for a in [other.answer, *other.aliases]}
    return bool(answers & {normalize(n) for n in named}) or any(
        occurs(n, other.question) for n in named
    )


def names_answer(item: QuizItem, other: QuizItem) -> bool:
    """Whether ``other``'s question names ``item``'s answer.

    "It uses the ATP and _____ made in the light reactions…" (NADPH) beside "…consumes
    nine _____ and six NADPH" (ATP): each stem answers the other (a helper in the app, the
    biology notes). True/false answers name nothing, and a step or a row that an order
    or comparison item answers with is asked for its place, not its name.

    Example:
        >>> from rag.study.quiz.model import ItemSource, QuizItem
        >>> source = ItemSource("s", "t", "", "q", "c1")
        >>> atp = QuizItem("cloze", "nine _____ and six NADPH", "ATP", "", source)
        >>> nadph = QuizItem("cloze", "the ATP and _____", "NADPH", "", source)
        >>> names_answer(atp, nadph), names_answer(nadph, atp)
        (True, True)
    """
    if item.type == "tf" or item.kind in ("truefalse", "order", "comparison"):
        return False
    return any(occurs(answer, other.question) for answer in [item.answer, *item.aliases])


def same_swap(one: QuizItem, other: QuizItem) -> bool:
    """Two false statements made by swapping out the same term test one fact.

    "Small-Scale Generative Models, VAEs, and transformers power…" and "Generative
    Agents, VAEs, and transformers are foundational…" both ask whether GANs are one of
    the three.
    """
    original = one.meta.get("swap_from", "")
    return bool(original) and normalize(original) == normalize(other.meta.get("swap_from", ""))


def select_items(
    drafts: Sequence[Draft],
    n: int,
    types: Sequence[ItemType],
    verifier: Verifier,
    rng: random.Random,
) -> list[QuizItem]:
    """Up to ``n`` verified items, taken round-robin over passages and item types.

    Passages take turns, the one with the most relevant unit first, so one passage
    cannot fill the quiz; each gives its most relevant draft of the type whose turn
    it is (relevance in steps of 0.1, ties shuffled with the seeded ``rng``). A draft
    whose answer or sentence the quiz already has is skipped, even if the quiz then
    comes out shorter than ``n``, and true/false answers alternate while drafts of
    both remain. A draft
    that fails verification is counted in ``verifier.dropped`` and the next one
    replaces it. Items the verifier accepted before (an LLM's) count as used.
    """
    queues: dict[int, list[Draft]] = {}
    for draft in drafts:
        queues.setdefault(draft.passage, []).append(draft)
    for queue in queues.values():
        rng.shuffle(queue)
        queue.sort(key=lambda d: -round(d.relevance, 1))
    order = sorted(queues, key=lambda p: (-max(d.relevance for d in queues[p]), p))
    cycle = list(types)
    rng.shuffle(cycle)

    def answers(item: QuizItem) -> set[str]:
        return {normalize(a) for a in [item.answer, *item.aliases]}

    used_answers = {a for item in verifier.accepted for a in answers(item)}
    used_sentences = {normalize(item.source.quote) for item in verifier.accepted}
    kinds: Counter[str] = Counter(item.kind for item in verifier.accepted)
    truth: Counter[str] = Counter(
        item.answer for item in verifier.accepted if item.kind == "truefalse"
    )

    def repeats(item: QuizItem) -> bool:
        """Asks for an answer, or from a sentence, the quiz already has, or gives one away.

        Two questions answered "VAEs" test one fact; a true/false statement of the
        sentence a fill-in-the-blank item blanks gives that item's answer away, as does a
        blank asked after that sentence ("The Calvin cycle, also called the light-independent
        reactions, takes place in the stroma. It uses the ATP and _____…"), and so
        does another item stating the term a false statement swapped out
        (:func:`reveals_swap`), an item about a row a comparison pairs
        (:func:`reveals_pairing`) and two questions that name each other's answer
        (:func:`names_answer`: "the ATP and _____" beside "_____ and NADPH"; one that
        names "ATP" in passing beside a blank for it tells too little to skip, in notes
        where every paragraph says "ATP"); two false statements swapping out one term
        ask one thing.
        """
        return (
            bool(answers(item) & used_answers)
            or normalize(item.source.quote) in used_sentences
            or any(quotes(item, other) or quotes(other, item) for other in verifier.accepted)
            or any(reveals_swap(item, other) or reveals_swap(other, item)
                   or reveals_pairing(item, other) or reveals_pairing(other, item)
                   or (names_answer(item, other) and names_answer(other, item))
                   or same_swap(item, other) for other in verifier.accepted)
        )  # fmt: skip

    def quotes(item: QuizItem, other: QuizItem) -> bool:
        """``other`` sets ``item``'s sentence before its own (:func:`draft_items`' lead)."""
        return other.type != "tf" and normalize(item.source.quote) in normalize(other.question)

    def tilts(item: QuizItem) -> bool:
        """A true/false item whose answer the quiz already has more of, while the other waits.

        All-false (or all-true) statements let a student score by always answering
        the same; the drafts come in both, so the quiz alternates when it can.
        """
        if item.kind != "truefalse":
            return False
        other = "False" if item.answer == "True" else "True"
        return truth[item.answer] > truth[other] and any(
            d.item.kind == "truefalse" and d.item.answer == other and not repeats(d.item)
            for queue in queues.values()
            for d in queue
        )

    def admit(item: QuizItem) -> bool:
        if item.kind == "truefalse" and lopsided(item.answer, truth):
            return False
        if not verifier.admit(item):
            return False
        used_answers.update(answers(item) - {"true", "false"})
        used_sentences.add(normalize(item.source.quote))
        kinds[item.kind] += 1
        if item.kind == "truefalse":
            truth[item.answer] += 1
        return True

    # Variety first: the best draft of each kind not yet in the quiz, kinds in order
    # of their best draft's relevance; the round-robin below fills the rest.
    by_kind: dict[str, list[Draft]] = {}
    for draft in drafts:
        by_kind.setdefault(draft.item.kind, []).append(draft)
    ranked_kinds = sorted(by_kind, key=lambda k: -max(d.relevance for d in by_kind[k]))
    for kind in ranked_kinds:
        if len(verifier.accepted) >= n or kinds[kind]:
            continue
        # Ties shuffled with the seed here too: four of six items of every quiz on
        # "cellular respiration" were the same whatever the seed (a helper in the app).
        candidates = list(by_kind[kind])
        rng.shuffle(candidates)
        ordered = [d for d in queues_in_order(candidates) if d.item.type in types]
        # The type the quiz has least of first, so kinds do not crowd out formats.
        used_types = Counter(item.type for item in verifier.accepted)
        tries = sorted(ordered[: 3 * VARIETY_TRIES], key=lambda d: used_types[d.item.type])
        for draft in tries[:VARIETY_TRIES]:
            if repeats(draft.item):
                continue
            if draft in queues.get(draft.passage, []):
                queues[draft.passage].remove(draft)
            if admit(draft.item):
                break

    turn = 0
    balance = True  # until a whole round has only statements that would tilt it
    while len(verifier.accepted) < n and any(queues[p] for p in order):
        progressed = False
        for passage in order:
            if len(verifier.accepted) >= n:
                break
            queue = queues[passage]
            if not queue:
                continue
            wanted = cycle[turn % len(cycle)]
            # A kind the quiz has least of first, so a quiz mixes what it asks.
            pool_of_type = [d for d in queue if d.item.type == wanted] or queue
            pick = min(pool_of_type, key=lambda d: (balance and tilts(d.item), kinds[d.item.kind]))
            if balance and tilts(pick.item):
                continue  # kept: the quiz takes a statement of the other answer first
            queue.remove(pick)
            progressed = True
            if repeats(pick.item):
                continue
            if admit(pick.item):
                turn += 1
        balance = balance and progressed
    return list(verifier.accepted)


MAX_TRUTH_LEAD = 1
"""How many more statements of one answer than of the other a quiz may hold.

On six check sheets of courses on other subjects (eval/quiz_check10_history.md to
eval/quiz_check13_nutrition.md) every true/false draft was true: prose seldom offers
a term to swap for a believable false version. A quiz of all-true statements is
answered by always saying "true", so without false ones a quiz takes one true statement."""


def lopsided(answer: str, truth: Mapping[str, int]) -> bool:
    """Whether one more statement whose answer is ``answer`` puts it over :data:`MAX_TRUTH_LEAD`.

    Example:
        >>> even = {"True": 1, "False": 1}
        >>> lopsided("True", {}), lopsided("True", {"True": 1}), lopsided("True", even)
        (False, True, False)
    """
    other = "False" if answer == "True" else "True"
    return truth.get(answer, 0) + 1 - truth.get(other, 0) > MAX_TRUTH_LEAD
