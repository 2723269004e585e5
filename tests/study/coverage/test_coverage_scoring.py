"""Scores, verdicts and evidence (:mod:`rag.study.coverage.scoring`).

Hand-worked values first; then the verdicts on topics written for the bundled corpus,
with the real index and embedding model.
"""

from __future__ import annotations

import numpy as np
import pytest

from rag.assistant import Assistant
from rag.retrieval.keyword import tokenize
from rag.schema import Passage
from rag.study import coverage as cov
from rag.text.passages import Candidate
from tests.study.coverage.samples import COVERED, MISSING, PARTIAL, make_passage


def test_verdict_boundaries_and_invalid_thresholds() -> None:
    t = cov.Thresholds(partial=0.4, covered=0.7)
    assert [t.verdict(s) for s in (0.0, 0.39, 0.4, 0.69, 0.7, 1.0)] == [
        "missing", "missing", "partial", "partial", "covered", "covered",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="partial"):
        cov.Thresholds(partial=0.8, covered=0.5)


def test_strength_is_the_best_sentence_and_score_the_mean_of_the_best_passages() -> None:
    # List items: a prose sentence this strong would make the topic covered on its own
    # (test_one_sentence_of_running_text_that_explains_a_topic_makes_it_covered).
    passages = [make_passage(0, "a.md", "- One. Two."), make_passage(1, "b.md", "- Three."),
                make_passage(2, "a.md", "- Four.")]  # fmt: skip
    candidates = [
        Candidate(0, 0, 4, "One"), Candidate(0, 5, 9, "Two"),
        Candidate(1, 0, 6, "Three"), Candidate(2, 0, 5, "Four"),
    ]  # fmt: skip
    scores = [0.5, 1.2, 0.6, 0.1]  # the bonus for shared words can push a score above 1
    strengths = cov.passage_strengths(3, candidates, scores)
    assert strengths == [(1.0, 1), (0.6, 2), (0.1, 3)]
    assert cov.coverage_score([1.0, 0.6, 0.1], depth=2) == pytest.approx(0.8)
    # Fewer passages than the depth count as zeros: one passage alone is not depth.
    assert cov.coverage_score([1.0], depth=4) == pytest.approx(0.25)

    item = cov.assess_topic(
        cov.Topic("t"), passages, candidates, scores, cov.Thresholds(0.4, 0.9), max_evidence=2
    )
    # Two passages reach the partial threshold on their own: one more than a single mention.
    assert item.score == pytest.approx((1.0 + 0.6 + 0.1 + 0.0) / cov.DEPTH + cov.SUPPORT_WEIGHT / 3)
    assert [e.passage.id for e in item.evidence] == ["p0", "p1"]
    assert item.evidence[0].sentence == "Two" and item.evidence[0].span == (5, 9)
    assert [e.supports for e in item.evidence] == [True, True]
    assert item.documents == {"a.md": 1.0, "b.md": 0.6}
    assert item.contributing == ["a.md", "b.md"] and item.supporting == 2
    assert item.strengths == [1.0, 0.6, 0.1]


def test_off_topic_sentences_are_not_evidence() -> None:
    text = "VAEs: Encoder compresses data into latent vectors; decoder reconstructs."
    passage = make_passage(0, "a.md", text)
    candidates = [Candidate(0, 0, len(text), text)]
    weights = {"byte": 2.0, "pair": 2.0, "encod": 2.0, "token": 2.0}
    # Thresholds low enough that one passage makes the topic partial: support is then
    # decided by what the passage is about.
    low = cov.Thresholds(0.1, 0.9)
    item = cov.assess_topic(cov.Topic("Byte-pair encoding tokenization"), [passage], candidates,
                            [0.6], low, weights=weights)  # fmt: skip
    assert item.supporting == 0 and item.contributing == []
    assert not item.evidence[0].supports and not item.evidence[0].on_topic
    about = "Byte-pair encoding merges frequent symbol pairs into tokens."
    on_topic = cov.assess_topic(
        cov.Topic("Byte-pair encoding tokenization"), [make_passage(0, "a.md", about)],
        [Candidate(0, 0, len(about), about)], [0.6], low, weights=weights,
    )  # fmt: skip
    assert on_topic.supporting == 1 and on_topic.evidence[0].supports


