"""Which list or table answers: the one a line introduces, an item's neighbour, a short list.

Pure logic over evidence units (:mod:`rag.answer.evidence`): a unit knows its passage,
block (one list or table), indentation and number, so the items a line announces, the row
after another, or the few lines under one label are found by position, not by words.
:mod:`rag.answer.extractive` decides when a list answers and formats it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from rag.answer.asked import FRAME_WEIGHT, QUESTION_FRAME, key_terms, unit_terms
from rag.answer.evidence import EvidenceUnit, ScoredUnit
from rag.answer.headed import leading_label
from rag.answer.question_forms import question_names
from rag.retrieval.keyword import content_terms, tokenize
from rag.text.chunks import COUNT, counted


def _reads_as_sentence(label: str) -> bool:
    """Whether a label line is a sentence ("The campaign unfolded thus"), not a title.

    A title ("Key Takeaways", "Tools and Frameworks") heads a list of its own, which the
    sentence before it does not introduce.

    >>> _reads_as_sentence("The campaign unfolded thus"), _reads_as_sentence("Key Takeaways")
    (True, False)
    """
    words = label.split()
    return len(words) >= 3 and " > " not in label and not all(w[:1].isupper() for w in words[1:])


ANNOUNCES = re.compile(r":\.?$")
"""The end of a unit that announces what follows ("Prophase I, subdivided into:")."""


_HAS_LINE = re.compile(r"^(?:\w+\s+){0,6}(?:has|have|shows?|develops?|presents?\s+with)\s*:")
"""A short line announcing what a patient, a case or a thing has: "Below the lesion the
patient has:"."""


