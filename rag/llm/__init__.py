"""Language models the answer chain can write with.

llama.cpp on a local GGUF file, and any OpenAI-compatible API.
"""
