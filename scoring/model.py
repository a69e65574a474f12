"""The sourcing classifier: a calibrated, regularised linear model over the feature frame.

Pipeline: signed ``log1p`` of every feature (rates and counts are long-tailed) ->
``SimpleImputer(median, add_indicator=True)`` (a share with an empty denominator is NaN) ->
``StandardScaler`` -> L2 logistic regression with sign-consistent coefficients. No words,
no outlet: only the measured features go in, so the model cannot memorise a publisher's
vocabulary or topics.

Calibration is Platt scaling fitted on out-of-fold logits from folds grouped by publisher
(the final model never sees its own calibration rows' fold), with both labels weighted
equally, then shifted to a stated prior (``prior``, default: the training share of label
1). Why: the label mix of a corpus is an accident of which publishers were sampled (one
fold of BuzzFeed-Webis is 99% reliable, another 57%); learning it from whichever
publishers are in training would make scores depend on that mix. The prior is one
explicit number, stored as ``prior_``. Platt composes linearly with the linear model, so
the calibrated logit decomposes exactly::

    logit = intercept_ + sum_j contribution_j,    score = 1 / (1 + exp(-logit))
    contribution_j = a * coef_j * z_j  (+ a * coef_of_missing_j * z_missing_j)
    intercept_     = a * lr_intercept + b

where ``z`` is the standardised (imputed, log-scaled) feature and ``a, b`` the Platt
slope and offset. ``z = 0`` is the average training article, so ``intercept_`` is the
expected logit of an average article and a contribution is a feature's push away from it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.impute import SimpleImputer
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score, roc_curve
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sourcecheck.scoring.errors import DataError
from sourcecheck.scoring.linear_terms import LinearTerms, prepared, sigmoid

# Warned by SourcingModel.fit; `train` refuses such a model instead (training.fit_model).
NO_SIGNAL = "out-of-fold logits do not rank the labels: the model carries no signal"


def grouped_splits(
    y: np.ndarray, groups: np.ndarray | None, n_splits: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds that never share a group (publisher) between train and test.

    Without groups each row is its own group (stratified folds): only for data with no
    publisher, where an outlet cannot be learnt anyway. Every training part must hold
    both labels, or its model could not be fitted.
    """
    check_labels(y, groups)
    if groups is None:
        k = max(2, min(n_splits, int(np.bincount(y).min())))
        splits = list(StratifiedKFold(k).split(np.zeros(len(y)), y))
    else:
        n_groups = len(np.unique(groups))
        splits = list(GroupKFold(min(n_splits, n_groups)).split(np.zeros(len(y)), y, groups))
    for train, test in splits:
        if groups is not None:
            assert not set(groups[train]) & set(groups[test]), "a publisher in train and test"
        check_fold_labels(y[train], groups is not None)
    return splits


def check_labels(y: Any, groups: Any | None = None, group_by: str = "source") -> None:
    """Raise :class:`DataError` unless the labels hold both 0 and 1 and, with ``groups``
    (the ``group_by`` column), at least two groups: what any fit or grouped evaluation
    needs, checked before features are extracted."""
    counts = np.bincount(np.asarray(y, dtype=int), minlength=2)
    if len(counts) != 2 or counts.min() == 0:
        raise DataError(
            f"the labels must include both 0 and 1; found {counts[0]} labelled 0 and "
            f"{counts[1]} labelled 1"
        )
    if groups is not None and len(np.unique(np.asarray(groups).astype(str))) < 2:
        raise DataError(f"grouped folds need articles from at least two {group_by} values")


def check_fold_labels(y_train: np.ndarray, grouped: bool = True) -> None:
    """A training part of one fold must hold both labels."""
    if len(np.unique(y_train)) < 2:
        hint = "publishers (source)" if grouped else "articles"
        raise DataError(
            f"a cross-validation fold's training part holds only label {int(y_train[0])}: "
            f"give each label articles from more {hint}"
        )


