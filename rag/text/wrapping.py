"""Lines a writer wrapped by hand: one sentence or list item over several lines.

Course notes are often wrapped at 72 or 80 columns, in Markdown and plain text alike.
Read a line at a time, "The most important is the G1 checkpoint, also" and "called the
restriction point: a cell that passes it is committed to divide." were two units, and
the second was quoted as the answer to "What is the restriction point?". These rules
say when a line goes on from the one before it. Pure text: no models.
"""

from __future__ import annotations

import re

from rag.text.markdown import FENCE, HEADING, LIST_MARKER, RULE

_ENDS_CLAUSE = re.compile(r"[.!?:;][\"'”’)\]*_]*$")
"""A line that ends a sentence or announces what follows (a closing quote, bracket or
emphasis marker may follow the punctuation)."""


def runs_on(line: str) -> bool:
    r"""Whether a line stops mid-sentence, so that the next line of its block continues it.

    A Markdown hard break (two trailing spaces or a backslash) ends the line on purpose.

    >>> runs_on("The most important is the G1 checkpoint, also\n")
    True
    >>> runs_on("mitosis begins."), runs_on("three mechanisms:"), runs_on("**Done.**")
    (False, False, False)
    >>> runs_on("Explore platforms like Hugging Face  \n"), runs_on("")
    (False, False)
    """
    body = line.rstrip("\r\n")
    if not body.strip() or body.endswith(("  ", "\\", "\t")) or starts_block(body):
        return False
    return not _ENDS_CLAUSE.search(body.rstrip())


def starts_block(line: str) -> bool:
    """Whether a line stands apart: a heading, rule, code fence or table row.

    A list item's own line is not one: it runs on into its continuation
    (:func:`continues_item`).
    """
    stripped = line.strip()
    return bool(
        HEADING.match(line) or RULE.match(stripped) or FENCE.match(line) or stripped.startswith("|")
    )


_TERM_LINE = re.compile(r"^\s*(?:\*\*|__)?[A-Z0-9][^:.!?]{0,40}?(?:\*\*|__)?:\s")
"""A line of its own that names a term first ("MX: names the mail server")."""


WRAP_WIDTH = 50
"""A line at least this long that stops mid-sentence was wrapped; notes that put short
items a line each without bullets ("Key ideas" / "Noise is added step by step") are not
one sentence. Hand-wrapped notes fill lines to 72 or 80 columns."""


def continues_paragraph(line: str, previous: str) -> bool:
    """Whether ``line`` goes on with the paragraph line ``previous``.

    ``previous`` stops mid-sentence and is full (or ``line`` starts in lower case), and
    ``line`` opens nothing of its own: no list item, and no capitalised term and colon
    (notes give terms a line each without bullets: "MX: names the mail server").

    >>> previous = "The most important is the G1 checkpoint of the cycle, also"
    >>> continues_paragraph("called the restriction point: a cell…", previous)
    True
    >>> continues_paragraph("MX: names the mail server", "A: maps a name to an IPv4 address")
    False
    >>> continues_paragraph("Noise is added step by step", "Key ideas")
    False
    """
    return (
        bool(line.strip()) and runs_on(previous) and not opens_unit(line)
        and not starts_block(line) and not LIST_MARKER.match(previous)
        and (len(previous.strip()) >= WRAP_WIDTH or line.lstrip()[:1].islower())
    )  # fmt: skip


def opens_unit(line: str) -> bool:
    """Whether a line starts a unit of its own: a list item or a term and its colon."""
    return bool(LIST_MARKER.match(line) or _TERM_LINE.match(line))


def continues_item(line: str, previous: str) -> bool:
    """Whether ``line`` goes on with a list item or term line (or its last line) ``previous``.

    An indented line does (CommonMark's continuation); an unindented one only when the
    item stopped mid-sentence and the line starts in lower case.

    >>> item = "1. **Prophase.** The chromatin condenses into visible chromosomes, each made of"
    >>> continues_item("   two sister chromatids joined at the centromere", item)
    True
    >>> continues_item("2. **Metaphase.** The chromosomes line up", item)
    False
    >>> continues_item("The next paragraph.", "- Deployment: FastAPI, Docker, cloud services")
    False
    """
    if not line.strip() or starts_block(line) or opens_unit(line):
        return False
    indented = line[:1] in (" ", "\t")
    return indented or (runs_on(previous) and line.lstrip()[:1].islower())


