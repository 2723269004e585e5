"""Abstention: the pure decision and what a factoid question needs a unit to hold.

Pure logic, no model: the term statistics are written by hand, and the units come
from :func:`rag.answer.evidence.split_units` on small Markdown texts modelled on the
course material (the cases are the train split's off-topic questions that used to be
answered because their words occur in the material).
"""

from __future__ import annotations

import pytest

from rag.answer.asked import QUESTION_FRAME, asked_detail, question_weights, states_detail
from rag.answer.decide import (
    AnswerType,
    Decision,
    Evidence,
    answer_type,
    asks_for_date,
    asks_for_number,
    decide,
    holds,
    states_condition,
)
from rag.answer.evidence import (
    EvidenceUnit,
    ScoredUnit,
    evidence_strength,
    fits,
    select_evidence,
    split_units,
)
from rag.answer.numbers import quantities, states_date
from rag.answer.question_forms import asked_relation, asks_condition
from rag.answer.scope import answer_found
from rag.retrieval.keyword import TermStatistics

STATS = TermStatistics(
    76,
    {"direct": 1, "movi": 1, "incept": 2, "paramet": 2, "gpt-4": 6, "program": 3,
     "languag": 16, "learn": 32, "web": 1, "develop": 12, "context": 5, "claud": 7,
     "3": 19, "opus": 1, "bloom": 2, "optim": 3, "train": 20,
     "introduc": 4, "transform": 40, "architectur": 3},
)  # fmt: skip

METRICS = """## Evaluation
- Fréchet Inception Distance (FID) – for image realism.

## Industry Applications
- Entertainment: Game development, movie production, music creation.
"""

MODELS = """## Foundation Models
- Foundation Models: Large-scale models adaptable to many tasks (GPT-4, Claude, Gemini).
- Claude 3 Family: Opus, Sonnet, Haiku with enhanced safety and context understanding.

## BERT
It was trained on Wikipedia using 3.3 billion tokens and 340 million parameters.

## BLOOM
BLOOM can create text in 46 languages and write code in 13 programming languages.
"""


def asks(question: str) -> AnswerType:
    """The answer type of ``question`` with the statistics and framing words above."""
    return answer_type(question, question_weights(question, STATS), STATS, QUESTION_FRAME)


def test_decide_abstains_on_no_passages_weak_evidence_or_few_shared_words() -> None:
    assert decide(Evidence(0.9, 1.0, 0), 0.27, 0.36).abstain
    weak = decide(Evidence(0.2, 1.0, 5), 0.27, 0.36)
    # In words a student reads; "(evidence 0.20, needs 0.27)" read as jargon.
    assert (
        weak.abstain and weak.reason == "no sentence in the material comes close to what is asked"
    )
    assert decide(Evidence(0.5, 0.3, 5), 0.27, 0.36).abstain
    assert decide(Evidence(0.5, 0.5, 5), 0.27, 0.36) == Decision(False, "")


def test_who_question_needs_its_rare_words_together_in_one_unit() -> None:
    question = "Who directed the movie Inception?"
    answer = asks(question)
    assert answer.terms == {"direct", "movi", "incept"} and not answer.number
    fid, entertainment = split_units(0, METRICS)
    assert not fits(fid, answer) and not fits(entertainment, answer)
    # Each unit shares a rare word with the question; neither says who directed it.
    ranked = select_evidence(question, [fid, entertainment], 1, STATS)
    assert evidence_strength(ranked) < 0.27
    # Without collection statistics no term is known to be attested: nothing is asked
    # of a unit, though it still is a who-question.
    assert answer_type(question, {"direct": 1.0}, TermStatistics(0)) == AnswerType(person=True)


def test_how_many_question_needs_a_number_of_the_units_own() -> None:
    question = "How many parameters does GPT-4 have?"
    answer = asks(question)
    assert answer.number and answer.terms == {"paramet", "gpt-4"}  # "many" frames it
    foundation, _, bert, _ = split_units(0, MODELS)
    assert not fits(foundation, answer)  # names GPT-4, states no number
    assert not fits(bert, answer)  # states a number, about BERT
    assert fits(bert, AnswerType(number=True))
    assert holds(AnswerType(number=True), "It has 340 million parameters.")
    assert not holds(AnswerType(number=True), "GPT-4 and Beyond")  # the 4 names a model


def test_a_number_in_the_question_is_not_an_answer() -> None:
    question = "What is the context window length of Claude 3 Opus?"
    answer = asks(question)
    assert answer == AnswerType(frozenset(), True, frozenset({"3"}))  # not a factoid lead
    claude = split_units(0, MODELS)[1]
    assert claude.text.startswith("Claude 3") and not fits(claude, answer)
    weights = question_weights(question, STATS)
    penalised = select_evidence(question, [claude], 1, STATS)
    plain = select_evidence("What is the context window of Claude 3 Opus?", [claude], 1, STATS)
    assert penalised[0].weights == weights
    assert penalised[0].score < plain[0].score


def test_which_with_a_singular_noun_is_factoid_with_a_plural_it_asks_for_a_list() -> None:
    single = "Which programming language should I learn for web development?"
    answer = asks(single)
    assert answer.terms == {"web", "program"}
    bloom = split_units(0, MODELS)[3]
    assert not fits(bloom, answer)  # programming languages, not web development
    assert asks("Which optimizers are used in training?") == AnswerType()
    for named in (
        "Which fine-tuning libraries does the course list under tools?",
        # The plural after the names that qualify it (blind train question).
        "Which OpenAI and Google tools are called pioneers of AI-generated music?",
    ):
        # A list, and of named things: a unit answering names several in a row.
        assert asks(named) == AnswerType(named_examples=True)
    # Not a factoid: only the thing asked about must be said something of, not listed.
    described = AnswerType(described=frozenset({"fid"}), works=frozenset({"fid"}))
    assert answer_type("What does FID measure?", {"fid": 3.0}, STATS) == described


def test_a_factoid_question_the_material_answers_keeps_its_unit() -> None:
    question = "Who introduced the Transformer architecture?"
    text = "- Vaswani et al. introduced the Transformer architecture in 2017.\n"
    answer = asks(question)
    # "transform" is too common; "introduced" frames a question for who made it.
    assert answer.terms == {"architectur"} and answer.maker
    assert answer.names == {"transform"}  # but a name asked about is needed
    (unit,) = split_units(0, text, "Transformers")
    assert fits(unit, answer)
    ranked = select_evidence(question, [unit], 1, STATS)
    assert evidence_strength(ranked) > 0.27


def test_a_factoid_question_is_answered_by_a_unit_naming_what_it_asks_about() -> None:
    """ "When was Stable Diffusion first released?" got "Released in 2018, … (BERT)…":
    the unit held its rarest word ("released"), not the name."""
    stats = TermStatistics(40, {"releas": 1, "stabl": 6, "diffus": 9, "bert": 2, "first": 5})
    question = "When was Stable Diffusion first released?"
    answer = answer_type(question, question_weights(question, stats), stats, QUESTION_FRAME)
    assert answer.names == {"stabl", "diffus"} and answer.date
    bert = "Released in 2018, BERT was one of the first foundation models."
    assert not holds(answer, bert)
    assert holds(answer, "Stable Diffusion was first released in 2022.")
    # "What year was…" asks the same: it was answered with BERT's year (train split).
    question = "What year was Stable Diffusion first released to the public?"
    answer = answer_type(question, question_weights(question, stats), stats, QUESTION_FRAME)
    assert answer.names == {"stabl", "diffus"} and answer.date and not holds(answer, bert)


