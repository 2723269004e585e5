"""Evidence units on notes the answer code was not written against.

Each case comes from a blind train question of ``eval/check_courses/*_questions.jsonl``
(notes and questions written by helpers that read no project file) whose answer missed
the fact. Pure logic: no model is loaded; the same questions through the real index
are measured by ``rag eval qa`` (docs/evaluation.md, "Answers on four other courses").
"""

from __future__ import annotations

import dataclasses

import pytest

from rag.answer.asked import question_weights, term_coverage
from rag.answer.chain import support_text
from rag.answer.decide import AnswerType, answer_type
from rag.answer.evidence import (
    ScoredUnit,
    ScoreWeights,
    continued_table_headers,
    fits,
    passage_units,
    score_units,
    split_units,
)
from rag.answer.extractive import Composition, choose_units, format_answer
from rag.answer.scope import answer_found, explains
from rag.answer.support import check_sentence
from rag.answer.wordforms import attested_forms
from rag.retrieval.keyword import TermStatistics
from rag.schema import Passage

LEARNING = """# PSY 101 — Lecture Notes, Part 1: Learning

*Introductory Psychology: Learning, Memory and Perception*

---

## 1. What do psychologists mean by "learning"?

In everyday speech "learning" means studying for an exam. In psychology the word is \
broader. **Learning**: a relatively lasting change in behaviour or knowledge that results \
from experience.
"""

STORMS = """## 5. Severe weather

**Tropical cyclones** — called hurricanes or typhoons depending on the ocean basin — form \
over warm seas far from the equator. They weaken quickly over land or cool water.

Yet 1848 was not pointless: peasant dues were abolished in the Austrian lands.

Healthcare: drug discovery, molecular design
"""

HEADER_CHUNK = """### 3.3 Spectral types

| Type | Surface temperature (K) | Colour | Example |
|---|---|---|---|
| O | above 30,000 | blue | Zeta Puppis |
| F | 6,000–7,500 | yellow-white | Procyon |"""

ROWS_CHUNK = """| F | 6,000–7,500 | yellow-white | Procyon |
| K | 3,700–5,200 | orange | Arcturus |
| M | 2,400–3,700 | red | Betelgeuse |"""


def passage(text: str, start: int, source: str = "stars.md") -> Passage:
    return Passage(
        id=f"{source}-{start}", text=text, source=source, title="Astronomy",
        section="3. Measuring the Stars > 3.3 Spectral types", start=start,
        end=start + len(text),
    )  # fmt: skip


def test_a_subtitle_in_emphasis_is_no_definition_and_no_unit() -> None:
    units = split_units(0, LEARNING)
    assert not any("Introductory Psychology" in u.text for u in units)
    learning = next(u for u in units if u.text.startswith("Learning:"))
    assert learning.subject == "Learning"  # a bold term and a colon define it in prose
    assert LEARNING[learning.start : learning.end].startswith("**Learning**")
    everyday = next(u for u in units if u.text.startswith("In everyday speech"))
    assert everyday.subject != "Learning"


def test_prose_with_a_colon_or_dashes_is_no_definition_line() -> None:
    units = split_units(0, STORMS)
    definitions = [u.text for u in units if u.kind == "definition"]
    # A one-line "Term: description" still is one.
    assert definitions == ["Healthcare: drug discovery, molecular design."]
    sentences = [u for u in units if u.kind == "sentence"]
    texts = [u.text for u in sentences]
    # A bold term over two sentences: each sentence is its own unit, the first defines.
    assert texts[:2] == [
        "Tropical cyclones — called hurricanes or typhoons depending on the ocean basin — "
        "form over warm seas far from the equator.",
        "They weaken quickly over land or cool water.",
    ]
    assert sentences[0].subject == "Tropical cyclones" and sentences[1].subject == ""
    # A clause before a colon is prose, not a term.
    assert "Yet 1848 was not pointless: peasant dues were abolished in the Austrian lands." in texts