def list_introduced(
    lead: EvidenceUnit,
    units: Sequence[EvidenceUnit],
    max_between: int = 2,
    asked: int = 0,
    question_terms: Collection[str] = (),
) -> list[EvidenceUnit]:
    """The list that ``lead`` introduces: the first after it, in its section.

    "The cycle is best learned as a sequence of phases, each opened and closed by a valve
    event." and one more sentence come before the seven numbered phases; "What are the
    phases of the cardiac cycle, in order?" quoted the two sentences and no phase (a
    student's probe). Only sentences may come between. A list item that ends with a colon
    introduces the items indented under it. A table right after the lead's paragraph is
    its list when it has as many rows as the question ``asked`` for: "What were the three
    social classes in Norse society?" is the three rows after "Norse society was
    hierarchical…" and two more sentences (a Viking course's probe).
    """
    position = next((i for i, u in enumerate(units) if u == lead), None)
    if position is None:
        return []
    if lead.kind == "list_item":
        # An item that announces a list nested under it: "Prophase I, subdivided into:"
        # and its five stages (a student's probe of a genetics course).
        nested = []
        for unit in units[position + 1 :]:
            if unit.passage != lead.passage or unit.kind != "list_item":
                break
            if unit.indent <= lead.indent:
                break
            nested.append(unit)
        return nested if len(nested) >= 2 else []
    previous = lead
    for between, unit in enumerate(following_units(lead, units)[: 1 + _ANNOUNCED_WITHIN]):
        # The list may sit right under a label line of its own: "Napoleon resolved to
        # force Russia back into line." then "The campaign unfolded thus:" and seven dated
        # steps (a student's probe of a French Revolution course). A table right after
        # the sentence reads under its own header row ("Gell and Coombs proposed the
        # four-type classification…" and the four types' rows: an immunology probe).
        label = unit.context.removeprefix(f"{lead.context} > ")
        # In the next chunk too, when the chunker cut there: the same section's table.
        counted_table = (
            unit.kind == "table_row"
            and same_paragraph(previous, lead)
            and unit.context.split(" > ")[0] == lead.context.split(" > ")[0]
            and 2 <= asked == len(block_of(unit, units))
        )
        # A short label of its own in a word of the question: "Characteristic features:"
        # (:func:`_announces_asked_words`), which labels its list and is no unit.
        asked_label = (
            label != unit.context
            and " > " not in label
            and len(label.split()) <= _LABEL_WORDS
            and bool((unit_terms(label) - unit_terms(lead.text)) & set(question_terms))
        )
        labelled = (
            counted_table
            or asked_label
            or (
                label != unit.context
                and (
                    (
                        not between
                        and (
                            unit.kind == "table_row"
                            or (unit.kind == "list_item" and _reads_as_sentence(label))
                        )
                    )
                    # The sentence right before announces it, and how many: "Three pathways
                    # lead to the same central event, the cleavage of C3:".
                    # Or right after the lead, of it: "The Treaty of Troyes (21 May 1420) was the
                    # high point…" then "Its provisions were:" (a history course's probe).
                    or (
                        label.endswith(previous.text.rstrip(".").rstrip(":"))
                        and (
                            counted(previous.text) == len(block_of(unit, units))
                            or (between == 1 and _OF_THE_LEAD.match(previous.text) is not None)
                            # Or goes on from it in a word of the question: "…controlled by
                            # secretion in the principal cells…" then "Secretion increases
                            # with:" (a renal probe); not "The immediate disputes were:" after
                            # "the truest cause", asked for the real cause (a Greek probe).
                            or (
                                between == 1
                                and same_paragraph(previous, lead)
                                and bool(
                                    content_terms(previous.text)
                                    & content_terms(lead.text)
                                    & set(question_terms)
                                )
                            )
                            # Or ends its paragraph announcing what is asked, in words the
                            # lead lacks: "Sergei Eisenstein… argued that shots should
                            # collide…" and, two sentences on, "In his writings he
                            # distinguished several methods of montage:" (a cinema probe).
                            # Or a label line of its own: "Characteristic features:" below
                            # "Italian Neorealism… was the first great postwar film movement."
                            or _announces_asked_words(previous, lead, question_terms)
                            # Or a short line right after the lead announces what it
                            # names has: "The best known is Brown-Séquard syndrome…" then
                            # "Below the lesion the patient has:" and the signs asked for
                            # (a neuroanatomy probe).
                            or (
                                between == 1
                                and same_paragraph(previous, lead)
                                and _HAS_LINE.match(previous.text) is not None
                            )
                        )
                    )
                )
            )
        )
        elsewhere = unit.passage != lead.passage and not counted_table
        if elsewhere or (unit.context != lead.context and not labelled):
            return []
        # Further on, only a sentence that announces it may come right before the list:
        # "Jules Bordet showed…" opens the paragraph that ends "Three pathways lead to the
        # same central event, the cleavage of C3:" (an immunology probe).
        listed = unit.kind in ("list_item", "table_row")
        if listed and between > max_between and not ANNOUNCES.search(previous.text):
            return []
        # A later paragraph's own list, of something else: "Acquired bleeding results from
        # … vitamin K injection at birth…" was followed by Virchow's triad, which "In 1856
        # Rudolf Virchow identified three factors that predispose to thrombosis…:" opens (a
        # hemostasis probe). Not "Lenses fall into two families:" after "A lens is…".
        later = listed and previous.kind == "sentence" and not same_paragraph(previous, lead)
        shared = content_terms(previous.text) & content_terms(lead.text)
        if (
            later
            and not shared
            and not _OF_THE_LEAD.match(previous.text)
            and not _announces_asked_words(previous, lead, question_terms)
        ):
            return []
        if listed and asked >= 2 and counted(previous.text) not in (0, asked):
            # Another count than asked: "what are the 5 soil forming factors" quoted the
            # four kinds of process "The factors describe the conditions; … four kinds:"
            # announces (a soil science probe).
            return []
        previous = unit
        if unit.kind in ("list_item", "table_row"):
            block = block_of(unit, units)
            return block if len(block) >= 2 else []
        if unit.kind != "sentence":
            return []
    return []


