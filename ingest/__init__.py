"""Ingest pipeline: load course files, split them along their structure, index them."""
