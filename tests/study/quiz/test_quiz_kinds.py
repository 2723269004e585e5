"""What makes the structure-based kinds fair: no pairing read off a shared word, whole
tables and statements on topic, false statements as common as true ones, and a quiz
that mixes kinds when the material allows.

Pure: hand-made text and units, a character-trigram similarity; no model, no index.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from rag.study.quiz import (
    ItemSource,
    Material,
    QuizItem,
    Verifier,
    check_item,
    select_items,
    structure_drafts,
    term_pool,
)
from rag.study.quiz.distractors import (
    LineIndex,
    PoolTerm,
    known_aliases,
    pick_distractors,
    shape,
)
from rag.study.quiz.drafts import Draft, draft_items
from rag.study.quiz.matching import (
    acronym_spelled_out,
    name_inside,
    overlapping,
    pairing_given_away,
)
from rag.study.quiz.model import STATEMENT_PREFIX, TRUE_FALSE
from rag.study.quiz.relevance import (
    distinctive_words,
    part_on_topic,
    rows_off_topic,
    statement_on_topic,
    topic_weights,
)
from rag.study.quiz.selection import reveals_pairing, reveals_swap, same_swap
from rag.study.quiz.statements import (
    DASH_DEFINITION,
    _named_again,
    plain_word_for_name,
)
from rag.study.quiz.timelines import sequence_steps
from rag.study.quiz.units import Term, find_terms, passage_units
from rag.study.quiz.verify import answer_in_topic, given_away
from tests.study.quiz.samples import (
    CHUNK,
    FAMILIES,
    FAMILY_LIST,
    PIPELINE,
    compared_item,
    item,
    passage,
)


def trigram_similarity(answer: str, candidates: Sequence[str]) -> list[float]:
    def grams(text: str) -> set[str]:
        text = f"  {text.lower()} "
        return {text[i : i + 3] for i in range(len(text) - 2)}

    return [len(grams(answer) & grams(c)) / len(grams(answer) | grams(c)) for c in candidates]


MODALITIES = """| Modality | Description |
|---|---|
| Image Generation | Creates realistic or stylized visuals. |
| Video Generation | Synthesizes short video sequences or scenes. |
| Code Generation | Writes and debugs programs. |
"""


def test_a_row_name_sharing_a_word_only_with_its_own_description_gives_the_pairing_away() -> None:
    own = [("Image Generation", "Creates realistic or stylized visuals"),
           ("Video Generation", "Synthesizes short video sequences or scenes")]  # fmt: skip
    offered = [d for _, d in own] + ["Writes and debugs programs"]
    assert pairing_given_away(own, offered), "'video' is in the name and its description only"
    assert not pairing_given_away(own, [*offered, "Edits video clips"]), "another has 'video'"
    gans = [("Generative Adversarial Networks (GANs)", "Generator vs. Discriminator in "
             "adversarial training"), ("Diffusion Models", "Reverse noise process")]  # fmt: skip
    assert pairing_given_away(gans, [d for _, d in gans] + ["Compress data into a latent space"])
    vaes = [("Variational Autoencoders (VAEs)", "Encode data into latent space"),
            ("Flow-based Models", "Learn invertible maps between data and noise")]  # fmt: skip
    assert pairing_given_away(vaes, [d for _, d in vaes]), "'encode' is inside 'Autoencoders'"
    fair = [("FID", "Realism of generated images"), ("CLIPScore", "Alignment of image and text")]
    assert not pairing_given_away(fair, [d for _, d in fair] + ["Text similarity"])


def test_the_verifier_drops_a_given_away_comparison_and_drafts_avoid_one() -> None:
    left, right = "Image Generation", "Video Generation"
    a, b, c = ("Creates realistic or stylized visuals",
               "Synthesizes short video sequences or scenes", "Writes and debugs programs")  # fmt: skip
    compared = compared_item(left, right, (a, b), c, "\n".join(MODALITIES.splitlines()[2:4]))
    assert check_item(compared, MODALITIES) == "answer_in_question"
    # Names of plain words pair themselves ("Image", "Code"): no comparison at all.
    chunk = passage(MODALITIES, section="7. Key Generative AI Modalities")
    material = Material([chunk], [], LineIndex([]), trigram_similarity)
    assert not structure_drafts(material, passage_units(0, chunk), ["mcq"], random.Random(0))
    # Names that must be learnt: the two that share no word with their rows are compared.
    learnt = MODALITIES.replace(" Generation |", " LDM |")
    chunk = passage(learnt, section="7. Key Generative AI Modalities")
    material = Material([chunk], [], LineIndex([]), trigram_similarity)
    for seed in range(5):
        drafts = structure_drafts(material, passage_units(0, chunk), ["mcq"], random.Random(seed))
        assert drafts, "Image LDM and Code LDM can still be compared"
        for draft in drafts:
            assert "Video LDM" not in draft.item.meta.values()
            assert check_item(draft.item, learnt) is None


def test_a_table_s_most_relevant_row_is_compared_with_two_others() -> None:
    # With one partner per row, a quiz on the evolution of generative AI could only ever
    # ask the same three pairs of its timeline; two give it twice as many to draw from.
    eras = """| Era | Description |
