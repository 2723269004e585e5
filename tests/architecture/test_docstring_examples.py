"""The examples in docstrings run and print what they say (sentence-transformers' habit).

An example that no longer works teaches the wrong API; running them here keeps the
docstrings honest. Only modules with ``>>>`` examples are collected.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

from tests.architecture.test_layout import module_name, source_files

DOCUMENTED = [path for path in source_files() if ">>>" in path.read_text(encoding="utf-8")]


def test_the_packages_have_examples() -> None:
    assert len(DOCUMENTED) >= 5


@pytest.mark.parametrize("path", DOCUMENTED, ids=lambda p: module_name(p))
def test_docstring_examples_run(path: Path) -> None:
    module = importlib.import_module(module_name(path))
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, report=False)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples fail"
