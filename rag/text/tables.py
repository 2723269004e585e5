"""How a Markdown table row reads as a phrase, and which tables compare their columns.

Pure functions: the evidence units of an answer (:func:`rag.answer.evidence.split_units`)
quote rows this way, and quiz items (:mod:`rag.study.quiz.facts`) ask of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

ATTRIBUTE_LABELS = frozenset({
    "feature", "features", "property", "properties", "characteristic", "characteristics",
    "aspect", "aspects", "attribute", "attributes", "criterion", "criteria", "dimension",
    "dimensions", "issue", "issues", "question", "questions", "point", "points", "factor",
    "factors",
})  # fmt: skip
"""First header cells of a table whose rows are attributes and whose columns are the
things compared: "| Feature | Aerobic respiration | Anaerobic respiration | Fermentation |",
"| Feature | MHC class I | MHC class II |", "| Issue | Latin (Roman) position | Greek
(Byzantine) position |" (read "…(greek (byzantine) position: Leavened bread)", the Latin
side unnamed: a Byzantium probe)."""


_YEAR = re.compile(r"^(?:1[0-9]|20)\d\d$")
_UNIT = re.compile(r"\([^()]+\)$")
_ENDS_ON_YEAR = re.compile(r"\s(?:1[0-9]|20)\d\d$")
_BARE_NUMBER = re.compile(r"[~≈<>+−-]?\s*\d[\d.,]*(?:\s*(?:[–+×/-]|to)\s*\d[\d.,]*)*\s*%?")
"""A cell that is a number alone ("2", "50", "15–20%", "7 + 1", "46 to 1,500"), with no word of
what it counts."""


_STATE_VALUES = frozenset({
    "yes", "no", "present", "absent", "high", "low", "none", "true", "false", "on", "off",
    "+", "-", "−", "✓", "✗", "increased", "decreased", "normal", "raised", "up", "down",
    "positive", "negative", "accept", "accepted", "reject", "rejected", "replace", "replaced",
})  # fmt: skip
"""Cells that give a state, never a row's name: a table whose first column holds them
is a truth table ("Glucose | Lactose | … | Transcription"). A row whose second cell is one
names its column: Merton's "Innovation | Accept | Reject | Theft…" read "Innovation: Accept
(institutionalized means: Reject…)", accepting what unsaid (a criminology probe)."""


