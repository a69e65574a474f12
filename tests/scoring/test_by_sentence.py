"""The sentence-by-sentence view: one test per function of scoring/by_sentence.py."""

from __future__ import annotations

from sourcecheck.scoring.by_sentence import evidence_by_sentence, kind_of, notes

TEXT = "Officials said the bridge may close. It will reopen in May.  Nobody knows."


def _item(kind: str, part: str, **extra: object) -> dict:
    start = TEXT.index(part)
    return {"kind": kind, "start": start, "end": start + len(part), **extra}


def test_evidence_by_sentence_groups_items_by_the_sentence_they_start_in() -> None:
    hedge, date = _item("hedge", "may", scope="attributed"), _item("date", "May")
    between = {"kind": "number", "start": TEXT.index("  "), "end": TEXT.index("  ") + 1}
    grouped = evidence_by_sentence(TEXT, [date, hedge, between])
    assert [TEXT[a:b] for (a, b), _ in grouped] == [
        "Officials said the bridge may close.",
        "It will reopen in May.",
        "Nobody knows.",
    ]
    assert [items for _, items in grouped] == [[hedge], [date, between], []]


def test_evidence_by_sentence_of_a_text_with_no_sentence() -> None:
    assert evidence_by_sentence("   ", [{"kind": "date", "start": 0, "end": 1}]) == []


def test_kind_of_adds_the_scope() -> None:
    assert kind_of(_item("hedge", "may", scope="authorial")) == "hedge:authorial"
    assert kind_of(_item("date", "May")) == "date"


def test_notes_put_the_claim_first_group_cues_by_voice_and_count_markers() -> None:
    relation = _item(
        "attribution",
        "Officials said the bridge may close.",
        cue=[10, 14],
        source=[0, 9],
        content=[15, 35],
        source_type="vague",
    )
    items = [
        relation,
        _item("hedge", "may", scope="attributed"),
        _item("booster", "close", scope="authorial"),
        _item("entity", "Officials", type="organisation"),
        _item("entity", "bridge", type="place"),
        _item("date", "May"),
        _item("unattributed_claim", "It will reopen in May."),
    ]
    assert notes(items, TEXT) == [
        (
            "claim",
            "unattributed claim: an assertion with no source that can be identified"
            " and nothing specific to check it by (no date, number or link)",
        ),
        ("attribution", "attribution, source: “Officials” (vague) · cue: “said”"),
        ("authorial", "authorial booster: “close”"),
        ("attributed", "attributed hedge: “may”"),
        ("marker", "date · named entity ×2"),
    ]


def test_a_claim_without_a_vague_attribution_has_no_source() -> None:
    claim = _item("unattributed_claim", "It will reopen in May.")
    assert notes([claim], TEXT) == [
        (
            "claim",
            "unattributed claim: an assertion with no source"
            " and nothing specific to check it by (no date, number or link)",
        )
    ]


def test_notes_name_corroboration_only_with_matches() -> None:
    claim = _item("corroboration", "It will reopen in May.", matches=[])
    assert notes([claim], TEXT) == []
    matches = [{"id": "x", "source": "gazette"}, {"id": "y", "source": "gazette"}, {"id": "z"}]
    assert notes([{**claim, "matches": matches}], TEXT) == [
        ("attribution", "also reported by gazette, z")
    ]
