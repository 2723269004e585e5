"""What the coverage tests share: topics written for the bundled corpus, and a tiny report.

Not a test module; imported by the ``test_coverage_*`` modules beside it.
"""

from __future__ import annotations

from rag.schema import Passage
from rag.study import coverage as cov
from rag.text.passages import Candidate

# Written for these tests against the bundled corpus (not eval/topics.jsonl, which
# the thresholds were fitted on). Covered: each has its own section or paragraph in
# two or more documents. Partial: one line in a list of one document. Missing: not in
# a generative-AI course at all.
COVERED = [
    "How diffusion models turn random noise into images",
    "Generative adversarial networks: the generator and the discriminator",
    "Generative AI in music composition and audio",
    "Ethical risks of generative AI: deepfakes and bias",
]
PARTIAL = ["Mixture of experts with sparse routing", "Constitutional AI for alignment"]
MISSING = [
    "Photosynthesis and the chloroplast",
    "Relational database normalization",
    "The causes of the French Revolution",
]


def make_passage(n: int, source: str, text: str) -> Passage:
    return Passage(id=f"p{n}", text=text, source=source, title="", section=f"S{n}", start=0,
                   end=len(text))  # fmt: skip


def sample_report() -> cov.CoverageReport:
    # A list item: a prose sentence at 0.9 would make the topic covered on its own.
    passage = make_passage(0, "a.md", "- <script>alert(1)</script> Diffusion | denoises.")
    candidates = [Candidate(0, 0, len(passage.text), passage.text)]
    items = [
        cov.assess_topic(cov.Topic("Diffusion <b>models</b>", "W1"), [passage], candidates,
                         [0.9], cov.Thresholds()),
        cov.assess_topic(cov.Topic("SQL"), [passage], candidates, [0.1], cov.Thresholds()),
    ]  # fmt: skip
    return cov.CoverageReport(items, ["a.md", "b.md"], cov.Thresholds(), k=8)