def test_a_passage_naming_two_words_of_a_long_topic_is_on_topic() -> None:
    # A meteorology course written blind for the coverage check: the section "5. The
    # Greenhouse Effect", which tells its history, held too small a share of "Mechanism of
    # the greenhouse effect and its 19th-century discovery by Fourier, Tyndall and
    # Arrhenius" to count as being about it.
    topic = cov.Topic("Mechanism of the greenhouse effect and its discovery by Fourier, "
                      "Tyndall and Arrhenius")  # fmt: skip
    weights = {w: 2.0 for w in ("mechan", "greenhous", "effect", "discoveri", "fourier",
                                "tyndal", "arrhenius", "19th-centuri")}  # fmt: skip
    text = "Joseph Fourier argued in 1824 that the atmosphere keeps the Earth warm."
    passage = Passage(id="p0", text=text, source="a.md", title="", section="5. Greenhouse "
                      "Gases", start=0, end=len(text))  # a quarter of the weight: two words  # fmt: skip
    item = cov.assess_topic(topic, [passage], [Candidate(0, 0, len(text), text)], [0.6],
                            cov.Thresholds(0.1, 0.9), weights=weights)  # fmt: skip
    assert item.evidence[0].on_topic and item.supporting == 1
    one_word = Passage(id="p1", text=text, source="a.md", title="", section="History",
                       start=0, end=len(text))  # fmt: skip
    alone = cov.assess_topic(topic, [one_word], [Candidate(0, 0, len(text), text)], [0.6],
                             cov.Thresholds(0.1, 0.9), weights=weights)  # fmt: skip
    assert not alone.evidence[0].on_topic, "one name of the topic's list is not enough"


def test_a_missing_topic_lists_no_supporting_passage() -> None:
    """ "Byte-pair encoding tokenization" was judged missing and still counted a VAE
    encoder sentence as its one support: the word "encoding" made it look on topic."""
    text = "VAEs: Encoder compresses data into latent vectors; decoder reconstructs."
    passage = make_passage(0, "a.md", text)
    candidates = [Candidate(0, 0, len(text), text)]
    weights = {"byte-pair": 2.0, "encod": 2.0, "token": 2.0}
    item = cov.assess_topic(cov.Topic("Byte-pair encoding tokenization"), [passage], candidates,
                            [0.5], cov.Thresholds(0.45, 0.71), weights=weights)  # fmt: skip
    assert item.verdict == "missing" and item.evidence[0].on_topic
    assert item.supporting == 0 and item.contributing == [] and not item.evidence[0].supports
    line = cov.no_support_line(item, cov.Thresholds(0.45, 0.71))
    assert line.startswith("The topic scores below the partial threshold as a whole")


def test_a_section_titled_after_the_topic_counts_like_a_matching_sentence() -> None:
    passage = make_passage(0, "a.md", "| FID | Realism of generated images |")
    candidates = [Candidate(0, 0, len(passage.text), passage.text)]
    plain = cov.assess_topic(cov.Topic("Evaluation metrics"), [passage], candidates, [0.3],
                             cov.Thresholds())  # fmt: skip
    headed = cov.assess_topic(cov.Topic("Evaluation metrics"), [passage], candidates, [0.3],
                              cov.Thresholds(), heading_scores=[0.8])  # fmt: skip
    assert headed.strengths[0] == 0.8 > plain.strengths[0]
    assert headed.evidence[0].sentence.startswith("(section)")
    assert cov.section_heading("Doc > 11. Evaluation Metrics") == "Evaluation Metrics"


def test_a_section_headed_by_the_topic_shows_its_line_that_names_the_topic() -> None:
    # A newcomer's check of the app: "Evaluation metrics such as FID and BLEU" showed the
    # section "11. Evaluation Metrics" with its "Human Preference Tests" row highlighted,
    # the row most like the topic as a whole, not one naming FID or BLEU.
    text = (
        "| Human Preference Tests | Subjective quality and coherence rating |\n"
        "| BLEU / ROUGE / METEOR | Text similarity to reference data |\n"
    )
    passage = make_passage(0, "a.md", text)
    human, bleu = text.splitlines()
    candidates = [Candidate(0, 0, len(human), human),
                  Candidate(0, len(human) + 1, len(text) - 1, bleu)]  # fmt: skip
    weights = {"fid": 3.0, "bleu": 3.0, "evalu": 1.0, "metric": 1.0}
    topic = cov.Topic("Evaluation metrics such as FID and BLEU")
    item = cov.assess_topic(topic, [passage], candidates, [0.34, 0.32], cov.Thresholds(),
                            weights=weights, heading_scores=[0.81])  # fmt: skip
    (evidence,) = item.evidence
    assert evidence.strength == pytest.approx(0.81)
    assert "BLEU" in evidence.sentence and evidence.span == (len(human) + 1, len(text) - 1)


