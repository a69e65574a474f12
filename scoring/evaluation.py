"""Evaluation: publisher-grouped cross-validation, metrics, a per-publisher table, plots,
and a TF-IDF + logistic regression baseline on the same folds.

Folds are grouped by publisher (``source``): a model that sees an outlet in training learns
the outlet, not the writing. Every fold asserts that no publisher is on both sides.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    f1_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut
from sklearn.pipeline import Pipeline, make_pipeline

from sourcecheck.scoring.errors import DataError
from sourcecheck.scoring.linear_terms import sigmoid
from sourcecheck.scoring.model import SourcingModel, check_fold_labels, check_labels, logit


def calibration_bins(
    y: ArrayLike, scores: ArrayLike, bins: int = 10
) -> list[tuple[float, float, int]]:
    """(mean score, share labelled 1, articles) of each non-empty equal-width score bin."""
    y = np.asarray(y, dtype=float)
    scores = np.asarray(scores, dtype=float)
    index = np.minimum((scores * bins).astype(int), bins - 1)
    return [
        (float(scores[mask].mean()), float(y[mask].mean()), int(mask.sum()))
        for mask in (index == b for b in range(bins))
        if mask.any()
    ]


def expected_calibration_error(y: ArrayLike, scores: ArrayLike, bins: int = 10) -> float:
    """ECE over ``bins`` equal-width score bins: sum of |mean label - mean score| weighted
    by the bin's share of articles."""
    return _ece(calibration_bins(y, scores, bins))


def _ece(cells: list[tuple[float, float, int]]) -> float:
    total = sum(n for _, _, n in cells)
    return float(sum(n / total * abs(share - mean) for mean, share, n in cells))


def metrics(
    y: ArrayLike, scores: ArrayLike, predicted: ArrayLike, not_low: ArrayLike | None = None
) -> dict[str, float]:
    """ROC AUC, average precision, F1 of ``predicted`` (the 'high' band as label 1), Brier,
    ECE (10 bins), and with ``not_low`` the F1 of "not in the 'low' band" as label 1."""
    y = np.asarray(y)
    both = len(np.unique(y)) == 2
    result = {
        "roc_auc": float(roc_auc_score(y, scores)) if both else float("nan"),
        "average_precision": float(average_precision_score(y, scores)) if both else float("nan"),
        "f1": float(f1_score(y, predicted, zero_division=0)),
        "brier": float(brier_score_loss(y, scores, labels=[0, 1])),
        "ece": expected_calibration_error(y, scores),
    }
    if not_low is not None:
        result["f1_not_low"] = float(f1_score(y, not_low, zero_division=0))
    return result


def publisher_folds(
    groups: np.ndarray, folds: int, shuffle: int | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Outer folds grouped by publisher: ``folds`` GroupKFold splits, or leave one
    publisher out when ``folds`` is 0 (or at least the number of publishers).

    With ``shuffle`` (a seed), the publishers are dealt at random into ``folds`` folds of
    (nearly) equal publisher counts instead: with few publishers, one fixed split is one
    draw among many, and the spread over draws says how much a figure can be trusted.
    """
    groups = np.asarray(groups).astype(str)
    publishers = np.unique(groups)
    n_groups = len(publishers)
    if n_groups < 2:
        raise DataError("grouped evaluation needs articles from at least two groups (publishers)")
    dummy = np.zeros(len(groups))
    if folds <= 0 or folds >= n_groups:
        splits = list(LeaveOneGroupOut().split(dummy, groups=groups))
    elif shuffle is not None:
        dealt = np.random.default_rng(shuffle).permutation(publishers)
        fold_of = {publisher: i % folds for i, publisher in enumerate(dealt)}
        fold = np.array([fold_of[g] for g in groups])
        splits = [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(folds)]
    else:
        splits = list(GroupKFold(folds).split(dummy, groups=groups))
    for train, test in splits:
        shared = set(groups[train]) & set(groups[test])
        assert not shared, f"publisher(s) in train and test of one fold: {sorted(shared)}"
    return splits


def baseline_pipeline(seed: int = 0) -> Pipeline:
    """TF-IDF + logistic regression on the raw text: what a bag of words learns (mostly
    the outlet's vocabulary and topics)."""
    return make_pipeline(
        TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.9, max_features=50_000),
        LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000, random_state=seed),
    )


