"""A question in two parts, answered part by part from a real index of a small course."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.retrieval.embeddings import Embedder
from tests.conftest import ingested_course

NOTES = """# Introduction to Computer Graphics

## 8. 3D Transformations

Any orientation can be written as a sequence of three axis rotations, called **Euler angles**
(for example yaw, pitch and roll). Euler angles are intuitive, but they suffer from **gimbal
lock**: when the middle rotation aligns the first and third axes, one degree of freedom is lost
and some small changes of orientation become impossible to express smoothly. Quaternions,
four-component numbers discovered by William Rowan Hamilton in 1843, avoid this problem and are
the usual way to store and compose orientations.

Rotation about an arbitrary axis is given by Rodrigues' formula (1840). Every rotation matrix is
orthogonal, so its inverse is its transpose.

## 9. Texture Filtering

Nearest mip level with bilinear filtering is fast, but a visible seam appears where the level
switches. Trilinear filtering blends two mip levels and removes the seam.
"""


@pytest.fixture(scope="module")
def graphics(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Assistant:
    folder: Path = tmp_path_factory.mktemp("graphics")
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    return ingested_course(tmp_path_factory, embedder, folder)


def test_a_line_both_parts_find_is_quoted_once(graphics: Assistant) -> None:
    """ "what is gimbal lock and how do you avoid it" quoted the gimbal-lock sentence twice,
    once with its heading before it (a computer graphics probe)."""
    answer = graphics.ask("what is gimbal lock and how do you avoid it")
    assert not answer.abstained
    assert answer.answer.count("they suffer from gimbal lock") == 1, answer.answer