|---|---|
| 1980s | Early statistical text and speech generators. |
| 2000s | HMMs and n-gram text generation. |
| 2014 | Neural networks capable of generating realistic images. |
| 2018 | Attention-based sequence modeling of text. |
"""
    chunk = passage(eras, section="3. Evolution of Generative AI")
    material = Material([chunk], [], LineIndex([]), trigram_similarity)
    units = [replace(u, relevance=0.9 if "2014" in u.text else 0.1)
             for u in passage_units(0, chunk)]  # fmt: skip
    drafts = structure_drafts(material, units, ["mcq"], random.Random(0))
    pairs = {frozenset(d.item.meta.values()) for d in drafts if d.item.kind == "comparison"}
    assert {frozenset({"2014", "2000s"}), frozenset({"2014", "2018"})} <= pairs, (
        "the most relevant row, with its two nearest rows"
    )
    assert len(pairs) == 4, "each of the three most relevant rows with two partners, no repeat"
    assert all(check_item(d.item, eras) is None for d in drafts)


def test_eras_of_a_timeline_are_compared_with_near_eras_only() -> None:
    # "1980s–1990s — Unified models across modalities; 2025–Present — Early statistical
    # generators" is absurd by its dates alone (raters of eval/quiz_review.md, round R).
    rows = [("1980s–1990s", "Early statistical text and speech generators"),
            ("2000s", "HMMs and n-gram text generation"),
            ("2014–2017", "Neural networks capable of generating realistic images"),
            ("2018–2020", "Attention-based sequence modeling of text"),
            ("2021–2024", "Diffusion models for images and language models for code"),
            ("2025–Present", "Unified models generating across modalities")]  # fmt: skip
    table = "| Era | Description |\n|---|---|\n" + "".join(f"| {e} | {d}. |\n" for e, d in rows)
    chunk = passage(table, section="3. Evolution of Generative AI")
    material = Material([chunk], [], LineIndex([]), trigram_similarity)
    position = {era: i for i, (era, _) in enumerate(rows)}
    description = {d: i for i, (_, d) in enumerate(rows)}
    for seed in range(6):
        units = [replace(u, relevance=0.9 if u.text.startswith(("1980s", "2025")) else 0.1)
                 for u in passage_units(0, chunk)]  # fmt: skip
        drafts = structure_drafts(material, units, ["mcq"], random.Random(seed))
        compared = [d for d in drafts if d.item.kind == "comparison"]
        assert compared
        for draft in compared:
            left, right = position[draft.item.meta["left"]], position[draft.item.meta["right"]]
            assert abs(left - right) <= 2, draft.item.question
            offered = {description[part.split(" — ")[1]] for option in draft.item.options
                       for part in option.split("; ")}  # fmt: skip
            assert max(offered) - min(offered) <= 4, draft.item.options


def test_no_count_of_the_options_halves_points_to_a_comparison_s_key() -> None:
    # The old options ("A — a; B — b", "A — b; B — a", "A — c; B — a", "A — b; B — c")
    # made the key the one option whose halves each appear once in their column.
    metrics = """| Metric | Evaluates |
