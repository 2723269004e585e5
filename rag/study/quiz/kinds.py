"""Items of the kinds a passage's structure supports: order, comparison and true/false.

An arrow line or a timeline table gives "which step comes right after X?"; two rows
of a table the topic is about give "how does the course tell A and B apart?"; a
sentence gives a true statement, or a false one with one term swapped for an
unrelated term of the same kind. Each is checked like every other item
(:mod:`rag.study.quiz.verify`).

Example:
    >>> from rag.study.quiz.kinds import related
    >>> from rag.study.quiz.units import Term
    >>> gans = Term("GANs", "acronym")
    >>> related("CycleGAN", gans), related("Transformers", gans)
    (True, False)
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from ingest.scan import looks_like_instruction
from rag.schema import Passage
from rag.study.quiz.distractors import PoolTerm, known_aliases, pick_distractors, shape
from rag.study.quiz.drafts import (
    GUESSABLE_MARGIN,
    Draft,
    Material,
    _explanation,
    _source,
    telling_words,
)
from rag.study.quiz.facts import _DEFINING_VERBS
from rag.study.quiz.grading import fold
from rag.study.quiz.matching import (
    acronym_spelled_out,
    compound_words,
    content_words,
    normalize,
    pairing_given_away,
)
from rag.study.quiz.model import (
    BLANK,
    STATEMENT_PREFIX,
    TRUE_FALSE,
    ItemSource,
    ItemType,
    QuizItem,
    Similarity,
    comparison_option,
)
from rag.study.quiz.relevance import (
    distinctive_words,
    heading_names_topic,
    part_on_topic,
    statement_on_topic,
    word_forms,
)
from rag.study.quiz.units import (
    _ARROW,
    REFERENCE_LINE,
    Block,
    Term,
    Unit,
    find_terms,
    leaf,
    sequences,
    table_blocks,
)
from rag.study.quiz.verify import swapped_out_of_topic


def _best_relevance(units: Sequence[Unit], index: int, start: int, end: int) -> float | None:
    """Relevance of the most relevant unit of passage ``index`` inside [start, end)."""
    inside = [u.relevance for u in units if u.passage == index and start <= u.start < end]
    return max(inside) if inside else None


def structure_drafts(
    material: Material, units: Sequence[Unit], types: Sequence[ItemType], rng: random.Random
) -> list[Draft]:
    """Order, comparison and true/false items from the relevant parts of the passages.

    Only sequences, tables and sentences that hold a relevant unit are used, so the
    topic filter applies to them as to every other item; a table must be about the
    topic as a whole (:func:`part_on_topic`), and a statement about the topic as a
    whole (:func:`statement_on_topic`), since each is asked about whole.
    """
    drafts: list[Draft] = []
    passages = material.passages
    for index, passage in enumerate(passages):
        where = leaf(passage.section, passage.title)
        for quote, steps, noun, start, end in sequences(passage):
            relevance = _best_relevance(units, index, start, end)
            inside = sum(u.passage == index and start <= u.start < end for u in units)
            if noun == "step" or not part_on_topic("", inside, len(steps), material.weights,
                                                   steps):  # fmt: skip
                # One step or timeline row that names the topic ("Evaluation" in a
                # pipeline, for a quiz on evaluation metrics) is not what it is about.
                relevance = None
            if relevance is None and heading_names_topic(passage.section, material.weights):
                # A bare "A → B → C" line says little to an embedding; a section
                # heading that names the topic ("8. Pipeline of …") does.
                relevance = _best_relevance(units, index, 0, len(passage.text))
            if relevance is None:
                continue
            drafts.extend(_order_drafts(passage, index, quote, steps, noun, where, types, rng,
                                        relevance))  # fmt: skip
        if "mcq" in types:
            for block in table_blocks(passage.text):
                inside = sum(
                    u.passage == index and block.start <= u.start < block.end for u in units
                )
                heading = f"{passage.section} {' '.join(block.header)}"
                names = [cells[0] for _, _, cells in block.rows]
                if part_on_topic(heading, inside, len(block.rows), material.weights, names):
                    drafts.extend(_comparison_drafts(passage, index, block, units, where, rng,
                                                     material.similar))  # fmt: skip
    if "tf" in types:
        for unit in units:
            section = passages[unit.passage].section
            if not statement_on_topic(section, unit.text, material.weights, material.topic):
                continue
            drafts += _statement_drafts(passages[unit.passage], unit, material, rng)
    return drafts


def _order_drafts(
    passage: Passage,
    index: int,
    quote: str,
    steps: list[str],
    noun: str,
    where: str,
    types: Sequence[ItemType],
    rng: random.Random,
    relevance: float,
) -> list[Draft]:
    drafts = []
    source = ItemSource(passage.source, passage.title, passage.section, quote, passage.id)
    sequence = " → ".join(steps)
    explanation = f"According to “{where}”, the order is: {sequence}."
    place = "timeline" if noun != "step" else "pipeline"
    for position, anchor in enumerate(steps):
        for direction, offset in (("after", 1), ("before", -1)):
            target = position + offset
            if not 0 <= target < len(steps):
                continue
            answer = steps[target]
            question = (
                f"In the course's {place} on “{where}”, which {noun} comes right {direction} "
                f"“{anchor}”?"
            )
            others = [s for s in steps if s not in (anchor, answer)]
            meta = {direction: anchor}
            if "mcq" in types and len(others) >= 3:
                options = [answer, *rng.sample(others, 3)]
                rng.shuffle(options)
                drafts.append(Draft(QuizItem(
                    "mcq", question, answer, explanation, source, options, "medium",
                    kind="order", meta=meta), index, relevance))  # fmt: skip
            if "short" in types:
                drafts.append(Draft(QuizItem(
                    "short", question, answer, explanation, source, [], "hard",
                    kind="order", meta=meta), index, relevance))  # fmt: skip
    return drafts


def _comparison_drafts(
    passage: Passage,
    index: int,
    block: Block,
    units: Sequence[Unit],
    where: str,
    rng: random.Random,
    similar: Similarity,
) -> list[Draft]:
    """Two rows of a table the topic is about, told apart by a descriptive column."""
    column = next(
        (c for c in range(1, len(block.header))
         if "example" not in block.header[c].lower()
         and all(len(cells[c].split()) >= 3 for _, _, cells in block.rows)),
        None,
    )  # fmt: skip
    if column is None:
        return []
    relevance = {
        r: rel
        for r, (start, end, _) in enumerate(block.rows)
        if (rel := _best_relevance(units, index, start, end + 1)) is not None
    }
    drafts = []
    for first in sorted(relevance, key=lambda r: -relevance[r])[:3]:
        partners = sorted(
            (r for r in range(len(block.rows)) if r != first),
            key=lambda r: (-relevance.get(r, -1.0), abs(r - first)),
        )
        picked = _pairing_rows(block, column, first, partners, rng, similar)
        if picked is None:
            continue
        (a_row, b_row, c_row), partner = picked
        left, right = block.rows[a_row][2][0], block.rows[b_row][2][0]
        a, b, c = (block.rows[r][2][column].rstrip(" .") for r in (a_row, b_row, c_row))
        answer = comparison_option(left, a, right, b)
        options = [
            answer,
            comparison_option(left, b, right, a),
            comparison_option(left, c, right, a),
            comparison_option(left, b, right, c),
        ]
        rng.shuffle(options)
        quote = passage.text[block.rows[a_row][0] : block.rows[b_row][1]]
        source = ItemSource(passage.source, passage.title, passage.section, quote, passage.id)
        name = block.header[column].lower() or "description"
        question = f"How does the course's “{where}” tell {left} and {right} apart ({name})?"
        explanation = (
            f"According to “{where}”: {left} — {a}; {right} — {b}; the other options mix "
            f"these up or take another row's {name}."
        )  # fmt: skip
        meta = {"left": left, "right": right}
        rel = (relevance[first] + relevance.get(partner, relevance[first])) / 2
        item = QuizItem("mcq", question, answer, explanation, source, options, "medium",
                        kind="comparison", meta=meta)  # fmt: skip
        drafts.append(Draft(item, index, rel))
    return drafts


def _pairing_rows(
    block: Block,
    column: int,
    first: int,
    partners: Sequence[int],
    rng: random.Random,
    similar: Similarity,
) -> tuple[tuple[int, int, int], int] | None:
    """The rows to compare and offer, for the first partner nothing gives away.

    Neither a shared word (:func:`pairing_given_away`) nor meaning
    (:func:`pairing_guessable`) may pair the rows.

    Returns ((left row, right row, third row), partner), or None when no partner fits.
    """
    for partner in partners:
        a_row, b_row = sorted((first, partner))
        third = [r for r in range(len(block.rows)) if r not in (a_row, b_row)]
        if not third:
            return None
        c_row = rng.choice(third)
        name = [block.rows[r][2][0] for r in (a_row, b_row)]
        cells = [block.rows[r][2][column].rstrip(" .") for r in (a_row, b_row, c_row)]
        if pairing_given_away(list(zip(name, cells[:2], strict=True)), cells):
            continue
        if pairing_guessable(name[0], cells[0], name[1], cells[1], similar):
            continue
        return (a_row, b_row, c_row), partner
    return None


def pairing_guessable(left: str, a: str, right: str, b: str, similar: Similarity) -> bool:
    """Whether two rows' names point at their own descriptions, so meaning pairs them.

    "Image Generation — Creates realistic or stylized visuals" and "Code Generation —
    Writes and debugs programs": a student pairs them without the course. Measured as
    how much closer (cosine, summed over both rows) the right pairing is than the
    swapped one; the modality and application tables score 0.32-0.58, metric, model
    family, era and outlook rows -0.13 to +0.04. At least twice
    :data:`rag.study.quiz.drafts.GUESSABLE_MARGIN` is guessable.
    """
    left, right, a, b = map(telling_words, (left, right, a, b))
    right_pairing = similar(left, [a, b])
    swapped = similar(right, [a, b])
    margin = right_pairing[0] + swapped[1] - right_pairing[1] - swapped[0]
    return margin >= 2 * GUESSABLE_MARGIN


def related(candidate: str, term: Term) -> bool:
    """Whether a swap could still make a true statement: one term names a kind of the other.

    "CycleGAN" for "GANs" (a CycleGAN is a GAN) or "GANs" for "Generative AI" (GANs are
    generative AI) share a name part or a word; a false statement needs an unrelated term.
    """
    names = [term.text, *term.aliases]
    folded = fold(candidate).replace(" ", "")
    for name in names:
        short = fold(name).replace(" ", "")
        if short and (short in folded or folded in short):
            return True
        if content_words(candidate) & content_words(name):
            return True
    return False


_PREDICATE_STARTS = frozenset(
    {"used", "helps", "allows", "enables", "ideal", "often", "also", "can", "may", "and",
     "but", "or", "which", "then", "great", "good"}
)  # fmt: skip
"""First words of a sentence whose subject is in the sentence before it."""
_REFERRING_STARTS = frozenset(
    {"it", "its", "they", "their", "them", "this", "these", "those", "he", "she", "his",
     "her", "such"}
)  # fmt: skip
"""A pronoun or determiner pointing back: "These models simulate…" alone names no model."""
_READER_STARTS = frozenset({"students", "learners", "you", "we", "readers", "participants"})
"""What the reader can do ("Students can build simple text generators…") is no course fact."""
_NO_STATEMENT_STARTS = _REFERRING_STARTS | _READER_STARTS


_BARE_VERBS = frozenset(
    {"predict", "generate", "use", "create", "learn", "build", "train", "produce",
     "optimize", "encode", "compress", "start", "reverse", "synthesize", "write", "apply",
     "fine-tune", "evaluate", "combine", "map", "convert", "transform", "detect", "design",
     "measure", "make", "turn", "add", "remove", "improve", "reduce", "enable", "support"}
)  # fmt: skip
"""Verbs a list item starts with when its subject is the heading above it ("Predict the
next word/token in a sequence." under "Large Language Models"): no statement alone."""


TAGLINE = re.compile(r"[—–]\s*(?:how|why|what|where|when)\b", re.IGNORECASE)
"""A headline, not a claim: "From chatbots to novel writing—how AI learns to speak…"."""
POINTING_BACK = re.compile(r"\b(?:these|those)\b|\bfor this\b|\bof this\b", re.IGNORECASE)
"""A determiner pointing back inside a sentence: "By optimizing millions of parameters, these
models capture…" says nothing alone, whatever its first word."""
HEDGE = re.compile(r"\b(?:promises?|may|might|could|will)\b", re.IGNORECASE)
"""A forecast or a possibility ("will reshape", "promise systems that…"): no fact to recall."""
LABEL_LINE = re.compile(r"^[^:.!?]{1,60}:\s")
"""A list or definition line, "Label: what it is": a definition item asks it better."""
DASH_DEFINITION = re.compile(r"^[^–—]{1,80}\s[–—]\s(?:for|to)\b", re.IGNORECASE)
"""A list line pairing a term with its use ("BLEU, ROUGE – for text overlap."): no
statement, so no true/false item as it stands."""


def _statement_drafts(
    passage: Passage, unit: Unit, material: Material, rng: random.Random
) -> list[Draft]:
    """True/false items from one sentence: the sentence itself, and with one term swapped.

    A true statement the course says verbatim is easy to make from any sentence; a
    false one needs a swappable term, which many sentences lack. A sentence with a
    false version gives both, and the quiz takes one of them, alternating true and
    false (:func:`rag.study.quiz.selection.select_items`); a sentence without one is
    offered as true only half the time (seeded ``rng``), or true statements would
    outnumber false ones.
    """
    text = unit.text.strip()
    if unit.line.strip().startswith("|") or not 7 <= len(text.split()) <= 30:
        return []
    if not text.endswith(".") or _ARROW.search(text) or looks_like_instruction(text):
        return []  # a heading, a learning objective or a pipeline is no statement
    first = text.split()[0].lower().strip(",.;:")
    if first in _PREDICATE_STARTS | _BARE_VERBS or first.endswith(("ful", "able", "ible")):
        return []  # "Useful for latent representation learning." says of what?
    source = _source(unit, passage)
    explanation = _explanation(unit, passage)
    false = _false_statement(text, unit, material, rng, source, explanation)
    draw = rng.random()
    if (
        first in _NO_STATEMENT_STARTS
        or POINTING_BACK.search(text)
        or LABEL_LINE.match(text)
        or REFERENCE_LINE.search(text)
        or TAGLINE.search(text)
    ):
        # "It was developed in 2022…": true or false of what? The sentence before says.
        # "Neural Rendering & 3D Diffusion: Text-to-3D pipelines." labels, it states
        # nothing; with a term swapped ("GANs: Two networks compete (Transformers
        # creates…") the edit shows. A reference ("Goodfellow et al., Generative
        # Adversarial Nets (2014) — introduced GANs") is true by its title. Checked
        # after the draws, so the seeded choices of every other statement stay the same.
        return []
    drafts = [false] if false is not None else []
    if topic_names_subject(text, material) and (
        false is None or swapped_out_of_topic(false.item, material.topic)
    ):
        # In a quiz on how GANs work, "GANs use competition between networks…" has
        # no fair false twin ("VAEs use competition…" is false by the topic line), so
        # a statement about GANs there is true by the topic alone.
        return []
    subject = content_words(statement_subject(text))
    about_the_course = bool(subject) and all(map(material.common, subject))
    if false is None and (HEDGE.search(text) or about_the_course or topic_vouches(text, material)):
        # "Advances in multimodal AI promise systems that…": a hope, not a fact;
        # "Generative AI is a type of AI that can produce…" is about what the whole
        # course is about; and a statement whose names the topic names is vouched for
        # by it. With no false version to tell them from, nobody says false.
        return drafts
    if false is None and (draw >= 0.5 or not names_something(text, material)):
        # With no false version, a true statement must at least name something to
        # recall: "Generative AI is transforming industries…" is true at sight.
        return drafts
    if DASH_DEFINITION.match(text):
        return drafts  # "FID – for image realism." has no verb to be true of
    item = QuizItem("tf", STATEMENT_PREFIX + text, "True", explanation, source,
                    list(TRUE_FALSE), "easy", kind="truefalse")  # fmt: skip
    return [*drafts, Draft(item, unit.passage, unit.relevance)]


def _false_statement(
    text: str,
    unit: Unit,
    material: Material,
    rng: random.Random,
    source: ItemSource,
    explanation: str,
) -> Draft | None:
    """The sentence with its first swappable key term replaced by an unrelated one, or None.

    The term swapped in is of the same kind, one the material does not state in its
    place (:func:`pick_distractors`), not a kind of the original (:func:`related`) and
    at least :data:`SWAP_SIMILAR` similar to it.
    """
    terms = find_terms(unit.quote)
    for term in terms[:2]:
        if shape(term.text, unit.quote) == "title":
            continue  # a title names its subject: swapped, it contradicts "— introduced VAEs"
        if _named_again(term, terms, material.pool):
            continue
        blanked = re.sub(r"(?<!\w)" + re.escape(term.text) + r"(?!\w)", BLANK, text, count=1)
        if BLANK not in blanked:
            continue
        # Only terms the course defines (list and table heads) are swapped in: a random
        # capitalised phrase ("Creative Power of Machines") makes an absurd statement.
        # A term of the original's own list or table column first ("VAEs" for "GANs"
        # from the list of key models): a trend heading swapped in reads false at sight.
        group = _own_group(term, material.pool)
        picked = pick_distractors(term, group, "head", unit.quote, blanked, material.pool,
                                  material.lines, material.similar, rng)  # fmt: skip
        if not picked:
            continue
        unrelated = [
            (text, score)
            for text, score in picked
            if not related(text, term) and score >= SWAP_SIMILAR
            and not plain_word_for_name(term.text, text)
            and shape(text) == shape(term.text)  # not "Mistral, xAI, Cohere’s MuseNet"
        ]  # fmt: skip
        # Only a mate of the original's own list or table column is surely of its kind:
        # "Creative Tools is transforming industries…" (for Generative AI) and "Models
        # like Specialized Generative AI and transformers" (for RNNs) were false at sight.
        mates = [pair for pair in unrelated if group and group in _groups(pair[0], material.pool)]
        if not mates:
            continue
        swapped = max(mates, key=lambda pair: pair[1])[0]  # the most plausible swap
        statement = blanked.replace(BLANK, swapped)
        item = QuizItem(
            "tf", STATEMENT_PREFIX + statement, "False",
            f"False: the course says “{term.text}”, not “{swapped}”. {explanation}",
            source, list(TRUE_FALSE), "medium", kind="truefalse",
            meta={"swap_from": term.text, "swap_to": swapped},
        )  # fmt: skip
        return Draft(item, unit.passage, unit.relevance)
    return None


_SPECIFIC_WORD = re.compile(
    r"(?<![\w-])(?:[A-Z][\w-]*|[\w-]*\d[\w-]*"
    r"|(?i:two|three|four|five|six|seven|eight|nine|ten|hundreds?|thousands?|millions?"
    r"|billions?))(?![\w-])"
)
"""A name, an acronym or a number: "GPT", "PaLM", "T5", "2014", "two networks"."""


def topic_vouches(text: str, material: Material) -> bool:
    """Whether the topic names most of what a statement names, so the topic line says it.

    "Students can build … using open-source frameworks like TensorFlow, PyTorch, or
    Hugging Face", in a quiz on tools such as Hugging Face Transformers and PyTorch.
    """
    if not material.topic:
        return False
    topic_stems = compound_words(material.topic)
    names = [w for w in _SPECIFIC_WORD.findall(text.partition(" ")[2]) if content_words(w)]
    vouched = [w for w in names if content_words(w) <= topic_stems]
    return bool(names) and 2 * len(vouched) >= len(names)


def names_something(text: str, material: Material) -> bool:
    """Whether a statement names something a student must recall: a name or a number.

    Not its first word unless a name ("Generative" is capitalised anyway), not what
    the topic names or spells out ("NLG" in a quiz on natural language generation),
    and not what more than half of the material's passages name, when there are three
    or more ("AI" in a course on generative AI).
    """
    topic_stems = content_words(material.topic) | set(material.weights or {})
    first, _, rest = text.partition(" ")
    words = _SPECIFIC_WORD.findall(rest)
    if _NAME_LIKE.match(first.strip(",.;:")):
        words.append(first.strip(",.;:"))  # "LLMs predict…", not "Generative models…"
    for word in words:
        if material.topic and acronym_spelled_out(word, material.topic):
            continue
        if any(not material.common(stem) for stem in content_words(word) - topic_stems):
            return True
    return False


_SUBJECT_ENDS = frozenset(_DEFINING_VERBS | _BARE_VERBS | {"promise", "promises"})
"""Verbs that end a statement's subject ("GANs *use* two networks…")."""


def statement_subject(text: str) -> str:
    """What a statement is about: the words before its first verb (within ten), or its first five.

    An opening phrase set off by a comma ("Released in 2018, BERT was…") is skipped.

    Example:
        >>> statement_subject("MuseNet and Magenta are pioneers in AI-generated music.")
        'MuseNet and Magenta'
        >>> statement_subject("Advances in multimodal AI promise systems that generate…")
        'Advances in multimodal AI'
        >>> statement_subject("Released in 2018, Bidirectional Encoder Representations from "
        ...                   "Transformers (BERT) was one of the first foundation models.")
        'Bidirectional Encoder Representations from Transformers (BERT)'
    """
    opening = re.match(r"^\w+(?:ed|ing)\b[^,]{0,40},\s+", text)
    words = text[opening.end() if opening else 0 :].split()
    for position, word in enumerate(words[1:10], start=1):
        if word.lower().strip(",.;:") in _SUBJECT_ENDS:
            return " ".join(words[:position])
    return " ".join(words[:5])


def topic_names_subject(text: str, material: Material) -> bool:
    """Whether the quiz's topic names what a statement is about, in a form of its words.

    "Generative Adversarial Networks (GANs) use two networks…" in a quiz on how
    generative adversarial networks work; "Advances in multimodal AI promise…" in one on
    multimodal generative models. Only distinctive topic words count
    (:func:`rag.study.quiz.relevance.distinctive_words`), matched by word form.
    """
    if not material.topic:
        return False
    distinctive = distinctive_words(material.weights)
    shared = word_forms(statement_subject(text)) & word_forms(material.topic)
    return any(content_words(form) & distinctive for form in shared)


_NAME_LIKE = re.compile(r"^(?=\w*[A-Z0-9]\w*[A-Z0-9])[\w-]+$")
"""One word with two capitals or digits: an acronym or a model name ("GPT", "GANs", "T5")."""


def plain_word_for_name(original: str, swapped: str) -> bool:
    """Whether ``swapped`` is an ordinary word put in place of a name or acronym.

    "Models like GPT, T5, and PaLM…" became "Models like Training, T5, and PaLM…" (a
    list head of the same passage): false, but no model is called "Training".

    Example:
        >>> plain_word_for_name("GPT", "Training"), plain_word_for_name("GANs", "VAEs")
        (True, False)
    """
    plain = len(swapped.split()) == 1 and not _NAME_LIKE.match(swapped)
    return bool(_NAME_LIKE.match(original)) and plain


def _named_again(term: Term, terms: Sequence[Term], pool: Sequence[PoolTerm]) -> bool:
    """Whether another term of the sentence names ``term`` too, so a swap contradicts it.

    "Goodfellow et al., *Generative Adversarial Nets* (2014) — introduced GANs": with
    "VAEs" swapped in for "GANs" the title still says GANs, and the statement is false
    on its face. The term's aliases in the pool count ("VAEs" is "Variational
    Autoencoders", named by "Auto-Encoding Variational Bayes").
    """
    aliases = known_aliases(term.text, pool)
    full = Term(term.text, term.kind, term.group, (*term.aliases, *sorted(aliases)))
    names = [full.text, *full.aliases]
    others = [t.text for t in terms if normalize(t.text) not in {normalize(n) for n in names}]
    return any(
        related(other, full) or any(acronym_spelled_out(name, other) for name in names)
        for other in others
    )


def _groups(text: str, pool: Sequence[PoolTerm]) -> set[str]:
    """The list and table-column groups the pool saw ``text`` in."""
    key = normalize(text)
    return {g for entry in pool if normalize(entry.term.text) == key for g in entry.groups}


def _own_group(term: Term, pool: Sequence[PoolTerm]) -> str:
    """A group (list or table column) of ``term`` or one of its aliases; "" if none."""
    groups = set().union(*(_groups(name, pool) for name in [term.text, *term.aliases]))
    return min(groups) if groups else ""


SWAP_SIMILAR = 0.3
"""A false statement's swapped-in term must be at least this similar (cosine) to the
original: "Fine-tuning creates synthetic data" is false, but fools nobody."""
