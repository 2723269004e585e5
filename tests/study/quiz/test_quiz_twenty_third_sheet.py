"""What the twenty-third check sheet (eval/quiz_check23_*.md: sociology and ancient
Egypt, drafted items and the items of real quizzes) found, each case marked by the
majority of three raters; the sheet was drawn before this rule.
"""

from __future__ import annotations

import random

from rag.study.quiz import Material, term_pool
from rag.study.quiz.kinds import structure_drafts, topic_span
from rag.study.quiz.relevance import relevant_units, topic_weights
from tests.study.quiz.samples import passage
from tests.study.quiz.test_quiz_kinds import trigram_similarity

TIMELINE = """Egypt's last native dynasties, the Persians and the Ptolemies:

| Date (BCE) | Event |
|---|---|
| 664 | Psamtik I founds the Saite 26th Dynasty |
| 525 | Cambyses II conquers Egypt at Pelusium |
| 404 | Egypt regains independence from Persia |
| 343 | Artaxerxes III defeats Nectanebo II, the last native pharaoh |
| 332–331 | Alexander in Egypt; Alexandria founded |
| 51 | Accession of Cleopatra VII |
| 31 | Battle of Actium |
| 30 | Deaths of Antony and Cleopatra; Egypt becomes a Roman province |
"""
SECTION = "9. Cleopatra VII and the Roman Annexation"
TOPIC = "Cleopatra VII, Caesar and Antony, and the Roman annexation of Egypt"
OTHER_SECTIONS = [
    f"{n}. The Old Kingdom: Egypt's pyramids, nomes and the pharaoh's court." for n in range(1, 9)
]


def test_a_timeline_is_about_the_topic_between_the_rows_that_name_it() -> None:
    """ "Which event comes right after “Psamtik I founds the Saite 26th Dynasty”?" and
    "Which option matches 525 and 404…" in a quiz on Cleopatra: six items, three raters
    of three said off topic."""
    chunk = passage(TIMELINE, section=SECTION)
    weights = topic_weights(TOPIC, [f"{SECTION} {TIMELINE}", *OTHER_SECTIONS])
    events = [line.split("|")[2].strip() for line in TIMELINE.splitlines()[4:]]
    assert topic_span(events, weights) == range(5, 8)
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, trigram_similarity, [chunk], weights, TOPIC)
    units = relevant_units([chunk], {}, weights, gate=False)
    drafts = structure_drafts(material, units, ["mcq", "short"], random.Random(1))
    asked = [d.item for d in drafts if d.item.kind in ("order", "comparison")]
    assert asked, "the rows of her reign are still asked about"
    late = {"51", "31", "30", "Accession of Cleopatra VII", "Battle of Actium",
            "Deaths of Antony and Cleopatra; Egypt becomes a Roman province"}  # fmt: skip
    for item in asked:
        if item.kind == "comparison":
            rows = {item.meta["left"], item.meta["right"]}
        else:  # the step asked about and the step answered
            rows = {item.answer, *map(str, item.meta.values())}
        assert rows <= late, item.question