|---|---|
| FID | Realism of generated images |
| BLEU | Text similarity to reference data |
| CLIPScore | Alignment of image and text semantics |
| Perplexity | Predictive efficiency for language models |
| Human Preference Tests | Subjective quality and coherence rating |
"""
    for table in (metrics, "\n".join(metrics.splitlines()[:5]) + "\n"):
        chunk = passage(table, section="11. Evaluation Metrics")
        material = Material([chunk], [], LineIndex([]), trigram_similarity)
        for seed in range(4):
            drafts = structure_drafts(material, passage_units(0, chunk), ["mcq"],
                                      random.Random(seed))  # fmt: skip
            assert drafts
            for draft in drafts:
                options = [option.split("; ") for option in draft.item.options]
                columns = [Counter(halves[i] for halves in options) for i in (0, 1)]
                once = [o for o, halves in zip(draft.item.options, options, strict=True)
                        if all(columns[i][halves[i]] == 1 for i in (0, 1))]  # fmt: skip
                assert once != [draft.item.answer], draft.item.options
                assert check_item(draft.item, table) is None


def test_a_step_named_twice_in_a_sequence_is_never_asked_about() -> None:
    # Two cohabitations under one president: "which president comes right after
    # François Mitterrand (Socialist)?" was keyed with Mitterrand himself.
    line = "De Gaulle → Pompidou → Giscard → Mitterrand → Mitterrand → Chirac"
    chunk = passage(line, section="4. Presidents of the Fifth Republic")
    material = Material([chunk], [], LineIndex([]), trigram_similarity,
                        weights={"presid": 2.0})  # fmt: skip
    drafts = [d for seed in range(10)
              for d in structure_drafts(material, passage_units(0, chunk), ["mcq", "short"],
                                        random.Random(seed))]  # fmt: skip
    ordered = [d.item for d in drafts if d.item.kind == "order"]
    assert ordered, "the other steps are still asked about"
    for order in ordered:
        assert "Mitterrand" not in set(order.meta.values()), order.question
        assert order.answer not in set(order.meta.values())
        assert len(set(order.options)) == len(order.options), order.options


def test_order_distractors_come_from_both_sides_of_the_asked_step() -> None:
    # "Which comes right after Transformers?" offered three earlier steps only.
    pipeline = f"{PIPELINE} → Feedback Loop"
    chunk = passage(pipeline, section="8. Pipeline of a Generative AI System")
    material = Material([chunk], [], LineIndex([]), trigram_similarity,
                        weights={"pipelin": 2.0})  # fmt: skip
    drafts = [d for seed in range(10)
              for d in structure_drafts(material, passage_units(0, chunk), ["mcq"],
                                        random.Random(seed))]  # fmt: skip
    steps = sequence_steps(pipeline)
    checked = 0
    for draft in (d for d in drafts if d.item.kind == "order"):
        ((direction, anchor),) = draft.item.meta.items()
        position = steps.index(anchor)
        ahead = steps[position + 1 :] if direction == "after" else steps[:position]
        offered = set(draft.item.options) - {draft.item.answer}
        if len(ahead) > 1:
            assert offered & set(ahead), (draft.item.question, draft.item.options)
            checked += 1
    assert checked


def test_a_table_is_on_topic_as_a_whole_not_through_one_row() -> None:
    weights = {"modal": 2.0, "generat": 0.1}
    assert part_on_topic("7. Key Generative AI Modalities | Modality | Description", 1, 6,
                         weights), "its heading names the topic"  # fmt: skip
    assert not part_on_topic("6. Core Components | Component | Function", 1, 5, weights), (
        "one row ('… datasets across modalities') of a table about something else"
    )
    assert part_on_topic("6. Core Components | Component | Function", 2, 5, weights)
    assert part_on_topic("Notes | A | B", 2, 3, weights) and not part_on_topic("Notes", 1, 3, {})
    timeline = "3. Evolution of Generative AI\n| Era | Innovation | Description |\n" + "\n".join(
        f"| {era} | Thing {era} | Models that generate things in era {era}. |"
        for era in ("1990s", "2000s", "2010s", "2020s")
    )
    timeline += "\n| 2025 | Foundation | Unified models reasoning across modalities. |\n"
    chunk = passage(timeline, section="3. Evolution of Generative AI")
    weights = topic_weights("Key generative AI modalities", [timeline, "Generative AI text"])
    units = [u for u in passage_units(0, chunk) if "modalities" in u.text]
    assert len(units) == 1
    material = Material([chunk], [], LineIndex([]), trigram_similarity, weights=weights)
    drafts = structure_drafts(material, units, ["mcq"], random.Random(1))
    assert not [d for d in drafts if d.item.kind == "comparison"]


def test_a_statement_is_about_the_topic_as_a_whole_not_through_one_word() -> None:
    weights = {"adversari": 2.0, "gan": 2.0, "network": 1.2, "generat": 0.1}
    neural = "Neural networks, particularly deep ones, mimic the brain's ability to learn."
    assert not statement_on_topic("Deep Learning Foundations", neural, weights)
    assert statement_on_topic("5. Core Architecture Patterns", "GANs: two networks compete.",
                              weights)  # fmt: skip
    assert statement_on_topic("Key Models: GANs", neural, weights), "its section is the topic's"
    assert statement_on_topic("Anything", neural, {"generat": 0.1}), "nothing distinctive"
    chunk = passage(f"GANs, proposed in 2014, use two networks that compete. {neural} "
                    "Transformers followed in 2017.", section="Deep Learning Foundations")  # fmt: skip
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, trigram_similarity, weights=weights)
    statements = [
        d.item.question
        for seed in range(6)
        for d in structure_drafts(material, passage_units(0, chunk), ["tf"], random.Random(seed))
    ]
    assert statements and not [q for q in statements if "Neural" in q]


SETTINGS = """- **Noise Schedule**: How much noise is added at each step of training.
- **Sampling Steps**: How many denoising steps a sample takes.
- **Guidance Scale**: How strongly the prompt steers each step.
"""


def test_a_falsifiable_sentence_gives_both_statements_and_swaps_in_a_list_mate() -> None:
    """Both, so that a quiz can alternate true and false (see the selection test below)."""
    # The pool also holds "Noise Schedule", a head of another section's list.
    chunk = passage(FAMILY_LIST, section="Generative model families")
    other = passage(SETTINGS, chunk_id="c2", section="Diffusion settings")
    pool, lines = term_pool([other, chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.5] * len(c))
    units = [u for u in passage_units(0, chunk) if u.text.startswith("Diffusion Models turn")]
    answers: Counter[str] = Counter()
    for seed in range(40):
        for draft in structure_drafts(material, units, ["tf"], random.Random(seed)):
            assert check_item(draft.item, FAMILY_LIST) is None
            answers[draft.item.answer] += 1
            swapped = draft.item.meta.get("swap_to")
            assert swapped in (None, "Transformers", "Autoregressive Models", "Flow Models")
    assert answers == {"False": 40, "True": 40}


def test_a_sentence_with_no_verified_false_version_gives_no_true_statement() -> None:
    """Issue 15: true/false items come from a real sentence *and* a verified falsification.

    "Generative AI is transforming industries…" (review round E) and "People have
    explored the sea for thousands of years." (eval/quiz_check14_ocean.md) were true at
    sight; nothing in the material makes a false version of either, so neither is asked.
    """
    text = (
        "Generative AI is transforming industries by automating creative and analytical "
        "tasks. Models like GPT, T5, and PaLM generate paragraphs and even code by predicting "
        "the next word. People have explored the sea for thousands of years and mapped it."
    )
    chunk = passage(text, section="Applications of generative AI across industries")
    topic = "Applications of generative AI across industries"
    weights = topic_weights(topic, [text, "Generative AI text", "AI models"])
    others = [passage(f"AI course notes, part {n}.", chunk_id=f"c{n}") for n in (2, 3)]
    material = Material([chunk], [], LineIndex([]), trigram_similarity, [chunk, *others],
                        weights, topic)  # fmt: skip
    drafts = [
        d
        for seed in range(12)
        for d in structure_drafts(material, passage_units(0, chunk), ["tf"], random.Random(seed))
    ]
    assert drafts == []
    # The same sentences beside a list of families that can be swapped in do give
    # statements, each true one with its false twin.
    family = passage(FAMILY_LIST, section="Generative model families")
    pool, lines = term_pool([family])
    swappable = Material([family], pool, lines, lambda a, c: [0.5] * len(c))
    answers = Counter(
        d.item.answer
        for seed in range(4)
        for d in structure_drafts(swappable, passage_units(0, family), ["tf"], random.Random(seed))
    )
    assert answers["True"] > 0 and answers["True"] == answers["False"]


def test_a_topic_without_a_rare_word_is_still_about_its_rarest_one() -> None:
    """ "Multimodal" was in most passages of a quiz on "Multimodal generative models", so
    no word was distinctive and GAN facts passed as on topic (review round F)."""
    weights = {"multimod": 0.82, "model": 0.16, "generat": 0.05}
    assert distinctive_words(weights) == {"multimod"}
    gans = "GANs use competition between networks to refine creativity."
    assert not statement_on_topic("Key Models Behind Generative AI", gans, weights)
    assert statement_on_topic("Future", "Multimodal AI generates text and audio.", weights)
    assert distinctive_words({"generat": 0.05, "model": 0.3}) == set(), "nothing half as rare"


def test_a_statement_names_the_topic_word_itself_not_a_word_of_its_stem() -> None:
    """A GAN's discriminator is not a sentence about discriminative models (round E)."""
    topic = "Define generative AI and distinguish it from discriminative models"
    sentence = "GANs use two networks, the generator and discriminator, that compete."
    weights = {"discrimin": 2.0, "defin": 1.5, "generat": 0.1}
    assert statement_on_topic("Key Models", sentence, weights), "by stem, without the topic"
    assert not statement_on_topic("Key Models", sentence, weights, topic)
    assert statement_on_topic("Key Models", "Discriminative models define a boundary.",
                              weights, topic)  # fmt: skip
    core = topic_weights("Core components of a generative AI system",
                         ["2. Core Principle", "6. Core Components", "generative AI"])  # fmt: skip
    assert not statement_on_topic("2. Core Principle", "Models learn P(data).", core,
                                  "Core components of a generative AI system"), "'core' is weak"  # fmt: skip


