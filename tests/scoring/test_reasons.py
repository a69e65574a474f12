"""The reasons in words: one test per function of scoring/reasons.py."""

import re

import pytest

from sourcecheck.features.families import feature_names
from sourcecheck.scoring.reasons import (
    FLAGS,
    PHRASES,
    corroboration_line,
    describe,
    fold_unmeasured,
    top_reasons,
)


def item(feature: str, value: float | None, effect: float) -> dict[str, object]:
    return {"feature": feature, "value": value, "effect": effect}


def test_describe_says_the_measurement_or_that_there_was_nothing_to_measure() -> None:
    assert describe("attribution__distinct_named_sources", 10.0) == "10 distinct named sources"
    assert describe("attribution__attributed_claim_share", 0.25) == (
        "25% of claim sentences are attributed"
    )
    assert describe("attribution__named_source_ratio", None) == (
        "named source ratio: nothing to measure"
    )
    assert describe("attribution__attributed_claim_share", None).startswith("no claim sentences")


@pytest.mark.parametrize("feature", feature_names(corroboration=True))
def test_every_feature_of_every_family_has_words(feature: str) -> None:
    # Corroboration's read "claim count = 39 (raises the score)".
    assert feature in PHRASES or feature in FLAGS
    assert "=" not in describe(feature, 0.5)


def test_describe_says_a_flag_in_words() -> None:
    assert describe("verifiability__dateline_or_credit", 0.0).startswith("no dateline")
    assert describe("verifiability__dateline_or_credit", 1.0).startswith("a dateline")


def test_an_example_in_a_reason_reads_as_one_not_as_a_quotation() -> None:
    # "0.9 weasel phrases per 100 words ('experts say')" read as if the article said so.
    for feature in PHRASES:
        example = re.search(r"\('", describe(feature, 1.0))
        assert example is None, describe(feature, 1.0)
    weasels = describe("hedging__weasel_per_100_words", 0.9)
    assert weasels == "0.9 weasel phrases per 100 words (of the kind 'experts say')"


def test_unattributed_claims_are_described_by_what_they_lack() -> None:
    # "of claims have no source and no specifics": a named entity is a specific, and
    # does not keep a sentence from being an unattributed claim.
    assert describe("verifiability__unattributed_claim_share", 0.5) == (
        "50% of claim sentences have no source and no date, number or link"
    )
    rate = describe("verifiability__unattributed_claims_per_100_words", 1.5)
    assert rate == "1.5 unattributed claims (no source, no date, number or link) per 100 words"


def test_fold_unmeasured_moves_an_empty_share_into_its_denominator() -> None:
    folded = fold_unmeasured(
        [
            item("attribution__quotes_per_100_words", 0.0, -0.5),
            item("attribution__attributed_quote_share", None, 0.2),
            item("attribution__named_source_ratio", 0.5, 0.1),  # measured: kept
        ]
    )
    effects = {i["feature"]: i["effect"] for i in folded}
    assert effects == {
        "attribution__quotes_per_100_words": -0.3,
        "attribution__named_source_ratio": 0.1,
    }


def test_fold_unmeasured_makes_no_claim_sentences_one_reason() -> None:
    folded = fold_unmeasured(
        [
            item("attribution__attributed_claim_share", None, -2.0),
            item("verifiability__unattributed_claim_share", None, -1.5),
        ]
    )
    assert folded == [item("attribution__attributed_claim_share", None, -3.5)]


def test_no_claims_to_corroborate_is_one_reason_not_two() -> None:
    reasons = top_reasons(
        [
            item("corroboration__claim_count", 0.0, -0.25),
            item("corroboration__corroborated_claim_share", None, -1.0),
            item("corroboration__mean_best_similarity", None, -0.5),
        ]
    )
    assert reasons == ["0 check-worthy claims to corroborate (lowers the score)"]


def test_fold_unmeasured_keeps_a_share_whose_denominator_is_absent() -> None:
    alone = [item("attribution__attributed_quote_share", None, 0.2)]
    assert fold_unmeasured(alone) == alone


def test_top_reasons_ranks_the_folded_effects() -> None:
    reasons = top_reasons(
        [
            item("attribution__quotes_per_100_words", 0.0, -0.5),
            item("attribution__attributed_quote_share", None, 0.45),
            item("verifiability__dates_per_100_words", 0.0, -0.2),
            item("hedging__cues_per_100_words", 1.0, 0.0),
        ]
    )
    assert reasons == [
        "0 dates per 100 words (lowers the score)",
        "0 direct quotations (4 words or more) per 100 words (lowers the score)",
    ]


def test_top_reasons_leave_out_a_flag_at_its_typical_value() -> None:
    # "no dateline" (as in three articles of four) led the reasons of a 0.89 article.
    contributions = [
        item("verifiability__dateline_or_credit", 0.0, -0.24),
        item("verifiability__dates_per_100_words", 1.0, 0.2),
    ]
    assert top_reasons(contributions) == ["1 dates per 100 words (raises the score)"]
    present = [item("verifiability__dateline_or_credit", 1.0, 0.76)]
    assert top_reasons(present)[0].startswith("a dateline or reporting credit")


def test_top_reasons_leave_out_a_measurement_at_its_training_median() -> None:
    # "0 boosters per 100 words (raises the score)" led the reasons of 20 of 56 curated
    # articles, 31 of which have none: it set none of them apart.
    contributions = [
        item("hedging__authorial_boosters_per_100_words", 0.0, 0.3),
        item("verifiability__dates_per_100_words", 1.0, 0.2),
    ]
    medians = {"hedging__authorial_boosters_per_100_words": 0.0, "x": 1.0}
    assert top_reasons(contributions, medians=medians) == [
        "1 dates per 100 words (raises the score)"
    ]
    assert len(top_reasons(contributions)) == 2


def test_corroboration_line_only_when_measured() -> None:
    assert corroboration_line({"hedging__cues_per_100_words": 1.0}, weighed=True) is None
    no_claims = {
        "corroboration__corroborated_claim_share": None,
        "corroboration__independent_outlets": 0.0,
    }
    assert corroboration_line(no_claims, weighed=True) == "no checkable claims to corroborate"


def test_corroboration_line_counts_claims_and_outlets() -> None:
    features = {
        "corroboration__corroborated_claim_share": 1.0,
        "corroboration__independent_outlets": 1.0,
        "corroboration__claim_count": 1.0,
    }
    assert corroboration_line(features, weighed=True) == (
        "100% of check-worthy claims also in independent outlets (1 of 1, 1 outlet)"
    )
    none_found = {**features, "corroboration__corroborated_claim_share": 0.0}
    none_found["corroboration__independent_outlets"] = 0.0
    assert corroboration_line(none_found, weighed=True) == (
        "0% of check-worthy claims also in independent outlets (0 of 1)"
    )


def test_corroboration_line_says_when_the_model_does_not_weigh_it() -> None:
    # Listed among the top reasons, it read as a reason for a score it had no part in.
    features = {
        "corroboration__corroborated_claim_share": 0.1,
        "corroboration__independent_outlets": 1.0,
        "corroboration__claim_count": 10.0,
    }
    assert corroboration_line(features, weighed=False) == (
        "10% of check-worthy claims also in independent outlets "
        "(1 of 10, 1 outlet; not in this model's score)"
    )
    unmeasured = {"corroboration__corroborated_claim_share": None}
    assert corroboration_line(unmeasured, weighed=False) == (
        "no checkable claims to corroborate (not in this model's score)"
    )
