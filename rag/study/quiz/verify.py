"""The checks every item passes before a student sees it, however it was made.

An item whose answer the course text does not support is worse than no item. So its
quote must occur verbatim in the indexed chunk, the quote must support the answer
and no distractor, the question must not give the answer away, and no other item may
ask the same thing (:class:`Verifier`). Failures are dropped and counted by reason
(:data:`rag.study.quiz.model.DROP_REASONS`).

Example:
    >>> from rag.study.quiz.model import ItemSource, QuizItem
    >>> from rag.study.quiz.verify import check_item
    >>> quote = "GANs pair a generator with a discriminator."
    >>> item = QuizItem("short", "Which models pair a generator with a discriminator?",
    ...                 "GANs", "", ItemSource("gans.md", "GANs", "", quote, "c1"))
    >>> check_item(item, "Intro. " + quote) is None
    True
    >>> check_item(item, "Another chunk altogether.")
    'quote_not_in_text'
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from rag.retrieval.keyword import tokenize
from rag.study.quiz.grading import answer_forms
from rag.study.quiz.matching import (
    _EDGE_PUNCT,
    _shared_stems,
    acronym_expanded_anyhow,
    acronym_spelled_out,
    analogous_code,
    compound_words,
    content_words,
    folded_occurs,
    inside_an_acronym,
    next_in_series,
    normalize,
    occurs,
    only_key_shares,
    other_form_of,
    overlapping,
    pairing_given_away,
    people_named,
    shared_root,
    spelled_ordinals,
    supported,
)
from rag.study.quiz.model import (
    BLANK,
    DIFFICULTIES,
    ITEM_KINDS,
    ITEM_TYPES,
    PAIR_JOIN,
    PAIR_SEP,
    STATEMENT_PREFIX,
    TRUE_FALSE,
    TYPED_ANSWER_WORDS,
    QuizItem,
)
from rag.study.quiz.relevance import TASK_WORDS, word_forms
from rag.study.quiz.timelines import check_order, order_given_away
from rag.study.quiz.units import _cells
from rag.text.markdown import clean_markdown

log = logging.getLogger(__name__)


def question_terms(text: str) -> set[str]:
    """Content words of a question, blanks and template words left out (for duplicates)."""
    words = set(content_words(text.replace(BLANK, " ")))
    return words - _TEMPLATE_WORDS


_TEMPLATE_WORDS = set(
    tokenize(
        "course table list item described describe sentence complete fill blank term "
        "example examples according which what following"
    )
)


_TASK_STEMS = frozenset(tokenize(" ".join(sorted(TASK_WORDS))))
"""Words of how a topic is phrased ("explain how X works"), not of what it is about."""
MAX_TERM_WORDS = 5
"""A definition item whose key is this short names a term, described in the stem: a word of
the term in the stem gives it away, options or not ("a formerly neutral *stimulus* that…"
for "Conditioned stimulus", among two stimuli and two responses: three raters of three on
a psychology course's check sheet). A longer key is a description, asked by its term."""
_COMMON_NAME_WORDS = frozenset(tokenize("model models generation generative"))
"""Words every row name of a table of models shares: they name no row in particular."""
_MODEL_WORDS = frozenset(tokenize("model models"))
"""What a typed answer may share with the topic: "Generative Agents", in a quiz on
generative AI, has "Generative" typed by the topic line."""


def same_question(a: QuizItem, b: QuizItem) -> bool:
    """Whether two items ask the same thing: same answer from the same text, or same words.

    Two blanks in one sentence, or the same fact asked as mcq and as short answer,
    test one piece of knowledge twice; so do two descriptions asked of one name from two
    sections ("How does the course's “5. Core Architecture Patterns” describe VAEs?" and
    "What do Variational Autoencoders (VAEs) do, according to … “4. Generative Model
    Families”?": a helper answering one in the app read the other's answer off it).
    """
    about_a, about_b = a.meta.get("about"), b.meta.get("about")
    if about_a and about_b:
        names_a = {normalize(f) for f in answer_forms(str(about_a))}
        if names_a & {normalize(f) for f in answer_forms(str(about_b))}:
            return True
    answers_a = {normalize(x) for x in [a.answer, *a.aliases]}
    answers_b = {normalize(x) for x in [b.answer, *b.aliases]}
    qa, qb = question_terms(a.question), question_terms(b.question)
    union = qa | qb
    similar = len(qa & qb) / len(union) if union else 1.0
    same_quote = occurs(a.source.quote, b.source.quote) or occurs(b.source.quote, a.source.quote)
    if answers_a & answers_b and (same_quote or similar >= 0.5):
        return True
    if same_quote and (occurs(a.answer, b.question) or occurs(b.answer, a.question)):
        return True  # one fact asked both ways: "what is X's description?" / "which has it?"
    if same_quote and a.source.chunk_id == b.source.chunk_id and similar >= 0.6:
        return True
    return similar >= 0.75


def check_item(item: QuizItem, chunk_text: str | None) -> str | None:
    """The reason ``item`` must be dropped (a key of ``DROP_REASONS``), or None.

    Every item needs its quote verbatim in the stored chunk. Then each kind has its
    own proof: a term or phrase answer is stated by the quote and no distractor is;
    a true/false statement is the quote's sentence, or that sentence with one term
    swapped for one the quote does not state; an order item's answer is the step
    next to the named one in the quoted sequence; a comparison's right pairing is
    the one the quoted table rows give. Finally nothing is given away: no form of
    the answer (its acronym, a listed alternative, a plural) and no wrong option
    appears in the question.

    Args:
        item: The item to check.
        chunk_text: The indexed text of the chunk the item cites, read from the
            store; None when that chunk is not stored.
    """
    paraphrase = item.origin != "extractive"
    if (
        item.type not in ITEM_TYPES
        or item.kind not in ITEM_KINDS
        or not item.question.strip()
        or not item.answer.strip()
        or not item.source.quote.strip()
        or item.difficulty not in DIFFICULTIES
    ):
        return "malformed"
    if item.type == "mcq":
        keys = [normalize(o) for o in item.options]
        if len(keys) != 4 or len(set(keys)) != 4 or keys.count(normalize(item.answer)) != 1:
            return "malformed"
    elif item.type == "tf":
        if item.options != TRUE_FALSE or item.answer not in TRUE_FALSE:
            return "malformed"
    elif item.options:
        return "malformed"
    if item.type == "cloze" and "___" not in item.question:
        return "malformed"
    if chunk_text is None or item.source.quote not in chunk_text:
        return "quote_not_in_text"
    if item.type == "tf":
        return check_statement(item)
    if item.kind == "order":
        return check_order(item) or order_given_away(item)
    if item.kind == "comparison":
        return check_comparison(item) or comparison_given_away(item)
    if not supported(item.answer, item.source.quote, paraphrase=paraphrase):
        return "answer_not_supported"
    distractors = [o for o in item.options if normalize(o) != normalize(item.answer)]
    if any(supported(d, item.source.quote, paraphrase=paraphrase) for d in distractors):
        return "distractor_supported"
    return given_away(item)


_NUMBERING = "0-9⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉"


def numbered_form(answer: str, text: str) -> bool:
    """Whether ``text`` writes an acronym or symbol answer inside a longer token.

    "its sixth phase (CMIP6)" holds "CMIP", "σT_e⁴ = 240 W m⁻²" holds "T_e": a word
    boundary does not separate them, yet the stem shows the key
    (eval/quiz_check21_climate_science.md, three raters of three each).

    Example:
        >>> numbered_form("CMIP", "its sixth phase (CMIP6) underpinned AR6")
        True
        >>> numbered_form("T_e", "σT_e⁴ = 240 W m⁻²"), numbered_form("US", "the USSR")
        (True, False)
    """
    if " " in answer or len(answer) < 2:
        return False
    if "_" in answer:
        return answer in text
    if sum(c.isupper() for c in answer) < 2:
        return False
    return re.search(rf"(?<![A-Za-z]){re.escape(answer)}(?=[{_NUMBERING}])", text) is not None


def given_away(item: QuizItem) -> str | None:
    """``answer_in_question`` or ``option_in_question`` when the stem helps too much."""
    forms = answer_forms(item.answer, item.aliases)
    if any(occurs(form, item.question) or folded_occurs(form, item.question) for form in forms):
        return "answer_in_question"
    if any(numbered_form(form, item.question) for form in [item.answer, *item.aliases]):
        return "answer_in_question"
    acronyms = re.findall(r"\b[A-Z]{2,6}s?\b", item.question)
    if item.type != "tf" and any(acronym_spelled_out(a, item.answer) for a in acronyms):
        return "answer_in_question"  # "RLHF" asked, "Reinforcement Learning from Human…"
    answered = re.findall(r"\b[A-Z]{2,6}s?\b", item.answer)
    if item.type != "tf" and any(acronym_spelled_out(a, item.question) for a in answered):
        # "…described as 'Reinforcement Learning from Human Feedback, Direct Preference
        # Optimization'?" for "RLHF and DPO" (main review sheet of 2026-12-03).
        return "answer_in_question"
    if item.type in ("short", "cloze") and (
        any(acronym_expanded_anyhow(a, item.question) for a in answered)
        or analogous_code(item.answer, item.question)
        or inside_an_acronym(item.answer, item.question)
        or next_in_series(item.answer, item.question)
        or other_form_of(item.answer, item.question)
    ):
        return "answer_in_question"  # "International Organization for Standardization … ISO"
    wrong = [o for o in item.options if normalize(o) != normalize(item.answer)]
    if item.type != "tf" and any(folded_occurs(option, item.question) for option in wrong):
        return "option_in_question"
    if item.type == "mcq" and any(
        re.search(rf"(?<!\w){re.escape(form)}(?!\w)", item.question)
        for option in wrong
        for form in answer_forms(option)
        if form.isupper() and len(form) >= 2
    ):
        # "which item is described as '(CBR − CDR) ÷ 10'?" offered "Crude birth rate
        # (CBR)": a part of the clue is no answer to it (eval/quiz_check28_human_geography.md).
        return "option_in_question"
    names_a_term = item.kind == "definition" and len(item.answer.split()) <= MAX_TERM_WORDS
    typed = item.type in ("short", "cloze") and item.kind not in ("order", "comparison")
    if typed or names_a_term:
        # A typed answer's word in the clue is typed for free: "evaluation" in "Which
        # item is described as 'FID score, BLEU, human evaluation'?" for "Evaluation
        # Methods", "expert" for "Mixture of Experts (MoE)" (its bracketed acronym left
        # out), "3D" in "'Text-to-3D pipelines'" for "Neural Rendering & 3D Diffusion".
        # Words every model name has ("models") tell nothing, nor does a word every
        # option has ("front" in a list of fronts, named by its heading in the stem).
        # Unstemmed words too: "intrapleural" stems to "intrapleur", which no longer
        # holds "pleural" (eval/quiz_check22_physiology.md, three raters of three).
        asked = (compound_words(item.question) | word_forms(item.question)) - _TEMPLATE_WORDS
        everywhere = frozenset.intersection(*map(answer_words, wrong)) if wrong else frozenset()
        # A blank is typed too: "From chatbots to novel _____—how AI learns to speak and
        # write like humans" for "writing"; and a word inside another counts ("Training
        # Data" for "Massive curated datasets"): three raters of three, tenth check sheet.
        if _shared_stems(answer_words(item.answer), asked) - _COMMON_NAME_WORDS - everywhere:
            return "answer_in_question"
        stem = item.question.removeprefix("Fill in the blank: ")
        if len(item.answer.split()) <= TYPED_ANSWER_WORDS and (
            shared_root(item.answer, stem) or people_named(item.answer, stem)
        ):
            return "answer_in_question"
        # An acronym answer whose expansion the clue half spells: "Two networks compete
        # (Generator G…; Discriminator D…)" for GANs, Generative Adversarial Networks.
        for alias in item.aliases:
            words = answer_words(alias)
            if len(words) >= 2 and 2 * len(_shared_stems(words, asked)) >= len(words):
                return "answer_in_question"
    if item.type == "mcq" and item.kind != "comparison":
        # "Generative Adversarial Networks" asked, "…in adversarial training" the only
        # option that shares a word with it: the shared word answers the question.
        # So is "expert" in "How does the course describe Mixture of Experts?" when
        # only "Sparse models with expert routing" says it, though others say "models".
        if only_key_shares(item.answer, wrong, compound_words(item.question) - _TEMPLATE_WORDS):
            return "answer_in_question"
        # "…an example of Generative Adversarial Networks (GANs)?" with "CycleGAN" the
        # only option whose name holds "GAN".
        for acronym in {a.removesuffix("s") for a in acronyms}:
            if acronym in item.answer and not any(acronym in option for option in wrong):
                return "answer_in_question"
    return None


def check_statement(item: QuizItem) -> str | None:
    """A true statement is the quote's own text; a false one swaps one of its terms.

    The swapped-in term must not be in the quote, and putting the original back must
    give the quote's text: the statement is false because of that one term, and the
    explanation can say which.
    """
    statement = item.question.removeprefix(STATEMENT_PREFIX)
    said = normalize(clean_markdown(item.source.quote))
    if item.answer == "True":
        return None if normalize(statement) in said else "answer_not_supported"
    original, swapped = item.meta.get("swap_from", ""), item.meta.get("swap_to", "")
    if not original or not swapped or overlapping(original, swapped):
        return "malformed"
    if not occurs(original, item.source.quote) or occurs(swapped, item.source.quote):
        return "distractor_supported"
    restored = re.sub(r"(?<!\w)" + re.escape(swapped) + r"(?!\w)", original, statement, count=1)
    if restored == statement or normalize(restored) not in said:
        return "answer_not_supported"
    if occurs(original, statement):
        # "CMY / CMYK matches how emissive displays work, which is why frame buffers store
        # RGB" refutes itself (eval/quiz_check61_ten_courses.md, raters' majority).
        return "answer_in_question"
    return None


def check_comparison(item: QuizItem) -> str | None:
    """The answer pairs each of the two compared rows with its own cell; no distractor does."""
    left, right = item.meta.get("left", ""), item.meta.get("right", "")

    def key(text: str) -> str:
        return normalize(clean_markdown(text)).strip(_EDGE_PUNCT)

    rows = {
        key(_cells(line)[0]): [key(c) for c in _cells(line)]
        for line in item.source.quote.splitlines()
        if line.strip().startswith("|")
    }

    def right_pairing(option: str) -> bool | None:
        pairing = option_pairing(option, left, right)
        if pairing is None:
            return None
        a, b = pairing
        cells_left, cells_right = rows.get(key(left)), rows.get(key(right))
        if not cells_left or not cells_right:
            return None
        return key(a) in cells_left[1:] and key(b) in cells_right[1:]

    if not left or not right or right_pairing(item.answer) is not True:
        return "answer_not_supported"
    for option in item.options:
        if option != item.answer and right_pairing(option) is not False:
            return "distractor_supported"
    return None


def option_pairing(option: str, left: str, right: str) -> tuple[str, str] | None:
    """The two descriptions a comparison option gives ``left`` and ``right``, or None."""
    head = f"{left}{PAIR_SEP}"
    middle = f"{PAIR_JOIN}{right}{PAIR_SEP}"
    if not option.startswith(head) or middle not in option:
        return None
    a, b = option[len(head) :].split(middle, 1)
    return a, b


def comparison_given_away(item: QuizItem) -> str | None:
    """``answer_in_question`` when a row's name shares a word with its own description only.

    The options name both rows, so a word the row name and its right description share,
    and no other offered description has, pairs them without knowing either
    (:func:`rag.study.quiz.matching.pairing_given_away`).
    """
    left, right, own, descriptions = _compared(item)
    if own and pairing_given_away([(left, own[0]), (right, own[1])], descriptions):
        return "answer_in_question"
    return None


def _compared(item: QuizItem) -> tuple[str, str, tuple[str, str] | None, set[str]]:
    """A comparison's two rows, the key's descriptions of them, and every description offered."""
    left, right = item.meta.get("left", ""), item.meta.get("right", "")
    pairings = [p for o in item.options if (p := option_pairing(o, left, right)) is not None]
    descriptions = {d for pairing in pairings for d in pairing}
    return left, right, option_pairing(item.answer, left, right), descriptions


def answer_in_topic(item: QuizItem, topic: str) -> bool:
    """Whether the topic shown above the quiz names the item's answer ("GANs" in "GANs and VAEs").

    Every part of a listed answer counts ("BLEU, ROUGE" in a quiz on "FID and BLEU"), and
    so does an acronym the topic spells out ("NLG" in "Natural language generation"),
    and an option that alone shares the topic's words (:func:`echoes_topic`). A
    true/false statement is, when half its words are the topic's, or when it is false
    by a swap out of the term the topic names for one it does not: in a quiz on how
    GANs work, "VAEs use competition between networks" is false at sight. A comparison
    is, when the topic names a row and words of that row's own description.
    """
    if item.type == "tf":
        # A statement that mostly restates the topic ("Generate images by reversing a
        # noise process", in a quiz on how diffusion models do that) is answered by it.
        words = content_words(item.question.removeprefix(STATEMENT_PREFIX))
        if len(words) >= 3 and 2 * len(words & content_words(topic)) >= len(words):
            return True
        if item.answer == "True" and states_topic_claim(words, topic):
            return True
        return swapped_out_of_topic(item, topic)
    if item.kind == "comparison":
        return comparison_echoes_topic(item, topic)
    if (spelled := spelled_ordinals(topic)) != topic:
        topic = f"{topic} {spelled}"  # "15th" in the topic names "Fifteenth"
    forms = answer_forms(item.answer, item.aliases)
    parts = [part for form in forms for part in re.split(r",\s*", form) if part]
    if any(acronym_spelled_out(form, topic) for form in forms):
        return True  # "NLG" in a quiz on "Natural language generation"
    if any(folded_occurs(form, topic) for form in [*forms, *parts]):
        return True
    # "Ethical Generation Systems", in a quiz on "Ethical … risks of generative AI";
    # "Open Source LLMs" in one on LLMs: a typed word the topic names, as a word the
    # clue names (:func:`given_away`).
    # A blank is typed as well ("Emmeline Pankhurst" under "…the Pankhursts' militant
    # suffragettes"), and a hyphen's parts are words ("Flow-based Models" under
    # "normalizing-flow models"): tenth check sheet, three raters of three. So is the
    # typed step of a timeline ("HMS Challenger expedition" under "History of ocean
    # exploration … to the Challenger expedition": fourteenth sheet, three of three).
    typed = item.type in ("short", "cloze")
    named = _shared_stems(answer_words(item.answer), _topic_words(topic)) - _MODEL_WORDS
    if typed and named:
        return True
    if typed and len(item.answer.split()) <= TYPED_ANSWER_WORDS and shared_root(item.answer, topic):
        return True  # "monophyletic group" in a quiz on "…: monophyly vs paraphyly"
    # Options or not, an answer whose every word the topic line holds is read off it:
    # "Generative AI" in a quiz on "Generative vs discriminative AI".
    whole = named and named == answer_words(item.answer) - _MODEL_WORDS
    if item.type == "mcq" and item.kind == "recall" and whole:
        return True
    wrong = [o for o in item.options if normalize(o) != normalize(item.answer)]
    return item.type == "mcq" and echoes_topic(item.answer, wrong, topic, item.question)


_TOPIC_CLAIM = re.compile(r"\b(?:that|which|who)\b\s+(.+)$", re.IGNORECASE)


def states_topic_claim(words: frozenset[str], topic: str) -> bool:
    """Whether a statement's words hold what the topic itself claims, in a relative clause.

    "Large language models (LLMs) that predict the next token" says LLMs predict the
    next token: "Models like GPT, T5, and PaLM generate … by predicting the next word"
    is then true by the topic line. Half the clause's content words (two at least) do.
    """
    match = _TOPIC_CLAIM.search(topic)
    claim = content_words(match.group(1)) if match else frozenset()
    return len(claim) >= 2 and 2 * len(claim & words) >= len(claim)


def swapped_out_of_topic(item: QuizItem, topic: str) -> bool:
    """Whether a false statement swaps out the term the topic names for one it does not.

    The topic may name the term by its head noun (:func:`topic_names`): "Latent spaces
    and autoencoders" names "Variational Autoencoders (VAEs)" (fourth check sheet,
    eval/quiz_check4.md: raters called "Autoregressive Models compress data to learn
    latent representations" false by the topic).
    """
    original, swapped = item.meta.get("swap_from", ""), item.meta.get("swap_to", "")
    return bool(original) and topic_names(topic, original) and not topic_names(topic, swapped)


def topic_names(topic: str, term: str) -> bool:
    """Whether ``topic`` names ``term`` in a form of it or by its head noun.

    The head noun is the last word of the name, its bracketed acronym left out:
    "autoencoders" names Variational Autoencoders (VAEs), but "adversarial" does not
    name Generative Adversarial Networks — raters found "Flow-based Models use two
    networks—the generator and discriminator…" (False) fair in a quiz on adversarial
    training (eval/quiz_check4.md).
    """
    words = re.sub(r"\s*\([^)]*\)", "", term).split()
    head = answer_words(words[-1]) - _COMMON_NAME_WORDS if words else frozenset()
    return names_term(topic, term) or bool(head & _topic_words(topic))


_BRACKETED_SHORT_NAME = re.compile(r"\s*\((?:[^)\s]{1,4}|[^)\s]*[A-Z][^)\s]*[A-Z][^)\s]*)\)")
"""A bracketed acronym or symbol: "(MoE)", "(cM)", "(Ψp)"; not a bracketed word, "(numerical)"."""


def answer_words(answer: str) -> frozenset[str]:
    """The answer's content words and hyphenated parts, its bracketed acronym left out.

    "Mixture of Experts (MoE)" is two words, "Parameter-Efficient Fine-tuning" holds
    "efficient"; a clue or topic that names one of them helps type the answer. A
    bracketed word is the answer's too: "_____ take numerical values…" keyed
    "Quantitative (numerical) variables" (eval/quiz_check25_statistics.md, three raters
    of three).

    Example:
        >>> sorted(answer_words("Quantitative (numerical) variables"))
        ['numer', 'quantit', 'variabl']
        >>> sorted(answer_words("Mixture of Experts (MoE)"))
        ['expert', 'mixtur']
    """
    return compound_words(_BRACKETED_SHORT_NAME.sub("", answer)) or compound_words(answer)


def names_term(text: str, term: str) -> bool:
    """Whether ``text`` names ``term`` in any of its forms, acronym and expansion included."""
    forms = answer_forms(term) if term else []
    return any(folded_occurs(f, text) or acronym_spelled_out(f, text) for f in forms)


def _topic_words(topic: str) -> frozenset[str]:
    return compound_words(topic) - _TEMPLATE_WORDS - _TASK_STEMS


def echoes_topic(answer: str, others: Sequence[str], topic: str, question: str = "") -> bool:
    """Whether only ``answer``, of the options, shares words with the topic.

    "Bias mitigation, content safety, ethical considerations" among descriptions of other
    trends, in a quiz on "Ethical … risks … such as … bias": the topic picks it out.
    Words the question already holds are shared with every option alike.
    """
    return only_key_shares(answer, others, _topic_words(topic) - content_words(question))


def comparison_echoes_topic(item: QuizItem, topic: str) -> bool:
    """Whether the topic names a compared row and words only that row's description has.

    "How diffusion models generate images by reversing a noise process": a comparison
    of Diffusion Models ("Reverse noise process…") and Flow-based Models is paired by
    the topic line alone.
    """
    left, right, own, descriptions = _compared(item)
    if own is None:
        return False
    words = _topic_words(topic)
    for name, description in ((left, own[0]), (right, own[1])):
        if not content_words(name) & words - _COMMON_NAME_WORDS:
            continue
        others = [d for d in descriptions if normalize(d) != normalize(description)]
        if echoes_topic(description, others, topic, name):
            return True
        # "Evaluating language models with perplexity" pairs Perplexity with "Predictive
        # efficiency for LLMs": the topic spells the end of the acronym (eval/quiz_check4.md).
        for acronym in re.findall(r"\b[A-Z]{3,6}s?\b", description):
            if acronym_tail_spelled(acronym, topic) and not any(acronym in o for o in others):
                return True
    return False


def acronym_tail_spelled(acronym: str, text: str) -> bool:
    """Whether ``text`` spells out the last two or more letters of ``acronym``.

    "language models" spells the "LM" of LLMs, "adversarial networks" the "AN" of GANs.

    Example:
        >>> acronym_tail_spelled("LLMs", "Evaluating language models with perplexity")
        True
        >>> acronym_tail_spelled("FID", "Evaluating language models")
        False
    """
    letters = acronym[:-1] if acronym.endswith("s") else acronym
    return any(acronym_spelled_out(letters[-size:], text) for size in range(2, len(letters) + 1))


class Verifier:
    """Admits items that pass :func:`check_item` and ask something new; counts the rest."""

    def __init__(self, chunk_texts: Mapping[str, str], topic: str = "") -> None:
        self.chunk_texts = chunk_texts
        self.topic = topic
        """The quiz's topic or section, shown above every item: it must not name an answer."""
        self.accepted: list[QuizItem] = []
        self.dropped: Counter[str] = Counter()
        self.named_by_topic: Counter[tuple[str, str, str]] = Counter()
        """(source, title, section) of the items dropped because the topic names their answer."""

    def reason(self, item: QuizItem) -> str | None:
        """Why ``item`` would be dropped now, or None."""
        reason = check_item(item, self.chunk_texts.get(item.source.chunk_id))
        if reason is None and self.topic and answer_in_topic(item, self.topic):
            reason = "answer_in_topic"
        if reason is None and any(same_question(item, other) for other in self.accepted):
            reason = "duplicate"
        return reason

    def admit(self, item: QuizItem) -> bool:
        """Accept ``item`` or count why not."""
        reason = self.reason(item)
        if reason is not None:
            self.dropped[reason] += 1
            if reason == "answer_in_topic":
                source = item.source
                self.named_by_topic[(source.source, source.title, source.section)] += 1
            log.debug("dropped quiz item (%s): %s", reason, item.question)
            return False
        self.accepted.append(item)
        return True