def test_a_section_headed_by_the_topic_s_words_raises_the_score() -> None:
    assert cov.dedicated_section("Industry leaders and platforms such as OpenAI",
                                 ["Course > 14. Industry Leaders and Platforms"])  # fmt: skip
    assert cov.dedicated_section("Evaluation metrics for generative models (FID, BLEU)",
                                 ["🔍 11. Evaluation Metrics"])  # fmt: skip
    assert not cov.dedicated_section(
        "Small language models for edge devices", ["Large Language Models (LLM)"]
    ), "'large' is not the topic's"
    assert not cov.dedicated_section("Evaluation metrics", ["", "7."]), "no heading words"
    assert cov.adjusted_score(0.6, dedicated=True) == pytest.approx(0.6 + cov.DEDICATED_BONUS)
    assert cov.adjusted_score(0.95, dedicated=True) == 1.0


def test_a_heading_of_only_the_course_s_own_words_is_not_dedicated() -> None:
    common = set(tokenize("generative AI models"))
    topic = "Deploying generative AI applications with FastAPI and Docker"
    assert cov.dedicated_section(topic, ["Generative AI"]), "without common words: the old rule"
    assert not cov.dedicated_section(topic, ["Course > Generative AI"], common)
    assert cov.dedicated_section("Evaluation metrics for generative models",
                                 ["11. Evaluation Metrics"], common)  # fmt: skip


def test_only_an_on_topic_passage_s_section_is_dedicated_to_the_topic() -> None:
    text = "Evaluate generative AI outputs and quality"
    passage = Passage(id="p0", text=text, source="a.md", title="", section="Learning Objectives",
                      start=0, end=len(text))  # fmt: skip
    candidates = [Candidate(0, 0, len(text), text)]
    topic = cov.Topic("Contrastive learning objectives such as the InfoNCE loss")
    weights = {"contrast": 3.0, "learn": 1.0, "object": 1.0, "infonc": 3.0, "loss": 2.0}
    item = cov.assess_topic(topic, [passage], candidates, [0.5], cov.Thresholds(),
                            weights=weights)  # fmt: skip
    assert not item.evidence[0].on_topic
    # No dedicated-section bonus, and no passage supports it.
    assert item.score == pytest.approx(cov.supported_score(0.5 / cov.DEPTH, 0))
    unweighted = cov.assess_topic(topic, [passage], candidates, [0.5], cov.Thresholds())
    assert unweighted.score == pytest.approx(0.5 / cov.DEPTH + cov.DEDICATED_BONUS)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Deployment: FastAPI, Docker, cloud services", True),
        ("Large Language Models: GPT-4, Claude, LLaMA, instruction tuning", True),
        ("Fine-tuning Techniques: LoRA, QLoRA, parameter-efficient methods.", True),
        ("Video Generation: Synthesizes short video sequences or scenes., Pika, Sora", False),
        ("Inference: Generate outputs conditioned on prompts.", False),
        ("Deployment: FastAPI, Docker", False),  # two items: too few to be a list
        ("FastAPI, Docker, cloud services and Kubernetes", False),  # no label
    ],
)
def test_name_list(sentence: str, expected: bool) -> None:
    assert cov.name_list(sentence) is expected


