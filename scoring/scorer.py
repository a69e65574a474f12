"""Scoring records with a model: score, band, contributions and reasons.

:class:`ModelScorer` is the chunk hook of :mod:`sourcecheck.scoring.analysis`: it holds
only the model's path, so it travels cheaply to worker processes, and each process
loads the model once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sourcecheck.scoring.articles import Article
from sourcecheck.scoring.errors import UsageError
from sourcecheck.scoring.linear_terms import LinearTerms
from sourcecheck.scoring.modelio import load_default_terms, load_terms
from sourcecheck.scoring.reasons import top_reasons
from sourcecheck.scoring.records import put_in_order


@cache
def cached_terms(path: str | None) -> LinearTerms:
    """The linear terms of the model at ``path`` (the shipped one for None), read once per
    process; a missing or refused model file raises here."""
    return load_default_terms() if path is None else load_terms(path)


def require_reference(
    model_path: str | None,
    has_reference: bool,
    remedy: str = "give --against INDEX (a reference corpus)",
) -> None:
    """Refuse a model that weighs corroboration without a reference corpus to measure it
    against: its corroboration features would read as "no claims", a lower score and a
    false reason. ``remedy`` says what to do instead. Loads the model: a refused or missing
    one raises here too."""
    terms = cached_terms(model_path)
    if not has_reference and any(n.startswith("corroboration__") for n in terms.feature_names):
        raise UsageError(
            f"model {model_path} was trained with --corroboration and weighs it: {remedy}"
        )


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
        terms = cached_terms(self.model_path)
        X = terms.matrix([record["features"] for record in scored])
        scores = terms.scores(X)
        effects = terms.contributions(X) if self.explain else None
        medians = terms.medians() if self.explain else {}
        for i, record in enumerate(scored):
            score = float(scores[i])
            extra: dict[str, Any] = {"score": round(score, 6), "band": terms.band(score)}
            if effects is not None:
                contributions = [
                    {
                        "feature": name,
                        "value": record["features"].get(name),
                        "effect": round(float(effect), 6),
                    }
                    for name, effect in zip(terms.feature_names, effects[i], strict=True)
                ]
                contributions.sort(key=lambda item: abs(item["effect"]), reverse=True)
                extra["intercept"] = round(terms.intercept, 6)
                extra["contributions"] = contributions
                extra["reasons"] = top_reasons(contributions, medians=medians)
            record.update(extra)
            put_in_order(record)
