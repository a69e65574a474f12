import dataclasses

import pytest

from sourcecheck.features.evidence import Evidence, slot_setters


def test_evidence_is_frozen_and_each_gets_its_own_extra() -> None:
    first, second = Evidence("date", 0, 4), Evidence("date", 5, 9)
    first.extra["relative"] = True
    assert second.extra == {}
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.start = 1  # type: ignore[misc]
    # set in place when compiled, by the slots' setters when not: the same fields either way
    shared = {"scope": "authorial"}
    span = Evidence("hedge", 3, 7, shared)
    assert (span.kind, span.start, span.end, span.extra) == ("hedge", 3, 7, shared)
    assert span.extra is shared
    assert dataclasses.replace(span, end=8) == Evidence("hedge", 3, 8, shared)


def test_to_record_gives_offsets_text_and_extra_keys_with_tuples_as_lists() -> None:
    record = Evidence("quote", 4, 9, {"spans": (1, 2)}).to_record("He: “yes” now")
    assert record == {"kind": "quote", "start": 4, "end": 9, "text": "“yes”", "spans": [1, 2]}


def test_slot_setters_set_the_named_fields_of_a_frozen_slots_class() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Pair:
        a: int
        b: int

    pair = Pair(1, 2)
    set_a, set_b = slot_setters(Pair, "a", "b")
    set_a(pair, 3)
    set_b(pair, 4)
    assert (pair.a, pair.b) == (3, 4)
