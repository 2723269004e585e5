"""Items of the kinds a passage's structure supports: order, comparison and true/false.

An arrow line or a timeline table gives "which step comes right after X?"; two rows
of a table the topic is about give "how does the course tell A and B apart?"; a
sentence gives a true statement, or a false one with one term swapped for an
unrelated term of the same kind. Each is checked like every other item
(:mod:`rag.study.quiz.verify`).

True/false statements are made in :mod:`rag.study.quiz.statements`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping, Sequence
from itertools import islice

from rag.schema import Passage
from rag.study.quiz.drafts import (
    GUESSABLE_MARGIN,
    Draft,
    Material,
    _explanation,
    _source,
    self_describing,
    telling_words,
)
from rag.study.quiz.matching import named_after, names_a_row, pairing_given_away
from rag.study.quiz.model import (
    STATEMENT_PREFIX,
    TRUE_FALSE,
    ItemSource,
    ItemType,
    QuizItem,
    Similarity,
    comparison_option,
    typeable,
)
from rag.study.quiz.relevance import (
    heading_names_topic,
    name_names_topic,
    part_on_topic,
    rows_about_topic,
    statement_on_topic,
)
from rag.study.quiz.siblings import sibling_swaps
from rag.study.quiz.statements import _swapped_draft, statement_drafts
from rag.study.quiz.timelines import (
    POINTING,
    as_near,
    dates_against_dates,
    is_timeline,
    named_by_dates,
    numbered_items,
    ordered_by_names,
    overlapping_periods,
    sequences,
    step_periods,
)
from rag.study.quiz.units import _ARROW, Block, Unit, leaf, table_blocks
from rag.text.markdown import clean_markdown


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
            if noun == "step" or not (material.whole_section or part_on_topic(
                    "", inside, len(steps), material.weights, steps)):  # fmt: skip
                # One step or timeline row that names the topic ("Evaluation" in a
                # pipeline, for a quiz on evaluation metrics) is not what it is about.
                relevance = None
            if relevance is None and (
                material.whole_section or heading_names_topic(passage.section, material.weights)
            ):
                # A bare "A → B → C" line says little to an embedding; a section
                # heading that names the topic ("8. Pipeline of …") does.
                relevance = _best_relevance(units, index, 0, len(passage.text))
            if relevance is None:
                continue
            ordered = _order_drafts(passage, index, quote, steps, noun, where, types, rng,
                                    relevance)  # fmt: skip
            if noun != "step" and (span := topic_span(steps, material.weights)) is not None:
                # "Which event comes right after Psamtik I founds the Saite 26th
                # Dynasty?" is no item on Cleopatra, though her section's timeline has it.
                own = {steps[i] for i in span}
                ordered = [d for d in ordered if {d.item.answer, *d.item.meta.values()} <= own]
            drafts.extend(ordered)
        if "mcq" in types:
            for block in table_blocks(passage.text):
                inside = sum(
                    u.passage == index and block.start <= u.start < block.end for u in units
                )
                heading = f"{passage.section} {' '.join(block.header)}"
                names = [cells[0] for _, _, cells in block.rows]
                named = heading_names_topic(heading, material.weights)
                about = rows_about_topic(names, material.weights, named)
                if about == set():
                    continue  # a table of the topic's siblings (Macedonian Wars, for Punic)
                if material.whole_section or part_on_topic(
                    heading, inside, len(block.rows), material.weights, names
                ):
                    compared = _comparison_drafts(passage, index, block, units, where, rng,
                                                  material.similar)  # fmt: skip
                    if about is not None:
                        # Realism beside Post-Impressionism is no item on Impressionism:
                        # one side of a comparison is a row the topic names.
                        rows = {names[i] for i in about}
                        compared = [
                            d
                            for d in compared
                            if {d.item.meta["left"], d.item.meta["right"]} & rows
                        ]
                    events = [cells[1] if len(cells) > 1 else "" for _, _, cells in block.rows]
                    span = topic_span(events, material.weights) if is_timeline(block) else None
                    if span is not None:
                        # A timeline is about the topic between its first and last row
                        # that name it: "525 and 404" is the Persian period, not Cleopatra.
                        rows = {names[i] for i in span}
                        compared = [
                            d
                            for d in compared
                            if {d.item.meta["left"], d.item.meta["right"]} <= rows
                        ]
                    drafts.extend(compared)
    if "tf" in types:
        for index, passage in enumerate(passages):
            drafts += _sibling_drafts(index, passage, units)
        for unit in units:
            section = passages[unit.passage].section
            if not material.whole_section and not statement_on_topic(
                section, unit.text, material.weights, material.topic
            ):
                continue  # every sentence of a chosen section is about it
            drafts += statement_drafts(passages[unit.passage], unit, material, rng)
    return drafts


def _sibling_drafts(index: int, passage: Passage, units: Sequence[Unit]) -> list[Draft]:
    """A true statement and its false twin from each item of a parallel numbered list.

    Only from relevant units (the quiz's topic filter), quoted as the unit is.
    """
    by_text = {" ".join(u.text.split()): u for u in units if u.passage == index}
    drafts = []
    swaps = sibling_swaps(numbered_items(passage.text))
    # A true statement about a stage that a false one swaps in settles that one
    # (:func:`rag.study.quiz.selection.reveals_swap`): only the others are offered true.
    swapped_in = {swap.swapped for swap in swaps}
    for swap in swaps:
        unit = by_text.get(" ".join(swap.true.split()))
        if unit is None:
            continue
        source, explanation = _source(unit, passage), _explanation(unit, passage)
        drafts.append(_swapped_draft(swap.false, swap.original, swap.swapped, unit, source,
                                     explanation))  # fmt: skip
        if swap.original not in swapped_in:
            true = QuizItem("tf", STATEMENT_PREFIX + swap.true, "True", explanation, source,
                            list(TRUE_FALSE), "easy", kind="truefalse")  # fmt: skip
            drafts.append(Draft(true, index, unit.relevance))
    return drafts


def topic_span(events: Sequence[str], weights: Mapping[str, float] | None) -> range | None:
    """The rows of a timeline from the first to the last whose event names the topic.

    A timeline in a topic's own section often starts centuries before it: "9. Cleopatra
    VII and the Roman Annexation" dates Psamtik I, Cambyses II and Alexander before
    Cleopatra's accession, and six items on them were off topic
    (eval/quiz_check23_egypt.md, three raters of three). The rows between two that name
    the topic ("Battle of Actium", between her accession and her death) are its own.
    None when no row names the topic (its heading decides, :func:`part_on_topic`) or the
    span is the whole timeline.

    Example:
        >>> weights = {"cleopatra": 2.0, "roman": 1.5, "egypt": 0.1}
        >>> topic_span(["Cambyses II conquers Egypt", "Accession of Cleopatra VII",
        ...             "Battle of Actium", "Egypt becomes a Roman province"], weights)
        range(1, 4)
    """
    named = [i for i, event in enumerate(events) if name_names_topic(event, weights)]
    if not named or (named[0] == 0 and named[-1] == len(events) - 1):
        return None
    return range(named[0], named[-1] + 1)


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
    if named_by_dates(steps):
        return []  # the order of dates is the calendar's, not the course's
    if any(step.split()[0].lower() in POINTING for step in steps if step.split()):
        return []  # "December 1, 1955", then "That night": a story told, no named steps
    drafts = []
    source = ItemSource(passage.source, passage.title, passage.section, quote, passage.id)
    sequence = " → ".join(steps)
    explanation = f"According to “{where}”, the order is: {sequence}."
    # "The course's pipeline on “The four stages”" read wrong of a numbered list of the
    # stages of respiration: a pipeline is drawn with arrows.
    arrows = _ARROW.search(clean_markdown(quote)) is not None
    place = "timeline" if noun != "step" else "pipeline" if arrows else "sequence"
    periods = step_periods(quote) if noun != "step" else None
    if periods is not None and len(periods) != len(steps):
        periods = None
    for position, anchor in enumerate(steps):
        if steps.count(anchor) > 1:
            # "Which president comes right after “François Mitterrand (Socialist)”?" was
            # keyed with Mitterrand himself: two cohabitations, one president, two rows
            # (eval/quiz_check28_comparative_politics.md, three raters of three).
            continue
        for direction, offset in (("after", 1), ("before", -1)):
            target = position + offset
            if not 0 <= target < len(steps):
                continue
            if periods and overlapping_periods(periods[position], periods[target]):
                # "1879–1885 Attenuated vaccines" then "1882 Phagocytosis in starfish
                # larvae": which came right after is a matter of dates, not of the
                # table's order (eval/quiz_check15_immunology.md, three raters of three).
                continue
            beyond = target + offset
            if periods and 0 <= beyond < len(steps) and as_near(periods, target, beyond):
                # "Right after Aristotle": Malpighi, 1669, and Swammerdam, 1669, both are
                # (eval/quiz_check60_eight_courses.md, two items, raters' majority: incorrect).
                continue
            answer = steps[target]
            if names_alike(anchor, answer):
                continue  # "right after Vologases IV": Vologases V (sheet 43, three of three)
            question = (
                f"In the course's {place} on “{where}”, which {noun} comes right {direction} "
                f"“{anchor}”?"
            )
            others = _order_distractors(steps, position, target)
            meta = {direction: anchor}
            if "mcq" in types and len(others) >= 3:
                options = [answer, *others[:3]]
                rng.shuffle(options)
                drafts.append(Draft(QuizItem(
                    "mcq", question, answer, explanation, source, options, "medium",
                    kind="order", meta=meta), index, relevance))  # fmt: skip
            if "short" in types and typeable(answer):
                drafts.append(Draft(QuizItem(
                    "short", question, answer, explanation, source, [], "hard",
                    kind="order", meta=meta), index, relevance))  # fmt: skip
    return drafts


_NUMBERED = re.compile(r"^(.+?)\s+(?:[IVXL]+|\d+)\b")
_NAME_WORD = re.compile(r"\b[A-Z][\w'’-]{3,}")


def names_alike(one: str, other: str) -> bool:
    """Whether two steps are one name with different numbers, or share a surname.

    Counting orders "Vologases IV" and "Vologases V" (sheets 43 and 44: four items, three
    raters of three, given away); "John von Neumann" points at "von Neumann and Oskar
    Morgenstern" (sheet 46, two items, the same). Steps that open with one word ("Zone
    in transition", "Zone of better residences"; "Koch shows…", "Koch identifies…") are
    fair: of the six rated, none was given away.

    Example:
        >>> names_alike("Vologases IV", "Vologases V"), names_alike("Cyrus II", "Darius I")
        (True, False)
        >>> names_alike("John von Neumann", "von Neumann and Oskar Morgenstern")
        True
        >>> names_alike("Zone in transition", "Zone of better residences")
        False
    """
    first, second = _NUMBERED.match(one), _NUMBERED.match(other)
    if first and second and first.group(1) == second.group(1):
        return True
    shared = {m.group() for m in _NAME_WORD.finditer(one)} & {
        m.group() for m in _NAME_WORD.finditer(other)
    }
    return any(not (one.startswith(word) and other.startswith(word)) for word in shared)


def _order_distractors(steps: Sequence[str], anchor: int, answer: int) -> list[str]:
    """The other steps, those on the answer's side of the anchor first, nearest first.

    "Which comes right after Transformers?" offered three steps that all come before
    it, so the key was the only later one (a rater, eval/quiz_review.md round S): the
    steps past the answer go first, then those on the anchor's other side.
    """
    step = 1 if answer > anchor else -1
    beyond = range(answer + step, len(steps) if step > 0 else -1, step)
    behind = range(anchor - step, -1 if step > 0 else len(steps), -step)
    taken = {steps[anchor], steps[answer]}
    return list(dict.fromkeys(steps[i] for i in (*beyond, *behind) if steps[i] not in taken))


FEATURE_HEADERS = frozenset(
    {"", "feature", "features", "aspect", "aspects", "property", "properties",
     "characteristic", "characteristics", "criterion", "criteria", "attribute", "dimension"}
)  # fmt: skip
"""First-column headers of a table that compares its columns."""


MAX_ERA_GAP = 2
"""Rows apart two eras of a timeline may be to be compared (and to lend a distractor).

"1980s–1990s — Unified models across modalities; 2025–Present — Early statistical text
generators" is absurd by its dates alone: raters failed such options as implausible
(eval/quiz_review.md, round R)."""
PARTNERS_PER_ROW = 2
"""Rows each of a table's most relevant rows is compared with: a quiz on the evolution
of generative AI can ask 2000s against 2014–2017 and 2014–2017 against 2018–2020."""


def _comparison_drafts(
    passage: Passage,
    index: int,
    block: Block,
    units: Sequence[Unit],
    where: str,
    rng: random.Random,
    similar: Similarity,
) -> list[Draft]:
    """Two rows of a table the topic is about, told apart by a descriptive column.

    A table whose first column names features ("| Feature | Mitosis | Meiosis |")
    compares its columns, not its rows: "Reactants" and "Electron carrier" are not two
    things to tell apart.
    """
    if clean_markdown(block.header[0]).strip().lower() in FEATURE_HEADERS:
        return []
    column = next(
        (c for c in range(1, len(block.header))
         if "example" not in block.header[c].lower()
         and all(len(cells[c].split()) >= 3 for _, _, cells in block.rows)),
        None,
    )  # fmt: skip
    if column is None or parallel_columns(block.header[0], block.header[column]):
        return []
    relevance = {
        r: rel
        for r, (start, end, _) in enumerate(block.rows)
        if (rel := _best_relevance(units, index, start, end + 1)) is not None
    }
    timeline = is_timeline(block)
    gap = MAX_ERA_GAP if timeline else len(block.rows)
    description = [cells[column].rstrip(" .") for _, _, cells in block.rows]
    names = [cells[0] for _, _, cells in block.rows]
    if not timeline and names_pick_descriptions(names, description, similar):
        return []
    drafts = []
    asked: set[tuple[int, int]] = set()
    for first in sorted(relevance, key=lambda r: -relevance[r])[:3]:
        partners = sorted(
            (r for r in range(len(block.rows)) if r != first and abs(r - first) <= gap),
            key=lambda r: (-relevance.get(r, -1.0), abs(r - first)),
        )
        # The first pairing draws from ``rng`` as it always has (so the other items of
        # a seeded quiz keep their draws); the later ones from an rng of their own.
        picked = next(_pairing_rows(block, column, first, partners, rng, similar, gap), None)
        if picked is None:
            continue
        rest = [r for r in partners if r != picked[1]]
        own = random.Random(f"{passage.id}:{first}")
        pairings = [
            picked,
            *islice(_pairing_rows(block, column, first, rest, own, similar, gap),
                    PARTNERS_PER_ROW - 1),
        ]  # fmt: skip
        for (a_row, b_row, c_row), partner in pairings:
            if (a_row, b_row) in asked:
                continue
            asked.add((a_row, b_row))
            left, right = block.rows[a_row][2][0], block.rows[b_row][2][0]
            fourth = [
                r for r in _rows_near(len(block.rows), a_row, b_row, gap)
                if r != c_row and not names_a_row(description[r], names)
                and not dates_against_dates(left, right, [description[r]])
            ]  # fmt: skip
            extra = random.Random(f"{passage.id}:{a_row}:{b_row}")
            d_row = extra.choice(fourth) if fourth else None
            a, b = description[a_row], description[b_row]
            options = comparison_options(
                left, right, [description[r] for r in (a_row, b_row, c_row)],
                description[d_row] if d_row is not None else None, extra,
            )  # fmt: skip
            answer = options[0]
            rng.shuffle(options)
            quote = passage.text[block.rows[a_row][0] : block.rows[b_row][1]]
            source = ItemSource(passage.source, passage.title, passage.section, quote,
                                passage.id)  # fmt: skip
            name = block.header[column].lower() or "description"
            # "… tell A and B apart (description)?" did not say what to pick (a helper
            # driving the app); the question names the task.
            question = (
                f"Which option matches {left} and {right} each with its {name} in the "
                f"course's “{where}”?"
            )
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


def comparison_options(
    left: str, right: str, descriptions: Sequence[str], fourth: str | None, rng: random.Random
) -> list[str]:
    """The key first, then three wrong pairings in which no count points to the key.

    ``descriptions`` are the left row's, the right row's and a third row's. With
    "A — a; B — b", "A — b; B — a", "A — c; B — a", "A — b; B — c" (the old set), the
    key was the one option whose two halves each appear once in their column: a
    test-wise student picks it unread (a rater, eval/quiz_review.md round S). With a
    fourth description the options are a cycle (each description once per column):
    "A — a; B — b", "A — b; B — c", "A — c; B — d", "A — d; B — a". With three, a
    count can single out a wrong option, never the key.

    Example:
        >>> comparison_options("A", "B", ["a", "b", "c"], "d", random.Random(0))
        ['A — a; B — b', 'A — b; B — c', 'A — c; B — d', 'A — d; B — a']
    """
    a, b, c = descriptions
    if fourth is not None:
        pairs = [(a, b), (b, c), (c, fourth), (fourth, a)]
    else:
        pairs = [(a, b), (b, c), (c, a), rng.choice([(c, b), (a, c)])]
    return [comparison_option(left, x, right, y) for x, y in pairs]


def _pairing_rows(
    block: Block,
    column: int,
    first: int,
    partners: Sequence[int],
    rng: random.Random,
    similar: Similarity,
    gap: int,
) -> Iterator[tuple[tuple[int, int, int], int]]:
    """The rows to compare and offer, for each partner in turn that nothing gives away.

    Neither a shared word (:func:`pairing_given_away`) nor meaning
    (:func:`pairing_guessable`) may pair the rows, nor two names of one plain word each
    (:func:`rag.study.quiz.drafts.self_describing`): "Gaming" and "Healthcare" were
    paired by their names on the second check sheet, while "Model Architecture" and
    "Loss Function", "Content Creation" and "Design & Media" were fair comparisons.

    The third row, whose description a distractor borrows, lies at most ``gap`` rows
    from each of the two (:data:`MAX_ERA_GAP` in a timeline).

    Yields ((left row, right row, third row), partner).
    """
    names = [cells[0] for _, _, cells in block.rows]
    for partner in partners:
        a_row, b_row = sorted((first, partner))
        third = _rows_near(len(block.rows), a_row, b_row, gap)
        if not third:
            return
        c_row = rng.choice(third)
        name = [names[r] for r in (a_row, b_row)]
        cells = [block.rows[r][2][column].rstrip(" .") for r in (a_row, b_row, c_row)]
        if (names_a_row(cells[0], names, own=a_row) or names_a_row(cells[1], names, own=b_row)
                or names_a_row(cells[2], names)):  # fmt: skip
            continue  # "relieve Verdun" offered for Verdun: a pairing nobody makes
        if pairing_given_away(list(zip(name, cells[:2], strict=True)), cells):
            continue
        if any(named_after(cells[i], names[r]) for i, r in enumerate((a_row, b_row, c_row))):
            continue  # "the uterine (Fallopian) tubes": Falloppio's, whoever it is offered to
        if pairing_guessable(name[0], cells[0], name[1], cells[1], similar):
            continue
        if ordered_by_names(name[0], name[1], cells[0], cells[1]):
            continue  # "Early Harappan" and "Late Harappan": the names order their dates
        if dates_against_dates(name[0], name[1], cells):
            continue  # "1398 — Timur died at Otrar in February 1405"
        if all(self_describing(n) and len(telling_words(n).split()) == 1 for n in name):
            continue  # "Gaming" and "Healthcare": their names pair them (eval/quiz_check2.md)
        yield (a_row, b_row, c_row), partner


def _rows_near(n_rows: int, a_row: int, b_row: int, gap: int) -> list[int]:
    """The other rows at most ``gap`` rows from both compared ones: where distractors come from."""
    return [
        r
        for r in range(n_rows)
        if r not in (a_row, b_row) and max(abs(r - a_row), abs(r - b_row)) <= gap
    ]


def parallel_columns(first: str, other: str) -> bool:
    """Whether two columns of a table are lists of one sort side by side.

    Not names and what is said of them: in "| Push factors (the South) | Pull factors
    (the North) |", lynching and industrial jobs stand on one row by layout alone, and
    "which option matches Lynching … with its pull factor" has no answer the course
    gives (eval/quiz_check58_eight_courses.md, two items, three raters of three).
    Headers ending in one word ("factors") say so.

    Example:
        >>> parallel_columns("Push factors (the South)", "Pull factors (the North)")
        True
        >>> parallel_columns("Metric", "What it evaluates")
        False
    """
    heads = [re.findall(r"[^\W\d_]+", re.sub(r"\([^()]*\)", " ", clean_markdown(h)).lower())
             for h in (first, other)]  # fmt: skip
    return all(heads) and len(heads[0]) > 1 and heads[0][-1] == heads[1][-1]


NAMES_PICK_SHARE = 0.4
"""Share of a table's rows whose names, by meaning, pick their own description, above
which the table lists unlike things and makes no comparison.

On 268 rated comparison items (check sheets 2-54), 44 failed "plausible
distractors": 21 of the 60 from tables above this share ("Pelvis", "Femur", "Foramen
magnum"; "Oases", "River valleys"), 23 of the other 208 (among them the Constitutional
Convention's "Slave trade" and "Executive": two of its six names pick their cells)."""


def names_pick_descriptions(
    names: Sequence[str], descriptions: Sequence[str], similar: Similarity
) -> bool:
    """Whether a table's rows are unlike things that meaning alone pairs with their cells.

    "Oases — Irrigated islands fed by snowmelt" beside "Mountains — Crossed only
    through high passes": whichever two rows an item compares, a distractor giving a
    row another's cell is absurd, so the key is found by elimination (raters of check
    sheets 48-53). The test is over the whole table, not the two rows asked: one pair's
    margin did not separate what raters called guessable (``pairing_guessable``), the
    share of rows whose name is closest to its own cell did. A timeline is exempt: a
    year's embedding says nothing of what happened in it.
    """
    names = [telling_words(clean_markdown(n)) for n in names]
    cells = [telling_words(clean_markdown(d)) for d in descriptions]
    own_first = 0
    for row, name in enumerate(names):
        scores = similar(name, cells)
        own_first += scores[row] > max(scores[:row] + scores[row + 1 :], default=-1.0)
    return own_first > NAMES_PICK_SHARE * len(names)


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