def test_rows_of_a_cut_table_read_with_the_header_of_the_passage_before() -> None:
    first, second = passage(HEADER_CHUNK, 100), passage(ROWS_CHUNK, 300)
    assert continued_table_headers(second, [second, first]) == [
        "Type", "Surface temperature (K)", "Colour", "Example",
    ]  # fmt: skip
    units = passage_units([second, first])
    k_row = next(u for u in units if u.passage == 0 and u.subject == "K")
    # A bare number comes with its column (rag.text.tables.row_text).
    assert (
        k_row.text == "K — Surface temperature (K): 3,700–5,200; Colour: orange; Example: Arcturus."
    )
    assert "Colour" in k_row.context
    # Alone, or with only a passage of another document, the rows have no header.
    assert continued_table_headers(second, [second]) == []
    assert continued_table_headers(second, [second, passage(HEADER_CHUNK, 100, "x.md")]) == []
    # A passage with its own header line is no continuation.
    assert continued_table_headers(first, [first, second]) == []
    # The sentence quoting the row is supported by the passage read with the header.
    verdict = check_sentence(f"{k_row.text} [1]", {1: support_text(second, [second, first])})
    assert verdict.supported


def test_a_reported_misbelief_scores_below_what_corrects_it() -> None:
    text = (
        "Many people think summer is warm because the Earth is closer to the Sun. "
        "The real cause is the tilt of the Earth's axis."
    )
    units = split_units(0, text, "1.2 Why we have seasons")
    weights = {"summer": 2.0, "warm": 2.0, "closer": 2.0, "sun": 1.0, "earth": 1.0}
    plain = ScoreWeights(mismatch=1.0)
    misbelief, _ = score_units(weights, units, 1)
    unweighed, _ = score_units(weights, units, 1, score_weights=plain)
    assert misbelief.score == unweighed.score * ScoreWeights().mismatch


def test_an_adherent_is_weighed_as_the_doctrine_the_notes_name() -> None:
    stats = TermStatistics(60, {"chartism": 2, "socialist": 3})
    assert attested_forms("chartist", stats) == ["chartism"]
    assert attested_forms("socialism", stats) == ["socialist"]
    assert attested_forms("pianist", TermStatistics(60, {"piano": 2})) == ["pianist"]


FILES = """## 1. Why Database Systems Exist

Before DBMSs, organisations kept records in ordinary files, which caused recurring problems:

- **Redundancy**: the same fact was copied into several files.
- **Program–data dependence**: changing a file's layout meant rewriting every program.

A DBMS solves these problems centrally.
"""


def test_a_sentence_ending_with_a_colon_labels_the_list_it_announces() -> None:
    units = split_units(0, FILES)
    items = [u for u in units if u.kind == "list_item"]
    assert len(items) == 2
    assert all(u.context.endswith("which caused recurring problems") for u in items)
    after = next(u for u in units if u.text.startswith("A DBMS solves"))
    assert "recurring problems" not in after.context  # the label ends with its list


def test_a_lead_in_yields_to_its_list_unless_it_names_who_or_when() -> None:
    units = split_units(0, FILES)
    lead_in = [u for u in units if u.text.startswith("Before DBMSs")]
    weights = {"problem": 2.0, "program": 2.0, "file": 1.0}
    plain = ScoreWeights(mismatch=1.0)
    (scored,) = score_units(weights, lead_in, 1)
    (unweighed,) = score_units(weights, lead_in, 1, score_weights=plain)
    assert scored.score == unweighed.score * ScoreWeights().mismatch
    who = AnswerType(person=True)
    when = AnswerType(number=True, date=True)
    for answer in (who, when):
        (asked,) = score_units(weights, lead_in, 1, answer=answer, score_weights=plain)
        (kept,) = score_units(weights, lead_in, 1, answer=answer)
        assert kept.score == asked.score or not fits(lead_in[0], answer)
    assert answer_type("Who came up with the ACID acronym?", {}, TermStatistics(1)).person
    # Quoted alone, the announcing sentence ends with a full stop, not a colon.
    quoted = format_answer(Composition(lead_in, False))
    assert quoted.endswith("which caused recurring problems [1].")


def test_what_is_x_is_answered_by_the_sentence_defining_x_over_its_table_row() -> None:
    text = (
        "Osmosis is the diffusion of water across a selectively permeable membrane.\n\n"
        "| Process | Direction | Example |\n|---|---|---|\n"
        "| Osmosis | Down (water) | Root hair cells |\n"
    )
    units = split_units(0, text)
    row = next(u for u in units if u.kind == "table_row")
    sentence = next(u for u in units if u.kind == "sentence")
    ranked = [ScoredUnit(row, 1.07, 1.0, 0.6), ScoredUnit(sentence, 0.81, 1.0, 0.7)]
    chosen = choose_units("What is osmosis?", ranked, units)
    assert [u.text for u in chosen.units] == [sentence.text]
    # Asked what the row says, the row answers; and a sentence far below it does not lead.
    assert choose_units("Which way does osmosis move water?", ranked, units).units[0] is row
    far = [ScoredUnit(row, 1.07, 1.0, 0.6), ScoredUnit(sentence, 0.5, 1.0, 0.7)]
    assert choose_units("What is osmosis?", far, units).units[0] is row


