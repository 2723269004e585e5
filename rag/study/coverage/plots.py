"""Topics × documents heatmaps of a coverage report: a PNG, or a self-contained HTML page.

The PNG is drawn on a bare Agg canvas (no pyplot), so it works without a display
and does not disturb another backend in the same process (Streamlit). The HTML page
carries its styles and its small sorting script inline: users are often offline,
so nothing is fetched from a CDN. Every text from a document is escaped.
"""

from __future__ import annotations

import html
import io
import math
import unicodedata
from pathlib import Path
from typing import Literal

import numpy as np

from rag.errors import ConfigError, RagError
from rag.study.coverage.report import evidence_note
from rag.study.coverage.scoring import CoverageReport, Thresholds, TopicCoverage, shown_score

PlotKind = Literal["png", "html"]
_SUFFIXES: dict[str, PlotKind] = {".png": "png", ".html": "html", ".htm": "html"}

VERDICT_COLOURS = {"covered": "#238b45", "partial": "#fdb863", "missing": "#f4a582"}
"""Colour of a topic's verdict (green, amber, salmon). Every cell of a topic's row takes
its topic's verdict colour, so a "missing" topic's 0.56 cell is never greener than a
"covered" topic's 0.54 one; the number in the cell is the document's strength."""
PALE_COLOURS = {"covered": "#c7e9c0", "partial": "#feebc8", "missing": "#fde0d2"}
"""The same hue, pale: the document's best passage is below the partial threshold."""
NOT_RETRIEVED = "#d9d9d9"

_VERDICT_MARK = {"covered": "●", "partial": "◐", "missing": "○"}


def plot_kind(path: Path) -> PlotKind:
    """``png`` or ``html`` from the file name; checked before any slow work starts."""
    kind = _SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ConfigError(f"--plot must name a .png or .html file (got '{path}')")
    return kind


def write_plot(report: CoverageReport, path: Path) -> PlotKind:
    """Write the heatmap to ``path`` as PNG or HTML, by its suffix."""
    kind = plot_kind(path)
    data = heatmap_png(report) if kind == "png" else heatmap_html(report).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as err:
        raise RagError(
            f"cannot write the heatmap to {path} ({err.strerror}); pick another path"
        ) from err
    return kind


def _label(text: str, width: int = 60) -> str:
    """Text the PNG's font can draw: no emoji or pictographs, shortened to ``width``."""
    kept = "".join(
        ch for ch in text if ord(ch) <= 0xFFFF and unicodedata.category(ch) not in ("So", "Cs")
    )
    kept = " ".join(kept.split())
    return kept if len(kept) <= width else kept[: width - 1].rstrip() + "…"


def legend_text(thresholds: Thresholds) -> list[tuple[str, str]]:
    """(verdict, "covered ≥ 0.63") pairs: the thresholds the cell colours stand for."""
    return [
        ("covered", f"covered ≥ {thresholds.covered:.2f}"),
        ("partial", f"partial ≥ {thresholds.partial:.2f}"),
        ("missing", f"missing < {thresholds.partial:.2f}"),
    ]