def choose_band_thresholds(y: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """``(low, high)`` from out-of-fold scores, relative to the share of label 1 (``p``).

    The local rate of label 1 at each score is estimated out of fold with isotonic
    regression. ``high`` is the lowest score where that rate reaches ``(1 + p) / 2``
    (halfway from the average article to certainly reliable), ``low`` the lowest score
    where it exceeds ``p / 2`` (below it, the rate is at most half the average). So "high"
    and "low" mean clearly better or worse sourced than the average training article.
    When the scores never get there, both fall back to Youden's point (max TPR - FPR).
    """
    y = np.asarray(y, dtype=int)
    scores = np.asarray(scores, dtype=float)
    p = float(y.mean())
    rate = IsotonicRegression(out_of_bounds="clip").fit(scores, y).predict(scores)
    fpr, tpr, cuts = roc_curve(y, scores)
    finite = np.isfinite(cuts)
    youden = _rounded_down(float(cuts[finite][np.argmax((tpr - fpr)[finite])]))
    above = scores[rate >= (1 + p) / 2]
    over_low = scores[rate > p / 2]
    if not len(above) or not len(over_low):
        return youden, youden
    high, low = float(above.min()), float(over_low.min())
    if low >= high:
        return youden, youden
    return _rounded_down(low), _rounded_down(high)


def _rounded_down(threshold: float) -> float:
    """``threshold`` to 4 decimals, never above it: the article whose score defines a
    threshold stays at or over it (0.999982 rounded to 1.0 put no article in "high")."""
    rounded = round(threshold, 4)
    return rounded if rounded <= threshold else round(rounded - 1e-4, 4)


class SignConsistentLogisticRegression(ClassifierMixin, BaseEstimator):
    """L2 logistic regression whose first ``n_constrained`` coefficients keep the sign of
    their feature's own direction in the training data (class-balanced mean difference).

    Why: correlated features (entities per 100 words, distinct entities, specifics) let a
    plain fit give one of them the "wrong" sign to offset the others. That suppressor
    weight is fragile off the training corpus: an article with no named entities at all
    would gain score from it. With the constraint, more of a feature whose presence marks
    reliable articles never lowers the score.

    Columns past ``n_constrained`` (missing indicators) can only lower the score: a value
    that could not be measured earns nothing. Why: a share is missing when its
    denominator is empty (no attribution at all, so no named-source ratio), and in
    BuzzFeed-Webis the articles with no attribution are mostly short posts from reliable
    outlets: free indicators learnt that citing no one at all raises a sourcing score
    (an unsourced rant scored 0.91, "high"). Fitted with L-BFGS-B; deterministic.
    """

    def __init__(
        self,
        C: float = 1.0,
        class_weight: str | None = "balanced",
        n_constrained: int | None = None,
        max_iter: int = 2000,
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        self.n_constrained = n_constrained
        self.max_iter = max_iter

    def fit(self, X: Any, y: Any) -> SignConsistentLogisticRegression:
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=int)
        n, k = X.shape
        weights = _balanced_weights(y) if self.class_weight == "balanced" else np.ones(n)
        k_fixed = k if self.n_constrained is None else min(self.n_constrained, k)
        direction = np.average(X[y == 1], axis=0, weights=weights[y == 1]) - np.average(
            X[y == 0], axis=0, weights=weights[y == 0]
        )
        signs = np.ones(k)
        signs[:k_fixed] = np.where(direction[:k_fixed] < 0, -1.0, 1.0)
        Xs = X * signs
        target = 2.0 * y - 1.0
        penalty = 1.0 / self.C

        def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
            margin = target * (Xs @ w[:-1] + w[-1])
            loss = float(np.sum(weights * np.logaddexp(0.0, -margin)))
            g = -weights * target * expit(-margin)
            grad = np.concatenate([Xs.T @ g + penalty * w[:-1], [g.sum()]])
            return loss + 0.5 * penalty * float(w[:-1] @ w[:-1]), grad

        bounds = [(0.0, None)] * k_fixed + [(None, 0.0)] * (k - k_fixed) + [(None, None)]
        result = minimize(
            objective,
            np.zeros(k + 1),
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": self.max_iter},
        )
        self.signs_ = signs
        self.coef_ = (result.x[:-1] * signs).reshape(1, -1)
        self.intercept_ = np.array([result.x[-1]])
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = k
        self.n_iter_ = np.array([result.nit])
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        scores: np.ndarray = np.asarray(X, dtype=float) @ self.coef_[0] + self.intercept_[0]
        return scores

    def predict_proba(self, X: Any) -> np.ndarray:
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Any) -> np.ndarray:
        return (self.decision_function(X) > 0).astype(int)


