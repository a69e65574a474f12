"""The top reasons for a score, in words a reader can check against the article."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

# How to say what a feature measured; {value} is the feature's value for this article.
PHRASES = {
    "attribution__attributed_claim_share": "{pct} of claim sentences are attributed",
    "attribution__named_source_ratio": "{pct} of attributions name their source",
    "attribution__distinct_named_sources": "{count} distinct named sources",
    "attribution__quotes_per_100_words": "{rate} direct quotations (4 words or more) per 100 words",
    "attribution__relations_per_100_words": "{rate} attributions per 100 words",
    "attribution__vague_attribution_rate": "{rate} vague attributions per 100 words",
    "attribution__anonymous_source_share": "{pct} of attributions are anonymous",
    "attribution__document_source_share": "{pct} of attributions cite a document",
    "attribution__attributed_quote_share": "{pct} of direct quotations are attributed",
    "hedging__cues_per_100_words": "{rate} hedges per 100 words",
    "hedging__authorial_cues_per_100_words": "{rate} authorial hedges per 100 words",
    "hedging__attributed_cues_per_100_words": "{rate} hedges in attributed speech per 100 words",
    "hedging__attributed_cue_share": "{pct} of hedges are in attributed speech",
    "hedging__hedged_sentence_share": "{pct} of sentences hedged",
    "hedging__weasel_per_100_words": "{rate} weasel phrases per 100 words (of the kind "
    "'experts say')",
    "hedging__authorial_hedged_sentence_share": "{pct} of sentences hedged in the author's voice",
    "hedging__authorial_boosters_per_100_words": "{rate} boosters per 100 words in the "
    "author's voice (of the kinds 'clearly', 'in fact')",
    "verifiability__dates_per_100_words": "{rate} dates per 100 words",
    "verifiability__absolute_dates_per_100_words": "{rate} calendar dates per 100 words",
    "verifiability__numbers_per_100_words": "{rate} figures per 100 words",
    "verifiability__links_per_100_words": "{rate} links per 100 words",
    "verifiability__named_entities_per_100_words": "{rate} named people or bodies per 100 words",
    "verifiability__distinct_named_entities": "{count} distinct named people or organisations",
    "verifiability__specifics_per_100_words": "{rate} checkable specifics per 100 words",
    # unattributed claims: assertions with no source and no date, number or link
    "verifiability__unattributed_claim_share": "{pct} of claim sentences have no source and no "
    "date, number or link",
    "verifiability__unattributed_claims_per_100_words": "{rate} unattributed claims (no source, "
    "no date, number or link) per 100 words",
    "corroboration__claim_count": "{count} check-worthy claims to corroborate",
    "corroboration__corroborated_claim_share": (
        "{pct} of check-worthy claims also in independent outlets"
    ),
    "corroboration__independent_outlets": "{count} independent outlets report the same claims",
    "corroboration__mean_best_similarity": (
        "{rate} mean similarity of the claims to their closest independent reports"
    ),
}


# Yes-or-no measurements: what 0 and what 1 say, and the one most training articles have.
# An article with the typical one is typical there, so it is no reason for its score; the
# effect (the average article holds a fraction of a dateline) stays in the contributions.
class Flag(NamedTuple):
    no: str
    yes: str
    typical: bool


FLAGS = {
    "verifiability__dateline_or_credit": Flag(
        no="no dateline or reporting credit (as in most articles)",
        yes="a dateline or reporting credit (of the kind 'WASHINGTON (AP) —')",
        typical=False,
    ),
}


# What an unmeasured share (null: its denominator was empty) says about the article.
UNMEASURED = {
    "attribution__attributed_claim_share": "no claim sentences (statements of six words or more)",
    "corroboration__corroborated_claim_share": "no checkable claims to corroborate",
    "corroboration__mean_best_similarity": "no checkable claims to corroborate",
}


def describe(feature: str, value: float | None) -> str:
    """One feature's measurement in words."""
    if value is None:
        if feature in UNMEASURED:
            return UNMEASURED[feature]
        return f"{feature.split('__', 1)[-1].replace('_', ' ')}: nothing to measure"
    if feature in FLAGS:
        return FLAGS[feature].yes if value >= 0.5 else FLAGS[feature].no
    template = PHRASES.get(feature, feature.split("__", 1)[-1].replace("_", " ") + " = {rate}")
    return template.format(pct=f"{value:.0%}", count=f"{value:.0f}", rate=f"{value:.2g}")


