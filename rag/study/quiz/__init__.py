"""Quizzes drawn from the course material, each item verified against its source span."""
