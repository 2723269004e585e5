"""What the twenty-fourth check sheet (eval/quiz_check24_*.md: general chemistry and the
Age of Exploration, drafted items and the items of real quizzes) found, each case marked
by the majority of three raters; the sheet was drawn before these rules.
"""

from __future__ import annotations

from rag.study.quiz.timelines import sequences
from rag.text.sentences import split_sentences
from tests.study.quiz.samples import passage

BULLS = """The papal bulls and treaties that divided the world, in order:

1. **1455 — *Romanus Pontifex*.** Nicholas V confirmed a Portuguese monopoly south of Bojador.
2. **1479 — Treaty of Alcáçovas.** The Canaries went to Castile; Madeira and the Azores to Portugal.
3. **1493 — *Inter caetera*.** Alexander VI drew a line 100 leagues west of the Azores.
4. **1494 — Treaty of Tordesillas.** The line moved to 370 leagues west of Cape Verde.
"""


def test_a_dated_list_with_an_italic_title_is_a_timeline_of_its_events() -> None:
    """ "which step comes right before “**1479”?" keyed "**1455" (four items, three raters
    of three): the italic title inside the bold date line hid the events."""
    found = sequences(passage(BULLS, section="8. Dividing the World: Papal Bulls and Treaties"))
    steps = [steps for _, steps, _, _, _ in found]
    assert ["Romanus Pontifex", "Treaty of Alcáçovas", "Inter caetera",
            "Treaty of Tordesillas"] in steps  # fmt: skip
    assert not any(step.startswith("*") for seq in steps for step in seq)


def test_a_sentence_does_not_end_after_versus_in_a_case_name() -> None:
    """ "It was cited as late as 1823 in the _____ case *Johnson v." ended a question."""
    text = (
        "It was cited in 1823 in the Supreme Court case Johnson v. M'Intosh. Later cases followed."
    )
    assert split_sentences(text)[0].endswith("M'Intosh.")
