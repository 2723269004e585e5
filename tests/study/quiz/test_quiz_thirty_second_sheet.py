"""What check sheet 32 (eval/quiz_check32_*.md, three raters per item, majority deciding)
found that a rule could mend. Sheet 33 was drawn with the code before these rules.
"""

from __future__ import annotations

from rag.schema import Passage
from rag.study.quiz.facts import unit_facts
from rag.study.quiz.units import passage_units

OUTBREAK_STEPS = (
    "1. **Establish the existence of an outbreak** — to compare current case counts "
    "with previous weeks or years.\n"
    "2. **Perform descriptive epidemiology** — characterise by person, place and time.\n"
    "3. **Communicate findings** — to authorities and the public.\n"
)


def skills(text: str) -> dict[str, set[str]]:
    """The kinds of fact each list head gives, by the head's name."""
    passage = Passage("c1", text, "notes.md", "Notes", "6. Investigating an Outbreak", 0,
                      len(text))  # fmt: skip
    found: dict[str, set[str]] = {}
    for unit in passage_units(0, passage):
        for fact in unit_facts(unit, passage):
            found.setdefault(fact.term, set()).add(fact.skill)
    return found


def test_a_description_saying_to_whom_is_no_purpose() -> None:
    """ "What are Communicate findings for?" was keyed "to authorities and the public"
    among activities (three raters of three: implausible options)."""
    found = skills(OUTBREAK_STEPS)
    assert "purpose" not in found["Communicate findings"]
    assert "definition" in found["Communicate findings"], "it is still a described step"
    assert "purpose" in found["Establish the existence of an outbreak"], "to + verb is a purpose"
