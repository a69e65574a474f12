"""Fixtures shared by the tests: the seed pair and the corpora root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sourcecheck.features.document import Document

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "data" / "examples"
CORPORA = Path(os.environ.get("SOURCECHECK_CORPORA", REPO.parent / "shared" / "corpora"))

needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(),
    reason=f"corpora not found at {CORPORA} (set SOURCECHECK_CORPORA to their folder)",
)


@pytest.fixture(scope="session")
def unsourced_text() -> str:
    return (EXAMPLES / "unsourced_000.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def attributed_text() -> str:
    return (EXAMPLES / "attributed_002.txt").read_text(encoding="utf-8")


@pytest.fixture()
def unsourced(unsourced_text: str) -> Document:
    return Document(unsourced_text)


@pytest.fixture()
def attributed(attributed_text: str) -> Document:
    return Document(attributed_text)
