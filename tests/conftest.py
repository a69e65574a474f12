"""Fixtures shared by the tests: the seed pair and the corpora root."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

import sourcecheck.features
import sourcecheck.scoring
from sourcecheck.features.document import Document

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "data" / "examples"
CORPORA = Path(os.environ.get("SOURCECHECK_CORPORA", REPO.parent / "shared" / "corpora"))

needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(),
    reason=f"corpora not found at {CORPORA} (set SOURCECHECK_CORPORA to their folder)",
)


def _stale_install() -> list[str]:
    """The checkout's feature and scoring files (sources, lexicons) that the installed
    sourcecheck lacks or holds otherwise: empty for an editable install, which runs the
    checkout itself. A regular install (``pip install '.[test]'``, compiled) is a copy,
    and the tests would run the copy, not the edits made since."""
    stale = []
    for package in (sourcecheck.features, sourcecheck.scoring):
        installed = Path(package.__file__ or "").resolve().parent
        checkout = REPO / package.__name__.rsplit(".", 1)[1]
        if installed == checkout:
            continue
        for path in sorted(checkout.rglob("*")):
            if path.suffix in {".py", ".txt"} and "__pycache__" not in path.parts:
                copy = installed / path.relative_to(checkout)
                if not copy.is_file() or copy.read_bytes() != path.read_bytes():
                    stale.append(str(path.relative_to(REPO)))
    return stale


def pytest_sessionstart(session: pytest.Session) -> None:
    if stale := _stale_install():
        shown = ", ".join(stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
        pytest.exit(
            f"the installed sourcecheck is not this checkout's code ({shown} changed since it "
            "was installed): reinstall it, pip install '.[test]', or install it editable, "
            "pip install -e '.[test]' (pure Python: edits take effect as they are made)",
            returncode=4,
        )


def _stat(pid: int | str) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name (state, parent, ...); None
    for a process that is gone or a zombie (ended, not yet reaped: it runs nothing)."""
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return None if fields[0] == "Z" else fields
    return None


@pytest.fixture(scope="session")
def children() -> Callable[[int], list[int]]:
    """The running processes whose parent is a pid (Linux: /proc)."""

    def of(pid: int) -> list[int]:
        pids = (path.name for path in Path("/proc").iterdir() if path.name.isdigit())
        return [int(child) for child in pids if (fields := _stat(child)) and fields[1] == str(pid)]

    return of


@pytest.fixture(scope="session")
def running() -> Callable[[Iterable[int]], list[int]]:
    """Those of some pids that are still running (Linux: /proc)."""
    return lambda pids: [pid for pid in pids if _stat(pid)]


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


# A process that holds an output's claim, as a run writing it does, until its stdin closes.
_HOLD = """
import sys
from sourcecheck.scoring.writers import claimed
with claimed(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture()
def claimed_elsewhere() -> Iterator[Callable[[Path], subprocess.Popen[bytes]]]:
    """Start another process holding the claim of an output (see
    ``sourcecheck.scoring.writers.claimed``): the tests' second run writing it. It lets go
    when its standard input is closed or it is killed; the test's end kills it."""
    holders: list[subprocess.Popen[bytes]] = []

    def hold(output: Path) -> subprocess.Popen[bytes]:
        pipe = subprocess.PIPE
        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLD, str(output)], stdin=pipe, stdout=pipe
        )
        holders.append(holder)
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        return holder

    yield hold
    for holder in holders:
        holder.kill()
        holder.communicate()