def test_a_topic_only_named_in_a_list_is_at_most_partial() -> None:
    lines = ["Large Language Models: GPT-4, Claude, LLaMA, instruction tuning",
             "LLMs: GPT series, LLaMA, Mistral, instruction tuning"]  # fmt: skip
    passages = [make_passage(i, "a.md", lines[i % 2]) for i in range(4)]
    candidates = [Candidate(i, 0, len(p.text), p.text) for i, p in enumerate(passages)]
    scores = [1.0, 0.97, 0.9, 0.9]
    topic = cov.Topic("Instruction tuning of large language models")
    item = cov.assess_topic(topic, passages, candidates, scores, cov.Thresholds())
    assert item.score == cov.LIST_ONLY_CAP < cov.COVERED_MIN
    assert item.verdict == "partial"
    # The same strengths from an explaining sentence are not capped.
    prose = "Instruction tuning fine-tunes a language model on instructions and answers."
    explained = cov.assess_topic(topic, [make_passage(0, "a.md", prose)] * 4,
                                 [Candidate(i, 0, len(prose), prose) for i in range(4)],
                                 scores, cov.Thresholds())  # fmt: skip
    assert explained.verdict == "covered"
    # A section headed by the topic lifts the cap.
    headed = [Passage(id=f"h{i}", text=p.text, source="a.md", title="",
                      section="Instruction Tuning", start=0, end=len(p.text))
              for i, p in enumerate(passages)]  # fmt: skip
    still_listed = cov.assess_topic(topic, headed, candidates, scores, cov.Thresholds())
    assert still_listed.score == cov.LIST_ONLY_CAP, "a section of name lists is still a list"
    headed[3] = Passage(id="h3", text=prose, source="a.md", title="",
                        section="Instruction Tuning", start=0, end=len(prose))  # fmt: skip
    explaining = [*candidates[:3], Candidate(3, 0, len(prose), prose)]
    lifted = cov.assess_topic(topic, headed, explaining, scores, cov.Thresholds())
    assert lifted.verdict == "covered", "the section headed by the topic explains it"


def test_one_sentence_of_running_text_that_explains_a_topic_makes_it_covered() -> None:
    # "Generative vs. discriminative models…" averaged 0.59 over its best passages while
    # a prose sentence explained it at 0.77 (a blind train topic of eval/topics.jsonl).
    prose = "Unlike discriminative models, generative models produce novel outputs."
    other = "Generative AI creates text, images and music."
    texts = [prose, other, other, other]
    passages = [make_passage(i, "a.md", t) for i, t in enumerate(texts)]
    candidates = [Candidate(i, 0, len(t), t) for i, t in enumerate(texts)]
    topic = cov.Topic("Generative versus discriminative models")
    scores = [0.77, 0.6, 0.25, 0.2]  # one passage explains it, another is near it
    item = cov.assess_topic(topic, passages, candidates, scores, cov.Thresholds())
    assert item.score == pytest.approx(0.77) and item.verdict == "covered"
    # Alone, with nothing else near it, the sentence is a mention: "Tolman's latent
    # learning in rats", one sentence of a psychology course at 0.83, is partial.
    scores = [0.77, 0.3, 0.25, 0.2]
    lone = cov.assess_topic(topic, passages, candidates, scores, cov.Thresholds())
    assert lone.score == pytest.approx(cov.LIST_ONLY_CAP) and lone.verdict == "partial"
    assert lone.supporting == 1
    # The same strength from a list line names the topic without explaining it.
    listed = [f"- {prose}", other, other, other]
    as_list = [make_passage(i, "a.md", t) for i, t in enumerate(listed)]
    in_list = [Candidate(0, 2, len(listed[0]), prose), *candidates[1:]]
    named = cov.assess_topic(topic, as_list, in_list, scores, cov.Thresholds())
    assert named.score == pytest.approx((0.77 + 0.3 + 0.25 + 0.2) / 4)
    assert named.verdict == "partial"
    # A weaker sentence does not lift the average.
    weaker = cov.assess_topic(topic, passages, candidates, [0.7, 0.4, 0.25, 0.2],
                              cov.Thresholds())  # fmt: skip
    assert weaker.verdict == "partial"


def test_a_topic_the_notes_say_they_only_name_is_at_most_partial() -> None:
    # An astronomy course written blind for the coverage check: "…the most luminous of
    # which are quasars; these lie outside the scope of this course" made "Quasars and
    # active galactic nuclei: what they are and what powers them" covered at 0.82, and
    # "…called inflation; we only name it here" did the same for cosmic inflation.
    aside = (
        "Some galaxies have bright, compact centres known as active galactic nuclei, "
        "the most luminous of which are quasars; these lie outside the scope of this course."
    )
    other = "Spiral galaxies still have cool gas and are forming stars."
    texts = [aside, other, other, other]
    passages = [make_passage(i, "a.md", t) for i, t in enumerate(texts)]
    candidates = [Candidate(i, 0, len(t), t) for i, t in enumerate(texts)]
    topic = cov.Topic("Quasars and active galactic nuclei")
    scores = [0.86, 0.6, 0.55, 0.5]
    item = cov.assess_topic(topic, passages, candidates, scores, cov.Thresholds())
    # Four supporting passages lift the mean (0.63) well above the covered threshold;
    # the aside still caps it.
    assert item.score == pytest.approx(cov.LIST_ONLY_CAP)
    assert item.verdict == "partial"
    # Without the aside, the same sentence explains the topic and covers it.
    plain = aside.split(";")[0] + "."
    texts[0] = plain
    covered = cov.assess_topic(topic, [make_passage(i, "a.md", t) for i, t in enumerate(texts)],
                               [Candidate(0, 0, len(plain), plain), *candidates[1:]], scores,
                               cov.Thresholds())  # fmt: skip
    assert covered.verdict == "covered"


