"""The heatmaps (:mod:`rag.study.coverage.plots`): escaping, colours, the legend, in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.study.coverage import (
    PALE_COLOURS,
    VERDICT_COLOURS,
    heatmap_html,
    heatmap_png,
    plot_kind,
    strength_colour,
)
from tests.study.coverage.samples import sample_report


def test_html_heatmap_escapes_document_text_and_colours_cells() -> None:
    page = heatmap_html(sample_report())
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Diffusion &lt;b&gt;models&lt;/b&gt;" in page
    assert "http" not in page.lower().replace("http-equiv", ""), "nothing fetched from outside"
    assert strength_colour(0.56, "missing", 0.44)[0] == VERDICT_COLOURS["missing"]
    assert strength_colour(0.54, "covered", 0.44)[0] == VERDICT_COLOURS["covered"]
    assert strength_colour(0.30, "covered", 0.44)[0] == PALE_COLOURS["covered"]
    assert strength_colour(None, "covered")[0] == "#d9d9d9"
    with pytest.raises(Exception, match=r"\.png or \.html"):
        plot_kind(Path("map.jpg"))


def test_heatmap_legend_states_the_thresholds_and_cells_their_verdict_and_score() -> None:
    report = sample_report()
    t = report.thresholds
    page = heatmap_html(report)
    assert f"covered ≥ {t.covered:.2f}" in page and f"partial ≥ {t.partial:.2f}" in page
    assert f"missing &lt; {t.partial:.2f}" in page
    assert 'data-v="0.9000"' in page and ">0.90</td>" in page, "the score is in the cell"
    png = heatmap_png(report)
    assert png.startswith(b"\x89PNG")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs /usr/bin/chromium")
def test_heatmap_legend_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    report = sample_report()
    page_file = tmp_path / "heatmap.html"
    page_file.write_text(heatmap_html(report), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            legend = page.locator("#legend")
            expect(legend).to_be_visible()
            t = report.thresholds
            for text in (f"covered ≥ {t.covered:.2f}", f"partial ≥ {t.partial:.2f}",
                         f"missing < {t.partial:.2f}", "not retrieved", "pale"):  # fmt: skip
                expect(legend).to_contain_text(text)
            cell = page.locator('td[data-v="0.9000"]')
            expect(cell).to_have_text("0.90")
            colour = cell.evaluate("c => getComputedStyle(c).backgroundColor")
            assert colour == "rgb(244, 165, 130)", "0.90 strength, but a missing topic's row"
        finally:
            browser.close()
