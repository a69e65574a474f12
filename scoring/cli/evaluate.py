"""``sourcecheck evaluate``: publisher-grouped cross-validation with a bag-of-words baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sourcecheck.scoring.cli.edge import Jobs, edge, worker_count
from sourcecheck.scoring.cli.train import Corpora, fold_count
from sourcecheck.scoring.errors import UsageError

if TYPE_CHECKING:  # pandas is slow to import: only the commands that read corpora need it
    import pandas as pd


def _plot_folder(folder: Path) -> None:
    """Make the --plots folder before any work: a file of that name, or a place that
    cannot be written, was an internal error after the whole cross-validation."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"--plots {folder}: cannot make that folder ({error.strerror})") from None


@edge
def evaluate(
    corpus: Corpora,
    group_by: Annotated[
        str,
        typer.Option(
            "--group-by",
            help="Column that folds are grouped by: source (the publisher; a model that saw "
            "an outlet in training learns the outlet, not the writing) or corpus.",
        ),
    ] = "source",
    folds: Annotated[
        int,
        typer.Option(
            "--folds",
            min=0,
            callback=fold_count,
            help="Number of grouped folds; 0 = leave one group out.",
        ),
    ] = 5,
    plots: Annotated[
        Path | None,
        typer.Option(
            "--plots",
            help="Folder for PNG plots: ROC, reliability diagram, feature effects (the TF-IDF "
            "baseline beside each).",
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text (a report) or json (every figure).")
    ] = "text",
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline/--no-baseline",
            help="Also fit TF-IDF + logistic regression on the same folds, for comparison.",
        ),
    ] = True,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    jobs: Jobs = 0,
    corroboration: Annotated[
        bool,
        typer.Option(
            "--corroboration/--no-corroboration",
            help="Add the corroboration family, measured against an index of all the given "
            "corpora (test folds included: corroboration reads no labels; an article never "
            "matches itself and its own outlet never counts).",
        ),
    ] = False,
) -> None:
    """Cross-validate the classifier with folds grouped by publisher.

    Reports ROC AUC, average precision, F1 at the 'high' band threshold, Brier score and
    expected calibration error (10 bins), a per-publisher table, and the same figures for a
    TF-IDF + logistic regression baseline on the same folds. No publisher is ever in the
    training and test part of one fold.

    Feature frames are cached in .cache/features/ of the source checkout (in
    ~/.cache/sourcecheck/features, or under $XDG_CACHE_HOME, when installed from a wheel),
    keyed by the texts, the feature code and the lexicons in effect
    ($SOURCECHECK_LEXICON_DIR); SOURCECHECK_CACHE=DIR keeps them in DIR instead, and
    deleting the folder clears them (they are remade).

    Exit codes: 0 evaluated; 2 usage error (a corpus that cannot be found or read, labels
    a model cannot be fitted on); 3 internal error; 5 the output could not be written.

    Example: sourcecheck evaluate buzzfeed_webis_2016 --folds 0 --plots plots/
    """
    from sourcecheck.scoring import corpora, evaluation, training

    if fmt not in {"text", "json"}:
        raise UsageError(f"--format must be text or json, not {fmt!r}")
    if plots is not None:
        _plot_folder(plots)
    data = corpora.load_corpora(corpus)
    for line in corpora.left_out_lines(data):
        training.stderr_progress(f"evaluate: {line}")
    _check_group_by(data, group_by)
    # Before any feature is extracted: labels, publishers, and publishers in every fold.
    evaluation.check_cross_validation(data, folds, group_by)
    features = training.corpus_features(
        data,
        n_jobs=worker_count(jobs),
        progress=training.stderr_progress,
        corroboration=corroboration,
    )
    training.stderr_progress(f"evaluate: cross-validating {len(data)} articles")
    result = evaluation.cross_validate(
        data, features, folds=folds, seed=seed, baseline=baseline, group_by=group_by
    )
    summary = result.summary()
    if plots is not None:
        summary["plots"] = [str(p) for p in evaluation.plot(result, plots)]
    if fmt == "json":
        typer.echo(json.dumps(summary, indent=2))
    else:
        typer.echo(evaluation.format_text(summary))
        for path in summary.get("plots", []):
            typer.echo(f"plot: {path}")


def _check_group_by(data: pd.DataFrame, group_by: str) -> None:
    """Refuse a --group-by column that cannot group folds: one the corpus lacks (the
    loader gives every corpus the optional columns, empty when its files have none) or
    the label itself, which leaves every fold's training part one label."""
    if group_by == "label":
        raise UsageError(
            "--group-by label: folds grouped by the label would each train on one label, "
            "which no model can learn from; group by source or corpus"
        )
    if group_by not in data.columns:
        raise UsageError(f"--group-by {group_by!r}: no such column (try source or corpus)")
    if data[group_by].dropna().astype(str).str.strip().eq("").all():
        raise UsageError(
            f"--group-by {group_by!r}: no article has a {group_by} (the corpus has no "
            f"{group_by} column, or it is empty); try source or corpus"
        )
