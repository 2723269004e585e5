"""What check sheets 32 and 33 (eval/quiz_check32_*.md, eval/quiz_check33_*.md, three
raters per item, majority deciding) found that a rule could mend. Both sheets were drawn
with the code before these rules.
"""

from __future__ import annotations

from rag.schema import Passage
from rag.study.quiz.facts import cloze_candidates, unit_facts
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


def test_no_blank_takes_a_name_and_leaves_its_number() -> None:
    """ "…as the crew of _____ 9 discovered…" keyed "British Airways Flight" (sheet 33,
    three raters of three: incorrect); a month before its year stays a fair blank."""
    text = (
        "Airborne ash melts inside jet engines, as the crew of British Airways Flight 9 "
        "discovered over Galunggung in June 1982."
    )
    passage = Passage("c1", text, "notes.md", "Notes", "3. Ash and aviation", 0, len(text))
    keys = [term.text for unit in passage_units(0, passage)
            for term, _ in cloze_candidates(unit)]  # fmt: skip
    assert "British Airways Flight" not in keys
    assert "Galunggung" in keys, "the sentence's other names are still asked"
