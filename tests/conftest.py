"""Fixtures shared by the tests: the seed pair and the corpora root."""

from __future__ import annotations

import json
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


@pytest.fixture()
def flood_reference(tmp_path: Path) -> tuple[str, Path]:
    """A flood story, and a reference corpus (JSONL) holding it, another outlet's report of
    the same flood and an unrelated story: corroboration finds the other outlet only."""
    story = (
        "Mayor Jane Ortiz said on Monday that 300 homes in the Riverside district were flooded "
        "after the Elm River rose 4 metres. The national weather service warned of more rain. "
    )
    reference = tmp_path / "reference.jsonl"
    reference.write_text(
        "\n".join(
            json.dumps(row)
            for row in [
                {"id": "own", "source": "herald", "text": story},
                {
                    "id": "other",
                    "source": "gazette",
                    "text": "Flood waters covered 300 homes in Riverside on Monday when the Elm "
                    "River climbed 4 metres, Mayor Jane Ortiz told reporters. Forecasters at the "
                    "national weather service expect more rain this week.",
                },
                {
                    "id": "unrelated",
                    "source": "tribune",
                    "text": "The football club signed a striker "
                    "from Lyon for 20 million euros on Friday, its chairman Tom Reed said.",
                },
            ]
        ),
        encoding="utf-8",
    )
    return story, reference
