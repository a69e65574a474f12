"""The model card's parts that do not need a fitted model."""

from __future__ import annotations

from sourcecheck.scoring import training


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
