"""Scoring records with a model: score, band, contributions and reasons.

:class:`ModelScorer` is the chunk hook of :mod:`sourcecheck.scoring.analysis`: it holds
only the model's path, so it travels cheaply to worker processes, and each process
loads the model once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from sourcecheck.scoring.articles import Article
from sourcecheck.scoring.model import SourcingModel
from sourcecheck.scoring.modelio import load, load_default
from sourcecheck.scoring.reasons import top_reasons
from sourcecheck.scoring.records import put_in_order


@cache
def cached_model(path: str | None) -> SourcingModel:
    """The model at ``path`` (the shipped one for None), loaded once per process."""
    return load_default() if path is None else load(path)


def feature_frame(records: list[dict[str, Any]], names: list[str]) -> pd.DataFrame:
    """The model's input: one row per record, ``names`` columns, NaN where absent."""
    rows = [[_nan_if_none(record["features"].get(name)) for name in names] for record in records]
    return pd.DataFrame(np.array(rows, dtype=float).reshape(len(rows), len(names)), columns=names)


@dataclass(frozen=True)
class ModelScorer:
    """Adds ``score`` and ``band`` (and with ``explain`` contributions and reasons)."""

    model_path: str | None = None
    explain: bool = False

    def __call__(self, articles: list[Article | None], records: list[dict[str, Any]]) -> None:
        scored = [record for record in records if record["status"] == "ok"]
        for record in records:
            if record["status"] != "ok":
                record.update(score=None, band=None)
                put_in_order(record)
        if not scored:
            return
        model = cached_model(self.model_path)
        frame = feature_frame(scored, list(model.feature_names_))
        scores = model.predict_proba(frame)
        effects = model.contributions(frame).to_numpy() if self.explain else None
        for i, record in enumerate(scored):
            score = float(scores[i])
            extra: dict[str, Any] = {"score": round(score, 6), "band": model.band(score)}
            if effects is not None:
                contributions = [
                    {
                        "feature": name,
                        "value": record["features"].get(name),
                        "effect": round(float(effect), 6),
                    }
                    for name, effect in zip(model.feature_names_, effects[i], strict=True)
                ]
                contributions.sort(key=lambda item: abs(item["effect"]), reverse=True)
                extra["intercept"] = round(float(model.intercept_), 6)
                extra["contributions"] = contributions
                extra["reasons"] = top_reasons(contributions)
            record.update(extra)
            put_in_order(record)


def _nan_if_none(value: float | None) -> float:
    return float("nan") if value is None else value
