"""What the rated comparisons of check sheets 2 to 54 (eval/quiz_check*_ratings.json,
three raters per item on the later sheets, majority deciding) found that a rule could
mend: a table of unlike things, and a description labelled by another row's name.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from rag.retrieval.embeddings import Embedder
from rag.study.quiz import Material, structure_drafts
from rag.study.quiz.distractors import LineIndex, embedding_similarity
from rag.study.quiz.kinds import names_pick_descriptions
from rag.study.quiz.matching import names_a_row
from rag.study.quiz.model import Similarity
from rag.study.quiz.units import passage_units
from tests.study.quiz.samples import passage

ZONES = """| Zone | Examples | What it meant for travel and trade |
|---|---|---|
| **Steppe** | Mongolian plateau, Kazakh steppe | Grassland ideal for horses and herds; home of mobile pastoralists; fast east–west movement but few towns |
| **Desert basins** | Taklamakan (Tarim Basin), Gobi, Karakum | Little water; travel only from oasis to oasis; Bactrian camels essential |
| **Oases** | Dunhuang, Turfan, Kucha, Kashgar, Khotan, Samarkand, Merv | Irrigated islands fed by snowmelt; markets, garrisons, monasteries, caravan stops |
| **Mountain barriers** | Pamirs, Tian Shan, Kunlun, Hindu Kush | Crossed only through high passes, often closed in winter |
| **River valleys** | Oxus (Amu Darya), Jaxartes (Syr Darya), Indus, Tigris–Euphrates | Dense farming populations, cities, links to sea routes |
"""

CULTURES = """| Culture | Approx. dates (BCE) | Diagnostic features |
|---|---|---|
| Badarian | c. 4400–4000 | "Rippled" pottery; contracted burials; cosmetic palettes |
| Naqada I (Amratian) | c. 4000–3500 | Black-topped red ware; disc maceheads |
| Naqada II (Gerzean) | c. 3500–3200 | Boat-painted "decorated ware"; rich elite graves; Mesopotamian contacts |
| Naqada III ("Dynasty 0") | c. 3200–3000 | Royal **serekhs**; earliest writing |
| Maadi–Buto | c. 3900–3300 | Northern tradition with Levantine links; replaced by Naqada culture |
"""


def comparisons(table: str, section: str, embedder: Embedder) -> list[str]:
    chunk = passage(table, section=section)
    material = Material([chunk], [], LineIndex([]), embedding_similarity(embedder))
    return [
        draft.item.question
        for seed in range(4)
        for draft in structure_drafts(
            material, passage_units(0, chunk), ["mcq"], random.Random(seed)
        )
        if draft.item.kind == "comparison"
    ]


def test_a_table_of_unlike_things_makes_no_comparison(embedder: Embedder) -> None:
    """ "Oases — Irrigated islands fed by snowmelt" against "River valleys — Dense farming
    populations": raters failed every such item's distractors ("crossed only through high
    passes" is a mountain's, whichever row it is offered to). The real embedding model
    decides; a table of like things (cultures told apart by their pottery) is still
    compared."""
    assert not comparisons(ZONES, "2. Geography and Environment of the Routes", embedder)
    assert comparisons(CULTURES, "4. Predynastic Egypt", embedder)


def test_the_share_of_rows_their_names_pick_decides() -> None:
    """Two rows of five pointing at their own cells is a table of like things with two
    telling names; three of five is a table of unlike things."""
    names = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]
    cells = ["one", "two", "three", "four", "five"]

    def pointing(pointed: int) -> Similarity:
        def similar(name: str, candidates: Sequence[str]) -> list[float]:
            row = names.index(name)
            return [0.9 if row < pointed and c == cells[row] else 0.3 for c in candidates]

        return similar

    assert not names_pick_descriptions(names, cells, pointing(2))
    assert names_pick_descriptions(names, cells, pointing(3))


def test_a_description_labelled_by_a_row_s_name_names_that_row() -> None:
    """ "V1 superior orbital fissure; V2 foramen rotundum; V3 foramen ovale" offered to
    nerve VI or VII (sheet 54, three raters of three: the labels say it is the
    trigeminal's)."""
    nerves = ["IV", "V", "VI", "VII"]
    trigeminal = "V1 superior orbital fissure; V2 foramen rotundum; V3 foramen ovale"
    assert names_a_row(trigeminal, nerves, own=2)
    assert not names_a_row(trigeminal, nerves, own=1)
    assert not names_a_row("Superior orbital fissure", nerves, own=3)
