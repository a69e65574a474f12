"""The ``sourcecheck`` command line: one module per command, registered here."""

from __future__ import annotations

from typing import Annotated

import typer

from sourcecheck.scoring.cli.check import check
from sourcecheck.scoring.cli.edge import Verbose, check_lexicon_environment, set_verbose
from sourcecheck.scoring.cli.evaluate import evaluate
from sourcecheck.scoring.cli.features import features
from sourcecheck.scoring.cli.index import index_app
from sourcecheck.scoring.cli.report import report
from sourcecheck.scoring.cli.score import score
from sourcecheck.scoring.cli.train import train

app = typer.Typer(
    name="sourcecheck",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
app.command()(score)
app.command()(features)
app.add_typer(index_app, name="index")
app.command()(train)
app.command()(evaluate)
app.command()(report)
app.command()(check)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"sourcecheck {version('sourcecheck')}")
        raise typer.Exit()


@app.callback()
def sourcecheck(
    verbose: Verbose = False,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Score how well news articles are sourced, and show why, sentence by sentence.

    Exit codes: 0 all scored; 1 a `check` gate failed; 2 usage error; 3 internal error;
    4 some inputs could not be scored (the others are still written); 5 the output could
    not be written (a full disk).
    """
    set_verbose(verbose)
    check_lexicon_environment()


def main() -> None:
    """The console script's entry point."""
    app()