@pytest.mark.parametrize(
    ("question", "condition"),
    [
        ("in the crisis bargaining example when does the challenger make a demand", True),
        ("When should a firm keep producing in the short run?", True),
        ("When is a hash join the best choice", True),
        ("When did GANs appear?", False),
        ("When was BLOOM released?", False),
        ("What does the challenger demand?", False),
    ],
)
def test_a_present_tense_when_question_asks_for_a_condition(question: str, condition: bool) -> None:
    assert asks_condition(question) is condition


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("In equilibrium the Challenger demands if p < 1/3.", True),
        ("Cooperation is a best response if the discount factor δ ≥ 1/2.", True),
        ("A wave breaks when its height exceeds one-seventh of its wavelength.", True),
        ("The Challenger decides whether to Demand, and the Defender Yields if challenged.", False),
        ("Data Collection -> Preprocessing -> Model Training", False),
        ("The Defender is resolute with probability p.", False),
    ],
)
def test_a_condition_is_stated_by_an_if_or_a_bound(text: str, condition: bool) -> None:
    assert states_condition(text) is condition


def test_a_when_question_needs_a_year_not_any_number() -> None:
    """ "When was BLOOM released?" was answered with "BLOOM can create text in 46 languages"."""
    answer = asks("When was BLOOM released?")
    assert answer.date and answer.number
    assert not holds(answer, "BLOOM can create text in 46 languages.")
    assert holds(answer, "BLOOM was developed in 2022 by over a thousand scientists.")
    assert states_date("1980s–1990s: Probabilistic Models.") and states_date("In 2014-2017.")
    assert not states_date("GPT-4 has 1000 experts.") and not states_date("Claude 3 Opus")
    assert states_date("Lab report: 30 %, due Friday 14 March")
    assert not states_date("You may use any tool.")
    assert not asks("How many languages does BLOOM support?").date
    assert asks("During which years did transformers take over?").date
    # "How much audio do you need to clone a voice?" is answered by "short samples".
    assert not asks("How much audio do you need to clone someone's voice?").number
    assert asks("How long is the context window of Claude 3 Opus?").number
    assert asks("In what decade were GANs introduced?").date


def test_what_measure_question_asks_for_a_number_without_is_the() -> None:
    # "What learning rate should I use…" and "What FID score did…" asked for a number
    # but were answered with list items naming LoRA or FID (train split).
    assert asks("What learning rate should I use when fine-tuning with LoRA?").number
    assert asks("What FID score did StyleGAN reach on the FFHQ dataset?").number
    assert asks("What image resolution does Stable Diffusion XL generate by default?").number
    assert asks("What is the dropout rate used in the original Transformer?").number
    assert not asks("What does FID measure?").number
    assert not asks("What scores do raters give?").number  # not "what <noun> score"


def test_a_version_after_a_model_name_states_no_number() -> None:
    needs_number = AnswerType(number=True)
    assert not holds(needs_number, "Text-to-Image Models: DALL-E 3, Midjourney V6.")
    assert not holds(needs_number, "Open Source LLMs: LLaMA 2, Mistral, Falcon")
    assert not holds(needs_number, "Reverse a noise process (e.g., Stable Diffusion, DALL·E 2).")
    # The course writes "Gen‑3" with a non-breaking hyphen: still a name, no number.
    assert not holds(needs_number, "Runway ML: Gen‑2, Gen‑3 for video")
    assert holds(needs_number, "BLOOM 176 billion parameters")  # a magnitude follows
    assert holds(needs_number, "It can write code in 13 programming languages.")


def test_a_year_dates_but_measures_nothing() -> None:
    # "how long of a video can sora make in one go?" was answered with "Sora: …
    # (OpenAI, 2025)", a year taken for a length (blind train question).
    needs_number = AnswerType(number=True)
    assert not holds(needs_number, "Sora: Text-to-Video Generation Model (OpenAI, 2025)")
    assert holds(AnswerType(number=True, date=True), "Released in 2018, BERT was one of the first.")
    assert quantities("Released in 2018 with 340 million parameters") == {"340", "million"}


def test_questions_for_a_size_or_a_setting_ask_for_a_number() -> None:
    assert asks_for_number("How big is Claude 3 Opus's context window?")
    assert asks_for_number("how large are the images it makes")
    assert asks("What LoRA rank should I pick when fine-tuning?").number
    assert asks("What sampling temperature should I use for stories?").number
    assert not asks("What does temperature control?").number
    assert not asks("What are the steps of the pipeline, in order?").number
    # What the setting is, not its value: it was refused as stating no number.
    assert not asks("What is temperature in sampling?").number
    assert asks("What is the temperature of the sampler?").number
    assert asks("What is a good temperature for stories?").number
    # Which measure, not its value: it was refused as "no passage states the number".
    assert not asks("What is the score used to evaluate images?").number
    assert not asks("Which score measures image realism?").number
    assert not asks("What is the score that is used for judging text?").number
    assert asks("What is the learning rate used for fine-tuning?").number


def test_a_refusal_names_the_words_the_material_never_uses() -> None:
    from rag.answer.unknown import unused_words

    stats = TermStatistics(76, {"generat": 70, "model": 60, "help": 5, "risk": 3})
    question = "How do generative models help in cooking new recipes?"
    assert unused_words(question, stats) == ("cooking", "new", "recipes")
    # A synonym the material uses ("downsides" -> risks) is understood, not unused.
    assert unused_words("What are the downsides?", stats) == ()
    refused = decide(Evidence(0.1, 0.2, 5, unused_words=("cooking", "recipes")), 0.27, 0.36)
    assert refused.reason.endswith("the material never uses “cooking”, “recipes”")
    assert "never uses" not in decide(Evidence(0.1, 0.2, 5), 0.27, 0.36).reason


def test_a_hyphenated_word_is_used_only_when_each_of_its_parts_is() -> None:
    # The bundled course says "net" once and "supervised" often, yet never "U-Net" or
    # "resolution": both words counted as used, so a student asking about the U-Net was
    # not told the course never names it.
    from rag.answer.unknown import unknown_name, unused_words

    stats = TermStatistics(
        76, {"net": 1, "supervis": 4, "diffus": 20, "model": 60, "imag": 30, "text": 40}
    )
    assert unused_words("How is U-Net used in diffusion?", stats) == ("U-Net",)
    assert unknown_name("What does the U-Net do in diffusion models?", [], stats) == "U-Net"
    assert unused_words("Image super-resolution with diffusion models", stats) == (
        "super-resolution",
    )
    # Every part used ("text", and "only" frames a phrase), or a year range: not unused.
    assert unused_words("Text-only models", stats) == ()
    years = TermStatistics(9, {"1853": 1, "diffus": 2, "model": 2})
    assert unused_words("Diffusion models in 1853-56", years) == ()


def test_how_many_counts_the_noun_before_the_verb() -> None:
    # Blind batch: "natural" was taken for what is counted, and BLOOM's "46 languages"
    # was refused for lacking it.
    from rag.answer.numbers import counted_noun

    assert counted_noun("How many natural and programming languages does BLOOM support?") == (
        "languag"
    )
    assert counted_noun("How many parameters does BLOOM have?") == "paramet"
    assert counted_noun("how many layers") == "layer"


