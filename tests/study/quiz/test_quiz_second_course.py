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

from rag.study.quiz import Material, term_pool
from rag.study.quiz.kinds import structure_drafts
from rag.study.quiz.relevance import topic_weights
from rag.study.quiz.statements import statement_drafts
from rag.study.quiz.units import passage_units, sequence_steps, sequences
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
    chunk = passage(QUERY_PROCESSING, section="5. Query Processing")
    texts = [QUERY_PROCESSING, *["Databases store tables of rows."] * 6]
    weights = topic_weights("Stages of query processing", texts)
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.0] * len(c), weights=weights,
                        topic="Stages of query processing")  # fmt: skip
    units = passage_units(0, chunk)
    for unit in units:
        unit.relevance = 0.8
    drafts = structure_drafts(material, units, ["mcq", "short"], random.Random(1))
    order = {(d.item.meta.get("after") or d.item.meta.get("before"), d.item.answer)
             for d in drafts if d.item.kind == "order"}  # fmt: skip
    assert ("Parsing", "Semantic analysis") in order  # right after Parsing
    assert ("Execution", "Optimisation") in order  # right before Execution


def test_an_arrow_line_starts_at_its_first_step_not_at_the_words_leading_into_it() -> None:
    line = "- `SELECT` is logically evaluated FROM → WHERE → GROUP BY → HAVING → SELECT."
    assert sequence_steps(line) == ["FROM", "WHERE", "GROUP BY", "HAVING", "SELECT"]
    assert sequence_steps("Data Collection → Preprocessing → Model Training → Evaluation") == [
        "Data Collection", "Preprocessing", "Model Training", "Evaluation",
    ]  # fmt: skip


def test_a_code_name_glossed_after_a_dash_is_a_list_term_and_no_statement() -> None:
    chunk = passage(SELECT_ORDER, section="The logical order of a SELECT statement")
    pool, lines = term_pool([chunk])
    heads = {entry.term.text for entry in pool if "head" in entry.families}
    assert {"FROM", "WHERE", "GROUP BY", "HAVING", "SELECT"} <= heads
    material = Material([chunk], pool, lines, lambda a, c: [0.0] * len(c))
    having = next(u for u in passage_units(0, chunk) if u.text.startswith("HAVING"))
    assert statement_drafts(chunk, having, material, random.Random(0)) == []
