"""Writing the answer from retrieved passages.

Evidence selection, the decision to answer, the generators, the per-sentence
support check and the citations.
"""
