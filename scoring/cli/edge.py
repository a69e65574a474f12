"""What every command shares: option types with help text, and errors turned into exit codes."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from sourcecheck.scoring.errors import SourcecheckError

F = TypeVar("F", bound=Callable[..., Any])

# Exit codes of DESIGN.md: 0 all scored, 2 usage error, 4 some inputs failed, 1 a gate failed.
EXIT_SOME_FAILED = 4

Paths = Annotated[
    list[str],
    typer.Argument(
        help="Articles: .txt/.md, .html/.htm, .jsonl, .csv, .parquet files, folders "
        "(searched recursively), or - for standard input.",
        show_default=False,
    ),
]
Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of standard output (written atomically; the format "
        "follows the suffix unless --format is given).",
    ),
]
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="Local worker processes; 0 means one per core. Results are identical for any value.",
    ),
]
Resume = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Go on from an earlier run that was stopped: skip every id already in --output "
        "(or in OUTPUT.partial, which a stopped run leaves), errors included, and keep those rows.",
    ),
]
LexiconDir = Annotated[
    str | None,
    typer.Option(
        "--lexicon-dir",
        help="A folder of lexicon files: NAME.txt replaces a shipped lexicon, NAME.add.txt "
        "extends it (one phrase per line, # comments).",
    ),
]


def worker_count(jobs: int) -> int:
    """``--jobs`` as a process count: 0 means one per core."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def edge(command: F) -> F:
    """Turn the project's exception into a one-line message and its exit code."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SourcecheckError as error:
            typer.echo(f"sourcecheck: error: {error.message}", err=True)
            raise typer.Exit(error.exit_code) from None

    return run  # type: ignore[return-value]
