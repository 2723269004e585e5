"""Study assistant: answers questions about a course's material, with citations."""

__version__ = "0.1.0"
