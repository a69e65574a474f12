"""Evidence spans: where in the article text a measurement came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Evidence:
    """One span of the article text, ``text[start:end]``, of a given kind.

    ``extra`` holds the kind's own keys (DESIGN.md, "Evidence kinds"), for example
    ``scope`` for a hedge or ``cue``/``source``/``content`` for an attribution.
    """

    kind: str
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict)

    def to_record(self, text: str) -> dict[str, Any]:
        """The JSON form of DESIGN.md: offsets, the covered text, then the extra keys."""
        record: dict[str, Any] = {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
        }
        for key, value in self.extra.items():
            record[key] = list(value) if isinstance(value, tuple) else value
        return record