def test_which_company_asks_for_a_name_like_who() -> None:
    from rag.answer.question_forms import asks_who

    assert asks_who("Which company makes Claude?")
    assert asks_who("what organisation built Stable Diffusion")
    assert not asks_who("Which tools compose music?")
    # The verb of making frames such a question: no line says "built".
    weights = question_weights("Which company built both LLaMA and Make-A-Video?", STATS)
    assert weights["built"] < weights["compani"] * 2


def test_a_date_asked_in_a_second_clause_is_a_date_question() -> None:
    assert asks_for_date("Who came up with Gaussian Splatting, and in what year?")
    assert asks_for_date("Who wrote it and when was it published?")
    assert not asks_for_date("Who came up with Gaussian Splatting?")


def test_a_formula_license_or_price_must_be_named() -> None:
    assert asked_detail("What's the actual formula for computing the FID score?") == "formula"
    assert asked_detail("What license is Stable Diffusion XL released under?") == "license"
    assert asked_detail("What does FID measure?") is None
    assert not states_detail("formula", "Fréchet Inception Distance (FID) – for image realism")
    assert states_detail("formula", "FID = ||mu_r - mu_g||^2 + Tr(...)")
    assert states_detail(
        "license", "Weights are released under an open licence (the license: MIT)."
    )
    refused = decide(Evidence(0.6, 0.9, 5, answer_found=False, asked_for="formula"), 0.27, 0.36)
    assert refused.reason == "no passage states the formula the question asks for"


def test_a_unit_may_lack_one_of_three_key_terms_but_not_one_of_two() -> None:
    described = AnswerType(frozenset({"latent", "vector", "decod", "input"}))
    vae = "VAEs: Encoder compresses data into latent vectors; decoder reconstructs."
    assert holds(described, vae)  # paraphrases "input" as "data"
    assert not holds(described, "Encoder compresses data into latent space.")  # lacks two
    named = AnswerType(frozenset({"direct", "incept"}))
    assert not holds(named, "FID (Fréchet Inception Distance): Realism of generated images")


def test_a_factoid_question_whose_answer_no_unit_holds_is_refused() -> None:
    # "how many experts does Mixtral route each token to" (train split) matched every
    # word of the MoE row, which states no number: it was answered with that row.
    stats = TermStatistics(76, {"expert": 2, "mixtral": 1, "rout": 1, "token": 9, "moe": 1})
    question = "How many experts does Mixtral route each token to?"
    text = "- Mixture of Experts (MoE): Sparse models with expert routing (Mixtral, Switch).\n"
    weights = question_weights(question, stats)
    ranked = select_evidence(question, split_units(0, text), 1, stats)
    assert not answer_found(question, weights, stats, ranked)
    refused = decide(Evidence(0.6, 0.9, 5, answer_found=False), 0.27, 0.36)
    assert refused.abstain and "number or date" in refused.reason

    counted = "- Mixtral routes each token to 2 of its 8 experts.\n" + text
    assert answer_found(
        question, weights, stats, select_evidence(question, split_units(0, counted), 1, stats)
    )
    # A question that is not factoid never needs a particular unit.
    assert answer_found("What is Mixtral?", weights, stats, [])


def test_a_number_answers_only_in_a_unit_about_what_the_question_asks() -> None:
    # "how big is claude 3 opus's context window" was answered with the Claude line,
    # on the strength of "3.3 billion tokens" in BERT's paragraph (a probe question).
    stats = TermStatistics(76, {"claud": 4, "3": 6, "opus": 1, "context": 3, "bert": 5})
    question = "how big is claude 3 opus's context window"
    text = (
        "- Claude 3 Family: Opus, Sonnet, Haiku with enhanced safety and context.\n"
        "- BERT was trained on 3.3 billion tokens and 340 million parameters.\n"
    )
    weights = question_weights(question, stats)
    ranked = select_evidence(question, split_units(0, text), 1, stats)
    assert not answer_found(question, weights, stats, ranked)
    stated = "- Claude 3 Opus has a context window of 200,000 tokens.\n" + text
    ranked = select_evidence(question, split_units(0, stated), 1, stats)
    assert answer_found(question, weights, stats, ranked)


def test_a_quantity_answers_only_in_a_unit_naming_what_it_measures() -> None:
    # "What is the maximum daily dose of ibuprofen for an adult?" was answered with EC50,
    # "the concentration producing 50% of the maximum response", of notes that name
    # ibuprofen only as an NSAID (a student's probe of a pharmacology course).
    stats = TermStatistics(
        100, {"maximum": 4, "daili": 3, "dose": 20, "ibuprofen": 1, "adult": 2, "nsaid": 2}
    )
    question = "What is the maximum daily dose of ibuprofen for an adult?"
    text = (
        "- EC50 (or ED50 for doses in people), the concentration producing 50% of the "
        "maximum response.\n- NSAIDs: aspirin, ibuprofen, naproxen.\n"
    )
    weights = question_weights(question, stats)
    ranked = select_evidence(question, split_units(0, text), 1, stats)
    assert not answer_found(question, weights, stats, ranked)
    stated = text + "- The maximum daily dose of ibuprofen for an adult is 2,400 mg.\n"
    ranked = select_evidence(question, split_units(0, stated), 1, stats)
    assert answer_found(question, weights, stats, ranked)
    # A count of a unit of something, the same: "How many litres of water should an adult
    # drink each day?" found the gut's "8–9 litres of food, drink and secretions" (a
    # nutrition probe; the notes give no intake).
    stats = TermStatistics(100, {"litr": 3, "water": 4, "adult": 2, "drink": 3, "day": 9})
    question = "How many litres of water should an adult drink each day?"
    gut = "Of the 8–9 litres of food, drink and secretions that enter the gut each day, most is reabsorbed.\n"
    weights = question_weights(question, stats)
    ranked = select_evidence(question, split_units(0, gut), 1, stats)
    assert not answer_found(question, weights, stats, ranked)


def test_an_everyday_word_beside_what_is_counted_is_not_what_a_unit_must_say() -> None:
    # "How many hydrogen bonds hold a G-C pair together compared with an A-T pair?" was
    # refused: "hold" (rare in the notes) was a key word the answering line lacks (a
    # student's probe of a genetics course).
    stats = TermStatistics(100, {"hydrogen": 1, "bond": 3, "hold": 1, "pair": 5, "togeth": 2})
    question = "How many hydrogen bonds hold a G-C pair together?"
    answer = answer_type(question, question_weights(question, stats), stats, QUESTION_FRAME)
    assert "hold" not in answer.terms and "hydrogen" in answer.terms
    line = "the bases pair inside, A with T (two hydrogen bonds) and G with C (three)"
    assert holds(answer, line)
    # Not when nothing is counted: "How long is a day on Venus?" needs the day.
    planets = TermStatistics(100, {"day": 2, "venu": 2})
    when = answer_type("How long is a day on Venus?", {"day": 3.0, "venu": 3.0}, planets)
    assert "day" in when.terms


