"""Defaults for the libraries we drive, set before any of them is imported.

Apart from :mod:`rag.settings` so that ``rag --help`` and the other cheap commands
can set them without importing pydantic: only environment *defaults* live here;
our own configuration is read by :class:`rag.settings.Settings` alone.
"""

from __future__ import annotations

import os


def prepare_environment() -> None:
    """Defaults for the libraries we drive, set once before any of them is imported.

    Models are never downloaded at run time (``HF_HUB_OFFLINE``), tokenizers do not
    fork threads behind our progress bars, and Chroma sends no telemetry. A value the
    user set wins.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