# A share whose denominator is zero measured nothing; its effect belongs to the measurement
# of that denominator, so "no quotations" is one reason, not a pair pulling both ways. The
# two claim shares have no count of claims to fold into: the unattributed one folds into
# the attributed one, so "no claim sentences" is one reason too; the two corroboration
# measures of claims fold into the count of claims, so "no claims" is not said twice.
DENOMINATORS = {
    "attribution__attributed_quote_share": "attribution__quotes_per_100_words",
    "attribution__named_source_ratio": "attribution__relations_per_100_words",
    "attribution__anonymous_source_share": "attribution__relations_per_100_words",
    "attribution__document_source_share": "attribution__relations_per_100_words",
    "hedging__attributed_cue_share": "hedging__cues_per_100_words",
    "verifiability__unattributed_claim_share": "attribution__attributed_claim_share",
    "corroboration__corroborated_claim_share": "corroboration__claim_count",
    "corroboration__mean_best_similarity": "corroboration__claim_count",
}


def fold_unmeasured(contributions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The contributions with each unmeasured share's effect added to its denominator's
    measurement (the sum of effects, and so the logit, is unchanged)."""
    by_feature = {item["feature"]: dict(item) for item in contributions}
    for share, denominator in DENOMINATORS.items():
        item = by_feature.get(share)
        if item is not None and item["value"] is None and denominator in by_feature:
            by_feature[denominator]["effect"] += item["effect"]
            del by_feature[share]
    return list(by_feature.values())


def corroboration_line(features: dict[str, Any], weighed: bool) -> str | None:
    """What --against found, in words, whether or not the model weighs it (the shipped
    model does not, so no reason would ever say it, and the line says so when it is not
    ``weighed``); None when it was not measured."""
    share = "corroboration__corroborated_claim_share"
    if share not in features:
        return None
    outlets = features.get("corroboration__independent_outlets") or 0
    claims = features.get("corroboration__claim_count") or 0
    counts = []
    if claims and features[share] is not None:
        counts.append(f"{round(features[share] * claims)} of {claims:.0f}")
    if outlets:
        counts.append(f"{outlets:.0f} outlet{'s' if outlets != 1 else ''}")
    notes = [", ".join(counts)] if counts else []
    if not weighed:
        notes.append("not in this model's score")
    return describe(share, features[share]) + (f" ({'; '.join(notes)})" if notes else "")


def _typical(item: dict[str, Any], medians: Mapping[str, float]) -> bool:
    """Whether a contribution's measurement is its feature's typical one: a flag's typical
    side (:data:`FLAGS`), or the training median ("0 boosters per 100 words", as in most
    articles)."""
    feature, value = item["feature"], item["value"]
    if value is None:
        return False
    if feature in FLAGS:
        return (value >= 0.5) == FLAGS[feature].typical
    return feature in medians and math.isclose(value, medians[feature], abs_tol=1e-9)


def top_reasons(
    contributions: list[dict[str, Any]], top: int = 3, medians: Mapping[str, float] | None = None
) -> list[str]:
    """The ``top`` largest effects, each as "measurement (raises|lowers the score)", after
    :func:`fold_unmeasured` and without a measurement at its typical value (a flag's usual
    side, a feature's training ``medians``): every reason is a measurement a reader can
    check, and one that sets this article apart."""
    candidates = [
        item for item in fold_unmeasured(contributions) if not _typical(item, medians or {})
    ]
    ranked = sorted(candidates, key=lambda item: abs(item["effect"]), reverse=True)
    return [
        f"{describe(item['feature'], item['value'])} "
        f"({'raises' if item['effect'] > 0 else 'lowers'} the score)"
        for item in ranked[:top]
        if item["effect"] != 0
    ]