def test_a_topic_one_sentence_names_is_at_most_partial() -> None:
    # A course on the Byzantine Empire written blind for the check (eval/check_courses):
    # "The Plague of Justinian" was one sentence in a section on the wars, yet the
    # passages on Justinian around it made it covered, and its quizzes asked about
    # Theodora and the Nika riot.
    topic = cov.Topic("The Plague of Justinian")
    weights = {stem: weight for stem, weight in zip(tokenize("plague justinian"), (3.0, 1.5),
                                                    strict=True)}  # fmt: skip
    texts = [
        "In 541–542 bubonic plague reached the empire through Egypt and struck Constantinople.",
        "Justinian pursued a consistent programme of restoring the Roman empire.",
        "Justinian considered flight during the riot, but Theodora persuaded him to stay.",
        "Justinian's generals reconquered North Africa and Italy.",
    ]
    sections = ["9. The wars of reconquest", "6. Justinian and Theodora",
                "6. Justinian and Theodora", "9. The wars of reconquest"]  # fmt: skip

    def assess(texts: list[str], sections: list[str]) -> cov.TopicCoverage:
        pairs = enumerate(zip(texts, sections, strict=True))
        passages = [Passage(id=f"p{i}", text=t, source="a.md", title="", section=s, start=0,
                            end=len(t)) for i, (t, s) in pairs]  # fmt: skip
        candidates = [Candidate(i, 0, len(t), t) for i, t in enumerate(texts)]
        return cov.assess_topic(topic, passages, candidates, [0.85, 0.8, 0.75, 0.7],
                                cov.Thresholds(), weights=weights)  # fmt: skip

    mentioned = assess(texts, sections)
    assert mentioned.supporting == 4, "every passage names the topic's words"
    assert mentioned.score == pytest.approx(cov.LIST_ONLY_CAP)
    assert mentioned.verdict == "partial"
    # Named again elsewhere, the topic is taught, not touched.
    again = [*texts[:3], "The plague returned in waves until about 750, emptying cities."]
    assert assess(again, sections).verdict == "covered"
    # So it is under a heading of its own, however few sentences name it.
    assert assess(texts, [*sections[:3], "10. The Plague of Justinian"]).verdict == "covered"


def test_a_topic_two_lines_speak_to_is_at_most_partial() -> None:
    # A syllabus topic a blind batch wrote for the bundled notes, labelled partial by three
    # instructors: one list line names it, one sentence about the future mentions it, and
    # passages on generative systems in general match it well. It was judged covered.
    topic = cov.Topic("Real-time, low-latency generative systems")
    weights = {"real-tim": 2.4, "low-lat": 2.3, "system": 1.4, "generat": 0.1}
    lines = [
        ("7. Research Frontiers", "Real-time Generation: Low-latency, interactive generative systems", 0.95),
        ("9. The Future", "Generative systems will support real-time creative prototyping.", 0.72),
        ("3. Deep Learning", "Deep learning is the foundation of generative systems.", 0.7),
        ("8. Applications", "Generative AI is transforming industries with new systems.", 0.68),
    ]  # fmt: skip

    def assess(lines: list[tuple[str, str, float]]) -> cov.TopicCoverage:
        passages = [Passage(id=f"p{i}", text=t, source="a.md", title="", section=s, start=0,
                            end=len(t)) for i, (s, t, _) in enumerate(lines)]  # fmt: skip
        candidates = [Candidate(i, 0, len(t), t) for i, (_, t, _) in enumerate(lines)]
        return cov.assess_topic(topic, passages, candidates, [v for *_, v in lines],
                                cov.Thresholds(), weights=weights)  # fmt: skip

    touched = assess(lines)
    assert touched.supporting == 2 and touched.verdict == "partial"
    assert touched.score == pytest.approx(cov.LIST_ONLY_CAP)
    # A third line that speaks to it makes it taught.
    more = [*lines, ("9. The Future", "Low-latency decoding keeps real-time systems usable.", 0.6)]
    assert assess(more).verdict == "covered"
    # So does a section headed by it, however few of its lines match the topic alone.
    headed = [("7. Real-time Generation", *lines[0][1:]), *lines[1:]]
    assert assess(headed).verdict == "covered"


