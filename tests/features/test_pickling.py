"""The features' results pickle and unpickle equal, in the pure and in the compiled build.

A class compiled by mypyc is rebuilt by its constructor, which pickle's default way (a
bare ``__new__``, then the attributes) does not call: each class says how (``__reduce__``).
sourcecheck's own workers (``--jobs``) send plain records; user code that sends results
between processes (joblib, multiprocessing) or caches them with pickle relies on this.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import TypeVar

from sourcecheck.features import attribution, cue_model, hedging
from sourcecheck.features.claims import extract_claims
from sourcecheck.features.document import Document
from sourcecheck.features.families import extract_all

T = TypeVar("T")
SEED = Path(__file__).resolve().parents[2] / "data" / "examples" / "attributed_002.txt"


def _round_trip(value: T) -> T:
    copy: T = pickle.loads(pickle.dumps(value))
    return copy


def test_results_pickle_equal() -> None:
    doc = Document(SEED.read_text(encoding="utf-8"))
    result = extract_all(doc)
    assert result.evidence
    copy = _round_trip(result)
    assert copy.evidence == result.evidence
    assert copy.features.keys() == result.features.keys()
    relations = attribution.relations(doc)
    assert relations and _round_trip(relations) == relations
    cues = hedging.find_cues(doc)
    assert cues and _round_trip(cues) == cues
    claims = extract_claims(doc)
    assert claims and _round_trip(claims) == claims


def test_document_pickles_by_its_text() -> None:
    doc = Document(SEED.read_text(encoding="utf-8"))
    copy = _round_trip(doc)
    assert copy.text == doc.text
    assert copy.sentences == doc.sentences and copy.quotes == doc.quotes
    # the text as read (Markdown marks blanked) is not read again
    doc = Document("**Mayor Jane Ortiz** said it.\u2028Then * * * she left.")
    assert _round_trip(doc).text == doc.text


def test_cue_model_pickles_equal() -> None:
    model = cue_model.load_model()
    copy = _round_trip(model)
    assert copy == model
    assert copy.names == model.names and copy.class_names == model.class_names
