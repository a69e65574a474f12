"""Every family inside Pipeline and FeatureUnion with pandas output (category_encoders style)."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from sourcecheck.features.document import Document
from sourcecheck.features.families import extract_all, feature_names
from sourcecheck.features.transformers import TRANSFORMERS

TEXTS = [
    "Officials said on Monday that 300 troops may leave. “We will go,” said Gen. Ray Smith.",
    "Reports suggest the troops are deserting. It is believed morale is low.",
    "",
]


@pytest.mark.parametrize("family", sorted(TRANSFORMERS))
def test_family_in_pipeline_with_pandas_output(family: str) -> None:
    pipeline = Pipeline([(family, TRANSFORMERS[family]())]).set_output(transform="pandas")
    frame = pipeline.fit_transform(pd.DataFrame({"text": TEXTS}, index=[10, 11, 12]))
    expected = [f"{family}__{name}" for name in TRANSFORMERS[family].feature_names]
    assert list(frame.columns) == expected
    assert list(frame.index) == [10, 11, 12]
    assert list(pipeline.get_feature_names_out()) == expected


def test_all_families_in_a_feature_union_share_parsed_documents() -> None:
    union = FeatureUnion(
        [(name, family()) for name, family in TRANSFORMERS.items()], verbose_feature_names_out=False
    )
    parse = FunctionTransformer(lambda texts: [Document(t) for t in texts], validate=False)
    # Only the union gives pandas output: the parse step hands Documents along.
    pipeline = Pipeline([("parse", parse), ("families", union.set_output(transform="pandas"))])
    frame = pipeline.fit_transform(TEXTS)
    assert list(frame.columns) == feature_names()
    assert frame.shape == (3, len(feature_names()))


def test_transformer_matches_extract_all_and_survives_clone() -> None:
    for name, family in TRANSFORMERS.items():
        transformer = clone(family(lexicon_dir=None)).fit(TEXTS)
        matrix = transformer.transform(TEXTS)
        for row, text in zip(matrix, TEXTS, strict=True):
            expected = extract_all(Document(text), families=(name,)).features
            np.testing.assert_array_equal(row, np.array(list(expected.values())))


def test_transformer_refuses_a_single_string_and_a_frame_without_text() -> None:
    transformer = next(iter(TRANSFORMERS.values()))().fit(TEXTS)
    with pytest.raises(TypeError, match="single one"):
        transformer.transform("just one text")
    with pytest.raises(ValueError, match="found: body"):
        transformer.transform(pd.DataFrame({"body": ["x"]}))


@pytest.mark.parametrize("item", [None, float("nan"), 5, b"Officials said so."])
def test_transformer_refuses_what_is_no_text(item: object) -> None:
    # None was measured as the text "None", and 5 as a text of one number.
    transformer = next(iter(TRANSFORMERS.values()))().fit(TEXTS)
    with pytest.raises(TypeError, match=r"item 1: expected a text"):
        transformer.transform([TEXTS[0], item])