@dataclass
class CVResult:
    """Out-of-fold scores of the model (and the baseline) with the folds they came from."""

    data: pd.DataFrame  # id, source, corpus, label, score, predicted, fold (+ baseline_*)
    folds: int
    thresholds: list[tuple[float, float]]
    has_baseline: bool
    effects: pd.DataFrame | None = None
    baseline_terms: pd.DataFrame | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    group_by: str = "source"

    @property
    def scheme(self) -> str:
        n = self.data["fold"].nunique()
        unit = "publisher" if self.group_by == "source" else self.group_by
        return (
            f"leave-one-{unit}-out ({n} folds)"
            if self.folds <= 0
            else (f"GroupKFold by {unit} ({n} folds)")
        )

    def model_metrics(self) -> dict[str, float]:
        d = self.data
        return metrics(d["label"], d["score"], d["predicted"], d["not_low"])

    def fold_prior_metrics(self) -> dict[str, float]:
        """The strict variant: each fold calibrated to its own training share of label 1."""
        d = self.data
        return metrics(d["label"], d["score_fold_prior"], d["predicted"])

    def baseline_metrics(self) -> dict[str, float] | None:
        if not self.has_baseline:
            return None
        d = self.data
        return metrics(d["label"], d["baseline_score"], d["baseline_predicted"])

    def per_publisher(self) -> pd.DataFrame:
        """Per publisher: articles, share labelled 1, mean score, accuracy at the band
        threshold, Brier, AUC within the publisher (when it has both labels)."""
        rows = []
        for source, part in self.data.groupby("source"):
            y = part["label"].to_numpy()
            row = {
                "source": source,
                "n": len(part),
                "share_label_1": float(y.mean()),
                "mean_score": float(part["score"].mean()),
                "accuracy": float((part["predicted"] == y).mean()),
                "brier": float(brier_score_loss(y, part["score"], labels=[0, 1])),
                "roc_auc": float(roc_auc_score(y, part["score"]))
                if len(np.unique(y)) == 2
                else float("nan"),
            }
            if self.has_baseline:
                row["baseline_mean_score"] = float(part["baseline_score"].mean())
                row["baseline_roc_auc"] = (
                    float(roc_auc_score(y, part["baseline_score"]))
                    if len(np.unique(y)) == 2
                    else float("nan")
                )
            rows.append(row)
        return pd.DataFrame(rows).sort_values("n", ascending=False).reset_index(drop=True)

    def summary(self) -> dict[str, Any]:
        table = self.per_publisher()
        return {
            "scheme": self.scheme,
            "n_articles": len(self.data),
            "n_publishers": int(self.data["source"].nunique()),
            "share_label_1": float(self.data["label"].mean()),
            "model": self.model_metrics(),
            "model_fold_prior": self.fold_prior_metrics(),
            "baseline_tfidf_lr": self.baseline_metrics(),
            "band_thresholds_per_fold": [list(t) for t in self.thresholds],
            "per_publisher": json.loads(table.to_json(orient="records")),
        }


def check_cross_validation(data: pd.DataFrame, folds: int, group_by: str = "source") -> None:
    """Raise :class:`DataError` for data :func:`cross_validate` cannot run on (one label,
    one ``group_by`` value, a fold that trains on one, or whose model could not be fitted
    on its training part's labels), before any feature is extracted."""
    check_labels(data["label"], data[group_by], group_by)
    groups = data[group_by].astype(str).to_numpy()
    splits = publisher_folds(groups, folds)
    check_fold_groups(groups, splits, group_by)
    labels = data["label"].to_numpy(dtype=int)
    problem = _fold_label_problem(labels, groups, splits)
    if problem is not None:
        # More folds train on more: said when leaving one value out would pass.
        if folds <= 0 or _fold_label_problem(labels, groups, publisher_folds(groups, 0)):
            raise problem
        raise DataError(
            f"{problem.message}, or {more_folds(group_by)}: every fold can then be fitted"
        )
    SourcingModel().calibration_splits(labels, groups)  # the model of all the data


