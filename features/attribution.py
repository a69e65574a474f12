"""Attribution: who said what, with cue, source and content spans.

PLACEHOLDER: a minimal version so other families can rely on :func:`relations`;
the full extractor replaces it, keeping this module's public names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcecheck.features.base import FamilyResult, FamilyTransformer, per_100_words
from sourcecheck.features.document import Document, Span
from sourcecheck.features.evidence import Evidence

SOURCE_TYPES = ("named", "vague", "pronoun", "document", "anonymous")


@dataclass(frozen=True, slots=True)
class Relation:
    """One attribution relation; ``source`` is None when the text names none."""

    cue: Span
    source: Span | None
    content: Span
    source_type: str

    @property
    def start(self) -> int:
        return min(self.cue[0], self.content[0], *(self.source or self.cue))

    @property
    def end(self) -> int:
        return max(self.cue[1], self.content[1], *(self.source or self.cue))


_SAID = re.compile(r"\b([A-Z]\w+(?: [A-Z]\w+)*) (said|says|told)\b")


def _find_relations(doc: Document) -> list[Relation]:
    found = []
    for match in _SAID.finditer(doc.text):
        start, end = doc.sentences[doc.sentence_index(match.start())]
        found.append(Relation(match.span(2), match.span(1), (start, match.start(1)), "named"))
    return found


def relations(doc: Document, lexicon_dir: str | None = None) -> list[Relation]:
    """The Document's attribution relations, computed once per Document."""
    return doc.memo("attribution.relations", _find_relations)


def extract(doc: Document, lexicon_dir: str | None = None) -> FamilyResult:
    found = relations(doc, lexicon_dir)
    evidence = [
        Evidence("attribution", r.start, r.end, {"cue": r.cue, "source": r.source,
                 "content": r.content, "source_type": r.source_type})
        for r in found
    ]
    return FamilyResult({"relations_per_100_words": per_100_words(len(found), doc.n_words)},
                        evidence)


class AttributionFeatures(FamilyTransformer):
    family = "attribution"
    feature_names = ("relations_per_100_words",)

    def extract(self, doc: Document) -> FamilyResult:
        return extract(doc, self.lexicon_dir)