def test_a_line_two_overlapping_passages_share_counts_once() -> None:
    from rag.study.coverage.naming import lines_on_topic

    line = "Real-time Generation: Low-latency, interactive generative systems"
    passages = [make_passage(n, "a.md", line) for n in (0, 1)]
    candidates = [Candidate(n, 0, len(line), line) for n in (0, 1)]
    weights = {"real-tim": 2.4, "low-lat": 2.3, "system": 1.4}
    assert lines_on_topic(passages, candidates, [0.9, 0.9], weights, floor=0.35) == {line}
    assert lines_on_topic(passages, candidates, [0.3, 0.3], weights, floor=0.35) == set()


def test_a_compound_name_is_not_named_by_one_of_its_words_alone() -> None:
    # The biochemistry course written blind for the check names the urea cycle in one
    # sentence, and urea twice more, as Anfinsen's denaturant: coverage said covered,
    # and the topic's quiz asked about the citric acid cycle (eval/quiz_check40_*).
    from rag.study.quiz.relevance import TopicWeights, compound_name

    topic = cov.Topic("The urea cycle")
    weights = TopicWeights({"urea": 3.0, "cycl": 1.5})
    texts = [
        "The nitrogen is excreted as urea, made in the liver by the urea cycle (1932).",
        "He unfolded it with 8 M urea and β-mercaptoethanol, abolishing activity.",
        "If the reductant was removed first while urea kept the chain unfolded, it failed.",
        "The citric acid cycle runs in the mitochondrial matrix.",
    ]
    sections = ["9. The fed and fasting states", "7. Protein folding", "7. Protein folding",
                "4. The Citric Acid Cycle"]  # fmt: skip
    passages = [Passage(id=f"p{i}", text=t, source="a.md", title="", section=s, start=0,
                        end=len(t)) for i, (t, s) in enumerate(zip(texts, sections, strict=True))]  # fmt: skip
    candidates = [Candidate(i, 0, len(t), t) for i, t in enumerate(texts)]

    def verdict() -> str:
        return cov.assess_topic(topic, passages, candidates, [0.85, 0.8, 0.75, 0.7],
                                cov.Thresholds(), weights=weights).verdict  # fmt: skip

    assert verdict() == "covered", "as a word list, urea is named three times"
    weights.compound = compound_name(topic.text)
    assert verdict() == "partial"


def test_a_topic_naming_what_the_notes_never_name_is_missing() -> None:
    # A Mongol Empire course written blind for the check: "The Mongol invasions of
    # Korea" met passages on the invasions of Japan and the Ilkhans, and was partial,
    # though the notes never say "Korea".
    topic = cov.Topic("The Mongol invasions of Korea")
    text = "Kublai's two seaborne invasions of Japan, in 1274 and 1281, were defeated."
    passages = [make_passage(i, "a.md", text) for i in range(4)]
    candidates = [Candidate(i, 0, len(text), text) for i in range(4)]
    scores = [0.66, 0.6, 0.55, 0.5]
    touched = cov.assess_topic(topic, passages, candidates, scores, cov.Thresholds())
    assert touched.verdict != "missing"
    absent = cov.assess_topic(topic, passages, candidates, scores, cov.Thresholds(),
                              unused=("Korea",))  # fmt: skip
    assert absent.verdict == "missing" and absent.supporting == 0
    assert "never names “Korea”" in cov.no_support_line(absent, cov.Thresholds())
    # A name among the topic's listed examples is one example, not the topic.
    laws = cov.Topic("Gas laws: Boyle's, Charles's and Avogadro's laws")
    listed = cov.assess_topic(laws, passages, candidates, scores, cov.Thresholds(),
                              unused=("Boyle's",))  # fmt: skip
    assert listed.verdict == touched.verdict
    # Nor is a bound of the range a topic spans: a blind brewing course's history
    # section says "Sumer" and "Godin Tepe", never "Mesopotamia".
    history = cov.Topic("The history of brewing from ancient Mesopotamia to lager brewing")
    spanned = cov.assess_topic(history, passages, candidates, scores, cov.Thresholds(),
                               unused=("Mesopotamia",))  # fmt: skip
    assert spanned.verdict == touched.verdict and not spanned.absent_name


