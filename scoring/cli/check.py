"""``sourcecheck check``: the CI gate on a labelled check corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sourcecheck.scoring.checking import FORMATS, RENDERERS, Settings, resolve_settings, run_check
from sourcecheck.scoring.cli.edge import Jobs, Model, Output, edge, log, worker_count
from sourcecheck.scoring.errors import UsageError, visible
from sourcecheck.scoring.scorer import require_reference
from sourcecheck.scoring.writers import (
    check_writable,
    refuse_writing_over_inputs,
    staged_output,
    writing_to,
)

EXIT_GATE_FAILED = 1
# --output's suffix picks the report format, as the shared --output help promises.
_SUFFIX_FORMATS = {".json": "json", ".xml": "junit"}


@edge
def check(
    corpus: Annotated[
        Path,
        typer.Argument(
            metavar="CORPUS",
            help="The check corpus: a folder (its .jsonl/.csv/.parquet/.txt articles; its "
            "pairs.csv, labels.tsv, README.md and pyproject.toml are configuration) or one "
            "file. JSON Lines, JSON, CSV and Parquet rows may carry label (1 attributed, 0 "
            "unsourced, empty for a draft) and expected_band (a band, a list of bands (in a "
            "CSV cell: 'medium high'), or empty). A folder's labels.tsv (tab-separated "
            "columns path and label, optional id, as data/examples/labels.tsv) labels the "
            ".txt/.md/.html files it names; an id it gives is the file's id in the report "
            "and pairs.csv (else its path).",
            show_default=False,
        ),
    ],
    min_auc: Annotated[
        float | None,
        typer.Option(
            "--min-auc",
            min=0.0,
            max=1.0,
            help="Fail when the ROC AUC over the labelled items is under this. Set it a "
            "documented margin below the measured value, so noise does not fail the build "
            "but a real regression does.",
            show_default=False,
        ),
    ] = None,
    pairs: Annotated[
        Path | None,
        typer.Option(
            "--pairs",
            help="CSV with attributed_id,unsourced_id: pairs whose order must hold (the "
            "attributed_id item must score above the other; a pair whose attributed_id item "
            "is labelled 0 and unsourced_id item 1 is a usage error: the columns look "
            "swapped). Ids as in the corpus (an id that several items share, or that no item "
            "has, is a usage error); a whole file may be named by its path inside CORPUS. "
            "Default: CORPUS/pairs.csv when CORPUS is a folder holding one.",
            show_default=False,
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0.0,
            max=1.0,
            help="Fail when any unlabelled item (a draft) scores under this: block a draft "
            "that names no sources before it is published.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="text (a summary; the default), json (every figure), junit (JUnit XML for "
            "CI test reports) or github (::error annotations for GitHub Actions). With "
            "--output and no --format: json for .json, junit for .xml, else text.",
            show_default=False,
        ),
    ] = None,
    output: Output = None,
    model: Model = None,
    jobs: Jobs = 0,
) -> None:
    """Score a check corpus and fail (exit 1) when the model misses what it must get right.

    Gates: every item is scored; ROC AUC on the labelled items is at least --min-auc;
    every pair keeps its order; every item with an expected_band lands in it; with
    --fail-under, no unlabelled draft scores under it. The reasons go to standard error,
    one line each; the report goes to standard output or --output. Thresholds may also
    come from \\[tool.sourcecheck.check] (min-auc, fail-under, pairs) in the corpus folder's
    pyproject.toml or the current project's; command-line options win.

    Exit codes: 0 every gate passed; 1 a gate failed (an item that cannot be scored
    fails the scoring gate); 2 usage error; 3 internal error; 5 the report could not be
    written.

    Examples: sourcecheck check data/curated;
    sourcecheck check drafts/ --fail-under 0.3 --format github
    """
    fmt = fmt or _SUFFIX_FORMATS.get(Path(output or "").suffix.lower(), "text")
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    # A report written over the corpus file, or into its folder (where the next run reads a
    # .txt report as a draft article), is refused before any work.
    refuse_writing_over_inputs(output, [str(corpus)])
    if output is not None:
        check_writable(output)  # not only once every item is scored
    # A refused or missing model, or one that weighs corroboration, stops here.
    require_reference(
        model, False, "check scores with no reference corpus: give a model trained without it"
    )
    given = Settings(min_auc, fail_under, str(pairs) if pairs is not None else None)
    report = run_check(
        corpus, resolve_settings(corpus, given), model=model, jobs=worker_count(jobs)
    )
    rendered = RENDERERS[fmt](report)
    if output is None:
        with writing_to("standard output"):
            typer.echo(rendered, nl=False)
    else:
        with staged_output(output) as staged, writing_to(repr(output)):
            Path(staged).write_text(rendered, encoding="utf-8")
    for warning in report.warnings():  # as the log shows every other warning
        log.warning("%s", visible(warning, inline=True))
    for failure in report.failures():  # one line each, whatever the ids hold
        typer.echo(visible(f"sourcecheck check: {failure}", inline=True), err=True)
    if not report.passed:
        raise typer.Exit(EXIT_GATE_FAILED)
