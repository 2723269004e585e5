"""Quizzes drawn from the course material, each item verified against its source.

An item whose answer the course text does not support is worse than no item, so
every item, however it was made, passes the same checks before a student sees it
(:class:`Verifier`): its quote occurs verbatim in the indexed chunk, the quote
supports the answer and no distractor, the question gives nothing away, and no other
item asks the same thing.

The modules, one idea each, in the order a quiz is built:

* :mod:`~rag.study.quiz.model`: items, sources, the quiz (no imports from the package);
* :mod:`~rag.study.quiz.matching`: text matching on words, not typography;
* :mod:`~rag.study.quiz.units`: sentences, list items, table rows, key terms;
* :mod:`~rag.study.quiz.timelines`: the pipelines and timelines order items ask about;
* :mod:`~rag.study.quiz.relevance`: how much a unit is about the topic;
* :mod:`~rag.study.quiz.facts`: what a unit states that a question can ask for;
* :mod:`~rag.study.quiz.blanks`: which term of a sentence to blank, and which blanks to refuse;
* :mod:`~rag.study.quiz.distractors`: plausible wrong options;
* :mod:`~rag.study.quiz.drafts` and :mod:`~rag.study.quiz.kinds`: candidate items;
* :mod:`~rag.study.quiz.verify`: the checks; :mod:`~rag.study.quiz.selection`: choosing N;
* :mod:`~rag.study.quiz.llm`: items a language model writes (checked the same way);
* :mod:`~rag.study.quiz.build`: :func:`build_quiz`, the only part touching index and models;
* :mod:`~rag.study.quiz.grading` and :mod:`~rag.study.quiz.export`: answers and files.

Everything but :func:`build_quiz` and the model request in :mod:`~rag.study.quiz.llm` is
pure: text in, items out, with embeddings passed in as a function.

Example (after ``rag ingest``)::

    from rag import Assistant, Settings
    from rag.study.quiz import build_quiz, export, feedback

    quiz = build_quiz(Assistant(Settings()), "GANs and VAEs", n=5, seed=1)
    grade, line = feedback(1, quiz.items[0], "GANs")
    print(export(quiz, "md"))
"""

from rag.study.quiz.build import (
    MAX_PASSAGES,
    POOL_PASSAGES,
    QUIZ_MIN_RELEVANCE,
    build_quiz,
    item_types,
    section_passages,
    shortest_section_name,
)
from rag.study.quiz.distractors import embedding_similarity, pick_distractors, term_pool
from rag.study.quiz.drafts import Draft, Material, draft_items
from rag.study.quiz.export import (
    FORMATS,
    export,
    format_for_path,
    to_anki,
    to_csv,
    to_json,
    to_markdown,
)
from rag.study.quiz.grading import (
    Grade,
    feedback,
    grade_answer,
    grade_item,
    grade_response,
)
from rag.study.quiz.kinds import structure_drafts
from rag.study.quiz.model import (
    BLANK,
    DIFFICULTIES,
    DROP_REASONS,
    ITEM_KINDS,
    ITEM_TYPES,
    QUIZ_TYPES,
    STATEMENT_PREFIX,
    TRUE_FALSE,
    ItemKind,
    ItemSource,
    ItemType,
    Quiz,
    QuizItem,
    Similarity,
    describe_dropped,
)
from rag.study.quiz.relevance import distinctive_overlap, relevant_units, topic_weights
from rag.study.quiz.sections import home_passages, named_sections
from rag.study.quiz.selection import select_items
from rag.study.quiz.verify import Verifier, check_item

__all__ = [
    "BLANK",
    "DIFFICULTIES",
    "DROP_REASONS",
    "FORMATS",
    "ITEM_KINDS",
    "ITEM_TYPES",
    "MAX_PASSAGES",
    "POOL_PASSAGES",
    "QUIZ_MIN_RELEVANCE",
    "QUIZ_TYPES",
    "STATEMENT_PREFIX",
    "TRUE_FALSE",
    "Draft",
    "Grade",
    "ItemKind",
    "ItemSource",
    "ItemType",
    "Material",
    "Quiz",
    "QuizItem",
    "Similarity",
    "Verifier",
    "build_quiz",
    "check_item",
    "describe_dropped",
    "distinctive_overlap",
    "draft_items",
    "embedding_similarity",
    "export",
    "feedback",
    "format_for_path",
    "grade_answer",
    "grade_item",
    "grade_response",
    "home_passages",
    "item_types",
    "named_sections",
    "pick_distractors",
    "relevant_units",
    "section_passages",
    "select_items",
    "shortest_section_name",
    "structure_drafts",
    "term_pool",
    "to_anki",
    "to_csv",
    "to_json",
    "to_markdown",
    "topic_weights",
]
