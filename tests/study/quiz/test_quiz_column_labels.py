"""Table items whose column label is no noun read as English (session 55).

"In “7. Arthropods as Vectors”, what is the parasites and pathogens transmitted of
Anopheles mosquitoes?" was asked of a parasitology table: the template put a column
label that joins two things and ends in a participle where a noun goes.
"""

from __future__ import annotations

from tests.study.quiz.test_quiz_eleventh_sheet import drafts

VECTORS = """### 7. Arthropods as Vectors

| Vector | Parasites and pathogens transmitted |
|---|---|
| Anopheles mosquitoes | Plasmodium (malaria) and lymphatic filariae |
| Tsetse flies | Trypanosoma brucei (sleeping sickness) |
| Sandflies | Leishmania species (leishmaniasis) |
| Triatomine bugs | Trypanosoma cruzi (Chagas disease) |
"""

PREVENTION = """### 4. Levels of prevention

| Level | Stage targeted |
|---|---|
| Primary prevention | Healthy people before the disease begins |
| Secondary prevention | Early disease found by screening before symptoms |
| Tertiary prevention | Established disease, to limit disability |
"""

DISCOVERIES = """### 2. Early microscopes

| Instrument | Year |
|---|---|
| Compound microscope | The Janssens, around 1590 |
| Single-lens microscope | Leeuwenhoek, in the 1670s |
"""


def test_a_label_that_joins_two_things_is_quoted_as_the_tables_column() -> None:
    asked = drafts(VECTORS, "7. Arthropods as Vectors", ("mcq", "short"))
    assert asked
    assert not any("the parasites and pathogens transmitted" in question for question in asked)
    assert any("“Parasites and pathogens transmitted”" in question for question in asked)


def test_a_label_ending_in_a_participle_is_quoted_as_the_tables_column() -> None:
    asked = drafts(PREVENTION, "4. Levels of prevention", ("mcq", "short"))
    assert asked
    assert not any("the stage targeted" in question for question in asked)
    assert any("“Stage targeted”" in question for question in asked)


def test_a_noun_label_still_reads_inside_the_question() -> None:
    asked = drafts(DISCOVERIES, "2. Early microscopes", ("mcq", "short"))
    assert any("has the year “" in q or "what is the year of" in q for q in asked), asked