def test_a_why_question_gets_the_reason_the_next_sentence_gives() -> None:
    text = (
        "Every IPv4 header holds a Time to Live (TTL) field that each router decrements. "
        "When it reaches zero the packet is discarded, so that a packet caught in a routing "
        "loop cannot circulate forever. The traceroute tool uses this to discover routers."
    )
    units = split_units(0, text)
    ttl = units[0]
    ranked = [ScoredUnit(ttl, 0.6, 1.0, 0.6)]
    why = choose_units("why is the TTL field even there?", ranked, units)
    assert [u.text for u in why.units] == [ttl.text, units[1].text]
    # Not asked why, or already giving the reason: the sentence stands alone.
    assert choose_units("What does each router do to the TTL field?", ranked, units).units == [ttl]
    reasoned = [ScoredUnit(units[1], 0.6, 1.0, 0.6)]
    assert choose_units("why discard a packet?", reasoned, units).units == [units[1]]


def test_review_questions_and_tasks_set_to_the_student_are_no_evidence() -> None:
    text = (
        "A sun-centred model explains the loop simply: the Earth overtakes Mars.\n\n"
        "**Review questions.** (1) Why is it summer in the south in January? (2) Explain "
        "retrograde motion in both the Ptolemaic and Copernican models.\n\n"
        "(3) Use Kepler's third law to find the period of an asteroid at 4 AU.\n\n"
        "Kepler's third law relates a planet's period to its distance.\n"
    )
    texts = [u.text for u in split_units(0, text)]
    assert texts == [
        "A sun-centred model explains the loop simply: the Earth overtakes Mars.",
        "Kepler's third law relates a planet's period to its distance.",
    ]


def test_a_who_question_is_answered_by_the_close_unit_that_names_someone() -> None:
    text = (
        "In the relational model, all data is represented as relations.\n\n"
        "| Year | Event |\n|---|---|\n"
        "| 1970 | Codd's relational model: Edgar F. Codd publishes his paper |\n\n"
        "Still in development; generates video clips from descriptions.\n"
    )
    units = split_units(0, text)
    model, codd, clips = units
    question = "who came up with the relational model?"
    ranked = [ScoredUnit(model, 0.49, 1.0, 0.6), ScoredUnit(codd, 0.38, 1.0, 0.5)]
    assert explains(question, ranked, {"relat": 2.0, "model": 1.0})
    assert choose_units(question, ranked, units).units[0] is codd
    # A unit far below the best names no one for it ("Still…" opens a sentence), and a
    # question naming something (CLIP) needs the naming unit to hold that name too.
    far = [ScoredUnit(model, 0.49, 1.0, 0.6), ScoredUnit(clips, 0.15, 1.0, 0.3)]
    assert not explains(question, far, {"relat": 2.0, "model": 1.0})
    clip = [ScoredUnit(model, 0.49, 1.0, 0.6), ScoredUnit(codd, 0.38, 1.0, 0.5)]
    assert not explains("Who wrote the CLIP paper?", clip, {"clip": 3.0, "paper": 1.0})


def test_a_sentence_is_read_with_the_first_sentence_of_its_paragraph() -> None:
    text = (
        "Cytokinesis usually overlaps with telophase. In animal cells a contractile ring "
        "pinches the cell in two. Unlike animal cells, plant cells build a cell plate.\n\n"
        "Mitosis has four stages.\n"
    )
    units = split_units(0, text, "2. Mitosis")
    first, animal, plant, other = units
    assert first.topic == "" and other.topic == ""  # a paragraph's first sentence has none
    assert animal.topic == plant.topic == "Cytokinesis usually overlaps with telophase"
    weights = {"cytokines": 3.0, "plant": 1.0}
    scored = {s.unit.text: s for s in score_units(weights, units, 1)}
    plain = score_units(weights, [dataclasses.replace(plant, topic="")], 1)[0]
    # "cytokinesis" counts for the plant sentence as a heading word would (0.85).
    assert scored[plant.text].coverage == pytest.approx((1.0 + 3.0 * 0.85) / 4.0)
    assert plain.coverage == pytest.approx(1.0 / 4.0)
    # Only a heavy word the sentence lacks brings the first sentence in: light ones
    # ("telophase" here, "generative AI" in a generative AI course) do not.
    light = {"telophas": 1.0, "plant": 3.0}
    (alone,) = score_units(light, [plant], 1)
    assert alone.coverage == pytest.approx(3.0 / 4.0)