def heatmap_png(report: CoverageReport, dpi: int = 110) -> bytes:
    """The heatmap as PNG bytes: one row per topic, one column per document.

    A cell is the strength of the document's best passage for the topic; a grey
    cell means none of the document's passages was among those retrieved.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgb
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    grid = report.matrix()
    rows, cols = max(1, grid.shape[0]), max(1, grid.shape[1])
    # Sized for a page column (the app shows it about 700 px wide): large type, the
    # legend below the grid rather than beside it, so the image is not shrunk to
    # unreadable 7 px labels (a helper reading the app's screenshots).
    height = 2.4 + 0.42 * rows
    figure = Figure(figsize=(3.2 + 1.25 * cols, height), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    t = report.thresholds
    image = np.ones((rows, cols, 3))
    for (i, j), value in np.ndenumerate(grid):
        background, ink = strength_colour(value, report.topics[i].verdict, t.partial)
        image[i, j] = to_rgb(background)
        if not math.isnan(value):
            axes.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=10, color=ink)
    axes.imshow(image, aspect="auto")
    axes.set_xticks(range(len(report.documents)))
    axes.set_xticklabels(
        [_label(report.label(d), 34) for d in report.documents],
        rotation=30,
        ha="right",
        fontsize=10,
    )
    axes.set_yticks(range(len(report.topics)))
    axes.set_yticklabels(
        [f"{_label(t.topic.text, 48)}  [{t.verdict} {shown_score(t.score)}]"
         for t in report.topics],
        fontsize=10,
    )  # fmt: skip
    # The colour is the row's verdict, the number the cell's own strength: a title naming
    # only the strength read as if a 1.00 cell in an orange (partial) row were partial
    # (a newcomer reading the app's screenshots).
    axes.set_title(
        "Colour: the topic's verdict · number: the document's best passage for it",
        fontsize=12,
    )
    handles = [Patch(color=VERDICT_COLOURS[v], label=text) for v, text in legend_text(t)]
    handles.append(Patch(color=PALE_COLOURS["partial"], label=f"pale: cell < {t.partial:.2f}"))
    not_retrieved = f"grey: none of the document's passages in the {report.k} retrieved"
    handles.append(Patch(color=NOT_RETRIEVED, label=not_retrieved))
    # Below the rotated document names, measured once drawn: a fixed 0.7 inch put the
    # legend's title over a long name ("Part 3 — …", a helper reading the app's screenshot).
    figure.canvas.draw()
    drawn = axes.get_tightbbox()
    bottom = drawn.transformed(figure.transFigure.inverted()).y0 if drawn else -0.7 / height
    figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, bottom - 0.15 / height),
                  ncol=2, fontsize=10, title="row colour: topic verdict", title_fontsize=10,
                  frameon=False)  # fmt: skip
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def strength_colour(
    value: float | None, verdict: str, partial: float = Thresholds().partial
) -> tuple[str, str]:
    """(background, text) colours of a cell: its topic's verdict colour.

    Pale when the document's strength is below ``partial``; grey when none of its
    passages was retrieved.
    """
    if value is None or math.isnan(value):
        return NOT_RETRIEVED, "#333333"
    if value < partial:
        return PALE_COLOURS[verdict], "#000000"
    return VERDICT_COLOURS[verdict], "#ffffff" if verdict == "covered" else "#000000"


def _cell_title(topic: TopicCoverage, document: str) -> str:
    for evidence in topic.evidence:
        if evidence.passage.source == document:
            where = evidence.passage.section or "(no section)"
            return f"{where}: {evidence.sentence}"
    if document in topic.documents:
        return "retrieved, but not among the best passages of this topic"
    return "no passage of this document was retrieved for this topic"


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; }
th { background: #f2f2f2; cursor: pointer; position: sticky; top: 0; }
td.num { text-align: center; font-variant-numeric: tabular-nums; }
td.topic { min-width: 16rem; max-width: 32rem; }
td.covered, td.partial, td.missing { white-space: nowrap; }
.covered { color: #006d2c; font-weight: 600; } .partial { color: #b35806; font-weight: 600; }
.missing { color: #b2182b; font-weight: 600; }
.swatch { padding: 0.1rem 0.4rem; border-radius: 0.2rem; margin-right: 0.3rem; }
details { margin: 0.4rem 0; } blockquote { margin: 0.3rem 0 0.3rem 1rem; color: #444; }
"""

_SORT_SCRIPT = """
document.querySelectorAll("th").forEach((th, col) => th.addEventListener("click", () => {
  const body = th.closest("table").tBodies[0];
  const rows = Array.from(body.rows);
  const key = r => { const c = r.cells[col]; return c.dataset.v !== undefined ? parseFloat(c.dataset.v) : c.textContent; };
  const dir = th.dataset.dir = th.dataset.dir === "asc" ? "desc" : "asc";
  rows.sort((a, b) => { const x = key(a), y = key(b);
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return dir === "asc" ? c : -c; });
  rows.forEach(r => body.appendChild(r));
}));
"""  # noqa: E501 - inline script kept compact


