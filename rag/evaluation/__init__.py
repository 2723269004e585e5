"""Measuring retrieval and answers: ranking metrics, BEIR datasets and the course question set."""
