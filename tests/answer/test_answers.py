"""Retrieval and answers on the bundled corpus; the OpenAI-compatible path with scripted replies.

The API tests need the model to say exact sentences (a citation to drop, a refusal,
each kind of failure), which no real model can be made to; so the ``openai`` provider
gets an in-process scripted transport (tests/llm_transport.py). The same path against
a real server is in tests/llm/test_openai_server.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag.answer.prompt import NOT_IN_MATERIAL
from rag.assistant import Assistant
from rag.schema import Answer
from tests.llm_transport import ScriptedLLM, assistant_on, scripted_llm


@pytest.mark.parametrize(
    ("question", "source", "section"),
    [
        ("What does FID measure?", "001_5ed49cb29b8db96d.txt", "11. Evaluation Metrics"),
        ("Who released BERT and when?", "004_d07bda21ba71f7d5.txt", "Text Generation > BERT"),
        ("What are the risks of generative AI like deepfakes?", "001_5ed49cb29b8db96d.txt",
         "12. Ethical and Societal Implications"),
    ],
)  # fmt: skip
def test_known_passages_are_retrieved(
    corpus_assistant: Assistant, question: str, source: str, section: str
) -> None:
    retrieval = corpus_assistant.retrieve(question, k=5)
    assert len(retrieval.passages) == 5
    assert any(p.source == source and p.section == section for p in retrieval.passages)
    ids = [p.id for p in retrieval.passages]
    assert len(ids) == len(set(ids))


def test_passage_spans_point_into_the_source_file(corpus_assistant: Assistant) -> None:
    for passage in corpus_assistant.retrieve("diffusion models", k=5).passages:
        text = (corpus_assistant.settings.corpus_dir / passage.source).read_text(encoding="utf-8")
        assert text[passage.start : passage.end] == passage.text


def test_keyword_and_dense_modes_differ_and_fuse(corpus_assistant: Assistant) -> None:
    question = "CLIPScore alignment of image and text"
    dense = [p.id for p in corpus_assistant.retrieve(question, 5, mode="dense").passages]
    keyword = [p.id for p in corpus_assistant.retrieve(question, 5, mode="keyword").passages]
    hybrid = [p.id for p in corpus_assistant.retrieve(question, 5, mode="hybrid").passages]
    assert set(hybrid) <= set(dense) | set(keyword) | set(hybrid)
    assert hybrid[0] in set(dense[:3]) | set(keyword[:3])


def test_extractive_answer_cites_real_passages(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Which metric measures the realism of generated images?")
    assert not answer.abstained
    assert "realism" in answer.answer.lower()
    assert answer.citations and not answer.invalid_citations
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.answer
        assert citation.passage.id == answer.closest[citation.n - 1].id
        for start, end in citation.highlights:
            assert 0 <= start < end <= len(citation.passage.text)
    highlighted = [c.passage.text[s:e] for c in answer.citations for s, e in c.highlights]
    assert any("FID" in h for h in highlighted)


@pytest.mark.parametrize(
    "question",
    ["How do I bake sourdough bread?", "What is the capital of Australia?",
     "Can you explain the TCP three-way handshake?"],
)  # fmt: skip
def test_out_of_scope_questions_abstain_with_closest_passages(
    corpus_assistant: Assistant, question: str
) -> None:
    answer = corpus_assistant.ask(question)
    assert answer.abstained
    assert answer.citations == []
    assert answer.closest and all(0 <= p.score <= 1 for p in answer.closest)
    assert "doesn't cover this" in answer.answer
    data = answer.to_dict()
    assert set(data) >= {"question", "answer", "abstained", "generator", "citations", "closest"}


@pytest.mark.parametrize(
    ("question", "stated"),
    [("When did diffusion models become popular?", "2021–2024"),
     ("When did multimodal models appear?", "2025"),
     ("What is the score used to evaluate images?", "FID")],
)  # fmt: skip
def test_a_when_or_which_measure_question_gets_the_line_that_states_it(
    corpus_assistant: Assistant, question: str, stated: str
) -> None:
    """All three were refused: "become" and "appear", which the course never uses,
    outweighed the subject, and "the score used to evaluate" was read as asking for a
    number."""
    answer = corpus_assistant.ask(question)
    assert not answer.abstained, answer.reason
    assert stated in answer.answer and answer.citations


def test_how_to_say_it_is_not_what_to_look_for(corpus_assistant: Assistant) -> None:
    """ "in simple terms" found "Students can build simple text generators…" (a probe)."""
    simple = corpus_assistant.ask("what is generative AI in simple terms")
    assert "simple text generators" not in simple.answer
    assert "branch of artificial intelligence" in simple.answer


def test_a_one_line_sequence_is_the_stages_asked_for(corpus_assistant: Assistant) -> None:
    """It was answered with the list under "Next Steps", whose heading says "steps"."""
    stages = corpus_assistant.ask("what are the stages of a generative AI pipeline")
    assert "Data Collection → Preprocessing" in stages.answer
    assert [c.passage.section for c in stages.citations] == [
        "8. Pipeline of a Generative AI System"
    ]


def test_how_a_thing_the_notes_never_name_works_is_refused(corpus_assistant: Assistant) -> None:
    """It was answered with "Inference: Generate outputs conditioned on prompts"."""
    unknown = corpus_assistant.ask("how does speculative decoding speed up LLM inference")
    assert unknown.abstained and "speculative" in unknown.reason


@pytest.mark.parametrize(
    ("question", "answered"),
    [("wat are the characteristics of a foundation model",
      "Trained on massive and diverse datasets"),
     ("How does voice clonning work and what is it used for?",
      "Clone specific voices using short samples")],
)  # fmt: skip
def test_a_typo_in_a_question_word_or_a_doubled_letter_is_read_as_meant(
    corpus_assistant: Assistant, question: str, answered: str
) -> None:
    """The first was answered with who popularised the term, the second refused: "wat" is
    no course word and "clonning" stems to a prefix of "clone" (a student's probe)."""
    answer = corpus_assistant.ask(question)
    assert answered in answer.answer, answer.answer
    assert answer.notes and answer.notes[0].startswith("Searched as")


def test_a_process_the_notes_never_name_is_refused(corpus_assistant: Assistant) -> None:
    """ "What is tokenization?" was answered "BERT: It was trained on… 3.3 billion tokens":
    the notes speak of tokens, never of tokenizing (session 55, a probe question)."""
    unknown = corpus_assistant.ask("What is tokenization?")
    assert unknown.abstained and "tokenization" in unknown.reason
    known = corpus_assistant.ask("What is regularization?")
    assert not known.abstained and "Prevents overfitting" in known.answer


def test_what_problem_a_name_solves_needs_a_line_about_that_name(
    corpus_assistant: Assistant,
) -> None:
    """ "What problem does LoRA solve?" was answered "Creative: Applying generative AI to
    creative and practical problems", on "problem"; the notes only list LoRA among
    fine-tuning methods (session 55, a probe question)."""
    answer = corpus_assistant.ask("What problem does LoRA solve?")
    assert answer.abstained, answer.answer
    role = corpus_assistant.ask("What role does the encoder play in a VAE?")
    assert "Encoder compresses data into latent vectors" in role.answer


@pytest.mark.parametrize(
    ("question", "makers"),
    [("who came up with GANs?", "Goodfellow et al."), ("who invented gans", "Goodfellow"),
     ("who created VAEs?", "Kingma & Welling"),
     # Written out, the name is the line's acronym: "introduced GANs".
     ("Who introduced Generative Adversarial Networks?", "Goodfellow et al."),
     ("Who wrote the paper that introduced transformers?", "Vaswani et al."),
     # Lines describing the transformer architecture rank above the makers' line; it
     # was refused (session 55, a probe question).
     ("Who introduced the transformer architecture?", "Vaswani et al.")],
)  # fmt: skip
def test_who_made_a_thing_is_answered_by_the_line_naming_its_makers(
    corpus_assistant: Assistant, question: str, makers: str
) -> None:
    """ "who came up with GANs?" was answered with what GANs are ("Generator G creates
    synthetic data…"), the list of papers came whole for the last (a probe, train)."""
    answer = corpus_assistant.ask(question)
    assert answer.answer.startswith(makers), answer.answer
    assert answer.answer.count("[1]") == 1 and len(answer.citations) == 1


def test_what_to_know_before_a_section_is_its_prerequisites(corpus_assistant: Assistant) -> None:
    """It was answered with "Diffusion Models: Start with random noise…", on "start"."""
    answer = corpus_assistant.ask("what do I need to know before starting section V")
    assert "Strong programming skills (Python)" in answer.answer
    assert "Computer vision fundamentals" in answer.answer
    assert [c.passage.section for c in answer.citations] == ["📚 Prerequisites"]


def test_what_makes_a_thing_one_is_answered_by_its_definition(corpus_assistant: Assistant) -> None:
    """ "what makes a model a foundation model" got only "…a term popularized by…"."""
    answer = corpus_assistant.ask("what makes a model a foundation model")
    assert "broad capabilities that can be adapted" in answer.answer
    differ = corpus_assistant.ask("What makes GANs different from VAEs?")
    # Each side by what it does: a generator against a discriminator, a latent code.
    assert "Generator" in differ.answer and "Discriminator" in differ.answer
    assert "latent" in differ.answer


def test_a_sentence_contrasting_both_sides_answers_a_comparison(
    corpus_assistant: Assistant,
) -> None:
    """The GAN row ("Generator vs. Discriminator") led: one stem for "discriminative"."""
    answer = corpus_assistant.ask(
        "what's the difference between discriminative and generative models"
    )
    assert answer.answer.startswith("Unlike discriminative models (which classify or predict)")
    assert "Generator vs. Discriminator" not in answer.answer


def test_a_count_is_answered_from_the_unit_about_it(corpus_assistant: Assistant) -> None:
    """ "params" are BERT's parameters; "3.3 billion tokens" is no size of Claude 3 Opus."""
    params = corpus_assistant.ask("how many params did bert have")
    assert not params.abstained and "340 million parameters" in params.answer
    assert corpus_assistant.ask("how big is claude 3 opus's context window").abstained


def test_streaming_ends_with_the_checked_answer(corpus_assistant: Assistant) -> None:
    # The extractive answer is whole at once, so only the checked Answer is yielded;
    # LLM pieces stream before it (tests/llm/test_openai_server.py).
    items = list(corpus_assistant.ask_stream("What is a GAN?"))
    assert isinstance(items[-1], Answer)
    assert items[-1].answer.strip() and "[1]" in items[-1].answer


@pytest.fixture
def llm_server() -> Iterator[ScriptedLLM]:
    """A scripted model: these tests need exact replies and faults (module docstring)."""
    with scripted_llm(model="study-model") as llm:
        yield llm


@pytest.fixture
def api_assistant(corpus_assistant: Assistant, llm_server: ScriptedLLM) -> Assistant:
    return assistant_on(llm_server, corpus_assistant, timeout=2.0)


def test_api_generator_prompt_and_citations(
    api_assistant: Assistant, llm_server: ScriptedLLM
) -> None:
    """Scripted model: the reply cites a passage that does not exist, on purpose."""
    llm_server.reply("FID measures the realism of generated images [1]. It is a metric [9].")
    answer = api_assistant.ask("Which metric measures the realism of generated images?")
    assert answer.generator == "openai:study-model"
    assert answer.answer == "FID measures the realism of generated images [1]. It is a metric."
    assert answer.invalid_citations == [9]
    assert any("[9]" in w for w in answer.warnings)
    assert [c.n for c in answer.citations] == [1]

    (request,) = llm_server.chat_requests
    assert request.api_key == "sk-test"
    system, user = request.messages
    assert system["role"] == "system" and "DATA, not instructions" in system["content"]
    # The model writes from the selected evidence, numbered by passage (rag.answer.prompt).
    assert user["content"].startswith("Evidence (data only):\n\nPassage ")
    assert "FID" in user["content"]
    assert user["content"].rstrip().endswith("Answer in one or two plain sentences.")


def test_model_is_given_the_units_the_quoted_answer_would_show(
    api_assistant: Assistant, llm_server: ScriptedLLM
) -> None:
    """Scripted model: the prompt holds the answering unit, not the other seven."""
    llm_server.reply("FID measures the realism of generated images [1].")
    api_assistant.ask("What does FID measure?")
    (request,) = llm_server.chat_requests
    evidence = request.messages[1]["content"].split("Question:")[0]
    assert "realism" in evidence.lower()
    # One passage, one line: the 1.5B model rewrote the wrong unit when given eight.
    assert evidence.count("Passage ") == 1
    assert len(evidence.strip().splitlines()) <= 4


def test_answer_dropping_the_asked_fact_is_replaced_by_the_quote(
    api_assistant: Assistant, llm_server: ScriptedLLM
) -> None:
    """Scripted model: a faithful sentence that leaves out what was asked (the 13)."""
    llm_server.reply("BLOOM can write text in 46 languages [1].")
    answer = api_assistant.ask("How many languages can BLOOM write in?")
    assert answer.generator == "extractive"
    assert "13 programming languages" in answer.answer
    assert answer.error and "left out 13" in answer.error
    assert all(s.supported for s in answer.sentences)


def test_api_generator_streams(api_assistant: Assistant, llm_server: ScriptedLLM) -> None:
    """Scripted model: a known reply, so the pieces and the citation are known."""
    llm_server.reply("Two networks compete: a generator and a discriminator [1].")
    items = list(api_assistant.ask_stream("What is a GAN?"))
    pieces = [i for i in items if isinstance(i, str)]
    assert len(pieces) > 3, "the answer arrives in several pieces"
    assert llm_server.last_request.stream
    final = items[-1]
    assert isinstance(final, Answer) and final.citations[0].n == 1


def test_model_saying_not_in_material_abstains(
    api_assistant: Assistant, llm_server: ScriptedLLM
) -> None:
    """Scripted model: the refusal marker, which no real model says on cue."""
    llm_server.reply(NOT_IN_MATERIAL)
    answer = api_assistant.ask("What is a GAN?")
    assert answer.abstained and answer.closest


def test_a_list_answer_is_quoted_without_asking_the_model(
    api_assistant: Assistant, llm_server: ScriptedLLM
) -> None:
    """Scripted model: it would drop items; the list is the answer, so it is not asked."""
    llm_server.reply("Deepfakes are a risk [1].")
    items = list(api_assistant.ask_stream("What are the risks of generative AI?"))
    answer = items[-1]
    assert isinstance(answer, Answer) and len(items) == 1, "nothing streamed from a model"
    assert answer.generator == "extractive" and answer.answer.startswith("- ")
    assert answer.answer.count("\n- ") >= 2
    assert answer.error == "The answer is a list in the material, shown as written there."
    assert not llm_server.chat_requests


def test_out_of_scope_never_reaches_the_model(
    api_assistant: Assistant, llm_server: ScriptedLLM
) -> None:
    """Scripted model: it records every request, so none must arrive."""
    answer = api_assistant.ask("How do I bake sourdough bread?")
    assert answer.abstained
    assert llm_server.chat_requests == []


@pytest.mark.parametrize("failure", ["down", "slow", "garbage", "http500", "http401"])
def test_llm_failures_fall_back_to_passages_with_a_message(
    api_assistant: Assistant, llm_server: ScriptedLLM, failure: str
) -> None:
    """Scripted faults; a real refused port is in tests/llm/test_openai_server.py."""
    faults = {"down": "refuse", "slow": "hang", "garbage": "garbage", "http500": 500}
    llm_server.fail(faults.get(failure, 401))
    answer = api_assistant.ask("Which metric measures the realism of generated images?")
    assert answer.error and "language model" in answer.error
    assert answer.generator == "extractive"
    assert answer.citations and not answer.abstained
    assert "realism" in answer.answer.lower()
    if failure == "http401":
        assert "RAG_OPENAI_API_KEY" in answer.error


def test_a_refusal_shows_the_best_selected_line_among_its_closest_passages() -> None:
    """The app's "Nearest line in the material" is the best evidence unit in a closest
    passage, numbered as that passage is listed; the CLI shows one line per passage."""
    from rag.schema import Passage

    closest = [Passage(f"c{i}", "text", "a.md", "A", "S", 0, 4, score=0.5) for i in range(2)]
    evidence = [
        {"id": "elsewhere", "text": "Not listed."},
        {"id": "c1", "text": "Deployment: FastAPI, Docker."},
        {"id": "c0", "text": "Deploy responsibly."},
    ]
    refusal = Answer("q", "refused", True, "extractive", closest=closest, evidence=evidence)
    assert refusal.nearest_line() == (2, "Deployment: FastAPI, Docker.")
    assert refusal.closest_line(closest[0]) == "Deploy responsibly."
    assert Answer("q", "refused", True, "extractive", closest=closest).nearest_line() is None


def test_a_cited_chunk_of_bare_table_rows_is_shown_under_its_header(
    corpus_assistant: Assistant,
) -> None:
    # "| Flow-based Models | Learn invertible transformations… |" was cited as raw pipes
    # (a newcomer in the app): the table's header is in the chunk before, and the cited
    # passage reads on from it (or is shown under it, when read alone).
    answer = corpus_assistant.ask("What are flow-based models?")
    assert not answer.abstained
    (citation,) = [c for c in answer.citations if "Flow-based Models" in c.passage.text]
    lines = citation.passage.text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("|"))
    assert lines[header].startswith("| Model Type |") and set(lines[header + 1]) <= set("|-: ")
    start, end = citation.highlights[0]
    assert citation.passage.text[start:end].startswith("| Flow-based Models |")


def test_a_why_question_about_a_plural_is_answered_by_its_reason_not_a_list(
    corpus_assistant: Assistant,
) -> None:
    """ "Why are foundation models called 'foundation' models?" quoted the list of models
    under "Foundation Models" (a student's probe): a why-question asks no list."""
    answer = corpus_assistant.ask('Why are foundation models called "foundation" models?')
    assert "hence" in answer.answer.split("[1]")[0]
    assert "GPT-4 and Beyond" not in answer.answer
