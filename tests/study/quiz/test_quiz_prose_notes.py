"""A teacher's notes in plain prose: two files, one unit each, wrapped by hand.

Nothing in them is bold, abbreviated or tabulated but one table: a newcomer's quiz on
"cellular respiration" made one item of six, all blanks, because the unit's title was
no heading of its sections, its definitions named no marked term, and its numbered
stages were sentences wrapped over several lines. Real index, real embedder.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.retrieval.embeddings import Embedder
from rag.study.coverage import Topic, assess_topics
from rag.study.quiz.build import build_quiz
from tests.conftest import ingested_course

NOTES = Path(__file__).parents[2] / "fixtures" / "biology-notes"


@pytest.fixture(scope="module")
def biology(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Assistant:
    return ingested_course(tmp_path_factory, embedder, NOTES)


def test_a_unit_titled_by_the_topic_covers_it(biology: Assistant) -> None:
    report = assess_topics(biology, [Topic("Cellular respiration"), Topic("Photosynthesis")])
    assert [t.verdict for t in report.topics] == ["covered", "covered"]


def test_a_quiz_on_a_units_subject_is_full_and_of_several_kinds(biology: Assistant) -> None:
    quiz = build_quiz(biology, "cellular respiration", 8, seed=1)
    kinds = Counter(item.kind for item in quiz.items)
    assert len(quiz.items) == 8, quiz.note
    assert {"definition", "order", "truefalse"} <= set(kinds), kinds
    assert all(item.source.source == "02-respiration.md" for item in quiz.items)


def test_prose_definitions_are_asked_in_both_directions(biology: Assistant) -> None:
    asked = {
        item.question: item.answer
        for seed in (1, 2, 3)
        for item in build_quiz(biology, "cellular respiration", 8, seed=seed).items
        if item.kind == "definition"
    }
    assert asked.get("According to the course, what is the space inside the inner membrane?") \
        == "matrix"  # fmt: skip
    assert all(answer.lower() not in question.lower() for question, answer in asked.items())


def test_the_stages_written_as_wrapped_sentences_are_ordered(biology: Assistant) -> None:
    quiz = build_quiz(biology, "The four stages of aerobic respiration", 6, seed=1, kind="short")
    order = [item for item in quiz.items if item.kind == "order"]
    assert order, [item.question for item in quiz.items]
    stages = ["Glycolysis", "Pyruvate oxidation", "The Krebs cycle", "Oxidative phosphorylation"]
    for item in order:
        anchor = item.question.split("“")[-1].split("”")[0]
        step = 1 if "after" in item.question else -1
        assert stages[stages.index(anchor) + step] == item.answer


def test_a_false_statement_swaps_in_a_stage_said_to_happen_elsewhere(biology: Assistant) -> None:
    quiz = build_quiz(biology, "cellular respiration", 8, seed=1, kind="tf")
    false = [item for item in quiz.items if item.answer == "False"]
    assert false
    for item in false:
        swapped_in, original = item.meta["swap_to"], item.meta["swap_from"]
        # the two stages are said to happen in different places, so the swap is false
        assert {swapped_in, original} != {"Pyruvate oxidation", "The Krebs cycle"}
        assert item.question.startswith(f"True or false: {swapped_in} ")


def test_a_term_the_notes_introduce_in_lower_case_is_blanked(biology: Assistant) -> None:
    # "…the folds are called cristae", "…this step, called photolysis": unmarked terms
    answers = {
        item.answer
        for topic in ("Mitochondria", "The light-dependent reactions of photosynthesis")
        for item in build_quiz(biology, topic, 6, seed=1, kind="cloze").items
    }
    assert {"cristae", "photolysis"} <= answers, answers


def test_no_table_question_has_two_rows_for_an_answer(biology: Assistant) -> None:
    quiz = build_quiz(biology, "ATP yield", 8, seed=1)
    assert not any("“2 NADH”" in item.question for item in quiz.items)
    assert not any("nadh" in item.question for item in quiz.items)  # the header as written


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_QUERY_LOG", "false")


def test_words_tied_for_rarest_all_say_what_the_topic_is() -> None:
    # Picking one by set order made "Cellular respiration" covered or partial by the run.
    from rag.study.quiz.relevance import TopicWeights, distinctive_words

    weights = TopicWeights({"cellular": 0.66, "respir": 0.66, "the": 0.1})
    assert distinctive_words(weights) == {"cellular", "respir"}


def test_a_blank_gives_no_half_of_a_name_and_no_prize(biology: Assistant) -> None:
    # Sheet 67, three raters of three: "…two molecules of acetyl _____" keyed "CoA", where
    # the notes also write "Acetyl CoA, which carries two carbons"; and "…received the
    # _____ in Physiology or Medicine", whose frame names the prize.
    items = [
        item
        for topic in ("Glycolysis and the Krebs cycle", "The electron transport chain")
        for seed in (1, 2)
        for item in build_quiz(biology, topic, 6, seed=seed, kind="cloze").items
    ]
    assert items
    assert not any("acetyl _____" in item.question for item in items)
    assert not any(item.answer == "Nobel Prize" for item in items)


def test_a_cell_another_row_says_as_well_is_no_clue() -> None:
    from rag.study.quiz.facts import shared_cell

    table = (
        "| Corps | Recruited from | Arms |\n|---|---|---|\n"
        "| Qizilbash tribal troops | Tribal levies | Cavalry with bows and lances |\n"
        "| **Qurchis** | Royal guardsmen | Cavalry |\n"
        "| **Musketeers** | Peasants | Muskets |\n"
    )
    line = "| **Qurchis** | Royal guardsmen | Cavalry |"
    assert shared_cell(table, line, 2, "Cavalry")
    assert not shared_cell(table, "| **Musketeers** | Peasants | Muskets |", 2, "Muskets")


def test_a_table_rows_options_come_from_its_own_column(biology: Assistant) -> None:
    # A helper in the app: "which stage has … “6 NADH, 2 FADH2”?" offered "Water supply"
    # and "Carbon dioxide concentration", rows of the limiting-factors table, beside stages.
    factors = {"Light intensity", "Carbon dioxide concentration", "Temperature", "Water supply"}
    quiz = build_quiz(biology, "cellular respiration", 6, seed=1, kind="mcq")
    assert not any(set(item.options) & factors for item in quiz.items)


def test_another_seed_gives_another_quiz(biology: Assistant) -> None:
    # A helper in the app: four seeds of "cellular respiration" shared five of six items.
    quizzes = [
        {item.question for item in build_quiz(biology, "cellular respiration", 6, seed=s).items}
        for s in (1, 2, 3, 4)
    ]
    assert len(set.intersection(*quizzes)) <= 3
    assert len(set.union(*quizzes)) >= 10


def test_a_true_statement_about_the_swapped_in_stage_settles_the_false_one() -> None:
    # A helper in the app: "Glycolysis takes place in the cytoplasm…" (true) and
    # "Glycolysis takes place on the inner mitochondrial membrane…" (false) in one quiz.
    from rag.study.quiz.model import STATEMENT_PREFIX, TRUE_FALSE, ItemSource, QuizItem
    from rag.study.quiz.selection import reveals_swap

    source = ItemSource("02-respiration.md", "Unit 2", "The four stages", "…", "c1")

    def statement(text: str, answer: str, **meta: str) -> QuizItem:
        return QuizItem("tf", STATEMENT_PREFIX + text, answer, "", source, list(TRUE_FALSE),
                        kind="truefalse", meta=meta)  # fmt: skip

    false = statement("Glycolysis takes place on the inner mitochondrial membrane.", "False",
                      swap_from="Oxidative phosphorylation", swap_to="Glycolysis")  # fmt: skip
    true = statement("Glycolysis takes place in the cytoplasm and splits glucose.", "True")
    other = statement("Glycolysis needs no oxygen and is found in every organism.", "True")
    assert reveals_swap(false, true)
    assert not reveals_swap(false, other)


POINTING_STARTS = ("It ", "Its ", "They ", "Their ", "This ", "These ", "Each has")


def test_a_blank_that_points_back_is_asked_with_the_sentence_it_points_to(
    biology: Assistant,
) -> None:
    # A helper in the app: "Fill in the blank: It uses the ATP and _____ made in the light
    # reactions…" and "Their job is to convert light energy…": which "it", whose job?
    items = [
        item
        for topic in ("The Calvin cycle and carbon fixation", "Photosynthesis", "Mitochondria")
        for seed in (1, 2, 3)
        for item in build_quiz(biology, topic, 6, seed=seed, kind="cloze").items
    ]
    stems = [item.question.removeprefix("Fill in the blank: ") for item in items]
    assert not [stem for stem in stems if stem.startswith(POINTING_STARTS)]
    led = [stem for stem in stems if "It uses the " in stem]
    assert led, stems
    assert all(
        stem.startswith("The Calvin cycle, also called the light-independent") for stem in led
    )
    # The answer key says what "it" is too: it quoted "It uses the ATP and NADPH…" bare.
    keys = [item.explanation for item in items if "It uses the " in item.question]
    assert all("The Calvin cycle, also called the light-independent" in key for key in keys)


@pytest.mark.parametrize(
    ("topic", "pointing", "pointed_to"),
    [
        ("Photosynthesis", "When it does, the plant", "Rubisco can bind oxygen instead"),
        ("Photosynthesis", "depends on it, directly", "Photosynthesis is the process"),
        # A student reviewing the notes: "Peter Mitchell proposed this mechanism, called
        # _____…": which mechanism?
        (
            "The electron transport chain",
            "Peter Mitchell proposed this mechanism",
            "The hydrogen ions then flow back",
        ),
    ],
)
def test_a_pronoun_inside_a_blanked_sentence_is_asked_with_what_it_means(
    biology: Assistant, topic: str, pointing: str, pointed_to: str
) -> None:
    # A helper in the app: "When it does, the plant loses fixed carbon…" and "Almost all
    # life on _____ depends on it": the "it" opens no sentence, and still points back.
    stems = [
        item.question
        for seed in (1, 2, 3)
        for item in build_quiz(biology, topic, 6, seed=seed, kind="cloze").items
    ]
    led = [stem for stem in stems if pointing in stem]
    assert led, stems
    assert all(stem.index(pointed_to) < stem.index(pointing) for stem in led), led


def test_a_sentence_naming_its_answer_twice_is_not_blanked_twice(biology: Assistant) -> None:
    # A student reviewing these notes: "…through _____ synthase, which… joins ADP and
    # phosphate into _____." keyed ATP, each blank a clue to the other.
    stems = [
        item.question
        for topic in ("The electron transport chain", "Light-dependent reactions")
        for seed in (1, 2)
        for item in build_quiz(biology, topic, 6, seed=seed).items
    ]
    assert stems
    assert not [stem for stem in stems if stem.count("_____") > 1]


def test_a_carrier_named_in_its_other_form_gives_the_blank_away(biology: Assistant) -> None:
    # A student reviewing these notes: "…as long as they can recycle _____ back into NAD+"
    # keyed NADH; the reverse blank ("recycle NADH back into _____", NAD+) likewise.
    items = [
        item
        for topic in ("Fermentation", "Anaerobic respiration", "The electron transport chain")
        for seed in (1, 2)
        for item in build_quiz(biology, topic, 6, seed=seed).items
    ]
    assert items
    for item in items:
        if item.answer in ("NADH", "NAD+"):
            assert "NADH" not in item.question and "NAD+" not in item.question, item


def test_a_prize_field_is_no_blank() -> None:
    from rag.schema import Passage
    from rag.study.quiz.blanks import cloze_candidates
    from rag.study.quiz.units import passage_units

    text = (
        "The Krebs cycle is named after Hans Krebs, who described it in 1937 and received "
        "the Nobel Prize in Physiology or Medicine in 1953."
    )
    passage = Passage("c1", text, "02-respiration.md", "Unit 2", "The Krebs cycle", 0, len(text))
    answers = {term.text for term, _ in cloze_candidates(passage_units(0, passage)[0])}
    assert answers and not answers & {"Physiology", "Medicine", "Nobel Prize"}


def test_no_two_items_answer_each_other(biology: Assistant) -> None:
    # "It uses the ATP and _____…" (NADPH) beside "…consumes nine _____ and six NADPH" (ATP),
    # and a blank beside another item that sets its sentence before its own.
    from rag.study.quiz.matching import normalize, occurs

    for topic in ("The Calvin cycle and carbon fixation", "Glycolysis and the Krebs cycle"):
        for seed in (1, 2, 3):
            items = build_quiz(biology, topic, 6, seed=seed, kind="cloze").items
            for one in items:
                for other in items:
                    if one is other:
                        continue
                    assert not (occurs(one.answer, other.question)
                                and occurs(other.answer, one.question)), (one, other)  # fmt: skip
                    assert normalize(one.source.quote) not in normalize(other.question)


def test_coverage_evidence_that_announces_a_list_shows_the_list(biology: Assistant) -> None:
    # A helper in the app: "Aerobic respiration happens in four linked stages, each in a
    # particular part of the cell:" was shown without the stages, which open the next chunk.
    report = assess_topics(biology, [Topic("Cellular respiration")])
    announcing = [e for e in report.topics[0].evidence if e.sentence.rstrip().endswith(":")]
    assert announcing, [e.sentence for e in report.topics[0].evidence]
    for evidence in announcing:
        assert "Glycolysis takes place in the cytoplasm" in evidence.passage.text
        start, end = evidence.span or (0, 0)
        assert evidence.passage.text[start:end].rstrip().endswith(":")  # the span still fits


def test_a_name_the_notes_spell_out_in_lower_case_is_accepted_for_its_acronym(
    biology: Assistant,
) -> None:
    # A helper in the app: "glyceraldehyde 3-phosphate" for G3P and "ribulose
    # bisphosphate" for RuBP were marked "Not quite"; the notes write both pairs.
    from rag.study.quiz.grading import grade_response

    items = [
        item
        for seed in (1, 2, 3)
        for item in build_quiz(biology, "The Calvin cycle and carbon fixation", 6, seed=seed).items
        if item.type != "mcq"
    ]
    full = {"G3P": "glyceraldehyde 3-phosphate", "RuBP": "ribulose bisphosphate"}
    keyed = [item for item in items if {item.answer, *item.aliases} & set(full)]
    assert keyed, [item.answer for item in items]
    for item in keyed:
        acronym = next(a for a in full if a in {item.answer, *item.aliases})
        assert grade_response(full[acronym], item.answer, item.aliases).verdict == "correct"
        assert grade_response(acronym, item.answer, item.aliases).verdict == "correct"
