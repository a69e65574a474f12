"""``sourcecheck score``: how well each article is sourced, and why."""

from __future__ import annotations

from typing import Annotated

import typer

from sourcecheck.features.families import feature_names
from sourcecheck.scoring.analysis import AnalysisOptions, analyze, skipping
from sourcecheck.scoring.cli.edge import (
    EXIT_SOME_FAILED,
    Jobs,
    LexiconDir,
    Output,
    Paths,
    Resume,
    edge,
    worker_count,
)
from sourcecheck.scoring.loading import iter_articles
from sourcecheck.scoring.progress import with_progress
from sourcecheck.scoring.scorer import ModelScorer, cached_model
from sourcecheck.scoring.tables import ScoreTable
from sourcecheck.scoring.writers import done_ids, open_writer, resolve_format


@edge
def score(
    paths: Paths,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Add the reasons: each feature's signed effect on the score (contributions), "
            "the top reasons in words, and the evidence spans (hedges, attributions, quotes, "
            "dates, numbers, entities, unattributed claims) with character offsets.",
        ),
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table (default), json, jsonl, csv or parquet (needs --output).",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            help="A skops model file from `sourcecheck train` (default: the shipped model). "
            "Pickle and joblib files are refused.",
        ),
    ] = None,
    output: Output = None,
    jobs: Jobs = 0,
    resume: Resume = False,
    lexicon_dir: LexiconDir = None,
) -> None:
    """Score how well each article is sourced (0 to 1), with its band and, on request, why.

    The score is the calibrated probability that the article is reliable, attributed
    reporting; the band (low, medium, high) uses the thresholds in the model card. One
    record per input article, in input order; an article that cannot be read gets an
    error record and the rest go on (exit code 4).

    Examples: sourcecheck score article.txt --explain;
    sourcecheck score archive.jsonl --format jsonl --output scores.jsonl
    """
    fmt = resolve_format(fmt, output)
    done = done_ids(output, fmt) if resume else set()
    cached_model(model)  # a refused or missing model stops here, before any work
    options = AnalysisOptions(evidence=explain, lexicon_dir=lexicon_dir)
    scorer = ModelScorer(model_path=model, explain=explain or fmt == "table")
    records = analyze(
        skipping(iter_articles(paths), done), options, jobs=worker_count(jobs), hook=scorer
    )
    failed = 0
    with open_writer(
        fmt,
        output,
        feature_columns=feature_names(),
        scored=True,
        nested=("contributions", "evidence", "text") if explain else (),
        resume=resume,
        table=ScoreTable,
    ) as writer:
        for record in with_progress(records, "scoring"):
            failed += record["status"] != "ok"
            writer.write(record)
    if failed:
        typer.echo(
            f"sourcecheck: {failed} input(s) could not be scored (see their records)", err=True
        )
        raise typer.Exit(EXIT_SOME_FAILED)