def _fold_label_problem(
    labels: np.ndarray, groups: np.ndarray, splits: list[tuple[np.ndarray, np.ndarray]]
) -> DataError | None:
    """Why a fold's model could not be fitted on the labels of its training part (one
    label in it, or in one of the inner folds it calibrates on), or None."""
    for train, _ in splits:
        try:
            check_fold_labels(labels[train])
            SourcingModel().calibration_splits(labels[train], groups[train])
        except DataError as error:
            return error
    return None


def more_folds(group_by: str) -> str:
    """What to try when a fold trains on too little: its training part grows with --folds."""
    return f"use more --folds (0 leaves one {group_by} value out at a time)"


def check_fold_groups(
    groups: np.ndarray, splits: list[tuple[np.ndarray, np.ndarray]], group_by: str
) -> None:
    """Raise :class:`DataError` unless every fold trains on two ``group_by`` values at
    least: each fold's model calibrates on inner folds grouped the same way. Checked before
    any fold is fitted, so the message names the cause, not the inner folds' check."""
    n_groups = len(np.unique(groups))
    for k, (train, _) in enumerate(splits):
        held = np.unique(groups[train])
        if len(held) >= 2:
            continue
        remedy = (
            more_folds(group_by)
            if n_groups >= 3
            else f"give the corpus articles from more publishers: at least three {group_by} "
            f"values (it has {n_groups})"
        )
        raise DataError(
            f"cross-validation fold {k + 1} of {len(splits)} trains on articles from one "
            f"{group_by} value only ({held[0]}), and its model needs two to calibrate on "
            f"folds grouped by {group_by}: {remedy}"
        )


def cross_validate(
    data: pd.DataFrame,
    features: pd.DataFrame,
    *,
    folds: int = 5,
    seed: int = 0,
    baseline: bool = True,
    group_by: str = "source",
    params: dict[str, Any] | None = None,
    shuffle: int | None = None,
) -> CVResult:
    """Out-of-fold scores from models fitted without the test fold's publishers.

    ``shuffle``: deal the publishers into folds at random with this seed (see
    :func:`publisher_folds`) instead of GroupKFold's fixed split.

    Each training fold fits its own SourcingModel (C, Platt calibration and band
    thresholds chosen on inner folds of that training part only); the baseline gets the
    same outer folds. ``params`` go to every SourcingModel.

    Prior: every fold's model is calibrated to one stated prior, the share of label 1 in
    ``data`` (as the shipped model is calibrated to its whole training set's share). That
    one number is the only thing the test publishers contribute. The strict variant, each
    fold calibrated to its own training share, is reported beside it (``score_fold_prior``,
    ``model_fold_prior``): with publishers whose label mix differs this much, it moves every
    test fold's scores by its training fold's base rate, which pooled AUC penalises.
    """
    groups = data[group_by].astype(str).to_numpy()
    y = data["label"].to_numpy(dtype=int)
    check_labels(y)
    splits = publisher_folds(groups, folds, shuffle)
    check_fold_groups(groups, splits, group_by)
    out = pd.DataFrame(
        {
            "id": data["id"].to_numpy(),
            "source": groups,
            "corpus": data["corpus"].to_numpy() if "corpus" in data else "",
            "label": y,
            "score": np.nan,
            "predicted": 0,
            "not_low": 0,
            "fold": -1,
        }
    )
    thresholds = []
    texts = data["text"].to_numpy() if baseline else None
    prior = float(y.mean())
    for k, (train, test) in enumerate(splits):
        check_fold_labels(y[train])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = SourcingModel(**{**(params or {}), "prior": prior, "random_state": seed})
            model.fit(features.iloc[train], y[train], groups=groups[train])
        for warning in caught:  # say which fold's model: not the one a user ships
            message = f"cross-validation fold {k + 1} of {len(splits)}: {warning.message}"
            warnings.warn(message, warning.category, stacklevel=2)
        logits = model.decision_function(features.iloc[test])
        scores = sigmoid(logits)
        train_prior = float(y[train].mean())
        out.loc[test, "score_fold_prior"] = sigmoid(logits - logit(prior) + logit(train_prior))
        out.loc[test, "score"] = scores
        out.loc[test, "predicted"] = (scores >= model.band_thresholds_[1]).astype(int)
        out.loc[test, "not_low"] = (scores >= model.band_thresholds_[0]).astype(int)
        out.loc[test, "fold"] = k
        thresholds.append(model.band_thresholds_)
        if baseline and texts is not None:
            base = baseline_pipeline(seed).fit(texts[train], y[train])
            base_scores = base.predict_proba(texts[test])[:, 1]
            out.loc[test, "baseline_score"] = base_scores
            out.loc[test, "baseline_predicted"] = (base_scores >= 0.5).astype(int)
    full = SourcingModel(**{**(params or {}), "random_state": seed}).fit(features, y, groups=groups)
    result = CVResult(
        out, folds, thresholds, baseline, effects=full.feature_effects(), group_by=group_by
    )
    if baseline and texts is not None:
        result.baseline_terms = _baseline_terms(baseline_pipeline(seed).fit(texts, y))
    return result


