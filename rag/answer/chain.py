"""The answer chain: retrieve -> decide -> generate -> map citations.

Built from LangChain runnables so each step is a plain function that can be tested
alone. ``stream_answer`` runs the same steps but yields the generator's pieces as
they arrive, for the chat UI.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.runnables import Runnable, RunnableBranch, RunnableLambda

from rag.answer.acronyms import asked_acronym, expansion_sentence, spelled_out
from rag.answer.asked import asked_detail, question_coverage, question_weights
from rag.answer.citations import (
    StreamingRenumberer,
    attribute_uncited,
    check_citations,
    claim_terms,
    claims_by_citation,
    compact_citations,
    highlight_spans,
    renumber_citations,
)
from rag.answer.decide import Decision, Evidence, decide
from rag.answer.evidence import (
    ScoredUnit,
    continued_table_headers,
    evidence_strength,
    passage_units,
)
from rag.answer.extractive import (
    Composition,
    choose_units,
    extractive_answer,
    find_evidence,
    format_answer,
)
from rag.answer.generate import ExtractiveGenerator, Generator
from rag.answer.parts import about_the_first_part, not_yet_quoted, stated_by
from rag.answer.prompt import NOT_IN_MATERIAL, clean_answer
from rag.answer.question_forms import MADE, asks_maker, question_names, without_register
from rag.answer.questions import QuestionPart, question_parts
from rag.answer.reading import (
    READING_DEPTH,
    acronyms_named,
    chat_removed,
    fractions_named,
    idioms_read,
    misspelled,
    named_formulas,
    question_words_respelled,
    replaced_words,
    respelled,
    unwritten_acronyms,
)
from rag.answer.scope import answer_found, explains, said_out_of_scope
from rag.answer.support import SentenceSupport, check_answer, drop_unsupported, dropped_facts
from rag.answer.unknown import unknown_name, unused_words
from rag.errors import LLMUnavailableError
from rag.retrieval.keyword import TermStatistics
from rag.retrieval.retriever import Retrieval, Retriever
from rag.schema import Answer, Citation, Passage
from rag.settings import Settings

NOT_COVERED = f"{Answer.REFUSAL} Closest passages:"
SHOWN_CLOSEST = 5
"""Passages shown with a refusal; also those whose words the abstention decision counts
(with the one holding the best evidence unit, :func:`_covering_text`)."""

log = logging.getLogger(__name__)


@dataclass
class Turn:
    """The state one question carries through the chain."""

    question: str
    k: int
    retrieval: Retrieval | None = None
    decision: Decision | None = None
    evidence: list[ScoredUnit] = field(default_factory=list)
    text: str = ""
    generator: str = ""
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    composition: Composition | None = None
    """The units the extractive answer quotes (:meth:`AnswerChain.composition`), once known."""


class AnswerChain:
    """Answers questions from the index with one generator."""

    def __init__(self, retriever: Retriever, generator: Generator, settings: Settings) -> None:
        self.retriever = retriever
        self.generator = generator
        self.settings = settings
        self.runnable: Runnable[Turn, Answer] = (
            RunnableLambda(self.retrieve_step)
            | RunnableLambda(self.decide_step)
            | RunnableBranch(
                (lambda turn: bool(turn.decision and turn.decision.abstain), RunnableLambda(
                    lambda turn: turn)),
                RunnableLambda(self.generate_step),
            )
            | RunnableLambda(self.cite_step)
        )  # fmt: skip

    def invoke(self, question: str, k: int | None = None) -> Answer:
        """Answer one question."""
        k = k or self.settings.k
        asked = without_register(question)
        question = self.read_as_written(asked, k)
        special = self.special_step(question, k)
        if special is not None:
            answer = self.cite_step(special)
        else:
            answer = self.runnable.invoke(Turn(question, k))
        return self._as_asked(answer, asked)

    def stream(self, question: str, k: int | None = None) -> Iterator[str | Answer]:
        """Yield answer pieces as they are generated, then the finished :class:`Answer`."""
        k = k or self.settings.k
        asked = without_register(question)
        for item in self._stream(self.read_as_written(asked, k), k):
            yield self._as_asked(item, asked) if isinstance(item, Answer) else item

    def _stream(self, question: str, k: int) -> Iterator[str | Answer]:
        special = self.special_step(question, k)
        if special is not None:
            yield self.cite_step(special)
            return
        turn = self.decide_step(self.retrieve_step(Turn(question, k)))
        if not (turn.decision and turn.decision.abstain) and not self._quote_list(turn):
            pieces: list[str] = []
            turn.generator = self.generator.name
            # Shown as it arrives, with citations numbered by first use as in the final
            # answer. The extractive writer has nothing to stream: its answer is whole.
            live = not isinstance(self.generator, ExtractiveGenerator)
            renumber = StreamingRenumberer()
            try:
                for piece in self.generator.stream(
                    turn.question, self._passages(turn), turn.evidence
                ):
                    pieces.append(piece)
                    shown = renumber.feed(piece) if live else ""
                    if shown:
                        yield shown
                if live and (rest := renumber.flush()):
                    yield rest
                turn.text = "".join(pieces)
            except LLMUnavailableError as err:
                self._fall_back(turn, err)
        yield self.cite_step(turn)

    def read_as_written(self, question: str, k: int) -> str:
        """The question in the material's words: its acronyms spelled out, its typos fixed.

        Searched for in the :data:`~rag.answer.reading.READING_DEPTH` passages retrieved
        for the question as asked (:mod:`rag.answer.reading`); unchanged when it needs
        neither, without a second retrieval.
        """
        frequency = self.retriever.term_statistics().document_frequency
        known = self.retriever.embedder.knows_word
        question = question_words_respelled(chat_removed(question))
        question = fractions_named(named_formulas(question, frequency), frequency)
        question = idioms_read(question, frequency)
        acronyms = unwritten_acronyms(question, frequency)
        typos = misspelled(question, frequency, known)
        if not acronyms and not typos:
            return question
        passages = self.retriever.retrieve(question, max(k, READING_DEPTH)).passages
        texts = [p.text for p in passages]
        return respelled(acronyms_named(question, acronyms, texts), typos, texts)

    @staticmethod
    def _as_asked(answer: Answer, asked: str) -> Answer:
        """The answer to ``asked``, saying under which words it was searched, if others."""
        if answer.question != asked:
            # A question word typed wrong ("wat") or chat ("lol", "the deal with") is no
            # word the notes lack: naming it read as if the notes should have held it.
            plain = question_words_respelled(chat_removed(asked))
            lacks = ", ".join(f"“{w}”" for w in replaced_words(plain, answer.question))
            # A note, not a warning: the app showed it in a yellow box, as if the answer
            # needed checking (a student's probe).
            answer.notes.insert(
                0,
                f"Searched as “{answer.question}”"
                + (f": the course material never writes {lacks}." if lacks else "."),
            )
            answer.question = asked
        return answer

    def special_step(self, question: str, k: int) -> Turn | None:
        """The decided turn of a question in several parts or one asking for an acronym.

        None for every other question: the runnable answers it.
        """
        parts = question_parts(question)
        if len(parts) > 1:
            return self.parts_step(question, parts, k)
        acronym = asked_acronym(question)
        if acronym:
            return self.acronym_step(question, acronym, k)
        return self.maker_step(question, k) if asks_maker(question) else None

    def maker_step(self, question: str, k: int) -> Turn:
        """Answer "who came up with GANs?" from the line that says who introduced them.

        The lines most like such a question describe the thing ("GANs: Two networks
        compete…"); the one naming its makers ("Goodfellow et al., … (2014) — introduced
        GANs") shares only the name, and for "who invented gans" its passage was not
        among the eight retrieved. When the passages retrieved say nothing of who made
        it, those naming it beside a word of making are searched by keyword too, as
        :meth:`acronym_step` searches spellings.
        """
        turn = self.decide_step(self.retrieve_step(Turn(question, k)))
        assert turn.retrieval is not None
        if turn.decision and not turn.decision.abstain:
            return self.generate_step(turn)
        names = [n for n in question_names(question) if n.lower() != "who"]
        query = f"{' '.join(names) or question} introduced invented developed"
        found = self.retriever.retrieve(query, k, mode="keyword").passages
        seen = {p.id for p in turn.retrieval.passages}
        extra = [p for p in found if p.id not in seen and MADE.search(p.text)]
        if not extra:
            return turn
        passages = [*turn.retrieval.passages, *extra]
        wide = self.decide_step(
            Turn(question, k, Retrieval(question, passages, turn.retrieval.term_coverage))
        )
        if wide.decision and not wide.decision.abstain:
            return self.generate_step(wide)
        return turn

    def acronym_step(self, question: str, acronym: str, k: int) -> Turn:
        """Answer "What does RLHF stand for?" with the form a passage spells out.

        The passage that spells an acronym out is rarely the one most like the question
        (:mod:`rag.answer.acronyms`), so the passages naming it by keyword are searched
        too. The answer says what it stands for, cited. When no passage spells it out
        the assistant abstains: "What is the full form of MCP?" had been answered with
        "RoBERTa the full form for this is…", the unit most like the question.
        """
        turn = self.decide_step(self.retrieve_step(Turn(question, k)))
        assert turn.retrieval is not None
        spelling = self._spelling(acronym, turn.retrieval.passages, k)
        if spelling is None:
            turn.decision = Decision(True, f"no passage spells out {acronym}")
            return turn
        passages, number, expansion = spelling
        turn.retrieval = Retrieval(question, passages, turn.retrieval.term_coverage)
        turn.decision = Decision(False, "")
        turn.text = expansion_sentence(acronym, expansion, number)
        turn.generator = ExtractiveGenerator.name
        return turn

    def _spelling(
        self, acronym: str, retrieved: Sequence[Passage], k: int
    ) -> tuple[list[Passage], int, str] | None:
        """Where ``acronym`` is spelled out, or None when no passage does.

        Returns the passages searched (the retrieved ones, then those naming it by
        keyword), the 1-based number of the one that spells it out, and the expansion.
        """
        passages = list(retrieved)
        seen = {p.id for p in passages}
        named = self.retriever.retrieve(acronym, k, mode="keyword").passages
        passages += [p for p in named if p.id not in seen]
        for number, passage in enumerate(passages, start=1):
            expansion = spelled_out(acronym, passage.text)
            if expansion:
                return passages, number, expansion
        return None

    def parts_step(self, question: str, parts: Sequence[QuestionPart], k: int) -> Turn:
        """A question asking several things, answered part by part from the material.

        Each part is retrieved and decided on alone: "When was BERT released and how many
        tokens was it trained on?" was refused whole (evidence 0.25, needs 0.27), while each
        half finds "Released in 2018… trained on 3.3 billion tokens". The answer quotes the
        evidence of each part answered, in order, a unit once, and warns of the others.
        Written by the extractive writer for every generator: quoted, already checked.
        """
        turns = [self.decide_step(self.retrieve_step(Turn(part.query, k))) for part in parts]
        for part, part_turn in zip(parts, turns, strict=True):
            # "What does C2PA stand for, and how…": a list naming C2PA does not spell it out.
            acronym = asked_acronym(part.text)
            assert part_turn.retrieval is not None
            if acronym and self._spelling(acronym, part_turn.retrieval.passages, k) is None:
                part_turn.decision = Decision(True, f"no passage spells out {acronym}")
            about = about_the_first_part(part.referred, part_turn.evidence)
            if part_turn.evidence and not about:
                part_turn.decision = Decision(True, "no passage is about what it refers to")
            # Nor of a thing the first part names and no passage does: "who wrote eugene
            # onegin and what is it about" quoted "Eugène Delacroix… became the leader of
            # the Romantic school" for the second part (a romanticism probe).
            first = turns[0]
            if part.referred and first.decision and first.decision.abstain and first.retrieval:
                held = [p.text for p in first.retrieval.passages]
                unnamed = unknown_name(part.referred, held, self.retriever.term_statistics())
                if unnamed:
                    part_turn.decision = Decision(True, f"no passage names “{unnamed}”")
            part_turn.evidence = about
        passages: list[Passage] = []
        position: dict[str, int] = {}
        evidence_of: list[list[ScoredUnit]] = []
        for part_turn in turns:
            assert part_turn.retrieval is not None
            own = part_turn.retrieval.passages
            for passage in own:
                if passage.id not in position:
                    position[passage.id] = len(passages)
                    passages.append(passage)
            evidence_of.append([
                dataclasses.replace(s, unit=dataclasses.replace(
                    s.unit, passage=position[own[s.unit.passage].id]))
                for s in part_turn.evidence
            ])  # fmt: skip
        answered = [i for i, t in enumerate(turns) if t.decision and not t.decision.abstain]
        coverage = max(t.retrieval.term_coverage for t in turns if t.retrieval)
        turn = Turn(question, k, retrieval=Retrieval(question, passages, coverage))
        turn.evidence = [s for i in answered or range(len(turns)) for s in evidence_of[i]]
        turn.decision = turns[answered[0] if answered else 0].decision
        if not answered:
            return turn
        units = passage_units(passages)
        quoted: set[str] = set()
        quoted_at: set[tuple[int, int]] = set()  # a line quoted with its heading before it
        pieces = []
        for i in answered:
            # A part asked of the first part's subject says something new of it, unless the
            # lines quoted state it: "why did they matter" after the parias' definition.
            fresh = evidence_of[i]
            if parts[i].referred:
                fresh = not_yet_quoted(parts[i].text, evidence_of[i], quoted)
            evidence = [] if parts[i].referred and stated_by(parts[i].text, quoted) else fresh
            composition = choose_units(parts[i].text, evidence, units)
            new = [
                u for u in composition.units
                if u.text not in quoted and (u.passage, u.start) not in quoted_at
            ]  # fmt: skip
            quoted.update(u.text for u in new)
            quoted_at.update((u.passage, u.start) for u in new)
            if new:
                pieces.append(format_answer(Composition(new, composition.as_list)))
        turn.text = ("\n\n" if any("\n" in p for p in pieces) else " ").join(pieces)
        turn.generator = ExtractiveGenerator.name
        # A part the quoted lines answer anyway is answered: "Which was the first hormone
        # discovered, and who found it?" quotes "Secretin, described by William Bayliss and
        # Ernest Starling in 1902…" (a student's probe warned it did not answer who).
        unanswered = [
            f"“{part.text}”" for i, part in enumerate(parts)
            if i not in answered and not stated_by(part.text, quoted, alone=True)
        ]  # fmt: skip
        if unanswered:
            turn.warnings.append("the course material doesn't answer " + ", ".join(unanswered))
        if not isinstance(self.generator, ExtractiveGenerator):
            turn.error = "A question in several parts is answered part by part, quoted."
        return turn

    def retrieve_step(self, turn: Turn) -> Turn:
        """Find the passages."""
        retrieval = self.retriever.retrieve(turn.question, turn.k, continue_lists=True)
        # A chunk of bare rows reads by its table's header ("| ATP per glucose | Up to 38 |
        # … | 2 |" answered how much ATP fermentation makes with 38: a student's probe).
        headed = [self.retriever.with_table_head(p) for p in retrieval.passages]
        turn.retrieval = dataclasses.replace(retrieval, passages=headed)
        return turn

    def decide_step(self, turn: Turn) -> Turn:
        """Abstain unless retrieval found evidence that the material answers the question."""
        assert turn.retrieval is not None
        stats = self.retriever.term_statistics() if turn.retrieval.passages else TermStatistics(0)
        turn.evidence = find_evidence(
            turn.question, turn.retrieval.passages, self.retriever.embedder, stats
        )
        weights = question_weights(turn.question, stats)
        evidence = Evidence(
            strength=evidence_strength(turn.evidence),
            term_coverage=question_coverage(turn.question, stats, _covering_text(turn)),
            n_passages=len(turn.retrieval.passages),
            answer_found=answer_found(turn.question, weights, stats, turn.evidence),
            asked_for=asked_detail(turn.question) or "number or date",
            explained=explains(turn.question, turn.evidence, weights),
            unknown_name=unknown_name(
                turn.question, [p.text for p in turn.retrieval.passages], stats
            ),
            out_of_scope=said_out_of_scope(turn.evidence),
            unused_words=unused_words(turn.question, stats),
        )
        turn.decision = decide(
            evidence, self.settings.min_relevance, self.settings.min_term_coverage
        )
        return turn

    def generate_step(self, turn: Turn) -> Turn:
        """Let the generator write; on failure fall back to an extractive answer."""
        if self._quote_list(turn):
            return turn
        turn.generator = self.generator.name
        try:
            turn.text = "".join(
                self.generator.stream(turn.question, self._passages(turn), turn.evidence)
            )
        except LLMUnavailableError as err:
            self._fall_back(turn, err)
        return turn

    def _quote_list(self, turn: Turn) -> bool:
        """Answer with the list itself when the evidence that answers is a list.

        "Which optimizers…", "What are the risks…": an LLM asked to rewrite eight list
        items in two sentences left some out in 17 of 20 such train questions, and the
        quote then replaced what the student had watched it write. The list is the
        answer; the model is not asked.
        """
        if isinstance(self.generator, ExtractiveGenerator) or not turn.evidence:
            return False
        if not self.composition(turn).as_list:
            return False
        self._quote(turn, "The answer is a list in the material, shown as written there.")
        return True

    def _fall_back(self, turn: Turn, err: LLMUnavailableError) -> None:
        log.warning("generator failed: %s", err)
        message = str(err).rstrip()
        stop = "" if message.endswith((".", "?", "!")) else "."
        self._quote(turn, f"{message}{stop} Showing an answer quoted from the passages instead.")

    def _quote(self, turn: Turn, note: str) -> None:
        """Make the turn's answer the extractive one, with ``note`` saying why."""
        turn.text = extractive_answer(
            turn.question, self._passages(turn), self.retriever.embedder, turn.evidence
        )
        turn.generator = ExtractiveGenerator.name
        turn.error = note

    def _dropped_facts(self, turn: Turn, text: str) -> list[str]:
        """Names, numbers and listed items of the answering evidence an LLM's answer lacks."""
        if turn.generator == ExtractiveGenerator.name or not turn.evidence:
            return []
        quoted = [unit.text for unit in self.composition(turn).units]
        return dropped_facts(text, quoted, turn.question)

    def composition(self, turn: Turn) -> Composition:
        """What the extractive answer quotes, composed once per turn.

        An LLM's answer is judged against it (a list is quoted, a dropped fact is one
        of its units'); :func:`rag.answer.extractive.answering_evidence` gives the
        generator the same units.
        """
        if turn.composition is None:
            units = passage_units(self._passages(turn))
            turn.composition = choose_units(turn.question, turn.evidence, units)
        return turn.composition

    @staticmethod
    def _passages(turn: Turn) -> list[Passage]:
        assert turn.retrieval is not None
        return turn.retrieval.passages

    def cite_step(self, turn: Turn) -> Answer:
        """Check the ``[n]`` markers, number them by first use, and check every sentence."""
        assert turn.retrieval is not None and turn.decision is not None
        passages = turn.retrieval.passages
        turn.text = clean_answer(turn.text)  # whatever a passage talked the model into
        if turn.decision.abstain or NOT_IN_MATERIAL in turn.text:
            reason = turn.decision.reason or "the model found no answer in the passages"
            return Answer(
                question=turn.question,
                answer=NOT_COVERED,
                abstained=True,
                generator=turn.generator or self.generator.name,
                closest=sorted(passages, key=lambda p: -p.score)[:SHOWN_CLOSEST],
                reason=reason,
                error=turn.error,
                evidence=evidence_dicts(turn.evidence, passages),
            )
        text = attribute_uncited(turn.text, [support_text(p, passages) for p in passages])
        checked = check_citations(text, len(passages))
        renumbered, order = renumber_citations(checked.text)
        cited = [passages[n - 1] for n in order]
        verdicts = check_passages(renumbered, cited, turn.question, passages)
        if turn.generator != ExtractiveGenerator.name and not any(v.supported for v in verdicts):
            # A model that wrote nothing its passages back is no answer: quote them instead.
            self._quote(
                turn,
                "the language model wrote no sentence that its cited passages support. "
                "Showing an answer quoted from the passages instead.",
            )
            return self.cite_step(turn)
        dropped = self._dropped_facts(turn, renumbered)
        if dropped:
            # The rewrite lost what the student asked for ("Mixtral and Switch
            # Transformers are examples of sparse models", without "Mixture of Experts").
            self._quote(
                turn,
                f"the language model's answer left out {', '.join(dropped[:3])}"
                f"{' and more' if len(dropped) > 3 else ''} from the evidence. "
                "Showing an answer quoted from the passages instead.",
            )
            return self.cite_step(turn)
        warnings = list(turn.warnings)
        unsupported = [v for v in verdicts if not v.supported]
        if unsupported and self.settings.drop_unsupported:
            # Number again: a passage cited only by a dropped sentence leaves no gap.
            renumbered, kept = renumber_citations(drop_unsupported(renumbered, verdicts))
            cited = [cited[n - 1] for n in kept]
            verdicts = check_passages(renumbered, cited, turn.question, passages)
            warnings.append(
                f"left out {len(unsupported)} sentence(s) that the cited passages do not support"
            )
        claims = claims_by_citation(renumbered)
        citations = [
            Citation(n, passage, highlight_spans(claims.get(n, []), passage.text))
            for n, passage in enumerate(cited, start=1)
        ]
        if checked.invalid:
            warnings.append(
                "removed citations to passages that do not exist: "
                + ", ".join(f"[{n}]" for n in checked.invalid)
            )
        if not citations:
            warnings.append("the answer cites no passage; check it against the sources below")
        return Answer(
            question=turn.question,
            answer=compact_citations(renumbered),
            abstained=False,
            generator=turn.generator,
            citations=citations,
            closest=passages,
            invalid_citations=checked.invalid,
            error=turn.error,
            warnings=warnings,
            sentences=verdicts,
            evidence=evidence_dicts(turn.evidence, passages),
        )


def _covering_text(turn: Turn) -> str:
    """The text of the passages whose words the question must find.

    The closest ones shown, and the one holding the best evidence unit when it ranks
    below them: "…around 2030?" is answered by a row of the seventh passage.
    """
    assert turn.retrieval is not None
    passages = list(turn.retrieval.passages[:SHOWN_CLOSEST])
    if turn.evidence:
        lead = turn.retrieval.passages[turn.evidence[0].unit.passage]
        if lead not in passages:
            passages.append(lead)
    return " ".join(map(support_text, passages))


def check_passages(
    answer: str, cited: list[Passage], question: str, retrieved: Sequence[Passage] = ()
) -> list[SentenceSupport]:
    """Each sentence's verdict; its evidence offsets point into the cited passage's text."""
    return check_answer(
        answer,
        {n: support_text(p, retrieved) for n, p in enumerate(cited, start=1)},
        bodies={n: p.text for n, p in enumerate(cited, start=1)},
        asked=claim_terms(question),
    )


def support_text(passage: Passage, retrieved: Sequence[Passage] = ()) -> str:
    """What a cited sentence is checked against: the passage with its title and section.

    A passage that continues a table another retrieved passage opens is read with that
    table's column headers, as the evidence units were (:func:`continued_table_headers`).
    """
    headers = continued_table_headers(passage, retrieved)
    if headers:
        return f"{passage.title}\n{passage.section}\n{' | '.join(headers)}\n{passage.text}"
    return f"{passage.title}\n{passage.section}\n{passage.text}"


def evidence_dicts(evidence: list[ScoredUnit], passages: list[Passage]) -> list[dict[str, Any]]:
    """The selected units for ``--json``: chunk id, retrieval rank, offsets in its text."""
    return [
        {
            "id": passages[s.unit.passage].id,
            "passage": s.unit.passage + 1,
            "start": s.unit.start,
            "end": s.unit.end,
            "text": s.unit.text,
            "kind": s.unit.kind,
            "score": round(s.score, 4),
        }
        for s in evidence
    ]
