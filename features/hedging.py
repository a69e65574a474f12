"""Hedging: epistemic cues and weasel phrases, each in the author's or a source's voice.

PLACEHOLDER: the full extractor replaces it, keeping this module's public names.
"""

from __future__ import annotations

import re

from sourcecheck.features.base import FamilyResult, FamilyTransformer, per_100_words
from sourcecheck.features.document import Document
from sourcecheck.features.evidence import Evidence

_CUES = re.compile(r"\b(?:reportedly|allegedly|may|might|it is believed)\b", re.IGNORECASE)


def extract(doc: Document, lexicon_dir: str | None = None) -> FamilyResult:
    evidence = [
        Evidence("hedge", m.start(), m.end(), {"scope": "attributed" if doc.in_quote(m.start())
                                                 else "authorial"})
        for m in _CUES.finditer(doc.text)
    ]
    return FamilyResult({"cues_per_100_words": per_100_words(len(evidence), doc.n_words)},
                        evidence)


class HedgingFeatures(FamilyTransformer):
    family = "hedging"
    feature_names = ("cues_per_100_words",)

    def extract(self, doc: Document) -> FamilyResult:
        return extract(doc, self.lexicon_dir)
