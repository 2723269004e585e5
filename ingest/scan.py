"""Flag text in course files that tries to instruct the model (indirect prompt injection).

Pure string checks. A finding does not block the file: teachers may legitimately
write about prompt injection. It is reported so a person can look.
"""

from __future__ import annotations

import re

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\U000e0000-\U000e007f]")
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(previous|prior|above|earlier|all)\b.{0,40}"
    r"\b(instructions?|prompts?|rules|context)\b"
    r"|\b(you are now|new instructions?|system prompt)\b",
    re.IGNORECASE | re.DOTALL,
)
_REMOTE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(https?:)?//", re.IGNORECASE)
_ACTIVE_HTML = re.compile(r"<\s*(script|iframe|object|embed)\b|\son\w+\s*=", re.IGNORECASE)


def scan_for_injection(text: str) -> list[str]:
    """Human-readable findings, one per kind of suspicious content found."""
    findings: list[str] = []
    invisible = _INVISIBLE.findall(text.lstrip("\ufeff"))
    if invisible:
        findings.append(
            f"{len(invisible)} invisible characters (zero-width or Unicode tag) that can hide "
            "instructions"
        )
    match = _INSTRUCTION.search(_INVISIBLE.sub("", text))
    if match:
        findings.append(f"text that reads like an instruction to the model: '{match.group(0)}'")
    if _REMOTE_IMAGE.search(text):
        findings.append("Markdown image pointing at an outside URL (never fetched)")
    if _ACTIVE_HTML.search(text):
        findings.append("active HTML (script or event handler); shown as text only")
    return findings
