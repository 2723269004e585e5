"""A table row read by its column names, also from a chunk that holds only rows (session 55).

"how much ATP does fermentation produce per glucose" was answered "ATP per glucose: Up to
38 (theoretical) (Fewer than aerobic; varies; 2)": the chunker had cut the table, the
chunk with the header was not retrieved, and a row of a table comparing its columns
named only the first. A student read 38.
"""

from __future__ import annotations

from pathlib import Path

from rag.answer.evidence import split_units
from rag.assistant import Assistant
from rag.retrieval.embeddings import Embedder
from tests.conftest import make_settings

COMPARISON = """## 7. Fermentation

| Feature | Aerobic respiration | Anaerobic respiration | Fermentation |
|---|---|---|---|
| Final electron acceptor | O2 | Inorganic molecule other than O2 | Organic molecule |
| ATP per glucose | Up to 38 (theoretical) | Fewer than aerobic; varies | 2 |
"""


def test_a_row_of_a_table_comparing_its_columns_names_every_column() -> None:
    rows = [u.text for u in split_units(0, COMPARISON) if u.kind == "table_row"]
    assert rows[1] == (
        "ATP per glucose — Aerobic respiration: Up to 38 (theoretical); Anaerobic "
        "respiration: Fewer than aerobic; varies; Fermentation: 2."
    )
    # A table of things and their attributes reads as before.
    models = (
        "| Model | Description | Examples |\n|---|---|---|\n| GANs | Two networks | StyleGAN |\n"
    )
    (row,) = split_units(0, models)
    assert row.text == "GANs: Two networks (examples: StyleGAN)."


def test_rows_cut_from_their_header_are_read_under_it(tmp_path: Path, embedder: Embedder) -> None:
    rows = "".join(
        f"| Trait {n} | value {n}a of the first kind | value {n}b of the second kind | "
        f"value {n}c of the third kind |\n"
        for n in range(1, 40)
    )
    notes = tmp_path / "course"
    notes.mkdir()
    (notes / "metabolism.md").write_text(
        "# Metabolism\n\n## 7. Fermentation\n\nFermentation regenerates NAD+.\n\n"
        "| Feature | Aerobic respiration | Anaerobic respiration | Fermentation |\n"
        "|---|---|---|---|\n" + rows
        + "| ATP per glucose | Up to 38 (theoretical) | Fewer than aerobic; varies | 2 |\n",
        encoding="utf-8",
    )  # fmt: skip
    settings = make_settings(tmp_path / "data", corpus_dir=notes, chunk_size=128, k=1)
    assistant = Assistant(settings, embedder=embedder)
    assert assistant.ingest([notes]).ok
    last = [c for c in assistant.store.iter_chunks() if "ATP per glucose" in c.text]
    assert last and "| Feature |" not in last[0].text, "the table is cut at ingest"
    # One passage retrieved: the header is not in another one.
    answer = assistant.ask("how much ATP does fermentation produce per glucose")
    assert "Fermentation: 2" in answer.answer, answer.answer


def test_a_table_is_labelled_by_the_line_announcing_it_at_the_end_of_the_chunk_before() -> None:
    """ "What were the Intolerable Acts and what did each one do?" quoted the line that
    announces the four Acts and no Act: the table opened the next chunk (a student's probe)."""
    from rag.answer.evidence import passage_units
    from rag.schema import Passage

    announcing = (
        "The **Boston Tea Party** convinced the king. In spring 1774 Parliament passed four "
        "measures known in America as the **Intolerable Acts**:"
    )
    table = """| Act (1774) | Provisions |
|---|---|
| Boston Port Act | Closed the port of Boston until the tea was paid for. |
| Quartering Act | Permitted troops to be lodged in unoccupied buildings. |"""

    def chunk(text: str, start: int) -> Passage:
        return Passage(
            id=f"acts-{start}", text=text, source="acts.md", title="Imperial crisis",
            section="8. The Coercive Acts", start=start, end=start + len(text),
        )  # fmt: skip

    first = chunk(announcing, 0)
    rows = [u for u in passage_units([chunk(table, first.end + 2), first]) if u.kind == "table_row"]
    assert len(rows) == 2
    assert all("known in America as the Intolerable Acts" in u.context for u in rows)
    # Not a chunk further on, nor one that announces nothing.
    far = [u for u in passage_units([chunk(table, first.end + 40), first]) if u.kind == "table_row"]
    assert not any("Intolerable" in u.context for u in far)
    # "…and what did each one do?" asks for every row, not the best three.
    from rag.answer.extractive import asks_for_several

    assert asks_for_several("What did each one do?")


def test_a_row_of_a_table_with_a_column_per_year_names_every_year_and_the_unit() -> None:
    """ "How much steel was the USSR producing by 1937?" showed "Steel: 4.3 (1932: 5.9;
    1937: 17.7)": 4.3 had no year, and "million tons" was lost (a student's probe)."""
    table = """| Product (million tons) | 1928 | 1932 | 1937 |
|---|---|---|---|
| Steel | 4.3 | 5.9 | 17.7 |
"""
    (steel,) = [u for u in split_units(0, table) if u.kind == "table_row"]
    assert steel.text == "Steel — 1928: 4.3; 1932: 5.9; 1937: 17.7 (million tons)."


def test_a_row_that_opens_with_a_state_names_every_column() -> None:
    """ "is the lac operon on or off if theres both glucose and lactose around??" showed
    "Present: Present (repressor on operator?: No; cap–camp bound?: No; transcription:
    Low)": neither sugar named, the headers lowered (a student's probe of genetics)."""
    table = """| Glucose | Lactose | Repressor on operator? | CAP–cAMP bound? | Transcription |
|---|---|---|---|---|
| Present | Present | No | No | Low |
| Adenine | Two rings | Purine | Yes | DNA and RNA |
"""
    both, named = [u for u in split_units(0, table) if u.kind == "table_row"]
    assert both.text == (
        "Glucose: Present; Lactose: Present; Repressor on operator?: No; "
        "CAP–cAMP bound?: No; Transcription: Low."
    )
    assert named.text.startswith("Adenine: Two rings (")  # a row with a name keeps its form


def test_a_row_whose_first_value_is_a_state_names_its_column() -> None:
    """ "Closed system (control mass): No (energy crosses boundary?: …)" did not say what is
    "No": mass crossing the boundary (a train question of the thermodynamics course)."""
    table = """| Type of system | Mass crosses boundary? | Energy crosses boundary? | Typical example |
|---|---|---|---|
| **Closed system** (control mass) | No | Yes (heat and work) | Gas in a piston |
"""
    (closed,) = split_units(0, table)
    assert closed.text == (
        "Closed system (control mass) — Mass crosses boundary?: No; "
        "Energy crosses boundary?: Yes (heat and work); Typical example: Gas in a piston."
    )
