"""What counts as a question: the one check the CLI, the chat and the app share."""

from __future__ import annotations

from rag.errors import QuestionError

MAX_QUESTION_CHARS = 2000
"""Longest question accepted. A study question is a sentence or two; 2,000 characters
is a long paragraph. Longer input is almost always a pasted document, which would be
embedded as one blurred vector and written whole into the question log."""


def check_question(text: str) -> str:
    """The question without surrounding blanks.

    Raises:
        QuestionError: It is empty, or longer than :data:`MAX_QUESTION_CHARS`.
    """
    question = text.strip()
    if not question:
        raise QuestionError("the question is empty; type what you want to know")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(question):,} characters long; the limit is "
            f"{MAX_QUESTION_CHARS:,}: ask about one thing at a time"
        )
    return question
