"""The corpus outline (:mod:`rag.study.coverage.outline`): counts worked out by hand."""

from __future__ import annotations

from rag.study import coverage as cov


def test_outline_counts_overlapping_chunk_text_once() -> None:
    document = "## A\nalpha beta gamma delta\n## B\nepsilon zeta\n"
    a_start, b_start = 0, document.index("## B")
    chunks = [
        # Two chunks of section A overlapping on "gamma".
        ({"source": "d.md", "title": "D", "section": "A", "start": 0, "end": 21},
         document[0:21]),
        ({"source": "d.md", "title": "D", "section": "A", "start": 16, "end": b_start},
         document[16:b_start]),
        ({"source": "d.md", "title": "D", "section": "A > B", "start": b_start,
          "end": len(document)}, document[b_start:]),
        ({"source": "c.md", "title": "C", "section": "", "start": a_start, "end": 5},
         "hello"),
    ]  # fmt: skip
    outline = cov.build_outline(reversed(chunks))
    assert [d.source for d in outline] == ["c.md", "d.md"]
    d = outline[1]
    assert [(s.section, s.chunks, s.words, s.level) for s in d.sections] == [
        ("A", 2, 5, 1),  # A, alpha, beta, gamma, delta
        ("A > B", 1, 3, 2),  # B, epsilon, zeta
    ]
    assert (d.chunks, d.words, outline[0].sections[0].level) == (3, 8, 0)
