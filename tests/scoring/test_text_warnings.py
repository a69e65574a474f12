"""Warnings for characters that split words: one test per function of text_warnings."""

from __future__ import annotations

from sourcecheck.scoring.text_warnings import decomposed_warning, invisible_warning


def test_decomposed_accents_are_counted_and_composed_text_passes() -> None:
    # "Mu\u0308ller" (u + combining diaeresis) was measured as the words "Mu" and "ller".
    warning = decomposed_warning("Dr. Mu\u0308ller and Jose\u0301 said so.")
    assert warning is not None
    assert warning.startswith("the text is not Unicode NFC (2 accent marks apart")
    assert "words with them are split and not recognised" in warning
    assert decomposed_warning("Dr. Müller and José said so.") is None
    assert decomposed_warning("a 5 \u212b step") is None  # NFC swaps the Ångström sign only


def test_invisible_characters_are_counted_by_kind() -> None:
    # A zero-width space counts beside a space too: "experts\u200b say" is no phrase.
    text = "The infor\u00admation was chan\u00adged\u200b by the mini\u2060stry."
    assert invisible_warning(text) == (
        "4 invisible characters inside the text (2 soft hyphen (U+00AD), 1 zero width space "
        "(U+200B), 1 word joiner (U+2060)): words they split are not recognised; remove them"
    )


def test_invisible_characters_that_split_no_word_pass() -> None:
    assert invisible_warning("\ufeffThe minister said so.") is None  # a byte-order mark
    assert invisible_warning("a line break - \u00ad soft hyphen alone") is None
    assert invisible_warning("a family \U0001f468\u200d\U0001f469 emoji") is None  # joiner
    assert invisible_warning("") is None
    assert invisible_warning("one\u2060word").startswith("1 invisible character inside")


def test_invisible_characters_that_are_spelling_elsewhere_pass() -> None:
    assert invisible_warning("می\u200cخواهم این کتاب\u200cها") is None  # Persian non-joiner
    assert invisible_warning("ภาษา\u200bไทย") is None  # Thai words parted by a zero-width space
    assert invisible_warning("x ภาษา\u200bไทย and sa\u200bid").startswith("1 invisible")