def test_how_many_people_died_is_answered_by_a_count_of_deaths() -> None:
    # "how many people died in the 1918 flu" was refused beside the pandemic table's row
    # "…estimated deaths: About 50 million" (a blind train question of the virology course).
    stats = TermStatistics(60, {"1918": 1, "flu": 4, "death": 2, "peopl": 3, "die": 1})
    question = "how many people died in the 1918 flu"
    text = (
        "| Pandemic | Subtype | Estimated deaths |\n|---|---|---|\n"
        "| 1918 Spanish flu | H1N1 | About 50 million |\n"
    )
    weights = question_weights(question, stats)
    ranked = select_evidence(question, split_units(0, text), 1, stats)
    assert answer_found(question, weights, stats, ranked)
    # A count of something else still does not answer it.
    other = "| Pandemic | Subtype | Countries reached |\n|---|---|---|\n| 1918 flu | H1N1 | 50 |\n"
    ranked = select_evidence(question, split_units(0, other), 1, stats)
    assert not answer_found(question, weights, stats, ranked)


def test_who_made_a_thing_needs_a_line_that_says_who_made_it() -> None:
    maker = AnswerType(person=True, maker=True)
    assert not holds(maker, "GANs: Two networks compete (Generator G creates synthetic data).")
    assert holds(maker, "Goodfellow et al., Generative Adversarial Nets (2014) — introduced GANs.")
    assert holds(maker, "Tools like OpenAI’s MuseNet and Google’s Magenta compose pieces.")
    assert holds(maker, "Opponent-process: Hering (1870s)", "Theory Proposed by Claim")
    assert holds(maker, "1944: John von Neumann; Oskar Morgenstern", "Year Economist Work Idea")
    # A timeline's present tense (students' probes: "Who came up with the word hormone?",
    # "Who made the first genetic map?" were refused), past a possessive on the way.
    assert holds(maker, '1905: Starling introduces the word "hormone" (Greek hormao).')
    sturtevant = "1913: Alfred Sturtevant, an undergraduate in Morgan's lab, constructs the map"
    assert holds(maker, sturtevant)
    assert not holds(maker, "Each hormone constructs nothing; the gland introduces it.")
    assert asks("who came up with GANs?").maker and asks("Who designed the transformer?").maker
    assert not asks("Who benefits from generative design?").maker
    # The verb of making frames the question: "design" is in no line that says who.
    stats = TermStatistics(76, {"design": 11, "transform": 40})
    weights = question_weights("Who designed the transformer?", stats)
    assert weights["design"] < stats.idf("design") / 2
    assert question_weights("What is generative design?", stats)["design"] == stats.idf("design")


def test_who_named_a_thing_is_not_answered_by_the_thing_s_own_possessive_name() -> None:
    # "who came up with the name prisoner's dilemma?" quoted the payoff row "Prisoner's
    # Dilemma: Cooperate / Defect…" (a possessive, like "Codd's relational model"), not
    # the timeline row naming Tucker (a blind train question of the game-theory course).
    maker = AnswerType(frozenset({"prison", "dilemma"}), person=True, maker=True)
    assert not holds(maker, "Prisoner's Dilemma: Cooperate / Defect (payoffs (3,3) (0,5)).")
    tucker = "1950: Merrill Flood, Melvin Dresher; Albert Tucker (The Prisoner's Dilemma is named)"
    assert holds(maker, tucker)
    # Another's possessive still names a maker.
    assert holds(AnswerType(person=True, maker=True), "Codd's relational model (1970).")
    # Nor does the payoff row show that the notes say who named it.
    from rag.answer.scope import explains

    weights = {"prison": 2.4, "dilemma": 2.3, "name": 1.0}
    question = "who came up with the name prisoner's dilemma?"
    payoffs = "Prisoner's Dilemma: Cooperate / Defect (payoffs (3,3) (0,5); tension: Arms races)."
    assert not explains(question, _best([payoffs], weights), weights)
    assert explains(question, _best([tucker], weights), weights)


def test_a_question_in_chat_register_is_read_in_the_course_s_words() -> None:
    """Blind train questions of the distributed-systems and Napoleon courses, refused or
    answered off the point for words that name nothing the notes could hold."""
    from rag.answer.question_forms import without_register
    from rag.answer.unknown import unused_words
    from rag.answer.wordforms import attested_forms

    # Chat shorthand the notes never write is read written out; the notes' own is kept.
    stats = TermStatistics(40, {"messag": 9, "ack": 3, "acknowledg": 2, "lamport": 4})
    assert attested_forms("msg", stats) == ["messag"]
    assert attested_forms("ack", stats) == ["ack"]
    assert unused_words("when a process receives a msg, how does Lamport update?", stats) == (
        "process",
        "receives",
        "update",
    )
    # Words that frame the question name nothing the notes lack.
    question = "why run zookeeper with 3 nodes? wouldn't 4 be safer"
    assert "wouldn't" not in unused_words(question, stats, limit=20)
    question = "why is lamport kinda dangerous? seems simple enough lol"
    assert unused_words(question, stats, limit=20) == ("dangerous", "simple")
    question = "how did lamport manage to win when he had hardly any messages left?"
    assert unused_words(question, stats, limit=20) == ("win", "left")
    # A name typed without its accents is the name the notes write: "who assasinated ito
    # hirobumi" of notes that say "Itō" (a blind train question of the Korea course).
    accented = TermStatistics(40, {"itō": 3, "hirobumi": 1})
    assert attested_forms("ito", accented) == ["itō"]
    # Idioms: "a big deal" asks why it is important; "back and forth", "a bunch of".
    assert without_register("why is aspern-essling such a big deal") == (
        "why is aspern-essling important"
    )
    assert without_register("why can't they keep sending acks back and forth?") == (
        "why can't they keep sending acks?"
    )
    assert without_register("a bunch of computers that look like one") == (
        "many computers that look like one"
    )
    # A feeling names nothing the notes say: "what were the 'three administrations' farmers
    # were so mad about" was refused for "mad" (a blind train question of the Korea course).
    assert without_register("what were the taxes farmers were so mad about in 1800") == (
        "what were the taxes farmers were about in 1800"
    )
    # Who gives a definition made it: "who came up with that definition of a distributed
    # system…" was refused beside "Andrew Tanenbaum and Maarten van Steen define…".
    maker = AnswerType(person=True, maker=True)
    assert holds(maker, "Andrew Tanenbaum and Maarten van Steen define a distributed system.")
    assert not holds(maker, "Protocols define how nodes agree.")


def test_a_when_question_is_answered_by_a_time_counted_from_an_event() -> None:
    # "When did the universe become transparent after the Big Bang?" (a check course)
    assert states_date("about 380,000 years: atoms form; the universe becomes transparent")
    assert states_date("It began about 13.8 billion years ago.")
    assert not states_date("It was trained on 3.3 billion tokens.")


def test_a_value_or_scale_question_asks_for_a_number() -> None:
    assert asks("What top-p value is usually used for nucleus sampling?").number
    assert asks("What guidance scale is recommended for classifier-free guidance?").number


def test_a_number_leading_a_compound_is_stated() -> None:
    # "It uses a 12-layer transformer decoder" answers "How many layers…"; "GPT-4" does not.
    assert holds(AnswerType(frozenset({"layer"}), number=True), "It uses a 12-layer decoder.")
    assert not holds(AnswerType(number=True), "GPT-4-turbo and GPT-4 write text.")


def test_a_number_written_as_a_word_is_stated() -> None:
    # A slide's speaker notes say "five times"; BLOOM's page "over a thousand scientists".
    needs_number = AnswerType(number=True)
    assert holds(needs_number, "The discriminator is trained five times per generator step.")
    assert holds(needs_number, "Over a thousand scientists worked on BLOOM.")
    assert not holds(needs_number, "BERT was one of the first foundation models.")