def test_a_definition_answer_carries_the_names_the_material_gives_it_elsewhere() -> None:
    """ "VAEs: Encoder compresses…" under a topic that spells out variational autoencoders."""
    text = "- **VAEs**: Encoder compresses data into latent vectors; decoder reconstructs.\n"
    other = passage("- **Variational Autoencoders (VAEs)**: Learn a latent space.\n"
                    "- **Generative Adversarial Networks (GANs)**: Two networks compete.\n",
                    chunk_id="c2", section="Key models")  # fmt: skip
    chunk = passage(text, section="Core Architecture Patterns")
    pool, lines = term_pool([chunk, other])
    assert "Variational Autoencoders" in known_aliases("VAEs", pool)
    material = Material([chunk], pool, lines, trigram_similarity)
    drafts = draft_items(material, passage_units(0, chunk), ["short"], random.Random(1))
    vaes = [d.item for d in drafts if d.item.answer == "VAEs"]
    assert vaes and "Variational Autoencoders" in vaes[0].aliases
    assert answer_in_topic(vaes[0], "Describe variational autoencoders and latent spaces")


def test_a_quiz_mixes_at_least_three_kinds_when_the_material_has_them() -> None:
    metrics = {
        "BLEU / ROUGE / METEOR": "Text similarity to reference data",
        "FID (Fréchet Inception Distance)": "Realism of generated images",
        "CLIPScore": "Alignment of image and text semantics",
        "Perplexity": "Predictive efficiency for LLMs",
    }
    drafts = [
        Draft(item(question=f"Which metric has the description “{desc}”?", answer=metric,
                   options=list(metrics), kind="definition",
                   source=ItemSource("n", "t", "s", f"| {metric} | {desc} |", "c1")),
              number, 0.9)
        for number, (metric, desc) in enumerate(metrics.items())
    ]  # fmt: skip
    steps = PIPELINE.split(" → ")
    order = QuizItem("mcq", "In the course's pipeline, which step comes right after "
                     "“Preprocessing”?", steps[2], "e", ItemSource("n", "t", "s", PIPELINE, "c2"),
                     [steps[2], steps[3], steps[4], steps[0]], kind="order",
                     meta={"after": "Preprocessing"})  # fmt: skip
    rows = FAMILIES.splitlines()
    left, right = "Generative Adversarial Networks (GANs)", "Diffusion Models"
    a, b = "A minimax game between two players", "Reverse noise process to create structured data"
    c = "Compress data into a latent space"
    comparison = compared_item(left, right, (a, b), c, "\n".join(rows[3:5]), "c3")
    drafts += [Draft(order, 5, 0.5), Draft(comparison, 6, 0.45)]
    verifier = Verifier({"c1": CHUNK, "c2": PIPELINE, "c3": FAMILIES})
    assert all(verifier.reason(d.item) is None for d in drafts)
    chosen = select_items(drafts, 4, ["mcq"], verifier, random.Random(1))
    assert len(chosen) == 4
    assert Counter(c.kind for c in chosen) == {"definition": 2, "order": 1, "comparison": 1}


