"""What scoring needs of a fitted model: its linear terms as plain numbers (numpy only).

A :class:`~sourcecheck.scoring.model.SourcingModel` scores an article by signed
``log1p`` of each feature -> median imputation with missing indicators -> standardising
-> a linear logit already folded with Platt scaling. :class:`LinearTerms` holds exactly
those numbers, so ``sourcecheck score`` can answer without importing scikit-learn (whose
import alone takes longer than the start-up budget). The model computes its own scores
through the same class, so there is one copy of the arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

BANDS = ("low", "medium", "high")


def signed_log1p(values: np.ndarray) -> np.ndarray:
    """``sign(x) * log1p(|x|)``: tames long tails, keeps zero and NaN where they are."""
    return np.sign(values) * np.log1p(np.abs(values))


def sigmoid(logit: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(logit, dtype=float)))


def prepared(values: np.ndarray) -> np.ndarray:
    """Raw feature values as the model's input: non-finite -> NaN (imputed), then log-scaled."""
    values = np.array(values, dtype=float)
    values[~np.isfinite(values)] = np.nan
    return signed_log1p(values)


@dataclass(frozen=True)
class LinearTerms:
    """The calibrated logit of a SourcingModel as arrays.

    ``fill``: the imputed value of each feature; ``indicated``: the features that get a
    missing-value indicator column (after the feature columns); ``mean``/``scale``: the
    standardisation of every column; ``weights``: each column's weight on the calibrated
    logit; ``owner``: the feature each column belongs to.
    """

    feature_names: tuple[str, ...]
    fill: np.ndarray
    indicated: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    owner: np.ndarray
    intercept: float
    band_thresholds: tuple[float, float]

    @classmethod
    def from_fitted(
        cls,
        *,
        feature_names: Sequence[str],
        statistics: Any,
        indicator_features: Any | None,
        mean: Any,
        scale: Any,
        column_weights: Any,
        column_owner: Any,
        intercept: float,
        band_thresholds: Sequence[float],
    ) -> LinearTerms:
        """From a fitted model's state, whether the live estimators or the values read from
        its skops file: the imputer's ``statistics_`` and missing indicator's ``features_``
        (None without one), the scaler's ``mean_``/``scale_``, and the SourcingModel's
        ``column_weights_``, ``column_owner_``, ``intercept_`` and ``band_thresholds_``."""
        return cls(
            feature_names=tuple(feature_names),
            fill=np.asarray(statistics, dtype=float),
            indicated=np.asarray([] if indicator_features is None else indicator_features, int),
            mean=np.asarray(mean, dtype=float),
            scale=np.asarray(scale, dtype=float),
            weights=np.asarray(column_weights, dtype=float),
            owner=np.asarray(column_owner, dtype=int),
            intercept=float(intercept),
            band_thresholds=(float(band_thresholds[0]), float(band_thresholds[1])),
        )

    def medians(self) -> dict[str, float]:
        """Each feature's median in training, its typical value: the imputed value (a
        median of the log-scaled feature) back on the feature's own scale."""
        typical = np.sign(self.fill) * np.expm1(np.abs(self.fill))
        return {name: float(value) for name, value in zip(self.feature_names, typical, strict=True)}

    def matrix(self, rows: Sequence[Mapping[str, float | None]]) -> np.ndarray:
        """The model's input from per-article feature dicts (a missing name is NaN)."""
        nan = math.nan
        values = [
            [nan if (v := row.get(name)) is None else v for name in self.feature_names]
            for row in rows
        ]
        return prepared(np.array(values, dtype=float).reshape(len(rows), len(self.feature_names)))

    def standardised(self, X: np.ndarray) -> np.ndarray:
        """Imputed, indicator-extended and standardised columns of a prepared matrix."""
        missing = np.isnan(X)
        filled = np.where(missing, self.fill, X)
        columns = np.hstack([filled, missing[:, self.indicated].astype(float)])
        standard: np.ndarray = (columns - self.mean) / self.scale
        return standard

    def logits(self, X: np.ndarray) -> np.ndarray:
        """The calibrated logit per row (``intercept + contributions.sum(axis=1)``)."""
        return self.intercept + self.standardised(X) @ self.weights

    def scores(self, X: np.ndarray) -> np.ndarray:
        """Calibrated P(reliable, attributed reporting) per row."""
        return sigmoid(self.logits(X))

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Each feature's signed effect on the logit (its indicator's effect included)."""
        effects = self.standardised(X) * self.weights
        per_feature = np.zeros((effects.shape[0], len(self.feature_names)))
        np.add.at(per_feature.T, self.owner, effects.T)
        return per_feature

    def band(self, score: float) -> str:
        """``"low"``, ``"medium"`` or ``"high"`` by ``band_thresholds``."""
        if score is None or math.isnan(score):
            raise ValueError("no score to band")
        low, high = self.band_thresholds
        return "high" if score >= high else "low" if score < low else "medium"
