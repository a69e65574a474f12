"""``sourcecheck features``: the feature frame (and evidence) of articles, with no model."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Annotated

import typer

from sourcecheck.features.families import feature_names
from sourcecheck.scoring.analysis import AnalysisOptions, RepeatedIds, analyze, skipping
from sourcecheck.scoring.cli.edge import (
    EVIDENCE_SPANS,
    Against,
    Failures,
    Jobs,
    LexiconDir,
    Output,
    Paths,
    Resume,
    edge,
    reference_index,
    worker_count,
)
from sourcecheck.scoring.fingerprints import made_with
from sourcecheck.scoring.loading import iter_articles
from sourcecheck.scoring.progress import with_progress
from sourcecheck.scoring.tables import FeatureTable
from sourcecheck.scoring.writers import (
    claimed,
    done_ids,
    open_writer,
    refuse_made_otherwise,
    refuse_writing_over_inputs,
    resolve_format,
    row_keys,
)


@edge
def features(
    paths: Paths,
    evidence: Annotated[
        bool,
        typer.Option(
            "--evidence",
            help=f"Add each article's {EVIDENCE_SPANS.removeprefix('the ')} (the table shows "
            "them under each article's measurements, sentence by sentence).",
        ),
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table, jsonl, json, csv or parquet (needs --output). Default: the --output "
            "file's suffix, else table (piped output too).",
            show_default=False,
        ),
    ] = None,
    against: Against = None,
    output: Output = None,
    jobs: Jobs = 0,
    resume: Resume = False,
    lexicon_dir: LexiconDir = None,
) -> None:
    """Measure hedging, attribution and verifiability (and, with --against, corroboration)
    in articles, without scoring them.

    One record per input article, in input order; an article that cannot be read gets an
    error record and the rest go on.

    Exit codes: 0 all measured; 2 usage error; 3 internal error; 4 some inputs could not be
    measured (the others are still written); 5 the output could not be written.

    Example: sourcecheck features data/examples --format jsonl --evidence
    """
    fmt = resolve_format(fmt, output)
    refuse_writing_over_inputs(output, paths)
    columns = feature_names(corroboration=against is not None)
    nested = ("evidence", "text") if evidence else ()
    made = made_with(lexicon_dir)
    # Before --against indexes its corpus: a table without a text column stops here, and
    # so does a second run writing this output, or rows to resume made otherwise.
    articles = iter_articles(paths)
    with claimed(output):
        expected = row_keys(fmt, columns, nested=nested)
        done = done_ids(output, fmt, expected, made) if resume else Counter()
        with reference_index(against) as index:
            # Known once --against is indexed; the sha256 reads the index again, so only for
            # an output file, which keeps it (for --resume).
            if index is not None and output is not None:
                made = made_with(lexicon_dir, reference=index)
                if resume:
                    refuse_made_otherwise(output, made)
            # The table shows the evidence in the text: it needs both.
            in_text = evidence and fmt == "table"
            options = AnalysisOptions(
                evidence=evidence, lexicon_dir=lexicon_dir, with_article=in_text, against=index
            )
            records = analyze(skipping(articles, done), options, jobs=worker_count(jobs))
            failures, repeated = Failures(), RepeatedIds(done)
            with open_writer(
                fmt,
                output,
                feature_columns=columns,
                nested=nested,
                resume=resume,
                made_with=made,
                table=functools.partial(FeatureTable, evidence=evidence),
            ) as writer:
                for record in with_progress(records, "measuring"):
                    failures.note(record)
                    repeated.note(record)
                    writer.write(record)
            repeated.finish()
    failures.finish("analysed")
