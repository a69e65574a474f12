"""``sourcecheck train``: fit and calibrate the model on labelled corpora; write its card."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sourcecheck.scoring.cli.edge import Jobs, edge, worker_count

Corpora = Annotated[
    list[str],
    typer.Argument(
        metavar="CORPUS",
        help="Labelled corpora: built-in names (buzzfeed_webis_2016, fakenewsnet_v1, "
        "golbeck_fake_vs_satire, seeds; read from $SOURCECHECK_CORPORA or ../shared/corpora) "
        "or your own JSONL/CSV/Parquet files or folders with text and label (0/1) columns, "
        "plus source (the publisher: folds are grouped by it, so give it when you can).",
        show_default=False,
    ),
]


def fold_count(value: int) -> int:
    """--folds: 0 (leave one publisher out) or at least 2; one fold trains on nothing."""
    if value == 1:
        raise typer.BadParameter("must be 0 (leave one publisher out) or at least 2, not 1")
    return value


@edge
def train(
    corpus: Corpora,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Model file to write (.skops). Its card is written beside it, named after it "
            "(m.skops: m.card.md and m.card.json): training files with sha256, label mapping, "
            "versions, features, band thresholds and publisher-grouped cross-validated metrics.",
            show_default=False,
        ),
    ],
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed: the same seed and data give the same model.")
    ] = 0,
    jobs: Jobs = 0,
    folds: Annotated[
        int,
        typer.Option(
            "--folds",
            min=0,
            callback=fold_count,
            help="Publisher-grouped folds for the card's metrics (0 = leave one publisher out).",
        ),
    ] = 5,
    evaluate: Annotated[
        bool,
        typer.Option(
            "--evaluate/--no-evaluate",
            help="Cross-validate for the card (slower; --no-evaluate writes a card without "
            "metrics).",
        ),
    ] = True,
    corroboration: Annotated[
        bool,
        typer.Option(
            "--corroboration/--no-corroboration",
            help="Add the corroboration family, measured against an index of the training "
            "corpora themselves (an article never matches itself, its own outlet never "
            "counts, syndicated copies count once). Articles scored without --against then "
            "have these columns missing (imputed).",
        ),
    ] = False,
) -> None:
    """Fit the sourcing classifier on labelled articles and calibrate its scores.

    Only the measured features go in (hedging, attribution, verifiability, ...): no words
    and no outlet names, so the model cannot memorise publishers. Progress goes to stderr.

    Feature frames are cached in .cache/features/ of the source checkout (in
    ~/.cache/sourcecheck/features, or under $XDG_CACHE_HOME, when installed from a wheel),
    keyed by the texts, the feature code and the lexicons in effect
    ($SOURCECHECK_LEXICON_DIR); SOURCECHECK_CACHE=DIR keeps them in DIR instead, and
    deleting the folder clears them (they are remade). A model that scores the labelled
    seed pair of data/examples backwards is written with a warning: its labels look swapped.

    Exit codes: 0 model and card written; 2 usage error (a corpus that cannot be found or
    read, labels a model cannot be fitted on, an --out that cannot be written, all found
    before any work; labels that out-of-fold scores do not rank (no learnable signal), found
    by the fit, when nothing is written); 3 internal error; 5 the model could not be
    written (a full disk).

    Example: sourcecheck train buzzfeed_webis_2016 fakenewsnet_v1 seeds --out model.skops
    """
    from sourcecheck.scoring.modelio import default_model_path
    from sourcecheck.scoring.training import train as run

    if Path(out).resolve() == Path(str(default_model_path())).resolve():
        # The documented rebuild does this on purpose; anyone else should know at once.
        typer.echo(
            f"train: {out} is the default model that `sourcecheck score` uses: it will be replaced",
            err=True,
        )
    card = run(
        corpus,
        out,
        seed=seed,
        n_jobs=worker_count(jobs),
        folds=folds,
        evaluate=evaluate,
        corroboration=corroboration,
    )
    metrics = card["cross_validated_metrics"].get("all training data")
    if metrics:
        m = metrics["model"]
        typer.echo(
            f"{out}: {card['n_articles']} articles, {card['n_publishers']} publishers; "
            f"{metrics['scheme']}: ROC AUC {m['roc_auc']:.3f}, ECE {m['ece']:.3f}"
        )
    else:
        typer.echo(f"{out}: {card['n_articles']} articles, {card['n_publishers']} publishers")