def heatmap_html(report: CoverageReport) -> str:
    """A standalone HTML page: the heatmap table (sortable, tooltips) and the evidence.

    Hovering a cell shows the best sentence of that document for the topic; each
    topic's evidence passages are in a collapsible block below the table.
    """
    esc = html.escape
    head = "".join(f'<th title="{esc(d)}">{esc(report.label(d))}</th>' for d in report.documents)
    body = []
    for number, topic in enumerate(report.topics, start=1):
        cells = []
        for document in report.documents:
            value = topic.documents.get(document)
            background, ink = strength_colour(value, topic.verdict, report.thresholds.partial)
            cells.append(
                f'<td class="num" data-v="{-1 if value is None else value:.4f}" '
                f'style="background:{background};color:{ink}" '
                f'title="{esc(_cell_title(topic, document))}">'
                f"{'' if value is None else f'{value:.2f}'}</td>"
            )
        body.append(
            f'<tr><td class="num" data-v="{number}">{number}</td>'
            f'<td class="topic">{esc(topic.topic.text)}</td>'
            f'<td class="{topic.verdict}">{_VERDICT_MARK[topic.verdict]} {topic.verdict}</td>'
            f'<td class="num" data-v="{topic.score:.4f}">{shown_score(topic.score)}</td>'
            f"{''.join(cells)}</tr>"
        )
    evidence = []
    for number, topic in enumerate(report.topics, start=1):
        notes = [evidence_note(e, report.thresholds) for e in topic.evidence]
        items = "".join(
            f"<li><b>{esc(e.passage.source)}</b>"
            f"{' — ' + esc(e.passage.section) if e.passage.section else ''} "
            f"({e.strength:.2f}{', ' + note if note else ''})"
            f"<blockquote>{esc(e.sentence)}</blockquote></li>"
            for e, note in zip(topic.evidence, notes, strict=True)
        )
        evidence.append(
            f"<details><summary>{number}. {esc(topic.topic.text)} — "
            f'<span class="{topic.verdict}">{topic.verdict}</span> ({shown_score(topic.score)})'
            f"</summary><ul>{items}</ul></details>"
        )
    counts = report.counts()
    t = report.thresholds
    legend = " ".join(
        f'<span class="swatch" style="background:{VERDICT_COLOURS[v]};'
        f'color:{"#fff" if v == "covered" else "#000"}">{esc(text)}</span>'
        for v, text in legend_text(t)
    )
    legend += (
        f' <span class="swatch" style="background:{PALE_COLOURS["partial"]}">pale: the '
        f"document's best passage &lt; {t.partial:.2f}</span>"
        f' <span class="swatch" style="background:{NOT_RETRIEVED}">not retrieved</span>'
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Coverage report</title>"
        f"<style>{_STYLE}</style></head><body>"
        "<h1>Coverage report</h1>"
        f"<p>{len(report.topics)} topics: {counts['covered']} covered, {counts['partial']} "
        f"partial, {counts['missing']} missing (covered ≥ {t.covered:.2f}, partial ≥ "
        f"{t.partial:.2f}). Cells: strength of the document's best passage for the topic; "
        "grey: none of its passages was retrieved. Click a header to sort; hover a cell "
        "for its best sentence.</p>"
        f'<p class="legend" id="legend">Row colour: the topic\'s verdict by its score: '
        f"{legend}</p>"
        f"<table><thead><tr><th>#</th><th>Topic</th><th>Verdict</th><th>Score</th>{head}"
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<h2>Evidence</h2>{''.join(evidence)}"
        f"<script>{_SORT_SCRIPT}</script></body></html>\n"
    )