def test_a_quiz_does_not_ask_a_compared_row_s_description_beside_the_comparison() -> None:
    # A helper driving the app: "How does the course describe BLEU…" and "… describe FID"
    # answered "How does the course tell BLEU… and FID apart?" in the same quiz.
    left, right = "FID (Fréchet Inception Distance)", "CLIPScore"
    a, b = "Realism of generated images", "Alignment of image and text semantics"
    rows = "\n".join(CHUNK.splitlines()[5:7])
    comparison = compared_item(left, right, (a, b), "Text similarity to reference data", rows)
    describe = item(kind="definition")  # "Which metric has the description “Realism…”?"
    other = item(kind="definition", question="Which metric has the description “Text "
                 "similarity to reference data”?", answer="BLEU / ROUGE / METEOR",
                 source=ItemSource("notes.md", "Notes", "11. Evaluation Metrics",
                                   CHUNK.splitlines()[4], "c1"),
                 options=["BLEU / ROUGE / METEOR", "CLIPScore", "Perplexity", "FID"])  # fmt: skip
    assert reveals_pairing(comparison, describe) and not reveals_pairing(describe, comparison)
    assert not reveals_pairing(comparison, other), "a row the comparison does not pair"
    drafts = [Draft(comparison, 0, 0.9), Draft(describe, 1, 0.8), Draft(other, 2, 0.7)]
    verifier = Verifier({"c1": CHUNK})
    assert all(verifier.reason(d.item) is None for d in drafts)
    chosen = select_items(drafts, 3, ["mcq"], verifier, random.Random(0))
    kinds = Counter(c.kind for c in chosen)
    assert kinds["comparison"] == 1 and describe not in chosen


def test_a_topic_that_spells_out_the_answer_s_acronym_gives_it_away() -> None:
    nlg = item(type="short", options=[], answer="NLG", kind="definition",
               question="According to the course, what enables machines to produce language?")  # fmt: skip
    assert answer_in_topic(nlg, "Natural language generation with large language models")
    assert not answer_in_topic(nlg, "Evaluation metrics")
    assert acronym_spelled_out("LLMs", "Fine-tuning large language models")
    assert not acronym_spelled_out("Education", "Education technology")
    assert not acronym_spelled_out("GAN", "Generative models and networks")


def test_an_answer_that_spells_out_the_question_s_acronym_is_given_away() -> None:
    expanded = item(
        question="How does the course's “Foundation Models” describe RLHF and DPO?",
        answer="Reinforcement Learning from Human Feedback, Direct Preference Optimization",
        options=["Reinforcement Learning from Human Feedback, Direct Preference Optimization",
                 "Sparse models with expert routing", "Large-scale models for many tasks",
                 "Self-supervised alignment"],
    )  # fmt: skip
    assert given_away(expanded) == "answer_in_question"
    assert given_away(item()) is None, "FID's description does not spell FID"


def test_rows_of_a_table_off_topic_as_a_whole_give_no_definition_items() -> None:
    timeline = "| Era | Innovation | Description |\n|---|---|---|\n" + "\n".join(
        f"| {era} | Thing {era} | Models that generate things in era {era}. |"
        for era in ("1990s", "2000s", "2010s", "2020s")
    )
    timeline += "\n| 2025 | Foundation | Unified models reasoning across modalities. |\n"
    chunk = passage(timeline, section="3. Evolution of Generative AI")
    weights = {"modal": 2.0, "generat": 0.1}
    units = [u for u in passage_units(0, chunk) if "modalities" in u.text]
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, trigram_similarity, weights=weights)
    assert rows_off_topic([chunk], units, weights) == {(0, units[0].start)}
    assert draft_items(material, units, ["mcq", "short"], random.Random(1)) == []
    about = passage(timeline, section="Modalities over time")
    assert rows_off_topic([about], units, weights) == set(), "its heading names the topic"
    named = passage(timeline.replace("| 2025 | Foundation |", "| Modality era | Foundation |"),
                    section="3. Evolution of Generative AI")  # fmt: skip
    named_units = [u for u in passage_units(0, named) if "modalities" in u.text]
    assert rows_off_topic([named], named_units, weights) == set(), "its name is the topic's"


PAPERS = """- Goodfellow et al., *Generative Adversarial Nets* (2014) — introduced GANs.
- Kingma & Welling, *Auto-Encoding Variational Bayes* (2013) — introduced VAEs.
- Ho et al., *Denoising Diffusion Probabilistic Models* (2020) — introduced diffusion.
- Vaswani et al., *Attention Is All You Need* (2017) — introduced transformers.
"""


