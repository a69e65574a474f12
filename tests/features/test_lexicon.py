import re
from pathlib import Path

import pytest

from sourcecheck.features import hedging, lexicon
from sourcecheck.features.document import Document


def test_parse_phrases_drops_comments_blanks_and_duplicates() -> None:
    assert lexicon.parse_phrases("# c\nExperts  say\n\nexperts say # again\nmay\n") == (
        "experts say",
        "may",
    )


def test_compile_phrases_matches_whole_words_and_longest_phrase() -> None:
    pattern = lexicon.compile_phrases(("may", "may be", "it is believed"))
    text = "It may be so; it  is\nbelieved; mayor dismayed."
    assert [m.group() for m in pattern.finditer(text)] == ["may be", "it  is\nbelieved"]


def test_trie_pattern_prefers_the_longest_phrase_and_shares_prefixes() -> None:
    pattern = lexicon.trie_pattern(("last", "later", "la", "ten"))
    assert re.compile(pattern).findall("later la last ten lat") == [
        "later",
        "la",
        "last",
        "ten",
        "la",
    ]
    assert pattern.count("la") == 1  # one branch for the shared prefix


def test_compile_phrases_with_no_phrases_matches_nothing() -> None:
    assert lexicon.compile_phrases(()).search("anything") is None


def test_load_shipped_lexicon() -> None:
    assert "sept" in lexicon.load("abbreviations")


def test_load_user_folder_replaces_and_extends(tmp_path: Path) -> None:
    (tmp_path / "abbreviations.txt").write_text("foo\n", encoding="utf-8")
    assert lexicon.load("abbreviations", str(tmp_path)) == ("foo",)
    (tmp_path / "places.add.txt").write_text("atlantis\n", encoding="utf-8")
    places = lexicon.phrase_set("places", str(tmp_path))
    assert "atlantis" in places and "ukraine" in places


def test_pattern_compiles_a_named_lexicon() -> None:
    assert lexicon.pattern("abbreviations").search("see Sept. 3")


def test_word_scan_led_by_the_break_finds_what_the_plain_scan_finds() -> None:
    scan = lexicon.phrase_scan(("said", "say", "according to", "un"))
    assert scan.led is not None
    assert (
        scan.plain.pattern == lexicon.compile_phrases(("said", "say", "according to", "un")).pattern
    )
    for text in ["said it", "unsaid, un-said 'say' said", "é said\nun  according \n to", ""]:
        assert scan.spans(text) == [m.span() for m in scan.plain.finditer(text)]


def test_no_led_scan_when_a_phrase_ends_in_a_mark() -> None:
    # another phrase could start right after "u.s.": its character before is in the match
    assert lexicon.word_scan(lexicon.WORD_BREAK, "x", ("u.s.", "said")).led is None


def test_word_scan_of_no_phrases_matches_nothing() -> None:
    assert lexicon.phrase_scan(()).spans("anything at all") == []


def test_user_folder_is_the_argument_then_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(lexicon.LEXICON_DIR_ENV, "/from/env")
    assert lexicon.user_folder("/given") == "/given"
    assert lexicon.user_folder() == "/from/env"
    monkeypatch.setenv(lexicon.LEXICON_DIR_ENV, "")
    assert lexicon.user_folder() is None


def test_families_follow_the_lexicon_folder_variable_as_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The families' caches were keyed by the argument (None), so a folder named in the
    # variable after a first article was never read in that process.
    (tmp_path / "hedge_cues.add.txt").write_text("allegedly-ish\nperchance\n", encoding="utf-8")
    text = "Perchance the council will meet on Monday to vote on the budget."
    monkeypatch.delenv(lexicon.LEXICON_DIR_ENV, raising=False)
    assert not hedging.extract(Document(text)).evidence
    monkeypatch.setenv(lexicon.LEXICON_DIR_ENV, str(tmp_path))
    assert [ev.kind for ev in hedging.extract(Document(text)).evidence] == ["hedge"]
    monkeypatch.delenv(lexicon.LEXICON_DIR_ENV)
    assert not hedging.extract(Document(text)).evidence