def row_text(cells: Sequence[str], headers: Sequence[str]) -> str:
    """A table row as a phrase: "first: second (third header: third; ...)".

    A row of a table comparing its columns names every column: "ATP per glucose — Aerobic
    respiration: Up to 38 (theoretical); Anaerobic respiration: Fewer than aerobic;
    varies; Fermentation: 2". Read as "ATP per glucose: Up to 38 (theoretical) (Fewer
    than aerobic; varies; 2)" it answered "how much ATP does fermentation produce per
    glucose" with 38 (a student's probe of a microbiology course).
    """
    filled = [(i, c) for i, c in enumerate(cells) if c]
    if not filled:
        return ""
    if len(filled) == 1:
        return filled[0][1]
    named = [h.strip() for h in headers]
    if (
        len(named) == len(cells) >= 3
        and all(_YEAR.match(h) for h in named[2:])
        and (_YEAR.match(named[1]) or _ENDS_ON_YEAR.search(named[1]))
        and filled[0][0] == 0
    ):
        # Columns of years: "Steel — 1928: 4.3; 1932: 5.9; 1937: 17.7 (million tons)".
        # Read as "Steel: 4.3 (1932: 5.9; 1937: 17.7)", the first value had no year and
        # the unit of the first header was lost (a student's probe of a history course).
        # The first year may come with what is counted: "City | Black population 1910 |
        # 1920 | 1930" (a Harlem Renaissance probe read "New York: about 92,000 (1920: …)").
        values = "; ".join(f"{named[i]}: {c.rstrip('.')}" for i, c in filled[1:])
        unit = _UNIT.search(named[0])
        return f"{filled[0][1]} — {values}" + (f" {unit.group()}" if unit else "")
    if (
        len(named) == len(cells) >= 3
        and (
            not named[0]
            or named[0].lower() in ATTRIBUTE_LABELS
            # A state needs its column: "Closed system (control mass): No (energy crosses
            # boundary?: …)" did not say what is "No" (mass crossing the boundary).
            or (
                filled[1][1].strip().lower() in _STATE_VALUES
                and filled[0][1].strip().lower() not in _STATE_VALUES
            )
            # Columns of two kinds of one thing: "Sign | UMN lesion | LMN lesion" read "Tone:
            # Increased (spasticity) (lmn lesion: Decreased)", the UMN side unnamed (a
            # neuroanatomy probe).
            # Or "Vice of deficiency | Virtue (mean) | Vice of excess": "Fear and confidence:
            # Cowardice (virtue (mean): Courage…)" read as if cowardice were the virtue (an
            # ethics probe).
            or (len(named) >= 3 and any(_parallel([named[1], other]) for other in named[2:]))
        )
        and all(named[1:])
        and filled[0][0] == 0
    ):
        # Headers as written: "Gram-positive" is a name, lowered it read "gram-positive".
        values = "; ".join(f"{named[i]}: {c.rstrip('.')}" for i, c in filled[1:])
        # "Log holes allowed? — paxos: Yes…" would read as two sentences, the first a
        # question; the label asks nothing once its values follow.
        return f"{filled[0][1].rstrip('?')} — {values}"
    if (
        len(named) == len(cells) >= 3
        and all(named)
        and filled[0][0] == 0
        and filled[0][1].strip().lower() in _STATE_VALUES
    ):
        # A row that opens with a state, not a name: "Present | Present | No | No | Low"
        # read "Present: Present (repressor on operator?: No; …)" and said nothing of
        # glucose and lactose (a student's probe of a genetics course). Every column
        # is named, headers as written.
        return "; ".join(f"{named[i]}: {c.rstrip('.')}" for i, c in filled)
    if (
        len(named) == len(cells)
        and all(named[1:])
        and filled[0][0] == 0
        and filled[1][0] == 1
        and _BARE_NUMBER.fullmatch(filled[1][1].strip())
    ):
        # A bare number says nothing without its column: "Blood glucose: 2 (atp produced:
        # 4; …)" hid that 2 ATP are used, "0.85: 50 (% energy from fat: 50)" which 50 is
        # carbohydrate (a student's probe of an exercise physiology course).
        values = "; ".join(f"{named[i]}: {c.rstrip('.')}" for i, c in filled[1:])
        return f"{filled[0][1]} — {values}"
    if len(named) == len(cells) == 2 and _parallel(named):
        # Two lists side by side, not a key and its value: "Push factors (the South) | Pull
        # factors (the North)" read "Lynching and white violence: Industrial jobs…", as
        # if one led to the other (a Harlem Renaissance probe).
        return "; ".join(f"{named[i]}: {c.rstrip('.')}" for i, c in filled)
    (_, first), (_, second), *rest = filled
    text = f"{first}: {second.rstrip('.')}"
    extras = []
    for index, cell in rest:
        header = headers[index] if index < len(headers) and headers[index] else ""
        extras.append(f"{header.lower()}: {cell.rstrip('.')}" if header else cell.rstrip("."))
    return text + (f" ({'; '.join(extras)})" if extras else "")


def row_subject(cells: Sequence[str], headers: Sequence[str]) -> str:
    """What a row is about: its first cell, or nothing when its columns are two lists.

    >>> row_subject(["Osmosis", "Down"], ["Process", "Direction"])
    'Osmosis'
    >>> row_subject(["Lynching", "Industrial jobs"], ["Push factors", "Pull factors"])
    ''
    """
    if len(headers) == len(cells) == 2 and _parallel([h.strip() for h in headers]):
        return ""
    return next((c for c in cells if c), "")


_QUALIFIER = re.compile(r"for|against|of|on|from|with|that|[a-z]+ing")
"""A word after a noun that begins what qualifies it ("evidence *for*…", "*suggesting*")."""


def _parallel(headers: Sequence[str]) -> bool:
    """Whether two columns' headers name two kinds of one thing: "Push factors", "Pull factors".

    >>> _parallel(["Push factors (the South)", "Pull factors (the North)"])
    True
    >>> _parallel(["Term", "Meaning"]), _parallel(["Factor", "Factors"])
    (False, False)
    >>> _parallel(["Evidence suggesting influence", "Evidence for independence"])
    True
    >>> _parallel(["Cell type", "Cell function"])
    False
    """
    heads = [re.sub(r"\s*\([^)]*\)", "", h).lower().split() for h in headers]
    if not all(len(h) >= 2 for h in heads):
        return False
    # Or one noun qualified after it: "Evidence suggesting Olmec influence", "Evidence for
    # independent development" (an ancient Maya probe read "Olmec-style jade…: Ceibal and
    # Aguada Fénix are as old…" as one claim); not "Cell type", "Cell function".
    qualified = all(_QUALIFIER.fullmatch(h[1]) for h in heads) and heads[0][0] == heads[1][0]
    return qualified or heads[0][-1] == heads[1][-1]
