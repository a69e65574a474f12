"""Check-worthy claims: which sentences count, their spans, terms and anchors."""

from __future__ import annotations

from sourcecheck.features.claims import (
    claim_spans,
    claim_terms,
    excluded_sentences,
    extract_claims,
    has_date,
    is_furniture,
    is_question,
    normalise_term,
)
from sourcecheck.features.document import Document

STOP = frozenset({"the", "of", "on", "said", "a", "in", "to", "that", "and"})


def _only_span(doc: Document) -> tuple[int, int]:
    assert len(doc.sentences) == 1
    return doc.sentences[0]


def test_normalise_term_maps_inflections_and_numbers_to_one_key() -> None:
    assert normalise_term("apologizes") == normalise_term("apologized")
    assert normalise_term("Obama’s") == "obama"
    assert normalise_term("1,500") == "1500"
    assert normalise_term("cat") == "cat"  # short words are left alone


def test_claim_terms_finds_entities_and_numbers_but_not_a_sentence_initial_capital() -> None:
    n_words, terms, anchors = claim_terms(
        "Analysts said the Acme Corporation paid 45 dollars in Ohio.", STOP
    )
    assert n_words == 10
    assert "acme" in anchors and "ohio" in anchors and "45" in anchors
    assert "analyst" in terms and "analyst" not in anchors
    assert "the" not in terms and "said" not in terms


def test_claim_terms_takes_a_sentence_initial_name_the_article_capitalises_elsewhere() -> None:
    _, _, anchors = claim_terms("Etheridge apologized on Monday.", STOP, frozenset({"etheridge"}))
    assert normalise_term("Etheridge") in anchors


def test_is_question() -> None:
    doc = Document("Did the Senate pass the bill on Friday?")
    assert is_question(doc, _only_span(doc))
    doc = Document("The Senate passed the bill on Friday.")
    assert not is_question(doc, _only_span(doc))


def test_has_date() -> None:
    doc = Document("The vote is set for March 3.")
    assert has_date(doc, _only_span(doc))
    doc = Document("The vote is set for later.")
    assert not has_date(doc, _only_span(doc))


def test_excluded_sentences_boilerplate() -> None:
    doc = Document("Share this article with your friends on Facebook")
    assert excluded_sentences(doc) == {0}
    doc = Document("The mayor of Boston shared the report with reporters.")
    assert excluded_sentences(doc) == set()


def test_is_furniture_finds_page_furniture_and_no_prose() -> None:
    doc = Document("Subscribe to get the latest posts sent to your email. The TV ad ran.")
    first, second = doc.sentences
    assert is_furniture(doc, first)
    assert not is_furniture(doc, second)
    doc = Document("İ. Subscribe to get the latest posts sent to your email.")  # lower() grows
    assert is_furniture(doc, doc.sentences[-1])


def test_excluded_sentences_opinion_only_outside_quotes() -> None:
    doc = Document("I think the Senate in Washington got this wrong.")
    assert excluded_sentences(doc) == {0}
    doc = Document('"I think the Senate got this wrong," Senator Jane Roe said.')
    assert excluded_sentences(doc) == set()


TEXT = (
    "Related Posts\n"
    "Senator Jane Roe of Ohio said on Tuesday that the Acme Corporation paid $4.5 million "
    "in fines.\n"
    "Is this the end of the matter?\n"
    "I believe the Acme Corporation should apologise to everyone in Ohio.\n"
    "Things are getting worse and worse for everybody involved.\n"
    "Share this story\n"
    "The fine follows a chemical spill in Riverton in March 2019, officials said."
)


def test_extract_claims_keeps_specific_factual_sentences_only() -> None:
    doc = Document(TEXT)
    texts = [doc.text[c.start : c.end] for c in extract_claims(doc)]
    assert texts == [
        "Senator Jane Roe of Ohio said on Tuesday that the Acme Corporation paid $4.5 million "
        "in fines.",
        "The fine follows a chemical spill in Riverton in March 2019, officials said.",
    ]


def test_claim_spans_are_sentence_spans() -> None:
    doc = Document(TEXT)
    assert set(claim_spans(doc)) <= set(doc.sentences)


def test_no_claims_in_empty_or_generic_text() -> None:
    assert extract_claims(Document("")) == []
    assert extract_claims(Document("It is believed that things may change soon.")) == []


def test_opens_phrase_finds_what_the_plain_search_finds() -> None:
    from sourcecheck.features import lexicon
    from sourcecheck.features.claims import _opens_phrase

    scan = lexicon.phrase_scan(("read more", "sign up"))
    text = "x read more. sign up-now. to read  more; unread more; sign up"
    for start in range(len(text)):
        for end in range(start, len(text) + 1):
            expected = scan.plain.search(text, start, end) is not None
            assert _opens_phrase(scan, text, start, end) == expected, (start, end)
    no_led = lexicon.phrase_scan(("e.g.",))  # a phrase ending in a mark: no led scan
    assert no_led.led is None
    assert _opens_phrase(no_led, "see e.g. this", 0, 13)
