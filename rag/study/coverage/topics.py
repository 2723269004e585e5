r"""Syllabus topic files: one topic per line, Markdown lists, YAML lists or headings.

A syllabus arrives in whatever shape an instructor wrote it; :func:`parse_topics`
turns any of them into :class:`Topic` values (text plus the heading it was listed
under) so the scoring never sees the format. Pure parsing first; the two functions
that read bytes or a file come last.

Example:
    >>> from rag.study.coverage import parse_topics
    >>> parse_topics("## Basics\n- Tokenization\n- Embeddings\n")
    [Topic(text='Tokenization', group='Basics'), Topic(text='Embeddings', group='Basics')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rag.errors import FileRejectedError
from rag.text.markdown import clean_markdown


@dataclass(frozen=True)
class Topic:
    """One syllabus line: the topic text and the heading it was listed under."""

    text: str
    group: str = ""


# Not rag.text.markdown.HEADING: that one makes a bare "#" line an empty heading and
# takes only spaces and tabs around the hashes; here a bare "#" is a comment line and a
# no-break space after the hashes (pasted from a web page) still makes a heading.
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)]|[A-Za-z][.)])\s+(.*)$")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
_RULE = re.compile(r"^\s*([-=*_~]\s*){3,}$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_YAML_BLOCK_KEY = re.compile(r"^[A-Za-z_][\w .()/-]*:\s*(#.*)?$")
_QUOTED = re.compile(r"""^(["'])(.*)\1$""")
_HAS_LETTER = re.compile(r"[^\W\d_]")

_YAML_LIST_KEYS = (
    "topics", "objectives", "learning_objectives", "learning_outcomes", "outcomes",
    "syllabus", "items", "goals",
)  # fmt: skip
_YAML_TEXT_KEYS = ("topic", "title", "name", "objective", "text", "description")


def parse_topics(text: str, *, name: str = "topics", yaml: bool | None = None) -> list[Topic]:
    """Topics from a syllabus: Markdown bullets, numbered lists, YAML lists or plain lines.

    Headings (and plain lines ending in ``:``) become the group of the topics under
    them rather than topics; a file of headings only uses the headings as topics.
    Blank lines, ``//`` and ``#comment`` lines, HTML comments, front matter and code
    fences are skipped. Repeated topics are kept once.

    Args:
        text: The file's text.
        name: The file name, for error messages.
        yaml: True to parse as YAML (a ``.yaml`` file), False never to, None to
            detect a YAML mapping from the first line.

    Raises:
        FileRejectedError: Naming the file, when it holds no topic.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise FileRejectedError(
            name, "the topic file is empty; write one topic or learning objective per line"
        )
    topics: list[Topic] | None = None
    if yaml or (yaml is None and _looks_like_yaml(text)):
        topics = _topics_from_yaml(text, name, strict=bool(yaml))
    if topics is None:
        topics = _topics_from_lines(text)
    topics = _dedupe(topics)
    if not topics:
        raise FileRejectedError(
            name,
            "no topics found; write one topic per line (Markdown bullets, numbered "
            "lists and YAML lists work too)",
        )
    return topics


def _looks_like_yaml(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        return bool(_YAML_BLOCK_KEY.match(stripped)) and not line[0].isspace()
    return False


def _topics_from_yaml(text: str, name: str, *, strict: bool) -> list[Topic] | None:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        if strict:
            raise FileRejectedError(
                name, f"not valid YAML ({err}); fix it or use plain lines"
            ) from err
        return None
    if not isinstance(data, list | dict):
        return None if not strict else []
    return list(_yaml_items(data, ""))


def _yaml_items(data: object, group: str) -> Iterable[Topic]:
    if isinstance(data, list):
        for item in data:
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                yield Topic(_clean_topic(str(item)), group)
            elif isinstance(item, dict):
                text = next(
                    (item[k] for k in _YAML_TEXT_KEYS if isinstance(item.get(k), str)), None
                )
                if text is not None:
                    yield Topic(_clean_topic(text), group)
                else:
                    yield from _yaml_items(item, group)
            elif isinstance(item, list):
                yield from _yaml_items(item, group)
    elif isinstance(data, dict):
        keys = {_yaml_key(k): k for k in data}
        chosen = next((keys[k] for k in _YAML_LIST_KEYS if k in keys), None)
        if chosen is not None:
            yield from _yaml_items(data[chosen], group)
            return
        for key, value in data.items():
            # Scalars beside lists are metadata (title:, course:), not topics.
            if isinstance(value, list | dict):
                yield from _yaml_items(value, str(key))


def _yaml_key(key: object) -> str:
    return re.sub(r"[\s-]+", "_", str(key).strip().lower())


def _topics_from_lines(text: str) -> list[Topic]:
    text = _HTML_COMMENT.sub("", _strip_front_matter(text))
    topics: list[Topic] = []
    headings: list[tuple[int, str]] = []
    group = ""
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        stripped = line.strip()
        if in_fence or not stripped or _RULE.match(stripped) or stripped.startswith("//"):
            continue
        heading = _HEADING.match(line)
        if heading:
            group = _clean_topic(heading.group(2))
            headings.append((len(heading.group(1)), group))
            continue
        if stripped.startswith("#"):
            continue  # '#comment': a Markdown heading needs a space after the hashes
        bullet = _BULLET.match(line)
        if bullet:
            topics.append(Topic(_clean_topic(bullet.group(1)), group))
        elif stripped.endswith(":"):
            group = _clean_topic(stripped[:-1])
        else:
            topics.append(Topic(_clean_topic(stripped), group))
    if not topics and headings:
        # A lone leading level-1 heading is the document's title, not a topic.
        if len(headings) > 1 and headings[0][0] == 1 and all(lv > 1 for lv, _ in headings[1:]):
            headings = headings[1:]
        topics = [Topic(title) for _, title in headings]
    return topics


def _strip_front_matter(text: str) -> str:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return text
    for number, line in enumerate(lines[1:60], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[number + 1 :])
    return text


def _clean_topic(text: str) -> str:
    text = _CHECKBOX.sub("", text.strip())
    quoted = _QUOTED.match(text)
    if quoted:
        text = quoted.group(2)
    return clean_markdown(text)


def _dedupe(topics: Iterable[Topic]) -> list[Topic]:
    seen: set[str] = set()
    kept = []
    for topic in topics:
        key = " ".join(topic.text.casefold().split())
        if not _HAS_LETTER.search(topic.text) or key in seen:
            continue
        seen.add(key)
        kept.append(topic)
    return kept


# ---------------------------------------------------------------------------
# Reading files (I/O)
# ---------------------------------------------------------------------------


def parse_topic_bytes(data: bytes, name: str) -> list[Topic]:
    """Topics from an uploaded or read file's bytes; ``.yaml``/``.yml`` names parse as YAML."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise FileRejectedError(name, f"not UTF-8 text ({err.reason}); save it as UTF-8") from err
    is_yaml = Path(name).suffix.lower() in (".yaml", ".yml")
    return parse_topics(text, name=name, yaml=True if is_yaml else None)


def read_topic_file(path: Path) -> list[Topic]:
    """Topics from a syllabus file; every failure names the file and what to do."""
    if not path.exists():
        raise FileRejectedError(str(path), "topic file not found")
    if not path.is_file():
        raise FileRejectedError(str(path), "not a file; give a syllabus file, one topic per line")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileRejectedError(str(path), f"cannot be read ({err.strerror})") from err
    return parse_topic_bytes(data, str(path))