def following_units(lead: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The units after ``lead``: of its passage, else of the passage its section's table opens.

    The chunker may cut right after the lead, and the retrieved chunk with the rest of the
    section need not come next: "Three cardinal planes pass through the body…" ended its
    chunk, another came between, then the planes' table (a biomechanics probe).
    """
    position = next((i for i, u in enumerate(units) if u == lead), len(units))
    after = list(units[position + 1 :])
    if after and after[0].passage == lead.passage:
        return after
    section = lead.context.split(" > ")[0]
    opening = next(
        (u for u in units if u.kind == "table_row" and u.passage != lead.passage
         and u.context.split(" > ")[0] == section
         and not any(o.passage == u.passage and o.start < u.start for o in units)),
        None,
    )  # fmt: skip
    return [u for u in units if u.passage == opening.passage] if opening else after


def _announces_asked_words(
    line: EvidenceUnit, lead: EvidenceUnit, question_terms: Collection[str]
) -> bool:
    """Whether ``line`` announces a list in a word of the question that ``lead`` lacks.

    Ending the lead's paragraph, or as a label line of its own: "Sergei Eisenstein…
    argued that shots should collide…", then two sentences on "In his writings he
    distinguished several methods of montage:"; "Italian Neorealism… was the first great
    postwar film movement." and, a paragraph on, "Characteristic features:" (students'
    probes of a cinema course).
    """
    if not ANNOUNCES.search(line.text) or line.kind != "sentence":
        return False
    own_line = len(line.text.split()) <= _LABEL_WORDS
    if not (own_line or same_paragraph(line, lead)):
        return False
    return bool((unit_terms(line.text) - unit_terms(lead.text)) & set(question_terms))


_LABEL_WORDS = 4
"""The most words of a line that labels the list under it ("Characteristic features:")."""


_PARAGRAPH_LABEL = re.compile(r"^(?:The\s+)?(?P<label>[\w'’ -]{2,40}?)\s*:\s+\S")
"""A paragraph opened by its label and a colon: "The land question: in the south…"."""


def labelled_paragraphs(lead: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The openings of the labelled paragraphs that ``lead``'s paragraph counts, or none.

    "Spain carried a set of unresolved conflicts…" and "Think of four overlapping
    questions…" are followed by four paragraphs, "The land question: …", "The religious
    question: …", the military and the regional; asked for the long-term problems, the
    answer quoted the lead-in alone (a student's probe of a Spanish Civil War course).
    The labels share their last word, and there are as many as the paragraph counts.
    """
    after = sorted(
        (u for u in units if u.passage == lead.passage and u.start >= lead.start),
        key=lambda u: u.start,
    )
    own = [u for u in after if u.kind == "sentence" and same_paragraph(u, lead)]
    announced = next((n for n in map(counted, (u.text for u in own)) if n), 0)
    openings: list[EvidenceUnit] = []
    heads: set[str] = set()
    for unit in after[len(own) :]:
        if unit.context != lead.context or unit.kind not in ("sentence", "definition"):
            break
        if openings and unit.kind == "sentence" and same_paragraph(unit, openings[-1]):
            continue
        label = _PARAGRAPH_LABEL.match(unit.text)
        if label is None:
            break
        heads.add(label["label"].split()[-1].lower().removesuffix("s"))
        openings.append(unit)
    return openings if 2 <= announced == len(openings) and len(heads) == 1 else []


_OF_THE_LEAD = re.compile(
    r"(?:Its|Their|His|Her)\s+(?:(?:main|chief|key|principal|most\s+important)\s+)?"
    r"(?:provisions|terms|clauses|causes|reasons|effects|consequences|results|stages|steps"
    r"|phases|features|principles|reforms|components|parts|types|kinds|aims|goals|demands"
    r"|achievements|functions|roles|symptoms|properties|characteristics)\s+(?:were|are|include)"
)
"""A sentence that lists the parts of what the sentence before it names: "Its provisions
were:". Not "Its design is systematic:" (the Korean alphabet's design features answered who
named it) nor "They are assumptions…:" (the eight fallacies answered who added the
eighth; blind train questions)."""


def asked_count(weights: Mapping[str, float]) -> int:
    """How many things a question asks for, by its number word ("the three classes"), or 0.

    >>> asked_count({"three": 0.3, "class": 1.6}), asked_count({"class": 1.6})
    (3, 0)

    A number word of a name weighs as the name does, and is no count: "the three problems
    britain faced after the seven years war" asks for three (an American Revolution probe).

    >>> asked_count({"three": 0.3, "problem": 3.2, "seven": 2.6, "year": 1.8})
    3
    """
    counts = {term: w for term, w in weights.items() if COUNT.fullmatch(term)}
    framing = [term for term, w in counts.items() if w <= FRAME_WEIGHT] or list(counts)
    return max((counted(term) for term in framing), default=0)