def test_a_name_joined_by_an_en_dash_is_the_name_a_student_types_with_a_hyphen() -> None:
    # The astronomy course writes "Hertzsprung–Russell"; a topic typed with a hyphen
    # scored 0.50 (partial) against two sections on it, 0.76 (covered) once they matched.
    assert tokenize("The Hertzsprung–Russell diagram") == tokenize("Hertzsprung-Russell diagram")
    assert tokenize("2014–2017") == ["2014", "2017"], "a range of years stays two numbers"


def test_topic_words_the_course_never_uses_lower_the_score() -> None:
    weights = {"benchmark": 3.0, "mmlu": 3.0, "llms": 1.0, "suit": 1.0}
    frequencies = {"llms": 12, "suit": 2}
    share = cov.absent_share(weights, frequencies)
    assert share == pytest.approx(6 / 8)
    assert cov.adjusted_score(0.6, absent=share) == pytest.approx(
        0.6 * (1 - cov.ABSENT_PENALTY * 0.75)
    )
    assert cov.absent_share(weights, {}) == 0.0, "no keyword index: nothing is known absent"
    assert cov.absent_share({}, frequencies) == 0.0


def test_a_topic_word_the_course_says_another_way_is_not_absent() -> None:
    # "pictures" of a course that says "images": the synonym table (shared with the
    # keyword index) reads it as its group, so the topic is not penalised for it.
    weights = {"pictur": 3.0, "prompt": 2.0}
    assert cov.absent_share(weights, {"prompt": 4}) == pytest.approx(3 / 5)
    assert cov.absent_share(weights, {"prompt": 4, "imag": 9}) == 0.0


@pytest.fixture(scope="module")
def corpus_report(corpus_assistant: Assistant) -> cov.CoverageReport:
    topics = [cov.Topic(t) for t in COVERED + PARTIAL + MISSING]
    return cov.assess_topics(corpus_assistant, topics)


def test_verdicts_on_topics_written_for_the_bundled_corpus(
    corpus_report: cov.CoverageReport,
) -> None:
    verdicts = {item.topic.text: item.verdict for item in corpus_report.topics}
    expected = (
        dict.fromkeys(COVERED, "covered")
        | dict.fromkeys(PARTIAL, "partial")
        | dict.fromkeys(MISSING, "missing")
    )
    assert verdicts == expected
    assert corpus_report.counts() == {"covered": 4, "partial": 2, "missing": 3}


def test_evidence_names_the_passages_that_cover_a_topic(
    corpus_report: cov.CoverageReport,
) -> None:
    diffusion, gans = corpus_report.topics[0], corpus_report.topics[1]
    assert "noise" in diffusion.evidence[0].sentence.lower()
    assert any("discriminator" in e.sentence.lower() for e in gans.evidence)
    for item in (diffusion, gans):
        assert item.supporting >= cov.DEPTH and len(item.contributing) >= 2
        best = item.evidence[0]
        start, end = best.span or (0, 0)
        assert best.sentence.split()[0] in best.passage.text[start:end]
    for item in corpus_report.topics[-len(MISSING) :]:
        assert item.contributing == [] and not any(e.supports for e in item.evidence)
    # A thin topic: one strong passage, then nothing close.
    for item in corpus_report.topics[len(COVERED) : len(COVERED) + len(PARTIAL)]:
        assert item.strengths[0] >= cov.COVERED_MIN and item.strengths[1] < 0.55


def test_byte_pair_encoding_is_missing_from_the_bundled_notes(
    corpus_assistant: Assistant,
) -> None:
    # Issue 15: the notes never say "byte-pair" (nor "tokenization"); the topic was judged
    # partial on a VAE sentence about encoders and BERT's "3.3 billion tokens".
    (item,) = cov.assess_topics(
        corpus_assistant, [cov.Topic("Byte-pair encoding tokenization")]
    ).topics
    assert item.verdict == "missing" and item.absent_name == "Byte-pair"
    assert item.supporting == 0 and not any(e.supports for e in item.evidence)


