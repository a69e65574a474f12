"""Corroboration: matches from independent outlets only, features, and the transformer."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion, Pipeline

from sourcecheck.features.corroboration import corroborate, extract
from sourcecheck.features.document import Document
from sourcecheck.features.transformers import CorroborationFeatures
from sourcecheck.scoring.articles import Article
from sourcecheck.scoring.errors import UsageError
from sourcecheck.scoring.reference_index import ReferenceIndex, build_index, open_index


def Art(id: str, text: str, source: str | None = None, **fields: str) -> Article:
    """An Article as a loader gives it (its input is its id)."""
    return Article(id=id, text=text, input=id, source=source, **fields)


SPILL_FOX = (
    "Senator Jane Roe of Ohio said on Tuesday that the Acme Corporation paid $4.5 million "
    "in fines over the Riverton chemical spill.\n"
    "The Environmental Protection Agency found 300 barrels of solvent near the Riverton "
    "water plant in March.\n"
    "Acme chief executive Tom Blake said the company had cleaned the Riverton site."
)
SPILL_NYT = (
    "The Acme Corporation will pay $4.5 million in fines for the Riverton chemical spill, "
    "Senator Jane Roe of Ohio announced Tuesday.\n"
    "Inspectors from the Environmental Protection Agency counted 300 barrels of solvent "
    "beside the Riverton water plant.\n"
    "Tom Blake, who runs Acme, told reporters the Riverton site had been cleaned."
)
SPILL_FOX_FOLLOWUP = (
    "Acme Corporation paid $4.5 million in fines over the Riverton chemical spill, Senator "
    "Jane Roe of Ohio said Tuesday.\n"
    "Riverton residents told Fox they still buy bottled water after 300 barrels were found."
)
BAKERY = (
    "The Springfield Farmers Guild gave its sourdough prize to Maple Street Bakery on "
    "Saturday at the county fair.\n"
    "Baker Ana Lopez said the winning loaf used a 40-year-old starter from Lisbon."
)
WIRE_COPY = "This report is republished from a syndication feed.\n" + SPILL_FOX

ARTICLES = [
    Art("fox-1", SPILL_FOX, "Fox", published="2019-03-05"),
    Art("nyt-1", SPILL_NYT, "NYT", published="2019-03-05"),
    Art("fox-2", SPILL_FOX_FOLLOWUP, "Fox", published="2019-03-06"),
    Art("hpo-1", BAKERY, "HuffPost", published="2019-03-05"),
    Art("wire-1", WIRE_COPY, "Wire", published="2019-03-06"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ReferenceIndex:
    folder = tmp_path_factory.mktemp("corroboration") / "index"
    build_index(ARTICLES, folder)
    return open_index(folder)


def _matched_ids(result_evidence: list) -> set[str]:
    return {m["id"] for ev in result_evidence for m in ev.extra["matches"]}


def test_other_outlet_corroborates(index: ReferenceIndex) -> None:
    result = extract(SPILL_FOX, index, article_id="fox-1", source="Fox", published="2019-03-05")
    assert _matched_ids(result.evidence) == {"nyt-1"}
    assert result.features["independent_outlets"] == 1
    assert 0 < result.features["corroborated_claim_share"] <= 1
    assert result.features["mean_best_similarity"] > 0


def test_same_outlet_never_counts(index: ReferenceIndex) -> None:
    result = extract(SPILL_FOX_FOLLOWUP, index, article_id="fox-2", source="fox")
    assert "fox-1" not in _matched_ids(result.evidence)
    assert "nyt-1" in _matched_ids(result.evidence)


def test_an_article_never_corroborates_itself(index: ReferenceIndex) -> None:
    # By id, and by text when the id is unknown (the same text under another outlet).
    by_id = extract(SPILL_NYT, index, article_id="nyt-1", source="somewhere else")
    assert "nyt-1" not in _matched_ids(by_id.evidence)
    by_text = extract(SPILL_NYT, index, source="somewhere else")
    assert "nyt-1" not in _matched_ids(by_text.evidence)


def test_a_syndicated_copy_collapses_to_its_origin(index: ReferenceIndex) -> None:
    # The NYT report matches the Fox story and its wire copy: one origin, the Fox story.
    result = extract(SPILL_NYT, index, article_id="nyt-1", source="NYT")
    matched = _matched_ids(result.evidence)
    assert "wire-1" not in matched
    assert matched == {"fox-1", "fox-2"} or matched == {"fox-1"}


def test_a_copy_does_not_corroborate_the_text_it_copies(index: ReferenceIndex) -> None:
    original = extract(SPILL_FOX, index, article_id="fox-1", source="Fox")
    assert "wire-1" not in _matched_ids(original.evidence)
    copy = extract(WIRE_COPY, index, article_id="wire-1", source="Wire")
    assert "fox-1" not in _matched_ids(copy.evidence)


def test_unrelated_story_does_not_match(index: ReferenceIndex) -> None:
    result = extract(BAKERY, index, article_id="hpo-1", source="HuffPost")
    assert _matched_ids(result.evidence) == set()
    assert result.features["corroborated_claim_share"] == 0


def test_no_claims_gives_nan_share(index: ReferenceIndex) -> None:
    result = extract("It may rain. Things could change.", index)
    assert result.features["claim_count"] == 0
    assert math.isnan(result.features["corroborated_claim_share"])
    assert math.isnan(result.features["mean_best_similarity"])
    assert result.evidence == []


def test_evidence_spans_are_claim_sentences(index: ReferenceIndex) -> None:
    doc = Document(SPILL_FOX)
    result = extract(doc, index, article_id="fox-1", source="Fox")
    assert result.evidence and all(ev.kind == "corroboration" for ev in result.evidence)
    assert {(ev.start, ev.end) for ev in result.evidence} <= set(doc.sentences)
    record = result.evidence[0].to_record(doc.text)
    assert set(record["matches"][0]) == {"id", "source", "similarity"}


def test_corroborate_many(index: ReferenceIndex) -> None:
    results = corroborate([ARTICLES[0], SPILL_NYT, Document(BAKERY)], index)
    assert len(results) == 3
    assert results[0].features["independent_outlets"] == 1


def test_transformer_in_a_pipeline_with_pandas_output(index: ReferenceIndex) -> None:
    frame = pd.DataFrame(
        {
            "id": [a.id for a in ARTICLES],
            "text": [a.text for a in ARTICLES],
            "source": [a.source for a in ARTICLES],
        }
    )
    pipe = Pipeline([("corroboration", CorroborationFeatures(index=index))])
    out = pipe.set_output(transform="pandas").fit_transform(frame)
    assert list(out.columns) == [
        "corroboration__claim_count",
        "corroboration__corroborated_claim_share",
        "corroboration__independent_outlets",
        "corroboration__mean_best_similarity",
    ]
    assert out.loc[0, "corroboration__independent_outlets"] == 1  # fox-1: only nyt-1
    assert out.loc[3, "corroboration__corroborated_claim_share"] == 0  # the bakery
    cloned = clone(pipe)
    assert cloned.steps[0][1].index is index  # the index is shared, not copied


def test_transformer_indexes_its_training_texts_without_an_index() -> None:
    texts = [SPILL_FOX, SPILL_NYT, BAKERY]
    union = FeatureUnion([("c", CorroborationFeatures())]).set_output(transform="pandas")
    out = union.fit_transform(texts)
    assert out.shape == (3, 4)
    assert np.array_equal(out["c__corroboration__independent_outlets"].to_numpy(), [1, 1, 0])


def test_transformer_accepts_an_index_path(index: ReferenceIndex) -> None:
    features = CorroborationFeatures(index=str(index.folder)).fit()
    assert features.get_feature_names_out()[0] == "corroboration__claim_count"
    assert features.transform([SPILL_NYT]).shape == (1, 4)


def test_transformer_without_reference_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        CorroborationFeatures().fit()
