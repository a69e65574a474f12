"""The model card's parts that do not need a fitted model."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcecheck.scoring import corpora, training


def test_caveats_are_those_of_the_corpora_trained_on() -> None:
    # A model trained on a user's own file had a card warning about BuzzFeed-Webis,
    # FakeNewsNet's deduplication and veracity labels, none of which it was trained on.
    mine = training.caveats(["mine.jsonl"])
    assert not any("buzzfeed" in note or "veracity" in note for note in mine)
    shipped = training.caveats(training.SHIPPED_CORPORA)
    assert shipped[0] == "Labels are veracity ratings, a proxy for sourcing quality."
    assert sum("fakenewsnet_v1 is deduplicated" in note for note in shipped) == 1


def test_training_files_outside_the_corpora_are_listed_by_their_folder() -> None:
    # A user's /data/mine.jsonl was listed under the folder "" (the part before the first /).
    files = [
        {"path": "/data/mine.jsonl", "sha256": "a" * 64},
        {"path": "buzzfeed_webis_2016/articles/1.xml", "sha256": "b" * 64},
        {"path": "buzzfeed_webis_2016/articles/2.xml", "sha256": "c" * 64},
    ]
    digests = {d["folder"]: d["files"] for d in training.training_file_digests(files)}
    assert digests == {"/data": 1, "buzzfeed_webis_2016": 2}


def test_user_lexicon_version_hashes_the_files_that_override_a_shipped_lexicon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCECHECK_LEXICON_DIR", raising=False)
    assert training.user_lexicon_version() is None
    (tmp_path / "hedge_cues.add.txt").write_text("by all accounts\n")
    monkeypatch.setenv("SOURCECHECK_LEXICON_DIR", str(tmp_path))
    first = training.user_lexicon_version()
    assert first is not None and first == training.user_lexicon_version(str(tmp_path))
    (tmp_path / "notes.txt").write_text("not a lexicon")  # overrides nothing
    assert training.user_lexicon_version() == first
    (tmp_path / "hedge_cues.add.txt").write_text("by most accounts\n")
    assert training.user_lexicon_version() not in {None, first}


def test_a_folder_overriding_no_lexicon_is_no_user_lexicon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A hash of nothing was recorded in the card and keyed a new cache of the very
    # measurements the shipped lexicons give (score ignores such a folder).
    monkeypatch.delenv("SOURCECHECK_LEXICON_DIR", raising=False)
    (tmp_path / "notes.txt").write_text("not a lexicon")
    shipped = training.extraction_version()
    for folder in (tmp_path / "nonexistent", tmp_path):
        monkeypatch.setenv("SOURCECHECK_LEXICON_DIR", str(folder))
        assert training.user_lexicon_version() is None
        assert training.user_lexicon_version(str(folder)) is None
        assert training.extraction_version() == shipped


def test_a_cached_frame_is_not_reused_under_other_lexicons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Training with SOURCECHECK_LEXICON_DIR read the frame cached by a run without it.
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("SOURCECHECK_LEXICON_DIR", raising=False)
    texts = ["Officials said on Monday that 12 people were hurt."]
    said: list[str] = []
    training.extract_features(texts, progress=said.append)
    training.extract_features(texts, progress=said.append)
    assert "from cache" in said[-1]
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "hedge_cues.add.txt").write_text("by all accounts\n")
    monkeypatch.setenv("SOURCECHECK_LEXICON_DIR", str(tmp_path / "lex"))
    said.clear()
    training.extract_features(texts, progress=said.append)
    assert not any("from cache" in line for line in said)


def test_cache_dir_is_the_variable_then_the_checkout_then_the_user_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "mine"))
    assert training.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("SOURCECHECK_CACHE")
    checkout = corpora.checkout_root()
    if checkout is not None:  # an editable install runs from the source checkout
        assert training.cache_dir() == checkout / ".cache" / "features"
    # installed from a wheel: never the current folder, which may be anyone's project
    monkeypatch.setattr(corpora, "checkout_root", lambda: None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert training.cache_dir() == tmp_path / "xdg" / "sourcecheck" / "features"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert training.cache_dir() == Path.home() / ".cache" / "sourcecheck" / "features"


def test_the_shipped_model_ranks_the_seed_pair_right() -> None:
    from sourcecheck.scoring import modelio

    assert training.seed_pair_backwards(modelio.load(str(modelio.default_model_path()))) is None