def test_heatmap_columns_are_the_corpus_documents(corpus_report: cov.CoverageReport) -> None:
    assert len(corpus_report.documents) == 4
    grid = corpus_report.matrix()
    assert grid.shape == (9, 4)
    diffusion_row = grid[0]
    assert np.nanmax(diffusion_row) == pytest.approx(corpus_report.topics[0].strengths[0])


def test_a_topic_keeps_its_one_distinctive_word_beside_the_courses_own_words() -> None:
    """Capping weights at their median must not erase the word a topic is about.

    In the bundled course "generative" and "model" are in most chunks, so the median of
    "Flow-based generative models" is a common word's weight; capped there, "flow-based"
    was no longer distinctive, every passage saying "model" was on topic, and the topic,
    one table row of the notes, came out covered on eight supporting passages.
    """
    from rag.study.coverage.signals import cap_weights
    from rag.study.quiz.relevance import DISTINCTIVE, distinctive_words

    flows = cap_weights({"flow-bas": 3.25, "generat": 0.11, "model": 0.18}, floor=DISTINCTIVE)
    assert distinctive_words(flows) == {"flow-bas"}
    assert flows["model"] == 0.18
    # A rare word beside another distinctive one is still capped at the median.
    foundation = cap_weights({"foundat": 1.6, "model": 0.18, "characterist": 2.9}, DISTINCTIVE)
    assert foundation["characterist"] == foundation["foundat"] == 1.6


def test_a_topic_in_a_word_the_notes_never_use_is_supported_by_its_synonym(
    corpus_assistant: Assistant,
) -> None:
    """The course says "evolution", never "history": "history of generative AI" was
    judged covered with no supporting passage, its own timeline marked off topic."""
    report = cov.assess_topics(corpus_assistant, [cov.Topic("history of generative AI")])
    topic = report.topics[0]
    assert topic.verdict == "covered"
    assert "3. Evolution of Generative AI" in {p.section for p in topic.support}


def test_the_readme_syllabus_lines_a_section_teaches_are_covered(
    corpus_assistant: Assistant,
) -> None:
    # eval/syllabus.md, the README's example: "contrast" (a task, tied for the rarest
    # word) named the first line in one sentence, and each metric row of "11. Evaluation
    # Metrics" matched the whole of the second too weakly; both came out partial.
    first, metrics = cov.assess_topics(
        corpus_assistant,
        [
            cov.Topic("Define generative AI and contrast it with discriminative models"),
            cov.Topic("Evaluate generative models with FID, BLEU and CLIPScore"),
        ],
    ).topics
    assert first.verdict == "covered", first.score
    assert metrics.verdict == "covered", metrics.score


def test_names_a_topic_lists_are_explained_one_line_each() -> None:
    from rag.study.coverage.naming import names_explained

    rows = ["FID (Fréchet Inception Distance): Realism of generated images",
            "BLEU / ROUGE / METEOR: Text similarity to reference data"]  # fmt: skip
    lines = [Candidate(0, i, i + 1, row) for i, row in enumerate(rows)]
    assert names_explained("Metrics such as FID and BLEU", lines)
    assert not names_explained("Metrics such as FID, BLEU and CLIPScore", lines)
    listed = [Candidate(0, 0, 1, "Evaluation Metrics: BLEU, FID, CLIPScore, human tests")]
    assert not names_explained("Metrics such as FID and BLEU", listed)


def test_evidence_of_bare_table_rows_is_shown_under_the_tables_header(
    corpus_assistant: Assistant,
) -> None:
    # A newcomer in the app: "| Flow-based Models | Learn invertible … | RealNVP, Glow |"
    # showed as raw pipes, the table's header being in the chunk before.
    import re

    topic = "Trace the historical evolution of generative AI from Markov models to multimodal foundation models"
    (item,) = cov.assess_topics(corpus_assistant, [cov.Topic(topic)]).topics
    tables = [e for e in item.evidence if e.passage.text.lstrip().startswith("|")]
    assert tables, [e.passage.text[:40] for e in item.evidence]
    for evidence in tables:
        lines = evidence.passage.text.strip().splitlines()
        assert re.match(r"^\|[\s:|-]+\|$", lines[1]), lines[:2]  # a header, then its rule
        start, end = evidence.span or (0, 0)
        shown = evidence.sentence.split(" — ")[-1].split(":")[0]
        assert shown in evidence.passage.text[start:end]
