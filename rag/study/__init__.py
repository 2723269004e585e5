"""Study tools built on retrieval.

Quizzes (:mod:`rag.study.quiz`) and coverage reports (:mod:`rag.study.coverage`).
"""