def counted_under_label(
    unit: EvidenceUnit, units: Sequence[EvidenceUnit], weights: Mapping[str, float]
) -> bool:
    """Whether ``unit``'s list has as many items as asked, under a label counting them.

    "what are keplers three laws of planetary motion" is the three items under "**The
    three laws** (the numbering is later convention):", though the label lacks the
    question's rarest word; it was answered with "…Descartes's vortices cannot reproduce
    Kepler's laws" (a probe of scientific revolution notes). The label, or a heading above
    (not by its section number), must also hold a word of the question besides the count
    ("laws"): "The nucleus shows one of three changes" heads the table of "the three nuclear
    changes seen in irreversible cell injury" (a general pathology probe).

    >>> law = EvidenceUnit(0, 0, 9, "First law: ellipse.", "list_item", "Kepler > The three laws")
    >>> laws = [law, law, law]
    >>> counted_under_label(law, laws, {"three": 0.3, "law": 1.9, "planetari": 2.8})
    True
    >>> counted_under_label(law, laws[:2], {"three": 0.3, "law": 1.9, "planetari": 2.8})
    False
    """
    asked = asked_count(weights)
    held = set().union(*(unit_terms(leading_label(part)) for part in unit.context.split(" > ")))
    # Or a short sentence right before the list counting it: "Victory brought three
    # problems." over Debt, Defense and the West; "what were the three problems britain
    # faced after the seven years war" quoted it without them (an American Revolution probe).
    held |= unit_terms(_counting_sentence(unit, units))
    if asked < 2 or str(asked) not in held or len(block_of(unit, units)) != asked:
        return False
    return any(t in held and not COUNT.fullmatch(t) for t in weights.keys() - QUESTION_FRAME)