def test_a_range_states_its_numbers() -> None:
    # Course files write year ranges with a hyphen too; a "when" question must not be
    # refused for want of a number when the only unit says "2014-2017".
    needs_date = AnswerType(number=True, date=True)
    assert holds(needs_date, "GANs and VAEs appeared in 2014-2017.")
    assert holds(needs_date, "2014–2017: GANs & VAEs")
    assert not holds(needs_date, "GPT-4 and GPT-3 write text.")
    assert holds(AnswerType(number=True), "Trained for 10-12 days.")


def test_a_thing_to_define_with_a_word_the_notes_never_use_is_refused_by_name() -> None:
    """ "what is quorum sensing" was answered with a line on the "(+) sense strand", in
    notes that never say "quorum" (a student's probe of a blind course, session 55)."""
    from rag.answer.unknown import unknown_name

    stats = TermStatistics(10, {"sens": 2, "strand": 3, "doctrin": 2, "brezhnev": 1})
    passages = ["By convention, mRNA is the positive (+) sense strand."]
    assert unknown_name("what is quorum sensing", passages, stats) == "quorum sensing"
    assert unknown_name("what was quorum sensing", passages, stats) == "quorum sensing"
    assert unknown_name("what was the brezhnev doctrine", passages, stats) == ""


def test_a_name_no_passage_holds_is_not_answered_by_its_parts() -> None:
    """ "What does the Inception Score measure…?" found "Fréchet Inception Distance" and
    "FID score" (blind train question): each names half of it, none the thing itself."""
    from rag.answer.names import named_things
    from rag.answer.unknown import unknown_name

    passages = [METRICS, "Evaluation Methods: FID score, BLEU, human evaluation.", MODELS]
    assert unknown_name("What does the Inception Score measure?", passages) == "Inception Score"
    # Written otherwise than the material, a name whose words one passage holds is found.
    assert unknown_name("What is Claude 3 Opus good at?", passages) == ""
    assert named_things("Besides GPT, which models write text?") == []
    assert named_things("What Is The Inception Score?") == []  # Title Case names nothing
    assert named_things("How long is Claude 3 Opus's context window?") == ["Claude 3 Opus"]
    refused = decide(Evidence(0.5, 0.8, 5, unknown_name="Inception Score"), 0.27, 0.36)
    assert refused.abstain and refused.reason == "no passage names “Inception Score”"


def test_a_passage_that_names_a_formula_in_words_holds_it() -> None:
    """ "how many ATP and NADPH does the calvin cycle use per 3 CO2" was refused ("no
    passage names “3 CO2”") by notes that write "three molecules of carbon dioxide"."""
    from rag.answer.reading import named_formulas
    from rag.answer.unknown import unknown_name

    calvin = (
        "For every three molecules of carbon dioxide fixed, the cycle produces one net "
        "molecule of G3P and consumes nine ATP and six NADPH."
    )
    from rag.answer.asked import unit_terms

    question = "how many ATP and NADPH does the calvin cycle use per 3 CO2"
    assert {"co2", "3"} <= unit_terms(calvin), "the unit holds what the question names"
    assert "co2" not in unit_terms("Carbon fixation needs light.")
    assert unknown_name(question, [calvin]) == ""
    assert unknown_name(question, ["The cycle consumes nine ATP and six NADPH."]) == "3 CO2"
    # Notes that never write the formula are searched with the name they do write.
    frequency = {"carbon": 4, "dioxid": 3, "atp": 9}
    assert named_formulas(question, frequency).endswith("per 3 carbon dioxide")
    assert named_formulas(question, {**frequency, "co2": 2}) == question


def test_how_something_works_is_not_answered_by_a_line_about_something_else() -> None:
    """ "how does PPO work in RLHF" found "Reinforcement (RLAIF / RLHF): Optimize
    generations via feedback" (blind train question): about RLHF, silent on PPO."""
    from rag.answer.evidence import ScoredUnit
    from rag.answer.scope import explains

    (rlhf,) = split_units(0, "- Reinforcement (RLAIF / RLHF): Optimize generations via feedback.")
    weights = {"ppo": 5.0, "work": 0.9, "rlhf": 3.0}
    evidence = [ScoredUnit(rlhf, 0.4, 0.3, 0.3, weights)]
    assert not explains("how does PPO work in RLHF", evidence, weights)
    weights = {"rlhf": 3.0, "work": 0.9}
    evidence = [ScoredUnit(rlhf, 0.4, 0.3, 0.3, weights)]
    assert explains("How does RLHF work?", evidence, weights)


def test_a_filler_word_does_not_change_what_a_question_asks() -> None:
    from rag.answer.extractive import asks_definition

    assert asks_definition("what exactly is a foundation model?")
    assert asks_definition("So what's a VAE?")
    weights = question_weights("What exactly is a foundation model?", STATS)
    assert weights["exact"] < weights["foundat"] / 3  # both unused in STATS
    # Pronouns and "besides" say nothing of the subject; "include" frames like "list".
    weights = question_weights("What does it include besides fashion design itself?", STATS)
    assert not {"itself", "besid"} & weights.keys()
    assert weights["includ"] < weights["fashion"] / 3


def test_how_a_named_thing_works_is_not_answered_by_a_list_naming_it() -> None:
    """ "How does Tacotron turn text into speech?" found "Examples: Tacotron, WaveNet…",
    "How does Gaussian Splatting represent a 3D scene?" a line listing it (blind train)."""
    from rag.answer.evidence import ScoredUnit
    from rag.answer.scope import explains

    def best(text: str, weights: dict[str, float]) -> list[ScoredUnit]:
        return [ScoredUnit(split_units(0, text)[0], 0.4, 0.3, 0.3, weights)]

    weights = {"tacotron": 4.0, "turn": 1.5, "text": 1.0, "speech": 3.4}
    listing = "- Examples: Tacotron, WaveNet, ElevenLabs, Play.ht"
    assert not explains("How does Tacotron turn text into speech?", best(listing, weights), weights)
    weights = {"gaussian": 3.4, "splat": 3.4, "represent": 2.8, "3d": 2.8, "scene": 3.9}
    three_d = "- 3D and Spatial Generation: NeRF, Gaussian Splatting, spatial understanding."
    question = "How does Gaussian Splatting represent a 3D scene?"
    assert not explains(question, best(three_d, weights), weights)
    weights = {"gan": 3.0, "work": 0.9}
    gans = "- GANs: Two networks compete; the generator creates, the discriminator judges."
    assert explains("How do GANs work?", best(gans, weights), weights)


def _best(texts: list[str], weights: dict[str, float]) -> list[ScoredUnit]:
    """Units of Markdown ``texts`` as the evidence order, best first."""
    units = [u for i, text in enumerate(texts) for u in split_units(i, text)]
    return [ScoredUnit(u, 0.5 - i / 10, 0.3, 0.3, weights) for i, u in enumerate(units)]


_MAKERS = """## 14. Industry Leaders

| Organization | Contributions |
|---|---|
| Google DeepMind | Gemini, Imagen, MusicLM |
| Stability AI | Stable Diffusion, SDXL |
"""


