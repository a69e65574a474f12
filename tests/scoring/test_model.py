"""SourcingModel: calibrated scores, exact contributions, bands, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

from sourcecheck.scoring.errors import DataError
from sourcecheck.scoring.model import (
    SignConsistentLogisticRegression,
    SourcingModel,
    choose_band_thresholds,
    grouped_splits,
)


def synthetic(n: int = 240, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "attribution__named": rng.gamma(2.0, 1.0, n),
            "hedging__cues": rng.gamma(1.0, 1.0, n),
            "verifiability__share": rng.uniform(0, 1, n),
        }
    )
    frame.loc[frame.index % 9 == 0, "verifiability__share"] = np.nan  # empty denominators
    logit = 1.2 * np.log1p(frame["attribution__named"]) - 0.8 * frame["hedging__cues"]
    y = (logit + rng.logistic(size=n) > 0.3).astype(int).to_numpy()
    groups = np.array([f"pub{i % 8}" for i in range(n)])
    return frame, y, groups


@pytest.fixture(scope="module")
def fitted() -> tuple[SourcingModel, pd.DataFrame, np.ndarray]:
    frame, y, groups = synthetic()
    return SourcingModel(Cs=(0.1, 1.0)).fit(frame, y, groups=groups), frame, y


def test_sign_consistent_fit_keeps_directions_and_lets_no_missing_value_raise() -> None:
    # Column 0 marks label 1, column 1 marks label 0, column 2 (a missing indicator) marks
    # label 1 too: the indicator's weight is held at zero, never positive.
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    X = np.column_stack(
        [y + rng.normal(0, 1, 400), -y + rng.normal(0, 1, 400), (y == 1) & (rng.random(400) < 0.3)]
    )
    model = SignConsistentLogisticRegression(n_constrained=2).fit(X, y)
    assert model.coef_[0, 0] > 0 > model.coef_[0, 1]
    assert model.coef_[0, 2] == 0
    assert SignConsistentLogisticRegression(n_constrained=2).fit(X, 1 - y).coef_[0, 2] < 0


def test_an_article_with_nothing_to_measure_gains_nothing_from_it() -> None:
    # With attributions missing in mostly label-1 rows, the score of a row where the share
    # is missing must not exceed that of the same row with the share at its median.
    frame, y, groups = synthetic()
    frame.loc[(y == 1) & (frame.index % 3 == 0), "verifiability__share"] = np.nan
    model = SourcingModel(Cs=(1.0,)).fit(frame, y, groups=groups)
    row = frame.iloc[[1]].copy()
    row["verifiability__share"] = np.nan
    measured = row.copy()
    measured["verifiability__share"] = frame["verifiability__share"].median()
    assert model.predict_proba(row)[0] <= model.predict_proba(measured)[0] + 1e-6


def test_init_only_stores_params() -> None:
    model = SourcingModel(Cs=(0.5,), prior=0.3, random_state=7)
    assert model.get_params()["prior"] == 0.3
    assert not [k for k in vars(model) if k.endswith("_")]
    assert clone(model).get_params() == model.get_params()


def test_scores_are_probabilities_that_rank(fitted) -> None:
    model, frame, y = fitted
    scores = model.predict_proba(frame)
    assert scores.shape == (len(frame),)
    assert ((scores > 0) & (scores < 1)).all()
    assert roc_auc_score(y, scores) > 0.7
    assert scores[y == 1].mean() > scores[y == 0].mean() + 0.1
    assert model.feature_names_ == list(frame.columns)


def test_contributions_and_intercept_sum_to_the_logit(fitted) -> None:
    model, frame, _ = fitted
    contributions = model.contributions(frame)
    assert list(contributions.columns) == model.feature_names_
    logit = model.intercept_ + contributions.sum(axis=1).to_numpy()
    assert np.allclose(logit, model.decision_function(frame))
    assert np.allclose(1 / (1 + np.exp(-logit)), model.predict_proba(frame))
    assert model.expected_logit_ == model.intercept_


def test_missing_columns_are_imputed_not_fatal(fitted) -> None:
    model, frame, _ = fitted
    partial = frame.drop(columns=["hedging__cues"]).assign(extra=1.0)
    scores = model.predict_proba(partial)
    assert np.isfinite(scores).all()
    contributions = model.contributions(partial)
    assert np.allclose(
        model.intercept_ + contributions.sum(axis=1), model.decision_function(partial)
    )


def test_bands_follow_the_stored_thresholds(fitted) -> None:
    model, _, _ = fitted
    low, high = model.band_thresholds_
    assert 0 < low <= high < 1
    assert model.band(high) == "high"
    assert model.band(low - 1e-6) == "low"
    if low < high:
        assert model.band((low + high) / 2) == "medium"


def test_band_thresholds_from_out_of_fold_scores() -> None:
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 500)
    scores = np.clip(0.5 + 0.35 * (2 * y - 1) + rng.normal(0, 0.2, 500), 0.01, 0.99)
    low, high = choose_band_thresholds(y, scores)
    assert low < high


def test_band_thresholds_never_round_above_the_scores_that_define_them() -> None:
    # Separable training data: out-of-fold scores 0.000018 and 0.999982. The threshold
    # was rounded to 1.0, so no article could be "high" and evaluate reported F1 0 at AUC 1.
    y = np.array([0, 1] * 20)
    scores = np.where(y == 1, 0.999982, 0.000018)
    low, high = choose_band_thresholds(y, scores)
    assert low <= high <= 0.999982
    assert ((scores >= high) == (y == 1)).all()
    assert choose_band_thresholds(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.81236, 0.9]))[
        1
    ] == pytest.approx(0.8123)


def test_deterministic_for_a_seed() -> None:
    frame, y, groups = synthetic(seed=3)
    a = SourcingModel(Cs=(0.3,), random_state=5).fit(frame, y, groups=groups)
    b = SourcingModel(Cs=(0.3,), random_state=5).fit(frame, y, groups=groups)
    assert np.array_equal(a.predict_proba(frame), b.predict_proba(frame))


def test_prior_sets_the_base_rate_without_changing_the_ranking() -> None:
    frame, y, groups = synthetic(seed=4)
    a = SourcingModel(Cs=(0.3,)).fit(frame, y, groups=groups)
    b = SourcingModel(Cs=(0.3,), prior=0.2).fit(frame, y, groups=groups)
    assert b.prior_ == 0.2
    assert np.array_equal(np.argsort(a.predict_proba(frame)), np.argsort(b.predict_proba(frame)))
    assert b.predict_proba(frame).mean() < a.predict_proba(frame).mean()


def test_calibration_folds_never_share_a_publisher() -> None:
    _, y, groups = synthetic()
    for train, test in grouped_splits(y, groups, 5):
        assert not set(groups[train]) & set(groups[test])


def test_data_that_cannot_be_fitted_is_a_data_error() -> None:
    # One label, or a fold whose training part holds one label, failed inside numpy
    # (ZeroDivisionError) or with a bare ValueError: exit 3 from `sourcecheck train`.
    frame, y, groups = synthetic(n=40)
    with pytest.raises(DataError, match="both 0 and 1"):
        SourcingModel().fit(frame, np.ones(40, dtype=int), groups=groups)
    with pytest.raises(DataError, match="at least two source values"):
        SourcingModel().fit(frame, y, groups=np.full(40, "one outlet"))
    two = frame.iloc[:2]
    with pytest.raises(DataError, match="training part holds only label"):
        SourcingModel().fit(two, np.array([0, 1]), groups=np.array(["a", "b"]))
    assert issubclass(DataError, ValueError)  # what scikit-learn users catch


def test_coefficients_keep_each_features_own_direction() -> None:
    rng = np.random.default_rng(5)
    n = 400
    base = rng.normal(size=n)
    y = (base + rng.normal(0, 0.7, n) > 0).astype(int)
    # Two correlated markers of label 1: a plain fit gives one a negative (suppressor) weight.
    frame = pd.DataFrame({"a": base + rng.normal(0, 0.1, n), "b": base + rng.normal(0, 0.3, n)})
    groups = np.arange(n) % 5
    signed = SourcingModel(Cs=(10.0,)).fit(frame, y, groups=groups)
    assert (signed.feature_effects()["effect_per_sd"] >= 0).all()
    contributions = signed.contributions(frame)
    assert np.allclose(
        signed.intercept_ + contributions.sum(axis=1), signed.decision_function(frame)
    )
