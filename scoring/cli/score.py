"""``sourcecheck score``: how well each article is sourced, and why."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Annotated

import typer

from sourcecheck.features.families import feature_names
from sourcecheck.scoring.analysis import AnalysisOptions, RepeatedIds, analyze, skipping
from sourcecheck.scoring.cli.edge import (
    EVIDENCE_SPANS,
    EXIT_SOME_FAILED,
    Against,
    Failures,
    Jobs,
    LexiconDir,
    Model,
    Output,
    Paths,
    Resume,
    edge,
    reference_index,
    worker_count,
)
from sourcecheck.scoring.errors import UsageError
from sourcecheck.scoring.fingerprints import made_with
from sourcecheck.scoring.html_report import HtmlReport
from sourcecheck.scoring.loading import iter_articles
from sourcecheck.scoring.modelio import model_sha256
from sourcecheck.scoring.progress import with_progress
from sourcecheck.scoring.scorer import ModelScorer, require_reference
from sourcecheck.scoring.tables import ScoreTable
from sourcecheck.scoring.writers import (
    FORMATS,
    claimed,
    done_ids,
    open_writer,
    refuse_writing_over_inputs,
    resolve_format,
    row_keys,
)


@edge
def score(
    paths: Paths,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Add the reasons: each feature's signed effect on the score (contributions), "
            f"the top reasons in words, and {EVIDENCE_SPANS}. The table then shows each "
            "article sentence by sentence first, each sentence with what its evidence says "
            "(an unattributed claim, who said what, hedges in whose voice); html always "
            "shows it all.",
        ),
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table, json, jsonl, csv, parquet (needs --output) or html: a report to read "
            "in a browser, the evidence highlighted in each article's text (implies "
            "--explain). Default: the --output file's suffix, else table (piped output too).",
            show_default=False,
        ),
    ] = None,
    model: Model = None,
    against: Against = None,
    output: Output = None,
    jobs: Jobs = 0,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local (this machine: --jobs processes) or dask (a Parquet/JSONL corpus in "
            "partitions on a Dask cluster; writes a Parquet folder; needs the dask extra: "
            "pip install 'sourcecheck[dask]').",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: the address of a running dask.distributed scheduler, "
            "e.g. tcp://10.0.0.5:8786 (default: a LocalCluster of --jobs workers); one "
            "not reached within 10 s is a usage error.",
        ),
    ] = None,
    resume: Resume = False,
    lexicon_dir: LexiconDir = None,
) -> None:
    """Score how well each article is sourced (0 to 1), with its band and, on request, why.

    The score is the calibrated probability that the article is reliable, attributed
    reporting; the band (low, medium, high) uses the thresholds in the model card. One
    record per input article, in input order; an article that cannot be read gets an
    error record and the rest go on.

    Exit codes: 0 all scored; 2 usage error; 3 internal error; 4 some inputs could not be
    scored (the others are still written); 5 the output could not be written.

    Examples: sourcecheck score article.txt --explain -f json;
    sourcecheck score archive.jsonl --format jsonl --output scores.jsonl
    """
    fmt = resolve_format(fmt, output, (*FORMATS, "html"))
    refuse_writing_over_inputs(output, paths)
    if engine not in ("local", "dask"):
        raise UsageError(f"unknown engine {engine!r}: choose local or dask")
    if scheduler is not None and engine != "dask":
        raise UsageError("--scheduler names a Dask scheduler: add --engine dask to use it")
    html = fmt == "html"
    # A refused or missing model, or one that needs --against, stops here, before any work.
    require_reference(model, against is not None)
    scorer = ModelScorer(model_path=model, explain=explain or fmt in ("table", "html"))
    nested = ("intercept", "reasons", "contributions", "evidence", "text") if explain else ()
    # Before --against indexes its corpus or Dask starts: a bad table stops here.
    articles = iter_articles(paths)
    # So does a second run writing this output.
    with claimed(output), reference_index(against) as index:
        # The report and the explained table show the evidence in the text: they need both.
        in_text = html or (explain and fmt == "table")
        options = AnalysisOptions(
            evidence=explain or html, lexicon_dir=lexicon_dir, with_article=in_text, against=index
        )
        columns = feature_names(corroboration=index is not None)
        # The index's sha256 reads all of it again: only an output file keeps it (for --resume).
        reference = index if output is not None else None
        made = made_with(lexicon_dir, model_sha256=model_sha256(model), reference=reference)
        if engine == "dask":
            failed = _score_with_dask(
                paths, output, options, scorer, columns, nested, scheduler, worker_count(jobs)
            )
            if failed:
                raise typer.Exit(EXIT_SOME_FAILED)
            return
        expected = row_keys(fmt, columns, scored=True, nested=nested)
        done = done_ids(output, fmt, expected, made) if resume else Counter()
        records = analyze(skipping(articles, done), options, jobs=worker_count(jobs), hook=scorer)
        failures, repeated = Failures(), RepeatedIds(done)
        with open_writer(
            fmt,
            output,
            feature_columns=columns,
            scored=True,
            nested=nested,
            resume=resume,
            made_with=made,
            table=HtmlReport if html else functools.partial(ScoreTable, explain=explain),
        ) as writer:
            for record in with_progress(records, "scoring"):
                failures.note(record)
                repeated.note(record)
                writer.write(record)
        repeated.finish()
    failures.finish("scored")


def _score_with_dask(
    paths: list[str],
    output: str | None,
    options: AnalysisOptions,
    scorer: ModelScorer,
    columns: list[str],
    nested: tuple[str, ...],
    scheduler: str | None,
    workers: int,
) -> int:
    """Score one corpus on Dask; returns how many rows could not be scored."""
    from sourcecheck.scoring import dask_engine

    if len(paths) != 1 or output is None:
        raise UsageError("--engine dask scores one corpus (PATH) into --output NAME.parquet")
    rows, failed = dask_engine.run(
        paths[0],
        output=output,
        options=options,
        hook=scorer,
        feature_columns=columns,
        nested=nested,
        scored=True,
        scheduler=scheduler,
        workers=workers,
    )
    typer.echo(f"sourcecheck: {rows} rows scored into {output} ({failed} errors)", err=True)
    if failed:  # named as the local engine names them, read back from what was written
        import pandas as pd

        errors = pd.read_parquet(
            output, columns=["input", "status", "error"], filters=[("status", "==", "error")]
        )
        failures = Failures()
        for row in errors.itertuples(index=False):
            failures.note({"input": row.input, "status": row.status, "error": row.error})
    return failed
