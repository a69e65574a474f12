"""``sourcecheck index``: build and extend the reference corpus index for corroboration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from sourcecheck.scoring.cli.edge import (
    EXIT_SOME_FAILED,
    Jobs,
    Paths,
    edge,
    note_skipped,
    worker_count,
)
from sourcecheck.scoring.loading import iter_articles

if TYPE_CHECKING:  # scipy is slow to import: only the index commands need it
    from sourcecheck.scoring.reference_index import BuildReport

index_app = typer.Typer(
    name="index",
    help="Build and extend the reference corpus index that corroboration matches claims against.",
    no_args_is_help=True,
)

IndexDir = Annotated[
    str,
    typer.Argument(
        metavar="INDEX",
        help="An index folder made by `sourcecheck index build`.",
        show_default=False,
    ),
]


def _summary(verb: str, where: str, report: BuildReport) -> None:
    """The counts, the skipped inputs, and exit 4 when some could not be read (as `score`
    does); ids already indexed are skipped by design and keep exit 0."""
    typer.echo(f"{verb} {report.n_added} article(s), {report.n_claims} claim(s) in {where}")
    note_skipped(report.skipped)
    if report.unreadable:
        raise typer.Exit(EXIT_SOME_FAILED)


@index_app.command("build")
@edge
def build(
    paths: Paths,
    out: Annotated[
        str,
        typer.Option(
            "--out",
            "-o",
            help="The index folder to write (replaced if it is already an index; any other "
            "non-empty folder is refused).",
            show_default=False,
        ),
    ],
    jobs: Jobs = 0,
) -> None:
    """Index a reference corpus: each article's claims, outlet, date and a text fingerprint.

    Build it once, then reuse it with `sourcecheck score --against DIR`. Inputs that cannot
    be read are reported and skipped. A plain-text article from standard input (-) is
    indexed as -:HASH (12 hex digits of its text's SHA-256), so each one added is kept. A
    file whose name is not UTF-8 is indexed under it with U+FFFD for the undecodable bytes,
    or with them escaped (\\xe9) when another file's name repaired the same way took that id.

    Exit codes: 0 indexed; 2 usage error (an empty corpus, a non-empty folder that is not
    an index); 3 internal error; 4 some inputs could not be read (the others are indexed);
    5 the index could not be written (a full disk).

    Example: sourcecheck index build corpus/ news.jsonl --out refindex
    """
    from sourcecheck.scoring.reference_index import build_index

    report = build_index(iter_articles(paths), out, jobs=worker_count(jobs))
    _summary("indexed", out, report)


@index_app.command("add")
@edge
def add(index_dir: IndexDir, paths: Paths, jobs: Jobs = 0) -> None:
    """Add articles to an existing index (ids already indexed are skipped and reported).

    Exit codes: 0 added (ids already indexed are skipped); 2 usage error (a missing,
    broken or other-version index); 3 internal error; 4 some inputs could not be read (the
    others are added); 5 the index could not be written (a full disk).

    Example: sourcecheck index add refindex today.jsonl
    """
    from sourcecheck.scoring.reference_index import add_to_index

    report = add_to_index(index_dir, iter_articles(paths), jobs=worker_count(jobs))
    _summary("added", index_dir, report)
