"""Evidence spans: where in the article text a measurement came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_NO_EXTRA: dict[str, Any] = {}  # the default of ``extra``: each span gets a dict of its own


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

    def __init__(self, kind: str, start: int, end: int, extra: dict[str, Any] = _NO_EXTRA) -> None:
        # The generated frozen __init__ sets each field through object.__setattr__; the
        # slots' own setters do the same at half the cost (tens of spans per article).
        _set_kind(self, kind)
        _set_start(self, start)
        _set_end(self, end)
        _set_extra(self, {} if extra is _NO_EXTRA else extra)

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


# The slots' setters (the frozen class's __setattr__ refuses every assignment).
_set_kind, _set_start, _set_end, _set_extra = (
    Evidence.__dict__[name].__set__ for name in ("kind", "start", "end", "extra")
)