def _displayed(relations: str) -> re.Pattern[str]:
    """A formula set on a line of its own, its sides joined by one of ``relations``."""
    return re.compile(rf"^(?:\$\$.*\$\$|\\\[.*\\\]|\**`?[^.!?:]*[{relations}][^.!?:]*`?\**)$")


_BRIDGED, BRIDGED_WIDTH = _displayed("="), 60
"""A formula a sentence goes on past: "**n = c / v**", "$$E = mc^2$$". The splitter joins
chunks on it (:mod:`ingest.split`), so it stays as indexes were built with it."""
_DISPLAYED, DISPLAYED_WIDTH = _displayed("=≈≤≥∝≡"), 90
"""A formula a sentence ends on, read when answering only: also "T ≈ 16 e^{−2κL}" (a quantum
probe lost the thick-barrier formula), up to the three Pauli matrices on one line."""


def bridges_formula(before: str, formula: str, after: str) -> bool:
    """Whether a sentence goes on from ``before``'s last line past ``formula`` to ``after``.

    Physics notes write "…The ratio", then "**n = c / v**" on a line of its own, then "is
    called the **index of refraction**…": read a paragraph at a time, the answer to "What
    is the index of refraction?" began "is called the index of refraction" (a student's
    probe of an optics course).

    >>> bridges_formula("The ratio", "**n = c / v**", "is called the index.")
    True
    >>> bridges_formula("The ratio", "**n = c / v**", "It is called n.")
    False
    """
    formula = formula.strip()
    last = before.rstrip().rsplit("\n", 1)[-1]
    return (
        runs_on(last) and len(formula) <= BRIDGED_WIDTH and bool(_BRIDGED.match(formula))
        and after.lstrip()[:1].islower()
    )  # fmt: skip


def formula_bridged(lines: list[str], blank: int) -> int:
    """The line a sentence goes on at past a formula set apart (:func:`bridges_formula`), or -1.

    ``blank`` is the blank line after the sentence's opening lines.

    >>> formula_bridged(["The ratio", "", "**n = c / v**", "", "is called the index."], 1)
    4
    """
    beyond = [at for at in range(blank, len(lines)) if lines[at].strip()][:2]
    if not beyond:
        return -1
    formula = beyond[0]
    if len(beyond) == 2 and bridges_formula(lines[blank - 1], lines[formula], lines[beyond[1]]):
        return beyond[1]
    return formula + 1 if ends_on_formula(lines[blank - 1], lines[formula]) else -1


def ends_on_formula(before: str, formula: str) -> bool:
    r"""Whether a sentence ends on a formula set on a line of its own, after ``before``.

    "…so V = Ed = Qd/(ε₀A) and", then "C = ε₀A / d." was quoted as "…so V = Ed = Qd/(ε₀A)
    and", the capacitance asked for left out; "Gauss's law… states" lost its equation
    (students' probes of an electromagnetism course).

    >>> ends_on_formula("V = Ed = Qd/(ε₀A) and", "  C = ε₀A / d."), ends_on_formula("So:", "C = 1.")
    (True, False)
    >>> ends_on_formula("(1947), substitutes", "$$s=\\frac{2}{T}.$$")
    True
    """
    formula = formula.strip()
    # Or its full stop inside the display math: "…Arnold Tustin (1947), substitutes", then
    # "$$s=\frac{2}{T}\,\frac{1-z^{-1}}{1+z^{-1}}.$$" (a signal-processing probe quoted the
    # sentence without its formula).
    for closing in ("$$", "\\]"):
        if formula.endswith(f".{closing}"):
            formula = f"{formula[: -len(closing) - 1]}{closing}."
    last = before.rstrip().rsplit("\n", 1)[-1]
    return (
        runs_on(last) and formula.endswith(".") and len(formula) <= DISPLAYED_WIDTH
        and bool(_DISPLAYED.match(formula[:-1].rstrip()))
    )  # fmt: skip