def test_a_false_statement_never_swaps_a_title_that_names_its_own_subject() -> None:
    chunk = passage(PAPERS, section="16. Foundational Papers")
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, lambda a, c: [0.5] * len(c))
    units = passage_units(0, chunk)
    for seed in range(20):
        for draft in structure_drafts(material, units, ["tf"], random.Random(seed)):
            assert shape(draft.item.meta.get("swap_from", "x"), draft.item.source.quote) != "title"


def test_a_short_answer_half_named_by_its_clue_is_given_away() -> None:
    clue = "which item is described as “FID score, BLEU, human evaluation, bias detection”?"
    named = item(type="short", options=[], answer="Evaluation Methods", kind="definition",
                 question=f"In the course's list on “Key Technologies”, {clue}")  # fmt: skip
    assert given_away(named) == "answer_in_question"
    perplexity = item(type="short", options=[], answer="Perplexity", kind="definition",
                      question="Which metric is described as “Predictive efficiency for LLMs”?")  # fmt: skip
    assert given_away(perplexity) is None
    moe = item(type="short", options=[], answer="Mixture of Experts (MoE)", kind="definition",
               question="Which item is described as “Sparse models with expert routing”?")  # fmt: skip
    assert given_away(moe) == "answer_in_question", "its bracketed acronym adds no word"
    options = ["Sparse models with expert routing", "Large-scale models adaptable to many tasks",
               "Reinforcement Learning from Human Feedback", "Self-supervised alignment"]  # fmt: skip
    described = item(answer=options[0], options=options, kind="definition",
                     question="How does the course describe Mixture of Experts (MoE)?")  # fmt: skip
    assert given_away(described) == "answer_in_question", "'expert': 'models' is in two"


def test_a_kind_of_the_answer_is_never_its_distractor() -> None:
    assert name_inside("GANs", "CycleGAN") and name_inside("VAE", "β-VAE")
    assert not name_inside("GANs", "GAN") and not name_inside("AI", "Generative AI")
    pool = [PoolTerm(Term(name, "name"), {"list:models"}, {"head"})
            for name in ("CycleGAN", "VAEs", "Transformers", "Diffusion Models", "StyleGAN")]  # fmt: skip
    gans = Term("GANs", "acronym", aliases=("Generative Adversarial Networks",))
    picked = pick_distractors(gans, "list:models", "head", "GANs compete.", "Which compete?",
                              pool, [], trigram_similarity, random.Random(0))  # fmt: skip
    assert picked is not None
    assert {text for text, _ in picked} == {"VAEs", "Transformers", "Diffusion Models"}


def test_a_false_statement_never_contradicts_another_name_in_its_sentence() -> None:
    pool = [PoolTerm(Term("Variational Autoencoders (VAEs)", "name", "list:m", ("VAEs",)),
                     {"list:m"}, {"head"})]  # fmt: skip

    def named_again(line: str, text: str) -> bool:
        terms = find_terms(line)
        return _named_again(next(t for t in terms if t.text == text), terms, pool)

    goodfellow = "Goodfellow et al., *Generative Adversarial Nets* (2014) — introduced GANs."
    assert named_again(goodfellow, "GANs"), "the title spells GANs out"
    kingma = "Kingma & Welling, *Auto-Encoding Variational Bayes* (2013) — introduced VAEs."
    assert named_again(kingma, "VAEs"), "the title names Variational Autoencoders"
    assert not named_again(kingma, "Kingma & Welling"), "the authors can be swapped"
    assert not named_again("**GANs use competition between networks.**", "GANs")


def test_a_statement_that_restates_the_topic_is_answered_by_it() -> None:
    quote = "Generate images by reversing a noise process (e.g., Stable Diffusion)."
    statement = QuizItem("tf", STATEMENT_PREFIX + quote, "True", "e",
                         ItemSource("n", "t", "s", quote, "c1"), list(TRUE_FALSE),
                         kind="truefalse")  # fmt: skip
    topic = "Explain how diffusion models generate images by reversing a noise process"
    assert answer_in_topic(statement, topic)
    assert not answer_in_topic(statement, "Image generation models")


