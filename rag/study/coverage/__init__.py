r"""Which topics of a syllabus the course material covers, with evidence, and which it misses.

Three views over one index, used by ``rag coverage`` and the UI's Coverage page:

* **Topics** (:mod:`.topics`, :mod:`.scoring`, :mod:`.signals`): each syllabus line is
  retrieved like a question; its passages' best sentences give a score, a verdict
  (covered / partial / missing), the supporting passages and the contributing documents.
* **Outline** (:mod:`.outline`): the corpus's own headings with chunk and word counts.
* **Question gaps** (:mod:`.gaps`): logged questions that were abstained on or answered
  weakly, clustered so that recurring gaps read as missing topics.

:mod:`.report` renders any of the three as Markdown, JSON or CSV, :mod:`.plots` draws
the topics × documents heatmap, and :mod:`.calibration` fits the verdict thresholds.
Import from this package; the modules' other names are internals.

Example:
    >>> from rag.study import coverage as cov
    >>> [t.text for t in cov.parse_topics("- Diffusion models\n- GANs")]
    ['Diffusion models', 'GANs']
    >>> cov.Thresholds().verdict(cov.coverage_score([0.9, 0.8, 0.7, 0.6]))
    'covered'

    Against an index (here the default one)::

        report = cov.assess_topics(Assistant(), cov.read_topic_file(Path("syllabus.md")))
        print(cov.render(report, "md"))
"""

from rag.study.coverage.assess import assess_topics
from rag.study.coverage.calibration import (
    choose_thresholds,
    confusion_matrix,
    leave_one_out_accuracy,
)
from rag.study.coverage.gaps import (
    CLUSTER_SIMILARITY,
    WEAK_EVIDENCE,
    WEAK_TOP_SCORE,
    GapCluster,
    GapQuestion,
    QuestionGaps,
    build_gap_clusters,
    cluster_vectors,
    find_question_gaps,
    select_gap_questions,
    top_terms,
)
from rag.study.coverage.outline import (
    OutlineDocument,
    OutlineSection,
    build_outline,
    corpus_outline,
)
from rag.study.coverage.plots import (
    PALE_COLOURS,
    VERDICT_COLOURS,
    PlotKind,
    heatmap_html,
    heatmap_png,
    plot_kind,
    strength_colour,
    write_plot,
)
from rag.study.coverage.report import (
    FORMATS,
    Format,
    evidence_note,
    no_support_line,
    render,
    unused_line,
)
from rag.study.coverage.scoring import (
    ABSENT_PENALTY,
    COMMON_SHARE,
    COVERED_MIN,
    DEDICATED_BONUS,
    DEFAULT_K,
    DEPTH,
    LIST_ONLY_CAP,
    PARTIAL_MIN,
    SUPPORT_WEIGHT,
    VERDICTS,
    CoverageReport,
    EvidencePassage,
    Thresholds,
    TopicCoverage,
    Verdict,
    adjusted_score,
    assess_topic,
    coverage_score,
    passage_strengths,
    shown_score,
    supported_score,
)
from rag.study.coverage.signals import absent_share, dedicated_section, name_list, section_heading
from rag.study.coverage.topics import Topic, parse_topic_bytes, parse_topics, read_topic_file

__all__ = [
    "ABSENT_PENALTY",
    "CLUSTER_SIMILARITY",
    "COMMON_SHARE",
    "COVERED_MIN",
    "DEDICATED_BONUS",
    "DEFAULT_K",
    "DEPTH",
    "FORMATS",
    "LIST_ONLY_CAP",
    "PALE_COLOURS",
    "PARTIAL_MIN",
    "SUPPORT_WEIGHT",
    "VERDICTS",
    "VERDICT_COLOURS",
    "WEAK_EVIDENCE",
    "WEAK_TOP_SCORE",
    "CoverageReport",
    "EvidencePassage",
    "Format",
    "GapCluster",
    "GapQuestion",
    "OutlineDocument",
    "OutlineSection",
    "PlotKind",
    "QuestionGaps",
    "Thresholds",
    "Topic",
    "TopicCoverage",
    "Verdict",
    "absent_share",
    "adjusted_score",
    "assess_topic",
    "assess_topics",
    "build_gap_clusters",
    "build_outline",
    "choose_thresholds",
    "cluster_vectors",
    "confusion_matrix",
    "corpus_outline",
    "coverage_score",
    "dedicated_section",
    "evidence_note",
    "find_question_gaps",
    "heatmap_html",
    "heatmap_png",
    "leave_one_out_accuracy",
    "name_list",
    "no_support_line",
    "parse_topic_bytes",
    "parse_topics",
    "passage_strengths",
    "plot_kind",
    "read_topic_file",
    "render",
    "section_heading",
    "select_gap_questions",
    "shown_score",
    "strength_colour",
    "supported_score",
    "top_terms",
    "unused_line",
    "write_plot",
]