def test_a_sentence_whose_subject_is_a_pronoun_reads_the_names_of_its_paragraph() -> None:
    # "what was GPT-1 trained on" was answered with "A notable feature of GPT-1 is…":
    # the sentence saying what it was trained on calls GPT-1 "it".
    text = (
        "The Generative Pre-trained Transformer (GPT) model was developed by OpenAI in 2018. "
        "And it was trained on the BookCorpus dataset, which holds over 11,000 free novels. "
        "A notable feature of GPT-1 is the ability to do zero-shot learning.\n"
    )
    first, trained, feature = split_units(0, text, "GPT")
    assert "GPT-1" in trained.topic and "OpenAI" in trained.topic
    assert feature.topic == first.text.rstrip(".")  # not a pronoun: the first sentence only
    weights = {"gpt-1": 4.0, "train": 1.4}
    best = max(score_units(weights, [first, trained, feature], 1), key=lambda s: s.score)
    assert best.unit is trained
    # Only names are borrowed: a pronoun sentence does not take the common words of the
    # sentences beside it ("timeout" made "It was added after the congestion collapse…"
    # answer a question on what a timeout does).
    tcp = split_units(
        0, "Congestion control keeps TCP fair. It was added in 1988. A timeout halves it.\n"
    )
    assert "timeout" not in tcp[1].topic.lower() and "TCP" in tcp[1].topic


def test_tasks_under_a_review_questions_heading_are_no_evidence() -> None:
    """ "2. Describe the seasonal cycle of phytoplankton … and explain what triggers the
    spring bloom." was quoted as the answer to "What sets off the spring phytoplankton
    bloom in temperate seas?" (a blind train question of
    eval/check_courses/ocean_questions.jsonl); a heading such as "Problems of scale" is
    no exercises heading."""
    from rag.answer.evidence import split_units

    tasks = (
        "## Review questions\n\n"
        "1. Why is the centre of a subtropical gyre a biological desert?\n"
        "2. Describe the seasonal cycle of phytoplankton in temperate waters and explain what "
        "triggers the spring bloom.\n"
    )
    assert split_units(0, tasks, "Part 3 — Marine life") == []
    assert split_units(0, tasks.split("\n\n", 1)[1], "Review questions") == []
    prose = "Large models need large clusters of accelerators to train in reasonable time.\n"
    assert len(split_units(0, prose, "3. Problems of scale")) == 1
    # A bold label over seminar questions: "Was Edward III's claim … a genuine war aim?"
    # answered what Edward got out of the Treaty of Brétigny (a student's probe).
    seminar = (
        "**Questions for seminar**\n\n"
        "1. Was Edward III's claim to the French throne a genuine war aim? Use the terms "
        "of Brétigny.\n"
    )
    assert split_units(0, seminar, "8. Poitiers and the Treaty of Brétigny") == []


def test_an_italic_letter_inside_a_word_is_notation_not_emphasis() -> None:
    # A blind thermodynamics question, "why is cp always bigger than cv for a gas?", was
    # shown "For gases *c*p is noticeably larger than *c*v…" with its stars.
    (unit,) = split_units(0, "For gases *c*p is noticeably larger than *c*v, because…\n")
    assert unit.text.startswith("For gases cp is noticeably larger than cv")
    # "bigger" of notes that say "larger" (the notes never say "bigger").
    stats = TermStatistics(30, {"larger": 3, "cp": 2})
    weights = question_weights("why is cp bigger", stats)
    assert term_coverage(weights, unit.text) == 1.0


PIONEERS = """## 2. Seeing the invisible

**Antonie van Leeuwenhoek** (1632–1723), a cloth merchant of Delft, ground tiny single \
lenses. His letter of 1676 contains the first reliable description of bacteria.

- **Ignaz Semmelweis** (1847), at the Vienna General Hospital, saw that puerperal fever \
killed far more women on the doctors' ward.
"""