def test_the_topic_line_decides_no_item_review_round_f() -> None:
    """Findings of the review of 2026-12-02 (round F): each item was decided by the topic."""

    def statement(text: str, answer: str = "True", **meta: str) -> QuizItem:
        return QuizItem("tf", STATEMENT_PREFIX + text, answer, "e",
                        ItemSource("n", "t", "s", text, "c1"), list(TRUE_FALSE),
                        kind="truefalse", meta=dict(meta))  # fmt: skip

    # A true statement half made of the topic's words restates it.
    vaes = statement("Variational Autoencoders (VAEs) compress data to learn latent "
                     "representations.")  # fmt: skip
    assert answer_in_topic(vaes, "Describe variational autoencoders and latent representations")
    # A false statement that swaps out the term the topic names, for one it does not.
    swapped = statement("VAEs use competition between networks.", "False",
                        swap_from="GANs", swap_to="VAEs")  # fmt: skip
    assert answer_in_topic(swapped, "Explain how generative adversarial networks (GANs) work")
    assert not answer_in_topic(swapped, "GANs and VAEs"), "both named: which does what?"
    assert answer_in_topic(
        statement("Generative Adversarial Networks (GANs) compress data.", "False",
                  swap_from="Variational Autoencoders (VAEs)",
                  swap_to="Generative Adversarial Networks (GANs)"),
        "Describe variational autoencoders and latent representations",
    )  # fmt: skip
    # An option that alone shares the topic's words.
    trends = ["Bias mitigation, content safety, ethical considerations",
              "Autonomous creative systems and workflows", "Low-latency, interactive systems",
              "Smaller, faster, more accessible models"]  # fmt: skip
    described = item(question="How does the course describe Responsible Generation?",
                     answer=trends[0], options=trends, kind="definition")  # fmt: skip
    assert answer_in_topic(described, "Ethical risks of generative AI such as bias")
    assert not answer_in_topic(described, "Emerging trends in generative AI")
    typed = item(type="short", options=[], answer="Ethical Generation Systems",
                 question="Which item is described as “Built-in bias filtering”?",
                 kind="definition")  # fmt: skip
    assert answer_in_topic(typed, "Ethical and societal risks of generative AI")
    assert not answer_in_topic(typed, "Current research trends")
    # A comparison whose topic names a row and the words of its own description.
    left, right = "Diffusion Models", "Flow-based Models"
    a, b = "Reverse noise process to create structured data", "Learn invertible transformations"
    compared = compared_item(left, right, (a, b), "Predict next token/pixel sequentially")
    topic = "Explain how diffusion models generate images by reversing a noise process"
    assert answer_in_topic(compared, topic)
    assert not answer_in_topic(compared, "Generative model families")


def test_an_acronym_and_its_expansion_are_one_option() -> None:
    assert overlapping("Generative AI", "Generative Artificial Intelligence")
    assert not overlapping("Specialized Generative AI", "Agentic Generative AI")


def test_a_list_item_that_starts_with_its_verb_is_no_statement() -> None:
    text = "- Predict the next word or token in a long sequence of text.\n"
    chunk = passage(text, section="Large Language Models")
    material = Material([chunk], [], LineIndex([]), trigram_similarity)
    units = passage_units(0, chunk)
    assert units and not structure_drafts(material, units, ["tf"], random.Random(1))
    stated = text.replace("- Predict", "- In 2018, LLMs began to predict")
    chunk = passage(stated + "- Word2vec appeared in 2013.\n", section="Large Language Models")
    pool, lines = term_pool([chunk])
    material = Material([chunk], pool, lines, trigram_similarity)
    drafts = [
        d
        for seed in range(4)
        for d in structure_drafts(material, passage_units(0, chunk), ["tf"], random.Random(seed))
    ]
    assert [d for d in drafts if "LLMs began to predict" in d.item.question], (
        "with its subject it is one"
    )


def test_a_term_paired_with_its_use_is_no_statement() -> None:
    """'FID – for image realism.' has no verb: true or false of what?"""
    assert DASH_DEFINITION.match("Fréchet Inception Distance (FID) – for image realism.")
    assert DASH_DEFINITION.match("BLEU, ROUGE — to compare text with references.")
    assert not DASH_DEFINITION.match("In manufacturing, generative design optimizes structures.")
    assert not DASH_DEFINITION.match("GANs – two networks – compete to improve results.")


def _statement_drafts(text: str, seeds: int = 8) -> list[Draft]:
    """Statements from ``text``, in notes that name another year (so a year can be swapped)."""
    chunk = passage(text, section="Large Language Models")
    _, lines = term_pool([chunk, passage("The Transformer came out in 2017.\n", chunk_id="c2")])
    material = Material([chunk], [], lines, trigram_similarity)
    units = passage_units(0, chunk)
    assert units
    return [
        draft
        for seed in range(seeds)
        for draft in structure_drafts(material, units, ["tf"], random.Random(seed))
    ]


def test_a_sentence_that_points_back_labels_or_cites_is_no_statement() -> None:
    """ "True or false: It was developed in 2022…" — true or false of what?"""
    assert _statement_drafts("BLOOM was developed in 2022 by over a thousand scientists.\n")
    for text in [
        "It was developed in 2022 by over a thousand scientists.",
        "These models simulate human creativity by using algorithms like GANs.",
        "Neural Rendering & 3D Diffusion: Text-to-3D pipelines for research use.",
        "Goodfellow et al., Generative Adversarial Nets (2014) — introduced GANs.",
        "Kingma & Welling, Auto-Encoding Variational Bayes (2013) — introduced VAEs.",
        # Found over every labelled topic (review round F):
        "CLIP (2021) — learning transferable visual models from natural language supervision.",
        "GPT-4 Technical Report (OpenAI, 2023) — multimodal, large-scale LLM for many tasks.",
        "By optimizing millions of parameters, these models capture creative processes.",
        "RoBERTa the full form for this is the Robustly Optimized BERT Pretraining Approach.",
    ]:
        assert not _statement_drafts(text + "\n"), text


def test_a_false_statement_never_puts_a_plain_word_in_place_of_a_name() -> None:
    """ "Models like Training, T5, and PaLM…" is false, and false at sight."""
    assert plain_word_for_name("GPT", "Training")
    assert plain_word_for_name("GANs", "Diffusion")
    assert not plain_word_for_name("GANs", "VAEs")
    assert not plain_word_for_name("GANs", "Generative World Models")
    assert not plain_word_for_name("Training", "Evaluation"), "a plain word for a plain word"