def test_who_made_something_is_answered_by_a_row_labelled_by_maker_not_by_a_list() -> None:
    """ "Which company developed WaveNet?" found "Examples: Tacotron, WaveNet…" and "Who
    invented Gaussian Splatting?" a list naming it (blind train questions): a name as one
    item among others names no maker; a row under "Organization" does."""
    from rag.answer.scope import explains

    weights = {"wavenet": 4.0, "develop": 1.0}
    listing = "- Examples: Tacotron, WaveNet, ElevenLabs, Play.ht"
    assert not explains("which company developed WaveNet?", _best([listing], weights), weights)
    weights = {"gaussian": 3.4, "splat": 3.4, "invent": 2.0}
    three_d = "- 3D and Spatial Generation: NeRF, Gaussian Splatting, spatial understanding."
    assert not explains("Who invented Gaussian Splatting?", _best([three_d], weights), weights)
    # The generic list first, the maker's row among the best units: answered.
    weights = {"musiclm": 4.0, "made": 1.0}
    tools = "- Tools: AIVA, Amper Music, Google MusicLM"
    assert explains("Who made MusicLM?", _best([_MAKERS], weights), weights)
    assert explains("Who made MusicLM?", _best([tools, _MAKERS], weights), weights)


def test_who_founded_or_bought_something_needs_a_unit_that_speaks_of_founding() -> None:
    """A row pairing "Stability AI" with its models says who makes SDXL, not who founded
    Stability AI (blind train question)."""
    from rag.answer.question_forms import asked_relation
    from rag.answer.scope import explains

    assert asked_relation("Who founded Stability AI?") == "founded"
    assert asked_relation("Which company acquired Amper Music?") == "acquired"
    assert asked_relation("What did Stability AI fund?") == ""  # not a who-question
    weights = {"stabil": 4.0, "ai": 1.0, "found": 2.0}
    assert not explains("Who founded Stability AI?", _best([_MAKERS], weights), weights)
    founded = "Stability AI was founded by Emad Mostaque in 2019."
    assert explains("Who founded Stability AI?", _best([founded], weights), weights)


def test_what_a_named_thing_does_is_not_answered_by_a_list_naming_it() -> None:
    """ "What does the CLIPScore metric evaluate?" was answered with "Evaluation Metrics:
    BLEU, FID, CLIPScore, …" above "CLIPScore: Alignment of image and text semantics"
    (blind train question); with only lists naming the thing, it is refused."""
    from rag.answer.scope import explains

    stats = TermStatistics(20, {"clipscor": 1, "metric": 3, "evalu": 4, "align": 2})
    question = "What does the CLIPScore metric evaluate?"
    weights = question_weights(question, stats)
    listing = "| Component | Role |\n|---|---|\n| Evaluation Metrics | BLEU, FID, CLIPScore, human preference tests |"
    row = "| Metric | Evaluates |\n|---|---|\n| CLIPScore | Alignment of image and text semantics |"
    units = [u for i, text in enumerate([listing, row]) for u in split_units(i, text)]
    chosen = select_evidence(question, units, 2, stats)
    assert chosen[0].unit.text.startswith("CLIPScore: Alignment")
    assert not explains(question, _best([listing], weights), weights)
    assert explains(question, _best([row], weights), weights)


def test_how_something_works_is_not_answered_by_a_list_item_naming_it() -> None:
    """ "How does classifier-free guidance work in Stable Diffusion?" found "Diffusion Model
    Innovations: Advanced sampling, guidance techniques, …" (train)."""
    from rag.answer.scope import explains

    weights = {"classifi": 2.0, "free": 2.0, "guidanc": 4.0, "work": 0.9, "stabl": 2.5}
    listing = "- Diffusion Model Innovations: Advanced sampling, guidance techniques, efficient generation."
    question = "How does classifier-free guidance work in Stable Diffusion?"
    assert not explains(question, _best([listing], weights), weights)
    said = "In Stable Diffusion, guidance steers each denoising step towards the prompt."
    assert explains(question, _best([said], weights), weights)


@pytest.mark.parametrize(
    ("question", "weights", "listing"),
    [
        (  # "better than" (blind train question)
            "Is Mistral better than LLaMA 3 at code generation?",
            {"better": 5.0, "mistral": 2.8, "llama": 2.5, "code": 1.7},
            "- Open Source LLMs: LLaMA 2/3, Mistral, Falcon, community-driven development.",
        ),
        (  # a choice between two names (blind train question)
            "should i learn LoRA or QLoRA first if i only have one GPU?",
            {"lora": 3.0, "qlora": 3.5, "learn": 1.0, "gpu": 2.0},
            "- Fine-tuning Techniques: LoRA, QLoRA, parameter-efficient methods.",
        ),
    ],
)
def test_a_comparison_or_choice_is_not_answered_by_a_list_naming_both(
    question: str, weights: dict[str, float], listing: str
) -> None:
    """Both were answered with the list line that names the two sides and tells them apart
    nowhere."""
    from rag.answer.question_forms import asks_to_compare
    from rag.answer.scope import explains

    assert asks_to_compare(question)
    assert not explains(question, _best([listing], weights), weights)


def test_what_asks_to_compare_or_choose() -> None:
    from rag.answer.question_forms import asks_to_compare

    assert asks_to_compare("Would you recommend Midjourney V6 over DALL-E 3 for a book?")
    assert not asks_to_compare("Which models write better code?")
    # Examples a question gives are no choice.
    assert not asks_to_compare("How do tools like DALL·E or Midjourney learn to draw?")
    assert not asks_to_compare("Is Make-A-Video open source?")


def test_where_a_company_is_based_needs_a_unit_that_says_so() -> None:
    """ "Where is Runway ML, the maker of Gen-2 and Gen-3, headquartered?" was answered with
    the row "Runway ML: Gen‑2, Gen‑3 for video" (blind train question)."""
    from rag.answer.scope import explains

    weights = {"runway": 3.0, "ml": 2.0, "headquart": 5.0}
    question = "Where is Runway ML headquartered?"
    assert not explains(
        question, _best([_MAKERS.replace("Stability AI", "Runway ML")], weights), weights
    )
    based = "Runway ML is headquartered in New York."
    assert explains(question, _best([based], weights), weights)
    # Who runs a company is a relation too.
    assert asked_relation("who directed the Stanford institute?") == "directed"


def test_where_someone_was_born_needs_a_unit_that_names_a_place() -> None:
    """ "where was napoleon born, corsica right? what year" was answered with "Children
    born outside marriage: near-equal inheritance…" (a blind train question of the
    Napoleon course, whose notes never say where he was born)."""
    from rag.answer.scope import explains

    weights = {"napoleon": 1.0, "born": 3.6, "corsica": 5.2}
    question = "where was napoleon born, corsica right? what year"
    civil_code = "Children born outside marriage: near-equal inheritance; paternity suits."
    assert not explains(question, _best([civil_code], weights), weights)
    birth = "Napoleon was born at Ajaccio in 1769."
    assert explains(question, _best([birth], weights), weights)
    # A place the student guesses may be the answer; what is placed is not a place.
    assert explains(question, _best(["He was born in Corsica."], weights), weights)
    assert not explains(question, _best(["Born to Napoleon: a son."], weights), weights)


