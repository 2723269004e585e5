"""What a second course's notes (relational databases) showed the quiz had never met.

The quiz rules were written on one course; an instructor's own notes are written
differently. On a 64-chunk database course the check sheet found: numbered lists of
stages ("1. **Parsing**: …") never asked in order; an arrow line's lead-in words taken
for its first step ("SELECT is logically evaluated FROM"); "`HAVING` — keep only groups…"
list lines neither defined nor known as one list's terms, and asked as true statements.
(It also found items on topic through one shared word, "logical", in a quiz on "the
three-schema architecture and physical versus logical data independence"; a rule for
that changed the main sheet and is not in, see docs/evaluation.md.)

Pure: hand-made text, no model, no index.
"""

from __future__ import annotations

import random

from rag.schema import Passage
from rag.study.quiz import Material, QuizItem, term_pool
from rag.study.quiz.kinds import structure_drafts
from rag.study.quiz.relevance import topic_weights
from rag.study.quiz.statements import statement_drafts
from rag.study.quiz.timelines import sequence_steps, sequences
from rag.study.quiz.units import passage_units
from tests.study.quiz.samples import passage

QUERY_PROCESSING = """## 5. Query Processing

A query passes through five stages:

1. **Parsing**: check the syntax and build a parse tree.
2. **Semantic analysis (binding)**: resolve table and column names against the catalogue.
3. **Rewriting**: expand views and simplify the query.
4. **Optimisation**: enumerate equivalent plans and choose the cheapest.
5. **Execution**: run the plan in the iterator model.
"""

KEY_IDEAS = """## Key Models

**Key Ideas:**
1. **GANs use competition between networks to refine creativity.**
2. **VAEs capture probabilistic structures for variation.**
3. **Transformers excel at contextual and sequential generation.**
"""

SELECT_ORDER = """### The logical order of a SELECT statement

The logical order is:

1. `FROM` (including any joins) — build the combined set of input rows.
2. `WHERE` — keep only rows for which the condition is true.
3. `GROUP BY` — partition the remaining rows into groups.
4. `HAVING` — keep only groups for which the condition is true.
5. `SELECT` — compute the output expressions and aggregates.
"""


def structure_items(text: str, section: str, topic: str, filler: str) -> list[QuizItem]:
    """The order, comparison and true/false items of one passage, every unit relevant."""
    chunk = passage(text, section=section)
    weights = topic_weights(topic, [text, *[filler] * 6])
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.0] * len(c), weights=weights,
                        topic=topic)  # fmt: skip
    units = passage_units(0, chunk)
    for unit in units:
        unit.relevance = 0.8
    return [d.item for d in structure_drafts(material, units, ["mcq", "short"], random.Random(1))]


def statements(chunk: Passage, similarity: float = 0.5) -> set[str]:
    """Every true/false question one passage gives under four seeds."""
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [similarity] * len(c))
    return {
        draft.item.question
        for unit in passage_units(0, chunk)
        for seed in range(4)
        for draft in statement_drafts(chunk, unit, material, random.Random(seed))
    }


def test_a_numbered_list_of_stages_is_a_sequence_and_a_list_of_key_ideas_is_not() -> None:
    stages = sequences(passage(QUERY_PROCESSING, section="5. Query Processing"))
    assert [steps for _, steps, _, _, _ in stages] == [
        ["Parsing", "Semantic analysis", "Rewriting", "Optimisation", "Execution"]
    ]
    quote = stages[0][0]
    assert quote.startswith("1. **Parsing**") and quote.endswith("iterator model.")
    assert sequence_steps(quote) == stages[0][1]  # what the verifier re-reads from the quote
    assert sequences(passage(KEY_IDEAS, section="Key Models")) == []