def _counting_sentence(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> str:
    """The short sentence right before ``unit``'s list, or "" (a table's rows have headers)."""
    if unit.kind != "list_item":
        return ""
    last = _introducing(unit, units)[-1:]
    return last[0] if last and len(last[0].split()) <= _COUNTING_WORDS else ""


def _introducing(unit: EvidenceUnit, units: Sequence[EvidenceUnit], most: int = 2) -> list[str]:
    """The sentences right before ``unit``'s list (``most`` of them), in reading order."""
    first = min(block_of(unit, units), key=lambda u: u.start)
    before = sorted(
        (u for u in units if u.passage == unit.passage and u.end <= first.start),
        key=lambda u: u.start,
    )
    told: list[str] = []
    for sentence in reversed(before[-most:]):
        if sentence.kind != "sentence":
            break
        told.insert(0, sentence.text)
    return told


_COUNTING_WORDS = 8
"""Longest sentence read as a list's label: "Victory brought three problems."."""


def same_paragraph(unit: EvidenceUnit, other: EvidenceUnit) -> bool:
    """Whether two sentences are of one paragraph: they open it or name its opening (topic).

    Not their ``block``, which numbers lists and tables: every sentence of a passage has
    block 0.
    """
    if unit.passage != other.passage:
        return False
    # A later sentence's topic opens with the paragraph's first sentence, and may go on
    # with what it points back to (:func:`rag.answer.matching.paragraph_referent`).
    one, two = (u.topic or u.text.rstrip(".") for u in (unit, other))
    return one.startswith(two) or two.startswith(one)


def block_of(unit: EvidenceUnit, units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The units of ``unit``'s list or table (its block in its passage), ``unit`` too."""
    return [u for u in units if (u.passage, u.block) == (unit.passage, unit.block)]


_ANNOUNCED_WITHIN = 6
"""How many sentences may come between a line and the list its paragraph announces."""


_ASKS_NEIGHBOUR = re.compile(
    r"\b(?:came|come|comes|happened|happens|follows?|followed)\s+"
    r"(?:right\s+|just\s+|directly\s+)?(?P<side>after|before)\b",
    re.I,
)


def neighbour_asked(
    question: str, unit: EvidenceUnit, units: Sequence[EvidenceUnit]
) -> EvidenceUnit | None:
    """The row or item right after (or before) ``unit`` in its table or list, when asked.

    "What came after GANs and VAEs in the history of generative AI?" is best matched by
    the timeline row "2014–2017: GANs & VAEs…"; the row after it answers (blind train
    question). None for other questions, or when ``unit`` has no such neighbour.
    """
    match = _ASKS_NEIGHBOUR.search(question)
    if match is None or unit.kind not in ("table_row", "list_item"):
        return None
    rows = sorted(
        block_of(unit, units),
        key=lambda u: u.start,
    )
    at = rows.index(unit) if unit in rows else -1
    step = 1 if match.group("side").lower() == "after" else -1
    if at < 0 or not 0 <= at + step < len(rows):
        return None
    return rows[at + step]


def names_one_item(
    lead: ScoredUnit, units: Sequence[EvidenceUnit] = (), question: str = ""
) -> bool:
    """Whether the question names the label of the best unit, a list item, and no other.

    "What creative tools are listed in the tools and frameworks part?" names the item
    "Creative Tools: RunwayML, …", not the list under "Tools and Frameworks" (train);
    "What topics are in the AI course outline?" names no item for the "AI" that "AI
    Writing: …" shares with "AI Art: …". A table row too, when the question writes its name
    with capitals: "how many people lived in black New York in 1930" is the New York row,
    not three cities' (a Harlem Renaissance probe); "how do you measure how realistic
    generated images are" is not the row "Image Generation: Creates realistic…" (train).
    """
    unit = lead.unit
    label = content_terms(unit.subject)
    named = label & (lead.weights.keys() - QUESTION_FRAME)
    if unit.kind == "table_row":
        named &= {t for name in question_names(question) for t in content_terms(name)}
    if unit.kind not in ("list_item", "table_row") or not named or 2 * len(named) < len(label):
        return False
    siblings = block_of(unit, units)
    others = {t for u in siblings if u != unit for t in content_terms(u.subject)}
    if unit.kind == "list_item" and named == label and label - others:
        # The item's whole name, though the list's label says it too: "What was Harvey's
        # quantitative argument…" is "The quantitative argument…", not all four under
        # "Harvey's argument combined observation… and quantitative reasoning:" (a probe).
        return True
    return bool(named - unit_terms(unit.context) - others)


def lists_what_is_asked(lead: ScoredUnit) -> bool:
    """Whether the best unit is a sentence naming what is asked, then listing it after a colon.

    "Who were the musicians in Louis Armstrong's Hot Five?" found "…he began recording …
    with a studio group, the Hot Five: Armstrong, Lil Hardin Armstrong (piano), Kid Ory
    (trombone)…", and quoted the list of Armstrong's contributions under a heading naming
    the Hot Five instead (a jazz probe).
    """
    unit = lead.unit
    named, colon, listed = unit.text.partition(":")
    asked = set(lead.weights) - QUESTION_FRAME
    return (
        unit.kind == "sentence"
        and bool(colon)
        and listed.count(",") >= 2
        and lead.coverage >= LISTS_ASKED_COVERAGE
        and bool(asked & unit_terms(named))
    )


LISTS_ASKED_COVERAGE = 0.8
"""The least share of the question a sentence listing what is asked holds (its paragraph's
opening counting)."""


def tied_items(ranked: Sequence[ScoredUnit], units: Sequence[EvidenceUnit]) -> list[EvidenceUnit]:
    """The whole list, in order, when its items tie for best on the words of its lead-in.

    "what did the peace of munster achieve" quoted three of the four items announced by
    "The Peace of Münster… achieved the following:", last first, scoring 0.596, 0.596,
    0.595 and 0.581 (a Dutch Golden Age probe): no item is asked for more than another.
    Rows of two lists side by side too (:func:`~rag.text.tables.row_subject`): "What were
    the push and pull factors of the Great Migration?" quoted three of five rows under
    "Push factors (the South) | Pull factors (the North)" (a probe); not the rows of a
    table about its first column's things, which tie on its headers' words ("Which
    isolation level stops non-repeatable reads…?" is one row).
    """
    if len(ranked) < 2:
        return []
    unit = ranked[0].unit
    if not (unit.kind == "list_item" or (unit.kind == "table_row" and not unit.subject)):
        return []
    lead, second = ranked[0], ranked[1]
    same = (second.unit.passage, second.unit.block) == (lead.unit.passage, lead.unit.block)
    keys = key_terms(lead.weights, margin=0.5)
    label = lead.unit.context.rsplit(" > ", 1)[-1]
    if not same or second.score < TIED_SHARE * lead.score or not keys & unit_terms(label):
        return []
    block = [u for u in block_of(lead.unit, units) if u.indent == lead.unit.indent]
    return block if len(block) >= 2 else []


TIED_SHARE = 0.97
"""Two items of one list score this close to each other: the question is of the list."""


def described_thing(
    unit: EvidenceUnit, units: Sequence[EvidenceUnit], small: int = 3
) -> list[EvidenceUnit]:
    """The short list ``unit`` opens when it says what a thing does and a label names it.

    Under "Music Generation": "AI that composes music in specific styles or
    instruments." and "Tools: AIVA, Amper Music, Google MusicLM.". "What tools can
    compose music in a particular style?" matches the first line's words and asks for
    the second's names ("Name some systems that turn text into spoken audio", "What are
    the use cases for cloning a voice…", blind train questions): the two lines answer
    together. Empty when ``unit`` is no such line.
    """
    if unit.kind != "list_item" or unit.subject:
        return []
    members = block_of(unit, units)
    if 2 <= len(members) <= small and any(m.subject for m in members if m != unit):
        return members
    return []


_PARTS = r"(?:steps|stages|phases|types|kinds|forms|classes|categories)"
"""What a thing is made of, in turn or in kind."""
_STEPS_OF = re.compile(rf"\b{_PARTS}\s+(?:of|in)\s+(?P<thing>[^?.!,;]+)", re.I)
_LISTS_STEPS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|[2-9])\s+(?:[\w-]+\s+)?"
    rf"{_PARTS}\b[^:]*:\s*[^,]+,[^,]+",
    re.I,
)


