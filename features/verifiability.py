"""Verifiability: dates, numbers, named entities, links and unattributed claims.

PLACEHOLDER: the full extractor replaces it, keeping this module's public names.
"""

from __future__ import annotations

import re

from sourcecheck.features.base import FamilyResult, FamilyTransformer, per_100_words
from sourcecheck.features.document import Document
from sourcecheck.features.evidence import Evidence

_NUMBER = re.compile(r"\d+")


def extract(doc: Document, lexicon_dir: str | None = None) -> FamilyResult:
    evidence = [Evidence("number", *m.span()) for m in _NUMBER.finditer(doc.text)]
    return FamilyResult({"specifics_per_100_words": per_100_words(len(evidence), doc.n_words)},
                        evidence)


class VerifiabilityFeatures(FamilyTransformer):
    family = "verifiability"
    feature_names = ("specifics_per_100_words",)

    def extract(self, doc: Document) -> FamilyResult:
        return extract(doc, self.lexicon_dir)