def test_who_first_saw_something_is_answered_by_who_first_described_it() -> None:
    """A student's "who first saw bacteria" got Semmelweis, who "saw that" something else."""
    stats = TermStatistics(40, {"saw": 1, "bacteria": 9, "first": 12, "describ": 3})
    units = split_units(0, PIONEERS)
    weights = question_weights("who first saw bacteria", stats)
    answer = answer_type("who first saw bacteria", weights, stats)
    ranked = sorted(score_units(weights, units, 1, answer=answer), key=lambda s: -s.score)
    assert ranked[0].unit.text.startswith("His letter of 1676")
    # Quoted, the sentence says whose letter: the paragraph opens on his name.
    (quoted,) = choose_units("who first saw bacteria", ranked[:1], units).units
    assert quoted.text.startswith("Antonie van Leeuwenhoek: His letter of 1676")
    assert check_sentence(f"{quoted.text} [1]", {1: PIONEERS}).supported


DRUGS = """| Feature | Gram-positive | Gram-negative |
|---|---|---|
| Sensitivity to penicillin and lysozyme | High | Lower (outer membrane shields wall) |

| Target | Drug class (examples) | Mechanism |
|---|---|---|
| Cell wall synthesis | β-lactams: penicillins | Bind penicillin-binding proteins and block \
peptidoglycan cross-linking |
"""


@pytest.mark.parametrize("question", ["how does penicillin work", "What does penicillin do?"])
def test_how_a_drug_works_is_not_answered_by_what_resists_it(question: str) -> None:
    stats = TermStatistics(40, {"penicillin": 3, "work": 5})
    units = [u for u in split_units(0, DRUGS) if u.kind == "table_row"]
    sensitivity, mechanism = units
    answer = answer_type(question, question_weights(question, stats), stats)
    assert not fits(sensitivity, answer)
    assert fits(mechanism, answer)
    # Asked of the bacteria, the same row answers.
    asked = "How do Gram-positive bacteria respond to penicillin?"
    assert fits(sensitivity, answer_type(asked, question_weights(asked, stats), stats))


NODES = """## 5. Pacemaker cells

Cells of the **sinoatrial (SA) node** have no stable resting potential; they depolarise \
spontaneously. The node was described by **Arthur Keith and Martin Flack** in 1907.

| Pacemaker | Intrinsic rate (per min) |
|---|---|
| SA node | 60–100 |

## 6. The conduction pathway

1. SA node fires; the impulse reaches the left atrium via Bachmann's bundle.
2. The **atrioventricular (AV) node** conducts very slowly (about 0.05 m/s).
3. The **Purkinje fibre network** conducts at 2–4 m/s, the fastest in the heart.

Sunao Tawara described the AV node in 1906 and traced the pathway to the Purkinje fibres.
"""
NODE_STATS = TermStatistics(
    40, {"sa": 6, "node": 9, "describ": 3, "purkinj": 3, "fibr": 4, "av": 5, "conduct": 4}
)


def _answered(question: str) -> list[str]:
    units = split_units(0, NODES)
    weights = question_weights(question, NODE_STATS)
    answer = answer_type(question, weights, NODE_STATS)
    ranked = sorted(score_units(weights, units, 1, answer=answer), key=lambda s: -s.score)
    return [u.text for u in choose_units(question, ranked, units).units]


@pytest.mark.parametrize(
    "question",
    [
        "When was the SA node discovered?",
        "Who discovered the SA node?",
        "Who discovered the SA node and in what year?",
    ],
)
def test_who_found_a_thing_and_when_is_the_sentence_that_points_back_to_it(question: str) -> None:
    """All three were refused or answered with "SA node fires; … via Bachmann's bundle":
    "The node was described by…" names the SA node only through its paragraph's opening,
    "discovered" is not the notes' verb, and "year" not their word (a student's probe)."""
    assert _answered(question)[0].startswith("The node was described by Arthur Keith")
    weights = question_weights(question, NODE_STATS)
    evidence = score_units(weights, split_units(0, NODES), 1)
    assert answer_found(question, weights, NODE_STATS, evidence)


