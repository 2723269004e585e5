"""Finding the passages for a question: the Chroma store, embeddings, BM25, fusion and reranking.

Only :mod:`rag.retrieval.store` imports chromadb, so a change of vector store touches one file.
"""
