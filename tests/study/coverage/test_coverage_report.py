"""Coverage results as Markdown, CSV and JSON (:mod:`rag.study.coverage.report`)."""

from __future__ import annotations

import csv
import io
import json

from rag.study import coverage as cov
from tests.study.coverage.samples import sample_report


def test_formats_md_csv_json() -> None:
    report = sample_report()
    markdown = cov.render(report, "md")
    assert "| 1 | Diffusion <b>models</b> | missing |" in markdown  # 0.9 / DEPTH is low
    rows = list(csv.DictReader(io.StringIO(cov.render(report, "csv"))))
    assert [r["topic"] for r in rows] == ["Diffusion <b>models</b>", "SQL"]
    assert rows[0]["a.md"] == "0.9000" and rows[0]["b.md"] == ""
    data = json.loads(cov.render(report, "json"))
    assert data["summary"] == {"covered": 0, "partial": 0, "missing": 2}
    assert data["topics"][0]["evidence"][0]["sentence"].endswith("denoises.")