def _baseline_terms(pipeline: Pipeline, top: int = 15) -> pd.DataFrame:
    vectorizer, logistic = pipeline[0], pipeline[-1]
    terms = vectorizer.get_feature_names_out()
    coef = logistic.coef_[0]
    order = np.argsort(coef)
    picked = np.concatenate([order[:top], order[-top:]])
    return pd.DataFrame({"term": terms[picked], "weight": coef[picked]})


# -- plots ------------------------------------------------------------------------------


def plot(result: CVResult, folder: Path) -> list[Path]:
    """ROC curves, reliability diagram and feature effects (PNG), baseline beside each."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    d = result.data
    series = [("sourcecheck", "score")]
    if result.has_baseline:
        series.append(("TF-IDF + LR baseline", "baseline_score"))
    written = []

    fig, ax = plt.subplots(figsize=(5.5, 5))
    for name, column in series:
        fpr, tpr, _ = roc_curve(d["label"], d[column])
        auc = roc_auc_score(d["label"], d[column])
        ax.plot(fpr, tpr, label=f"{name} (AUC {auc:.3f})")
    ax.plot([0, 1], [0, 1], ls=":", c="grey")
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title=f"ROC, {result.scheme}")
    ax.legend(loc="lower right")
    written.append(_save(fig, folder / "roc.png"))

    fig, ax = plt.subplots(figsize=(5.5, 5))
    edges = np.linspace(0, 1, 11)
    for name, column in series:
        cells = calibration_bins(d["label"], d[column])
        xs, ys, counts = (list(values) for values in zip(*cells, strict=True))
        ece = _ece(cells)
        line = ax.plot(xs, ys, label=f"{name} (ECE {ece:.3f})")[0]
        # Marker area grows with the bin's articles: a bin of 3 says little, one of 300 a lot.
        ax.scatter(xs, ys, s=[12 + 200 * n / len(d) for n in counts], color=line.get_color())
        for x, y, n in cells:
            ax.annotate(f"{n}", (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.plot(edges, edges, ls=":", c="grey")
    ax.set(
        xlabel="mean predicted score (10 bins; numbers: articles per bin)",
        ylabel="share labelled 1",
        title="Reliability diagram",
    )
    ax.legend(loc="upper left")
    written.append(_save(fig, folder / "reliability.png"))

    if result.effects is not None:
        ncols = 2 if result.baseline_terms is not None else 1
        n = len(result.effects)
        fig, axes = plt.subplots(1, ncols, figsize=(6 * ncols, max(3, 0.3 * n + 1)))
        axes = np.atleast_1d(axes)
        eff = result.effects.iloc[::-1]
        axes[0].barh(
            eff["feature"],
            eff["effect_per_sd"],
            color=np.where(eff["effect_per_sd"] > 0, "tab:green", "tab:red"),
        )
        axes[0].set(xlabel="calibrated logit per SD", title="sourcecheck feature effects")
        if result.baseline_terms is not None:
            terms = result.baseline_terms
            axes[1].barh(
                terms["term"],
                terms["weight"],
                color=np.where(terms["weight"] > 0, "tab:green", "tab:red"),
            )
            axes[1].set(xlabel="weight", title="TF-IDF + LR baseline: top terms")
        written.append(_save(fig, folder / "feature_effects.png"))
    return written


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


# -- rendering --------------------------------------------------------------------------


NAN = float("nan")


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "n/a" if np.isnan(value) else f"{value:.3f}"
    return str(value)


def format_text(summary: dict[str, Any]) -> str:
    """A plain-text report of one ``CVResult.summary()`` (the baseline's column only when
    it was fitted)."""
    base = summary.get("baseline_tfidf_lr")
    lines = [
        f"{summary['scheme']}: {summary['n_articles']} articles, "
        f"{summary['n_publishers']} publishers, {summary['share_label_1']:.0%} labelled 1",
        "",
        f"{'metric':<20}{'sourcecheck':>14}" + (f"{'TF-IDF+LR':>14}" if base else ""),
    ]
    for key in ("roc_auc", "average_precision", "f1", "f1_not_low", "brier", "ece"):
        row = f"{key:<20}{_fmt(summary['model'].get(key, NAN)):>14}"
        lines.append(row + (f"{_fmt(base.get(key, NAN)):>14}" if base else ""))
    strict = summary.get("model_fold_prior")
    if strict:
        lines.append(
            f"(each fold at its own training prior: AUC {_fmt(strict['roc_auc'])}, "
            f"ECE {_fmt(strict['ece'])}, Brier {_fmt(strict['brier'])})"
        )
    lines += ["", "per publisher (accuracy: 'high' read as label 1, else 0):"]
    # The summary's NaN are None (JSON has no NaN): a column of them printed "None".
    table = pd.DataFrame(summary["per_publisher"]).fillna(NAN).infer_objects()
    if not table.empty:
        lines.append(table.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="n/a"))
    return "\n".join(lines)


def card_markdown(card: dict[str, Any]) -> str:
    """The card's Markdown (MODEL.card.md) from the card dictionary."""
    model = card["model"]
    bands = card["band_thresholds"]
    lines = [
        "# sourcecheck model card",
        "",
        f"- **File:** `{card['model_file']}` (sha256 `{card['model_sha256']}`)",
        f"- **Created:** {card['created']}",
        f"- **Rebuild (shipped model):** `{card['shipped_rebuild_command']}`",
        f"- **This file was built with:** `{card['rebuild_command']}`",
        f"- **What the score means:** {card['what_the_score_means']}",
        "",
        "## Model",
        "",
        f"{model['type']}. C = {model['C']} (chosen by publisher-grouped inner CV from "
        f"{model['Cs_tried']}), class_weight = {model['class_weight']}, seed = {model['seed']}.",
        "",
        "Explanations are exact: the calibrated logit is `intercept + sum(contributions)`, "
        "with contribution_j = Platt slope x coefficient_j x standardised feature_j (plus its "
        "missing-indicator term), so a contribution is a feature's push away from an "
        f"average training article (expected logit {model['intercept (expected logit)']:.3f}).",
        "",
        "## Band thresholds",
        "",
        f"- low: score < {bands['low_below']}",
        f"- medium: {bands['low_below']} <= score < {bands['high_from']}",
        f"- high: score >= {bands['high_from']}",
        "",
        bands["how_chosen"],
        "",
        "## Training data",
        "",
        f"{card['n_articles']} articles, {card['n_publishers']} publishers, from "
        f"{', '.join(card['training_corpora'])}.",
        "",
        "| corpus | label 0 | label 1 |",
        "|---|---|---|",
    ]
    for corpus, counts in card["articles_per_corpus_and_label"].items():
        lines.append(f"| {corpus} | {counts.get('0', 0)} | {counts.get('1', 0)} |")
    lines += ["", "Label mapping:", ""]
    for corpus, mapping in card["label_mapping"].items():
        lines.append(f"- {corpus}: {json.dumps(mapping)}")
    lines += ["", "## Cross-validated metrics (folds grouped by publisher)", ""]
    for name, summary in card["cross_validated_metrics"].items():
        base = summary.get("baseline_tfidf_lr") or {}
        lines += [
            f"### {name}: {summary['scheme']}, {summary['n_articles']} articles, "
            f"{summary['n_publishers']} publishers",
            "",
            "| metric | sourcecheck | TF-IDF + LR baseline (same folds) |",
            "|---|---|---|",
        ]
        for key in ("roc_auc", "average_precision", "f1", "f1_not_low", "brier", "ece"):
            ours, theirs = summary["model"].get(key, NAN), base.get(key, NAN)
            lines.append(f"| {key} | {_fmt(ours)} | {_fmt(theirs)} |")
        strict = summary.get("model_fold_prior")
        if strict:
            lines += [
                "",
                f"Each fold calibrated to its own training prior instead: ROC AUC "
                f"{_fmt(strict['roc_auc'])}, ECE {_fmt(strict['ece'])}, Brier "
                f"{_fmt(strict['brier'])}.",
            ]
        lines += [
            "",
            "| publisher | n | share 1 | mean score | accuracy ('high' = 1) | AUC |",
            "|---|---|---|---|---|---|",
        ]
        small = [r for r in summary["per_publisher"] if r["n"] < 5]
        for row in (r for r in summary["per_publisher"] if r["n"] >= 5):
            lines.append(
                f"| {row['source']} | {row['n']} | {_fmt(row['share_label_1'])} | "
                f"{_fmt(row['mean_score'])} | {_fmt(row['accuracy'])} | "
                f"{_fmt(row['roc_auc'] if row['roc_auc'] is not None else float('nan'))} |"
            )
        if small:
            n = sum(r["n"] for r in small)
            lines.append(f"| {len(small)} publishers with < 5 articles | {n} | | | | |")
        lines.append("")
    lines += [
        "## Feature effects (calibrated logit per standard deviation)",
        "",
        "| feature | per SD | when missing |",
        "|---|---|---|",
    ]
    for row in card["feature_effects_per_sd"]:
        lines.append(
            f"| {row['feature']} | {row['effect_per_sd']:+.3f} | {row['missing_effect']:+.3f} |"
        )
    lines += [
        "",
        "## Features",
        "",
        ", ".join(f"`{f}`" for f in card["features"]),
        "",
        "## Training files",
        "",
        "Every file's sha256 is in the card's JSON file (`training_files`); per folder, the sha256 "
        "of the sorted `sha256  path` listing (sha256sum's format):",
        "",
        "| folder | files | sha256 of the listing |",
        "|---|---|---|",
    ]
    for item in card["training_file_digests"]:
        lines.append(f"| {item['folder']} | {item['files']} | `{item['sha256_of_listing']}` |")
    lines += ["", "## Versions", ""]
    lines += [f"- feature code sha256: `{card['feature_code_sha256']}`"]
    user_lexicons = card.get("user_lexicon_sha256")
    lines += [
        f"- user lexicon folder: sha256 `{user_lexicons}`"
        if user_lexicons
        else "- user lexicon folder: none (the shipped lexicons)"
    ]
    lines += [f"- {k}: {v}" for k, v in card["versions"].items()]
    lines += ["", "## Caveats", ""] + [f"- {c}" for c in card["caveats"]]
    return "\n".join(lines) + "\n"
