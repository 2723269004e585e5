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