def test_order_items_are_drafted_from_a_numbered_list_of_stages() -> None:
    items = structure_items(QUERY_PROCESSING, "5. Query Processing",
                            "Stages of query processing", "Databases store tables of rows.")  # fmt: skip
    order = {(item.meta.get("after") or item.meta.get("before"), item.answer)
             for item in items if item.kind == "order"}  # fmt: skip
    assert ("Parsing", "Semantic analysis") in order  # right after Parsing
    assert ("Execution", "Optimisation") in order  # right before Execution


def test_an_arrow_line_starts_at_its_first_step_not_at_the_words_leading_into_it() -> None:
    line = "- `SELECT` is logically evaluated FROM → WHERE → GROUP BY → HAVING → SELECT."
    assert sequence_steps(line) == ["FROM", "WHERE", "GROUP BY", "HAVING", "SELECT"]
    assert sequence_steps("Data Collection → Preprocessing → Model Training → Evaluation") == [
        "Data Collection", "Preprocessing", "Model Training", "Evaluation",
    ]  # fmt: skip
    # A first step as long as the others is a step, however it is capitalised.
    assert sequence_steps("Fine-tune the Model → Evaluate the Model → Deploy the Model")[0] == (
        "Fine-tune the Model"
    )


def test_a_code_name_glossed_after_a_dash_is_a_list_term_and_no_statement() -> None:
    chunk = passage(SELECT_ORDER, section="The logical order of a SELECT statement")
    pool, lines = term_pool([chunk])
    heads = {entry.term.text for entry in pool if "head" in entry.families}
    assert {"FROM", "WHERE", "GROUP BY", "HAVING", "SELECT"} <= heads
    material = Material([chunk], pool, lines, lambda a, c: [0.0] * len(c))
    having = next(u for u in passage_units(0, chunk) if u.text.startswith("HAVING"))
    assert statement_drafts(chunk, having, material, random.Random(0)) == []


# A third course (cell biology, eval/check_courses/cell_biology): its check sheet, rated
# by three raters, failed 10 of 35 items; the rules below were written from it.

MEIOSIS = """## 3. Meiosis

Meiosis generates genetic variation in two ways:
- **Crossing over**: in prophase I, homologous chromosomes pair and exchange segments.
- **Independent assortment**: in metaphase I, each homologous pair orients at random.
"""

RESPIRATION = """## The four stages

- **Glycolysis**: in the cytoplasm, glucose is split into two pyruvate molecules.
- **Krebs cycle**: in the matrix, each acetyl group is oxidised to two CO₂.
- **Pyruvate oxidation**: pyruvate enters the mitochondrion and becomes acetyl-CoA.
- **Electron transport**: electrons pass along a chain of proteins to oxygen.
"""

COMPARED = """## Mitosis and meiosis

| Feature | Mitosis | Meiosis |
|---|---|---|
| Number of divisions | One | Two divisions in a row |
| Chromosome number | Kept the same in daughters | Halved in the gametes made |
| Genetic identity | Daughters identical to parent | Gametes all different |
"""


def test_a_list_item_is_told_from_its_own_list_only() -> None:
    """ "Krebs cycle" was offered beside "Crossing over" as a source of variation in
    meiosis: raters called such fillers absurd in all four multiple-choice definitions."""
    from rag.study.quiz.distractors import pick_distractors
    from rag.study.quiz.units import Term

    chunks = [passage(MEIOSIS, section="3. Meiosis"),
              passage(RESPIRATION, "c2", section="The four stages")]  # fmt: skip
    pool, lines = term_pool(chunks)
    answer = Term("Independent assortment", "term", "list:3. Meiosis")

    def picked(own_list: bool) -> list[str] | None:
        found = pick_distractors(answer, "list:3. Meiosis", "head", "", "orients at random",
                                 pool, lines, lambda a, c: [0.5] * len(c), random.Random(0),
                                 own_list=own_list)  # fmt: skip
        return None if found is None else [text for text, _ in found]

    assert picked(own_list=False) is not None  # fillers from the respiration list
    assert picked(own_list=True) is None  # one mate: asked as a typed answer
    three = Term("Glycolysis", "term", "list:The four stages")
    found = pick_distractors(three, "list:The four stages", "head", "", "split into pyruvate",
                             pool, lines, lambda a, c: [0.5] * len(c), random.Random(0),
                             own_list=True)  # fmt: skip
    assert found is not None
    assert {t for t, _ in found} == {"Krebs cycle", "Pyruvate oxidation", "Electron transport"}


