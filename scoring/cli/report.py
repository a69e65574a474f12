"""``sourcecheck report``: one HTML page about a whole corpus, to read in a browser."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import typer

from sourcecheck.features.families import feature_names
from sourcecheck.scoring.analysis import AnalysisOptions, analyze
from sourcecheck.scoring.cli.edge import (
    Against,
    Failures,
    Jobs,
    LexiconDir,
    Model,
    edge,
    reference_index,
    worker_count,
)
from sourcecheck.scoring.errors import UsageError
from sourcecheck.scoring.html_report import HtmlReport
from sourcecheck.scoring.loading import iter_articles
from sourcecheck.scoring.progress import with_progress
from sourcecheck.scoring.scorer import ModelScorer, require_reference
from sourcecheck.scoring.writers import open_writer, refuse_writing_over_inputs

DEFAULT_OUTPUT = "sourcecheck-report.html"


@edge
def report(
    corpus: Annotated[
        list[str],
        typer.Argument(
            metavar="CORPUS",
            help="The corpus: .txt/.md, .html/.htm, .jsonl, .csv, .parquet files (and, when "
            "named, .tsv, tab-separated, plain or quoted as pandas writes it, and .json, an "
            "array of row objects or one) or folders (searched recursively). Rows with a "
            "`source` column are summarised per source; other articles per file or folder.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="The HTML file to write (.html or .htm). It is self-contained: open it "
            f"offline, attach it, or publish it as it is.  \\[default: {DEFAULT_OUTPUT}]",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str, typer.Option("--title", help="The heading of the page and its browser tab.")
    ] = "sourcecheck report",
    model: Model = None,
    against: Against = None,
    jobs: Jobs = 0,
    lexicon_dir: LexiconDir = None,
) -> None:
    """Write one HTML page about a corpus: scores, their spread, and why.

    The page opens with the score distribution, the mean score per source
    and a table of every article (click a column header to sort). Then each
    article: its score, its top reasons in words, and its text with hedges,
    boosters, attributions (source, cue, content), quotations, dates,
    numbers, links, entities, unattributed claims, datelines and credit
    lines (and with --against corroborated claims) highlighted (hover one
    for details). Articles that could not be scored are listed with the
    reason.

    Exit codes: 0 all scored; 2 usage error; 3 internal error; 4 some
    articles could not be scored (the report is still written); 5 the
    report could not be written.

    Example: sourcecheck report corpus/ --output report.html
    """
    default = output is None  # the messages must not blame an option the user never gave
    output = DEFAULT_OUTPUT if output is None else output
    if Path(output).suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"--output {output!r} must be an .html or .htm file")
    refuse_writing_over_inputs(output, corpus, default=default)
    # A refused or missing model, or one that needs --against, stops here, before any work.
    require_reference(model, against is not None)
    scorer = ModelScorer(model_path=model, explain=True)
    failures = Failures()
    articles = iter_articles(corpus)  # before --against indexes: a bad table stops here
    with reference_index(against) as index:
        options = AnalysisOptions(
            evidence=True, lexicon_dir=lexicon_dir, with_article=True, against=index
        )
        records = analyze(articles, options, jobs=worker_count(jobs), hook=scorer)
        with open_writer(
            "html",
            output,
            feature_columns=feature_names(corroboration=index is not None),
            scored=True,
            table=functools.partial(HtmlReport, title=title),
        ) as writer:
            for record in with_progress(records, "reporting"):
                failures.note(record)
                writer.write(record)
    typer.echo(f"sourcecheck: wrote {output}", err=True)
    failures.finish("scored")
