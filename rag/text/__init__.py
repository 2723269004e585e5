"""Text handling shared by ingest, retrieval and the study tools."""
