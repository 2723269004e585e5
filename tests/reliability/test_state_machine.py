"""Random sequences of add / change / delete / ingest, checked against a plain model.

The model is a dict {file name: content} of what was on disk at each ingest. After
every ingest the index must hold exactly the chunks that splitting those files
gives (no duplicate, no orphan, keyword index in step), the ingest report must
count what changed, and retrieval must return live chunks only. The same approach
Chroma uses on itself (chromadb/test/property/test_embeddings.py), one level up.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from rag.assistant import Assistant
from rag.retrieval.embeddings import Embedder
from tests.conftest import make_settings
from tests.reliability.test_crash_safety import index_problems

WORDS = (  # noqa: SIM905 - a word list reads better as text
    "attention encoder decoder latent noise gradient token vector "
    "loss sampling prior diffusion adversarial kernel softmax dropout"
).split()
NAMES = ["a.md", "b.md", "c.txt", "sub/d.md", "sub/e.md"]
TOP_LEVEL = [name for name in NAMES if "/" not in name]

sections = st.lists(st.lists(st.sampled_from(WORDS), min_size=3, max_size=70), min_size=1,
                    max_size=3)  # fmt: skip


def render(parts: list[list[str]]) -> str:
    """A Markdown file: one heading per section; long sections split into several chunks."""
    body = "\n".join(f"## Part {i}\n\n{' '.join(words)}.\n" for i, words in enumerate(parts))
    return f"# Notes\n\n{body}"


class IngestMachine(RuleBasedStateMachine):
    """Files in a folder, ingested now and then, versus a dict of what was ingested."""

    def __init__(self, embedder: Embedder) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="rag-state-"))
        self.course = self.tmp / "course"
        self.course.mkdir()
        self.assistant = Assistant(
            make_settings(self.tmp / "data", chunk_size=48, chunk_overlap=8), embedder=embedder
        )
        self.files: dict[str, str] = {}  # what is on disk now
        self.indexed: dict[str, str] = {}  # what the last ingests put in the index
        self.checked = True

    @initialize(first=st.dictionaries(st.sampled_from(NAMES), sections.map(render), min_size=1))
    def start(self, first: dict[str, str]) -> None:
        for name, content in first.items():
            self.write(name, content)

    def write(self, name: str, content: str) -> None:
        path = self.course / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")
        self.files[name] = content

    @rule(name=st.sampled_from(NAMES), content=sections.map(render))
    def add_or_replace_file(self, name: str, content: str) -> None:
        self.write(name, content)

    @precondition(lambda self: self.files)
    @rule(data=st.data(), extra=st.sampled_from(WORDS))
    def append_to_file(self, data: st.DataObject, extra: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.files)))
        self.write(name, self.files[name] + f"\n## Added\n\n{extra} {extra} {extra}.\n")

    @precondition(lambda self: self.files)
    @rule(data=st.data())
    def delete_file(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.files)))
        (self.course / name).unlink()
        del self.files[name]

    @rule()
    def ingest_folder(self) -> None:
        report = self.assistant.ingest([self.course])
        assert report.ok, report.errors
        before, after = self.indexed, dict(self.files)
        assert report.added == len(after.keys() - before.keys())
        assert report.removed == len(before.keys() - after.keys())
        assert report.updated == sum(1 for n in after if n in before and before[n] != after[n])
        assert report.unchanged == sum(1 for n in after if before.get(n) == after[n])
        self.indexed = after
        self.checked = False

    @rule(name=st.sampled_from(TOP_LEVEL))
    def ingest_one_file(self, name: str) -> None:
        """A single file is (re)indexed on its own; its siblings stay as they were."""
        report = self.assistant.ingest([self.course / name])
        if name in self.files:
            assert report.ok and report.files_seen == 1
            self.indexed[name] = self.files[name]
        else:
            assert not report.ok and "no such file" in report.errors[0]["error"]
        self.checked = False

    @invariant()
    def index_matches_what_was_ingested(self) -> None:
        if self.checked:
            return  # nothing was ingested since the last check
        mirror = self.tmp / "indexed"
        shutil.rmtree(mirror, ignore_errors=True)
        mirror.mkdir()
        for name, content in self.indexed.items():
            (mirror / name).parent.mkdir(parents=True, exist_ok=True)
            (mirror / name).write_text(content, "utf-8")
        assert index_problems(self.assistant, mirror) == []
        live = {c.id for c in self.assistant.store.iter_metadata()}
        if live:
            passages = self.assistant.retrieve(" ".join(WORDS[:4]), k=5).passages
            assert {p.id for p in passages} <= live
            assert {p.source for p in passages} <= set(self.indexed)
        self.checked = True

    def teardown(self) -> None:
        self.assistant.store.reopen()  # closes the Chroma client of this temporary index
        shutil.rmtree(self.tmp, ignore_errors=True)


def test_random_ingest_sequences_match_the_model(embedder: Embedder) -> None:
    run_state_machine_as_test(
        lambda: IngestMachine(embedder),
        settings=settings(
            max_examples=25,
            stateful_step_count=10,
            deadline=None,
            database=None,
            # No shrinking: every step runs real ingests, so shrinking a failure costs
            # minutes; a failing sequence of at most 10 steps reads well enough as it is.
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )


def test_two_files_with_one_heading_keep_the_titles_they_were_given(embedder: Embedder) -> None:
    """Found by the state machine: c.txt and a.md share the heading "Notes", so one gets a
    distinct title, which is embedded with its chunks and so decides where they are cut.
    The consistency check must chunk with the stored titles, as the ingest did."""
    state = IngestMachine(embedder)
    state.start(
        first={
            "c.txt": "# Notes\n\n## Part 0\n\ngradient sampling softmax gradient kernel kernel dropout diffusion attention kernel kernel prior noise.\n\n## Part 1\n\nprior gradient loss attention loss diffusion kernel kernel sampling dropout adversarial token decoder adversarial softmax loss token vector gradient noise dropout gradient noise latent prior softmax vector.\n\n## Part 2\n\ndecoder sampling dropout encoder kernel adversarial attention sampling.\n",
            "a.md": "# Notes\n\n## Part 0\n\ndecoder attention sampling encoder gradient latent.\n\n## Part 1\n\ndropout decoder sampling.\n\n## Part 2\n\ndiffusion latent vector softmax decoder softmax softmax.\n",
        }
    )
    state.index_matches_what_was_ingested()
    for name in ["a.md", "b.md", "a.md", "c.txt"]:
        state.ingest_one_file(name=name)
        state.index_matches_what_was_ingested()
    state.teardown()
