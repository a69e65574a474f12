"""The reference index: hashing, syndication groups, round trip, adding, and bad indexes."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from sourcecheck.scoring.articles import Article
from sourcecheck.scoring.errors import SourcecheckError, UsageError
from sourcecheck.scoring.loading import iter_articles
from sourcecheck.scoring.reference_index import (
    FORMAT_VERSION,
    IndexParams,
    MatchParams,
    _perm_coefficients,
    add_to_index,
    build_index,
    content_sha256,
    day_number,
    estimate_overlap,
    index_or_corpus,
    minhash,
    open_index,
    outlet_key,
    shingle_hashes,
    syndication_origins,
)


def Art(id: str, text: str, source: str | None = None, **fields: str) -> Article:
    """An Article as a loader gives it (its input is its id)."""
    return Article(id=id, text=text, input=id, source=source, **fields)


STORY = (
    "Senator Jane Roe of Ohio said on Tuesday that the Acme Corporation paid $4.5 million "
    "in fines over the Riverton chemical spill.\n"
    "The Environmental Protection Agency found 300 barrels of solvent near the Riverton "
    "water plant in March 2019.\n"
    "Acme chief executive Tom Blake said the company had cleaned the Riverton site."
)
OTHER = (
    "The Springfield Farmers Guild gave its sourdough prize to Maple Street Bakery on "
    "Saturday at the county fair.\n"
    "Baker Ana Lopez said the winning loaf used a 40-year-old starter from Lisbon."
)


def _articles() -> list[Art]:
    return [
        Art("a", STORY, "Fox", published="2019-03-05"),
        Art("b", OTHER, "NYT", published="2019-08-10"),
    ]


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    build_index(_articles(), tmp_path / "idx")
    return tmp_path / "idx"


def test_outlet_key_from_source_or_url() -> None:
    assert outlet_key(" Fox  News ") == "fox news"
    assert outlet_key(None, "https://www.foxnews.com/politics/x") == "foxnews.com"
    assert outlet_key(None, None) == ""


def test_day_number() -> None:
    assert day_number("1970-01-02") == 1
    assert day_number("2019-03-05T10:00:00Z") == day_number("2019-03-05")
    assert day_number(None) < -(10**9)
    assert day_number("2019-02-30") < -(10**9)


def test_shingles_and_minhash_tell_copies_from_other_texts() -> None:
    params = IndexParams()
    coefficients = _perm_coefficients(params)
    a = shingle_hashes(STORY, params.shingle_chars)
    copy = shingle_hashes("Republished with permission.\n" + STORY, params.shingle_chars)
    other = shingle_hashes(OTHER, params.shingle_chars)
    signature = minhash(a, coefficients)
    others = np.vstack([minhash(copy, coefficients), minhash(other, coefficients)])
    jaccard, containment = estimate_overlap(
        signature, len(a), others, np.array([len(copy), len(other)])
    )
    assert jaccard[0] > 0.7 and containment[0] > 0.8
    assert jaccard[1] < 0.1
    assert np.array_equal(signature, minhash(shingle_hashes(STORY, 16), coefficients))


def test_syndication_origins_group_copies_under_the_earliest() -> None:
    params = IndexParams()
    coefficients = _perm_coefficients(params)
    texts = [OTHER, STORY, "Via the wire.\n" + STORY]
    shingles = [shingle_hashes(t, params.shingle_chars) for t in texts]
    signatures = np.vstack([minhash(s, coefficients) for s in shingles])
    counts = np.array([len(s) for s in shingles])
    days = np.array([5, 10, 3], dtype=np.int32)  # the copy (row 2) is dated first
    origins = syndication_origins(signatures, counts, days, params, MatchParams())
    assert origins.tolist() == [0, 2, 2]


def test_round_trip(index_dir: Path) -> None:
    index = open_index(index_dir)
    assert index.n_articles == 2
    assert index.ids == ["a", "b"]
    assert index.outlet_of("a") == "fox"
    claims = index.claims_of("a")
    assert claims and all(STORY[s:e] == t for s, e, t in claims)
    meta = json.loads((index_dir / "index.json").read_text())
    assert meta["version"] == FORMAT_VERSION and meta["n_articles"] == 2


def test_add_skips_known_ids_and_groups_new_copies(index_dir: Path) -> None:
    report = add_to_index(
        index_dir, [Art("a", STORY), Art("c", "From the wire.\n" + STORY, "Wire")]
    )
    assert report.n_added == 1 and report.skipped == [("a", "duplicate id: already indexed")]
    index = open_index(index_dir)
    assert index.ids == ["a", "b", "c"]
    assert index.arrays["origins"].tolist() == [0, 1, 0]


def test_add_gives_the_index_a_fresh_build_gives_and_queries_find_added_claims(
    tmp_path: Path,
) -> None:
    # `index add` shifted the new claims' article rows twice: every query that met an added
    # article's claims failed with "IndexError: index 4 is out of bounds", or matched another.
    retold = (
        "Ohio senator Jane Roe said Tuesday the Acme Corporation paid $4.5 million in fines "
        "for the Riverton chemical spill, and 300 barrels of solvent were found in March 2019."
    )
    more = [
        Art("b", OTHER, "NYT", published="2019-08-10"),
        Art("c", retold, "AP", published="2019-03-06"),
        Art("d", "Baker Ana Lopez of Lisbon opened a second shop on Main Street.", "Wire"),
    ]
    build_index([Art("a", STORY, "Fox", published="2019-03-05")], tmp_path / "added")
    add_to_index(tmp_path / "added", more)
    build_index([Art("a", STORY, "Fox", published="2019-03-05"), *more], tmp_path / "whole")
    added, whole = open_index(tmp_path / "added"), open_index(tmp_path / "whole")
    for name, values in whole.arrays.items():
        assert np.array_equal(values, added.arrays[name]), name
    matches = added.match(STORY, article_id="q", source="CNN", published="2019-03-07")
    # "a" is the queried text itself (a copy), so only the retelling corroborates.
    assert {m["id"] for claim in matches for m in claim.matches} == {"c"}


def test_an_index_whose_claims_point_at_the_wrong_articles_is_refused(index_dir: Path) -> None:
    # What `index add` left behind before its fix: rebuild, do not crash on every query.
    path = index_dir / "arrays.npz"
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["claim_article"] = arrays["claim_article"][::-1].copy()
    np.savez(path, **arrays)
    with pytest.raises(SourcecheckError, match=r"wrong articles.*rebuild it"):
        open_index(index_dir)


def test_load_errors_are_skipped_and_reported(tmp_path: Path) -> None:
    @dataclass
    class Failed:
        input: str
        error: str

    report = build_index([Failed("x.txt", "binary file"), *_articles()], tmp_path / "i")
    assert report.n_added == 2 and report.skipped == [("x.txt", "binary file")]


def test_a_file_name_that_is_not_utf8_is_indexed_under_its_repaired_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # os.fsdecode gives b"caf\xe9" as "caf\udce9", which SQLite refused: the build crashed.
    undecodable = os.fsdecode(b"caf\xe9.txt")
    build_index([Art(undecodable, STORY, "Fox")], tmp_path / "idx")
    assert open_index(tmp_path / "idx").ids == ["caf\ufffd.txt"]
    assert "caf\ufffd.txt: the file name or id is not valid Unicode" in caplog.text


def test_empty_corpus_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no articles"):
        build_index([], tmp_path / "idx")
    assert not (tmp_path / "idx").exists()


def test_a_corpus_with_nothing_readable_says_why(tmp_path: Path) -> None:
    # `index build nothere` said only "the reference corpus has no articles".
    with pytest.raises(UsageError, match=r"no articles: .*nothere: no such file"):
        build_index(iter_articles([str(tmp_path / "nothere")]), tmp_path / "idx")
    assert not (tmp_path / "idx").exists()


def test_build_refuses_a_folder_that_is_not_an_index(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError, match="not a sourcecheck index"):
        build_index(_articles(), tmp_path)
    assert (tmp_path / "notes.txt").exists()


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(SourcecheckError, match="does not exist"):
        open_index(tmp_path / "nowhere")
    with pytest.raises(SourcecheckError, match=r"no index\.json"):
        open_index(tmp_path)


def test_other_version(index_dir: Path) -> None:
    meta = json.loads((index_dir / "index.json").read_text())
    meta["version"] = FORMAT_VERSION + 1
    (index_dir / "index.json").write_text(json.dumps(meta))
    with pytest.raises(SourcecheckError, match="format version"):
        open_index(index_dir)


def test_corrupt_metadata(index_dir: Path) -> None:
    (index_dir / "index.json").write_text("{not json")
    with pytest.raises(SourcecheckError, match="unreadable"):
        open_index(index_dir)


def test_corrupt_arrays(index_dir: Path) -> None:
    path = index_dir / "arrays.npz"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(SourcecheckError, match=r"arrays\.npz"):
        open_index(index_dir)


def test_arrays_that_are_no_archive_are_not_called_a_pickle(index_dir: Path) -> None:
    (index_dir / "arrays.npz").write_bytes(bytes(range(256)) * 2)
    with pytest.raises(SourcecheckError, match="not a numpy archive") as raised:
        open_index(index_dir)
    assert "allow_pickle" not in str(raised.value)


def test_index_or_corpus_accepts_an_index_or_a_corpus_folder(
    index_dir: Path, tmp_path: Path
) -> None:
    assert index_or_corpus(index_dir).ids == ["a", "b"]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(STORY, encoding="utf-8")
    index = index_or_corpus(corpus)
    assert index.n_articles == 1
    with pytest.raises(UsageError):
        index_or_corpus(tmp_path / "missing")
    with pytest.raises(UsageError, match="empty path"):
        index_or_corpus("")


def test_parallel_build_matches_serial(tmp_path: Path) -> None:
    build_index(_articles(), tmp_path / "serial")
    build_index(_articles(), tmp_path / "parallel", jobs=2)
    serial, parallel = open_index(tmp_path / "serial"), open_index(tmp_path / "parallel")
    for name, values in serial.arrays.items():
        assert np.array_equal(values, parallel.arrays[name]), name


def test_cli_build_add_and_errors(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sourcecheck.scoring.cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "more.txt").write_text(OTHER, encoding="utf-8")
    runner = CliRunner()
    out = str(tmp_path / "idx")
    done = runner.invoke(app, ["index", "build", str(corpus), "--out", out, "-j", "1"])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["index", "add", out, str(tmp_path / "more.txt"), "-j", "1"])
    assert done.exit_code == 0, done.output
    assert open_index(out).n_articles == 2
    (tmp_path / "empty").mkdir()
    done = runner.invoke(app, ["index", "build", str(tmp_path / "empty"), "--out", out + "2"])
    assert done.exit_code == 2
    (Path(out) / "index.json").write_text("{}")
    done = runner.invoke(app, ["index", "add", out, str(tmp_path / "more.txt")])
    assert done.exit_code == 2 and "not a usable sourcecheck index" in done.output


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_the_index_folder_gets_the_permissions_of_a_plain_mkdir(tmp_path: Path, umask: int) -> None:
    # Built in a mkdtemp folder (always 0700), a shared index was unreadable to others.
    old = os.umask(umask)
    try:
        build_index(_articles(), tmp_path / "idx")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "idx").stat().st_mode) == 0o777 & ~umask


def test_names_that_repair_to_one_id_are_indexed_apart_in_workers_too(tmp_path: Path) -> None:
    # The second was skipped as a duplicate id, though it is another article.
    names = [os.fsdecode(b"caf\xe8.txt"), os.fsdecode(b"caf\xe9.txt")]
    report = build_index(
        [Art(names[0], STORY, "Fox"), Art(names[1], OTHER, "NYT")], tmp_path / "idx", jobs=2
    )
    assert report.n_added == 2 and report.skipped == []
    assert open_index(tmp_path / "idx").ids == ["caf\ufffd.txt", "caf\\xe9.txt"]


# STORY as another outlet wrote it: the same claims, too few shared words to be a copy.
RETOLD = (
    "The Acme Corporation will pay $4.5 million in fines for the Riverton chemical spill, "
    "Senator Jane Roe of Ohio announced Tuesday.\n"
    "Inspectors from the Environmental Protection Agency counted 300 barrels of solvent "
    "beside the Riverton water plant.\n"
    "Tom Blake, who runs Acme, told reporters the Riverton site had been cleaned."
)


def test_an_article_whose_name_is_not_utf8_never_matches_its_own_entry(tmp_path: Path) -> None:
    # Its id was looked up as given ("caf\udce9.txt"), never as indexed ("caf\ufffd.txt", or
    # escaped when a name of its run took that). With copies not told apart here (as when
    # the index holds more copies than a query compares), only the id finds the entry.
    e8, e9 = os.fsdecode(b"caf\xe8.txt"), os.fsdecode(b"caf\xe9.txt")
    build_index([Art(e8, RETOLD, "NYT")], tmp_path / "one")
    build_index([Art(e8, OTHER, "NYT"), Art(e9, RETOLD, "AP")], tmp_path / "clash")
    no_copies = MatchParams(dup_jaccard=2.0, dup_containment=2.0)

    def matched(index: str, article_id: str) -> set[str]:
        found = open_index(tmp_path / index).match(RETOLD, article_id=article_id, params=no_copies)
        return {m["id"] for claim in found for m in claim.matches}

    assert matched("one", "other.txt") == {"caf\ufffd.txt"}
    assert matched("one", e8) == set()
    assert matched("clash", "other.txt") == {"caf\\xe9.txt"}
    assert matched("clash", e9) == set()


def test_an_indexed_article_that_only_shares_the_id_still_corroborates(tmp_path: Path) -> None:
    # "1", "feed.jsonl:18" or the API's "0" name other articles in other runs' files: the
    # same id alone dropped a real corroboration.
    build_index([Art("1", RETOLD, "NYT", published="2019-03-05")], tmp_path / "idx")
    found = open_index(tmp_path / "idx").match(
        STORY, article_id="1", source="CNN", published="2019-03-05"
    )
    assert {m["id"] for claim in found for m in claim.matches} == {"1"}


def test_content_sha256_is_what_the_index_holds_not_when_it_was_written(tmp_path: Path) -> None:
    # np.savez stamps the time into arrays.npz: a corpus indexed again for --against must
    # still match, and an index of other articles must not.
    build_index(_articles(), tmp_path / "one")
    build_index(_articles(), tmp_path / "two")
    assert content_sha256(tmp_path / "one") == content_sha256(tmp_path / "two")
    build_index([_articles()[0]], tmp_path / "fewer")
    assert content_sha256(tmp_path / "fewer") != content_sha256(tmp_path / "one")
    renamed = [Art("c", STORY, "Fox", published="2019-03-05"), _articles()[1]]
    build_index(renamed, tmp_path / "renamed")
    assert content_sha256(tmp_path / "renamed") != content_sha256(tmp_path / "one")
