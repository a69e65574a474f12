"""Evidence spans: where in the article text a measurement came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from sourcecheck.features import compiled

_NO_EXTRA: Final[dict[str, Any]] = {}  # the default of ``extra``: each span gets a dict of its own
# Whether the result classes are compiled (mypyc): their __init__ then stores their fields
# directly, which a frozen dataclass's Python __init__ cannot (see Evidence.__init__).
COMPILED: Final = compiled()


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
        extra = {} if extra is _NO_EXTRA else extra
        if COMPILED:
            # a compiled class's own fields, stored in place: its frozen __setattr__ guards
            # the assignments of other code alone. The setters below cost about 3,000
            # instructions a span compiled (1.6% of the instructions per article).
            self.kind = kind  # type: ignore[misc]
            self.start = start  # type: ignore[misc]
            self.end = end  # type: ignore[misc]
            self.extra = extra  # type: ignore[misc]
        else:
            # the slots' own setters (see slot_setters): tens of spans per article
            _set_kind(self, kind)
            _set_start(self, start)
            _set_end(self, end)
            _set_extra(self, extra)

    def __reduce__(self) -> tuple[type[Evidence], tuple[str, int, int, dict[str, Any]]]:
        # pickled by its constructor's arguments: a class compiled by mypyc has no other way
        return Evidence, (self.kind, self.start, self.end, self.extra)

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


def slot_setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of a frozen slots dataclass's fields ``names``, for its own __init__:
    the generated one sets each field through object.__setattr__, and the slots' setters
    do the same at half the cost. They bypass the frozen class's refusal of assignments:
    only the class's own __init__ is to call them."""
    return tuple(cls.__dict__[name].__set__ for name in names)


_set_kind, _set_start, _set_end, _set_extra = slot_setters(
    Evidence, "kind", "start", "end", "extra"
)
