"""What check sheets 32 to 34 (eval/quiz_check32_*.md to eval/quiz_check34_*.md, three
raters per item, majority deciding) found that a rule could mend. Each sheet was drawn
with the code before the rules its items suggested.
"""

from __future__ import annotations

from rag.schema import Passage
from rag.study.quiz.blanks import cloze_candidates
from rag.study.quiz.facts import unit_facts
from rag.study.quiz.units import passage_units
from tests.study.quiz.samples import comparisons

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


LANDFORMS = """## 7. Volcanic Landforms

| Landform | Shape and slopes | Magma |
|---|---|---|
| Shield volcano | Broad, gentle slopes of a few degrees | Basaltic |
| Stratovolcano | Steep (up to 30–35°), concave upward | Andesite–dacite |
| Scoria (cinder) cone | Small cone at ~33°, the angle of repose of scoria | Basaltic |
| Lava dome | Steep mound or spine | Dacite–rhyolite |
"""


def test_no_option_gives_a_row_a_description_naming_another_row() -> None:
    """ "Stratovolcano — Small cone at ~33°, the angle of repose of scoria" in three of
    four options (sheet 33, raters: implausible); the scoria cone's own rows are fair."""
    items = comparisons(LANDFORMS, "7. Volcanic Landforms")
    assert items, "the landforms are still compared"
    for item in items:
        for option in item.options:
            for part in option.split("; "):
                name, description = part.split(" — ", 1)
                if "scoria" in description:
                    assert name.startswith("Scoria"), option


def blank_keys(text: str) -> list[str]:
    passage_ = Passage("c1", text, "notes.md", "Notes", "1. Notes", 0, len(text))
    return [term.text for unit in passage_units(0, passage_) for term, _ in cloze_candidates(unit)]


def test_no_blank_on_one_of_a_sentence_s_examples() -> None:
    """ "…after a regulator such as the FDA or _____" keyed "EMA" (sheet 34, three raters
    of three: the MHRA fits as well); a list the sentence states as fact stays."""
    examples = ("New drugs face post-marketing surveillance after approval by a regulator "
                "such as the FDA or the EMA in their first years.")  # fmt: skip
    assert not {"FDA", "EMA"} & set(blank_keys(examples))
    stated = "Xunzi's pupils included Han Fei and Li Si, the leading Legalists of Qin."
    assert "Han Fei" in blank_keys(stated)


def test_no_blank_on_an_abbreviation_its_words_spell() -> None:
    """ "…and diacylglycerol (_____), which activates protein kinase C" keyed "DAG"
    (sheet 34, three raters of three: given away)."""
    text = ("Gq activates **phospholipase C**, producing diacylglycerol (DAG), which activates "
            "protein kinase C in the membrane.")  # fmt: skip
    keys = blank_keys(text)
    assert "DAG" not in keys
    assert keys, "the sentence's other terms are still asked"


def test_no_typed_answer_carries_a_date_or_four_words() -> None:
    """ "_____, the key to Hungary, which had resisted Mehmed II." keyed "Belgrade (1521)"
    (sheet 35, three raters of three: incorrect, the date read as part of the answer);
    "shifts _____" keyed "to the right in parallel" (sheet 34: incorrect)."""
    dated = ("Süleyman's first campaign took **Belgrade (1521)**, the key to Hungary, which "
             "had resisted Mehmed II for decades.")  # fmt: skip
    assert "Belgrade (1521)" not in blank_keys(dated)
    long = ("With a competitive antagonist the agonist curve shifts **to the right in "
            "parallel**, with no change in Emax at high doses.")  # fmt: skip
    assert "to the right in parallel" not in blank_keys(long)
    named = ("**Generative Adversarial Networks (GANs)** pit a generator against a "
             "discriminator in a two-player game.")  # fmt: skip
    assert "Generative Adversarial Networks (GANs)" in blank_keys(named), "either name typed"


def test_a_bracketed_possessive_stays_in_its_name() -> None:
    """ "**May 14 (Mother's Day)** – Outside Anniston…" was asked as "How does the course
    describe Day)?" and keyed "Day)" (sheet 36, three raters of three: incorrect)."""
    line = ("2. **May 14 (Mother's Day)** – Outside **Anniston, Alabama**, a mob firebombed "
            "the Greyhound bus; riders escaped and were beaten.")  # fmt: skip
    found = skills(line)
    assert "May 14 (Mother's Day)" in found and "Day)" not in found


def test_no_key_runs_into_the_next_sentence() -> None:
    """ "…held at 2000 _____ the negative plate…" keyed "V. At" (sheet 37, twice)."""
    text = ("A proton starts from rest at the positive plate of a pair held at 2000 V. At "
            "the negative plate its kinetic energy is 2000 eV, about 3.2 × 10⁻¹⁶ J.")  # fmt: skip
    assert not any(". " in key for key in blank_keys(text))


PHASES = """## 1. Periodization

| Phase | Approximate dates | Features |
|---|---|---|
| Early Harappan | c. 3300–2600 BCE | Regional cultures, first towns |
| Mature Harappan | c. 2600–1900 BCE | Planned cities, writing, long-distance trade |
| Late Harappan | c. 1900–1300 BCE | De-urbanisation and regional cultures |
| Early Vedic | c. 1500–1100 BCE | Rigveda composed in the Punjab |
"""


def test_no_comparison_of_phases_their_names_order() -> None:
    """ "Which option matches Early Harappan and Late Harappan each with its approximate
    dates?" offered the late phase the early dates (sheet 36: three comparisons, three
    raters of three on each: implausible options)."""
    pairs = [{item.meta["left"], item.meta["right"]}
             for item in comparisons(PHASES, "1. Periodization")]  # fmt: skip
    assert pairs, "other rows are still compared"
    assert not any(len({name.split()[-1] for name in pair}) == 1 for pair in pairs), pairs


TIMUR = """## 8. Timur (Tamerlane), 1370–1405

| Date | Outcome |
|---|---|
| 1370s | Secured Transoxiana's frontiers against the Chagatai khans |
| 1381–1387 | Herat submitted; Isfahan massacred (1387) |
| 1398 | Sack of Delhi; immense booty and captive artisans |
| 1401 | Baghdad sacked after a long siege of the city |
| July 1402 | Battle of Ankara; Sultan Bayezid I captured alive |
"""


def test_no_dated_row_is_offered_a_description_dated_elsewhere() -> None:
    """ "1398 — Timur died at Otrar in February 1405" among the options (sheet 38, two
    comparisons, raters: implausible); rows whose descriptions hold no date are fair."""
    items = comparisons(TIMUR, "8. Timur (Tamerlane), 1370–1405")
    assert items, "the undated descriptions are still compared"
    for item in items:
        assert "(1387)" not in " ".join(item.options), item.options
