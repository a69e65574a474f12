"""Hedging family: cue finding, context rules, scope, measurements, transformer."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from sourcecheck.features import hedging
from sourcecheck.features.attribution import relations
from sourcecheck.features.document import Document
from sourcecheck.features.hedging import (
    ATTRIBUTED,
    AUTHORIAL,
    Cue,
    SpanSet,
    cue_scope,
    extract,
    find_cues,
    hedge_cues,
    hedged_sentence_share,
    is_doxastic_frame,
    is_epistemic_modal,
    is_hedge,
    is_prediction,
    is_seeing_as,
    is_the_writer,
    lexicon_matches,
    measure,
    owned_spans,
    stance_cues,
    takes_proposition,
    weasel_count,
    weasel_end,
    weasel_spans,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def _scopes(text: str) -> dict[str, str]:
    return {text[ev.start : ev.end]: ev.extra["scope"] for ev in hedge_cues(Document(text))}


def _at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


# --- boosters


def test_stance_cues_find_booster_words_and_phrases() -> None:
    text = "It is, in fact, just ridiculous. Clearly nobody asked."
    boosters = stance_cues(Document(text))[1]
    assert _texts(text, [(b.start, b.end) for b in boosters]) == [
        "in fact",
        "just",
        "ridiculous",
        "Clearly",
    ]


def test_no_cue_inside_a_web_address() -> None:
    text = (
        "Read https://example.com/news/really?q=possibly and www.example.com/just.html, "
        "see pic.twitter.com/maybe; it may be just so."
    )
    hedges, boosters = stance_cues(Document(text))
    assert [text[h.start : h.end] for h in hedges] == ["may"]
    assert [text[b.start : b.end] for b in boosters] == ["just"]
    assert [text[c.start : c.end] for c in hedging.find_cues(Document(text))] == ["may"]


def test_no_cue_inside_an_email_address() -> None:
    text = "Write to really.sure@example.com or maybe@example.org; it may be just so."
    hedges, boosters = stance_cues(Document(text))
    assert [text[h.start : h.end] for h in hedges] == ["may"]
    assert [text[b.start : b.end] for b in boosters] == ["just"]


def test_stance_cues_scope_boosters_like_hedges() -> None:
    text = 'This is clearly wrong. "It is really over," Smith said.'
    hedges, boosters = stance_cues(Document(text))
    assert hedges == []
    assert {text[b.start : b.end]: b.extra["scope"] for b in boosters} == {
        "clearly": AUTHORIAL,
        "really": ATTRIBUTED,
    }


def test_extract_counts_authorial_boosters_only() -> None:
    text = 'This is clearly wrong. "It is really over," Smith said.'
    doc = Document(text)
    result = extract(doc)
    assert result.features["authorial_boosters_per_100_words"] == pytest.approx(100 / doc.n_words)
    assert sorted(ev.kind for ev in result.evidence) == ["booster", "booster"]


# --- context rules


def test_is_epistemic_modal_tells_month_noun_and_ability_apart() -> None:
    assert is_epistemic_modal("The toll may rise.", *_at("The toll may rise.", "may"))
    assert not is_epistemic_modal("It opened in May 2020.", *_at("It opened in May 2020.", "May"))
    assert not is_epistemic_modal("On 5 May the vote.", *_at("On 5 May the vote.", "May"))
    assert is_epistemic_modal("May I ask?", 0, 3)
    assert not is_epistemic_modal(
        "Its military might grew.", *_at("Its military might grew.", "might")
    )
    assert is_epistemic_modal("They might leave.", *_at("They might leave.", "might"))
    assert not is_epistemic_modal("He could not swim.", *_at("He could not swim.", "could"))
    assert is_epistemic_modal("The toll could rise.", *_at("The toll could rise.", "could"))


def test_is_doxastic_frame_needs_a_belief_frame() -> None:
    text = "He is widely considered the best."
    assert is_doxastic_frame(text, *_at(text, "considered"))
    text = "The council considered the bill."
    assert not is_doxastic_frame(text, *_at(text, "considered"))
    text = "The plan was thought to fail."
    assert is_doxastic_frame(text, *_at(text, "thought"))
    text = "A thought came."
    assert not is_doxastic_frame(text, *_at(text, "thought"))


def test_is_doxastic_frame_after_be_and_an_adverb_without_ly() -> None:
    for text in ("He is often considered the best.", "The tribe is now considered extinct."):
        assert is_doxastic_frame(text, *_at(text, "considered"))
    text = "The board often considered the bill."
    assert not is_doxastic_frame(text, *_at(text, "considered"))


def test_is_seeing_as_needs_as() -> None:
    text = "The move was seen as a threat."
    assert is_seeing_as(text, *_at(text, "seen"))
    text = "The ship was seen near the coast."
    assert not is_seeing_as(text, *_at(text, "seen"))


def test_is_prediction_not_before_a_noun_or_at_the_clause_end() -> None:
    for text in ("Sales are expected to rise.", "Analysts expected the firm to lose."):
        assert is_prediction(text, *_at(text, "expected"))
    for text in ("The sale, which had been expected, closed.", "Octel said it was expected."):
        assert not is_prediction(text, *_at(text, "expected"))
    for text in ("A ruling is expected.", "More rain is widely expected, forecasters say."):
        assert is_prediction(text, *_at(text, "expected"))
    text = "They did not disclose the expected gain or the firm's anticipated loss."
    assert not is_prediction(text, *_at(text, "expected"))
    assert not is_prediction(text, *_at(text, "anticipated"))


def test_takes_proposition_estimating_and_indicating() -> None:
    for text in (
        "He estimated that the firm would lose money.",
        "The church is estimated to have been built in 1200.",
        "The toll will rise, a spokesman estimated.",
    ):
        assert takes_proposition(text, *_at(text, "estimated"))
    for text in (
        "It faces an estimated 200,000 soldiers.",
        "The debt, estimated at $4.7 billion, is large.",
        "He estimated the value at $55 a share.",
        "Control Data's estimated value fell.",
    ):
        assert not takes_proposition(text, *_at(text, "estimated"))
    text = "Those estimates are being scaled back."
    assert not takes_proposition(text, *_at(text, "estimates"))
    text = "The results indicate that the drug works."
    assert takes_proposition(text, *_at(text, "indicate"))
    text = "An arrow indicating the direction of travel."
    assert not takes_proposition(text, *_at(text, "indicating"))


# --- finding cues


def test_lexicon_matches_one_pass_leftmost_longest() -> None:
    text = "He reportedly fled; it is believed he is said to be alive, as expected."
    found = {text[s:e]: kinds for s, e, kinds in lexicon_matches(text)}
    assert found["reportedly"] == {"cue"}
    assert found["it is believed"] == {"weasel"}
    assert found["is said to"] == {"weasel"}
    assert found["as expected"] == {"exclusion"}
    semantic = [text[s:e] for s, e, _ in lexicon_matches(text, weasels=False)]
    assert "believed" in semantic


def test_lexicon_matches_keep_offsets_when_lowercasing_changes_length() -> None:
    text = "İİ the toll may rise."
    [(start, end, _)] = lexicon_matches(text)
    assert text[start:end] == "may"


def test_weasel_end_composes_group_aux_verb() -> None:
    text = "Some analysts have long argued that"
    assert weasel_end(text, 4, frozenset({"quantifier"})) == len("Some analysts have long argued")
    text = "The critics met on Monday."
    assert weasel_end(text, text.index(" met"), frozenset({"source"})) == -1
    assert weasel_end("Many people", 4, frozenset({"quantifier"})) == len("Many people")


def test_is_hedge_by_kind() -> None:
    text = "The council considered the bill, which may pass."
    assert not is_hedge(text, *_at(text, "considered"), frozenset({"framed"}))
    assert is_hedge(text, *_at(text, "may"), frozenset({"modal"}))
    assert not is_hedge(text, 0, 3, frozenset({"exclusion"}))


def test_weasel_spans_are_phrases_not_single_words() -> None:
    text = "Experts say the plan will fail. Some analysts disagree. The experts met."
    assert _texts(text, weasel_spans(text)) == ["Experts say", "Some analysts"]


def test_find_cues_no_overlap_and_weasel_swallows_its_cue() -> None:
    text = "It is widely believed that the toll may rise."
    cues = find_cues(Document(text))
    assert [(text[c.start : c.end], c.weasel) for c in cues] == [
        ("It is widely believed", True),
        ("may", False),
    ]
    semantic = find_cues(Document(text), weasels=False)
    assert [text[c.start : c.end] for c in semantic] == ["believed", "may"]


def test_agentless_report_is_a_weasel_not_a_semantic_cue() -> None:
    text = "The bridge is said to date back 200 million years."
    cues = find_cues(Document(text))
    assert [(text[c.start : c.end], c.weasel) for c in cues] == [("is said to", True)]
    assert find_cues(Document(text), weasels=False) == []


def test_accused_is_a_cue_but_the_accused_is_a_person() -> None:
    text = "It accused Kuwait of slashing revenue, said accused killer James Kopp."
    assert [text[c.start : c.end] for c in find_cues(Document(text))] == ["accused", "accused"]
    assert find_cues(Document("The accused told the court he was home.")) == []


def test_fearing_is_a_cue_like_feared() -> None:
    text = "They left, fearing the forces may move south."
    assert [text[c.start : c.end] for c in find_cues(Document(text))] == ["fearing", "may"]


def test_an_unknown_thing_is_no_hedge_an_unknown_fact_is() -> None:
    text = "The bomb was meant for an unknown target; his whereabouts are unknown."
    assert [text[c.start : c.end] for c in find_cues(Document(text))] == ["unknown"]
    assert find_cues(Document(text))[0].start == text.rindex("unknown")


def test_assume_is_no_hedge_when_it_means_take_on() -> None:
    text = "He will assume Mr. Reupke's duties; the navy assumed command."
    assert find_cues(Document(text)) == []
    text = "We assume that the rate will hold; it is assumed to be safe."
    assert [text[c.start : c.end] for c in find_cues(Document(text))] == ["assume", "assumed"]


def test_appear_that_is_a_cue_like_appears_that() -> None:
    text = "Police said it did not appear that anyone else was hurt."
    assert [text[c.start : c.end] for c in find_cues(Document(text))] == ["appear that"]


def test_find_cues_drops_exclusions() -> None:
    text = "As expected, he ran as fast as possible. No doubt he won."
    assert find_cues(Document(text)) == []


def test_find_cues_framed_and_modal_context() -> None:
    text = "She is considered a hero and seen as a rival; the panel considered the bill."
    assert [text[c.start : c.end] for c in find_cues(Document(text))] == ["considered", "seen"]
    text = "In May the toll may rise and might fall."
    assert [text[c.start : c.end] for c in find_cues(Document(text))] == ["may", "might"]


def test_month_may_is_not_a_hedge() -> None:
    text = "The law passed on May 3. In May, prices fell. Theresa May spoke."
    assert hedge_cues(Document(text)) == []


# --- scope


def test_owned_spans_skip_weasel_sources() -> None:
    doc = Document("Experts say the plan may fail.")
    weasels = [(c.start, c.end) for c in find_cues(doc) if c.weasel]
    assert owned_spans(doc, weasels) == []


def test_owned_spans_skip_the_writer() -> None:
    doc = Document("I think the plan may fail. We believe it too.")
    assert owned_spans(doc, []) == []
    doc = Document("The mayor thinks the plan may fail.")
    assert owned_spans(doc, []) != []


@pytest.mark.parametrize(
    ("text", "source", "writer"),
    [
        ("I think it may rain.", "I", True),
        ("We believe it may rain.", "We", True),
        ('"I think it may rain," he said.', "I", False),
        ("He thinks it may rain.", "He", False),
    ],
)
def test_is_the_writer_is_first_person_outside_quotations(
    text: str, source: str, writer: bool
) -> None:
    start = text.index(source)
    assert is_the_writer(Document(text), (start, start + len(source))) is writer


def test_cue_scope_quote_is_attributed_weasel_is_authorial() -> None:
    doc = Document("He said: “It might rain.”")
    start = doc.text.index("might")
    assert cue_scope(doc, Cue(start, start + 5), SpanSet([])) == ATTRIBUTED
    assert cue_scope(doc, Cue(0, 8, weasel=True), SpanSet([(0, 30)])) == AUTHORIAL


@pytest.mark.parametrize(
    ("text", "cue", "scope"),
    [
        ("Officials said the toll may rise.", "may", ATTRIBUTED),
        ("The toll may rise.", "may", AUTHORIAL),
        ("The mayor told reporters: “The toll may rise.”", "may", ATTRIBUTED),
        ("Experts say the plan will fail.", "Experts say", AUTHORIAL),
    ],
)
def test_hedge_cues_scope(text: str, cue: str, scope: str) -> None:
    assert _scopes(text)[cue] == scope


def test_hedge_cues_weasel_record() -> None:
    (evidence,) = hedge_cues(Document("Experts say the plan will fail."))
    assert evidence.kind == "hedge"
    assert evidence.extra == {"scope": AUTHORIAL, "weasel": True}


# --- measurements


def test_hedged_sentence_share() -> None:
    doc = Document("It may rain. It is sunny. Perhaps not.")
    assert hedged_sentence_share(doc, hedge_cues(doc)) == pytest.approx(2 / 3)
    assert math.isnan(hedged_sentence_share(Document(""), []))


def test_weasel_count() -> None:
    doc = Document("Some analysts argue it may rain. Critics say no.")
    assert weasel_count(hedge_cues(doc)) == 2


def test_measure_rates_and_nan_for_empty() -> None:
    doc = Document("The toll may rise, officials said. Experts say it will.")
    features = measure(doc, hedge_cues(doc))
    assert features["cues_per_100_words"] == pytest.approx(100 * 2 / doc.n_words)
    assert features["authorial_cues_per_100_words"] == pytest.approx(100 / doc.n_words)
    assert features["weasel_per_100_words"] == pytest.approx(100 / doc.n_words)
    assert features["authorial_hedged_sentence_share"] == pytest.approx(0.5)
    empty = measure(Document(""), [])
    assert empty["cues_per_100_words"] == 0.0
    assert math.isnan(empty["authorial_hedged_sentence_share"])


def test_extract_on_the_seed_pair() -> None:
    unsourced = Document((EXAMPLES / "unsourced_000.txt").read_text(encoding="utf-8"))
    attributed = Document((EXAMPLES / "attributed_002.txt").read_text(encoding="utf-8"))
    bad, good = extract(unsourced), extract(attributed)
    authorial_bad = [ev for ev in bad.evidence if ev.extra["scope"] == AUTHORIAL]
    authorial_good = [ev for ev in good.evidence if ev.extra["scope"] == AUTHORIAL]
    assert len(authorial_bad) >= 5
    assert len(authorial_bad) > len(authorial_good)
    assert (
        bad.features["authorial_cues_per_100_words"] > good.features["authorial_cues_per_100_words"]
    )
    for doc, result in ((unsourced, bad), (attributed, good)):
        assert set(result.features) == set(hedging.FEATURE_NAMES)
        for ev in result.evidence:
            assert 0 <= ev.start < ev.end <= len(doc.text)
            assert doc.text[ev.start : ev.end].strip() == doc.text[ev.start : ev.end]


def test_linear_time_on_adversarial_input() -> None:
    # Attribution relations are another family's cost (and test): leave them out here, by
    # filling the Document's memo of them (patching hedging.relations would not reach a
    # compiled build, whose calls between its modules bypass the module attributes).
    chunk = 'may may may "might (could " some experts say (( it is widely ' * 3
    text = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]
    doc = Document(text)
    doc.memo("attribution.relations:None", lambda d: [])
    assert relations(doc) == []
    started = time.perf_counter()
    evidence = hedge_cues(doc)
    assert evidence
    assert time.perf_counter() - started < 10