def steps_of_the_asked_first(question: str, ranked: Sequence[ScoredUnit]) -> list[ScoredUnit]:
    """For the steps or kinds of X: not the table X is a row of; a line listing them first.

    "What are the stages of wound healing?" was answered with the table of hemostasis's
    stages, "Wound healing" its last row: the rows are its peers, not its stages. The
    notes' "healing follows four overlapping phases: hemostasis, inflammation,
    proliferation and remodelling" lists them (a student's probe of a hemostasis course).
    So for its kinds: "What are the different types of antagonism between chemicals?" was
    the row "Antagonism: 4 + 6 = 8" of the table of interactions, not "Antagonism takes
    four forms…: functional (…), chemical (…)…" (a toxicology probe).
    """
    asked = _STEPS_OF.search(question)
    if not ranked or asked is None:
        return list(ranked)
    lead = ranked[0].unit
    # Its head word: "antagonism between chemicals" is the row "Antagonism".
    heads = [content_terms(w) for w in asked.group("thing").split() if content_terms(w)]
    thing = heads[0] if heads else set()
    if lead.kind in ("table_row", "list_item") and thing and thing <= content_terms(lead.subject):
        ranked = [s for s in ranked if (s.unit.passage, s.unit.block) != (lead.passage, lead.block)]
    if not ranked:
        return []
    floor = ranked[0].score * LISTING_FLOOR
    return sorted(ranked, key=lambda s: not (s.score >= floor and _LISTS_STEPS.search(s.unit.text)))


LISTING_FLOOR = 0.85
"""A line listing the steps asked for leads from this share of the best unit's score."""


def heading_holds_the_rest(
    scored: ScoredUnit, question: str, units: Sequence[EvidenceUnit] = ()
) -> bool:
    """Whether a list item holds only the kind a question asks several of, its headings the rest.

    "list the rules of continuity editing" asks for the list of which "180-degree rule:
    …" is one item, under "…a set of conventions we call continuity editing…:" (a
    cinema probe); the item naming "rule" is not the one asked for. Not "Which metric
    measures the realism…", whose "realism" the one item says, nor "What creative tools
    are listed…" of the item "Creative Tools: …".

    The sentences right before the list count as its headings: "list the hierarchy of
    genres from highest to lowest" quoted the item "Genre painting — …" alone, under "The
    Academy ranked subjects in a hierarchy of genres… From highest to lowest:" (an art
    history probe).
    """
    keys = key_terms(scored.weights, margin=0.5)
    held = (scored.weights.keys() - QUESTION_FRAME) & unit_terms(scored.unit.text)
    plural = {t for w in _PLURAL.findall(question) for t in tokenize(w)}
    lacked = keys - held
    headings = unit_terms(scored.unit.context)
    if units and scored.unit.kind == "list_item":
        headings |= unit_terms(" ".join(_introducing(scored.unit, units)))
    # The kind named by the item's own label: not "termites" in the row "Moniliform:
    # bead-like (example: termites)", which answers "what kind of antennae do termites
    # have" alone (an entomology probe quoted the nine rows).
    named = unit_terms(scored.unit.subject) if scored.unit.subject else held
    return bool(lacked) and held <= plural & named and lacked <= headings


_PLURAL = re.compile(r"\b[a-z]{3,}s\b")
"""A plural noun of a question, the kind of thing it asks several of ("rules")."""