class SourcingModel(BaseEstimator):
    """Calibrated P(reliable, attributed reporting) from a feature frame, with reasons.

    Parameters
    ----------
    Cs:
        Inverse L2 strengths tried; the one with the best grouped inner-CV log loss on the
        training data (never a test fold) is kept as ``C_``.
    calibration_folds:
        Publisher-grouped folds for the out-of-fold logits behind Platt scaling, the choice
        of ``C_`` and the band thresholds.
    sign_consistent:
        Keep each feature's coefficient at the sign of its own direction in the training
        data (see :class:`SignConsistentLogisticRegression`); ``False``: plain L2
        LogisticRegression.
    class_weight:
        Passed to the logistic regression; ``"balanced"`` keeps the minority class in view
        (Platt scaling restores calibrated probabilities afterwards).
    prior:
        The share of label 1 the scores are calibrated to; ``None``: the training share.
    random_state:
        Seed for the solver (the fit is deterministic for a fixed seed).
    """

    def __init__(
        self,
        Cs: Sequence[float] = (0.01, 0.1, 1.0),
        calibration_folds: int = 5,
        sign_consistent: bool = True,
        class_weight: str | None = "balanced",
        prior: float | None = None,
        random_state: int = 0,
    ) -> None:
        self.Cs = Cs
        self.calibration_folds = calibration_folds
        self.sign_consistent = sign_consistent
        self.class_weight = class_weight
        self.prior = prior
        self.random_state = random_state

    # -- fitting --------------------------------------------------------------------------

    def _pipeline(self, C: float) -> Pipeline:
        logistic: BaseEstimator
        if self.sign_consistent:
            logistic = SignConsistentLogisticRegression(
                C=C, class_weight=self.class_weight, n_constrained=len(self.feature_names_)
            )
        else:
            logistic = LogisticRegression(
                C=C, class_weight=self.class_weight, max_iter=5000, random_state=self.random_state
            )
        imputer = SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True)
        return Pipeline([("impute", imputer), ("scale", StandardScaler()), ("logistic", logistic)])

    def fit(self, frame: pd.DataFrame, y: Any, groups: Any | None = None) -> SourcingModel:
        """Fit on a feature frame (columns ``family__name``) and 0/1 labels, folds grouped
        by ``groups`` (the publisher of each row)."""
        self.feature_names_ = [str(c) for c in frame.columns]
        X = self._matrix(frame)
        y = np.asarray(y, dtype=int)
        splits = self.calibration_splits(y, groups)

        self.prior_ = float(y.mean() if self.prior is None else self.prior)
        if not 0.0 < self.prior_ < 1.0:
            raise ValueError(f"prior must be strictly between 0 and 1, got {self.prior_}")
        weights = _balanced_weights(y)
        best: tuple[float, float, np.ndarray, float, float] | None = None
        for C in self.Cs:
            oof = self._oof_logits(self._pipeline(C), X, y, splits)
            a, b = _platt(oof, y)
            loss = log_loss(y, sigmoid(a * oof + b), sample_weight=weights, labels=[0, 1])
            if best is None or loss < best[0] - 1e-9:
                best = (loss, float(C), oof, a, b)
        assert best is not None, "Cs must not be empty"
        _, self.C_, oof, a, b = best
        self.oof_auc_ = float(roc_auc_score(y, oof))  # before Platt's slope, which may flip it
        if a <= 0:  # only the chosen C's: a candidate that ranks backwards is never chosen
            warnings.warn(
                f"{NO_SIGNAL} (out-of-fold ROC AUC {self.oof_auc_:.3f})",
                RuntimeWarning,
                stacklevel=2,
            )

        self.pipeline_ = self._pipeline(self.C_).fit(X, y)
        self.platt_ = (a, b + logit(self.prior_))
        self.oof_scores_ = sigmoid(self.platt_[0] * oof + self.platt_[1])
        self.band_thresholds_ = choose_band_thresholds(y, self.oof_scores_)
        self.n_features_in_ = len(self.feature_names_)
        self.classes_ = np.array([0, 1])
        self._set_linear_terms()
        return self

    def calibration_splits(
        self, y: Any, groups: Any | None = None
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """The grouped folds :meth:`fit` chooses C and calibrates on. Raises
        :class:`DataError` for labels and groups no model can be fitted on: callable before
        any feature is extracted, as it needs none."""
        group_array = None if groups is None else np.asarray(groups).astype(str)
        return grouped_splits(np.asarray(y, dtype=int), group_array, self.calibration_folds)

    @staticmethod
    def _oof_logits(
        pipeline: Pipeline,
        X: np.ndarray,
        y: np.ndarray,
        splits: Sequence[tuple[np.ndarray, np.ndarray]],
    ) -> np.ndarray:
        oof = np.zeros(len(y))
        for train, test in splits:
            model = clone(pipeline).fit(X[train], y[train])
            oof[test] = model.decision_function(X[test])
        return oof

    def _set_linear_terms(self) -> None:
        """Per-column weights on the standardised inputs, folded with Platt's slope."""
        a, b = self.platt_
        logistic = self.pipeline_.named_steps["logistic"]
        self.column_weights_ = a * logistic.coef_[0]
        self.intercept_ = float(a * logistic.intercept_[0] + b)
        # Which feature each pipeline column belongs to: the features, then one missing
        # indicator per feature that had NaNs in training.
        imputer = self.pipeline_.named_steps["impute"]
        owners = list(range(len(self.feature_names_)))
        if imputer.indicator_ is not None:
            owners += [int(i) for i in imputer.indicator_.features_]
        self.column_owner_ = np.asarray(owners, dtype=int)

    # -- using ----------------------------------------------------------------------------

    def _matrix(self, frame: pd.DataFrame) -> np.ndarray:
        names = getattr(self, "feature_names_", None) or [str(c) for c in frame.columns]
        # A missing column (a family left out) is NaN: imputed like any missing value.
        aligned = frame.reindex(columns=names)
        return prepared(aligned.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float))

    def linear_terms(self) -> LinearTerms:
        """The fitted model as plain arrays: what scoring needs, without scikit-learn."""
        imputer = self.pipeline_.named_steps["impute"]
        scaler = self.pipeline_.named_steps["scale"]
        indicator = imputer.indicator_
        return LinearTerms.from_fitted(
            feature_names=self.feature_names_,
            statistics=imputer.statistics_,
            indicator_features=None if indicator is None else indicator.features_,
            mean=scaler.mean_,
            scale=scaler.scale_,
            column_weights=self.column_weights_,
            column_owner=self.column_owner_,
            intercept=self.intercept_,
            band_thresholds=self.band_thresholds_,
        )

    def decision_function(self, frame: pd.DataFrame) -> np.ndarray:
        """The calibrated logit per row (``intercept_ + contributions.sum(axis=1)``)."""
        return self.linear_terms().logits(self._matrix(frame))

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """Calibrated P(label 1: reliable, attributed reporting), one value per row."""
        return sigmoid(self.decision_function(frame))

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """1 where the score reaches the "high" band threshold, else 0."""
        return (self.predict_proba(frame) >= self.band_thresholds_[1]).astype(int)

    def contributions(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Signed effect of each feature on the calibrated logit, one row per article.

        ``intercept_ + contributions(frame).sum(axis=1)`` equals ``decision_function``
        (a missing value's indicator effect is added to its feature's effect).
        """
        per_feature = self.linear_terms().contributions(self._matrix(frame))
        return pd.DataFrame(per_feature, columns=self.feature_names_, index=frame.index)

    @property
    def expected_logit_(self) -> float:
        """The logit of an average training article (all contributions zero)."""
        return self.intercept_

    def band(self, score: float) -> str:
        """``"low"``, ``"medium"`` or ``"high"`` by the thresholds in ``band_thresholds_``."""
        return self.linear_terms().band(score)

    def feature_effects(self) -> pd.DataFrame:
        """Per feature: the calibrated logit change for one standard deviation more."""
        weights = np.zeros(len(self.feature_names_))
        direct = self.column_weights_[: len(self.feature_names_)]
        weights[:] = direct
        missing = np.zeros(len(self.feature_names_))
        for weight, owner in zip(
            self.column_weights_[len(self.feature_names_) :],
            self.column_owner_[len(self.feature_names_) :],
            strict=True,
        ):
            missing[owner] = weight
        table = pd.DataFrame(
            {"feature": self.feature_names_, "effect_per_sd": weights, "missing_effect": missing}
        )
        order = table["effect_per_sd"].abs().sort_values(ascending=False).index
        return table.loc[order].reset_index(drop=True)


def logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _balanced_weights(y: np.ndarray) -> np.ndarray:
    counts = np.bincount(y, minlength=2).astype(float)
    return np.asarray(len(y) / (2.0 * counts[y]))


def _platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and offset mapping a logit to a calibrated one at equal class weights (prior
    0.5; nearly unregularised)."""
    platt = LogisticRegression(C=1e4, max_iter=1000, class_weight="balanced").fit(
        logits.reshape(-1, 1), y
    )
    return float(platt.coef_[0, 0]), float(platt.intercept_[0])
