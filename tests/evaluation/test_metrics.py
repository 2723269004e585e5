"""Tests for ``rag.evaluation.metrics`` (checked against ranx) and ``rag.evaluation.beir``.

The metrics are compared with ranx, a trec_eval-compatible reference, on
seeded random runs so that our numbers stay comparable with published BEIR
results; small hand-computed cases pin down the conventions (linear gain,
duplicate handling) in a form a reader can verify on paper. The BEIR loader
is tested on the hand-made ``fixtures/beir-mini`` dataset and on broken copies
of it, checking that every error names the file and the line.
"""

import dataclasses
import math
import pickle
import random
import re
import shutil
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ranx import Qrels, Run, evaluate

from rag.evaluation.beir import BEIR_LAYOUT_HELP, BeirDataset, BeirDoc, BeirFormatError, load_beir
from rag.evaluation.metrics import (
    DEFAULT_KS,
    evaluate_per_query,
    evaluate_run,
    hit_at_k,
    mrr_at_k,
    ndcg_at_k,
    recall_at_k,
    relevant_ids,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "beir-mini"
RANX_METRICS = ("ndcg@10", "recall@10", "recall@100", "mrr@10")
TOLERANCE = 1e-6
LOG2_3 = math.log2(3)  # discount denominator at rank 2; rank 3 divides by log2(4) = 2


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def _random_case(seed: int) -> tuple[dict[str, list[str]], dict[str, dict[str, int]]]:
    """Build a random run and graded qrels, covering the awkward corners.

    Pool sizes vary so that some rankings are shorter than 10 or 100, some
    queries have only grade-0 judgments, some judged queries are missing from
    the run, and sometimes the run contains an unjudged query.

    Args:
        seed: Seed for a private random generator, so failures reproduce.

    Returns:
        ``(run, qrels)`` with rankings as best-first id lists.
    """
    rng = random.Random(seed)
    pool = [f"d{i}" for i in range(rng.randint(5, 300))]
    run: dict[str, list[str]] = {}
    qrels: dict[str, dict[str, int]] = {}
    for query_index in range(rng.randint(1, 6)):
        query_id = f"q{query_index}"
        judged = rng.sample(pool, rng.randint(1, min(len(pool), 30)))
        qrels[query_id] = {doc_id: rng.choice((0, 1, 1, 2, 3)) for doc_id in judged}
        if rng.random() < 0.15:
            continue  # judged but not retrieved: must count as zero
        run[query_id] = rng.sample(pool, rng.randint(1, min(len(pool), 150)))
    if rng.random() < 0.3:
        run["unjudged"] = rng.sample(pool, 5)
    return run, qrels


def _ranx_per_query(
    run: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]]
) -> dict[str, dict[str, float]]:
    """Score a run with ranx, returning ``{metric: {query_id: score}}``.

    Rankings become strictly decreasing scores so ranx cannot reorder ties.
    ranx cannot build a run without any judged query, so that case is
    answered directly: every judged query then scores zero by definition.

    Args:
        run: Query id to best-first ids.
        qrels: Query id to graded judgments.

    Returns:
        ranx's per-query scores for :data:`RANX_METRICS`.
    """
    judged_run = {q: r for q, r in run.items() if q in qrels}
    if not judged_run:
        return {m: dict.fromkeys(qrels, 0.0) for m in RANX_METRICS}
    ranx_qrels = Qrels.from_dict({q: dict(j) for q, j in qrels.items()})
    ranx_run = Run.from_dict(
        {q: {d: float(len(r) - i) for i, d in enumerate(r)} for q, r in judged_run.items()}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba's uint64->int64 cast warning
        evaluate(ranx_qrels, ranx_run, list(RANX_METRICS), make_comparable=True)
    return {m: {q: float(s) for q, s in ranx_run.scores[m].items()} for m in RANX_METRICS}


def _copy_fixture(tmp_path: Path) -> Path:
    """Copy the fixture so a test can break it without touching the original.

    Args:
        tmp_path: pytest's per-test temporary directory.

    Returns:
        The copied dataset directory.
    """
    target = tmp_path / "beir-mini"
    shutil.copytree(FIXTURE, target)
    return target


def _replace_line(path: Path, line_number: int, new_line: str) -> None:
    """Overwrite one 1-based line of a text file.

    Args:
        path: File to edit.
        line_number: Which line to replace.
        new_line: Replacement text, without line ending.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line_number - 1] = new_line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


_TOKEN = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "by", "does", "do", "for", "from", "how", "in", "is"}
    | {"it", "of", "on", "the", "to", "what", "when", "where", "which", "why", "with"}
)


def _tokens(text: str) -> list[str]:
    """Lower-case word tokens without stop words, for the toy BM25 below.

    Args:
        text: Any text.

    Returns:
        The tokens.
    """
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS]


def _bm25_run(dataset: BeirDataset, k1: float = 1.2, b: float = 0.75) -> dict[str, list[str]]:
    """Rank the corpus for every query with a minimal BM25.

    Used only to show the fixture is solvable by a lexical retriever.

    Args:
        dataset: The loaded dataset.
        k1: BM25 term-frequency saturation.
        b: BM25 length normalisation.

    Returns:
        Query id to doc ids ranked by BM25 score (ties by id).
    """
    docs = {d.doc_id: Counter(_tokens(f"{d.title} {d.text}")) for d in dataset.corpus.values()}
    lengths = {doc_id: sum(tf.values()) for doc_id, tf in docs.items()}
    avg_len = sum(lengths.values()) / len(lengths)
    df = Counter(term for tf in docs.values() for term in tf)
    n_docs = len(docs)
    run: dict[str, list[str]] = {}
    for query_id, text in dataset.queries.items():
        scores: dict[str, float] = {}
        for doc_id, tf in docs.items():
            score = 0.0
            for term in _tokens(text):
                if term in tf:
                    idf = math.log(1 + (n_docs - df[term] + 0.5) / (df[term] + 0.5))
                    norm = tf[term] + k1 * (1 - b + b * lengths[doc_id] / avg_len)
                    score += idf * tf[term] * (k1 + 1) / norm
            scores[doc_id] = score
        run[query_id] = sorted(scores, key=lambda d: (-scores[d], d))
    return run


# --------------------------------------------------------------------------- #
# Metrics against ranx
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("seed", range(50))
def test_metrics_match_ranx_on_random_runs(seed: int) -> None:
    run, qrels = _random_case(seed)
    expected = _ranx_per_query(run, qrels)
    ours = evaluate_per_query(run, qrels)
    assert set(ours) == set(qrels)
    for metric in RANX_METRICS:
        for query_id in qrels:
            assert ours[query_id][metric] == pytest.approx(
                expected[metric][query_id], abs=TOLERANCE
            ), (metric, query_id)
    means = evaluate_run(run, qrels)
    assert list(means) == list(RANX_METRICS)
    for metric in RANX_METRICS:
        ranx_mean = sum(expected[metric].values()) / len(qrels)
        assert means[metric] == pytest.approx(ranx_mean, abs=TOLERANCE), metric


def test_default_ks_cover_the_reported_metrics() -> None:
    names = [f"{metric}@{k}" for metric, ks in DEFAULT_KS.items() for k in ks]
    assert names == list(RANX_METRICS)


# --------------------------------------------------------------------------- #
# Hand-computed cases
# --------------------------------------------------------------------------- #

# Ranking d3, d1, d2, d4; judged d1=2, d2=1, d5=1 (never retrieved), d4=0.
HAND_RANKING = ["d3", "d1", "d2", "d4"]
HAND_QRELS = {"d1": 2, "d2": 1, "d5": 1, "d4": 0}


def test_ndcg_hand_computed() -> None:
    # DCG@10  = 0/log2(2) + 2/log2(3) + 1/log2(4) + 0/log2(5)
    #         = 0 + 1.2618595 + 0.5 + 0                          = 1.7618595
    # IDCG@10 = gains sorted [2, 1, 1]: 2/log2(2) + 1/log2(3) + 1/log2(4)
    #         = 2 + 0.6309298 + 0.5                              = 3.1309298
    # nDCG@10 = 1.7618595 / 3.1309298                            = 0.5627273
    expected = (2 / LOG2_3 + 1 / 2) / (2 + 1 / LOG2_3 + 1 / 2)
    assert expected == pytest.approx(0.5627273, abs=1e-7)
    assert ndcg_at_k(HAND_RANKING, HAND_QRELS, 10) == pytest.approx(expected, abs=1e-12)
    # nDCG@2 = (2/log2(3)) / (2 + 1/log2(3)) = 1.2618595 / 2.6309298 = 0.4796249
    assert ndcg_at_k(HAND_RANKING, HAND_QRELS, 2) == pytest.approx(0.4796249, abs=1e-7)
    # nDCG@1: d3 is not relevant -> 0.
    assert ndcg_at_k(HAND_RANKING, HAND_QRELS, 1) == 0.0


def test_ndcg_uses_linear_gain_like_trec_eval() -> None:
    # Ranking a (grade 1), b (grade 3).
    # Linear gain:      (1 + 3/log2(3)) / (3 + 1/log2(3)) = 2.8927893 / 3.6309298 = 0.7967076
    # Exponential gain: (1 + 7/log2(3)) / (7 + 1/log2(3))                         = 0.7098097
    score = ndcg_at_k(["a", "b"], {"a": 1, "b": 3}, 10)
    assert score == pytest.approx(0.7967076, abs=1e-7)
    assert score != pytest.approx(0.7098097, abs=1e-3)


def test_recall_mrr_hit_hand_computed() -> None:
    # Relevant (grade > 0): d1, d2, d5 -> 3 documents; d4 (grade 0) is not relevant.
    assert recall_at_k(HAND_RANKING, HAND_QRELS, 1) == 0.0
    assert recall_at_k(HAND_RANKING, HAND_QRELS, 2) == pytest.approx(1 / 3)  # d1
    assert recall_at_k(HAND_RANKING, HAND_QRELS, 10) == pytest.approx(2 / 3)  # d1, d2
    assert mrr_at_k(HAND_RANKING, HAND_QRELS, 1) == 0.0
    assert mrr_at_k(HAND_RANKING, HAND_QRELS, 10) == 0.5  # first relevant at rank 2
    relevant = relevant_ids(HAND_QRELS)
    assert relevant == {"d1", "d2", "d5"}
    assert hit_at_k(HAND_RANKING, relevant, 1) == 0.0
    assert hit_at_k(HAND_RANKING, relevant, 2) == 1.0
    assert hit_at_k(["d4"], relevant, 5) == 0.0  # grade-0 document is no hit


def test_perfect_and_empty_rankings() -> None:
    qrels = {"a": 3, "b": 2, "c": 1}
    perfect = ["a", "b", "c", "x"]
    assert ndcg_at_k(perfect, qrels, 10) == pytest.approx(1.0)
    assert recall_at_k(perfect, qrels, 3) == 1.0
    assert mrr_at_k(perfect, qrels, 10) == 1.0
    for fn in (ndcg_at_k, recall_at_k, mrr_at_k):
        assert fn([], qrels, 10) == 0.0
        assert fn(perfect, {"a": 0, "b": -1}, 10) == 0.0  # no relevant document
        assert fn(perfect, {}, 10) == 0.0
    assert hit_at_k([], {"a"}, 10) == 0.0


def test_duplicates_count_once_at_first_occurrence() -> None:
    qrels = {"d1": 1, "d2": 1}
    # Deduplicated ranking is [d1, d2]: both relevant docs in the top 2 -> perfect.
    # (Had the duplicate used up rank 2, nDCG@2 would be 1 / (1 + 1/log2(3)) = 0.613.)
    assert ndcg_at_k(["d1", "d1", "d2"], qrels, 2) == pytest.approx(1.0)
    assert recall_at_k(["d1", "d1", "d2"], qrels, 2) == 1.0
    # A repeated relevant document must not be counted twice.
    assert recall_at_k(["d1", "d1", "d1"], qrels, 3) == 0.5
    assert ndcg_at_k(["d1", "d1"], {"d1": 1}, 10) == pytest.approx(1.0)
    # A later duplicate of an irrelevant doc does not move the relevant one.
    assert mrr_at_k(["x", "x", "d2"], qrels, 2) == 0.5


@settings(database=None)
@given(
    ranking=st.lists(st.sampled_from([f"d{i}" for i in range(12)]), max_size=30),
    grades=st.dictionaries(
        st.sampled_from([f"d{i}" for i in range(12)]), st.integers(0, 3), max_size=12
    ),
    k=st.integers(1, 20),
)
def test_metric_invariants(ranking: list[str], grades: dict[str, int], k: int) -> None:
    deduplicated = list(dict.fromkeys(ranking))
    for fn in (ndcg_at_k, recall_at_k, mrr_at_k):
        score = fn(ranking, grades, k)
        assert 0.0 <= score <= 1.0 + 1e-12
        assert score == fn(deduplicated, grades, k)
    relevant = relevant_ids(grades)
    assert hit_at_k(ranking, relevant, k) == (1.0 if mrr_at_k(ranking, grades, k) > 0 else 0.0)


@pytest.mark.parametrize("k", [0, -1, True, 2.5])
def test_invalid_k_is_rejected(k: int) -> None:
    for fn in (ndcg_at_k, recall_at_k, mrr_at_k):
        with pytest.raises(ValueError, match="k must be a positive integer"):
            fn(["a"], {"a": 1}, k)
    with pytest.raises(ValueError, match="k must be a positive integer"):
        hit_at_k(["a"], {"a"}, k)


def test_single_string_ranking_is_rejected() -> None:
    with pytest.raises(TypeError):
        recall_at_k("abc", {"a": 1}, 10)


# --------------------------------------------------------------------------- #
# evaluate_run
# --------------------------------------------------------------------------- #


def test_evaluate_run_averages_over_judged_queries_only() -> None:
    qrels = {"q1": {"a": 1}, "q2": {"b": 2}}
    run = {"q1": ["a"], "q3": ["b"]}  # q2 missing -> 0; q3 unjudged -> ignored
    result = evaluate_run(run, qrels)
    assert result == {"ndcg@10": 0.5, "recall@10": 0.5, "recall@100": 0.5, "mrr@10": 0.5}


def test_evaluate_run_custom_ks_and_errors() -> None:
    qrels = {"q1": {"a": 1, "b": 1}}
    run = {"q1": ["x", "a", "b"]}
    result = evaluate_run(run, qrels, ks={"hit": (1, 2), "recall": (2,)})
    assert result == {"hit@1": 0.0, "hit@2": 1.0, "recall@2": 0.5}
    with pytest.raises(ValueError, match="unknown metric 'map'"):
        evaluate_run(run, qrels, ks={"map": (10,)})
    with pytest.raises(ValueError, match="k must be a positive integer"):
        evaluate_run(run, qrels, ks={"ndcg": (0,)})
    with pytest.raises(ValueError, match="qrels is empty"):
        evaluate_run(run, {})


# --------------------------------------------------------------------------- #
# BEIR loader: the fixture
# --------------------------------------------------------------------------- #


def test_load_fixture_test_split() -> None:
    dataset = load_beir(FIXTURE)
    assert dataset.name == "beir-mini"
    assert len(dataset.corpus) == 30
    assert set(dataset.queries) == {"q1", "q2", "q3", "q4", "q5", "q6"}  # q7, q8 are dev-only
    assert set(dataset.qrels) == set(dataset.queries)
    assert dataset.qrels["q1"] == {"doc01": 2, "doc02": 1}
    assert dataset.queries["q2"] == "What caused the fall of the Western Roman Empire?"
    doc = dataset.corpus["doc16"]
    assert doc == BeirDoc("doc16", "The fall of the Western Roman Empire", doc.text)
    assert doc.text.startswith("The Western Roman Empire fell in 476 AD")
    assert dataset.corpus["doc19"].title == ""  # empty titles are allowed
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "changed"  # type: ignore[misc]


def test_load_fixture_dev_split() -> None:
    dataset = load_beir(FIXTURE, split="dev")
    assert dataset.qrels == {"q7": {"doc05": 2}, "q8": {"doc27": 2}}
    assert set(dataset.queries) == {"q7", "q8"}


@pytest.mark.parametrize("split", ["test", "dev"])
def test_fixture_is_consistent_and_solvable_by_bm25(split: str) -> None:
    dataset = load_beir(FIXTURE, split=split)
    judged_docs = {doc_id for judgments in dataset.qrels.values() for doc_id in judgments}
    assert judged_docs <= dataset.corpus.keys()
    grades = {g for judgments in dataset.qrels.values() for g in judgments.values()}
    assert grades <= {1, 2}
    run = _bm25_run(dataset)
    scores = evaluate_run(run, dataset.qrels)
    assert scores["ndcg@10"] >= 0.8, scores
    assert scores["recall@10"] == 1.0, scores
    # The most relevant document (grade 2) is BM25's top result for every query.
    for query_id, judgments in dataset.qrels.items():
        best = max(judgments, key=judgments.__getitem__)
        assert run[query_id][0] == best, query_id


def test_loader_tolerates_missing_header_blank_lines_crlf_and_bom(tmp_path: Path) -> None:
    directory = _copy_fixture(tmp_path)
    qrels_path = directory / "qrels" / "test.tsv"
    lines = qrels_path.read_text(encoding="utf-8").splitlines()[1:]  # drop header
    qrels_path.write_text("\r\n".join([*lines[:3], "", *lines[3:]]) + "\r\n", encoding="utf-8")
    queries_path = directory / "queries.jsonl"
    queries_path.write_bytes(b"\xef\xbb\xbf" + queries_path.read_bytes() + b"\n\n")
    assert load_beir(directory) == load_beir(FIXTURE)


# --------------------------------------------------------------------------- #
# BEIR loader: broken copies
# --------------------------------------------------------------------------- #

BROKEN_LINES = [
    pytest.param(
        "corpus.jsonl", 3, '{"_id": "doc03", "title": "Mitochondria", ', "invalid JSON", id="json"
    ),
    pytest.param("corpus.jsonl", 5, '["doc05", "text"]', "expected a JSON object", id="not-object"),
    pytest.param(
        "corpus.jsonl",
        7,
        '{"title": "No id", "text": "x"}',
        'missing required field "_id"',
        id="corpus-missing-id",
    ),
    pytest.param(
        "corpus.jsonl",
        8,
        '{"_id": "doc08", "title": "t"}',
        'missing required field "text"',
        id="missing-text",
    ),
    pytest.param(
        "corpus.jsonl",
        9,
        '{"_id": "doc01", "text": "again"}',
        "duplicate _id 'doc01'",
        id="duplicate-doc",
    ),
    pytest.param(
        "queries.jsonl",
        2,
        '{"text": "Where is my id?"}',
        'missing required field "_id"',
        id="query-missing-id",
    ),
    pytest.param(
        "queries.jsonl", 4, '{"_id": 4.5, "text": "x"}', '"_id" must be a string', id="float-id"
    ),
    pytest.param(
        "queries.jsonl",
        3,
        '{"_id": "q1", "text": "dup"}',
        "duplicate _id 'q1' (first defined on line 1)",
        id="duplicate-query",
    ),
    pytest.param(
        "qrels/test.tsv", 4, "q2\tdoc16\tabc", "score 'abc' is not an integer", id="score-text"
    ),
    pytest.param(
        "qrels/test.tsv", 5, "q3\tdoc23\t1.5", "score '1.5' is not an integer", id="score-float"
    ),
    pytest.param(
        "qrels/test.tsv", 2, "q1\tdoc01\t1x", "score '1x' is not an integer", id="score-line-2"
    ),
    pytest.param(
        "qrels/test.tsv", 6, "q4\tdoc21", "expected 3 tab-separated columns", id="columns"
    ),
    pytest.param(
        "qrels/test.tsv", 7, "q9\tdoc11\t1", "query-id 'q9' does not appear in", id="unknown-query"
    ),
    pytest.param("qrels/test.tsv", 3, "q1\tdoc01\t1", "conflicting judgments", id="conflict"),
]


@pytest.mark.parametrize(("relative", "line", "replacement", "message"), BROKEN_LINES)
def test_broken_line_names_file_and_line(
    tmp_path: Path, relative: str, line: int, replacement: str, message: str
) -> None:
    directory = _copy_fixture(tmp_path)
    broken = directory / relative
    _replace_line(broken, line, replacement)
    with pytest.raises(BeirFormatError) as excinfo:
        load_beir(directory)
    error = excinfo.value
    assert isinstance(error, ValueError)
    assert error.path == broken
    assert error.line == line
    text = str(error)
    assert f"{broken}, line {line}:" in text
    assert message in text
    assert BEIR_LAYOUT_HELP in text  # tells the user what a valid directory looks like
    assert "\n" not in text  # the CLI prints errors on one line


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    directory = _copy_fixture(tmp_path)
    corpus = directory / "corpus.jsonl"
    lines = corpus.read_bytes().splitlines(keepends=True)
    lines[10] = b'{"_id": "doc11", "text": "caf\xe9"}\n'  # latin-1, not UTF-8
    corpus.write_bytes(b"".join(lines))
    with pytest.raises(BeirFormatError, match="invalid UTF-8") as excinfo:
        load_beir(directory)
    assert (excinfo.value.path, excinfo.value.line) == (corpus, 11)


def test_missing_split_lists_available_splits(tmp_path: Path) -> None:
    directory = _copy_fixture(tmp_path)
    with pytest.raises(BeirFormatError) as excinfo:
        load_beir(directory, split="train")
    error = excinfo.value
    assert error.path == directory / "qrels" / "train.tsv"
    assert error.line is None
    assert str(directory / "qrels" / "train.tsv") in str(error)
    assert "available splits" in str(error)
    assert "'dev', 'test'" in str(error)


@pytest.mark.parametrize("missing", ["corpus.jsonl", "queries.jsonl"])
def test_missing_required_file(tmp_path: Path, missing: str) -> None:
    directory = _copy_fixture(tmp_path)
    (directory / missing).unlink()
    with pytest.raises(BeirFormatError, match=f"required file {missing} is missing") as excinfo:
        load_beir(directory)
    assert excinfo.value.path == directory / missing
    assert BEIR_LAYOUT_HELP in str(excinfo.value)


def test_missing_qrels_folder_and_directory(tmp_path: Path) -> None:
    directory = _copy_fixture(tmp_path)
    shutil.rmtree(directory / "qrels")
    with pytest.raises(BeirFormatError, match=r"qrels folder .* does not exist"):
        load_beir(directory)
    with pytest.raises(BeirFormatError, match="does not exist or is not a folder"):
        load_beir(tmp_path / "nowhere")


@pytest.mark.parametrize("split", ["../test", "", "."])
def test_split_must_be_a_plain_name(split: str) -> None:
    with pytest.raises(BeirFormatError, match="invalid split name"):
        load_beir(FIXTURE, split=split)


def test_empty_qrels_and_empty_corpus_are_errors(tmp_path: Path) -> None:
    directory = _copy_fixture(tmp_path)
    (directory / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n", encoding="utf-8")
    with pytest.raises(BeirFormatError, match="no relevance judgments"):
        load_beir(directory)
    (directory / "corpus.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(BeirFormatError, match="no documents"):
        load_beir(directory, split="dev")


def test_beir_format_error_pickles() -> None:
    error = BeirFormatError(Path("x/corpus.jsonl"), "invalid JSON", 3)
    restored = pickle.loads(pickle.dumps(error))
    assert (restored.path, restored.problem, restored.line) == (error.path, "invalid JSON", 3)
    assert str(restored) == str(error)
