"""Flag text in course files that tries to instruct the model (indirect prompt injection).

Pure string checks. A finding does not block the file: teachers may legitimately
write about prompt injection. It is reported so a person can look.
"""

from __future__ import annotations

import re

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\U000e0000-\U000e007f]")
_OVERRIDE = (
    r"\b(ignore|disregard|forget)\b.{0,40}\b(previous|prior|above|earlier|all)\b.{0,40}"
    r"\b(instructions?|prompts?|rules|context)\b"
)
_INSTRUCTION = re.compile(
    _OVERRIDE + r"|\b(you are now|new instructions?|system prompt)\b", re.IGNORECASE | re.DOTALL
)
# Narrower, for leaving sentences out of answers: a course on LLMs may well say "system prompt".
_OVERRIDE_INSTRUCTION = re.compile(_OVERRIDE, re.IGNORECASE | re.DOTALL)
_REMOTE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(https?:)?//[^)\s]*[?#=]", re.IGNORECASE)
"""An outside image whose URL carries a query: the shape that would send data out if a
renderer fetched it. Plain illustrations (``https://host/figure.jpg``) are normal in
course notes, never fetched (:mod:`rag.text.render` shows their alt text), and not flagged."""
_ACTIVE_HTML = re.compile(r"<\s*(script|iframe|object|embed)\b|\son\w+\s*=", re.IGNORECASE)
_MARKUP_IMAGE = re.compile(r"<\s*img\b[^>]*\bsrc\s*=\s*[\"']?\s*(https?:)?//", re.IGNORECASE)


def strip_invisible(text: str) -> str:
    """``text`` without zero-width, bidi-control and Unicode tag characters.

    Nobody reading a course file sees them, but a language model reads them, so
    text hidden in them must not reach a prompt or an answer.
    """
    return _INVISIBLE.sub("", text)


def looks_like_instruction(text: str) -> bool:
    """True for a sentence telling a model to drop its rules ("ignore previous instructions")."""
    return _OVERRIDE_INSTRUCTION.search(strip_invisible(text)) is not None


def scan_markup(html: str) -> list[str]:
    """Findings in an HTML file's markup, which the loader drops before indexing."""
    findings = []
    if _ACTIVE_HTML.search(html):
        findings.append("active HTML (script or event handler) in the markup; removed, never run")
    if _MARKUP_IMAGE.search(html):
        findings.append("image pointing at an outside URL in the markup; removed, never fetched")
    return findings


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
        findings.append(
            "Markdown image pointing at an outside URL with a query string (never fetched)"
        )
    if _ACTIVE_HTML.search(text):
        findings.append("active HTML (script or event handler); shown as text only")
    return findings
