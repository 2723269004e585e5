"""Every export format of a hand-made quiz parses back (JSON, Markdown, CSV, Anki)."""

from __future__ import annotations

import csv
import io
import json

from rag.study.quiz import (
    Quiz,
    to_anki,
    to_csv,
    to_json,
    to_markdown,
)
from tests.study.quiz.samples import hand_made_quiz, parse_markdown

# --------------------------------------------------------------------------- exports


def test_every_export_format_parses_back() -> None:
    quiz = hand_made_quiz()
    assert Quiz.from_dict(json.loads(to_json(quiz))).to_dict() == quiz.to_dict()

    questions, answers = parse_markdown(to_markdown(quiz))
    assert questions == [i.question for i in quiz.items]
    assert answers == ["B. FID (Fréchet Inception Distance)", quiz.items[1].answer]
    assert "    - B. FID (Fréchet Inception Distance)" in to_markdown(quiz)
    assert "Source: notes.md (Notes — 11. Evaluation Metrics)" in to_markdown(quiz)

    rows = list(csv.DictReader(io.StringIO(to_csv(quiz))))
    assert [r["front"].split("<br>")[0] for r in rows] == [
        "Which metric has the description “Realism of generated images”?",
        "Fill in the blank: _____ use two networks that compete.",
    ]
    assert rows[0]["back"].startswith("<b>B. FID (Fréchet Inception Distance)</b>")
    assert rows[1]["tags"].split() == ["quiz", "GANs_and_metrics", "Key_Models_GANs"]

    anki = to_anki(quiz).splitlines()
    assert anki[:3] == ["#separator:tab", "#html:true", "#tags column:3"]
    notes = list(csv.reader(anki[3:], delimiter="\t"))
    assert len(notes) == 2 and all(len(note) == 3 for note in notes)
    assert notes[0][2].split() == ["quiz", "GANs_and_metrics", "11._Evaluation_Metrics"]
