"""Real quizzes from the bundled corpus, with the real embedding model and Chroma, and the CLI.

Every item is re-checked against the stored chunk text.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rag.assistant import Assistant
from rag.cli import app
from rag.study.quiz import (
    BLANK,
    DIFFICULTIES,
    Quiz,
    build_quiz,
    check_item,
    to_anki,
    to_csv,
    to_json,
    to_markdown,
)
from rag.study.quiz.build import topic_coverage
from rag.study.quiz.matching import normalize, occurs
from rag.study.quiz.verify import same_question
from tests.study.quiz.samples import parse_markdown, stored_text

runner = CliRunner()


# --------------------------------------------------------------------------- real quizzes

TOPIC = "Generative AI for music and audio"


@pytest.fixture(scope="module")
def music_quiz(corpus_assistant: Assistant) -> Quiz:
    return build_quiz(corpus_assistant, TOPIC, n=6, kind="mixed", seed=11)


def test_real_quiz_items_are_grounded_in_the_indexed_text(
    corpus_assistant: Assistant, music_quiz: Quiz
) -> None:
    # Four since an example blank ("models like _____ and transformers") is no item, and
    # "7. Key Generative AI Modalities" (its "Audio Generation" line gave a fifth) is a
    # section beside the topic's own (rag.study.quiz.sections.neighbouring_sections): a
    # short quiz says so.
    assert len(music_quiz.items) >= 4
    assert (music_quiz.note == "") == (len(music_quiz.items) == 6), music_quiz.note
    assert len({i.type for i in music_quiz.items}) >= 3, "mixed means a mix"
    for quiz_item in music_quiz.items:
        text = stored_text(corpus_assistant, quiz_item.source.chunk_id)
        quote = quiz_item.source.quote
        assert quote in text, "the quote is a verbatim span of the stored chunk"
        if quiz_item.kind in ("recall", "definition", "purpose"):
            assert occurs(quiz_item.answer, quote), "the quote states the answer"
        assert quiz_item.source.source and quiz_item.source.title
        assert "According to" in quiz_item.explanation and quiz_item.difficulty in DIFFICULTIES
        if quiz_item.type == "mcq" and quiz_item.kind not in ("order", "comparison"):
            assert len(set(map(normalize, quiz_item.options))) == 4
            assert quiz_item.options.count(quiz_item.answer) == 1
            distractors = [o for o in quiz_item.options if o != quiz_item.answer]
            assert not any(occurs(d, quote) for d in distractors), quiz_item.options
        elif quiz_item.type in ("short", "cloze"):
            assert quiz_item.options == []
        if quiz_item.type == "cloze":
            assert BLANK in quiz_item.question
        assert check_item(quiz_item, text) is None


def test_a_quiz_the_material_cannot_fill_is_short_rather_than_off_topic(
    corpus_assistant: Assistant,
) -> None:
    """The course names GANs in a few lines, beside VAEs, transformers and diffusion models.

    A six-item quiz on how GANs work used to be filled with the neighbouring list
    items ("which item is meant to 'Use attention mechanisms…'": Transformers); every
    item now comes from a line about GANs, and the note says why there are fewer. (Its
    one item of 2026-12-03, "The engines of generative creativity—GANs, _____, and
    transformers…" keyed VAEs, named GANs only in passing in a section about something
    else, and is left out since check sheet 26: the extractive quiz makes none.)
    """
    quiz = build_quiz(corpus_assistant, "Explain how generative adversarial networks (GANs) work",
                      n=6, kind="mixed", seed=11)  # fmt: skip
    count = len(quiz.items)
    assert count < 6
    assert quiz.note.startswith(f"Only {count} of 6" if count else "No items of 6: ")
    for quiz_item in quiz.items:
        assert "GAN" in quiz_item.source.quote or "Adversarial" in quiz_item.source.quote
        assert normalize(quiz_item.answer) not in {"transformers", "diffusion models"}


def test_real_quiz_asks_distinct_things_spread_over_passages(music_quiz: Quiz) -> None:
    items = music_quiz.items
    for first in range(len(items)):
        for second in range(first + 1, len(items)):
            assert not same_question(items[first], items[second])
    answers = [normalize(i.answer) for i in items if i.type != "tf"]
    assert len(set(answers)) == len(answers)
    assert len({i.source.chunk_id for i in items}) >= 3, "not all from one passage"
    assert [i.id for i in items] == [f"q{n}" for n in range(1, len(items) + 1)]


def test_same_seed_same_quiz(corpus_assistant: Assistant, music_quiz: Quiz) -> None:
    again = build_quiz(corpus_assistant, TOPIC, n=6, kind="mixed", seed=11)
    assert to_json(again) == to_json(music_quiz)


def test_real_quiz_exports_parse_back(music_quiz: Quiz) -> None:
    assert Quiz.from_dict(json.loads(to_json(music_quiz))).to_dict() == music_quiz.to_dict()
    questions, answers = parse_markdown(to_markdown(music_quiz))
    assert questions == [i.question for i in music_quiz.items]
    assert len(answers) == len(music_quiz.items)
    for answer, quiz_item in zip(answers, music_quiz.items, strict=True):
        assert answer.endswith(quiz_item.answer)
    rows = list(csv.DictReader(io.StringIO(to_csv(music_quiz))))
    assert len(rows) == len(music_quiz.items) and all(r["tags"].startswith("quiz ") for r in rows)
    notes = [line for line in to_anki(music_quiz).splitlines() if not line.startswith("#")]
    assert [len(row) for row in csv.reader(notes, delimiter="\t")] == [3] * len(music_quiz.items)


def test_a_quiz_uses_three_kinds_of_question_when_the_material_allows(
    corpus_assistant: Assistant,
) -> None:
    """A timeline gives definitions, orderings, comparisons and recall of its rows.

    (On how GANs work, the course mostly says what the topic line already does, "two
    networks compete", so fewer kinds pass the give-away checks there.)
    """
    quiz = build_quiz(corpus_assistant, "Trace the historical evolution of generative AI", n=6,
                      kind="mixed", seed=11)  # fmt: skip
    assert len(quiz.items) == 6
    assert len({i.kind for i in quiz.items}) >= 3, [i.kind for i in quiz.items]


def test_single_type_quiz(corpus_assistant: Assistant) -> None:
    quiz = build_quiz(corpus_assistant, "Evaluation metrics such as FID and BLEU", 3, "mcq", 2)
    assert len(quiz.items) == 3 and {i.type for i in quiz.items} == {"mcq"}


def test_a_topic_the_course_does_not_cover_gets_no_items_and_says_so(
    corpus_assistant: Assistant,
) -> None:
    quiz = build_quiz(corpus_assistant, "Relational database design and SQL joins", 5, seed=1)
    assert quiz.items == []
    assert "does not seem to cover" in quiz.note


def test_a_topic_the_coverage_report_calls_missing_gets_no_items(
    corpus_assistant: Assistant,
) -> None:
    """The course never discusses jailbreaks or red-teaming, yet its passages on language
    models share the topic's words; the Coverage page calls the topic missing, and a
    quiz on it would be made of the material around it (on the rated check sheets, 11
    of 12 such items failed a criterion)."""
    quiz = build_quiz(corpus_assistant, "Jailbreaks and red-teaming of language models", 5, seed=1)
    assert quiz.items == []
    assert "(coverage missing, score 0." in quiz.note


def test_a_quiz_on_a_topic_the_course_only_touches_on_says_so(
    corpus_assistant: Assistant,
) -> None:
    """The course names instruction tuning in two lists and explains it nowhere: a quiz
    on it asks only about the passages the Coverage page lists as support, not about
    the lists around them (LLM examples, fine-tuning methods)."""
    topic = "Instruction tuning of large language models"
    thin = build_quiz(corpus_assistant, topic, 6, seed=1)
    assert "The course only touches on “Instruction tuning of large language models” " \
           "(coverage partial" in thin.note  # fmt: skip
    support = {(p.source, p.section) for p in topic_coverage(corpus_assistant, topic).support}
    assert thin.items and support
    assert {(i.source.source, i.source.section) for i in thin.items} <= support
    covered = build_quiz(corpus_assistant, "Generative model families", n=6, seed=11)
    assert "touches on" not in covered.note and "seem to cover" not in covered.note


def test_a_topic_line_naming_the_answers_points_to_their_section(
    corpus_assistant: Assistant,
) -> None:
    """The syllabus line names what each line of "9. Training Foundations" is called, so
    the items drafted there give their answers away and the quiz comes out short; the
    quiz names the section, and a quiz on it asks about those lines."""
    topic = "Training foundations: scaling laws, optimizers and regularization"
    short = build_quiz(corpus_assistant, topic, 5, seed=1)
    assert len(short.items) < 5
    assert "gave their answers away through the topic itself" in short.note
    assert "“Generative AI (Gen AI) › 9. Training Foundations”" in short.note
    assert short.suggested_section == "001_5ed49cb29b8db96d.txt :: 9. Training Foundations"
    assert Quiz.from_dict(short.to_dict()).suggested_section == short.suggested_section
    section = build_quiz(corpus_assistant, "", 5, seed=1, section=short.suggested_section)
    assert len(section.items) > len(short.items)
    assert "Scaling Laws" in {item.answer for item in section.items}
    # A full quiz, or one short for other reasons, points nowhere.
    full = build_quiz(corpus_assistant, "Evaluation metrics such as FID and BLEU", 3, "mcq", 2)
    assert not full.suggested_section and "through the topic itself" not in full.note


def test_every_row_of_a_chosen_section_is_on_topic(corpus_assistant: Assistant) -> None:
    """A short quiz on "Diffusion models" pointed to "4. Generative Model Families", and a
    quiz on that section had no item: its rows were judged against the heading's words,
    which name no row, and the table's rows past the first chunk had no header."""
    section = "001_5ed49cb29b8db96d.txt :: 4. Generative Model Families"
    quiz = build_quiz(corpus_assistant, "", 5, seed=1, section=section)
    assert len(quiz.items) == 5
    answers = " ".join(f"{item.answer} {item.question}" for item in quiz.items)
    assert "Flow-based Models" in answers or "RealNVP" in answers  # a row of the second chunk


def test_a_small_section_gives_fewer_items_and_says_so(corpus_assistant: Assistant) -> None:
    quiz = build_quiz(corpus_assistant, "", 6, "mixed", 3,
                      section="001_5ed49cb29b8db96d.txt :: 11. Evaluation Metrics")  # fmt: skip
    assert 0 < len(quiz.items) < 6
    assert quiz.note.startswith(f"Only {len(quiz.items)} of 6 items")
    assert {i.source.section for i in quiz.items} == {"11. Evaluation Metrics"}


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def data_args(corpus_assistant: Assistant) -> list[str]:
    return ["--data-dir", str(corpus_assistant.settings.data_dir)]


def test_cli_json_output(data_args: list[str]) -> None:
    result = runner.invoke(
        app, ["quiz", "Evaluation metrics such as FID", "--n", "3", "--seed", "4", "--json",
              *data_args],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"topic", "requested", "items", "dropped", "note", "seed"} <= set(data)
    assert data["requested"] == 3 and data["seed"] == 4 and len(data["items"]) == 3
    assert {"source", "title", "section", "quote"} <= set(data["items"][0]["source"])


def test_cli_writes_the_format_of_the_file_suffix(data_args: list[str], tmp_path: Path) -> None:
    out = tmp_path / "deck" / "quiz.csv"
    result = runner.invoke(
        app, ["quiz", "Evaluation metrics such as FID", "--n", "2", "--seed", "4", "--out",
              str(out), *data_args],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (csv)" in result.stdout
    assert "2 of 2 items" in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 2 and set(rows[0]) == {"front", "back", "tags"}


def test_cli_prints_the_section_to_quiz_instead(data_args: list[str]) -> None:
    """The section is named as a reader knows it: "001_5ed49cb29b8db96d.txt :: 9. Training
    Foundations" read as noise to a newcomer, and no other file has that section. The
    quiz's note is in the Markdown it prints, so it is not printed again on stderr."""
    topic = "Training foundations: scaling laws, optimizers and regularization"
    result = runner.invoke(app, ["quiz", topic, "--n", "5", "--seed", "1", *data_args])
    assert result.exit_code == 0, result.output
    assert 'Try: rag quiz --section "9. Training Foundations"' in result.stderr
    assert "gave their answers away" in result.stdout and "Note:" not in result.stderr
    section = runner.invoke(
        app, ["quiz", "--section", "9. Training Foundations", "--n", "5", "--seed", "1",
              *data_args],
    )  # fmt: skip
    assert section.exit_code == 0, section.output
    assert "5 of 5 items" in section.stderr


def test_cli_says_once_why_a_topic_gets_no_quiz(data_args: list[str], tmp_path: Path) -> None:
    """An empty quiz printed an empty answer key and its note three times (a helper
    driving the app); it is one error line, with the reason, exit status 1, no file."""
    result = runner.invoke(
        app,
        [
            "quiz",
            "Jailbreaks and red-teaming of language models",
            "--n",
            "5",
            "--seed",
            "1",
            *data_args,
        ],
    )
    assert result.exit_code == 1 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and result.stderr.count("seem to cover") == 1
    assert errors[0].startswith(
        "Error: The course material does not seem to cover “Jailbreaks and red-teaming of language models” "
        "(coverage missing, score 0."
    )
    out = tmp_path / "jailbreaks.md"
    result = runner.invoke(
        app,
        ["quiz", "Jailbreaks and red-teaming of language models", "--out", str(out), *data_args],
    )
    assert result.exit_code == 1 and not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quiz", "GANs", "--type", "essay"], "--type must be one of"),
        (["quiz", "GANs", "--format", "pdf"], "--format must be one of"),
        (["quiz"], "give a TOPIC or --section"),
    ],
)
def test_cli_usage_mistakes_are_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_a_quiz_on_a_bare_name_asks_about_the_lines_that_lead_with_it(
    corpus_assistant: Assistant,
) -> None:
    """A student types "transformers" or "VAEs": every line about them sits in a survey
    section beside the topic's own ("4. Generative Model Families", "5. Core Architecture
    Patterns") and scores below 0.55, so both quizzes came out empty."""
    for topic, name in (("transformers", "transformer"), ("VAEs", "vae")):
        quiz = build_quiz(corpus_assistant, topic, 5, seed=1)
        assert quiz.items, topic
        assert all(name in normalize(i.source.quote) for i in quiz.items), topic