def test_a_table_comparing_its_columns_gives_no_row_comparison() -> None:
    """ "How does the course tell Reactants and Electron carrier apart?" came from a
    "| Feature | Photosynthesis | Respiration |" table."""
    items = structure_items(COMPARED, "Mitosis and meiosis", "Comparing mitosis and meiosis",
                            "Cells divide and grow.")  # fmt: skip
    assert not [item for item in items if item.kind == "comparison"]


def test_a_list_step_opening_with_its_verb_is_no_statement() -> None:
    steps = "The pump cycle:\n\n- Binds three Na⁺ ions from inside the cell.\n" \
            "- Releases the two K⁺ ions inside the cell.\n"  # fmt: skip
    chunk = passage(steps, section="Active transport")
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.0] * len(c))
    for unit in passage_units(0, chunk):
        assert statement_drafts(chunk, unit, material, random.Random(0)) == []


def test_a_name_with_a_second_name_inside_accepts_either() -> None:
    from rag.study.quiz.grading import grade_response

    assert grade_response("Krebs cycle", "Citric acid (Krebs) cycle").verdict == "correct"
    assert grade_response("citric acid cycle", "Citric acid (Krebs) cycle").verdict == "correct"
    assert grade_response("Calvin cycle", "Citric acid (Krebs) cycle").verdict != "correct"
    # A numbered step keeps that inner name; only a closing aside is left out.
    assert sequence_steps("1. **Glycolysis**: a.\n2. **Citric acid (Krebs) cycle**: b.\n"
                          "3. **Semantic analysis (binding)**: c.") == [
        "Glycolysis", "Citric acid (Krebs) cycle", "Semantic analysis"]  # fmt: skip


def test_no_statement_is_made_from_a_worked_example() -> None:
    """A fourth course (microeconomics): "Example. Demand is P = 100 − Q…" and "The
    change in price is 2 on an average of 5, or 40%" were asked as true/false."""
    text = (
        "## Elasticity\n\n*Example.* In 1920 the price of a bus ticket rises from $4 to $6 and "
        "journeys fall from 110 to 90. The change in price is 2 on an average of 5, or 40%.\n\n"
        "Setting Qd = Qs gives 100 − 2P = 20 + 2P, so 4P = 80 and P = 20.\n\n"
        "Demand is elastic when the Price Elasticity of Demand (PED) exceeds one in size, "
        "as Alfred Marshall put it in 1890.\n"
    )  # fmt: skip
    stated = statements(passage(text, section="Elasticity"), similarity=0.0)
    assert {question.removeprefix("True or false: ")[:20] for question in stated} == {
        "Demand is elastic wh"
    }


def test_a_long_timeline_step_is_asked_with_options_only() -> None:
    """A fifth course (computer networks): "which event comes right before 'First ARPANET
    message'?" had to be typed as "Paul Baran (RAND) and Donald Davies (NPL) develop packet
    switching"; raters found no fair way to grade it."""
    history = (
        "## 5. A Short History of the Internet\n\n| Year | Event |\n|---|---|\n"
        "| 1964 | Paul Baran and Donald Davies develop packet switching |\n"
        "| 1969 | First ARPANET message |\n| 1974 | Cerf and Kahn publish TCP |\n"
        "| 1983 | ARPANET switches to TCP/IP |\n| 1991 | World Wide Web |\n"
    )
    items = structure_items(history, "5. A Short History of the Internet",
                            "Milestones in the history of the Internet", "Routers forward packets.")  # fmt: skip
    drafts = [item for item in items if item.kind == "order"]
    typed = {item.answer for item in drafts if item.type == "short"}
    assert "World Wide Web" in typed
    assert "Paul Baran and Donald Davies develop packet switching" not in typed
    assert any(item.answer.startswith("Paul Baran") for item in drafts if item.type == "mcq")