def test_a_compared_number_is_stated_for_each_side() -> None:
    """Refused ("no passage states the number"), then answered with Tawara's 1906: each side
    of the comparison is a line of its own, and a year is no speed (a student's probe)."""
    question = "How fast does the AV node conduct compared with the Purkinje fibres?"
    weights = question_weights(question, NODE_STATS)
    assert answer_found(
        question, weights, NODE_STATS, score_units(weights, split_units(0, NODES), 1)
    )
    first, second = _answered(question)
    assert "0.05 m/s" in first and "2–4 m/s" in second


def test_a_name_of_one_letter_and_a_word_is_not_answered_with_another_letter() -> None:
    """ "wat does the T wave on an ecg mean" led with "P wave — atrial depolarisation": the
    index drops one-letter words, so both rows held "wave" alike (a student's probe)."""
    waves = """## 8. The electrocardiogram

- **P wave** — atrial depolarisation; < 0.12 s.
- **T wave** — ventricular repolarisation.
"""
    stats = TermStatistics(40, {"wave": 3, "ecg": 2, "p": 1})
    question = "what does the T wave on an ecg mean"
    p_wave, t_wave = [u for u in split_units(0, waves) if u.kind == "list_item"]
    answer = answer_type(question, question_weights(question, stats), stats)
    assert fits(t_wave, answer) and not fits(p_wave, answer)
    asked = "what does each wave on an ecg mean"  # no letter asked: either row answers
    assert fits(p_wave, answer_type(asked, question_weights(asked, stats), stats))


def test_a_why_question_is_answered_by_the_unit_with_the_word_it_turns_on() -> None:
    """ "Why can't heart muscle be tetanised the way skeletal muscle can?" was answered with
    a row of the cardiac-output table, "Skeletal muscle: ~20%" (a student's probe)."""
    notes = """## 4. The cardiac action potential

The effective refractory period lasts nearly as long as the contraction, so cardiac muscle \
cannot be tetanised: the ventricle always relaxes between beats.

| Organ | Share of cardiac output |
|---|---|
| Skeletal muscle | ~20% |
"""
    stats = TermStatistics(40, {"tetanis": 1, "skelet": 8, "muscl": 9, "heart": 20, "way": 4})
    question = "Why can't heart muscle be tetanised the way skeletal muscle can?"
    weights = question_weights(question, stats)
    answer = answer_type(question, weights, stats)
    assert answer.terms == {"tetanis"}
    units = split_units(0, notes)
    ranked = sorted(score_units(weights, units, 1, answer=answer), key=lambda s: -s.score)
    assert "cannot be tetanised" in ranked[0].unit.text
    # No word outweighs the rest: nothing is required.
    even = "Why do skeletal and heart muscle differ?"
    assert answer_type(even, question_weights(even, stats), stats).terms == frozenset()


def test_the_verb_of_a_who_question_weighs_less_than_what_it_is_about() -> None:
    """ "Who led Shays' Rebellion?" weighed "led" most, and "who won the battle of
    yorktown" "won": the notes say "leader" and "surrendered" (a student's probe)."""
    stats = TermStatistics(60, {"led": 1, "shay": 2, "rebellion": 3, "won": 1, "battl": 2})
    weights = question_weights("Who led Shays' Rebellion?", stats)
    assert weights["led"] < weights["rebellion"] < weights["shay"]
    weights = question_weights("Who was Shays?", stats)
    assert set(weights) == {"shay"}


def test_a_students_everyday_word_is_read_as_the_notes_word_for_it() -> None:
    """ "who found out that premature babies with breathing trouble were lacking
    surfactant?" was refused ("never uses 'babies', 'trouble'"): the notes' row says
    "Lungs of infants dying of hyaline membrane disease lacked surfactant" (a probe)."""
    stats = TermStatistics(
        60, {"infant": 2, "surfact": 5, "lack": 3, "breath": 9, "found": 4, "distress": 1}
    )
    asked = "who found out that babies with breathing trouble were lacking surfactant"
    weights = question_weights(asked, stats)
    row = "1959: Mary Ellen Avery and Jere Mead (contribution: Lungs of infants lacked surfactant)"
    babies = {t: w for t, w in weights.items() if t.startswith("≈")}
    assert len(babies) == 2 and 0 < term_coverage(babies, row) < 1  # infants, not "trouble"
    assert term_coverage(babies, "Respiratory distress in infants") == 1.0