def test_questions_for_a_percentage_or_a_future_requirement_ask_for_what_they_name() -> None:
    """Blind train questions: "By what percentage is generative AI projected to raise
    global GDP…" found a timeline row with years; "What will the EU AI Act require…" the
    list "Regulation (EU AI Act, national AI policies)"."""
    from rag.answer.question_forms import asks_mechanism, asks_who

    assert asks("By what percentage is generative AI projected to raise GDP by 2032?").number
    assert asks_mechanism("What will the EU AI Act require from video providers?")
    assert asks_who("According to the future outlook, which company will ship it first?")
    assert not asks_who("According to the course, what is a GAN?")


def test_a_yes_no_question_about_a_name_needs_a_unit_that_says_something_of_it() -> None:
    from rag.answer.question_forms import described_names

    assert described_names("Does Runway Gen-3 generate an audio track?") == {"runway", "gen-3"}
    assert described_names("Is it open source?") == frozenset()
    # The thing a yes/no question asks about, listed among others, says nothing of it.
    needs = AnswerType(described=frozenset({"gen-3"}))
    assert not holds(needs, "Video Models: Sora, Gen-2, Gen-3, Pika.")
    assert holds(needs, "Gen-3 generates video with a synchronised audio track.")


def test_a_one_word_name_the_material_never_uses_is_refused_by_name() -> None:
    """ "What does the course say about Kling as a text-to-video model?" was answered with
    a line of text-to-video models (blind train question)."""
    from rag.answer.unknown import unknown_name

    stats = TermStatistics(10, {"text-to-video": 2, "model": 9, "cours": 3, "sora": 1})
    question = "What does the course say about Kling as a text-to-video model?"
    assert unknown_name(question, ["Text-to-Video Models: Sora, Pika."], stats) == "Kling"
    assert unknown_name("What does the course say about Sora?", [], stats) == ""
    # A capitalised first word is the sentence's, and Title Case names nothing.
    assert unknown_name("Kling: what is it?", [], stats) == ""
    assert unknown_name("What Is Kling About?", [], stats) == ""
    # A part of the course is no name (blind train question).
    assert unknown_name("In the Section V topic list, which model is named?", [], stats) == ""


def test_words_a_virology_student_shortens_are_read_as_the_notes_write_them() -> None:
    """A probe of a blind virology course: "SARS", "hep C" and "flu" were refused as
    names no passage gives, though the notes write "SARS-CoV", hepatitis, influenza."""
    from rag.answer.unknown import unknown_name
    from rag.answer.wordforms import attested_variant
    from rag.retrieval.keyword import tokenize
    from rag.retrieval.synonyms import synonym_group

    stats = TermStatistics(90, {"sars-cov": 4, "sars-cov-2": 6, "death": 3, "hepat": 5})
    assert attested_variant("sar", stats) == "sars-cov-2"  # a part of a hyphenated name
    assert attested_variant("cov", TermStatistics(9, {"coverag": 2})) == "cov"  # still short
    notes = ["SARS-CoV emerged in late 2002, causing about 8,000 cases and 774 deaths."]
    asked = "how many deaths did the original SARS outbreak cause"
    assert unknown_name(asked, notes, stats) == ""
    assert unknown_name("how many deaths did MERS cause", notes, stats) == "MERS"
    assert synonym_group("flu") == synonym_group("influenza") is not None
    assert synonym_group("hep") == synonym_group(tokenize("hepatitis")[0]) is not None


def test_a_how_is_it_measured_question_asks_for_the_metrics() -> None:
    """ "how do you measure how realistic generated images are" quoted "Image Generation:
    Creates realistic…"; the notes head what measures it "Evaluation Metrics"."""
    stats = TermStatistics(76, {"realist": 3, "imag": 20, "metric": 2, "measur": 4})
    weights = question_weights("how do you measure how realistic generated images are", stats)
    assert "metric" in weights
    assert "metric" not in question_weights("how realistic are generated images", stats)


def test_who_found_one_thing_is_not_answered_by_who_found_another() -> None:
    """ "who discovered prions" (virology) passed on "Several of their tricks were first
    discovered in viruses", a line of making about something else."""
    from rag.answer.scope import explains

    stats = TermStatistics(90, {"prion": 1, "discov": 6, "trick": 1, "virus": 60})
    question = "who discovered prions"
    text = (
        "Beyond viruses lie prions (misfolded proteins), which are not covered here. "
        "Several of their tricks were first discovered in viruses.\n"
    )
    weights = question_weights(question, stats)
    assert not explains(
        question, select_evidence(question, split_units(0, text), 1, stats), weights
    )
    found = text + "Stanley Prusiner discovered prions in 1982.\n"
    assert explains(question, select_evidence(question, split_units(0, found), 1, stats), weights)


def test_a_year_the_question_gives_does_not_have_to_be_asked_again() -> None:
    """ "how many people died in the 1918 flu" (virology) was refused once a number had to
    come from a unit holding the question's key words: "1918" was the only one, and the
    1918 row states "About 50 million" deaths."""
    stats = TermStatistics(90, {"1918": 1, "death": 3, "peopl": 5, "influenza": 6})
    question = "how many people died in the 1918 flu"
    text = (
        '- 1918 "Spanish": H1N1 (estimated deaths: About 50 million)\n'
        "- About 39 million people live with HIV.\n"
    )
    weights = question_weights(question, stats)
    ranked = select_evidence(question, split_units(0, text, "Influenza pandemics"), 1, stats)
    assert answer_found(question, weights, stats, ranked)


def test_a_short_question_naming_a_thing_in_capitals_is_not_title_case() -> None:
    """ "What was the XYZ Affair?" was read as typed in Title Case, so its name counted for
    nothing, and "Indian affairs" answered it (a student's probe of a history course)."""
    from rag.answer.unknown import unknown_name

    stats = TermStatistics(10, {"affair": 2, "indian": 1, "power": 3})
    passages = ["Powers granted: War and peace, diplomacy, Indian affairs, borrowing"]
    assert unknown_name("What was the XYZ Affair?", passages, stats) == "XYZ Affair"
    assert unknown_name("What Was The XYZ Affair?", passages, stats) == ""  # Title Case


def test_what_a_question_asks_for_or_to_treat_with_an_unused_word_is_refused_by_name() -> None:
    """ "What is the normal haemoglobin concentration in adult blood?" and "What drugs are
    used to treat atrial fibrillation?" were answered with blood pressures and digoxin, in
    notes that never say "haemoglobin" or "fibrillation" (a student's probe)."""
    from rag.answer.unknown import unknown_name

    stats = TermStatistics(
        10, {"normal": 2, "concentr": 1, "adult": 1, "blood": 5, "drug": 2, "treat": 1,
             "atrial": 3, "oedema": 1, "eject": 2, "fraction": 2},
    )  # fmt: skip
    passages = ["In a healthy young adult aortic pressure swings between 120 and 80 mmHg."]
    asked = "What is the normal haemoglobin concentration in adult blood?"
    assert unknown_name(asked, passages, stats) == "normal haemoglobin concentration"
    asked = "What drugs are used to treat atrial fibrillation?"
    assert unknown_name(asked, passages, stats) == "atrial fibrillation"
    for covered in ("What is the normal ejection fraction in adults?", "What causes oedema?"):
        assert unknown_name(covered, passages, stats) == ""
    # A student's own head word, or an everyday one before it, is no unknown thing.
    for worded in (
        "What is the main takeaway of the notes?",
        "What is the big change in the ejection fraction of athletes?",
    ):
        assert unknown_name(worded, passages, stats) == ""


