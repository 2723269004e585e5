"""The study app in a real browser: headless Chromium driven by Playwright.

The app runs as ``streamlit run ui/app.py`` on 127.0.0.1 over an index built here
from a course file that carries a ``<script>``, an ``<img onerror>`` and a remote
Markdown image. The test asks a question, waits for the cited answer, opens the
citation and saves a screenshot to tests/artifacts/. It also checks what only a
browser can show: no script from the document ran and the remote image was never
requested. Debian's ``chromium`` is used (no Playwright browser download); ``.ci/run``
installs it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.retrieval.embeddings import Embedder
from tests.conftest import REPO, make_settings
from tests.ui.test_ui import HOSTILE_DOC

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
START_TIMEOUT_S = 180  # the server loads the embedding model on a shared machine
ANSWER_TIMEOUT_MS = 180_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.timeout(600),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (.ci/run)"
    ),
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"streamlit did not become healthy:\n{log.read_text()[-3000:]}")


@pytest.fixture
def app_url(tmp_path: Path, embedder: Embedder) -> Iterator[str]:
    """A running app over a freshly ingested course; stopped afterwards."""
    course = tmp_path / "course"
    course.mkdir()
    (course / "photosynthesis.md").write_text(HOSTILE_DOC, encoding="utf-8")
    data_dir = tmp_path / "data"
    report = Assistant(make_settings(data_dir, corpus_dir=course), embedder=embedder).ingest(
        [course]
    )
    assert report.ok and report.chunks_total > 0

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(
        RAG_DATA_DIR=str(data_dir),
        RAG_CORPUS_DIR=str(course),
        RAG_QUERY_LOG="false",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    log = tmp_path / "streamlit.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(REPO / "ui" / "app.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)


def test_ask_see_a_cited_answer_open_the_citation(app_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requested: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on("request", lambda request: requested.append(request.url))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(app_url)

            box = page.get_by_test_id("stChatInputTextArea")
            expect(box).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            box.fill("Where does photosynthesis happen in plant cells?")
            box.press("Enter")

            citation = page.get_by_test_id("stExpander").filter(has_text="[1]").first
            expect(citation).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            answer = page.get_by_test_id("stChatMessage").nth(1)
            expect(answer).to_contain_text("chloroplasts")
            expect(answer).to_contain_text("[1]")

            citation.locator("summary").click()
            passage = citation.get_by_test_id("stHtml").last
            # Rendered, not raw: the Markdown table is an HTML table, the cited sentence
            # is marked, and the document's HTML and image are text.
            expect(passage.locator("table td").filter(has_text="Chloroplast")).to_be_visible()
            expect(passage.locator("mark").first).to_be_visible()
            expect(passage).to_contain_text("<script>window.__xss = 1</script>")
            expect(passage).to_contain_text('<img src=x onerror="window.__xss = 2">')
            expect(passage).to_contain_text("[image: tracker]")
            assert "|---|" not in passage.inner_text()
            expect(citation).to_contain_text("Photosynthesis")
            expect(citation).to_contain_text("photosynthesis.md")
            expect(citation).to_contain_text("Similarity to the question: 0.")
            expect(page.get_by_text("Deploy", exact=True)).to_have_count(0)

            # The expander opens with an animation; let it finish so the picture shows it.
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "browser-chat.png"), full_page=True)

            assert page.evaluate("typeof window.__xss") == "undefined", "document script ran"
            assert page.locator("img[src*='127.0.0.1:9']").count() == 0
            assert page.locator("img[src='x']").count() == 0
            assert not [url for url in requested if "127.0.0.1:9/" in url]
            # Nothing leaves the machine: no font CDN favicon, no remote image.
            outside = [u for u in requested if not u.startswith((app_url, "data:", "blob:"))]
            assert not outside, outside
            assert not dialogs
        finally:
            browser.close()
    assert (ARTIFACTS / "browser-chat.png").stat().st_size > 10_000