@pytest.mark.parametrize(
    ("topic", "descriptions"),
    [
        # Its table row and its list line both say what it does; either is the point.
        ("Diffusion models", ("Reverse noise process to create structured data.",
                              "Start with random noise and iteratively denoise to produce a "
                              "sample; stable and high-quality for images.")),
        ("autoregressive models", ("Predict next token/pixel sequentially.",)),
    ],
)  # fmt: skip
def test_a_quiz_on_a_model_family_asks_what_the_course_says_it_does(
    corpus_assistant: Assistant, topic: str, descriptions: tuple[str, ...]
) -> None:
    """A helper in the app got one item on "Diffusion models", an example model: its row's
    description was never asked, the name "Diffusion Models" being of plain words that
    might say what it names. When the topic is that name, the description is the point."""
    quiz = build_quiz(corpus_assistant, topic, 6, seed=1)
    asked = [item for item in quiz.items if item.answer in descriptions]
    assert asked, [item.question for item in quiz.items]
    assert all(item.type == "mcq" and len(item.options) == 4 for item in asked)


def test_a_quiz_on_the_history_of_the_field_asks_from_its_evolution_section(
    corpus_assistant: Assistant,
) -> None:
    """The course never says "history"; its synonym "evolution" heads the timeline."""
    quiz = build_quiz(corpus_assistant, "history of generative AI", 5, seed=1)
    assert len(quiz.items) == 5
    assert {i.source.section for i in quiz.items} == {"3. Evolution of Generative AI"}


def test_a_quiz_says_of_a_topic_what_the_coverage_report_says(
    corpus_assistant: Assistant,
) -> None:
    """ "RLHF" is named in three list lines and the Coverage page calls it partial; the
    quiz said the course "does not seem to cover" it (a bare acronym's best sentence
    scored 0.52, below 0.54, and no items are made below that)."""
    assert topic_coverage(corpus_assistant, "RLHF").verdict == "partial"
    quiz = build_quiz(corpus_assistant, "RLHF", 5, seed=1)
    assert "does not seem to cover" not in quiz.note
    assert "the course touches on “RLHF” (the Coverage page calls it partial)" in quiz.note


def test_the_section_a_short_quiz_points_to_is_named_as_people_name_it() -> None:
    """A nested section read "Foundation Models › Text Generation > GPT" in the app."""
    from rag.study.quiz.build import section_hint

    note, section = section_hint({("004.md", "Foundation Models", "Text Generation > GPT"): 2})
    assert "“Foundation Models › Text Generation › GPT”" in note
    assert section == "004.md :: Text Generation > GPT"  # what --section and the app take