def test_review_questions_are_no_term_to_define() -> None:
    """A weather course's check sheet asked "which item is described as '(a) Why is the
    stratosphere warmer at its top…?'" with the key "Review questions" (three raters of
    three: no defensible answer)."""
    from rag.study.quiz.facts import unit_facts

    text = (
        "## Summary\n\n"
        "- **Review questions:** (a) Why is the stratosphere warmer at its top? "
        "(b) Why is a cloudy night warmer than a clear one?\n"
        "- **Lapse rate:** the rate at which temperature falls with height.\n"
    )
    chunk = passage(text, section="Summary")
    answers = {fact.term for unit in passage_units(0, chunk) for fact in unit_facts(unit, chunk)}
    assert "Lapse rate" in answers
    assert not any("Review" in answer for answer in answers)


def test_a_term_dash_description_line_gives_no_statement() -> None:
    """A psychology course: "Continuity — we prefer smooth, continuous lines…" (true) and
    "Closure — we prefer smooth, continuous lines…" (false) were decided by their own
    words (three raters of three); the line is asked as a definition instead."""
    text = (
        "## 4.1 The Gestalt principles\n\n"
        "- **Figure–ground** — we separate a scene into an object and its background.\n"
        "- **Proximity** — elements close together are grouped.\n"
        "- **Similarity** — elements that look alike are grouped.\n"
        "- **Continuity** — we prefer smooth, continuous lines to abrupt changes.\n"
        "- **Closure** — we fill in gaps to perceive complete shapes.\n\n"
        "Max Wertheimer founded Gestalt psychology in Frankfurt in 1912.\n\n"
        "Wolfgang Köhler studied insight in chimpanzees on Tenerife from 1917.\n"
    )
    stated = statements(passage(text, section="4.1 The Gestalt principles"))
    assert any("Wertheimer" in question for question in stated)
    assert not [question for question in stated if "—" in question]


def test_a_word_of_the_term_in_its_description_gives_it_away() -> None:
    """The psychology sheet asked which item is "a formerly neutral stimulus that…" with
    the key "Conditioned stimulus" among two stimuli and two responses (three raters of
    three: the stem's "stimulus" halves the options)."""
    from rag.study.quiz.model import ItemSource
    from rag.study.quiz.verify import given_away

    quote = "**Conditioned stimulus (CS):** a formerly neutral stimulus that now triggers it."
    asked = QuizItem(
        "mcq", "In the course's list on “2.1 Key terms”, which item is described as “a "
        "formerly neutral stimulus that now triggers it”?", "Conditioned stimulus",
        "", ItemSource("n.md", "N", "2.1 Key terms", quote, "c1"),
        ["Conditioned stimulus", "Unconditioned stimulus", "Conditioned response",
         "Unconditioned response"], kind="definition",
    )  # fmt: skip
    assert given_away(asked) == "answer_in_question"
    fronts = QuizItem(
        "mcq", "In the course's list on “7. Air Masses and Fronts”, which item is described "
        "as “neither side advances”?", "Stationary front", "",
        ItemSource("n.md", "N", "7. Air Masses and Fronts",
                   "**Stationary front:** neither side advances.", "c1"),
        ["Stationary front", "Cold front", "Warm front", "Occluded front"], kind="definition",
    )  # fmt: skip
    assert given_away(fronts) is None, "every option is a front: the heading tells nothing"
    described = QuizItem(
        "mcq", "How does the course's “2.1 Key terms” describe Conditioned stimulus?",
        "a formerly neutral cue that now triggers the reflex", "",
        ItemSource("n.md", "N", "2.1 Key terms", quote, "c1"),
        ["a formerly neutral cue that now triggers the reflex", "a reflex", "a reward",
         "a punishment"], kind="definition",
    )  # fmt: skip
    assert given_away(described) is None, "a description, asked by its term"
