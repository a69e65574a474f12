"""Grouped cross-validation: no publisher on both sides of a fold; metrics; plots."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_model import synthetic

from sourcecheck.scoring import evaluation
from sourcecheck.scoring.errors import DataError


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, pd.DataFrame]:
    frame, y, groups = synthetic(n=200, seed=2)
    words = np.where(y == 1, "officials said on Monday", "it is believed that")
    articles = pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(y))],
            "text": [
                f"{w} story {g} number {i}"
                for i, (w, g) in enumerate(zip(words, groups, strict=True))
            ],
            "source": groups,
            "corpus": "synthetic",
            "label": y,
        }
    )
    return articles, frame


@pytest.mark.parametrize("folds", [3, 0])
def test_folds_never_share_a_publisher(folds: int) -> None:
    groups = np.array([f"p{i % 7}" for i in range(70)])
    splits = evaluation.publisher_folds(groups, folds)
    assert len(splits) == (7 if folds == 0 else 3)
    covered = np.concatenate([test for _, test in splits])
    assert sorted(covered) == list(range(70))
    for train, test in splits:
        assert not set(groups[train]) & set(groups[test])


def test_shuffled_folds_deal_publishers_evenly_and_never_share_one() -> None:
    groups = np.array([f"p{i % 9}" for i in range(90)])
    draws = [evaluation.publisher_folds(groups, 3, shuffle=seed) for seed in (0, 1)]
    for splits in draws:
        assert [len(set(groups[test])) for _, test in splits] == [3, 3, 3]
        for train, test in splits:
            assert not set(groups[train]) & set(groups[test])
    assert [set(groups[t]) for _, t in draws[0]] != [set(groups[t]) for _, t in draws[1]]


def test_cross_validate(data, tmp_path: Path) -> None:
    articles, frame = data
    result = evaluation.cross_validate(
        articles, frame, folds=4, baseline=True, params={"Cs": (0.3,), "calibration_folds": 3}
    )
    for fold in result.data["fold"].unique():
        part = result.data[result.data["fold"] == fold]
        rest = result.data[result.data["fold"] != fold]
        assert not set(part["source"]) & set(rest["source"])
    summary = result.summary()
    assert summary["model"]["roc_auc"] > 0.7
    assert 0 <= summary["model"]["ece"] <= 1
    assert summary["baseline_tfidf_lr"] is not None
    assert len(summary["per_publisher"]) == 8
    text = evaluation.format_text(summary)
    assert "roc_auc" in text and "TF-IDF" in text
    paths = evaluation.plot(result, tmp_path)
    assert {p.name for p in paths} == {"roc.png", "reliability.png", "feature_effects.png"}
    assert all(p.stat().st_size > 1000 for p in paths)


def test_the_report_says_what_was_run(data) -> None:
    # Grouped by another column it still said "by publisher", and without the baseline it
    # printed a TF-IDF column of n/a.
    articles, frame = data
    articles = articles.assign(desk=[f"d{i % 3}" for i in range(len(articles))])
    result = evaluation.cross_validate(
        articles,
        frame,
        folds=3,
        baseline=False,
        group_by="desk",
        params={"Cs": (0.3,), "calibration_folds": 3},
    )
    text = evaluation.format_text(result.summary())
    assert text.startswith("GroupKFold by desk (3 folds)")
    assert "TF-IDF" not in text


def test_calibration_bins_count_the_articles_of_each_non_empty_bin() -> None:
    cells = evaluation.calibration_bins([0, 1, 1, 0], [0.05, 0.95, 0.91, 0.99])
    assert [(round(m, 3), share, n) for m, share, n in cells] == [(0.05, 0.0, 1), (0.95, 2 / 3, 3)]


def test_expected_calibration_error() -> None:
    y = np.array([0, 0, 1, 1])
    assert evaluation.expected_calibration_error(y, np.array([0.0, 0.0, 1.0, 1.0])) == 0
    assert evaluation.expected_calibration_error(y, np.array([1.0, 1.0, 0.0, 0.0])) == 1
    assert np.isclose(evaluation.expected_calibration_error(y, np.full(4, 0.5)), 0.0)


def test_text_report_says_n_a_for_a_publisher_auc_it_cannot_have() -> None:
    # A publisher with one label has no AUC: the summary's None printed as "None".
    summary = {
        "scheme": "GroupKFold",
        "n_articles": 2,
        "n_publishers": 2,
        "share_label_1": 0.5,
        "model": {"roc_auc": 1.0},
        "per_publisher": [
            {"source": "a", "n": 1, "roc_auc": None},
            {"source": "b", "n": 1, "roc_auc": None},
        ],
    }
    text = evaluation.format_text(summary)
    assert "None" not in text and text.splitlines()[-1].split() == ["b", "1", "n/a"]


def test_a_fold_models_warning_says_which_fold(data, monkeypatch: pytest.MonkeyPatch) -> None:
    # "the model carries no signal" from one fold's model read, during `train`, as if it
    # were about the model being shipped.
    articles, frame = data
    fit = evaluation.SourcingModel.fit

    def warning_fit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        warnings.warn("no signal", RuntimeWarning, stacklevel=1)
        return fit(self, *args, **kwargs)

    monkeypatch.setattr(evaluation.SourcingModel, "fit", warning_fit)
    with pytest.warns(RuntimeWarning) as caught:
        evaluation.cross_validate(articles, frame, folds=3, params={"Cs": (0.3,)})
    messages = [str(w.message) for w in caught]
    assert [m for m in messages if m.startswith("cross-validation fold")] == [
        f"cross-validation fold {k} of 3: no signal" for k in (1, 2, 3)
    ]


def test_a_fold_training_on_one_publisher_says_so_and_what_to_do(
    data: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    # Two publishers: each fold trained on one, and the inner calibration folds' check
    # said "grouped folds need articles from at least two source values".
    articles, frame = data
    two = articles["source"].isin(articles["source"].unique()[:2]).to_numpy()
    with pytest.raises(DataError, match="trains on articles from one source value only") as info:
        evaluation.cross_validate(articles[two], frame[two], baseline=False)
    assert "more publishers: at least three source values (it has 2)" in str(info.value)
    three = articles["source"].isin(articles["source"].unique()[:3]).to_numpy()
    with pytest.raises(DataError, match=r"use more --folds"):
        evaluation.cross_validate(articles[three], frame[three], folds=2, baseline=False)


def test_a_fold_training_on_one_label_suggests_more_folds_only_when_they_would_do() -> None:
    # "give each label articles from more publishers" only: --folds 0 would have run.
    def labelled(kinds: dict[str, tuple[int, ...]]) -> pd.DataFrame:
        rows = [(p, label) for p, labels in kinds.items() for label in labels]
        return pd.DataFrame(rows, columns=["source", "label"])

    mixed = labelled({"a": (0, 0), "b": (1, 1), "c": (0, 1), "d": (0, 1)})
    with pytest.raises(DataError) as refused:
        evaluation.check_cross_validation(mixed, 2)
    assert refused.value.message == (
        "a cross-validation fold's training part holds only label 0: give each label "
        "articles from more publishers (source), or use more --folds (0 leaves one source "
        "value out at a time): every fold can then be fitted"
    )
    evaluation.check_cross_validation(mixed, 0)
    one_each = labelled({"a": (0, 0), "b": (0, 0), "c": (1, 1), "d": (1, 1)})
    for folds in (2, 0):  # no number of folds would do
        with pytest.raises(DataError, match=r"more publishers \(source\)$"):
            evaluation.check_cross_validation(one_each, folds)