GAN_SENTENCES = [
    ("GANs pit a generator against a discriminator.", "generator", "encoder"),
    ("StyleGAN builds on GANs to draw faces.", "faces", "molecules"),
    ("Training GANs can suffer from mode collapse.", "mode collapse", "overfitting"),
    ("The 2014 paper by Goodfellow introduced GANs.", "Goodfellow", "Kingma"),
    ("CycleGAN relies on GANs for unpaired translation.", "CycleGAN", "BERT"),
    ("Conditional GANs take a class label as input.", "class label", "noise schedule"),
    ("Image synthesis with GANs reached photorealism.", "photorealism", "sentience"),
]


def _tf(number: int, answer: str) -> Draft:
    quote, original, swapped = GAN_SENTENCES[number]
    swap = {"swap_from": original, "swap_to": swapped} if answer == "False" else {}
    statement = quote.replace(original, swapped) if swap else quote
    return Draft(
        QuizItem("tf", STATEMENT_PREFIX + statement, answer, "e",
                 ItemSource("n", "t", "s", quote, "c1"), list(TRUE_FALSE), kind="truefalse",
                 meta=swap),
        number, 0.9,
    )  # fmt: skip


def test_true_and_false_statements_alternate_and_one_sentence_gives_one_item() -> None:
    """A quiz of all-false statements is passed by always answering "False"."""
    chunk = " ".join(quote for quote, _, _ in GAN_SENTENCES)
    falses = [_tf(n, "False") for n in range(5)]
    trues = [_tf(n, "True") for n in (5, 6)]
    twin = _tf(0, "True")  # the true statement of falses[0]'s sentence
    for drafts in (falses + trues + [twin], [twin, *trues, *falses]):
        verifier = Verifier({"c1": chunk})
        chosen = select_items(drafts, 4, ["tf"], verifier, random.Random(3))
        assert Counter(c.answer for c in chosen) == {"False": 2, "True": 2}
        quotes = [c.source.quote for c in chosen]
        assert len(set(quotes)) == len(quotes), "one item per sentence"
    verifier = Verifier({"c1": chunk})
    chosen = select_items(falses, 3, ["tf"], verifier, random.Random(3))
    # With no true statement to pair them with, false ones would be answered by always
    # saying "false" (every statement of six check sheets on other subjects was true,
    # eval/quiz_check10_history.md to eval/quiz_check13_nutrition.md): one is taken.
    assert [c.answer for c in chosen] == ["False"]
    verifier = Verifier({"c1": chunk})
    chosen = select_items([*trues, falses[1]], 3, ["tf"], verifier, random.Random(3))
    assert Counter(c.answer for c in chosen) == {"True": 2, "False": 1}


def test_no_item_shows_where_a_false_statement_was_edited() -> None:
    """A true "GANs, VAEs, and transformers…" beside a false "Small-Scale Generative
    Models, VAEs, and transformers…" gives the false one away; two false statements
    swapping out "GANs" ask one thing."""
    trio = "GANs, VAEs, and transformers are foundational to generative AI."
    engines = "The engines of generative creativity, GANs, VAEs, and transformers, power AI."
    chunk = f"{trio} {engines}"

    def statement(quote: str, swap_to: str = "") -> Draft:
        text = quote.replace("GANs", swap_to) if swap_to else quote
        meta = {"swap_from": "GANs", "swap_to": swap_to} if swap_to else {}
        item = QuizItem("tf", STATEMENT_PREFIX + text, "False" if swap_to else "True", "e",
                        ItemSource("n", "t", "s", quote, "c1"), list(TRUE_FALSE),
                        kind="truefalse", meta=meta)  # fmt: skip
        return Draft(item, 0, 0.9)

    edited = statement(engines, "Small-Scale Models")
    assert reveals_swap(edited.item, statement(trio).item)
    assert not reveals_swap(edited.item, statement(engines.replace("GANs, ", "")).item)
    assert same_swap(edited.item, statement(trio, "Generative Agents").item)
    for drafts in ([edited, statement(trio)], [edited, statement(trio, "Generative Agents")]):
        chosen = select_items(drafts, 2, ["tf"], Verifier({"c1": chunk}), random.Random(1))
        assert len(chosen) == 1, [c.question for c in chosen]


def test_an_example_whose_name_holds_the_asked_acronym_is_given_away() -> None:
    """Imagen / Runway Gen-3 / Midjourney V6 / CycleGAN for "an example of GANs"."""
    question = "Which of these does the course give as an example of Generative Adversarial " \
        "Networks (GANs)?"  # fmt: skip
    options = ["Imagen", "Runway Gen-3", "Midjourney V6", "CycleGAN"]
    example = item(question=question, answer="CycleGAN", options=options, kind="recall")
    assert given_away(example) == "answer_in_question"
    fair = item(question=question, answer="CycleGAN", kind="recall",
                options=["StyleGAN-T", "Imagen", "Midjourney V6", "CycleGAN"])  # fmt: skip
    assert given_away(fair) is None, "another option holds 'GAN' too"