def test_the_subject_a_what_question_asks_something_of_is_refused_when_never_named() -> None:
    """ "What hormones does the thymus gland produce?" was answered with the pituitary's
    cell types, of endocrinology notes that never name the thymus (a student's probe)."""
    from rag.answer.unknown import unknown_name

    stats = TermStatistics(10, {"hormon": 8, "gland": 5, "produc": 4, "pituitari": 3})
    passages = ["Each anterior pituitary hormone is produced by a distinct cell type."]
    assert unknown_name("What hormones does the thymus gland produce?", passages, stats) == (
        "thymus"
    )
    assert unknown_name("What hormones does the pituitary produce?", passages, stats) == ""
    # An everyday word of the student's own is no unknown subject.
    assert unknown_name("Which hormone does the body make most?", passages, stats) == ""


def test_a_year_before_a_name_dates_it_and_an_acronym_written_out_is_named() -> None:
    """ "What does 'dual power' mean in 1917 Russia?" was refused for "1917 Russia", and
    "How did the tax in kind under the NEP work for peasants?" because the units under
    "The New Economic Policy" never write "NEP" (a student's probe of a history course)."""
    from rag.answer.names import named_things
    from rag.answer.scope import _spells_out

    assert named_things("What does dual power mean in 1917 Russia?") == []
    assert named_things("What happened in 1917 Petrograd Soviet meetings?") == ["Petrograd Soviet"]
    tax = EvidenceUnit(
        0, 0, 60, "Tax in kind (prodnalog): requisitioning was replaced by a fixed tax.",
        "list_item", context="Part Two > 8. The New Economic Policy",
    )  # fmt: skip
    question = "How did the tax in kind under the NEP work for peasants?"
    assert _spells_out(tax, {"nep"}, question)
    assert not _spells_out(tax, {"nep"}, "How did the tax in kind under the SRs work?")


def test_an_unused_everyday_word_or_a_synonym_of_the_notes_word_is_no_unknown_name() -> None:
    """ "How is the front part of the pituitary different from the back part?" and "Why do
    boys get colour blindness…?" were refused by notes that say "anterior" and "males"
    (students' probes): "front" and "boys" are read as those words, and an everyday word
    with no such group ("kids") is the student's wording, not a subject the notes lack."""
    from rag.answer.unknown import unknown_name

    stats = TermStatistics(
        20, {"hormon": 9, "gland": 4, "produc": 3, "pituitari": 6, "part": 2, "differ": 2,
             "colour": 1, "blind": 1, "often": 2, "male": 2, "anterior": 3, "posterior": 3},
    )  # fmt: skip
    passages = ["The anterior pituitary makes six hormones; the posterior stores two."]
    for worded in (
        "How is the front part of the pituitary different from the back part?",
        "Why do boys get colour blindness so much more often than girls?",
        "Why do kids get colour blindness so often?",
    ):
        assert unknown_name(worded, passages, stats) == ""
    # A term the notes never use is still named.
    assert unknown_name("How does the thyroxine gland work?", passages, stats) == "thyroxine"


def test_what_the_thing_is_asked_of_names_it_when_the_notes_never_do() -> None:
    """ "What is the normal resting heart rate of a giraffe?" was answered with the human
    "60–80 beats/min" (a student checking the app): the notes never name a giraffe."""
    from rag.answer.unknown import unknown_name

    stats = TermStatistics(20, {"normal": 3, "rest": 4, "heart": 9, "rate": 6, "note": 2})
    passages = ["Resting heart rate is 60–80 beats/min because vagal tone dominates."]
    asked = "What is the normal resting heart rate of a giraffe?"
    assert unknown_name(asked, passages, stats) == "giraffe"
    assert unknown_name("What is the normal resting heart rate?", passages, stats) == ""
    # An everyday word is the student's wording, and "the notes" their own reference.
    assert unknown_name("What is the normal resting heart rate of a man?", passages, stats) == ""
    assert unknown_name("What is the normal heart rate of the course?", passages, stats) == ""


def test_the_notes_saying_they_do_not_cover_it_is_a_refusal_with_that_line() -> None:
    """ "How do immunosuppressant drugs stop a transplanted kidney from being rejected?"
    was answered with the notes' own "…but transplant immunology itself is beyond the
    scope of these notes [1]." (a student's probe of an immunology course)."""
    from rag.answer.scope import said_out_of_scope

    beyond, taught = split_units(
        0,
        "MHC molecules cause grafts to be rejected, but transplant immunology itself is "
        "beyond the scope of these notes. HLA matching is central to transplantation.",
    )
    weights = {"transplant": 3.0, "reject": 2.0}
    line = said_out_of_scope(_best([beyond.text, taught.text], weights))
    assert line.endswith("beyond the scope of these notes.")
    decision = decide(
        Evidence(strength=0.6, term_coverage=0.9, n_passages=5, out_of_scope=line), 0.27, 0.5
    )
    assert decision.abstain and decision.reason.startswith("the notes say they do not cover it")
    assert said_out_of_scope(_best([taught.text, beyond.text], weights)) == ""
    # Below the best, when it alone holds the heaviest word asked: "How does the liver
    # break down alcohol?" was answered with glycogen (a student's probe of a nutrition
    # course) beside "Alcohol … its metabolism is beyond the scope of these notes".
    glycogen = "As insulin falls, the liver breaks down glycogen."
    alcohol = "Alcohol supplies 7 kcal per gram; its metabolism is beyond the scope of these notes."
    asked = {"alcohol": 4.1, "break": 3.3, "liver": 1.5}
    assert said_out_of_scope(_best([glycogen, alcohol], asked)) == alcohol


def test_the_day_and_year_of_a_date_are_no_quantity() -> None:
    # "How many men were killed at the Battle of Bosworth?" (the notes give no number) was
    # answered with "22 August — the Battle of Bosworth…": its 22 read as a count (a
    # student's probe of a Tudor England course); "24 May 1337" read as two counts.
    assert quantities("22 August — the Battle of Bosworth. Richard is killed.") == set()
    assert quantities("On 24 May 1337 Philip declared Gascony confiscated.") == set()
    assert quantities("August 22, 1485") == set()
    assert quantities("8,000 men died on 22 August") == {"8,000"}
    assert quantities("A March of 300 miles") == {"300"}


def test_a_short_sentence_naming_the_one_before_is_dated_by_it() -> None:
    # "On what date is the war usually said to have started?" was refused (a student's
    # probe of a Hundred Years' War course): "This is the conventional start of the war."
    # states no date; the sentence before it does.
    from rag.answer.extractive import choose_units

    stats = TermStatistics(50, {"start": 1, "date": 2, "war": 30, "usual": 3, "said": 4})
    text = (
        "Other irritants accumulated in the Channel ports. On 24 May 1337 Philip declared "
        "Gascony confiscated. This is the conventional start of the war.\n"
    )
    units = split_units(0, text, "4. The slide to war")
    question = "On what date is the war usually said to have started?"
    ranked = select_evidence(question, units, 1, stats)
    assert ranked[0].unit.text == "This is the conventional start of the war."
    assert answer_found(question, question_weights(question, stats), stats, ranked)
    chosen = choose_units(question, ranked, units).units
    assert chosen[0].text.startswith("On 24 May 1337")
    assert chosen[1].text.endswith("This is the conventional start of the war.")
